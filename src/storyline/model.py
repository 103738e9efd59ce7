"""The typed records that flow between stages.

Every extracted item carries a :class:`Provenance`: the document it came from and a
character span into that document's *clean* text (``Document.text``), plus the name of
the stage that produced it. Character offsets, not token indices, because they survive
re-tokenisation and can be shown to a reader as a highlighted sentence.

Records are frozen: a stage returns a new :class:`Document` (``dataclasses.replace``)
instead of mutating the one it was given, so the same stage can run in-process or on a
Dask worker and give the same result.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, fields, replace
from typing import Any

__all__ = [
    "Actor",
    "Document",
    "Mention",
    "Quote",
    "ParseCache",
    "Provenance",
    "RemovedLine",
    "Sentence",
    "content_hash",
    "doc_id_for",
]

_SPACE = re.compile(r"\s+")


def content_hash(text: str) -> str:
    """Hash of the text with white space folded.

    Why folded: the same article saved twice by different tools differs in line endings
    and trailing blanks; re-adding it must still be a no-op.
    """
    normal = _SPACE.sub(" ", text).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def doc_id_for(text: str) -> str:
    """A short, stable document id derived from the content (like sqlite-utils' hash_id)."""
    return content_hash(text)[:16]


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where an extracted item came from.

    doc_id (str): id of the document.
    start (int): character offset into ``Document.text``, inclusive.
    end (int): exclusive end offset.
    stage (str): registry name of the stage that produced the item.
    """

    doc_id: str
    start: int
    end: int
    stage: str

    def excerpt(self, text: str) -> str:
        """The cited characters of ``text`` (the document's clean text)."""
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A line the cleaner dropped, kept so the report can show what was removed and why.

    line_no (int): 1-based line number in ``Document.raw_text``.
    text (str): the line as it stood, stripped.
    reason (str): a short machine-readable reason, e.g. ``"share-widget"``.
    """

    line_no: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of the clean text; ``where`` spans it exactly."""

    index: int
    text: str
    where: Provenance


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical actor: a person, country, government, organisation or group.

    id (str): registry slug (``vladimir-putin``, ``RUS``), or ``induced:<slug>`` for an
        actor found only in the corpus.
    type (str): ``person`` | ``country`` | ``government`` | ``organisation`` | ``group``.
    country (str | None): ISO 3166 alpha-3 code of the actor's country, if any.
    role (str | None): the role the registry or the text gives (``President of Russia``).
    source (str): ``registry`` | ``user`` | ``induced``.
    """

    id: str
    name: str
    type: str
    country: str | None = None
    role: str | None = None
    source: str = "registry"


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text that refers to an actor.

    kind (str): how it refers: ``name`` | ``alias`` | ``role`` | ``metonym`` | ``demonym``
        | ``pronoun`` | ``induced``.
    actor_id (str | None): the resolved actor, None when unresolved.
    """

    text: str
    actor_id: str | None
    kind: str
    where: Provenance
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Quote:
    """Something an actor said, directly (in quote marks) or reported (indirect).

    kind (str): ``direct`` | ``indirect`` | ``mixed`` (reported speech with a quoted part).
    where: span of the quoted content (for direct quotes, inside the quote marks).
    speaker_where: span of the speaker mention the quote was attributed through.
    cue (str | None): the reporting verb or phrase (``said``, ``according to``).
    reported_by (str | None): actor id of the person who relays someone else's words.
    flags: e.g. ``partial``, ``pronoun-speaker``, ``embedded``, ``scare-quote``.
    """

    text: str
    kind: str
    speaker_id: str | None
    speaker_text: str | None
    where: Provenance
    speaker_where: Provenance | None = None
    cue: str | None = None
    reported_by: str | None = None
    flags: tuple[str, ...] = ()
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class ParseCache:
    """A stored parse, valid while the model and the text it was made from are unchanged."""

    model: str
    text_hash: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Document:
    """One article, from ingestion through analysis.

    ``raw_text`` is the text as ingested (for HTML, the main text trafilatura found);
    ``text`` is the clean text every span indexes, empty until the ``clean`` stage ran.
    ``meta`` holds format-specific extras (feed ids, JSON fields) that have no column.
    """

    id: str
    raw_text: str
    name: str = ""
    source_path: str | None = None
    content_hash: str = ""
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601 date or datetime, as precise as known
    language: str | None = None
    text: str = ""
    removed: tuple[RemovedLine, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    actors: tuple[Actor, ...] = ()  # every actor this document mentions
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)
    # Transient: the spaCy parse of ``text`` for the stages of one batch. Never stored
    # or compared; stripped before a batch leaves its worker (see ``without_transients``).
    nlp_doc: Any = field(default=None, compare=False, repr=False)
    # The serialised parse, cached in the store so a re-analysis does not re-parse.
    parse_cache: ParseCache | None = field(default=None, compare=False, repr=False)

    @classmethod
    def from_text(cls, raw_text: str, **kwargs: Any) -> Document:
        """Build a document whose id and hash derive from its content."""
        digest = content_hash(raw_text)
        return cls(id=digest[:16], raw_text=raw_text, content_hash=digest, **kwargs)

    def evolve(self, **changes: Any) -> Document:
        """A copy with ``changes`` applied (stages never mutate their input)."""
        return replace(self, **changes)

    def span(self, where: Provenance) -> str:
        """The clean-text characters a provenance points at."""
        if where.doc_id != self.id:
            raise ValueError(f"provenance for {where.doc_id} used on document {self.id}")
        return self.text[where.start : where.end]

    def metadata(self) -> dict[str, Any]:
        """The scalar fields, for export and for the store's documents table."""
        return {name: getattr(self, name) for name in METADATA_FIELDS}

    def without_transients(self) -> Document:
        """A copy fit to pickle or store: the in-memory parse dropped, its bytes kept."""
        return replace(self, nlp_doc=None) if self.nlp_doc is not None else self


METADATA_FIELDS = tuple(
    f.name
    for f in fields(Document)
    if f.type in ("str", "str | None") and f.name not in {"raw_text", "text"}
)
