"""Stance between two texts: does ``other_text`` agree with, disagree with, discuss, or
ignore (``unrelated``) a claim?

The label set is FNC-1's (Fake News Challenge stage 1), so the same code is scored by
``storyline eval stance``. The decision is made in two steps, as in the FNC-1 baseline
and most competition entries:

1. **related or unrelated**: is the other text about the claim at all? Read from MiniLM
   similarity between the claim and the other text's best-matching sentences, and from
   how many of the claim's content words (stems) the other text repeats.
2. **agree, disagree or discuss**, among related texts: refutation cues (``hoax``,
   ``denied``, ``no evidence``) near the claim's best matches point to *disagree*;
   hedging and attribution cues (``reportedly``, ``allegedly``, ``unconfirmed``) to
   *discuss*; a close restatement without hedges to *agree*.

The shipped model (:func:`rule_scores`) is a handful of hand-set weights over the
features of :func:`pair_features`; nothing is trained on FNC-1 (research-use data that
storyline cannot redistribute). ``storyline eval stance`` also cross-validates a
gradient-boosted model on the same features, to show how much training would add.

Texts are compared sentence by sentence: a long article that discusses the claim in one
paragraph is still *related*. Call :func:`prepare` once per text and reuse the result
(it holds the sentence embeddings) when one text is compared with many claims.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise

import numpy as np

__all__ = [
    "FEATURE_NAMES",
    "LABELS",
    "MAX_SENTENCES",
    "PreparedText",
    "StanceResult",
    "best_label",
    "pair_features",
    "prepare",
    "prepare_many",
    "rule_scores",
    "split_sentences",
    "stance",
    "stance_many",
]

LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATED = LABELS[:3]

# Sentences of the other text that are compared with the claim. News puts what a story
# is about in its first paragraphs; 95% of FNC-1 bodies have fewer than 55 sentences,
# half fewer than 15. Capping bounds the embedding cost of very long texts.
MAX_SENTENCES = 30
# Best-matching sentences whose cues are read in step 2 ("near the claim").
TOP_K = 3

_SENT_BREAK = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])|\n\s*")
_WORD = re.compile(r"[a-z0-9]+(?:['\u2019][a-z]+)?")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def _lexicon(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Function words plus news filler that says nothing about what a text is about.
_STOP = _lexicon(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on
    once only or other our ours out over own same she should so some such than that the
    their theirs them themselves then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would
    you your yours yourself s t don didn doesn isn wasn says said say new one two just
    via us year years report reports reported"""
)

# Cue lexicons (stems after :func:`_stem`). Refutation: the text says the claim is false.
_REFUTE = _lexicon(
    """hoax fake fals untru debunk deni deny refut satir prank fabricat bogus baseless
    misleading mislead rumour myth retract dismiss disput unfound nonsens lie lies
    scam doctor photoshop"""
)
_REFUTE_PHRASES = (
    "not true", "no evidence", "no truth", "never happened", "did not happen",
    "didn't happen", "isn't true", "wasn't true", "is false", "not real", "turned out to be",
    "no proof", "no such", "not the case", "made up", "there is no",
)
# Hedging and attribution: the text reports the claim without vouching for it.
_HEDGE = _lexicon(
    """reportedly allegedly alleg claim rumor rumour unconfirm unverifi purportedly
    supposedly apparently appear may might could possibly possibl speculat suggest
    accord believ suspect unclear uncertain if whether report"""
)
_HEDGE_PHRASES = (
    "according to", "it is not clear", "not yet", "could not be", "cannot be",
    "if true", "has not been", "have not been", "remains to be", "is said to", "are said to",
    "sources say", "it is unclear", "unable to",
)
# Negation words (kept as whole words, not stems).
_NEGATION = _lexicon("not no never none nobody nothing neither nor without cannot denies denied")
# Affirmation: the text vouches for the claim.
_AFFIRM = _lexicon("confirm confirmed official officially announc verifi proven indeed")


