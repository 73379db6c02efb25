"""Every text's contribution to the cross-text pages, kept in an SQLite file instead of in memory.

    store = ContributionStore(path)                 # or ContributionStore() for one in memory
    digest = store.add(contribution_json)           # the JSON a worker sent (TextContribution.to_json())
    store.use({doc_id: digest, …})                  # the contributions of the site being built
    for doc_id, title, lang, meta in store.catalogue(): …        # texts by ID, one row at a time
    for entry in store.entries("person"): …         # the index's entries, with counts
    for doc_id, title, units in store.passages("stalin", 0, 200): …

Rows are keyed by the document ID and the hash of the contribution's JSON, so adding is all a build does
before its site is published: the rows the published site was made from stay until `prune()`, which the
build calls after it has published. A build that dies therefore never leaves the store behind its site.
The build's main process reads one row at a time: its memory does not grow with the number of texts.

Adding is batched: `add()` opens a transaction and commits every BATCH contributions (and whenever the
store is read, changed otherwise, or closed — `flush()`). A build killed meanwhile loses only
contributions it had not published (SQLite rolls the open transaction back when the file is next opened),
which the next build makes again. The file is the build's own cache beside the site, so it is written
without waiting for the disk (`synchronous=OFF`: safe when the process dies, which is what SQLite's
journal guards against); a file that cannot be read (the machine lost power mid-write) is started again,
and everything is rebuilt. The same file holds the build manifest's tables (edition.manifest).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Self

import orjson

from .contributions import EntityDefinition
from .decisions import name_sort_key
from .errors import display_path

SCHEMA = """
CREATE TABLE IF NOT EXISTS texts (doc_id TEXT, digest TEXT, title TEXT, lang TEXT, meta TEXT,
                                  PRIMARY KEY (doc_id, digest));
CREATE TABLE IF NOT EXISTS entities (doc_id TEXT, digest TEXT, eid TEXT, kind TEXT, name TEXT, description TEXT,
                                     shared INTEGER, surname TEXT, forename TEXT);
