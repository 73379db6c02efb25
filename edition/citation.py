"""How to cite a text: styled citations, reference-manager files and the page's citation metadata.

**What is cited.** Every format describes the **electronic edition** as the work cited: its title and
author, the edition (its publisher) as the container, its version, its date and — when the edition has a
base URL — its address. The two works it was made from are recorded as related items, in each format's
own way, never in place of the edition: the **online transcription** it was encoded from (CSL-JSON
`archive`, RIS `DB`, BibTeX `note`, MODS `relatedItem type="otherVersion"`, Dublin Core `relation`,
schema.org `isBasedOn`) and the **original printing** (CSL-JSON `original-title`/`original-date`, RIS `OP`,
BibTeX `note`, MODS `relatedItem type="original"`, Dublin Core `source`, schema.org `isBasedOn`). The
page's Highwire `citation_*` tags, its COinS and its JSON-LD describe the same record as the files, so a
reference manager that reads the page records what the files hold (tests/test_citation.py compares them).

Everything comes from `edition.metadata.DocumentMeta` (the TEI header) and the configured base URL:
nothing is invented — no identifiers, no licence, no URL of the online archive (the source gives none).
Without a base URL, absolute-URL fields are left out rather than filled with relative ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import orjson
from markupsafe import Markup, escape

from .decisions import printed_source_details, printed_source_line, single_page, text_address
from .metadata import Contributor, DocumentMeta
from .records import (
    author_display,
    dublin_core_elements,
    mods_record,
    oai_dc_record,
    relator_term,
)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
MLA_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
DC_SCHEMA = "http://purl.org/dc/elements/1.1/"

DOWNLOADS = (
    # (suffix, label, media type, what it is)
    (".bib", "BibTeX", "application/x-bibtex", "for LaTeX, BibDesk, JabRef"),
    (".ris", "RIS", "application/x-research-info-systems", "for Zotero, EndNote, Mendeley"),
    (".csl.json", "CSL-JSON", "application/vnd.citationstyles.csl+json", "for Zotero, Pandoc, citeproc"),
    (".dc.xml", "Dublin Core", "application/xml", "library record, oai_dc"),
    (".mods.xml", "MODS", "application/mods+xml", "library record, MODS 3.8"),
)


# ---------------------------------------------------------------------------------------------------------
# Small helpers: dates, names, the parts of the printed source
# ---------------------------------------------------------------------------------------------------------

def date_parts(iso: str) -> list[int]:
    """[year], [year, month] or [year, month, day] from an ISO 8601 date; [] when there is none."""
    parts = []
    for piece in iso.split("-")[:3]:
        if not piece.isdigit():
            break
        parts.append(int(piece))
    return parts


def chicago_date(iso: str) -> str:
    p = date_parts(iso)
    if len(p) == 3:
        return f"{MONTHS[p[1] - 1]} {p[2]}, {p[0]}"
    if len(p) == 2:
        return f"{MONTHS[p[1] - 1]} {p[0]}"
    return str(p[0]) if p else ""


def mla_date(iso: str) -> str:
    p = date_parts(iso)
    if len(p) == 3:
        return f"{p[2]} {MLA_MONTHS[p[1] - 1]} {p[0]}"
    if len(p) == 2:
        return f"{MLA_MONTHS[p[1] - 1]} {p[0]}"
    return str(p[0]) if p else ""


def slash_date(iso: str) -> str:
    """Highwire and RIS form: 1942/01, 2026/11/24."""
    return "/".join(f"{v:02d}" if i else str(v) for i, v in enumerate(date_parts(iso)))


def _journal(meta: DocumentMeta) -> bool:
    return meta.printed_source is not None and bool(meta.printed_source.journal)


def _volume(meta: DocumentMeta) -> str:
    src = meta.printed_source
    return (src.volume_number or src.volume) if src else ""


def _issue(meta: DocumentMeta) -> str:
    src = meta.printed_source
    return (src.issue_number or src.issue) if src else ""


def _pages(meta: DocumentMeta, dash: str = "–") -> str:
    src = meta.printed_source
    if src is None:
        return ""
    if src.page_from and src.page_to and src.page_from != src.page_to:
        return f"{src.page_from}{dash}{src.page_to}"
    return src.page_from or src.pages


def _print_date(meta: DocumentMeta) -> str:
    return meta.printed_source.date.when if meta.printed_source else ""


def _quoted_title(title: str) -> str:
    """The title in double quotes with a closing full stop inside, as Chicago and MLA set it."""
    inner = title.replace("“", "‘").replace("”", "’")
    return f"“{inner}”" if inner[-1:] in "?!" else f"“{inner}.”"


def credited_people(meta: DocumentMeta) -> list[Contributor]:
    """Persons the title statement credits (transcriber, proofreader, …): the edition's contributors."""
    return [c for c in meta.contributors if c.name and not c.is_org]


