"""Validate TEI files: well-formedness, the project's RELAX NG and Schematron, and any other grammars.

    validator = Validator(extra_schemas=[Path("../shared/tei/tei_all.rng")])
    report = validator.validate_file(Path("tei/sedova-1941-davies.xml"))
    for problem in report.problems:
        print(problem.format())     # path:line:col: error|warning: message [rule-id]

The schemas are compiled once per `Validator`; reuse one validator for many files. Every problem
carries the line and column of the element it is about, and the id of the rule that found it:
`well-formed`, `encoding`, `limits` (edition.xmlsafe), `io`, `tei-root`, `rng` (the project grammar),
`rng:<stem>` (an extra grammar, e.g. `rng:tei_all`), `ed-root-id-filename` (checked here, needs the file
name), `url-scheme` and `xinclude` (source_hazards), or the id of a Schematron assertion (`ed-...`, see
schema/tei-edition.sch and schema/GUIDELINES.md); `schema` when a Schematron rule cannot be applied.
"""

from __future__ import annotations

import bisect
import codecs
import copy
import dataclasses
import difflib
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree, isoschematron

from . import SCHEMA_DIR, TEI_NS, TEMPLATES_DIR, XML_NS, XSLT_DIR
from .errors import EditionError, Problem, display_path
from .limits import element_limit_problem, read_source
from .shared_lists import PointerAttributes, pointer_attributes
from .urls import is_safe_url, link_problems
from .xmlsafe import lines_phrase, parse_bytes, parse_file, visible, xinclude_problems

PROJECT_RNG = SCHEMA_DIR / "tei-edition.rng"
PROJECT_SCH = SCHEMA_DIR / "tei-edition.sch"
GUIDELINES = "schema/GUIDELINES.md"
_EXAMPLE_ID = "sedova-1941-davies"  # the document identifier in the grammar's examples

RNG_NS = "http://relaxng.org/ns/structure/1.0"
ANNOTATION_NS = "http://relaxng.org/ns/compatibility/annotations/1.0"
SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
_SCH_NS = "http://purl.oclc.org/dsdl/schematron"
XML_ID = f"{{{XML_NS}}}id"


@dataclass
class FileReport:
    """What validation found in one file."""

    path: str  # as displayed
    problems: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """True when no problem is an error (warnings allowed)."""
        return not any(p.severity == "error" for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


# ---------------------------------------------------------------------------------------------
# Positions: line and column of every element's start tag, from the source text.


@dataclass(frozen=True)
class _Tag:
    name: str  # qualified name as written
    line: int  # line of "<"
    column: int  # column of "<", 1-based, in characters
    node_line: int  # line libxml2 gives the element (that of the start tag's ">")


_MARKUP = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>|<([^\s/>!?][^\s/>]*)",
    re.DOTALL,
)
_REST_OF_TAG = re.compile(r"""(?:[^>"']|"[^"]*"|'[^']*')*>""")
_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


_BYTE_ORDER_MARKS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _decode(source: bytes) -> str | None:
    """The source as text, without a byte-order mark (which would shift the columns of line 1)."""
    encoding = next((codec for mark, codec in _BYTE_ORDER_MARKS if source.startswith(mark)), None)
    if encoding is None:
        match = _ENCODING.match(source)
        encoding = match.group(1).decode("ascii") if match else "utf-8"
    try:
        return source.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None


def _scan_start_tags(text: str) -> list[_Tag]:
    """Start tags in document order, with their positions (comments, CDATA, PIs skipped)."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(line_starts, offset) - 1
        return index + 1, offset - line_starts[index] + 1

    tags = []
    for match in _MARKUP.finditer(text):
        if match.group(1) is None:
            continue
        line, column = position(match.start())
        rest = _REST_OF_TAG.match(text, match.end())
        node_line = position(rest.end() - 1)[0] if rest else line
        tags.append(_Tag(match.group(1), line, column, node_line))
    return tags


# libxml2 keeps an element's line in 16 bits: from line 65,535 on, lxml's `sourceline` is borrowed from a
# neighbouring text node, and after RELAX NG validation (which reuses that field) it reads 65535. Lines from
# there on come from the scan of the source alone (the elements matched to the start tags in document order).
_LINE_CAP = 65535


class _Positions:
    """Where each element of a tree starts in its source text; falls back to lxml's line, column 1."""

    def __init__(self, tree: etree._ElementTree, source: bytes | Callable[[], bytes | None] | None) -> None:
        self._tree = tree
        self._source = source  # the bytes, or a function that reads them (called only when a place is asked)
        self._by_element: dict[etree._Element, _Tag] | None = None  # scanned when first asked (valid files never are)

    def _scan(self) -> dict[etree._Element, _Tag]:
        by_element: dict[etree._Element, _Tag] = {}
        source = self._source() if callable(self._source) else self._source
        text = _decode(source) if source else None
        if text is None:
            return by_element
        elements = [el for el in self._tree.getroot().iter() if isinstance(el.tag, str)]
        tags = _scan_start_tags(text)
        if len(tags) != len(elements):
            return {}
        for element, tag in zip(elements, tags, strict=True):
            if tag.name.rpartition(":")[2] != etree.QName(element).localname or (
                    tag.node_line < _LINE_CAP and tag.node_line != element.sourceline):
                return {}  # the tree is not (or no longer) this text: no columns rather than wrong ones
            by_element[element] = tag
        return by_element

    def of_element(self, element: etree._Element) -> tuple[int, int]:
        if self._by_element is None:
            self._by_element = self._scan()
        tag = self._by_element.get(element)
        if tag is not None:
            return tag.line, tag.column
        return max(element.sourceline or 1, 1), 1


# ---------------------------------------------------------------------------------------------
# The project grammar, read as data, to explain attribute errors libxml2 reports only vaguely.


@dataclass
class _AttributeRule:
    required: bool
    values: frozenset[str] | None  # the allowed values, when the grammar lists them
    datatype: str | None  # name of the ed.data.* define, when the value has a pattern
    is_list: bool = False  # a space-separated list of such values


