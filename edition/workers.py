"""A pool of worker processes that validate, transform and render texts; everything compiled once per worker.

    with WorkerPool(jobs=2) as pool:
        for outcome in pool.run(tasks):          # TextTask or PdfTask; outcomes in the order they finish
            ...

Each worker keeps one `WorkerState` per build settings: the validator (RELAX NG + Schematron compiled
once), the register of published IDs, the HTML renderer (templates and stylesheets compiled once, see
edition.transform) and the print builder. Tasks and outcomes are small plain data; the worker reads the
source itself and writes its files straight into the staging folder.

With `jobs=1`, or a single task, the work is done in this process: no process is started.
Workers are forked where the system allows it (fast, nothing to import again), but only from a process that
has no other thread (see `start_method`); otherwise, and where there is no fork, they are spawned.

A worker's memory is mostly Saxon's: the GraalVM heap of the XSLT processor (saxonche gives no way to cap
it) and what SaxonC keeps on the C side. Each outcome says how much memory its worker holds of its own
(`Outcome.memory`, RssAnon in KiB); when a worker passes the limit (`EDITION_WORKER_MEMORY_LIMIT` in MiB,
default `MEMORY_LIMIT_MIB`; 0 for none), the pool lets the tasks in flight finish and starts fresh workers
(≈ 0.2 s of CPU each to compile the validator and the stylesheets again; ≈ 0.3–0.45 s of wall time a renewal
with the wait for the tasks in flight), so no worker grows without bound however many texts a build has.
`python benchmarks/worker_memory.py` measures a worker's memory.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Self

from .errors import EditionError, Problem, display_path


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Settings:
    """What every task of one build shares; a worker compiles what it needs once per distinct Settings."""

    base_url: str = ""
    lenient: bool = False
    paper: str = "a4"
    register: str = ""  # path of the register of published IDs ("" for the default)


@dataclass(frozen=True)
class TextTask:
    """Load (and validate) one source; with `html`, render its reading page into `stage`/<doc-id>/."""

    path: str
    stage: str
    settings: Settings
    validate: bool = True
    html: bool = True
    pdf_link: bool = False


@dataclass(frozen=True)
class PdfTask:
    """Render one source's PDF into `stage`/<doc-id>/<doc-id>.pdf."""

    path: str
    stage: str
    settings: Settings


@dataclass
class Outcome:
    path: str
    shown: str
    kind: str  # "text" | "pdf"
    ok: bool = True
    doc_id: str = ""
    sha256: str = ""
    warnings: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    shared: dict[str, list[str]] = field(default_factory=dict)  # shared list file → entry IDs the text uses
    contribution: str = ""  # JSON of the text's TextContribution (a string keeps the parent small)
    parts: dict[str, str] = field(default_factory=dict)  # its part digests (TextContribution.part_digests)
    files: dict[str, list] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    memory: int = 0  # KiB of memory the process that ran the task holds of its own (RssAnon), after the task


class WorkerState:
    """Compiled once per worker process and build settings."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._validator = None
        self._renderer = None
        self._printer = None
        self._register = None

    @property
    def register(self):
        if self._register is None:
            from .ids import REGISTER_PATH, load_register

            self._register = load_register(Path(self.settings.register) if self.settings.register else REGISTER_PATH)
        return self._register

    def validator(self):
        """path → problems: the project's validator (strict), or the same as warnings (lenient)."""
        if self._validator is None:
            from .site import _lenient_validator, _validator

            self._validator = _lenient_validator() if self.settings.lenient else _validator()
        return self._validator

    def prepare_validation(self) -> None:
        """Make the validator and read the register now; when either cannot be made, leave both to be made
        by the first text, which then reports the problem as every text does."""
        try:
            self.validator()
            _ = self.register
        except EditionError:
            self._validator = self._register = None

    @property
    def renderer(self):
        if self._renderer is None:
            from .html import TextRenderer

            self._renderer = TextRenderer(base_url=self.settings.base_url, register=self.register)
        return self._renderer

    @property
    def printer(self):
        if self._printer is None:
            from .pdf import PrintBuilder

            self._printer = PrintBuilder(self.settings.paper, self.settings.base_url)
        return self._printer


_states: dict[Settings, WorkerState] = {}


