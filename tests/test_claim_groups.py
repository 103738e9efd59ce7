"""Claim groups: slots within one event cluster, independent origins, conflicts, status."""

from __future__ import annotations

import re
import zlib

import numpy as np
import pytest

from storyline.link.claims import (
    group_cluster,
    textstance_related,
    update_groups,
    voice_conflicts,
)
from storyline.model import AlignedSentence, Claim, Derivation, Document, Provenance
from storyline.store import schema


def _claim(doc: str, slot: str, value: float | None = None, *, kind: str = "quantity",
           bound: str = "exact", unit: str | None = None, polarity: str | None = None,
           negated: bool = False, modality: str = "actual") -> Claim:
    return Claim(text="x", kind=kind, slot=slot, where=Provenance(doc, 0, 1, "claims"),
                 value=value, unit=unit, bound=bound, polarity=polarity, negated=negated,
                 modality=modality, value_text=None if value is None else f"{value:g}")


def _one(groups, slot):
    (g,) = [g for g in groups if g.slot == slot]
    return g


def test_different_value_for_the_same_slot_is_contested() -> None:
    slot = "count:prisoner:per-side"
    groups = group_cluster("ev-1", {
        "a": [_claim("a", slot, 150)], "b": [_claim("b", slot, 150)],
        "c": [_claim("c", slot, 120)],
    })
    g = _one(groups, slot)
    assert g.status == "contested" and g.conflicts == ("value",)
    assert g.supporting == ("a", "b") and g.contradicting == ("c",)
    assert g.value == 150 and g.n_origins == 2
    assert ("c", 0, "contradicts") in g.members


def test_two_clusters_never_contradict_each_other() -> None:
    first = group_cluster("ev-1", {"a": [_claim("a", "duration:call", 90, unit="minute")]})
    second = group_cluster("ev-2", {"b": [_claim("b", "duration:call", 2, unit="hour")]})
    assert [g.status for g in first + second] == ["single-source", "single-source"]


def test_compatible_bounds_corroborate() -> None:
    slot = "count:drone"
    groups = group_cluster("ev", {"a": [_claim("a", slot, 60, bound="min")],
                                  "b": [_claim("b", slot, 24, bound="min")],
                                  "c": [_claim("c", slot, 62, bound="approx")]})
    g = _one(groups, slot)
    assert g.status == "corroborated" and not g.contradicting


def test_units_are_compared_in_minutes() -> None:
    slot = "duration:call"
    groups = group_cluster("ev", {"a": [_claim("a", slot, 90, unit="minute")],
                                  "b": [_claim("b", slot, 1.5, unit="hour")]})
    assert _one(groups, slot).status == "corroborated"


def test_copies_and_rewrites_count_as_one_origin() -> None:
    slot = "percent:?"  # a '?' slot is document-local; use a named one
    slot = "percent:voter"
    claims = {"a": [_claim("a", slot, 64)], "copy": [_claim("copy", slot, 64)]}
    g = _one(group_cluster("ev", claims, origin_of={"copy": "a"}), slot)
    assert g.n_origins == 1 and g.status == "single-source"
    contra = {"a": [_claim("a", slot, 64)], "copy": [_claim("copy", slot, 60)]}
    g = _one(group_cluster("ev", contra, origin_of={"copy": "a"}), slot)
    assert not g.contradicting  # a copy does not contradict its own source


def test_added_by_derivative() -> None:
    slot = "percent:voter"
    claims = {"src": [_claim("src", "duration:call", 120, unit="minute")],
              "rewrite": [_claim("rewrite", slot, 64)]}
    g = _one(group_cluster("ev", claims, origin_of={"rewrite": "src"},
                           derived_from={"rewrite": "src"}), slot)
    assert g.status == "added-by-derivative" and "derivative-only" in g.flags


def test_polar_stances_and_negations() -> None:
    slot = "stance:ceasefire:boravia"
    groups = group_cluster("ev", {
        "a": [_claim("a", slot, kind="stance", polarity="accepts")],
        "b": [_claim("b", slot, kind="stance", polarity="accepts")],
        "c": [_claim("c", slot, kind="stance", polarity="rejects")],
    })
    assert _one(groups, slot).conflicts == ("polarity",)
    slot = "event:REJECT:-:boravia>ardenia"
    groups = group_cluster("ev", {
        "a": [_claim("a", slot, kind="event")],
        "b": [_claim("b", slot, kind="event", negated=True)],
    })
    assert _one(groups, slot).conflicts == ("negation",)


def test_predictions_and_dates_never_contradict() -> None:
    slot = "duration:call"
    groups = group_cluster("ev", {"a": [_claim("a", slot, 90, unit="minute")],
                                  "b": [_claim("b", slot, 60, unit="minute",
                                               modality="future")]})
    assert not _one(groups, slot).contradicting
    groups = group_cluster("ev", {"a": [_claim("a", "date:CONSULT", kind="date")],
                                  "b": [_claim("b", "date:CONSULT", kind="date")]})
    assert _one(groups, "date:CONSULT").status == "corroborated"


