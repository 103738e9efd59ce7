"""Extractive multi-document summaries of one event, every sentence cited.

:func:`summarize` takes the sentences of an event's articles and returns a
:class:`Summary` in four parts, each item a sentence quoted from an article with its
citation (document id and sentence index) and the other sentences that say the same:

1. **corroborated**: said by at least two independent sources (copies and rewrites count
   with their original, see ``origins``), or backed by a corroborated claim group;
2. **single source**: said by one source only; shown attributed, never as plain fact;
3. **added by a rewrite**: sentences a derivative added to its source (no counterpart
   there), statistics first: the classic unsourced addition of a content farm;
4. **disagreements**: contested claim groups, or, until the claims stage lands, pairs of
   sentences on the same topic from different sources that state different exact
   numbers for the same thing (150 vs 120 prisoners).

Sentences are picked by maximal marginal relevance (Carbonell & Goldstein, 1998): each
next pick maximises ``λ·relevance − (1−λ)·max similarity to the picks so far``, so a
point made by five outlets appears once, with five citations. Relevance is how strongly
other independent sources echo a sentence (its centrality across sources) plus a small
bonus for the lead, where news states the event.

Similarity comes from MiniLM sentence embeddings (:mod:`storyline.nlp.embed`) when the
model is installed, else from TF-IDF; each has its own thresholds below.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

__all__ = [
    "Candidate",
    "Disagreement",
    "Summary",
    "SummaryItem",
    "numeric_disagreements",
    "summarize",
    "tfidf_vectors",
    "vectorize",
]

# MMR trade-off between relevance and novelty (0.7 is the usual choice for summaries).
MMR_LAMBDA = 0.7
# Sentences per section.
MAX_CORROBORATED = 5
MAX_SINGLE = 3
MAX_ADDED = 3
# Two sentences "say the same" at this cosine. Calibrated on the example corpus: with
# MiniLM, paraphrases of one statement by different outlets score 0.7-0.95 and sentences
# that only share the story's actors and vocabulary stay below 0.67; TF-IDF cosines run
# lower (paraphrases 0.4-0.5, related statements up to 0.38).
SUPPORT_SIM = {"embeddings": 0.7, "tfidf": 0.4}
# Two sentences are "on the same topic" (for comparing their numbers) at this cosine.
TOPIC_SIM = {"embeddings": 0.55, "tfidf": 0.2}
# Sentences shorter or longer than this (in words) are headlines, fragments or run-ons.
MIN_WORDS, MAX_WORDS = 6, 70
LEAD_BONUS = 0.15  # relevance added to an article's first sentence, decaying after it
# Relevance taken off a sentence of a copy or rewrite, so that of two sentences saying
# the same, the original's is quoted.
ORIGINAL_PREFERENCE = 0.1
# Numbers that differ by less than this share are the same figure, rounded.
NUMBER_TOLERANCE = 0.05


@dataclass(frozen=True)
class Candidate:
    """One sentence that may enter the summary.

    origin (str): the independent source it counts as (an origin group id; the
        document id when linking has not run).
    position (int): the sentence's index in its article (0 = first sentence).
    added (bool): a rewrite added it; it has no counterpart in the rewrite's source.
    statuses (tuple): statuses of claim groups with a mention in this sentence.
    """

    doc_id: str
    idx: int
    text: str
    origin: str
    outlet: str = ""
    position: int = 0
    added: bool = False
    statuses: tuple[str, ...] = ()


@dataclass
class SummaryItem:
    """A summary sentence: quoted from ``doc_id`` sentence ``idx``.

    support: every other (doc_id, idx) that says the same, from any source.
    n_sources: independent sources saying it (this one included).
    basis: how the status was decided: ``claims``, ``similarity`` or ``derivation``.
    """

    text: str
    doc_id: str
    idx: int
    outlet: str
    status: str
    n_sources: int
    basis: str
    support: list[tuple[str, int]] = field(default_factory=list)
    score: float = 0.0


@dataclass
class Disagreement:
    """Sources that disagree: each side a value with the sentences stating it."""

    topic: str
    sides: list[dict[str, object]]
    basis: str  # claims | numbers


@dataclass
class Summary:
    method: str  # embeddings | tfidf | none
    corroborated: list[SummaryItem] = field(default_factory=list)
    single_source: list[SummaryItem] = field(default_factory=list)
    added: list[SummaryItem] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.corroborated or self.single_source or self.added
                    or self.disagreements)


def vectorize(texts: Sequence[str], method: str = "auto") -> tuple[np.ndarray, str]:
    """Unit-length sentence vectors and the method used (``embeddings`` or ``tfidf``).

    method (str): ``auto`` (embeddings when the model is installed), ``embeddings`` or
        ``tfidf``.
    """
    if not texts:
        return np.zeros((0, 1), dtype=np.float32), "none"
    if method in ("auto", "embeddings"):
        try:
            from storyline.nlp.embed import embed

            return np.asarray(embed(list(texts)), dtype=np.float32), "embeddings"
        except Exception:  # no model installed, or it failed to load: TF-IDF still works
            if method == "embeddings":
                raise
    return tfidf_vectors(texts), "tfidf"


_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
# Function words carry no topic; a short list (no spaCy import: the report stays fast).
_STOP = frozenset(
    """
