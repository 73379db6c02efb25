#!/usr/bin/env python3
"""Time the print edition: how long one PDF takes, split into its stages.

    python benchmarks/pdf_build.py [TEI ...] [--runs N] [--paper a4|letter]

Stages per run: XSLT (print.xsl, compiled once beforehand), the two WeasyPrint layouts (the first finds the
pages of the indexed names, the second prints the index), and writing the PDF/A-3b. Also prints the
one-off set-up (compiling the stylesheet, loading template, CSS and fonts), the PDF's size and page count,
and the end-to-end time of `python build.py pdf` in a fresh process (what a user waits for).
Results go to standard output; record them in benchmarks/README.md with the machine they ran on.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from edition.pdf import PrintBuilder
from edition.site import load_documents


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "tei" / "sedova-1941-davies.xml"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4")
    args = parser.parse_args()

    from pypdf import PdfReader

    documents = load_documents(args.paths, validate=False)
    builder, setup = timed(lambda: PrintBuilder(args.paper, base_url=""))
    print(f"set-up (compile print.xsl, template, CSS): {setup:.2f} s")
    for doc in documents:
        rows = []
        pdf = b""
        for _ in range(args.runs):
            text, t_xslt = timed(lambda doc=doc: builder.transform.render(doc.tree))
            _, t_layout = timed(lambda doc=doc, text=text: builder.layout(doc.meta, text))
            pdf, t_total = timed(lambda doc=doc: builder.render(doc))
            rows.append((t_xslt, t_layout, t_total))
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        median = [statistics.median(col) for col in zip(*rows, strict=True)]
        print(f"{doc.doc_id}: {pages} pages, {len(pdf) / 1024:.0f} KiB, {args.paper}; median of {args.runs} runs: "
              f"XSLT {median[0] * 1000:.0f} ms, two layouts {median[1]:.2f} s, "
              f"whole PDF (XSLT + layouts + writing) {median[2]:.2f} s")

    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "build.py", "pdf", *map(str, args.paths), "--out", out, "--paper", args.paper]
        try:
            import edition.validate  # noqa: F401
        except ImportError:
            command.append("--lenient")
        _, wall = timed(lambda: subprocess.run(command, cwd=ROOT, check=True, capture_output=True,
                                               env={**os.environ, "PYTHONHASHSEED": "0"}))
    print(f"`{' '.join(['python', *command[1:3]])} …` in a fresh process: {wall:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
