"""`python build.py epub`: the EPUB edition, one EPUB 3 book per text, beside its reading page.

    python build.py epub [PATH ...] [--out DIR] [--lenient] [--jobs N] [--force] [--keep-going]

Writes `<DIR>/<doc-id>/<doc-id>.epub` (DIR defaults to output/html, the site root) through a staging copy
of the site: the site changes only when every book was made. Only books whose source (or stylesheets,
templates, fonts …) changed are made again; a reading page already in the site is updated to link its book.
"""

from __future__ import annotations

import argparse

from .building import add_text_options, one_output


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "epub", help="build the EPUB edition (EPUB 3, for e-readers and deposit)",
        description="Build the EPUB 3 book of each text: the text with its paragraph numbers and citable IDs, "
                    "notes and corrections as footnotes, About this edition and an index of names.")
    add_text_options(parser, "books go to DIR/<doc-id>/")
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    return one_output("epub", args)
