"""Writing output safely: build into a staging folder, then swap it in for the target in one step.

    with staged(OUTPUT_DIR / "html") as stage:        # an empty folder beside the target
        write_everything_into(stage)
    # here the target has been replaced by the staged folder; on any exception (or Ctrl-C) it is untouched

`staged(target, start_from_current=True)` starts from a copy of the current target instead (for a stage
that adds files to a site built earlier, such as the PDFs). The swap uses Linux's atomic exchange of two
paths (renameat2 RENAME_EXCHANGE) where available, so readers never see a missing or half-written site;
elsewhere it falls back to two renames, and the next build restores the old folder if a crash fell
between them. Ctrl-C and SIGTERM are held back during the swap (it completes, then the build ends
normally); SIGTERM during the build cleans up like Ctrl-C; a killed build (SIGKILL) leaves its staging
folder behind, and the next build removes it.

Only a folder this pipeline made is ever replaced: each build leaves a marker file (MARKER) in the folder,
and a folder without it that holds files is refused (so `--out tei` or `--out ~` cannot wipe a folder).

Test hook: `EDITION_TEST_KILL_AT=<point>[:KILL|INT|TERM]` makes the process signal itself at a checkpoint
(`staged`, `file-<n>` for the n-th file written with write_text, `search` while Pagefind runs, `before-swap`,
`after-swap`); it exists for tests/test_interrupt.py and does nothing when the variable is unset.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import hashlib
import os
import re
import shutil
import signal
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from . import PROJECT_ROOT
from .errors import EditionError, Problem, display_path
from .xmlsafe import visible

MARKER = ".edition-output"
MARKER_TEXT = ("This folder is written by the edition pipeline (python build.py) and replaced as a whole by "
               "every build.\nDo not keep other files here: they would be lost at the next build.\n")
KILL_HOOK = "EDITION_TEST_KILL_AT"

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM}
_files_written = 0


def _libc_renameat2():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn


_renameat2 = _libc_renameat2()


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths atomically; False when the system cannot (the caller falls back)."""
    if _renameat2 is None:
        return False
    result = _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: file system or kernel cannot exchange
        return False
    raise OSError(err, os.strerror(err), str(a))


def checkpoint(point: str) -> None:
    """The test hook (see the module's documentation): signal this process when `point` is the one asked
    for. In a worker process that is the worker alone (a worker that dies); to stop a whole build, a test
    signals the build's process group."""
    wanted = os.environ.get(KILL_HOOK)
    if not wanted:
        return
    name, _, signame = wanted.partition(":")
    if name == point:
        os.kill(os.getpid(), getattr(signal, f"SIG{signame or 'KILL'}"))


def other_process_alive(pid: int) -> bool:
    """Is `pid` a running process other than this one (a build that may still be writing)?"""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _leftovers(target: Path) -> list[Path]:
    prefix = f".{target.name}."
    return sorted(p for p in target.parent.iterdir()
                  if p.name.startswith(prefix) and p.name[len(prefix):].startswith(("staging-", "old-")))


def recover(target: Path) -> None:
    """Tidy what an interrupted build left beside `target`: restore a lost target, drop stale staging."""
    parent = target.parent
    if not parent.is_dir():
        return
    for leftover in _leftovers(target):
        kind, _, pid_text = leftover.name.rpartition("-")
        if pid_text.isdigit() and other_process_alive(int(pid_text)):
            continue  # another build is running
        if kind.endswith(".old") and not target.exists():
            os.rename(leftover, target)  # a crash between the two renames of the fallback
        else:
            shutil.rmtree(leftover, ignore_errors=True)


