"""One failing document per rule of the project schema (schema/tei-edition.rng and .sch).

Each case changes the real source in one place, the way an encoder might get it wrong, and checks that
the validator reports exactly that rule at exactly that line (and no other error, except the named
consequences). The documents are made from the real file on every run, so they follow it when it changes.

Grammar cases (rule `rng`) are the constraints the project grammar adds beyond TEI: each of these
documents must still be valid against the official tei_all grammar — that is what "beyond TEI" means.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree
from support import first, real_tree

from edition import NS, SCHEMA_DIR, TEI_NS, XML_NS

XML_ID = f"{{{XML_NS}}}id"
T = f"{{{TEI_NS}}}"
DOC = "sedova-1941-davies"

Change = Callable[[etree._ElementTree], etree._Element | None]


@dataclass(frozen=True)
class Case:
    name: str
    rule: str
    change: Change  # changes the tree; returns the element the problem must be reported at (None: the root)
    says: str = ""  # a phrase the message must contain
    severity: str = "error"
    also: tuple[str, ...] = ()  # other error rules this change rightly triggers
    file_name: str = f"{DOC}.xml"
    tei_valid: bool = True  # still valid against tei_all?

    def __str__(self) -> str:
        return self.name


# ---------------------------------------------------------------------------------------------------------
# Ways to change a document


def _qname(name: str) -> str:
    return XML_ID if name == "xml:id" else (f"{{{XML_NS}}}lang" if name == "xml:lang" else name)


def set_attr(xpath: str, name: str, value: str | None) -> Change:
    """Set (or with None remove) an attribute; reported at that element."""

    def change(tree: etree._ElementTree) -> etree._Element:
        el = first(tree, xpath)
        if value is None:
            del el.attrib[_qname(name)]
        else:
            el.set(_qname(name), value)
        return el

    return change


def _drop(el: etree._Element) -> None:
    """Remove an element, keeping the text that follows it."""
    parent, previous = el.getparent(), el.getprevious()
    if el.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def remove_attr_all(xpath: str, name: str) -> Change:
    """Remove an attribute from every element matched; reported at the first of them."""

    def change(tree: etree._ElementTree) -> etree._Element:
        found = tree.xpath(xpath, namespaces=NS)
        for el in found:
            del el.attrib[_qname(name)]
        return found[0]

    return change


def remove(xpath: str, report: str = "..") -> Change:
    """Remove the first element matched (every match with all=True); reported at its parent."""

    def change(tree: etree._ElementTree) -> etree._Element:
        el = first(tree, xpath)
        target = el.xpath(report, namespaces=NS)[0]
        _drop(el)
        return target

    return change


def remove_all(xpath: str, report: str) -> Change:
    def change(tree: etree._ElementTree) -> etree._Element:
        target = first(tree, report)
        for el in tree.xpath(xpath, namespaces=NS):
            _drop(el)
        return target

    return change


def set_text(xpath: str, text: str) -> Change:
    """Replace the content of an element by plain text; reported at that element."""

    def change(tree: etree._ElementTree) -> etree._Element:
        el = first(tree, xpath)
        for child in list(el):
            el.remove(child)
        el.text = text
        return el

    return change


def wrap_word(xpath: str, word: str, tag: str, **attrs: str) -> Change:
    """Wrap a word of an element's leading text in a new element; reported at the new element."""

    def change(tree: etree._ElementTree) -> etree._Element:
        el = first(tree, xpath)
        before, found, after = (el.text or "").partition(word)
        assert found, f"{word!r} not in the text of {xpath}"
        new = etree.Element(T + tag, {_qname(k.replace("_", ":", 1) if k.startswith("xml_") else k): v
                                      for k, v in attrs.items()})
        new.text, new.tail = word, after
        el.text = before
        el.insert(0, new)
        return new

    return change


def insert(parent_xpath: str, xml: str, index: int = 0) -> Change:
    """Insert a TEI fragment as child `index` of an element; reported at the new element."""

    def change(tree: etree._ElementTree) -> etree._Element:
        parent = first(tree, parent_xpath)
        new = etree.fromstring(f'<wrapper xmlns="{TEI_NS}">{xml}</wrapper>')[0]
        if index < 0:
            previous = parent[-1] if len(parent) else None
            new.tail = previous.tail if previous is not None else None
            parent.append(new)
        else:
            new.tail = parent.text
            parent.insert(index, new)
        return new

    return change


