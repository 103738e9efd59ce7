"""The report as Markdown, from the same view model as the HTML report.

Article text is untrusted: Markdown viewers render inline HTML, so ``<``, ``>`` and
``&`` become entities, and the characters that would start links, emphasis or table
cells are backslash-escaped. Citations read ``[Outlet ¶3](#doc-<id>-s3)``: the anchors
exist in the HTML report; in Markdown the document id and sentence index are the
citation.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from storyline.report import views
from storyline.report.html import write_text
from storyline.report.readers import Corpus
from storyline.store import Store

__all__ = ["md_escape", "render_markdown", "write_markdown"]

Row = dict[str, Any]

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md_escape(text: Any) -> str:
    """Text safe to place in Markdown (and in a table cell): no HTML, no markup."""
    value = "" if text is None else str(text)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _SPECIAL.sub(r"\\\1", value)
    return " ".join(value.split())  # newlines would end a list item or table row


def _cite(c: Row) -> str:
    sentence = f" ¶{c['sentence']}" if c.get("sentence") is not None else ""
    return f"[{md_escape(c['outlet'])}{sentence}](#{c['anchor']})"


def _summary(lines: list[str], s: Row, has_claims: bool) -> None:
    def item(i: Row) -> str:
        cites = " ".join(_cite(x) for x in [i["cite"], *i["support"][:4]])
        if i["status"] == "corroborated":
            return (f"- {md_escape(i['text'])} {cites} "
                    f"*(corroborated, {i['n_sources']} sources)*")
        return (f"- *According to {md_escape(i['cite']['outlet'])} only:* "
                f"“{md_escape(i['text'])}” {cites} **[{i['status_label']}]**")

    if s["corroborated"] or s.get("agreed_claims"):
        lines += ["**What independent sources agree on**", ""]
        lines += [item(i) for i in s["corroborated"]]
        lines += [f"- {md_escape(a['title'])} ({a['kind']}) "
                  + " ".join(_cite(x) for x in a["cites"][:5])
                  + f" *(corroborated, {a['n_sources']} sources)*"
                  for a in s.get("agreed_claims", [])] + [""]
    elif not s["empty"]:
        lines += ["*Nothing in this event is stated by two independent sources: everything "
                  "below rests on one source.*", ""]
    if s["single_source"]:
        lines += ["**Reported by one source only** (not confirmed elsewhere)", ""]
        lines += [item(i) for i in s["single_source"]] + [""]
    if s["added"]:
        lines += ["**Added by a rewrite** (not in its source, nor in any other source)", ""]
        lines += [item(i) for i in s["added"]] + [""]
    lines += ["**What sources disagree on**", ""]
    if s["disagreements"]:
        for d in s["disagreements"]:
            status = views.STATUS_LABELS.get(d.get("status") or "", "contested")
            kinds = "".join(f" — {md_escape(k)}" for k in d.get("conflict_labels", []))
            lines.append(f"- **{md_escape(d['topic'])}** [{status}]{kinds}")
            for side in d["sides"]:
                if not side["cites"]:
                    continue
                cites = " ".join(_cite(x) + (f" **{md_escape(x['value'])}**"
                                             if d.get("show_values") and x.get("value")
                                             else "") for x in side["cites"])
                lines.append(f"    - {md_escape(side['value'])}: {cites}")
    else:
        extra = "" if has_claims else " (numbers compared sentence by sentence)"
        lines.append(f"- No disagreement found between sources{extra}.")
    lines.append("")


def _claim_line(c: Row) -> str:
    def cites(items: list[Row]) -> str:
        return " ".join(_cite(x) + (f" **{md_escape(x['value'])}**"
                                    if c["show_values"] and x.get("value") else "")
                        for x in items[:5]) + (f" +{len(items) - 5}" if len(items) > 5 else "")

    evidence = cites(c["supporting"])
    if c["contradicting"]:
        evidence += f"; {c['against_label']}: " + cites(c["contradicting"])
    notes = "; ".join(["conflict: " + k for k in c["conflict_labels"]] + c["flag_labels"])
    words = c["excerpt"] if len(c["excerpt"]) <= 160 else c["excerpt"][:157] + "…"
    said = f" — “{md_escape(words)}”" if words and words != c["text"] else ""
    return (f"| **{md_escape(c['title'])}**{said} | {c['kind_label']} | {c['status_label']}"
            f"{' (' + md_escape(notes) + ')' if notes else ''} | {c['n_sources']} | "
            f"{evidence} |")


def _claims(lines: list[str], claims: list[Row]) -> None:
    """Corroborated, contested and rewrite-only claims in one table; single-source
    claims (figures and dates first) and one-source statements folded below it."""
    head = ["| claim | kind | status | sources | evidence |",
            "| --- | --- | --- | --- | --- |"]
    main = [c for c in claims if c["status"] != "single-source"]
    single = [c for c in claims if c["status"] == "single-source" and c["kind"] != "statement"]
    statements = [c for c in claims if c["status"] == "single-source"
                  and c["kind"] == "statement"]
    if main:
        lines += head + [_claim_line(c) for c in main]
    else:
        lines.append("No corroborated, contested or rewrite-only claims.")
    for title, rows in ((f"Single-source claims ({len(single)}): figures and dates first",
                         single),
                        (f"Single-source statements, by voice ({len(statements)})",
                         statements)):
        if rows:
            lines += ["", f"<details><summary>{title}</summary>", "", *head,
                      *(_claim_line(c) for c in rows), "", "</details>"]


def _step(s: Row, number: dict[str, int]) -> str:
    """One event's stances of an actor on an issue, each with who said it and where."""
    parts = []
    for b in s["by_stance"]:
        via = f" via {md_escape(', '.join(b['via']))}" if b["via"] else ""
        cond = f" if {md_escape(b['condition'])}" if b["condition"] else ""
        cites = " ".join(_cite(x) for x in b["evidence"][:2])
        parts.append(f"**{b['stance']}**{cond}{via} {cites}".strip())
    return f"({number.get(s['period'], '?')}) " + "; ".join(parts)


