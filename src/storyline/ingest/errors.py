"""The one error type ingestion reports: which input, and why, in one line."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["IngestError"]


@dataclass(frozen=True)
class IngestError:
    """A bad input, reported and skipped so the rest of the run goes on.

    source (str): the file (``path``, ``path:LINE`` for a JSON line, ``-`` for stdin, a URL).
    reason (str): what is wrong, in words a user can act on.
    """

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"
