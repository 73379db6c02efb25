"""The EPUB's XHTML documents as a reader's engine shows them: each content document of real books (the essay,
foreign documents written left to right and right to left) opened in headless Chromium, checked by axe-core
(from npm, as the reading pages are) and followed from a note reference to its footnote and back."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from support import ROOT, require

from edition.build import Build, BuildRequest

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SOURCES = [ROOT / "tei" / "sedova-1941-davies.xml", ROOT / "tests" / "fixtures" / "foreign" / "multilingual.xml",
           ROOT / "tests" / "fixtures" / "foreign" / "rtl-letter.xml"]


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    """Each book built by the build, unpacked: doc ID → its OEBPS/text folder."""
    root = tmp_path_factory.mktemp("epub-reader")
    site = root / "site"
    Build(BuildRequest(paths=SOURCES, out=site, outputs=frozenset({"epub"}), lenient=True, jobs=1)).run()
    found = {}
    for book in sorted(site.glob("*/*.epub")):
        folder = root / book.stem
        with zipfile.ZipFile(book) as archive:
            archive.extractall(folder)
        found[book.stem] = folder / "OEBPS" / "text"
    assert len(found) == len(SOURCES)
    return found


@pytest.mark.parametrize("name", ["text.xhtml", "about.xhtml", "index.xhtml", "nav.xhtml"])
def test_no_axe_violations_in_any_document_of_the_books(browser, books, name):
    require(AXE.exists(), f"{AXE} is absent — run `npm ci` in the project to install axe-core")
    checked = 0
    for doc_id, folder in books.items():
        if not (folder / name).exists():
            continue  # a book without names has no index
        context = browser.new_context(bypass_csp=True, viewport={"width": 600, "height": 900})
        page = context.new_page()
        page.goto((folder / name).as_uri())
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("async () => (await axe.run(document)).violations.map(v => ({id: v.id, "
                                   "impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target)}))")
        context.close()
        assert violations == [], f"{doc_id}/{name}: {json.dumps(violations)}"
        checked += 1
    assert checked >= 1


def test_a_reader_goes_from_a_note_reference_to_its_footnote_and_back(browser, books):
    context = browser.new_context(viewport={"width": 600, "height": 900})
    page = context.new_page()
    page.goto((books["sedova-1941-davies"] / "text.xhtml").as_uri())
    page.evaluate("() => document.fonts.ready")
    loaded = page.evaluate("() => [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert any("EB Garamond" in family for family in loaded)  # the book's embedded font, not the machine's
    ref = page.locator("a[role='doc-noteref']").first
    ref.click()
    note_id = ref.get_attribute("href")[1:]
    assert page.evaluate("() => location.hash.slice(1)") == note_id
    top = page.evaluate(f"() => document.getElementById({note_id!r}).getBoundingClientRect().top")
    assert 0 <= top < 900  # the footnote is on screen
    page.locator(f"[id='{note_id}'] a[role='doc-backlink']").click()
    assert page.evaluate("() => location.hash.slice(1)") == ref.get_attribute("id")
    context.close()
