"""Atomic factual claims, one or more per sentence, with slots that make them comparable.

A claim is comparable with another claim of the same event cluster when both have the
same **slot**. Slots are built from structure, never from wording, so that two outlets
phrasing one fact differently land on one slot:

- **quantities** (the shared normaliser, :mod:`storyline.extract.quantities`): the kind
  of value (``duration``, ``money``, ``percent``, ``count``, ``ordinal``) plus the noun it
  measures, folded into a small class ("conversation" and "phone call" are both a
  ``call``), plus a distribution qualifier ("per side", "in total"). The length of a
  call is ``duration:call``; "150 prisoners from each side" is
  ``count:prisoner:per-side``. A duration that is an offset ("two hours after the
  handshake") is kept as a claim but given an ``offset`` slot, so it never meets a length;
- **dates**: each DATE expression the ``timex`` stage resolved, slotted by the sentence's
  main event type (``date:CONSULT``). Dates are grouped but never reported as conflicts
  (two dates in one story are usually two happenings);
- **stances** (``stances`` stage): ``stance:<issue>:<actor>`` with the stance word as
  ``polarity``, so "accepted" and "rejected" meet as polar opposites;
- **events** (``events`` stage): ``event:<TYPE>:<mode>:<sources>><targets>`` with
  ``negated``, so "did not reject" meets "rejected".

Claims inside a quote carry the speaker (``speaker_id``, ``attributed=True``): "X says
Y" is X's claim, reported by the outlet. Every claim's ``where`` is its sentence, so
``doc.text[c.where.start:c.where.end] == c.text`` is the cited excerpt.

The same stage also computes the text-only reliability signals
(:mod:`storyline.extract.signals`) into ``doc.signals``; the ones that need the corpus
are added by the ``claim_groups`` corpus stage.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from storyline.extract.quantities import find_quantities, singular
from storyline.model import Claim, Document, Event, Provenance, Quantity, Quote, Sentence
from storyline.registry import stage

__all__ = ["STAGE", "claims_of", "make_claims", "noun_class", "quantity_kind"]

STAGE = "claims"

# Nouns folded into one class so that the same measured thing gets one slot. Kept to
# general news vocabulary: communication, meetings, people held or exchanged, strikes.
NOUN_CLASSES: dict[str, tuple[str, ...]] = {
    "call": ("call", "conversation", "phone", "telephone", "phonecall", "chat",
             "discussion", "conversations", "calls"),
    "meeting": ("talk", "talks", "meeting", "negotiation", "session", "summit", "round"),
    "prisoner": ("prisoner", "captive", "pow", "detainee", "serviceman", "servicemen",
                 "soldier", "hostage", "prisoners", "soldiers", "troop"),
    "drone": ("drone", "uav", "shahed"),
    "missile": ("missile", "rocket"),
    "ceasefire": ("ceasefire", "truce", "halt", "cessation", "pause", "moratorium"),
}
_NOUN_CLASS = {w: cls for cls, words in NOUN_CLASSES.items() for w in words}

# Words after a count that say how it is distributed.
_PER_SIDE = re.compile(r"^\W*(?:\w+\W+){0,3}?(?:per|each|from each|on each|from both)\s+"
                       r"(?:side|country|party)", re.IGNORECASE)
_TOTAL = re.compile(r"^\W*(?:\w+\W+){0,3}?(?:in total|in all|altogether|overall)\b",
                    re.IGNORECASE)
_TOTAL_BEFORE = re.compile(r"\b(?:a total of|total of|in total)\s*$", re.IGNORECASE)
# After a duration: it measures a gap between two moments, not the length of something.
_OFFSET_AFTER = re.compile(r"^\s*(?:after|before|later|earlier|ago|since|into|of)\b",
                           re.IGNORECASE)
_DURATION_UNITS = {"minute", "day", "month", "year", "week", "hour", "second"}
_COMMUNICATION_VERBS = {"last", "continue", "run", "take", "go"}
# Stances compatible with each other; anything in one set is polar to the other set.
POSITIVE_STANCES = frozenset({"accepts", "supports", "proposes", "demands"})
NEGATIVE_STANCES = frozenset({"rejects"})


def noun_class(noun: str | None) -> str | None:
    """The slot class of a measured noun ("conversation" -> "call"), else the noun."""
    if not noun:
        return None
    word = noun.lower()
    return _NOUN_CLASS.get(word) or _NOUN_CLASS.get(singular(word)) or singular(word)


def quantity_kind(q: Quantity) -> str:
    """``duration`` | ``money`` | ``percent`` | ``ordinal`` | ``measure`` | ``count``."""
    if q.unit in _DURATION_UNITS:
        return "duration"
    if q.unit == "percent":
        return "percent"
    if q.unit == "ordinal":
        return "ordinal"
    if q.unit and len(q.unit) == 3 and q.unit.isupper():
        return "money"
    return "measure" if q.unit else "count"


def _tokens(nlp_doc: Any, start: int, end: int) -> list[Any]:
    if nlp_doc is None:
        return []
    span = nlp_doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _verb_of(nlp_doc: Any, start: int, end: int) -> Any:
    """The nearest verb governing the tokens of ``start:end`` in the parse, if any."""
    for tok in _tokens(nlp_doc, start, end):
        node = tok
        for _ in range(6):
            if node.pos_ in ("VERB", "AUX") and node.dep_ != "amod":
                return node
            if node.head is node:
                break
            node = node.head
    return None


def _measured_noun(nlp_doc: Any, q: Quantity) -> str | None:
    """For a duration with no noun ("it lasted an hour and a half"), the subject of the
    verb (through a relative pronoun to the noun it modifies)."""
    verb = _verb_of(nlp_doc, q.start, q.end)
    if verb is None or verb.lemma_.lower() not in _COMMUNICATION_VERBS:
        return None
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
                return verb.head.lemma_.lower()
            if child.pos_ == "PRON":
                return None
            return child.lemma_.lower()
    if verb.dep_ == "relcl":
        return verb.head.lemma_.lower()
    return None


def _quote_at(quotes: Iterable[Quote], start: int, end: int) -> Quote | None:
    for q in quotes:
        if q.where.start <= start and end <= q.where.end and q.kind != "scare":
            if "scare-quote" in q.flags:
                continue
            return q
    return None


# Background recalled in a sentence: "two months ago", "last week", "had rejected".
_HISTORICAL = re.compile(r"\b(?:ago|previously|last (?:week|month|year)|earlier this "
                         r"(?:week|month|year)|had (?:already )?(?:been )?\w+ed)\b",
                         re.IGNORECASE)


def _recalled(own: str, sentence: str) -> str:
    return "historical" if own == "actual" and sentence == "historical" else own


def _main_event(events: list[Event]) -> Event | None:
    return max(events, key=lambda e: e.confidence, default=None)


class _DocClaims:
    """Claims of one document; discarded when done."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.nlp_doc = doc.nlp_doc
        self.out: list[Claim] = []

    def _in(self, items: Iterable[Any], s: Sentence) -> list[Any]:
        return [x for x in items
                if s.where.start <= x.where.start and x.where.end <= s.where.end]

    def _where(self, s: Sentence) -> Provenance:
        return Provenance(self.doc.id, s.where.start, s.where.end, STAGE)

    def _add(self, s: Sentence, anchor: tuple[int, int], **fields: Any) -> None:
        quote = _quote_at(self.doc.quotes, *anchor)
        if quote is not None:
            fields.setdefault("speaker_id", quote.speaker_id)
            fields["attributed"] = True
        self.out.append(Claim(text=s.text, where=self._where(s), **fields))

    def claims(self) -> tuple[Claim, ...]:
        for s in self.doc.sentences:
            self.sentence(s)
        return tuple(self.out)

    def sentence(self, s: Sentence) -> None:
        events = self._in(self.doc.events, s)
        main = _main_event(events)
        modality = main.modality if main is not None else "actual"
        if modality == "actual" and (_HISTORICAL.search(s.text) or (
                main is not None and "historical" in main.context)):
            # an earlier happening recalled as background: never a conflict with this one
            modality = "historical"
        dates = [t for t in self._in(self.doc.timexes, s) if t.type == "DATE" and t.value]
        time = dates[0].value if dates else None
        self.quantities(s, events, modality, time)
        self.statements(s, modality, time)
        for t in dates:
            self._add(s, (t.where.start, t.where.end), kind="date",
                      slot=f"date:{main.type if main else 'none'}",
                      predicate=main.type if main else "", value=None, unit="date",
                      value_text=t.text, time=t.value, modality=modality,
                      subject_id=main.source_id if main else None)
        for st in self._in(self.doc.stances, s):
            self._add(s, (st.issue_where.start, st.issue_where.end), kind="stance",
                      slot=f"stance:{st.issue}:{st.actor_id}", predicate=st.basis or "stance",
                      subject_id=st.actor_id, object=st.issue, polarity=st.stance,
                      time=time, modality=_recalled(st.modality, modality),
                      confidence=st.confidence)
        for ev in events:
            sources = "+".join(sorted(ev.source_ids)) or "?"
            targets = "+".join(sorted(ev.target_ids)) or "?"
            self._add(s, (ev.trigger_where.start, ev.trigger_where.end), kind="event",
                      slot=f"event:{ev.type}:{ev.mode or '-'}:{sources}>{targets}",
                      predicate=ev.type, subject_id=ev.source_id, object=ev.target_id,
                      negated=ev.negated, polarity="negated" if ev.negated else "affirmed",
                      time=time, modality=_recalled(ev.modality, modality),
                      confidence=ev.confidence)

    def quantities(self, s: Sentence, events: list[Event], modality: str,
                   time: str | None) -> None:
        text = self.doc.text
        source: Any = s.text
        if self.nlp_doc is not None:
            span = self.nlp_doc.char_span(s.where.start, s.where.end, alignment_mode="expand")
            source = span if span is not None else s.text
        base = 0 if not isinstance(source, str) else s.where.start
        found = [(q, q.start + base, q.end + base)
                 for q in find_quantities(source, doc_id=self.doc.id, stage=STAGE)]
        # a plain count the repair reads as a duration ("two -hour") gives way to it
        plain = [(a, b) for q, a, b in found if q.unit is None]
        repaired = _repaired_quantities(
            self, s, [(a, b) for _q, a, b in found if (a, b) not in plain])
        found = [f for f in found if not any(f[1] < b and a < f[2] for _q, a, b in repaired)]
        found = sorted(found + repaired, key=lambda f: f[1])
        for q, start, end in found:
            kind = quantity_kind(q)
            noun = q.what
            if kind == "count" and q.what is None and q.value < 1000 and q.bound == "exact":
                # a bare number ("Thirty-one of the ...", an age): nothing to compare
                noun = None
            elif noun and re.search(rf"\b{re.escape(noun[:1].upper() + noun[1:])}",
                                    text[end - len(noun) - 2 : end + 2]):
                # a people counted by name ("150 Ardenians"): who, not what; no slot
                noun = None
            if kind == "duration" and noun is None:
                noun = _measured_noun(self.nlp_doc, Quantity(q.text, q.value, start=start,
                                                             end=end))
            qualifier = ""
            after, before = text[end : end + 40], text[max(0, start - 20) : start]
            if kind == "duration" and _OFFSET_AFTER.match(after):
                qualifier = ":offset"
            elif _PER_SIDE.match(after):
                qualifier = ":per-side"
            elif _TOTAL.match(after) or _TOTAL_BEFORE.search(before):
                qualifier = ":total"
            cls = noun_class(noun)
            verb = _verb_of(self.nlp_doc, start, end)
            event = next((e for e in events if any(x.start == start or x.text == q.text
                                                   for x in e.quantities)), None)
            slot = f"{kind}:{cls or '?'}{qualifier}"
            self._add(s, (start, end), kind="quantity", slot=slot,
                      predicate=verb.lemma_.lower() if verb is not None else "",
                      subject_id=event.source_id if event else None, object=noun,
                      value=q.value, unit=q.unit if kind != "count" else None, bound=q.bound,
                      value_text=q.text, time=time,
                      modality=_recalled(event.modality, modality) if event else modality,
                      negated=bool(event and event.negated))


    def statements(self, s: Sentence, modality: str, time: str | None) -> None:
        """One ``statement`` claim per voice of the sentence (see :func:`voices`)."""
        for start, end, speaker, attributed, confidence in voices(self.doc, s, self.nlp_doc):
            content = self.doc.text[start:end]
            subject = speaker if attributed else _subject_actor(self.doc, self.nlp_doc,
                                                                start, end)
            self.out.append(Claim(
                text=s.text, where=self._where(s), kind="statement",
                slot=f"statement:{speaker or '?'}" if attributed else "statement:outlet",
                predicate="says" if attributed else "states", subject_id=subject,
                object=content, time=time, modality=modality, speaker_id=speaker,
                attributed=attributed, confidence=confidence))

