"""The TEI header of a draft: what the page says about itself (its provenance block, title page and
furniture) and what the importer did — nothing more. A fact the page does not give (a transcriber, a
proofreader, the printed pages) is left out: the draft is marked as one (revisionDesc status="draft"), and
the schema reports each missing fact as a warning for the editor to supply before publishing."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .facts import ROLE_WORDS, Facts
from .people import People
from .tei_text import XML_ID, sub


@dataclass
class ImportInfo:
    doc_id: str
    source_name: str  # the page's file name
    source_format: str  # "HTML", "Markdown", "plain text"
    encoding: str
    date: str  # ISO date of the import


def author_name(facts: Facts) -> str:
    return facts.author or "[author not named by the page]"


def _agent(parent: etree._Element, people: People, agent, role: str) -> None:
    tag = "orgName" if agent.is_org else "persName"
    sub(parent, tag, agent.name, ref=people.ref(agent.name, agent.is_org, role))


def title_stmt(header: etree._Element, facts: Facts, people: People) -> str:
    stmt = sub(header, "titleStmt")
    sub(stmt, "title", facts.title, type="main")
    sub(stmt, "title", "A draft imported from an archive page", type="sub")
    author = author_name(facts)
    author_ref = people.ref(author, False, "author of this text", "" if facts.author else "author-not-named")
    sub(sub(stmt, "author"), "persName", author, ref=author_ref)
    for role in facts.roles:
        resp_stmt = sub(stmt, "respStmt", xml_id=_unique_resp_id(stmt, role.keys[0]))
        for key in role.keys:
            dated = role.when and key != "trl"
            sub(resp_stmt, "resp", f"{ROLE_WORDS[key]} ({role.when.text})" if dated else ROLE_WORDS[key],
                key=key, **({"when": role.when.value} if dated else {}))
        for agent in role.agents:
            _agent(resp_stmt, people, agent, ROLE_WORDS[role.keys[0]].lower() + " of the online version")
    encoding = sub(stmt, "respStmt", xml_id="resp-encoding")
    sub(encoding, "resp", "TEI encoding (a draft made by build.py import; to be checked by the editor)", key="mrk")
    sub(encoding, "orgName", "Sedova Digital Edition", ref=people.sde())
    return author_ref


def _unique_resp_id(stmt: etree._Element, key: str) -> str:
    base = {"trc": "resp-transcription", "mrk": "resp-markup", "pfr": "resp-proofreading",
            "trl": "resp-translation"}[key]
    taken = {el.get(XML_ID) for el in stmt}
    uid, count = base, 1
    while uid in taken:
        count += 1
        uid = f"{base}-{count}"
    return uid


def publication_stmt(file_desc: etree._Element, facts: Facts, info: ImportInfo, people: People) -> None:
    edition_stmt = sub(file_desc, "editionStmt")
    edition = sub(edition_stmt, "edition", "Draft 0.1 of the electronic edition, imported ", n="0.1")
    sub(edition, "date", info.date, when=info.date)
    pub = sub(file_desc, "publicationStmt")
    sub(sub(pub, "publisher"), "orgName", "Sedova Digital Edition", ref=people.sde())
    sub(pub, "date", info.date, when=info.date)
    sub(pub, "idno", info.doc_id, type="doc-id")
    rights = facts.rights
    public_domain = rights is not None and rights.label.lower().startswith("public domain")
    availability = sub(pub, "availability", status="free" if public_domain else "unknown")
    online = f"“{facts.online.label.strip()} {facts.online.value}”" if facts.online else info.source_name
    sub(availability, "p", f"Imported from the online version {online}.")
    if rights is None:
        sub(availability, "p", "The archive page states no licence or terms of use, and this draft therefore "
                               "states none for the text.")
    else:
        sub(availability, "p", f"The archive page states: “{rights.label.strip()} {rights.value}”. This draft "
                               f"repeats that statement and states nothing else about the text's rights.")


def notes_stmt(file_desc: etree._Element, facts: Facts) -> list[str]:
    """Notes on the text as a whole: the translation, and every label the importer does not know."""
    notes: list[tuple[str, str]] = []
    if facts.translated is not None:
        value = facts.translated.value or "(no value given)"
        notes.append(("translation", f"The archive page says: “{facts.translated.label.strip()} {value}”."))
    unknown = [f"{e.label.strip()} {e.value}".strip() for e in facts.unknown]
    notes += [("provenance", f"The archive page's provenance block also says: “{text}”.") for text in unknown]
    if notes:
        stmt = sub(file_desc, "notesStmt")
        for kind, text in notes:
            sub(stmt, "note", text, type=kind)
    return unknown
