"""The edition's typefaces: which fonts, where their files are, and how each edition loads them.

Every font comes from a Python package that `pip install .` brings (the `fontpkg-*` distributions, fonts
under the SIL Open Font License), never from the machine:

- EB Garamond (Georg Duffner and Octavio Pardo) for the Latin, Greek and Cyrillic scripts, with real
  small capitals (OpenType `smcp`, `c2sc`);
- Frank Ruhl Libre for Hebrew and Amiri for Arabic, which EB Garamond lacks.

The print edition loads them with `@font-face` from the installed packages (`print_font_faces`), through a
URL fetcher that serves nothing else (`FontFetcher`). The packages ship variable fonts; the print edition
uses each at its default instance (weight 400: nothing in print is bold), made static here by dropping the
variation tables, so that WeasyPrint embeds the font as it is instead of instancing it itself (which stamps
the embedded font with the time of the build: two builds, two PDFs). The reading page gets the same fonts
as WOFF2 files in the site's `static/fonts/` (`copy_web_fonts`), loaded by `@font-face` in
`static/edition.css`, so a reader's browser needs no installed font either.

A character that none of the fonts has is reported (`uncovered`) with its code point and name; the fonts
a text needs, in the order the print CSS lists them, are `faces_for`. `fingerprint()` hashes the font files
and package versions: a changed font package makes every PDF and the site's static files out of date.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import json
import os
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import metadata as importlib_metadata
from pathlib import Path

from .errors import EditionError

# The print edition's family names carry this prefix so that a system font of the same name (Debian's
# fonts-ebgaramond, say) can never stand in for the packaged one.
PRINT_PREFIX = "Edition "
SCHEME = "edition-font:"
WEB_FOLDER = "fonts"  # under the site's static/
STATIC_RECIPE = 1  # one more whenever _static_instance makes other bytes: the kept static fonts are then remade
VARIATION_TABLES = ("fvar", "gvar", "avar", "cvar", "STAT", "HVAR", "VVAR", "MVAR")
# Code points no font needs a glyph for: controls, format characters (soft hyphen, bidi marks, joiners),
# line and paragraph separators. Spaces are checked like any character.
NO_GLYPH_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}


@dataclass(frozen=True)
class Face:
    family: str  # the typeface's own name, as the colophon names it
    distribution: str  # the pip package that ships it
    module: str  # its importable module (its `ROOT` is the package folder)
    file: str  # the font file, relative to ROOT
    style: str  # normal | italic
    weights: str  # the weights the file has, as a CSS font-weight range
    scripts: str  # what the edition sets in it

    @property
    def css_family(self) -> str:
        return PRINT_PREFIX + self.family

    @property
    def stem(self) -> str:
        """The file's name without brackets or suffix: "EBGaramond-Italic"."""
        return Path(self.file).name.split("[")[0].removesuffix(".ttf")


FACES = (
    Face("EB Garamond", "fontpkg-eb-garamond", "fontpkg_eb_garamond", "files/EBGaramond[wght].ttf",
         "normal", "400 800", "Latin, Greek, Cyrillic"),
    Face("EB Garamond", "fontpkg-eb-garamond", "fontpkg_eb_garamond", "files/EBGaramond-Italic[wght].ttf",
         "italic", "400 800", "Latin, Greek, Cyrillic"),
    Face("Frank Ruhl Libre", "fontpkg-frank-ruhl-libre", "fontpkg_frank_ruhl_libre",
         "files/FrankRuhlLibre[wght].ttf", "normal", "300 900", "Hebrew"),
    Face("Amiri", "fontpkg-amiri", "fontpkg_amiri", "files/Amiri-Regular.ttf", "normal", "400", "Arabic"),
    Face("Amiri", "fontpkg-amiri", "fontpkg_amiri", "files/Amiri-Italic.ttf", "italic", "400", "Arabic"),
)
FAMILIES = tuple(dict.fromkeys(face.family for face in FACES))  # in the order the CSS lists them


def font_path(face: Face) -> Path:
    """The installed font file; a clear error when its package is missing."""
    try:
        root = Path(importlib.import_module(face.module).ROOT)
    except ImportError:
        raise EditionError(f"the font package {face.distribution} is not installed — the editions' fonts come "
                           f"from pip: run `pip install .` in the project's virtual environment") from None
    path = root / face.file
    if not path.is_file():
        raise EditionError(f"{path} is missing from the package {face.distribution} — reinstall it "
                           f"(`pip install --force-reinstall {face.distribution}`)")
    return path


