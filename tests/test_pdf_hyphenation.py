"""edition.hyphenation: the patterns kept between builds hyphenate as pyphen's own, and what cannot be kept is
left to pyphen."""

from __future__ import annotations

from pathlib import Path

import pyphen
import pytest

from edition import hyphenation

WORDS = ("Stalinism", "international", "correspondence", "bureaucratic", "revolutionary", "hyphenation",
         "Organisationen", "Bürokratie", "Geschichtsschreibung")


@pytest.fixture
def fresh_patterns(tmp_path, monkeypatch):
    """An empty cache folder and pyphen with no patterns read yet (restored afterwards)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    saved = dict(pyphen.hdcache)
    pyphen.hdcache.clear()
    yield tmp_path / "cache" / "sedova-edition" / "fonts" / "hyphenation"
    pyphen.hdcache.clear()
    pyphen.hdcache.update(saved)


def own(language: str) -> pyphen.HyphDict:
    return pyphen.HyphDict(Path(pyphen.LANGUAGES[pyphen.language_fallback(language)]))


@pytest.mark.parametrize("language", ["en", "de-DE"])
def test_kept_patterns_hyphenate_every_word_as_pyphen_reads_them(fresh_patterns, language):
    for _ in range(2):  # made and kept, then read back from the kept copy
        pyphen.hdcache.clear()
        hyphenation.preload([language, "", "xx-unknown"])
        (path,) = pyphen.hdcache
        kept, read = pyphen.hdcache[path], own(language)
        assert kept is not read and kept.patterns == read.patterns and kept.maxlen == read.maxlen
        for word in WORDS:
            assert kept.positions(word) == read.positions(word)
            assert pyphen.Pyphen(lang=language).inserted(word) == pyphen.Pyphen(filename=path, cache=False).inserted(word)
    assert len(list(fresh_patterns.iterdir())) == 1


def test_patterns_marshal_cannot_hold_are_left_to_pyphen(fresh_patterns):
    hyphenation.preload(["hu-HU"])  # Hungarian: non-standard hyphenation, pyphen's own objects
    assert pyphen.hdcache == {}
    (kept,) = fresh_patterns.iterdir()
    assert kept.read_bytes() == b""  # remembered as not kept, so not read again


def test_a_damaged_copy_is_left_to_pyphen(fresh_patterns):
    hyphenation.preload(["en"])
    (kept,) = fresh_patterns.iterdir()
    kept.write_bytes(b"\x00damaged")
    pyphen.hdcache.clear()
    hyphenation.preload(["en"])
    assert pyphen.hdcache == {}
    assert pyphen.Pyphen(lang="en").hd.positions("international") == own("en").positions("international")
