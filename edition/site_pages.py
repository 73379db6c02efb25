"""The pages that span the corpus — the catalogue and the indexes of names — written from a ContributionStore
one row at a time, so that neither the build's memory nor any page grows without bound with the corpus.

    written, notes = write_site_pages(stage, store, base_url="", only=None, old_pages={}, affected=None)

Pages:

- `index.html`: the catalogue (every text; streamed to the file, never held whole);
- `persons.html`, `places.html`, `organisations.html`: one entry per name (`#<xml:id>`, the anchor every
  reading page links to), with its description and — for a name that at most INLINE_TEXTS texts name —
  a link to every passage; a name named in more texts links to its own pages instead;
- `persons/<key>.html` (then `<key>.2.html`, …): every passage of one such name, PAGE_TEXTS texts a page.

An incremental build passes the recipes of the entries' pages it made before (`old_pages`); a page whose
recipe is unchanged and which the stage still holds is not written again.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import jinja2

from .contribution_store import ContributionStore, StoredEntry
from .contributions import meta_from_json
from .manifest import outputs_present, record_files
from .output import write_chunks, write_text
from .page_templates import INDEX_PAGES, copy_static, fresh, template_env

INLINE_TEXTS = 10  # a name named in more texts gets pages of its own
PAGE_TEXTS = 100  # texts on one page of a name
_PLAIN_KEY = re.compile(r"[a-z0-9_-]{1,100}")


@dataclass(frozen=True)
class OverviewEntry:
    id: str
    name: str
    description: str
    texts: int
    passages: int
    groups: list  # [(doc_id, title, [(unit, label, times)])] when shown on the overview
    page: str  # the address of the entry's first page, when it has pages


@dataclass
class Written:
    """What write_site_pages did: files written (relative paths), entries' pages ({path: [entry id, recipe]}),
    files removed."""

    files: list[str]
    pages: dict[str, list]
    removed: list[str]


def folder_of(filename: str) -> str:
    return filename.removesuffix(".html")


def entry_key(eid: str) -> str:
    """A file name for an entry's pages: its ID when that is plain lower-case ASCII, else a cleaned form with
    a short hash (IDs that differ only in case or punctuation must not share a file on any system)."""
    if _PLAIN_KEY.fullmatch(eid):
        return eid
    cleaned = re.sub(r"[^a-z0-9_-]+", "-", eid.lower()).strip("-")[:60] or "entry"
    return f"{cleaned}-{hashlib.sha256(eid.encode('utf-8')).hexdigest()[:10]}"


def page_name(filename: str, eid: str, number: int) -> str:
    """The path (relative to the site) of page `number` (from 1) of an entry."""
    key = entry_key(eid)
    return f"{folder_of(filename)}/{key}.html" if number == 1 else f"{folder_of(filename)}/{key}.{number}.html"


def pages_basis(fingerprint: str, base_url: str) -> str:
    """What every page of an entry is made with: when it changes, every entry's pages are remade."""
    return hashlib.sha256(f"{fingerprint}\0{base_url}\0{INLINE_TEXTS}\0{PAGE_TEXTS}".encode()).hexdigest()


def write_site_pages(out_dir: Path, store: ContributionStore, *, base_url: str = "",
                     only: Iterable[str] | None = None, fingerprint: str = "",
                     old_pages: Mapping[str, list] | None = None,
                     affected: set[str] | None = None) -> tuple[Written, list[str]]:
    """Write the catalogue and the index pages named in `only` (file names of INDEX_PAGES and "index.html";
    None: all) from the contributions `store.use()` chose. An index of a kind no text lists is removed with
    its entries' pages. `old_pages`: the entries' pages the folder holds ({path: [entry id, recipe]});
    `affected`: the entries whose pages may have changed (None: any) — the pages of the others stay as
    they are. Returns what was written and the notes on entries that texts define differently."""
    only = set(only) if only is not None else None
    old_pages = dict(old_pages or {})
    kinds_present = store.kinds()
    index_pages = [p for p in INDEX_PAGES if p[0] in kinds_present]
    base = {"root": "", "static": "static/", "base_url": base_url, "index_pages": index_pages}
    env = template_env()
    done = Written([], {}, [])
    if only is None or "index.html" in only:
        texts = ({"meta": meta_from_json(meta), "doc_id": doc_id, "lang": lang,
                  "epub": (out_dir / doc_id / f"{doc_id}.epub").is_file()}  # its contribution says so (downloads)
                 for doc_id, _title, lang, meta in store.catalogue())
        write_chunks(fresh(out_dir / "index.html"),
                     env.get_template("catalogue.html").generate({**base, "texts": texts}))
        done.files.append("index.html")
    for kind, filename, label in INDEX_PAGES:
        own = _pages_of(old_pages, filename)
        if kind not in kinds_present:
            (out_dir / filename).unlink(missing_ok=True)
            _remove(out_dir, own, done)
        elif only is not None and filename not in only:
            done.pages.update(own)
        else:
            context = {**base, "kind": kind, "label": label, "filename": filename}
            _write_index(out_dir, store, env, context, own, fingerprint, affected, done)
            _remove(out_dir, {name: page for name, page in own.items() if name not in done.pages}, done)
    done.pages = dict(sorted(done.pages.items()))
    return done, store.notes()


