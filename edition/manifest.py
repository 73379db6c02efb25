"""The build manifest: for every output file, the hashes of what it was made from.

An incremental build compares what each output was made from with what it would be made from now, and
remakes only the outputs whose inputs changed. The manifest lives beside the site, never in it
(in the SQLite file `output/.html.build/build-state.sqlite` for `output/html`, with the contribution store:
nothing of the build's own bookkeeping, such as the sources' paths and times, is published). Its per-text
records are read and written one text at a time, so the build's memory does not grow with them. It
records the identity (device, inode) of the folder it describes: the build writes its records for its
staging folder as a new generation and publishes that generation right after the staging folder has
replaced the site, so a manifest that does not match the site at hand (a build killed between the two
steps, a site copied or replaced by other means) is ignored and everything is rebuilt.

What an output is made from (its *recipe*), hashed:

- per text: the source file's bytes; the entries of shared lists it points to; its entries in the
  register of published IDs (tei/published-ids.json); the options (base URL, lenient, paper size,
  whether the reading page links the PDF);
- per stage: the stylesheets that feed it (the entry stylesheet and everything it imports or includes),
  the Jinja templates (with those they extend or include), static files, the font files and the versions
  of their packages (edition.fonts: the PDFs and the site's static/fonts/), the project schema (for
  validation), the edition's own code and the versions of the libraries that render (saxonche, lxml,
  Jinja2, WeasyPrint);
- cross-text pages (catalogue, indexes): every text's contribution to them (see edition.contributions).

A changed stylesheet or template therefore remakes everything it feeds and nothing else; a changed
schema re-validates every text but remakes no page whose inputs are unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import metadata as importlib_metadata
from pathlib import Path

import orjson

from . import PROJECT_ROOT, SCHEMA_DIR, STATIC_DIR, TEMPLATES_DIR, XSLT_DIR, __version__, fonts
from .errors import display_path
from .output import other_process_alive

FORMAT = 4
ABOUT = ("Build manifest of the edition pipeline (edition/manifest.py): for each text, what its outputs were "
         "made from (hashes of the source, shared list entries, register entries, stylesheets, templates, "
         "schema, code and options) and the hash and size of every file written. Used to rebuild only what "
         "changed; delete it (or run with --force) to rebuild everything.")
EDITION_DIR = PROJECT_ROOT / "edition"
# Modules that never change what is written (argument parsing, orchestration, progress display): a change
# to them does not make any output out of date.
NOT_AN_INPUT = {"cli.py", "progress.py", "workers.py", "build.py", "builder.py", "builders.py", "manifest.py", "server.py",
                "live.py"}
STAGE_ONLY = {"validate": {"validate.py"}, "html": {"html.py", "contributions.py"}, "pdf": {"pdf.py"},
              "epub": {"epub.py", "epub_package.py", "epub_builder.py"},
              "search": {"search.py", "search_order.py"}}  # search.py: its own fingerprint (edition.search.search_fingerprint)
# Modules that write only the cross-text pages (catalogue, indexes): inputs of those pages alone.
SITE_PAGES_CODE = ("contribution_store.py", "site_pages.py")
LIBRARIES = {"validate": ("lxml",), "html": ("lxml", "saxonche", "Jinja2"),
             "pdf": ("lxml", "saxonche", "Jinja2", "weasyprint", "pydyf", "fonttools"),
             "epub": ("lxml", "saxonche", "Jinja2", "fonttools")}
TEXT_TEMPLATES = ("document.html", "document.txt")
PRINT_TEMPLATES = ("print.html",)
HTML_STYLESHEETS = ("html.xsl",)
PRINT_STYLESHEETS = ("print.xsl",)
STATIC_FILES = ("edition.css", "edition.js", "search.js", "favicon.svg")
PRINT_STATIC = ("print.css",)

_XSL_LINK = re.compile(rb"<xsl:(?:import|include)\s[^>]*href\s*=\s*[\"']([^\"']+)[\"']")
_JINJA_LINK = re.compile(r"{%-?\s*(?:extends|include|import|from)\s+[\"']([^\"']+)[\"']")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """The hash of a regular file; OSError for anything else (a pipe would wait forever, a device never end)."""
    h = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with open(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a regular file")
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def digest(value: object) -> str:
    """A hash of any JSON-able value (keys sorted)."""
    # orjson: the bytes of json.dumps(sort_keys, compact), 0.27 ms less a text's part digests (2026-12-08)
    return sha256_bytes(orjson.dumps(value, option=orjson.OPT_SORT_KEYS))


def _files_digest(paths: Iterable[Path], base: Path) -> str:
    return digest({str(p.relative_to(base)) if p.is_relative_to(base) else str(p): sha256_file(p)
                   for p in sorted(set(paths))})


def stylesheet_closure(names: Iterable[str], folder: Path = XSLT_DIR) -> list[Path]:
    """The stylesheets and every stylesheet they import or include, transitively."""
    seen: list[Path] = []
    queue = [(folder / name).resolve() for name in names]
    while queue:
        path = queue.pop()
        if path in seen or not path.is_file():
            continue
        seen.append(path)
        for href in _XSL_LINK.findall(path.read_bytes()):
            queue.append((path.parent / href.decode()).resolve())
    return sorted(seen)


def template_closure(names: Iterable[str], folder: Path = TEMPLATES_DIR) -> list[Path]:
    """The templates and every template they extend, include or import, transitively."""
    seen: list[Path] = []
    queue = [folder / name for name in names]
    while queue:
        path = queue.pop()
        if path in seen or not path.is_file():
            continue
        seen.append(path)
        queue += [folder / name for name in _JINJA_LINK.findall(path.read_text(encoding="utf-8"))]
    return sorted(seen)


def _library_versions(names: Iterable[str]) -> dict[str, str]:
    versions = {}
    for name in names:
        try:
            versions[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def code_digest(stage: str, modules: dict[str, str], versions: dict[str, str]) -> str:
    """The edition's own code that can change a stage's output: every module of the package except the
    orchestration and the other stages' own modules. `modules`: each module's hash (_module_hashes);
    `versions`: the libraries' (_library_versions)."""
    others = set().union(*(files for name, files in STAGE_ONLY.items() if name != stage))
    code = {name: sha for name, sha in modules.items()
            if name not in NOT_AN_INPUT and name not in others and name not in SITE_PAGES_CODE}
    return digest({"version": __version__, "code": digest(code),
                   "libraries": {name: versions[name] for name in LIBRARIES[stage]}})


