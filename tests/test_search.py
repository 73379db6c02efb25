"""The search index builder (edition/search.py): Pagefind run over the reading pages in groups of texts, each
group indexed again only when its pages changed, by builds that ask for the index (`all`, `serve`, `search`);
the search page in every site with reading pages, saying so when the index is not there; a clear message when
Pagefind is missing; the same bytes from build to build."""

from __future__ import annotations

import json
import os
import shutil
import signal
import time

import pytest

import edition.builders  # noqa: F401 — first: it loads edition.search, which subclasses its Builder
from edition import search
from edition.build import Build, BuildRequest
from edition.errors import EditionError
from tests.site_support import ESSAY, FOREIGN, doc_id_of

WITH_INDEX = frozenset({"html", "search"})


def build(out, paths=(ESSAY,), outputs=WITH_INDEX, **options):
    return Build(BuildRequest(paths=list(paths), out=out, jobs=options.pop("jobs", 1), outputs=outputs,
                              **options)).run()


def index_state(site):
    """{file: inode} of the search index and the search page."""
    files = [site / "search.html", *sorted((site / "pagefind").rglob("*"))]
    return {f.relative_to(site).as_posix(): f.stat().st_ino for f in files if f.is_file()}


def groups_list(site) -> dict:
    return json.loads((site / "pagefind" / "groups.json").read_text(encoding="utf-8"))


@pytest.fixture
def sources(tmp_path):
    """The essay and the foreign fixtures, copied so that a test may change one."""
    folder = tmp_path / "tei"
    folder.mkdir()
    return [shutil.copyfile(path, folder / path.name) for path in (ESSAY, *FOREIGN)]


@pytest.fixture
def small_groups(monkeypatch):
    """Groups of two texts on average, so that the seven texts of `sources` make four groups."""
    monkeypatch.setattr(search, "GROUP_TEXTS", 2)


def test_the_index_holds_the_reading_pages_in_their_language_and_an_unchanged_corpus_keeps_it(tmp_path):
    site = tmp_path / "site"
    report = build(site)
    assert "search" in report.timings
    assert groups_list(site) == {"texts": 1, "missing": 0, "groups": [{"name": "all", "languages": {"en": 1}}]}
    entry = json.loads((site / "pagefind" / "all" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 1  # the reading page only: no catalogue, no index page
    before = index_state(site)
    assert "search.html" in before and "pagefind/all/pagefind.js" in before
    assert not [name for name in before if name.endswith("-ui.js")]  # Pagefind's own interfaces are not used
    again = build(site)
    assert again.nothing_to_do and index_state(site) == before
    moved = build(site, base_url="https://example.org/ed/")
    assert "search" in moved.timings  # the reading pages changed (their addresses): indexed again
    after = index_state(site)
    assert after.keys() == before.keys() and after["search.html"] != before["search.html"]
    assert after["pagefind/all/pagefind.js"] != before["pagefind/all/pagefind.js"]


def test_a_text_keeps_its_group_as_the_corpus_grows_and_doubling_the_groups_splits_each_in_two():
    assert [search.group_bits(n) for n in (0, 1, 64, 65, 128, 129, 1000, 4096, 4097)] == [0, 0, 0, 1, 1, 2, 4, 6, 7]
    ids = [f"text-{n}" for n in range(200)]
    assert {search.group_of(doc_id, 0) for doc_id in ids} == {"all"}
    for bits in range(1, 6):
        for doc_id in ids:
            assert search.group_of(doc_id, bits + 1)[:-1] == search.group_of(doc_id, bits)
    sizes = {}
    for doc_id in ids:
        sizes[search.group_of(doc_id, 2)] = sizes.get(search.group_of(doc_id, 2), 0) + 1
    assert sorted(sizes) == ["00", "01", "10", "11"] and min(sizes.values()) > 30  # a hash spreads them


def test_one_changed_text_indexes_its_group_again_and_no_other(tmp_path, sources, small_groups):
    site = tmp_path / "site"
    build(site, sources, lenient=True)
    listed = groups_list(site)
    names = [group["name"] for group in listed["groups"]]
    assert listed["texts"] == 7 and listed["missing"] == 0 and len(names) >= 3 and all(len(n) == 2 for n in names)
    assert sum(sum(group["languages"].values()) for group in listed["groups"]) == 7
    assert {"en", "de", "ar"} <= {lang for group in listed["groups"] for lang in group["languages"]}
    before = index_state(site)
    changed = sources[2]  # the letter
    assert changed.name == "letter.xml"
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("have not reached me", "have not yet reached me"), encoding="utf-8")
    group = search.group_of(doc_id_of(changed), 2)
    report = build(site, sources, lenient=True)
    assert report.built == 1 and "search" in report.timings
    after = index_state(site)
    remade = {name.split("/")[1] for name in after if name.startswith("pagefind/") and before.get(name) != after[name]
              and name != "pagefind/groups.json"}
    assert remade == {group}
    assert after["search.html"] == before["search.html"]


def test_a_build_without_the_index_takes_out_the_groups_whose_texts_changed_and_says_so(tmp_path, sources,
                                                                                        small_groups):
    site = tmp_path / "site"
    build(site, sources, lenient=True)
    changed = sources[0]
    changed.write_text(changed.read_text(encoding="utf-8").replace("Before his death", "Before  his death"),
                       encoding="utf-8")
    group = search.group_of(doc_id_of(changed), 2)
    report = build(site, sources, outputs=frozenset({"html"}), lenient=True)
    assert "search" not in report.timings and not (site / "pagefind" / group).exists()
    listed = groups_list(site)
    assert listed["missing"] >= 1 and group not in [g["name"] for g in listed["groups"]]
    assert 'data-index="absent"' not in (site / "search.html").read_text(encoding="utf-8")
    assert build(site, sources, outputs=frozenset({"html"}), lenient=True).nothing_to_do
    again = build(site, sources, lenient=True)  # `build.py search`: that group alone is indexed again
    assert again.built == 0 and "search" in again.timings and (site / "pagefind" / group / "pagefind.js").is_file()
    assert groups_list(site)["missing"] == 0


def test_a_site_built_without_the_index_has_a_search_page_that_says_how_to_make_it(tmp_path):
    site = tmp_path / "site"
    report = build(site, outputs=frozenset({"html"}))
    assert "search" not in report.timings and not (site / "pagefind").exists()
    page = (site / "search.html").read_text(encoding="utf-8")
    assert 'data-index="absent"' in page and "not part of this copy of the site" in page
    assert "python build.py all" in page and "python build.py search" in page
    assert 'href="index.html"' in page and 'href="persons.html"' in page
    build(site)  # then `build.py search`: the index, and the page that searches it
    page = (site / "search.html").read_text(encoding="utf-8")
    assert 'data-index="absent"' not in page and (site / "pagefind" / "groups.json").is_file()


def test_a_missing_pagefind_stops_the_build_with_a_message_and_keeps_the_site(tmp_path, monkeypatch):
    site = tmp_path / "site"
    build(site)
    kept = (site / "search.html").read_bytes()
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    with pytest.raises(EditionError) as caught:
        build(site, force=True)
    assert "Pagefind could not be run" in caught.value.message and "pip install" in caught.value.message
    assert (site / "search.html").read_bytes() == kept and os.path.isdir(site / "pagefind" / "all")


def test_a_pagefind_configuration_around_the_build_changes_nothing(tmp_path, monkeypatch):
    """Pagefind reads pagefind.yml from its working folder and PAGEFIND_* variables; an editor's own (here: every
    page forced into German and French) must not reach the edition's index."""
    site, plain = tmp_path / "site", tmp_path / "plain"
    build(plain)
    elsewhere = tmp_path / "project"
    elsewhere.mkdir()
    (elsewhere / "pagefind.yml").write_text('force_language: "de"\n', encoding="utf-8")
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("PAGEFIND_FORCE_LANGUAGE", "fr")
    build(site)
    assert groups_list(site)["groups"] == [{"name": "all", "languages": {"en": 1}}]
    index = {f.relative_to(site).as_posix(): f.read_bytes() for f in sorted((site / "pagefind").rglob("*"))
             if f.is_file()}
    assert index == {f.relative_to(plain).as_posix(): f.read_bytes() for f in sorted((plain / "pagefind").rglob("*"))
                     if f.is_file()}


def test_a_stopped_index_ends_its_pagefind_runs_at_once_and_starts_no_other(tmp_path):
    """Ctrl-C (here a KeyboardInterrupt from a timer, as the build's handler raises it) while 40 groups wait:
    the runs going are ended, no other starts, nothing is written afterwards — so the build can remove its
    stage at once (a worker pool left to finish its queue took 0.8 s and more)."""
    site = tmp_path / "site"
    build(site, outputs=frozenset({"html"}))
    page = site / doc_id_of(ESSAY) / "index.html"
    todo = {}
    for n in range(40):
        (site / f"copy-{n}").mkdir()
        shutil.copyfile(page, site / f"copy-{n}" / "index.html")
        todo[f"group-{n}"] = [f"copy-{n}"]

    def stop(*_):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, 0.02)
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            search.run_pagefind(site, todo)
        took = time.monotonic() - started
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    made = sorted((site / "pagefind").rglob("*"))
    time.sleep(0.5)  # a run left going would write its bundle by now
    assert took < 0.3 and sorted((site / "pagefind").rglob("*")) == made
    assert len({p.relative_to(site / "pagefind").parts[0] for p in made}) <= search.PARALLEL


