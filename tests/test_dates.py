"""Document and event dates from temporal expressions (storyline.extract.dates).

Inline documents are tagged from plain strings (no model). The example-corpus test runs
the real pipeline up to ``timex`` and checks the gold event dates of
tests/fixtures/examples/events.json.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from storyline.extract.dates import (
    infer_document_date,
    infer_event_date,
    possible_writing_dates,
)
from storyline.extract.timex import find_timexes
from storyline.model import Document

REPO = Path(__file__).resolve().parents[1]


def tagged(text: str, published: str | None = None, name: str = "") -> Document:
    doc = Document.from_text(text, text=text, published=published, name=name)
    return doc.evolve(timexes=tuple(find_timexes(text, published, doc_id=doc.id)))


# -- document dates ---------------------------------------------------------------------------


def test_metadata_wins() -> None:
    found = infer_document_date("Samberg, 3 April 2031. Talks opened.", published="2031-04-04")
    assert (found.value, found.basis, found.confidence) == ("2031-04-04", "metadata", 1.0)


def test_dateline_in_the_first_lines() -> None:
    found = infer_document_date("SAMBERG, 3 April 2031 - The talks opened on Thursday.")
    assert found is not None
    assert (found.value, found.basis) == ("2031-04-03", "dateline")
    assert found.where is not None and found.where.start == 9


def test_latest_mentioned_date_is_only_a_lower_bound() -> None:
    text = ("The talks opened on Thursday. " * 12) + (
        "The first call was on 11 March 2031 and the second on 5 May 2031."
    )
    found = infer_document_date(text)
    assert found is not None
    assert (found.value, found.basis) == ("2031-05-05", "latest-mentioned")
    assert found.confidence < 0.5


def test_no_date_at_all() -> None:
    assert infer_document_date("The talks opened on Thursday.") is None


def test_document_argument_uses_its_metadata() -> None:
    doc = tagged("Talks opened on Thursday.", "2031-04-03")
    assert infer_document_date(doc).basis == "metadata"  # type: ignore[union-attr]


# -- event dates ------------------------------------------------------------------------------


def test_weekdays_of_dated_reports_agree_on_an_inferred_day() -> None:
    docs = [
        tagged("The presidents spoke by telephone on Tuesday.", "2031-03-12"),
        tagged("The presidents spoke by telephone today, officials said.", "2031-03-11"),
    ]
    event = infer_event_date(docs)
    assert event.value == "2031-03-11"
    assert event.stated is False
    assert {e.kind for e in event.inferred_evidence} == {"inferred"}
    assert event.stated_evidence == ()
    assert event.confidence > 0.6


def test_a_stated_date_makes_the_day_stated() -> None:
    docs = [
        tagged("The presidents spoke by telephone on Tuesday.", "2031-03-12"),
        tagged("DRASK, March 11 - The presidents spoke by telephone.", "2031-03-11"),
    ]
    event = infer_event_date(docs)
    assert (event.value, event.stated) == ("2031-03-11", True)
    assert [e.text for e in event.stated_evidence] == ["March 11"]


def test_undated_documents_constrain_by_weekday() -> None:
    dated = tagged("The presidents spoke by telephone on Tuesday.", "2031-03-12")
    agrees = tagged("Kasharin rejected the truce on Tuesday, his office said.")
    disagrees = tagged("Vell thanked Lutheria on Wednesday, his office said.")
    event = infer_event_date([dated, agrees, disagrees])
    assert event.value == "2031-03-11"
    by_doc = {e.doc_id: e for e in event.basis if e.kind == "constraint"}
    assert by_doc[agrees.id].consistent is True and by_doc[agrees.id].weekday == 2
    assert by_doc[disagrees.id].consistent is False


def test_undated_year_less_date_is_stated_evidence() -> None:
    dated = tagged("The presidents spoke by telephone on Tuesday.", "2031-03-12")
    undated = tagged("DRASK, March 11 - The presidents spoke for 90 minutes.")
    event = infer_event_date([dated, undated])
    assert (event.value, event.stated) == ("2031-03-11", True)
    (stated,) = event.stated_evidence
    assert (stated.doc_id, stated.value) == (undated.id, "XXXX-03-11")


def test_the_lead_and_recent_days_outweigh_background() -> None:
    doc = tagged(
        "The delegations met on Thursday. The war began on 3 September 2029, and a "
        "first call took place on 11 March 2031.",
        "2031-04-03",
    )
    event = infer_event_date([doc])
    assert event.value == "2031-04-03"
    assert event.confidence < 0.8  # one document only
    assert not {e.value for e in event.basis if e.consistent} & {"2029-09-03", "2031-03-11"}


def test_two_day_event_gets_an_end() -> None:
    docs = [
        tagged("Talks opened in Samberg on Thursday.", "2031-04-03"),
        tagged("Talks in Samberg ended on Friday.", "2031-04-04"),
    ]
    event = infer_event_date(docs)
    assert (event.value, event.end) == ("2031-04-03", "2031-04-04")


def test_no_day_anywhere() -> None:
    assert infer_event_date([tagged("Talks opened in Samberg.")]).value is None
    only_published = infer_event_date([tagged("Talks opened in Samberg.", "2031-04-03")])
    assert (only_published.value, only_published.stated) == ("2031-04-03", False)
    assert only_published.confidence <= 0.3


def test_undated_report_is_dated_from_the_event() -> None:
    doc = tagged("Lutheria said on Tuesday it would send monitors, a day after Monday's call.")
    assert possible_writing_dates(doc, "2031-05-05")[0] == date(2031, 5, 6)


# -- the example corpus ---------------------------------------------------------------------


@pytest.mark.model
def test_example_corpus_event_dates() -> None:
    from storyline.evaluation.runner import analyze_files

    gold = json.loads((REPO / "tests/fixtures/examples/events.json").read_text("utf-8"))
    docs = analyze_files(sorted((REPO / "examples/corpus").iterdir()), until="timex")
    by_name = {d.name: d for d in docs}
    clusters: dict[str, list[Document]] = {}
    for name, info in gold["docs"].items():
        clusters.setdefault(info["primary"], []).append(by_name[name])
    dates = {e["id"]: e["date"] for e in gold["events"]}
    for event_id, members in clusters.items():
        assert infer_event_date(members).value == dates[event_id], event_id
    # The undated report (14) was written the day after the second call.
    undated = by_name["14_lutheria_monitors_second_call_nodate.txt"]
    assert undated.published is None
    assert possible_writing_dates(undated, dates["call-2031-05-05"])[0] == date(2031, 5, 6)
    # The preview's weekdays (01, written Monday 10 March), as the fixture notes them.
    preview = {t.text: t.value for t in by_name["01_velmar_courier_call_preview.txt"].timexes}
    assert preview["Tuesday"] == "2031-03-11"
    assert preview["last Thursday"] == "2031-03-06"
    assert preview["Sunday"] == "2031-03-09"
    assert preview["Monday"] == "2031-03-10"
