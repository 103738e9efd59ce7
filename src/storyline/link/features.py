"""What the linking stage reads from a document: words, names, details and time cues.

Everything here is plain text processing (no parse needed), so the corpus stage, the
evaluations and the benchmark compute the same features the same way:

* ``terms``: content words (lower-cased, stop words dropped) and numbers, for TF-IDF;
* ``names``: the words of capitalised name sequences (``Vladimir Putin`` gives
  ``vladimir`` and ``putin``), a cheap stand-in for named entities;
* ``durations``: how long something lasted, in minutes (``two-and-a-half-hour call``);
* time cues: weekdays, explicit dates and years in the title and lead, resolved to an
  ``event_date`` when the publication date is known (a temporal module arrives later;
  this is the small part event linking needs).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from spacy.lang.en.stop_words import STOP_WORDS

from storyline.model import Document, Provenance, Sentence

__all__ = [
    "LEAD_SENTENCES",
    "TextFeatures",
    "durations_in",
    "event_time",
    "name_runs",
    "names_in",
    "parse_date",
    "split_sentences",
    "terms_in",
    "text_features",
]

# The title plus this many sentences is the "lead": news states the main event, its
# actors and its day at the top (inverted pyramid); later sentences add background.
LEAD_SENTENCES = 3

STAGE = "link"

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45,
    "ninety": 90, "half": 0.5,
}
# Words that look like names when capitalised at a sentence start but are not.
_NOT_NAMES = STOP_WORDS | set(WEEKDAYS) | {m for m in MONTHS if len(m) > 3} | {
    "mr", "mrs", "ms", "dr", "st", "president", "according", "despite", "meanwhile",
    "however", "although", "while", "after", "before", "since", "earlier", "later",
    "today", "yesterday", "tomorrow", "read", "source", "photo", "image", "update",
}

_WORD = re.compile(r"[^\W\d_][\w'’.-]*[^\W_]|[^\W\d_]", re.UNICODE)
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W\d_](?:[\w'’-]*[^\W_])?", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])(?P<close>[\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Gen|Gov|Sen|Rep|Lt|Col|Sgt|Jr|Sr|Inc|Co|Corp|No|vs|U\.S|U\.K|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z])\.$"
)

_NUMBER = r"(?:\d+(?:\.\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
_DURATION = re.compile(
    rf"\b(?P<n>{_NUMBER})(?P<half>(?:\s*-?\s*and\s*-?\s*a\s*-?\s*half)?)\s*-?\s*"
    rf"(?P<unit>hours?|hrs?|minutes?|mins?)\b"
    rf"|\b(?P<n2>an?|one)\s+(?P<unit2>hour)\s+and\s+a\s+half\b",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE_MD = re.compile(
    rf"\b(?P<month>{_MONTH_NAMES})\.?\s*(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"(?:,?\s*(?P<year>(?:19|20)\d\d)\b)?",
    re.IGNORECASE,
)
_DATE_DM = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH_NAMES})\b\.?"
    rf"(?:,?\s*(?P<year>(?:19|20)\d\d)\b)?",
    re.IGNORECASE,
)
_DATE_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_RELATIVE_DAY = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
_RELATIVE = re.compile(r"\b(yesterday|today|tonight|tomorrow)\b", re.IGNORECASE)
# Cues that a weekday in the same sentence lies ahead of the writing date (a preview).
_FUTURE = re.compile(
    r"\b(will|scheduled|expected|set to|plans? to|planned|due to|to be held|next|upcoming"
    r"|are to|is to|ahead of)\b",
    re.IGNORECASE,
)
_LAST = re.compile(r"\blast\s+$", re.IGNORECASE)


# -- sentences ---------------------------------------------------------------------------


def split_sentences(doc_id: str, text: str) -> tuple[Sentence, ...]:
    """Sentences with exact spans, for documents the parse stage has not seen.

    A light rule splitter (end punctuation followed by a capital, or a line break); the
    parse stage's sentences are used instead whenever a document has them.
    """
    out: list[Sentence] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start() + len(match.group("close") or "")
        if _ABBREVIATION.search(text[max(start, end - 6) : end]) and "\n" not in match.group():
            continue
        _add_sentence(out, doc_id, text, start, end)
        start = match.end()
    _add_sentence(out, doc_id, text, start, len(text))
    return tuple(out)


def _add_sentence(out: list[Sentence], doc_id: str, text: str, start: int, end: int) -> None:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    start, end = start + lead, start + len(piece.rstrip())
    if end > start and _WORD.search(text[start:end]):
        out.append(Sentence(len(out), text[start:end], Provenance(doc_id, start, end, STAGE)))


# -- words and names -----------------------------------------------------------------------


def _normal(word: str) -> str:
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    # A light plural fold, so "drones"/"drone" and "elections"/"election" meet.
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word


def terms_in(text: str) -> Counter[str]:
    """Content words and numbers, normalised; stop words and one-letter words dropped."""
    out: Counter[str] = Counter()
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token[0].isdigit():
            out["#" + token.replace(",", "")] += 1
            continue
        word = _normal(token)
        if len(word) > 2 and word not in STOP_WORDS:
            out[word] += 1
    return out


def name_runs(sentences: list[str]) -> list[list[str]]:
    """Sequences of capitalised words (``Vladimir Putin``, ``White House``), as written.

    A capitalised word at the start of a sentence counts only when it is followed by
    another capitalised word or appears capitalised mid-sentence elsewhere, so
    "Despite" or "Officials" opening a sentence are not taken for names. Punctuation
    between two words ends a run.
    """
    mid: set[str] = set()
    runs: list[tuple[bool, list[str]]] = []
    for sentence in sentences:
        run: list[str] = []
        run_at_start = False
        previous_end = 0
        for i, match in enumerate(_WORD.finditer(sentence)):
            word = match.group()
            if run and sentence[previous_end : match.start()].strip():
                runs.append((run_at_start, run))
                run = []
            previous_end = match.end()
            capital = word[0].isupper() and len(word) > 1
            if capital and _normal(word).strip(".") not in _NOT_NAMES:
                if not run:
                    run_at_start = i == 0
                run.append(word)
                if i > 0:
                    mid.add(word)
            else:
                if run:
                    runs.append((run_at_start, run))
                run = []
        if run:
            runs.append((run_at_start, run))
    return [run for at_start, run in runs if not (at_start and len(run) == 1 and run[0] not in mid)]


def names_in(sentences: list[str]) -> Counter[str]:
    """Words of name runs, normalised (``Vladimir Putin`` gives two words)."""
    out: Counter[str] = Counter()
    for run in name_runs(sentences):
        for word in run:
            out[_normal(word).strip(".")] += 1
    return out


# -- details ---------------------------------------------------------------------------------


def _number(text: str) -> float:
    text = text.lower()
    return float(_NUMBER_WORDS[text]) if text in _NUMBER_WORDS else float(text)


def durations_in(text: str) -> frozenset[int]:
    """Hour and minute durations, in minutes (``90-minute``, ``two-and-a-half-hour``)."""
    found = set()
    for match in _DURATION.finditer(text):
        if match.group("n2"):
            found.add(90)
            continue
        value = _number(match.group("n")) + (0.5 if match.group("half").strip() else 0.0)
        minutes = value * 60 if match.group("unit").lower().startswith("h") else value
        if 0 < minutes <= 24 * 60:
            found.add(round(minutes))
    return frozenset(found)


# -- time ----------------------------------------------------------------------------------


def parse_date(value: str | None) -> date | None:
    """The date of an ISO 8601 date or datetime string, None when absent or unreadable."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _explicit_dates(text: str, default_year: int | None) -> list[tuple[int, date | None, int, int]]:
    """(position, date or None, month, day) of month-day mentions, in text order."""
    found = []
    for pattern in (_DATE_MD, _DATE_DM, _DATE_ISO):
        for match in pattern.finditer(text):
            month_text = match.group("month").lower().rstrip(".")
            month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text)
            day = int(match.group("day"))
            if not month or not 1 <= day <= 31 or not 1 <= month <= 12:
                continue
            if pattern is _DATE_MD and month_text == "may" and match.group("year") is None:
                # "may 3" is usually the verb; only trust it in a dated form.
                continue
            year = int(match.group("year")) if match.group("year") else default_year
            when = _safe_date(year, month, day) if year else None
            found.append((match.start(), when, month, day))
    found.sort(key=lambda item: item[0])
    return found


