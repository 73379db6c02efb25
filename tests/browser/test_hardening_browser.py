"""Hostile content in a real browser: the reading page made (with --lenient) from a source full of script
links, markup, event handlers and a hostile header runs none of it in Debian's Chromium.

The page is opened with its Content-Security-Policy switched off (Playwright's bypass_csp), so that what is
tested is the page itself, not the policy that would also stop it: every element of the text is hovered,
focused and clicked (links only when they stay on the page), and no dialog may open, no payload may run
(each would call alert) and no request may leave the site.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from bad_inputs import (
    HOSTILE_LINKS,
    HOSTILE_MARKUP,
    HOSTILE_POINTERS,
    essay_bytes,
    essay_with,
    hostile_header,
)

from edition.cli import main

PROVOKE = """() => {
  const events = ["mouseover", "mouseenter", "focus", "focusin", "click", "dblclick", "mousedown", "keydown",
                  "animationstart", "transitionend", "load", "error"];
  let count = 0;
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest("a[href]:not([href^='#'])")) continue;  // a link would leave the page: its href is checked
    for (const type of events) {
      el.dispatchEvent(new Event(type, {bubbles: true}));
      count += 1;
    }
    if (typeof el.focus === "function") el.focus();
  }
  return count;
}"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile-browser")
    source = folder / "sedova-1941-davies.xml"
    text = essay_with(HOSTILE_LINKS + HOSTILE_POINTERS + HOSTILE_MARKUP)
    header = hostile_header()  # the same file with the hostile title and author
    start, end = header.index(b"<teiHeader>"), header.index(b"</teiHeader>")
    t_start, t_end = text.index(b"<teiHeader>"), text.index(b"</teiHeader>")
    source.write_bytes(text[:t_start] + header[start:end] + text[t_end:])
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = main(["html", str(source), "--lenient", "--out", str(folder / "site"), "--jobs", "1",
                       "--no-progress"])
    assert status == 0, out.getvalue()
    return folder / "site"


def test_nothing_from_the_source_runs_in_the_browser(browser, hostile_site):
    context = browser.new_context(bypass_csp=True, java_script_enabled=True)
    page = context.new_page()
    dialogs: list[str] = []
    requests: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    page.add_init_script("window.__calls = []; for (const name of ['alert', 'confirm', 'prompt']) {"
                         " const original = window[name]; window[name] = function (m) {"
                         " window.__calls.push(name + ':' + m); return original.call(window, m); }; }")
    url = (hostile_site / "sedova-1941-davies" / "index.html").as_uri()
    page.goto(url)
    assert "Mr. Davies </script><script>alert(1)</script>" in page.title()
    provoked = page.evaluate(PROVOKE)
    assert provoked > 1000  # every element of the page was hovered, focused and clicked
    followed = page.evaluate("[...document.querySelectorAll(\"a[href^='#']\")].map(a => (a.click(), 1)).length")
    assert followed > 50  # the page's own links (notes, paragraphs, corrections) were followed too
    page.wait_for_timeout(300)
    calls = page.evaluate("window.__calls")
    assert calls == [] and dialogs == []
    site_root = hostile_site.resolve().as_uri()
    assert all(r.startswith(site_root) for r in requests), [r for r in requests if not r.startswith(site_root)]
    hrefs = page.evaluate("[...document.querySelectorAll('[href], [src], [action], [formaction]')]"
                          ".map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action')"
                          " || e.getAttribute('formaction'))")
    assert not [h for h in hrefs if h.strip().lower().startswith(("javascript:", "data:", "vbscript:"))]
    context.close()


def test_the_check_would_see_a_script_run(browser, tmp_path):
    """The same listeners catch a payload that does run (the test is not blind)."""
    page_file = tmp_path / "unsafe.html"
    page_file.write_text('<p id="x" onmouseover="alert(1)">x</p><a href="javascript:alert(2)">y</a>',
                         encoding="utf-8")
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(page_file.as_uri())
    page.evaluate(PROVOKE)
    page.wait_for_timeout(200)
    assert dialogs == ["1"]
    context.close()


# --- every published file, opened as a browser would open it from the site -------------------------------

# An XSLT stylesheet that, applied by the browser, writes a page whose script reports itself.
STYLESHEET_PI = ('<?xml-stylesheet type="text/xsl" href="data:text/xml;charset=utf-8,'
                 '%3Cxsl:stylesheet%20version=%221.0%22%20xmlns:xsl=%22http://www.w3.org/1999/XSL/Transform%22%3E'
                 '%3Cxsl:template%20match=%22/%22%3E%3Chtml%20xmlns=%22http://www.w3.org/1999/xhtml%22%3E%3Cbody%3E'
                 '%3Cscript%3Ealert(%22xslt%22)%3C/script%3E%3C/body%3E%3C/html%3E%3C/xsl:template%3E'
                 '%3C/xsl:stylesheet%3E"?>\n')


# Script elements that would run, other than the site's own (static/*.js): none may be in a published file.
# (A JSON-LD block, type="application/ld+json", is data, not script.)
OWN_SCRIPTS_ONLY = ("[...document.querySelectorAll('script')].filter(s => (!s.type || /javascript|ecmascript|module/i"
                    ".test(s.type)) && !/\\/static\\/[^/]+\\.js$/.test(s.src)).length")


def _with_stylesheet_pi(data: bytes) -> bytes:
    end = data.index(b"?>") + 2  # after the XML declaration
    return data[:end] + b"\n" + STYLESHEET_PI.encode() + data[end:]


def _build(folder: Path, source: bytes, *extra: str) -> Path:
    (folder / "tei").mkdir(parents=True)
    path = folder / "tei" / "sedova-1941-davies.xml"
    path.write_bytes(source)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = main(["html", str(path), *extra, "--out", str(folder / "site"), "--jobs", "1", "--no-progress"])
    assert status == 0, out.getvalue()
    return folder / "site"


@contextlib.contextmanager
def _served(folder: Path):
    """The site over HTTP on 127.0.0.1, as a web server would give it (an .xml file as XML)."""
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("mode", ["strict-stylesheet", "lenient-markup", "lenient-both"])
def test_no_published_file_runs_script(browser, tmp_path, mode):
    """A strict-valid source with an xml-stylesheet PI, and (lenient) one with live XHTML and SVG: every file the
    build publishes is opened in Chromium from a local web server, and no script of the source runs."""
    from playwright.sync_api import Error as PlaywrightError

    source = essay_bytes() if mode.startswith("strict") else essay_with(HOSTILE_MARKUP)
    if mode != "lenient-markup":
        source = _with_stylesheet_pi(source)
    site = _build(tmp_path, source, *(["--lenient"] if mode.startswith("lenient") else []))
    published = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()
                       and not p.relative_to(site).as_posix().startswith("static/"))
    assert "sedova-1941-davies/sedova-1941-davies.xml" in published
    copy = (site / "sedova-1941-davies" / "sedova-1941-davies.xml").read_bytes()
    assert b"xml-stylesheet" not in copy
    context = browser.new_context(bypass_csp=True, java_script_enabled=True)
    page = context.new_page()
    dialogs: list[str] = []
    scripts: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
    with _served(site) as root:
        shown = 0
        for name in published:
            try:
                page.goto(root + name)
            except PlaywrightError as exc:  # a file the browser saves rather than shows runs nothing
                assert "Download is starting" in exc.message, exc.message
                continue
            shown += 1
            page.wait_for_timeout(100)
            if page.evaluate(OWN_SCRIPTS_ONLY):
                scripts.append(name)
    context.close()
    assert shown >= 5
    assert dialogs == [] and scripts == []
