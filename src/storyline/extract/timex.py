"""Temporal expressions: find them in the clean text and normalise them TIMEX3-style.

The ``timex`` stage fills ``Document.timexes`` with :class:`~storyline.model.TimeExpr`
records whose spans index ``Document.text``. :func:`find_timexes` does the work and runs
without the pipeline, on a string or on a spaCy ``Doc``.

How it works (a rule-based tagger in the style of HeidelTime, written for news):

1. **Candidates.** Each rule in ``_RULES`` is a regular expression over the text and a
   handler that turns a match into a :class:`_Spec`: what the expression means before it
   is anchored ("the Tuesday before the anchor", "the anchor's quarter minus a year",
   "P2D"). Month and weekday names must be capitalised, except full weekday names
   (machine-translated text writes "on tuesday"); "May" and "March" need a day, a year
   or a preposition. Overlapping candidates are settled longest first.
2. **Tense.** Expressions whose direction the words leave open (a bare weekday, a month
   or quarter without a year, "the weekend") take it from the verb that governs them in
   the dependency parse: past tense means the most recent such day on or before the
   document date (or that very day), future the next one on or after it. Future is a
   modal (``will``, ``'ll``, ``would``, ``may``), an infinitive under a verb of intent
   ("planned to leave on Thursday", "is expected/scheduled/due to"), a scheduling verb
   before the expression ("scheduled a news conference Thursday", "extended the
   deadline until Tuesday"), "as early as"; past perfect ("had been due to expire
   Friday") and a possessive ("Tuesday's talks") are past; present tense and no verb
   count as past (news reports what happened). Without a parse (a plain string, or the
   ``blank`` model) the tense marker nearest the expression in its sentence decides.
   "last Thursday" and "next Thursday" are strictly before and after the anchor
   whatever the tense. A month or month-day without a year keeps the anchor's year
   unless the tense puts it more than ``PARTIAL_YEAR_DAYS`` on the wrong side.
3. **Anchoring.** Relative expressions resolve against the document date
   (``Document.published``). A few resolve against the date the text mentioned last, as
   HeidelTime does for narrative: "a day later", "the next day", "that year",
   "a year earlier", clock times. News conventions: "yesterday"/"last night" are the day
   before the anchor, "overnight" in a past-tense sentence is the night before, "a year
   ago" in a text about quarterly results is that quarter a year before, "the latest
   quarter" is the last quarter that ended before the anchor.
4. **No anchor.** For a document without a date no value is invented: a year-less date
   keeps what the text states (``XXXX-03-11``), a relative expression's value is None and
   the record keeps what the text does say: ``weekday`` and ``direction`` for weekdays,
   ``offset`` ("-P2D") for shifts. :mod:`storyline.extract.dates` uses these constraints
   to date events across documents.

Measured on TempEval-3 (TimeBank + AQUAINT, ``storyline eval temporal``): see
:mod:`storyline.evaluation.temporal` for the metrics.

dateparser is not used for weekdays: its choice between past and future ignores tense
and is inconsistent around the anchor's own weekday (scrapinghub/dateparser issues 508,
1196 and 1262; "next Tuesday" is issue 573). Explicit dates are simple enough to parse
here, which keeps spans exact.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from storyline.model import Document, Provenance, TimeExpr
from storyline.registry import stage

__all__ = [
    "STAGE",
    "TimexTagger",
    "find_timexes",
    "make_timex",
    "parse_anchor",
    "resolve_weekday",
]

STAGE = "timex"

# -- lexicon ----------------------------------------------------------------------------

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
    "sunday": 7, "mon": 1, "tue": 2, "tues": 2, "wed": 3, "thu": 4, "thur": 4, "thurs": 4,
    "fri": 5, "sat": 6, "sun": 7,
}  # fmt: skip
_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "a": 1, "an": 1, "single": 1, "couple": 2, "dozen": 12,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "1st": 1,
    "2nd": 2, "3rd": 3, "4th": 4, "final": 4, "last": 4,
}  # fmt: skip
_VAGUE = {"several", "few", "a few", "many", "some", "numerous", "various", "the few"}

# TIMEX3 unit letters. Decades, centuries and millennia use the one-letter forms of the
# TimeBank annotation (P1E, P1C, P1L).
_UNIT = {
    "second": "S", "sec": "S", "minute": "M", "min": "M", "hour": "H", "hr": "H",
    "day": "D", "night": "D", "week": "W", "fortnight": "W", "month": "M", "quarter": "Q",
    "year": "Y", "yr": "Y", "decade": "E", "century": "C", "centurie": "C",
    "millennium": "L", "millennia": "L",
}  # fmt: skip
_CLOCK_UNITS = {"second", "sec", "minute", "min", "hour", "hr"}
_PART_OF_DAY = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "midday": "MI",
    "mid-afternoon": "AF", "midafternoon": "AF", "mid-morning": "MO", "midmorning": "MO",
    "late-night": "NI",
}  # fmt: skip
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_SEASON_ORDER = ["SP", "SU", "FA", "WI"]

# -- regular-expression pieces ---------------------------------------------------------

_MONTH_FULL = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\."
_MONTH_ABBR_BARE = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_MONTH = rf"(?:{_MONTH_FULL}|{_MONTH_ABBR})"
_MONTH_D = rf"(?:{_MONTH_FULL}|{_MONTH_ABBR_BARE})"  # before a day number
_WEEKDAY = r"(?:(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday))"
_WEEKDAY_ABBR = r"(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\."
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[5-9]\d\d|20\d\d|21\d\d)"
_YEAR_TAIL = r"(?![\d,.]\d)"
_NUM_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|"
    r"four|five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
)
_NUM_DIGIT = r"(?:\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?)"
_FRACTION = r"(?:\s+(?:1/2|and\s+a\s+half|½))"
_NUM = (
    rf"(?:(?:{_NUM_DIGIT}|(?i:{_NUM_WORD}))(?:{_FRACTION})?(?:\s+(?i:hundred|thousand))?"
    r"|(?i:a|an|one)(?:\s+and\s+a\s+half)?|(?i:a\s+couple\s+of|a\s+couple|couple\s+of)"
    r"|(?i:a\s+dozen|dozens\s+of|a\s+half|half\s+an?))"
)
_VAGUE_NUM = r"(?i:several|a\s+few|few|many|some|numerous|the\s+few)"
_UNIT_RE = (
    r"(?i:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|fortnights?|months?|"
    r"quarters?|years?|yrs?|decades?|century|centuries|millennium|millennia)"
)
_UNIT_SG = (
    r"(?i:second|minute|hour|day|week|fortnight|month|quarter|year|decade|century|"
    r"millennium)"
)
_MODIFIER = (
    r"(?i:about|around|approximately|roughly|some|nearly|almost|close\s+to|more\s+than|"
    r"over|less\s+than|under|at\s+least|at\s+most|up\s+to|no\s+more\s+than|only|just|"
    r"barely|fewer\s+than|upwards\s+of|well\s+over|a\s+full|the\s+full|another|"
    r"an\s+additional|an\s+extra)"
)
_MODS = {
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
    "some": "APPROX", "close to": "APPROX", "nearly": "LESS_THAN", "almost": "LESS_THAN",
    "more than": "MORE_THAN", "over": "MORE_THAN", "well over": "MORE_THAN",
    "upwards of": "MORE_THAN", "less than": "LESS_THAN", "under": "LESS_THAN",
    "fewer than": "LESS_THAN", "at least": "EQUAL_OR_MORE", "at most": "EQUAL_OR_LESS",
    "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS", "early": "START",
    "late": "END", "mid": "MID", "the middle of": "MID", "the end of": "END",
    "the beginning of": "START", "the start of": "START", "the first half of": "START",
}  # fmt: skip
_EARLY_LATE = (
    r"(?i:early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of)"
)
_TZ = r"(?:\s+(?:[ECMP][SD]T|GMT|UTC|BST|CET|CEST|EET|EEST|MSK)\b)?"
_AMPM = r"(?:[aApP]\.\s?[mM]\.?|[aApP][mM]\b)"

# Words after a bare number + unit that mean it is not a time expression ("5 days'
# supply" is still a duration; "2000 people" is not a year: see _year_context).
_NOT_YEAR_AFTER = re.compile(
    r"\s*(?:%|percent|per\s+cent|[-–]?(?:odd|plus)\b|(?:[a-z]+s|people|feet|metres|meters|"
    r"miles|tons|tonnes|barrels|shares|troops|soldiers|workers|pounds|dollars|euros|yen|"
    r"kilometers|kilometres|km|kg|mm|cm|m|ft|lb|hp|acres|points)\b)",
    re.I,
)
_NOT_YEAR_BEFORE = re.compile(
    r"(?:[$£€#]|\bNo\.|\bnumber|\bFlight|\bRoute|\bpage|\bp\.|\bRoom|\bSuite|\bBox|\bcode|"
    r"\bmodel|\bversion|\bthe|\bpriced at|\bcost|\bcosts|\babout|\bsome|\baround|"
    r"\b(?:Dow|index|average|S&P)\b[^.]{0,40}|\bat|\bto|\bfrom|\bby)\s*$",
    re.I,
)

# -- the meaning of a match before anchoring ---------------------------------------------


@dataclass(frozen=True)
class _Spec:
    """What an expression means, independent of the anchor.

    kind: ``fixed`` (value stated) | ``offset`` (anchor shifted by ``n`` ``unit``s, shown
    at ``gran``) | ``weekday`` | ``partial`` (month/day or holiday without a year) |
    ``quarter`` | ``half`` | ``season`` | ``weekend`` | ``refquarter`` (the quarter under
    discussion, shifted by ``n`` years) | ``yearago`` (a year before, at the granularity
    of the sentence's last date) | ``ref`` (the last-mentioned date at ``gran``).
    rel: ``dct`` resolves against the anchor, ``ref`` against the last-mentioned date.
    direction: fixed direction; None lets the tense decide.
    """

    type: str
    kind: str
    value: str | None = None
    unit: str = "D"
    n: int = 0
    gran: str | None = None
    month: int | None = None
    day: int | None = None
    year: int | None = None
    weekday: int | None = None
    holiday: str | None = None
    index: int | None = None  # quarter 1-4, half 1-2, season index
    direction: str | None = None
    tod: str = ""
    rel: str = "dct"
    mod: str | None = None
    confidence: float = 1.0
    span: tuple[int, int] | None = None  # the expression, when the match has context


Handler = Callable[[re.Match[str], str], "_Spec | None"]
_RULES: list[tuple[str, re.Pattern[str], Handler]] = []
# Per rule, words one of which every match contains (see required_words), in _RULES order.
_RULE_NEEDS: list[tuple[frozenset[str], ...]] = []


def _rule(name: str, pattern: str, flags: int = 0) -> Callable[[Handler], Handler]:
    compiled = re.compile(pattern, flags)

    def register(handler: Handler) -> Handler:
        _RULES.append((name, compiled, handler))
        _RULE_NEEDS.append(required_words(compiled))
        return handler

    return register


# -- which rules can match a text ----------------------------------------------------------
#
# Running every rule's expression over every document was most of this stage's time, and
# most rules name words ("ago", a month, "quarter") a given article never uses. Each
# rule's required words are read off its parsed expression, so they cannot drift from
# it: a rule is skipped only when the lower-cased text lacks every word of some set.
# Lower-casing keeps every ASCII letter a case-blind match could use, except for the
# few characters below, which ``re.IGNORECASE`` also matches to ASCII letters; a text
# holding one runs every rule.
FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f")  # dotted I, dotless i, long s
# Stands for "any character ``\d`` matches" among required words: numbers are written in
# digits more often than in words. Not ASCII, so no literal in an expression can be it.
DIGIT = "\N{REPLACEMENT CHARACTER}digit"
_ANY_DIGIT = re.compile(r"\d")


def _rank(words: frozenset[str]) -> tuple[int, int]:
    """How rare a set of required words is likely to be: the longest shortest word
    (a digit counts as a word of four letters: most sentences have none), then the
    fewest alternatives."""
    return min(4 if w == DIGIT else len(w) for w in words), -len(words)


def required_words(pattern: re.Pattern[str]) -> tuple[frozenset[str], ...]:
    """Sets of lower-case ASCII strings such that every match of ``pattern`` contains a
    string of each set (case-blind), :data:`DIGIT` standing for any digit; empty when
    nothing is certain."""
    try:
        from re import _constants, _parser  # the stdlib's own parser (Python 3.11+)

        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:
        return ()
    c = _constants

    def best(sets: list[frozenset[str]]) -> frozenset[str]:
        return max(sets, key=_rank)

    def sequence(items: Any) -> list[frozenset[str]]:
        out: list[frozenset[str]] = []
        run: list[str] = []
        for op, av in items:
            if op is c.LITERAL and av < 128:
                run.append(chr(av).lower())
                continue
            if run:
                out.append(frozenset(["".join(run)]))
                run = []
            if op is c.IN and av == [(c.CATEGORY, c.CATEGORY_DIGIT)]:
                out.append(frozenset([DIGIT]))
            elif op is c.SUBPATTERN:
                out.extend(sequence(av[3]))
            elif op is c.ATOMIC_GROUP:
                out.extend(sequence(av))
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
                out.extend(sequence(av[2]))
            elif op is c.BRANCH:
                words: set[str] = set()
                for alternative in av[1]:
                    sets = sequence(alternative)
                    if not sets:
                        break
                    words |= best(sets)
                else:
                    out.append(frozenset(words))
        if run:
            out.append(frozenset(["".join(run)]))
        return out

    sets = [x for x in sequence(parsed) if x and all(x)]
    return tuple(sorted(sets, key=_rank, reverse=True)[:3])


def lowered_for_filter(text: str) -> str | None:
    """``text`` lower-cased for :func:`could_match`, or None when a character in it
    would make the check unsafe (then every expression must run)."""
    return None if FOLDS_TO_ASCII.intersection(text) else text.lower()


def could_match(needs: tuple[frozenset[str], ...], low: str | None,
                seen: dict[str, bool]) -> bool:
    """False only when an expression with these :func:`required_words` cannot match the
    text ``low`` was lowered from. ``seen`` memoises word look-ups over one text."""
    if low is None:
        return True
    for words in needs:
        for word in words:
            if holds(word, low, seen):
                break
        else:
            return False
    return True


def holds(word: str, low: str, seen: dict[str, bool]) -> bool:
    """Whether the lowered text ``low`` holds the required ``word`` (or, for
    :data:`DIGIT`, a digit), remembered in ``seen``."""
    hit = seen.get(word)
    if hit is None:
        # lower-casing leaves digits as they are and makes none
        hit = seen[word] = (_ANY_DIGIT.search(low) is not None if word == DIGIT
                            else word in low)
    return hit


# -- number and unit helpers -------------------------------------------------------------


def _number(text: str) -> float | None:
    """The number a quantity phrase states; None for vague ones ("several")."""
    t = re.sub(r"\s+", " ", text.lower().strip())
    if t in _VAGUE or t.startswith(("several", "many", "few", "a few", "numerous")):
        return None
    half = 0.0
    for tail in (" and a half", " 1/2", " ½"):
        if t.endswith(tail):
            t, half = t[: -len(tail)].strip(), 0.5
    if t in {"a half", "half a", "half an"}:
        return 0.5
    if t in {"a couple of", "a couple", "couple of"}:
        return 2.0
    if t in {"a dozen"}:
        return 12.0
    if t in {"dozens of"}:
        return None
    scale = 1.0
    for word, factor in ((" hundred", 100.0), (" thousand", 1000.0)):
        if t.endswith(word):
            t, scale = t[: -len(word)].strip(), factor
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", t):
        return (float(t.replace(",", "")) + half) * scale
    if t in _SMALL:
        return (_SMALL[t] + half) * scale
    parts = re.split(r"[- ]", t)
    if parts[0] in _TENS:
        value = _TENS[parts[0]] + (_SMALL.get(parts[1], 0) if len(parts) > 1 else 0)
        return (value + half) * scale
    return None


def _unit_key(word: str) -> str:
    w = word.lower().rstrip(".")
    if w.endswith("ies"):
        w = w[:-3] + "y"
    elif w.endswith("s") and w[:-1] in _UNIT:
        w = w[:-1]
    return w


def _duration(n: float | None, unit_word: str) -> str:
    """TIMEX3 duration: ``P2D``, ``PT3H``, ``PXY``, fractions moved to a smaller unit."""
    key = _unit_key(unit_word)
    letter = _UNIT.get(key, "X")
    clock = key in _CLOCK_UNITS
    prefix = "PT" if clock else "P"
    if n is None:
        return f"{prefix}X{letter}"
    if key == "fortnight":
        n, letter = n * 2, "W"
    if n == int(n):
        return f"{prefix}{int(n)}{letter}"
    whole, frac = int(n), n - int(n)
    smaller = {
        "Y": (12, "M", False),
        "W": (7, "D", False),
        "D": (24, "H", True),
        "H": (60, "M", True),
        "E": (10, "Y", False),
        "C": (100, "Y", False),
    }
    if clock and letter == "M":
        factor, sub, sub_clock = 60, "S", True
    elif letter in smaller and not (letter == "M" and not clock):
        factor, sub, sub_clock = smaller[letter]
    else:
        return f"{prefix}{n:g}{letter}"
    rest = round(frac * factor)
    if sub_clock and not clock:
        return f"P{whole}{letter}T{rest}{sub}" if whole else f"PT{rest}{sub}"
    head = f"{whole}{letter}" if whole else ""
    return f"{prefix}{head}{rest}{sub}"


def _mod_of(text: str | None) -> str | None:
    if not text:
        return None
    return _MODS.get(re.sub(r"[\s-]+", " ", text.lower()).strip())


def _month_of(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".")]


def _weekday_of(word: str) -> int:
    return _WEEKDAYS[word.lower().rstrip(".")]


def _tod(word: str) -> str:
    return "T" + _PART_OF_DAY[re.sub(r"\s+", "-", word.lower())]


def _clock(hour: str, minute: str | None, ampm: str | None) -> str | None:
    h, mi = int(hour), int(minute or 0)
    if ampm:
        if not 1 <= h <= 12:
            return None
        pm = ampm.lower().startswith("p")
        h = (h % 12) + (12 if pm else 0)
    if not (0 <= h <= 24 and 0 <= mi < 60):
        return None
    return f"T{h:02d}:{mi:02d}"


# -- rules: explicit dates -----------------------------------------------------------------


def _valid(year: int | None, month: int, day: int | None) -> bool:
    if day is None:
        return 1 <= month <= 12
    limit = calendar.monthrange(year or 2000, month)[1]
    return 1 <= month <= 12 and 1 <= day <= limit


def _day(text: str) -> int:
    return int(re.match(r"\d+", text)[0])  # type: ignore[index]


_WD_PREFIX = rf"(?:(?:{_WEEKDAY}|{_WEEKDAY_ABBR}),?\s+)?"


@_rule(
    "month-day-year",
    rf"\b{_WD_PREFIX}(?P<m>{_MONTH_D})\s+(?P<d>{_DAYNUM}),?\s+(?P<y>{_YEAR}){_YEAR_TAIL}\b",
)
def _month_day_year(m: re.Match[str], text: str) -> _Spec | None:
    year, month, day = int(m["y"]), _month_of(m["m"]), _day(m["d"])
    if not _valid(year, month, day):
        return None
    return _Spec("DATE", "fixed", value=f"{year:04d}-{month:02d}-{day:02d}")


@_rule(
    "day-month-year",
    rf"\b{_WD_PREFIX}(?:the\s+)?(?P<d>{_DAYNUM})(?:\s+of)?\s+(?P<m>{_MONTH_D}),?\s+(?P<y>{_YEAR}"
    rf"){_YEAR_TAIL}\b",
)
def _day_month_year(m: re.Match[str], text: str) -> _Spec | None:
    return _month_day_year(m, text)


@_rule(
    "iso-date",
    r"\b(?P<y>1[89]\d\d|20\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:[T ](?P<h>[0-2]\d)"
    r":(?P<mi>[0-5]\d))?\b",
)
def _iso_date(m: re.Match[str], text: str) -> _Spec | None:
    year, month, day = int(m["y"]), int(m["m"]), int(m["d"])
    if not _valid(year, month, day):
        return None
    value = f"{year:04d}-{month:02d}-{day:02d}"
    if m["h"]:
        return _Spec("TIME", "fixed", value=f"{value}T{m['h']}:{m['mi']}")
    return _Spec("DATE", "fixed", value=value)


@_rule(
    "numeric-date",
    r"(?<![\d/.])(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:19|"
    r"20)?\d\d)(?![\d/.]\d)",
)
def _numeric_date(m: re.Match[str], text: str) -> _Spec | None:
    a, b, y = int(m["a"]), int(m["b"]), m["y"]
    year = int(y) if len(y) == 4 else (1900 + int(y) if int(y) > 30 else 2000 + int(y))
    # Dots are day-first everywhere they are used; slashes month-first unless impossible.
    day, month = (a, b) if m["sep"] == "." or a > 12 else (b, a)
    if not _valid(year, month, day):
        return None
    return _Spec("DATE", "fixed", value=f"{year:04d}-{month:02d}-{day:02d}")


@_rule("month-day", rf"\b(?P<m>{_MONTH_D})\s+(?P<d>{_DAYNUM})\b(?![:.,]?\d)(?!\s*(?:%|percent))")
def _month_day(m: re.Match[str], text: str) -> _Spec | None:
    month, day = _month_of(m["m"]), _day(m["d"])
    if not _valid(None, month, day):
        return None
    return _Spec("DATE", "partial", month=month, day=day, gran="D", confidence=0.9)


@_rule(
    "day-month",
    rf"\b(?:the\s+)?(?P<d>{_DAYNUM})(?:\s+of)?\s+(?P<m>{_MONTH_D})\b(?!\s*[,.]?\s*\d)",
)
def _day_month(m: re.Match[str], text: str) -> _Spec | None:
    if (
        m["m"].rstrip(".") in {"Mar", "May", "Jun", "Jul"}
        and not m["m"].endswith(".")
        and m["m"] != "May"
    ):
        return None
    return _month_day(m, text)


_YEAR_WORDS = (
    r"(?i:nineteen[\s-]+(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|two\s+thousand"
    r"(?:\s+(?:and\s+)?(?:one|two|three|four|five|six|seven|eight|nine|ten))?)"
)


@_rule("year-words", rf"\b(?:(?P<m>{_MONTH_FULL})\s+|(?i:the\s+year)\s+)?(?P<y>{_YEAR_WORDS})\b")
def _year_in_words(m: re.Match[str], text: str) -> _Spec | None:
    year = _year_words(m["y"])
    if year is None:
        return None
    if not m["m"] and not m.group(0).lower().startswith("the year"):
        before = text[max(0, m.start() - 10) : m.start()]
        if not re.search(r"\b(?:in|since|of|until|by)\s+$", before, re.I):
            return None
    if m["m"]:
        return _Spec("DATE", "fixed", value=f"{year:04d}-{_month_of(m['m']):02d}")
    return _Spec("DATE", "fixed", value=f"{year:04d}")


@_rule(
    "month-year",
    rf"\b(?:(?P<mod>{_EARLY_LATE})[\s-]+(?:of\s+)?)?(?P<m>{_MONTH})(?:,?\s+|\s+of\s+)"
    rf"(?P<y>{_YEAR}){_YEAR_TAIL}\b",
)
def _month_year(m: re.Match[str], text: str) -> _Spec | None:
    return _Spec(
        "DATE", "fixed", value=f"{int(m['y']):04d}-{_month_of(m['m']):02d}", mod=_mod_of(m["mod"])
    )


@_rule(
    "month-rel-year",
    rf"\b(?:(?P<mod>{_EARLY_LATE})[\s-]+(?:of\s+)?)?(?P<m>{_MONTH_FULL}|{_MONTH_ABBR})"
    rf"(?:\s+(?P<d>{_DAYNUM}))?,?\s+(?:of\s+)?(?P<rel>(?i:last|this|next|the\s+previous|"
    r"the\s+following))\s+(?i:year)\b",
)
def _month_rel_year(m: re.Match[str], text: str) -> _Spec | None:
    rel = m["rel"].lower()
    n = -1 if rel in {"last", "the previous"} else 1 if rel in {"next", "the following"} else 0
    month = _month_of(m["m"])
    day = _day(m["d"]) if m["d"] else None
    if not _valid(None, month, day):
        return None
    gran = "D" if day else "M"
    return _Spec(
        "DATE",
        "offset",
        unit="Y",
        n=n,
        gran=gran,
        month=month,
        day=day,
        rel="ref" if rel.startswith("the") else "dct",
        mod=_mod_of(m["mod"]),
    )


@_rule(
    "week-of",
    rf"\b(?i:the\s+week\s+of)\s+(?P<m>{_MONTH_D})\s+(?P<d>{_DAYNUM})(?:,?\s+(?P<y>{_YEAR})"
    r")?\b",
)
def _week_of(m: re.Match[str], text: str) -> _Spec | None:
    month, day = _month_of(m["m"]), _day(m["d"])
    if m["y"]:
        if not _valid(int(m["y"]), month, day):
            return None
        return _Spec("DATE", "fixed", value=_fmt(date(int(m["y"]), month, day), "W"))
    if not _valid(None, month, day):
        return None
    return _Spec("DATE", "partial", month=month, day=day, gran="W", confidence=0.85)


# Bare months: "in November", "last March", "early December". May and March need a
# preposition or modifier (they are also a modal and a verb); others only capitals.
@_rule(
    "month",
    rf"\b(?:(?P<rel>(?i:last|next|this|coming|past))\s+|(?P<mod>{_EARLY_LATE})[\s-]+(?:of\s"
    rf"+)?)?(?P<m>{_MONTH_FULL}|(?:Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\.)(?!\s*\d)(?![\w-])",
)
def _month(m: re.Match[str], text: str) -> _Spec | None:
    word = m["m"]
    if word in {"May", "March"} and not (m["rel"] or m["mod"]):
        before = text[max(0, m.start() - 12) : m.start()]
        if not re.search(
            r"\b(?:in|since|by|until|till|through|of|from|to|during|before|after)\s+$", before, re.I
        ):
            return None
    if re.match(r"\s+[A-Z][a-z]", text[m.end() : m.end() + 3]) and word in {
        "May",
        "June",
        "April",
        "August",
    }:
        return None  # "April Smith", "May Day" style names
    direction = {
        "last": "before",
        "past": "before",
        "next": "after",
        "coming": "after",
        "this": "this",
    }.get((m["rel"] or "").lower())
    return _Spec(
        "DATE",
        "partial",
        month=_month_of(word),
        gran="M",
        direction=direction,
        mod=_mod_of(m["mod"]),
        confidence=0.85,
    )


@_rule(
    "year",
    rf"\b(?:(?P<mod>{_EARLY_LATE})[\s-]+(?:of\s+)?)?(?P<fiscal>(?i:fiscal|calendar|"
    rf"financial|model|school)\s+(?:year\s+)?)?(?P<y>{_YEAR}){_YEAR_TAIL}(?![-–/]\d)"
    r"\b",
)
def _year(m: re.Match[str], text: str) -> _Spec | None:
    year = int(m["y"])
    if not (m["mod"] or m["fiscal"]):
        before = text[max(0, m.start() - 40) : m.start()]
        after = text[m.end() : m.end() + 20]
        if _NOT_YEAR_AFTER.match(after) and not re.match(
            r"\s*(?:levels?|figures?|results|"
            r"elections?|census|season)\b",
            after,
            re.I,
        ):
            return None
        if _NOT_YEAR_BEFORE.search(before) and not re.search(
            r"\b(?:in|since|by|until|of|from|to|during|before|after|between|and|or|the|"
            r"at|through|mid|early|late)\s*$",
            before,
            re.I,
        ):
            return None
        if re.search(r"[$£€#]\s*$", before):
            return None
        if not 1800 <= year <= 2100 and not re.search(r"\b(?:in|since|of|from)\s+$", before):
            return None
    return _Spec("DATE", "fixed", value=f"{year:04d}", mod=_mod_of(m["mod"]))


@_rule("year-span", rf"\b(?P<y>{_YEAR})[-–/](?P<y2>\d\d)\b(?![-–/]\d)")
def _year_span(m: re.Match[str], text: str) -> _Spec | None:
    # "1998-99" (a fiscal or season year): the TIMEX3 value is the first year.
    return _Spec("DATE", "fixed", value=m["y"], confidence=0.7)


@_rule(
    "decade",
    rf"\b(?:(?i:the)\s+)?(?:(?P<mod>{_EARLY_LATE})[\s-]+)?(?:(?P<c>1[5-9]|20)(?P<d>\d)"
    r"0s|'(?P<d2>\d)0s|(?P<w>(?i:twenties|thirties|forties|fifties|sixties|seventies|"
    r"eighties|nineties)))\b",
)
def _decade(m: re.Match[str], text: str) -> _Spec | None:
    if m["c"]:
        value = f"{m['c']}{m['d']}"
    elif m["d2"]:
        value = f"{'20' if m['d2'] in '012' else '19'}{m['d2']}"
    else:
        if not m.group(0).lower().startswith("the"):
            return None
        tens = {
            "twenties": 2,
            "thirties": 3,
            "forties": 4,
            "fifties": 5,
            "sixties": 6,
            "seventies": 7,
            "eighties": 8,
            "nineties": 9,
        }[m["w"].lower()]
        value = f"19{tens}"
    return _Spec("DATE", "fixed", value=value, mod=_mod_of(m["mod"]))


_CENTURY_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
                  "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
                  "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
                  "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
                  "twentieth": 20, "twenty-first": 21}  # fmt: skip


@_rule(
    "century",
    rf"\b(?i:the)\s+(?:(?P<mod>{_EARLY_LATE})[\s-]+)?(?P<n>\d{{1,2}}(?:st|nd|rd|"
    r"th)|(?i:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|"
    r"nineteenth|twentieth|twenty-first))[\s-]+(?i:century)\b",
)
def _century(m: re.Match[str], text: str) -> _Spec | None:
    word = m["n"].lower()
    n = int(word[:-2]) if word[0].isdigit() else _CENTURY_WORDS[word]
    return _Spec("DATE", "fixed", value=f"{n - 1:02d}", mod=_mod_of(m["mod"]))


# -- rules: quarters, halves, seasons, fiscal years ----------------------------------------

_Q_ORD = r"(?P<q>(?i:first|second|third|fourth|1st|2nd|3rd|4th|final))"
_FISCAL = r"(?:(?i:fiscal|financial|calendar)[\s-]+)?"


@_rule(
    "quarter",
    r"\b(?:(?P<the>(?i:the|its|their|this\s+year's|last\s+year's|next\s+year's)"
    rf")\s+)?(?:(?i:current|latest|just-ended|just\s+ended|recent|same)\s+)?{_FISCAL}{_Q_ORD}"
    rf"[\s-]+{_FISCAL}(?i:quarter|qtr\.?|period)(?:\s+(?i:of|in|for|ended\s+in)"
    rf"\s+(?:(?i:fiscal|calendar)\s+)?(?P<y>{_YEAR}|(?i:this|last|next|the\s+(?:current|"
    rf"previous|prior|same|fiscal)|the)\s+(?:(?i:fiscal)\s+)?(?i:year)))?(?:\s+(?P<y2>{_YEAR}"
    r"))?\b",
)
def _quarter(m: re.Match[str], text: str) -> _Spec | None:
    q = _ORDINALS[m["q"].lower()]
    the = (m["the"] or "").lower()
    year_text = (m["y"] or m["y2"] or "").lower()
    if re.fullmatch(r"\d{4}", year_text):
        return _Spec("DATE", "fixed", value=f"{year_text}-Q{q}")
    shift = {"last year's": -1, "next year's": 1}.get(the, 0)
    if year_text.startswith("last") or "previous" in year_text or "prior" in year_text:
        shift = -1
    elif year_text.startswith("next"):
        shift = 1
    if shift or year_text.startswith("this") or "current" in year_text or the.startswith("this"):
        return _Spec("DATE", "offset", unit="Y", n=shift, gran="Q", index=q)
    return _Spec("DATE", "quarter", index=q, confidence=0.85)


@_rule(
    "the-quarter",
    r"\b(?i:the|this|that|its|their)\s+(?:(?i:latest|recent|most\s+recent|just-ended|"
    r"just\s+ended|current|previous|prior|preceding|past|same|comparable|corresponding)"
    r"\s+)?(?:(?i:fiscal|financial)\s+)?(?i:quarter)(?!\s*(?:-|of\s+a)\b)(?!s)"
    r"\b|\b(?i:the|its|their)\s+(?i:latest|most\s+recent|just-ended|just\s+ended)"
    r"\s+(?i:period)\b",
)
def _the_quarter(m: re.Match[str], text: str) -> _Spec | None:
    words = m.group(0).lower().split()
    if "current" in words or words[0] == "this":
        return _Spec("DATE", "offset", unit="Q", n=0, gran="Q")
    if {"previous", "prior", "preceding", "past"} & set(words):
        return _Spec("DATE", "refquarter", n=0, unit="Q", index=-1, confidence=0.6)
    if {"comparable", "corresponding"} & set(words):
        return _Spec("DATE", "refquarter", n=-1, confidence=0.6)
    if {"latest", "recent", "just-ended", "just"} & set(words):
        return _Spec("DATE", "lastquarter", confidence=0.8)
    after = text[m.end() : m.end() + 60]
    if re.match(r"\s+(?:a|one)\s+year\s+(?:ago|earlier|before)", after, re.I):
        return None  # "the quarter a year ago": taken whole by year-ago-quarter
    return _Spec("DATE", "refquarter", n=0, confidence=0.7)


@_rule(
    "year-ago-period",
    r"\b(?:(?i:the|a)\s+)?(?:(?i:comparable|corresponding|same)\s+)?(?i:year[- ](?:ago|"
    r"earlier)|prior[- ]year|previous[- ]year|year-before)(?:\s+(?:(?i:fiscal)"
    r"\s+)?(?:(?P<q>(?i:first|second|third|fourth))[\s-]+)?(?P<noun>(?i:quarter|"
    r"period|results|level|figures?|levels|profit|earnings|loss|sales|month|nine\s+months|"
    r"six\s+months)))?\b",
)
def _year_ago_period(m: re.Match[str], text: str) -> _Spec | None:
    noun = (m["noun"] or "").lower()
    if "months" in noun:
        n = 9 if "nine" in noun else 6
        return _Spec("DURATION", "fixed", value=f"P{n}M")
    if m["q"]:
        return _Spec(
            "DATE", "offset", unit="Y", n=-1, gran="Q", index=_ORDINALS[m["q"].lower()], rel="ref"
        )
    if noun in {"quarter", "period"} or not noun or noun not in {"month"}:
        # The quarter (or other period) the text is about, a year before.
        return _Spec("DATE", "yearago", n=-1, rel="ref", confidence=0.7)
    return _Spec("DATE", "yearago", n=-1, rel="ref", confidence=0.6)


@_rule(
    "year-quarter",
    rf"\b(?i:the|its|their)\s+(?P<y>{_YEAR})\s+(?:(?P<q>(?i:first|second|third|"
    r"fourth))[\s-]+)?(?:(?i:fiscal)\s+)?(?i:quarter|period)\b",
)
def _year_quarter(m: re.Match[str], text: str) -> _Spec | None:
    if m["q"]:
        return _Spec("DATE", "fixed", value=f"{m['y']}-Q{_ORDINALS[m['q'].lower()]}")
    return _Spec("DATE", "refquarter", year=int(m["y"]), confidence=0.6)


@_rule(
    "quarter-year-ago",
    r"\b(?i:the)\s+(?:(?i:same|comparable|corresponding)\s+)?(?i:quarter|period)"
    r"\s+(?:(?i:a|one)\s+year\s+(?:ago|earlier|before)|(?i:last|of\s+the\s+previous|"
    r"of\s+last)\s+year)\b",
)
def _quarter_year_ago(m: re.Match[str], text: str) -> _Spec | None:
    return _Spec("DATE", "refquarter", n=-1, confidence=0.7)


@_rule(
    "half",
    r"\b(?:(?i:the)\s+)?(?P<h>(?i:first|second|last|latter|back|front))[\s-]+(?i:half)"
    rf"(?:\s+(?i:of)\s+(?:(?i:fiscal|the)\s+)?(?P<y>{_YEAR}|(?i:this|last|next|"
    r"the)\s+(?:(?i:fiscal)\s+)?(?i:year)))?\b",
)
def _half(m: re.Match[str], text: str) -> _Spec | None:
    h = 1 if m["h"].lower() in {"first", "front"} else 2
    year_text = (m["y"] or "").lower()
    if not year_text:
        after = text[m.end() : m.end() + 12]
        if re.match(r"\s+of\s+(?:the\s+)?(?!year|fiscal|\d)", after, re.I):
            return None  # "the first half of the match", "the second half of March"
        if m["h"].lower() in {"back", "front"} and not re.search(r"\byear\b", after):
            return None
        return _Spec("DATE", "half", index=h, confidence=0.75)
    if year_text.isdigit():
        return _Spec("DATE", "fixed", value=f"{year_text}-H{h}")
    shift = -1 if year_text.startswith("last") else 1 if year_text.startswith("next") else 0
    return _Spec("DATE", "offset", unit="Y", n=shift, gran="H", index=h)


@_rule(
    "season",
    r"\b(?:(?P<rel>(?i:last|next|this|coming|past|this\s+past|the\s+past|the\s+coming|"
    rf"that))\s+|(?P<the>(?i:the))\s+(?:(?P<mod2>(?i:early|late|mid))[\s-]+)?|(?P<mod>{_EARLY_LATE}"
    r")[\s-]+(?:(?i:the)\s+)?)?(?P<s>(?i:spring|summer|autumn|winter)|(?P<fall>fall)"
    rf")(?:\s+(?i:of)\s+(?P<y>{_YEAR}|(?i:nineteen|twenty|two\s+thousand)[\w -]+?)"
    rf"|\s+(?P<y2>{_YEAR}))?(?!-)\b",
)
def _season(m: re.Match[str], text: str) -> _Spec | None:
    season = _SEASONS[m["s"].lower()]
    mod = _mod_of(m["mod"] or m["mod2"])
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    year = m["y"] or m["y2"]
    if m["fall"] and not (rel or m["the"] or m["mod"] or year):
        return None  # "fall" is mostly the verb
    if not (rel or m["the"] or m["mod"] or year):
        before = text[max(0, m.start() - 10) : m.start()]
        if not re.search(r"\b(?:in|this|by|until|since|during|over|through)\s+$", before, re.I):
            return None
    if year:
        if year.isdigit():
            return _Spec("DATE", "fixed", value=f"{year}-{season}", mod=mod)
        number = _year_words(year)
        if number is None:
            return None
        return _Spec("DATE", "fixed", value=f"{number}-{season}", mod=mod)
    direction = {
        "last": "before",
        "past": "before",
        "this past": "before",
        "the past": "before",
        "next": "after",
        "coming": "after",
        "the coming": "after",
        "this": "this",
        "that": "ref",
    }.get(rel)
    return _Spec(
        "DATE",
        "season",
        index=_SEASON_ORDER.index(season),
        direction=direction,
        mod=mod,
        confidence=0.8,
    )


def _year_words(text: str) -> int | None:
    """ "nineteen ninety-four" -> 1994; "two thousand three" -> 2003."""
    t = text.lower().replace("-", " ").split()
    if t[:2] == ["two", "thousand"]:
        rest = _number(" ".join(t[2:]).replace("and ", "")) if t[2:] else 0
        return 2000 + int(rest or 0)
    if len(t) >= 2 and t[0] in _SMALL and _SMALL[t[0]] >= 10:
        rest = _number("-".join(t[1:]))
        if rest is not None and rest < 100:
            return _SMALL[t[0]] * 100 + int(rest)
    return None


@_rule(
    "fiscal-year",
    r"\b(?:(?i:the|its|their)\s+)?(?P<rel>(?i:current|this|last|next|latest|previous|"
    r"prior|coming|past|new|same|just-ended|recently\s+ended))?\s*(?i:fiscal|financial|"
    r"calendar|budget|tax)[\s-]+(?i:year)(?![-\s]+(?:ago|earlier|end|ended|ending|"
    rf"to))(?!\s+(?:\d|{_YEAR}))\b",
)
def _fiscal_year(m: re.Match[str], text: str) -> _Spec | None:
    rel = (m["rel"] or "").lower()
    if rel in {"last", "previous", "prior", "past", "latest", "just-ended"} or rel.startswith(
        "recently"
    ):
        return _Spec("DATE", "offset", unit="Y", n=-1, gran="Y", confidence=0.7)
    if rel in {"next", "coming", "new"}:
        return _Spec("DATE", "offset", unit="Y", n=1, gran="Y", confidence=0.7)
    if rel in {"current", "this"}:
        return _Spec("DATE", "offset", unit="Y", n=0, gran="Y", confidence=0.8)
    if re.search(
        r"\b(?:for|during|over|through|throughout)\s+$", text[max(0, m.start() - 12) : m.start()]
    ):
        return _Spec("DURATION", "fixed", value="P1Y")
    return _Spec("DATE", "offset", unit="Y", n=0, gran="Y", confidence=0.6)


# -- rules: relative days and the present ------------------------------------------------


@_rule(
    "today",
    r"\b(?P<w>(?i:today|yesterday|tomorrow|tonight|tonite))(?!'s\s+(?:world|society|"
    r"youth|generation|children|economy|standards|technology|market))\b",
)
def _today(m: re.Match[str], text: str) -> _Spec | None:
    w = m["w"].lower()
    if w in {"tonight", "tonite"}:
        return _Spec("TIME", "offset", unit="D", n=0, gran="D", tod="TNI")
    n = {"today": 0, "yesterday": -1, "tomorrow": 1}[w]
    return _Spec("DATE", "offset", unit="D", n=n, gran="D")


@_rule("day-before", r"\b(?i:the\s+day\s+(?P<w>before\s+yesterday|after\s+tomorrow))\b")
def _day_before(m: re.Match[str], text: str) -> _Spec | None:
    n = -2 if m["w"].lower().startswith("before") else 2
    return _Spec("DATE", "offset", unit="D", n=n, gran="D")


@_rule(
    "present",
    r"\b(?P<w>(?i:now|currently|presently|nowadays|at\s+present|at\s+the\s+moment|"
    r"these\s+days|for\s+now|the\s+present|present-day|the\s+moment))\b(?!-)",
)
def _present(m: re.Match[str], text: str) -> _Spec | None:
    w = re.sub(r"\s+", " ", m["w"].lower())
    after = text[m.end() : m.end() + 20]
    before = text[max(0, m.start() - 20) : m.start()]
    if w == "now" and re.match(r"\s*(?:that|defunct|-defunct|famous|retired|former|ex-)\b", after):
        return None  # "now that ...", "the now-defunct ..."
    if w == "the moment" and not re.search(r"\b(?:at|for)\s+$", before, re.I):
        return None
    if w == "the present" and re.match(
        r"\s+(?:value|situation|case|system|government|"
        r"administration|crisis|form)\b",
        after,
        re.I,
    ):
        return None
    return _Spec("DATE", "fixed", value="PRESENT_REF")


@_rule(
    "current",
    r"\b(?i:current)(?=\s+[a-z])(?!\s+(?:account|affairs|events|issues?|flow|flows|"
    r"liabilities|assets|ratio|yield)\b)\b",
)
def _current(m: re.Match[str], text: str) -> _Spec | None:
    return _Spec("DATE", "fixed", value="PRESENT_REF", confidence=0.6)


@_rule(
    "past-ref",
    r"\b(?P<w>(?i:recently|lately|in\s+the\s+past|the\s+past|in\s+recent\s+(?:times|"
    r"memory)|in\s+the\s+old\s+days|once\s+upon\s+a\s+time|not\s+long\s+ago|some\s+time\s+"
    r"ago|a\s+while\s+ago|long\s+ago|years\s+ago|months\s+ago|weeks\s+ago|days\s+ago|"
    r"decades\s+ago|earlier\s+in\s+the\s+day))\b(?!\s+(?:few|several|\d|two|three|"
    r"four|five|six|seven|eight|nine|ten|year|month|week|decade|day)s?\b)",
)
def _past_ref(m: re.Match[str], text: str) -> _Spec | None:
    w = re.sub(r"\s+", " ", m["w"].lower())
    if w == "earlier in the day":
        return _Spec("DATE", "ref", gran="D", mod="START", confidence=0.6)
    if w in {"years ago", "months ago", "weeks ago", "days ago", "decades ago"}:
        before = text[max(0, m.start() - 14) : m.start()]
        if re.search(r"\b(?:\d+|[a-z]+)\s+$", before, re.I) and not re.search(
            r"\b(?:in|of|for|from|and|since|as|until|only|just|years|decades)\s+$", before, re.I
        ):
            return None  # "two years ago" is a longer rule
    return _Spec("DATE", "fixed", value="PAST_REF")


@_rule(
    "recent-units",
    r"\b(?:(?i:in)\s+)?(?i:recent)\s+(?i:years|months|weeks|days|decades|times)"
    r"\b",
)
def _recent_units(m: re.Match[str], text: str) -> _Spec | None:
    return _Spec("DATE", "fixed", value="PAST_REF", confidence=0.7)


@_rule("recent", r"(?<!most )(?<!more )\b(?i:recent)(?=\s+[a-z])\b")
def _recent(m: re.Match[str], text: str) -> _Spec | None:
    return _Spec("DATE", "fixed", value="PAST_REF", confidence=0.6)


@_rule(
    "future-ref",
    r"\b(?P<w>(?i:the\s+(?:near\s+|distant\s+|foreseeable\s+|immediate\s+)?future|"
    r"in\s+the\s+coming\s+period|a\s+later\s+date|sooner\s+or\s+later|one\s+day\s+soon|"
    r"in\s+due\s+course))\b",
)
def _future_ref(m: re.Match[str], text: str) -> _Spec | None:
    return _Spec("DATE", "fixed", value="FUTURE_REF")


# -- rules: this/last/next + unit, ago/later -----------------------------------------------


@_rule(
    "rel-unit",
    r"\b(?:(?P<mod>(?i:early|late|earlier|later|mid|end\s+of|the\s+end\s+of|the\s+beginnin"
    r"g\s+of|the\s+start\s+of|the\s+middle\s+of))[\s-]+(?:(?i:in|of)\s+)?)?(?P<rel>(?i:thi"
    r"s|last|next|past|coming|previous|prior|following|the\s+past|the\s+last|the\s+next|"
    r"the\s+coming|the\s+previous|the\s+prior|the\s+following|the\s+preceding|"
    rf"the\s+current|the\s+same|that|the\s+new|this\s+coming|this\s+past))\s+(?P<u>{_UNIT_SG}"
    r"|(?i:weekend))\b(?!-)(?!\s+(?:ago|earlier|later|before|after|or\s+two)\b)",
)
def _rel_unit(m: re.Match[str], text: str) -> _Spec | None:
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit_word = m["u"].lower()
    mod_word = (m["mod"] or "").lower()
    mod = {"early": "START", "earlier": "START", "late": "END", "later": "END", "mid": "MID"}.get(
        mod_word
    ) or _mod_of(mod_word)
    if unit_word == "weekend":
        n = {
            "last": -1,
            "past": -1,
            "the past": -1,
            "the last": -1,
            "previous": -1,
            "the previous": -1,
            "this past": -1,
            "next": 1,
            "coming": 1,
            "the next": 1,
            "the coming": 1,
            "this coming": 1,
            "the following": 1,
            "following": 1,
        }.get(rel)
        if rel in {"that", "the same"}:
            return _Spec("DATE", "weekend", rel="ref", mod=mod)
        if n is None:
            return _Spec("DATE", "weekend", mod=mod)
        return _Spec("DATE", "weekend", n=n, direction="before" if n < 0 else "after", mod=mod)
    unit = _UNIT[_unit_key(unit_word)]
    if unit_word in {"second", "minute", "hour"}:
        if rel in {"the past", "the last", "the next", "the coming", "past", "last"}:
            return _Spec("DURATION", "fixed", value=f"PT1{unit}")
        return None
    if unit_word == "fortnight":
        return _Spec("DURATION", "fixed", value="P2W") if rel.startswith("the") else None
    if unit_word == "day":
        if rel in {"the next", "the following", "following"}:
            return _Spec(
                "DATE", "offset", unit="D", n=1, gran="D", rel="ref", mod=mod, confidence=0.7
            )
        if rel in {"the previous", "the prior", "the preceding", "previous", "prior"}:
            return _Spec(
                "DATE", "offset", unit="D", n=-1, gran="D", rel="ref", mod=mod, confidence=0.7
            )
        if rel in {"that", "the same"}:
            return _Spec("DATE", "ref", gran="D", mod=mod, confidence=0.7)
        if rel in {"this"}:
            return _Spec("DATE", "offset", unit="D", n=0, gran="D", mod=mod)
        if rel in {"the past", "the last"}:
            return _Spec("DURATION", "fixed", value="P1D")  # "in the past day"
        return None
    if rel in {"that", "the same"}:
        return _Spec("DATE", "ref", gran=unit, mod=mod, confidence=0.6)
    if rel in {"the following", "following", "the next"} and unit in "YMW" and rel != "the next":
        return _Spec(
            "DATE", "offset", unit=unit, n=1, gran=unit, rel="ref", mod=mod, confidence=0.6
        )
    if rel in {"the previous", "the prior", "the preceding", "previous", "prior"}:
        return _Spec(
            "DATE", "offset", unit=unit, n=-1, gran=unit, rel="ref", mod=mod, confidence=0.6
        )
    n = {
        "this": 0,
        "the current": 0,
        "the new": 1,
        "last": -1,
        "past": -1,
        "the past": -1,
        "the last": -1,
        "this past": -1,
        "next": 1,
        "coming": 1,
        "the next": 1,
        "the coming": 1,
        "this coming": 1,
        "the following": 1,
        "following": 1,
    }.get(rel)
    if n is None:
        return None
    if unit == "Q":
        if n == 0:
            return _Spec("DATE", "offset", unit="Q", n=0, gran="Q", mod=mod)
        return _Spec("DATE", "offset", unit="Q", n=n, gran="Q", mod=mod, confidence=0.8)
    return _Spec("DATE", "offset", unit=unit, n=n, gran=unit, mod=mod)


@_rule(
    "the-year",
    r"\b(?i:the)\s+(?P<u>(?i:year|week|weekend))\b(?!-)(?!\s+(?:before|after|earlier|"
    r"ago|later|of|in\s+which|when|that|to\s+date|\d))",
)
def _the_year(m: re.Match[str], text: str) -> _Spec | None:
    unit = m["u"].lower()
    after = text[m.end() : m.end() + 12]
    before = text[max(0, m.start() - 14) : m.start()]
    if unit == "weekend":
        return _Spec("DATE", "weekend", confidence=0.7)
    if re.match(r"\s+(?:ended|ending|to)\b", after, re.I):
        return _Spec("DURATION", "fixed", value=f"P1{'Y' if unit == 'year' else 'W'}")
    if unit == "week" and not re.search(r"\b(?:for|during|in|over|on|this|of)\s+$", before, re.I):
        return None
    if unit == "year" and re.search(r"\b(?:a|per|each|every|one)\s+$", before, re.I):
        return None
    return _Spec("DATE", "offset", unit=unit[0].upper(), n=0, gran=unit[0].upper(), confidence=0.6)


@_rule(
    "earlier-this",
    r"\b(?P<w>(?i:earlier|later))\s+(?:(?i:in\s+)?(?P<rel>(?i:this|that|the)))"
    r"\s+(?P<u>(?i:week|month|year|morning|afternoon|evening|day|decade|century|"
    r"quarter|season|spring|summer|autumn|fall|winter))\b",
)
def _earlier_this(m: re.Match[str], text: str) -> _Spec | None:
    mod = "START" if m["w"].lower() == "earlier" else "END"
    u = m["u"].lower()
    rel = m["rel"].lower()
    ref = "ref" if rel == "that" else "dct"
    if u in _PART_OF_DAY:
        if ref == "ref":
            return _Spec("TIME", "ref", gran="D", tod=_tod(u), mod=mod)
        return _Spec("TIME", "offset", unit="D", n=0, gran="D", tod=_tod(u), mod=mod)
    if u in _SEASONS:
        return _Spec(
            "DATE", "season", index=_SEASON_ORDER.index(_SEASONS[u]), direction="this", mod=mod
        )
    if u not in _UNIT:
        return None  # "earlier this season": a sports season has no calendar extent
    if rel == "the" and u not in {"day", "year", "week", "month"}:
        return None
    unit = _UNIT[u]
    if ref == "ref" or rel == "the":
        return _Spec("DATE", "ref", gran=unit, mod=mod, confidence=0.6)
    return _Spec("DATE", "offset", unit=unit, n=0, gran=unit, mod=mod)


@_rule(
    "earlier-day",
    rf"\b(?P<w>(?i:earlier|later))\s+(?P<d>(?i:today|yesterday|tomorrow)|{_WEEKDAY})"
    r"\b",
)
def _earlier_day(m: re.Match[str], text: str) -> _Spec | None:
    mod = "START" if m["w"].lower() == "earlier" else "END"
    d = m["d"].lower()
    if d in {"today", "yesterday", "tomorrow"}:
        n = {"today": 0, "yesterday": -1, "tomorrow": 1}[d]
        return _Spec("DATE", "offset", unit="D", n=n, gran="D", mod=mod)
    return _Spec("DATE", "weekday", weekday=_weekday_of(d), mod=mod, confidence=0.85)


@_rule(
    "ago",
    rf"\b(?:(?P<mod>{_MODIFIER})\s+)?(?P<num>{_NUM}|{_VAGUE_NUM})[\s-]+(?:(?i:more|"
    rf"full|long)\s+)?(?P<u>{_UNIT_RE})\s+(?:(?i:or\s+(?:so|more|two|three))\s+)"
    r"?(?P<dir>(?i:ago|earlier|later|before|after|before\s+that|after\s+that|from\s+now|"
    r"hence|back|since|on|prior))\b",
)
def _ago(m: re.Match[str], text: str) -> _Spec | None:
    direction = re.sub(r"\s+", " ", m["dir"].lower())
    n = _number(m["num"])
    unit_word = _unit_key(m["u"])
    unit = _UNIT.get(unit_word, "D")
    mod = _mod_of(m["mod"])
    if direction in {"before", "after", "prior", "since", "on"}:
        # "two days before the vote" / "three years after": a duration anchored on an
        # event, not on a date; "two years since" likewise.
        after = text[m.end() : m.end() + 12]
        if direction in {"before", "after"} and re.match(r"[,.;]|\s*$", after):
            pass  # "two days before." ends the clause: relative to the last date
        else:
            return _Spec(
                "DURATION",
                "fixed",
                value=_duration(n, m["u"]),
                mod=mod,
                span=(m.start(), m.end("u")),
            )
    if n is None:
        value = "PAST_REF" if direction in {"ago", "earlier", "back", "before"} else "FUTURE_REF"
        return _Spec("DATE", "fixed", value=value, mod=mod)
    if n != int(n) or unit in {"S"} or unit_word in _CLOCK_UNITS:
        if unit_word in {"hour", "hr", "minute", "min"} and n == int(n) and direction == "ago":
            return _Spec("TIME", "fixed", value="PAST_REF", mod=mod, confidence=0.5)
        return _Spec(
            "DURATION", "fixed", value=_duration(n, m["u"]), mod=mod, span=(m.start(), m.end("u"))
        )
    sign = -1 if direction in {"ago", "earlier", "back", "before", "before that"} else 1
    rel = "dct" if direction in {"ago", "from now", "hence", "back"} else "ref"
    shift = int(n) * sign
    if unit == "Y" and abs(shift) == 1:
        return _Spec("DATE", "yearago", n=shift, rel=rel, mod=mod, confidence=0.8)
    gran = unit
    if unit == "E":
        shift, unit, gran = shift * 10, "Y", "Y"
    elif unit == "C":
        shift, unit, gran = shift * 100, "Y", "Y"
    return _Spec("DATE", "offset", unit=unit, n=shift, gran=gran, rel=rel, mod=mod, confidence=0.9)


# -- rules: weekdays, parts of day, clock times -------------------------------------------------

_POD = r"(?P<pod>(?i:morning|afternoon|evening|night|mid-?afternoon|mid-?morning|late-night))"
_DAYREF = (
    rf"(?P<dref>(?i:today|yesterday|tomorrow|tonight)|{_WEEKDAY}"
    rf"|(?P<md_m>{_MONTH_D})\s+(?P<md_d>{_DAYNUM}))"
)


@_rule(
    "weekday",
    r"\b(?:(?P<rel>(?i:last|next|this|this\s+past|this\s+coming|coming|past|the\s+previous"
    r"|the\s+following|the\s+next|that|the\s+same|on))\s+|(?P<mod>(?i:early|late)"
    rf")\s+)?(?P<w>{_WEEKDAY})(?P<pl>s)?(?:\s+(?:{_POD}))?\b(?!\s*,?\s*(?:{_MONTH_D})"
    rf"\s+\d)(?!\s*,?\s*\d{{1,2}}\b)",
)
def _weekday(m: re.Match[str], text: str) -> _Spec | None:
    wd = _weekday_of(m["w"])
    if m["w"][0].islower() and m["w"].lower() != m["w"]:
        return None  # odd casing ("mONDAY")
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    tod = _tod(m["pod"]) if m["pod"] else ""
    kind_type = "TIME" if tod else "DATE"
    if m["pl"]:
        before = text[max(0, m.start() - 8) : m.start()]
        if re.search(r"\b(?:on|every|most|some|all)\s+$", before, re.I) or not rel:
            return _Spec("SET", "fixed", value=f"XXXX-WXX-{wd}{tod}")
        return None
    before = text[max(0, m.start() - 8) : m.start()]
    if not rel and re.search(r"\b(?:every|each)\s+$", before, re.I):
        return _Spec("SET", "fixed", value=f"XXXX-WXX-{wd}{tod}")
    direction = {
        "last": "before",
        "past": "before",
        "this past": "before",
        "the previous": "before",
        "next": "after",
        "coming": "after",
        "this coming": "after",
        "the following": "after",
        "the next": "after",
        "this": None,
        "on": None,
    }.get(rel)
    if rel in {"that", "the same"}:
        return _Spec(kind_type, "ref", gran="D", tod=tod, confidence=0.6)
    if rel in {"the previous", "the following", "the next"}:
        return _Spec(
            kind_type,
            "weekday",
            weekday=wd,
            direction=direction,
            tod=tod,
            rel="ref",
            confidence=0.7,
        )
    mod = {"early": "START", "late": "END"}.get((m["mod"] or "").lower())
    confidence = 0.95 if direction else 0.85
    return _Spec(
        kind_type,
        "weekday",
        weekday=wd,
        direction=direction,
        tod=tod,
        mod=mod,
        confidence=confidence,
    )


@_rule(
    "weekday-date",
    rf"\b(?P<w>{_WEEKDAY}|{_WEEKDAY_ABBR}),?\s+(?:(?P<m>{_MONTH_D})\s+(?P<d>{_DAYNUM})"
    rf"|(?:the\s+)?(?P<d2>{_DAYNUM})(?:\s+of)?\s+(?P<m2>{_MONTH_D}))\b(?!,?\s+\d{{4}})",
)
def _weekday_date(m: re.Match[str], text: str) -> _Spec | None:
    month = _month_of(m["m"] or m["m2"])
    day = _day(m["d"] or m["d2"])
    if not _valid(None, month, day):
        return None
    return _Spec(
        "DATE",
        "partial",
        month=month,
        day=day,
        gran="D",
        weekday=_weekday_of(m["w"]),
        confidence=0.95,
    )


@_rule(
    "day-part",
    r"\b(?:(?P<rel>(?i:this|yesterday|tomorrow|last|that|the|in\s+the|early\s+this|"
    r"late\s+this|late\s+last|early\s+yesterday|late\s+yesterday|early\s+tomorrow|"
    rf"early|late|the\s+next|the\s+following|the\s+previous))\s+)?{_POD}\b(?!-)",
)
def _day_part(m: re.Match[str], text: str) -> _Spec | None:
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    pod = m["pod"].lower()
    tod = _tod(pod)
    mod = "START" if rel.startswith("early") else "END" if rel.startswith("late ") else None
    rel = rel.removeprefix("early ").removeprefix("late ")
    if rel == "this":
        return _Spec("TIME", "offset", unit="D", n=0, gran="D", tod=tod, mod=mod)
    if rel == "yesterday" or (rel == "last" and pod in {"night", "evening"}):
        return _Spec("TIME", "offset", unit="D", n=-1, gran="D", tod=tod, mod=mod)
    if rel == "tomorrow":
        return _Spec("TIME", "offset", unit="D", n=1, gran="D", tod=tod, mod=mod)
    if rel in {"the next", "the following"}:
        return _Spec("TIME", "offset", unit="D", n=1, gran="D", tod=tod, rel="ref", confidence=0.6)
    if rel == "the previous":
        return _Spec("TIME", "offset", unit="D", n=-1, gran="D", tod=tod, rel="ref", confidence=0.6)
    if rel in {"that", "the", "in the"}:
        if rel == "in the":
            return None  # "in the morning" is usually generic
        before = text[max(0, m.start() - 12) : m.start()]
        if rel == "the" and not re.search(
            r"\b(?:in|on|during|by|until|through|overnight)\s+$", before, re.I
        ):
            return None
        return _Spec("TIME", "ref", gran="D", tod=tod, confidence=0.5)
    return None


@_rule(
    "overnight",
    r"\b(?i:overnight)\b(?!\s+(?:stays?|flights?|trips?|visits?|bags?|delivery|"
    r"shift|guests?|rates?|lending|loans?|money|repos?|interest|success|sensation|"
    r"camp))",
)
def _overnight(m: re.Match[str], text: str) -> _Spec | None:
    return _Spec("TIME", "overnight", tod="TNI", confidence=0.6)


@_rule(
    "clock",
    r"\b(?:(?P<mod>(?i:about|around|approximately|shortly\s+(?:before|after)|just\s+(?:bef"
    r"ore|after)|at\s+about|roughly))\s+)?(?:(?P<h>[01]?\d)(?::(?P<mi>[0-5]\d)"
    rf")?\s*(?P<ap>{_AMPM})|(?P<h24>[0-2]?\d):(?P<mi24>[0-5]\d)(?=\s*(?:GMT|UTC|"
    r"local\s+time|hours?|h\b|[ECMP][SD]T))|(?P<word>(?i:noon|midday|midnight)"
    r")|(?P<oc>(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    rf"\d{{1,2}}))\s+(?i:o'clock|o’clock)(?:\s+in\s+the\s+(?P<ocp>(?i:morning|afternoon|"
    rf"evening)))?){_TZ}(?:(?:\s*,\s*|\s+)(?:(?i:on|of)\s+)?{_DAYREF})?(?:\s+{_POD})"
    r"?\b",
)
def _clock_rule(m: re.Match[str], text: str) -> _Spec | None:
    if m["word"]:
        w = m["word"].lower()
        clock = "T12:00" if w in {"noon", "midday"} else "T24:00"
        if w == "midnight" and not m["dref"]:
            clock = "T24:00"
    elif m["oc"]:
        h = _number(m["oc"]) if not m["oc"].isdigit() else int(m["oc"])
        if h is None:
            return None
        pm = (m["ocp"] or "").lower() in {"afternoon", "evening"}
        clock = _clock(str(int(h)), None, "pm" if pm else ("am" if m["ocp"] else None))
    elif m["h24"]:
        clock = _clock(m["h24"], m["mi24"], None)
    else:
        clock = _clock(m["h"], m["mi"], m["ap"])
    if clock is None:
        return None
    mod = {
        "about": "APPROX",
        "around": "APPROX",
        "approximately": "APPROX",
        "roughly": "APPROX",
        "at about": "APPROX",
    }.get(re.sub(r"\s+", " ", (m["mod"] or "").lower()))
    if m["mod"] and not mod:
        mod = "BEFORE" if "before" in m["mod"].lower() else "AFTER"
    return _with_day(m, clock, mod)


def _with_day(m: re.Match[str], tod: str, mod: str | None) -> _Spec:
    dref = (m["dref"] or "").lower()
    if m["md_m"]:
        month, day = _month_of(m["md_m"]), _day(m["md_d"])
        return _Spec("TIME", "partial", month=month, day=day, gran="D", tod=tod, mod=mod)
    if dref in {"today", "tonight"}:
        return _Spec("TIME", "offset", unit="D", n=0, gran="D", tod=tod, mod=mod)
    if dref in {"yesterday", "tomorrow"}:
        return _Spec(
            "TIME",
            "offset",
            unit="D",
            n=-1 if dref == "yesterday" else 1,
            gran="D",
            tod=tod,
            mod=mod,
        )
    if dref:
        return _Spec(
            "TIME", "weekday", weekday=_weekday_of(dref), tod=tod, mod=mod, confidence=0.85
        )
    return _Spec("TIME", "ref", gran="D", tod=tod, mod=mod, confidence=0.6)


@_rule(
    "day-clock",
    rf"\b(?P<dref>(?i:today|yesterday|tomorrow)|{_WEEKDAY})(?:\s+(?P<pod>(?i:morning|"
    r"afternoon|evening|night)))?,?\s+(?:(?i:at|around|about|shortly\s+after|shortly\s+bef"
    rf"ore)\s+)?(?P<h>[01]?\d)(?::(?P<mi>[0-5]\d))?\s*(?P<ap>{_AMPM}){_TZ}",
)
def _day_clock(m: re.Match[str], text: str) -> _Spec | None:
    clock = _clock(m["h"], m["mi"], m["ap"])
    if clock is None:
        return None
    dref = m["dref"].lower()
    if dref in {"today", "yesterday", "tomorrow"}:
        n = {"today": 0, "yesterday": -1, "tomorrow": 1}[dref]
        return _Spec("TIME", "offset", unit="D", n=n, gran="D", tod=clock)
    return _Spec("TIME", "weekday", weekday=_weekday_of(dref), tod=clock, confidence=0.85)


@_rule("day-pod", rf"\b(?P<d>(?i:yesterday|tomorrow|today))\s+{_POD}\b")
def _day_pod(m: re.Match[str], text: str) -> _Spec | None:
    d = m["d"].lower()
    n = {"today": 0, "yesterday": -1, "tomorrow": 1}[d]
    return _Spec("TIME", "offset", unit="D", n=n, gran="D", tod=_tod(m["pod"]))


@_rule("pod-day", rf"\b{_POD}\s+(?P<d>(?i:yesterday|tomorrow|today))\b")
def _pod_day(m: re.Match[str], text: str) -> _Spec | None:
    d = m["d"].lower()
    n = {"today": 0, "yesterday": -1, "tomorrow": 1}[d]
    return _Spec("TIME", "offset", unit="D", n=n, gran="D", tod=_tod(m["pod"]))


@_rule(
    "pod-weekday",
    rf"\b(?P<mod>(?i:early|late)\s+)?{_POD}\s+(?:(?i:of|on)\s+)?(?P<w>{_WEEKDAY})"
    r"\b",
)
def _pod_weekday(m: re.Match[str], text: str) -> _Spec | None:
    return _Spec(
        "TIME", "weekday", weekday=_weekday_of(m["w"]), tod=_tod(m["pod"]), confidence=0.85
    )


# -- rules: holidays ---------------------------------------------------------------------------

_HOLIDAYS = {
    "christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25),
    "new year's eve": (12, 31), "new year's day": (1, 1), "new year": (1, 1),
    "independence day": (7, 4), "fourth of july": (7, 4), "july fourth": (7, 4),
    "halloween": (10, 31), "valentine's day": (2, 14), "veterans day": (11, 11),
    "boxing day": (12, 26), "may day": (5, 1), "bastille day": (7, 14),
    "armistice day": (11, 11), "st. patrick's day": (3, 17), "guy fawkes night": (11, 5),
    "thanksgiving": "thanksgiving", "thanksgiving day": "thanksgiving",
    "labor day": "labor", "memorial day": "memorial", "easter": "easter",
    "easter sunday": "easter", "good friday": "good-friday", "easter monday": "easter-monday",
}  # fmt: skip


@_rule(
    "holiday",
    r"\b(?P<h>(?i:christmas\s+eve|christmas\s+day|christmas|new\s+year['’]s\s+eve|"
    r"new\s+year['’]s\s+day|new\s+year['’]s|independence\s+day|fourth\s+of\s+july|"
    r"july\s+fourth|halloween|valentine['’]s\s+day|veterans\s+day|boxing\s+day|"
    r"bastille\s+day|armistice\s+day|st\.\s+patrick['’]s\s+day|thanksgiving\s+day|"
    r"thanksgiving|labor\s+day|memorial\s+day|easter\s+sunday|easter\s+monday|"
    rf"easter|good\s+friday))(?:,?\s+(?P<y>{_YEAR}))?\b",
)
def _holiday(m: re.Match[str], text: str) -> _Spec | None:
    if not m["h"][0].isupper():
        return None
    name = re.sub(r"\s+", " ", m["h"].lower()).replace("’", "'")
    if name == "new year's":
        after = text[m.end() : m.end() + 10]
        if not re.match(r"\s*(?:[,.;]|$|\s+(?:celebrations?|holiday))", after):
            return None
        name = "new year's day"
    if name == "christmas":
        after = text[m.end() : m.end() + 12]
        if re.match(
            r"\s+(?:tree|card|present|gift|market|shopping|season|party|carol|island)", after, re.I
        ):
            return None
    key = _HOLIDAYS[name]
    year = int(m["y"]) if m["y"] else None
    if year is not None:
        d = _holiday_date(key, year)
        return _Spec("DATE", "fixed", value=d.isoformat())
    return _Spec("DATE", "partial", holiday=name, gran="D", confidence=0.8)


def _holiday_date(key: Any, year: int) -> date:
    if isinstance(key, tuple):
        return date(year, key[0], key[1])
    if key == "thanksgiving":  # fourth Thursday of November
        first = date(year, 11, 1)
        return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    if key == "labor":  # first Monday of September
        first = date(year, 9, 1)
        return first + timedelta(days=(0 - first.weekday()) % 7)
    if key == "memorial":  # last Monday of May
        last = date(year, 5, 31)
        return last - timedelta(days=last.weekday())
    easter = _easter(year)
    return easter + timedelta(days={"easter": 0, "good-friday": -2, "easter-monday": 1}[key])


def _easter(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


# -- rules: durations and sets ---------------------------------------------------------------


@_rule(
    "duration",
    rf"\b(?:(?P<mod>{_MODIFIER})\s+)?(?:(?P<the>(?i:the|a|an|its|their|his|her|"
    r"first|the\s+first|the\s+past|the\s+last|the\s+next|the\s+coming|the\s+final|"
    r"the\s+following|the\s+previous|the\s+preceding|the\s+remaining|the\s+full|"
    r"past|last|next|over\s+the\s+past|over\s+the\s+last|over\s+the\s+next|in\s+the\s+past"
    r"|in\s+the\s+last|in\s+the\s+next|during\s+the\s+past|during\s+the\s+last|"
    rf"within\s+the\s+next))\s+)?(?P<num>{_NUM}|{_VAGUE_NUM})(?:\s+(?:(?i:more|"
    rf"full|long|straight|consecutive|successive|whole)))?[\s-]+(?P<u>{_UNIT_RE})"
    r"(?:(?P<old>-old)|(?P<long>[\s-](?i:long)))?(?:\s+(?P<so>(?i:or\s+so|or\s+more|"
    r"or\s+longer)))?\b(?!-(?:old|long))",
)
def _duration_rule(m: re.Match[str], text: str) -> _Spec | None:
    num_text = m["num"]
    n = _number(num_text)
    low = num_text.lower().strip()
    if low in {"a", "an", "one"} and n == 1:
        before = text[max(0, m.start() - 16) : m.start()]
        unit_word = _unit_key(m["u"])
        if (
            re.search(r"(?:\d|\btimes|\btwice|\bonce|\bthrice|\bper)\s*$", before, re.I)
            and not m["the"]
        ):
            return _Spec("SET", "fixed", value=_duration(1, unit_word))
    if n is not None and "," in num_text and n >= 1000:
        return None
    unit_key = _unit_key(m["u"])
    if unit_key not in _UNIT:
        return None
    if n is not None and n > 1000 and unit_key not in {"year"}:
        return None  # "the 1988 second quarter"
    if m["old"] or re.match(
        r"-?\s*(?:year|month|week|day)s?-old\b", text[m.end() : m.end() + 12], re.I
    ):
        return None  # ages ("a 44-year-old") are not annotated as durations
    if re.match(r"\s+old\b", text[m.end() : m.end() + 6]) and unit_key in {"year", "month"}:
        return None  # "six years old"
    after = text[m.end() : m.end() + 16]
    if re.match(r"\s*(?:of\s+age\b)", after) or re.match(r"\s*(?:%|percent)", after):
        return None
    if unit_key == "quarter" and (
        re.match(r"\s+of\b(?!\s+an?\s+(?:century|hour))", after) or "-" in m.group(0)
    ):
        return None  # "three-quarters of", "a quarter of the vote": fractions
    if unit_key == "second" and low in {"a", "one"} and not m["mod"]:
        return None  # "a second time": the ordinal
    mod = _mod_of(m["mod"]) or ("APPROX" if (m["so"] or "").lower() == "or so" else None)
    if (m["so"] or "").lower() in {"or more", "or longer"}:
        mod = "EQUAL_OR_MORE"
    return _Spec("DURATION", "fixed", value=_duration(n, m["u"]), mod=mod)


@_rule(
    "duration-unit",
    r"\b(?:(?P<the>(?i:the\s+past|the\s+last|the\s+next|the\s+coming|in\s+coming|"
    r"coming|the\s+first|the\s+final|the\s+remaining|the\s+early|the\s+ensuing|"
    r"the\s+intervening|recent|in\s+recent|for))\s+)?(?P<u>(?i:seconds|minutes|"
    r"hours|days|weeks|months|quarters|years|decades|centuries))(?:\s+(?i:ahead)"
    r")?\b(?!\s+(?:ago|earlier|later|before|after|old|of\s+age))(?!-(?:old|long)"
    r")",
)
def _duration_unit(m: re.Match[str], text: str) -> _Spec | None:
    the = re.sub(r"\s+", " ", (m["the"] or "").lower())
    before = text[max(0, m.start() - 16) : m.start()]
    if not the:
        if re.search(
            r"(?:\d|\b[a-z]+ty|\bthe|\bthese|\bthose|\bwhich|\bmany|\bfew|\bseveral|"
            r"\bsome|\bour|\btheir|\bhis|\bher|\bits|'s|\bof\s+the|\ball)\s*$",
            before,
            re.I,
        ):
            return None
        if not re.search(
            r"\b(?:for|in|within|over|after|took|take|takes|taking|lasted|last|"
            r"spent|spend|until|during|and|or|but|,|about|almost|nearly|than)\s*$",
            before,
            re.I,
        ):
            return None
    if the in {"recent", "in recent"}:
        return _Spec("DURATION", "fixed", value=_duration(None, m["u"]), confidence=0.6)
    return _Spec("DURATION", "fixed", value=_duration(None, m["u"]), confidence=0.7)


@_rule(
    "duration-vague-unit",
    rf"\b(?:(?P<mod>{_MODIFIER})\s+)?(?:(?i:the\s+)?(?:past|last|next|coming|first)"
    rf"\s+)?(?P<num>{_VAGUE_NUM}|(?i:dozens\s+of|hundreds\s+of|thousands\s+of|a\s+number\s+"
    rf"of))\s+(?P<u>{_UNIT_RE})\b(?!\s+(?:ago|earlier|later))",
)
def _duration_vague(m: re.Match[str], text: str) -> _Spec | None:
    return _Spec("DURATION", "fixed", value=_duration(None, m["u"]), mod=_mod_of(m["mod"]))


@_rule(
    "half-unit",
    r"\b(?:(?i:a|an|one)\s+)?(?i:half)[\s-](?:(?i:an?)\s+)?(?P<u>(?i:hour|day|"
    r"year|month|century|decade|minute))\b|\b(?P<n>(?i:an?|one|two|three|four|"
    r"\d+))\s+(?P<u2>(?i:hours?|minutes?|days?|years?))\s+(?i:and\s+a\s+half)\b",
)
def _half_unit(m: re.Match[str], text: str) -> _Spec | None:
    if m["u"]:
        return _Spec("DURATION", "fixed", value=_duration(0.5, m["u"]))
    n = _number(m["n"])
    if n is None:
        return None
    return _Spec("DURATION", "fixed", value=_duration(n + 0.5, m["u2"]))


@_rule(
    "adjective-duration",
    rf"\b(?P<num>\d+|(?i:{_NUM_WORD})|(?i:several|multi|half|many))-(?P<u>(?i:second|"
    r"minute|hour|day|week|month|year|decade|century))(?:-(?P<old>old|long))?\b",
)
def _adjective_duration(m: re.Match[str], text: str) -> _Spec | None:
    if (m["old"] or "").lower() == "old":
        return None
    n = (
        None
        if m["num"].lower() in {"several", "multi", "many"}
        else (0.5 if m["num"].lower() == "half" else _number(m["num"]))
    )
    return _Spec("DURATION", "fixed", value=_duration(n, m["u"]))


@_rule("unit-long", r"\b(?P<u>(?i:day|week|month|year|decade|hour))[- ](?i:long)\b")
def _unit_long(m: re.Match[str], text: str) -> _Spec | None:
    return _Spec("DURATION", "fixed", value=_duration(1, m["u"]))


# "quarterly" and "annually" are left out: in news they are nearly always "quarterly
# dividend" / "$5 million annually", which TimeBank does not annotate.
@_rule(
    "set-adverb",
    r"\b(?P<w>(?i:daily|weekly|monthly|yearly|hourly|nightly|biweekly|twice\s+(?:a|"
    r"per)\s+(?:day|week|month|year)))\b",
)
def _set_adverb(m: re.Match[str], text: str) -> _Spec | None:
    w = re.sub(r"\s+", " ", m["w"].lower())
    after = text[m.end() : m.end() + 14]
    if re.match(
        r"\s+(?:newspaper|paper|magazine|journal|news|mail|telegraph|star|express|"
        r"dividend|payment|report|meeting|statement|results?|basis|rate|average|"
        r"limit|column|show|program|programme|edition|digest)\b",
        after,
        re.I,
    ):
        return None
    if m["w"][0].isupper() and text[max(0, m.start() - 2) : m.start()].strip() not in {
        "",
        ".",
        '"',
    }:
        return None  # "Business Daily", "Publishers Weekly"
    value = {
        "daily": "P1D",
        "weekly": "P1W",
        "monthly": "P1M",
        "quarterly": "P3M",
        "yearly": "P1Y",
        "annually": "P1Y",
        "hourly": "PT1H",
        "nightly": "P1D",
        "biweekly": "P2W",
        "semiannually": "P6M",
    }.get(w)
    if value is None:
        value = {"day": "P1D", "week": "P1W", "month": "P1M", "year": "P1Y"}[w.split()[-1]]
    return _Spec("SET", "fixed", value=value)


@_rule(
    "set-every",
    rf"\b(?P<w>(?i:every|each|per))\s+(?:(?P<other>(?i:other))\s+)?(?:(?P<num>{_NUM})"
    rf"\s+)?(?P<u>{_UNIT_SG}|(?i:weekend|morning|evening|night|afternoon|summer|"
    r"winter|spring|fall|autumn))\b",
)
def _set_every(m: re.Match[str], text: str) -> _Spec | None:
    u = m["u"].lower()
    if m["w"].lower() == "per" and u in _PART_OF_DAY:
        return None
    if u in _PART_OF_DAY:
        return _Spec("SET", "fixed", value=f"XXXX-XX-XX{_tod(u)}")
    if u in _SEASONS:
        return _Spec("SET", "fixed", value=f"XXXX-{_SEASONS[u]}")
    if u == "weekend":
        return _Spec("SET", "fixed", value="XXXX-WXX-WE")
    n = _number(m["num"]) if m["num"] else 1.0
    if m["other"]:
        n = (n or 1) * 2
    return _Spec("SET", "fixed", value=_duration(n, u))


@_rule("set-each-month", rf"\b(?i:every|each)\s+(?P<m>{_MONTH_FULL})\b")
def _set_month(m: re.Match[str], text: str) -> _Spec | None:
    return _Spec("SET", "fixed", value=f"XXXX-{_month_of(m['m']):02d}")


# -- choosing among overlapping candidates ---------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    rule: str
    order: int
    spec: _Spec


def _candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    low = lowered_for_filter(text)
    seen: dict[str, bool] = {}
    for order, (name, pattern, handler) in enumerate(_RULES):
        if not could_match(_RULE_NEEDS[order], low, seen):
            continue
        for m in pattern.finditer(text):
            if m.end() <= m.start():
                continue
            spec = handler(m, text)
            if spec is None:
                continue
            start, end = _trim(text, *(spec.span or m.span()))
            if end > start:
                found.append(_Candidate(start, end, name, order, spec))
    return found


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n,":
        start += 1
    while end > start and text[end - 1] in " \t\n,":
        end -= 1
    # A leading preposition or possessive is context, not part of the expression
    # (TimeML: "in the past", "its fourth quarter", "on Tuesday").
    lead = re.match(
        r"(?i:on|in|at(?!\s+(?:least|most|about|around))|for|during|over|within|"
        r"its|their|his|her|our)\s+(?=\S)",
        text[start:end],
    )
    if lead:
        start += lead.end()
    # An adjectival expression leaves its determiner to the noun it modifies:
    # "a [16-hour] flight", "the [third-quarter] results".
    piece = text[start:end]
    det = re.match(r"(?i:the|a|an)\s+(?=\S+$)", piece)
    if (
        det
        and "-" in piece[det.end() :]
        and not re.search(r"(?i)\b(?:quarter|period|year|month|week)$", piece)
    ):
        start += det.end()
    return start, end


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Longest first, then earlier rule; no two kept candidates overlap."""
    chosen: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    for cand in sorted(candidates, key=lambda c: (-(c.end - c.start), c.order, c.start)):
        if any(cand.start < e and s < cand.end for s, e in taken):
            continue
        chosen.append(cand)
        taken.append((cand.start, cand.end))
    return sorted(chosen, key=lambda c: c.start)


# -- tense ---------------------------------------------------------------------------------

# Verbs whose infinitive complement lies ahead of them ("planned to leave on Thursday").
_FUTURE_HEADS = {
    "expect",
    "schedule",
    "set",
    "due",
    "plan",
    "intend",
    "go",
    "slate",
    "aim",
    "prepare",
    "hope",
    "want",
    "poise",
    "likely",
    "about",
    "seek",
    "propose",
    "vow",
    "pledge",
    "promise",
    "threaten",
    "need",
}
# Verbs that place their time adjunct ahead ("scheduled a news conference Thursday",
# "postponed until Tuesday").
_SCHEDULING = {
    "schedule",
    "reschedule",
    "postpone",
    "delay",
    "adjourn",
    "defer",
    "slate",
    "plan",
    "set",
    "expect",
    "extend",
}
_VERB_TAGS = {"VBD", "VBZ", "VBP", "VB", "VBN", "VBG", "MD"}
_FUTURE_MODALS = {"will", "'ll", "’ll", "shall", "wo", "would", "may", "might", "should", "must"}
_FUTURE_WORDS = re.compile(
    r"\b(?:will|'ll|’ll|shall|wo|going\s+to|is\s+to|are\s+to|scheduled|planned|plans?|"
    r"expected|due|set\s+to|slated|upcoming|next|would)\b",
    re.I,
)
_PAST_WORDS = re.compile(
    r"\b(?:was|were|had|did|said|told|met|went|came|took|gave|made|held|left|began|"
    r"fell|rose|won|lost|spoke|announced|\w{3,}ed)\b",
    re.I,
)

Tense = str | None  # "past" | "present" | "future" | None


class _TenseFinder:
    """The tense of the clause around a character span, from the parse when there is one."""

    def __init__(self, text: str, spacy_doc: Any | None) -> None:
        self.text = text
        self.doc = spacy_doc
        self.parsed = bool(
            spacy_doc is not None
            and spacy_doc.has_annotation("TAG")
            and spacy_doc.has_annotation("DEP")
        )

    def __call__(self, start: int, end: int) -> Tense:
        if self.parsed:
            tense = self._from_parse(start, end)
            if tense is not None:
                return tense
        return self._lexical(start, end)

    def _from_parse(self, start: int, end: int) -> Tense:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        tok = span.root
        for _ in range(8):
            is_verb = tok.pos_ in {"VERB", "AUX"} or tok.tag_ in _VERB_TAGS
            if (is_verb and not span.start <= tok.i < span.end) or tok.head is tok:
                break
            tok = tok.head
        if tok.tag_ not in _VERB_TAGS:
            return None
        last = span[-1]
        if (
            last.i + 1 < len(self.doc)
            and self.doc[last.i + 1].tag_ == "POS"
            and span.root.pos_ == "PROPN"
        ):
            return "past"  # "Tuesday's talks": an event already named
        if _past_perfect(tok):
            return "past"  # "had been scheduled to expire at midnight Friday"
        lemma = tok.lemma_.lower()
        if lemma in _SCHEDULING and span.start > tok.i and tok.dep_ not in {"acl", "amod"}:
            return "future"  # "scheduled a news conference Thursday"
        lead = self.text[max(0, start - 16) : start].lower()
        if re.search(r"\bas\s+(?:early|soon)\s+as\s+$", lead):
            return "future"  # "could come as early as Tuesday"
        tense = _verb_tense(tok)
        if tense == "present" and lemma in _FUTURE_HEADS:
            return "future"  # "On Tuesday, the league plans to hold a news conference"
        before = self.doc[span.start - 1].lower_ if span.start > 0 else ""
        if before in {"until", "till", "by"} and not (tok.tag_ == "VBD" or tense == "future"):
            return "future"  # "has given them until 9 a.m. Tuesday"
        return tense

    def _lexical(self, start: int, end: int) -> Tense:
        """The tense marker nearest the expression in its sentence ("said on Tuesday
        that he will ..." is past: "said" is nearer than "will")."""
        left = self.text.rfind(".", 0, start) + 1
        right = self.text.find(".", end)
        right = right if right != -1 else len(self.text)
        best: tuple[int, str] | None = None
        for tense, pattern in (("future", _FUTURE_WORDS), ("past", _PAST_WORDS)):
            for m in pattern.finditer(self.text, left, right):
                if start <= m.start() < end:
                    continue  # a word of the expression itself ("next")
                gap = start - m.end() if m.end() <= start else m.start() - end + 1
                if best is None or gap < best[0]:
                    best = (gap, tense)
        return best[1] if best else None


def _past_perfect(verb: Any) -> bool:
    """``had`` + participle, or modal + ``have`` ("may have been"), up a complement chain."""
    tok = verb
    for _ in range(4):
        auxes = {c.lower_ for c in tok.children if c.dep_ in {"aux", "auxpass"}}
        if "had" in auxes or ("have" in auxes and auxes & _FUTURE_MODALS):
            return True
        if (tok.dep_ in {"xcomp", "acomp"} or tok.pos_ == "ADJ") and tok.head is not tok:
            tok = tok.head
        else:
            return False
    return False


def _verb_tense(verb: Any, depth: int = 0) -> Tense:
    """Past / present / future of a verb token and its auxiliaries."""
    auxes = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    words = {a.lower_ for a in auxes}
    if "had" in words and (verb.tag_ == "VBN" or any(a.tag_ == "VBN" for a in auxes)):
        return "past"  # "had been due to expire Friday"
    if words & _FUTURE_MODALS:
        return "future"
    if verb.tag_ == "MD":
        return "future" if verb.lower_ in _FUTURE_MODALS else None
    if "to" in words and depth < 3 and verb.dep_ in {"xcomp", "ccomp", "advcl", "relcl", "acl"}:
        head = verb.head
        if head.lemma_.lower() in _FUTURE_HEADS or head.lower_ in {"due", "set", "likely"}:
            return "future"
        if head is not verb and head.tag_ in {"VBD", "VBZ", "VBP", "VB", "VBN", "VBG", "MD", "JJ"}:
            return _verb_tense(head, depth + 1)
        return None
    if any(a.tag_ == "VBD" for a in auxes):
        # "was going to", "had met", "did not say", "were scheduled to"
        if verb.lower_ == "going":
            return "future"
        return "past"
    if verb.tag_ == "VBD":
        return "past"
    if verb.tag_ == "VBN":
        if words & {"has", "have", "'ve", "’ve"}:
            return "past"
        if words & {"is", "are", "am", "be", "'s", "’s", "'re"}:
            head = verb
            if head.lemma_.lower() in {"schedule", "set", "slate", "plan", "expect"}:
                return "future"
            return "present"
        if verb.dep_ in {"acl", "amod", "relcl"}:
            return "past"
        return "past"
    if verb.tag_ == "VBG":
        if words & {"was", "were"}:
            return "past"
        if words & {"is", "are", "am", "'s", "’s", "'re"}:
            if verb.lower_ == "going":
                return "future"
            return "present"
        if (
            verb.dep_ in {"advcl", "acl", "xcomp", "pcomp", "relcl"}
            and depth < 3
            and verb.head is not verb
        ):
            return _verb_tense(verb.head, depth + 1)
        return None
    if verb.tag_ in {"VBZ", "VBP"}:
        if verb.lemma_.lower() in {"be"} and any(
            c.dep_ == "xcomp" and c.tag_ == "VB" for c in verb.children
        ):
            return "future"  # "is to meet"
        return "present"
    if verb.tag_ == "VB":
        if words & {"did"}:
            return "past"
        if words & {"do", "does"}:
            return "present"
        if verb.dep_ in {"xcomp", "ccomp", "advcl", "conj"} and depth < 3 and verb.head is not verb:
            return _verb_tense(verb.head, depth + 1)
        return None
    if verb.dep_ == "conj" and depth < 3 and verb.head is not verb:
        return _verb_tense(verb.head, depth + 1)
    return None


# -- anchoring ------------------------------------------------------------------------------


def parse_anchor(value: str | date | datetime | None) -> date | None:
    """The document date as a ``date`` (``Document.published`` is an ISO string)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def resolve_weekday(anchor: date, weekday: int, direction: str) -> date:
    """The date of ISO ``weekday`` relative to ``anchor``.

    direction: ``past`` on or before the anchor, ``future`` on or after, ``before`` and
    ``after`` strictly ("last Thursday", "next Thursday").
    """
    now = anchor.isoweekday()
    if direction in {"past", "before"}:
        delta = (now - weekday) % 7
        if delta == 0 and direction == "before":
            delta = 7
        return anchor - timedelta(days=delta)
    delta = (weekday - now) % 7
    if delta == 0 and direction == "after":
        delta = 7
    return anchor + timedelta(days=delta)


def _add_months(d: date, months: int) -> date:
    total = d.year * 12 + (d.month - 1) + months
    year, month = divmod(total, 12)
    day = min(d.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def _shift(d: date, unit: str, n: int) -> date:
    if unit == "D":
        return d + timedelta(days=n)
    if unit == "W":
        return d + timedelta(weeks=n)
    if unit == "M":
        return _add_months(d, n)
    if unit == "Q":
        return _add_months(d, 3 * n)
    if unit == "H":
        return _add_months(d, 6 * n)
    factor = {"Y": 1, "E": 10, "C": 100, "L": 1000}.get(unit, 1)
    return _add_months(d, 12 * n * factor)


def _fmt(d: date, gran: str) -> str:
    if gran == "D":
        return d.isoformat()
    if gran == "W":
        year, week, _ = d.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if gran == "M":
        return f"{d.year:04d}-{d.month:02d}"
    if gran == "Q":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if gran == "H":
        return f"{d.year:04d}-H{1 if d.month <= 6 else 2}"
    if gran == "E":
        return f"{d.year:04d}"[:3]
    if gran == "C":
        return f"{d.year:04d}"[:2]
    return f"{d.year:04d}"


def _gran_of(value: str) -> str | None:
    """The granularity of a TIMEX3 date value we can shift (None for others)."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:T.*)?", value):
        return "D"
    if re.fullmatch(r"\d{4}-W\d{2}", value):
        return "W"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return "M"
    if re.fullmatch(r"\d{4}-Q[1-4]", value):
        return "Q"
    if re.fullmatch(r"\d{4}-H[12]", value):
        return "H"
    if re.fullmatch(r"\d{4}", value):
        return "Y"
    return None


