"""Citable units, the register of published IDs, and the checks that keep published IDs working.

**What counts as a citable unit.** The document itself (the root `TEI`, whose `xml:id` is the document ID)
and every element inside `tei:text` that carries an `xml:id`. In this edition that is: sections (`div`),
headings (`head`), paragraphs (`p`, also the paragraphs inside block quotations, e.g. `.q1p1`), block
quotations (`cit`), notes (`note`), the title-page parts (`byline`, `docTitle`, `docDate`), the `closer`,
and editorial corrections (`choice`, the anchor of their apparatus entry). The rule is deliberately
simple: every `xml:id` in the text becomes an `id` in the HTML and a named destination in the PDF, so once
published someone may link to it; all of them are protected alike. Not registered: the entries of the
lists of persons, places and organisations (`standOff`) and header IDs — they are index anchors and
metadata, not passages of the text.

**The register** (`tei/published-ids.json`, committed beside the sources) holds, per text, every published
ID with its element type, paragraph number (`@n`), first words and the edition version
(`editionStmt/edition/@n`) in which it was first published. `--publish` adds new IDs with the current
version and refreshes number and first words of existing ones; it never changes an entry's type or
first-published version. An ID is retired only by an explicit `retired` entry naming its successor and
the reason; the HTML then keeps the old anchor (see `retired_anchors`).

**The checks** (`check_ids`), run by `build.py ids --check`, by `validate` and by every build:
errors — a published ID missing from its text, its element type changed, a published ID reused in another
text, a retired ID back in a source, a retired ID whose successor is missing; warnings — a changed
paragraph number or changed first words (citations by ¶ number or a reused ID may now point elsewhere),
and IDs not yet published (additions).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import orjson
from lxml import etree

from . import NS, TEI_DIR, TEI_NS, XML_NS, readings
from .decisions import text_url
from .errors import EditionError, Problem, display_path
from .readings import reading_text, reading_texts
from .xmlsafe import NotARegularFile, read_regular_file

XML_ID = f"{{{XML_NS}}}id"
REGISTER_PATH = TEI_DIR / "published-ids.json"
FIRST_WORDS = 8
REGISTER_ABOUT = (
    "Register of published citable IDs, one entry per ID, per text: element type, paragraph number (n), "
    "the edition version in which it was first published, and its first words. Written by "
    "`python build.py ids --publish`; never delete an entry. To retire an ID, add "
    "\"retired\": {\"successor\": ID, \"reason\": TEXT, \"version\": VERSION} to its entry "
    "(or run `python build.py ids --retire ID --successor ID --reason TEXT`)."
)


# ---------------------------------------------------------------------------------------------------------
# Citable units of a source
# ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CitableUnit:
    id: str
    type: str  # the element's local name: TEI, div, head, p, cit, note, choice, byline, …
    n: str  # @n, the number a reader sees ("" when the element has none)
    section: str  # xml:id of the nearest enclosing (or own) div; "" outside the body's divisions
    section_title: str  # that div's heading in the corrected reading; "" when it has none
    words: str  # the first words in the corrected reading
    line: int
    column: int


def _local(el: etree._Element) -> str:
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def first_words(text: str, count: int = FIRST_WORDS) -> str:
    tokens = text.split(maxsplit=count)  # the first `count` words, and the rest (if any) as one
    if len(tokens) <= count:
        return " ".join(tokens)
    return " ".join(tokens[:count]) + " …"


def _unit_text(el: etree._Element) -> str:
    return reading_text(el, "corrected", include_editorial_notes=_local(el) == "note")


def _unit_first_words(el: etree._Element, count: int = FIRST_WORDS) -> str:
    """first_words(_unit_text(el)), reading only as far into the element as the first words reach: the texts
    of its corrected reading (editorial notes only inside a note) are read until they hold more than `count`
    words; by then the first `count` are complete, and there are more (tests/test_ids.py compares both for
    every unit of the essay and of odd documents)."""
    name = _local(el)
    text = el.text
    if text and name != "milestone" and name not in readings._TRANSCRIBED_ONLY:
        words = text.split(maxsplit=count)  # the element's own first text holds more words than wanted:
        if len(words) > count:  # the first `count` are complete whatever follows it
            return " ".join(words[:count]) + " …"
    parts: list[str] = []
    size, next_look = 0, 16 * count
    # a generator stopped early (not a walk of closures that raises): 0.1 ms less a text (2026-12-08)
    for text in reading_texts(el, "corrected", include_editorial_notes=name == "note"):
        parts.append(text)
        size += len(text)
        if size >= next_look:  # look at what was read each time it has doubled
            next_look = 2 * size
            if len("".join(parts).split(maxsplit=count)) > count:
                break
    return first_words("".join(parts), count)


_ID_ATTRIBUTE = re.compile(r"""xml:id\s*=\s*(["'])(.*?)\1""")
# Within one line (str.splitlines), \s and . never meet a line break; in the whole text they must not either.
_ID_ATTRIBUTE_IN_LINE = re.compile(r"""xml:id[^\S\n]*=[^\S\n]*(["'])([^\n]*?)\1""")
_OTHER_LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # what str.splitlines() also ends a line at


def _id_positions(source: str) -> dict[str, tuple[int, int]]:
    """Where each `xml:id="…"` stands in the source text: id -> (line, column of the attribute)."""
    found: dict[str, tuple[int, int]] = {}
    if not any(ch in source for ch in _OTHER_LINE_BREAKS):  # lines end with \n only: one search through the text
        line, last = 1, 0
        for match in _ID_ATTRIBUTE_IN_LINE.finditer(source):
            start = match.start()
            line += source.count("\n", last, start)
            last = start
            found.setdefault(match.group(2), (line, start - source.rfind("\n", 0, start)))
        return found
    for number, line_text in enumerate(source.splitlines(), start=1):
        for match in _ID_ATTRIBUTE.finditer(line_text):
            found.setdefault(match.group(2), (number, match.start() + 1))
    return found


def _source_text(tree: etree._ElementTree, path: Path | None) -> str:
    candidates = [path] if path is not None else []
    url = tree.docinfo.URL
    if url and url.startswith("file:"):
        from urllib.parse import unquote, urlsplit
        candidates.append(Path(unquote(urlsplit(url).path)))
    for candidate in candidates:
        try:
            return candidate.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
    return ""


def _root(tree: etree._ElementTree | etree._Element) -> etree._Element:
    return tree.getroot() if isinstance(tree, etree._ElementTree) else tree


def document_id(tree: etree._ElementTree | etree._Element) -> str:
    return _root(tree).get(XML_ID, "")


def edition_version(tree: etree._ElementTree | etree._Element) -> str:
    found = _root(tree).xpath("tei:teiHeader/tei:fileDesc/tei:editionStmt/tei:edition/@n", namespaces=NS)
    return str(found[0]).strip() if found else ""


def citable_units(tree: etree._ElementTree | etree._Element, path: Path | str | None = None, *,
                  source: bytes | None = None) -> list[CitableUnit]:
    """Every citable unit of a TEI document, in document order (the document itself first). `source`: the
    file's bytes when the caller has them (else the file is read for the places of the IDs)."""
    root = _root(tree)
    if source is not None:
        text = _decoded(source)
    else:
        text = _source_text(root.getroottree(), Path(path) if path is not None else None)
    return _citable_units(root, _id_positions(text) if text else {})


def _decoded(source: bytes) -> str:
    """The bytes as _source_text reads a file: UTF-8, line ends as written (splitlines reads all kinds), ""
    when not UTF-8."""
    try:
        return source.decode("utf-8")
    except UnicodeDecodeError:
        return ""


_MAIN_TITLE = etree.XPath("string(tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type='main'] | "
                          "tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[1])", namespaces=NS)
_IDS_BELOW = etree.XPath("descendant-or-self::*/@xml:id")  # the elements with an xml:id: in document order


def _citable_units(root: etree._Element, positions: dict[str, tuple[int, int]]) -> list[CitableUnit]:
    """citable_units(), with the places of the xml:id attributes given (units not in it: line of the element)."""
    units: list[CitableUnit] = []
    text = root.find(f"{{{TEI_NS}}}text")
    title = _MAIN_TITLE(root)
    elements = [root] + ([value.getparent() for value in _IDS_BELOW(text) if value] if text is not None else [])
    sections: dict[etree._Element, tuple[str, str]] = {}  # div -> (its xml:id, its heading)
    for el in elements:
        uid = el.get(XML_ID)
        if not uid:
            continue
        section_el = el if _local(el) == "div" else next(el.iterancestors("{*}div"), None)  # a div of any namespace
        section, section_title = "", ""
        if section_el is not None:
            if section_el not in sections:
                head = section_el.find(f"{{{TEI_NS}}}head")
                sections[section_el] = (section_el.get(XML_ID, ""), _unit_text(head) if head is not None else "")
            section, section_title = sections[section_el]
        words = first_words(" ".join(str(title).split())) if el is root else _unit_first_words(el)
        line, column = positions.get(uid, (el.sourceline or 1, 1))
        units.append(CitableUnit(
            id=uid, type=_local(el), n=(el.get("n") or "").strip(), section=section,
            section_title=section_title, words=words, line=line, column=column,
        ))
    return units


# ---------------------------------------------------------------------------------------------------------
# The register
# ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Retirement:
    successor: str
    reason: str
    version: str


@dataclass(frozen=True)
class RegisteredId:
    id: str
    type: str
    n: str
    words: str
    first_published: str
    retired: Retirement | None = None

    def as_json(self) -> dict:
        data: dict = {"type": self.type}
        if self.n:
            data["n"] = self.n
        data["first_published"] = self.first_published
        data["words"] = self.words
        if self.retired is not None:
            data["retired"] = {"successor": self.retired.successor, "reason": self.retired.reason,
                               "version": self.retired.version}
        return data


@dataclass
class Register:
    path: Path
    texts: dict[str, dict[str, RegisteredId]] = field(default_factory=dict)  # doc id -> id -> entry
    _owners: dict[str, str] | None = field(default=None, repr=False, compare=False)  # id -> doc id, made on need

    @property
    def shown(self) -> str:
        return display_path(self.path)

    def owner(self, uid: str) -> str | None:
        """The text for which `uid` was published, if any (one look-up: a corpus's register holds tens of
        thousands of IDs, and every citable unit of every text is asked about)."""
        if self._owners is None:
            owners: dict[str, str] = {}
            for doc_id, entries in self.texts.items():
                for key in entries:
                    owners.setdefault(key, doc_id)
            self._owners = owners
        return self._owners.get(uid)

    def changed(self) -> None:
        """Say that `texts` changed (IDs published or retired): `owner()` looks again."""
        self._owners = None

    def line_of(self, key: str) -> int:
        """The line of `"key":` in the register file, for messages (1 when not found)."""
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except OSError:
            return 1
        needle = json.dumps(key, ensure_ascii=False) + ":"
        return next((i for i, line in enumerate(lines, start=1) if line.lstrip().startswith(needle)), 1)

    def dumps(self) -> str:
        """The register as JSON: one entry per line, texts sorted by ID, entries in document order."""
        out = ["{", f'  "about": {json.dumps(REGISTER_ABOUT, ensure_ascii=False)},', '  "texts": {']
        text_blocks = []
        for doc_id in sorted(self.texts):
            rows = [f"      {json.dumps(uid, ensure_ascii=False)}: "
                    f"{json.dumps(entry.as_json(), ensure_ascii=False)}"
                    for uid, entry in self.texts[doc_id].items()]
            body = ",\n".join(rows)
            text_blocks.append(f"    {json.dumps(doc_id, ensure_ascii=False)}: {{\n{body}\n    }}"
                               if rows else f"    {json.dumps(doc_id, ensure_ascii=False)}: {{}}")
        out.append(",\n".join(text_blocks))
        out += ["  }", "}"]
        return "\n".join(line for line in out if line) + "\n"

    def save(self) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(self.dumps(), encoding="utf-8")
        tmp.replace(self.path)


def _register_problem(shown: str, line: int, msg: str, column: int = 1) -> EditionError:
    return EditionError(msg, [Problem(shown, line, column, "error", "ids.register", msg)])


MAX_REGISTER_BYTES = 512 * 1024 * 1024  # ≈ 150 bytes an ID: millions of IDs


def load_register(path: Path | str = REGISTER_PATH) -> Register:
    """Read the register; a missing file is an empty register. Malformed content raises EditionError."""
    p = Path(path)
    register = Register(p)
    shown = register.shown
    try:
        raw_bytes = read_regular_file(p, MAX_REGISTER_BYTES)
    except FileNotFoundError:
        return register
    except NotARegularFile as exc:
        raise _register_problem(shown, 0, f"the register {exc.args[0]} — it is a JSON file "
                                          f"(tei/published-ids.json): restore it from version control",
                                0) from None
    except OSError as exc:
        raise _register_problem(shown, 0, f"the register cannot be read ({exc.strerror or exc}) — check that it "
                                          f"is a readable file", 0) from None
    try:
        raw = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw_bytes.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw_bytes.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _register_problem(shown, line, "the register is not UTF-8 (it was saved in another encoding) — save "
                                             "it as UTF-8, or restore it from version control", column) from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise _register_problem(shown, exc.lineno, f"the register is not valid JSON ({exc.msg}) — fix the "
                                                   f"syntax, or restore it from version control", exc.colno) from None
    except RecursionError:
        raise _register_problem(shown, 1, "the register nests its values too deeply to be read (the register has "
                                          "three levels: texts, IDs, their details) — restore it from version "
                                          "control", 1) from None
    texts = data.get("texts") if isinstance(data, dict) else None
    if not isinstance(texts, dict):
        raise _register_problem(shown, 1, 'the register has no "texts" object — restore it from version control')
    for doc_id, entries in texts.items():
        if not isinstance(entries, dict):
            raise _register_problem(shown, register.line_of(doc_id),
                                    f"the entry for text {doc_id!r} must be an object of IDs")
        parsed: dict[str, RegisteredId] = {}
        for uid, entry in entries.items():
            fix = (f"the register entry for {uid!r} must be an object with \"type\" and \"first_published\" "
                   f"strings — restore it from version control")
            if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) and entry.get(k)
                                                      for k in ("type", "first_published")):
                raise _register_problem(shown, register.line_of(uid), fix)
            retired = entry.get("retired")
            retirement = None
            if retired is not None:
                if not isinstance(retired, dict) or not all(isinstance(retired.get(k), str) and retired.get(k)
                                                            for k in ("successor", "reason")):
                    raise _register_problem(
                        shown, register.line_of(uid),
                        f"the retirement of {uid!r} must name a \"successor\" ID and give a \"reason\" — "
                        f"e.g. \"retired\": {{\"successor\": \"{doc_id}.p13\", \"reason\": \"merged with the "
                        f"next paragraph\", \"version\": \"1.1\"}}")
                retirement = Retirement(retired["successor"], retired["reason"], str(retired.get("version", "")))
            parsed[uid] = RegisteredId(uid, entry["type"], str(entry.get("n", "")), str(entry.get("words", "")),
                                       entry["first_published"], retirement)
        register.texts[doc_id] = parsed
    register.changed()
    return register


