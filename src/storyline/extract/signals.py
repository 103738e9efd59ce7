"""Reliability signals: evidence about an article that a reader can check, never a score.

Each :class:`~storyline.model.Signal` has a kind, one sentence of explanation and the
cited spans. Two places compute them:

- **text-only** signals (:func:`text_signals`), in the ``claims`` document stage, from
  the article alone:

  - ``unsourced-statistic``: a percentage, poll, survey or study with no named source in
    its sentence (no person or organisation, no attributed quote);
  - ``mt-damage``: machine-translation damage: words that are not English inside
    English text, lower-case weekdays, months and demonyms, and actor names the
    resolver matched only fuzzily (garbled names);
  - ``generic-filler``: stock phrases that add no information;
  - ``headline-unsupported``: a number in the headline the body never states, or a
    headline whose content words the body barely uses;
  - ``boilerplate-share``: the share of the ingested text the cleaner removed.

- **corpus** signals (:func:`corpus_signals`), in the ``claim_groups`` corpus stage,
  which knows origins and the other documents:

  - ``derivative``: the article rewrites another one (with the source and how many of
    its sentences the source does not have);
  - ``claims-in-no-other-origin``: claims that no other independent origin of the same
    event states.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from storyline.extract.quantities import find_quantities
from storyline.extract.timex import could_match, lowered_for_filter, required_words
from storyline.model import Claim, Document, Provenance, Signal

__all__ = ["corpus_signals", "text_signals"]

STAGE = "claims"

_STAT_WORDS = re.compile(r"\b(?:poll|polls|survey|surveys|study|studies|statistics|"
                         r"research(?:ers)?|data show|figures show|per cent|percent)\b|%",
                         re.IGNORECASE)
FILLER = (
    "it remains to be seen", "only time will tell", "time will tell", "in today's world",
    "in today’s world", "it is important to note", "it is worth noting", "needless to say",
    "at the end of the day", "in conclusion", "all eyes will be on", "the world is watching",
    "remains a complex", "a complex and evolving", "raises important questions",
    "highlights the complexity", "underscores the complexity", "significant step",
    "a pivotal moment", "a new chapter", "the stakes are high", "experts say",
    "observers say", "many believe", "some say",
)
_FILLER_RE = re.compile("|".join(re.escape(p) for p in FILLER), re.IGNORECASE)
_FILLER_NEEDS = required_words(_FILLER_RE)
_WEEKDAYS_MONTHS = frozenset(re.findall(r"\w+",
    "monday tuesday wednesday thursday friday saturday sunday january february april june "
    "july august september october november december"))
# Letter sequences rare in English words and common in Slavic/Baltic/German ones.
_FOREIGN_SHAPE = re.compile(r"(?:^[a-z]*(?:zh|zv|zr|vj|oj|kh|cz|sz|ij|aj)[a-z]*$)|"
                            r"(?:(?:iki|ski|nik|ak|ok|ij|ych|ung|keit|lich)$)")
_ENGLISH_OK = frozenset(re.findall(r"\w+",
    "major join enjoy object project subject reject inject adjective majority objection "
    "rejection injury hijack raj ski skis kiosk book look took cook shook oak soak cloak "
    "attack back black track pack lack crack stack knack hack jack rack sack slack snack "
    "speak sneak weak break steak leak peak freak bleak creak streak tweak cheek beak "
    "yak kayak flak cossack iraq bangkok sputnik beatnik kick nick pick quick sick "
    "stick thick tick trick wick brick click flick lick slick chick"))
# Minimum share of the headline's content words the body must use.
HEADLINE_MIN_OVERLAP = 0.3
# Share of ingested characters removed by the cleaner worth reporting.
BOILERPLATE_REPORT = 0.15


def _where(doc: Document, start: int, end: int, stage: str = STAGE) -> Provenance:
    return Provenance(doc.id, start, end, stage)


def _named_source(doc: Document, start: int, end: int) -> bool:
    nlp_doc = doc.nlp_doc
    if nlp_doc is not None:
        span = nlp_doc.char_span(start, end, alignment_mode="expand")
        if span is not None and any(e.label_ in ("ORG", "PERSON") for e in span.ents):
            return True
    for m in doc.mentions:
        if start <= m.where.start < end and m.actor_id and m.kind in ("name", "alias"):
            actor = next((a for a in doc.actors if a.id == m.actor_id), None)
            if actor is not None and actor.type in ("person", "organisation"):
                return True
    return any(start <= q.where.start < end and q.speaker_id for q in doc.quotes)


def _unsourced_statistics(doc: Document) -> list[Signal]:
    out = []
    for s in doc.sentences:
        percents = [q for q in find_quantities(s.text) if q.unit == "percent"]
        if not (percents or _STAT_WORDS.search(s.text)):
            continue
        if not percents and not re.search(r"\b(?:poll|survey|study)\b", s.text, re.I):
            continue
        if _named_source(doc, s.where.start, s.where.end):
            continue
        out.append(Signal(doc.id, "unsourced-statistic",
                          "A statistic or survey result is given without naming who "
                          "produced it.", (_where(doc, s.where.start, s.where.end),)))
    return out


def _mt_damage(doc: Document) -> list[Signal]:
    nlp_doc = doc.nlp_doc
    spans: list[Provenance] = []
    words: list[str] = []
    if nlp_doc is not None:
        for tok in nlp_doc:
            if not tok.is_alpha:
                continue
            text = tok.text
            low = text.lower()
            if len(low) < 4:
                continue
            lower = text.islower()
            weekday = lower and low in _WEEKDAYS_MONTHS
            foreign = (lower and low not in _ENGLISH_OK and _FOREIGN_SHAPE.search(low) is not None
                       and tok.pos_ in ("NOUN", "PROPN", "X", "ADJ"))
            demonym = lower and tok.ent_type_ == "NORP" and low.endswith("ian")
            if weekday or foreign or demonym:
                spans.append(_where(doc, tok.idx, tok.idx + len(tok)))
                words.append(tok.text)
    names = {a.id: a.name for a in doc.actors}
    for m in doc.mentions:
        if m.kind == "name" and m.actor_id and m.confidence < 0.95:
            name = names.get(m.actor_id, "")
            if name and m.text.lower() not in name.lower():
                spans.append(m.where)
                words.append(f"{m.text} (= {name})")
    if not spans:
        return []
    shown = ", ".join(dict.fromkeys(words))
    return [Signal(doc.id, "mt-damage",
                   f"Signs of machine-translation damage: {shown[:300]}.",
                   tuple(spans[:20]), float(len(spans)))]


def _filler(doc: Document) -> list[Signal]:
    # most articles use none of the phrases: a substring look-up rules that out first
    if not could_match(_FILLER_NEEDS, lowered_for_filter(doc.text), {}):
        return []
    spans = [_where(doc, m.start(), m.end()) for m in _FILLER_RE.finditer(doc.text)]
    if not spans:
        return []
    return [Signal(doc.id, "generic-filler",
                   f"{len(spans)} stock phrase(s) that carry no information.",
                   tuple(spans[:20]), float(len(spans)))]


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'’-]{3,}", text)}


def _headline(doc: Document) -> list[Signal]:
    title = (doc.title or "").strip()
    if not title or not doc.text:
        return []
    body = doc.text
    if body.startswith(title):
        body = body[len(title):]
    out = []
    # the body is only read for the headline's numbers: none, no need to read it
    stated = find_quantities(title)
    body_values = {(q.value, q.unit) for q in find_quantities(body)} if stated else set()
    missing = [q for q in stated if (q.value, q.unit) not in body_values]
    if missing:
        out.append(Signal(doc.id, "headline-unsupported",
                          "The headline states " + ", ".join(f"'{q.text}'" for q in missing)
                          + ", which the body does not.", ()))
    words = _content_words(title)
    if len(words) >= 4:
        body_words = _content_words(body)
        overlap = len(words & body_words) / len(words)
        if overlap < HEADLINE_MIN_OVERLAP:
            out.append(Signal(doc.id, "headline-unsupported",
                              f"Only {overlap:.0%} of the headline's content words occur "
                              "in the body.", (), round(overlap, 3)))
    return out


def _boilerplate(doc: Document) -> list[Signal]:
    total = len(doc.raw_text or "")
    if not total or not doc.removed:
        return []
    removed = sum(len(r.text) for r in doc.removed)
    share = removed / total
    if share < BOILERPLATE_REPORT:
        return []
    return [Signal(doc.id, "boilerplate-share",
                   f"{share:.0%} of the ingested text was page furniture "
                   f"({len(doc.removed)} lines removed).", (), round(share, 3))]


def text_signals(doc: Document, claims: Sequence[Claim] = ()) -> tuple[Signal, ...]:
    """The signals the article's own text gives (see the module docstring)."""
    del claims  # reserved: the claims are not needed by the text-only signals yet
    out: list[Signal] = []
    for find in (_unsourced_statistics, _mt_damage, _filler, _headline, _boilerplate):
        out.extend(find(doc))
    return tuple(out)


def corpus_signals(doc_id: str, *, derived_from: str | None, n_added: int,
                   lonely: Iterable[Any], n_claims: int, stage: str) -> list[Signal]:
    """Signals that need the corpus.

    derived_from (str | None): the source the article rewrites; n_added: how many of
        its sentences the source lacks. lonely: (Provenance, label) of claims no other
        origin of the event states; n_claims: the article's grouped claims.
    """
    out = []
    if derived_from:
        out.append(Signal(doc_id, "derivative",
                          f"Rewrite of document {derived_from}; {n_added} of its "
                          "sentences have no counterpart in the source.", (),
                          float(n_added), stage))
    lonely = list(lonely)
    if lonely and n_claims:
        labels = "; ".join(label for _w, label in lonely[:5])
        out.append(Signal(doc_id, "claims-in-no-other-origin",
                          f"{len(lonely)} of {n_claims} claims appear in no other "
                          f"independent source of this event: {labels[:300]}.",
                          tuple(w for w, _l in lonely[:20]), float(len(lonely)), stage))
    return out
