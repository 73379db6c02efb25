"""edition.site and the html command: sources are checked before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_support import ESSAY, FOREIGN

from edition.cli import main
from edition.errors import EditionError
from edition.site import load_document


def test_lenient_builds_foreign_tei_and_reports_warnings(tmp_path, capsys):
    letter = next(p for p in FOREIGN if p.stem == "letter")
    assert main(["html", "--lenient", str(letter), "--out", str(tmp_path / "site")]) == 0
    assert (tmp_path / "site" / "letter" / "index.html").is_file()
    err = capsys.readouterr().err
    assert "letter.xml:" in err and "warning" in err and "Traceback" not in err


def test_strict_build_refuses_an_invalid_source(tmp_path, capsys):
    out = tmp_path / "site"
    assert main(["html", str(ESSAY), "--out", str(out)]) == 0
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    foreign = next(p for p in FOREIGN if p.stem == "journal")
    assert main(["html", str(foreign), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "journal.xml:" in err and "Traceback" not in err
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before


@pytest.mark.parametrize("content, expected", [
    (b"<TEI", "not well-formed"),
    (b'<html xmlns="http://www.w3.org/1999/xhtml"/>', "not a TEI P5"),
    (b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text/></TEI>', "no <teiHeader>"),
])
def test_bad_files_are_refused_with_a_location_and_nothing_is_written(tmp_path, capsys, content, expected):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(content)
    out = tmp_path / "site"
    assert main(["html", "--lenient", str(bad), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "bad.xml:1:" in err and expected in err and "Traceback" not in err
    assert not out.exists()


def test_unsafe_document_ids_and_duplicates_are_refused(tmp_path, capsys):
    """One rule for two sources claiming one document ID, the build's: IDs equal without regard to case
    clash too (letter-a/ and Letter-A/ are one folder on macOS and Windows)."""
    text = ESSAY.read_text(encoding="utf-8")
    unsafe = tmp_path / "unsafe.xml"
    unsafe.write_text(text.replace('xml:id="sedova-1941-davies" xml:lang', 'xml:id="static" xml:lang', 1))
    with pytest.raises(EditionError, match="cannot name a folder"):
        load_document(unsafe, lenient=True, validate=None)
    copy = tmp_path / "copy.xml"
    copy.write_text(text.replace('xml:id="sedova-1941-davies" xml:lang', 'xml:id="Sedova-1941-Davies" xml:lang', 1))
    out = tmp_path / "site"
    assert main(["html", "--lenient", str(ESSAY), str(copy), "--out", str(out), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "[doc-id-unique]" in err and "is also claimed by" in err and "differ only in case" in err
    assert not out.exists()


def test_a_lenient_document_without_an_id_is_named_after_its_file():
    doc = load_document(next(p for p in FOREIGN if p.stem == "letter"), lenient=True, validate=None)
    assert doc.doc_id == "letter" and doc.meta.doc_id == "letter"


def test_no_sources_is_a_clear_error(tmp_path, monkeypatch):
    from edition import site
    monkeypatch.setattr(site, "TEI_DIR", Path(tmp_path))
    with pytest.raises(EditionError, match="no TEI files"):
        site.source_paths([])


def test_all_validates_then_builds_html_and_pdf_into_one_site(tmp_path, capsys):
    out = tmp_path / "site"
    assert main(["all", str(ESSAY), "--out", str(out)]) == 0
    page = (out / "sedova-1941-davies" / "index.html").read_text(encoding="utf-8")
    pdf = out / "sedova-1941-davies" / "sedova-1941-davies.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert 'href="sedova-1941-davies.pdf"' in page
    assert "validated and built" in capsys.readouterr().out