class _GrammarExplainer:
    """Answers "which attributes may <p> carry here, and with which values?" from tei-edition.rng."""

    def __init__(self, grammar: etree._ElementTree) -> None:
        self._defines: dict[str, etree._Element] = {}
        for define in grammar.getroot().iter(f"{{{RNG_NS}}}define"):
            self._defines[define.get("name")] = define
        # define name -> {attribute name: rule}, for every define that is an element pattern
        self.attributes: dict[str, dict[str, _AttributeRule]] = {}
        # define name -> define names of the elements it may contain
        self.children: dict[str, set[str]] = {}
        self.element_name: dict[str, str] = {}
        for name, define in self._defines.items():
            element = define.find(f"{{{RNG_NS}}}element")
            if element is None:
                continue
            attributes: dict[str, _AttributeRule] = {}
            self._collect(element, attributes, required=True, seen=set())
            self.attributes[name] = attributes
            self.element_name[name] = element.get("name")
            self.children[name] = self._child_defines(element, set())
        start = grammar.getroot().find(f"{{{RNG_NS}}}start")
        self.roots = self._child_defines(start, set()) if start is not None else set()
        self._datatype_checkers: dict[str, etree.RelaxNG] = {}
        self._required_cache: dict[str, set[str]] = {}

    def documentation(self, define: str) -> str:
        node = self._defines.get(define)
        doc = node.find(f"{{{ANNOTATION_NS}}}documentation") if node is not None else None
        if doc is None and node is not None:
            element = node.find(f"{{{RNG_NS}}}element")
            doc = element.find(f"{{{ANNOTATION_NS}}}documentation") if element is not None else None
        return " ".join((doc.text or "").split()) if doc is not None else ""

    def _collect(self, node: etree._Element, out: dict, required: bool, seen: set[str]) -> None:
        for child in node:
            if not isinstance(child.tag, str) or not child.tag.startswith(f"{{{RNG_NS}}}"):
                continue
            kind = etree.QName(child).localname
            if kind == "element":
                continue
            if kind == "attribute":
                listed = child.find(f"{{{RNG_NS}}}list")
                values, datatype = self._value_space(listed if listed is not None else child, set())
                out[child.get("name")] = _AttributeRule(required, values, datatype, listed is not None)
            elif kind == "ref":
                name = child.get("name")
                if name in seen or name not in self._defines:
                    continue
                target = self._defines[name]
                if target.find(f"{{{RNG_NS}}}element") is None:
                    self._collect(target, out, required, seen | {name})
            elif kind in ("optional", "zeroOrMore", "choice"):
                self._collect(child, out, False, seen)
            else:
                self._collect(child, out, required, seen)

    def _child_defines(self, node: etree._Element, seen: set[str]) -> set[str]:
        found: set[str] = set()
        for child in node:
            if child.tag == f"{{{RNG_NS}}}ref":
                name = child.get("name")
                if name in seen or name not in self._defines:
                    continue
                if self._defines[name].find(f"{{{RNG_NS}}}element") is not None:
                    found.add(name)
                else:
                    found |= self._child_defines(self._defines[name], seen | {name})
            elif isinstance(child.tag, str) and child.tag.startswith(f"{{{RNG_NS}}}") and \
                    child.tag not in (f"{{{RNG_NS}}}element", f"{{{RNG_NS}}}attribute"):
                found |= self._child_defines(child, seen)
        return found

    def _describe(self, attribute: str, candidates: list[dict[str, _AttributeRule]]) -> str:
        """ (one of: a, b) or (what the datatype says), for an attribute someone has to add."""
        rules = [attrs[attribute] for attrs in candidates if attribute in attrs]
        if rules and all(r.values for r in rules):
            return f" (one of: {', '.join(sorted(set().union(*(r.values for r in rules if r.values))))})"
        datatypes = sorted({r.datatype for r in rules if r.datatype})
        described = "; or ".join(d for d in (self.documentation(t).rstrip(".") for t in datatypes) if d)
        return f" ({described})" if described else ""

    def _required_children(self, node: etree._Element, required: bool, seen: set[str]) -> set[str]:
        found: set[str] = set()
        for child in node:
            if not isinstance(child.tag, str) or not child.tag.startswith(f"{{{RNG_NS}}}"):
                continue
            kind = etree.QName(child).localname
            if kind in ("element", "attribute"):
                continue
            if kind == "ref":
                name = child.get("name")
                if name in seen or name not in self._defines:
                    continue
                target = self._defines[name]
                element = target.find(f"{{{RNG_NS}}}element")
                if element is not None:
                    if required:
                        found.add(element.get("name"))
                else:
                    found |= self._required_children(target, required, seen | {name})
            elif kind in ("optional", "zeroOrMore", "choice"):
                continue
            else:
                found |= self._required_children(child, required, seen)
        return found

    def content_summary(self, element: etree._Element, limit: int = 240) -> str:
        """The order of children the grammar expects in `element`, e.g. "title+, author+, respStmt+" ("" if long)."""
        summaries = {self._summarise(self._defines[d].find(f"{{{RNG_NS}}}element"), set())
                     for d in self.definitions_for(element)}
        summaries.discard("")
        text = " or ".join(sorted(summaries))
        return text if text and len(text) <= limit else ""

    def _summarise(self, node: etree._Element, seen: set[str]) -> str:
        parts = []
        for child in node:
            if not isinstance(child.tag, str) or not child.tag.startswith(f"{{{RNG_NS}}}"):
                continue
            kind = etree.QName(child).localname
            if kind in ("attribute", "empty", "notAllowed", "data", "value"):
                continue
            if kind == "text":
                parts.append("text")
            elif kind == "ref":
                name = child.get("name")
                target = self._defines.get(name)
                if target is None or name in seen:
                    continue
                element = target.find(f"{{{RNG_NS}}}element")
                parts.append(element.get("name") if element is not None else self._summarise(target, seen | {name}))
            else:
                inner = self._summarise(child, seen)
                if not inner:
                    continue
                joiner = {"choice": " | ", "interleave": " & "}.get(kind)
                if joiner:
                    items = [self._summarise(c, seen) if c.tag != f"{{{RNG_NS}}}ref" else self._summarise_ref(c, seen)
                             for c in child if isinstance(c.tag, str) and c.tag.startswith(f"{{{RNG_NS}}}")]
                    inner = "(" + joiner.join(i for i in items if i) + ")"
                suffix = {"optional": "?", "zeroOrMore": "*", "oneOrMore": "+"}.get(kind, "")
                if suffix and ("," in inner or "|" in inner or "&" in inner) and not inner.startswith("("):
                    inner = f"({inner})"
                parts.append(inner + suffix)
        parts = [p for p in parts if p]
        return ", ".join(parts)

    def _summarise_ref(self, ref: etree._Element, seen: set[str]) -> str:
        holder = etree.Element(f"{{{RNG_NS}}}group")
        holder.append(etree.fromstring(etree.tostring(ref)))
        return self._summarise(holder, seen)

    def _required_of(self, definition: str) -> set[str]:
        if definition not in self._required_cache:
            element = self._defines[definition].find(f"{{{RNG_NS}}}element")
            self._required_cache[definition] = self._required_children(element, True, set())
        return self._required_cache[definition]

    def missing_children(self, element: etree._Element, definitions: list[str] | None = None) -> list[str]:
        """Names of child elements every applicable pattern requires but `element` lacks."""
        if definitions is None:
            definitions = self.definitions_for(element)
        if not definitions:
            return []
        required = set.intersection(*(self._required_of(d) for d in definitions))
        present = {etree.QName(c).localname for c in element if isinstance(c.tag, str)}
        return sorted(required - present)

    def definitions_for(self, element: etree._Element) -> list[str]:
        """The grammar's patterns that can apply to `element`, judged from its ancestors' names."""
        chain = [element, *element.iterancestors()][::-1]
        candidates = {d for d in self.roots if self.element_name.get(d) == etree.QName(chain[0]).localname}
        for node in chain[1:]:
            local = etree.QName(node).localname
            candidates = {c for parent in candidates for c in self.children.get(parent, ())
                          if self.element_name.get(c) == local}
        return sorted(candidates)

    def _value_space(self, node: etree._Element, seen: set[str]) -> tuple[frozenset[str] | None, str | None]:
        values: set[str] = set()
        for child in node.iterdescendants():
            if not isinstance(child.tag, str):
                continue
            local = etree.QName(child).localname if child.tag.startswith(f"{{{RNG_NS}}}") else ""
            if local == "value":
                values.add((child.text or "").strip())
            elif local in ("data", "list", "text"):
                return None, None
            elif local == "ref" and child.get("name") not in seen:
                name = child.get("name")
                inner_values, datatype = self._value_space(self._defines[name], seen | {name})
                if inner_values is None:
                    return None, datatype or name
                values |= inner_values
        return (frozenset(values) if values else None), None

    def datatype_accepts(self, datatype: str, value: str) -> bool:
        checker = self._datatype_checkers.get(datatype)
        if checker is None:
            define = self._defines[datatype]
            grammar = etree.Element(f"{{{RNG_NS}}}grammar", datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes")
            start = etree.SubElement(grammar, f"{{{RNG_NS}}}start")
            element = etree.SubElement(start, f"{{{RNG_NS}}}element", name="v")
            for child in define:
                if isinstance(child.tag, str) and child.tag.startswith(f"{{{RNG_NS}}}"):
                    element.append(etree.fromstring(etree.tostring(child)))
            checker = etree.RelaxNG(grammar)
            self._datatype_checkers[datatype] = checker
        holder = etree.Element("v")
        holder.text = value
        return bool(checker.validate(holder))

    def scan(self, tree: etree._ElementTree) -> Iterator[tuple[etree._Element, list[str], list[str]]]:
        """Every element of the document with its attribute findings and missing children (top-down, once)."""
        root = tree.getroot()
        todo = [(root, {d for d in self.roots if self.element_name.get(d) == etree.QName(root).localname})]
        while todo:
            element, definitions = todo.pop()
            if definitions:
                yield (element, self.explain_attributes(element, sorted(definitions)),
                       self.missing_children(element, sorted(definitions)))
            for child in element:
                if isinstance(child.tag, str):
                    local = etree.QName(child).localname
                    todo.append((child, {c for d in definitions for c in self.children.get(d, ())
                                         if self.element_name.get(c) == local}))

    def explain_attributes(self, element: etree._Element, definitions: list[str] | None = None) -> list[str]:
        """Plain-language findings about the attributes of `element` (empty when none found)."""
        local = etree.QName(element).localname
        if definitions is None:
            definitions = self.definitions_for(element)
        candidates = [self.attributes[d] for d in definitions]
        if not candidates:
            return []
        findings = []
        present = set()
        for attr_name, value in element.attrib.items():
            shown = "xml:" + etree.QName(attr_name).localname if attr_name.startswith(f"{{{XML_NS}}}") else attr_name
            present.add(shown)
            rules = [attrs[shown] for attrs in candidates if shown in attrs]
            if not rules:
                allowed = sorted({a for attrs in candidates for a in attrs})
                findings.append(f"@{shown} is not allowed on <{local}> here (allowed: {', '.join(allowed) or 'none'})")
                continue
            if all(r.values is not None for r in rules):
                allowed_values = sorted(set().union(*(r.values for r in rules if r.values)))
                tokens = value.split() if all(r.is_list for r in rules) else [value.strip()]
                if not tokens or any(token not in allowed_values for token in tokens):
                    findings.append(f'{shown}="{value}" is not one of the values the edition allows: '
                                    f"{', '.join(allowed_values)}")
                continue
            datatypes = {r.datatype for r in rules if r.datatype}
            if datatypes and not any(self.datatype_accepts(d, value) for d in datatypes):
                described = "; or ".join(self.documentation(d) for d in sorted(datatypes))
                findings.append(f'{shown}="{value}" does not have the required form: {described}')
        required = set.intersection(*({a for a, r in attrs.items() if r.required} for attrs in candidates))
        for missing in sorted(required - present):
            findings.append(f"@{missing} is required on <{local}> here{self._describe(missing, candidates)}")
        return findings


# ---------------------------------------------------------------------------------------------
# RELAX NG: libxml2's messages, said plainly.

_RNG_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"Expecting an element , got nothing"),
     "<{parent}> ends too early: some required content is missing at its end — see {guide}"),
    (re.compile(r"Expecting an element (\S+), got nothing"),
     "<{parent}> lacks a required <{0}> element — add it where the grammar expects it (see {guide})"),
    (re.compile(r"Expecting element (\S+), got (\S+)"),
     ("<{1}> is not allowed at this place (the grammar expected <{0}> or another element here) — check what is "
      "missing before it or whether it belongs elsewhere (see {guide})")),
    (re.compile(r"Did not expect element (\S+) there"),
     "<{0}> is not allowed at this place — move it, remove it, or check the elements before it (see {guide})"),
    (re.compile(r"Element (\S+) has extra content: (\S+)"),
     ("<{0}> contains <{1}> where the edition does not allow it (or something required before it is missing) — "
      "see {guide}")),
    (re.compile(r"Extra element (\S+) in interleave"),
     "<{0}> is not allowed here, or appears more often than allowed — see {guide}"),
    (re.compile(r"Invalid attribute (\S+) for element (\S+)"),
     "<{1}>: attribute @{0} is not allowed here or its value is not one the edition allows — see {guide}"),
    (re.compile(r"Element (\S+) failed to validate attributes"),
     ("<{0}> has a missing, misspelt or not-allowed attribute, or a value outside the edition's vocabulary — "
      "see {guide}")),
    (re.compile(r"Did not expect text in element (\S+) content"),
     "<{0}> may not contain text directly — put the words inside the element that should hold them (see {guide})"),
    (re.compile(r"Element (\S+) failed to validate content"),
     "the content of <{0}> does not follow the edition's rules — see {guide}"),
    (re.compile(r"Expecting a namespace for element (\S+)"),
     "<{0}> is not in the TEI namespace — TEI elements need xmlns=\"http://www.tei-c.org/ns/1.0\""),
    (re.compile(r"Element (\S+) has wrong namespace: expecting (\S+)"),
     "<{0}> is in the wrong namespace — TEI elements need xmlns=\"{1}\""),
    (re.compile(r"Expecting element (\S+) to have namespace"),
     "<{0}> is in the wrong namespace — TEI elements need xmlns=\"http://www.tei-c.org/ns/1.0\""),
]

