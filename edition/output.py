"""Writing output safely: build into a staging folder, then swap it in for the target in one step.

    with staged(OUTPUT_DIR / "html") as stage:        # an empty folder beside the target
        write_everything_into(stage)
    # here the target has been replaced by the staged folder; on any exception (or Ctrl-C) it is untouched

`staged(target, start_from_current=True)` starts from a copy of the current target instead (for a stage
that adds files to a site built earlier, such as the PDFs). The swap uses Linux's atomic exchange of two
paths (renameat2 RENAME_EXCHANGE) where available, so readers never see a missing or half-written site;
elsewhere it falls back to two renames, and the next build restores the old folder if a crash fell
between them.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import EditionError, Problem, display_path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


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


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(target: Path) -> None:
    """Tidy what an interrupted build left beside `target`: restore a lost target, drop stale staging."""
    parent = target.parent
    if not parent.is_dir():
        return
    for leftover in sorted(parent.glob(f".{target.name}.*-*")):
        kind, _, pid_text = leftover.name.rpartition("-")
        if pid_text.isdigit() and int(pid_text) != os.getpid() and _pid_alive(int(pid_text)):
            continue  # another build is running
        if kind.endswith(".old") and not target.exists():
            os.rename(leftover, target)  # a crash between the two renames of the fallback
        else:
            shutil.rmtree(leftover, ignore_errors=True)


def _replace(stage: Path, target: Path) -> None:
    if target.exists() and exchange(stage, target):
        shutil.rmtree(stage)  # `stage` now holds the old target
        return
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        os.rename(target, old)
    os.rename(stage, target)
    shutil.rmtree(old, ignore_errors=True)


@contextmanager
def staged(target: Path, *, start_from_current: bool = False) -> Iterator[Path]:
    """Yield a staging folder for `target`; replace `target` with it only if the block succeeds."""
    target = Path(target)
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
    except OSError as exc:
        shown = display_path(target)
        msg = f"cannot prepare the output folder ({exc.strerror or exc}) — check that {shown} is writable"
        raise EditionError(msg, [Problem(shown, 0, 0, "error", "output", msg)]) from None
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    try:
        _replace(stage, target)
    except OSError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        shown = display_path(target)
        msg = f"cannot move the new output into place ({exc.strerror or exc}) — {shown} was left as it was"
        raise EditionError(msg, [Problem(shown, 0, 0, "error", "output", msg)]) from None


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text with Unix line ends (byte-identical across runs and platforms)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
