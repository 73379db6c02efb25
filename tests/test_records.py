"""Library records (oai_dc, MODS 3.8): each mapped field against the TEI header, and validity against the
official schemas in ../shared/schemas (loaded offline through its XML catalog)."""

from __future__ import annotations

import os
import re
import shutil
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from edition import NS
from edition.citation import citation_files
from edition.metadata import read_metadata
from edition.records import RELATOR_TERMS, RELATORS_URI, mods_record, oai_dc_record
from edition.xmlsafe import parse_file
from tests.support import SHARED, shared_file

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tei" / "sedova-1941-davies.xml"
BASE = "https://example.org/sedova/"
M = {"m": "http://www.loc.gov/mods/v3"}
DCNS = {"dc": "http://purl.org/dc/elements/1.1/", "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/"}

# libxml2 reads the catalog once, when it first needs it: set it before any schema of this process is parsed.
CATALOG = SHARED / "schemas" / "catalog.xml"
if CATALOG.exists():
    os.environ.setdefault("XML_CATALOG_FILES", str(CATALOG))


class _CatalogResolver(etree.Resolver):
    """Maps the schemas' remote imports to the local copies named by ../shared/schemas/catalog.xml, so the
    check stays offline even if libxml2 initialised its catalog before XML_CATALOG_FILES was set."""

    def __init__(self, catalog: Path) -> None:
        super().__init__()
        root = etree.parse(str(catalog)).getroot()
        self.map = {el.get("systemId") or el.get("name"): (catalog.parent / el.get("uri")).resolve()
                    for el in root if isinstance(el.tag, str) and el.get("uri")}

    def resolve(self, url, pubid, context):
        local = self.map.get(url)
        return self.resolve_filename(str(local), context) if local else None


@cache
def schema(name: str) -> etree.XMLSchema:
    path = shared_file(f"schemas/{name}")
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_CatalogResolver(shared_file("schemas/catalog.xml")))
    return etree.XMLSchema(etree.parse(str(path), parser))


def validate(name: str, data: bytes) -> None:
    xsd = schema(name)
    doc = etree.fromstring(data)
    assert xsd.validate(doc), f"{name}: {xsd.error_log}"


# --- the header, read independently of edition.metadata -------------------------------------------------

@pytest.fixture(scope="module")
def header():
    return parse_file(SOURCE).getroot().find("tei:teiHeader", NS)


def text(node, path: str) -> str:
    return " ".join(node.xpath(f"string({path})", namespaces=NS).split())


def as_cited(node, author_path: str) -> str:
    """A name as library records give it: "Surname, Forename" when the TEI marks the parts, else as written."""
    surname = text(node, f"{author_path}/tei:persName/tei:surname")
    forename = " ".join(node.xpath(f"{author_path}/tei:persName/tei:forename/text()", namespaces=NS))
    if surname:
        return f"{surname}, {forename}" if forename else surname
    return text(node, author_path)


def agents(header) -> list[tuple[str, list[str]]]:
    out = []
    for resp_stmt in header.xpath("tei:fileDesc/tei:titleStmt/tei:respStmt", namespaces=NS):
        name = text(resp_stmt, "tei:persName | tei:orgName")
        out.append((name, resp_stmt.xpath("tei:resp/@key", namespaces=NS)))
    return out


def official_relators() -> dict[str, str]:
    ttl = shared_file("schemas/marc-relators.ttl").read_text(encoding="utf-8")
    return dict(re.findall(r'<http://id\.loc\.gov/vocabulary/relators/([a-z]{3})> a ns1:Authority ;\s*'
                           r'ns1:authoritativeLabel "([^"]+)"', ttl))


@pytest.fixture(scope="module")
def meta():
    return read_metadata(parse_file(SOURCE))


# --- relator terms ------------------------------------------------------------------------------------

def test_relator_terms_are_those_of_the_library_of_congress_list():
    official = official_relators()
    assert len(official) > 200
    for code, term in RELATOR_TERMS.items():
        assert official.get(code) == term, code
    assert official["trc"] == "Transcriber" and official["pfr"] == "Proofreader"


def test_every_role_of_the_header_has_a_relator_term(header):
    for _name, keys in agents(header):
        for key in keys:
            assert key in RELATOR_TERMS, f"resp/@key {key!r} has no MARC relator term"


# --- validity -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("base", [BASE, ""])
def test_records_are_valid_against_the_official_schemas(meta, base):
    validate("oai_dc.xsd", oai_dc_record(meta, base))
    validate("mods-3-8.xsd", mods_record(meta, base))


def test_the_schemas_reject_an_invalid_record(meta):
    dc = etree.fromstring(oai_dc_record(meta, BASE))
    etree.SubElement(dc, "{http://purl.org/dc/elements/1.1/}author").text = "x"
    assert not schema("oai_dc.xsd").validate(dc)
    mods = etree.fromstring(mods_record(meta, BASE))
    mods.find(".//m:roleTerm", M).set("type", "abbreviation")
    assert not schema("mods-3-8.xsd").validate(mods)


