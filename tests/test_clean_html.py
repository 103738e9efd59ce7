"""HTML main-text extraction on small hand-written pages.

Each page is built so that trafilatura on its own keeps some of the furniture
(headline, "Read more:" line, sign-up box, credits), which our pruning must drop, while
every article paragraph must survive intact.
"""

from __future__ import annotations

import socket

import pytest

from storyline.clean.html import Article, extract_article

PARAGRAPHS = [
    "The harbour bridge reopened to traffic on Tuesday morning after eleven months of "
    "repairs to its corroded steel deck, the city's transport department said.",
    "Engineers replaced more than four hundred deck plates and repainted the main span, "
    "work that was delayed twice by winter storms and a shortage of specialist welders.",
    "Commuters who had faced a forty-minute detour through the industrial estate welcomed "
    "the reopening, although a weight limit for lorries will stay in place until May.",
    "The department said the final bill came to 48 million pounds, about a fifth more than "
    "the original estimate, and that an independent review would report in the summer.",
]

JUNK = [
    "Home",
    "Harbour bridge reopens after repairs",  # the headline, kept as metadata only
    "By Jane Doe",
    "Council approves new ferry timetable",
    "The bridge at dawn, seen from the north bank",
    "Photo: John Roe/Example Agency",
    "Share on Facebook",
    "Sign up for our morning newsletter",
    "Reporting by Jane Doe; Editing by Sam Poe",
    "You may also like",
    "Storm closes schools across the region for a second day",
    "Copyright 2024",
]


def article_page(body_extra: str = "") -> str:
    """A news page with metadata, navigation, one article and the usual furniture."""
    p = PARAGRAPHS
    return f"""<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>Harbour bridge reopens after repairs - The Daily Example</title>
<meta property="og:title" content="Harbour bridge reopens after repairs">
<meta property="og:site_name" content="The Daily Example">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-03-05T08:30:00+00:00">
<meta name="description" content="The city's main bridge is open again after eleven months.">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<main><article>
<h1>Harbour bridge reopens after repairs</h1>
<p class="byline">By Jane Doe</p>
<p>{p[0]}</p>
<figure><img src="bridge.jpg" alt="The bridge at dawn, seen from the north bank">
<figcaption>The bridge at dawn, seen from the north bank</figcaption></figure>
<p>Photo: John Roe/Example Agency</p>
<p>{p[1]}</p>
<p>Read more: <a href="/ferry">Council approves new ferry timetable</a></p>
<p>{p[2]}</p>
{body_extra}
<p>{p[3]}</p>
<p>(Reporting by Jane Doe; Editing by Sam Poe)</p>
<div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
<p>Sign up for our morning newsletter and get the day's headlines in your inbox.</p>
<h3>You may also like</h3>
<ul><li><a href="/a">Storm closes schools across the region for a second day</a></li>
<li><a href="/b">Ferry operator warns of delays as crews strike over pay</a></li></ul>
</article></main>
<footer><p>Copyright 2024 The Daily Example. All rights reserved.</p></footer>
</body></html>"""


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Extraction must never fetch anything: any connection attempt fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("extract_article tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_main_text_is_found_whole_and_in_order() -> None:
    article = extract_article(article_page(), url="https://example.com/news/bridge")
    assert article.text.split("\n\n") == PARAGRAPHS


@pytest.mark.parametrize("junk", JUNK)
def test_page_furniture_is_dropped(junk: str) -> None:
    assert junk not in extract_article(article_page()).text


def test_metadata_is_read_from_the_page() -> None:
    article = extract_article(article_page(), url="https://example.com/news/bridge")
    assert article.title == "Harbour bridge reopens after repairs"
    assert article.author == "Jane Doe"
    assert article.published == "2024-03-05"
    assert article.outlet == "The Daily Example"
    assert article.language == "en"
    assert article.url == "https://example.com/news/bridge"
    assert article.description == "The city's main bridge is open again after eleven months."


def test_canonical_url_is_used_when_none_is_given() -> None:
    page = article_page().replace(
        "<head>", '<head><link rel="canonical" href="https://example.com/bridge">'
    )
    assert extract_article(page).url == "https://example.com/bridge"


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n",
        "<html><head><script>var x = 1;</script></head><body></body></html>",
        "<html><body><script>document.write('hello')</script></body></html>",
        "<p>",
    ],
)
def test_empty_or_script_only_page_gives_empty_text(html: str) -> None:
    article = extract_article(html)
    assert isinstance(article, Article)
    assert article.text == ""


def test_hostile_script_text_never_reaches_the_output() -> None:
    payload = "<script>document.write('INJECTED'); fetch('https://evil.example/x')</script>"
    hostile = article_page(body_extra=f"<p>{payload}</p>{payload}")
    hostile = hostile.replace(f"<p>{PARAGRAPHS[1]}</p>", f"<p>{PARAGRAPHS[1]}{payload}</p>")
    text = extract_article(hostile).text
    assert "INJECTED" not in text
    assert "evil.example" not in text
    assert "document.write" not in text
    assert PARAGRAPHS[1] in text


def test_embedded_post_in_a_social_widget_is_kept_as_a_quote() -> None:
    tweet = (
        '<div class="social-embed"><blockquote class="twitter-tweet"><p>The bridge is '
        "open again, and the first bus crossed at 6am sharp this morning.</p>&mdash; City "
        "Transport (@citytransport) March 5, 2024</blockquote></div>"
    )
    text = extract_article(article_page(body_extra=tweet)).text
    assert "the first bus crossed at 6am sharp this morning" in text


def test_article_split_into_boxes_around_an_ad_is_merged() -> None:
    """Boxes of one class, each in its own grid cell next to a rail, as some sites cut a
    story around ads; trafilatura alone keeps only the first box."""
    extra = [
        "Local businesses on the south bank said trade had fallen by a third during the "
        "closure, and several asked the council for help with their business rates.",
        "The council said it would consider a one-off grant scheme at its next meeting, "
        "but warned that any money would have to come from the roads budget.",
    ]
    chunk = (
        '<div class="grid"><div class="grid-item article-body">{}</div>'
        '<aside class="rail"><a href="/x">Most read</a></aside></div>'
    )
    page = (
        '<html><head><title>Bridge reopens</title></head><body><article><div class="chunks">'
        + chunk.format("".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2]))
        + '<div class="ad-slot">Advertisement</div>'
        + chunk.format("".join(f"<p>{p}</p>" for p in PARAGRAPHS[2:] + extra))
        + "</div></article></body></html>"
    )
    assert extract_article(page).text.split("\n\n") == PARAGRAPHS + extra


def test_title_and_teaser_headlines_before_the_story_are_dropped() -> None:
    teaser = '<p><a href="/x">Mayor promises new cycle lanes on every bridge by 2026 budget</a></p>'
    page = article_page().replace("<h1>", teaser + "<h1>")
    text = extract_article(page).text
    assert text.startswith(PARAGRAPHS[0])
