"""edition.workers: tasks run in worker processes (or in this one), outcomes as plain data; a dead worker
stops the build with a clear error instead of hanging it."""

from __future__ import annotations

import json

import pytest
from corpus_support import corpus

from edition.errors import EditionError
from edition.workers import Settings, TextTask, WorkerPool, default_jobs, run_text


def test_default_jobs_is_the_number_of_usable_cores():
    assert default_jobs() >= 1


def test_a_text_task_validates_renders_and_reports_what_it_wrote(tmp_path):
    path = corpus(tmp_path, 1, length=0.1)[0]
    stage = tmp_path / "stage"
    outcome = run_text(TextTask(str(path), str(stage), Settings()))
    assert outcome.ok and outcome.doc_id == path.stem and len(outcome.sha256) == 64
    assert f"{path.stem}/index.html" in outcome.made["html"] and (stage / path.stem / "index.html").is_file()
    assert json.loads(outcome.contribution)["doc_id"] == path.stem and set(outcome.parts) >= {"catalogue", "person"}
    assert outcome.shared and outcome.timings["validate"] > 0 and outcome.timings["html"] > 0


def test_the_files_a_text_task_reports_are_those_the_manifest_records(tmp_path):
    from corpus_support import files_in

    from edition.manifest import record_files

    path = corpus(tmp_path, 1, length=0.1)[0]
    stage = tmp_path / "stage"
    outcome = run_text(TextTask(str(path), str(stage), Settings()))
    folder = stage / path.stem
    (folder / f"{path.stem}.pdf").write_bytes(b"%PDF- made by the print stage")
    (folder / "extra").mkdir()
    (folder / "extra" / "note.txt").write_text("a file in a sub-folder", encoding="utf-8")
    everything = record_files(stage, files_in(folder, stage))
    assert f"{path.stem}/{path.stem}.pdf" in everything and f"{path.stem}/extra/note.txt" in everything
    expected = {rel: value for rel, value in everything.items() if rel != f"{path.stem}/{path.stem}.pdf"}
    assert outcome.made["html"] == {rel: value for rel, value in expected.items() if not rel.startswith(f"{path.stem}/extra")}
    assert list(outcome.made["html"]) == sorted(outcome.made["html"])  # always in one order


