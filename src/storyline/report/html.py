"""The static HTML report: one self-contained file that works offline.

Everything is inline: the stylesheet (allowed by its hash in the page's
Content-Security-Policy), the SVG charts (drawn in Python), and the articles themselves,
so every citation is an in-page anchor (``#doc-<id>-s<idx>``) that lands on the
sentence, highlighted with CSS ``:target``. The page runs no script at all, and its CSP
says so: an article that smuggles in ``<script>`` or ``onerror=`` is escaped by the
templates (autoescape on) and would be refused by the browser even if it were not.
"""

from __future__ import annotations

import base64
import hashlib
import os
import tempfile
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, select_autoescape
from markupsafe import Markup

from storyline.report import charts, views
from storyline.report.readers import Corpus
from storyline.store import Store

__all__ = [
    "csp_for_style",
    "css",
    "environment",
    "render_report",
    "write_report",
    "write_text",
]


def environment(*extra_dirs: str | Path) -> Environment:
    """A Jinja2 environment with autoescape on for every template (``.html`` or not).

    extra_dirs: template folders searched before the report's own (the dashboard adds
        its pages here and reuses the report's ``_macros.html``).
    """
    loaders: list[Any] = [FileSystemLoader([str(d) for d in extra_dirs])] if extra_dirs else []
    loaders.append(PackageLoader("storyline.report", "templates"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["has_claims"] = False
    env.filters["one_per_sentence"] = one_per_sentence
    return env


def one_per_sentence(cites: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Citations with one per cited sentence: two claims of one sentence are one place
    to read (the first cite's span is highlighted)."""
    seen: set[tuple[Any, Any]] = set()
    out = []
    for c in cites or []:
        key = (c.get("doc_id"), c.get("sentence") if c.get("sentence") is not None
               else c.get("start"))
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


@lru_cache(maxsize=1)
def css() -> str:
    """The report's stylesheet (also served by the dashboard)."""
    return resources.files("storyline.report").joinpath("templates/report.css").read_text(
        encoding="utf-8")


def csp_for_style(style: str) -> str:
    """A CSP that allows exactly one inline stylesheet (by hash) and data: images; no
    scripts, no network, no forms."""
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode()
    return (f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; "
            "base-uri 'none'; form-action 'none'")


def render_report(corpus: Corpus, *, method: str = "auto", title: str | None = None) -> str:
    """The whole report as one HTML string."""
    from storyline import __version__

    model = views.report_model(corpus, method=method, title=title)
    style = css()
    env = environment()
    env.globals.update(
        cite_href=lambda c: "#" + str(c["anchor"]),
        doc_href=lambda doc_id: f"#doc-{doc_id}",
        event_href=lambda event_id: f"#event-{event_id}",
        has_claims=bool(model["claims"]),
    )
    chart_svgs = {
        "timeline": charts.timeline_svg(model["events"], link=lambda e: f"#event-{e}"),
        "heatmap": charts.heatmap_svg(model["positions"]),
        "coverage": charts.coverage_svg(model["coverage"], model["events"]),
    }
    return env.get_template("report.html").render(
        r=model, charts=chart_svgs, css=Markup(style), csp=csp_for_style(style),
        version=__version__,
    )


def write_report(store: Store, path: str | Path, *, method: str = "auto",
                 title: str | None = None) -> Path:
    """Render the report for ``store`` and write it to ``path`` (atomically)."""
    html = render_report(Corpus(store), method=method, title=title)
    target = Path(path)
    write_text(target, html)
    return target


def write_text(path: str | Path, text: str) -> None:
    """Write ``text`` through a temporary file and a rename: never a half-written report."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a report is meant to be shared
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
