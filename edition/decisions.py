"""The answers both editions give, each decided here once, so that the reading page, the PDF, the catalogue, the
indexes of names, the citations and the library records cannot drift apart:

- the kinds of names the indexes list, with their pages and labels (`INDEX_KINDS`);
- where a name files in an index (`name_sort_key`: surname first, accents and case folded);
- the line that names a text's printed source (`printed_source_details`: "Vol. III, No. 1, January 1942,
  pp. 9–11", with "p." for a single page);
- a text's address and the links to it (`text_address`, `text_link`, `text_link_in_folder`);
- which languages are written right to left (`is_rtl`);
- the one line that says what a text's base text is (`base_text_line`), in the reading page's header, the
  plain text and the PDF's title page.

The XSLT stylesheets ask two of these questions too (the index page of a kind of name; is a language written
right to left?); edition.transform hands them `XSLT_STATIC_PARAMETERS`, made from the same data, when it
compiles them. This module imports neither Saxon nor WeasyPrint: the build's main process uses it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .metadata import DocumentMeta, PrintedSource


# --- the indexes of names --------------------------------------------------------------------------------

class IndexKind(NamedTuple):
    kind: str  # as edition.metadata.Entity.kind: "person" | "place" | "org"
    page: str  # the index page at the site's top
    label: str  # its heading, in the navigation and in the PDF's index
    noun: str  # one entry of it, in a sentence


# In the order the site's navigation and the PDF's index list them.
INDEX_KINDS = (IndexKind("person", "persons.html", "Persons", "person"),
               IndexKind("place", "places.html", "Places", "place"),
               IndexKind("org", "organisations.html", "Organisations", "organisation"))
INDEX_KIND = {k.kind: k for k in INDEX_KINDS}


def fold(text: str) -> str:
    """Letters without accents, case-folded: "Coyoacán" → "coyoacan"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def index_heading(name: str, surname: str = "", forename: str = "") -> str:
    """A name as an index lists it: "Davies, Joseph E." when the list marks the parts, else as written."""
    if surname:
        return f"{surname}, {forename}" if forename else surname
    return name


def name_sort_key(name: str, surname: str = "", forename: str = "") -> str:
    """Where a name files, in the web's indexes and the PDF's alike: by surname, then forename, when the list
    marks the parts ("Sedova Trotsky, Natalia" under S); else by the name as written (a name whose parts are
    not marked is not guessed at: "Professor John Dewey" files under P). Accents and case are folded. Sort
    entries by (this key, their xml:id): two entries with the same key keep one order on every machine."""
    if surname:
        return f"{fold(surname)}\x00{fold(forename)}"  # "\x00": "Davies, Joseph" before "Davies Smith"
    return fold(name)


# --- the printed source ----------------------------------------------------------------------------------

def single_page(printed: PrintedSource) -> bool:
    """Is the printed source one page? Its @from and @to say so when given, else the printed pages name no
    range ("9–11", "9-11", "9, 11")."""
    if printed.page_from and printed.page_to:
        return printed.page_from == printed.page_to
    return not re.search(r"[–—\-,]", printed.pages)


def printed_source_details(printed: PrintedSource) -> str:
    """The printed source after its journal's title: "Vol. III, No. 1, January 1942, pp. 9–11" ("p. 9" for one
    page); every output that names the printing (reading page, catalogue, plain text, PDF, records) uses it."""
    parts = []
    if printed.volume:
        parts.append(f"Vol. {printed.volume}")
    if printed.issue:
        parts.append(f"No. {printed.issue}")
    if printed.date.text:
        parts.append(printed.date.text)
    if printed.pages:
        parts.append(f"{'p.' if single_page(printed) else 'pp.'} {printed.pages}")
    return ", ".join(parts)


def printed_source_line(printed: PrintedSource | None) -> str:
    """"Fourth International, Vol. III, No. 1, January 1942, pp. 9–11"; "" when there is no printed source."""
    if printed is None or not printed.journal:
        return ""
    details = printed_source_details(printed)
    return f"{printed.journal}, {details}" if details else printed.journal


