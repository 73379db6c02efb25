"""Citations: the files (BibTeX, RIS, CSL-JSON) parse and agree with each other and with the TEI header; the
page's head metadata reads as Zotero reads it; the "how to cite" section says what a scholar needs."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs

import jinja2
import pytest
from lxml import etree
from lxml import html as lxml_html

from edition import NS, TEMPLATES_DIR
from edition.citation import (
    bibtex,
    chicago_date,
    citation_files,
    csl_items,
    csl_json,
    mla_date,
    page_context,
    print_citations,
    ris,
    slash_date,
)
from edition.metadata import read_metadata
from edition.records import dublin_core_elements
from edition.xmlsafe import parse_file
from tests.support import shared_file

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tei" / "sedova-1941-davies.xml"
BASE = "https://example.org/sedova/"


@pytest.fixture(scope="module")
def meta():
    return read_metadata(parse_file(SOURCE))


# --- the header, read independently of edition.metadata -----------------------------------------------

def _t(root, path: str) -> str:
    return " ".join(root.xpath(f"string({path})", namespaces=NS).split())


def _author_as_cited(root) -> str:
    """The author as a citation gives it: "Surname, Forename" when the header marks the parts, else as written."""
    pers = "tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:author/tei:persName"
    surname = _t(root, f"{pers}/tei:surname")
    forename = " ".join(root.xpath(f"{pers}/tei:forename/text()", namespaces=NS))
    if surname:
        return f"{surname}, {forename}" if forename else surname
    return _t(root, "tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:author")


@pytest.fixture(scope="module")
def header() -> dict:
    root = parse_file(SOURCE).getroot()
    bs = "tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:biblStruct"
    scope = f"{bs}/tei:monogr/tei:biblScope"
    doc_id = root.get("{http://www.w3.org/XML/1998/namespace}id")
    return {
        "doc_id": doc_id,
        "title": _t(root, "tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type='main']"),
        "author": _author_as_cited(root),
        "author_natural": _t(root, "tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:author"),
        "author_surname": _t(root, "tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:author/tei:persName/tei:surname"),
        "author_forename": " ".join(root.xpath(
            "tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:author/tei:persName/tei:forename/text()", namespaces=NS)),
        "journal": _t(root, f"{bs}/tei:monogr/tei:title"),
        "volume": _t(root, f"{scope}[@unit='volume']/@n"),
        "issue": _t(root, f"{scope}[@unit='issue']/@n"),
        "pages": f"{_t(root, scope + '[@unit=' + chr(39) + 'page' + chr(39) + ']/@from')}-"
                 f"{_t(root, scope + '[@unit=' + chr(39) + 'page' + chr(39) + ']/@to')}",
        "date": _t(root, f"{bs}/tei:monogr/tei:imprint/tei:date/@when"),
        "version": _t(root, "tei:teiHeader/tei:fileDesc/tei:editionStmt/tei:edition/@n"),
        "edition_date": _t(root, "tei:teiHeader/tei:fileDesc/tei:editionStmt/tei:edition/tei:date/@when"),
        "publisher": _t(root, "tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:publisher"),
        "language": _t(root, "tei:teiHeader/tei:profileDesc/tei:langUsage/tei:language/@ident"),
        "url": f"{BASE}{doc_id}/",
        "keywords": [" ".join(k.split()) for k in root.xpath(
            "tei:teiHeader/tei:profileDesc/tei:textClass/tei:keywords/tei:term/text()", namespaces=NS)],
        "transcriber": _t(root, "tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:respStmt[tei:resp/@key='trc']"
                                "/tei:persName"),
        "online_title": _t(root, "tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl[@type='online']/tei:title"),
        "proofreader": _t(root, "tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:respStmt[tei:resp/@key='pfr']"
                                "/tei:persName"),
    }


# --- small parsers, written here so the files are read as a stranger's tool would read them ------------

def _braced(text: str, start: int) -> tuple[str, int]:
    """The content of the balanced {…} group opening at `start`, and the index after it."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{" and text[i - 1] != "\\":
            depth += 1
        elif text[i] == "}" and text[i - 1] != "\\":
            depth -= 1
            if depth == 0:
                return text[start + 1:i], i + 1
    raise ValueError(f"unbalanced braces from {start}")


