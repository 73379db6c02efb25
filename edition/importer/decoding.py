"""Read a page's bytes into text: size and binary checks, then its character encoding.

HTML: a byte-order mark, else the encoding the page declares (found by the HTML5 pre-scan of tinyhtml5),
else UTF-8 when the bytes are valid UTF-8, else charset-normalizer's guess. Markdown and plain text: the
same without the declaration. A page declared ISO-8859-1 whose bytes are valid UTF-8 with non-ASCII
characters is read as UTF-8 (a common mislabelling).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
from tinyhtml5.inputstream import EncodingParser

from ..errors import EditionError, Problem, display_path

# A long archive page (a book chapter) is well under 2 MB; 20 MB is a generous bound.
MAX_BYTES = 20 * 1024 * 1024
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_LATIN = {"iso-8859-1", "windows-1252", "latin-1", "ascii", "us-ascii", "iso-8859-15"}


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    how: str  # "byte-order mark", "declared", "valid UTF-8", "detected"


def fail(path: Path | str, what: str, fix: str, line: int = 1, column: int = 1) -> EditionError:
    """The importer's error for a person: `file:line:col: what — how to fix`."""
    problem = Problem(display_path(path), line, column, "error", "import", f"{what} — {fix}")
    return EditionError(problem.format(), [problem])


def read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise fail(path, f"the page is {size / 1048576:.0f} MB, more than the importer's limit of "
                             f"{MAX_BYTES // 1048576} MB", "an archive page is far smaller: check that this is one "
                             "page and not an archive or a concatenation; split it into its texts")
        return path.read_bytes()
    except FileNotFoundError:
        raise fail(path, "no such file", "check the path") from None
    except IsADirectoryError:
        raise fail(path, "this is a folder, not a page", "name the page's file") from None
    except OSError as exc:
        raise fail(path, f"the file cannot be read ({exc.strerror})", "check its permissions") from None


def _looks_binary(data: bytes) -> bool:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return b"\x00" in sample or controls > len(sample) // 100


def _declared(data: bytes) -> str | None:
    try:
        found = EncodingParser(data[:4096]).get_encoding()
    except Exception:  # noqa: BLE001 - a malformed declaration is no declaration
        return None
    return getattr(found, "name", None) if found is not None else None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode(data: bytes, path: Path, html: bool) -> Decoded:
    if _looks_binary(data):
        raise fail(path, "this is a binary file, not a page of text", "import an HTML, Markdown or text page")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(encoding), encoding, "byte-order mark")
    as_utf8 = _strict(data, "utf-8")
    declared = _declared(data) if html else None
    if declared and not (declared in _LATIN and as_utf8 is not None and not data.isascii()):
        text = _strict(data, declared)
        if text is not None:
            return Decoded(text, declared, "declared")
    if as_utf8 is not None:
        return Decoded(as_utf8, "utf-8", "valid UTF-8")
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise fail(path, "the page's character encoding cannot be recognised",
                   "save it as UTF-8 and import it again")
    return Decoded(str(best), best.encoding, "detected")


def read_page(path: Path, html: bool) -> Decoded:
    data = read_bytes(path)
    decoded = decode(data, path, html)
    if not decoded.text.strip():
        raise fail(path, "the page is empty", "import a page that holds a text")
    return decoded
