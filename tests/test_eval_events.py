"""Scoring of coded events, PLOVER records and positions; acceptance on ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.evaluation.events import GoldEvent, match_events
from storyline.evaluation.positions import GoldStance, Predicted, map_issues, score
from storyline.model import Event, Provenance


def event(kind: str, source: str, target: str, start: int = 0) -> Event:
    where = Provenance("d", start, start + 10, "events")
    return Event(kind, "x" * 10, "x", where, where, (source,), (target,))


def gold(kind: str, source: str, target: str) -> GoldEvent:
    return GoldEvent("g", "d.txt", kind, "x", (source,), (target,) if target else (), None,
                     None, False)


def same(p: Event, g: GoldEvent, side: str) -> bool:
    names = g.sources if side == "source" else g.targets
    ids = p.source_ids if side == "source" else p.target_ids
    return not names or bool(set(names) & set(ids))


def test_a_match_needs_type_span_and_both_actors() -> None:
    golds = [(gold("REJECT", "RUS", "USA"), (0, 10))]
    assert match_events([event("REJECT", "RUS", "USA")], golds, same) == [(0, 0)]
    assert match_events([event("AGREE", "RUS", "USA")], golds, same) == []
    assert match_events([event("REJECT", "RUS", "UKR")], golds, same) == []
    assert match_events([event("REJECT", "RUS", "USA", start=20)], golds, same) == []


def test_consultations_match_either_way_round() -> None:
    golds = [(gold("CONSULT", "USA", "RUS"), (0, 10))]
    assert match_events([event("CONSULT", "RUS", "USA")], golds, same) == [(0, 0)]
    assert match_events([event("REJECT", "RUS", "USA")],
                        [(gold("REJECT", "USA", "RUS"), (0, 10))], same) == []


def test_matching_is_one_to_one_and_maximal() -> None:
    golds = [(gold("AGREE", "A", "B"), (0, 10)), (gold("AGREE", "A", ""), (0, 10))]
    preds = [event("AGREE", "A", "C"), event("AGREE", "A", "B")]
    # the first prediction fits only the second gold (null target accepts any)
    assert sorted(match_events(preds, golds, same)) == [(0, 1), (1, 0)]


def stance_gold(issue: str, label: str, actor: str, kind: str, evidence: str) -> GoldStance:
    return GoldStance(issue, label, (actor,), kind, "e1", ("d.txt",), {"d.txt": evidence})


def test_gold_issues_map_by_label_and_evidence_keywords() -> None:
    golds = [
        stance_gold("truce-30", "30-day full ceasefire", "A", "rejects", "a full ceasefire"),
        stance_gold("arms", "Halt of arms deliveries", "B", "demands",
                    "an end to military aid"),
    ]
    mapping = map_issues(golds)
    assert mapping["truce-30"] == {"ceasefire-full"}
    assert "military-aid-halt" in mapping["arms"]


def test_positions_score_coverage_and_stance_accuracy() -> None:
    text = "A rejected a full ceasefire. B demanded an end to military aid."
    golds = [
        stance_gold("cf", "full ceasefire", "A", "rejects", "A rejected a full ceasefire"),
        stance_gold("aid", "halt of military aid", "B", "demands", "an end to military aid"),
        stance_gold("cf", "full ceasefire", "C", "accepts", "a full ceasefire"),
    ]
    preds = [
        Predicted(frozenset({"d.txt"}), "a", "ceasefire-full", "rejects", (("d.txt", 0, 28),)),
        Predicted(frozenset({"d.txt"}), "b", "military-aid-halt", "supports",
                  (("d.txt", 29, 63),)),
    ]
    metrics, details = score(golds, preds, map_issues(golds),
                             lambda name, actor, doc: name.lower() == actor,
                             {"d.txt": text})
    assert (metrics["covered"], metrics["right"]) == (2, 1)
    assert metrics["coverage"] == round(2 / 3, 4)
    assert len(details["missed"]) == 1 and len(details["wrong_stance"]) == 1


# -- acceptance on the shared data (skipped without ../shared) ------------------------------


@pytest.mark.shared
@pytest.mark.slow
def test_plover_dev_acceptance(shared: Path) -> None:
    from storyline.evaluation.plover import evaluate

    result = evaluate(shared / "data" / "plover" / "gsr_dev.json")
    assert result.metrics["event_accuracy"] >= 0.75
    assert result.metrics["source_accuracy"] >= 0.75


@pytest.mark.shared
@pytest.mark.slow
def test_seed_positions_acceptance(shared: Path) -> None:
    from storyline.evaluation.positions import evaluate

    result = evaluate(shared / "seeds", shared / "gold" / "seeds" / "positions.json")
    assert result.metrics["coverage"] >= 0.7
    assert result.metrics["stance_accuracy"] >= 0.8


@pytest.mark.shared
@pytest.mark.slow
def test_seed_events_acceptance(shared: Path) -> None:
    from storyline.evaluation.events import evaluate

    result = evaluate(shared / "seeds", shared / "gold" / "seeds" / "events_coded.json")
    assert result.metrics["f1"] >= 0.65
