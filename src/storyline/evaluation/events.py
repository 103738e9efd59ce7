"""Coded events on annotated articles: (document, event type, source, target) P/R/F1.

Gold format (``events_coded.json``, seeds and the example corpus): a list of events, each
with ``doc`` (file name), ``event_type`` (16-type PLOVER), ``sentence`` (exact text),
``source_actor`` / ``target_actor`` (canonical names, several joined by ``;``, or null),
``source_country`` / ``target_country`` and ``negated``. ``entities.json`` beside it
lists the canonical actors with their forms (see :mod:`storyline.evaluation.actors`).

Scoring, in our words:

- The files are analysed by the configured pipeline up to ``events`` (so the global
  ``--actors`` and ``--set`` options apply), exactly as ``storyline analyze`` would.
- A predicted event **matches** a gold event when it is in the same document, its
  sentence is the gold sentence or overlaps it, the type is the same, and the source
  and target match. Matching is one-to-one (a maximum matching over all candidates).
- **Actors** match when one of the predicted actor ids is an accepted id of one of the
  gold names (:func:`storyline.evaluation.actors.accepted_ids`: the registry entries named
  like the entity, the entity a metonym refers to, and for an organ of a state such as
  "Kremlin" or "Trump administration" that state). A gold null actor (PLOVER recipients
  are optional) accepts any prediction. CONSULT compares the two actors as an unordered
  pair: PLOVER codes both sides of a consultation as sources, and which side the gold
  calls the initiator is often not in the text.
- ``precision`` = matches / predicted events, ``recall`` = matches / gold events,
  ``f1`` their harmonic mean. Diagnostics: ``f1_country`` compares actors by country
  code instead of identity, ``f1_type`` ignores actors.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.config import Config, load_config
from storyline.evaluation import EvalResult, prf
from storyline.model import Document, Event

__all__ = ["GoldEvent", "evaluate", "load_gold", "match_events", "score_documents"]

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class GoldEvent:
    id: str
    doc: str
    type: str
    sentence: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    source_country: str | None
    target_country: str | None
    negated: bool


def _names(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(n.strip() for n in str(value).split(";") if n.strip())


def load_gold(path: Path) -> list[GoldEvent]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of coded events")
    return [
        GoldEvent(
            id=str(e.get("id", i)), doc=e["doc"], type=str(e["event_type"]).upper(),
            sentence=e["sentence"], sources=_names(e.get("source_actor")),
            targets=_names(e.get("target_actor")),
            source_country=e.get("source_country"), target_country=e.get("target_country"),
            negated=bool(e.get("negated")),
        )
        for i, e in enumerate(data)
    ]


def _find(text: str, sentence: str) -> tuple[int, int] | None:
    """Where a gold sentence is in the clean text (white space may differ)."""
    at = text.find(sentence)
    if at >= 0:
        return at, at + len(sentence)
    words = [re.escape(w) for w in sentence.split()]
    if not words:
        return None
    m = re.search(r"\s+".join(words), text)
    return (m.start(), m.end()) if m else None


ActorTest = Callable[[Event, GoldEvent, str], bool]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def match_events(pred: Sequence[Event], gold: Sequence[tuple[GoldEvent, tuple[int, int]]],
                 actor_ok: ActorTest) -> list[tuple[int, int]]:
    """A maximum one-to-one matching of predicted to gold events (Kuhn's algorithm)."""
    edges: dict[int, list[int]] = {}
    for gi, (g, span) in enumerate(gold):
        for pi, p in enumerate(pred):
            if p.type != g.type or not _overlaps((p.where.start, p.where.end), span):
                continue
            if g.type == "CONSULT":
                straight = actor_ok(p, g, "source") and actor_ok(p, g, "target")
                swapped = _swap_ok(p, g, actor_ok)
                if not (straight or swapped):
                    continue
            elif not (actor_ok(p, g, "source") and actor_ok(p, g, "target")):
                continue
            edges.setdefault(gi, []).append(pi)
    owner: dict[int, int] = {}

    def augment(gi: int, seen: set[int]) -> bool:
        for pi in edges.get(gi, []):
            if pi in seen:
                continue
            seen.add(pi)
            if pi not in owner or augment(owner[pi], seen):
                owner[pi] = gi
                return True
        return False

    for gi in edges:
        augment(gi, set())
    return sorted((gi, pi) for pi, gi in owner.items())


def _swap_ok(p: Event, g: GoldEvent, actor_ok: ActorTest) -> bool:
    from dataclasses import replace

    swapped = replace(p, source_ids=p.target_ids, target_ids=p.source_ids,
                      source_country=p.target_country, target_country=p.source_country)
    return actor_ok(swapped, g, "source") and actor_ok(swapped, g, "target")


class _Actors:
    """Which predicted actor ids count for a gold name (per document)."""

    def __init__(self, entities: list[dict[str, Any]], registry: Any) -> None:
        self.registry = registry
        self.by_canonical = {e["canonical"]: e for e in entities}
        self.cache: dict[tuple[str, str], set[str]] = {}

    def accepted(self, name: str, doc: Document) -> set[str]:
        key = (name, doc.id)
        if key not in self.cache:
            from storyline.evaluation.actors import accepted_ids

            entity = self.by_canonical.get(name) or {"canonical": name, "type": ""}
            self.cache[key] = accepted_ids(entity, self.registry, self.by_canonical,
                                           doc.actors)
        return self.cache[key]

    def government(self, name: str, doc: Document) -> set[str]:
        """PLOVER actor level: a state, its organs and the holders of its offices are one
        actor (country code plus the GOV sector)."""
        ids = set(self.accepted(name, doc))
        states = {self._state_code(i, doc) for i in ids} - {None}
        for code in states:
            ids |= self._officials(code, doc)
            ids |= set(self.registry.by_code.get(code, []))
        return ids

    def _state_code(self, actor_id: str, doc: Document) -> str | None:
        entry = self.registry.get(actor_id)
        if entry is not None:
            if entry.type in ("country", "government") and entry.country:
                return entry.country
            if entry.type == "person":
                offices = {r.of for r in entry.roles if r.of}
                codes = {self._code_of(o) for o in offices} - {None}
                return codes.pop() if len(codes) == 1 else None
            return None
        for actor in doc.actors:
            if actor.id == actor_id and actor.country and (actor.type != "person"
                                                           or actor.role):
                return actor.country
        return None

    def _code_of(self, ref: str) -> str | None:
        entry = self.registry.get(ref)
        if entry is not None:
            return entry.country
        return ref if re.fullmatch(r"[A-Z]{3}", ref) else None

    def _officials(self, code: str, doc: Document) -> set[str]:
        out = set()
        for entry in self.registry.entries.values():
            holds_office = entry.type == "person" and any(
                self._code_of(r.of) == code for r in entry.roles if r.of)
            if holds_office or (entry.type == "government" and entry.country == code):
                out.add(entry.id)
        for actor in doc.actors:
            if actor.source == "induced" and actor.country == code and actor.role:
                out.add(actor.id)
        return out


def _code(value: str | None) -> str | None:
    if not value:
        return None
    value = value.upper()
    if value.startswith("IGO") or value in ("EU", "EUR"):
        return "IGO"
    return value[:3] if re.fullmatch(r"[A-Z]{3}.*", value) else value


def score_documents(docs: dict[str, Document], gold: Sequence[GoldEvent],
                    entities: list[dict[str, Any]], registry: Any
                    ) -> tuple[dict[str, float | int | None], dict[str, Any]]:
    """Score the events of analysed documents (by file name) against the gold list."""
    actors = _Actors(entities, registry)

    def identity(p: Event, g: GoldEvent, side: str) -> bool:
        names = g.sources if side == "source" else g.targets
        if not names:
            return True
        ids = p.source_ids if side == "source" else p.target_ids
        doc = docs[g.doc]
        return any(i in actors.accepted(n, doc) for n in names for i in ids)

    def country(p: Event, g: GoldEvent, side: str) -> bool:
        want = _code(g.source_country if side == "source" else g.target_country)
        if want is None or want in ("MULTIPLE", "MUL"):
            return True
        got = _code(p.source_country if side == "source" else p.target_country)
        return got == want

    def anyone(_p: Event, _g: GoldEvent, _side: str) -> bool:
        return True

    def government(p: Event, g: GoldEvent, side: str) -> bool:
        names = g.sources if side == "source" else g.targets
        if not names:
            return True
        ids = p.source_ids if side == "source" else p.target_ids
        doc = docs[g.doc]
        return any(i in actors.government(n, doc) for n in names for i in ids)

    totals = {"identity": 0, "country": 0, "type": 0, "government": 0}
    n_pred = n_gold = 0
    details: dict[str, Any] = {}
    confusion: Counter[str] = Counter()
    for name, doc in docs.items():
        items = [g for g in gold if g.doc == name]
        located = []
        for g in items:
            span = _find(doc.text, g.sentence)
            if span is not None:
                located.append((g, span))
        pred = list(doc.events)
        n_pred += len(pred)
        n_gold += len(items)
        matched = match_events(pred, located, identity)
        totals["identity"] += len(matched)
        totals["country"] += len(match_events(pred, located, country))
        totals["government"] += len(match_events(pred, located, government))
        typed = match_events(pred, located, anyone)
        totals["type"] += len(typed)
        hit_gold = {gi for gi, _ in matched}
        hit_pred = {pi for _, pi in matched}
        typed_gold = {gi for gi, _ in typed}
        missed = []
        for gi, (g, _span) in enumerate(located):
            if gi in hit_gold:
                continue
            why = "actors" if gi in typed_gold else "type/sentence"
            missed.append(f"{g.id} {g.type} {'/'.join(g.sources)} -> {'/'.join(g.targets)} "
                          f"[{why}]: {g.sentence[:70]}")
            if why == "type/sentence":
                same = [p.type for p in pred if _overlaps((p.where.start, p.where.end), _span)]
                confusion[f"{g.type}->{'/'.join(sorted(set(same))) or 'NONE'}"] += 1
        extra = [f"{p.type} {'/'.join(p.source_ids)} -> {'/'.join(p.target_ids)} "
                 f"({p.trigger}): {p.text[:60]}"
                 for pi, p in enumerate(pred) if pi not in hit_pred]
        missing = [g.id for g in items if all(g is not x for x, _ in located)]
        details[name] = {"gold": len(items), "predicted": len(pred), "matched": len(matched),
                         "missed": missed, "extra": extra, "sentence_not_found": missing}
    p, r, f = prf(totals["identity"], n_pred, n_gold)
    _pc, _rc, fc = prf(totals["country"], n_pred, n_gold)
    _pt, _rt, ft = prf(totals["type"], n_pred, n_gold)
    _pg, _rg, fg = prf(totals["government"], n_pred, n_gold)
    metrics: dict[str, float | int | None] = {
        "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
        "f1_government": round(fg, 4), "f1_country": round(fc, 4), "f1_type": round(ft, 4),
        "n_gold": n_gold, "n_predicted": n_pred, "matched": totals["identity"],
    }
    details["type_confusion"] = dict(confusion.most_common())
    return metrics, details


def evaluate(seeds: Path, gold: Path, *, config: Config | None = None) -> EvalResult:
    """Analyse the files the gold names and score their coded events.

    seeds (Path): folder with the articles (file names as in the gold ``doc`` fields).
    gold (Path): ``events_coded.json``; ``entities.json`` beside it, when present, names
        the actors.
    """
    from storyline.evaluation.runner import analyze_documents, load_documents
    from storyline.extract.actor_registry import load_registry

    config = config or load_config()
    items = load_gold(Path(gold))
    names = sorted({g.doc for g in items})
    files = _files_for(Path(seeds), names)
    docs = analyze_documents(load_documents(files.values()), until="events", config=config)
    by_name = {d.name: d for d in docs}
    wanted = {n: by_name[n] for n in names if n in by_name}
    if len(wanted) < len(names):
        lost = sorted(set(names) - set(wanted))
        raise ValueError(f"documents not found after ingestion: {', '.join(lost)}")
    entities_path = Path(gold).with_name("entities.json")
    entities = (json.loads(entities_path.read_text(encoding="utf-8"))
                if entities_path.is_file() else [])
    actor_settings = config.stage_settings("actors")
    registry = load_registry(str(actor_settings.get("registry", "default")),
                             list(actor_settings.get("extra", []) or []))
    metrics, details = score_documents(wanted, items, entities, registry)
    notes = [
        "match: same document, overlapping sentence, same type, source and target",
        "actors by identity (metonyms count as their state); CONSULT actors unordered; "
        "a null gold actor accepts any",
        "f1_government: actors at the PLOVER actor level (a state, its organs and its office "
        "holders are one actor); f1_country: by country code; f1_type: actors ignored",
    ]
    return EvalResult(task="events", n=len(items), metrics=metrics, details=details,
                      notes=notes)


def _files_for(folder: Path, names: Sequence[str]) -> dict[str, Path]:
    """The files behind gold document names (``file`` or ``file#record``)."""
    out = {}
    for name in names:
        path = folder / name.split("#", 1)[0]
        if not path.is_file():
            raise ValueError(f"{name}: no such file in {folder}")
        out[str(path)] = path
    return out
