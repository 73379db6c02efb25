"""`[tool.edition]` in pyproject.toml: read once, checked, with messages that point at the line."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from edition.config import PYPROJECT, EditionConfig, get_config, normalize_base_url, read_config
from edition.errors import EditionError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_base_url_gets_exactly_one_trailing_slash(tmp_path):
    path = write(tmp_path, '[project]\nname = "x"\n\n[tool.edition]\nbase_url = "https://example.org/sedova"\n')
    assert read_config(path) == EditionConfig(base_url="https://example.org/sedova/")
    path = write(tmp_path, '[tool.edition]\nbase_url = "http://example.org/a//"\n')
    assert read_config(path).base_url == "http://example.org/a/"


def test_empty_or_absent_base_url_means_relative_links(tmp_path):
    assert read_config(write(tmp_path, '[tool.edition]\nbase_url = ""\n')).base_url == ""
    assert read_config(write(tmp_path, '[tool.edition]\n')).base_url == ""
    assert read_config(write(tmp_path, '[project]\nname = "x"\n')) == EditionConfig()
    assert read_config(tmp_path / "missing.toml") == EditionConfig()


@pytest.mark.parametrize("value, reason", [
    ('"example.org/sedova/"', "absolute http"),
    ('"ftp://example.org/"', "absolute http"),
    ('"https://example.org/?page=1"', "query"),
    ('"https://example.org/#top"', "fragment"),
    ("3", "must be a string"),
])
def test_a_bad_base_url_is_an_error_at_its_line(tmp_path, value, reason):
    path = write(tmp_path, f'[project]\nname = "x"\n\n[tool.edition]\n# where the edition lives\nbase_url = {value}\n')
    with pytest.raises(EditionError) as info:
        read_config(path)
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (6, 1)
    assert problem.path.endswith("pyproject.toml")
    assert reason in problem.message and "base_url" in problem.message and " — " in problem.message


def test_invalid_toml_is_an_error_not_a_traceback(tmp_path):
    with pytest.raises(EditionError) as info:
        read_config(write(tmp_path, "[tool.edition\nbase_url = 1\n"))
    assert "not valid TOML" in info.value.problems[0].message


def test_normalize_base_url_rejects_white_space():
    with pytest.raises(ValueError):
        normalize_base_url("https://example.org/a b/")


def test_project_configuration_is_read_once_from_pyproject():
    first = get_config()
    assert get_config() is first
    table = tomllib.loads(PYPROJECT.read_text(encoding="utf-8")).get("tool", {}).get("edition", {})
    assert first.base_url == normalize_base_url(table.get("base_url", ""))
    assert PYPROJECT == Path(__file__).resolve().parent.parent / "pyproject.toml"
