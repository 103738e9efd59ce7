"""End-to-end: the dashboard and the static report in headless Chromium (Playwright).

Uses Debian's Chromium (/usr/bin/chromium; `.ci/run` installs it). Without it, or without
Playwright, these tests skip and say why. The server runs with uvicorn on 127.0.0.1 on a
free port, in a thread; every wait is bounded.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from report_helpers import add_stage_tables, build_store

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[1]
TIMEOUT_MS = 10_000

if not CHROMIUM.exists():
    pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium "
                "(apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="browser tests need Playwright (pip install playwright)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    import uvicorn

    from storyline.report.html import render_report, write_text
    from storyline.report.readers import Corpus
    from storyline.web import create_app

    folder = tmp_path_factory.mktemp("browser")
    store, ids = build_store(folder / "b.db")
    add_stage_tables(store, ids)
    report = folder / "report.html"
    write_text(report, render_report(Corpus(store), method="tfidf"))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store, summary_method="tfidf"),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start within 15 s"
    yield {"base": f"http://127.0.0.1:{port}", "ids": ids, "report": report, "dir": folder}
    server.should_exit = True
    thread.join(timeout=5)
    store.close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                     args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs  # type: ignore[attr-defined]
    yield page
    context.close()


def _save(page, name: str, folder: Path) -> Path:
    shot = folder / name
    page.screenshot(path=str(shot), full_page=False)
    out = REPO / "out" / "screenshots"
    if out.is_dir():
        shutil.copy(shot, out / name)
    return shot


def test_claim_clicks_through_to_highlighted_sentence(site, page):
    page.goto(site["base"] + "/claims")
    first = page.locator("table a.cite").first
    first.click()
    page.wait_for_url("**/documents/**")
    highlighted = page.locator(".s.hl")
    assert highlighted.count() == 1
    assert highlighted.is_visible()
    assert "Orsa bridge" in highlighted.inner_text()
    assert page.locator("mark").first.inner_text() == "at the Orsa bridge"
    # The browser scrolled the cited sentence into view.
    box = highlighted.bounding_box()
    assert box is not None and 0 <= box["y"] < 900
    shot = _save(page, "dashboard-claim-source.png", site["dir"])
    assert shot.stat().st_size > 5000


def test_kind_filter_then_click_through_to_the_source_sentence(site, page):
    page.goto(site["base"] + "/claims")
    # The drop-down applies at once (app.js); a voice conflict cites both articles.
    page.select_option("select[name=kind]", "attribution")
    page.wait_for_url("**kind=attribution**")
    rows = page.locator("table.claims tbody tr:not(.group)")
    assert rows.count() == 1
    assert "its source says it in another voice" in rows.first.inner_text()
    rows.first.locator("a.cite").last.click()  # the source's side
    page.wait_for_url(f"**/documents/{site['ids']['b1']}**")
    highlighted = page.locator(".s.hl")
    assert highlighted.count() == 1 and "Velm rejected a full ceasefire" in \
        highlighted.inner_text()
    assert page.locator("mark").first.inner_text() == "Velm rejected a full ceasefire"


def test_report_positions_matrix_is_readable(site, page):
    page.goto(site["report"].as_uri())
    matrix = page.locator("table.matrix")
    assert matrix.is_visible()
    # An actor without a stance on an issue says so in words; stances cite their sentence.
    assert matrix.locator(".none").first.inner_text() == "no stated stance"
    link = matrix.locator("a.cite").first
    target = link.get_attribute("href")
    link.click()
    assert page.evaluate("location.hash") == target
    assert page.locator(":target").count() == 1
    _save(page, "report-positions-source.png", site["dir"])


def test_hostile_article_does_not_execute(site, page):
    ids = site["ids"]
    for url in (f"/documents/{ids['h1']}", "/events/ev-b", "/quotes", "/search?q=script"):
        page.goto(site["base"] + url)
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__xss") == "undefined", url
        # The only script on the page is the dashboard's own file.
        sources = page.eval_on_selector_all("script", "els => els.map(e => e.src)")
        assert all(s.endswith("/static/app.js") for s in sources), sources
        assert page.locator("img").count() == 0
    assert page.dialogs == []
    page.goto(site["base"] + f"/documents/{ids['h1']}")
    assert "<script>window.__xss=4</script>Evil Outlet" in page.inner_text("body")
    _save(page, "dashboard-hostile-article.png", site["dir"])


def test_static_report_works_offline(site, page):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site["report"].as_uri())
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("svg").count() == 3
    link = page.locator("#events .summary a.cite").first
    target = link.get_attribute("href")
    link.click()
    assert page.evaluate("location.hash") == target
    assert page.locator(":target").count() == 1
    assert all(u.startswith("file:") for u in requests), requests
    _save(page, "report-citation.png", site["dir"])
