"""The DTS builder (name "dts"): a static DTS 1.0 export (Level 0) under `api/dts/` of the site.

Per text (`write`, in a worker, from the loaded document): its Resource (collection endpoint), its navigation
(without `ref` for down = 1 … its depth and -1; for each citable unit without `down`, and for down = 0, 1 … the
depth and -1), and its documents (the whole TEI, and each unit's passage). Across the corpus (`finish`, in the
build's process, from the Resources just written): the entry point, the root collection (the edition; the
corpus has no sub-collections), and each Resource's parents (`nav=parents`), whose counts change with the
corpus. Files whose bytes do not change are left alone, so an incremental build rewrites what changed only.
"""

from __future__ import annotations

import glob
import hashlib
import json
import shutil
from collections.abc import Iterable
from pathlib import Path

from .. import TEI_NS
from ..builder import Builder, Made
from ..errors import EditionError, Problem
from ..manifest import digest
from ..output import write_new_files
from ..readings import reading_text
from . import responses as R
from .addresses import API_DIR, LOCAL_SERVER, ROOT_COLLECTION, Addresses, segment, text_files
from .citation_tree import UNITS_STYLESHEET, CitationTree
from .passages import passage_document, unit_elements

NO_BASE_URL_NOTE = (f"DTS export: no base URL, so its addresses are the local server's, {LOCAL_SERVER} (`python "
                    f"build.py serve` on its default port) — set [tool.edition] base_url or pass --base-url for the "
                    f"published export (or --base-url http://127.0.0.1:N/ to serve it on another port)")


class DtsExport(Builder):
    name = "dts"
    follows_source = True

    def recipe(self, fp, inputs, siblings, old=None):
        return digest({"inputs": inputs, "fp": fp.dts, "base_url": self.settings.base_url,
                       "pdf_link": "pdf" in siblings})

    @staticmethod
    def owns(doc_id, name):
        """A text's responses: `api/dts/<kind>/<doc-id>` followed by `/`, `;` or `.` (see edition.dts.addresses)."""
        kind, _, rest = name.removeprefix(API_DIR + "/").partition("/")
        return name.startswith(API_DIR + "/") and kind in ("collection", "navigation", "document") \
            and rest[len(segment(doc_id)):][:1] in ("/", ";", ".") and rest.startswith(segment(doc_id))

    def record(self, siblings):
        return {"pdf_link": "pdf" in siblings}

    def prepare(self) -> None:
        from ..transform import stylesheet

        stylesheet(UNITS_STYLESHEET)

    def write(self, doc, folder, siblings):
        stage = Path(folder).parent
        files = text_responses(doc, Addresses(self.settings.base_url), pdf="pdf" in siblings)
        return Made(rewrite_text(stage, doc.doc_id, files))

    def finish(self, build):
        stage = Path(build.stage)
        if "dts" not in build.request.outputs and not (stage / API_DIR).is_dir():
            return
        at = Addresses(build.request.base_url)
        doc_ids = site_texts(stage)
        write_changed(stage, corpus_responses(stage, doc_ids, at))
        if not build.request.base_url and "dts" in build.request.outputs:
            build.report.notes.append(NO_BASE_URL_NOTE)

    def finished_current(self, build):
        return "dts" not in build.request.outputs or (Path(build.request.out) / Addresses.entry_file()).is_file()


# --- one text ------------------------------------------------------------------------------------------

def text_responses(doc, at: Addresses, *, pdf: bool) -> list[tuple[str, bytes]]:
    """Every response of one text: (site-relative file, bytes)."""
    tree = CitationTree.of(doc)
    doc.warnings += tree.warnings
    meta, doc_id = doc.meta, doc.doc_id
    top = R.as_bytes(R.resource(meta, tree, at, pdf=pdf))
    files = [(at.collection_file(doc_id), top), (at.collection_file(doc_id, "children"), top)]
    elements = unit_elements(doc.tree, {u.id for u in tree.units})
    titles = {uid: title for uid, el in elements.items() if (title := heading(el))}
    files += navigation_responses(doc_id, tree, at, R.navigation_resource(meta, tree, at), titles, meta.language)
    files.append((at.document_file(doc_id), doc.data))
    whole = at.url(at.document_file(doc_id)) if at.configured else ""
    for unit in tree.units:
        files.append((at.document_file(doc_id, unit.id), passage_document(elements[unit.id], meta, unit.id, whole)))
    return files


def heading(el) -> str:
    """A division's title: its heading in the corrected reading ("" when it has none)."""
    head = el.find(f"{{{TEI_NS}}}head") if el.tag == f"{{{TEI_NS}}}div" else None
    return reading_text(head, "corrected") if head is not None else ""


def navigation_responses(doc_id: str, tree: CitationTree, at: Addresses, resource: dict, titles: dict[str, str],
                         language: str) -> list[tuple[str, bytes]]:
    units = tree.units
    shown = {u.id: R.dumps(R.citable_unit(u, doc_id, at, titles.get(u.id, ""), language)) for u in units}
    resource_json = R.dumps(resource)
    children: dict[str | None, list[str]] = {}
    for u in units:
        children.setdefault(u.parent, []).append(u.id)
    level = {u.id: u.level for u in units}
    depth = tree.max_depth
    downs = [*range(1, max(depth, 1) + 1), -1]

    def answer(ref: str | None, down: int | None, members: list[str] | None) -> tuple[str, bytes]:
        rel = at.navigation_file(doc_id, ref, down)
        listed = None if members is None else [shown[m] for m in members]
        return rel, R.navigation_bytes(at.url(rel), resource_json, listed, shown[ref] if ref else None)

    files = [answer(None, d, [u.id for u in units if d == -1 or u.level <= d]) for d in downs]
    for u in units:
        below = list(_preorder(u.id, children))
        files.append(answer(u.id, None, None))
        files.append(answer(u.id, 0, children[u.parent]))
        for d in [*range(1, max(depth, 1) + 1), -1]:
            files.append(answer(u.id, d, [m for m in below if d == -1 or level[m] <= u.level + d]))
    return files


