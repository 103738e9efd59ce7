"""The read model, the static HTML report and the Markdown report."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from report_helpers import add_stage_tables, build_store
from storyline.report import charts, views
from storyline.report.html import render_report
from storyline.report.markdown import md_escape, render_markdown
from storyline.report.readers import Corpus, as_list, normal_status, safe_url


@pytest.fixture
def built(db_target: str):
    store, ids = build_store(db_target)
    yield store, ids
    store.close()


@pytest.fixture
def full(built):
    store, ids = built
    add_stage_tables(store, ids)
    return store, ids


class _Tags(HTMLParser):
    """Collects start tags and attributes of a page (what a browser would build)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_readers_helpers():
    assert as_list('["a", "b"]') == ["a", "b"]
    assert as_list("a b") == ["a", "b"]
    assert as_list("a, b") == ["a", "b"]
    assert as_list(None) == []
    assert normal_status("derivative-only") == "added-by-derivative"
    assert normal_status("Contested") == "contested"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url(" https://example.org/x ") == "https://example.org/x"


def test_events_in_date_order_with_independent_sources(built):
    store, _ids = built
    events = views.event_list(Corpus(store))
    assert [e["id"] for e in events] == ["ev-a", "ev-b"]
    a = events[0]
    assert a["n_docs"] == 3
    assert a["n_sources"] == 2  # the Coast Gazette copy counts with Northern Wire


def test_summary_cites_every_sentence_and_marks_single_source(built):
    store, ids = built
    c = Corpus(store)
    event = views.event_detail(c, "ev-a", method="tfidf")
    s = event["summary"]
    items = s["corroborated"] + s["single_source"] + s["added"]
    assert items
    for item in items:
        cite = item["cite"]
        assert cite["doc_id"] in ids.values() and cite["sentence"] is not None
        # The cited sentence is exactly the summary sentence.
        assert c.sentence_text(cite["doc_id"], cite["sentence"]) == item["text"]
        assert cite["anchor"] == f"doc-{cite['doc_id']}-s{cite['sentence']}"
    texts = [i["text"] for i in s["corroborated"]]
    # Said by Northern Wire and Velm Today (the Gazette copy does not add a source).
    assert "Both sides agreed to hold further talks in July." in texts
    assert all(i["n_sources"] >= 2 for i in s["corroborated"])
    assert all(i["status"] == "single-source" for i in s["single_source"])
    # MMR: the same statement never appears twice.
    assert len(texts) == len(set(texts))


def test_numbers_that_differ_are_a_disagreement(built):
    store, _ids = built
    event = views.event_detail(Corpus(store), "ev-a", method="tfidf")
    topics = event["summary"]["disagreements"]
    assert topics, "150 vs 120 prisoners should be reported"
    values = {side["value"] for d in topics for side in d["sides"]}
    assert {"150 prisoners", "120 prisoners"} <= values


def test_rewrite_statistic_is_marked_added(built):
    store, _ids = built
    event = views.event_detail(Corpus(store), "ev-b", method="tfidf")
    added = event["summary"]["added"]
    assert any("71% of Tarsans" in i["text"] for i in added)
    assert all(i["status"] == "added-by-derivative" for i in added)
    assert all("71%" not in i["text"] for i in event["summary"]["corroborated"])


def test_signals_show_copy_and_rewrite(built):
    store, ids = built
    c = Corpus(store)
    copy = {s["signal"]: s for s in views.signals(c, ids["a3"])}
    assert copy["origin"]["value"].startswith("copy of Northern Wire")
    rewrite = {s["signal"]: s for s in views.signals(c, ids["b2"])}
    assert rewrite["origin"]["level"] == "warn"
    assert "adds 1 sentence" in rewrite["added"]["value"]


def test_empty_sections_say_so(built):
    store, _ids = built
    c = Corpus(store)
    notes = views.availability(c)
    assert notes["events"] is None and notes["quotes"] is None
    assert "claims stage" in notes["claims"]
    assert "events stage" in notes["coded_events"]
    html = render_report(c, method="tfidf")
    assert "No claim groups in this database" in html


def test_stage_tables_plug_in(full):
    store, ids = full
    c = Corpus(store)
    claims = views.claim_list(c)
    assert [cl["status"] for cl in claims] == ["corroborated", "contested", "single-source",
                                               "added-by-derivative", "added-by-derivative"]
    contested = claims[1]
    assert contested["contradicting"][0]["doc_id"] == ids["a2"]
    event = views.event_detail(c, "ev-a", method="tfidf")
    assert any(d["basis"] == "claims" for d in event["summary"]["disagreements"])
    # A sentence holding a contested claim is never stated as plain fact.
    for item in event["summary"]["corroborated"]:
        assert "150 prisoners" not in item["text"]
    matrix = views.positions_matrix(c)
    assert next(a["name"] for a in matrix["actors"]) == "Velm"
    steps = matrix["cells"]["VLM"]["ceasefire-full"]
    assert [s["stance"] for s in steps] == ["conditional", "rejects"]
    assert steps[1]["changed_from"] == "conditional"
    coded = views.event_detail(c, "ev-b", method="tfidf")["coded_events"]
    assert coded[0]["type"] == "REJECT" and coded[0]["source"] == "Velm"