@dataclass(frozen=True)
class EventTime:
    """When the lead says the main event happened (or will happen).

    date: resolved calendar date, when the publication date or an explicit date allows.
    weekday: 0 = Monday ... 6 = Sunday, when the lead names one (or from ``date``).
    month_day: an explicit (month, day) from the lead, even without a year.
    """

    date: date | None = None
    weekday: int | None = None
    month_day: tuple[int, int] | None = None


def event_time(lead: list[str], published: date | None) -> EventTime:
    """Resolve the lead's first explicit date, weekday or relative day.

    A weekday is resolved against the publication date: the latest such day on or
    before it, or the next one after it when its sentence speaks of the future
    ("scheduled to speak on Tuesday"): a preview belongs to the day it previews.
    """
    default_year = published.year if published else None
    for sentence in lead:
        explicit = _explicit_dates(sentence, default_year)
        weekday_match = _WEEKDAY.search(sentence)
        relative = _RELATIVE.search(sentence)
        first = min(
            (pos for pos in (
                explicit[0][0] if explicit else None,
                weekday_match.start() if weekday_match else None,
                relative.start() if relative else None,
            ) if pos is not None),
            default=None,
        )
        if first is None:
            continue
        if explicit and explicit[0][0] == first:
            _pos, when, month, day = explicit[0]
            if when and published and abs((when - published).days) > 200 and not _YEAR.search(
                sentence
            ):
                when = None  # a day-month without a year near a year boundary: keep it loose
            return EventTime(when, when.weekday() if when else None, (month, day))
        future = bool(_FUTURE.search(sentence))
        if weekday_match and weekday_match.start() == first:
            weekday = WEEKDAYS.index(weekday_match.group(1).lower())
            if published is None:
                return EventTime(None, weekday, None)
            if future and not _LAST.search(sentence[: weekday_match.start()]):
                ahead = (weekday - published.weekday()) % 7
                when = published + timedelta(days=ahead)
            else:
                back = (published.weekday() - weekday) % 7
                when = published - timedelta(days=back)
            return EventTime(when, weekday, None)
        if relative and published is not None:
            when = published + timedelta(days=_RELATIVE_DAY[relative.group(1).lower()])
            return EventTime(when, when.weekday(), None)
    return EventTime()


