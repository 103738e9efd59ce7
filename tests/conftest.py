"""Shared fixtures: a temporary store, the CLI runner, and ../shared when present."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLES = REPO / "examples"


@pytest.fixture
def shared() -> Path:
    """The shared evaluation folder; tests using it skip cleanly on a user's clone."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is not present (evaluation data lives beside the checkout)")
    return SHARED


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def store(db_path: Path):
    from storyline.store import Store

    with Store.open(db_path) as opened:
        yield opened


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner, db_path: Path):
    """Run the CLI against the temporary database: ``invoke("add", path)``."""
    from storyline.cli import cli

    def run(*args: str, input: str | bytes | None = None):
        return runner.invoke(cli, ["--db", str(db_path), *args], input=input)

    return run
