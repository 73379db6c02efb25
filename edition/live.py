"""Live preview for `python build.py serve`: rebuild on save, reload the open pages whose files changed.

    live = LiveReload(site)
    server = SiteServer(site, answer=live.answer, rewrite=live.rewrite).start()
    watch_and_rebuild(live, request, stop)     # blocks: watches the project's sources until `stop` is set

- **Watch**: `watchfiles` (a Rust file watcher) reports saves under tei/, xslt/, templates/, schema/ and
  static/; each batch of changes runs the same `Build` as the command line, in this process: first the HTML
  (the reading pages; the groups of the search index whose texts changed leave it), published at once, then
  everything (`all`: the PDFs follow, and the search index indexes those groups again, edition.search).
- **Reload**: every HTML page the server sends gets one script tag (`/__live__/live.js`; nothing is written
  into the site) and a Content-Security-Policy that lets it open `/__live__/events`, a Server-Sent Events
  stream. After each published build the stream names the files that changed (found by comparing the
  site's files before and after: a published file that was not remade keeps its inode); a page reloads when
  its own file or a static file changed.
- **A broken save**: the build's problems (`file:line:col: …`) are printed in the terminal and sent to the
  pages, which show them in an overlay; the site keeps serving the last good build.
"""

from __future__ import annotations

import html
import json
import os
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

from . import PROJECT_ROOT
from .build import Build, BuildRequest
from .errors import EditionError, Problem

WATCHED = ("tei", "xslt", "templates", "schema", "static")
PREFIX = "/__live__/"
ASSETS = {"live.js": "text/javascript; charset=utf-8", "live.css": "text/css; charset=utf-8"}
ALL_CHANGED = 300  # more changed files than this: the stream says "every page"
_CSP_CONNECT = b"connect-src 'none'"


class LiveReload:
    """The state the event stream tells the pages: the number of the last build, the files it changed, and
    the problems of a build that failed (empty when the last build published)."""

    def __init__(self, site: Path) -> None:
        self.site = Path(site)
        self.generation = 0
        self.changed: list[str] | str = []
        self.problems: list[dict] = []
        self.closed = False
        self._cond = threading.Condition()

    # --- what builds report ----------------------------------------------------------------------------

    def published(self, changed: list[str]) -> None:
        with self._cond:
            self.generation += 1
            self.changed = "*" if len(changed) > ALL_CHANGED else sorted(changed)
            self.problems = []
            self._cond.notify_all()

    def broken(self, problems: list[Problem], message: str) -> None:
        shown = [{"where": f"{p.path}:{p.line}:{p.column}", "severity": p.severity, "message": p.message}
                 for p in problems] or [{"where": "build", "severity": "error", "message": message}]
        with self._cond:
            self.generation += 1
            self.changed = []
            self.problems = shown
            self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()

    def state(self) -> dict:
        return {"generation": self.generation, "changed": self.changed, "problems": self.problems}

    # --- the server's hooks ------------------------------------------------------------------------------

    def rewrite(self, relative: str, data: bytes) -> bytes:
        """An HTML page gets the live script and may connect to the event stream."""
        if not relative.endswith(".html") or b"</body>" not in data:
            return data
        page = html.escape(relative, quote=True)
        tag = f'<script src="{PREFIX}live.js" data-page="{page}" data-generation="{self.generation}"></script>\n'.encode()
        data = data.replace(_CSP_CONNECT, b"connect-src 'self'", 1)
        at = data.rfind(b"</body>")
        return data[:at] + tag + data[at:]

    def answer(self, handler, path: str) -> bool:
        if not path.startswith(PREFIX):
            return False
        name = path[len(PREFIX):]
        if name == "events":
            self._stream(handler)
        elif name in ASSETS:
            body = (Path(__file__).parent / name).read_bytes()
            handler.send_response(200)
            handler.send_header("Content-Type", ASSETS[name])
            handler.send_header("Content-Length", str(len(body)))
            handler.send_header("Cache-Control", "no-cache")
            handler.end_headers()
            if handler.command != "HEAD":
                handler.wfile.write(body)
        else:
            return False
        return True

    def _stream(self, handler) -> None:
        """Server-Sent Events: the current state at once, then one event per build, a comment every 15 s."""
        handler.close_connection = True
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream; charset=utf-8")
        handler.send_header("Cache-Control", "no-cache")
        handler.end_headers()
        seen = -1
        try:
            while True:
                with self._cond:
                    if seen == self.generation and not self.closed:
                        self._cond.wait(timeout=15)
                    if self.closed:
                        return
                    state, fresh = self.state(), self.generation != seen
                    seen = self.generation
                chunk = f"data: {json.dumps(state)}\n\n" if fresh else ": still here\n\n"
                handler.wfile.write(chunk.encode())
                handler.wfile.flush()
        except OSError:  # the page was closed or reloaded
            return


