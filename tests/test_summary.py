"""Extractive summaries: MMR, citations, status marking and numeric disagreements."""

from __future__ import annotations

import numpy as np
import pytest

from storyline.report.summary import (
    Candidate,
    numeric_disagreements,
    summarize,
    tfidf_vectors,
    vectorize,
)


def cand(doc: str, idx: int, text: str, origin: str | None = None, **kw) -> Candidate:
    return Candidate(doc_id=doc, idx=idx, text=text, origin=origin or doc, outlet=doc.upper(),
                     position=idx, **kw)


CALL = [
    cand("a", 0, "The two presidents spoke by telephone for ninety minutes on Tuesday."),
    cand("a", 1, "The leaders agreed to stop strikes on power plants for thirty days."),
    cand("a", 2, "Analysts in the capital were surprised by the sudden announcement."),
    cand("b", 0, "The presidents spoke by telephone for ninety minutes on Tuesday."),
    cand("b", 1, "Both leaders agreed to stop strikes on power plants for thirty days."),
    cand("b", 2, "A local bakery gave away free bread to celebrate the news."),
    cand("c", 0, "The two presidents spoke by telephone for ninety minutes on Tuesday.", "a"),
]


def test_tfidf_vectors_are_unit_length():
    v = tfidf_vectors(["one two three", "two three four", "the of and"])
    assert v.shape[0] == 3
    norms = np.linalg.norm(v, axis=1)
    assert np.allclose(norms[:2], 1.0) and norms[2] == 0.0
    assert vectorize([], "tfidf")[1] == "none"


def test_corroborated_first_single_source_marked_and_cited():
    s = summarize(CALL, method="tfidf")
    assert s.method == "tfidf"
    corroborated = {(i.doc_id, i.idx) for i in s.corroborated}
    assert len(s.corroborated) == 2  # the call and the strike halt, once each
    assert all(i.n_sources == 2 for i in s.corroborated)
    assert corroborated & {("a", 0), ("b", 0), ("c", 0)}
    singles = {i.text for i in s.single_source}
    assert "A local bakery gave away free bread to celebrate the news." in singles
    assert all(i.status == "single-source" for i in s.single_source)
    for item in s.corroborated + s.single_source:
        assert any(c.doc_id == item.doc_id and c.idx == item.idx and c.text == item.text
                   for c in CALL)


def test_a_copy_is_not_a_second_source():
    only_copies = [c for c in CALL if c.doc_id in ("a", "c")]
    s = summarize(only_copies, method="tfidf")
    assert not s.corroborated
    call = next(i for i in s.single_source if "ninety minutes" in i.text)
    assert call.n_sources == 1 and len(call.support) == 1  # the copy is cited, not counted


def test_contested_claims_are_never_stated_not_even_via_a_copy():
    cands = [cand("a", 0, "Officials said 150 prisoners were freed at the bridge today.",
                  statuses=("contested",)),
             cand("b", 0, "Officials said 150 prisoners were freed at the bridge today.")]
    s = summarize(cands, method="tfidf")
    # Contested sentences are never stated, not even attributed: the disagreement section
    # shows the claim group with both sides.
    assert not s.corroborated and not s.single_source and not s.added


def test_added_by_rewrite_prefers_statistics():
    cands = [
        cand("src", 0, "The talks ended on Sunday without a ceasefire agreement."),
        cand("rw", 0, "The talks ended on Sunday with no ceasefire agreement.", "src"),
        cand("rw", 1, "Analysts say the process appears to be moving, if slowly.", "src",
             added=True),
        cand("rw", 2, "A recent poll found 71% of voters would back a ceasefire now.", "src",
             added=True),
    ]
    s = summarize(cands, method="tfidf", max_added=1)
    assert [i.text for i in s.added] == [cands[3].text]
    assert s.added[0].status == "added-by-derivative" and s.added[0].basis == "derivation"


def test_mmr_drops_redundant_sentences_with_given_vectors():
    cands = [cand("a", 0, "alpha beta gamma delta epsilon zeta"),
             cand("b", 0, "alpha beta gamma delta epsilon zeta eta"),
             cand("c", 0, "one two three four five six seven")]
    vectors = np.array([[1.0, 0.0], [0.99, 0.141], [0.0, 1.0]], dtype=np.float32)
    s = summarize(cands, method="embeddings", vectors=vectors)
    assert len(s.corroborated) == 1
    assert len(s.corroborated[0].support) == 1


def test_numeric_disagreement_ignores_vague_and_same_source():
    cands = [cand("a", 0, "Officials said 150 prisoners were exchanged at the bridge."),
             cand("b", 0, "Officials said 120 prisoners were exchanged at the bridge."),
             cand("c", 0, "Officials said more than 100 prisoners were exchanged at the bridge."),
             cand("d", 0, "Officials said 90 prisoners were exchanged at the bridge.", "a")]
    vectors = tfidf_vectors([c.text for c in cands])
    found = numeric_disagreements(cands, vectors @ vectors.T, 0.2)
    assert len(found) == 1
    values = sorted(str(side["value"]) for side in found[0].sides)
    assert values == ["120 prisoners", "150 prisoners", "90 prisoners"]
    # a and d are one origin: they never form a disagreement pair between themselves.
    same = numeric_disagreements([cands[0], cands[3]], np.ones((2, 2)), 0.2)
    assert same == []


def test_empty_input():
    s = summarize([cand("a", 0, "Too short.")])
    assert s.empty and s.method == "none"


@pytest.mark.model
def test_embeddings_when_installed():
    pytest.importorskip("onnxruntime")
    try:
        vectors, used = vectorize(["The call lasted two hours.", "They spoke for 120 minutes."],
                                  "embeddings")
    except RuntimeError as exc:  # the model package is missing
        pytest.skip(str(exc))
    assert used == "embeddings" and vectors.shape == (2, 384)
