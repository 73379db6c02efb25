"""edition.manifest: what each output is made from — stylesheet and template closures, fingerprints, the
manifest's generations in the state file."""

from __future__ import annotations

import os

from corpus_support import files_in

from edition import TEMPLATES_DIR, XSLT_DIR
from edition.contribution_store import ContributionStore
from edition.manifest import (
    FORMAT,
    Fingerprints,
    Manifest,
    PendingManifest,
    digest,
    outputs_present,
    record_files,
    site_identity,
    state_dir,
    state_file,
    stylesheet_closure,
    template_closure,
    tidy_state,
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


def _publish(site, stage, texts, db=None, copy_from=None):
    """A generation with `texts` ({doc_id: record}) written for `stage`, not yet published."""
    store = ContributionStore(state_file(site)) if db is None else None
    db = db if db is not None else store.db
    pending = PendingManifest(db, copy_from)
    for doc_id, record in texts.items():
        pending.put(doc_id, record)
    pending.finish({"recipes": {}}, {}, {"validate": "v"}, site_identity(stage))
    return pending, store


def test_the_manifest_round_trips_and_a_broken_one_means_rebuild_all(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    record = {"source": "/x/doc.xml", "sha256": "ab", "html": {"files": {}}, "contribution": "c1",
              "parts": {"catalogue": "p"}}
    pending, store = _publish(site, site, {"doc": record})
    assert state_file(site).parent == state_dir(site) and not any(site.iterdir())
    assert Manifest.load(site).empty  # not published yet
    pending.publish()
    again = Manifest.load(site)
    assert again.record("doc") == record and again.by_source("/x/doc.xml")[::2] == ("doc", record)
    assert list(again.texts()) == [("doc", "/x/doc.xml")] and list(again.pages_rows()) == [("doc", {"catalogue": "p"})]
    assert again.site == {"recipes": {}} and again.inputs == {"validate": "v"} and len(again) == 1
    store.db.execute("UPDATE manifest_head SET format = ?", (FORMAT + 1,))
    assert Manifest.load(site).empty  # made by another version
    store.close()
    state_file(site).write_bytes(b"not a database at all" * 100)
    assert Manifest.load(site).empty
    with ContributionStore(state_file(site)) as fresh:  # a damaged state file is started again
        assert Manifest.load(site, fresh.db).empty
    assert Manifest.load(tmp_path / "absent").empty


def test_a_manifest_describes_only_the_folder_it_was_written_for(tmp_path):
    site, stage = tmp_path / "site", tmp_path / ".site.staging-1"
    site.mkdir()
    stage.mkdir()
    pending, store = _publish(site, stage, {"doc": {"source": "/x/doc.xml"}})
    pending.publish()
    store.close()
    assert Manifest.load(site).empty  # written for the stage, which has not replaced the site
    os.rename(site, tmp_path / "old")
    os.rename(stage, site)  # the swap keeps the stage's identity
    assert not Manifest.load(site).empty
    assert state_dir(site) == tmp_path / ".site.build"


def test_a_generation_not_published_never_shows_and_goes_when_its_build_is_dead(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    with ContributionStore(state_file(site)) as store:
        first, _ = _publish(site, site, {"a": {"source": "/a.xml"}, "b": {"source": "/b.xml"}}, store.db)
        first.publish()
        published = Manifest.load(site, store.db)
        second, _ = _publish(site, site, {"c": {"source": "/c.xml"}}, store.db, copy_from=published)
        second.drop("a")
        assert second.source_of("c") == "/c.xml" and second.source_of("a") is None
        second.restore("a")
        assert second.get("a") == {"source": "/a.xml"}
        assert [d for d, _s in Manifest.load(site, store.db).texts()] == ["a", "b"]  # still the first
        second.discard()
        assert store.db.execute("SELECT COUNT(*) FROM manifest_texts WHERE gen = ?", (second.gen,)).fetchone() == (0,)
        third, _ = _publish(site, site, {"d": {"source": "/d.xml"}}, store.db)
        dead = 2 ** 22 + 12345  # above the default pid_max: no such process
        store.db.execute("UPDATE manifest_pending SET pid = ? WHERE gen = ?", (dead, third.gen))
        tidy_state(store.db)
        assert store.db.execute("SELECT COUNT(*) FROM manifest_texts WHERE gen = ?", (third.gen,)).fetchone() == (0,)
        assert [d for d, _s in Manifest.load(site, store.db).texts()] == ["a", "b"]


def test_publishing_keeps_one_generation_and_the_records_it_uses(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    page = {"html": {"files": {}}, "parts": {}}
    with ContributionStore(state_file(site)) as store:
        first, _ = _publish(site, site, {"a": {"source": "/a.xml", "contribution": "a1", **page},
                                         "b": {"source": "/b.xml", "contribution": "b1", **page}}, store.db)
        first.publish()
        second, _ = _publish(site, site, {"a": {"source": "/a.xml", "contribution": "a2", **page}}, store.db,
                             copy_from=Manifest.load(site, store.db))
        assert sorted(second.changed_contributions()) == [("a", "a1"), ("a", "a2")]
        second.publish()
        manifest = Manifest.load(site, store.db)
        assert manifest.record("a")["contribution"] == "a2" and manifest.record("b")["contribution"] == "b1"
        assert store.db.execute("SELECT COUNT(DISTINCT gen) FROM manifest_texts").fetchone() == (1,)
        assert store.db.execute("SELECT COUNT(*) FROM manifest_records").fetchone() == (2,)


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
    fed = {p.name for p in stylesheet_closure(["html.xsl", "print.xsl", "epub.xsl", "dts-units.xsl"])}  # dts: edition/dts/
    assert fed == {p.name for p in XSLT_DIR.glob("*.xsl")}
