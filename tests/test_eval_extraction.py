"""Scoring of main-text extraction, as the scrapinghub benchmark's evaluate.py does it."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from storyline.evaluation.extraction import (
    aggregate,
    evaluate,
    exact_match,
    page_counts,
    page_precision,
    page_recall,
    shingles,
    tokenize,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
BENCHMARK = SHARED / "data" / "article-extraction"


def test_tokens_are_unicode_word_runs_with_case_kept() -> None:
    assert tokenize("Ça va? Yes -- it's 4:30.") == ["Ça", "va", "Yes", "it", "s", "4", "30"]
    assert tokenize(None) == []


def test_short_text_is_one_short_shingle_and_empty_text_none() -> None:
    assert shingles("a b c") == {("a", "b", "c"): 1}
    assert shingles("a b c d a b c d") == {
        ("a", "b", "c", "d"): 2,
        ("b", "c", "d", "a"): 1,
        ("c", "d", "a", "b"): 1,
        ("d", "a", "b", "c"): 1,
    }
    assert shingles("  ...  ") == {}


def test_page_counts_are_multiset_overlaps_scaled_to_one() -> None:
    # gold shingles: (a b c d), (b c d e); predicted: (a b c d)
    assert page_counts("a b c d e", "a b c d") == (0.5, 0.0, 0.5)
    # predicted adds the shingle (b c d e), which gold lacks
    tp, fp, fn = page_counts("a b c d", "a b c d e")
    assert (tp, fp, fn) == (0.5, 0.5, 0.0)
    assert page_counts("", "") == (0.0, 0.0, 0.0)


def test_page_scores_follow_the_benchmark_edge_cases() -> None:
    assert page_precision(*page_counts("a b c d", "a b c d")) == 1.0
    assert page_recall(*page_counts("a b c d", "a b c d")) == 1.0
    nothing = page_counts("a b c d", "")
    assert nothing == (0.0, 0.0, 1.0)
    assert page_recall(*nothing) == 0.0
    assert page_precision(*page_counts("a b c d", "w x y z")) == 0.0


def test_corpus_f1_is_harmonic_mean_of_averages_not_average_f1() -> None:
    pages = [(0.5, 0.0, 0.5), (0.5, 0.5, 0.0)]  # P=1, R=0.5 and P=0.5, R=1
    metrics = aggregate(pages, [0.0, 1.0])
    assert metrics["precision"] == pytest.approx(0.75)
    assert metrics["recall"] == pytest.approx(0.75)
    assert metrics["f1"] == pytest.approx(0.75)  # mean of page F1s would be 0.667
    assert metrics["accuracy"] == pytest.approx(0.5)


def test_pages_without_prediction_or_gold_leave_the_matching_average() -> None:
    # no prediction: counts only toward recall; both empty: counts toward neither
    metrics = aggregate([(1.0, 0.0, 0.0), (0.0, 0.0, 1.0), (0.0, 0.0, 0.0)], [1.0, 0.0, 1.0])
    assert metrics["precision"] == pytest.approx(1.0)
    assert metrics["recall"] == pytest.approx(0.5)


def test_exact_match_compares_token_lists() -> None:
    assert exact_match("Hello,   world!", "Hello world") == 1.0
    assert exact_match("Hello world", "hello world") == 0.0


def _write_benchmark(root: Path, pages: dict[str, tuple[str, str]]) -> Path:
    """A miniature benchmark folder: id -> (html, gold body)."""
    (root / "html").mkdir(parents=True)
    truth = {}
    for page_id, (html, gold) in pages.items():
        (root / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(html.encode()))
        truth[page_id] = {"articleBody": gold, "url": f"https://example.com/{page_id}"}
    (root / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return root


def test_evaluate_runs_an_extractor_over_the_pages(tmp_path: Path) -> None:
    data = _write_benchmark(
        tmp_path / "bench",
        {
            "a": ("<p>one two three four five</p>", "one two three four five"),
            "b": ("<p>six seven eight nine</p>", "six seven eight nine ten"),
        },
    )
    seen: list[str | None] = []

    def echo(html: str, url: str | None) -> str:
        seen.append(url)
        return html.replace("<p>", "").replace("</p>", "")

    result = evaluate(data, extractor=echo)
    assert result.task == "extraction"
    assert result.n == 2
    assert seen == ["https://example.com/a", "https://example.com/b"]
    assert result.metrics["precision"] == pytest.approx(1.0)
    assert result.metrics["recall"] == pytest.approx(0.75)  # page b: 1 of 2 shingles
    assert result.metrics["accuracy"] == pytest.approx(0.5)
    assert result.details["b"]["recall"] == pytest.approx(0.5)
    assert evaluate(data, limit=1, extractor=echo).n == 1


@pytest.mark.shared
@pytest.mark.skipif(not BENCHMARK.is_dir(), reason="../shared/data/article-extraction absent")
def test_storyline_extractor_on_twenty_benchmark_pages() -> None:
    result = evaluate(BENCHMARK, limit=20)
    assert result.n == 20
    assert len(result.details) == 20
    # trafilatura alone scores about 0.96 on the full set; a broken pipeline falls far below
    assert result.metrics["f1"] > 0.9
    assert result.metrics["precision"] > 0.85
    assert result.metrics["recall"] > 0.85
