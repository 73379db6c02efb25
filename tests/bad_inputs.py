"""The bad and hostile inputs the pipeline is tried with — one list, shared by the tests
(tests/test_hardening.py) and by the report generated from them (tests/bad_input_report.py →
docs/bad-input.md).

Each case is a small project folder: `tei/` with the files of the case (and, for some, files beside it that
must never be read). Each is run in-process through `build.py`'s own entry (edition.cli.main), with the
case folder as the working directory, as three commands:

    validate   python build.py validate tei/…
    build      python build.py html tei/… --out site            (strict: refuses invalid sources)
    preview    python build.py html tei/… --out site --lenient  (any well-formed TEI P5)

and the outcome is recorded: exit status, the problems printed (`file:line:col: severity: … [rule]`), and
whether a site was written. Paths are shown relative to the case folder, so the report is the same on
every machine.
"""

from __future__ import annotations

import contextlib
import http.server
import importlib
import io
import os
import re
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
ESSAY = ROOT / "tei" / "sedova-1941-davies.xml"
DOC = "sedova-1941-davies"
TEI = "http://www.tei-c.org/ns/1.0"
T = f"{{{TEI}}}"
NS = {"tei": TEI}
MARKER = "NEVER-READ-7f3a9c"  # written into files the pipeline must never read
COMMANDS = {
    "validate": lambda files: ["validate", *files],
    "build": lambda files: ["html", *files, "--out", "site", "--jobs", "1", "--no-progress"],
    "preview": lambda files: ["html", *files, "--out", "site", "--lenient", "--jobs", "1", "--no-progress"],
}
PROBLEM_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): "
                          r"(?P<msg>.*?)(?: \[(?P<rule>[^\]]+)\])?$")


# --- making the inputs ------------------------------------------------------------------------------

def essay_bytes() -> bytes:
    return ESSAY.read_bytes()


def essay_tree() -> etree._ElementTree:
    from edition.xmlsafe import parse_file

    return parse_file(ESSAY)


def serialise(tree: etree._ElementTree) -> bytes:
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def first_paragraph(tree: etree._ElementTree) -> etree._Element:
    return tree.xpath("//tei:body//tei:p[@n='1']", namespaces=NS)[0]


def essay_with(fragment: str) -> bytes:
    """The essay with an XML fragment (in the TEI namespace) added at the start of ¶ 1."""
    tree = essay_tree()
    p = first_paragraph(tree)
    holder = etree.fromstring(f'<p xmlns="{TEI}" xmlns:xi="http://www.w3.org/2001/XInclude" '
                              f'xmlns:h="http://www.w3.org/1999/xhtml" xmlns:svg="http://www.w3.org/2000/svg">'
                              f"{fragment}</p>")
    children = list(holder)
    if holder.text:
        p.text = holder.text + (p.text or "")
    for i, child in enumerate(children):
        p.insert(i, child)
    return serialise(tree)


def essay_text_replaced(old: str, new: str) -> bytes:
    text = essay_bytes().decode("utf-8")
    assert old in text, old
    return text.replace(old, new, 1).encode("utf-8")


def with_doctype(doctype: str, body_fragment: str = "") -> bytes:
    """The essay with a DOCTYPE (after the XML declaration) and a fragment added to ¶ 1 (entity references
    are written into the bytes, as a contributor's file would have them)."""
    text = essay_bytes().decode("utf-8")
    declaration, rest = text.split("?>", 1)
    text = f"{declaration}?>\n{doctype}{rest}"
    if body_fragment:
        anchor = f'<p xml:id="{DOC}.p1" n="1">'
        assert anchor in text
        text = text.replace(anchor, anchor + body_fragment, 1)
    return text.encode("utf-8")


def minimal_tei(doc_id: str | None, body: str = "<p>Text.</p>", header: bool = True, root: str = "TEI",
                namespace: str = TEI) -> bytes:
    ident = f' xml:id="{doc_id}"' if doc_id is not None else ""
    head = ("<teiHeader><fileDesc><titleStmt><title>A text</title></titleStmt><publicationStmt><p>Unpublished."
            "</p></publicationStmt><sourceDesc><p>Born digital.</p></sourceDesc></fileDesc></teiHeader>"
            if header else "")
    ns = f' xmlns="{namespace}"' if namespace else ""
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<{root}{ns}{ident}>{head}<text><body>{body}</body></text></{root}>\n'.encode()


