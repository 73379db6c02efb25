"""The TEI header read once into a typed object that every output uses."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from . import NS, TEI_NS, XML_NS
from .decisions import index_heading, name_sort_key

XML_ID = f"{{{XML_NS}}}id"
TEI = TEI_NS


def _text(node: etree._Element | None) -> str:
    """The text content of a node with white space folded, as a reader sees it."""
    if node is None:
        return ""
    if not len(node) and isinstance(node.tag, str):  # an element without children: its text is all
        text = node.text
        return " ".join(text.split()) if text else ""
    # the text of every descendant and tail, read by libxml2 in one call rather than piece by piece through
    # itertext() (the same text: comments and processing instructions left out): read_metadata 1.23 → 1.06 ms
    # a text with 50 entries of a shared list (2026-12-07)
    return " ".join(etree.tostring(node, method="text", encoding="unicode", with_tail=False).split())


def _xpath(root: etree._Element, path: str) -> list:
    """`root.xpath(path)` with the TEI prefix. (A cache of compiled paths, and a translation of simple paths to
    ElementPath, measured no faster: read_metadata ≈ 0.5 ms a text either way.)"""
    return root.xpath(path, namespaces=NS)


def _first(root: etree._Element, path: str) -> etree._Element | None:
    found = _xpath(root, path)
    return found[0] if found else None


def _children_text(parent: etree._Element, local_name: str) -> str:
    """The texts of the children `tei:<local_name>`, joined by a space."""
    return " ".join(_text(el) for el in parent.iterchildren(f"{{{TEI}}}{local_name}"))


@dataclass(frozen=True)
class Contributor:
    name: str
    roles: tuple[str, ...]  # MARC relator codes from resp/@key, e.g. ("trc", "mrk")
    role_labels: tuple[str, ...]  # the resp texts, e.g. ("Transcription", "HTML markup")
    ref: str = ""  # id of the entry in the list of persons/organisations, without '#'
    when: str = ""  # ISO date of the work, when the header gives one
    is_org: bool = False


@dataclass(frozen=True)
class DateValue:
    when: str  # ISO 8601 (may be year, year-month or full date); empty when the source gives none
    text: str  # as written


@dataclass(frozen=True)
class PrintedSource:
    article_title: str
    journal: str
    volume: str  # as printed, e.g. "III"
    volume_number: str  # machine-readable, e.g. "3"
    issue: str
    issue_number: str
    date: DateValue
    pages: str  # as printed, e.g. "9–11"
    page_from: str
    page_to: str


@dataclass(frozen=True)
class OnlineSource:
    title: str
    published: DateValue
    updated: DateValue


@dataclass(frozen=True)
class Revision:
    when: str
    who: str
    text: str
    version: str


@dataclass(frozen=True)
class Entity:
    id: str
    kind: str  # "person" | "place" | "org"
    name: str
    description: str
    surname: str = ""  # only when the list marks the name's parts
    forename: str = ""

    @property
    def index_heading(self) -> str:
        """The name as an index lists it: "Davies, Joseph E." when the parts are marked, else as written."""
        return index_heading(self.name, self.surname, self.forename)

    @property
    def sort_key(self) -> str:
        """Where the name files in an index (edition.decisions.name_sort_key)."""
        return name_sort_key(self.name, self.surname, self.forename)


@dataclass(frozen=True)
class ParagraphRef:
    id: str  # xml:id of a numbered body paragraph
    n: str  # the number a reader sees (p/@n)


@dataclass(frozen=True)
class DocumentMeta:
    doc_id: str
    title: str
    subtitle: str
    author: str
    author_ref: str
    contributors: tuple[Contributor, ...]
    edition_version: str
    edition_date: DateValue
    publisher: str
    availability_status: str
    availability: str
    printed_source: PrintedSource | None
    online_source: OnlineSource | None
    created: DateValue
    created_place: str
    language: str  # BCP 47 code
    language_name: str
    keywords: tuple[str, ...]
    revisions: tuple[Revision, ...]
    entities: dict[str, Entity] = field(default_factory=dict)
    edition_statement: str = ""  # the text of editionStmt/edition, as written
    author_forename: str = ""  # only when the source marks the name's parts (forename/surname)
    author_surname: str = ""
    paragraphs: tuple[ParagraphRef, ...] = ()  # numbered paragraphs of the text, in reading order
    status: str = ""  # revisionDesc/@status: "draft" for an unreviewed draft (e.g. an import), "published" …
    printed_source_text: str = ""  # a printed source given only in its source's words (sourceDesc/bibl[@type='print'])

    @property
    def is_draft(self) -> bool:
        """An unreviewed draft: it states only what its source states; its IDs are not yet citable."""
        return self.status == "draft"


def _date(node: etree._Element | None) -> DateValue:
    if node is None:
        return DateValue("", "")
    when = node.get("when") or node.get("from") or node.get("notBefore") or ""
    return DateValue(when, _text(node))


def _scope(monogr: etree._Element, unit: str) -> etree._Element | None:
    return _first(monogr, f".//tei:biblScope[@unit='{unit}']")


def _contributors(title_stmt: etree._Element) -> tuple[Contributor, ...]:
    """Who did what, from the title statement's respStmts."""
    contributors = []
    for resp_stmt in _xpath(title_stmt, "tei:respStmt"):
        resps = _xpath(resp_stmt, "tei:resp")
        agent = _first(resp_stmt, "tei:persName | tei:orgName | tei:name")
        when = next((r.get("when") for r in resps if r.get("when")), "")
        contributors.append(Contributor(
            name=_text(agent),
            roles=tuple(r.get("key", "") for r in resps),
            role_labels=tuple(_text(r) for r in resps),
            ref=(agent.get("ref", "") if agent is not None else "").lstrip("#"),
            when=when or "",
            is_org=agent is not None and etree.QName(agent).localname == "orgName",
        ))
    return tuple(contributors)