def move_after(xpath: str, after: str) -> Change:
    """Move an element (with its following white space) after another; reported at the moved element."""

    def change(tree: etree._ElementTree) -> etree._Element:
        el, anchor = first(tree, xpath), first(tree, after)
        _drop(el)
        el.tail = anchor.tail
        anchor.addnext(el)
        return el

    return change


def then(*changes: Change) -> Change:
    """Several changes; reported where the last one says."""

    def change(tree: etree._ElementTree) -> etree._Element | None:
        result = None
        for c in changes:
            result = c(tree)
        return result

    return change


def corr_out_of_choice(choice_xpath: str) -> Change:
    def change(tree: etree._ElementTree) -> etree._Element:
        choice = first(tree, choice_xpath)
        corr = choice.find(T + "corr")
        corr.tail = choice.tail
        choice.getparent().replace(choice, corr)
        return corr

    return change


def swap_changes(tree: etree._ElementTree) -> etree._Element:
    second, third = tree.xpath("//tei:revisionDesc/tei:change[position() = 2 or position() = 3]", namespaces=NS)
    second.addprevious(third)
    second.tail, third.tail = third.tail, second.tail
    return third


def retag(xpath: str, local: str) -> Change:
    """Rename an element (same attributes and content); reported at it."""

    def change(tree: etree._ElementTree) -> etree._Element:
        el = first(tree, xpath)
        el.tag = T + local
        return el

    return change


P = f"//tei:p[@xml:id='{DOC}.p%s']"
CHOICE = f"//tei:choice[@xml:id='{DOC}.c%s']"
TITLE_STMT = "//tei:fileDesc/tei:titleStmt"
PRINT = "//tei:sourceDesc/tei:biblStruct"
PAGES = PRINT + "/tei:monogr/tei:biblScope[@unit='page']"
EDITION = "//tei:editionStmt/tei:edition"
CHANGE1 = "//tei:revisionDesc/tei:change[1]"

# ---------------------------------------------------------------------------------------------------------
# Schematron rules (schema/tei-edition.sch) and the one rule checked in Python

def retag_tree(xpath: str, xml: str) -> Change:
    """Replace an element by a TEI fragment; reported at the new element."""

    def change(tree: etree._ElementTree) -> etree._Element:
        el = first(tree, xpath)
        new = etree.fromstring(f'<wrapper xmlns="{TEI_NS}">{xml}</wrapper>')[0]
        new.tail = el.tail
        el.getparent().replace(el, new)
        return new

    return change


def without_print_source() -> Change:
    """No printed source at all (the note that pointed to it now points to the online source)."""
    return then(set_attr("//tei:ref[@target='#source-print']", "target", "#source-online"), remove(PRINT))


def as_draft(change: Change) -> Change:
    """The same change in a text marked as a draft (revisionDesc status="draft")."""
    return then(set_attr("//tei:revisionDesc", "status", "draft"), change)


# The facts a source may not state: an error in a text, a warning in a draft (which says only what its
# source says). Each error case above has its draft twin here.
DRAFT_CASES = [
    Case("draft without transcriber", "ed-draft-transcriber", as_draft(
        then(set_attr(TITLE_STMT + "/tei:respStmt/tei:resp[@key='trc']", "key", "ctb"),
             lambda tree: first(tree, TITLE_STMT))), severity="warning", says="names no transcriber"),
    Case("draft without proofreader", "ed-draft-proofreader", as_draft(
        then(set_attr(TITLE_STMT + "/tei:respStmt/tei:resp[@key='pfr']", "key", "ctb"),
             lambda tree: first(tree, TITLE_STMT))), severity="warning", says="names no proofreader"),
    Case("draft without printed source", "ed-draft-source-struct", as_draft(without_print_source()),
         severity="warning", says="not described as a biblStruct"),
    Case("draft with printed source only in words", "ed-draft-source-struct", as_draft(
        then(retag_tree(PRINT, "<bibl xml:id=\"source-print\" type=\"print\">Fourth International, January 1942, pp. 9-11</bibl>"),
             lambda tree: first(tree, "//tei:sourceDesc"))), severity="warning",
         says="not described as a biblStruct"),
    Case("draft printed source without pages", "ed-draft-source-pages", as_draft(
        then(remove(PAGES), lambda tree: first(tree, PRINT))), severity="warning", says="pages of its printing"),
    Case("draft printed source without date", "ed-draft-source-date", as_draft(
        then(set_attr(PRINT + "//tei:imprint/tei:date", "when", None), lambda tree: first(tree, PRINT))),
         severity="warning",
         says="does not date its printing"),
    Case("draft without date of writing", "ed-draft-creation-date", as_draft(
        then(remove("//tei:creation/tei:date"), lambda tree: first(tree, "//tei:creation"))), severity="warning",
         says="when the text was written"),
]


