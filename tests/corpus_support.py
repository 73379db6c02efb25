"""Helpers for the corpus tests: small generated corpora (benchmarks/generate_corpus.py) and site snapshots."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("generate_corpus", ROOT / "benchmarks" / "generate_corpus.py")
generate_corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate_corpus)


def corpus(folder: Path, count: int = 3, *, length: float = 0.15, shared: bool = True, seed: int = 1) -> list[Path]:
    """`count` short valid texts in folder/tei/ (and the shared list in folder/tei/shared/)."""
    return generate_corpus.generate(folder, count, seed=seed, length=length, shared=shared)


def snapshot(site: Path) -> dict[str, tuple[int, bytes]]:
    """Every file of a site: relative path → (inode, content). Equal inodes: the file was not written again."""
    found = {}
    for dirpath, _dirs, names in os.walk(site):
        for name in names:
            path = Path(dirpath) / name
            found[str(path.relative_to(site))] = (path.stat().st_ino, path.read_bytes())
    return found


def rewritten(before: dict, after: dict) -> set[str]:
    """Files written by a build (new inode), added or removed, between two snapshots."""
    return {rel for rel in before.keys() | after.keys()
            if rel not in before or rel not in after or before[rel][0] != after[rel][0]}


def files_in(folder: Path, base: Path) -> list[str]:
    """Every file below `folder`, as paths relative to `base`."""
    return [str((Path(dirpath) / name).relative_to(base)) for dirpath, _dirs, names in os.walk(folder)
            for name in names]
