<?xml version="1.0" encoding="UTF-8"?>
<!--
  dts-units.xsl: the citable units of a text, as its header's refsDecl/citeStructure declares them, for the
  DTS export (edition/dts/). The declaration's own XPaths (@match, @use) are evaluated with xsl:evaluate:
  each outer citeStructure from the document, each nested one from every element its parent matched.

  Template `dts-units` returns one string per matched element, in the order the structures are walked
  (Python puts them in document order):  ref TAB citeType TAB level TAB parent-ref TAB element name
  A matched element whose reference is empty (no xml:id) gives an empty ref: the caller reports it.
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:tei="http://www.tei-c.org/ns/1.0"
                exclude-result-prefixes="#all">

  <xsl:template name="dts-units" as="xs:string*">
    <xsl:variable name="doc" select="/"/>
    <xsl:for-each select="/tei:TEI/tei:teiHeader/tei:encodingDesc/tei:refsDecl[1]/tei:citeStructure">
      <xsl:call-template name="structure">
        <xsl:with-param name="context" select="$doc"/>
        <xsl:with-param name="parent-ref" select="''"/>
        <xsl:with-param name="level" select="1"/>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:template>

  <!-- The context item is a citeStructure; $context the node its @match is evaluated from. -->
  <xsl:template name="structure" as="xs:string*">
    <xsl:param name="context" as="node()"/>
    <xsl:param name="parent-ref" as="xs:string"/>
    <xsl:param name="level" as="xs:integer"/>
    <xsl:variable name="structure" select="."/>
    <xsl:variable name="matched" as="node()*">
      <xsl:evaluate xpath="string(@match)" context-item="$context" xpath-default-namespace="http://www.tei-c.org/ns/1.0"/>
    </xsl:variable>
    <xsl:for-each select="$matched">
      <xsl:variable name="ref" as="xs:string">
        <xsl:variable name="used" as="item()*">
          <xsl:evaluate xpath="string($structure/@use)" context-item="." xpath-default-namespace="http://www.tei-c.org/ns/1.0"/>
        </xsl:variable>
        <xsl:sequence select="normalize-space(string-join($used ! string(.), ''))"/>
      </xsl:variable>
      <xsl:sequence select="string-join(($ref, string($structure/@unit), string($level), $parent-ref, local-name(.)), '&#9;')"/>
      <xsl:variable name="here" select="."/>
      <xsl:for-each select="$structure/tei:citeStructure">
        <xsl:call-template name="structure">
          <xsl:with-param name="context" select="$here"/>
          <xsl:with-param name="parent-ref" select="$ref"/>
          <xsl:with-param name="level" select="$level + 1"/>
        </xsl:call-template>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
