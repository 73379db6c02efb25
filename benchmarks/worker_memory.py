#!/usr/bin/env python3
"""How a worker's memory grows with the number of texts it has built, and what that memory is.

    python benchmarks/worker_memory.py [SOURCES ...] [--mode html|validate] [--every 50] [--limit N]
                                       [--rounds R] [--tracemalloc] [--json FILE]

Runs `edition.workers.run_text` in this one process (no pool: what one worker of `build.py html` does)
over the sources (`.xml` files, or folders whose `*.xml` are taken; longest first as the pool hands them
out, or `--order name`; default: 1,000 essay-sized texts that `generate_corpus.py` makes in a temporary
folder, as with `--count 1000 --length 1 --seed 7`), `--rounds` times over, writing each text's
files into a temporary staging folder (each text's folder is removed after it is built, so the disk does
not fill). Every `--every` texts it prints one line:

- `texts`: texts built so far; `s/text`: CPU seconds per text since the last line (`time.process_time`);
- `peak`: the highest RSS since the line before (VmHWM, started again after each line);
- `RSS`, `PSS`, `anon`: this process's resident, proportional and anonymous memory (/proc/self/smaps_rollup);
- `Saxon heap`: resident pages of the GraalVM isolate's collected heap (the anonymous mappings inside the
  address range the isolate reserves; found as the run of adjacent mappings around the largest
  reservation); `Saxon image`: resident pages of the image heap (mapped from libsaxonc-core);
- `malloc`: bytes glibc's malloc has handed out and not got back (mallinfo2: Python objects, lxml/libxml2
  trees, SaxonC's C++ side), and `arena` what malloc holds from the system for them;
- `py`: with `--tracemalloc`, the bytes Python's allocator traces (slows the run ≈ 2×).

With `--jobs N` (N ≥ 2) the texts go through `edition.workers.WorkerPool(N)` instead, as in a build (this
process stands in for the build's main process, which holds a little more): every `--every` texts one line
gives the PSS of all the processes together now and at most since the line before (sampled every 20 ms),
and each worker's own memory (RssAnon).

The last line is the peak (VmHWM) and the time of the whole run. `--mode validate` builds no HTML (the
worker never loads Saxon), which shows what validation and Python alone hold. The corpus files are never
changed. One run at a time: it uses one core for ≈ 30 ms a text.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from edition.workers import Settings, TextTask, run_text

_MAPPING = re.compile(r"^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ (\S+)\s*(.*)$")


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
                 "keepcost")]


def malloc_usage() -> tuple[int, int]:
    """(bytes in use, bytes held from the system) by glibc's malloc; (0, 0) where mallinfo2 is missing."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        info = libc.mallinfo2
    except (OSError, AttributeError):
        return 0, 0
    info.restype = _MallInfo2
    m = info()
    return m.uordblks + m.hblkhd, m.arena + m.hblkhd


def rollup() -> dict[str, int]:
    """Rss, Pss, Anonymous … of this process in KiB."""
    values: dict[str, int] = {}
    with open("/proc/self/smaps_rollup", encoding="ascii") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "kB":
                values[parts[0].rstrip(":")] = int(parts[1])
    return values


