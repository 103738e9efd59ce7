"""Negotiation positions: which gold (actor, issue, stance) triples storyline finds.

Gold format (``positions.json``, seeds and the example corpus): ``{"stance_vocabulary":
[...], "issues": [{"issue_id", "issue" (a label), "stances": [{"actor", "actor_detail",
"stance", "event", "docs", "evidence": {doc: text}, "condition"?}]}]}``.

Scoring, in our words:

- The files are analysed by the configured pipeline up to ``stances``; each document's
  stances are the predictions (the corpus-level grouping is not needed: every gold
  stance cites its documents).
- **Issues** are matched by label and keyword overlap, never by id: a gold issue's label
  words and the issues storyline's lexicon finds in its evidence excerpts vote for the
  predicted issues; the gold issue maps to the best-scoring ones (those within half the
  best score). ``details["issue_map"]`` shows the mapping.
- **Actors** match at the PLOVER actor level: the gold actor or its ``actor_detail``
  (registry names, metonyms as their state, and a state together with the holders of
  its offices; see :mod:`storyline.evaluation.events`).
- A gold stance is **covered** when a predicted stance in one of its documents has a
  mapped issue and a matching actor. It is **right** when one of the covering
  predictions whose sentence holds the gold evidence has the gold stance (when none
  holds it, the most frequent covering stance decides).
- ``coverage`` = covered / gold stances; ``stance_accuracy`` = right / covered.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.config import Config, load_config
from storyline.evaluation import EvalResult, safe_div
from storyline.extract.stances import Issue, find_issues, load_issues
from storyline.model import Document

__all__ = ["GoldStance", "Predicted", "evaluate", "load_gold", "map_issues", "score"]

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset({"a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "with",
                   "by", "at", "from", "as", "is", "are", "was", "were", "be", "its",
                   "their", "his", "her", "our", "s"})
PRECEDENCE = ("rejects", "conditional", "accepts", "demands", "proposes", "supports",
              "unclear")


@dataclass(frozen=True)
class GoldStance:
    issue: str
    label: str
    actors: tuple[str, ...]  # the actor and its detail, each possibly "A; B"
    stance: str
    event: str
    docs: tuple[str, ...]
    evidence: Mapping[str, str]


@dataclass(frozen=True)
class Predicted:
    """A predicted stance: the documents it holds for (one, or an event cluster's)."""

    docs: frozenset[str]
    actor_id: str
    issue: str
    stance: str
    spans: tuple[tuple[str, int, int], ...] = ()  # (doc name, start, end) of evidence


def load_gold(path: Path) -> list[GoldStance]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    out = []
    for issue in data.get("issues", []):
        for s in issue.get("stances", []):
            names: list[str] = []
            for field in ("actor", "actor_detail"):
                for part in str(s.get(field) or "").split(";"):
                    part = re.sub(r"\s*\(.*?\)\s*", " ", part).strip()
                    if part and part not in names:
                        names.extend(n.strip() for n in part.split("/") if n.strip())
            out.append(GoldStance(
                issue=issue["issue_id"], label=issue.get("issue", issue["issue_id"]),
                actors=tuple(dict.fromkeys(names)), stance=s["stance"],
                event=s.get("event", ""), docs=tuple(s.get("docs", ())),
                evidence=dict(s.get("evidence", {})),
            ))
    return out


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


def map_issues(gold: Sequence[GoldStance], issues: Sequence[Issue] | None = None
               ) -> dict[str, set[str]]:
    """Gold issue id -> predicted issue ids, by label words and evidence keywords."""
    issues = issues if issues is not None else load_issues()
    labels = {i.id: _words(i.label + " " + i.id.replace("-", " ") + " " + i.kind)
              for i in issues}
    by_gold: dict[str, list[GoldStance]] = defaultdict(list)
    for g in gold:
        by_gold[g.issue].append(g)
    out: dict[str, set[str]] = {}
    for gid, items in by_gold.items():
        gold_words = _words(items[0].label)
        scores: Counter[str] = Counter()
        for iid, words in labels.items():
            overlap = len(gold_words & words)
            if overlap:
                scores[iid] += overlap / max(1, len(gold_words))
        votes: Counter[str] = Counter()
        for g in items:
            for text in g.evidence.values():
                for m in find_issues(text, issues):
                    votes[m.issue] += 1
        total = sum(votes.values()) or 1
        for iid, n in votes.items():
            scores[iid] += n / total
        if not scores:
            out[gid] = set()
            continue
        best = max(scores.values())
        out[gid] = {iid for iid, sc in scores.items() if sc >= 0.5 * best}
    return out


def score(gold: Sequence[GoldStance], predicted: Sequence[Predicted],
          issue_map: Mapping[str, set[str]], actor_ok: Any,
          texts: Mapping[str, str]) -> tuple[dict[str, float | int | None], dict[str, Any]]:
    """Coverage and stance accuracy of predictions against gold stances.

    actor_ok (callable): ``actor_ok(gold_name, actor_id, doc_name) -> bool``.
    texts: document name -> clean text (to find the gold evidence).
    """
    covered = right = 0
    misses: list[str] = []
    wrong: list[str] = []
    for g in gold:
        wanted = issue_map.get(g.issue, set())
        cands = [p for p in predicted if p.issue in wanted and p.docs & set(g.docs)
                 and any(actor_ok(name, p.actor_id, doc) for name in g.actors
                         for doc in p.docs & set(g.docs))]
        label = f"{g.issue} | {'/'.join(g.actors)} | {g.stance} | {g.event}"
        if not cands:
            misses.append(label)
            continue
        covered += 1
        spans = _gold_spans(g, texts)
        near = [p for p in cands if any(_overlap(p.spans, doc, s, e) for doc, s, e in spans)]
        pool = near or cands
        if near:
            ok = any(p.stance == g.stance for p in near)
        else:
            counts = Counter(p.stance for p in pool)
            top = max(counts, key=lambda s: (counts[s], -PRECEDENCE.index(s)
                                             if s in PRECEDENCE else -99))
            ok = top == g.stance or (g.stance in counts and counts[g.stance] == counts[top])
        if ok:
            right += 1
        else:
            wrong.append(f"{label}: got {sorted({p.stance for p in pool})}")
    metrics: dict[str, float | int | None] = {
        "coverage": round(safe_div(covered, len(gold)), 4),
        "stance_accuracy": round(safe_div(right, covered), 4),
        "covered": covered, "right": right,
    }
    return metrics, {"missed": misses, "wrong_stance": wrong}


def _gold_spans(g: GoldStance, texts: Mapping[str, str]) -> list[tuple[str, int, int]]:
    out = []
    for doc, excerpt in g.evidence.items():
        text = texts.get(doc, "")
        at = text.find(excerpt)
        if at < 0:
            words = [re.escape(w) for w in excerpt.split()]
            m = re.search(r"\s+".join(words), text) if words else None
            if m is None:
                continue
            out.append((doc, m.start(), m.end()))
        else:
            out.append((doc, at, at + len(excerpt)))
    return out


def _overlap(spans: Iterable[tuple[str, int, int]], doc: str, start: int, end: int) -> bool:
    return any(d == doc and s < end and start < e for d, s, e in spans)


def predictions_of(docs: Iterable[Document]) -> list[Predicted]:
    """Per-document predictions from the documents' stances."""
    out = []
    for doc in docs:
        for s in doc.stances:
            out.append(Predicted(frozenset({doc.name}), s.actor_id, s.issue, s.stance,
                                 ((doc.name, s.where.start, s.where.end),)))
    return out


def actor_test(entities: list[dict[str, Any]], registry: Any,
               docs: Mapping[str, Document]) -> Any:
    """``actor_ok(gold_name, actor_id, doc_name)`` at the PLOVER actor level."""
    from storyline.evaluation.events import _Actors

    actors = _Actors(entities, registry)

    def ok(name: str, actor_id: str, doc_name: str) -> bool:
        doc = docs.get(doc_name)
        if doc is None:
            return False
        return actor_id in actors.government(name, doc)

    return ok


def evaluate(seeds: Path, gold: Path, *, config: Config | None = None) -> EvalResult:
    """Analyse the files the gold cites and score the stances found in them.

    seeds (Path): folder with the articles. gold (Path): ``positions.json``;
    ``entities.json`` beside it names the actors.
    """
    from storyline.evaluation.events import _files_for
    from storyline.evaluation.runner import analyze_documents, load_documents
    from storyline.extract.actor_registry import load_registry

    config = config or load_config()
    items = load_gold(Path(gold))
    if not items:
        raise ValueError(f"{gold}: no stances")
    names = sorted({d for g in items for d in g.docs})
    files = _files_for(Path(seeds), names)
    docs = analyze_documents(load_documents(files.values()), until="stances", config=config)
    by_name = {d.name: d for d in docs if d.name in names}
    entities_path = Path(gold).with_name("entities.json")
    entities = (json.loads(entities_path.read_text(encoding="utf-8"))
                if entities_path.is_file() else [])
    settings = config.stage_settings("actors")
    registry = load_registry(str(settings.get("registry", "default")),
                             list(settings.get("extra", []) or []))
    issues = load_issues(str(config.stage_settings("stances").get("issues", "default")))
    issue_map = map_issues(items, issues)
    metrics, details = score(items, predictions_of(by_name.values()), issue_map,
                             actor_test(entities, registry, by_name),
                             {n: d.text for n, d in by_name.items()})
    details["issue_map"] = {k: sorted(v) for k, v in issue_map.items()}
    notes = [
        "issues matched by label words and evidence keywords (see details.issue_map)",
        "actors at the PLOVER actor level: a state, its metonyms and its office holders "
        "count as one actor",
    ]
    return EvalResult(task="positions", n=len(items), metrics=metrics, details=details,
                      notes=notes)
