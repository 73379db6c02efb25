"""edition.urls: the allow-list of link schemes, and its twin in xslt/common.xsl giving the same answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from edition.transform import stylesheet
from edition.urls import (
    ALLOWED_SCHEMES,
    clean_url,
    is_external_url,
    is_safe_url,
    link_problems,
    url_scheme,
)
from edition.xmlsafe import parse_bytes

HARNESS = Path(__file__).resolve().parent / "fixtures" / "xslt" / "url-policy.xsl"

LINKED = [
    "https://example.org/x", "http://example.org", "HTTPS://EXAMPLE.ORG/A", "mailto:editor@example.org",
    "#sedova-1941-davies.p12", "notes.html", "../persons.html#lenin", "/absolute/path", "?q=1",
    " https://example.org ", "https://example.org/a\tb",  # white space is dropped, as browsers drop it
    # no scheme a browser would recognise, so a harmless relative address:
    "%6Aavascript:alert(1)", "java\u00a0script:alert(1)", "java\u200bscript:alert(1)", "javascript\uff1aalert(1)",
]
NOT_LINKED = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "java\nscript:alert(1)", "java\r\nscript:alert(1)", "javascript\u0085:alert(1)", "\u0080javascript:alert(1)",
    "\u009fjavascript:alert(1)", "vbscript:msgbox(1)", "VBScript:msgbox(1)", "livescript:x",
    "data:text/html,<script>alert(1)</script>", "DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "file:///etc/passwd", "FILE://localhost/etc/passwd", "blob:https://example.org/x", "about:blank",
    "jar:file:x!/y", "ftp://example.org/x", "tel:+15551234", "page:1", "wd:Q42",
    "//evil.example/x", "\\\\evil.example\\x", "/\\evil.example", "\\/evil.example", " //evil.example",
    "", "   ", "\t\n",
]


@pytest.mark.parametrize("url", LINKED)
def test_ordinary_addresses_become_links(url):
    assert is_safe_url(url)


@pytest.mark.parametrize("url", NOT_LINKED)
def test_other_schemes_and_network_paths_never_become_links(url):
    assert not is_safe_url(url)


def test_only_absolute_addresses_of_allowed_schemes_are_external():
    assert is_external_url(" HTTPS://example.org/") and is_external_url("mailto:a@example.org")
    assert not any(is_external_url(u) for u in ("#x", "notes.html", "/a", "JaVaScRiPt", "javascript:x", ""))


def test_scheme_is_read_as_a_browser_reads_it():
    assert url_scheme("  JaVa\tScRiPt:alert(1)") == "javascript"
    assert url_scheme("notes.html") is None
    assert ALLOWED_SCHEMES == {"http", "https", "mailto"}


def test_the_stylesheets_apply_the_same_rule():
    """xslt/common.xsl (ed:clean-url, ed:is-safe-url) answers exactly as edition.urls for every address."""
    urls = LINKED + NOT_LINKED
    sheet = stylesheet(HARNESS)
    doc = sheet.load(etree.fromstring("<x/>"))
    answers = json.loads(sheet.call_templates(doc, ["check"], {"urls": json.dumps(urls)})["check"])
    assert len(answers) == len(urls)
    for url, (clean, safe, external) in zip(urls, answers, strict=True):
        assert (clean, safe, external) == (clean_url(url), is_safe_url(url), is_external_url(url)), url


TEI = b"""<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="t"><teiHeader><fileDesc><titleStmt><title>T</title>
</titleStmt><publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc>
<encodingDesc><listPrefixDef><prefixDef ident="viaf" matchPattern="(.+)" replacementPattern="https://viaf.org/viaf/$1"/>
</listPrefixDef></encodingDesc></teiHeader><text><body>
<p><ref target="javascript:alert(1)">one</ref></p>
<p><ref target="#t https://example.org DaTa:text/html,x">two</ref> <persName ref="viaf:123">three</persName></p>
<p><ptr target="ftp://example.org/x"/> <pb facs="//evil.example/p1.png"/> <graphic url="file:///etc/passwd"/></p>
<p rend="font-style:italic"><date when="10:30">four</date></p>
</body></text></TEI>"""


def test_link_problems_name_the_attribute_and_the_line():
    problems = link_problems(parse_bytes(TEI, "t.xml"), "t.xml")
    found = {(p.line, p.severity, p.message.split(":")[0]) for p in problems}
    assert found == {
        (5, "error", '<ref target="javascript'),
        (6, "error", '<ref target="DaTa'),
        (7, "warning", '<ptr target="ftp'),
        (7, "warning", '<pb facs="//evil.example/p1.png">'),
        (7, "error", '<graphic url="file'),
    }
    assert all(" — " in p.message and p.rule == "url-scheme" and p.path == "t.xml" for p in problems)


def test_link_problems_are_warnings_when_previewing():
    problems = link_problems(parse_bytes(TEI, "t.xml"), "t.xml", severity="warning")
    assert problems and {p.severity for p in problems} == {"warning"}
