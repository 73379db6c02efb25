"""The print edition: TEI → print HTML (XSLT 3.0 + Jinja2) → PDF/A-3b (WeasyPrint).

One builder per process compiles `xslt/print.xsl` and loads the template and stylesheet once, then makes
one PDF per text:

1. The print stylesheet turns the text into an HTML fragment (corrections as lettered footnotes, notes as
   numbered footnotes, paragraph numbers in the margin, an anchor on every name).
2. `templates/print.html` lays out the title page, the colophon (provenance from the header), the text and
   the index of names; `static/print.css` is the paged-media layout.
3. WeasyPrint lays out the body (title page, colophon, text) once; the pages on which its layout set each
   name become the index's page numbers, each page once per name (so the numbers are the layout engine's,
   never estimated). The index is then laid out on its own, on pages numbered on from the body's, and the
   pages of both parts make one document: its links jump to the names, its outline, named destinations
   and tags cover both.
4. The PDF is PDF/A-3b, tagged, with the TEI source embedded as its associated file. Every date in it
   comes from the TEI header and every font from a pip package (edition.fonts), subset by HarfBuzz, so two
   builds of the same source are byte-identical, on any machine with the same versions.
"""

from __future__ import annotations

import gc
import io
import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html
from markupsafe import Markup

from . import STATIC_DIR, TEMPLATES_DIR, XSLT_DIR, __version__, fonts
from .citation import print_citations
from .decisions import INDEX_KINDS, base_text_line, printed_source_details, text_address
from .errors import EditionError, Problem
from .metadata import DocumentMeta
from .page_templates import template_env
from .site import SourceDocument
from .transform import PyXdmNode, stylesheet

PRINT_XSL = XSLT_DIR / "print.xsl"
PRINT_TEMPLATE = "print.html"
PRINT_CSS = STATIC_DIR / "print.css"
PAPER_SIZES = {"a4": "A4", "letter": "letter"}
PDF_VARIANT = "pdf/a-3b"
# Every glyph of the PDF should come from the fonts of edition.fonts (pip packages, loaded with @font-face);
# a character none of them has is a warning, set in whatever font the machine has (or none: an error).
# Characters the print CSS adds to the text (the hyphen at a line's end, the running head's dot).
CSS_TEXT = "\u2010\u00b7.)"

log = logging.getLogger(__name__)


# --- the parts of the print HTML --------------------------------------------------------------------

@dataclass(frozen=True)
class IndexEntry:
    id: str  # the entity's xml:id in the list of names
    heading: str  # as printed: "Davies, Joseph E."
    sort_key: str
    description: str
    anchors: tuple[str, ...]  # ids of name occurrences in the print HTML, in document order


@dataclass(frozen=True)
class IndexGroup:
    kind: str  # person | place | org
    label: str
    entries: tuple[IndexEntry, ...]


@dataclass(frozen=True)
class PrintText:
    """The text as print HTML, and the anchors of the names it contains (for the index)."""

    html: str
    name_anchors: dict[str, list[str]]  # entity id -> occurrence anchor ids, in document order
    about: str = ""  # "About this edition" (xslt/about.xsl): sources, editorial principles, notes statement
    ids: tuple[str, ...] = ()  # every id of the print HTML, in document order


def build_index(meta: DocumentMeta, anchors: dict[str, list[str]]) -> tuple[IndexGroup, ...]:
    groups = []
    for kind, _page, label, _noun in INDEX_KINDS:
        entries = []
        for entity_id, found in anchors.items():
            entity = meta.entities.get(entity_id)
            if entity is None or entity.kind != kind or not found:
                continue
            # as the list marks the name: "Sedova Trotsky, Natalia"; else as written ("Lenin")
            entries.append(IndexEntry(entity_id, entity.index_heading, entity.sort_key, entity.description,
                                      tuple(found)))
        if entries:
            entries.sort(key=lambda e: (e.sort_key, e.id))  # the web's indexes file names the same way
            groups.append(IndexGroup(kind, label, tuple(entries)))
    return tuple(groups)


def one_anchor_per_page(groups: Sequence[IndexGroup], pages: dict[str, int]) -> tuple[IndexGroup, ...]:
    """Keep, for each entry, the first occurrence on each page, so that the index names every page once."""
    result = []
    for group in groups:
        entries = []
        for entry in group.entries:
            seen: set[int] = set()
            kept = []
            for anchor in entry.anchors:
                page = pages.get(anchor)
                if page is None or page in seen:
                    continue
                seen.add(page)
                kept.append(anchor)
            entries.append(IndexEntry(entry.id, entry.heading, entry.sort_key, entry.description, tuple(kept)))
        result.append(IndexGroup(group.kind, group.label, tuple(entries)))
    return tuple(result)


