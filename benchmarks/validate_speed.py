#!/usr/bin/env python3
"""Time validation: compiling the schemas, the validation and ID work per text, a long text, and the command.

    python benchmarks/validate_speed.py [--runs N] [--texts N] [--copies N] [--skip-command]

- set-up: `Validator()` (compile tei-edition.rng and tei-edition.sch), once per process;
- the real text (tei/sedova-1941-davies.xml): `validate_file`, median of N runs;
- per essay-sized text (`--texts` texts made by benchmarks/generate_corpus.py, `--length 1`, names in a
  shared list): what a build does to check a text and publish its IDs, part by part — `validate_file`
  (read, parse, RELAX NG, Schematron, link schemes), the Schematron stylesheet alone, the pointers into
  shared lists (`check_shared_pointers`), the published-ID check (`check_ids`, citable units included) and
  the map of citable units written as ids.json (`ids_map`). Each part: the fastest of `--runs` calls per
  text, averaged over the texts — the machine is shared, and the fastest call is the one least disturbed;
- a long text: the real body repeated `--copies` times (identifiers and paragraph numbers made unique and
  consecutive), to see how the rules scale with the length of a text;
- `python build.py validate` end to end in a fresh process (what a user waits for).
Targets: validating the real text well under a second once the interpreter is up; the validation and ID
work of an essay-sized text within 15 ms on the 2-core benchmark machine.
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lxml import etree

from edition import NS, TEI_DIR, XML_NS
from edition.ids import check_ids, ids_map, load_register
from edition.shared_lists import check_shared_pointers
from edition.validate import Validator
from edition.xmlsafe import parse_bytes, parse_file

SOURCE = TEI_DIR / "sedova-1941-davies.xml"
XML_ID = f"{{{XML_NS}}}id"


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def fastest(fn: Callable[[], object], runs: int) -> float:
    """The fastest of `runs` calls, in seconds."""
    return min(timed(fn)[1] for _ in range(runs))


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


def essay_sized_texts(count: int, folder: Path) -> list[Path]:
    spec = importlib.util.spec_from_file_location("generate_corpus", ROOT / "benchmarks" / "generate_corpus.py")
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    return generator.generate(folder, count, length=1.0)


def _parts(validator: Validator, path: Path, tree: etree._ElementTree, register) -> dict[str, Callable[[], object]]:
    return {
        "validate_file": lambda: validator.validate_file(path),
        "  of which Schematron": lambda: validator._schematron(tree),
        "shared pointers": lambda: check_shared_pointers(tree, str(path), path),
        "published IDs (check_ids)": lambda: check_ids({path: tree}, register),
        "ids.json (ids_map)": lambda: ids_map(tree, "", register),
    }


def per_text_work(validator: Validator, paths: list[Path], runs: int) -> dict[str, float]:
    """Milliseconds per text of each part of the validation and ID work (see the module's docstring)."""
    register = load_register(paths[0].parent / "published-ids.json")  # none there: every ID is new
    parts: dict[str, list[float]] = {}
    for path in paths:
        tree = parse_bytes(path.read_bytes(), str(path), base_url=path.resolve().as_uri())
        report = validator.validate_file(path)
        assert report.valid and not report.problems, [p.format() for p in report.problems]
        assert not check_shared_pointers(tree, str(path), path)
        for name, fn in _parts(validator, path, tree, register).items():
            parts.setdefault(name, []).append(fastest(fn, runs))
    return {name: statistics.mean(times) * 1000 for name, times in parts.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--texts", type=int, default=10, help="essay-sized texts to time (default 10)")
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--skip-command", action="store_true", help="do not time `build.py validate`")
    args = parser.parse_args()

    validator, setup = timed(Validator)
    print(f"set-up (compile RELAX NG + Schematron): {setup * 1000:.0f} ms")

    times = []
    for _ in range(args.runs):
        report, seconds = timed(lambda: validator.validate_file(SOURCE))
        assert report.valid and not report.problems, report.problems
        times.append(seconds)
    print(f"{SOURCE.name}: median {statistics.median(times) * 1000:.1f} ms over {args.runs} runs "
          f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})")

    with tempfile.TemporaryDirectory() as folder:
        paths = essay_sized_texts(args.texts, Path(folder))
        parts = per_text_work(validator, paths, args.runs)
        size = sum(p.stat().st_size for p in paths) / len(paths) / 1024
        print(f"per essay-sized text ({len(paths)} texts, {size:.0f} KiB each; fastest of {args.runs} calls, mean):")
        for name, ms in parts.items():
            print(f"  {name:<28} {ms:6.2f} ms")
        total = sum(ms for name, ms in parts.items() if not name.startswith(" "))
        print(f"  {'all of it':<28} {total:6.2f} ms")

    with tempfile.TemporaryDirectory() as folder:
        path, paragraphs = long_text(args.copies, Path(folder))
        report, seconds = timed(lambda: validator.validate_file(path))
        size = path.stat().st_size // 1024
        errors = [p for p in report.problems if p.severity == "error"]
        print(f"long text ({args.copies} copies, {paragraphs} body paragraphs, {size} KiB): {seconds * 1000:.0f} ms, "
              f"{len(errors)} errors")

    if not args.skip_command:
        _, seconds = timed(lambda: subprocess.run([sys.executable, "build.py", "validate"], cwd=ROOT, check=True,
                                                  capture_output=True))
        print(f"python build.py validate (fresh process): {seconds * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
