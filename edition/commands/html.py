"""`python build.py html [PATH ...] [--out DIR] [--lenient] [--jobs N] [--force] [--keep-going]`: the HTML edition.

Incremental: only the texts whose sources (or the stylesheets, templates, shared lists … they are made
with) changed are rendered again; a reading page links the text's PDF when the site holds a PDF made
from the current source (see edition.build).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import OUTPUT_DIR
from ..build import BuildRequest
from ..errors import display_path
from .building import add_build_options, base_url, run_build

DEFAULT_OUT = OUTPUT_DIR / "html"


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "html", help="build the HTML reading edition",
        description="Build the HTML site (catalogue, reading pages, indexes of names) from TEI sources. "
                    "Invalid sources are refused unless --lenient is given. Only what changed since the "
                    "last build is rebuilt.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="TEI files to build (default: every tei/*.xml)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help=f"site folder to write (default: {display_path(DEFAULT_OUT)}); replaced only when "
                             f"the whole build succeeds")
    parser.add_argument("--lenient", action="store_true",
                        help="build any well-formed TEI P5 file; its validation problems become warnings")
    add_build_options(parser)
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    request = BuildRequest(paths=args.paths, out=args.out, outputs=frozenset({"html"}), lenient=args.lenient,
                           jobs=args.jobs, force=args.force, keep_going=args.keep_going,
                           base_url=base_url(args))
    return run_build("html", request, args)
