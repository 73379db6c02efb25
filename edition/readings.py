"""The two readings of a TEI text as plain strings: as transcribed, and as corrected by the edition.

Used by the fidelity test (the transcribed reading must reproduce the source transcription) and by the
completeness tests of every output (each word of a reading must appear in the HTML and the PDF, in order).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
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
    return " ".join("".join(reading_texts(root, reading, include_editorial_notes)).split())


def reading_texts(
    root: etree._Element,
    reading: Reading = "transcribed",
    include_editorial_notes: bool = False,
) -> Iterator[str]:
    """The texts of `root` in one reading, in document order, with a space on each side of a block: what
    `reading_text` folds into one string (edition.ids stops reading once it has a unit's first words)."""
    return _texts(root, _CORRECTED_ONLY if reading == "transcribed" else _TRANSCRIBED_ONLY, include_editorial_notes)


def _texts(el: etree._Element, skip: set[str], include_editorial_notes: bool) -> Iterator[str]:
    tag = el.tag
    if not isinstance(tag, str):  # comment or processing instruction: no text of the document
        return
    name = tag.rpartition("}")[2]
    if name in skip:
        parent = el.getparent()
        if parent is not None and _local(parent) == "choice":
            return
    if name == "note" and not include_editorial_notes and _is_editorial_note(el):
        return
    block = name in _BLOCKS
    if block:
        yield " "
    if name == "milestone" and el.get("rend") in _MILESTONE_TEXT:
        yield f" {_MILESTONE_TEXT[el.get('rend')]} "
    if el.text:
        yield el.text
    for child in el:
        yield from _texts(child, skip, include_editorial_notes)
        if child.tail:
            yield child.tail
    if block:
        yield " "


_WORD = re.compile(r"\w+(?:[’'\-]\w+)*", re.UNICODE)


def words(text: str) -> list[str]:
    """The words of a text, for order-preserving comparisons across formats (NFC, case kept)."""
    return _WORD.findall(unicodedata.normalize("NFC", text))
