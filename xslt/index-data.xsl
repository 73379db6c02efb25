<?xml version="1.0" encoding="UTF-8"?>
<!--
  Data for the indexes of names, as JSON: every name in the text that points to an entry of the lists of
  persons, places and organisations, with the citable unit it stands in and that unit's label ("¶ 12").
  Labels and numbers come from common.xsl, so they agree with the reading and print editions.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:functions"
    exclude-result-prefixes="#all">

  <xsl:import href="common.xsl"/>
  <xsl:output method="json" indent="no"/>
  <xsl:mode use-accumulators="#all"/>

  <xsl:template name="occurrences">
    <xsl:sequence select="array {
      for $name in /tei:TEI/tei:text//(tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs | tei:geogName
        | tei:settlement | tei:country | tei:region | tei:bloc | tei:district)[@ref][exists(ed:name-entity(.))]
      return let $entity := ed:name-entity($name), $unit := ed:unit($name) return map {
        'entity': string($entity/@xml:id),
        'kind': ed:entity-kind($entity),
        'unit': string($unit/@xml:id),
        'label': ed:unit-label($unit),
        'text': normalize-space($name)
      }
    }"/>
  </xsl:template>

</xsl:stylesheet>
