"""A small generated corpus built into a site whose names in many texts have pages of their own (three pages
of two texts each), for the HTML checker and the browser: five texts, with the thresholds of
edition.site_pages lowered while it is built."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from corpus_support import corpus
from site_support import build

from edition import site_pages

NAME = "davies"  # named in every generated text
NAME_PAGES = ("persons/davies.html", "persons/davies.2.html", "persons/davies.3.html")


@cache
def name_pages_site(tmp_root: Path) -> Path:
    root = tmp_root / "name-pages"
    paths = corpus(root, 5, length=0.15)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(site_pages, "INLINE_TEXTS", 2)
        patch.setattr(site_pages, "PAGE_TEXTS", 2)
        site = build(paths, root / "site")
    missing = [name for name in NAME_PAGES if not (site / name).is_file()]
    assert missing == [] and not (site / "persons" / "davies.4.html").exists(), missing
    return site
