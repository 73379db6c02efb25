<?xml version="1.0" encoding="UTF-8"?>
<!--
  Phrase level and quotation. Quotation marks are characters of the source text (quotation/@marks="all"):
  nothing here adds any, so quotations are spans and blockquotes, never <q>.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:ed="urn:edition:functions"
    exclude-result-prefixes="#all">

  <!-- Plain wrappers: TEI element → HTML element (class tei-NAME). -->
  <xsl:variable name="ed:phrase-tags" as="map(xs:string, xs:string)" select="map {
    'emph': 'em', 'foreign': 'i', 'mentioned': 'i', 'term': 'i', 'gloss': 'span', 'distinct': 'i',
    'soCalled': 'span', 'q': 'span', 'said': 'span', 'quote': 'span', 'seg': 'span', 'w': 'span', 'pc': 'span',
    'c': 'span', 'num': 'span', 'measure': 'span', 'unit': 'span', 'roleName': 'span', 'forename': 'span',
    'surname': 'span', 'addName': 'span', 'genName': 'span', 'nameLink': 'span', 'bibl': 'span', 'author': 'span',
    'editor': 'span', 'publisher': 'span', 'pubPlace': 'span', 'biblScope': 'span', 'idno': 'span',
    'label': 'span', 'stage': 'span', 'fw': 'span', 'ident': 'code', 'code': 'code', 'gi': 'code', 'att': 'code',
    'val': 'code', 'tag': 'code', 'lang': 'span', 'affiliation': 'span', 'email': 'span', 'catchwords': 'span',
    'orig': 'span', 'reg': 'span', 'abbr': 'abbr', 'expan': 'span', 'ex': 'span', 'am': 'span'}"/>
  <xsl:template match="tei:*[map:contains($ed:phrase-tags, local-name())]" priority="-1">
    <xsl:call-template name="ed:wrap"><xsl:with-param name="tag" select="$ed:phrase-tags(local-name())"/></xsl:call-template>
  </xsl:template>

  <!-- hi: the typographic rendition the source records. -->
  <xsl:template match="tei:hi">
    <xsl:variable name="rend" select="lower-case(string-join((@rend, @style, @rendition), ' '))"/>
    <xsl:call-template name="ed:wrap">
      <xsl:with-param name="tag" select="if (matches($rend, 'sup')) then 'sup' else if (matches($rend, 'sub')) then 'sub'
        else if (matches($rend, 'bold')) then 'b' else if (matches($rend, 'italic')) then 'i'
        else if (matches($rend, 'underline')) then 'u' else 'span'"/>
      <xsl:with-param name="class" select="'tei-hi' || string-join(for $r in tokenize($rend, '[\s:;]+')[matches(., '^[a-z-]+$')]
        return ' ed-rend-' || $r, '')"/>
    </xsl:call-template>
  </xsl:template>

  <!-- Titles: italic for books and journals, upright for articles and unpublished titles. -->
  <xsl:template match="tei:title">
    <xsl:call-template name="ed:wrap">
      <xsl:with-param name="tag" select="'cite'"/>
      <xsl:with-param name="class" select="'tei-title ed-title-' || (if (@level) then @level else 'm')"/>
    </xsl:call-template>
  </xsl:template>
  <!-- In a reference (the editors' sources), the title of an article or an unpublished piece is also set in
       quotation marks, as a reference list sets it; the text's own titles are left as the source prints them. -->
  <xsl:template match="tei:bibl/tei:title[@level = ('a', 'u')]">
    <xsl:text>“</xsl:text><xsl:next-match/><xsl:text>”</xsl:text>
  </xsl:template>

  <!-- Dates and times: machine-readable when HTML can express the value. -->
  <xsl:template match="tei:date | tei:time">
    <xsl:variable name="when" select="ed:datetime(@when)"/>
    <xsl:variable name="tag" select="ed:tag(if ($when) then 'time' else 'span', .)"/>
    <xsl:element name="{$tag}">
      <xsl:call-template name="ed:attrs"/>
      <xsl:if test="$when and $tag = 'time'"><xsl:attribute name="datetime" select="$when"/></xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- Quotations set off from the text: a figure with the quotation and its source. -->
  <xsl:template match="tei:cit[ed:is-block-quotation(.)] | tei:quote[ed:is-block(.) and not(parent::tei:cit)]">
    <figure>
      <xsl:call-template name="ed:attrs"><xsl:with-param name="class" select="'ed-blockquote tei-' || local-name()"/></xsl:call-template>
      <xsl:apply-templates select="if (self::tei:quote) then . else (tei:quote | tei:q)" mode="ed:blockquote"/>
      <xsl:apply-templates select="if (self::tei:quote) then () else node() except (tei:quote | tei:q | tei:bibl | tei:ref[not(@target)])"/>
      <xsl:call-template name="ed:quotation-source"/>
    </figure>
  </xsl:template>
  <xsl:template match="tei:quote | tei:q" mode="ed:blockquote">
    <blockquote>
      <xsl:call-template name="ed:attrs"/>
      <xsl:if test="ed:is-safe-url(@source) and not(starts-with(normalize-space(@source), '#'))">
        <xsl:attribute name="cite" select="ed:clean-url(@source)"/>
      </xsl:if>
      <xsl:apply-templates/>
    </blockquote>
  </xsl:template>
  <!-- The source: the bibl of the cit (the text's own words), else the cited work @source points to, in a
       caption marked as the editors' (ed:editors-source). -->
  <xsl:template name="ed:quotation-source">
    <xsl:variable name="editors" select="ed:editors-source(.)"/>
    <xsl:choose>
      <xsl:when test="self::tei:cit and (tei:bibl | tei:ref[not(@target)])">
        <figcaption class="ed-cit-source"><xsl:apply-templates select="tei:bibl | tei:ref[not(@target)]"/></figcaption>
      </xsl:when>
      <xsl:when test="$editors">
        <figcaption class="ed-cit-source ed-cit-source-listed ed-editors">
          <span class="ed-editors-label" title="{$ed:editors-label-long}"><xsl:value-of select="$ed:editors-label"/></span>
          <span class="ed-visually-hidden"> (<xsl:value-of select="$ed:editors-label-long"/>)</span>
          <xsl:text> </xsl:text><span class="ed-source-label">Source: </span><xsl:value-of select="$editors"/>
        </figcaption>
      </xsl:when>
    </xsl:choose>
  </xsl:template>
  <!-- A quotation inside the running text. -->
  <xsl:template match="tei:cit"><xsl:call-template name="ed:wrap"/></xsl:template>

</xsl:stylesheet>
