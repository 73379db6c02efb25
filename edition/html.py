"""The HTML reading edition of each text: its reading page and downloads.

    renderer = TextRenderer(base_url="")               # templates and stylesheets, compiled once per process
    contribution = renderer.render(doc, site / doc.doc_id, pdf_link=False)   # reading page and downloads

Texts are rendered one at a time by the reading page's builder (edition.builders), in the build's worker
processes (edition.workers). What each text contributes goes into a ContributionStore, from which
edition.site_pages writes the pages that span the corpus (catalogue, indexes of names) without this module:
it loads Saxon, which the build's main process never needs. XSLT (xslt/html.xsl) maps the TEI text to HTML
fragments; Jinja (templates/, set up in edition.page_templates) lays out the page around them; this module
only orchestrates.

Every file is written as a new file (an existing one is unlinked first): an incremental build's staging
folder starts as hard links to the published site, which must never change under a reader's feet.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import orjson
from lxml import etree
from markupsafe import Markup

from . import TEI_NS, XML_NS
from . import citation as citation_module
from . import ids as ids_module
from .contributions import TextContribution
from .decisions import is_rtl, text_address
from .metadata import DocumentMeta
from .output import write_new_files
from .page_templates import INDEX_PAGES, template_env
from .shared_lists import SHARED_TYPE
from .site import SourceDocument
from .transform import fault, stylesheet

PARTS = ("part-front", "part-toc", "part-body", "part-back", "part-notes", "part-apparatus", "part-about")
# Elements that are deliberately not rendered in the reading text (they are not text a reader reads, or
# they feed the indexes); reported apart in coverage.json.
OMITTED_BY_DESIGN = {"index", "interp", "interpGrp", "link", "linkGrp", "join", "joinGrp", "alt", "altGrp",
                     "certainty", "precision", "respons", "span", "spanGrp", "timeline", "handShift", "graphic",
                     "media", "binaryObject"}
_FALLBACK = re.compile(r'data-ed-fallback="([^"]+)"')


def paragraph_cite_prefix(meta: DocumentMeta) -> str:
    """The start of a paragraph citation: author, title, edition (¶ number and address follow)."""
    return str(citation_module.paragraph_cite_prefix(meta))


def clear_text_folder(folder: Path, keep: Sequence[str] = ()) -> None:
    """Unlink the files of a text's folder before it is rendered again, except those named in `keep`
    (the PDF, which another stage makes). Sub-folders are removed whole."""
    if not folder.is_dir():
        return
    for entry in os.scandir(folder):
        if entry.name in keep:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
        else:
            os.unlink(entry.path)


class Rendered(NamedTuple):
    contribution: TextContribution
    files: dict[str, list]  # {"<doc-id>/<name>": [sha256, size]}, by name


class TextRenderer:
    """The reading page and downloads of one text after another, with everything compiled once."""

    def __init__(self, *, base_url: str = "", register=None) -> None:
        self.base_url = base_url
        self.env = template_env()
        self.document_template = self.env.get_template("document.html")
        self.text_template = self.env.get_template("document.txt")
        self.html_xsl = stylesheet("html.xsl")
        self.register = register if register is not None else ids_module.load_register()

    def render(self, doc: SourceDocument, folder: Path, *, pdf_link: bool = False, epub_link: bool = False) -> Rendered:
        """Write the text's files into `folder` (index.html, .txt, .xml, coverage.json, citation files,
        ids.json); return what the text contributes to the catalogue and the indexes, and the files written
        ({"<doc-id>/<name>": [sha256, size]}, as edition.manifest records them). What the folder held before
        is unlinked first, except the text's PDF (the print stage's)."""
        meta = doc.meta
        clear_text_folder(folder, keep=(f"{doc.doc_id}.pdf", f"{doc.doc_id}.epub"))
        folder.mkdir(parents=True, exist_ok=True)
        url = text_address(doc.doc_id, self.base_url)
        retired = ids_module.retired_anchors(doc.doc_id, self.register)
        params = {"index-base": "../", "page-url": url, "cite-prefix": paragraph_cite_prefix(meta),
                  "retired-ids": " ".join(f"{old}>{new}" for old, new, _reason in retired)}

        xdm = doc.xdm()
        parts, text_blocks, occurrences = self.reading_page(xdm, params)
        coverage = coverage_report(doc, parts)
        citation = citation_module.page_context(meta, self.base_url, pdf_available=pdf_link)

        downloads = [(f"{doc.doc_id}.xml", "TEI P5 source", "XML"), (f"{doc.doc_id}.txt", "Plain text", "TXT")]
        if pdf_link:
            downloads.append((f"{doc.doc_id}.pdf", "Print edition", "PDF"))
        if epub_link:
            downloads.append((f"{doc.doc_id}.epub", "E-book", "EPUB"))
        root = doc.tree.getroot()
        lang = root.get(f"{{{XML_NS}}}lang") or meta.language or "en"
        context = {
            "meta": meta, "doc_id": doc.doc_id, "base_url": self.base_url, "citation": citation,
            "page_url": url, "root": "../", "static": "../static/", "lang": lang,
            "dir": "rtl" if is_rtl(lang) else "ltr",
            "parts": {name.removeprefix("part-"): Markup(html.strip()) for name, html in parts.items()},
            "has_title_page": bool(root.xpath("tei:text/tei:front//tei:docTitle", namespaces={"tei": TEI_NS})),
            "downloads": downloads, "warnings": doc.warnings, "index_pages": INDEX_PAGES,
        }
        made = write_new_files(folder, [
            ("index.html", self.document_template.render(context).encode("utf-8")),
            (f"{doc.doc_id}.txt", self.text_template.render({**context, "blocks": text_blocks}).encode("utf-8")),
            (f"{doc.doc_id}.xml", doc.published),
            # orjson: json.dumps's bytes (pure Python with indent), 0.05 ms less a text (2026-12-08)
            ("coverage.json", orjson.dumps(coverage, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
                                           | orjson.OPT_SORT_KEYS)),
            *citation_module.citation_files(meta, self.base_url),  # .bib .ris .csl.json .dc.xml .mods.xml
            ("ids.json", ids_module.ids_json_bytes(doc.tree, self.base_url, self.register, doc.units)),
        ])
        shared_ids = root.xpath("tei:standOff/*[@type=$t]/*/@xml:id", namespaces={"tei": TEI_NS}, t=SHARED_TYPE)
        contribution = TextContribution.from_document(doc.doc_id, meta, lang, occurrences, [str(i) for i in shared_ids],
                                                      ("epub",) if epub_link else ())
        return Rendered(contribution, {f"{doc.doc_id}/{name}": made[name] for name in sorted(made)})

    def reading_page(self, xdm, params: dict) -> tuple[dict[str, str], list[str], list[dict[str, str]]]:
        """What the text's files take from the text, in eight transformations of html.xsl: the HTML parts of the
        page (one each, serialised straight from it), then the plain text's blocks (templates/document.txt lays
        them out) and the names for the indexes in reading order (page-data)."""
        parts = self.html_xsl.call_templates(xdm, PARTS, params)
        data = self.html_xsl.call_template_strings(xdm, "page-data", params)
        if not data:
            raise fault("html.xsl failed", "page-data returned nothing, not the names for the indexes", self.html_xsl.path)
        return parts, data[:-1], name_occurrences(data[-1])


def name_occurrences(runs_json: str) -> list[dict[str, str]]:
    """The names of a text ({"entity", "unit", "label"} each, in reading order) from the runs page-data gives
    as JSON (xslt/data.xsl, ed:name-runs: the names of one citable unit together, [unit, label, [entity, …]])."""
    return [{"entity": entity, "unit": unit, "label": label}
            for unit, label, entities in json.loads(runs_json) for entity in entities]


def coverage_report(doc: SourceDocument, parts: dict[str, str]) -> dict:
    """Which elements the text has, which ones only the fallback rendered, which ones are left out by design."""
    text = doc.tree.getroot().find(f"{{{TEI_NS}}}text")
    elements: Counter[str] = Counter()
    if text is not None:
        prefix = f"{{{TEI_NS}}}"
        cut = len(prefix)
        # each tag named once, not once an element: 0.08 ms less an essay-sized text (2026-12-07)
        for tag, n in Counter(el.tag for el in text.iter(etree.Element)).items():
            elements[tag[cut:] if tag.startswith(prefix) else tag] += n
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
