"""edition.output: the staging folder replaces the target only when the whole build succeeded, and only a
folder the pipeline made is ever replaced. (Killing real builds: tests/test_interrupt.py.)"""

from __future__ import annotations

import os
import signal
import threading

import pytest

from edition import PROJECT_ROOT
from edition.errors import EditionError
from edition.output import MARKER, checkpoint, recover, replaceable_problem, staged, write_text


def tree_of(path):
    """Every file below `path` with its bytes, the pipeline's marker left out."""
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*"))
            if p.is_file() and p.name != MARKER}


def earlier_build(path, files):
    """A folder as an earlier build left it: its files and the marker."""
    path.mkdir(parents=True)
    (path / MARKER).write_text("made by the pipeline\n")
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text)
    return path


def test_success_replaces_the_target(tmp_path):
    target = earlier_build(tmp_path / "html", {"old.txt": "old"})
    with staged(target) as stage:
        assert stage != target and stage.parent == target.parent
        write_text(stage / "new.txt", "new")
    assert tree_of(target) == {"new.txt": b"new"}
    assert (target / MARKER).is_file()  # the next build may replace it again
    assert [p.name for p in tmp_path.iterdir()] == ["html"]  # nothing left beside it


@pytest.mark.parametrize("failure", [RuntimeError("boom"), KeyboardInterrupt()])
def test_failure_leaves_the_target_exactly_as_it_was(tmp_path, failure):
    target = earlier_build(tmp_path / "html", {"index.html": "previous build"})
    before = tree_of(target)
    with pytest.raises(type(failure)), staged(target) as stage:
        write_text(stage / "index.html", "half written")
        raise failure
    assert tree_of(target) == before
    assert [p.name for p in tmp_path.iterdir()] == ["html"]


def test_sigterm_during_the_build_cleans_up_like_ctrl_c(tmp_path):
    target = earlier_build(tmp_path / "html", {"index.html": "previous build"})
    with pytest.raises(KeyboardInterrupt), staged(target) as stage:
        write_text(stage / "index.html", "half written")
        os.kill(os.getpid(), signal.SIGTERM)
    assert tree_of(target) == {"index.html": b"previous build"}
    assert [p.name for p in tmp_path.iterdir()] == ["html"]
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # the handler is the build's only


