"""Parsing XML safely: no external entities, no DTD loading, no network, line numbers kept."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from .errors import EditionError, Problem, display_path


def make_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        collect_ids=True,
    )


def parse_file(path: Path | str) -> etree._ElementTree:
    """Parse a file or raise EditionError with `file:line:col` problems that say how to fix it."""
    shown = display_path(path)
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise EditionError(
            f"{shown}: no such file — check the path", [Problem(shown, 0, 0, "error", "io", "no such file — check the path")]
        ) from None
    except OSError as exc:
        msg = f"cannot read the file ({exc.strerror}) — check that it exists and is readable"
        raise EditionError(msg, [Problem(shown, 0, 0, "error", "io", msg)]) from None
    return parse_bytes(data, shown, base_url=p.resolve().as_uri())


def parse_bytes(data: bytes, shown: str, base_url: str | None = None) -> etree._ElementTree:
    parser = make_parser()
    try:
        root = etree.fromstring(data, parser=parser, base_url=base_url)
    except etree.XMLSyntaxError as exc:
        problems = []
        for entry in exc.error_log or []:
            problems.append(
                Problem(shown, entry.line, max(entry.column, 1), "error", "well-formed",
                        f"not well-formed XML: {entry.message} — fix the markup at this place")
            )
        if not problems:
            line, col = (exc.position if exc.position else (0, 0))
            problems.append(Problem(shown, line, col, "error", "well-formed",
                                    f"not well-formed XML: {exc.msg} — fix the markup at this place"))
        raise EditionError(f"{shown}: not well-formed XML", problems[:1] + problems[1:5]) from None
    return root.getroottree()
