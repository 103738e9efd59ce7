"""The read model: query functions that turn the store's tables into view dicts.

Both the static report (:mod:`storyline.report.html`, :mod:`storyline.report.markdown`)
and the dashboard (:mod:`storyline.web`) render these dicts, and the JSON API and the
notebook API return them, so the views cannot drift apart. Every function takes a
:class:`~storyline.report.readers.Corpus` (cached table access) and returns plain,
JSON-ready data; nothing here produces HTML.

Every item carries a ``cite`` (or a list of them): document id, sentence index,
character span, outlet, title and the in-page anchor ``doc-<id>-s<idx>``.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np

from storyline.report.readers import CLAIM_STATUSES, Corpus, anchor
from storyline.report.summary import Candidate, Summary, summarize, vectorize

__all__ = [
    "ALL_EVENTS",
    "STANCES",
    "Filters",
    "actor_list",
    "availability",
    "claim_list",
    "coverage",
    "document_list",
    "document_view",
    "event_detail",
    "event_list",
    "overview",
    "paragraphs",
    "positions_matrix",
    "quote_list",
    "quotes_by_speaker",
    "report_model",
    "search",
]

Row = dict[str, Any]

# The pseudo-event that holds every document while event linking has not run.
ALL_EVENTS = "all"
# Stance vocabulary, from most favourable to least (the heatmap's colour order).
STANCES = ("proposes", "supports", "accepts", "conditional", "demands", "rejects", "unclear")
STATUS_LABELS = {
    "corroborated": "corroborated",
    "contested": "contested",
    "single-source": "single source",
    "added-by-derivative": "added by a rewrite",
}
# Claim kinds in the order a fact-checker reads them: figures and dates are what gets
# checked first; per-sentence statements (who says what) are many and least specific.
CLAIM_KINDS = ("quantity", "date", "stance", "event", "statement")
KIND_LABELS = {"quantity": "number", "date": "date", "stance": "stance", "event": "event",
               "statement": "statement"}
CONFLICT_LABELS = {
    "value": "different figures",
    "polarity": "opposite stances",
    "negation": "stated and denied",
    "attribution": "who says it: a speaker in one, the outlet's own voice in the other",
    "actor": "who says it: different speakers",
}
# Flags worth a reader's attention, in words; ``derivative-only`` repeats the status.
FLAG_LABELS = {
    "attributed": "attributed to a speaker",
    "not-factual": "not stated as fact (planned, hedged or conditional)",
    "disputed-in-document": "one article gives both versions",
    "derivative-distortion": "the rewrite changes who says it",
    "unsourced": "no source named",
}


@dataclass(frozen=True)
class Filters:
    """Filters shared by the dashboard pages and the JSON API (all optional)."""

    actor: str | None = None
    outlet: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    status: str | None = None
    event: str | None = None
    kind: str | None = None

    def active(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items() if v}

    def keep_doc(self, c: Corpus, doc_id: str) -> bool:
        doc = c.documents.get(doc_id)
        if doc is None:
            return False
        if self.outlet and (doc.get("outlet") or "") != self.outlet:
            return False
        date = doc.get("date") or ""
        if self.date_from and (not date or date < self.date_from):
            return False
        if self.date_to and (not date or date > self.date_to):
            return False
        return not (self.event and _event_of(c, doc_id) != self.event)


def _event_of(c: Corpus, doc_id: str) -> str:
    return c.cluster_of.get(doc_id, ALL_EVENTS if not c.clusters else "")


# -- availability ----------------------------------------------------------------------


def availability(c: Corpus) -> dict[str, str | None]:
    """Per section, None when it has data, else a sentence saying why it is empty."""
    def note(has: bool, what: str, stage: str) -> str | None:
        return None if has else f"No {what} in this database: the {stage} stage has not run " \
            "on it yet (or found none)."

    return {
        "documents": None if c.documents else "No documents yet: run `storyline add`.",
        "events": note(bool(c.clusters), "event clusters", "link"),
        "quotes": note(bool(c.quotes), "quotes", "quotes"),
        "coded_events": note(bool(c.coded_events), "PLOVER-coded events", "events"),
        "positions": note(bool(c.positions), "stances or positions", "stances/positions"),
        "claims": note(bool(c.claims), "claim groups", "claims"),
        "derivations": note(bool(c.origins), "copy or rewrite links", "link"),
        "timexes": note(bool(c.timex_counts), "temporal expressions", "timex"),
    }


# -- documents and their signals -------------------------------------------------------


def signals(c: Corpus, doc_id: str) -> list[Row]:
    """Reliability signals of one article: facts a reader weighs, not a verdict.

    ``level`` is ``ok``, ``info`` or ``warn`` (worth a look: no outlet, no date, a
    rewrite that adds sentences, anonymous sources).
    """
    doc = c.documents[doc_id]
    out: list[Row] = []
    if doc.get("outlet"):
        out.append({"signal": "outlet", "value": doc["outlet"], "level": "ok"})
    else:
        out.append({"signal": "outlet", "value": "not stated", "level": "warn"})
    if doc.get("published"):
        out.append({"signal": "date", "value": doc["published"], "level": "ok"})
    elif doc.get("date_inferred"):
        out.append({"signal": "date", "value": f"{doc['date']} (inferred from the text)",
                    "level": "info"})
    else:
        out.append({"signal": "date", "value": "not stated", "level": "warn"})
    out.append({"signal": "byline", "value": doc.get("author") or "none",
                "level": "ok" if doc.get("author") else "info"})
    origin = c.origins.get(doc_id)
    if origin and origin.get("relation") in ("copy", "derived") and origin.get("via"):
        via = c.documents.get(origin["via"], {})
        kind = "copy of" if origin["relation"] == "copy" else "rewrite of"
        out.append({"signal": "origin",
                    "value": f"{kind} {via.get('display_outlet', origin['via'])}: "
                             f"{via.get('display_title', '')}",
                    "doc_id": origin["via"],
                    "level": "info" if origin["relation"] == "copy" else "warn"})
    elif origin:
        out.append({"signal": "origin", "value": "original (no source found in the corpus)",
                    "level": "ok"})
    added = c.added_spans.get(doc_id, [])
    if added:
        out.append({"signal": "added", "level": "warn",
                    "value": f"adds {len(added)} sentence(s) not found in its source"})
    quotes = [q for q in c.quotes if q["doc_id"] == doc_id]
    if quotes:
        named = sum(1 for q in quotes if q["speaker_id"])
        out.append({"signal": "attribution",
                    "value": f"{len(quotes)} quotes, {named} with a named speaker",
                    "level": "ok" if named * 2 >= len(quotes) else "warn"})
    for s in c.reliability.get(doc_id, []):
        note = readable_label(c, str(s.get("note") or "")) or None
        value = _number(s["value"])
        out.append({"signal": s["signal"].replace("-", " "),
                    # a short explanation is the finding itself: show it, not "None"
                    "value": value if value is not None else (note or "yes"),
                    "note": note, "cite": s.get("cite"),
                    "level": "warn" if s["signal"] in WARN_SIGNALS else "info"})
    return out


# Stored signals that point at a specific problem in the text (not just a measure).
WARN_SIGNALS = frozenset({"unsourced-statistic", "mt-damage"})


def _number(value: Any) -> str | None:
    """A signal's measure as a reader writes it: 12, not 12.0; 0.35, not 0.35000001."""
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return str(int(number)) if number.is_integer() else f"{number:.2f}"