def _printed_source(header: etree._Element) -> PrintedSource | None:
    """The printing the text was first published in (sourceDesc/biblStruct), if the header describes one."""
    bs = _first(header, "tei:fileDesc/tei:sourceDesc/tei:biblStruct")
    if bs is None:
        return None
    monogr = _first(bs, "tei:monogr")
    vol, iss, pages = (_scope(monogr, u) for u in ("volume", "issue", "page"))
    return PrintedSource(
        article_title=_text(_first(bs, "tei:analytic/tei:title")),
        journal=_text(_first(monogr, "tei:title")),
        volume=_text(vol), volume_number=(vol.get("n", "") if vol is not None else ""),
        issue=_text(iss), issue_number=(iss.get("n", "") if iss is not None else ""),
        date=_date(_first(monogr, "tei:imprint/tei:date")),
        pages=_text(pages),
        page_from=(pages.get("from", "") if pages is not None else ""),
        page_to=(pages.get("to", "") if pages is not None else ""),
    )


def _printed_words(header: etree._Element) -> str:
    """A printed source that a draft gives only in its source's words (no biblStruct), without its notes."""
    if _first(header, "tei:fileDesc/tei:sourceDesc/tei:biblStruct") is not None:
        return ""
    bibl = _first(header, "tei:fileDesc/tei:sourceDesc/tei:bibl[@type='print']")
    if bibl is None:
        return ""
    return " ".join("".join(bibl.xpath("text() | *[not(self::tei:note)]//text()", namespaces=NS)).split())


def _online_source(header: etree._Element) -> OnlineSource | None:
    """The online transcription the text was encoded from (sourceDesc/bibl[@type='online']), if any."""
    ob = _first(header, "tei:fileDesc/tei:sourceDesc/tei:bibl[@type='online']")
    if ob is None:
        return None
    return OnlineSource(
        title=_text(_first(ob, "tei:title")),
        published=_date(_first(ob, "tei:date[@type='published']")),
        updated=_date(_first(ob, "tei:date[@type='updated']")),
    )


# (kind of entity, the list that holds it, the element of its name), as tags
_ENTITY_LISTS = tuple((kind, f"{{{TEI}}}{list_name}", f"{{{TEI}}}{name}") for kind, list_name, name in
                      (("person", "listPerson", "persName"), ("place", "listPlace", "placeName"), ("org", "listOrg", "orgName")))


