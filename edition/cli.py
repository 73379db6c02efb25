"""Argument parsing and dispatch for build.py.

Each subcommand lives in its own module under `edition.commands` and exposes
`register(subparsers) -> argparse.ArgumentParser`; the parser's default `run(args) -> int`
does the work. This keeps one stage's options out of the others' way, and lets tests call
`main([...])` in-process.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from .errors import EditionError
from .interrupt import stop_promptly

# Order is the order of `python build.py --help`.
COMMAND_MODULES = ["all", "validate", "html", "pdf", "epub", "search", "ids", "importing", "serve"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors: exit 2, one clear line
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message} — see `{self.prog} --help`\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with `command` (a subcommand's name), that subcommand's alone: the other
    subcommands' modules (the server, the validator's report, …) are not imported (every command's start
    0.03 s less CPU, 2026-12-08)."""
    parser = _Parser(prog="build.py", description="Validate TEI sources and build the HTML and PDF editions.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in [command] if command in COMMAND_MODULES else COMMAND_MODULES:
        try:
            module = importlib.import_module(f"edition.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"edition.commands.{name}":
                continue  # stage not built yet
            raise
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv = ["all", *argv]
    parser = build_parser(argv[0])
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or usage error (2)
        return int(exc.code or 0)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        with stop_promptly():  # Ctrl-C and SIGTERM end any command within a second or so (edition.interrupt)
            return int(args.run(args) or 0)
    except EditionError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader of our output went away (e.g. `| head`): not an error of ours
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at interpreter exit
        except OSError:
            pass
        return 0
    except KeyboardInterrupt:
        print("interrupted — output/ was left as it was before this build", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in the pipeline, not in the input (or a full disk: said so, with the place)
        from .output import full_disk_problem

        full = full_disk_problem(exc, getattr(args, "out", None))
        if full is not None:
            print(f"{full.format()}\nnothing was replaced", file=sys.stderr)
            return 1
        if os.environ.get("EDITION_DEBUG"):
            raise
        print(f"internal error: {type(exc).__name__}: {exc} — this is a bug in the pipeline; "
              f"run again with EDITION_DEBUG=1 for a traceback and report it", file=sys.stderr)
        return 70