def _doc_row(c: Corpus, doc_id: str) -> Row:
    doc = c.documents[doc_id]
    origin = c.origins.get(doc_id) or {}
    return {
        "id": doc_id,
        "name": doc.get("name"),
        "title": doc["display_title"],
        "outlet": doc["display_outlet"],
        "author": doc.get("author"),
        "published": doc.get("published"),
        "date": doc.get("date"),
        "url": doc.get("url"),
        "status": doc.get("status"),
        "event_id": c.cluster_of.get(doc_id),
        "relation": origin.get("relation"),
        "via": origin.get("via"),
        "n_sentences": len(c.sentences.get(doc_id, [])),
        "anchor": anchor(doc_id, None),
    }


def document_list(c: Corpus, filters: Filters | None = None) -> list[Row]:
    f = filters or Filters()
    return [_doc_row(c, i) for i in c.documents if f.keep_doc(c, i)]


_PARA = re.compile(r"\n\s*\n|\n")


def paragraphs(text: str, sentences: list[Row], *, doc_id: str,
               target: int | None = None, mark: tuple[int, int] | None = None
               ) -> list[list[Row]]:
    """Split an article into paragraphs of segments for highlighting without markup.

    Each segment is ``{"text", "sentence", "anchor", "target", "parts"}``; ``parts``
    splits its text into ``{"text", "mark"}`` pieces. The template escapes every piece
    and wraps it, so a highlight never inserts HTML into article text. ``anchor`` is set
    on the first segment of each sentence only. ``target`` marks the cited sentence;
    ``mark`` a character span inside it (a quote, a claim).
    """
    starts = sorted((s["start_char"], s["end_char"], s["idx"]) for s in sentences)
    cuts = {0, len(text)}
    for a, b, _ in starts:
        cuts.update((a, b))
    paras: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA.finditer(text):
        paras.append((pos, m.start()))
        pos = m.end()
    paras.append((pos, len(text)))
    seen: set[int] = set()
    out: list[list[Row]] = []
    for p_start, p_end in paras:
        if p_start >= p_end:
            continue
        points = sorted({p_start, p_end, *(x for x in cuts if p_start < x < p_end)})
        segs: list[Row] = []
        for a, b in itertools.pairwise(points):
            sid = next((i for s, e, i in starts if s <= a < e), None)
            first = sid is not None and sid not in seen
            if sid is not None:
                seen.add(sid)
            spans = [(max(a, mark[0]) - a, min(b, mark[1]) - a)] if mark and \
                mark[0] < b and a < mark[1] else []
            segs.append({
                "text": text[a:b],
                "sentence": sid,
                "anchor": anchor(doc_id, sid) if first else None,
                "target": sid is not None and sid == target,
                "parts": _split_marks(text[a:b], spans),
            })
        out.append(segs)
    return out