def _date_of(value: str) -> date | None:
    """A representative date of a TIMEX3 value (its first day)."""
    gran = _gran_of(value)
    if gran is None:
        return None
    year = int(value[:4])
    if gran == "D":
        return date(year, int(value[5:7]), int(value[8:10]))
    if gran == "W":
        return date.fromisocalendar(year, int(value[6:8]), 1)
    if gran == "M":
        return date(year, int(value[5:7]), 1)
    if gran == "Q":
        return date(year, 3 * (int(value[6]) - 1) + 1, 1)
    if gran == "H":
        return date(year, 1 if value[6] == "1" else 7, 1)
    return date(year, 1, 1)


def _offset_text(unit: str, n: int) -> str:
    if n == 0:
        return f"P0{unit}"
    return f"{'+' if n > 0 else '-'}P{abs(n)}{unit}"


@dataclass
class _Context:
    """What resolution needs beyond the spec: the anchor and the discourse so far."""

    anchor: date | None
    tense: Callable[[int, int], Tense]
    sentence_of: Callable[[int], tuple[int, int]]
    text: str
    ref: date | None = None  # last mentioned date (day or coarser)
    ref_gran: str | None = None
    ref_day: date | None = None  # last mentioned day
    ref_quarter: str | None = None  # last mentioned quarter value
    sentence_values: list[tuple[int, str]] | None = None


