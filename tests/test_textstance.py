"""Stance between texts: sentence splitting, features, the shipped rule model, stance()."""

from __future__ import annotations

import numpy as np
import pytest

from storyline.extract import textstance as ts

CLAIM = "City council approves new bridge over the Elm river"
AGREE = (
    "The city council voted on Tuesday to approve a new bridge over the Elm river. "
    "Construction of the bridge is due to start next spring, the mayor said. "
    "The vote passed by nine votes to two."
)
DISAGREE = (
    "Stories that the city council approved a new bridge over the Elm river are false. "
    "The mayor denied the report and said there is no evidence any vote took place. "
    "Officials called the claim a hoax spread on social media."
)
DISCUSS = (
    "The city council may have approved a new bridge over the Elm river, according to "
    "unconfirmed reports. Local media reportedly saw a draft of the plan. "
    "It is not clear whether a vote has been held."
)
UNRELATED = (
    "A rare orchid has bloomed in the botanical garden for the first time in a decade. "
    "Gardeners said the flower lasts only a few days. Visitors queued to see it."
)


def test_split_sentences_on_punctuation_and_lines() -> None:
    text = 'He left. "Why?" she asked.\nA new line\n\nU.S. officials said 3 people died.'
    assert ts.split_sentences(text) == [
        "He left.", '"Why?" she asked.', "A new line", "U.S. officials said 3 people died.",
    ]
    assert ts.split_sentences("  ") == []


def _fake(sentences: list[str], vectors: list[list[float]], claim: bool = False):
    vecs = np.array(vectors, dtype=np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    words = tuple(tuple(ts._words(s)) for s in sentences)
    return ts.PreparedText(" ".join(sentences), tuple(sentences), vecs, words)


def test_pair_features_read_overlap_and_cues_without_a_model() -> None:
    claim = _fake(["Mayor denies bridge plan?"], [[1, 0, 0]])
    other = _fake(
        ["The bridge plan was approved.", "The mayor called it a hoax, allegedly.", "Rain."],
        [[1, 0, 0], [0.6, 0.8, 0], [0, 0, 1]],
    )
    f = dict(zip(ts.FEATURE_NAMES, ts.pair_features(claim, other), strict=True))
    assert f["sim_max"] == pytest.approx(1.0)
    assert f["sim_lead"] == pytest.approx(1.0)
    assert f["overlap"] == pytest.approx(0.75)  # mayor, bridge, plan; not "denies"
    assert f["refute_top"] >= 1 and f["hedge_top"] >= 1
    assert f["claim_refute"] == 1 and f["claim_hedge"] >= 1  # "denies", "?"
    assert f["log_sentences"] == pytest.approx(np.log1p(3))


def test_empty_other_text_is_unrelated() -> None:
    claim = _fake(["Mayor denies bridge plan"], [[1, 0, 0]])
    empty = ts.PreparedText("", (), np.zeros((0, 3), dtype=np.float32), ())
    scores = ts.rule_scores(ts.pair_features(claim, empty))
    assert max(scores, key=scores.__getitem__) == "unrelated"
    assert sum(scores.values()) == pytest.approx(1.0)


def test_rule_scores_follow_the_cues() -> None:
    base = dict.fromkeys(ts.FEATURE_NAMES, 0.0)
    related = {**base, "sim_max": 0.8, "sim_top": 0.7, "sim_doc": 0.6, "sim_lead": 0.8,
               "overlap": 0.9, "overlap_lead": 0.8, "overlap_top": 0.9, "log_sentences": 2.0}

    def label(**changes: float) -> str:
        row = np.array([{**related, **changes}[k] for k in ts.FEATURE_NAMES])
        scores = ts.rule_scores(row)
        return max(scores, key=scores.__getitem__)

    assert label(sim_max=0.1, sim_top=0.05, sim_doc=0.0, sim_lead=0.0, overlap=0.1,
                 overlap_lead=0.0, overlap_top=0.1) == "unrelated"
    assert label() == "agree"
    assert label(refute_top=3.0, refute_doc=0.8) == "disagree"
    assert label(hedge_top=4.0, hedge_doc=1.5) == "discuss"


@pytest.mark.model
def test_stance_on_inline_texts() -> None:
    results = ts.stance_many([(CLAIM, t) for t in (AGREE, DISAGREE, DISCUSS, UNRELATED)])
    assert [r.label for r in results] == ["agree", "disagree", "discuss", "unrelated"]
    for r in results:
        assert set(r.scores) == set(ts.LABELS)
        assert sum(r.scores.values()) == pytest.approx(1.0, abs=1e-3)
    single = ts.stance(CLAIM, UNRELATED)
    assert single.label == "unrelated" and single.scores == results[3].scores