def test_a_text_without_a_printed_source_gives_valid_records(tmp_path):
    copy = tmp_path / SOURCE.name
    shutil.copyfile(SOURCE, copy)
    tree = etree.parse(str(copy))
    bs = tree.find(".//tei:sourceDesc/tei:biblStruct", NS)
    bs.getparent().remove(bs)
    meta = read_metadata(tree)
    assert meta.printed_source is None
    mods = mods_record(meta, BASE)
    validate("mods-3-8.xsd", mods)
    validate("oai_dc.xsd", oai_dc_record(meta, BASE))
    assert not etree.fromstring(mods).xpath("m:relatedItem[@type='original']", namespaces=M)


# --- MODS, field by field -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def mods(meta):
    return etree.fromstring(mods_record(meta, BASE))


def m(node, path: str) -> list[str]:
    return [" ".join(x.split()) if isinstance(x, str) else " ".join("".join(x.itertext()).split())
            for x in node.xpath(path, namespaces=M)]


def test_mods_title_author_and_contributors(mods, header):
    assert m(mods, "m:titleInfo/m:title") == [text(header, "tei:fileDesc/tei:titleStmt/tei:title[@type='main']")]
    assert m(mods, "m:titleInfo/m:subTitle") == [text(header, "tei:fileDesc/tei:titleStmt/tei:title[@type='sub']")]
    author = mods.xpath("m:name[@usage='primary']", namespaces=M)
    assert len(author) == 1
    assert m(author[0], "m:namePart") == [as_cited(header, "tei:fileDesc/tei:titleStmt/tei:author")]
    assert m(author[0], "m:role/m:roleTerm[@type='code']") == ["aut"]
    official = official_relators()
    others = mods.xpath("m:name[not(@usage)]", namespaces=M)
    assert [(m(n, "m:namePart")[0], m(n, "m:role/m:roleTerm[@type='code']")) for n in others] == agents(header)
    for n in others:
        for role in n.xpath("m:role", namespaces=M):
            code = m(role, "m:roleTerm[@type='code']")[0]
            assert m(role, "m:roleTerm[@type='text']") == [official[code]]
            assert role.xpath("m:roleTerm[@type='code']/@valueURI", namespaces=M) == [f"{RELATORS_URI}/{code}"]
    kinds = {m(n, "m:namePart")[0]: n.get("type") for n in others}
    assert kinds["Mike Bessler"] == "personal" and kinds["Sedova Digital Edition"] == "corporate"
    by_name = dict(agents(header))
    assert "trc" in by_name["Mike Bessler"] and "pfr" in by_name["Einde O’Callaghan"]


def test_mods_publication_edition_language_and_identifiers(mods, header):
    origin = mods.xpath("m:originInfo[@eventType='publication']", namespaces=M)[0]
    assert m(origin, "m:publisher") == [text(header, "tei:fileDesc/tei:publicationStmt/tei:publisher")]
    assert m(origin, "m:dateIssued") == [text(header, "tei:fileDesc/tei:editionStmt/tei:edition/tei:date/@when")]
    assert m(origin, "m:edition") == [text(header, "tei:fileDesc/tei:editionStmt/tei:edition")]
    assert m(mods, "m:language/m:languageTerm") == [text(header, "tei:profileDesc/tei:langUsage/tei:language/@ident")]
    doc_id = text(header, "tei:fileDesc/tei:publicationStmt/tei:idno[@type='doc-id']")
    assert m(mods, "m:identifier[@type='local']") == [doc_id]
    assert m(mods, "m:identifier[@type='uri']") == [f"{BASE}{doc_id}/"]
    assert m(mods, "m:location/m:url") == [f"{BASE}{doc_id}/"]
    assert m(mods, "m:recordInfo/m:recordIdentifier") == [doc_id]
    assert m(mods, "m:accessCondition") == [text(header, "tei:fileDesc/tei:publicationStmt/tei:availability")]
    assert m(mods, "m:subject/m:topic") == [" ".join(t.split()) for t in header.xpath(
        "tei:profileDesc/tei:textClass/tei:keywords/tei:term/text()", namespaces=NS)]


