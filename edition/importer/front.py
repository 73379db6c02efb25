"""The title page: what the page prints above its text — the author's name, the title, a date in brackets,
and any other lines (a collection's name, a subtitle), in their order."""

from __future__ import annotations

import re

from .blocks import Block, Inline, block_text
from .dates import parse_date
from .layout import Left, TitlePage, name_line

_BRACKETED_DATE = re.compile(r"^\(.*\d{4}.*\)$")


def _title_index(blocks: list[Block]) -> int:
    top = [i for i, b in enumerate(blocks) if b.kind == "head" and b.level == 1]
    if top:  # the first top-level heading that is not the author's name
        return next((i for i in top if not name_line(block_text(blocks[i]))), top[0])
    heads = [i for i, b in enumerate(blocks) if b.kind == "head" and not _BRACKETED_DATE.match(block_text(b))
             and not name_line(block_text(b))]
    if heads:
        return heads[-1]
    texts = [i for i, b in enumerate(blocks) if not _BRACKETED_DATE.match(block_text(b))]
    return texts[-1] if texts else -1


def _duplicates(blocks: list[Block]) -> set[int]:
    """Lines repeated further down (a page header repeating the byline): the first copy is furniture."""
    texts = [block_text(b) for b in blocks]
    return {i for i, text in enumerate(texts) if text in texts[i + 1:]}


def _is_author(text: str, known: str) -> bool:
    """A line naming a person; when the page's metadata names the author, one sharing a word with it."""
    name = name_line(text)
    if not name:
        return False
    return not known or bool({w.strip(".").lower() for w in name.split()} & {w.strip(".").lower() for w in
                                                                             known.split()})


def title_page(blocks: list[Block], left: list[Left], known_author: str = "") -> TitlePage:
    page = TitlePage()
    title_at = _title_index(blocks)
    repeated = _duplicates(blocks)
    after_by = False
    for i, block in enumerate(blocks):
        text = block_text(block)
        if not block.inlines:  # a quotation or list above the title: its words, as one line
            block = Block("p", [Inline("text", text)])
        if i in repeated:
            left.append(Left("the page header (a repeat of the line below it)", text))
        elif i == title_at:
            page.title = block.inlines
            page.parts.append(("main", block.inlines))
        elif text[:1].islower() and text.lower() != "by" and i < title_at:  # "by" alone: a byline follows
            left.append(Left("an image caption or a line of the page header", text))
        elif text.lower() == "by" and i + 1 < len(blocks) and _is_author(block_text(blocks[i + 1]), known_author):
            after_by = True
            page.parts.append(("by", block.inlines))
        elif _BRACKETED_DATE.match(text) and parse_date(text) and page.date is None:
            page.date = parse_date(text)
            page.parts.append(("date", block.inlines))
        elif (after_by or i < title_at) and not page.author and _is_author(text, known_author):
            page.author = name_line(text) or ""
            page.parts.append(("byline", block.inlines))
        else:
            page.parts.append(("desc" if i < title_at else "sub", block.inlines))
        after_by = after_by and text.lower() == "by"
    return page
