"""How the items a :class:`~storyline.model.Document` carries map to table rows.

One :class:`ItemTable` per kind of extracted item. The store saves and loads every kind
through this list, so a new extractor adds one entry here (and its table in ``schema``)
instead of new save/load code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table

from storyline.model import (
    Actor,
    Document,
    Mention,
    ParseCache,
    Provenance,
    Quote,
    RemovedLine,
    Sentence,
)
from storyline.store import schema

__all__ = ["ITEM_TABLES", "ItemTable", "provenance_columns", "provenance_from_row"]

Row = dict[str, Any]


def provenance_columns(where: Provenance) -> Row:
    """The four provenance columns every item table has."""
    return {
        "doc_id": where.doc_id,
        "start_char": where.start,
        "end_char": where.end,
        "stage": where.stage,
    }


def provenance_from_row(row: Row) -> Provenance:
    return Provenance(row["doc_id"], row["start_char"], row["end_char"], row["stage"])


@dataclass(frozen=True)
class ItemTable:
    """A Document field stored as rows of one table, ordered by ``order_by``.

    Most fields are tuples of items (one row each); ``from_rows`` rebuilds the field's
    value from the rows of one document, whatever its type.
    """

    field: str
    table: Table
    to_rows: Callable[[Document], list[Row]]
    from_rows: Callable[[list[Row]], Any]
    order_by: str


def _removed_rows(doc: Document) -> list[Row]:
    return [
        {"doc_id": doc.id, "line_no": r.line_no, "text": r.text, "reason": r.reason}
        for r in doc.removed
    ]


def _removed_items(rows: list[Row]) -> tuple[RemovedLine, ...]:
    return tuple(RemovedLine(r["line_no"], r["text"], r["reason"]) for r in rows)


def _sentence_rows(doc: Document) -> list[Row]:
    return [{"idx": s.index, "text": s.text, **provenance_columns(s.where)} for s in doc.sentences]


def _sentence_items(rows: list[Row]) -> tuple[Sentence, ...]:
    return tuple(Sentence(r["idx"], r["text"], provenance_from_row(r)) for r in rows)


def _parse_rows(doc: Document) -> list[Row]:
    cache = doc.parse_cache
    if cache is None:
        return []
    return [
        {"doc_id": doc.id, "model": cache.model, "text_hash": cache.text_hash, "data": cache.data}
    ]


def _parse_item(rows: list[Row]) -> ParseCache | None:
    if not rows:
        return None
    row = rows[0]
    return ParseCache(row["model"], row["text_hash"], bytes(row["data"]))


def _actor_rows(doc: Document) -> list[Row]:
    return [
        {
            "doc_id": doc.id,
            "actor_id": a.id,
            "name": a.name,
            "type": a.type,
            "country": a.country,
            "role": a.role,
            "source": a.source,
        }
        for a in doc.actors
    ]


def _actor_items(rows: list[Row]) -> tuple[Actor, ...]:
    return tuple(
        Actor(r["actor_id"], r["name"], r["type"], r["country"], r["role"], r["source"])
        for r in rows
    )


def _mention_rows(doc: Document) -> list[Row]:
    return [
        {
            "idx": i,
            "text": m.text,
            "actor_id": m.actor_id,
            "kind": m.kind,
            "confidence": m.confidence,
            **provenance_columns(m.where),
        }
        for i, m in enumerate(doc.mentions)
    ]


def _mention_items(rows: list[Row]) -> tuple[Mention, ...]:
    return tuple(
        Mention(r["text"], r["actor_id"], r["kind"], provenance_from_row(r), r["confidence"])
        for r in rows
    )


def _quote_rows(doc: Document) -> list[Row]:
    rows = []
    for i, q in enumerate(doc.quotes):
        speaker = q.speaker_where
        rows.append(
            {
                "idx": i,
                "text": q.text,
                "kind": q.kind,
                "speaker_id": q.speaker_id,
                "speaker_text": q.speaker_text,
                "speaker_start": speaker.start if speaker else None,
                "speaker_end": speaker.end if speaker else None,
                "cue": q.cue,
                "reported_by": q.reported_by,
                "flags": " ".join(q.flags),
                "confidence": q.confidence,
                **provenance_columns(q.where),
            }
        )
    return rows


def _quote_items(rows: list[Row]) -> tuple[Quote, ...]:
    out = []
    for r in rows:
        where = provenance_from_row(r)
        speaker = (
            Provenance(r["doc_id"], r["speaker_start"], r["speaker_end"], r["stage"])
            if r["speaker_start"] is not None
            else None
        )
        out.append(
            Quote(
                text=r["text"],
                kind=r["kind"],
                speaker_id=r["speaker_id"],
                speaker_text=r["speaker_text"],
                where=where,
                speaker_where=speaker,
                cue=r["cue"],
                reported_by=r["reported_by"],
                flags=tuple(r["flags"].split()),
                confidence=r["confidence"],
            )
        )
    return tuple(out)


ITEM_TABLES: list[ItemTable] = [
    ItemTable("removed", schema.removed_lines, _removed_rows, _removed_items, "line_no"),
    ItemTable("sentences", schema.sentences, _sentence_rows, _sentence_items, "idx"),
    ItemTable("parse_cache", schema.parses, _parse_rows, _parse_item, "doc_id"),
    ItemTable("actors", schema.actors, _actor_rows, _actor_items, "actor_id"),
    ItemTable("mentions", schema.mentions, _mention_rows, _mention_items, "idx"),
    ItemTable("quotes", schema.quotes, _quote_rows, _quote_items, "idx"),
]
