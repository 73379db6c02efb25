"""The printed source as the page's "Source:" (and "Publisher:") values state it: title, volume, issue,
pages and date when they can be read, the statement itself always. Regular expressions over the plain
label text only."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .blocks import Inline, plain
from .dates import IsoDate, parse_date

_VOLUME = re.compile(r"\b(?:Vol(?:ume)?|vol(?:ume)?|Bd|Band)\.?\s+(?P<v>[IVXLC]+\b|\d+|[A-Z][a-z]+)", re.UNICODE)
_ISSUE = re.compile(r"(?:\b(?:No|no|Nr|Number|Issue|issue)\.?\s*|#)(?P<v>\d+)")
_PAGES = re.compile(r"\b(?:pp?|pages?)\.?\s*(?P<from>\d+)(?:\s*(?:[-–—]+|to)\s*(?P<to>\d+))?")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_NUMBER_WORDS = {w: i for i, w in enumerate(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                                             "ten", "eleven", "twelve"), start=1)}


@dataclass(frozen=True)
class Scope:
    text: str  # as printed: "III", "9–11"
    n: str = ""  # machine-readable number
    start: str = ""
    end: str = ""


@dataclass(frozen=True)
class PrintSource:
    statement: str  # the Source value as the page gives it
    title: str
    journal: bool  # a periodical (level j) rather than a book (level m)
    volume: Scope | None
    issue: Scope | None
    pages: Scope | None
    date: IsoDate | None
    publisher: str

    @property
    def structured(self) -> bool:
        """Whether the source could be read into parts: a title and a date or publisher (a biblStruct's
        monogr and imprint); else it is given in the page's words."""
        return bool(self.title and (self.date or self.publisher))

    @property
    def complete(self) -> bool:
        """Whether the source could be read in full (title, pages and date): a biblStruct of its own."""
        return bool(self.title and self.pages and self.date)


def _number(text: str) -> str:
    if text.isdigit():
        return str(int(text))
    if text.lower() in _NUMBER_WORDS:
        return str(_NUMBER_WORDS[text.lower()])
    if text and set(text) <= set(_ROMAN):
        values = [_ROMAN[c] for c in text]
        return str(sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values)))
    return ""


def _flat(inlines: list[Inline]) -> list[Inline]:
    """The pieces of a value, those inside links included (a title in italics may be a link)."""
    out: list[Inline] = []
    for piece in inlines:
        out.append(piece)
        if piece.kind == "link":
            out.extend(_flat(piece.children))
    return out


def _title(inlines: list[Inline], statement: str) -> str:
    italic = next((plain(i.children) for i in _flat(inlines) if i.kind == "hi" and i.value == "italic"), "")
    if italic:
        return italic.strip(" ,;.")
    first = _before_comma(statement).strip(" .;")
    for pattern in (_VOLUME, _ISSUE, _PAGES):
        found = pattern.search(first)
        first = first[:found.start()].strip(" .;,") if found else first
    for lead in ("in ", "by ", "from "):
        first = first[len(lead):] if first.lower().startswith(lead) else first
    return first if _PAGES.search(first) is None else ""


def _before_comma(text: str) -> str:
    """The text up to its first comma outside brackets: "Historical Materialism (Marx, Engels), p. 2" → …)."""
    depth = 0
    for i, char in enumerate(text):
        depth += char in "([" 
        depth -= char in ")]"
        if char == "," and depth <= 0:
            return text[:i]
    return text


def looks_online(inlines: list[Inline], statement: str) -> bool:
    """A "Source:" that names a website or web archive rather than a printed work (no title in italics, no
    volume or pages)."""
    lower = statement.lower()
    italic = any(i.kind == "hi" and i.value == "italic" for i in inlines)
    printed = italic or _PAGES.search(statement) or _VOLUME.search(statement)
    return not printed and any(mark in lower for mark in ("http", "www.", ".org", ".com", "archive"))


def read_source(inlines: list[Inline], statement: str, publisher: str) -> PrintSource:
    volume = _VOLUME.search(statement)
    issue = _ISSUE.search(statement)
    pages = _PAGES.search(statement)
    date = parse_date(_without(statement, volume, issue, pages)) or parse_date(publisher)
    page_scope = None
    if pages:
        end = _full_end(pages["from"], pages["to"] or pages["from"])
        if int(end) >= int(pages["from"]):
            page_scope = Scope(pages[0].split(None, 1)[-1] if " " in pages[0] else pages[0], start=pages["from"],
                               end=end)
    return PrintSource(
        statement=statement, title=_title(inlines, statement),
        journal=bool(issue) or bool(date and len(date.value) > 4 and not volume),
        volume=Scope(volume["v"], _number(volume["v"])) if volume else None,
        issue=Scope(issue["v"], issue["v"]) if issue else None,
        pages=page_scope, date=date, publisher=publisher,
    )


def _full_end(start: str, end: str) -> str:
    """The last page written in full: "311-12" ends on page 312."""
    if int(end) < int(start) and len(end) < len(start):
        return start[:len(start) - len(end)] + end
    return end


def _without(text: str, *matches: re.Match | None) -> str:
    for match in matches:
        if match:
            text = text.replace(match[0], " ")
    return text