_CASCADE_TYPES = {"RELAXNG_ERR_CONTENTVALID", "RELAXNG_ERR_INTERSEQ", "RELAXNG_ERR_ATTRVALID"}
_CONTENT_ERRORS = {"RELAXNG_ERR_NOELEM", "RELAXNG_ERR_ELEMNAME", "RELAXNG_ERR_ELEMWRONG",
                   "RELAXNG_ERR_EXTRACONTENT", "RELAXNG_ERR_INTEREXTRA", "RELAXNG_ERR_CONTENTVALID"}
_NAME_IN_MESSAGE = re.compile(r"(?:[Ee]lement|got|content:) ([A-Za-z_][\w.:-]*)")


def _names_in(message: str) -> list[str]:
    return [m.rpartition(":")[2] for m in _NAME_IN_MESSAGE.findall(message)]


def _without_cascades(entries: list) -> list:
    """libxml2 reports one fault several times, up the tree; keep the innermost, most specific report."""
    if any(e.line > 0 for e, _ in entries):
        entries = [(e, el) for e, el in entries if e.line > 0]
    elements = [el for e, el in entries if el is not None
                and e.type_name not in ("RELAXNG_ERR_CONTENTVALID", "RELAXNG_ERR_INTERSEQ")]
    above = {ancestor for el in elements for ancestor in el.iterancestors()}  # (sets: linear in the reports)
    faulty_or_above = above | set(elements)
    by_element: dict[etree._Element | None, list] = {}
    for entry, element in entries:
        by_element.setdefault(element, []).append(entry)
    kept = []
    for entry, element in entries:
        expected = re.match(r"Expecting element (\S+), got", entry.message)
        if expected and element is not None and element.getparent() is not None:
            name = expected.group(1).rpartition(":")[2]
            faulty_sibling = any(etree.QName(sib).localname == name and sib in faulty_or_above
                                 for sib in element.getparent() if isinstance(sib.tag, str))
            if faulty_sibling:
                continue  # the expected element is there; the fault is inside it
        if element is not None and element in above:
            continue  # an error inside this element explains it
        same = [e for e in by_element[element] if e is not entry]
        if entry.type_name == "RELAXNG_ERR_ATTRVALID" and any(e.type_name == "RELAXNG_ERR_INVALIDATTR" for e in same):
            continue
        if entry.type_name in ("RELAXNG_ERR_CONTENTVALID", "RELAXNG_ERR_INTERSEQ") and any(
                e.type_name not in _CASCADE_TYPES for e in same):
            continue
        kept.append((entry, element))
    return kept


# ---------------------------------------------------------------------------------------------


