"""Quote extraction scored on PolNeAR attributions, the way GenderGapTracker scores quotes.

PolNeAR (networkdynamics/PolNeAR) annotates attribution relations in 2016 US political
news: a Source (who), a Cue (the reporting word) and a Content (what was attributed),
as brat standoff files, ``attributions/<text>_<annotator>.ann``, whose ``E`` lines tie
the three spans together (``Attribution:T4 Content:T3 Cue:T2 Source:T1``; an
``Attribution-no-source`` relation has no Source). Spans may be discontinuous
(``315 448;463 553``); a span's characters are the union of its pieces. A text
annotated by several annotators is scored against **one** of them, the first annotator
id in sort order, so every text counts once and always by the same rule.

The scoring restates ``NLP/evaluation/src/eval/evaluate_quotes.py`` of
sfu-discourse-lab/GenderGapTracker (``compare_res``, ``find_best_match_quote``,
``compare_quotes``, ``calc_index_match_score``, ``print_results``; read at commit
fe82ba2) in our words:

- the match score of a gold quote and a predicted one is the number of characters their
  quote spans share divided by the number of characters in the *gold* span (asymmetric:
  the gold is the reference; an empty span scores 0);
- gold quotes are taken in order; each is matched to the remaining prediction with the
  highest score, provided that score is strictly above the threshold (0.3, the first of
  GenderGapTracker's two thresholds, the one its published F1 of 83.7 uses); a matched
  prediction is removed from the pool;
- true positives are matched gold quotes, false negatives unmatched gold quotes, false
  positives the predictions left in the pool; precision, recall and F1 are computed
  from the counts summed over all documents;
- the speaker of a matched pair is right when the predicted speaker span shares at
  least one character with the gold Source span, or when the gold has no Source and the
  prediction has no speaker (GenderGapTracker's "floating quote" case); source accuracy
  is the share of true positives whose speaker is right.

Our quotes become PolNeAR-style attributions first. A reported clause and the quoted
words inside it (a ``mixed`` quote and its ``direct`` part) are one relation, and so are
the quotes one speaker utters in one paragraph under one cue (``“A,” he said, “B.”``
and ``“A,” he said. “B.”``, flagged ``split`` and ``same-paragraph``; PolNeAR gives
them one discontinuous Content); a relation's content is the union of its quotes'
spans. Quoted fragments without a cue (``scare-quote``, and fragments given to the
subject of their clause for want of a reporting word) are left out: PolNeAR defines an
attribution by its cue.

The texts are already clean, and the gold offsets index them as they are, so the
pipeline runs from ``parse`` (skipping ``clean``) on documents whose ``text`` is the
file's text.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.config import Config
from storyline.evaluation import EvalResult, prf, safe_div
from storyline.model import Document, Quote

__all__ = [
    "MATCH_THRESHOLD",
    "Attribution",
    "attributions_of",
    "evaluate",
    "load_gold",
    "match_document",
    "parse_ann",
    "quote_stages",
]

MATCH_THRESHOLD = 0.3  # evaluate_quotes.py: QUOTE_MATCH_THRESHOLDS = [0.3, 0.8]


@dataclass(frozen=True)
class Attribution:
    """One attribution as character sets: content, source (empty when none), cue."""

    content: frozenset[int]
    source: frozenset[int] = frozenset()
    cue: str = ""
    label: str = field(default="", compare=False)


def _chars(spec: str) -> frozenset[int]:
    out: set[int] = set()
    for piece in spec.split(";"):
        start, end = (int(x) for x in piece.split())
        out.update(range(start, end))
    return frozenset(out)


def parse_ann(text: str) -> list[Attribution]:
    """The attribution relations of one brat ``.ann`` file, in file order."""
    spans: dict[str, tuple[str, frozenset[int], str]] = {}
    relations: list[dict[str, str]] = []
    for line in text.splitlines():
        parts = line.split("\t")
        if not parts or not parts[0]:
            continue
        if parts[0].startswith("T") and len(parts) >= 2:
            kind, _, where = parts[1].partition(" ")
            spans[parts[0]] = (kind, _chars(where), parts[2] if len(parts) > 2 else "")
        elif parts[0].startswith("E") and len(parts) >= 2:
            roles = dict(item.split(":", 1) for item in parts[1].split() if ":" in item)
            relations.append(roles)
    out = []
    for roles in relations:
        content = roles.get("Content")
        if content not in spans:
            continue
        chars = set(spans[content][1])
        if roles.get("Content2") in spans:
            chars |= spans[roles["Content2"]][1]
        source = spans[roles["Source"]][1] if roles.get("Source") in spans else frozenset()
        cue = spans[roles["Cue"]][2] if roles.get("Cue") in spans else ""
        out.append(Attribution(frozenset(chars), source, cue, spans[content][2][:80]))
    return out


def load_gold(data_dir: Path, limit: int | None = None) -> list[tuple[str, str, list[Attribution]]]:
    """``(name, text, attributions)`` per text, one annotator each (see the docstring)."""
    texts = sorted((Path(data_dir) / "text").glob("*.txt"))
    if limit is not None:
        texts = texts[:limit]
    out = []
    for path in texts:
        anns = sorted((Path(data_dir) / "attributions").glob(f"{path.stem}_*.ann"))
        anns = [a for a in anns if a.stem.rsplit("_", 1)[0] == path.stem]
        if not anns:
            continue
        gold = parse_ann(anns[0].read_text(encoding="utf-8"))
        out.append((path.stem, path.read_text(encoding="utf-8"), gold))
    return out


def attributions_of(doc: Document) -> list[Attribution]:
    """Our quotes as PolNeAR-style attributions (see the module docstring)."""
    paragraph_of = _paragraph_index(doc.text)
    quotes = [q for q in doc.quotes if _is_attribution(q)]
    group_of: dict[int, int] = {}
    # a reported clause takes in the quoted words inside it (one relation, "mixed")
    for k, quote in enumerate(quotes):
        if quote.kind == "direct" or k in group_of:
            continue
        group_of[k] = k
        for j, inner in enumerate(quotes):
            if inner.kind == "direct" and j not in group_of \
                    and quote.where.start <= inner.where.start \
                    and inner.where.end <= quote.where.end + 1:
                group_of[j] = k
    # “A,” he said, “B.”: the parts of a quote split by its cue are one relation
    anchor: dict[tuple[int, int, int], int] = {}
    for k, quote in enumerate(quotes):
        if k in group_of:
            continue
        where = quote.speaker_where
        key = (where.start, where.end, paragraph_of(quote.where.start)) if where else None
        if key is not None and _joins(quote) and key in anchor:
            group_of[k] = anchor[key]
            continue
        group_of[k] = k
        if key is not None:
            anchor.setdefault(key, k)
    for k, quote in enumerate(quotes):  # a split part before its anchor
        where = quote.speaker_where
        if _joins(quote) and group_of[k] == k and where is not None:
            key = (where.start, where.end, paragraph_of(quote.where.start))
            if anchor.get(key, k) != k:
                group_of[k] = anchor[key]
    groups: dict[int, list[Quote]] = {}
    for k, quote in enumerate(quotes):
        groups.setdefault(group_of[k], []).append(quote)
    out = []
    for lead, members in groups.items():
        content: set[int] = set()
        for quote in members:
            content.update(range(quote.where.start, quote.where.end))
        speaker = quotes[lead].speaker_where
        source = frozenset(range(speaker.start, speaker.end)) if speaker else frozenset()
        out.append(Attribution(frozenset(content), source, quotes[lead].cue or "",
                               quotes[lead].text[:80]))
    return sorted(out, key=lambda a: min(a.content) if a.content else 0)


def _joins(quote: Quote) -> bool:
    """A direct quote that continues its paragraph's quote by the same speaker."""
    return quote.kind == "direct" and ("split" in quote.flags
                                       or "same-paragraph" in quote.flags)


