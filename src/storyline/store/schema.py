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
    "documents",
    "mentions",
    "quotes",
    "meta",
    "metadata",
    "parses",
    "removed_lines",
    "sentences",
]

SCHEMA_VERSION = 1

metadata = MetaData()

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
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("stage", String(32), nullable=False),
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
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("stage", String(32), nullable=False),
    Column("text", Text, nullable=False),
    Column("actor_id", String(128)),
    Column("kind", String(16), nullable=False),
    Column("confidence", Float, nullable=False),
)
Index("ix_mentions_actor", mentions.c.actor_id)

quotes = Table(
    "quotes",
    metadata,
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("stage", String(32), nullable=False),
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
