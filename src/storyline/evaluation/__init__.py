"""Evaluation harness: each task scores one capability against a gold set.

A task module exposes ``evaluate(...) -> EvalResult``. The CLI (``storyline eval TASK``)
prints :func:`format_table` for people or ``EvalResult.as_dict()`` as JSON for machines:
``{"task": ..., "n": ..., "metrics": {...}}``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["EvalResult", "format_table", "prf", "safe_div"]


@dataclass
class EvalResult:
    """The outcome of one evaluation run.

    task (str): task name, as typed after ``storyline eval``.
    n (int): how many gold items (documents, records, pairs) were scored.
    metrics (dict): metric name to value; floats are rounded for display only.
    details (dict): optional per-item diagnostics, shown with ``--json --details``.
    notes (list): plain-language remarks (training protocol, skipped items).
    """

    task: str
    n: int
    metrics: dict[str, float | int | None]
    details: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def as_dict(self, details: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"task": self.task, "n": self.n, "metrics": self.metrics}
        if self.notes:
            out["notes"] = self.notes
        if details and self.details:
            out["details"] = self.details
        return out


def safe_div(num: float, den: float) -> float:
    """``num / den``, or 0.0 for an empty denominator (an empty set scores nothing)."""
    return num / den if den else 0.0


def prf(tp: float, n_pred: float, n_gold: float) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts."""
    precision = safe_div(tp, n_pred)
    recall = safe_div(tp, n_gold)
    f1 = safe_div(2 * precision * recall, precision + recall)
    return precision, recall, f1


def format_table(result: EvalResult) -> str:
    """A two-column, human-readable table of a result's metrics."""
    rows = [("task", result.task), ("n", str(result.n))]
    for name, value in result.metrics.items():
        shown = f"{value:.4f}" if isinstance(value, float) else str(value)
        rows.append((name, shown))
    width = max(len(name) for name, _ in rows)
    lines = [f"{name.ljust(width)}  {value}" for name, value in rows]
    lines.extend(f"note: {note}" for note in result.notes)
    return "\n".join(lines)
