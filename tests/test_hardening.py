"""Bad and hostile input: every case of tests/bad_inputs.py gives a clear message with its place
(`file:line:col: what — how to fix`), the exit status it should, and no traceback; nothing outside the
project is read and no request leaves the machine; what is built from hostile content executes nothing.

The same cases make docs/bad-input.md (tests/bad_input_report.py); the last test here fails when that
file is out of date.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from bad_input_report import REPORT, render
from bad_inputs import MARKER, Case, CaseResult, Trap, cases, run_case
from lxml import html as lxml_html

from edition import PROJECT_ROOT
from edition.urls import is_safe_url

CASES = cases()
LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): error: (?P<msg>.+)$")
FOLDER_LEVEL = re.compile(r"^(?P<path>tei)(?::(?P<line>0):(?P<col>0))?: error: (?P<msg>.+)$")  # no file to point into
URL_ATTRIBUTES = ("href", "src", "cite", "action", "formaction", "data", "poster", "xlink:href", "background",
                  "longdesc", "usemap", "manifest", "ping", "srcset")


@pytest.fixture(scope="session")
def results(tmp_path_factory) -> dict[str, CaseResult]:
    base = tmp_path_factory.mktemp("bad-input")
    return {case.id: run_case(case, base / case.id) for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_bad_input_is_refused_or_built_as_it_should(results, case: Case):
    result = results[case.id]
    for command, outcome in result.outcomes.items():
        assert "Traceback" not in outcome.output and "internal error" not in outcome.output, outcome.output
        assert outcome.status == case.expect[command], (command, outcome.status, outcome.output)
        if outcome.status:
            assert not outcome.site_written, command
            pattern = FOLDER_LEVEL if case.targets == [] else LOCATED
            errors = [pattern.match(line) for line in outcome.output.splitlines() if pattern.match(line)]
            assert errors, f"{command}: no `file:line:col: error:` line in\n{outcome.output}"
            for error in errors:
                assert " — " in error["msg"], f"{command}: no 'what — how to fix' in {error.group(0)}"
                if case.targets != []:  # a file, not the folder, is at fault: its line is known
                    assert int(error["line"]) >= 1, error.group(0)
                    assert error["path"].startswith("tei/"), error.group(0)
    validate = result.outcomes.get("validate")
    if case.rule and validate is not None:
        assert case.rule in {p["rule"] for p in validate.problems if p["sev"] == "error"}, validate.output
    if case.built:
        assert result.outcomes["preview"].site_written


def test_nothing_outside_the_project_is_read_and_no_request_is_made(results):
    """Files with a marker sit beside tei/ and a web server waits on 127.0.0.1: entities, DTDs and XIncludes
    point at them. The marker appears in no message and no output, and the server is never asked."""
    assert Trap.requests == []
    for result in results.values():
        for outcome in result.outcomes.values():
            assert MARKER not in outcome.output
            assert not outcome.marker_in_site, (result.case.id, outcome.command)


def test_the_documents_own_entities_are_text_of_the_document(results):
    pages = results["internal-entity"].outcomes["build"].site_pages
    assert "(Natalia Sedova) Before his death" in re.sub(r"<[^>]+>", "", pages["sedova-1941-davies/index.html"])


def _own_script(element) -> bool:
    """The site's own script file, or its JSON-LD metadata (data that parses as JSON, never run)."""
    own = {f"{up}static/{name}" for up in ("", "../") for name in ("edition.js", "search.js")}
    if element.get("src") in own and not (element.text or "").strip():
        return True
    if element.get("type") == "application/ld+json" and not element.get("src"):
        try:
            json.loads(element.text or "")
        except ValueError:
            return False
        return True
    return False


def _own_search_form(element) -> bool:
    """The site's search field (templates/base.html, search.html): a GET form to its own search page."""
    return element.tag == "form" and element.get("action") in ("search.html", "../search.html") \
        and element.get("method") == "get" and element.get("role") == "search"


