"""Odd documents that still validate (or that only --lenient takes): the essay changed into a shape the
edition's own text never has. Shared by tests/test_hardening_odd.py (every word in the HTML and the PDF)
and the report (tests/bad_input_report.py → docs/bad-input.md).

Each is the essay under a document ID of its own (every ID renamed, so the register of published IDs does
not hold it to the essay's units), changed by one function.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from edition import TEI_NS, XML_NS
from edition.xmlsafe import parse_file

ROOT = Path(__file__).resolve().parent.parent
ESSAY = ROOT / "tei" / "sedova-1941-davies.xml"
OLD = "sedova-1941-davies"
T = f"{{{TEI_NS}}}"
NS = {"tei": TEI_NS}
XML_ID = f"{{{XML_NS}}}id"


def renamed(doc_id: str) -> etree._ElementTree:
    """The essay with every identifier and pointer of the old document ID moved to `doc_id`."""
    tree = parse_file(ESSAY)
    for element in tree.getroot().iter(etree.Element):
        for name, value in element.items():
            if OLD in value:
                element.set(name, value.replace(OLD, doc_id))
        if element.tag == f"{T}idno" and element.text == OLD:
            element.text = doc_id
    return tree


def _body(tree: etree._ElementTree) -> etree._Element:
    return tree.find(f"{T}text/{T}body")


def _last_paragraph(tree: etree._ElementTree) -> etree._Element:
    return tree.xpath("/tei:TEI/tei:text/tei:body//tei:p[@n][not(ancestor::tei:note | ancestor::tei:cit)]",
                      namespaces=NS)[-1]


def _add_paragraph(tree: etree._ElementTree, doc_id: str, xml: str) -> None:
    """A new numbered paragraph after the last one, holding `xml` (TEI markup, default namespace TEI)."""
    last = _last_paragraph(tree)
    n = int(last.get("n")) + 1
    p = etree.fromstring(f'<p xmlns="{TEI_NS}" xml:id="{doc_id}.p{n}" n="{n}">{xml}</p>')
    p.tail = last.tail
    last.addnext(p)


def no_divisions(tree: etree._ElementTree, doc_id: str) -> None:
    """The body holds its paragraphs directly: every division unwrapped, headings dropped."""
    body = _body(tree)
    for div in body.findall(f"{T}div"):
        index = body.index(div)
        for child in [c for c in div if c.tag != f"{T}head"]:
            body.insert(index, child)
            index += 1
        body.remove(div)


def notes_in_notes(tree: etree._ElementTree, doc_id: str) -> None:
    note = tree.xpath("//tei:body//tei:note", namespaces=NS)[0]
    inner = etree.SubElement(note, f"{T}note", {XML_ID: f"{doc_id}.n1a", "type": "editorial", "resp": "#sde"})
    inner.text = "A note inside the note, about Ostis again."
    inner.tail = " And the outer note goes on after it."


def empty_headings(tree: etree._ElementTree, doc_id: str) -> None:
    heads = tree.xpath("//tei:body//tei:head", namespaces=NS)
    for head, text in zip(heads[:2], ("", "   "), strict=True):
        for child in list(head):
            head.remove(child)
        head.text = text


def right_to_left(tree: etree._ElementTree, doc_id: str) -> None:
    _add_paragraph(tree, doc_id, 'In Hebrew: <foreign xml:lang="he">שלום עולם, זהו משפט בעברית עם מספר 1942.</foreign> '
                                 'In Arabic: <foreign xml:lang="ar">مرحبا بالعالم، هذه جملة عربية.</foreign> '
                                 'And back to English.')
    note = tree.xpath("//tei:body//tei:note", namespaces=NS)[0]
    tail = etree.SubElement(note, f"{T}foreign", {f"{{{XML_NS}}}lang": "he"})
    tail.text = "הערה בעברית"


def combining_characters(tree: etree._ElementTree, doc_id: str) -> None:
    _add_paragraph(tree, doc_id, "Cafe\u0301 and nai\u0308ve, A\u030angstro\u0308m, Tie\u0302\u0301ng Vie\u0323\u0302t, "
                                 "\u1f00\u0301\u03bb\u03c6\u03b1 and \u0438\u0306\u043e\u0434 (decomposed forms), "
                                 "\u05e9\u05c1\u05b8\u05dc\u05d5\u05b9\u05dd with points.")


def long_word(tree: etree._ElementTree, doc_id: str) -> None:
    _add_paragraph(tree, doc_id, "A word with no place to break: " + "Antidisestablishmentarianism" * 10 + " ends here.")


def empty_and_whitespace(tree: etree._ElementTree, doc_id: str) -> None:
    """A paragraph of white space only, and one that is only a note."""
    _add_paragraph(tree, doc_id, "   ")
    n = int(_last_paragraph(tree).get("n")) + 1
    _add_paragraph(tree, doc_id, f'<note xml:id="{doc_id}.n99" type="editorial" resp="#sde">A paragraph that is '
                                 f"nothing but this note (¶ {n}).</note>")


@dataclass(frozen=True)
class OddDocument:
    id: str
    what: str
    change: Callable[[etree._ElementTree, str], None]
    valid: bool  # does the edition's schema take it (else it is built with --lenient)

    @property
    def doc_id(self) -> str:
        return f"odd-{self.id}"

    def write(self, folder: Path) -> Path:
        tree = renamed(self.doc_id)
        self.change(tree, self.doc_id)
        path = folder / f"{self.doc_id}.xml"
        path.write_bytes(etree.tostring(copy.deepcopy(tree), xml_declaration=True, encoding="UTF-8"))
        return path


ODD_DOCUMENTS = [
    OddDocument("no-divisions", "a body of paragraphs without any division or heading", no_divisions, True),
    OddDocument("notes-in-notes", "a note inside a note", notes_in_notes, True),
    OddDocument("empty-headings", "an empty heading and one of white space only", empty_headings, False),
    OddDocument("right-to-left", "Hebrew and Arabic passages (right-to-left) in a paragraph and in a note",
                right_to_left, True),
    OddDocument("combining", "decomposed letters: base letters with combining accents, Hebrew points",
                combining_characters, True),
    OddDocument("long-word", "a 280-letter word with no place to break the line", long_word, True),
    OddDocument("empty-paragraphs", "a paragraph of white space only, and one that is only a note",
                empty_and_whitespace, False),
]
