"""The reading page in a real browser: the reading switch, notes, names and the index, ¶ links, keyboard."""

from __future__ import annotations

from site_support import ESSAY, missing_in_order, tei_words

from edition.readings import words

DOC = "sedova-1941-davies"


def open_page(page, site, rel="sedova-1941-davies/index.html", fragment=""):
    page.goto((site / rel).as_uri() + fragment)
    return page


def visible_words(page) -> list[str]:
    """The words a reader sees in the title block and the text (innerText honours display:none)."""
    text = page.evaluate("""() => {
      const parts = [document.querySelector('.ed-front'), document.querySelector('#ed-text')];
      return parts.filter(Boolean).map(el => el.innerText).join('\\n');
    }""")
    return words(text)


def test_no_errors_and_the_stylesheet_and_script_load_from_file_urls(page, site):
    open_page(page, site)
    assert page.evaluate("getComputedStyle(document.body).marginTop") == "0px"  # edition.css applied
    assert page.locator(".ed-cite-box .ed-copy").count() > 0  # edition.js ran under the CSP
    assert page.console_errors == []


def test_the_reading_switch_shows_each_reading_completely(page, site):
    open_page(page, site)
    choice = page.locator(f"#{DOC}\\.c1")
    assert choice.inner_text().startswith("irresponsibility")
    expected, _ = tei_words(ESSAY, "corrected")
    assert missing_in_order(expected, visible_words(page)) == []
    page.get_by_label("as transcribed").check()
    assert choice.inner_text().startswith("irresponsibilty")
    expected, _ = tei_words(ESSAY, "transcribed")
    assert missing_in_order(expected, visible_words(page)) == []
    page.get_by_label("corrected").check()
    assert choice.inner_text().startswith("irresponsibility")


def test_a_correction_explains_itself_on_focus(page, site):
    open_page(page, site)
    tip = page.locator(f"#{DOC}\\.c1-tip")
    assert not tip.is_visible()
    page.locator(f"#{DOC}\\.c1").focus()
    assert tip.is_visible() and "missing letter" in tip.inner_text() and "irresponsibilty" in tip.inner_text()


def test_a_note_opens_and_leads_back(page, site):
    open_page(page, site)
    page.locator(f"a[role='doc-noteref'][href='#{DOC}.n1']").click()  # the textual note on "Ostis"
    assert page.url.endswith(f"#{DOC}.n1")
    note = page.locator(f"#{DOC}\\.n1")
    assert note.is_visible() and "printed as transcribed" in note.inner_text()
    assert page.evaluate("document.querySelector(':target').id") == f"{DOC}.n1"
    note.locator("a[role='doc-backlink']").click()
    assert page.url.endswith(f"#{DOC}.n1-ref")


def test_a_name_leads_to_its_index_entry_and_back(page, site):
    open_page(page, site)
    page.locator(f"#{DOC}\\.p1 a.ed-name", has_text="Stalin").first.click()
    assert page.url.endswith("persons.html#stalin")
    entry = page.locator("#stalin")
    assert entry.is_visible() and "General Secretary" in entry.inner_text()
    page.go_back()
    assert page.url.endswith(f"{DOC}/index.html")
    # and from the index to a passage
    page.go_forward()
    entry.locator(f"a[href$='#{DOC}.p10']").click()
    assert page.url.endswith(f"#{DOC}.p10")
    assert page.locator(f"#{DOC}\\.p10").is_visible() and "Stalin" in page.locator(f"#{DOC}\\.p10").inner_text()


def test_a_paragraph_link_is_reachable_by_keyboard_and_shows_a_citation(page, site):
    open_page(page, site)
    target = f"{DOC}.p1"
    for _ in range(80):  # Tab through the page until the first paragraph's ¶ link has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == f"#{target}":
            break
    else:
        raise AssertionError("the ¶ link of paragraph 1 is not reachable with Tab")
    page.keyboard.press("Enter")
    assert page.url.endswith(f"#{target}")
    box = page.locator(f"#{DOC}\\.p1 + .ed-cite-box")
    assert box.is_visible() and "¶ 1." in box.inner_text()  # the paragraph citation (no base URL: no address)


def test_dark_mode_follows_the_system(browser, site):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto((site / DOC / "index.html").as_uri())
    background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    context.close()
    red, green, blue = (int(v) for v in background[background.index("(") + 1:-1].split(",")[:3])
    assert red + green + blue < 150, background


def test_a_right_to_left_quotation_is_laid_out_right_to_left(page, site):
    open_page(page, site, "multilingual-fixture/index.html")
    assert page.evaluate("getComputedStyle(document.querySelector('blockquote[lang=he]')).direction") == "rtl"


def test_the_editions_fonts_load_from_the_site_under_its_content_security_policy(page, site):
    """The reading page sets its text in the packaged fonts (static/fonts/), whatever the machine has."""
    loaded = "async () => { await document.fonts.ready; return [...document.fonts]" \
             ".filter(f => f.status === 'loaded').map(f => f.family.replace(/\"/g, '') + ' ' + f.style); }"
    open_page(page, site)
    assert {"Edition EB Garamond normal", "Edition EB Garamond italic"} <= set(page.evaluate(loaded))
    assert page.evaluate("document.fonts.check('16px \"Edition EB Garamond\"')")
    open_page(page, site, "multilingual-fixture/index.html")
    assert "Edition Frank Ruhl Libre normal" in page.evaluate(loaded)  # its Hebrew
    assert page.console_errors == []
