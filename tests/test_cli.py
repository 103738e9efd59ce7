"""The CLI, used as a person would: exit codes and output are the contract."""

from __future__ import annotations

import json
from pathlib import Path


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_add_analyze_export_round_trip(invoke, tmp_path: Path) -> None:
    article = write(tmp_path / "a.txt", "A headline\n\nThe body sentence is here.\n")
    result = invoke("add", str(article))
    assert result.exit_code == 0, result.output
    assert result.output == "added 1 documents, 0 already stored, 0 errors\n"

    result = invoke("analyze")
    assert result.exit_code == 0, result.output
    assert "analyzed 1 documents, 0 failed" in result.output

    out = tmp_path / "export.json"
    result = invoke("export", "--format", "json", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    (doc,) = data["tables"]["documents"]
    assert doc["status"] == "analyzed"
    assert "The body sentence is here." in doc["text"]


def test_readd_is_a_no_op_and_says_so(invoke, tmp_path: Path) -> None:
    article = write(tmp_path / "a.txt", "Body text of an article.")
    invoke("add", str(article))
    result = invoke("add", "--json", str(article))
    assert result.exit_code == 0
    assert json.loads(result.output)["already_stored"][0]["name"] == "a.txt"


def test_bad_input_exits_3_and_names_the_file(invoke, tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", "Body text of an article.")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    result = invoke("add", str(good), str(bad))
    assert result.exit_code == 3
    assert f"error: {bad}: binary file" in result.output
    assert "added 1 documents" in result.output


def test_dry_run_writes_nothing(invoke, tmp_path: Path) -> None:
    article = write(tmp_path / "a.txt", "Body text of an article.")
    result = invoke("add", "--dry-run", str(article))
    assert result.output.startswith("would add 1 documents")
    result = invoke("analyze", "--json")
    assert json.loads(result.output)["analyzed"] == 0


def test_stdin_add(invoke) -> None:
    result = invoke("add", "-", input="Piped article body text.")
    assert result.exit_code == 0, result.output
    assert "added 1 documents" in result.output


def test_export_csv_writes_one_file_per_table(invoke, tmp_path: Path) -> None:
    invoke("add", str(write(tmp_path / "a.txt", "Body text.")))
    result = invoke("export", "--format", "csv", str(tmp_path / "csv"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "csv" / "documents.csv").read_text("utf-8").startswith("seq,id,")


def test_export_unknown_table_is_exit_1(invoke, tmp_path: Path) -> None:
    result = invoke("export", "--table", "nope", str(tmp_path / "x.json"))
    assert result.exit_code == 1
    assert "Error: no table named nope" in result.output


def test_unusable_database_is_exit_1_one_line(runner, tmp_path: Path) -> None:
    from storyline.cli import cli

    result = runner.invoke(cli, ["--db", str(tmp_path / "missing" / "x.db"), "analyze"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1


def test_db_can_come_from_the_environment(runner, tmp_path: Path) -> None:
    from storyline.cli import cli

    db = tmp_path / "env.db"
    article = write(tmp_path / "a.txt", "Body text.")
    result = runner.invoke(cli, ["add", str(article)], env={"STORYLINE_DB": str(db)})
    assert result.exit_code == 0, result.output
    assert db.exists()


def test_usage_error_is_exit_2(invoke) -> None:
    assert invoke("export", "--format", "xml", "out").exit_code == 2


def test_stages_lists_the_registry(invoke) -> None:
    result = invoke("stages", "--json")
    assert result.exit_code == 0
    assert "clean" in [row["name"] for row in json.loads(result.output)]


def test_python_module_entry_point() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "storyline", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("storyline, version")
