"""The DTS export served for real: `build.py serve` builds the essay's site (with a base URL) and serves it on
127.0.0.1; the whole API is walked from the entry point by expanding its URI templates (RFC 6570, the
`uritemplate` package) as a client would, and every response is checked against JSON Schemas written from the
specification's MUSTs (tests/dts_schemas/), against the source (units, document order, levels, parents, the
words of every passage) and against the register of published IDs."""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import sys
from collections import deque
from functools import cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import etree

from edition import TEI_NS, XML_NS
from edition.readings import reading_text, words
from edition.xmlsafe import parse_file
from tests.site_support import ESSAY, ROOT

uritemplate = pytest.importorskip("uritemplate", reason="pip install uritemplate (the test extras)")
jsonschema = pytest.importorskip("jsonschema", reason="pip install jsonschema (the test extras)")
from referencing import Registry, Resource  # jsonschema's own dependency

BASE = "https://example.org/sedova/"
DOC = "sedova-1941-davies"
SCHEMAS = Path(__file__).parent / "dts_schemas"
XML_ID = f"{{{XML_NS}}}id"
DTS_NS = "https://w3id.org/api/dts#"
JSON_LD = "application/ld+json"
TEI_XML = "application/tei+xml"


# --- the server -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`build.py serve` builds the essay (all outputs) into a fresh folder and serves it on a free port."""
    out = tmp_path_factory.mktemp("dts") / "html"
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", "0", "--out", str(out),
                             "--base-url", BASE, "--no-progress", "--jobs", "1"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    printed = []
    for line in proc.stdout:  # the build's summary lines, then the address
        printed.append(line)
        found = re.search(r"serving .* at (http://127\.0\.0\.1:\d+/)", line)
        if found:
            break
    else:
        proc.kill()
        raise AssertionError(f"serve printed no address: {printed!r} {proc.stderr.read()!r}")
    yield Client(found.group(1), out)
    proc.terminate()
    proc.wait(timeout=10)


class Client:
    """Fetches the export's absolute addresses (under BASE) from the local server that serves the site."""

    def __init__(self, served: str, out: Path) -> None:
        self.served, self.out = served, out
        self.host, port = urlsplit(served).netloc.split(":")
        self.port = int(port)
        self.fetched: dict[str, tuple[int, str, bytes]] = {}

    def get(self, url: str) -> tuple[int, str, bytes]:
        assert url.startswith(BASE), f"{url} is not under the base URL {BASE}"
        if url not in self.fetched:
            path = "/" + url[len(BASE):]
            conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
            conn.request("GET", path)
            response = conn.getresponse()
            self.fetched[url] = (response.status, response.getheader("Content-Type", ""), response.read())
            conn.close()
        return self.fetched[url]


# --- the schemas and the source --------------------------------------------------------------------------

@cache
def validators() -> dict[str, jsonschema.Draft202012Validator]:
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMAS.glob("*.schema.json")}
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())
    registry = registry.with_resources((name, Resource.from_contents(s)) for name, s in schemas.items())
    return {name: jsonschema.Draft202012Validator(s, registry=registry) for name, s in schemas.items()
            if name != "common.schema.json"}


def check_schema(name: str, obj: dict, url: str) -> None:
    errors = sorted(validators()[name].iter_errors(obj), key=lambda e: list(e.path))
    assert not errors, f"{url}: {name}: " + "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


@cache
def source_units() -> dict[str, tuple[int, str | None, etree._Element, int]]:
    """The oracle, from the source alone: every xml:id in the text → (level, parent, element, position): a
    unit's parent is its nearest ancestor with an xml:id inside the text, its level counts those ancestors."""
    tree = parse_file(ESSAY)
    text = tree.getroot().find(f"{{{TEI_NS}}}text")
    units = {}
    for position, el in enumerate(text.iter()):
        uid = el.get(XML_ID) if isinstance(el.tag, str) else None
        if uid:
            ancestors = [a for a in el.iterancestors() if a.get(XML_ID) and a is not tree.getroot()]
            units[uid] = (len(ancestors) + 1, ancestors[0].get(XML_ID) if ancestors else None, el, position)
    return units


