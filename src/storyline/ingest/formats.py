"""One parser per input format, each turning decoded text into Documents.

The format comes from the extension; stdin and unknown inputs are sniffed from their
first characters. Parsers yield :class:`IngestError` for a bad record (a malformed JSON
line) and go on with the rest of the file.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from storyline.ingest.errors import IngestError
from storyline.model import Document

__all__ = ["IngestOptions", "Parsed", "detect_format", "parse", "record_to_document"]

Parsed = Document | IngestError


@dataclass(frozen=True)
class IngestOptions:
    """The ``[ingest]`` settings (see defaults.toml)."""

    max_bytes: int = 10_000_000
    text_extensions: tuple[str, ...] = (".txt", ".text", ".md")
    html_extensions: tuple[str, ...] = (".html", ".htm", ".xhtml")
    json_extensions: tuple[str, ...] = (".json",)
    jsonl_extensions: tuple[str, ...] = (".jsonl", ".ndjson")
    feed_extensions: tuple[str, ...] = (".rss", ".atom", ".xml")
    fetch_timeout: int = 20
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_config(cls, section: dict[str, Any]) -> IngestOptions:
        known = {k: v for k, v in section.items() if k in cls.__dataclass_fields__}
        for key, value in known.items():
            if isinstance(value, list):
                known[key] = tuple(value)
        return cls(**known)

    def format_for(self, name: str) -> str | None:
        suffix = PurePath(name).suffix.lower()
        for fmt, extensions in (
            ("text", self.text_extensions),
            ("html", self.html_extensions),
            ("json", self.json_extensions),
            ("jsonl", self.jsonl_extensions),
            ("feed", self.feed_extensions),
        ):
            if suffix in extensions:
                return fmt
        return None


def detect_format(text: str) -> str:
    """Guess the format of input with no usable extension (stdin) from its start."""
    head = text.lstrip()[:512].lower()
    if head.startswith(("{", "[")):
        first_line = text.lstrip().split("\n", 1)[0].strip()
        try:
            json.loads(first_line)
            is_single_line = True
        except ValueError:
            is_single_line = False
        multi = text.strip().count("\n") > 0
        return "jsonl" if is_single_line and multi else "json"
    if head.startswith("<"):
        if "<rss" in head or "<feed" in head or "<rdf:rdf" in head:
            return "feed"
        return "html"
    return "text"


def _clean_field(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).replace("\x00", "").strip()
    return text or None


def _from_html(html: str, url: str | None) -> dict[str, Any]:
    from storyline.clean.html import extract_article

    article = extract_article(html, url=url)
    return {
        "raw_text": article.text,
        "title": article.title,
        "author": article.author,
        "published": article.published,
        "url": article.url or url,
        "outlet": article.outlet,
        "language": article.language,
    }


def record_to_document(record: Any, *, source: str, name: str, path: str | None) -> Parsed:
    """A JSON record with ``text`` or ``html`` (plus optional metadata) to a Document."""
    if not isinstance(record, dict):
        return IngestError(source, f"a record must be a JSON object, not {type(record).__name__}")
    url = _clean_field(record.get("url"))
    fields: dict[str, Any]
    if isinstance(record.get("text"), str) and record["text"].strip():
        fields = {"raw_text": record["text"]}
    elif isinstance(record.get("html"), str) and record["html"].strip():
        fields = _from_html(record["html"], url)
    else:
        return IngestError(source, "record has no non-empty 'text' or 'html' field")
    for key in ("url", "title", "outlet", "author", "published", "language"):
        given = _clean_field(record.get(key))
        if given is not None:
            fields[key] = given
    record_id = _clean_field(record.get("id"))
    meta = {k: v for k, v in record.items() if k not in {"text", "html"} and _is_scalar(v)}
    return _document(
        fields, name=f"{name}#{record_id}" if record_id else name, path=path, meta=meta
    )


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool) or value is None


def _document(
    fields: dict[str, Any], *, name: str, path: str | None, meta: dict[str, Any]
) -> Parsed:
    raw = str(fields.pop("raw_text") or "").replace("\x00", "")
    if not raw.strip():
        return IngestError(name, "no article text found")
    return Document.from_text(raw, name=name, source_path=path, meta=meta, **fields)


def _parse_text(text: str, source: str, name: str, path: str | None) -> Iterator[Parsed]:
    yield _document({"raw_text": text}, name=name, path=path, meta={})


def _parse_html(text: str, source: str, name: str, path: str | None) -> Iterator[Parsed]:
    fields = _from_html(text, None)
    if not str(fields.get("raw_text") or "").strip():
        yield IngestError(source, "no article text found in the HTML")
        return
    yield _document(fields, name=name, path=path, meta={})


def _parse_json(text: str, source: str, name: str, path: str | None) -> Iterator[Parsed]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield IngestError(source, f"malformed JSON at line {exc.lineno}: {exc.msg}")
        return
    records = data if isinstance(data, list) else [data]
    for number, record in enumerate(records, start=1):
        label = name if len(records) == 1 else f"{name}#{number}"
        yield record_to_document(record, source=f"{source}[{number}]", name=label, path=path)


def _parse_jsonl(text: str, source: str, name: str, path: str | None) -> Iterator[Parsed]:
    for line_no, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestError(f"{source}:{line_no}", f"malformed JSON line ({exc.msg})")
            continue
        label = f"{name}#line{line_no}"
        if isinstance(record, dict) and record.get("id") is not None:
            label = name  # record_to_document appends the id
        yield record_to_document(record, source=f"{source}:{line_no}", name=label, path=path)


def _parse_feed(text: str, source: str, name: str, path: str | None) -> Iterator[Parsed]:
    from storyline.ingest.feeds import parse_feed

    yield from parse_feed(text, source=source, name=name, path=path)


PARSERS: dict[str, Callable[[str, str, str, str | None], Iterator[Parsed]]] = {
    "text": _parse_text,
    "html": _parse_html,
    "json": _parse_json,
    "jsonl": _parse_jsonl,
    "feed": _parse_feed,
}


def parse(fmt: str, text: str, *, source: str, name: str, path: str | None) -> Iterator[Parsed]:
    """Run the parser for ``fmt`` over decoded ``text``."""
    yield from PARSERS[fmt](text, source, name, path)
