"""Which addresses from a TEI source may become links: an allow-list, not a deny-list.

A link is made only from an address that is, once cleaned the way browsers clean it,

- relative (`notes.html`, `../persons.html#lenin`) or a fragment (`#sedova-1941-davies.p12`), or
- absolute with one of ALLOWED_SCHEMES: http, https, mailto.

Everything else — `javascript:`, `vbscript:`, `data:`, `file:`, and any scheme not listed, in any mix of
case, with tabs, newlines or control characters inside (`java&#9;script:`), or entity-encoded (the XML
parser has decoded that before we look) — is shown as text, never as a link. So are network-path
references (`//host/…`, `\\\\host\\…`), which leave the site without naming a scheme.

The print edition links only absolute addresses of those schemes and jumps inside the document
(`is_external_url`): a relative address means nothing in a PDF.

The XSLT stylesheets make the links, so the same rule is written there once more, as `ed:is-safe-url`,
`ed:is-external-url` and `ed:clean-url` in xslt/common.xsl; tests/test_urls.py checks that both give the same answer for every
address in its list of hostile and ordinary addresses.

`link_problems()` reports the addresses of a document that will not become links, with their place:
an error for schemes that run code or read local files (DANGEROUS_SCHEMES), a warning for other schemes
(unless the header declares the prefix with `prefixDef`, as TEI allows for `viaf:123`-style pointers).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from lxml import etree

from . import TEI_NS
from .errors import Problem

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
DANGEROUS_SCHEMES = frozenset({"javascript", "vbscript", "livescript", "data", "file", "blob", "filesystem",
                               "about", "jar", "view-source", "chrome", "ms-its", "mhtml"})
# TEI attributes that hold pointers (URI references), checked by link_problems().
POINTER_ATTRIBUTES = frozenset({"target", "ref", "url", "facs", "source", "corresp", "sameAs", "copyOf", "next",
                                "prev", "synch", "resp", "who", "ana", "hand", "decls", "rendition", "scheme",
                                "href", "wit", "select", "exclude", "follow", "parts", "datcat", "valueDatcat"})

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_NETWORK_PATH = re.compile(r"^[/\\]{2}")


def clean_url(url: str | None) -> str:
    """The address as a browser reads it: white space (XML's: space, tab, CR, LF) and control characters
    removed wherever they stand."""
    return "".join(c for c in (url or "") if c not in " \t\r\n" and unicodedata.category(c) != "Cc")


def url_scheme(url: str | None) -> str | None:
    """The scheme of a cleaned address, lower case (`JaVa script:` → `javascript`); None when relative."""
    match = _SCHEME.match(clean_url(url).lower())
    return match.group(1) if match else None


def is_safe_url(url: str | None) -> bool:
    """May this address from the source become a link?"""
    cleaned = clean_url(url)
    if not cleaned or _NETWORK_PATH.match(cleaned):
        return False
    scheme = url_scheme(cleaned)
    return scheme is None or scheme in ALLOWED_SCHEMES


def is_external_url(url: str | None) -> bool:
    """An absolute address of an allowed scheme: the only outside link that means the same in every output
    (a relative address means nothing in a PDF, where it would point into the machine that built it)."""
    return is_safe_url(url) and url_scheme(url) in ALLOWED_SCHEMES


def _declared_prefixes(root: etree._Element) -> set[str]:
    return {p.lower() for p in root.xpath("//tei:prefixDef/@ident", namespaces={"tei": TEI_NS})}


def link_problems(tree: etree._ElementTree | etree._Element, shown: str, severity: str = "error",
                  locate: Callable[[etree._Element], tuple[int, int]] | None = None) -> list[Problem]:
    """Addresses in pointer attributes that will not become links, with their place and the attribute named.

    Dangerous schemes are reported with `severity` (an error when validating, a warning when previewing
    with --lenient); other unknown schemes always as warnings; declared prefixes (prefixDef) not at all.
    `locate(element) -> (line, column)` gives the place (default: the element's line, column 1)."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    locate = locate or (lambda el: (max(el.sourceline or 1, 1), 1))
    prefixes = _declared_prefixes(root)
    problems = []
    for element in root.iter(etree.Element):
        for name, value in element.items():
            local = name.rpartition("}")[2]
            if local not in POINTER_ATTRIBUTES:
                continue
            for token in value.split():
                if is_safe_url(token):
                    continue
                scheme = url_scheme(token)
                if scheme in prefixes:
                    continue
                element_name = etree.QName(element).localname
                line, column = locate(element)
                shown_value = token if len(token) <= 60 else token[:57] + "…"
                shown_value = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in shown_value)
                if scheme in DANGEROUS_SCHEMES:
                    problems.append(Problem(
                        shown, line, column, severity, "url-scheme",
                        f'<{element_name} {local}="{shown_value}">: the scheme "{scheme}:" can run code or read '
                        f"local files, so the edition never links it — use an http, https or mailto address, "
                        f"or a relative one"))
                elif scheme is None:  # a network-path reference (//host, \\host) or nothing left once cleaned
                    problems.append(Problem(
                        shown, line, column, "warning", "url-scheme",
                        f'<{element_name} {local}="{shown_value}">: this address names no scheme but another '
                        f"host (or nothing), so it is shown without a link — write it with https:// in full"))
                else:
                    problems.append(Problem(
                        shown, line, column, "warning", "url-scheme",
                        f'<{element_name} {local}="{shown_value}">: the scheme "{scheme}:" is not one the edition '
                        f"links (http, https, mailto), so it is shown without a link — use such an address, or "
                        f"declare the prefix with <prefixDef> in the header"))
    return problems
