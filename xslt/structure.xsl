<?xml version="1.0" encoding="UTF-8"?>
<!-- Structure: divisions, headings, paragraphs, verse, lists, tables, letters' openers and closers, title pages. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:functions"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all">

  <!-- Plain wrappers: TEI element → HTML element (class tei-NAME). -->
  <xsl:variable name="ed:block-tags" as="map(xs:string, xs:string)" select="map {
    'opener': 'div', 'closer': 'div', 'postscript': 'div', 'epigraph': 'div', 'argument': 'div', 'address': 'div',
    'floatingText': 'div', 'sp': 'div', 'spGrp': 'div', 'lg': 'div', 'titlePage': 'div', 'docImprint': 'p',
    'salute': 'p', 'signed': 'p', 'dateline': 'p', 'trailer': 'p', 'byline': 'p', 'docDate': 'p', 'speaker': 'p',
    'docAuthor': 'span', 'titlePart': 'span', 'addrLine': 'span', 'group': 'div', 'castList': 'div',
    'listBibl': 'div', 'row': 'tr', 'item': 'li'}"/>
  <xsl:template match="tei:*[map:contains($ed:block-tags, local-name())]" priority="-1"
      xmlns:map="http://www.w3.org/2005/xpath-functions/map">
    <xsl:call-template name="ed:wrap"><xsl:with-param name="tag" select="$ed:block-tags(local-name())"/></xsl:call-template>
  </xsl:template>

  <!-- Not part of the reading text (the header is laid out from the metadata; lists feed the indexes). -->
  <xsl:template match="tei:teiHeader | tei:standOff | tei:facsimile | tei:sourceDoc | tei:index | tei:interp
    | tei:interpGrp | tei:link | tei:linkGrp | tei:join | tei:joinGrp | tei:alt | tei:altGrp | tei:certainty
    | tei:precision | tei:respons | tei:span | tei:spanGrp | tei:timeline | tei:handShift | tei:fw[@type = 'sig']"/>
  <xsl:template match="tei:graphic | tei:media | tei:binaryObject"/>

  <xsl:template match="tei:text | tei:body"><xsl:apply-templates/></xsl:template>
  <xsl:template match="tei:front | tei:back"><xsl:call-template name="ed:wrap"><xsl:with-param name="tag" select="'div'"/></xsl:call-template></xsl:template>
  <xsl:template match="tei:group/tei:text"><xsl:call-template name="ed:wrap"><xsl:with-param name="tag" select="'div'"/></xsl:call-template></xsl:template>

  <!-- Divisions: a section when headed, otherwise a plain division. -->
  <xsl:template match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7">
    <xsl:call-template name="ed:wrap">
      <xsl:with-param name="tag" select="if (tei:head) then 'section' else 'div'"/>
      <xsl:with-param name="class" select="'tei-div' || (if (@type) then ' tei-div-' || replace(@type, '\W', '') else '')"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:head">
    <xsl:element name="{ed:tag('h' || ed:heading-level(.), .)}">
      <xsl:call-template name="ed:attrs"/>
      <xsl:call-template name="ed:retired-anchors"/>
      <xsl:apply-templates/>
      <xsl:call-template name="ed:self-link"/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="tei:lg/tei:head | tei:list/tei:head | tei:table/tei:head | tei:figure/tei:head
    | tei:listBibl/tei:head | tei:castList/tei:head | tei:sp/tei:head" priority="1">
    <xsl:call-template name="ed:wrap"><xsl:with-param name="tag" select="'p'"/><xsl:with-param name="class" select="'tei-head tei-head-minor'"/></xsl:call-template>
  </xsl:template>

  <!-- Paragraphs: the citable unit, with its number and a link to its stable address. -->
  <xsl:template match="tei:p | tei:ab">
    <!-- (a paragraph without anything that may be a block inside is a p: ed:tag need not be asked; 0.6 ms less an
         essay-sized text, 2026-12-07) -->
    <xsl:element name="{if (empty(.//*[ed:may-be-block(.)])) then 'p' else ed:tag('p', .)}">
      <xsl:call-template name="ed:attrs"/>
      <xsl:call-template name="ed:unit-marker"/>
      <xsl:apply-templates/>
    </xsl:element>
    <xsl:call-template name="ed:cite-box"/>
  </xsl:template>

  <!-- The margin marker of a citable unit: its visible number and the ¶ self-link. -->
  <xsl:template name="ed:unit-marker">
    <xsl:call-template name="ed:retired-anchors"/>
    <xsl:if test="@xml:id">
      <a class="ed-self" href="#{@xml:id}">
        <span class="ed-pilcrow" aria-hidden="true">¶</span>
        <xsl:choose>
          <xsl:when test="@n"><span class="ed-visually-hidden">Paragraph </span><span class="ed-num"><xsl:value-of select="@n"/></span></xsl:when>
          <xsl:otherwise><span class="ed-visually-hidden">Link to this <xsl:value-of select="if (ancestor::tei:cit) then 'quoted paragraph' else 'paragraph'"/></span></xsl:otherwise>
        </xsl:choose>
      </a>
    </xsl:if>
  </xsl:template>

  <!-- A heading's link to its own address (shown on hover and focus). -->
  <xsl:template name="ed:self-link">
    <xsl:if test="@xml:id">
      <xsl:text> </xsl:text>
      <a class="ed-self ed-self-head" href="#{@xml:id}"><span aria-hidden="true">§</span><span class="ed-visually-hidden">Link to this heading</span></a>
    </xsl:if>
  </xsl:template>

  <!-- A plain-text citation of a numbered paragraph, shown when the paragraph is the target (no script). -->
  <xsl:template name="ed:cite-box">
    <xsl:if test="@xml:id and @n and normalize-space($cite-prefix)">
      <p class="ed-cite-box"><span class="ed-cite-label">Cite this paragraph:</span><xsl:text> </xsl:text>
        <span class="ed-cite-text"><xsl:value-of select="$cite-prefix || ', ¶ ' || @n || ed:address-part(@xml:id) || '.'"/></span></p>
    </xsl:if>
  </xsl:template>

  <!-- ", <address>#<id>" when the page has an address (a base URL is configured), else nothing: a citation names
       no relative path as if it were an address (as edition.citation.paragraph_citation, which it equals). -->
  <xsl:function name="ed:address-part" as="xs:string">
    <xsl:param name="id" as="xs:string"/>
    <xsl:sequence select="if (normalize-space($page-url)) then ', ' || $page-url || '#' || $id else ''"/>
  </xsl:function>

  <!-- Title page: the document's own title is the page's h1. -->
  <xsl:template match="tei:docTitle">
    <xsl:call-template name="ed:wrap"><xsl:with-param name="tag" select="if (preceding::tei:docTitle) then 'p' else 'h1'"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:titlePart[not(@type = 'main') and preceding-sibling::tei:titlePart]" priority="1">
    <xsl:call-template name="ed:wrap"><xsl:with-param name="class" select="'tei-titlePart tei-titlePart-sub'"/></xsl:call-template>
  </xsl:template>

  <!-- Verse: one line per l, with its number when the source gives one. -->
  <xsl:template match="tei:l">
    <div>
      <xsl:call-template name="ed:attrs"/>
      <xsl:if test="@n"><span class="ed-lnum" aria-hidden="true"><xsl:value-of select="@n"/><xsl:text> </xsl:text></span></xsl:if>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <!-- Lists: headings before the list; label/item pairs as a description list. -->
  <xsl:template match="tei:list">
    <xsl:apply-templates select="tei:head"/>
    <xsl:element name="{if (tei:label) then 'dl' else if (@type = ('ordered', 'numbered') or @rend = ('numbered', 'ordered')) then 'ol' else 'ul'}">
      <xsl:call-template name="ed:attrs"/>
      <xsl:apply-templates select="node() except tei:head"/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="tei:list[tei:label]/tei:label" priority="1"><dt><xsl:call-template name="ed:attrs"/><xsl:apply-templates/></dt></xsl:template>
  <xsl:template match="tei:list[tei:label]/tei:item" priority="1"><dd><xsl:call-template name="ed:attrs"/><xsl:apply-templates/></dd></xsl:template>
  <xsl:template match="tei:castItem"><li><xsl:call-template name="ed:attrs"/><xsl:apply-templates/></li></xsl:template>
  <xsl:template match="tei:castList">
    <div><xsl:call-template name="ed:attrs"/><xsl:apply-templates select="tei:head"/><ul><xsl:apply-templates select="node() except tei:head"/></ul></div>
  </xsl:template>
  <xsl:template match="tei:listBibl/tei:bibl | tei:listBibl/tei:biblStruct" priority="1">
    <xsl:call-template name="ed:wrap"><xsl:with-param name="tag" select="'p'"/></xsl:call-template>
  </xsl:template>

  <!-- Tables. -->
  <xsl:template match="tei:table">
    <table>
      <xsl:call-template name="ed:attrs"/>
      <xsl:if test="tei:head"><caption><xsl:apply-templates select="tei:head/node()"/></caption></xsl:if>
      <tbody><xsl:apply-templates select="tei:row"/></tbody>
    </table>
  </xsl:template>
  <xsl:template match="tei:cell">
    <xsl:element name="{if (@role = 'label' or parent::tei:row/@role = 'label') then 'th' else 'td'}">
      <xsl:call-template name="ed:attrs"/>
      <xsl:if test="@cols"><xsl:attribute name="colspan" select="@cols"/></xsl:if>
      <xsl:if test="@rows"><xsl:attribute name="rowspan" select="@rows"/></xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- Figures: the image itself is not shown (no file is published with it); heading and description are. -->
  <xsl:template match="tei:figure">
    <figure>
      <xsl:call-template name="ed:attrs"/>
      <xsl:apply-templates select="node() except (tei:head | tei:figDesc)"/>
      <xsl:if test="tei:head | tei:figDesc">
        <figcaption><xsl:apply-templates select="tei:head/node()"/><xsl:text> </xsl:text><xsl:apply-templates select="tei:figDesc/node()"/></figcaption>
      </xsl:if>
    </figure>
  </xsl:template>

  <!-- Breaks and milestones. -->
  <xsl:template match="tei:lb"><br/></xsl:template>
  <xsl:template match="tei:pb | tei:cb">
    <xsl:if test="@n">
      <span><xsl:call-template name="ed:attrs"><xsl:with-param name="class" select="'ed-pb'"/></xsl:call-template><xsl:value-of select="'[' || (if (self::tei:pb) then 'p. ' else 'col. ') || @n || ']'"/></span>
    </xsl:if>
  </xsl:template>
  <xsl:template match="tei:milestone">
    <xsl:choose>
      <xsl:when test="not(ed:is-section-break(.))"><span class="tei-milestone" role="separator"/></xsl:when>
      <xsl:when test="@rend = 'asterisks'"><p class="tei-milestone ed-asterisks" role="separator">* * *</p></xsl:when>
      <xsl:otherwise><hr class="tei-milestone{if (@rend) then ' ed-rend-' || replace(@rend, '\W', '') else ''}"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="tei:anchor"><span class="tei-anchor" id="{@xml:id}"/></xsl:template>
  <xsl:template match="tei:anchor[not(@xml:id)]" priority="1"/>

  <!-- Contents: one entry per division, with its heading (or its first words) and its paragraphs. -->
  <xsl:template match="*" mode="ed:toc"><xsl:apply-templates select="*" mode="ed:toc"/></xsl:template>
  <xsl:template match="tei:note | tei:teiHeader" mode="ed:toc"/>
  <xsl:template match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7" mode="ed:toc">
    <xsl:variable name="target" select="(@xml:id, tei:head/@xml:id, descendant::*/@xml:id)[1]"/>
    <xsl:variable name="title" select="ed:div-title(.)"/>
    <xsl:if test="$target">
      <li>
        <a href="#{$target}">
          <xsl:choose>
            <xsl:when test="$title != ''"><xsl:value-of select="$title"/></xsl:when>
            <xsl:otherwise><span class="ed-incipit"><xsl:value-of select="ed:incipit(.)"/></span></xsl:otherwise>
          </xsl:choose>
        </a>
        <xsl:variable name="range" select="ed:div-range(.)"/>
        <xsl:if test="$range"><xsl:text> </xsl:text><span class="ed-range"><xsl:value-of select="$range"/></span></xsl:if>
        <xsl:variable name="sub"><xsl:apply-templates select="*" mode="ed:toc"/></xsl:variable>
        <xsl:if test="$sub/*"><ol><xsl:sequence select="$sub"/></ol></xsl:if>
      </li>
    </xsl:if>
  </xsl:template>

  <!-- The first words of an untitled division, as the reader reads them. (tokenize#1 splits at white space without
       the regular expression ' ', and one walk up a text node's ancestors, not four: 0.1 ms less an essay-sized
       text's contents, 2026-12-08) -->
  <xsl:function name="ed:incipit" as="xs:string">
    <xsl:param name="div" as="element()"/>
    <xsl:variable name="words" select="tokenize(string-join(($div//(tei:p | tei:ab | tei:l))[1]//text()
      [not(ancestor::*[self::tei:note or self::tei:sic or self::tei:orig or self::tei:abbr])], ''))"/>
    <xsl:sequence select="string-join(subsequence($words, 1, 6), ' ') || (if (count($words) gt 6) then ' …' else '')"/>
  </xsl:function>

</xsl:stylesheet>
