"""Publishing configured once: `[tool.edition] base_url`, overridden for one build by `--base-url URL` on
`all`, `html` and `pdf`. With a base URL everything citable is absolute; without one, the build says once that
citations carry no address, and no output prints a relative path as if it were an address."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent
ESSAY = ROOT / "tei" / "sedova-1941-davies.xml"
DOC = "sedova-1941-davies"
BASE = "https://example.org/sedova/"
NOTICE = "citations, library records, ids.json and the PDF colophon will carry no address"


def run_build(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "build.py", *args], check=False, cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


@pytest.fixture(scope="module")
def with_base(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    out = tmp_path_factory.mktemp("published") / "site"
    done = run_build("html", str(ESSAY), "--out", str(out), "--base-url", "https://example.org/sedova", "--no-progress")
    assert done.returncode == 0, done.stderr
    return out, done


@pytest.fixture(scope="module")
def without_base(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    out = tmp_path_factory.mktemp("unpublished") / "site"
    done = run_build("html", str(ESSAY), "--out", str(out), "--no-progress")
    assert done.returncode == 0, done.stderr
    return out, done


def test_with_a_base_url_everything_citable_is_absolute(with_base):
    out, done = with_base
    assert NOTICE not in done.stderr
    folder = out / DOC
    url = f"{BASE}{DOC}/"
    page = lxml_html.parse(str(folder / "index.html"))
    assert page.xpath("//link[@rel='canonical']/@href") == [url]
    boxes = page.xpath("//span[@class='ed-cite-text']/text()")
    assert boxes and all(f", {url}#{DOC}.p" in box and box.endswith(".") for box in boxes)
    assert page.xpath("//meta[@name='citation_public_url']/@content") == [url]
    assert url in page.xpath("//meta[@name='DC.identifier']/@content")
    ld = json.loads(page.xpath("string(//script[@type='application/ld+json'])"))
    assert ld["url"] == ld["@id"] == url
    assert f"url          = {{{url}}}" in (folder / f"{DOC}.bib").read_text(encoding="utf-8")
    assert f"UR  - {url}\r\n" in (folder / f"{DOC}.ris").read_bytes().decode("utf-8")
    assert json.loads((folder / f"{DOC}.csl.json").read_text(encoding="utf-8"))[0]["URL"] == url
    mods = etree.parse(str(folder / f"{DOC}.mods.xml"))
    assert mods.xpath("//m:location/m:url/text()", namespaces={"m": "http://www.loc.gov/mods/v3"}) == [url]
    dc = etree.parse(str(folder / f"{DOC}.dc.xml"))
    assert url in dc.xpath("//dc:identifier/text()", namespaces={"dc": "http://purl.org/dc/elements/1.1/"})
    ids = json.loads((folder / "ids.json").read_text(encoding="utf-8"))
    assert ids["url"] == url and all(u["url"].startswith(url) for u in ids["units"]) and ids["urls"] == "absolute"
    assert (folder / f"{DOC}.txt").read_text(encoding="utf-8").count(url) == 1


def test_without_a_base_url_the_build_says_so_once_and_claims_no_address(without_base):
    out, done = without_base
    assert done.stderr.count(NOTICE) == 1
    folder = out / DOC
    relative = (f"{DOC}/#", f"{DOC}/index.html#{DOC}.p", "Stable address")
    for path in sorted(folder.iterdir()):
        if path.suffix in (".pdf", ".xml") and not path.name.endswith((".dc.xml", ".mods.xml")):
            continue  # the TEI source itself; the PDF is checked in tests/test_pdf.py
        text = path.read_text(encoding="utf-8")
        assert not [r for r in relative if r in text], path.name
        if path.name != "ids.json":
            assert "example.org" not in text and "://" + DOC not in text
    page = lxml_html.parse(str(folder / "index.html"))
    assert not page.xpath("//link[@rel='canonical']")
    assert all(box.endswith(".") and "#" not in box for box in page.xpath("//span[@class='ed-cite-text']/text()"))
    ids = json.loads((folder / "ids.json").read_text(encoding="utf-8"))
    assert ids["urls"].startswith("relative to this file")  # said to be links, not addresses


@pytest.mark.parametrize("command", ["all", "html", "pdf"])
def test_a_bad_base_url_is_a_usage_error(command, tmp_path):
    done = run_build(command, str(ESSAY), "--out", str(tmp_path / "site"), "--base-url", "ftp://example.org/x")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "--base-url: 'ftp://example.org/x' must be an absolute http:// or https:// URL" in done.stderr
    assert not (tmp_path / "site").exists()
