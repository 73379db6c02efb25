"""The full-text search of the site: a Pagefind index of the reading pages in groups of texts, and the search page.

    builder = BUILDERS["search"](settings)
    builder.finish(build)        # in the build's process, after the texts: search.html and pagefind/

The index is made by Pagefind's command line (the `pagefind_bin` package brings the program: no Node, no
server) from the reading pages alone (`<doc-id>/index.html`, whose
`<article data-pagefind-body>` marks what is indexed), each page in the language of its `lang` attribute.

**Groups.** Pagefind has no incremental mode, so the texts are indexed in groups, each its own Pagefind bundle
(`pagefind/<group>/`), which the search page merges (static/search.js, from the list `pagefind/groups.json`).
A text's group is the leading bits of a hash of its document ID; the number of bits grows with the corpus so
that a group holds at most GROUP_TEXTS texts on average (one group, `all`, for a small corpus; doubling the
number of groups splits each in two). A group's recipe is the hash of its reading pages (as the manifest
records them) and the search fingerprint: a build indexes again only the groups whose recipe changed, each
in a Pagefind run of its own (its memory bounded by the group, not the corpus), and removes the groups
that vanished.

**Its own output.** The index is made when a build asks for "search" (`build.py all`, `serve`, `search`).
A build that does not (`build.py html`) keeps the groups that are still current and removes the others;
the search page says so. The search page itself is written whenever the site has reading pages (their
header's search field leads to it): without an index it says how an editor makes one.

The builder writes nothing per text: it has a `finish` only, and keeps its record (the page's recipe and
files, each group's recipe and files) in the manifest's record of the cross-text pages, under "search".
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import IO

from . import STATIC_DIR, TEMPLATES_DIR
from .builder import Builder
from .errors import EditionError, Problem
from .manifest import _files_digest, digest, outputs_present, record_files, template_closure
from .output import checkpoint, write_text
from .page_templates import INDEX_PAGES, fresh, template_env
from .search_order import put_in_order

INDEX_FOLDER = "pagefind"
GROUPS_FILE = f"{INDEX_FOLDER}/groups.json"
SEARCH_PAGE = "search.html"
# What of a reading page is not the text: the citation boxes, the corrections' pop-ups and the readings as
# transcribed (the corrected reading is indexed), the paragraph links and note numbers, the contents, the
# reading switch and the About section (metadata, downloads).
EXCLUDED = (".ed-cite-box", ".ed-tip", ".ed-source", ".ed-self", ".ed-noteref", ".ed-toc", ".ed-reading-toggle",
            ".ed-about", ".ed-visually-hidden", ".ed-draft-notice", ".ed-notes-intro")
PAGEFIND_PACKAGE = "pagefind_bin"
# At most this many texts in a group on average (so 32–64 once the corpus has more than one group): Pagefind
# spends ≈ 15 ms of CPU and ≈ 2 MB of memory a page of an essay-sized text (2026-12-07), so one changed text
# re-indexes its group in ≈ 1 s and the memory of a build's search stays bounded whatever the corpus.
GROUP_TEXTS = 64
# Groups indexed at once, each by its own Pagefind process: 1,000 essay-sized texts in 16 groups, 12.6 s one at
# a time, 9.0 s two at a time (CPU 14.9 and 16.2 s, load 2, 2 cores, 2026-12-07).
PARALLEL = 2
# Pagefind's own search interfaces, which every bundle holds and static/search.js does not use (≈ 420 KB).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


def pagefind_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind_bin")
    except PackageNotFoundError:  # not installed: the build says so when it needs the binary
        return "absent"


def search_fingerprint() -> str:
    """What the index and the search page are made with, besides the reading pages."""
    return digest({"code": _files_digest([Path(__file__), Path(__file__).with_name("search_order.py")],
                                         Path(__file__).parent),
                   "templates": _files_digest(template_closure((SEARCH_PAGE,)), TEMPLATES_DIR),
                   "script": _files_digest([STATIC_DIR / "search.js"], STATIC_DIR),
                   "pagefind": pagefind_version(), "excluded": EXCLUDED, "unused": UNUSED})


# --- groups ----------------------------------------------------------------------------------------------

def group_bits(count: int) -> int:
    """How many leading bits of a document ID's hash name its group, for a corpus of `count` texts."""
    bits = 0
    while count > GROUP_TEXTS << bits:
        bits += 1
    return bits


