"""edition.shared_lists: one entry in tei/shared/, many texts pointing to it; resolved for every output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from corpus_support import corpus
from lxml import etree

from edition import NS
from edition.metadata import read_metadata
from edition.shared_lists import (
    check_shared_pointers,
    is_shared_pointer,
    load_shared_list,
    resolve_shared,
    shared_list_problems,
    shared_pointers,
)
from edition.site import load_document
from edition.xmlsafe import parse_file

SHARED = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" type="shared-lists">
  <teiHeader><fileDesc><titleStmt><title>Names</title></titleStmt>
    <publicationStmt><p>Test</p></publicationStmt><sourceDesc><p>Test</p></sourceDesc></fileDesc></teiHeader>
  <standOff>
    <listPerson>
      <person xml:id="trotsky"><persName>Leon Trotsky</persName><note>Revolutionary.</note></person>
      <person xml:id="author"><persName>An Author</persName></person>
    </listPerson>
    <listPlace><place xml:id="moscow"><placeName>Moscow</placeName></place></listPlace>
    <listBibl><bibl xml:id="work"><author><persName ref="#trotsky">Trotsky</persName></author>, a work.</bibl></listBibl>
  </standOff>
</TEI>
"""

TEXT = """<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="t">
  <teiHeader><fileDesc><titleStmt><title>T</title>
    <author><persName ref="shared/names.xml#author">An Author</persName></author></titleStmt>
    <publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>
  <text><body><p>
    <persName ref="shared/names.xml#trotsky">Trotsky</persName> in <placeName ref="shared/names.xml#moscow">Moscow</placeName>,
    <persName ref="#local">a local person</persName>; <quote source="shared/names.xml#work">quoted</quote>
  </p></body></text>
  <standOff><listPerson><person xml:id="local"><persName>Local</persName></person></listPerson></standOff>
</TEI>
"""


@pytest.fixture
def tei(tmp_path) -> Path:
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "names.xml").write_text(SHARED, encoding="utf-8")
    (tmp_path / "t.xml").write_text(TEXT, encoding="utf-8")
    return tmp_path


def test_which_pointers_reach_into_a_shared_list():
    assert is_shared_pointer("shared/names.xml#trotsky")
    assert is_shared_pointer("../lists/places.xml#moscow")
    for other in ("#trotsky", "names.xml", "https://example.org/names.xml#x", "/abs/names.xml#x", "a.txt#x",
                  "shared/names.xml#"):
        assert not is_shared_pointer(other), other


def test_pointers_are_found_and_resolved_relative_to_the_text(tei):
    tree = parse_file(tei / "t.xml")
    pointers = shared_pointers(tree, tei / "t.xml")
    assert [(p.attribute, p.entry_id) for p in pointers] == [
        ("ref", "author"), ("ref", "trotsky"), ("ref", "moscow"), ("source", "work")]
    assert all(p.file == (tei / "shared" / "names.xml").resolve() for p in pointers)
    assert check_shared_pointers(tree, "t.xml", tei / "t.xml") == []


def test_resolving_copies_the_entries_into_the_text_and_makes_the_pointers_local(tei):
    tree = parse_file(tei / "t.xml")
    resolved = resolve_shared(tree, tei / "t.xml")
    root = resolved.getroot()
    assert root.xpath("string(//tei:text//tei:persName[1]/@ref)", namespaces=NS) == "#trotsky"
    ids = root.xpath("tei:standOff//*[@xml:id]/@xml:id", namespaces=NS)
    assert set(ids) == {"local", "author", "trotsky", "moscow", "work"}
    meta = read_metadata(resolved)
    assert meta.entities["trotsky"].name == "Leon Trotsky" and meta.entities["moscow"].kind == "place"
    assert meta.author_ref == "author"
    # the source tree itself is not changed
    assert tree.getroot().xpath("string(//tei:text//tei:persName[1]/@ref)", namespaces=NS) == "shared/names.xml#trotsky"
    assert resolve_shared(parse_file(tei / "shared" / "names.xml")) is not None