def _roles_text(c: Contributor) -> str:
    return ", ".join((relator_term(code) or label).lower() for code, label in
                     zip(c.roles, c.role_labels, strict=False))


def _people_text(people: list[Contributor]) -> str:
    return "; ".join(f"{c.name} ({_roles_text(c)})" for c in people)


def transcription_statement(meta: DocumentMeta) -> str:
    """The online transcription the edition was encoded from, as one sentence ("" when the header names none):
    "Encoded from the online transcription in the Natalia Sedova Internet Archive (published March 2005, last
    updated 3 October 2015); Mike Bessler (transcriber, markup editor); Einde O’Callaghan (proofreader)."."""
    online = meta.online_source
    if online is None or not online.title:
        return ""
    dates = [f"{label} {d.text}" for label, d in (("published", online.published), ("last updated", online.updated))
             if d.text]
    sentence = f"Encoded from the online transcription in the {online.title}"
    if dates:
        sentence += f" ({', '.join(dates)})"
    people = credited_people(meta)
    return sentence + (f"; {_people_text(people)}." if people else ".")


def printing_statement(meta: DocumentMeta) -> str:
    """The original printing as one sentence ("" when the header names none)."""
    printed = printed_source_line(meta.printed_source)
    return f"First printed in {printed}." if printed else ""


def edition_statement(meta: DocumentMeta) -> str:
    """The edition in one sentence: "Electronic edition, version 1.1 (Sedova Digital Edition, 7 December 2026)."."""
    text = "Electronic edition" + (f", version {meta.edition_version}" if meta.edition_version else "")
    publisher_date = ", ".join(x for x in (meta.publisher, meta.edition_date.text) if x)
    return text + (f" ({publisher_date})." if publisher_date else ".")


def edition_note(meta: DocumentMeta) -> str:
    """What the record is and what it was made from, for BibTeX `note`, RIS `N1` and CSL `note`."""
    return " ".join(x for x in (edition_statement(meta), transcription_statement(meta), printing_statement(meta)) if x)


def edition_container(meta: DocumentMeta) -> str:
    """The container of the work cited: the edition (its publisher's name), else "Electronic edition"."""
    return meta.publisher or "Electronic edition"


# ---------------------------------------------------------------------------------------------------------
# Styled citations (Chicago, MLA) for the page and the PDF colophon
# ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Citation:
    style: str  # "Chicago" | "MLA"
    label: str  # what a reader sees as the style's name
    segments: tuple[tuple[str, str], ...]  # (text, kind) with kind "text" | "italic" | "url"

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.segments)

    @property
    def html(self) -> Markup:
        out = []
        for text, kind in self.segments:
            if kind == "italic":
                out.append(Markup("<i>{}</i>").format(text))
            elif kind == "url":
                href = text if "://" in text else f"https://{text}"
                out.append(Markup('<a href="{}">{}</a>').format(href, text))
            else:
                out.append(escape(text))
        return Markup("").join(out)


def _printing_chicago(meta: DocumentMeta) -> list[tuple[str, str]]:
    src = meta.printed_source
    segs: list[tuple[str, str]] = [(src.journal, "italic")]
    detail = ""
    if _volume(meta):
        detail += f" {_volume(meta)}"
    if _issue(meta):
        detail += f"{',' if detail else ''} no. {_issue(meta)}"
    if _print_date(meta):
        detail += f" ({chicago_date(_print_date(meta))})"
    if _pages(meta):
        detail += f": {_pages(meta)}"
    segs.append((detail + ".", "text"))
    return segs


