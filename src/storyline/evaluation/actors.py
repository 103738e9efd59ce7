"""Actor resolution scored against gold entities with surface forms per document.

Gold format (``entities.json``): a list of entities, each with ``canonical``, ``type``,
``country``, ``is_actor``, ``surface_forms_by_doc`` ({file name: [form, ...]}) and
optionally ``refers_to`` (a metonym's referent, another entity's canonical name).

Scoring, in our words:

- Each form of each entity is looked up in the document's clean text as a whole word
  (case-sensitive, ``\\w`` boundaries), as the gold set's own builder does.
- An occurrence inside a *longer* occurrence of any gold form is not scored on its own
  ("Russian" in "Russian President Vladimir Putin", "Trump" in "Donald Trump"): the
  longer form is scored, and a demonym in a title is part of the person's mention.
- An occurrence is resolved when a mention inside it or covering it resolves to an
  accepted actor ("Russian and Ukrainian delegations" holds one mention per side); when
  no mention is inside or covering, the one with the largest partial overlap decides.
- A unit is one (document, entity, form). ``resolution_accuracy`` is the share of units
  found in the text (with at least one scorable occurrence) of which some occurrence is
  resolved. ``occurrence_accuracy`` scores every scorable occurrence instead.
- Entities with ``is_actor: false`` (places, media, tools) are not scored: the stage does
  not treat them as actors.

Which actor ids count as right for a gold entity is decided without any list of names:
the registry entries whose name or alias equals the entity's canonical name (or the name
of the entity it ``refers_to``), or is a multi-word prefix of it ("Western allies" for
"Western allies of Ukraine"); an induced actor with that name; and, for an entity that is
an organ of a state (type naming a state, government, military, delegation, officials or a
metonym), the registry country with the entity's country code.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.config import Config, load_config
from storyline.evaluation import EvalResult, safe_div
from storyline.extract.actor_registry import Registry, load_registry, word_tokens
from storyline.model import Document, Mention

__all__ = ["accepted_ids", "evaluate", "find_occurrences", "score_documents"]

STATE_ORGAN_WORDS = ("state", "government", "military", "delegation", "officials", "metonym")


@dataclass(frozen=True)
class _Occ:
    start: int
    end: int
    entity: int  # index into the gold list
    form: str


def _norm_phrase(text: str) -> tuple[str, ...]:
    words = [w.norm for w in word_tokens(text.replace("-", " "))]
    return tuple(words[1:] if words and words[0] == "the" else words)


def find_occurrences(text: str, forms: Iterable[tuple[int, str]]) -> list[_Occ]:
    """Whole-word occurrences of ``(entity, form)`` pairs, minus those nested in longer ones."""
    found = []
    for entity, form in forms:
        pattern = re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)")
        found += [_Occ(m.start(), m.end(), entity, form) for m in pattern.finditer(text)]
    return [
        o for o in found
        if not any(p.start <= o.start and o.end <= p.end and (p.end - p.start) > (o.end - o.start)
                   for p in found)
    ]


def _names_for(entity: dict[str, Any], by_canonical: dict[str, dict[str, Any]]) -> list[str]:
    names = [entity["canonical"]]
    seen = {entity["canonical"]}
    target = entity.get("refers_to")
    while target and target not in seen and target in by_canonical:
        seen.add(target)
        names.append(target)
        target = by_canonical[target].get("refers_to")
    return names


def accepted_ids(
    entity: dict[str, Any],
    registry: Registry,
    by_canonical: dict[str, dict[str, Any]],
    doc_actors: Iterable[Any] = (),
) -> set[str]:
    """The actor ids that count as a correct resolution of a gold entity (see module)."""
    ids: set[str] = set()
    entities = [entity] + [by_canonical[n] for n in _names_for(entity, by_canonical)[1:]]
    for ent in entities:
        key = _norm_phrase(ent["canonical"])
        for item in registry.lexicon.get(key, []):
            if item.kind in ("name", "alias"):
                ids.add(item.actor_id)
        for lex_key, items in registry.lexicon.items():
            if len(lex_key) >= 2 and len(lex_key) < len(key) and key[: len(lex_key)] == lex_key:
                ids.update(it.actor_id for it in items if it.kind in ("name", "alias"))
        for actor in doc_actors:
            if actor.source == "induced" and _norm_phrase(actor.name) == key:
                ids.add(actor.id)
        kind = str(ent.get("type") or "").lower()
        code = str(ent.get("country") or "")[:3]
        if ent.get("type") != "person" and any(w in kind for w in STATE_ORGAN_WORDS):
            country = registry.country_of(code) if re.fullmatch(r"[A-Z]{3}", code) else None
            if country is not None:
                ids.add(country.id)
    return ids


def _best_mentions(occ: _Occ, mentions: list[Mention]) -> list[Mention]:
    """Mentions inside or covering the occurrence; failing those, the largest overlap."""
    nested = [
        m for m in mentions
        if (occ.start <= m.where.start and m.where.end <= occ.end)
        or (m.where.start <= occ.start and occ.end <= m.where.end)
    ]
    if nested:
        return nested
    overlaps = []
    for m in mentions:
        overlap = min(occ.end, m.where.end) - max(occ.start, m.where.start)
        if overlap > 0:
            overlaps.append((overlap, m))
    if not overlaps:
        return []
    top = max(o for o, _ in overlaps)
    return [m for o, m in overlaps if o == top]


def score_documents(
    docs: Iterable[Document], gold: list[dict[str, Any]], registry: Registry
) -> EvalResult:
    """Score analysed documents (with mentions) against the gold entities."""
    by_canonical = {e["canonical"]: e for e in gold}
    units_total = units_ok = occ_total = occ_ok = 0
    not_in_text = nested_only = 0
    by_type: Counter[str] = Counter()
    by_type_ok: Counter[str] = Counter()
    misses: list[dict[str, Any]] = []
    docs = list(docs)
    for doc in docs:
        forms = [
            (i, form)
            for i, ent in enumerate(gold)
            for form in ent.get("surface_forms_by_doc", {}).get(doc.name, [])
        ]
        if not forms:
            continue
        occurrences = find_occurrences(doc.text, forms)
        mentions = sorted(doc.mentions, key=lambda m: m.where.start)
        for i, ent in enumerate(gold):
            if not ent.get("is_actor", True):
                continue
            good = accepted_ids(ent, registry, by_canonical, doc.actors)
            for form in ent.get("surface_forms_by_doc", {}).get(doc.name, []):
                if not re.search(r"(?<!\w)" + re.escape(form) + r"(?!\w)", doc.text):
                    not_in_text += 1
                    continue
                occs = [o for o in occurrences if o.entity == i and o.form == form]
                if not occs:
                    nested_only += 1
                    continue
                units_total += 1
                kind = _kind_of(ent)
                by_type[kind] += 1
                results = []
                for occ in occs:
                    best = _best_mentions(occ, mentions)
                    ok = any(m.actor_id in good for m in best)
                    results.append((occ, ok, best))
                    occ_total += 1
                    occ_ok += ok
                if any(ok for _, ok, _ in results):
                    units_ok += 1
                    by_type_ok[kind] += 1
                else:
                    misses.append({
                        "doc": doc.name,
                        "entity": ent["canonical"],
                        "form": form,
                        "accepted": sorted(good),
                        "got": [
                            [f"{m.text}", m.actor_id, m.kind] for _, _, best in results
                            for m in best
                        ] or None,
                    })
    metrics: dict[str, float | int | None] = {
        "resolution_accuracy": round(safe_div(units_ok, units_total), 4),
        "occurrence_accuracy": round(safe_div(occ_ok, occ_total), 4),
        "units": units_total,
        "occurrences": occ_total,
    }
    for kind in sorted(by_type):
        metrics[f"accuracy_{kind}"] = round(safe_div(by_type_ok[kind], by_type[kind]), 4)
    notes = [
        f"{len(docs)} documents; units are (document, entity, surface form)",
        f"not scored: {not_in_text} forms absent from the clean text, {nested_only} only "
        "inside a longer gold form; entities with is_actor false are skipped",
    ]
    return EvalResult(task="actors", n=units_total, metrics=metrics,
                      details={"misses": misses}, notes=notes)


def _kind_of(entity: dict[str, Any]) -> str:
    kind = str(entity.get("type") or "").lower()
    if kind == "person":
        return "person"
    if "metonym" in kind:
        return "metonym"
    if kind == "state":
        return "state"
    return "other"


def evaluate(seeds_dir: Path, gold_path: Path, *, config: Config | None = None) -> EvalResult:
    """Analyse the seed files up to the ``actors`` stage and score them against the gold.

    seeds_dir (Path): folder with the files the gold names.
    gold_path (Path): ``entities.json``.
    config (Config | None): settings (e.g. with ``--actors`` files); defaults otherwise.
    RETURNS (EvalResult): ``resolution_accuracy`` and friends; misses in ``details``.
    """
    from storyline.evaluation.runner import analyze_files

    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    names = sorted({name for e in gold for name in e.get("surface_forms_by_doc", {})})
    paths = [Path(seeds_dir) / name for name in names if (Path(seeds_dir) / name).exists()]
    if not paths:
        raise ValueError(f"none of the gold's documents are in {seeds_dir}")
    config = config or load_config()
    docs = analyze_files(paths, until="actors", config=config)
    settings = config.stage_settings("actors")
    registry = load_registry(str(settings.get("registry", "default")),
                             tuple(settings.get("extra") or ()))
    return score_documents(docs, gold, registry)