def test_pointers_found_once_serve_the_check_the_record_and_both_kinds_of_resolution(tei):
    text = TEXT.replace('<persName ref="#local">', '<persName corresp="shared/names.xml#moscow" '
                                                   'ref="#local shared/names.xml#trotsky">')
    text = text.replace("<quote source=", '<quote resp="shared/names.xml#author" source=')
    (tei / "t.xml").write_text(text, encoding="utf-8")
    tree = parse_file(tei / "t.xml")
    pointers = shared_pointers(tree, tei / "t.xml")
    # an element's pointer attributes in the order ref, resp, who, corresp, source; tokens in the order written
    assert [(p.attribute, p.entry_id) for p in pointers][3:] == [
        ("ref", "trotsky"), ("corresp", "moscow"), ("resp", "author"), ("source", "work")]
    assert check_shared_pointers(tree, "t.xml", tei / "t.xml", pointers=pointers) == \
        check_shared_pointers(tree, "t.xml", tei / "t.xml") == []
    before = etree.tostring(tree)
    copied = etree.tostring(resolve_shared(tree, tei / "t.xml", pointers=pointers))
    assert etree.tostring(tree) == before  # a copy: the tree given is as it was
    assert b'corresp="#moscow" ref="#local #trotsky"' in copied
    changed = resolve_shared(tree, tei / "t.xml", pointers=pointers, in_place=True)
    assert changed is tree and etree.tostring(tree) == copied


def test_entries_an_entry_points_to_come_along(tei):
    text = TEXT.replace('<persName ref="shared/names.xml#trotsky">Trotsky</persName>', "Trotsky")
    (tei / "t.xml").write_text(text, encoding="utf-8")
    resolved = resolve_shared(parse_file(tei / "t.xml"), tei / "t.xml")
    assert "trotsky" in resolved.getroot().xpath("tei:standOff//@xml:id", namespaces=NS)  # the work's author


@pytest.mark.parametrize("pointer, rule", [
    ("shared/absent.xml#trotsky", "shared.file"),
    ("shared/names.xml#nobody", "shared.entry"),
    ("shared/names.xml#moscow", "shared.kind"),
    ("shared/names.xml#local", "shared.entry"),
])
def test_broken_pointers_are_reported_with_their_line(tei, pointer, rule):
    (tei / "t.xml").write_text(TEXT.replace('ref="shared/names.xml#trotsky"', f'ref="{pointer}"'), encoding="utf-8")
    problems = check_shared_pointers(parse_file(tei / "t.xml"), "t.xml", tei / "t.xml")
    assert [p.rule for p in problems] == [rule]
    assert problems[0].line == 6 and "—" in problems[0].message


def test_a_local_entry_with_the_id_of_a_shared_one_clashes(tei):
    (tei / "t.xml").write_text(TEXT.replace('xml:id="local"', 'xml:id="trotsky"'), encoding="utf-8")
    problems = check_shared_pointers(parse_file(tei / "t.xml"), "t.xml", tei / "t.xml")
    assert [p.rule for p in problems] == ["shared.clash"]


def test_a_text_is_not_a_shared_list(tei):
    (tei / "t.xml").write_text(TEXT.replace("shared/names.xml#trotsky", "shared/other.xml#x"), encoding="utf-8")
    (tei / "shared" / "other.xml").write_text(TEXT, encoding="utf-8")
    problems = check_shared_pointers(parse_file(tei / "t.xml"), "t.xml", tei / "t.xml")
    assert [p.rule for p in problems] == ["shared.file"] and "not a shared list" in problems[0].message


def test_the_shared_list_file_itself_is_checked(tei):
    names = tei / "shared" / "names.xml"
    assert shared_list_problems(names) == []
    names.write_text(SHARED.replace('ref="#trotsky"', 'ref="#x"').replace("<persName>An Author</persName>", ""),
                     encoding="utf-8")
    assert sorted(p.rule for p in shared_list_problems(names)) == ["shared.entry-name", "shared.pointer"]
    names.write_text(SHARED.replace('xml:id="author"', 'xml:id="trotsky"'), encoding="utf-8")
    assert [p.rule for p in shared_list_problems(names)] == ["shared.id-unique"]  # a validity problem, not a parse error
    names.write_text(SHARED.replace(' type="shared-lists"', ""), encoding="utf-8")
    assert [p.rule for p in shared_list_problems(names)] == ["shared.file"]


