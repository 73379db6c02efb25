"""The register of published IDs (tei/published-ids.json), however damaged, is a located error, never an internal
one: not UTF-8, nested 100,000 levels deep, a folder, a pipe, values of the wrong type."""

from __future__ import annotations

import os

import pytest

from edition.errors import EditionError
from edition.ids import load_register

DAMAGED = {
    "latin-1": (lambda p: p.write_bytes(b'{"texts": {\n  "caf\xe9": {}}}'), 2, "is not UTF-8"),
    "deep": (lambda p: p.write_text("[" * 100_000 + "]" * 100_000), 1, "nests its values too deeply"),
    "folder": (lambda p: p.mkdir(), 0, "is not a regular file but a folder"),
    "pipe": (lambda p: os.mkfifo(p), 0, "is not a regular file but a pipe"),
    "not-json": (lambda p: p.write_text('{"texts": {'), 1, "is not valid JSON"),
    "wrong-types": (lambda p: p.write_text('{"texts": {"d": {"d.p1": {"type": 5}}}}'), 1, "must be an object with"),
    "texts-a-list": (lambda p: p.write_text('{"texts": []}'), 1, 'has no "texts" object'),
}


@pytest.mark.parametrize("damage", list(DAMAGED))
def test_a_damaged_register_is_a_located_error(tmp_path, damage):
    make, line, says = DAMAGED[damage]
    register = tmp_path / "published-ids.json"
    make(register)
    with pytest.raises(EditionError) as caught:
        load_register(register)
    [problem] = caught.value.problems
    assert problem.rule == "ids.register" and problem.line == line and says in problem.message
    assert " — " in problem.message