def resolve_successor(register: Register, uid: str) -> str | None:
    """Follow a retired ID's successors to the ID that stands for it now; None on a cycle."""
    seen = {uid}
    doc_id = register.owner(uid)
    current = uid
    while True:
        entry = register.texts.get(doc_id or "", {}).get(current)
        if entry is None or entry.retired is None:
            return current
        current = entry.retired.successor
        if current in seen:
            return None
        seen.add(current)
        doc_id = register.owner(current) or doc_id


def retired_anchors(doc_id: str, register: Register | None = None) -> list[tuple[str, str, str]]:
    """(old_id, successor_id, reason) for every retired ID of a text, the successor resolved to a live ID.

    The HTML edition keeps each old anchor working by placing an empty element with `id=old_id`
    immediately before the successor (e.g. `<span id="OLD" class="retired-anchor"></span>`), so `#OLD`
    opens at the successor; the PDF may do the same with a named destination.
    """
    register = register if register is not None else load_register()
    anchors = []
    for uid, entry in register.texts.get(doc_id, {}).items():
        if entry.retired is not None:
            successor = resolve_successor(register, uid)
            if successor:
                anchors.append((uid, successor, entry.retired.reason))
    return anchors


# ---------------------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------------------

@dataclass
class _Text:
    doc_id: str
    shown: str
    tree: etree._ElementTree
    units: list[CitableUnit]

    @cached_property
    def by_id(self) -> dict[str, CitableUnit]:
        return {u.id: u for u in self.units}


