"""A prompt stop: Ctrl-C and SIGTERM end a build within about a second, even in the middle of a long C call.

    with stop_promptly() as watch:          # around a whole command (edition.cli), in the main thread
        watch.add_stage(path)               # a staging folder to remove if the stop must be forced
        ...

Python runs a signal's handler only between two steps of the interpreter: a build that is inside libxslt (the
Schematron rules of a long text), libxml2 or Saxon (which keeps the GIL for the whole of a transform: 2 s for
a text of 19,000 elements) hears Ctrl-C only when that call returns, which for a large text took tens of
seconds. The handlers stay as they are (Ctrl-C raises KeyboardInterrupt; SIGTERM does too while
edition.output stages a site): when they run in time, the build cleans up as ever, and the process then
ends at once (an exit handler) instead of letting the interpreter free a large layout object by object,
which took seconds more.

For the case they do not run in time there is a guard: a small process forked when the block begins (while
the build is small and has started no thread of Saxon's), which runs nothing but system calls. The
interpreter's C-level handler writes the signal's number to a pipe (signal.set_wakeup_fd) the moment the
signal comes, whatever the build is doing; the guard reads it, gives the build GRACE seconds, and if it is
still there kills it (SIGKILL: its workers follow it, edition.workers), removes the build's own staging
folders (only folders named `.<name>.staging-<pid>`, the names edition.output gives them, which the build
tells the guard as it makes them: nothing published is touched, so the site stays exactly as it was) and
says so. The guard ends when the block does. A signal that comes while a site is being swapped in is held
by edition.output until the swap is complete; the swap takes milliseconds.
"""

from __future__ import annotations

import atexit
import os
import re
import select
import shutil
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

GRACE = 1.0  # seconds the build has to stop by itself before the guard stops it
EXIT_STATUS = 130
_WATCHED = {signal.SIGINT, signal.SIGTERM}


class Watch:
    """The build's side of the guard: tells it which staging folders to remove if it must stop the build."""

    def __init__(self, control: int | None = None) -> None:
        self._control = control  # the pipe to the guard (None: no guard)
        self.stages: set[Path] = set()
        self.executors: list = []  # (kept for callers; the workers end with the build: edition.workers)

    def add_stage(self, path: Path | str) -> None:
        """Remember the staging folder that holds `path`, if there is one of this process."""
        pattern = re.compile(rf"\..+\.staging-{os.getpid()}")
        for folder in (Path(path), *Path(path).parents):
            if pattern.fullmatch(folder.name) and folder not in self.stages:
                self.stages.add(folder)
                if self._control is not None:
                    try:
                        os.write(self._control, os.fsencode(folder) + b"\n")
                    except OSError:
                        pass
                return


_active: list[Watch] = []


def current() -> Watch | None:
    """The watch of the command running in this process, if any."""
    return _active[-1] if _active else None


@contextmanager
def stop_promptly() -> Iterator[Watch]:
    """Guard the block against a late stop (see the module's documentation). Outside the main thread, or
    inside another guarded block, it runs with the outer watch (or one that guards nothing)."""
    if _active or threading.current_thread() is not threading.main_thread():
        yield _active[-1] if _active else Watch()
        return
    wakeup_read, wakeup_write = os.pipe()
    control_read, control_write = os.pipe()
    os.set_blocking(wakeup_write, False)
    try:
        previous = signal.set_wakeup_fd(wakeup_write, warn_on_full_buffer=False)
    except ValueError:  # not the main thread of the main interpreter
        for fd in (wakeup_read, wakeup_write, control_read, control_write):
            os.close(fd)
        yield Watch()
        return
    guard = _start_guard(wakeup_read, control_read, (wakeup_write, control_write))
    os.close(wakeup_read)
    os.close(control_read)
    watch = Watch(control_write if guard else None)
    _active.append(watch)
    stopped = False
    try:
        yield watch
    except KeyboardInterrupt:
        stopped = True
        raise
    finally:
        _active.remove(watch)
        signal.set_wakeup_fd(previous)
        if stopped:  # the interpreter is not let linger: its ending frees a large layout object by object
            atexit.register(_exit_now)
        os.close(control_write)  # the guard ends
        os.close(wakeup_write)
        if guard:
            try:
                os.waitpid(guard, 0)
            except ChildProcessError:
                pass


def _exit_now() -> None:
    """End the process at once, after what it has written."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    os._exit(EXIT_STATUS)


def _start_guard(wakeup: int, control: int, parents_ends: tuple[int, ...]) -> int:
    """Fork the guard (0 if it cannot be made). The child runs no code but _guard's: system calls only."""
    try:
        pid = os.fork()
    except (OSError, AttributeError):
        return 0
    if pid:
        return pid
    try:  # the guard: a Ctrl-C at a terminal reaches the whole process group, the guard too
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.set_wakeup_fd(-1)
        for fd in parents_ends:
            os.close(fd)
        _guard(os.getppid(), wakeup, control)
    finally:
        os._exit(0)


def _guard(parent: int, wakeup: int, control: int) -> None:
    """Wait for a signal's number on `wakeup`; then give the build GRACE seconds, and if it is still there,
    kill it, remove its staging folders (named on `control`) and say so. End when `control` closes."""
    stages: list[bytes] = []
    buffered = b""
    deadline = None
    while True:
        timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
        ready, _, _ = select.select([wakeup, control], [], [], timeout)
        if control in ready:
            data = os.read(control, 65536)
            if not data:
                return  # the build left the guarded block (or ended)
            buffered += data
            *lines, buffered = buffered.split(b"\n")
            stages += [line for line in lines if line]
        if wakeup in ready:
            data = os.read(wakeup, 64)
            if deadline is None and any(number in _WATCHED for number in data):
                deadline = time.monotonic() + GRACE
                signum = next(number for number in data if number in _WATCHED)
        if deadline is not None and time.monotonic() >= deadline:
            break
    try:
        os.kill(parent, signal.SIGKILL)  # its workers follow it (edition.workers)
    except OSError:
        return
    for stage in stages:
        shutil.rmtree(os.fsdecode(stage), ignore_errors=True)
    name = "Ctrl-C" if signum == signal.SIGINT else "SIGTERM"
    os.write(2, f"interrupted ({name}) — the output was left as it was before this build\n".encode())
