<?xml version="1.0" encoding="UTF-8"?>
<!--
  "About this edition": the parts of the TEI header a reader needs in order to judge the text — the
  editorial declaration (encodingDesc/editorialDecl: what was left out, how errors were corrected, how
  names are tagged …), the source description (the printed source and the transcription actually used,
  with its transcriber and proofreader) and the notes statement. One section each; the headings of the
  declaration's parts are decided in common.xsl (ed:decl-label). Used by the reading page and the print
  edition alike (part-about); Jinja places the fragment.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:functions"
    exclude-result-prefixes="#all">

  <xsl:template name="part-about">
    <xsl:variable name="header" select="/tei:TEI/tei:teiHeader"/>
    <xsl:variable name="decl" select="$header/tei:encodingDesc/tei:editorialDecl"/>
    <xsl:variable name="sources" select="$header/tei:fileDesc/tei:sourceDesc/(tei:bibl | tei:biblStruct | tei:biblFull | tei:msDesc | tei:p | tei:listBibl)"/>
    <xsl:variable name="notes" select="$header/tei:fileDesc/tei:notesStmt/tei:note"/>
    <xsl:if test="$sources">
      <section class="ed-about-part ed-sources" aria-labelledby="ed-about-sources">
        <h3 id="ed-about-sources">Sources</h3>
        <dl class="ed-source-list">
          <xsl:for-each select="$sources">
            <dt><xsl:value-of select="ed:source-label(.)"/></dt>
            <dd><xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if><xsl:apply-templates select="." mode="ed:about-source"/></dd>
          </xsl:for-each>
        </dl>
      </section>
    </xsl:if>
    <xsl:if test="$decl">
      <section class="ed-about-part ed-editorial-decl" aria-labelledby="ed-about-decl">
        <h3 id="ed-about-decl">Editorial principles</h3>
        <xsl:for-each select="$decl/*">
          <xsl:choose>
            <xsl:when test="self::tei:p"><xsl:apply-templates select="." mode="ed:about"/></xsl:when>
            <xsl:otherwise>
              <div class="ed-decl ed-decl-{local-name()}">
                <h4><xsl:value-of select="ed:decl-label(.)"/></h4>
                <xsl:apply-templates select="tei:p" mode="ed:about"/>
              </div>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </section>
    </xsl:if>
    <xsl:if test="$notes">
      <section class="ed-about-part ed-notes-stmt" aria-labelledby="ed-about-notes">
        <h3 id="ed-about-notes">Notes on the text</h3>
        <xsl:for-each select="$notes">
          <p class="ed-header-note"><xsl:if test="@type"><span class="ed-header-note-type"><xsl:value-of
            select="ed:decl-label(.)"/>: </span></xsl:if><xsl:apply-templates/></p>
        </xsl:for-each>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- The header names elements and attributes of the encoding: shown as a reader of TEI writes them. -->
  <xsl:template match="tei:teiHeader//tei:gi"><code class="tei-gi">&lt;<xsl:value-of select="."/>&gt;</code></xsl:template>
  <xsl:template match="tei:teiHeader//tei:att"><code class="tei-att">@<xsl:value-of select="."/></code></xsl:template>

  <!-- A paragraph of the header: its words and phrase markup, none of the text's paragraph machinery. -->
  <xsl:template match="tei:p" mode="ed:about"><p class="ed-header-p"><xsl:apply-templates/></p></xsl:template>

  <!-- A source: the bibliographic description in reading order, then who transcribed and proofread it. -->
  <xsl:template match="tei:biblStruct" mode="ed:about-source">
    <xsl:variable name="analytic" select="tei:analytic"/>
    <xsl:if test="$analytic/tei:author"><xsl:apply-templates select="$analytic/tei:author/node()"/>, </xsl:if>
    <xsl:if test="$analytic/tei:title">“<xsl:apply-templates select="$analytic/tei:title[1]/node()"/>”, </xsl:if>
    <xsl:for-each select="tei:monogr">
      <cite><xsl:apply-templates select="tei:title[1]/node()"/></cite>
      <xsl:for-each select="tei:biblScope[@unit = 'volume'], tei:biblScope[@unit = 'issue'], tei:imprint/tei:date,
          tei:biblScope[not(@unit = ('volume', 'issue'))]">
        <xsl:value-of select="', ' || (if (self::tei:biblScope[@unit = 'volume']) then 'Vol. '
          else if (self::tei:biblScope[@unit = 'issue']) then 'No. '
          else if (self::tei:biblScope[@unit = 'page']) then (if (matches(., '[–—,-]')) then 'pp. ' else 'p. ') else '')
          || normalize-space(.)"/>
      </xsl:for-each>
    </xsl:for-each>
    <xsl:text>.</xsl:text>
    <xsl:apply-templates select="tei:note" mode="ed:about-source"/>
  </xsl:template>
  <xsl:template match="tei:bibl" mode="ed:about-source">
    <cite><xsl:apply-templates select="tei:title[1]/node()"/></cite>
    <xsl:for-each select="tei:date">
      <xsl:value-of select="', ' || (if (@type = 'updated') then 'last updated ' else if (@type = 'published') then 'published ' else '') || normalize-space(.)"/>
    </xsl:for-each>
    <xsl:text>.</xsl:text>
    <xsl:for-each select="tei:respStmt">
      <xsl:text> </xsl:text><xsl:value-of select="string-join(tei:resp ! normalize-space(.), ', ')"/>
      <xsl:text> by </xsl:text><xsl:value-of select="string-join((tei:persName | tei:orgName | tei:name) ! normalize-space(.), ', ')"/>
      <xsl:text>.</xsl:text>
    </xsl:for-each>
    <xsl:apply-templates select="tei:note" mode="ed:about-source"/>
  </xsl:template>
  <xsl:template match="tei:note" mode="ed:about-source"><xsl:text> </xsl:text><xsl:apply-templates/></xsl:template>
  <xsl:template match="*" mode="ed:about-source"><xsl:apply-templates/></xsl:template>

</xsl:stylesheet>