def render_markdown(corpus: Corpus, *, method: str = "auto", title: str | None = None) -> str:
    """The report as one Markdown string."""
    r = views.report_model(corpus, method=method, title=title)
    o = r["overview"]
    has_claims = bool(r["claims"])
    lines = [f"# {md_escape(r['title'])}", ""]
    span = f", {o['first_date']} to {o['last_date']}" if o["first_date"] else ""
    lines += [f"{o['n_documents']} articles from {o['n_outlets']} outlets{span}; "
              f"{len(r['events'])} events, {o['n_quotes']} quotes, {o['n_claims']} claims. "
              f"Generated {r['generated']} by storyline.", ""]
    lines += [f"> {why}" for why in r["availability"].values() if why]
    lines += ["", "## Timeline", "", "| date | event | articles | sources | outlets |",
              "| --- | --- | --- | --- | --- |"]
    for e in r["events"]:
        lines.append(f"| {e['date'] or 'undated'} | {md_escape(e['label'])} | {e['n_docs']} "
                     f"| {e['n_sources']} | {md_escape(', '.join(e['outlets']))} |")
    for e in r["events"]:
        lines += ["", f"## {e['date'] or 'Undated'} · {md_escape(e['label'])}", ""]
        lines += [f"{e['n_docs']} articles, {e['n_sources']} independent sources.", ""]
        lines += ["### Summary", ""]
        _summary(lines, e["summary"], has_claims)
        lines += ["### Articles by outlet", ""]
        for group in e["articles_by_outlet"]:
            for a in group["articles"]:
                signals = "; ".join(f"{s['signal']}: {md_escape(s['value'])}"
                                    for s in a["signals"])
                lines.append(f"- **{md_escape(group['outlet'])}**: {md_escape(a['title'])} "
                             f"({a['date'] or 'undated'}) [{a['id']}](#{a['anchor']}). "
                             f"*{signals}*")
        lines += ["", "### Claims", ""]
        if e["claims"]:
            _claims(lines, e["claims"])
        else:
            lines.append(f"{r['availability']['claims'] or 'No claims for this event.'}")
        lines += ["", "### Quotes by speaker", ""]
        for g in e["quotes_by_speaker"]:
            lines.append(f"- **{md_escape(g['speaker'])}** ({len(g['quotes'])})")
            for q in g["quotes"][:5]:
                marks = "“{}”" if q["kind"] == "direct" else "(reported) {}"
                lines.append(f"    - {marks.format(md_escape(q['text']))} {_cite(q['cite'])}")
        if not e["quotes_by_speaker"]:
            lines.append(r["availability"]["quotes"] or "No quotes in these articles.")
        lines += ["", "### Coded events", ""]
        if e["coded_events"]:
            lines += ["| type | source | target | sentence |", "| --- | --- | --- | --- |"]
            for ev in e["coded_events"]:
                neg = " (not)" if ev["negated"] else ""
                lines.append(f"| {ev['type']}{neg} | {md_escape(ev['source'])} | "
                             f"{md_escape(ev['target'])} | {_cite(ev['cite'])} |")
        else:
            lines.append(r["availability"]["coded_events"] or "No coded events.")
    lines += ["", "## Positions", ""]
    m = r["positions"]
    if m["actors"]:
        number = {p["id"]: n for n, p in enumerate(m["periods"], 1)}
        lines += ["Events, in time order: " + "; ".join(
            f"({n}) {md_escape(p['label'])}{' ' + p['date'] if p['date'] else ''}"
            for n, p in enumerate(m["periods"], 1)) + ".", ""]
        lines += ["| actor | " + " | ".join(md_escape(i["label"]) for i in m["issues"]) + " |",
                  "| --- |" + " --- |" * len(m["issues"])]
        for a in m["actors"]:
            cells = []
            for i in m["issues"]:
                steps = m["cells"].get(a["id"], {}).get(i["id"], [])
                cells.append(" → ".join(_step(s, number) for s in steps) or "*no stated stance*")
            lines.append(f"| {md_escape(a['name'])} | " + " | ".join(cells) + " |")
    else:
        lines.append(r["availability"]["positions"] or "No positions.")
    lines += ["", "## Coverage by outlet", ""]
    lines += [f"- {md_escape(c['outlet'])}: {c['total']}" for c in r["coverage"]]
    lines += ["", "## Articles", ""]
    for d in r["documents"]:
        lines.append(f"- <a id=\"{d['anchor']}\"></a>`{d['id']}` **{md_escape(d['outlet'])}**: "
                     f"{md_escape(d['title'])} ({d['date'] or 'undated'})")
    lines.append("")
    return "\n".join(lines)


def write_markdown(store: Store, path: str | Path, *, method: str = "auto",
                   title: str | None = None) -> Path:
    target = Path(path)
    write_text(target, render_markdown(Corpus(store), method=method, title=title))
    return target
