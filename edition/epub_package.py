"""The EPUB container of edition.epub: the package document (metadata from the TEI header, manifest, spine),
the fonts the book shows (subsets of the edition's packaged fonts, edition.fonts) and the ZIP itself.

The ZIP is the same bytes on every build of the same source with the same versions: `mimetype` first and
stored (as EPUB's Open Container Format asks), then every file in a fixed order, each dated with the
edition's date from the TEI header, with fixed permissions and compression.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata as importlib_metadata

from lxml import etree

from . import XML_NS, fonts
from .decisions import base_text_line, index_heading, printed_source_line, text_address
from .metadata import DocumentMeta

MEDIA_TYPE = b"application/epub+zip"
XHTML_TYPE = "application/xhtml+xml"
FONT_TYPE = "font/ttf"
CONTAINER = b"""<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""
OPF_NS = "http://www.idpf.org/2007/opf"
DC_NS = "http://purl.org/dc/elements/1.1/"
# When the edition has no base URL, the book's identifier is a name-based UUID (RFC 9562, version 5) of its
# document ID, as a `urn:uuid:` URN: a registered URN namespace (an invented one would be no valid URN), the same
# for the same text on every machine. Its namespace is the UUID of this name in the URL namespace.
BOOK_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:uuid:sedova-edition/epub")


def book_urn(doc_id: str) -> str:
    return f"urn:uuid:{uuid.uuid5(BOOK_ID_NAMESPACE, doc_id)}"

# MARC relator codes (the header's resp/@key) a package document may name a contributor by.
_RELATOR = re.compile(r"[a-z]{3}")
ACCESSIBILITY_FEATURES = ("structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability")
ACCESSIBILITY_SUMMARY = (
    "A reflowable text without images, audio or video. The navigation document lists the sections and the "
    "landmarks; every section has its heading; the notes and the editors’ corrections are footnotes with links "
    "back to the text (each correction gives the reading as transcribed); an index of names, when the text "
    "names anyone, links to each passage. Every paragraph shows its number (¶) and carries its citable ID. The language of the text and of "
    "foreign passages is marked. There is no page list: the source has no page breaks. The fonts are embedded; "
    "a reading system may replace them. Checked with EPUBCheck and axe-core; not evaluated against WCAG by a "
    "person, so no conformance is claimed.")


@dataclass
class BookMeta:
    identifier: str
    title: str
    lang: str
    modified: str  # CCYY-MM-DDThh:mm:ssZ, from the header
    when: datetime  # the date every file of the ZIP carries
    properties: list[tuple[str, str, dict]] = field(default_factory=list)  # (element or meta property, text, attrs)


@dataclass
class Book:
    meta: BookMeta
    documents: dict[str, etree._Element]  # name → XHTML tree (edition.epub), in reading order; "nav.xhtml" last
    css: bytes


def _source_date(meta: DocumentMeta) -> datetime:
    """The newest date the header gives the edition (its revisions, else its date), midnight UTC."""
    candidates = [r.when for r in meta.revisions] + [meta.edition_date.when]
    dates = []
    for when in candidates:
        match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", (when or "")[:10])
        if match:
            year, month, day = (int(x) if x else 1 for x in match.groups())
            try:
                dates.append(datetime(year, month, day, tzinfo=UTC))
            except ValueError:
                continue
    return max(dates, default=datetime(1980, 1, 1, tzinfo=UTC))


def book_metadata(meta: DocumentMeta, lang: str, base_url: str, *, has_index: bool = False) -> BookMeta:
    """What the package document says of the book, each fact once, from the TEI header."""
    when = _source_date(meta)
    book = BookMeta(text_address(meta.doc_id, base_url) or book_urn(meta.doc_id), meta.title or meta.doc_id,
                    lang, when.strftime("%Y-%m-%dT%H:%M:%SZ"), when)
    add = book.properties.append
    if meta.author:
        add(("dc:creator", meta.author, {"id": "creator"}))
        add(("file-as", index_heading(meta.author, meta.author_surname, meta.author_forename), {"refines": "#creator"}))
        add(("role", "aut", {"refines": "#creator", "scheme": "marc:relators"}))
    for number, person in enumerate((c for c in meta.contributors if c.name), start=1):
        add(("dc:contributor", person.name, {"id": f"contributor{number}"}))
        for code in person.roles:
            if _RELATOR.fullmatch(code):
                add(("role", code, {"refines": f"#contributor{number}", "scheme": "marc:relators"}))
    if meta.publisher:
        add(("dc:publisher", meta.publisher, {}))
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", meta.edition_date.when or ""):
        add(("dc:date", meta.edition_date.when, {}))
    if meta.edition_version:
        add(("schema:version", meta.edition_version, {}))
    printed = printed_source_line(meta.printed_source) or meta.printed_source_text
    for source in (printed, base_text_line(meta)):
        if source:
            add(("dc:source", source, {}))
    if meta.availability:
        add(("dc:rights", meta.availability, {}))
    add(("schema:accessMode", "textual", {}))
    add(("schema:accessModeSufficient", "textual", {}))
    for feature in ACCESSIBILITY_FEATURES + (("index",) if has_index else ()):
        add(("schema:accessibilityFeature", feature, {}))
    add(("schema:accessibilityHazard", "none", {}))
    add(("schema:accessibilitySummary", ACCESSIBILITY_SUMMARY, {}))
    return book


