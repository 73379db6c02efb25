"""Page furniture: the parts of an archive page that belong to the site, not to the text (navigation,
image captions, "Last updated", contact lines, the site's name, an empty "Abstract" heading). Each is
left out of the text and recorded, with its words, in the header's editorial declaration."""

from __future__ import annotations

from .blocks import Block, Inline, block_text, plain

_FOOTER_CLASSES = {"footer", "next", "updat", "toc", "breadcrumb", "linkback", "back", "navigation", "nav"}
_SEPARATORS = set("|>\\[]•-–—:·/«»<() .,")
_CONTACT_STARTS = ("write ", "contact ", "e-mail ", "email ", "send ")
_NAV_STARTS = ("next:", "previous:", "prev:", "back to", "next chapter", "previous chapter", "contents:")
_UPDATED_STARTS = ("last updated", "last update", "updated on", "page last modified")


def _link_only(inlines: list[Inline]) -> bool:
    """Whether every word of a block stands in a link (a row of navigation links)."""
    linked = False
    for piece in inlines:
        if piece.kind == "link":
            linked = linked or bool(plain(piece.children).strip())
        elif piece.kind == "hi":
            if not _link_only(piece.children):
                return False
            linked = linked or any(c.kind == "link" for c in piece.children)
        elif piece.kind == "text" and not set(piece.value) <= _SEPARATORS | {"\u00a0", "\n", "\t"} or piece.kind in ("label", "noteref"):
            return False
    return linked


def why_furniture(block: Block) -> str | None:
    """Why a block is page furniture, or None when it belongs to the text."""
    if block.kind == "furniture":
        return block.value
    if block.kind not in ("p", "head"):
        return None
    text = block_text(block)
    lower = text.lower()
    if set(block.classes) & _FOOTER_CLASSES:
        return "the page's footer links"
    if lower.startswith(_UPDATED_STARTS):
        return "the page's date of last update"
    if _link_only(block.inlines):
        return "site navigation links"
    if lower.startswith(_NAV_STARTS) and any(i.kind == "link" for i in block.inlines) and len(text.split()) < 20:
        return "a link to the next or previous page"
    if lower.startswith(_CONTACT_STARTS) and ("archive" in lower or "admin" in lower):
        return "the contact line"
    if "archive" in lower and len(text.split()) <= 8 and not text.rstrip().endswith((".", ":", ";", ",")):
        return "the site's name or navigation"
    if block.kind == "head" and lower.strip(" :") in ("abstract", "contents", "table of contents"):
        return f"the empty heading “{text}”"
    return None
