"""Linking results in the store: written per document, read back as typed records.

The ``link`` stage writes, for each batch of new documents and in one transaction with
the linker's index state: each document's event membership (and its cluster's refreshed
label), its origin (original, copy or derived), and any derivation link with its
sentence-level evidence. The readers turn the tables back into :class:`EventCluster`,
:class:`OriginGroup` and :class:`Derivation` records.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.engine import Connection

from storyline.link.cluster import ClusterState
from storyline.link.features import STAGE
from storyline.link.linker import LinkResult, cluster_label
from storyline.model import AlignedSentence, Derivation, EventCluster, OriginGroup, Provenance
from storyline.store import schema

__all__ = [
    "read_derivations",
    "read_event_clusters",
    "read_origin_groups",
    "write_result",
    "write_results",
]


def write_result(conn: Connection, result: LinkResult, cluster: ClusterState) -> None:
    """Write what linking one document decided (the caller owns the transaction)."""
    match = result.assignment.match
    conn.execute(delete(schema.event_members).where(schema.event_members.c.doc_id == result.doc_id))
    conn.execute(schema.event_members.insert().values(
        doc_id=result.doc_id,
        cluster_id=cluster.id,
        seq=result.seq,
        opened=int(result.assignment.opened),
        score=None if match is None else round(match.score, 4),
        parts=json.dumps({} if match is None else match.parts),
        stage=STAGE,
    ))
    table = schema.event_clusters
    conn.execute(delete(table).where(table.c.cluster_id == cluster.id))
    conn.execute(table.insert().values(
        cluster_id=cluster.id,
        label=cluster_label(cluster),
        size=cluster.size,
        first_date=cluster.first_date.isoformat() if cluster.first_date else None,
        last_date=cluster.last_date.isoformat() if cluster.last_date else None,
        stage=STAGE,
    ))
    origins = schema.origins
    conn.execute(delete(origins).where(origins.c.doc_id == result.doc_id))
    conn.execute(origins.insert().values(
        doc_id=result.doc_id, origin_id=result.origin_id, relation=result.relation,
        via=result.via, similarity=result.similarity, stage=STAGE,
    ))
    for other, origin in result.reorigined:
        conn.execute(update(origins).where(origins.c.doc_id == other).values(
            origin_id=origin, relation="derived", via=result.doc_id))
    for derivation in result.derivations:
        _write_derivation(conn, derivation)


def write_results(conn: Connection, results: list[LinkResult],
                  clusters: dict[str, ClusterState]) -> None:
    """Write what linking a batch of documents decided, in as few statements as possible.

    The same rows as :func:`write_result` per document; each touched cluster is written
    once, in its state after the batch (the state the last per-document write left).
    """
    if not results:
        return
    ids = [r.doc_id for r in results]
    members, origins = schema.event_members, schema.origins
    conn.execute(delete(members).where(members.c.doc_id.in_(ids)))
    conn.execute(members.insert(), [
        {
            "doc_id": r.doc_id,
            "cluster_id": r.assignment.cluster_id,
            "seq": r.seq,
            "opened": int(r.assignment.opened),
            "score": None if r.assignment.match is None else round(r.assignment.match.score, 4),
            "parts": json.dumps({} if r.assignment.match is None else r.assignment.match.parts),
            "stage": STAGE,
        }
        for r in results
    ])
    table = schema.event_clusters
    cluster_ids = sorted(clusters)
    conn.execute(delete(table).where(table.c.cluster_id.in_(cluster_ids)))
    conn.execute(table.insert(), [
        {
            "cluster_id": c.id,
            "label": cluster_label(c),
            "size": c.size,
            "first_date": c.first_date.isoformat() if c.first_date else None,
            "last_date": c.last_date.isoformat() if c.last_date else None,
            "stage": STAGE,
        }
        for c in (clusters[i] for i in cluster_ids)
    ])
    conn.execute(delete(origins).where(origins.c.doc_id.in_(ids)))
    conn.execute(origins.insert(), [
        {"doc_id": r.doc_id, "origin_id": r.origin_id, "relation": r.relation, "via": r.via,
         "similarity": r.similarity, "stage": STAGE}
        for r in results
    ])
    # In order: a later document of the batch may re-origin one an earlier one set.
    for result in results:
        if result.reorigined:
            conn.execute(
                update(origins).where(origins.c.doc_id == bindparam("other")).values(
                    origin_id=bindparam("origin"), relation="derived", via=result.doc_id),
                [{"other": other, "origin": origin} for other, origin in result.reorigined])
        for derivation in result.derivations:
            _write_derivation(conn, derivation)


def _write_derivation(conn: Connection, link: Derivation) -> None:
    table, evidence = schema.derivations, schema.derivation_evidence
    conn.execute(delete(table).where(table.c.derived_id == link.derived_id,
                                     table.c.source_id == link.source_id))
    conn.execute(delete(evidence).where(evidence.c.doc_id == link.derived_id,
                                        evidence.c.source_id == link.source_id))
    conn.execute(table.insert().values(
        derived_id=link.derived_id, source_id=link.source_id, basis=link.basis,
        score=link.score, n_aligned=len(link.aligned), n_added=len(link.added), stage=STAGE,
    ))
    rows: list[dict[str, Any]] = []
    items = [(a.derived.start, "aligned", a) for a in link.aligned]
    items += [(p.start, "added", p) for p in link.added]
    for idx, (_start, kind, item) in enumerate(sorted(items, key=lambda x: x[0])):
        where = item.derived if isinstance(item, AlignedSentence) else item
        source = item.source if isinstance(item, AlignedSentence) else None
        rows.append({
            "doc_id": link.derived_id, "source_id": link.source_id, "idx": idx,
            "start_char": where.start, "end_char": where.end, "stage": STAGE, "kind": kind,
            "source_start": source.start if source else None,
            "source_end": source.end if source else None,
            "similarity": item.similarity if isinstance(item, AlignedSentence) else None,
        })
    if rows:
        conn.execute(evidence.insert(), rows)


def read_event_clusters(store: Any) -> list[EventCluster]:
    """Every event cluster with its members in joining order, oldest cluster first."""
    members: dict[str, list[str]] = defaultdict(list)
    with store.engine.connect() as conn:
        m = schema.event_members.c
        for cluster_id, doc_id in conn.execute(select(m.cluster_id, m.doc_id).order_by(m.seq)):
            members[cluster_id].append(doc_id)
        rows = list(conn.execute(select(schema.event_clusters)).mappings())
    clusters = [
        EventCluster(r["cluster_id"], r["label"], tuple(members.get(r["cluster_id"], ())),
                     r["first_date"], r["last_date"])
        for r in rows
    ]
    first_seen = {doc: i for i, doc in enumerate(d for c in members.values() for d in c)}
    return sorted(clusters, key=lambda c: min((first_seen.get(d, 0) for d in c.members),
                                              default=0))


def read_origin_groups(store: Any) -> list[OriginGroup]:
    """Origin groups (copies and derivatives together), largest first."""
    groups: dict[str, list[str]] = defaultdict(list)
    with store.engine.connect() as conn:
        o = schema.origins.c
        for doc_id, origin_id in conn.execute(select(o.doc_id, o.origin_id).order_by(o.doc_id)):
            groups[origin_id].append(doc_id)
    return sorted((OriginGroup(k, tuple(v)) for k, v in groups.items()),
                  key=lambda g: (-len(g.members), g.id))


def read_derivations(store: Any) -> list[Derivation]:
    """Derivation links with their evidence."""
    evidence: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    with store.engine.connect() as conn:
        e = schema.derivation_evidence
        for row in conn.execute(select(e).order_by(e.c.doc_id, e.c.source_id, e.c.idx)).mappings():
            evidence[row["doc_id"], row["source_id"]].append(dict(row))
        links = list(conn.execute(select(schema.derivations)).mappings())
    out = []
    for link in links:
        key = (link["derived_id"], link["source_id"])
        aligned, added = [], []
        for row in evidence.get(key, []):
            where = Provenance(key[0], row["start_char"], row["end_char"], row["stage"])
            if row["kind"] == "aligned":
                source = Provenance(key[1], row["source_start"], row["source_end"], row["stage"])
                aligned.append(AlignedSentence(where, source, row["similarity"]))
            else:
                added.append(where)
        out.append(Derivation(key[0], key[1], link["basis"], link["score"], tuple(aligned),
                              tuple(added)))
    return out
