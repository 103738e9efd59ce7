"""``storyline eval stance``: the FNC-1 scorer's arithmetic, grouped folds, a small run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.evaluation.stance import (
    FncPair,
    _assign_folds,
    _story_groups,
    class_f1,
    evaluate,
    fnc_points,
    fnc_score,
    read_fnc1,
)


def test_fnc_points_follow_the_official_weights() -> None:
    # unrelated right: 0.25; related with the right label: 0.25 + 0.75; related with a
    # wrong related label: 0.25; related called unrelated: 0; unrelated called related: 0.
    gold = ["unrelated", "agree", "discuss", "disagree", "unrelated"]
    pred = ["unrelated", "agree", "agree", "unrelated", "discuss"]
    achieved, best = fnc_points(gold, pred)
    assert best == pytest.approx(0.25 + 1 + 1 + 1 + 0.25)
    assert achieved == pytest.approx(0.25 + 1.0 + 0.25 + 0 + 0)
    assert fnc_score(gold, pred) == pytest.approx(1.5 / 3.5)
    assert fnc_score(gold, gold) == 1.0
    # All "unrelated" earns only the unrelated quarter points.
    assert fnc_score(gold, ["unrelated"] * 5) == pytest.approx(0.5 / 3.5)


def test_class_f1() -> None:
    f1 = class_f1(["agree", "agree", "discuss"], ["agree", "discuss", "discuss"])
    assert f1["agree"] == pytest.approx(2 / 3) and f1["discuss"] == pytest.approx(2 / 3)
    assert f1["disagree"] == 0.0 and f1["macro"] == pytest.approx((4 / 3) / 4)


def test_story_groups_join_bodies_through_related_headlines_only() -> None:
    pairs = [
        FncPair("h1", "b1", "agree"),
        FncPair("h1", "b2", "discuss"),  # b1 and b2 share a related headline: one story
        FncPair("h1", "b3", "unrelated"),  # an unrelated pairing does not join b3
        FncPair("h2", "b3", "disagree"),
    ]
    groups = _story_groups(pairs)
    assert groups[0] == groups[1] != groups[2] == groups[3]
    folds = _assign_folds(groups, 2, seed=0)
    assert sorted(folds.values()) == [0, 1]


def test_read_fnc1_reports_bad_rows(tmp_path: Path) -> None:
    (tmp_path / "bodies.jsonl").write_text(json.dumps({"body_id": 1, "body": "x"}) + "\n")
    (tmp_path / "stances.jsonl").write_text(
        json.dumps({"headline": "h", "body_id": 2, "stance": "agree"}) + "\n"
    )
    with pytest.raises(ValueError, match="no body '2'"):
        read_fnc1(tmp_path)
    with pytest.raises(ValueError, match=r"no bodies\.jsonl"):
        read_fnc1(tmp_path / "missing")


@pytest.mark.model
@pytest.mark.shared
def test_small_run_on_fnc1(shared: Path) -> None:
    result = evaluate(shared / "data/fnc1", limit=200, train=False)
    assert result.task == "stance" and result.n == 200
    # The full run scores about 0.83; a 200-pair sample of a few bodies is noisier.
    assert result.metrics["fnc_score"] >= 0.7
    assert result.metrics["accuracy_related"] >= 0.9
    assert "fnc_score_cv_trained" not in result.metrics
    assert any("shipped" in note for note in result.notes)
