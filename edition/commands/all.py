"""`python build.py` / `python build.py all`: validate every source, then build the HTML and PDF editions.

Both editions are written into one staging folder, which replaces `output/html/` only when every stage
succeeded; so the reading pages link the PDFs exactly when the PDFs are there.
"""

from __future__ import annotations

import argparse
import importlib
import time
from pathlib import Path

from .. import OUTPUT_DIR
from ..config import get_config
from ..errors import display_path
from ..html import HtmlSite, build_documents
from ..output import staged
from ..site import load_documents, print_warnings

DEFAULT_OUT = OUTPUT_DIR / "html"


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("all", help="validate, then build the HTML and PDF editions (the default)",
                                   description="Validate every TEI source, then build the HTML site and, "
                                               "when the print stage is installed, the PDFs.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="TEI files to build (default: every tei/*.xml)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help=f"site folder (default: {display_path(DEFAULT_OUT)})")
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4", help="paper size of the PDFs")
    parser.set_defaults(run=run)
    return parser


def _print_builder(paper: str, base_url: str):
    """The PDF builder when the print stage exists (edition.pdf.PrintBuilder), else None."""
    try:
        module = importlib.import_module("edition.pdf")
    except ModuleNotFoundError as exc:
        if exc.name == "edition.pdf":
            return None
        raise
    builder = getattr(module, "PrintBuilder", None)
    return builder(paper, base_url) if builder else None


def run(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    documents = load_documents(args.paths, lenient=False)  # validates; refuses invalid sources
    print_warnings(documents)
    base_url = get_config().base_url
    printer = _print_builder(args.paper, base_url)
    with staged(args.out) as stage:
        build_documents(HtmlSite(stage, base_url=base_url, pdf_links=printer is not None), documents)
        html_done = time.perf_counter()
        if printer is not None:
            for doc in documents:  # PrintBuilder.render(doc) -> the PDF's bytes
                (stage / doc.doc_id / f"{doc.doc_id}.pdf").write_bytes(printer.render(doc))
    end = time.perf_counter()
    stages = f"html {html_done - start:.2f} s" + (f", pdf {end - html_done:.2f} s" if printer else ", no pdf stage")
    print(f"all: {len(documents)} text(s) validated and built → {display_path(args.out)}/ ({stages})")
    return 0
