"""How the items a :class:`~storyline.model.Document` carries map to table rows.

One :class:`ItemTable` per kind of extracted item. The store saves and loads every kind
through this list, so a new extractor adds one entry here (and its table in ``schema``)
instead of new save/load code.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table

from storyline.model import (
    Actor,
    Claim,
    Document,
    Event,
    Mention,
    ParseCache,
    Provenance,
    Quantity,
    Quote,
    RemovedLine,
    Sentence,
    Signal,
    Stance,
    TimeExpr,
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


# -- items with provenance: one declarative column list per kind ----------------------


@dataclass(frozen=True)
class Attr:
    """One attribute of an item and how it is held in the item's row.

    dump: the attribute's value to the columns that hold it (usually one);
    load: a whole row back to the value (a row also carries ``doc_id`` and ``stage``,
    which spans and quantities stored beside the item need); None for a property that
    is stored for queries only and recomputed by the item itself.
    """

    name: str
    dump: Callable[[Any], Row]
    load: Callable[[Row], Any] | None


def _same(value: Any) -> Any:
    return value


def column(name: str, key: str | None = None, *, dump: Callable[[Any], Any] = _same,
           load: Callable[[Any], Any] = _same) -> Attr:
    """An attribute held in one column (``key``, the attribute's name by default)."""
    key = key or name
    return Attr(name, lambda value: {key: dump(value)}, lambda row: load(row[key]))


def query_column(name: str) -> Attr:
    """A property of the item kept in its own column for SQL queries, never loaded."""
    return Attr(name, lambda value: {name: value}, None)


def flag(name: str) -> Attr:
    """A bool held as 0/1 (portable across SQLite and PostgreSQL)."""
    return column(name, dump=int, load=bool)


def words(name: str) -> Attr:
    """A tuple of single-word labels held as one space-separated string."""
    return column(name, dump=" ".join, load=lambda value: tuple((value or "").split()))


def json_tuple(name: str) -> Attr:
    """A tuple of strings held as a JSON list."""
    return column(name, dump=lambda value: json.dumps(list(value)),
                  load=lambda value: tuple(json.loads(value or "[]")))


def span(name: str, prefix: str) -> Attr:
    """A second span of the same document (a speaker, a trigger) as two offset columns."""
    start, end = f"{prefix}_start", f"{prefix}_end"

    def dump(where: Provenance | None) -> Row:
        return {start: where.start if where else None, end: where.end if where else None}

    def load(row: Row) -> Provenance | None:
        if row[start] is None:
            return None
        return Provenance(row["doc_id"], row[start], row[end], row["stage"])

    return Attr(name, dump, load)


def _quantity_json(q: Quantity) -> dict[str, Any]:
    return {"text": q.text, "value": q.value, "unit": q.unit, "what": q.what,
            "bound": q.bound, "start": q.start, "end": q.end}


def _quantities_load(row: Row) -> tuple[Quantity, ...]:
    return tuple(
        Quantity(q["text"], q["value"], q.get("unit"), q.get("what"), q.get("bound", "exact"),
                 q.get("start", 0), q.get("end", 0),
                 Provenance(row["doc_id"], q.get("start", 0), q.get("end", 0), row["stage"]))
        for q in json.loads(row["quantities"] or "[]")
    )


QUANTITIES = Attr(
    "quantities",
    lambda value: {"quantities": json.dumps([_quantity_json(q) for q in value])},
    _quantities_load,
)


def item_converters(field: str, item_type: type, attrs: list[Attr], *, numbered: bool = True
                    ) -> tuple[Callable[[Document], list[Row]], Callable[[list[Row]], tuple]]:
    """Row converters for a Document field of items that carry ``where`` provenance.

    numbered: add an ``idx`` column with the item's position (items with an index of
        their own, such as sentences, map it through an attribute instead).
    """

    def to_rows(doc: Document) -> list[Row]:
        rows = []
        for i, item in enumerate(getattr(doc, field)):
            row: Row = {"idx": i} if numbered else {}
            for attr in attrs:
                row.update(attr.dump(getattr(item, attr.name)))
            rows.append({**row, **provenance_columns(item.where)})
        return rows

    def from_rows(rows: list[Row]) -> tuple:
        return tuple(
            item_type(where=provenance_from_row(r),
                      **{a.name: a.load(r) for a in attrs if a.load is not None})
            for r in rows
        )

    return to_rows, from_rows


def _items(field: str, table: Table, item_type: type, attrs: list[Attr], order_by: str = "idx",
           *, numbered: bool = True) -> ItemTable:
    to_rows, from_rows = item_converters(field, item_type, attrs, numbered=numbered)
    return ItemTable(field, table, to_rows, from_rows, order_by)


SENTENCE_ATTRS = [column("index", "idx"), column("text")]
MENTION_ATTRS = [column(n) for n in ("text", "actor_id", "kind", "confidence")]
QUOTE_ATTRS = [
    *(column(n) for n in ("text", "kind", "speaker_id", "speaker_text", "cue", "reported_by",
                          "confidence")),
    span("speaker_where", "speaker"),
    words("flags"),
]
TIMEX_ATTRS = [
    *(column(n) for n in ("text", "type", "value", "mod", "anchor_used", "weekday",
                          "direction", "confidence")),
    column("offset", "rel_offset"),
]
EVENT_ATTRS = [
    *(column(n) for n in ("text", "type", "mode", "trigger", "source_text", "target_text",
                          "source_country", "target_country", "modality", "condition",
                          "location", "date_text", "confidence")),
    span("trigger_where", "trigger"),
    query_column("source_id"),
    query_column("target_id"),
    json_tuple("source_ids"),
    json_tuple("target_ids"),
    words("context"),
    flag("negated"),
    QUANTITIES,
]
STANCE_ATTRS = [
    *(column(n) for n in ("text", "actor_id", "issue", "stance", "issue_text", "condition",
                          "basis", "modality", "confidence")),
    span("issue_where", "issue"),
]
CLAIM_ATTRS = [
    *(column(n) for n in ("text", "kind", "slot", "predicate", "subject_id", "object", "value",
                          "unit", "bound", "value_text", "polarity", "time", "modality",
                          "speaker_id", "confidence")),
    flag("negated"),
    flag("attributed"),
]


def _signal_rows(doc: Document) -> list[Row]:
    rows = []
    for i, sig in enumerate(doc.signals):
        first = sig.spans[0] if sig.spans else None
        rows.append({
            "doc_id": doc.id, "idx": i, "stage": sig.stage, "signal": sig.kind,
            "note": sig.explanation, "value": sig.value,
            "start_char": first.start if first else -1, "end_char": first.end if first else -1,
            "spans": json.dumps([[p.start, p.end] for p in sig.spans]),
        })
    return rows


def _signal_items(rows: list[Row]) -> tuple[Signal, ...]:
    return tuple(
        Signal(
            r["doc_id"], r["signal"], r["note"],
            tuple(Provenance(r["doc_id"], a, b, r["stage"]) for a, b in json.loads(r["spans"])),
            r["value"], r["stage"],
        )
        for r in rows
    )


ITEM_TABLES: list[ItemTable] = [
    ItemTable("removed", schema.removed_lines, _removed_rows, _removed_items, "line_no"),
    _items("sentences", schema.sentences, Sentence, SENTENCE_ATTRS, numbered=False),
    ItemTable("parse_cache", schema.parses, _parse_rows, _parse_item, "doc_id"),
    ItemTable("actors", schema.actors, _actor_rows, _actor_items, "actor_id"),
    _items("mentions", schema.mentions, Mention, MENTION_ATTRS),
    _items("quotes", schema.quotes, Quote, QUOTE_ATTRS),
    _items("timexes", schema.timexes, TimeExpr, TIMEX_ATTRS),
    _items("events", schema.events, Event, EVENT_ATTRS),
    _items("stances", schema.stances, Stance, STANCE_ATTRS),
    _items("claims", schema.claims, Claim, CLAIM_ATTRS),
    ItemTable("signals", schema.signals, _signal_rows, _signal_items, "idx"),
]