def _printing_mla(meta: DocumentMeta) -> list[tuple[str, str]]:
    src = meta.printed_source
    bits = []
    if _volume(meta):
        bits.append(f"vol. {_volume(meta)}")
    if _issue(meta):
        bits.append(f"no. {_issue(meta)}")
    if _print_date(meta):
        bits.append(mla_date(_print_date(meta)))
    pages = _pages(meta)
    if pages:
        bits.append(f"{'p.' if single_page(meta.printed_source) else 'pp.'} {pages}")
    return [(src.journal, "italic"), ("".join(f", {b}" for b in bits) + ".", "text")]


def chicago_edition(meta: DocumentMeta, base_url: str) -> Citation:
    """Author. “Title.” Electronic edition, version 1.1. Publisher, date. URL. First printed in *Journal* …"""
    segs: list[tuple[str, str]] = [(f"{author_display(meta)}. {_quoted_title(meta.title)} Electronic edition", "text")]
    tail = f", version {meta.edition_version}." if meta.edition_version else "."
    publisher_date = ", ".join(x for x in (meta.publisher, chicago_date(meta.edition_date.when)) if x)
    if publisher_date:
        tail += f" {publisher_date}."
    segs.append((tail, "text"))
    if base_url:
        segs += [(" ", "text"), (text_address(meta.doc_id, base_url), "url"), (".", "text")]
    if _journal(meta):
        segs += [(" First printed in ", "text"), *_printing_chicago(meta)]
    return Citation("Chicago", "Chicago (notes and bibliography), bibliography entry", tuple(segs))


def mla_edition(meta: DocumentMeta, base_url: str) -> Citation:
    """Author. “Title.” *Publisher*, version 1.1, date, URL. Originally published in *Journal*, …"""
    segs: list[tuple[str, str]] = [(f"{author_display(meta)}. {_quoted_title(meta.title)} ", "text"),
                                   (edition_container(meta), "italic")]
    bits = []
    if meta.edition_version:
        bits.append(f"version {meta.edition_version}")
    if meta.edition_date.when:
        bits.append(mla_date(meta.edition_date.when))
    segs.append(("".join(f", {b}" for b in bits), "text"))
    if base_url:
        url = text_address(meta.doc_id, base_url)
        segs += [(", ", "text"), (url.split("://", 1)[-1], "url")]
    segs.append((".", "text"))
    if _journal(meta):
        segs += [(" Originally published in ", "text"), *_printing_mla(meta)]
    return Citation("MLA", "MLA (9th edition), works-cited entry", tuple(segs))


def chicago_original(meta: DocumentMeta) -> Citation | None:
    if not _journal(meta):
        return None
    title = meta.printed_source.article_title or meta.title
    segs = [(f"{author_display(meta)}. {_quoted_title(title)} ", "text"), *_printing_chicago(meta)]
    return Citation("Chicago", "Chicago (notes and bibliography), bibliography entry", tuple(segs))


def mla_original(meta: DocumentMeta) -> Citation | None:
    if not _journal(meta):
        return None
    title = meta.printed_source.article_title or meta.title
    segs = [(f"{author_display(meta)}. {_quoted_title(title)} ", "text"), *_printing_mla(meta)]
    return Citation("MLA", "MLA (9th edition), works-cited entry", tuple(segs))


def paragraph_cite_prefix(meta: DocumentMeta) -> str:
    """The start of a note-form paragraph citation — author, title, first printing, edition — to which the ¶
    number and the stable URL are added (by `paragraph_citation`, and by the HTML stylesheets for the ¶ links)."""
    edition = f"electronic edition, version {meta.edition_version}" if meta.edition_version else "electronic edition"
    publisher_date = ", ".join(x for x in (meta.publisher, chicago_date(meta.edition_date.when)) if x)
    if publisher_date:
        edition += f" ({publisher_date})"
    title = meta.title.replace("“", "‘").replace("”", "’")
    printed = ""
    if _journal(meta):
        detail = "".join(t for t, _ in _printing_chicago(meta)).rstrip(".")
        printed = f" (first printed in {detail.replace('(', '[').replace(')', ']')})"
    return f"{meta.author}, “{title}”{printed}, {edition}"