# -- one document -----------------------------------------------------------------------------


@dataclass
class TextFeatures:
    """The text-derived features of one document (embeddings are added by the linker)."""

    doc_id: str
    title: str
    sentences: tuple[Sentence, ...]
    terms: Counter[str]
    names: Counter[str]
    name_phrases: Counter[str]
    durations: frozenset[int]
    published: date | None
    when: EventTime
    years: frozenset[int] = field(default_factory=frozenset)

    @property
    def lead(self) -> list[str]:
        head = [self.title] if self.title else []
        return head + [s.text for s in self.sentences[:LEAD_SENTENCES]]


def text_features(doc: Document) -> TextFeatures:
    """Compute the text features of one cleaned document."""
    text = doc.text or doc.raw_text
    sentences = doc.sentences or split_sentences(doc.id, text)
    title = (doc.title or "").strip()
    published = parse_date(doc.published)
    lead = ([title] if title else []) + [s.text for s in sentences[:LEAD_SENTENCES]]
    body = [s.text for s in sentences]
    runs = name_runs(body)
    names: Counter[str] = Counter()
    for run in runs:
        names.update(_normal(word).strip(".") for word in run)
    terms = terms_in(title) + terms_in(text)
    return TextFeatures(
        doc_id=doc.id,
        title=title,
        sentences=tuple(sentences),
        terms=terms,
        names=names,
        name_phrases=Counter(" ".join(run) for run in runs),
        durations=durations_in(text),
        published=published,
        when=event_time(lead, published),
        years=frozenset(int(y) for y in _YEAR.findall(" ".join(lead))),
    )
