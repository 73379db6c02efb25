"""edition.build: many texts, incremental builds, process pools, failures that do not hide each other.

Built for real from small corpora made by benchmarks/generate_corpus.py in a temporary folder (never in
tei/). "Rewritten" below means the file has a new inode: an incremental build hard-links what it does not
remake, so a file that keeps its inode was not written again.
"""

from __future__ import annotations

import filecmp
import os
import re
from pathlib import Path

import pytest
from corpus_support import corpus, rewritten, snapshot

from edition.build import Build, BuildRequest
from edition.cli import main
from edition.contribution_store import ContributionStore
from edition.errors import EditionError
from edition.manifest import STORE_NAME, Manifest, PendingManifest, state_dir
from edition.output import MARKER

ALWAYS = {MARKER}  # written by every build that changes anything


def html(paths, out, *extra, command: str = "html") -> int:
    return main([command, *map(str, paths), "--out", str(out), "--no-progress", *extra])


def same_tree(a: Path, b: Path) -> list[str]:
    """Files that differ between two sites (the search index aside: Pagefind's output is not byte-identical
    across runs, README "Search")."""
    left = {str(p.relative_to(a)) for p in a.rglob("*") if p.is_file()}
    right = {str(p.relative_to(b)) for p in b.rglob("*") if p.is_file()}
    differ = sorted(left ^ right)
    differ += [rel for rel in sorted(left & right) if not filecmp.cmp(a / rel, b / rel, shallow=False)]
    return differ


@pytest.fixture
def three(tmp_path) -> list[Path]:
    return corpus(tmp_path, 3)


def test_a_corpus_builds_into_one_site_with_catalogue_and_shared_indexes(three, tmp_path, capsys):
    out = tmp_path / "site"
    assert html(three, out) == 0
    for path in three:
        assert (out / path.stem / "index.html").is_file()
    catalogue = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{p.stem}/index.html"' in catalogue for p in three)
    persons = (out / "persons.html").read_text(encoding="utf-8")
    # one entry for Natalia Sedova (the author of every text, from the shared list), passages from all texts
    entry = re.search(r'<li class="ed-index-entry" id="sedova">(.*?)</li>', persons, re.DOTALL).group(1)
    assert all(f'href="{p.stem}/index.html' in entry for p in three)
    assert persons.count('id="sedova"') == 1
    out_text = capsys.readouterr().out
    assert "3 text(s): 3 built, 0 unchanged, 0 failed" in out_text


def test_a_rebuild_with_nothing_changed_writes_nothing(three, tmp_path, capsys):
    out = tmp_path / "site"
    assert html(three, out) == 0
    before = snapshot(out)
    assert html(three, out) == 0
    assert snapshot(out) == before
    assert "all up to date — nothing to do" in capsys.readouterr().out


def test_one_changed_text_rewrites_only_its_own_files(three, tmp_path, capsys):
    out = tmp_path / "site"
    assert html(three, out) == 0
    before = snapshot(out)
    changed = three[1]
    changed.write_text(changed.read_text(encoding="utf-8").replace("</body>", "</body>\n", 1), encoding="utf-8")
    assert html(three, out) == 0
    written = rewritten(before, snapshot(out)) - ALWAYS
    assert written and all(rel.startswith(changed.stem + "/") for rel in written), written
    # its contribution to the catalogue and indexes did not change: those pages were not remade
    assert "1 built, 2 unchanged" in capsys.readouterr().out


def test_a_changed_title_remakes_the_catalogue_and_the_result_equals_a_full_build(three, tmp_path):
    out = tmp_path / "site"
    assert html(three, out) == 0
    before = snapshot(out)
    changed = three[0]
    changed.write_text(changed.read_text(encoding="utf-8").replace("(benchmark text 1)", "(benchmark text 1, revised)"),
                       encoding="utf-8")
    assert html(three, out) == 0
    written = rewritten(before, snapshot(out)) - ALWAYS
    assert "index.html" in written and "persons.html" in written
    assert not any(rel.startswith((three[1].stem, three[2].stem)) for rel in written)
    assert "revised" in (out / "index.html").read_text(encoding="utf-8")
    fresh = tmp_path / "fresh"
    assert html(three, fresh) == 0
    assert same_tree(out, fresh) == []


def test_texts_left_out_of_a_build_leave_the_site_and_its_indexes(three, tmp_path):
    out = tmp_path / "site"
    assert html(three, out) == 0
    assert html(three[:2], out) == 0
    assert not (out / three[2].stem).exists()
    assert three[2].stem not in (out / "index.html").read_text(encoding="utf-8")
    assert three[2].stem not in (out / "persons.html").read_text(encoding="utf-8")
    fresh = tmp_path / "fresh"
    assert html(three[:2], fresh) == 0
    assert same_tree(out, fresh) == []


