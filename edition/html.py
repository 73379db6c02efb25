"""The HTML reading edition: one builder over all texts, with the life cycle prepare → write each → finish.

    site = HtmlSite(stage_dir, base_url="", pdf_links=False)
    site.prepare()                       # static files, templates, stylesheets (compiled once)
    for doc in documents: site.write_document(doc)
    site.finish()                        # catalogue and the indexes of persons, places and organisations

XSLT (xslt/html.xsl) maps the TEI text to HTML fragments; Jinja (templates/) lays out the pages around them;
this module only orchestrates. `build_site()` does all of it through a staging folder (edition.output).
"""

from __future__ import annotations

import importlib
import inspect
import json
import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from lxml import etree
from markupsafe import Markup

from . import STATIC_DIR, TEI_NS, TEMPLATES_DIR, XML_NS
from .metadata import DocumentMeta
from .output import write_text
from .site import SourceDocument
from .transform import stylesheet

PARTS = ("part-front", "part-toc", "part-body", "part-back", "part-notes", "part-apparatus")
INDEX_PAGES = (("person", "persons.html", "Persons"), ("place", "places.html", "Places"),
               ("org", "organisations.html", "Organisations"))
# Elements that are deliberately not rendered in the reading text (they are not text a reader reads, or
# they feed the indexes); reported apart in coverage.json.
OMITTED_BY_DESIGN = {"index", "interp", "interpGrp", "link", "linkGrp", "join", "joinGrp", "alt", "altGrp",
                     "certainty", "precision", "respons", "span", "spanGrp", "timeline", "handShift", "graphic",
                     "media", "binaryObject"}
STATIC_FILES = ("edition.css", "edition.js")
_FALLBACK = re.compile(r'data-ed-fallback="([^"]+)"')


@dataclass
class Occurrence:
    doc_id: str
    doc_title: str
    unit: str
    label: str


@dataclass
class IndexEntry:
    id: str
    kind: str
    name: str
    description: str
    sort_key: str
    occurrences: list[Occurrence] = field(default_factory=list)

    def by_text(self) -> list[tuple[str, str, list[tuple[str, str, int]]]]:
        """[(doc_id, title, [(unit, label, times named)])], in the order of the texts and passages."""
        grouped: dict[str, list[Occurrence]] = defaultdict(list)
        titles: dict[str, str] = {}
        for occ in self.occurrences:
            grouped[occ.doc_id].append(occ)
            titles[occ.doc_id] = occ.doc_title
        result = []
        for doc_id, occs in grouped.items():
            counts: Counter[tuple[str, str]] = Counter((o.unit, o.label) for o in occs)
            units = list(dict.fromkeys((o.unit, o.label) for o in occs))
            result.append((doc_id, titles[doc_id], [(u, lab, counts[(u, lab)]) for u, lab in units]))
        return result


def person_sort_key(name: str) -> str:
    """Persons sort by the last word of the name as given (the surname in the names of this corpus)."""
    words = name.split()
    return (words[-1] + " " + " ".join(words[:-1])).casefold() if words else ""


def _templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["human_date"] = human_date
    return env


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def human_date(when: str) -> str:
    """'2026-11-24' → '24 November 2026'; '1942-01' → 'January 1942'; anything else as given."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", when or "")
    if not m:
        return when or ""
    year, month, day = m.groups()
    if month and 1 <= int(month) <= 12:
        name = _MONTHS[int(month) - 1]
        return f"{int(day)} {name} {year}" if day else f"{name} {year}"
    return year


def _optional(module: str):
    """A module of another stage (citation, ids) when it is installed, else None."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            return None
        raise


def _citation_module():
    return _optional("edition.citation")


def paragraph_cite_prefix(meta: DocumentMeta) -> str:
    """The start of a paragraph citation: author, title, edition (¶ number and address follow)."""
    module = _citation_module()
    custom = getattr(module, "paragraph_cite_prefix", None) if module else None
    if callable(custom):
        return str(custom(meta))
    parts = [meta.author, f"“{meta.title}”" if meta.title else ""]
    edition = meta.publisher or ""
    if meta.edition_version:
        edition = f"{edition}, version {meta.edition_version}" if edition else f"version {meta.edition_version}"
    if meta.edition_date.when:
        edition = f"{edition} ({meta.edition_date.when[:4]})"
    parts.append(edition)
    return ", ".join(p for p in parts if p)


