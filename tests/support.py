"""Helpers shared by the tests: skipping when an optional tool is absent — except in CI, where it is a failure."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(condition: bool, reason: str) -> None:
    """Skip the test with `reason` when `condition` is false; in CI (CI=true) fail instead, loudly."""
    if condition:
        return
    if in_ci():
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def require_tool(name: str, why: str) -> str:
    path = shutil.which(name)
    require(path is not None, f"`{name}` is not installed ({why}); `.ci/run` installs it")
    return path or ""


def shared_file(relative: str) -> Path:
    path = SHARED / relative
    require(path.exists(), f"{path} is absent: the conformance check needs ../shared beside the project "
                           f"(README.md, 'Official schemas for the conformance tests', says where it comes from)")
    return path


REAL_SOURCE = ROOT / "tei" / "sedova-1941-davies.xml"
FIXTURES = ROOT / "tests" / "fixtures"


def real_tree() -> etree._ElementTree:
    """A fresh, safely parsed copy of the real source."""
    from edition.xmlsafe import parse_file

    return parse_file(REAL_SOURCE)


def first(tree: etree._ElementTree | etree._Element, xpath: str) -> etree._Element:
    from edition import NS

    found = tree.xpath(xpath, namespaces=NS)
    assert found, f"no match for {xpath}"
    return found[0]


def text_element(tree: etree._ElementTree | etree._Element) -> etree._Element:
    """The document's tei:text (for the fidelity oracles, which read it with edition.readings.reading_text)."""
    from edition import TEI_NS

    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    found = root.find(f"{{{TEI_NS}}}text")
    assert found is not None, "the document has no tei:text"
    return found