a about after again against all also an and any are as at be been before being between
both but by can could did do does during each for from had has have he her here him his
how i if in into is it its itself just may me more most my no nor not of off on once
only or other our out over own said same says she should so some such than that the
their them then there these they this those through to too under until up very was we
were what when where which while who whom why will with would you your
""".split()  # noqa: SIM905 (a word list reads better as text)
)


def tfidf_vectors(texts: Sequence[str]) -> np.ndarray:
    """Unit-length TF-IDF vectors (sublinear TF, smoothed IDF) of words and word pairs."""
    docs = []
    for text in texts:
        words = [w for w in _WORD.findall(text.lower()) if w not in _STOP]
        terms = words + [f"{a} {b}" for a, b in itertools.pairwise(words)]
        docs.append(Counter(terms))
    vocab: dict[str, int] = {}
    df: Counter[str] = Counter()
    for counts in docs:
        df.update(counts.keys())
        for term in counts:
            vocab.setdefault(term, len(vocab))
    out = np.zeros((len(texts), max(1, len(vocab))), dtype=np.float32)
    n = len(texts)
    for row, counts in enumerate(docs):
        for term, count in counts.items():
            idf = math.log((1 + n) / (1 + df[term])) + 1.0
            out[row, vocab[term]] = (1.0 + math.log(count)) * idf
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.clip(norms, 1e-12, None)


def _status_of(c: Candidate, n_sources: int) -> tuple[str, str]:
    if c.statuses:
        s = set(c.statuses)
        if c.origin == c.doc_id and not c.added:
            # Not a copy or rewrite: its sentences cannot be a rewrite's additions.
            s.discard("added-by-derivative")
        for status in ("contested", "added-by-derivative", "single-source"):
            if status in s:
                return status, "claims"
        if "corroborated" in s:
            return "corroborated", "claims"
    if c.added and n_sources <= 1:
        return "added-by-derivative", "derivation"
    return ("corroborated" if n_sources >= 2 else "single-source"), "similarity"


def _mmr(indices: list[int], relevance: np.ndarray, sim: np.ndarray, k: int,
         chosen: list[int] | None = None, cutoff: float = 1.01) -> list[int]:
    """Pick up to ``k`` of ``indices`` by maximal marginal relevance.

    chosen: sentences already in the summary (they count as redundancy too).
    cutoff: a sentence this similar to one already picked says the same thing: it is
        dropped outright (it is cited as support of the one picked).
    """
    picked: list[int] = []
    previous = list(chosen or [])
    pool = [i for i in indices if not any(float(sim[i, j]) >= cutoff for j in previous)]
    while pool and len(picked) < k:
        def gain(i: int) -> float:
            redundancy = max((float(sim[i, j]) for j in previous + picked), default=0.0)
            return MMR_LAMBDA * float(relevance[i]) - (1 - MMR_LAMBDA) * redundancy
        best = max(pool, key=lambda i: (gain(i), -i))
        picked.append(best)
        pool = [i for i in pool if i != best and float(sim[i, best]) < cutoff]
    return picked


def _has_number(text: str) -> bool:
    return any(ch.isdigit() for ch in text) or "%" in text


def summarize(
    candidates: Sequence[Candidate],
    *,
    method: str = "auto",
    vectors: np.ndarray | None = None,
    max_corroborated: int = MAX_CORROBORATED,
    max_single: int = MAX_SINGLE,
    max_added: int = MAX_ADDED,
) -> Summary:
    """The summary of one event from the sentences of its articles.

    candidates: every sentence of the event's articles, in article order.
    method: how to compare sentences (see :func:`vectorize`).
    vectors: precomputed unit vectors, one row per candidate; ``method`` then names
        how they were made (``embeddings`` or ``tfidf``).
    RETURNS (Summary): sections of cited sentences; numeric disagreements included.
    """
    usable = [c for c in candidates if MIN_WORDS <= len(c.text.split()) <= MAX_WORDS]
    if not usable:
        return Summary(method="none")
    if vectors is None:
        vectors, used = vectorize([c.text for c in usable], method)
    else:
        # Given vectors are one row per candidate: keep the rows of the usable ones.
        keep = [i for i, c in enumerate(candidates)
                if MIN_WORDS <= len(c.text.split()) <= MAX_WORDS]
        vectors = vectors[keep]
        used = method if method in SUPPORT_SIM else "embeddings"
    sim = vectors @ vectors.T
    threshold = SUPPORT_SIM.get(used, 0.75)
    origins = [c.origin for c in usable]
    n = len(usable)

    support: list[list[int]] = [[] for _ in range(n)]
    n_sources = np.ones(n, dtype=int)
    relevance = np.zeros(n, dtype=np.float32)
    others_total = max(1, len(set(origins)) - 1)
    for i in range(n):
        best_per_origin: dict[str, float] = {}
        for j in range(n):
            if j == i:
                continue
            s = float(sim[i, j])
            if s >= threshold:
                support[i].append(j)  # copies of the same origin are cited, not counted
            if origins[j] == origins[i]:
                continue
            if s > best_per_origin.get(origins[j], -1.0):
                best_per_origin[origins[j]] = s
        agreeing = {origins[j] for j in support[i]} - {origins[i]}
        n_sources[i] = 1 + len(agreeing)
        echo = sum(max(0.0, v) for v in best_per_origin.values()) / others_total
        relevance[i] = echo + LEAD_BONUS / (1 + usable[i].position)

    # A contested claim is contested in every sentence that says the same thing: a wire
    # copy of a contested sentence is contested too, even if only the original was
    # annotated. (Other statuses stay with their sentence: a rewrite's addition does not
    # make the source's similar sentence an addition.)
    shared = [tuple(sorted({*usable[i].statuses,
                            *(st for j in support[i] for st in usable[j].statuses
                              if st == "contested")}))
              for i in range(n)]
    statuses = [_status_of(replace(usable[i], statuses=shared[i]), int(n_sources[i]))
                for i in range(n)]
    # Within a group of sentences that say the same, present the one from an original.
    def item(i: int) -> SummaryItem:
        c = usable[i]
        status, basis = statuses[i]
        return SummaryItem(
            text=c.text, doc_id=c.doc_id, idx=c.idx, outlet=c.outlet, status=status,
            n_sources=int(n_sources[i]), basis=basis,
            support=[(usable[j].doc_id, usable[j].idx) for j in support[i]],
            score=round(float(relevance[i]), 4),
        )

    corroborated = [i for i in range(n) if statuses[i][0] == "corroborated"]
    # Prefer a sentence from an original article over its copies and rewrites (whose
    # origin is another document).
    rel_orig = relevance.copy()
    for i in range(n):
        if usable[i].origin != usable[i].doc_id:
            rel_orig[i] -= ORIGINAL_PREFERENCE
    picked = _mmr(corroborated, rel_orig, sim, max_corroborated, cutoff=threshold)
    single = [i for i in range(n) if statuses[i][0] == "single-source"]
    picked_single = _mmr(single, relevance, sim, max_single, chosen=picked, cutoff=threshold)
    added = [i for i in range(n) if statuses[i][0] == "added-by-derivative"]
    # Statistics first: an added number is what most needs a source.
    rel_added = np.array([float(relevance[i]) + (1.0 if _has_number(usable[i].text) else 0.0)
                          for i in range(n)], dtype=np.float32)
    picked_added = _mmr(added, rel_added, sim, max_added, cutoff=threshold)

    def ordered(idx: list[int]) -> list[SummaryItem]:
        return [item(i) for i in sorted(idx, key=lambda i: (usable[i].position, i))]

    topic = TOPIC_SIM.get(used, 0.6)
    return Summary(
        method=used,
        corroborated=ordered(picked),
        single_source=ordered(picked_single),
        added=ordered(picked_added),
        disagreements=numeric_disagreements(usable, sim, topic),
    )


def _quantities(text: str) -> list[object]:
    try:
        from storyline.extract.quantities import find_quantities
    except ImportError:
        return []
    return [q for q in find_quantities(text) if q.bound == "exact" and q.unit != "ordinal"]


def _differ(a: float, b: float) -> bool:
    return abs(a - b) > NUMBER_TOLERANCE * max(abs(a), abs(b), 1e-9)


def numeric_disagreements(usable: Sequence[Candidate], sim: np.ndarray,
                          topic_sim: float) -> list[Disagreement]:
    """Same-topic sentences from different sources that give different exact numbers
    for the same thing (same unit and counted noun). Vague figures ("more than 60",
    "dozens") never count: vaguer is not contradicting."""
    found = [_quantities(c.text) for c in usable]
    sides: dict[tuple[str, str], dict[float, dict[str, object]]] = defaultdict(dict)
    n = len(usable)
    for i in range(n):
        for j in range(i + 1, n):
            if usable[i].origin == usable[j].origin or float(sim[i, j]) < topic_sim:
                continue
            for qa in found[i]:
                for qb in found[j]:
                    if (qa.unit, qa.what) != (qb.unit, qb.what) or (not qa.what and not qa.unit):
                        continue
                    if not _differ(qa.value, qb.value):
                        continue
                    key = (str(qa.unit or ""), str(qa.what or ""))
                    for q, c in ((qa, usable[i]), (qb, usable[j])):
                        side = sides[key].setdefault(
                            q.value, {"value": q.text, "cites": [], "outlets": []})
                        if (c.doc_id, c.idx) not in side["cites"]:
                            side["cites"].append((c.doc_id, c.idx))  # type: ignore[union-attr]
                            side["outlets"].append(c.outlet)  # type: ignore[union-attr]
    out = []
    for (unit, what), values in sides.items():
        if len(values) < 2:
            continue
        label = what or unit
        out.append(Disagreement(topic=f"how many: {label}" if not unit else label,
                                sides=list(values.values()), basis="numbers"))
    return out
