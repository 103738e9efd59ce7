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

from storyline.model import Document, Provenance, RemovedLine, Sentence
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
    """A Document field (a tuple of items) stored in one table, ordered by ``order_by``."""

    field: str
    table: Table
    to_rows: Callable[[Document], list[Row]]
    from_rows: Callable[[list[Row]], tuple[Any, ...]]
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


ITEM_TABLES: list[ItemTable] = [
    ItemTable("removed", schema.removed_lines, _removed_rows, _removed_items, "line_no"),
    ItemTable("sentences", schema.sentences, _sentence_rows, _sentence_items, "idx"),
]