# --- XSLT -------------------------------------------------------------------------------------------

class PrintTransform:
    """print.xsl (compiled once per process by edition.transform); `render(tree)` gives the text as HTML."""

    PARTS = ("part-front", "part-body", "part-back", "part-notes")  # part-notes: the editors' notes, as endnotes

    def __init__(self, name: str | Path = PRINT_XSL) -> None:
        self._sheet = stylesheet(name)

    def render(self, tree: etree._ElementTree | PyXdmNode) -> PrintText:
        """`tree`: the text, or the text as Saxon holds it already (SourceDocument.xdm)."""
        doc = self._sheet.load(tree) if isinstance(tree, (etree._ElementTree, etree._Element)) else tree
        parts = self._sheet.call_templates(doc, (*self.PARTS, "part-about"))
        html = "".join(parts[name] for name in self.PARTS)
        anchors, ids = read_ids(html)
        return PrintText(html, anchors, parts["part-about"], ids)


def read_ids(fragment: str) -> tuple[dict[str, list[str]], tuple[str, ...]]:
    """The print HTML parsed once: entity id → the ids of its occurrences (elements with data-index), and
    every id, each in document order."""
    anchors: dict[str, list[str]] = {}
    ids: list[str] = []
    if not fragment.strip():
        return anchors, ()
    for element in lxml_html.fragments_fromstring(f"<div>{fragment}</div>")[0].iter():
        found = element.get("id") if isinstance(element.tag, str) else None
        if found:
            ids.append(found)
            ref = element.get("data-index")
            if ref:
                anchors.setdefault(ref, []).append(found)
    return anchors, tuple(ids)


# --- WeasyPrint -------------------------------------------------------------------------------------

def _import_weasyprint() -> None:
    """Import WeasyPrint, which loads Pango, HarfBuzz and fontconfig by trying several names for each.

    Each name that is not a library's makes ctypes' `find_library` ask the linker cache and then run the C
    compiler and the linker to look for it (about 10 ms a name, 0.2 s in all, in every process that makes
    PDFs). On Linux the names that exist are all in the linker cache, so while WeasyPrint loads, the search
    asks only the cache; everything else is left as it is.
    """
    import sys

    if "weasyprint" in sys.modules:
        return
    import ctypes.util
    import importlib

    cache_only = getattr(ctypes.util, "_findSoname_ldconfig", None)  # CPython's own linker-cache lookup
    if not sys.platform.startswith("linux") or cache_only is None:
        importlib.import_module("weasyprint")
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = cache_only
    try:
        importlib.import_module("weasyprint")
    except OSError:
        # A library outside the linker cache (a custom prefix, LD_LIBRARY_PATH): forget the half-made
        # import and let ctypes search every way it knows.
        for name in [module for module in sys.modules if module.split(".")[0] == "weasyprint"]:
            del sys.modules[name]
        ctypes.util.find_library = original
        importlib.import_module("weasyprint")
    finally:
        ctypes.util.find_library = original


def _require_harfbuzz_subset() -> None:
    """WeasyPrint subsets the embedded fonts with HarfBuzz's subsetter when the system has it, else with
    fontTools, which stamps each subset with the time of the build: the PDFs would differ from build to
    build and from machines that have it. The build refuses to run without it."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    if harfbuzz_subset is None or not harfbuzz.hb_version_atleast(4, 1, 0):
        raise EditionError("the print edition needs HarfBuzz's font subsetter (libharfbuzz-subset, 4.1 or "
                           "later) so that its PDFs are the same on every build — on Debian: "
                           "`apt-get install libharfbuzz-subset0`")


def _no_fetching():
    """A URL fetcher that fetches nothing: the print HTML needs no resource, and must touch no network."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class NoFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            raise FatalURLFetchingError(f"the print edition loads no resources; refused {url}")

    return NoFetcher()


