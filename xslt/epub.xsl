<?xml version="1.0" encoding="UTF-8"?>
<!--
  Entry stylesheet of the EPUB edition: the reading page's mapping (html.xsl, which imports the
  format-neutral decisions of common.xsl) with only what differs in a book overridden, as print.xsl does
  for paper. The result is XML (XHTML without its namespace: edition.epub puts the fragments into XHTML
  documents, whose default namespace they take).

    behaviour            reading page                          EPUB (here)
    paragraph marker     ¶ self-link with the number           "¶ 14" before the paragraph; its xml:id as id
    alternate (choice)   both readings, toggle, apparatus      corrected reading + lettered noteref; the
                                                               reading as transcribed in a footnote (as the PDF)
    note                 numbered reference + footnote list    noteref + EPUB footnote (aside), back-link
    name                 link to the site's index page         anchor (idx-<entry>-<n>) the book's index links to
    link of the source   any safe address                      an outside address, or a place in the text

  epub:type is written here with the DPUB-ARIA role beside it; the ids of every citable unit are their xml:id.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:functions"
    xmlns:epub="http://www.idpf.org/2007/ops"
    exclude-result-prefixes="#all">

  <xsl:import href="html.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no" omit-xml-declaration="yes"/>

  <xsl:param name="flavour" as="xs:string" select="'epub'"/>
  <!-- The content document that holds the text (the nav and the index link into it). -->
  <xsl:param name="text-file" as="xs:string" select="'text.xhtml'"/>

  <xsl:key name="ed:indexed-names" match="tei:text//*[@ref][not(ancestor::tei:front)]"
    use="string(ed:name-entity(.)/@xml:id)"/>

  <!-- Paragraphs: the number a citation gives ("¶ 14") before the text; no self-link, no citation box. -->
  <xsl:template name="ed:unit-marker">
    <xsl:call-template name="ed:retired-anchors"/>
    <xsl:if test="@n and not(ancestor::tei:note)">
      <span class="ed-pnum"><xsl:value-of select="'¶&#160;' || @n"/></span><xsl:text> </xsl:text>
    </xsl:if>
  </xsl:template>
  <xsl:template name="ed:self-link"/>
  <xsl:template name="ed:cite-box"/>

  <!-- Corrections: the edited reading in the text and a lettered reference to its footnote, which gives the
       reading as transcribed (the PDF's lettered notes). Inside a link the letter is plain text. -->
  <xsl:template name="ed:alternate">
    <xsl:param name="in-link" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="id" select="ed:choice-id(.)"/>
    <span class="ed-choice" id="{$id}">
      <span class="ed-edited"><xsl:apply-templates select="ed:edited-reading(.)/node()">
        <xsl:with-param name="in-link" select="true()" tunnel="yes"/></xsl:apply-templates></span>
      <xsl:choose>
        <xsl:when test="$in-link"><sup class="ed-letter"><xsl:value-of select="ed:choice-letter(.)"/></sup></xsl:when>
        <xsl:otherwise>
          <sup class="ed-letter"><a epub:type="noteref" role="doc-noteref" id="{$id}-ref" href="#{$id}-app"><xsl:value-of
            select="ed:choice-letter(.)"/></a></sup>
        </xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <!-- The footnote of a correction: "a irresponsibility] irresponsibilty as transcribed; missing letter; …". -->
  <xsl:template name="part-corrections">
    <xsl:for-each select="/tei:TEI/tei:text//tei:choice[exists(ed:edited-reading(.)) and exists(ed:source-reading(.))]">
      <xsl:variable name="id" select="ed:choice-id(.)"/>
      <xsl:variable name="edited" select="ed:edited-reading(.)"/>
      <xsl:variable name="kind" select="ed:intervention-kind($edited)"/>
      <xsl:variable name="who" select="ed:resp-name($edited)"/>
      <xsl:variable name="context" select="ed:lemma-context(.)"/>
      <aside epub:type="footnote" role="doc-footnote" id="{$id}-app" class="ed-footnote ed-correction">
        <p>
          <a role="doc-backlink" class="ed-note-num" href="#{$id}-ref"><xsl:value-of select="ed:choice-letter(.)"/></a>
          <xsl:text> </xsl:text>
          <span class="ed-app-lemma"><xsl:value-of select="$context || $edited"/></span>
          <xsl:text>] </xsl:text>
          <span class="ed-app-rdg"><xsl:value-of select="$context || ed:source-reading(.)"/></span>
          <xsl:text> </xsl:text>
          <span class="ed-app-note"><xsl:value-of select="'as transcribed' || (if ($kind) then '; ' || $kind else '')
            || (if ($who) then '; ' || lower-case(ed:edited-label($edited)) || ' by ' || $who else '') || '.'"/></span>
          <xsl:value-of select="ed:unit(.) ! (' (' || ed:unit-label(.) || ')')[. != ' ()']"/>
        </p>
      </aside>
    </xsl:for-each>
  </xsl:template>

  <!-- Notes: a numbered reference in the text, the note an EPUB footnote with a link back. -->
  <xsl:template name="ed:noteref">
    <xsl:param name="in-link" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="id" select="ed:note-id(.)"/>
    <sup class="ed-noteref{if (ed:is-editors-note(.)) then ' ed-noteref-editors' else ''}">
      <xsl:choose>
        <xsl:when test="$in-link"><xsl:value-of select="ed:note-number(.)"/></xsl:when>
        <xsl:otherwise>
          <a epub:type="noteref" role="doc-noteref" id="{$id}-ref" href="#{$id}"><xsl:value-of select="ed:note-number(.)"/></a>
        </xsl:otherwise>
      </xsl:choose>
    </sup>
  </xsl:template>

  <xsl:template name="ed:footnote">
    <xsl:variable name="id" select="ed:note-id(.)"/>
    <xsl:variable name="who" select="ed:note-by(.)"/>
    <aside epub:type="footnote" role="doc-footnote" id="{$id}" class="ed-footnote{if ($who) then ' ed-footnote-editorial' else ''}">
      <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/><xsl:attribute name="dir" select="if (ed:is-rtl(@xml:lang)) then 'rtl' else 'ltr'"/></xsl:if>
      <xsl:element name="{if (ed:contains-block(.)) then 'div' else 'p'}">
        <a role="doc-backlink" class="ed-note-num" href="#{$id}-ref"><xsl:value-of select="ed:note-number(.)"/></a>
        <xsl:text> </xsl:text>
        <xsl:if test="$who"><span class="ed-editors-label"><xsl:value-of select="$ed:editors-label"/></span><xsl:text> </xsl:text></xsl:if>
        <xsl:apply-templates/>
        <xsl:if test="$who"><span class="ed-note-resp"><xsl:value-of select="' — ' || $who"/></span></xsl:if>
      </xsl:element>
    </aside>
  </xsl:template>

  <!-- Links the source makes: an outside address of an allowed scheme, or a place in the text (edition.epub
       keeps a link into the book only when its target is there); a relative address is text. -->
  <xsl:template match="tei:ref | tei:ptr">
    <xsl:param name="in-link" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="target" select="tokenize(normalize-space(@target), ' ')[1]"/>
    <xsl:variable name="href" select="if ($in-link) then ''
      else if (starts-with($target, '#') and ed:is-safe-url($target) or ed:is-external-url($target))
      then ed:clean-url($target) else ''"/>
    <xsl:element name="{ed:tag(if ($href) then 'a' else 'span', .)}">
      <xsl:call-template name="ed:attrs"/>
      <xsl:if test="$href"><xsl:attribute name="href" select="$href"/></xsl:if>
      <xsl:apply-templates><xsl:with-param name="in-link" select="$in-link or $href != ''" tunnel="yes"/></xsl:apply-templates>
      <xsl:if test="self::tei:ptr"><xsl:value-of select="$target"/></xsl:if>
    </xsl:element>
  </xsl:template>

  <!-- Names: each occurrence in the text (not on the title page) is an anchor the book's index links back to. -->
  <xsl:template name="ed:name">
    <xsl:variable name="entity" select="ed:name-entity(.)"/>
    <xsl:variable name="kind" select="ed:entity-kind($entity)"/>
    <xsl:element name="{ed:tag('span', .)}">
      <xsl:call-template name="ed:attrs">
        <xsl:with-param name="class" select="'ed-name tei-' || local-name() || (if ($kind) then ' ed-' || $kind else '')"/>
      </xsl:call-template>
      <xsl:if test="$kind and ancestor::tei:text and not(ancestor::tei:front) and not(@xml:id)">
        <xsl:variable name="key" select="string($entity/@xml:id)"/>
        <xsl:variable name="nth" select="count(key('ed:indexed-names', $key)[. &lt;&lt; current()] except ancestor::*) + 1"/>
        <xsl:attribute name="id" select="'idx-' || $key || '-' || $nth"/>
        <xsl:attribute name="data-index" select="$key"/>
      </xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- The navigation document's contents: one entry per division, its heading or first words and its
       paragraphs ("¶ 2–4") in the link (a nav entry holds a link and a list, nothing else). -->
  <xsl:template name="part-nav">
    <xsl:apply-templates select="/tei:TEI/tei:text/(tei:front | tei:body | tei:back | tei:group)" mode="ed:nav"/>
  </xsl:template>
  <xsl:template match="*" mode="ed:nav"><xsl:apply-templates select="*" mode="ed:nav"/></xsl:template>
  <xsl:template match="tei:note | tei:teiHeader" mode="ed:nav"/>
  <xsl:template match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7" mode="ed:nav">
    <xsl:variable name="target" select="(@xml:id, tei:head/@xml:id, descendant::*[not(ancestor-or-self::tei:note)]/@xml:id)[1]"/>
    <xsl:variable name="title" select="ed:div-title(.)"/>
    <xsl:variable name="range" select="ed:div-range(.)"/>
    <xsl:if test="$target">
      <li>
        <a href="{$text-file}#{$target}"><xsl:value-of select="(string-join((if ($title != '') then $title else ed:incipit(.),
          $range[. != ''] ! ('(' || . || ')'))[. != ''], ' ')[. != ''], 'Section')[1]"/></a>
        <xsl:variable name="sub"><xsl:apply-templates select="*" mode="ed:nav"/></xsl:variable>
        <xsl:if test="$sub/*"><ol><xsl:sequence select="$sub"/></ol></xsl:if>
      </li>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
