"""Every generated page passes the Nu Html Checker (vnu-jar from npm, run on the machine's Java)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from name_pages_support import NAME_PAGES, name_pages_site
from site_support import all_pages, full_site
from support import ROOT, require, require_tool

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return full_site(tmp_path_factory.getbasetemp())


def check(pages: list[Path]) -> None:
    java = require_tool("java", "the Nu Html Checker runs on Java")
    require(VNU.exists(), f"{VNU} is absent — run `npm ci` in the project to install vnu-jar")
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", *map(str, pages)],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr + result.stdout


def test_every_page_has_no_html_errors(site):
    pages = all_pages(site)
    assert len(pages) >= 9  # catalogue, 3 indexes, 5 reading pages
    check(pages)


def test_the_pages_of_a_name_in_many_texts_have_no_html_errors(tmp_path_factory):
    """A corpus built for real whose names have pages of their own (first, middle and last page checked)."""
    site = name_pages_site(tmp_path_factory.getbasetemp())
    pages = [site / "index.html", site / "persons.html", *(site / name for name in NAME_PAGES)]
    check(pages + sorted((site / "places").glob("*.html"))[:3])
