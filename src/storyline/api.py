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
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    # Wall-clock seconds per stage, summed over batches (on Dask: over workers).
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "analyzed": self.analyzed,
            "failed": [{"id": i, "error": e} for i, e in self.failed],
            "stages": self.stages,
            "stage_seconds": {k: round(v, 3) for k, v in self.stage_seconds.items()},
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
                for name, spent in outcome.seconds.items():
                    report.stage_seconds[name] = report.stage_seconds.get(name, 0.0) + spent
                if progress is not None:
                    progress(len(outcome.done) + len(outcome.failed))
        finally:
            executor.close()
        # Executors may finish batches out of order; corpus stages see document order,
        # so a streaming clusterer gives the same result in-process and on Dask.
        done = set(new_ids)
        new_ids = [doc_id for doc_id in pending if doc_id in done]
        context = CorpusContext(store=self.store, config=self.config, new_ids=new_ids)
        for spec, run_corpus_stage in pipeline.corpus_stages:
            started = time.perf_counter()
            run_corpus_stage(context)
            report.stage_seconds[spec.name] = time.perf_counter() - started
        return report

    def documents(self, status: str | None = None) -> Iterator[Document]:
        """Stream every document with its extracted items."""
        return self.store.iter_documents(status=status)

    # -- notebook API: lists of dicts, or pandas DataFrames with as_frame=True -----------
    # Filters (actor, outlet, date_from, date_to, status, event) as in the dashboard.

    def _records(self, kind: str, as_frame: bool, filters: dict[str, str | None]) -> Any:
        from storyline.report.notebook import records

        return records(self.store, kind, as_frame=as_frame, **filters)

    def documents_frame(self, as_frame: bool = True, **filters: str | None) -> Any:
        """Document metadata, one row per article (a DataFrame unless ``as_frame=False``)."""
        return self._records("documents", as_frame, filters)

    def claims(self, as_frame: bool = False, **filters: str | None) -> Any:
        """Claim groups with status (corroborated, contested, ...) and cited evidence."""
        return self._records("claims", as_frame, filters)

    def quotes(self, as_frame: bool = False, **filters: str | None) -> Any:
        """Quotes with speaker, cue and citation (doc_id, sentence, start, end, outlet)."""
        return self._records("quotes", as_frame, filters)

    def events(self, as_frame: bool = False, **filters: str | None) -> Any:
        """Events (clusters of articles on one real-world event) with date and members."""
        return self._records("events", as_frame, filters)

    def coded_events(self, as_frame: bool = False, **filters: str | None) -> Any:
        """PLOVER-coded events with source, target, type and citation."""
        return self._records("coded_events", as_frame, filters)

    def positions(self, as_frame: bool = False, **filters: str | None) -> Any:
        """Actor stances per issue and event, with evidence."""
        return self._records("positions", as_frame, filters)

    def actors(self, as_frame: bool = False) -> Any:
        """Actors the corpus mentions, with mention, quote and article counts."""
        return self._records("actors", as_frame, {})


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
