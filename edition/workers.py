"""The build's worker side: one task per text, run in a pool of processes (or in this one).

    with WorkerPool(jobs=2) as pool:
        for outcome in pool.run(tasks):          # outcomes in the order they finish
            ...

A `TextTask` names a source and the outputs it needs. The worker loads the text once (edition.site.Loader:
read, hashed, parsed, validated, resolved) and every builder the task names (edition.builders) writes its
files from that one document into the staging folder. What a worker prepares (the validator, the
stylesheets, the templates) it prepares once per build settings and keeps for the next task.

With `jobs=1`, or a single task, the work is done in this process: no process is started; of a single text's
two tasks (its PDF made apart, edition.build), this process runs the first and a worker the other. A pool starts
at most as many workers as there are cores and tasks (`--jobs 400` for two texts: two), and every worker ends
with the process that started it, however that ends (`_die_with`). Workers are
always spawned, never forked: a process in which Saxon has run has a GraalVM thread, and a child forked
from it once crashed in a collection (seen in CI). Spawning costs ≈ 0.2 s of CPU a worker (imports): `html` of
10 generated texts, 2 workers, 1.3–1.4 s of CPU spawned vs 0.85–0.9 s forked (2026-12-07, load 4–8).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Self

import orjson

from .errors import EditionError, Problem, display_path
from .interrupt import Watch, stop_promptly


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Settings:
    """What every task of one build shares; a worker prepares what it needs once per distinct Settings."""

    base_url: str = ""
    lenient: bool = False
    paper: str = "a4"
    register: str = ""  # path of the register of published IDs ("" for the default)


@dataclass(frozen=True)
class TextTask:
    """Load one source (validating it when `check`), then write each output named in `outputs` into
    `stage`/<doc-id>/. `siblings`: the outputs the text's folder holds after the build (a reading page
    links its PDF)."""

    path: str
    stage: str
    settings: Settings
    check: bool = True
    outputs: tuple[str, ...] = ("html",)
    siblings: tuple[str, ...] = ()


@dataclass
class Outcome:
    path: str
    shown: str
    ok: bool = True
    doc_id: str = ""
    sha256: str = ""
    warnings: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    shared: dict[str, list[str]] = field(default_factory=dict)  # shared list file → entry IDs the text uses
    made: dict[str, dict[str, list]] = field(default_factory=dict)  # output → its files {rel: [sha256, size]}
    contribution: str = ""  # JSON of the text's TextContribution (a string keeps the parent small)
    parts: dict[str, str] = field(default_factory=dict)  # its part digests (TextContribution.part_digests)
    timings: dict[str, float] = field(default_factory=dict)  # seconds by step: validate|load, then each output


class _Worker:
    """What one process prepares once per build settings: the loader and each builder it has used."""

    current: _Worker | None = None

    def __init__(self, settings: Settings) -> None:
        from .site import Loader

        self.settings = settings
        self.loader = Loader(settings)
        self.builders: dict[str, Any] = {}

    @classmethod
    def for_settings(cls, settings: Settings) -> _Worker:
        if cls.current is None or cls.current.settings != settings:
            cls.current = cls(settings)  # one build at a time per process
        return cls.current

    def builder(self, name: str):
        if name not in self.builders:
            from .builders import BUILDERS

            self.builders[name] = BUILDERS[name](self.settings)
            self.builders[name].prepare()
        return self.builders[name]


def run_text(task: TextTask) -> Outcome:
    """Load the text once and let every builder the task names write from it; problems become the outcome's."""
    path = Path(task.path)
    shown = display_path(path)
    outcome = Outcome(task.path, shown)
    worker = _Worker.for_settings(task.settings)
    try:
        start = time.perf_counter()
        doc = worker.loader.load(path, check=task.check, shown=shown)
        outcome.timings["validate" if task.check else "load"] = time.perf_counter() - start
        outcome.doc_id, outcome.shown, outcome.sha256 = doc.doc_id, doc.shown, doc.sha256
        outcome.warnings = doc.warnings  # the same list: what a builder adds to it is reported too
        for file, entry_id in doc.shared:  # grouped by list: a compact record for the build's manifest
            outcome.shared.setdefault(file, []).append(entry_id)
        for name in task.outputs:
            start = time.perf_counter()
            made = worker.builder(name).write(doc, Path(task.stage) / doc.doc_id, frozenset(task.siblings))
            outcome.made[name] = made.files
            if made.contribution is not None:
                data = made.contribution.to_json()  # made once: sent as JSON, and hashed per page kind
                outcome.contribution = orjson.dumps(data).decode()  # json.dumps's bytes: 0.2 → 0.02 ms (2026-12-08)
                outcome.parts = made.contribution.part_digests(data)
            outcome.timings[name] = time.perf_counter() - start
    except EditionError as exc:
        outcome.ok = False
        outcome.problems = list(exc.problems) or [Problem(shown, 0, 0, "error", "input", exc.message)]
    except Exception as exc:  # a bug: reported for this text, the others go on
        from .output import full_disk_problem

        full = full_disk_problem(exc, task.stage)
        if full is not None:  # not a bug: the disk is full (said with the place)
            outcome.ok, outcome.problems = False, [full]
            return outcome
        if os.environ.get("EDITION_DEBUG"):
            raise
        outcome.ok = False
        outcome.problems = [Problem(shown, 0, 0, "error", "internal",
                                    f"internal error: {type(exc).__name__}: {exc} — this is a bug in the pipeline; "
                                    f"run again with EDITION_DEBUG=1 for a traceback and report it")]
    return outcome


