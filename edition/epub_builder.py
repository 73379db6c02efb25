"""The EPUB edition's builder (the edition.builder protocol): one EPUB 3 book beside each reading page, made by
edition.epub in the build's workers. This module imports neither Saxon nor fontTools: the build's main
process imports it with edition.builders, the registry.
"""

from __future__ import annotations

from pathlib import Path

from .builder import Builder, Made
from .manifest import digest
from .output import write_new_files


class EpubEdition(Builder):
    """The EPUB 3 book beside the reading page (edition.epub)."""

    name = "epub"

    def recipe(self, fp, inputs, siblings, old=None):
        return digest({"inputs": inputs, "fp": fp.epub, "base_url": self.settings.base_url})

    def prepare(self) -> None:
        from .epub import EpubMaker
        from .ids import REGISTER_PATH, load_register

        register = load_register(Path(self.settings.register) if self.settings.register else REGISTER_PATH)
        self.maker = EpubMaker(self.settings.base_url, register)

    def write(self, doc, folder, siblings):
        name = f"{doc.doc_id}.epub"
        made = write_new_files(folder, [(name, self.maker.render(doc))])
        return Made({f"{doc.doc_id}/{name}": made[name]})
