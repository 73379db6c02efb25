"""Parsing XML safely: nothing outside the file is read, no network, bounded work, line numbers kept.

    tree = parse_file(path)                       # or parse_bytes(data, shown_path)

What the parser does with the parts of XML that can reach outside a file or blow up:

- A DOCTYPE is allowed and ignored: no external DTD is loaded, so no default attributes and no entity
  definitions come from outside the file.
- Entities declared in the document's own internal subset (`<!ENTITY who "Natalia">`) are text of the
  document and are expanded. Entities pointing at a file or an address (`SYSTEM "file:///…"`,
  `SYSTEM "http://…"`) are never read: the file is refused with the entity's place. Expansion bombs
  (billion laughs, quadratic blow-up) are refused by libxml2's amplification limit before they grow.
- XInclude is never expanded (nothing here or downstream calls it); see `source_problems()`.
- The tree must fit what every later stage accepts (the XSLT processor's parser refuses deeper trees,
  longer names and more attributes): at most MAX_DEPTH levels, names of at most MAX_NAME_LENGTH
  characters, at most MAX_ATTRIBUTES attributes and namespace declarations on one element.
- Encodings: UTF-8 (with or without a byte-order mark) and UTF-16 are accepted, as XML requires. A file
  whose declaration names a single-byte encoding (ISO-8859-1, windows-1252 …) but whose bytes are UTF-8 is
  refused: it would come out garbled ("CoyoacÃ¡n").

Every refusal is an EditionError with `file:line:col: what — how to fix` problems.
"""

from __future__ import annotations

import codecs
import copy
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from .errors import EditionError, Problem, display_path

MAX_DEPTH = 100  # levels of elements, the root counting as 1
MAX_NAME_LENGTH = 1000  # characters of an element or attribute name, prefix included
MAX_ATTRIBUTES = 200  # attributes plus namespace declarations on one element

XINCLUDE_NS = "http://www.w3.org/2001/XInclude"

