"""The TEI `text` of a draft: title page, sections with headings, numbered paragraphs, block quotations,
lists, notes at their markers, milestones for rows of asterisks, and the closing dateline."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from .. import TEI_NS
from ..readings import reading_text
from .blocks import Block, Inline, block_text, plain
from .dates import IsoDate
from .id_keeping import IdKeeper
from .layout import Dateline, Page
from .names import NameFinder

T = f"{{{TEI_NS}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def sub(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, T + name, {k.replace("xml_id", XML_ID): v for k, v in attrs.items() if v})
    if text:
        el.text = text
    return el


def append_text(parent: etree._Element, text: str) -> None:
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


_SPACES = re.compile(r"[ \t\r\n]+")


def trim(el: etree._Element) -> etree._Element:
    """No white space at the start and end of a block (what the page's markup had around its text)."""
    if el.text:
        el.text = el.text.lstrip(" ") or None
    if len(el):
        if el[-1].tail:
            el[-1].tail = el[-1].tail.rstrip(" ") or None
    elif el.text:
        el.text = el.text.rstrip(" ")
    return el


@dataclass
class TextWriter:
    doc_id: str
    names: NameFinder
    ids: IdKeeper
    notes: dict[str, tuple[str, list[Block]]]
    author_ref: str = ""
    numbered: int = 0
    used_notes: set[str] = field(default_factory=set)

    # -------------------------------------------------------------------------- inline
    def inlines(self, parent: etree._Element, pieces: list[Inline]) -> None:
        for piece in pieces:
            if piece.kind in ("text", "label"):
                self.text(parent, piece.value)
            elif piece.kind == "br":
                sub(parent, "lb")
            elif piece.kind == "hi":
                self.inlines(sub(parent, "hi", rend=piece.value), piece.children)
            elif piece.kind == "link":
                self.inlines(parent, piece.children)
            elif piece.kind == "noteref":
                self.noteref(parent, piece)

    def text(self, parent: etree._Element, text: str) -> None:
        text = _SPACES.sub(" ", text)  # the page's line breaks and indentation (not its no-break spaces)
        for piece, entry in self.names.split(text):
            if entry is None:
                append_text(parent, piece)
            else:
                sub(parent, entry.name_tag, piece, ref=entry.pointer())

    def noteref(self, parent: etree._Element, piece: Inline) -> None:
        found = self.notes.get(piece.value)
        if found is None or piece.value in self.used_notes:
            append_text(parent, piece.marker)
            return
        self.used_notes.add(piece.value)
        marker, blocks = found
        text = " ".join(block_text(b) for b in blocks)
        kind = "translator" if text.rstrip(" .").endswith(("Trans", "Tr", "Translator")) else "publisher"
        marker = marker or piece.marker.strip("[]()^ ").rstrip(".")
        note = sub(parent, "note", xml_id=self.ids.for_unit("note", "n", text), type=kind, n=marker)
        if len(blocks) == 1:
            trim_after(self.inlines, note, blocks[0].inlines)
            return
        for number, block in enumerate(blocks, start=1):
            trim_after(self.inlines, sub(note, "p", xml_id=f"{note.get(XML_ID)}p{number}"), block.inlines)

    # -------------------------------------------------------------------------- blocks
    def block(self, parent: etree._Element, block: Block) -> None:
        if block.kind == "p":
            self.numbered += 1
            p = sub(parent, "p", xml_id=self.ids.for_unit("p", "p", block_text(block)), n=str(self.numbered))
            trim_after(self.inlines, p, block.inlines)
        elif block.kind == "quote":
            self.quote(parent, block)
        elif block.kind == "list":
            lst = sub(parent, "list", xml_id=self.ids.for_unit("list", "l", block_text(block)))
            for item in block.items:
                trim_after(self.inlines, sub(lst, "item"), item)
        elif block.kind == "table":
            table = sub(parent, "table", xml_id=self.ids.for_unit("table", "t", block_text(block)))
            for row in block.rows:
                row_el = sub(table, "row")
                for cell in row:
                    trim_after(self.inlines, sub(row_el, "cell"), cell)
        elif block.kind == "milestone":
            sub(parent, "milestone", unit="section", rend="asterisks")

    def quote(self, parent: etree._Element, block: Block) -> None:
        cit = sub(parent, "cit", xml_id=self.ids.for_unit("cit", "q", block_text(block)), type="block")
        quote = sub(cit, "quote")
        for child in block.children:
            if child.kind == "bibl":
                self.inlines(sub(cit, "bibl"), child.inlines)
            elif child.kind == "quote":
                self._quoted(quote, child, cit)
            else:
                uid = self.ids.for_unit("p", f"{cit.get(XML_ID).split('.')[-1]}p", block_text(child))
                trim_after(self.inlines, sub(quote, "p", xml_id=uid), child.inlines if child.kind == "p" else
                           [Inline("text", block_text(child))])

    def _quoted(self, quote: etree._Element, child: Block, cit: etree._Element) -> None:
        for inner in child.children:
            uid = self.ids.for_unit("p", f"{cit.get(XML_ID).split('.')[-1]}p", block_text(inner))
            trim_after(self.inlines, sub(quote, "p", xml_id=uid), inner.inlines)

    def closer(self, parent: etree._Element, found: Dateline) -> None:
        closer = sub(parent, "closer", xml_id=self.ids.fixed("closer"))
        if plain(found.signed).strip():
            self.inlines(sub(closer, "signed"), found.signed)
        dated(self, sub(closer, "dateline"), plain(found.inlines), found.date)


def trim_after(write, el: etree._Element, inlines: list[Inline]) -> None:
    write(el, inlines)
    trim(el)


def dated(writer: TextWriter, parent: etree._Element, text: str, date: IsoDate | None) -> None:
    """`text` with its date (when found in it) as <date> with the ISO value; names tagged around it."""
    at = text.find(date.text) if date else -1
    if at < 0 or date is None:
        writer.text(parent, text)
        return
    writer.text(parent, text[:at])
    sub(parent, "date", date.text, **date.attributes())
    writer.text(parent, text[at + len(date.text):])


_LATER = "later"  # a section's identifier is chosen once its whole text is known


def write_body(writer: TextWriter, body_el: etree._Element, page: Page) -> None:
    """The body in sections by heading level (a heading with nothing under it joins the next section; text
    before the first heading, or a text without headings, is an unheaded section, as a row of asterisks
    starts one)."""
    stack: list[tuple[int, etree._Element, bool]] = []  # (level, div, has content)
    for block in page.body:
        if block.kind == "head":
            _heading(writer, body_el, stack, block)
        elif block.kind == "milestone":
            stack.clear()
            sub(body_el, "milestone", unit="section", rend="asterisks")
        else:
            if not stack:
                stack.append((99, sub(body_el, "div", xml_id=_LATER, type="section"), False))
            writer.block(stack[-1][1], block)
            stack[-1] = (stack[-1][0], stack[-1][1], True)
    _fill_empty(body_el)
    if page.closer is not None:
        divs = body_el.findall(T + "div")
        writer.closer(divs[-1] if divs and body_el[-1].tag == T + "div" else body_el, page.closer)
    for div in body_el.iter(T + "div"):  # by its whole text, so a re-import keeps it when that is unchanged
        div.set(XML_ID, writer.ids.for_unit("div", "d", reading_text(div, "transcribed")))


def _heading(writer: TextWriter, body_el: etree._Element, stack: list, block: Block) -> None:
    while stack and stack[-1][0] >= block.level and stack[-1][2]:
        stack.pop()
    if not stack or stack[-1][2]:
        parent = stack[-1][1] if stack else body_el
        stack.append((block.level, sub(parent, "div", xml_id=_LATER, type="subsection" if stack else "section"),
                      False))
    level, div, _ = stack[-1]
    head = sub(div, "head", xml_id=writer.ids.for_unit("head", "h", block_text(block)))
    trim_after(writer.inlines, head, block.inlines)
    stack[-1] = (min(level, block.level), div, False)


def _fill_empty(body_el: etree._Element) -> None:
    """A section holding only headings (the page ends on one) keeps them as paragraphs."""
    for div in body_el.iter(T + "div"):
        if all(child.tag == T + "head" for child in div):
            for head in list(div):
                head.tag = T + "p"
    _renumber(body_el)


def _renumber(body_el: etree._Element) -> None:
    number = 0
    for p in body_el.iter(T + "p"):
        parent = p.getparent()
        if parent.tag in (T + "div", T + "body"):
            number += 1
            p.set("n", str(number))


def write_front(writer: TextWriter, text_el: etree._Element, page: Page, author: str) -> None:
    """The title page in the page's order: consecutive title lines form one docTitle."""
    title_page = sub(sub(text_el, "front"), "titlePage")
    doc_title: etree._Element | None = None
    pending_by: list[Inline] = []
    titles = imprints = 0
    for kind, inlines in page.front.parts:
        if kind in ("main", "sub", "desc") and (doc_title is not None or not titles):
            if doc_title is None:
                titles += 1
                doc_title = sub(title_page, "docTitle", xml_id=writer.ids.fixed("title"))
            trim_after(writer.inlines, sub(doc_title, "titlePart", type=kind), inlines)
            continue
        doc_title = None
        if kind in ("sub", "desc"):  # a line below the byline: how the text was delivered or printed
            imprints += 1
            writer.inlines(sub(title_page, "docImprint", xml_id=writer.ids.fixed(
                "imprint" if imprints == 1 else f"imprint{imprints}")), inlines)
        if kind == "by":
            pending_by = inlines
        elif kind == "byline":
            byline = sub(title_page, "byline", xml_id=writer.ids.fixed("byline"))
            writer.inlines(byline, pending_by)
            _author_line(writer, byline, plain(inlines), author)
            pending_by = []
        elif kind == "date":
            date = page.front.date
            doc_date = sub(title_page, "docDate", xml_id=writer.ids.fixed("date"), **date.attributes())
            writer.inlines(doc_date, inlines)


def _author_line(writer: TextWriter, byline: etree._Element, text: str, author: str) -> None:
    at = text.find(author) if author else -1
    if at < 0:
        writer.text(byline, text)
        return
    append_text(byline, (" " if len(byline) or byline.text else "") + text[:at])
    sub(sub(byline, "docAuthor"), "persName", author, ref=writer.author_ref)
    append_text(byline, text[at + len(author):])