def reset_peak() -> bool:
    """Start VmHWM again from the present RSS (Linux ≥ 4.0); False where that is not allowed."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def peak_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def saxon_heap() -> tuple[int, int]:
    """(resident KiB of the isolate's collected heap, resident KiB of its image heap); (0, 0) before Saxon."""
    maps: list[list] = []  # start, end, inode, name, rss
    with open("/proc/self/smaps", encoding="utf-8", errors="replace") as fh:
        for line in fh:
            m = _MAPPING.match(line)
            if m:
                maps.append([int(m[1], 16), int(m[2], 16), m[4], m[5], 0])
            elif line.startswith("Rss:") and maps:
                maps[-1][4] = int(line.split()[1])
    if not maps or "libsaxonc" not in "".join(entry[3] for entry in maps):
        return 0, 0
    largest = max(range(len(maps)), key=lambda i: maps[i][1] - maps[i][0])
    if maps[largest][1] - maps[largest][0] < 1 << 30:
        return 0, 0
    lo = hi = largest
    while lo > 0 and maps[lo - 1][1] == maps[lo][0]:
        lo -= 1
    while hi + 1 < len(maps) and maps[hi + 1][0] == maps[hi][1]:
        hi += 1
    heap = image = 0
    for _start, _end, inode, name, rss in maps[lo:hi + 1]:
        if inode != "0" and "libsaxonc" in name:
            image += rss
        elif inode == "0" and not name:
            heap += rss
    return heap, image


def sources(args: list[str]) -> list[Path]:
    """The TEI files named (folders: their *.xml); none named: 1,000 essay-sized texts made in a temporary
    folder (removed when the script ends)."""
    if not args:
        import atexit

        sys.path.insert(0, str(ROOT / "benchmarks"))
        import generate_corpus

        folder = Path(tempfile.mkdtemp(prefix="edition-worker-memory-"))
        atexit.register(shutil.rmtree, folder, True)
        return generate_corpus.generate(folder, 1000, seed=7, length=1.0)
    found: list[Path] = []
    for arg in args:
        path = Path(arg)
        found += sorted(path.glob("*.xml")) if path.is_dir() else [path]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="*", help="TEI files or folders (default: 1,000 generated essay-sized texts)")
    parser.add_argument("--mode", choices=("html", "validate"), default="html")
    parser.add_argument("--every", type=int, default=50, help="texts between two samples (default 50)")
    parser.add_argument("--limit", type=int, default=0, help="build only the first N sources")
    parser.add_argument("--rounds", type=int, default=1, help="go over the sources this many times")
    parser.add_argument("--order", choices=("size", "name"), default="size",
                        help="longest first, as WorkerPool.run hands them out (default), or by name")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python's own allocations")
    parser.add_argument("--jobs", type=int, default=1, help="run the texts in a pool of this many workers")
    parser.add_argument("--json", help="write the samples to this file too")
    args = parser.parse_args(argv)

    paths = sources(args.sources)
    if args.order == "size":
        paths.sort(key=lambda p: p.stat().st_size, reverse=True)
    if args.limit:
        paths = paths[:args.limit]
    if not paths:
        parser.error("no sources found")
    if args.tracemalloc:
        import tracemalloc

        tracemalloc.start()
    if args.jobs > 1:
        return run_pool(paths, args)
    stage = Path(tempfile.mkdtemp(prefix="worker-memory-"))
    settings = Settings()
    samples: list[dict] = []
    header = (f"{'texts':>6} {'s/text':>7} {'peak':>7} {'RSS':>7} {'PSS':>7} {'anon':>7} {'Saxon heap':>10} {'Saxon image':>11} "
              f"{'malloc':>7} {'arena':>7} {'py':>6}   (MiB)")
    print(f"{len(paths)} sources × {args.rounds}, mode {args.mode}, pid {os.getpid()}", flush=True)
    print(header, flush=True)

    def sample(done: int, cpu: float) -> None:
        gc.collect()
        roll = rollup()
        heap, image = saxon_heap()
        used, held = malloc_usage()
        py = 0
        if args.tracemalloc:
            import tracemalloc

            py = tracemalloc.get_traced_memory()[0]
        row = {"texts": done, "cpu_per_text": cpu, "peak": peak_kib() / 1024, "rss": roll.get("Rss", 0) / 1024, "pss": roll.get("Pss", 0) / 1024,
               "anon": roll.get("Anonymous", 0) / 1024, "saxon_heap": heap / 1024, "saxon_image": image / 1024,
               "malloc": used / 2**20, "arena": held / 2**20, "python": py / 2**20}
        samples.append(row)
        overall[0] = max(overall[0], row["peak"])
        reset_peak()
        print(f"{done:>6} {cpu:>7.4f} {row['peak']:>7.1f} {row['rss']:>7.1f} {row['pss']:>7.1f} {row['anon']:>7.1f} {row['saxon_heap']:>10.1f} "
              f"{row['saxon_image']:>11.1f} {row['malloc']:>7.1f} {row['arena']:>7.1f} {row['python']:>6.1f}", flush=True)

    overall = [0.0]
    sample(0, 0.0)
    failed = 0
    done = 0
    start_wall = time.perf_counter()
    start_cpu = last_cpu = time.process_time()
    try:
        for _round in range(args.rounds):
            for path in paths:
                outcome = run_text(TextTask(str(path), str(stage), settings, outputs=("html",) if args.mode == "html" else ()))
                if not outcome.ok:
                    failed += 1
                    if failed <= 3:
                        print(f"failed: {outcome.shown}: {outcome.problems[:1]}", file=sys.stderr)
                if outcome.doc_id:
                    shutil.rmtree(stage / outcome.doc_id, ignore_errors=True)
                done += 1
                if done % args.every == 0:
                    now = time.process_time()
                    sample(done, (now - last_cpu) / args.every)
                    last_cpu = time.process_time()
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    wall = time.perf_counter() - start_wall
    cpu = time.process_time() - start_cpu
    overall[0] = max(overall[0], peak_kib() / 1024)
    print(f"peak RSS (VmHWM) {overall[0]:.1f} MiB; {done} texts ({failed} failed) in {wall:.1f} s wall, "
          f"{cpu:.1f} s CPU ({1000 * cpu / max(done, 1):.1f} ms a text, samples included)", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps({"samples": samples, "peak_rss_mib": overall[0],
                                               "wall_s": wall, "cpu_s": cpu, "failed": failed}, indent=1) + "\n",
                                   encoding="utf-8")
    return 1 if failed else 0


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as fh:
                found += [int(c) for c in fh.read().split()]
    except OSError:
        pass
    return found


