"""`build.py import` on bad input: a clear `file:line:col: error: what — how to fix [import]` line, exit 1,
and nothing written into the output folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from import_support import run_import

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): error: (?P<what>.+) — (?P<fix>.+) \[import\]$")

PROVENANCE = "<p class=\"information\"><span class=\"info\">Source:</span> A Journal, 1920.</p>"


def _cases(tmp: Path) -> dict[str, tuple[Path, str]]:
    pages = tmp / "pages"
    pages.mkdir()
    cases = {
        "not-html.htm": (b"Just a line of text, no markup at all.\n", "not HTML"),
        "empty.md": (b"   \n\n", "empty"),
        "empty.htm": (b"", "empty"),
        "binary.htm": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary"),
        "no-provenance.htm": (b"<html><body><h1>A Title</h1><p>Some text of the page.</p></body></html>",
                              "no provenance block"),
        "no-text.htm": (f"<html><body><h1>A Title</h1>{PROVENANCE}</body></html>".encode(), "no text"),
    }
    made = {}
    for name, (data, what) in cases.items():
        (pages / name).write_bytes(data)
        made[name] = (pages / name, what)
    huge = pages / "huge.htm"
    with huge.open("wb") as handle:  # a 50 MB page (sparse: no time spent writing it)
        handle.truncate(50 * 1024 * 1024)
    made["huge.htm"] = (huge, "MB")
    return made


@pytest.mark.parametrize("name", ["not-html.htm", "empty.md", "empty.htm", "binary.htm", "no-provenance.htm",
                                  "no-text.htm", "huge.htm"])
def test_bad_input_is_refused_with_a_located_message(tmp_path, capsys, name) -> None:
    page, what = _cases(tmp_path)[name]
    out = tmp_path / "tei"
    out.mkdir()
    (out / "other.xml").write_text("<keep/>", encoding="utf-8")
    code, stdout, err = run_import(capsys, str(page), "--out", str(out))
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    match = LINE.match(lines[0])
    assert match, lines[0]
    assert match["path"].endswith(name) and what in match["what"]
    assert "Traceback" not in err and stdout == ""
    assert sorted(p.name for p in out.iterdir()) == ["other.xml"]  # nothing written, nothing removed


def test_a_missing_file_and_a_folder_are_refused(tmp_path, capsys) -> None:
    for source, what in ((tmp_path / "absent.htm", "no such file"), (tmp_path, "folder")):
        code, _, err = run_import(capsys, str(source), "--out", str(tmp_path / "tei"))
        assert code == 1 and what in err
    assert not (tmp_path / "tei").exists()


def test_a_bad_doc_id_is_refused(tmp_path, capsys) -> None:
    page = tmp_path / "page.htm"
    page.write_text(f"<html><body><h1>Title</h1>{PROVENANCE}<p>Text.</p></body></html>", encoding="utf-8")
    code, _, err = run_import(capsys, str(page), "--doc-id", "Not An ID", "--out", str(tmp_path / "tei"))
    assert code == 1 and "not a document identifier" in err


def test_undeclared_latin1_and_declared_encodings_are_read(tmp_path, capsys) -> None:
    """A page in ISO-8859-1 without a declaration is read by the charset detector; a UTF-8 page mislabelled
    ISO-8859-1 is read as UTF-8."""
    body = "<h1>Über die Frage</h1>{p}<p>Die Käuzchen und die Bücher der Französischen Jahrbücher.</p>"
    latin = tmp_path / "latin.htm"
    latin.write_bytes(("<html><body>" + body.format(p=PROVENANCE) + "</body></html>").encode("latin-1"))
    mislabelled = tmp_path / "mislabelled.htm"
    mislabelled.write_bytes(('<html><head><meta http-equiv="Content-Type" content="text/html; '
                             'charset=iso-8859-1"></head><body>' + body.format(p=PROVENANCE) + "</body></html>")
                            .encode("utf-8"))
    out = tmp_path / "tei"
    code, _, err = run_import(capsys, str(latin), str(mislabelled), "--out", str(out))
    assert code == 0, err
    for name in ("latin", "mislabelled"):
        text = (out / f"{name}.xml").read_text(encoding="utf-8")
        assert "Käuzchen" in text and "Jahrbücher" in text and "Über" in text
