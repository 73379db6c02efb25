"""Dates as archive pages write them ("December 21, 1941", "5 May 1875", "April 12-17, 1871", "28.2.2004",
"Spring of 1845") read into ISO 8601 values. Regular expressions over plain label text, not markup."""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {name: i for i, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), start=1)}
MONTHS.update({name[:3]: i for name, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_M = r"(?P<month>[A-Za-z]{3,9})\.?"
_MONTH_RANGE = re.compile(rf"\b{_M}\s*[-–]\s*(?P<month2>[A-Za-z]{{3,9}})\.?,?\s+(?P<year>\d{{4}})\b")
_PATTERNS = [
    re.compile(rf"\b{_M}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s*[-–]\s*(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s*[-–]\s*(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+{_M},?\s+(?P<year>\d{{4}})\b"),
    re.compile(rf"\b{_M}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_M},?\s+(?P<year>\d{{4}})\b"),
    re.compile(r"\b(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})\b"),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\.(?P<year>\d{4})\b"),
    re.compile(rf"\b{_M},?\s+(?P<year>\d{{4}})\b"),
    re.compile(r"\b(?P<year>1[5-9]\d\d|20\d\d)\b"),
]


@dataclass(frozen=True)
class IsoDate:
    when: str = ""
    start: str = ""  # for a range: from / to
    end: str = ""
    text: str = ""  # the words of the value that give the date

    @property
    def value(self) -> str:
        return self.when or self.start

    def attributes(self) -> dict[str, str]:
        return {"when": self.when} if self.when else {"from": self.start, "to": self.end}


def _month(match: re.Match) -> int | None:
    groups = match.groupdict()
    if groups.get("mnum"):
        number = int(groups["mnum"])
        return number if 1 <= number <= 12 else None
    if groups.get("month"):
        return MONTHS.get(groups["month"].lower())
    return 0


def _valid(year: int, month: int, day: int) -> bool:
    import datetime

    try:
        datetime.date(year, month or 1, day or 1)
    except ValueError:
        return False
    return True


def parse_date(text: str) -> IsoDate | None:
    """The first date in `text`, as precise as it is written; None when it names none."""
    months = _MONTH_RANGE.search(text)
    if months and MONTHS.get(months["month"].lower()) and MONTHS.get(months["month2"].lower()):
        first, last = MONTHS[months["month"].lower()], MONTHS[months["month2"].lower()]
        if first < last:
            year = months["year"]
            return IsoDate(start=f"{year}-{first:02d}", end=f"{year}-{last:02d}", text=months[0])
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            month = _month(match)
            if month is None:
                continue
            year = int(match["year"])
            day = int(match.groupdict().get("day") or 0)
            if not _valid(year, month, day):
                continue
            iso = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
            day2 = match.groupdict().get("day2")
            if day2 and _valid(year, month, int(day2)) and int(day2) > day:
                return IsoDate(start=iso, end=f"{year:04d}-{month:02d}-{int(day2):02d}", text=match[0])
            return IsoDate(when=iso, text=match[0])
    return None
