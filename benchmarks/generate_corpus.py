#!/usr/bin/env python3
"""Make a corpus of N realistic TEI texts from the encoded essay, for benchmarks (never for tei/).

    python benchmarks/generate_corpus.py OUT --count 100 [--seed 1] [--length 1.0] [--local-lists]

Writes OUT/tei/bench-00001.xml … and OUT/tei/shared/names.xml. Each text is the essay's header and
sections, re-cut to a length between a tenth and ten times the essay (log-uniform; `--length F` gives
every text F times the essay's 27 paragraphs instead), starting at a different section, with:

- a fresh document ID (file name, xml:id, idno) and a title that names the copy;
- fresh citable IDs: divisions .d1…, headings .h1…, paragraphs .p1… numbered 1…n through the body,
  quotations .q1… (their paragraphs .q1p1…), notes .n1…, corrections .c1…, the title page and closer;
- names pointing to the shared list `shared/names.xml` (one entry, many texts), which holds the essay's
  persons, places and organisations; with `--local-lists` every text keeps its own lists instead
  (entries it does not use are dropped, as an editor would).

Every generated text is valid against the project's schema (the benchmark checks that it validates).
The texts are synthetic: they exist to measure the pipeline, and are never committed to tei/.
"""

from __future__ import annotations

import argparse
import copy
import math
import random
import sys
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from edition import TEI_NS, XML_NS
from edition.xmlsafe import parse_file

ESSAY = ROOT / "tei" / "sedova-1941-davies.xml"
ESSAY_ID = "sedova-1941-davies"
T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"
POINTERS = ("ref", "resp", "who", "source", "corresp", "target")
SHARED_FILE = "shared/names.xml"


def _renumber(div: etree._Element, doc_id: str, counters: dict[str, int]) -> None:
    """Fresh IDs for a copied division and everything in it; body paragraphs numbered on."""
    def next_id(kind: str) -> str:
        counters[kind] = counters.get(kind, 0) + 1
        return f"{doc_id}.{kind}{counters[kind]}"

    div.set(XML_ID, next_id("d"))
    for el in div.iter():
        if el is div or not isinstance(el.tag, str) or el.get(XML_ID) is None:
            continue
        name = etree.QName(el).localname
        if name == "head":
            el.set(XML_ID, next_id("h"))
        elif name == "cit":
            el.set(XML_ID, next_id("q"))
            for i, p in enumerate(el.iter(f"{T}p"), start=1):
                p.set(XML_ID, f"{el.get(XML_ID)}p{i}")
        elif name == "p" and el.getparent().tag in (f"{T}div", f"{T}body"):
            el.set(XML_ID, next_id("p"))
            el.set("n", str(counters["p"]))
        elif name == "note":
            el.set(XML_ID, next_id("n"))
        elif name == "choice":
            el.set(XML_ID, next_id("c"))


def _paragraphs(div: etree._Element) -> list[etree._Element]:
    return [p for p in div.iter(f"{T}p") if p.getparent() is div]


