<?xml version="1.0" encoding="UTF-8"?>
<!--
  print.xsl — TEI → HTML fragment for the print edition (laid out by WeasyPrint with static/print.css).

  TEMPORARY: stands alone until xslt/html.xsl exists; then it imports html.xsl and keeps only what differs
  in print: corrections as lettered footnotes (the apparatus), editorial notes as numbered footnotes, names
  with index anchors, paragraph numbers in the margin.

  Output: one <div class="tei-text"> holding the text's front, body and back, in reading order.
  Every citable unit keeps its xml:id as id (WeasyPrint makes each id a PDF named destination).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:edition:functions"
  exclude-result-prefixes="#all">

  <!-- TEMPORARY: becomes <xsl:import href="html.xsl"/> when the HTML stylesheets land. -->
  <xsl:import href="common.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"/>


  <!-- The parts Python asks for (the same named templates as html.xsl). -->
  <xsl:template name="part-front">
    <xsl:apply-templates select="/tei:TEI/tei:text/tei:front"/>
  </xsl:template>
  <xsl:template name="part-body">
    <xsl:apply-templates select="/tei:TEI/tei:text/(node() except (tei:front | tei:back))"/>
  </xsl:template>
  <xsl:template name="part-back">
    <xsl:apply-templates select="/tei:TEI/tei:text/tei:back"/>
  </xsl:template>

  <!-- structure -->
  <xsl:template match="tei:front | tei:back">
    <div class="{local-name()}"><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:body"><xsl:apply-templates/></xsl:template>
  <xsl:template match="tei:titlePage"><header class="title-block"><xsl:apply-templates/></header></xsl:template>
  <xsl:template match="tei:byline"><p class="byline" id="{@xml:id}"><xsl:apply-templates/></p></xsl:template>
  <xsl:template match="tei:docAuthor"><span class="doc-author"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="tei:docTitle"><h1 class="doc-title" id="{@xml:id}"><xsl:apply-templates/></h1></xsl:template>
  <xsl:template match="tei:titlePart"><span class="title-part"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="tei:docDate"><p class="doc-date" id="{@xml:id}"><xsl:apply-templates/></p></xsl:template>

  <xsl:template match="tei:div">
    <section class="div" id="{@xml:id}">
      <xsl:if test="not(tei:head)">
        <xsl:attribute name="data-bookmark" select="ed:div-range(.)"/>
      </xsl:if>
      <xsl:apply-templates/>
    </section>
  </xsl:template>


  <xsl:template match="tei:div/tei:head"><h2 id="{@xml:id}"><xsl:apply-templates/></h2></xsl:template>

  <xsl:template match="tei:p">
    <p id="{@xml:id}">
      <xsl:if test="@n">
        <xsl:attribute name="class" select="'numbered'"/>
        <xsl:attribute name="data-n" select="@n"/>
        <span class="pn" aria-hidden="true"><xsl:value-of select="@n"/></span>
      </xsl:if>
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <xsl:template match="tei:milestone[@rend = 'asterisks']">
    <p class="asterisks" role="separator">* * *</p>
  </xsl:template>
  <xsl:template match="tei:milestone"/>

  <xsl:template match="tei:closer"><div class="closer" id="{@xml:id}"><xsl:apply-templates/></div></xsl:template>
  <xsl:template match="tei:dateline"><p class="dateline"><xsl:apply-templates/></p></xsl:template>

  <!-- phrase and quotation -->
  <xsl:template match="tei:cit">
    <blockquote class="cit" id="{@xml:id}"><xsl:apply-templates/></blockquote>
  </xsl:template>
  <xsl:template match="tei:cit/tei:quote"><xsl:apply-templates/></xsl:template>
  <xsl:template match="tei:cit/tei:bibl"><p class="cit-source"><xsl:apply-templates/></p></xsl:template>
  <xsl:template match="tei:quote"><span class="quote"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="tei:soCalled"><span class="so-called"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="tei:title[@level = ('m', 'j', 's')]"><cite><xsl:apply-templates/></cite></xsl:template>
  <xsl:template match="tei:title"><span class="title"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="tei:date"><span class="date"><xsl:apply-templates/></span></xsl:template>

  <!-- names: each occurrence in the text (not on the title page) is an anchor for the index of names -->
  <xsl:template match="tei:persName | tei:placeName | tei:orgName">
    <xsl:variable name="ref" select="substring-after(@ref, '#')"/>
    <xsl:variable name="kind" select="ed:entity-kind(ed:name-entity(.))"/>
    <span class="name">
      <xsl:if test="$kind and not(ancestor::tei:front)">
        <xsl:variable name="nth" select="count(preceding::*[@ref = current()/@ref][not(ancestor::tei:front)]
                                               [self::tei:persName | self::tei:placeName | self::tei:orgName]) + 1"/>
        <xsl:attribute name="id" select="concat('idx-', $ref, '-', $nth)"/>
        <xsl:attribute name="data-index" select="$ref"/>
        <xsl:attribute name="data-index-kind" select="$kind"/>
      </xsl:if>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- editorial: the corrected reading in the text, the apparatus entry as a lettered footnote -->
  <xsl:template match="tei:choice[tei:sic and tei:corr]">
    <span class="choice" id="{@xml:id}">
      <span class="corr"><xsl:apply-templates select="tei:corr/node()"/></span>
      <span class="app" data-choice="{@xml:id}">
        <span class="lemma"><xsl:apply-templates select="tei:corr/node()"/></span>
        <xsl:text>] </xsl:text>
        <span class="sic"><xsl:apply-templates select="tei:sic/node()"/></span>
        <xsl:text> </xsl:text>
        <span class="app-label">transcribed</span>
        <xsl:text>; corrected by </xsl:text>
        <span class="resp"><xsl:value-of select="ed:resp-name(tei:corr)"/></span>
        <xsl:if test="tei:corr/@type">
          <xsl:text> (</xsl:text>
          <span class="app-type"><xsl:value-of select="ed:intervention-kind(tei:corr)"/></span>
          <xsl:text>)</xsl:text>
        </xsl:if>
        <xsl:text>.</xsl:text>
      </span>
    </span>
  </xsl:template>

  <!-- notes: editorial notes as numbered footnotes -->
  <xsl:template match="tei:note">
    <span class="note" id="{@xml:id}"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- Anything unforeseen still yields its text. -->
  <xsl:template match="*">
    <span class="tei-{local-name()}"><xsl:apply-templates/></span>
  </xsl:template>

</xsl:stylesheet>
