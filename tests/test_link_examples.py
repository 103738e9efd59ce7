"""Linking on the bundled example corpus, against its gold (tests/fixtures/examples).

Fifteen fictional articles about two phone calls between the same presidents (March
and May), talks and a prisoner exchange: copies, a rewrite, a preview, a machine
translation and an undated report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storyline.evaluation.clusters import bcubed, link_in_order, load_seeds

pytestmark = pytest.mark.model

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus"
GOLD = REPO / "tests" / "fixtures" / "examples" / "events.json"


@pytest.fixture(scope="module")
def linked() -> dict[str, Any]:
    docs, events, gold = load_seeds(CORPUS, GOLD)
    results, _note = link_in_order(docs)
    return {
        "gold": gold,
        "events": dict(zip((d.name for d in docs), events, strict=True)),
        "results": {d.name: result for d, (result, _state) in zip(docs, results, strict=True)},
        "names": {result.doc_id: d.name for d, (result, _state) in zip(docs, results,
                                                                          strict=True)},
    }


def _cluster(linked: dict[str, Any], name: str) -> str:
    return linked["results"][name].assignment.cluster_id


def test_the_two_calls_between_the_same_presidents_stay_apart(linked) -> None:
    for pair in linked["gold"]["different_event_pairs"]:
        a, b = pair["docs"]
        assert _cluster(linked, a) != _cluster(linked, b), pair["relation"]


def test_the_preview_joins_the_call_it_previews(linked) -> None:
    first_call = [n for n, e in linked["events"].items() if e == "call-2031-03-11"]
    assert len({_cluster(linked, n) for n in first_call}) == 1


def test_events_match_the_gold_closely(linked) -> None:
    names = list(linked["events"])
    pred = [_cluster(linked, n) for n in names]
    _precision, _recall, f1 = bcubed(pred, [linked["events"][n] for n in names])
    assert f1 >= 0.85


def test_the_wire_copy_and_the_rewrite_count_with_their_sources(linked) -> None:
    results, names = linked["results"], linked["names"]
    (group,) = linked["gold"]["near_duplicate_groups"]
    copy = next(n for n in group["docs"] if n != group["canonical"])
    assert results[copy].relation == "copy"
    assert names[results[copy].via] == group["canonical"]
    rewrite = next(d for d in linked["gold"]["derivations"] if d["kind"].startswith("rewrite"))
    result = results[rewrite["derived"]]
    assert result.relation == "derived" and names[result.via] == rewrite["source"]
    (link,) = result.derivations
    assert names[link.source_id] == rewrite["source"]
    assert link.aligned and link.added
