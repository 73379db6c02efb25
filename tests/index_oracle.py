"""An in-memory merge of the texts' contributions into index entries: the oracle the contribution store's
queries are checked against (edition.contribution_store does the same in SQL, a row at a time)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from edition.contributions import EntityDefinition, TextContribution
from edition.decisions import name_sort_key


@dataclass
class IndexEntry:
    """One entry of an index page: the entity and, per text, the passages that name it."""

    id: str
    kind: str
    name: str
    description: str
    sort_key: str
    groups: list[tuple[str, str, list[tuple[str, str, int]]]] = field(default_factory=list)

    def by_text(self) -> list[tuple[str, str, list[tuple[str, str, int]]]]:
        """[(doc_id, title, [(unit, label, times named)])], texts by ID, passages in reading order."""
        return self.groups


def merge_indexes(contributions: Sequence[TextContribution]) -> tuple[dict[str, IndexEntry], list[str]]:
    """The index entries of the whole corpus, and notes on entries that texts define differently.

    Entries are merged by xml:id. The definition shown is the shared list's when a text reaches the entry
    through one, else that of the first text (by document ID) that defines it.
    """
    ordered = sorted(contributions, key=lambda c: c.doc_id)
    chosen: dict[str, tuple[str, EntityDefinition]] = {}
    differing: dict[str, set[str]] = {}
    for c in ordered:
        for eid, definition in c.entities.items():
            current = chosen.get(eid)
            if current is not None and (definition.kind, definition.name, definition.description) != \
                    (current[1].kind, current[1].name, current[1].description):
                differing.setdefault(eid, {current[0]}).add(c.doc_id)
            if current is None or (definition.shared and not current[1].shared):
                chosen[eid] = (c.doc_id, definition)
    entries: dict[str, IndexEntry] = {}
    for eid, (_doc, d) in chosen.items():
        key = name_sort_key(d.name, d.surname, d.forename)
        entries[eid] = IndexEntry(eid, d.kind, d.name, d.description, key)
    for c in ordered:
        for eid, units in c.names.items():
            entry = entries.get(eid)
            if entry is not None and units:
                entry.groups.append((c.doc_id, c.title, list(units)))
    notes = [f"the entry {eid!r} is defined differently in {', '.join(sorted(docs))}; the index shows "
             f"{chosen[eid][0]}'s — keep one entry in a shared list (tei/shared/) and point every text to it"
             for eid, docs in sorted(differing.items())]
    return entries, notes
