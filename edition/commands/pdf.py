"""`python build.py pdf`: the print edition, one PDF/A-3b per text, beside its reading page.

    python build.py pdf [PATH ...] [--paper a4|letter] [--out DIR] [--lenient] [--jobs N] [--force] [--keep-going]

Writes `<DIR>/<doc-id>/<doc-id>.pdf` (DIR defaults to output/html, the site root) through a staging copy
of the site: the site changes only when every PDF was made. Only PDFs whose source (or print stylesheet,
template, CSS …) changed are made again; a reading page already in the site is updated to link its PDF.
"""

from __future__ import annotations

import argparse

from .building import add_text_options, one_output

PAPERS = ("a4", "letter")  # edition.pdf.PAPER_SIZES (not imported here: `build.py html` starts faster without it)


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "pdf", help="build the print edition (PDF/A-3b with the TEI source embedded)",
        description="Build the print edition of each text: title page, colophon, the text with its apparatus "
                    "and notes as footnotes, an index of names; PDF/A-3b with the TEI source attached.")
    parser.add_argument("--paper", choices=PAPERS, default="a4",
                        help="paper size (default: a4; letter is US Letter)")
    add_text_options(parser, "PDFs go to DIR/<doc-id>/")
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    return one_output("pdf", args, paper=args.paper)
