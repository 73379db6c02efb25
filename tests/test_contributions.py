"""edition.contributions: a text's part of the catalogue and the indexes, as plain data, merged across texts."""

from __future__ import annotations

import dataclasses
import json

from index_oracle import merge_indexes
from support import REAL_SOURCE

from edition.contributions import (
    EntityDefinition,
    TextContribution,
    meta_from_json,
    meta_to_json,
)
from edition.metadata import Entity, read_metadata
from edition.xmlsafe import parse_file


def essay_meta():
    return read_metadata(parse_file(REAL_SOURCE))


def contribution(doc_id: str, entities: dict[str, tuple[str, str, str]], names: dict[str, list[str]],
                 shared=()) -> TextContribution:
    meta = dataclasses.replace(essay_meta(), doc_id=doc_id, title=f"Title {doc_id}",
                               entities={k: Entity(k, *v) for k, v in entities.items()})
    occurrences = [{"entity": e, "unit": u, "label": u.upper()} for e, units in names.items() for u in units]
    return TextContribution.from_document(doc_id, meta, "en", occurrences, shared)


def test_the_header_survives_a_trip_through_json():
    meta = essay_meta()
    again = meta_from_json(json.loads(json.dumps(meta_to_json(meta))))
    assert again == meta


def test_a_contribution_survives_a_trip_through_json_and_counts_names_per_passage():
    c = contribution("a", {"x": ("person", "X", "d")}, {"x": ["p1", "p1", "p2"], "unknown": ["p3"]})
    assert c.names == {"x": [("p1", "P1", 2), ("p2", "P2", 1)]}
    assert c.meta.entities == {} and c.meta.paragraphs == ()
    assert TextContribution.from_json(json.loads(json.dumps(c.to_json()))) == c


def test_part_digests_change_only_with_the_part_they_stand_for():
    a = contribution("a", {"x": ("person", "X", "d"), "m": ("place", "M", "")}, {"x": ["p1"], "m": ["p1"]})
    b = contribution("a", {"x": ("person", "X", "d"), "m": ("place", "M", "")}, {"x": ["p1"], "m": ["p2"]})
    da, db = a.part_digests(), b.part_digests()
    assert da["catalogue"] == db["catalogue"] and da["person"] == db["person"]
    assert da["place"] != db["place"] and da["org"] == "" == db["org"]


def test_entries_merge_by_id_across_texts_and_the_shared_definition_wins():
    a = contribution("a", {"x": ("person", "X local", "as A says")}, {"x": ["a.p1"]})
    b = contribution("b", {"x": ("person", "X", "the shared entry")}, {"x": ["b.p2", "b.p3"]}, shared=["x"])
    entries, notes = merge_indexes([b, a])
    entry = entries["x"]
    assert (entry.name, entry.description) == ("X", "the shared entry")
    assert entry.by_text() == [("a", "Title a", [("a.p1", "A.P1", 1)]),
                               ("b", "Title b", [("b.p2", "B.P2", 1), ("b.p3", "B.P3", 1)])]
    assert len(notes) == 1 and "'x'" in notes[0] and "a, b" in notes[0]


def test_identical_definitions_make_no_note_and_persons_sort_by_surname():
    a = contribution("a", {"d": ("person", "Joseph E. Davies", ""), "s": ("person", "Stalin", "")}, {})
    b = contribution("b", {"d": ("person", "Joseph E. Davies", "")}, {})
    entries, notes = merge_indexes([a, b])
    assert notes == []
    assert min(entries.values(), key=lambda e: e.sort_key).id == "d"
    assert entries["d"].groups == []
    assert EntityDefinition("person", "A", "").shared is False


def test_persons_sort_by_the_surname_the_list_marks():
    """Entity.index_heading's order: "Sedova Trotsky, Natalia" under S, not under the last word (T)."""
    people = {"sedova": ("person", "Natalia Sedova Trotsky", "", "Sedova Trotsky", "Natalia"),
              "trotsky": ("person", "Leon Trotsky", "", "Trotsky", "Leon"),
              "stalin": ("person", "Stalin", ""),
              "davies": ("person", "Joseph E. Davies", "", "Davies", "Joseph E.")}
    c = contribution("a", people, {})
    again = TextContribution.from_json(json.loads(json.dumps(c.to_json())))
    assert again == c and again.entities["sedova"].surname == "Sedova Trotsky"
    entries, _notes = merge_indexes([c])
    order = [e.id for e in sorted(entries.values(), key=lambda e: (e.sort_key, e.id))]
    assert order == ["davies", "sedova", "stalin", "trotsky"]
