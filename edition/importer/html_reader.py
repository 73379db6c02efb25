"""An HTML or XHTML page (any era of hand-made archive HTML) as the importer's blocks, via tinyhtml5's
HTML5 parser, which copes with mixed-case tags, unclosed paragraphs and stray end tags as browsers do."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree import ElementTree

import tinyhtml5

from .blocks import Block, Inline, block_text

_XHTML = "{http://www.w3.org/1999/xhtml}"
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_HI = {"em": "italic", "i": "italic", "cite": "italic", "var": "italic", "dfn": "italic", "strong": "bold",
       "b": "bold", "u": "underline", "sub": "subscript", "tt": "monospace", "code": "monospace"}
_SKIP = {"script", "style", "noscript", "template", "head", "map", "area", "object", "iframe", "form",
         "select", "option", "button", "input", "textarea"}
# MIA's classes for block quotations (paragraphs set off from the text).
_QUOTE_CLASSES = {"quoteb", "quote", "indentb", "blockquote"}
_LAYOUT_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol", "pre"}
_CONTAINERS = {"div", "center", "section", "article", "main", "body", "dl", "dd", "dt",
               "header", "footer", "nav", "aside", "address", "figure"}
# A note marker as printed: [1], [A], 1., (1), *, ^[1]^ (plain text of a link, not markup).
_MARKER = re.compile(r"^\^?\[?\(?([0-9]{1,3}|[A-Za-z]|[*†‡§]{1,3})[.)]?\]?\)?\^?\.?$")


@dataclass
class HtmlPage:
    blocks: list[Block]
    meta: dict[str, str] = field(default_factory=dict)  # e.g. {"author": "Karl Marx", "title": ...}
    dropped: list[str] = field(default_factory=list)  # image captions (alt texts) left out


def local(el: ElementTree.Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag[len(_XHTML):].lower() if tag.startswith(_XHTML) else tag.lower()


def classes(el: ElementTree.Element) -> tuple[str, ...]:
    return tuple((el.get("class") or "").lower().split())


def is_marker(text: str) -> bool:
    return bool(_MARKER.match(" ".join(text.split())))


class _Reader:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.dropped: list[str] = []
        self.pending: list[Inline] = []

    # ----------------------------------------------------------------- inline level
    def inlines(self, el: ElementTree.Element) -> list[Inline]:
        out: list[Inline] = []
        if el.text:
            out.append(Inline("text", el.text))
        for child in el:
            out.extend(self.inline(child))
            if child.tail:
                out.append(Inline("text", child.tail))
        return out

    def inline(self, el: ElementTree.Element) -> list[Inline]:
        name = local(el)
        if not name or name in _SKIP:
            return []
        if name == "br":
            return [Inline("br")]
        if name == "img":
            alt = " ".join((el.get("alt") or "").split())
            if alt:
                self.dropped.append(alt)
            return []
        if name in _HI:
            return [Inline("hi", _HI[name], self.inlines(el))]
        if name == "sup":
            inner = self.inlines(el)
            return inner if any(i.kind == "noteref" for i in inner) else [Inline("hi", "superscript", inner)]
        if name == "span" and "info" in classes(el):
            return self.label(el)
        if name == "a":
            return self.link(el)
        return self.inlines(el)

    def label(self, el: ElementTree.Element) -> list[Inline]:
        inner = self.inlines(el)
        if any(i.kind in ("anchor", "noteref") for i in inner):
            return inner  # a note's number styled as a label: the note's anchor, not a provenance label
        text = "".join(i.value if i.kind in ("text", "label") else " " for i in inner)
        return [Inline("label", text)]

    def link(self, el: ElementTree.Element) -> list[Inline]:
        own = el.get("name") or el.get("id")
        href = (el.get("href") or "").strip()
        inner = self.inlines(el)
        out = [Inline("anchor", own)] if own else []
        text = "".join(i.value for i in inner if i.kind == "text")
        if href.startswith("#") and len(href) > 1 and is_marker(text) and all(i.kind == "text" for i in inner):
            return [*out, Inline("noteref", href[1:], marker=" ".join(text.split()))]
        return [*out, Inline("link", href, inner)] if href else out + inner

    # ----------------------------------------------------------------- block level
    def table(self, el: ElementTree.Element) -> Block:
        rows = [[self.inlines(cell) for cell in tr if local(cell) in ("td", "th")]
                for tr in el.iter() if local(tr) == "tr"]
        block = Block("table", rows=[row for row in rows if row], classes=classes(el))
        if not block.rows or all(_links_only(cell) for row in block.rows for cell in row):
            return Block("furniture", [Inline("text", block_text(block))], value="a navigation table")
        return block

    def note_items(self, el: ElementTree.Element) -> None:
        for li in el:
            if local(li) == "li":
                self.blocks.extend(_note_item(self, li))

    def flush(self) -> None:
        if any(i.kind != "text" or i.value.strip() for i in self.pending):
            self.blocks.append(Block("p", self.pending))
        self.pending = []

    def walk(self, el: ElementTree.Element) -> None:
        if el.text:
            self.pending.append(Inline("text", el.text))
        for child in el:
            self.child(child)
            if child.tail:
                self.pending.append(Inline("text", child.tail))

    def child(self, el: ElementTree.Element) -> None:
        name = local(el)
        if name in _HEADINGS or name in ("p", "pre", "hr", "blockquote", "table", "ul", "ol") or \
                name in _CONTAINERS:
            self.flush()
        if name in _HEADINGS:
            self.blocks.append(Block("head", self.inlines(el), level=_HEADINGS[name], classes=classes(el)))
        elif name in ("p", "pre") and set(classes(el)) & _QUOTE_CLASSES:
            self.blocks.append(Block("quote", children=[Block("p", self.inlines(el))], classes=classes(el)))
        elif name in ("p", "pre"):
            self.blocks.append(Block("p", self.inlines(el), classes=classes(el)))
        elif name == "hr":
            self.blocks.append(Block("rule", classes=classes(el)))
        elif name == "blockquote":
            self.blocks.append(Block("quote", children=_read_blocks(el, self.dropped)))
        elif name == "table" and any(local(b) in _LAYOUT_BLOCKS for b in el.iter() if b is not el):
            self.walk(el)  # a table laying out the page: its paragraphs are the page's
            self.flush()
        elif name == "table":
            self.blocks.append(self.table(el))
        elif name in ("ul", "ol") and any(local(li) == "li" and li.get("id") for li in el):
            self.note_items(el)
        elif name in ("ul", "ol"):
            items = [self.inlines(li) for li in el if local(li) == "li"]
            self.blocks.append(Block("list", items=items, classes=(name,)))
        elif name in _CONTAINERS:
            self.walk(el)
            self.flush()
        else:
            self.pending.extend(self.inline(el))


def _links_only(inlines: list[Inline]) -> bool:
    """A table cell holding nothing but links and separators (a navigation bar's cell)."""
    text = "".join(i.value for i in inlines if i.kind == "text")
    return not any(c.isalnum() for c in text)


def _note_item(reader: _Reader, li: ElementTree.Element) -> list[Block]:
    """A list item that a marker points to (Markdown's footnotes): paragraphs, the first opening with its
    anchor, the others continuing it."""
    for back in [a for a in li.iter() if local(a) == "a" and "footnote-backref" in classes(a)]:
        for parent in li.iter():
            if back in list(parent):
                parent.remove(back)
    inner = [b for b in _read_blocks(li, reader.dropped) if b.kind == "p"] or [Block("p")]
    blocks = [Block("p", b.inlines, classes=("note-item",)) for b in inner]
    blocks[0].inlines = [Inline("anchor", li.get("id") or ""), *blocks[0].inlines]
    return blocks


def _read_blocks(el: ElementTree.Element, dropped: list[str]) -> list[Block]:
    reader = _Reader()
    reader.dropped = dropped
    reader.walk(el)
    reader.flush()
    return reader.blocks


def _meta(root: ElementTree.Element) -> dict[str, str]:
    found: dict[str, str] = {}
    for el in root.iter():
        name = local(el)
        if name == "meta" and (el.get("name") or "").lower() in ("author", "description"):
            found.setdefault((el.get("name") or "").lower(), " ".join((el.get("content") or "").split()))
        elif name == "title" and el.text:
            found.setdefault("title", " ".join(el.text.split()))
    return found


def read_html(text: str) -> HtmlPage:
    root = tinyhtml5.parse(text)
    body = next((el for el in root if local(el) == "body"), None)
    dropped: list[str] = []
    blocks = _read_blocks(body, dropped) if body is not None else []
    return HtmlPage(blocks, _meta(root), dropped)


def has_elements(text: str) -> bool:
    """Whether a text holds HTML elements at all (a page named .htm may be anything)."""
    root = tinyhtml5.parse(text)
    body = next((el for el in root if local(el) == "body"), None)
    return body is not None and any(local(el) not in ("", "br") for el in body.iter() if el is not body)