def _is_attribution(quote: Quote) -> bool:
    """Quoted fragments without a cue (scare quotes, and fragments given to the subject
    of their clause for want of a reporting word) are quotations but no attribution
    relation, which PolNeAR defines by its cue."""
    if "scare-quote" in quote.flags:
        return False
    return not (quote.cue is None and "partial" in quote.flags)


def _paragraph_index(text: str):
    breaks = [i for i, ch in enumerate(text) if ch == "\n"]

    def index(offset: int) -> int:
        lo, hi = 0, len(breaks)
        while lo < hi:
            mid = (lo + hi) // 2
            if breaks[mid] < offset:
                lo = mid + 1
            else:
                hi = mid
        return lo

    return index


def _score(gold: frozenset[int], pred: frozenset[int]) -> float:
    """evaluate_quotes.py ``calc_index_match_score``: shared characters over gold's."""
    if not gold or not pred:
        return 0.0
    return len(gold & pred) / len(gold)


@dataclass
class DocumentMatch:
    """GenderGapTracker's per-document counts."""

    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    speaker_match: int = 0
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    wrong_speaker: list[str] = field(default_factory=list)


def match_document(gold: Sequence[Attribution], predicted: Sequence[Attribution],
                   threshold: float = MATCH_THRESHOLD) -> DocumentMatch:
    """Greedy matching in gold order, as ``compare_res`` does."""
    result = DocumentMatch()
    pool = list(predicted)
    for item in gold:
        best, best_score = None, 0.0
        for candidate in pool:
            score = _score(item.content, candidate.content)
            if score > threshold and score > best_score:
                best, best_score = candidate, score
        if best is None:
            result.false_negative += 1
            result.missed.append(item.label)
            continue
        pool.remove(best)
        result.true_positive += 1
        if (item.source & best.source) or (not item.source and not best.source):
            result.speaker_match += 1
        else:
            result.wrong_speaker.append(item.label)
    result.false_positive = len(pool)
    result.extra = [p.label for p in pool]
    return result