@contextmanager
def _missing_glyphs() -> Iterator[list[str]]:
    """Collect the characters WeasyPrint could find no glyph for (it logs them and draws .notdef boxes)."""
    found: list[str] = []

    class Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = record.getMessage()
            if ".notdef glyph" in message:
                codes = re.findall(r"U\+[0-9A-F]{4,6}", message)
                found.extend(c for c in codes or [message] if c not in found)

    from weasyprint import LOGGER

    handler = Catch(logging.WARNING)
    LOGGER.addHandler(handler)
    try:
        yield found
    finally:
        LOGGER.removeHandler(handler)


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_DECLARED_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def locate_character(source: bytes, char: str) -> tuple[int, int]:
    """(line, column) of the first place the source has `char`, as itself or as a character reference
    (&#x4E2D; or &#20013;); (0, 0) when it has none (a character the print edition itself adds)."""
    encoding = next((codec for mark, codec in _BOMS if source.startswith(mark)), None)
    if encoding is None:
        declared = _DECLARED_ENCODING.match(source)
        encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        text = source.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return 0, 0
    code = ord(char)
    found = re.search(rf"{re.escape(char)}|&#[xX]0*(?i:{code:x});|&#0*{code};", text)  # the character's own case
    if found is None:
        return 0, 0
    line_start = text.rfind("\n", 0, found.start()) + 1
    return text.count("\n", 0, found.start()) + 1, found.start() - line_start + 1


def _one_entry_per_associated_file(document, pdf) -> None:
    """WeasyPrint lists each associated file twice in the catalogue's /AF array; keep each once."""
    entries = pdf.catalog.get("AF")
    if entries:
        unique = list(dict.fromkeys(entries))
        entries.clear()
        entries.extend(unique)


TEI_MEDIA_TYPE = "application/tei+xml"  # RFC 6129


def _tei_media_type(pdf) -> None:
    """The embedded source's MIME type (PDF/A-3 6.8: the /Subtype of the embedded file stream) is TEI's own,
    not WeasyPrint's guess from the file name (text/xml, from a table that can differ between systems)."""
    for obj in pdf.objects:
        extra = getattr(obj, "extra", None)
        if isinstance(extra, dict) and extra.get("Type") == "/EmbeddedFile":
            extra["Subtype"] = "/" + TEI_MEDIA_TYPE.replace("/", "#2F").replace("+", "#2B")


def _finish_pdf(document, pdf) -> None:
    """What the PDF needs beyond WeasyPrint's own PDF/A-3b."""
    _one_entry_per_associated_file(document, pdf)
    _tei_media_type(pdf)


