"""The search index builder (edition/search.py): Pagefind run over the reading pages by the build itself,
only when the reading pages changed; a clear message when Pagefind is missing."""

from __future__ import annotations

import json
import os

import pytest

from edition.build import Build, BuildRequest
from edition.errors import EditionError
from tests.site_support import ESSAY


def build(out, **options):
    return Build(BuildRequest(paths=[ESSAY], out=out, jobs=1, **options)).run()


def index_state(site):
    """{file: inode} of the search index and the search page."""
    files = [site / "search.html", *sorted((site / "pagefind").rglob("*"))]
    return {f.relative_to(site).as_posix(): f.stat().st_ino for f in files if f.is_file()}


def test_the_index_holds_the_reading_pages_in_their_language_and_an_unchanged_corpus_keeps_it(tmp_path):
    site = tmp_path / "site"
    report = build(site)
    assert "search" in report.timings
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 1  # the reading page only: no catalogue, no index page
    before = index_state(site)
    assert "search.html" in before and "pagefind/pagefind.js" in before
    again = build(site)
    assert again.nothing_to_do and index_state(site) == before
    moved = Build(BuildRequest(paths=[ESSAY], out=site, jobs=1, outputs=frozenset({"html"}),
                                  base_url="https://example.org/ed/")).run()
    assert "search" in moved.timings  # the reading pages changed (their addresses): indexed again
    after = index_state(site)
    assert after.keys() >= {"search.html", "pagefind/pagefind.js"} and after["search.html"] != before["search.html"]


def test_a_missing_pagefind_stops_the_build_with_a_message_and_keeps_the_site(tmp_path, monkeypatch):
    site = tmp_path / "site"
    build(site)
    kept = (site / "search.html").read_bytes()
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    with pytest.raises(EditionError) as caught:
        build(site, force=True)
    assert "Pagefind could not be run" in caught.value.message and "pip install" in caught.value.message
    assert (site / "search.html").read_bytes() == kept and os.path.isdir(site / "pagefind")


def test_two_builds_of_several_texts_make_the_same_index_byte_for_byte(tmp_path):
    """Pagefind orders filter values and filters by a hash map seeded anew each run; the build puts them in
    order (edition.search_order), so the whole index, names included, is the same bytes every time."""
    from tests.site_support import FOREIGN

    indexes = []
    for name in ("one", "two", "three"):
        site = tmp_path / name
        Build(BuildRequest(paths=[ESSAY, *FOREIGN], out=site, jobs=1, lenient=True)).run()
        indexes.append({f.relative_to(site).as_posix(): f.read_bytes()
                        for f in sorted((site / "pagefind").rglob("*")) if f.is_file()})
    assert indexes[0] == indexes[1] == indexes[2]
    assert any(name.startswith("pagefind/filter/") for name in indexes[0])  # filters by text and by author


def test_the_cbor_of_the_index_reads_back_as_written():
    from edition.search_order import decode, encode

    for value in (0, 23, 24, 255, 256, 65535, 65536, 2**32, -1, -25, "", "Coyoacán", b"\x00\xff",
                  [], [1, ["a", [2, 3]]], {"k": [1]}, ["x" * 300, list(range(30))]):
        data = encode(value)
        assert decode(data) == (value, len(data))
