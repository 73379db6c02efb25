"""`python build.py epub`: the EPUB edition, one EPUB 3 book per text, beside its reading page.

    python build.py epub [PATH ...] [--out DIR] [--lenient] [--jobs N] [--force] [--keep-going]

Writes `<DIR>/<doc-id>/<doc-id>.epub` (DIR defaults to output/html, the site root) through a staging copy
of the site: the site changes only when every book was made. Only books whose source (or stylesheets,
templates, fonts …) changed are made again; a reading page already in the site is updated to link its book.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import OUTPUT_DIR
from ..build import BuildRequest
from ..errors import display_path
from .building import add_build_options, base_url, run_build


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "epub", help="build the EPUB edition (EPUB 3, for e-readers and deposit)",
        description="Build the EPUB 3 book of each text: the text with its paragraph numbers and citable IDs, "
                    "notes and corrections as footnotes, About this edition and an index of names.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="TEI files (default: every tei/*.xml)")
    parser.add_argument("--out", type=Path, default=OUTPUT_DIR / "html", metavar="DIR",
                        help=f"the site root; books go to DIR/<doc-id>/ (default: {display_path(OUTPUT_DIR / 'html')})")
    parser.add_argument("--lenient", action="store_true",
                        help="build any well-formed TEI P5 file; its validation problems become warnings")
    add_build_options(parser)
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    request = BuildRequest(paths=args.paths, out=args.out, outputs=frozenset({"epub"}), lenient=args.lenient,
                           jobs=args.jobs, force=args.force, keep_going=args.keep_going, base_url=base_url(args))
    return run_build("epub", request, args)
