"""The JSON-LD objects of the DTS export (DTS 1.0: Entry, Collection, Navigation endpoints), as plain dicts,
and their one serialisation (`as_bytes`: key order as built, UTF-8, one trailing newline — deterministic)."""

from __future__ import annotations

import json

from ..metadata import DocumentMeta
from ..records import dublin_core_elements
from .addresses import ROOT_COLLECTION, Addresses
from .citation_tree import CitationTree, Unit

CONTEXT = "https://dtsapi.org/context/v1.0.json"
DTS_VERSION = "1.0"
EDITION_TITLE = "Sedova Digital Edition"  # as the site's pages and the sources' publicationStmt name it
TEI_MEDIA_TYPE = "application/tei+xml"
# Dublin Core elements whose values are words of a language (given with the text's language); the others
# (identifier, date, language, type) are plain strings.
WORDED = ("title", "creator", "contributor", "publisher", "description", "subject", "rights", "source", "relation")


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def as_bytes(obj: dict) -> bytes:
    return (dumps(obj) + "\n").encode("utf-8")


def entry_point(at: Addresses) -> dict:
    return {"@context": CONTEXT, "@id": at.url(at.entry_file()), "@type": "EntryPoint", "dtsVersion": DTS_VERSION,
            "collection": at.collection_template, "navigation": at.navigation_template,
            "document": at.document_template}


def dublin_core(meta: DocumentMeta, base_url: str) -> dict:
    """The text's Dublin Core, from its header (the pairs the library records use, edition.records)."""
    out: dict[str, list] = {}
    for name, value in dublin_core_elements(meta, base_url):
        if name == "format" or not value:
            continue  # "text/html" is the reading page's format, not the Resource's
        item = {"lang": meta.language, "value": value} if name in WORDED and meta.language else value
        out.setdefault(name, []).append(item)
    return out


def citation_trees(tree: CitationTree) -> list[dict]:
    """The one (default) citation tree, without an identifier; none when the text declares no structure."""
    return [{"@type": "CitationTree", "citeStructure": tree.structure}] if tree.declared else []


def resource(meta: DocumentMeta, tree: CitationTree, at: Addresses, *, pdf: bool) -> dict:
    """A text as a DTS Resource: the collection endpoint's answer for it (the root collection lists it as a
    member, without @context and dtsVersion)."""
    doc_id = meta.doc_id
    download = {TEI_MEDIA_TYPE: at.site_file(doc_id, f"{doc_id}.xml")}
    if pdf:
        download["application/pdf"] = at.site_file(doc_id, f"{doc_id}.pdf")
    return {"@context": CONTEXT, "dtsVersion": DTS_VERSION, "@id": doc_id, "@type": "Resource", "title": meta.title,
            "totalParents": 1, "totalChildren": 0, "dublinCore": dublin_core(meta, at.base_url if at.configured else ""),
            "collection": at.collection_of(doc_id), "navigation": at.navigation_of(doc_id),
            "document": at.document_of(doc_id), "download": download, "citationTrees": citation_trees(tree)}


def collection(members: list[dict], at: Addresses, *, nav: str | None) -> dict:
    """The root collection (the edition) with its texts as members (nav children); with nav=parents, none."""
    obj: dict = {"@context": CONTEXT, "dtsVersion": DTS_VERSION, "@id": ROOT_COLLECTION, "@type": "Collection",
                 "title": EDITION_TITLE, "totalParents": 0, "totalChildren": len(members),
                 "dublinCore": {"title": [{"lang": "en", "value": EDITION_TITLE}],
                                "publisher": [{"lang": "en", "value": EDITION_TITLE}]},
                 "collection": at.collection_of(ROOT_COLLECTION)}
    obj["member"] = [] if nav == "parents" else members
    return obj


def root_as_member(total: int, at: Addresses) -> dict:
    return {"@id": ROOT_COLLECTION, "@type": "Collection", "title": EDITION_TITLE, "totalParents": 0,
            "totalChildren": total, "collection": at.collection_of(ROOT_COLLECTION)}


def citable_unit(unit: Unit, doc_id: str, at: Addresses, title: str = "", language: str = "") -> dict:
    """A unit of the citation tree; `title`: a section's heading (as Dublin Core title)."""
    obj: dict = {"identifier": unit.id, "@type": "CitableUnit", "level": unit.level, "parent": unit.parent,
                 "citeType": unit.cite_type, "@id": f"{at.base_url}{doc_id}/#{unit.id}"}  # in its reading page
    if title:
        obj["dublinCore"] = {"title": [{"lang": language, "value": title} if language else title]}
    return obj


def navigation_resource(meta: DocumentMeta, tree: CitationTree, at: Addresses) -> dict:
    """The Resource inside every Navigation object: what its table requires, and the title (the Dublin Core
    and the downloads are in the collection response: a text has a thousand navigation responses)."""
    doc_id = meta.doc_id
    return {"@id": doc_id, "@type": "Resource", "title": meta.title, "collection": at.collection_of(doc_id),
            "navigation": at.navigation_of(doc_id), "document": at.document_of(doc_id),
            "citationTrees": citation_trees(tree)}


def navigation_bytes(url: str, resource_json: str, members_json: list[str] | None, ref_json: str | None) -> bytes:
    """A Navigation object, serialised from its parts serialised once (`dumps` of the Resource and of each
    CitableUnit): the same bytes as `as_bytes` of the object, made without serialising the same parts again
    for each of a text's many responses."""
    parts = ['{"@context":', dumps(CONTEXT), ',"dtsVersion":', dumps(DTS_VERSION), ',"@type":"Navigation","@id":',
             dumps(url), ',"resource":', resource_json]
    if ref_json is not None:
        parts += [',"ref":', ref_json]
    if members_json is not None:
        parts += [',"member":[', ",".join(members_json), "]"]
    parts.append("}\n")
    return "".join(parts).encode("utf-8")
