"""edition.output: the staging folder replaces the target only when the whole build succeeded."""

from __future__ import annotations

import os

import pytest

from edition.output import recover, staged, write_text


def tree_of(path):
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def test_success_replaces_the_target(tmp_path):
    target = tmp_path / "html"
    target.mkdir()
    (target / "old.txt").write_text("old")
    with staged(target) as stage:
        assert stage != target and stage.parent == target.parent
        write_text(stage / "new.txt", "new")
    assert tree_of(target) == {"new.txt": b"new"}
    assert [p.name for p in tmp_path.iterdir()] == ["html"]  # nothing left beside it


@pytest.mark.parametrize("failure", [RuntimeError("boom"), KeyboardInterrupt()])
def test_failure_leaves_the_target_exactly_as_it_was(tmp_path, failure):
    target = tmp_path / "html"
    target.mkdir()
    (target / "index.html").write_text("previous build")
    before = tree_of(target)
    with pytest.raises(type(failure)), staged(target) as stage:
        write_text(stage / "index.html", "half written")
        raise failure
    assert tree_of(target) == before
    assert [p.name for p in tmp_path.iterdir()] == ["html"]


def test_start_from_current_copies_the_site(tmp_path):
    target = tmp_path / "html"
    (target / "doc").mkdir(parents=True)
    (target / "doc" / "index.html").write_text("page")
    with staged(target, start_from_current=True) as stage:
        write_text(stage / "doc" / "doc.pdf", "pdf")
    assert tree_of(target) == {"doc/index.html": b"page", "doc/doc.pdf": b"pdf"}


def test_first_build_creates_the_target(tmp_path):
    target = tmp_path / "out" / "html"
    with staged(target) as stage:
        write_text(stage / "a.txt", "a")
    assert tree_of(target) == {"a.txt": b"a"}


def test_recover_restores_a_target_lost_between_two_renames(tmp_path):
    target = tmp_path / "html"
    old = tmp_path / ".html.old-999999999"  # a process that no longer exists
    old.mkdir()
    (old / "index.html").write_text("kept")
    stale = tmp_path / f".html.staging-{os.getpid() + 1000000}"
    stale.mkdir()
    recover(target)
    assert tree_of(target) == {"index.html": b"kept"} and not stale.exists()


def test_write_text_is_utf8_with_unix_line_ends(tmp_path):
    write_text(tmp_path / "a.txt", "“x”\n")
    assert (tmp_path / "a.txt").read_bytes() == "“x”\n".encode()
