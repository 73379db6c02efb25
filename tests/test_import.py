"""`python build.py import`: every sample archive page in ../shared/mia-samples imports, validates, builds,
keeps its words, and the header states each fact the page states (expected facts written from reading
each page)."""

from __future__ import annotations

import subprocess
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
from support import require_tool

from edition import NS
from edition.cli import main
from edition.validate import Validator
from edition.xmlsafe import parse_file

# What each page states, read by hand from the page. "contains" facts are checked as substrings.
EXPECTED: dict[str, dict[str, object]] = {
    "bukharin-1922-economic-organisation.md": {
        "author": "Nikolai Bukharin", "title": "Economic Organization in Soviet Russia",
        "written": "", "print_title": "The Living Age", "print_date": "1922-07",
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
        "written": "", "print_title": "", "pages": "",
        "roles": {("trc", "D. Walters"), ("trc", "R. Cymbala"), ("mrk", "D. Walters"), ("mrk", "R. Cymbala")},
        "status": "free",
        "contains": {"rights": "Public Domain: Lenin Internet Archive (2005). You may freely copy",
                     "print_words": "Lenin Collected Works, Progress Publishers, [197[4]], Moscow, Volume 21, page 42",
                     "published": "First published in 1930, in Lenin Miscellany XIV"}},
    "mariategui-1923-world-crisis.md": {
        "author": "J. C. MARIATEGUI", "title": "History of the World Crisis", "written": "1923-06-15",
        "print_title": "", "roles": {("trl", "Juan R. Fajardo")},
        "contains": {"notes": "Editorial Note: This text is available in print as part of",
                     "print_words": "Translated from Historia de la crisis mundial, in Obras Completas, volume 8"}},
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
        "author": "Paul Mattick", "title": "The Masses & The Vanguard", "written": "",
        "print_title": "Living Marxism", "volume": "4", "issue": "4", "print_date": "1938-08",
        "roles": {("trc", "Andy Blunden"), ("pfr", "Geoff Traugh")}, "when": {"trc": "2003", "pfr": "2005-07"}},
    "roy-1920-awakening-east.md": {
        "author": "MN Roy", "title": "The Awakening of the East", "written": "",
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


# What each page does not state, as the validator's draft warnings name it (rule ids without "ed-draft-"):
# the editor adds these before publishing. Read from the pages: e.g. only marx-1845-theses-feuerbach names a
# proofreader among the pages that give a date of writing and a printed source in full.
MISSING: dict[str, set[str]] = {
    "bukharin-1922-economic-organisation.md": {"proofreader", "source-pages", "creation-date"},
    "engels-1890-bloch.htm": {"proofreader"},
    "lenin-1914-vorwarts.htm": {"proofreader", "source-struct", "creation-date"},
    "mariategui-1923-world-crisis.md": {"proofreader", "transcriber", "source-struct"},
    "marx-1845-theses-feuerbach.md": set(),
    "marx-1859-preface.htm": {"proofreader", "transcriber", "source-pages"},
    "marx-1871-kugelmann.htm": {"proofreader", "source-struct"},
    "marx-1875-bracke.md": {"proofreader"},
    "mattick-1938-masses-vanguard.md": {"source-pages", "creation-date"},
    "roy-1920-awakening-east.md": {"proofreader", "creation-date"},
    "trotsky-1921-humanite.md": {"proofreader", "transcriber", "source-struct"},
    "zetkin-1896-women.md": {"proofreader", "source-pages"},
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
    """Each draft validates with no error; its warnings are the draft's, one for each fact its page does not
    state (listed in MISSING), and nothing else."""
    assert all(path.exists() for path in drafts.values())
    capsys.readouterr()
    assert main(["validate", *map(str, drafts.values())]) == 0
    out = capsys.readouterr().out
    warnings = sum(len(v) for v in MISSING.values())
    assert f"{len(drafts)} files checked, {len(drafts)} valid" in out and f"0 errors, {warnings} warnings" in out, out
    validator = Validator()
    for name, path in drafts.items():
        report = validator.validate_file(path)
        assert not report.errors, report.errors
        assert {p.rule for p in report.warnings} == {f"ed-draft-{m}" for m in MISSING[name]}, name
        assert all(p.message.startswith("Draft: ") and "before publishing" in p.message for p in report.warnings)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_draft_says_only_what_its_page_says(drafts, name) -> None:
    """No placeholder, no computed date, and the edition never stands in for a transcriber or proofreader."""
    data = drafts[name].read_text(encoding="utf-8")
    for placeholder in ("not stated", "not-stated", "[not ", 'cert="unknown"', "notAfter", "notBefore"):
        assert placeholder not in data, f"{name}: {placeholder!r}"
    tree = parse_file(drafts[name])
    roles = tree.xpath("//tei:titleStmt/tei:respStmt[tei:resp/@key = 'trc' or tei:resp/@key = 'pfr']"
                       "/*[self::tei:persName or self::tei:orgName]", namespaces=NS)
    assert all(a.get("ref") != "#sde" and "Sedova" not in a.text for a in roles), name
    assert tree.xpath("string(//tei:revisionDesc/@status)", namespaces=NS) == "draft"
    assert tree.xpath("string(//tei:revisionDesc/tei:change[1]/@when)", namespaces=NS) == "2026-12-07"


def test_every_sample_builds(drafts, tmp_path) -> None:
    site = tmp_path / "site"
    assert main(["html", *map(str, drafts.values()), "--out", str(site), "--no-progress"]) == 0
    assert main(["pdf", *map(str, drafts.values()), "--out", str(site), "--no-progress"]) == 0
    pdftotext = require_tool("pdftotext", "the draft notice is read from the PDF")
    for name, path in drafts.items():
        page = (site / path.stem / "index.html").read_text(encoding="utf-8")
        assert page.count('class="ed-draft-notice"') == 1 and "Unreviewed draft:" in page
        pdf = site / path.stem / f"{path.stem}.pdf"
        assert pdf.stat().st_size > 10_000
        shown = subprocess.run([pdftotext, "-l", "2", str(pdf), "-"], capture_output=True, text=True,
                               check=True).stdout
        assert "Unreviewed draft" in shown
        cited = "".join((site / path.stem / f"{path.stem}{ext}").read_text(encoding="utf-8")
                        for ext in (".bib", ".ris", ".csl.json", ".dc.xml", ".mods.xml"))
        for said in (page, " ".join(shown.split()), cited):
            assert "not stated" not in said.lower() and "not-stated" not in said and "[not " not in said
        if "proofreader" in MISSING[name]:  # the edition is never credited with a proofreading
            assert "pfr" not in cited and "proofread" not in cited.lower(), name


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
