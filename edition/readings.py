"""The two readings of a TEI text as plain strings: as transcribed, and as corrected by the edition.

Used by the fidelity test (the transcribed reading must reproduce the source transcription) and by the
completeness tests of every output (each word of a reading must appear in the HTML and the PDF, in order).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from lxml import etree

Reading = Literal["transcribed", "corrected"]

# Inside <choice>, which child belongs to which reading.
_TRANSCRIBED_ONLY = {"sic", "orig", "abbr"}
_CORRECTED_ONLY = {"corr", "reg", "expan"}
# Block-level elements: a reader sees a break between them, so their texts never run together.
_BLOCKS = {
    "p", "head", "byline", "docTitle", "titlePart", "docDate", "docAuthor", "dateline", "closer", "opener",
    "salute", "signed", "quote", "cit", "bibl", "l", "lg", "item", "list", "div", "note", "ab", "label",
    "trailer", "epigraph", "argument", "postscript", "sp", "speaker", "stage", "cell", "row", "table",
}
_MILESTONE_TEXT = {"asterisks": "* * *"}


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _is_editorial_note(el: etree._Element) -> bool:
    return _local(el) == "note" and (el.get("type") == "editorial" or el.get("resp") is not None)


def reading_text(
    root: etree._Element,
    reading: Reading = "transcribed",
    include_editorial_notes: bool = False,
) -> str:
    """The text of `root` (usually tei:text) in one reading, with white space folded to single spaces."""
    skip = _CORRECTED_ONLY if reading == "transcribed" else _TRANSCRIBED_ONLY
    parts: list[str] = []

    def walk(el: etree._Element) -> None:
        name = _local(el)
        if not name:  # comment or processing instruction: no text of the document
            return
        parent = el.getparent()
        if parent is not None and _local(parent) == "choice" and name in skip:
            return
        if name == "note" and _is_editorial_note(el) and not include_editorial_notes:
            return
        block = name in _BLOCKS
        if block:
            parts.append(" ")
        if name == "milestone" and el.get("rend") in _MILESTONE_TEXT:
            parts.append(f" {_MILESTONE_TEXT[el.get('rend')]} ")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append(" ")

    walk(root)
    return " ".join("".join(parts).split())


_WORD = re.compile(r"\w+(?:[’'\-]\w+)*", re.UNICODE)


def words(text: str) -> list[str]:
    """The words of a text, for order-preserving comparisons across formats (NFC, case kept)."""
    return _WORD.findall(unicodedata.normalize("NFC", text))
