"""Loading the texts of the edition and building the HTML site from them through a staging folder.

    documents = load_documents(paths, lenient=False)   # parsed safely, validated, metadata read once
    build_site(documents, OUTPUT_DIR / "html")           # staged; replaces the old site only on success

Strict (the default): any validation error refuses the build, with `file:line:col` messages. Lenient: any
well-formed TEI P5 document is built; its problems come back as warnings on the document.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from . import TEI_DIR, TEI_NS, XML_NS
from .decisions import INDEX_KINDS
from .errors import EditionError, Problem, display_path
from .metadata import DocumentMeta, read_metadata
from .output import staged
from .shared_lists import check_shared_pointers, resolve_shared, shared_pointers
from .xmlsafe import drop_repeated_ids, parse_bytes

SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
RESERVED_IDS = {"static", "index", *(k.page.removesuffix(".html") for k in INDEX_KINDS)}  # folders of the site


@dataclass
class SourceDocument:
    path: Path
    shown: str
    data: bytes  # the file exactly as read (published as <doc-id>.xml)
    tree: etree._ElementTree  # with the entries of shared lists it points to resolved (edition.shared_lists)
    meta: DocumentMeta
    doc_id: str
    warnings: list[Problem] = field(default_factory=list)
    shared: tuple[tuple[str, str], ...] = ()  # (shared list file, entry id) the text points to
    units: list | None = None  # its citable units (edition.ids), when the published-ID check found them


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


Check = Callable[[Path, etree._ElementTree, str], list[Problem]]  # (the file, its parsed tree, as shown) → problems


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

    def check(path: Path, tree: etree._ElementTree, shown: str) -> list[Problem]:
        if not path.name.endswith(".xml"):  # validate_tree checks the file name of .xml files only
            return list(validator.validate_file(path).problems)
        return list(validator.validate_tree(tree, shown).problems)

    return check


def load_document(path: Path, *, lenient: bool, validate: Check | None,
                  register=None, data: bytes | None = None, shown: str | None = None) -> SourceDocument:
    """Read, parse and check one source; raise EditionError with every problem found in it.

    Strict (`lenient=False` with a validator): validation errors, broken pointers into shared lists and
    broken published IDs (edition.ids, against `register` or tei/published-ids.json) refuse the text.
    Lenient: they become warnings. `data`: the file's bytes when the caller has read them already; `shown`:
    `display_path(path)`, when the caller has it.
    """
    if shown is None:
        shown = display_path(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            msg = f"cannot read the file ({exc.strerror or exc}) — check that it exists and is readable"
            raise EditionError(msg, [Problem(shown, 0, 0, "error", "io", msg)]) from None
    resolved = path.resolve()
    tree = parse_bytes(data, shown, base_url=resolved.as_uri())
    root = tree.getroot()
    if root.tag != f"{{{TEI_NS}}}TEI":
        msg = (f"the root element is <{etree.QName(root).localname}> in namespace "
               f"'{etree.QName(root).namespace or ''}', not a TEI P5 <TEI> — only TEI P5 documents can be built")
        raise EditionError(msg, [_problem(shown, root, "tei-root", msg)])
    if root.find(f"{{{TEI_NS}}}teiHeader") is None:
        msg = "the document has no <teiHeader> — add one (title, publication, source) before the <text>"
        raise EditionError(msg, [_problem(shown, root, "tei-header", msg)])

    pointers = shared_pointers(tree, path, base=resolved.parent)  # found once: checked, recorded and resolved below
    problems = validate(path, tree, shown) if validate else []
    problems += check_shared_pointers(tree, shown, path, pointers=pointers)
    errors = [p for p in problems if p.severity == "error"]
    if errors and not lenient:
        raise EditionError(f"{shown}: not valid — fix the problems above, or preview with --lenient", problems)
    warnings = [Problem(p.path, p.line, p.column, "warning", p.rule, p.message) for p in problems]
    if lenient:  # a repeated xml:id: the later holders lose it, so every anchor is one place
        warnings += drop_repeated_ids(tree, shown)

    doc_id = root.get(f"{{{XML_NS}}}id") or ""
    if not doc_id:
        if not lenient:
            msg = "the <TEI> element has no xml:id — give it the document ID (the file name without .xml)"
            raise EditionError(msg, [_problem(shown, root, "doc-id", msg)])
        doc_id = path.stem
        warnings.append(_problem(shown, root, "doc-id", f"no xml:id on <TEI>; using the file name '{doc_id}'",
                                 "warning"))
    if not SAFE_ID.fullmatch(doc_id) or ".." in doc_id or doc_id.lower() in RESERVED_IDS:
        msg = (f"the document ID {doc_id!r} cannot name a folder of the site — use letters, digits, '.', '-' "
               f"and '_' only (not one of {', '.join(sorted(RESERVED_IDS))})")
        raise EditionError(msg, [_problem(shown, root, "doc-id", msg)])
    units = None
    if validate and not lenient:
        from .ids import check_ids, citable_units  # published IDs must never break: every build checks them

        units = citable_units(tree, path, source=data)  # found once: the check and ids.json both use them
        id_errors = [p for p in check_ids({path: tree}, register, units={path: units}) if p.severity == "error"]
        if id_errors:
            raise EditionError(f"{shown}: published IDs broken — see `python build.py ids --check`", id_errors)
    shared = tuple(dict.fromkeys((str(p.file), p.entry_id) for p in pointers))  # each once, in first-use order
    resolved = resolve_shared(tree, path, pointers=pointers, in_place=True) if shared else tree  # (no copy needed)
    try:
        meta = read_metadata(resolved)
    except (ValueError, AttributeError, TypeError) as exc:
        msg = f"cannot read the TEI header ({exc}) — check the <teiHeader>"
        raise EditionError(msg, [_problem(shown, root, "header", msg)]) from None
    if meta.doc_id != doc_id:  # lenient: the file name stands in for a missing xml:id
        meta = dataclasses.replace(meta, doc_id=doc_id)
    return SourceDocument(path, shown, data, resolved, meta, doc_id, warnings, shared, units)


def load_documents(paths: Sequence[Path | str] = (), *, lenient: bool = False,
                   validate: bool = True) -> list[SourceDocument]:
    """Parse, check and read every source; all problems of all files are reported together."""
    check = _validator() if validate and not lenient else (_lenient_validator() if validate else None)
    register = None
    if check is not None and not lenient:
        from .ids import load_register

        register = load_register()
    documents: list[SourceDocument] = []
    problems: list[Problem] = []
    for path in source_paths(paths):
        try:
            documents.append(load_document(path, lenient=lenient, validate=check, register=register))
        except EditionError as exc:
            problems.extend(exc.problems or [Problem(display_path(path), 0, 0, "error", "input", exc.message)])
    seen: dict[str, SourceDocument] = {}
    for doc in documents:
        if doc.doc_id in seen:
            msg = (f"document ID {doc.doc_id!r} is also claimed by {seen[doc.doc_id].shown} — every text needs "
                   f"its own ID")
            problems.append(_problem(doc.shown, doc.tree.getroot(), "doc-id-unique", msg))
        seen[doc.doc_id] = doc
    if problems:
        count = len({p.path for p in problems if p.severity == "error"})
        raise EditionError(f"{count} file(s) cannot be built — nothing in the output was changed", problems)
    return documents


def _lenient_validator() -> Check | None:
    """In lenient mode the validator only supplies warnings; without it the build still goes on."""
    try:
        return _validator()
    except EditionError:
        return None


def print_warnings(documents: Sequence[SourceDocument]) -> None:
    for doc in documents:
        for problem in doc.warnings:
            print(problem.format(), file=sys.stderr)


def build_site(documents: Sequence[SourceDocument], target: Path, *, base_url: str = "",
               pdf_links: bool = False) -> list[str]:
    """Build the HTML site for `documents` in a staging folder and swap it in for `target` (in this process;
    the corpus build, edition.corpus, does the same in a pool of workers and incrementally). Returns the
    notes on index entries that texts define differently."""
    import json

    from .contribution_store import ContributionStore
    from .html import TextRenderer, copy_static
    from .site_pages import write_site_pages

    with staged(target) as stage, ContributionStore() as store:
        renderer = TextRenderer(base_url=base_url)
        copy_static(stage)
        current = {}
        for doc in documents:
            contribution = renderer.render(doc, stage / doc.doc_id, pdf_link=pdf_links).contribution
            current[doc.doc_id] = store.add(json.dumps(contribution.to_json(), ensure_ascii=False))
        store.use(current)
        _written, notes = write_site_pages(stage, store, base_url=base_url, env=renderer.env)
    return notes
