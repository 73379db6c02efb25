"""Properties checked by generation (Hypothesis): the real TEI source, mutated — elements deleted, duplicated,
moved and retyped, attributes set to random values, random Unicode put into the text — goes through the
build's own per-text step (edition.workers.run_text: parse, validate, check IDs, render the reading page).

- The pipeline either builds the text or reports problems with their place (`file:line:col`, line ≥ 1);
  never an unhandled exception, an internal error or a stylesheet failure. Strict and --lenient.
- Every generated document that validates keeps every word: each word of both readings, text and notes, is
  on the reading page in order; and, on a shorter copy of the essay, in the PDF.

How many cases: STRICT_CASES + LENIENT_CASES (2,000) for validate + HTML, PDF_CASES for the PDF; with
HYPOTHESIS_PROFILE=dev a tenth of each (for a quick local run). The stylesheets, schemas and templates are
compiled once per process and reused across cases, as in the build's workers.
"""

from __future__ import annotations

import copy
import os
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from hardening_support import assert_every_word_on_the_page, read_pdf
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from edition import PROJECT_ROOT, TEI_NS, XML_NS
from edition.ids import load_register, publish
from edition.readings import reading_text, words
from edition.workers import Outcome, Settings, TextTask, run_text
from edition.xmlsafe import parse_bytes, parse_file, remove_keeping_tail
from tests.support import text_element

ESSAY = PROJECT_ROOT / "tei" / "sedova-1941-davies.xml"
DOC = "sedova-1941-davies"
T = f"{{{TEI_NS}}}"
NS = {"tei": TEI_NS}
SCALE = 0.1 if os.environ.get("HYPOTHESIS_PROFILE") == "dev" else 1.0
STRICT_CASES = max(10, int(1400 * SCALE))
LENIENT_CASES = max(10, int(600 * SCALE))
PDF_CASES = max(3, int(24 * SCALE))
# HYPOTHESIS_PROFILE=ci (set by .ci/run): the same cases on every run of a commit, so CI never goes red on a
# case no earlier run tried; local runs keep drawing new ones.
COMMON = {"deadline": None, "database": None, "print_blob": True,
          "derandomize": os.environ.get("HYPOTHESIS_PROFILE") == "ci",
          "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}

ELEMENT_NAMES = (
    "p", "div", "head", "note", "hi", "quote", "cit", "q", "bibl", "persName", "placeName", "orgName", "choice",
    "sic", "corr", "orig", "reg", "list", "item", "label", "lg", "l", "table", "row", "cell", "ref", "ptr", "date",
    "title", "foreign", "soCalled", "seg", "lb", "pb", "milestone", "gap", "unclear", "add", "del", "closer",
    "dateline", "byline", "docTitle", "titlePart", "front", "back", "body", "text", "teiHeader", "standOff",
    "listPerson", "person", "figure", "floatingText", "anchor", "index", "fw", "stage", "sp", "speaker",
    "unknownElement", "{http://example.org/other}thing", "{http://www.w3.org/1999/xhtml}script",
)
ATTRIBUTE_NAMES = (
    f"{{{XML_NS}}}id", "n", "rend", "type", "ref", "target", f"{{{XML_NS}}}lang", "resp", "when", "corresp", "facs",
    "url", "source", "style", "place", "unit", "from", "to", "onclick", "{http://example.org/other}attr",
)
ATTRIBUTE_VALUES = (
    "", "#sedova", "#nowhere", "javascript:alert(1)", "data:text/html,x", f"{DOC}.p1", f"{DOC}.p99", "1", "0",
    "-3", "../x", "en", "he", "ar", "ru", "x-klingon", "italic", "editorial", "block", "1941-12-21", "2041-13-45",
    "https://example.org/", "a b c", "#sde #nowhere", "x" * 60,
)


def _xml_char(c: str) -> bool:
    o = ord(c)
    return o in (0x9, 0xA, 0xD) or 0x20 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD or o >= 0x10000


ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)).filter(_xml_char), max_size=40)
# What the print fonts cover (Latin, Greek, Cyrillic, combining marks, punctuation): the PDF cases stay
# within it, so that a refusal for a missing glyph does not stand in for the check of the words.
PRINTABLE_TEXT = st.text(st.sampled_from(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.;:!?()[]’‘“”–—-'\"&<>/"
    "áàâäãåçéèêëíìîïñóòôöõúùûüýÿœæßÁÉÍÓÚÑÇŒÆ"
    "αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΘΛΞΠΣΦΨΩάέήίόύώ"
    "абвгдежзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ"
    "\u0301\u0300\u0308\u0327\u00a0\u2009"), max_size=40)


