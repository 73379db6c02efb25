"""Every generated page passes the Nu Html Checker (vnu-jar from npm, run on the machine's Java)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from site_support import all_pages, full_site
from support import ROOT, require, require_tool

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return full_site(tmp_path_factory.getbasetemp())


def test_every_page_has_no_html_errors(site):
    java = require_tool("java", "the Nu Html Checker runs on Java")
    require(VNU.exists(), f"{VNU} is absent — run `npm ci` in the project to install vnu-jar")
    pages = all_pages(site)
    assert len(pages) >= 9  # catalogue, 3 indexes, 5 reading pages
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", *map(str, pages)],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr + result.stdout
