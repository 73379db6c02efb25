"""A text's citation tree, as its header declares it (refsDecl/citeStructure), for the DTS export.

    tree = CitationTree.of(doc)        # doc: edition.site.SourceDocument
    tree.units                         # [Unit(id, cite_type, level, parent, element)], in document order
    tree.structure                     # the DTS citeStructure array (citeType, nested citeStructure)
    tree.max_depth                     # the deepest level declared or found (0: the text declares no structure)

The declaration's XPaths are evaluated by xslt/dts-units.xsl (XSLT 3.0, xsl:evaluate), so the export follows
the TEI, not a copy of its rules in Python. A unit's identifier is its `@use` value, the element's xml:id: the
published ID (schema/GUIDELINES.md, "The citation structure"). Problems that make a text impossible to export
(a matched element without an identifier, one identifier for two units) raise EditionError; an xml:id of the
text that the structure does not reach is a warning (the Schematron rule ed-cite-covered makes it an error for
the edition's own declaration).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from .. import NS, XML_NS
from ..errors import EditionError, Problem

XML_ID = f"{{{XML_NS}}}id"
UNITS_STYLESHEET = "dts-units.xsl"


@dataclass(frozen=True)
class Unit:
    id: str
    cite_type: str
    level: int
    parent: str | None
    element: str  # the TEI element's local name


@dataclass
class CitationTree:
    units: list[Unit]
    structure: list[dict]
    declared: bool  # the header has a refsDecl with citeStructure
    warnings: list[Problem] = field(default_factory=list)

    @property
    def max_depth(self) -> int:
        """The deepest level a client may ask for: the declaration's (a client reads it from citationTrees),
        or the units' own if deeper."""
        return max(_depth(self.structure), max((u.level for u in self.units), default=0))

    @classmethod
    def of(cls, doc) -> CitationTree:
        structures = doc.tree.xpath("/tei:TEI/tei:teiHeader/tei:encodingDesc/tei:refsDecl[1]/tei:citeStructure",
                                    namespaces=NS)
        if not structures:
            note = Problem(doc.shown, 1, 1, "warning", "dts-no-structure",
                           "the header declares no citation structure (refsDecl/citeStructure): the DTS export "
                           "lists the text without its citable units — copy the refsDecl of "
                           "tei/sedova-1941-davies.xml (schema/GUIDELINES.md, \"The citation structure\")")
            return cls([], [], False, [note])
        from ..transform import stylesheet

        sheet = stylesheet(UNITS_STYLESHEET)
        try:
            rows = sheet.call_template_strings(doc.xdm(), "dts-units")
        except EditionError as exc:  # an XPath of the declaration that Saxon cannot evaluate
            detail = exc.message.split(": ", 1)[-1].split(" — ")[0]
            line = structures[0].sourceline or 1
            raise _fail(doc, f"the citation structure (refsDecl) cannot be evaluated ({detail}) — check the XPaths "
                             f"in @match and @use of its citeStructures", line) from None
        units = _units(rows, doc)
        tree = cls(_in_document_order(units, doc.tree), [_structure(s) for s in structures], True)
        tree.warnings = _uncovered(tree, doc)
        return tree


def _depth(structures: list[dict]) -> int:
    return max((1 + _depth(s.get("citeStructure", [])) for s in structures), default=0)


def _structure(el: etree._Element) -> dict:
    """One citeStructure as DTS writes it: {"citeType": …, "citeStructure": […]}."""
    out: dict = {"citeType": el.get("unit", "")}
    children = el.xpath("tei:citeStructure", namespaces=NS)
    if children:
        out["citeStructure"] = [_structure(c) for c in children]
    return out


def _units(rows: list[str], doc) -> list[Unit]:
    units: list[Unit] = []
    seen: set[str] = set()
    for row in rows:
        ref, cite_type, level, parent, element = row.split("\t")
        if not ref:
            raise _fail(doc, f"the citation structure (refsDecl) matches a <{element}> ({cite_type}) that has no "
                             f"xml:id, so the DTS export cannot name it — give every such element an xml:id "
                             f"(rule ed-cite-id)")
        if ref in seen:
            raise _fail(doc, f"the citation structure (refsDecl) reaches the unit {ref!r} twice — make its "
                             f"citeStructures match each element once")
        seen.add(ref)
        units.append(Unit(ref, cite_type, int(level), parent or None, element))
    return units


def _in_document_order(units: list[Unit], tree: etree._ElementTree) -> list[Unit]:
    wanted = {u.id for u in units}
    order = {el.get(XML_ID): i for i, el in enumerate(tree.getroot().iter()) if el.get(XML_ID) in wanted}
    return sorted(units, key=lambda u: order.get(u.id, len(order)))


def _uncovered(tree: CitationTree, doc) -> list[Problem]:
    covered = {u.id for u in tree.units}
    problems = []
    for el in doc.tree.xpath("/tei:TEI/tei:text//*[@xml:id]", namespaces=NS):
        if el.get(XML_ID) not in covered:
            problems.append(Problem(doc.shown, el.sourceline or 1, 1, "warning", "dts-uncovered",
                                    f"the xml:id {el.get(XML_ID)!r} is outside the citation structure (refsDecl): "
                                    f"the DTS export cannot serve it — see rule ed-cite-covered"))
    return problems


def _fail(doc, message: str, line: int = 1) -> EditionError:
    return EditionError(f"{doc.shown}:{line}:1: {message}", [Problem(doc.shown, line, 1, "error", "dts", message)])
