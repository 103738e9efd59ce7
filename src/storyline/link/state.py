"""Where the linker keeps its index: in memory (evaluations, benchmark) or in the store.

Both keep the same things: document frequencies for TF-IDF, capped posting lists for
candidate search, cluster states, and one record per linked document (vector, MinHash
signature, cluster, origin). :class:`MemoryState` holds them in dicts.
:class:`StoreState` reads them from tables on demand (only what candidate search asks
for) and writes back what changed, one transaction per batch of documents, so a
restarted process needs no rebuild: the first lookups simply fill its caches.
"""

from __future__ import annotations

import json
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.engine import Connection, Engine

from storyline.link.cluster import POSTING_CAP, ClusterState, Posting
from storyline.model import Sentence
from storyline.store import schema

__all__ = ["DocRecord", "MemoryState", "StoreState"]


@dataclass
class DocRecord:
    """What the linker remembers of a linked document."""

    id: str
    seq: int
    cluster_id: str
    origin_id: str
    published: date | None
    vector: np.ndarray
    signature: np.ndarray
    attribution: float = 0.0


class MemoryState:
    """The linker's index in memory; ``texts`` and ``sentences`` keep what alignment reads."""

    def __init__(self) -> None:
        self.n_docs = 0
        self.df: dict[str, int] = defaultdict(int)
        self.postings: dict[str, deque[Posting]] = {}
        self.clusters: dict[str, ClusterState] = {}
        self.docs: dict[str, DocRecord] = {}
        self.texts: dict[str, str] = {}
        self.sentences: dict[str, tuple[Sentence, ...]] = {}
        self._seq = 0

    # -- sequence and statistics ----------------------------------------------------------

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def doc_freqs(self, terms: Iterable[str]) -> dict[str, int]:
        return {t: self.df.get(t, 0) for t in terms}

    def count_terms(self, terms: Iterable[str]) -> None:
        self.n_docs += 1
        for term in terms:
            self.df[term] += 1

    # -- candidate index ------------------------------------------------------------------

    def lookup(self, keys: Iterable[str]) -> dict[str, list[Posting]]:
        return {k: list(self.postings[k]) for k in keys if k in self.postings}

    def post(self, keys: Iterable[str], posting: Posting) -> None:
        for key in keys:
            entries = self.postings.get(key)
            if entries is None:
                entries = self.postings[key] = deque(maxlen=POSTING_CAP)
            entries.append(posting)

    # -- clusters -------------------------------------------------------------------------

    def get_clusters(self, ids: Iterable[str]) -> dict[str, ClusterState]:
        return {i: self.clusters[i] for i in ids if i in self.clusters}

    def put_cluster(self, state: ClusterState) -> None:
        self.clusters[state.id] = state

    # -- documents ------------------------------------------------------------------------

    def get_docs(self, ids: Iterable[str]) -> dict[str, DocRecord]:
        return {i: self.docs[i] for i in ids if i in self.docs}

    def put_doc(self, record: DocRecord, text: str, sentences: tuple[Sentence, ...]) -> None:
        self.docs[record.id] = record
        self.texts[record.id] = text
        self.sentences[record.id] = sentences

    def set_origin(self, doc_id: str, origin_id: str) -> None:
        self.docs[doc_id].origin_id = origin_id

    def text_of(self, doc_id: str) -> tuple[str, tuple[Sentence, ...]]:
        return self.texts.get(doc_id, ""), self.sentences.get(doc_id, ())

    def commit(self) -> None:
        return None


