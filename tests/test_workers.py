"""edition.workers: tasks run in worker processes (or in this one), outcomes as plain data; a dead worker
stops the build with a clear error instead of hanging it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from corpus_support import corpus

from edition.errors import EditionError
from edition.workers import (
    MEMORY_LIMIT_MIB,
    Settings,
    TextTask,
    WorkerPool,
    default_jobs,
    memory_limit_kib,
    own_memory_kib,
    run_task,
    run_text,
    validate_files,
)


def test_default_jobs_is_the_number_of_usable_cores():
    assert default_jobs() >= 1


def test_a_text_task_validates_renders_and_reports_what_it_wrote(tmp_path):
    path = corpus(tmp_path, 1, length=0.1)[0]
    stage = tmp_path / "stage"
    outcome = run_text(TextTask(str(path), str(stage), Settings()))
    assert outcome.ok and outcome.doc_id == path.stem and len(outcome.sha256) == 64
    assert f"{path.stem}/index.html" in outcome.files and (stage / path.stem / "index.html").is_file()
    assert json.loads(outcome.contribution)["doc_id"] == path.stem and set(outcome.parts) >= {"catalogue", "person"}
    assert outcome.shared and outcome.timings["validate"] > 0 and outcome.timings["html"] > 0


def test_the_files_a_text_task_reports_are_those_the_manifest_records(tmp_path):
    from edition.manifest import files_in, record_files

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
    assert outcome.files == {rel: value for rel, value in expected.items() if not rel.startswith(f"{path.stem}/extra")}
    assert list(outcome.files) == sorted(outcome.files)  # always in one order


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
        results[jobs] = sorted((o.doc_id, o.sha256, {k: v[0] for k, v in o.files.items()}) for o in outcomes)
    assert results[1] == results[2] and len(results[1]) == 3


def test_a_worker_that_dies_stops_the_build_with_a_clear_error(tmp_path, monkeypatch):
    import edition.output

    paths = corpus(tmp_path, 2, length=0.1)
    monkeypatch.setattr(edition.output, "_files_written", 0)  # the forked workers count their files from here
    monkeypatch.setenv("EDITION_TEST_KILL_AT", "file-1:KILL")  # each worker kills itself at its first file
    with pytest.raises(EditionError, match="worker process died"), WorkerPool(2) as pool:
        list(pool.run(TextTask(str(p), str(tmp_path / "stage"), Settings()) for p in paths))


def test_validation_in_workers_keeps_the_order_of_the_files(tmp_path):
    from edition.commands.validate import _check
    from edition.validate import Validator

    paths = corpus(tmp_path, 3, length=0.1)
    bad = tmp_path / "tei" / "bad.xml"
    bad.write_text("<TEI", encoding="utf-8")
    files = [paths[0], bad, *paths[1:]]
    reports = validate_files(files, _check, validator=Validator(), jobs=2)
    assert [r.path.rsplit("/", 1)[-1] for r in reports] == [p.name for p in files]
    assert [r.valid for r in reports] == [True, False, True, True]


@pytest.mark.skipif(not __import__("os").path.exists("/proc/self/status"), reason="needs Linux's /proc")
def test_an_outcome_says_how_much_memory_its_worker_holds(tmp_path):
    path = corpus(tmp_path, 1, length=0.1)[0]
    before = own_memory_kib()
    outcome = run_task(TextTask(str(path), str(tmp_path / "stage"), Settings()))
    assert outcome.ok and before > 0 and outcome.memory > 0
    big = bytearray(64 * 2**20)  # 64 MiB of this process's own memory, touched
    assert own_memory_kib() >= before + 60 * 1024
    del big


def test_the_memory_limit_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv("EDITION_WORKER_MEMORY_LIMIT", raising=False)
    assert memory_limit_kib() == MEMORY_LIMIT_MIB * 1024
    monkeypatch.setenv("EDITION_WORKER_MEMORY_LIMIT", "0")
    assert memory_limit_kib() == 0
    monkeypatch.setenv("EDITION_WORKER_MEMORY_LIMIT", "1.5")
    assert memory_limit_kib() == 1536
    for wrong in ("lots", "-5", "nan", "inf"):
        monkeypatch.setenv("EDITION_WORKER_MEMORY_LIMIT", wrong)
        with pytest.raises(EditionError, match="EDITION_WORKER_MEMORY_LIMIT=.* is not a number of MiB"):
            memory_limit_kib()


def test_a_wrong_memory_limit_stops_the_build_with_a_clear_message_and_no_traceback(tmp_path, monkeypatch, capsys):
    from edition.cli import main

    path = corpus(tmp_path, 1, length=0.1)[0]
    monkeypatch.setenv("EDITION_WORKER_MEMORY_LIMIT", "lots")
    assert main(["html", str(path), "--out", str(tmp_path / "site"), "--no-progress"]) != 0
    err = capsys.readouterr().err
    assert "EDITION_WORKER_MEMORY_LIMIT='lots' is not a number of MiB" in err and "Traceback" not in err
    assert not (tmp_path / "site").exists()


@pytest.mark.skipif(not __import__("os").path.exists("/proc/self/status"), reason="needs Linux's /proc")
@pytest.mark.parametrize("limit", ["0.001", "0"])
def test_workers_over_the_memory_limit_are_replaced_and_the_outcomes_stay_the_same(tmp_path, monkeypatch, limit):
    paths = corpus(tmp_path, 10, length=0.1)  # more than the 8 tasks two workers have in flight
    alone = [run_text(TextTask(str(p), str(tmp_path / "alone"), Settings())) for p in paths]
    monkeypatch.setenv("EDITION_WORKER_MEMORY_LIMIT", limit)  # 1 KiB: every worker is over it after a text
    stage = tmp_path / "stage"
    with WorkerPool(2) as pool:
        outcomes = list(pool.run(TextTask(str(p), str(stage), Settings()) for p in paths))
        renewals = pool.renewals
    assert renewals >= 1 if limit != "0" else renewals == 0
    assert sorted(o.doc_id for o in outcomes) == sorted(p.stem for p in paths) and all(o.ok for o in outcomes)
    assert all(o.memory > 0 for o in outcomes)

    def digests(results):
        return sorted((o.doc_id, o.sha256, o.contribution, {k: v[0] for k, v in o.files.items()}) for o in results)

    assert digests(outcomes) == digests(alone)


def test_what_workers_share_is_made_once_before_they_fork_and_a_broken_register_is_left_to_each_text(tmp_path):
    from edition.workers import share_before_fork, state_for

    settings = Settings()
    share_before_fork(settings, validate=True)
    state = state_for(settings)
    assert state._validator is not None and state._register is not None  # made here: forked workers inherit it
    broken = tmp_path / "published-ids.json"
    broken.write_text("{ not json", encoding="utf-8")
    odd = Settings(register=str(broken))
    share_before_fork(odd, validate=True)  # no exception here …
    path = corpus(tmp_path, 1, length=0.1)[0]
    outcome = run_text(TextTask(str(path), str(tmp_path / "stage"), odd))
    assert not outcome.ok and any("published-ids.json" in p.path or "register" in p.message for p in outcome.problems)


def test_a_process_that_has_run_saxon_spawns_its_workers_instead_of_forking_it(tmp_path):
    """Saxon's processor starts a thread of its own; a child forked from such a process inherits a GraalVM
    isolate whose thread is gone, and a collection there once aborted a worker in CI. Such a process spawns."""
    from edition import transform
    from edition.workers import start_method

    transform.processor()
    assert start_method() == "spawn"
    paths = corpus(tmp_path, 3, length=0.1)
    with WorkerPool(2) as pool:
        outcomes = list(pool.run(TextTask(str(p), str(tmp_path / "stage"), Settings()) for p in paths))
        assert pool.started_by == "spawn"
    assert sorted(o.doc_id for o in outcomes if o.ok) == sorted(p.stem for p in paths)


def test_a_build_from_the_command_line_forks_its_workers_from_a_process_without_saxon(tmp_path):
    """The build's own process stays free of Saxon while workers run: every pool it starts (texts, early
    PDFs, renewed workers) is forked, so workers inherit the compiled validator instead of spawning."""
    from support import ROOT

    paths = corpus(tmp_path, 10, length=0.05)  # more tasks than the pool takes at once: renewals happen
    driver = (
        "import sys, edition.workers as w\n"
        "seen = []\n"
        "real = w.start_method\n"
        "w.start_method = lambda: seen.append(real()) or seen[-1]\n"
        "from edition.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "print('START-METHODS', code, *seen)\n"
    )
    args = ["all", *map(str, paths), "--out", str(tmp_path / "site"), "--no-progress", "--jobs", "2"]
    env = {**os.environ, "EDITION_WORKER_MEMORY_LIMIT": "1"}  # renewed workers too
    done = subprocess.run([sys.executable, "-c", driver, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    line = [x for x in done.stdout.splitlines() if x.startswith("START-METHODS")]
    assert line, done.stdout + done.stderr
    code, *methods = line[0].split()[1:]
    assert code == "0" and len(methods) >= 3 and set(methods) == {"fork"}, line[0]
