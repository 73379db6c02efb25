<?xml version="1.0" encoding="UTF-8"?>
<!--
  The plain-text reading version (module): the corrected reading, one block per paragraph (numbered as in
  the HTML and print editions: "[12] …"), block quotations indented, note calls "[^3]" with the notes at the
  end (the editors' marked as theirs), each correction called "{a}" after its reading and listed at the end. No markup, no generated quotation marks. ed:plain-text(/) returns its blocks;
  html.xsl's template page-data hands them to the build, with the names for the indexes.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:functions"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all">

  <xsl:mode name="ed:txt" on-no-match="text-only-copy" use-accumulators="#all"/>
  <xsl:mode name="ed:lines" use-accumulators="#all"/>

  <!-- The text, then its notes, then the corrections, each block a paragraph of its own. Markers: "[12]" opens
       paragraph 12, "[^3]" calls note 3, "{a}" follows a corrected reading (listed under Corrections). The blocks
       in reading order, which the page's template (templates/document.txt) lays out with a blank line between them
       (one string made there, not here and copied out again: 0.1 ms less an essay-sized text, 2026-12-08). -->
  <xsl:function name="ed:plain-text" as="xs:string*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="lines" as="xs:string*">
      <xsl:apply-templates select="$doc/tei:TEI/tei:text" mode="ed:lines"/>
    </xsl:variable>
    <xsl:variable name="notes" select="$doc/tei:TEI/tei:text//tei:note"/>
    <xsl:variable name="choices" select="$doc/tei:TEI/tei:text//tei:choice[exists(ed:edited-reading(.)) and exists(ed:source-reading(.))]"/>
    <xsl:sequence select="$lines,
      if ($notes) then ('Notes', for $n in $notes return ed:plain-note($n)) else (),
      if ($choices) then ('Corrections', 'Each entry: the letter that follows the corrected reading in the text, the place, the corrected reading, a closing bracket, and the reading as transcribed.',
        for $c in $choices return ed:plain-correction($c)) else ()"/>
  </xsl:function>
  <xsl:function name="ed:plain-note" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="'[^' || ed:note-number($note) || '] '
      || (if (ed:is-editors-note($note)) then $ed:editors-label || ' ' else '')
      || normalize-space(ed:inline($note/node()))
      || (if (ed:is-editors-note($note)) then ' — ' || ed:note-by($note) else '')"/>
  </xsl:function>
  <xsl:function name="ed:plain-correction" as="xs:string">
    <xsl:param name="choice" as="element()"/>
    <xsl:variable name="edited" select="ed:edited-reading($choice)"/>
    <xsl:variable name="kind" select="ed:intervention-kind($edited)"/>
    <xsl:variable name="who" select="ed:resp-name($edited)"/>
    <xsl:variable name="context" select="ed:lemma-context($choice)"/>
    <xsl:sequence select="'{' || ed:choice-letter($choice) || '} ' || (ed:unit-label(ed:unit($choice))[. != ''], 'in the text')[1]
      || ': ' || $context || normalize-space(ed:inline($edited)) || '] '
      || $context || normalize-space(string(ed:source-reading($choice)))
      || ' as transcribed' || (if ($kind) then '; ' || $kind else '') || (if ($who) then '; by ' || $who else '')"/>
  </xsl:function>

  <!-- Blocks: a line per run of inline content; blocks inside are lines of their own. A block without blocks
       inside (most paragraphs) is one run: its line is made without sorting its content into runs. -->
  <xsl:template match="*" mode="ed:lines">
    <xsl:param name="indent" as="xs:string" select="''" tunnel="yes"/>
    <xsl:variable name="number" select="if (@n and (self::tei:p | self::tei:ab)) then '[' || @n || '] ' else ''"/>
    <xsl:choose>
      <xsl:when test="empty(.//*[ed:may-be-block(.)]) or not(ed:contains-block(.)) and not(tei:note[ed:contains-block(.)])">
        <xsl:call-template name="ed:line"><xsl:with-param name="run" select="node()"/>
          <xsl:with-param name="number" select="$number"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:for-each-group select="node()" group-adjacent="boolean(self::element()[ed:is-block(.) or ed:contains-block(.)])">
          <xsl:choose>
            <xsl:when test="current-grouping-key()">
              <xsl:apply-templates select="current-group()" mode="ed:lines">
                <xsl:with-param name="indent" tunnel="yes" select="$indent"/>
              </xsl:apply-templates>
            </xsl:when>
            <!-- the white space between blocks makes no line: not made into one (0.14 ms, 2026-12-07) -->
            <xsl:when test="every $n in current-group() satisfies $n instance of text() and not(normalize-space($n))"/>
            <xsl:otherwise>
              <xsl:call-template name="ed:line"><xsl:with-param name="run" select="current-group()"/>
                <xsl:with-param name="number" select="if (position() = 1) then $number else ''"/></xsl:call-template>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:for-each-group>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <!-- One run of inline content as a line (none when it is empty), after the paragraph number when it is its
       block's first. -->
  <xsl:template name="ed:line">
    <xsl:param name="indent" as="xs:string" select="''" tunnel="yes"/>
    <xsl:param name="run" as="node()*"/>
    <xsl:param name="number" as="xs:string"/>
    <xsl:variable name="pieces" as="xs:string*"><xsl:apply-templates select="$run" mode="ed:txt"/></xsl:variable>
    <xsl:variable name="line" select="normalize-space(string-join($pieces, ''))"/>
    <xsl:if test="$line != ''">
      <xsl:sequence select="$indent || $number || $line"/>
    </xsl:if>
  </xsl:template>
  <xsl:template match="tei:cit | tei:quote[ed:is-block(.)][not(parent::tei:cit)]" mode="ed:lines" priority="1">
    <xsl:param name="indent" as="xs:string" select="''" tunnel="yes"/>
    <xsl:next-match><xsl:with-param name="indent" tunnel="yes" select="$indent || '    '"/></xsl:next-match>
    <xsl:variable name="editors" select="ed:editors-source(.)"/>
    <xsl:if test="$editors"><xsl:sequence select="$indent || '    ' || $ed:editors-label || ' Source: ' || $editors"/></xsl:if>
  </xsl:template>
  <xsl:template match="tei:milestone" mode="ed:lines">* * *</xsl:template>
  <xsl:template match="tei:teiHeader | tei:standOff" mode="ed:lines"/>

  <!-- Inline content as a string: the corrected reading, note numbers in brackets (a note's nodes in one call, not
       one call a node: 0.05 ms, 2026-12-07). -->
  <xsl:function name="ed:inline" as="xs:string">
    <xsl:param name="node" as="node()*"/>
    <xsl:variable name="parts" as="xs:string*"><xsl:apply-templates select="$node" mode="ed:txt"/></xsl:variable>
    <xsl:sequence select="string-join($parts, '')"/>
  </xsl:function>
  <xsl:template match="tei:note" mode="ed:txt"><xsl:sequence select="'[^' || ed:note-number(.) || ']'"/></xsl:template>
  <xsl:template match="tei:choice[exists(ed:edited-reading(.))]" mode="ed:txt">
    <xsl:apply-templates select="ed:edited-reading(.)" mode="ed:txt"/>
    <xsl:if test="exists(ed:source-reading(.))"><xsl:sequence select="'{' || ed:choice-letter(.) || '}'"/></xsl:if>
  </xsl:template>
  <xsl:template match="tei:lb" mode="ed:txt"><xsl:sequence select="' '"/></xsl:template>
  <xsl:template match="tei:gap" mode="ed:txt"><xsl:sequence select="'[…]'"/></xsl:template>
  <xsl:template match="tei:teiHeader | tei:standOff | tei:index | tei:interp | tei:interpGrp | tei:link | tei:linkGrp"
      mode="ed:txt"/>

</xsl:stylesheet>