def paragraph_citation(meta: DocumentMeta, n: str, unit_id: str, base_url: str, *, prefix: str | None = None) -> str:
    """A note-form citation of one paragraph: author, title, edition version, ¶ number, stable URL.
    `prefix`: paragraph_cite_prefix(meta), when the caller cites many paragraphs."""
    text = f"{paragraph_cite_prefix(meta) if prefix is None else prefix}, ¶ {n}"
    url = text_address(meta.doc_id, base_url, unit_id)
    if url:
        text += f", {url}"
    return text + "."


# ---------------------------------------------------------------------------------------------------------
# CSL-JSON
# ---------------------------------------------------------------------------------------------------------

def _csl_name(name: str, forename: str = "", surname: str = "") -> dict:
    if surname:
        return {"family": surname, "given": forename} if forename else {"family": surname}
    return {"literal": name}


def _csl_date(iso: str) -> dict:
    return {"date-parts": [date_parts(iso)]}


def csl_items(meta: DocumentMeta, base_url: str) -> list[dict]:
    """One item: the electronic edition (a web page in its edition), with the online transcription as its
    `archive` and the first printing as its `original-*` fields."""
    edition: dict = {"id": meta.doc_id, "type": "webpage", "title": meta.title,
                     "author": [_csl_name(meta.author, meta.author_forename, meta.author_surname)],
                     "container-title": edition_container(meta)}
    if meta.publisher:
        edition["publisher"] = meta.publisher
    if meta.edition_version:
        edition["version"] = meta.edition_version
    if meta.edition_date.when:
        edition["issued"] = _csl_date(meta.edition_date.when)
    if base_url:
        edition["URL"] = text_address(meta.doc_id, base_url)
    people = credited_people(meta)
    if people:
        edition["contributor"] = [_csl_name(c.name) for c in people]
    if meta.online_source is not None and meta.online_source.title:
        edition["archive"] = meta.online_source.title
    if _journal(meta):
        edition["original-title"] = meta.printed_source.article_title or meta.title
        if _print_date(meta):
            edition["original-date"] = _csl_date(_print_date(meta))
    if meta.language:
        edition["language"] = meta.language
    if meta.keywords:
        edition["keyword"] = ", ".join(meta.keywords)
    edition["note"] = edition_note(meta)
    return [edition]


def csl_json(meta: DocumentMeta, base_url: str) -> str:
    # orjson: json.dumps's bytes (pure Python with indent), 0.07 ms less a text (2026-12-08)
    return orjson.dumps(csl_items(meta, base_url), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode()


# ---------------------------------------------------------------------------------------------------------
# BibTeX (biblatex-compatible)
# ---------------------------------------------------------------------------------------------------------

# Braces as commands, not \{ \}: BibTeX counts every brace of a value, escaped or not, so a lone "{" in a
# title would end the entry early (or never).
_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "&": r"\&",
                   "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}",
                   "^": r"\textasciicircum{}"}


_BIBTEX_TABLE = str.maketrans(_BIBTEX_SPECIAL)


def bibtex_escape(value: str) -> str:
    return " ".join(value.split()).translate(_BIBTEX_TABLE)  # each special character replaced, in one pass


def bibtex_comment(value: str) -> str:
    """Text for a `%` comment line outside the entries: on one line, and without "@", which starts an entry
    wherever it stands outside one (a title holding an e-mail address would break the file)."""
    return " ".join(value.split()).replace("@", "(at)")


def bibtex_title(title: str) -> str:
    """Escape, and protect capitalised words after the first so styles do not lower-case names."""
    words = bibtex_escape(title).split(" ")
    return " ".join(w if i == 0 or w == w.lower() else "{" + w + "}" for i, w in enumerate(words))


def _bibtex_name(name: str, forename: str = "", surname: str = "") -> str:
    if surname:
        return f"{_name_part(surname)}, {_name_part(forename)}" if forename else _name_part(surname)
    return "{" + bibtex_escape(name) + "}"  # one literal name: never split into first and last


_SPLITS_A_NAME = re.compile(r",|\sand\s|^and\s|\sand$|^and$", re.IGNORECASE)


def _name_part(part: str) -> str:
    """A surname or forename, braced when BibTeX would split it (a comma, the word "and")."""
    escaped = bibtex_escape(part)
    return "{" + escaped + "}" if _SPLITS_A_NAME.search(escaped) else escaped


def _bibtex_entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    width = max(len(name) for name, _ in fields)
    lines = [f"@{kind}{{{key},"]
    for name, value in fields:
        lines.append(f"  {name.ljust(width)} = {value},")
    lines.append("}")
    return "\n".join(lines)