def _stem(word: str) -> str:
    """A crude suffix-stripping stem: enough to match ``denied``/``denies``/``deny``."""
    for suffix in ("ations", "ation", "ingly", "ings", "ing", "edly", "ies", "ied", "ed",
                   "es", "ly", "s", "y", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("i" if suffix in ("ies", "ied", "y") else "")
    return word


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def split_sentences(text: str) -> list[str]:
    """Sentences (and lines) of ``text``, stripped, empty ones dropped.

    A regular-expression splitter: sentence-final punctuation followed by a capital or a
    digit, or a line break. Fast and good enough for comparing meaning; spans are not
    needed here.
    """
    return [s.strip() for s in _SENT_BREAK.split(text) if s and s.strip()]


@dataclass(frozen=True)
class PreparedText:
    """A text ready to compare: its sentences, their embeddings and its word stems.

    sentences (tuple[str, ...]): at most :data:`MAX_SENTENCES` sentences, in order.
    vectors (np.ndarray): unit MiniLM embeddings, one row per sentence.
    words (tuple[tuple[str, ...], ...]): lower-cased words per sentence.
    """

    text: str
    sentences: tuple[str, ...]
    vectors: np.ndarray
    words: tuple[tuple[str, ...], ...] = field(repr=False)

    @cached_property
    def vector(self) -> np.ndarray:
        """The text's embedding: the normalised mean of its sentence vectors."""
        if not len(self.vectors):
            return np.zeros(self.vectors.shape[1] if self.vectors.ndim == 2 else 0)
        mean = self.vectors.mean(axis=0)
        norm = float(np.linalg.norm(mean))
        return mean / norm if norm else mean

    # Per-text derivations, computed once however many claims the text is compared with.
    @cached_property
    def stems(self) -> tuple[frozenset[str], ...]:
        """Content-word stems per sentence."""
        return tuple(frozenset(_content_stems(ws)) for ws in self.words)

    @cached_property
    def all_stems(self) -> frozenset[str]:
        return frozenset().union(*self.stems)

    @cached_property
    def bigrams(self) -> frozenset[tuple[str, str]]:
        out: set[tuple[str, str]] = set()
        for ws in self.words:
            seq = _content_stems(ws)
            out.update(pairwise(seq))
        return frozenset(out)

    @cached_property
    def numbers(self) -> frozenset[str]:
        return frozenset(_NUMBER.findall(" ".join(self.sentences)))

    @cached_property
    def cues(self) -> np.ndarray:
        """Cue counts per sentence: columns refute, hedge, negation, affirm."""
        rows = [
            (
                _cue_count(ws, _REFUTE, _REFUTE_PHRASES),
                _cue_count(ws, _HEDGE, _HEDGE_PHRASES),
                _negations(ws),
                sum(1 for w in ws if w in _AFFIRM or _stem(w) in _AFFIRM),
            )
            for ws in self.words
        ]
        return np.array(rows, dtype=np.float32).reshape(len(rows), 4)


def _sentences_for(text: str, as_claim: bool) -> list[str]:
    if as_claim:
        # A claim is compared as one unit, however it is punctuated.
        return [" ".join(text.split())] if text.strip() else []
    return split_sentences(text)[:MAX_SENTENCES]


def prepare_many(texts: Sequence[str], as_claim: bool = False) -> list[PreparedText]:
    """:func:`prepare` for many texts, embedding all their sentences in one batch."""
    from storyline.nlp.embed import DIM, embed

    split = [_sentences_for(t, as_claim) for t in texts]
    flat = [s for sents in split for s in sents]
    vectors = embed(flat) if flat else np.zeros((0, DIM), dtype=np.float32)
    out: list[PreparedText] = []
    at = 0
    for text, sents in zip(texts, split, strict=True):
        vecs = vectors[at : at + len(sents)]
        at += len(sents)
        out.append(PreparedText(text, tuple(sents), vecs, tuple(tuple(_words(s)) for s in sents)))
    return out


def prepare(text: str, as_claim: bool = False) -> PreparedText:
    """Split ``text`` into sentences and embed them (the claim side stays one unit)."""
    return prepare_many([text], as_claim=as_claim)[0]


def _content_stems(words: Iterable[str]) -> list[str]:
    return [_stem(w) for w in words if w not in _STOP and len(w) > 1]


def _cue_count(words: Sequence[str], stems: frozenset[str], phrases: Sequence[str]) -> int:
    text = " ".join(words)
    n = sum(1 for w in words if _stem(w) in stems or w in stems)
    return n + sum(text.count(p) for p in phrases)


FEATURE_NAMES = (
    # step 1: is the other text about the claim?
    "sim_max",          # cosine of the claim with the best-matching sentence
    "sim_top",          # mean cosine of the TOP_K best-matching sentences
    "sim_lead",         # cosine with the first sentence
    "sim_doc",          # cosine with the mean of all sentence vectors
    "overlap",          # share of the claim's content stems found in the other text
    "overlap_lead",     # ... in its first three sentences
    "overlap_top",      # ... in its TOP_K best-matching sentences
    "bigram_overlap",   # share of the claim's stem bigrams found in the other text
    "number_overlap",   # share of the claim's numbers found in the other text
    # step 2: agree, disagree or discuss?
    "refute_top",       # refutation cues in the best-matching sentences
    "refute_doc",       # refutation cues per sentence in the whole text
    "hedge_top",        # hedging / attribution cues in the best-matching sentences
    "hedge_doc",        # hedging cues per sentence
    "negation_top",     # negation words in the best-matching sentences
    "negation_doc",     # negation words per sentence
    "affirm_doc",       # confirmation cues per sentence
    "claim_refute",     # refutation cues in the claim itself
    "claim_hedge",      # hedging cues in the claim (a question, "reportedly")
    "claim_negation",   # negation in the claim
    "log_sentences",    # log of the other text's sentence count
)


def _negations(words: Sequence[str]) -> int:
    return sum(1 for w in words if w in _NEGATION or w.endswith("n't"))


def pair_features(claim: PreparedText, other: PreparedText) -> np.ndarray:
    """The :data:`FEATURE_NAMES` vector for one (claim, other text) pair."""
    f = dict.fromkeys(FEATURE_NAMES, 0.0)
    n = len(other.sentences)
    claim_words = [w for ws in claim.words for w in ws]
    claim_text = " ".join(claim.sentences)
    f["claim_refute"] = float(_cue_count(claim_words, _REFUTE, _REFUTE_PHRASES))
    f["claim_hedge"] = float(
        _cue_count(claim_words, _HEDGE, _HEDGE_PHRASES) + claim_text.count("?")
    )
    f["claim_negation"] = float(_negations(claim_words))
    f["log_sentences"] = math.log1p(n)
    if not n or not len(claim.vectors):
        return np.array([f[k] for k in FEATURE_NAMES], dtype=np.float32)

    sims = other.vectors @ claim.vector
    order = np.argsort(-sims)
    top = order[:TOP_K]
    f["sim_max"] = float(sims[order[0]])
    f["sim_top"] = float(sims[top].mean())
    f["sim_lead"] = float(sims[0])
    f["sim_doc"] = float(other.vector @ claim.vector)

    claim_stems = claim.all_stems
    if claim_stems:
        f["overlap"] = len(claim_stems & other.all_stems) / len(claim_stems)
        lead = frozenset().union(*other.stems[:3])
        f["overlap_lead"] = len(claim_stems & lead) / len(claim_stems)
        top_stems = frozenset().union(*(other.stems[i] for i in top))
        f["overlap_top"] = len(claim_stems & top_stems) / len(claim_stems)
    if claim.bigrams:
        f["bigram_overlap"] = len(claim.bigrams & other.bigrams) / len(claim.bigrams)
    if claim.numbers:
        f["number_overlap"] = len(claim.numbers & other.numbers) / len(claim.numbers)

    top_cues = other.cues[top].sum(axis=0)
    doc_cues = other.cues.sum(axis=0) / n
    f["refute_top"], f["hedge_top"], f["negation_top"] = (float(v) for v in top_cues[:3])
    f["refute_doc"], f["hedge_doc"], f["negation_doc"], f["affirm_doc"] = (
        float(v) for v in doc_cues
    )
    return np.array([f[k] for k in FEATURE_NAMES], dtype=np.float32)


@dataclass(frozen=True)
class StanceResult:
    """The stance of a text towards a claim.

    label (str): ``agree`` | ``disagree`` | ``discuss`` | ``unrelated`` (see
        :func:`best_label`: related or not is decided first).
    scores (dict[str, float]): a probability-like score per label (they sum to 1).
    """

    label: str
    scores: dict[str, float]


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def rule_scores(features: np.ndarray) -> dict[str, float]:
    """The shipped, hand-weighted model: label scores from one feature vector.

    P(related) is a logistic function of the step-1 log-odds; the related mass is shared
    among agree / disagree / discuss by a softmax over the step-2 log-odds. The weights
    are the constants above, set by hand from what the features mean, then checked
    (a few coarse values, not fitted) against FNC-1 with ``storyline eval stance``.

    features (np.ndarray): a :func:`pair_features` vector.
    RETURNS (dict[str, float]): a score per label in :data:`LABELS`, summing to 1.
    """
    f = dict(zip(FEATURE_NAMES, (float(v) for v in features), strict=True))
    p_related = _sigmoid(_relatedness(f))
    agree, disagree, discuss = _related_logits(f)
    exp = [math.exp(v) for v in (agree, disagree, discuss)]
    total = sum(exp)
    scores = {label: p_related * e / total for label, e in zip(RELATED, exp, strict=True)}
    scores["unrelated"] = 1.0 - p_related
    return scores


# The shipped weights, set by hand (see rule_scores). Step 1: MiniLM cosine 0.45 between
# a claim and a sentence is where "same topic" begins for this model (paraphrases score
# above 0.7, sentences on different topics below 0.3); sharing some of the claim's content
# words in the best-matching sentences (overlap_top) adds evidence. The slopes make a
# 0.1 change in cosine or a 0.2 change in overlap worth one unit of log-odds.
RELATED_SIM = 0.45
RELATED_OVERLAP = 0.15
# Step 2, log-odds against "discuss" (0): discuss is the default for a related text,
# since news reports claims more often than it vouches for or refutes them. Agree needs
# an unhedged text (hedge cues per sentence) and an unhedged claim; disagree needs
# refutation cues, more than a refuting claim itself brings (a claim that says "hoax" is
# agreed with by a text that says "hoax"). Lexical refutation cues are weak evidence
# (news that discusses a rumour also names it), so disagree starts well below 0.
AGREE_BIAS, AGREE_HEDGE_DOC, AGREE_HEDGE_CLAIM = 0.5, 4.0, 2.0
DISAGREE_BIAS, DISAGREE_REFUTE_DOC, DISAGREE_REFUTE_TOP, DISAGREE_REFUTE_CLAIM = (
    -3.0, 4.0, 1.0, 2.0,
)


def _relatedness(f: dict[str, float]) -> float:
    return 10.0 * (f["sim_max"] - RELATED_SIM) + 5.0 * (f["overlap_top"] - RELATED_OVERLAP)


def _related_logits(f: dict[str, float]) -> tuple[float, float, float]:
    agree = AGREE_BIAS - AGREE_HEDGE_DOC * f["hedge_doc"] - AGREE_HEDGE_CLAIM * f["claim_hedge"]
    disagree = (
        DISAGREE_BIAS
        + DISAGREE_REFUTE_DOC * f["refute_doc"]
        + DISAGREE_REFUTE_TOP * f["refute_top"]
        - DISAGREE_REFUTE_CLAIM * f["claim_refute"]
    )
    return agree, disagree, 0.0


def best_label(scores: dict[str, float]) -> str:
    """``unrelated`` when its score is at least 0.5 (step 1 decides), else the best of
    agree / disagree / discuss (ties go to the earlier one)."""
    if scores["unrelated"] >= 0.5:
        return "unrelated"
    return max(RELATED, key=lambda k: scores[k])


def _result(scores: dict[str, float]) -> StanceResult:
    return StanceResult(best_label(scores), {k: round(scores[k], 4) for k in LABELS})


def stance_many(pairs: Sequence[tuple[str, str]]) -> list[StanceResult]:
    """:func:`stance` for many (claim, other text) pairs, embedding each text once."""
    claims = sorted({c for c, _ in pairs})
    others = sorted({o for _, o in pairs})
    prepared_claims = dict(zip(claims, prepare_many(claims, as_claim=True), strict=True))
    prepared_others = dict(zip(others, prepare_many(others), strict=True))
    return [
        _result(rule_scores(pair_features(prepared_claims[c], prepared_others[o])))
        for c, o in pairs
    ]


def stance(claim_text: str, other_text: str) -> StanceResult:
    """Does ``other_text`` agree with, disagree with, discuss, or ignore the claim?

    claim_text (str): the claim, a sentence or a headline.
    other_text (str): the text to read (a sentence, a paragraph or a whole article).
    RETURNS (StanceResult): the label and a score per label.
    """
    return stance_many([(claim_text, other_text)])[0]