_DETACHED_HYPHEN = re.compile(r"(\w) -(\w+)")
_TIMEX_DURATION = re.compile(r"^P(T?)(\d+(?:\.\d+)?)([YMWDH])$")
_TIMEX_UNIT = {("", "Y"): ("year", 1.0), ("", "M"): ("month", 1.0), ("", "W"): ("day", 7.0),
               ("", "D"): ("day", 1.0), ("T", "H"): ("minute", 60.0),
               ("T", "M"): ("minute", 1.0)}


# Quote flags that say the speaker was inferred (a pronoun, a role noun, the paragraph)
# rather than named beside the words: such an attribution is too uncertain to accuse a
# rewrite of changing it.
_INFERRED_SPEAKER = frozenset({"pronoun-speaker", "role-speaker", "same-paragraph",
                               "no-cue", "nested"})
# Punctuation that opens a gloss: "X repeated his demand: a reference to Y" (the writer
# explains what was said; the explanation is not the speaker's).
_GLOSS_OPENERS = frozenset({":", "\u2014", "\u2013", "-", "--"})
# A voice needs this many words to state anything ("he said" states nothing).
MIN_STATEMENT_WORDS = 4
_WORDS = re.compile(r"[^\W\d_]{2,}")


def _inside_marks(text: str) -> bool:
    """Whether the end of ``text`` lies inside quotation marks it opens."""
    return text.count("\u201c") > text.count("\u201d") or text.count('"') % 2 == 1