def document_view(c: Corpus, doc_id: str, *, sentence: int | None = None,
                  mark: tuple[int, int] | None = None) -> Row | None:
    """One article: metadata, signals, paragraphs with the cited sentence highlighted."""
    if doc_id not in c.documents:
        return None
    doc = c.documents[doc_id]
    if sentence is None and mark is not None:
        sentence = c.sentence_at(doc_id, mark[0])
    row = _doc_row(c, doc_id)
    row["signals"] = signals(c, doc_id)
    row["paragraphs"] = paragraphs(doc.get("text") or "", c.sentences.get(doc_id, []),
                                   doc_id=doc_id, target=sentence, mark=mark)
    row["target"] = sentence
    row["quotes"] = [_quote_row(c, q) for q in c.quotes if q["doc_id"] == doc_id]
    event_id = c.cluster_of.get(doc_id)
    row["event_label"] = next((e["label"] for e in c.clusters if e["id"] == event_id), None)
    return row


# -- events ----------------------------------------------------------------------------


def _event_date(c: Corpus, cluster: Row) -> tuple[str | None, float | None, str]:
    """(ISO date, confidence, basis) of an event: the temporal module's vote when it
    is installed and the documents have temporal expressions, else the linker's date,
    else the earliest publication date of its articles."""
    if c.timex_counts and any(c.timex_counts.get(d) for d in cluster["members"]):
        try:
            from storyline.extract.dates import infer_event_date

            found = infer_event_date(c.load_documents(cluster["members"]))
            if found.value:
                basis = "stated in the text" if found.stated else "inferred from weekdays"
                return found.value[:10], float(found.confidence), basis
        except Exception:  # a date is a nicety: the event is still shown without one
            pass
    if cluster.get("first_date"):
        return str(cluster["first_date"])[:10], None, "linker"
    dates = sorted(d for d in (c.documents[m].get("date") for m in cluster["members"]) if d)
    return (dates[0], None, "earliest article") if dates else (None, None, "undated")


def _clusters(c: Corpus) -> list[Row]:
    if c.clusters:
        return c.clusters
    if not c.documents:
        return []
    return [{"id": ALL_EVENTS, "label": "All articles (event linking has not run)",
             "first_date": None, "last_date": None, "members": list(c.documents)}]


def event_list(c: Corpus, filters: Filters | None = None) -> list[Row]:
    """Events (event clusters) in date order, with their articles and outlets."""
    f = filters or Filters()
    cache = c.__dict__.setdefault("_event_list", None)
    if cache is None:
        cache = []
        for cluster in _clusters(c):
            date, confidence, basis = _event_date(c, cluster)
            members = cluster["members"]
            outlets = Counter(c.documents[m]["display_outlet"] for m in members)
            cache.append({
                "id": cluster["id"],
                "label": cluster["label"],
                "date": date,
                "date_confidence": confidence,
                "date_basis": basis,
                "members": members,
                "n_docs": len(members),
                "n_sources": len({c.origin_of(m) for m in members}),
                "outlets": dict(outlets.most_common()),
                "anchor": f"event-{cluster['id']}",
                "headline": c.documents[members[0]]["display_title"],
            })
        cache.sort(key=lambda e: (e["date"] is None, e["date"] or "", e["id"]))
        c.__dict__["_event_list"] = cache
    out = []
    for e in cache:
        if f.event and e["id"] != f.event:
            continue
        if (f.outlet or f.date_from or f.date_to) and not any(
                f.keep_doc(c, m) for m in e["members"]):
            continue
        if f.actor and not set(e["members"]) & set(c.actors.get(f.actor, {}).get("docs", [])):
            continue
        out.append(e)
    return out


def _candidates(c: Corpus, members: list[str]) -> list[Candidate]:
    claim_status: dict[tuple[str, int], list[str]] = defaultdict(list)
    for claim in c.claims:
        for cite in claim["supporting"] + claim["contradicting"]:
            if cite["sentence"] is not None:
                claim_status[(cite["doc_id"], cite["sentence"])].append(claim["status"])
    out = []
    for doc_id in members:
        outlet = c.documents[doc_id]["display_outlet"]
        for s in c.sentences.get(doc_id, []):
            out.append(Candidate(
                doc_id=doc_id, idx=s["idx"], text=s["text"], origin=c.origin_of(doc_id),
                outlet=outlet, position=s["idx"],
                added=c.is_added(doc_id, s["start_char"], s["end_char"]) is not None,
                statuses=tuple(claim_status.get((doc_id, s["idx"]), ())),
            ))
    return out


