"""Loading a text of the edition: read, hashed, parsed safely, validated and resolved, once.

    loader = Loader(settings)                       # the validator and the ID register, made on first need
    doc = loader.load(path, check=True)             # a SourceDocument every builder writes from

Strict (the default): any validation error refuses the build, with `file:line:col` messages. Lenient: any
well-formed TEI P5 document is built; its problems come back as warnings on the document.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from . import TEI_DIR, TEI_NS, XML_NS
from .decisions import INDEX_KINDS
from .errors import EditionError, Problem, display_path
from .limits import check_elements, read_source
from .manifest import sha256_bytes
from .metadata import DocumentMeta, read_metadata
from .shared_lists import (
    PointerAttributes,
    Refused,
    check_shared_pointers,
    pointer_attributes,
    resolve_shared,
    shared_pointers,
    text_ids,
)
from .xmlsafe import (
    drop_repeated_ids,
    parse_bytes,
    published_copy,
    visible,
)

SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
RESERVED_IDS = {"static", "index", "search", "pagefind", "api",  # pages and folders of the site
                *(k.page.removesuffix(".html") for k in INDEX_KINDS)}


@dataclass
class SourceDocument:
    path: Path
    shown: str
    data: bytes  # the file exactly as read
    published: bytes  # what is published as <doc-id>.xml: `data`, unless a browser could run something in it
    tree: etree._ElementTree  # with the entries of shared lists it points to resolved (edition.shared_lists)
    meta: DocumentMeta
    doc_id: str
    warnings: list[Problem] = field(default_factory=list)
    shared: tuple[tuple[str, str], ...] = ()  # (shared list file, entry id) the text points to
    units: list | None = None  # its citable units (edition.ids), when the published-ID check found them
    sha256: str = ""  # of `data`
    _xdm: object = field(default=None, repr=False)

    def xdm(self):
        """The text as Saxon holds it: handed over once, for every builder whose stylesheet transforms it."""
        if self._xdm is None:
            from .transform import Stylesheet

            self._xdm = Stylesheet.load(self.tree)
        return self._xdm


def source_paths(paths: Sequence[Path | str] = ()) -> list[Path]:
    """The files to build: the given ones, or every tei/*.xml."""
    if paths:
        return [Path(p) for p in paths]
    found = sorted(TEI_DIR.glob("*.xml"))
    if not found:
        shown = display_path(TEI_DIR)
        msg = f"no TEI files in {shown}/ — add a text as {shown}/<doc-id>.xml or name files on the command line"
        raise EditionError(msg, [Problem(shown, 0, 0, "error", "input", msg)])
    return found


def _problem(shown: str, el: etree._Element | None, rule: str, message: str, severity: str = "error") -> Problem:
    line = el.sourceline if el is not None and el.sourceline else 1
    return Problem(shown, line, 1, severity, rule, message)


# (the file, its parsed tree, as shown, its pointer attributes: edition.shared_lists.pointer_attributes) → problems
Check = Callable[[Path, etree._ElementTree, str, PointerAttributes], list[Problem]]


def _validator() -> Check:
    """The project's validator (edition.validate), compiled once; a function (path, parsed tree) → problems.

    The tree is validated as parsed (the file is not read and parsed again); a place in it is looked up in
    the file, so line and column are those of the file."""
    try:
        from .validate import Validator
    except ModuleNotFoundError as exc:
        if exc.name != "edition.validate":
            raise
        msg = ("the validator (edition.validate) is not installed — cannot check the sources; "
               "use --lenient to preview without validation")
        raise EditionError(msg, [Problem("edition/validate.py", 0, 0, "error", "setup", msg)]) from None
    validator = Validator()

    def check(path: Path, tree: etree._ElementTree, shown: str, attributes: PointerAttributes) -> list[Problem]:
        if not path.name.endswith(".xml"):  # validate_tree checks the file name of .xml files only
            return list(validator.validate_file(path).problems)
        # (load_document has counted the elements: not again, 0.08 ms a text, 2026-12-08)
        return list(validator.validate_tree(tree, shown, elements_counted=True, attributes=attributes).problems)

    return check


def load_document(path: Path, *, lenient: bool, validate: Check | None,
                  register=None, data: bytes | None = None, shown: str | None = None) -> SourceDocument:
    """Read, parse and check one source; raise EditionError with every problem found in it.

    Strict (`lenient=False` with a validator): validation errors, broken pointers into shared lists and
    broken published IDs (edition.ids, against `register` or tei/published-ids.json) refuse the text.
    Lenient: they become warnings. `data`: the file's bytes when the caller has read them already; `shown`:
    `display_path(path)`, when the caller has it.
    """
    shown = shown if shown is not None else display_path(path)
    data = data if data is not None else _read(path, shown)
    resolved = path.resolve()
    tree = parse_bytes(data, shown, base_url=resolved.as_uri())
    root = tree.getroot()
    check_elements(root, shown)  # (edition.limits)
    _check_tei(root, shown)
    published = published_copy(tree, data)  # (before the tree is changed below)
    attributes = pointer_attributes(root)  # found once: for the shared pointers, the check of links and the IDs
    pointers = shared_pointers(tree, path, base=resolved.parent, attributes=attributes)  # checked, recorded, resolved
    # the text's xml:ids, for the check and the resolution (the same set: a lenient build only drops repeats)
    local_ids = text_ids(tree, attributes) if pointers else None
    units = None
    if validate and not lenient:  # published IDs must never break: every strict build checks them
        from .ids import citable_units, load_register

        units = citable_units(tree, path, source=data)  # found once: the check and ids.json both use them
        register = register if register is not None else load_register()
    problems = text_problems(path, tree, shown, validate(path, tree, shown, attributes) if validate else [], pointers=pointers,
                             register=register if units is not None else None, units=units, id_warnings=False,
                             local_ids=local_ids)
    if not lenient and any(p.severity == "error" for p in problems):
        raise EditionError(f"{shown}: not valid — fix the problems above, or preview with --lenient", problems)
    warnings = [Problem(p.path, p.line, p.column, "warning", p.rule, p.message) for p in problems]
    if lenient:  # a repeated xml:id: the later holders lose it, so every anchor is one place
        warnings += drop_repeated_ids(tree, shown)
    doc_id = _doc_id(root, path, shown, lenient, warnings)
    shared = tuple(dict.fromkeys((str(p.file), p.entry_id) for p in pointers  # each once, in first-use order
                                 if not isinstance(p.file, Refused)))  # (a file never read is not recorded)
    if shared:
        resolve_shared(tree, path, pointers=pointers, in_place=True, local_ids=local_ids)
    try:
        meta = read_metadata(tree)
    except (ValueError, AttributeError, TypeError) as exc:
        msg = f"cannot read the TEI header ({exc}) — check the <teiHeader>"
        raise EditionError(msg, [_problem(shown, root, "header", msg)]) from None
    if meta.doc_id != doc_id:  # lenient: the file name stands in for a missing xml:id
        meta = dataclasses.replace(meta, doc_id=doc_id)
    return SourceDocument(path, shown, data, published, tree, meta, doc_id, warnings, shared, units, sha256_bytes(data))


def text_problems(path: Path, tree: etree._ElementTree, shown: str, schema: Sequence[Problem], *,
                  pointers: Sequence | None = None, register=None, units: Sequence | None = None,
                  id_warnings: bool = True, local_ids: set[str] | None = None) -> list[Problem]:
    """What makes a parsed TEI text valid, assembled in this one place for the build (`load_document`) and
    for `build.py validate`: the problems the schema found (`schema`: RELAX NG, Schematron, edition.validate),
    the pointers into shared lists, and with a `register` the published IDs (edition.ids). `id_warnings`:
    also the IDs that are new or changed (`validate` reports them; a build leaves them to `ids --check`, and
    refuses only what breaks a published ID)."""
    problems = [*schema, *check_shared_pointers(tree, shown, path, pointers=pointers, local_ids=local_ids)]
    if register is not None:
        from .ids import check_ids

        # keyed by the path as shown: a Path key is resolved again for display (0.08 → 0.03 ms a text, 2026-12-07)
        found = check_ids({shown: tree}, register, units=None if units is None else {shown: units})
        problems += [p for p in found if id_warnings or p.severity == "error"]
    return problems


def _read(path: Path, shown: str) -> bytes:
    return read_source(path, shown)  # a regular file of a bounded size, or a located error (edition.limits)


def _check_tei(root: etree._Element, shown: str) -> None:
    """Only a TEI P5 document with a header can be built."""
    if root.tag != f"{{{TEI_NS}}}TEI":
        msg = (f"the root element is <{etree.QName(root).localname}> in namespace "
               f"'{etree.QName(root).namespace or ''}', not a TEI P5 <TEI> — only TEI P5 documents can be built")
        raise EditionError(msg, [_problem(shown, root, "tei-root", msg)])
    if root.find(f"{{{TEI_NS}}}teiHeader") is None:
        msg = "the document has no <teiHeader> — add one (title, publication, source) before the <text>"
        raise EditionError(msg, [_problem(shown, root, "tei-header", msg)])


def _doc_id(root: etree._Element, path: Path, shown: str, lenient: bool, warnings: list[Problem]) -> str:
    """The document ID (xml:id of <TEI>; lenient: the file name when it has none), safe as a folder name."""
    doc_id = root.get(f"{{{XML_NS}}}id") or ""
    if not doc_id:
        if not lenient:
            msg = "the <TEI> element has no xml:id — give it the document ID (the file name without .xml)"
            raise EditionError(msg, [_problem(shown, root, "doc-id", msg)])
        doc_id = path.stem
        warnings.append(_problem(shown, root, "doc-id", f"no xml:id on <TEI>; using the file name '{doc_id}'",
                                 "warning"))
    if not SAFE_ID.fullmatch(doc_id) or ".." in doc_id or doc_id.lower().partition(".")[0] in RESERVED_IDS:
        where = "rename the file" if not root.get(f"{{{XML_NS}}}id") else "change the xml:id of <TEI>"
        msg = (f"the document ID {visible(doc_id)[:200]!r} cannot name a folder of the site — {where}: use letters, "
               f"digits, '.', '-' and '_' only, and do not begin it with the name of one of the site's own pages "
               f"or folders ({', '.join(sorted(RESERVED_IDS))})")
        raise EditionError(msg, [_problem(shown, root, "doc-id", msg)])
    return doc_id


class Loader:
    """Loads one text after another for a build (edition.workers): the validator and the register of
    published IDs are made once, on first need. Lenient settings: validation problems become warnings,
    and a validator that cannot be made leaves the texts unchecked."""

    def __init__(self, settings) -> None:
        self.settings = settings
        self._check: Check | None = None
        self._register = None
        self._prepared = False

    def load(self, path: Path, *, check: bool, shown: str | None = None) -> SourceDocument:
        """The text read, hashed, parsed, (with `check`) validated, and its shared entries resolved."""
        lenient = self.settings.lenient
        if not check:  # validated by an earlier build with the same inputs
            return load_document(path, lenient=lenient, validate=None, shown=shown)
        if not self._prepared:
            self._check = _lenient_validator() if lenient else _validator()
            self._prepared = True
        if self._register is None and not lenient:
            from .ids import REGISTER_PATH, load_register

            self._register = load_register(Path(self.settings.register) if self.settings.register else REGISTER_PATH)
        return load_document(path, lenient=lenient, validate=self._check, register=self._register, shown=shown)


def _lenient_validator() -> Check | None:
    """In lenient mode the validator only supplies warnings; without it the build still goes on."""
    try:
        return _validator()
    except EditionError:
        return None