def _gloss_start(nlp_doc: Any, doc_text: str, start: int, end: int) -> int | None:
    """Where a writer's gloss starts inside reported speech, if it has one: a noun phrase
    (not a clause: "he said: the blockade must end" is speech) after a colon or dash,
    outside quotation marks ("... his demand: a reference to the ports")."""
    for opener in _tokens(nlp_doc, start, end):
        if opener.text not in _GLOSS_OPENERS or opener.i + 1 >= len(opener.doc) \
                or _inside_marks(doc_text[start:opener.idx]):
            continue
        first = head = opener.doc[opener.i + 1]
        while head.head is not head and head.head.left_edge.i == first.i:
            head = head.head
        if head.pos_ in ("NOUN", "PROPN") and head.dep_ not in ("nsubj", "nsubjpass") \
                and first.idx < end:
            return opener.idx
    return None


def voices(doc: Document, s: Sentence, nlp_doc: Any = None
           ) -> list[tuple[int, int, str | None, bool, float]]:
    """The sentence split by who asserts each part: ``(start, end, speaker_id,
    attributed, confidence)``.

    Reported speech (the ``quotes`` stage's spans, the longest where they nest) is its
    speaker's; a gloss the writer appends to it ("... his old demand: a reference to
    Y") and the rest of the sentence are the outlet's own voice (``attributed=False``).
    Pieces shorter than :data:`MIN_STATEMENT_WORDS` words are dropped. ``confidence``
    is lower when the speaker was inferred rather than named.
    """
    quotes = sorted((q for q in doc.quotes
                     if s.where.start <= q.where.start and q.where.end <= s.where.end
                     and "scare-quote" not in q.flags),
                    key=lambda q: (q.where.start, -q.where.end))
    spoken: list[tuple[int, int, str | None, bool, float]] = []
    for q in quotes:
        if spoken and q.where.start < spoken[-1][1]:
            continue  # nested in (or overlapping) a longer quote
        end = _gloss_start(nlp_doc, doc.text, q.where.start, q.where.end) or q.where.end
        sure = q.confidence * (0.5 if _INFERRED_SPEAKER & set(q.flags) else 1.0)
        spoken.append((q.where.start, end, q.speaker_id, True, sure))
    out: list[tuple[int, int, str | None, bool, float]] = []
    at = s.where.start
    for piece in spoken:
        if piece[0] > at:
            out.append((at, piece[0], None, False, 1.0))
        out.append(piece)
        at = piece[1]
    if at < s.where.end:
        out.append((at, s.where.end, None, False, 1.0))
    trimmed = []
    for start, end, speaker, attributed, sure in out:
        piece = doc.text[start:end]
        lead = len(piece) - len(piece.lstrip(" ,;:.\u2014\u2013-\n\"'\u201c\u201d"))
        tail = len(piece.rstrip(" ,;:.\u2014\u2013-\n\"'\u201c\u201d"))
        a, b = start + lead, start + max(lead, tail)
        if len(_WORDS.findall(doc.text[a:b])) >= MIN_STATEMENT_WORDS:
            trimmed.append((a, b, speaker, attributed, sure))
    return trimmed


