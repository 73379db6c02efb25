"""What every page is laid out with, shared by the reading pages (edition.html, in the workers), the
cross-text pages (edition.site_pages, in the build's main process) and the print edition (edition.pdf):

    env = template_env()          # the one Jinja environment per process: autoescape on, strict undefined
    copy_static(site)             # static/edition.css and edition.js into the site
    fresh(path)                   # make way for a new file (never write into an existing one)

This module must not import Saxon or WeasyPrint (directly or through another module of the package): the
build's main process imports it and loads neither.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from . import STATIC_DIR, TEMPLATES_DIR
from .decisions import INDEX_KIND, INDEX_KINDS, base_text_line, is_rtl, printed_source_details, text_link

# (kind of name, index page, label) of the indexes of names, in the order the site's navigation lists them
INDEX_PAGES = tuple((k.kind, k.page, k.label) for k in INDEX_KINDS)
STATIC_FILES = ("edition.css", "edition.js", "search.js", "favicon.svg")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


@cache
def template_env() -> jinja2.Environment:
    """The Jinja environment of templates/ (compiled templates are cached in it, so share it)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["human_date"] = human_date
    env.filters["role_list"] = role_list
    env.filters["cite_titles"] = cite_titles
    env.filters["passage_links"] = passage_links
    env.globals.update(printed_source_details=printed_source_details, base_text_line=base_text_line, text_link=text_link, index_kinds=INDEX_KIND,
                       is_rtl=is_rtl)
    return env


def human_date(when: str) -> str:
    """'2026-11-24' → '24 November 2026'; '1942-01' → 'January 1942'; anything else as given."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", when or "")
    if not m:
        return when or ""
    year, month, day = m.groups()
    if month and 1 <= int(month) <= 12:
        name = _MONTHS[int(month) - 1]
        return f"{int(day)} {name} {year}" if day else f"{name} {year}"
    return year


def role_list(labels: Sequence[str]) -> str:
    """("TEI encoding", "Editorial corrections and notes") → "TEI encoding, editorial corrections and notes".

    Later labels lose their capital unless it begins an acronym ("HTML markup" stays as it is).
    """
    shown = []
    for i, label in enumerate(labels):
        if i and len(label) > 1 and label[0].isupper() and label[1].islower():
            label = label[0].lower() + label[1:]
        shown.append(label)
    return ", ".join(shown)


def cite_titles(text: str, title: str) -> Markup:
    """A plain-text citation with the journal's title set as a title (<cite>), everything else escaped."""
    escaped = Markup.escape(text)
    if not title:
        return escaped
    return Markup(escaped.replace(Markup.escape(title), Markup("<cite>{}</cite>").format(title)))


def passage_links(units: Sequence[Sequence], doc_id: str, root: str = "", pad: str = "") -> Markup:
    """The links of an index of names to the passages of one text ([unit, label, times named] each), in one
    line, made here in one pass rather than link by link in Jinja (a page of 100 texts and 750 links: 1.3 ms
    instead of 3.0, 2026-12-07). Only the labels are escaped: a document ID and a unit's xml:id are XML
    names (the parser refuses others), `root` is "" or "../". `pad` indents the links as the page's markup."""
    links = []
    for unit, label, times in units:
        named = f' <span class="ed-times">(×{times})</span>' if times > 1 else ""
        links.append(f'{pad}  <a href="{text_link(doc_id, unit, root)}">{escape(label or "text")}</a>{named}')
    return Markup(",".join(links))


def fresh(path: Path) -> Path:
    """Make way for a new file at `path`: create its folder, unlink what is there (never write into it: an
    incremental build's staging folder starts as hard links to the published site)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    return path


def copy_static(out_dir: Path) -> None:
    """The site's stylesheet and script into `out_dir`/static/, and its fonts into static/fonts/."""
    from .fonts import copy_web_fonts

    static_out = out_dir / "static"
    static_out.mkdir(parents=True, exist_ok=True)
    for name in STATIC_FILES:
        shutil.copyfile(STATIC_DIR / name, fresh(static_out / name))
    copy_web_fonts(static_out)