CREATE TABLE IF NOT EXISTS names (doc_id TEXT, digest TEXT, eid TEXT, passages INTEGER, units TEXT);
CREATE INDEX IF NOT EXISTS names_by_entity ON names (eid, doc_id);
"""
# (No index of entities and names by text: what reads them by text reads every text's rows in one pass, and
# adding 1,000 texts costs 0.33 s instead of 0.44 s without the two indexes, 2026-12-07.)
VERSION = 4
BATCH = 200  # contributions added in one transaction


@dataclass(frozen=True)
class StoredEntry:
    """An entry of an index: the definition shown, how many texts and passages name it."""

    id: str
    kind: str
    name: str
    description: str
    sort_key: str
    texts: int
    passages: int


def contribution_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# How many different definitions (kind, name, description) an entry has among the chosen contributions.
_DEFINITIONS = "COUNT(DISTINCT e.kind || char(0) || e.name || char(0) || e.description)"


def _to_json(value) -> str:
    """A value stored as JSON: the text json.dumps(ensure_ascii=False, separators=(",", ":")) gives, made by
    orjson (with its parse in add(): 1,000 contributions added in 0.52 → 0.36 s of the build's process, 2026-12-08)."""
    return orjson.dumps(value).decode()


class ContributionStore:
    notice = ""  # why the state was discarded ("" when it was not)

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = _open(path)
        except sqlite3.DatabaseError as exc:  # not a database (any more): the build's cache starts again
            if path is None:
                raise
            self.notice = (f"the build state {display_path(path)} is damaged ({exc}) and is discarded: everything "
                           f"is built again")
            for suffix in ("", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            self.db = _open(path)
        self._pending = 0  # contributions added in the open transaction
        self._closed = False
        self._entries: dict[str, list[StoredEntry]] | None = None
        self._conflicting = False  # do texts define an entry differently? (read with _entries)
        self.chosen: tuple[str, tuple] | None = None  # the query `use_query()` chose the contributions with

    def close(self) -> None:
        """Commit what is pending and close (again: nothing)."""
        if self._closed:
            return
        self._closed = True
        try:
            self.flush()
        finally:
            self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- writing -------------------------------------------------------------------------------------

    def add(self, text: str) -> str:
        """Store a contribution (its JSON text); return its digest. Committed with the next BATCH or at
        `flush()`."""
        digest = contribution_digest(text)
        data = orjson.loads(text)
        doc_id = data["doc_id"]
        db = self.db
        if not db.in_transaction:
            db.execute("BEGIN")
        try:
            if db.execute("INSERT OR IGNORE INTO texts VALUES (?, ?, ?, ?, ?)",  # (nothing when it is there)
                          (doc_id, digest, data["title"], data["lang"], _to_json(data["meta"]))).rowcount:
                db.executemany("INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               [(doc_id, digest, eid, k, n, d, int(bool(s)), *(parts or ("", "")))
                                for eid, (k, n, d, s, *parts) in data["entities"].items()])
                db.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?)",
                               [(doc_id, digest, eid, sum(u[2] for u in units), _to_json(units))
                                for eid, units in data["names"].items() if units])
        except BaseException:
            db.execute("ROLLBACK")  # the whole batch: the build fails, and the next one adds them again
            self._pending = 0
            raise
        self._pending += 1
        if self._pending >= BATCH:
            self.flush()
        return digest

    def flush(self) -> None:
        """Commit the contributions added since the last commit."""
        if self.db.in_transaction:
            self.db.execute("COMMIT")
        self._pending = 0

    def has(self, doc_id: str, digest: str) -> bool:
        return self.db.execute("SELECT 1 FROM texts WHERE doc_id = ? AND digest = ?", (doc_id, digest)).fetchone() \
            is not None

    def use(self, current: Mapping[str, str]) -> None:
        """The contributions the pages are made from: {doc_id: digest}."""
        self.flush()
        db = self.db
        db.execute("BEGIN")
        db.execute("DELETE FROM cur")
        db.executemany("INSERT INTO cur VALUES (?, ?)", current.items())
        db.execute("COMMIT")
        self._entries: dict[str, list[StoredEntry]] | None = None
        self.chosen = None

    def use_query(self, select: str, params: tuple = ()) -> None:
        """`use()` with the (doc_id, digest) rows of a query on the same file (the build's manifest), read
        by SQLite without passing through Python."""
        self.flush()
        db = self.db
        db.execute("BEGIN")
        try:
            db.execute("DELETE FROM cur")
            db.execute(f"INSERT INTO cur {select}", params)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        self._entries = None
        self.chosen = (select, tuple(params))  # another connection to the file can choose the same rows

    def missing(self) -> list[str]:
        """The documents of `use()` whose contribution the store does not hold."""
        return [row[0] for row in self.db.execute(
            "SELECT cur.doc_id FROM cur LEFT JOIN texts t ON t.doc_id = cur.doc_id AND t.digest = cur.digest "
            "WHERE t.doc_id IS NULL ORDER BY cur.doc_id")]

    def prune(self) -> None:
        """Drop every contribution but those of `use()`."""
        self.flush()
        db = self.db
        db.execute("BEGIN")
        for table in ("texts", "entities", "names"):
            db.execute(f"DELETE FROM {table} WHERE NOT EXISTS (SELECT 1 FROM cur WHERE cur.doc_id = {table}.doc_id "
                       f"AND cur.digest = {table}.digest)")
        db.execute("COMMIT")

    # --- reading (the contributions of use()) ----------------------------------------------------------

    def catalogue(self) -> Iterator[tuple[str, str, str, dict]]:
        """(doc_id, title, lang, meta as JSON data) of every text, by document ID."""
        for doc_id, title, lang, meta in self.db.execute(
                "SELECT t.doc_id, t.title, t.lang, t.meta FROM texts t JOIN cur ON cur.doc_id = t.doc_id "
                "AND cur.digest = t.digest ORDER BY t.doc_id"):
            yield doc_id, title, lang, json.loads(meta)

    def kinds(self) -> set[str]:
        """The kinds of names (person, place, org) some text lists."""
        return {row[0] for row in self.db.execute(
            "SELECT DISTINCT e.kind FROM entities e JOIN cur ON cur.doc_id = e.doc_id AND cur.digest = e.digest")}

    def entries(self, kind: str) -> list[StoredEntry]:
        """The entries of one kind, in the index's order. The definition shown is the shared list's when a
        text reaches the entry through one, else that of the first text (by document ID) that defines it
        (as edition.contributions.merge_indexes)."""
        if self._entries is None:
            self._read_entries()
        return list(self._entries.get(kind, []))

    def _read_entries(self) -> None:
        """Every entry of the chosen contributions, by kind, and the entries texts define differently."""
        counts = {eid: (texts, passages) for eid, texts, passages in self.db.execute(
            "SELECT n.eid, COUNT(*), SUM(n.passages) FROM names n JOIN cur ON cur.doc_id = n.doc_id "
            "AND cur.digest = n.digest GROUP BY n.eid")}
        # The row with the least (not shared, doc_id) of each entry: SQLite takes the bare columns from the
        # row min() chose (1,000 texts of 50 entries: 0.05 s instead of 0.11 s with a window, 2026-12-07); how
        # many definitions it has, in the same pass (notes() grouped them again: 0.10 → 0.06 s, 2026-12-08).
        rows = self.db.execute(
            "SELECT e.eid, e.kind, e.name, e.description, e.surname, e.forename, MIN((1 - e.shared) || e.doc_id), "
            f"{_DEFINITIONS} FROM entities e JOIN cur ON cur.doc_id = e.doc_id AND cur.digest = e.digest "
            "GROUP BY e.eid")
        self._entries, self._conflicting = {}, False
        for eid, kind, name, description, surname, forename, _first, definitions in rows:
            key = name_sort_key(name, surname, forename)
            texts, passages = counts.get(eid, (0, 0))
            self._entries.setdefault(kind, []).append(StoredEntry(eid, kind, name, description, key, texts, passages))
            self._conflicting = self._conflicting or definitions > 1
        for entries in self._entries.values():
            entries.sort(key=lambda e: (e.sort_key, e.id))

    def passages(self, eid: str, offset: int = 0, limit: int = -1) -> Iterator[tuple[str, str, list]]:
        """(doc_id, title, [(unit, label, times named)]) of the texts that name `eid`, by document ID."""
        for doc_id, title, units in self.db.execute(
                "SELECT n.doc_id, t.title, n.units FROM names n JOIN cur ON cur.doc_id = n.doc_id "
                "AND cur.digest = n.digest JOIN texts t ON t.doc_id = n.doc_id AND t.digest = n.digest "
                "WHERE n.eid = ? ORDER BY n.doc_id LIMIT ? OFFSET ?", (eid, limit, offset)):
            yield doc_id, title, [(u, label, int(n)) for u, label, n in json.loads(units)]

    def passage_rows(self, eid: str) -> Iterator[tuple[str, str, str]]:
        """(doc_id, title, passages as JSON) of the texts that name `eid`, by document ID: what the pages of an
        entry show, read in one pass."""
        yield from self.db.execute(
            "SELECT n.doc_id, t.title, n.units FROM names n JOIN cur ON cur.doc_id = n.doc_id "
            "AND cur.digest = n.digest JOIN texts t ON t.doc_id = n.doc_id AND t.digest = n.digest "
            "WHERE n.eid = ? ORDER BY n.doc_id", (eid,))

    def entries_of(self, pairs: Iterable[tuple[str, str]]) -> set[str]:
        """The entries that the contributions named, (doc_id, digest) each, define or name."""
        db = self.db
        db.execute("DELETE FROM asked")
        db.executemany("INSERT INTO asked VALUES (?, ?)", pairs)
        return {row[0] for row in db.execute(
            "SELECT eid FROM entities WHERE (doc_id, digest) IN asked UNION "
            "SELECT eid FROM names WHERE (doc_id, digest) IN asked")}

    def notes(self) -> list[str]:
        """Notes on entries that texts define differently (as edition.contributions.merge_indexes)."""
        if self._entries is None:
            self._read_entries()
        if not self._conflicting:
            return []
        conflicting = ("SELECT e.eid FROM entities e JOIN cur ON cur.doc_id = e.doc_id AND cur.digest = e.digest "
                       f"GROUP BY e.eid HAVING {_DEFINITIONS} > 1")
        rows = self.db.execute(
            "SELECT e.eid, e.doc_id, e.kind, e.name, e.description, e.shared FROM entities e JOIN cur ON "
            f"cur.doc_id = e.doc_id AND cur.digest = e.digest WHERE e.eid IN ({conflicting}) ORDER BY e.eid, e.doc_id")
        return [note for eid, texts in groupby(rows, key=itemgetter(0))
                if (note := _conflict_note(eid, [row[1:] for row in texts]))]


