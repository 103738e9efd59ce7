"""Outlet, byline and date read back from removed furniture lines."""

from __future__ import annotations

import pytest

from storyline.clean import CleanOptions, clean_document
from storyline.clean.metadata import metadata_from_furniture, parse_absolute_date
from storyline.model import Document, RemovedLine


@pytest.mark.parametrize(
    "line,expected",
    [
        ("Samberg, 4 April 2031", "2031-04-04"),
        ("Politics | 11.03.2031, 21:40", "2031-03-11T21:40"),
        ("World News | April 19, 2031 | 5:52 PM", "2031-04-19"),
        ("Updated 2031-05-06T09:15:00Z", "2031-05-06T09:15"),
        ("12/25/2030", "2030-12-25"),
        ("3 hours ago 12", None),  # relative: needs a crawl time
        ("31.02.2031", None),  # no such day
        ("Tuesday", None),
    ],
)
def test_absolute_dates(line: str, expected: str | None) -> None:
    assert parse_absolute_date(line) == expected


def test_outlet_author_and_date_from_the_top_block() -> None:
    removed = [
        RemovedLine(2, "THE HARBOUR HERALD", "site-label"),
        RemovedLine(3, "By Ana Varga", "byline"),
        RemovedLine(4, "Lisk, 2 June 2031", "site-label"),
    ]
    found = metadata_from_furniture(removed)
    assert (found.outlet, found.author, found.published) == (
        "The Harbour Herald",
        "Ana Varga",
        "2031-06-02",
    )


def test_a_place_or_section_is_not_an_outlet_but_an_acronym_is() -> None:
    assert metadata_from_furniture([RemovedLine(1, "Politics", "site-label")]).outlet is None
    assert metadata_from_furniture([RemovedLine(1, "Lisk • HHN", "dateline")]).outlet == "HHN"


def test_source_metadata_wins_over_furniture() -> None:
    raw = (
        "Harbour reopens after winter repairs\n\nTHE HARBOUR HERALD\n\n"
        "The harbour reopened on Monday after repairs that took most of the winter.\n\n"
        "Ships were queuing."
    )
    doc = Document.from_text(raw, outlet="Feed Name")
    cleaned = clean_document(doc, CleanOptions())
    assert cleaned.outlet == "Feed Name"
    assert clean_document(Document.from_text(raw), CleanOptions()).outlet == "The Harbour Herald"