def group_of(doc_id: str, bits: int) -> str:
    """The group of a text: the first `bits` bits of the SHA-256 of its document ID ("all" for none)."""
    if not bits:
        return "all"
    leading = int.from_bytes(hashlib.sha256(doc_id.encode()).digest()[:8], "big")
    return format(leading >> (64 - bits), f"0{bits}b")


def site_groups(db, gen: int | None) -> dict[str, list[list[str]]]:
    """{group: [[doc ID, hash of its reading page], …]} of every reading page of a manifest generation (the
    hash of its file as the manifest records it: a page made again with the same bytes changes nothing)."""
    if gen is None:
        return {}
    rows = db.execute(
        "SELECT t.doc_id, json_extract(r.data, '$.html.files.\"' || t.doc_id || '/index.html\"[0]') "
        "FROM manifest_texts t JOIN manifest_records r ON r.rid = t.rid WHERE t.gen = ? AND t.html = 1 "
        "ORDER BY t.doc_id", (gen,)).fetchall()
    bits = group_bits(len(rows))
    groups: dict[str, list[list[str]]] = {}
    for doc_id, page in rows:
        groups.setdefault(group_of(doc_id, bits), []).append([doc_id, page])
    return dict(sorted(groups.items()))


def group_recipe(pages: list[list[str]], fp: str) -> str:
    return digest({"pages": pages, "fp": fp})


def page_recipe(fp: str, base_url: str, indexed: bool) -> str:
    return digest({"fp": fp, "base_url": base_url, "indexed": indexed})


def _current(site: Path, record: dict | None, recipe: str) -> bool:
    return bool(record) and record.get("recipe") == recipe and outputs_present(site, record.get("files", {}))


class SearchIndex(Builder):
    """The search page and the Pagefind index of the reading pages (see the module's documentation)."""

    name = "search"
    per_text = False  # nothing per text: not planned for the texts, made in finish()

    def recipe(self, fp, inputs, siblings, old=None):
        return ""  # nothing per text

    def write(self, doc, folder, siblings):
        raise NotImplementedError("the search index is made once per build, in finish()")

    def finished_current(self, build) -> bool:
        """Current when every group the build would keep is (a build that asks for no index still removes
        a group whose texts changed) and the search page matches what is indexed."""
        manifest = build.manifest
        if manifest.empty:
            return True  # no site yet: the reading page builder asks for the first build
        groups = site_groups(manifest.db, manifest.gen)
        old = manifest.site.get("search", {})
        if not groups:
            return not old
        fp = search_fingerprint()
        had = old.get("groups", {})
        asked = self.name in build.request.outputs
        if set(had) - set(groups):
            return False  # a group that vanished (the corpus grew or shrank past a size that splits groups)
        for name, pages in groups.items():
            if (asked or name in had) and not _current(build.out, had.get(name), group_recipe(pages, fp)):
                return False
        return _current(build.out, old, page_recipe(fp, build.request.base_url, bool(had)))

    def finish(self, build) -> None:
        stage = build.stage
        groups = site_groups(build.pending.db, build.pending.gen)
        old = build.manifest.site.get("search", {})
        if not groups:  # no reading page: no search either
            _clear(stage, {})
            (stage / SEARCH_PAGE).unlink(missing_ok=True)
            build.site = {k: v for k, v in build.site.items() if k != "search"}
            return
        fp = search_fingerprint()
        recipes = {name: group_recipe(pages, fp) for name, pages in groups.items()}
        asked = self.name in build.request.outputs
        had = {} if build.request.force and asked else old.get("groups", {})
        indexed = {name: had[name] for name, recipe in recipes.items() if _current(stage, had.get(name), recipe)}
        _clear(stage, indexed)
        todo = {name: [doc_id for doc_id, _page in groups[name]] for name in recipes if name not in indexed}
        if todo and asked:
            started = time.perf_counter()
            for name, files in index_groups(stage, todo).items():
                indexed[name] = {"recipe": recipes[name], "files": files}
            build.report.timings["search"] = time.perf_counter() - started
        indexed = dict(sorted(indexed.items()))
        recipe = page_recipe(fp, build.request.base_url, bool(indexed))
        page = old.get("files", {}).get(SEARCH_PAGE)
        if old.get("recipe") != recipe or not page or not outputs_present(stage, {SEARCH_PAGE: page}):
            write_search_page(stage, build.request.base_url, bool(indexed))
        files = [SEARCH_PAGE]
        if indexed:
            write_groups_list(stage, indexed, groups)
            files.append(GROUPS_FILE)
        build.site = {**build.site, "search": {"recipe": recipe, "files": record_files(stage, files),
                                               "groups": indexed}}


