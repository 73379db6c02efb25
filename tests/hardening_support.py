"""Checks shared by the hardening tests: no word of a TEI text is lost on the reading page or in the PDF."""

from __future__ import annotations

import copy
import re
import subprocess
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from site_support import page_words, tei_words
from support import require_tool

from edition import TEI_NS
from edition.readings import reading_text, words
from edition.xmlsafe import parse_file, remove_keeping_tail
from tests.support import text_element

NS = {"tei": TEI_NS}


def letters(word_list: list[str]) -> str:
    """The letters and digits of a text, in order: word boundaries aside (a source may run a word into the
    next element, as in <byline>by<docAuthor>…, which one reading sees as one word and another as two)."""
    return re.sub(r"\W", "", "".join(word_list))


def first_missing(expected: str, actual: str) -> int | None:
    """Where `expected` stops being a subsequence of `actual` (None when every character is there in order)."""
    position = 0
    for index, char in enumerate(expected):
        position = actual.find(char, position)
        if position < 0:
            return index
        position += 1
    return None


def _without_inner_notes(note: etree._Element) -> etree._Element:
    """A copy of a note without the notes inside it (each of those is a footnote of its own)."""
    own = copy.deepcopy(note)
    for inner in own.xpath(".//tei:note", namespaces=NS):
        remove_keeping_tail(inner)
    return own


def note_words(source: Path, reading: str) -> list[str]:
    """The words of the notes as the footnotes give them: every note in document order, each without the
    notes inside it."""
    text = text_element(parse_file(source))
    return [w for note in text.xpath(".//tei:note", namespaces=NS)
            for w in words(reading_text(_without_inner_notes(note), reading, include_editorial_notes=True))]


def assert_every_word_on_the_page(source: Path, page: Path) -> None:
    for reading in ("corrected", "transcribed"):
        expected_text = tei_words(source, reading)[0]
        expected_notes = note_words(source, reading)
        text, notes = page_words(page, reading)
        for expected, actual, part in ((expected_text, text, "text"), (expected_notes, notes, "notes")):
            want, have = letters(expected), letters(actual)
            missing = first_missing(want, have)
            assert missing is None, (f"{reading} {part}: the page lacks {want[missing:missing + 40]!r} "
                                     f"(after {want[max(0, missing - 40):missing]!r})")


@dataclass
class PdfText:
    words: Counter[str]  # the layout's hyphenation at line ends undone
    letters: str  # every letter and digit, in the order of the text stream
    halves: set[str]  # first halves of words hyphenated where the join is not in the stream (a page's foot)

    def missing(self, expected: set[str]) -> list[str]:
        """Expected words not in the PDF. A word counts as there when its letters stand together in the
        stream (text extraction may split a word where the font changes) or in two halves across a page."""
        return sorted(w for w in expected - set(self.words)
                      if re.sub(r"\W", "", w) not in self.letters
                      and not any(w.startswith(h) and w[len(h):] in self.words for h in self.halves))


def read_pdf(pdf: Path) -> PdfText:
    pdftotext = require_tool("pdftotext", "reading the PDF's text (poppler-utils)")
    text = subprocess.run([pdftotext, "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    # NFC: where a font lacks a precomposed letter (Ȩ), the PDF shows and gives back its decomposed form (E + ◌̧)
    joined = unicodedata.normalize("NFC", text.replace("\u2010\n", ""))
    return PdfText(Counter(words(" ".join(joined.split()))), re.sub(r"\W", "", joined),
                   set(re.findall(r"(\w+)\u2010\s", text)))


def expected_words(source: Path) -> set[str]:
    """Every word of the text in both readings, notes included."""
    text = text_element(parse_file(source))
    return {w for reading in ("corrected", "transcribed")
            for w in words(reading_text(text, reading, include_editorial_notes=True))}
