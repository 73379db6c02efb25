"""`python build.py pdf`: the print edition, one PDF/A-3b per text, beside its reading page.

    python build.py pdf [PATH ...] [--paper a4|letter] [--out DIR] [--lenient]

Writes `<DIR>/<doc-id>/<doc-id>.pdf` (DIR defaults to output/html, the site root) through a staging copy
of the site: the site changes only when every PDF was made.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from .. import OUTPUT_DIR
from ..errors import display_path
from ..pdf import PAPER_SIZES, build_pdfs
from ..site import load_documents, print_warnings


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "pdf", help="build the print edition (PDF/A-3b with the TEI source embedded)",
        description="Build the print edition of each text: title page, colophon, the text with its apparatus "
                    "and notes as footnotes, an index of names; PDF/A-3b with the TEI source attached.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="TEI files (default: every tei/*.xml)")
    parser.add_argument("--paper", choices=sorted(PAPER_SIZES), default="a4",
                        help="paper size (default: a4; letter is US Letter)")
    parser.add_argument("--out", type=Path, default=OUTPUT_DIR / "html", metavar="DIR",
                        help=f"the site root; PDFs go to DIR/<doc-id>/ (default: {display_path(OUTPUT_DIR / 'html')})")
    parser.add_argument("--lenient", action="store_true",
                        help="build any well-formed TEI P5 file; its validation problems become warnings")
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    documents = load_documents(args.paths, lenient=args.lenient)
    print_warnings(documents)
    start = time.perf_counter()
    written = build_pdfs(documents, args.out, paper=args.paper)
    seconds = time.perf_counter() - start
    for path in written:
        print(f"wrote {display_path(path)} ({path.stat().st_size // 1024} KiB, {args.paper})")
    print(f"print edition: {len(written)} PDF(s) in {seconds:.1f} s")
    return 0
