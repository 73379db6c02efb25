"""`python build.py import SOURCE … [--doc-id ID] [--out tei/]`: archive pages to TEI drafts.

Each page (MIA HTML/XHTML, Pandoc Markdown, plain text) becomes `<out>/<doc-id>.xml`, a draft that the
project schema accepts; the report printed for each says what was read and what the editor must check.
A draft is validated before it is written; nothing is written for a page that cannot be imported.
"""

from __future__ import annotations

import argparse
import datetime
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from .. import TEI_DIR
from ..errors import EditionError, Problem, display_path
from ..ids import REGISTER_PATH, load_register

if TYPE_CHECKING:
    from ..importer.pipeline import Draft

# The importer (HTML, Markdown and charset readers) is imported by this command alone, when it runs: every other
# command starts 85 ms sooner (python -X importtime, 2026-12-07).


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "import", help="import archive pages (MIA HTML, Pandoc Markdown, plain text) as TEI drafts",
        description="Read archive pages and write TEI drafts that the project schema accepts, with a report "
                    "of what was read and what the editor must check.")
    parser.add_argument("sources", nargs="+", type=Path, metavar="SOURCE", help="the pages to import")
    parser.add_argument("--doc-id", metavar="ID", help="the document identifier (one SOURCE only; default: the "
                        "file name when it is one, else author-year-keyword)")
    parser.add_argument("--out", type=Path, default=TEI_DIR, metavar="DIR",
                        help=f"where the drafts go (default: {display_path(TEI_DIR)})")
    parser.add_argument("--replace", action="store_true",
                        help="replace a text already in DIR (a re-import: its identifiers are kept where the "
                             "words are the same or nearly so)")
    parser.add_argument("--without-provenance", action="store_true",
                        help="import a page that has no provenance block (the header is then mostly to fill in)")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="the date of the import (default: today, UTC)")
    parser.set_defaults(run=run)
    return parser


def _date(value: str | None) -> str:
    if value is None:
        return datetime.datetime.now(datetime.UTC).date().isoformat()
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise EditionError(f"--date {value!r} is not a date — write it as YYYY-MM-DD", [Problem(
            "--date", 0, 0, "error", "import", f"--date {value!r} is not a date — write it as YYYY-MM-DD")]) from None


def _validate(draft: Draft, source: Path, tei_dir: Path) -> None:
    """The draft must pass the project's validator before it is written (a failure is the importer's bug)."""
    from ..importer.decoding import fail
    from ..validate import Validator

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{draft.doc_id}.xml"
        path.write_bytes(draft.xml)
        if (tei_dir / "shared").is_dir():
            (Path(tmp) / "shared").symlink_to((tei_dir / "shared").resolve())
        errors = Validator().validate_file(path).errors
    if errors:
        shown = "; ".join(f"line {p.line}: {p.message}" for p in errors[:5])
        raise fail(source, f"the draft made from this page does not validate ({shown})",
                   "this is a bug in the importer: report it with the page; nothing was written")


def import_one(source: Path, args: argparse.Namespace, date: str) -> Path:
    from ..importer.decoding import fail
    from ..importer.pipeline import Options, build_draft

    out: Path = args.out
    register_path = out / "published-ids.json" if (out / "published-ids.json").exists() else REGISTER_PATH
    options = Options(doc_id=args.doc_id, tei_dir=out, date=date,
                      allow_no_provenance=args.without_provenance, register=load_register(register_path))
    draft = build_draft(source, options)
    target = out / f"{draft.doc_id}.xml"
    if target.exists() and not args.replace:
        raise fail(source, f"{display_path(target)} already exists",
                   "pass --replace to re-import it (identifiers are kept where the text is unchanged), or "
                   "choose another --doc-id")
    _validate(draft, source, out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_bytes(draft.xml)
    tmp.replace(target)
    print(f"{display_path(source)} → {display_path(target)}")
    for line in draft.report:
        print(f"  {line}")
    return target


def run(args: argparse.Namespace) -> int:
    if args.doc_id and len(args.sources) > 1:
        raise EditionError("--doc-id names one text — import one SOURCE at a time with it", [Problem(
            "--doc-id", 0, 0, "error", "import", "--doc-id names one text — import one SOURCE at a time with it")])
    date = _date(args.date)
    failures: list[EditionError] = []
    for source in args.sources:
        try:
            import_one(source, args, date)
        except EditionError as exc:
            failures.append(exc)
            print(str(exc), file=sys.stderr)
    return 1 if failures else 0