def _braced(value: str) -> str:
    return "{" + bibtex_escape(value) + "}"


def bibtex(meta: DocumentMeta, base_url: str) -> str:
    """One biblatex `@online` entry: the electronic edition; its sources in `note` (and the edition in
    `howpublished`, for BibTeX styles that read @online as @misc)."""
    author = _bibtex_name(meta.author, meta.author_forename, meta.author_surname)
    head = "% " + bibtex_comment(f"{meta.title} — {meta.publisher}, version {meta.edition_version}. UTF-8.")
    fields = [("author", "{" + author + "}"), ("title", "{" + bibtex_title(meta.title) + "}"),
              ("organization", _braced(edition_container(meta))),
              ("howpublished", _braced(edition_statement(meta).rstrip(".")))]
    if meta.publisher:
        fields.append(("publisher", _braced(meta.publisher)))
    p = date_parts(meta.edition_date.when)
    if p:
        fields.append(("year", "{" + str(p[0]) + "}"))
    if len(p) > 1:
        fields.append(("month", BIBTEX_MONTHS[p[1] - 1]))
    if meta.edition_date.when:
        fields.append(("date", "{" + meta.edition_date.when + "}"))
    if meta.edition_version:
        fields.append(("version", _braced(meta.edition_version)))
    if base_url:
        fields.append(("url", "{" + text_address(meta.doc_id, base_url) + "}"))
    related = " ".join(x for x in (transcription_statement(meta), printing_statement(meta)) if x)
    if related:
        fields.append(("note", _braced(related)))
    if meta.language_name:
        fields.append(("language", _braced(meta.language_name)))
    if meta.keywords:
        fields.append(("keywords", _braced(", ".join(meta.keywords))))
    return head + "\n\n" + _bibtex_entry("online", meta.doc_id, fields) + "\n"


# ---------------------------------------------------------------------------------------------------------
# RIS
# ---------------------------------------------------------------------------------------------------------

def _ris_value(value: str) -> str:
    """A value on one line: a line break inside it would start a new tag (or end the record) for the reader."""
    return " ".join(value.split())


def _ris_record(tags: list[tuple[str, str]]) -> str:
    lines = [f"{tag}  - {_ris_value(value)}" for tag, value in tags if value and value.strip()]
    lines.append("ER  - ")
    return "\r\n".join(lines)


def ris(meta: DocumentMeta, base_url: str) -> str:
    """One RIS record (CRLF line ends, as the format asks): the electronic edition (ELEC), with the online
    transcription as its database (DB) and the first printing as its original publication (OP)."""
    p = date_parts(meta.edition_date.when)
    online = meta.online_source
    tags: list[tuple[str, str]] = [
        ("TY", "ELEC"), ("ID", meta.doc_id), ("AU", author_display(meta)), ("TI", meta.title),
        ("T2", edition_container(meta)), ("PB", meta.publisher), ("PY", str(p[0]) if p else ""),
        ("DA", slash_date(meta.edition_date.when)),
        ("ET", f"version {meta.edition_version}" if meta.edition_version else ""),
        ("UR", text_address(meta.doc_id, base_url)),
        ("DB", online.title if online is not None else ""),
        ("OP", printed_source_line(meta.printed_source)), ("LA", meta.language)]
    tags += [("KW", k) for k in meta.keywords]
    tags.append(("N1", edition_note(meta)))
    return _ris_record(tags) + "\r\n"


# ---------------------------------------------------------------------------------------------------------
# Head metadata: Highwire, Dublin Core, COinS, schema.org JSON-LD
# ---------------------------------------------------------------------------------------------------------

def highwire_tags(meta: DocumentMeta, base_url: str, pdf_available: bool = False) -> list[tuple[str, str]]:
    """The Highwire `citation_*` tags: the same record as the files (the electronic edition, its date and
    publisher; no journal, volume or pages, which are the printing's)."""
    tags = [("citation_title", meta.title), ("citation_author", author_display(meta)),
            ("citation_publication_date", slash_date(meta.edition_date.when)),
            ("citation_publisher", meta.publisher), ("citation_language", meta.language)]
    tags += [("citation_keywords", k) for k in meta.keywords]
    if base_url:
        tags.append(("citation_public_url", text_address(meta.doc_id, base_url)))
        if pdf_available:
            tags.append(("citation_pdf_url", f"{text_address(meta.doc_id, base_url)}{meta.doc_id}.pdf"))
    return [(name, value) for name, value in tags if value]


