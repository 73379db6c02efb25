"""The full-text search of the site: a Pagefind index of the reading pages, and the search page.

    builder = BUILDERS["search"](settings)
    builder.finish(build)        # in the build's process, after the texts: search.html and pagefind/

The index is made by Pagefind through its Python API (the `pagefind[bin]` package brings its binary, which
that API runs: no Node, no server) from the
reading pages alone (`<doc-id>/index.html`, whose `<article data-pagefind-body>` marks what is indexed),
each page in the language of its `lang` attribute (Pagefind keeps one index per language; the search page
merges them). Pagefind has no incremental mode, so the builder's recipe is the corpus: the hash of every
reading page (as the manifest records it) with the search page's template, the script and Pagefind's version.
An unchanged corpus keeps its index untouched; any change re-indexes the whole site (1,000 essay-sized
texts: see benchmarks/README.md).

The builder writes nothing per text: it has a `finish` only, and keeps its record (recipe and files) in the
manifest's record of the cross-text pages, under "search".
"""

from __future__ import annotations

import asyncio
import shutil
import threading
import time
from pathlib import Path
from typing import ClassVar

from . import STATIC_DIR, TEMPLATES_DIR
from .builders import Builder  # (this module is loaded by edition.builders, which registers it)
from .errors import EditionError, Problem
from .manifest import _files_digest, digest, outputs_present, record_files, template_closure
from .output import write_text
from .page_templates import INDEX_PAGES, fresh, template_env
from .search_order import put_in_order

INDEX_FOLDER = "pagefind"
SEARCH_PAGE = "search.html"
# What of a reading page is not the text: the citation boxes, the corrections' pop-ups and the readings as
# transcribed (the corrected reading is indexed), the paragraph links and note numbers, the contents, the
# reading switch and the About section (metadata, downloads).
EXCLUDED = (".ed-cite-box", ".ed-tip", ".ed-source", ".ed-self", ".ed-noteref", ".ed-toc", ".ed-reading-toggle",
            ".ed-about", ".ed-visually-hidden", ".ed-draft-notice", ".ed-notes-intro")
PAGEFIND_PACKAGE = "pagefind[bin]"


def _pagefind_api():
    """Pagefind's Python API (the `pagefind` package; it runs the binary that `pagefind[bin]` brings)."""
    try:
        from pagefind.index import IndexConfig, PagefindIndex
    except ImportError:
        raise EditionError(f"search: Pagefind is not installed — pip install '{PAGEFIND_PACKAGE}' (the search "
                           f"index of the site is made with it)") from None
    return IndexConfig, PagefindIndex


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
                   "pagefind": pagefind_version(), "excluded": EXCLUDED})


def pages_digest(db, gen: int | None) -> tuple[str, int]:
    """One hash over every reading page of a manifest generation (the hash of its file, as the manifest records
    it: a page made again with the same bytes changes nothing), and how many there are."""
    if gen is None:
        return "", 0
    import hashlib

    h = hashlib.sha256()
    count = 0
    for doc_id, page in db.execute(
            "SELECT t.doc_id, json_extract(r.data, '$.html.files.\"' || t.doc_id || '/index.html\"[0]') "
            "FROM manifest_texts t JOIN manifest_records r ON r.rid = t.rid WHERE t.gen = ? AND t.html = 1 "
            "ORDER BY t.doc_id", (gen,)):
        h.update(f"{doc_id}\0{page}\n".encode())
        count += 1
    return h.hexdigest(), count


def search_recipe(pages: str, base_url: str) -> str:
    return digest({"pages": pages, "fp": search_fingerprint(), "base_url": base_url})