def site_files(site: Path) -> dict[str, tuple[int, int, int]]:
    """{relative path: (inode, mtime_ns, size)} of every file of the site (a file the build did not remake
    is a hard link to the one published before: same inode)."""
    found = {}
    base = len(os.fspath(site)) + 1
    for folder, _dirs, files in os.walk(site):
        for name in files:
            path = os.path.join(folder, name)
            try:
                st = os.stat(path)
            except OSError:
                continue
            found[path[base:].replace(os.sep, "/")] = (st.st_ino, st.st_mtime_ns, st.st_size)
    return found


def rebuild(live: LiveReload, request: BuildRequest) -> bool:
    """One build; its problems go to the terminal and the pages. True when it published."""
    before = site_files(live.site)
    started = time.perf_counter()
    try:
        report = Build(request).run()
    except EditionError as exc:
        return _broken(live, exc.problems, exc.message)
    except Exception as exc:  # noqa: BLE001 — e.g. a template that does not compile: shown, and serving goes on
        return _broken(live, [_problem_of(exc)], f"{type(exc).__name__}: {exc}")
    if report.nothing_to_do:
        return True
    after = site_files(live.site)
    changed = [rel for rel, stat in after.items() if before.get(rel) != stat] + [r for r in before if r not in after]
    what = "HTML" if request.outputs == frozenset({"html"}) else "all"
    print(f"serve: rebuilt ({what}) in {time.perf_counter() - started:.2f} s: {len(changed)} file(s) changed",
          flush=True)
    live.published(changed)
    return True


def _broken(live: LiveReload, problems: list[Problem], message: str) -> bool:
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    print(f"serve: {message} — still serving the last good build", file=sys.stderr, flush=True)
    live.broken(problems, message)
    return False


def _problem_of(exc: Exception) -> Problem:
    """A problem with a place where the exception names one (a Jinja template's file and line)."""
    import jinja2

    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = exc.filename or exc.name or "templates"
        try:
            where = os.path.relpath(where, PROJECT_ROOT) if os.path.isabs(where) else f"templates/{where}"
        except ValueError:
            pass
        return Problem(where, exc.lineno or 0, 1, "error", "template", f"{exc.message} — fix the template")
    return Problem("build", 0, 0, "error", "internal", f"{type(exc).__name__}: {exc}")


def forget_compiled(changes: set) -> bool:
    """A changed stylesheet, template or schema: this process compiles them again for the next build."""
    if all(Path(path).is_relative_to(PROJECT_ROOT / "tei") for _kind, path in changes):
        return False
    from .page_templates import template_env
    from .workers import _Worker

    _Worker.current = None
    template_env.cache_clear()
    return True


def warm_up(request: BuildRequest) -> None:
    """Compile what a text's reading page needs in this process now (the first build may have used worker
    processes), so that the first save is as quick as the next."""
    from .workers import Settings, _Worker

    settings = Settings(request.base_url, request.lenient, request.paper, str(request.register or ""))
    try:
        _Worker.for_settings(settings).builder("html")
    except Exception:  # noqa: BLE001 — a broken stylesheet: the build that follows reports it, file:line:col
        _Worker.current = None


def watch_and_rebuild(live: LiveReload, request: BuildRequest, stop: threading.Event) -> None:
    """Rebuild after every batch of saves until `stop` is set: the HTML first, then everything."""
    import watchfiles

    warm_up(request)
    folders = [str(PROJECT_ROOT / name) for name in WATCHED if (PROJECT_ROOT / name).is_dir()]
    html_only = replace(request, outputs=frozenset({"html"}), force=False)
    everything = replace(request, force=False)
    for changes in watchfiles.watch(*folders, stop_event=stop, debounce=40, step=20, raise_interrupt=False):
        if forget_compiled(changes):
            warm_up(request)
        shown = ", ".join(sorted({os.path.relpath(p, PROJECT_ROOT) for _kind, p in changes})[:5])
        print(f"serve: changed: {shown}", flush=True)
        if rebuild(live, html_only) and "pdf" in request.outputs:
            rebuild(live, everything)
