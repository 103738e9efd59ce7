"""Main-text extraction scored on the scrapinghub article-extraction benchmark.

The data (``html/<id>.html.gz`` and ``ground-truth.json`` of ``{id: {"articleBody",
"url"}}``) is the benchmark's own, so the numbers must be computed the way its
``evaluate.py`` computes them, or they would not compare with the published figures
(trafilatura 0.958 F1, newspaper4k 0.949, readability 0.922). This module restates that
scoring in our own words; the reference is ``evaluate.py`` in
https://github.com/scrapinghub/article-extraction-benchmark (read at commit 7d95432):

- text is tokenised into ``\\w+`` runs (case kept, Unicode word characters);
- a page's text becomes a multiset of 4-token shingles; a text of fewer than four
  tokens is one shorter shingle, an empty text has none;
- per page, TP/FP/FN are multiset overlaps of gold and predicted shingles, then divided
  by their sum so that long pages weigh no more than short ones;
- page precision is ``tp / (tp + fp)`` (1 when fp = fn = 0, 0 when tp = fp = 0) and
  page recall likewise; precision is averaged over the pages that predicted something
  (tp + fp > 0), recall over the pages whose gold has something (tp + fn > 0);
- F1 is the harmonic mean of the two *averages* (not an average of page F1s);
- accuracy is the share of pages whose predicted token list equals the gold one.

The benchmark's bootstrap standard deviations are not reproduced (they are random).
Our extractor is given each page's URL from ``ground-truth.json`` (a crawler knows
where a page came from); the ``"trafilatura"`` extractor reproduces the benchmark's own
run, which passes none.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from storyline.evaluation import EvalResult

__all__ = [
    "EXTRACTORS",
    "SHINGLE_SIZE",
    "aggregate",
    "evaluate",
    "exact_match",
    "extract_storyline",
    "extract_trafilatura",
    "load_pages",
    "page_counts",
    "page_precision",
    "page_recall",
    "shingles",
    "tokenize",
]

SHINGLE_SIZE = 4  # evaluate.py: string_shingle_matching(ngram_n=4)
_TOKEN = re.compile(r"\w+")  # evaluate.py: _TOKEN_RE; its extra flags change nothing for \w

Counts = tuple[float, float, float]  # normalised (tp, fp, fn) of one page
Extractor = Callable[[str, str | None], str]


def tokenize(text: str | None) -> list[str]:
    """Word tokens as the benchmark sees them; ``None`` (no output) is no tokens."""
    return _TOKEN.findall(text or "")


def shingles(text: str | None, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Multiset of ``size``-token shingles; a short text is one short shingle."""
    tokens = tokenize(text)
    return Counter(
        tuple(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1)) if tokens
    )


def page_counts(true: str | None, pred: str | None) -> Counts:
    """Shingle TP/FP/FN of one page, scaled to sum to 1 (all zero for two empty texts)."""
    gold, guess = shingles(true), shingles(pred)
    tp = float(sum((gold & guess).values()))
    fp = float(sum((guess - gold).values()))
    fn = float(sum((gold - guess).values()))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def page_precision(tp: float, fp: float, fn: float) -> float:
    """The benchmark's page precision, including its two edge cases."""
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def page_recall(tp: float, fp: float, fn: float) -> float:
    """The benchmark's page recall, including its two edge cases."""
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def exact_match(true: str | None, pred: str | None) -> float:
    """1.0 when the two texts have identical token lists (the benchmark's accuracy)."""
    return float(tokenize(true) == tokenize(pred))


def aggregate(counts: Sequence[Counts], exact: Sequence[float]) -> dict[str, float]:
    """Corpus precision, recall, F1 and accuracy from per-page counts."""
    precisions = [page_precision(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [page_recall(*c) for c in counts if c[0] + c[2] > 0]
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = statistics.fmean(exact) if exact else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "accuracy": accuracy}


def load_pages(data_dir: Path, limit: int | None = None) -> list[tuple[str, str, str, str]]:
    """``(id, html, gold body, url)`` for the first ``limit`` pages in id order.

    The HTML is decoded as UTF-8, as the benchmark's runners do (``gzip.open(..., 'rt',
    encoding='utf8')``); stray bad bytes are replaced rather than fatal.
    """
    truth = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit] if limit is not None else sorted(truth)
    pages = []
    for page_id in ids:
        raw = gzip.decompress((data_dir / "html" / f"{page_id}.html.gz").read_bytes())
        gold = truth[page_id]
        html = raw.decode("utf-8", errors="replace")
        pages.append((page_id, html, gold.get("articleBody") or "", gold.get("url") or ""))
    return pages


def extract_storyline(html: str, url: str | None) -> str:
    """Our extractor: :func:`storyline.clean.html.extract_article`'s text."""
    from storyline.clean.html import extract_article

    return extract_article(html, url=url).text


def extract_trafilatura(html: str, url: str | None) -> str:
    """The benchmark's trafilatura run as its ``extractors/run_trafilatura.py`` does it.

    No URL and default settings apart from comments, so that this reproduces the
    published baseline rather than our configuration of the same library.
    """
    import trafilatura

    return trafilatura.extract(html, include_comments=False) or ""


EXTRACTORS: dict[str, Extractor] = {
    "storyline": extract_storyline,
    "trafilatura": extract_trafilatura,
}


def evaluate(
    data_dir: Path, limit: int | None = None, *, extractor: str | Extractor = "storyline"
) -> EvalResult:
    """Run an extractor over the benchmark pages and score it as the benchmark does.

    data_dir (Path): folder holding ``ground-truth.json`` and ``html/``.
    limit (int | None): score only the first ``limit`` pages (sorted by id).
    extractor (str | callable): ``"storyline"`` (default), ``"trafilatura"`` (the
        published baseline's configuration) or any ``(html, url) -> text`` function.
    RETURNS (EvalResult): precision, recall, f1, accuracy; per-page scores in details.
    """
    run = EXTRACTORS[extractor] if isinstance(extractor, str) else extractor
    name = extractor if isinstance(extractor, str) else getattr(run, "__name__", "custom")
    pages = load_pages(Path(data_dir), limit)
    counts: list[Counts] = []
    exact: list[float] = []
    details: dict[str, dict[str, float]] = {}
    started = time.perf_counter()
    for page_id, html, gold, url in pages:
        pred = run(html, url or None)
        page = page_counts(gold, pred)
        counts.append(page)
        exact.append(exact_match(gold, pred))
        precision, recall = page_precision(*page), page_recall(*page)
        details[page_id] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(2 * precision * recall / (precision + recall), 4)
            if precision + recall
            else 0.0,
            "gold_tokens": len(tokenize(gold)),
            "pred_tokens": len(tokenize(pred)),
        }
    seconds = time.perf_counter() - started
    notes = [
        f"extractor {name}; scored as scrapinghub/article-extraction-benchmark evaluate.py"
        " (published F1: trafilatura 0.958, newspaper4k 0.949, readability 0.922)",
        f"{len(pages)} pages in {seconds:.1f} s ({seconds / max(1, len(pages)) * 1000:.0f} ms"
        " per page)",
    ]
    return EvalResult(
        task="extraction",
        n=len(pages),
        metrics=aggregate(counts, exact),
        details=details,
        notes=notes,
    )
