"""Citable units, the register of published IDs, `build.py ids`, ids.json — and that every registered ID
resolves in the built HTML and PDF."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from lxml import etree, html

from edition import TEI_NS, XML_NS
from edition.cli import main
from edition.ids import (
    REGISTER_PATH,
    check_ids,
    citable_units,
    ids_json_bytes,
    ids_map,
    load_register,
    retired_anchors,
)
from edition.xmlsafe import parse_file

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tei" / "sedova-1941-davies.xml"
DOC = "sedova-1941-davies"
XML_ID = f"{{{XML_NS}}}id"
T = f"{{{TEI_NS}}}"


# --- helpers ------------------------------------------------------------------------------------------

@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the source under its own name (same document ID) in a temporary folder."""
    target = tmp_path / SOURCE.name
    shutil.copyfile(SOURCE, target)
    return target


@pytest.fixture
def register_copy(tmp_path: Path) -> Path:
    target = tmp_path / "published-ids.json"
    shutil.copyfile(REGISTER_PATH, target)
    return target


def edit(path: Path, change) -> None:
    """Parse `path`, let `change(root)` modify it, write it back."""
    tree = etree.parse(str(path))
    change(tree.getroot())
    tree.write(str(path), encoding="UTF-8", xml_declaration=True)


def element(root: etree._Element, uid: str) -> etree._Element:
    found = root.xpath("//*[@xml:id=$id]", id=uid)
    assert found, uid
    return found[0]


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def problem_lines(text: str, path: Path) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(f"{path}:")]


# --- citable units ------------------------------------------------------------------------------------

def test_every_xml_id_of_the_text_is_a_citable_unit_and_nothing_else():
    tree = parse_file(SOURCE)
    root = tree.getroot()
    expected = [root.get(XML_ID)] + [el.get(XML_ID) for el in root.find(f"{T}text").iter()
                                     if isinstance(el.tag, str) and el.get(XML_ID)]
    units = citable_units(tree, SOURCE)
    assert [u.id for u in units] == expected
    by_id = {u.id: u for u in units}
    assert by_id[DOC].type == "TEI"
    assert by_id[f"{DOC}.p12"].type == "p" and by_id[f"{DOC}.p12"].n == "12"
    assert by_id[f"{DOC}.q1"].type == "cit" and by_id[f"{DOC}.q1p1"].n == ""
    assert by_id[f"{DOC}.n1"].type == "note" and by_id[f"{DOC}.c1"].type == "choice"
    assert by_id[f"{DOC}.p12"].section == f"{DOC}.d4"
    assert by_id[f"{DOC}.p12"].section_title == "The Consequences of Stalin’s Policies"
    assert by_id[f"{DOC}.p12"].words.startswith("Mr. Davies must surely be aware")
    # the corrected reading: the correction, not the transcribed error
    assert by_id[f"{DOC}.c1"].words == "irresponsibility"
    # entities of standOff are index anchors, not citable units
    assert "stalin" not in by_id and "source-print" not in by_id


def test_unit_positions_point_at_the_xml_id_attribute():
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    for unit in citable_units(parse_file(SOURCE), SOURCE):
        assert lines[unit.line - 1][unit.column - 1:].startswith(f'xml:id="{unit.id}"'), unit



def _documents_for_first_words() -> list[etree._ElementTree]:
    """The essay, the odd documents of tests/odd_documents.py, and the essay with words split across
    elements, a leading editorial note, a milestone and comments where the first words stand."""
    from odd_documents import ODD_DOCUMENTS, renamed

    documents = [parse_file(SOURCE)]
    for odd in ODD_DOCUMENTS:
        tree = renamed(odd.doc_id)
        odd.change(tree, odd.doc_id)
        documents.append(tree)
    tree = parse_file(SOURCE)
    for paragraph in tree.getroot().iter(f"{T}p"):
        note = etree.SubElement(paragraph, f"{T}note", type="editorial", resp="#sde")
        note.text = "An editorial note of several words, read only inside a note"
        paragraph.insert(0, note)
        note.tail = (paragraph.text or "")[:3]
        paragraph.text = "Mos"
        paragraph.insert(1, etree.Comment("a comment between words"))
        milestone = etree.SubElement(paragraph, f"{T}milestone", rend="asterisks", unit="section")
        paragraph.insert(2, milestone)
    documents.append(tree)
    return documents


