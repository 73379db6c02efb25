"""Odd documents render without loss: each document of tests/odd_documents.py (no divisions, notes in notes,
empty headings, right-to-left scripts, combining characters, an unbreakable word, empty paragraphs) is
built as a reader gets it — `build.py all` when the edition's schema takes it, `html` and `pdf` with
--lenient when not — and every word of both readings is on the reading page, in order, and in the PDF.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from hardening_support import assert_every_word_on_the_page, expected_words, read_pdf
from lxml import html as lxml_html
from odd_documents import ODD_DOCUMENTS, OddDocument

from edition.cli import main


def run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = main(argv)
    return status, out.getvalue()


@pytest.fixture(scope="module")
def validator():
    from edition.validate import Validator

    return Validator()


@pytest.mark.parametrize("odd", ODD_DOCUMENTS, ids=[d.id for d in ODD_DOCUMENTS])
def test_an_odd_document_keeps_every_word_in_html_and_pdf(odd: OddDocument, validator, tmp_path):
    source = odd.write(tmp_path)
    report = validator.validate_file(source)
    assert report.valid == odd.valid, [p.format() for p in report.errors]
    site = tmp_path / "site"
    options = ["--out", str(site), "--jobs", "1", "--no-progress"]
    if odd.valid:
        status, output = run(["all", str(source), *options])
        assert status == 0, output
    else:
        for command in ("html", "pdf"):
            status, output = run([command, str(source), *options, "--lenient"])
            assert status == 0, output
    assert "Traceback" not in output
    page = site / odd.doc_id / "index.html"
    assert_every_word_on_the_page(source, page)
    pdf = read_pdf(site / odd.doc_id / f"{odd.doc_id}.pdf")
    assert pdf.missing(expected_words(source)) == []


def test_right_to_left_passages_are_marked_for_the_browser(tmp_path):
    odd = next(d for d in ODD_DOCUMENTS if d.id == "right-to-left")
    source = odd.write(tmp_path)
    status, output = run(["html", str(source), "--out", str(tmp_path / "site"), "--jobs", "1", "--no-progress"])
    assert status == 0, output
    page = lxml_html.parse(str(tmp_path / "site" / odd.doc_id / "index.html"))
    for lang in ("he", "ar"):
        marked = page.xpath(f"//*[@lang='{lang}']")
        assert marked and all(el.get("dir") == "rtl" for el in marked), lang


# --- foreign documents as they come: repeated IDs, a text written right to left -------------------------

FOREIGN = Path(__file__).resolve().parent / "fixtures" / "foreign"


@pytest.mark.parametrize("name", ["repeated-ids", "rtl-letter"])
def test_a_foreign_document_builds_with_lenient_without_losing_a_word(name: str, tmp_path):
    source = FOREIGN / f"{name}.xml"
    site = tmp_path / "site"
    outputs = []
    for command in ("html", "pdf"):
        status, output = run([command, str(source), "--out", str(site), "--jobs", "1", "--no-progress", "--lenient"])
        assert status == 0 and "Traceback" not in output, output
        outputs.append(output)
    page = site / name / "index.html"
    assert_every_word_on_the_page(source, page)
    assert read_pdf(site / name / f"{name}.pdf").missing(expected_words(source)) == []
    tree = lxml_html.parse(str(page))
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids))  # every anchor is one place
    if name == "repeated-ids":
        # the first holder keeps its anchor; a warning names each repeated ID and its lines
        assert {"div_1", "head_1", "p_1", "p_2", "note_1"} <= set(ids)
        warned = [line for line in outputs[0].splitlines() if "the first keeps its anchor" in line]
        assert len(warned) == 5 and any('"p_2" is used 3 times (lines 23, 30 and 32)' in w for w in warned)
        assert "not well-formed" not in outputs[0]
    else:
        assert tree.getroot().get("dir") == "rtl" and tree.getroot().get("lang") == "ar"
        (english,) = tree.xpath("//*[@lang='en'][contains(@class, 'tei-foreign')]")
        assert english.get("dir") == "ltr" and english.text_content() == "proof"
