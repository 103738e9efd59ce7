"""Dask: the same analysis on a local 2-worker cluster as in-process, record for record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import cli

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
# Columns that legitimately differ between two runs: insertion order and wall-clock time.
VOLATILE = {"seq", "added_at"}


def analysed_tables(tmp: Path, *analyze_args: str) -> dict:
    runner = CliRunner()
    db = str(tmp / "corpus.db")
    assert runner.invoke(cli, ["--db", db, "add", str(CORPUS)]).exit_code == 0
    result = runner.invoke(cli, ["--db", db, "analyze", "--json", *analyze_args])
    assert result.exit_code == 0, result.output
    out = tmp / "export.json"
    assert runner.invoke(cli, ["--db", db, "export", str(out)]).exit_code == 0
    tables = json.loads(out.read_text("utf-8"))["tables"]
    return {
        name: sorted(
            json.dumps({k: v for k, v in row.items() if k not in VOLATILE}, sort_keys=True)
            for row in rows
        )
        for name, rows in tables.items()
    }


@pytest.mark.slow
def test_two_workers_give_identical_results(tmp_path: Path) -> None:
    for run in ("local", "dask"):
        (tmp_path / run).mkdir()
    local = analysed_tables(tmp_path / "local")
    on_dask = analysed_tables(tmp_path / "dask", "--workers", "2")
    assert local.keys() == on_dask.keys()
    for name in local:
        assert local[name] == on_dask[name], f"table {name} differs"


def test_workers_and_scheduler_are_exclusive(invoke) -> None:
    result = invoke("analyze", "--workers", "2", "--scheduler", "tcp://127.0.0.1:1")
    assert result.exit_code == 2
    assert "use just one of --workers or --scheduler" in result.output


def test_unreachable_scheduler_is_one_line_exit_1(invoke, monkeypatch) -> None:
    import storyline.executors as executors

    monkeypatch.setattr(executors, "STARTUP_TIMEOUT_S", 2)
    result = invoke("analyze", "--scheduler", "tcp://127.0.0.1:9")
    assert result.exit_code == 1
    assert result.output.startswith("Error: dask:")
    assert result.output.count("\n") == 1
