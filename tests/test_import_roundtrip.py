"""The importer on the edition's own text: the seed transcription gives the hand-encoded edition's reading
word for word and its seven provenance facts; a corrected page re-imported keeps its identifiers."""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import pytest
from import_support import run_import, seed
from support import REAL_SOURCE, ROOT

from edition.ids import load_register
from edition.importer.id_keeping import KEEP_RATIO
from edition.metadata import read_metadata
from edition.readings import reading_text, words
from edition.validate import Validator
from edition.xmlsafe import parse_file
from tests.support import text_element

DOC = "sedova-1941-davies"


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fresh")
    from edition.cli import main

    assert main(["import", str(seed()), "--doc-id", DOC, "--out", str(out), "--date", "2026-12-07"]) == 0
    return out / f"{DOC}.xml"


def test_the_diplomatic_reading_equals_the_hand_encoded_edition(imported) -> None:
    mine = reading_text(text_element(parse_file(imported)), "transcribed")
    theirs = reading_text(text_element(parse_file(REAL_SOURCE)), "transcribed")
    assert words(mine) == words(theirs)
    assert mine == theirs
    assert len(words(mine)) > 2800


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def test_the_header_carries_the_seven_provenance_facts(imported) -> None:
    mine, theirs = read_metadata(parse_file(imported)), read_metadata(parse_file(REAL_SOURCE))
    # 1 author, 2 title
    assert (mine.author, mine.author_ref, mine.title) == (theirs.author, theirs.author_ref, theirs.title)
    # 3 date and place of writing
    assert mine.created.when == theirs.created.when == "1941-12-21"
    assert _fold(mine.created_place) == _fold(theirs.created_place) == "Coyoacan"
    # 4 the printed source with volume, issue and pages
    p, q = mine.printed_source, theirs.printed_source
    assert (p.journal, p.volume, p.volume_number, p.issue_number, p.page_from, p.page_to, p.date.when) == \
        (q.journal, q.volume, q.volume_number, q.issue_number, q.page_from, q.page_to, q.date.when)
    # 5 the online version
    assert (mine.online_source.title, mine.online_source.published.when, mine.online_source.updated.when) == \
        (theirs.online_source.title, theirs.online_source.published.when, theirs.online_source.updated.when)
    # 6 transcriber and markup, 7 proofreader and date
    for role in ("trc", "mrk", "pfr"):
        ours = {(c.name, c.ref, c.when) for c in mine.contributors if role in c.roles and c.ref != "sde"}
        hand = {(c.name, c.ref, c.when) for c in theirs.contributors if role in c.roles and c.ref != "sde"}
        assert ours == hand and ours, role


def test_the_seed_draft_lacks_no_fact(imported) -> None:
    """The seed page states all that the schema asks for, so its draft has no draft warning: only the
    status tells it from a reviewed text."""
    report = Validator().validate_file(imported)
    assert report.valid and not [p for p in report.warnings if p.rule.startswith("ed-draft-")], report.problems
    assert read_metadata(parse_file(imported)).is_draft


def test_the_ids_of_a_draft_are_not_published(imported, tmp_path, capsys) -> None:
    from edition.cli import main

    register = tmp_path / "published-ids.json"  # empty: nothing but the draft status stands in the way
    capsys.readouterr()
    assert main(["ids", "--publish", str(imported), "--register", str(register)]) == 1
    err = capsys.readouterr().err
    assert "[ids.draft]" in err and "unreviewed draft" in err and 'remove status="draft"' in err, err
    assert [line for line in err.splitlines() if ": error: " in line and "[ids.draft]" not in line] == []
    assert not register.exists()
    reviewed = tmp_path / imported.name  # once the editor removes the status, the IDs are published
    reviewed.write_bytes(imported.read_bytes().replace(b'<revisionDesc status="draft">', b"<revisionDesc>"))
    assert main(["ids", "--publish", str(reviewed), "--register", str(register)]) == 0
    assert DOC in load_register(register).texts


def test_names_the_lists_know_are_tagged_and_pointed_at_their_entries(imported) -> None:
    tree = parse_file(imported)
    refs = {el.get("ref") for el in tree.iter("{http://www.tei-c.org/ns/1.0}persName")}
    assert {"#stalin", "#trotsky", "#davies", "#hitler", "#lenin"} <= refs
    ids = {el.get("{http://www.w3.org/XML/1998/namespace}id") for el in tree.iter()}
    assert all(ref[1:] in ids for ref in refs if ref)