def _debrace(value: str) -> str:
    value = re.sub(r"(?<!\\)[{}]", "", value)
    return re.sub(r"\\([&%$#_{}])", r"\1", value)


def parse_bibtex(text: str) -> list[tuple[str, str, dict[str, str]]]:
    entries = []
    for match in re.finditer(r"^@(\w+)\{([^,\s]+),", text, re.MULTILINE):
        body_start = match.start() + len(match.group(0)) - len(match.group(2)) - 2
        body, _ = _braced(text, body_start)
        fields: dict[str, str] = {}
        pos = body.index(",") + 1
        while True:
            m = re.compile(r"\s*(\w+)\s*=\s*").match(body, pos)
            if not m:
                break
            name, pos = m.group(1).lower(), m.end()
            if body[pos] == "{":
                value, pos = _braced(body, pos)
            else:
                bare = re.compile(r"[\w.-]+").match(body, pos)
                value, pos = bare.group(0), bare.end()
            assert name not in fields, f"field {name} twice"
            fields[name] = value
            pos = re.compile(r"\s*,?").match(body, pos).end()
        assert not body[pos:].strip(), f"unparsed BibTeX: {body[pos:]!r}"
        entries.append((match.group(1).lower(), match.group(2), fields))
    return entries


def parse_ris(text: str) -> list[dict[str, list[str]]]:
    records, current = [], None
    for line in text.split("\r\n"):
        if not line.strip():
            continue
        m = re.fullmatch(r"([A-Z][A-Z0-9])  - ?(.*)", line)
        assert m, f"not a RIS line: {line!r}"
        tag, value = m.groups()
        if tag == "TY":
            assert current is None, "TY inside a record"
            current = {}
        assert current is not None, f"{tag} outside a record"
        if tag == "ER":
            records.append(current)
            current = None
        else:
            current.setdefault(tag, []).append(value)
    assert current is None, "record without ER"
    return records


BIBTEX_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def common_from_bibtex(fields: dict[str, str]) -> dict:
    return {"title": _debrace(fields["title"]), "author": _debrace(fields["author"]),
            "container": _debrace(fields["organization"]), "publisher": _debrace(fields["publisher"]),
            "date": fields["date"], "url": fields.get("url"), "version": fields.get("version")}


def common_from_ris(rec: dict[str, list[str]]) -> dict:
    return {"title": rec["TI"][0], "author": rec["AU"][0], "container": rec["T2"][0], "publisher": rec["PB"][0],
            "date": rec["DA"][0].replace("/", "-").rstrip("-"), "url": rec.get("UR", [None])[0],
            "version": rec["ET"][0].removeprefix("version ")}


def common_from_csl(item: dict) -> dict:
    author = item["author"][0]
    return {"title": item["title"], "author": author.get("literal") or f"{author['family']}, {author['given']}",
            "container": item["container-title"], "publisher": item.get("publisher"),
            "date": "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(item["issued"]["date-parts"][0])),
            "url": item.get("URL"), "version": item.get("version")}


