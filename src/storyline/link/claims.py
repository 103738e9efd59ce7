"""Claim groups: what the documents of one event say about the same slot, and whether
they agree (the ``claim_groups`` corpus stage, after ``link``).

Within each event cluster, claims with the same slot (see
:mod:`storyline.extract.claims`) form one group, split by what their sentences are about
(the text-pair stance model says whether two sentences are related: MiniLM similarity
and shared content words, embedded once per sentence). The claims of a group are split into
*classes* that can all be true together: values whose ranges overlap ("about 40" and
"40"; "more than 60" and "dozens"), one stance side, one polarity of an event. The class
stated by the most independent origins is what the group asserts (ties: the earliest
document); a document whose claims all fall in an incompatible class contradicts it:

- ``value``: another value for the same slot (150 vs 120 prisoners per side);
- ``polarity``: a polar opposite stance (accepts vs rejects the same issue);
- ``negation``: the same event stated and denied.

A rewrite is also checked against its source sentence by sentence (the ``link``
stage's stored alignment): a statement the rewrite puts in a named speaker's mouth that
its source makes in its own voice (or the reverse, or another speaker's) is an
``attribution`` (``actor``) conflict between the two, and the rewrite's version is
``added-by-derivative``: its source does not support it (see :func:`voice_conflicts`).

Dates are grouped but never contradict (two dates in one story are mostly two
happenings), nor do predictions, proposals and conditional statements. A document that
states both sides itself ("Ardenia says 150, Boravia 120") contradicts nobody: the
group is flagged ``disputed-in-document``. A group never spans clusters, so a difference
between two events (one call's 90 minutes, another's two hours) is never a conflict.

Status: ``contested`` when a contradicting document of another origin exists;
``corroborated`` with two or more independent supporting origins (copies and rewrites
count with their source, from the ``origins`` table); ``added-by-derivative`` when only
rewrites state it and their sources (``derivations``) do not; else ``single-source``.

Incremental: only the clusters the new documents joined are recomputed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import bindparam, delete, select, update

from storyline.extract.signals import corpus_signals
from storyline.model import AlignedSentence, Claim, ClaimGroup, Derivation, Provenance
from storyline.pipeline import CorpusContext
from storyline.registry import stage
from storyline.store import schema

__all__ = ["STAGE", "group_cluster", "make_claim_groups", "read_claim_groups", "update_groups",
           "voice_conflicts"]

STAGE = "claim_groups"

# Modalities that state what happened (or what a party reports happened); the others
# (predictions, proposals, conditions) never contradict anything.
FACTUAL = frozenset({"actual", "reported"})
POSITIVE = frozenset({"accepts", "supports", "proposes", "demands"})
NEGATIVE = frozenset({"rejects"})
# Relative spread given to an approximate value ("about 40" covers 34-46).
APPROX = 0.15
_TO_MINUTES = {"minute": 1.0, "hour": 60.0, "day": 1440.0, "week": 10080.0,
               "month": 43200.0, "year": 525600.0}


@dataclass(frozen=True)
class Member:
    """One claim of one document, as grouping sees it."""

    doc_id: str
    idx: int
    claim: Claim


def _interval(c: Claim) -> tuple[float, float] | None:
    if c.value is None:
        return None
    v = c.value * _TO_MINUTES.get(c.unit or "", 1.0)
    if c.bound == "approx":
        return (v * (1 - APPROX), v * (1 + APPROX))
    if c.bound == "min":
        return (v, float("inf"))
    if c.bound == "max":
        return (0.0, v)
    return (v, v)


def _meet(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float] | None:
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    if lo <= hi + 1e-9 * max(1.0, abs(hi)):
        return (lo, max(lo, hi))
    return None


def _classes(members: Sequence[Member]) -> list[tuple[str, list[Member]]]:
    """Split a slot's members into classes that can be true together."""
    kind = members[0].claim.kind
    if kind == "quantity":
        classes: list[tuple[tuple[float, float], list[Member]]] = []
        order = sorted(members, key=lambda m: (m.claim.bound != "exact", m.doc_id, m.idx))
        for m in order:
            iv = _interval(m.claim)
            if iv is None:
                continue
            for i, (span, items) in enumerate(classes):
                both = _meet(span, iv)
                if both is not None:
                    classes[i] = (both, [*items, m])
                    break
            else:
                classes.append((iv, [m]))
        return [(f"{span[0]:g}", items) for span, items in classes]
    if kind == "stance":
        sides: dict[str, list[Member]] = defaultdict(list)
        for m in members:
            p = m.claim.polarity or ""
            sides["pos" if p in POSITIVE else "neg" if p in NEGATIVE else "other"].append(m)
        return list(sides.items())
    if kind == "event":
        sides = defaultdict(list)
        for m in members:
            sides["neg" if m.claim.negated else "pos"].append(m)
        return list(sides.items())
    return [("all", list(members))]


