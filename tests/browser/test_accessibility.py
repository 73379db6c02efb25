"""axe-core (from npm) in headless Chromium: no violations on any page type, in light and dark mode."""

from __future__ import annotations

import json

import pytest
from support import ROOT, require

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["index.html", "persons.html", "places.html", "organisations.html", "sedova-1941-davies/index.html",
         "multilingual-fixture/index.html", "poem-fixture/index.html", "letter/index.html",
         "journal-fixture/index.html"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("rel", PAGES)
def test_no_axe_violations(browser, site, rel, scheme):
    require(AXE.exists(), f"{AXE} is absent — run `npm ci` in the project to install axe-core")
    # axe is injected as an inline script, which the page's own CSP rightly forbids: bypass it for the audit
    context = browser.new_context(color_scheme=scheme, bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto((site / rel).as_uri())
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => { const r = await axe.run(document); return r.violations.map("
                           "v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target)})); }")
    # the same page with the transcribed reading switched on
    if page.locator("#ed-reading-source").count():
        page.locator("#ed-reading-source").check()
        result += page.evaluate("async () => (await axe.run(document)).violations.map(v => ({id: v.id, "
                                "nodes: v.nodes.map(n => n.target)}))")
    context.close()
    assert result == [], json.dumps(result, indent=1)
