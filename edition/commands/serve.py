"""`python build.py serve`: build the edition (only what changed), then serve `output/html/` on 127.0.0.1.

The site is served as a file host serves it (edition.server): the reading pages, the downloads with their
media types, and every other output the build writes under the site folder. Stop with Ctrl-C.
"""

from __future__ import annotations

import argparse
import sys
import threading
from dataclasses import replace
from pathlib import Path

from ..build import BuildRequest
from ..dts.addresses import link_headers
from ..errors import EditionError, display_path
from ..live import LiveReload, watch_and_rebuild
from ..server import SiteServer
from .all import DEFAULT_OUT, EVERY_OUTPUT
from .building import add_build_options, base_url, run_build


def port_value(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port number (0–65535; 0 picks a free one)")
    return value


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("serve", help="build, then serve the site on 127.0.0.1 (Ctrl-C stops)",
                                   description="Build what changed (as `all` does), then serve the site folder "
                                               "on 127.0.0.1 with the media types of its files. Stop with Ctrl-C.")
    parser.add_argument("--port", type=port_value, default=8000, metavar="N",
                        help="the port to listen on (default: 8000; 0 picks a free one)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help=f"site folder to build and serve (default: {display_path(DEFAULT_OUT)})")
    parser.add_argument("--no-build", action="store_true", help="serve the site as it is: no build first, no rebuilding on save")
    parser.add_argument("--no-watch", action="store_true",
                        help="do not rebuild on save (default: watch tei/, xslt/, templates/, schema/ and static/, "
                             "rebuild what changed and reload the open pages)")
    add_build_options(parser)
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    request = BuildRequest(paths=[], out=args.out, outputs=EVERY_OUTPUT, jobs=args.jobs,
                           force=args.force, keep_going=args.keep_going, base_url=base_url(args))
    if not args.no_build:
        status = run_build("serve", request, args)
        if status and not (args.out / "index.html").is_file():
            return status
    if not (args.out / "index.html").is_file():
        raise EditionError(f"serve: {display_path(args.out)}/ holds no built site — run `python build.py` first, "
                           f"or drop --no-build")
    live = None if args.no_watch or args.no_build else LiveReload(args.out)
    server = SiteServer(args.out, port=args.port, extra_headers=link_headers, answer=live.answer if live else None,
                        rewrite=live.rewrite if live else None).start()
    watching = "" if live is None else ", rebuilding on save"
    print(f"serving {display_path(args.out)}/ at {server.url}{watching} — Ctrl-C stops", flush=True)
    stop = threading.Event()
    try:
        if live is None:
            stop.wait()
        else:
            watch_and_rebuild(live, replace(request, force=False), stop)
    except KeyboardInterrupt:
        pass
    finally:
        print("serve: stopped", file=sys.stderr, flush=True)
        if live is not None:
            live.close()
        server.stop()
    return 0
