"""Dates of documents and of events, from metadata, datelines and temporal expressions.

Two questions, both answered with a confidence and the evidence behind the answer:

* :func:`infer_document_date`: when was an article written? Metadata wins
  (``Document.published``, including the dateline the cleaner recovered); otherwise a
  full calendar date in the first lines (a dateline left in the body), otherwise the
  latest calendar date the text reports in the past tense, which bounds the writing date
  from below and scores low.
* :func:`infer_event_date`: on what day did the event that a cluster of documents reports
  happen? Every dated document votes for the day-precise dates it mentions (resolved
  against its own publication date), its lead most strongly; a date the text *states*
  ("March 11") is told apart from one *inferred* from a weekday or "yesterday". Undated
  documents cannot vote for a day, but their weekdays constrain one: "on Tuesday" in an
  undated report is consistent with a cluster dated to a Tuesday and counts against one
  dated to a Wednesday. The event clusters themselves come from ``storyline.link``; this
  module only needs their documents.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from storyline.extract.timex import find_timexes, parse_anchor, resolve_weekday
from storyline.model import Document, Provenance, TimeExpr

__all__ = [
    "DateEvidence",
    "DocumentDate",
    "EventDate",
    "consistent_dates",
    "infer_document_date",
    "infer_event_date",
]

# Confidence of each way of dating a document (named, so callers can set thresholds).
METADATA_CONFIDENCE = 1.0
DATELINE_CONFIDENCE = 0.9  # a full date in the first lines: how wire copy is dated
LATEST_MENTIONED_CONFIDENCE = 0.35  # only a lower bound: articles report older news too
DATELINE_CHARS = 300  # how far into the text a dateline can sit

# How much a date mention weighs in an event vote, by its rank among the document's
# day-precise mentions (the lead reports the news; later paragraphs give background).
RANK_WEIGHTS = (1.0, 0.5, 0.35, 0.25)
LATER_WEIGHT = 0.15
CONSTRAINT_WEIGHT = 0.3  # a consistent weekday of an undated document


@dataclass(frozen=True)
class DocumentDate:
    """When a document was written, as far as can be told.

    value (str): ISO date.
    confidence (float): 1.0 metadata, 0.9 dateline, 0.35 latest past date mentioned.
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

    kind (str): ``stated`` (a calendar date in the text), ``inferred`` (a weekday or
        relative day resolved against the publication date), ``constraint`` (a weekday
        of an undated document) or ``published`` (the publication date itself).
    value (str | None): the ISO date it points to (None for a bare constraint).
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


@dataclass(frozen=True)
class EventDate:
    """The date of an event as its cluster of documents reports it.

    value (str | None): ISO date, None when no document gives a day.
    confidence (float): share of the evidence that agrees, discounted when few documents
        are dated or when the winning date is only inferred.
    stated (bool): some document states the date as a calendar date; False when it was
        inferred from weekdays and relative days.
    basis (tuple[DateEvidence, ...]): every piece of evidence, agreeing or not.
    """

    value: str | None
    confidence: float
    stated: bool
    basis: tuple[DateEvidence, ...] = ()

    @property
    def stated_evidence(self) -> tuple[DateEvidence, ...]:
        return tuple(e for e in self.basis if e.kind == "stated" and e.consistent)

    @property
    def inferred_evidence(self) -> tuple[DateEvidence, ...]:
        return tuple(e for e in self.basis if e.kind in {"inferred", "constraint"} and e.consistent)


# -- document dates --------------------------------------------------------------------


def _is_calendar_date(t: TimeExpr) -> bool:
    return t.type in {"DATE", "TIME"} and bool(t.value) and bool(
        re.match(r"\d{4}-\d\d-\d\d", t.value or "")
    )


def infer_document_date(
    text_or_doc: Any, *, published: str | None = None, doc_id: str = ""
) -> DocumentDate | None:
    """The writing date of a document: metadata, else a dateline, else a lower bound.

    text_or_doc (str | spacy.tokens.Doc | Document): the text, its parse or the document
        (whose ``published`` then counts as metadata).
    RETURNS (DocumentDate | None): None when nothing in the text dates it.
    """
    if isinstance(text_or_doc, Document):
        published = published or text_or_doc.published
        doc_id = doc_id or text_or_doc.id
        text_or_doc = text_or_doc.nlp_doc if text_or_doc.nlp_doc is not None else text_or_doc.text
    if published and parse_anchor(published):
        return DocumentDate(str(parse_anchor(published)), METADATA_CONFIDENCE, "metadata")
    # Without an anchor only stated calendar dates resolve, which is what is wanted here.
    timexes = find_timexes(text_or_doc, None, doc_id=doc_id)
    stated = [t for t in timexes if _is_calendar_date(t) and t.anchor_used is None]
    for t in stated:
        if t.where.start < DATELINE_CHARS:
            return DocumentDate(t.value[:10], DATELINE_CONFIDENCE, "dateline", t.where)  # type: ignore[index]
    if stated:
        latest = max(stated, key=lambda t: t.value or "")
        return DocumentDate(latest.value[:10], LATEST_MENTIONED_CONFIDENCE,  # type: ignore[index]
                            "latest-mentioned", latest.where)
    return None


