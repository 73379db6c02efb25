"""Building real sites for the HTML tests: the essay and the foreign fixtures, once per test session."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from lxml import html as lxml_html

from edition import TEI_NS
from edition.build import Build, BuildRequest
from edition.readings import reading_text, words
from edition.xmlsafe import parse_file, remove_keeping_tail
from tests.support import text_element

ROOT = Path(__file__).resolve().parent.parent
ESSAY = ROOT / "tei" / "sedova-1941-davies.xml"
FOREIGN = sorted((ROOT / "tests" / "fixtures" / "foreign").glob("*.xml"))


def build(paths: list[Path], out: Path, *, lenient: bool = False, base_url: str = "",
          outputs: frozenset[str] = frozenset({"html"})) -> Path:
    """The HTML site of `paths` (with `outputs`: more), made by the build itself (edition.build) in this process."""
    Build(BuildRequest(paths=paths, out=out, outputs=outputs, lenient=lenient, base_url=base_url, jobs=1)).run()
    return out


@cache
def essay_site(tmp_root: Path) -> Path:
    return build([ESSAY], tmp_root / "essay-site")


@cache
def full_site(tmp_root: Path) -> Path:
    """The essay and every foreign fixture in one site (lenient: the fixtures are any TEI P5; the essay is
    valid, so it is built as a strict build builds it), with its search index (`build.py search`)."""
    return build([ESSAY, *FOREIGN], tmp_root / "full-site", lenient=True, outputs=frozenset({"html", "search"}))


def doc_id_of(path: Path) -> str:
    root = parse_file(path).getroot()
    return root.get("{http://www.w3.org/XML/1998/namespace}id") or path.stem


def tei_words(path: Path, reading: str) -> tuple[list[str], list[str]]:
    """The words of the text (without notes) and of its notes, in one reading."""
    tree = parse_file(path)
    text = text_element(tree)
    notes = text.xpath(".//tei:note[not(ancestor::tei:note)]", namespaces={"tei": TEI_NS})
    note_words = [w for n in notes for w in words(reading_text(n, reading, include_editorial_notes=True))]
    for n in notes:  # the running text without its notes (they are read among the footnotes)
        remove_keeping_tail(n)
    return words(reading_text(text, reading)), note_words


# What the page adds around the text: numbers, links, explanations. Removed before comparing.
_ADDED = ("ed-self", "ed-cite-box", "ed-tip", "ed-noteref", "ed-visually-hidden", "ed-backlink", "ed-note-num",
          "ed-note-resp", "ed-flag", "ed-lnum")


def page_words(page: Path, reading: str) -> tuple[list[str], list[str]]:
    """The words of the reading page's text and footnotes, as a reader sees them in one reading."""
    doc = lxml_html.parse(str(page))
    hide = "ed-source" if reading == "corrected" else "ed-edited"
    for cls in (*_ADDED, hide):
        for el in doc.xpath(f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]"):
            el.drop_tree()
    for el in doc.xpath("//p | //div | //li | //dt | //dd | //td | //th | //br | //figcaption | //blockquote"
                        " | //h1 | //h2 | //h3 | //h4 | //h5 | //h6 | //aside | //section | //figure | //hr"
                        " | //span[contains(@class, 'tei-titlePart') or contains(@class, 'tei-addrLine')]"):
        el.tail = " " + (el.tail or "")  # a reader sees a break between blocks
    text_parts = doc.xpath("//*[contains(@class, 'ed-front')] | //*[@id='ed-text']")
    notes = doc.xpath("//*[@id='ed-notes']//aside")
    return (words(" ".join(el.text_content() for el in text_parts)),
            words(" ".join(el.text_content() for el in notes)))


def missing_in_order(expected: list[str], actual: list[str]) -> list[str]:
    """The expected words that do not occur in `actual` in the same order (empty when all do)."""
    position = 0
    missing = []
    for word in expected:
        try:
            position = actual.index(word, position) + 1
        except ValueError:
            missing.append(word)
    return missing


def all_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html"))


def element_ids(page: Path) -> set[str]:
    return set(lxml_html.parse(str(page)).xpath("//@id"))


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def local_links(page: Path) -> list[str]:
    tree = lxml_html.parse(str(page))
    return [h for h in tree.xpath("//a/@href | //link/@href") if not _SCHEME.match(h)]


