"""Ingestion: every input format, and every kind of bad input, one line each."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from storyline.ingest import IngestError, IngestOptions, ingest
from storyline.model import Document

ARTICLE = (
    "Harbour talks resume in Samberg\n\n"
    "Negotiators from both sides met on Monday for a second round of talks.\n\n"
    "The mediator said progress had been slow but steady."
)

PAGE = """<html lang="en"><head><title>Harbour talks resume | Example Post</title>
<meta name="author" content="Mira Osk">
<meta property="article:published_time" content="2031-03-04T09:00:00Z">
<meta property="og:site_name" content="Example Post"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Harbour talks resume</h1>
<p>Negotiators from both sides met on Monday for a second round of talks in the port city,
officials said, after a pause of nearly three weeks that had raised fears of collapse.</p>
<p>The mediator said progress had been slow but steady, and that both delegations had
agreed to keep meeting until a framework for a truce was in place.</p>
<p>A third round is expected next week, according to a statement from the foreign ministry,
which did not give a precise date or say who would lead the delegation.</p>
</article><footer>Copyright Example Post. All rights reserved.</footer></body></html>"""

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>
<link>https://wire.example/</link><description>news</description>
<item><title>Truce holds</title><link>https://wire.example/truce</link>
<guid>wire-1</guid><pubDate>Tue, 04 Mar 2031 10:00:00 GMT</pubDate>
<description><![CDATA[<p>The truce held overnight.</p>
<p>Both sides reported calm.</p>]]></description>
</item></channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Example Atom</title><id>urn:x</id><updated>2031-03-04T10:00:00Z</updated>
<entry><title>Talks end</title><id>urn:e1</id><link href="https://a.example/e1"/>
<updated>2031-03-05T10:00:00Z</updated>
<content type="html">&lt;p&gt;The talks ended without a deal.&lt;/p&gt;</content></entry></feed>"""


def run(*paths: Path | str, **options: object) -> list[Document | IngestError]:
    return list(ingest([str(p) for p in paths], IngestOptions(**options)))  # type: ignore[arg-type]


def only_doc(items: list[Document | IngestError]) -> Document:
    assert len(items) == 1, items
    assert isinstance(items[0], Document), items[0]
    return items[0]


def only_error(items: list[Document | IngestError]) -> IngestError:
    assert len(items) == 1, items
    assert isinstance(items[0], IngestError), items[0]
    return items[0]


def test_plain_text_file_keeps_text_and_name(tmp_path: Path) -> None:
    path = tmp_path / "talks.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    doc = only_doc(run(path))
    assert doc.raw_text == ARTICLE
    assert doc.name == "talks.txt"
    assert doc.source_path == str(path)
    assert len(doc.id) == 16 and doc.content_hash.startswith(doc.id)


def test_html_page_gives_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = only_doc(run(path))
    assert "second round of talks" in doc.raw_text
    assert "All rights reserved" not in doc.raw_text
    assert doc.author == "Mira Osk"
    assert (doc.published or "").startswith("2031-03-04")


def test_gzipped_html_is_read_by_inner_extension(tmp_path: Path) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(PAGE.encode("utf-8")))
    doc = only_doc(run(path))
    assert "second round of talks" in doc.raw_text
    assert doc.name == "page.html"


def test_json_file_with_one_record_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    record = {
        "id": "a1",
        "text": ARTICLE,
        "url": "https://x.example/a1",
        "title": "T",
        "outlet": "Example Post",
        "published": "2031-03-04",
    }
    path.write_text(json.dumps(record), encoding="utf-8")
    doc = only_doc(run(path))
    assert (doc.url, doc.title, doc.outlet, doc.published) == (
        "https://x.example/a1",
        "T",
        "Example Post",
        "2031-03-04",
    )
    assert doc.name == "one.json#a1"


def test_json_list_and_html_field(tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    path.write_text(json.dumps([{"text": "First article body."}, {"html": PAGE}]), "utf-8")
    docs = run(path)
    assert [type(d) for d in docs] == [Document, Document]
    assert "second round of talks" in docs[1].raw_text  # type: ignore[union-attr]


def test_jsonl_bad_line_is_reported_and_the_rest_kept(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(
        json.dumps({"id": "r1", "text": "First body."})
        + "\n{not json\n"
        + json.dumps({"id": "r3", "text": "Third body."})
        + "\n"
        + json.dumps({"id": "r4"})
        + "\n",
        encoding="utf-8",
    )
    items = run(path)
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, IngestError)]
    assert [d.name for d in docs] == ["records.jsonl#r1", "records.jsonl#r3"]
    assert [e.source for e in errors] == [f"{path}:2", f"{path}:4"]
    assert "malformed JSON line" in errors[0].reason
    assert "no non-empty 'text' or 'html'" in errors[1].reason


