"""Streaming event clustering: scoring, time and detail cues, the capped index."""

from __future__ import annotations

from collections import Counter
from datetime import date

import numpy as np
import pytest

from storyline.link import cluster as C
from storyline.link.cluster import ClusterState, EventClusterer, EventDoc, Posting, score
from storyline.link.features import EventTime
from storyline.link.state import MemoryState


def _vector(seed: int, near: np.ndarray | None = None) -> np.ndarray:
    rng = np.random.default_rng(seed)
    v = rng.standard_normal(64)
    v = v / np.linalg.norm(v)
    if near is not None:
        v = near + 0.2 * v
    return (v / np.linalg.norm(v)).astype(np.float32)


def _doc(doc_id: str, seq: int, vector: np.ndarray, words: str, names: str = "",
         when: EventTime | None = None, published: date | None = None,
         durations: tuple = ()) -> EventDoc:
    def unit(text: str) -> dict[str, float]:
        items = text.split()
        return {w: 1 / np.sqrt(len(items)) for w in items} if items else {}

    return EventDoc(
        id=doc_id, seq=seq, vector=vector, terms=unit(words), names=unit(names),
        lead_names=unit(names), when=when or EventTime(), published=published,
        durations=durations, name_phrases=Counter(names.split()),
        title_terms=Counter(words.split()[:2]),
    )


def _clusterer() -> EventClusterer:
    state = MemoryState()
    return EventClusterer(state, state)


TOPIC = _vector(1)
CALL = "call ceasefire truce energy ports strikes"


def test_similar_reports_join_and_a_different_event_opens_a_cluster() -> None:
    clusterer = _clusterer()
    first = clusterer.add(_doc("a", 1, _vector(2, TOPIC), CALL, "vell kasharin"))
    second = clusterer.add(_doc("b", 2, _vector(3, TOPIC), CALL, "vell kasharin"))
    other = clusterer.add(_doc("c", 3, _vector(4), "flood river rain village", "orsa"))
    assert first.opened and not second.opened
    assert second.cluster_id == first.cluster_id
    assert other.opened and other.cluster_id != first.cluster_id


def test_the_same_happening_on_another_weekday_counts_against() -> None:
    state = ClusterState(id="ev", created_seq=1)
    state.add(_doc("a", 1, _vector(2, TOPIC), CALL, "vell kasharin",
                   EventTime(weekday=1, cues=("conversation",))))

    def on(weekday: int, cue: str) -> float:
        doc = _doc("b", 2, _vector(3, TOPIC), CALL, "vell kasharin",
                   EventTime(weekday=weekday, cues=(cue,)))
        return score(doc, state).parts["weekday"]

    assert on(1, "conversation") == C.W_SAME_DETAIL
    assert on(0, "conversation") == -C.W_DETAIL_CONFLICT  # same happening, another day
    assert on(1, "call") == C.W_WEEKDAY  # no common cue word: weak evidence either way
    assert on(0, "call") == -C.W_WEEKDAY


def test_a_different_duration_of_the_same_happening_counts_against() -> None:
    state = ClusterState(id="ev", created_seq=1)
    state.add(_doc("a", 1, _vector(2, TOPIC), CALL, "vell", durations=((120, ("call",)),)))
    same = score(_doc("b", 2, _vector(3, TOPIC), CALL, "vell", durations=((120, ("call",)),)),
                 state)
    longer = score(_doc("c", 3, _vector(3, TOPIC), CALL, "vell",
                        durations=((150, ("call",)),)), state)
    assert same.parts["duration"] == C.W_SAME_DETAIL
    assert longer.parts["duration"] == -C.W_DETAIL_CONFLICT
    assert same.score - longer.score == pytest.approx(C.W_SAME_DETAIL + C.W_DETAIL_CONFLICT)


def test_time_decay_separates_dated_events() -> None:
    state = ClusterState(id="ev", created_seq=1)
    day = date(2031, 3, 11)
    state.add(_doc("a", 1, _vector(2, TOPIC), CALL, "vell", EventTime(date=day)))
    def at(when: EventTime, published: date | None = None) -> float:
        return score(_doc("b", 2, _vector(3, TOPIC), CALL, "vell", when, published),
                     state).parts["time"]

    assert at(EventTime(date=day)) == 0.0
    assert at(EventTime(), published=date(2031, 3, 12)) == 0.0  # reported the next day
    assert -C.W_TIME < at(EventTime(date=date(2031, 3, 14))) < at(EventTime(date=date(2031, 3, 12)))
    assert at(EventTime(date=date(2031, 5, 5))) < -0.9 * C.W_TIME


def test_average_linkage_does_not_favour_big_clusters() -> None:
    big, small = ClusterState(id="big", created_seq=1), ClusterState(id="small", created_seq=2)
    for i in range(10):
        big.add(_doc(f"b{i}", i, _vector(10 + i), f"topic word{i}", "saints"))
    small.add(_doc("s", 20, _vector(30), "topic thomas", "saints thomas"))
    doc = _doc("d", 21, _vector(31), "topic thomas", "saints thomas")
    assert score(doc, small).score > score(doc, big).score


def test_cluster_state_round_trips_through_json() -> None:
    state = ClusterState(id="ev", created_seq=1)
    state.add(_doc("a", 1, _vector(2), CALL, "vell", EventTime(date=date(2031, 3, 11),
              weekday=1, month_day=(3, 11), cues=("call",)), durations=((90, ("call",)),)))
    again = ClusterState.from_json("ev", state.to_json(), state.vector_sum)
    doc = _doc("b", 2, _vector(3), CALL, "vell", EventTime(weekday=1, cues=("call",)))
    assert score(doc, again) == score(doc, state)


def test_posting_lists_keep_only_their_most_recent_entries() -> None:
    state = MemoryState()
    for seq in range(C.POSTING_CAP + 10):
        state.post(["t:truce"], Posting(f"d{seq}", f"ev{seq}", seq))
    kept = state.lookup(["t:truce", "t:absent"])
    assert list(kept) == ["t:truce"]
    assert len(kept["t:truce"]) == C.POSTING_CAP
    assert kept["t:truce"][0].seq == 10


def test_candidate_keys_are_stable_and_bounded() -> None:
    doc = _doc("a", 1, _vector(2), " ".join(f"w{i}" for i in range(40)), "a b c d e f g")
    keys = C.candidate_keys(doc)
    assert keys == C.candidate_keys(doc)
    assert len(keys) == C.TOP_TERMS + C.TOP_NAMES + C.LSH_BANDS
