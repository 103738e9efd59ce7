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
    "AlignedSentence",
    "Claim",
    "ClaimGroup",
    "Derivation",
    "Document",
    "Event",
    "EventCluster",
    "Mention",
    "OriginGroup",
    "ParseCache",
    "Position",
    "Provenance",
    "Quantity",
    "Quote",
    "RemovedLine",
    "Sentence",
    "Signal",
    "Stance",
    "TimeExpr",
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
class TimeExpr:
    """A temporal expression, normalised TIMEX3-style against the document date.

    type (str): ``DATE`` | ``TIME`` | ``DURATION`` | ``SET``.
    value (str | None): the TIMEX3 value: ``2031-03-11``, ``2031-W11``, ``2031-Q1``,
        ``2031-03-11T15:00``, ``2031-03-11TNI`` (night), ``P2D``, ``PT2H``, ``PXY`` (some
        years), ``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``. Without a document date, a
        year-less date keeps what the text states (``XXXX-03-11``) and a relative
        expression is None (the constraint fields then say what is known).
    mod (str | None): TIMEX3 ``mod``: ``START``, ``MID``, ``END``, ``APPROX``,
        ``LESS_THAN``, ``MORE_THAN``, ``EQUAL_OR_LESS``, ``EQUAL_OR_MORE``.
    anchor_used (str | None): the ISO date a relative value was computed from (the
        document date, or a date mentioned earlier for "a day later"); None when the
        text states the value in full, or when it is unresolved.
    weekday (int | None): ISO weekday (1 Monday .. 7 Sunday) a weekday expression names.
    direction (str | None): where a weekday or offset lies from the anchor: ``past`` (on
        or before), ``future`` (on or after), ``before``/``after`` (strictly: "last
        Thursday", "next Thursday").
    offset (str | None): for expressions relative to the anchor, the signed shift in
        TIMEX3 duration syntax: ``-P2D`` ("two days ago"), ``+P1W`` ("next week"),
        ``P0D`` ("today").
    confidence (float): how sure the normaliser is of ``value`` (tense-guessed weekdays
        and inferred years score lower than stated dates).
    """

    text: str
    type: str
    value: str | None
    where: Provenance
    mod: str | None = None
    anchor_used: str | None = None
    weekday: int | None = None
    direction: str | None = None
    offset: str | None = None
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number in the text, normalised, with what it counts or measures.

    text (str): the characters as written ("about 40", "€800 billion", "30-day").
    value (float): the normalised value: 40, 8e11, 30; durations in minutes (seconds,
        minutes, hours) or days (days, weeks); a vague amount ("dozens") gives its lower
        bound with ``bound="min"``.
    unit (str | None): ISO 4217 code for money (``EUR``), ``minute``, ``day``, ``month``,
        ``year``, ``percent``, ``ordinal``, a measure (``ton``, ``km``), or None for a
        plain count.
    what (str | None): the noun counted or measured, singular ("missile", "prisoner",
        "ceasefire" for a "30-day ceasefire"), when the text gives one.
    bound (str): ``exact`` | ``approx`` ("about") | ``min`` ("more than", "dozens") |
        ``max`` ("up to").
    start, end (int): character offsets of ``text`` in the string searched.
    where (Provenance | None): the same span in a document, when a document span was
        searched.
    """

    text: str
    value: float
    unit: str | None = None
    what: str | None = None
    bound: str = "exact"
    start: int = 0
    end: int = 0
    where: Provenance | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """A PLOVER-coded event stated in one sentence (a sentence may hold several).

    type (str): one of the 16 PLOVER types (AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE,
        AID, RETREAT, REQUEST, ACCUSE, REJECT, THREATEN, PROTEST, SANCTION, MOBILIZE,
        COERCE, ASSAULT).
    text (str): the sentence, exactly ``where``.
    trigger (str): the word(s) that signal the event, exactly ``trigger_where``.
    source_ids, target_ids: canonical actor ids (several for a compound actor);
        ``source_id`` / ``target_id`` give the first.
    source_text, target_text: the words the actors were resolved from.
    source_country, target_country: PLOVER actor codes of the first source and target
        (ISO 3166 alpha-3, or ``IGO`` for a body with no country); for a person the
        registry gives no country, the country the sentence names beside them.
    mode (str | None): the PLOVER mode where the type defines modes (``phone``,
        ``yield``, ``aerial`` ...).
    context (tuple): PLOVER contexts (``military``, ``humanitarian`` ...) plus the
        temporal ones, ``future``, ``historical``, ``hypothetical``.
    negated (bool): the sentence says the event did not (or will not) happen.
    modality (str): ``actual`` | ``proposed`` | ``conditional`` | ``scheduled`` |
        ``future`` | ``hypothetical`` | ``reported`` (stated by one party only).
    condition (str | None): the condition clause ("if Ardenia did the same").
    quantities: numbers stated with the event; location, date_text: as written.
    """

    type: str
    text: str
    trigger: str
    where: Provenance
    trigger_where: Provenance
    source_ids: tuple[str, ...] = ()
    target_ids: tuple[str, ...] = ()
    source_text: str | None = None
    target_text: str | None = None
    source_country: str | None = None
    target_country: str | None = None
    mode: str | None = None
    context: tuple[str, ...] = ()
    negated: bool = False
    modality: str = "actual"
    condition: str | None = None
    quantities: tuple[Quantity, ...] = ()
    location: str | None = None
    date_text: str | None = None
    confidence: float = 1.0

    @property
    def source_id(self) -> str | None:
        return self.source_ids[0] if self.source_ids else None

    @property
    def target_id(self) -> str | None:
        return self.target_ids[0] if self.target_ids else None


@dataclass(frozen=True, slots=True)
class Stance:
    """An actor's stance on a negotiation issue, as one sentence of a document states it.

    issue (str): canonical issue id from the issue lexicon (``ceasefire-full``).
    stance (str): ``proposes`` | ``supports`` | ``accepts`` | ``conditional`` |
        ``rejects`` | ``demands`` | ``unclear``.
    text (str): the evidence, exactly ``where`` (the sentence).
    issue_text (str): the words naming the issue, exactly ``issue_where``.
    condition (str | None): the condition attached ("if Ardenia did the same").
    basis (str): what the stance was read from: ``event:REJECT``, ``quote`` ...
    modality (str): as :class:`Event` (``actual``, ``future``, ``reported`` ...).
    """

    actor_id: str
    issue: str
    stance: str
    text: str
    where: Provenance
    issue_text: str
    issue_where: Provenance
    condition: str | None = None
    basis: str = ""
    modality: str = "actual"
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Position:
    """One actor's stance on one issue within one group of documents (an event cluster,
    or a single document until clusters exist), from the ``positions`` corpus stage.

    group_id (str): the event cluster id, or ``doc:<id>``.
    seq (int): the group's place in time among the groups that state a stance on the
        issue (1 = earliest).
    previous (str | None): the actor's stance on the issue in the latest earlier group
        that has one, when it differs (a stance change).
    evidence: the sentences the stance was read from, in every document of the group.
    """

    id: str
    group_id: str
    actor_id: str
    issue: str
    stance: str
    docs: tuple[str, ...]
    evidence: tuple[Provenance, ...]
    condition: str | None = None
    first_date: str | None = None
    last_date: str | None = None
    seq: int = 0
    previous: str | None = None


@dataclass(frozen=True, slots=True)
class EventCluster:
    """Documents that report one real-world event (not one topic), from the ``link`` stage.

    id (str): ``ev-`` plus the id of the document that opened the cluster.
    label (str): a short who / what / when summary, generated from the members.
    first_date, last_date (str | None): ISO dates of the event as the members date it.
    members (tuple): document ids, in the order they joined.
    """

    id: str
    label: str
    members: tuple[str, ...]
    first_date: str | None = None
    last_date: str | None = None


@dataclass(frozen=True, slots=True)
class OriginGroup:
    """Copies of one text (wire copies, reprints): one independent source downstream.

    id (str): id of the first-seen member, which the others copy.
    members (tuple): document ids; derivatives (rewrites) of a member count with it too,
        see :class:`Derivation`.
    """

    id: str
    members: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AlignedSentence:
    """A sentence of a derivative and its counterpart in the source, with their cosine."""

    derived: Provenance
    source: Provenance
    similarity: float


@dataclass(frozen=True, slots=True)
class Derivation:
    """A rewrite of another article, linked to its source with evidence.

    basis (str): how the direction was decided: ``dates`` or ``content``.
    aligned: sentence pairs (derivative, source); added: derivative sentences with no
        counterpart in the source (what the rewrite adds).
    """

    derived_id: str
    source_id: str
    basis: str
    score: float
    aligned: tuple[AlignedSentence, ...] = ()
    added: tuple[Provenance, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    """One atomic factual claim a sentence makes, with comparable slots (``claims`` stage).

    text (str): the cited evidence, exactly ``where`` (the sentence).
    kind (str): ``quantity`` | ``date`` | ``stance`` | ``event``.
    slot (str): what the claim is about, built from structure, not wording
        (``duration:call``, ``count:prisoner:per-side``, ``stance:ceasefire-full:RUS``,
        ``event:REJECT:yield:RUS>USA``); two claims of one event cluster with the same
        slot are about the same proposition.
    predicate (str): the verb lemma or event type; object (str | None): the noun
        counted, the issue or the target actor.
    value, unit, bound: the normalised number (see :class:`Quantity`), or for a
        stance the stance word in ``polarity``; value_text: the number as written.
    time (str | None): TIMEX3 value of the first date the sentence states.
    modality (str): as :class:`Event`; negated (bool): the sentence denies it.
    speaker_id (str | None), attributed (bool): inside a quote, the speaker; the
        outlet then reports the claim, it does not assert it.
    """

    text: str
    kind: str
    slot: str
    where: Provenance
    predicate: str = ""
    subject_id: str | None = None
    object: str | None = None
    value: float | None = None
    unit: str | None = None
    bound: str = "exact"
    value_text: str | None = None
    polarity: str | None = None
    time: str | None = None
    modality: str = "actual"
    negated: bool = False
    speaker_id: str | None = None
    attributed: bool = False
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """Claims of different documents about one slot of one event cluster (``claim_groups``).

    status (str): ``corroborated`` (two or more independent origins), ``contested`` (a
        document of another origin says otherwise), ``single-source``, or
        ``added-by-derivative`` (only rewrites state it, and their sources do not).
    supporting, contradicting: document ids; n_origins: independent origins among the
        supporting documents (copies and rewrites count with their source).
    conflicts (tuple): kinds of conflict: ``value`` | ``negation`` | ``polarity`` |
        ``actor``.
    members (tuple): ``(doc_id, claim index, role)`` with role ``supports``,
        ``contradicts`` or ``related`` (compatible, or of a supporting origin);
        evidence: the cited span of each member, in member order.
    """

    id: str
    cluster_id: str
    slot: str
    label: str
    status: str
    supporting: tuple[str, ...]
    contradicting: tuple[str, ...] = ()
    n_origins: int = 0
    conflicts: tuple[str, ...] = ()
    value: float | None = None
    unit: str | None = None
    members: tuple[tuple[str, int, str], ...] = ()
    evidence: tuple[Provenance, ...] = ()
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Signal:
    """One piece of reliability evidence about an article: a report, not a score.

    kind (str): e.g. ``unsourced-statistic``, ``mt-damage``, ``derivative``.
    explanation (str): one sentence a reader can check against the cited spans.
    spans: the evidence in the article (may be empty for a whole-document signal).
    value (float | None): a measure where the kind has one (a share, a count).
    """

    doc_id: str
    kind: str
    explanation: str
    spans: tuple[Provenance, ...] = ()
    value: float | None = None
    stage: str = "claims"


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
    timexes: tuple[TimeExpr, ...] = ()
    events: tuple[Event, ...] = ()
    stances: tuple[Stance, ...] = ()
    claims: tuple[Claim, ...] = ()
    signals: tuple[Signal, ...] = ()
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