class Validator:
    """Compiles the project RELAX NG + Schematron (and any extra RELAX NG grammars) once; reuse it."""

    def __init__(self, extra_schemas: Sequence[Path] = ()) -> None:
        grammar_tree = _read_schema(PROJECT_RNG)
        self._grammar = _compile_relaxng(grammar_tree, PROJECT_RNG)
        self._grammar_tree = grammar_tree
        self._explainer_made: _GrammarExplainer | None = None
        self._schematron = _compile_schematron(PROJECT_SCH, leave_out=_CHECKED_HERE)
        self._element_names = _grammar_element_names(grammar_tree)
        # No anyName or nsName: the grammar names every element it allows, so a document it accepts has no unknown one
        self._names_all = not grammar_tree.xpath("//r:anyName | //r:nsName", namespaces={"r": RNG_NS})
        self._extra = [(f"rng:{Path(p).stem}", _compile_relaxng(_read_schema(Path(p)), Path(p)))
                       for p in extra_schemas]

    @property
    def _explainer(self) -> _GrammarExplainer:
        """The grammar read as data, to explain what libxml2 rejects: made when a file first needs it."""
        if self._explainer_made is None:
            self._explainer_made = _GrammarExplainer(self._grammar_tree)
        return self._explainer_made

    # -- public API ------------------------------------------------------------------------

    def validate_file(self, path: Path) -> FileReport:
        return self.check_file(path)[0]

    def check_file(self, path: Path) -> tuple[FileReport, etree._ElementTree | None]:
        """Like validate_file, and also the parsed tree (None when the file could not be parsed)."""
        shown = display_path(path)
        path = Path(path)
        if path.is_dir():
            return FileReport(shown, [Problem(shown, 1, 1, "error", "io",
                                              "this is a folder, not a TEI file — name .xml files instead")]), None
        try:
            path.stat()
        except FileNotFoundError:
            return FileReport(shown, [Problem(shown, 1, 1, "error", "io", "no such file — check the path")]), None
        except OSError:
            pass  # read_source says why
        try:
            source = read_source(path, shown)  # a regular file of a bounded size (edition.limits)
        except EditionError as exc:
            return FileReport(shown, list(exc.problems)), None
        etree.clear_error_log()  # the parser reports from lxml's shared log; start it empty
        try:
            tree = parse_bytes(source, shown, base_url=path.resolve().as_uri())
        except EditionError as exc:
            return FileReport(shown, parse_problems(exc, shown)), None
        return self._validate(tree, shown, source, path.name), tree

    def validate_tree(self, tree: etree._ElementTree | etree._Element, shown_path: str, *,
                      elements_counted: bool = False, attributes: PointerAttributes | None = None) -> FileReport:
        """`elements_counted`: the caller has refused a tree of too many elements already (edition.limits);
        `attributes`: edition.shared_lists.pointer_attributes(tree), when the caller has them."""
        if isinstance(tree, etree._Element):
            tree = tree.getroottree()
        file_name = Path(shown_path).name if shown_path.endswith(".xml") else None
        return self._validate(tree, shown_path, lambda: _source_of(tree), file_name, elements_counted, attributes)

    # -- the checks --------------------------------------------------------------------------

    def _validate(self, tree: etree._ElementTree, shown: str, source: bytes | Callable[[], bytes | None] | None,
                  file_name: str | None, elements_counted: bool = False,
                  attributes: PointerAttributes | None = None) -> FileReport:
        positions = _Positions(tree, source)
        root = tree.getroot()
        too_many = None if elements_counted else element_limit_problem(root, shown)
        if too_many is not None:  # refused before any rule runs (edition.limits)
            return FileReport(shown, [too_many])
        not_tei = _not_tei(root, shown, positions)
        if not_tei:
            return FileReport(shown, not_tei)
        problems: list[Problem] = []
        problems += self._check_file_name(root, shown, file_name, positions)
        accepted = self._grammar.validate(tree)
        if not accepted:
            problems += self._relaxng(self._grammar, "rng", tree, shown, positions, explain=True)
        problems += self._schematron_problems(tree, shown, positions)  # (without the patterns of _CHECKED_HERE)
        holders = id_holders(root, attributes)  # one walk for the three checks of xml:ids (0.6 ms less a text, 2026-12-07)
        repeated = repeated_id_problems(tree, shown, positions, holders)
        if repeated:  # libxml2's own words for them ("ID … redefined", a vague attribute error) say less
            later = {positions.of_element(el) for els in _repeated(holders).values() for el in els[1:]}
            problems = [p for p in problems if not (p.rule == "rng" and (p.line, p.column) in later
                                                    and ("redefined" in p.message or "has a missing, misspelt" in p.message))]
        problems += (repeated + xml_id_form_problems(tree, shown, positions, holders)
                     + page_id_problems(tree, shown, positions, holders))
        unknown = [] if accepted and self._names_all else (  # (not looked for again: 0.17 ms a text, 2026-12-07)
            unknown_element_problems(tree, shown, positions, self._element_names))
        if unknown:  # "<orgname> is not allowed at this place" says less than which element was meant
            places = {(p.line, p.column) for p in unknown}
            problems = [p for p in problems if not (p.rule == "rng" and (p.line, p.column) in places
                                                    and "is not allowed at this place" in p.message)]
        problems += unknown
        problems += source_hazards(tree, shown, positions.of_element, attributes)
        for rule, grammar in self._extra:
            if not grammar.validate(tree):
                problems += self._relaxng(grammar, rule, tree, shown, positions, explain=False)
        return FileReport(shown, sorted(set(problems), key=lambda p: (p.line, p.column, p.rule, p.message)))

    @staticmethod
    def _check_file_name(root: etree._Element, shown: str, file_name: str | None,
                         positions: _Positions) -> list[Problem]:
        if not file_name:
            return []
        stem = file_name.removesuffix(".xml")
        doc_id = root.get(XML_ID)
        if doc_id == stem:
            return []
        line, column = positions.of_element(root)
        if doc_id is None:
            what = "The TEI element has no xml:id"
        else:
            what = f'The document identifier xml:id="{doc_id}" differs from the file name "{file_name}"'
        return [Problem(shown, line, column, "error", "ed-root-id-filename",
                        f'{what} — the identifier is the file name without ".xml": rename the file to '
                        f'"{doc_id}.xml" or set xml:id="{stem}" (never change a published identifier)'
                        if doc_id else f'{what} — add xml:id="{stem}" (the file name without ".xml")')]

    def _relaxng(self, grammar: etree.RelaxNG, rule: str, tree: etree._ElementTree, shown: str,
                 positions: _Positions, explain: bool) -> list[Problem]:
        """What a grammar that has just rejected the tree found (its error log), said plainly."""
        lines = _by_line(tree)
        entries = [(e, _element_at(tree, e.line, _names_in(e.message), e.type_name == "RELAXNG_ERR_NOELEM", lines))
                   for e in grammar.error_log if e.level_name in ("ERROR", "FATAL")]
        problems = []
        for entry, element in _without_cascades(entries):
            findings = self._explain(tree, entry, element) if explain else []
            if findings:
                problems += [Problem(shown, *positions.of_element(el), "error", rule, text) for el, text in findings]
                continue
            line, column = positions.of_element(element) if element is not None else (max(entry.line, 1), 1)
            message = _plain_rng_message(entry.message, element, rule)
            if element is None:
                message += " (the validator could not tell the line)"
            problems.append(Problem(shown, line, column, "error", rule, message))
        if explain:  # libxml2 stops looking inside what it rejected: find the edition's other slips too
            problems += self._scan_problems(tree, shown, positions, rule)
            doc_id = tree.getroot().get(XML_ID) or ""
            if re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", doc_id):  # examples in this document's own terms
                problems = [dataclasses.replace(p, message=p.message.replace(_EXAMPLE_ID, doc_id)) for p in problems]
        return problems

    def _scan_problems(self, tree: etree._ElementTree, shown: str, positions: _Positions, rule: str) -> list[Problem]:
        problems = []
        for element, findings, missing in self._explainer.scan(tree):
            local = etree.QName(element).localname
            if findings:
                problems.append(Problem(shown, *positions.of_element(element), "error", rule,
                                        f"<{local}>: " + "; ".join(findings)
                                        + f" — correct the attribute (see {GUIDELINES})"))
            if missing:
                wanted = ", ".join(f"<{m}>" for m in missing)
                problems.append(Problem(shown, *positions.of_element(element), "error", rule,
                                        f"<{local}> lacks {wanted}, which the edition requires here — add "
                                        f"{'it' if len(missing) == 1 else 'them'} in the right place (see {GUIDELINES})"))
        return problems

    def _explain(self, tree: etree._ElementTree, entry, element: etree._Element | None
                 ) -> list[tuple[etree._Element, str]]:
        """What is really wrong, in the project's terms: bad attributes in or below the element libxml2
        stopped at, or required children its container lacks. Empty when nothing is found."""
        names = _names_in(entry.message)
        if element is None:  # libxml2 gave no line: look at every element of the name it gave
            scope = [el for el in tree.getroot().iter() if isinstance(el.tag, str)
                     and etree.QName(el).localname in names[:1]]
            return self._attribute_findings(scope)
        container = _container(entry, element, names)
        findings = self._attribute_findings(container.iter() if container is not None else [element])
        if findings or container is None:
            return findings
        missing = self._explainer.missing_children(container)
        name = etree.QName(container).localname
        if missing:
            wanted = ", ".join(f"<{m}>" for m in missing)
            return [(container, (f"<{name}> lacks {wanted}, which the edition requires here — add "
                                 f"{'it' if len(missing) == 1 else 'them'} in the right place (see {GUIDELINES})"))]
        order = self._explainer.content_summary(container)
        if order and entry.type_name in _CONTENT_ERRORS:
            offending = element if element is not container else None
            what = (f"<{etree.QName(offending).localname}> is not allowed at this place"
                    if offending is not None else f"the content of <{name}> is out of order")
            return [(offending if offending is not None else container,
                     (f"{what}: in <{name}> the edition expects {order} — put the elements in this order, "
                      f"or remove what does not belong (see {GUIDELINES})"))]
        return []

    def _attribute_findings(self, elements: Iterable[etree._Element]) -> list[tuple[etree._Element, str]]:
        findings = []
        for el in elements:
            if not isinstance(el.tag, str) or etree.QName(el).namespace != TEI_NS:
                continue
            found = self._explainer.explain_attributes(el)
            if found:
                findings.append((el, f"<{etree.QName(el).localname}>: " + "; ".join(found)
                                 + f" — correct the attribute (see {GUIDELINES})"))
        return findings

    def _schematron_problems(self, tree: etree._ElementTree, shown: str, positions: _Positions) -> list[Problem]:
        try:
            report = self._schematron(tree).getroot()
        except etree.XSLTApplyError as exc:  # e.g. a rule that reads another file: the stylesheet may not
            return [Problem(shown, 1, 1, "error", "schema",
                            f"the Schematron rules could not be applied ({exc}) — fix {display_path(PROJECT_SCH)}; "
                            f"its rules may read nothing but the document")]
        problems = []
        for failed in report.iter(f"{{{SVRL_NS}}}failed-assert", f"{{{SVRL_NS}}}successful-report"):
            text = failed.find(f"{{{SVRL_NS}}}text")
            message = " ".join("".join(text.itertext()).split()) if text is not None else ""
            severity = "warning" if failed.get("role") in ("warning", "warn", "info", "information") else "error"
            element = self._schematron.located(tree, failed.get("location", "/"))
            line, column = positions.of_element(element) if element is not None else (1, 1)
            problems.append(Problem(shown, line, column, severity, failed.get("id") or "schematron", message))
        return problems