@dataclass(frozen=True)
class Mutation:
    kind: str  # delete | duplicate | move | retype | attribute | text
    in_text: bool  # pick the element in <text> (else anywhere)
    target: int
    other: int
    name: str
    value: str

    def apply(self, tree: etree._ElementTree) -> None:
        root = tree.getroot()
        text = root.find(f"{T}text")
        scope = text if self.in_text and text is not None else root
        pool = [el for el in scope.iter(etree.Element) if el is not scope or self.kind in ("retype", "attribute",
                                                                                            "text")]
        if not pool:
            return
        el = pool[self.target % len(pool)]
        if self.kind == "delete" and el.getparent() is not None:
            remove_keeping_tail(el)
        elif self.kind == "duplicate" and el.getparent() is not None:
            twin = copy.deepcopy(el)
            twin.tail = None
            el.addnext(twin)
        elif self.kind == "move" and el.getparent() is not None:
            places = [p for p in root.iter(etree.Element) if p is not el and el not in p.iterancestors()]
            if places:
                place = places[self.other % len(places)]
                remove_keeping_tail(el)
                el.tail = None
                place.insert(self.other % (len(place) + 1), el)
        elif self.kind == "retype":
            el.tag = self.name if self.name.startswith("{") else T + self.name
        elif self.kind == "attribute":
            el.set(self.name, self.value)
        elif self.kind == "text":
            if self.other % 2 or el.getparent() is None:
                el.text = self.value if self.other % 3 else (el.text or "") + self.value
            else:
                el.tail = self.value if self.other % 3 else (el.tail or "") + self.value


def mutations(text: st.SearchStrategy[str] = ANY_TEXT,
              kinds: tuple[str, ...] = ("delete", "duplicate", "move", "retype", "attribute", "text", "text",
                                        "text")) -> st.SearchStrategy[Mutation]:
    def value_for(kind: str) -> st.SearchStrategy[str]:
        if kind == "attribute":
            return st.one_of(st.sampled_from(ATTRIBUTE_VALUES), text)
        return text if kind == "text" else st.just("")

    def name_for(kind: str) -> st.SearchStrategy[str]:
        if kind == "retype":
            return st.sampled_from(ELEMENT_NAMES)
        return st.sampled_from(ATTRIBUTE_NAMES) if kind == "attribute" else st.just("")

    return st.sampled_from(kinds).flatmap(lambda kind: st.builds(
        Mutation, st.just(kind), st.booleans() | st.just(True), st.integers(0, 10**6), st.integers(0, 10**6),
        name_for(kind), value_for(kind)))


# --- running the build's step --------------------------------------------------------------------------

class Workspace:
    """A source file and a staging folder, reused by every case of a property."""

    def __init__(self, folder: Path, base: etree._ElementTree, settings_: Settings) -> None:
        self.folder = folder
        self.base = base
        self.source = folder / f"{DOC}.xml"
        self.stage = folder / "stage"
        self.settings = settings_
        self.counts: Counter[str] = Counter()

    def run(self, changes: list[Mutation]) -> tuple[bytes, Outcome]:
        tree = copy.deepcopy(self.base)
        for change in changes:
            change.apply(tree)
        data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
        self.source.write_bytes(data)
        shutil.rmtree(self.stage, ignore_errors=True)
        self.stage.mkdir()
        outcome = run_text(TextTask(str(self.source), str(self.stage), self.settings))
        assert_reported_with_places(outcome)
        self.counts["built" if outcome.ok else "refused"] += 1
        return data, outcome


def assert_reported_with_places(outcome: Outcome) -> None:
    for problem in [*outcome.problems, *outcome.warnings]:
        assert problem.rule not in ("internal", "xslt"), problem.format()
        assert problem.line >= 1 and problem.column >= 1, problem.format()
        assert problem.path == outcome.shown, problem.format()
    if not outcome.ok:
        assert any(p.severity == "error" for p in outcome.problems), outcome
    for problem in outcome.problems:
        assert " — " in problem.message or problem.rule.startswith(("ed-", "rng", "ids")), problem.format()