def quote_stages() -> list[str]:
    """parse, actors (when that stage is registered), quotes: the text is already clean."""
    from storyline.registry import STAGES, get_stage

    get_stage("parse")  # loads the built-in registrations
    return ["parse", "actors", "quotes"] if "actors" in STAGES else ["parse", "quotes"]


def evaluate(data_dir: Path, *, limit: int | None = None, config: Config | None = None,
             threshold: float = MATCH_THRESHOLD) -> EvalResult:
    """Extract quotes from PolNeAR texts and score them against the attributions.

    data_dir (Path): a split folder (``dev`` or ``train``) with ``text/`` and
        ``attributions/``.
    limit (int | None): score only the first ``limit`` texts (sorted by name).
    RETURNS (EvalResult): content precision/recall/F1 and source accuracy.
    """
    from storyline.evaluation.quotes import analyze_for_quotes

    started = time.perf_counter()
    gold = load_gold(Path(data_dir), limit)
    if not gold:
        raise ValueError(f"no PolNeAR texts with attributions under {data_dir}")
    docs = [Document.from_text(text, name=name).evolve(text=text) for name, text, _ in gold]
    analysed, notes = analyze_for_quotes(docs, config, stages=quote_stages())
    by_name = {doc.name: doc for doc in analysed}
    totals = DocumentMatch()
    details: dict[str, Any] = {}
    for name, _text, attributions in gold:
        result = match_document(attributions, attributions_of(by_name[name]), threshold)
        totals.true_positive += result.true_positive
        totals.false_positive += result.false_positive
        totals.false_negative += result.false_negative
        totals.speaker_match += result.speaker_match
        details[name] = {
            "true_positive": result.true_positive,
            "false_positive": result.false_positive,
            "false_negative": result.false_negative,
            "speaker_match": result.speaker_match,
            "missed": result.missed,
            "extra": result.extra,
            "wrong_speaker": result.wrong_speaker,
        }
    tp, fp, fn = totals.true_positive, totals.false_positive, totals.false_negative
    precision, recall, f1 = prf(tp, tp + fp, tp + fn)
    seconds = time.perf_counter() - started
    notes = [
        *notes,
        f"scored as GenderGapTracker evaluate_quotes.py (threshold {threshold}); one annotator"
        " per text (first id in sort order)",
        f"{len(gold)} texts in {seconds:.0f} s",
    ]
    return EvalResult(
        task="polnear",
        n=tp + fn,
        metrics={
            "content_precision": precision,
            "content_recall": recall,
            "content_f1": f1,
            "source_accuracy": safe_div(totals.speaker_match, tp),
            "gold": tp + fn,
            "predicted": tp + fp,
            "matched": tp,
        },
        details=details,
        notes=notes,
    )
