"""Streaming linker cost: time to add the 1,000th document vs the 10,000th.

Builds a synthetic stream from ../shared/data texts (ECB+, BASIL and FNC-1 bodies): each
stream document takes a run of a base article's sentences (and, half the time, its
title), mixes in a few sentences of other articles, and gets a publication date that
advances along the stream. So the stream holds what a real one does: near-copies,
rewrites and many events on shared topics, in proportions that stay about the same from
the 1,000th document to the 10,000th.

The figure is the cost of :meth:`storyline.link.linker.Linker.add` (copies, derivations,
event clustering, index updates) on the in-memory state, the same class the ``link``
stage runs on the store. Embedding a text costs the same at any corpus size, so the
MiniLM vectors of every pool sentence are computed once up front (and reported
separately, per sentence); the figure isolates what could grow with the corpus.

Prints one JSON object; ``time_ratio_10000_vs_1000`` must stay at or below 2.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from storyline.link.features import split_sentences  # noqa: E402
from storyline.link.linker import Linker  # noqa: E402
from storyline.model import Document, Provenance, Sentence  # noqa: E402

# Sentences kept per pool article (the stream's documents are built from these).
POOL_SENTENCES = 10
# A stream document: a run of WINDOW sentences of one article, with OTHERS sentences of
# other articles mixed in (so that copies stay a minority however long the stream).
WINDOW = 4
OTHERS = 2
START = date(2024, 1, 1)


def _records(shared: Path) -> list[tuple[str, str]]:
    """(title, text) of every pool article, in a stable order."""
    out: list[tuple[str, str]] = []
    data = shared / "data"
    for name in ("ecbplus", "basil"):
        with open(data / name / "docs.jsonl", encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    out.append((record.get("title") or "", record["text"]))
    with open(data / "fnc1" / "bodies.jsonl", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                out.append(("", json.loads(line)["body"]))
    return out


def build_pool(shared: Path) -> list[tuple[str, list[str]]]:
    pool = []
    for title, text in _records(shared):
        sentences = [s.text for s in split_sentences("pool", text)][:POOL_SENTENCES]
        if len(sentences) >= 3:
            pool.append((title, sentences))
    return pool


def stream(pool: list[tuple[str, list[str]]], n: int, seed: int) -> list[Document]:
    """``n`` synthetic documents built from the pool (see the module docstring)."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        title, sentences = pool[rng.randrange(len(pool))]
        start = rng.randrange(max(1, len(sentences) - WINDOW + 1))
        keep = sentences[start : start + WINDOW]
        for _ in range(OTHERS):  # a few sentences from other articles, anywhere
            _title, other = pool[rng.randrange(len(pool))]
            keep.insert(rng.randrange(len(keep) + 1), other[rng.randrange(len(other))])
        text, spans = "", []
        for sentence in keep:
            begin = len(text)
            text += sentence + "\n\n"
            spans.append((begin, begin + len(sentence)))
        doc = Document.from_text(f"{i}\n{text}", title=(title or None) if rng.random() < 0.5
                                 else None,
                                 published=(START + timedelta(days=i // 20)).isoformat())
        doc = doc.evolve(text=text, sentences=tuple(
            Sentence(k, text[a:b], Provenance(doc.id, a, b, "bench"))
            for k, (a, b) in enumerate(spans)))
        docs.append(doc)
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    parser.add_argument("--n", type=int, default=10_000, help="documents in the stream")
    parser.add_argument("--early", type=int, default=1_000, help="the early point measured")
    parser.add_argument("--window", type=int, default=100,
                        help="documents around each point whose median is reported")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--pool", type=int, help="use only this many pool articles (quick run)")
    args = parser.parse_args()
    if not (args.shared / "data").is_dir():
        sys.exit(f"stream: {args.shared / 'data'} not found")

    from storyline.nlp.embed import embed

    pool = build_pool(args.shared)[: args.pool]
    texts = sorted({t for title, sentences in pool for t in [title, *sentences] if t})
    started = time.perf_counter()
    vectors = embed(texts)
    embed_s = time.perf_counter() - started
    lookup = dict(zip(texts, vectors, strict=True))

    def cached(batch: list[str]) -> np.ndarray:
        missing = [t for t in batch if t not in lookup]
        if missing:
            lookup.update(zip(missing, embed(missing), strict=True))
        return np.stack([lookup[t] for t in batch]) if batch else np.zeros((0, 384), "f4")

    docs = stream(pool, args.n, args.seed)
    linker = Linker(embedder=cached)
    seconds: list[float] = []
    candidates: list[int] = []
    relations = {"original": 0, "copy": 0, "derived": 0}
    for doc in docs:
        started = time.perf_counter()
        result = linker.add(doc)
        seconds.append(time.perf_counter() - started)
        candidates.append(result.assignment.candidates)
        relations[result.relation] += 1

    def at(point: int) -> dict[str, float]:
        lo = max(0, point - args.window // 2)
        window = seconds[lo : lo + args.window]
        return {
            "median_ms": round(statistics.median(window) * 1000, 3),
            "mean_ms": round(statistics.fmean(window) * 1000, 3),
            "mean_candidate_clusters": round(
                statistics.fmean(candidates[lo : lo + args.window]), 1),
        }

    early, late = at(args.early), at(args.n)
    print(json.dumps({
        "documents": args.n,
        "pool_articles": len(pool),
        f"add_{args.early}th": early,
        f"add_{args.n}th": late,
        f"time_ratio_{args.n}_vs_{args.early}": round(late["median_ms"] / early["median_ms"], 3),
        "mean_add_ms": round(statistics.fmean(seconds) * 1000, 3),
        "event_clusters": len(linker.state.clusters),
        "relations": relations,
        "embedding_ms_per_sentence": round(embed_s / max(len(texts), 1) * 1000, 3),
        "note": "add = Linker.add on the in-memory state; embeddings precomputed (constant "
                "per document whatever the corpus size) and reported per sentence",
    }, indent=2))


if __name__ == "__main__":
    main()