def dublin_core_tags(meta: DocumentMeta, base_url: str) -> list[tuple[str, str]]:
    return [(f"DC.{name}", value) for name, value in dublin_core_elements(meta, base_url)]


def coins(meta: DocumentMeta, base_url: str) -> str:
    """The OpenURL ContextObject (Z39.88-2004, KEV, Dublin Core format) for the page's one COinS span: the
    electronic edition, as the files describe it."""
    pairs = [("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.type", "webpage"),
             ("rft.title", meta.title), ("rft.date", meta.edition_date.when), ("rft.publisher", meta.publisher),
             ("rft.source", printed_source_line(meta.printed_source))]
    if meta.author_surname:
        pairs += [("rft.aulast", meta.author_surname), ("rft.aufirst", meta.author_forename)]
    else:
        pairs.append(("rft.au", meta.author))
    pairs.append(("rft.language", meta.language))
    if base_url:
        pairs.append(("rft_id", text_address(meta.doc_id, base_url)))
    return urlencode([(k, v) for k, v in pairs if v], quote_via=quote)


def _person(name: str) -> dict:
    return {"@type": "Person", "name": name}


def json_ld(meta: DocumentMeta, base_url: str) -> dict:
    """schema.org description of the digital edition, `isBasedOn` the printing and the online transcription."""
    data: dict = {"@context": "https://schema.org", "@type": "Article"}
    if base_url:
        data["@id"] = data["url"] = text_address(meta.doc_id, base_url)
    data.update({"identifier": meta.doc_id, "name": meta.title, "headline": meta.title,
                 "author": _person(meta.author)})
    roles = []
    for c in meta.contributors:
        if not c.name:
            continue
        agent = {"@type": "Organization" if c.is_org else "Person", "name": c.name}
        for code, label in zip(c.roles, c.role_labels, strict=False):
            roles.append({"@type": "Role", "roleName": relator_term(code) or label, "contributor": agent})
    if roles:
        data["contributor"] = roles
    if meta.edition_version:
        data["version"] = meta.edition_version
    if meta.edition_date.when:
        data["datePublished"] = meta.edition_date.when
    if meta.publisher:
        data["publisher"] = {"@type": "Organization", "name": meta.publisher}
    data["isPartOf"] = {"@type": "WebSite", "name": edition_container(meta)}
    if meta.language:
        data["inLanguage"] = meta.language
    if meta.keywords:
        data["keywords"] = list(meta.keywords)
    based_on = [work for work in (_ld_printing(meta), _ld_transcription(meta)) if work]
    if based_on:
        data["isBasedOn"] = based_on if len(based_on) > 1 else based_on[0]
    return data


def _ld_printing(meta: DocumentMeta) -> dict | None:
    """schema.org description of the text's first printing, in its issue, volume and periodical."""
    if not _journal(meta):
        return None
    src = meta.printed_source
    printing: dict = {"@type": "Article", "name": src.article_title or meta.title, "author": _person(meta.author)}
    if _print_date(meta):
        printing["datePublished"] = _print_date(meta)
    if src.page_from:
        printing["pageStart"] = src.page_from
    if src.page_to:
        printing["pageEnd"] = src.page_to
    if src.pages:
        printing["pagination"] = src.pages
    if meta.created.when:
        printing["dateCreated"] = meta.created.when
    if meta.created_place:
        printing["locationCreated"] = {"@type": "Place", "name": meta.created_place}
    host: dict = {"@type": "Periodical", "name": src.journal}
    if _volume(meta):
        host = {"@type": "PublicationVolume", "volumeNumber": _volume(meta), "isPartOf": host}
    if _issue(meta):
        host = {"@type": "PublicationIssue", "issueNumber": _issue(meta), "isPartOf": host}
        if _print_date(meta):
            host["datePublished"] = _print_date(meta)
    printing["isPartOf"] = host
    return printing


