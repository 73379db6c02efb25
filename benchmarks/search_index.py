#!/usr/bin/env python3
"""Measure the search index of a corpus: Pagefind's time inside the build, the index's size, and rebuilds.

    python benchmarks/search_index.py [--count 1000] [--length 1.0] [--jobs 2] [--keep DIR]

Generates COUNT texts (benchmarks/generate_corpus.py; `--length 1.0`: each as long as the essay), builds
their HTML site and its search index with the build itself (edition.build, as `build.py search` does: the
index is made in the build's finish, one Pagefind bundle per group of texts), and prints the build's stage
times (the "search" stage is Pagefind's runs over the reading pages), the size and number of files of
output/html/pagefind/, its groups and languages, then the time of a rebuild with nothing changed (no group is
made again) and, with one text changed, of `build.py html` (its group leaves the index) followed by
`build.py search` (that group alone is indexed again). Prints the load average: on a busy machine the times
are longer.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate_corpus import generate

from edition.build import Build, BuildRequest


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def run(folder: Path, count: int, length: float, jobs: int) -> None:
    generate(folder, count, length=length)
    sources = sorted((folder / "tei").glob("*.xml"))
    out = folder / "html"
    request = BuildRequest(paths=sources, out=out, jobs=jobs, outputs=frozenset({"html", "search"}))
    started = time.perf_counter()
    report = Build(request).run()
    print(f"build of {count} texts: {time.perf_counter() - started:.1f} s ({report.stage_times()})", flush=True)
    size, files = folder_size(out / "pagefind")
    pages = sum(1 for _ in out.glob("*/index.html"))
    groups = json.loads((out / "pagefind" / "groups.json").read_text())["groups"]
    languages = {language for group in groups for language in group["languages"]}
    print(f"index: {size / 1024 / 1024:.1f} MiB in {files} files for {pages} reading pages "
          f"({size / max(pages, 1) / 1024:.1f} KiB a page), {len(groups)} group(s); "
          f"languages: {', '.join(sorted(languages))}")
    site_size, _ = folder_size(out)
    print(f"the whole site: {site_size / 1024 / 1024:.1f} MiB (the index is {100 * size / site_size:.0f} %)")
    started = time.perf_counter()
    again = Build(request).run()
    print(f"rebuild, nothing changed: {time.perf_counter() - started:.2f} s, nothing to do: {again.nothing_to_do}")
    one = sources[len(sources) // 2]
    one.write_text(one.read_text(encoding="utf-8").replace("</p>", " (changed)</p>", 1), encoding="utf-8")
    for name, outputs in (("html", frozenset({"html"})), ("search", request.outputs)):
        started = time.perf_counter()
        changed = Build(replace(request, outputs=outputs)).run()
        print(f"one text changed, then build.py {name}: {time.perf_counter() - started:.2f} s "
              f"({changed.stage_times()})")
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--length", type=float, default=1.0, help="each text this many times the essay")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", type=Path, default=None, help="build in DIR and keep it (default: a temporary folder)")
    args = parser.parse_args(argv)
    if args.keep:
        run(args.keep, args.count, args.length, args.jobs)
    else:
        with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
            run(Path(tmp), args.count, args.length, args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