IdHolders = list[tuple[etree._Element, str]]  # (element, its xml:id) in document order


_XML_IDS = etree.XPath("//@xml:id")


def id_holders(root: etree._Element, attributes: PointerAttributes | None = None) -> IdHolders:
    """Every element with an xml:id, and the ID: from `attributes` (edition.shared_lists.pointer_attributes),
    when the caller has them, else found in C (not by a walk in Python: 0.21 → 0.13 ms a text, 2026-12-08)."""
    if attributes is not None:
        return [(element, value) for element, name, value in attributes if name == XML_ID]
    return [(value.getparent(), str(value)) for value in _XML_IDS(root)]


def _repeated(holders: IdHolders) -> dict[str, list[etree._Element]]:
    """edition.xmlsafe.repeated_ids, from the holders found already."""
    found: dict[str, list[etree._Element]] = {}
    for element, value in holders:
        found.setdefault(value, []).append(element)
    return {value: elements for value, elements in found.items() if len(elements) > 1}


def repeated_id_problems(tree: etree._ElementTree, shown: str, positions: _Positions,
                         holders: IdHolders | None = None) -> list[Problem]:
    """One error for each xml:id that several elements hold, at its second holder, naming every line."""
    problems = []
    for value, elements in _repeated(holders if holders is not None else id_holders(tree.getroot())).items():
        places = [positions.of_element(el) for el in elements]
        lines = [line for line, _column in places]
        problems.append(Problem(shown, *places[1], "error", "ed-id-unique",
                                f'The xml:id "{value}" is used {len(elements)} times ({lines_phrase(lines)}) — '
                                f"every xml:id must be unique in the document: give each element after the "
                                f"first an identifier of its own (and never renumber published ones)"))
    return problems


_NCNAME = re.compile(r"[^\W\d][\w.\-\u00B7\u0300-\u036F\u203F\u2040]*")


def xml_id_form_problems(tree: etree._ElementTree, shown: str, positions: _Positions,
                         holders: IdHolders | None = None) -> list[Problem]:
    """An xml:id that is not an XML name (NCName: a letter or "_" first, then letters, digits, ".", "-", "_";
    no colon, slash or space). libxml2 checks this only while it collects IDs, which the parser no longer does
    (see edition.xmlsafe.make_parser)."""
    problems = []
    for element, value in holders if holders is not None else id_holders(tree.getroot()):
        if not _NCNAME.fullmatch(value):
            problems.append(Problem(shown, *positions.of_element(element), "error", "xml-id",
                                    f'xml:id="{visible(value)}" is not an XML name — an identifier begins with a '
                                    f'letter or "_" and holds only letters, digits, ".", "-" and "_" (no "/", ":" '
                                    f"or space): give the element such an identifier"))
    return problems


_LITERAL_ID = re.compile(rb'\sid="([A-Za-z_][\w.-]*)"')


@functools.cache
def page_ids() -> frozenset[str]:
    """The identifiers the edition's pages give their own parts (`main`, `colophon`, `ed-notes` …): every
    literal id="…" of the page templates and the stylesheets."""
    found: set[str] = set()
    for folder, pattern in ((TEMPLATES_DIR, "*.html"), (XSLT_DIR, "*.xsl")):
        for path in sorted(folder.glob(pattern)):
            found.update(m.decode("ascii") for m in _LITERAL_ID.findall(path.read_bytes()))
    return frozenset(found)


def page_id_problems(tree: etree._ElementTree, shown: str, positions: _Positions,
                     holders: IdHolders | None = None) -> list[Problem]:
    """An xml:id that a page of the edition uses for a part of its own: the page (or the PDF's destinations)
    would hold it twice, and a link to one would land on the other."""
    reserved = page_ids()
    return [Problem(shown, *positions.of_element(element), "error", "ed-id-page",
                    f'xml:id="{value}" is an identifier the edition\'s pages use for a part of their '
                    f"own (the page's {value!r} section or destination) — choose another identifier, "
                    f"e.g. with the document ID before it")
            for element, value in (holders if holders is not None else id_holders(tree.getroot())) if value in reserved]


def _grammar_element_names(grammar: etree._ElementTree) -> frozenset[str]:
    """The TEI element names a RELAX NG grammar defines (element/@name and element/name)."""
    ns = {"r": RNG_NS}
    names = {n.rpartition(":")[2] for n in grammar.xpath("//r:element/@name", namespaces=ns)}
    names |= {n.strip().rpartition(":")[2] for n in grammar.xpath("//r:element/r:name/text()", namespaces=ns)}
    return frozenset(names)


def unknown_element_problems(tree: etree._ElementTree, shown: str, positions: _Positions,
                             known: frozenset[str]) -> list[Problem]:
    """An element of the TEI namespace that the grammar does not define: which it is, and the name meant
    when one is close ("`<orgname>` is not a TEI element — did you mean `<orgName>`?"). One error per name."""
    cut = len(TEI_NS) + 2  # "{ns}name"[cut:] is the local name: one walk without a QName for each element
    strangers = [element for element in tree.getroot().iter(f"{{{TEI_NS}}}*") if element.tag[cut:] not in known]
    if not strangers:  # (1.2 ms less a text than two walks with a QName each, 2026-12-07)
        return []
    folded = {name.casefold(): name for name in known}
    problems, seen = [], set()
    counts = Counter(element.tag for element in strangers)
    for element in strangers:
        name = element.tag[cut:]
        if name in seen:
            continue
        seen.add(name)
        meant = folded.get(name.casefold()) or next(iter(difflib.get_close_matches(name, sorted(known), 1, 0.8)), "")
        count = counts[element.tag]
        where = f" (here and {count - 1} more time{'s' if count > 2 else ''})" if count > 1 else ""
        if meant and meant.casefold() == name.casefold():
            message = (f"`<{name}>` is not a TEI element — did you mean `<{meant}>`? Element names are "
                       f"case-sensitive{where}")
        elif meant:
            message = (f"`<{name}>` is not an element of the edition's schema — did you mean `<{meant}>`?{where}")
        else:
            message = (f"`<{name}>` is not an element of the edition's schema{where} — use a TEI element the "
                       f"schema allows (see {GUIDELINES})")
        problems.append(Problem(shown, *positions.of_element(element), "error", "rng", message))
    return problems


def source_hazards(tree: etree._ElementTree, shown: str, locate, attributes: PointerAttributes | None = None
                   ) -> list[Problem]:
    """What a well-formed source asks for that the pipeline never does: links with schemes outside the
    allow-list (edition.urls, rule `url-scheme`) and XIncludes (never expanded, rule `xinclude`).
    `attributes`: edition.shared_lists.pointer_attributes(tree), when the caller has them."""
    if attributes is None:
        attributes = pointer_attributes(tree.getroot())
    links = [] if _all_links_safe(attributes) else link_problems(tree, shown, locate=locate)
    return links + xinclude_problems(tree, shown, locate=locate)


# Addresses that are relative references by their form (no scheme, no white space or control character,
# not a network path `//host`), which the allow-list always accepts; every other address is judged by
# edition.urls.is_safe_url itself.
_RELATIVE_REFERENCE = re.compile(r"(?!//)[\w.~%#/?=&+-]+", re.ASCII)
# The same for all tokens at once: white space (as str.split() sees it) around tokens of those characters.
# An address of printable ASCII (nothing for a browser to remove) with an allowed scheme is safe as well (0.4 ms
# less a text with a few dozen of them than asking is_safe_url of each, 2026-12-07).
_ALL_RELATIVE = re.compile(r"\s*(?:(?:(?i:https?|mailto):[!-~]*|(?!//)[A-Za-z0-9_.~%#/?=&+-]+)(?:\s+|\Z))*")


def _all_links_safe(attributes: PointerAttributes) -> bool:
    """True when no pointer of the document would be refused as a link (then link_problems() finds nothing);
    the same verdict, without cleaning every address character by character."""
    joined = " ".join(value for _element, name, value in attributes if name != XML_ID)
    if _ALL_RELATIVE.fullmatch(joined):  # every token a relative reference: one match for them all
        return True
    return all(_RELATIVE_REFERENCE.fullmatch(token) or is_safe_url(token) for token in joined.split())


