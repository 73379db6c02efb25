"""`python build.py pdf`: the print edition, one PDF/A-3b per text, beside its reading page.

    python build.py pdf [PATH ...] [--paper a4|letter] [--out DIR] [--lenient] [--jobs N] [--force] [--keep-going]

Writes `<DIR>/<doc-id>/<doc-id>.pdf` (DIR defaults to output/html, the site root) through a staging copy
of the site: the site changes only when every PDF was made. Only PDFs whose source (or print stylesheet,
template, CSS …) changed are made again; a reading page already in the site is updated to link its PDF.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import OUTPUT_DIR
from ..build import BuildRequest
from ..errors import display_path
from .building import add_build_options, base_url, run_build

PAPERS = ("a4", "letter")  # edition.pdf.PAPER_SIZES (not imported here: `build.py html` starts faster without it)


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "pdf", help="build the print edition (PDF/A-3b with the TEI source embedded)",
        description="Build the print edition of each text: title page, colophon, the text with its apparatus "
                    "and notes as footnotes, an index of names; PDF/A-3b with the TEI source attached.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="TEI files (default: every tei/*.xml)")
    parser.add_argument("--paper", choices=PAPERS, default="a4",
                        help="paper size (default: a4; letter is US Letter)")
    parser.add_argument("--out", type=Path, default=OUTPUT_DIR / "html", metavar="DIR",
                        help=f"the site root; PDFs go to DIR/<doc-id>/ (default: {display_path(OUTPUT_DIR / 'html')})")
    parser.add_argument("--lenient", action="store_true",
                        help="build any well-formed TEI P5 file; its validation problems become warnings")
    add_build_options(parser)
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    request = BuildRequest(paths=args.paths, out=args.out, outputs=frozenset({"pdf"}), lenient=args.lenient,
                           paper=args.paper, jobs=args.jobs, force=args.force, keep_going=args.keep_going,
                           base_url=base_url(args))
    return run_build("pdf", request, args)
