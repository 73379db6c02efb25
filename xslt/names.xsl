<?xml version="1.0" encoding="UTF-8"?>
<!-- Names of persons, places and organisations: each a link to its entry in the site's index of names. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:functions"
    exclude-result-prefixes="#all">

  <xsl:template match="tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs | tei:geogName
    | tei:settlement | tei:country | tei:region | tei:bloc | tei:district">
    <xsl:call-template name="ed:name"/>
  </xsl:template>

  <!-- Behaviour "link": to the index entry, to an outside address the source gives, or no link at all. -->
  <xsl:template name="ed:name">
    <xsl:param name="in-link" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="ref" select="normalize-space(@ref)"/>
    <!-- ed:name-entity, with its common case (one local pointer) looked up here; declared element()?: 0.3 ms less an
         essay-sized text than untyped (2026-12-08; the lookup runs once either way, so probably Saxon's lazy holding) -->
    <xsl:variable name="entity" as="element()?" select="if (starts-with($ref, '#') and string-length($ref) gt 1 and not(contains($ref, ' ')))
      then ed:element-with-id(substring($ref, 2), .) else ed:name-entity(.)"/>
    <xsl:variable name="kind" select="ed:entity-kind($entity)"/>
    <!-- an entry with several spellings: all of them, for the site's search (indexed there, never shown); an entry
         with one name has one spelling, found without distinct-values (0.6–0.9 ms less an essay-sized text, 2026-12-07) -->
    <xsl:variable name="forms" select="$entity/(tei:persName | tei:placeName | tei:orgName | tei:name
      | tei:settlement | tei:country | tei:geogName)"/>
    <xsl:variable name="names" select="if (count($forms) lt 2) then () else distinct-values($forms/normalize-space())"/>
    <xsl:variable name="spellings" select="if (count($names) gt 1) then string-join($names, ' · ') else ''"/>
    <xsl:choose>
      <!-- The common case, written out: a name of plain text (no ID or language of its own) pointing to an entry
           (1.3 ms less an essay-sized text than the general branch below, 2026-12-07). -->
      <xsl:when test="$kind and not($in-link) and empty(* | @xml:id | @xml:lang)">
        <a class="ed-name tei-{local-name()} ed-{$kind}" href="{$index-base}{$ed:index-pages($kind)}#{$entity/@xml:id}"><xsl:call-template name="ed:spellings"><xsl:with-param name="spellings" select="$spellings"/></xsl:call-template><xsl:apply-templates/></a>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="first-ref" select="if (contains($ref, ' ')) then substring-before($ref, ' ') else $ref"/>
        <xsl:variable name="href" select="
          if ($kind) then $index-base || $ed:index-pages($kind) || '#' || $entity/@xml:id
          else if ($first-ref and not(starts-with($first-ref, '#')) and ed:is-safe-url($first-ref)) then ed:clean-url($first-ref)
          else ''"/>
        <xsl:variable name="tag" select="ed:tag(if ($href and not($in-link)) then 'a' else 'span', .)"/>
        <xsl:element name="{$tag}">
          <xsl:call-template name="ed:attrs">
            <xsl:with-param name="class" select="'ed-name tei-' || local-name() || (if ($kind) then ' ed-' || $kind else '')"/>
          </xsl:call-template>
          <xsl:if test="$tag = 'a'"><xsl:attribute name="href" select="$href"/></xsl:if>
          <xsl:call-template name="ed:spellings"><xsl:with-param name="spellings" select="$spellings"/></xsl:call-template>
          <xsl:apply-templates><xsl:with-param name="in-link" select="$in-link or $tag = 'a'" tunnel="yes"/></xsl:apply-templates>
        </xsl:element>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Pagefind indexes the attribute's words where the name stands: the passage is found under them. -->
  <xsl:template name="ed:spellings">
    <xsl:param name="spellings" as="xs:string"/>
    <xsl:if test="$spellings">
      <xsl:attribute name="data-pagefind-index-attrs" select="'data-spellings'"/>
      <xsl:attribute name="data-spellings" select="$spellings"/>
    </xsl:if>
  </xsl:template>

  <!-- Links the source makes: only safe addresses become links. -->
  <xsl:template match="tei:ref | tei:ptr">
    <xsl:param name="in-link" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="target" select="tokenize(normalize-space(@target), ' ')[1]"/>
    <xsl:variable name="tag" select="ed:tag(if ($target and ed:is-safe-url($target) and not($in-link)) then 'a' else 'span', .)"/>
    <xsl:element name="{$tag}">
      <xsl:call-template name="ed:attrs"/>
      <xsl:if test="$tag = 'a'"><xsl:attribute name="href" select="ed:clean-url($target)"/></xsl:if>
      <xsl:apply-templates><xsl:with-param name="in-link" select="$in-link or $tag = 'a'" tunnel="yes"/></xsl:apply-templates>
      <xsl:if test="self::tei:ptr"><xsl:value-of select="$target"/></xsl:if>
    </xsl:element>
  </xsl:template>

</xsl:stylesheet>
