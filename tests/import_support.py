"""Helpers of the importer's tests: the sample pages in ../shared, one import of them all, and the header
facts of a draft read back with XPath (independently of the importer's own code)."""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path

import tinyhtml5
from lxml import etree
from markdown_it import MarkdownIt
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from support import ROOT, SHARED, require

from edition import NS
from edition.cli import main
from edition.readings import reading_text, words
from edition.xmlsafe import remove_keeping_tail
from tests.support import text_element

SAMPLES = SHARED / "mia-samples"
# The seed transcription: the project keeps a byte-identical copy of ../shared/seeds/000_bf955620ded06174.txt
# (tests/test_fidelity.py checks that they are the same), so the round trip runs without ../shared.
SEED = ROOT / "tests" / "data" / "source-transcription.txt"
IMPORT_DATE = "2026-12-07"
# The page without a provenance block: refused by default, imported with --without-provenance.
NO_PROVENANCE = "trotsky-1921-humanite.md"


def sample_pages() -> list[Path]:
    require(SAMPLES.is_dir(), f"{SAMPLES} is absent: the importer's tests read the sample pages from ../shared")
    return sorted(p for p in SAMPLES.iterdir() if p.suffix in (".htm", ".md") and p.name != "SOURCES.md")


def seed() -> Path:
    require(SEED.exists(), f"{SEED} is absent: the round-trip test needs the seed transcription")
    return SEED


def run_import(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["import", *args, "--date", IMPORT_DATE])
    out, err = capsys.readouterr()
    return code, out, err


def xp(tree: etree._ElementTree, path: str) -> list:
    return tree.xpath(path, namespaces=NS)


def text_of(nodes: list) -> str:
    return " ".join(" ".join("".join(n.itertext()).split()) if hasattr(n, "itertext") else str(n) for n in nodes)


def header_facts(tree: etree._ElementTree) -> dict[str, object]:
    """What a reader of the header learns, fact by fact."""
    h = "/tei:TEI/tei:teiHeader/tei:fileDesc/"
    print_ = h + "tei:sourceDesc/tei:biblStruct[1]/tei:monogr/"
    date = xp(tree, "//tei:profileDesc/tei:creation/tei:date")
    written = (date[0].get("when") or date[0].get("from") or f"notAfter:{date[0].get('notAfter')}") if date else ""
    pages = xp(tree, print_ + "tei:biblScope[@unit='page']")
    return {
        "author": text_of(xp(tree, h + "tei:titleStmt/tei:author/tei:persName")),
        "title": text_of(xp(tree, h + "tei:titleStmt/tei:title[@type='main']")),
        "written": written,
        "place": text_of(xp(tree, "//tei:profileDesc/tei:creation/node()[preceding-sibling::tei:date]")).strip(", "),
        "print_title": text_of(xp(tree, print_ + "tei:title")),
        "volume": text_of(xp(tree, print_ + "tei:biblScope[@unit='volume']/@n")),
        "issue": text_of(xp(tree, print_ + "tei:biblScope[@unit='issue']/@n")),
        "pages": f"{pages[0].get('from')}-{pages[0].get('to')}" if pages else "",
        "print_date": text_of(xp(tree, print_ + "tei:imprint/tei:date/@when | " + print_ + "tei:imprint/tei:date/@from")),
        "roles": {(r.get("key"), text_of([a])) for s in xp(tree, h + "tei:titleStmt/tei:respStmt")
                  if s.get("cert") != "unknown" for r in xp(s, "tei:resp") for a in xp(s, "tei:persName|tei:orgName")
                  if a.get("ref") != "#sde"},
        "when": {r.get("key"): r.get("when") for r in xp(tree, h + "tei:titleStmt/tei:respStmt/tei:resp[@when]")},
        "rights": text_of(xp(tree, h + "tei:publicationStmt/tei:availability")),
        "status": text_of(xp(tree, h + "tei:publicationStmt/tei:availability/@status")),
        "online": text_of(xp(tree, h + "tei:sourceDesc/tei:bibl[@type='online']/tei:title | "
                                 + h + "tei:sourceDesc/tei:bibl[@type='online']/tei:date[@type='published']/@when")),
        "published": text_of(xp(tree, h + "tei:sourceDesc/tei:bibl[@type='first-published']")),
        "notes": text_of(xp(tree, h + "tei:notesStmt/tei:note")),
        "print_words": text_of(xp(tree, h + "tei:sourceDesc/tei:bibl[@type='print']/text()")),
    }


def page_words(path: Path) -> list[str]:
    """The words of a page as a browser shows them (markup, link targets and attributes gone), read with the
    parsers directly — not with the importer's readers."""
    data = path.read_bytes()
    if path.suffix == ".md":
        md = (MarkdownIt("commonmark").use(front_matter_plugin).use(attrs_plugin, spans=True)
              .use(attrs_block_plugin).use(container_plugin, name="div", validate=lambda *args: True)
              .use(footnote_plugin))
        data = md.render(data.decode("utf-8"))
    if path.suffix in (".md", ".htm"):
        root = tinyhtml5.parse(data)
        body = next(el for el in root if el.tag.endswith("body"))
        return words("".join(_shown_text(body)))
    return words(data.decode("utf-8"))


def _shown_text(el) -> list[str]:
    """The text a browser shows: element text and tails, without comments, scripts and styles."""
    name = el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""
    shown = bool(name) and name not in ("script", "style")
    parts = [" " if name in _BLOCKS else "", el.text or ""] if shown else []
    for child in el:
        if shown:
            parts += _shown_text(child)
        parts.append(child.tail or "")
    return [*parts, " " if name in _BLOCKS else ""]


_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "br", "td", "th", "tr", "blockquote", "hr", "pre",
           "table", "ul", "ol", "dd", "dt", "body"}


def tei_word_bag(tree: etree._ElementTree) -> Counter:
    """Every word the draft holds: its text, its header (the provenance block, the furniture recorded in
    editorialDecl) and the markers of its notes (twice: the page prints one at the reference and one at the
    note)."""
    root = tree.getroot()
    markers = " ".join([n.get("n", "") for n in root.iter("{http://www.tei-c.org/ns/1.0}note")] * 2)
    header = root.find("{http://www.tei-c.org/ns/1.0}teiHeader")
    text = reading_text(text_element(tree), "transcribed", include_editorial_notes=True)
    return Counter(words("".join(header.itertext()) + " " + text + " " + markers))


def reading_without_notes(tree: etree._ElementTree) -> list[str]:
    """The words of the text in reading order, the notes (which moved to their markers) left out."""
    text = copy.deepcopy(text_element(tree))
    for note in list(text.iter("{http://www.tei-c.org/ns/1.0}note")):
        remove_keeping_tail(note)
    return words(reading_text(text, "transcribed"))


def is_subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(any(word == other for other in it) for word in short)