def page_url(doc_id: str, base_url: str) -> str:
    return f"{base_url}{doc_id}/" if base_url else ""


class HtmlSite:
    """Builds the reading edition of every text into `out_dir` (normally a staging folder)."""

    def __init__(self, out_dir: Path, *, base_url: str = "", pdf_links: bool = False) -> None:
        self.out_dir = Path(out_dir)
        self.base_url = base_url
        self.pdf_links = pdf_links
        self.texts: list[dict] = []
        self.entries: dict[str, IndexEntry] = {}
        self.coverage: dict[str, dict] = {}

    # --- life cycle ---------------------------------------------------------------------------------

    def prepare(self) -> None:
        self.env = _templates()
        self.html_xsl = stylesheet("html.xsl")
        self.text_xsl = stylesheet("plaintext.xsl")
        self.data_xsl = stylesheet("index-data.xsl")
        static_out = self.out_dir / "static"
        static_out.mkdir(parents=True, exist_ok=True)
        for name in STATIC_FILES:
            shutil.copyfile(STATIC_DIR / name, static_out / name)

    def write_document(self, doc: SourceDocument) -> None:
        meta = doc.meta
        folder = self.out_dir / doc.doc_id
        folder.mkdir(parents=True, exist_ok=True)
        url = page_url(doc.doc_id, self.base_url)
        ids = _optional("edition.ids")
        retired = []
        if ids is not None and callable(getattr(ids, "retired_anchors", None)):
            retired = ids.retired_anchors(doc.doc_id, self._register(ids))
        params = {"index-base": "../", "page-url": url, "cite-prefix": paragraph_cite_prefix(meta),
                  "retired-ids": " ".join(f"{old}>{new}" for old, new, _reason in retired)}

        xdm = self.html_xsl.load(doc.tree)
        parts = self.html_xsl.call_templates(xdm, PARTS, params)
        coverage = self._coverage(doc, parts)
        self.coverage[doc.doc_id] = coverage

        citation = None
        module = _citation_module()
        if module is not None and callable(getattr(module, "page_context", None)):
            accepts_pdf = "pdf_available" in inspect.signature(module.page_context).parameters
            citation = (module.page_context(meta, self.base_url, pdf_available=self.pdf_links) if accepts_pdf
                        else module.page_context(meta, self.base_url))

        downloads = [(f"{doc.doc_id}.xml", "TEI P5 source", "XML"), (f"{doc.doc_id}.txt", "Plain text", "TXT")]
        if self.pdf_links:
            downloads.append((f"{doc.doc_id}.pdf", "Print edition", "PDF"))
        root = doc.tree.getroot()
        lang = root.get(f"{{{XML_NS}}}lang") or meta.language or "en"
        context = {
            "meta": meta, "doc_id": doc.doc_id, "base_url": self.base_url, "citation": citation,
            "page_url": url, "root": "../", "static": "../static/", "lang": lang,
            "dir": "rtl" if _is_rtl(lang) else "ltr",
            "parts": {name.removeprefix("part-"): Markup(html.strip()) for name, html in parts.items()},
            "has_title_page": bool(root.xpath("tei:text/tei:front//tei:docTitle", namespaces={"tei": TEI_NS})),
            "downloads": downloads, "warnings": doc.warnings, "index_pages": INDEX_PAGES,
        }
        write_text(folder / "index.html", self.env.get_template("document.html").render(context))

        text_xdm = self.text_xsl.load(doc.tree)
        body_text = self.text_xsl.call_templates(text_xdm, ["plain-text"], params)["plain-text"]
        write_text(folder / f"{doc.doc_id}.txt",
                   self.env.get_template("document.txt").render({**context, "text": body_text.strip()}))
        (folder / f"{doc.doc_id}.xml").write_bytes(doc.data)
        write_text(folder / "coverage.json", json.dumps(coverage, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
        if module is not None and callable(getattr(module, "write_citation_files", None)):
            module.write_citation_files(meta, folder, self.base_url)  # .bib .ris .csl.json .dc.xml .mods.xml
        if ids is not None and callable(getattr(ids, "write_ids_json", None)):
            ids.write_ids_json(doc.tree, folder, self.base_url, self._register(ids))

        self._collect_names(doc, xdm)
        self.texts.append({"meta": meta, "doc_id": doc.doc_id, "lang": lang})

    def finish(self) -> None:
        texts = sorted(self.texts, key=lambda t: t["doc_id"])
        kinds_present = {e.kind for e in self.entries.values()}
        index_pages = [p for p in INDEX_PAGES if p[0] in kinds_present]
        base = {"root": "", "static": "static/", "base_url": self.base_url, "index_pages": index_pages}
        write_text(self.out_dir / "index.html",
                   self.env.get_template("catalogue.html").render({**base, "texts": texts}))
        for kind, filename, label in INDEX_PAGES:
            if kind not in kinds_present:
                continue
            entries = sorted((e for e in self.entries.values() if e.kind == kind), key=lambda e: (e.sort_key, e.id))
            write_text(self.out_dir / filename, self.env.get_template("names.html").render(
                {**base, "kind": kind, "label": label, "filename": filename, "entries": entries}))

    # --- helpers ------------------------------------------------------------------------------------

    def _register(self, ids):
        """The register of published IDs (edition.ids), read once per build."""
        if not hasattr(self, "_published"):
            load = getattr(ids, "load_register", None)
            self._published = load() if callable(load) else None
        return self._published

    def _coverage(self, doc: SourceDocument, parts: dict[str, str]) -> dict:
        text = doc.tree.getroot().find(f"{{{TEI_NS}}}text")
        elements: Counter[str] = Counter()
        if text is not None:
            for el in text.iter():
                if isinstance(el.tag, str):
                    q = etree.QName(el)
                    elements[q.localname if q.namespace == TEI_NS else el.tag] += 1
        fallback: Counter[str] = Counter()
        for html in parts.values():
            fallback.update(_FALLBACK.findall(html))
        omitted = {name: n for name, n in elements.items() if name in OMITTED_BY_DESIGN}
        return {
            "document": doc.doc_id,
            "elements_in_text": dict(sorted(elements.items())),
            "without_specific_template": dict(sorted(fallback.items())),
            "omitted_by_design": dict(sorted(omitted.items())),
            "note": "Elements without a specific template are rendered by the fallback, which keeps their "
                    "text; elements omitted by design carry no reading text (or feed the indexes).",
        }

    def _collect_names(self, doc: SourceDocument, xdm) -> None:
        raw = self.data_xsl.call_templates(xdm, ["occurrences"])["occurrences"]
        for occ in json.loads(raw or "[]"):
            entity = doc.meta.entities.get(occ["entity"])
            if entity is None:
                continue
            entry = self.entries.get(entity.id)
            if entry is None:
                key = person_sort_key(entity.name) if entity.kind == "person" else entity.name.casefold()
                entry = self.entries[entity.id] = IndexEntry(entity.id, entity.kind, entity.name,
                                                             entity.description, key)
            entry.occurrences.append(Occurrence(doc.doc_id, doc.meta.title or doc.doc_id, occ["unit"], occ["label"]))
        for entity in doc.meta.entities.values():  # listed but not named in the text: still in the index
            if entity.id not in self.entries:
                key = person_sort_key(entity.name) if entity.kind == "person" else entity.name.casefold()
                self.entries[entity.id] = IndexEntry(entity.id, entity.kind, entity.name, entity.description, key)


def _is_rtl(lang: str) -> bool:
    return lang.split("-")[0].lower() in {"ar", "arc", "dv", "fa", "he", "ku", "ps", "sd", "syr", "ug", "ur", "yi"}


def build_documents(site: HtmlSite, documents: Sequence[SourceDocument]) -> None:
    site.prepare()
    for doc in documents:
        site.write_document(doc)
    site.finish()
