#!/usr/bin/env python3
"""Corpus benchmark: validate, HTML and PDF over generated corpora of N texts, in one run.

    python benchmarks/corpus_bench.py                       # N = 1, 10, 100, 1000; 2 workers; PDFs for N <= 10
    python benchmarks/corpus_bench.py --sizes 1,10 --jobs 2 --pdf-max 10 --work /tmp/bench
    python benchmarks/corpus_bench.py --peer ~/src/Stylesheets   # also the TEI Consortium's html/html.xsl

For each N it generates N texts (benchmarks/generate_corpus.py: lengths from a tenth to ten times the
essay) and measures, each command in a fresh process as a user runs it:

- floor: the same documents parsed and serialised by lxml alone (one process) — no pipeline can beat it;
- validate: `build.py validate DIR --jobs J`;
- html (cold): `build.py html … --jobs J` into an empty folder — validation included, as in every build;
- no-op: the same build again, nothing changed;
- one changed: one word of one text changed, the build again;
- pdf: `build.py pdf … --jobs J` (only for N <= --pdf-max: a PDF takes seconds);
- peak memory: the largest resident size (RSS) of one process, and the proportional set size (PSS) of
  the build's processes together (forked workers share pages with their parent), sampled from /proc
  every 20 ms.

Then: the essay from cold (`build.py all` on tei/sedova-1941-davies.xml into an empty folder, --cold-runs
times) and its no-op rebuild; and --essay-sized texts of the essay's length (default 1000; a list such as
1000,3000 shows whether memory grows with N) validated and rendered to HTML with J workers from cold
(--cold-runs times, every run printed), then one of them changed.

With --peer PATH (a checkout of the TEI Consortium's Stylesheets, e.g. `git clone
https://github.com/TEIC/Stylesheets` anywhere outside this repository), it also compares our validate +
HTML throughput with theirs, one worker each, on the same documents in the same run:

- theirs: PATH/html/html.xsl compiled once with saxonche (the compile timed and printed on its own, not
  counted), then for every document parse + transform + serialise the HTML to a file, in this process;
- ours: `build.py html DOCS --jobs 1` into an empty folder in a fresh process, as a user runs it
  (Python start-up, validation, HTML, cross-text pages and publishing all counted); the build's own
  validate + html stage times are printed too, for a second ratio without start-up and site pages;
- `--repeat R` (default 3) interleaved repetitions (ours, theirs, then theirs, ours, …), best of R
  reported, with the load average before and after;
- Saxon's floor: the same documents parsed by saxonche and copied unchanged by an identity stylesheet —
  the least any saxonche conversion costs — printed beside theirs;
- for comparison only (the target is against theirs as above): theirs after each text is parsed by lxml
  and checked by the project's RELAX NG, then also by its Schematron through lxml's stock ISO Schematron —
  the checks a user of html.xsl would run before publishing, as our build does — each interleaved too;
- this disk's floor for making files: ten empty files in a new folder a text (what ours writes: the reading
  page and its nine downloads) against one file a text (theirs), timed in the same run.

    python benchmarks/corpus_bench.py --peer PATH --only peer            # 100 essay-sized texts, ~1 min
    python benchmarks/corpus_bench.py --peer PATH --only peer --sizes 10,100 --repeat 5

`--only peer` runs just that comparison, on --sizes N (default 100) texts of the essay's length;
in a full run the comparison is made once for every corpus size, on its mixed-length texts.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate_corpus
from lxml import etree

ESSAY = ROOT / "tei" / "sedova-1941-davies.xml"


# --- measuring ----------------------------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                found += [int(c) for c in fh.read().split()]
    except OSError:
        pass
    return found


def _memory_kib(pid: int) -> tuple[int, int]:
    """(resident size, proportional set size) of a process: PSS shares the pages forked workers have in
    common with their parent among them, so the PSS of a build's processes adds up to its real footprint."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def user_environment() -> dict[str, str]:
    """The environment of the commands timed: this one, as a user's Python has it — bytecode written and read
    again. A sandbox or CI that sets PYTHONDONTWRITEBYTECODE makes every command compile the package from
    source first (0.17 s of each fresh process here), which no user pays twice."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONHASHSEED": "0"}


# Memory is sampled every 0.1 s in runs of their own: reading /proc/PID/smaps_rollup costs 1.8 ms of CPU a
# process (a 190 MB build, 2026-12-07), so sampling every 20 ms alongside a timed run took a third of a core
# from the build on a 2-core machine (the essay from cold: 3.7-3.9 s timed so, 3.0-3.2 s without).
SAMPLE_EVERY = 0.1


class Run:
    """One command in a fresh process: wall time, CPU time (user + system of it and its workers), output,
    peak memory (largest process, all together)."""

    def __init__(self, argv: list[str], *, sample: bool = True) -> None:
        self.argv = argv
        self.peak_one = 0
        self.peak_all = 0
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        process = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env=user_environment())
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                pids = [process.pid]
                i = 0
                while i < len(pids):
                    pids += _children(pids[i])
                    i += 1
                sizes = [_memory_kib(p) for p in pids]
                self.peak_one = max(self.peak_one, max((rss for rss, _pss in sizes), default=0))
                self.peak_all = max(self.peak_all, sum(pss for _rss, pss in sizes))
                done.wait(SAMPLE_EVERY)

        sampler = threading.Thread(target=sample, daemon=True)
        if sample:
            sampler.start()
        self.stdout, self.stderr = process.communicate()
        done.set()
        if sample:
            sampler.join()
        self.seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        self.returncode = process.returncode
        if self.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed ({self.returncode}):\n{self.stderr[-3000:]}")

    def stage(self, name: str) -> float | None:
        """A stage's time from the build's summary line (`… validate 0.15 s, html 0.19 s, …`)."""
        match = re.search(rf"\b{name} ([0-9.]+) s", self.stdout)
        return float(match.group(1)) if match else None


def build(command: str, paths: list[Path], out: Path, jobs: int, *extra: str, sample: bool = True) -> Run:
    return Run([sys.executable, "build.py", command, *map(str, paths), "--out", str(out), "--jobs", str(jobs),
                "--no-progress", *extra], sample=sample)


def floor(paths: list[Path]) -> float:
    """lxml alone: parse and serialise every document (the pipeline's lower bound)."""
    start = time.perf_counter()
    for path in paths:
        etree.tostring(etree.fromstring(path.read_bytes(), etree.XMLParser(resolve_entities=False)))
    return time.perf_counter() - start


IDENTITY = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:mode on-no-match="shallow-copy"/></xsl:stylesheet>"""


class Peer:
    """The TEI Consortium's html/html.xsl, compiled once with saxonche and reused for every document."""

    def __init__(self, stylesheets: Path) -> None:
        from saxonche import PySaxonProcessor

        self.proc = PySaxonProcessor(license=False)
        start = time.perf_counter()
        self.executable = self.proc.new_xslt30_processor().compile_stylesheet(
            stylesheet_file=str(stylesheets / "html" / "html.xsl"))
        self.compile_seconds = time.perf_counter() - start
        self.identity = self.proc.new_xslt30_processor().compile_stylesheet(stylesheet_text=IDENTITY)

    def _schemas(self, checks: tuple[str, ...]) -> list:
        """The project's grammar and Schematron named in `checks`, compiled once (not counted), as lxml offers
        them."""
        from lxml import isoschematron

        self.parser = etree.XMLParser(resolve_entities=False, no_network=True)
        made = {"rng": lambda: etree.RelaxNG(etree.parse(str(ROOT / "schema" / "tei-edition.rng"))),
                "sch": lambda: isoschematron.Schematron(etree.parse(str(ROOT / "schema" / "tei-edition.sch")))}
        return [made[check]() for check in checks]

    def saxon_floor(self, paths: list[Path]) -> float:
        """Seconds for Saxon to parse every document and copy it to a string unchanged (an identity
        transform): what any XSLT conversion with saxonche costs at the least, before it does anything."""
        start = time.perf_counter()
        for path in paths:
            node = self.proc.parse_xml(xml_file_name=str(path))
            self.identity.transform_to_string(xdm_node=node)
        return time.perf_counter() - start

    def run(self, paths: list[Path], out: Path, checks: tuple[str, ...] = ()) -> tuple[float, float]:
        """Parse, transform and write every document's HTML to OUT/<name>.html, one thread: the seconds, and
        the CPU seconds of this process meanwhile (Saxon's own threads included). `checks` ("rng", "sch"): each
        document is first parsed by lxml and checked against the project's RELAX NG, and its Schematron (lxml's
        stock ISO Schematron), as a user of html.xsl would check the texts before publishing them."""
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        schemas = self._schemas(checks)
        start, cpu = time.perf_counter(), time.process_time()
        for path in paths:
            if schemas:
                tree = etree.fromstring(path.read_bytes(), self.parser).getroottree()
                for schema in schemas:
                    if not schema.validate(tree):
                        raise SystemExit(f"{path} is not valid: {schema.error_log.last_error}")
            node = self.proc.parse_xml(xml_file_name=str(path))
            self.executable.transform_to_file(xdm_node=node, output_file=str(out / f"{path.stem}.html"))
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        for path in paths:
            html = (out / f"{path.stem}.html").read_text(encoding="utf-8")
            if "<body" not in html or "<p" not in html:
                raise SystemExit(f"the Stylesheets' html.xsl made no body for {path}: {out / path.stem}.html")
        return seconds, cpu


def compare(paths: list[Path], folder: Path, peer: Peer, repeat: int) -> None:
    """Ours (validate + HTML, 1 worker, fresh process, cold) against theirs (html.xsl, 1 thread), same
    documents, interleaved: ours first in odd repetitions, theirs first in even ones; best of REPEAT."""
    n, size = len(paths), mb(paths)
    load_before = os.getloadavg()
    ours: list[Run] = []
    theirs: list[float] = []
    their_cpu: list[float] = []
    checked: dict[tuple[str, ...], list[float]] = {("rng",): [], ("rng", "sch"): []}  # (for comparison only)
    floors: list[float] = []
    for r in range(repeat):
        floors.append(peer.saxon_floor(paths))
        for who in ("ours", "theirs", *checked) if r % 2 == 0 else (*reversed(checked), "theirs", "ours"):
            out = folder / f"{who if isinstance(who, str) else '+'.join(who)}-{r}"
            shutil.rmtree(out, ignore_errors=True)
            if who == "ours":
                ours.append(build("html", paths, out, 1, sample=False))
            elif who == "theirs":
                seconds, cpu = peer.run(paths, out)
                theirs.append(seconds)
                their_cpu.append(cpu)
            else:
                checked[who].append(peer.run(paths, out, checks=who)[0])
                shutil.rmtree(out)  # the same pages as theirs: not kept
    load_after = os.getloadavg()
    best = min(ours, key=lambda run: run.seconds)
    stages = [(run.stage("validate") or 0) + (run.stage("html") or 0) for run in ours]
    their_best = min(theirs)
    print(f"  ours vs the TEI Stylesheets, 1 worker each, {n} texts ({size:.2f} MB), best of {repeat}, "
          f"load {load_before[0]:.2f} → {load_after[0]:.2f} (1-min avg; {os.cpu_count()} cores)")
    print(f"    theirs: html.xsl compiled once in {peer.compile_seconds:.2f} s (not counted), "
          f"parse + transform + write:")
    print(f"    theirs                          {rate(n, size, their_best)}   all: "
          f"{', '.join(f'{s:.2f}' for s in theirs)} s")
    print("    ours: build.py html --jobs 1, cold, fresh process (all counted):")
    print(f"    ours                            {rate(n, size, best.seconds)}   all: "
          f"{', '.join(f'{run.seconds:.2f}' for run in ours)} s")
    print(f"    ours, the build's validate + html stages only {rate(n, size, min(stages))}")
    print(f"      (fastest build: plan {best.stage('plan')} s, validate {best.stage('validate')} s, "
          f"html {best.stage('html')} s, pages {best.stage('pages')} s, publish {best.stage('publish')} s; "
          f"output {folder_mb(folder / f'ours-{ours.index(best)}'):.1f} MB, theirs "
          f"{folder_mb(folder / f'theirs-{theirs.index(their_best)}'):.1f} MB)")
    print(f"    ours / theirs (texts/s): {their_best / best.seconds:.2f}× whole build; "
          f"{their_best / min(stages):.2f}× validate + html stages (target: at least level, ≥ 1×)")
    rendering = min(run.stage("html") or 0 for run in ours)  # what theirs does: no validation, but ten files
    if rendering:
        print(f"    for comparison only: the html stage alone (the reading page and its nine other files, without "
              f"validation) {their_best / rendering:.2f}×")
    our_cpu = min(run.cpu for run in ours)
    print(f"    CPU a text (user + system; the machine's load changes it little): ours {our_cpu / n * 1000:.1f} ms "
          f"(whole build, Python's start included), theirs {min(their_cpu) / n * 1000:.1f} ms; "
          f"ours / theirs {min(their_cpu) / our_cpu:.2f}×")
    for checks, what in ((("rng",), "the project's RELAX NG"),
                         (("rng", "sch"), "the project's RELAX NG and Schematron (lxml's stock ISO Schematron)")):
        seconds = min(checked[checks])
        print(f"    for comparison only: theirs after each text is parsed by lxml and checked by {what} "
              f"{rate(n, size, seconds)}; ours / that: {seconds / best.seconds:.2f}× whole build, "
              f"{seconds / min(stages):.2f}× stages")
    floor_ms, their_ms = min(floors) / n * 1000, their_best / n * 1000
    print(f"    Saxon's floor (parse + identity copy to a string, no stylesheet work): {floor_ms:.2f} ms a text; "
          f"theirs {their_ms:.2f} ms a text")
    ten, one = (files_floor(folder / "files-floor", n, count) for count in (10, 1))
    print(f"    this disk's floor for making files (empty ones): a text's ten files in a new folder, as ours writes "
          f"them, {ten / n * 1000:.2f} ms; one file a text, as theirs, {one / n * 1000:.2f} ms")


def files_floor(folder: Path, n: int, count: int) -> float:
    """Seconds to make `count` empty files in a new folder for each of N texts (then removed): what the disk
    and the kernel charge for files as such, whatever is written into them."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    start = time.perf_counter()
    for i in range(n):
        text = folder / f"text-{i}"
        text.mkdir()
        for j in range(count):
            (text / f"file-{j}").touch(exist_ok=False)
    seconds = time.perf_counter() - start
    shutil.rmtree(folder)
    return seconds


def change_one_word(path: Path) -> None:
    """An editor's correction: one word of the body's text."""
    text = path.read_text(encoding="utf-8")
    body = text.index("<body>")
    at = text.index(" the ", body)
    path.write_text(text[:at] + " this " + text[at + 5:], encoding="utf-8")


# --- reporting ----------------------------------------------------------------------------------------

def mb(paths: list[Path]) -> float:
    return sum(p.stat().st_size for p in paths) / 1e6


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def rate(count: int, size: float, seconds: float) -> str:
    return f"{seconds:7.2f} s {count / seconds:8.1f} texts/s {size / seconds:6.2f} MB/s"


def memory(run: Run) -> str:
    return f"peak {run.peak_one / 1024:4.0f} MiB largest process (RSS), {run.peak_all / 1024:4.0f} MiB all (PSS)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", help="corpus sizes (default 1,10,100,1000; with --only peer: 100)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--pdf-max", type=int, default=10, help="build PDFs only for N up to this (default 10)")
    parser.add_argument("--essay-sized", default="1000",
                        help="numbers of texts of the essay's length for the throughput and memory targets, "
                             "comma-separated (default 1000; 0: skip; e.g. 1000,3000 shows whether memory "
                             "grows with N)")
    parser.add_argument("--cold-runs", type=int, default=3,
                        help="fresh-process runs of each cold build of the essay and of the essay-sized "
                             "texts, all printed, best and median (default 3)")
    parser.add_argument("--peer", type=Path, help="a checkout of the TEI Consortium's Stylesheets")
    parser.add_argument("--only", choices=["peer"],
                        help="peer: only the comparison with --peer, on --sizes texts of the essay's length")
    parser.add_argument("--repeat", type=int, default=3,
                        help="repetitions of the --peer comparison, interleaved, best reported (default 3)")
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one, removed after)")
    args = parser.parse_args(argv)
    if args.peer and not (args.peer / "html" / "html.xsl").is_file():
        parser.error(f"{args.peer}/html/html.xsl not found — give the root of a Stylesheets checkout")
    if args.only == "peer" and not args.peer:
        parser.error("--only peer needs --peer PATH (a checkout of the TEI Consortium's Stylesheets)")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    sizes = [int(s) for s in (args.sizes or ("100" if args.only else "1,10,100,1000")).split(",") if s]
    work = args.work or Path(tempfile.mkdtemp(prefix="edition-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    print(f"corpus benchmark: {os.cpu_count()} cores, load {load:.1f}, --jobs {args.jobs}, work {work}")
    # the package's bytecode written once, as any first run on a user's machine does (see user_environment)
    subprocess.run([sys.executable, "build.py", "--help"], cwd=ROOT, env=user_environment(), capture_output=True,
                   check=True)
    try:
        args.peer = Peer(args.peer) if args.peer else None
        if args.only == "peer":
            for n in sizes:
                peer_runs(work, n, args)
            return 0
        essay_runs(work, args.jobs, args.cold_runs)
        for n in sizes:
            corpus_runs(work, n, args)
        for n in (int(v) for v in args.essay_sized.split(",") if v.strip() and int(v)):
            essay_sized_runs(work, n, args.jobs, args.cold_runs)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def essay_runs(work: Path, jobs: int, runs: int) -> None:
    out = work / "essay-site"
    colds = []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        colds.append(build("all", [ESSAY], out, jobs, sample=False))
    noop = build("all", [ESSAY], out, jobs, sample=False)
    shutil.rmtree(out, ignore_errors=True)
    measured = build("all", [ESSAY], out, jobs)  # memory, in a run of its own
    cold = sorted(colds, key=lambda run: run.seconds)[len(colds) // 2]
    print(f"\nthe essay: build.py all (validate, HTML, PDF, EPUB, DTS, search index) from cold {spread(colds)} "
          f"(median run: validate {cold.stage('validate')} s, html {cold.stage('html')} s, pdf {cold.stage('pdf')} s); "
          f"no-op rebuild {noop.seconds:.2f} s; {memory(measured)}")


def spread(runs: list) -> str:
    """Every run's seconds, then the best and the median."""
    seconds = sorted(run.seconds for run in runs)
    return (f"{', '.join(f'{run.seconds:.2f}' for run in runs)} s (best {seconds[0]:.2f} s, "
            f"median {seconds[len(seconds) // 2]:.2f} s)")


def corpus_runs(work: Path, n: int, args: argparse.Namespace) -> None:
    folder = work / f"n{n}"
    shutil.rmtree(folder, ignore_errors=True)
    paths = generate_corpus.generate(folder, n, seed=n)
    size = mb(paths)
    site = folder / "site"
    print(f"\nN = {n}: {size:.1f} MB of TEI ({size / n * 1000:.0f} kB a text on average)")
    print(f"  floor (lxml parse + serialise, 1 process) {rate(n, size, floor(paths))}")
    validate = Run([sys.executable, "build.py", "validate", str(folder / "tei"), "--jobs", str(args.jobs)])
    print(f"  validate                         {rate(n, size, validate.seconds)}  {memory(validate)}")
    html = build("html", paths, site, args.jobs)
    print(f"  validate + html (cold)           {rate(n, size, html.seconds)}  {memory(html)}")
    print(f"    in the build: validate {html.stage('validate')} s, html {html.stage('html')} s, "
          f"cross-text pages {html.stage('pages')} s, publish {html.stage('publish')} s")
    noop = build("html", paths, site, args.jobs)
    print(f"  no-op rebuild                    {noop.seconds:7.2f} s")
    change_one_word(paths[len(paths) // 2])
    one = build("html", paths, site, args.jobs)
    print(f"  one text changed                 {one.seconds:7.2f} s  (pages {one.stage('pages')} s, "
          f"publish {one.stage('publish')} s)")
    if n <= args.pdf_max:
        pdf = build("pdf", paths, site, args.jobs)
        print(f"  pdf                              {rate(n, size, pdf.seconds)}  {memory(pdf)}")
    else:
        print(f"  pdf                              not run (N > --pdf-max {args.pdf_max})")
    if args.peer:
        compare(paths, folder, args.peer, 1)


def peer_runs(work: Path, n: int, args: argparse.Namespace) -> None:
    """--only peer: N texts of the essay's length (the throughput target's unit), ours against theirs."""
    folder = work / f"peer-{n}"
    shutil.rmtree(folder, ignore_errors=True)
    paths = generate_corpus.generate(folder, n, seed=7, length=1.0)
    print(f"\n{n} essay-sized texts ({mb(paths):.2f} MB of TEI)")
    compare(paths, folder, args.peer, args.repeat)


def essay_sized_runs(work: Path, n: int, jobs: int, runs: int) -> None:
    folder = work / f"essay-sized-{n}"
    shutil.rmtree(folder, ignore_errors=True)
    paths = generate_corpus.generate(folder, n, seed=7, length=1.0)
    size = mb(paths)
    colds = []
    for _ in range(runs):
        shutil.rmtree(folder / "site", ignore_errors=True)
        colds.append(build("html", paths, folder / "site", jobs, sample=False))
    shutil.rmtree(folder / "site", ignore_errors=True)
    measured = build("html", paths, folder / "site", jobs)  # memory, in a run of its own
    html = sorted(colds, key=lambda run: run.seconds)[len(colds) // 2]
    print(f"\n{n} essay-sized texts ({size:.1f} MB), validate + html, {jobs} workers, cold: {spread(colds)}")
    print(f"  median run: {rate(n, size, html.seconds)}; validate {html.stage('validate')} s, "
          f"html {html.stage('html')} s, pages {html.stage('pages')} s; "
          f"memory (a run of its own): {memory(measured)}")
    change_one_word(paths[n // 2])
    one = build("html", paths, folder / "site", jobs, sample=False)
    noop = build("html", paths, folder / "site", jobs, sample=False)
    print(f"  one text changed: {one.seconds:.2f} s (pages {one.stage('pages')} s); no-op: {noop.seconds:.2f} s")


if __name__ == "__main__":
    sys.exit(main())