# --- the files ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("base", [BASE, ""])
def test_csl_json_is_valid_against_the_official_schema(meta, base):
    import jsonschema
    schema = json.loads(shared_file("schemas/csl-data.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    data = json.loads(csl_json(meta, base))
    errors = [f"{list(e.path)}: {e.message}" for e in jsonschema.Draft7Validator(schema).iter_errors(data)]
    assert not errors
    # the validator is not vacuous: a wrong type is caught
    broken = json.loads(csl_json(meta, base))
    broken[0]["author"] = meta.author
    assert list(jsonschema.Draft7Validator(schema).iter_errors(broken))


def test_bibtex_ris_and_csl_cite_the_edition_and_agree_with_the_header(meta, header):
    """What is cited is the electronic edition: its title, author, the edition as container and publisher, its
    version, its date and its address; not the 1942 journal article."""
    bib = parse_bibtex(bibtex(meta, BASE))
    ris_records = parse_ris(ris(meta, BASE))
    csl = json.loads(csl_json(meta, BASE))
    assert [key for _, key, _ in bib] == [r["ID"][0] for r in ris_records] == [i["id"] for i in csl] == [
        header["doc_id"]]
    expected = {"title": header["title"], "author": header["author"], "container": header["publisher"],
                "publisher": header["publisher"], "date": header["edition_date"], "url": header["url"],
                "version": header["version"]}
    for record in (common_from_bibtex(bib[0][2]), common_from_ris(ris_records[0]), common_from_csl(csl[0])):
        assert record == expected
    assert bib[0][0] == "online" and ris_records[0]["TY"] == ["ELEC"] and csl[0]["type"] == "webpage"
    for journal_field in ("journal", "volume", "number", "pages"):
        assert journal_field not in bib[0][2]
    assert not {"VL", "IS", "SP", "EP"} & set(ris_records[0])
    assert not {"volume", "issue", "page"} & set(csl[0])


def test_each_format_records_the_transcription_and_the_printing_as_related_items(meta, header):
    """The online transcription the edition was made from and the first printing, in each format's own way."""
    (_, _key, fields), = parse_bibtex(bibtex(meta, BASE))
    rec = parse_ris(ris(meta, BASE))[0]
    csl = csl_items(meta, BASE)[0]
    assert csl["archive"] == header["online_title"] and rec["DB"] == [header["online_title"]]
    assert csl["original-title"] == header["title"]
    assert "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(csl["original-date"]["date-parts"][0])) \
        == header["date"]
    assert rec["OP"][0].startswith(header["journal"]) and "pp. 9–11" in rec["OP"][0]
    for note in (_debrace(fields["note"]), rec["N1"][0], csl["note"]):
        assert header["online_title"] in note and header["journal"] in note
        assert header["transcriber"] in note and header["proofreader"] in note
        assert "transcriber" in note and "proofreader" in note
    assert header["publisher"] in _debrace(fields["howpublished"])
    assert [c["literal"] for c in csl["contributor"]] == [header["transcriber"], header["proofreader"]]
    assert rec["KW"] == header["keywords"] and csl["language"] == header["language"]


def test_without_a_base_url_no_file_carries_a_url(meta):
    assert "url" not in parse_bibtex(bibtex(meta, ""))[0][2]
    assert "UR" not in parse_ris(ris(meta, ""))[0]
    assert "URL" not in json.loads(csl_json(meta, ""))[0]


def test_bibtex_escapes_special_characters_and_protects_capitals(meta):
    odd = dataclasses.replace(meta, title="Profits & Losses: 50% of #1_Trials {in} Moscow")
    [(_, _, fields)] = parse_bibtex(bibtex(odd, BASE))
    assert r"\&" in fields["title"] and r"\%" in fields["title"]
    assert r"\textbraceleft{}in\textbraceright{}" in fields["title"]  # (BibTeX counts \{ as a brace: not balanced)
    assert "{Moscow}" in fields["title"]
    literal = fields["title"].replace(r"\textbraceleft{}", r"\{").replace(r"\textbraceright{}", r"\}")
    assert _debrace(literal) == odd.title  # escaped braces are literal braces


def test_author_name_parts_are_used_when_the_source_marks_them(tmp_path):
    copy = tmp_path / SOURCE.name
    shutil.copyfile(SOURCE, copy)
    tree = etree.parse(str(copy))
    pers = tree.find(".//tei:titleStmt/tei:author/tei:persName", NS)
    pers.text = None
    for child in list(pers):
        pers.remove(child)
    for tag, value, tail in (("forename", "Natalia", " "), ("surname", "Sedova", None)):
        el = etree.SubElement(pers, f"{{{NS['tei']}}}{tag}")
        el.text, el.tail = value, tail
    meta = read_metadata(tree)
    assert (meta.author_forename, meta.author_surname) == ("Natalia", "Sedova")
    assert csl_items(meta, BASE)[0]["author"] == [{"family": "Sedova", "given": "Natalia"}]
    assert parse_bibtex(bibtex(meta, BASE))[0][2]["author"] == "Sedova, Natalia"
    assert parse_ris(ris(meta, BASE))[0]["AU"] == ["Sedova, Natalia"]
    assert page_context(meta, BASE)["edition"][0].text.startswith("Sedova, Natalia. “")


def test_a_text_without_a_printed_source_is_cited_as_the_edition_alone(tmp_path):
    import jsonschema
    tree = etree.parse(str(SOURCE))
    bs = tree.find(".//tei:sourceDesc/tei:biblStruct", NS)
    bs.getparent().remove(bs)
    meta = read_metadata(tree)
    items = csl_items(meta, BASE)
    assert len(items) == 1 and items[0]["type"] == "webpage" and items[0]["publisher"] == meta.publisher
    assert not [k for k in items[0] if k.startswith("original-")]
    schema = json.loads(shared_file("schemas/csl-data.json").read_text(encoding="utf-8"))
    assert not list(jsonschema.Draft7Validator(schema).iter_errors(items))
    assert [k for _, k, _ in parse_bibtex(bibtex(meta, BASE))] == [meta.doc_id]
    assert parse_ris(ris(meta, BASE))[0]["TY"] == ["ELEC"] and "OP" not in parse_ris(ris(meta, BASE))[0]
    context = page_context(meta, BASE)
    assert context["original"] == [] and not [n for n, _ in context["highwire"] if "journal" in n]


def test_citation_files_are_deterministic(meta):
    a = dict(citation_files(meta, BASE))
    assert dict(citation_files(meta, BASE)) == a and len(a) == 5


# --- dates --------------------------------------------------------------------------------------------

def test_dates_in_each_style():
    assert chicago_date("1942-01") == "January 1942" and chicago_date("2026-11-24") == "November 24, 2026"
    assert mla_date("1942-01") == "Jan. 1942" and mla_date("2026-09-03") == "3 Sept. 2026"
    assert slash_date("1942-01") == "1942/01" and slash_date("1941") == "1941"


# --- the page: head metadata as Zotero reads it, and "how to cite" ---------------------------------------

def environment() -> jinja2.Environment:
    """The settings of the site's template environment: autoescape on, undefined variables are errors."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render_page(meta, base: str) -> lxml_html.HtmlElement:
    env = environment()
    context = {"meta": meta, "doc_id": meta.doc_id, "base_url": base, "citation": page_context(meta, base)}
    head = env.get_template("partials/citation-head.html").render(context)
    body = env.get_template("partials/citation-body.html").render(context)
    page = f"<!DOCTYPE html><html lang='en'><head><title>t</title>{head}</head><body>{body}</body></html>"
    return lxml_html.document_fromstring(page)


HIGHWIRE_TO_ZOTERO = {"citation_title": "title", "citation_publication_date": "date", "citation_date": "date",
                      "citation_journal_title": "publicationTitle", "citation_volume": "volume",
                      "citation_issue": "issue", "citation_public_url": "url", "citation_language": "language",
                      "citation_publisher": "publisher"}


def read_as_zotero(page: lxml_html.HtmlElement) -> dict:
    """What Zotero's embedded-metadata import takes from <head>: Highwire tags first, DC to fill gaps."""
    metas = [(m.get("name"), m.get("content")) for m in page.xpath("/html/head/meta[@name][@content]")]
    item: dict = {"creators": [], "tags": []}
    for name, content in metas:
        if name in HIGHWIRE_TO_ZOTERO:
            item[HIGHWIRE_TO_ZOTERO[name]] = content
        elif name == "citation_author":
            item["creators"].append(content)
        elif name == "citation_keywords":
            item["tags"].append(content)
    first = dict(metas).get("citation_firstpage")
    last = dict(metas).get("citation_lastpage")
    if first:
        item["pages"] = f"{first}-{last}" if last else first
    item["itemType"] = "journalArticle" if "citation_journal_title" in dict(metas) else "webpage"
    if "date" not in item:
        item["date"] = dict(metas).get("citation_online_date") or dict(metas).get("DC.date")
    return item


def test_head_metadata_reads_as_zotero_reads_it(meta, header):
    """Zotero's import of the page's metadata yields the record the citation files hold: the same fields."""
    item = read_as_zotero(render_page(meta, BASE))
    csl = common_from_csl(csl_items(meta, BASE)[0])
    assert item["itemType"] == "webpage" and "publicationTitle" not in item
    assert item["title"] == csl["title"] == header["title"]
    assert item["creators"] == [csl["author"]] == [header["author"]]
    assert item["date"].replace("/", "-") == csl["date"] == header["edition_date"]
    assert item["publisher"] == csl["publisher"] == header["publisher"]
    assert item["url"] == csl["url"] == header["url"]
    assert item["language"] == header["language"]
    assert item["tags"] == header["keywords"]


def test_json_ld_describes_the_record_of_the_files(meta):
    (script,) = render_page(meta, BASE).xpath("/html/head/script[@type='application/ld+json']")
    data = json.loads(script.text)
    csl = common_from_csl(csl_items(meta, BASE)[0])
    assert (data["name"], data["url"], data["version"], data["datePublished"]) == (
        csl["title"], csl["url"], csl["version"], csl["date"])
    assert data["publisher"]["name"] == csl["publisher"] and data["isPartOf"]["name"] == csl["container"]
    assert data["author"]["name"] == meta.author


def test_head_has_dublin_core_with_its_schema_and_json_ld(meta, header):
    page = render_page(meta, BASE)
    assert page.xpath("/html/head/link[@rel='schema.DC']/@href") == ["http://purl.org/dc/elements/1.1/"]
    dc = [(m.get("name"), m.get("content")) for m in page.xpath("/html/head/meta[starts-with(@name, 'DC.')]")]
    assert dc == [(f"DC.{k}", v) for k, v in dublin_core_elements(meta, BASE)]
    assert ("DC.title", header["title"]) in dc and ("DC.date", header["edition_date"]) in dc
    (script,) = page.xpath("/html/head/script[@type='application/ld+json']")
    data = json.loads(script.text)
    assert data["@context"] == "https://schema.org" and data["url"] == header["url"]
    assert data["version"] == header["version"] and data["datePublished"] == header["edition_date"]
    assert data["publisher"]["name"] == header["publisher"]
    roles = {(r["roleName"], r["contributor"]["name"]) for r in data["contributor"]}
    assert ("Transcriber", header["transcriber"]) in roles and ("Proofreader", header["proofreader"]) in roles
    printing = data["isBasedOn"][0]
    assert printing["datePublished"] == header["date"] and printing["name"] == header["title"]
    issue = printing["isPartOf"]
    assert issue["issueNumber"] == header["issue"]
    assert issue["isPartOf"]["volumeNumber"] == header["volume"]
    assert issue["isPartOf"]["isPartOf"] == {"@type": "Periodical", "name": header["journal"]}
    assert f"{printing['pageStart']}-{printing['pageEnd']}" == header["pages"]


def test_one_coins_span_agrees_with_the_header(meta, header):
    page = render_page(meta, BASE)
    (span,) = page.xpath("//span[@class='Z3988']")
    kev = {k: v[0] for k, v in parse_qs(span.get("title"), strict_parsing=True).items()}
    assert kev["ctx_ver"] == "Z39.88-2004" and kev["rft_val_fmt"] == "info:ofi/fmt:kev:mtx:dc"
    assert kev["rft.title"] == header["title"] and kev["rft.date"] == header["edition_date"]
    assert kev["rft.publisher"] == header["publisher"] and kev["rft.source"].startswith(header["journal"])
    if header["author_surname"]:
        assert (kev["rft.aulast"], kev["rft.aufirst"]) == (header["author_surname"], header["author_forename"])
    else:
        assert kev["rft.au"] == header["author"]
    assert kev["rft_id"] == header["url"]


def test_without_a_base_url_the_head_claims_no_address(meta):
    page = render_page(meta, "")
    names = page.xpath("/html/head/meta/@name")
    assert "citation_public_url" not in names
    assert not [c for c in page.xpath("/html/head/meta/@content") if "://" in c]
    assert "example.org" not in lxml_html.tostring(page, encoding="unicode")


def test_how_to_cite_gives_edition_and_original_in_chicago_and_mla(meta, header):
    page = render_page(meta, BASE)
    (section,) = page.xpath("//section[@id='ed-cite']")
    citations = ["".join(p.itertext()) for p in section.xpath(".//p[@class='ed-citation']")]
    chicago_ed, mla_ed, chicago_orig, mla_orig = citations[:4]
    for c in (chicago_ed, mla_ed, chicago_orig, mla_orig):
        assert f"“{header['title']}.”" in c and header["journal"] in c and c.startswith(header["author"])
    assert f"{header['journal']} 3, no. 1 (January 1942): 9–11." in chicago_orig
    assert f"{header['journal']}, vol. 3, no. 1, Jan. 1942, pp. 9–11." in mla_orig
    assert f"version {header['version']}" in chicago_ed and header["url"] in chicago_ed
    assert f"version {header['version']}" in mla_ed and header["url"].split("://")[1] in mla_ed
    assert header["url"] not in chicago_orig and "version" not in mla_orig
    italic = section.xpath(".//p[@class='ed-citation']/i/text()")
    assert italic.count(header["journal"]) == 4
    hrefs = section.xpath(".//p[@class='ed-citation']/a/@href")
    assert hrefs == [header["url"], header["url"]]


def test_every_numbered_paragraph_has_a_citation_that_works_without_javascript(meta, header):
    page = render_page(meta, BASE)
    tei = parse_file(SOURCE).getroot()
    numbered = [(p.get("{http://www.w3.org/XML/1998/namespace}id"), p.get("n"))
                for p in tei.xpath("tei:text//tei:p[@n]", namespaces=NS)]
    rows = page.xpath("//details[@class='ed-cite-paragraphs']//tbody/tr")
    assert len(rows) == len(numbered) > 0
    for row, (uid, n) in zip(rows, numbered, strict=True):
        (link,) = row.xpath(".//a")
        assert link.get("href") == f"#{uid}" and link.text_content() == f"¶\u202f{n}"
        assert row.xpath("string(td[2])") == f"{header['url']}#{uid}"
    context = page_context(meta, BASE)
    for p, (uid, n) in zip(context["paragraphs"], numbered, strict=True):
        assert p["text"].startswith(header["author_natural"]) and f"¶ {n}, {header['url']}#{uid}." in p["text"]
    assert not page.xpath("//script[not(@type='application/ld+json')]")


def test_how_to_cite_links_every_citation_file(meta):
    page = render_page(meta, BASE)
    hrefs = page.xpath("//ul[@class='ed-cite-downloads']//a/@href")
    assert hrefs == [f"{meta.doc_id}{s}" for s in (".bib", ".ris", ".csl.json", ".dc.xml", ".mods.xml")] + [
        "ids.json"]


def test_the_templates_escape_what_they_render(meta):
    odd = dataclasses.replace(meta, title="<script>alert(1)</script> & Co.")
    page = render_page(odd, BASE)
    assert not page.xpath("//script[not(@type)]") and not page.xpath("//body//script")
    assert any("<script>" in (m.get("content") or "") for m in page.xpath("//meta[@name='citation_title']"))
    data = json.loads(page.xpath("//script[@type='application/ld+json']")[0].text)
    assert data["name"] == odd.title


def test_print_citations_for_the_colophon(meta, header):
    pairs = dict(print_citations(meta, BASE))
    assert header["url"] in pairs["Chicago, this edition"]
    assert pairs["MLA, original publication"].endswith("pp. 9–11.")
    assert any("¶ 1" in text for text in pairs.values())
