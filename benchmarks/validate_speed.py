#!/usr/bin/env python3
"""Time validation: compiling the schemas, validating one text, a long synthetic text, and the command.

    python benchmarks/validate_speed.py [--runs N] [--copies N]

- set-up: `Validator()` (compile tei-edition.rng and tei-edition.sch), once per process;
- the real text (tei/sedova-1941-davies.xml): `validate_file`, median of N runs;
- a long text: the real body repeated `--copies` times (identifiers and paragraph numbers made unique and
  consecutive), to see how the rules scale with the length of a text;
- `python build.py validate` end to end in a fresh process (what a user waits for).
Target: validating the real text well under a second once the interpreter is up.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lxml import etree

from edition import NS, TEI_DIR, XML_NS
from edition.validate import Validator
from edition.xmlsafe import parse_file

SOURCE = TEI_DIR / "sedova-1941-davies.xml"
XML_ID = f"{{{XML_NS}}}id"


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def long_text(copies: int, folder: Path) -> tuple[Path, int]:
    """The real text with its body repeated; returns the file and its number of body paragraphs."""
    tree = parse_file(SOURCE)
    body = tree.find(".//tei:body", NS)
    divisions = list(body)
    for n in range(2, copies + 1):
        for division in divisions:
            if not isinstance(division.tag, str):
                continue
            clone = copy.deepcopy(division)
            for el in clone.iter():
                if isinstance(el.tag, str) and el.get(XML_ID):
                    el.set(XML_ID, f"{el.get(XML_ID)}x{n}")
            body.append(clone)
    numbered = body.xpath("(.//tei:div | .)/tei:p", namespaces=NS)
    for number, paragraph in enumerate(numbered, 1):
        paragraph.set("n", str(number))
    path = folder / SOURCE.name
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    return path, len(numbered)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args()

    validator, setup = timed(Validator)
    print(f"set-up (compile RELAX NG + Schematron): {setup * 1000:.0f} ms")

    times = []
    for _ in range(args.runs):
        report, seconds = timed(lambda: validator.validate_file(SOURCE))
        assert report.valid and not report.problems, report.problems
        times.append(seconds)
    print(f"{SOURCE.name}: median {statistics.median(times) * 1000:.0f} ms over {args.runs} runs "
          f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})")

    with tempfile.TemporaryDirectory() as folder:
        path, paragraphs = long_text(args.copies, Path(folder))
        report, seconds = timed(lambda: validator.validate_file(path))
        size = path.stat().st_size // 1024
        errors = [p for p in report.problems if p.severity == "error"]
        print(f"long text ({args.copies} copies, {paragraphs} body paragraphs, {size} KiB): {seconds * 1000:.0f} ms, "
              f"{len(errors)} errors")

    _, seconds = timed(lambda: subprocess.run([sys.executable, "build.py", "validate"], cwd=ROOT, check=True,
                                              capture_output=True))
    print(f"python build.py validate (fresh process): {seconds * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
