"""Evaluation of the ``clean`` task: line-level boilerplate removal and title detection.

Gold format (``clean.json``): ``{file_name: {"title": str | None, "boilerplate_lines":
[stripped line, ...], ...}}``; other keys (outlet, dateline, notes) are not scored here.

Lines are compared as stripped text, per document, as multisets: the gold lists each
boilerplate line once per occurrence ("close" twice), and a line number would tie the
score to one copy of a file.

Each text goes through ingestion and the configured pipeline up to the ``clean`` stage,
so the score is that of ``storyline analyze`` (a ``cleaner`` function may stand in).

Metrics (pooled over documents, so a long page counts by its lines):

* ``boilerplate_precision``: of the lines the cleaner removed, the share that are gold
  boilerplate.
* ``boilerplate_recall``: of the gold boilerplate lines, the share removed.
* ``body_line_recall``: of the other non-empty lines, the share kept: in ``text`` as a
  line, or the line the title was taken from. Losing body loses evidence, so this is the
  number to watch.
* ``title_accuracy``: the detected title equals the gold one, white space folded; a gold
  null needs None.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from storyline.clean.text import CleanResult
from storyline.config import Config
from storyline.evaluation import EvalResult, prf, safe_div

__all__ = ["DocScore", "evaluate", "score_document"]

TASK = "clean"
_SPACE = re.compile(r"\s+")

DocScore = dict[str, Any]


def _fold(text: str | None) -> str | None:
    """White space folded, for comparing titles."""
    return None if text is None else _SPACE.sub(" ", text).strip()


def _non_empty_lines(text: str) -> list[str]:
    """The stripped non-empty lines of a text."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _title_line(lines: Counter[str], title: str | None, used: Counter[str]) -> str | None:
    """The unmatched body line the title was taken from (it may carry a " | Site" tail).

    An exact line wins over one that starts with the title, which wins over one that
    merely contains it.
    """
    folded = _fold(title)
    if not folded:
        return None
    free = [line for line in lines if lines[line] > used[line]]
    for accept in (str.__eq__, str.startswith, str.__contains__):
        for line in free:
            if accept(_fold(line) or "", folded):
                return line
    return None


def score_document(raw: str, gold: dict[str, Any], result: CleanResult) -> DocScore:
    """Counts and misses for one document.

    RETURNS (dict): ``removed``, ``gold_boilerplate``, ``true_removed``, ``body``,
    ``body_kept``, ``title_ok`` plus readable lists of what went wrong.
    """
    gold_boiler = Counter(line.strip() for line in gold.get("boilerplate_lines", []))
    removed = Counter(line.text.strip() for line in result.removed)
    true_removed = removed & gold_boiler
    body = Counter(_non_empty_lines(raw)) - gold_boiler
    kept = Counter(_non_empty_lines(result.text))
    body_kept = body & kept
    title_line = _title_line(body, result.title, body_kept)
    if title_line is not None:
        body_kept[title_line] += 1
    title_ok = _fold(result.title) == _fold(gold.get("title"))
    return {
        "removed": sum(removed.values()),
        "gold_boilerplate": sum(gold_boiler.values()),
        "true_removed": sum(true_removed.values()),
        "body": sum(body.values()),
        "body_kept": sum(body_kept.values()),
        "title_ok": title_ok,
        "false_removals": sorted((removed - gold_boiler).elements()),
        "missed_boilerplate": sorted((gold_boiler - removed).elements()),
        "lost_body": sorted((body - body_kept).elements()),
        "title": {"predicted": result.title, "gold": gold.get("title")},
    }


def _run_pipeline(paths: list[Path], config: Config | None) -> dict[str, tuple[str, CleanResult]]:
    """Each file through ingestion and the configured pipeline up to ``clean``.

    Why not call :func:`clean_text` directly: the score must be what ``storyline analyze``
    produces, with the user's ``[stages.clean]`` settings and ingestion's decoding.
    """
    from storyline.evaluation.runner import analyze_files

    docs = analyze_files(paths, until="clean", config=config)
    return {
        doc.name: (doc.raw_text, CleanResult(doc.text, doc.title, doc.removed)) for doc in docs
    }


def evaluate(
    seeds_dir: Path,
    gold_path: Path,
    *,
    config: Config | None = None,
    cleaner: Callable[[str], CleanResult] | None = None,
) -> EvalResult:
    """Score the cleaner on every ``*.txt`` in ``seeds_dir`` that has a gold entry.

    seeds_dir (Path): folder of plain-text articles.
    gold_path (Path): the gold ``clean.json``.
    config (Config): pipeline configuration; the shipped defaults when None.
    cleaner (callable): raw text to :class:`CleanResult`, used instead of the pipeline
        (tests of the arithmetic, experiments with other cleaners).
    RETURNS (EvalResult): task "clean", n documents, the four metrics, per-doc misses.
    """
    gold_all: dict[str, dict[str, Any]] = json.loads(Path(gold_path).read_text("utf-8"))
    files = sorted(Path(seeds_dir).glob("*.txt"))
    notes = [f"{p.name}: no gold entry, skipped" for p in files if p.name not in gold_all]
    missing = sorted(set(gold_all) - {p.name for p in files})
    if missing:
        notes.append(f"gold entries with no text file: {', '.join(missing)}")
    scored = [p for p in files if p.name in gold_all]
    if cleaner is None:
        outputs = _run_pipeline(scored, config) if scored else {}
    else:
        outputs = {}
        for path in scored:
            raw = path.read_text("utf-8")
            outputs[path.name] = (raw, cleaner(raw))

    details: dict[str, Any] = {}
    totals: Counter[str] = Counter()
    titles_ok = 0
    for name, (raw, result) in sorted(outputs.items()):
        doc = score_document(raw, gold_all[name], result)
        for key in ("removed", "gold_boilerplate", "true_removed", "body", "body_kept"):
            totals[key] += doc[key]
        titles_ok += doc["title_ok"]
        misses = {
            k: doc[k] for k in ("false_removals", "missed_boilerplate", "lost_body") if doc[k]
        }
        if not doc["title_ok"]:
            misses["title"] = doc["title"]
        details[name] = misses
    n_docs = len(details)
    precision, recall, _ = prf(
        totals["true_removed"], totals["removed"], totals["gold_boilerplate"]
    )
    metrics: dict[str, float | int | None] = {
        "boilerplate_precision": precision,
        "boilerplate_recall": recall,
        "body_line_recall": safe_div(totals["body_kept"], totals["body"]),
        "title_accuracy": safe_div(titles_ok, n_docs),
    }
    return EvalResult(task=TASK, n=n_docs, metrics=metrics, details=details, notes=notes)
