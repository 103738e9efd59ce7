"""The Python API the CLI wraps: open a corpus, add, analyse, export.

Example::

    import storyline
    corpus = storyline.open("storyline.db")
    corpus.add(["examples/corpus"])
    corpus.analyze()
    for doc in corpus.documents():
        print(doc.title)
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from storyline.config import Config, load_config
from storyline.ingest import IngestError, IngestOptions, ingest
from storyline.model import Document
from storyline.pipeline import CorpusContext, Executor, LocalExecutor, Pipeline, build
from storyline.store import DEFAULT_DB, Store

__all__ = ["AddReport", "AnalyzeReport", "Corpus", "open_corpus"]


@dataclass
class AddReport:
    """What ``add`` did: new documents, documents already stored, and bad inputs."""

    added: list[Document] = field(default_factory=list)
    skipped: list[Document] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "added": [{"id": d.id, "name": d.name} for d in self.added],
            "already_stored": [{"id": d.id, "name": d.name} for d in self.skipped],
            "errors": [{"source": e.source, "reason": e.reason} for e in self.errors],
        }


@dataclass
class AnalyzeReport:
    """What ``analyze`` did."""

    analyzed: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "analyzed": self.analyzed,
            "failed": [{"id": i, "error": e} for i, e in self.failed],
            "stages": self.stages,
        }


class Corpus:
    """A store plus the configuration used to fill and analyse it."""

    def __init__(self, store: Store, config: Config) -> None:
        self.store = store
        self.config = config

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def ingest_options(self) -> IngestOptions:
        return IngestOptions.from_config(self.config.section("ingest"))

    def add(
        self,
        paths: Iterable[str],
        *,
        dry_run: bool = False,
        stdin: io.BufferedIOBase | None = None,
        on_item: Callable[[Document | IngestError, bool], None] | None = None,
    ) -> AddReport:
        """Ingest files, directories, ``-`` or URLs. Each document is its own transaction."""
        report = AddReport()
        for item in ingest(paths, self.ingest_options, stdin=stdin):
            if isinstance(item, IngestError):
                report.errors.append(item)
                new = False
            else:
                new = (
                    not self.store.has_content(item.content_hash)
                    if dry_run
                    else self.store.add_document(item)
                )
                (report.added if new else report.skipped).append(item)
            if on_item is not None:
                on_item(item, new)
        return report

    def pipeline(self) -> Pipeline:
        return build(self.config)

    def analyze(
        self,
        *,
        executor: Executor | None = None,
        retry_failed: bool = False,
        limit: int | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> AnalyzeReport:
        """Run every stage on pending documents, writing each back in one transaction."""
        pipeline = self.pipeline()
        executor = executor or LocalExecutor()
        fingerprint = pipeline.fingerprint
        pending = self.store.pending_ids(fingerprint, retry_failed=retry_failed)
        if limit is not None:
            pending = pending[:limit]
        batch_size = int(self.config.section("pipeline").get("batch_size", 16))
        report = AnalyzeReport(stages=pipeline.names)

        def batches() -> Iterator[list[Document]]:
            for start in range(0, len(pending), batch_size):
                yield self.store.load(pending[start : start + batch_size])

        new_ids: list[str] = []
        try:
            for outcome in executor.map_batches(pipeline, batches()):
                for doc in outcome.done:
                    self.store.save_analysis(doc, fingerprint)
                    new_ids.append(doc.id)
                for doc_id, error in outcome.failed:
                    self.store.mark_failed(doc_id, error)
                report.analyzed += len(outcome.done)
                report.failed.extend(outcome.failed)
                if progress is not None:
                    progress(len(outcome.done) + len(outcome.failed))
        finally:
            executor.close()
        # Executors may finish batches out of order; corpus stages see document order,
        # so a streaming clusterer gives the same result in-process and on Dask.
        done = set(new_ids)
        new_ids = [doc_id for doc_id in pending if doc_id in done]
        context = CorpusContext(store=self.store, config=self.config, new_ids=new_ids)
        for _spec, run_corpus_stage in pipeline.corpus_stages:
            run_corpus_stage(context)
        return report

    def documents(self, status: str | None = None) -> Iterator[Document]:
        """Stream every document with its extracted items."""
        return self.store.iter_documents(status=status)


def open_corpus(
    db: str | Path = DEFAULT_DB,
    *,
    config: Config | None = None,
    config_path: str | Path | None = None,
    overrides: Iterable[str] = (),
) -> Corpus:
    """Open (creating or migrating) the store at ``db`` with layered settings."""
    cfg = config or load_config(config_path, overrides)
    return Corpus(Store.open(db), cfg)
