"""Page shapes the samples do not show but archive pages have: the provenance block below the text, data
tables, nested quotations, sections and subsections, Markdown footnotes, a title only in the front matter.
Each imports, validates, and keeps its words."""

from __future__ import annotations

from collections import Counter

import pytest
from import_support import is_subsequence, page_words, reading_without_notes, run_import, tei_word_bag, xp

from edition.cli import main
from edition.xmlsafe import parse_file

HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head><body>
<h2>Ann Writer</h2>
<h1>On Tables and Quotations</h1>
<h3>First Part</h3>
<p>A first paragraph that is long enough to be the text of the page and not its header, so that the block
of provenance that follows far below is read as standing below the text, which happens on archive pages
now and then, especially on the older ones.</p>
<table border="1"><tr><th>Year</th><th>Tons</th></tr><tr><td>1913</td><td>4,200</td></tr></table>
<blockquote><p>An outer quotation.</p><blockquote><p>An inner quotation.</p></blockquote></blockquote>
<h4>A Subsection</h4>
<p>A paragraph of the subsection.</p>
<ol><li>first point</li><li>second point</li></ol>
<h3>Second Part</h3>
<p>The last paragraph of the text.</p>
<h3>A Heading With Nothing Under It</h3>
<hr class="end">
<p class="information"><span class="info">Source:</span> <em>Some Weekly</em>, No. 3, 12 March 1913, p. 4;<br>
<span class="info">Transcribed:</span> Dora Keyes.</p>
<table class="nav"><tr><td><a href="a.htm">Index</a></td><td><a href="b.htm">Next</a></td></tr></table>
</body></html>
"""

MARKDOWN = """---
layout: default
title: Notes in Markdown
---
**Source:** *The Daily Example*, 1 May 1920, pp. 2-3.\\
**Transcribed:** Eve North.\\
**Public Domain:** Example Archive 2005.

The text, with a footnote.[^a] And a second one.[^b]

More text.

[^a]: The first note, in two paragraphs.

    Its second paragraph.

[^b]: The second note.
"""


@pytest.mark.parametrize("name, data", [("shapes.htm", HTML), ("notes.md", MARKDOWN)])
def test_the_shape_imports_validates_and_keeps_its_words(tmp_path, capsys, name, data) -> None:
    page = tmp_path / name
    page.write_text(data, encoding="utf-8")
    out = tmp_path / "tei"
    code, _, err = run_import(capsys, str(page), "--doc-id", "test-1913-shapes", "--out", str(out))
    assert code == 0, err
    draft = out / "test-1913-shapes.xml"
    assert main(["validate", str(draft)]) == 0
    tree = parse_file(draft)
    source = page_words(page)
    assert not Counter(source) - tei_word_bag(tree)
    text = reading_without_notes(tree)
    if name.endswith(".md"):  # the title comes from the front matter, which a browser does not show
        assert text[:3] == ["Notes", "in", "Markdown"]
        text = text[3:]
    assert is_subsequence(text, source)


def test_provenance_below_the_text_tables_quotations_and_sections(tmp_path, capsys) -> None:
    page = tmp_path / "shapes.htm"
    page.write_text(HTML, encoding="utf-8")
    assert run_import(capsys, str(page), "--doc-id", "test-1913-shapes", "--out", str(tmp_path))[0] == 0
    tree = parse_file(tmp_path / "test-1913-shapes.xml")
    assert xp(tree, "string(//tei:titleStmt/tei:title[@type='main'])") == "On Tables and Quotations"
    assert xp(tree, "string(//tei:titleStmt/tei:author)").strip() == "Ann Writer"
    assert xp(tree, "string(//tei:sourceDesc/tei:biblStruct/tei:monogr/tei:title)") == "Some Weekly"
    assert xp(tree, "//tei:titleStmt/tei:respStmt/tei:resp[@key='trc']/following-sibling::tei:persName = 'Dora Keyes'")
    assert [" ".join(c.itertext()) for c in xp(tree, "//tei:body//tei:table/tei:row[2]/tei:cell")] == ["1913", "4,200"]
    assert xp(tree, "//tei:body//tei:cit/tei:quote/tei:p[. = 'An inner quotation.']")
    assert xp(tree, "//tei:body/tei:div/tei:div[@type='subsection']/tei:head[. = 'A Subsection']")
    assert len(xp(tree, "//tei:body//tei:list/tei:item")) == 2
    assert not xp(tree, "//tei:body//tei:p[contains(., 'Source:')]")  # the block is in the header only
    assert xp(tree, "//tei:body//tei:p[. = 'A Heading With Nothing Under It']")  # kept, as a paragraph


def test_markdown_footnotes_and_a_title_from_the_front_matter(tmp_path, capsys) -> None:
    page = tmp_path / "notes.md"
    page.write_text(MARKDOWN, encoding="utf-8")
    assert run_import(capsys, str(page), "--doc-id", "test-1920-notes", "--out", str(tmp_path))[0] == 0
    tree = parse_file(tmp_path / "test-1920-notes.xml")
    assert xp(tree, "string(//tei:titleStmt/tei:title[@type='main'])") == "Notes in Markdown"
    notes = xp(tree, "//tei:body//tei:p[@n='1']/tei:note")
    assert len(notes) == 2
    assert [p.text for p in xp(notes[0], "tei:p")] == ["The first note, in two paragraphs.", "Its second paragraph."]
    assert "".join(notes[1].itertext()) == "The second note."
    assert xp(tree, "string(//tei:availability/@status)") == "free"
    assert xp(tree, "//tei:sourceDesc/tei:biblStruct//tei:biblScope[@unit='page'][@from='2'][@to='3']")


def test_labels_in_plain_text_and_bold_labels_with_the_colon_outside(tmp_path, capsys) -> None:
    page = tmp_path / "plain.htm"
    page.write_text("""<html><body><h1>A Plain Page</h1><p class="information">Written: 1 May 1901<br>
