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
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.lang.en.stop_words import STOP_WORDS

from storyline.model import Document, Provenance, Sentence

__all__ = [
    "LEAD_SENTENCES",
    "NOT_HAPPENINGS",
    "TextFeatures",
    "durations_in",
    "event_time",
    "headline_words",
    "latest_year",
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
# Longer "words" are URLs, hashes or glued text, not vocabulary (and index keys and
# term rows have a bounded length).
MAX_WORD = 40

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
# spaCy's stop words, less the few that name what happens in news ("a phone call").
STOP = frozenset(STOP_WORDS - {"call", "show", "move", "serious", "empty", "fire"})
# Words that look like names when capitalised at a sentence start but are not.
_NOT_NAMES = set(STOP_WORDS) | set(WEEKDAYS) | {m for m in MONTHS if len(m) > 3} | {
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
    rf"\b(?:an?|one)\s+hour\s+and\s+a\s+half\b"
    rf"|\b(?P<h>{_NUMBER})(?P<half>\s*-?\s*and\s*-?\s*a\s*-?\s*half)?\s*-?\s*(?:hours?|hrs?)\b"
    rf"(?:\s+and\s+(?P<hm>{_NUMBER})\s*-?\s*(?:minutes?|mins?)\b)?"
    rf"|\b(?P<m>{_NUMBER})\s*-?\s*(?:minutes?|mins?)\b",
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
_MENTIONED_YEAR = re.compile(r"(?<![\d$€£,.])\b(19[5-9]\d|20\d\d)\b(?![\d,.%])")
_RELATIVE_DAY = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
_RELATIVE = re.compile(r"\b(yesterday|today|tonight|tomorrow)\b", re.IGNORECASE)
# Cues, before a weekday in its sentence, that the day lies ahead of the writing date.
_FUTURE = re.compile(
    r"\b(will|scheduled|expected|set to|plans? to|planned|due to|to be held|next|upcoming"
    r"|are to|is to|ahead of)\b",
    re.IGNORECASE,
)
# A headline's "X to meet Y on Tuesday" is a future too.
_HEADLINE_FUTURE = re.compile(r"\bto [a-z]+\b")
_LAST = re.compile(r"\blast\s+$", re.IGNORECASE)
_OFFSET = re.compile(r"\s*(?:after|before|later|earlier|ago|from now|into)\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:.!?()\n—–]")


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


def _name_key(word: str) -> str:
    """A name word's key: lower case, possessive and trailing dots dropped (no plural
    folding: "Thomas" is not a plural)."""
    word = word.lower().replace("’", "'").strip(".")
    return word[:-2] if word.endswith("'s") else word


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
            if len(token) <= MAX_WORD:
                out["#" + token.replace(",", "")] += 1
            continue
        word = _normal(token)
        if 2 < len(word) <= MAX_WORD and word not in STOP:
            out[word] += 1
    return out


def headline_words(title: str, first: tuple[Sentence, ...], text: str) -> Counter[str]:
    """Words of the headline and first sentence that say what happened (for labels).

    Only words the text also writes in lower case count: that leaves out names, and the
    capitals of a title-case headline.
    """
    lower = {_normal(m.group()) for m in _TOKEN.finditer(text) if m.group()[0].islower()}
    head = " ".join([title, *(s.text for s in first)])
    return Counter({t: c for t, c in terms_in(head).items() if t in lower})


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
            if capital and _name_key(word) not in _NOT_NAMES:
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
        out.update(key for key in map(_name_key, run) if len(key) <= MAX_WORD)
    return out


# -- cue words ----------------------------------------------------------------------------

# Content words next to a weekday or a duration name what happened that day or lasted
# that long ("the two-hour conversation on Monday" -> conversation). Two reports that
# give the same cue word a different day or length report different happenings; on
# ECB+ dev such a clash is several times likelier between different events than within
# one, while a plain weekday mismatch is not (follow-ups come on later days).
CUE_WORDS = 2
# Words that never name a happening: stop words, times of day, roles, speech verbs.
NOT_HAPPENINGS = STOP | {
    "night", "morning", "afternoon", "evening", "late", "early", "last", "week", "weekend",
    "day", "said", "says", "told", "president", "minister", "leader", "spokesman",
    "spokeswoman", "official", "officials",
}
_CUE_TOKEN = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


def _cue_words(text: str, forward: bool = False) -> tuple[str, ...]:
    """Up to :data:`CUE_WORDS` content words nearest the end of ``text`` (its start, with
    ``forward``), within one clause; names and numbers are not cues."""
    clauses = _CLAUSE_END.split(text)
    clause = clauses[0] if forward else clauses[-1]
    words = _CUE_TOKEN.findall(clause)
    found: list[str] = []
    for word in words if forward else reversed(words):
        normal = _normal(word)
        if word[0].isupper() or normal in NOT_HAPPENINGS or len(normal) < 3:
            continue
        found.append(normal)
        if len(found) == CUE_WORDS:
            break
    return tuple(found)


# -- durations -------------------------------------------------------------------------------


def _number(text: str) -> float:
    text = text.lower()
    return float(_NUMBER_WORDS[text]) if text in _NUMBER_WORDS else float(text)


def _minutes(match: re.Match[str]) -> float:
    if match.group("h"):
        hours = _number(match.group("h")) + (0.5 if match.group("half") else 0.0)
        extra = _number(match.group("hm")) if match.group("hm") else 0.0
        return hours * 60 + extra
    if match.group("m"):
        return _number(match.group("m"))
    return 90.0  # "an hour and a half"


def durations_in(text: str) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """Hour and minute durations in minutes, each with its cue words.

    ``90-minute``, ``two-and-a-half-hour``, ``an hour and a half`` and ``one hour and
    thirty minutes`` are read; the cue words are the content words just after the
    duration in its clause, or else just before it ("two-hour conversation" ->
    conversation; "the conversation lasted two hours" -> lasted, conversation).
    """
    found = []
    for match in _DURATION.finditer(text):
        minutes = _minutes(match)
        if not 0 < minutes <= 24 * 60 or _OFFSET.match(text, match.end()):
            continue  # "two hours after the call" is a time, not a length
        after = text[match.end() : match.end() + 80]
        before = text[max(0, match.start() - 80) : match.start()]
        cues = _cue_words(after, forward=True) or _cue_words(before)
        found.append((round(minutes), cues))
    return tuple(found)


# -- time ------------------------------------------------------------------------------------


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


def _explicit_dates(text: str) -> list[tuple[int, int, int, int | None]]:
    """(position, month, day, year or None) of the dates a text spells out, in order."""
    found = []
    for pattern in (_DATE_MD, _DATE_DM, _DATE_ISO):
        for match in pattern.finditer(text):
            month_text = match.group("month").lower().rstrip(".")
            month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text)
            day = int(match.group("day"))
            if not month or not 1 <= day <= 31 or not 1 <= month <= 12:
                continue
            if pattern is _DATE_MD and month_text == "may" and match.group("year") is None:
                continue  # "may 3" is usually the verb; only trust it in a dated form
            year = int(match.group("year")) if match.group("year") else None
            found.append((match.start(), month, day, year))
    return sorted(found)


def latest_year(text: str) -> int | None:
    """The latest year a text mentions (1950-2099): it cannot have been written earlier
    (plans aside), so it bounds the writing date from below."""
    years = [int(y) for y in _MENTIONED_YEAR.findall(text)]
    return max(years) if years else None


@dataclass(frozen=True)
class EventTime:
    """When the lead says the main happening took place (or will).

    date: the calendar date, when a publication date or an explicit date allows.
    weekday: 0 = Monday ... 6 = Sunday: the lead's first weekday (else the date's).
    month_day: the lead's first explicit (month, day) (else the date's), even without
        a year.
    cues: the words naming what happened on ``weekday`` (see :data:`CUE_WORDS`).
    """

    date: date | None = None
    weekday: int | None = None
    month_day: tuple[int, int] | None = None
    cues: tuple[str, ...] = ()


def _resolve_weekday(weekday: int, reference: date, future: bool) -> date:
    if future:
        return reference + timedelta(days=(weekday - reference.weekday()) % 7)
    return reference - timedelta(days=(reference.weekday() - weekday) % 7)


def event_time(lead: list[str], published: date | None, title: bool = False) -> EventTime:
    """Date the lead's main happening from its first weekday, explicit date or relative
    day ("yesterday"), and the publication date.

    A weekday is resolved against the publication date (or, without one, a dateline's
    full date): the latest such day on or before it, or the next one when its clause
    speaks of the future ("scheduled to speak on Tuesday"), so that a preview is dated
    by the day it previews.

    title (bool): ``lead[0]`` is the headline (where "X to meet Y on Tuesday" is future).
    """
    explicit: tuple[int, int, int | None] | None = None
    weekday: tuple[int, bool, tuple[str, ...]] | None = None
    relative: int | None = None
    years = [int(y) for sentence in lead for y in _YEAR.findall(sentence)]
    for index, sentence in enumerate(lead):
        if explicit is None:
            dates = _explicit_dates(sentence)
            if dates:
                explicit = dates[0][1:]
        if weekday is None and (match := _WEEKDAY.search(sentence)):
            before = sentence[: match.start()]
            future = bool(_FUTURE.search(before)) and not _LAST.search(before)
            if title and index == 0:
                future = future or bool(_HEADLINE_FUTURE.search(before))
            cues = _cue_words(before) + _cue_words(sentence[match.end() :], forward=True)
            weekday = (WEEKDAYS.index(match.group(1).lower()), future, cues)
        if relative is None and (match := _RELATIVE.search(sentence)):
            relative = _RELATIVE_DAY[match.group(1).lower()]
    explicit_date = None
    month_day = None
    if explicit is not None:
        month, day, year = explicit
        month_day = (month, day)
        year = year or (published.year if published else (years[0] if years else None))
        explicit_date = _safe_date(year, month, day) if year else None
        if explicit_date and published and abs((explicit_date - published).days) > 200:
            explicit_date = None  # a month-day from another year (background)
    when: date | None = None
    if weekday is not None:
        reference = published or explicit_date
        if reference is not None:
            when = _resolve_weekday(weekday[0], reference, weekday[1])
    elif explicit_date is not None:
        when = explicit_date
    elif relative is not None and published is not None:
        when = published + timedelta(days=relative)
    if when is not None and month_day is None:
        month_day = (when.month, when.day)
    return EventTime(
        date=when,
        weekday=weekday[0] if weekday else (when.weekday() if when else None),
        month_day=month_day,
        cues=weekday[2] if weekday else (),
    )


# -- one document -----------------------------------------------------------------------------


@dataclass
class TextFeatures:
    """The text-derived features of one document (embeddings are added by the linker)."""

    doc_id: str
    title: str
    sentences: tuple[Sentence, ...]
    terms: Counter[str]
    names: Counter[str]
    lead_names: Counter[str]
    name_phrases: Counter[str]
    durations: tuple[tuple[int, tuple[str, ...]], ...]
    published: date | None
    when: EventTime
    latest_year: int | None = None

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
        names.update(key for key in map(_name_key, run) if len(key) <= MAX_WORD)
    # Who the lead is about. A title-case headline capitalises every word, so its words
    # count only when the body writes them as names too.
    lead_names = names_in([s.text for s in sentences[:LEAD_SENTENCES]])
    lead_names.update(w for w in names_in([title]) if w in names)
    terms = terms_in(title) + terms_in(text)
    return TextFeatures(
        doc_id=doc.id,
        title=title,
        sentences=tuple(sentences),
        terms=terms,
        names=names,
        lead_names=lead_names,
        name_phrases=Counter(" ".join(run) for run in runs),
        durations=durations_in(text),
        published=published,
        when=event_time(lead, published, title=bool(title)),
        latest_year=latest_year(title + "\n" + text),
    )
