"""`build.py serve` and edition.server: the built site served on 127.0.0.1 as a file host serves it — the
right media types, nothing outside the site, clear messages — by the real command in a real process."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.site_support import ROOT, essay_site


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return essay_site(tmp_path_factory.getbasetemp())


def start(args: list[str]) -> tuple[subprocess.Popen, str]:
    """`build.py serve ARGS` in a process of its own; its address, read from the line it prints."""
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    found = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
    if not found:
        proc.kill()
        raise AssertionError(f"serve printed no address: {line!r} {proc.stderr.read()!r}")
    return proc, found.group(1)


@pytest.fixture(scope="module")
def served(site):
    proc, url = start(["--no-build", "--port", "0", "--out", str(site)])
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def get(url: str, path: str, method: str = "GET") -> http.client.HTTPResponse:
    host, port = url.removeprefix("http://").rstrip("/").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request(method, path)
    response = conn.getresponse()
    response.body = response.read()
    conn.close()
    return response


def test_every_file_of_the_site_is_served_with_its_media_type(site, served):
    expected = {".html": "text/html; charset=utf-8", ".xml": "application/tei+xml", ".css": "text/css; charset=utf-8",
                ".json": "application/json", ".txt": "text/plain; charset=utf-8", ".woff2": "font/woff2"}
    seen = set()
    for file in sorted(p for p in site.rglob("*") if p.is_file()):
        relative = file.relative_to(site).as_posix()
        response = get(served, "/" + relative)
        assert response.status == 200, relative
        assert response.body == file.read_bytes(), relative
        if file.suffix in expected:
            assert response.getheader("Content-Type") == expected[file.suffix], relative
            seen.add(file.suffix)
        assert response.getheader("Cache-Control") == "no-cache"
    assert {".html", ".xml", ".css", ".json"} <= seen


def test_a_folder_answers_with_its_index_page_and_a_bare_folder_name_redirects(site, served):
    doc_id = next(p.name for p in site.iterdir() if (p / "index.html").is_file())
    assert get(served, "/").body == (site / "index.html").read_bytes()
    assert get(served, f"/{doc_id}/").body == (site / doc_id / "index.html").read_bytes()
    moved = get(served, f"/{doc_id}")
    assert moved.status == 301 and moved.getheader("Location") == f"/{doc_id}/"
    head = get(served, "/index.html", "HEAD")
    assert head.status == 200 and head.body == b"" and int(head.getheader("Content-Length")) > 0


def test_nothing_outside_the_site_is_served(site, served, tmp_path):
    outside = site.parent / "outside-secret.txt"
    outside.write_text("TOP-SECRET-CONTENT")
    link = site / "link-out.txt"
    link.symlink_to(outside)
    try:
        for path in ("/../outside-secret.txt", "/%2e%2e/outside-secret.txt", "/link-out.txt",
                     "/static/%00", "/does-not-exist.html"):
            response = get(served, path)
            assert response.status == 404, path
            assert b"TOP-SECRET-CONTENT" not in response.body
        assert get(served, "/static/").status == 404  # no listing of a folder without an index
    finally:
        link.unlink()


def test_a_port_in_use_is_a_clear_error(site):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--no-build", "--port", str(port),
                               "--out", str(site)], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert f"port {port} on 127.0.0.1 is in use" in done.stderr and "--port N" in done.stderr
    assert "Traceback" not in done.stderr


def test_serving_a_folder_with_no_site_says_how_to_build_one(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--no-build", "--port", "0",
                           "--out", str(tmp_path / "nothing")], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1 and "holds no built site" in done.stderr and "Traceback" not in done.stderr


def test_ctrl_c_stops_the_server_cleanly(site):
    proc, url = start(["--no-build", "--port", "0", "--out", str(site)])
    assert get(url, "/").status == 200
    began = time.monotonic()
    os.kill(proc.pid, 2)
    assert proc.wait(timeout=5) == 0
    assert time.monotonic() - began < 2
    assert "Traceback" not in proc.stderr.read()
