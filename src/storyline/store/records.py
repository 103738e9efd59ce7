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


def _timex_rows(doc: Document) -> list[Row]:
    return [
        {
            "idx": i,
            "text": t.text,
            "type": t.type,
            "value": t.value,
            "mod": t.mod,
            "anchor_used": t.anchor_used,
            "weekday": t.weekday,
            "direction": t.direction,
            "rel_offset": t.offset,
            "confidence": t.confidence,
            **provenance_columns(t.where),
        }
        for i, t in enumerate(doc.timexes)
    ]


def _timex_items(rows: list[Row]) -> tuple[TimeExpr, ...]:
    return tuple(
        TimeExpr(
            text=r["text"],
            type=r["type"],
            value=r["value"],
            where=provenance_from_row(r),
            mod=r["mod"],
            anchor_used=r["anchor_used"],
            weekday=r["weekday"],
            direction=r["direction"],
            offset=r["rel_offset"],
            confidence=r["confidence"],
        )
        for r in rows
    )


def _quantity_json(q: Quantity) -> dict[str, Any]:
    return {"text": q.text, "value": q.value, "unit": q.unit, "what": q.what,
            "bound": q.bound, "start": q.start, "end": q.end}


def _event_rows(doc: Document) -> list[Row]:
    return [
        {
            "idx": i,
            "text": e.text,
            "type": e.type,
            "mode": e.mode,
            "trigger": e.trigger,
            "trigger_start": e.trigger_where.start,
            "trigger_end": e.trigger_where.end,
            "source_id": e.source_id,
            "target_id": e.target_id,
            "source_ids": json.dumps(list(e.source_ids)),
            "target_ids": json.dumps(list(e.target_ids)),
            "source_text": e.source_text,
            "target_text": e.target_text,
            "source_country": e.source_country,
            "target_country": e.target_country,
            "context": " ".join(e.context),
            "negated": int(e.negated),
            "modality": e.modality,
            "condition": e.condition,
            "quantities": json.dumps([_quantity_json(q) for q in e.quantities]),
            "location": e.location,
            "date_text": e.date_text,
            "confidence": e.confidence,
            **provenance_columns(e.where),
        }
        for i, e in enumerate(doc.events)
    ]


def _event_items(rows: list[Row]) -> tuple[Event, ...]:
    out = []
    for r in rows:
        where = provenance_from_row(r)
        quantities = tuple(
            Quantity(q["text"], q["value"], q.get("unit"), q.get("what"),
                     q.get("bound", "exact"), q.get("start", 0), q.get("end", 0),
                     Provenance(r["doc_id"], q.get("start", 0), q.get("end", 0), r["stage"]))
            for q in json.loads(r["quantities"] or "[]")
        )
        out.append(Event(
            type=r["type"], text=r["text"], trigger=r["trigger"], where=where,
            trigger_where=Provenance(r["doc_id"], r["trigger_start"], r["trigger_end"],
                                     r["stage"]),
            source_ids=tuple(json.loads(r["source_ids"] or "[]")),
            target_ids=tuple(json.loads(r["target_ids"] or "[]")),
            source_text=r["source_text"], target_text=r["target_text"],
            source_country=r["source_country"], target_country=r["target_country"],
            mode=r["mode"], context=tuple((r["context"] or "").split()),
            negated=bool(r["negated"]), modality=r["modality"], condition=r["condition"],
            quantities=quantities, location=r["location"], date_text=r["date_text"],
            confidence=r["confidence"],
        ))
    return tuple(out)


def _stance_rows(doc: Document) -> list[Row]:
    return [
        {
            "idx": i,
            "text": s.text,
            "actor_id": s.actor_id,
            "issue": s.issue,
            "stance": s.stance,
            "issue_text": s.issue_text,
            "issue_start": s.issue_where.start,
            "issue_end": s.issue_where.end,
            "condition": s.condition,
            "basis": s.basis,
            "modality": s.modality,
            "confidence": s.confidence,
            **provenance_columns(s.where),
        }
        for i, s in enumerate(doc.stances)
    ]


def _stance_items(rows: list[Row]) -> tuple[Stance, ...]:
    return tuple(
        Stance(
            actor_id=r["actor_id"], issue=r["issue"], stance=r["stance"], text=r["text"],
            where=provenance_from_row(r), issue_text=r["issue_text"],
            issue_where=Provenance(r["doc_id"], r["issue_start"], r["issue_end"],
                                   r["stage"]),
            condition=r["condition"], basis=r["basis"], modality=r["modality"],
            confidence=r["confidence"],
        )
        for r in rows
    )


def _claim_rows(doc: Document) -> list[Row]:
    return [
        {
            "idx": i, "text": c.text, "kind": c.kind, "slot": c.slot, "predicate": c.predicate,
            "subject_id": c.subject_id, "object": c.object, "value": c.value, "unit": c.unit,
            "bound": c.bound, "value_text": c.value_text, "polarity": c.polarity,
            "time": c.time, "modality": c.modality, "negated": int(c.negated),
            "speaker_id": c.speaker_id, "attributed": int(c.attributed),
            "confidence": c.confidence, **provenance_columns(c.where),
        }
        for i, c in enumerate(doc.claims)
    ]


def _claim_items(rows: list[Row]) -> tuple[Claim, ...]:
    return tuple(
        Claim(
            text=r["text"], kind=r["kind"], slot=r["slot"], where=provenance_from_row(r),
            predicate=r["predicate"], subject_id=r["subject_id"], object=r["object"],
            value=r["value"], unit=r["unit"], bound=r["bound"], value_text=r["value_text"],
            polarity=r["polarity"], time=r["time"], modality=r["modality"],
            negated=bool(r["negated"]), speaker_id=r["speaker_id"],
            attributed=bool(r["attributed"]), confidence=r["confidence"],
        )
        for r in rows
    )


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
    ItemTable("sentences", schema.sentences, _sentence_rows, _sentence_items, "idx"),
    ItemTable("parse_cache", schema.parses, _parse_rows, _parse_item, "doc_id"),
    ItemTable("actors", schema.actors, _actor_rows, _actor_items, "actor_id"),
    ItemTable("mentions", schema.mentions, _mention_rows, _mention_items, "idx"),
    ItemTable("quotes", schema.quotes, _quote_rows, _quote_items, "idx"),
    ItemTable("timexes", schema.timexes, _timex_rows, _timex_items, "idx"),
    ItemTable("events", schema.events, _event_rows, _event_items, "idx"),
    ItemTable("stances", schema.stances, _stance_rows, _stance_items, "idx"),
    ItemTable("claims", schema.claims, _claim_rows, _claim_items, "idx"),
    ItemTable("signals", schema.signals, _signal_rows, _signal_items, "idx"),
]