def test_claims_read_as_words_with_both_sides_of_a_conflict(full):
    store, ids = full
    c = Corpus(store)
    claims = {cl["id"]: cl for cl in views.claim_list(c)}
    # Ids become names; the kind and the kind of conflict are spelled out.
    voice = claims["c4"]
    assert voice["title"].startswith("Velm in the rewrite")
    assert voice["kind_label"] == "attribution" and voice["kind"] == "statement"
    assert voice["against_label"] == "its source says it in another voice"
    assert voice["contradicting"][0]["doc_id"] == ids["b1"]
    assert "the rewrite changes who says it" in voice["flag_labels"]
    # Values are shown where the mentions differ, not where they agree.
    assert claims["c2"]["show_values"] and not claims["c1"]["show_values"]
    assert claims["c2"]["conflict_labels"] == [] and claims["c2"]["kind"] == "quantity"
    # A related mention (a copy of a supporting article) is neither support nor contradiction.
    assert [x["doc_id"] for x in claims["c1"]["related"]] == [ids["a3"]]
    assert ids["a3"] not in {x["doc_id"] for x in claims["c1"]["supporting"]}
    assert views.readable_label(c, "CONSULT TRS>VLM+?") == "CONSULT: Tarsa → Velm"
    assert views.readable_label(c, "PROTEST VLM>?") == "PROTEST: Velm → (unspecified)"


def test_claims_filter_by_kind_status_and_actor(full):
    store, _ids = full
    c = Corpus(store)

    def ids_of(**kw: str) -> list[str]:
        return [cl["id"] for cl in views.claim_list(c, views.Filters(**kw))]

    assert ids_of(kind="attribution") == ["c4"]
    assert sorted(ids_of(kind="statement")) == ["c4", "c5"]
    assert ids_of(kind="quantity", status="added-by-derivative") == ["c3"]
    assert sorted(ids_of(status="added-by-derivative")) == ["c3", "c4"]
    assert ids_of(actor="VLM") == ["c4"]  # the one claim by or about Velm
    assert ids_of(kind="negation") == []


def test_claims_table_leads_with_what_needs_checking(full):
    store, _ids = full
    html = render_report(Corpus(store), method="tfidf")
    event = html[html.index('id="event-ev-a"'):]
    assert "Corroborated: two or more" in event[:event.index("</article>")]
    assert "Contested: sources disagree" in event[:event.index("</article>")]
    event = html[html.index('id="event-ev-b"'):]
    event = event[event.index("<h3>Claims</h3>"):event.index("</article>")]
    main, _, folded = event.partition("<details")
    assert "Added by a rewrite: not in its source" in main
    assert "71% of Tarsans" in main and "its source says it in another voice" in main
    # One-source statements are folded apart, not mixed with the claims above.
    assert "Single-source statements, by voice (1)" in folded
    assert "The next round is planned for September" not in main
    assert "planned for September" in folded


def test_positions_cells_name_who_said_it_and_say_when_nothing_was(full):
    store, _ids = full
    c = Corpus(store)
    # The positions stage credits the spokesman's stance to his state (registry offices).
    c.__dict__["_represents"] = lambda actor, _when: "VLM" if actor == "ivo-brandt" else None
    matrix = views.positions_matrix(c)
    step = matrix["cells"]["VLM"]["ceasefire-energy"][0]
    assert step["by_stance"][0]["stance"] == "accepts"
    assert step["by_stance"][0]["via"] == ["Ivo Brandt"]
    own = matrix["cells"]["VLM"]["ceasefire-full"][1]["by_stance"][0]
    assert own["via"] == []  # Velm's own words
    html = render_report(c, method="tfidf")
    table = html[html.index('class="matrix"'):]
    table = table[:table.index("</table>")]
    assert "via Ivo Brandt" in table
    assert "no stated stance" in table  # Tarsa on the energy halt
    assert views._short_condition("if A stops; only if A stops; on the condition of B") == \
        "A stops; on the condition of B"


def test_quotes_beyond_the_first_few_are_folded_not_dropped(built):
    from storyline.report.html import environment

    store, _ids = built
    quotes = views.quote_list(Corpus(store))
    env = environment()
    env.globals.update(cite_href=lambda c: "#" + c["anchor"])
    page = env.from_string('{% import "_macros.html" as m with context %}'
                           "{{ m.quotes_by_speaker(groups, 1) }}").render(
        groups=views.quotes_by_speaker(quotes))
    assert page.count("<blockquote>") == len(quotes) > 1
    assert "more</summary>" in page