def _field_kib(path: str, name: str) -> int:
    try:
        with open(path, encoding="ascii") as fh:
            for line in fh:
                if line.startswith(name):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_pool(paths: list[Path], args: argparse.Namespace) -> int:
    """The texts through a WorkerPool: PSS of all processes together, each worker's own memory."""
    import threading

    from edition.workers import WorkerPool

    me = os.getpid()
    peak = {"all": 0, "since": 0}
    done_event = threading.Event()

    def sampler() -> None:
        while not done_event.is_set():
            total = sum(_field_kib(f"/proc/{pid}/smaps_rollup", "Pss:") for pid in [me, *_children(me)])
            peak["all"] = max(peak["all"], total)
            peak["since"] = max(peak["since"], total)
            done_event.wait(0.02)

    thread = threading.Thread(target=sampler, daemon=True)
    stage = Path(tempfile.mkdtemp(prefix="worker-memory-"))
    settings = Settings()
    tasks = [TextTask(str(p), str(stage), settings, outputs=("html",) if args.mode == "html" else ())
             for _round in range(args.rounds) for p in paths]
    print(f"{len(paths)} sources × {args.rounds}, mode {args.mode}, {args.jobs} workers, pid {me}", flush=True)
    print(f"{'texts':>6} {'PSS all':>8} {'peak all':>9} {'main PSS':>9}  workers' own memory (RssAnon, MiB)",
          flush=True)
    samples: list[dict] = []
    failed = done = 0
    start_wall = time.perf_counter()
    start_cpu = time.process_time()
    thread.start()
    try:
        with WorkerPool(args.jobs) as pool:
            for outcome in pool.run(tasks):
                if not outcome.ok:
                    failed += 1
                    if failed <= 3:
                        print(f"failed: {outcome.shown}: {outcome.problems[:1]}", file=sys.stderr)
                done += 1
                if outcome.doc_id and args.rounds == 1:
                    shutil.rmtree(stage / outcome.doc_id, ignore_errors=True)
                if done % args.every == 0 or done == len(tasks):
                    workers = _children(me)
                    total = sum(_field_kib(f"/proc/{pid}/smaps_rollup", "Pss:") for pid in [me, *workers])
                    own = [_field_kib(f"/proc/{pid}/status", "RssAnon:") / 1024 for pid in workers]
                    row = {"texts": done, "pss_all": total / 1024, "peak_all": max(peak["since"], total) / 1024,
                           "main_pss": _field_kib("/proc/self/smaps_rollup", "Pss:") / 1024,
                           "workers_anon": own}
                    peak["since"] = 0
                    samples.append(row)
                    print(f"{done:>6} {row['pss_all']:>8.1f} {row['peak_all']:>9.1f} {row['main_pss']:>9.1f}  "
                          f"{' '.join(f'{m:6.1f}' for m in own)}", flush=True)
    finally:
        done_event.set()
        thread.join()
        shutil.rmtree(stage, ignore_errors=True)
    wall = time.perf_counter() - start_wall
    print(f"peak PSS of all processes {peak['all'] / 1024:.1f} MiB; {done} texts ({failed} failed) in {wall:.1f} s "
          f"wall ({time.process_time() - start_cpu:.1f} s CPU in this process)", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps({"samples": samples, "peak_pss_all_mib": peak["all"] / 1024,
                                               "wall_s": wall, "failed": failed}, indent=1) + "\n",
                                   encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