@contextmanager
def _collecting_less() -> Iterator[None]:
    """While WeasyPrint lays out and writes a PDF, the cyclic garbage collector leaves out the objects the
    process already had (gc.freeze: imported modules, compiled stylesheets) and waits for 10,000 new objects
    rather than 700 before it runs: 17 collections instead of 290 for the essay, the same peak memory, 0.10–0.17 s
    less CPU (render 3.06 → 2.96 s and 2.81 → 2.63 s, process_time, means of 5 and 3 alternating runs at load
    averages 5.6–5.9, 2026-12-07)."""
    threshold = gc.get_threshold()
    ours = not gc.get_freeze_count()  # someone else's frozen objects are left as they are
    if ours:
        gc.freeze()
    gc.set_threshold(max(threshold[0], 10_000), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        if ours:
            gc.unfreeze()


def _source_datetime(meta: DocumentMeta) -> datetime:
    """The edition's date from the header (midnight UTC), used for every date inside the PDF."""
    for when in (meta.edition_date.when, *(r.when for r in meta.revisions)):
        try:
            value = datetime.fromisoformat(when[:10]) if len(when) >= 10 else datetime(int(when[:4]), 1, 1)
        except ValueError:
            continue
        return value.replace(tzinfo=UTC)
    return datetime(1970, 1, 1, tzinfo=UTC)


def _w3c_date(when: str) -> str:
    """A header date as WeasyPrint's `dcterms.*` meta expects it (YYYY, YYYY-MM or YYYY-MM-DD), else ''."""
    parts = when.split("-")
    ok = 1 <= len(parts) <= 3 and len(parts[0]) == 4 and all(p.isdigit() for p in parts)
    return when if ok else ""


class PrintBuilder:
    """Builds the print edition of one text after another, with everything compiled once."""

    def __init__(self, paper: str, base_url: str) -> None:
        if paper not in PAPER_SIZES:
            raise EditionError(f"unknown paper size {paper!r} — use one of {', '.join(PAPER_SIZES)}")
        self.paper = paper
        self.base_url = base_url
        self.transform = PrintTransform()
        self.template = template_env().get_template(PRINT_TEMPLATE)
        self.warnings: list[Problem] = []  # of the last render
        with _collecting_less():  # importing WeasyPrint: 10 collections, 0.02 s of CPU, instead of 131, 0.05 s
            _import_weasyprint()
            _require_harfbuzz_subset()
            from weasyprint import CSS

            self._stylesheets = [
                CSS(string=PRINT_CSS.read_text(encoding="utf-8"), base_url=PRINT_CSS.as_uri()),
                CSS(string=f"@page {{ size: {PAPER_SIZES[paper]}; }}"),
            ]

    # the print HTML ----------------------------------------------------------------------------------

    def print_html(self, meta: DocumentMeta, text: PrintText, index: Sequence[IndexGroup] = (),
                   pages: dict[str, int] | None = None, part: str = "body",
                   families: Sequence[str] = fonts.FAMILIES[:1]) -> str:
        """The print HTML of one part: "body" (title page, colophon, text) or "index" (the index of names,
        with `pages`: anchor id → the page it stands on). `families`: the fonts the colophon names."""
        printed = meta.printed_source
        created = _w3c_date(meta.edition_date.when)
        modified = max((_w3c_date(r.when) for r in meta.revisions), default="") or created
        subject = f"{meta.author}, “{meta.title}”"
        if printed:
            subject += f", {printed.journal}, {printed_source_details(printed)}"
        subject += f". Print edition{f', version {meta.edition_version}' if meta.edition_version else ''}."
        first_paragraph = next((i for i in text.ids  # (a short one: a long word costs the layout its square)
                                if i.startswith(f"{meta.doc_id}.p") and len(i) <= 80), meta.doc_id)
        return self.template.render(
            part=part,
            meta=meta,
            printed=(None if printed is None else {
                "journal": printed.journal, "article_title": printed.article_title,
                "citation": printed_source_details(printed)}),
            subject=subject,
            generator=f"Sedova Digital Edition pipeline {__version__} (XSLT 3.0, Jinja2, WeasyPrint)",
            created=created,
            modified=modified,
            address=text_address(meta.doc_id, self.base_url),
            pdf_name=f"{meta.doc_id}.pdf",
            tei_name=f"{meta.doc_id}.xml",
            example_id=first_paragraph,
            citations=print_citations(meta, self.base_url),
            text=Markup(text.html),
            about=Markup(text.about),
            base_text=base_text_line(meta),
            index=index,
            pages=pages or {},
            set_in=set_in(families),
        )

    # layout ------------------------------------------------------------------------------------------

    def _layout(self, html: str, font_config, extra_css: Sequence = ()):
        from weasyprint import CSS, HTML

        faces = CSS(string=fonts.print_font_faces(), font_config=font_config, url_fetcher=fonts.font_fetcher())
        document = HTML(string=html, base_url=TEMPLATES_DIR.as_uri() + "/", url_fetcher=_no_fetching())
        return document.render(stylesheets=[faces, *self._stylesheets, *extra_css], font_config=font_config,
                               pdf_variant=PDF_VARIANT, pdf_tags=True)

    @staticmethod
    def anchor_pages(document) -> dict[str, int]:
        """Every anchor (id) of a laid-out document → the page (1-based) it stands on."""
        pages: dict[str, int] = {}
        for number, page in enumerate(document.pages, start=1):
            for anchor in page.anchors:
                pages.setdefault(anchor, number)
        return pages

    def layout(self, meta: DocumentMeta, text: PrintText, families: Sequence[str] = fonts.FAMILIES[:1]):
        """Lay the document out: the body once, then the index of names with the pages the body's layout gave
        each name, on pages numbered on from the body's; one document of both parts' pages.

        The index begins on a page of its own and the body never refers to it, so laying it out apart
        changes no page of the body; its links still jump to the names, as the two parts become one PDF.
        """
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        font_config = FontConfiguration()  # one for both parts: each font is embedded once
        body = self._layout(self.print_html(meta, text, families=families), font_config)
        index = build_index(meta, text.name_anchors)
        if not index:
            return body
        pages = self.anchor_pages(body)
        first = len(body.pages) + 1
        numbering = CSS(string=f"html {{ break-before: {'right' if first % 2 else 'left'}; }} "
                               f"@page :first {{ counter-reset: page {first}; }}")
        back = self._layout(self.print_html(meta, text, one_anchor_per_page(index, pages), pages, part="index"),
                            font_config, [numbering])
        return body.copy([*body.pages, *back.pages])  # the body's metadata; fonts of `font_config`

    # the PDF -----------------------------------------------------------------------------------------

    def render(self, doc: SourceDocument) -> bytes:
        """The PDF of one loaded source (edition.site.Loader), as bytes; what the build should
        know about it (a character no font of the edition has) is left in `self.warnings`."""
        meta = doc.meta
        text = self.transform.render(doc.xdm())
        printed_text = self._printed_text(meta, text)
        self.warnings = self._uncovered(doc, printed_text)
        with _missing_glyphs() as missing, _collecting_less():
            families = fonts.faces_for(printed_text)
            for _ in range(2):  # the colophon names the fonts the PDF embeds: once more if they differ
                document = self.layout(meta, text, families)
                try:
                    pdf = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True, attachments=[_attachment(doc)],
                                             finisher=_finish_pdf)
                finally:
                    _remove_font_files(document)
                if embedded_families(document) == families or missing:
                    break
                families = embedded_families(document)
        if missing:
            _refuse_missing_glyphs(doc, missing)
        return pdf

    def _printed_text(self, meta: DocumentMeta, text: PrintText) -> str:
        """Every character the PDF prints: the body's and the index's text, and what the CSS adds."""
        html = self.print_html(meta, text) + "".join(
            f"{entry.heading} {entry.description}" for group in build_index(meta, text.name_anchors)
            for entry in group.entries)
        return lxml_html.document_fromstring(html).text_content() + CSS_TEXT

    @staticmethod
    def _uncovered(doc: SourceDocument, printed_text: str) -> list[Problem]:
        warnings = []
        for char in fonts.uncovered(printed_text):
            line, column = locate_character(doc.data, char)
            warnings.append(Problem(
                doc.shown, line, column, "warning", "pdf-fonts",
                f"no font of the edition has {fonts.describe(char)}: the PDF of “{doc.meta.title}” sets it in "
                f"a font of this machine, if it has one, and may differ from other machines' — replace the "
                f"character, or add a font that has it to edition/fonts.py"))
        return warnings


