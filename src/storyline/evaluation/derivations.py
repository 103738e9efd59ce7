"""``storyline eval derivations``: derivation links on the seeds.

The seed articles are cleaned and linked as a stream in file order, by the same
:class:`~storyline.link.linker.Linker` the ``link`` stage runs (see
:mod:`storyline.evaluation.clusters`). Every rewrite it links to a source, and every copy
it puts in an original's origin group, is a (derived, source) pair (a gold file may
list wire copies among its derivations); precision and recall are over the gold pairs of
``events.json`` ("derivations"), direction included.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from storyline.config import Config
from storyline.evaluation import EvalResult, prf
from storyline.evaluation.clusters import link_in_order, load_seeds

__all__ = ["evaluate"]


def evaluate(
    seeds: Path,
    gold: Path,
    *,
    config: Config | None = None,
    embedder: Callable[..., Any] | None = None,
) -> EvalResult:
    """Precision and recall of the (derived, source) pairs found among the seeds."""
    docs, _events, gold_data = load_seeds(Path(seeds), Path(gold))
    linked, note = link_in_order(docs, config=config, embedder=embedder)
    name_of = {result.doc_id: doc.name for doc, (result, _state) in zip(docs, linked, strict=True)}
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for result, _state in linked:
        for link in result.derivations:
            pair = (name_of[link.derived_id], name_of[link.source_id])
            found[pair] = {"kind": "rewrite", "basis": link.basis, "score": link.score,
                           "aligned": len(link.aligned), "added": len(link.added)}
        if result.relation == "copy" and result.via in name_of:
            found[name_of[result.doc_id], name_of[result.via]] = {
                "kind": "copy", "score": result.similarity}
    expected = {(d["derived"], d["source"]) for d in gold_data.get("derivations", [])}
    tp = len(set(found) & expected)
    precision, recall, f1 = prf(tp, len(found), len(expected))
    return EvalResult(
        task="derivations",
        n=len(expected),
        metrics={
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "n_found": len(found),
            "n_gold": len(expected),
        },
        details={
            "found": [{"derived": d, "source": s, **found[d, s]} for d, s in sorted(found)],
            "missed": [{"derived": d, "source": s} for d, s in sorted(expected - set(found))],
        },
        notes=[f"seeds: {note}; documents cleaned by the clean stage"],
    )