def print_name(face: Face) -> str:
    return f"{face.stem}-{face.style}.ttf"


@cache
def _source(face: Face) -> tuple[bytes, str]:
    """The installed font file and the key of what is made from it: its hash and fontTools' version."""
    data = font_path(face).read_bytes()
    return data, hashlib.sha256(data + f"fonttools {_version('fonttools')}".encode()).hexdigest()[:24]


@cache
def print_font_bytes(face: Face) -> bytes:
    """The face at its default instance, as a static font (the variation tables dropped), byte-identical on
    every run: no timestamp is recalculated. Kept in cache_folder() (dropping the tables costs 0.04 s of CPU
    a build for the five faces, reading them back 2 ms: process_time, 3 runs, 2026-12-07)."""
    data, key = _source(face)
    recipe = hashlib.sha256(f"{STATIC_RECIPE} {VARIATION_TABLES}".encode()).hexdigest()[:8]
    return kept(f"{face.stem}-{face.style}-{key}-{recipe}.ttf", lambda: _static_instance(face, data))


def _static_instance(face: Face, data: bytes) -> bytes:
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), recalcTimestamp=False, recalcBBoxes=False)
    if "fvar" in font:
        defaults = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes}
        if defaults != {"wght": 400.0}:
            raise EditionError(f"{face.distribution}: the print edition expects weight 400 as the default "
                               f"instance of {face.file}, not {defaults}")
        for tag in VARIATION_TABLES:
            if tag in font:
                del font[tag]
    out = io.BytesIO()
    font.save(out, reorderTables=False)
    return out.getvalue()


def print_font_faces() -> str:
    """The print edition's @font-face rules: each face from its package, served by FontFetcher."""
    return "\n".join(
        f'@font-face {{ font-family: "{face.css_family}"; src: url("{SCHEME}{print_name(face)}"); '
        f"font-style: {face.style}; font-weight: 400; }}" for face in FACES)


def print_font_family() -> str:
    """The print CSS's font-family value: the packaged families only, in order."""
    return ", ".join(f'"{PRINT_PREFIX}{family}"' for family in FAMILIES)


def font_fetcher():
    """A WeasyPrint URL fetcher that serves the print fonts (SCHEME URLs) and refuses everything else."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    served = {f"{SCHEME}{print_name(face)}": face for face in FACES}

    class FontFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            face = served.get(url)
            if face is None:
                raise FatalURLFetchingError(f"the print edition loads only its own fonts; refused {url}")
            return URLFetcherResponse(url, body=print_font_bytes(face))

    return FontFetcher()


def family_of(embedded: str) -> str:
    """The typeface's name from the family WeasyPrint embedded ("Edition EB Garamond" → "EB Garamond")."""
    return embedded.removeprefix(PRINT_PREFIX)


# --- coverage ---------------------------------------------------------------------------------------------

@cache
def _cmaps() -> tuple[tuple[str, frozenset[int]], ...]:
    """(family, code points) per face, in the order of FACES. Kept in cache_folder() as ranges (reading the
    five cmaps costs 0.035 s of CPU a build, the kept ranges 1 ms: process_time, 3 runs, 2026-12-07)."""
    return tuple((face.family, _coverage(face)) for face in FACES)


def _coverage(face: Face) -> frozenset[int]:
    data, key = _source(face)
    try:
        ranges = json.loads(kept(f"{face.stem}-{face.style}-{key}-cmap.json", lambda: _cmap_ranges(data)))
    except ValueError:  # a damaged copy: read the font itself
        ranges = json.loads(_cmap_ranges(data))
    return frozenset(code for first, last in ranges for code in range(first, last + 1))


def _cmap_ranges(data: bytes) -> bytes:
    """The code points a font maps, as JSON [[first, last], …]."""
    from fontTools.ttLib import TTFont

    ranges: list[list[int]] = []
    for code in sorted(TTFont(io.BytesIO(data), lazy=True).getBestCmap()):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return json.dumps(ranges, separators=(",", ":")).encode()


def needs_glyph(char: str) -> bool:
    return unicodedata.category(char) not in NO_GLYPH_CATEGORIES


def uncovered(text: str) -> list[str]:
    """The characters of `text` that no face has, in order of first appearance."""
    covered = frozenset().union(*(codes for _, codes in _cmaps()))
    return [c for c in dict.fromkeys(text) if needs_glyph(c) and ord(c) not in covered]


