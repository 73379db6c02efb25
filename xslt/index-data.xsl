<?xml version="1.0" encoding="UTF-8"?>
<!--
  Entry stylesheet of the data for the indexes of names alone, as JSON (template occurrences); the data
  itself is made by data.xsl. The build takes it from html.xsl's template page-data, with the plain
  text.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:functions"
    exclude-result-prefixes="#all">

  <xsl:import href="common.xsl"/>
  <xsl:include href="data.xsl"/>
  <xsl:output method="json" indent="no"/>
  <xsl:mode use-accumulators="#all"/>

  <xsl:template name="occurrences"><xsl:sequence select="ed:occurrences(/)"/></xsl:template>

</xsl:stylesheet>
