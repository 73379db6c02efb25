"""Identifiers for an imported draft, keeping those of a text that is already in the edition.

When the text was imported (or encoded) before, each new unit (paragraph, heading, note, block quotation,
section) takes the `xml:id` of the old unit of the same element whose words are the same or nearly so:
difflib's ratio over the two word sequences at least KEEP_RATIO (0.8: a corrected typo, a changed word or a
few added words keep the ID; a rewritten paragraph gets a new one). Each old ID is given once. New IDs
continue the old numbering, and never take an ID the register of published IDs knows (also a retired one)
or the old file used, so a published citation never leads to another passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from lxml import etree

from ..ids import Register
from ..readings import reading_text, words

KEEP_RATIO = 0.8
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_LOCAL = re.compile(r"^(?P<prefix>[a-z]+)(?P<number>\d+)$")


@dataclass
class OldUnit:
    id: str
    element: str  # local name: p, head, note, cit, div
    words: list[str]


def old_units(root: etree._Element | None, doc_id: str) -> list[OldUnit]:
    """The citable units of the text as it stands in the edition (none when it is new)."""
    if root is None:
        return []
    units = []
    for el in root.iter():
        uid = el.get(XML_ID) if isinstance(el.tag, str) else None
        if uid and uid.startswith(doc_id + "."):
            local = etree.QName(el).localname
            units.append(OldUnit(uid, local, words(reading_text(el, "transcribed"))))
    return units


@dataclass
class IdKeeper:
    doc_id: str
    old: list[OldUnit] = field(default_factory=list)
    register: Register | None = None
    kept: dict[str, str] = field(default_factory=dict)  # old id -> what it was kept for
    taken: set[str] = field(default_factory=set)
    _next: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        forbidden = {u.id for u in self.old}
        if self.register is not None:
            forbidden |= set(self.register.texts.get(self.doc_id, {}))
            forbidden |= {uid for uid in _all_register_ids(self.register) if uid.startswith(self.doc_id + ".")}
        self.taken |= forbidden
        for uid in forbidden:
            match = _LOCAL.match(uid[len(self.doc_id) + 1:]) if uid.startswith(self.doc_id + ".") else None
            if match:
                prefix, number = match["prefix"], int(match["number"])
                self._next[prefix] = max(self._next.get(prefix, 0), number)

    def fixed(self, local: str) -> str:
        """A fixed local name (byline, title, date, closer), the same in every import."""
        uid = f"{self.doc_id}.{local}"
        self.kept[uid] = local
        return uid

    def for_unit(self, element: str, prefix: str, text: str) -> str:
        """The ID of a unit: kept from the old text when its words match, else a new one."""
        found = self._match(element, words(text))
        if found is not None:
            self.kept[found.id] = text
            return found.id
        return self.new(prefix)

    def new(self, prefix: str) -> str:
        number = self._next.get(prefix, 0)
        while True:
            number += 1
            uid = f"{self.doc_id}.{prefix}{number}"
            if uid not in self.taken:
                self._next[prefix] = number
                self.taken.add(uid)
                return uid

    def _match(self, element: str, new_words: list[str]) -> OldUnit | None:
        best, best_ratio = None, KEEP_RATIO
        for unit in self.old:
            if unit.element != element or unit.id in self.kept:
                continue
            if unit.words == new_words:
                return unit
            matcher = SequenceMatcher(None, unit.words, new_words, autojunk=False)
            if matcher.real_quick_ratio() >= best_ratio and matcher.quick_ratio() >= best_ratio:
                ratio = matcher.ratio()
                if ratio >= best_ratio:
                    best, best_ratio = unit, ratio
        return best


def _all_register_ids(register: Register) -> set[str]:
    return {uid for entries in register.texts.values() for uid in entries}
