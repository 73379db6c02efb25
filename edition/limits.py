"""How big a source may be, and reading one safely: a regular file, of a bounded size and element count.

    data = read_source(path, shown)          # bytes, or EditionError (not a regular file, too large, unreadable)
    check_elements(tree, shown)              # EditionError when the tree has more than MAX_ELEMENTS elements

The pipeline's cost is linear in its input (benchmarks/README.md, "Cost curves"), but a linear cost can
still be long: a valid 203 MB text spent ten minutes in the Schematron rules at about 1 GB, and a text of
1,000,000 `<hi>` elements (20 MB) took the PDF's layout past 12 GB. So a source is refused up front, before it
is parsed, when its file is larger than MAX_SOURCE_BYTES, and after parsing, before any rule or output, when it
holds more than MAX_ELEMENTS elements. Both limits are far above the edition's text (the essay: 81 KB, 943
elements: a book of fifty such essays would fit) and keep the build of one text within minutes and a bounded
memory (a text of 19,000 elements: 66 s and 684 MB for its whole build; the curves: benchmarks/README.md).

A name under tei/ that is not a regular file (a named pipe, a device, a socket) is refused too: reading a
pipe would wait for a writer for ever, and a device may never end. The file is opened without blocking, and
what was opened is what is checked (no gap between the check and the read).
"""

from __future__ import annotations

import os
import stat

from lxml import etree

from .errors import EditionError, Problem

MAX_SOURCE_BYTES = 16 * 1024 * 1024  # 16 MiB of TEI
MAX_ELEMENTS = 50_000  # elements in one source, header included

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def _refuse(shown: str, rule: str, message: str, line: int = 1, column: int = 1) -> EditionError:
    return EditionError(f"{shown}: {message}", [Problem(shown, line, column, "error", rule, message)])


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"


def read_source(path: os.PathLike | str, shown: str) -> bytes:
    """The bytes of a source file, refused (EditionError, rule `io` or `limits`) unless it is a regular file
    of at most MAX_SOURCE_BYTES."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if isinstance(exc, IsADirectoryError):
            raise _refuse(shown, "io", "this is a folder, not a TEI file — name .xml files instead") from None
        raise _refuse(shown, "io", f"cannot read the file ({exc.strerror or exc}) — check that it exists and "
                                   f"is readable") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a regular file")
            raise _refuse(shown, "io", f"this is {kind}, not a file — a source must be a regular file; "
                                       f"remove it from the folder or replace it with the TEI file")
        if info.st_size > MAX_SOURCE_BYTES:
            raise _too_large(shown, info.st_size)
        with os.fdopen(fd, "rb", closefd=True) as handle:
            fd = -1
            data = handle.read(MAX_SOURCE_BYTES + 1)
    except OSError as exc:
        raise _refuse(shown, "io", f"cannot read the file ({exc.strerror or exc}) — check that it is "
                                   f"readable") from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > MAX_SOURCE_BYTES:  # it grew while being read
        raise _too_large(shown, len(data))
    return data


def _too_large(shown: str, size: int) -> EditionError:
    return _refuse(shown, "limits", f"the file is {_megabytes(size)}, more than the {_megabytes(MAX_SOURCE_BYTES)} "
                                    f"a source may have (edition/limits.py) — split the text into several "
                                    f"TEI files (one per volume or part), or remove what is not the text")


_NTH_ELEMENT = etree.XPath(f"(//*)[{MAX_ELEMENTS + 1}]")  # in C, stops at the first element too many
_COUNT = etree.XPath("count(//*)")


def element_limit_problem(tree: etree._ElementTree | etree._Element, shown: str) -> Problem | None:
    """A problem at the first element beyond MAX_ELEMENTS, or None."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    beyond = _NTH_ELEMENT(root)
    if not beyond:
        return None
    count = int(_COUNT(root))
    element = beyond[0]
    return Problem(shown, max(element.sourceline or 1, 1), 1, "error", "limits",
                   f"the text has {count:,} elements, more than the {MAX_ELEMENTS:,} a source may have "
                   f"(edition/limits.py; this is the first one too many) — split the text into several TEI "
                   f"files (one per volume or part), or remove markup that carries no information")


def check_elements(tree: etree._ElementTree | etree._Element, shown: str) -> None:
    """Raise EditionError when the tree holds more than MAX_ELEMENTS elements."""
    problem = element_limit_problem(tree, shown)
    if problem is not None:
        raise EditionError(f"{shown}: {problem.message}", [problem])
