"""Problems found in sources, and the one exception the pipeline raises for people to read."""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or worth a warning) in one file, at one place."""

    path: str
    line: int
    column: int
    severity: str  # "error" | "warning"
    rule: str
    message: str

    def format(self) -> str:
        """One line, always: control characters from the source (a newline in an attribute value …) are
        shown as \\uXXXX, so no value can split a message or forge another one."""
        return _one_line(f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message} [{self.rule}]")

    def as_dict(self) -> dict:
        data = asdict(self)
        del data["path"]
        return data


def _one_line(text: str) -> str:
    """Control, format (bidi overrides …) and line-separator characters as \\uXXXX; everything else as is."""
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)


class EditionError(Exception):
    """An error meant for a person: carries the problems that explain it; never shown as a traceback."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])

    def __str__(self) -> str:
        lines = [p.format() for p in self.problems]
        if self.message and (not lines or self.message not in lines):
            lines.append(self.message)
        return "\n".join(lines)


def display_path(path: Path | str) -> str:
    """A path as a person would type it: relative to the working directory when it lies below it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)
