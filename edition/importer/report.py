"""The report for the editor: what the importer read, what it tagged, what it could not know."""

from __future__ import annotations

from lxml import etree

from .facts import Facts
from .id_keeping import IdKeeper
from .layout import Page
from .names import NameFinder


def _facts(facts: Facts) -> list[str]:
    written = facts.written.value if facts.written else "not stated"
    lines = [f"author: {facts.author or 'not named by the page'}", f"title: {facts.title}",
             f"written: {written}" + (f", {facts.place}" if facts.place else "")]
    source = facts.source
    if source is None:
        lines.append("printed source: not stated")
    else:
        parts = [f"title {source.title!r}" if source.title else "no title",
                 f"vol. {source.volume.text}" if source.volume else "", f"no. {source.issue.text}" if source.issue
                 else "", f"pp. {source.pages.start}–{source.pages.end}" if source.pages else "no pages",
                 f"date {source.date.value}" if source.date else "no date"]
        lines.append("printed source: " + ", ".join(p for p in parts if p))
    lines += [f"{', '.join(r.keys)}: {', '.join(a.name for a in r.agents)}"
              + (f" ({r.when.value})" if r.when else "") for r in facts.roles]
    if facts.online is not None:
        lines.append(f"online version: {facts.online.value}")
    lines.append(f"rights: {facts.rights.label.strip()} {facts.rights.value}" if facts.rights else
                 "rights: the page states none")
    return lines


def _to_check(facts: Facts) -> list[str]:
    """What the page does not state and the editor must add before the draft status is removed (the
    validator reports each as a `ed-draft-*` warning)."""
    roles = {key for role in facts.roles for key in role.keys}
    checks = [f"the page names no {word}: add a respStmt with resp key=\"{key}\" before publishing"
              for key, word in (("trc", "transcriber"), ("pfr", "proofreader")) if key not in roles]
    source = facts.source
    if source is None:
        checks.append("the page names no printed source: describe the printing as a biblStruct")
    elif not source.structured:
        checks.append("the printed source is given in the page's words (a bibl): describe it as a biblStruct")
    else:
        checks += [f"the page does not give the printed source's {what}: add it from the printing"
                   for what, value in (("pages", source.pages), ("date", source.date)) if not value]
    if facts.written is None:
        checks.append("the page does not say when the text was written: add a date to profileDesc/creation")
    if not facts.author:
        checks.append("the page names no author")
    checks.append("notes are typed \"publisher\" (or \"translator\" when they end “Trans.”): check whose they are")
    checks.append("then remove status=\"draft\" from revisionDesc: only then may `build.py ids --publish` "
                  "register the text's identifiers")
    return checks


def make_report(facts: Facts, names: NameFinder, keeper: IdKeeper, old: etree._Element | None,
                unknown_labels: list[str], page: Page, clashes: list[tuple[str, str]] = ()) -> list[str]:
    lines = ["Header facts read from the page:"] + [f"  {line}" for line in _facts(facts)]
    if unknown_labels:
        lines.append("Labels the importer does not know (kept in notesStmt):")
        lines += [f"  {label}" for label in unknown_labels]
    lines.append(f"Names tagged (entries of the edition's lists): {', '.join(sorted(names.used)) or 'none'}")
    unknown = names.unknown.most_common(40)
    if unknown:
        lines.append("Capitalised names not in the lists (not tagged; add entries and tag them if they are names):")
        lines.append("  " + ", ".join(f"{name} ({count})" for name, count in unknown))
    if old is not None:
        kept = [uid for uid in keeper.kept if uid.split(".")[-1] not in ("title", "byline", "date", "closer")]
        lines.append(f"Re-import: {len(kept)} identifiers kept from the text already in the edition")
    for new, known in clashes:
        lines.append(f"New entry {new!r} has the name of the existing entry {known!r}: if it is the same, "
                     f"point to {known!r} instead")
    lines.append(f"Left out as page furniture: {len(page.left_out)} parts (listed in editorialDecl)")
    lines.append("To check:")
    lines += [f"  {check}" for check in _to_check(facts)]
    return lines