def _module_hashes() -> dict[str, str]:
    return {path.name: sha256_file(path) for path in sorted(EDITION_DIR.glob("*.py"))}


@dataclass(frozen=True)
class Fingerprints:
    """The inputs every text shares, hashed once per build."""

    validate: str  # schema + validation code
    html_text: str  # what a text's reading page and downloads are made with
    catalogue: str  # what the catalogue is made with
    indexes: str  # what the index pages of names are made with
    static: str
    pdf: str
    epub: str = ""  # what a text's EPUB is made with (edition.epub)
    dts: str = ""  # what a text's DTS export (edition/dts/) is made with

    @classmethod
    def compute(cls) -> Fingerprints:
        return _fingerprints()

    def as_json(self) -> dict:
        return {"validate": self.validate, "html_text": self.html_text, "catalogue": self.catalogue,
                "indexes": self.indexes, "static": self.static, "pdf": self.pdf, "epub": self.epub,
                "dts": self.dts}


def _fingerprints() -> Fingerprints:
    # each module hashed and each library's version looked up once, not once per stage (nor the font files
    # once per output): 0.022 → 0.011 s of the plan (medians of 20, 2026-12-08)
    modules, versions = _module_hashes(), _library_versions(sorted(set().union(*LIBRARIES.values())))
    html_code = code_digest("html", modules, versions)
    pages_code = _files_digest([EDITION_DIR / name for name in SITE_PAGES_CODE], EDITION_DIR)
    html_xslt = _files_digest(stylesheet_closure(HTML_STYLESHEETS), XSLT_DIR)
    font_files = fonts.fingerprint()
    return Fingerprints(
        validate=digest({"code": code_digest("validate", modules, versions),
                         "schema": _files_digest(sorted(SCHEMA_DIR.glob("*.rng")) + sorted(SCHEMA_DIR.glob("*.sch")),
                                                 SCHEMA_DIR)}),
        html_text=digest({"code": html_code, "xslt": html_xslt,
                          "templates": _files_digest(template_closure(TEXT_TEMPLATES), TEMPLATES_DIR)}),
        catalogue=digest({"code": html_code, "pages": pages_code,
                          "templates": _files_digest(template_closure(("catalogue.html",)), TEMPLATES_DIR)}),
        indexes=digest({"code": html_code, "pages": pages_code,
                        "templates": _files_digest(template_closure(("names.html", "name-page.html")), TEMPLATES_DIR)}),
        static=digest({"files": _files_digest([STATIC_DIR / name for name in STATIC_FILES], STATIC_DIR),
                       "fonts": font_files}),
        pdf=digest({"code": code_digest("pdf", modules, versions),
                    "xslt": _files_digest(stylesheet_closure(PRINT_STYLESHEETS), XSLT_DIR),
                    "templates": _files_digest(template_closure(PRINT_TEMPLATES), TEMPLATES_DIR),
                    "css": _files_digest([STATIC_DIR / name for name in PRINT_STATIC], STATIC_DIR),
                    "fonts": font_files}),
        epub=digest({"code": code_digest("epub", modules, versions), "xslt": _files_digest(stylesheet_closure(("epub.xsl",)), XSLT_DIR),
                     "templates": _files_digest(TEMPLATES_DIR.glob("epub/*"), TEMPLATES_DIR),
                     "css": _files_digest([STATIC_DIR / "epub.css"], STATIC_DIR), "fonts": font_files}),
        dts=digest({"code": html_code, "dts": _files_digest(sorted((EDITION_DIR / "dts").glob("*.py")), EDITION_DIR),
                    "xslt": _files_digest([XSLT_DIR / "dts-units.xsl"], XSLT_DIR)}),
    )


