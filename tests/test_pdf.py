"""The print edition (edition/pdf.py): a real WeasyPrint PDF of the essay, read back with pypdf and poppler.

Built once per test session (A4), plus one US Letter build, two command-line builds for the byte
comparison and one build that must fail. Nothing here is compared with a stored copy of an earlier run:
every expectation comes from the TEI source or from the PDF's own structure.
"""

from __future__ import annotations

import copy
import io
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html
from pypdf import PdfReader

from edition import NS, TEI_NS, XML_NS, fonts
from edition.cli import main
from edition.decisions import printed_source_details
from edition.errors import EditionError
from edition.ids import citable_units
from edition.output import MARKER
from edition.page_templates import role_list
from edition.pdf import (
    PAPER_SIZES,
    PrintBuilder,
    PrintTransform,
    build_index,
    locate_character,
    one_anchor_per_page,
)
from edition.readings import reading_text, words
from edition.site import SourceDocument, load_document
from tests.support import require_tool, text_element

ROOT = Path(__file__).resolve().parent.parent
TEI = ROOT / "tei" / "sedova-1941-davies.xml"
XML_ID = f"{{{XML_NS}}}id"
LAYOUT_HYPHEN = "\u2010"  # the hyphen the layout adds at a line break (the source uses U+002D only)
MM = 72 / 25.4


# --- building and reading the PDF --------------------------------------------------------------------

@dataclass
class Built:
    doc: SourceDocument
    path: Path
    pdf: bytes
    reader: PdfReader
    pages_text: list[str]  # pdftotext, one string per page
    words_by_page: list[list[tuple[float, float, float, float, str]]]  # bbox words per page (top-left origin)
    page_sizes: list[tuple[float, float]]

    @property
    def text(self) -> str:
        return "\n".join(self.pages_text)

    def running_text(self, first_page: int, last_page: int, min_size: float = 12.5) -> str:
        """The words set at text size (not notes, margins or heads) on those pages, hyphenation undone.
        A word's box is about 1.3 times its size in EB Garamond: 15 pt for the text (11.5 pt), 13.7 for
        block quotations (10.5 pt), 11.7 for the running heads (9 pt), 11 for the notes (8.5 pt)."""
        found = [w[4] for page in self.words_by_page[first_page - 1:last_page] for w in page
                 if w[3] - w[1] >= min_size]
        # A line may end after a hyphen of the source ("well-" / "prepared"): such a word continues.
        return " ".join(found).replace(LAYOUT_HYPHEN + " ", "").replace("- ", "-")

    def dest_page(self, name: str) -> int:
        """1-based page of a named destination."""
        return self.reader.get_destination_page_number(self.reader.named_destinations[name]) + 1


def load(path: Path) -> SourceDocument:
    return load_document(path, lenient=False, validate=None)