def _texts(trees_by_path: Mapping[Path | str, etree._ElementTree | etree._Element],
           units: Mapping[Path | str, Sequence[CitableUnit]] | None = None) -> list[_Text]:
    texts = []
    for key, tree in trees_by_path.items():
        shown = display_path(key) if isinstance(key, Path) else str(key)
        path = Path(key)
        root = _root(tree)
        doc_id = root.get(XML_ID, "")
        if not doc_id:
            continue  # not a document of this edition: the schema reports the missing document ID
        found = units.get(key) if units is not None else None
        if found is None:
            found = citable_units(root, path if path.exists() else None)
        texts.append(_Text(doc_id, shown, root.getroottree(), list(found)))
    return texts


def _describe(entry: RegisteredId) -> str:
    number = f", ¶ {entry.n}" if entry.n else ""
    words = f", “{entry.words}”" if entry.words else ""
    return f"{entry.type}{number}{words}, first published in {entry.first_published}"


def check_ids(
    trees_by_path: Mapping[Path | str, etree._ElementTree | etree._Element],
    register: Register | None = None,
    *,
    complete: bool = False,
    units: Mapping[Path | str, Sequence[CitableUnit]] | None = None,
) -> list[Problem]:
    """Check the sources' citable IDs against the register of published IDs.

    `trees_by_path`: parsed TEI documents keyed by their path (a Path, or the path as displayed).
    `register`: defaults to `tei/published-ids.json`. `complete=True` says the sources are the whole
    corpus, so a registered text without a source is an error too. `units`: the texts' citable units
    (`citable_units(tree, path)`) when the caller has them already, by the same keys — a build finds them
    once per text, for this check and for ids.json.
    Returns problems: errors break published citations; warnings are changes and additions.
    """
    register = register if register is not None else load_register()
    texts = _texts(trees_by_path, units)
    problems: list[Problem] = []
    seen_docs: dict[str, _Text] = {}
    for text in texts:
        if text.doc_id in seen_docs:
            other = seen_docs[text.doc_id]
            problems.append(Problem(text.shown, text.units[0].line, text.units[0].column, "error", "ids.duplicate-text",
                                    f"document ID {text.doc_id!r} is also the ID of {other.shown} — every text "
                                    f"needs its own document ID (and file name)"))
            continue
        seen_docs[text.doc_id] = text
        problems += _check_text(text, register)
    if complete:
        for doc_id in sorted(register.texts):
            if doc_id not in seen_docs and any(e.retired is None for e in register.texts[doc_id].values()):
                problems.append(Problem(
                    register.shown, register.line_of(doc_id), 1, "error", "ids.text-missing",
                    f"text {doc_id!r} was published but has no source (tei/{doc_id}.xml) — restore it; "
                    f"published texts and their IDs are never withdrawn"))
    return problems


