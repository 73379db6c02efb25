"""`python build.py validate`: check TEI files against the edition's schema and report every problem.

    python build.py validate                         every tei/*.xml
    python build.py validate FILE.xml DIR ...        the files named (a directory: its *.xml files)
    python build.py validate --schema ../shared/tei/tei_all.rng     also against another RELAX NG grammar
    python build.py validate --format json|junit     machine-readable reports (one document on stdout)

Checks: well-formedness, the project's RELAX NG grammar and Schematron rules (schema/), any grammar
given with --schema (repeatable), pointers into shared lists (`ref="shared/names.xml#trotsky"`,
edition.shared_lists, as the build checks them), and for the edition's own sources in tei/ the register
of published IDs (edition.ids). The shared lists themselves are checked too (rules `shared.*`): those the
texts point into, and every `shared/*.xml` of the folders validated (tei/shared/ by default); a shared
list named on the command line is checked as a list, not as a text. Exit status: 0 when every file is
valid (warnings allowed), 1 when a file has an error, 2 for a usage error (unknown option, a file or
schema that does not exist).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from .. import TEI_DIR, TEI_NS
from ..errors import EditionError, display_path
from ..shared_lists import (
    SHARED_FOLDER,
    SHARED_TYPE,
    Refused,
    load_shared_list,
    shared_list_files,
    shared_list_problems,
    shared_pointers,
)
from ..site import text_problems
from ..validate import FileReport, Validator, parse_problems
from ..workers import WorkerPool, default_jobs
from ..xmlsafe import parse_bytes
from .building import jobs_value

FORMATS = ("text", "json", "junit")


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "validate", help="check TEI files against the edition's schema (RELAX NG + Schematron)",
        description="Check TEI files for well-formedness, against the edition's RELAX NG grammar and "
                    "Schematron rules, and against any other RELAX NG grammar given with --schema. "
                    "Exit status: 0 all valid (warnings allowed), 1 errors found, 2 usage error.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="TEI files or folders of them (default: every .xml file in tei/)")
    parser.add_argument("--schema", action="append", type=Path, default=[], metavar="FILE.rng",
                        help="also validate against this RELAX NG grammar (XML syntax), e.g. "
                             "../shared/tei/tei_all.rng; may be given more than once")
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="text (one line per problem, then a summary; the default), json or junit")
    parser.add_argument("--jobs", "-j", type=jobs_value, default=0, metavar="N",
                        help="validate in N worker processes at once (default: the number of cores)")
    parser.set_defaults(run=run)
    return parser


def _usage_error(message: str) -> int:
    print(f"build.py validate: error: {message}", file=sys.stderr)
    return 2


def _expand(paths: Sequence[Path]) -> tuple[list[Path], list[str]]:
    """The files to check, and the usage errors (paths that do not exist)."""
    files: list[Path] = []
    missing: list[str] = []
    for path in paths:
        if path.is_dir():
            files += _sources_in(path)
        elif path.exists():
            files.append(path)
        else:
            missing.append(f"{display_path(path)}: no such file or folder — check the path")
    return files, missing


def _sources_in(folder: Path) -> list[Path]:
    """The folder's *.xml entries that are not folders: a named pipe or a device among them is reported
    (edition.limits.read_source), never skipped in silence nor read."""
    return sorted(p for p in folder.glob("*.xml") if not p.is_dir())


def run(args: argparse.Namespace) -> int:
    missing_schemas = [s for s in args.schema if not s.is_file()]
    if missing_schemas:
        return _usage_error(f"--schema {display_path(missing_schemas[0])}: no such file — give the path of a "
                            f"RELAX NG grammar in XML syntax (.rng)")
    files, missing = _expand(args.paths)
    if missing:
        return _usage_error("; ".join(missing))
    if not args.paths:
        files = _sources_in(TEI_DIR)
    try:
        validator = Validator(args.schema)
    except EditionError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        given = {display_path(s) for s in args.schema}
        if any(p.path in given for p in exc.problems):  # a --schema that is not a usable grammar: wrong invocation
            return _usage_error(exc.message)
        print(f"build.py validate: error: {exc.message} — the project's schema in schema/ is broken; "
              f"fix it before validating", file=sys.stderr)
        return 1

    if not files:
        where = display_path(TEI_DIR) if not args.paths else ", ".join(display_path(p) for p in args.paths)
        message = (f"no TEI files to validate in {where} — add a text as tei/<doc-id>.xml, or name the files "
                   f"to check")
        _emit(args.format, [], sys.stdout)
        print(f"{where}: error: {message}", file=sys.stderr)
        return 1

    jobs = min(args.jobs or default_jobs(), len(files))
    with WorkerPool(jobs) as pool:  # (Ctrl-C and SIGTERM stop it within a second, also in this process)
        if jobs > 1:
            checked = pool.map(_check_in_worker, [(tuple(str(s) for s in args.schema), str(f)) for f in files])
        else:
            checked = [_check_text(validator, f) for f in files]
    reports = [report for report, _lists in checked]
    folders = [TEI_DIR] if not args.paths else [p for p in args.paths if p.is_dir()]
    reports += [shared_list_report(p) for p in _shared_lists(folders, [lists for _r, lists in checked], files)]
    _emit(args.format, reports, sys.stdout)
    return 0 if all(r.valid for r in reports) else 1


_validators: dict[tuple[str, ...], Validator] = {}


def _check_in_worker(item: tuple[tuple[str, ...], str]) -> tuple[FileReport, tuple[str, ...]]:
    """`_check_text` in a worker process, with a validator (and the same extra schemas) compiled once."""
    schemas, path = item
    if schemas not in _validators:
        _validators.clear()
        _validators[schemas] = Validator([Path(s) for s in schemas])
    return _check_text(_validators[schemas], Path(path))


def _check(validator: Validator, path: Path) -> FileReport:
    """Everything `validate` checks in one file (see the module's docstring)."""
    return _check_text(validator, path)[0]


def _check_text(validator: Validator, path: Path) -> tuple[FileReport, tuple[str, ...]]:
    """The file's report, and the shared lists it points into (to be checked once, after all texts)."""
    report, tree = validator.check_file(path)
    if tree is None:
        return report, ()
    root = tree.getroot()
    if root.tag == f"{{{TEI_NS}}}TEI" and root.get("type") == SHARED_TYPE:
        return shared_list_report(path), ()
    pointers = shared_pointers(tree, path)
    try:
        problems = text_problems(path, tree, report.path, report.problems, pointers=pointers,
                                 register=_register() if _is_edition_source(path) else None)
    except EditionError as exc:  # the register itself cannot be read
        problems = report.problems + list(exc.problems)
    report.problems = sorted(problems, key=lambda p: (p.line, p.column, p.rule, p.message))
    return report, tuple(dict.fromkeys(str(p.file) for p in pointers if not isinstance(p.file, Refused)))


def shared_list_report(path: Path) -> FileReport:
    """What is wrong with a shared list file (edition.shared_lists), with the place of an XML error in it."""
    shown = display_path(path)
    problems = shared_list_problems(path)
    if any(p.rule == "shared.file" for p in problems):
        try:
            parse_bytes(Path(path).read_bytes(), shown, base_url=Path(path).resolve().as_uri())
        except EditionError as exc:  # not well-formed: say where, besides what it means for a shared list
            problems += parse_problems(exc, shown)
        except OSError:
            pass
    return FileReport(shown, sorted(set(problems), key=lambda p: (p.line, p.column, p.rule, p.message)))


def _shared_lists(folders: Sequence[Path], reached: Sequence[Sequence[str]], texts: Sequence[Path]) -> list[Path]:
    """The shared lists to check: every shared/*.xml of the folders validated, then each other list the texts
    point into, once. A pointer into a file that is not a shared list (and not in a shared/ folder) is
    reported at the pointer already."""
    texts_checked = {p.resolve() for p in texts}
    found: dict[Path, None] = {}
    for folder in folders:
        found.update(dict.fromkeys(p.resolve() for p in shared_list_files(folder)))
    for file in (Path(f) for files in reached for f in files):
        if file.is_file() and (file.parent.name == SHARED_FOLDER or not load_shared_list(file).problem):
            found.setdefault(file)
    return [p for p in found if p not in texts_checked]


def _is_edition_source(path: Path) -> bool:
    return path.resolve().parent == TEI_DIR.resolve()


_registers: dict[Path, tuple[tuple[int, int] | None, object]] = {}


def _register():
    """The register of published IDs, read once per process while the file is unchanged (a corpus's register
    holds every text's IDs: reading it for each text would cost more than checking the text)."""
    from ..ids import REGISTER_PATH, load_register

    try:
        stat = REGISTER_PATH.stat()
        key = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = None
    cached = _registers.get(REGISTER_PATH)
    if cached is None or cached[0] != key:
        cached = _registers[REGISTER_PATH] = (key, load_register(REGISTER_PATH))
    return cached[1]


# ---------------------------------------------------------------------------------------------
# output


def _emit(fmt: str, reports: list[FileReport], out) -> None:
    if fmt == "json":
        out.write(format_json(reports))
    elif fmt == "junit":
        out.write(format_junit(reports))
    else:
        out.write(format_text(reports))


def format_text(reports: list[FileReport]) -> str:
    lines = [problem.format() for report in reports for problem in report.problems]
    lines.append(summary(reports))
    return "\n".join(lines) + "\n"


def summary(reports: list[FileReport]) -> str:
    files = len(reports)
    valid = sum(1 for r in reports if r.valid)
    errors = sum(len(r.errors) for r in reports)
    warnings = sum(len(r.warnings) for r in reports)
    verdict = "nothing to check" if not files else "all valid" if valid == files else f"{files - valid} not valid"
    return (f"validate: {files} file{'s' if files != 1 else ''} checked, {valid} valid ({verdict}); "
            f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}")


def format_json(reports: list[FileReport]) -> str:
    document = {"files": [{"path": r.path, "valid": r.valid,
                           "problems": [p.as_dict() for p in r.problems]} for r in reports]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def format_junit(reports: list[FileReport]) -> str:
    """JUnit XML: one test case per file; a failure lists its errors, warnings go to system-out."""
    failures = sum(1 for r in reports if not r.valid)
    suites = etree.Element("testsuites", name="build.py validate", tests=str(len(reports)),
                           failures=str(failures), errors="0")
    suite = etree.SubElement(suites, "testsuite", name="TEI validation", tests=str(len(reports)),
                             failures=str(failures), errors="0", skipped="0")
    for report in reports:
        case = etree.SubElement(suite, "testcase", classname="validate", name=report.path, file=report.path)
        if not report.valid:
            errors = report.errors
            failure = etree.SubElement(case, "failure", type="validation",
                                       message=f"{len(errors)} error{'s' if len(errors) != 1 else ''}: "
                                               f"{errors[0].message} [{errors[0].rule}]")
            failure.text = "\n".join(p.format() for p in errors)
        if report.warnings:
            etree.SubElement(case, "system-out").text = "\n".join(p.format() for p in report.warnings)
    return etree.tostring(suites, encoding="UTF-8", xml_declaration=True, pretty_print=True).decode("utf-8")
