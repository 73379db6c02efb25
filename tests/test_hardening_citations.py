"""Every citation file reads back in its own reader, whatever the header holds: a property test over hostile titles,
names, publishers and keywords (braces alone, "@", "%", backslashes, "and", commas, line breaks, quotes, markup,
scripts from right to left). BibTeX is read with pybtex, RIS with rispy, CSL-JSON against the official schema
(../shared/schemas/csl-data.json), Dublin Core and MODS with lxml; each must give back the title as written."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from support import shared_file

from edition.citation import bibtex, csl_json, ris
from edition.metadata import read_metadata
from edition.records import mods_record, oai_dc_record
from edition.xmlsafe import parse_file

SOURCE = Path(__file__).resolve().parent.parent / "tei" / "sedova-1941-davies.xml"
BASE = "https://example.org/sedova/"
HOSTILE = ["{", "}", "@", "%", "\\", "$", "#", "&", "_", "~", "^", '"', "'", ",", " and ", "\n", "\r\n", "\t",
           "ER  - ", "TY  - ", "@comment{", "}}", "{{", "<", ">", "&amp;", "]]>", "«", "’", "–", "עברית", "😀",
           "\u2028", "\u00a0", "\\{", "\\}"]


def xml_characters() -> st.SearchStrategy[str]:
    """What a TEI header's text may hold (XML characters; no C0 or C1 controls: the parser refuses those)."""
    ordinary = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
    return st.lists(st.one_of(st.sampled_from(HOSTILE), ordinary), min_size=1, max_size=12).map("".join)


def one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def meta():
    return read_metadata(parse_file(SOURCE))


def debibtex(value: str) -> str:
    """A BibTeX value as text: the escapes edition.citation writes undone, the grouping braces dropped."""
    commands = {"textbackslash": "\\", "textbraceleft": "{", "textbraceright": "}", "textasciitilde": "~",
                "textasciicircum": "^"}
    out = []
    for match in re.finditer(r"\\([A-Za-z]+)\{\}|\\([&%$#_])|([{}])|(.)", value, re.DOTALL):
        command, escaped, brace, char = match.groups()
        out.append(commands[command] if command else escaped or ("" if brace else char))
    return "".join(out)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=xml_characters(), author=xml_characters(), surname=xml_characters(), forename=xml_characters(),
       publisher=xml_characters(), keyword=xml_characters(), literal=st.booleans())
def test_every_citation_file_reads_back_in_its_reader(meta, title, author, surname, forename, publisher, keyword,
                                                        literal):
    import jsonschema
    import rispy
    from pybtex.database import parse_string

    if not title.strip():
        title = "x" + title
    hostile = dataclasses.replace(meta, title=title, author=author, publisher=publisher, keywords=[keyword],
                                  author_surname="" if literal else surname,
                                  author_forename="" if literal else forename)

    bib = bibtex(hostile, BASE)
    database = parse_string(bib, "bibtex")  # raises on anything BibTeX would misread
    assert list(database.entries) == [meta.doc_id]
    entry = database.entries[meta.doc_id]
    assert debibtex(entry.fields["title"]) == one_line(title)
    if publisher.strip():
        assert debibtex(entry.fields["publisher"]) == one_line(publisher)
    people = entry.persons["author"]
    assert len(people) == 1  # never split into two authors by an "and" or a comma in the name

    [record] = rispy.loads(ris(hostile, BASE))
    assert record["title"] == one_line(title)
    assert record["type_of_reference"] == "ELEC" and record["id"] == meta.doc_id

    schema = json.loads(shared_file("schemas/csl-data.json").read_text(encoding="utf-8"))
    items = json.loads(csl_json(hostile, BASE))
    assert not list(jsonschema.Draft7Validator(schema).iter_errors(items))
    assert items[0]["title"] == title

    for record in (oai_dc_record(hostile, BASE), mods_record(hostile, BASE)):
        root = etree.fromstring(record)
        titles = root.xpath("//*[local-name() = 'title']/text()")
        assert title in titles or one_line(title) in titles, titles


def test_the_bibtex_comment_holds_no_at_sign(meta):
    """A title holding an e-mail address (issue 14): "@" outside an entry starts one."""
    from pybtex.database import parse_string

    bib = bibtex(dataclasses.replace(meta, title="Letters to trotsky@example.org {draft"), BASE)
    assert "@" not in bib.splitlines()[0] and "trotsky(at)example.org" in bib.splitlines()[0]
    assert list(parse_string(bib, "bibtex").entries) == [meta.doc_id]


def test_a_line_break_in_a_value_cannot_end_an_ris_record(meta):
    import rispy

    text = ris(dataclasses.replace(meta, title="One\r\nER  - \r\nTY  - BOOK\r\nTI  - Two"), BASE)
    [record] = rispy.loads(text)
    assert record["title"] == "One ER - TY - BOOK TI - Two"
