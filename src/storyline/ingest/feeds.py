"""RSS and Atom feed files: each entry with content becomes a document.

Feed entries usually carry HTML fragments, not whole pages, so they are converted with a
fragment-to-text routine that keeps paragraph breaks rather than with the page extractor,
which is tuned to find one article inside page furniture.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import feedparser
from lxml import html as lxml_html

from storyline.ingest.errors import IngestError
from storyline.model import Document

__all__ = ["fragment_to_text", "parse_feed"]

_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr")
_BLANKS = re.compile(r"\n\s*\n+")


def fragment_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one paragraph per block element."""
    if "<" not in fragment:
        return fragment.strip()
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    for bad in root.xpath("//script|//style|//noscript|//iframe"):
        bad.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n\n" + (element.tail or "")
    text = root.text_content()
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def _iso(parsed: Any) -> str | None:
    if not parsed:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%S", parsed)


def parse_feed(
    text: str, *, source: str, name: str, path: str | None
) -> Iterator[Document | IngestError]:
    feed = feedparser.parse(text)
    if feed.bozo and not feed.entries:
        reason = getattr(feed, "bozo_exception", "unreadable")
        yield IngestError(source, f"not a readable RSS/Atom feed ({reason})")
        return
    outlet = (feed.feed.get("title") or "").strip() or None
    for number, entry in enumerate(feed.entries, start=1):
        bodies = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
        body = max(bodies, key=len) if bodies else entry.get("summary", "")
        text_body = fragment_to_text(body or "")
        key = entry.get("id") or entry.get("link") or str(number)
        label = f"{name}#{key}"
        if not text_body.strip():
            yield IngestError(f"{source}#{number}", "feed entry has no content")
            continue
        yield Document.from_text(
            text_body,
            name=label,
            source_path=path,
            url=entry.get("link"),
            title=(entry.get("title") or "").strip() or None,
            author=entry.get("author"),
            published=_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
            outlet=outlet,
            language=feed.feed.get("language"),
            meta={"feed_entry": key},
        )
