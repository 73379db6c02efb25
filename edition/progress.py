"""Progress of long work: a bar per stage on a terminal, plain lines otherwise; timings for the summary.

    progress = Progress()                         # writes to stderr
    with progress.stage("html", total=len(texts)) as stage:
        for result in results:
            stage.advance(result.doc_id, failed=not result.ok)
    progress.timings                              # {"html": seconds, …}

On a terminal the bar is redrawn in place (`html  [#######.......]  12/30  bench-00012`). When the output
is not a terminal (CI logs, files), each finished text gets a plain line while there are few of them, and
a line every tenth of the way for long stages, so a log shows how far a build got without flooding it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

BAR_WIDTH = 28
PLAIN_EVERY_TEXT_UP_TO = 20


class StageProgress:
    def __init__(self, progress: Progress, name: str, total: int) -> None:
        self.progress = progress
        self.name = name
        self.total = total
        self.done = 0
        self.failed = 0
        self._next_plain = 1
        self._last_draw = 0.0

    def advance(self, label: str = "", *, failed: bool = False) -> None:
        self.done += 1
        self.failed += int(failed)
        p = self.progress
        if not p.enabled or not self.total:
            return
        if p.tty:
            now = time.monotonic()
            if self.done == self.total or now - self._last_draw > 0.05:
                self._last_draw = now
                p.draw(self._bar(label))
        elif self.total <= PLAIN_EVERY_TEXT_UP_TO:
            mark = " failed" if failed else ""
            p.line(f"{self.name}: [{self.done:>{len(str(self.total))}}/{self.total}] {label}{mark}")
        elif self.done * 10 >= self._next_plain * self.total or self.done == self.total:
            while self.done * 10 >= self._next_plain * self.total:
                self._next_plain += 1
            failed_note = f", {self.failed} failed" if self.failed else ""
            p.line(f"{self.name}: {self.done}/{self.total} ({100 * self.done // self.total}%{failed_note})")

    def _bar(self, label: str) -> str:
        filled = BAR_WIDTH * self.done // self.total
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        failed = f" {self.failed} failed" if self.failed else ""
        text = f"{self.name:<8} [{bar}] {self.done:>{len(str(self.total))}}/{self.total}{failed}  {label}"
        return text[: self.progress.columns - 1]


class Progress:
    """Reports progress on `stream` (stderr by default); `enabled=False` keeps quiet but still times."""

    def __init__(self, stream: TextIO | None = None, *, enabled: bool = True) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        try:
            self.tty = bool(self.stream.isatty()) and os.environ.get("TERM") != "dumb"
        except (AttributeError, ValueError):
            self.tty = False
        try:
            self.columns = os.get_terminal_size(self.stream.fileno()).columns if self.tty else 100
        except (OSError, AttributeError, ValueError):
            self.columns = 100
        if self.columns < 40:  # a terminal that does not say its width
            self.columns = 100
        self.timings: dict[str, float] = {}
        self._drawn = False

    def draw(self, text: str) -> None:
        self.stream.write("\r\x1b[2K" + text)
        self.stream.flush()
        self._drawn = True

    def line(self, text: str) -> None:
        if not self.enabled:
            return
        if self._drawn:
            self.stream.write("\r\x1b[2K")
            self._drawn = False
        self.stream.write(text + "\n")
        self.stream.flush()

    def end_bar(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False

    @contextmanager
    def stage(self, name: str, total: int) -> Iterator[StageProgress]:
        """Time a stage and report its progress; the time is added to `timings[name]`."""
        stage = StageProgress(self, name, total)
        start = time.perf_counter()
        try:
            yield stage
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start
            if self.enabled and self.tty:
                self.end_bar()

    @contextmanager
    def timed(self, name: str) -> Iterator[None]:
        """Time a step that shows no bar."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start


def format_seconds(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s"
