"""edition.html: the reading edition built for real from the essay and from foreign TEI documents."""

from __future__ import annotations

import filecmp
import json
import re
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html
from site_support import (
    ESSAY,
    FOREIGN,
    all_pages,
    build,
    doc_id_of,
    element_ids,
    essay_site,
    full_site,
    local_links,
    missing_in_order,
    page_words,
    tei_words,
)

DOC = "sedova-1941-davies"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return essay_site(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> Path:
    return full_site(tmp_path_factory.getbasetemp())


def page(site: Path, rel: str):
    return lxml_html.parse(str(site / rel))


def test_site_layout(site):
    for rel in ("index.html", "persons.html", "places.html", "organisations.html", "static/edition.css",
                f"{DOC}/index.html", f"{DOC}/{DOC}.xml", f"{DOC}/{DOC}.txt", f"{DOC}/coverage.json"):
        assert (site / rel).is_file(), rel
    assert (site / DOC / f"{DOC}.xml").read_bytes() == ESSAY.read_bytes()


@pytest.mark.parametrize("reading", ["corrected", "transcribed"])
def test_every_word_of_the_text_is_on_the_reading_page_in_order(site, reading):
    expected_text, expected_notes = tei_words(ESSAY, reading)
    text, notes = page_words(site / DOC / "index.html", reading)
    assert len(expected_text) > 2500
    assert missing_in_order(expected_text, text) == []
    assert missing_in_order(expected_notes, notes) == []


@pytest.mark.parametrize("path", FOREIGN, ids=lambda p: p.stem)
@pytest.mark.parametrize("reading", ["corrected", "transcribed"])
def test_foreign_documents_come_out_complete(full, path, reading):
    expected_text, expected_notes = tei_words(path, reading)
    text, notes = page_words(full / doc_id_of(path) / "index.html", reading)
    assert missing_in_order(expected_text, text) == []
    assert missing_in_order(expected_notes, notes) == []


def test_every_citable_unit_has_its_id_number_and_self_link(site):
    from edition.xmlsafe import parse_file
    tree = page(site, f"{DOC}/index.html")
    tei = parse_file(ESSAY)
    ids = tei.xpath("//tei:text//@xml:id", namespaces={"tei": "http://www.tei-c.org/ns/1.0"})
    html_ids = set(tree.xpath("//@id"))
    assert set(ids) <= html_ids
    for p in tei.xpath("//tei:body//tei:p[@n]", namespaces={"tei": "http://www.tei-c.org/ns/1.0"}):
        pid = p.get("{http://www.w3.org/XML/1998/namespace}id")
        link = tree.xpath(f"//*[@id='{pid}']/a[@class='ed-self']")[0]
        assert link.get("href") == f"#{pid}" and link.xpath("string(.//span[@class='ed-num'])") == p.get("n")


def test_coverage_report(site, full):
    essay = json.loads((site / DOC / "coverage.json").read_text())
    assert essay["without_specific_template"] == {} and essay["elements_in_text"]["p"] == 29
    journal = json.loads((full / "journal-fixture" / "coverage.json").read_text())
    assert journal["without_specific_template"] == {"metamark": 1}
    assert "Ask at the post office." in (full / "journal-fixture" / "index.html").read_text()


def test_indexes_link_every_passage_across_texts(site, full):
    persons = page(site, "persons.html")
    stalin = persons.xpath("//*[@id='stalin']")[0]
    hrefs = stalin.xpath(".//a/@href")
    assert f"{DOC}/index.html#{DOC}.p1" in hrefs and f"{DOC}/index.html#{DOC}.q2p1" not in hrefs
    assert "General Secretary" in stalin.text_content()
    # the full site indexes the names of every text
    orgs = page(full, "organisations.html")
    assert orgs.xpath("//*[@id='stabi']//a/@href") == ["multilingual-fixture/index.html#m-p1"]
    assert page(full, "persons.html").xpath("//*[@id='trotsky']")


def test_all_local_links_resolve(full):
    for html_page in all_pages(full):
        for href in local_links(html_page):
            target, _, fragment = href.partition("#")
            target_path = (html_page.parent / target).resolve() if target else html_page
            assert target_path.exists(), f"{html_page}: {href}"
            if fragment and target_path.suffix == ".html":
                assert fragment in element_ids(target_path), f"{html_page}: {href}"


def test_nothing_is_loaded_from_elsewhere(full):
    for html_page in all_pages(full):
        tree = lxml_html.parse(str(html_page))
        csp = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert csp and "default-src 'none'" in csp[0], html_page
        for url in tree.xpath("//script/@src | //link[contains(' stylesheet icon preload prefetch manifest ', "
                              "concat(' ', @rel, ' '))]/@href | //img/@src | //iframe/@src | //*/@style"):
            assert "//" not in url, f"{html_page}: {url}"


def test_reading_page_landmarks_and_language(site, full):
    tree = page(site, f"{DOC}/index.html")
    assert tree.xpath("/html/@lang") == ["en"]
    assert tree.xpath("//a[@class='ed-skip']/@href") == ["#ed:main"] and tree.xpath("//main[@id='ed:main']")
    assert tree.xpath("//nav") and tree.xpath("//header") and tree.xpath("//footer")
    assert tree.xpath("//input[@id='ed-reading-source']") and tree.xpath("//input[@id='ed-reading-edited'][@checked]")
    assert len(tree.xpath("//h1")) == 1
    german = page(full, "multilingual-fixture/index.html")
    assert german.xpath("/html/@lang") == ["de"] and german.xpath("//*[@lang='he'][@dir='rtl']")


def test_provenance_and_downloads(site):
    about = page(site, f"{DOC}/index.html").xpath("//*[@id='ed-about']")[0].text_content()
    for expected in ("Fourth International", "Vol. III", "9–11", "Natalia Sedova Internet Archive", "Mike Bessler",
                     "Einde O’Callaghan", "Sedova Digital Edition", "24 November 2026", "Proofreading"):
        assert expected in about, expected
    hrefs = page(site, f"{DOC}/index.html").xpath("//ul[@class='ed-downloads']//a/@href")
    assert f"{DOC}.xml" in hrefs and f"{DOC}.txt" in hrefs
    assert f"{DOC}.pdf" not in hrefs  # the html command alone makes no PDF, so it does not link one


def test_plain_text_version(site):
    text = (site / DOC / f"{DOC}.txt").read_text(encoding="utf-8")
    assert text.startswith("Natalia Sedova Trotsky\nMr. Davies and the Moscow Trials\n")
    assert "[12] Mr. Davies must surely be aware" in text
    reading, _, apparatus = text.partition("\n\nCorrections\n\n")
    # the corrected reading in the text, each correction called by a letter and listed at the end
    assert "irresponsibility{a}" in reading and "irresponsibilty" not in reading
    assert "{a} ¶\u00a01: irresponsibility] irresponsibilty as transcribed; missing letter" in apparatus
    assert "{b} ¶\u00a02: Stalin’s] Stalin’ s as transcribed" in apparatus  # a short reading, with its word
    assert apparatus.count("\n{") == 6
    # note calls and paragraph numbers do not look alike; the editors' notes are marked as theirs
    assert "dishes.”[^1] For this reason" in reading and not re.search(r"\w\[\d+\]", reading)
    notes = reading.split("\n\nNotes\n\n", 1)[1]
    assert notes.startswith("[^1] [Editors:] ") and "— Sedova Digital Edition" in notes
    # the section break and the editors' caption under the block quotation
    assert "\n\n* * *\n\n[26] " in reading
    assert "    [Editors:] Source: Leon Trotsky, statement quoted in the text, Prinkipo" in reading
    assert reading.splitlines()[4].startswith("Base text: the online transcription in the Natalia Sedova")


def test_two_builds_are_byte_identical(tmp_path):
    a = build([ESSAY, *FOREIGN], tmp_path / "a", lenient=True, outputs=frozenset({"html", "search"}))
    b = build([ESSAY, *FOREIGN], tmp_path / "b", lenient=True, outputs=frozenset({"html", "search"}))
    # the search index included (edition.search_order puts Pagefind's output in order)
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert files_a == files_b and len(files_a) > 20
    _same, mismatch, errors = filecmp.cmpfiles(a, b, [str(f) for f in files_a], shallow=False)
    assert mismatch == [] and errors == []


def test_base_url_makes_canonical_and_citation_urls_absolute(tmp_path):
    out = build([ESSAY], tmp_path / "site", base_url="https://example.org/sedova/")
    tree = page(out, f"{DOC}/index.html")
    assert tree.xpath("//link[@rel='canonical']/@href") == [f"https://example.org/sedova/{DOC}/"]
    assert f"https://example.org/sedova/{DOC}/#{DOC}.p12" in tree.xpath(f"string(//*[@id='{DOC}.p12']/following-sibling::p[1])")


def test_persons_are_indexed_by_the_surname_the_list_marks(site):
    """The list marks "Sedova Trotsky" as a surname: she stands among the S's, not after Leon Trotsky."""
    names = [h.text_content() for h in page(site, "persons.html").xpath("//li[contains(@class, 'ed-index-entry')]/h2")]
    assert names.index("Leon Sedov") < names.index("Natalia Sedova Trotsky") < names.index("David Alfaro Siqueiros")
    assert names.index("Natalia Sedova Trotsky") < names.index("Joseph Stalin") < names.index("Leon Trotsky")


def test_the_catalogue_gives_each_texts_writing_and_printed_source(site):
    """A catalogue entry reads like a bibliography line: the journal set as a title, volume, issue, pages."""
    entry = page(site, "index.html").xpath("//ul[@class='ed-catalogue']/li")[0]
    assert entry.xpath("string(.//p[@class='ed-cat-title']/a/@href)") == f"{DOC}/index.html"
    details = entry.xpath(".//p[@class='ed-cat-details']")[0]
    assert details.xpath("cite/text()") == ["Fourth International"]
    assert " ".join(details.text_content().split()) == (
        "Written 21 December 1941, Coyoacán. Fourth International, Vol. III, No. 1, January 1942, pp. 9–11.")


# --- issue 15: the editorial statement, the section break, the editors' words ---------------------------

TEI_NS = {"tei": "http://www.tei-c.org/ns/1.0"}


def _header_text(path: str) -> list[str]:
    root = etree.parse(str(ESSAY)).getroot()
    return [" ".join("".join(el.itertext()).split()) for el in root.xpath(path, namespaces=TEI_NS)]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_about_this_edition_renders_the_editorial_declaration_sources_and_notes_statement(site):
    tree = page(site, f"{DOC}/index.html")
    (about,) = tree.xpath("//section[@id='ed-about']")
    about_words = _words(" ".join(about.itertext()))
    headings = [" ".join(h.text_content().split()) for h in about.xpath(".//h3 | .//h4")]
    assert {"Sources", "Editorial principles", "Notes on the text", "Corrections",
            "Names and their tagging"} <= set(headings)
    # every paragraph of editorialDecl and the notes statement, word for word, in order
    for text in _header_text("tei:teiHeader/tei:encodingDesc/tei:editorialDecl//tei:p"
                             " | tei:teiHeader/tei:fileDesc/tei:notesStmt/tei:note"):
        assert missing_in_order(_words(text), about_words) == [], text[:60]
    # the translator note, the printed source and the transcription actually used with its people
    sources = " ".join(about.xpath("string(.//dl[@class='ed-source-list'])").split())
    for fact in ("Fourth International", "Vol. III", "No. 1", "pp. 9–11", "Natalia Sedova Internet Archive",
                 "March 2005", "3 October 2015", "Mike Bessler", "Einde O’Callaghan"):
        assert fact in sources, fact
    assert "Base text: the transcription used" in sources
    # one line in the page header says what the base text is
    (line,) = tree.xpath("//header[@class='ed-titleblock']/p[@class='ed-base-text']")
    assert line.text_content().startswith("Base text: the online transcription in the Natalia Sedova Internet Archive")
    assert "transcribed by Mike Bessler, proofread by Einde O’Callaghan" in line.text_content()


def test_the_section_break_shows_between_the_last_two_sections(site):
    tree = page(site, f"{DOC}/index.html")
    (brk,) = tree.xpath("//*[contains(@class, 'tei-milestone')]")
    assert brk.tag == "p" and brk.text_content() == "* * *" and brk.get("role") == "separator"
    assert brk.getnext().get("id") == f"{DOC}.d9"
    assert brk.getprevious().xpath("string((.//p[@class='tei-p'])[last()]/@id)") == f"{DOC}.p25"


def test_the_editors_caption_and_notes_are_marked_as_theirs(site):
    tree = page(site, f"{DOC}/index.html")
    (caption,) = tree.xpath(f"//figure[@id='{DOC}.q1']/figcaption")
    assert "ed-editors" in caption.get("class")
    assert caption.text_content().startswith("[Editors:]")
    assert "Caption by the editors, not in the source" in caption.text_content()
    notes = tree.xpath("//aside[@role='doc-footnote']")
    editorial = _header_text("tei:text//tei:note[@type='editorial']")
    assert len(notes) == len(editorial) > 10
    for note in notes:
        label = note.xpath(".//span[@class='ed-editors-label']")
        assert label and label[0].text == "[Editors:]"
        assert note.xpath("string(.//span[@class='ed-note-resp'])") == " — Sedova Digital Edition"
        # a working reference and back-link
        (back,) = note.xpath(".//a[@role='doc-backlink']")
        ref_id = back.get("href")[1:]
        (ref,) = tree.xpath(f"//a[@id='{ref_id}']")
        assert ref.get("href") == f"#{note.get('id')}" and "Editors’ note" in ref.text_content()


def test_epithets_link_to_the_index_entries_like_names(site):
    tree = page(site, f"{DOC}/index.html")
    links = tree.xpath("//a[contains(@class, 'tei-rs')]")
    assert links, "the rs elements of the text are links"
    refs = set(etree.parse(str(ESSAY)).getroot().xpath("tei:text//tei:rs/@ref", namespaces=TEI_NS))
    for link in links:
        page_name, _, entry = link.get("href").partition("#")
        assert page_name in ("../persons.html", "../places.html", "../organisations.html")
        assert f"#{entry}" in refs
        assert page(site, page_name.removeprefix("../")).xpath(f"//*[@id='{entry}']")


def test_no_index_names_an_occurrence_by_a_raw_element_name(site):
    for name in ("persons.html", "places.html", "organisations.html"):
        labels = [a.text_content() for a in page(site, name).xpath(f"//a[contains(@href, '{DOC}/index.html#')]")]
        assert labels and not [label for label in labels if re.fullmatch(r"[a-z][A-Za-z]*", label)
                               and label not in ("closing", "opening", "quotation", "heading")]
    places = page(site, "places.html")
    assert places.xpath(f"//a[@href='{DOC}/index.html#{DOC}.closer']/text()") == ["closing"]