def package_document(book: Book, files: list[tuple[str, str, str]]) -> bytes:
    """package.opf: the metadata, every file (name, media type, properties) and the reading order."""
    opf = etree.Element(f"{{{OPF_NS}}}package", nsmap={None: OPF_NS},
                        attrib={"version": "3.0", "unique-identifier": "book-id",
                                f"{{{XML_NS}}}lang": book.meta.lang})
    metadata = etree.SubElement(opf, f"{{{OPF_NS}}}metadata", nsmap={"dc": DC_NS})

    def dc(name: str, text: str, attrs: dict) -> None:
        etree.SubElement(metadata, f"{{{DC_NS}}}{name}", attrs).text = text

    def prop(name: str, text: str, attrs: dict) -> None:
        etree.SubElement(metadata, f"{{{OPF_NS}}}meta", {"property": name, **attrs}).text = text

    dc("identifier", book.meta.identifier, {"id": "book-id"})
    dc("title", book.meta.title, {})
    dc("language", book.meta.lang, {})
    for name, text, attrs in book.meta.properties:
        (dc(name[3:], text, attrs) if name.startswith("dc:") else prop(name, text, attrs))
    prop("dcterms:modified", book.meta.modified, {})
    manifest = etree.SubElement(opf, f"{{{OPF_NS}}}manifest")
    for number, (name, media, properties) in enumerate(files, start=1):
        item = etree.SubElement(manifest, f"{{{OPF_NS}}}item", {"id": f"item{number}", "href": name, "media-type": media})
        if properties:
            item.set("properties", properties)
    spine = etree.SubElement(opf, f"{{{OPF_NS}}}spine")
    for number, (name, media, properties) in enumerate(files, start=1):
        if media == XHTML_TYPE:  # the navigation document too (the landmarks lead to it), out of the reading order
            linear = {"linear": "no"} if "nav" in properties.split() else {}
            etree.SubElement(spine, f"{{{OPF_NS}}}itemref", {"idref": f"item{number}", **linear})
    return etree.tostring(opf, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def font_files(characters: str) -> list[tuple[str, bytes, str]]:
    """The edition's faces the book needs, each cut down to the characters it shows: (file name, bytes,
    CSS @font-face rule). Every face (upright and italic) of each family a character of the book is set in."""
    used = set(fonts.faces_for(characters))
    found = []
    for face in fonts.FACES:
        if face.family not in used:
            continue
        name = f"{face.stem}.ttf"
        rule = (f'@font-face {{ font-family: "{face.family}"; src: url("../fonts/{name}"); '
                f"font-style: {face.style}; font-weight: normal; }}")
        found.append((name, kept_subset(face, characters), rule))
    return found


def kept_subset(face: fonts.Face, characters: str) -> bytes:
    """`subset_font` of a face, kept in the fonts' cache folder (edition.fonts.cache_folder) under the hash of
    what it is made from (the font, the characters, the subsetter's version): cutting a font down takes about
    half a second, and a text's characters seldom change between builds. Another cache, or none, gives the
    same bytes, only slower."""
    data = fonts.print_font_bytes(face)
    key = hashlib.sha256(data + characters.encode("utf-8") + importlib_metadata.version("fonttools").encode()).hexdigest()[:32]
    return fonts.kept(f"epub/{face.stem}-{key}.ttf", lambda: subset_font(data, characters))


def subset_font(data: bytes, characters: str) -> bytes:
    """A font with only the glyphs of `characters` (and the features that reach them), the same bytes on every
    run: no timestamp recalculated."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features += ["smcp", "c2sc", "onum", "lnum", "pnum", "tnum"]  # beside the defaults (liga, kern …)
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    font = TTFont(io.BytesIO(data), recalcTimestamp=False, recalcBBoxes=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out, reorderTables=False)
    return out.getvalue()


def package_book(book: Book) -> bytes:
    """The EPUB file: mimetype (stored, first), container, package document, documents, style, fonts."""
    documents = {name: etree.tostring(root, xml_declaration=True, encoding="UTF-8")
                 for name, root in book.documents.items()}
    characters = "".join(sorted({c for root in book.documents.values() for c in "".join(root.itertext())}))
    faces = font_files(characters)
    css = ("\n".join(rule for _n, _d, rule in faces) + "\n").encode() + book.css
    files = [(f"text/{name}", XHTML_TYPE, "nav" if name == "nav.xhtml" else "") for name in book.documents]
    files += [("css/epub.css", "text/css", "")] + [(f"fonts/{name}", FONT_TYPE, "") for name, _d, _r in faces]
    contents = {f"text/{name}": data for name, data in documents.items()}
    contents["css/epub.css"] = css
    contents.update({f"fonts/{name}": data for name, data, _rule in faces})
    out = io.BytesIO()
    stamp = book.meta.when.timetuple()[:6]
    with zipfile.ZipFile(out, "w") as archive:
        _add(archive, "mimetype", MEDIA_TYPE, stamp, zipfile.ZIP_STORED)
        _add(archive, "META-INF/container.xml", CONTAINER, stamp)
        _add(archive, "OEBPS/package.opf", package_document(book, files), stamp)
        for name, _media, _properties_ in files:
            _add(archive, f"OEBPS/{name}", contents[name], stamp)
    return out.getvalue()


def _add(archive: zipfile.ZipFile, name: str, data: bytes, stamp: tuple, compression: int = zipfile.ZIP_DEFLATED) -> None:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = compression
    info.create_system = 3  # Unix, on every machine
    info.external_attr = 0o644 << 16
    archive.writestr(info, data, compress_type=compression, compresslevel=9 if compression else None)
