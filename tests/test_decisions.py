"""edition.decisions: the answers both editions give, and every output asking the same question gets the same
answer — the order of the indexes of names, the printed-source line, a text's address, writing direction."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from edition import XSLT_DIR
from edition.citation import paragraph_citation, print_citations
from edition.cli import main
from edition.decisions import (
    INDEX_KINDS,
    RTL_LANGUAGES,
    RTL_SCRIPTS,
    is_rtl,
    name_sort_key,
    printed_source_line,
    text_address,
    text_link,
    text_url,
)
from edition.metadata import read_metadata
from edition.pdf import build_index
from edition.transform import stylesheet
from edition.xmlsafe import parse_file

DOC = "test-names"
# A synthetic text (not of the edition): names whose order the two indexes used to disagree on — accents
# ("Ōsaka" before "Oslo" once folded), a marked surname with and without accents, a name whose parts are
# not marked (filed as written) — and a printed source of a single page.
PEOPLE = [("avila-j", "Juan", "Avila"), ("avila-a", "Ana", "Ávila"), ("azana", "Bea", "Azaña"),
          ("davies-j", "Jo", "Davies"), ("ruiz", None, "Carlos Ruiz"), ("berg", None, "berg")]
PLACES = [("osaka", "Ōsaka"), ("oslo", "Oslo"), ("zurich", "Zürich"), ("zaragoza", "Zaragoza")]


def _person(eid: str, forename: str | None, name: str) -> str:
    if forename is None:
        return f'<person xml:id="{eid}"><persName>{name}</persName></person>'
    return (f'<person xml:id="{eid}"><persName><forename>{forename}</forename> <surname>{name}</surname>'
            f"</persName></person>")


def names_tei(pages: str = '<biblScope unit="page" from="9" to="9">9</biblScope>', lang: str = "en") -> str:
    mentions = " ".join(f'<persName ref="#{eid}">{eid}</persName>' for eid, _f, _n in PEOPLE)
    mentions += " " + " ".join(f'<placeName ref="#{eid}">{name}</placeName>' for eid, name in PLACES)
    return f"""<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="{DOC}" xml:lang="{lang}"><teiHeader><fileDesc>
<titleStmt><title type="main">Names</title><author><persName>A. Tester</persName></author></titleStmt>
<editionStmt><edition n="1.0">Test</edition></editionStmt>
<publicationStmt><publisher>Test</publisher></publicationStmt>
<sourceDesc><biblStruct type="article"><analytic><title level="a">Names</title></analytic>
<monogr><title level="j">Test Journal</title><imprint><date when="1942-01">January 1942</date></imprint>
<biblScope unit="volume" n="3">III</biblScope><biblScope unit="issue" n="1">1</biblScope>{pages}</monogr>
</biblStruct></sourceDesc></fileDesc>
<profileDesc><langUsage><language ident="{lang}">{lang}</language></langUsage></profileDesc></teiHeader>
<text><body><div xml:id="{DOC}.d1"><p xml:id="{DOC}.p1" n="1">{mentions}.</p></div></body></text>
<standOff><listPerson>{"".join(_person(*p) for p in PEOPLE)}</listPerson>
<listPlace>{"".join(f'<place xml:id="{e}"><placeName>{n}</placeName></place>' for e, n in PLACES)}</listPlace>
</standOff></TEI>"""


@pytest.fixture(scope="module")
def names_site(tmp_path_factory) -> tuple[Path, Path]:
    """The synthetic text built by the command line's HTML build (lenient: it is not in the ID register)."""
    root = tmp_path_factory.mktemp("names")
    source = root / f"{DOC}.xml"
    source.write_text(names_tei(), encoding="utf-8")
    assert main(["html", str(source), "--out", str(root / "site"), "--lenient", "--jobs", "1", "--no-progress"]) == 0
    return source, root / "site"


def _web_order(site: Path, page: str) -> list[str]:
    tree = lxml_html.parse(str(site / page))
    return [li.get("id") for li in tree.getroot().find_class("ed-index-entry")]