def _conflict_kind(kind: str) -> str:
    return {"quantity": "value", "stance": "polarity", "event": "negation"}.get(kind, "value")


def _opposed(kind: str, a: str, b: str) -> bool:
    if kind == "quantity":
        return True
    if kind in ("stance", "event"):
        return {a, b} == {"pos", "neg"}
    return False


def _label(c: Claim) -> str:
    parts = c.slot.split(":")
    if c.kind == "quantity":
        what = parts[1] if len(parts) > 1 and parts[1] != "?" else "quantity"
        qual = f" ({parts[2]})" if len(parts) > 2 else ""
        return f"{parts[0]} of {what}{qual}: {c.value_text or c.value:}"
    if c.kind == "stance":
        return f"{c.subject_id} {c.polarity} {c.object}"
    if c.kind == "date":
        return f"date ({parts[1]}): {c.value_text} = {c.time}"
    return f"{c.predicate} {parts[3] if len(parts) > 3 else ''}".strip() + (
        " (negated)" if c.negated else "")


def _group_id(cluster_id: str, slot: str) -> str:
    return "cg-" + hashlib.sha1(f"{cluster_id}\x00{slot}".encode()).hexdigest()[:16]


def group_cluster(
    cluster_id: str,
    claims: dict[str, Sequence[Claim]],
    origin_of: dict[str, str] | None = None,
    derived_from: dict[str, str] | None = None,
    order: Sequence[str] | None = None,
    related: Callable[[str, str], bool] | None = None,
) -> list[ClaimGroup]:
    """Group the claims of one event cluster.

    claims: per document id, its claims (indices are positions in this sequence).
    origin_of: document -> independent origin (copies and rewrites map to their source);
        a document missing here is its own origin.
    derived_from: rewrite -> the document it rewrites.
    order: the cluster's documents in joining order (ties go to the earliest).
    related: whether two sentences are about the same thing; when given, the claims of
        a slot are split into sets linked by it across documents (one slot, such as a
        30-day ceasefire's length, may be stated of different propositions: proposed by
        one side, accepted by another), each its own group.
    RETURNS (list[ClaimGroup]): one group per slot stated in the cluster.
    """
    origin_of = origin_of or {}
    derived_from = derived_from or {}
    rank = {d: i for i, d in enumerate(order or list(claims))}
    by_slot: dict[str, list[Member]] = defaultdict(list)
    for doc_id, items in claims.items():
        for idx, claim in enumerate(items):
            if claim.kind == "statement":
                continue  # compared through derivations only (voice_conflicts)
            slot = claim.slot
            if claim.kind == "quantity" and ":?" in slot:
                # nothing says what the number counts: comparable within its document only
                slot = f"{slot}#{doc_id}:{idx}"
            by_slot[slot].append(Member(doc_id, idx, claim))
    groups = []
    for slot, members in by_slot.items():
        parts = _by_topic(members, related) if related is not None else [members]
        for k, part in enumerate(parts):
            key = slot if k == 0 else f"{slot}#{k}"
            group = _one_group(cluster_id, key, part, origin_of, derived_from, rank)
            if group is not None:
                groups.append(group)
    return groups