def test_first_words_read_only_as_far_as_needed_are_the_first_words_of_the_whole_reading():
    """citable_units stops reading an element once its first words are known: the words are those of the
    whole corrected reading (edition.readings), for every element and for any number of words."""
    from edition.ids import _unit_first_words, _unit_text, first_words

    compared = 0
    for tree in _documents_for_first_words():
        for el in tree.getroot().find(f"{T}text").iter(etree.Element):
            whole = _unit_text(el)
            for count in (1, 2, 3, 8, 20):
                assert _unit_first_words(el, count) == first_words(whole, count), (el.get(XML_ID), count)
            compared += 1
    assert compared > 2000


# --- the committed register ---------------------------------------------------------------------------

def test_committed_register_covers_the_source_and_nothing_is_broken():
    register = load_register()
    problems = check_ids({SOURCE: parse_file(SOURCE)}, register, complete=True)
    assert not [p.format() for p in problems if p.severity == "error"]
    assert not [p.format() for p in problems if p.rule == "ids.new"], "run `python build.py ids --publish`"
    published = register.texts[DOC]
    for unit in citable_units(parse_file(SOURCE)):
        assert published[unit.id].type == unit.type
        assert published[unit.id].first_published


def test_register_file_is_written_deterministically():
    register = load_register()
    assert register.dumps() == REGISTER_PATH.read_text(encoding="utf-8")
    json.loads(register.dumps())


# --- `build.py ids --check` ---------------------------------------------------------------------------

def test_check_passes_on_the_source(capsys):
    code, out, err = run(["ids", "--check"], capsys)
    assert code == 0, err
    assert "0 error(s)" in out


def test_removing_a_published_id_fails_naming_it(copy, capsys):
    edit(copy, lambda root: element(root, f"{DOC}.p13").attrib.pop(XML_ID))
    code, _out, err = run(["ids", "--check", str(copy)], capsys)
    assert code == 1
    lines = [line for line in problem_lines(err, copy) if f"'{DOC}.p13'" in line]
    assert lines and ": error: " in lines[0] and "[ids.missing]" in lines[0]
    # file:line:col points at the citable unit before the missing one (p12, which holds no note)
    line, col = map(int, re.match(rf"{re.escape(str(copy))}:(\d+):(\d+):", lines[0]).groups())
    text_lines = copy.read_text(encoding="utf-8").splitlines()
    assert f'xml:id="{DOC}.p12"' in text_lines[line - 1][col - 1:]
    assert "Traceback" not in err


def test_renaming_a_published_id_fails_and_suggests_the_new_name(copy, capsys):
    edit(copy, lambda root: element(root, f"{DOC}.p12").set(XML_ID, f"{DOC}.p12a"))
    code, _, err = run(["ids", "--check", str(copy)], capsys)
    assert code == 1
    assert f"published ID '{DOC}.p12'" in err
    assert f"renamed to '{DOC}.p12a'" in err


def test_retyping_a_published_id_fails_naming_it(copy, capsys):
    def retype(root):
        element(root, f"{DOC}.p12").tag = f"{T}ab"
    edit(copy, retype)
    code, _, err = run(["ids", "--check", str(copy)], capsys)
    assert code == 1
    lines = [line for line in problem_lines(err, copy) if "[ids.type-changed]" in line]
    assert len(lines) == 1 and f"'{DOC}.p12'" in lines[0] and "was a p and is now a ab" in lines[0]


