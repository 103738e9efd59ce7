"""Run the analysis pipeline in memory over files or texts, for evaluation.

Evaluations must score exactly what ``storyline analyze`` produces, so this builds the
same configured pipeline, optionally cut after a given stage, and runs it without a store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from storyline.config import Config, load_config
from storyline.ingest import IngestError, IngestOptions, ingest
from storyline.model import Document
from storyline.pipeline import build, run_batch

__all__ = ["analyze_documents", "analyze_files", "load_documents"]


def _config_until(config: Config, until: str | None) -> Config:
    if until is None:
        return config
    names = config.stage_names
    if until not in names:
        raise ValueError(f"stage {until!r} is not in the pipeline ({', '.join(names)})")
    data = {**config.data, "pipeline": {**config.data.get("pipeline", {})}}
    data["pipeline"]["stages"] = names[: names.index(until) + 1]
    return Config(data)


def load_documents(paths: Iterable[Path | str]) -> list[Document]:
    """Ingest files (errors raise: gold sets are expected to be readable)."""
    docs = []
    for item in ingest([str(p) for p in paths], IngestOptions(max_bytes=50_000_000)):
        if isinstance(item, IngestError):
            raise ValueError(str(item))
        docs.append(item)
    return docs


def analyze_documents(
    docs: Sequence[Document],
    *,
    until: str | None = None,
    config: Config | None = None,
    keep_parse: bool = False,
    batch_size: int = 16,
) -> list[Document]:
    """Run the document stages (up to and including ``until``) over ``docs``.

    keep_parse (bool): keep ``nlp_doc`` on the results, for scorers that need tokens.
    Corpus stages are not run here; evaluations of linking call them explicitly.
    """
    pipeline = build(_config_until(config or load_config(), until))
    out: list[Document] = []
    for start in range(0, len(docs), batch_size):
        batch = list(docs[start : start + batch_size])
        if keep_parse:
            for _spec, run in pipeline.document_stages:
                batch = run(batch)
            out.extend(batch)
        else:
            outcome = run_batch(pipeline.document_stages, batch)
            if outcome.failed:
                raise RuntimeError(f"analysis failed: {outcome.failed[0]}")
            out.extend(outcome.done)
    return out


def analyze_files(
    paths: Iterable[Path | str], *, until: str | None = None, config: Config | None = None,
    keep_parse: bool = False,
) -> list[Document]:
    """Ingest and analyse files; documents keep their file names (``Document.name``)."""
    return analyze_documents(
        load_documents(paths), until=until, config=config, keep_parse=keep_parse
    )
