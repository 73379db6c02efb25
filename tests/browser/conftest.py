"""Browser fixtures: the real site in Debian's headless Chromium, driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from name_pages_support import name_pages_site
from site_support import full_site
from support import require

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium") or "", shutil.which("chromium-browser") or ""):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    require(importlib.util.find_spec("playwright") is not None,
            "Playwright for Python is not installed (pip install playwright; no browser download needed)")
    path = chromium_path()
    require(path is not None, "Chromium is not installed (apt-get install chromium); browser tests need it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # Playwright gives every launch a fresh, temporary profile (user data dir).
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    return full_site(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="session")
def name_site(tmp_path_factory) -> Path:
    """A generated corpus whose names in many texts have three pages of their own (tests/name_pages_support.py)."""
    return name_pages_site(tmp_path_factory.getbasetemp())


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.console_errors = errors
    yield page
    context.close()
