<?xml version="1.0" encoding="UTF-8"?>
<!--
  Entry stylesheet of the print edition: the HTML edition's mapping (html.xsl and its modules), with only
  what differs on paper overridden. WeasyPrint lays the result out with static/print.css.

    behaviour            HTML edition                         print edition (here)
    paragraph marker     ¶ self-link with the number          the number in the margin
    alternate (choice)   both readings, toggle, apparatus     corrected reading; apparatus entry as a lettered footnote
    note (author's)      numbered reference + footnote list   the note itself, floated to the foot of the page
    note (editors')      numbered reference + footnote list   numbered link; endnotes after the text (part-notes)
    name                 link to the index page               anchor for the printed index of names

  Every citable unit keeps its xml:id as id: WeasyPrint makes each id a named destination of the PDF.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:functions"
    exclude-result-prefixes="#all">

  <xsl:import href="html.xsl"/>

  <xsl:param name="flavour" as="xs:string" select="'print'"/>

  <!-- Every element of the text (not of its front) that points to an entity, by the entity's id: the
       occurrences a name's anchor is numbered among (idx-<entity>-<n>). -->
  <xsl:key name="ed:indexed-names" match="tei:text//*[@ref][not(ancestor::tei:front)]"
    use="string(ed:name-entity(.)/@xml:id)"/>

  <!-- Paragraphs: the number in the margin; no self-link, no citation box (the colophon explains). -->
  <xsl:template name="ed:unit-marker">
    <xsl:if test="@n and not(ancestor::tei:note)">
      <span class="pn" aria-hidden="true"><xsl:value-of select="@n"/></span>
    </xsl:if>
  </xsl:template>
  <xsl:template name="ed:self-link"/>
  <xsl:template name="ed:cite-box"/>

  <!-- Divisions: an unheaded one names itself in the PDF outline by its paragraphs ("¶ 26–27"), and puts
       the title of the text in the running head. -->
  <xsl:template match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7">
    <section>
      <xsl:call-template name="ed:attrs">
        <xsl:with-param name="class" select="'tei-div' || (if (@type) then ' tei-div-' || replace(@type, '\W', '') else '')"/>
      </xsl:call-template>
      <xsl:if test="not(tei:head)">
        <xsl:attribute name="data-bookmark" select="(ed:div-range(.)[. != ''], ed:incipit(.))[1]"/>
        <!-- the running head over an unheaded section: the title of the text -->
        <xsl:attribute name="data-running-head" select="normalize-space(string-join(
          (/tei:TEI/tei:text/tei:front//tei:docTitle, /tei:TEI/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title)[1]
          //text()[not(ancestor::tei:note)], ''))"/>
      </xsl:if>
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <!-- Alternate readings: the edited reading in the text, the apparatus entry at the foot of the page
       ("irresponsibility] irresponsibilty as transcribed; missing letter; corrected by …"). The entry gives
       the whole word the correction stands in: the characters glued to it before and after ("Stalin’s]
       Stalin’ s …" for a choice of "’s" after "Stalin"), so that each reading's words are in the PDF as
       the reading has them, also where the correction is part of a word (ed:glued-before, ed:glued-after). -->
  <xsl:template name="ed:alternate">
    <xsl:variable name="edited" select="ed:edited-reading(.)"/>
    <xsl:variable name="kind" select="ed:intervention-kind($edited)"/>
    <xsl:variable name="who" select="ed:resp-name($edited)"/>
    <xsl:variable name="unit" select="ed:unit(current())"/>
    <xsl:variable name="before" select="if ($unit) then ed:glued-before(preceding::text()[1], ., $unit, true(), '') else ''"/>
    <xsl:variable name="after" select="if ($unit) then ed:glued-after(following::text()[1], ., $unit, '') else ''"/>
    <span class="ed-choice" id="{ed:choice-id(.)}">
      <span class="ed-edited"><xsl:apply-templates select="$edited/node()"/></span>
      <span class="ed-app" data-choice="{ed:choice-id(.)}">
        <span class="ed-app-lemma"><xsl:value-of select="$before || $edited || $after"/></span>
        <xsl:text>] </xsl:text>
        <span class="ed-app-rdg"><xsl:value-of select="$before || ed:source-reading(.) || $after"/></span>
        <xsl:text> </xsl:text>
        <span class="ed-app-note">
          <xsl:value-of select="'as transcribed' || (if ($kind) then '; ' || $kind else '')
            || (if ($who) then '; ' || lower-case(ed:edited-label($edited)) || ' by ' || $who else '')"/>
        </span>
        <xsl:text>.</xsl:text>
      </span>
    </span>
  </xsl:template>

  <!-- Notes. An author's note stands where it is called and CSS floats it to the foot of the page; the editors'
       notes (explanatory, often long, with their sources) are endnotes after the text, "Notes of the editors":
       a numbered link in the text, the note with a link back (part-notes). -->
  <xsl:template name="ed:noteref">
    <xsl:choose>
      <xsl:when test="ed:is-editors-note(.)">
        <a class="ed-endnote-ref" id="{ed:note-id(.)}-ref" href="#{ed:note-id(.)}"><xsl:value-of select="ed:note-number(.)"/></a>
      </xsl:when>
      <xsl:otherwise>
        <span class="ed-footnote" id="{ed:note-id(.)}">
          <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
          <xsl:apply-templates/>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template name="part-notes">
    <xsl:variable name="notes" select="/tei:TEI/tei:text//tei:note[ed:is-editors-note(.)]"/>
    <xsl:if test="$notes">
      <section class="ed-endnotes" id="ed-endnotes" aria-labelledby="ed-endnotes-title">
        <h2 id="ed-endnotes-title">Notes of the editors</h2>
        <p class="ed-endnotes-intro">The editors’ explanations, not part of the text; each names its sources. The
          numbers are those in the text; each leads back to its place.</p>
        <xsl:for-each select="$notes">
          <p class="ed-endnote" id="{ed:note-id(.)}">
            <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
            <a class="ed-endnote-num" href="#{ed:note-id(.)}-ref"><xsl:value-of select="ed:note-number(.)"/>
              <xsl:value-of select="ed:unit(..) ! (' (' || ed:unit-label(.) || ')')"/></a>
            <xsl:text> </xsl:text>
            <xsl:call-template name="ed:editors-label"/>
            <xsl:apply-templates/>
            <span class="ed-note-resp"><xsl:value-of select="' — ' || ed:note-by(.)"/></span>
          </p>
        </xsl:for-each>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- Links the source makes: on paper, a jump inside the document or an outside address of an allowed
       scheme (ed:is-external-url). A relative address is text: in a PDF it would point into the machine
       that built it. -->
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

  <!-- Names: each occurrence in the text (not on the title page) is an anchor of the printed index. -->
  <xsl:template name="ed:name">
    <xsl:variable name="entity" select="ed:name-entity(.)"/>
    <xsl:variable name="kind" select="ed:entity-kind($entity)"/>
    <span>
      <xsl:call-template name="ed:attrs">
        <xsl:with-param name="class" select="'ed-name tei-' || local-name() || (if ($kind) then ' ed-' || $kind else '')"/>
      </xsl:call-template>
      <xsl:if test="$kind and ancestor::tei:text and not(ancestor::tei:front) and not(@xml:id)">
        <xsl:variable name="key" select="string($entity/@xml:id)"/>
        <!-- its number among them: those before it, not counting the elements it stands in -->
        <xsl:variable name="nth" select="count(key('ed:indexed-names', $key)[. &lt;&lt; current()] except ancestor::*) + 1"/>
        <xsl:attribute name="id" select="'idx-' || $key || '-' || $nth"/>
        <xsl:attribute name="data-index" select="$key"/>
      </xsl:if>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

</xsl:stylesheet>
