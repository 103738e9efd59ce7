"""Derivatives: a rewrite of another article, linked to its source with evidence.

A rewrite (paraphrase, the same points in the same order, added sentences, reordering)
shares few word sequences with its source, so MinHash does not see it. Sentences are
aligned by embedding similarity instead, in two ways:

* in order: the monotone alignment that maximises the summed similarity above
  :data:`ALIGN_MIN_SIMILARITY` (as sequence alignment does), for a rewrite that follows
  its source point by point;
* in any order: sentences that are close paraphrases (:data:`PARAPHRASE_MIN_SIMILARITY`),
  for a rewrite that reorders its source.

Independent reports of one event also share facts, so a few aligned sentences prove
nothing; a derivation needs many (:data:`MIN_ORDERED_PAIRS`, :data:`MIN_PARAPHRASE_PAIRS`)
covering much of the derivative.

The direction comes from publication dates when both are known and differ. Otherwise
from content: the source carries the attributions (said, according to, quotations) and
the specifics; a rewrite drops them and adds vaguer sentences of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import numpy as np

__all__ = [
    "ALIGN_MIN_SIMILARITY",
    "MIN_ORDERED_PAIRS",
    "MIN_ORDERED_SHARE",
    "MIN_PARAPHRASE_PAIRS",
    "PARAPHRASE_MIN_SIMILARITY",
    "Alignment",
    "align",
    "attribution_score",
    "direction",
    "possible",
]

# Sentence pairs below this cosine are not counted as counterparts. all-MiniLM-L6-v2
# puts unrelated news sentences around 0.1-0.3 and same-topic ones around 0.4-0.5; a
# paraphrase of the same point scores 0.5 and up.
ALIGN_MIN_SIMILARITY = 0.5
# A close paraphrase (synonym spinning, light edits) scores above this.
PARAPHRASE_MIN_SIMILARITY = 0.8
# In-order pairs needed, and the share of the derivative's sentences they must cover.
# Short reports of one event align a handful of sentences in order by chance: on ECB+
# dev, 5 pairs let 83 pairs of articles about *different* events through, 10 pairs 1.
MIN_ORDERED_PAIRS = 10
MIN_ORDERED_SHARE = 0.5
# Close paraphrases needed (any order), and their share of the derivative's sentences
# (on ECB+ dev no pair of articles about different events reaches 3).
MIN_PARAPHRASE_PAIRS = 5
MIN_PARAPHRASE_SHARE = 0.5

_ATTRIBUTION = re.compile(
    r"\b(said|says|told|according to|stated|wrote|writes|added|announced|confirmed|"
    r"reported|reports|cited|quoted|insisted|noted)\b|[“”\"«»]",
    re.IGNORECASE,
)
_SPECIFIC = re.compile(r"\d|\b[A-Z][a-z]+\b")


@dataclass(frozen=True)
class Alignment:
    """Sentence alignment of a possible derivative with a possible source.

    pairs: ``(derived index, source index, cosine)`` of aligned sentences, in derived
        order.
    added: indices of derivative sentences with no counterpart in the source.
    ordered: how many pairs lie on the in-order alignment.
    paraphrases: how many derivative sentences are close paraphrases of a source one.
    """

    pairs: tuple[tuple[int, int, float], ...]
    added: tuple[int, ...]
    ordered: int
    paraphrases: int
    n_derived: int

    @property
    def ordered_share(self) -> float:
        return self.ordered / self.n_derived if self.n_derived else 0.0

    @property
    def paraphrase_share(self) -> float:
        return self.paraphrases / self.n_derived if self.n_derived else 0.0

    @property
    def is_derivation(self) -> bool:
        by_order = self.ordered >= MIN_ORDERED_PAIRS and self.ordered_share >= MIN_ORDERED_SHARE
        by_paraphrase = (
            self.paraphrases >= MIN_PARAPHRASE_PAIRS
            and self.paraphrase_share >= MIN_PARAPHRASE_SHARE
        )
        return by_order or by_paraphrase

    @property
    def score(self) -> float:
        return max(self.ordered_share, self.paraphrase_share)


def _monotone(sim: np.ndarray) -> list[tuple[int, int]]:
    """Pairs of the in-order alignment maximising the summed similarity above the floor."""
    n, m = sim.shape
    gain = np.maximum(sim - ALIGN_MIN_SIMILARITY, 0.0)
    table = np.zeros((n + 1, m + 1))
    for i in range(1, n + 1):
        previous, current, row_gain = table[i - 1], table[i], gain[i - 1]
        # current[j] = max(previous[j], current[j-1], previous[j-1] + gain[j-1]); the
        # left-to-right dependency is a running maximum.
        diagonal = previous[:-1] + row_gain
        best = np.maximum(previous[1:], diagonal)
        current[1:] = np.maximum.accumulate(best)
    pairs = []
    i, j = n, m
    while i > 0 and j > 0:
        if table[i, j] == table[i - 1, j]:
            i -= 1
        elif table[i, j] == table[i, j - 1]:
            j -= 1
        else:
            if sim[i - 1, j - 1] >= ALIGN_MIN_SIMILARITY:
                pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    return pairs[::-1]


def align(derived: np.ndarray, source: np.ndarray) -> Alignment:
    """Align sentence vectors (rows, unit length) of a possible derivative and source."""
    n = derived.shape[0]
    if n == 0 or source.shape[0] == 0:
        return Alignment((), tuple(range(n)), 0, 0, n)
    sim = derived @ source.T
    ordered = _monotone(sim)
    on_path = dict(ordered)
    best = sim.argmax(axis=1)
    pairs = []
    paraphrases = 0
    for i in range(n):
        j = on_path.get(i)
        if j is None and sim[i, best[i]] >= PARAPHRASE_MIN_SIMILARITY:
            j = int(best[i])  # a reordered close paraphrase
        if j is not None:
            pairs.append((i, j, round(float(sim[i, j]), 4)))
        if sim[i, best[i]] >= PARAPHRASE_MIN_SIMILARITY:
            paraphrases += 1
    aligned = {i for i, _, _ in pairs}
    added = tuple(i for i in range(n) if i not in aligned)
    return Alignment(tuple(pairs), added, len(ordered), paraphrases, n)


def possible(n_derived: int, n_source: int) -> bool:
    """Whether texts of these sentence counts could align as a derivation at all.

    Checked before any sentence is embedded (the costly part): pairs count at most the
    derivative's sentences (paraphrases may share a source sentence) and, in order, at
    most the shorter text's; the shares need at least half the derivative aligned.
    """
    if n_derived == 0 or n_source == 0:
        return False
    by_paraphrase = n_derived >= MIN_PARAPHRASE_PAIRS
    in_order = min(n_derived, n_source)
    by_order = in_order >= MIN_ORDERED_PAIRS and in_order >= MIN_ORDERED_SHARE * n_derived
    return by_paraphrase or by_order


def attribution_score(sentences: list[str]) -> float:
    """How sourced and specific a text is: attribution cues and specifics per sentence."""
    if not sentences:
        return 0.0
    cues = sum(len(_ATTRIBUTION.findall(s)) for s in sentences)
    specifics = sum(len(_SPECIFIC.findall(s)) for s in sentences)
    words = sum(len(s.split()) for s in sentences) or 1
    return cues / len(sentences) + specifics / words


def direction(
    a_published: date | None,
    b_published: date | None,
    a_attribution: float,
    b_attribution: float,
) -> tuple[bool, str]:
    """Whether ``a`` is the derivative of ``b`` (else the reverse), and on what basis.

    a_attribution, b_attribution (float): :func:`attribution_score` of each text.
    RETURNS (tuple): ``(a_is_derived, basis)``, basis ``"dates"`` or ``"content"``.
    """
    if a_published and b_published and a_published != b_published:
        return a_published > b_published, "dates"
    return a_attribution < b_attribution, "content"