# -- event dates -------------------------------------------------------------------------


def _rank_weight(rank: int) -> float:
    return RANK_WEIGHTS[rank] if rank < len(RANK_WEIGHTS) else LATER_WEIGHT


def _day_mentions(doc: Document) -> list[TimeExpr]:
    return [t for t in doc.timexes if _is_calendar_date(t)]


def _evidence_of(doc: Document) -> list[DateEvidence]:
    """What a document says about the day of the event it reports."""
    anchor = parse_anchor(doc.published)
    out: list[DateEvidence] = []
    if anchor is None:
        for t in doc.timexes:
            if t.weekday is not None and t.type in {"DATE", "TIME"}:
                out.append(DateEvidence(doc.id, "constraint", None, t.text, t.where,
                                        CONSTRAINT_WEIGHT, weekday=t.weekday))
        for rank, t in enumerate(_day_mentions(doc)):
            out.append(DateEvidence(doc.id, "stated", t.value[:10], t.text, t.where,  # type: ignore[index]
                                    _rank_weight(rank)))
        return out
    mentions = _day_mentions(doc)
    for rank, t in enumerate(mentions):
        kind = "stated" if t.anchor_used is None and t.weekday is None else "inferred"
        if t.offset is None and t.weekday is None and t.anchor_used is not None:
            kind = "stated"  # a calendar date whose year came from the anchor ("March 11")
        out.append(DateEvidence(doc.id, kind, t.value[:10], t.text, t.where,  # type: ignore[index]
                                _rank_weight(rank) * t.confidence, weekday=t.weekday))
    if not mentions:
        out.append(DateEvidence(doc.id, "published", anchor.isoformat(), "", None, 0.2))
    return out


def infer_event_date(docs: Iterable[Document]) -> EventDate:
    """The day of the event a cluster of documents reports.

    docs (Iterable[Document]): the cluster's documents, after the ``timex`` stage.
    RETURNS (EventDate): the best-supported day with its evidence; value None when no
        document gives one.
    """
    evidence: list[DateEvidence] = []
    for doc in docs:
        evidence.extend(_evidence_of(doc))
    votes: dict[str, float] = defaultdict(float)
    voters: dict[str, set[str]] = defaultdict(set)
    per_doc: dict[str, float] = defaultdict(float)
    for e in evidence:
        if e.value is not None:
            per_doc[e.doc_id] += e.weight
    for e in evidence:
        if e.value is None:
            continue
        # Each document has one vote in total, spread over the dates it mentions.
        votes[e.value] += e.weight / per_doc[e.doc_id]
        voters[e.value].add(e.doc_id)
    if not votes:
        return EventDate(None, 0.0, False, tuple(evidence))
    # Weekday constraints of undated documents break ties and add support.
    for value in list(votes):
        day = date.fromisoformat(value)
        for e in evidence:
            if e.kind == "constraint" and e.weekday == day.isoweekday():
                votes[value] += e.weight / max(1, _constraints_in(evidence, e.doc_id))
    best = max(votes, key=lambda v: (votes[v], len(voters[v]), v))
    best_day = date.fromisoformat(best)
    marked = tuple(_mark(e, best, best_day) for e in evidence)
    total = sum(votes.values())
    share = votes[best] / total if total else 0.0
    n_docs = len({e.doc_id for e in evidence if e.value is not None})
    support = len(voters[best]) / n_docs if n_docs else 0.0
    stated = any(e.kind == "stated" and e.value == best for e in evidence)
    confidence = share * (0.5 + 0.5 * support) * (1.0 if stated else 0.85)
    if n_docs == 1:
        confidence *= 0.8
    return EventDate(best, round(min(1.0, confidence), 3), stated, marked)


def _constraints_in(evidence: Sequence[DateEvidence], doc_id: str) -> int:
    return sum(1 for e in evidence if e.doc_id == doc_id and e.kind == "constraint")


def _mark(e: DateEvidence, best: str, best_day: date) -> DateEvidence:
    if e.kind == "constraint":
        ok = e.weekday == best_day.isoweekday()
    else:
        ok = e.value == best
    return DateEvidence(e.doc_id, e.kind, e.value, e.text, e.where, e.weight, ok, e.weekday)


def consistent_dates(doc: Document, around: date, days: int = 7) -> list[date]:
    """Days within ``days`` after ``around`` on which an undated document could have been
    written, given its weekdays (each "on Tuesday" in the past tense must be the writing
    day or before it, within a week).

    Useful to date an undated report once its cluster's event date is known.
    """
    constraints = [t for t in doc.timexes if t.weekday is not None and t.direction]
    out = []
    for k in range(days + 1):
        candidate = date.fromordinal(around.toordinal() + k)
        if all(_fits(t, candidate, around) for t in constraints):
            out.append(candidate)
    return out


def _fits(t: TimeExpr, writing_day: date, event_day: date) -> bool:
    """A weekday mention resolved against ``writing_day`` lands on or after the event's
    week (a report does not recall a weekday from before the story began)."""
    resolved = resolve_weekday(writing_day, t.weekday or 1, t.direction or "past")
    return abs((resolved - event_day).days) <= 6