def test_mods_original_publication_is_a_related_item(mods, header):
    (original,) = mods.xpath("m:relatedItem[@type='original']", namespaces=M)
    bs = "tei:fileDesc/tei:sourceDesc/tei:biblStruct"
    assert m(original, "m:titleInfo/m:title") == [text(header, f"{bs}/tei:analytic/tei:title")]
    assert m(original, "m:name/m:namePart") == [as_cited(header, f"{bs}/tei:analytic/tei:author")]
    assert m(original, "m:originInfo/m:dateIssued") == [text(header, f"{bs}/tei:monogr/tei:imprint/tei:date/@when")]
    assert m(original, "m:originInfo/m:dateCreated") == [text(header, "tei:profileDesc/tei:creation/tei:date/@when")]
    assert m(original, "m:originInfo/m:place/m:placeTerm") == [
        text(header, "tei:profileDesc/tei:creation/tei:placeName")]
    (host,) = original.xpath("m:relatedItem[@type='host']", namespaces=M)
    assert m(host, "m:titleInfo/m:title") == [text(header, f"{bs}/tei:monogr/tei:title")]
    part = host.find("m:part", M)
    scope = f"{bs}/tei:monogr/tei:biblScope"
    assert m(part, "m:detail[@type='volume']/m:number") == [text(header, f"{scope}[@unit='volume']/@n")]
    assert m(part, "m:detail[@type='issue']/m:number") == [text(header, f"{scope}[@unit='issue']/@n")]
    assert m(part, "m:extent[@unit='pages']/m:start") == [text(header, f"{scope}[@unit='page']/@from")]
    assert m(part, "m:extent[@unit='pages']/m:end") == [text(header, f"{scope}[@unit='page']/@to")]
    assert m(part, "m:date") == [text(header, f"{bs}/tei:monogr/tei:imprint/tei:date/@when")]
    (online,) = mods.xpath("m:relatedItem[@type='otherVersion']", namespaces=M)
    ob = "tei:fileDesc/tei:sourceDesc/tei:bibl[@type='online']"
    assert m(online, "m:titleInfo/m:title") == [text(header, f"{ob}/tei:title")]
    assert m(online, "m:originInfo/m:dateIssued") == [text(header, f"{ob}/tei:date[@type='published']/@when")]
    assert m(online, "m:originInfo/m:dateModified") == [text(header, f"{ob}/tei:date[@type='updated']/@when")]


# --- Dublin Core, field by field ----------------------------------------------------------------------

def test_dublin_core_fields(meta, header):
    dc = etree.fromstring(oai_dc_record(meta, BASE))

    def values(name: str) -> list[str]:
        return [" ".join((el.text or "").split()) for el in dc.findall(f"dc:{name}", DCNS)]

    assert values("title") == [text(header, "tei:fileDesc/tei:titleStmt/tei:title[@type='main']")]
    assert values("creator") == [as_cited(header, "tei:fileDesc/tei:titleStmt/tei:author")]
    assert values("contributor") == [name for name, _ in agents(header)]
    assert values("publisher") == [text(header, "tei:fileDesc/tei:publicationStmt/tei:publisher")]
    assert values("date") == [text(header, "tei:fileDesc/tei:editionStmt/tei:edition/tei:date/@when")]
    assert values("language") == [text(header, "tei:profileDesc/tei:langUsage/tei:language/@ident")]
    doc_id = text(header, "tei:fileDesc/tei:publicationStmt/tei:idno[@type='doc-id']")
    assert values("identifier") == [f"{BASE}{doc_id}/", doc_id]
    assert values("type") == ["Text"]
    assert values("subject") == [" ".join(t.split()) for t in header.xpath(
        "tei:profileDesc/tei:textClass/tei:keywords/tei:term/text()", namespaces=NS)]
    assert values("rights") == [text(header, "tei:fileDesc/tei:publicationStmt/tei:availability")]
    (source,) = values("source")
    scope = "tei:fileDesc/tei:sourceDesc/tei:biblStruct/tei:monogr/tei:biblScope"
    for part in (text(header, "tei:fileDesc/tei:sourceDesc/tei:biblStruct/tei:monogr/tei:title"),
                 f"Vol. {text(header, scope + '[@unit=' + chr(39) + 'volume' + chr(39) + ']')}",
                 text(header, "tei:fileDesc/tei:sourceDesc/tei:biblStruct/tei:monogr/tei:imprint/tei:date"),
                 text(header, scope + "[@unit='page']")):
        assert part in source
    assert text(header, "tei:fileDesc/tei:editionStmt/tei:edition") in values("description")


def test_records_invent_nothing(meta):
    """No URL but the edition's own address and the schemas' and relator list's namespaces; no authority
    identifiers; no licence beyond the header's own statement."""
    allowed = re.compile(r"^(https://example\.org/sedova/|http://www\.loc\.gov/|http://id\.loc\.gov/vocabulary/"
                         r"relators|http://www\.openarchives\.org/OAI/2\.0/|http://purl\.org/dc/elements/1\.1/|"
                         r"http://www\.w3\.org/2001/XMLSchema-instance)")
    for data in (mods_record(meta, BASE), oai_dc_record(meta, BASE)):
        record = data.decode("utf-8")
        for url in re.findall(r"https?://[^\s\"'<>]+", record):
            assert allowed.match(url), url
        assert not re.search(r"viaf|wikidata|d-nb\.info|orcid|creativecommons", record, re.IGNORECASE)
    for data in (mods_record(meta, ""), oai_dc_record(meta, "")):
        assert "example.org" not in data.decode("utf-8")


def test_records_are_deterministic_and_written_beside_the_page(meta):
    """What the reading page's renderer writes beside the page (edition.citation.citation_files)."""
    first = dict(citation_files(meta, BASE))
    assert sorted(first) == sorted(f"{meta.doc_id}{s}" for s in (".bib", ".ris", ".csl.json", ".dc.xml", ".mods.xml"))
    assert first[f"{meta.doc_id}.mods.xml"] == mods_record(meta, BASE)
    assert first[f"{meta.doc_id}.dc.xml"] == oai_dc_record(meta, BASE)
    assert dict(citation_files(meta, BASE)) == first
