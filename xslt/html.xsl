<?xml version="1.0" encoding="UTF-8"?>
<!--
  Entry stylesheet of the HTML reading edition: TEI in, HTML fragments out (no page chrome; Jinja lays out
  the page). Python calls one named template per part of the page:
    part-front (title page), part-toc (contents, as <li> items), part-body (the text), part-back,
    part-notes (footnotes), part-apparatus (corrections, as <li> items), part-about (the editorial
    declaration, sources and notes statement of the header, about.xsl).
  The build calls the seven parts, then page-data, which returns the plain text's blocks and the names for the indexes
  (as JSON) in one transformation.
  The print entry stylesheet (print.xsl) imports this one and overrides the named behaviours
  ed:alternate (choice), ed:noteref / ed:footnote (notes) and ed:name (names), or any template.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:functions"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all">

  <xsl:import href="common.xsl"/>
  <xsl:include href="structure.xsl"/>
  <xsl:include href="phrase.xsl"/>
  <xsl:include href="editorial.xsl"/>
  <xsl:include href="names.xsl"/>
  <xsl:include href="notes.xsl"/>
  <xsl:include href="text.xsl"/>
  <xsl:include href="data.xsl"/>
  <xsl:include href="about.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no" include-content-type="no"/>
  <xsl:mode on-no-match="shallow-skip" use-accumulators="#all"/>

  <!-- 'html' for the reading edition; importing stylesheets set their own (e.g. 'print'). -->
  <xsl:param name="flavour" as="xs:string" select="'html'"/>
  <!-- Relative path from the page to the site root, where the name indexes live. -->
  <xsl:param name="index-base" as="xs:string" select="'../'"/>
  <!-- The page's address (edition.decisions.text_address; '' without a base URL: citations then name none). -->
  <xsl:param name="page-url" as="xs:string" select="''"/>
  <!-- How a paragraph citation begins: author, title, edition … (the ¶ number and URL follow). -->
  <xsl:param name="cite-prefix" as="xs:string" select="''"/>
  <!-- Retired IDs that must keep working: "old>successor old2>successor2" (from the register of IDs). -->
  <xsl:param name="retired-ids" as="xs:string" select="''"/>
  <xsl:variable name="ed:retired" as="map(xs:string, xs:string*)" select="map:merge(
    for $pair in tokenize(normalize-space($retired-ids), ' ')[contains(., '>')]
    return map { substring-after($pair, '>'): substring-before($pair, '>') }, map { 'duplicates': 'combine' })"/>

  <!-- Old anchors of retired IDs, placed just before their successor so that #old still arrives here. -->
  <xsl:template name="ed:retired-anchors">
    <xsl:for-each select="if (@xml:id) then $ed:retired(string(@xml:id)) else ()">
      <span id="{.}" class="ed-retired-anchor"></span>
    </xsl:for-each>
  </xsl:template>


  <!-- The parts of the page. -->
  <xsl:template name="part-front">
    <xsl:apply-templates select="/tei:TEI/tei:text/tei:front"/>
  </xsl:template>
  <xsl:template name="part-body">
    <xsl:apply-templates select="/tei:TEI/tei:text/(node() except (tei:front | tei:back))"/>
  </xsl:template>
  <xsl:template name="part-back">
    <xsl:apply-templates select="/tei:TEI/tei:text/tei:back"/>
  </xsl:template>
  <xsl:template name="part-toc">
    <xsl:apply-templates select="/tei:TEI/tei:text/(tei:front | tei:body | tei:back | tei:group)" mode="ed:toc"/>
  </xsl:template>
  <xsl:template name="part-notes">
    <xsl:apply-templates select="/tei:TEI/tei:text//tei:note" mode="ed:footnote"/>
  </xsl:template>
  <xsl:template name="part-apparatus">
    <xsl:apply-templates select="/tei:TEI/tei:text//tei:choice[exists(ed:edited-reading(.)) and exists(ed:source-reading(.))]"
        mode="ed:apparatus"/>
  </xsl:template>

  <!-- What the build takes from a text besides the seven parts (each called on its own and serialised straight
       from its transformation), in one transformation called for a raw result: the blocks of the plain text
       (text.xsl), then the names for the indexes as JSON, always the last string (data.xsl, ed:name-runs). -->
  <xsl:template name="page-data" as="xs:string+">
    <xsl:sequence select="ed:plain-text(/), serialize(ed:name-runs(/), map { 'method': 'json' })"/>
  </xsl:template>

  <!-- id, lang and dir of the source element, and a class naming it. -->
  <xsl:template name="ed:attrs">
    <xsl:param name="class" as="xs:string?" select="'tei-' || local-name()"/>
    <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
    <xsl:if test="normalize-space($class)"><xsl:attribute name="class" select="normalize-space($class)"/></xsl:if>
    <xsl:if test="@xml:lang">
      <xsl:attribute name="lang" select="@xml:lang"/>
      <xsl:attribute name="dir" select="if (ed:is-rtl(@xml:lang)) then 'rtl' else 'ltr'"/>
    </xsl:if>
  </xsl:template>

  <!-- Phrasing-only HTML elements cannot hold blocks: such an element becomes a div. -->
  <xsl:function name="ed:tag" as="xs:string">
    <xsl:param name="preferred" as="xs:string"/>
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="if (map:contains($ed:phrasing-only, $preferred) and exists($el/*) and ed:contains-block($el))
      then 'div' else $preferred"/>
  </xsl:function>
  <xsl:variable name="ed:phrasing-only" as="map(xs:string, xs:boolean)" static="yes" select="map:merge(('span', 'p', 'em', 'i',
    'b', 'u', 'sup', 'sub', 'small', 'cite', 'a', 'time', 'ins', 'del', 'abbr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
    'dt', 'caption') ! map:entry(., true()))"/>

  <!-- The common behaviour: wrap the content in an HTML element. -->
  <xsl:template name="ed:wrap">
    <xsl:param name="tag" as="xs:string" select="'span'"/>
    <xsl:param name="class" as="xs:string?" select="'tei-' || local-name()"/>
    <xsl:element name="{ed:tag($tag, .)}">
      <xsl:call-template name="ed:attrs"><xsl:with-param name="class" select="$class"/></xsl:call-template>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- No text is ever lost: an element without a template keeps its text, marked for the coverage report. -->
  <xsl:template match="tei:text//*" priority="-10">
    <xsl:element name="{if (ed:contains-block(.) or ed:is-block(.)) then 'div' else 'span'}">
      <xsl:call-template name="ed:attrs"><xsl:with-param name="class" select="'tei-unknown tei-' || local-name()"/></xsl:call-template>
      <xsl:attribute name="data-ed-fallback" select="name()"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="text()"><xsl:sequence select="."/></xsl:template>

</xsl:stylesheet>
