"""Fetching a URL given to ``storyline add`` through trafilatura's downloader."""

from __future__ import annotations

__all__ = ["fetch"]


def fetch(url: str, timeout: int) -> str:
    """Download a page and return its HTML; raises OSError with a one-line reason."""
    from trafilatura import fetch_url
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "DOWNLOAD_TIMEOUT", str(timeout))
    html = fetch_url(url, config=config)
    if not html:
        raise OSError("could not fetch the page (network error or empty response)")
    return html