def test_the_web_and_print_indexes_file_the_same_names_in_the_same_order(names_site):
    source, site = names_site
    meta = read_metadata(parse_file(source))
    print_groups = {g.kind: [e.id for e in g.entries] for g in build_index(meta, {e: ["x"] for e in meta.entities})}
    web = {k.kind: _web_order(site, k.page) for k in INDEX_KINDS if (site / k.page).exists()}
    assert web == print_groups
    # surname first, accents and case folded; a name without marked parts as written; ties by ID
    assert web["person"] == ["avila-a", "avila-j", "azana", "berg", "ruiz", "davies-j"]
    assert web["place"] == ["osaka", "oslo", "zaragoza", "zurich"]


def test_the_sort_key_puts_a_surname_before_a_longer_name_that_begins_with_it():
    assert name_sort_key("Jo Davies", "Davies", "Jo") < name_sort_key("Davies Smith")
    assert name_sort_key("Émile", "", "") == name_sort_key("EMILE")


def test_a_single_page_is_p_and_a_range_pp_in_every_output(names_site):
    source, site = names_site
    line = "Test Journal, Vol. III, No. 1, January 1942, p. 9"
    meta = read_metadata(parse_file(source))
    assert printed_source_line(meta.printed_source) == line
    texts = {
        "catalogue": lxml_html.parse(str(site / "index.html")).getroot().text_content(),
        "reading page": lxml_html.parse(str(site / DOC / "index.html")).getroot().text_content(),
        "plain text": (site / DOC / f"{DOC}.txt").read_text(encoding="utf-8"),
        "Dublin Core": (site / DOC / f"{DOC}.dc.xml").read_text(encoding="utf-8"),
        "BibTeX": (site / DOC / f"{DOC}.bib").read_text(encoding="utf-8"),
        "colophon": " ".join(text for _label, text in print_citations(meta, "")),
    }
    for output, text in texts.items():
        assert "pp. 9" not in " ".join(text.split()), output
    for output in ("catalogue", "reading page", "plain text", "Dublin Core"):
        assert line in " ".join(texts[output].split()), output
    assert "Jan. 1942, p. 9." in texts["colophon"]  # MLA: the same decision, in its own style
    ranged = read_metadata(parse_file_text(names_tei('<biblScope unit="page" from="9" to="11">9–11</biblScope>')))
    assert printed_source_line(ranged.printed_source).endswith(", pp. 9–11")
    unranged = read_metadata(parse_file_text(names_tei('<biblScope unit="page">12</biblScope>')))
    assert printed_source_line(unranged.printed_source).endswith(", p. 12")


def parse_file_text(text: str):
    from edition.xmlsafe import parse_bytes

    return parse_bytes(text.encode("utf-8"), "test.xml")


def test_a_texts_address_and_links():
    assert text_address("d", "https://ex.org/e/") == "https://ex.org/e/d/"
    assert text_address("d", "https://ex.org/e/", "d.p1") == "https://ex.org/e/d/#d.p1"
    assert text_address("d", "https://ex.org/e/", "d") == "https://ex.org/e/d/"  # the document itself
    assert text_address("d", "") == "" and text_address("d", "", "d.p1") == ""  # no base URL: no address
    assert text_link("d") == "d/index.html" and text_link("d", "d.p1", "../") == "../d/index.html#d.p1"
    assert text_url("d", "", "d.p1") == "index.html#d.p1" and text_url("d", "https://ex.org/e/") == "https://ex.org/e/d/"


@pytest.mark.parametrize("base_url", ["", "https://example.org/ed/"])
def test_the_cite_box_of_a_paragraph_is_the_paragraph_citation(names_site, tmp_path, base_url):
    """The reading page's cite box (XSLT) says what edition.citation.paragraph_citation says: with a base URL the
    paragraph's address, without one no address at all (not a relative path dressed as one)."""
    source, site = names_site
    if base_url:
        site = tmp_path / "site"
        from edition.build import Build, BuildRequest

        report = Build(BuildRequest(paths=[source], out=site, jobs=1, lenient=True, base_url=base_url)).run()
        assert not report.failed
    meta = read_metadata(parse_file(source))
    page = lxml_html.parse(str(site / DOC / "index.html")).getroot()
    box = page.find_class("ed-cite-text")[0].text_content()
    assert box == paragraph_citation(meta, "1", f"{DOC}.p1", base_url)
    assert (f"{base_url}{DOC}/#{DOC}.p1" in box) if base_url else ("/#" not in box and box.endswith("¶ 1."))


