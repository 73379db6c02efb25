"""A name in many texts, in a real browser: from a reading page to the name's entry in the index, on to the
pages of its own and through them, to a passage, and back the same way."""

from __future__ import annotations

from name_pages_support import NAME

TEXT = "bench-00002"


def test_a_name_leads_from_a_reading_page_to_its_entry_and_its_pages_and_back(page, name_site):
    page.goto((name_site / TEXT / "index.html").as_uri())
    page.locator(f"#ed-text a.ed-name[href='../persons.html#{NAME}']").first.click()
    assert page.url.endswith(f"/persons.html#{NAME}")
    entry = page.locator(f"#{NAME}")
    assert entry.is_visible() and "Named in 5 texts" in entry.inner_text()
    assert page.evaluate("document.querySelector(':target').id") == NAME
    name = entry.locator("h2").inner_text()

    entry.get_by_role("link", name="every passage").click()
    assert page.url.endswith(f"/persons/{NAME}.html")
    assert page.locator("h1").inner_text() == name
    pager = page.get_by_role("navigation", name="Pages of this entry (top)")
    assert pager.is_visible() and pager.locator("[aria-current='page']").text_content() == "Page 1"
    assert pager.get_by_role("link", name="Previous page").count() == 0

    pager.get_by_role("link", name="Next page").click()  # page 2, then page 3 by its number
    assert page.url.endswith(f"/persons/{NAME}.2.html")
    page.get_by_role("navigation", name="Pages of this entry (end)").get_by_role("link", name="Page 3").click()
    assert page.url.endswith(f"/persons/{NAME}.3.html")
    last = page.get_by_role("navigation", name="Pages of this entry (top)")
    assert last.get_by_role("link", name="Next page").count() == 0
    assert last.locator("[aria-current='page']").text_content() == "Page 3"

    # a passage on the name's page leads into its text, and the browser's Back returns to the name's page
    passage = page.locator(".ed-index-texts a").first
    href = passage.get_attribute("href")
    doc_id, fragment = href.removeprefix("../").split("/index.html#")
    passage.click()
    page.wait_for_load_state()  # the URL changes before the new page is loaded (under load, :target was still null)
    assert page.url.endswith(f"/{doc_id}/index.html#{fragment}")
    target = page.locator(f"[id='{fragment}']")
    assert target.is_visible() and page.evaluate("document.querySelector(':target').id") == fragment
    assert target.locator(f"a.ed-name[href='../persons.html#{NAME}']").count() >= 1
    page.go_back()
    assert page.url.endswith(f"/persons/{NAME}.3.html")

    # the way back leads to the name's entry in the index, and Back, step by step, to the reading page
    back = page.locator(".ed-index-up").get_by_role("link", name="Persons", exact=True)
    back.click()
    assert page.url.endswith(f"/persons.html#{NAME}") and page.locator(f"#{NAME}").is_visible()
    for expected in (f"/persons/{NAME}.3.html", f"/persons/{NAME}.2.html", f"/persons/{NAME}.html",
                     f"/persons.html#{NAME}", f"/{TEXT}/index.html"):
        page.go_back()
        assert page.url.endswith(expected)
    assert page.console_errors == []

