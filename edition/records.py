"""Library records of a text, generated from its TEI header: Dublin Core (oai_dc) and MODS 3.8.

Both describe **the digital edition** (the text at its stable URL, with its version, date, publisher
and contributors) as the work described, with the online transcription it was encoded from
(relatedItem type="otherVersion", Dublin Core `relation`) and the 1942 printing (relatedItem type="original",
Dublin Core `source`) as related items — the same decision as the citation
formats (see `edition.citation`). Nothing is added that the header does not say: no authority
identifiers, no licence (the availability statement is passed on as written), no URL of the online
archive the transcription came from (the source gives none).

MARCXML is not produced: no official MARCXML schema is available offline to validate it against, and
an unvalidated MARC record (leader and fixed fields) would be worse than none.
"""

from __future__ import annotations

from lxml import etree

from .decisions import index_heading, printed_source_line, text_address
from .metadata import Contributor, DocumentMeta

MODS_NS = "http://www.loc.gov/mods/v3"
MODS_SCHEMA = "http://www.loc.gov/standards/mods/v3/mods-3-8.xsd"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
RELATORS_URI = "http://id.loc.gov/vocabulary/relators"

# MARC relator terms for the codes this edition uses in resp/@key, as in the Library of Congress list
# (checked against ../shared/schemas/marc-relators.ttl by tests/test_records.py).
RELATOR_TERMS = {
    "aut": "Author",
    "edt": "Editor",
    "mrk": "Markup editor",
    "pbl": "Publisher",
    "pfr": "Proofreader",
    "trc": "Transcriber",
}


def relator_term(code: str) -> str:
    return RELATOR_TERMS.get(code, "")


def author_display(meta: DocumentMeta) -> str:
    return index_heading(meta.author, meta.author_surname, meta.author_forename)  # "Surname, Forename"


def online_source_statement(meta: DocumentMeta) -> str:
    src = meta.online_source
    if src is None or not src.title:
        return ""
    dates = []
    if src.published.text:
        dates.append(f"published {src.published.text}")
    if src.updated.text:
        dates.append(f"last updated {src.updated.text}")
    return f"Online transcription: {src.title}" + (f" ({'; '.join(dates)})" if dates else "")


def contributors(meta: DocumentMeta) -> list[Contributor]:
    """Everyone the title statement credits, in the order given."""
    return [c for c in meta.contributors if c.name]


# ---------------------------------------------------------------------------------------------------------
# Dublin Core
# ---------------------------------------------------------------------------------------------------------

def dublin_core_elements(meta: DocumentMeta, base_url: str) -> list[tuple[str, str]]:
    """(element, value) pairs of simple Dublin Core, shared by the oai_dc record and the page's DC.* tags."""
    pairs: list[tuple[str, str]] = [("title", meta.title), ("creator", author_display(meta))]
    for c in contributors(meta):
        pairs.append(("contributor", c.name))
    if meta.publisher:
        pairs.append(("publisher", meta.publisher))
    if meta.edition_date.when:
        pairs.append(("date", meta.edition_date.when))
    if meta.edition_statement:
        pairs.append(("description", meta.edition_statement))
    if meta.created.text:
        place = f" in {meta.created_place}" if meta.created_place else ""
        pairs.append(("description", f"Written{place}, {meta.created.text}."))
    pairs += [("type", "Text"), ("format", "text/html")]
    if base_url:
        pairs.append(("identifier", text_address(meta.doc_id, base_url)))
    pairs.append(("identifier", meta.doc_id))
    if meta.language:
        pairs.append(("language", meta.language))
    printed = printed_source_line(meta.printed_source)
    if printed:
        pairs.append(("source", printed))
    online = online_source_statement(meta)
    if online:
        pairs.append(("relation", online))
    pairs += [("subject", k) for k in meta.keywords]
    if meta.availability:
        pairs.append(("rights", meta.availability))
    return pairs


def oai_dc_record(meta: DocumentMeta, base_url: str) -> bytes:
    """The text as an OAI-PMH `oai_dc:dc` record (valid against oai_dc.xsd)."""
    nsmap = {"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS}
    root = etree.Element(f"{{{OAI_DC_NS}}}dc", nsmap=nsmap)
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_DC_NS} {OAI_DC_SCHEMA}")
    for name, value in dublin_core_elements(meta, base_url):
        el = etree.SubElement(root, f"{{{DC_NS}}}{name}")
        el.text = value
        if name in ("title", "description") and meta.language:
            el.set(f"{{{XML_NS}}}lang", meta.language)
    return _serialize(root)


# ---------------------------------------------------------------------------------------------------------
# MODS 3.8
# ---------------------------------------------------------------------------------------------------------

def _m(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{MODS_NS}}}{name}",
                          {key.replace("_", ""): value for key, value in attrs.items()} if attrs else None)
    if text is not None:
        el.text = text
    return el


def _role(parent: etree._Element, code: str, label: str) -> None:
    role = _m(parent, "role")
    if code and relator_term(code):
        _m(role, "roleTerm", code, authority="marcrelator", type="code",
           authorityURI=RELATORS_URI, valueURI=f"{RELATORS_URI}/{code}")
        _m(role, "roleTerm", relator_term(code), authority="marcrelator", type="text")
    else:  # a role outside the relator list: say it in words, claim no authority
        _m(role, "roleTerm", label or code, type="text")


