"""The EPUB edition: TEI → XHTML fragments (XSLT 3.0, xslt/epub.xsl) → XHTML content documents (Jinja2,
templates/epub/) → one EPUB 3 file beside the reading page (edition.epub_package zips it).

    maker = EpubMaker(base_url="")        # stylesheet and templates, once per worker
    data = maker.render(doc)              # the .epub file of one loaded text, as bytes

The book has the text (the title page, the body with each paragraph's number and citable ID, the notes and
the corrections as EPUB footnotes with links back), "About this edition" (the header's provenance, sources,
editorial principles, revision history and how to cite), the index of names (each name linking back to its
passages) and the navigation document (contents and landmarks). Everything in it comes from the TEI
source, the stylesheets and the font packages; nothing from the clock or the machine.
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2
from lxml import etree
from markupsafe import Markup

from . import NS, STATIC_DIR, XML_NS
from . import ids as ids_module
from .citation import print_citations
from .decisions import INDEX_KINDS, base_text_line, is_rtl
from .epub_package import Book, book_metadata, package_book
from .metadata import DocumentMeta
from .page_templates import template_env
from .site import SourceDocument
from .transform import stylesheet

EPUB_XSL = "epub.xsl"
EPUB_CSS = STATIC_DIR / "epub.css"
XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
PARTS = ("part-front", "part-body", "part-back", "part-notes", "part-corrections", "part-nav", "part-about")
TEXT, ABOUT, INDEX, NAV = "text.xhtml", "about.xhtml", "index.xhtml", "nav.xhtml"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


@dataclass(frozen=True)
class IndexEntry:
    id: str
    heading: str
    description: str
    links: tuple[tuple[str, str], ...]  # (anchor id in the text, label: "¶ 14", "note 3", …)


def epub_env() -> jinja2.Environment:
    """The edition's Jinja environment, always escaping (the templates are XHTML and XML)."""
    return template_env().overlay(autoescape=True)


class EpubMaker:
    """Builds the EPUB of one text after another, with the stylesheet and templates compiled once."""

    def __init__(self, base_url: str = "", register=None) -> None:
        self.base_url = base_url
        self.sheet = stylesheet(EPUB_XSL)
        env = epub_env()
        self.templates = {name: env.get_template(f"epub/{name}") for name in (TEXT, ABOUT, INDEX, NAV)}
        self.register = register if register is not None else ids_module.load_register()

    def render(self, doc: SourceDocument) -> bytes:
        meta = doc.meta
        retired = ids_module.retired_anchors(doc.doc_id, self.register)
        params = {"index-base": "", "page-url": "", "cite-prefix": "", "text-file": TEXT,
                  "retired-ids": " ".join(f"{old}>{new}" for old, new, _reason in retired)}
        parts = {name.removeprefix("part-"): Markup(html.strip())
                 for name, html in self.sheet.call_templates(doc.xdm(), PARTS, params).items()}
        root = doc.tree.getroot()
        lang = root.get(f"{{{XML_NS}}}lang") or meta.language or "en"
        context = {"meta": meta, "doc_id": doc.doc_id, "lang": lang, "dir": "rtl" if is_rtl(lang) else "ltr",
                   "parts": parts, "base_text": base_text_line(meta),
                   "has_title_page": bool(root.xpath("tei:text/tei:front//tei:docTitle", namespaces=NS)),
                   "citations": print_citations(meta, self.base_url)}
        text = self._document(TEXT, context)
        index = build_index(meta, text)
        documents = {TEXT: text, ABOUT: self._document(ABOUT, context)}
        if index:
            documents[INDEX] = self._document(INDEX, {**context, "index": index})
        documents[NAV] = self._document(NAV, {**context, "has_index": bool(index),
                                              "first_id": first_body_id(text)})
        finish_links(documents)
        book = Book(meta=book_metadata(meta, lang, self.base_url, has_index=bool(index)), documents=documents,
                    css=EPUB_CSS.read_bytes())
        return package_book(book)

    def _document(self, name: str, context: dict) -> etree._Element:
        """A content document as an XHTML tree (every `lang` with its `xml:lang`, as XHTML asks)."""
        markup = self.templates[name].render(context)
        root = etree.fromstring(markup.encode("utf-8"), _PARSER)
        for element in root.iter(f"{{{XHTML_NS}}}*"):
            lang = element.get("lang")
            if lang is not None:
                element.set(f"{{{XML_NS}}}lang", lang)
        etree.cleanup_namespaces(root, top_nsmap={"epub": EPUB_NS})
        return root