def _ld_transcription(meta: DocumentMeta) -> dict | None:
    """schema.org description of the online transcription the text was encoded from."""
    online = meta.online_source
    if online is None or not online.title:
        return None
    transcription: dict = {"@type": "CreativeWork", "name": online.title}
    if online.published.when:
        transcription["datePublished"] = online.published.when
    if online.updated.when:
        transcription["dateModified"] = online.updated.when
    return transcription


# ---------------------------------------------------------------------------------------------------------
# What the page templates and the build use
# ---------------------------------------------------------------------------------------------------------

def recorded_work_note(meta: DocumentMeta) -> Markup:
    """One sentence for readers on what their reference manager will record."""
    related = []
    if meta.online_source is not None and meta.online_source.title:
        related.append(Markup("the online transcription it was encoded from (<cite>{}</cite>)").format(
            meta.online_source.title))
    if _journal(meta):
        related.append(Markup("the text’s first printing (<cite>{}</cite>{})").format(
            meta.printed_source.journal, f", {printed_source_details(meta.printed_source)}"
            if printed_source_details(meta.printed_source) else ""))
    sentence = Markup("Reference managers record this electronic edition (version {}) as the work cited").format(
        meta.edition_version)
    if related:
        sentence += Markup(", with ") + Markup(" and ").join(related) + Markup(" as related items")
    return sentence + Markup(".")


def print_citations(meta: DocumentMeta, base_url: str) -> list[tuple[str, str]]:
    """(label, plain-text citation) pairs for the PDF colophon: the edition and the original printing in
    Chicago and MLA, and how to cite a paragraph."""
    pairs = [(f"{c.style}, this edition", c.text) for c in (chicago_edition(meta, base_url),
                                                            mla_edition(meta, base_url))]
    pairs += [(f"{c.style}, original publication", c.text)
              for c in (chicago_original(meta), mla_original(meta)) if c is not None]
    if meta.paragraphs:
        first = meta.paragraphs[0]
        pairs.append(("A paragraph (the margin numbers are those of the web edition)",
                      paragraph_citation(meta, first.n, first.id, base_url)))
    return pairs


def page_context(meta: DocumentMeta, base_url: str, pdf_available: bool = False) -> dict:
    """Everything `templates/partials/citation-head.html` and `citation-body.html` render."""
    url = text_address(meta.doc_id, base_url)
    downloads = [{"href": f"{meta.doc_id}{suffix}", "label": label, "type": media, "description": what}
                 for suffix, label, media, what in DOWNLOADS]
    downloads.append({"href": "ids.json", "label": "Citable IDs (JSON)", "type": "application/json",
                      "description": "every citable passage with its stable URL"})
    prefix = paragraph_cite_prefix(meta)  # the same for every paragraph
    return {
        "doc_id": meta.doc_id,
        "url": url,
        "version": meta.edition_version,
        "recorded_work": recorded_work_note(meta),
        "edition": [c for c in (chicago_edition(meta, base_url), mla_edition(meta, base_url)) if c],
        "original": [c for c in (chicago_original(meta), mla_original(meta)) if c],
        "paragraphs": [
            {"id": p.id, "n": p.n, "href": f"#{p.id}",
             "url": text_address(meta.doc_id, base_url, p.id),
             "text": paragraph_citation(meta, p.n, p.id, base_url, prefix=prefix)}
            for p in meta.paragraphs
        ],
        "downloads": downloads,
        "highwire": highwire_tags(meta, base_url, pdf_available),
        "dublin_core": dublin_core_tags(meta, base_url),
        "dc_schema": DC_SCHEMA,
        "coins": coins(meta, base_url),
        "json_ld": json_ld(meta, base_url),
    }


def citation_files(meta: DocumentMeta, base_url: str) -> list[tuple[str, bytes]]:
    """(file name, content) of `<doc-id>.bib`, `.ris`, `.csl.json`, `.dc.xml` and `.mods.xml`."""
    return [
        (f"{meta.doc_id}.bib", bibtex(meta, base_url).encode("utf-8")),
        (f"{meta.doc_id}.ris", ris(meta, base_url).encode("utf-8")),
        (f"{meta.doc_id}.csl.json", csl_json(meta, base_url).encode("utf-8")),
        (f"{meta.doc_id}.dc.xml", oai_dc_record(meta, base_url)),
        (f"{meta.doc_id}.mods.xml", mods_record(meta, base_url)),
    ]