def _name(parent: etree._Element, name: str, corporate: bool, roles: list[tuple[str, str]],
          primary: bool = False) -> None:
    attrs = {"type": "corporate" if corporate else "personal"}
    if primary:
        attrs["usage"] = "primary"
    el = _m(parent, "name", **attrs)
    _m(el, "namePart", name)
    for code, label in roles:
        _role(el, code, label)


def _date(parent: etree._Element, element: str, iso: str, **attrs: str) -> None:
    if iso:
        _m(parent, element, iso, encoding="w3cdtf", **attrs)


def mods_record(meta: DocumentMeta, base_url: str) -> bytes:
    """The text as a MODS 3.8 record (valid against mods-3-8.xsd)."""
    nsmap = {None: MODS_NS, "xsi": XSI_NS}
    root = etree.Element(f"{{{MODS_NS}}}mods", nsmap=nsmap, version="3.8")
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{MODS_NS} {MODS_SCHEMA}")
    title_info = _m(root, "titleInfo")
    _m(title_info, "title", meta.title)
    if meta.subtitle:
        _m(title_info, "subTitle", meta.subtitle)
    _name(root, author_display(meta), False, [("aut", "Author")], primary=True)
    for c in contributors(meta):
        _name(root, c.name, c.is_org, list(zip(c.roles, c.role_labels, strict=False)))
    _m(root, "typeOfResource", "text")

    origin = _m(root, "originInfo", eventType="publication")
    if meta.publisher:
        _m(origin, "publisher", meta.publisher)
    _date(origin, "dateIssued", meta.edition_date.when, keyDate="yes")
    if meta.edition_statement:
        _m(origin, "edition", meta.edition_statement)

    if meta.language:
        language = _m(root, "language")
        _m(language, "languageTerm", meta.language, authority="rfc5646", type="code")
    physical = _m(root, "physicalDescription")
    _m(physical, "form", "electronic", authority="marcform")
    _m(physical, "internetMediaType", "text/html")
    _m(physical, "digitalOrigin", "reformatted digital")
    for keyword in meta.keywords:
        _m(_m(root, "subject"), "topic", keyword)

    _original(root, meta)
    online = meta.online_source
    if online is not None and online.title:
        other = _m(root, "relatedItem", type="otherVersion",
                   displayLabel="Online transcription from which this edition was encoded")
        _m(_m(other, "titleInfo"), "title", online.title)
        for c in contributors(meta):  # the transcriber and proofreader the title statement credits
            if not c.is_org:
                _name(other, c.name, False, list(zip(c.roles, c.role_labels, strict=False)))
        other_origin = _m(other, "originInfo", eventType="publication")
        _date(other_origin, "dateIssued", online.published.when)
        _date(other_origin, "dateModified", online.updated.when)

    if base_url:
        _m(root, "identifier", text_address(meta.doc_id, base_url), type="uri")
    _m(root, "identifier", meta.doc_id, type="local")
    if base_url:
        location = _m(root, "location")
        _m(location, "url", text_address(meta.doc_id, base_url), usage="primary", access="object in context")
    if meta.availability:
        _m(root, "accessCondition", meta.availability, type="use and reproduction")
    record = _m(root, "recordInfo")
    if meta.publisher:
        _m(record, "recordContentSource", meta.publisher)
    _date(record, "recordCreationDate", meta.edition_date.when)
    _m(record, "recordIdentifier", meta.doc_id)
    _m(record, "recordOrigin", f"Generated from the TEI header of {meta.doc_id}.xml")
    return _serialize(root)


def _original(root: etree._Element, meta: DocumentMeta) -> None:
    """The first printing, as relatedItem type="original" with its journal as host."""
    src = meta.printed_source
    if src is None or not src.journal:
        return
    original = _m(root, "relatedItem", type="original", displayLabel="First printed in")
    _m(_m(original, "titleInfo"), "title", src.article_title or meta.title)
    _name(original, author_display(meta), False, [("aut", "Author")], primary=True)
    if src.date.when:
        _date(_m(original, "originInfo", eventType="publication"), "dateIssued", src.date.when)
    if meta.created.when:
        written = _m(original, "originInfo", eventType="creation")
        if meta.created_place:
            _m(_m(written, "place"), "placeTerm", meta.created_place, type="text")
        _date(written, "dateCreated", meta.created.when)
    host = _m(original, "relatedItem", type="host")
    _m(_m(host, "titleInfo"), "title", src.journal)
    _m(_m(host, "originInfo"), "issuance", "serial")
    part = _m(host, "part")
    if src.volume_number or src.volume:
        volume = _m(part, "detail", type="volume")
        _m(volume, "number", src.volume_number or src.volume)
        _m(volume, "caption", "Vol.")
    if src.issue_number or src.issue:
        issue = _m(part, "detail", type="issue")
        _m(issue, "number", src.issue_number or src.issue)
        _m(issue, "caption", "No.")
    if src.page_from:
        extent = _m(part, "extent", unit="pages")
        _m(extent, "start", src.page_from)
        if src.page_to:
            _m(extent, "end", src.page_to)
    _date(part, "date", src.date.when)


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
