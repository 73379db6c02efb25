"""The JSON the build writes with orjson (ids.json, coverage.json, the .csl.json, the contribution a worker sends,
manifest.digest) is byte for byte what json.dumps gives for the same values, so that switching the writer
changed no published file and no recorded digest: checked here on generated values (any Unicode text, nesting,
empty containers), indented and compact, keys sorted and not."""

from __future__ import annotations

import hashlib
import json

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from edition.manifest import digest

SCALARS = st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text()
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                      max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(VALUES, st.booleans())
def test_indented_files_are_the_bytes_of_json_dumps(value, sort_keys):
    option = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE | (orjson.OPT_SORT_KEYS if sort_keys else 0)
    expected = (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=sort_keys) + "\n").encode("utf-8")
    assert orjson.dumps(value, option=option) == expected


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_compact_json_and_digests_are_those_of_json_dumps(value):
    assert orjson.dumps(value).decode() == json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    sorted_json = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert digest(value) == hashlib.sha256(sorted_json.encode("utf-8")).hexdigest()
