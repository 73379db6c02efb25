"""Conformance with the official TEI P5 schema (../shared/tei/tei_all.rng).

- Every source in tei/ is valid TEI.
- The project grammar is a strict subset of TEI: every document it accepts, tei_all accepts — checked on
  documents (the real source, the valid fixtures, and every changed copy of the source that the project
  grammar still accepts) and on the grammars themselves (for each element the project defines: the child
  elements, attributes and text it allows must be allowed by tei_all for that element).

Skipped with a reason (failed in CI) when ../shared is not beside the project.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from lxml import etree
from support import FIXTURES, shared_file
from test_schema_rules import SCHEMATRON_CASES, build

from edition import SCHEMA_DIR, TEI_DIR
from edition.validate import Validator
from edition.xmlsafe import parse_file

RNG = "{http://relaxng.org/ns/structure/1.0}"
TEI_NS = "http://www.tei-c.org/ns/1.0"
SOURCES = sorted(TEI_DIR.glob("*.xml"))
VALID_FIXTURES = sorted((FIXTURES / "valid").glob("*.xml"))


@pytest.fixture(scope="module")
def project_grammar() -> etree.RelaxNG:
    return etree.RelaxNG(parse_file(SCHEMA_DIR / "tei-edition.rng"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_every_source_is_valid_tei(path: Path, tei_all: etree.RelaxNG) -> None:
    assert tei_all.validate(parse_file(path)), str(tei_all.error_log)


@pytest.mark.parametrize("path", [*SOURCES, *VALID_FIXTURES], ids=lambda p: p.name)
def test_documents_the_project_accepts_are_valid_tei(path: Path, project_grammar, tei_all) -> None:
    tree = parse_file(path)
    assert project_grammar.validate(tree), str(project_grammar.error_log)
    assert tei_all.validate(tree), str(tei_all.error_log)


@pytest.mark.parametrize("case", SCHEMATRON_CASES, ids=str)
def test_changed_copies_the_grammar_accepts_are_valid_tei(case, project_grammar, tei_all) -> None:
    tree, _, _ = build(case)
    if not project_grammar.validate(tree):
        pytest.skip("the project grammar rejects this copy too (parse-level or structural rule)")
    assert tei_all.validate(tree), str(tei_all.error_log)


def test_validate_with_tei_all_as_extra_schema(real_source: Path) -> None:
    validator = Validator([shared_file("tei/tei_all.rng")])
    report = validator.validate_file(real_source)
    assert report.problems == []
    letter = (FIXTURES / "invalid" / "several-problems.xml")
    rules = {p.rule for p in validator.validate_file(letter).problems}
    assert "rng:tei_all" not in rules  # its mistakes break the edition's rules, not TEI's


# ---------------------------------------------------------------------------------------------------------
# The grammars compared element by element


def _flatten(path: Path) -> dict[str, dict[str, object]]:
    """For each element name: the child element names, attribute names and whether text is allowed."""
    tree = parse_file(path)
    defines: dict[str, list[etree._Element]] = defaultdict(list)
    for define in tree.getroot().iter(RNG + "define"):
        defines[define.get("name")].append(define)
    result: dict[str, dict[str, object]] = defaultdict(lambda: {"children": set(), "attributes": set(),
                                                                 "text": False})
    seen: set[etree._Element] = set()
    queue: list[tuple[etree._Element, str]] = []

    def element_name(el: etree._Element) -> str:
        name = el.get("name")
        if name is None:
            return "*any"
        ns = next((a.get("ns") for a in (el, *el.iterancestors()) if a.get("ns") is not None), "")
        return name if ns == TEI_NS else f"{{{ns}}}{name}"

    def walk(node: etree._Element, info: dict, visiting: frozenset[str]) -> None:
        for child in node:
            if not isinstance(child.tag, str) or not child.tag.startswith(RNG):
                continue
            kind = child.tag[len(RNG):]
            if kind == "element":
                name = element_name(child)
                info["children"].add(name)
                if child not in seen:
                    seen.add(child)
                    queue.append((child, name))
            elif kind == "ref":
                name = child.get("name")
                if name not in visiting:
                    for define in defines[name]:
                        walk(define, info, visiting | {name})
            elif kind == "attribute":
                info["attributes"].add(child.get("name") or "*any")
            elif kind in ("text", "mixed"):
                info["text"] = True
                walk(child, info, visiting)
            elif kind not in ("data", "value", "empty", "notAllowed", "name", "anyName", "nsName", "param",
                              "except"):
                walk(child, info, visiting)

    walk(tree.getroot().find(RNG + "start"), result["#start"], frozenset())
    while queue:
        element, name = queue.pop()
        walk(element, result[name], frozenset())
    return dict(result)


def test_project_grammar_allows_nothing_tei_forbids() -> None:
    tei = _flatten(shared_file("tei/tei_all.rng"))
    ours = _flatten(SCHEMA_DIR / "tei-edition.rng")
    assert ours["#start"]["children"] == {"TEI"}
    assert len(ours) > 100  # the comparison really covers the grammar
    problems = []
    for name, info in sorted(ours.items()):
        if name == "#start":
            continue
        if name not in tei:
            problems.append(f"<{name}> is not a TEI element")
            continue
        if extra := info["children"] - tei[name]["children"]:
            problems.append(f"<{name}> may contain {sorted(extra)}, which TEI does not allow there")
        if extra := info["attributes"] - tei[name]["attributes"]:
            problems.append(f"<{name}> may carry {sorted(extra)}, which TEI does not allow")
        if info["text"] and not tei[name]["text"]:
            problems.append(f"<{name}> may contain text, which TEI does not allow")
    assert not problems, "\n".join(problems)