# --- the manifest in the build's state file ------------------------------------------------------------

STATE_SUFFIX = ".build"
STORE_NAME = "build-state.sqlite"  # the manifest's tables and the contribution store, one SQLite file
MANIFEST_SCHEMA = """
CREATE TABLE IF NOT EXISTS manifest_head (one INTEGER PRIMARY KEY CHECK (one = 1), format INTEGER, gen INTEGER,
                                          identity TEXT, site TEXT, static TEXT, inputs TEXT, about TEXT);
CREATE TABLE IF NOT EXISTS manifest_pending (gen INTEGER PRIMARY KEY AUTOINCREMENT, pid INTEGER, identity TEXT,
                                             site TEXT, static TEXT, inputs TEXT);
CREATE TABLE IF NOT EXISTS manifest_texts (gen INTEGER, doc_id TEXT, source TEXT, html INTEGER,
                                           contribution TEXT, parts TEXT, rid TEXT, PRIMARY KEY (gen, doc_id));
CREATE INDEX IF NOT EXISTS manifest_texts_by_source ON manifest_texts (gen, source);
CREATE TABLE IF NOT EXISTS manifest_records (rid TEXT PRIMARY KEY, data TEXT);
"""
MANIFEST_TABLES = ("manifest_head", "manifest_pending", "manifest_texts", "manifest_records")


def state_dir(site: Path) -> Path:
    """Where the build keeps what it knows about `site`: a hidden folder beside it (`output/.html.build/`
    for `output/html`), never inside the published tree. It holds one SQLite file (STORE_NAME) with the
    manifest and the contribution store (edition.contribution_store)."""
    real = Path(os.path.realpath(site))
    return real.parent / f".{real.name}{STATE_SUFFIX}"


def state_file(site: Path) -> Path:
    return state_dir(site) / STORE_NAME


def site_identity(folder: Path) -> list[int] | None:
    """The folder's device and inode: a staging folder keeps them when it is swapped in as the site, so the
    manifest names the one site it describes (a site replaced by other means, or copied, is rebuilt)."""
    try:
        stat = os.stat(folder)
    except OSError:
        return None
    return [stat.st_dev, stat.st_ino]


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def ensure_manifest_tables(db: sqlite3.Connection) -> None:
    """Create the manifest's tables in the state file; tables of another format are dropped first."""
    try:
        row = db.execute("SELECT format FROM manifest_head").fetchone()
    except sqlite3.OperationalError:
        row = None
    if row is not None and row[0] != FORMAT:
        db.executescript("".join(f"DROP TABLE IF EXISTS {name};" for name in MANIFEST_TABLES))
    db.executescript(MANIFEST_SCHEMA)


