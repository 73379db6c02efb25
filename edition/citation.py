"""How to cite a text: styled citations, reference-manager files and the page's citation metadata.

**Which work a reference manager records.** Every format records the **digital edition**: the text at
its stable URL, by its author, in this edition's version, with the transcriber and proofreader as
contributors — linked to the 1942 printing it reproduces. Citation formats whose item types cannot say
"edition of" (Highwire `citation_*` tags, COinS, BibTeX, RIS, CSL-JSON) type the edition as the journal
article it reproduces: journal, volume, issue, pages and date are those of the printing (the only
coordinates under which the text was printed, and the ones a reader needs to find it on paper), while
URL, version, the edition's date, publisher and contributors are the edition's; the Highwire
`citation_online_date` is the edition's date. Formats that can relate two works say it explicitly:
schema.org `isBasedOn`, MODS `relatedItem type="original"`, Dublin Core `source`, biblatex
`related`/`relatedtype = reprintof`. The files for download hold a second record of the original printing
alone (no URL) for those who cite the print.

Everything comes from `edition.metadata.DocumentMeta` (the TEI header) and the configured base URL:
nothing is invented — no identifiers, no licence, no URL of the online archive (the source gives none).
Without a base URL, absolute-URL fields are left out rather than filled with relative ones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import quote, urlencode

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
PRINT_SUFFIX = "-print"  # key of the original printing's record in the download files

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


def edition_note(meta: DocumentMeta) -> str:
    """One sentence or two on what the record is, for BibTeX `note`, RIS `N1` and CSL `note`."""
    parts = [f"Digital edition, version {meta.edition_version}"]
    publisher_date = ", ".join(x for x in (meta.publisher, meta.edition_date.text) if x)
    if publisher_date:
        parts[0] += f" ({publisher_date})"
    printed = printed_source_line(meta.printed_source)
    if printed:
        parts[0] += f", of the text first printed in {printed}"
    people = credited_people(meta)
    note = parts[0] + "."
    if people:
        note += " Contributors: " + "; ".join(f"{c.name} ({_roles_text(c)})" for c in people) + "."
    return note


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
    segs: list[tuple[str, str]] = [(f"{author_display(meta)}. {_quoted_title(meta.title)} ", "text")]
    if _journal(meta):
        segs += _printing_chicago(meta)
        segs.append((" Digital edition", "text"))
    else:
        segs.append(("Digital edition", "text"))
    tail = f", version {meta.edition_version}." if meta.edition_version else "."
    publisher_date = ", ".join(x for x in (meta.publisher, chicago_date(meta.edition_date.when)) if x)
    if publisher_date:
        tail += f" {publisher_date}."
    segs.append((tail, "text"))
    if base_url:
        segs += [(" ", "text"), (text_address(meta.doc_id, base_url), "url"), (".", "text")]
    return Citation("Chicago", "Chicago (notes and bibliography), bibliography entry", tuple(segs))


def mla_edition(meta: DocumentMeta, base_url: str) -> Citation:
    segs: list[tuple[str, str]] = [(f"{author_display(meta)}. {_quoted_title(meta.title)} ", "text")]
    if _journal(meta):
        segs += _printing_mla(meta)
        segs.append((" ", "text"))
    bits = []
    if meta.edition_version:
        bits.append(f"version {meta.edition_version}")
    if meta.edition_date.when:
        bits.append(mla_date(meta.edition_date.when))
    if meta.publisher:
        segs.append((meta.publisher, "italic"))
        segs.append(("".join(f", {b}" for b in bits), "text"))
    else:
        segs.append((", ".join(bits).capitalize(), "text"))
    if base_url:
        url = text_address(meta.doc_id, base_url)
        segs += [(", ", "text"), (url.split("://", 1)[-1], "url")]
    segs.append((".", "text"))
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
    """The start of a note-form paragraph citation — author, title, edition — to which the ¶ number and
    the stable URL are added (by `paragraph_citation`, and by the HTML stylesheets for the ¶ links)."""
    edition = f"digital edition, version {meta.edition_version}" if meta.edition_version else "digital edition"
    publisher_date = ", ".join(x for x in (meta.publisher, chicago_date(meta.edition_date.when)) if x)
    if publisher_date:
        edition += f" ({publisher_date})"
    title = meta.title.replace("“", "‘").replace("”", "’")
    return f"{meta.author}, “{title},” {edition}"


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
    """The edition (first) and, when the header describes one, the original printing (second)."""
    author = [_csl_name(meta.author, meta.author_forename, meta.author_surname)]
    edition: dict = {"id": meta.doc_id, "type": "article-journal" if _journal(meta) else "article",
                     "title": meta.title, "author": author}
    if _journal(meta):
        edition.update(_csl_printing(meta))
    elif meta.edition_date.when:
        edition["issued"] = _csl_date(meta.edition_date.when)
    people = credited_people(meta)
    if people:
        edition["contributor"] = [_csl_name(c.name) for c in people]
    if meta.publisher:
        edition["source" if _journal(meta) else "publisher"] = meta.publisher
    if meta.edition_version:
        edition["version"] = meta.edition_version
    if base_url:
        edition["URL"] = text_address(meta.doc_id, base_url)
    if meta.language:
        edition["language"] = meta.language
    if meta.keywords:
        edition["keyword"] = ", ".join(meta.keywords)
    edition["note"] = edition_note(meta)
    items = [edition]
    if _journal(meta):
        original = {"id": meta.doc_id + PRINT_SUFFIX, "type": "article-journal",
                    "title": meta.printed_source.article_title or meta.title, "author": author}
        original.update(_csl_printing(meta))
        if meta.language:
            original["language"] = meta.language
        items.append(original)
    return items


def _csl_printing(meta: DocumentMeta) -> dict:
    data: dict = {"container-title": meta.printed_source.journal}
    if _volume(meta):
        data["volume"] = _volume(meta)
    if _issue(meta):
        data["issue"] = _issue(meta)
    if _pages(meta):
        data["page"] = _pages(meta, "-")
        data["page-first"] = meta.printed_source.page_from or _pages(meta, "-")
    if _print_date(meta):
        data["issued"] = _csl_date(_print_date(meta))
    return data


def csl_json(meta: DocumentMeta, base_url: str) -> str:
    return json.dumps(csl_items(meta, base_url), ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------------------------------------------------
# BibTeX (biblatex-compatible)
# ---------------------------------------------------------------------------------------------------------

_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
                   "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


_BIBTEX_TABLE = str.maketrans(_BIBTEX_SPECIAL)


def bibtex_escape(value: str) -> str:
    return value.translate(_BIBTEX_TABLE)  # each special character replaced, in one pass


def bibtex_title(title: str) -> str:
    """Escape, and protect capitalised words after the first so styles do not lower-case names."""
    words = bibtex_escape(title).split(" ")
    return " ".join(w if i == 0 or w == w.lower() else "{" + w + "}" for i, w in enumerate(words))


def _bibtex_name(name: str, forename: str = "", surname: str = "") -> str:
    if surname:
        return f"{bibtex_escape(surname)}, {bibtex_escape(forename)}" if forename else bibtex_escape(surname)
    return "{" + bibtex_escape(name) + "}"  # one literal name: never split into first and last


def _bibtex_entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    width = max(len(name) for name, _ in fields)
    lines = [f"@{kind}{{{key},"]
    for name, value in fields:
        lines.append(f"  {name.ljust(width)} = {value},")
    lines.append("}")
    return "\n".join(lines)


def _bibtex_printing(meta: DocumentMeta) -> list[tuple[str, str]]:
    fields = [("journal", "{" + bibtex_escape(meta.printed_source.journal) + "}")]
    p = date_parts(_print_date(meta))
    if p:
        fields.append(("year", "{" + str(p[0]) + "}"))
    if len(p) > 1:
        fields.append(("month", BIBTEX_MONTHS[p[1] - 1]))
    if _print_date(meta):
        fields.append(("date", "{" + _print_date(meta) + "}"))
    if _volume(meta):
        fields.append(("volume", "{" + bibtex_escape(_volume(meta)) + "}"))
    if _issue(meta):
        fields.append(("number", "{" + bibtex_escape(_issue(meta)) + "}"))
    if _pages(meta):
        fields.append(("pages", "{" + _pages(meta, "--") + "}"))
    return fields


def bibtex(meta: DocumentMeta, base_url: str) -> str:
    author = _bibtex_name(meta.author, meta.author_forename, meta.author_surname)
    head = [
        f"% {meta.title} — {meta.publisher}, version {meta.edition_version}. UTF-8.",
        f"% First entry: the digital edition ({meta.doc_id}), the work a reference manager records.",
    ]
    fields = [("author", "{" + author + "}"), ("title", "{" + bibtex_title(meta.title) + "}")]
    if _journal(meta):
        kind = "article"
        fields += _bibtex_printing(meta)
    else:
        kind = "online"
        if meta.edition_date.when:
            fields += [("year", "{" + str(date_parts(meta.edition_date.when)[0]) + "}"),
                       ("date", "{" + meta.edition_date.when + "}")]
        if meta.publisher:
            fields.append(("publisher", "{" + bibtex_escape(meta.publisher) + "}"))
    if meta.edition_version:
        fields.append(("version", "{" + bibtex_escape(meta.edition_version) + "}"))
    if base_url:
        fields.append(("url", "{" + text_address(meta.doc_id, base_url) + "}"))
    fields.append(("note", "{" + bibtex_escape(edition_note(meta)) + "}"))
    if meta.language_name:
        fields.append(("language", "{" + bibtex_escape(meta.language_name) + "}"))
    if meta.keywords:
        fields.append(("keywords", "{" + bibtex_escape(", ".join(meta.keywords)) + "}"))
    entries = []
    if _journal(meta):
        fields += [("related", "{" + meta.doc_id + PRINT_SUFFIX + "}"), ("relatedtype", "{reprintof}")]
        head.append(f"% Second entry: the original printing ({meta.doc_id}{PRINT_SUFFIX}), for citing the print.")
        title = meta.printed_source.article_title or meta.title
        original = [("author", "{" + author + "}"), ("title", "{" + bibtex_title(title) + "}"),
                    *_bibtex_printing(meta)]
        if meta.language_name:
            original.append(("language", "{" + bibtex_escape(meta.language_name) + "}"))
        entries.append(_bibtex_entry("article", meta.doc_id + PRINT_SUFFIX, original))
    entries.insert(0, _bibtex_entry(kind, meta.doc_id, fields))
    return "\n".join(head) + "\n\n" + "\n\n".join(entries) + "\n"


# ---------------------------------------------------------------------------------------------------------
# RIS
# ---------------------------------------------------------------------------------------------------------

def _ris_record(tags: list[tuple[str, str]]) -> str:
    lines = [f"{tag}  - {value}" for tag, value in tags if value]
    lines.append("ER  - ")
    return "\r\n".join(lines)


def _ris_printing(meta: DocumentMeta) -> list[tuple[str, str]]:
    src = meta.printed_source
    p = date_parts(_print_date(meta))
    return [("T2", src.journal), ("PY", str(p[0]) if p else ""), ("DA", slash_date(_print_date(meta))),
            ("VL", _volume(meta)), ("IS", _issue(meta)), ("SP", src.page_from or src.pages),
            ("EP", src.page_to if src.page_to != src.page_from else "")]


def ris(meta: DocumentMeta, base_url: str) -> str:
    """RIS records (CRLF line ends, as the format asks): the edition, then the original printing."""
    author = author_display(meta)
    tags: list[tuple[str, str]] = [("TY", "JOUR" if _journal(meta) else "ELEC"), ("ID", meta.doc_id),
                                   ("AU", author), ("TI", meta.title)]
    if _journal(meta):
        tags += _ris_printing(meta)
    else:
        tags += [("PY", str(date_parts(meta.edition_date.when)[0]) if meta.edition_date.when else ""),
                 ("DA", slash_date(meta.edition_date.when)), ("PB", meta.publisher)]
    tags += [("UR", text_address(meta.doc_id, base_url)), ("DB", meta.publisher),
             ("LA", meta.language)]
    tags += [("KW", k) for k in meta.keywords]
    tags.append(("N1", edition_note(meta)))
    records = [_ris_record(tags)]
    if _journal(meta):
        original = [("TY", "JOUR"), ("ID", meta.doc_id + PRINT_SUFFIX), ("AU", author),
                    ("TI", meta.printed_source.article_title or meta.title), *_ris_printing(meta),
                    ("LA", meta.language)]
        records.append(_ris_record(original))
    return "\r\n\r\n".join(records) + "\r\n"


# ---------------------------------------------------------------------------------------------------------
# Head metadata: Highwire, Dublin Core, COinS, schema.org JSON-LD
# ---------------------------------------------------------------------------------------------------------

def highwire_tags(meta: DocumentMeta, base_url: str, pdf_available: bool = False) -> list[tuple[str, str]]:
    tags = [("citation_title", meta.title), ("citation_author", author_display(meta))]
    if _journal(meta):
        src = meta.printed_source
        tags += [("citation_publication_date", slash_date(_print_date(meta))),
                 ("citation_journal_title", src.journal), ("citation_volume", _volume(meta)),
                 ("citation_issue", _issue(meta)), ("citation_firstpage", src.page_from),
                 ("citation_lastpage", src.page_to)]
        tags.append(("citation_online_date", slash_date(meta.edition_date.when)))
    else:
        tags += [("citation_publication_date", slash_date(meta.edition_date.when)),
                 ("citation_publisher", meta.publisher)]
    tags.append(("citation_language", meta.language))
    tags += [("citation_keywords", k) for k in meta.keywords]
    if base_url:
        tags.append(("citation_public_url", text_address(meta.doc_id, base_url)))
        if pdf_available:
            tags.append(("citation_pdf_url", f"{text_address(meta.doc_id, base_url)}{meta.doc_id}.pdf"))
    return [(name, value) for name, value in tags if value]


def dublin_core_tags(meta: DocumentMeta, base_url: str) -> list[tuple[str, str]]:
    return [(f"DC.{name}", value) for name, value in dublin_core_elements(meta, base_url)]


def coins(meta: DocumentMeta, base_url: str) -> str:
    """The OpenURL ContextObject (Z39.88-2004, KEV) for the page's one COinS span."""
    pairs = [("ctx_ver", "Z39.88-2004")]
    if _journal(meta):
        src = meta.printed_source
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", "article"),
                  ("rft.atitle", meta.title), ("rft.jtitle", src.journal), ("rft.date", _print_date(meta)),
                  ("rft.volume", _volume(meta)), ("rft.issue", _issue(meta)), ("rft.spage", src.page_from),
                  ("rft.epage", src.page_to), ("rft.pages", _pages(meta, "-"))]
    else:
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.title", meta.title),
                  ("rft.date", meta.edition_date.when), ("rft.publisher", meta.publisher)]
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
    if _journal(meta):
        src = meta.printed_source
        details = printed_source_details(src)
        printed = f", {details}" if details else ""
        return Markup(
            "Reference managers record this digital edition (version {}) under the details of the text’s "
            "first printing, <cite>{}</cite>{}, with this edition’s address; the files below also hold a "
            "record of the printing alone."
        ).format(meta.edition_version, src.journal, printed)
    return Markup("Reference managers record this digital edition (version {}).").format(meta.edition_version)


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