@pytest.mark.parametrize("signame", ["INT", "TERM"])
def test_an_interruption_during_the_swap_waits_for_the_swap(tmp_path, monkeypatch, signame):
    target = earlier_build(tmp_path / "html", {"index.html": "previous build"})
    monkeypatch.setenv("EDITION_TEST_KILL_AT", f"after-swap:{signame}")  # between exchange and cleanup
    waiting = threading.Event()
    other = threading.Thread(target=waiting.wait, daemon=True)  # a second thread, as a process pool has
    other.start()
    try:
        with staged(target) as stage:
            write_text(stage / "index.html", "new build")
    finally:
        waiting.set()
    assert tree_of(target) == {"index.html": b"new build"}
    assert [p.name for p in tmp_path.iterdir()] == ["html"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_start_from_current_copies_the_site(tmp_path):
    target = earlier_build(tmp_path / "html", {"doc/index.html": "page"})
    with staged(target, start_from_current=True) as stage:
        write_text(stage / "doc" / "doc.pdf", "pdf")
    assert tree_of(target) == {"doc/index.html": b"page", "doc/doc.pdf": b"pdf"}


def test_first_build_creates_the_target(tmp_path):
    target = tmp_path / "out" / "html"
    with staged(target) as stage:
        write_text(stage / "a.txt", "a")
    assert tree_of(target) == {"a.txt": b"a"}


def test_an_empty_folder_is_taken(tmp_path):
    target = tmp_path / "site"
    target.mkdir()
    with staged(target) as stage:
        write_text(stage / "a.txt", "a")
    assert tree_of(target) == {"a.txt": b"a"}


def test_a_folder_that_only_looks_like_a_site_is_not_taken(tmp_path):
    """An ordinary website (its own index.html, static/, a folder with an index.html) is not the pipeline's:
    only the marker file says a folder is (issue 14: such a folder was replaced, the user's files lost)."""
    target = tmp_path / "html"
    (target / "static").mkdir(parents=True)
    (target / "index.html").write_text("catalogue")
    (target / "static" / "edition.css").write_text("css")
    (target / "doc").mkdir()
    (target / "doc" / "doc.pdf").write_text("pdf")
    assert "was not made by the pipeline" in replaceable_problem(target)
    (target / MARKER).write_text("made by the pipeline\n")
    assert replaceable_problem(target) is None


@pytest.mark.parametrize("what", ["sources", "home", "file", "project", "project-parent"])
def test_a_folder_the_pipeline_did_not_make_is_never_replaced(tmp_path, what):
    if what == "sources":  # `--out tei` must not wipe the sources
        target = tmp_path / "tei"
        target.mkdir()
        (target / "text.xml").write_text("<TEI/>")
    elif what == "home":
        target = tmp_path / "home"
        (target / "notes").mkdir(parents=True)
        (target / "notes" / "todo.txt").write_text("keep me")
    elif what == "file":
        target = tmp_path / "site.txt"
        target.write_text("a file")
    elif what == "project":
        target = PROJECT_ROOT
    else:
        target = PROJECT_ROOT.parent
    before = tree_of(target) if what not in ("project", "project-parent") and target.is_dir() else None
    with pytest.raises(EditionError) as caught, staged(target) as stage:
        write_text(stage / "index.html", "site")
    problem = caught.value.problems[0]
    assert problem.rule == "output" and " — " in problem.message
    if before is not None:
        assert tree_of(target) == before
    if what == "file":
        assert target.read_text() == "a file"
    assert not any(p.name.startswith(f".{target.name}.staging") for p in target.parent.iterdir())


def test_a_symbolic_link_replaces_the_folder_it_names(tmp_path):
    real = earlier_build(tmp_path / "real", {"index.html": "old"})
    link = tmp_path / "link"
    link.symlink_to(real)
    with staged(link) as stage:
        write_text(stage / "index.html", "new")
    assert link.is_symlink() and tree_of(real) == {"index.html": b"new"}


def test_recover_restores_a_target_lost_between_two_renames(tmp_path):
    target = tmp_path / "html"
    old = tmp_path / ".html.old-999999999"  # a process that no longer exists
    old.mkdir()
    (old / "index.html").write_text("kept")
    stale = tmp_path / f".html.staging-{os.getpid() + 1000000}"
    stale.mkdir()
    recover(target)
    assert tree_of(target) == {"index.html": b"kept"} and not stale.exists()


def test_recover_leaves_a_running_build_alone_and_other_names_too(tmp_path):
    target = tmp_path / "html"
    running = tmp_path / f".html.staging-{os.getppid()}"  # the parent process is alive
    running.mkdir()
    unrelated = tmp_path / ".html.notes"
    unrelated.mkdir()
    recover(target)
    assert running.is_dir() and unrelated.is_dir()


def test_the_kill_hook_does_nothing_unless_asked(monkeypatch):
    monkeypatch.delenv("EDITION_TEST_KILL_AT", raising=False)
    checkpoint("before-swap")
    monkeypatch.setenv("EDITION_TEST_KILL_AT", "staged")
    checkpoint("before-swap")  # another point: nothing happens


def test_write_text_never_writes_through_a_link(tmp_path):
    published = tmp_path / "published.html"
    published.write_text("the published page")
    shared = tmp_path / "stage-hardlink.html"
    os.link(published, shared)  # an incremental build's stage shares unchanged files with the site
    pointer = tmp_path / "stage-symlink.html"
    pointer.symlink_to(published)
    write_text(shared, "new page")
    write_text(pointer, "new page")
    assert published.read_text() == "the published page"
    assert shared.read_text() == pointer.read_text() == "new page" and not pointer.is_symlink()


def test_write_text_is_utf8_with_unix_line_ends(tmp_path):
    write_text(tmp_path / "a.txt", "“x”\n")
    assert (tmp_path / "a.txt").read_bytes() == "“x”\n".encode()