RTL_XSL = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:ed="urn:edition:functions">
  <xsl:import href="{common}"/>
  <xsl:output method="text"/>
  <xsl:param name="tags"/>
  <xsl:template name="answers"><xsl:value-of select="for $t in tokenize($tags, ',') return ed:is-rtl($t)"/></xsl:template>
</xsl:stylesheet>"""


def test_python_and_the_stylesheets_agree_on_right_to_left(tmp_path):
    tags = ["he", "HE", "ar-EG", "fa", "yi", "ji", "ku-Arab", "ku-arab", "pa-Arab", "az-Arab-IR", "sr-Cyrl", "en",
            "en-US", "ug", "", "hebr", "x-arab", "syr-Syrc", "dv", "arc"]
    sheet_path = tmp_path / "rtl.xsl"
    sheet_path.write_text(RTL_XSL.format(common=(XSLT_DIR / "common.xsl").as_uri()), encoding="utf-8")
    sheet = stylesheet(sheet_path)
    doc = sheet.load("<x/>")
    answers = sheet.call_templates(doc, ["answers"], {"tags": ",".join(tags)})["answers"].split()
    assert answers == ["true" if is_rtl(t) else "false" for t in tags]
    assert is_rtl("ku-Arab") and is_rtl("he") and not is_rtl("en") and not is_rtl("")
    assert "he" in RTL_LANGUAGES and "Arab" in RTL_SCRIPTS


def test_no_copy_of_the_index_pages_is_left_in_the_stylesheets_and_templates():
    root = XSLT_DIR.parent
    for folder in (root / "xslt", root / "templates", root / "edition"):
        for path in folder.rglob("*.*"):
            if path.name == "decisions.py" or path.suffix not in (".py", ".xsl", ".html", ".txt"):
                continue
            assert not re.search(r"['\"]organisations\.html['\"]", path.read_text(encoding="utf-8")), path


@pytest.mark.parametrize("lang", ["pa-Arab", "ji", "en"])
def test_a_right_to_left_text_is_set_right_to_left_on_its_page_and_in_the_catalogue(tmp_path, lang):
    """Punjabi in Arabic script ("pa-Arab") and Yiddish under its old code ("ji"): the Python list used to miss both."""
    source = tmp_path / f"{DOC}.xml"
    source.write_text(names_tei(lang=lang), encoding="utf-8")
    site = tmp_path / "site"
    assert main(["html", str(source), "--out", str(site), "--lenient", "--jobs", "1", "--no-progress"]) == 0
    page = lxml_html.parse(str(site / DOC / "index.html")).getroot()
    entry = lxml_html.parse(str(site / "index.html")).getroot().find_class("ed-catalogue")[0].find("li")
    expected = "rtl" if is_rtl(lang) else "ltr"
    assert (page.get("lang"), page.get("dir")) == (lang, expected)
    assert (entry.get("lang"), entry.get("dir") or "ltr") == (lang, expected)


def test_the_base_text_line_names_the_transcription_and_its_people_from_the_header():
    from edition.decisions import base_text_line
    from edition.metadata import read_metadata
    from edition.xmlsafe import parse_file

    meta = read_metadata(parse_file(Path(__file__).resolve().parent.parent / "tei" / "sedova-1941-davies.xml"))
    assert base_text_line(meta) == (
        "Base text: the online transcription in the Natalia Sedova Internet Archive (March 2005, last updated "
        "3 October 2015), transcribed by Mike Bessler, proofread by Einde O’Callaghan.")
    assert base_text_line(dataclasses.replace(meta, online_source=None)) == ""
