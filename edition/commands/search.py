"""`python build.py search`: the full-text search index of the site, with the reading pages it is made from.

    python build.py search [PATH ...] [--out DIR] [--lenient] [--jobs N] [--force] [--keep-going]

Builds what is out of date of the HTML edition (the index is made from the reading pages), then indexes again
the groups of texts whose reading pages changed (edition.search): the index lands in `<DIR>/pagefind/`, one
Pagefind bundle per group of texts in `<DIR>/pagefind/<group>/`, listed in `<DIR>/pagefind/groups.json`,
which the search page `<DIR>/search.html` reads. `build.py all` (the default) and `build.py serve` make it too;
`build.py html` does not.
"""

from __future__ import annotations

import argparse

from .building import add_text_options, one_output


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "search", help="build the full-text search index (Pagefind) and the reading pages it needs",
        description="Build the reading pages that are out of date, then the site's full-text search index "
                    "(pagefind/, read by search.html). Only the groups of texts whose pages changed are "
                    "indexed again.")
    add_text_options(parser, "the index goes to DIR/pagefind/")
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    return one_output("search", args, needs=frozenset({"html"}))
