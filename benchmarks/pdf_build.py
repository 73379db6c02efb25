#!/usr/bin/env python3
"""Time the print edition: how much CPU one PDF takes, split into its stages.

    python benchmarks/pdf_build.py [TEI ...] [--runs N] [--paper a4|letter]

In this process: the one-off set-up (importing WeasyPrint, compiling print.xsl, loading template and CSS), then
`PrintBuilder.render` of each text `--runs` times, split into XSLT + the rest of the build's own Python, the
layout of the body, the layout of the index of names (laid out apart, with the pages the body's layout gave
the names) and writing the PDF/A-3b. The first render is what a build from cold pays (the fonts registered and
first shaped, the hyphenation patterns read); the median of the others is a warm render. Times are CPU seconds
(user + system of this process): the machine may be shared, and wall time then says little.

Then the end-to-end `python build.py pdf` and `python build.py all` into an empty folder, each in a fresh
process: wall time and the CPU of the build with its workers (best and median of --runs, with the load
average). Results go to standard output; record them in benchmarks/README.md with the machine they ran on.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
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

STAGES = ("XSLT and the rest", "body layout", "index layout", "writing")


def cpu() -> float:
    return time.process_time()


def timed(fn):
    start = cpu()
    result = fn()
    return result, cpu() - start


def staged_render(builder: PrintBuilder, doc) -> tuple[bytes, dict[str, float]]:
    """`builder.render(doc)`, the CPU of each stage measured around the builder's own layouts and writing."""
    layouts: list[float] = []
    writes: list[float] = []
    lay_out, join = builder._layout, builder.layout

    def timed_layout(*args, **kwargs):
        document, seconds = timed(lambda: lay_out(*args, **kwargs))
        layouts.append(seconds)
        return document

    def timed_join(*args, **kwargs):
        document = join(*args, **kwargs)
        write_pdf = document.write_pdf

        def timed_write(*a, **k):
            pdf, seconds = timed(lambda: write_pdf(*a, **k))
            writes.append(seconds)
            return pdf

        document.write_pdf = timed_write
        return document

    builder._layout, builder.layout = timed_layout, timed_join
    try:
        pdf, total = timed(lambda: builder.render(doc))
    finally:
        del builder._layout, builder.layout
    body, index = sum(layouts[0::2]), sum(layouts[1::2])  # body, then index, per pass
    written = sum(writes)
    return pdf, dict(zip(STAGES, (total - body - index - written, body, index, written), strict=True),
                     total=total)


def command_times(command_name: str, paths: list[Path], paper: str, runs: int) -> None:
    walls, cpus = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as out:
            command = [sys.executable, "build.py", command_name, *map(str, paths), "--out", out,
                       "--paper", paper, "--no-progress"]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, cwd=ROOT, check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": "0"})
            walls.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    print(f"`python build.py {command_name} …` into an empty folder, fresh process: wall best {min(walls):.2f} s, "
          f"median {statistics.median(walls):.2f} s; CPU (with its workers) best {min(cpus):.2f} s, median "
          f"{statistics.median(cpus):.2f} s of {runs} (load average {os.getloadavg()[0]:.1f})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "tei" / "sedova-1941-davies.xml"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4")
    args = parser.parse_args()

    from pypdf import PdfReader

    documents = [load_document(p, lenient=False, validate=None) for p in args.paths]
    builder, setup = timed(lambda: PrintBuilder(args.paper, base_url=""))
    print(f"set-up (import WeasyPrint, compile print.xsl, template, CSS): {setup:.2f} s CPU")
    for doc in documents:
        pdf, first = staged_render(builder, doc)
        warm = [staged_render(builder, doc)[1] for _ in range(max(0, args.runs - 1))]
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        print(f"{doc.doc_id}: {pages} pages, {len(pdf) / 1024:.0f} KiB, {args.paper}; CPU seconds, first render "
              f"(from cold) / median of {len(warm)} more:")
        for stage in (*STAGES, "total"):
            median = f"{statistics.median(w[stage] for w in warm):.2f}" if warm else "—"
            print(f"  {stage:<18} {first[stage]:.2f} / {median}")
    for command_name in ("pdf", "all"):
        command_times(command_name, args.paths, args.paper, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
