"""Named, ordered schema migrations, each applied once inside a transaction.

A new database is created from :mod:`storyline.store.schema` at the current version (the
"stamp" approach), so migrations only have to be right for *upgrading* an older file.
A database newer than this code, or one that is not a storyline database at all, is
refused with a message that says what to do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, inspect, select

from storyline.store import schema

__all__ = ["MIGRATIONS", "Migration", "SchemaError", "ensure_schema", "schema_version"]


class SchemaError(RuntimeError):
    """The database cannot be used with this version of storyline."""


@dataclass(frozen=True)
class Migration:
    """Moves a database from ``version - 1`` to ``version``."""

    version: int
    name: str
    apply: Callable[[Connection], None]


def _initial(conn: Connection) -> None:
    schema.metadata.create_all(conn)


# Append new migrations here, one per schema change, and bump schema.SCHEMA_VERSION.
MIGRATIONS: list[Migration] = [Migration(1, "initial schema", _initial)]


def schema_version(conn: Connection) -> int | None:
    """The stored schema version, or None for an empty database."""
    tables = set(inspect(conn).get_table_names())
    if schema.meta.name not in tables:
        if tables:
            raise SchemaError(
                "not a storyline database (it has tables but no storyline_meta); "
                "point --db at a new file or an empty database"
            )
        return None
    row = conn.execute(
        select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")
    ).first()
    if row is None:
        raise SchemaError("storyline_meta has no schema_version; the database is damaged")
    return int(row[0])


def _stamp(conn: Connection, version: int) -> None:
    conn.execute(schema.meta.delete().where(schema.meta.c.key == "schema_version"))
    conn.execute(schema.meta.insert().values(key="schema_version", value=str(version)))


def ensure_schema(conn: Connection) -> list[str]:
    """Create or upgrade the schema; returns the names of the migrations applied."""
    current = schema_version(conn)
    if current is None:
        schema.metadata.create_all(conn)
        _stamp(conn, schema.SCHEMA_VERSION)
        return [f"create at version {schema.SCHEMA_VERSION}"]
    if current > schema.SCHEMA_VERSION:
        raise SchemaError(
            f"database schema version {current} is newer than this storyline supports "
            f"({schema.SCHEMA_VERSION}); upgrade storyline"
        )
    applied = []
    for migration in MIGRATIONS:
        if migration.version > current:
            migration.apply(conn)
            _stamp(conn, migration.version)
            applied.append(migration.name)
    return applied