_Report = Callable[[CitableUnit, str, str, str], None]  # (unit, severity, rule, message): a problem at the unit


def _check_text(text: _Text, register: Register) -> list[Problem]:
    problems: list[Problem] = []
    published = register.texts.get(text.doc_id, {})

    def at(unit: CitableUnit, severity: str, rule: str, msg: str) -> None:
        problems.append(Problem(text.shown, unit.line, unit.column, severity, rule, msg))

    new_ids = [u for u in text.units if u.id not in published]
    for uid, entry in published.items():
        unit = text.by_id.get(uid)
        if entry.retired is not None:
            problems += _check_retired(text, register, uid, entry, unit, at)
        elif unit is None:
            _report_missing(text, register, uid, entry, new_ids, at)
        else:
            _check_unchanged(uid, entry, unit, at)
    _check_new(text, register, new_ids, bool(published), at)
    return sorted(problems, key=lambda p: (p.severity != "error", p.line, p.column))


def _check_retired(text: _Text, register: Register, uid: str, entry: RegisteredId, unit: CitableUnit | None,
                   at: _Report) -> list[Problem]:
    """A retired ID is not back in the source, and its chain of successors ends in the text; the problems of
    the register itself are returned (they stand at its line), the others reported with `at`."""
    if unit is not None:
        at(unit, "error", "ids.retired-reused",
           f"ID {uid!r} was retired in {entry.retired.version or 'an earlier version'} "
           f"({entry.retired.reason}); a retired ID is never used again — give this {unit.type} a new ID")
    successor = resolve_successor(register, uid)
    if successor is None or (register.owner(successor) in (text.doc_id, None) and successor not in text.by_id):
        return [Problem(
            register.shown, register.line_of(uid), 1, "error", "ids.successor-missing",
            f"retired ID {uid!r} leads to {entry.retired.successor!r}, which is "
            f"{'part of a cycle of retirements' if successor is None else 'not in ' + text.shown} — "
            f"name a successor that exists in the text")]
    return []


