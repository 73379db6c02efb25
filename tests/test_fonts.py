"""edition.fonts: the editions' typefaces come from pip packages, load the same way on every machine, and
make the same PDF whatever the machine's HOME, PATH or fontconfig say."""

from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from corpus_support import corpus, rewritten, snapshot
from fontTools.ttLib import TTFont

from edition import fonts
from edition.cli import main
from edition.errors import EditionError

ROOT = Path(__file__).resolve().parent.parent
TEI = ROOT / "tei" / "sedova-1941-davies.xml"
FIXTURES = ROOT / "tests" / "fixtures"


# --- the fonts themselves ------------------------------------------------------------------------------

def test_every_face_is_installed_from_its_package_with_an_open_font_licence():
    for face in fonts.FACES:
        path = fonts.font_path(face)
        assert path.is_file() and ("site-packages" in path.parts or path.is_relative_to(sys.prefix)), path
        licence = (path.parent.parent / "LICENSE").read_text(encoding="utf-8")
        assert "SIL OPEN FONT LICENSE" in licence.upper()


def test_eb_garamond_has_real_small_capitals_and_covers_every_character_of_the_texts():
    from fontTools.ttLib import TTFont

    for face in fonts.FACES[:2]:
        font = TTFont(fonts.font_path(face), lazy=True)
        features = {record.FeatureTag for record in font["GSUB"].table.FeatureList.FeatureRecord}
        assert {"smcp", "c2sc"} <= features, face.file
    for source in [TEI, *sorted((ROOT / "tei").glob("*.xml"))]:
        text = source.read_text(encoding="utf-8")
        assert fonts.uncovered(text) == [], source


def test_the_foreign_fixtures_need_no_font_of_the_machine():
    for source in sorted(FIXTURES.rglob("*.xml")):
        assert fonts.uncovered(source.read_text(encoding="utf-8")) == [], source
    assert fonts.faces_for("Shalom שלום") == ("EB Garamond", "Frank Ruhl Libre")
    assert fonts.faces_for("مرحبا") == ("Amiri",)


def test_a_character_no_face_has_is_named():
    assert fonts.uncovered("a\u2603b\u00ad\u200f\u2603") == ["\u2603"]  # format characters need no glyph
    assert fonts.describe("\u2603") == "U+2603 SNOWMAN"
    assert fonts.describe("\ue000") == "U+E000 <unnamed>"


def test_the_print_instances_are_static_whole_and_the_same_on_every_run():
    for face in fonts.FACES:
        data = fonts.print_font_bytes(face)
        fonts.print_font_bytes.cache_clear()
        assert fonts.print_font_bytes(face) == data
        static, original = TTFont(io.BytesIO(data)), TTFont(fonts.font_path(face))
        assert "fvar" not in static and "gvar" not in static
        assert static.getBestCmap() == original.getBestCmap()
        assert static["head"].modified == original["head"].modified  # no time of the build in the font