def _clear(stage: Path, keep: dict) -> None:
    """Take out of the stage's index folder every group not in `keep` (unlinked, never written into: the
    stage's files are hard links to the published site's); the list of groups stays, to be compared."""
    folder = stage / INDEX_FOLDER
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if entry.name in keep or entry.name == Path(GROUPS_FILE).name:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    if not keep:
        (stage / GROUPS_FILE).unlink(missing_ok=True)
        if not any(folder.iterdir()):
            folder.rmdir()


def write_search_page(stage: Path, base_url: str, indexed: bool) -> None:
    context = {"root": "", "static": "static/", "base_url": base_url, "index_pages": INDEX_PAGES,
               "current_index": "search", "indexed": indexed}
    write_text(fresh(stage / SEARCH_PAGE), template_env().get_template(SEARCH_PAGE).render(context))


def write_groups_list(stage: Path, indexed: dict, groups: dict) -> None:
    """`pagefind/groups.json`, which static/search.js reads: each group's folder and languages (with their
    numbers of pages), how many texts the site has and how many of them no group holds (their pages changed
    in a build that did not make the index)."""
    listed = []
    for name in indexed:
        entry = json.loads((stage / INDEX_FOLDER / name / "pagefind-entry.json").read_text(encoding="utf-8"))
        listed.append({"name": name, "languages": {lang: about["page_count"]
                                                   for lang, about in sorted(entry["languages"].items())}})
    texts = sum(len(pages) for pages in groups.values())
    missing = sum(len(pages) for name, pages in groups.items() if name not in indexed)
    text = json.dumps({"texts": texts, "missing": missing, "groups": listed}, ensure_ascii=False,
                      separators=(",", ":")) + "\n"
    path = stage / GROUPS_FILE
    try:
        if path.read_text(encoding="utf-8") == text:
            return  # the same: the published file stays
    except OSError:
        pass
    write_text(fresh(path), text)


def index_groups(stage: Path, todo: dict[str, list[str]]) -> dict[str, dict[str, list]]:
    """Index each group's reading pages into `stage`/pagefind/<group>/; {group: its files as recorded}."""
    run_pagefind(stage, todo)
    made = {}
    for name in todo:
        folder = stage / INDEX_FOLDER / name
        if not (folder / "pagefind.js").is_file():
            msg = "search: Pagefind wrote no index — nothing was changed; build again with --force"
            raise EditionError(msg, [Problem("search", 0, 0, "error", "search-index", msg)])
        for unused in UNUSED:
            (folder / unused).unlink(missing_ok=True)
        put_in_order(folder)  # the same bytes from build to build (edition.search_order)
        made[name] = record_files(stage, sorted(p.relative_to(stage).as_posix() for p in folder.rglob("*")
                                                if p.is_file()))
    return made


def _glob(doc_ids: list[str]) -> str:
    """The reading pages of these texts, as a glob of Pagefind's (document IDs hold only letters, digits,
    '.', '-' and '_': edition.site.SAFE_ID)."""
    return (doc_ids[0] if len(doc_ids) == 1 else "{" + ",".join(doc_ids) + "}") + "/index.html"


