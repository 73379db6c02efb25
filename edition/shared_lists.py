"""Shared lists of persons, places, organisations and cited works: one entry, many texts.

A corpus names the same people again and again. Instead of every text keeping its own entry for Trotsky,
the entry may live once in a *shared list*, a TEI file in `tei/shared/`:

    <TEI xmlns="http://www.tei-c.org/ns/1.0" type="shared-lists">
      <teiHeader>…</teiHeader>
      <standOff>
        <listPerson><person xml:id="trotsky"><persName>Leon Trotsky</persName><note>…</note></person></listPerson>
        <listPlace>…</listPlace>  <listOrg>…</listOrg>  <listBibl>…</listBibl>
      </standOff>
    </TEI>

A text points to a shared entry with an ordinary URI reference, relative to the text's own file:

    <persName ref="shared/names.xml#trotsky">Trotsky</persName>      (in tei/<doc-id>.xml)

Pointers to the text's own entries (`ref="#trotsky"`) keep working; both kinds may be mixed. The root's
`type="shared-lists"` tells a shared list from a text, and the folder keeps it out of `tei/*.xml`, the
set of texts. Pointer attributes that may reach a shared entry: @ref, @resp, @who, @corresp, @source.

- `shared_pointers(tree, path)` finds the pointers into shared lists; `check_shared_pointers` reports
  those that do not resolve (no such file, not a shared list, no such entry, the wrong kind of entry, an
  entry that clashes with one of the text's own) as `Problem`s with line and column.
- `resolve_shared(tree, path)` gives a copy of the text in which every shared pointer is a local one
  (`#trotsky`) and the entries it reaches are copied into the text's `standOff`; the stylesheets, the
  header model and the indexes then treat them like the text's own entries. The source file itself is
  never changed, and is published as it is.
- `check_shared_pointers` and `resolve_shared` take the text's pointers (`pointers=`, from
  `shared_pointers`) when the caller has found them already: a build finds them once per text.
- `shared_list_problems(path)` checks a shared list file itself.

Index pages merge entries by their `xml:id` across all texts, so a shared entry and the entries of texts
that point to it form one entry of the index.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from lxml import etree

from . import TEI_NS, XML_NS
from .errors import EditionError, Problem, display_path
from .urls import POINTER_ATTRIBUTES as LINK_ATTRIBUTES
from .xmlsafe import NotARegularFile, parse_bytes, read_regular_file, visible

SHARED_TYPE = "shared-lists"
SHARED_FOLDER = "shared"
POINTER_ATTRIBUTES = ("ref", "resp", "who", "corresp", "source")
XML_ID = f"{{{XML_NS}}}id"
T = f"{{{TEI_NS}}}"

# Entry elements a shared list may hold, by the list they belong in.
ENTRY_LISTS = {"person": "listPerson", "personGrp": "listPerson", "place": "listPlace", "org": "listOrg",
               "bibl": "listBibl", "biblStruct": "listBibl"}
# What a pointer from an element (or attribute) must reach; absent: any entry.
EXPECTED_KINDS = {
    ("persName", "ref"): ("person", "personGrp"),
    ("placeName", "ref"): ("place",),
    ("orgName", "ref"): ("org",),
    (None, "resp"): ("person", "personGrp", "org"),
    (None, "who"): ("person", "personGrp", "org"),
    (None, "source"): ("bibl", "biblStruct"),
}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


# --- the shared list files ---------------------------------------------------------------------------

@dataclass
class SharedList:
    """One shared list file, parsed once: its entries by xml:id."""

    path: Path
    shown: str
    root: etree._Element | None
    entries: dict[str, etree._Element]
    problem: str = ""  # why the file cannot serve as a shared list ("" when it can)
    _digests: dict[str, str] = field(default_factory=dict)
    _links: dict[str, list[str]] = field(default_factory=dict)

    def entry_links(self, entry_id: str) -> list[str]:
        """The ids an entry points to within its own list (`#id` pointers, in document order)."""
        links = self._links.get(entry_id)
        if links is None:
            tokens = _pointer_tokens(pointer_attributes(self.entries[entry_id]))
            links = self._links[entry_id] = [token[1:] for _el, _attr, token in tokens
                                             if token.startswith("#") and len(token) > 1]
        return links

    def entry_digest(self, entry_id: str) -> str:
        """A hash of one entry as written (changes when its name, note or anything inside changes)."""
        digest = self._digests.get(entry_id)
        if digest is None:
            entry = self.entries.get(entry_id)
            digest = "missing" if entry is None else hashlib.sha256(etree.tostring(entry, method="c14n")).hexdigest()
            self._digests[entry_id] = digest
        return digest


MAX_SHARED_BYTES = 64 * 1024 * 1024  # a shared list of 100,000 persons is about 30 MB


class Refused(type(Path())):
    """The file a pointer names, when a pointer may not reach it (outside tei/shared/, an unusable name):
    never opened. `reason` says why, the same whatever is (or is not) at that place."""

    reason = ""


_cache: dict[Path, tuple[tuple[int, int], SharedList]] = {}  # a list read once, not per text: ≈ 0.3 ms a text and list


def load_shared_list(path: Path, *, resolved: bool = False) -> SharedList:
    """The shared list at `path` (cached per process while the file is unchanged). `resolved`: the path is
    absolute with its links resolved already (a SharedPointer's file), so it is not resolved again. A path
    a pointer may not reach (`Refused`) is never opened; any other is read only if it is a regular file of
    at most MAX_SHARED_BYTES."""
    if isinstance(path, Refused):
        return SharedList(path, display_path(path), None, {}, path.reason)
    path = path if resolved else Path(path).resolve()
    try:
        stat = path.stat()
    except (OSError, ValueError):
        return SharedList(path, display_path(path), None, {}, "does not exist")
    key = (stat.st_mtime_ns, stat.st_size)
    cached = _cache.get(path)
    if cached is not None and cached[0] == key:
        return cached[1]
    shown = display_path(path)
    try:
        data = read_regular_file(path, MAX_SHARED_BYTES)
        tree = parse_bytes(data, shown, base_url=path.as_uri())
    except NotARegularFile as exc:
        result = SharedList(path, shown, None, {}, str(exc.args[0]))
    except (EditionError, OSError) as exc:
        result = SharedList(path, shown, None, {}, f"cannot be read as XML ({getattr(exc, 'message', exc)})")
    else:
        root = tree.getroot()
        if root.tag != f"{T}TEI" or root.get("type") != SHARED_TYPE:
            result = SharedList(path, shown, root, {}, f'is not a shared list (its root must be <TEI '
                                                       f'type="{SHARED_TYPE}"> in the TEI namespace)')
        else:
            entries = {el.get(XML_ID): el for el in root.iter(*(T + name for name in ENTRY_LISTS))
                       if el.get(XML_ID)}
            result = SharedList(path, shown, root, entries)
    _cache[path] = (key, result)
    return result


def shared_list_files(tei_dir: Path) -> list[Path]:
    """The shared list files of a corpus: `<tei_dir>/shared/*.xml`."""
    folder = Path(tei_dir) / SHARED_FOLDER
    return sorted(p for p in folder.glob("*.xml") if p.is_file()) if folder.is_dir() else []


def shared_list_problems(path: Path) -> list[Problem]:
    """What is wrong with a shared list file itself (empty when it is usable)."""
    shared = load_shared_list(path)
    if shared.problem:
        return [Problem(shared.shown, 1, 1, "error", "shared.file",
                        f"this file {shared.problem} — a shared list is a TEI file with <TEI type=\"{SHARED_TYPE}\">, a "
                        f"<teiHeader> and a <standOff> holding listPerson, listPlace, listOrg or listBibl")]
    problems = []
    root = shared.root
    if root.find(f"{T}teiHeader") is None:
        problems.append(Problem(shared.shown, root.sourceline or 1, 1, "error", "shared.header",
                                "the shared list has no <teiHeader> — add one with a title, the publisher "
                                "and a source description"))
    seen: dict[str, int] = {}
    for el in root.iter():
        eid = el.get(XML_ID) if isinstance(el.tag, str) else None
        if eid is None:
            continue
        if eid in seen:
            problems.append(Problem(shared.shown, el.sourceline or 1, 1, "error", "shared.id-unique",
                                    f"the xml:id {eid!r} is used twice in the shared list (first on line "
                                    f"{seen[eid]}) — give each entry its own identifier"))
        seen.setdefault(eid, el.sourceline or 1)
    for eid, entry in shared.entries.items():
        if not _entry_name(entry):
            problems.append(Problem(shared.shown, entry.sourceline or 1, 1, "error", "shared.entry-name",
                                    f"the entry {eid!r} has no name — give it a persName, placeName, orgName "
                                    f"or title as its first child"))
    for el, attribute, token in _pointer_tokens(pointer_attributes(root)):
        if token.startswith("#") and token[1:] not in seen:
            problems.append(Problem(shared.shown, el.sourceline or 1, 1, "error", "shared.pointer",
                                    f"{attribute}=\"{token}\" points to no xml:id of the shared list — correct "
                                    f"the pointer or add the entry"))
    return problems


def _entry_name(entry: etree._Element) -> str:
    for child in entry:
        if _local(child) in ("persName", "placeName", "orgName", "name", "title", "author"):
            return " ".join("".join(child.itertext()).split())
    return ""


# --- pointers from a text ----------------------------------------------------------------------------

class SharedPointer(NamedTuple):  # (a text has hundreds: a tuple is made several times faster than a dataclass)
    element: etree._Element
    attribute: str
    token: str  # as written, e.g. "shared/names.xml#trotsky"
    file: Path  # the shared list it reaches (resolved)
    entry_id: str


_ATTRIBUTE_ORDER = {name: i for i, name in enumerate(POINTER_ATTRIBUTES)}
PointerAttributes = list[tuple[etree._Element, str, str]]  # (element, attribute name, value)


def pointer_attributes(root: etree._Element) -> PointerAttributes:
    """Every attribute of the text that points (edition.urls.POINTER_ATTRIBUTES, by local name) or is pointed to
    (xml:id), in document order: found in one walk for the pointers into shared lists, the check of links
    (edition.validate.source_hazards) and the text's xml:ids (text_ids, edition.validate.id_holders), which each
    walked the text for theirs (1.08 → 0.54 ms a text, 2026-12-08)."""
    return [(element, name, value) for element in root.iter(etree.Element) for name, value in element.items()
            if name == XML_ID or name.rpartition("}")[2] in LINK_ATTRIBUTES]


def _pointer_tokens(attributes: PointerAttributes) -> list[tuple[etree._Element, str, str]]:
    """(element, attribute, token) for every token of every attribute of POINTER_ATTRIBUTES (no namespace),
    elements in document order and an element's attributes in the order of POINTER_ATTRIBUTES."""
    found: list[tuple[etree._Element, str, str]] = []
    run: list[tuple[str, str]] = []  # the pointer attributes of one element: (name, value)
    run_element = None
    for el, name, value in attributes:
        if name not in _ATTRIBUTE_ORDER:
            continue
        if el is not run_element:
            if run:
                _run_tokens(found, run_element, run)
            run_element, run = el, []
        run.append((name, value))
    if run:
        _run_tokens(found, run_element, run)
    return found


def _run_tokens(found: list[tuple[etree._Element, str, str]], el: etree._Element, run: list[tuple[str, str]]) -> None:
    if len(run) > 1:
        run.sort(key=lambda item: _ATTRIBUTE_ORDER[item[0]])
    for attribute, value in run:
        found += [(el, attribute, token) for token in value.split()]


def is_shared_pointer(token: str) -> bool:
    """A relative URI reference into another XML file: `path/file.xml#id`."""
    if token.startswith(("#", "/")) or "#" not in token or _SCHEME.match(token):
        return False
    path, _, fragment = token.partition("#")
    return bool(fragment) and unquote(path).lower().endswith(".xml")


def _base_dir(tree: etree._ElementTree | etree._Element, source_path: Path | None) -> Path | None:
    if source_path is not None:
        return Path(source_path).resolve().parent
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    url = root.getroottree().docinfo.URL
    if url and url.startswith("file:"):
        return Path(unquote(urlsplit(url).path)).parent
    return None


def shared_pointers(tree: etree._ElementTree | etree._Element, source_path: Path | None = None, *,
                    base: Path | None = None, attributes: PointerAttributes | None = None) -> list[SharedPointer]:
    """Every pointer of the text into a shared list, in document order. `base`: the folder of the source,
    resolved (`source_path.resolve().parent`), and `attributes`: pointer_attributes(tree), when the caller
    has them."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    if base is None:
        base = _base_dir(root, source_path)
    files: dict[str, Path] = {}
    targets: dict[str, tuple[Path, str] | None] = {}  # token → (shared list, entry id); None: not shared
    found = []
    for el, attribute, token in _pointer_tokens(attributes if attributes is not None else pointer_attributes(root)):
        target = targets.get(token, _UNSEEN)
        if target is _UNSEEN:
            target = targets[token] = _target(token, base, files)
        if target is not None:
            found.append(SharedPointer(el, attribute, token, *target))
    return found


_UNSEEN = object()
# The xml:ids are only compared: plain strings, not lxml's smart ones (0.10 → 0.07 ms a call, 2026-12-07)
_XML_IDS = etree.XPath("//@xml:id", smart_strings=False)


def text_ids(tree: etree._ElementTree | etree._Element, attributes: PointerAttributes | None = None) -> set[str]:
    """The xml:ids of the text, which a shared entry of the same ID would clash with (from `attributes`,
    pointer_attributes(tree), when the caller has them)."""
    if attributes is None:
        return set(_XML_IDS(tree))
    return {value for _element, name, value in attributes if name == XML_ID}


def _target(token: str, base: Path | None, files: dict[str, Path]) -> tuple[Path, str] | None:
    """The shared list and entry id a token reaches, or None when it is not a pointer into a shared list."""
    if not is_shared_pointer(token):
        return None
    path, _, fragment = token.partition("#")
    file = files.get(path)
    if file is None:
        file = files[path] = _reachable(unquote(path), base)
    return file, unquote(fragment)


MAX_POINTER_PATH = 1024  # characters of the file part of a pointer ("shared/names.xml" is 16)
_OUTSIDE = (f"reaches outside tei/{SHARED_FOLDER}/ (after following '..', links and %-escapes); the pipeline reads "
            f"shared lists only from the folder {SHARED_FOLDER}/ beside the texts")


def _reachable(path: str, base: Path | None) -> Path:
    """The file `path` (a pointer's file part, %-escapes decoded) names, resolved; a `Refused` path when a
    pointer may not reach it: only files inside `<base>/shared/` may be read, whatever exists elsewhere."""
    if any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in path):
        return _refused(path, "names a file with a control character (such as %00) in its name")
    if len(path) > MAX_POINTER_PATH or any(len(part.encode("utf-8", "surrogatepass")) > 255
                                           for part in path.split("/")):
        return _refused(path, f"names a file whose name is too long (at most {MAX_POINTER_PATH} characters, "
                              f"255 bytes a folder or file name)")
    if base is None:
        return _refused(path, _OUTSIDE)
    allowed = (base / SHARED_FOLDER).resolve()
    try:
        file = (base / path).resolve()
    except (OSError, ValueError, RuntimeError):  # a loop of links, a name the system refuses
        return _refused(path, _OUTSIDE)
    if not file.is_relative_to(allowed) or file == allowed:
        return _refused(path, _OUTSIDE)
    return file


def _refused(path: str, reason: str) -> Refused:
    refused = Refused(visible(path)[:200] or ".")
    refused.reason = reason
    return refused


def check_shared_pointers(tree: etree._ElementTree | etree._Element, shown: str,
                          source_path: Path | None = None, *, pointers: list[SharedPointer] | None = None,
                          local_ids: set[str] | None = None) -> list[Problem]:
    """Problems with the text's pointers into shared lists (empty when every one resolves). `local_ids`:
    text_ids(tree), when the caller has them."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    if pointers is None:
        pointers = shared_pointers(root, source_path)
    if not pointers:
        return []
    local_ids = text_ids(root) if local_ids is None else local_ids
    problems = []
    lists: dict[Path, SharedList] = {}
    sound: set[tuple[str, str, str]] = set()  # (element tag, attribute, token) found to resolve rightly
    for pointer in pointers:
        el = pointer.element
        tag = el.tag
        key = (tag, pointer.attribute, pointer.token)
        if key in sound:  # the same name pointing to the same entry again: the same verdict
            continue
        shared = lists.get(pointer.file) or lists.setdefault(pointer.file, load_shared_list(pointer.file, resolved=True))
        entry = shared.entries.get(pointer.entry_id)
        local = tag.rpartition("}")[2]  # (_local of an element)
        if not shared.problem and entry is not None and pointer.entry_id not in local_ids:
            expected = EXPECTED_KINDS.get((local, pointer.attribute)) or EXPECTED_KINDS.get((None, pointer.attribute))
            if not expected or entry.tag.rpartition("}")[2] in expected:
                sound.add(key)  # (the usual case, decided without making a message)
                continue
        where = (shown, el.sourceline or 1, 1)
        token = visible(pointer.token)
        what = f"<{_local(el)} {pointer.attribute}=\"{token if len(token) <= 120 else token[:100] + '…'}\">"
        if isinstance(pointer.file, Refused):
            problems.append(Problem(*where, "error", "shared.file",
                                    f"{what} {pointer.file.reason} — point to an entry of a shared list in "
                                    f"tei/{SHARED_FOLDER}/, e.g. ref=\"{SHARED_FOLDER}/names.xml#id\""))
            continue
        if shared.problem:
            problems.append(Problem(*where, "error", "shared.file",
                                    f"{what} points into {display_path(pointer.file)}, which {shared.problem} — "
                                    f"point to an entry of a shared list in tei/{SHARED_FOLDER}/"))
            continue
        entry = shared.entries.get(pointer.entry_id)
        if entry is None:
            problems.append(Problem(*where, "error", "shared.entry",
                                    f"{what}: {shared.shown} has no entry with xml:id {pointer.entry_id!r} — "
                                    f"correct the pointer or add the entry to the shared list"))
            continue
        expected = EXPECTED_KINDS.get((_local(el), pointer.attribute)) or EXPECTED_KINDS.get((None, pointer.attribute))
        if expected and _local(entry) not in expected:
            problems.append(Problem(*where, "error", "shared.kind",
                                    f"{what} reaches a <{_local(entry)}>, not a {' or '.join(expected)} — point "
                                    f"it to an entry of the right list"))
            continue
        if pointer.entry_id in local_ids:
            problems.append(Problem(*where, "error", "shared.clash",
                                    f"{what}: the text also has an element with xml:id {pointer.entry_id!r} — "
                                    f"one name, one entry: remove the text's own entry and point every "
                                    f"name to the shared one, or give the text's entry another identifier"))
            continue
        sound.add(key)
    return problems


def resolve_shared(tree: etree._ElementTree, source_path: Path | None = None, *,
                   pointers: list[SharedPointer] | None = None, in_place: bool = False,
                   local_ids: set[str] | None = None) -> etree._ElementTree:
    """The text with its shared pointers made local and the entries they reach copied into its standOff.

    Returns the tree itself when it has no shared pointer, else a copy (the tree given is left as it was),
    or with `in_place` the tree given, changed (for a caller that needs the text only resolved).
    Pointers that do not resolve are left as they are (check them first with `check_shared_pointers`).
    `local_ids`: text_ids(tree), when the caller has them.
    """
    root = tree.getroot()
    if pointers is None:
        pointers = shared_pointers(root, source_path)
    if not pointers:
        return tree
    if local_ids is None:
        local_ids = text_ids(root)
    local, attributes, wanted = _local_pointers(pointers, local_ids)
    # A copy is made with the local pointers in place; the tree given gets its own values back after.
    written = _point_locally(attributes, local)
    if in_place:
        copy_root, expanded = root, tree
    else:
        try:
            copy_root = copy.deepcopy(root)
        finally:
            for el, attribute, value in written:
                el.set(attribute, value)
        expanded = copy_root.getroottree()
        expanded.docinfo.URL = tree.docinfo.URL
    _add_linked_entries(wanted, local_ids)
    if wanted:
        _append_entries(copy_root, wanted)
    return expanded


_Wanted = dict[str, tuple[SharedList, etree._Element]]  # entry id → (its shared list, the entry)


def _local_pointers(pointers: list[SharedPointer], local_ids: set[str]
                    ) -> tuple[dict[str, str | None], dict[tuple[etree._Element, str], None], _Wanted]:
    """For each shared token the local pointer that replaces it (None: unresolved); the (element, attribute)
    pairs holding a shared pointer, in order; the entries to copy into the text."""
    wanted: _Wanted = {}
    lists: dict[Path, SharedList] = {}
    local: dict[str, str | None] = {}
    attributes: dict[tuple[etree._Element, str], None] = {}
    for pointer in pointers:
        attributes[(pointer.element, pointer.attribute)] = None
        if pointer.token in local:  # seen before: its entry is wanted already
            continue
        shared = lists.get(pointer.file) or lists.setdefault(pointer.file, load_shared_list(pointer.file, resolved=True))
        entry = shared.entries.get(pointer.entry_id)
        if entry is None or shared.problem:
            local[pointer.token] = None
            continue
        local[pointer.token] = f"#{pointer.entry_id}"
        if pointer.entry_id not in local_ids:
            wanted.setdefault(pointer.entry_id, (shared, entry))
    return local, attributes, wanted


def _point_locally(attributes: Iterable[tuple[etree._Element, str]], local: dict[str, str | None]
                   ) -> list[tuple[etree._Element, str, str]]:
    """Replace the shared tokens of each attribute by their local pointers; (element, attribute, old value) of
    the attributes changed."""
    written: list[tuple[etree._Element, str, str]] = []
    for el, attribute in attributes:
        value = el.get(attribute)
        tokens = value.split()
        if len(tokens) == 1:  # (most pointers: one token)
            replacement = local.get(tokens[0])
            if replacement is not None:
                written.append((el, attribute, value))
                el.set(attribute, replacement)
            continue
        changed = False
        for i, token in enumerate(tokens):
            replacement = local.get(token)
            if replacement is not None:
                tokens[i] = replacement
                changed = True
        if changed:
            written.append((el, attribute, value))
            el.set(attribute, " ".join(tokens))
    return written


def _add_linked_entries(wanted: _Wanted, local_ids: set[str]) -> None:
    """Entries reach other entries of their own list (a cited work's author): bring those along too."""
    queue = list(wanted.values())
    while queue:
        shared, entry = queue.pop()
        for target_id in shared.entry_links(entry.get(XML_ID)):
            if target_id not in wanted and target_id not in local_ids:
                target = shared.entries.get(target_id)
                if target is not None:
                    wanted[target_id] = (shared, target)
                    queue.append((shared, target))


def _append_entries(root: etree._Element, wanted: _Wanted) -> None:
    """Copy the wanted entries into the text's standOff, one list of each kind marked as shared, by ID."""
    stand_off = root.find(f"{T}standOff")
    if stand_off is None:
        stand_off = etree.SubElement(root, f"{T}standOff")
    list_elements: dict[str, etree._Element] = {}
    for entry_id in sorted(wanted):
        _shared, entry = wanted[entry_id]
        list_name = ENTRY_LISTS[entry.tag.rpartition("}")[2]]  # (an entry is an element: _local without QName)
        if list_name not in list_elements:
            list_elements[list_name] = etree.SubElement(stand_off, f"{T}{list_name}", type=SHARED_TYPE)
        list_elements[list_name].append(entry.__copy__())  # (lxml copies an element whole, as deepcopy)