def _by_topic(members: list[Member], related: Callable[[str, str], bool]
              ) -> list[list[Member]]:
    """Members split into sets whose sentences are about the same thing: connected
    components over pairs of documents' sentences that ``related`` links."""
    if len({m.doc_id for m in members}) < 2:
        return [members]
    parent = list(range(len(members)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(members):
        for j in range(i + 1, len(members)):
            b = members[j]
            if (a.doc_id == b.doc_id and a.claim.text == b.claim.text) or (
                    a.doc_id != b.doc_id and related(a.claim.text, b.claim.text)):
                parent[root(j)] = root(i)
    parts: dict[int, list[Member]] = defaultdict(list)
    for i, m in enumerate(members):
        parts[root(i)].append(m)
    return sorted(parts.values(), key=lambda ms: -len({m.doc_id for m in ms}))


def _one_group(cluster_id: str, slot: str, members: list[Member], origin_of: dict[str, str],
               derived_from: dict[str, str], rank: dict[str, int]) -> ClaimGroup | None:
    kind = members[0].claim.kind
    classes = _classes(members)
    if not classes:
        return None
    origin = lambda d: origin_of.get(d, d)  # noqa: E731

    def weight(item: tuple[str, list[Member]]) -> tuple[int, int, int]:
        _key, ms = item
        factual = [m for m in ms if m.claim.modality in FACTUAL]
        return (-len({origin(m.doc_id) for m in factual}),
                -len({origin(m.doc_id) for m in ms}),
                min(rank.get(m.doc_id, 1 << 30) for m in ms))

    classes.sort(key=weight)
    main_key, main = classes[0]
    supporting = list(dict.fromkeys(m.doc_id for m in sorted(
        main, key=lambda m: rank.get(m.doc_id, 1 << 30))))
    support_origins = {origin(d) for d in supporting}
    contradicting: list[str] = []
    conflicts: set[str] = set()
    flags: set[str] = set()
    member_roles: list[tuple[str, int, str]] = [(m.doc_id, m.idx, "supports") for m in main]
    evidence = [m.claim.where for m in main]
    for key, ms in classes[1:]:
        for m in ms:
            if m.doc_id in supporting:
                flags.add("disputed-in-document")
                continue
            factual = (m.claim.modality in FACTUAL
                       and any(x.claim.modality in FACTUAL for x in main))
            if (_opposed(kind, main_key, key) and factual
                    and origin(m.doc_id) not in support_origins):
                if m.doc_id not in contradicting:
                    contradicting.append(m.doc_id)
                conflicts.add(_conflict_kind(kind))
                member_roles.append((m.doc_id, m.idx, "contradicts"))
                evidence.append(m.claim.where)
            else:
                # compatible, or the same origin: not evidence either way
                member_roles.append((m.doc_id, m.idx, "related"))
                evidence.append(m.claim.where)
    n_origins = len(support_origins)
    head = main[0].claim
    if all(m.claim.attributed for m in main):
        flags.add("attributed")
    if all(m.claim.modality not in FACTUAL for m in main):
        flags.add("not-factual")
    if contradicting:
        status = "contested"
    elif n_origins >= 2:
        status = "corroborated"
    elif supporting and all(d in derived_from and derived_from[d] not in supporting
                            for d in supporting):
        status = "added-by-derivative"
        flags.add("derivative-only")
    else:
        status = "single-source"
    value = head.value if head.kind == "quantity" else None
    return ClaimGroup(
        id=_group_id(cluster_id, slot), cluster_id=cluster_id, slot=slot,
        label=_label(head), status=status, supporting=tuple(supporting),
        contradicting=tuple(contradicting), n_origins=n_origins,
        conflicts=tuple(sorted(conflicts)), value=value, unit=head.unit,
        members=tuple(member_roles), evidence=tuple(evidence), flags=tuple(sorted(flags)),
    )


# -- who says it: a rewrite against its source -------------------------------------------

Embedder = Callable[[Sequence[str]], np.ndarray]
# MiniLM cosine from which two pieces of text state the same thing: paraphrases score
# above 0.7, different statements on one topic 0.3-0.5 (see textstance.RELATED_SIM).
SAME_CONTENT = 0.6
# Two named speakers often say much the same (both sides of a war speak of a ceasefire):
# taking one for the other needs a near restatement.
SAME_CONTENT_ACTOR = 0.8
# The source must put the content clearly better in the other voice than in the
# rewrite's: a near tie means the source says much the same in both voices.
VOICE_MARGIN = 0.15
# ... and the content words they must share besides (a lexical anchor, so that two
# statements the embedding finds merely alike are not taken for one).
SHARED_WORDS = 2
# Statements whose speaker was inferred (pronoun, role noun) score below this
# (extract.claims.voices) and never make a conflict.
NAMED_SPEAKER = 0.8
_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")


def _stems(text: str) -> set[str]:
    return {w.lower()[:6] for w in _CONTENT_WORD.findall(text)}


def _voice(c: Claim) -> str | None:
    """Who asserts a statement: its speaker, ``outlet`` for the writer's own voice, or
    None when that is unknown (an unresolved or inferred speaker)."""
    if not c.attributed:
        return "outlet"
    return c.speaker_id if c.speaker_id and c.confidence >= NAMED_SPEAKER else None


def _changed_voice(mine: Claim, theirs: Claim) -> bool:
    """Whether the source's statement is in another known voice than the rewrite's, and
    not the writer reporting the speaker's own act ("X warned of ...")."""
    a, b = _voice(mine), _voice(theirs)
    if a is None or b is None or a == b:
        return False
    if "outlet" in (a, b):
        speaker = a if a != "outlet" else b
        writer_side = theirs if b == "outlet" else mine
        return writer_side.subject_id != speaker
    return True


def _windows(derivation: Derivation) -> list[tuple[Provenance, list[Provenance]]]:
    """Each derivative sentence with the source sentences its content may come from: the
    counterparts of it and of its neighbours (a rewrite splits and merges sentences, so
    the alignment, one to one, can pair a sentence with its neighbour's source)."""
    rows: list[tuple[Provenance, Provenance | None]] = sorted(
        [(a.derived, a.source) for a in derivation.aligned]
        + [(w, None) for w in derivation.added], key=lambda r: r[0].start)
    out = []
    for i, (where, _src) in enumerate(rows):
        near = [src for _w, src in rows[max(0, i - 1) : i + 2] if src is not None]
        out.append((where, near))
    return out


def _segment(c: Claim) -> Provenance:
    """The span of a statement's content inside its sentence."""
    at = c.text.find(c.object or "")
    if at < 0 or not c.object:
        return c.where
    return Provenance(c.where.doc_id, c.where.start + at, c.where.start + at + len(c.object),
                      c.where.stage)


def _within(c: Claim, spans: Sequence[Provenance]) -> bool:
    return any(w.start < c.where.end and c.where.start < w.end for w in spans)


def voice_conflicts(cluster_id: str, claims: dict[str, Sequence[Claim]],
                    derivations: Sequence[Derivation],
                    embedder: Embedder | None = None) -> list[ClaimGroup]:
    """Statements a rewrite attributes differently from its source.

    For each statement of a derivative, the best-matching statement of its source in
    another voice (cosine >= :data:`SAME_CONTENT`, :data:`SHARED_WORDS` content words in
    common) among the source sentences aligned with it and its neighbours. When the
    source states it in that voice clearly better (:data:`VOICE_MARGIN`) than in the
    rewrite's -- its own voice where the rewrite names a speaker (or the reverse), or
    another named speaker (:data:`SAME_CONTENT_ACTOR`) -- the rewrite's version is a
    group of its own, supported by the rewrite alone (``added-by-derivative``) and
    contradicted by the source, conflict ``attribution`` (outlet vs speaker) or
    ``actor`` (two speakers). A speaker who is the
    subject of the source's own sentence ("X warned of ...") is not a change of voice.
    """
    # Cheap tests first (voices, shared words), so that only plausible pairs are embedded.
    pairs: list[tuple[str, int, Claim, str, list[tuple[int, Claim]], list[Claim]]] = []
    for dv in derivations:
        if dv.derived_id not in claims or dv.source_id not in claims:
            continue
        mine = [(i, c) for i, c in enumerate(claims[dv.derived_id])
                if c.kind == "statement" and _voice(c) is not None]
        theirs = [(j, c) for j, c in enumerate(claims[dv.source_id]) if c.kind == "statement"]
        for where, near in _windows(dv):
            candidates = [(j, c) for j, c in theirs if _within(c, near)]
            for i, c in mine:
                if not candidates or not _within(c, [where]):
                    continue
                words = _stems(c.object or "")
                others = [(j, x) for j, x in candidates if _changed_voice(c, x)
                          and len(words & _stems(x.object or "")) >= SHARED_WORDS]
                sames = [x for _j, x in candidates
                         if _voice(x) == _voice(c) and words & _stems(x.object or "")]
                if others:
                    pairs.append((dv.derived_id, i, c, dv.source_id, others, sames))
    if not pairs:
        return []
    texts = sorted({c.object or "" for _d, _i, c, *_r in pairs}
                   | {c.object or "" for *_x, others, _s in pairs for _j, c in others}
                   | {c.object or "" for *_x, sames in pairs for c in sames})
    if embedder is None:
        from storyline.nlp.embed import embed as embedder
    vectors = dict(zip(texts, embedder(texts), strict=True))
    groups = []
    for doc_id, idx, claim, source_id, others, sames in pairs:
        mine_vec = vectors[claim.object or ""]
        same_voice = max((float(vectors[c.object or ""] @ mine_vec) for c in sames),
                         default=-1.0)
        sim, jdx, other = max(((float(vectors[c.object or ""] @ mine_vec), j, c)
                               for j, c in others), key=lambda x: x[0])
        if sim < SAME_CONTENT or sim - same_voice < VOICE_MARGIN:
            continue  # not the same content, or the source says it in both voices
        voice, theirs_voice = _voice(claim), _voice(other)
        if "outlet" in (voice, theirs_voice):
            kind = "attribution"
        elif sim >= SAME_CONTENT_ACTOR:
            kind = "actor"
        else:
            continue
        who = {"outlet": "the outlet's own voice"}
        label = (f"{who.get(voice, voice)} in the rewrite, "
                 f"{who.get(theirs_voice, theirs_voice)} in its source: {claim.object}")
        groups.append(ClaimGroup(
            id=_group_id(cluster_id, f"voice:{doc_id}:{idx}"), cluster_id=cluster_id,
            slot=f"voice:{voice}", label=label[:300], status="added-by-derivative",
            supporting=(doc_id,), contradicting=(source_id,), n_origins=1,
            conflicts=(kind,), members=((doc_id, idx, "supports"),
                                        (source_id, jdx, "contradicts")),
            evidence=(_segment(claim), _segment(other)),
            flags=("derivative-distortion",)))
    return groups


# -- the store ------------------------------------------------------------------------------


def _claim_from_row(r: dict[str, Any]) -> Claim:
    return Claim(
        text=r["text"], kind=r["kind"], slot=r["slot"],
        where=Provenance(r["doc_id"], r["start_char"], r["end_char"], r["stage"]),
        predicate=r["predicate"], subject_id=r["subject_id"], object=r["object"],
        value=r["value"], unit=r["unit"], bound=r["bound"], value_text=r["value_text"],
        polarity=r["polarity"], time=r["time"], modality=r["modality"],
        negated=bool(r["negated"]), speaker_id=r["speaker_id"],
        attributed=bool(r["attributed"]), confidence=r["confidence"],
    )


def update_groups(store: Any, new_ids: Iterable[str], split_by_topic: bool = False) -> int:
    """Recompute the claim groups of every cluster a new document belongs to.

    split_by_topic: split each slot's claims by what their sentences are about (see
        :func:`group_cluster`, ``related``), with :func:`textstance_related`.

    RETURNS (int): the number of groups written.
    """
    new_ids = list(new_ids)
    if not new_ids:
        return 0
    em, o, dv = schema.event_members.c, schema.origins.c, schema.derivations.c
    with store.engine.connect() as conn:
        clusters = sorted({r[0] for r in conn.execute(
            select(em.cluster_id).where(em.doc_id.in_(new_ids)))})
        if not clusters:
            return 0
        members: dict[str, list[str]] = defaultdict(list)
        for cid, doc_id in conn.execute(select(em.cluster_id, em.doc_id)
                                        .where(em.cluster_id.in_(clusters)).order_by(em.seq)):
            members[cid].append(doc_id)
        docs = [d for ds in members.values() for d in ds]
        origin_of = {d: oid for d, oid in conn.execute(
            select(o.doc_id, o.origin_id).where(o.doc_id.in_(docs)))}
        derived: dict[str, tuple[str, int]] = {}
        for d, src, n_added in conn.execute(select(dv.derived_id, dv.source_id, dv.n_added)
                                            .where(dv.derived_id.in_(docs))):
            derived[d] = (src, n_added)
        derivations = _read_derivations(conn, list(derived))
        claims: dict[str, list[Claim]] = defaultdict(list)
        c = schema.claims.c
        for r in conn.execute(select(schema.claims).where(c.doc_id.in_(docs))
                              .order_by(c.doc_id, c.idx)).mappings():
            claims[r["doc_id"]].append(_claim_from_row(dict(r)))
    written = 0
    with store.engine.begin() as conn:
        g, gm, sg = schema.claim_groups, schema.claim_group_members, schema.signals
        old = [r[0] for r in conn.execute(select(g.c.group_id)
                                          .where(g.c.cluster_id.in_(clusters)))]
        if old:
            conn.execute(delete(gm).where(gm.c.group_id.in_(old)))
            conn.execute(delete(g).where(g.c.group_id.in_(old)))
        conn.execute(update(schema.claims).where(schema.claims.c.doc_id.in_(docs))
                     .values(group_id=None, role=None))
        conn.execute(delete(sg).where(sg.c.doc_id.in_(docs), sg.c.stage == STAGE))
        for cid in clusters:
            ids = members[cid]
            in_cluster = {d: claims.get(d, []) for d in ids}
            related = textstance_related(_shared_slot_sentences(in_cluster)) \
                if split_by_topic else None
            groups = group_cluster(cid, in_cluster, origin_of,
                                   {d: s for d, (s, _n) in derived.items()}, ids, related)
            groups += voice_conflicts(cid, in_cluster, [
                x for x in derivations if x.derived_id in in_cluster])
            _write_groups(conn, groups, origin_of)
            written += len(groups)
            _write_signals(conn, ids, groups, claims, derived, origin_of)
    return written


def textstance_related(sentences: Iterable[str]) -> Callable[[str, str], bool]:
    """Whether two sentences are about the same thing, by the text-pair stance model
    (:mod:`storyline.extract.textstance`: MiniLM similarity and shared content words);
    ``sentences`` are embedded in one batch up front, others when first asked."""
    from storyline.extract.textstance import pair_features, prepare_many, rule_scores

    texts = sorted(set(sentences))
    cache: dict[str, Any] = dict(zip(texts, prepare_many(texts, as_claim=True), strict=True))

    def related(a: str, b: str) -> bool:
        todo = [t for t in dict.fromkeys((a, b)) if t not in cache]
        if todo:
            cache.update(zip(todo, prepare_many(todo, as_claim=True), strict=True))
        return rule_scores(pair_features(cache[a], cache[b]))["unrelated"] < 0.5

    return related


def _shared_slot_sentences(claims: dict[str, Sequence[Claim]]) -> set[str]:
    """Sentences of claims whose slot another document states too: the only ones the
    topic split compares (embedded together, once)."""
    docs_of: dict[str, set[str]] = defaultdict(set)
    for doc_id, items in claims.items():
        for c in items:
            docs_of[c.slot].add(doc_id)
    return {c.text for items in claims.values() for c in items
            if c.kind != "statement" and len(docs_of[c.slot]) > 1
            and not (c.kind == "quantity" and ":?" in c.slot)}


def _read_derivations(conn: Any, derived_ids: list[str]) -> list[Derivation]:
    """The stored derivations of ``derived_ids``, with their sentence alignment."""
    if not derived_ids:
        return []
    e = schema.derivation_evidence
    by_link: dict[tuple[str, str], tuple[list[AlignedSentence], list[Provenance]]] = (
        defaultdict(lambda: ([], [])))
    for r in conn.execute(select(e).where(e.c.doc_id.in_(derived_ids))
                          .order_by(e.c.doc_id, e.c.source_id, e.c.idx)).mappings():
        aligned, added = by_link[r["doc_id"], r["source_id"]]
        where = Provenance(r["doc_id"], r["start_char"], r["end_char"], r["stage"])
        if r["kind"] == "aligned":
            aligned.append(AlignedSentence(where, Provenance(
                r["source_id"], r["source_start"], r["source_end"], r["stage"]),
                r["similarity"] or 0.0))
        else:
            added.append(where)
    return [Derivation(d, src, "", 0.0, tuple(al), tuple(ad))
            for (d, src), (al, ad) in by_link.items()]


def _write_groups(conn: Any, groups: list[ClaimGroup], origin_of: dict[str, str]) -> None:
    if not groups:
        return
    conn.execute(schema.claim_groups.insert(), [{
        "group_id": grp.id, "cluster_id": grp.cluster_id, "slot": grp.slot,
        "label": grp.label, "status": grp.status, "conflicts": " ".join(grp.conflicts),
        "flags": " ".join(grp.flags), "value": grp.value, "unit": grp.unit,
        "n_sources": grp.n_origins, "supporting": json.dumps(list(grp.supporting)),
        "contradicting": json.dumps(list(grp.contradicting)), "stage": STAGE,
    } for grp in groups])
    rows = []
    for grp in groups:
        for (doc_id, idx, role), where in zip(grp.members, _member_spans(grp), strict=True):
            rows.append({"group_id": grp.id, "doc_id": doc_id, "claim_idx": idx,
                         "start_char": where[0], "end_char": where[1], "stage": STAGE,
                         "role": role, "origin_id": origin_of.get(doc_id, doc_id)})
    # a document may repeat a claim of a slot: one row per (group, doc, claim) anyway
    conn.execute(schema.claim_group_members.insert(), rows)
    cl = schema.claims
    # one executemany, not one statement per member (the stage's main cost otherwise)
    conn.execute(update(cl).where(cl.c.doc_id == bindparam("m_doc"), cl.c.idx == bindparam("m_idx"))
                 .values(group_id=bindparam("m_group"), role=bindparam("m_role")),
                 [{"m_doc": doc_id, "m_idx": idx, "m_group": grp.id, "m_role": role}
                  for grp in groups for doc_id, idx, role in grp.members])


def _member_spans(grp: ClaimGroup) -> list[tuple[int, int]]:
    # evidence is aligned with members (one cited span per member)
    return [(w.start, w.end) for w in grp.evidence]


def _write_signals(conn: Any, ids: list[str], groups: list[ClaimGroup],
                   claims: dict[str, list[Claim]], derived: dict[str, tuple[str, int]],
                   origin_of: dict[str, str]) -> None:
    n_origins = len({origin_of.get(d, d) for d in ids})
    rows = []
    for doc_id in ids:
        lonely = []
        grouped = 0
        for grp in groups:
            if doc_id not in grp.supporting or grp.slot.startswith("event:"):
                continue
            grouped += 1
            if grp.n_origins == 1 and n_origins > 1 and grp.status != "contested":
                idx = next(i for d, i, _r in grp.members if d == doc_id)
                lonely.append((claims[doc_id][idx].where, grp.label))
        src, n_added = derived.get(doc_id, (None, 0))
        for i, sig in enumerate(corpus_signals(doc_id, derived_from=src, n_added=n_added,
                                               lonely=lonely, n_claims=grouped, stage=STAGE)):
            first = sig.spans[0] if sig.spans else None
            rows.append({"doc_id": doc_id, "idx": i, "stage": STAGE, "signal": sig.kind,
                         "note": sig.explanation, "value": sig.value,
                         "start_char": first.start if first else -1,
                         "end_char": first.end if first else -1,
                         "spans": json.dumps([[p.start, p.end] for p in sig.spans])})
    if rows:
        conn.execute(schema.signals.insert(), rows)


def read_claim_groups(store: Any, cluster_id: str | None = None) -> list[ClaimGroup]:
    """Claim groups with members and evidence, from the store."""
    g, gm = schema.claim_groups, schema.claim_group_members
    with store.engine.connect() as conn:
        q = select(g)
        if cluster_id is not None:
            q = q.where(g.c.cluster_id == cluster_id)
        rows = list(conn.execute(q.order_by(g.c.cluster_id, g.c.group_id)).mappings())
        members: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in conn.execute(select(gm)).mappings():
            members[r["group_id"]].append(dict(r))
    out = []
    for r in rows:
        ms = members.get(r["group_id"], [])
        out.append(ClaimGroup(
            id=r["group_id"], cluster_id=r["cluster_id"], slot=r["slot"], label=r["label"],
            status=r["status"], supporting=tuple(json.loads(r["supporting"])),
            contradicting=tuple(json.loads(r["contradicting"])), n_origins=r["n_sources"],
            conflicts=tuple(r["conflicts"].split()), value=r["value"], unit=r["unit"],
            members=tuple((m["doc_id"], m["claim_idx"], m["role"]) for m in ms),
            evidence=tuple(Provenance(m["doc_id"], m["start_char"], m["end_char"], STAGE)
                           for m in ms if m["start_char"] >= 0),
            flags=tuple(r["flags"].split()),
        ))
    return out


@stage(
    STAGE,
    defaults={"split_by_topic": True},
    requires=("doc.claims", "event_clusters", "origins"),
    produces=("claim_groups", "signals"),
    kind="corpus",
)
def make_claim_groups(split_by_topic: bool = True) -> Callable[[CorpusContext], None]:
    """Claims of one event grouped by slot (and topic), with sources, conflicts, status."""

    def run(context: CorpusContext) -> None:
        update_groups(context.store, context.new_ids, split_by_topic)

    return run
