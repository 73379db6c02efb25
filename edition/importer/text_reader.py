"""A plain-text page (a transcription saved from the web, such as the project's seed) as the importer's
blocks. Blocks are separated by blank lines; a run of "Label: value" lines is the provenance block; a short
line without closing punctuation is a heading; a paragraph opening with a quotation mark after one that
ends with a colon is a block quotation (with a bracketed source after its closing mark as its reference);
"* * *" is a row of asterisks."""

from __future__ import annotations

import re

from .blocks import Block, Inline
from .provenance import label_key

_LABEL = re.compile(r"^(?P<label>[A-Z][^:]{0,40}?)\s*:\s*(?P<value>.*)$")
_CLOSING = (".", ":", ";", ",", "!", "?", "”", '"', ")", "’", "'")
_OPENING_QUOTES = ("“", '"', "„", "«")
_QUOTE_SOURCE = re.compile(r"^(?P<quote>.*[”\"])\s+(?P<source>\(.+\))$")


def _groups(text: str) -> list[list[str]]:
    groups: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip():
            groups[-1].append(line.strip())
        elif groups[-1]:
            groups.append([])
    return [g for g in groups if g]


def _label_block(group: list[str]) -> Block | None:
    matches = [_LABEL.match(line) for line in group]
    if not any(m and label_key(m["label"]) for m in matches):
        return None
    inlines: list[Inline] = []
    for line, match in zip(group, matches, strict=True):
        if match and (label_key(match["label"]) or len(match["label"].split()) <= 4):
            inlines += [Inline("label", match["label"] + ":"), Inline("text", " " + match["value"])]
        else:
            inlines.append(Inline("text", line))
        inlines.append(Inline("br"))
    return Block("p", inlines[:-1])


def _is_heading(line: str) -> bool:
    return len(line.split()) <= 12 and not line.endswith(_CLOSING) and line[:1].isupper() and line.strip("* ")


def _block(lines: list[str], previous: Block | None) -> Block:
    text = " ".join(lines)
    if set(text) <= set("* "):
        return Block("milestone")
    if len(lines) == 1 and _is_heading(text):
        return Block("head", [Inline("text", text)], level=2)
    if text.startswith(_OPENING_QUOTES) and previous is not None and previous.kind == "p" and \
            previous.inlines and previous.inlines[-1].value.rstrip().endswith(":"):
        match = _QUOTE_SOURCE.match(text)
        quote = Block("p", [Inline("text", match["quote"] if match else text)])
        source = [Block("bibl", [Inline("text", match["source"])])] if match else []
        return Block("quote", children=[quote, *source])
    inlines: list[Inline] = []
    for line in lines:
        inlines += [Inline("text", line), Inline("br")]
    return Block("p", inlines[:-1])


def read_text(text: str) -> list[Block]:
    blocks: list[Block] = []
    seen_labels = False
    for group in _groups(text):
        labelled = _label_block(group)
        if labelled is not None:
            seen_labels = True
            blocks.append(labelled)
        elif not seen_labels and len(group) > 1:  # above the provenance block: one line, one block
            blocks.extend(_block([line], None) for line in group)
        else:
            blocks.append(_block(group, blocks[-1] if blocks else None))
    return blocks
