"""Names the edition's lists already know, found in imported text.

The lists are the `standOff` lists of persons, places and organisations of every text in `tei/` and the
shared lists in `tei/shared/`. Every name an entry gives is a form to look for (for a person with marked
parts also the surname alone and forename + surname); matching ignores accents ("Coyoacan" finds the entry
"Coyoacán") but not case. Other capitalised names are only counted, for the editor's report.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .. import TEI_NS
from ..errors import EditionError
from ..xmlsafe import parse_file

T = f"{{{TEI_NS}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_KINDS = {"person": "persName", "place": "placeName", "org": "orgName"}


@dataclass
class Known:
    id: str
    kind: str  # person | place | org
    forms: set[str]
    element: etree._Element  # the entry, to copy into the draft (entries of other texts)
    shared_file: str = ""  # "shared/names.xml" for an entry of a shared list: point to it, do not copy

    @property
    def name_tag(self) -> str:
        return _KINDS[self.kind]

    def pointer(self) -> str:
        return f"{self.shared_file}#{self.id}" if self.shared_file else f"#{self.id}"


def fold(text: str) -> str:
    """Each character without its accents, one character for one: positions stay those of the text."""
    return "".join((unicodedata.normalize("NFD", c)[0] if c.isalpha() else c) for c in text)


def _forms(name: etree._Element) -> set[str]:
    full = " ".join("".join(name.itertext()).split())
    forms = {full}
    surnames = [" ".join("".join(s.itertext()).split()) for s in name.iter(f"{T}surname")]
    forenames = [" ".join("".join(s.itertext()).split()) for s in name.iter(f"{T}forename")]
    if surnames:
        forms.add(" ".join(surnames))
        if forenames:
            forms.add(f"{forenames[0]} {' '.join(surnames)}")
    return {f for f in forms if len(f) >= 3}


def _entries(root: etree._Element, shared_file: str) -> list[Known]:
    found = []
    for kind, name_tag in _KINDS.items():
        for entry in root.iter(f"{T}{kind}"):
            uid = entry.get(XML_ID)
            names = [n for n in entry if n.tag == f"{T}{name_tag}"]
            if uid and names:
                forms = set().union(*(_forms(n) for n in names))
                found.append(Known(uid, kind, forms, entry, shared_file))
    return found


def load_known(tei_dir: Path) -> list[Known]:
    """Every entry of the lists in `tei_dir` (texts first, then shared lists); the first of an id wins."""
    known: dict[str, Known] = {}
    for path in sorted(tei_dir.glob("*.xml")):
        for stand_off in _root(path).iter(f"{T}standOff"):
            for entry in _entries(stand_off, ""):
                known.setdefault(entry.id, entry)
    for path in sorted((tei_dir / "shared").glob("*.xml")):
        for entry in _entries(_root(path), f"shared/{path.name}"):
            known[entry.id] = entry
    return list(known.values())


def _root(path: Path) -> etree._Element:
    """A list's root; an unreadable file gives no entries (reporting it is the validator's business)."""
    try:
        return parse_file(path).getroot()
    except EditionError:
        return etree.Element("unreadable")


@dataclass
class NameFinder:
    known: list[Known]
    used: dict[str, Known] = field(default_factory=dict)
    unknown: Counter = field(default_factory=Counter)
    _pattern: re.Pattern | None = None
    _by_form: dict[str, Known] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for entry in self.known:
            for form in entry.forms:
                self._by_form.setdefault(fold(form), entry)
        forms = sorted(self._by_form, key=len, reverse=True)
        self._pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, forms)) + r")(?![\w])") \
            if forms else None

    def split(self, text: str) -> list[tuple[str, Known | None]]:
        """The text cut into pieces, each a known name (with its entry) or plain text."""
        pieces: list[tuple[str, Known | None]] = []
        at = 0
        for match in (self._pattern.finditer(fold(text)) if self._pattern else ()):
            entry = self._by_form[match[0]]
            pieces.append((text[at:match.start()], None))
            pieces.append((text[match.start():match.end()], entry))
            self.used.setdefault(entry.id, entry)
            at = match.end()
        pieces.append((text[at:], None))
        for piece, entry in pieces:
            if entry is None:
                self.count_unknown(piece)
        return [(p, e) for p, e in pieces if p]

    def find(self, text: str) -> Known | None:
        """The entry whose form is exactly `text` (accents ignored), for names in the header."""
        entry = self._by_form.get(fold(" ".join(text.split())))
        if entry is not None:
            self.used.setdefault(entry.id, entry)
        return entry

    def count_unknown(self, text: str) -> None:
        for match in _CAPITALISED.finditer(text):
            words = match[0].split()
            while len(words) > 1 and words[0] in _COMMON:
                words = words[1:]
            name = " ".join(words)
            sentence_start = text[:match.start()].rstrip().endswith((".", "!", "?", ":", "“", '"')) or \
                not text[:match.start()].strip()
            if len(words) == 1 and (sentence_start or name in _COMMON):
                continue
            self.unknown[name] += 1


def copy_entry(entry: Known) -> etree._Element:
    copied = copy.deepcopy(entry.element)
    copied.tail = None
    return copied


_CAPITALISED = re.compile(r"\b[A-Z][\w’'-]*[a-z][\w’'-]*(?:\s+(?:of\s+|de\s+|von\s+)?[A-Z][\w’'-]*[a-z][\w’'-]*)*")
_COMMON = {"The", "A", "An", "I", "In", "On", "It", "He", "She", "We", "They", "This", "That", "But", "And", "If",
           "As", "At", "By", "For", "Of", "To", "Mr", "Mrs", "Dr", "Yours", "Dear", "With", "Not", "No", "Our",
           "His", "Her", "Their", "What", "When", "Where", "Who", "Why", "How", "There", "These", "Those",
           "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