def test_force_rebuilds_everything(three, tmp_path):
    out = tmp_path / "site"
    assert html(three, out, command="search") == 0
    before = snapshot(out)
    assert html(three, out, "--force", command="search") == 0
    after = snapshot(out)
    assert any(k.startswith("pagefind/") for k in after)
    assert rewritten(before, after) == set(before)
    assert {k: v[1] for k, v in before.items()} == {k: v[1] for k, v in after.items()}


def test_a_deleted_output_file_is_made_again(three, tmp_path):
    out = tmp_path / "site"
    assert html(three, out) == 0
    page = out / three[0].stem / "index.html"
    content = page.read_bytes()
    page.unlink()
    assert html(three, out) == 0
    assert page.read_bytes() == content


def test_two_workers_build_the_same_site_as_one(tmp_path):
    paths = corpus(tmp_path, 4)
    one, two = tmp_path / "one", tmp_path / "two"
    assert html(paths, one, "--jobs", "1") == 0
    assert html(paths, two, "--jobs", "2") == 0
    assert same_tree(one, two) == []


def break_text(path: Path) -> None:
    """Make a text invalid: its first paragraph number skips ahead."""
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'(\.p1" n=")1"', r'\g<1>7"', text, count=1), encoding="utf-8")


def test_every_failing_text_is_reported_and_nothing_is_published(three, tmp_path, capsys):
    out = tmp_path / "site"
    assert html(three, out) == 0
    before = snapshot(out)
    break_text(three[0])
    break_text(three[2])
    three[1].write_text(three[1].read_text(encoding="utf-8").replace("(benchmark text 2)", "(text 2, new)"),
                        encoding="utf-8")
    assert html(three, out) == 1
    err = capsys.readouterr().err
    assert f"{three[0].name}:" in err and f"{three[2].name}:" in err and "Traceback" not in err
    assert "2 of 3 text(s) failed" in err
    assert snapshot(out) == before


def test_keep_going_publishes_the_texts_that_built_and_keeps_the_old_pages_of_the_others(three, tmp_path, capsys):
    out = tmp_path / "site"
    assert html(three, out) == 0
    before = snapshot(out)
    break_text(three[0])
    three[1].write_text(three[1].read_text(encoding="utf-8").replace("(benchmark text 2)", "(text 2, new)"),
                        encoding="utf-8")
    assert html(three, out, "--keep-going") == 1
    captured = capsys.readouterr()
    assert f"{three[0].name}:" in captured.err and "failed and kept their previous pages" in captured.err
    after = snapshot(out)
    assert "(text 2, new)" in (out / three[1].stem / "index.html").read_text(encoding="utf-8")
    broken_files = {rel for rel in before if rel.startswith(three[0].stem + "/")}
    assert all(after[rel] == before[rel] for rel in broken_files)
    # the next build still knows the failed text is out of date
    assert html(three, out, "--keep-going") == 1


def test_a_new_text_that_fails_with_keep_going_is_left_out(tmp_path, capsys):
    paths = corpus(tmp_path, 2)
    break_text(paths[1])
    out = tmp_path / "site"
    assert html(paths, out, "--keep-going") == 1
    assert (out / paths[0].stem / "index.html").is_file()
    assert not (out / paths[1].stem).exists()
    assert paths[1].stem not in (out / "index.html").read_text(encoding="utf-8")


def test_two_sources_with_one_document_id_are_refused(three, tmp_path, capsys):
    twin = tmp_path / "twin" / three[0].name
    twin.parent.mkdir()
    twin.write_bytes(three[0].read_bytes())
    (twin.parent / "shared").symlink_to(three[0].parent / "shared")
    out = tmp_path / "site"
    assert html([*three, twin], out, "--keep-going") == 1
    assert "also claimed by" in capsys.readouterr().err
    assert not out.exists()


def test_the_manifest_records_what_each_output_was_made_from(three, tmp_path):
    out = tmp_path / "site"
    assert html(three, out) == 0
    manifest = Manifest.load(out)
    record = manifest.record(three[0].stem)
    data = {"inputs": manifest.inputs, "site": manifest.site}
    assert record["sha256"] and record["inputs"]["source"] == record["sha256"]
    assert record["inputs"]["shared"]  # the text points into tei/shared/names.xml
    assert set(data["inputs"]) >= {"validate", "html_text", "catalogue", "indexes", "static", "pdf"}
    files = record["html"]["files"]
    assert f"{three[0].stem}/index.html" in files
    for rel, (sha, size) in files.items():
        assert (out / rel).stat().st_size == size and len(sha) == 64
    assert set(data["site"]["files"]) == {"index.html", "persons.html", "places.html", "organisations.html"}
    assert set(data["site"]["recipes"]) == set(data["site"]["files"])
    assert set(record["parts"]) == {"catalogue", "person", "place", "org"}


