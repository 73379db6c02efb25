"""The edition's configuration, read once from `[tool.edition]` in pyproject.toml.

One place for settings that change with where the edition is published, not with what it says:

    [tool.edition]
    base_url = "https://example.org/sedova/"   # empty: canonical URLs and links stay relative

`get_config()` reads the project's pyproject.toml once per process; `read_config(path)` reads any file
(tests use it with a temporary one). A bad value is an `EditionError` pointing at its line. Only the command
line's edge (edition/commands) reads the configuration; it passes the base URL down to the build, and the
library takes it as a parameter.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from . import PROJECT_ROOT
from .errors import EditionError, Problem, display_path

PYPROJECT = PROJECT_ROOT / "pyproject.toml"


@dataclass(frozen=True)
class EditionConfig:
    base_url: str = ""  # absolute http(s) URL ending in "/", or "" for relative links


def _position(text: str, key: str) -> tuple[int, int]:
    """Line and column of `key =` inside the [tool.edition] table, for messages; (1, 1) when not found."""
    in_table = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_table = stripped.replace(" ", "") == "[tool.edition]"
            continue
        if in_table and stripped.split("=", 1)[0].strip() == key:
            return number, line.index(key) + 1
    return 1, 1


def normalize_base_url(value: object) -> str:
    """The base URL with exactly one trailing slash; raises TypeError/ValueError (with the reason) when unusable."""
    if not isinstance(value, str):
        raise TypeError("must be a string")
    value = value.strip()
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an absolute http:// or https:// URL")
    if parts.query or parts.fragment:
        raise ValueError("may not have a query (?…) or a fragment (#…)")
    if any(c.isspace() for c in value):
        raise ValueError("may not contain white space")
    return value.rstrip("/") + "/"


def read_config(path: Path | str = PYPROJECT) -> EditionConfig:
    """Read `[tool.edition]` from a pyproject.toml; a missing file or table gives the defaults."""
    p = Path(path)
    shown = display_path(p)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        return EditionConfig()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = f"pyproject.toml is not valid TOML ({exc}) — fix the syntax"
        raise EditionError(msg, [Problem(shown, 1, 1, "error", "config", msg)]) from None
    table = data.get("tool", {}).get("edition", {})
    if not isinstance(table, dict):
        msg = "[tool.edition] must be a table — write it as a [tool.edition] section"
        raise EditionError(msg, [Problem(shown, 1, 1, "error", "config", msg)])
    raw = table.get("base_url", "")
    try:
        base_url = normalize_base_url(raw)
    except (TypeError, ValueError) as exc:
        line, col = _position(text, "base_url")
        msg = (f"[tool.edition] base_url {raw!r} {exc} — give the address where the edition is published, "
               f"e.g. \"https://example.org/edition/\", or leave it empty for relative links")
        raise EditionError(msg, [Problem(shown, line, col, "error", "config", msg)]) from None
    return EditionConfig(base_url=base_url)


@cache
def get_config() -> EditionConfig:
    """The project's configuration, read once per process."""
    return read_config(PYPROJECT)