# ---------------------------------------------------------------------------------------------
# helpers


def _read_schema(path: Path) -> etree._ElementTree:
    if not Path(path).is_file():
        shown = display_path(path)
        raise EditionError(f"{shown}: schema not found", [
            Problem(shown, 1, 1, "error", "io", "schema file not found — check the path given to --schema")])
    etree.clear_error_log()
    return parse_file(path)


def _compile_relaxng(tree: etree._ElementTree, path: Path) -> etree.RelaxNG:
    try:
        return etree.RelaxNG(tree)
    except etree.RelaxNGParseError as exc:
        shown = display_path(path)
        entries = list(exc.error_log) or []
        problems = [Problem(shown, max(e.line, 1), max(e.column, 1), "error", "schema",
                            f"not a usable RELAX NG grammar: {e.message} — fix the schema file")
                    for e in entries[:5]]
        raise EditionError(f"{shown}: not a usable RELAX NG grammar", problems) from None


_MARK_NS = "urn:edition:validate"  # the extension function that stands for the skeleton's location paths


class _Schematron:
    """The focused Schematron stylesheet with its location paths replaced by marks: each failed assertion's
    `location` is "#<n>", the n-th element marked in this run (`located(report)` gives it back). The skeleton's
    path (`/*[…][9]/*[…][4002]`) counts an element's preceding siblings to make, and a search through them to
    follow: both grow with the size of the document, for each problem, so many problems cost the square."""

    def __init__(self, xslt: etree._ElementTree) -> None:
        self.marked: list[etree._Element] = []
        self._namespaces = {prefix: uri for prefix, uri in xslt.getroot().nsmap.items() if prefix}
        self._orders: dict[str, dict[etree._Element, int]] = {}
        self._xslt = etree.XSLT(xslt, access_control=etree.XSLTAccessControl.DENY_ALL,
                                extensions={(_MARK_NS, "mark"): self._mark,
                                            (_MARK_NS, "count-preceding"): self._count_preceding})

    def _mark(self, _context, nodes) -> str:
        if not nodes or not isinstance(nodes[0], etree._Element):
            return ""
        self.marked.append(nodes[0])
        return f"#{len(self.marked) - 1}"

    def _count_preceding(self, _context, nodes, step: str) -> float:
        """`count(preceding::step)` for a step whose predicates do not depend on position: the elements the
        step selects in the document, in order, numbered once per run (the count is the element's number less
        its ancestors among them); for an element the step does not select, XPath's own count."""
        node = nodes[0] if nodes else None
        if not isinstance(node, etree._Element):
            return 0.0
        if step not in self._orders:
            selected = node.getroottree().getroot().xpath("/descendant::" + step, namespaces=self._namespaces)
            self._orders[step] = {element: n for n, element in enumerate(selected)}
        order = self._orders[step]
        if node not in order:
            return float(node.xpath(f"count(preceding::{step})", namespaces=self._namespaces))
        return float(order[node] - sum(1 for ancestor in node.iterancestors() if ancestor in order))

    def __call__(self, tree: etree._ElementTree) -> etree._XSLTResultTree:
        self.marked, self._orders = [], {}
        return self._xslt(tree)

    def located(self, tree: etree._ElementTree, location: str) -> etree._Element | None:
        """The element a failed assertion of the last run is about (a mark, or a path as generated)."""
        if location.startswith("#") and location[1:].isdigit() and int(location[1:]) < len(self.marked):
            return self.marked[int(location[1:])]
        try:
            found = tree.xpath(location or "/")
        except etree.XPathError:
            return None
        return found[0] if found and isinstance(found[0], etree._Element) else None


# The patterns of the project's Schematron that the validator checks itself, and better: repeated xml:ids are
# reported once each with every line that holds them (repeated_id_problems), where the pattern names each holder
# without its line. They are left out of the run, not run and thrown away (0.15 ms a text less, 2026-12-07).
_CHECKED_HERE = ("ids-unique",)


def _compile_schematron(path: Path, leave_out: Sequence[str] = ()) -> _Schematron:
    """The Schematron schema as one XSLT (lxml's ISO skeleton), made to visit only what its rules can match;
    without the patterns whose id is in `leave_out`."""
    schema = _read_schema(path)
    for pattern in schema.getroot().findall(f"{{{_SCH_NS}}}pattern"):
        if pattern.get("id") in leave_out:
            schema.getroot().remove(pattern)
    try:
        skeleton = isoschematron.Schematron(schema, store_xslt=True).validator_xslt
        return _Schematron(_marked(_focused(skeleton)))
    except (etree.SchematronParseError, etree.XSLTParseError) as exc:
        shown = display_path(path)
        raise EditionError(f"{shown}: not a usable Schematron schema: {exc}",
                           [Problem(shown, 1, 1, "error", "schema",
                                    f"not a usable Schematron schema: {exc} — fix the schema file")]) from None


def _marked(xslt: etree._ElementTree) -> etree._ElementTree:
    """The skeleton's stylesheet with the extension functions of _Schematron: the template that writes an
    element's location path writes a mark instead, and position-free `count(preceding::…)` is counted once."""
    old = xslt.getroot()
    root = etree.Element(old.tag, dict(old.attrib), nsmap={**old.nsmap, "edmark": _MARK_NS})
    root.set("exclude-result-prefixes", " ".join(filter(None, (old.get("exclude-result-prefixes"), "edmark"))))
    root.text = old.text
    root.extend(list(old))
    for template in root.iterfind(f"{{{_XSL}}}template"):
        if template.get("match") == "*" and template.get("mode") == "schematron-get-full-path":
            for child in list(template):
                template.remove(child)
            template.text = None
            etree.SubElement(template, f"{{{_XSL}}}value-of", select="edmark:mark(.)")
    for node in root.iter(f"{{{_XSL}}}*"):
        for name in ("test", "select"):
            expression = node.get(name)
            if expression and "count(preceding::" in expression:
                node.set(name, _COUNT_PRECEDING.sub(lambda m: f"edmark:count-preceding(., '{m[1]}')", expression))
    return etree.ElementTree(root)


# `count(preceding::p:name[…][…])` with predicates that test no position (no number, position(), last(),
# variable or string): counted by _Schematron._count_preceding, once per document instead of once per node
_COUNT_PRECEDING = re.compile(r"count\(preceding::([A-Za-z_][\w.-]*:[A-Za-z_][\w.-]*"
                              r"(?:\[(?![\s\d]*\])(?:(?!position|last)[\w.:/ -])+\])*)\)")


# ---------------------------------------------------------------------------------------------
# The Schematron skeleton's XSLT, focused. As generated, it walks the whole document twice per <pattern>
# (once in the default mode, which outputs nothing, and once in the pattern's mode, attributes included),
# tries every rule of the pattern on every node, and records every rule that fired: with 41 patterns that
# is most of the cost of validating. _focused() rewrites the generated stylesheet so that each pattern's
# mode is applied once, to exactly the nodes its rule contexts select (`tei:corr` -> `//tei:corr`), in
# document order, as before: a node still meets the rules of a pattern in their order and is checked by
# the first whose context matches it. Messages, ids, roles and locations are made by the same templates.
# Anything of an unexpected shape is left as generated (slower, same results).

_XSL = "http://www.w3.org/1999/XSL/Transform"
_PREDICATE_OR_STRING = re.compile(r"""'[^']*'|"[^"]*"|\[[^\[\]]*\]""")
_ELEMENT_STEPS = re.compile(r"(?:/{1,2})?(?:[A-Za-z_][\w.-]*:)?(?:[A-Za-z_][\w.-]*|\*)"
                            r"(?:/{1,2}(?:[A-Za-z_][\w.-]*:)?(?:[A-Za-z_][\w.-]*|\*))*")


def _alternatives(pattern: str) -> list[str]:
    """The `|`-separated alternatives of an XSLT pattern (not splitting inside predicates or strings)."""
    parts, depth, quote, start = [], 0, "", 0
    for i, ch in enumerate(pattern):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i].strip())
            start = i + 1
    parts.append(pattern[start:].strip())
    return parts


def _as_selection(alternative: str) -> str | None:
    """The expression that selects exactly the elements an element-only pattern alternative matches
    (XSLT 1.0, 5.2), or None for any other kind of pattern (attributes, text, key(), current(), ...)."""
    if "current()" in alternative or "$" in alternative:
        return None
    bare = alternative
    while True:  # drop strings and predicates, innermost first
        stripped = _PREDICATE_OR_STRING.sub("", bare)
        if stripped == bare:
            break
        bare = stripped
    if not _ELEMENT_STEPS.fullmatch(re.sub(r"\s+", "", bare)):
        return None
    return alternative if alternative.startswith("/") else "//" + alternative


