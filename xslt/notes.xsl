<?xml version="1.0" encoding="UTF-8"?>
<!-- Notes. Behaviour "note": a numbered reference in the text, the note itself among the footnotes (DPUB-ARIA). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:functions"
    exclude-result-prefixes="#all">

  <xsl:template match="tei:text//tei:note"><xsl:call-template name="ed:noteref"/></xsl:template>

  <xsl:template name="ed:noteref">
    <xsl:param name="in-link" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="id" select="ed:note-id(.)"/>
    <sup class="ed-noteref{if (ed:is-editors-note(.)) then ' ed-noteref-editors' else ''}">
      <xsl:choose>
        <xsl:when test="$in-link"><xsl:value-of select="ed:note-number(.)"/></xsl:when>
        <xsl:otherwise>
          <a role="doc-noteref" id="{$id}-ref" href="#{$id}"><span class="ed-visually-hidden"><xsl:value-of select="if (ed:is-editors-note(.)) then 'Editors’ note ' else 'Note '"/></span><xsl:value-of select="ed:note-number(.)"/></a>
        </xsl:otherwise>
      </xsl:choose>
    </sup>
  </xsl:template>

  <!-- The label before the editors' words (their notes), in every output: "[Editors:]". -->
  <xsl:template name="ed:editors-label">
    <xsl:if test="ed:is-editors-note(.)">
      <span class="ed-editors-label" title="Note by the editors, not by the author"><xsl:value-of select="$ed:editors-label"/></span>
      <span class="ed-visually-hidden"> (note by the editors, not by the author)</span>
      <xsl:text> </xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:note" mode="ed:footnote"><xsl:call-template name="ed:footnote"/></xsl:template>

  <xsl:template name="ed:footnote">
    <xsl:variable name="id" select="ed:note-id(.)"/>
    <xsl:variable name="blocks" select="ed:contains-block(.)"/>
    <xsl:variable name="who" select="ed:note-by(.)"/>
    <aside role="doc-footnote" id="{$id}" class="ed-footnote{if ($who) then ' ed-footnote-editorial' else ''}">
      <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/><xsl:attribute name="dir" select="if (ed:is-rtl(@xml:lang)) then 'rtl' else 'ltr'"/></xsl:if>
      <xsl:element name="{if ($blocks) then 'div' else 'p'}">
        <xsl:attribute name="class" select="'ed-note-body'"/>
        <span class="ed-note-num"><xsl:value-of select="ed:note-number(.)"/></span>
        <xsl:text> </xsl:text>
        <xsl:call-template name="ed:editors-label"/>
        <xsl:apply-templates/>
        <xsl:if test="$who"><span class="ed-note-resp"><xsl:value-of select="' — ' || $who"/></span></xsl:if>
        <xsl:text> </xsl:text>
        <a role="doc-backlink" class="ed-backlink" href="#{$id}-ref"><span aria-hidden="true">↩&#xFE0E;</span><span
          class="ed-visually-hidden">Back to the text of note <xsl:value-of select="ed:note-number(.)"/></span></a>
      </xsl:element>
    </aside>
  </xsl:template>

</xsl:stylesheet>