SCHEMATRON_CASES = [
    Case("citation structure the edition does not know", "ed-cite-known",
         set_attr("//tei:refsDecl//tei:citeStructure[@match='quote/p']", "match", ".//p"), says='".//p"'),
    Case("citable unit without xml:id", "ed-cite-id", set_attr(P % 5, "xml:id", None), says="no xml:id",
         also=("rng",)),
    Case("xml:id outside the citation structure", "ed-cite-covered",
         set_attr("//tei:milestone", "xml:id", f"{DOC}.m1"), says=f'"{DOC}.m1"'),
    Case("duplicate xml:id", "ed-id-unique", set_attr(P % 7, "xml:id", f"{DOC}.p6"), says="unique"),
    Case("text id without document prefix", "ed-id-prefix",
         set_attr(f"//tei:div[@xml:id='{DOC}.d3']", "xml:id", "another-text.d3"), says=f'"{DOC}."'),
    Case("idno doc-id differs", "ed-idno-doc-id",
         then(set_text("//tei:publicationStmt/tei:idno[@type='doc-id']", "sedova-1941"),
              lambda tree: first(tree, "//tei:publicationStmt")),
         says=f'<idno type="doc-id">{DOC}</idno>'),
    Case("persName points nowhere", "ed-ref-resolves",
         set_attr(P % 1 + "/tei:persName[@ref='#lenin'][1]", "ref", "#lenine"), says='xml:id="lenine"'),
    Case("ref target points nowhere", "ed-target-resolves",
         set_attr("//tei:bibl[@xml:id='source-online']//tei:ref", "target", "#source-printed"),
         says='target="#source-printed"'),
    Case("quote source points nowhere", "ed-source-resolves",
         set_attr("//tei:quote[@source]", "source", "#cited-trotsky-1931"), says="listBibl"),
    Case("change who points nowhere", "ed-who-resolves",
         set_attr("//tei:change[@who='#ocallaghan']", "who", "#o-callaghan"), says='who="#o-callaghan"'),
    Case("corr resp points nowhere", "ed-resp-resolves", set_attr(CHOICE % 4 + "/tei:corr", "resp", "#sdee"),
         says='resp="#sdee"'),
    Case("corresp points nowhere", "ed-corresp-resolves",
         set_attr(f"//tei:head[@xml:id='{DOC}.h5']", "corresp", "#nowhere"), says='corresp="#nowhere"'),
    Case("persName points to a place", "ed-ref-kind-person",
         set_attr(P % 1 + "/tei:persName[@ref='#lenin'][1]", "ref", "#moscow"), says="not a person"),
    Case("placeName points to a person", "ed-ref-kind-place",
         set_attr(P % 1 + "/tei:placeName[@ref='#moscow']", "ref", "#lenin"), says="not a place"),
    Case("orgName points to a place", "ed-ref-kind-org",
         set_attr(P % 3 + "/tei:orgName[@ref='#gpu']", "ref", "#moscow"), says="not an organisation"),
    Case("resp points to a place", "ed-resp-kind", set_attr(CHOICE % 1 + "/tei:corr", "resp", "#moscow"),
         says="which is a place"),
    Case("change who points to a place", "ed-who-kind", set_attr(CHANGE1, "who", "#europe"),
         says="which is a place"),
    Case("quote source points to a person", "ed-source-kind", set_attr("//tei:quote[@source]", "source", "#lenin"),
         says="bibliographic entry"),
    Case("epithet points to a place", "ed-ref-kind-rs",
         set_attr(P % 7 + "/tei:soCalled/tei:rs[@type='person']", "ref", "#moscow"), says="which is a place"),
    Case("epithet without ref", "ed-rs-ref",
         set_attr(P % 10 + "/tei:rs[@type='person']", "ref", None), says='"the leader of the October revolution"'),
    Case("epithet without type", "ed-rs-ref",
         set_attr(P % 8 + "/tei:rs[@type='person']", "type", None), says="needs both @type"),
    Case("persName in the text without ref", "ed-name-ref",
         set_attr(P % 2 + "/tei:persName[1]", "ref", None), says='"Mr. Davies" has no @ref'),
    Case("entry never referred to", "ed-entity-used", severity="warning",
         change=insert("//tei:listPerson", '<person xml:id="unreferenced"><persName>Nobody</persName>'
                                           "<note>An entry no pointer reaches.</note></person>", -1),
         says='"unreferenced"'),
    Case("author not linked", "ed-author-linked",
         then(set_attr(TITLE_STMT + "/tei:author/tei:persName", "ref", None),
              lambda tree: first(tree, TITLE_STMT + "/tei:author")), says="listPerson"),
    Case("respStmt agent not linked", "ed-resp-agent-ref",
         then(set_attr(TITLE_STMT + "/tei:respStmt[1]/tei:persName", "ref", None),
              lambda tree: first(tree, TITLE_STMT + "/tei:respStmt[1]/tei:persName")),
         says='"Mike Bessler"'),
    Case("no transcriber", "ed-transcriber",
         then(set_attr(TITLE_STMT + "/tei:respStmt/tei:resp[@key='trc']", "key", "ctb"),
              lambda tree: first(tree, TITLE_STMT)), says='resp key="trc"'),
    Case("no proofreader", "ed-proofreader",
         then(set_attr(TITLE_STMT + "/tei:respStmt/tei:resp[@key='pfr']", "key", "ctb"),
              lambda tree: first(tree, TITLE_STMT)), says='resp key="pfr"'),
    Case("printed source without page range", "ed-source-pages",
         then(set_attr(PAGES, "to", None), lambda tree: first(tree, PRINT)), says='biblScope unit="page"'),
    Case("printed source without date", "ed-source-date",
         then(set_attr(PRINT + "//tei:imprint/tei:date", "when", None), lambda tree: first(tree, PRINT)),
         says="machine-readable date"),
    Case("no printed source", "ed-source-struct", without_print_source(), says="biblStruct"),
    Case("printed source only in words", "ed-source-struct",
         then(retag_tree(PRINT, "<bibl xml:id=\"source-print\" type=\"print\">Fourth International, January 1942, pp. 9-11</bibl>"),
              lambda tree: first(tree, "//tei:sourceDesc")), says="biblStruct"),
    Case("pages backwards", "ed-pages-order", then(set_attr(PAGES, "from", "11"), set_attr(PAGES, "to", "9")),
         says='from="11" to="9"'),
    Case("choice of sic and reg", "ed-choice-pair", then(retag(CHOICE % 1 + "/tei:corr", "reg"),
                                                          lambda tree: first(tree, CHOICE % 1)), says="sic, reg"),
    Case("correction changes nothing", "ed-choice-differs", then(
        set_text(CHOICE % 1 + "/tei:corr", "irresponsibilty"), lambda tree: first(tree, CHOICE % 1)),
         says='"irresponsibilty"'),
    Case("correction without resp", "ed-corr-resp", set_attr(CHOICE % 2 + "/tei:corr", "resp", None),
         says="who made it"),
    Case("editorial note without resp", "ed-note-resp", set_attr("//tei:note[@type='editorial']", "resp", None),
         says="who wrote it"),
    Case("paragraph number out of sequence", "ed-p-number", set_attr(P % 12, "n", "21"),
         says="body paragraph number 12"),
    Case("empty paragraph", "ed-p-empty", set_text(P % 27, "  "), says="is empty"),
    Case("empty heading", "ed-head-empty", set_text(f"//tei:head[@xml:id='{DOC}.h3']", ""), says="is empty"),
    Case("empty phrase element", "ed-phrase-empty", set_text(P % 1 + "/tei:soCalled", ""), severity="warning",
         says="soCalled is empty"),
    Case("hi without rend", "ed-hi-rend", wrap_word(P % 27, "entire", "hi"), severity="warning",
         says='rend="italic"'),
    Case("page break without number", "ed-pb-n", insert("//tei:body", "<pb/>"), severity="warning",
         says='n="…"'),
    Case("date without ISO value", "ed-date-iso", set_attr(P % 3 + "/tei:date", "when", None),
         says='"May 24, 1940"'),
    Case("date with when and a range", "ed-date-when-exclusive", set_attr(P % 3 + "/tei:date", "from", "1940-05-01"),
         says="not both"),
    Case("period ends before it begins", "ed-date-range",
         then(set_attr(P % 2 + "/tei:date", "from", "1938"), set_attr(P % 2 + "/tei:date", "to", "1936")),
         says='from="1938" to="1936"'),
    Case("bounds exclude every date", "ed-date-bounds",
         then(set_attr(P % 3 + "/tei:date", "when", None), set_attr(P % 3 + "/tei:date", "notBefore", "1940-06"),
              set_attr(P % 3 + "/tei:date", "notAfter", "1940-05")), says='notBefore="1940-06"'),
    Case("creation without ISO date", "ed-creation-date",
         then(set_attr("//tei:creation/tei:date", "when", None), lambda tree: first(tree, "//tei:creation")),
         says="date of writing"),
    *DRAFT_CASES,
    Case("document language not declared", "ed-lang-root",
         then(set_attr("//tei:langUsage/tei:language", "ident", "en-GB"), lambda tree: tree.getroot()),
         says='xml:lang="en"'),
    Case("language in the text not declared", "ed-lang-declared",
         set_attr(P % 7 + "/tei:soCalled[1]", "xml:lang", "de"), severity="warning", says='xml:lang="de"'),
    Case("edition not dated", "ed-edition-dated", then(remove(EDITION + "/tei:date"), lambda tree: first(tree, EDITION)),
         says="does not date this version"),
    Case("no change records the version", "ed-change-version",
         then(remove_attr_all("//tei:revisionDesc/tei:change[@n]", "n"), lambda tree: first(tree, EDITION)),
         says='n="1.1"'),
    Case("edition version differs from latest change", "ed-edition-version", set_attr(EDITION, "n", "1.2"),
         says='version "1.2"'),
    Case("edition date differs from latest change", "ed-edition-date-latest",
         then(set_attr(EDITION + "/tei:date", "when", "2026-11-25"), lambda tree: first(tree, EDITION)),
         severity="warning", says="2026-11-25"),
    Case("changes not latest first", "ed-change-order", swap_changes, severity="warning", says="latest first"),
    Case("title page and titleStmt disagree", "ed-title-matches",
         then(set_text("//tei:docTitle/tei:titlePart", "Mr Davies and the Moscow Trials"),
              lambda tree: first(tree, "//tei:docTitle")), severity="warning", says="same title"),
    Case("title page date and creation disagree", "ed-docdate-creation",
         set_attr("//tei:titlePage/tei:docDate", "when", "1941-11"), severity="warning", says="1941-11"),
    Case("authority identifier malformed", "ed-authority-format",
         insert("//tei:person[@xml:id='lenin']", '<idno type="wikidata">not-an-identifier</idno>', 1),
         says="no identifier is better than a wrong one"),
    Case("document id differs from file name", "ed-root-id-filename", lambda tree: tree.getroot(),
         file_name="davies.xml", says='"davies.xml"'),
]