def start_method() -> str:
    """How this process starts workers: "fork" when it can do so safely, else "forkserver" or "spawn".

    Forking copies only the thread that forks. A process with other threads — Saxon starts one with its
    processor, so any process that has already transformed a text in itself — hands the child a GraalVM
    isolate whose threads are gone half-way through whatever they were doing; a collection in the child
    may then abort the worker (seen in CI: `GCImpl.walkStack` failed). Such a process spawns its workers
    instead: fresh interpreters, each importing what it needs (≈ 0.2 s more a worker). Not a fork server:
    its workers would take the environment the server started with, not the build's."""
    if "fork" in multiprocessing.get_all_start_methods() and _single_threaded():
        return "fork"
    return "spawn"


def _single_threaded(wait: float = 0.5) -> bool:
    """Is the calling thread this process's only one? A thread Python has just joined may still be leaving
    the system for a moment (the pool's own, after its workers were replaced): wait up to `wait` seconds
    for it. Saxon's thread ("Reference Handler", GraalVM's) never leaves, so a Saxon here is answered at once."""
    transform = sys.modules.get("edition.transform")
    if threading.active_count() > 1 or getattr(transform, "_processor", None) is not None:
        return False
    deadline = time.monotonic() + wait
    while True:
        try:
            if len(os.listdir("/proc/self/task")) == 1:
                return True
        except OSError:  # no /proc: Python's count is all there is to go by
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.002)


def share_before_fork(settings: Settings, *, validate: bool) -> None:
    """Make, in the build's process, what every worker needs and that needs neither Saxon nor WeasyPrint:
    the validator (RELAX NG and Schematron compiled by lxml, ≈ 10 MiB) and the register of published IDs.
    Forked workers then share one copy of it instead of making one each. Only worth it when workers are
    forked (elsewhere it does nothing); the build calls it before its pool starts them."""
    if start_method() != "fork":
        return
    if validate:
        state_for(settings).prepare_validation()


def state_for(settings: Settings) -> WorkerState:
    state = _states.get(settings)
    if state is None:
        _states.clear()  # one build at a time per process
        state = _states[settings] = WorkerState(settings)
    return state


def _read(path: Path, shown: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        msg = f"cannot read the file ({exc.strerror or exc}) — check that it exists and is readable"
        raise EditionError(msg, [Problem(shown, 0, 0, "error", "io", msg)]) from None


def _internal_error(outcome: Outcome, exc: BaseException) -> None:
    outcome.ok = False
    outcome.problems = [Problem(outcome.shown, 0, 0, "error", "internal",
                                f"internal error: {type(exc).__name__}: {exc} — this is a bug in the pipeline; "
                                f"run again with EDITION_DEBUG=1 for a traceback and report it")]


def run_text(task: TextTask) -> Outcome:
    from .manifest import sha256_bytes
    from .site import load_document

    path = Path(task.path)
    shown = display_path(path)
    outcome = Outcome(task.path, shown, "text")
    state = state_for(task.settings)
    try:
        start = time.perf_counter()
        data = _read(path, shown)
        outcome.sha256 = sha256_bytes(data)
        check = state.validator() if task.validate else None
        register = state.register if task.validate and not task.settings.lenient else None
        doc = load_document(path, lenient=task.settings.lenient, validate=check, register=register, data=data,
                            shown=shown)
        outcome.timings["validate" if task.validate else "load"] = time.perf_counter() - start
        outcome.doc_id, outcome.shown = doc.doc_id, doc.shown
        outcome.warnings = list(doc.warnings)
        for file, entry_id in doc.shared:  # grouped by list: a compact record for the build's manifest
            outcome.shared.setdefault(file, []).append(entry_id)
        if task.html:
            start = time.perf_counter()
            stage = Path(task.stage)
            contribution, outcome.files = state.renderer.render(doc, stage / doc.doc_id, pdf_link=task.pdf_link)
            data = contribution.to_json()  # made once: sent as JSON, and hashed per cross-text page kind
            outcome.contribution = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            outcome.parts = contribution.part_digests(data)
            outcome.timings["html"] = time.perf_counter() - start
    except EditionError as exc:
        outcome.ok = False
        outcome.problems = list(exc.problems) or [Problem(shown, 0, 0, "error", "input", exc.message)]
    except Exception as exc:  # a bug: reported for this text, the others go on
        if os.environ.get("EDITION_DEBUG"):
            raise
        _internal_error(outcome, exc)
    return outcome


def run_pdf(task: PdfTask) -> Outcome:
    from .manifest import record_files, sha256_bytes
    from .site import load_document

    path = Path(task.path)
    shown = display_path(path)
    outcome = Outcome(task.path, shown, "pdf")
    state = state_for(task.settings)
    try:
        start = time.perf_counter()
        data = _read(path, shown)
        outcome.sha256 = sha256_bytes(data)
        doc = load_document(path, lenient=True, validate=None, data=data, shown=shown)  # checked by the text task
        outcome.doc_id, outcome.shown = doc.doc_id, doc.shown
        try:
            pdf = state.printer.render(doc)
        finally:
            outcome.warnings = list(state.printer.warnings)  # a character no font of the edition has
        target = Path(task.stage) / doc.doc_id / f"{doc.doc_id}.pdf"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)  # never write into a file the published site shares
        target.write_bytes(pdf)
        outcome.files = record_files(Path(task.stage), [f"{doc.doc_id}/{doc.doc_id}.pdf"])
        outcome.timings["pdf"] = time.perf_counter() - start
    except EditionError as exc:
        outcome.ok = False
        outcome.problems = list(exc.problems) or [Problem(shown, 0, 0, "error", "pdf", exc.message)]
    except Exception as exc:
        if os.environ.get("EDITION_DEBUG"):
            raise
        _internal_error(outcome, exc)
    return outcome


