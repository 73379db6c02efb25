"""`python build.py ids`: list the citable units, check them against the register, publish or retire IDs.

    python build.py ids [PATH ...]                 list ID, type, ¶ number, section, first words
    python build.py ids --check [PATH ...]         exit 1 when a published ID is broken; additions are reported
    python build.py ids --publish [PATH ...]       record the current IDs for each text's edition version
    python build.py ids --retire OLD --successor NEW --reason TEXT PATH
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import TEI_DIR
from ..errors import EditionError, Problem, display_path
from ..ids import (
    REGISTER_PATH,
    CitableUnit,
    check_ids,
    citable_units,
    document_id,
    edition_version,
    errors_in,
    load_register,
    publish,
    retire,
)
from ..xmlsafe import parse_file


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "ids", help="list citable IDs; check or publish them against the register of published IDs",
        description="List the citable units of each text (ID, type, paragraph number, section, first words), "
                    "check them against the register of published IDs, or publish the current IDs.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="TEI files (default: every tei/*.xml)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="fail (exit 1) when a published ID is missing, retyped or reused; report additions")
    mode.add_argument("--publish", action="store_true",
                      help="record the current IDs as published for each text's edition version")
    mode.add_argument("--retire", metavar="OLD_ID", help="retire a published ID (needs --successor and --reason)")
    parser.add_argument("--successor", metavar="ID", help="with --retire: the ID that now stands for OLD_ID")
    parser.add_argument("--reason", metavar="TEXT", help="with --retire: why the ID was retired")
    parser.add_argument("--register", type=Path, default=REGISTER_PATH, metavar="FILE",
                        help=f"the register of published IDs (default: {display_path(REGISTER_PATH)})")
    parser.set_defaults(run=run)
    return parser


def _load(paths: list[Path]) -> dict[Path, object]:
    if not paths:
        paths = sorted(TEI_DIR.glob("*.xml"))
        if not paths:
            msg = f"no TEI files in {display_path(TEI_DIR)} — add a text or name files on the command line"
            raise EditionError(msg, [Problem(display_path(TEI_DIR), 0, 0, "error", "io", msg)])
    return {p: parse_file(p) for p in paths}


def _row(unit: CitableUnit, doc_id: str, new: bool) -> str:
    local = unit.id[len(doc_id) + 1:] if unit.id.startswith(doc_id + ".") else "(text)"
    section = unit.section[len(doc_id) + 1:] if unit.section.startswith(doc_id + ".") else unit.section
    mark = "+" if new else " "
    return f"{mark} {local:<10} {unit.type:<9} {unit.n or '':>3}  {section or '–':<7} {unit.words}"


def _list(trees: dict[Path, object], register_path: Path) -> int:
    reg = load_register(register_path)
    for path, tree in trees.items():
        doc_id = document_id(tree)
        units = citable_units(tree, path)
        published = reg.texts.get(doc_id, {})
        version = edition_version(tree) or "no version"
        print(f"{display_path(path)}: {doc_id} (edition {version}), {len(units)} citable units; "
              f"IDs are {doc_id}.<ID> (+ = not yet published)")
        print(f"  {'ID':<10} {'TYPE':<9} {'¶':>3}  {'SECTION':<7} FIRST WORDS")
        for unit in units:
            print(_row(unit, doc_id, unit.id not in published))
    return 0


def _check(trees: dict[Path, object], register_path: Path, complete: bool) -> int:
    found = {path: citable_units(tree, path) for path, tree in trees.items()}
    problems = check_ids(trees, load_register(register_path), complete=complete, units=found)
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    errors = errors_in(problems)
    new = [p for p in problems if p.rule == "ids.new"]
    changes = [p for p in problems if p.severity == "warning" and p.rule != "ids.new"]
    units = sum(len(u) for u in found.values())
    print(f"ids: {len(trees)} text(s), {units} citable units: {len(errors)} error(s), "
          f"{len(changes)} change(s), {len(new)} addition report(s)"
          + (" — published IDs intact" if not errors else " — published IDs broken"))
    return 1 if errors else 0


def _publish(trees: dict[Path, object], register_path: Path) -> int:
    reg = load_register(register_path)
    result = publish(trees, reg)
    for doc_id, added in result.added.items():
        refreshed = result.refreshed.get(doc_id, [])
        print(f"{doc_id}: version {result.versions[doc_id]}: {len(added)} new ID(s) published; "
              f"number or first words refreshed for {len(refreshed)}")
        for uid in added:
            print(f"  + {uid}")
    print(f"register written: {display_path(register_path)}")
    return 0


def _retire(args: argparse.Namespace, trees: dict[Path, object]) -> int:
    if not args.successor or not args.reason:
        print("build.py ids: error: --retire needs --successor ID and --reason TEXT — see `build.py ids --help`",
              file=sys.stderr)
        return 2
    doc_id_of = {document_id(t): p for p, t in trees.items()}
    owner = next((d for d in doc_id_of if args.retire.startswith(d + ".")), None)
    if owner is None:
        print(f"build.py ids: error: no text given whose ID prefixes {args.retire!r} — name its TEI file",
              file=sys.stderr)
        return 2
    path = doc_id_of[owner]
    reg = load_register(args.register)
    entry = retire(reg, trees[path], display_path(path), args.retire, args.successor, args.reason)
    print(f"retired {entry.id} → {entry.retired.successor} ({entry.retired.reason}); "
          f"register written: {display_path(args.register)}")
    return 0


def run(args: argparse.Namespace) -> int:
    if (args.successor or args.reason) and not args.retire:
        print("build.py ids: error: --successor and --reason go with --retire — see `build.py ids --help`",
              file=sys.stderr)
        return 2
    trees = _load(list(args.paths))
    if args.check:
        return _check(trees, args.register, complete=not args.paths)
    if args.publish:
        return _publish(trees, args.register)
    if args.retire:
        return _retire(args, trees)
    return _list(trees, args.register)