def _write_index(out_dir: Path, store: ContributionStore, env: jinja2.Environment, context: dict,
                 own: dict[str, list], fingerprint: str, affected: set[str] | None, done: Written) -> None:
    """One index of names (`context["filename"]`) and the pages of its entries that have pages of their own;
    of those, only the pages of `affected` entries (and of any whose file is gone) are made again."""
    filename = context["filename"]
    entries = store.entries(context["kind"])
    scope = None
    if affected is not None:
        scope = affected | {eid for name, (eid, _recipe) in own.items() if not (out_dir / name).is_file()}
        done.pages.update({name: page for name, page in own.items() if page[0] not in scope})
    template = env.get_template("name-page.html")
    page_context = {**context, "root": "../", "static": "../static/"}
    for entry in entries:
        if not _page_count(entry) or (scope is not None and entry.id not in scope):
            continue
        for name, number, recipe, rows in _entry_pages(store, filename, entry, fingerprint, context["base_url"]):
            done.pages[name] = [entry.id, recipe]
            if own.get(name) == [entry.id, recipe] and (out_dir / name).is_file():
                continue
            _write_entry_page(out_dir, template, name, entry, number, rows, filename, page_context)
            done.files.append(name)
    overview = (_overview_entry(store, e, filename) for e in entries)
    write_chunks(fresh(out_dir / filename), env.get_template("names.html").generate({**context, "entries": overview}))
    done.files.append(filename)


def site_pages_current(build) -> bool:
    """Are the published cross-text pages and static files those the build's texts would make now?"""
    site, static, recipes, out = build.manifest.site, build.manifest.static, build.recipes, build.out
    return (site.get("recipes") == recipes.pages(build.manifest.pages_rows())
            and outputs_present(out, site.get("files", {}))
            and static.get("recipe") == recipes.fp.static and outputs_present(out, static.get("files", {})))


def finish_site_pages(build) -> None:
    """The cross-text pages of a build (edition.build.Build): each page whose recipe changed (a text's part
    of it, its template) is made again, and the static files when they changed. Sets the build's `site` and
    `static` records for its manifest."""
    request, manifest, recipes, stage = build.request, build.manifest, build.recipes, build.stage
    if "html" not in request.outputs and not build.pending.any_html():
        return
    wanted = recipes.pages(build.pending.pages_rows())
    old, old_files = manifest.site.get("recipes", {}), manifest.site.get("files", {})
    pages = dict(manifest.site.get("pages", {}))

    def current(name: str) -> bool:
        """Unchanged, and its file (with, for an index, the pages of its entries) still there."""
        own = {k: v for k, v in old_files.items() if k == name or k.startswith(folder_of(name) + "/")}
        return (not request.force and old.get(name) == wanted[name] and name in old_files
                and outputs_present(stage, own))

    stale = {name for name in wanted if not current(name)}
    written: list[str] = []
    removed: set[str] = set()
    basis = pages_basis(recipes.fp.indexes, request.base_url)
    if stale or set(old) - set(wanted):
        affected = None  # every entry's pages are remade …
        if manifest.site.get("pages_basis") == basis and not request.force:  # … unless only some texts changed
            affected = build.store.entries_of(build.pending.changed_contributions())
        done, notes = write_site_pages(stage, build.store, base_url=request.base_url, only=stale,
                                       fingerprint=recipes.fp.indexes, old_pages=pages, affected=affected)
        build.report.notes += notes
        pages, written, removed = done.pages, done.files, set(done.removed)
    keep = {k: v for k, v in old_files.items() if (k in wanted or k in pages) and k not in removed
            and k not in written}
    build.site = {"recipes": wanted, "pages": pages, "pages_basis": basis,
                  "files": {**keep, **record_files(stage, written)}}
    static = manifest.static
    if request.force or static.get("recipe") != recipes.fp.static or not outputs_present(stage, static.get("files", {})):
        copy_static(stage)
        static = {"recipe": recipes.fp.static,
                  "files": record_files(stage, sorted(p.relative_to(stage).as_posix()
                                                      for p in (stage / "static").rglob("*") if p.is_file()))}
    build.static = static


