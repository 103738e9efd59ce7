"""End to end: the bundled example corpus through the real CLI, checked against the
expected analysis in tests/fixtures/examples/. Later stages add their checks here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import cli

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus"
GOLD = REPO / "tests" / "fixtures" / "examples"


def gold(name: str):
    return json.loads((GOLD / f"{name}.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """add + analyze + export once for the whole module."""
    tmp = tmp_path_factory.mktemp("example")
    db = str(tmp / "example.db")
    runner = CliRunner()
    added = runner.invoke(cli, ["--db", db, "add", "--json", str(CORPUS)])
    analyzed = runner.invoke(cli, ["--db", db, "analyze", "--json"])
    out = tmp / "export.json"
    exported = runner.invoke(cli, ["--db", db, "export", "--format", "json", str(out)])
    return {
        "added": added,
        "analyzed": analyzed,
        "exported": exported,
        "tables": json.loads(out.read_text("utf-8"))["tables"] if out.exists() else {},
    }


def docs_by_name(run: dict) -> dict[str, dict]:
    return {d["name"]: d for d in run["tables"]["documents"]}


def test_every_file_and_record_is_added(run: dict) -> None:
    assert run["added"].exit_code == 0, run["added"].output
    report = json.loads(run["added"].output)
    assert report["errors"] == []
    assert len(report["added"]) == len(gold("events")["docs"]) == 15


def test_every_document_is_analyzed(run: dict) -> None:
    assert run["analyzed"].exit_code == 0, run["analyzed"].output
    assert json.loads(run["analyzed"].output)["failed"] == []
    assert {d["status"] for d in run["tables"]["documents"]} == {"analyzed"}


def test_document_names_match_the_fixtures(run: dict) -> None:
    assert set(docs_by_name(run)) == set(gold("events")["docs"])


def test_titles_match_the_fixtures(run: dict) -> None:
    docs = docs_by_name(run)
    for name, expected in gold("clean").items():
        assert docs[name]["title"] == expected["title"], name


def test_no_boilerplate_line_survives_in_the_clean_text(run: dict) -> None:
    docs = docs_by_name(run)
    leftovers = []
    for name, expected in gold("clean").items():
        lines = {line.strip() for line in docs[name]["text"].split("\n")}
        leftovers += [(name, b) for b in expected["boilerplate_lines"] if b in lines]
    # The planted furniture is varied on purpose; allow the cleaner a few misses.
    total = sum(len(e["boilerplate_lines"]) for e in gold("clean").values())
    assert len(leftovers) <= 0.05 * total, leftovers


def test_outlets_are_recovered(run: dict) -> None:
    docs = docs_by_name(run)
    expected = {n: d["outlet"] for n, d in gold("events")["docs"].items() if d.get("outlet")}
    right = [n for n, outlet in expected.items() if (docs[n]["outlet"] or "").startswith(outlet)]
    assert len(right) >= 0.8 * len(expected), sorted(set(expected) - set(right))


def test_sentence_spans_cite_the_clean_text(run: dict) -> None:
    texts = {d["id"]: d["text"] for d in run["tables"]["documents"]}
    sentences = run["tables"]["sentences"]
    assert len(sentences) > 200
    for s in sentences:
        assert texts[s["doc_id"]][s["start_char"] : s["end_char"]] == s["text"]