def _vectors(c: Corpus, candidates: list[Candidate], method: str) -> tuple[Any, str]:
    """Sentence vectors for one event's candidates, cached per corpus object.

    Embeddings are computed for the sentences not seen before and kept, so an event
    page computes only its own sentences and a report computes each sentence once.
    TF-IDF is fitted on each event's sentences (its IDF is per event).
    """
    if method == "tfidf" or not candidates:
        return vectorize([x.text for x in candidates], "tfidf")
    cache: dict[Any, Any] = c.__dict__.setdefault("_sentence_vectors", {})
    if not cache.get("failed"):
        keys = [(x.doc_id, x.idx) for x in candidates]
        missing = [i for i, k in enumerate(keys) if k not in cache]
        try:
            if missing:
                vectors, _used = vectorize([candidates[i].text for i in missing], "embeddings")
                cache.update(zip((keys[i] for i in missing), vectors, strict=True))
            return np.stack([cache[k] for k in keys]), "embeddings"
        except Exception:
            if method == "embeddings":
                raise
            cache["failed"] = True
    return vectorize([x.text for x in candidates], "tfidf")


def _summary_view(c: Corpus, summary: Summary, claims: list[Row]) -> Row:
    def item(i: Any) -> Row:
        support = [c.cite(d, sentence=s) for d, s in i.support]
        n_sources = i.n_sources
        if i.status == "corroborated":
            # Corroborated through a claim group: cite the group's other sources too.
            for cl in claims:
                if cl["status"] == "corroborated" and any(
                        (x["doc_id"], x["sentence"]) == (i.doc_id, i.idx)
                        for x in cl["supporting"]):
                    n_sources = max(n_sources, cl["n_sources"])
                    known = {(x["doc_id"], x["sentence"]) for x in support}
                    known.add((i.doc_id, i.idx))
                    for x in cl["supporting"]:
                        if (x["doc_id"], x["sentence"]) not in known:
                            known.add((x["doc_id"], x["sentence"]))
                            support.append(c.cite(x["doc_id"], sentence=x["sentence"]))
        return {
            "text": i.text,
            "cite": c.cite(i.doc_id, sentence=i.idx),
            "status": i.status,
            "status_label": STATUS_LABELS.get(i.status, i.status),
            "n_sources": n_sources,
            "basis": i.basis,
            "support": support,
            "outlets": sorted({i.outlet, *(s["outlet"] for s in support)}),
        }

    disagreements = []
    for claim in claims:
        if claim["status"] == "contested" or claim["conflicts"]:
            sides = [{"value": "stated by", "cites": claim["supporting"]},
                     {"value": claim["against_label"], "cites": claim["contradicting"]}]
            disagreements.append({"topic": claim["title"], "basis": "claims", "sides": sides,
                                  "status": claim["status"],
                                  "show_values": claim["show_values"],
                                  "conflict_labels": claim["conflict_labels"]})
    for d in summary.disagreements:
        disagreements.append({
            "topic": d.topic,
            "basis": d.basis,
            "sides": [{"value": s["value"],
                       "cites": [c.cite(doc, sentence=idx) | {"text": c.sentence_text(doc, idx)}
                                 for doc, idx in s["cites"]]}  # type: ignore[union-attr]
                      for s in d.sides],
        })
    # Corroborated claim groups whose sentences the summary does not already quote as
    # agreed (a sentence that also carries a one-source claim is never stated as fact,
    # but the corroborated part of it still is agreed, with every source cited).
    quoted = {(d, s) for i in summary.corroborated for d, s in [(i.doc_id, i.idx),
                                                                *i.support]}
    agreed_claims = [
        {"title": cl["title"], "n_sources": cl["n_sources"], "kind": cl["kind_label"],
         "cites": cl["supporting"], "flag_labels": cl["flag_labels"]}
        for cl in claims if cl["status"] == "corroborated"
        and not any((x["doc_id"], x["sentence"]) in quoted for x in cl["supporting"])]
    return {
        "method": summary.method,
        "agreed_claims": agreed_claims,
        "corroborated": [item(i) for i in summary.corroborated],
        "single_source": [item(i) for i in summary.single_source],
        "added": [item(i) for i in summary.added],
        "disagreements": disagreements,
        "empty": summary.empty and not disagreements and not agreed_claims,
    }


def event_detail(c: Corpus, event_id: str, *, method: str = "auto") -> Row | None:
    """Everything about one event: summary, articles by outlet with their signals, claims,
    quotes by speaker, coded events, positions and what sources disagree on."""
    event = next((e for e in event_list(c) if e["id"] == event_id), None)
    if event is None:
        return None
    members = event["members"]
    member_set = set(members)
    claims = [cl for cl in claim_list(c) if cl["event_id"] == event_id
              or (event_id == ALL_EVENTS)
              or any(x["doc_id"] in member_set for x in cl["supporting"])]
    candidates = _candidates(c, members)
    vectors, used = _vectors(c, candidates, method)
    summary = summarize(candidates, method=used, vectors=vectors)
    by_outlet: dict[str, list[Row]] = defaultdict(list)
    for doc_id in members:
        row = _doc_row(c, doc_id)
        row["signals"] = signals(c, doc_id)
        by_outlet[row["outlet"]].append(row)
    quotes = [_quote_row(c, q) for q in c.quotes if q["doc_id"] in member_set]
    coded = [_coded_row(c, e) for e in c.coded_events if e["doc_id"] in member_set]
    positions = [_position_row(c, p) for p in c.positions
                 if p["group_id"] == event_id or set(p["docs"]) & member_set]
    return {
        **event,
        "summary": _summary_view(c, summary, claims),
        "articles_by_outlet": [{"outlet": o, "articles": a}
                               for o, a in sorted(by_outlet.items())],
        "claims": claims,
        "quotes_by_speaker": quotes_by_speaker(quotes),
        "n_quotes": len(quotes),
        "coded_events": coded,
        "positions": positions,
    }