def replaceable_problem(target: Path) -> str | None:
    """Why `target` must not be replaced by a build, or None when it may be."""
    resolved = target.resolve()
    project = PROJECT_ROOT.resolve()
    if resolved == project or resolved in project.parents:
        return f"{display_path(target)} holds the project itself — choose a folder of its own, such as output/html"
    if not target.exists():
        return None
    if not target.is_dir():
        return f"{display_path(target)} is a file, not a folder — choose a folder for the output"
    if (target / MARKER).is_file() or not any(target.iterdir()):
        return None
    return (f"{display_path(target)} is not empty and was not made by the pipeline (it has no {MARKER} file), "
            f"and a build replaces the whole folder — choose a new or empty folder for --out (or move those "
            f"files away); nothing was changed")


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back Ctrl-C and SIGTERM (main thread only): a swap once begun is completed, and a signal that
    came meanwhile has nothing left to stop. (Python handlers, not a signal mask: a mask holds only for the
    thread that sets it, and the process may have others.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[int] = []
    previous = {number: signal.signal(number, lambda signum, frame: came.append(signum))
                for number in _HELD_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextmanager
def _term_as_interrupt() -> Iterator[None]:
    """During the build, SIGTERM cleans up like Ctrl-C (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _replace(stage: Path, target: Path) -> None:
    checkpoint("before-swap")
    with _signals_held():
        if target.exists() and exchange(stage, target):
            checkpoint("after-swap")
            shutil.rmtree(stage, ignore_errors=True)  # `stage` now holds the old target; recover() retries
            return
        old = target.parent / f".{target.name}.old-{os.getpid()}"
        moved = target.exists()
        if moved:
            os.rename(target, old)
        try:
            os.rename(stage, target)
        except OSError:
            if moved:
                os.rename(old, target)
            raise
        checkpoint("after-swap")
    shutil.rmtree(old, ignore_errors=True)


def _output_error(target: Path, message: str, summary: str = "nothing was written") -> EditionError:
    shown = display_path(target)
    return EditionError(summary, [Problem(shown, 0, 0, "error", "output", message)])


@contextmanager
def staged(target: Path, *, start_from_current: bool = False) -> Iterator[Path]:
    """Yield a staging folder for `target`; replace `target` with it only if the block succeeds."""
    target = Path(os.path.realpath(target))  # a symbolic link: the folder it names is the one replaced
    refusal = replaceable_problem(target)
    if refusal:
        raise _output_error(target, refusal)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        recover(target)
        stage = target.parent / f".{target.name}.staging-{os.getpid()}"
        if stage.exists():
            shutil.rmtree(stage)
        if start_from_current and target.is_dir():
            shutil.copytree(target, stage, symlinks=True)
        else:
            stage.mkdir()
        (stage / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    except OSError as exc:
        if "stage" in locals():
            shutil.rmtree(stage, ignore_errors=True)  # nothing half-made stays behind (a full disk: errno 28)
        full = full_disk_problem(exc, target)
        if full is not None:
            raise EditionError("nothing was written", [full]) from None
        raise _output_error(target, f"cannot prepare the output folder ({exc.strerror or exc}) — check that "
                                    f"{display_path(target)} is writable") from None
    try:
        with _term_as_interrupt():
            checkpoint("staged")
            yield stage
    except BaseException as exc:
        written = _size_of(stage) if isinstance(exc, (OSError, sqlite3.Error)) else 0
        shutil.rmtree(stage, ignore_errors=True)
        full = full_disk_problem(exc, target, written=written)
        if full is not None:  # a full disk: said with the place, not as an internal error
            raise EditionError("nothing was replaced", [full]) from None
        raise
    try:
        _replace(stage, target)
    except OSError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        raise _output_error(target, f"cannot move the new output into place ({exc.strerror or exc}) — "
                                    f"{display_path(target)} was left as it was", "nothing was replaced") from None
    except BaseException:  # Ctrl-C just before the swap: the new build is dropped, the target untouched
        shutil.rmtree(stage, ignore_errors=True)
        raise


def target_of(folder: Path) -> Path:
    """The output folder a staging folder (`.<name>.staging-<pid>`) is made for; any other folder itself."""
    staging, _, pid = folder.name.partition(".staging-")
    return folder.parent / staging[1:] if pid and staging.startswith(".") else folder


def inside(root: Path, relative: str) -> Path:
    """`root / relative`, checked to lie inside `root` once '..' and symbolic links are resolved (the last
    component itself may be a link: it is what is deleted or replaced, never followed). Whatever a build
    state or a record says, nothing outside the output is deleted or written: EditionError otherwise."""
    path = root / relative
    real_root = os.path.realpath(root)
    parent = os.path.realpath(path.parent)
    if path.name in ("", ".", "..") or os.path.isabs(relative) or \
            not (parent == real_root or parent.startswith(real_root.rstrip(os.sep) + os.sep)):
        raise _output_error(target_of(root), f"the build was asked to change {visible(relative)[:200]!r}, which lies outside "
                                    f"the output folder — nothing was changed; the build state beside the output "
                                    f"is not what the build wrote: build again with --force",
                            "nothing outside the output was changed")
    return path


_FULL = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
         errno.EFBIG: "the file is larger than this process may write (the system's file-size limit, ulimit -f)"}


def _size_of(folder: Path) -> int:
    try:
        return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    except OSError:
        return 0


def full_disk_problem(exc: BaseException, where: Path | str | None = None, written: int = 0) -> Problem | None:
    """A located problem for a write that failed for want of space (a full disk, a quota, a file-size limit,
    SQLite's "database or disk is full"); None for any other failure. `where`: the output folder (or a file
    in it), for the free space and the size a build needs."""
    if isinstance(exc, OSError) and exc.errno in _FULL:
        what, file = _FULL[exc.errno], exc.filename or where
    elif isinstance(exc, sqlite3.Error) and ("full" in str(exc) or "disk I/O" in str(exc)):
        what, file = "the disk is full (or a file-size limit was reached)", None
    else:
        return None
    where = target_of(Path(where)) if where else None
    folder = Path(where or file or ".")
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        free = 0
    size = _size_of(folder) if folder.is_dir() and (folder / MARKER).is_file() else 0
    need = f"; the site there takes {size / 1e6:,.1f} MB, and a build needs about that much free" if size else ""
    if written:
        need += f"; the build had written {written / 1e6:,.1f} MB when the disk filled, and needs more"
    file = re.sub(r"(^|/)\.([^/]+)\.staging-\d+(?=/|$)", r"\1\2", os.fspath(file)) if file else None  # as published
    written = f"{display_path(file)} could not be written" if file else \
        f"the build state beside the output could not be written (SQLite: {exc})"
    return Problem(display_path(where or file or "."), 0, 0, "error", "disk-full",
                   f"{what}: {written} ({free / 1e6:,.1f} MB free{need}) — free space on that disk, or choose an "
                   f"output folder on another disk with --out; the output folder was left as it was")


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text with Unix line ends (byte-identical across runs and platforms) as a new file: a
    file already there is unlinked first, so a hard link into the published site (an incremental build's
    staging folder shares unchanged files with it) or a symbolic link is never written through."""
    write_chunks(path, (text,))


def write_new_files(folder: Path, files: Iterable[tuple[str, bytes]]) -> dict[str, list]:
    """Write each (name, bytes) as a new file in `folder` (made when missing; a file already there is
    unlinked first, as by `write_text`); return {name: [sha256, size]} of what was written, so that nothing
    has to be read back to be recorded."""
    global _files_written
    base = os.fspath(folder)
    made: dict[str, list] = {}
    for name, data in files:
        _files_written += 1
        checkpoint(f"file-{_files_written}")
        path = os.path.join(base, name)
        try:
            fh = open(path, "xb")  # noqa: SIM115 (closed below)
        except FileExistsError:
            os.unlink(path)
            fh = open(path, "xb")  # noqa: SIM115
        except FileNotFoundError:  # the folder is missing
            os.makedirs(base, exist_ok=True)
            fh = open(path, "xb")  # noqa: SIM115
        with fh:
            try:
                fh.write(data)
            except OSError as exc:
                exc.filename = exc.filename or path  # (a write error names no file: say which)
                raise
        made[name] = [hashlib.sha256(data).hexdigest(), len(data)]
    return made


def write_chunks(path: Path, chunks: Iterable[str]) -> None:
    """`write_text` for text that comes in pieces (Jinja's `Template.generate()`): a large page is never
    held whole in memory."""
    global _files_written
    _files_written += 1
    checkpoint(f"file-{_files_written}")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    with open(path, "x", encoding="utf-8", newline="\n") as fh:
        try:
            fh.writelines(chunks)
        except OSError as exc:
            exc.filename = exc.filename or os.fspath(path)  # (a write error names no file: say which)
            raise
