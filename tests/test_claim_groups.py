"""Claim groups: slots within one event cluster, independent origins, conflicts, status."""

from __future__ import annotations

from storyline.link.claims import group_cluster, update_groups
from storyline.model import Claim, Document, Provenance
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
