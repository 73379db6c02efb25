"""`python build.py import`: every sample archive page in ../shared/mia-samples imports, validates, builds,
keeps its words, and the header states each fact the page states (expected facts written from reading
each page)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from import_support import (
    NO_PROVENANCE,
    SAMPLES,
    header_facts,
    is_subsequence,
    page_words,
    reading_without_notes,
    run_import,
    sample_pages,
    tei_word_bag,
)

from edition.cli import main
from edition.xmlsafe import parse_file

# What each page states, read by hand from the page. "contains" facts are checked as substrings.
EXPECTED: dict[str, dict[str, object]] = {
    "bukharin-1922-economic-organisation.md": {
        "author": "Nikolai Bukharin", "title": "Economic Organization in Soviet Russia",
        "written": "notAfter:1922-03-08", "print_title": "The Living Age", "print_date": "1922-07",
        "roles": {("trc", "Brian Reid")},
        "contains": {"rights": "Creative Commons (Attribute & ShareAlike) marxists.org 2006",
                     "published": "Die Rote Fahne, March 8, 1922"}},
    "engels-1890-bloch.htm": {
        "author": "Engels", "title": "Engels to J. Bloch In Königsberg", "written": "1890-09-21",
        "place": "London", "print_title": "Historical Materialism (Marx, Engels, Lenin)", "pages": "294-296",
        "print_date": "1972", "roles": {("trc", "Brian Baggins"), ("mrk", "Brian Baggins")},
        "online": "marxists.org 1999",
        "contains": {"published": "Der sozialistische Akademiker, Berlin, October 1, 1895",
                     "notes": "Translated: from German"}},
    "lenin-1914-vorwarts.htm": {
        "author": "V. I. Lenin", "title": "Letter to Vorwärts and Wiener Arbeiter-Zeitung",
        "written": "notAfter:1930", "print_title": "Lenin Collected Works", "volume": "21", "pages": "42-42",
        "roles": {("trc", "D. Walters"), ("trc", "R. Cymbala"), ("mrk", "D. Walters"), ("mrk", "R. Cymbala")},
        "status": "free",
        "contains": {"rights": "Public Domain: Lenin Internet Archive (2005). You may freely copy",
                     "published": "First published in 1930, in Lenin Miscellany XIV"}},
    "mariategui-1923-world-crisis.md": {
        "author": "J. C. MARIATEGUI", "title": "History of the World Crisis", "written": "1923-06-15",
        "print_title": "Historia de la crisis mundial", "volume": "8", "roles": {("trl", "Juan R. Fajardo")},
        "contains": {"notes": "Editorial Note: This text is available in print as part of"}},
    "marx-1845-theses-feuerbach.md": {
        "author": "Marx", "title": "Theses On Feuerbach", "written": "1845",
        "print_title": "Marx/Engels Selected Works", "volume": "1", "pages": "13-15", "print_date": "1969",
        "roles": {("trl", "W. Lough"), ("trc", "Zodiac"), ("trc", "Brian Baggins"), ("mrk", "Zodiac"),
                  ("mrk", "Brian Baggins"), ("pfr", "Andy Blunden")},
        "when": {"pfr": "2005-02"},
        "contains": {"rights": "Copyleft: Marx/Engels Internet Archive (marxists.org) 1995, 1999, 2002. "
                               "Permission is granted to copy",
                     "published": "As an appendix to Ludwig Feuerbach"}},
    "marx-1859-preface.htm": {
        "author": "Karl Marx", "title": "Preface", "written": "1859-01", "place": "London",
        "print_title": "A Contribution to the Critique of Political Economy", "print_date": "1977",
        "contains": {"rights": "states no licence"}},
    "marx-1871-kugelmann.htm": {
        "author": "Karl Marx", "title": "Marx to Dr Kugelmann Concerning the Paris Commune",
        "written": "1871-04-12", "place": "London", "roles": {("trc", "Zodiac"), ("mrk", "S. Ryan")}},
    "marx-1875-bracke.md": {
        "author": "Marx", "title": "Marx to W. Bracke In Brunswick", "written": "1875-05-05", "place": "London",
        "print_title": "Marx/Engels Selected Works", "volume": "3", "pages": "11-12", "print_date": "1970",
        "roles": {("trc", "Brian Baggins"), ("mrk", "Brian Baggins")}, "online": "marxists.org 1999",
        "contains": {"published": "Die Neue Zeit, Bd. 1, No. 18, 1890-91"}},
    "mattick-1938-masses-vanguard.md": {
        "author": "Paul Mattick", "title": "The Masses & The Vanguard", "written": "notAfter:1938-08",
        "print_title": "Living Marxism", "volume": "4", "issue": "4", "print_date": "1938-08",
        "roles": {("trc", "Andy Blunden"), ("pfr", "Geoff Traugh")}, "when": {"trc": "2003", "pfr": "2005-07"}},
    "roy-1920-awakening-east.md": {
        "author": "MN Roy", "title": "The Awakening of the East", "written": "notAfter:1920-07-15",
        "print_title": "The Call", "pages": "5-5", "print_date": "1920-07-15",
        "roles": {("trc", "Ted Crawford"), ("mrk", "Brian Reid")}, "status": "free",
        "contains": {"rights": "Public Domain: Marxists Internet Archive (2007). You may freely copy"}},
    "trotsky-1921-humanite.md": {
        "author": "Leon Trotsky", "title": "On l'Humanité, the Central Organ of the French Party",
        "written": "1921-07-23", "place": "Moscow"},
    "zetkin-1896-women.md": {
        "author": "Clara Zetkin",
        "title": "Only in Conjunction With the Proletarian Woman Will Socialism Be Victorious",
        "written": "1896", "roles": {("trc", "marxists.org")}, "when": {"trc": "2002-08"},
        "contains": {"published": "Clara Zetkin: Selected Writings, ed. by Philip Foner"}},
}


@pytest.fixture(scope="module")
def drafts(tmp_path_factory) -> dict[str, Path]:
    """Every sample imported once, through the command line's own entry, into a fresh folder."""
    pages = sample_pages()
    out = tmp_path_factory.mktemp("tei")
    with_block = [str(p) for p in pages if p.name != NO_PROVENANCE]
    assert main(["import", *with_block, "--out", str(out), "--date", "2026-12-07"]) == 0
    assert main(["import", str(SAMPLES / NO_PROVENANCE), "--without-provenance", "--out", str(out),
                 "--date", "2026-12-07"]) == 0
    return {p.name: out / f"{p.stem}.xml" for p in pages}