def pagefind_binary() -> Path:
    """Pagefind's program: the one `PAGEFIND_BINARY_PATH` names (as for Pagefind's own Python wrapper), else
    the one the `pagefind_bin` package brings."""
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named:
        return Path(named)
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise EditionError(f"search: Pagefind is not installed — pip install '{PAGEFIND_PACKAGE}' (the search "
                           f"index of the site is made with it)") from None
    return get_executable()


def run_pagefind(stage: Path, todo: dict[str, list[str]]) -> None:
    """Index the reading pages of each group of `stage` into `stage`/pagefind/<group>/, one run of Pagefind's
    command line a group, PARALLEL at a time. (Its Python API took 0.32 s for the essay's one page, waiting on
    its service's pipe; the command line 0.04 s, with the same bytes, 2026-12-07.) The runs are started and
    watched from this thread: however the build ends (an error, Ctrl-C, SIGTERM), the runs still going are
    ended with it, before the stage is removed, and none is started after."""
    try:
        program = str(pagefind_binary())
    except FileNotFoundError as exc:
        raise _not_run(exc) from None
    excluded = [arg for selector in EXCLUDED for arg in ("--exclude-selectors", selector)]
    # Pagefind also reads a configuration file from its working folder and PAGEFIND_* variables (a
    # pagefind.yml with force_language changes every bundle): it runs in the stage, which holds none, without them
    environment = {name: value for name, value in os.environ.items() if not name.upper().startswith("PAGEFIND_")}
    waiting = list(todo.items())
    running: list[tuple[subprocess.Popen, str, list[str], IO[bytes]]] = []
    try:
        while waiting or running:
            while waiting and len(running) < PARALLEL:
                name, doc_ids = waiting.pop(0)
                command = [program, "--site", str(stage), "--glob", _glob(doc_ids), "--output-path",
                           str(stage / INDEX_FOLDER / name), *excluded, "--silent"]
                said = tempfile.TemporaryFile()  # noqa: SIM115 (closed in _check or below) — a file: a full pipe stops it
                running.append((subprocess.Popen(command, cwd=stage, env=environment, stdin=subprocess.DEVNULL,
                                                 stdout=said, stderr=subprocess.STDOUT), name, doc_ids, said))
            checkpoint("search")
            time.sleep(0.01)
            for run in [run for run in running if run[0].poll() is not None]:
                running.remove(run)
                _check(stage, *run)
    except OSError as exc:
        raise _not_run(exc) from None
    finally:
        for process, _name, _doc_ids, said in running:
            process.kill()
            process.wait()
            said.close()


def _check(stage: Path, process: subprocess.Popen, name: str, doc_ids: list[str], said: IO[bytes]) -> None:
    """A finished run of Pagefind: did it index every page of its group?"""
    with said:
        said.seek(0)
        words = " ".join(said.read().decode("utf-8", "replace").split())[:500]
    if process.returncode:
        raise _failed(words or f"exit status {process.returncode} (group {name})")
    entry_file = stage / INDEX_FOLDER / name / "pagefind-entry.json"
    if not entry_file.is_file():  # (not "could not be run": it ran, and wrote nothing)
        raise _failed(words or f"it wrote no index for group {name}")
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    count = sum(language["page_count"] for language in entry["languages"].values())
    if count != len(doc_ids):
        raise _failed(f"group {name}: {count} of {len(doc_ids)} pages indexed")


def _not_run(exc: OSError) -> EditionError:
    return EditionError(f"search: Pagefind could not be run ({exc}) — reinstall it: pip install "
                        f"--force-reinstall '{PAGEFIND_PACKAGE}'")


def _failed(said: str) -> EditionError:
    msg = f"search: Pagefind failed to index the reading pages: {said} — nothing was changed"
    return EditionError(msg, [Problem("search", 0, 0, "error", "search-index", msg)])