def bomb(levels: int = 9) -> bytes:
    lines = ['<!ENTITY lol0 "lol">']
    for i in range(1, levels + 1):
        lines.append(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">')
    return with_doctype(f"<!DOCTYPE TEI [\n  {chr(10).join(lines)}\n]>\n", f"&lol{levels};")


def quadratic() -> bytes:
    return with_doctype(f'<!DOCTYPE TEI [ <!ENTITY big "{"x" * 100_000}"> ]>\n', "&big;" * 20_000)


def deep(levels: int) -> bytes:
    anchor = f'<p xml:id="{DOC}.p1" n="1">'
    return essay_text_replaced(anchor, anchor + "<hi>" * levels + "deep" + "</hi>" * levels)


def many_notes(count: int) -> bytes:
    tree = essay_tree()
    p = first_paragraph(tree)
    for i in range(count):
        note = etree.SubElement(p, T + "note")
        note.text = f"Note number {i + 1}."
        note.tail = " and"
    return serialise(tree)


def long_line(words: int) -> bytes:
    tree = essay_tree()
    p = first_paragraph(tree)
    p.text = " ".join(f"word{i}" for i in range(words)) + " " + (p.text or "")
    data = serialise(tree)
    assert b"\n" not in data[data.index(b"word0"):data.index(b"word0") + 100]
    return data


def hostile_header() -> bytes:
    """Markup-like text in the main title and the author's forename (both reach the page's <head>)."""
    text = essay_bytes().decode("utf-8")
    for old, new in (('<title type="main">Mr. Davies and the Moscow Trials</title>',
                      '<title type="main">Mr. Davies &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>'),
                     ("<author><persName ref=\"#sedova\"><forename>Natalia</forename>",
                      "<author><persName ref=\"#sedova\"><forename>Natalia &lt;b onmouseover=alert(2)&gt;</forename>")):
        assert old in text, old
        text = text.replace(old, new, 1)
    return text.encode("utf-8")


def many_attributes(count: int) -> bytes:
    attributes = " ".join(f'data-a{i}="{i}"' for i in range(count))
    return essay_text_replaced(f'<p xml:id="{DOC}.p1" n="1">', f'<p xml:id="{DOC}.p1" n="1" {attributes}>')


def padded(megabytes: int) -> bytes:
    """The valid essay with a comment that makes the file `megabytes` MiB long."""
    data = essay_bytes()
    padding = b"<!--" + b"padding " * ((megabytes * 1024 * 1024 - len(data)) // 8) + b"-->\n"
    return data.replace(b"<TEI ", padding + b"<TEI ", 1)


def many_elements(count: int) -> bytes:
    """The essay with `count` highlighted words in ¶ 1 (valid markup, too much of it)."""
    words = '<hi rend="italic">w</hi> ' * count
    return essay_text_replaced(f'<p xml:id="{DOC}.p1" n="1">', f'<p xml:id="{DOC}.p1" n="1">{words}')


def problem_past_line(line: int) -> bytes:
    """The essay with blank lines before its text, so that a pointer to nothing in ¶ 1 stands past `line`."""
    anchor = f'<p xml:id="{DOC}.p1" n="1">'
    return essay_text_replaced(anchor, "\n" * line + anchor + '<persName ref="#nobody">Nobody</persName> ')


def _fifo(folder: Path) -> dict[str, bytes]:
    os.mkfifo(folder / "tei" / "x.xml")  # nobody ever writes into it: reading it would wait for ever
    return {}


# --- the cases -------------------------------------------------------------------------------------

@dataclass
class Case:
    id: str
    group: str
    what: str  # the input, for the report
    files: Callable[[Path], dict[str, bytes]]  # case folder → {relative path: bytes}
    expect: dict[str, int]  # command → exit status
    rule: str | None = None  # the rule of the first error (validate), when one is expected
    built: bool = False  # a site is expected from the preview
    targets: list[str] | None = None  # files named on the command line (default: every tei/*.xml written)
    patch_tei_dir: bool = False  # the default tei/ of the pipeline is the case's tei/ (for "no paths" runs)
    commands: tuple[str, ...] = ("validate", "build", "preview")
    note: str = ""  # what the pipeline does about it, in words, for the report


def _one(data: bytes, name: str = f"{DOC}.xml") -> Callable[[Path], dict[str, bytes]]:
    return lambda folder: {f"tei/{name}": data}


def _lazy(make: Callable[[], bytes], name: str = f"{DOC}.xml") -> Callable[[Path], dict[str, bytes]]:
    return lambda folder: {f"tei/{name}": make()}


def _secret(folder: Path) -> Path:
    secret = folder / "secret.txt"
    secret.write_text(MARKER + "\n", encoding="utf-8")
    return secret


def _entity_file(kind: str) -> Callable[[Path], dict[str, bytes]]:
    def make(folder: Path) -> dict[str, bytes]:
        secret = _secret(folder)
        target = {"absolute": secret.as_uri(), "relative": "../secret.txt"}[kind]
        return {f"tei/{DOC}.xml": with_doctype(f'<!DOCTYPE TEI [ <!ENTITY secret SYSTEM "{target}"> ]>\n',
                                               "&secret; ")}
    return make


def _entity_http(parameter: bool) -> Callable[[Path], dict[str, bytes]]:
    def make(folder: Path) -> dict[str, bytes]:
        url = f"http://127.0.0.1:{Trap.port()}/secret"
        if parameter:
            return {f"tei/{DOC}.xml": with_doctype(f'<!DOCTYPE TEI [ <!ENTITY % remote SYSTEM "{url}"> %remote; ]>\n')}
        return {f"tei/{DOC}.xml": with_doctype(f'<!DOCTYPE TEI [ <!ENTITY secret SYSTEM "{url}"> ]>\n', "&secret; ")}
    return make


def _external_dtd(folder: Path) -> dict[str, bytes]:
    return {f"tei/{DOC}.xml": with_doctype(f'<!DOCTYPE TEI SYSTEM "http://127.0.0.1:{Trap.port()}/tei_all.dtd">\n')}


def _xinclude(kind: str) -> Callable[[Path], dict[str, bytes]]:
    def make(folder: Path) -> dict[str, bytes]:
        href = _secret(folder).as_uri() if kind == "file" else f"http://127.0.0.1:{Trap.port()}/part.xml"
        return {f"tei/{DOC}.xml": essay_with(f'<xi:include href="{href}" parse="text"/>')}
    return make


def _two_files_one_id(folder: Path) -> dict[str, bytes]:
    data = essay_bytes()
    return {f"tei/{DOC}.xml": data, "tei/copy-of-the-essay.xml": data}


def _ids_differing_in_case(folder: Path) -> dict[str, bytes]:
    return {"tei/letter-a.xml": minimal_tei("letter-a"), "tei/Letter-A.xml": minimal_tei("Letter-A")}


SHARED_OUTSIDE = (f'<TEI xmlns="{TEI}" type="shared-lists"><teiHeader><fileDesc><titleStmt><title>Names</title>'
                  f'</titleStmt><publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc>'
                  f'</fileDesc></teiHeader><standOff><listPerson><person xml:id="x"><persName>{MARKER}</persName>'
                  f'</person></listPerson></standOff></TEI>')


def _pointer(pointer: str, setup: Callable[[Path], None] | None = None) -> Callable[[Path], dict[str, bytes]]:
    """The essay with a name pointing to `pointer`; beside the project a valid shared list holding the marker
    (tei/../elsewhere/names.xml), which must never be read. `setup(folder)` makes what else the case needs."""
    def make(folder: Path) -> dict[str, bytes]:
        (folder / "tei" / "shared").mkdir(parents=True, exist_ok=True)
        if setup is not None:
            setup(folder)
        return {f"tei/{DOC}.xml": essay_with(f'<persName ref="{pointer}">Someone</persName> '),
                "elsewhere/names.xml": SHARED_OUTSIDE.encode()}
    return make


def _with_stylesheet_pi() -> bytes:
    data = essay_bytes()
    end = data.index(b"?>") + 2
    return (data[:end] + b'\n<?xml-stylesheet type="text/xsl" href="data:text/xml,%3Cx/%3E"?>' + data[end:])


def _without_id(name: str) -> Callable[[Path], dict[str, bytes]]:
    return lambda folder: {f"tei/{name}.xml": essay_bytes().replace(f' xml:id="{DOC}"'.encode(), b"", 1)}


def _windows_1252_as_latin1() -> bytes:
    text = essay_bytes().decode("utf-8").replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    text = text.replace("Before his death", "Before his death \u2019 \u2013")  # ’ – as Windows-1252 bytes
    return text.encode("cp1252", "replace")


HOSTILE_LINKS = (
    '<ref target="javascript:alert(1)">one</ref> <ref target=" JaVaScRiPt&#9;:alert(2)">two</ref> '
    '<ref target="&#106;avascript&#58;alert(3)">three</ref> '
    '<ref target="data:text/html,&lt;script&gt;alert(4)&lt;/script&gt;">four</ref> '
    '<ref target="vbscript:msgbox(5)">five</ref> <ptr target="java&#10;script:alert(6)"/> '
    '<persName ref="javascript:alert(7)">seven</persName> <ref target="//evil.example/8">eight</ref> '
)
HOSTILE_POINTERS = (
    '<quote source="javascript:alert(1)">quoted</quote> <pb facs="javascript:alert(2)"/> '
    '<figure><graphic url="javascript:alert(3)"/></figure> <ref target="file:///etc/passwd">local</ref> '
)
HOSTILE_MARKUP = (
    '&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt; '
    '<h:script>alert(3)</h:script> <h:img src="x" onerror="alert(4)"/> <h:a href="javascript:alert(5)">five</h:a> '
    '<svg:svg onload="alert(6)"><svg:script>alert(7)</svg:script></svg:svg> '
    '<![CDATA[</p><script>alert(8)</script>]]> <?php echo "nine"; ?> '
    '<hi rend="&quot; onmouseover=&quot;alert(10)">ten</hi> <seg type="x&quot;&gt;&lt;script&gt;alert(11)&lt;/script&gt;">eleven</seg> '
    '<foreign xml:lang="en&quot; onfocus=&quot;alert(12)">twelve</foreign> '
)


def cases() -> list[Case]:
    """Every case, grouped as the report shows them (each group where it first appears)."""
    found = _cases()
    order: dict[str, int] = {}
    for case in found:
        order.setdefault(case.group, len(order))
    return sorted(found, key=lambda case: order[case.group])


def _cases() -> list[Case]:
    return [
        # --- not XML, or not readable as XML ----------------------------------------------------------
        Case("plain-text", "Not XML", "a plain-text file named .xml", _one(b"This is plain text, not XML.\n"),
             {"validate": 1, "build": 1, "preview": 1}, "well-formed"),
        Case("empty", "Not XML", "an empty file", _one(b""), {"validate": 1, "build": 1, "preview": 1}, "well-formed"),
        Case("binary", "Not XML", "a binary file (PDF bytes) named .xml",
             _one(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n\x00\x01\x02\x03 obj"), {"validate": 1, "build": 1, "preview": 1},
             "well-formed"),
        Case("truncated", "Not XML", "the essay cut off in the middle (a truncated copy)",
             _lazy(lambda: essay_bytes()[: len(essay_bytes()) // 2]), {"validate": 1, "build": 1, "preview": 1},
             "well-formed"),
        Case("tag-mismatch", "Not XML", "an end tag that closes the wrong element",
             _lazy(lambda: essay_text_replaced("as to cause astonishment even in our harsh epoch.</p>",
                                               "as to cause astonishment even in our harsh epoch.</div>")),
             {"validate": 1, "build": 1, "preview": 1}, "well-formed"),
        Case("encoding-mislabelled", "Encoding", 'UTF-8 bytes under encoding="ISO-8859-1"',
             _lazy(lambda: essay_text_replaced('encoding="UTF-8"', 'encoding="ISO-8859-1"')),
             {"validate": 1, "build": 1, "preview": 1}, "encoding",
             note="refused: the text would come out garbled"),
        Case("encoding-latin1-bytes", "Encoding", 'Latin-1 bytes under encoding="UTF-8"',
             _lazy(lambda: essay_bytes().decode("utf-8").encode("latin-1", "replace")),
             {"validate": 1, "build": 1, "preview": 1}, "well-formed"),
        Case("encoding-unknown", "Encoding", 'an encoding nobody knows (encoding="x-klingon")',
             _lazy(lambda: essay_text_replaced('encoding="UTF-8"', 'encoding="x-klingon"')),
             {"validate": 1, "build": 1, "preview": 1}, "well-formed"),
        Case("bom-utf8", "Encoding", "a UTF-8 byte-order mark before a valid file", _lazy(lambda: b"\xef\xbb\xbf" + essay_bytes()),
             {"validate": 0, "build": 0, "preview": 0}, built=True,
             note="accepted (XML allows it); the published copy of the source keeps the bytes as given"),
        Case("utf16", "Encoding", "the valid essay saved as UTF-16 (with its byte-order mark)",
             _lazy(lambda: essay_text_replaced('encoding="UTF-8"', 'encoding="UTF-16"').decode("utf-8").encode("utf-16")),
             {"validate": 0, "build": 0, "preview": 0}, built=True, note="accepted: XML processors must read UTF-16"),
        Case("control-character", "Encoding", "a character reference to a control character (&#1;)",
             _lazy(lambda: essay_text_replaced("Before his death", "Before &#1; his death")),
             {"validate": 1, "build": 1, "preview": 1}, "well-formed"),
        # --- well-formed, but not TEI ----------------------------------------------------------------
        Case("no-namespace", "Not TEI", "<TEI> without the TEI namespace",
             _lazy(lambda: essay_text_replaced(f'<TEI xmlns="{TEI}" ', "<TEI ")),
             {"validate": 1, "build": 1, "preview": 1}, "tei-root"),
        Case("wrong-namespace", "Not TEI", "an XHTML page", _one(b'<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Hi</p></body></html>'),
             {"validate": 1, "build": 1, "preview": 1}, "tei-root"),
        Case("no-teiheader", "Not TEI", "a TEI document without <teiHeader>",
             _one(minimal_tei(DOC, header=False)), {"validate": 1, "build": 1, "preview": 1}, "tei-root"),
        Case("tei-corpus", "Not TEI", "a <teiCorpus> file", _one(minimal_tei(DOC, root="teiCorpus")),
             {"validate": 1, "build": 1, "preview": 1}, "tei-root"),
        Case("header-only", "Not TEI", "a TEI document with a header and no <text>",
             _one(minimal_tei(DOC).replace(b"<text><body><p>Text.</p></body></text>", b"")),
             {"validate": 1, "build": 1, "preview": 0}, "rng", built=True,
             note="the preview builds a page with the header and an empty text"),
        # --- which document, and where its pages go ---------------------------------------------------
        Case("empty-tei", "Documents and IDs", "an empty tei/ folder (no text at all)", lambda folder: {"tei/.keep": b""},
             {"validate": 1, "build": 1, "preview": 1}, targets=[], patch_tei_dir=True),
        Case("duplicate-id", "Documents and IDs", "two files claiming the same document ID", _two_files_one_id,
             {"validate": 1, "build": 1, "preview": 1}, "ed-root-id-filename"),
        Case("case-only-ids", "Documents and IDs", "two document IDs that differ only in case (letter-a, Letter-A)",
             _ids_differing_in_case, {"validate": 1, "build": 1, "preview": 1}, "rng",
             note="the folders letter-a/ and Letter-A/ would be one folder on macOS and Windows"),
        Case("id-dotdot", "Documents and IDs", 'xml:id="../evil" (a path out of the site)', _one(minimal_tei("../evil")),
             {"validate": 1, "build": 1, "preview": 1}, "well-formed"),
        Case("id-slash", "Documents and IDs", 'xml:id="texts/evil" (a folder inside the site)', _one(minimal_tei("texts/evil")),
             {"validate": 1, "build": 1, "preview": 1}, "well-formed"),
        Case("id-control", "Documents and IDs", "an xml:id with a control character (U+0085)", _one(minimal_tei("evil\u0085id")),
             {"validate": 1, "build": 1, "preview": 1}, "well-formed"),
        Case("id-reserved", "Documents and IDs", 'xml:id="static" (the name of the site\'s own folder)',
             _one(minimal_tei("static"), "static.xml"), {"validate": 1, "build": 1, "preview": 1}, "rng"),
        Case("id-too-long", "Documents and IDs", "a 200-character document ID", _one(minimal_tei("a" * 200), "a" * 200 + ".xml"),
             {"validate": 1, "build": 1, "preview": 1}, "rng"),
        Case("no-id-odd-file-name", "Documents and IDs", "no xml:id, and a file name with spaces ('my text.xml')",
             _one(minimal_tei(None), "my text.xml"), {"validate": 1, "build": 1, "preview": 1}, "ed-root-id-filename"),
        # --- reaching outside the file ---------------------------------------------------------------
        Case("entity-file", "Entities, DTDs, XInclude", "an external entity naming a local file (file:///…/secret.txt)",
             _entity_file("absolute"), {"validate": 1, "build": 1, "preview": 1}, "well-formed",
             note="refused; the file is never opened"),
        Case("entity-relative", "Entities, DTDs, XInclude", 'an external entity naming a file beside tei/ ("../secret.txt")',
             _entity_file("relative"), {"validate": 1, "build": 1, "preview": 1}, "well-formed",
             note="refused; the file is never opened"),
        Case("entity-http", "Entities, DTDs, XInclude", "an external entity naming a web address", _entity_http(False),
             {"validate": 1, "build": 1, "preview": 1}, "well-formed", note="refused; no request is made"),
        Case("parameter-entity-http", "Entities, DTDs, XInclude", "an external parameter entity (%remote;) naming a web address",
             _entity_http(True), {"validate": 1, "build": 1, "preview": 1}, "well-formed",
             note="refused; no request is made"),
        Case("external-dtd", "Entities, DTDs, XInclude", "a DOCTYPE naming an external DTD by web address", _external_dtd,
             {"validate": 0, "build": 0, "preview": 0}, built=True,
             note="built: the DTD is never fetched (no default attributes or entities come from it)"),
        Case("internal-entity", "Entities, DTDs, XInclude", "an entity declared in the document's own DOCTYPE",
             _lazy(lambda: with_doctype('<!DOCTYPE TEI [ <!ENTITY who "Natalia Sedova"> ]>\n', "(&who;) ")),
             {"validate": 0, "build": 0, "preview": 0}, built=True,
             note="built: the entity is text of the document and is expanded"),
        Case("billion-laughs", "Entities, DTDs, XInclude", "an entity-expansion bomb (10⁹ copies of “lol”)",
             _lazy(bomb), {"validate": 1, "build": 1, "preview": 1}, "well-formed",
             note="refused by the parser's amplification limit before it grows"),
        Case("quadratic-blowup", "Entities, DTDs, XInclude", "a 100 kB entity referenced 20,000 times (2 GB of text)",
             _lazy(quadratic), {"validate": 1, "build": 1, "preview": 1}, "well-formed",
             note="refused by the parser's amplification limit"),
        Case("xinclude-file", "Entities, DTDs, XInclude", "an XInclude of a local file", _xinclude("file"),
             {"validate": 1, "build": 1, "preview": 0}, "rng", built=True,
             note="never expanded; the preview warns that the included text is missing"),
        Case("xinclude-http", "Entities, DTDs, XInclude", "an XInclude of a web address", _xinclude("http"),
             {"validate": 1, "build": 1, "preview": 0}, "rng", built=True,
             note="never expanded, no request made; the preview warns"),
        # --- hostile content -------------------------------------------------------------------------
        Case("script-links", "Hostile content",
             "javascript:, data:, vbscript: and //host links in @target and @ref (mixed case, tab, newline, "
             "character references)", _lazy(lambda: essay_with(HOSTILE_LINKS)),
             {"validate": 1, "build": 1, "preview": 0}, "url-scheme", built=True,
             note="no link is made; the words stay as text"),
        Case("script-pointers", "Hostile content", "javascript: and file: in @source, @facs, @url and @target",
             _lazy(lambda: essay_with(HOSTILE_POINTERS)), {"validate": 1, "build": 1, "preview": 0}, "rng",
             built=True, note="no link is made"),
        Case("script-markup", "Hostile content",
             "markup and <script> in text, CDATA and attributes; XHTML and SVG elements with event handlers",
             _lazy(lambda: essay_with(HOSTILE_MARKUP)), {"validate": 1, "build": 1, "preview": 0}, "rng",
             built=True, note="all of it is text on the page; no element or attribute of the source becomes markup"),
        Case("script-header", "Hostile content",
             "</script> and event handlers in the header's title and author (they reach the page's <head>, its "
             "JSON-LD and the citations)", _lazy(hostile_header),
             {"validate": 0, "build": 0, "preview": 0}, built=True,
             note="built: everything from the header is escaped text, also inside the JSON-LD"),
        Case("long-line", "Size", "a paragraph of 200,000 words on one line (1.6 MB)", _lazy(lambda: long_line(200_000)),
             {"validate": 0, "build": 0, "preview": 0}, built=True),
        Case("many-notes", "Size", "2,000 notes in one paragraph", _lazy(lambda: many_notes(2000)),
             {"validate": 1, "build": 1, "preview": 0}, "rng", built=True),
        Case("deep-nesting-ok", "Size", "<hi> nested 90 deep (the tree 97 levels deep)", _lazy(lambda: deep(90)),
             {"validate": 0, "build": 0, "preview": 0}, built=True),
        Case("deep-nesting", "Size", "<hi> nested 150 deep", _lazy(lambda: deep(150)),
             {"validate": 1, "build": 1, "preview": 1}, "limits", note="refused: deeper than the XSLT processor reads"),
        Case("deeper-than-libxml2", "Size", "<hi> nested 300 deep", _lazy(lambda: deep(300)),
             {"validate": 1, "build": 1, "preview": 1}, "well-formed"),
        Case("many-attributes", "Size", "an element with 300 attributes", _lazy(lambda: many_attributes(300)),
             {"validate": 1, "build": 1, "preview": 1}, "limits"),
        Case("long-name", "Size", "an element name of 2,000 characters",
             _lazy(lambda: essay_with(f"<{'n' * 2000}>x</{'n' * 2000}>")), {"validate": 1, "build": 1, "preview": 1},
             "limits"),
        # --- issue 14: published copies, pointers, encodings, names -----------------------------------
        Case("encoding-windows-1252-as-latin1", "Encoding",
             'Windows-1252 bytes (’ –) under encoding="ISO-8859-1": they read as C1 controls U+0092, U+0096',
             _lazy(_windows_1252_as_latin1), {"validate": 1, "build": 1, "preview": 1}, "encoding",
             note="refused with the place: the fix is to declare windows-1252 or convert the file"),
        Case("c1-character-reference", "Encoding", "a character reference to a C1 control character (&#x92;)",
             _lazy(lambda: essay_text_replaced("Before his death", "Before his&#x92;s death")),
             {"validate": 1, "build": 1, "preview": 1}, "encoding", note="refused: the character meant is named"),
        Case("ebcdic", "Encoding", "a document in EBCDIC (IBM037)",
             _one(f'<TEI xmlns="{TEI}"><teiHeader/></TEI>'.encode("cp037")),
             {"validate": 1, "build": 1, "preview": 1}, "well-formed"),
        Case("surrogate-reference", "Encoding", "a character reference to a surrogate (&#xD800;)",
             _lazy(lambda: essay_text_replaced("Before his death", "Before &#xD800; his death")),
             {"validate": 1, "build": 1, "preview": 1}, "well-formed"),
        Case("parameter-entity-internal", "Entities, DTDs, XInclude",
             "an internal parameter entity (%p;) declaring the entity the text uses",
             _lazy(lambda: with_doctype("<!DOCTYPE TEI [ <!ENTITY % p \"<!ENTITY who 'Natalia'>\"> %p; ]>\n",
                                        "(&who;) ")),
             {"validate": 1, "build": 1, "preview": 1}, "well-formed",
             note="refused: parameter entities are not expanded, and the message says so"),
        Case("text-node-10mb", "Size", "one run of text over 10 MB",
             _lazy(lambda: essay_text_replaced("Before his death", "word " * 2_100_000)),
             {"validate": 1, "build": 1, "preview": 1}, "well-formed"),
        Case("xml-stylesheet", "Hostile content",
             'an <?xml-stylesheet?> naming a data: stylesheet (it would run in the site\'s origin)',
             _lazy(_with_stylesheet_pi), {"validate": 0, "build": 0, "preview": 0}, built=True,
             note="built: the published copy of the source carries no xml-stylesheet instruction"),
        Case("pointer-outside", "Pointers into shared lists", 'a pointer out of tei/shared/ ("../elsewhere/names.xml#x")',
             _pointer("../elsewhere/names.xml#x"), {"validate": 1, "build": 1, "preview": 0}, "shared.file",
             built=True, targets=[f"tei/{DOC}.xml"],
             note="the file is never opened; the message is the same whether it exists or not"),
        Case("pointer-outside-missing", "Pointers into shared lists", "a pointer out of tei/shared/ to no file",
             _pointer("../elsewhere/missing.xml#x"), {"validate": 1, "build": 1, "preview": 0}, "shared.file",
             built=True, targets=[f"tei/{DOC}.xml"], note="the same message as for a file that exists"),
        Case("pointer-percent-encoded", "Pointers into shared lists", "a pointer out of tei/shared/ with %2e%2e",
             _pointer("shared/%2e%2e/%2e%2e/elsewhere/names.xml#x"), {"validate": 1, "build": 1, "preview": 0},
             "shared.file", built=True, targets=[f"tei/{DOC}.xml"]),
        Case("pointer-symlink-out", "Pointers into shared lists", "a link in tei/shared/ to a list outside",
             _pointer("shared/link.xml#x", lambda f: (f / "tei/shared/link.xml").symlink_to(f / "elsewhere/names.xml")),
             {"validate": 1, "build": 1, "preview": 0}, "shared.file", built=True, targets=[f"tei/{DOC}.xml"]),
        Case("pointer-dev-zero", "Pointers into shared lists", "a link in tei/shared/ to /dev/zero",
             _pointer("shared/zero.xml#x", lambda f: (f / "tei/shared/zero.xml").symlink_to("/dev/zero")),
             {"validate": 1, "build": 1, "preview": 0}, "shared.file", built=True, targets=[f"tei/{DOC}.xml"],
             note="never opened: it lies outside tei/shared/"),
        Case("pointer-fifo", "Pointers into shared lists", "a pipe (FIFO) named tei/shared/pipe.xml",
             _pointer("shared/pipe.xml#x", lambda f: os.mkfifo(f / "tei/shared/pipe.xml")),
             {"validate": 1, "build": 1, "preview": 0}, "shared.file", built=True, targets=[f"tei/{DOC}.xml"],
             note="only regular files are read: no wait"),
        Case("pointer-nul", "Pointers into shared lists", "%00 in a pointer's file name",
             _pointer("shared/names%00.xml#x"), {"validate": 1, "build": 1, "preview": 0}, "shared.file",
             built=True, targets=[f"tei/{DOC}.xml"]),
        Case("pointer-long-name", "Pointers into shared lists", "a pointer naming a file of 5,000 characters",
             _pointer("shared/" + "n" * 5000 + ".xml#x"), {"validate": 1, "build": 1, "preview": 0}, "shared.file",
             built=True, targets=[f"tei/{DOC}.xml"]),
        Case("doc-id-index-html", "Documents and IDs", "a file tei/index.html.xml without xml:id (the ID would be index.html)",
             _without_id("index.html"), {"validate": 1, "build": 1, "preview": 1},
             note="refused with its place: the ID would name the catalogue page"),
        Case("doc-id-persons-html", "Documents and IDs", "a file tei/persons.html.xml without xml:id",
             _without_id("persons.html"), {"validate": 1, "build": 1, "preview": 1}),
        Case("doc-id-pagefind", "Documents and IDs", "a file tei/pagefind.xml without xml:id (the ID would name "
             "the search index's folder)", _without_id("pagefind"), {"validate": 1, "build": 1, "preview": 1}),
        Case("doc-id-api", "Documents and IDs", "a file tei/api.xml without xml:id (the ID would name the DTS "
             "export's folder)", _without_id("api"), {"validate": 1, "build": 1, "preview": 1}),
        Case("too-large", "Size", "a valid file of 17 MiB (the essay and a long comment)", _lazy(lambda: padded(17)),
             {"validate": 1, "build": 1, "preview": 1}, "limits",
             note="refused before it is parsed: a source may have 16 MiB (edition/limits.py)"),
        Case("too-many-elements", "Size", "60,000 <hi> elements in one paragraph (1.6 MB, valid)",
             _lazy(lambda: many_elements(60_000)), {"validate": 1, "build": 1, "preview": 1}, "limits",
             note="refused before any rule runs: a source may hold 50,000 elements (edition/limits.py)"),
        Case("problem-past-line-65535", "Size", "a pointer to nothing at line 70,201 (Schematron's line numbers "
             "past 65,535)", _lazy(lambda: problem_past_line(70_000)), {"validate": 1, "build": 1, "preview": 0},
             "ed-ref-resolves", built=True),
        Case("person-id-ed-notes", "Identifiers", 'a person with xml:id="ed-notes" (the reading page\'s own notes section)',
             _lazy(lambda: essay_bytes().replace(b'xml:id="davies"', b'xml:id="ed-notes"')
                   .replace(b'"#davies"', b'"#ed-notes"')),
             {"validate": 1, "build": 1, "preview": 0}, "ed-id-page", built=True,
             note="refused: the persons page and the reading page would hold the ID twice (the page's main "
                  "landmark is `ed:main`, which no xml:id can take)"),
        Case("text-id-colophon", "Identifiers", 'a text whose ID is "colophon" (the PDF\'s colophon is a destination)',
             _lazy(lambda: essay_bytes().replace(b"sedova-1941-davies", b"colophon"), name="colophon.xml"),
             {"validate": 1, "build": 1, "preview": 0}, "ed-id-page", built=True,
             note="refused; a preview builds, with the warning"),
        Case("fifo", "Not a file", "a named pipe (FIFO) called tei/x.xml", _fifo,
             {"validate": 1, "build": 1, "preview": 1}, "io", targets=["tei/x.xml"],
             note="refused at once, not read (it would wait for a writer for ever) and not skipped"),
    ]


# --- running a case ---------------------------------------------------------------------------------

class Trap(http.server.BaseHTTPRequestHandler):
    """A web server on 127.0.0.1 that records every request (there must be none) and answers with the marker."""

    requests: ClassVar[list[str]] = []
    _server: ClassVar[http.server.HTTPServer | None] = None

    def do_GET(self) -> None:
        Trap.requests.append(self.path)
        body = f"<!ENTITY leak '{MARKER}'>{MARKER}".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass

    @classmethod
    def port(cls) -> int:
        if cls._server is None:
            cls._server = http.server.HTTPServer(("127.0.0.1", 0), cls)
            threading.Thread(target=cls._server.serve_forever, daemon=True).start()
        return cls._server.server_address[1]


@dataclass
class Outcome:
    command: str
    argv: list[str]
    status: int
    output: str  # stdout and stderr, normalised
    problems: list[dict] = field(default_factory=list)
    site_written: bool = False
    seconds: float = 0.0
    marker_in_site: bool = False  # the never-read marker found in a file the command wrote
    site_pages: dict[str, str] = field(default_factory=dict)  # HTML pages written: relative path → text

    @property
    def first_error(self) -> dict | None:
        return next((p for p in self.problems if p["sev"] == "error"), None)

    @property
    def first_problem(self) -> dict | None:
        return self.first_error or (self.problems[0] if self.problems else None)


@dataclass
class CaseResult:
    case: Case
    folder: Path
    outcomes: dict[str, Outcome]
    files_read: list[str]  # files outside the case that the run touched (always empty)


@contextlib.contextmanager
def _patched(attributes: list[tuple[str, str, object]]):
    saved = []
    for module_name, name, value in attributes:
        module = importlib.import_module(module_name)
        if hasattr(module, name):
            saved.append((module, name, getattr(module, name)))
            setattr(module, name, value)
    try:
        yield
    finally:
        for module, name, value in saved:
            setattr(module, name, value)


def _normalise(text: str, folder: Path) -> str:
    text = text.replace(str(folder.resolve()), "<case>").replace(str(folder), "<case>")
    if Trap._server is not None:
        text = text.replace(f"127.0.0.1:{Trap.port()}", "127.0.0.1:PORT")
    return text


def run_case(case: Case, folder: Path) -> CaseResult:
    """Write the case into `folder` and run its commands there, in-process."""
    from edition.cli import main

    if folder.exists():
        shutil.rmtree(folder)
    (folder / "tei").mkdir(parents=True)
    written = case.files(folder)
    for name, data in written.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    targets = case.targets if case.targets is not None else sorted(n for n in written if n.endswith(".xml"))
    outcomes: dict[str, Outcome] = {}
    previous = Path.cwd()
    patches = [(m, "TEI_DIR", folder / "tei") for m in ("edition", "edition.site", "edition.commands.validate")] \
        if case.patch_tei_dir else []
    os.chdir(folder)
    try:
        with _patched(patches):
            for command in case.commands:
                site = folder / "site"
                if site.exists():
                    shutil.rmtree(site)
                argv = COMMANDS[command](targets)
                out, err = io.StringIO(), io.StringIO()
                start = time.perf_counter()
                with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                    status = main(list(argv))
                seconds = time.perf_counter() - start
                text = _normalise(out.getvalue() + err.getvalue(), folder)
                problems = [m.groupdict() for m in map(PROBLEM_LINE.match, text.splitlines()) if m]
                written = [p for p in site.rglob("*") if p.is_file()] if site.is_dir() else []
                marker = any(MARKER.encode() in p.read_bytes() for p in written)
                pages = {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in written
                         if p.suffix == ".html"}
                outcomes[command] = Outcome(command, argv, status, text, problems,
                                            (site / "index.html").is_file(), seconds, marker, pages)
    finally:
        os.chdir(previous)
    return CaseResult(case, folder, outcomes, [])