def test_a_document_stating_both_values_contradicts_nobody() -> None:
    slot = "count:prisoner"
    groups = group_cluster("ev", {"a": [_claim("a", slot, 150), _claim("a", slot, 120)],
                                  "b": [_claim("b", slot, 150)]})
    g = _one(groups, slot)
    assert not g.contradicting and "disputed-in-document" in g.flags


def test_update_groups_writes_only_the_new_documents_clusters(store) -> None:
    ids = []
    for i, value in enumerate((150, 150, 120, 90)):
        doc = Document.from_text(f"text {i}").evolve(text=f"text {i}")
        store.add_document(doc)
        ids.append(doc.id)
        claim = _claim(doc.id, "count:prisoner" if i < 3 else "duration:call", value)
        store.save_analysis(doc.evolve(claims=(claim,)), "fp")
    with store.engine.begin() as conn:
        for seq, (doc_id, cluster) in enumerate(zip(ids, ["ev-a", "ev-a", "ev-a", "ev-b"],
                                                    strict=True)):
            conn.execute(schema.event_members.insert().values(
                doc_id=doc_id, cluster_id=cluster, seq=seq, opened=0, parts="{}", stage="link"))
            conn.execute(schema.origins.insert().values(
                doc_id=doc_id, origin_id=doc_id, relation="original", stage="link"))
    assert update_groups(store, ids[:1]) == 1  # cluster ev-a only
    with store.engine.connect() as conn:
        rows = list(conn.execute(schema.claim_groups.select()).mappings())
        roles = dict(conn.execute(schema.claims.select().with_only_columns(
            schema.claims.c.doc_id, schema.claims.c.role)).all())
    assert [(r["status"], r["conflicts"]) for r in rows] == [("contested", "value")]
    assert roles[ids[2]] == "contradicts" and roles[ids[3]] is None
    assert update_groups(store, ids[3:]) == 1


# -- a rewrite changing who says something ------------------------------------------------


def _bag_of_words(texts):
    """A stand-in for MiniLM: unit vectors of hashed words (equal wording, cosine 1)."""
    out = np.zeros((len(texts), 256), dtype=np.float32)
    for i, t in enumerate(texts):
        for w in re.findall(r"[a-z]+", t.lower()):
            out[i, zlib.crc32(w.encode()) % 256] += 1.0
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def _statement(doc: str, sentence: int, content: str, speaker: str | None = None, *,
               subject: str | None = None, confidence: float = 1.0) -> Claim:
    """A statement in sentence ``sentence`` (sentences are 100 characters apart)."""
    where = Provenance(doc, sentence * 100, sentence * 100 + len(content), "claims")
    return Claim(text=content, kind="statement", where=where,
                 slot=f"statement:{speaker or 'outlet'}", object=content,
                 subject_id=speaker or subject, speaker_id=speaker,
                 attributed=speaker is not None, confidence=confidence)


def _rewrite_of(n_sentences: int, pairs: list[tuple[int, int]]) -> Derivation:
    """'rewrite' derived from 'src', derivative sentence i aligned to source sentence j."""
    span = lambda d, i: Provenance(d, i * 100, i * 100 + 99, "link")  # noqa: E731
    aligned = tuple(AlignedSentence(span("rewrite", i), span("src", j), 0.7) for i, j in pairs)
    added = tuple(span("rewrite", i) for i in range(n_sentences)
                  if i not in {i for i, _j in pairs})
    return Derivation("rewrite", "src", "dates", 0.7, aligned, added)


JUDGEMENT = "the northern demands would cripple the trade of the harbour towns"


def test_a_judgement_moved_into_a_speakers_mouth_is_added_by_the_rewrite() -> None:
    claims = {"src": [_statement("src", 0, JUDGEMENT, subject="boravia")],
              "rewrite": [_statement("rewrite", 0, JUDGEMENT, "radomir-kasharin")]}
    (g,) = voice_conflicts("ev", claims, [_rewrite_of(1, [(0, 0)])], _bag_of_words)
    assert g.status == "added-by-derivative" and g.conflicts == ("attribution",)
    assert g.supporting == ("rewrite",) and g.contradicting == ("src",)
    assert g.members == (("rewrite", 0, "supports"), ("src", 0, "contradicts"))
    # the reverse (a speaker's words stated as fact by the rewrite) is one too
    swapped = {"src": [_statement("src", 0, JUDGEMENT, "radomir-kasharin")],
               "rewrite": [_statement("rewrite", 0, JUDGEMENT, subject="boravia")]}
    (g,) = voice_conflicts("ev", swapped, [_rewrite_of(1, [(0, 0)])], _bag_of_words)
    assert g.conflicts == ("attribution",)


