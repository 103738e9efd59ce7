"""The cleaner on the bundled fictional example corpus, which it was not built on.

The example corpus ships with the repository, so this runs without ``../shared``; it
guards the generalisation of the furniture rules beyond the seed articles.
"""

from __future__ import annotations

from pathlib import Path

from storyline.evaluation.clean import evaluate

REPO = Path(__file__).resolve().parents[1]


def test_example_corpus_cleaning_meets_targets() -> None:
    result = evaluate(REPO / "examples" / "corpus", REPO / "tests/fixtures/examples/clean.json")
    assert result.n > 0
    metrics = result.metrics
    assert metrics["boilerplate_precision"] >= 0.95, result.details
    assert metrics["boilerplate_recall"] >= 0.95, result.details
    assert metrics["body_line_recall"] >= 0.99, result.details
    assert metrics["title_accuracy"] == 1.0, result.details
