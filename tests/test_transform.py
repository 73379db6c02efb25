"""edition.transform and the XSLT modules: TEI fragments in, HTML fragments out, through saxonche for real."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from edition.errors import EditionError
from edition.transform import stylesheet
from edition.xmlsafe import parse_bytes

PARTS = ["part-front", "part-body", "part-notes", "part-apparatus", "part-toc"]


def tei(body: str, standoff: str = "", lang: str = "en") -> str:
    return (f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="t" xml:lang="{lang}"><teiHeader><fileDesc>'
            f"<titleStmt><title>T</title></titleStmt><publicationStmt><p>x</p></publicationStmt>"
            f"<sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader><text><body>{body}</body></text>"
            f"{standoff}</TEI>")


def render(body: str, standoff: str = "", **params) -> dict[str, str]:
    sheet = stylesheet("html.xsl")
    doc = sheet.load(parse_bytes(tei(body, standoff).encode(), "test.xml"))
    return sheet.call_templates(doc, PARTS, {"index-base": "../", "cite-prefix": "A, “T”", **params})


def fragment(html: str):
    return lxml_html.fragment_fromstring(html, create_parent="div")


def test_each_stylesheet_is_compiled_once_per_process():
    assert stylesheet("html.xsl") is stylesheet("html.xsl")
    assert stylesheet("print.xsl") is stylesheet(Path("xslt/print.xsl").resolve())


def test_a_numbered_paragraph_keeps_its_id_number_and_self_link():
    out = fragment(render('<div xml:id="t.d1"><p xml:id="t.p1" n="1">Hello.</p></div>')["part-body"])
    p = out.get_element_by_id("t.p1")
    assert p.tag == "p"
    link = p.find("a")
    assert link.get("href") == "#t.p1" and "1" in link.text_content() and "¶" in link.text_content()
    box = p.getnext()
    assert "ed-cite-box" in box.get("class") and box.text_content().endswith("A, “T”, ¶ 1.")  # no address: none shown


def test_the_citation_uses_the_stable_url_when_there_is_one():
    out = render('<p xml:id="t.p1" n="1">Hi.</p>', **{"page-url": "https://ex.org/e/t/"})["part-body"]
    assert "https://ex.org/e/t/#t.p1" in out


def test_a_correction_keeps_both_readings_and_explains_itself():
    parts = render('<p>moral <choice xml:id="t.c1"><sic>irresponsibilty</sic>'
                   '<corr type="missing-letter" resp="#ed">irresponsibility</corr></choice> as</p>',
                   '<standOff><listOrg><org xml:id="ed"><orgName>The Editors</orgName></org></listOrg></standOff>')
    out = fragment(parts["part-body"])
    choice = out.get_element_by_id("t.c1")
    assert choice.tag == "a" and choice.get("href") == "#t.c1-app"
    assert choice.find_class("ed-edited")[0].text_content() == "irresponsibility"
    assert choice.find_class("ed-source")[0].text_content() == "irresponsibilty"
    tip = out.get_element_by_id("t.c1-tip")
    assert choice.get("aria-describedby") == "t.c1-tip"
    assert "missing letter" in tip.text_content() and "The Editors" in tip.text_content()
    app = fragment(parts["part-apparatus"]).get_element_by_id("t.c1-app")
    assert "irresponsibility] irresponsibilty" in app.text_content()


def test_notes_become_footnotes_with_dpub_roles_numbered_in_order():
    parts = render('<p>One<note xml:id="t.n1">First.</note> two<note>Second.</note> three<note n="x">Third.</note></p>')
    body, notes = fragment(parts["part-body"]), fragment(parts["part-notes"])
    refs = body.xpath("//a[@role='doc-noteref']")
    assert [r.text_content().replace("Note ", "") for r in refs] == ["1", "2", "x"]
    assert [r.get("href") for r in refs] == ["#t.n1", "#ed-note-2", "#ed-note-3"]
    footnotes = notes.xpath("//aside[@role='doc-footnote']")
    assert [f.get("id") for f in footnotes] == ["t.n1", "ed-note-2", "ed-note-3"]
    assert footnotes[0].xpath(".//a[@role='doc-backlink']/@href") == ["#t.n1-ref"]
    assert "First." in footnotes[0].text_content() and "First." not in body.text_content()


def test_names_link_to_their_index_entries_and_nothing_else_links():
    parts = render('<p><persName ref="#s">Stalin</persName> in <placeName ref="#m">Moscow</placeName>, '
                   '<orgName>GPU</orgName>, <ref target="javascript:alert(1)">bad</ref>, '
                   '<ref target="https://example.org/">good</ref></p>',
                   '<standOff><listPerson><person xml:id="s"><persName>Stalin</persName></person></listPerson>'
                   '<listPlace><place xml:id="m"><placeName>Moscow</placeName></place></listPlace></standOff>')
    out = fragment(parts["part-body"])
    hrefs = out.xpath("//a/@href")
    assert "../persons.html#s" in hrefs and "../places.html#m" in hrefs and "https://example.org/" in hrefs
    assert not [h for h in hrefs if "javascript" in h.lower()]
    assert "bad" in out.text_content() and "GPU" in out.text_content()


def test_quotations_never_get_generated_quotation_marks():
    out = render('<p><quote>“a”</quote> and <soCalled>“b”</soCalled> and <q>c</q></p>')["part-body"]
    assert "<q" not in out
    text = fragment(out).text_content()
    assert text.count("“") == 2 and "c" in text


def test_a_block_quotation_is_set_off_with_its_source():
    out = fragment(render('<cit type="block"><quote><p>Words.</p></quote><bibl>Source 1</bibl></cit>')["part-body"])
    figure = out.xpath("//figure")[0]
    assert figure.xpath("blockquote/p")[0].text_content() == "Words."
    assert figure.xpath("figcaption")[0].text_content() == "Source 1"


def test_an_element_without_a_template_keeps_its_text_and_is_marked():
    out = render('<p>Before <metamark>kept words</metamark> after <xyzUnknown><p>block</p></xyzUnknown></p>')
    body = out["part-body"]
    assert 'data-ed-fallback="metamark"' in body and "kept words" in body
    assert "block" in body
    # a block inside an unknown element turns the paragraph into a div, so the HTML stays valid
    assert fragment(body).xpath("//div[@data-ed-fallback='xyzUnknown']/p")


def test_languages_and_right_to_left_scripts():
    out = fragment(render('<p>Hier <foreign xml:lang="he">שלום</foreign>.</p>')["part-body"])
    he = out.xpath("//*[@lang='he']")[0]
    assert he.get("dir") == "rtl"


def test_contents_list_headed_and_untitled_divisions():
    toc = fragment(render('<div xml:id="t.d1"><p n="1" xml:id="t.p1">Opening words of the text here now.</p></div>'
                          '<div xml:id="t.d2"><head>Second</head><p n="2" xml:id="t.p2">x</p>'
                          '<p n="3" xml:id="t.p3">y</p></div>')["part-toc"])
    items = toc.xpath("/div/li")
    assert [li.xpath("a/@href")[0] for li in items] == ["#t.d1", "#t.d2"]
    assert "Opening words" in items[0].text_content() and "¶\u00a01" in items[0].text_content()
    assert "Second" in items[1].text_content() and "¶\u00a02–3" in items[1].text_content()


def test_plain_text_is_the_corrected_reading_with_numbers_and_notes():
    from edition.html import TextRenderer

    sheet = stylesheet("html.xsl")
    doc = sheet.load(parse_bytes(tei('<p n="1" xml:id="t.p1">A <choice><sic>wrods</sic><corr>words</corr></choice>'
                                     '<note>N.</note> here.</p><cit type="block"><quote><p>Q.</p></quote></cit>')
                                 .encode(), "t.xml"))
    _parts, blocks, _names = TextRenderer(register=None).reading_page(doc, {"index-base": "../"})
    # the blocks in reading order (templates/document.txt lays them out: test_html.test_plain_text_version)
    assert blocks[:5] == ["[1] A words{a}[^1] here.", "    Q.", "Notes", "[^1] N.", "Corrections"]
    assert sum(b.count("wrods") for b in blocks) == 1 and blocks[-1].endswith("wrods as transcribed; correction")


def test_a_broken_stylesheet_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.xsl"
    bad.write_text('<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
                   '<xsl:template match="/"><xsl:value-of select="1 +"/></xsl:template></xsl:stylesheet>')
    with pytest.raises(EditionError) as info:
        stylesheet(bad)
    assert "bad.xsl" in str(info.value) and "cannot compile" in str(info.value)


ODD_NAMES = ('<div xml:id="t.d1"><head xml:id="t.h1">On <persName ref="#s">Stalin</persName></head>'
             '<p xml:id="t.p1" n="1:2">A <persName ref="#s">Stalin</persName> and <placeName ref="#m">Moscow'
             '</placeName><note xml:id="t.n1">In <placeName ref="#m #s">Moscow</placeName>.</note>'
             '<persName ref="#nobody">Nobody</persName>.</p>'
             '<p xml:id="t.p2" n="12">&#x2028;<persName ref="#s">Stalin</persName></p></div>')
ODD_LISTS = ('<standOff><listPerson><person xml:id="s"><persName>Stalin</persName></person></listPerson>'
             '<listPlace><place xml:id="m"><placeName>Moscow</placeName></place></listPlace></standOff>')


@pytest.mark.parametrize("body", [ODD_NAMES, '<p>No names, no numbers.</p>'])
def test_page_data_gives_every_part_the_plain_text_and_the_names(body):
    """The build's calls (the seven parts, then page-data) make every part, the plain text and the names for the
    indexes, in reading order."""
    from edition.html import PARTS, TextRenderer

    tree = parse_bytes(tei(body, ODD_LISTS).encode(), "test.xml")
    sheet = stylesheet("html.xsl")
    doc = sheet.load(tree)
    params = {"index-base": "../", "cite-prefix": "A, “T”"}
    parts, blocks, occurrences = TextRenderer(register=None).reading_page(doc, params)
    assert list(parts) == list(PARTS)
    assert ("Stalin" in parts["part-body"]) == (body == ODD_NAMES)
    assert any(b.startswith("[1:2] A Stalin and Moscow") for b in blocks) == (body == ODD_NAMES)
    assert all(set(o) == {"entity", "unit", "label"} for o in occurrences)
    if body == ODD_NAMES:
        assert [(o["entity"], o["unit"]) for o in occurrences] == [
            ("s", "t.h1"), ("s", "t.p1"), ("m", "t.p1"), ("m", "t.n1"), ("s", "t.p2")]
        assert occurrences[1]["label"] == "¶\u00a01:2"


def test_pointers_find_their_target_by_id_and_only_a_whole_id():
    # ed:element-with-id looks an NCName up in the parser's index of IDs; any other value names nothing (id()
    # would read "typo ed" as two IDs and find both)
    parts = render('<p><persName ref="#s">Stalin</persName>, <persName ref="#absent">Nobody</persName>, '
                   '<choice xml:id="t.c1"><sic>teh</sic><corr type="typo" resp="#ed">the</corr></choice>, '
                   '<choice xml:id="t.c2"><sic>adn</sic><corr type="typo ed" resp="#ed">and</corr></choice></p>',
                   '<standOff><listPerson><person xml:id="s"><persName>Stalin</persName></person></listPerson>'
                   '<listOrg><org xml:id="ed"><orgName>The Editors</orgName></org></listOrg>'
                   '<taxonomy><category xml:id="typo"><catDesc>slip of the typist</catDesc></category></taxonomy>'
                   '</standOff>')
    out = fragment(parts["part-body"])
    assert out.xpath("//a[contains(@class, 'ed-name')]/@href") == ["../persons.html#s"]  # #absent links nowhere
    first, second = (out.get_element_by_id(f"t.c{n}-tip").text_content() for n in (1, 2))
    assert "slip of the typist" in first and "The Editors" in first
    assert "typo ed" in second and "slip of the typist" not in second


def test_an_unresolved_entity_reference_is_dropped_when_the_tree_is_handed_over():
    # Saxon refuses the text with "&who;" in it; only then is the tree walked for entity references
    from lxml import etree

    tree = parse_bytes(tei('<p xml:id="t.p1" n="1">By </p>').encode(), "test.xml")
    p = tree.getroot().find(".//{http://www.tei-c.org/ns/1.0}body/{http://www.tei-c.org/ns/1.0}p")
    p.append(etree.Entity("who"))
    p[-1].tail = " and her friends."
    sheet = stylesheet("html.xsl")
    body = sheet.call_templates(sheet.load(tree), ["part-body"], {"cite-prefix": "A"})["part-body"]
    assert "By  and her friends." in fragment(body).text_content()