def _report_missing(text: _Text, register: Register, uid: str, entry: RegisteredId, new_ids: list[CitableUnit],
                    at: _Report) -> None:
    """A published ID gone from the source: reported after the nearest earlier published ID still present."""
    keys = list(register.texts[text.doc_id])
    where = next((text.by_id[e] for e in reversed(keys[: keys.index(uid)]) if e in text.by_id), text.units[0])
    candidates = [u.id for u in new_ids if u.type == entry.type and entry.words and u.words == entry.words]
    hint = f"; it looks renamed to {candidates[0]!r}, but a published ID never changes" if candidates else ""
    at(where, "error", "ids.missing",
       f"published ID {uid!r} ({_describe(entry)}) is missing from the source; it stood after "
       f"{where.id!r}{hint} — restore it, or retire it in {register.shown} with a successor and a reason")


def _check_unchanged(uid: str, entry: RegisteredId, unit: CitableUnit, at: _Report) -> None:
    """A published ID keeps its element type; a changed number or first words are warnings."""
    if unit.type != entry.type:
        at(unit, "error", "ids.type-changed",
           f"published ID {uid!r} was a {entry.type} and is now a {unit.type} — a published ID keeps its "
           f"element type: restore the <{entry.type}>, or give the <{unit.type}> a new ID and retire {uid!r}")
        return
    if entry.n != unit.n:
        at(unit, "warning", "ids.number-changed",
           f"the number of {uid!r} changed from {entry.n or 'none'} to {unit.n or 'none'} since it was "
           f"published — citations by ¶ number now point elsewhere; keep the published numbers if you can")
    if entry.words and unit.words != entry.words:
        at(unit, "warning", "ids.words-changed",
           f"{uid!r} now begins “{unit.words}”, not “{entry.words}” as published — fine for a correction; "
           f"if this is a different passage, give it a new ID and retire {uid!r}")


