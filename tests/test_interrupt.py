"""Interrupted builds never cost a reader anything: `python build.py all` is killed, interrupted and made to
fail at many points, in a copy of the project, and `output/` is compared file by file (SHA-256) before and
after.

The build in the copy is run on a changed source, so a completed build would give a different site: after
an interruption before the swap the site must be exactly the previous one; after one during or after the
swap, exactly the new one — never a mix. Exact points come from the EDITION_TEST_KILL_AT hook of
edition.output (see there); other kills come after a delay, at whatever the build is doing then.

A SIGKILL leaves the build no chance to tidy up: its hidden staging folder (`output/.html.staging-<pid>`)
may stay beside the site, which readers never see, and the next build removes it. Every other ending
(Ctrl-C, SIGTERM, a failing stage) leaves `output/` exactly as it was, hidden files included — except the
build's bookkeeping beside the site (`output/.html.build/build-state.sqlite`: the manifest, which records
the site folder's inode, and the store of contributions, which a build adds to before it publishes), which
is compared by the names of its files (no journal left) rather than byte for byte.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from edition import PROJECT_ROOT

# what a SIGKILL may leave: a staging folder or old site, an unpublished manifest, an SQLite journal
LEFTOVER = re.compile(r"^\..+\.(staging|old)-\d+$|^.+\.new-\d+$|^.+\.sqlite-journal$")
STATE = re.compile(r"^\..+\.build$")  # edition.manifest.state_dir
CHANGE = ("to try to serve up again", "to try to serve up once more")  # a word changed in ¶ 1


def snapshot(output: Path) -> dict[str, str]:
    """Every file below output/ (hidden ones too) → SHA-256 of its bytes; the build's bookkeeping folder
    only by the names of its files (see above)."""
    found = {}
    for p in sorted(output.rglob("*")):
        if p.is_file() or p.is_symlink():
            rel = p.relative_to(output)
            state = STATE.match(rel.parts[0])
            found[str(rel)] = "state" if state else hashlib.sha256(p.read_bytes()).hexdigest()
    return found


def without_leftovers(snap: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in snap.items() if not any(LEFTOVER.match(part) for part in Path(k).parts)}


def copy_project(dest: Path) -> Path:
    ignore = shutil.ignore_patterns("output", "node_modules", ".git", ".venv", ".*cache", "__pycache__",
                                    ".benchmarks", "tests", "docs", "benchmarks")
    shutil.copytree(PROJECT_ROOT, dest, ignore=ignore)
    return dest


def build(project: Path, *, hook: str | None = None, kill_after: float | None = None,
          kill_signal: int = signal.SIGKILL, extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """Run `python build.py all` in `project`; with `hook`, set EDITION_TEST_KILL_AT; with `kill_after`,
    send `kill_signal` to the build's process group after that many seconds (as a terminal's Ctrl-C does)."""
    env = {k: v for k, v in os.environ.items() if k not in ("EDITION_TEST_KILL_AT", "EDITION_DEBUG")}
    if hook:
        env["EDITION_TEST_KILL_AT"] = hook
    proc = subprocess.Popen([sys.executable, "build.py", "all", *extra], cwd=project, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    if kill_after is not None:
        try:
            out, err = proc.communicate(timeout=kill_after)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, kill_signal)
            out, err = proc.communicate(timeout=120)
    else:
        out, err = proc.communicate(timeout=600)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


class Project:
    """A copy of the project with a previous build (`before`) and the site a completed build of the
    changed source gives (`after`); `restore()` puts the previous build back, byte for byte."""

    def __init__(self, root: Path) -> None:
        self.root = copy_project(root / "project")
        self.output = self.root / "output"
        first = build(self.root)
        assert first.returncode == 0, first.stderr
        self.before = snapshot(self.output)
        self.saved = root / "saved-output"
        shutil.copytree(self.output, self.saved, symlinks=True)
        source = self.root / "tei" / "sedova-1941-davies.xml"
        text = source.read_text(encoding="utf-8")
        assert CHANGE[0] in text
        source.write_text(text.replace(CHANGE[0], CHANGE[1], 1), encoding="utf-8")
        start = time.perf_counter()
        second = build(self.root)
        self.build_seconds = time.perf_counter() - start
        assert second.returncode == 0, second.stderr
        self.after = snapshot(self.output)
        assert self.after != self.before  # the change shows, so "before" and "after" can be told apart
        self.restore()

    def restore(self) -> None:
        shutil.rmtree(self.output)
        shutil.copytree(self.saved, self.output, symlinks=True)
        assert snapshot(self.output) == self.before


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    return Project(tmp_path_factory.mktemp("interrupt"))


def assert_no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr


# --- exact points --------------------------------------------------------------------------------------

# The files of a text are written by whichever process renders it: with two workers or more, that is a
# worker (the PDF begins alongside the text), and the hook would end the worker alone — a worker that dies,
# which tests/test_workers.py covers. To stop the build itself at its n-th file, the build runs in one process.
IN_ONE_PROCESS = ("--jobs", "1")

@pytest.mark.parametrize("point", ["staged", "file-1", "file-3", "before-swap"])
def test_sigkill_before_the_swap_leaves_the_previous_output(project, point):
    project.restore()
    result = build(project.root, hook=point, extra=IN_ONE_PROCESS if point.startswith("file-") else ())
    assert result.returncode == -signal.SIGKILL, (point, result.returncode, result.stderr)
    after_kill = snapshot(project.output)
    assert without_leftovers(after_kill) == project.before
    assert all(any(LEFTOVER.match(part) for part in Path(k).parts) for k in set(after_kill) - set(project.before))


def test_sigkill_after_the_swap_leaves_the_complete_new_output(project):
    project.restore()
    result = build(project.root, hook="after-swap")
    assert result.returncode == -signal.SIGKILL
    assert without_leftovers(snapshot(project.output)) == project.after


@pytest.mark.parametrize("point", ["file-3", "before-swap", "search:INT", "search:TERM"])
def test_ctrl_c_leaves_the_previous_output_exactly(project, point):
    """… and so does SIGTERM, also while Pagefind runs (the build alone is signalled, as `kill PID` does: the
    Pagefind processes are ended by the build)."""
    project.restore()
    hook = point if ":" in point else f"{point}:INT"
    result = build(project.root, hook=hook, extra=IN_ONE_PROCESS if point.startswith("file-") else ())
    assert result.returncode == 130, result.stderr
    assert "interrupted" in result.stderr
    assert_no_traceback(result)
    assert snapshot(project.output) == project.before  # nothing left behind, not even hidden


def test_ctrl_c_during_the_swap_lets_the_swap_finish(project):
    project.restore()
    result = build(project.root, hook="after-swap:INT")
    assert_no_traceback(result)
    assert snapshot(project.output) == project.after


# --- whatever the build is doing at the time -----------------------------------------------------------

@pytest.mark.parametrize("signal_number, share", [
    (signal.SIGKILL, 0.3), (signal.SIGKILL, 0.6), (signal.SIGINT, 0.5), (signal.SIGTERM, 0.7)])
def test_a_build_stopped_at_any_moment_leaves_the_previous_output(project, signal_number, share):
    project.restore()
    result = build(project.root, kill_after=project.build_seconds * share, kill_signal=signal_number)
    snap = snapshot(project.output)
    if result.returncode == 0:  # the machine was faster than the delay: the build completed
        assert without_leftovers(snap) == project.after
        return
    if signal_number == signal.SIGKILL:
        assert result.returncode == -signal.SIGKILL
        assert without_leftovers(snap) in (project.before, project.after)
    else:
        assert result.returncode == 130, result.stderr
        assert_no_traceback(result)
        assert snap == project.before


# --- a failing stage, and the build after a killed one ----------------------------------------------

def test_a_failing_stage_leaves_the_previous_output(project):
    """A character no font has: validation and HTML succeed, the PDF stage fails — nothing is published."""
    project.restore()
    source = project.root / "tei" / "sedova-1941-davies.xml"
    text, stat = source.read_text(encoding="utf-8"), source.stat()
    try:
        source.write_text(text.replace(CHANGE[1], CHANGE[1] + " \ue000", 1), encoding="utf-8")
        result = build(project.root)
    finally:  # the source as it was, to the modification time (the build manifest records it)
        source.write_text(text, encoding="utf-8")
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert result.returncode == 1
    assert re.search(r"sedova-1941-davies\.xml:\d+:\d+: error: .*U\+E000.* — ", result.stderr), result.stderr
    assert_no_traceback(result)
    assert snapshot(project.output) == project.before


def test_the_build_after_a_killed_one_cleans_up_and_succeeds(project):
    project.restore()
    killed = build(project.root, hook="before-swap")
    assert killed.returncode == -signal.SIGKILL
    assert any(LEFTOVER.match(p.name) for p in project.output.iterdir())  # the killed build's staging folder
    result = build(project.root)
    assert result.returncode == 0, result.stderr
    assert snapshot(project.output) == project.after  # the stale staging folder is gone


def test_the_build_runs_no_outside_program(project):
    """The build depends on Python packages alone: no java, chromium or pdftotext on its PATH, and it works."""
    project.restore()
    bare = project.root.parent / "bare-bin"
    bare.mkdir(exist_ok=True)  # an empty PATH: no program can be found by name
    env = {"PATH": str(bare), "HOME": str(project.root.parent), "LANG": "C.UTF-8"}
    result = subprocess.run([sys.executable, "build.py", "all", "--force"], cwd=project.root, env=env,
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    assert snapshot(project.output) == project.after


# --- a prompt stop, whatever the build is inside (edition.interrupt) --------------------------------------

STOP_WITHIN = 2.0  # seconds from the signal to the end of the process


def long_text(copies: int) -> bytes:
    """The essay with its body repeated (identifiers made unique, paragraphs numbered on): a long valid text."""
    from lxml import etree

    from edition import NS, XML_NS
    from edition.xmlsafe import parse_file

    tree = parse_file(PROJECT_ROOT / "tei" / "sedova-1941-davies.xml")
    body = tree.find(".//tei:body", NS)
    divisions = [d for d in body if isinstance(d.tag, str)]
    for n in range(2, copies + 1):
        for division in divisions:
            clone = __import__("copy").deepcopy(division)
            for el in clone.iter():
                if isinstance(el.tag, str) and el.get(f"{{{XML_NS}}}id"):
                    el.set(f"{{{XML_NS}}}id", f"{el.get(f'{{{XML_NS}}}id')}x{n}")
            body.append(clone)
    for number, paragraph in enumerate(body.xpath("(.//tei:div | .)/tei:p", namespaces=NS), 1):
        paragraph.set("n", str(number))
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def stopped(project: Path, args: list[str], after: float, signal_number: int) -> tuple[subprocess.CompletedProcess, float]:
    """Run `build.py ARGS` in `project`, send `signal_number` to its process group after `after` seconds (as a
    terminal's Ctrl-C does); the result and the seconds from the signal to the end of the process."""
    env = {k: v for k, v in os.environ.items() if k not in ("EDITION_TEST_KILL_AT", "EDITION_DEBUG")}
    proc = subprocess.Popen([sys.executable, "build.py", *args], cwd=project, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=after)
        return subprocess.CompletedProcess(proc.args, proc.returncode, out, err), -1.0  # ended before the signal
    except subprocess.TimeoutExpired:
        pass
    sent = time.monotonic()
    os.killpg(proc.pid, signal_number)
    proc.wait(timeout=60)
    seconds = time.monotonic() - sent
    out, err = proc.communicate()
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err), seconds