def _subject_actor(doc: Document, nlp_doc: Any, start: int, end: int) -> str | None:
    """The actor a piece of the outlet's own voice is about: a resolved mention that is a
    grammatical subject, else the first resolved mention."""
    found = [m for m in doc.mentions
             if m.actor_id and start <= m.where.start and m.where.end <= end]
    for m in found:
        if any(t.dep_ in ("nsubj", "nsubjpass") for t in _tokens(nlp_doc, m.where.start,
                                                                 m.where.end)):
            return m.actor_id
    return found[0].actor_id if found else None


def _repaired_quantities(self: _DocClaims, s: Sentence, taken: list[tuple[int, int]]
                         ) -> list[tuple[Quantity, int, int]]:
    """Quantities the normaliser misses in damaged text: a detached hyphen ("two -hour",
    common in machine translation) is moved after the word, which keeps every offset;
    and durations only the ``timex`` stage normalised ("One day after")."""
    out: list[tuple[Quantity, int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or y <= a for x, y in taken + [(q[1], q[2]) for q in out])

    if _DETACHED_HYPHEN.search(s.text):
        fixed = _DETACHED_HYPHEN.sub(lambda m: f"{m.group(1)}-{m.group(2)} ", s.text)
        for q in find_quantities(fixed):
            a, b = q.start + s.where.start, q.end + s.where.start
            b += self.doc.text[a:b].count(" -")  # the moved space falls inside the span
            if q.unit in _DURATION_UNITS and free(a, b):
                out.append((Quantity(self.doc.text[a:b], q.value, q.unit, q.what, q.bound,
                                     a, b), a, b))
    for t in self._in(self.doc.timexes, s):
        m = _TIMEX_DURATION.match(t.value or "") if t.type == "DURATION" else None
        unit = _TIMEX_UNIT.get((m.group(1), m.group(3))) if m else None
        if m and unit and free(t.where.start, t.where.end):
            value = float(m.group(2)) * unit[1]
            out.append((Quantity(t.text, value, unit[0], None, "exact", t.where.start,
                                 t.where.end), t.where.start, t.where.end))
    return out


def claims_of(doc: Document) -> tuple[Claim, ...]:
    """The claims a document makes (see the module docstring)."""
    return _DocClaims(doc).claims()


@stage(
    STAGE,
    defaults={"signals": True},
    requires=("doc.parse", "doc.mentions"),
    produces=("doc.claims", "doc.signals"),
)
def make_claims(signals: bool) -> Callable[[list[Document]], list[Document]]:
    """Atomic claims with comparable slots and attribution; text-only reliability signals."""
    from storyline.extract.signals import text_signals

    def run(docs: list[Document]) -> list[Document]:
        out = []
        for doc in docs:
            claims = claims_of(doc)
            found = text_signals(doc, claims) if signals else ()
            out.append(doc.evolve(claims=claims, signals=found))
        return out

    return run
