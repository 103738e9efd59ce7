"""``storyline eval clusters``: event clustering against gold events.

Two inputs:

* ``--data FILE.jsonl``: records with ``text`` and a gold ``event`` (optional ``title``
  and ``date``), as ``../shared/data/ecbplus`` and ``../shared/data/basil`` ship them;
* ``--seeds DIR --gold events.json``: the seed articles, scored against each document's
  *primary* event.

The documents are cleaned by the configured ``clean`` stage and then linked by the same
:class:`~storyline.link.linker.Linker` the ``link`` stage runs, one at a time, as a
stream: in date order when every record has a date (a stable sort, so same-day records
keep the file order), otherwise in file order.

Metrics: B-cubed precision, recall and F1 (Bagga and Baldwin 1998: per document, the
share of its predicted cluster that shares its gold event, and the reverse), pairwise F1
over same-cluster document pairs, and the number of predicted and gold clusters.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

from storyline.config import Config
from storyline.evaluation import EvalResult, prf, safe_div
from storyline.evaluation.runner import analyze_documents, load_documents
from storyline.model import Document

__all__ = ["bcubed", "evaluate", "link_in_order", "load_records", "load_seeds", "pairwise"]


def bcubed(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a predicted clustering against gold labels."""
    by_pred: dict[Hashable, set[int]] = defaultdict(set)
    by_gold: dict[Hashable, set[int]] = defaultdict(set)
    for i, (p, g) in enumerate(zip(pred, gold, strict=True)):
        by_pred[p].add(i)
        by_gold[g].add(i)
    precision = recall = 0.0
    for p, g in zip(pred, gold, strict=True):
        shared = len(by_pred[p] & by_gold[g])
        precision += shared / len(by_pred[p])
        recall += shared / len(by_gold[g])
    n = len(pred)
    precision, recall = safe_div(precision, n), safe_div(recall, n)
    return precision, recall, safe_div(2 * precision * recall, precision + recall)


def pairwise(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, float, float]:
    """Precision, recall and F1 over document pairs placed in one cluster."""
    tp = n_pred = n_gold = 0
    for i, j in combinations(range(len(pred)), 2):
        same_pred, same_gold = pred[i] == pred[j], gold[i] == gold[j]
        n_pred += same_pred
        n_gold += same_gold
        tp += same_pred and same_gold
    return prf(tp, n_pred, n_gold)


def load_records(path: Path) -> tuple[list[Document], list[str]]:
    """Documents and gold events from a JSONL file of ``text``/``event`` records."""
    docs: list[Document] = []
    gold: list[str] = []
    with open(path, encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            record = json.loads(line)
            if not isinstance(record.get("text"), str) or "event" not in record:
                raise ValueError(f"{path}:{line_no}: a record needs 'text' and 'event'")
            docs.append(Document.from_text(
                record["text"],
                name=str(record.get("id", f"line{line_no}")),
                title=record.get("title") or None,
                published=record.get("date") or None,
            ))
            gold.append(str(record["event"]))
    return docs, gold


def load_seeds(seeds: Path, gold_path: Path) -> tuple[list[Document], list[str], dict[str, Any]]:
    """Seed documents (file order), their primary events, and the whole gold file."""
    gold_data = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    known = gold_data["docs"]
    # A gold key is a file name, or "<file>#<record id>" for a record of a JSONL or feed.
    files = sorted(p for p in Path(seeds).iterdir() if p.is_file() and any(
        key == p.name or key.startswith(p.name + "#") for key in known))
    docs = [d for d in load_documents(files) if d.name in known]
    return docs, [known[d.name]["primary"] for d in docs], gold_data


def _unique_ids(docs: list[Document]) -> list[Document]:
    # Two records with the same text get the same content-hash id; the store would keep
    # one, but the gold counts both, so each keeps its own (suffixed) id here.
    seen: dict[str, int] = {}
    out = []
    for doc in docs:
        count = seen.get(doc.id, 0)
        seen[doc.id] = count + 1
        out.append(doc if count == 0 else doc.evolve(id=f"{doc.id}-{count}"))
    return out


def link_in_order(
    docs: list[Document],
    *,
    config: Config | None = None,
    embedder: Callable[..., Any] | None = None,
) -> tuple[list[Any], str]:
    """Clean and link documents as a stream.

    RETURNS (tuple): per input document, ``(LinkResult, ClusterState)`` at the end of the
        stream; and a note saying in which order the documents were streamed.
    """
    from storyline.link.linker import Linker

    cleaned = analyze_documents(_unique_ids(docs), until="clean", config=config)
    dated = all(d.published for d in cleaned)
    order = sorted(range(len(cleaned)), key=lambda i: (cleaned[i].published or "", i)) if dated \
        else list(range(len(cleaned)))
    linker = Linker(embedder=embedder)
    results: list[Any] = [None] * len(cleaned)
    for i in order:
        results[i] = linker.add(cleaned[i])
    note = "streamed in date order (stable)" if dated else "streamed in file order"
    states = linker.state.clusters
    return [(r, states[r.assignment.cluster_id]) for r in results], note


def _match_detail(match: Any) -> dict[str, Any] | None:
    if match is None:
        return None
    return {"cluster": match.cluster_id, "score": round(match.score, 4), **match.parts}


def evaluate(
    data: Path | None = None,
    *,
    seeds: Path | None = None,
    gold: Path | None = None,
    config: Config | None = None,
    embedder: Callable[..., Any] | None = None,
) -> EvalResult:
    """Score event clustering on a JSONL data set or on the seeds."""
    from storyline.link.linker import cluster_label

    if data is not None:
        docs, gold_events = load_records(Path(data))
        task_source = Path(data).parent.name or str(data)
    elif seeds is not None and gold is not None:
        docs, gold_events, _ = load_seeds(Path(seeds), Path(gold))
        task_source = "seeds"
    else:
        raise ValueError("give --data FILE.jsonl, or --seeds DIR with --gold events.json")
    linked, note = link_in_order(docs, config=config, embedder=embedder)
    pred = [result.assignment.cluster_id for result, _state in linked]
    precision, recall, f1 = bcubed(pred, gold_events)
    _pp, _pr, pair_f1 = pairwise(pred, gold_events)
    clusters: dict[str, dict[str, Any]] = {}
    for doc, (result, state), event in zip(docs, linked, gold_events, strict=True):
        entry = clusters.setdefault(result.assignment.cluster_id, {
            "label": cluster_label(state), "members": []})
        match = result.assignment.match
        entry["members"].append({
            "doc": doc.name,
            "gold": event,
            "seq": result.seq,
            "opened": result.assignment.opened,
            "relation": result.relation,
            "best": _match_detail(match),
            "runner_up": _match_detail(result.assignment.runner_up),
        })
    return EvalResult(
        task="clusters",
        n=len(docs),
        metrics={
            "bcubed_precision": round(precision, 4),
            "bcubed_recall": round(recall, 4),
            "bcubed_f1": round(f1, 4),
            "pairwise_f1": round(pair_f1, 4),
            "n_pred_clusters": len(set(pred)),
            "n_gold_clusters": len(set(gold_events)),
        },
        details={"clusters": clusters},
        notes=[f"{task_source}: {note}; documents cleaned by the clean stage"],
    )
