"""What one text contributes to the pages that span the corpus (catalogue, indexes of names).

A text's reading page is made from the text alone; the catalogue and the indexes are made from every
text. Each text's part of them is a `TextContribution`: small, plain data that goes through a process
pool and into the build manifest as JSON, so an incremental build can remake the cross-text pages
without reading the texts that did not change.

    contribution = TextContribution.from_document(doc_id, meta, lang, occurrences, shared_ids)
    data = contribution.to_json();  TextContribution.from_json(data) == contribution
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .decisions import INDEX_KIND
from .metadata import (
    Contributor,
    DateValue,
    DocumentMeta,
    Entity,
    OnlineSource,
    ParagraphRef,
    PrintedSource,
    Revision,
)


@dataclass(frozen=True)
class EntityDefinition:
    """An entry of a list of names as a text gives it (or a shared list, through the text)."""

    kind: str  # person | place | org
    name: str
    description: str
    shared: bool = False  # from a shared list (tei/shared/): the corpus's own entry
    surname: str = ""  # persons: the parts of the name, when the list marks them (index order)
    forename: str = ""


@dataclass(frozen=True)
class TextContribution:
    doc_id: str
    title: str
    lang: str
    meta: DocumentMeta  # the header, without the per-text lists (entities, paragraphs)
    # entity id → [(unit id, unit label, times named in that unit)], units in reading order
    names: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    entities: dict[str, EntityDefinition] = field(default_factory=dict)
    downloads: tuple[str, ...] = ()  # the other editions its folder holds that the catalogue links ("epub")

    @classmethod
    def from_document(cls, doc_id: str, meta: DocumentMeta, lang: str, occurrences: Iterable[Mapping[str, str]],
                      shared_ids: Iterable[str] = (), downloads: tuple[str, ...] = ()) -> TextContribution:
        """`occurrences`: the names of the text in reading order ({"entity", "unit", "label"} each)."""
        names: dict[str, dict[tuple[str, str], int]] = {}
        for occ in occurrences:
            entity = occ["entity"]
            if entity not in meta.entities:
                continue
            units = names.setdefault(entity, {})
            key = (occ["unit"], occ["label"])
            units[key] = units.get(key, 0) + 1
        shared = set(shared_ids)
        entities = {eid: EntityDefinition(e.kind, e.name, e.description, eid in shared, e.surname, e.forename)
                    for eid, e in meta.entities.items()}
        return cls(doc_id, meta.title or doc_id, lang, dataclasses.replace(meta, entities={}, paragraphs=()),
                   {eid: [(u, lab, n) for (u, lab), n in units.items()] for eid, units in names.items()},
                   entities, downloads)

    def to_json(self) -> dict:
        data = {
            "doc_id": self.doc_id, "title": self.title, "lang": self.lang,
            "meta": meta_to_json(self.meta),
            "names": {eid: [list(u) for u in units] for eid, units in self.names.items()},
            "entities": {eid: [e.kind, e.name, e.description, e.shared, e.surname, e.forename]
                         for eid, e in self.entities.items()},
        }
        if self.downloads:
            data["downloads"] = list(self.downloads)
        return data

    def part_digests(self, data: Mapping | None = None) -> dict[str, str]:
        """A hash per cross-text page kind this text feeds: "catalogue", and "person", "place", "org" for the
        indexes; a page is remade when the hash of any text's part changes. `data`: `self.to_json()`, when the
        caller has made it already."""
        from .manifest import digest

        if data is None:
            data = self.to_json()
        parts = {"catalogue": digest([data["doc_id"], data["title"], data["lang"], data["meta"],
                                      *([data["downloads"]] if data.get("downloads") else [])])}
        for kind in INDEX_KIND:
            entities = {eid: e for eid, e in data["entities"].items() if e[0] == kind}
            names = {eid: units for eid, units in data["names"].items() if eid in entities}
            parts[kind] = digest([data["doc_id"], data["title"], entities, names]) if entities else ""
        return parts

    @classmethod
    def from_json(cls, data: Mapping) -> TextContribution:
        return cls(
            data["doc_id"], data["title"], data["lang"], meta_from_json(data["meta"]),
            {eid: [(u, lab, int(n)) for u, lab, n in units] for eid, units in data["names"].items()},
            {eid: EntityDefinition(k, n, d, bool(s), *parts) for eid, (k, n, d, s, *parts) in data["entities"].items()},
            tuple(data.get("downloads", ())),
        )


# --- DocumentMeta as JSON ------------------------------------------------------------------------------

def meta_to_json(meta: DocumentMeta) -> dict:
    return _plain(meta)


_field_names: dict[type, tuple[str, ...]] = {}


def _plain(value):
    """What `dataclasses.asdict` gives for the header's values (dataclasses, tuples, dicts, strings, booleans),
    without its deep copy of every string."""
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return value
    names = _field_names.get(kind)
    if names is None and dataclasses.is_dataclass(value):
        names = _field_names[kind] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if kind is tuple or kind is list:
        return kind(_plain(v) for v in value)
    if kind is dict:
        return {_plain(k): _plain(v) for k, v in value.items()}
    return dataclasses.asdict(value) if dataclasses.is_dataclass(value) else value


def _date(data: Mapping | None) -> DateValue:
    return DateValue(**data) if data else DateValue("", "")


def meta_from_json(data: Mapping) -> DocumentMeta:
    values = dict(data)
    values["contributors"] = tuple(Contributor(**{**c, "roles": tuple(c["roles"]),
                                                  "role_labels": tuple(c["role_labels"])})
                                   for c in data["contributors"])
    values["edition_date"] = _date(data["edition_date"])
    values["created"] = _date(data["created"])
    ps = data.get("printed_source")
    values["printed_source"] = PrintedSource(**{**ps, "date": _date(ps["date"])}) if ps else None
    online = data.get("online_source")
    values["online_source"] = (OnlineSource(online["title"], _date(online["published"]), _date(online["updated"]))
                               if online else None)
    values["keywords"] = tuple(data["keywords"])
    values["revisions"] = tuple(Revision(**r) for r in data["revisions"])
    values["entities"] = {k: Entity(**e) for k, e in data.get("entities", {}).items()}
    values["paragraphs"] = tuple(ParagraphRef(**p) for p in data.get("paragraphs", ()))
    return DocumentMeta(**values)
