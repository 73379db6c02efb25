"""edition.corpus with edition.manifest: a changed stylesheet, template, schema or static file remakes exactly
what it feeds.

Runs `build.py html` in a copy of the project (so that its stylesheets and templates can be changed) over a
small generated corpus, and compares which files each build wrote (a new inode) with what the change feeds.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from corpus_support import corpus, rewritten, snapshot

from edition import PROJECT_ROOT
from edition.output import MARKER

ALWAYS = {MARKER}  # the manifest lives beside the site (edition.manifest.state_dir)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("project")
    for name in ("edition", "xslt", "templates", "static", "schema"):
        shutil.copytree(PROJECT_ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("build.py", "pyproject.toml"):
        shutil.copy2(PROJECT_ROOT / name, copy / name)
    (copy / "tei").mkdir()
    shutil.copy2(PROJECT_ROOT / "tei" / "published-ids.json", copy / "tei" / "published-ids.json")
    return copy


def build(project: Path, paths: list[Path], out: Path) -> str:
    done = subprocess.run([sys.executable, "build.py", "html", *map(str, paths), "--out", str(out), "--no-progress"],
                          cwd=project, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_each_input_remakes_what_it_feeds(project, tmp_path):
    paths = corpus(tmp_path, 2)
    out = tmp_path / "site"
    build(project, paths, out)
    texts = {p.stem for p in paths}

    def change(edit) -> set[str]:
        before = snapshot(out)
        edit()
        stdout = build(project, paths, out)
        written = rewritten(before, snapshot(out))
        return written - ALWAYS if written else {"(nothing) " + stdout.strip()}

    # the print stylesheet does not feed the reading edition
    nothing = change(lambda: append(project / "xslt" / "print.xsl", "\n<!-- print only -->\n"))
    assert len(nothing) == 1 and next(iter(nothing)).startswith("(nothing)")

    # a module the HTML stylesheet imports: every reading page, nothing else (the indexes' data is the same)
    written = change(lambda: append(project / "xslt" / "names.xsl", "\n<!-- changed -->\n"))
    assert {rel.split("/")[0] for rel in written} == texts
    assert {rel.split("/")[1] for rel in written if rel.startswith(paths[0].stem)} >= {"index.html", "ids.json"}

    # the catalogue's template: the catalogue only
    written = change(lambda: append(project / "templates" / "catalogue.html", "{# changed #}\n"))
    assert written == {"index.html"}

    # the reading page's template: every reading page and plain text, not the catalogue
    written = change(lambda: append(project / "templates" / "document.html", "{# changed #}\n"))
    assert {rel.split("/")[0] for rel in written} == texts

    # the schema: every text validated again, no page written
    before = snapshot(out)
    append(project / "schema" / "tei-edition.sch", "\n<!-- changed -->\n")
    stdout = build(project, paths, out)
    assert rewritten(before, snapshot(out)) <= ALWAYS
    assert "2 validated again (pages up to date)" in stdout

    # a static file: only itself
    written = change(lambda: append(project / "static" / "edition.css", "\n/* changed */\n"))
    # static files are copied together: the stylesheet, the script and the fonts (edition.fonts)
    assert written == {rel for rel in snapshot(out) if rel.startswith("static/")}
    assert {"static/edition.css", "static/edition.js", "static/fonts/EBGaramond.woff2"} <= written
