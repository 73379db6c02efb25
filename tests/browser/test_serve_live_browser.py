"""`build.py serve` as an editor uses it: in a temporary copy of the project, a save rebuilds the site and the
open page (headless Chromium) reloads with the change; a broken save is reported in the terminal and in an
overlay on the page, and the last good build stays served."""

from __future__ import annotations

import http.client
import sys
import urllib.request

import pytest

from tests.site_support import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from live_reload import ESSAY, PARAGRAPH, Serving, copy_project, set_first_words


@pytest.fixture(scope="module")
def serving(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("live") / "project")
    serving = Serving(project)
    yield serving
    serving.stop()


def test_pages_get_the_live_script_only_when_served_and_the_site_has_none(serving):
    with urllib.request.urlopen(f"{serving.url}{ESSAY}/") as response:
        served = response.read().decode()
    assert '<script src="/__live__/live.js" data-page="sedova-1941-davies/index.html"' in served
    assert "connect-src 'self'" in served
    written = (serving.project / "output" / "html" / ESSAY / "index.html").read_text(encoding="utf-8")
    assert "__live__" not in written and "connect-src 'none'" in written
    host, port = serving.url.removeprefix("http://").rstrip("/").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("GET", "/__live__/events")
    events = conn.getresponse()
    assert events.getheader("Content-Type").startswith("text/event-stream")
    assert events.fp.readline().startswith(b"data: {")
    conn.close()


def test_a_save_reloads_the_page_and_a_broken_save_shows_its_problems(browser, serving):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{serving.url}{ESSAY}/")
    page.wait_for_timeout(300)
    source = serving.project / "tei" / f"{ESSAY}.xml"
    set_first_words(source, "Shortly before his death")
    page.locator(f"[id='{PARAGRAPH}']", has_text="Shortly before his death").wait_for(timeout=30_000)
    serving.wait_for(r"serve: rebuilt \(all\)", timeout=120)

    good = source.read_text(encoding="utf-8")
    mark = len(serving.lines)
    source.write_text(good.replace(f'<p xml:id="{PARAGRAPH}" n="1">', f'<p xml:id="{PARAGRAPH}" n="1"><hi>', 1),
                      encoding="utf-8")
    overlay = page.locator(".ed-live-overlay")
    overlay.wait_for(timeout=30_000)
    where = overlay.locator("code").first.inner_text()
    assert where.startswith(f"tei/{ESSAY}.xml:") and where.count(":") == 2, where
    found = serving.wait_for(rf"tei/{ESSAY}\.xml:\d+:\d+: error: ", timeout=30, start=mark)
    assert found.group(0).startswith(where.split(":")[0])
    serving.wait_for("still serving the last good build", timeout=30, start=mark)
    with urllib.request.urlopen(f"{serving.url}{ESSAY}/") as response:
        assert "Shortly before his death" in response.read().decode()  # the last good build

    source.write_text(good.replace("Shortly before his death", "Before his death, as he lay ill,"), encoding="utf-8")
    page.locator(f"[id='{PARAGRAPH}']", has_text="Before his death, as he lay ill,").wait_for(timeout=30_000)
    assert page.locator(".ed-live-overlay").count() == 0
    assert errors == []
    page.close()
