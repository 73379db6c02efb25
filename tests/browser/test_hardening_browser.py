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
from bad_inputs import HOSTILE_LINKS, HOSTILE_MARKUP, HOSTILE_POINTERS, essay_with, hostile_header

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