def test_the_content_may_sit_in_the_neighbours_source_sentence() -> None:
    # rewrite sentence 0 is aligned with an unrelated source sentence; its content is in
    # the source sentence aligned with rewrite sentence 1
    claims = {"src": [_statement("src", 0, "the weather stayed mild over the weekend"),
                      _statement("src", 1, JUDGEMENT, subject="boravia")],
              "rewrite": [_statement("rewrite", 0, JUDGEMENT, "radomir-kasharin")]}
    (g,) = voice_conflicts("ev", claims, [_rewrite_of(2, [(0, 0), (1, 1)])], _bag_of_words)
    assert g.members[1] == ("src", 1, "contradicts")
    far = _rewrite_of(5, [(0, 0), (4, 1)])  # the source sentence is no neighbour
    assert voice_conflicts("ev", claims, [far], _bag_of_words) == []


def test_no_conflict_when_the_voice_is_the_same_or_the_content_differs() -> None:
    same = {"src": [_statement("src", 0, JUDGEMENT, "radomir-kasharin")],
            "rewrite": [_statement("rewrite", 0, JUDGEMENT, "radomir-kasharin")]}
    other = {"src": [_statement("src", 0, "fishing boats left the harbour at dawn today")],
             "rewrite": [_statement("rewrite", 0, JUDGEMENT, "radomir-kasharin")]}
    # the writer reporting the speaker's own act ("Kasharin warned that ...") keeps him
    about_him = {"src": [_statement("src", 0, JUDGEMENT, subject="radomir-kasharin")],
                 "rewrite": [_statement("rewrite", 0, JUDGEMENT, "radomir-kasharin")]}
    # the source says it in both voices: no clear change
    both = {"src": [_statement("src", 0, JUDGEMENT, subject="boravia"),
                    _statement("src", 0, JUDGEMENT, "radomir-kasharin")],
            "rewrite": [_statement("rewrite", 0, JUDGEMENT, "radomir-kasharin")]}
    for claims in (same, other, about_him, both):
        assert voice_conflicts("ev", claims, [_rewrite_of(1, [(0, 0)])], _bag_of_words) == []


def test_another_named_speaker_is_an_actor_conflict_unless_inferred() -> None:
    claims = {"src": [_statement("src", 0, JUDGEMENT, "tomas-vell")],
              "rewrite": [_statement("rewrite", 0, JUDGEMENT, "radomir-kasharin")]}
    (g,) = voice_conflicts("ev", claims, [_rewrite_of(1, [(0, 0)])], _bag_of_words)
    assert g.conflicts == ("actor",)
    inferred = {"src": claims["src"], "rewrite": [
        _statement("rewrite", 0, JUDGEMENT, "radomir-kasharin", confidence=0.5)]}
    assert voice_conflicts("ev", inferred, [_rewrite_of(1, [(0, 0)])], _bag_of_words) == []


def test_statements_are_not_grouped_by_slot() -> None:
    claims = {"a": [_statement("a", 0, JUDGEMENT, "tomas-vell")],
              "b": [_statement("b", 0, JUDGEMENT, "tomas-vell")]}
    assert group_cluster("ev", claims) == []


def test_a_slot_is_split_by_what_its_sentences_are_about() -> None:
    slot = "duration:ceasefire"

    def said(doc: str, sentence: str, value: float) -> Claim:
        return Claim(text=sentence, kind="quantity", slot=slot, unit="day", value=value,
                     where=Provenance(doc, 0, len(sentence), "claims"))

    claims = {"a": [said("a", "Ardenia proposed a 30-day truce.", 30)],
              "b": [said("b", "Ardenia proposed a 30-day truce on Monday.", 30)],
              "c": [said("c", "Boravia accepted a 30-day truce.", 30)]}

    def same_opening(x: str, y: str) -> bool:  # stand-in for the text-pair stance model
        return x.split()[:2] == y.split()[:2]

    groups = group_cluster("ev", claims, related=same_opening)
    assert sorted(g.supporting for g in groups) == [("a", "b"), ("c",)]
    assert len({g.id for g in groups}) == 2
    # a contradiction needs related sentences too: otherwise the claims are apart
    claims["c"] = [said("c", "Ardenia proposed a 20-day truce.", 20)]
    (g,) = group_cluster("ev", claims, related=same_opening)
    assert g.status == "contested" and g.contradicting == ("c",)
    assert len(group_cluster("ev", claims)) == 1  # without the split: one group per slot


@pytest.mark.model
def test_textstance_relates_restatements_not_other_topics() -> None:
    related = textstance_related(["Talks on the truce resumed in the capital on Monday."])
    assert related("Talks on the truce resumed in the capital on Monday.",
                   "The truce talks resumed on Monday in the capital.")
    assert not related("Talks on the truce resumed in the capital on Monday.",
                       "Floods destroyed the harvest on farms in the south.")
