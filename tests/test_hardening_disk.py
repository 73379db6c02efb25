"""A full disk is a located message, never an internal error, and the site already published stays as it was.

Two ways to run out of space for real, at the level of the operating system (no Python function is replaced):
- a file-size limit (RLIMIT_FSIZE, `ulimit -f`) on the build's process: every write past it fails with EFBIG,
  as a write to a full disk fails with ENOSPC; any user may set it, so this test always runs;
- a real full disk: an 8 MB tmpfs (the essay's site and its search index fit) mounted for the test, filled to a few kilobytes. Mounting needs root
  (CAP_SYS_ADMIN); where it is not allowed the test is skipped, saying so.
"""

from __future__ import annotations

import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from bad_inputs import ESSAY

ROOT = Path(__file__).resolve().parent.parent


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(source: Path, site: Path, limit: int | None = None) -> subprocess.CompletedProcess:
    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG), not the process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, str(ROOT / "build.py"), "search", str(source), "--out", str(site),
                           "--jobs", "1", "--no-progress"], check=False, capture_output=True, text=True,
                          timeout=300, preexec_fn=limited if limit else None, cwd=source.parent.parent)


@pytest.fixture
def published(tmp_path) -> tuple[Path, Path, dict[str, bytes]]:
    (tmp_path / "tei").mkdir()
    source = tmp_path / "tei" / ESSAY.name
    shutil.copyfile(ESSAY, source)
    site = tmp_path / "site"
    done = build(source, site)
    assert done.returncode == 0, done.stderr
    source.write_bytes(source.read_bytes().replace(b"Before his death", b"Before  his death"))  # to build again
    return source, site, files_of(site)


def assert_refused_in_place(done: subprocess.CompletedProcess, site: Path, before: dict[str, bytes]) -> str:
    said = done.stdout + done.stderr
    assert done.returncode == 1, said
    assert "internal error" not in said and "Traceback" not in said
    [line] = [line for line in said.splitlines() if line.endswith("[disk-full]")]
    assert line.startswith(f"{site}:0:0: error: ") or ":0:0: error: " in line
    assert "could not be written" in line and "MB free" in line and " — free space on that disk" in line
    assert files_of(site) == before  # the published site is untouched
    assert not [p for p in site.parent.iterdir() if ".staging-" in p.name]  # nothing half-made left
    return line


@pytest.mark.parametrize("limit", [20_000, 60_000, 100_000])  # the state, the reading page (118 KB), either
def test_a_file_size_limit_is_a_located_message_and_the_site_stays(published, limit):
    source, site, before = published
    line = assert_refused_in_place(build(source, site, limit), site, before)
    assert "file-size limit" in line


def test_a_full_disk_is_a_located_message_and_the_site_stays(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk)], check=False, capture_output=True,
                             text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {mounted.stderr.strip()}")
    try:
        (disk / "tei").mkdir()
        source = disk / "tei" / ESSAY.name
        shutil.copyfile(ESSAY, source)
        site = disk / "site"
        done = build(source, site)
        assert done.returncode == 0, done.stderr
        before = files_of(site)
        with open(disk / "filler", "wb") as filler:  # the disk filled up to its last few kilobytes
            chunk = b"\0" * 4096
            try:
                while shutil.disk_usage(disk).free > 8192:
                    filler.write(chunk)
                    filler.flush()
            except OSError:
                pass
        source.write_bytes(source.read_bytes().replace(b"Before his death", b"Before  his death"))
        line = assert_refused_in_place(build(source, site), site, before)
        assert "disk is full" in line
    finally:
        subprocess.run(["umount", str(disk)], check=False)