@dataclass(frozen=True)
class _Resolved:
    value: str | None
    anchor_used: str | None = None
    direction: str | None = None
    offset: str | None = None
    confidence: float = 1.0


PARTIAL_YEAR_DAYS = 120
"""How far on the wrong side of the anchor a month or month-day may lie before the
tense moves it to the previous or next year (TempEval-3 dev: past-tense mentions of
coming dates reach +98 days; past dates written as future do not occur)."""

_DEFAULT_DIRECTION = {"past": "past", "future": "future", "present": "past", None: "past"}
"""A bare weekday in a past-tense sentence is the last such day on or before the anchor,
in a future one the next on or after. Present tense and no verb ("Tuesday's talks") go
to the past: news reports what happened, and previews say "will" (measured on
TempEval-3 dev, see evaluation/temporal.py)."""


def _base(spec: _Spec, ctx: _Context) -> date | None:
    """The date a spec is relative to: the anchor, or for ``rel="ref"`` the last date the
    text mentioned at day precision (for days, weekdays and times of day) or at all."""
    if spec.rel != "ref" and spec.kind != "ref":
        return ctx.anchor
    daily = spec.kind in {"weekday", "overnight"} or (spec.gran or spec.unit) == "D"
    if daily:
        return ctx.ref_day or ctx.anchor
    return ctx.ref or ctx.anchor


