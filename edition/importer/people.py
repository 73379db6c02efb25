"""The entries of the draft's lists: entries the edition's lists already have (copied, or pointed to in a
shared list), and new ones for the people and bodies the page names that no list knows yet."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from lxml import etree

from .. import TEI_NS
from .names import Known, NameFinder, copy_entry

T = f"{{{TEI_NS}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
SDE = ("sde", "Sedova Digital Edition")


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    value = "-".join(words)
    return value if value[:1].isalpha() else f"x-{value}" if value else "unnamed"


@dataclass
class People:
    names: NameFinder
    new: dict[str, tuple[str, str, list[str]]] = field(default_factory=dict)  # id -> (kind, name, roles)
    by_name: dict[str, str] = field(default_factory=dict)
    clashes: list[tuple[str, str]] = field(default_factory=list)  # (new id, the known id it nearly took)

    def ref(self, name: str, is_org: bool, role: str, uid: str = "") -> str:
        """The pointer for a person or body the page names (`role` says what the page says they did);
        `uid` proposes the identifier of a new entry."""
        known = self.names.find(name)
        if known is not None and (known.kind == "org") == is_org:
            return known.pointer()
        key = f"{'org' if is_org else 'person'}:{name}"
        if key in self.by_name:
            uid = self.by_name[key]
            self.new[uid][2].append(role)
            return f"#{uid}"
        words = slug(uid or name).split("-")
        uid = uid or (words[-1] if not is_org and len(words[-1]) > 2 else "-".join(words))
        taken = {k.id for k in self.names.known} | set(self.new)
        base, count = uid, 1
        while uid in taken:  # a name of another entry (perhaps the same person: the report says so)
            count += 1
            uid = f"{base}-{count}"
        if count > 1:
            self.clashes.append((uid, base))
        self.new[uid] = ("org" if is_org else "person", name, [role])
        self.by_name[key] = uid
        return f"#{uid}"

    def sde(self) -> str:
        known = self.names.find(SDE[1])
        return known.pointer() if known is not None else self.ref(SDE[1], True, "publisher of this edition")


def _new_entry(uid: str, kind: str, name: str, roles: list[str]) -> etree._Element:
    entry = etree.Element(T + kind, {XML_ID: uid})
    etree.SubElement(entry, T + ("orgName" if kind == "org" else "persName")).text = name
    described = "; ".join(dict.fromkeys(roles))
    etree.SubElement(entry, T + "note").text = (
        f"{described[:1].upper()}{described[1:]}, as the archive page states; not yet identified by this edition.")
    return entry


def stand_off(people: People) -> etree._Element:
    """listPerson, listPlace, listOrg: the entries the draft points to (copied unless in a shared list)."""
    stand = etree.Element(T + "standOff")
    lists = {kind: etree.Element(T + name, type="named") for kind, name in
             (("person", "listPerson"), ("place", "listPlace"), ("org", "listOrg"))}
    used: list[Known] = list(people.names.used.values())
    for entry in sorted((k for k in used if not k.shared_file), key=lambda k: k.id):
        lists[entry.kind].append(copy_entry(entry))
    for uid, (kind, name, roles) in people.new.items():
        lists[kind].append(_new_entry(uid, kind, name, roles))
    for element in lists.values():
        if len(element):
            stand.append(element)
    for entry in stand.iter(T + "person", T + "place", T + "org"):
        for pointer in entry.iter():
            if isinstance(pointer.tag, str) and pointer.get("ref", "").startswith("#"):
                del pointer.attrib["ref"]  # a copied entry's own pointers lead into its first text
    return stand