def _conflict_note(eid: str, texts: list[tuple]) -> str:
    """The note on an entry that texts define differently ("" when they do not): `texts` (doc_id, kind, name,
    description, shared) by document ID."""
    chosen: tuple[str, EntityDefinition] | None = None
    differing: set[str] = set()
    for doc_id, kind, name, description, shared in texts:
        definition = EntityDefinition(kind, name, description, bool(shared))
        if chosen is not None and (kind, name, description) != \
                (chosen[1].kind, chosen[1].name, chosen[1].description):
            differing = differing or {chosen[0]}
            differing.add(doc_id)
        if chosen is None or (definition.shared and not chosen[1].shared):
            chosen = (doc_id, definition)
    if not differing or chosen is None:
        return ""
    return (f"the entry {eid!r} is defined differently in {', '.join(sorted(differing))}; the index shows "
            f"{chosen[0]}'s — keep one entry in a shared list (tei/shared/) and point every text to it")


def _open(path: Path | None) -> sqlite3.Connection:
    db = sqlite3.connect(str(path) if path is not None else ":memory:", isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=DELETE")  # a journal only while a transaction is open
        db.execute("PRAGMA synchronous=OFF")  # see the module's documentation
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, VERSION):  # made by another version of the pipeline: start again
            db.executescript("DROP TABLE IF EXISTS texts; DROP TABLE IF EXISTS entities; "
                             "DROP TABLE IF EXISTS names;")
        if version != VERSION:
            db.executescript(SCHEMA)
            db.execute(f"PRAGMA user_version={VERSION}")
        db.execute("CREATE TEMP TABLE IF NOT EXISTS cur (doc_id TEXT PRIMARY KEY, digest TEXT)")
        db.execute("CREATE TEMP TABLE IF NOT EXISTS asked (doc_id TEXT, digest TEXT, PRIMARY KEY (doc_id, digest))")
        db.execute("SELECT COUNT(*) FROM texts").fetchone()  # a damaged file fails here, not mid-build
    except BaseException:
        db.close()
        raise
    return db