def first_body_id(text: etree._Element) -> str:
    """Where the body begins (the landmark "bodymatter"): the id of the text's first element in it."""
    found = text.xpath("//*[@id='ed-text']//*[@id][1]/@id")
    return str(found[0]) if found else "ed-text"


def _label(anchor: etree._Element) -> str:
    """How the index names the place of a name: the paragraph's "¶ 14", the note's number, else the part."""
    for element in anchor.iterancestors():
        classes = (element.get("class") or "").split()
        number = element.find(f"{{{XHTML_NS}}}span[@class='ed-pnum']")
        if number is not None and element.get("id"):
            return number.text or ""
        if "ed-footnote" in classes:
            backlink = element.find(f".//{{{XHTML_NS}}}a[@class='ed-note-num']")
            return f"note {backlink.text}" if backlink is not None else "note"
        if etree.QName(element).localname in ("h1", "h2", "h3", "h4", "h5", "h6"):
            section = element.getparent()
            first = section.find(f".//{{{XHTML_NS}}}span[@class='ed-pnum']") if section is not None else None
            return f"heading before {first.text}" if first is not None else "heading"
    return "text"


def build_index(meta: DocumentMeta, text: etree._Element) -> tuple[tuple[str, tuple[IndexEntry, ...]], ...]:
    """The index of names: (label, entries) per kind, entries as the PDF files them; each entry's links lead
    to the first mention in each paragraph (or note) that names it."""
    anchors: dict[str, list[tuple[str, str]]] = {}
    for element in text.iter(f"{{{XHTML_NS}}}*"):
        key = element.attrib.pop("data-index", None)
        if key and element.get("id"):
            found = anchors.setdefault(key, [])
            label = _label(element)
            if all(label != seen for _anchor, seen in found):
                found.append((element.get("id"), label))
    groups = []
    for kind in INDEX_KINDS:
        entries = [IndexEntry(eid, entity.index_heading, entity.description, tuple(anchors[eid]))
                   for eid, entity in sorted(meta.entities.items(), key=lambda item: (item[1].sort_key, item[0]))
                   if entity.kind == kind.kind and anchors.get(eid)]
        if entries:
            groups.append((kind.label, tuple(entries)))
    return tuple(groups)


def finish_links(documents: dict[str, etree._Element]) -> None:
    """Every link into the book leads to the document that holds its target (the link's own document
    first); a link whose target is not in the book (a pointer of the source to something no output shows)
    becomes plain text. An ID repeated within a document keeps its first holder (the loader leaves none;
    this is a last guard)."""
    ids: dict[str, set[str]] = {}
    for name, root in documents.items():
        own = ids[name] = set()
        for element in root.iter(etree.Element):
            uid = element.get("id")
            if uid is not None and uid in own:
                del element.attrib["id"]
            elif uid is not None:
                own.add(uid)
    for name, root in documents.items():
        for link in root.iter(f"{{{XHTML_NS}}}a"):
            file, hash_, fragment = (link.get("href") or "").partition("#")
            if ":" in file or (file in documents and not hash_):
                continue  # an outside address, or a whole document of the book
            order = [file] if file else [name, *documents]
            target = next((doc for doc in order if fragment in ids.get(doc, ())), None)
            if target is None:
                _unlink(link)
            else:
                link.set("href", f"#{fragment}" if target == name else f"{target}#{fragment}")


def _unlink(link: etree._Element) -> None:
    link.tag = f"{{{XHTML_NS}}}span"
    for attribute in ("href", "role", f"{{{EPUB_NS}}}type"):
        link.attrib.pop(attribute, None)
