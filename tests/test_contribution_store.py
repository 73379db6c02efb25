"""edition.contribution_store: contributions in SQLite give the same index as merging them in memory."""

from __future__ import annotations

import json
import random

from index_oracle import merge_indexes
from test_contributions import contribution

from edition.contribution_store import ContributionStore


def stored(store: ContributionStore, *contributions) -> dict[str, str]:
    current = {c.doc_id: store.add(json.dumps(c.to_json(), ensure_ascii=False)) for c in contributions}
    store.use(current)
    return current


def random_texts(seed: int, count: int):
    rng = random.Random(seed)
    names = {f"e{i}": (rng.choice(["person", "place", "org"]), rng.choice(["Ann Lee", "Bo", "Lee Ann", "Zed"]),
                       rng.choice(["", "one", "two"])) for i in range(8)}
    texts = []
    for t in range(count):
        chosen = rng.sample(sorted(names), rng.randint(0, 5))
        entities = {eid: names[eid] if rng.random() < 0.8 else (names[eid][0], "Other", "") for eid in chosen}
        units = {eid: [f"t{t}.p{rng.randint(1, 4)}" for _ in range(rng.randint(0, 3))] for eid in chosen}
        shared = [eid for eid in chosen if rng.random() < 0.3]
        texts.append(contribution(f"t{t:02d}", entities, units, shared))
    return texts


def test_the_store_gives_the_entries_passages_and_notes_that_merging_in_memory_gives():
    for seed in range(20):
        texts = random_texts(seed, 6)
        entries, notes = merge_indexes(texts)
        with ContributionStore() as store:
            stored(store, *reversed(texts))
            assert store.notes() == notes
            for kind in ("person", "place", "org"):
                expected = sorted((e for e in entries.values() if e.kind == kind), key=lambda e: (e.sort_key, e.id))
                got = store.entries(kind)
                assert [(e.id, e.name, e.description, e.sort_key) for e in got] == \
                    [(e.id, e.name, e.description, e.sort_key) for e in expected]
                for entry, want in zip(got, expected, strict=True):
                    assert list(store.passages(entry.id)) == want.by_text()
                    assert entry.texts == len(want.groups)
                    assert entry.passages == sum(n for _d, _t, units in want.groups for _u, _l, n in units)
            assert store.kinds() == {e.kind for e in entries.values()}


def test_only_the_contributions_in_use_count_and_pruning_keeps_them(tmp_path):
    old = contribution("a", {"x": ("person", "X", "")}, {"x": ["a.p1"]})
    new = contribution("a", {"x": ("person", "X", "")}, {"x": ["a.p1", "a.p2"]})
    other = contribution("b", {"y": ("place", "Y", "")}, {"y": ["b.p1"]})
    with ContributionStore(tmp_path / "s.sqlite") as store:
        first = stored(store, old, other)
        second = stored(store, new, other)
        assert first["a"] != second["a"] and first["b"] == second["b"]
        assert [len(units) for _d, _t, units in store.passages("x")] == [2]
        assert store.entries_of([("a", first["a"])]) == {"x"}
        assert store.entries_of([("a", first["a"]), ("b", first["b"])]) == {"x", "y"}
        store.use({"a": second["a"]})
        store.prune()  # every contribution but those in use goes
        assert store.has("a", second["a"]) and not store.has("a", first["a"]) and not store.has("b", second["b"])
        store.use({"a": second["a"], "b": second["b"]})
        assert store.missing() == ["b"]
    with ContributionStore(tmp_path / "s.sqlite") as again:  # kept on disk
        again.use({"a": second["a"]})
        assert again.missing() == [] and [e.id for e in again.entries("person")] == ["x"]


def test_a_store_made_by_another_version_starts_empty(tmp_path):
    path = tmp_path / "s.sqlite"
    with ContributionStore(path) as store:
        digest = stored(store, contribution("a", {"x": ("person", "X", "")}, {"x": ["a.p1"]}))["a"]
        store.db.execute("PRAGMA user_version=999")
    with ContributionStore(path) as store:
        assert not store.has("a", digest)
