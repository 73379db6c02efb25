<?xml version="1.0" encoding="UTF-8"?>
<!--
  Data for the indexes of names (module): every name in the text that points to an entry of the lists of
  persons, places and organisations, with the citable unit it stands in and that unit's label ("¶ 12").
  Labels and numbers come from common.xsl, so they agree with the reading and print editions.
  html.xsl's template page-data hands them to the build as JSON, with the plain text.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:functions"
    exclude-result-prefixes="#all">

  <!-- The names of the text in reading order, in runs that stand in one citable unit: each run its unit's ID,
       the unit's label and the entry ID of each name, ["unit", "¶ 12", ["entity", …]] (edition.html reads them;
       a unit and its label are worked out once a run, not once a name; arrays, not maps with their keys: the JSON
       serialiser's work nearly halved, 0.13 ms less an essay-sized text, 2026-12-08). -->
  <xsl:function name="ed:name-runs" as="array(array(*))">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="runs" as="array(*)*">
      <!-- (one walk of the descendants, not a union of eleven child steps from each: 0.07 ms, 2026-12-07) -->
      <xsl:for-each-group select="$doc/tei:TEI/tei:text/descendant::*[@ref][self::tei:persName or self::tei:placeName
          or self::tei:orgName or self::tei:name or self::tei:rs or self::tei:geogName or self::tei:settlement
          or self::tei:country or self::tei:region or self::tei:bloc or self::tei:district]"
          group-adjacent="generate-id(ed:unit(.))">
        <xsl:variable name="entities" select="current-group() ! ed:name-entity(.)"/>
        <xsl:if test="exists($entities)">
          <xsl:variable name="unit" select="ed:unit(.)"/>
          <xsl:sequence select="[string($unit/@xml:id), ed:unit-label($unit), array { $entities ! string(@xml:id) }]"/>
        </xsl:if>
      </xsl:for-each-group>
    </xsl:variable>
    <xsl:sequence select="array { $runs }"/>
  </xsl:function>

</xsl:stylesheet>