def read_back(doc: SourceDocument, path: Path) -> Built:
    pdftotext = require_tool("pdftotext", "reading the PDF's text (poppler-utils)")
    data = path.read_bytes()
    text = subprocess.run([pdftotext, "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    pages_text = text.split("\f")[:-1]
    bbox = subprocess.run([pdftotext, "-enc", "UTF-8", "-bbox", str(path), "-"], check=True,
                          capture_output=True).stdout.decode("utf-8")
    root = lxml_html.fromstring(bbox)
    words_by_page, sizes = [], []
    for page in root.iter("page"):
        sizes.append((float(page.get("width")), float(page.get("height"))))
        words_by_page.append([(float(w.get("xmin")), float(w.get("ymin")), float(w.get("xmax")),
                               float(w.get("ymax")), w.text_content()) for w in page.iter("word")])
    return Built(doc, path, data, PdfReader(path), pages_text, words_by_page, sizes)


@pytest.fixture(scope="module")
def builder() -> PrintBuilder:
    return PrintBuilder("a4", base_url="")


@pytest.fixture(scope="module")
def built(builder, tmp_path_factory) -> Built:
    doc = load(TEI)
    path = tmp_path_factory.mktemp("pdf") / f"{doc.doc_id}.pdf"
    path.write_bytes(builder.render(doc))
    return read_back(doc, path)


@pytest.fixture(scope="module")
def laid_out(builder, built):
    """The WeasyPrint layout of the essay (its page boxes), as the builder makes it for the PDF."""
    return builder.layout(built.doc.meta, builder.transform.render(built.doc.tree))


def joined(text: str) -> str:
    """The PDF text with the layout's hyphenation undone and white space folded."""
    return " ".join(text.replace(LAYOUT_HYPHEN + "\n", "").split())


def choices(tree) -> list[tuple[str, str, str]]:
    """(id, reading as transcribed, corrected reading) of every correction in the text."""
    found = []
    for choice in text_element(tree).iter(f"{{{TEI_NS}}}choice"):
        sic, corr = choice.find(f"{{{TEI_NS}}}sic"), choice.find(f"{{{TEI_NS}}}corr")
        if sic is not None and corr is not None:
            found.append((choice.get(XML_ID), "".join(sic.itertext()), "".join(corr.itertext())))
    return found


def notes(tree) -> list[etree._Element]:
    return list(text_element(tree).iter(f"{{{TEI_NS}}}note"))


# --- the text ----------------------------------------------------------------------------------------

def test_every_word_of_the_corrected_reading_is_in_the_pdf_in_order(built):
    tree = built.doc.tree
    expected = words(reading_text(text_element(tree), "corrected"))
    assert len(expected) > 2500
    found = words(built.running_text(built.dest_page(built.doc.doc_id + ".byline"),
                                     built.dest_page("index-of-names") - 1))
    # A footnote call sticks to the word before it ("irresponsibility" + "a"): those suffixes are allowed.
    calls = {chr(ord("a") + i) for i in range(len(choices(tree)))} | {str(i + 1) for i in range(len(notes(tree)))}
    at = 0
    for number, word in enumerate(expected):
        while at < len(found) and not (found[at] == word or (found[at].startswith(word)
                                                              and found[at][len(word):] in calls)):
            at += 1
        if at == len(found):
            context = " ".join(expected[max(0, number - 8):number + 3])
            pytest.fail(f"word {number} {word!r} is missing from the PDF, or out of order: …{context}…")
        at += 1


def test_the_transcribed_readings_stand_in_the_apparatus(built):
    text = joined(built.text)
    found = choices(built.doc.tree)
    assert found, "the essay has corrections"
    for choice_id, sic, corr in found:
        # "lemma] reading as transcribed; kind; corrected by …", a short lemma with the characters before it
        entry = re.compile(rf"(\S*){re.escape(corr)}\] \1{re.escape(' '.join(sic.split()))} as transcribed; "
                           rf"[a-z ]+; corrected by Sedova Digital Edition\.")
        assert entry.search(text), f"{choice_id}: no apparatus entry {corr}] {sic} in the PDF"
    # The transcribed readings are not in the running text: they appear once each, in their entry.
    assert text.count(" as transcribed;") == len(found)


def test_footnotes_are_the_apparatus_entries_and_the_notes(laid_out, built):
    """At the foot of the page: the apparatus entries (and any note of the author's); the editors' notes are
    endnotes after the text, "Notes of the editors", each linked from its number in the text and back."""
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox

    tree = built.doc.tree
    footnotes = []
    for page in laid_out.pages:
        for area in page._page_box.children:
            if isinstance(area, FootnoteAreaBox):
                footnotes.extend(box.element.get("id") or box.element.get("data-choice") for box in area.children)
    editors = [n for n in notes(tree) if n.get("type") == "editorial" or n.get("resp")]
    expected = [c[0] for c in choices(tree)] + [n.get(XML_ID) for n in notes(tree) if n not in editors]
    assert sorted(set(footnotes)) == sorted(expected)
    # each editors' note after the text, linked both ways (named destinations of the PDF)
    endnotes_page = built.dest_page("ed-endnotes")
    assert endnotes_page > built.dest_page(f"{built.doc.meta.doc_id}.p27")
    html = builder_html(built)
    for note in editors:
        note_id = note.get(XML_ID)
        assert built.dest_page(note_id) >= endnotes_page
        assert built.dest_page(f"{note_id}-ref") < endnotes_page
        assert html.xpath(f"//a[@id='{note_id}-ref']/@href") == [f"#{note_id}"]
        assert html.xpath(f"//p[@id='{note_id}']/a[@class='ed-endnote-num']/@href") == [f"#{note_id}-ref"]
    # …and each note's words are in the PDF, the editors' marked as theirs. (Compared without white space: an
    # address in a note may break at the end of a line, after a slash, where pdftotext reads a space; or after
    # one of its hyphens, which pdftotext cannot tell from the layout's.)
    text = "".join(joined(built.text).replace(LAYOUT_HYPHEN, "-").replace("-", "").split())
    for note in notes(tree):
        label = "[Editors:]" if note in editors else ""
        assert label + "".join(quoted_titles(note).replace("-", "").split()) in text


def quoted_titles(note) -> str:
    """A note's text as the editions print it: the article titles of its references in quotation marks."""
    note = copy.deepcopy(note)
    for title in note.xpath(".//tei:bibl/tei:title[@level = 'a' or @level = 'u']", namespaces=NS):
        title.text = "“" + (title.text or "")
        if len(title):
            title[-1].tail = (title[-1].tail or "") + "”"
        else:
            title.text += "”"
    return "".join(note.itertext())


def builder_html(built: Built):
    """The print HTML of the text, as print.xsl makes it."""
    return lxml_html.fromstring(f"<div>{PrintTransform().render(built.doc.tree).html}</div>")


# --- structure: destinations, outline, margins, running heads ----------------------------------------

def test_every_citable_id_is_a_named_destination(built):
    destinations = set(built.reader.named_destinations)
    units = citable_units(built.doc.tree)
    assert len(units) > 40
    missing = [u.id for u in units if u.id not in destinations]
    assert not missing, f"not named destinations of the PDF: {missing}"
    assert built.dest_page(built.doc.doc_id) == 1  # the document itself: the title page


def test_paragraph_numbers_stand_in_the_margin_on_the_paragraphs_page(built):
    left_margin = 36 * MM
    margin_numbers: list[tuple[int, str]] = []
    for page, page_words in enumerate(built.words_by_page, start=1):
        for x0, _y0, x1, _y1, text in page_words:
            if x1 < left_margin - 1 and text.isdigit():
                margin_numbers.append((page, text))
    paragraphs = [p for p in text_element(built.doc.tree).iter(f"{{{TEI_NS}}}p") if p.get("n")]
    assert [n for _, n in margin_numbers] == [p.get("n") for p in paragraphs]
    for (page, n), p in zip(margin_numbers, paragraphs, strict=True):
        assert built.dest_page(p.get(XML_ID)) == page, f"¶ {n} is numbered on another page than it starts"


def section_labels(tree) -> list[tuple[str, str]]:
    """(div id, outline label) for each division of the body: its heading, or its paragraphs' numbers."""
    labels = []
    for div in tree.getroot().iterfind(".//tei:body/tei:div", NS):
        head = div.find("tei:head", NS)
        if head is not None:
            labels.append((div.get(XML_ID), reading_text(head, "corrected")))
        else:
            numbers = [p.get("n") for p in div.iterfind("tei:p[@n]", NS)]
            labels.append((div.get(XML_ID), f"¶ {numbers[0]}–{numbers[-1]}" if len(numbers) > 1
                           else f"¶ {numbers[0]}"))
    return labels


def test_the_outline_has_the_sections_on_their_pages(built):
    reader, meta = built.reader, built.doc.meta
    outline = reader.outline
    top = [item for item in outline if not isinstance(item, list)]
    assert [item.title for item in top] == ["Colophon", "About this edition", meta.title, "Notes of the editors",
                                            "Index of names"]
    about = outline[outline.index(top[1]) + 1]
    assert [item.title for item in about] == ["Sources", "Editorial principles", "Notes on the text"]
    top = [top[0], top[2], top[4]]
    sections = outline[outline.index(top[1]) + 1]
    expected = section_labels(built.doc.tree)
    assert [" ".join(item.title.split()) for item in sections] == [label for _, label in expected]
    for item, (div_id, label) in zip(sections, expected, strict=True):
        assert reader.get_destination_page_number(item) + 1 == built.dest_page(div_id), label
    index = outline[outline.index(top[2]) + 1]
    assert [item.title for item in index] == ["Persons", "Places", "Organisations"]


def running_head(built: Built, page: int) -> str:
    top = 24 * MM
    return " ".join(w[4] for w in built.words_by_page[page - 1] if w[3] < top - 2)


def test_running_heads_carry_author_title_section_and_page_number(built):
    meta = built.doc.meta
    labels = {div_id: label for div_id, label in section_labels(built.doc.tree)}
    starts = sorted((built.dest_page(div_id), order, meta.title if label.startswith("¶") else label)
                    for order, (div_id, label) in enumerate(labels.items()))
    starts.append((built.dest_page("ed-endnotes"), len(starts), "Notes of the editors"))
    starts.sort()
    first_text_page = built.dest_page(f"{meta.doc_id}.p1")
    last_text_page = built.dest_page("index-of-names") - 1
    # the text opens on a right-hand page after the title page, the colophon and "About this edition"
    assert first_text_page >= 3 and first_text_page % 2 == 1 and last_text_page > first_text_page
    assert running_head(built, first_text_page) == ""  # the opening page has its number at the foot
    for page in range(first_text_page + 1, last_text_page + 1):
        head = running_head(built, page)
        if page % 2 == 0:
            assert head == f"{page} {meta.author} · {meta.title}"
        else:
            on_page = [label for p, _, label in starts if p == page]
            before = [label for p, _, label in starts if p < page]
            assert head == f"{on_page[0] if on_page else before[-1]} {page}"


def test_no_widows_no_orphans_no_stranded_headings(laid_out, built):
    from weasyprint.formatting_structure.boxes import LineBox

    doc = built.doc

    def lines(box, owner, page, counts):
        element_id = box.element.get("id") if getattr(box, "element", None) is not None else None
        if element_id and box.element_tag == "p" and element_id.startswith(doc.doc_id + "."):
            owner = element_id
        for child in getattr(box, "children", None) or []:
            if isinstance(child, LineBox) and owner:
                counts[(owner, page)] = counts.get((owner, page), 0) + 1
            else:
                lines(child, owner, page, counts)
        return counts

    counts: dict[tuple[str, int], int] = {}
    for number, page in enumerate(laid_out.pages, start=1):
        lines(page._page_box, None, number, counts)
    by_paragraph: dict[str, list[int]] = {}
    for (paragraph, _page), count in sorted(counts.items(), key=lambda item: item[0][1]):
        by_paragraph.setdefault(paragraph, []).append(count)
    split = {p: parts for p, parts in by_paragraph.items() if len(parts) > 1}
    assert split, "some paragraph runs over a page break (else this test tests nothing)"
    for paragraph, parts in split.items():
        assert min(parts) >= 3, f"{paragraph}: lines per page {parts} (orphans and widows are 3)"
    for div in doc.tree.getroot().iterfind(".//tei:body/tei:div[tei:head]", NS):
        head, first = div.find("tei:head", NS), div.find("tei:p", NS)
        assert built.dest_page(head.get(XML_ID)) == built.dest_page(first.get(XML_ID)), \
            f"the heading {head.get(XML_ID)} stands alone at the foot of a page"


# --- the index of names ------------------------------------------------------------------------------

def test_the_index_names_each_page_once_with_numbers_the_layout_computed(built):
    assert_index_pages(built)


def assert_index_pages(built: Built) -> None:
    """Each number of the index is one link to a name's occurrence and is the page it stands on; every entity
    named has an entry that lists each page it is named on, once, in order."""
    reader = built.reader
    destinations = reader.named_destinations
    pages_of: dict[str, set[int]] = {}
    for name in destinations:
        if name.startswith("idx-"):
            pages_of.setdefault(name[4:].rsplit("-", 1)[0], set()).add(built.dest_page(name))
    listed: dict[str, list[int]] = {}
    first_index_page = built.dest_page("index-of-names")
    for page in range(first_index_page, len(reader.pages) + 1):
        height = built.page_sizes[page - 1][1]
        seen = set()
        for annotation in reader.pages[page - 1].get("/Annots", []):
            link = annotation.get_object()
            dest = str(link.get("/Dest", ""))
            x0, y0, x1, y1 = (float(v) for v in link["/Rect"])
            if not dest.startswith("idx-"):
                continue
            assert (dest, x0, y0) not in seen, f"{dest}: two links on one number"
            seen.add((dest, x0, y0))
            target = built.dest_page(dest)
            top, bottom = height - max(y0, y1), height - min(y0, y1)
            printed = [w[4] for w in built.words_by_page[page - 1]
                       if x0 - 1 <= (w[0] + w[2]) / 2 <= x1 + 1 and top - 1 <= (w[1] + w[3]) / 2 <= bottom + 1]
            assert [re.sub(r"\D", "", w) for w in printed] == [str(target)], (dest, printed)
            listed.setdefault(dest[4:].rsplit("-", 1)[0], []).append(target)
    assert set(listed) == set(pages_of), "every named entity has an index entry, and only those"
    for entity, numbers in listed.items():
        assert numbers == sorted(set(numbers)), f"{entity}: pages not once each, in order: {numbers}"
        assert set(numbers) == pages_of[entity], f"{entity}: index {numbers}, named on {sorted(pages_of[entity])}"


def test_an_index_that_begins_on_a_left_page_is_numbered_on_from_the_text(builder, tmp_path):
    """The index is laid out apart from the body: when the body ends on an odd page, the index begins on an
    even (left) page, numbered on from the body's last page, and its numbers are still the names' pages."""
    tree = etree.parse(str(TEI))
    divs = tree.getroot().findall(".//tei:body/tei:div", NS)
    for keep in range(1, len(divs) + 1):
        for div in divs[keep:]:
            div.getparent().remove(div)
        path = tmp_path / TEI.name
        tree.write(str(path), encoding="utf-8", xml_declaration=True)
        doc = load(path)
        document = builder.layout(doc.meta, builder.transform.render(doc.tree))
        first = next(n for n, page in enumerate(document.pages, start=1) if "index-of-names" in page.anchors)
        if first % 2 == 0:
            break
        tree = etree.parse(str(TEI))
        divs = tree.getroot().findall(".//tei:body/tei:div", NS)
    else:
        pytest.skip("no cut of the essay ends its text on an odd page")
    pdf = tmp_path / "left.pdf"
    pdf.write_bytes(builder.render(doc))
    back = read_back(doc, pdf)
    assert back.dest_page("index-of-names") == first
    assert_index_pages(back)
    foot = [w[4] for w in back.words_by_page[first - 1] if w[1] > back.page_sizes[first - 1][1] - 28 * MM]
    assert foot == [str(first)], "the opening page of the index has its number, the page's, at the foot"
    for page in range(first + 1, len(back.reader.pages) + 1):
        head = running_head(back, page)
        assert head == (f"{page} Index of names" if page % 2 == 0 else f"Index of names {page}")


def test_index_headings_and_page_selection():
    doc = load(TEI)
    groups = build_index(doc.meta, {"stalin": ["a", "b", "c"], "moscow": ["d"], "nobody": ["e"]})
    assert [(g.kind, [e.heading for e in g.entries]) for g in groups] == [("person", ["Stalin, Joseph"]),
                                                                          ("place", ["Moscow"])]
    once = one_anchor_per_page(groups, {"a": 3, "b": 3, "c": 4, "d": 5})
    assert once[0].entries[0].anchors == ("a", "c")


def test_persons_are_indexed_by_surname_as_the_list_marks_it():
    """"Sedova Trotsky, Natalia" (a two-word surname), not "Trotsky, Natalia Sedova" (the last word)."""
    doc = load(TEI)
    persons = [e for e in doc.meta.entities.values() if e.kind == "person"]
    marked = [e for e in persons if e.surname and len(e.surname.split()) > 1]
    assert marked, "the essay's list has a person whose surname is more than one word"
    (group,) = build_index(doc.meta, {e.id: ["x"] for e in persons})
    headings = [e.heading for e in group.entries]
    assert headings == [e.index_heading for e in sorted(persons, key=lambda e: (e.sort_key, e.id))]
    for entity in marked:
        assert f"{entity.surname}, {entity.forename}" in headings
    assert headings.index("Davies, Joseph E.") < headings.index("Dewey, John")


# --- metadata, archival form, fonts ------------------------------------------------------------------

def test_document_metadata_comes_from_the_header(built):
    meta = built.doc.meta
    info = built.reader.metadata
    assert info.title == meta.title
    assert info.author == meta.author
    assert meta.printed_source.journal in info.subject and printed_source_details(meta.printed_source) in info.subject
    assert info["/Keywords"] == ", ".join(meta.keywords)
    assert info["/CreationDate"] == "D:" + meta.edition_date.when.replace("-", "")
    latest = max(r.when for r in meta.revisions)
    assert info["/ModDate"] == "D:" + latest.replace("-", "")
    assert built.reader.trailer["/Root"]["/Lang"] == meta.language
    xmp = built.reader.xmp_metadata
    assert xmp.dc_title["x-default"] == meta.title
    assert xmp.dc_creator == [meta.author]


def test_the_pdf_is_pdfa_3b_tagged_with_the_tei_source_embedded(built):
    catalog = built.reader.trailer["/Root"]
    rdf = built.reader.xmp_metadata.rdf_root.toxml()
    assert 'pdfaid:part="3"' in rdf and 'pdfaid:conformance="B"' in rdf
    assert catalog["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    assert catalog["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in catalog
    name = f"{built.doc.doc_id}.xml"
    assert built.reader.attachments[name] == [TEI.read_bytes()]
    associated = [entry.get_object() for entry in catalog["/AF"]]
    assert len(associated) == 1 and associated[0]["/UF"] == name
    assert associated[0]["/AFRelationship"] == "/Source"
    embedded = associated[0]["/EF"]["/F"].get_object()
    assert embedded["/Subtype"] == "/application/tei+xml"  # TEI's MIME type (RFC 6129)
    assert embedded["/Params"]["/ModDate"].startswith("D:" + built.doc.meta.edition_date.when.replace("-", ""))
    # Other PDF/A requirements that can be read off the file: a file identifier, no encryption.
    assert "/ID" in built.reader.trailer and not built.reader.is_encrypted


def font_files(reader: PdfReader) -> dict[str, bool]:
    """BaseFont name → whether the font program is embedded, for every font the pages use."""
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts


def embedded_families(reader: PdfReader) -> set[str]:
    """The typefaces of the embedded fonts: "/ABCDEF+Edition-EB-Garamond-Italic" → "EB Garamond"."""
    found = set()
    for name in font_files(reader):
        base = name.split("+", 1)[-1].replace("-", " ").removeprefix("Edition ")
        found.add(next((f for f in fonts.FAMILIES if base.startswith(f)), base))
    return found


def colophon_fonts(built: Built) -> str:
    """The colophon's sentence on the fonts, as pdftotext reads it (the colophon may run on to a second page)."""
    text = " ".join(" ".join(built.pages_text[1:3]).split()).replace(LAYOUT_HYPHEN + " ", "")
    found = re.search(r"Set in [^.]*\.", text)
    assert found, text
    return found.group(0)


def test_every_font_is_the_editions_own_embedded_and_covering_every_character(built, builder):
    from fontTools.ttLib import TTFont

    embedded = font_files(built.reader)
    assert embedded and all(embedded.values()), f"fonts not embedded: {embedded}"
    assert all(re.fullmatch(r"/[A-Z]{6}\+Edition-EB-Garamond(-Italic)?", name) for name in embedded), sorted(embedded)
    html = builder.print_html(built.doc.meta, builder.transform.render(built.doc.tree), ())
    characters = set(lxml_html.fromstring(html.encode()).text_content()) | set("0123456789·‐.,)–")
    for face in fonts.FACES[:2]:  # EB Garamond, roman and italic, from its pip package
        cmap = TTFont(fonts.font_path(face)).getBestCmap()
        missing = sorted(c for c in characters if fonts.needs_glyph(c) and ord(c) not in cmap)
        assert not missing, f"{face.file} lacks {missing}"
    assert colophon_fonts(built) == "Set in EB Garamond."


def test_hebrew_is_set_in_the_packaged_hebrew_font_and_the_colophon_says_so(builder, tmp_path):
    """A text with Hebrew (a fixture in the style of other projects) is set in Frank Ruhl Libre, from pip."""
    fixture = ROOT / "tests" / "fixtures" / "foreign" / "multilingual.xml"
    doc = load(fixture)
    path = tmp_path / "multilingual.pdf"
    path.write_bytes(builder.render(doc))
    assert builder.warnings == []
    back = read_back(doc, path)
    hebrew = [c for c in reading_text(text_element(doc.tree), "corrected") if "\u0590" <= c <= "\u05ff"]
    assert hebrew and any("\u05d0" <= c <= "\u05ea" for c in back.text)
    assert all(font_files(back.reader).values())
    assert embedded_families(back.reader) == {"EB Garamond", "Frank Ruhl Libre"}
    assert colophon_fonts(back) == "Set in EB Garamond, with Frank Ruhl Libre for Hebrew."


def test_a_pdf_leaves_no_copies_of_the_fonts_behind(builder, tmp_path, monkeypatch):
    """WeasyPrint copies the fonts into a temporary folder (2 MB a PDF); it goes once the PDF is written,
    not when Python happens to collect the layout (never, in build.py's own process)."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    builder.render(load(ROOT / "tests" / "fixtures" / "foreign" / "multilingual.xml"))
    assert not list(tmp_path.iterdir())


def test_a_character_no_font_of_the_edition_has_is_a_warning_naming_it_and_the_text(builder, tmp_path):
    """U+2603 is in no packaged font: a warning with its name and place. The PDF then takes it from a font
    of the machine, if there is one (the colophon names that font), else the build stops (no glyph)."""
    source = TEI.read_bytes().replace(b"Before his death", "Before \u2603 his death".encode(), 1)
    path = tmp_path / TEI.name
    path.write_bytes(source)
    doc = load(path)
    try:
        back = builder.render(doc)
    except EditionError as error:
        assert "U+2603" in error.message
        back = None
    (warning,) = builder.warnings
    before = source[:source.index("\u2603".encode())].decode()
    assert (warning.severity, warning.rule, warning.path) == ("warning", "pdf-fonts", doc.shown)
    assert (warning.line, warning.column) == (before.count("\n") + 1, len(before) - before.rfind("\n"))
    assert "U+2603 SNOWMAN" in warning.message and doc.meta.title in warning.message
    if back is not None:
        out = tmp_path / "out.pdf"
        out.write_bytes(back)
        other = embedded_families(PdfReader(out)) - set(fonts.FAMILIES)
        assert other and all(name in colophon_fonts(read_back(doc, out)) for name in other)


def test_small_capitals_are_the_fonts_own_and_copy_as_text(built):
    """Small capitals come from the font (OpenType smcp), so text copied from the PDF reads as written."""
    assert "font-variant-caps: small-caps" in (ROOT / "static" / "print.css").read_text()
    title_page = " ".join(built.pages_text[0].split())
    assert title_page.startswith(built.doc.meta.author)  # "Natalia Sedova Trotsky", in small capitals
    assert built.pages_text[1].lstrip().startswith("Colophon\n")


def test_the_title_page_is_centred(builder, laid_out):
    """Every line of the title page has its centre at the page's centre (WeasyPrint's own layout)."""
    page = laid_out.pages[0]._page_box
    width = page.margin_width()
    lines = []

    def walk(box, classes=""):
        classes = box.element.get("class", "") if getattr(box, "element", None) is not None and \
            box.element_tag == "p" else classes
        if type(box).__name__ == "LineBox":
            texts = [b for b in box.descendants() if type(b).__name__ == "TextBox"]
            if texts:
                left = min(b.position_x for b in texts)
                right = max(b.position_x + b.width for b in texts)
                lines.append((classes, left, right))
            return
        for child in getattr(box, "children", ()):
            walk(child, classes)

    walk(page)
    assert {"tp-author", "tp-title"} <= {c for c, _, _ in lines}, lines
    for classes, left, right in lines:
        assert abs((left + right) / 2 - width / 2) < 0.5, (classes, (left + right) / 2 - width / 2)


def test_a_character_the_font_lacks_stops_the_build_at_its_place_in_the_source(builder, tmp_path):
    source = TEI.read_bytes().replace(b"Before his death", "Before his death 中".encode(), 1)
    path = tmp_path / TEI.name
    path.write_bytes(source)
    with pytest.raises(EditionError, match="U\\+4E2D") as raised:
        builder.render(load(path))
    before = source[:source.index("中".encode())].decode()
    (problem,) = raised.value.problems
    assert (problem.line, problem.column) == (before.count("\n") + 1, len(before) - before.rfind("\n"))
    assert problem.rule == "pdf-fonts" and "U+4E2D" in problem.message


def test_a_character_is_located_as_itself_or_as_a_character_reference():
    assert locate_character("<a>\n  x中</a>".encode(), "中") == (2, 4)
    assert locate_character(b"<a>\n\n &#x4e2D;</a>", "中") == (3, 2)
    assert locate_character(b"<a>&#20013;</a>", "中") == (1, 4)
    assert locate_character("<a>中</a>".encode("utf-16"), "中") == (1, 4)
    assert locate_character(b"<a>no such character</a>", "中") == (0, 0)
    assert locate_character("<a>ω\nΩ</a>".encode(), "Ω") == (2, 1)  # not the small letter


# --- paper, pages, determinism, the command ----------------------------------------------------------

def test_a4_pages_and_a_sensible_page_count(built):
    count = len(built.reader.pages)
    # the words of the text and of the editors' notes, and those of "About this edition" (the header's
    # editorial declaration, sources and notes statement)
    word_count = len(words(reading_text(text_element(built.doc.tree), "corrected", include_editorial_notes=True)))
    header = built.doc.tree.getroot().find("tei:teiHeader", NS)
    about = [el for path in ("tei:encodingDesc/tei:editorialDecl", "tei:fileDesc/tei:sourceDesc",
                             "tei:fileDesc/tei:notesStmt") for el in header.iterfind(path, NS)]
    word_count += sum(len(words(" ".join(el.itertext()))) for el in about)
    assert 2 + word_count / 700 <= count <= 6 + word_count / 250
    assert all(abs(w - 595.28) < 0.1 and abs(h - 841.89) < 0.1 for w, h in built.page_sizes)


def test_us_letter_on_request(tmp_path):
    from edition.build import Build, BuildRequest

    doc = load(TEI)
    Build(BuildRequest(paths=[TEI], out=tmp_path / "site", outputs=frozenset({"pdf"}), paper="letter",
                       base_url="https://example.org/sedova/", jobs=1)).run()
    back = read_back(doc, tmp_path / "site" / doc.doc_id / f"{doc.doc_id}.pdf")
    assert all(abs(w - 612) < 0.1 and abs(h - 792) < 0.1 for w, h in back.page_sizes)
    assert "https://example.org/sedova/sedova-1941-davies/" in joined(back.text)
    assert {u.id for u in citable_units(doc.tree)} <= set(back.reader.named_destinations)


def test_an_unknown_paper_size_is_refused():
    with pytest.raises(EditionError, match="a4, letter"):
        PrintBuilder("a5", "")
    assert set(PAPER_SIZES) == {"a4", "letter"}
    assert main(["pdf", "--paper", "a5"]) == 2


def have_validator() -> bool:
    try:
        import edition.validate  # noqa: F401
    except ImportError:
        return False
    return True


def test_two_command_line_builds_are_byte_identical(tmp_path):
    outputs = []
    for run in ("one", "two"):
        out = tmp_path / run
        command = [sys.executable, "build.py", "pdf", str(TEI), "--out", str(out)]
        if not have_validator():
            command.append("--lenient")
        done = subprocess.run(command, check=False, cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        outputs.append((out / "sedova-1941-davies" / "sedova-1941-davies.pdf").read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0].startswith(b"%PDF-1.7")


def test_bad_input_is_a_clear_message_and_leaves_the_output_alone(tmp_path, capsys):
    site = tmp_path / "site"
    kept = site / "sedova-1941-davies" / "sedova-1941-davies.pdf"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"%PDF- an earlier build")
    (site / MARKER).write_text("made by an earlier build\n")  # the pipeline's own folder (edition.output)
    broken = tmp_path / "broken.xml"
    broken.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="broken">\n  <teiHeader>\n</TEI>\n')
    assert main(["pdf", str(broken), "--out", str(site), "--lenient"]) == 1
    err = capsys.readouterr().err
    assert re.search(r"broken\.xml:\d+:\d+: error: .*—", err), err
    assert "Traceback" not in err
    assert kept.read_bytes() == b"%PDF- an earlier build"
    assert sorted(p.name for p in site.iterdir()) == [MARKER, "sedova-1941-davies"]


def test_role_labels_read_as_one_phrase():
    assert role_list(("TEI encoding", "Editorial corrections and notes")) == \
        "TEI encoding, editorial corrections and notes"
    assert role_list(("Transcription", "HTML markup")) == "Transcription, HTML markup"


def test_the_source_date_not_the_clock_dates_the_pdf(builder, tmp_path):
    later = TEI.read_bytes().replace(b'<date when="2026-12-07">7 December 2026</date></edition>',
                                     b'<date when="2031-02-03">3 February 2031</date></edition>')
    assert later != TEI.read_bytes()
    path = tmp_path / TEI.name
    path.write_bytes(later)
    reader = PdfReader(io.BytesIO(builder.render(load(path))))
    assert reader.metadata["/CreationDate"] == "D:20310203"


def test_weasyprint_loads_when_the_linker_cache_knows_none_of_its_libraries() -> None:
    """The fast library search is only a shortcut: with a cache that finds nothing, the import still works."""
    script = (
        "import ctypes.util\n"
        "ctypes.util._findSoname_ldconfig = lambda name: None\n"
        "from edition import pdf\n"
        "pdf._import_weasyprint()\n"
        "import weasyprint\n"
        "assert ctypes.util.find_library.__name__ == 'find_library'\n"
        "print('loaded', weasyprint.__version__)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        check=False,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("loaded ")