def _check_new(text: _Text, register: Register, new_ids: list[CitableUnit], has_published: bool,
               at: _Report) -> None:
    """IDs not yet published: an error when another text published them, else listed as additions."""
    for unit in new_ids:
        owner = register.owner(unit.id)
        if owner is not None and owner != text.doc_id:
            entry = register.texts[owner][unit.id]
            at(unit, "error", "ids.reused",
               f"ID {unit.id!r} is already published for text {owner!r} ({_describe(entry)}) — an ID names one "
               f"passage of one text: give this {unit.type} an ID of its own text, "
               f"e.g. {text.doc_id + '.' + unit.id.split('.', 1)[-1]!r}")
    additions = [u for u in new_ids if register.owner(u.id) is None]
    if additions and not has_published:
        at(text.units[0], "warning", "ids.new",
           f"text {text.doc_id!r} is not yet in the register: {len(additions)} citable IDs "
           f"({additions[0].id} … {additions[-1].id}) — `python build.py ids --publish` records them for "
           f"version {edition_version(text.tree) or '(no editionStmt/edition/@n)'}")
    else:
        for unit in additions:
            at(unit, "warning", "ids.new",
               f"new {unit.type} {unit.id!r}{' (¶ ' + unit.n + ')' if unit.n else ''} is not yet published — "
               f"`python build.py ids --publish` records it when this version is released")


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