# -- quotes, coded events, claims, positions, actors -----------------------------------


def _quote_row(c: Corpus, q: Row) -> Row:
    name = c.actor_name(q["speaker_id"], q["speaker_text"])
    return {
        "text": q["text"],
        "kind": q["kind"],
        "speaker_id": q["speaker_id"],
        "speaker": name if (q["speaker_id"] or q["speaker_text"]) else "Unattributed",
        "speaker_text": q["speaker_text"],
        "cue": q["cue"],
        "reported_by": c.actor_name(q["reported_by"]) if q["reported_by"] else None,
        "flags": q["flags"],
        "confidence": q["confidence"],
        "event_id": c.cluster_of.get(q["doc_id"]),
        "cite": c.cite(q["doc_id"], q["start"], q["end"]),
    }


def quote_list(c: Corpus, filters: Filters | None = None) -> list[Row]:
    f = filters or Filters()
    out = []
    for q in c.quotes:
        if not f.keep_doc(c, q["doc_id"]):
            continue
        if f.actor and not _speaks_for(c, q["speaker_id"], f.actor, q["doc_id"]):
            continue
        out.append(_quote_row(c, q))
    return out


def _speaks_for(c: Corpus, speaker: str | None, actor: str, doc_id: str) -> bool:
    """Whether a speaker is the actor, or holds an office of it on the article's date
    (a president's words are his state's, as in the positions matrix)."""
    if not speaker:
        return False
    if speaker == actor:
        return True
    if c.actors.get(speaker, {}).get("type") != "person":
        return False
    return _represents(c)(speaker, c.documents.get(doc_id, {}).get("date")) == actor


def quotes_by_speaker(quotes: Iterable[Row]) -> list[Row]:
    """Quotes grouped by speaker, most quoted first; unattributed ones last."""
    groups: dict[str, list[Row]] = defaultdict(list)
    names: dict[str, str] = {}
    for q in quotes:
        key = q["speaker_id"] or (q["speaker_text"] or "").strip().lower() or "~"
        groups[key].append(q)
        names.setdefault(key, q["speaker"])
    ordered = sorted(groups, key=lambda k: (k == "~", -len(groups[k]), names[k].lower()))
    return [{"speaker": names[k], "speaker_id": groups[k][0]["speaker_id"],
             "quotes": groups[k]} for k in ordered]


def _coded_row(c: Corpus, e: Row) -> Row:
    return {
        **{k: e[k] for k in ("type", "trigger", "mode", "context", "negated", "modality",
                             "condition", "confidence", "text")},
        "source": ", ".join(c.actor_name(a) for a in e["source_ids"]) or e["source_text"]
        or "-",
        "target": ", ".join(c.actor_name(a) for a in e["target_ids"]) or e["target_text"]
        or "-",
        "source_ids": e["source_ids"],
        "target_ids": e["target_ids"],
        "source_country": e["source_country"],
        "target_country": e["target_country"],
        "event_id": c.cluster_of.get(e["doc_id"]),
        "cite": c.cite(e["doc_id"], e["start"], e["end"]),
    }


def coded_event_list(c: Corpus, filters: Filters | None = None) -> list[Row]:
    f = filters or Filters()
    return [_coded_row(c, e) for e in c.coded_events if f.keep_doc(c, e["doc_id"])
            and (not f.actor or f.actor in e["source_ids"] + e["target_ids"])]


def claim_list(c: Corpus, filters: Filters | None = None) -> list[Row]:
    """Claim groups, corroborated first, then contested, single-source, added-by-rewrite."""
    f = filters or Filters()
    order = {s: i for i, s in enumerate(CLAIM_STATUSES)}
    kind_order = {k: i for i, k in enumerate(CLAIM_KINDS)}
    out = []
    for claim in c.claims:
        if f.status and claim["status"] != f.status:
            continue
        if f.event and claim["event_id"] != f.event:
            continue
        if f.kind and f.kind != claim.get("kind") and f.kind not in claim["conflicts"]:
            continue
        docs = [x["doc_id"] for x in claim["supporting"] + claim["contradicting"]]
        if (f.outlet or f.date_from or f.date_to) and not any(f.keep_doc(c, d) for d in docs):
            continue
        if f.actor and f.actor not in _claim_actors(c, claim):
            continue
        out.append(_claim_row(c, claim))
    out.sort(key=lambda cl: (order.get(cl["status"], len(order)),
                             kind_order.get(cl["kind"], len(kind_order)), -cl["n_sources"]))
    return out