def _entities(root: etree._Element) -> dict[str, Entity]:
    """The persons, places and organisations of the document's lists, by xml:id."""
    kinds = {f"{{{TEI}}}{kind}": list_tag for kind, list_tag, _name in _ENTITY_LISTS}
    listed: dict[str, list[etree._Element]] = {tag: [] for tag in kinds}
    # the three kinds in one walk, each entry kept where a list of its kind holds it (`.//tei:listPerson//tei:person`
    # and the others were a walk each: 0.07 ms a text less, 2026-12-08)
    for el in root.iter(*kinds):
        if next(el.iterancestors(kinds[el.tag]), None) is not None:
            listed[el.tag].append(el)
    entities: dict[str, Entity] = {}
    note_tag = f"{{{TEI}}}note"
    for kind, _list_tag, name_tag in _ENTITY_LISTS:
        for el in listed[f"{{{TEI}}}{kind}"]:
            eid = el.get(XML_ID)
            if not eid:
                continue
            name_el = note_el = None  # the first child of each kind
            for child in el.iterchildren(name_tag, note_tag):
                if child.tag == name_tag:
                    name_el = child if name_el is None else name_el
                elif note_el is None:
                    note_el = child
            has_parts = name_el is not None and len(name_el) > 0  # (no child elements: no surname)
            entities[eid] = Entity(eid, kind, _text(name_el), _text(note_el),
                                   surname=_children_text(name_el, "surname") if has_parts else "",
                                   forename=_children_text(name_el, "forename") if has_parts else "")
    return entities


def _publication_fields(header: etree._Element) -> dict:
    """DocumentMeta's fields from the edition and publication statements."""
    edition = _first(header, "tei:fileDesc/tei:editionStmt/tei:edition")
    pub = _first(header, "tei:fileDesc/tei:publicationStmt")
    availability = _first(pub, "tei:availability") if pub is not None else None
    return {
        "edition_version": (edition.get("n", "") if edition is not None else ""),
        "edition_date": _date(_first(edition, "tei:date") if edition is not None else None),
        "edition_statement": _text(edition),
        "publisher": _text(_first(pub, "tei:publisher")) if pub is not None else "",
        "availability_status": (availability.get("status", "") if availability is not None else ""),
        "availability": _text(availability),
    }


def _profile_fields(root: etree._Element, header: etree._Element) -> dict:
    """DocumentMeta's fields from the profile description: creation, language, keywords."""
    creation = _first(header, "tei:profileDesc/tei:creation")
    language = _first(header, "tei:profileDesc/tei:langUsage/tei:language")
    return {
        "created": _date(_first(creation, "tei:date") if creation is not None else None),
        "created_place": _text(_first(creation, "tei:placeName")) if creation is not None else "",
        "language": (language.get("ident", "") if language is not None else root.get(f"{{{XML_NS}}}lang", "")),
        "language_name": _text(language),
        "keywords": tuple(_text(t) for t in _xpath(header, "tei:profileDesc/tei:textClass/tei:keywords/tei:term")),
    }


def read_metadata(tree: etree._ElementTree | etree._Element) -> DocumentMeta:
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    header = _first(root, "tei:teiHeader")
    if header is None:
        raise ValueError("no teiHeader")
    title_stmt = _first(header, "tei:fileDesc/tei:titleStmt")
    main_title = _first(title_stmt, "tei:title[@type='main']")
    author_el = _first(title_stmt, "tei:author")
    author_name_el = _first(author_el, "tei:persName") if author_el is not None else None
    return DocumentMeta(
        doc_id=root.get(XML_ID, ""),
        title=_text(main_title if main_title is not None else _first(title_stmt, "tei:title")),
        subtitle=_text(_first(title_stmt, "tei:title[@type='sub']")),
        author=_text(author_el),
        author_ref=(author_name_el.get("ref", "") if author_name_el is not None else "").lstrip("#"),
        author_forename=_children_text(author_name_el, "forename") if author_name_el is not None else "",
        author_surname=_children_text(author_name_el, "surname") if author_name_el is not None else "",
        contributors=_contributors(title_stmt),
        printed_source=_printed_source(header),
        online_source=_online_source(header),
        revisions=tuple(Revision(c.get("when", ""), c.get("who", "").lstrip("#"), _text(c), c.get("n", ""))
                        for c in _xpath(header, "tei:revisionDesc/tei:change")),
        entities=_entities(root),
        paragraphs=tuple(ParagraphRef(p.get(XML_ID), p.get("n"))
                         for p in _xpath(root, "tei:text//tei:p[@n][@xml:id]")),
        status=(header.xpath("string(tei:revisionDesc/@status)", namespaces=NS)),
        printed_source_text=_printed_words(header),
        **_publication_fields(header),
        **_profile_fields(root, header),
    )
