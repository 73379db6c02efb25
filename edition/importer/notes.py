"""Footnotes and endnotes: the page's markers (links to "#n1") and the notes they lead to (blocks that
begin with the anchor "n1"). The notes are taken out of the flow, to be written at their markers."""

from __future__ import annotations

from .blocks import Block, Inline, plain
from .html_reader import is_marker

Notes = dict[str, tuple[str, list[Block]]]


def _targets(blocks: list[Block]) -> set[str]:
    found: set[str] = set()

    def visit(inlines: list[Inline]) -> None:
        for piece in inlines:
            if piece.kind == "noteref":
                found.add(piece.value)
            visit(piece.children)

    for block in blocks:
        visit(block.inlines)
        for child in block.children:
            visit(child.inlines)
    return found


def _leading(inlines: list[Inline]) -> list[Inline]:
    return [i for i in inlines if not (i.kind == "text" and not i.value.strip())]


def _definition(block: Block, targets: set[str]) -> tuple[str, str, list[Inline]] | None:
    """(target, marker, the note's inlines) when `block` begins a note that a marker points to."""
    pieces = _leading(block.inlines)
    if block.kind != "p" or not pieces or pieces[0].kind != "anchor" or pieces[0].value not in targets:
        return None
    target, rest = pieces[0].value, list(block.inlines[block.inlines.index(pieces[0]) + 1:])
    marker = ""
    head = _leading(rest)
    if head and head[0].kind in ("noteref", "label") or (head and head[0].kind == "link"
                                                         and is_marker(plain(head[0].children))):
        marker = head[0].marker if head[0].kind == "noteref" else plain([head[0]])
        rest = rest[rest.index(head[0]) + 1:]
    elif head and head[0].kind == "text" and is_marker(head[0].value.split()[0] if head[0].value.split() else ""):
        marker = head[0].value.split()[0]
        rest = [Inline("text", head[0].value.split(None, 1)[1] if len(head[0].value.split()) > 1 else ""),
                *rest[rest.index(head[0]) + 1:]]
    return target, marker.strip("[]().^ ").rstrip("."), rest


def take_notes(blocks: list[Block]) -> tuple[list[Block], Notes, list[str]]:
    """The blocks without the notes; the notes by target; the headings ("Notes") that stood above them."""
    targets = _targets(blocks)
    notes: Notes = {}
    kept: list[Block] = []
    headings: list[str] = []
    current: tuple[str, Block] | None = None
    for block in blocks:
        found = _definition(block, targets)
        if found:
            target, marker, inlines = found
            note_block = Block("p", inlines, classes=block.classes)
            notes[target] = (marker, [note_block])
            current = (target, block)
            if kept and kept[-1].kind == "head" and plain(kept[-1].inlines).lower().strip(" :") in (
                    "notes", "note", "footnotes", "endnotes"):
                headings.append(plain(kept.pop().inlines))
        elif current and block.kind == "p" and block.classes and block.classes == current[1].classes:
            notes[current[0]][1].append(block)
        else:
            current = None
            kept.append(block)
    return kept, notes, headings
