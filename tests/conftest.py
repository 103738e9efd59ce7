"""Shared fixtures: a temporary store, the CLI runner, and ../shared when present."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
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


# Set STORYLINE_TEST_PG to a PostgreSQL URL (.ci/postgres prints one) and every test
# that touches the store runs twice: on SQLite and on a fresh PostgreSQL database.
PG_URL = os.environ.get("STORYLINE_TEST_PG")
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


def _admin_engine():
    from sqlalchemy import create_engine

    from storyline.store import database_url

    return create_engine(database_url(PG_URL), isolation_level="AUTOCOMMIT")


@contextmanager
def database(backend: str, folder: Path) -> Iterator[str]:
    """A fresh database: an SQLite file in ``folder``, or a new PostgreSQL database
    that is dropped afterwards."""
    if backend == "sqlite":
        yield str(folder / "test.db")
        return
    from sqlalchemy import text

    name = f"storyline_test_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base = PG_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database for one test: an SQLite file, or a new PostgreSQL database."""
    with database(request.param, tmp_path) as target:
        yield target


@pytest.fixture(scope="module", params=BACKENDS)
def module_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
              ) -> Iterator[str]:
    """One database shared by a module's tests (for end-to-end runs done once)."""
    with database(request.param, tmp_path_factory.mktemp(request.param)) as target:
        yield target


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Path:
    """For tests about SQLite files themselves (schema stamps read with sqlite3)."""
    return tmp_path / "test.db"


@pytest.fixture
def store(db_target: str):
    from storyline.store import Store

    with Store.open(db_target) as opened:
        yield opened


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner, db_target: str):
    """Run the CLI against the temporary database: ``invoke("add", path)``."""
    from storyline.cli import cli

    def run(*args: str, input: str | bytes | None = None):
        return runner.invoke(cli, ["--db", db_target, *args], input=input)

    return run