def _hostile_findings(page: str) -> list[str]:
    """Anything in a built page that could run code or leave the site through the source's addresses."""
    doc = lxml_html.document_fromstring(page)
    found = []
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag == "script" and not _own_script(element):
            found.append(f"script element {lxml_html.tostring(element)[:80]!r}")
        if tag in ("iframe", "object", "embed", "base", "form", "svg", "math", "frame", "frameset", "img") \
                and not _own_search_form(element):
            found.append(f"<{tag}> element")
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            found.append("meta refresh")
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                found.append(f"event handler {name}={value!r}")
            if name.lower() in URL_ATTRIBUTES and not is_safe_url(value):
                found.append(f"{name}={value!r} on <{tag}>")
            if name.lower() == "style" and re.search(r"url\s*\(|expression", value, re.IGNORECASE):
                found.append(f"style={value!r}")
    return found


@pytest.mark.parametrize("case_id", ["script-links", "script-pointers", "script-markup", "script-header"])
def test_hostile_content_becomes_text_and_nothing_that_runs(results, case_id):
    outcome = results[case_id].outcomes["preview"]
    assert outcome.site_pages
    for name, page in outcome.site_pages.items():
        assert _hostile_findings(page) == [], name
    page = outcome.site_pages["sedova-1941-davies/index.html"]
    text = lxml_html.document_fromstring(page).text_content()
    words = {"script-links": ["one", "two", "three", "four", "five", "seven", "eight"],
             "script-pointers": ["quoted", "local"],
             "script-header": ["</script><script>alert(1)</script>", "<b onmouseover=alert(2)>"],
             "script-markup": ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "alert(3)", "five",
                               "alert(7)", "</p><script>alert(8)</script>", "ten", "eleven", "twelve"]}[case_id]
    for word in words:  # the source's words are all there, as text
        assert word in text, word


def test_the_hostile_checks_find_what_they_look_for():
    """The checker above is not blind: a page with each hazard is caught."""
    page = ('<html><head><script>alert(1)</script><script type="application/ld+json">{"a": "</script>'
            '<script>alert(2)</script>"}</script></head><body><a href="javascript:alert(1)">x</a>'
            '<p onclick="alert(2)">y</p><iframe src="x"></iframe><a href=" JAVA&#9;SCRIPT:x">z</a></body></html>')
    assert len(_hostile_findings(page)) == 7


def test_the_build_depends_on_python_packages_alone(monkeypatch):
    """No module of the pipeline starts another program (java, chromium, pdftotext …), except the search index's
    Pagefind, whose program the `pagefind_bin` package installs."""
    import pagefind_bin

    from edition.search import pagefind_binary

    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    assert pagefind_binary().resolve().parent == Path(pagefind_bin.__file__).resolve().parent
    allowed = {"search.py: import subprocess"}  # (the one program, run by edition.search.run_pagefind)
    forbidden_modules = {"subprocess", "pty", "pexpect", "sh", "plumbum"}
    forbidden_calls = {"system", "popen", "spawnl", "spawnlp", "spawnv", "spawnvp", "execv", "execvp", "execl",
                       "execlp", "startfile", "posix_spawn", "posix_spawnp"}
    offenders = []
    for path in [PROJECT_ROOT / "build.py", *sorted((PROJECT_ROOT / "edition").rglob("*.py"))]:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                offenders += [f"{path.name}: import {a.name}" for a in node.names
                              if a.name.split(".")[0] in forbidden_modules]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in forbidden_modules:
                offenders.append(f"{path.name}: from {node.module} import …")
            elif isinstance(node, ast.Attribute) and node.attr in forbidden_calls \
                    and isinstance(node.value, ast.Name) and node.value.id == "os":
                offenders.append(f"{path.name}: os.{node.attr}")
    assert [o for o in offenders if o not in allowed] == []


def test_the_report_of_bad_inputs_is_current(results):
    expected = render(list(results.values()))
    current = REPORT.read_text(encoding="utf-8") if REPORT.is_file() else ""
    assert current == expected, (f"{REPORT.relative_to(PROJECT_ROOT)} is out of date — regenerate it with "
                                 f"`python tests/bad_input_report.py`")


def test_every_case_has_its_own_name():
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))
    assert all(Path(c.id).name == c.id and re.fullmatch(r"[a-z0-9-]+", c.id) for c in CASES)


