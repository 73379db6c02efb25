<?xml version="1.0" encoding="UTF-8"?>
<!--
  Entry stylesheet of the plain-text reading version alone (template plain-text); the text itself is made
  by text.xsl. The build takes it from html.xsl's template page-data, with the names for the indexes.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:functions"
    exclude-result-prefixes="#all">

  <xsl:import href="common.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:include href="text.xsl"/>

  <xsl:param name="index-base" select="''"/>
  <xsl:param name="page-url" select="''"/>
  <xsl:param name="cite-prefix" select="''"/>

  <xsl:template name="plain-text"><xsl:value-of select="ed:plain-text(/)"/></xsl:template>

</xsl:stylesheet>
