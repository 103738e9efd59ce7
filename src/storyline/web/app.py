"""The dashboard and JSON API: ``create_app(db)`` builds a FastAPI application.

Pages are rendered on the server with the report's templates and view functions
(:mod:`storyline.report.views`), so the dashboard shows what the static report shows.
The JSON API under ``/api`` returns the same view dicts; its OpenAPI schema is at
``/openapi.json`` (the interactive docs pages are off: they load scripts from a CDN).

Security: article text is untrusted. Templates autoescape; highlights split escaped text
at character offsets; links to articles are http(s) only. Every response carries a
Content-Security-Policy that allows scripts and styles from this server only (one small
static script, no inline code), so injected markup could not run even if it got through.
Adding documents needs a token (``STORYLINE_TOKEN``); without one, the API is read-only.
"""

from __future__ import annotations

import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from storyline.report.html import environment
from storyline.report.readers import Corpus
from storyline.store import Store

__all__ = ["CSP", "create_app"]

HERE = Path(__file__).resolve().parent

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class State:
    """The app's store and a read model rebuilt whenever the store's content changes."""

    def __init__(self, store: Store, token: str | None, summary_method: str) -> None:
        self.store = store
        self.token = token
        self.summary_method = summary_method
        self._lock = threading.Lock()
        self._corpus: Corpus | None = None
        self._fingerprint: Any = None

    def corpus(self) -> Corpus:
        """The cached read model, or a new one if any table gained or lost rows."""
        probe = Corpus(self.store)
        fingerprint = probe.fingerprint()
        with self._lock:
            if self._corpus is None or fingerprint != self._fingerprint:
                self._corpus, self._fingerprint = probe, fingerprint
            return self._corpus

    def invalidate(self) -> None:
        with self._lock:
            self._corpus = None


def create_app(db: str | Path | Store, token: str | None = None, *,
               summary_method: str = "auto") -> FastAPI:
    """The dashboard and JSON API for the store at ``db``.

    db: a database path or URL (as ``--db``), or an open :class:`Store`.
    token: the token ``POST /api/documents`` requires (default: ``STORYLINE_TOKEN``);
        with neither, adding documents through the API is disabled.
    summary_method: how summaries compare sentences: ``auto`` (MiniLM embeddings when
        installed), ``embeddings`` or ``tfidf``.
    """
    from storyline import __version__
    from storyline.web import routes

    store = db if isinstance(db, Store) else Store.open(db)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if not isinstance(db, Store):  # a store we opened is ours to close
            store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="storyline",
        version=__version__,
        description="A cross-checked, cited record of one news story: documents, events, "
        "quotes, claims, positions and actors. Every item cites its sentence.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.storyline = State(store, token or os.environ.get("STORYLINE_TOKEN") or None,
                                summary_method)
    env = environment(HERE / "templates")
    app.state.templates = Jinja2Templates(env=env)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(routes.pages)
    app.include_router(routes.api)

    return app