def test_a_changed_shared_entry_rebuilds_the_texts_that_use_it(tmp_path):
    paths = corpus(tmp_path, 3, length=0.3)
    out = tmp_path / "site"
    assert html(paths, out) == 0
    users = {p.stem for p in paths if 'names.xml#rykov"' in p.read_text(encoding="utf-8")}
    names = tmp_path / "tei" / "shared" / "names.xml"
    before = snapshot(out)
    text = names.read_text(encoding="utf-8")
    assert "Alexei Ivanovich Rykov (died 1938)" in text  # the entry's note, from the essay's list
    names.write_text(text.replace("Alexei Ivanovich Rykov (died 1938)", "Alexei I. Rykov (died 1938)"), encoding="utf-8")
    assert html(paths, out) == 0
    written = {rel.split("/")[0] for rel in rewritten(before, snapshot(out)) - ALWAYS if "/" in rel}
    assert written == users
    assert "Alexei I. Rykov" in (out / "persons.html").read_text(encoding="utf-8")


def test_build_corpus_reports_counts_and_stage_times(three, tmp_path):
    out = tmp_path / "site"
    report = Build(BuildRequest(paths=three, out=out, jobs=1)).run()
    assert (report.texts, report.built, report.skipped, report.failed) == (3, 3, 0, [])
    assert {"plan", "validate", "html", "pages", "publish", "total"} <= set(report.timings)
    again = Build(BuildRequest(paths=three, out=out, jobs=1)).run()
    assert again.nothing_to_do and again.skipped == 3


def test_a_missing_source_is_a_clear_error(tmp_path, capsys):
    assert html([tmp_path / "absent.xml"], tmp_path / "site") == 1
    err = capsys.readouterr().err
    assert "absent.xml" in err and "Traceback" not in err


def test_progress_goes_to_stderr_as_plain_lines_when_not_a_terminal(three, tmp_path, capsys):
    assert main(["html", *map(str, three), "--out", str(tmp_path / "site")]) == 0
    captured = capsys.readouterr()
    assert re.search(r"^html: \[1/3\] bench-0000\d$", captured.err, re.MULTILINE)
    assert "html: [" not in captured.out


@pytest.mark.skipif(os.environ.get("EDITION_SKIP_PDF_TESTS") == "1", reason="PDF tests switched off")
def test_html_links_the_pdf_exactly_when_the_site_holds_a_current_one(tmp_path):
    paths = corpus(tmp_path, 1, length=0.1)
    out = tmp_path / "site"
    page = out / paths[0].stem / "index.html"
    pdf_link = f'href="{paths[0].stem}.pdf"'
    assert html(paths, out) == 0
    assert pdf_link not in page.read_text(encoding="utf-8")
    assert main(["pdf", *map(str, paths), "--out", str(out), "--no-progress"]) == 0
    assert pdf_link in page.read_text(encoding="utf-8")  # pdf updates the reading page's link
    before = snapshot(out)
    assert html(paths, out) == 0
    assert snapshot(out) == before  # html alone keeps linking the current PDF
    paths[0].write_text(paths[0].read_text(encoding="utf-8").replace("(benchmark text 1)", "(text 1, new)"),
                        encoding="utf-8")
    assert html(paths, out) == 0
    assert pdf_link not in page.read_text(encoding="utf-8")  # the PDF is of the old source: not linked …
    assert not (out / paths[0].stem / f"{paths[0].stem}.pdf").exists()  # … and taken out


def test_build_corpus_refuses_when_no_text_builds(tmp_path):
    paths = corpus(tmp_path, 1)
    break_text(paths[0])
    with pytest.raises(EditionError, match="1 of 1 text"):
        Build(BuildRequest(paths=paths, out=tmp_path / "site", jobs=1)).run()


def test_the_build_keeps_its_bookkeeping_beside_the_site_and_never_publishes_it(three, tmp_path):
    out = tmp_path / "site"
    assert html(three, out) == 0
    assert {p.name for p in out.iterdir() if p.name.startswith(".")} == {MARKER}
    assert [p.name for p in state_dir(out).iterdir()] == [STORE_NAME]  # the manifest and the contributions
    assert state_dir(out).parent == out.parent
    site_text = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert str(three[0].resolve()).encode() not in site_text  # no path of the build machine
    # a copy of the site somewhere else has no manifest: it is rebuilt whole, then knows itself
    copy = tmp_path / "copy"
    os.rename(out, copy)
    assert html(three, copy) == 0
    assert html(three, copy) == 0
    before = snapshot(copy)
    assert html(three, copy) == 0
    assert snapshot(copy) == before


