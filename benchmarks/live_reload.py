#!/usr/bin/env python3
"""Measure the live preview: from saving the essay's TEI to the reloaded reading page showing the change.

    python benchmarks/live_reload.py [--runs 5]

Copies the project (sources, stylesheets, templates, schema, static files, code) into a temporary folder,
runs `python build.py serve --port 0` there (the real command: build, serve, watch), opens the essay's
reading page in headless Chromium (Playwright, Debian's browser), then, for each run, rewrites one word of
paragraph 1 in tei/sedova-1941-davies.xml and times until the page, reloaded by the server's event stream,
shows the new word. Prints each run, the median, and the load average (the machine may be busy).
The same helpers serve tests/browser/test_serve_live_browser.py.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("build.py", "pyproject.toml", "edition", "xslt", "templates", "schema", "static", "tei")
ESSAY = "sedova-1941-davies"
PARAGRAPH = f"{ESSAY}.p1"
FIRST_WORDS = "Before his death"


def copy_project(target: Path) -> Path:
    """A copy of the project to edit freely (no output, no caches)."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, target / part)
    return target


class Serving:
    """`python build.py serve --port 0` running in `project` until `stop()`; its output is kept in `lines`."""

    def __init__(self, project: Path, *extra: str) -> None:
        self.project = project
        self.lines: list[str] = []
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen([sys.executable, "build.py", "serve", "--port", "0", "--no-progress", *extra],
                                        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        env=env)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.url = self.wait_for(r"at (http://127\.0\.0\.1:\d+/)", timeout=180).group(1)

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float = 60, start: int = 0) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines[start:]:
                found = re.search(pattern, line)
                if found:
                    return found
            if self.process.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.02)
        raise AssertionError(f"serve never printed {pattern!r}; it printed:\n" + "\n".join(self.lines))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(2)  # Ctrl-C
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def set_first_words(source: Path, words: str) -> None:
    """Rewrite the opening words of paragraph 1 (the file is written in place, as an editor saves)."""
    text = source.read_text(encoding="utf-8")
    new, count = re.subn(r"(<p [^>]*xml:id=\"" + re.escape(PARAGRAPH) + r"\"[^>]*>)([^<]*?)(?= <persName|<persName)",
                         lambda m: m.group(1) + words, text, count=1)
    if count != 1:
        raise AssertionError(f"paragraph {PARAGRAPH} not found in {source}")
    source.write_text(new, encoding="utf-8")


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                      args=["--headless", "--no-sandbox", "--disable-gpu"])


def measure(runs: int, builds: list[float]) -> list[float]:
    """Seconds from each save to the page showing it; `builds` gets the serve's own build time of each."""
    from playwright.sync_api import sync_playwright

    times = []
    with tempfile.TemporaryDirectory(prefix="live-reload-") as tmp:
        project = copy_project(Path(tmp) / "project")
        serving = Serving(project)
        try:
            with sync_playwright() as p:
                browser = launch_chromium(p)
                page = browser.new_page()
                page.goto(f"{serving.url}{ESSAY}/")
                page.wait_for_timeout(500)  # the event stream connects
                source = project / "tei" / f"{ESSAY}.xml"
                for run in range(1, runs + 1):
                    word = f"Shortly before his death (edit {run})"
                    mark = len(serving.lines)
                    started = time.perf_counter()
                    set_first_words(source, word)
                    page.locator(f"[id='{PARAGRAPH}']", has_text=word).wait_for(timeout=30_000)
                    times.append(time.perf_counter() - started)
                    built = float(serving.wait_for(r"serve: rebuilt \(HTML\) in ([\d.]+) s", start=mark).group(1))
                    builds.append(built)
                    print(f"run {run}: {times[-1]:.3f} s (of which the build {built:.2f} s)", flush=True)
                    serving.wait_for(r"serve: rebuilt \(all\)", timeout=120, start=mark)  # the PDF follows
                browser.close()
        except BaseException:
            print("\n".join(serving.lines), file=sys.stderr)
            raise
        finally:
            serving.stop()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    builds: list[float] = []
    times = measure(args.runs, builds)
    load = os.getloadavg()
    print(f"save → reloaded page: median {statistics.median(times):.3f} s, best {min(times):.3f} s, "
          f"worst {max(times):.3f} s over {len(times)} runs (target < 0.5 s); the HTML build alone: median "
          f"{statistics.median(builds):.2f} s; load average "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
