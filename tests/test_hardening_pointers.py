"""Pointers into shared lists stay inside tei/shared/: whatever a pointer names outside (after '..', links and
%-escapes) is one located error, the same whether or not the file exists, and the file is never opened; inside,
only regular files of a bounded size are read (a pipe or a device never hangs the build)."""

from __future__ import annotations

import contextlib
import io
import os
import sys
import threading
from pathlib import Path

import pytest

from edition.cli import main
from edition.shared_lists import check_shared_pointers, load_shared_list, resolve_shared, shared_pointers
from edition.xmlsafe import NotARegularFile, parse_bytes, read_regular_file

SHARED = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" type="shared-lists">
  <teiHeader><fileDesc><titleStmt><title>Names</title></titleStmt>
    <publicationStmt><p>Test</p></publicationStmt><sourceDesc><p>Test</p></sourceDesc></fileDesc></teiHeader>
  <standOff><listPerson><person xml:id="x"><persName>Somebody Secret</persName></person></listPerson></standOff>
</TEI>
"""


def text(pointer: str) -> bytes:
    return (f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="t"><teiHeader><fileDesc><titleStmt><title>T</title>'
            f'</titleStmt><publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc>'
            f'</teiHeader><text><body><p><persName ref="{pointer}">Name</persName></p></body></text></TEI>'
            ).encode()


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "tei" / "shared").mkdir(parents=True)
    (tmp_path / "tei" / "shared" / "names.xml").write_text(SHARED, encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "names.xml").write_text(SHARED, encoding="utf-8")  # a valid list, outside
    return tmp_path


class Opened:
    """The files this process opens meanwhile (Python's audit hook: every open() and os.open())."""

    active: list[str] | None = None
    installed = False

    def __enter__(self) -> list[str]:
        if not Opened.installed:
            sys.addaudithook(lambda event, args: Opened.active.append(str(args[0]))
                             if Opened.active is not None and event in ("open", "os.open") else None)
            Opened.installed = True
        Opened.active = []
        return Opened.active

    def __exit__(self, *exc) -> None:
        Opened.active = None


def problems_for(project: Path, pointer: str) -> tuple[list, list[str]]:
    source = project / "tei" / "t.xml"
    source.write_bytes(text(pointer))
    tree = parse_bytes(source.read_bytes(), "tei/t.xml", base_url=source.resolve().as_uri())
    with Opened() as opened:
        problems = check_shared_pointers(tree, "tei/t.xml", source)
        resolve_shared(tree, source)
    return problems, opened


OUTSIDE = ["../elsewhere/names.xml#x", "../elsewhere/missing.xml#x", "shared/../../elsewhere/names.xml#x",
           "shared/%2e%2e/%2E%2E/elsewhere/names.xml#x", "shared/..%2F..%2Felsewhere%2Fnames.xml#x",
           "../../../../../../../../etc/passwd.xml#x", "shared/link.xml#x", "shared/dangling.xml#x",
           "shared/zero.xml#x", "shared.xml#x", "shared/../t.xml#t"]


@pytest.mark.parametrize("pointer", OUTSIDE)
def test_a_pointer_outside_tei_shared_is_one_message_and_nothing_is_opened(project, pointer):
    shared = project / "tei" / "shared"
    (shared / "link.xml").symlink_to(project / "elsewhere" / "names.xml")
    (shared / "dangling.xml").symlink_to(project / "elsewhere" / "missing.xml")
    (shared / "zero.xml").symlink_to("/dev/zero")
    problems, opened = problems_for(project, pointer)
    assert [p.rule for p in problems] == ["shared.file"]
    message = problems[0].message.replace(pointer, "<pointer>")
    assert message == ('<persName ref="<pointer>"> reaches outside tei/shared/ (after following \'..\', links and '
                       "%-escapes); the pipeline reads shared lists only from the folder shared/ beside the texts — "
                       'point to an entry of a shared list in tei/shared/, e.g. ref="shared/names.xml#id"')
    assert (problems[0].line, problems[0].column) == (1, 1)
    assert not [f for f in opened if "elsewhere" in f or "zero" in f or "passwd" in f or f.endswith("t.xml")]


@pytest.mark.parametrize(("pointer", "says"), [
    ("shared/names%00.xml#x", "control character"),
    ("shared/" + "n" * 5000 + ".xml#x", "too long"),
    ("shared/" + "/".join(["d"] * 600) + "/names.xml#x", "too long"),
])
def test_an_unusable_file_name_in_a_pointer_is_a_located_error(project, pointer, says):
    problems, opened = problems_for(project, pointer)
    assert [p.rule for p in problems] == ["shared.file"] and says in problems[0].message
    assert len(problems[0].message) < 400 and opened == []


def test_a_pointer_inside_tei_shared_still_resolves(project):
    problems, opened = problems_for(project, "shared/names.xml#x")
    assert problems == [] and any(f.endswith("names.xml") for f in opened)
    problems, _ = problems_for(project, "shared/./sub/../names.xml#x")
    assert problems == []


def _in_a_thread(work, seconds: float = 10):
    result: list = []

    def run() -> None:
        try:
            result.append((work(), None))
        except (OSError, AssertionError) as exc:  # handed to the test's thread
            result.append((None, exc))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "still waiting: the pipeline opened something that never ends"
    value, error = result[0]
    if error is not None:
        raise error
    return value


def test_a_pipe_in_tei_shared_is_refused_at_once(project):
    os.mkfifo(project / "tei" / "shared" / "pipe.xml")
    problems, _ = _in_a_thread(lambda: problems_for(project, "shared/pipe.xml#x"))
    assert [p.rule for p in problems] == ["shared.file"]
    assert "is not a regular file but a pipe" in problems[0].message


def test_only_regular_files_of_bounded_size_are_read(tmp_path):
    with pytest.raises(NotARegularFile, match="a device"):
        _in_a_thread(lambda: read_regular_file("/dev/zero", 1024))
    with pytest.raises(NotARegularFile, match="a folder"):
        read_regular_file(tmp_path)
    big = tmp_path / "big.xml"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(NotARegularFile, match="larger"):
        read_regular_file(big, 1024)
    assert read_regular_file(big, 4096) == b"x" * 2048
    assert "a folder" in load_shared_list(tmp_path).problem


@pytest.mark.parametrize("lenient", [False, True])
def test_the_build_answers_a_hostile_pointer_with_its_place(project, lenient):
    """Through the command line: exit 1 (strict) or a warning (lenient), never an internal error, and the
    secret name of the outside list is in no file written."""
    source = project / "tei" / "t.xml"
    source.write_bytes(text("../elsewhere/names.xml#x"))
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = main(["html", str(source), "--out", str(project / "site"), "--jobs", "1", "--no-progress",
                       *(["--lenient"] if lenient else [])])
    said = out.getvalue()
    assert "internal error" not in said and "Traceback" not in said
    assert "t.xml:1:1:" in said and "reaches outside tei/shared/" in said
    assert status == (0 if lenient else 1)
    written = [p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()] if lenient else []
    assert not [w for w in written if b"Somebody Secret" in w]


def test_shared_pointers_keep_the_pointer_as_written(project):
    source = project / "tei" / "t.xml"
    source.write_bytes(text("../elsewhere/names.xml#x"))
    tree = parse_bytes(source.read_bytes(), "tei/t.xml", base_url=source.resolve().as_uri())
    [pointer] = shared_pointers(tree, source)
    assert pointer.token == "../elsewhere/names.xml#x" and pointer.entry_id == "x"