# ---------------------------------------------------------------------------------------------------------
# Constraints of the grammar beyond TEI (rule "rng")

D = f"//tei:div[@xml:id='{DOC}.d%s']"
H = f"//tei:head[@xml:id='{DOC}.h%s']"
Q = f"//tei:cit[@xml:id='{DOC}.q%s']"
NOTE = f"//tei:note[@xml:id='{DOC}.n1']"
PERSON = "//tei:person[@xml:id='sedov']"
ED_DECL = "//tei:editorialDecl"


def lacks(element: str, xpath: str, parent: str = "..", also: tuple[str, ...] = ()) -> Case:
    return Case(f"{element} missing", "rng", remove(xpath, parent), says=f"lacks <{element}>", also=also)


GRAMMAR_CASES = [
    Case("document id form", "rng", set_attr("/tei:TEI", "xml:id", "Sedova_1941"), file_name="Sedova_1941.xml",
         says="does not have the required form", also=("ed-id-prefix", "ed-idno-doc-id")),
    Case("document language required", "rng", set_attr("/tei:TEI", "xml:lang", None),
         says="@xml:lang is required", also=("ed-lang-root",)),
    lacks("text", "/tei:TEI/tei:text"),
    lacks("encodingDesc", "//tei:encodingDesc"),
    lacks("profileDesc", "//tei:profileDesc", also=("ed-lang-root",)),
    lacks("revisionDesc", "//tei:revisionDesc", also=("ed-change-version",)),
    lacks("editionStmt", "//tei:editionStmt"),
    Case("main title type required", "rng", set_attr(TITLE_STMT + "/tei:title[@type='main']", "type", None),
         says="@type is required"),
    lacks("author", TITLE_STMT + "/tei:author"),
    Case("respStmt missing", "rng", remove_all(TITLE_STMT + "/tei:respStmt", TITLE_STMT),
         says="lacks <respStmt>", also=("ed-transcriber", "ed-proofreader")),
    Case("resp key vocabulary", "rng", set_attr(TITLE_STMT + "/tei:respStmt[1]/tei:resp[@key='mrk']", "key", "xyz"),
         says='key="xyz" is not one of'),
    Case("resp key required", "rng", set_attr(TITLE_STMT + "/tei:respStmt[1]/tei:resp[@key='mrk']", "key", None),
         says="@key is required"),
    Case("edition version form", "rng", set_attr(EDITION, "n", "first"), says="Version number",
         also=("ed-edition-version",)),
    lacks("date", "//tei:publicationStmt/tei:date"),
    lacks("idno", "//tei:publicationStmt/tei:idno", also=("ed-idno-doc-id",)),
    lacks("availability", "//tei:publicationStmt/tei:availability"),
    Case("idno type required", "rng", set_attr("//tei:publicationStmt/tei:idno", "type", None),
         says="@type is required", also=("ed-idno-doc-id",)),
    Case("analytic title level required", "rng", set_attr(PRINT + "/tei:analytic/tei:title", "level", None),
         says="@level is required"),
    Case("monograph title level vocabulary", "rng", set_attr(PRINT + "/tei:monogr/tei:title", "level", "a"),
         says='level="a" is not one of'),
    Case("biblScope unit vocabulary", "rng", set_attr(PAGES, "unit", "pages"), says='unit="pages" is not one of',
         also=("ed-source-pages",)),
    lacks("editorialDecl", ED_DECL),
    lacks("correction", ED_DECL + "/tei:correction"),
    lacks("normalization", ED_DECL + "/tei:normalization"),
    lacks("quotation", ED_DECL + "/tei:quotation"),
    lacks("hyphenation", ED_DECL + "/tei:hyphenation"),
    lacks("segmentation", ED_DECL + "/tei:segmentation"),
    Case("correction method required", "rng", set_attr(ED_DECL + "/tei:correction", "method", None),
         says="@method is required"),
    Case("normalization method required", "rng", set_attr(ED_DECL + "/tei:normalization", "method", None),
         says="@method is required"),
    Case("quotation marks required", "rng", set_attr(ED_DECL + "/tei:quotation", "marks", None),
         says="@marks is required"),
    Case("hyphenation eol required", "rng", set_attr(ED_DECL + "/tei:hyphenation", "eol", None),
         says="@eol is required"),
    lacks("creation", "//tei:profileDesc/tei:creation"),
    lacks("langUsage", "//tei:profileDesc/tei:langUsage", also=("ed-lang-root",)),
    Case("change date required", "rng", set_attr("//tei:revisionDesc/tei:change[2]", "when", None),
         says="@when is required"),
    Case("revision status vocabulary", "rng", set_attr("//tei:revisionDesc", "status", "final"),
         says='status="final" is not one of'),
    # TEI accepts any W3C date or time (also --05-24, --12, 12:00:00); the edition wants a year, month or day
    Case("ISO date form", "rng", set_attr(P % 3 + "/tei:date", "when", "--05-24"), says="ISO 8601"),
    Case("docDate ISO form", "rng", set_attr("//tei:titlePage/tei:docDate", "when", "--12"), says="ISO 8601",
         also=()),
    Case("div id required", "rng", set_attr(D % 4, "xml:id", None), says="@xml:id is required", also=("ed-cite-id",)),
    Case("citable id form", "rng", set_attr(D % 4, "xml:id", f"{DOC}.D4"), says="Identifier of a citable unit"),
    Case("div type required", "rng", set_attr(D % 4, "type", None), says="@type is required"),
    Case("div type vocabulary", "rng", set_attr(D % 4, "type", "chapterette"), says='type="chapterette" is not one of'),
    Case("div without content", "rng",
         insert("//tei:body", f'<div xml:id="{DOC}.d10" type="section"><head xml:id="{DOC}.h10">Heading only</head>'
                              "</div>", -1), says="<div>"),
    Case("head id required", "rng", set_attr(H % 4, "xml:id", None), says="@xml:id is required", also=("ed-cite-id",)),
    Case("paragraph id required", "rng", set_attr(P % 5, "xml:id", None), says="@xml:id is required", also=("ed-cite-id",)),
    Case("paragraph number required", "rng", set_attr(P % 5, "n", None), says="@n is required",
         also=("ed-p-number",)),
    Case("paragraph number form", "rng", set_attr(P % 5, "n", "5a"), says="Paragraph number",
         also=("ed-p-number",)),
    Case("no number inside a quotation", "rng", set_attr(f"//tei:p[@xml:id='{DOC}.q1p1']", "n", "1"),
         says="@n is not allowed on <p> here"),
    Case("block quotation id required", "rng", set_attr(Q % 1, "xml:id", None), says="@xml:id is required", also=("ed-cite-id",)),
    Case("block quotation type", "rng", set_attr(Q % 1, "type", "display"), says='type="display" is not one of'),
    lacks("quote", Q % 2 + "/tei:quote"),
    Case("note id required", "rng", set_attr(NOTE, "xml:id", None), says="@xml:id is required", also=("ed-cite-id",)),
    Case("note type vocabulary", "rng", set_attr(NOTE, "type", "comment"), says='type="comment" is not one of'),
    Case("choice id required", "rng", set_attr(CHOICE % 2, "xml:id", None), says="@xml:id is required", also=("ed-cite-id",)),
    Case("correction type required", "rng", set_attr(CHOICE % 3 + "/tei:corr", "type", None),
         says="@type is required"),
    Case("correction type vocabulary", "rng", set_attr(CHOICE % 3 + "/tei:corr", "type", "typo"),
         says='type="typo" is not one of'),
    Case("correction outside choice", "rng", corr_out_of_choice(CHOICE % 5), says="only inside <choice>"),
    Case("title page part id required", "rng", set_attr("//tei:titlePage/tei:byline", "xml:id", None),
         says="@xml:id is required", also=("ed-cite-id",)),
    Case("closer id required", "rng", set_attr("//tei:closer", "xml:id", None), says="@xml:id is required", also=("ed-cite-id",)),
    Case("milestone unit vocabulary", "rng", set_attr("//tei:milestone", "unit", "page-group"),
         says='unit="page-group" is not one of'),
    Case("milestone rend vocabulary", "rng", set_attr("//tei:milestone", "rend", "stars"),
         says='rend="stars" is not one of'),
    Case("foreign needs a language", "rng", wrap_word(P % 27, "entire", "foreign"), says="@xml:lang is required"),
    Case("person id required", "rng", set_attr(PERSON, "xml:id", None), says="@xml:id is required",
         also=("ed-ref-resolves",)),
    lacks("persName", PERSON + "/tei:persName"),
    lacks("note", PERSON + "/tei:note"),
    Case("one pointer per ref", "rng", set_attr(P % 1 + "/tei:persName[1]", "ref", "#lenin #stalin"),
         says="does not have the required form", also=("ed-ref-resolves",)),
    Case("anchor id required", "rng", insert(P % 27, "<anchor/>"), says="@xml:id is required"),
    Case("author after the statements of responsibility", "rng",
         then(move_after(TITLE_STMT + "/tei:author", TITLE_STMT + "/tei:respStmt[last()]"),
              lambda tree: first(tree, TITLE_STMT + "/tei:respStmt[1]")),  # where the order first goes wrong
         says="the edition expects title, title*, author+, editor*"),
    Case("printed source type vocabulary", "rng", set_attr(PRINT, "type", "periodical"),
         says='type="periodical" is not one of'),
    Case("change version form", "rng", set_attr(CHANGE1, "n", "v1"), says="Version number",
         also=("ed-edition-version",)),
    Case("correspondence action type required", "rng",
         insert("//tei:profileDesc", '<correspDesc><correspAction><persName ref="#sedova">Natalia Sedova Trotsky'
                                     "</persName></correspAction></correspDesc>", -1),
         says="@type is required on <correspAction>"),
    Case("title part type vocabulary", "rng", set_attr("//tei:titlePart", "type", "heading"),
         says='type="heading" is not one of'),
    Case("title page date id required", "rng", set_attr("//tei:titlePage/tei:docDate", "xml:id", None),
         says="@xml:id is required", also=("ed-cite-id",)),
    Case("speech type vocabulary", "rng", wrap_word(P % 27, "entire", "q", type="aside"),
         says='type="aside" is not one of'),
    Case("number type vocabulary", "rng", wrap_word(P % 27, "entire", "num", type="some"),
         says='type="some" is not one of'),
    Case("gap reason vocabulary", "rng", insert(P % 27, '<gap reason="lost"/>'), says='reason="lost" is not one of'),
    Case("note place vocabulary", "rng", set_attr(NOTE, "place", "bottom"), says='place="bottom" is not one of'),
    Case("entry id form", "rng", set_attr(PERSON, "xml:id", "Sedov"), says="does not have the required form",
         also=("ed-ref-resolves",)),
]

