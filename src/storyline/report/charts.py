"""Inline SVG charts drawn in Python: no JavaScript, no chart library, no CDN.

Each function returns :class:`markupsafe.Markup` ready to drop into a template. Every
piece of text that comes from the corpus (event labels, outlet and actor names) is
escaped here, and the SVG uses presentation attributes only (no ``style`` attributes),
so it passes a Content-Security-Policy that forbids inline styles and scripts.

- :func:`timeline_svg`: events on a date axis, dot size = number of articles;
- :func:`heatmap_svg`: actors × issues, one cell per event in time order, coloured by
  stance, with a letter too (so the chart reads in grey scale);
- :func:`coverage_svg`: articles per outlet, stacked by event.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from markupsafe import Markup, escape

__all__ = ["EVENT_COLOURS", "STANCE_COLOURS", "coverage_svg", "heatmap_svg", "timeline_svg"]

Row = dict[str, Any]
Link = Callable[[str], str]

# ColorBrewer PRGn/RdYlGn-like ramp: favourable stances green, refusals red.
STANCE_COLOURS = {
    "proposes": "#1b7837",
    "supports": "#5aae61",
    "accepts": "#a6dba0",
    "conditional": "#fee08b",
    "demands": "#f4a582",
    "rejects": "#d6604d",
    "unclear": "#d9d9d9",
}
STANCE_LETTERS = {"proposes": "P", "supports": "S", "accepts": "A", "conditional": "C",
                  "demands": "D", "rejects": "R", "unclear": "?"}
# Tableau 10: distinct, colour-blind-friendlier than a rainbow.
EVENT_COLOURS = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
                 "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac")
FONT = 'font-family="system-ui, sans-serif"'


def _e(text: Any) -> str:
    return str(escape("" if text is None else str(text)))


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _svg(width: int, height: int, body: list[str], label: str) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{_e(label)}" {FONT} font-size="12">'
        f"<title>{_e(label)}</title>{''.join(body)}</svg>"
    )


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def timeline_svg(events: Sequence[Row], link: Link | None = None) -> Markup:
    """Events along a date axis; undated events are listed to the right of the axis."""
    dated = [(e, _day(e.get("date"))) for e in events]
    days = [d for _, d in dated if d is not None]
    width, left, right = 900, 40, 40
    rows = 4  # label rows, staggered so neighbouring labels do not overlap
    height = 90 + rows * 18
    axis_y = 50
    body: list[str] = []
    if not days:
        return _sequence_svg(events, link)
    lo, hi = min(days), max(days)
    span = max(1, (hi - lo).days)

    def x_of(d: date) -> float:
        return left + (width - left - right) * (d - lo).days / span if hi != lo \
            else width / 2

    body.append(f'<line x1="{left}" y1="{axis_y}" x2="{width - right}" y2="{axis_y}" '
                'stroke="#888" stroke-width="1"/>')
    # Month ticks.
    tick = date(lo.year, lo.month, 1)
    while tick <= hi:
        if tick >= lo:
            x = x_of(tick)
            body.append(f'<line x1="{x:.1f}" y1="{axis_y - 4}" x2="{x:.1f}" '
                        f'y2="{axis_y + 4}" stroke="#888"/>')
            body.append(f'<text x="{x:.1f}" y="{axis_y - 10}" text-anchor="middle" '
                        f'fill="#555">{tick.strftime("%b %Y")}</text>')
        tick = date(tick.year + (tick.month == 12), tick.month % 12 + 1, 1)
    slot = 0
    for i, (event, d) in enumerate(dated):
        if d is None:
            continue
        x = x_of(d)
        r = 5 + min(10, 2 * int(event.get("n_docs") or 1))
        colour = EVENT_COLOURS[i % len(EVENT_COLOURS)]
        label_y = axis_y + 28 + (slot % rows) * 18
        slot += 1
        tip = f"{d.isoformat()}: {event.get('label', '')} ({event.get('n_docs', 0)} articles)"
        anchor = "start" if x < width * 0.7 else "end"
        mark = (f'<circle cx="{x:.1f}" cy="{axis_y}" r="{r}" fill="{colour}" '
                f'fill-opacity="0.8" stroke="#333"><title>{_e(tip)}</title></circle>'
                f'<line x1="{x:.1f}" y1="{axis_y + r}" x2="{x:.1f}" y2="{label_y - 11}" '
                'stroke="#bbb"/>'
                f'<text x="{x:.1f}" y="{label_y}" text-anchor="{anchor}" fill="#222">'
                f"{_e(d.strftime('%d %b'))} · {_e(_short(str(event.get('label', '')), 48))}"
                "</text>")
        if link is not None:
            mark = f'<a href="{_e(link(str(event["id"])))}">{mark}</a>'
        body.append(mark)
    undated = [e for e, d in dated if d is None]
    if undated:
        body.append(f'<text x="{left}" y="{height - 6}" fill="#555">'
                    f"{len(undated)} undated event(s) not shown on the axis.</text>")
    return _svg(width, height, body, "Timeline of events")


def _sequence_svg(events: Sequence[Row], link: Link | None) -> Markup:
    """No event has a date: the events in the order they were first reported."""
    width, left, axis_y = 900, 60, 40
    body = [f'<line x1="{left}" y1="{axis_y}" x2="{width - left}" y2="{axis_y}" '
            'stroke="#888" stroke-dasharray="4 3"/>',
            f'<text x="{left}" y="{axis_y - 18}" fill="#555">No event is dated: events in '
            "the order they were first reported.</text>"]
    step = (width - 2 * left) / max(1, len(events) - 1) if len(events) > 1 else 0
    for i, event in enumerate(events):
        x = left + i * step if len(events) > 1 else width / 2
        r = 5 + min(10, 2 * int(event.get("n_docs") or 1))
        anchor = "start" if x < width * 0.7 else "end"
        mark = (f'<circle cx="{x:.1f}" cy="{axis_y}" r="{r}" '
                f'fill="{EVENT_COLOURS[i % len(EVENT_COLOURS)]}" fill-opacity="0.8" '
                f'stroke="#333"><title>{_e(event.get("label", ""))}</title></circle>'
                f'<text x="{x:.1f}" y="{axis_y + 30 + (i % 3) * 18}" text-anchor="{anchor}" '
                f'fill="#222">{i + 1}. {_e(_short(str(event.get("label", "")), 48))}</text>')
        if link is not None:
            mark = f'<a href="{_e(link(str(event["id"])))}">{mark}</a>'
        body.append(mark)
    return _svg(width, 110, body, "Timeline of events (undated)")


def heatmap_svg(matrix: Row) -> Markup:
    """Actors (rows) × issues (column groups), one column per event that states a stance
    on the issue, in time order: how positions change over time."""
    issues, actors, cells = matrix["issues"], matrix["actors"], matrix["cells"]
    if not issues or not actors:
        return _svg(600, 40, ['<text x="10" y="25" fill="#555">No positions.</text>'],
                    "Stance heatmap")
    periods = {p["id"]: p for p in matrix["periods"]}
    order = [p["id"] for p in matrix["periods"]]
    columns: list[tuple[str, str]] = []  # (issue, period)
    for issue in issues:
        used = {s["period"] for a in actors for s in cells.get(a["id"], {}).get(issue["id"], [])}
        columns.extend((issue["id"], p) for p in order if p in used)
    cell, name_w, top = 22, 170, 205
    width = name_w + cell * len(columns) + 12 * len(issues) + 110
    height = top + cell * len(actors) + 78
    body: list[str] = []
    x = name_w
    col_x: dict[tuple[str, str], float] = {}
    for issue in issues:
        start = x
        for col in columns:
            if col[0] != issue["id"]:
                continue
            col_x[col] = x
            period = periods.get(col[1], {})
            when = period.get("date") or _short(str(period.get("label", "")), 12)
            # The first column of an issue names the issue; the others only their date.
            label = f"{_short(issue['label'], 20)} · {when}" if x == start else str(when)
            weight = ' font-weight="bold"' if x == start else ""
            body.append(
                f'<text transform="translate({x + cell / 2 + 4:.1f},{top - 6}) '
                f'rotate(-60)" font-size="10" fill="#333"{weight}>{_e(label)}</text>')
            x += cell
        body.append(f'<line x1="{start:.1f}" y1="{top - 3}" x2="{max(start, x - 2):.1f}" '
                    f'y2="{top - 3}" stroke="#888"/>')
        x += 12
    for row, actor in enumerate(actors):
        y = top + row * cell
        body.append(f'<text x="{name_w - 8}" y="{y + cell * 0.7:.1f}" text-anchor="end" '
                    f'fill="#222">{_e(_short(actor["name"], 26))}</text>')
        for (issue_id, period), cx in col_x.items():
            steps = [s for s in cells.get(actor["id"], {}).get(issue_id, [])
                     if s["period"] == period]
            if not steps:
                body.append(f'<rect x="{cx:.1f}" y="{y}" width="{cell - 2}" '
                            f'height="{cell - 2}" fill="#f4f4f4"/>')
                continue
            stance = steps[-1]["stance"]
            issue_name = next((i["label"] for i in issues if i["id"] == issue_id), issue_id)
            several = steps[-1].get("stances", [stance])
            tip = f"{actor['name']} on {issue_name}: {' / '.join(several)}"
            if steps[-1].get("condition"):
                tip += f" (if {steps[-1]['condition']})"
            if steps[-1].get("changed_from"):
                tip += f"; was {steps[-1]['changed_from']}"
            fill = STANCE_COLOURS.get(stance, "#d9d9d9")
            edge = ' stroke="#000" stroke-width="2"' if steps[-1].get("changed_from") else ""
            body.append(
                f'<rect x="{cx:.1f}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                f'fill="{fill}"{edge}><title>{_e(tip)}</title></rect>'
                f'<text x="{cx + (cell - 2) / 2:.1f}" y="{y + cell * 0.68:.1f}" '
                f'text-anchor="middle" font-size="11" fill="#111">'
                f"{STANCE_LETTERS.get(stance, '?')}</text>")
            if len(several) > 1:  # a party's row merges its officials: mixed stances
                body.append(f'<circle cx="{cx + cell - 6:.1f}" cy="{y + 4}" r="2.5" '
                            f'fill="#111"><title>{_e(tip)}</title></circle>')
    ly = top + cell * len(actors) + 24
    lx = 10
    for stance, colour in STANCE_COLOURS.items():
        body.append(f'<rect x="{lx}" y="{ly - 11}" width="14" height="14" fill="{colour}"/>'
                    f'<text x="{lx + 18}" y="{ly}" fill="#222">'
                    f"{STANCE_LETTERS[stance]} {stance}</text>")
        lx += 105
    body.append(f'<text x="10" y="{ly + 22}" fill="#555">Columns: events in time order, '
                "per issue. A thick border marks a change of stance.</text>"
                f'<text x="10" y="{ly + 40}" fill="#555">A dot: several stances in one event '
                "(the best-evidenced colours the cell; the table lists each).</text>")
    return _svg(max(width, 760), height, body, "Stance heatmap: actors by issue over time")


def coverage_svg(coverage: Sequence[Row], events: Sequence[Row]) -> Markup:
    """Horizontal bars: articles per outlet, stacked by event (colours as the timeline)."""
    if not coverage:
        return _svg(600, 40, ['<text x="10" y="25" fill="#555">No articles.</text>'],
                    "Coverage by outlet")
    colour = {e["id"]: EVENT_COLOURS[i % len(EVENT_COLOURS)] for i, e in enumerate(events)}
    label = {e["id"]: e.get("label", e["id"]) for e in events}
    most = max(r["total"] for r in coverage)
    bar_h, name_w, width = 20, 190, 900
    scale = (width - name_w - 60) / max(1, most)
    body: list[str] = []
    for row, item in enumerate(coverage):
        y = 10 + row * (bar_h + 6)
        body.append(f'<text x="{name_w - 8}" y="{y + 14}" text-anchor="end" fill="#222">'
                    f"{_e(_short(item['outlet'], 28))}</text>")
        x = float(name_w)
        for event_id, n in item["by_event"].items():
            w = n * scale
            tip = f"{item['outlet']}: {n} article(s) on {label.get(event_id, event_id)}"
            body.append(f'<rect x="{x:.1f}" y="{y}" width="{max(1.0, w - 1):.1f}" '
                        f'height="{bar_h}" fill="{colour.get(event_id, "#bab0ac")}">'
                        f"<title>{_e(tip)}</title></rect>")
            x += w
        body.append(f'<text x="{x + 6:.1f}" y="{y + 14}" fill="#222">{item["total"]}</text>')
    height = 20 + len(coverage) * (bar_h + 6)
    # Legend: which colour is which event (the same colours as the timeline), one a row,
    # so that a long event label never overlaps the next.
    shown = [e for e in events if any(e["id"] in r["by_event"] for r in coverage)]
    if any("unlinked" in r["by_event"] for r in coverage):
        shown.append({"id": "unlinked", "label": "not linked to an event"})
    for n, e in enumerate(shown):
        y = height + n * 18
        body.append(f'<rect x="{name_w}" y="{y}" width="12" height="12" '
                    f'fill="{colour.get(e["id"], "#bab0ac")}"></rect>'
                    f'<text x="{name_w + 18}" y="{y + 10}" fill="#222">'
                    f"{_e(_short(str(e.get('label', e['id'])), 90))}</text>")
    height += len(shown) * 18 + 6
    return _svg(width, height, body, "Coverage by outlet, stacked by event")