def _has_tables(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'manifest_head'").fetchone() \
        is not None


class Manifest:
    """The published manifest of one site folder: global inputs and the records of the cross-text pages in
    memory; per text its record (recipes, files, warnings, the digest of its contribution to the cross-text
    pages), read from the state file one text at a time.

    Each build writes its texts' records as a new generation (`PendingManifest`), which becomes the
    published one only when its site has replaced the old (`PendingManifest.publish()`, one transaction,
    together with the identity of the folder it describes). A build killed at any point therefore leaves
    the state describing the published site exactly — or, killed between the swap and publishing, a
    manifest whose identity does not match the site at hand, which means rebuild all."""

    notice = ""  # why the state was discarded ("" when it was not), said once by the build

    def __init__(self, db: sqlite3.Connection | None = None, gen: int | None = None, head: Mapping | None = None
                 ) -> None:
        self.db = db
        self.gen = gen  # None: no manifest (rebuild all)
        head = dict(head or {})
        self.site: dict = dict(head.get("site") or {})
        self.static: dict = dict(head.get("static") or {})
        self.inputs: dict = dict(head.get("inputs") or {})

    @property
    def empty(self) -> bool:
        return self.gen is None

    @classmethod
    def load(cls, site: Path, db: sqlite3.Connection | None = None) -> Manifest:
        """The manifest of `site` in the state file (`db`: its connection, else opened read-only here);
        an empty one when there is none, it cannot be read, or it describes another folder than the one at
        `site` now (rebuild all)."""
        if db is None:
            path = state_file(site)
            if not path.is_file():
                return cls()
            try:
                db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
            except sqlite3.Error:
                return cls()
        try:
            if not _has_tables(db):
                return cls(db)
            row = db.execute("SELECT format, gen, identity, site, static, inputs FROM manifest_head").fetchone()
            if row is None or row[0] != FORMAT or _json(row[2], object) != site_identity(site):
                return cls(db)
            problem = state_problem(db, row)
        except sqlite3.DatabaseError as exc:
            problem = f"it cannot be read ({exc})"
        if problem:  # discarded: a full rebuild, which writes a new state
            manifest = cls(db)
            manifest.notice = (f"the build state {display_path(state_file(site))} is damaged ({problem}) and is "
                               f"discarded: everything is built again")
            return manifest
        return cls(db, row[1], {"site": json.loads(row[3]), "static": json.loads(row[4]),
                                "inputs": json.loads(row[5])})

    # --- one text at a time ----------------------------------------------------------------------------

    def by_source(self, source: str) -> tuple[str, str, dict] | None:
        """(doc_id, record id, record) of the text made from `source` (a resolved path)."""
        if self.gen is None:
            return None
        row = self.db.execute("SELECT t.doc_id, t.rid, r.data FROM manifest_texts t JOIN manifest_records r "
                              "ON r.rid = t.rid WHERE t.gen = ? AND t.source = ? LIMIT 1",
                              (self.gen, source)).fetchone()
        return None if row is None else (row[0], row[1], checked_record(row[0], row[2]))

    def record(self, doc_id: str) -> dict | None:
        return _record_of(self.db, self.gen, doc_id) if self.gen is not None else None

    def texts(self) -> Iterator[tuple[str, str]]:
        """(doc_id, source) of every text, by document ID, one row at a time."""
        if self.gen is not None:
            yield from self.db.execute("SELECT doc_id, source FROM manifest_texts WHERE gen = ? ORDER BY doc_id",
                                       (self.gen,))

    def pages_rows(self) -> Iterator[tuple[str, dict]]:
        """(doc_id, parts) of every text with a reading page, by document ID."""
        if self.gen is not None:
            yield from _pages_rows(self.db, self.gen)

    def __len__(self) -> int:
        if self.gen is None:
            return 0
        return self.db.execute("SELECT COUNT(*) FROM manifest_texts WHERE gen = ?", (self.gen,)).fetchone()[0]


# --- is the state what the build wrote? -----------------------------------------------------------------
# The state decides which files a build deletes and which it keeps: a state that is not what the build wrote
# (edited, damaged, of another version) is discarded whole rather than trusted in part.

_NOT_AN_ID = ("typeof(doc_id) != 'text' OR doc_id = '' OR length(doc_id) > 128 OR doc_id GLOB '*[^A-Za-z0-9._-]*' "
              "OR doc_id GLOB '[._-]*' OR doc_id LIKE '%..%'")
_BAD_TEXT_ROW = (f"SELECT doc_id FROM manifest_texts WHERE gen = ? AND ({_NOT_AN_ID} OR typeof(source) NOT IN ('text', 'null') "
                 "OR typeof(html) != 'integer' OR typeof(rid) != 'text' OR typeof(contribution) NOT IN ('text', 'null') "
                 "OR (parts IS NOT NULL AND parts != '' AND (typeof(parts) != 'text' OR NOT json_valid(parts) "
                 "OR json_type(parts) != 'object'))) LIMIT 1")
_BAD_RECORD = ("SELECT t.doc_id FROM manifest_texts t LEFT JOIN manifest_records r ON r.rid = t.rid WHERE t.gen = ? "
               "AND (r.rid IS NULL OR typeof(r.data) != 'text' OR substr(r.data, 1, 1) != '{') LIMIT 1")
# (Each record is read whole, and its files checked, when the build first reads it: `checked_record`. Checking
# them all here would cost ≈ 0.1 s for 1,000 texts, a third of a build with nothing to do.)


class DamagedState(Exception):
    """A record of the build state that the build never wrote (found when it is read): the state is discarded
    and everything built again (edition.build). `notice` says so in one line."""

    def __init__(self, notice: str) -> None:
        super().__init__(notice)
        self.notice = notice


def checked_record(doc_id: object, data: object) -> dict:
    """A text's record read from the state: a JSON object whose files all lie where the output that made them
    keeps a text's files (`Builder.owns`: the text's folder, or for the DTS export its responses), else
    DamagedState (a record naming "<doc-id>/../../elsewhere" must never lead a build to delete it)."""
    record = _json(data, None)
    if isinstance(record, dict) and isinstance(doc_id, str) and not _files_outside(doc_id, record):
        return record
    raise DamagedState(f"the build state beside the output is damaged (it holds a record for the text "
                       f"{str(doc_id)[:60]!r} that the build never wrote) and is discarded: everything is built again")


def _files_outside(doc_id: str, record: dict) -> bool:
    from .builders import BUILDERS  # here: the builders build on this module

    for output, made in record.items():
        files = made.get("files", {}) if isinstance(made, dict) else {}
        if not isinstance(files, dict):
            return True
        builder = BUILDERS.get(output)
        for name in files:
            if builder is None or "\\" in name or "\x00" in name or {".", "..", ""} & set(name.split("/")) \
                    or not builder.owns(doc_id, name):
                return True
    return False


def state_problem(db: sqlite3.Connection, head: tuple) -> str:
    """What makes the published manifest unfit to be trusted ("" when nothing): values of the wrong type, a
    document ID that could not have named a text's folder, a file outside the site."""
    _format, gen, _identity, *documents = head
    if type(gen) is not int:
        return "its generation is not a number"
    for value in documents:
        if not isinstance(_json(value, None), dict):
            return "its head is not the JSON the build writes"
    row = db.execute(_BAD_TEXT_ROW, (gen,)).fetchone()
    if row is not None:
        return f"the row of the text {str(row[0])[:60]!r} holds values the build never writes"
    row = db.execute(_BAD_RECORD, (gen,)).fetchone()
    if row is not None:
        return f"the record of the text {str(row[0])[:60]!r} is missing or not a JSON object"
    return ""


def _json(text: object, default: object) -> object:
    """`text` read as JSON; `default` when it is not a JSON text."""
    if not isinstance(text, str):
        return default
    try:
        return json.loads(text)
    except ValueError:
        return default


def _record_of(db: sqlite3.Connection, gen: int, doc_id: str) -> dict | None:
    row = db.execute("SELECT r.data FROM manifest_texts t JOIN manifest_records r ON r.rid = t.rid "
                     "WHERE t.gen = ? AND t.doc_id = ?", (gen, doc_id)).fetchone()
    return None if row is None else checked_record(doc_id, row[0])


def _pages_rows(db: sqlite3.Connection, gen: int) -> Iterator[tuple[str, dict]]:
    for doc_id, parts in db.execute("SELECT doc_id, parts FROM manifest_texts WHERE gen = ? AND html = 1 "
                                    "ORDER BY doc_id", (gen,)):
        yield doc_id, json.loads(parts or "{}")


class PendingManifest:
    """The manifest a build writes for its staging folder: a new generation in the state file, started as
    a copy of the published one (`copy_from`) or empty. Records are written as texts are built; the
    generation is published by `publish()` once the stage has replaced the site, and dropped by
    `discard()` when the build does not publish (a killed build's generation is dropped by the next
    build: `tidy_state`)."""

    def __init__(self, db: sqlite3.Connection, copy_from: Manifest | None = None, flush=None) -> None:
        self.db = db
        self._flush = flush or self._commit  # commits what is open on the connection (the store's batch too)
        self._flush()
        ensure_manifest_tables(db)
        with _transaction(db):
            self.gen = db.execute("INSERT INTO manifest_pending (pid) VALUES (?)", (os.getpid(),)).lastrowid
            self.base = copy_from.gen if copy_from is not None and copy_from.gen is not None else None
            if self.base is not None:
                db.execute("INSERT INTO manifest_texts SELECT ?, doc_id, source, html, contribution, parts, rid "
                           "FROM manifest_texts WHERE gen = ?", (self.gen, self.base))
        self.published = False

    def _commit(self) -> None:
        if self.db.in_transaction:
            self.db.execute("COMMIT")

    def put(self, doc_id: str, record: Mapping) -> None:
        """Write a text's record (replacing the one under its document ID). Left in the open transaction,
        which the contribution store's next batch, `finish()` or `discard()` commits: one commit for many
        texts."""
        data = _dump(record)
        rid = sha256_bytes(data.encode("utf-8"))
        html = record.get("html")
        if not self.db.in_transaction:  # committed with the contributions' batch, or at finish()
            self.db.execute("BEGIN")
        self.db.execute("INSERT OR IGNORE INTO manifest_records VALUES (?, ?)", (rid, data))
        self.db.execute("INSERT OR REPLACE INTO manifest_texts VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (self.gen, doc_id, record.get("source"), 1 if html else 0,
                         record.get("contribution", "") if html else "",
                         _dump(record.get("parts", {})) if html else "", rid))

    def get(self, doc_id: str) -> dict | None:
        return _record_of(self.db, self.gen, doc_id)

    def source_of(self, doc_id: str) -> str | None:
        row = self.db.execute("SELECT source FROM manifest_texts WHERE gen = ? AND doc_id = ?",
                              (self.gen, doc_id)).fetchone()
        return None if row is None else row[0]

    def drop(self, doc_id: str) -> None:
        with _transaction(self.db):
            self.db.execute("DELETE FROM manifest_texts WHERE gen = ? AND doc_id = ?", (self.gen, doc_id))

    def restore(self, doc_id: str) -> None:
        """The published record under `doc_id` again (none when there is none)."""
        with _transaction(self.db):
            self.db.execute("DELETE FROM manifest_texts WHERE gen = ? AND doc_id = ?", (self.gen, doc_id))
            if self.base is not None:
                self.db.execute("INSERT INTO manifest_texts SELECT ?, doc_id, source, html, contribution, parts, "
                                "rid FROM manifest_texts WHERE gen = ? AND doc_id = ?", (self.gen, self.base, doc_id))

    def any_html(self) -> bool:
        return self.db.execute("SELECT 1 FROM manifest_texts WHERE gen = ? AND html = 1 LIMIT 1",
                               (self.gen,)).fetchone() is not None

    def pages_rows(self) -> Iterator[tuple[str, dict]]:
        """(doc_id, parts) of every text with a reading page, by document ID."""
        return _pages_rows(self.db, self.gen)

    def contributions_sql(self) -> tuple[str, tuple]:
        """A query of (doc_id, contribution digest) of the texts with a reading page."""
        return "SELECT doc_id, contribution FROM manifest_texts WHERE gen = ? AND html = 1", (self.gen,)

    def changed_contributions(self) -> Iterator[tuple[str, str]]:
        """(doc_id, digest) of the contributions that differ between the published manifest and this one:
        the old and the new of each text whose contribution changed (a text with no page: none)."""
        base = self.base if self.base is not None else -1
        query = ("SELECT a.contribution, b.contribution, a.doc_id FROM manifest_texts a LEFT JOIN manifest_texts b "
                 "ON b.gen = ? AND b.doc_id = a.doc_id AND b.html = 1 WHERE a.gen = ? AND a.html = 1 "
                 "AND (b.contribution IS NULL OR b.contribution <> a.contribution)")
        seen: set[tuple[str, str]] = set()
        for gen_a, gen_b in ((base, self.gen), (self.gen, base)):
            for first, second, doc_id in self.db.execute(query, (gen_b, gen_a)):
                for digest_ in (first, second):
                    if digest_ and (doc_id, digest_) not in seen:
                        seen.add((doc_id, digest_))
                        yield doc_id, digest_

    def finish(self, site: Mapping, static: Mapping, inputs: Mapping, identity: list[int] | None) -> None:
        """The records of the cross-text pages and the identity of the folder this manifest describes."""
        with _transaction(self.db):
            self.db.execute("UPDATE manifest_pending SET identity = ?, site = ?, static = ?, inputs = ? WHERE gen = ?",
                            (_dump(identity), _dump(site), _dump(static), _dump(inputs), self.gen))
        self._flush()

    def publish(self) -> None:
        """Make this the manifest of the site (its stage has replaced the site), in one transaction, and
        drop every other generation."""
        db = self.db
        self._flush()
        with _transaction(db):
            identity, site, static, inputs = db.execute(
                "SELECT identity, site, static, inputs FROM manifest_pending WHERE gen = ?", (self.gen,)).fetchone()
            db.execute("INSERT OR REPLACE INTO manifest_head VALUES (1, ?, ?, ?, ?, ?, ?, ?)",
                       (FORMAT, self.gen, identity, site, static, inputs, ABOUT))
            db.execute("DELETE FROM manifest_pending WHERE gen = ?", (self.gen,))
            _drop_generations(db, "gen <> ? AND gen NOT IN (SELECT gen FROM manifest_pending)", (self.gen,))
        self.published = True

    def discard(self) -> None:
        """Drop this generation (the build did not publish)."""
        if self.published:
            return
        try:
            self._flush()
            with _transaction(self.db):
                self.db.execute("DELETE FROM manifest_pending WHERE gen = ?", (self.gen,))
                _drop_generations(self.db, "gen = ?", (self.gen,))
        except sqlite3.Error:
            pass  # the next build drops it (tidy_state)


