"""Pydantic models of the JSON API: they give the OpenAPI schema its shapes.

The data itself comes from :mod:`storyline.report.views` (the same dicts the report and
the dashboard render); these models only describe and validate it. Extra keys a newer
stage adds pass through (``extra="allow"``), so the API never hides data it has.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Actor",
    "AddResult",
    "Citation",
    "Claim",
    "CodedEvent",
    "Document",
    "DocumentDetail",
    "Event",
    "EventDetail",
    "NewDocument",
    "Position",
    "Quote",
    "SearchResult",
]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Citation(_Open):
    """Where an item comes from: a sentence of an article, and the exact characters."""

    doc_id: str
    sentence: int | None = Field(None, description="sentence index in the article (from 0)")
    start: int | None = Field(None, description="character offset into the clean text")
    end: int | None = None
    outlet: str
    title: str
    date: str | None = None
    anchor: str = Field(description="in-page anchor of the sentence: doc-<id>-s<idx>")


class Signal(_Open):
    signal: str
    value: Any = None
    level: str = "info"


class Document(_Open):
    id: str
    name: str | None = None
    title: str
    outlet: str
    author: str | None = None
    published: str | None = None
    date: str | None = None
    url: str | None = None
    status: str | None = None
    event_id: str | None = None
    relation: str | None = Field(None, description="original | copy | derived")
    via: str | None = Field(None, description="the document copied or rewritten")
    n_sentences: int = 0


class Sentence(_Open):
    idx: int
    start_char: int
    end_char: int
    text: str


class DocumentDetail(Document):
    text: str
    sentences: list[Sentence]
    signals: list[Signal] = []


class Event(_Open):
    id: str
    label: str
    date: str | None = None
    date_confidence: float | None = None
    date_basis: str | None = None
    members: list[str]
    n_docs: int
    n_sources: int = Field(description="independent sources (copies and rewrites count once)")
    outlets: dict[str, int]


class EventDetail(Event):
    summary: dict[str, Any]
    articles_by_outlet: list[dict[str, Any]]
    claims: list[dict[str, Any]]
    quotes_by_speaker: list[dict[str, Any]]
    coded_events: list[dict[str, Any]]
    positions: list[dict[str, Any]]


class Quote(_Open):
    text: str
    kind: str | None = None
    speaker: str
    speaker_id: str | None = None
    speaker_text: str | None = None
    cue: str | None = None
    reported_by: str | None = None
    flags: list[str] = []
    event_id: str | None = None
    cite: Citation


class Claim(_Open):
    id: str
    event_id: str | None = None
    text: str
    status: str = Field(description="corroborated | contested | single-source | "
                                    "added-by-derivative")
    n_sources: int
    kind: str = Field("unknown", description="quantity | date | stance | event | statement")
    title: str = Field("", description="the label in words: names for actor and issue ids")
    conflicts: list[str] = Field([], description="value | polarity | negation | "
                                                  "attribution | actor")
    supporting: list[Citation]
    contradicting: list[Citation]
    related: list[Citation] = Field([], description="compatible mentions, or of a "
                                                    "supporting origin: not counted")


class Position(_Open):
    id: str
    group_id: str | None = None
    actor_id: str | None = None
    actor: str
    issue: str
    stance: str
    condition: str | None = None
    previous: str | None = None
    evidence: list[Citation] = []


class CodedEvent(_Open):
    type: str
    source: str
    target: str
    negated: bool = False
    modality: str | None = None
    cite: Citation


class Actor(_Open):
    id: str
    name: str
    type: str | None = None
    country: str | None = None
    n_docs: int = 0
    n_mentions: int = 0
    n_quotes: int = 0


class SearchResult(_Open):
    query: str
    sentences: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    truncated: bool = False


class NewDocument(BaseModel):
    """An article to add: ``text`` (plain) or ``html`` (a page), with optional metadata."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, max_length=2_000_000)
    html: str | None = Field(None, max_length=10_000_000)
    title: str | None = Field(None, max_length=1000)
    outlet: str | None = Field(None, max_length=300)
    author: str | None = Field(None, max_length=300)
    url: str | None = Field(None, max_length=2000)
    published: str | None = Field(None, max_length=40)
    id: str | None = Field(None, max_length=200, description="your id for the record")
    analyze: bool = Field(False, description="run the analysis pipeline before answering")


class AddResult(BaseModel):
    id: str
    added: bool = Field(description="False when the same content was already stored")
    status: str
    name: str
