"""`python build.py html [PATH ...] [--out DIR] [--lenient] [--jobs N] [--force] [--keep-going]`: the HTML edition.

Incremental: only the texts whose sources (or the stylesheets, templates, shared lists … they are made
with) changed are rendered again; a reading page links the text's PDF when the site holds a PDF made
from the current source (see edition.build).
"""

from __future__ import annotations

import argparse

from .building import add_text_options, one_output


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "html", help="build the HTML reading edition",
        description="Build the HTML site (catalogue, reading pages, indexes of names) from TEI sources. "
                    "Invalid sources are refused unless --lenient is given. Only what changed since the "
                    "last build is rebuilt. The search index is not made (`build.py search` or `all` make it).")
    add_text_options(parser, "reading pages, catalogue and indexes go there")
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    return one_output("html", args)