def make_text(essay: etree._Element, number: int, factor: float, rng: random.Random, *, shared: bool) -> bytes:
    doc_id = f"bench-{number:05d}"
    root = copy.deepcopy(essay)
    root.set(XML_ID, doc_id)
    title = f"Mr. Davies and the Moscow Trials (benchmark text {number})"
    for el in root.iter(f"{T}title"):
        if el.get("type") == "main":
            el.text = title
    for el in root.iter(f"{T}titlePart"):  # the title page reads the main title (else a warning, ed-title-matches)
        for child in list(el):
            el.remove(child)
        el.text = title
    for el in root.iter(f"{T}idno"):
        if el.get("type") == "doc-id":
            el.text = doc_id
    for el in root.iter():
        uid = el.get(XML_ID) if isinstance(el.tag, str) else None
        if uid and uid.startswith(ESSAY_ID + "."):
            el.set(XML_ID, doc_id + uid[len(ESSAY_ID):])

    body = root.find(f"{T}text/{T}body")
    sections = [el for el in body if isinstance(el.tag, str)]
    closer = copy.deepcopy(next(body.iter(f"{T}closer")))
    for el in list(body):
        body.remove(el)
    wanted = max(1, round(27 * factor))
    counters: dict[str, int] = {}
    start = rng.randrange(len(sections))
    i = start
    while counters.get("p", 0) < wanted:
        section = copy.deepcopy(sections[i % len(sections)])
        i += 1
        if section.tag != f"{T}div":
            if counters.get("p"):
                body.append(section)  # the row of asterisks, between sections only
            continue
        for old in section.iter(f"{T}closer"):
            old.getparent().remove(old)
        paragraphs = _paragraphs(section)
        for extra in paragraphs[wanted - counters.get("p", 0):]:
            # keep a quotation only while the paragraph that introduces it stays
            following = extra.getnext()
            section.remove(extra)
            if following is not None and following.tag == f"{T}cit" and following.getprevious() is None:
                section.remove(following)
        for cit in [c for c in section if c.tag == f"{T}cit"]:
            previous = cit.getprevious()
            if previous is None or previous.tag not in (f"{T}p", f"{T}head") or previous.tag == f"{T}head":
                section.remove(cit)
        if not _paragraphs(section):
            continue
        _renumber(section, doc_id, counters)
        body.append(section)
    last = [d for d in body if d.tag == f"{T}div"][-1]
    closer.set(XML_ID, f"{doc_id}.closer")
    last.append(closer)
    while body[-1].tag != f"{T}div":
        body.remove(body[-1])

    stand_off = root.find(f"{T}standOff")
    for kinds in ((f"{T}bibl",), (f"{T}person", f"{T}place", f"{T}org")):  # cited works first: they name people
        used = {token[1:] for el in root.iter() if isinstance(el.tag, str)
                for attr in POINTERS for token in (el.get(attr) or "").split() if token.startswith("#")}
        for entry in list(stand_off.iter(*kinds)):
            if entry.getparent().getparent() is stand_off and entry.get(XML_ID) not in used:
                entry.getparent().remove(entry)
    if shared:
        names = {e.get(XML_ID) for e in stand_off.iter(f"{T}person", f"{T}place", f"{T}org")}
        for el in root.iter():
            for attr in ("ref", "resp", "who"):
                value = el.get(attr) if isinstance(el.tag, str) else None
                if value and any(t[1:] in names for t in value.split() if t.startswith("#")):
                    el.set(attr, " ".join(f"{SHARED_FILE}#{t[1:]}" if t.startswith("#") and t[1:] in names else t
                                          for t in value.split()))
        for lst in list(stand_off):
            if lst.tag in (f"{T}listPerson", f"{T}listPlace", f"{T}listOrg"):
                stand_off.remove(lst)
    for lst in list(stand_off):
        if not len(lst):
            stand_off.remove(lst)
    if not len(stand_off):
        root.remove(stand_off)
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8") + b"\n"


def shared_lists(essay: etree._Element) -> bytes:
    """The essay's persons, places and organisations as the corpus's shared list."""
    tei = etree.Element(f"{T}TEI", nsmap={None: TEI_NS}, type="shared-lists")
    header = etree.SubElement(tei, f"{T}teiHeader")
    file_desc = etree.SubElement(header, f"{T}fileDesc")
    etree.SubElement(etree.SubElement(file_desc, f"{T}titleStmt"), f"{T}title").text = \
        "Persons, places and organisations named in the benchmark corpus"
    etree.SubElement(etree.SubElement(file_desc, f"{T}publicationStmt"), f"{T}p").text = \
        "Generated for benchmarks from the lists of the encoded essay; not part of the edition."
    etree.SubElement(etree.SubElement(file_desc, f"{T}sourceDesc"), f"{T}p").text = \
        "The standOff lists of tei/sedova-1941-davies.xml."
    stand_off = etree.SubElement(tei, f"{T}standOff")
    for name in ("listPerson", "listPlace", "listOrg"):
        for lst in essay.find(f"{T}standOff").iter(f"{T}{name}"):
            stand_off.append(copy.deepcopy(lst))
    etree.indent(tei)
    return etree.tostring(tei, xml_declaration=True, encoding="UTF-8") + b"\n"


def length_factor(rng: random.Random, fixed: float | None) -> float:
    return fixed if fixed is not None else math.exp(rng.uniform(math.log(0.1), math.log(10)))


def generate(out: Path, count: int, *, seed: int = 1, length: float | None = None, shared: bool = True
             ) -> list[Path]:
    essay = parse_file(ESSAY).getroot()
    tei = Path(out) / "tei"
    (tei / "shared").mkdir(parents=True, exist_ok=True)
    if shared:
        (tei / "shared" / "names.xml").write_bytes(shared_lists(essay))
    paths = []
    for number in range(1, count + 1):
        rng = random.Random(f"{seed}:{number}")
        path = tei / f"bench-{number:05d}.xml"
        path.write_bytes(make_text(essay, number, length_factor(rng, length), rng, shared=shared))
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write OUT/tei/*.xml into")
    parser.add_argument("--count", type=int, default=10, help="number of texts (default 10)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1): same seed, same corpus")
    parser.add_argument("--length", type=float, default=None,
                        help="every text this many times the essay's length (default: varied, 0.1 to 10)")
    parser.add_argument("--local-lists", action="store_true", help="each text keeps its own lists of names")
    args = parser.parse_args(argv)
    paths = generate(args.out, args.count, seed=args.seed, length=args.length, shared=not args.local_lists)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} texts, {size / 1e6:.1f} MB → {args.out / 'tei'}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
