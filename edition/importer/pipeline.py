"""One import, from the page's file to the draft's TEI and the report for the editor."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .. import TEI_DIR, TEI_NS
from ..ids import Register
from ..xmlsafe import parse_file
from .blocks import Inline
from .decoding import fail, read_page
from .facts import Facts, read_facts
from .html_reader import has_elements, read_html
from .id_keeping import IdKeeper, old_units
from .markdown_reader import read_markdown
from .names import NameFinder, load_known
from .people import People, slug, stand_off
from .report import make_report
from .structure import lay_out
from .tei_header import ImportInfo, notes_stmt, publication_stmt, title_stmt
from .tei_profile import encoding_desc, profile_desc, revision_desc
from .tei_source_desc import first_published, online_source, print_source
from .tei_text import XML_ID, T, TextWriter, sub, write_body, write_front
from .text_reader import read_text

FORMATS = {".htm": "HTML", ".html": "HTML", ".xhtml": "HTML", ".shtml": "HTML", ".md": "Markdown",
           ".markdown": "Markdown", ".txt": "plain text", ".text": "plain text"}
DOC_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_STOP = {"the", "a", "an", "of", "on", "to", "in", "and", "mr", "mrs", "dr", "by", "for", "with", "at", "only"}
MODEL_PIS = ('<?xml-model href="../schema/tei-edition.rng" type="application/xml" '
             'schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
             '<?xml-model href="../schema/tei-edition.sch" type="application/xml" '
             'schematypens="http://purl.oclc.org/dsdl/schematron"?>\n')


@dataclass
class Options:
    doc_id: str | None
    tei_dir: Path  # where the edition's texts and lists are (names, old IDs, register)
    date: str
    allow_no_provenance: bool = False
    register: Register | None = None
    old_root: etree._Element | None = None


@dataclass
class Draft:
    doc_id: str
    xml: bytes
    facts: Facts
    report: list[str] = field(default_factory=list)


def page_format(path: Path, text: str) -> str:
    known = FORMATS.get(path.suffix.lower())
    if known:
        return known
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")):
        return "HTML"
    return "Markdown" if head.startswith("---") or "]{.info}" in text else "plain text"


def read_blocks(path: Path) -> tuple[list, dict, list[str], str, str]:
    decoded = read_page(path, html=FORMATS.get(path.suffix.lower(), "HTML") == "HTML")
    kind = page_format(path, decoded.text)
    if kind == "HTML":
        if not has_elements(decoded.text):
            raise fail(path, "this is not HTML: it holds no elements", "import an archive page saved as HTML, or "
                             "give a Markdown (.md) or plain-text (.txt) file its own suffix")
        page = read_html(decoded.text)
    elif kind == "Markdown":
        page = read_markdown(decoded.text)
    else:
        return read_text(decoded.text), {}, [], kind, decoded.encoding
    return page.blocks, page.meta, page.dropped, kind, decoded.encoding


def choose_doc_id(options: Options, path: Path, facts: Facts, names: NameFinder) -> str:
    if options.doc_id:
        if not DOC_ID.match(options.doc_id):
            raise fail(path, f"--doc-id {options.doc_id!r} is not a document identifier",
                       "use lower-case ASCII words joined by hyphens: author-year-keyword")
        return options.doc_id
    if DOC_ID.match(path.stem):
        return path.stem
    known = names.find(facts.author) if facts.author else None
    author = known.id if known is not None else (slug(facts.author).split("-")[-1] if facts.author else "anon")
    year = (facts.written.value[:4] if facts.written else "") or "undated"
    keyword = next((w for w in slug(facts.title).split("-") if w not in _STOP and not w.isdigit()), "text")
    return f"{author}-{year}-{keyword}"


def known_names(tei_dir: Path) -> list:
    """The entries of the lists in `tei_dir` and, when drafts go elsewhere, in the edition's own tei/."""
    found = {k.id: k for k in load_known(tei_dir)}
    if tei_dir.resolve() != TEI_DIR.resolve():
        for entry in load_known(TEI_DIR):
            found.setdefault(entry.id, entry)
    return list(found.values())


def _title_from_metadata(page, meta: dict[str, str]) -> None:
    """A page without a title above its text: the title its front matter or <title> gives, if any."""
    title = meta.get("front-matter title") or meta.get("title")
    if not page.front.title and title:
        page.front.title = [Inline("text", title)]
        page.front.parts.insert(0, ("main", page.front.title))


def _check_page(path: Path, page, had_provenance: bool, options: Options) -> None:
    if not had_provenance and not options.allow_no_provenance:
        raise fail(path, "the page has no provenance block (no “Source:”, “Written:”, “Transcribed:” … labels "
                         "above the text), so the header's facts cannot be read from it",
                   "import the archive's page that carries the block, or pass --without-provenance and fill in "
                   "the header by hand")
    if not page.body:
        raise fail(path, "the page holds no text under its title", "import the page of the text itself")
    if not page.front.title:
        raise fail(path, "no title was found above the text", "give the page its title as a heading")


def build_draft(path: Path, options: Options) -> Draft:
    blocks, meta, dropped, kind, encoding = read_blocks(path)
    page, had_provenance = lay_out(blocks, meta.get("author") or meta.get("front-matter author", ""))
    _title_from_metadata(page, meta)
    _check_page(path, page, had_provenance, options)
    facts = read_facts(page, meta)
    names = NameFinder(known_names(options.tei_dir))
    people = People(names)
    doc_id = choose_doc_id(options, path, facts, names)
    old = options.old_root
    if old is None and (options.tei_dir / f"{doc_id}.xml").exists():
        old = parse_file(options.tei_dir / f"{doc_id}.xml").getroot()
    keeper = IdKeeper(doc_id, old_units(old, doc_id), options.register)
    info = ImportInfo(doc_id, path.name, kind, encoding, options.date)
    root = etree.Element(T + "TEI", {XML_ID: doc_id, "{http://www.w3.org/XML/1998/namespace}lang": "en"},
                         nsmap={None: TEI_NS})
    header = sub(root, "teiHeader")
    file_desc = sub(header, "fileDesc")
    author_ref = title_stmt(file_desc, facts, people)
    publication_stmt(file_desc, facts, info, people)
    unknown_labels = notes_stmt(file_desc, facts)
    source_desc = sub(file_desc, "sourceDesc")
    print_source(source_desc, facts, people, author_ref)
    first_published(source_desc, facts)
    online_source(source_desc, facts, page, info, people)
    encoding_desc(header, page, dropped)
    writer = TextWriter(doc_id, names, keeper, page.notes, author_ref)
    profile_desc(header, facts, writer)
    revision_desc(header, facts, info, people)
    text_el = sub(root, "text")
    write_front(writer, text_el, page, facts.author)
    write_body(writer, sub(text_el, "body"), page)
    root.append(stand_off(people))
    xml = etree.tostring(root, encoding="unicode", pretty_print=True)
    data = ('<?xml version="1.0" encoding="UTF-8"?>\n' + MODEL_PIS + xml).encode("utf-8")
    report = make_report(facts, names, keeper, old, unknown_labels, page, people.clashes)
    return Draft(doc_id, data, facts, report)
