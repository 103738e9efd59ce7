"""Export the store's tables as JSON (one file) or CSV (one file per table).

Rows are streamed table by table, never the whole corpus in memory. The JSON layout is
``{"storyline_export": 1, "schema_version": N, "tables": {"documents": [...], ...}}`` so
a reader can tell versions apart.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from storyline.store import Store
from storyline.store.schema import SCHEMA_VERSION

__all__ = ["EXPORT_FORMATS", "export"]

EXPORT_FORMATS = ("json", "csv")


def _atomic_write(target: Path, write: Any) -> None:
    """Write through a temporary file and rename, so a failed export leaves no half file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            write(handle)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_json(store: Store, tables: list[str], handle: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    handle.write(f'{{"storyline_export": 1, "schema_version": {SCHEMA_VERSION}, "tables": {{')
    for t_index, name in enumerate(tables):
        handle.write(("," if t_index else "") + "\n" + json.dumps(name) + ": [")
        count = 0
        for row in store.iter_rows(name):
            handle.write(("," if count else "") + "\n" + json.dumps(row, ensure_ascii=False))
            count += 1
        handle.write("\n]")
        counts[name] = count
    handle.write("\n}}\n")
    return counts


def _write_csv(store: Store, name: str, handle: Any) -> int:
    from storyline.store.schema import metadata

    columns = [c.name for c in metadata.tables[name].columns]
    writer = csv.DictWriter(handle, fieldnames=columns)
    writer.writeheader()
    count = 0
    for row in store.iter_rows(name):
        writer.writerow(row)
        count += 1
    return count


def export(
    store: Store, fmt: str, out: str | Path, tables: Iterable[str] | None = None
) -> dict[str, int]:
    """Write the chosen tables to ``out``; returns rows written per table.

    json: ``out`` is a file. csv: ``out`` is a folder with ``<table>.csv`` files.
    """
    names = list(tables) if tables else store.table_names()
    unknown = sorted(set(names) - set(store.table_names()))
    if unknown:
        raise ValueError(
            f"no table named {', '.join(unknown)}; tables: {', '.join(store.table_names())}"
        )
    target = Path(out)
    if fmt == "json":
        counts: dict[str, int] = {}
        _atomic_write(target, lambda h: counts.update(_write_json(store, names, h)))
        return counts
    if fmt == "csv":
        if target.exists() and not target.is_dir():
            raise ValueError(f"{target} exists and is not a folder (csv export writes a folder)")
        counts = {}
        for name in names:
            _atomic_write(
                target / f"{name}.csv",
                lambda h, n=name: counts.__setitem__(n, _write_csv(store, n, h)),
            )
        return counts
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