def test_an_office_holders_quotes_count_for_the_party(full):
    store, _ids = full
    c = Corpus(store)
    assert views.quote_list(c, views.Filters(actor="VLM")) == []  # no registry office
    c = Corpus(store)
    c.__dict__["_represents"] = lambda actor, _when: "VLM" if actor == "ivo-brandt" else None
    quotes = views.quote_list(c, views.Filters(actor="VLM"))
    assert quotes and {q["speaker"] for q in quotes} == {"Ivo Brandt"}
    found = views.search(c, "humanitarian", views.Filters(actor="VLM"))
    assert [q["speaker"] for q in found["quotes"]] == ["Ivo Brandt"]


def test_summary_states_every_corroborated_claim_with_its_sources(full):
    store, _ids = full
    c = Corpus(store)
    for event in views.event_list(c):
        detail = views.event_detail(c, event["id"], method="tfidf")
        s = detail["summary"]
        cited = {(x["doc_id"], x["sentence"]) for i in s["corroborated"]
                 for x in [i["cite"], *i["support"]]}
        listed = {a["title"] for a in s["agreed_claims"]}
        for claim in detail["claims"]:
            if claim["status"] == "corroborated":
                assert claim["title"] in listed or any(
                    (x["doc_id"], x["sentence"]) in cited for x in claim["supporting"])
        for a in s["agreed_claims"]:
            assert a["n_sources"] >= 2 and a["cites"]


def test_stored_signals_read_as_findings(full):
    store, ids = full
    c = Corpus(store)
    found = {s["signal"]: s for s in views.signals(c, ids["b2"])}
    stat = found["unsourced statistic"]
    assert stat["level"] == "warn" and stat["value"].startswith("A statistic is given")
    assert stat["cite"]["sentence"] == 2
    assert found["derivative"]["value"] == "1"  # a count, not 1.0
    html = render_report(c, method="tfidf")
    assert ": None" not in html and "1.0<" not in html


def test_html_report_is_self_contained_and_safe(full):
    store, ids = full
    html = render_report(Corpus(store), method="tfidf", title="Test report")
    tags = tags_of(html)
    # No scripts, no external resources, no event handlers: hostile text is escaped.
    assert not [t for t, _a in tags if t == "script"]
    assert not any(k.startswith("on") for _t, attrs in tags for k in attrs)
    for tag, attrs in tags:
        for key in ("src", "href"):
            value = attrs.get(key) or ""
            assert not value.startswith(("http", "//", "javascript:")) or tag == "a", value
    assert "javascript:" not in html
    assert "&lt;script&gt;window.__xss=4&lt;/script&gt;Evil Outlet" in html
    assert "&lt;img src=x onerror=" in html
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    csp = unescape(meta.group(1))
    assert "default-src 'none'" in csp and "script-src" not in csp
    # Sections, charts and anchors.
    for heading in ("Timeline of events", "What sources disagree on", "Articles by outlet",
                    "Quotes by speaker", "Coded events", "Positions: actors", "Coverage"):
        assert heading in html
    assert html.count("<svg") == 3
    anchors = {a.get("id") for _t, a in tags if a.get("id")}
    links = {a["href"][1:] for t, a in tags if t == "a" and (a.get("href") or "").startswith("#")}
    assert links - anchors == set(), "every in-page link lands on an anchor"
    assert f"doc-{ids['b2']}-s2" in anchors


def test_markdown_report(full):
    store, _ids = full
    md = render_markdown(Corpus(store), method="tfidf")
    assert md.startswith("# storyline report")
    assert "**What sources disagree on**" in md
    assert "[added by a rewrite]" in md
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert md_escape("a|b [x](y) <i>") == r"a\|b \[x\]\(y\) &lt;i&gt;"


def test_charts_escape_labels():
    svg = charts.timeline_svg([{"id": "e", "label": "<script>x</script>", "date": "2030-01-02",
                                "n_docs": 2}], link=lambda e: f"#event-{e}")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "style=" not in svg
    empty = charts.heatmap_svg({"issues": [], "actors": [], "cells": {}, "periods": []})
    assert "No positions" in empty


def test_document_view_highlights_by_offsets(built):
    store, ids = built
    c = Corpus(store)
    doc = views.document_view(c, ids["h1"], mark=(0, 11))
    segs = [s for p in doc["paragraphs"] for s in p]
    assert "".join(s["text"] for s in segs) == c.documents[ids["h1"]]["text"]
    assert [p["text"] for s in segs for p in s["parts"] if p["mark"]] == ["Negotiators"]
    assert [s["sentence"] for s in segs if s["target"]] == [0]
    assert doc["target"] == 0