def _pages_of(pages: Mapping[str, list], filename: str) -> dict[str, list]:
    """The entries' pages of one index (those under its folder)."""
    folder = folder_of(filename) + "/"
    return {name: page for name, page in pages.items() if name.startswith(folder)}


def _remove(out_dir: Path, pages: Mapping[str, list], done: Written) -> None:
    for name in sorted(pages):
        path = out_dir / name
        if path.is_file():
            path.unlink()
            done.removed.append(name)
        try:
            path.parent.rmdir()  # when it was the last page of its kind
        except OSError:
            pass


def _page_count(entry: StoredEntry) -> int:
    return 0 if entry.texts <= INLINE_TEXTS else -(-entry.texts // PAGE_TEXTS)


def _overview_entry(store: ContributionStore, entry: StoredEntry, filename: str) -> OverviewEntry:
    if _page_count(entry):
        return OverviewEntry(entry.id, entry.name, entry.description, entry.texts, entry.passages, [],
                             page_name(filename, entry.id, 1))
    return OverviewEntry(entry.id, entry.name, entry.description, entry.texts, entry.passages,
                         list(store.passages(entry.id)), "")


def _entry_pages(store: ContributionStore, filename: str, entry: StoredEntry, fingerprint: str,
                 base_url: str) -> Iterator[tuple[str, int, str, list]]:
    """(page path, page number, recipe, rows) of each page of an entry that has pages, the rows (doc_id,
    title, passages as JSON) of PAGE_TEXTS texts at most, read in one pass over the entry's texts. The
    recipe hashes what the page shows: the entry, its place among the pages, its texts' passages."""
    pages = _page_count(entry)
    if not pages:
        return
    head = f"{pages_basis(fingerprint, base_url)}\0{entry.id}\0{entry.name}\0{entry.description}\0" \
           f"{entry.texts}\0{entry.passages}\0{pages}\0"
    rows = store.passage_rows(entry.id)
    for number in range(1, pages + 1):
        chunk = list(islice(rows, PAGE_TEXTS))
        if not chunk:
            break
        h = hashlib.sha256(f"{head}{number}\0".encode())
        h.update("".join(f"{doc_id}\0{title}\0{units}\0" for doc_id, title, units in chunk).encode())
        yield page_name(filename, entry.id, number), number, h.hexdigest(), chunk


def _write_entry_page(out_dir: Path, template: jinja2.Template, name: str, entry: StoredEntry, number: int,
                      rows: list, filename: str, context: dict) -> None:
    """One page of an entry: at most PAGE_TEXTS texts, so it is made whole (faster than in pieces); their
    passages decoded in one go (as one JSON array), not text by text."""
    pages = _page_count(entry)
    first = (number - 1) * PAGE_TEXTS
    passages = json.loads(f"[{','.join(units for _doc_id, _title, units in rows)}]")
    groups = [(doc_id, title, units) for (doc_id, title, _json), units in zip(rows, passages, strict=True)]
    hrefs = [page_name(filename, entry.id, n).rpartition("/")[2] for n in range(1, pages + 1)]
    write_text(fresh(out_dir / name), template.render(
        {**context, "entry": entry, "number": number, "pages": pages, "page_hrefs": hrefs, "groups": groups,
         "first": first + 1, "last": first + len(rows)}))