class WorkerPool:
    """Up to `jobs` spawned worker processes, started on first need and reused for every task of the build.

    A worker that dies (killed, out of memory) does not hang the build: the build stops with an error that
    says so, and the output is left as it was.
    """

    def __init__(self, jobs: int) -> None:
        self.jobs = max(1, min(jobs, default_jobs()))  # never more workers than cores (nor, below, than tasks)
        self._executor: ProcessPoolExecutor | None = None
        self._stopping: ExitStack | None = None
        self._watch: Watch | None = None

    def __enter__(self) -> Self:
        """While the pool is in use, Ctrl-C and SIGTERM stop the build within a second (edition.interrupt)."""
        self._stopping = ExitStack()
        self._watch = self._stopping.enter_context(stop_promptly())
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        executor, self._executor = self._executor, None
        stopping, self._stopping, self._watch = self._stopping, None, None
        with stopping or ExitStack():
            if executor is None:
                return
            if exc_type is not None:
                for process in list((getattr(executor, "_processes", None) or {}).values()):
                    process.terminate()  # stop writing into a staging folder that is being removed
            executor.shutdown(wait=True, cancel_futures=exc_type is not None)

    def _start(self, tasks: int) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(max(1, min(self.jobs, tasks)),
                                                 mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_start_worker, initargs=(os.getpid(),))
            if self._watch is not None:
                self._watch.executors.append(self._executor)
        return self._executor

    def run(self, tasks: Iterable[TextTask]) -> Iterator[Outcome]:
        """Run the tasks, longest sources first (to keep the workers busy to the end; of one source's tasks, the
        first listed first); yield each outcome as it is ready. The tasks of a single text run in this process,
        as a single task does, except those beyond the first: in workers, alongside it."""
        tasks = sorted(tasks, key=lambda task: -_size(task.path))
        for stage in {task.stage for task in tasks} if self._watch is not None else ():
            self._watch.add_stage(stage)  # removed if a signal must stop the build at once
        if self.jobs == 1 or len(tasks) <= 1:
            yield from map(run_text, tasks)
            return
        here = tasks.pop(0) if len({task.path for task in tasks}) == 1 else None
        executor = self._start(len(tasks))
        queue = iter(tasks)
        running = {executor.submit(run_text, task) for task in islice(queue, 4 * self.jobs)}
        try:
            if here is not None:
                yield run_text(here)
            while running:
                done, running = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    following = next(queue, None)
                    if following is not None:
                        running.add(executor.submit(run_text, following))
                    yield future.result()
        except BrokenProcessPool:
            raise _worker_died("its text") from None
        finally:
            for future in running:
                future.cancel()

    def map(self, function: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        """`function(item)` for each item, the results in order; in this process with one job or one item.
        `function` must be a module's function, the items picklable."""
        if self.jobs == 1 or len(items) <= 1:
            return [function(item) for item in items]
        try:
            return list(self._start(len(items)).map(function, items, chunksize=max(1, len(items) // (self.jobs * 8))))
        except BrokenProcessPool:
            raise _worker_died("its files") from None


def _worker_died(what: str) -> EditionError:
    msg = (f"a worker process died before finishing {what} (killed, or out of memory?) — nothing was changed; "
           f"run the build again, with fewer --jobs if memory is short")
    return EditionError(msg, [Problem("build", 0, 0, "error", "worker", msg)])


def _start_worker(parent: int) -> None:
    """In a new worker: leave Ctrl-C and SIGTERM to the build (it ends the workers itself), and end with the
    build's process, however that ends (a SIGKILL gives it no chance to end its workers)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with(parent)


PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCH_EVERY = 0.5  # seconds between two looks at the parent


def _die_with(parent: int) -> None:
    """End this process when `parent` ends. On Linux the kernel sends SIGKILL at once (prctl PR_SET_PDEATHSIG:
    it works while this process is deep in C code, e.g. in libxslt or WeasyPrint's layout, and holds the
    GIL). It is tied to the thread that started this process — the build's main thread, which lives as
    long as the build — so a thread also looks at the parent twice a second, and ends this process when
    it has been replaced (the worker has been re-parented: the build is gone), on every system."""
    try:
        import ctypes
        import ctypes.util

        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: the thread alone
    if os.getppid() != parent:  # the build died before the line above
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_EVERY)
        os._exit(1)

    threading.Thread(target=watch, name="watch-build", daemon=True).start()


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0