# ------------------------------------------------------------------------------------------------- re-import

@pytest.fixture
def edition_copy(tmp_path) -> Path:
    """A folder holding the edition's text and its register, as tei/ does."""
    tei = tmp_path / "tei"
    tei.mkdir()
    shutil.copy(REAL_SOURCE, tei / f"{DOC}.xml")
    shutil.copy(ROOT / "tei" / "published-ids.json", tei / "published-ids.json")
    return tei


def _corrected_page(tmp_path: Path) -> Path:
    text = seed().read_text(encoding="utf-8")
    text = text.replace("irresponsibilty", "irresponsibility")  # a corrected typo: the paragraph keeps its ID
    text = text.replace("Such is the reality.", "Such is the reality.\n\nA paragraph that the corrected page "
                                                 "adds here, about nothing that the old page said.")
    dropped = "The war now embraces the entire world."  # the last paragraph is gone from the corrected page
    start = text.index(dropped)
    text = text[:start] + text[text.index("\n\n", start) + 2:]
    page = tmp_path / "corrected.txt"
    page.write_text(text, encoding="utf-8")
    return page


def _ids_by_words(path: Path) -> dict[str, str]:
    tree = parse_file(path)
    return {" ".join(words(reading_text(p, "transcribed"))): p.get("{http://www.w3.org/XML/1998/namespace}id")
            for p in tree.iter("{http://www.tei-c.org/ns/1.0}p") if p.getparent().getparent() is not None
            and "text" in [a.tag.rsplit("}")[-1] for a in p.iterancestors()]}


def test_a_text_already_in_the_edition_is_not_replaced_without_replace(edition_copy, tmp_path, capsys) -> None:
    before = (edition_copy / f"{DOC}.xml").read_bytes()
    code, _, err = run_import(capsys, str(_corrected_page(tmp_path)), "--doc-id", DOC, "--out", str(edition_copy))
    assert code == 1 and "already exists" in err and "--replace" in err
    assert (edition_copy / f"{DOC}.xml").read_bytes() == before


def test_reimport_keeps_ids_and_never_reuses_a_published_one(edition_copy, tmp_path, capsys) -> None:
    register = load_register(edition_copy / "published-ids.json")
    published = set(register.texts[DOC])
    old = _ids_by_words(edition_copy / f"{DOC}.xml")
    code, out, err = run_import(capsys, str(_corrected_page(tmp_path)), "--doc-id", DOC, "--out",
                                str(edition_copy), "--replace")
    assert code == 0, err
    assert "identifiers kept" in out
    new = _ids_by_words(edition_copy / f"{DOC}.xml")
    unchanged = set(old) & set(new)
    assert len(unchanged) >= 25
    assert all(new[text] == old[text] for text in unchanged)  # every unchanged paragraph keeps its ID
    corrected = next(text for text in new if "irresponsibility" in text)
    assert new[corrected] == f"{DOC}.p1"  # changed a little (ratio ≥ KEEP_RATIO): kept
    assert KEEP_RATIO == 0.8
    added = next(text for text in new if text.startswith("A paragraph that the corrected page adds"))
    assert new[added] not in published and new[added] not in old.values()
    assert new[added] != f"{DOC}.p27"  # the dropped paragraph's published ID is not given to another
    tree = parse_file(edition_copy / f"{DOC}.xml")
    divs = [d.get("{http://www.w3.org/XML/1998/namespace}id") for d in tree.iter("{http://www.tei-c.org/ns/1.0}div")]
    assert divs[:8] == [f"{DOC}.d{i}" for i in range(1, 9)]  # sections whose text is (nearly) unchanged


def test_reimport_consults_the_register(edition_copy, tmp_path, capsys) -> None:
    """An ID the register knows (here a retired one, absent from the text) is never given again."""
    path = edition_copy / "published-ids.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["texts"][DOC][f"{DOC}.p28"] = {"type": "p", "n": "28", "first_published": "1.0", "words": "…",
                                        "retired": {"successor": f"{DOC}.p27", "reason": "test", "version": "1.0"}}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, _, err = run_import(capsys, str(_corrected_page(tmp_path)), "--doc-id", DOC, "--out",
                              str(edition_copy), "--replace")
    assert code == 0, err
    new = _ids_by_words(edition_copy / f"{DOC}.xml")
    added = next(uid for text, uid in new.items() if text.startswith("A paragraph that the corrected page adds"))
    assert added == f"{DOC}.p29"
