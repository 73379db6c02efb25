"""A small static file server for a built site, on 127.0.0.1 only: what `python build.py serve` runs.

    server = SiteServer(Path("output/html"), port=8000)   # port 0: any free port (tests)
    server.start()                                        # serves in a background thread
    print(server.url)                                     # http://127.0.0.1:8000/
    server.stop()

It serves files of the folder and nothing else: no directory listings, nothing outside the folder (after
resolving `..` and symlinks), GET and HEAD only. Media types come from `MEDIA_TYPES` by the file's suffix,
so every output is served as a file host configured for the edition would serve it (`application/ld+json`
for JSON-LD, `application/tei+xml` for TEI documents). A folder answers with its index file
(`INDEX_FILES`, in order). Every response says `Cache-Control: no-cache`, so a reloaded page shows the
last build. Outputs that need more than a suffix rule (extensionless files of a static API) say so through
`media_type_rules`: a list of functions (site-relative POSIX path → media type or None), asked first.
Two hooks let `serve` add its live reload without writing anything into the site: `answer` (request
handler, URL path → True when it answered the request itself, e.g. an event stream) and `rewrite`
(site-relative path, file bytes → the bytes to send, e.g. a page with a script added).
"""

from __future__ import annotations

import errno
import http.server
import threading
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from .errors import EditionError

MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".jsonld": "application/ld+json",
    ".xml": "application/tei+xml",  # the site's XML files are the published TEI sources
    ".tei": "application/tei+xml",  # the DTS export's documents (edition/dts/)
    ".txt": "text/plain; charset=utf-8",
    ".bib": "application/x-bibtex; charset=utf-8",
    ".ris": "application/x-research-info-systems; charset=utf-8",
    ".pdf": "application/pdf",
    ".epub": "application/epub+zip",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".wasm": "application/wasm",
}
DEFAULT_MEDIA_TYPE = "application/octet-stream"
INDEX_FILES = ("index.html", "index.jsonld", "index.json", "index.xml")

MediaTypeRule = Callable[[str], "str | None"]


class SiteServer:
    """Serves `root` on 127.0.0.1:`port` in a background thread until `stop()`."""

    def __init__(self, root: Path, port: int = 8000, media_type_rules: list[MediaTypeRule] | None = None,
                 extra_headers: Callable[[str], dict[str, str]] | None = None,
                 answer: Callable[[http.server.BaseHTTPRequestHandler, str], bool] | None = None,
                 rewrite: Callable[[str, bytes], bytes] | None = None) -> None:
        self.root = Path(root).resolve()
        self.rules = list(media_type_rules or [])
        self.extra_headers = extra_headers
        self.answer = answer
        self.rewrite = rewrite
        try:
            self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), _handler_for(self))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise EditionError(f"serve: port {port} on 127.0.0.1 is in use by another program — "
                                   f"stop it, or pass --port N with a free port") from None
            raise EditionError(f"serve: cannot listen on 127.0.0.1:{port}: {exc.strerror} — "
                               f"pass --port N with a port above 1024") from None
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self._thread: threading.Thread | None = None

    def start(self) -> SiteServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="site-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def media_type(self, relative: str) -> str:
        for rule in self.rules:
            found = rule(relative)
            if found:
                return found
        return MEDIA_TYPES.get(Path(relative).suffix.lower(), DEFAULT_MEDIA_TYPE)

    def inside(self, url_path: str) -> Path | None:
        """What `url_path` (without query and fragment) names inside the served folder, resolved; None when
        it names nothing, or something outside (`..`, a symlink out, a NUL)."""
        parts = [p for p in urllib.parse.unquote(url_path).split("/") if p not in ("", ".")]
        if any(p == ".." or "\x00" in p or "\\" in p for p in parts):
            return None
        try:
            candidate = self.root.joinpath(*parts).resolve(strict=True)
            candidate.relative_to(self.root)
        except (OSError, ValueError, RuntimeError):
            return None
        return candidate

    def resolve(self, url_path: str) -> Path | None:
        """The file that answers `url_path`: the file it names, or a folder's index file; else None."""
        candidate = self.inside(url_path)
        if candidate is None:
            return None
        if candidate.is_dir():
            for name in INDEX_FILES:
                if (candidate / name).is_file():
                    return candidate / name
            return None
        return candidate if candidate.is_file() else None


def _handler_for(server: SiteServer) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "edition-serve"
        sys_version = ""

        def do_GET(self) -> None:
            self._answer(body=True)

        def do_HEAD(self) -> None:
            self._answer(body=False)

        def _answer(self, body: bool) -> None:
            path = urllib.parse.urlsplit(self.path).path
            if not path.startswith("/"):
                self._status(400, "a request path starts with /")
                return
            if server.answer is not None and server.answer(self, path):
                return
            named = server.inside(path)
            if named is not None and named.is_dir() and not path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            file = server.resolve(path)
            if file is None:
                self._status(404, f"nothing at {path!r} in the built site — build it, or check the address")
                return
            try:
                data = file.read_bytes()
            except OSError:
                self._status(404, f"{path!r} could not be read")
                return
            relative = file.relative_to(server.root).as_posix()
            if server.rewrite is not None:
                data = server.rewrite(relative, data)
            self.send_response(200)
            self.send_header("Content-Type", server.media_type(relative))
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-cache")
            self.send_header("X-Content-Type-Options", "nosniff")
            for name, value in (server.extra_headers(relative) if server.extra_headers else {}).items():
                self.send_header(name, value)
            self.end_headers()
            if body:
                self.wfile.write(data)

        def _status(self, code: int, message: str) -> None:
            data = f"{code}: {message}\n".encode()
            self.send_response(code)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def log_message(self, format: str, *args) -> None:  # quiet: the terminal is the editor's
            pass

    return Handler