CASES = SCHEMATRON_CASES + GRAMMAR_CASES


# ---------------------------------------------------------------------------------------------------------


def build(case: Case) -> tuple[etree._ElementTree, bytes, int]:
    """The changed document, its bytes, and the line where the problem must be reported."""
    tree = real_tree()
    target = case.change(tree)
    target = tree.getroot() if target is None else target
    data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    target.set("test-marker", "here")
    marked = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    del target.attrib["test-marker"]
    line = marked[: marked.index(b'test-marker="here"')].count(b"\n") + 1
    return tree, data, line


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule_reported_at_its_line(case: Case, validator, tmp_path: Path) -> None:
    _, data, line = build(case)
    path = tmp_path / case.file_name
    path.write_bytes(data)
    report = validator.validate_file(path)
    shown = [p.format() for p in report.problems]
    hits = [p for p in report.problems if p.rule == case.rule and p.line == line]
    assert hits, f"expected [{case.rule}] at line {line}; got:\n" + "\n".join(shown)
    assert {p.severity for p in hits} == {case.severity}
    if case.says:
        assert any(case.says in p.message for p in hits), "\n".join(p.message for p in hits)
    assert all(p.column >= 1 for p in report.problems)
    unexpected = {p.rule for p in report.errors} - {case.rule, *case.also}
    assert not unexpected, "other errors:\n" + "\n".join(shown)
    assert report.valid is (case.severity == "warning")


