"""Linking documents to each other: copies, rewrites and real-world events.

Articles that share every actor and most of their vocabulary can still report different
events (the same two presidents talking twice, two months apart), so linking works at
three levels, each in its own module:

* :mod:`~storyline.link.duplicates`: near-duplicates and wire copies (MinHash/LSH, then
  word alignment) form *origin groups*, one independent source however often reprinted;
* :mod:`~storyline.link.derive`: rewrites linked to their source with sentence-level
  evidence, counted with the source;
* :mod:`~storyline.link.cluster`: streaming event clustering with time and detail cues.

:class:`~storyline.link.linker.Linker` runs the three per document. The ``link`` corpus
stage runs it on the documents an ``analyze`` run added, against an index kept in the
store (:class:`~storyline.link.state.StoreState`), so each run touches only what the new
documents affect.
"""

from __future__ import annotations

from collections.abc import Callable

from storyline.link.persist import (
    read_derivations,
    read_event_clusters,
    read_origin_groups,
    write_results,
)
from storyline.pipeline import CorpusContext
from storyline.registry import stage

__all__ = [
    "link_documents",
    "make_link_stage",
    "read_derivations",
    "read_event_clusters",
    "read_origin_groups",
]

# Documents loaded from the store, embedded and written at a time: one transaction per
# batch (a commit per document cost more than the linking itself on SQLite).
LOAD_BATCH = 64


def link_documents(store: object, doc_ids: list[str], *, derivations: bool = True) -> int:
    """Link documents (in the order given) against everything linked before.

    Documents linked already are skipped: a re-analysis does not move a document
    between events (its text, hence its id, is unchanged). Each batch of
    :data:`LOAD_BATCH` documents is written in one transaction with the index state, so
    an interrupted run leaves whole batches linked and the rest unlinked.
    RETURNS the number linked.
    """
    from storyline.link.linker import Linker
    from storyline.link.state import StoreState

    state = StoreState(store)
    linked = state.known(doc_ids)
    todo = [i for i in dict.fromkeys(doc_ids) if i not in linked]
    linker = Linker(state, find_derivations=derivations)
    engine = store.engine  # type: ignore[attr-defined]
    done = 0
    for start in range(0, len(todo), LOAD_BATCH):
        docs = [doc for doc in store.load(todo[start : start + LOAD_BATCH])  # type: ignore[attr-defined]
                if (doc.text or doc.raw_text).strip()]
        results = linker.add_many(docs)
        if not results:
            continue
        clusters = state.get_clusters({r.assignment.cluster_id for r in results})
        with engine.begin() as conn:
            state.commit(conn)
            write_results(conn, results, clusters)
        done += len(results)
    return done


@stage(
    "link",
    defaults={"derivations": True},
    requires=("doc.text",),
    produces=("event_clusters", "origins", "derivations"),
    kind="corpus",
)
def make_link_stage(derivations: bool) -> Callable[[CorpusContext], None]:
    """Copies, rewrites (with evidence) and real-world events, linked as a stream."""

    def run(context: CorpusContext) -> None:
        link_documents(context.store, context.new_ids, derivations=derivations)

    return run
