"""The negotiation tracker: each actor's stance on each issue, per event and over time.

The ``positions`` corpus stage gathers the per-document stances (the ``stances`` stage)
into :class:`~storyline.model.Position` records, one per (group, actor, issue, stance):

- a **group** is an event cluster of the ``link`` stage (read from its
  ``event_members``/``event_clusters`` tables) or, for a document that stage has not
  placed (or when it does not run), the document alone, ``doc:<id>``;
- within a group, evidence sentences from every member document are pooled, and an
  ``accepts`` that another sentence qualifies with conditions becomes ``conditional``
  (the stance is the conditional one);
- a statement by an office holder is also the position of the state or organisation the
  office belongs to (through the actor registry's roles on the document's date: the
  president of a country, an organisation's foreign-policy chief): "Putin rejected the
  truce" is a position of Russia as well as of Putin, so the matrix has one row per
  party to the negotiation besides the people speaking for it;
- groups are ordered in time (the cluster's dates, else the documents' publication
  dates), and each position records its place among the groups that state a stance on
  the issue (``seq``) and the actor's stance in the latest earlier group when it was
  different (``previous``): "rejects" on 11 March, "conditional" on 5 May.

Only the groups the new documents belong to are rebuilt; ``seq``/``previous`` are then
refreshed for the (actor, issue) pairs those groups touch.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from storyline.model import Position, Provenance, Stance
from storyline.pipeline import CorpusContext
from storyline.registry import stage

__all__ = ["DocStances", "build_positions", "make_positions", "order_positions",
           "read_positions", "registry_represents"]

STAGE = "positions"

# Which stance summarises a group when an actor holds several on one issue.
PRECEDENCE = ("rejects", "conditional", "accepts", "demands", "proposes", "supports",
              "unclear")


@dataclass(frozen=True)
class DocStances:
    """What the tracker needs of one document."""

    doc_id: str
    published: str | None
    stances: tuple[Stance, ...] = ()


@dataclass
class _Acc:
    stance: str
    evidence: list[Provenance] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)


def _position_id(group: str, actor: str, issue: str, stance: str) -> str:
    key = "\x1f".join((group, actor, issue, stance)).encode("utf-8")
    return "pos-" + hashlib.sha1(key).hexdigest()[:16]


def _date(value: str | None) -> str | None:
    return value[:10] if value else None


Represents = Callable[[str, str | None], str | None]


def registry_represents(registry: Any) -> Represents:
    """``(actor id, ISO date or None) -> the state or organisation whose office the actor
    holds then`` (None for anyone else), from an actor registry's roles. With no date,
    the offices held now; the leading office first (as the registry ranks them)."""
    from storyline.extract.actor_registry import LEADER_ORDER, parse_date

    def represents(actor_id: str, when: str | None) -> str | None:
        entry = registry.entries.get(actor_id)
        if entry is None or entry.type != "person":
            return None
        spells = sorted(entry.spells(parse_date(when) if when else None),
                        key=lambda r: (not r.leader, r.key not in LEADER_ORDER))
        for spell in spells:
            target = registry.entries.get(spell.of or "") or registry.country_of(spell.of)
            if target is not None and target.type in ("country", "organisation",
                                                      "government"):
                return str(target.id)
        return None

    return represents


def build_positions(
    docs: Iterable[DocStances],
    membership: Mapping[str, str] | None = None,
    group_dates: Mapping[str, tuple[str | None, str | None]] | None = None,
    represents: Represents | None = None,
) -> list[Position]:
    """Positions per group from per-document stances (no ``seq``/``previous`` yet).

    membership: document id -> event cluster id (documents without one form their own
        group ``doc:<id>``).
    group_dates: cluster id -> (first_date, last_date); other groups are dated by their
        documents' publication dates.
    represents: (actor id, document date) -> the state or organisation the actor holds
        an office of (see :func:`registry_represents`); its stances count for that
        party too.
    """
    membership = membership or {}
    group_dates = group_dates or {}
    accs: dict[tuple[str, str, str], dict[str, _Acc]] = defaultdict(dict)
    dates: dict[str, list[str]] = defaultdict(list)
    for doc in docs:
        group = membership.get(doc.doc_id) or f"doc:{doc.doc_id}"
        if doc.published:
            dates[group].append(_date(doc.published) or "")
        for s in doc.stances:
            party = represents(s.actor_id, _date(doc.published)) if represents else None
            for actor in (s.actor_id, party) if party else (s.actor_id,):
                acc = accs[(group, actor, s.issue)].setdefault(s.stance, _Acc(s.stance))
                acc.evidence.append(s.where)
                if s.where.doc_id not in acc.docs:
                    acc.docs.append(s.where.doc_id)
                if s.condition and s.condition not in acc.conditions:
                    acc.conditions.append(s.condition)
    out: list[Position] = []
    for (group, actor, issue), by_stance in sorted(accs.items()):
        # an acceptance qualified elsewhere in the same event is a conditional one
        if "conditional" in by_stance and "accepts" in by_stance:
            kept = by_stance.pop("accepts")
            cond = by_stance["conditional"]
            cond.evidence.extend(kept.evidence)
            cond.docs.extend(d for d in kept.docs if d not in cond.docs)
        first, last = group_dates.get(group, (None, None))
        if first is None and dates.get(group):
            first, last = min(dates[group]), max(dates[group])
        for stance, acc in sorted(by_stance.items(), key=lambda kv: PRECEDENCE.index(kv[0])
                                  if kv[0] in PRECEDENCE else 99):
            evidence = tuple(sorted(set(acc.evidence), key=lambda w: (w.doc_id, w.start)))
            out.append(Position(
                id=_position_id(group, actor, issue, stance), group_id=group,
                actor_id=actor, issue=issue, stance=stance, docs=tuple(acc.docs),
                evidence=evidence, condition="; ".join(acc.conditions) or None,
                first_date=first, last_date=last,
            ))
    return out


def _main(positions: Sequence[Position]) -> str:
    """The stance that summarises an actor's positions on an issue in one group."""
    counts = Counter(p.stance for p in positions)
    return max(counts, key=lambda s: (counts[s], -PRECEDENCE.index(s)
                                      if s in PRECEDENCE else -99))


