"""A page's blocks laid out into its parts (`layout.Page`): title page, provenance, text, notes, closer."""

from __future__ import annotations

from .blocks import Block, block_text, plain
from .front import title_page
from .layout import Dateline, Left, Page, _unwrap, dateline, sift
from .notes import take_notes
from .provenance import has_labels, mark_plain_labels

_NOTES_HEADINGS = ("notes", "note", "footnotes", "endnotes")


def _provenance_span(blocks: list[Block]) -> tuple[int, int] | None:
    starts = [i for i, b in enumerate(blocks) if has_labels(b)]
    if not starts:
        return None
    end = starts[0]
    while end + 1 < len(blocks) and has_labels(blocks[end + 1]):
        end += 1
    return starts[0], end + 1


def _text_above(blocks: list[Block]) -> bool:
    """Whether paragraphs of the text stand above the provenance block (a long one, or several)."""
    paragraphs = [len(block_text(b).split()) for b in blocks if b.kind in ("p", "quote", "list")]
    return any(n > 40 for n in paragraphs) or len(paragraphs) > 6


def _front_end(blocks: list[Block]) -> int:
    """Without a provenance block: the title page ends with the first top-level heading (or the first one)."""
    for level in (1, 2, 3, 4, 5, 6):
        found = next((i for i, b in enumerate(blocks) if b.kind == "head" and b.level == level), None)
        if found is not None:
            return found + 1
    return 0


def _closer(body: list[Block], left: list[Left]) -> tuple[list[Block], Dateline | None]:
    """A closing dateline among the last blocks; what follows it on the page is furniture."""
    for i in range(len(body) - 1, max(-1, len(body) - 6), -1):
        block = body[i]
        if block.kind != "p":
            continue
        breaks = [j for j, piece in enumerate(block.inlines) if piece.kind == "br"]
        last = block.inlines[breaks[-1] + 1:] if breaks else block.inlines
        found = dateline(plain(last))
        if found:
            left.extend(Left("after the text's closing dateline", block_text(b)) for b in body[i + 1:])
            signed = block.inlines[:breaks[-1]] if breaks else []
            return body[:i], Dateline(last, found[0], found[1], signed)
    return body, None


def lay_out(blocks: list[Block], author: str = "") -> tuple[Page, bool]:
    """The page's parts, and whether it had a provenance block (`author`: the name the page's metadata
    gives, if any)."""
    left: list[Left] = []
    blocks = [mark_plain_labels(b) for b in sift(_unwrap(blocks), left)]
    span = _provenance_span(blocks)
    if span and _text_above(blocks[:span[0]]):  # the block stands below the text (or within it)
        end = _front_end(blocks[:span[0]])
        front_blocks, provenance = blocks[:end], blocks[span[0]:span[1]]
        rest = blocks[end:span[0]] + blocks[span[1]:]
    elif span:
        front_blocks, provenance, rest = blocks[:span[0]], blocks[span[0]:span[1]], blocks[span[1]:]
        if rest and rest[0].kind == "head" and rest[0].level == 1 and \
                not any(b.kind == "head" and b.level == 1 for b in front_blocks):
            front_blocks, rest = [*front_blocks, rest[0]], rest[1:]  # the title below the provenance block
    else:
        end = _front_end(blocks)
        front_blocks, provenance, rest = blocks[:end], [], blocks[end:]
    front = title_page([b for b in front_blocks if b.kind != "milestone"], left, author)
    body, notes, note_heads = take_notes(rest)
    left.extend(Left("the heading above the notes, which now stand at their markers", h) for h in note_heads)
    body, closer = _closer(body, left)
    while body and body[-1].kind == "head" and block_text(body[-1]).lower().strip(" :") in _NOTES_HEADINGS:
        left.append(Left("a heading “Notes” with no notes under it", block_text(body.pop())))
    while body and body[0].kind == "milestone":
        body = body[1:]
    opening = next((b for b in body if b.kind in ("head", "p")), None)
    found = dateline(block_text(opening)) if opening is not None else None
    page = Page(front, provenance, body, notes, closer, found, left)
    return page, bool(span)