Source: <i>The Worker</i>, 4 May 1901, p. 2<br>Transcribed: Joe Bloggs</p>
<p><b>Published</b>: in a book, 1930.</p><p>The text of it.</p></body></html>""", encoding="utf-8")
    code, _, err = run_import(capsys, str(page), "--out", str(tmp_path / "tei"))
    assert code == 0, err
    tree = parse_file(tmp_path / "tei" / "plain.xml")
    assert xp(tree, "string(//tei:creation/tei:date/@when)") == "1901-05-01"
    assert xp(tree, "string(//tei:sourceDesc/tei:biblStruct//tei:imprint/tei:date/@when)") == "1901-05-04"
    assert "in a book, 1930" in xp(tree, "string(//tei:sourceDesc/tei:bibl[@type='first-published'])")
    assert [" ".join(p.itertext()) for p in xp(tree, "//tei:body//tei:p")] == ["The text of it."]


def test_a_letter_dated_in_its_title_with_an_empty_notes_heading(tmp_path, capsys) -> None:
    page = tmp_path / "letter.htm"
    page.write_text("""<html><head><meta name="author" content="Karl Marx"></head><body>
<p class="title">Marx-Engels Correspondence 1868</p>
<h3>Karl Marx to Ludwig Kugelmann, 30 January 1868</h3>
<hr class="end"><p class="information"><span class="info">Source</span>: Karl Marx, <em>Letters to Dr
Kugelmann</em> (Martin Lawrence, London, undated).</p><hr class="end">
<p class="fst">Dear Kugelmann</p><p>Your Koppel is not yet here.</p>
<p>Next: <a href="b.htm">another letter</a></p>
<h3>Notes</h3><hr class="end"><p class="footer"><a href="i.htm">Letters Archive</a></p></body></html>""",
                    encoding="utf-8")
    code, _, err = run_import(capsys, str(page), "--out", str(tmp_path / "tei"))
    assert code == 0, err
    tree = parse_file(tmp_path / "tei" / "letter.xml")
    assert xp(tree, "string(//tei:creation/tei:date/@when)") == "1868-01-30"
    # an undated book without a publisher's label: no imprint can be read, so the draft gives the page's words
    assert not xp(tree, "//tei:sourceDesc/tei:biblStruct")
    assert xp(tree, "normalize-space(//tei:sourceDesc/tei:bibl[@type='print']/text())") == (
        "Karl Marx, Letters to Dr Kugelmann (Martin Lawrence, London, undated).")
    assert [" ".join(p.itertext()) for p in xp(tree, "//tei:body//tei:p")] == ["Dear Kugelmann",
                                                                             "Your Koppel is not yet here."]
    assert "Notes" in xp(tree, "string(//tei:editorialDecl/tei:p)")
    assert "Next: another letter" in xp(tree, "string(//tei:editorialDecl/tei:p)")


def test_the_title_below_the_provenance_block(tmp_path, capsys) -> None:
    page = tmp_path / "below.htm"
    page.write_text("""<html><body><h2>Max Example</h2>
