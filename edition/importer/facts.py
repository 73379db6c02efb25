"""The facts of a page's provenance block (and of its title page), as the header records them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import plain
from .dates import IsoDate, parse_date
from .layout import Page, dateline
from .provenance import Agent, Entry, agents, entries
from .sources import PrintSource, looks_online, read_source

# The edition's role keys (MARC relator codes) for the labels that name people.
ROLE_KEYS = {"transcription+markup": ("trc", "mrk"), "transcribed": ("trc",), "markup": ("mrk",),
             "proofread": ("pfr",), "translated": ("trl",)}
ROLE_WORDS = {"trc": "Transcription", "mrk": "HTML markup", "pfr": "Proofreading", "trl": "Translation"}
_LETTER = re.compile(r"^(?P<author>[A-Z][\w.’' -]{1,40}?) to [A-Z]")
_BY = re.compile(r"^by (?P<author>[A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+){0,3})")


@dataclass
class Role:
    keys: tuple[str, ...]
    label: str
    value: str
    agents: list[Agent]
    when: IsoDate | None


@dataclass
class Facts:
    title: str
    author: str
    written: IsoDate | None
    written_text: str
    place: str
    source: PrintSource | None
    published: Entry | None
    online: Entry | None
    online_date: IsoDate | None
    updated: IsoDate | None
    updated_text: str
    roles: list[Role] = field(default_factory=list)
    translated: Entry | None = None
    rights: Entry | None = None
    unknown: list[Entry] = field(default_factory=list)
    source_entries: list[Entry] = field(default_factory=list)  # what the printed source was read from

    @property
    def published_date(self) -> IsoDate | None:
        return parse_date(self.published.value) if self.published else None


def _first(found: list[Entry], key: str) -> Entry | None:
    return next((e for e in found if e.key == key), None)


def _author(page: Page, meta: dict[str, str], written: Entry | None) -> str:
    if page.front.author:
        return page.front.author
    for key in ("author", "front-matter author"):
        if meta.get(key):
            return meta[key]
    letter = _LETTER.match(plain(page.front.title))
    if letter:
        return letter["author"]
    by = _BY.match(written.value) if written else None
    return by["author"] if by else ""


def _roles(found: list[Entry]) -> list[Role]:
    roles = []
    for entry in found:
        if entry.key in ROLE_KEYS and entry.value:
            when = parse_date(entry.value)
            people = agents(entry.value, when)
            if people:
                roles.append(Role(ROLE_KEYS[entry.key], entry.label, entry.value, people, when))
    return roles


def _title_page_date(page: Page) -> IsoDate | None:
    """A date the title page gives: in the title of a letter ("Marx to Kugelmann, 30 January 1868") or
    below the title ("Delivered … on June 15, 1923.")."""
    for kind, inlines in page.front.parts:
        found = parse_date(plain(inlines)) if kind in ("main", "sub", "desc") else None
        if found is not None and len(found.value) >= 7:
            return found
    return None


def _updated(page: Page) -> tuple[IsoDate | None, str]:
    for left in page.left_out:
        if left.why == "the page's date of last update":
            return parse_date(left.text), left.text
    return None, ""


def read_facts(page: Page, meta: dict[str, str]) -> Facts:
    found = entries(page.provenance)
    written, source = _first(found, "written"), _first(found, "source")
    publisher, online = _first(found, "publisher"), _first(found, "online")
    written_date = parse_date(written.value) if written else None
    datelines = [(page.closer.place, page.closer.date)] if page.closer else []
    datelines += [page.opening] if page.opening else []
    if written_date is None and datelines:
        written_date = datelines[0][1]
    place = next((p for p, d in datelines if written_date and d.value[:4] == written_date.value[:4]), "")
    in_label = dateline(written.value) if written else None  # "Written: London, 5 May 1875"
    place = place or (in_label[0] if in_label else "")
    updated, updated_text = _updated(page)
    published = _first(found, "published")
    printed = source if source is not None and not looks_online(source.inlines, source.value) else published
    used = [e for e in (source, publisher, published) if e is not None and (e is printed or e.key != "published")]
    return Facts(
        title=plain([i for i in page.front.title if i.kind != "noteref"]), author=_author(page, meta, written),
        written=written_date or page.front.date or _title_page_date(page), written_text=written.value if written else "",
        place=place.strip("[] "),
        source=read_source(printed.inlines, printed.value, publisher.value if publisher else "") if printed
        else None,
        published=published, online=online, source_entries=used,
        online_date=parse_date(online.value) if online else None,
        updated=updated, updated_text=updated_text, roles=_roles(found),
        translated=_first(found, "translated"), rights=_first(found, "rights"),
        unknown=[e for e in found if e.key is None],
    )