_DECLARATION = re.compile(rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_UNICODE_ENCODINGS = {"utf-8", "utf8", "utf-16", "utf-16le", "utf-16be", "utf16", "us-ascii", "ascii",
                      "iso-10646-ucs-2", "ucs-2"}


def make_parser(*, recover: bool = False) -> etree.XMLParser:
    return etree.XMLParser(
        recover=recover,  # only ever to read past repeated xml:ids (see _tree_despite_repeated_ids)
        resolve_entities="internal",  # the document's own entities only: never a file or an address
        load_dtd=False,
        no_network=True,
        dtd_validation=False,
        huge_tree=False,  # libxml2's limits stay on: depth, text size, entity amplification
        remove_blank_text=False,
        # (collect_ids=False would let a repeated xml:id through, but makes libxml2 load an external DTD named
        # in a DOCTYPE: never. A repeated ID is read past by _tree_despite_repeated_ids instead.)
        collect_ids=True,
    )


_REPEATED_ID = "DTD_ID_REDEFINED"  # libxml2's "ID … already defined": a validity error, not a well-formedness one


def _tree_despite_repeated_ids(data: bytes, base_url: str | None, log: etree._ListErrorLog) -> etree._Element | None:
    """The tree of a document whose only parse errors are repeated xml:ids, read again past them (the file is
    well-formed: repeated IDs are a validity problem, which repeated_ids finds and validate reports, and a
    lenient build keeps the first holder's; drop_repeated_ids); None when anything else is wrong. `log`: the
    failed parser's own log (an exception's may hold older entries of the thread, e.g. a validator's)."""
    errors = [e for e in log if e.level_name in ("ERROR", "FATAL")]
    if not errors or any(e.type_name != _REPEATED_ID for e in errors):
        return None
    parser = make_parser(recover=True)
    root = etree.fromstring(data, parser=parser, base_url=base_url)
    again = [e for e in parser.error_log if e.level_name in ("ERROR", "FATAL")]
    if root is None or any(e.type_name != _REPEATED_ID for e in again):
        return None
    return root


def parse_file(path: Path | str) -> etree._ElementTree:
    """Parse a file or raise EditionError with `file:line:col` problems that say how to fix it."""
    shown = display_path(path)
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise EditionError(
            f"{shown}: no such file — check the path", [Problem(shown, 0, 0, "error", "io", "no such file — check the path")]
        ) from None
    except IsADirectoryError:
        msg = "this is a folder, not an XML file — name the .xml files inside it"
        raise EditionError(msg, [Problem(shown, 0, 0, "error", "io", msg)]) from None
    except OSError as exc:
        msg = f"cannot read the file ({exc.strerror}) — check that it exists and is readable"
        raise EditionError(msg, [Problem(shown, 0, 0, "error", "io", msg)]) from None
    return parse_bytes(data, shown, base_url=p.resolve().as_uri())


class NotARegularFile(OSError):
    """A file that is not read: not a regular file (a pipe, a device, a folder), or larger than allowed. Its
    one argument completes "the file …", e.g. "is not a regular file (…)"."""


def read_regular_file(path: Path | str, limit: int | None = None) -> bytes:
    """The bytes of `path`, read only if it is a regular file (never a pipe, which would wait forever, nor a
    device such as /dev/zero, which never ends) of at most `limit` bytes; else NotARegularFile."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a pipe" if stat.S_ISFIFO(info.st_mode) else \
                "a device or socket"
            raise NotARegularFile(f"is not a regular file but {kind} (the pipeline reads only regular files)")
        if limit is not None and info.st_size > limit:
            raise NotARegularFile(f"is larger ({info.st_size:,} bytes) than the {limit:,} bytes the pipeline reads")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(limit + 1 if limit is not None else -1)
        if limit is not None and len(data) > limit:
            raise NotARegularFile(f"is larger than the {limit:,} bytes the pipeline reads")
        return data
    finally:
        os.close(fd)


def parse_bytes(data: bytes, shown: str, base_url: str | None = None) -> etree._ElementTree:
    """Parse `data` (shown in messages as `shown`) or raise EditionError."""
    encoding_problem = _mislabelled_encoding(data, shown)
    if encoding_problem:
        raise EditionError(f"{shown}: the declared encoding does not fit the bytes", [encoding_problem])
    parser = make_parser()
    try:
        root = etree.fromstring(data, parser=parser, base_url=base_url)
    except etree.XMLSyntaxError as exc:
        root = _tree_despite_repeated_ids(data, base_url, parser.error_log)
        if root is not None:
            return _checked_tree(root, data, shown)
        log = parser.error_log or exc.error_log or []  # (the exception's may hold older entries of the thread)
        entries = [e for e in log if e.level_name in ("ERROR", "FATAL")] or list(log)
        problems = [Problem(shown, max(e.line, 1), max(e.column, 1), "error", "well-formed",
                            explain_syntax_error(e.message, data)) for e in entries]
        if not problems:
            line, col = (exc.position if exc.position else (1, 1))
            problems.append(Problem(shown, max(line, 1), max(col, 1), "error", "well-formed",
                                    explain_syntax_error(str(exc.msg), data)))
        raise EditionError(f"{shown}: not well-formed XML", problems[:5]) from None
    if root is None:  # libxml2 gives no tree and no error for some empty inputs
        msg = _EMPTY
        raise EditionError(f"{shown}: not well-formed XML", [Problem(shown, 1, 1, "error", "well-formed", msg)])
    return _checked_tree(root, data, shown)


def _checked_tree(root: etree._Element, data: bytes, shown: str) -> etree._ElementTree:
    limit_problem = _beyond_limits(root, data, shown)
    if limit_problem:
        raise EditionError(f"{shown}: beyond the limits of the pipeline", [limit_problem])
    c1 = c1_control_problem(data, root.getroottree().docinfo.encoding, shown)
    if c1:
        raise EditionError(f"{shown}: a control character where text was meant", [c1])
    return root.getroottree()


# U+0080–U+009F, as characters or as character references (&#x92; &#146;)
_C1 = re.compile("[\x80-\x9f]|&#(?:[xX]0*([89][0-9A-Fa-f])|0*(12[89]|1[3-5][0-9]));")


def c1_control_problem(data: bytes, encoding: str | None, shown: str) -> Problem | None:
    """The first C1 control character (U+0080–U+009F) of the file, as a problem with its place: XML allows
    them, but no text means one. They are what Windows-1252 bytes (’ – “ ” …) become when a file declares
    ISO-8859-1 (or was converted as if it were), and they pass silently into every output."""
    if data.isascii() and b"&#" not in data:
        return None
    if (encoding or "utf-8").lower() in ("utf-8", "utf8") and b"\xc2" not in data and b"&#" not in data:
        return None  # (in UTF-8 each of them begins with the byte C2)
    try:
        text = data.decode(encoding or "utf-8", errors="replace")
    except LookupError:
        return None
    text = text.removeprefix("\ufeff")
    match = _C1.search(text)
    if match is None:
        return None
    code = ord(match.group()) if len(match.group()) == 1 else \
        int(match.group(1), 16) if match.group(1) else int(match.group(2))
    meant = bytes([code]).decode("cp1252", errors="replace")
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    declared = (encoding or "UTF-8").upper()
    guess = f" (in Windows-1252 this byte is {meant!r})" if meant != "\ufffd" else ""
    if len(match.group()) > 1:
        fix = f"write the character meant itself{' (' + meant + ')' if guess else ''}"
    elif declared in ("UTF-8", "UTF8", "UTF-16"):
        fix = (f"the text was probably converted from Windows-1252 as if it were ISO-8859-1: convert it again "
               f"from Windows-1252, or replace the character by the one meant{' (' + meant + ')' if guess else ''}")
    else:
        fix = ('the file is probably in Windows-1252: declare encoding="windows-1252" in <?xml …?>, or convert '
               "it to UTF-8 from Windows-1252")
    return Problem(shown, line, column, "error", "encoding",
                   f"U+{code:04X} here is a control character, not text{guess}, though the file reads as {declared} "
                   f"— {fix}")


# ---------------------------------------------------------------------------------------------
# Repeated xml:ids (a validity problem, not a well-formedness one)

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def repeated_ids(root: etree._Element) -> dict[str, list[etree._Element]]:
    """Every xml:id that more than one element holds → those elements, in document order."""
    holders: dict[str, list[etree._Element]] = {}
    for element in root.iter(etree.Element):
        value = element.get(XML_ID)
        if value is not None:
            holders.setdefault(value, []).append(element)
    return {value: elements for value, elements in holders.items() if len(elements) > 1}


def lines_phrase(lines: list[int]) -> str:
    """[3, 9, 12] → "lines 3, 9 and 12"."""
    shown = [str(n) for n in lines]
    return "line " + shown[0] if len(shown) == 1 else "lines " + ", ".join(shown[:-1]) + " and " + shown[-1]


def drop_repeated_ids(tree: etree._ElementTree, shown: str) -> list[Problem]:
    """For a lenient build: the first holder of a repeated xml:id keeps it (and its anchor); every later one
    loses it, so that a link or a citation leads to one place. A warning for each ID says so."""
    warnings = []
    for value, elements in repeated_ids(tree.getroot()).items():
        lines = [max(el.sourceline or 1, 1) for el in elements]
        for element in elements[1:]:
            del element.attrib[XML_ID]
        warnings.append(Problem(shown, lines[1], 1, "warning", "ed-id-unique",
                                f'the xml:id "{value}" is used {len(elements)} times ({lines_phrase(lines)}): '
                                f"the first keeps its anchor, the later ones get none in this preview — give "
                                f"each element an identifier of its own"))
    return warnings


# ---------------------------------------------------------------------------------------------
# Encodings


def declared_encoding(data: bytes) -> str | None:
    """The encoding named in the XML declaration, lower case; None when there is none."""
    match = _DECLARATION.match(data)
    return match.group(1).decode("ascii").lower() if match else None


def _mislabelled_encoding(data: bytes, shown: str) -> Problem | None:
    declared = declared_encoding(data)
    if declared is None or declared in _UNICODE_ENCODINGS or data.isascii():
        return None
    try:
        codecs.lookup(declared)
    except LookupError:
        return None  # an encoding nobody knows: the parser says so
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None  # not UTF-8: the declaration may well be right
    column = data.lower().find(b"encoding") + 1
    return Problem(shown, 1, max(column, 1), "error", "encoding",
                   f'the file declares encoding="{declared}" but its bytes are UTF-8, so its accented and '
                   f'other non-ASCII characters would come out garbled — change the declaration to '
                   f'encoding="UTF-8"')


# ---------------------------------------------------------------------------------------------
# libxml2's messages, said plainly

_EMPTY = "the file is empty (or holds only white space) — it should hold a TEI document; check the file"


def _external_entity(name: str, data: bytes) -> tuple[str, str] | None:
    """(reference as written, file or address) of an external entity declared in the internal subset."""
    match = re.search(rb"<!ENTITY\s+(%\s+)?" + re.escape(name.encode())
                      + rb"""\s+(?:SYSTEM|PUBLIC\s+(?:"[^"]*"|'[^']*'))\s+("[^"]*"|'[^']*')""", data)
    if not match:
        return None
    reference = f"%{name};" if match.group(1) else f"&{name};"
    return reference, match.group(2)[1:-1].decode("utf-8", "replace")


def _undefined_entity(name: str, data: bytes) -> str:
    external = _external_entity(name, data)
    if external is not None:
        reference, target = external
        return (f"the entity {reference} points outside the document ({visible(target)}); the pipeline never "
                f"reads files or addresses named in a DTD — put the text itself into the document")
    parameter = re.search(rb"<!ENTITY\s+%\s+" + re.escape(name.encode()) + rb"\s", data) is not None
    if parameter and ("&" + name + ";").encode() not in data:
        return (f"the parameter entity %{name}; is declared in the DOCTYPE, but the pipeline does not expand "
                f"parameter entities (nor what they would declare) — declare each entity the text uses directly, "
                f'as <!ENTITY name "text">, or write the text itself')
    if parameter:
        return (f"the entity &{name}; is not defined: the DOCTYPE declares %{name};, a parameter entity, which "
                f"only the DOCTYPE can use (and the pipeline does not expand) — declare <!ENTITY {name} \"…\"> "
                f"for the text, or write the text itself")
    if re.search(rb"<!ENTITY\s+%", data):
        return (f"the entity &{name}; is not defined: the DOCTYPE declares it through a parameter entity, which "
                f'the pipeline does not expand — declare it directly, as <!ENTITY {name} "text">, or write the '
                f"text itself")
    return (f"the entity &{name}; is not defined in the document (the pipeline reads no external DTD) — "
            f"write the character itself or a character reference such as &#x2014;")


def visible(text: str) -> str:
    """`text` with control and other invisible characters shown as \\uXXXX, for messages."""
    return "".join(c if c.isprintable() and c != "\\" else f"\\u{ord(c):04x}" for c in text)


def explain_syntax_error(message: str, data: bytes) -> str:
    """libxml2's message about a syntax error, as `what — how to fix` (the original kept where it helps)."""
    message = re.sub(r"[ \t\r\n]+", " ", message).strip()
    if "already defined" in message:  # duplicate xml:id: edition.validate words it with its rule
        return f"not well-formed XML: {message} — fix the markup at this place"
    if not data.strip() or message.startswith("Document is empty"):
        return _EMPTY
    if b"\x00" in data[:1024] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return ("this is a binary file, not XML — a TEI document is a text file that begins with "
                "<?xml …?> or <TEI …>; check that you named the right file")
    match = re.match(r"Entity '([^']+)' not defined", message)
    if match:
        return _undefined_entity(match.group(1), data)
    if "Text node too long" in message or "Huge input lookup" in message:
        return ("one run of text here is longer than the parser's limit of 10,000,000 characters — no TEI text "
                "needs that: break it into paragraphs (<p>) or lines, or check that the file is not damaged")
    if "amplification" in message or "entity loop" in message.lower() or "Detected an entity reference loop" in message:
        return ("the entities declared in the DOCTYPE expand to far more text than the file holds (an "
                "entity-expansion bomb) — the pipeline refuses such files; write the text itself instead of "
                "nested entities")
    match = re.match(r"Premature end of data in tag (\S+) line (\d+)", message)
    if match:
        return (f"the file ends before <{match.group(1)}> (opened on line {match.group(2)}) is closed — the file "
                f"looks truncated: restore the complete file")
    if message.startswith(("EndTag: '</' not found", "Premature end of data")) or "end of data" in message:
        return "the file ends in the middle of the markup — the file looks truncated: restore the complete file"
    if message.startswith("Start tag expected") and data[:2] in (b"\x4c\x6f", b"\x4c\xe3"):  # "<?", "<T" in EBCDIC
        return ("the file is in EBCDIC (an IBM mainframe encoding), which the parser does not read — save the "
                'file as UTF-8 and declare encoding="UTF-8"')
    if message.startswith("Start tag expected"):
        return ("this is not XML: it does not begin with markup — a TEI document begins with <?xml …?> or "
                "<TEI …>; check that you named the right file")
    if message.startswith("Extra content at the end of the document"):
        return ("there is more after the end of the root element — a document has exactly one root element "
                f"(<TEI>); remove what follows its end tag (the parser says: {message})")
    match = re.match(r"Opening and ending tag mismatch: (\S+) line (\d+) and (\S+)", message)
    if match:
        opened, line, closed = match.groups()
        return (f"the end tag </{closed}> does not match the open element <{opened}> (line {line}) — close "
                f"<{opened}> first, or correct the misspelt tag (the parser says: {message})")
    match = re.match(r"Unsupported encoding:? ?(\S*)", message)
    if match and (match.group(1) in ("", "(detecting)", "detecting") or "EBCDIC" in message):  # not even the declaration read
        return ("the file's encoding cannot be recognised: its first bytes are not ASCII-compatible (EBCDIC, such "
                "as IBM037, or another encoding the parser does not read) — save the file as UTF-8 and declare "
                'encoding="UTF-8"')
    if match:
        return (f'the encoding declared ({visible(match.group(1))}) is not one the parser knows — save the file '
                f'as UTF-8 and declare encoding="UTF-8"')
    if message.startswith(("Input is not proper UTF-8", "Invalid bytes in character encoding")) \
            or ("Char 0x" in message and "out of allowed range" in message):
        declared = (declared_encoding(data) or "").upper() or "UTF-8 (the default)"
        return (f"these bytes are not {declared} — the file was probably saved in another encoding (such as "
                f"Latin-1 or Windows-1252): save it as UTF-8, or declare its real encoding in <?xml … "
                f'encoding="…"?> (the parser says: {message})')
    if "Excessive depth" in message:
        return _depth_message()
    match = re.match(r"xmlParseCharRef: invalid xmlChar value (\d+)", message)
    if match:
        code = int(match.group(1))
        if 0xD800 <= code <= 0xDFFF:
            return (f"the character reference names U+{code:04X}, a surrogate (half of a UTF-16 pair), which is not "
                    f"a character — write the character itself, or one reference to its full code point (such as "
                    f"&#x1F600;)")
        if code > 0x10FFFF or code in (0xFFFE, 0xFFFF):
            return (f"the character reference names {code:#X}, which is not a Unicode character — correct the "
                    f"number, or write the character itself")
        return (f"the character reference names U+{code:04X}, a control character XML does not allow — remove it")
    match = re.match(r"PCDATA invalid Char value (\d+)|invalid character in attribute value|Char 0x(\w+)", message)
    if match:
        return "a control character that XML does not allow stands here — remove it (or the whole stray byte)"
    match = re.match(r"xml:id : attribute value (.*) is not an NCName", message)
    if match:
        return (f'xml:id="{visible(match.group(1))}" is not a usable identifier — an identifier starts with a letter and '
                f"holds only letters, digits, '.', '-' and '_' (no '/', spaces or control characters)")
    if message.startswith("Attribute") and "redefined" in message:
        return f"not well-formed XML: {message} — an attribute may appear only once on an element; remove the repeat"
    return f"not well-formed XML: {message} — fix the markup at this place"


# ---------------------------------------------------------------------------------------------
# Limits


def _depth_message() -> str:
    return (f"elements are nested more than {MAX_DEPTH} levels deep here — no TEI text needs this; the "
            f"pipeline refuses deeper trees: flatten the markup")


_BEYOND_MAX_DEPTH = etree.XPath("/*" * (MAX_DEPTH + 1))  # the elements one level too deep (linear, in C)


def _beyond_limits(root: etree._Element, data: bytes, shown: str) -> Problem | None:
    """The first element beyond MAX_DEPTH, MAX_NAME_LENGTH or MAX_ATTRIBUTES (cheap for ordinary files)."""
    too_deep = _BEYOND_MAX_DEPTH(root)
    if too_deep:
        return Problem(shown, max(too_deep[0].sourceline or 1, 1), 1, "error", "limits", _depth_message())
    room = MAX_ATTRIBUTES - data.count(b"xmlns")  # (at least as many declarations as any one element has)
    half = MAX_NAME_LENGTH // 2  # a cheap first look; qualified names are measured only past it
    for element in root.iter(etree.Element):
        keys = element.keys()
        count = len(keys)
        if count > room:
            count += _declared_here(element)
            if count > MAX_ATTRIBUTES:
                return Problem(shown, max(element.sourceline or 1, 1), 1, "error", "limits",
                               f"this element has {count} attributes and namespace declarations; the pipeline "
                               f"accepts at most {MAX_ATTRIBUTES} — remove the surplus")
        # (the names' length together, not the longest of them: 0.48 → 0.36 ms a text, 2026-12-08)
        if len(element.tag) + len("".join(keys)) > half and _longest_name(element) > MAX_NAME_LENGTH:
            return Problem(shown, max(element.sourceline or 1, 1), 1, "error", "limits",
                           f"an element or attribute name here is longer than {MAX_NAME_LENGTH} characters — "
                           f"TEI names are short words: correct the name")
    return None


def _declared_here(element: etree._Element) -> int:
    """How many namespace declarations the element itself carries."""
    parent = element.getparent()
    inherited = parent.nsmap if parent is not None else {}
    return sum(1 for prefix, uri in element.nsmap.items() if inherited.get(prefix) != uri)


def _longest_name(element: etree._Element) -> int:
    """The longest qualified name (prefix:local) among the element and its attributes."""
    prefixes = {uri: prefix for prefix, uri in element.nsmap.items() if prefix}
    longest = 0
    for clark in (element.tag, *element.attrib):
        uri, _, local = clark[1:].partition("}") if clark.startswith("{") else ("", "", clark)
        prefix = prefixes.get(uri, "xml" if uri == "http://www.w3.org/XML/1998/namespace" else "")
        longest = max(longest, len(local) + (len(prefix) + 1 if prefix else 0))
    return longest


# ---------------------------------------------------------------------------------------------
# What a well-formed source may still ask for that the pipeline will not do


def remove_keeping_tail(node: etree._Element) -> None:
    """Take a node out of its tree, leaving the text that followed it (its tail) where it stood."""
    parent = node.getparent()
    if parent is None:
        return
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    node.tail = None
    parent.remove(node)


def xinclude_problems(tree: etree._ElementTree | etree._Element, shown: str, severity: str = "error",
                      locate: Callable[[etree._Element], tuple[int, int]] | None = None) -> list[Problem]:
    """XInclude elements: never expanded (nothing outside the file is read), so their text would be missing.
    `locate(element) -> (line, column)` gives the place (default: the element's line, column 1)."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    locate = locate or (lambda el: (max(el.sourceline or 1, 1), 1))
    problems = []
    for element in root.iter(f"{{{XINCLUDE_NS}}}include"):
        href = visible(element.get("href", ""))
        problems.append(Problem(shown, *locate(element), severity, "xinclude",
                                f'XInclude is not expanded: the pipeline reads only this file, never "{href}" — '
                                f"put the included text into the document itself"))
    return problems


# ---------------------------------------------------------------------------------------------
# The copy of the source published beside its page

# Namespaces whose elements a browser renders live when it opens an XML file (script, event handlers, links).
LIVE_NAMESPACES = ("http://www.w3.org/1999/xhtml", "http://www.w3.org/2000/svg", "http://www.w3.org/1998/Math/MathML")
_LIVE_TAGS = tuple(f"{{{ns}}}*" for ns in LIVE_NAMESPACES)


def _live_in_copy(tree: etree._ElementTree) -> list:
    """The xml-stylesheet PIs (before, in and after the root), then the live elements in document order."""
    root = tree.getroot()
    pis = [*root.itersiblings(etree.ProcessingInstruction, preceding=True),
           *root.iter(etree.ProcessingInstruction), *root.itersiblings(etree.ProcessingInstruction)]
    return [pi for pi in pis if pi.target == "xml-stylesheet"] + list(root.iter(*_LIVE_TAGS))


def published_copy(tree: etree._ElementTree, data: bytes) -> bytes:
    """The bytes to publish as `<doc-id>.xml`: the file as given when a browser opening it can run nothing,
    else a copy without what it could run.

    A browser that opens an XML file applies its `<?xml-stylesheet?>` (an XSLT stylesheet may write script
    into the site's origin) and renders XHTML, SVG and MathML elements live (`<h:script>`, `onload`). The
    copy keeps everything else: every xml-stylesheet processing instruction is dropped, and every element
    in one of those namespaces is written as text (its markup escaped, so it stays readable). The DOCTYPE
    goes too, since its entities are already expanded in the copy and its attribute defaults could declare
    a namespace again. Call it with the tree as parsed (before shared entries are resolved)."""
    if not _live_in_copy(tree):
        return data
    tree = copy.deepcopy(tree)
    root = tree.getroot()
    for node in _live_in_copy(tree):
        if node.getparent() is None:
            continue  # a PI before or after the root: left out when the copy is written below
        if node.getroottree().getroot() is not root:
            continue  # inside an element already written as text
        if isinstance(node, etree._ProcessingInstruction):
            remove_keeping_tail(node)
        else:
            _as_text(node)
    parts = [b'<?xml version="1.0" encoding="UTF-8"?>\n']
    for sibling in reversed(list(root.itersiblings(preceding=True))):
        if not _is_stylesheet_pi(sibling):
            parts.append(etree.tostring(sibling, encoding="UTF-8", with_tail=False) + b"\n")
    parts.append(etree.tostring(root, encoding="UTF-8", with_tail=False))
    for sibling in root.itersiblings():
        if not _is_stylesheet_pi(sibling):
            parts.append(b"\n" + etree.tostring(sibling, encoding="UTF-8", with_tail=False))
    return b"".join(parts) + b"\n"


def _is_stylesheet_pi(node: etree._Element) -> bool:
    return isinstance(node, etree._ProcessingInstruction) and node.target == "xml-stylesheet"


def _as_text(element: etree._Element) -> None:
    """Replace an element by its own markup as text (escaped when serialised)."""
    parent = element.getparent()
    if parent is None:
        return
    markup = etree.tostring(element, encoding="unicode", with_tail=False)
    tail, element.tail = element.tail, None
    text = markup + (tail or "")
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(element)