def _claim_actors(c: Corpus, claim: Row) -> set[str]:
    """Actors a claim is by or about: its subjects and speakers, the actors its slot
    names, and the states or organisations whose office they hold (as in the positions
    matrix, a president's claim is also his state's). A bare figure names nobody."""
    named = set(claim.get("actor_ids") or ())
    represents = _represents(c)
    when = next((x.get("date") for x in claim["supporting"] if x.get("date")), None)
    return named | {r for r in (represents(a, when) for a in named) if r}


def _claim_row(c: Corpus, claim: Row) -> Row:
    """A claim group as shown: its slot in words, kind, conflicts and flags explained,
    and the claim's own words from its first supporting mention."""
    kind = claim.get("kind") or "unknown"
    conflicts = claim["conflicts"]
    voice = bool(set(conflicts) & {"attribution", "actor"})
    first = (claim["supporting"] or claim["contradicting"] or [{}])[0]
    values = {str(x["value"]) for x in claim["supporting"] + claim["contradicting"]
              if x.get("value") not in (None, "")}
    return {
        **claim,
        "kind": kind,
        "kind_label": "attribution" if voice else KIND_LABELS.get(kind, kind),
        "title": readable_label(c, claim["text"]),
        "excerpt": first.get("text") or "",
        "status_label": STATUS_LABELS.get(claim["status"], claim["status"]),
        # each mention's value is shown only where the mentions differ (a conflict)
        "show_values": len(values) > 1,
        "conflict_labels": [CONFLICT_LABELS.get(k, k) for k in conflicts],
        "flag_labels": [FLAG_LABELS[f] for f in claim["flags"] if f in FLAG_LABELS],
        # A voice conflict's other side is the source saying it in another voice: the
        # source does not deny the content, it does not put it in that mouth.
        "against_label": "its source says it in another voice" if voice
        else "contradicted by",
    }


_EVENT_LABEL = re.compile(r"^([A-Z]+) (\S+?)>(\S+)$")
_ACTOR_TOKEN = re.compile(r"(?<![\w:-])((?:induced:)?[A-Za-z][\w-]*)(?![\w-])")


def readable_label(c: Corpus, label: str) -> str:
    """A claim group's label with names for actor ids and words for issue ids.

    The claims stage labels a slot with ids (``CONSULT usa>rus``, ``rus rejects
    ceasefire-full``, ``count of quantity: two``); a reader needs names. Only ids this
    corpus knows are replaced, so ordinary words never are.
    """
    issues = _issue_ids(c)

    def names(part: str) -> str:
        known = [x for x in part.split("+") if x not in ("?", "-", "")]
        return " and ".join(c.actor_name(x) if x in c.actors or x.isupper() or ":" in x
                            else x for x in known) or "(unspecified)"

    m = _EVENT_LABEL.match(label.strip())
    if m:
        return f"{m.group(1)}: {names(m.group(2))} → {names(m.group(3))}"

    def word(hit: re.Match[str]) -> str:
        token = hit.group(1)
        if token in c.actors or (token.startswith("induced:") and len(token) > 8):
            return c.actor_name(token)
        if token in issues:
            return issue_label(token).lower()
        return token

    text = _ACTOR_TOKEN.sub(word, label)
    text = text.replace(" of quantity", "").replace(" (none)", "").replace(" = PRESENT_REF", "")
    return text


def _issue_ids(c: Corpus) -> set[str]:
    cache = c.__dict__.get("_issue_ids")
    if cache is None:
        cache = {p["issue"] for p in c.positions} | {s["issue"] for s in c.stances}
        c.__dict__["_issue_ids"] = cache
    return cache


def _position_row(c: Corpus, p: Row) -> Row:
    return {**p, "actor": c.actor_name(p["actor_id"]), "issue_label": issue_label(p["issue"]),
            "evidence": _with_speakers(c, p)}


def _with_speakers(c: Corpus, p: Row) -> list[Row]:
    """A position's evidence, each cite with ``via``: the name of whoever took the
    stance in that sentence when it is not the position's actor (an office holder
    whose stance the positions stage credits to their state or organisation)."""
    index = c.__dict__.get("_stance_speakers")
    if index is None:
        index = defaultdict(list)
        for st in c.stances:
            index[(st["doc_id"], st["start"], st["end"], st["issue"], st["stance"])].append(
                st["actor_id"])
        c.__dict__["_stance_speakers"] = index
    out = []
    for e in p["evidence"]:
        who = index.get((e["doc_id"], e["start"], e["end"], p["issue"], p["stance"]), [])
        if not who or p["actor_id"] in who:
            via: list[str] = []  # the actor's own stance in this sentence
        else:
            represents = _represents(c)  # loaded only when some stance is credited
            via = [c.actor_name(a) for a in dict.fromkeys(who)
                   if represents(a, e.get("date")) == p["actor_id"]]
        out.append({**e, "via": ", ".join(via) or None})
    return out


