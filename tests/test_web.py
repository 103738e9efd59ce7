"""The dashboard and JSON API through FastAPI's TestClient."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from report_helpers import add_stage_tables, build_store
from storyline.web import create_app

TOKEN = "s3cret-token"


@pytest.fixture
def app_ids(db_target: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("STORYLINE_TOKEN", raising=False)
    store, ids = build_store(db_target)
    add_stage_tables(store, ids)
    app = create_app(store, token=TOKEN, summary_method="tfidf")
    with TestClient(app) as client:
        yield client, ids
    store.close()


def test_pages_render_with_security_headers(app_ids):
    client, ids = app_ids
    for url in ("/", "/documents", "/quotes", "/claims", "/positions", "/actors",
                "/search?q=orsa", "/events/ev-a", "/events/ev-b", f"/documents/{ids['a1']}"):
        r = client.get(url)
        assert r.status_code == 200, url
        assert "default-src 'none'" in r.headers["content-security-policy"]
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "<script>" not in r.text  # the one script is external: <script src=...>
    assert client.get("/events/nope").status_code == 404
    assert client.get("/documents/nope").status_code == 404


def test_event_page_shows_all_sections(app_ids):
    client, _ids = app_ids
    html = client.get("/events/ev-b").text
    for heading in ("What sources disagree on", "Articles by outlet", "Claims",
                    "Quotes by speaker", "Coded events", "Positions", "Added by a rewrite"):
        assert heading in html
    assert "71% of Tarsans" in html and "added by a rewrite" in html


def test_citation_clicks_through_to_highlighted_sentence(app_ids):
    client, _ids = app_ids
    claims = client.get("/api/claims").json()
    cite = claims[0]["supporting"][0]
    page = client.get("/claims").text
    href = f"/documents/{cite['doc_id']}?s={cite['sentence']}&amp;start={cite['start']}"
    assert href in page
    doc = client.get(f"/documents/{cite['doc_id']}",
                     params={"s": cite["sentence"], "start": cite["start"], "end": cite["end"]})
    anchor = f'id="doc-{cite["doc_id"]}-s{cite["sentence"]}"'
    assert f'class="s hl"{anchor[:0]} {anchor}' in doc.text or f'class="s hl" {anchor}' in doc.text
    assert "<mark>at the Orsa bridge</mark>" in doc.text


def test_hostile_article_is_escaped(app_ids):
    client, ids = app_ids
    pages = [client.get(f"/documents/{ids['h1']}").text, client.get("/events/ev-b").text,
             client.get("/documents").text, client.get("/quotes").text,
             client.get("/search", params={"q": "script"}).text]
    for html in pages:
        assert "<script>window" not in html
        assert "<img src=x" not in html and "<b onmouseover" not in html
        assert "javascript:" not in html
    assert "&lt;script&gt;window.__xss=4&lt;/script&gt;Evil Outlet" in pages[0]
    api = client.get(f"/api/documents/{ids['h1']}").json()
    assert api["url"] is None  # a javascript: URL is never handed out as a link
    assert "<script>" in api["text"]  # JSON keeps the text as written; it is data


def test_api_endpoints_and_filters(app_ids):
    client, ids = app_ids
    docs = client.get("/api/documents").json()
    assert len(docs) == 6 and {"id", "title", "outlet", "date"} <= set(docs[0])
    assert [d["id"] for d in client.get("/api/documents", params={"outlet": "Velm Today"})
            .json()] == [ids["a2"]]
    assert len(client.get("/api/documents", params={"date_from": "2030-07-01"}).json()) == 3
    assert client.get("/api/documents", params={"date_from": "July"}).status_code == 422
    # The filter form submits every field, blank ones too: a blank date is no filter.
    blank = {"actor": "", "outlet": "Velm Today", "date_from": "", "date_to": "", "event": "",
             "status": "", "kind": ""}
    assert [d["id"] for d in client.get("/api/documents", params=blank).json()] == [ids["a2"]]
    assert client.get("/claims", params=blank).status_code == 200
    detail = client.get(f"/api/documents/{ids['a1']}").json()
    s0 = detail["sentences"][0]
    assert detail["text"][s0["start_char"]:s0["end_char"]] == s0["text"]
    events = client.get("/api/events").json()
    assert [e["id"] for e in events] == ["ev-a", "ev-b"]
    event = client.get("/api/events/ev-a").json()
    assert event["summary"]["corroborated"] and event["claims"]
    quotes = client.get("/api/quotes", params={"actor": "mara-lind"}).json()
    assert quotes and {q["speaker"] for q in quotes} == {"Mara Lind"}
    claims = client.get("/api/claims", params={"status": "contested"}).json()
    assert [c["id"] for c in claims] == ["c2"]
    positions = client.get("/api/positions", params={"actor": "VLM"}).json()
    assert {p["stance"] for p in positions} == {"conditional", "rejects", "accepts"}
    assert client.get("/api/actors").json()[0]["name"]
    assert client.get("/api/coded-events").json()[0]["type"] == "REJECT"
    found = client.get("/api/search", params={"q": "orsa bridge"}).json()
    assert len(found["sentences"]) == 3


def test_claims_filter_by_new_kinds_and_statuses(app_ids):
    client, ids = app_ids

    def claim_ids(**params: str) -> list[str]:
        return [c["id"] for c in client.get("/api/claims", params=params).json()]

    assert claim_ids(kind="attribution") == ["c4"]
    assert sorted(claim_ids(kind="statement")) == ["c4", "c5"]
    assert sorted(claim_ids(status="added-by-derivative")) == ["c3", "c4"]
    assert claim_ids(status="added-by-derivative", kind="quantity") == ["c3"]
    voice = client.get("/api/claims", params={"kind": "attribution"}).json()[0]
    assert voice["conflicts"] == ["attribution"] and voice["title"].startswith("Velm")
    assert voice["contradicting"][0]["doc_id"] == ids["b1"]
    # The page offers both filters, and with a filter on nothing is folded away.
    page = client.get("/claims", params={"status": "single-source"}).text
    assert '<option value="added-by-derivative">added by a rewrite</option>' in page
    assert '<option value="attribution">conflict: attribution</option>' in page
    assert "<details open>" in page and "planned for September" in page
    assert "<details open>" not in client.get("/claims").text


def test_openapi_schema(app_ids):
    client, _ids = app_ids
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    for path in ("/api/documents", "/api/documents/{doc_id}", "/api/events",
                 "/api/events/{event_id}", "/api/quotes", "/api/claims", "/api/positions",
                 "/api/actors", "/api/search"):
        assert "get" in paths[path], path
    post = paths["/api/documents"]["post"]
    assert post["security"] and "HTTPBearer" in schema["components"]["securitySchemes"]
    assert "Claim" in schema["components"]["schemas"]
    assert client.get("/docs").status_code == 404  # the CDN-backed docs page is off


def test_adding_documents_needs_the_token(app_ids):
    client, _ids = app_ids
    body = {"text": "A new article about the talks in Harlow. It has two sentences.",
            "title": "New", "outlet": "Test Wire"}
    assert client.post("/api/documents", json=body).status_code == 401
    wrong = client.post("/api/documents", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    ok = client.post("/api/documents", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 201 and ok.json()["added"] and ok.json()["status"] == "pending"
    again = client.post("/api/documents", json=body,
                        headers={"Authorization": f"Bearer {TOKEN}"})
    assert again.status_code == 200 and not again.json()["added"]
    assert len(client.get("/api/documents").json()) == 7  # the read model saw the change
    bad = client.post("/api/documents", json={"title": "x"},
                      headers={"Authorization": f"Bearer {TOKEN}"})
    assert bad.status_code == 422


def test_no_token_means_read_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("STORYLINE_TOKEN", raising=False)
    store, _ids = build_store(tmp_path / "ro.db")
    with TestClient(create_app(store, summary_method="tfidf")) as client:
        r = client.post("/api/documents", json={"text": "Some text here."},
                        headers={"Authorization": "Bearer anything"})
        assert r.status_code == 403 and "STORYLINE_TOKEN" in r.json()["detail"]
        # Sections whose stage has not run say so.
        assert "claims stage has not run" in client.get("/claims").text
    store.close()


def test_serve_binds_loopback_and_warns_otherwise(tmp_path: Path, runner, monkeypatch):
    import uvicorn

    from storyline.cli import cli

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    db = str(tmp_path / "s.db")
    result = runner.invoke(cli, ["--db", db, "serve", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert calls[-1]["host"] == "127.0.0.1" and calls[-1]["port"] == 8123
    assert "warning" not in result.output
    result = runner.invoke(cli, ["--db", db, "serve", "--host", "0.0.0.0"])
    assert result.exit_code == 0 and "warning: binding to 0.0.0.0" in result.output
