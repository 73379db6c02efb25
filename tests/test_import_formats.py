"""One page in the three formats the importer reads (MIA HTML, Pandoc Markdown, plain text), with label
spellings the samples do not all show: the same header facts, the same text, each a valid draft."""

from __future__ import annotations

import pytest
from import_support import header_facts, run_import, xp

from edition.cli import main
from edition.readings import reading_text, words
from edition.xmlsafe import parse_file
from tests.support import text_element

MARKDOWN = """---
layout: default
title: The Test Article
---
Jane Roe 1931

# The Test Article

------------------------------------------------------------------------

[Written:]{.info} March 3, 1931;\\
[Source]{.info}: *The Example Review*, Vol. 2, No. 7, April 1931, pp. 12-14;\\
[Translated by:]{.info} John Doe;\\
[Transcription\\HTML Markup:]{.info} Ann Smith and\\
Bob Jones;\\
[Proofread: ]{.info}Carl Brown (May 2010);\\
[Online Version:]{.info} Example Internet Archive, 2009;\\
[CopyLeft]{.info}: Creative Commons (Attribute & ShareAlike) example.org 2009;\\
[Colour of the cover:]{.info} red.

------------------------------------------------------------------------

The first paragraph, with a note.[[\\[1\\]](#n1){#f1}]{.note}

> A block quotation
> of two lines.

* * *

The last paragraph.

### Notes

[1.](#f1){#n1} The note's own words.

Last updated on 3.4.2010
"""

HTML = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
<title>Test</title></head><body>
<p class="title">Jane Roe 1931</p>
<h1>The Test Article</h1>
<hr class="end">
<p class="information">
<span class="info">Written:</span> March 3, 1931;<br>
<span class="info">Source:</span> <em>The Example Review</em>, Vol. 2, No. 7, April 1931, pp. 12-14;<br>
<span class="info">Translated by:</span> John Doe;<br>
<span class="info">Transcription/HTML Markup:</span> Ann Smith and<br>
Bob Jones;<br>
<span class="info">Proofread: </span>Carl Brown (May 2010);<br>
<span class="info">Online Version:</span> Example Internet Archive, 2009;<br>
<span class="info">CopyLeft</span>: Creative Commons (Attribute &amp; ShareAlike) example.org 2009;<br>
<span class="info">Colour of the cover:</span> red.</p>
<hr class="end">
<p>The first paragraph, with a note.<sup class="enote"><a href="#n1" name="f1">[1]</a></sup>
<p class="quoteb">A block quotation
of two lines.</p>
<p class="skip">* * *</p>
<p>The last paragraph.</p>
<h3>Notes</h3>
<p class="information"><a name="n1"><span class="info">1.</span></a> The note's own words.</p>
<p class="updat">Last updated on 3.4.2010</p>
</body></html>
"""

TEXT = """Jane Roe

The Test Article

Written: March 3, 1931;
Source: The Example Review, Vol. 2, No. 7, April 1931, pp. 12-14;
Translated by: John Doe;
Transcription/Markup: Ann Smith and Bob Jones;
Proofread: Carl Brown (May 2010);
Online Version: Example Internet Archive, 2009;
Copyleft: Creative Commons (Attribute & ShareAlike) example.org 2009;
Colour of the cover: red.

The first paragraph, with a note.

* * *

The last paragraph.

Last updated on 3.4.2010
"""

PAGES = {"page.md": MARKDOWN.encode("utf-8"), "page.htm": HTML.encode("latin-1"), "page.txt": TEXT.encode("utf-8")}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_same_facts_from_every_format(tmp_path, capsys, name) -> None:
    page = tmp_path / name
    page.write_bytes(PAGES[name])
    out = tmp_path / "tei"
    code, report, err = run_import(capsys, str(page), "--doc-id", "roe-1931-test", "--out", str(out))
    assert code == 0, err
    draft = out / "roe-1931-test.xml"
    assert main(["validate", str(draft)]) == 0
    tree = parse_file(draft)
    facts = header_facts(tree)
    assert facts["author"] == "Jane Roe" and facts["title"] == "The Test Article"
    assert facts["written"] == "1931-03-03"
    assert (facts["print_title"], facts["volume"], facts["issue"], facts["pages"], facts["print_date"]) == \
        ("The Example Review", "2", "7", "12-14", "1931-04")
    assert {("trl", "John Doe"), ("trc", "Ann Smith"), ("trc", "Bob Jones"), ("mrk", "Ann Smith"),
            ("pfr", "Carl Brown")} <= facts["roles"]
    assert facts["when"]["pfr"] == "2010-05"
    assert facts["online"] == "Example Internet Archive 2009"
    assert "Creative Commons (Attribute & ShareAlike) example.org 2009" in facts["rights"]
    assert facts["status"] == "unknown"  # a licence the page states is quoted, not turned into a status
    assert "Colour of the cover: red." in facts["notes"]  # an unknown label is kept …
    assert "Colour of the cover" in report  # … and reported
    text = words(reading_text(text_element(tree), "transcribed"))
    assert text[:2] == ["Jane", "Roe"] and text[-3:] == ["The", "last", "paragraph"]
    assert xp(tree, "//tei:body//tei:milestone[@rend='asterisks']")
    assert "Last updated" not in " ".join(text)
    assert xp(tree, "//tei:editorialDecl/tei:p[contains(., 'Last updated on 3.4.2010')]")


@pytest.mark.parametrize("name", ["page.md", "page.htm"])
def test_block_quotations_and_notes(tmp_path, capsys, name) -> None:
    page = tmp_path / name
    page.write_bytes(PAGES[name])
    code, _, err = run_import(capsys, str(page), "--doc-id", "roe-1931-test", "--out", str(tmp_path / "tei"))
    assert code == 0, err
    tree = parse_file(tmp_path / "tei" / "roe-1931-test.xml")
    quote = xp(tree, "//tei:body//tei:cit[@type='block']/tei:quote/tei:p")
    assert [" ".join(words("".join(q.itertext()))) for q in quote] == ["A block quotation of two lines"]
    assert xp(tree, "//tei:body//tei:p[@n]/@xml:id") == ["roe-1931-test.p1", "roe-1931-test.p2"]
    note = xp(tree, "//tei:body//tei:p[@n='1']/tei:note")
    assert len(note) == 1 and note[0].get("n") == "1" and "The note's own words." in "".join(note[0].itertext())
    assert not xp(tree, "//tei:body//tei:head[. = 'Notes']")


def test_without_doc_id_the_file_name_or_author_year_keyword_is_used(tmp_path, capsys) -> None:
    page = tmp_path / "Page From The Web.md"
    page.write_bytes(PAGES["page.md"])
    code, _, err = run_import(capsys, str(page), "--out", str(tmp_path / "tei"))
    assert code == 0, err
    assert [p.name for p in (tmp_path / "tei").iterdir()] == ["roe-1931-test.xml"]


def test_output_is_the_same_for_the_same_page_and_date(tmp_path, capsys) -> None:
    page = tmp_path / "page.md"
    page.write_bytes(PAGES["page.md"])
    made = []
    for out in ("a", "b"):
        assert run_import(capsys, str(page), "--doc-id", "roe-1931-test", "--out", str(tmp_path / out))[0] == 0
        made.append((tmp_path / out / "roe-1931-test.xml").read_bytes())
    assert made[0] == made[1]
