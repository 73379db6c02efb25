"""Fidelity: the TEI's reading as transcribed reproduces the source transcription, title to dateline."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition.readings import reading_text, words
from edition.xmlsafe import parse_file
from tests.support import text_element

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "data" / "source-transcription.txt"
TEI = ROOT / "tei" / "sedova-1941-davies.xml"

# The web page's provenance block, recorded in the TEI header instead of the text.
PROVENANCE_PREFIXES = ("Written:", "Source:", "Online Version:", "Transcribed/HTML Markup:", "Proofread:")


def source_text_lines() -> list[str]:
    """The lines of the source from the byline to the dateline, without the page chrome around them."""
    lines = [line.strip() for line in SOURCE.read_text(encoding="utf-8").splitlines()]
    title = lines.index("Mr. Davies and the Moscow Trials")
    byline = title - 2  # the byline stands two lines above the title; the first copy is the page header
    assert lines[byline] == "Natalia Sedova Trotsky"
    end = next(i for i, line in enumerate(lines) if line.startswith("Coyoacan, December 21, 1941"))
    return [line for line in lines[byline:end + 1] if line and not line.startswith(PROVENANCE_PREFIXES)]


def source_text() -> str:
    return " ".join(" ".join(source_text_lines()).split())


def test_the_source_copy_is_the_shared_seed():
    shared = ROOT.parent / "shared" / "seeds" / "000_bf955620ded06174.txt"
    if not shared.exists():
        pytest.skip(f"{shared} is absent (the project's tests run on the copy in tests/data)")
    assert SOURCE.read_bytes() == shared.read_bytes()


def test_transcribed_reading_reproduces_the_source_exactly():
    tei = reading_text(text_element(parse_file(TEI)), "transcribed")
    expected = source_text()
    if tei != expected:
        at = next((i for i, (a, b) in enumerate(zip(tei, expected)) if a != b), min(len(tei), len(expected)))
        pytest.fail(f"first difference at character {at}:\n  TEI:    …{tei[max(0, at - 60):at + 60]}…\n"
                    f"  source: …{expected[max(0, at - 60):at + 60]}…")


def test_transcribed_reading_has_every_source_word_in_order():
    tei_words = words(reading_text(text_element(parse_file(TEI)), "transcribed"))
    assert tei_words == words(source_text())
    assert len(tei_words) > 2800  # the whole essay, not a fragment


def test_corrected_reading_differs_only_where_the_edition_corrects():
    tree = parse_file(TEI)
    transcribed = words(reading_text(text_element(tree), "transcribed"))
    corrected = words(reading_text(text_element(tree), "corrected"))
    changed = {(a, b) for a, b in zip(transcribed, corrected, strict=False) if a != b}
    assert "irresponsibility" in corrected and "irresponsibilty" not in corrected
    assert "during" in corrected and "luring" not in corrected
    assert abs(len(transcribed) - len(corrected)) <= 2  # stray spaces joined, nothing else lost
    assert changed, "the corrected reading must apply the corrections"


def test_left_out_page_chrome_is_not_in_the_text():
    tei = reading_text(text_element(parse_file(TEI)), "transcribed")
    for chrome in ("natalia in red", "Marxist Writers Archive", "Administator", "Last updated on"):
        assert chrome not in tei
