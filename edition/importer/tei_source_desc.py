"""sourceDesc: the printed source (read from "Source:" and "Publisher:": a biblStruct when its title and its
date or publisher could be read, else a bibl in the page's words), the first publication, and the online
version the draft was imported from, with the page's provenance block verbatim. Nothing the page does not
state is written: no placeholder, no computed date."""

from __future__ import annotations

from lxml import etree

from .blocks import plain
from .dates import parse_date
from .facts import ROLE_WORDS, Facts
from .layout import Page
from .people import People
from .sources import PrintSource
from .tei_header import ImportInfo, author_name
from .tei_text import sub


def _imprint(monogr: etree._Element, source: PrintSource) -> None:
    imprint = sub(monogr, "imprint")
    if source.publisher:
        sub(imprint, "publisher", source.publisher)
    if source.date is not None:
        sub(imprint, "date", source.date.text, **source.date.attributes())


def _scopes(monogr: etree._Element, source: PrintSource) -> None:
    if source.volume:
        sub(monogr, "biblScope", source.volume.text, unit="volume", n=source.volume.n)
    if source.issue:
        sub(monogr, "biblScope", source.issue.text, unit="issue", n=source.issue.n)
    if source.pages:
        sub(monogr, "biblScope", source.pages.text, unit="page", **{"from": source.pages.start,
                                                                     "to": source.pages.end})


def _stated(facts: Facts) -> str:
    return " and ".join(f"“{e.label.strip().rstrip(':')}: {e.value}”" for e in facts.source_entries)


def print_source(desc: etree._Element, facts: Facts, people: People, author_ref: str) -> None:
    """The printed source as a biblStruct when it could be read into parts; as a bibl in the page's words
    when not; nothing when the page names none."""
    source = facts.source
    if source is None:
        return
    if not source.structured:
        bibl = sub(desc, "bibl", "; ".join(e.value for e in facts.source_entries) or source.statement,
                   xml_id="source-print", type="print")
        sub(bibl, "note", f"The archive page gives {_stated(facts)}; its parts (title, volume, issue, pages, "
                          f"date) could not all be read, so the draft gives it in the page's words.")
        return
    struct = sub(desc, "biblStruct", xml_id="source-print", type="article" if source.journal else "book")
    if source.journal:
        analytic = sub(struct, "analytic")
        sub(sub(analytic, "author"), "persName", author_name(facts), ref=author_ref)
        sub(analytic, "title", facts.title, level="a")
    monogr = sub(struct, "monogr")
    sub(monogr, "title", source.title, level="j" if source.journal else "m")
    _imprint(monogr, source)
    _scopes(monogr, source)
    unread = [name for name, value in (("pages", source.pages), ("date", source.date)) if not value]
    read = f"It states no {' and no '.join(unread)}." if unread else "It was read in full."
    sub(struct, "note", f"The archive page gives {_stated(facts)}. {read}")


def first_published(desc: etree._Element, facts: Facts) -> None:
    if facts.published is None:
        return
    bibl = sub(desc, "bibl", type="first-published")
    date = facts.published.value
    found = parse_date(date)
    sub(bibl, "note", f"First published, as the archive page states: {date}")
    if found is not None:
        sub(bibl, "date", found.text, **found.attributes())


def online_source(desc: etree._Element, facts: Facts, page: Page, info: ImportInfo, people: People) -> None:
    bibl = sub(desc, "bibl", xml_id="source-online", type="online")
    name = facts.online.value if facts.online else ""
    if facts.online_date is not None:
        name = name.replace(facts.online_date.text, "").strip(" ,;.")
    sub(bibl, "title", name or info.source_name, level="m")  # without an "Online Version:" label, the page's file
    if facts.online_date is not None:
        sub(bibl, "date", facts.online_date.text, type="published", **facts.online_date.attributes())
    if facts.updated is not None:
        sub(bibl, "date", facts.updated.text, type="updated", **facts.updated.attributes())
    for role in facts.roles:
        stmt = sub(bibl, "respStmt")
        for key in role.keys:
            sub(stmt, "resp", ROLE_WORDS[key], key=key, **({"when": role.when.value} if role.when else {}))
        for agent in role.agents:
            sub(stmt, "orgName" if agent.is_org else "persName", agent.name,
                ref=people.ref(agent.name, agent.is_org, ROLE_WORDS[role.keys[0]].lower() + " of the online version"))
    lines = [plain(b.inlines) for b in page.provenance]
    block = " ".join(lines) if lines else "(the page has no provenance block)"
    sub(bibl, "note", f"The web page from which this draft was imported ({info.source_name}, {info.source_format}, "
                      f"{info.encoding}). Its provenance block reads: {block}")
