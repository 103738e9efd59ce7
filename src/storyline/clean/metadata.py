"""Metadata recovered from the page furniture the cleaner removed.

Plain-text articles carry their outlet, byline and date only as lines of furniture: a
site label ("EXAMPLE POST"), a dateline ("Samberg, 4 April 2031"), a timestamp bar
("Politics | 11.03.2031, 21:40"), a byline ("By Ana Varga"). The cleaner removes those
lines from the body; this module reads them back as metadata, so that origin counting
and time normalisation have something to work with. Metadata the source gave (HTML
meta tags, feed fields, JSON fields) always wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from storyline.model import RemovedLine

__all__ = ["FurnitureMetadata", "metadata_from_furniture", "parse_absolute_date"]

# Reasons the cleaner gives to lines that can name the outlet or the date.
_LABEL_REASONS = {"site-label", "dateline", "translation-notice", "site-policy"}
_DATE_REASONS = {"site-label", "dateline", "timestamp-widget", "byline"}
_BYLINE_REASONS = {"byline"}

# Section names that sit where an outlet label would (a label is not an outlet).
SECTION_WORDS = {
    "analysis",
    "breaking",
    "business",
    "comment",
    "diplomacy",
    "economy",
    "europe",
    "exclusive",
    "explainer",
    "features",
    "live",
    "local",
    "national",
    "news",
    "opinion",
    "politics",
    "region",
    "sport",
    "tech",
    "top stories",
    "wire",
    "world",
    "world news",
}

_SEGMENTS = re.compile(r"\s*(?:[|•·]|\s[-–—]\s)\s*")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})([./])(\d{1,2})\2(\d{4})\b(?:[ ,T]+(\d{1,2}):(\d{2}))?")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")
_MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(m[:3] + r"[a-z]*\.?" for m in _MONTHS) + ")"
_DAY_MONTH_YEAR = re.compile(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})\b", re.I
)
_MONTH_DAY_YEAR = re.compile(
    _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", re.I
)
_BYLINE = re.compile(r"^(?:by|words by|written by)\s+(?P<names>.+?)\s*$", re.I)
_WORD = re.compile(r"[^\W\d_][\w.'’&-]*", re.U)


@dataclass(frozen=True)
class FurnitureMetadata:
    outlet: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date, or date and minutes when the line gives them


def _valid(year: int, month: int, day: int) -> bool:
    import calendar

    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def parse_absolute_date(line: str) -> str | None:
    """An ISO date (with time when given) from a line stating a full calendar date.

    Only full dates count: "3 hours ago" needs a crawl time we do not have, and a bare
    weekday is resolved later against other evidence. Dotted numeric dates are read
    day-first, the convention everywhere dots are used.
    """
    if m := _ISO_DATE.search(line):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
        if _valid(year, month, day):
            time = f"T{m[4]}:{m[5]}" if m[4] else ""
            return f"{year:04d}-{month:02d}-{day:02d}{time}"
    if m := _NUMERIC_DATE.search(line):
        first, second, year = int(m[1]), int(m[3]), int(m[4])
        day, month = (first, second) if m[2] == "." or first > 12 else (second, first)
        if _valid(year, month, day):
            time = f"T{int(m[5]):02d}:{m[6]}" if m[5] else ""
            return f"{year:04d}-{month:02d}-{day:02d}{time}"
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        if m := pattern.search(line):
            month = _month_number(m["month"])
            year, day = int(m["year"]), int(m["day"])
            if month and _valid(year, month, day):
                return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _month_number(word: str) -> int | None:
    key = word.lower().rstrip(".")[:3]
    for number, name in enumerate(_MONTHS, start=1):
        if name.startswith(key):
            return number
    return None


def _outlet_candidate(segment: str) -> str | None:
    """A segment that can name an outlet: words, not a date, not a section name.

    A lone capitalised word ("Samberg") is more likely the dateline's place than the
    outlet, unless it is an acronym ("UNN") or a one-word brand in capitals.
    """
    segment = segment.strip(" :")
    words = _WORD.findall(segment)
    if not words or parse_absolute_date(segment) or any(ch.isdigit() for ch in segment):
        return None
    if segment.lower() in SECTION_WORDS or not segment[0].isupper():
        return None
    if len(words) == 1 and not (segment.isupper() and len(segment) >= 2):
        return None
    if len(words) > 5:
        return None
    if segment.isupper() and len(words) > 1:
        segment = segment.title()
    return segment


def metadata_from_furniture(removed: Iterable[RemovedLine]) -> FurnitureMetadata:
    """Outlet, author and date from the first lines that state them."""
    outlet = author = published = None
    for line in removed:
        if published is None and line.reason in _DATE_REASONS:
            published = parse_absolute_date(line.text)
        if author is None and line.reason in _BYLINE_REASONS:
            match = _BYLINE.match(line.text)
            if match:
                author = match["names"]
        if outlet is None and line.reason in _LABEL_REASONS:
            for segment in _SEGMENTS.split(line.text):
                outlet = _outlet_candidate(segment)
                if outlet:
                    break
    return FurnitureMetadata(outlet=outlet, author=author, published=published)