def faces_for(text: str) -> tuple[str, ...]:
    """The families the text is set in, in the print CSS's order: for each character the first family that
    has it (what the layout engine picks)."""
    used = set()
    cmaps = _cmaps()
    for char in set(text):
        if needs_glyph(char):
            family = next((name for name, codes in cmaps if ord(char) in codes), None)
            if family:
                used.add(family)
    return tuple(f for f in FAMILIES if f in used)


def describe(char: str) -> str:
    """'U+05D0 HEBREW LETTER ALEF' (or 'U+E000 <unnamed>')."""
    return f"U+{ord(char):04X} {unicodedata.name(char, '<unnamed>')}"


def scripts_of(family: str) -> str:
    return next(face.scripts for face in FACES if face.family == family)


# --- the reading page -------------------------------------------------------------------------------------

def web_name(face: Face) -> str:
    return f"{face.stem}.woff2"


def to_woff2(data: bytes) -> bytes:
    """A font as WOFF2 (Brotli, from pip: the same bytes on every machine with the same versions)."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), recalcTimestamp=False, recalcBBoxes=False)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out, reorderTables=False)
    return out.getvalue()


def cache_folder() -> Path | None:
    """Where compressed fonts and the print edition's static instances are kept between builds ($XDG_CACHE_HOME or
    ~/.cache, sedova-edition/fonts); None when there is no home. What is kept there is named by what it was made from, so a build with
    another cache (or none) makes the same bytes, only slower."""
    base = os.environ.get("XDG_CACHE_HOME")
    try:
        root = Path(base) if base else Path.home() / ".cache"
    except RuntimeError:
        return None
    return root / "sedova-edition" / "fonts"


def kept(name: str, make: Callable[[], bytes]) -> bytes:
    """`make()`, kept in cache_folder() as `name`, which must name everything it is made from: another cache,
    or none, gives the same bytes, only slower."""
    folder = cache_folder()
    path = folder / name if folder else None
    if path is not None and path.is_file():
        return path.read_bytes()
    data = make()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f".{path.name}.{os.getpid()}")
            partial.write_bytes(data)
            os.replace(partial, path)  # whole or not at all
        except OSError:
            pass  # no cache: the next build makes it again
    return data


@cache
def web_font_bytes(face: Face) -> bytes:
    """The whole face (variable, every weight) as WOFF2. Compressing takes seconds (Brotli at its best), so
    the result is kept in cache_folder(), under the hash of the font file and the versions that compress."""
    data = _source(face)[0]
    key = hashlib.sha256(data + f"{_version('fonttools')}/{_version('brotli')}".encode()).hexdigest()[:24]
    return kept(f"{face.stem}-{key}.woff2", lambda: to_woff2(data))


def copy_web_fonts(static_out: Path) -> list[Path]:
    """Write every face as WOFF2 into `static_out`/fonts/ (new files, never into a shared one)."""
    folder = static_out / WEB_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for face in FACES:
        target = folder / web_name(face)
        target.unlink(missing_ok=True)  # a staging folder may hold a hard link to the published file
        target.write_bytes(web_font_bytes(face))
        written.append(target)
    licences = {face.distribution: font_path(face).parent.parent / "LICENSE" for face in FACES}
    for distribution, licence in sorted(licences.items()):
        if licence.is_file():
            target = folder / f"{distribution}-LICENSE.txt"
            target.unlink(missing_ok=True)
            target.write_bytes(licence.read_bytes())
            written.append(target)
    return written


# --- the build's fingerprint ------------------------------------------------------------------------------

@cache  # 3.5 ms a call (importlib.metadata reads the installed packages' records), and asked once per face
def _version(distribution: str) -> str:
    try:
        return importlib_metadata.version(distribution)
    except importlib_metadata.PackageNotFoundError:
        return "absent"


def fingerprint(faces: Iterable[Face] = FACES) -> str:
    """A hash of every font file and the version of its package (missing files hash as absent)."""
    parts = {}
    for face in faces:
        try:
            data = font_path(face).read_bytes()
            parts[f"{face.distribution}/{face.file}"] = [_version(face.distribution),
                                                         hashlib.sha256(data).hexdigest()]
        except EditionError:
            parts[f"{face.distribution}/{face.file}"] = ["absent"]
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