def test_adding_a_paragraph_with_a_fresh_id_passes_and_is_reported(copy, capsys):
    def add(root):
        last = element(root, f"{DOC}.p27")
        new = etree.Element(f"{T}p", {XML_ID: f"{DOC}.p28", "n": "28"})
        new.text = "A paragraph added in a later version."
        last.addnext(new)
    edit(copy, add)
    code, out, err = run(["ids", "--check", str(copy)], capsys)
    assert code == 0, err
    lines = [line for line in problem_lines(err, copy) if f"'{DOC}.p28'" in line]
    assert len(lines) == 1 and ": warning: " in lines[0] and "[ids.new]" in lines[0]
    assert "1 addition report(s)" in out


def test_reusing_a_published_id_in_another_text_fails(tmp_path, capsys):
    other = tmp_path / "other-1950-text.xml"
    other.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="{TEI_NS}" xml:id="other-1950-text">
  <teiHeader><fileDesc><titleStmt><title>Other</title></titleStmt>
    <editionStmt><edition n="1.0">Version 1.0</edition></editionStmt>
    <publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>
  <text><body>
    <div xml:id="other-1950-text.d1"><p xml:id="{DOC}.p3" n="1">Words of another text.</p></div>
  </body></text>
</TEI>
""", encoding="utf-8")
    code, _, err = run(["ids", "--check", str(SOURCE), str(other)], capsys)
    assert code == 1
    lines = [line for line in problem_lines(err, other) if "[ids.reused]" in line]
    assert len(lines) == 1
    assert f"'{DOC}.p3'" in lines[0] and f"published for text '{DOC}'" in lines[0]
    line = next(i for i, text in enumerate(other.read_text(encoding="utf-8").splitlines(), 1) if f"{DOC}.p3" in text)
    assert f"{other}:{line}:" in lines[0]  # the line of the reused ID


def test_changed_paragraph_number_is_a_warning(copy, capsys):
    edit(copy, lambda root: element(root, f"{DOC}.p12").set("n", "12a"))
    code, _, err = run(["ids", "--check", str(copy)], capsys)
    assert code == 0
    assert any("[ids.number-changed]" in line and f"'{DOC}.p12'" in line for line in problem_lines(err, copy))


def test_the_build_fails_on_a_broken_published_id_with_the_id_named(copy, tmp_path, capsys):
    edit(copy, lambda root: element(root, f"{DOC}.h3").set(XML_ID, f"{DOC}.h99"))  # valid, but not published
    out = tmp_path / "site"
    code, _out, err = run(["html", str(copy), "--out", str(out), "--jobs", "1", "--no-progress"], capsys)
    assert code == 1 and any(f"'{DOC}.h3'" in line for line in problem_lines(err, copy))
    assert not (out / DOC / "index.html").exists()


def test_a_registered_text_without_source_fails_only_for_the_whole_corpus(register_copy):
    data = json.loads(register_copy.read_text(encoding="utf-8"))
    data["texts"]["gone-1930-text"] = {"gone-1930-text": {"type": "TEI", "first_published": "1.0", "words": "x"}}
    register_copy.write_text(json.dumps(data), encoding="utf-8")
    register = load_register(register_copy)
    trees = {SOURCE: parse_file(SOURCE)}
    assert not [p for p in check_ids(trees, register) if p.severity == "error"]
    errors = [p for p in check_ids(trees, register, complete=True) if p.severity == "error"]
    assert [p.rule for p in errors] == ["ids.text-missing"] and "gone-1930-text" in errors[0].message


def test_the_same_document_id_twice_is_an_error(copy):
    problems = check_ids({SOURCE: parse_file(SOURCE), copy: parse_file(copy)})
    assert [p.rule for p in problems if p.severity == "error"] == ["ids.duplicate-text"]


def test_malformed_register_is_reported_with_its_position(tmp_path, capsys):
    bad = tmp_path / "published-ids.json"
    bad.write_text('{\n  "texts": {\n    "x": [}\n}\n', encoding="utf-8")
    code, _, err = run(["ids", "--check", str(SOURCE), "--register", str(bad)], capsys)
    assert code == 1
    assert re.search(rf"{re.escape(str(bad))}:3:\d+: error: the register is not valid JSON", err)
    assert "Traceback" not in err


# --- `build.py ids --publish` and retiring ------------------------------------------------------------

def test_publish_adds_new_ids_with_the_current_version_and_keeps_old_entries(copy, register_copy, capsys):
    before = load_register(register_copy).texts[DOC]

    def add_and_bump(root):
        root.find(f".//{T}editionStmt/{T}edition").set("n", "1.2")
        new = etree.Element(f"{T}p", {XML_ID: f"{DOC}.p28", "n": "28"})
        new.text = "A paragraph added in version 1.2."
        element(root, f"{DOC}.p27").addnext(new)
    edit(copy, add_and_bump)
    code, out, err = run(["ids", "--publish", str(copy), "--register", str(register_copy)], capsys)
    assert code == 0, err
    assert f"+ {DOC}.p28" in out
    after = load_register(register_copy).texts[DOC]
    assert after[f"{DOC}.p28"].first_published == "1.2" and after[f"{DOC}.p28"].n == "28"
    for uid, entry in before.items():
        assert after[uid].first_published == entry.first_published in ("1.0", "1.1")
        assert after[uid].type == entry.type
    keys = list(after)
    assert keys.index(f"{DOC}.p28") == keys.index(f"{DOC}.p27") + 1
    code, out, _ = run(["ids", "--check", str(copy), "--register", str(register_copy)], capsys)
    assert code == 0 and "0 addition report(s)" in out


def test_publish_refuses_while_a_published_id_is_broken(copy, register_copy, capsys):
    edit(copy, lambda root: element(root, f"{DOC}.p12").attrib.pop(XML_ID))
    before = register_copy.read_bytes()
    code, _, err = run(["ids", "--publish", str(copy), "--register", str(register_copy)], capsys)
    assert code == 1
    assert "nothing published" in err and f"'{DOC}.p12'" in err
    assert register_copy.read_bytes() == before


def test_retiring_an_id_names_a_successor_and_keeps_the_old_anchor(copy, register_copy, capsys):
    def merge(root):
        p12, p13 = element(root, f"{DOC}.p12"), element(root, f"{DOC}.p13")
        p13.text = (p12.text or "") + (p13.text or "")
        p12.getparent().remove(p12)
    edit(copy, merge)
    code, _, err = run(["ids", "--check", str(copy), "--register", str(register_copy)], capsys)
    assert code == 1 and f"'{DOC}.p12'" in err
    code, _out, err = run(["ids", "--retire", f"{DOC}.p12", "--successor", f"{DOC}.p13",
                          "--reason", "merged with the next paragraph", str(copy),
                          "--register", str(register_copy)], capsys)
    assert code == 0, err
    register = load_register(register_copy)
    entry = register.texts[DOC][f"{DOC}.p12"]
    assert entry.retired.successor == f"{DOC}.p13" and entry.first_published == "1.0"
    assert retired_anchors(DOC, register) == [(f"{DOC}.p12", f"{DOC}.p13", "merged with the next paragraph")]
    code, _, err = run(["ids", "--check", str(copy), "--register", str(register_copy)], capsys)
    assert code == 0, err
    retired = ids_map(parse_file(copy), "https://example.org/ed/", register)["retired"]
    assert retired == [{"id": f"{DOC}.p12", "successor": f"{DOC}.p13", "reason": "merged with the next paragraph",
                        "url": f"https://example.org/ed/{DOC}/#{DOC}.p12"}]
    # a retired ID may not come back
    def reuse(root):
        element(root, f"{DOC}.p14").set(XML_ID, f"{DOC}.p12")
    edit(copy, reuse)
    code, _, err = run(["ids", "--check", str(copy), "--register", str(register_copy)], capsys)
    assert code == 1 and "[ids.retired-reused]" in err


def test_a_retired_id_whose_successor_is_gone_fails(copy, register_copy, capsys):
    data = json.loads(register_copy.read_text(encoding="utf-8"))
    data["texts"][DOC][f"{DOC}.p12"]["retired"] = {"successor": f"{DOC}.p99", "reason": "test", "version": "1.1"}
    register_copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    edit(copy, lambda root: element(root, f"{DOC}.p12").attrib.pop(XML_ID))
    code, _, err = run(["ids", "--check", str(copy), "--register", str(register_copy)], capsys)
    assert code == 1 and "[ids.successor-missing]" in err and f"'{DOC}.p99'" in err


# --- listing and ids.json -----------------------------------------------------------------------------

def test_listing_shows_id_type_number_section_and_first_words(capsys):
    code, out, _ = run(["ids", str(SOURCE)], capsys)
    assert code == 0
    row = next(line for line in out.splitlines() if line.split()[:1] == ["p12"])
    assert row.split()[:4] == ["p12", "p", "12", "d4"]
    assert "Mr. Davies must surely be aware" in row
    assert len([line for line in out.splitlines() if line[:2] in ("  ", "+ ") and line.split()]) - 1 == len(
        citable_units(parse_file(SOURCE)))


def test_ids_json_maps_every_unit_to_its_stable_url(tmp_path):
    tree = parse_file(SOURCE)
    first = ids_json_bytes(tree, "https://example.org/ed/")
    data = json.loads(first)
    units = citable_units(tree)
    assert [u["id"] for u in data["units"]] == [u.id for u in units]
    p12 = next(u for u in data["units"] if u["id"] == f"{DOC}.p12")
    assert p12 == {"id": f"{DOC}.p12", "type": "p", "number": "12", "section": f"{DOC}.d4",
                   "section_title": "The Consequences of Stalin’s Policies",
                   "url": f"https://example.org/ed/{DOC}/#{DOC}.p12",
                   "first_words": p12["first_words"], "first_published": "1.0"}
    assert p12["first_words"].startswith("Mr. Davies must surely")
    assert data["url"] == f"https://example.org/ed/{DOC}/"
    assert ids_json_bytes(tree, "https://example.org/ed/") == first
    assert first.decode("utf-8") == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_ids_json_urls_stay_relative_without_a_base_url(tmp_path):
    data = json.loads(ids_json_bytes(parse_file(SOURCE), ""))
    assert data["url"] == "index.html"
    assert all(u["url"].startswith("index.html") and "://" not in u["url"] for u in data["units"])
    assert next(u["url"] for u in data["units"] if u["id"] == f"{DOC}.p1") == f"index.html#{DOC}.p1"


# --- every registered ID resolves in the built editions -----------------------------------------------

def _built_site(tmp_path_factory) -> Path:
    """The built site: output/html when it holds the reading page, else a fresh build with the HTML builder."""
    output = ROOT / "output" / "html"
    if (output / DOC / "index.html").exists():
        return output
    try:
        from edition.site import build_site, load_documents
    except ImportError as exc:
        pytest.skip(f"output/html/{DOC}/index.html is absent and the HTML builder is not available ({exc})")
    target = tmp_path_factory.mktemp("site") / "html"
    build_site(load_documents([SOURCE], lenient=True), target)
    return target


@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> Path:
    return _built_site(tmp_path_factory)


def test_every_registered_id_resolves_in_the_built_html(built_site):
    page = html.parse(str(built_site / DOC / "index.html")).getroot()
    ids_in_page = {el.get("id") for el in page.iter() if isinstance(el.tag, str) and el.get("id")}
    register = load_register()
    live = [uid for uid, e in register.texts[DOC].items() if e.retired is None and uid != DOC]
    missing = [uid for uid in live if uid not in ids_in_page]
    assert not missing, f"registered IDs without an element in the reading page: {missing}"
    for old, _successor, _reason in retired_anchors(DOC, register):
        assert old in ids_in_page, f"retired ID {old} has no anchor in the reading page"


@pytest.fixture(scope="module")
def built_pdf(tmp_path_factory) -> Path:
    """The built PDF: output/html's when present, else a fresh one made with the print builder."""
    pdf = ROOT / "output" / "html" / DOC / f"{DOC}.pdf"
    if pdf.exists():
        return pdf
    try:
        from edition.pdf import build_pdfs
        from edition.site import load_documents
    except ImportError as exc:
        pytest.skip(f"{pdf} is absent and the print builder is not available ({exc})")
    site = tmp_path_factory.mktemp("print") / "html"
    site.mkdir()
    return build_pdfs(load_documents([SOURCE], lenient=True), site)[0]


