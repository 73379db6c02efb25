"""edition.manifest: what each output is made from — stylesheet and template closures, fingerprints, the file."""

from __future__ import annotations

import json
import os

from edition import TEMPLATES_DIR, XSLT_DIR
from edition.manifest import (
    FORMAT,
    MANIFEST_NAME,
    Fingerprints,
    Manifest,
    commit_pending,
    digest,
    files_in,
    outputs_present,
    record_files,
    state_dir,
    stylesheet_closure,
    template_closure,
)


def test_the_html_stylesheet_closure_holds_every_module_it_imports():
    names = {p.name for p in stylesheet_closure(["html.xsl"])}
    assert {"html.xsl", "common.xsl", "structure.xsl", "phrase.xsl", "editorial.xsl", "names.xsl",
            "notes.xsl"} <= names
    assert "print.xsl" not in names


def test_the_print_stylesheet_is_fed_by_the_html_modules_too():
    names = {p.name for p in stylesheet_closure(["print.xsl"])}
    assert {"print.xsl", "html.xsl", "common.xsl"} <= names


def test_closures_follow_imports_transitively_and_survive_cycles(tmp_path):
    (tmp_path / "a.xsl").write_text('<xsl:stylesheet><xsl:import href="b.xsl"/></xsl:stylesheet>')
    (tmp_path / "b.xsl").write_text('<xsl:stylesheet><xsl:include href="c.xsl"/></xsl:stylesheet>')
    (tmp_path / "c.xsl").write_text('<xsl:stylesheet><xsl:import href="a.xsl"/></xsl:stylesheet>')
    (tmp_path / "d.xsl").write_text("<xsl:stylesheet/>")
    assert [p.name for p in stylesheet_closure(["a.xsl"], tmp_path)] == ["a.xsl", "b.xsl", "c.xsl"]


def test_template_closures_follow_extends_and_includes():
    names = {p.name for p in template_closure(["document.html"])}
    assert {"document.html", "base.html"} <= names
    assert "catalogue.html" not in names
    assert {p.name for p in template_closure(["catalogue.html"], TEMPLATES_DIR)} >= {"catalogue.html", "base.html"}


def test_fingerprints_are_stable_and_distinct_per_stage():
    fp = Fingerprints.compute()
    assert fp == Fingerprints.compute()
    values = list(fp.as_json().values())
    assert len(set(values)) == len(values) and all(len(v) == 64 for v in values)


def test_digest_ignores_key_order_but_not_values():
    assert digest({"a": 1, "b": [1, 2]}) == digest({"b": [1, 2], "a": 1})
    assert digest({"a": 1}) != digest({"a": 2})


def test_the_manifest_round_trips_and_a_broken_one_means_rebuild_all(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    manifest = Manifest({"texts": {"doc": {"source": "/x/doc.xml", "sha256": "ab"}}, "site": {"recipes": {}}})
    pending = manifest.save_pending(site, site)
    assert pending.parent == state_dir(site) and not (site / MANIFEST_NAME).exists()
    assert Manifest.load(site).empty  # not in place yet
    commit_pending(pending)
    path = state_dir(site) / MANIFEST_NAME
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT and "about" in data
    again = Manifest.load(site)
    assert again.texts == manifest.texts and again.by_source == {"/x/doc.xml": "doc"}
    path.write_text("{not json", encoding="utf-8")
    assert Manifest.load(site).empty
    path.write_text(json.dumps({"format": FORMAT + 1, "texts": {"doc": {}}}), encoding="utf-8")
    assert Manifest.load(site).empty
    assert Manifest.load(tmp_path / "absent").empty


def test_a_manifest_describes_only_the_folder_it_was_written_for(tmp_path):
    site, stage = tmp_path / "site", tmp_path / ".site.staging-1"
    site.mkdir()
    stage.mkdir()
    commit_pending(Manifest({"texts": {"doc": {"source": "/x/doc.xml"}}}).save_pending(site, stage))
    assert Manifest.load(site).empty  # written for the stage, which has not replaced the site
    os.rename(site, tmp_path / "old")
    os.rename(stage, site)  # the swap keeps the stage's identity
    assert not Manifest.load(site).empty
    assert state_dir(site) == tmp_path / ".site.build"


def test_saving_never_writes_into_a_shared_file(tmp_path):
    site, published = tmp_path / "stage", tmp_path / "published"
    site.mkdir()
    published.mkdir()
    (published / MANIFEST_NAME).write_text("old", encoding="utf-8")
    (site / MANIFEST_NAME).hardlink_to(published / MANIFEST_NAME)
    Manifest().save(site)
    assert (published / MANIFEST_NAME).read_text(encoding="utf-8") == "old"


def test_outputs_present_checks_existence_and_size(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.html").write_text("hello", encoding="utf-8")
    files = record_files(tmp_path, files_in(tmp_path / "d", tmp_path))
    assert list(files) == ["d/a.html"] and files["d/a.html"][1] == 5
    assert outputs_present(tmp_path, files)
    (tmp_path / "d" / "a.html").write_text("hello, world", encoding="utf-8")
    assert not outputs_present(tmp_path, files)
    (tmp_path / "d" / "a.html").unlink()
    assert not outputs_present(tmp_path, files)


def test_every_stylesheet_of_the_project_feeds_some_output():
    fed = {p.name for p in stylesheet_closure(["html.xsl", "plaintext.xsl", "index-data.xsl", "print.xsl"])}
    assert fed == {p.name for p in XSLT_DIR.glob("*.xsl")}
