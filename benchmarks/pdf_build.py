#!/usr/bin/env python3
"""Time the print edition: how long one PDF takes, split into its stages.

    python benchmarks/pdf_build.py [TEI ...] [--runs N] [--paper a4|letter]

Stages per run: XSLT (print.xsl, compiled once beforehand), the WeasyPrint layout (the body once, then the
index of names apart, with the pages the body's layout gave the names), and writing the PDF/A-3b. Also
prints the one-off set-up (importing WeasyPrint, compiling the stylesheet, loading template and CSS), the
PDF's size and page count, and the end-to-end times of `python build.py pdf` and `python build.py all` into
an empty folder, each in a fresh process (what a user waits for; best of --runs, with the load average).
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
from edition.site import load_document


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def have_validator() -> bool:
    try:
        import edition.validate  # noqa: F401
    except ImportError:
        return False
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "tei" / "sedova-1941-davies.xml"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4")
    args = parser.parse_args()

    from pypdf import PdfReader

    documents = [load_document(p, lenient=False, validate=None) for p in args.paths]
    builder, setup = timed(lambda: PrintBuilder(args.paper, base_url=""))
    print(f"set-up (import WeasyPrint, compile print.xsl, template, CSS): {setup:.2f} s")
    for doc in documents:
        rows = []
        pdf = b""
        for _ in range(args.runs):
            text, t_xslt = timed(lambda doc=doc: builder.transform.render(doc.tree))
            _, t_layout = timed(lambda doc=doc, text=text: builder.layout(doc.meta, text))  # body + index
            pdf, t_total = timed(lambda doc=doc: builder.render(doc))
            rows.append((t_xslt, t_layout, t_total))
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        median = [statistics.median(col) for col in zip(*rows, strict=True)]
        print(f"{doc.doc_id}: {pages} pages, {len(pdf) / 1024:.0f} KiB, {args.paper}; median of {args.runs} runs: "
              f"XSLT {median[0] * 1000:.0f} ms, layout (body + index) {median[1]:.2f} s, "
              f"whole PDF (XSLT + layouts + writing) {median[2]:.2f} s")

    for command_name in ("pdf", "all"):
        walls = []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as out:
                command = [sys.executable, "build.py", command_name, *map(str, args.paths), "--out", out,
                           "--paper", args.paper, "--no-progress"]
                if command_name == "pdf" and not have_validator():
                    command.append("--lenient")
                _, wall = timed(lambda command=command: subprocess.run(
                    command, cwd=ROOT, check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": "0"}))
                walls.append(wall)
        print(f"`python build.py {command_name} …` into an empty folder, fresh process: best {min(walls):.2f} s, "
              f"median {statistics.median(walls):.2f} s of {args.runs} (load average {os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