def test_a_pagefind_that_writes_nothing_is_said_so_and_the_site_is_kept(tmp_path, monkeypatch):
    site = tmp_path / "site"
    build(site)
    kept = (site / "search.html").read_bytes()
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", shutil.which("true") or "/bin/true")  # runs, writes nothing
    with pytest.raises(EditionError) as caught:
        build(site, force=True)
    assert "wrote no index" in caught.value.message and "could not be run" not in caught.value.message
    assert (site / "search.html").read_bytes() == kept and os.path.isdir(site / "pagefind" / "all")


def test_two_builds_of_several_texts_make_the_same_index_byte_for_byte(tmp_path, small_groups):
    """Pagefind orders filter values and filters by a hash map seeded anew each run; the build puts them in
    order (edition.search_order), so the whole index, names included, is the same bytes every time, in
    groups, with one worker or two."""
    indexes = []
    for name, jobs in (("one", 1), ("two", 2), ("three", 1)):
        site = tmp_path / name
        build(site, [ESSAY, *FOREIGN], lenient=True, jobs=jobs)
        indexes.append({f.relative_to(site).as_posix(): f.read_bytes()
                        for f in sorted((site / "pagefind").rglob("*")) if f.is_file()})
    assert indexes[0] == indexes[1] == indexes[2]
    assert any("/filter/" in name for name in indexes[0])  # filters by text and by author
    assert len({name.split("/")[1] for name in indexes[0] if name.count("/") > 1}) >= 3


def test_the_cbor_of_the_index_reads_back_as_written():
    from edition.search_order import decode, encode

    for value in (0, 23, 24, 255, 256, 65535, 65536, 2**32, -1, -25, "", "Coyoacán", b"\x00\xff",
                  [], [1, ["a", [2, 3]]], {"k": [1]}, ["x" * 300, list(range(30))]):
        data = encode(value)
        assert decode(data) == (value, len(data))