def test_a_manifest_that_does_not_describe_the_site_at_hand_means_rebuild_all(three, tmp_path, capsys):
    out = tmp_path / "site"
    assert html(three, out) == 0
    other = tmp_path / "other"
    os.rename(out, other)
    out.mkdir()
    for entry in other.iterdir():  # the same files in a new folder: the manifest's site identity differs
        os.rename(entry, out / entry.name)
    capsys.readouterr()
    assert html(three, out) == 0
    assert "3 built" in capsys.readouterr().out


def test_a_lost_contribution_store_rebuilds_the_texts_for_the_cross_text_pages(three, tmp_path, capsys):
    out = tmp_path / "site"
    assert html(three, out) == 0
    persons = (out / "persons.html").read_bytes()
    (state_dir(out) / STORE_NAME).unlink()
    capsys.readouterr()
    assert html(three, out) == 0
    assert "3 built" in capsys.readouterr().out
    assert (out / "persons.html").read_bytes() == persons


def test_a_killed_builds_staging_folder_goes_with_the_next_build_even_with_nothing_to_do(three, tmp_path):
    out = tmp_path / "site"
    assert html(three, out) == 0
    dead = 2 ** 22 + 12345  # above the default pid_max: no such process
    leftover = tmp_path / f".site.staging-{dead}"
    leftover.mkdir()
    (leftover / "index.html").write_text("half a page", encoding="utf-8")
    with ContributionStore(state_dir(out) / STORE_NAME) as store:  # a generation of the manifest never published
        pending = PendingManifest(store.db, Manifest.load(out, store.db))
        store.db.execute("UPDATE manifest_pending SET pid = ? WHERE gen = ?", (dead, pending.gen))
    assert html(three, out) == 0
    assert not leftover.exists()
    with ContributionStore(state_dir(out) / STORE_NAME) as store:
        assert store.db.execute("SELECT COUNT(*) FROM manifest_pending").fetchone() == (0,)
        assert store.db.execute("SELECT COUNT(DISTINCT gen) FROM manifest_texts").fetchone() == (1,)
    assert "half a page" not in (out / "index.html").read_text(encoding="utf-8")


def test_a_name_in_many_texts_gets_its_own_pages_and_the_index_stays_small(tmp_path, monkeypatch):
    from lxml import html as lxml_html

    from edition import site_pages

    monkeypatch.setattr(site_pages, "INLINE_TEXTS", 2)
    monkeypatch.setattr(site_pages, "PAGE_TEXTS", 2)
    paths = corpus(tmp_path, 5, length=0.15)
    out = tmp_path / "site"
    assert html(paths, out, "--jobs", "1") == 0
    persons = lxml_html.parse(str(out / "persons.html"))
    entry = persons.xpath("//li[@id='sedova']")[0]  # the author: named in every text
    links = entry.xpath(".//a/@href")
    assert links == ["persons/sedova.html"] and "Named in 5 texts" in entry.text_content()
    pages = [out / "persons" / name for name in ("sedova.html", "sedova.2.html", "sedova.3.html")]
    assert all(p.is_file() for p in pages) and not (out / "persons" / "sedova.4.html").exists()
    texts = []
    for page in pages:
        tree = lxml_html.parse(str(page))
        number = page.name.split(".")[1] if page.name.count(".") == 2 else "1"
        assert tree.xpath("//nav[@class='ed-pager']//*[@aria-current='page']/text()") == [number] * 2
        assert "../persons.html#sedova" in tree.xpath("//a/@href")
        texts += [href.split("/")[1] for href in tree.xpath("//div[@class='ed-index-texts']//a/@href")]
    assert sorted(set(texts)) == sorted(p.stem for p in paths)
    # one changed text remakes its entry's page and the index, not the entry's other pages
    before = snapshot(out)
    last = paths[-1]
    last.write_text(last.read_text(encoding="utf-8").replace("(benchmark text 5)", "(benchmark text 5, revised)"),
                    encoding="utf-8")
    assert html(paths, out, "--jobs", "1") == 0
    written = rewritten(before, snapshot(out)) - ALWAYS
    assert "persons/sedova.3.html" in written and "persons.html" in written
    assert "persons/sedova.html" not in written and "persons/sedova.2.html" not in written
    fresh = tmp_path / "fresh-5"
    assert html(paths, fresh, "--jobs", "1") == 0
    assert same_tree(out, fresh) == []
    # fewer texts: the entry's pages that are no longer needed go, and the result equals a full build
    assert html(paths[:2], out, "--jobs", "1") == 0
    assert not (out / "persons").exists()
    fresh = tmp_path / "fresh"
    assert html(paths[:2], fresh, "--jobs", "1") == 0
    assert same_tree(out, fresh) == []