# --- the base text -----------------------------------------------------------------------------------------

def base_text_line(meta: DocumentMeta) -> str:
    """What the text of the edition was made from, in one line, from the header's source description: "Base
    text: the online transcription in the Natalia Sedova Internet Archive (March 2005, last updated 3 October
    2015), transcribed by Mike Bessler, proofread by Einde O’Callaghan." "" when the header names no online
    source (the printed source then stands in the header line of its own)."""
    online = meta.online_source
    if online is None or not online.title:
        return ""
    dates = ", ".join(x for x in (online.published.text, online.updated.text and f"last updated {online.updated.text}")
                      if x)
    line = f"Base text: the online transcription in the {online.title}" + (f" ({dates})" if dates else "")
    people = [(c.name, c.roles) for c in meta.contributors if c.name and not c.is_org]
    done = [f"{verb} by {name}" for name, roles in people
            for code, verb in (("trc", "transcribed"), ("pfr", "proofread")) if code in roles]
    return line + (", " + ", ".join(done) if done else "") + "."


# --- a text's address and the links to it -----------------------------------------------------------------

def text_address(doc_id: str, base_url: str, unit_id: str = "") -> str:
    """The canonical, absolute address of a text (`<base>/<doc-id>/`) or of a unit in it (`…/#<id>`) when the
    edition has a base URL; "" when it has none. Without a base URL a text has no address: citations, records
    and the PDF then name none (never a relative path printed as if it were an address)."""
    if not base_url:
        return ""
    url = f"{base_url}{doc_id}/"
    return f"{url}#{unit_id}" if unit_id and unit_id != doc_id else url


def text_link(doc_id: str, unit_id: str = "", root: str = "") -> str:
    """A relative link to a text's reading page (or a unit in it) from a page `root` below the site's top
    ("" from the catalogue and the indexes, "../" from a page one folder down): works from file:// too."""
    return f"{root}{doc_id}/index.html" + (f"#{unit_id}" if unit_id and unit_id != doc_id else "")


def text_link_in_folder(doc_id: str, unit_id: str = "") -> str:
    """A relative link to a text's reading page from its own folder (where ids.json and the downloads lie)."""
    return "index.html" + (f"#{unit_id}" if unit_id and unit_id != doc_id else "")


def text_url(doc_id: str, base_url: str, unit_id: str = "") -> str:
    """The text's address when it has one, else the link to it from its own folder (ids.json's "url")."""
    return text_address(doc_id, base_url, unit_id) or text_link_in_folder(doc_id, unit_id)


# --- writing direction -----------------------------------------------------------------------------------

# Languages (BCP 47 primary subtags) and scripts (ISO 15924) written right to left.
RTL_LANGUAGES = ("ar", "arc", "dv", "fa", "he", "ji", "ku", "ps", "sd", "syr", "ug", "ur", "yi")
RTL_SCRIPTS = ("Arab", "Hebr", "Nkoo", "Samr", "Syrc", "Thaa")
_RTL_SCRIPTS_FOLDED = frozenset(s.lower() for s in RTL_SCRIPTS)


def is_rtl(lang: str | None) -> bool:
    """Is a text in the language `lang` (a BCP 47 tag: "he", "ku-Arab") written right to left? Subtags are
    compared without regard to case, as BCP 47 asks. xslt/common.xsl (ed:is-rtl) gives the same answer."""
    subtags = (lang or "").lower().split("-")
    return subtags[0] in RTL_LANGUAGES or any(
        len(s) == 4 and s in _RTL_SCRIPTS_FOLDED for s in subtags[1:])


# The same answers for the stylesheets, as static parameters (set when edition.transform compiles them).
XSLT_STATIC_PARAMETERS = {
    "index-pages": " ".join(f"{k.kind}={k.page}" for k in INDEX_KINDS),
    "rtl-languages": " ".join(RTL_LANGUAGES),
    "rtl-scripts": " ".join(RTL_SCRIPTS),
}