def test_a_problem_is_always_one_line():
    """Values from the source (a newline in an attribute, a right-to-left override) cannot split a message
    or forge another `file:line:col:` line."""
    from edition.errors import Problem

    forged = 'x="a\ntei/other.xml:1:1: error: forged — ok" and \u202eevil'
    line = Problem("tei/a.xml", 3, 4, "error", "rng", forged).format()
    assert "\n" not in line and "\u202e" not in line
    assert line.startswith("tei/a.xml:3:4: error: ") and "\\u000a" in line and "\\u202e" in line


def _pdf_actions(reader) -> list[tuple[str, str]]:
    """(action type, target) of every action in the PDF: link annotations, page and document actions."""
    from pypdf.generic import DictionaryObject, IndirectObject

    found = []
    seen: set[int] = set()

    def walk(node, depth=0):
        if isinstance(node, IndirectObject):
            if node.idnum in seen or depth > 60:
                return
            seen.add(node.idnum)
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            if "/S" in node and node.get("/Type") in (None, "/Action"):
                found.append((str(node["/S"]), str(node.get("/URI") or node.get("/JS") or node.get("/F") or "")))
            for key, value in node.items():
                if key not in ("/Parent", "/P"):
                    walk(value, depth + 1)
        elif isinstance(node, list):
            for item in node:
                walk(item, depth + 1)

    walk(reader.trailer["/Root"])
    return found


def test_the_pdf_of_hostile_content_links_only_allowed_addresses(tmp_path):
    """The print edition of a source full of script links and markup: its only actions are jumps inside
    the document and links to allowed addresses; no JavaScript, launch or form action anywhere."""
    import contextlib
    import io

    from bad_inputs import HOSTILE_LINKS, HOSTILE_MARKUP, HOSTILE_POINTERS, essay_with
    from pypdf import PdfReader

    from edition.cli import main

    source = tmp_path / "sedova-1941-davies.xml"
    source.write_bytes(essay_with(HOSTILE_LINKS + HOSTILE_POINTERS + HOSTILE_MARKUP
                                  + '<ref target="https://example.org/allowed">an allowed link</ref> '))
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = main(["pdf", str(source), "--lenient", "--out", str(tmp_path / "site"), "--jobs", "1",
                       "--no-progress"])
    assert status == 0, out.getvalue()
    reader = PdfReader(tmp_path / "site" / "sedova-1941-davies" / "sedova-1941-davies.pdf")
    actions = _pdf_actions(reader)
    uris = [target for kind, target in actions if kind == "/URI"]
    assert "https://example.org/allowed" in uris  # links are made, so the check below sees them
    assert all(is_safe_url(uri) for uri in uris), uris
    assert {kind for kind, _ in actions} <= {"/URI", "/GoTo"}, actions
    catalog = reader.trailer["/Root"]
    assert "/OpenAction" not in catalog and "/AA" not in catalog
    assert "/JavaScript" not in (catalog.get("/Names") or {})
    text = "".join(page.extract_text() for page in reader.pages)
    for word in ("alert(3)", "alert(7)", "eleven", "seven"):
        assert word in text, word


@pytest.mark.parametrize("encoding, mark", [("utf-8", b"\xef\xbb\xbf"), ("utf-16", b"")])
def test_a_byte_order_mark_does_not_shift_the_columns(validator, tmp_path, encoding, mark):
    """Problems on the first line keep their columns when the file starts with a byte-order mark (or is
    UTF-16, whose codec writes one)."""
    text = ('<?xml version="1.0"?><TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="t" '
            'xml:lang="en"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt></fileDesc></teiHeader>'
            '<text><body><p>x</p></body></text></TEI>')
    plain, marked = tmp_path / "plain" / "t.xml", tmp_path / "marked" / "t.xml"
    for path in (plain, marked):
        path.parent.mkdir()
    plain.write_bytes(text.encode("utf-8"))
    marked.write_bytes(mark + text.encode(encoding))
    expected = [(p.line, p.column, p.rule) for p in validator.validate_file(plain).problems]
    found = [(p.line, p.column, p.rule) for p in validator.validate_file(marked).problems]
    assert expected and any(column > 1 for _, column, _ in expected)
    assert found == expected