def test_rss_feed_item_becomes_a_document(tmp_path: Path) -> None:
    path = tmp_path / "wire.rss"
    path.write_text(FEED, encoding="utf-8")
    doc = only_doc(run(path))
    assert doc.raw_text == "The truce held overnight.\n\nBoth sides reported calm."
    assert (doc.title, doc.url, doc.outlet) == (
        "Truce holds",
        "https://wire.example/truce",
        "Example Wire",
    )
    assert doc.published == "2031-03-04T10:00:00"
    assert doc.name == "wire.rss#wire-1"


def test_atom_feed_entry_becomes_a_document(tmp_path: Path) -> None:
    path = tmp_path / "feed.atom"
    path.write_text(ATOM, encoding="utf-8")
    doc = only_doc(run(path))
    assert doc.raw_text == "The talks ended without a deal."
    assert doc.url == "https://a.example/e1"


def test_stdin_is_sniffed() -> None:
    items = list(ingest(["-"], IngestOptions(), stdin=io.BytesIO(ARTICLE.encode())))
    assert only_doc(items).name == "stdin"
    items = list(ingest(["-"], IngestOptions(), stdin=io.BytesIO(FEED.encode())))
    assert only_doc(items).title == "Truce holds"


def test_directory_is_read_recursively_and_hidden_files_skipped(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Article one body.", "utf-8")
    (tmp_path / "sub" / "b.txt").write_text("Article two body.", "utf-8")
    (tmp_path / ".hidden.txt").write_text("Secret.", "utf-8")
    names = [d.name for d in run(tmp_path) if isinstance(d, Document)]
    assert names == ["a.txt", "b.txt"]


def test_url_is_fetched_and_extracted(monkeypatch: pytest.MonkeyPatch) -> None:
    import storyline.ingest.http as http

    monkeypatch.setattr(http, "fetch", lambda url, timeout: PAGE)
    doc = only_doc(run("https://news.example/talks"))
    assert doc.url == "https://news.example/talks"
    assert "second round of talks" in doc.raw_text


def test_url_fetch_failure_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import storyline.ingest.http as http

    def fail(url: str, timeout: int) -> str:
        raise OSError("could not fetch the page (network error or empty response)")

    monkeypatch.setattr(http, "fetch", fail)
    error = only_error(run("https://news.example/down"))
    assert str(error) == (
        "https://news.example/down: could not fetch the page (network error or empty response)"
    )


# -- bad input ------------------------------------------------------------------------


def test_windows_1252_text_is_decoded_by_detection(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    text = "The minister’s “final offer” was rejected — again, said café owners in Velmar. " * 3
    path.write_bytes(text.encode("cp1252"))
    doc = only_doc(run(path))
    assert "minister’s “final offer”" in doc.raw_text


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    error = only_error(run(path))
    assert error.reason.startswith("binary file")
    assert error.source == str(path)


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n", "utf-8")
    assert only_error(run(path)).reason == "empty file"


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("word " * 100, "utf-8")
    error = only_error(run(path, max_bytes=100))
    assert "over the 100-byte limit" in error.reason


def test_gzip_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(gzip.compress(b" " * 10_000))
    error = only_error(run(path, max_bytes=1_000))
    assert "decompressed size is over" in error.reason


def test_malformed_json_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"text": "unterminated', "utf-8")
    assert "malformed JSON" in only_error(run(path)).reason


def test_unknown_extension_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "slides.pptx"
    path.write_text("not really", "utf-8")
    error = only_error(run(path))
    assert error.reason.startswith("unknown extension .pptx; expected one of")


def test_missing_file_is_reported(tmp_path: Path) -> None:
    assert only_error(run(tmp_path / "nope.txt")).reason == "no such file"


def test_html_with_no_article_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><body><script>var x=1;</script></body></html>", "utf-8")
    assert "no article text" in only_error(run(path)).reason


def test_one_bad_file_does_not_stop_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Good article body.", "utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "c.txt").write_text("Another good body.", "utf-8")
    kinds = [type(i).__name__ for i in run(tmp_path)]
    assert kinds == ["Document", "IngestError", "Document"]
