"""encodingDesc (what the importer did, and what it left out), profileDesc (when and where the text was
written) and revisionDesc (the draft's history)."""

from __future__ import annotations

from lxml import etree

from .facts import Facts
from .layout import Page
from .people import People
from .tei_header import ImportInfo
from .tei_text import sub

POLICIES = {
    "correction": ("Nothing is corrected: the draft gives the page's text as it stands. Evident errors are for "
                   "the editor to mark, as transcribed in sic and corrected in corr inside choice."),
    "normalization": ("Nothing is normalised: spelling, capitalisation, punctuation and dashes are kept as the "
                      "page has them; Markdown escapes and HTML character references are read as the characters "
                      "they stand for."),
    "quotation": ("Quotation marks are kept as characters of the text. The page's block quotations are encoded "
                  "as cit/quote; quotations inside paragraphs are not yet marked."),
    "hyphenation": "The page has no line-end hyphenation; hyphens are kept as they stand.",
    "segmentation": ("The text is divided as the page divides it: its headings open sections (div with head), "
                     "its paragraphs are paragraphs, numbered in n through the body; a row of asterisks is a "
                     "milestone; the page's footnotes and endnotes stand as notes at their markers, the marker "
                     "in n. Every section, heading, paragraph, block quotation, list and note carries an "
                     "xml:id of the form doc-id.local, kept from an earlier import of the same text where the "
                     "words are the same or nearly so."),
    "interpretation": ("Persons, places and organisations are tagged only where the edition's lists already "
                       "know the name, by every form the lists give (accents ignored); other names are listed in "
                       "the import report for the editor, not tagged. Dates in the text are not yet marked."),
}


def encoding_desc(header: etree._Element, page: Page, dropped: list[str]) -> None:
    decl = sub(sub(header, "encodingDesc"), "editorialDecl")
    sub(sub(decl, "correction", method="markup", status="unknown"), "p", POLICIES["correction"])
    sub(sub(decl, "normalization", method="markup"), "p", POLICIES["normalization"])
    sub(sub(decl, "quotation", marks="all"), "p", POLICIES["quotation"])
    sub(sub(decl, "hyphenation", eol="none"), "p", POLICIES["hyphenation"])
    sub(sub(decl, "segmentation"), "p", POLICIES["segmentation"])
    sub(sub(decl, "interpretation"), "p", POLICIES["interpretation"])
    left = [f"{item.why} (“{item.text}”)" for item in page.left_out]
    left += [f"an image's caption (“{text}”)" for text in dropped]
    said = "; ".join(left) if left else "nothing"
    sub(decl, "p", f"Left out of the text, as page furniture: {said}. The links of the page are not kept. "
                   f"The provenance block above the text is recorded in this header (sourceDesc, titleStmt, "
                   f"notesStmt, availability, creation).")


def profile_desc(header: etree._Element, facts: Facts, writer) -> None:
    profile = sub(header, "profileDesc")
    creation = sub(profile, "creation")
    if facts.written is not None:  # a date the page does not give is left out (a warning for the editor)
        sub(creation, "date", facts.written.text or facts.written.value, **facts.written.attributes())
    if facts.place:
        if len(creation):
            creation[-1].tail = ", "
        writer.text(creation, facts.place)
    sub(sub(profile, "langUsage"), "language", "English", ident="en")


def revision_desc(header: etree._Element, facts: Facts, info: ImportInfo, people: People) -> None:
    revisions = sub(header, "revisionDesc", status="draft")
    sub(revisions, "change", f"Draft imported by build.py import from {info.source_name} ({info.source_format}, "
                             f"{info.encoding}); to be checked by the editor.", when=info.date, who=people.sde(),
        n="0.1")
    if facts.updated is not None:
        sub(revisions, "change", "Last update of the online version, as its page states.",
            when=facts.updated.value)