@pytest.mark.parametrize("case", CASES, ids=str)
def test_failing_document_is_still_a_tei_document(case: Case, validator) -> None:
    tree, _, _ = build(case)
    root = tree.getroot()
    assert root.tag == T + "TEI" and root.find(T + "teiHeader") is not None
    assert all(p.rule != "tei-root" for p in validator.validate_tree(tree, case.file_name).problems)


@pytest.mark.parametrize("case", GRAMMAR_CASES, ids=str)
def test_grammar_rule_goes_beyond_tei(case: Case, tei_all: etree.RelaxNG) -> None:
    """The document the project grammar rejects is valid TEI: the rule is the project's addition."""
    tree, _, _ = build(case)
    assert tei_all.validate(tree), f"not valid against tei_all, so not beyond TEI: {tei_all.error_log}"


def test_every_schematron_assertion_has_a_failing_document() -> None:
    schema = etree.parse(str(SCHEMA_DIR / "tei-edition.sch"))
    ids = set(schema.xpath("//sch:assert/@id | //sch:report/@id",
                           namespaces={"sch": "http://purl.oclc.org/dsdl/schematron"}))
    covered = {c.rule for c in SCHEMATRON_CASES}
    assert ids, "no assertion ids found"
    assert ids <= covered, f"assertions without a failing document: {sorted(ids - covered)}"


def test_every_assertion_has_an_id_and_a_message_with_a_remedy() -> None:
    schema = etree.parse(str(SCHEMA_DIR / "tei-edition.sch"))
    sch = {"sch": "http://purl.oclc.org/dsdl/schematron"}
    for node in schema.xpath("//sch:assert | //sch:report", namespaces=sch):
        ident = node.get("id")
        assert ident and re.fullmatch(r"ed-[a-z0-9-]+", ident), f"line {node.sourceline}: bad id {ident!r}"
        text = " ".join("".join(node.itertext()).split())
        assert " — " in text, f"{ident}: the message should say what is wrong — and how to fix it"


def test_rule_ids_documented_in_guidelines() -> None:
    guidelines = (SCHEMA_DIR / "GUIDELINES.md").read_text(encoding="utf-8")
    for case in SCHEMATRON_CASES:
        assert f"`{case.rule}`" in guidelines, f"{case.rule} is not explained in schema/GUIDELINES.md"