def _drop_generations(db: sqlite3.Connection, where: str, params: tuple) -> None:
    db.execute(f"DELETE FROM manifest_texts WHERE {where}", params)
    db.execute("DELETE FROM manifest_records WHERE rid NOT IN (SELECT rid FROM manifest_texts)")


class _transaction:
    """BEGIN … COMMIT (ROLLBACK on any exception), or nothing when a transaction is already open (it is
    committed with it)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.own = False

    def __enter__(self) -> None:
        if not self.db.in_transaction:
            self.db.execute("BEGIN")
            self.own = True

    def __exit__(self, exc_type, exc, tb) -> None:
        if not self.own:
            return
        if exc_type is None:
            self.db.execute("COMMIT")
        elif self.db.in_transaction:
            self.db.execute("ROLLBACK")


def tidy_state(db: sqlite3.Connection | None) -> None:
    """Remove the manifest generations that builds killed before publishing left in the state file (`db`)."""
    if db is None or not _has_tables(db):
        return
    dead = [gen for gen, pid in db.execute("SELECT gen, pid FROM manifest_pending") if not other_process_alive(pid)]
    if dead:
        with _transaction(db):
            for gen in dead:
                db.execute("DELETE FROM manifest_pending WHERE gen = ?", (gen,))
                db.execute("DELETE FROM manifest_texts WHERE gen = ?", (gen,))
            db.execute("DELETE FROM manifest_records WHERE rid NOT IN (SELECT rid FROM manifest_texts)")


def outputs_present(site: Path, files: Mapping[str, list]) -> bool:
    """Do all recorded files still exist, with their recorded size? (A cheap check: no file is read.)"""
    base = os.fspath(site) + os.sep
    for rel, (_sha, size) in files.items():
        try:
            if os.stat(base + rel).st_size != size:
                return False
        except OSError:
            return False
    return True


def record_files(site: Path, rels: Iterable[str]) -> dict[str, list]:
    """{relative path: [sha256, size]} for files written into `site`."""
    result = {}
    for rel in sorted(rels):
        path = Path(site) / rel
        data = path.read_bytes()
        result[rel] = [sha256_bytes(data), len(data)]
    return result
