"""One builder per output of a text, all with one small protocol; `BUILDERS` is the registry.

    builder = BUILDERS["html"](settings)       # in a worker: once per build settings
    builder.prepare()                           # compile stylesheets, templates (once per worker)
    made = builder.write(doc, stage / doc.doc_id, siblings)   # → the files it made (+ its contribution)
    builder.finish(build)                       # in the build's process: what spans the corpus

A builder also says what its output is made from (`recipe`: the fingerprint of its code, stylesheets and
templates, the text's inputs, the settings that change it), so that edition.build remakes an output
exactly when its recipe changed. Adding an output means writing one Builder and adding it to `BUILDERS`;
edition.build and edition.workers name no output.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from .manifest import Fingerprints, digest, outputs_present
from .output import write_new_files

if TYPE_CHECKING:
    from .build import Build
    from .contributions import TextContribution
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


class ReadingPage(Builder):
    """The reading page and the text's downloads (edition.html), and the catalogue and name indexes."""

    name = "html"
    follows_source = True
    defines_site = True

    def recipe(self, fp, inputs, siblings, old=None):
        return digest({"inputs": inputs, "fp": fp.html_text, "base_url": self.settings.base_url,
                       "lenient": self.settings.lenient, "pdf_link": "pdf" in siblings,
                       **({"epub_link": True} if "epub" in siblings else {})})

    def record(self, siblings):
        return {"pdf_link": "pdf" in siblings, "epub_link": "epub" in siblings}

    def prepare(self) -> None:
        from .html import TextRenderer
        from .ids import REGISTER_PATH, load_register

        register = load_register(Path(self.settings.register) if self.settings.register else REGISTER_PATH)
        self.renderer = TextRenderer(base_url=self.settings.base_url, register=register)

    def write(self, doc, folder, siblings):
        contribution, files = self.renderer.render(doc, folder, pdf_link="pdf" in siblings,
                                                   epub_link="epub" in siblings)
        return Made(files, contribution)

    def finish(self, build):
        from .site_pages import finish_site_pages

        finish_site_pages(build)

    def finished_current(self, build):
        from .site_pages import site_pages_current

        return self.name not in build.request.outputs or site_pages_current(build)


class PrintEdition(Builder):
    """The print edition: one PDF/A-3b beside the reading page (edition.pdf)."""

    name = "pdf"
    own_task = True  # the essay: ≈ 2 s of CPU, its reading page ≈ 0.3 s (2026-12-07)

    def recipe(self, fp, inputs, siblings, old=None):
        paper = old.get("paper", "a4") if old is not None else self.settings.paper
        source_only = {"source": inputs["source"], "shared": inputs["shared"]}
        return digest({"inputs": source_only, "fp": fp.pdf, "base_url": self.settings.base_url, "paper": paper})

    def record(self, siblings):
        return {"paper": self.settings.paper}

    def prepare(self) -> None:
        from .pdf import PrintBuilder

        self.printer = PrintBuilder(self.settings.paper, self.settings.base_url)

    def write(self, doc, folder, siblings):
        name = f"{doc.doc_id}.pdf"
        try:
            pdf = self.printer.render(doc)
        finally:
            doc.warnings += self.printer.warnings  # a character no font of the edition has
        made = write_new_files(folder, [(name, pdf)])
        return Made({f"{doc.doc_id}/{name}": made[name]})

    def finish(self, build):
        build.report.pdfs += [Path(build.request.out) / t.doc_id / f"{t.doc_id}.pdf"
                              for t in build.texts if "pdf" in t.made]


# each further output in its own module, which subclasses Builder (defined above): imported here, after it
from .dts.export import DtsExport
from .epub_builder import EpubEdition
from .search import SearchIndex

# The outputs a build can make, in the order a text's task writes them.
BUILDERS: dict[str, type[Builder]] = {builder.name: builder for builder in (ReadingPage, PrintEdition, EpubEdition,
                                                                           DtsExport, SearchIndex)}


def current(builder: Builder, fp: Fingerprints, site: Path, inputs: Mapping, siblings: frozenset[str],
            old: Mapping | None, *, keep: bool = False) -> bool:
    """Is the output the site holds (its record `old`) made from what it would be made from now?
    `keep`: asked of an output the build does not make (its own settings, such as the paper, stand)."""
    return bool(old) and old.get("recipe") == builder.recipe(fp, inputs, siblings, old if keep else None) \
        and outputs_present(site, old.get("files", {}))
