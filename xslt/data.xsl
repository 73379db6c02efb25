<?xml version="1.0" encoding="UTF-8"?>
<!--
  Data for the indexes of names (module): every name in the text that points to an entry of the lists of
  persons, places and organisations, with the citable unit it stands in and that unit's label ("¶ 12").
  Labels and numbers come from common.xsl, so they agree with the reading and print editions.
  html.xsl's template page-data hands them to the build, with the plain text.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:functions"
    exclude-result-prefixes="#all">

  <xsl:function name="ed:names-with-ref" as="element()*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="$doc/tei:TEI/tei:text//(tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs
      | tei:geogName | tei:settlement | tei:country | tei:region | tei:bloc | tei:district)[@ref]"/>
  </xsl:function>

  <!-- Each name that points to an entry, in reading order, as a map (page-data hands them to the build). -->
  <xsl:function name="ed:occurrences" as="array(map(xs:string, xs:string))">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="array {
      for $name in ed:names-with-ref($doc), $entity in ed:name-entity($name)
      return let $unit := ed:unit($name) return map {
        'entity': string($entity/@xml:id),
        'kind': ed:entity-kind($entity),
        'unit': string($unit/@xml:id),
        'label': ed:unit-label($unit),
        'text': normalize-space($name)
      }
    }"/>
  </xsl:function>

  <!-- The same names as the build reads them (edition.html.decode_occurrences), compactly: runs of names in one
       citable unit, each run its unit's ID, the unit's label, the number of names and the entry ID of each; every
       field written as its length, a colon and its text, so that no character needs escaping. -->
  <xsl:function name="ed:occurrence-runs" as="xs:string">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="fields" as="xs:string*">
      <xsl:for-each-group select="ed:names-with-ref($doc)" group-adjacent="generate-id(ed:unit(.))">
        <!-- (ed:name-entity, its common case of one local pointer looked up here) -->
        <xsl:variable name="entities" select="for $name in current-group(), $ref in normalize-space($name/@ref) return
          if (starts-with($ref, '#') and string-length($ref) gt 1 and not(contains($ref, ' ')))
          then key('ed:id', substring($ref, 2), root($name))[1][ed:entity-kind(.) != ''] else ed:name-entity($name)"/>
        <xsl:if test="exists($entities)">
          <xsl:variable name="unit" select="ed:unit(.)"/>
          <xsl:sequence select="string($unit/@xml:id), ed:unit-label($unit), string(count($entities)),
            $entities ! string(@xml:id)"/>
        </xsl:if>
      </xsl:for-each-group>
    </xsl:variable>
    <xsl:sequence select="string-join($fields ! (string-length(.) || ':' || .))"/>
  </xsl:function>

</xsl:stylesheet>