def _vector_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def _vector_from(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<f4").copy()


class StoreState(MemoryState):
    """The linker's index in the store's tables, read on demand and cached per run.

    store: a :class:`storyline.store.Store`; its engine runs every query.
    """

    def __init__(self, store: Any) -> None:
        super().__init__()
        self.store = store
        self.engine: Engine = store.engine
        self._loaded_keys: set[str] = set()
        self._loaded_terms: set[str] = set()
        self._dirty_clusters: set[str] = set()
        self._new_postings: list[tuple[str, Posting]] = []
        self._new_docs: list[DocRecord] = []
        self._origin_updates: dict[str, str] = {}
        self._df_updates: set[str] = set()
        with self.engine.connect() as conn:
            self.n_docs = int(conn.execute(select(func.count()).select_from(schema.link_docs))
                              .scalar_one())
            self._seq = int(conn.execute(select(func.max(schema.link_docs.c.seq))).scalar() or 0)

    def known(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are linked already (re-analysed documents are not re-linked)."""
        wanted = list(ids)
        found: set[str] = set()
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                found.update(conn.execute(select(schema.link_docs.c.doc_id).where(
                    schema.link_docs.c.doc_id.in_(chunk))).scalars())
        return found

    def doc_freqs(self, terms: Iterable[str]) -> dict[str, int]:
        wanted = [t for t in set(terms) if t not in self._loaded_terms]
        if wanted:
            table = schema.link_terms
            with self.engine.connect() as conn:
                for start in range(0, len(wanted), 500):
                    chunk = wanted[start : start + 500]
                    for term, df in conn.execute(
                        select(table.c.term, table.c.df).where(table.c.term.in_(chunk))
                    ):
                        self.df[term] = int(df)
            self._loaded_terms.update(wanted)
        return super().doc_freqs(terms)

    def count_terms(self, terms: Iterable[str]) -> None:
        terms = list(terms)
        self.doc_freqs(terms)
        super().count_terms(terms)
        self._df_updates.update(terms)

    def lookup(self, keys: Iterable[str]) -> dict[str, list[Posting]]:
        keys = list(keys)
        wanted = [k for k in keys if k not in self._loaded_keys]
        if wanted:
            table = schema.link_postings
            rows: dict[str, list[Posting]] = defaultdict(list)
            with self.engine.connect() as conn:
                query = select(table.c.key, table.c.doc_id, table.c.cluster_id, table.c.seq).where(
                    table.c.key.in_(wanted)).order_by(table.c.key, table.c.seq)
                for key, doc_id, cluster_id, seq in conn.execute(query):
                    rows[key].append(Posting(doc_id, cluster_id, int(seq)))
            for key in wanted:
                self.postings[key] = deque(rows.get(key, []), maxlen=POSTING_CAP)
            self._loaded_keys.update(wanted)
        return super().lookup(keys)

    def post(self, keys: Iterable[str], posting: Posting) -> None:
        keys = list(keys)
        self.lookup(keys)  # the cached list must be complete before it is appended to
        super().post(keys, posting)
        self._new_postings.extend((k, posting) for k in keys)

    def get_clusters(self, ids: Iterable[str]) -> dict[str, ClusterState]:
        ids = list(ids)
        wanted = [i for i in ids if i not in self.clusters]
        if wanted:
            table = schema.link_clusters
            with self.engine.connect() as conn:
                for cluster_id, vector, state in conn.execute(
                    select(table.c.cluster_id, table.c.vector, table.c.state_json).where(
                        table.c.cluster_id.in_(wanted))
                ):
                    self.clusters[cluster_id] = ClusterState.from_json(
                        cluster_id, json.loads(state), _vector_from(vector))
        return super().get_clusters(ids)

    def put_cluster(self, state: ClusterState) -> None:
        super().put_cluster(state)
        self._dirty_clusters.add(state.id)

    def get_docs(self, ids: Iterable[str]) -> dict[str, DocRecord]:
        ids = list(ids)
        wanted = [i for i in ids if i not in self.docs]
        if wanted:
            t = schema.link_docs
            with self.engine.connect() as conn:
                for row in conn.execute(select(t).where(t.c.doc_id.in_(wanted))).mappings():
                    self.docs[row["doc_id"]] = DocRecord(
                        id=row["doc_id"],
                        seq=int(row["seq"]),
                        cluster_id=row["cluster_id"],
                        origin_id=row["origin_id"],
                        published=date.fromisoformat(row["published"]) if row["published"]
                        else None,
                        vector=_vector_from(row["vector"]),
                        signature=np.frombuffer(row["signature"], dtype="<u8").copy(),
                        attribution=float(row["attribution"]),
                    )
        return super().get_docs(ids)

    def put_doc(self, record: DocRecord, text: str, sentences: tuple[Sentence, ...]) -> None:
        super().put_doc(record, text, sentences)
        self._new_docs.append(record)

    def set_origin(self, doc_id: str, origin_id: str) -> None:
        self.get_docs([doc_id])
        super().set_origin(doc_id, origin_id)
        self._origin_updates[doc_id] = origin_id

    def text_of(self, doc_id: str) -> tuple[str, tuple[Sentence, ...]]:
        if doc_id not in self.texts:
            from storyline.link.features import split_sentences

            docs = self.store.load([doc_id])
            if docs:
                doc = docs[0]
                self.texts[doc_id] = doc.text
                self.sentences[doc_id] = doc.sentences or split_sentences(doc.id, doc.text)
        return super().text_of(doc_id)

    def commit(self, conn: Connection | None = None) -> None:
        """Write what changed since the last commit, in one transaction."""
        if conn is None:
            with self.engine.begin() as own:
                self._write(own)
        else:
            self._write(conn)

    def _write(self, conn: Connection) -> None:
        if self._new_docs:
            conn.execute(schema.link_docs.insert(), [
                {
                    "doc_id": r.id, "seq": r.seq, "cluster_id": r.cluster_id,
                    "origin_id": r.origin_id,
                    "published": r.published.isoformat() if r.published else None,
                    "vector": _vector_bytes(r.vector),
                    "signature": np.asarray(r.signature, dtype="<u8").tobytes(),
                    "attribution": r.attribution,
                }
                for r in self._new_docs
            ])
        # Many rows per statement (executemany): one statement per row cost more than the
        # linking itself.
        if self._origin_updates:
            conn.execute(
                update(schema.link_docs).where(schema.link_docs.c.doc_id == bindparam("doc"))
                .values(origin_id=bindparam("origin")),
                [{"doc": d, "origin": o} for d, o in self._origin_updates.items()])
        if self._df_updates:
            table = schema.link_terms
            terms = sorted(self._df_updates)
            existing: set[str] = set()
            for start in range(0, len(terms), 500):
                chunk = terms[start : start + 500]
                existing.update(conn.execute(select(table.c.term).where(table.c.term.in_(chunk)))
                                .scalars())
            fresh = [{"term": t, "df": self.df[t]} for t in terms if t not in existing]
            if fresh:
                conn.execute(table.insert(), fresh)
            known = [{"t": t, "df_new": self.df[t]} for t in terms if t in existing]
            if known:
                conn.execute(update(table).where(table.c.term == bindparam("t"))
                             .values(df=bindparam("df_new")), known)
        if self._dirty_clusters:
            table = schema.link_clusters
            ids = sorted(self._dirty_clusters)
            conn.execute(delete(table).where(table.c.cluster_id.in_(ids)))
            conn.execute(table.insert(), [
                {
                    "cluster_id": i,
                    "vector": _vector_bytes(self.clusters[i].vector_sum),
                    "state_json": json.dumps(self.clusters[i].to_json()),
                }
                for i in ids
            ])
        if self._new_postings:
            table = schema.link_postings
            conn.execute(table.insert(), [
                {"key": k, "doc_id": p.doc_id, "cluster_id": p.cluster_id, "seq": p.seq}
                for k, p in self._new_postings
            ])
            # Keep each touched list at its cap: drop entries older than the cached ones.
            full = [{"k": key, "oldest": self.postings[key][0].seq}
                    for key in sorted({k for k, _ in self._new_postings})
                    if len(self.postings[key]) == POSTING_CAP]
            if full:
                conn.execute(delete(table).where(table.c.key == bindparam("k"),
                                                 table.c.seq < bindparam("oldest")), full)
        self._new_docs.clear()
        self._origin_updates.clear()
        self._df_updates.clear()
        self._dirty_clusters.clear()
        self._new_postings.clear()
