"""The corpus store: SQLAlchemy with SQLite as the embedded default, PostgreSQL for
shared deployments.

Every document, with all the items extracted from it, is written in one transaction, so
a crash or a failing stage never leaves half a document behind.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from storyline.model import Document
from storyline.store import schema
from storyline.store.migrations import SchemaError, ensure_schema
from storyline.store.records import ITEM_TABLES

__all__ = ["SchemaError", "Store", "StoreError", "database_url"]

DEFAULT_DB = "storyline.db"


class StoreError(RuntimeError):
    """The store could not be opened or written."""


def database_url(target: str | Path) -> str:
    """Turn ``--db`` into an SQLAlchemy URL: a plain path means an SQLite file.

    ``postgresql://`` is routed to the psycopg 3 driver, the one storyline installs.
    """
    text = str(target)
    if "://" not in text:
        return f"sqlite:///{Path(text).expanduser()}"
    if text.startswith("postgresql://") or text.startswith("postgres://"):
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    return text


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL lets the dashboard read while `analyze` writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """A storyline database. Open it with :meth:`open`; it migrates or refuses on open."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"

    @classmethod
    def open(cls, target: str | Path = DEFAULT_DB) -> Store:
        url = database_url(target)
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise StoreError(f"{target}: not a database path or URL ({exc})") from None
        if parsed.get_backend_name() == "sqlite" and parsed.database:
            parent = Path(parsed.database).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(f"{target}: folder {parent} does not exist")
        engine = create_engine(url, future=True)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        store = cls(engine)
        try:
            with engine.begin() as conn:
                ensure_schema(conn)
        except SchemaError as exc:
            engine.dispose()
            raise StoreError(f"{target}: {exc}") from None
        except OperationalError as exc:
            engine.dispose()
            reason = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
            raise StoreError(f"{target}: cannot open database ({reason})") from None
        return store

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- documents -----------------------------------------------------------------

    def has_content(self, content_hash: str) -> bool:
        with self.engine.connect() as conn:
            found = conn.execute(
                select(schema.documents.c.id).where(schema.documents.c.content_hash == content_hash)
            ).first()
        return found is not None

    def add_document(self, doc: Document) -> bool:
        """Insert a new, unanalysed document. Returns False if its content is stored.

        Idempotent: the content hash is unique, so re-adding the same article is a no-op.
        """
        with self.engine.begin() as conn:
            exists = conn.execute(
                select(schema.documents.c.id).where(
                    schema.documents.c.content_hash == doc.content_hash
                )
            ).first()
            if exists is not None:
                return False
            conn.execute(schema.documents.insert().values(**_document_row(doc), added_at=_now()))
            self._write_items(conn, doc)
        return True

    def save_analysis(self, doc: Document, fingerprint: str) -> None:
        """Replace a document's analysis (clean text and all items) in one transaction."""
        with self.engine.begin() as conn:
            conn.execute(
                schema.documents.update()
                .where(schema.documents.c.id == doc.id)
                .values(
                    **_document_row(doc),
                    status="analyzed",
                    analyzed_config=fingerprint,
                    error=None,
                )
            )
            self._write_items(conn, doc)

    def mark_failed(self, doc_id: str, error: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                schema.documents.update()
                .where(schema.documents.c.id == doc_id)
                .values(status="failed", error=error[:2000])
            )

    def _write_items(self, conn: Connection, doc: Document) -> None:
        for item in ITEM_TABLES:
            conn.execute(item.table.delete().where(item.table.c.doc_id == doc.id))
            rows = item.to_rows(doc)
            if rows:
                conn.execute(item.table.insert(), rows)

    def pending_ids(self, fingerprint: str, retry_failed: bool = False) -> list[str]:
        """Ids of documents never analysed, or analysed with a different pipeline."""
        d = schema.documents.c
        query = select(d.id).order_by(d.seq)
        wanted = (d.status == "pending") | (
            (d.status == "analyzed") & (d.analyzed_config != fingerprint)
        )
        if retry_failed:
            wanted = wanted | (d.status == "failed")
        with self.engine.connect() as conn:
            return [row[0] for row in conn.execute(query.where(wanted))]

    def count(self, status: str | None = None) -> int:
        query = select(func.count()).select_from(schema.documents)
        if status:
            query = query.where(schema.documents.c.status == status)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def load(self, ids: Iterable[str]) -> list[Document]:
        """Load documents with all their items, in the order of ``ids``."""
        wanted = list(ids)
        if not wanted:
            return []
        with self.engine.connect() as conn:
            rows = {
                r["id"]: dict(r)
                for r in conn.execute(
                    select(schema.documents).where(schema.documents.c.id.in_(wanted))
                ).mappings()
            }
            items: dict[str, dict[str, list[dict[str, Any]]]] = {i: {} for i in wanted}
            for item in ITEM_TABLES:
                query = (
                    select(item.table)
                    .where(item.table.c.doc_id.in_(wanted))
                    .order_by(item.table.c.doc_id, item.table.c[item.order_by])
                )
                for r in conn.execute(query).mappings():
                    items[r["doc_id"]].setdefault(item.field, []).append(dict(r))
        docs = []
        for doc_id in wanted:
            if doc_id not in rows:
                continue
            extracted = {
                item.field: item.from_rows(items[doc_id].get(item.field, []))
                for item in ITEM_TABLES
            }
            docs.append(_document_from_row(rows[doc_id], extracted))
        return docs

    def iter_documents(self, batch_size: int = 64, status: str | None = None) -> Iterator[Document]:
        """Stream every document in insertion order, a batch at a time."""
        d = schema.documents.c
        query = select(d.id).order_by(d.seq)
        if status:
            query = query.where(d.status == status)
        with self.engine.connect() as conn:
            ids = [row[0] for row in conn.execute(query)]
        for start in range(0, len(ids), batch_size):
            yield from self.load(ids[start : start + batch_size])

    # -- export --------------------------------------------------------------------

    def table_names(self) -> list[str]:
        """Exportable tables, parents before children (caches and bookkeeping left out)."""
        return [
            t.name
            for t in schema.metadata.sorted_tables
            if t is not schema.meta and t.info.get("export", True)
        ]

    def iter_rows(self, table_name: str, chunk: int = 1000) -> Iterator[dict[str, Any]]:
        """Stream a table's rows as dicts, without holding the table in memory."""
        table = schema.metadata.tables[table_name]
        order = [c for c in table.primary_key.columns]
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True).execute(
                select(table).order_by(*order)
            )
            for partition in result.mappings().partitions(chunk):
                for row in partition:
                    yield dict(row)


def _document_row(doc: Document) -> dict[str, Any]:
    row = doc.metadata()
    row.update(raw_text=doc.raw_text, text=doc.text, meta_json=json.dumps(doc.meta))
    return row


def _document_from_row(row: dict[str, Any], extracted: dict[str, Any]) -> Document:
    fields = {k: row[k] for k in Document.__dataclass_fields__ if k in row}
    fields["meta"] = json.loads(row.get("meta_json") or "{}")
    fields.update(extracted)
    return Document(**fields)