def _focused(skeleton: etree._ElementTree) -> etree._ElementTree:
    xslt = copy.deepcopy(skeleton)
    root = xslt.getroot()
    templates = root.findall(f"{{{_XSL}}}template")
    main = next((t for t in templates if t.get("match") == "/" and t.get("mode") is None), None)
    if main is None:
        return skeleton
    default_mode = {(t.get("match"), t.get("priority")) for t in templates if t.get("mode") is None}
    for fired in list(root.iter(f"{{{SVRL_NS}}}fired-rule")):  # never read, made for every node a rule fits
        if not (fired.tail or "").strip():
            fired.getparent().remove(fired)
    for apply in list(main.iter(f"{{{_XSL}}}apply-templates")):
        if apply.getparent().tag == f"{{{SVRL_NS}}}active-pattern" and not apply.attrib:
            if default_mode <= {("/", None), ("text()", "-1")}:  # nothing in the default mode outputs a thing
                apply.getparent().remove(apply)
            continue
        mode = apply.get("mode")
        if apply.get("select") != "/" or not mode:
            continue
        selection = _mode_selection([t for t in templates if t.get("mode") == mode], mode)
        if selection is not None:
            apply.set("select", selection)
    first_template = next(i for i, child in enumerate(root) if child.tag == f"{{{_XSL}}}template")
    for name, match, use in _KEYS:  # (a key no selection uses is never built)
        root.insert(first_template, etree.Element(f"{{{_XSL}}}key", name=name, match=match, use=use))
    for key in root.iter(f"{{{_XSL}}}key"):
        key.set("match", _key_search(key.get("match", "")))
    return xslt


_KEY_ATTRIBUTE = re.compile(r"(?P<attribute>@(?:[A-Za-z_][\w.-]*:)?(?:[A-Za-z_][\w.-]*|\*))"
                            r"|\*\[(?P<holder>@(?:[A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*)\]")


def _key_search(match: str) -> str:
    """libxslt finds a key's nodes by searching `//` + its match; `@a` and `*[@a]` as `/descendant::*/@a` and
    `/descendant::*/@a/parent::*`: the same nodes, found with less work (the Schematron's keys 0.17 ms a text
    less, 2026-12-08). Any other match as it is."""
    found = _KEY_ATTRIBUTE.fullmatch(match.strip())
    if found is None:
        return match
    return f"/descendant::*/{found['attribute']}" if found["attribute"] else f"/descendant::*/{found['holder']}/parent::*"


def _mode_selection(templates: list[etree._Element], mode: str) -> str | None:
    """For one pattern's mode: the union of its rules' contexts as an expression, with each rule template's
    walk on to the children removed; None (nothing changed) when the mode is not of the expected shape."""
    rules = [t for t in templates if t.get("priority") not in ("-1", "-2")]
    fallbacks = {(t.get("match"), t.get("priority")) for t in templates if t not in rules}
    if not rules or fallbacks != {("text()", "-1"), ("@*|node()", "-2")}:
        return None
    selections: list[str] = []
    walks = []
    for rule in rules:
        walk = rule[-1] if len(rule) else None
        if walk is None or walk.tag != f"{{{_XSL}}}apply-templates" or walk.get("mode") != mode:
            return None
        walks.append(walk)
        for alternative in _alternatives(rule.get("match", "")):
            selection = _as_selection(alternative)
            if selection is None:
                return None
            selections.append(selection)
    for walk in walks:
        walk.getparent().remove(walk)
    if len(rules) == 1:  # every node selected matches the one rule: no need to test its context again
        rules[0].set("match", "*")  # (_as_selection selects elements only)
    namespaces = {prefix: uri for prefix, uri in templates[0].nsmap.items() if prefix} if templates else {}
    selection = " | ".join(_by_key(_by_name_list(_by_attribute(s), namespaces), namespaces) for s in selections)
    failing = _failing(rules[0]) if len(rules) == 1 else None
    return f"({selection})[{failing}]" if failing else selection


_CONTEXT_BOUND = re.compile(r"\b(?:current|position|last)\s*\(")


def _failing(rule: etree._Element) -> str | None:
    """Where a pattern's one rule has something to say: `not(test)` for each assertion, the test of each report.
    Its nodes are selected only where that holds (the same failures, in the same order; a node that passes makes
    no output and is not visited: 27 of the 40 patterns, the Schematron 2.96 → 2.69 ms an essay-sized text, 10
    alternated rounds, 2026-12-08). None when the rule holds anything else (a let is not in scope outside it) or
    a test depends on where it is evaluated (current(), position(), last())."""
    conditions = []
    for child in rule:
        if not isinstance(child.tag, str):
            continue
        if (child.tag == f"{{{_XSL}}}choose" and len(child) == 2 and child[0].tag == f"{{{_XSL}}}when"
                and not len(child[0]) and child[1].tag == f"{{{_XSL}}}otherwise"):
            conditions.append(f"not({child[0].get('test')})")
        elif child.tag == f"{{{_XSL}}}if":
            conditions.append(f"boolean({child.get('test')})")
        else:
            return None
    if not conditions or any(_CONTEXT_BOUND.search(condition) for condition in conditions):
        return None
    return " or ".join(conditions)


_SELF_TESTS = re.compile(r"\[\s*(self::[A-Za-z_][\w.-]*:[A-Za-z_][\w.-]*(?:\s+or\s+self::[A-Za-z_][\w.-]*:[A-Za-z_][\w.-]*)*)\s*\]")


def _by_name_list(selection: str, namespaces: dict[str, str]) -> str:
    """A predicate `[self::p:a or self::p:b …]` as one test of the element's name against the list (libxml2
    makes a node-set for every `self::` step); the same elements. Left as it is if a prefix is not known."""
    def replace(match: re.Match[str]) -> str:
        names = [test.strip().removeprefix("self::") for test in re.split(r"\s+or\s+", match[1])]
        prefixes = {name.partition(":")[0] for name in names}
        uri = namespaces.get(prefixes.pop()) if len(prefixes) == 1 else None
        if uri is None or "'" in uri:
            return match[0]
        listed = "|".join(name.partition(":")[2] for name in names)
        return f"[contains('|{listed}|', concat('|', local-name(), '|'))][namespace-uri() = '{uri}']"
    return _SELF_TESTS.sub(replace, selection)


# An element test that begins with an attribute's presence (`//*[@ref]…`, `//tei:text//*[@xml:id]…`), whose
# further predicates are plain truth tests (never a number, which would test a position).
_BY_ATTRIBUTE = re.compile(r"//(?:(?P<above>[A-Za-z_][\w.-]*:[A-Za-z_][\w.-]*)//)?\*\[@(?P<name>[A-Za-z_][\w.:-]*)\]"
                           r"(?P<rest>(?:\[[^\[\]]*\])*)")
_TRUTH_TEST = re.compile(r"@[\w.:-]+(?: (?:or|and) @[\w.:-]+)*|self::[\w.:-]+(?: or self::[\w.:-]+)*"
                         r"|(?:starts-with|not)\((?:[^()'\"]|'[^']*'|\"[^\"]*\"|\([^()]*\))*\)")


def _by_attribute(selection: str) -> str:
    """`//*[@a]…` as `//@a/parent::*…`: the same elements in the same order, found by libxml2 about three times
    faster (it visits attributes, not every element with a predicate); anything else as it is."""
    match = _BY_ATTRIBUTE.fullmatch(selection)
    if match is None:
        return selection
    rest = match["rest"]
    predicates = re.findall(r"\[([^\[\]]*)\]", rest)
    if any(not _TRUTH_TEST.fullmatch(p.strip()) for p in predicates) or "$" in rest:
        return selection
    above = f"[ancestor::{match['above']}]" if match["above"] else ""
    return f"//@{match['name']}/parent::*{above}{rest}"


