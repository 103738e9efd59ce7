"""PLOVER JSON export of coded events.

One JSON list, one record per event, with PLOVER's standard field names (as the PLOVER
gold standard records use them): ``id``, ``date``, ``source`` and ``target`` (lists of
``{"actorText", "code", "actorId"}``), ``event`` (the 16-type set), ``mode``,
``context`` (comma-separated), ``eventText`` (the trigger), ``text`` (the sentence),
``eventLoc``, ``language``, ``publication``, ``coder`` and ``version``. What PLOVER has no
field for is under ``"storyline"``: negation, modality, the condition, quantities with
their units, the date as written, the character spans into the article's clean text
and a confidence. Negated events are left out unless asked for (PLOVER: "negated events
can be excluded from the final event dataset").
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from storyline.model import Document, Event

__all__ = ["PLOVER_VERSION", "export_plover", "plover_records"]

PLOVER_VERSION = "PLOVER 2023 (16 event types)"


def _actors(doc: Document, ids: Iterable[str], text: str | None,
            first_code: str | None) -> list[dict[str, Any]]:
    known = {a.id: a for a in doc.actors}
    out = []
    for n, actor_id in enumerate(ids):
        actor = known.get(actor_id)
        code = first_code if n == 0 and first_code else (
            actor.country if actor and actor.country else
            ("IGO" if actor and actor.type in ("organisation", "government") else None))
        out.append({
            "actorText": (text if n == 0 and text else (actor.name if actor else actor_id)),
            "code": code,
            "actorId": actor_id,
            "actorName": actor.name if actor else None,
        })
    return out


def _record(doc: Document, n: int, event: Event) -> dict[str, Any]:
    return {
        "id": f"{doc.id}-{n:03d}",
        "date": (doc.published or "")[:10] or None,
        "source": _actors(doc, event.source_ids, event.source_text, event.source_country),
        "target": _actors(doc, event.target_ids, event.target_text, event.target_country),
        "event": event.type,
        "mode": event.mode,
        "context": ", ".join(event.context),
        "eventText": event.trigger,
        "text": event.text,
        "eventLoc": event.location,
        "language": doc.language or "en",
        "publication": doc.outlet or doc.url or doc.name,
        "coder": "storyline",
        "version": PLOVER_VERSION,
        "storyline": {
            "doc_id": doc.id,
            "doc_name": doc.name,
            "negated": event.negated,
            "modality": event.modality,
            "condition": event.condition,
            "date_text": event.date_text,
            "quantities": [
                {"text": q.text, "value": q.value, "unit": q.unit, "what": q.what,
                 "bound": q.bound}
                for q in event.quantities
            ],
            "sentence": [event.where.start, event.where.end],
            "trigger": [event.trigger_where.start, event.trigger_where.end],
            "confidence": event.confidence,
        },
    }


def plover_records(docs: Iterable[Document], *, negated: bool = False
                   ) -> Iterator[dict[str, Any]]:
    """PLOVER records for the events of ``docs`` (negated ones only when asked)."""
    for doc in docs:
        for n, event in enumerate(doc.events):
            if event.negated and not negated:
                continue
            yield _record(doc, n, event)


def export_plover(store: Any, out: str | Path, *, negated: bool = False) -> int:
    """Write every stored event as PLOVER JSON to ``out``; RETURNS records written."""
    from storyline.report.export import _atomic_write

    count = 0

    def write(handle: Any) -> None:
        nonlocal count
        handle.write("[")
        for record in plover_records(store.iter_documents(status="analyzed"),
                                     negated=negated):
            handle.write(("," if count else "") + "\n" + json.dumps(record,
                                                                    ensure_ascii=False))
            count += 1
        handle.write("\n]\n")

    _atomic_write(Path(out), write)
    return count