def test_an_invalid_text_is_an_outcome_with_problems_not_an_exception(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI", encoding="utf-8")
    outcome = run_text(TextTask(str(bad), str(tmp_path / "stage"), Settings()))
    assert not outcome.ok and outcome.problems[0].rule == "well-formed"
    assert not (tmp_path / "stage").exists()


def test_two_workers_give_the_outcomes_one_gives(tmp_path):
    paths = corpus(tmp_path, 3, length=0.1)
    results = {}
    for jobs in (1, 2):
        stage = tmp_path / f"stage{jobs}"
        with WorkerPool(jobs) as pool:
            outcomes = list(pool.run(TextTask(str(p), str(stage), Settings()) for p in paths))
        results[jobs] = sorted((o.doc_id, o.sha256, {k: v[0] for k, v in o.made["html"].items()}) for o in outcomes)
    assert results[1] == results[2] and len(results[1]) == 3


def test_a_worker_that_dies_stops_the_build_with_a_clear_error(tmp_path, monkeypatch):

    paths = corpus(tmp_path, 2, length=0.1)
    monkeypatch.setenv("EDITION_TEST_KILL_AT", "file-1:KILL")  # each worker kills itself at its first file
    with pytest.raises(EditionError, match="worker process died"), WorkerPool(2) as pool:
        list(pool.run(TextTask(str(p), str(tmp_path / "stage"), Settings()) for p in paths))


def test_validation_in_workers_keeps_the_order_of_the_files(tmp_path):
    from edition.commands.validate import _check_in_worker

    paths = corpus(tmp_path, 3, length=0.1)
    bad = tmp_path / "tei" / "bad.xml"
    bad.write_text("<TEI", encoding="utf-8")
    files = [paths[0], bad, *paths[1:]]
    with WorkerPool(2) as pool:
        reports = [report for report, _lists in pool.map(_check_in_worker, [((), str(f)) for f in files])]
    assert [r.path.rsplit("/", 1)[-1] for r in reports] == [p.name for p in files]
    assert [r.valid for r in reports] == [True, False, True, True]


def test_one_task_loads_the_text_once_and_writes_every_output_it_names(tmp_path):
    """The reading page and the PDF from one loaded document: one task, one outcome with both outputs'
    files; the reading page links the PDF it is told its folder holds."""
    path = corpus(tmp_path, 1, length=0.05)[0]
    stage = tmp_path / "stage"
    task = TextTask(str(path), str(stage), Settings(), outputs=("html", "pdf"), siblings=("html", "pdf"))
    outcome = run_text(task)
    assert outcome.ok, outcome.problems
    assert set(outcome.made) == {"html", "pdf"} and list(outcome.made["pdf"]) == [f"{path.stem}/{path.stem}.pdf"]
    assert (stage / path.stem / f"{path.stem}.pdf").read_bytes().startswith(b"%PDF-")
    assert f'href="{path.stem}.pdf"' in (stage / path.stem / "index.html").read_text(encoding="utf-8")
    assert {"validate", "html", "pdf"} <= set(outcome.timings)


def test_a_process_that_has_run_saxon_still_starts_working_workers(tmp_path):
    """Saxon's processor starts a thread of its own; a child forked from such a process once aborted in CI.
    Workers are spawned, so a process that has run Saxon (a test, a build with --jobs 1 before) can start them."""
    from edition import transform

    transform.processor()
    paths = corpus(tmp_path, 3, length=0.1)
    with WorkerPool(2) as pool:
        outcomes = list(pool.run(TextTask(str(p), str(tmp_path / "stage"), Settings()) for p in paths))
    assert sorted(o.doc_id for o in outcomes if o.ok) == sorted(p.stem for p in paths)


def test_jobs_are_capped_at_the_cores_and_at_the_tasks():
    """`--jobs 400` for two items starts two workers at most, never 400 (and never more than the cores)."""
    assert WorkerPool(400).jobs == default_jobs() and WorkerPool(1).jobs == 1
    with WorkerPool(400) as pool:
        assert pool.map(abs, [-1, -2]) == [1, 2]
        started = len(pool._executor._processes) if pool._executor is not None else 0
    assert started <= min(2, default_jobs())


def _alive(pid: int) -> bool:
    """Is the process there and not a zombie (a container's init may not reap at once)?"""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


WORKERS_AND_WAIT = """
import sys, time
sys.path.insert(0, {root!r})
from edition.workers import WorkerPool
pool = WorkerPool(2).__enter__()
executor = pool._start(2)
busy = [executor.submit(time.sleep, 120) for _ in range(2)]
while len(executor._processes) < 2:
    time.sleep(0.05)
time.sleep(1.5)  # the workers have started and run their initializer
print(" ".join(str(pid) for pid in executor._processes), flush=True)
time.sleep(120)
"""


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="reads /proc (Linux)")
@pytest.mark.skipif(default_jobs() < 2, reason="needs two cores for two workers")
def test_workers_end_when_the_build_process_is_killed():
    """SIGKILL the process that started two busy workers: they end within a few seconds (they watch their
    parent) instead of living on, holding memory and the build's state database."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from edition import PROJECT_ROOT

    main = subprocess.Popen([sys.executable, "-c", WORKERS_AND_WAIT.format(root=str(PROJECT_ROOT))],
                            stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(pid) for pid in main.stdout.readline().split()]
        assert len(workers) == 2 and all(_alive(pid) for pid in workers)
        os.kill(main.pid, signal.SIGKILL)
        main.wait(timeout=10)
        killed = time.monotonic()
        while any(_alive(pid) for pid in workers) and time.monotonic() - killed < 10:
            time.sleep(0.1)
        gone_after = time.monotonic() - killed
        assert not any(_alive(pid) for pid in workers), "the workers outlived the build's process"
        assert gone_after < 3
    finally:
        main.kill()
        main.wait()
