"""The dashboard and JSON API (``storyline serve``)."""

from __future__ import annotations

from storyline.web.app import create_app

__all__ = ["create_app"]