def test_search_marks_words(built):
    store, _ids = built
    result = views.search(Corpus(store), "orsa PRISONERS")
    assert len(result["sentences"]) == 3
    marked = {p["text"].lower() for h in result["sentences"] for p in h["parts"] if p["mark"]}
    assert marked == {"orsa", "prisoners"}


def test_cli_report_writes_both(tmp_path: Path, runner):
    from storyline.cli import cli

    store, _ids = build_store(tmp_path / "c.db")
    store.close()
    out = tmp_path / "out"
    result = runner.invoke(cli, ["--db", str(tmp_path / "c.db"), "report", "--similarity",
                                 "tfidf", "--html", str(out / "r.html"), "--md",
                                 str(out / "r.md")])
    assert result.exit_code == 0, result.output
    assert (out / "r.html").read_text().startswith("<!DOCTYPE html>")
    assert (out / "r.md").exists()
    usage = runner.invoke(cli, ["--db", str(tmp_path / "c.db"), "report"])
    assert usage.exit_code == 2 and "--html" in usage.output


def test_notebook_api(tmp_path: Path):
    import storyline

    store, ids = build_store(tmp_path / "n.db")
    add_stage_tables(store, ids)
    store.close()
    with storyline.open(tmp_path / "n.db") as corpus:
        quotes = corpus.quotes()
        assert {"text", "speaker", "doc_id", "sentence", "outlet"} <= set(quotes[0])
        assert corpus.quotes(actor="mara-lind")[0]["speaker"] == "Mara Lind"
        assert [c["status"] for c in corpus.claims(status="contested")] == ["contested"]
        assert len(corpus.events()) == 2
        assert corpus.positions(actor="TRS")[0]["stance"] == "supports"
        assert corpus.actors()[0]["name"]
        assert len(corpus.documents_frame(as_frame=False)) == 6
        try:
            import pandas  # noqa: F401
        except ImportError:
            with pytest.raises(ImportError, match="pandas"):
                corpus.claims(as_frame=True)
        else:
            assert next(iter(corpus.claims(as_frame=True)["status"])) == "corroborated"


def test_parquet_export(tmp_path: Path, runner):
    from storyline.cli import cli

    store, _ids = build_store(tmp_path / "p.db")
    store.close()
    result = runner.invoke(cli, ["--db", str(tmp_path / "p.db"), "export", "--format",
                                 "parquet", str(tmp_path / "pq")])
    try:
        import pyarrow.parquet as pq
    except ImportError:
        assert result.exit_code == 1 and "pip install 'storyline[parquet]'" in result.output
        return
    assert result.exit_code == 0, result.output
    table = pq.read_table(tmp_path / "pq" / "sentences.parquet")
    assert table.num_rows > 10 and str(table.schema.field("idx").type) == "int64"


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.shared
def test_seed_report_reads_as_the_issue_asks(shared: Path, tmp_path: Path, runner) -> None:
    """The seeds through the real CLI: two events; every empty cell of the positions
    matrix says that no stance was stated; the rewrite's statistic is marked, as a claim
    added by the rewrite and as an unsourced statistic with its sentence cited."""
    from storyline.cli import cli
    from storyline.store import Store

    db, html_path = str(tmp_path / "seeds.db"), tmp_path / "seeds.html"
    for args in (["add", str(shared / "seeds")], ["analyze"],
                 ["report", "--html", str(html_path)]):
        result = runner.invoke(cli, ["--db", db, *args])
        assert result.exit_code == 0, result.output
    with Store.open(db) as store:
        c = Corpus(store)
        assert len(views.event_list(c)) == 2
        added = [cl for cl in views.claim_list(c, views.Filters(status="added-by-derivative",
                                                                 kind="quantity"))]
        assert any("%" in str(x.get("value") or "") for cl in added for x in cl["supporting"])
        rewrite = next(d for d, o in c.origins.items() if o.get("relation") == "derived")
        stat = [s for s in views.signals(c, rewrite) if s["signal"] == "unsourced statistic"]
        assert stat and stat[0]["level"] == "warn" and stat[0]["cite"]["sentence"] is not None
    html = html_path.read_text(encoding="utf-8")
    table = html[html.index('class="matrix"'):]
    table = table[:table.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table[table.index("<tbody>"):], flags=re.S)
    cells = [cell for row in rows for cell in re.findall(r"<td>(.*?)</td>", row,
                                                          flags=re.S)[1:]]
    assert cells and all(('class="stance' in cell) != ("no stated stance" in cell)
                         for cell in cells)
    assert any("no stated stance" in cell for cell in cells)
    assert "added by a rewrite" in html and "unsourced statistic" in html