def test_every_sample_page_is_covered() -> None:
    assert sorted(EXPECTED) == [p.name for p in sample_pages()]


def test_every_sample_imports_and_validates(drafts, capsys) -> None:
    assert all(path.exists() for path in drafts.values())
    capsys.readouterr()
    assert main(["validate", *map(str, drafts.values())]) == 0
    out = capsys.readouterr().out
    assert f"{len(drafts)} files checked, {len(drafts)} valid" in out and "0 errors, 0 warnings" in out, out


def test_every_sample_builds(drafts, tmp_path) -> None:
    site = tmp_path / "site"
    assert main(["html", *map(str, drafts.values()), "--out", str(site), "--no-progress"]) == 0
    assert main(["pdf", *map(str, drafts.values()), "--out", str(site), "--no-progress"]) == 0
    for path in drafts.values():
        assert (site / path.stem / "index.html").exists()
        assert (site / path.stem / f"{path.stem}.pdf").stat().st_size > 10_000


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_word_of_the_page_survives(drafts, name) -> None:
    """Each word of the page is in the draft (text, or the header for the provenance block and the
    furniture), as often as the page has it; the text's words come in the page's order."""
    tree = parse_file(drafts[name])
    source = page_words(SAMPLES / name)
    missing = Counter(source) - tei_word_bag(tree)
    assert not missing, f"words of the page missing from the draft: {dict(missing)}"
    text = reading_without_notes(tree)
    assert is_subsequence(text, source), "the text's words are not in the page's order"
    assert len(text) > len(source) * 0.5  # the text is the bulk of the page, not only its furniture


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_header_fact_the_page_states_is_found(drafts, name) -> None:
    facts = header_facts(parse_file(drafts[name]))
    expected = dict(EXPECTED[name])
    contains = expected.pop("contains", {})
    for key, value in expected.items():
        if key == "roles":
            assert value <= facts["roles"], f"{name}: roles {facts['roles']}"
        elif key == "when":
            assert value.items() <= facts["when"].items(), f"{name}: {facts['when']}"
        else:
            assert facts[key] == value, f"{name}: {key} is {facts[key]!r}, expected {value!r}"
    for key, value in contains.items():
        assert value in facts[key], f"{name}: {key} is {facts[key]!r}"


def test_a_page_without_provenance_block_is_refused_by_default(tmp_path, capsys) -> None:
    page = sample_pages() and SAMPLES / NO_PROVENANCE
    code, out, err = run_import(capsys, str(page), "--out", str(tmp_path))
    assert code == 1 and out == ""
    assert "no provenance block" in err and "--without-provenance" in err
    assert err.splitlines()[0].endswith("[import]") and ":1:1: error:" in err.splitlines()[0]
    assert list(tmp_path.iterdir()) == []
