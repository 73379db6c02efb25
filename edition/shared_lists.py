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
- `shared_list_problems(path)` checks a shared list file itself.

Index pages merge entries by their `xml:id` across all texts, so a shared entry and the entries of texts
that point to it form one entry of the index.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from . import TEI_NS, XML_NS
from .errors import EditionError, Problem, display_path
from .xmlsafe import parse_bytes

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

    def entry_digest(self, entry_id: str) -> str:
        """A hash of one entry as written (changes when its name, note or anything inside changes)."""
        digest = self._digests.get(entry_id)
        if digest is None:
            entry = self.entries.get(entry_id)
            digest = "missing" if entry is None else hashlib.sha256(etree.tostring(entry, method="c14n")).hexdigest()
            self._digests[entry_id] = digest
        return digest


_cache: dict[Path, tuple[tuple[int, int], SharedList]] = {}


def load_shared_list(path: Path) -> SharedList:
    """The shared list at `path` (cached per process while the file is unchanged)."""
    path = Path(path).resolve()
    try:
        stat = path.stat()
    except OSError:
        return SharedList(path, display_path(path), None, {}, "does not exist")
    key = (stat.st_mtime_ns, stat.st_size)
    cached = _cache.get(path)
    if cached is not None and cached[0] == key:
        return cached[1]
    shown = display_path(path)
    try:
        tree = parse_bytes(path.read_bytes(), shown, base_url=path.as_uri())
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
    for el, attribute, token in _pointer_tokens(root):
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

@dataclass(frozen=True)
class SharedPointer:
    element: etree._Element
    attribute: str
    token: str  # as written, e.g. "shared/names.xml#trotsky"
    file: Path  # the shared list it reaches (resolved)
    entry_id: str


_WITH_POINTERS = etree.XPath("descendant-or-self::*[" + " or ".join(f"@{a}" for a in POINTER_ATTRIBUTES) + "]")


def _pointer_tokens(root: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    for el in _WITH_POINTERS(root):
        for attribute in POINTER_ATTRIBUTES:
            value = el.get(attribute)
            if value:
                for token in value.split():
                    yield el, attribute, token


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


def shared_pointers(tree: etree._ElementTree | etree._Element, source_path: Path | None = None
                    ) -> list[SharedPointer]:
    """Every pointer of the text into a shared list, in document order."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    base = _base_dir(root, source_path)
    files: dict[str, Path] = {}
    found = []
    for el, attribute, token in _pointer_tokens(root):
        if not is_shared_pointer(token):
            continue
        path, _, fragment = token.partition("#")
        target = files.get(path)
        if target is None:
            target = files[path] = ((base / unquote(path)) if base is not None else Path(unquote(path))).resolve()
        found.append(SharedPointer(el, attribute, token, target, unquote(fragment)))
    return found


def check_shared_pointers(tree: etree._ElementTree | etree._Element, shown: str,
                          source_path: Path | None = None) -> list[Problem]:
    """Problems with the text's pointers into shared lists (empty when every one resolves)."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    pointers = shared_pointers(root, source_path)
    if not pointers:
        return []
    local_ids = set(root.xpath("//@xml:id"))
    problems = []
    lists: dict[Path, SharedList] = {}
    for pointer in pointers:
        el = pointer.element
        where = (shown, el.sourceline or 1, 1)
        shared = lists.get(pointer.file) or lists.setdefault(pointer.file, load_shared_list(pointer.file))
        what = f"<{_local(el)} {pointer.attribute}=\"{pointer.token}\">"
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
    return problems


def used_entries(tree: etree._ElementTree | etree._Element, source_path: Path | None = None
                 ) -> list[tuple[Path, str]]:
    """(shared list, entry id) reached by the text, each once, in first-use order."""
    return list(dict.fromkeys((p.file, p.entry_id) for p in shared_pointers(tree, source_path)))


def entries_digest(used: Iterable[tuple[Path | str, str]]) -> str:
    """One hash over the current content of the shared entries a text uses (for incremental builds)."""
    h = hashlib.sha256()
    lists: dict[str, SharedList] = {}
    for file, entry_id in used:
        shared = lists.get(str(file)) or lists.setdefault(str(file), load_shared_list(Path(file)))
        h.update(f"{file}#{entry_id}={shared.entry_digest(entry_id)}\n".encode())
    return h.hexdigest()


def resolve_shared(tree: etree._ElementTree, source_path: Path | None = None) -> etree._ElementTree:
    """The text with its shared pointers made local and the entries they reach copied into its standOff.

    Returns the tree itself when it has no shared pointer. Pointers that do not resolve are left as they
    are (check them first with `check_shared_pointers`).
    """
    root = tree.getroot()
    if not any(is_shared_pointer(token) for _el, _attr, token in _pointer_tokens(root)):
        return tree
    copy_root = copy.deepcopy(root)
    expanded = copy_root.getroottree()
    expanded.docinfo.URL = tree.docinfo.URL
    local_ids = set(copy_root.xpath("//@xml:id"))
    wanted: dict[str, tuple[SharedList, etree._Element]] = {}
    base = _base_dir(tree, source_path)
    lists: dict[str, SharedList] = {}
    for el, attribute, _token in list(_pointer_tokens(copy_root)):
        tokens = el.get(attribute).split()
        changed = False
        for i, token in enumerate(tokens):
            if not is_shared_pointer(token):
                continue
            path, _, fragment = token.partition("#")
            shared = lists.get(path)
            if shared is None:
                file = ((base / unquote(path)) if base is not None else Path(unquote(path))).resolve()
                shared = lists[path] = load_shared_list(file)
            entry_id = unquote(fragment)
            entry = shared.entries.get(entry_id)
            if entry is None or shared.problem:
                continue
            tokens[i] = f"#{entry_id}"
            changed = True
            if entry_id not in local_ids:
                wanted.setdefault(entry_id, (shared, entry))
        if changed:
            el.set(attribute, " ".join(tokens))
    # Entries reach other entries of their own list (a cited work's author): bring those along too.
    queue = list(wanted.values())
    while queue:
        shared, entry = queue.pop()
        for _el, _attr, token in _pointer_tokens(entry):
            target_id = token[1:] if token.startswith("#") else None
            if target_id and target_id not in wanted and target_id not in local_ids:
                target = shared.entries.get(target_id)
                if target is not None:
                    wanted[target_id] = (shared, target)
                    queue.append((shared, target))
    if wanted:
        stand_off = copy_root.find(f"{T}standOff")
        if stand_off is None:
            stand_off = etree.SubElement(copy_root, f"{T}standOff")
        lists: dict[str, etree._Element] = {}
        for entry_id in sorted(wanted):
            _shared, entry = wanted[entry_id]
            list_name = ENTRY_LISTS[_local(entry)]
            if list_name not in lists:
                lists[list_name] = etree.SubElement(stand_off, f"{T}{list_name}", type=SHARED_TYPE)
            lists[list_name].append(copy.deepcopy(entry))
    return expanded