# ---------------------------------------------------------------------------------------------------------
# Publishing and retiring
# ---------------------------------------------------------------------------------------------------------

@dataclass
class PublishResult:
    added: dict[str, list[str]] = field(default_factory=dict)  # doc id -> IDs published now
    refreshed: dict[str, list[str]] = field(default_factory=dict)  # doc id -> IDs whose n/words were updated
    versions: dict[str, str] = field(default_factory=dict)  # doc id -> version recorded


def publish(
    trees_by_path: Mapping[Path | str, etree._ElementTree | etree._Element],
    register: Register,
) -> PublishResult:
    """Record every current ID of the given texts as published for each text's edition version.

    Refuses (EditionError) while the check finds errors or a text is a draft. Existing entries keep their type and
    first-published version; their number and first words are refreshed to the current source.
    Writes the register file.
    """
    problems = check_ids(trees_by_path, register)
    texts = _texts(trees_by_path)
    for text in texts:
        if not edition_version(text.tree):
            u = text.units[0]
            problems.append(Problem(text.shown, u.line, u.column, "error", "ids.no-version",
                                    "the text has no edition version (teiHeader/fileDesc/editionStmt/edition/@n) "
                                    "— add one, e.g. <edition n=\"1.0\">, before publishing"))
        draft = _draft_status(text.tree)
        if draft is not None:
            problems.append(Problem(text.shown, draft.sourceline or 1, 1, "error", "ids.draft",
                                    "the text is an unreviewed draft (revisionDesc status=\"draft\"), and the IDs "
                                    "of a draft are not citable yet — have an editor review it, supply what "
                                    "`build.py validate` reports as draft warnings, remove status=\"draft\", then "
                                    "publish"))
    errors = errors_in(problems)
    if errors:
        raise EditionError("nothing published: fix the errors above first (`python build.py ids --check`)", errors)
    result = PublishResult()
    for text in texts:
        version = edition_version(text.tree)
        result.versions[text.doc_id] = version
        old = register.texts.get(text.doc_id, {})
        merged: dict[str, RegisteredId] = dict(old)
        added, refreshed = [], []
        for unit in text.units:
            entry = old.get(unit.id)
            if entry is None:
                merged[unit.id] = RegisteredId(unit.id, unit.type, unit.n, unit.words, version)
                added.append(unit.id)
            elif (entry.n, entry.words) != (unit.n, unit.words):
                merged[unit.id] = RegisteredId(unit.id, entry.type, unit.n, unit.words, entry.first_published,
                                               entry.retired)
                refreshed.append(unit.id)
        register.texts[text.doc_id] = _in_document_order(merged, old, [u.id for u in text.units])
        register.changed()
        result.added[text.doc_id] = added
        result.refreshed[text.doc_id] = refreshed
    register.save()
    return result


def _draft_status(tree: etree._ElementTree | etree._Element) -> etree._Element | None:
    """The revisionDesc of a text marked as a draft (status="draft"), else None."""
    found = tree.xpath("/tei:TEI/tei:teiHeader/tei:revisionDesc[@status = 'draft']", namespaces={"tei": TEI_NS})
    return found[0] if found else None


