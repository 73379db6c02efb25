"""The site's search in headless Chromium: the real Pagefind index the build made, served by edition.server —
type a query, see the hit, follow it to the paragraph; the same on a 100-text generated corpus (two groups of
texts, merged by the page); the fallback from file:// and without JavaScript; the page of a site built without
its index; axe and the Nu Html Checker on the search page."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT, require

from edition.build import Build, BuildRequest
from edition.server import SiteServer

sys.path.insert(0, str(ROOT / "benchmarks"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
DOC = "sedova-1941-davies"


@pytest.fixture(scope="module")
def served(site):
    server = SiteServer(site, port=0).start()
    yield server.url
    server.stop()


@pytest.fixture(scope="module")
def corpus_served(tmp_path_factory):
    from generate_corpus import generate

    folder = tmp_path_factory.mktemp("search-corpus")
    generate(folder, 100)
    out = folder / "html"
    Build(BuildRequest(paths=sorted((folder / "tei").glob("*.xml")), out=out, jobs=2,
                       outputs=frozenset({"html", "search"}))).run()  # two groups of texts (edition.search)
    server = SiteServer(out, port=0).start()
    yield server.url, out
    server.stop()


def search(page, url: str, query: str) -> str:
    """Open the search page, type the query; the status line once the results are listed."""
    page.goto(url + "search.html")
    page.locator("#ed-search-page[data-ready]").wait_for()
    page.locator("#ed-search-q").fill(query)
    page.locator("#ed-search-status", has_text=re.compile(r"(has|have) “|^No text")).wait_for()
    return page.locator("#ed-search-status").inner_text()


def test_a_query_without_its_accent_finds_the_passage_and_leads_to_the_paragraph(page, served):
    status = search(page, served, "Coyoacan")
    assert status == "1 text has “Coyoacan”."
    hit = page.locator(".ed-search-hit")
    assert hit.locator("h2").inner_text() == "Mr. Davies and the Moscow Trials"
    assert hit.locator(".ed-search-author").inner_text() == "Natalia Sedova Trotsky"
    marks = hit.locator("mark").all_inner_texts()
    assert any(m.startswith("Coyoacán") for m in marks) and any(m.startswith("Coyoacan") for m in marks)
    passage = hit.locator(f"a[href$='#{DOC}.closer']")  # the dateline, in the closer
    assert "December 21, 1941" in passage.inner_text()
    passage.click()
    page.wait_for_url(f"**/{DOC}/#{DOC}.closer")
    target = page.locator(f"[id='{DOC}.closer']")
    assert target.evaluate("e => e.matches(':target')") and "Coyoacan, December 21, 1941" in target.inner_text()
    assert page.console_errors == []


def test_every_text_is_searched_in_its_own_language(page, served, site):
    languages = json.loads((site / "pagefind" / "all" / "pagefind-entry.json").read_text())["languages"]
    assert {"en", "de", "ar"} <= set(languages)
    assert search(page, served, "Ubersetzung") == "1 text has “Ubersetzung”."  # German, from an English page
    link = page.locator(".ed-search-passages a").first
    assert link.get_attribute("href") == "/multilingual-fixture/#m-p2"
    assert page.locator(".ed-search-passages mark").first.inner_text() == "Übersetzung"
    assert page.console_errors == []


def test_the_field_in_every_page_header_leads_to_the_results(page, served):
    page.goto(f"{served}{DOC}/")
    assert page.locator(".ed-search-box .ed-search-off").is_hidden()
    page.locator("#ed-site-search").fill("peppery dishes")
    page.locator("#ed-site-search").press("Enter")
    page.wait_for_url("**/search.html?q=peppery+dishes")
    page.locator(".ed-search-hit").first.wait_for()
    assert page.locator(f".ed-search-passages a[href$='#{DOC}.p1']").count() == 1
    assert page.console_errors == []


@pytest.mark.parametrize("rel", ["search.html", f"{DOC}/index.html", "index.html"])
def test_from_a_file_the_field_says_search_needs_the_site_served(page, site, rel):
    page.goto((site / rel).as_uri())
    note = page.locator(".ed-search-page .ed-search-off" if rel == "search.html" else ".ed-search-box .ed-search-off")
    assert note.is_visible() and "served" in note.inner_text()
    hrefs = [Path(h).name for h in note.locator("a").evaluate_all("as => as.map(a => a.href)")]
    assert "index.html" in hrefs and "persons.html" in hrefs and "places.html" in hrefs
    assert page.locator("form[role=search]").first.is_hidden()
    assert page.console_errors == []


def test_without_javascript_the_field_says_so_too(browser, served):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served + "search.html")
    assert page.locator(".ed-search-page .ed-search-off").is_visible()
    assert page.locator("#ed-search-main").is_hidden()
    context.close()


def test_on_a_corpus_of_100_texts_hits_filter_by_text_and_lead_to_the_paragraph(page, corpus_served):
    url, out = corpus_served
    assert [group["name"] for group in json.loads((out / "pagefind" / "groups.json").read_text())["groups"]] \
        == ["0", "1"]
    status = search(page, url, "Coyoacan")
    assert status.startswith("100 texts have") and "the first 25 are listed" in status
    assert page.locator(".ed-search-hit").count() == 25
    options = page.locator("#ed-search-filter-text option").count()
    assert options == 101  # any, and each text
    title = page.locator("#ed-search-filter-text option").nth(7).inner_text()
    page.locator("#ed-search-filter-text").select_option(label=title)
    page.locator("#ed-search-status", has_text="1 text has").wait_for()
    hit = page.locator(".ed-search-hit")
    assert hit.locator("h2").inner_text() == title
    link = hit.locator(".ed-search-passages a").first
    href = link.get_attribute("href")
    doc_id, anchor = href.strip("/").split("/#")
    assert (out / doc_id / "index.html").is_file()
    link.click()
    page.wait_for_url(f"**{href}")
    assert page.locator(f"[id='{anchor}']").evaluate("e => e.matches(':target')")
    assert page.console_errors == []


def test_the_search_page_has_no_axe_violations(browser, served):
    require(AXE.exists(), f"{AXE} is absent — run `npm ci` in the project to install axe-core")
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme, bypass_csp=True)  # axe is injected inline
        page = context.new_page()
        page.goto(served + "search.html?q=Stalin")
        page.locator(".ed-search-hit").first.wait_for()
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("async () => (await axe.run(document)).violations.map(v => ({id: v.id, "
                                   "nodes: v.nodes.map(n => n.target)}))")
        context.close()
        assert violations == [], scheme


def test_the_search_page_has_no_html_errors(site):
    require(VNU.exists(), f"{VNU} is absent — run `npm ci` in the project to install vnu-jar")
    done = subprocess.run(["java", "-jar", str(VNU), "--errors-only", str(site / "search.html")], check=False,
                          capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr.strip() == "", done.stderr


@pytest.mark.parametrize("spelling", ["Mercader", "Medellin Ostos"])
def test_a_name_is_found_under_every_spelling_its_list_entry_gives(page, served, spelling):
    """The essay names "Jacson" and "Ostis"; the list of persons gives their other names."""
    assert search(page, served, spelling) == f"1 text has “{spelling}”."
    assert page.locator(f".ed-search-passages a[href$='#{DOC}.p3']").count() == 1
    assert page.console_errors == []


def test_a_site_built_without_its_index_says_how_to_make_it_and_links_the_contents(page, tmp_path_factory):
    from site_support import ESSAY

    out = tmp_path_factory.mktemp("no-index") / "site"
    Build(BuildRequest(paths=[ESSAY], out=out, jobs=1)).run()  # `build.py html`: no search index
    assert not (out / "pagefind").exists()
    server = SiteServer(out, port=0).start()
    try:
        page.goto(server.url + "search.html")
        note = page.locator(".ed-search-absent")
        assert note.is_visible() and "not part of this copy of the site" in note.inner_text()
        assert "python build.py search" in note.inner_text()
        hrefs = [Path(h).name for h in note.locator("a").evaluate_all("as => as.map(a => a.href)")]
        assert "index.html" in hrefs and "persons.html" in hrefs
        assert page.locator("form[role=search]").first.is_hidden()
        page.goto(f"{server.url}{DOC}/")  # a reading page's field still leads there
        page.locator("#ed-site-search").fill("Coyoacan")
        page.locator("#ed-site-search").press("Enter")
        page.wait_for_url("**/search.html?q=Coyoacan")
        assert page.locator(".ed-search-absent").is_visible()
    finally:
        server.stop()
    assert page.console_errors == []
