"""The importer's neutral model of a page: blocks of inline pieces, whatever the page's format."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Inline:
    """One piece of running text.

    kind: "text" (value), "hi" (value = rend, children), "link" (value = href, children), "br",
    "label" (a provenance label's text),
    "noteref" (value = the target the marker points to, marker = its text), "anchor" (value = id).
    """

    kind: str
    value: str = ""
    children: list[Inline] = field(default_factory=list)
    marker: str = ""


@dataclass
class Block:
    """One block of the page.

    kind: "head" (level 1–6), "p", "quote" (children = blocks), "list" (items = lists of inlines),
    "table" (rows of cells), "rule" (a horizontal rule), "milestone" (a row of asterisks),
    "furniture" (page chrome: value = why).
    """

    kind: str
    inlines: list[Inline] = field(default_factory=list)
    level: int = 0
    classes: tuple[str, ...] = ()
    children: list[Block] = field(default_factory=list)
    items: list[list[Inline]] = field(default_factory=list)
    rows: list[list[list[Inline]]] = field(default_factory=list)  # a table: rows of cells
    value: str = ""
    line: int = 0


def plain(inlines: list[Inline]) -> str:
    """The text of inline pieces as a reader sees it (hard breaks as spaces), white space folded."""
    return " ".join(raw_text(inlines).split())


def raw_text(inlines: list[Inline]) -> str:
    parts: list[str] = []
    for piece in inlines:
        if piece.kind in ("text", "label"):
            parts.append(piece.value)
        elif piece.kind == "br":
            parts.append("\n")
        elif piece.kind in ("hi", "link"):
            parts.append(raw_text(piece.children))
        elif piece.kind == "noteref":
            parts.append(piece.marker)
    return "".join(parts)


def block_text(block: Block) -> str:
    if block.kind == "quote":
        return " ".join(block_text(b) for b in block.children)
    if block.kind == "list":
        return " ".join(plain(item) for item in block.items)
    if block.kind == "table":
        return " ".join(plain(cell) for row in block.rows for cell in row)
    return plain(block.inlines)


def is_blank(block: Block) -> bool:
    return block.kind in ("p", "head") and not block_text(block).strip(" \\")
