"""sourceDesc: the printed source (a biblStruct, read from "Source:" and "Publisher:"), the first
publication, and the online version the draft was imported from, with the page's provenance block
verbatim."""

from __future__ import annotations

from lxml import etree

from .blocks import plain
from .dates import parse_date
from .facts import ROLE_WORDS, Facts
from .layout import Page
from .people import People
from .sources import PrintSource
from .tei_header import NOT_STATED, ImportInfo, author_name
from .tei_text import sub


def _imprint_date(monogr: etree._Element, source: PrintSource | None, facts: Facts) -> None:
    imprint = sub(monogr, "imprint")
    if source is not None and source.publisher:
        sub(imprint, "publisher", source.publisher)
    bound = facts.print_bound()
    if source is not None and source.date is not None:
        sub(imprint, "date", source.date.text, **source.date.attributes())
    elif bound is not None:
        sub(imprint, "date", "[not stated]", cert="unknown", **dict([bound]))


def _scopes(monogr: etree._Element, source: PrintSource | None) -> None:
    if source is not None and source.volume:
        sub(monogr, "biblScope", source.volume.text, unit="volume", n=source.volume.n)
    if source is not None and source.issue:
        sub(monogr, "biblScope", source.issue.text, unit="issue", n=source.issue.n)
    if source is not None and source.pages:
        sub(monogr, "biblScope", source.pages.text, unit="page", **{"from": source.pages.start,
                                                                     "to": source.pages.end})
    else:
        sub(monogr, "biblScope", "[not stated]", unit="page", cert="unknown",
            **{"from": NOT_STATED, "to": NOT_STATED})


def print_source(desc: etree._Element, facts: Facts, people: People, author_ref: str) -> None:
    source = facts.source
    article = source is not None and source.journal
    struct = sub(desc, "biblStruct", xml_id="source-print", type="article" if article else "book")
    if article:
        analytic = sub(struct, "analytic")
        sub(sub(analytic, "author"), "persName", author_name(facts), ref=author_ref)
        sub(analytic, "title", facts.title, level="a")
    monogr = sub(struct, "monogr")
    if source is not None and source.title:
        sub(monogr, "title", source.title, level="j" if article else "m")
    else:
        sub(monogr, "title", "[not stated]", level="m", type=NOT_STATED, cert="unknown")
    _imprint_date(monogr, source, facts)
    _scopes(monogr, source)
    stated = " and ".join(f"“{e.label.strip().rstrip(':')}: {e.value}”" for e in facts.source_entries)
    read = "It was read in full." if source is not None and source.complete else \
        ("What the page does not state reads “[not stated]” and is marked cert=\"unknown\"; an unstated date "
         "is given as a bound (not before the text was written or first published), for the editor to supply.")
    sub(struct, "note", f"The archive page gives {stated or 'no printed source'}. {read}")


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
    name = facts.online.value if facts.online else "The archive page"
    if facts.online_date is not None:
        name = name.replace(facts.online_date.text, "").strip(" ,;.")
    sub(bibl, "title", name or "The archive page", level="m")
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
