"""The output folder belongs to the pipeline: `--out` refuses a folder it did not make, and nothing outside the
output is deleted or written, whatever the build state says; a damaged state is discarded with a one-line notice
and everything is built again."""

from __future__ import annotations

import contextlib
import io
import shutil
import sqlite3
from pathlib import Path

import pytest
from bad_inputs import ESSAY

from edition.cli import main
from edition.errors import EditionError
from edition.manifest import state_file
from edition.output import MARKER, inside


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = main([*argv, "--jobs", "1", "--no-progress"])
    return status, out.getvalue()


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def source(tmp_path) -> Path:
    (tmp_path / "tei").mkdir()
    path = tmp_path / "tei" / ESSAY.name
    shutil.copyfile(ESSAY, path)
    return path


def test_out_refuses_an_ordinary_website_and_keeps_every_file(tmp_path, source):
    site = tmp_path / "website"
    for name, text in {"index.html": "<h1>My site</h1>", "about/index.html": "<p>About me</p>",
                       "about/notes.txt": "my notes", "static/img/logo.png": "PNG"}.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text)
    before = files_of(site)
    status, said = run("html", str(source), "--out", str(site))
    assert status == 1, said
    assert "website:0:0: error: " in said and "was not made by the pipeline" in said and f"no {MARKER} file" in said
    assert "Traceback" not in said and "internal error" not in said
    assert files_of(site) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".website.")]  # no staging, no state


def _built(tmp_path: Path, source: Path) -> Path:
    site = tmp_path / "site"
    status, said = run("html", str(source), "--out", str(site))
    assert status == 0, said
    return site


def _victim(tmp_path: Path) -> dict[str, bytes]:
    victim = tmp_path / "victim"
    (victim / "inner").mkdir(parents=True)
    (victim / "inner" / "precious.txt").write_text("keep me")
    return files_of(victim)


def _edit_state(site: Path, *statements: str) -> None:
    db = sqlite3.connect(state_file(site))
    gen = db.execute("SELECT gen FROM manifest_head").fetchone()[0]
    with db:
        for statement in statements:
            db.execute(statement.replace("$GEN", str(gen)))
    db.close()


# Rows of the build state a build never writes: each is refused as a whole, never acted on.
DAMAGE = {
    "doc-id-escapes": [("INSERT INTO manifest_texts SELECT gen, '../victim', '/gone/victim.xml', html, contribution, "
                       "parts, rid FROM manifest_texts WHERE gen = $GEN"),
                       "INSERT INTO texts SELECT '../victim', digest, title, lang, meta FROM texts"],
    "doc-id-absolute": [("INSERT INTO manifest_texts SELECT gen, '/tmp', '/gone/tmp.xml', html, contribution, parts, "
                        "rid FROM manifest_texts WHERE gen = $GEN")],
    "file-escapes": [("UPDATE manifest_records SET data = json_set(data, '$.html.files',"
                     " json_object('sedova-1941-davies/../../victim/inner/precious.txt', json_array('x', 1)))")],
    "wrong-types": ["UPDATE manifest_texts SET html = 'yes', parts = 'not json' WHERE gen = $GEN"],
    "record-not-json": ["UPDATE manifest_records SET data = 'not json at all'"],
    "head-not-json": ["UPDATE manifest_head SET site = '[1, 2'"],
    "generation-text": ["UPDATE manifest_head SET gen = 'one'"],
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_state_the_build_never_wrote_is_discarded_and_nothing_outside_is_touched(tmp_path, source, damage):
    site = _built(tmp_path, source)
    victim = _victim(tmp_path)
    _edit_state(site, *DAMAGE[damage])
    source.write_bytes(source.read_bytes().replace(b"Before his death", b"Before  his death"))  # a changed text
    status, said = run("html", str(source), "--out", str(site))
    assert status == 0, said
    notices = [line for line in said.splitlines() if "build state" in line]
    assert len(notices) == 1 and "is damaged" in notices[0] and "everything is built again" in notices[0], said
    assert files_of(tmp_path / "victim") == victim
    assert (site / "sedova-1941-davies" / "index.html").is_file() and (site / MARKER).is_file()
    status, said = run("html", str(source), "--out", str(site))  # the new state is sound: no notice again
    assert status == 0 and "build state" not in said


def test_a_state_that_is_not_a_database_is_discarded_with_one_notice(tmp_path, source):
    site = _built(tmp_path, source)
    state_file(site).write_bytes(b"this is not SQLite " * 100)
    status, said = run("html", str(source), "--out", str(site), "--force")
    assert status == 0, said
    assert len([line for line in said.splitlines() if "build state" in line and "discarded" in line]) == 1, said


def test_nothing_outside_the_output_is_deleted_whatever_a_path_says(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "doc").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (out / "link").symlink_to(tmp_path / "elsewhere")
    assert inside(out, "doc") == out / "doc"
    assert inside(out, "doc/doc.xml") == out / "doc" / "doc.xml"
    assert inside(out, "link") == out / "link"  # the link itself may go, never what it points to
    for escaping in ("../elsewhere", "doc/../../elsewhere", "/tmp", "link/file.txt", "..", "doc/.."):
        with pytest.raises(EditionError) as caught:
            inside(out, escaping)
        assert "outside the output folder" in caught.value.problems[0].message


# --- names that collide with the site's own ---------------------------------------------------------------

@pytest.mark.parametrize("name", ["index.html", "persons.html", "places.html", "Static", "index"])
def test_a_document_id_that_names_one_of_the_sites_own_files_is_a_located_error(tmp_path, name):
    (tmp_path / "tei").mkdir()
    path = tmp_path / "tei" / f"{name}.xml"
    path.write_bytes(ESSAY.read_bytes().replace(b' xml:id="sedova-1941-davies"', b"", 1))  # the file name: the ID
    site = tmp_path / "site"
    status, said = run("html", str(path), "--lenient", "--out", str(site))
    assert status == 1 and "internal error" not in said and "Traceback" not in said
    assert f"{name}.xml:4:1: error: the document ID {name!r} cannot name a folder of the site — rename the file" in said
    assert not site.exists()


def test_an_entry_with_the_id_of_the_pages_own_landmark_gives_unique_ids(tmp_path):
    """A person with xml:id="main" (issue 14, item 7): the persons page and the reading page hold each id once."""
    from lxml import html

    (tmp_path / "tei").mkdir()
    path = tmp_path / "tei" / ESSAY.name
    path.write_bytes(ESSAY.read_bytes().replace(b'xml:id="sedova"', b'xml:id="main"').replace(b'"#sedova"', b'"#main"'))
    site = tmp_path / "site"
    status, said = run("html", str(path), "--out", str(site))
    assert status == 0, said
    for page in ("persons.html", "sedova-1941-davies/index.html"):
        ids = html.parse(str(site / page)).xpath("//@id")
        assert len(ids) == len(set(ids)), (page, sorted(i for i in ids if ids.count(i) > 1))
    persons = (site / "persons.html").read_text(encoding="utf-8")
    assert 'id="main"' in persons and 'href="#ed:main"' in persons  # the entry keeps its anchor