<p class="information"><span class="info">Written:</span> 15-16 March 1917;<br>
<span class="info">Transcribed:</span> Sam Doe.</p>
<h1>A Title Under the Block</h1><p>The text.</p></body></html>""", encoding="utf-8")
    code, _, err = run_import(capsys, str(page), "--out", str(tmp_path / "tei"))
    assert code == 0, err
    tree = parse_file(tmp_path / "tei" / "below.xml")
    assert xp(tree, "string(//tei:titleStmt/tei:title[@type='main'])") == "A Title Under the Block"
    assert xp(tree, "string(//tei:titlePage/tei:byline)").strip() == "Max Example"
    assert (xp(tree, "string(//tei:creation/tei:date/@from)"), xp(tree, "string(//tei:creation/tei:date/@to)")) == \
        ("1917-03-15", "1917-03-16")
    assert not xp(tree, "//tei:body//tei:head")


def test_a_collection_line_is_not_taken_for_the_author_the_metadata_names(tmp_path, capsys) -> None:
    page = tmp_path / "collection.htm"
    page.write_text("""<html><head><meta name="author" content="Leon Trotsky"></head><body>
<h3>Communist International</h3><h1>A Speech</h1>
<p class="information"><span class="info">Written:</span> 1921</p><p>The speech.</p></body></html>""",
                    encoding="utf-8")
    code, _, err = run_import(capsys, str(page), "--out", str(tmp_path / "tei"))
    assert code == 0, err
    tree = parse_file(tmp_path / "tei" / "collection.xml")
    assert xp(tree, "string(//tei:titleStmt/tei:author)").strip() == "Leon Trotsky"
    assert xp(tree, "string(//tei:titleStmt/tei:author/tei:persName/@ref)") == "#trotsky"  # the lists know him
    assert xp(tree, "//tei:titlePage/tei:docTitle/tei:titlePart[@type='desc'][. = 'Communist International']")


SHARED_LIST = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" type="shared-lists">
  <teiHeader><fileDesc><titleStmt><title>Names</title></titleStmt>
    <publicationStmt><p>Test</p></publicationStmt><sourceDesc><p>Test</p></sourceDesc></fileDesc></teiHeader>
  <standOff>
    <listPerson>
      <person xml:id="luxemburg"><persName><forename>Rosa</forename> <surname>Luxemburg</surname></persName>
        <note>Rosa Luxemburg (1871–1919).</note></person>
    </listPerson>
    <listPlace><place xml:id="berlin"><placeName>Berlin</placeName><note>The city.</note></place></listPlace>
  </standOff>
</TEI>
"""


def test_names_of_a_shared_list_point_into_it(tmp_path, capsys) -> None:
    tei = tmp_path / "tei"
    (tei / "shared").mkdir(parents=True)
    (tei / "shared" / "names.xml").write_text(SHARED_LIST, encoding="utf-8")
    page = tmp_path / "luxemburg-1906-test.md"
    page.write_text("Rosa Luxemburg 1906\n\n# A Test\n\n[Written:]{.info} 1906\n\nIn Berlin, Luxemburg and "
                    "Kautsky spoke.\n", encoding="utf-8")
    code, report, err = run_import(capsys, str(page), "--out", str(tei))
    assert code == 0, err
    draft = tei / "luxemburg-1906-test.xml"
    assert main(["validate", str(draft)]) == 0
    tree = parse_file(draft)
    assert xp(tree, "string(//tei:titleStmt/tei:author/tei:persName/@ref)") == "shared/names.xml#luxemburg"
    refs = [(n.text, n.get("ref")) for n in xp(tree, "//tei:body//tei:persName | //tei:body//tei:placeName")]
    assert refs == [("Berlin", "shared/names.xml#berlin"), ("Luxemburg", "shared/names.xml#luxemburg")]
    assert not xp(tree, "//tei:standOff//tei:person[@xml:id='luxemburg']")  # pointed to, not copied
    assert "Kautsky (1)" in report  # not in the lists: reported, not tagged


def test_a_page_without_any_date_is_a_draft_without_one(tmp_path, capsys) -> None:
    """No date of writing, first publication or printing: the draft gives none (no computed bound), and the
    validator tells the editor to add one."""
    page = tmp_path / "undated.htm"
    page.write_text("""<html><body><h1>A Text Without Dates</h1>
<p class="information"><span class="info">Transcribed:</span> Someone Careful</p>
<p>The words of the text.</p></body></html>""", encoding="utf-8")
    code, out, err = run_import(capsys, str(page), "--out", str(tmp_path / "tei"))
    assert code == 0, err
    assert "does not say when the text was written" in out and "names no proofreader" in out
    draft = tmp_path / "tei" / "undated.xml"
    tree = parse_file(draft)
    assert not xp(tree, "//tei:creation/*") and not xp(tree, "//@notAfter | //@notBefore")
    from edition.validate import Validator

    report = Validator().validate_file(draft)
    assert report.valid
    assert {p.rule for p in report.warnings} == {"ed-draft-creation-date", "ed-draft-proofreader",
                                                 "ed-draft-source-struct"}
