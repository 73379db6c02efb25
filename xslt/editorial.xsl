<?xml version="1.0" encoding="UTF-8"?>
<!--
  Editorial interventions. Behaviour "alternate": both readings of a choice are in the page; the edited
  reading (corr, reg, expan) shows by default, the reading as transcribed (sic, orig, abbr) one control away;
  each intervention is explained on hover and focus and listed in the apparatus.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:functions"
    exclude-result-prefixes="#all">

  <xsl:template match="tei:choice[exists(ed:edited-reading(.)) and exists(ed:source-reading(.))]">
    <xsl:call-template name="ed:alternate"/>
  </xsl:template>

  <xsl:template name="ed:alternate">
    <xsl:param name="in-link" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="id" select="ed:choice-id(.)"/>
    <xsl:variable name="tag" select="ed:tag(if ($in-link) then 'span' else 'a', .)"/>
    <xsl:element name="{$tag}">
      <xsl:attribute name="class" select="'ed-choice'"/>
      <xsl:attribute name="id" select="$id"/>
      <xsl:if test="$tag = 'a'">
        <xsl:attribute name="href" select="'#' || $id || '-app'"/>
        <xsl:attribute name="aria-describedby" select="$id || '-tip'"/>
      </xsl:if>
      <span class="ed-edited"><xsl:apply-templates select="ed:edited-reading(.)/node()">
        <xsl:with-param name="in-link" select="true()" tunnel="yes"/></xsl:apply-templates></span>
      <span class="ed-source"><xsl:apply-templates select="ed:source-reading(.)/node()">
        <xsl:with-param name="in-link" select="true()" tunnel="yes"/></xsl:apply-templates></span>
      <xsl:if test="$tag = 'a'">
        <span class="ed-tip" id="{$id}-tip" role="tooltip"><xsl:call-template name="ed:explain-choice"/></span>
      </xsl:if>
    </xsl:element>
  </xsl:template>

  <!-- "Transcribed: irresponsibilty · Corrected (missing letter): irresponsibility — by …" -->
  <xsl:template name="ed:explain-choice">
    <xsl:variable name="edited" select="ed:edited-reading(.)"/>
    <xsl:variable name="kind" select="ed:intervention-kind($edited)"/>
    <xsl:variable name="who" select="ed:resp-name($edited)"/>
    <span class="ed-tip-label">As transcribed: </span><span class="ed-tip-rdg"><xsl:value-of select="ed:source-reading(.)"/></span>
    <xsl:text> · </xsl:text>
    <span class="ed-tip-label"><xsl:value-of select="ed:edited-label($edited)"/>
      <xsl:if test="$kind and $kind != ed:edited-label($edited) ! lower-case(.)"> (<xsl:value-of select="$kind"/>)</xsl:if>: </span>
    <span class="ed-tip-rdg"><xsl:value-of select="$edited"/></span>
    <xsl:if test="$who"><xsl:value-of select="' — ' || $who"/></xsl:if>
  </xsl:template>

  <xsl:function name="ed:edited-label" as="xs:string">
    <xsl:param name="edited" as="element()"/>
    <xsl:sequence select="if ($edited/self::tei:reg) then 'Regularised' else if ($edited/self::tei:expan) then 'Expanded' else 'Corrected'"/>
  </xsl:function>

  <!-- One apparatus entry per intervention: place, lemma ] reading as transcribed, kind, responsibility. -->
  <xsl:template match="tei:choice" mode="ed:apparatus">
    <xsl:variable name="id" select="ed:choice-id(.)"/>
    <xsl:variable name="edited" select="ed:edited-reading(.)"/>
    <xsl:variable name="kind" select="ed:intervention-kind($edited)"/>
    <xsl:variable name="who" select="ed:resp-name($edited)"/>
    <xsl:variable name="context" select="ed:lemma-context(.)"/>
    <li id="{$id}-app">
      <a class="ed-app-loc" href="#{$id}"><xsl:value-of select="(ed:unit-label(ed:unit(.))[. != ''], 'in the text')[1]"/></a>
      <xsl:text> </xsl:text>
      <span class="ed-app-lemma"><xsl:value-of select="$context || $edited"/></span>
      <xsl:text>] </xsl:text>
      <span class="ed-app-rdg"><xsl:value-of select="$context || ed:source-reading(.)"/></span>
      <xsl:text> </xsl:text>
      <span class="ed-app-note">
        <xsl:value-of select="'as transcribed' || (if ($kind) then '; ' || $kind else '')
          || (if ($who) then '; ' || lower-case(substring(ed:edited-label($edited), 1, 1)) || substring(ed:edited-label($edited), 2) || ' by ' || $who else '')"/>
      </span>
    </li>
  </xsl:template>

  <!-- A choice without a pair of readings: every alternative stays visible. -->
  <xsl:template match="tei:choice">
    <span class="tei-choice"><xsl:for-each select="*">
      <xsl:if test="position() gt 1"><span class="ed-alt-sep"> | </span></xsl:if><xsl:apply-templates select="."/>
    </xsl:for-each></span>
  </xsl:template>

  <!-- Interventions outside choice. -->
  <xsl:template match="tei:sic">
    <xsl:call-template name="ed:wrap"/><span class="ed-flag"> [sic]</span>
  </xsl:template>
  <xsl:template match="tei:corr | tei:supplied | tei:restore">
    <xsl:call-template name="ed:wrap"><xsl:with-param name="class" select="'tei-' || local-name() || ' ed-supplied'"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:add | tei:del">
    <xsl:call-template name="ed:wrap"><xsl:with-param name="tag" select="if (self::tei:add) then 'ins' else 'del'"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:unclear | tei:damage | tei:surplus | tei:secl | tei:subst | tei:mod | tei:redo | tei:undo">
    <xsl:call-template name="ed:wrap"/>
  </xsl:template>
  <xsl:template match="tei:gap">
    <span class="tei-gap"><span aria-hidden="true">[…]</span><span class="ed-visually-hidden">(<xsl:value-of
      select="string-join(('text omitted', @reason ! replace(., '[-_]', ' ')), ': ')"/>)</span></span>
  </xsl:template>
  <xsl:template match="tei:space"><span class="tei-space"> </span></xsl:template>

</xsl:stylesheet>