def _resolve(spec: _Spec, start: int, end: int, ctx: _Context) -> _Resolved:
    kind = spec.kind
    if kind == "fixed":
        return _Resolved(spec.value, confidence=spec.confidence)
    base = _base(spec, ctx)
    if kind == "weekday":
        direction = spec.direction or _DEFAULT_DIRECTION[ctx.tense(start, end)]
        if base is None:
            return _Resolved(None, direction=direction, confidence=spec.confidence)
        d = resolve_weekday(base, spec.weekday or 1, direction)
        return _Resolved(
            d.isoformat() + spec.tod, base.isoformat(), direction, confidence=spec.confidence
        )
    if kind == "offset":
        offset = _offset_text(spec.unit, spec.n)
        if base is None:
            return _Resolved(None, offset=offset, confidence=spec.confidence)
        d = _shift(base, spec.unit, spec.n)
        if spec.month is not None:
            day = spec.day or 1
            if not _valid(d.year, spec.month, day):
                return _Resolved(None, offset=offset)
            d = date(d.year, spec.month, day)
        gran = spec.gran or spec.unit
        if spec.index is not None and gran in {"Q", "H"}:
            return _Resolved(
                f"{d.year:04d}-{gran}{spec.index}",
                base.isoformat(),
                offset=offset,
                confidence=spec.confidence,
            )
        return _Resolved(
            _fmt(d, gran) + spec.tod, base.isoformat(), offset=offset, confidence=spec.confidence
        )
    if kind == "overnight":
        tense = ctx.tense(start, end)
        before = tense in {"past", None}
        offset = "-P1D" if before else "P0D"
        if base is None:
            return _Resolved(None, offset=offset)
        d = base - timedelta(days=1) if before else base
        return _Resolved(
            d.isoformat() + spec.tod, base.isoformat(), offset=offset, confidence=spec.confidence
        )
    if kind == "ref":
        gran = spec.gran or "D"
        if base is None:
            return _Resolved(None, offset=_offset_text(gran, 0))
        return _Resolved(
            _fmt(base, gran) + spec.tod,
            base.isoformat(),
            offset=_offset_text(gran, 0),
            confidence=spec.confidence,
        )
    if base is None:
        return _Resolved(_underspecified(spec), confidence=spec.confidence)
    tense = ctx.tense(start, end)
    if kind == "partial":
        return _resolve_partial(spec, base, tense)
    if kind == "quarter":
        return _resolve_period(spec, base, tense, "Q")
    if kind == "half":
        return _resolve_period(spec, base, tense, "H")
    if kind == "season":
        return _resolve_season(spec, base, tense)
    if kind == "weekend":
        if spec.rel == "ref":
            saturday = resolve_weekday(base, 6, "future")
        elif spec.direction:
            saturday = resolve_weekday(base, 6, spec.direction)
        else:
            saturday = resolve_weekday(base, 6, "future" if tense in {"future"} else "past")
        year, week, _ = saturday.isocalendar()
        return _Resolved(f"{year:04d}-W{week:02d}-WE", base.isoformat(), confidence=0.8)
    if kind == "lastquarter":
        return _Resolved(
            _fmt(_last_quarter_end(ctx.anchor or base), "Q"),
            (ctx.anchor or base).isoformat(),
            confidence=spec.confidence,
        )
    if kind == "refquarter":
        last = _fmt(_last_quarter_end(ctx.anchor or base), "Q")
        quarter = ctx.ref_quarter if ctx.ref_quarter and ctx.ref_quarter <= last else last
        if spec.year is not None:
            return _Resolved(f"{spec.year:04d}-Q{quarter[-1]}", confidence=spec.confidence)
        year, q = int(quarter[:4]), int(quarter[-1])
        if spec.index == -1:  # the previous quarter
            q -= 1
            if q == 0:
                year, q = year - 1, 4
        year += spec.n
        return _Resolved(
            f"{year:04d}-Q{q}", (ctx.anchor or base).isoformat(), confidence=spec.confidence
        )
    if kind == "yearago":
        return _resolve_year_ago(spec, start, ctx, base)
    return _Resolved(None)