def _remove_font_files(document) -> None:
    """WeasyPrint writes the fonts of the @font-face rules into a temporary folder, which it removes when the
    document's font configuration is collected: in the build's own process never (build.py freezes the heap
    before Python ends), so every PDF left 2 MB behind. Removed as soon as the PDF is written."""
    document.font_config.__del__()  # WeasyPrint's own cleaning of a font configuration: it removes that folder


def _attachment(doc: SourceDocument):
    """The TEI source as the PDF's associated file, dated from its header (one per PDF written)."""
    from weasyprint import Attachment

    when = _source_datetime(doc.meta)
    return Attachment(file_obj=io.BytesIO(doc.published), name=f"{doc.doc_id}.xml",
                      description=f"TEI P5 source of “{doc.meta.title}”", created=when, modified=when,
                      relationship="Source")


def embedded_families(document) -> tuple[str, ...]:
    """The fonts a laid-out document embeds, as the colophon names them: the edition's families in their
    order, then any other (a font of the machine) by name."""
    found = {fonts.family_of(font.family) for font in document.fonts.values()}
    return (*(f for f in fonts.FAMILIES if f in found), *sorted(found - set(fonts.FAMILIES)))


def set_in(families: Sequence[str]) -> str:
    """The colophon's words on the fonts: "Set in EB Garamond, with Frank Ruhl Libre for Hebrew"."""
    main, *others = families or fonts.FAMILIES[:1]
    words = [f"{name} for {fonts.scripts_of(name)}" if name in fonts.FAMILIES else
             f"{name} (a font of the machine that made it) for characters the edition's fonts lack"
             for name in others]
    if not words:
        return f"Set in {main}."
    return f"Set in {main}, with {', '.join(words[:-1])}{' and ' if len(words) > 1 else ''}{words[-1]}."


def _refuse_missing_glyphs(doc: SourceDocument, missing: list[str]) -> None:
    msg = (f"no font has a glyph for {', '.join(missing)} — neither the edition's fonts (edition/fonts.py) nor "
           f"any font of this machine; replace the character in the source, or add a font that has it to "
           f"edition/fonts.py")
    problems = []
    for code in missing:
        line, column = (locate_character(doc.data, chr(int(code.removeprefix("U+"), 16)))
                        if code.startswith("U+") else (0, 0))
        problems.append(Problem(doc.shown, line, column, "error", "pdf-fonts",
                                msg.replace(", ".join(missing), code, 1)))
    raise EditionError(msg, problems)

