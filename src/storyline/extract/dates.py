"""Dates of documents and of events, from metadata, datelines and temporal expressions.

Two questions, each answered with a confidence and the evidence behind the answer:

* :func:`infer_document_date`: when was an article written? Metadata wins
  (``Document.published``, which includes a dateline the cleaner recovered); otherwise a
  full calendar date in the first lines (a dateline left in the body); otherwise the
  latest calendar date the text mentions, which only bounds the writing date from below
  and scores low.
* :func:`infer_event_date`: on what day did the event that a cluster of documents reports
  happen? Each dated document has one vote, spread over the days it mentions (resolved
  against its own publication date by the ``timex`` stage): the lead and the days close
  to publication weigh most, a preview's future days less. A day the text *states*
  ("March 11", "11 March 2031") is kept apart from one *inferred* from a weekday,
  "yesterday" or "two days ago". Undated documents cannot vote for a day, but they
  constrain one: "on Tuesday" is consistent with a cluster dated to a Tuesday, and a
  year-less "March 11" (``XXXX-03-11``) with the 11th of March. A document without a date
  can then be dated from the event (:func:`possible_writing_dates`).

The event clusters come from ``storyline.link``; these functions only need the clusters'
documents, after the ``timex`` stage.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from storyline.extract.timex import find_timexes, parse_anchor, resolve_weekday
from storyline.model import Document, Provenance, TimeExpr

__all__ = [
    "DateEvidence",
    "DocumentDate",
    "EventDate",
    "infer_document_date",
    "infer_event_date",
    "possible_writing_dates",
]

# Confidence of each way of dating a document (named, so callers can set thresholds).
METADATA_CONFIDENCE = 1.0
DATELINE_CONFIDENCE = 0.9  # a full date in the first lines: how wire copy is dated
LATEST_MENTIONED_CONFIDENCE = 0.35  # only a lower bound: articles report older news too
DATELINE_CHARS = 300  # how far into the text a dateline can sit

# Weight of a day mention in an event vote. By rank among the document's day mentions
# (the lead reports the news, later paragraphs give background) ...
RANK_WEIGHTS = (1.0, 0.6, 0.4, 0.3)
LATER_WEIGHT = 0.2
# ... by distance from the publication date (news reports the last day or two) ...
CLOSE_DAYS = (-2, 1)  # from two days before publication to the day after: full weight
WEEK_WEIGHT = 0.5  # within a week either side
FAR_WEIGHT = 0.2
# ... and a day a document only expects (a preview) counts less than one it reports.
FUTURE_WEIGHT = 0.6
PUBLISHED_WEIGHT = 0.3  # a dated document that names no day: the week before publication
PUBLISHED_ONLY_CONFIDENCE = 0.3  # no document names a day: the first publication date
CONSTRAINT_WEIGHT = 0.3  # an undated document's weekday or year-less date, shared out
MULTI_DAY_SHARE = 0.5  # an adjacent day with this share of the winner's vote extends it

_DAY = re.compile(r"(\d{4}-\d\d-\d\d)")
_MONTH_DAY = re.compile(r"XXXX-(\d\d-\d\d)")


@dataclass(frozen=True)
class DocumentDate:
    """When a document was written, as far as can be told.

    value (str): ISO date.
    confidence (float): 1.0 metadata, 0.9 dateline, 0.35 latest date mentioned.
    basis (str): ``metadata`` | ``dateline`` | ``latest-mentioned``.
    where (Provenance | None): the text the date was read from.
    """

    value: str
    confidence: float
    basis: str
    where: Provenance | None = None


@dataclass(frozen=True)
class DateEvidence:
    """One document's say on an event date.

    kind (str): ``stated`` (the text gives the calendar day, with or without the year),
        ``inferred`` (a weekday or relative day resolved against the publication date),
        ``constraint`` (a weekday of an undated document) or ``published`` (the
        publication date of a document that names no day: the event lies in the week
        before it).
    value (str | None): the ISO date it points to; ``XXXX-MM-DD`` for a year-less date of
        an undated document; None for a weekday constraint (see ``weekday``).
    weight (float): its share of the document's vote before normalisation.
    consistent (bool): whether it agrees with the chosen event date.
    """

    doc_id: str
    kind: str
    value: str | None
    text: str
    where: Provenance | None
    weight: float
    consistent: bool = True
    weekday: int | None = None

    @property
    def is_constraint(self) -> bool:
        """Evidence that can only agree or disagree with a day, not propose one."""
        return self.kind == "published" or self.value is None or self.value.startswith("XXXX")


@dataclass(frozen=True)
class EventDate:
    """The date of an event as its cluster of documents reports it.

    value (str | None): ISO date (the first day), None when no document gives a day.
    confidence (float): 0-1: the share of the vote the day won, discounted when few
        documents support it and when no document states it.
    stated (bool): True when a document states the day as a calendar date; False when it
        was only inferred from weekdays and relative days.
    basis (tuple[DateEvidence, ...]): every piece of evidence, agreeing or not; see
        :attr:`stated_evidence` and :attr:`inferred_evidence`.
    end (str | None): the last day, when the event spans two adjacent days that the
        documents support almost equally (talks held over two days).
    """

    value: str | None
    confidence: float
    stated: bool
    basis: tuple[DateEvidence, ...] = ()
    end: str | None = None

    @property
    def stated_evidence(self) -> tuple[DateEvidence, ...]:
        return tuple(e for e in self.basis if e.kind == "stated" and e.consistent)

    @property
    def inferred_evidence(self) -> tuple[DateEvidence, ...]:
        return tuple(e for e in self.basis if e.kind in {"inferred", "constraint"} and e.consistent)


# -- document dates --------------------------------------------------------------------


def _day(t: TimeExpr) -> str | None:
    """The ISO day a DATE/TIME expression resolved to, if day-precise."""
    if t.type not in {"DATE", "TIME"} or not t.value:
        return None
    m = _DAY.match(t.value)
    return m[1] if m else None


def _stated(t: TimeExpr) -> bool:
    """The text gives the calendar day itself, not a weekday or a shift."""
    return t.offset is None and t.direction is None


def infer_document_date(text_or_doc: Any, *, published: str | None = None) -> DocumentDate | None:
    """The writing date of a document: metadata, else a dateline, else a lower bound.

    text_or_doc (str | spacy.tokens.Doc | Document): the text, its parse or the document
        (whose ``published`` then counts as metadata).
    published (str | None): the metadata date, when known.
    RETURNS (DocumentDate | None): None when nothing dates the document.
    """
    doc_id = ""
    if isinstance(text_or_doc, Document):
        published = published or text_or_doc.published
        doc_id = text_or_doc.id
        text_or_doc = text_or_doc.nlp_doc if text_or_doc.nlp_doc is not None else text_or_doc.text
    anchor = parse_anchor(published)
    if anchor is not None:
        return DocumentDate(anchor.isoformat(), METADATA_CONFIDENCE, "metadata")
    # Without an anchor only calendar dates stated with their year resolve.
    stated = [t for t in find_timexes(text_or_doc, None, doc_id=doc_id) if _day(t)]
    for t in stated:
        if t.where.start < DATELINE_CHARS:
            return DocumentDate(_day(t) or "", DATELINE_CONFIDENCE, "dateline", t.where)
    if stated:
        latest = max(stated, key=lambda t: _day(t) or "")
        return DocumentDate(
            _day(latest) or "", LATEST_MENTIONED_CONFIDENCE, "latest-mentioned", latest.where
        )
    return None


# -- event dates -------------------------------------------------------------------------


def _rank_weight(rank: int) -> float:
    return RANK_WEIGHTS[rank] if rank < len(RANK_WEIGHTS) else LATER_WEIGHT


def _closeness(day: str, anchor: date | None) -> float:
    if anchor is None:
        return 1.0
    delta = (date.fromisoformat(day) - anchor).days
    if CLOSE_DAYS[0] <= delta <= CLOSE_DAYS[1]:
        return 1.0
    return WEEK_WEIGHT if abs(delta) <= 7 else FAR_WEIGHT


def evidence_of(doc: Document) -> list[DateEvidence]:
    """What one document says about the day of the event it reports."""
    anchor = parse_anchor(doc.published)
    out: list[DateEvidence] = []
    rank = 0
    for t in doc.timexes:
        day = _day(t)
        if day is not None:
            weight = _rank_weight(rank) * t.confidence * _closeness(day, anchor)
            if t.direction in {"future", "after"}:
                weight *= FUTURE_WEIGHT
            kind = "stated" if _stated(t) else "inferred"
            out.append(DateEvidence(doc.id, kind, day, t.text, t.where, weight, weekday=t.weekday))
            rank += 1
        elif t.value and _MONTH_DAY.match(t.value):
            out.append(
                DateEvidence(doc.id, "stated", t.value[:10], t.text, t.where, CONSTRAINT_WEIGHT)
            )
        elif t.value is None and t.weekday is not None and t.type in {"DATE", "TIME"}:
            out.append(
                DateEvidence(
                    doc.id, "constraint", None, t.text, t.where, CONSTRAINT_WEIGHT,
                    weekday=t.weekday,
                )
            )  # fmt: skip
    if anchor is not None and not any(not e.is_constraint for e in out):
        out.append(
            DateEvidence(doc.id, "published", anchor.isoformat(), "", None, PUBLISHED_WEIGHT)
        )
    return out


def _agrees(e: DateEvidence, day: str) -> bool:
    if e.kind == "published" and e.value:
        return 0 <= (date.fromisoformat(e.value) - date.fromisoformat(day)).days <= 7
    if e.value is None:
        return e.weekday == date.fromisoformat(day).isoweekday()
    if e.value.startswith("XXXX"):
        return e.value[5:] == day[5:]
    return e.value == day


def infer_event_date(docs: Iterable[Document]) -> EventDate:
    """The day of the event a cluster of documents reports.

    docs (Iterable[Document]): the cluster's documents, after the ``timex`` stage.
    RETURNS (EventDate): the best-supported day with all the evidence; value None when no
        document gives a day.
    """
    evidence: list[DateEvidence] = []
    for doc in docs:
        evidence.extend(evidence_of(doc))
    proposals = [e for e in evidence if not e.is_constraint]
    constraints = [e for e in evidence if e.is_constraint]
    if not proposals:
        published = sorted(e.value for e in evidence if e.kind == "published" and e.value)
        if published:  # nobody names a day: no later than the first report
            return EventDate(published[0], PUBLISHED_ONLY_CONFIDENCE, False, tuple(evidence))
        return EventDate(None, 0.0, False, tuple(evidence))
    doc_total: dict[str, float] = defaultdict(float)
    for e in proposals:
        doc_total[e.doc_id] += e.weight
    votes: dict[str, float] = defaultdict(float)
    voters: dict[str, set[str]] = defaultdict(set)
    for e in proposals:  # one vote per document, spread over the days it names
        votes[e.value or ""] += e.weight / doc_total[e.doc_id]
        voters[e.value or ""].add(e.doc_id)
    n_constraints: dict[str, int] = defaultdict(int)
    for e in constraints:
        n_constraints[e.doc_id] += 1
    for day in list(votes):
        for e in constraints:
            if _agrees(e, day):
                votes[day] += e.weight / n_constraints[e.doc_id]
                voters[day].add(e.doc_id)
    best = max(votes, key=lambda d: (votes[d], len(voters[d]), -date.fromisoformat(d).toordinal()))
    first = last = best
    for neighbour in _adjacent(best):
        if votes.get(neighbour, 0.0) >= MULTI_DAY_SHARE * votes[best]:
            first, last = min(first, neighbour), max(last, neighbour)
    days = {first, last}
    marked = tuple(replace(e, consistent=any(_agrees(e, d) for d in days)) for e in evidence)
    won = sum(votes[d] for d in days)
    share = won / sum(votes.values())
    n_docs = len({e.doc_id for e in evidence})
    support = len(set().union(*(voters[d] for d in days))) / n_docs
    stated = any(e.kind == "stated" and e.consistent for e in marked)
    confidence = share * (0.5 + 0.5 * support) * (1.0 if stated else 0.85)
    if n_docs == 1:
        confidence *= 0.8
    return EventDate(
        first, round(min(1.0, confidence), 3), stated, marked, last if last != first else None
    )


def _adjacent(day: str) -> list[str]:
    d = date.fromisoformat(day)
    return [(d - timedelta(days=1)).isoformat(), (d + timedelta(days=1)).isoformat()]


def possible_writing_dates(doc: Document, event_day: date | str, days: int = 7) -> list[date]:
    """Days on which an undated report of an event could have been written, earliest
    (the most likely, for news) first.

    Every weekday the document mentions in the past ("on Tuesday", "Monday's call") must
    fall on or after the day before the event and on or before the writing day; one in
    the future must fall after the writing day.

    doc (Document): the undated document, after the ``timex`` stage.
    event_day (date | str): the cluster's event date (:func:`infer_event_date`).
    days (int): how many days after the event to consider.
    """
    event = event_day if isinstance(event_day, date) else date.fromisoformat(event_day)
    weekdays = [t for t in doc.timexes if t.weekday is not None and t.direction]
    out = []
    for k in range(days + 1):
        writing = event + timedelta(days=k)
        if all(_fits(t, writing, event) for t in weekdays):
            out.append(writing)
    return out


def _fits(t: TimeExpr, writing: date, event: date) -> bool:
    direction = t.direction or "past"
    day = resolve_weekday(writing, t.weekday or 1, direction)
    if direction in {"future", "after"}:
        return day >= writing
    return event - timedelta(days=1) <= day <= writing