def _in_document_order(merged: dict[str, RegisteredId], old: dict[str, RegisteredId],
                       order: list[str]) -> dict[str, RegisteredId]:
    """Keep the register's order; put each new ID after the nearest earlier ID of the source."""
    keys = list(old)
    for index, uid in enumerate(order):
        if uid in keys:
            continue
        earlier = next((order[j] for j in range(index - 1, -1, -1) if order[j] in keys), None)
        keys.insert(keys.index(earlier) + 1 if earlier is not None else 0, uid)
    return {uid: merged[uid] for uid in keys}


def retire(register: Register, tree: etree._ElementTree | etree._Element, shown: str,
           old_id: str, successor: str, reason: str) -> RegisteredId:
    """Retire a published ID of the text `tree` in favour of `successor`; writes the register."""
    doc_id = document_id(tree)
    entry = register.texts.get(doc_id, {}).get(old_id)

    def fail(msg: str) -> EditionError:
        return EditionError(msg, [Problem(shown, 1, 1, "error", "ids.retire", msg)])

    if entry is None:
        raise fail(f"{old_id!r} is not a published ID of text {doc_id!r} — only published IDs are retired; "
                   f"an unpublished ID can simply be changed")
    if entry.retired is not None:
        raise fail(f"{old_id!r} is already retired (successor {entry.retired.successor!r})")
    if not reason.strip():
        raise fail("give the reason for retiring the ID with --reason")
    units = {u.id for u in citable_units(tree)}
    if old_id in units:
        raise fail(f"{old_id!r} is still in the source — remove it from the text before retiring it")
    if successor not in units:
        raise fail(f"the successor {successor!r} is not an ID of {shown} — name an ID that exists in the text")
    retired = RegisteredId(entry.id, entry.type, entry.n, entry.words, entry.first_published,
                           Retirement(successor, " ".join(reason.split()), edition_version(tree)))
    register.texts[doc_id][old_id] = retired
    register.changed()
    register.save()
    return retired


# ---------------------------------------------------------------------------------------------------------
# Stable URLs and the per-text map (ids.json)
# ---------------------------------------------------------------------------------------------------------

def ids_map(tree: etree._ElementTree | etree._Element, base_url: str,
            register: Register | None = None, units: Sequence[CitableUnit] | None = None) -> dict:
    """The machine-readable map of a text's citable units (the content of ids.json); `units`: the text's
    citable units when the caller has them already (from the source, or a copy with shared entries added:
    the text, its IDs and numbers are the same)."""
    register = register if register is not None else load_register()
    doc_id = document_id(tree)
    published = register.texts.get(doc_id, {})
    if units is None:
        units = _citable_units(_root(tree), {})  # the map has no use for places in the source: not read again
    return {
        "doc_id": doc_id,
        "edition_version": edition_version(tree),
        "url": text_url(doc_id, base_url),
        "urls": ("absolute" if base_url else "relative to this file (the text's folder of the site); "
                 "no base URL is configured"),
        "units": [
            {
                "id": u.id,
                "type": u.type,
                "number": u.n or None,
                "section": u.section or None,
                "section_title": u.section_title or None,
                "url": text_url(doc_id, base_url, u.id),
                "first_words": u.words,
                "first_published": published[u.id].first_published if u.id in published else None,
            }
            for u in units
        ],
        "retired": [
            {"id": old, "successor": new, "reason": reason, "url": text_url(doc_id, base_url, old)}
            for old, new, reason in retired_anchors(doc_id, register)
        ],
    }


def ids_json_bytes(tree: etree._ElementTree | etree._Element, base_url: str, register: Register | None = None,
                   units: Sequence[CitableUnit] | None = None) -> bytes:
    """The content of a text's `ids.json`."""
    # orjson: the bytes json.dumps(indent=2) gives (pure Python with indent): 0.49 → 0.06 ms a text (2026-12-08)
    return orjson.dumps(ids_map(tree, base_url, register, units), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
