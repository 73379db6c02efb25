"""The DTS builder inside the build (edition/dts/, builder "dts"): deterministic, incremental like the other
outputs, the corpus in its collection, texts without a citation structure, and the build without a base URL.
(The API as a client meets it, served: tests/test_dts_api.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus_support import corpus, files_in, rewritten, snapshot
from lxml import etree

from edition import TEI_NS
from edition.build import Build, BuildRequest
from edition.dts.addresses import LOCAL_SERVER
from edition.dts.export import NO_BASE_URL_NOTE
from edition.errors import EditionError
from edition.xmlsafe import parse_file
from tests.site_support import ESSAY, FOREIGN

BASE = "https://example.org/sedova/"
API = "api/dts"


def build(paths: list[Path], out: Path, *, base_url: str = BASE, lenient: bool = False):
    return Build(BuildRequest(paths=paths, out=out, outputs=frozenset({"html", "dts"}), base_url=base_url,
                              lenient=lenient, jobs=1)).run()


def api_files(site: Path) -> dict[str, bytes]:
    return {rel: (site / rel).read_bytes() for rel in files_in(site / API, site)}


def read(site: Path, rel: str) -> dict:
    return json.loads((site / API / rel).read_text(encoding="utf-8"))


def test_the_export_is_byte_identical_from_build_to_build(tmp_path):
    paths = corpus(tmp_path / "corpus", 2)
    build(paths, tmp_path / "one")
    build(paths, tmp_path / "two")
    one, two = api_files(tmp_path / "one"), api_files(tmp_path / "two")
    assert one == two and len(one) > 100


def test_a_changed_text_rewrites_its_own_responses_and_a_text_that_left_takes_its_own(tmp_path):
    paths = corpus(tmp_path / "corpus", 3)
    site = tmp_path / "site"
    build(paths, site)
    root = read(site, "collection.jsonld")
    assert [m["@id"] for m in root["member"]] == ["bench-00001", "bench-00002", "bench-00003"]
    assert root["totalChildren"] == 3
    before = snapshot(site)
    assert build(paths, site).nothing_to_do

    changed = paths[1]  # drop its first note: the unit's responses must go, the other texts' stay
    tree = parse_file(changed)
    note = tree.find(f".//{{{TEI_NS}}}body//{{{TEI_NS}}}note")
    note_id = note.get("{http://www.w3.org/XML/1998/namespace}id")
    note.getparent().remove(note)
    tree.write(str(changed), encoding="UTF-8", xml_declaration=True)
    build(paths, site)
    after = snapshot(site)
    touched = {rel for rel in rewritten(before, after) if rel.startswith(API)}
    assert touched and all("bench-00002" in rel for rel in touched), sorted(touched)[:5]
    # only what changed is written again: a response with the same bytes keeps its file (its link to the
    # published site), and no file is written again with the bytes it had
    kept = {rel for rel in after if rel.startswith(API) and "bench-00002" in rel} - touched
    assert kept and all(before[rel][1] != after[rel][1] for rel in touched if rel in before and rel in after)
    assert not (site / API / "document" / "bench-00002" / f"{note_id}.tei").exists()
    assert not (site / API / "navigation" / "bench-00002" / f"{note_id}.jsonld").exists()

    build(paths[:2], site)  # bench-00003 leaves the site
    assert not list((site / API).rglob("bench-00003*"))
    root = read(site, "collection.jsonld")
    assert [m["@id"] for m in root["member"]] == ["bench-00001", "bench-00002"] and root["totalChildren"] == 2
    parents = read(site, "collection/bench-00001;nav=parents.jsonld")
    assert parents["member"][0]["totalChildren"] == 2


def test_without_a_base_url_the_export_is_written_for_the_local_server_and_the_build_says_so(tmp_path):
    report = build([ESSAY], tmp_path / "site", base_url="")
    assert NO_BASE_URL_NOTE in report.notes
    entry = read(tmp_path / "site", "index.jsonld")
    assert entry["@id"] == f"{LOCAL_SERVER}{API}/index.jsonld"
    assert all(entry[k].startswith(f"{LOCAL_SERVER}{API}/") for k in ("collection", "navigation", "document"))
    passage = etree.parse(str(tmp_path / "site" / API / "document" / "sedova-1941-davies" /
                              "sedova-1941-davies.p14.tei"))
    assert LOCAL_SERVER not in etree.tostring(passage, encoding="unicode")  # no local address in the TEI


def test_a_text_without_a_citation_structure_has_no_citation_tree_and_a_warning(tmp_path):
    fixture = FOREIGN[0]
    report = build([fixture], tmp_path / "site", lenient=True)
    doc_id = parse_file(fixture).getroot().get("{http://www.w3.org/XML/1998/namespace}id") or fixture.stem
    assert any(w.rule == "dts-no-structure" for w in report.warnings)
    resource = read(tmp_path / "site", f"collection/{doc_id}.jsonld")
    assert resource["citationTrees"] == []
    for down in (1, -1):
        assert read(tmp_path / "site", f"navigation/{doc_id};down={down}.jsonld")["member"] == []


def test_a_declaration_that_cannot_be_evaluated_is_reported_as_the_texts_error(tmp_path):
    source = tmp_path / "sedova-1941-davies.xml"
    source.write_text(ESSAY.read_text(encoding="utf-8").replace('match="quote/p"', 'match="quote/p["'),
                      encoding="utf-8")
    with pytest.raises(EditionError) as caught:
        build([source], tmp_path / "site", lenient=True)
    found = [p for p in caught.value.problems if p.rule == "dts"]
    assert found and "cannot be evaluated" in found[0].message and "@match" in found[0].message
    assert found[0].line > 1  # at the citation structure
    assert not (tmp_path / "site" / API).exists()  # nothing published


def test_every_text_of_the_edition_declares_its_citation_structure():
    from edition import NS, TEI_DIR

    for path in sorted(TEI_DIR.glob("*.xml")):
        declared = parse_file(path).xpath("/tei:TEI/tei:teiHeader/tei:encodingDesc/tei:refsDecl/tei:citeStructure",
                                          namespaces=NS)
        assert declared, f"{path.name} has no refsDecl/citeStructure"


def test_a_text_owns_only_its_own_responses():
    """The build state's record of a text may name only that text's responses (anything else is a damaged
    state, whose files the build never deletes)."""
    from edition.dts.export import DtsExport

    own = ["api/dts/collection/essay.jsonld", "api/dts/navigation/essay;down=1.jsonld",
           "api/dts/navigation/essay/essay.p1;down=0.jsonld", "api/dts/document/essay.tei",
           "api/dts/document/essay/essay.p1.tei"]
    foreign = ["api/dts/collection/essay2.jsonld", "api/dts/index.jsonld", "api/dts/collection.jsonld",
               "api/dts/other/essay.jsonld", "essay/index.html", "api/dts/navigation/essayx;down=1.jsonld"]
    assert all(DtsExport.owns("essay", name) for name in own)
    assert not any(DtsExport.owns("essay", name) for name in foreign)