def assert_stopped(result: subprocess.CompletedProcess, seconds: float, signal_number: int) -> None:
    assert seconds >= 0, "the command ended before the signal: make its input longer"
    assert seconds < STOP_WITHIN, f"{seconds:.2f} s from the signal to the end"
    if result.returncode == -signal.SIGTERM == -signal_number:
        return  # SIGTERM's own action (`validate` writes nothing to keep, and does not catch it): at once
    # 130: the build's own handler ran; -9: the guard stopped a build stuck in a long C call
    assert result.returncode in (130, -signal.SIGKILL), (result.returncode, result.stderr)
    assert "interrupted" in result.stderr
    assert_no_traceback(result)


@pytest.fixture(scope="module")
def long_project(tmp_path_factory) -> Path:
    """A copy of the project with a site built from the essay; tei/ then holds a text 20 times as long."""
    root = copy_project(tmp_path_factory.mktemp("long") / "project")
    first = build(root)
    assert first.returncode == 0, first.stderr
    (root / "tei" / "sedova-1941-davies.xml").write_bytes(long_text(20))
    return root


@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_during_the_schematron_rules_of_long_texts_is_prompt(long_project, signal_number):
    """`validate` of 24 copies of a long text (19,000 elements each) in this process: most of its time
    is spent inside libxml2 and libxslt, which hear no Python handler until they return."""
    copies = long_project / "copies"
    copies.mkdir(exist_ok=True)
    text = (long_project / "tei" / "sedova-1941-davies.xml").read_bytes()
    for n in range(24):  # about 0.5 s each on a quiet machine: the signal (at 2 s) comes well before the end
        (copies / f"sedova-1941-davies-{n}.xml").write_bytes(text)
    result, seconds = stopped(long_project, ["validate", "--jobs", "1", "copies"], 2.0, signal_number)
    assert_stopped(result, seconds, signal_number)


@pytest.mark.parametrize("signal_number, after", [(signal.SIGINT, 4.0), (signal.SIGTERM, 12.0)])
def test_a_stop_at_any_moment_of_a_long_build_is_prompt_and_keeps_the_site(long_project, signal_number, after):
    """`all` of the long text (its PDF alone takes 20 s to a minute: WeasyPrint; before it, Saxon's transform,
    which keeps the GIL for seconds): stopped after `after` seconds, it ends within STOP_WITHIN and the
    site is exactly the previous one, with no staging folder left behind."""
    output = long_project / "output"
    before = snapshot(output)
    result, seconds = stopped(long_project, ["all", "--jobs", "1"], after, signal_number)
    assert_stopped(result, seconds, signal_number)
    assert snapshot(output) == before
