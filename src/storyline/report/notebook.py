"""Records for notebooks: the views as flat dicts, or as pandas DataFrames.

``storyline.open(db).claims()`` and its siblings call :func:`records`. Each row is one
item; its citation is spread over flat columns (``doc_id``, ``sentence``, ``start``,
``end``, ``outlet``, ``date``) so a DataFrame can be filtered and grouped directly, and
the full citation list stays in ``evidence`` where an item has several.

pandas is optional (``pip install 'storyline[frames]'``); without it, ``as_frame=True``
says how to get it.
"""

from __future__ import annotations

from typing import Any

from storyline.report import views
from storyline.report.readers import Corpus
from storyline.store import Store

__all__ = ["KINDS", "records", "to_frame"]

Row = dict[str, Any]

KINDS = ("documents", "claims", "quotes", "events", "coded_events", "positions", "actors")


def _flat(row: Row, cite: Row | None) -> Row:
    out = {k: v for k, v in row.items() if k != "cite"}
    cite = cite or {}
    for key in ("doc_id", "sentence", "start", "end", "outlet", "date"):
        out.setdefault(key, cite.get(key))
    return out


def records(store: Store | Corpus, kind: str, *, as_frame: bool = False,
            **filters: str | None) -> Any:
    """Rows of one kind of item: ``documents``, ``claims``, ``quotes``, ``events``,
    ``coded_events``, ``positions`` or ``actors``.

    filters: ``actor``, ``outlet``, ``date_from``, ``date_to``, ``status``, ``event``
        (as the dashboard's filters).
    RETURNS: a list of dicts, or a pandas DataFrame when ``as_frame`` is true.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
    c = store if isinstance(store, Corpus) else Corpus(store)
    f = views.Filters(**{k: v for k, v in filters.items() if v})
    rows: list[Row]
    if kind == "documents":
        rows = views.document_list(c, f)
    elif kind == "claims":
        rows = []
        for claim in views.claim_list(c, f):
            first = (claim["supporting"] or claim["contradicting"] or [None])[0]
            rows.append(_flat({**claim, "evidence": claim["supporting"]}, first))
    elif kind == "quotes":
        rows = [_flat(q, q["cite"]) for q in views.quote_list(c, f)]
    elif kind == "events":
        rows = [{k: v for k, v in e.items() if k != "anchor"} for e in views.event_list(c, f)]
    elif kind == "coded_events":
        rows = [_flat(e, e["cite"]) for e in views.coded_event_list(c, f)]
    elif kind == "positions":
        rows = [_flat({**p, "actor": c.actor_name(p["actor_id"])},
                      p["evidence"][0] if p["evidence"] else None)
                for p in c.positions if not f.actor or p["actor_id"] == f.actor]
    else:
        rows = views.actor_list(c)
    return to_frame(rows) if as_frame else rows


def to_frame(rows: list[Row]) -> Any:
    """A pandas DataFrame of ``rows`` (pandas is optional)."""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError(
            "as_frame=True needs pandas: pip install 'storyline[frames]' (or pandas)"
        ) from None
    return pd.DataFrame.from_records(rows)
