"""The build manifest: for every output file, the hashes of what it was made from.

An incremental build compares what each output was made from with what it would be made from now, and
remakes only the outputs whose inputs changed. The manifest lives beside the site, never in it
(`output/.html.build/.edition-manifest.json` for `output/html`: nothing of the build's own bookkeeping, such
as the sources' paths and times, is published). It records the identity (device, inode) of the folder it
describes: the build writes it for its staging folder and puts it in place right after the staging folder
has replaced the site, so a manifest that does not match the site at hand (a build killed between the two
steps, a site copied or replaced by other means) is ignored and everything is rebuilt.

What an output is made from (its *recipe*), hashed:

- per text: the source file's bytes; the entries of shared lists it points to; its entries in the
  register of published IDs (tei/published-ids.json); the options (base URL, lenient, paper size,
  whether the reading page links the PDF);
- per stage: the stylesheets that feed it (the entry stylesheet and everything it imports or includes),
  the Jinja templates (with those they extend or include), static files, the project schema (for
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
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import metadata as importlib_metadata
from pathlib import Path

from . import PROJECT_ROOT, SCHEMA_DIR, STATIC_DIR, TEMPLATES_DIR, XSLT_DIR, __version__

MANIFEST_NAME = ".edition-manifest.json"
FORMAT = 3
ABOUT = ("Build manifest of the edition pipeline (edition/manifest.py): for each text, what its outputs were "
         "made from (hashes of the source, shared list entries, register entries, stylesheets, templates, "
         "schema, code and options) and the hash and size of every file written. Used to rebuild only what "
         "changed; delete it (or run with --force) to rebuild everything.")
EDITION_DIR = PROJECT_ROOT / "edition"
# Modules that never change what is written (argument parsing, orchestration, progress display): a change
# to them does not make any output out of date.
NOT_AN_INPUT = {"cli.py", "progress.py", "workers.py", "corpus.py", "manifest.py"}
STAGE_ONLY = {"validate": {"validate.py"}, "html": {"html.py", "contributions.py"}, "pdf": {"pdf.py"}}
# Modules that write only the cross-text pages (catalogue, indexes): inputs of those pages alone.
SITE_PAGES_CODE = ("contribution_store.py", "site_pages.py")
LIBRARIES = {"validate": ("lxml",), "html": ("lxml", "saxonche", "Jinja2"),
             "pdf": ("lxml", "saxonche", "Jinja2", "weasyprint", "pydyf", "fonttools")}
TEXT_TEMPLATES = ("document.html", "document.txt")
PRINT_TEMPLATES = ("print.html",)
HTML_STYLESHEETS = ("html.xsl", "plaintext.xsl", "index-data.xsl")
PRINT_STYLESHEETS = ("print.xsl",)
STATIC_FILES = ("edition.css", "edition.js")
PRINT_STATIC = ("print.css",)

_XSL_LINK = re.compile(rb"<xsl:(?:import|include)\s[^>]*href\s*=\s*[\"']([^\"']+)[\"']")
_JINJA_LINK = re.compile(r"{%-?\s*(?:extends|include|import|from)\s+[\"']([^\"']+)[\"']")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def digest(value: object) -> str:
    """A hash of any JSON-able value (keys sorted)."""
    return sha256_bytes(json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode())


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


def code_digest(stage: str) -> str:
    """The edition's own code that can change a stage's output: every module of the package except the
    orchestration and the other stages' own modules."""
    others = set().union(*(files for name, files in STAGE_ONLY.items() if name != stage))
    paths = [p for p in EDITION_DIR.glob("*.py")
             if p.name not in NOT_AN_INPUT and p.name not in others and p.name not in SITE_PAGES_CODE]
    return digest({"version": __version__, "code": _files_digest(paths, EDITION_DIR),
                   "libraries": _library_versions(LIBRARIES[stage])})


@dataclass(frozen=True)
class Fingerprints:
    """The inputs every text shares, hashed once per build."""

    validate: str  # schema + validation code
    html_text: str  # what a text's reading page and downloads are made with
    catalogue: str  # what the catalogue is made with
    indexes: str  # what the index pages of names are made with
    static: str
    pdf: str

    @classmethod
    def compute(cls) -> Fingerprints:
        return _fingerprints()

    def as_json(self) -> dict:
        return {"validate": self.validate, "html_text": self.html_text, "catalogue": self.catalogue,
                "indexes": self.indexes, "static": self.static, "pdf": self.pdf}


