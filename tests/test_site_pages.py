"""edition.site_pages: the catalogue and the name indexes from a store, in pages of bounded size."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from corpus_support import corpus
from lxml import html as lxml_html
from support import ROOT, require, require_tool
from test_contribution_store import stored
from test_contributions import contribution

from edition import site_pages
from edition.contribution_store import ContributionStore
from edition.site_pages import entry_key, page_name, write_site_pages

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_entry_file_names_are_plain_and_never_shared():
    assert entry_key("stalin") == "stalin" and entry_key("ny_1-2") == "ny_1-2"
    keys = {entry_key(eid) for eid in ("Stalin", "stalin", "sta.lin", "sta_lin", "Ωμέγα", "a b", "ω")}
    assert len(keys) == 7 and all(k.isascii() and "." not in k and "/" not in k for k in keys)
    assert page_name("persons.html", "stalin", 1) == "persons/stalin.html"
    assert page_name("places.html", "stalin", 3) == "places/stalin.3.html"


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(site_pages, "INLINE_TEXTS", 2)
    monkeypatch.setattr(site_pages, "PAGE_TEXTS", 2)


def texts(count: int):
    return [contribution(f"t{i}", {"x": ("person", "Xavier Y", "about X"), "m": ("place", "M<&>", "")},
                         {"x": [f"t{i}.p1", f"t{i}.p2", f"t{i}.p1"], "m": [f"t{i}.p3"] if i == 0 else []})
            for i in range(count)]


def test_a_name_in_few_texts_is_indexed_inline_and_one_in_many_gets_pages(tmp_path, small_pages):
    with ContributionStore() as store:
        stored(store, *texts(5))
        done, notes = write_site_pages(tmp_path, store)
    assert notes == []
    assert sorted(done.files) == ["index.html", "persons.html", "persons/x.2.html", "persons/x.3.html",
                                  "persons/x.html", "places.html"]
    assert {name: eid for name, (eid, _recipe) in done.pages.items()} == \
        {"persons/x.html": "x", "persons/x.2.html": "x", "persons/x.3.html": "x"}
    places = lxml_html.parse(str(tmp_path / "places.html"))
    assert places.xpath("//li[@id='m']//a/@href") == ["t0/index.html#t0.p3"]
    assert "M<&>" in places.xpath("string(//li[@id='m']/h2)")  # escaped, read back as text
    persons = lxml_html.parse(str(tmp_path / "persons.html"))
    assert persons.xpath("//li[@id='x']//a/@href") == ["persons/x.html"]
    assert "Named in 5 texts (15 passages)" in persons.xpath("string(//li[@id='x'])")
    last = lxml_html.parse(str(tmp_path / "persons" / "x.3.html"))
    assert [h for h in last.xpath("//div[@class='ed-index-texts']//a/@href")] == ["../t4/index.html#t4.p1",
                                                                              "../t4/index.html#t4.p2"]
    assert "(×2)" in last.xpath("string(//div[@class='ed-index-texts'])")
    assert last.xpath("//link[@rel='stylesheet']/@href") == ["../static/edition.css"]


def test_unchanged_pages_are_kept_and_pages_no_longer_needed_go(tmp_path, small_pages):
    with ContributionStore() as store:
        stored(store, *texts(5))
        first, _ = write_site_pages(tmp_path, store)
        stored(store, *texts(5))
        again, _ = write_site_pages(tmp_path, store, old_pages=first.pages, affected={"x"})
        assert "persons/x.html" not in again.files and again.pages == first.pages
        (tmp_path / "persons" / "x.2.html").unlink()  # a lost page of an entry no text changed is made again
        lost, _ = write_site_pages(tmp_path, store, old_pages=again.pages, affected=set(), only={"persons.html"})
        assert lost.files == ["persons/x.2.html", "persons.html"] and lost.pages == first.pages
        stored(store, *texts(2))  # two texts: inline again, no pages
        fewer, _ = write_site_pages(tmp_path, store, old_pages=again.pages, affected={"x"})
        assert fewer.pages == {} and sorted(fewer.removed) == sorted(first.pages)
        assert not (tmp_path / "persons").exists()
        stored(store, contribution("t0", {"m": ("place", "M", "")}, {"m": ["t0.p1"]}))
        write_site_pages(tmp_path, store)
    assert not (tmp_path / "persons.html").exists() and (tmp_path / "places.html").exists()


def test_the_pages_of_an_entry_are_valid_html(tmp_path, small_pages):
    java = require_tool("java", "the Nu Html Checker runs on Java")
    require(VNU.exists(), f"{VNU} is absent — run `npm ci` in the project to install vnu-jar")
    with ContributionStore() as store:
        stored(store, *texts(5))
        done, _ = write_site_pages(tmp_path, store)
    pages = [str(tmp_path / name) for name in done.files]
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", *pages],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr + result.stdout


def test_a_name_page_has_a_way_back_and_a_pager_with_every_page_and_its_neighbours(tmp_path, small_pages):
    with ContributionStore() as store:
        stored(store, *texts(5))
        write_site_pages(tmp_path, store)
    middle = lxml_html.parse(str(tmp_path / "persons" / "x.2.html"))
    assert middle.xpath("//p[@class='ed-index-up']/a/@href") == ["../persons.html#x"]
    for nav in middle.xpath("//nav[@class='ed-pager']"):
        assert nav.xpath(".//a[@rel='prev']/@href") == ["x.html"] and nav.xpath(".//a[@rel='next']/@href") == ["x.3.html"]
        assert nav.xpath(".//a[not(@rel)]/@href") == ["x.html", "x.3.html"]
        assert [" ".join(a.text_content().split()) for a in nav.xpath(".//a[not(@rel)]")] == ["Page 1", "Page 3"]
        assert nav.xpath("string(.//*[@aria-current='page'])") == "Page 2"
    first = lxml_html.parse(str(tmp_path / "persons" / "x.html"))
    assert first.xpath("//a[@rel='prev']") == [] and len(first.xpath("//a[@rel='next']")) == 2
    last = lxml_html.parse(str(tmp_path / "persons" / "x.3.html"))
    assert last.xpath("//a[@rel='next']") == [] and last.xpath("//a[@rel='prev']/@href") == ["x.2.html"] * 2


def test_the_builds_main_process_loads_neither_saxon_nor_weasyprint(tmp_path):
    """Saxon and WeasyPrint belong in the workers: a full build (validate, HTML, PDF) in two worker processes,
    watched from inside the main process — the modules it had loaded when it exited."""
    paths = corpus(tmp_path, 2, length=0.1)
    loaded = tmp_path / "loaded.json"
    probe = (
        "import atexit, json, os, runpy, sys\n"
        "main = os.getpid()\n"
        "def report():\n"
        "    if os.getpid() == main:\n"
        f"        open({str(loaded)!r}, 'w').write(json.dumps(sorted(sys.modules)))\n"
        "atexit.register(report)\n"
        f"sys.argv = ['build.py', 'all', *{[str(p) for p in paths]!r}, '--out', {str(tmp_path / 'site')!r},"
        " '--jobs', '2', '--no-progress']\n"
        "runpy.run_path('build.py', run_name='__main__')\n")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=600,
                            check=False)
    assert result.returncode == 0, result.stderr + result.stdout
    assert (tmp_path / "site" / "persons.html").is_file()
    assert [p for p in paths if not (tmp_path / "site" / p.stem / f"{p.stem}.pdf").is_file()] == []
    modules = json.loads(loaded.read_text(encoding="utf-8"))
    assert "edition.site_pages" in modules and "jinja2" in modules  # the probe saw the build's main process
    assert [m for m in modules if m.split(".")[0] in ("saxonche", "weasyprint")] == []
