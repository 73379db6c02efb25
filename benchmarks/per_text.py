#!/usr/bin/env python3
"""CPU a text of one worker, validate + reading page, and the same for another checkout, alternated.

    python benchmarks/per_text.py [--texts 70] [--rounds 8] [--against PATH]

Makes `--texts` essay-sized texts (benchmarks/generate_corpus.py, `--length 1`, names in a shared list), then
runs `edition.workers.run_text` over them — what one worker of `build.py html` does for each text, in one
process, no pool — after five texts to warm up, and reports the process's CPU a text with the step timings the
build records (validate, html). With `--against PATH` (another checkout of this project, e.g. a `git worktree`
of an older commit), the two checkouts run one after the other in each round, each in a fresh process, so that
a change of the host's speed during the run falls on both alike; the pairwise differences are reported too.

This machine's speed can change by 10–40 % within an hour (a virtual machine on a shared host): compare
versions with this alternation, not with runs made at different times.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WARM = 5

# Run in a fresh interpreter with the checkout first on sys.path: its edition package, not this one's.
DRIVER = """
import json, sys, tempfile, time
sys.path.insert(0, sys.argv[1])
from edition.workers import Settings, TextTask, run_text
warm, paths, settings, steps = int(sys.argv[2]), sys.argv[3:], Settings(), {}
with tempfile.TemporaryDirectory() as stage:
    for number, path in enumerate(paths):
        if number == warm:
            start = time.process_time()
        outcome = run_text(TextTask(path, stage, settings, outputs=("html",)))
        if not outcome.ok:
            raise SystemExit(f"{path}: {outcome.problems[0].message}")
        for step, seconds in outcome.timings.items() if number >= warm else ():
            steps[step] = steps.get(step, 0.0) + seconds
    cpu = time.process_time() - start
measured = len(paths) - warm
print(json.dumps({"cpu": cpu / measured * 1000, **{step: s / measured * 1000 for step, s in steps.items()}}))
"""


def run(checkout: Path, paths: list[Path]) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", DRIVER, str(checkout), str(WARM), *map(str, paths)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{checkout}: {done.stderr.strip() or done.stdout.strip()}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=70, help="essay-sized texts (default 70; 5 of them warm up)")
    parser.add_argument("--rounds", type=int, default=8, help="rounds (default 8)")
    parser.add_argument("--against", type=Path, help="another checkout, run alternately with this one")
    args = parser.parse_args()
    if args.texts <= WARM:
        parser.error(f"--texts must be more than the {WARM} texts that warm up")
    checkouts = [ROOT, *([args.against.resolve()] if args.against else [])]
    with tempfile.TemporaryDirectory(prefix="per-text-") as work:
        subprocess.run([sys.executable, str(HERE / "generate_corpus.py"), work, "--count", str(args.texts),
                        "--length", "1"], check=True, capture_output=True)
        paths = sorted((Path(work) / "tei").glob("*.xml"))
        results: dict[Path, list[dict[str, float]]] = {checkout: [] for checkout in checkouts}
        for number in range(args.rounds):
            for checkout in checkouts if number % 2 == 0 else checkouts[::-1]:
                results[checkout].append(run(checkout, paths))
    print(f"CPU a text, one worker, {len(paths) - WARM} essay-sized texts, {args.rounds} rounds (ms; median [range]):")
    for checkout, rows in results.items():
        parts = ", ".join(f"{key} {statistics.median(r[key] for r in rows):.1f}"
                          f" [{min(r[key] for r in rows):.1f}–{max(r[key] for r in rows):.1f}]" for key in rows[0])
        print(f"  {checkout}: {parts}")
    if args.against:
        pairs = [new["cpu"] - old["cpu"] for new, old in zip(results[ROOT], results[checkouts[1]], strict=True)]
        print(f"  this checkout less the other, round by round: {', '.join(f'{d:+.1f}' for d in pairs)} "
              f"(median {statistics.median(pairs):+.1f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
