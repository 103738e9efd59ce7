"""Derivatives: sentence alignment, the derivation test, the direction."""

from __future__ import annotations

from datetime import date

import numpy as np

from storyline.link import derive


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def _points(n: int, seed: int = 0) -> np.ndarray:
    """``n`` random, nearly orthogonal unit vectors (one per point an article makes)."""
    return _unit(np.random.default_rng(seed).standard_normal((n, 256)))


def _paraphrase(points: np.ndarray, noise: float, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return _unit(points + noise * rng.standard_normal(points.shape) / np.sqrt(points.shape[1]))


def test_a_rewrite_in_the_same_order_with_added_sentences_is_a_derivation() -> None:
    source = _points(16)
    rewrite = _paraphrase(source[:12], noise=1.0)  # cosine about 0.7 with its point
    added = _points(3, seed=7)
    derived = np.vstack([rewrite[:6], added[:2], rewrite[6:], added[2:]])
    alignment = derive.align(derived, source)
    assert alignment.is_derivation
    assert alignment.ordered == 12
    assert alignment.added == (6, 7, 14)
    assert [j for _i, j, _s in alignment.pairs] == list(range(12))


def test_a_reordered_close_paraphrase_is_a_derivation() -> None:
    source = _points(10)
    derived = _paraphrase(source, noise=0.3)[::-1]  # every point, backwards
    alignment = derive.align(derived, source)
    assert alignment.paraphrases == 10 and alignment.is_derivation
    assert alignment.ordered < derive.MIN_ORDERED_PAIRS


def test_a_few_shared_facts_are_not_a_derivation() -> None:
    source = _points(20)
    derived = np.vstack([_paraphrase(source[:4], noise=1.0), _points(12, seed=5)])
    alignment = derive.align(derived, source)
    assert alignment.ordered == 4 and not alignment.is_derivation


def test_direction_from_dates_then_from_attribution() -> None:
    sourced = derive.attribution_score(
        ["“We will not withdraw,” Vell told reporters on Monday, according to aides."])
    vague = derive.attribution_score(["The situation remains tense as the world watches."])
    assert sourced > vague
    assert derive.direction(date(2031, 5, 7), date(2031, 5, 6), sourced, vague) == (
        True, "dates")
    assert derive.direction(None, None, vague, sourced) == (True, "content")
    assert derive.direction(None, None, sourced, vague) == (False, "content")


def test_the_size_gate_never_rejects_an_alignment_that_is_a_derivation() -> None:
    # possible() runs before any sentence is embedded; it must only skip pairs that
    # could not be a derivation whatever their vectors (here: identical texts, the most
    # alignable case, over every pair of small sizes).
    for n_derived in range(0, 25):
        for n_source in range(0, 25):
            source = _points(n_source, seed=1)
            # The same points in order, and every sentence a paraphrase of one point.
            for derived in (_points(n_derived, seed=1), np.repeat(source[:1], n_derived, 0)):
                if derive.align(derived, source).is_derivation:
                    assert derive.possible(n_derived, n_source), (n_derived, n_source)
    assert not derive.possible(derive.MIN_PARAPHRASE_PAIRS - 1, 40)
    assert not derive.possible(0, 10) and not derive.possible(10, 0)