# Every element by its local name and every attribute by its name, each indexed in one walk of the document:
# the patterns then look their elements up (`//tei:p` as `key('ed-elements', 'p')[…]`) instead of walking the
# document once each (the Schematron 3.25–3.55 → 2.79–2.90 ms an essay-sized text, 2026-12-07).
_KEYS = (("ed-elements", "*", "local-name()"), ("ed-attributes", "@*", "name()"))
_STEP = r"([A-Za-z_][\w.-]*):([A-Za-z_][\w.-]*)"
_NAMED = re.compile(rf"(?P<steps>(?://?{_STEP})+)(?P<rest>(?:\[[^\[\]]*\])*)")
_NAMED_STEP = re.compile(rf"(//?){_STEP}")
_ATTRIBUTE_PARENT = re.compile(r"//@((?:xml:)?[A-Za-z_][\w.-]*)/parent::\*(?P<rest>(?:\[[^\[\]]*\])*)")
_PREDICATE = re.compile(r"\[([^\[\]]*)\]")
_NUMBER_MADE = re.compile(r"\s*\d|.*\b(?:position|last)\(|\s*(?:count|sum|number|string-length)\((?!.*[=<>])"
                          r"|(?!.*[=<>]).*(?:\s[-+*]\s|\sdiv\s|\smod\s)")  # (arithmetic, not compared: a number)


def _by_key(selection: str, namespaces: dict[str, str]) -> str:
    """`//p:a[…]`, `//p:a//p:b/p:c[…]` (any chain of child and descendant steps) and `//@a/parent::*[…]` as
    look-ups in the keys of _KEYS: the same nodes in the same (document) order. Left as it is when a predicate
    could test a position (it would count in the key's result, not among siblings) or a prefix is not known."""
    attribute = _ATTRIBUTE_PARENT.fullmatch(selection)
    named = _NAMED.fullmatch(selection) if selection.startswith("//") else None
    rest = (attribute or named)["rest"] if attribute or named else ""
    if not (attribute or named) or any(_NUMBER_MADE.match(p) for p in _PREDICATE.findall(rest)):
        return selection
    if attribute:
        return f"key('ed-attributes', '{attribute[1]}')/parent::*{rest}"
    steps = _NAMED_STEP.findall(named["steps"])  # (axis, prefix, name) from the top down
    uri = namespaces.get(steps[-1][1])
    if uri is None or "'" in uri or any(prefix not in namespaces for _axis, prefix, _name in steps):
        return selection
    # `//p:a/p:b//p:c`: a c with an ancestor b whose parent is an a (chains of three steps were walks: with
    # _key_search, the Schematron 3.27 → 3.01 ms an essay-sized text, 10 alternated rounds, 2026-12-08)
    above = ""
    for (axis, _, _), (_, prefix, name) in zip(steps[1:], steps):
        above = f"{'parent' if axis == '/' else 'ancestor'}::{prefix}:{name}" + (f"[{above}]" if above else "")
    return f"key('ed-elements', '{steps[-1][2]}')[namespace-uri() = '{uri}']" + (f"[{above}]" if above else "") + rest


def parse_problems(exc: EditionError, shown: str) -> list[Problem]:
    """Parser problems, with duplicate xml:ids (which libxml2 reports while parsing) given their rule."""
    problems = []
    for problem in exc.problems or [Problem(shown, 1, 1, "error", "well-formed", exc.message)]:
        duplicate = re.search(r"ID (\S+) already defined", problem.message)
        if duplicate:
            problem = Problem(problem.path, max(problem.line, 1), max(problem.column, 1), "error", "ed-id-unique",
                              f'The xml:id "{duplicate.group(1)}" is used a second time here — every xml:id '
                              f"must be unique in the document: give this element an identifier of its own")
        elif problem.line < 1 or problem.column < 1:
            problem = Problem(problem.path, max(problem.line, 1), max(problem.column, 1), problem.severity,
                              problem.rule, problem.message)
        problems.append(problem)
    return problems


def _source_of(tree: etree._ElementTree) -> bytes | None:
    url = tree.docinfo.URL
    if not url:
        return None
    path = Path(unquote(urlsplit(url).path)) if url.startswith("file:") else Path(url)
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None


def _not_tei(root: etree._Element, shown: str, positions: _Positions) -> list[Problem]:
    qname = etree.QName(root)
    if qname.localname == "TEI" and qname.namespace == TEI_NS and any(
            isinstance(c.tag, str) and c.tag == f"{{{TEI_NS}}}teiHeader" for c in root):
        return []  # (positions are looked up only for a problem: finding them means scanning the source)
    line, column = positions.of_element(root)
    if qname.localname == "TEI" and qname.namespace == TEI_NS:
        return [Problem(shown, line, column, "error", "tei-root",
                        "not a TEI document: the TEI element has no teiHeader — add <teiHeader> as its "
                        "first child (see schema/GUIDELINES.md)")]
    if qname.localname == "teiCorpus" and qname.namespace == TEI_NS:
        return [Problem(shown, line, column, "error", "tei-root",
                        "a teiCorpus file is not supported — put each text in its own TEI file under tei/")]
    where = f' in namespace "{qname.namespace}"' if qname.namespace else " in no namespace"
    return [Problem(shown, line, column, "error", "tei-root",
                    f"not a TEI document: the root element is <{qname.localname}>{where} — a TEI file starts "
                    f'with <TEI xmlns="{TEI_NS}"> and a <teiHeader>')]


def _container(entry, element: etree._Element, names: list[str]) -> etree._Element | None:
    """The element whose content libxml2 found wrong."""
    kind = entry.type_name
    local = etree.QName(element).localname
    if kind == "RELAXNG_ERR_NOELEM":
        return element
    if kind == "RELAXNG_ERR_INTERSEQ":  # reported at a child of the element whose parts are out of order
        return element.getparent() if element.getparent() is not None else element
    if kind in ("RELAXNG_ERR_CONTENTVALID", "RELAXNG_ERR_INTERSEQ", "RELAXNG_ERR_EXTRACONTENT",
                "RELAXNG_ERR_ATTRVALID", "RELAXNG_ERR_INVALIDATTR"):
        named = names[0] if names else None
        if kind == "RELAXNG_ERR_INVALIDATTR":
            named = names[-1] if names else None
        for candidate in (element, *element.iterancestors()):
            if etree.QName(candidate).localname == named:
                return candidate
        return element
    if local not in names:  # libxml2 pointed at the parent of the element it complains about
        return element
    return element.getparent()


def _by_line(tree: etree._ElementTree) -> dict[int, list[etree._Element]]:
    """The elements of a tree by the line libxml2 gives them (made once for all of a grammar's reports)."""
    lines: dict[int, list[etree._Element]] = {}
    for el in tree.getroot().iter(etree.Element):
        lines.setdefault(el.sourceline, []).append(el)
    return lines


def _element_at(tree: etree._ElementTree, line: int, names: list[str], container: bool = False,
                lines: dict[int, list[etree._Element]] | None = None) -> etree._Element | None:
    """The element libxml2 meant: on that line, preferably one whose name the message mentions.

    For "expecting an element X, got nothing" (`container`), libxml2 means the element that lacks X.
    """
    if line <= 0:
        return None
    on_line = (lines if lines is not None else _by_line(tree)).get(line, [])
    if container:
        others = [el for el in on_line if etree.QName(el).localname not in names]
        return others[0] if others else (on_line[0] if on_line else None)
    for name in names:
        for element in on_line:
            if etree.QName(element).localname == name:
                return element
    for name in names:  # an ancestor of what stands on that line ("Element body failed to validate content")
        for element in on_line:
            for ancestor in element.iterancestors():
                if etree.QName(ancestor).localname == name:
                    return ancestor
    return on_line[0] if on_line else None


_ELEMENT_HINTS = {
    "sic": "sic and corr stand only inside <choice>, as a pair: <choice><sic>…</sic><corr>…</corr></choice>",
    "corr": "sic and corr stand only inside <choice>, as a pair: <choice><sic>…</sic><corr>…</corr></choice>",
    "orig": "orig and reg stand only inside <choice>, as a pair: <choice><orig>…</orig><reg>…</reg></choice>",
    "reg": "orig and reg stand only inside <choice>, as a pair: <choice><orig>…</orig><reg>…</reg></choice>",
    "p": "paragraphs stand in a div or the body, or inside a quotation, note or list item — not in a paragraph",
    "div": "a div holds paragraphs or other divs; its head comes first, a closer last",
}


def _plain_rng_message(message: str, element: etree._Element | None, rule: str) -> str:
    guide = GUIDELINES if rule == "rng" else f"the {rule.partition(':')[2] or 'extra'} schema"
    for pattern, template in _RNG_PATTERNS:
        match = pattern.search(message)
        if match:
            parent = etree.QName(element).localname if element is not None else "the element"
            text = template.format(*match.groups(), parent=parent, guide=guide)
            subject = match.group(1).rpartition(":")[2] if match.groups() else parent
            hint = _ELEMENT_HINTS.get(subject) if rule == "rng" else None
            return f"{text}; {hint}" if hint and ("not allowed at this place" in text or "too early" in text) else text
    return f"the grammar does not allow this: {message.strip()} — see {guide}"
