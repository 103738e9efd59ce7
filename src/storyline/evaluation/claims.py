"""``storyline eval claims``: claims, claim groups and conflicts on the seeds.

The seed articles are added to a temporary store and analysed by the configured pipeline
(every document stage, then ``link`` and ``claim_groups``), so the score is what
``storyline analyze`` gives. Gold claims (``claims.json``) are matched to system output
through their evidence: a system claim matches a gold claim in a document when its cited
sentence overlaps the gold evidence excerpt there.

Metrics:

- ``value_recall``: gold claims whose value is a number or a duration (not a weekday,
  a date or a relative phrase), found in one of their supporting documents with the same
  normalised value (hours and days compared in minutes; a gold ``year`` matches a claim
  dated that year) in a claim overlapping the evidence;
- ``support_f1``: over the gold claims matched to a claim group (the group with a member
  overlapping the most of the claim's evidence, the value deciding ties), the mean F1 of
  the group's supporting documents against ``docs_supporting``;
- ``contradiction_precision`` / ``contradiction_recall``: unordered document pairs
  (supporting, contradicting) of the contested groups against those of the gold claims'
  ``docs_contradicting``;
- ``false_cross_event_conflicts``: reported pairs whose documents have different gold
  primary events (``events.json`` beside the claims file, else each document's most
  frequent gold event); must be 0;
- ``derivative_additions_found``: gold claims flagged ``derivative-only`` matched to a
  group with status ``added-by-derivative`` or ``single-source`` (of
  ``derivative_additions``).
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from storyline.config import Config, load_config
from storyline.evaluation import EvalResult, prf
from storyline.evaluation.runner import load_documents
from storyline.model import Claim, ClaimGroup, Document

__all__ = ["evaluate", "gold_value", "locate"]

_TO_MINUTES = {"minute": 1.0, "hour": 60.0, "day": 1440.0, "week": 10080.0,
               "month": 43200.0, "year": 525600.0}
_SPACE = re.compile(r"\s+")


def gold_value(value: Any, unit: str | None) -> tuple[str, float] | None:
    """A gold value as (kind, number): ``duration`` in minutes, ``year`` (a calendar
    year), ``percent``, ``money`` or ``count``; None for weekdays, dates, phrases."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    word = (unit or "").strip().lower().split(" ")[0] if unit else ""
    if word in ("year",) and 1000 <= value <= 2999:
        return ("year", float(value))
    base = word.rstrip("s")
    if base in _TO_MINUTES:
        return ("duration", float(value) * _TO_MINUTES[base])
    if word in ("percent", "%"):
        return ("percent", float(value))
    if len(word) == 3 and word.isalpha() and (unit or "")[:3].isupper():
        return ("money", float(value))
    return ("count", float(value))


def _claim_matches(c: Claim, kind: str, value: float) -> bool:
    if kind == "year":
        return bool(c.time and c.time.startswith(str(int(value)))) or c.value == value
    if c.value is None:
        return False
    v = c.value * _TO_MINUTES.get(c.unit or "", 1.0) if kind == "duration" else c.value
    if kind == "duration" and (c.unit or "") not in _TO_MINUTES:
        return False
    return abs(v - value) <= 1e-6 * max(1.0, abs(value))


def locate(text: str, excerpt: str) -> tuple[int, int] | None:
    """Character span of ``excerpt`` in ``text``: exact, else with white space and quote
    marks folded, else its first 40 characters."""
    i = text.find(excerpt)
    if i >= 0:
        return (i, i + len(excerpt))
    fold = str.maketrans("‘’“”", "''\"\"")
    t, e = text.translate(fold), excerpt.translate(fold)
    pattern = r"\s+".join(re.escape(w) for w in _SPACE.split(e.strip()) if w)
    m = re.search(pattern, t) if pattern else None
    if m:
        return (m.start(), m.end())
    head = e.strip()[:40]
    i = t.find(head) if head else -1
    return (i, i + len(e)) if i >= 0 else None


def _overlaps(c: Claim, span: tuple[int, int]) -> bool:
    return c.where.start < span[1] and span[0] < c.where.end


def analyse_seeds(files: list[Path], config: Config) -> tuple[list[Document], list[ClaimGroup]]:
    """Add and analyse ``files`` in a temporary store; the documents and claim groups."""
    from storyline.api import Corpus
    from storyline.link.claims import read_claim_groups
    from storyline.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "eval.db")
        try:
            corpus = Corpus(store, config)
            for doc in load_documents(files):
                store.add_document(doc)
            corpus.analyze()
            docs = list(store.iter_documents())
            groups = read_claim_groups(store)
        finally:
            store.close()
    return docs, groups


def _primary_events(gold_path: Path, claims: list[dict[str, Any]]) -> dict[str, str]:
    events_path = gold_path.parent / "events.json"
    if events_path.exists():
        data = json.loads(events_path.read_text(encoding="utf-8"))
        return {name: d["primary"] for name, d in data.get("docs", {}).items()
                if isinstance(d, dict) and d.get("primary")}
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for c in claims:
        for d in c["docs_supporting"]:
            counts[d][c["event"]] += 1
    return {d: cnt.most_common(1)[0][0] for d, cnt in counts.items()}