def test_an_entrys_digest_changes_with_the_entry_alone(tei):
    """What the build hashes for a text's shared entries (edition.build: SharedList.entry_digest)."""
    names = tei / "shared" / "names.xml"
    before = load_shared_list(names).entry_digest("trotsky")
    names.write_text(SHARED.replace("<placeName>Moscow</placeName>", "<placeName>Moskva</placeName>"), encoding="utf-8")
    assert load_shared_list(names).entry_digest("trotsky") == before  # Moscow is not used
    names.write_text(SHARED.replace("Revolutionary.", "Revolutionary (1879–1940)."), encoding="utf-8")
    assert load_shared_list(names).entry_digest("trotsky") != before
    assert load_shared_list(names).entries["trotsky"] is not None


def test_a_strict_build_refuses_a_broken_shared_pointer_and_a_lenient_one_warns(tmp_path):
    path = corpus(tmp_path, 1, length=0.1)[0]
    path.write_text(path.read_text(encoding="utf-8").replace("names.xml#sedova", "names.xml#nobody", 1),
                    encoding="utf-8")
    from edition.errors import EditionError
    from edition.site import _validator

    with pytest.raises(EditionError) as caught:
        load_document(path, lenient=False, validate=_validator())
    assert any(p.rule == "shared.entry" for p in caught.value.problems)
    doc = load_document(path, lenient=True, validate=None)
    assert any(p.rule == "shared.entry" and p.severity == "warning" for p in doc.warnings)


def test_the_reading_page_links_shared_names_to_the_corpus_index(tmp_path):
    from edition.cli import main

    paths = corpus(tmp_path, 2, length=0.2)
    out = tmp_path / "site"
    assert main(["html", *map(str, paths), "--out", str(out), "--no-progress"]) == 0
    page = (out / paths[0].stem / "index.html").read_text(encoding="utf-8")
    assert 'href="../persons.html#sedova"' in page
    assert "shared/names.xml" not in re.sub(r"<script.*?</script>", "", page, flags=re.DOTALL)
    persons = etree.HTML((out / "persons.html").read_bytes())
    entry = persons.xpath("//li[@id='sedova']")[0]
    assert "Natalia Ivanovna Sedova" in "".join(entry.itertext())


def test_the_print_edition_indexes_names_from_the_shared_list(tmp_path):
    from pypdf import PdfReader

    from edition.cli import main

    path = corpus(tmp_path, 1, length=0.1)[0]
    assert "shared/names.xml#stalin" in path.read_text(encoding="utf-8")
    out = tmp_path / "site"
    assert main(["pdf", str(path), "--out", str(out), "--no-progress"]) == 0
    reader = PdfReader(str(out / path.stem / f"{path.stem}.pdf"))
    last_pages = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages[-2:])
    assert "Stalin" in last_pages and "General Secretary" in last_pages  # the shared entry's description


def test_one_walk_finds_the_pointers_for_the_shared_lists_the_check_of_links_and_the_ids():
    """pointer_attributes: every link attribute (namespaced ones by their local name too) and every xml:id; the
    shared pointers are taken from it (no namespace, an element's attributes in the order of POINTER_ATTRIBUTES),
    the validator's check of links judges all of it but the IDs, and the IDs are those an XPath finds."""
    from edition.shared_lists import _pointer_tokens, pointer_attributes, text_ids
    from edition.validate import id_holders, source_hazards

    root = etree.fromstring(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:x="urn:x" xml:id="t"><text><p xml:id="t.p1">'
        '<persName source="shared/works.xml#w" ref="shared/names.xml#a b.xml#c" rend="bold">A</persName>'
        '<ref target="javascript:alert(1)" x:ref="shared/names.xml#n" x:id="n">B</ref></p></text></TEI>')
    attributes = pointer_attributes(root)
    assert [(el.tag.rpartition("}")[2], name.rpartition("}")[2]) for el, name, _value in attributes] == [
        ("TEI", "id"), ("p", "id"), ("persName", "source"), ("persName", "ref"), ("ref", "target"), ("ref", "ref")]
    assert [(attribute, token) for _el, attribute, token in _pointer_tokens(attributes)] == [
        ("ref", "shared/names.xml#a"), ("ref", "b.xml#c"), ("source", "shared/works.xml#w")]
    tree = root.getroottree()
    found = source_hazards(tree, "t.xml", lambda el: (1, 1), attributes)
    assert [p.rule for p in found] == ["url-scheme"] and found == source_hazards(tree, "t.xml", lambda el: (1, 1))
    assert text_ids(tree, attributes) == text_ids(tree) == {"t", "t.p1"}
    assert id_holders(root, attributes) == id_holders(root)