def run_task(task: TextTask | PdfTask) -> Outcome:
    outcome = run_pdf(task) if isinstance(task, PdfTask) else run_text(task)
    outcome.memory = own_memory_kib()
    return outcome


def own_memory_kib() -> int:
    """This process's resident anonymous memory (RssAnon, KiB): what it holds of its own (and, just after a
    fork, what it still shares with its parent); 0 where /proc is missing."""
    try:
        with open("/proc/self/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"RssAnon:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


MEMORY_LIMIT_MIB = 384  # text workers stay under ≈ 170 MiB, PDF workers of 10×-essay texts under ≈ 300 MiB


def memory_limit_kib() -> int:
    """The memory (RssAnon) past which a worker is replaced: EDITION_WORKER_MEMORY_LIMIT (MiB; 0 = none)."""
    value = os.environ.get("EDITION_WORKER_MEMORY_LIMIT", "").strip()
    if not value:
        return MEMORY_LIMIT_MIB * 1024
    try:
        mib = float(value)
    except ValueError:
        mib = -1.0
    if not 0 <= mib < 2**40:  # also NaN and infinity
        msg = (f"EDITION_WORKER_MEMORY_LIMIT={value!r} is not a number of MiB — set it to a number such as "
               f"{MEMORY_LIMIT_MIB}, or 0 for no limit, or unset it")
        raise EditionError(msg, [Problem("environment", 0, 0, "error", "setup", msg)])
    return int(mib * 1024)


class WorkerPool:
    """Up to `jobs` worker processes, started on first need and reused for every task of the build.

    A worker that dies (killed, out of memory) does not hang the build: the build stops with an error that
    says so, and the output is left as it was.
    """

    def __init__(self, jobs: int) -> None:
        self.jobs = max(1, jobs)
        self._executor: ProcessPoolExecutor | None = None
        self.memory_limit = memory_limit_kib()  # a wrong setting is refused before any work starts
        self.renewals = 0  # how many times the workers were replaced for passing the memory limit
        self.started_by = ""  # how the workers were last started (see `start_method`), "" before any

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close(abort=exc_type is not None)

    def close(self, abort: bool = False) -> None:
        executor, self._executor = self._executor, None
        if executor is None:
            return
        if abort:
            processes = getattr(executor, "_processes", None) or {}  # None once the pool is broken
            for process in list(processes.values()):
                process.terminate()  # stop writing into a staging folder that is being removed
        executor.shutdown(wait=True, cancel_futures=abort)

    def _start(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self.started_by = method = start_method()
            if method == "fork":
                gc.freeze()  # the objects workers inherit stay shared: their collector never writes to them
            self._executor = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context(method),
                                                 initializer=_leave_signals_to_build)
        return self._executor

    def run(self, tasks: Iterable[TextTask | PdfTask]) -> Iterator[Outcome]:
        """Run the tasks; yield each outcome as it is ready. Texts before PDFs (a text's problems are known
        soon, and a PDF waits for no text), longest sources first within each, to keep workers busy."""
        tasks = sorted(tasks, key=lambda task: (isinstance(task, PdfTask), -_size(task)))
        if self.jobs == 1 or (len(tasks) <= 1 and self._executor is None):
            for task in tasks:
                yield run_task(task)
            return
        executor = self._start()
        queue = iter(tasks)
        running = {executor.submit(run_task, task) for task in islice(queue, 4 * self.jobs)}
        limit = self.memory_limit
        renew = False
        try:
            while running:
                done, running = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    result = future.result()
                    renew = renew or bool(limit and result.memory > limit)
                    following = None if renew else next(queue, None)
                    if following is not None:
                        running.add(executor.submit(run_task, following))
                    yield result
                if renew and not running:  # the tasks in flight are done: fresh workers for the rest, if any
                    renew = False
                    rest = list(islice(queue, 4 * self.jobs))
                    if rest:
                        self.renewals += 1
                        self.close()
                        executor = self._start()
                        running = {executor.submit(run_task, task) for task in rest}
        except BrokenProcessPool:
            raise _worker_died("its text") from None
        finally:
            for future in running:
                future.cancel()

    @property
    def running(self) -> bool:
        """Are worker processes started (by an earlier run of this build)?"""
        return self._executor is not None

    def map(self, function: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        """`function(item)` for each item, one item a worker: the results in order. In this process when the
        pool has one job or no worker running yet (starting workers for a small task costs more than it
        saves). `function` must be a module's function, the items picklable."""
        if self.jobs == 1 or len(items) <= 1 or self._executor is None:
            return [function(item) for item in items]
        try:
            return list(self._executor.map(function, items))
        except BrokenProcessPool:
            raise _worker_died("the pages across texts") from None


def _worker_died(what: str) -> EditionError:
    msg = (f"a worker process died before finishing {what} (killed, or out of memory?) — nothing was changed; "
           f"run the build again, with fewer --jobs if memory is short")
    return EditionError(msg, [Problem("build", 0, 0, "error", "worker", msg)])


def _leave_signals_to_build() -> None:
    """In a worker: Ctrl-C and SIGTERM are the build's to handle (it ends the workers itself). A forked worker
    inherits the build's handler that turns SIGTERM into KeyboardInterrupt, so ending an idle worker when a
    build stops printed a traceback from each worker."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _size(task: TextTask | PdfTask) -> int:
    try:
        return os.stat(task.path).st_size
    except OSError:
        return 0


# --- validation alone (build.py validate --jobs N) ------------------------------------------------------

_validators: dict[tuple[str, ...], object] = {}


def _validate_one(item: tuple[Callable, str, tuple[str, ...]]):
    check, path, schemas = item
    from .validate import Validator

    validator = _validators.get(schemas)
    if validator is None:
        _validators.clear()
        validator = _validators[schemas] = Validator([Path(s) for s in schemas])
    return check(validator, Path(path))


def validate_files(paths: Sequence[Path], check: Callable, *, validator, schemas: Sequence[Path] = (),
                   jobs: int = 1) -> list:
    """`check(validator, path)` for every path, in the order given: in this process with `validator`, or in
    `jobs` worker processes that each compile their own validator (with the same extra schemas) once."""
    if jobs <= 1 or len(paths) <= 1:
        return [check(validator, Path(p)) for p in paths]
    context = multiprocessing.get_context(start_method())
    items = [(check, str(p), tuple(str(s) for s in schemas)) for p in paths]
    with ProcessPoolExecutor(min(jobs, len(paths)), mp_context=context) as executor:
        try:
            return list(executor.map(_validate_one, items, chunksize=max(1, len(items) // (jobs * 8))))
        except BrokenProcessPool:
            msg = "a worker process died before finishing (killed, or out of memory?) — run again with fewer --jobs"
            raise EditionError(msg, [Problem("validate", 0, 0, "error", "worker", msg)]) from None