def _underspecified(spec: _Spec) -> str | None:
    """What a year-less expression states, with the unknown year as ``XXXX`` (TIMEX3)."""
    if spec.kind == "partial" and spec.month and not spec.holiday:
        if spec.gran == "W":
            return None
        day = f"-{spec.day:02d}" if spec.day else ""
        return f"XXXX-{spec.month:02d}{day}{spec.tod}"
    if spec.kind == "quarter":
        return f"XXXX-Q{spec.index}"
    if spec.kind == "half":
        return f"XXXX-H{spec.index}"
    if spec.kind == "season" and spec.index is not None:
        return f"XXXX-{_SEASON_ORDER[spec.index]}"
    return None


def _last_quarter_end(anchor: date) -> date:
    """A day in the last quarter that ended before ``anchor`` (the quarter being reported)."""
    return _add_months(date(anchor.year, 3 * ((anchor.month - 1) // 3) + 1, 1), -3)


def _resolve_partial(spec: _Spec, base: date, tense: Tense) -> _Resolved:
    def on(year: int) -> date | None:
        if spec.holiday:
            return _holiday_date(_HOLIDAYS[spec.holiday], year)
        day = spec.day or 1
        if not _valid(year, spec.month or 1, day):
            return None
        return date(year, spec.month or 1, day)

    options = [(y, on(y)) for y in (base.year - 1, base.year, base.year + 1)]
    options = [(y, d) for y, d in options if d is not None]
    coarse_base = base if spec.day or spec.holiday else date(base.year, base.month, 1)
    same = next((d for y, d in options if y == base.year), options[0][1])
    direction = spec.direction
    if spec.weekday is not None:
        # "Monday, Oct. 26": the year in which that day is a Monday, nearest first.
        fits = [d for _, d in options if d.isoweekday() == spec.weekday]
        chosen = min(fits or [same], key=lambda d: abs((d - base).days))
    elif direction == "this":
        chosen = same
    elif direction in {"before", "after"}:
        fits = [
            d for _, d in options if (d < coarse_base if direction == "before" else d > coarse_base)
        ]
        chosen = (max(fits) if direction == "before" else min(fits)) if fits else same
    else:
        # The same year unless the tense clearly says otherwise: a past-tense "Oct. 23"
        # written in May is last October, but the tense of a date near the anchor is
        # often the reporting verb's ("said ... payable Nov. 17"), so a date is only
        # moved when it lies more than PARTIAL_YEAR_DAYS away on the wrong side.
        gap = (same - coarse_base).days
        chosen = same
        if tense == "past" and gap > PARTIAL_YEAR_DAYS:
            chosen = next(d for y, d in options if y == base.year - 1)
        elif tense == "future" and gap < -PARTIAL_YEAR_DAYS:
            chosen = next(d for y, d in options if y == base.year + 1)
        elif tense not in {"past", "future"} and abs(gap) > 183:
            chosen = min((d for _, d in options), key=lambda d: abs((d - coarse_base).days))
    gran = spec.gran if spec.gran == "W" else "D" if (spec.day or spec.holiday) else "M"
    value = _fmt(chosen, gran) + spec.tod
    confidence = spec.confidence * (1.0 if tense or spec.direction else 0.9)
    return _Resolved(value, base.isoformat(), direction=spec.direction, confidence=confidence)


def _resolve_period(spec: _Spec, base: date, tense: Tense, gran: str) -> _Resolved:
    index = spec.index or 1
    size = 3 if gran == "Q" else 6
    current = (base.month - 1) // size + 1
    year = base.year
    if index > current and tense != "future":
        year -= 1
    elif index < current - (1 if gran == "Q" else 0) and tense == "future":
        year += 1  # "the first quarter" ahead, said in October: next year's
    return _Resolved(f"{year:04d}-{gran}{index}", base.isoformat(), confidence=spec.confidence)


def _season_now(d: date) -> tuple[int, int]:
    """(season year, season index) of a date; January and February belong to the winter
    that began the year before."""
    if d.month in (1, 2):
        return d.year - 1, 3
    return d.year, {3: 0, 4: 0, 5: 0, 6: 1, 7: 1, 8: 1, 9: 2, 10: 2, 11: 2, 12: 3}[d.month]


def _resolve_season(spec: _Spec, base: date, tense: Tense) -> _Resolved:
    year, current = _season_now(base)
    s = spec.index or 0
    direction = spec.direction
    if direction is None or direction == "ref":
        direction = {"past": "past", "future": "future"}.get(tense or "", "this")
    if direction == "before":
        year = year if s < current else year - 1
    elif direction == "past":
        year = year if s <= current else year - 1
    elif direction == "after":
        year = year if s > current else year + 1
    elif direction == "future":
        year = year if s >= current else year + 1
    return _Resolved(f"{year:04d}-{_SEASON_ORDER[s]}", base.isoformat(), confidence=spec.confidence)


def _resolve_year_ago(spec: _Spec, start: int, ctx: _Context, base: date) -> _Resolved:
    """A year before: at the granularity of the sentence's last date, else a quarter when
    the sentence is about one (financial reporting), else the year."""
    s_start, _ = ctx.sentence_of(start)
    prior = [v for pos, v in (ctx.sentence_values or []) if s_start <= pos < start]
    # "from Sept. 30 a year earlier", "in 1995; a year earlier": the sentence's own date.
    # "a year ago" counts from the anchor, so only a period (a quarter) is shifted.
    usable = {"Q", "M", "D", "H", "Y"} if spec.rel == "ref" else {"Q", "H"}
    for value in reversed(prior):
        gran = _gran_of(value)
        if gran in usable:
            d = _date_of(value)
            if d is not None:
                shifted = _shift(d, "Y", spec.n)
                return _Resolved(
                    _fmt(shifted, gran), value, offset=_offset_text("Y", spec.n), confidence=0.7
                )
    sentence = ctx.text[s_start : ctx.sentence_of(start)[1]]
    anchor = ctx.anchor or base
    if ctx.ref_quarter or re.search(r"\bquarter|\bquarterly\b", sentence, re.I):
        # Financial reporting: results "a year earlier" are the same quarter last year.
        last = _fmt(_last_quarter_end(anchor), "Q")
        quarter = ctx.ref_quarter if ctx.ref_quarter and ctx.ref_quarter <= last else last
        return _Resolved(
            f"{int(quarter[:4]) + spec.n:04d}-Q{quarter[-1]}",
            anchor.isoformat(),
            offset=_offset_text("Y", spec.n),
            confidence=0.6,
        )
    return _Resolved(
        f"{anchor.year + spec.n:04d}",
        anchor.isoformat(),
        offset=_offset_text("Y", spec.n),
        confidence=0.8,
    )


# -- the tagger ---------------------------------------------------------------------------------


def _sentence_finder(text: str, spacy_doc: Any | None) -> Callable[[int], tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    if spacy_doc is not None and spacy_doc.has_annotation("SENT_START"):
        bounds = [(s.start_char, s.end_char) for s in spacy_doc.sents]
    if not bounds:
        pos = 0
        for m in re.finditer(r"[.!?]+[\"'”’]?\s+(?=[A-Z\"“‘'])|\n\s*\n", text):
            bounds.append((pos, m.end()))
            pos = m.end()
        bounds.append((pos, len(text)))
    starts = [b[0] for b in bounds]

    def sentence_of(offset: int) -> tuple[int, int]:
        import bisect

        i = max(0, bisect.bisect_right(starts, offset) - 1)
        return bounds[i]

    return sentence_of


@dataclass(frozen=True)
class TimexTagger:
    """Finds and normalises temporal expressions; the ``timex`` stage's callable.

    anchor_from_text (bool): for a document without ``published``, anchor on a date the
        text states with at least ``min_anchor_confidence`` (a dateline), see
        :func:`storyline.extract.dates.infer_document_date`.
    """

    stage_name: str = STAGE
    anchor_from_text: bool = False
    min_anchor_confidence: float = 0.85

    def __call__(self, batch: list[Document]) -> list[Document]:
        return [self.tag_document(doc) for doc in batch]

    def tag_document(self, doc: Document) -> Document:
        anchor = parse_anchor(doc.published)
        if anchor is None and self.anchor_from_text and doc.text:
            from storyline.extract.dates import infer_document_date

            guess = infer_document_date(doc.nlp_doc if doc.nlp_doc is not None else doc.text)
            if guess is not None and guess.confidence >= self.min_anchor_confidence:
                anchor = parse_anchor(guess.value)
        source = doc.nlp_doc if doc.nlp_doc is not None else doc.text
        found = find_timexes(source, anchor, doc_id=doc.id, stage_name=self.stage_name)
        return doc.evolve(timexes=tuple(found))


def find_timexes(
    text_or_doc: Any,
    anchor: date | datetime | str | None,
    *,
    doc_id: str = "",
    stage_name: str = STAGE,
) -> list[TimeExpr]:
    """Temporal expressions of a text (a string, or a spaCy ``Doc`` for tense from the parse).

    text_or_doc (str | spacy.tokens.Doc): the clean text, or its parse.
    anchor (date | str | None): the document date; None leaves anchored values unresolved
        and keeps their constraints (``weekday``, ``direction``, ``offset``).
    RETURNS (list[TimeExpr]): in text order, ``text == source[where.start:where.end]``.
    """
    if isinstance(text_or_doc, str):
        text, spacy_doc = text_or_doc, None
    else:
        text, spacy_doc = text_or_doc.text, text_or_doc
    anchor_date = parse_anchor(anchor)
    tense = _TenseFinder(text, spacy_doc)
    sentence_of = _sentence_finder(text, spacy_doc)
    ctx = _Context(anchor_date, tense, sentence_of, text, sentence_values=[])
    out: list[TimeExpr] = []
    current_sentence = (-1, -1)
    for cand in _select(_candidates(text)):
        sentence = sentence_of(cand.start)
        if sentence != current_sentence:
            current_sentence = sentence
            ctx.sentence_values = []
        resolved = _resolve(cand.spec, cand.start, cand.end, ctx)
        spec = cand.spec
        kind_type = spec.type
        if (
            resolved.value
            and "T" in resolved.value
            and kind_type == "DATE"
            and re.match(r"\d{4}-\d\d-\d\dT", resolved.value)
        ):
            kind_type = "TIME"
        out.append(
            TimeExpr(
                text=text[cand.start : cand.end],
                type=kind_type,
                value=resolved.value,
                where=Provenance(doc_id, cand.start, cand.end, stage_name),
                mod=spec.mod,
                anchor_used=resolved.anchor_used,
                weekday=spec.weekday,
                direction=resolved.direction,
                offset=resolved.offset,
                confidence=round(min(spec.confidence, resolved.confidence), 3),
            )
        )
        _remember(ctx, cand.start, resolved.value, spec)
    return out


def _remember(ctx: _Context, start: int, value: str | None, spec: _Spec) -> None:
    """Update the discourse reference with a resolved date value."""
    if not value or spec.type in {"DURATION", "SET"}:
        return
    plain = value.split("T")[0] if re.match(r"\d{4}-\d\d-\d\dT", value) else value
    gran = _gran_of(plain)
    if gran is None:
        return
    d = _date_of(plain)
    if d is None:
        return
    if ctx.sentence_values is not None:
        ctx.sentence_values.append((start, plain))
    if gran == "Q" and spec.kind in {"quarter", "fixed", "offset"}:
        ctx.ref_quarter = plain
    if spec.kind in {"ref", "refquarter", "yearago", "lastquarter"}:
        return
    ctx.ref, ctx.ref_gran = d, gran
    if gran == "D":
        ctx.ref_day = d


@stage(
    STAGE,
    defaults={"anchor_from_text": False, "min_anchor_confidence": 0.85},
    requires=("doc.parse",),
    produces=("doc.timexes",),
)
def make_timex(anchor_from_text: bool, min_anchor_confidence: float) -> TimexTagger:
    """Temporal expressions normalised TIMEX3-style against the publication date."""
    return TimexTagger(
        anchor_from_text=anchor_from_text, min_anchor_confidence=min_anchor_confidence
    )