def _represents(c: Corpus) -> Any:
    """``(actor id, date) -> the party whose office the actor holds``: the positions
    stage's own rule (the registry's roles), so "via" names exactly whom it credited."""
    found = c.__dict__.get("_represents")
    if found is None:
        try:
            from storyline.extract.actor_registry import load_registry
            from storyline.link.positions import registry_represents

            found = registry_represents(load_registry())
        except Exception:  # no registry: no "via", the evidence is still cited
            found = lambda _actor, _when: None  # noqa: E731
        c.__dict__["_represents"] = found
    return found


def _short_condition(text: str | None) -> str | None:
    """A stored condition without repeats: the positions stage joins the conditions of
    its sentences with "; " and several say the same ("only if X does the same")."""
    if not text:
        return None
    seen: dict[str, str] = {}
    for part in str(text).split(";"):
        clause = re.sub(r"^(?:only\s+)?if\s+", "", part.strip(), flags=re.IGNORECASE)
        key = re.sub(r"\W+", " ", clause.lower()).strip()
        if key and not any(key in k or k in key for k in seen):
            seen[key] = clause
    return "; ".join(seen.values()) or None


def issue_label(issue: str) -> str:
    text = issue.replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:] if text else "(no issue)"


def positions_matrix(c: Corpus, filters: Filters | None = None) -> Row:
    """Actors × issues, each cell the actor's stance over time (one step per event).

    RETURNS: ``issues`` (id, label), ``actors`` (id, name), ``periods`` (event id, label,
    date) in time order, and ``cells[actor][issue]``: list of steps ``{period, stance,
    previous, condition, evidence}``; ``changes`` counts stance changes.
    """
    f = filters or Filters()
    events = {e["id"]: e for e in event_list(c)}
    event_rank = {e_id: i for i, e_id in enumerate(events)}
    rows = []
    for p in c.positions:
        if f.actor and p["actor_id"] != f.actor:
            continue
        if (f.outlet or f.date_from or f.date_to) and p["docs"] and not any(
                f.keep_doc(c, d) for d in p["docs"]):
            continue
        rows.append(p)
    # Periods (event clusters, or single documents) in time order: the event's date,
    # else the positions stage's order (seq), else the order of the event list.
    first_seq: dict[str, int] = {}
    dates: dict[str, str] = {}
    for p in rows:
        group = str(p["group_id"] or "")
        first_seq[group] = min(first_seq.get(group, 10**9), int(p.get("seq") or 10**9))
        date = (events.get(group) or {}).get("date") or p.get("first_date")
        if date:
            dates[group] = min(dates.get(group, str(date)), str(date))
    def period_key(group: str) -> tuple[str, int, int, str]:
        return (dates.get(group, "9999"), first_seq.get(group, 10**9),
                event_rank.get(group, 10**9), group)

    periods: dict[str, Row] = {}
    for group in sorted({str(p["group_id"] or "") for p in rows}, key=period_key):
        ev = events.get(group)
        if ev:
            label = ev["label"]
        elif group.startswith("doc:"):
            label = c.documents.get(group[4:], {}).get("display_title", group)
        else:
            label = group
        periods[group] = {"id": group, "label": label, "date": dates.get(group)}
    grouped: dict[tuple[str, str, str], list[Row]] = defaultdict(list)
    for p in rows:
        grouped[(p["actor_id"], p["issue"], str(p["group_id"] or ""))].append(p)
    cells: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for (actor_id, issue, group), items in sorted(
            grouped.items(), key=lambda kv: period_key(kv[0][2])):
        # Several stances in one event (a state's row gathers its officials' stances):
        # the best-evidenced one colours the cell; each is listed with its own evidence.
        items = sorted(items, key=lambda p: (-len(p["evidence"]), STANCES.index(p["stance"])
                                             if p["stance"] in STANCES else len(STANCES)))
        by_stance: dict[str, Row] = {}
        for p in items:
            entry = by_stance.setdefault(p["stance"], {"stance": p["stance"], "evidence": [],
                                                       "condition": None})
            entry["evidence"] += _with_speakers(c, p)
            entry["condition"] = entry["condition"] or _short_condition(p.get("condition"))
        for entry in by_stance.values():
            entry["via"] = sorted({e["via"] for e in entry["evidence"] if e.get("via")})
        cells[actor_id][issue].append({
            "period": group,
            "label": periods[group]["label"],
            "date": periods[group]["date"],
            "stance": items[0]["stance"],
            "stances": list(by_stance),
            "by_stance": list(by_stance.values()),
            "previous": items[0].get("previous"),
            "condition": next((_short_condition(p["condition"]) for p in items
                               if p.get("condition")), None),
            "evidence": [e for entry in by_stance.values() for e in entry["evidence"]],
        })
    changes = 0
    for by_issue in cells.values():
        for steps in by_issue.values():
            last = None
            for step in steps:
                if last is not None and step["stance"] != last:
                    step["changed_from"] = last
                    changes += 1
                last = step["stance"]
    # Issues most actors take a stance on first: the story's main questions lead.
    takers = Counter(p["issue"] for p in {(p["actor_id"], p["issue"]): p
                                          for p in rows}.values())
    issue_ids = sorted(takers, key=lambda i: (-takers[i], i))
    actor_ids = sorted(cells, key=lambda a: (-sum(len(v) for v in cells[a].values()),
                                             c.actor_name(a)))
    return {
        "issues": [{"id": i, "label": issue_label(i)} for i in issue_ids],
        "actors": [{"id": a, "name": c.actor_name(a)} for a in actor_ids],
        "periods": list(periods.values()),
        "cells": {a: dict(v) for a, v in cells.items()},
        "changes": changes,
        "derived": any(p.get("derived") for p in rows),
    }


