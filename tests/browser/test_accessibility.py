"""axe-core (from npm) in headless Chromium: no violations on any page type, in light and dark mode."""

from __future__ import annotations

import json

import pytest
from support import ROOT, require

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["index.html", "persons.html", "places.html", "organisations.html", "sedova-1941-davies/index.html",
         "multilingual-fixture/index.html", "poem-fixture/index.html", "letter/index.html",
         "journal-fixture/index.html"]
# a generated corpus whose names in many texts have pages of their own: the overview and a name's pages
NAME_SITE_PAGES = ["persons.html", "persons/davies.html", "persons/davies.2.html", "persons/davies.3.html"]
WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("rel", PAGES)
def test_no_axe_violations(browser, site, rel, scheme):
    assert audit(browser, site, rel, scheme) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("rel", NAME_SITE_PAGES)
def test_no_axe_violations_on_the_pages_of_a_name(browser, name_site, rel, scheme, width):
    assert audit(browser, name_site, rel, scheme, WIDTHS[width]) == []


def test_the_pager_links_are_large_enough_to_tap(browser, name_site):
    """WCAG 2.2 target size: every link of a pager at least 24 × 24 CSS px, on a phone too."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto((name_site / "persons" / "davies.2.html").as_uri())
    sizes = page.evaluate("() => [...document.querySelectorAll('.ed-pager a, .ed-pager [aria-current], "
                          ".ed-index-up a')].map(a => { const r = a.getBoundingClientRect(); "
                          "return [a.textContent.trim(), r.width, r.height]; })")
    context.close()
    assert len(sizes) == 11  # the way back; twice Previous, pages 1–3, Next
    assert [s for s in sizes if s[1] < 24 or s[2] < 24] == []


def audit(browser, site, rel: str, scheme: str, width: int = 1280) -> list:
    require(AXE.exists(), f"{AXE} is absent — run `npm ci` in the project to install axe-core")
    # axe is injected as an inline script, which the page's own CSP rightly forbids: bypass it for the audit
    context = browser.new_context(color_scheme=scheme, bypass_csp=True, viewport={"width": width, "height": 900})
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
    if result:
        print(json.dumps(result, indent=1))
    return result
