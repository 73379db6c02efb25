"""The TEI documents of the DTS document endpoint: a whole text (its source, as published beside its reading
page), and each citable unit's passage as a TEI document whose `dts:wrapper` holds the unit's element exactly
as the source has it (DTS 1.0, "XML/TEI encoding and sub-tree representation").

A passage's small header names the text, its author and publisher, the passage's identifier and the address
of the whole document, so a passage read on its own still says where it comes from."""

from __future__ import annotations

import copy

from lxml import etree

from .. import NS, TEI_NS, XML_NS
from ..metadata import DocumentMeta

DTS_NS = "https://w3id.org/api/dts#"
T = f"{{{TEI_NS}}}"


def _sub(parent: etree._Element, name: str, text: str = "", **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, T + name, attrs)
    if text:
        el.text = text
    return el


def passage_document(element: etree._Element, meta: DocumentMeta, ref: str, whole: str) -> bytes:
    """The passage `ref` (the unit `element` of the text) as a TEI document; `whole`: the whole document's
    address ("" without a base URL: no relative path is printed as if it were an address)."""
    root = etree.Element(T + "TEI", nsmap={None: TEI_NS, "dts": DTS_NS})
    if meta.language:
        root.set(f"{{{XML_NS}}}lang", meta.language)
    file_desc = _sub(_sub(root, "teiHeader"), "fileDesc")
    title_stmt = _sub(file_desc, "titleStmt")
    _sub(title_stmt, "title", meta.title)
    if meta.author:
        _sub(title_stmt, "author", meta.author)
    publication = _sub(file_desc, "publicationStmt")
    if meta.publisher:
        _sub(publication, "publisher", meta.publisher)
    _sub(publication, "idno", meta.doc_id, type="doc-id")
    _sub(publication, "idno", ref, type="passage")
    where = f"; the whole TEI document: {whole}" if whole else ""
    _sub(_sub(file_desc, "sourceDesc"), "p", f"The passage {ref} of the text {meta.doc_id}{where}.")
    wrapper = etree.SubElement(_sub(_sub(root, "text"), "body"), f"{{{DTS_NS}}}wrapper")
    fragment = copy.deepcopy(element)
    fragment.tail = None
    wrapper.append(fragment)
    etree.cleanup_namespaces(root, top_nsmap={None: TEI_NS, "dts": DTS_NS})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def unit_elements(tree: etree._ElementTree, ids: set[str]) -> dict[str, etree._Element]:
    """The elements of the text's units, by xml:id."""
    found = {}
    for el in tree.xpath("/tei:TEI/tei:text//*[@xml:id]", namespaces=NS):
        uid = el.get(f"{{{XML_NS}}}id")
        if uid in ids:
            found[uid] = el
    return found