def published_ids() -> set[str]:
    register = json.loads((ROOT / "tei" / "published-ids.json").read_text(encoding="utf-8"))
    return {uid for uid in register["texts"][DOC] if uid != DOC}


def declared_depth(structures: list[dict]) -> int:
    return max((1 + declared_depth(s.get("citeStructure", [])) for s in structures), default=0)


def passage_words(el: etree._Element) -> list[str]:
    return words(reading_text(el, "transcribed", include_editorial_notes=True))


# --- the walk ----------------------------------------------------------------------------------------------

class Walk:
    """Everything a client reaches from the entry point, checked as it goes."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.queue: deque[tuple[str, str]] = deque()
        self.seen: set[str] = set()
        self.resources: dict[str, dict] = {}
        self.navigations: dict[str, dict] = {}
        self.documents: dict[str, etree._Element] = {}
        self.downloads: dict[str, str] = {}

    def visit(self, url: str, kind: str) -> None:
        if url not in self.seen:
            self.seen.add(url)
            self.queue.append((url, kind))

    def run(self, entry: str) -> Walk:
        self.visit(entry, "entry")
        while self.queue:
            url, kind = self.queue.popleft()
            status, media_type, body = self.client.get(url)
            assert status == 200, f"{url}: HTTP {status}"
            getattr(self, f"_{kind}")(url, media_type, body)
        return self

    def _json(self, url: str, media_type: str, body: bytes, schema: str) -> dict:
        assert media_type == JSON_LD, f"{url}: served as {media_type}"
        obj = json.loads(body)
        check_schema(schema, obj, url)
        return obj

    def _entry(self, url, media_type, body):
        entry = self._json(url, media_type, body, "entry-point.schema.json")
        assert entry["@id"] == url
        self.templates = {k: entry[k] for k in ("collection", "navigation", "document")}
        collection = uritemplate.URITemplate(entry["collection"])
        self.visit(collection.expand(), "collection")
        for nav in ("children", "parents"):
            self.visit(collection.expand(nav=nav), "collection")

    def _collection(self, url, media_type, body):
        obj = self._json(url, media_type, body, "collection.schema.json")
        if obj["@type"] == "Resource":
            self.resources[obj["@id"]] = obj
            self._resource(obj)
        for member in obj.get("member", []):
            template = uritemplate.URITemplate(member["collection"])
            for nav in (None, "children", "parents"):
                self.visit(template.expand(nav=nav) if nav else template.expand(), "collection")
            if member["@type"] == "Resource":
                self._resource(member)
        if obj["@type"] == "Collection" and not url.endswith(";nav=parents.jsonld"):
            assert obj["totalChildren"] == len(obj["member"]), url

    def _resource(self, res: dict) -> None:
        rid = res["@id"]
        for media_type, link in sorted(res.get("download", {}).items()):
            self.downloads[link] = media_type
        navigation = uritemplate.URITemplate(self.templates["navigation"])
        document = uritemplate.URITemplate(self.templates["document"])
        self.visit(navigation.expand(resource=rid, down=-1), "navigation")
        self.visit(document.expand(resource=rid), "document")
        own = uritemplate.URITemplate(res["navigation"])
        assert own.expand(down=-1) == navigation.expand(resource=rid, down=-1), "the Resource's own template agrees"

    def _navigation(self, url, media_type, body):
        nav = self._json(url, media_type, body, "navigation.schema.json")
        assert nav["@id"] == url, f"{url}: @id is {nav['@id']}"
        self.navigations[url] = nav
        rid = nav["resource"]["@id"]
        members = nav.get("member", [])
        depth = declared_depth(nav["resource"]["citationTrees"][0]["citeStructure"])  # as a client reads it
        navigation = uritemplate.URITemplate(self.templates["navigation"])
        document = uritemplate.URITemplate(self.templates["document"])
        for down in [*range(1, depth + 1), -1]:
            self.visit(navigation.expand(resource=rid, down=down), "navigation")
        for member in members:
            ref = member["identifier"]
            self.visit(navigation.expand(resource=rid, ref=ref), "navigation")
            for down in [0, *range(1, depth + 1), -1]:
                self.visit(navigation.expand(resource=rid, ref=ref, down=str(down)), "navigation")
            self.visit(document.expand(resource=rid, ref=ref), "document")

    def _document(self, url, media_type, body):
        assert media_type == TEI_XML, f"{url}: served as {media_type}"
        root = etree.fromstring(body)
        assert root.tag == f"{{{TEI_NS}}}TEI", f"{url}: the root is {root.tag}"
        self.documents[url] = root


@pytest.fixture(scope="module")
def walk(server) -> Walk:
    return Walk(server).run(f"{BASE}api/dts/index.jsonld")


def nav_url(**params) -> str:
    # RFC 6570 values are strings: uritemplate 4.2 expands the integer 0 as an empty value (";down").
    params = {k: str(v) for k, v in params.items()}
    return uritemplate.URITemplate(f"{BASE}api/dts/navigation{{/resource,ref,start,end}}{{;tree,down}}.jsonld"
                                   ).expand(resource=DOC, **params)


# --- the tests ---------------------------------------------------------------------------------------------

def test_the_whole_api_is_reached_from_the_entry_point_and_answers(walk, server):
    units = source_units()
    resource = walk.resources[DOC]
    depth = declared_depth(resource["citationTrees"][0]["citeStructure"])
    assert depth >= max(level for level, *_ in units.values())
    navigation = len(units) * (depth + 3) + depth + 1  # per unit: no down, 0, 1…depth, -1; without ref: 1…depth, -1
    assert len(walk.navigations) == navigation
    assert len(walk.documents) == len(units) + 1
    assert set(walk.resources) == {DOC}
    print(f"\nDTS walk: {len(walk.seen)} URLs ({len(walk.navigations)} navigation, {len(walk.documents)} documents),"
          f" {len(units)} units, depth {depth}")


def test_the_entry_point_is_also_the_folder_and_its_templates_are_absolute(server, walk):
    status, media_type, body = server.get(f"{BASE}api/dts/")
    assert (status, media_type) == (200, JSON_LD)
    assert json.loads(body)["@type"] == "EntryPoint"
    assert all(t.startswith(f"{BASE}api/dts/") for t in walk.templates.values())


def test_every_published_id_is_a_unit_with_its_passage(walk):
    members = {m["identifier"] for nav in walk.navigations.values() for m in nav.get("member", [])}
    assert published_ids() <= members
    assert set(source_units()) == members  # and nothing else: identifiers are the xml:ids


def test_units_have_their_source_level_parent_and_document_order(walk):
    units = source_units()
    full = walk.navigations[nav_url(down=-1)]["member"]
    assert [m["identifier"] for m in full] == sorted(units, key=lambda u: units[u][3])
    for m in full:
        level, parent, _el, _pos = units[m["identifier"]]
        assert (m["level"], m["parent"]) == (level, parent), m["identifier"]
        assert m["citeType"], m["identifier"]
        assert m["@id"] == f"{BASE}{DOC}/#{m['identifier']}"


def test_down_selects_the_subtree_the_specification_describes(walk):
    units = source_units()
    order = sorted(units, key=lambda u: units[u][3])

    def below(uid: str) -> list[str]:
        return [u for u in order if u == uid or uid in ancestors(u)]

    def ancestors(uid: str) -> list[str]:
        found, parent = [], units[uid][1]
        while parent:
            found.append(parent)
            parent = units[parent][1]
        return found

    depth = declared_depth(walk.resources[DOC]["citationTrees"][0]["citeStructure"])
    for down in range(1, depth + 1):
        got = [m["identifier"] for m in walk.navigations[nav_url(down=down)]["member"]]
        assert got == [u for u in order if units[u][0] <= down]
    for uid in order:
        level, parent = units[uid][0], units[uid][1]
        alone = walk.navigations[nav_url(ref=uid)]
        assert alone["ref"]["identifier"] == uid and "member" not in alone
        siblings = [m["identifier"] for m in walk.navigations[nav_url(ref=uid, down=0)]["member"]]
        assert siblings == [u for u in order if units[u][1] == parent]
        for down in [*range(1, depth + 1), -1]:
            got = [m["identifier"] for m in walk.navigations[nav_url(ref=uid, down=down)]["member"]]
            assert got == [u for u in below(uid) if down == -1 or units[u][0] <= level + down], (uid, down)


def test_each_passage_holds_the_words_of_its_unit_in_a_dts_wrapper(walk):
    document = uritemplate.URITemplate(f"{BASE}api/dts/document{{/resource,ref,start,end}}.tei")
    for uid, (_level, _parent, el, _pos) in source_units().items():
        root = walk.documents[document.expand(resource=DOC, ref=uid)]
        wrappers = root.findall(f".//{{{DTS_NS}}}wrapper")
        assert len(wrappers) == 1, uid
        (fragment,) = list(wrappers[0])
        assert fragment.get(XML_ID) == uid
        assert passage_words(fragment) == passage_words(el), uid
    whole = walk.documents[document.expand(resource=DOC)]
    assert passage_words(whole) == passage_words(parse_file(ESSAY).getroot())


def test_downloads_are_served_with_their_media_types(walk, server):
    assert set(walk.downloads.values()) == {TEI_XML, "application/pdf"}
    for link, media_type in walk.downloads.items():
        status, served_as, _body = server.get(link)
        assert (status, served_as) == (200, media_type), link


def test_level_0_requests_it_does_not_answer_find_nothing(server):
    for url in (nav_url(start=f"{DOC}.p1", end=f"{DOC}.p3"), nav_url(ref=f"{DOC}.p999"),
                nav_url(ref=f"{DOC}.p1", tree="pages"), nav_url()):
        assert server.get(url)[0] == 404, url


def test_a_collection_and_a_resource_name_their_parents(walk):
    collection = uritemplate.URITemplate(walk.templates["collection"])
    parents = json.loads(walk.client.get(collection.expand(id=DOC, nav="parents"))[2])
    assert parents["@id"] == DOC and [m["@id"] for m in parents["member"]] == ["edition"]
    assert parents["member"][0]["totalChildren"] == 1
    root = json.loads(walk.client.get(collection.expand(nav="parents"))[2])
    assert root["totalParents"] == 0 and root["member"] == []


def test_a_document_links_to_its_collection_response(server):
    url = f"{BASE}api/dts/document/{DOC}/{DOC}.p14.tei"
    conn = http.client.HTTPConnection(server.host, server.port, timeout=10)
    conn.request("GET", "/" + url[len(BASE):])
    response = conn.getresponse()
    response.read()
    conn.close()
    found = re.fullmatch(r'<([^>]+)>; rel="collection"', response.getheader("Link", ""))
    assert found, response.getheader("Link")
    status, media_type, body = server.get(urljoin(url, found.group(1)))
    assert (status, media_type, json.loads(body)["@id"]) == (200, JSON_LD, DOC)


def test_tree_without_ref_changes_no_document_and_an_unknown_tree_finds_no_navigation(walk, server):
    document = uritemplate.URITemplate(walk.templates["document"])
    assert document.expand(resource=DOC, tree="pages") == document.expand(resource=DOC)
    assert server.get(nav_url(ref=f"{DOC}.p14", tree="pages", down=1))[0] == 404
