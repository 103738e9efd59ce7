"""Running document stages on a Dask cluster.

Two decisions keep this safe to use from any script or notebook:

* Workers build the pipeline themselves from the run's settings (cached per worker
  process), instead of receiving pickled stage objects, so a model is loaded once per
  worker and nothing heavy crosses the network.
* A local cluster is started as ``dask scheduler`` / ``dask worker`` subprocesses, not
  with ``multiprocessing``. Spawned multiprocessing workers re-import the caller's main
  module, which breaks any script without an ``if __name__ == "__main__"`` guard; a
  subprocess never imports the caller's code.

Batches are submitted with bounded look-ahead, so the corpus is streamed, not loaded.
Workers also compute the link stage's embeddings of their batch
(:func:`storyline.pipeline.prefetch_vectors`), so the one part of linking that does not
depend on document order runs in parallel; the client puts them into its embedding
cache in batch order, as the in-process executor does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from storyline.config import Config
from storyline.model import Document
from storyline.pipeline import (
    BatchOutcome,
    Pipeline,
    build,
    prefetch_vectors,
    remember_vectors,
    safe_run_batch,
)

__all__ = ["DaskExecutor", "LocalDaskCluster", "run_batch_on_worker"]

# Batches in flight per worker: enough to keep a worker busy while results are written.
LOOKAHEAD_PER_WORKER = 2
# How long a local cluster may take to start (scheduler and workers load Python + dask).
STARTUP_TIMEOUT_S = 120


@lru_cache(maxsize=2)
def _worker_pipeline(config_json: str) -> Pipeline:
    return build(Config(json.loads(config_json)))


def run_batch_on_worker(config_json: str, batch: list[Document]) -> BatchOutcome:
    """The task a Dask worker runs: build (once) the pipeline, run one batch, and embed
    what the link stage will need of it."""
    pipeline = _worker_pipeline(config_json)
    outcome = safe_run_batch(pipeline.document_stages, batch)
    outcome.vectors = prefetch_vectors(pipeline, outcome.done)
    return outcome


class _InOrder:
    """Remembers each batch's vectors once every earlier batch's are in (batches finish
    in any order; the first computation of a text must win, as in-process)."""

    def __init__(self) -> None:
        self.next = 0
        self.waiting: dict[int, dict[bytes, Any]] = {}

    def add(self, index: int, vectors: dict[bytes, Any]) -> None:
        self.waiting[index] = vectors
        while self.next in self.waiting:
            remember_vectors(self.waiting.pop(self.next))
            self.next += 1


class LocalDaskCluster:
    """A scheduler and ``n_workers`` single-threaded worker processes on 127.0.0.1."""

    def __init__(self, n_workers: int) -> None:
        self.n_workers = n_workers
        self._dir = tempfile.TemporaryDirectory(prefix="storyline-dask-")
        self.scheduler_file = Path(self._dir.name) / "scheduler.json"
        self._procs: list[subprocess.Popen[bytes]] = []

    def start(self) -> str:
        """Start the processes; returns the scheduler address."""
        log = open(Path(self._dir.name) / "cluster.log", "wb")  # noqa: SIM115 (kept open)
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        common = ["--scheduler-file", str(self.scheduler_file)]
        self._procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "distributed.cli.dask_scheduler",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--dashboard-address",
                    ":0",
                    "--no-show",
                    *common,
                ],
                stdout=log,
                stderr=log,
                env=env,
            )
        )
        self._wait_for(self.scheduler_file.exists, "scheduler")
        self._procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "distributed.cli.dask_worker",
                    *common,
                    "--nworkers",
                    str(self.n_workers),
                    "--nthreads",
                    "1",
                    "--memory-limit",
                    "0",
                    "--no-dashboard",
                    "--host",
                    "127.0.0.1",
                ],
                stdout=log,
                stderr=log,
                env=env,
            )
        )
        return json.loads(self.scheduler_file.read_text())["address"]

    def _wait_for(self, ready: Any, what: str) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not ready():
            if any(p.poll() is not None for p in self._procs):
                raise RuntimeError(f"the local Dask {what} exited during start-up")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the local Dask {what} did not start in time")
            time.sleep(0.1)

    def close(self) -> None:
        for proc in reversed(self._procs):
            proc.terminate()
        for proc in self._procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        self._procs.clear()
        self._dir.cleanup()


class DaskExecutor:
    """Runs batches on a Dask cluster: a local one (``workers``) or an existing one."""

    def __init__(self, workers: int | None = None, scheduler: str | None = None) -> None:
        from distributed import Client

        if (workers is None) == (scheduler is None):
            raise ValueError("give either a number of local workers or a scheduler address")
        self._cluster: LocalDaskCluster | None = None
        if scheduler is None:
            self._cluster = LocalDaskCluster(int(workers or 1))
            scheduler = self._cluster.start()
        try:
            self.client = Client(scheduler, timeout=STARTUP_TIMEOUT_S)
            if self._cluster is not None:
                self.client.wait_for_workers(self._cluster.n_workers, timeout=STARTUP_TIMEOUT_S)
        except Exception:
            self.close()
            raise
        self.n_workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    def map_batches(
        self, pipeline: Pipeline, batches: Iterator[list[Document]]
    ) -> Iterator[BatchOutcome]:
        from distributed import as_completed

        config_json = json.dumps(pipeline.config.data, default=str)
        limit = LOOKAHEAD_PER_WORKER * self.n_workers
        pending = as_completed()
        index_of: dict[str, int] = {}
        vectors = _InOrder()
        in_flight = 0

        def collect(future: Any) -> BatchOutcome:
            outcome: BatchOutcome = future.result()
            vectors.add(index_of.pop(future.key), outcome.vectors)
            outcome.vectors = {}
            future.release()
            return outcome

        for index, batch in enumerate(batches):
            future = self.client.submit(run_batch_on_worker, config_json, batch, pure=False)
            index_of[future.key] = index
            pending.add(future)
            in_flight += 1
            if in_flight >= limit:
                in_flight -= 1
                yield collect(next(pending))
        for future in pending:
            yield collect(future)

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