def evaluate(seeds: Path, gold: Path, *, config: Config | None = None) -> EvalResult:
    """Score claims, claim groups and contradictions against the gold claims."""
    gold_path = Path(gold)
    gold_claims = json.loads(gold_path.read_text(encoding="utf-8"))
    names = {d for c in gold_claims for d in (*c["docs_supporting"], *c["docs_contradicting"],
                                              *c.get("evidence", {}))}
    # a record of a multi-document file is named "file.jsonl#record-id"
    files = sorted(p for p in Path(seeds).iterdir() if p.name in {n.split("#")[0] for n in names})
    docs, groups = analyse_seeds(files, config or load_config())
    by_name = {d.name: d for d in docs}
    name_of = {d.id: d.name for d in docs}
    group_of: dict[tuple[str, int], ClaimGroup] = {}
    for g in groups:
        for doc_id, idx, _role in g.members:
            group_of[doc_id, idx] = g

    value_total = value_found = 0
    support_f1s: list[float] = []
    matched: dict[str, ClaimGroup] = {}
    details: dict[str, list[Any]] = {"value_missed": [], "support": [], "unmatched": []}
    for gc in gold_claims:
        spans: dict[str, tuple[int, int]] = {}
        for name, excerpt in gc.get("evidence", {}).items():
            doc = by_name.get(name)
            span = locate(doc.text, excerpt) if doc is not None and excerpt else None
            if span is not None:
                spans[name] = span
        gv = gold_value(gc.get("value"), gc.get("unit"))
        if gv is not None:
            value_total += 1
            hit = any(_claim_matches(c, *gv) and _overlaps(c, spans[name])
                      for name in gc["docs_supporting"] if name in spans
                      for c in by_name[name].claims)
            value_found += hit
            if not hit:
                details["value_missed"].append({"id": gc["id"], "value": gc.get("value"),
                                                "unit": gc.get("unit")})
        best: tuple[Any, ...] | None = None
        scores: dict[str, list[Any]] = {}
        for name, span in spans.items():
            doc = by_name[name]
            for idx, c in enumerate(doc.claims):
                g = group_of.get((doc.id, idx))
                if g is None or not _overlaps(c, span):
                    continue
                entry = scores.setdefault(g.id, [g, set(), False])
                entry[1].add(name)
                entry[2] = entry[2] or (gv is not None and _claim_matches(c, *gv))
        kind_rank = {"quantity": 3, "stance": 2, "date": 1}
        for g, found_in, value_hit in scores.values():
            key = (value_hit, len(found_in), kind_rank.get(g.slot.split(":")[0], 0),
                   len(g.supporting))
            if best is None or key > best[0]:
                best = (key, g)
        if best is None:
            details["unmatched"].append(gc["id"])
            continue
        group = best[1]
        matched[gc["id"]] = group
        predicted = {name_of.get(d, d) for d in group.supporting}
        expected = set(gc["docs_supporting"])
        _p, _r, f1 = prf(len(predicted & expected), len(predicted), len(expected))
        support_f1s.append(f1)
        details["support"].append({"id": gc["id"], "group": group.label,
                                   "status": group.status, "predicted": sorted(predicted),
                                   "gold": sorted(expected), "f1": round(f1, 3)})

    predicted_pairs: set[frozenset[str]] = set()
    conflict_detail = []
    for g in groups:
        for s in g.supporting:
            for c in g.contradicting:
                pair = frozenset((name_of.get(s, s), name_of.get(c, c)))
                predicted_pairs.add(pair)
                conflict_detail.append({"group": g.label, "conflicts": list(g.conflicts),
                                        "supporting": name_of.get(s, s),
                                        "contradicting": name_of.get(c, c)})
    gold_pairs = {frozenset((s, c)) for gc in gold_claims for s in gc["docs_supporting"]
                  for c in gc["docs_contradicting"]}
    tp = len(predicted_pairs & gold_pairs)
    c_precision, c_recall, _f = prf(tp, len(predicted_pairs), len(gold_pairs))
    primary = _primary_events(gold_path, gold_claims)
    cross = [sorted(p) for p in predicted_pairs
             if len({primary.get(d) for d in p}) > 1]
    additions = [gc for gc in gold_claims if "derivative-only" in gc.get("flags", [])]
    added_found = sum(
        1 for gc in additions
        if gc["id"] in matched
        and matched[gc["id"]].status in ("added-by-derivative", "single-source")
        and {name_of.get(d, d) for d in matched[gc["id"]].supporting}
        <= set(gc["docs_supporting"]))
    details["conflicts"] = conflict_detail
    details["cross_event_conflicts"] = cross
    return EvalResult(
        task="claims",
        n=len(gold_claims),
        metrics={
            "value_recall": round(value_found / value_total, 4) if value_total else None,
            "n_value_claims": value_total,
            "support_f1": round(sum(support_f1s) / len(support_f1s), 4)
            if support_f1s else None,
            "n_matched": len(matched),
            "contradiction_precision": round(c_precision, 4) if predicted_pairs else None,
            "contradiction_recall": round(c_recall, 4) if gold_pairs else None,
            "n_conflict_pairs": len(predicted_pairs),
            "false_cross_event_conflicts": len(cross),
            "derivative_additions_found": added_found,
            "derivative_additions": len(additions),
            "n_groups": len(groups),
        },
        details=details,
        notes=["seeds analysed in a temporary store by the configured pipeline "
               "(document stages, link, claim_groups)"],
    )
