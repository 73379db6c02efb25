"""The provenance block of an archive page, read by its labels ("Written:", "Source:", "Transcription/Markup:"
…) into the facts the TEI header records. Labels are compared in a normal form (case, spaces, slashes and
backslashes, "by", trailing colons folded), so every spelling the archive's pages use maps to one key."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Block, Inline, plain
from .dates import IsoDate, parse_date

# normal form of a label -> key. A label not here is kept in a note and reported, never dropped.
LABELS = {
    "written": "written", "date written": "written", "delivered": "written", "dated": "written",
    "first published": "published", "published": "published", "first publication": "published",
    "first printed": "published",
    "source": "source", "source of the text": "source", "original source": "source",
    "publisher": "publisher", "published by": "publisher",
    "translated": "translated", "translation": "translated", "translator": "translated",
    "transcription/markup": "transcription+markup", "transcription/html markup": "transcription+markup",
    "transcribed/html markup": "transcription+markup", "transcription/html": "transcription+markup",
    "transcribed/markup": "transcription+markup", "transcription & markup": "transcription+markup",
    "transcription and markup": "transcription+markup", "transcription, markup": "transcription+markup",
    "transcription": "transcribed", "transcribed": "transcribed", "transcriber": "transcribed",
    "html markup": "markup", "markup": "markup", "html": "markup", "html mark-up": "markup",
    "proofread": "proofread", "proofed": "proofread", "proofreading": "proofread", "proof-read": "proofread",
    "proofread and corrected": "proofread", "checked": "proofread",
    "online version": "online", "online": "online", "online edition": "online",
    "copyleft": "rights", "public domain": "rights", "copyright": "rights", "license": "rights",
    "licence": "rights",
}


def normal_label(label: str) -> str:
    text = " ".join(label.replace("\\", "/").replace("\u00a0", " ").split()).lower().rstrip(":").strip()
    text = " ".join(text.replace(" / ", "/").replace("/ ", "/").replace(" /", "/").split())
    return text[:-3].strip() if text.endswith(" by") else text


def label_key(label: str) -> str | None:
    return LABELS.get(normal_label(label))


@dataclass
class Entry:
    label: str  # as the page writes it
    key: str | None  # None: a label this importer does not know
    inlines: list[Inline] = field(default_factory=list)

    @property
    def value(self) -> str:
        text = plain(self.inlines).strip()
        text = text[1:].strip() if text.startswith(":") else text
        return text.rstrip(";").strip()


def _is_bold_label(piece: Inline) -> bool:
    """**Source:** or <b>Source</b>: a bold label (with its colon inside or after it)."""
    if piece.kind != "hi" or piece.value != "bold":
        return False
    text = plain(piece.children)
    return text.endswith(":") or label_key(text) is not None


def has_labels(block: Block) -> bool:
    """Whether a paragraph is (part of) a provenance block: it holds a label the importer knows."""
    return block.kind == "p" and any(label_key(text) for text in _label_texts(block.inlines))


def _label_texts(inlines: list[Inline]) -> list[str]:
    found = [plain([i]) for i in inlines if i.kind == "label"]
    found += [plain(i.children) for i in inlines if _is_bold_label(i)]
    return found


def entries(blocks: list[Block]) -> list[Entry]:
    """The label/value pairs of the provenance paragraphs, in order."""
    found: list[Entry] = []
    for block in blocks:
        current: Entry | None = None
        for piece in block.inlines:
            if piece.kind == "label" or (_is_bold_label(piece) and (current is None or _after_break(current))):
                text = plain([piece]) if piece.kind == "label" else plain(piece.children)
                current = Entry(text, label_key(text))
                found.append(current)
            elif current is not None:
                current.inlines.append(piece)
            elif piece.kind != "br" and plain([piece]).strip():
                found.append(current := Entry("", None, [piece]))
    return [e for e in found if e.label or e.value]


def _after_break(entry: Entry) -> bool:
    tail = [i for i in entry.inlines if i.kind != "text" or i.value.strip()]
    return not tail or tail[-1].kind == "br"


_PLAIN_LABEL = re.compile(r"^(?P<space>\s*)(?P<label>[A-Z][^:\n]{0,40}?)\s*:(?P<rest>.*)$", re.DOTALL)


def mark_plain_labels(block: Block) -> Block:
    """A paragraph whose lines begin "Source: …" in plain text (no label markup): its labels marked."""
    if block.kind != "p" or has_labels(block) or len(plain(block.inlines).split()) > 150:
        return block
    out: list[Inline] = []
    line_start = True
    for piece in block.inlines:
        match = _PLAIN_LABEL.match(piece.value) if piece.kind == "text" and line_start else None
        if match and label_key(match["label"]):
            out += [Inline("label", match["label"] + ":"), Inline("text", match["rest"])]
        else:
            out.append(piece)
        line_start = piece.kind == "br" or (line_start and piece.kind == "text" and not piece.value.strip())
    return Block(block.kind, out, block.level, block.classes, block.children, block.items, block.rows,
                 block.value, block.line) if len(out) != len(block.inlines) else block


# ------------------------------------------------------------------------- agents (people who did a job)

@dataclass(frozen=True)
class Agent:
    name: str
    is_org: bool = False


_ORG_WORDS = ("marxists.org", "internet archive", "archive", "publishers", "mia")
_FOR = re.compile(r"(?:^|,?\s+)for\s+(?P<org>\S+(?:\s+(?!in\b)\S+)*?)(?:\s+in\b.*)?$", re.IGNORECASE)
_CUT = re.compile(r"\s+(?:from the|from|for|in)\s+.*$|,.*$|\(.*?\)", re.IGNORECASE)
_LEAD = re.compile(r"^(?:and\s+)?(?:corrected\s+)?by\s+", re.IGNORECASE)


def agents(value: str, date: IsoDate | None) -> list[Agent]:
    """The people (or bodies) a responsibility value names: "by Andy Blunden February 2005" → Andy Blunden;
    "Zodiac/Brian Baggins" → Zodiac, Brian Baggins; "for marxists.org in August, 2002" → marxists.org."""
    text = value.replace(date.text, " ") if date else value
    text = _LEAD.sub("", " ".join(text.split()).strip(" .;"))
    person = _FOR.sub("", text).strip(" .;,")
    if not person and _FOR.search(text):  # "for marxists.org in August, 2002": done for the archive
        return [Agent(_FOR.search(text)["org"].strip(" .;,"), True)]
    text = _CUT.sub("", person).strip(" .;,")
    names = [n.strip(" .;,") for n in text.replace(" and ", "/").split("/")]
    return [Agent(n, any(w in n.lower() for w in _ORG_WORDS)) for n in names if n and n[0].isupper()]


def responsibility_date(value: str) -> IsoDate | None:
    return parse_date(value)