def order_positions(positions: Iterable[Position]) -> list[Position]:
    """Fill ``seq`` (the group's place in time per issue) and ``previous`` (the actor's
    stance in its latest earlier group on the issue, when different)."""
    positions = list(positions)
    group_key: dict[str, tuple[str, str]] = {}
    for p in positions:
        key = (p.first_date or "9999", p.group_id)
        group_key[p.group_id] = min(group_key.get(p.group_id, key), key)
    by_issue: dict[str, set[str]] = defaultdict(set)
    for p in positions:
        by_issue[p.issue].add(p.group_id)
    seq = {(issue, g): n + 1 for issue, groups in by_issue.items()
           for n, g in enumerate(sorted(groups, key=lambda g: group_key[g]))}
    by_pair: dict[tuple[str, str], dict[str, list[Position]]] = defaultdict(
        lambda: defaultdict(list))
    for p in positions:
        by_pair[(p.actor_id, p.issue)][p.group_id].append(p)
    out = []
    for p in positions:
        groups = by_pair[(p.actor_id, p.issue)]
        earlier = [g for g in groups if group_key[g] < group_key[p.group_id]]
        previous = None
        if earlier:
            before = _main(groups[max(earlier, key=lambda g: group_key[g])])
            if before != p.stance:
                previous = before
        out.append(replace(p, seq=seq[(p.issue, p.group_id)], previous=previous))
    return sorted(out, key=lambda p: (p.issue, p.seq, p.actor_id, p.stance))


# -- the store ----------------------------------------------------------------------------


def _membership(conn: Any, doc_ids: Sequence[str] | None = None
                ) -> tuple[dict[str, str], dict[str, tuple[str | None, str | None]]]:
    from sqlalchemy import select

    from storyline.store import schema

    members: dict[str, str] = {}
    dates: dict[str, tuple[str | None, str | None]] = {}
    if "event_members" not in schema.metadata.tables:
        return members, dates
    m = schema.event_members.c
    query = select(m.doc_id, m.cluster_id)
    if doc_ids is not None:
        query = query.where(m.doc_id.in_(list(doc_ids)))
    for doc_id, cluster_id in conn.execute(query):
        members[doc_id] = cluster_id
    if members:
        c = schema.event_clusters.c
        for cid, first, last in conn.execute(
                select(c.cluster_id, c.first_date, c.last_date)
                .where(c.cluster_id.in_(sorted(set(members.values()))))):
            dates[cid] = (first, last)
    return members, dates


def _stances_of(conn: Any, doc_ids: Sequence[str]) -> list[DocStances]:
    from sqlalchemy import select

    from storyline.store import schema
    from storyline.store.records import ITEM_TABLES

    to_items = next(t.from_rows for t in ITEM_TABLES if t.field == "stances")
    d = schema.documents.c
    published = {row[0]: row[1] for row in conn.execute(
        select(d.id, d.published).where(d.id.in_(list(doc_ids))))}
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    st = schema.stances
    for r in conn.execute(select(st).where(st.c.doc_id.in_(list(doc_ids)))
                          .order_by(st.c.doc_id, st.c.idx)).mappings():
        rows[r["doc_id"]].append(dict(r))
    return [DocStances(i, published.get(i), to_items(rows.get(i, []))) for i in doc_ids
            if i in published]