# --- validate + HTML ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def base_tree() -> etree._ElementTree:
    return parse_file(ESSAY)


def test_mutated_sources_build_or_report_problems_and_keep_every_word(base_tree, tmp_path_factory):
    space = Workspace(tmp_path_factory.mktemp("strict"), base_tree, Settings())

    @settings(max_examples=STRICT_CASES, **COMMON)
    @given(st.lists(mutations(), min_size=1, max_size=4))
    def case(changes: list[Mutation]) -> None:
        _data, outcome = space.run(changes)
        if outcome.ok:
            assert_every_word_on_the_page(space.source, space.stage / outcome.doc_id / "index.html")

    case()
    assert sum(space.counts.values()) >= STRICT_CASES
    assert space.counts["built"] >= STRICT_CASES // 10, space.counts  # the word check is not vacuous


def test_mutated_sources_preview_or_report_problems(base_tree, tmp_path_factory):
    space = Workspace(tmp_path_factory.mktemp("lenient"), base_tree, Settings(lenient=True))

    @settings(max_examples=LENIENT_CASES, **COMMON)
    @given(st.lists(mutations(), min_size=1, max_size=6))
    def case(changes: list[Mutation]) -> None:
        space.run(changes)

    case()
    # Not a vacuous test: most mutated texts still build leniently: 360 of 600 under the CI profile; 34–48 of 60
    # in six runs of the dev profile (2026-12-08), and 27 once, under the half this asked before. A third is
    # about 4 standard deviations under 0.6 for 60 cases: it fails when lenient builds stop building, not by chance.
    assert space.counts["built"] >= LENIENT_CASES // 3, space.counts


# --- PDF ------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def short_essay(tmp_path_factory) -> tuple[etree._ElementTree, Path]:
    """The essay's title page, first two sections and back matter, with its own register of IDs."""
    tree = parse_file(ESSAY)
    for div in tree.xpath("/tei:TEI/tei:text/tei:body/tei:div", namespaces=NS)[2:]:
        div.getparent().remove(div)
    folder = tmp_path_factory.mktemp("short-essay")
    source = folder / f"{DOC}.xml"
    source.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    publish({source: parse_file(source)}, load_register(folder / "published-ids.json"))
    return tree, folder / "published-ids.json"


def test_mutated_sources_that_validate_keep_every_word_in_the_pdf(short_essay, tmp_path_factory):
    tree, register = short_essay
    space = Workspace(tmp_path_factory.mktemp("pdf"), tree, Settings(register=str(register)))

    @settings(max_examples=PDF_CASES, phases=[Phase.explicit, Phase.reuse, Phase.generate], **COMMON)
    @given(st.lists(mutations(PRINTABLE_TEXT, kinds=("text", "text", "text", "attribute", "duplicate")),
                    min_size=1, max_size=3))
    @example([Mutation("duplicate", True, 4, 0, "", "")])  # a word hyphenated across a page break
    @example([Mutation("text", True, 458, 17055, "", "δίE\u0327")])  # a letter the font has only decomposed
    # a correction inside a word ("Mr. Davies</persName>s<choice>…"): the apparatus gives the whole word
    @example([Mutation("text", True, 478, 1123, "", ">ó"), Mutation("text", True, 6465, 340, "", "s")])
    def case(changes: list[Mutation]) -> None:
        data, outcome = space.run(changes)
        if not outcome.ok:
            return
        space.counts["pdf"] += 1
        pdf = run_text(TextTask(str(space.source), str(space.stage), space.settings, check=False, outputs=("pdf",)))
        assert_reported_with_places(pdf)
        if not pdf.ok:
            return
        text = text_element(parse_bytes(data, "generated.xml"))
        expected = Counter(w for reading in ("corrected", "transcribed")
                           for w in words(reading_text(text, reading, include_editorial_notes=True)))
        assert read_pdf(space.stage / outcome.doc_id / f"{outcome.doc_id}.pdf").missing(set(expected)) == []

    case()
    assert space.counts["pdf"] >= PDF_CASES // 3, space.counts
