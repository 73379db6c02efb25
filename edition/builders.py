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
from pathlib import Path

from .builder import Builder, Made
from .dts.export import DtsExport
from .epub_builder import EpubEdition
from .manifest import Fingerprints, digest, outputs_present
from .output import write_new_files
from .search import SearchIndex


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



# The outputs a build can make, in the order a text's task writes them.
BUILDERS: dict[str, type[Builder]] = {builder.name: builder for builder in (ReadingPage, PrintEdition, EpubEdition,
                                                                           DtsExport, SearchIndex)}


def current(builder: Builder, fp: Fingerprints, site: Path, inputs: Mapping, siblings: frozenset[str],
            old: Mapping | None, *, keep: bool = False) -> bool:
    """Is the output the site holds (its record `old`) made from what it would be made from now?
    `keep`: asked of an output the build does not make (its own settings, such as the paper, stand)."""
    return bool(old) and old.get("recipe") == builder.recipe(fp, inputs, siblings, old if keep else None) \
        and outputs_present(site, old.get("files", {}))
