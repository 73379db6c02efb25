"""`python build.py html [PATH ...] [--out DIR] [--lenient]`: build the HTML reading edition."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from .. import OUTPUT_DIR
from ..config import get_config
from ..errors import display_path
from ..site import build_site, load_documents, print_warnings

DEFAULT_OUT = OUTPUT_DIR / "html"


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "html", help="build the HTML reading edition",
        description="Build the HTML site (catalogue, reading pages, indexes of names) from TEI sources. "
                    "Invalid sources are refused unless --lenient is given.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="TEI files to build (default: every tei/*.xml)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help=f"site folder to write (default: {display_path(DEFAULT_OUT)}); replaced only when "
                             f"the whole build succeeds")
    parser.add_argument("--lenient", action="store_true",
                        help="build any well-formed TEI P5 file; its validation problems become warnings")
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    documents = load_documents(args.paths, lenient=args.lenient)
    print_warnings(documents)
    build_site(documents, args.out, base_url=get_config().base_url, pdf_links=False)
    elapsed = time.perf_counter() - start
    print(f"html: {len(documents)} text(s) → {display_path(args.out)}/ ({elapsed:.2f} s)")
    return 0
