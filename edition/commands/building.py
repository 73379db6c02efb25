"""What the building commands (html, pdf, epub, search, all) share: their options, and running a build with a report.

Not a subcommand itself (edition.cli lists the subcommands).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import OUTPUT_DIR
from ..build import Build, BuildReport, BuildRequest
from ..config import get_config, normalize_base_url
from ..errors import display_path
from ..progress import Progress, format_seconds
from ..workers import default_jobs


def jobs_value(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def base_url_value(text: str) -> str:
    try:
        url = normalize_base_url(text)
    except (TypeError, ValueError) as exc:
        raise argparse.ArgumentTypeError(f"{text!r} {exc} — give the address where the edition is published, "
                                         f"e.g. https://example.org/edition/") from None
    if not url:
        raise argparse.ArgumentTypeError("is empty — give the address where the edition is published")
    return url


def base_url(args: argparse.Namespace) -> str:
    """The base URL of this build: --base-url when given, else [tool.edition] base_url in pyproject.toml."""
    return args.base_url if args.base_url is not None else get_config().base_url


NO_ADDRESS_NOTICE = ("no base URL is configured: citations, library records, ids.json and the PDF colophon will "
                     "carry no address (set [tool.edition] base_url in pyproject.toml or pass --base-url URL)")


def add_build_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-url", type=base_url_value, default=None, metavar="URL",
                        help="the address where the edition is published, for this build (default: "
                             "[tool.edition] base_url in pyproject.toml); citations, records and canonical "
                             "links are absolute under it")
    parser.add_argument("--jobs", "-j", type=jobs_value, default=0, metavar="N",
                        help=f"texts processed in N worker processes at once (default: the number of cores, "
                             f"here {default_jobs()})")
    parser.add_argument("--force", action="store_true",
                        help="rebuild everything, even what is up to date (default: only what changed)")
    parser.add_argument("--keep-going", action="store_true",
                        help="when texts fail, still publish the texts that built (failed texts keep their "
                             "previous pages); the exit status is 1 all the same")
    parser.add_argument("--no-progress", action="store_true", help="print no progress, only the summary")


def add_text_options(parser: argparse.ArgumentParser, where: str) -> None:
    """What the commands of one output (html, pdf, epub) take besides the build options: the texts, the site
    folder (`where`: what goes there) and --lenient."""
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="TEI files (default: every tei/*.xml)")
    parser.add_argument("--out", type=Path, default=OUTPUT_DIR / "html", metavar="DIR",
                        help=f"the site folder; {where} (default: {display_path(OUTPUT_DIR / 'html')}); replaced "
                             f"only when the whole build succeeds")
    parser.add_argument("--lenient", action="store_true",
                        help="build any well-formed TEI P5 file; its validation problems become warnings")
    add_build_options(parser)


def one_output(output: str, args: argparse.Namespace, needs: frozenset[str] = frozenset(), **settings) -> int:
    """Run the build of one output (`html`, `pdf`, `epub`, `search`) as its command's arguments ask; `needs`:
    the outputs it is made from, built too where out of date (the search index: the reading pages)."""
    request = BuildRequest(paths=args.paths, out=args.out, outputs=frozenset({output}) | needs, lenient=args.lenient,
                           jobs=args.jobs, force=args.force, keep_going=args.keep_going, base_url=base_url(args),
                           **settings)
    return run_build(output, request, args)


def run_build(command: str, request: BuildRequest, args: argparse.Namespace) -> int:
    """Run the build, print warnings, problems and the summary; the exit status (0 ok, 1 failures)."""
    progress = Progress(sys.stderr, enabled=not args.no_progress)
    if not request.base_url:
        print(f"{command}: notice: {NO_ADDRESS_NOTICE}", file=sys.stderr)
    report = Build(request, progress).run()
    for problem in report.warnings:
        print(problem.format(), file=sys.stderr)
    for note in report.notes:
        print(f"{command}: note: {note}", file=sys.stderr)
    for problem in report.problems:
        print(problem.format(), file=sys.stderr)
    for pdf in report.pdfs:
        try:
            size = pdf.stat().st_size // 1024
        except OSError:
            size = 0
        print(f"wrote {display_path(pdf)} ({size} KiB, {request.paper})")
    print(summary(command, report))
    if report.failed:
        print(f"{command}: {len(report.failed)} text(s) failed and kept their previous pages: "
              f"{', '.join(report.failed)}", file=sys.stderr)
        return 1
    return 0


def summary(command: str, report: BuildReport) -> str:
    where = f"{display_path(report.out)}/"
    total = format_seconds(report.timings.get("total", 0.0))
    if report.nothing_to_do:
        return f"{command}: {report.texts} text(s), all up to date — nothing to do ({where}, {total})"
    made = "validated and built" if command == "all" else "built"
    parts = [f"{report.built} {made}"]
    if report.validated:
        parts.append(f"{report.validated} validated again (pages up to date)")
    parts.append(f"{report.skipped} unchanged")
    parts.append(f"{len(report.failed)} failed")
    if report.removed:
        parts.append(f"{len(report.removed)} removed")
    return (f"{command}: {report.texts} text(s): {', '.join(parts)} → {where} "
            f"({report.stage_times()}; total {total})")
