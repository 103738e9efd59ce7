"""Ingestion: files, directories, stdin, feeds and URLs in; Documents (or errors) out.

:func:`ingest` never raises for bad input. It yields an :class:`IngestError` naming the
file and the reason, and goes on with the rest, so one broken file in a scrape of
thousands costs one line on stderr.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from storyline.ingest.errors import IngestError
from storyline.ingest.files import DecodeFailure, decode_bytes, discover, read_input
from storyline.ingest.formats import IngestOptions, Parsed, detect_format, parse

__all__ = ["IngestError", "IngestOptions", "Parsed", "ingest", "ingest_source"]


def _is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def ingest_source(
    source: str, options: IngestOptions, stdin: io.BufferedIOBase | None = None
) -> Iterator[Parsed]:
    """Documents from one file, ``-`` or URL."""
    if _is_url(source):
        yield from _ingest_url(source, options)
        return
    try:
        raw = read_input(source, options.max_bytes, stdin=stdin)
    except OSError as exc:
        yield IngestError(source, str(exc) or exc.__class__.__name__)
        return
    if not raw.data.strip():
        yield IngestError(source, "empty file")
        return
    fmt = options.format_for(raw.name) if raw.path is not None else None
    if fmt is None and raw.path is not None:
        known = sorted(
            {
                *options.text_extensions,
                *options.html_extensions,
                *options.json_extensions,
                *options.jsonl_extensions,
                *options.feed_extensions,
            }
        )
        suffix = raw.path.suffix or "(none)"
        yield IngestError(source, f"unknown extension {suffix}; expected one of {' '.join(known)}")
        return
    try:
        text, _encoding = decode_bytes(raw.data)
    except DecodeFailure as exc:
        yield IngestError(source, str(exc))
        return
    if not text.strip():
        yield IngestError(source, "empty file")
        return
    fmt = fmt or detect_format(text)
    path = str(raw.path) if raw.path is not None else None
    name = raw.name if raw.path is not None else "stdin"  # raw.name drops a .gz suffix
    try:
        yield from parse(fmt, text, source=source, name=name, path=path)
    except Exception as exc:  # a parser bug must not end the run; report it as bad input
        yield IngestError(source, f"could not parse as {fmt} ({exc.__class__.__name__}: {exc})")


def _ingest_url(url: str, options: IngestOptions) -> Iterator[Parsed]:
    from storyline.ingest.formats import record_to_document
    from storyline.ingest.http import fetch

    try:
        html = fetch(url, options.fetch_timeout)
    except OSError as exc:
        yield IngestError(url, str(exc))
        return
    yield record_to_document({"html": html, "url": url}, source=url, name=url, path=None)


def ingest(
    paths: Iterable[str],
    options: IngestOptions | None = None,
    stdin: io.BufferedIOBase | None = None,
) -> Iterator[Parsed]:
    """Documents and errors from every path (directories recursively), in order."""
    options = options or IngestOptions()
    for source in discover(paths):
        yield from ingest_source(source, options, stdin=stdin)