def test_sources_are_resolved_and_shown_as_path_resolve_and_display_path_do(tmp_path, monkeypatch):
    from edition.build import _Resolver
    from edition.errors import display_path

    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.xml").write_text("<TEI/>", encoding="utf-8")
    (tmp_path / "link").symlink_to("real")
    (tmp_path / "real" / "b.xml").symlink_to("a.xml")
    monkeypatch.chdir(tmp_path)
    resolve = _Resolver()
    for path in ["real/a.xml", "link/a.xml", "link/../real/a.xml", str(tmp_path / "real" / "b.xml"),
                 "./real//a.xml", "a.xml", "link/missing.xml", "/", str(tmp_path.parent / "elsewhere.xml")]:
        assert resolve(path) == (str(Path(path).resolve()), display_path(path)), path


def test_with_two_workers_a_failed_texts_previous_pages_and_pdf_stay_and_its_problems_are_reported_once(tmp_path, capsys):
    """`all --jobs 2`: a text that fails keeps its previous pages and PDF (--keep-going), a new one that fails
    leaves nothing behind, and the texts' problems are reported as with one worker."""
    paths = corpus(tmp_path, 3, length=0.1)
    out = tmp_path / "site"
    assert main(["all", *map(str, paths), "--out", str(out), "--no-progress", "--jobs", "2"]) == 0
    capsys.readouterr()
    for path in paths:
        assert (out / path.stem / f"{path.stem}.pdf").read_bytes().startswith(b"%PDF-")
    before = snapshot(out)
    break_text(paths[0])
    new = tmp_path / "tei" / "bench-00009.xml"
    new.write_text(paths[2].read_text(encoding="utf-8").replace("bench-00003", "bench-00009"), encoding="utf-8")
    break_text(new)
    argv = ["all", *map(str, [*paths, new]), "--out", str(out), "--no-progress", "--keep-going"]
    assert main([*argv, "--jobs", "2"]) == 1
    two = capsys.readouterr()
    after = snapshot(out)
    assert {rel: after[rel] for rel in before if rel.startswith(paths[0].stem + "/")} == \
        {rel: before[rel] for rel in before if rel.startswith(paths[0].stem + "/")}
    assert not (out / new.stem).exists()
    assert main([*argv, "--jobs", "1"]) == 1
    one = capsys.readouterr()
    problems = [line for line in two.err.splitlines() if ".xml:" in line]
    assert problems and problems == [line for line in one.err.splitlines() if ".xml:" in line]


def test_one_text_with_two_workers_makes_its_pdf_in_a_task_of_its_own_with_the_same_result(tmp_path, capsys):
    """`all --jobs 2` on one text: its PDF is made beside its validation and reading page (two tasks); the site
    is the one a single worker makes, and an invalid text still publishes nothing, its problems told once."""
    from edition.build import Text

    [path] = corpus(tmp_path, 1, length=0.1)
    build = Build(BuildRequest(paths=[path], out=tmp_path / "x", outputs=frozenset({"html", "pdf"}), jobs=2))
    text = Text(path, str(path), path.name, check=True, make=frozenset({"html", "pdf"}))
    assert [(t.check, t.outputs) for t in build._tasks([text])] == [(False, ("pdf",)), (True, ("html",))]
    sites = {}
    for jobs in ("2", "1"):
        out = tmp_path / f"site{jobs}"
        assert main(["all", str(path), "--out", str(out), "--no-progress", "--jobs", jobs]) == 0
        sites[jobs] = {rel: content for rel, (_inode, content) in snapshot(out).items()}
    assert f"{path.stem}/{path.stem}.pdf" in sites["2"] and sites["2"] == sites["1"]
    before = snapshot(tmp_path / "site2")
    break_text(path)
    told = {}
    for jobs in ("2", "1"):
        assert main(["all", str(path), "--out", str(tmp_path / "site2"), "--no-progress", "--jobs", jobs]) == 1
        told[jobs] = [line for line in capsys.readouterr().err.splitlines() if ".xml:" in line]
    assert told["2"] and told["2"] == told["1"] and len(set(told["2"])) == len(told["2"])
    assert snapshot(tmp_path / "site2") == before