def test_every_registered_id_is_a_named_destination_in_the_pdf(built_pdf):
    pdf = built_pdf
    from pypdf import PdfReader
    names = set(PdfReader(str(pdf)).named_destinations)
    register = load_register()
    live = [uid for uid, e in register.texts[DOC].items() if e.retired is None and uid != DOC]
    missing = [uid for uid in live if uid not in names]
    assert not missing, f"registered IDs without a named destination in the PDF: {missing}"


def test_units_found_once_serve_the_check_and_ids_json(tmp_path):
    """A build finds a text's citable units once: the check and ids.json take them as given, with the same
    result as finding them again — also for the copy of a text whose shared entries are resolved."""
    from corpus_support import corpus

    from edition.shared_lists import resolve_shared

    register = load_register(tmp_path / "none.json")
    for path in [SOURCE, *corpus(tmp_path, 2, length=0.2)]:
        tree = parse_file(path)
        units = citable_units(tree, path)
        assert check_ids({path: tree}, register, units={path: units}) == check_ids({path: tree}, register)
        resolved = resolve_shared(tree, path)
        assert ids_map(resolved, "https://example.org/", register, units) == ids_map(resolved, "https://example.org/",
                                                                                   register)
    assert resolved is not tree  # the generated texts point into a shared list


@pytest.mark.parametrize("source", [
    '<p xml:id="a"/>\n<p xml:id = \'b\'/>\n  <q xml:id="a"/>',
    '<p xml:id\n="c"/>\n<p xml:id="d\ne"/>',  # an attribute across lines is not found (as by lines)
    '<p xml:id="a"/>\r\n<p xml:id="b"/>\r<p\u2028 xml:id="c"/>\x0c<p xml:id="d"/>',  # other line ends
    'é<p xml:id="x"/>\u00a0xml:id=\u00a0"y"',
])
def test_id_positions_are_those_found_line_by_line(source: str) -> None:
    from edition.ids import _id_positions

    expected: dict[str, tuple[int, int]] = {}
    for number, line in enumerate(source.splitlines(), start=1):
        for match in re.finditer(r"""xml:id\s*=\s*(["'])(.*?)\1""", line):
            expected.setdefault(match.group(2), (number, match.start() + 1))
    assert _id_positions(source) == expected


def test_the_owner_of_a_published_id_is_found_in_a_large_register_and_follows_changes(tmp_path):
    from edition.ids import Register, RegisteredId

    register = Register(tmp_path / "published-ids.json")
    for t in range(2000):
        register.texts[f"t{t}"] = {f"t{t}.p{i}": RegisteredId(f"t{t}.p{i}", "p", str(i), "w", "1.0") for i in range(30)}
    register.changed()
    assert register.owner("t1999.p29") == "t1999" and register.owner("t0.p0") == "t0"
    assert register.owner("t5.p30") is None
    register.texts["t5"]["t5.p30"] = RegisteredId("t5.p30", "p", "30", "w", "1.1")
    register.changed()
    assert register.owner("t5.p30") == "t5"
    real = load_register(REGISTER_PATH)
    some = next(iter(real.texts[DOC]))
    assert real.owner(some) == DOC and real.owner(f"{DOC}.never-published") is None
