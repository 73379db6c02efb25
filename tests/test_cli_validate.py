"""`python build.py validate`: exit status, the text, JSON and JUnit reports, and what it says about bad input."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from support import FIXTURES, first

import edition.commands.validate as validate_command
from edition.cli import main

INVALID = FIXTURES / "invalid"
VALID = FIXTURES / "valid"
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): (?P<message>.+) "
                  r"\[(?P<rule>[a-z][a-z0-9:_-]*)\]$")
SUMMARY = re.compile(r"^validate: (\d+) files? checked, (\d+) valid \(.*\); (\d+) errors?, (\d+) warnings?$")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_default_is_every_tei_file_and_it_is_valid(capsys) -> None:
    code, out, err = run(capsys)
    assert code == 0, out + err
    lines = out.splitlines()
    assert SUMMARY.match(lines[-1]), lines[-1]
    assert "1 file checked, 1 valid" in lines[-1] and "0 errors, 0 warnings" in lines[-1]
    assert lines == [lines[-1]]  # no problem lines
    assert err == ""


def test_text_report_one_line_per_problem_then_summary(capsys) -> None:
    code, out, _ = run(capsys, str(INVALID / "several-problems.xml"), str(VALID / "example-letter.xml"))
    assert code == 1
    *problems, summary = out.splitlines()
    assert len(problems) == 5
    for line in problems:
        match = LINE.match(line)
        assert match, line
        assert match["path"].endswith("several-problems.xml") and match["severity"] == "error"
        assert int(match["line"]) > 0 and int(match["col"]) > 0
    assert SUMMARY.match(summary)
    assert "2 files checked, 1 valid" in summary and "5 errors, 0 warnings" in summary


def test_json_report_has_exactly_the_documented_shape(capsys) -> None:
    code, out, err = run(capsys, "--format", "json", str(INVALID / "several-problems.xml"),
                         str(VALID / "example-letter.xml"), str(INVALID / "not-tei.xml"))
    assert code == 1 and err == ""
    document = json.loads(out)
    assert set(document) == {"files"}
    assert [Path(f["path"]).name for f in document["files"]] == ["several-problems.xml", "example-letter.xml",
                                                                 "not-tei.xml"]
    for entry in document["files"]:
        assert set(entry) == {"path", "valid", "problems"}
        assert isinstance(entry["path"], str) and isinstance(entry["valid"], bool)
        for problem in entry["problems"]:
            assert set(problem) == {"line", "column", "severity", "rule", "message"}
            assert isinstance(problem["line"], int) and isinstance(problem["column"], int)
            assert problem["line"] >= 1 and problem["column"] >= 1
            assert problem["severity"] in ("error", "warning")
            assert isinstance(problem["rule"], str) and isinstance(problem["message"], str)
    several, letter, not_tei = document["files"]
    assert several["valid"] is False and len(several["problems"]) == 5
    assert letter == {"path": letter["path"], "valid": True, "problems": []}
    assert not_tei["problems"][0]["rule"] == "tei-root"


def test_json_schema_of_the_report(capsys) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = {
        "type": "object", "additionalProperties": False, "required": ["files"],
        "properties": {"files": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["path", "valid", "problems"],
            "properties": {
                "path": {"type": "string"}, "valid": {"type": "boolean"},
                "problems": {"type": "array", "items": {
                    "type": "object", "additionalProperties": False,
                    "required": ["line", "column", "severity", "rule", "message"],
                    "properties": {"line": {"type": "integer", "minimum": 1},
                                   "column": {"type": "integer", "minimum": 1},
                                   "severity": {"enum": ["error", "warning"]},
                                   "rule": {"type": "string", "minLength": 1},
                                   "message": {"type": "string", "minLength": 1}}}}}}}}}
    run_code, out, _ = run(capsys, "--format", "json", str(INVALID), str(VALID))
    assert run_code == 1
    jsonschema.validate(json.loads(out), schema)


def test_junit_report_is_well_formed_with_right_counts(capsys) -> None:
    code, out, _ = run(capsys, "--format", "junit", str(INVALID / "several-problems.xml"),
                       str(VALID / "example-letter.xml"), str(INVALID / "malformed.xml"))
    assert code == 1
    root = etree.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "2", "0")
    [suite] = root.findall("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("3", "2")
    cases = suite.findall("testcase")
    assert [Path(c.get("name")).name for c in cases] == ["several-problems.xml", "example-letter.xml", "malformed.xml"]
    several, letter, malformed = cases
    failure = several.find("failure")
    assert failure is not None and failure.get("message").startswith("5 errors")
    assert len(failure.text.strip().splitlines()) == 5
    assert all(LINE.match(line) for line in failure.text.strip().splitlines())
    assert letter.find("failure") is None
    assert "well-formed" in malformed.find("failure").text


def test_junit_puts_warnings_in_system_out(capsys, tmp_path: Path) -> None:
    source = (VALID / "example-letter.xml").read_text(encoding="utf-8")
    path = tmp_path / "example-letter.xml"
    path.write_text(source.replace('<hi rend="underline">insist</hi>', "<hi>insist</hi>"), encoding="utf-8")
    code, out, _ = run(capsys, "--format", "junit", str(path))
    assert code == 0
    case = etree.fromstring(out.encode("utf-8")).find("testsuite/testcase")
    assert case.find("failure") is None
    assert "[ed-hi-rend]" in case.find("system-out").text


def test_warnings_alone_exit_zero(capsys, tmp_path: Path) -> None:
    source = (VALID / "example-letter.xml").read_text(encoding="utf-8")
    path = tmp_path / "example-letter.xml"
    path.write_text(source.replace('<pb n="1"/>', "<pb/>"), encoding="utf-8")
    code, out, _ = run(capsys, str(path))
    assert code == 0
    assert ": warning: " in out and "[ed-pb-n]" in out and "0 errors, 1 warning" in out


@pytest.mark.parametrize("args", [
    ["--bogus"],
    ["--format", "yaml"],
    ["no-such-file.xml"],
    ["--schema", "no-such-grammar.rng"],
    ["--schema"],
])
def test_usage_errors_exit_two(capsys, args: list[str]) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert "error:" in err and "Traceback" not in err + out


def test_missing_file_says_which(capsys) -> None:
    code, _, err = run(capsys, str(VALID / "example-letter.xml"), "nowhere/absent.xml")
    assert code == 2
    assert "nowhere/absent.xml: no such file or folder" in err


def test_schema_that_is_not_a_grammar_is_a_usage_error(capsys, tmp_path: Path) -> None:
    not_grammar = tmp_path / "notes.rng"
    not_grammar.write_text("<notes/>", encoding="utf-8")
    code, _, err = run(capsys, "--schema", str(not_grammar))
    assert code == 2 and "not a usable RELAX NG grammar" in err


def test_broken_project_schema_is_an_error_not_a_usage_error(capsys, tmp_path: Path, monkeypatch) -> None:
    import edition.validate

    broken = tmp_path / "tei-edition.sch"
    broken.write_text("<schema xmlns='http://purl.oclc.org/dsdl/schematron'><pattern><rule/></pattern></schema>",
                      encoding="utf-8")
    monkeypatch.setattr(edition.validate, "PROJECT_SCH", broken)
    code, _, err = run(capsys, str(VALID / "example-letter.xml"))
    assert code == 1
    assert "not a usable Schematron schema" in err and "schema/ is broken" in err and "Traceback" not in err


def test_schema_may_be_given_twice(capsys, tmp_path: Path) -> None:
    for name in ("first", "second"):
        (tmp_path / f"{name}.rng").write_text(
            '<element name="letter" xmlns="http://relaxng.org/ns/structure/1.0"><empty/></element>', encoding="utf-8")
    code, out, _ = run(capsys, "--schema", str(tmp_path / "first.rng"), "--schema", str(tmp_path / "second.rng"),
                       str(VALID / "example-letter.xml"))
    assert code == 1
    rules = [LINE.match(line)["rule"] for line in out.splitlines()[:-1]]
    assert rules == ["rng:first", "rng:second"]


def test_bad_files_give_problem_lines_not_tracebacks(capsys, tmp_path: Path) -> None:
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    code, out, err = run(capsys, str(INVALID / "malformed.xml"), str(INVALID / "not-tei.xml"), str(empty))
    assert code == 1 and "Traceback" not in out + err
    problem_lines = out.splitlines()[:-1]
    assert all(LINE.match(line) for line in problem_lines), problem_lines
    assert any("[well-formed]" in line and "malformed.xml:11:12" in line for line in problem_lines)
    assert any("[tei-root]" in line and "not a TEI document" in line for line in problem_lines)
    assert any(line.startswith(str(empty)) or "empty.xml" in line for line in problem_lines)


def test_folder_argument_means_its_xml_files(capsys) -> None:
    code, out, _ = run(capsys, str(VALID))
    assert code == 0
    assert "2 files checked, 2 valid" in out


@pytest.fixture
def tei_folder(tmp_path: Path, monkeypatch, real_source: Path) -> Path:
    folder = tmp_path / "tei"
    folder.mkdir()
    monkeypatch.setattr(validate_command, "TEI_DIR", folder)
    return folder


def test_empty_tei_folder_is_a_clear_problem(capsys, tei_folder: Path) -> None:
    code, out, err = run(capsys)
    assert code == 1
    assert "no TEI files to validate" in err and "Traceback" not in err
    assert "0 files checked" in out


def test_empty_tei_folder_json_is_still_one_document(capsys, tei_folder: Path) -> None:
    code, out, _ = run(capsys, "--format", "json")
    assert code == 1 and json.loads(out) == {"files": []}


def test_only_xml_files_of_tei_folder_are_checked(capsys, tei_folder: Path, real_source: Path) -> None:
    shutil.copy(real_source, tei_folder / real_source.name)
    (tei_folder / "published-ids.json").write_text("{}", encoding="utf-8")
    (tei_folder / "README.txt").write_text("notes", encoding="utf-8")
    (tei_folder / "drafts").mkdir()
    code, out, _ = run(capsys, "--format", "json")
    files = json.loads(out)["files"]
    assert [Path(f["path"]).name for f in files] == [real_source.name]
    assert code == 0, out


def test_published_id_checks_run_for_edition_sources(capsys, tmp_path: Path, real_source: Path, monkeypatch) -> None:
    """A source in tei/ that lost a published ID fails validation (rules of edition.ids)."""
    folder = tmp_path / "tei"
    folder.mkdir()
    monkeypatch.setattr(validate_command, "TEI_DIR", folder)
    from support import real_tree

    tree = real_tree()
    first(tree, "//tei:closer").set("{http://www.w3.org/XML/1998/namespace}id", "sedova-1941-davies.end")
    (folder / real_source.name).write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    code, out, _ = run(capsys)
    assert code == 1
    assert "[ids.missing]" in out and "sedova-1941-davies.closer" in out


def test_through_build_py_in_a_subprocess(project_root: Path) -> None:
    ok = subprocess.run([sys.executable, "build.py", "validate"], cwd=project_root, capture_output=True, text=True,
                        timeout=300, check=False)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert SUMMARY.match(ok.stdout.splitlines()[-1])
    broken = subprocess.run([sys.executable, "build.py", "validate", "--format", "json",
                             str(INVALID / "several-problems.xml")], cwd=project_root, capture_output=True,
                            text=True, timeout=300, check=False)
    assert broken.returncode == 1 and "Traceback" not in broken.stderr
    assert len(json.loads(broken.stdout)["files"][0]["problems"]) == 5
    usage = subprocess.run([sys.executable, "build.py", "validate", "--nonsense"], cwd=project_root,
                           capture_output=True, text=True, timeout=300, check=False)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


# --- pointers into shared lists, and the shared lists themselves ----------------------------------------

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
SHARED_REF = "//tei:*[starts-with(@ref, 'shared/names.xml#')]"


def _shared_corpus(folder: Path) -> tuple[list[Path], Path]:
    from corpus_support import corpus

    texts = corpus(folder, 2, length=0.1)
    return texts, folder / "tei" / "shared" / "names.xml"


PROBLEM = re.compile(LINE.pattern.replace("[a-z0-9:_-]", "[a-z0-9:._-]"))  # rules such as shared.entry


def _problems(out: str) -> list[re.Match]:
    return [m for m in map(PROBLEM.match, out.splitlines()) if m]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_dangling_pointer_into_a_shared_list_is_a_located_error(capsys, tmp_path: Path, jobs: str) -> None:
    """What the build refuses (edition.shared_lists.check_shared_pointers), validate reports: exit 1."""
    texts, _names = _shared_corpus(tmp_path)
    tree = etree.parse(str(texts[1]))
    first(tree, SHARED_REF).set("ref", "shared/names.xml#nobody")
    texts[1].write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    line = first(etree.parse(str(texts[1])), "//tei:*[@ref='shared/names.xml#nobody']").sourceline
    code, out, err = run(capsys, "--jobs", jobs, str(tmp_path / "tei"))
    assert code == 1 and "Traceback" not in err
    [problem] = [m for m in _problems(out) if m["severity"] == "error"]
    assert problem["path"].endswith(texts[1].name) and problem["rule"] == "shared.entry"
    assert int(problem["line"]) == line and int(problem["col"]) >= 1
    assert "has no entry with xml:id 'nobody'" in problem["message"] and " — " in problem["message"]
    assert "3 files checked, 2 valid" in out.splitlines()[-1]  # the two texts and their shared list


def test_broken_shared_list_is_reported_at_its_entry(capsys, tmp_path: Path) -> None:
    texts, names = _shared_corpus(tmp_path)
    tree = etree.parse(str(names))
    person = first(tree, "//tei:person")
    person.remove(first(person, "tei:persName"))
    names.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    line = first(etree.parse(str(names)), f"//tei:person[@xml:id='{person.get(XML_ID)}']").sourceline
    code, out, _ = run(capsys, str(texts[0]))  # one text: the list it points into is checked with it
    assert code == 1
    [problem] = [m for m in _problems(out) if m["severity"] == "error"]
    assert problem["path"].endswith("shared/names.xml") and problem["rule"] == "shared.entry-name"
    assert int(problem["line"]) == line and f"the entry '{person.get(XML_ID)}' has no name" in problem["message"]
    assert "2 files checked, 1 valid" in out.splitlines()[-1]


def test_shared_list_that_is_not_well_formed_says_where(capsys, tmp_path: Path, monkeypatch) -> None:
    _texts, names = _shared_corpus(tmp_path)
    lines = names.read_text(encoding="utf-8").splitlines()
    cut = next(i for i, text in enumerate(lines) if "</listPerson>" in text)
    names.write_text("\n".join(lines[:cut] + lines[cut + 1:]), encoding="utf-8")  # </listPerson> missing
    monkeypatch.setattr(validate_command, "TEI_DIR", tmp_path / "tei")
    code, out, err = run(capsys)  # the default: every text of tei/ and every list of tei/shared/
    assert code == 1 and "Traceback" not in err
    in_list = [m for m in _problems(out) if m["path"].endswith("shared/names.xml")]
    assert {m["rule"] for m in in_list} == {"shared.file", "well-formed"}
    located = next(m for m in in_list if m["rule"] == "well-formed")  # the first slip; the parser may go on
    assert int(located["line"]) > cut and int(located["col"]) > 1 and "listPerson" in located["message"]
    in_texts = [m for m in _problems(out) if not m["path"].endswith("shared/names.xml") and m["severity"] == "error"]
    assert in_texts and {m["rule"] for m in in_texts} == {"shared.file"}  # as the build would refuse them
    assert "3 files checked, 0 valid" in out.splitlines()[-1]


def test_shared_list_named_on_the_command_line_is_checked_as_a_list(capsys, tmp_path: Path) -> None:
    _, names = _shared_corpus(tmp_path)
    code, out, _ = run(capsys, str(names))
    assert code == 0, out
    assert out.splitlines() == [out.splitlines()[-1]] and "1 file checked, 1 valid" in out


def test_register_of_published_ids_is_read_once_for_many_texts(capsys, tmp_path: Path, monkeypatch) -> None:
    from corpus_support import corpus

    import edition.ids

    texts = corpus(tmp_path, 3, length=0.1)
    monkeypatch.setattr(validate_command, "TEI_DIR", tmp_path / "tei")
    monkeypatch.setattr(validate_command, "_registers", {})
    reads = []
    real = edition.ids.load_register
    monkeypatch.setattr(edition.ids, "load_register", lambda *a, **k: reads.append(a) or real(*a, **k))
    code, out, _ = run(capsys, "--jobs", "1")
    assert code == 0, out
    assert f"{len(texts) + 1} files checked" in out and len(reads) == 1


def test_a_command_starts_without_the_other_commands_modules_and_the_help_names_them_all():
    """`build.py validate …` imports the validate command alone (not the server, not the builds); the help,
    and a name that is no command, still see every command."""
    script = ("import sys\n"
              "from edition.cli import COMMAND_MODULES, build_parser\n"
              "build_parser('validate')\n"
              "print(' '.join(sorted(m for m in sys.modules if m.startswith('edition.commands.'))))\n"
              "print(build_parser().format_help())\n"
              "print(build_parser('no-such-command').format_help())\n")
    result = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parent.parent)
    loaded, _, helps = result.stdout.partition("\n")
    assert "edition.commands.validate" in loaded.split()
    assert not {"edition.commands.serve", "edition.commands.all", "edition.commands.html"} & set(loaded.split())
    for command in ("all", "validate", "html", "pdf", "epub", "search", "ids", "import", "serve"):
        assert helps.count(f"\n    {command} ") == 2, command