def _preorder(start: str, children: dict[str | None, list[str]]) -> Iterable[str]:
    stack = [start]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(children.get(current, [])))


def clear_text(stage: Path, doc_id: str) -> None:
    """Take out a text's earlier responses (a unit may have gone); its parents response stays for `finish`."""
    for rel in text_files(doc_id):
        path = stage / rel
        if rel.endswith("/"):
            shutil.rmtree(path, ignore_errors=True)
        elif path.exists():
            path.unlink()
    for path in (stage / API_DIR / "navigation").glob(f"{doc_id};down=*.jsonld"):
        path.unlink()


def write_files(stage: Path, files: list[tuple[str, bytes]]) -> dict[str, list]:
    """Write (site-relative file, bytes) as new files, folder by folder; {file: [sha256, size]}."""
    by_folder: dict[str, list[tuple[str, bytes]]] = {}
    for rel, data in files:
        folder, _, name = rel.rpartition("/")
        by_folder.setdefault(folder, []).append((name, data))
    made: dict[str, list] = {}
    for folder, named in by_folder.items():
        for name, record in write_new_files(stage / folder, named).items():
            made[f"{folder}/{name}"] = record
    return made


def rewrite_text(stage: Path, doc_id: str, files: list[tuple[str, bytes]]) -> dict[str, list]:
    """Write a text's responses where their bytes changed; {file: [sha256, size]} of all of them. A response
    the stage holds already with the same bytes keeps its link to the published site, and a response no longer
    answered (a unit that went) is taken out. A changed word changes a few of the essay's 731 responses:
    writing all of them again cost a rebuild 0.28 s of file creation, reading them to compare 0.05 s
    (the live preview's HTML pass of the essay in one process: 0.57–0.66 → 0.27–0.30 s, 2026-12-07)."""
    wanted = {rel for rel, _data in files}
    for rel in text_present(stage, doc_id):
        if rel not in wanted:
            (stage / rel).unlink()
    changed, kept = [], {}
    for rel, data in files:
        path = stage / rel
        try:
            same = not path.is_symlink() and path.read_bytes() == data
        except OSError:
            same = False
        if same:
            kept[rel] = [hashlib.sha256(data).hexdigest(), len(data)]
        else:
            changed.append((rel, data))
    return {**kept, **write_files(stage, changed)}


def text_present(stage: Path, doc_id: str) -> list[str]:
    """The site-relative files of a text's own responses in the stage (as `clear_text` takes them out)."""
    found = []
    for rel in text_files(doc_id):
        path = stage / rel
        if rel.endswith("/"):
            found += [p.relative_to(stage).as_posix() for p in path.rglob("*") if not p.is_dir()] \
                if path.is_dir() and not path.is_symlink() else []
        elif path.is_file() or path.is_symlink():
            found.append(rel)
    found += [p.relative_to(stage).as_posix()
              for p in (stage / API_DIR / "navigation").glob(f"{glob.escape(doc_id)};down=*.jsonld")]
    return found


def write_changed(stage: Path, files: list[tuple[str, bytes]]) -> None:
    """Write the files whose bytes differ from what the stage holds (an unchanged file keeps its link to
    the published site)."""
    changed = []
    for rel, data in files:
        try:
            if (stage / rel).read_bytes() == data:
                continue
        except OSError:
            pass
        changed.append((rel, data))
    write_files(stage, changed)


# --- the corpus ----------------------------------------------------------------------------------------

def site_texts(stage: Path) -> list[str]:
    """The texts of the site with a DTS Resource, by document ID; the responses of texts that left the site
    (their folder is gone) are taken out."""
    found = []
    for path in sorted((stage / API_DIR / "collection").glob("*.jsonld")):
        doc_id = path.name[: -len(".jsonld")]
        if ";" in doc_id:
            continue
        if doc_id == ROOT_COLLECTION:  # the root collection's own file, unless a text took its name
            if (stage / doc_id).is_dir():
                msg = (f"the document ID {ROOT_COLLECTION!r} is the DTS export's name of the whole edition — "
                       f"give the text another ID")
                raise EditionError(msg, [Problem(ROOT_COLLECTION, 0, 0, "error", "dts", msg)])
            continue
        if (stage / doc_id).is_dir():
            found.append(doc_id)
        else:
            clear_text(stage, doc_id)
            parents = stage / Addresses.collection_file(doc_id, "parents")
            if parents.exists():
                parents.unlink()
    return found


def corpus_responses(stage: Path, doc_ids: list[str], at: Addresses) -> list[tuple[str, bytes]]:
    resources = [json.loads((stage / at.collection_file(d)).read_text(encoding="utf-8")) for d in doc_ids]
    members = [{k: v for k, v in r.items() if k not in ("@context", "dtsVersion")} for r in resources]
    root = R.as_bytes(R.collection(members, at, nav=None))
    no_parents = R.as_bytes(R.collection(members, at, nav="parents"))
    files = [(at.entry_file(), R.as_bytes(R.entry_point(at)))]
    for identifier in (None, ROOT_COLLECTION):
        files += [(at.collection_file(identifier), root), (at.collection_file(identifier, "children"), root),
                  (at.collection_file(identifier, "parents"), no_parents)]
    parent = R.root_as_member(len(doc_ids), at)
    for doc_id, res in zip(doc_ids, resources, strict=True):
        files.append((at.collection_file(doc_id, "parents"), R.as_bytes({**res, "member": [parent]})))
    return files
