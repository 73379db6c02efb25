<?xml version="1.0" encoding="UTF-8"?>
<!--
  Format-neutral decisions, shared by every output (HTML reading edition, print, plain text).
  What a TEI element *is* (a block, a note, an alternate reading, a name of a person …) and how it is
  numbered or labelled is decided here once; the entry stylesheets only decide how it looks.
  Functions live in the namespace urn:edition:functions (prefix ed).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:functions"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all">

  <!-- The element with this xml:id, from the index of IDs the parser makes with the document, once (a key was
       built again from every element by each of a text's eight transformations: 0.2–0.4 ms an essay-sized text,
       2026-12-07). The safe parser (edition.xmlsafe) admits only NCNames as xml:id, so the index holds every
       element that has one; a value that is no NCName names none (and id() would read each of its words as an ID). -->
  <xsl:function name="ed:element-with-id" as="element()?">
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="context" as="node()"/>
    <xsl:sequence select="if ($id castable as xs:NCName) then id($id, root($context)) else ()"/>
  </xsl:function>

  <!-- Notes are numbered through the whole text, in document order, unless the source gives @n. -->
  <xsl:accumulator name="ed:note-count" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:text//tei:note" select="$value + 1"/>
  </xsl:accumulator>
  <!-- Alternate readings (choice) are counted the same way, for apparatus numbering. -->
  <xsl:accumulator name="ed:choice-count" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:text//tei:choice" select="$value + 1"/>
  </xsl:accumulator>
  <!-- The same numbers for the notes and choices of the text (the global context document), found once per
       transformation without the accumulators, which walk the whole document each time: an element's place
       among them in document order, plus those it holds (accumulator-after counts them too). The accumulators
       stay for any other element (ed:note-count, ed:choice-count). 0.9 ms less an essay-sized text, 2026-12-07. -->
  <xsl:variable name="ed:note-numbers" as="map(xs:string, xs:integer)" select="
    let $notes := /descendant::tei:note[ancestor::tei:text]
    return map:merge(for $i in 1 to count($notes)
      return map:entry(generate-id($notes[$i]), $i + count($notes[$i]//tei:note)))"/>
  <xsl:variable name="ed:choice-numbers" as="map(xs:string, xs:integer)" select="
    let $choices := /descendant::tei:choice[ancestor::tei:text]
    return map:merge(for $i in 1 to count($choices)
      return map:entry(generate-id($choices[$i]), $i + count($choices[$i]//tei:choice)))"/>
  <xsl:function name="ed:note-count" as="xs:integer">
    <xsl:param name="note" as="element()"/>
    <xsl:variable name="n" select="$ed:note-numbers(generate-id($note))"/>
    <xsl:sequence select="if (exists($n)) then $n else $note/accumulator-after('ed:note-count')"/>
  </xsl:function>
  <xsl:function name="ed:choice-count" as="xs:integer">
    <xsl:param name="choice" as="element()"/>
    <xsl:variable name="n" select="$ed:choice-numbers(generate-id($choice))"/>
    <xsl:sequence select="if (exists($n)) then $n else $choice/accumulator-after('ed:choice-count')"/>
  </xsl:function>

  <!-- TEI elements a reader sees as blocks (a break before and after). The tables of names here and in html.xsl
       are static: made once when the stylesheet is compiled, not again by each of a text's eight transformations
       (with ed:index-pages: 0.1 ms less an essay-sized text, 2026-12-08). -->
  <xsl:variable name="ed:block-names" as="xs:string*" static="yes" select="(
    'div', 'div1', 'div2', 'div3', 'div4', 'div5', 'div6', 'div7', 'p', 'ab', 'head', 'lg', 'l', 'list', 'item',
    'table', 'row', 'cell', 'figure', 'opener', 'closer', 'salute', 'signed', 'dateline', 'address', 'postscript',
    'trailer', 'epigraph', 'argument', 'byline', 'docTitle', 'docDate', 'docImprint', 'titlePage',
    'floatingText', 'sp', 'speaker', 'spGrp', 'castList', 'listBibl', 'listPerson', 'listPlace', 'listOrg',
    'entry', 'form', 'sense', 'u')"/>

  <xsl:variable name="ed:block-set" as="map(xs:string, xs:boolean)" static="yes"
    select="map:merge($ed:block-names ! map:entry(., true()))"/>

  <!-- Is this element rendered as a block? Notes are never blocks in the flow: they move to the notes. -->
  <xsl:function name="ed:is-block" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="map:contains($ed:block-set, local-name($el))
      or ($el/self::tei:cit and ed:is-block-quotation($el))
      or ($el/self::tei:quote and $el/(tei:p | tei:lg | tei:l | tei:list | tei:ab | tei:table))
      or ($el/self::tei:stage and not($el/parent::tei:p | $el/parent::tei:l))
      or ed:is-section-break($el)"/>
  </xsl:function>

  <!-- A milestone between blocks (directly in body, a division, front or back: "* * *" between sections) is a
       section break, a block of its own in every output; one inside a paragraph or line is a mark in the flow. -->
  <xsl:function name="ed:is-section-break" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el/self::tei:milestone[parent::tei:body | parent::tei:front | parent::tei:back
      | parent::tei:text | parent::tei:group | parent::tei:div | parent::tei:lg | parent::tei:sp
      | parent::*[matches(local-name(), '^div[1-7]$')]])"/>
  </xsl:function>

  <!-- Could ed:is-block say yes to this element? Its name alone says no for most inline elements, so the other
       questions of ed:is-block need not be asked of them: one place for the names that may be blocks (asked of
       every element inside a paragraph, a note or a block: 0.2 ms less an essay-sized text, 2026-12-07). -->
  <xsl:function name="ed:may-be-block" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="map:contains($ed:block-set, local-name($el))
      or exists($el/(self::tei:cit | self::tei:quote | self::tei:stage | self::tei:milestone))"/>
  </xsl:function>

  <!-- Does this element hold a block anywhere inside (outside notes)? Then it cannot be an inline box. -->
  <xsl:function name="ed:contains-block" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el//*[ed:may-be-block(.)][ed:is-block(.)][not(ancestor-or-self::tei:note
      except $el/ancestor-or-self::tei:note)])"/>
  </xsl:function>

  <!-- A quotation set off from the running text. -->
  <xsl:function name="ed:is-block-quotation" as="xs:boolean">
    <xsl:param name="cit" as="element()"/>
    <xsl:sequence select="$cit/@type = ('block', 'display') or $cit/@rend = ('block', 'display')
      or exists($cit/tei:quote/(tei:p | tei:lg | tei:l | tei:list | tei:ab))"/>
  </xsl:function>

  <!-- Elements a reader cites: they keep their xml:id in every output. -->
  <xsl:function name="ed:is-citable" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el/@xml:id) and exists($el/(self::tei:p | self::tei:ab | self::tei:div
      | self::tei:head | self::tei:cit | self::tei:note | self::tei:lg | self::tei:l))"/>
  </xsl:function>

  <!-- Heading level: the title is h1, a top-level division's heading h2, and so on (never past h6). -->
  <xsl:function name="ed:heading-level" as="xs:integer">
    <xsl:param name="head" as="element()"/>
    <xsl:variable name="depth" select="count($head/ancestor::*[self::tei:div or matches(local-name(), '^div[1-7]$')])"/>
    <xsl:sequence select="min((6, max((2, $depth + 1))))"/>
  </xsl:function>

  <xsl:function name="ed:note-number" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="if (normalize-space($note/@n)) then normalize-space($note/@n)
      else string(ed:note-count($note))"/>
  </xsl:function>

  <!-- Whose note it is: the editors' (an explanatory or textual note of the edition: @type editorial, or a
       @resp naming someone) or the author's (a note of the source itself). Every output labels the editors'. -->
  <xsl:function name="ed:is-editors-note" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="not($note/@type = ('authorial', 'author')) and ($note/@type = ('editorial', 'commentary',
      'explanatory', 'textual', 'gloss', 'translation') or exists($note/@resp))"/>
  </xsl:function>
  <!-- Who wrote an editors' note, for its signature: the name @resp points to, else "the editors". -->
  <xsl:function name="ed:note-by" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="if (ed:is-editors-note($note)) then (ed:resp-name($note)[. != ''], 'the editors')[1] else ''"/>
  </xsl:function>

  <!-- The letter that calls a correction in the print edition and the plain text: a, b, … z, aa, … -->
  <xsl:function name="ed:choice-letter" as="xs:string">
    <xsl:param name="choice" as="element()"/>
    <xsl:sequence select="format-integer(ed:choice-count($choice), 'a')"/>
  </xsl:function>

  <!-- The HTML id of a note: its xml:id, or one derived from its number when the source gives none. -->
  <xsl:function name="ed:note-id" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="if ($note/@xml:id) then string($note/@xml:id)
      else 'ed-note-' || ed:note-count($note)"/>
  </xsl:function>

  <xsl:function name="ed:choice-id" as="xs:string">
    <xsl:param name="choice" as="element()"/>
    <xsl:sequence select="if ($choice/@xml:id) then string($choice/@xml:id)
      else 'ed-choice-' || ed:choice-count($choice)"/>
  </xsl:function>

  <!-- The citable unit around a node, for labels such as "¶ 12" (the nearest element with an xml:id). -->
  <xsl:function name="ed:unit" as="element()?">
    <xsl:param name="node" as="node()"/>
    <!-- the nearest citable element or part of a letter with an ID of its own (a closing is nearer than its division:
         "closing", not "div"), found in one walk up that stops there, not two that go on to the root (0.2 ms less an
         essay-sized text, 2026-12-07); else the nearest element with an ID in the text -->
    <xsl:sequence select="($node/ancestor-or-self::*[@xml:id][ed:is-citable(.) or self::tei:closer or self::tei:opener
      or self::tei:postscript or self::tei:dateline or self::tei:signed or self::tei:salute][1],
      $node/ancestor-or-self::*[@xml:id][ancestor::tei:text][1])[1]"/>
  </xsl:function>

  <!-- How a reader names a citable unit: "¶ 12", "note 1", "heading", … -->
  <xsl:function name="ed:unit-label" as="xs:string">
    <xsl:param name="unit" as="element()?"/>
    <xsl:sequence select="
      if (empty($unit)) then ''
      else if ($unit/self::tei:p[@n] or $unit/self::tei:ab[@n]) then '¶&#160;' || $unit/@n
      else if ($unit/self::tei:note) then 'note ' || ed:note-number($unit)
      else if ($unit/self::tei:head) then string-join(('heading', ed:div-range($unit/..)[. != '']), ', ')
      else if ($unit/ancestor::tei:cit) then 'quotation'
      else if ($unit/self::tei:cit) then 'quotation'
      else if ($unit/self::tei:l[@n]) then 'line ' || $unit/@n
      else if ($unit/ancestor-or-self::tei:front) then 'title page'
      else if ($unit/ancestor-or-self::tei:closer) then 'closing'
      else if ($unit/ancestor-or-self::tei:opener) then 'opening'
      else if ($unit/ancestor-or-self::tei:postscript) then 'postscript'
      else if ($unit[self::tei:div or matches(local-name(), '^div[1-7]$')]) then
        string-join(('section', (ed:div-title($unit)[. != ''] ! ('“' || . || '”'), ed:div-range($unit))[. != ''][1]), ' ')
      else local-name($unit)"/>
  </xsl:function>

  <!-- Alternate readings: which child of choice the edition reads, and which the transcription has. -->
  <xsl:function name="ed:edited-reading" as="element()?">
    <xsl:param name="choice" as="element()"/>
    <xsl:sequence select="($choice/(tei:corr | tei:reg | tei:expan))[1]"/>
  </xsl:function>
  <xsl:function name="ed:source-reading" as="element()?">
    <xsl:param name="choice" as="element()"/>
    <xsl:sequence select="($choice/(tei:sic | tei:orig | tei:abbr))[1]"/>
  </xsl:function>

  <!-- A reading too short to find by eye ("’s", "”") is shown in the apparatus with the word that stands just
       before it ("Stalin’s] Stalin’ s"): that word, else ''. Found among the unit's own text nodes, not along the
       whole text's preceding axis (4.4 ms less an essay-sized text, 2026-12-07). -->
  <xsl:function name="ed:lemma-context" as="xs:string">
    <xsl:param name="choice" as="element()"/>
    <xsl:variable name="unit" select="ed:unit($choice)"/>
    <xsl:sequence select="if (matches(string(ed:edited-reading($choice)), '\p{L}{3}') or empty($unit)) then ''
      else ed:glued-before($choice/preceding::text()[1], $choice, $unit, false(), '')"/>
  </xsl:function>

  <!-- The characters glued to a correction before (after) it: the text of its unit back (on) to the nearest
       white space, read from the text nodes next to it one by one, so that each correction costs the length of
       its word and not of its paragraph or of the document before it (reading all of that for each correction
       made the print edition quadratic in the corrections of a paragraph, and the reading page in the length of
       the text). Not counted: the source readings of corrections (sic, orig, abbr), and notes — but with
       `$own-note`, the note the correction itself stands in. `$text`: the nearest text node not yet read. -->
  <xsl:function name="ed:glued-before" as="xs:string">
    <xsl:param name="text" as="text()?"/>
    <xsl:param name="choice" as="element()"/>
    <xsl:param name="unit" as="element()"/>
    <xsl:param name="own-note" as="xs:boolean"/>
    <xsl:param name="read" as="xs:string"/>
    <xsl:sequence select="
      if (empty($text) or not($text/ancestor::*[. is $unit])) then $read
      else if (ed:beside-the-reading($text, $choice, $own-note))
        then ed:glued-before($text/preceding::text()[1], $choice, $unit, $own-note, $read)
      else if (matches($text, '\s')) then tokenize($text, '\s')[last()] || $read
      else ed:glued-before($text/preceding::text()[1], $choice, $unit, $own-note, $text || $read)"/>
  </xsl:function>
  <xsl:function name="ed:glued-after" as="xs:string">
    <xsl:param name="text" as="text()?"/>
    <xsl:param name="choice" as="element()"/>
    <xsl:param name="unit" as="element()"/>
    <xsl:param name="read" as="xs:string"/>
    <xsl:sequence select="
      if (empty($text) or not($text/ancestor::*[. is $unit])) then $read
      else if (ed:beside-the-reading($text, $choice, true()))
        then ed:glued-after($text/following::text()[1], $choice, $unit, $read)
      else if (matches($text, '\s')) then $read || tokenize($text, '\s')[1]
      else ed:glued-after($text/following::text()[1], $choice, $unit, $read || $text)"/>
  </xsl:function>
  <xsl:function name="ed:beside-the-reading" as="xs:boolean">
    <xsl:param name="text" as="text()"/>
    <xsl:param name="choice" as="element()"/>
    <xsl:param name="own-note" as="xs:boolean"/>
    <xsl:sequence select="exists(($text/ancestor::tei:note except (if ($own-note) then $choice/ancestor::tei:note else ()))
      | $text/ancestor::tei:sic | $text/ancestor::tei:orig | $text/ancestor::tei:abbr)"/>
  </xsl:function>


  <!-- "missing-letter" → "missing letter"; a taxonomy category in the header wins when there is one. -->
  <xsl:function name="ed:intervention-kind" as="xs:string">
    <xsl:param name="el" as="element()?"/>
    <xsl:variable name="type" select="normalize-space($el/@type)"/>
    <xsl:variable name="category" select="if ($type) then ed:element-with-id($type, $el)[self::tei:category] else ()"/>
    <xsl:sequence select="
      if ($category) then normalize-space(string-join($category/(tei:catDesc | tei:gloss)[1]//text(), ''))
      else if ($type) then replace($type, '[-_]', ' ')
      else if ($el/self::tei:corr) then 'correction'
      else if ($el/self::tei:reg) then 'regularisation'
      else if ($el/self::tei:expan) then 'expansion'
      else ''"/>
  </xsl:function>

  <!-- Who is responsible (@resp="#sde"): the name given in the document's lists, else the pointer. -->
  <xsl:function name="ed:resp-name" as="xs:string">
    <xsl:param name="el" as="element()?"/>
    <xsl:variable name="names" as="xs:string*">
      <xsl:for-each select="tokenize(normalize-space($el/@resp), ' ')">
        <xsl:variable name="target" select="ed:target(., $el)"/>
        <xsl:sequence select="if ($target) then ed:entity-name($target) else ."/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:sequence select="string-join($names, ', ')"/>
  </xsl:function>

  <!-- The element a local pointer ("#id") points to, in the same document. -->
  <xsl:function name="ed:target" as="element()?">
    <xsl:param name="pointer" as="xs:string?"/>
    <xsl:param name="context" as="node()"/>
    <xsl:variable name="p" select="normalize-space($pointer)"/>
    <xsl:sequence select="if (starts-with($p, '#') and string-length($p) gt 1)
      then ed:element-with-id(substring($p, 2), $context) else ()"/>
  </xsl:function>

  <!-- A name entry (person, place, org …): its preferred name as plain text. -->
  <xsl:function name="ed:entity-name" as="xs:string">
    <xsl:param name="entity" as="element()"/>
    <xsl:variable name="name" select="($entity/(tei:persName | tei:placeName | tei:orgName | tei:name
      | tei:title | tei:term))[1]"/>
    <xsl:sequence select="normalize-space(string(if ($name) then $name else $entity))"/>
  </xsl:function>

  <!-- The cited work a quotation's @source points to (a bibl in the document's lists), when its cit gives no
       source of its own: the editors then name the source in a caption of theirs, never passed off as the
       author's words. Its text as one line ('' when there is none). -->
  <xsl:function name="ed:editors-source" as="xs:string">
    <xsl:param name="quotation" as="element()"/>
    <xsl:variable name="q" select="if ($quotation/self::tei:cit) then $quotation/(tei:quote | tei:q)[1] else $quotation"/>
    <xsl:variable name="listed" select="ed:target(tokenize(normalize-space($q/@source), ' ')[1], $quotation)"/>
    <xsl:sequence select="if ($quotation/self::tei:cit and $quotation/(tei:bibl | tei:ref[not(@target)])) then ''
      else normalize-space(string($listed))"/>
  </xsl:function>
  <!-- How every output labels the editors' own words: captions they generate and their explanatory notes. -->
  <xsl:variable name="ed:editors-label" as="xs:string" select="'[Editors:]'"/>
  <xsl:variable name="ed:editors-label-long" as="xs:string" select="'Caption by the editors, not in the source'"/>

  <!-- Which index a named entity belongs in: person, place or org; '' when it has no index entry. -->
  <xsl:function name="ed:entity-kind" as="xs:string">
    <xsl:param name="entity" as="element()?"/>
    <xsl:sequence select="
      if ($entity/self::tei:person or $entity/self::tei:personGrp) then 'person'
      else if ($entity/self::tei:place) then 'place'
      else if ($entity/self::tei:org) then 'org'
      else ''"/>
  </xsl:function>

  <!-- The index entry a name in the text points to (first local pointer of @ref that resolves). -->
  <xsl:function name="ed:name-entity" as="element()?">
    <xsl:param name="name" as="element()"/>
    <xsl:variable name="ref" select="normalize-space($name/@ref)"/>
    <xsl:sequence select="if (contains($ref, ' '))
      then (for $r in tokenize($ref, ' ') return ed:target($r, $name))[ed:entity-kind(.) != ''][1]
      else if (starts-with($ref, '#') and string-length($ref) gt 1)
      then ed:element-with-id(substring($ref, 2), $name)[ed:entity-kind(.) != '']
      else ()"/>
  </xsl:function>

  <!-- Is a URL from the source safe to become a link? The allow-list of edition/urls.py (the reference;
       tests/test_urls.py checks that both agree): relative addresses and fragments, and http, https and
       mailto; never another scheme (javascript:, data:, vbscript:, file: …) and never a network path
       (//host, \\host). White space and control characters are removed first, as browsers do. -->
  <xsl:function name="ed:clean-url" as="xs:string">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:sequence select="replace(string($url), '[\s\p{Cc}]', '')"/>
  </xsl:function>
  <xsl:function name="ed:is-safe-url" as="xs:boolean">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:variable name="u" select="lower-case(ed:clean-url($url))"/>
    <!-- (an address of an allowed scheme, most of a text's links, is told by its first letters without the three
         patterns: 0.1 ms less an essay-sized text, 2026-12-07) -->
    <xsl:sequence select="starts-with($u, 'https:') or starts-with($u, 'http:') or starts-with($u, 'mailto:')
      or $u != '' and not(matches($u, '^[a-z][a-z0-9+.\-]*:')) and not(matches($u, '^[/\\]{2}'))"/>
  </xsl:function>
  <!-- An absolute address of an allowed scheme (http, https, mailto): the only outside links that mean the
       same in every output (a relative address means nothing in a PDF). edition.urls.is_external_url. -->
  <xsl:function name="ed:is-external-url" as="xs:boolean">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:sequence select="ed:is-safe-url($url) and matches(lower-case(ed:clean-url($url)), '^(https?|mailto):')"/>
  </xsl:function>

  <!-- An ISO date of the source as an HTML datetime value ('' when HTML cannot express it). -->
  <xsl:function name="ed:datetime" as="xs:string">
    <xsl:param name="when" as="xs:string?"/>
    <xsl:variable name="w" select="normalize-space($when)"/>
    <xsl:sequence select="if (matches($w, '^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$')) then $w else ''"/>
  </xsl:function>

  <!-- Languages and scripts written right to left: edition.decisions (RTL_LANGUAGES, RTL_SCRIPTS) decides,
       edition.transform hands the lists in when it compiles the stylesheet; ed:is-rtl answers as is_rtl there
       (subtags compared without regard to case). -->
  <xsl:param name="rtl-languages" as="xs:string" static="yes" required="yes"/>
  <xsl:param name="rtl-scripts" as="xs:string" static="yes" required="yes"/>
  <xsl:function name="ed:is-rtl" as="xs:boolean">
    <xsl:param name="lang" as="xs:string?"/>
    <xsl:variable name="subtags" select="tokenize(lower-case(string($lang)), '-')"/>
    <xsl:sequence select="$subtags[1] = tokenize($rtl-languages)
      or (some $s in tail($subtags) satisfies string-length($s) = 4 and $s = tokenize(lower-case($rtl-scripts)))"/>
  </xsl:function>

  <!-- The index page of each kind of name, relative to the site's top (edition.decisions.INDEX_KINDS, handed
       in as "person=persons.html place=…" when the stylesheet is compiled). -->
  <xsl:param name="index-pages" as="xs:string" static="yes" required="yes"/>
  <xsl:variable name="ed:index-pages" as="map(xs:string, xs:string)" static="yes" select="map:merge(
    for $pair in tokenize($index-pages) return map { substring-before($pair, '='): substring-after($pair, '=') })"/>

  <!-- What the header's statements are called where a reader meets them ("About this edition"): the parts of
       editorialDecl, the kinds of note in notesStmt, the sources in sourceDesc. -->
  <xsl:function name="ed:decl-label" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="name" select="if ($el/self::tei:note) then string($el/@type) else local-name($el)"/>
    <xsl:variable name="label" as="xs:string?" select="map {
      'correction': 'Corrections', 'normalization': 'Normalisation', 'quotation': 'Quotation marks',
      'hyphenation': 'Hyphenation', 'segmentation': 'Divisions and numbering', 'interpretation': 'Names and their tagging',
      'stdVals': 'Standard values', 'punctuation': 'Punctuation', 'translation': 'Translation'}($name)"/>
    <xsl:sequence select="if (exists($label)) then $label
      else upper-case(substring($name, 1, 1)) || lower-case(replace(substring($name, 2), '([A-Z])', ' $1'))"/>
  </xsl:function>
  <xsl:function name="ed:source-label" as="xs:string">
    <xsl:param name="source" as="element()"/>
    <xsl:sequence select="if ($source/@type = 'online' or $source/tei:ref or $source/tei:ptr or $source/tei:idno[@type = ('URL', 'URI')])
      then 'Base text: the transcription used'
      else if ($source/self::tei:biblStruct or $source/@type = ('article', 'print', 'book')) then 'Printed source'
      else 'Source'"/>
  </xsl:function>

  <!-- A title for a division: its heading as plain text, or '' when it has none. -->
  <xsl:function name="ed:div-title" as="xs:string">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="normalize-space(string-join($div/tei:head[1]//text()[not(ancestor::tei:note)]
      [not(ancestor::tei:sic | ancestor::tei:orig | ancestor::tei:abbr)], ''))"/>
  </xsl:function>

  <!-- The numbered paragraphs of a division, as a range "¶ 2–4" (or '' when none is numbered). -->
  <xsl:function name="ed:div-range" as="xs:string">
    <xsl:param name="div" as="element()"/>
    <xsl:variable name="n" select="$div//(tei:p | tei:ab)[@n][not(ancestor::tei:note | ancestor::tei:cit)]/@n"/>
    <xsl:sequence select="if (empty($n)) then '' else if (count($n) = 1) then '¶&#160;' || $n[1]
      else '¶&#160;' || $n[1] || '–' || $n[last()]"/>
  </xsl:function>

</xsl:stylesheet>