class SearchIndex(Builder):
    """The search page and the Pagefind index of the reading pages (see the module's documentation)."""

    name = "search"
    # True while `build.py serve` rebuilds after a save: the reading pages are published at once, and the
    # index follows with the next build (the one that makes the PDFs), so a save shows in < 0.5 s.
    deferred: ClassVar[bool] = False

    def recipe(self, fp, inputs, siblings, old=None):
        return ""  # nothing per text

    def write(self, doc, folder, siblings):
        raise NotImplementedError("the search index is made once per build, in finish()")

    def finished_current(self, build) -> bool:
        manifest = build.manifest
        if manifest.empty:
            return True  # no site yet: the reading page builder asks for the first build
        pages, count = pages_digest(manifest.db, manifest.gen)
        old = manifest.site.get("search", {})
        if not count:
            return not old
        return old.get("recipe") == search_recipe(pages, build.request.base_url) \
            and outputs_present(build.out, old.get("files", {}))

    def finish(self, build) -> None:
        pending = build.pending
        pages, count = pages_digest(pending.db, pending.gen)
        old = dict(build.manifest.site.get("search", {}))
        stage = build.stage
        if self.deferred and count and outputs_present(stage, old.get("files", {})):
            build.site = {**build.site, "search": old}  # the last index stays until the next full build
            return
        if not count:  # no reading page: no search either
            _remove(stage, old)
            build.site = {k: v for k, v in build.site.items() if k != "search"}
            return
        recipe = search_recipe(pages, build.request.base_url)
        if not build.request.force and old.get("recipe") == recipe and outputs_present(stage, old.get("files", {})):
            build.site = {**build.site, "search": old}  # current: its record goes on into the new manifest
            return
        started = time.perf_counter()
        _remove(stage, old)
        write_search_page(stage, build.request.base_url)
        run_pagefind(stage)
        files = [SEARCH_PAGE] + sorted(p.relative_to(stage).as_posix()
                                       for p in (stage / INDEX_FOLDER).rglob("*") if p.is_file())
        build.site = {**build.site, "search": {"recipe": recipe, "files": record_files(stage, files)}}
        build.report.timings["search"] = time.perf_counter() - started


def _remove(stage: Path, old: dict) -> None:
    """Take the previous index and search page out of the stage (unlinked, never written into: the stage's
    files are hard links to the published site's)."""
    if (stage / INDEX_FOLDER).is_dir():
        shutil.rmtree(stage / INDEX_FOLDER)
    for rel in old.get("files", {}):
        if "/" not in rel:
            (stage / rel).unlink(missing_ok=True)


def write_search_page(stage: Path, base_url: str) -> None:
    context = {"root": "", "static": "static/", "base_url": base_url, "index_pages": INDEX_PAGES,
               "current_index": "search"}
    write_text(fresh(stage / SEARCH_PAGE), template_env().get_template(SEARCH_PAGE).render(context))


def run_pagefind(stage: Path) -> None:
    """Index the reading pages of `stage` into `stage`/pagefind/ with Pagefind (its Python API)."""
    config_type, index_type = _pagefind_api()
    config = config_type(exclude_selectors=list(EXCLUDED), output_path=str(stage / INDEX_FOLDER))

    async def index() -> None:
        async with index_type(config=config) as pagefind:
            await pagefind.add_directory(str(stage), glob="*/index.html")

    try:
        _run_async(index)
    except FileNotFoundError as exc:
        raise EditionError(f"search: Pagefind could not be run ({exc}) — reinstall it: pip install "
                           f"--force-reinstall '{PAGEFIND_PACKAGE}'") from None
    except Exception as exc:  # noqa: BLE001 — Pagefind's own errors: reported as a problem of the build
        said = " ".join(str(exc).split())[:500] or type(exc).__name__
        msg = f"search: Pagefind failed to index the reading pages: {said} — nothing was changed"
        raise EditionError(msg, [Problem("search", 0, 0, "error", "search-index", msg)]) from None
    if not (stage / INDEX_FOLDER / "pagefind.js").is_file():
        msg = "search: Pagefind wrote no index — nothing was changed; build again with --force"
        raise EditionError(msg, [Problem("search", 0, 0, "error", "search-index", msg)])
    put_in_order(stage / INDEX_FOLDER)  # the same bytes from build to build (edition.search_order)


def _run_async(make) -> None:
    """Run the coroutine `make()` to its end: here, or in a thread of its own when this thread already runs an
    event loop (a program that drives the build from asynchronous code)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(make())
        return
    failed: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(make())
        except BaseException as exc:  # noqa: BLE001 — handed to the caller's thread
            failed.append(exc)

    worker = threading.Thread(target=target, name="pagefind")
    worker.start()
    worker.join()
    if failed:
        raise failed[0]
