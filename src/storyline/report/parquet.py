"""Export the store's tables as Parquet: one ``<table>.parquet`` file per table.

pyarrow is an optional dependency (``pip install 'storyline[parquet]'``): its wheel is
55 MB (about three times everything else the export needs), for a format most users of
a laptop corpus reach through pandas anyway. JSON and CSV exports need nothing extra.

Column types come from the schema (integers stay integers, floats floats, binary
columns bytes), so a reader gets typed columns rather than strings; rows are written in
batches, never the whole table in memory.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import Float, Integer, LargeBinary

from storyline.store import Store
from storyline.store.schema import metadata

__all__ = ["BATCH_ROWS", "ParquetUnavailable", "export_parquet"]

BATCH_ROWS = 5000


class ParquetUnavailable(ValueError):
    """pyarrow is not installed."""


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise ParquetUnavailable(
            "Parquet export needs pyarrow: pip install 'storyline[parquet]' "
            "(or use --format json / csv)"
        ) from None
    return pyarrow


def _arrow_type(pa: Any, column: Any) -> Any:
    kind = column.type
    if isinstance(kind, Integer):
        return pa.int64()
    if isinstance(kind, Float):
        return pa.float64()
    if isinstance(kind, LargeBinary):
        return pa.binary()
    return pa.string()


def export_parquet(store: Store, out: str | Path, tables: Iterable[str] | None = None
                   ) -> dict[str, int]:
    """Write each chosen table to ``out/<table>.parquet``; returns rows per table."""
    pa = _pyarrow()
    import pyarrow.parquet as pq

    names = list(tables) if tables else store.table_names()
    unknown = sorted(set(names) - set(store.table_names()))
    if unknown:
        raise ValueError(
            f"no table named {', '.join(unknown)}; tables: {', '.join(store.table_names())}"
        )
    target = Path(out)
    if target.exists() and not target.is_dir():
        raise ValueError(f"{target} exists and is not a folder (parquet export writes a folder)")
    target.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for name in names:
        table = metadata.tables[name]
        arrow_schema = pa.schema([(c.name, _arrow_type(pa, c)) for c in table.columns])
        fd, tmp = tempfile.mkstemp(dir=target, prefix=f".{name}.", suffix=".tmp")
        os.close(fd)
        count = 0
        try:
            with pq.ParquetWriter(tmp, arrow_schema) as writer:
                batch: list[dict[str, Any]] = []
                for row in store.iter_rows(name):
                    batch.append(row)
                    if len(batch) >= BATCH_ROWS:
                        writer.write_table(pa.Table.from_pylist(batch, schema=arrow_schema))
                        count += len(batch)
                        batch = []
                if batch or count == 0:
                    writer.write_table(pa.Table.from_pylist(batch, schema=arrow_schema))
                    count += len(batch)
            os.replace(tmp, target / f"{name}.parquet")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        counts[name] = count
    return counts