@cache
def _fingerprints() -> Fingerprints:
    html_code = code_digest("html")
    pages_code = _files_digest([EDITION_DIR / name for name in SITE_PAGES_CODE], EDITION_DIR)
    html_xslt = _files_digest(stylesheet_closure(HTML_STYLESHEETS), XSLT_DIR)
    return Fingerprints(
        validate=digest({"code": code_digest("validate"),
                         "schema": _files_digest(sorted(SCHEMA_DIR.glob("*.rng")) + sorted(SCHEMA_DIR.glob("*.sch")),
                                                 SCHEMA_DIR)}),
        html_text=digest({"code": html_code, "xslt": html_xslt,
                          "templates": _files_digest(template_closure(TEXT_TEMPLATES), TEMPLATES_DIR)}),
        catalogue=digest({"code": html_code, "pages": pages_code,
                          "templates": _files_digest(template_closure(("catalogue.html",)), TEMPLATES_DIR)}),
        indexes=digest({"code": html_code, "pages": pages_code,
                        "templates": _files_digest(template_closure(("names.html", "name-page.html")), TEMPLATES_DIR)}),
        static=_files_digest([STATIC_DIR / name for name in STATIC_FILES], STATIC_DIR),
        pdf=digest({"code": code_digest("pdf"),
                    "xslt": _files_digest(stylesheet_closure(PRINT_STYLESHEETS), XSLT_DIR),
                    "templates": _files_digest(template_closure(PRINT_TEMPLATES), TEMPLATES_DIR),
                    "css": _files_digest([STATIC_DIR / name for name in PRINT_STATIC], STATIC_DIR)}),
    )


def fingerprints_changed() -> None:
    """Forget the fingerprints computed in this process (tests change stylesheets between builds)."""
    _fingerprints.cache_clear()


# --- the manifest file ---------------------------------------------------------------------------------

STATE_SUFFIX = ".build"
STORE_NAME = "contributions.sqlite"


def state_dir(site: Path) -> Path:
    """Where the build keeps what it knows about `site`: a hidden folder beside it (`output/.html.build/`
    for `output/html`), never inside the published tree. It holds the manifest and the contribution store
    (edition.contribution_store)."""
    real = Path(os.path.realpath(site))
    return real.parent / f".{real.name}{STATE_SUFFIX}"


def site_identity(folder: Path) -> list[int] | None:
    """The folder's device and inode: a staging folder keeps them when it is swapped in as the site, so the
    manifest names the one site it describes (a site replaced by other means, or copied, is rebuilt)."""
    try:
        stat = os.stat(folder)
    except OSError:
        return None
    return [stat.st_dev, stat.st_ino]


class Manifest:
    """The manifest of one site folder: global inputs, per text its recipes, files and the digest of its
    contribution to the cross-text pages (kept in the contribution store beside it)."""

    def __init__(self, data: Mapping | None = None) -> None:
        data = dict(data or {})
        self.texts: dict[str, dict] = dict(data.get("texts", {}))
        self.site: dict = dict(data.get("site", {}))
        self.static: dict = dict(data.get("static", {}))
        self.inputs: dict = dict(data.get("inputs", {}))
        self.by_source = {record.get("source"): doc_id for doc_id, record in self.texts.items()}

    @property
    def empty(self) -> bool:
        return not (self.texts or self.site or self.static)

    @classmethod
    def load(cls, site: Path) -> Manifest:
        """The manifest of `site`; an empty one when there is none, it cannot be read, or it describes
        another folder than the one at `site` now (rebuild all)."""
        try:
            data = json.loads((state_dir(site) / MANIFEST_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return cls()
        if data.get("site_identity") != site_identity(site):
            return cls()
        return cls(data)

    def chunks(self, identity: list[int] | None = None) -> Iterator[str]:
        """The manifest as JSON, a text's record at a time (never one string for the whole corpus)."""
        def dump(value: object) -> str:
            return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

        head = {"format": FORMAT, "about": ABOUT, "site_identity": identity, "inputs": self.inputs,
                "site": self.site, "static": self.static}
        yield dump(head)[:-1] + ',"texts":{'
        for i, key in enumerate(sorted(self.texts)):
            yield ("," if i else "") + dump(key) + ":" + dump(self.texts[key])
        yield "}}\n"

    def dumps(self, identity: list[int] | None = None) -> str:
        return "".join(self.chunks(identity))

    def save(self, folder: Path, identity: list[int] | None = None) -> Path:
        """Write the manifest as `folder`/MANIFEST_NAME (a new file: never through a link)."""
        path = Path(folder) / MANIFEST_NAME
        _write_new(path, self.chunks(identity))
        return path

    def save_pending(self, site: Path, stage: Path) -> Path:
        """Write the manifest of `stage` (about to replace `site`) beside the state folder's current one;
        `commit_pending()` puts it in place once the stage has been swapped in."""
        folder = state_dir(site)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{MANIFEST_NAME}.new-{os.getpid()}"
        _write_new(path, self.chunks(site_identity(stage)))
        return path


def commit_pending(pending: Path) -> None:
    os.replace(pending, pending.parent / MANIFEST_NAME)


def tidy_state(site: Path) -> None:
    """Remove manifests that builds killed before publishing left in the state folder."""
    folder = state_dir(site)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        name, _, pid = entry.name.rpartition(".new-")
        if name == MANIFEST_NAME and pid.isdigit() and not _alive(int(pid)):
            try:
                os.unlink(entry.path)
            except OSError:
                pass


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _write_new(path: Path, chunks: Iterable[str]) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    with open(path, "x", encoding="utf-8", newline="\n") as fh:
        fh.writelines(chunks)


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


def files_in(folder: Path, base: Path) -> list[str]:
    """Every file below `folder`, as paths relative to `base`."""
    found = []
    for dirpath, _dirs, names in os.walk(folder):
        for name in names:
            found.append(str((Path(dirpath) / name).relative_to(base)))
    return found
