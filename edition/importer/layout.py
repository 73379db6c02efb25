"""Finds the parts of a page in its blocks: the title page above the provenance block, the provenance block,
the text, its notes, its closing dateline, and the page furniture around them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Block, Inline, block_text, is_blank
from .dates import IsoDate, parse_date
from .furniture import why_furniture
from .provenance import has_labels

_NAME = re.compile(r"^(?P<name>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,4})(?:\s+(?P<year>1[5-9]\d\d|20\d\d))?$")
_NOT_NAMES = {"correspondence", "works", "archive", "collected", "letters", "selected", "internet", "volume",
              "preface", "introduction", "notes", "contents", "index", "chapter", "part", "section", "the", "abstract"}
_ASTERISKS = set("*⁂ \u00a0")
_DATELINE_PLACE_FIRST = re.compile(r"^\[?(?P<place>[A-Z][\w’' -]{1,40}?)\]?,?\s+(?P<date>.+?)\.?$")
_DATELINE_DATE_FIRST = re.compile(r"^(?P<date>.+?\d{4})\.?\s+(?P<place>[A-Z][\w’' -]{1,40}?)\.?$")


@dataclass
class Left:
    """A part of the page left out of the text: why, and its words."""

    why: str
    text: str


@dataclass
class TitlePage:
    title: list[Inline] = field(default_factory=list)
    parts: list[tuple[str, list[Inline]]] = field(default_factory=list)  # ("desc"|"sub"|"main"|"byline"|"date")
    author: str = ""  # the name as the page prints it above the text
    date: IsoDate | None = None


@dataclass
class Dateline:
    inlines: list[Inline]
    place: str
    date: IsoDate
    signed: list[Inline] = field(default_factory=list)  # the lines above it in the same block (a signature)


@dataclass
class Page:
    front: TitlePage
    provenance: list[Block]
    body: list[Block]
    notes: dict[str, tuple[str, list[Block]]]  # target id -> (marker, blocks)
    closer: Dateline | None
    opening: tuple[str, IsoDate] | None  # a dateline opening the text: (place, date)
    left_out: list[Left]


def name_line(text: str) -> str | None:
    """A line that is a person's name (perhaps followed by a year): "Nikolai Bukharin 1922" → the name."""
    match = _NAME.match(" ".join(text.split()))
    if not match or any(w.lower() in _NOT_NAMES for w in match["name"].split()):
        return None
    return match["name"]


def dateline(text: str) -> tuple[str, IsoDate] | None:
    """A dateline "Coyoacan, December 21, 1941." or "July 23, 1921. Moscow." → (place, date)."""
    text = " ".join(text.split())
    for pattern in (_DATELINE_PLACE_FIRST, _DATELINE_DATE_FIRST):
        match = pattern.match(text)
        if match:
            date = parse_date(match["date"])
            if date and len(match["date"]) <= len(date.text) + 4 and not any(c.isdigit() for c in match["place"]):
                return match["place"].strip(), date
    return None


def _unwrap(blocks: list[Block]) -> list[Block]:
    """A block quotation that holds headings or the provenance block is the page's frame, not a quotation."""
    out: list[Block] = []
    for block in blocks:
        if block.kind == "quote" and any(b.kind == "head" or has_labels(b) for b in block.children):
            out.extend(_unwrap(block.children))
        else:
            out.append(block)
    return out


def _is_milestone(block: Block) -> bool:
    if block.kind == "rule":
        return "asterisks" in block.classes
    text = block_text(block)
    return block.kind == "p" and "*" in text and set(text) <= _ASTERISKS


def _is_rule_text(block: Block) -> bool:
    """A paragraph of underscores or dashes (a rule typed as text, as above a page's notes)."""
    text = block_text(block)
    return block.kind == "p" and len(text) >= 3 and set(text) <= set("_-–—= ")


def _empty_heading(blocks: list[Block], i: int) -> bool:
    following = next((b for b in blocks[i + 1:] if not is_blank(b)), None)
    return following is None or following.kind in ("rule", "head") or has_labels(following)


def sift(blocks: list[Block], left: list[Left]) -> list[Block]:
    """Blocks without blanks, furniture (recorded in `left`) and plain rules; asterisks as milestones."""
    out: list[Block] = []
    for i, block in enumerate(blocks):
        if _is_milestone(block):
            out.append(Block("milestone"))
        elif block.kind == "rule" or is_blank(block):
            continue
        elif _is_rule_text(block):
            left.append(Left("a rule typed as text", block_text(block)))
        elif (why := why_furniture(block)) and (not why.startswith("the empty") or _empty_heading(blocks, i)) \
                and not (why == "site navigation links" and block.kind == "head" and name_line(block_text(block))):
            left.append(Left(why, block_text(block)))
        else:
            out.append(block)
    return out
