"""The database schema, written once in SQLAlchemy Core so SQLite and PostgreSQL run it
unchanged.

Conventions: every table of extracted items has ``doc_id``, ``start_char``, ``end_char``
and ``stage`` columns (``end`` is reserved in PostgreSQL); ids are content hashes, so a
re-run upserts rather than duplicates. ``SCHEMA_VERSION`` names the newest migration in
:mod:`storyline.store.migrations`; bump both together.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

__all__ = [
    "SCHEMA_VERSION",
    "actors",
    "claim_group_members",
    "claim_groups",
    "claims",
    "derivation_evidence",
    "derivations",
    "documents",
    "event_clusters",
    "event_members",
    "events",
    "link_clusters",
    "link_docs",
    "link_postings",
    "link_terms",
    "mentions",
    "meta",
    "metadata",
    "origins",
    "parses",
    "position_evidence",
    "positions",
    "quotes",
    "removed_lines",
    "sentences",
    "signals",
    "stances",
    "timexes",
]

SCHEMA_VERSION = 1

metadata = MetaData()


def item_columns() -> list[Column]:
    """The key and provenance columns every per-document item table starts with.

    ``(doc_id, idx)`` is the key; ``start_char``/``end_char`` index the document's clean
    text and ``stage`` names the stage that produced the item (``end`` is reserved in
    PostgreSQL, hence the ``_char`` suffixes).
    """
    return [
        Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"),
               primary_key=True),
        Column("idx", Integer, primary_key=True),
        Column("start_char", Integer, nullable=False),
        Column("end_char", Integer, nullable=False),
        Column("stage", String(32), nullable=False),
    ]


meta = Table(
    "storyline_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    # seq gives a stable insertion order for incremental processing and paging.
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(32), nullable=False, unique=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("name", Text, nullable=False, default=""),
    Column("source_path", Text),
    Column("url", Text),
    Column("title", Text),
    Column("outlet", Text),
    Column("author", Text),
    Column("published", String(40)),
    Column("language", String(16)),
    Column("raw_text", Text, nullable=False),
    Column("text", Text, nullable=False, default=""),
    Column("meta_json", Text, nullable=False, default="{}"),
    # pending | analyzed | failed
    Column("status", String(16), nullable=False, default="pending"),
    Column("analyzed_config", String(32)),
    Column("error", Text),
    Column("added_at", String(40), nullable=False),
)
Index("ix_documents_status", documents.c.status)

removed_lines = Table(
    "removed_lines",
    metadata,
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("line_no", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("reason", String(64), nullable=False),
)

sentences = Table(
    "sentences",
    metadata,
    *item_columns(),
    Column("text", Text, nullable=False),
)

# The cached spaCy parse of a document's clean text. Not exported (``info``): it is a
# cache, rebuilt whenever the model or the text changes.
parses = Table(
    "parses",
    metadata,
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("model", String(128), nullable=False),
    Column("text_hash", String(64), nullable=False),
    Column("data", LargeBinary, nullable=False),
    info={"export": False},
)

# Actors as each document knows them (registry entries and induced ones); the corpus-wide
# list is the distinct ``actor_id`` values.
actors = Table(
    "actors",
    metadata,
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("actor_id", String(128), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(32), nullable=False),
    Column("country", String(8)),
    Column("role", Text),
    Column("source", String(16), nullable=False),
)

mentions = Table(
    "mentions",
    metadata,
    *item_columns(),
    Column("text", Text, nullable=False),
    Column("actor_id", String(128)),
    Column("kind", String(16), nullable=False),
    Column("confidence", Float, nullable=False),
)
Index("ix_mentions_actor", mentions.c.actor_id)

quotes = Table(
    "quotes",
    metadata,
    *item_columns(),
    Column("text", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("speaker_id", String(128)),
    Column("speaker_text", Text),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("cue", Text),
    Column("reported_by", String(128)),
    Column("flags", Text, nullable=False, default=""),
    Column("confidence", Float, nullable=False),
)
Index("ix_quotes_speaker", quotes.c.speaker_id)


# -- linking (the ``link`` corpus stage) ---------------------------------------------------

# Event clusters: documents reporting one real-world event. ``label`` is generated.
event_clusters = Table(
    "event_clusters",
    metadata,
    Column("cluster_id", String(40), primary_key=True),
    Column("label", Text, nullable=False),
    Column("size", Integer, nullable=False),
    Column("first_date", String(10)),
    Column("last_date", String(10)),
    Column("stage", String(32), nullable=False),
)

# One row per linked document: its event, how well it matched (``parts``: JSON of the
# similarity components), and whether it opened the cluster.
event_members = Table(
    "event_members",
    metadata,
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("cluster_id", String(40), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("opened", Integer, nullable=False),
    Column("score", Float),
    Column("parts", Text, nullable=False, default="{}"),
    Column("stage", String(32), nullable=False),
)
Index("ix_event_members_cluster", event_members.c.cluster_id)

# Origin groups: copies of one text count as one source. ``relation`` is ``original``,
# ``copy`` (of ``via``, word-aligned ``similarity``) or ``derived`` (a rewrite of ``via``).
origins = Table(
    "origins",
    metadata,
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("origin_id", String(32), nullable=False),
    Column("relation", String(16), nullable=False),
    Column("via", String(32)),
    Column("similarity", Float),
    Column("stage", String(32), nullable=False),
)
Index("ix_origins_origin", origins.c.origin_id)

# Derivation links: ``derived_id`` rewrites ``source_id``; ``basis`` says how the
# direction was decided (``dates`` or ``content``).
derivations = Table(
    "derivations",
    metadata,
    Column("derived_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"),
           primary_key=True),
    Column("source_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"),
           primary_key=True),
    Column("basis", String(16), nullable=False),
    Column("score", Float, nullable=False),
    Column("n_aligned", Integer, nullable=False),
    Column("n_added", Integer, nullable=False),
    Column("stage", String(32), nullable=False),
)

# The evidence of a derivation: each sentence of the derivative (``doc_id``, span
# ``start_char``-``end_char``), either ``aligned`` with a source sentence (its span in
# ``source_start``-``source_end``) or ``added`` (no counterpart in the source).
derivation_evidence = Table(
    "derivation_evidence",
    metadata,
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("source_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"),
           primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("stage", String(32), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("source_start", Integer),
    Column("source_end", Integer),
    Column("similarity", Float),
)

# The linker's index, read on demand by the next run (not exported): per-document
# vectors and MinHash signatures, cluster centroids, posting lists, term frequencies.
link_docs = Table(
    "link_docs",
    metadata,
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("cluster_id", String(40), nullable=False),
    Column("origin_id", String(32), nullable=False),
    Column("published", String(10)),
    Column("vector", LargeBinary, nullable=False),
    Column("signature", LargeBinary, nullable=False),
    Column("attribution", Float, nullable=False, default=0.0),
    info={"export": False},
)

link_clusters = Table(
    "link_clusters",
    metadata,
    Column("cluster_id", String(40), primary_key=True),
    Column("vector", LargeBinary, nullable=False),
    Column("state_json", Text, nullable=False),
    info={"export": False},
)

link_postings = Table(
    "link_postings",
    metadata,
    Column("key", String(80), primary_key=True),
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("cluster_id", String(40), nullable=False),
    Column("seq", Integer, nullable=False),
    info={"export": False},
)
Index("ix_link_postings_key_seq", link_postings.c.key, link_postings.c.seq)

link_terms = Table(
    "link_terms",
    metadata,
    Column("term", String(120), primary_key=True),
    Column("df", Integer, nullable=False),
    info={"export": False},
)


# Temporal expressions (the ``timex`` stage), normalised TIMEX3-style. When the document
# date is unknown, a year-less date is ``XXXX-03-11`` and a relative ``value`` is None;
# ``weekday``/``direction``/``rel_offset`` then keep what the text says ("on Tuesday",
# in the past; "two days ago" = ``-P2D``).
timexes = Table(
    "timexes",
    metadata,
    *item_columns(),
    Column("text", Text, nullable=False),
    Column("type", String(8), nullable=False),
    Column("value", String(40)),
    Column("mod", String(16)),
    Column("anchor_used", String(10)),
    Column("weekday", Integer),
    Column("direction", String(8)),
    Column("rel_offset", String(16)),  # "offset" is reserved in PostgreSQL
    Column("confidence", Float, nullable=False),
)
Index("ix_timexes_value", timexes.c.value)


# -- events, stances and positions (the ``events``, ``stances`` and ``positions`` stages) ----

# PLOVER-coded events: ``start_char``-``end_char`` is the sentence, ``trigger_start``-
# ``trigger_end`` the trigger. ``source_ids``/``target_ids`` are JSON lists (compound
# actors); ``source_id``/``target_id`` repeat the first for queries. ``context`` is
# space-separated; ``quantities`` a JSON list of {text, value, unit, what, bound,
# start, end}.
events = Table(
    "events",
    metadata,
    *item_columns(),
    Column("text", Text, nullable=False),
    Column("type", String(16), nullable=False),
    Column("mode", String(32)),
    Column("trigger", Text, nullable=False),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    Column("source_id", String(128)),
    Column("target_id", String(128)),
    Column("source_ids", Text, nullable=False, default="[]"),
    Column("target_ids", Text, nullable=False, default="[]"),
    Column("source_text", Text),
    Column("target_text", Text),
    Column("source_country", String(8)),
    Column("target_country", String(8)),
    Column("context", Text, nullable=False, default=""),
    Column("negated", Integer, nullable=False, default=0),
    Column("modality", String(16), nullable=False),
    Column("condition", Text),
    Column("quantities", Text, nullable=False, default="[]"),
    Column("location", Text),
    Column("date_text", Text),
    Column("confidence", Float, nullable=False),
)
Index("ix_events_type", events.c.type)
Index("ix_events_source", events.c.source_id)

# An actor's stance on a canonical issue, as one sentence (``start_char``-``end_char``)
# states it; ``issue_start``-``issue_end`` are the words naming the issue.
stances = Table(
    "stances",
    metadata,
    *item_columns(),
    Column("text", Text, nullable=False),
    Column("actor_id", String(128), nullable=False),
    Column("issue", String(64), nullable=False),
    Column("stance", String(16), nullable=False),
    Column("issue_text", Text, nullable=False),
    Column("issue_start", Integer, nullable=False),
    Column("issue_end", Integer, nullable=False),
    Column("condition", Text),
    Column("basis", String(32), nullable=False, default=""),
    Column("modality", String(16), nullable=False),
    Column("confidence", Float, nullable=False),
)
Index("ix_stances_issue_actor", stances.c.issue, stances.c.actor_id)

# Positions: one actor's stance on one issue within a group of documents (an event
# cluster of the ``link`` stage, or ``doc:<id>``), ordered in time per issue (``seq``);
# ``previous`` is the actor's stance in its latest earlier group when it changed.
# ``docs`` is a JSON list of document ids.
positions = Table(
    "positions",
    metadata,
    Column("position_id", String(40), primary_key=True),
    Column("group_id", String(48), nullable=False),
    Column("actor_id", String(128), nullable=False),
    Column("issue", String(64), nullable=False),
    Column("stance", String(16), nullable=False),
    Column("condition", Text),
    Column("docs", Text, nullable=False, default="[]"),
    Column("first_date", String(10)),
    Column("last_date", String(10)),
    Column("seq", Integer, nullable=False, default=0),
    Column("previous", String(16)),
    Column("stage", String(32), nullable=False),
)
Index("ix_positions_group", positions.c.group_id)
Index("ix_positions_issue_actor", positions.c.issue, positions.c.actor_id)

# The sentences a position was read from (one row per cited sentence).
position_evidence = Table(
    "position_evidence",
    metadata,
    Column("position_id", String(40), primary_key=True),
    *item_columns(),
)


# -- claims (the ``claims`` document stage and the ``claim_groups`` corpus stage) -----------

# Atomic claims, one row per claim with its comparable slot. ``group_id`` and ``role``
# (supports | contradicts) are filled by ``claim_groups`` once the document is linked.
claims = Table(
    "claims",
    metadata,
    *item_columns(),
    Column("text", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("slot", Text, nullable=False),
    Column("predicate", String(64), nullable=False, default=""),
    Column("subject_id", String(128)),
    Column("object", Text),
    Column("value", Float),
    Column("unit", String(16)),
    Column("bound", String(8), nullable=False, default="exact"),
    Column("value_text", Text),
    Column("polarity", String(16)),
    Column("time", String(40)),
    Column("modality", String(16), nullable=False, default="actual"),
    Column("negated", Integer, nullable=False, default=0),
    Column("speaker_id", String(128)),
    Column("attributed", Integer, nullable=False, default=0),
    Column("confidence", Float, nullable=False, default=1.0),
    Column("group_id", String(40)),
    Column("role", String(12)),
)
Index("ix_claims_group", claims.c.group_id)

# Claim groups: one slot of one event cluster, with status and conflict kinds.
claim_groups = Table(
    "claim_groups",
    metadata,
    Column("group_id", String(40), primary_key=True),
    Column("cluster_id", String(40), nullable=False),
    Column("slot", Text, nullable=False),
    Column("label", Text, nullable=False),
    Column("status", String(24), nullable=False),
    Column("conflicts", Text, nullable=False, default=""),
    Column("flags", Text, nullable=False, default=""),
    Column("value", Float),
    Column("unit", String(16)),
    Column("n_sources", Integer, nullable=False),
    Column("supporting", Text, nullable=False, default="[]"),
    Column("contradicting", Text, nullable=False, default="[]"),
    Column("stage", String(32), nullable=False),
)
Index("ix_claim_groups_cluster", claim_groups.c.cluster_id)

# Which claims a group holds and in which role (``claim_idx`` = ``claims.idx``).
claim_group_members = Table(
    "claim_group_members",
    metadata,
    Column("group_id", String(40), primary_key=True),
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("claim_idx", Integer, primary_key=True),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("stage", String(32), nullable=False),
    Column("role", String(12), nullable=False),
    Column("origin_id", String(32)),
)

# Reliability signals: evidence about an article, each with cited spans (JSON list of
# [start, end]); the first span is also in start_char/end_char (-1 when none).
signals = Table(
    "signals",
    metadata,
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("stage", String(32), primary_key=True),
    Column("signal", String(40), nullable=False),
    Column("note", Text, nullable=False),
    Column("value", Float),
    Column("spans", Text, nullable=False, default="[]"),
)