def test_the_kept_static_fonts_and_code_points_are_what_the_fonts_give(tmp_path, monkeypatch):
    """The print fonts and their code points, kept between builds, are the bytes and sets made afresh."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    fonts.print_font_bytes.cache_clear()
    fonts._cmaps.cache_clear()
    try:
        for _ in range(2):  # made and kept, then read back
            for face in fonts.FACES:
                data = fonts.font_path(face).read_bytes()
                assert fonts.print_font_bytes(face) == fonts._static_instance(face, data)
            assert fonts._cmaps() == tuple((face.family, frozenset(TTFont(fonts.font_path(face)).getBestCmap()))
                                           for face in fonts.FACES)
            fonts.print_font_bytes.cache_clear()
            fonts._cmaps.cache_clear()
        kept = sorted((tmp_path / "cache" / "sedova-edition" / "fonts").iterdir(), key=lambda p: (p.suffix, p.name))
        assert [p.suffix for p in kept] == [".json"] * len(fonts.FACES) + [".ttf"] * len(fonts.FACES)
        good = fonts._cmaps()
        for path in kept[:len(fonts.FACES)]:
            path.write_text("[[1, damaged")
        fonts._cmaps.cache_clear()
        assert fonts._cmaps() == good  # a damaged copy: the fonts are read again
    finally:
        fonts.print_font_bytes.cache_clear()
        fonts._cmaps.cache_clear()


def test_a_package_that_is_missing_is_named_with_the_fix():
    face = fonts.Face("Nothing", "fontpkg-nothing", "fontpkg_nothing_here", "files/x.ttf", "normal", "400", "")
    with pytest.raises(EditionError, match=r"fontpkg-nothing is not installed — .*pip install \."):
        fonts.font_path(face)


# --- the stylesheets name exactly these fonts -------------------------------------------------------------

def test_the_print_css_names_the_packaged_families_in_order_and_nothing_else():
    css = (ROOT / "static" / "print.css").read_text(encoding="utf-8")
    (family,) = re.findall(r"^\s*font-family:\s*([^;]+);", css, re.MULTILINE)
    assert " ".join(family.split()) == fonts.print_font_family()
    assert "font-variant: small-caps" not in css  # the font's own small capitals (font-variant-caps)


def test_the_reading_page_css_loads_every_face_from_the_site():
    css = (ROOT / "static" / "edition.css").read_text(encoding="utf-8")
    faces = re.findall(r'@font-face\s*{\s*font-family:\s*"([^"]+)";\s*src:\s*url\("fonts/([^"]+)"\)'
                       r'[^}]*font-style:\s*(\w+)', css)
    assert sorted(faces) == sorted((f.css_family, fonts.web_name(f), f.style) for f in fonts.FACES)
    body = re.search(r"body\s*{[^}]*font-family:\s*([^;]+);", css).group(1)
    assert body.startswith(fonts.print_font_family())


def test_the_web_fonts_are_the_same_woff2_on_every_run_and_the_cache_holds_just_that(tmp_path, monkeypatch):
    face = fonts.FACES[2]  # the smallest; every face is made the same way
    data = fonts.font_path(face).read_bytes()
    first = fonts.to_woff2(data)
    assert fonts.to_woff2(data) == first and first[:4] == b"wOF2"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    fonts.web_font_bytes.cache_clear()
    try:
        assert fonts.web_font_bytes(face) == first
        (kept,) = (tmp_path / "cache" / "sedova-edition" / "fonts").iterdir()
        assert kept.read_bytes() == first
        written = fonts.copy_web_fonts(tmp_path / "static")
    finally:
        fonts.web_font_bytes.cache_clear()
    assert sorted(p.name for p in written if p.suffix == ".woff2") == sorted(fonts.web_name(f) for f in fonts.FACES)
    assert (tmp_path / "static" / "fonts" / fonts.web_name(face)).read_bytes() == first


# --- the build: fingerprints, reproducibility ----------------------------------------------------------

def test_a_changed_font_file_changes_the_fingerprint(tmp_path, monkeypatch):
    before = fonts.fingerprint()
    copy = tmp_path / "EBGaramond.ttf"
    copy.write_bytes(fonts.font_path(fonts.FACES[0]).read_bytes() + b"\0")
    real = fonts.font_path
    monkeypatch.setattr(fonts, "font_path", lambda face: copy if face == fonts.FACES[0] else real(face))
    assert fonts.fingerprint() != before


def test_a_changed_font_package_rebuilds_the_pdfs_without_force(tmp_path, monkeypatch, capsys):
    paths = corpus(tmp_path, 1)
    out = tmp_path / "site"
    build = ["pdf", *map(str, paths), "--out", str(out), "--no-progress", "--jobs", "1"]
    assert main(build) == 0
    before = snapshot(out)
    assert main(build) == 0
    assert rewritten(before, snapshot(out)) == set()
    monkeypatch.setattr(fonts, "fingerprint", lambda faces=fonts.FACES: "another font package")
    assert main(build) == 0  # each build computes the fingerprints anew
    changed = rewritten(before, snapshot(out))
    assert f"{paths[0].stem}/{paths[0].stem}.pdf" in changed


def _only_dejavu(folder: Path) -> Path:
    """A fontconfig configuration that lists DejaVu's folder only (or no font at all), with its own cache."""
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    conf = folder / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>{f"<dir>{dejavu}</dir>" if dejavu.is_dir() else ""}<cachedir>{folder / "fc-cache"}</cachedir></fontconfig>
""", encoding="utf-8")
    return conf


BUILD_ONE = """
import sys
from pathlib import Path
from edition.pdf import PrintBuilder
from edition.site import load_document
doc = load_document(Path(sys.argv[1]), lenient=False, validate=None)
Path(sys.argv[2]).write_bytes(PrintBuilder("a4", base_url="").render(doc))
"""


def test_the_pdf_is_the_same_whatever_home_path_and_fontconfig(tmp_path):
    """Two builds in fresh processes, one with another HOME, PATH, cache folder and a fontconfig that lists
    DejaVu only (no system EB Garamond, no Noto), give the same bytes as a build in this process."""
    from edition.pdf import PrintBuilder
    from edition.site import load_document

    doc = load_document(TEI, lenient=False, validate=None)
    here = PrintBuilder("a4", base_url="").render(doc)
    digests = {hashlib.sha256(here).hexdigest()}
    for number, env in enumerate([
        dict(os.environ),
        {**os.environ, "HOME": str(tmp_path / "home"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
         "PATH": "/usr/bin:/bin", "FONTCONFIG_FILE": str(_only_dejavu(tmp_path))},
    ]):
        out = tmp_path / f"{number}.pdf"
        subprocess.run([sys.executable, "-c", BUILD_ONE, str(TEI), str(out)], cwd=ROOT, env=env, check=True,
                       timeout=300)
        digests.add(hashlib.sha256(out.read_bytes()).hexdigest())
    assert len(digests) == 1


def test_without_harfbuzz_subsetting_the_build_stops_with_the_package_to_install(monkeypatch):
    from weasyprint.text import ffi

    from edition.pdf import PrintBuilder

    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    with pytest.raises(EditionError, match="apt-get install libharfbuzz-subset0"):
        PrintBuilder("a4", base_url="")
