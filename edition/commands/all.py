"""`python build.py` / `python build.py all`: validate every source, then build the HTML, PDF and EPUB editions,
the DTS export and the search index.

The editions are written into one staging folder, which replaces `output/html/` only when every stage
succeeded; so the reading pages link the PDFs and EPUBs exactly when they are there. Only what changed since the
last build is rebuilt (see edition.build); texts are processed in `--jobs` worker processes.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import OUTPUT_DIR
from ..build import BuildRequest
from ..errors import display_path
from .building import add_build_options, base_url, run_build

DEFAULT_OUT = OUTPUT_DIR / "html"
# What `all` (and `serve`) make: every edition and export of a text (names of edition.builders.BUILDERS).
EVERY_OUTPUT = frozenset({"html", "pdf", "epub", "dts", "search"})


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("all", help="validate, then build the HTML, PDF and EPUB editions and the "
                                                    "search index (the default)",
                                   description="Validate every TEI source, then build the HTML site, the PDFs, "
                                               "the EPUBs, the DTS export and the search index. Only what changed "
                                               "since the last build is rebuilt.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="TEI files to build (default: every tei/*.xml)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help=f"site folder (default: {display_path(DEFAULT_OUT)})")
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4", help="paper size of the PDFs")
    add_build_options(parser)
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    request = BuildRequest(paths=args.paths, out=args.out, outputs=EVERY_OUTPUT, paper=args.paper, jobs=args.jobs,
                           force=args.force, keep_going=args.keep_going, base_url=base_url(args))
    return run_build("all", request, args)