def actor_list(c: Corpus) -> list[Row]:
    return sorted(c.actors.values(), key=lambda a: (-a["n_mentions"] - a["n_quotes"],
                                                    a["name"].lower()))


def coverage(c: Corpus) -> list[Row]:
    """Articles per outlet, split by event: ``{outlet, total, by_event: {event: n}}``."""
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for doc_id, doc in c.documents.items():
        per[doc["display_outlet"]][_event_of(c, doc_id) or "unlinked"] += 1
    return sorted(({"outlet": o, "total": sum(n.values()), "by_event": dict(n)}
                   for o, n in per.items()), key=lambda r: (-r["total"], r["outlet"]))


# -- search ----------------------------------------------------------------------------


def _matches(text: str, words: list[str]) -> list[tuple[int, int]] | None:
    lower = text.lower()
    spans = []
    for w in words:
        pos = lower.find(w)
        if pos < 0:
            return None
        while pos >= 0:
            spans.append((pos, pos + len(w)))
            pos = lower.find(w, pos + len(w))
    return sorted(spans)


def _split_marks(text: str, spans: list[tuple[int, int]]) -> list[Row]:
    out, pos = [], 0
    for a, b in spans:
        if a < pos:
            a = pos
        if a >= b:
            continue
        if a > pos:
            out.append({"text": text[pos:a], "mark": False})
        out.append({"text": text[a:b], "mark": True})
        pos = b
    if pos < len(text):
        out.append({"text": text[pos:], "mark": False})
    return out


def search(c: Corpus, query: str, filters: Filters | None = None, limit: int = 100) -> Row:
    """Full-text search over sentences and quotes: every word must occur (any case).

    Each hit has ``parts`` (the text split into marked and unmarked pieces, for
    highlighting without markup) and a ``cite``.
    """
    f = filters or Filters()
    words = [w for w in query.lower().split() if w][:10]
    result: Row = {"query": query, "sentences": [], "quotes": [], "truncated": False}
    if not words:
        return result
    for doc_id, items in c.sentences.items():
        if not f.keep_doc(c, doc_id):
            continue
        for s in items:
            spans = _matches(s["text"], words)
            if spans is None:
                continue
            if len(result["sentences"]) >= limit:
                result["truncated"] = True
                break
            result["sentences"].append({"parts": _split_marks(s["text"], spans),
                                        "text": s["text"],
                                        "cite": c.cite(doc_id, sentence=s["idx"])})
    for q in c.quotes:
        if not f.keep_doc(c, q["doc_id"]) or (
                f.actor and not _speaks_for(c, q["speaker_id"], f.actor, q["doc_id"])):
            continue
        spans = _matches(q["text"], words)
        if spans is None:
            continue
        if len(result["quotes"]) >= limit:
            result["truncated"] = True
            break
        row = _quote_row(c, q)
        row["parts"] = _split_marks(q["text"], spans)
        result["quotes"].append(row)
    return result


# -- overview and the whole report -----------------------------------------------------


def overview(c: Corpus) -> Row:
    docs = list(c.documents.values())
    dates = sorted(d["date"] for d in docs if d.get("date"))
    return {
        "n_documents": len(docs),
        "n_analyzed": sum(1 for d in docs if d.get("status") == "analyzed"),
        "n_outlets": len({d["display_outlet"] for d in docs}),
        "n_events": len(c.clusters),
        "n_quotes": len(c.quotes),
        "n_claims": len(c.claims),
        "n_coded_events": len(c.coded_events),
        "n_positions": len(c.positions),
        "n_actors": len(c.actors),
        "first_date": dates[0] if dates else None,
        "last_date": dates[-1] if dates else None,
        "status_counts": dict(Counter(cl["status"] for cl in c.claims)),
        "outlets": sorted({d["display_outlet"] for d in docs}),
    }


def report_model(c: Corpus, *, method: str = "auto", title: str | None = None) -> Row:
    """Everything the static report shows, in reading order."""
    events = [event_detail(c, e["id"], method=method) for e in event_list(c)]
    return {
        "title": title or "storyline report",
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "overview": overview(c),
        "availability": availability(c),
        "events": events,
        "positions": positions_matrix(c),
        "coverage": coverage(c),
        "claims": claim_list(c),
        "documents": [document_view(c, d) for d in c.documents],
        "actors": actor_list(c),
    }
