"""The protocol every output's builder follows (`Builder`) and what it returns for a text (`Made`).

Apart from the registry (edition.builders, which imports every builder module), so that a builder in a module
of its own (the EPUB, the DTS export, the search index) subclasses it without an import cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from .build import Build
    from .contributions import TextContribution
    from .manifest import Fingerprints
    from .site import SourceDocument
    from .workers import Settings


@dataclass
class Made:
    """What a builder wrote for one text: its files ({"<doc-id>/<name>": [sha256, size]}) and its part of the
    cross-text pages (None: it has none)."""

    files: dict[str, list]
    contribution: TextContribution | None = None


class Builder:
    """The protocol: `name`; `follows_source` (True: a build that does not ask for this output still remakes
    it when its text changed; False: it is dropped instead, until a build asks for it again); `defines_site`
    (True: the texts of a build that asks for this output are the site's texts — a text that left is taken
    out, and a forced build starts from an empty folder); `own_task` (True: an output that takes far longer
    than the rest of its text, made in a task of its own alongside when the build has fewer texts than
    workers — loaded without validating, and dropped with its text if that fails); `per_text` (False: nothing
    is written per text — the output spans the site and is made by `finish` alone); `recipe`; `prepare`;
    `write`; `finish` and `finished_current`."""

    name: ClassVar[str]
    follows_source: ClassVar[bool] = False
    defines_site: ClassVar[bool] = False
    own_task: ClassVar[bool] = False  # written in a task of its own when a worker would otherwise wait
    per_text: ClassVar[bool] = True  # False: an output of the whole site, made in `finish` alone (the search index)

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def recipe(self, fp: Fingerprints, inputs: Mapping, siblings: frozenset[str], old: Mapping | None = None) -> str:
        """The digest of what this output of a text is made from. `inputs`: the text's (source, shared entries,
        published IDs); `siblings`: the outputs its folder holds; `old`: the record of the output the site
        holds, when asking whether that one is current without making it again."""
        raise NotImplementedError

    @staticmethod
    def owns(doc_id: str, name: str) -> bool:
        """Could a text's file of this output be named `name` (site-relative)? A record of the build state
        naming anything else is damaged, and the build never deletes it: a text's files lie in its folder."""
        return name.startswith(doc_id + "/")

    def record(self, siblings: frozenset[str]) -> dict:
        """What the manifest keeps about this output besides its recipe and files."""
        return {}

    def prepare(self) -> None:
        """Compile what every text needs (called once per worker, before its first `write`)."""

    def write(self, doc: SourceDocument, folder: Path, siblings: frozenset[str]) -> Made:
        raise NotImplementedError

    def finish(self, build: Build) -> None:
        """In the build's process, after every text: the files that span the corpus."""

    def finished_current(self, build: Build) -> bool:
        """Are the files `finish` makes up to date (asked while planning: when they and every text are, the
        build has nothing to do)?"""
        return True