def read_positions(store: Any) -> list[Position]:
    """Every stored position with its evidence, ordered by issue and time."""
    from sqlalchemy import select

    from storyline.store import schema

    evidence: dict[str, list[Provenance]] = defaultdict(list)
    with store.engine.connect() as conn:
        e = schema.position_evidence.c
        for r in conn.execute(select(schema.position_evidence).order_by(e.position_id, e.idx)
                              ).mappings():
            evidence[r["position_id"]].append(
                Provenance(r["doc_id"], r["start_char"], r["end_char"], r["stage"]))
        rows = list(conn.execute(select(schema.positions)).mappings())
    out = [
        Position(id=r["position_id"], group_id=r["group_id"], actor_id=r["actor_id"],
                 issue=r["issue"], stance=r["stance"], docs=tuple(json.loads(r["docs"])),
                 evidence=tuple(evidence.get(r["position_id"], ())),
                 condition=r["condition"], first_date=r["first_date"],
                 last_date=r["last_date"], seq=r["seq"], previous=r["previous"])
        for r in rows
    ]
    return sorted(out, key=lambda p: (p.issue, p.seq, p.actor_id, p.stance))


def update_positions(store: Any, new_ids: Sequence[str],
                     represents: Represents | None = None) -> int:
    """Rebuild the positions of the groups ``new_ids`` belong to; refresh the order of
    the (actor, issue) pairs they touch. RETURNS the number of positions written.

    represents: see :func:`build_positions`."""
    from sqlalchemy import delete, select

    from storyline.store import schema

    if not new_ids:
        return 0
    p_table, e_table = schema.positions, schema.position_evidence
    with store.engine.begin() as conn:
        members, _ = _membership(conn, new_ids)
        groups = {members.get(i) or f"doc:{i}" for i in new_ids}
        clusters = sorted(g for g in groups if not g.startswith("doc:"))
        all_members, dates = _membership(conn)
        docs_in = sorted({d for d, g in all_members.items() if g in clusters}
                         | {i for i in new_ids if i not in members})
        fresh = build_positions(_stances_of(conn, docs_in), all_members, dates, represents)
        stale = groups | {f"doc:{i}" for i in new_ids}
        old_ids = [r[0] for r in conn.execute(
            select(p_table.c.position_id).where(p_table.c.group_id.in_(sorted(stale))))]
        if old_ids:
            conn.execute(delete(e_table).where(e_table.c.position_id.in_(old_ids)))
            conn.execute(delete(p_table).where(p_table.c.position_id.in_(old_ids)))
        _insert(conn, fresh)
        # refresh seq/previous for every position sharing an issue with the fresh ones
        issues = sorted({p.issue for p in fresh})
        if issues:
            rows = [dict(r) for r in conn.execute(
                select(p_table).where(p_table.c.issue.in_(issues))).mappings()]
            current = [Position(id=r["position_id"], group_id=r["group_id"],
                                actor_id=r["actor_id"], issue=r["issue"],
                                stance=r["stance"], docs=tuple(json.loads(r["docs"])),
                                evidence=(), condition=r["condition"],
                                first_date=r["first_date"], last_date=r["last_date"])
                       for r in rows]
            for p in order_positions(current):
                conn.execute(p_table.update().where(p_table.c.position_id == p.id)
                             .values(seq=p.seq, previous=p.previous))
    return len(fresh)


def _insert(conn: Any, positions: Sequence[Position]) -> None:
    from storyline.store import schema

    if not positions:
        return
    conn.execute(schema.positions.insert(), [
        {"position_id": p.id, "group_id": p.group_id, "actor_id": p.actor_id,
         "issue": p.issue, "stance": p.stance, "condition": p.condition,
         "docs": json.dumps(list(p.docs)), "first_date": p.first_date,
         "last_date": p.last_date, "seq": p.seq, "previous": p.previous, "stage": STAGE}
        for p in positions
    ])
    evidence = [
        {"position_id": p.id, "doc_id": w.doc_id, "idx": n, "start_char": w.start,
         "end_char": w.end, "stage": w.stage}
        for p in positions for n, w in enumerate(p.evidence)
    ]
    if evidence:
        conn.execute(schema.position_evidence.insert(), evidence)


@stage(
    STAGE,
    defaults={},
    requires=("doc.stances",),
    produces=("positions",),
    kind="corpus",
)
def make_positions() -> Callable[[CorpusContext], None]:
    """Actors' stances per issue and event cluster, ordered in time, with changes."""

    def run(context: CorpusContext) -> None:
        from storyline.extract.actor_registry import load_registry

        # the actors stage's registry: who holds which office of which party
        settings = context.config.stage_settings("actors")
        registry = load_registry(settings.get("registry", "default"),
                                 settings.get("extra") or ())
        update_positions(context.store, context.new_ids, registry_represents(registry))

    return run
