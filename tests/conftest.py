"""Fixtures shared by the test modules.

- `project_root`, `real_source`: the project folder and the edition's TEI source.
- `validator`: one `edition.validate.Validator` for the whole session (schemas compiled once).
- `tei_all`: the official TEI P5 `tei_all` grammar, compiled once; skipped (failed in CI) when `../shared` is absent.
- `write_variant`: parse the real source, change it with a function, write it where a test wants it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from support import REAL_SOURCE, real_tree, shared_file

from edition import PROJECT_ROOT
from edition.xmlsafe import parse_file


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def real_source() -> Path:
    assert REAL_SOURCE.is_file(), f"{REAL_SOURCE} is missing"
    return REAL_SOURCE


@pytest.fixture(scope="session")
def validator():
    from edition.validate import Validator

    return Validator()


@pytest.fixture(scope="session")
def tei_all() -> etree.RelaxNG:
    """The official tei_all grammar (compiling it takes several seconds: once per session)."""
    return etree.RelaxNG(parse_file(shared_file("tei/tei_all.rng")))


@pytest.fixture
def write_variant(tmp_path: Path) -> Callable[..., Path]:
    """write_variant(change, name=None) -> path: the real source changed by `change(tree)`, written to tmp_path.

    The file is named after the document ID (so the file-name rule holds) unless `name` is given.
    """

    def write(change: Callable[[etree._ElementTree], object] | None = None, name: str | None = None) -> Path:
        tree = real_tree()
        if change is not None:
            change(tree)
        path = tmp_path / (name or "sedova-1941-davies.xml")
        path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
        return path

    return write
