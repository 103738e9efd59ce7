"""Numbers in news text, normalised: counts with what they count, money, durations,
percentages and vague amounts kept as bounds.

:func:`find_quantities` takes a string or a spaCy ``Span``/``Doc`` and returns
:class:`~storyline.model.Quantity` records:

- **number words** and digits: "six", "One hundred and fifty", "2,000", "2.5", "11th";
  "a dozen" is 12, while "dozens", "hundreds", "thousands" are lower bounds (24, 200,
  2,000 with ``bound="min"``);
- **bounds**: "about", "around", "some", "roughly" give ``approx``; "more than", "over",
  "at least" give ``min``; "up to", "nearly", "almost", "fewer than", "within" give ``max``;
- **money** with a currency sign, code or word: "€800 billion" is 8e11 ``EUR``, "$2.5bn"
  2.5e9 ``USD``, "2.5 billion euro" 2.5e9 ``EUR``;
- **durations**: "two-and-a-half-hour" is 150 ``minute``, "90-minute" 90, "an hour and a
  half" 90, "one hour and thirty minutes" 90, "30-day" and "30 days" 30 ``day``, "three
  weeks" 21 ``day``; months and years keep their unit;
- **percentages**: "70%", "64 per cent"; fractions: "a third" is 33.3 ``percent``;
- **counts**: the noun counted ("six missiles" has ``what="missile"``; "23 seriously
  wounded Ukrainian soldiers" ``"soldier"``); a duration records the noun it modifies
  ("a 30-day ceasefire" has ``what="ceasefire"``).

Years ("in 2022"), days of the month ("March 11", "19 May"), clock times and numbers
inside names ("Mi-26", "G7") are not quantities.

With a spaCy span the counted noun comes from the parse (the head of the number) when
there is one; on a plain string it is the last word of the noun phrase after the number.
Shared by the events and claims extractors: keep it general.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from storyline.extract.timex import could_match, lowered_for_filter, required_words
from storyline.model import Provenance, Quantity

__all__ = ["find_quantities", "parse_number", "singular"]

# -- vocabularies -------------------------------------------------------------------------

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}
SCALE_ABBREV = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000,
                "bn": 1_000_000_000, "b": 1_000_000_000, "tn": 1_000_000_000_000,
                "trn": 1_000_000_000_000}
# Vague plurals: the smallest amount the word can mean.
VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2_000,
         "millions": 2_000_000, "billions": 2_000_000_000}
FRACTIONS = {"half": 50.0, "third": 100 / 3, "quarter": 25.0, "fifth": 20.0,
             "two-thirds": 200 / 3, "three-quarters": 75.0}

BOUND_WORDS = [
    # (phrase, bound); longest first when matching
    ("more than", "min"), ("greater than", "min"), ("in excess of", "min"),
    ("at least", "min"), ("upwards of", "min"), ("no fewer than", "min"),
    ("no less than", "min"), ("over", "min"), ("above", "min"), ("exceeding", "min"),
    ("up to", "max"), ("at most", "max"), ("no more than", "max"), ("fewer than", "max"),
    ("less than", "max"), ("under", "max"), ("nearly", "max"), ("almost", "max"),
    ("just under", "max"), ("within", "max"), ("as many as", "max"),
    ("about", "approx"), ("around", "approx"), ("approximately", "approx"),
    ("roughly", "approx"), ("some", "approx"), ("an estimated", "approx"),
    ("estimated", "approx"), ("close to", "approx"), ("nearly all", "approx"),
    ("approx.", "approx"), ("circa", "approx"), ("~", "approx"),
]
_BOUND_RE = re.compile(
    r"(?:(?<=\s)|^)(" + "|".join(re.escape(p) for p, _ in
                                  sorted(BOUND_WORDS, key=lambda x: -len(x[0]))) + r")\s*$",
    re.IGNORECASE,
)
_BOUND = {p.lower(): b for p, b in BOUND_WORDS}

CURRENCY_SIGNS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "₽": "RUB", "₴": "UAH",
                  "US$": "USD", "A$": "AUD", "C$": "CAD"}
CURRENCY_WORDS = {
    "euro": "EUR", "euros": "EUR", "eur": "EUR", "dollar": "USD", "dollars": "USD",
    "usd": "USD", "pound": "GBP", "pounds sterling": "GBP", "sterling": "GBP",
    "gbp": "GBP", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB",
    "rub": "RUB", "hryvnia": "UAH", "hryvnias": "UAH", "hryvnia's": "UAH", "uah": "UAH",
    "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "cny": "CNY", "rupee": "INR",
    "rupees": "INR", "swiss franc": "CHF", "swiss francs": "CHF", "chf": "CHF",
    "jpy": "JPY",
}
TIME_UNITS = {
    # word: (unit, factor)
    "second": ("minute", 1 / 60), "seconds": ("minute", 1 / 60),
    "minute": ("minute", 1), "minutes": ("minute", 1), "min": ("minute", 1),
    "mins": ("minute", 1),
    "hour": ("minute", 60), "hours": ("minute", 60), "hr": ("minute", 60),
    "hrs": ("minute", 60),
    "day": ("day", 1), "days": ("day", 1), "week": ("day", 7), "weeks": ("day", 7),
    "fortnight": ("day", 14), "fortnights": ("day", 14),
    "month": ("month", 1), "months": ("month", 1), "year": ("year", 1),
    "years": ("year", 1), "decade": ("year", 10), "decades": ("year", 10),
}
MEASURES = {
    "ton": "ton", "tons": "ton", "tonne": "ton", "tonnes": "ton", "kg": "kg",
    "kilogram": "kg", "kilograms": "kg", "km": "km", "kilometre": "km", "kilometres": "km",
    "kilometer": "km", "kilometers": "km", "mile": "mile", "miles": "mile", "metre": "m",
    "metres": "m", "meter": "m", "meters": "m", "barrel": "barrel", "barrels": "barrel",
}
PERCENT_WORDS = ("per cent", "percent", "percentage points", "%")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MONTHS = _words(
    "january february march april may june july august september october november "
    "december jan feb mar apr jun jul aug sep sept oct nov dec"
)

# Words that end the noun phrase after a number (the counted noun is before them).
_STOP = _words(
    "and or but nor of in on at to from for with by into onto over under after before "
    "since during until while as than that which who whom whose when where the a an "
    "this these those its their his her our your my is are was were be been being has "
    "have had will would shall should can could may might must do does did not no per "
    "each every overnight today yesterday tonight ago earlier later last next this "
    "week alone altogether total apiece so too also only just still already there "
    "here said says say according if unless because though although"
)
_NOT_HEAD = _words(
    "more less fewer most least other others such same own"
)
_IRREGULAR = {"people": "people", "children": "child", "men": "man", "women": "woman",
              "personnel": "personnel", "police": "police", "staff": "staff",
              "troops": "troop", "casualties": "casualty", "lives": "life",
              "aircraft": "aircraft", "sheep": "sheep", "series": "series",
              "species": "species", "news": "news", "wounded": "wounded",
              "dead": "dead", "injured": "injured", "missing": "missing"}


_ADJECTIVAL = {"wounded", "dead", "injured", "missing", "killed", "captured"}


def singular(word: str) -> str:
    """A plural English noun's singular, by rule ("missiles" -> "missile")."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) <= 3 or not w.endswith("s") or w.endswith("ss") or w.endswith("us"):
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if re.search(r"(ches|shes|xes|zes|sses)$", w):
        return w[:-2]
    return w[:-1]


# -- number parsing -------------------------------------------------------------------------

_WORD = r"[A-Za-z]+"
_NUMBER_WORDS = sorted(list(UNITS) + list(TENS) + list(SCALES) + ["a", "an", "and"],
                       key=len, reverse=True)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDNUM_TOKEN = r"(?:" + "|".join(list(UNITS) + list(TENS) + list(SCALES)) + r")"
# A spelled-out number: "One hundred and fifty", "twenty-three", "two and a half".
_WORDNUM = (
    rf"(?:{_WORDNUM_TOKEN})(?:(?:[\s-]+|\s+and\s+|-and-)(?:{_WORDNUM_TOKEN}))*"
    r"(?:(?:\s+and\s+|-and-)an?(?:\s+|-)half)?"
)


def parse_number(text: str) -> float | None:
    """The value of a number written in digits or words ("2,000", "one hundred and
    fifty", "two-and-a-half", "2.5bn"); None when it is not a number."""
    t = text.strip().lower().replace("\u2009", "").replace("\xa0", " ")
    if not t:
        return None
    m = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?)\s*([a-z]+)?", t)
    if m:
        try:
            value = float(m.group(1).replace(",", ""))
        except ValueError:
            return None
        suffix = m.group(2)
        if suffix:
            factor = SCALE_ABBREV.get(suffix) or SCALES.get(suffix)
            if factor is None:
                return None
            value *= factor
        return value
    half = 0.0
    hm = re.search(r"(?:\s+and\s+|-and-)an?(?:\s+|-)half$", t)
    if hm:
        half = 0.5
        t = t[: hm.start()]
    words = [w for w in re.split(r"[\s-]+", t) if w and w != "and"]
    if not words:
        return None
    if words[0] in ("a", "an"):
        words[0] = "one"
    total = 0.0
    current = 0.0
    seen = False
    for w in words:
        if w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in SCALES:
            total += (current or 1) * SCALES[w]
            current = 0.0
        else:
            return None
        seen = True
    if not seen:
        return None
    value = total + current
    if half:
        value += half if value < 100 else 0
    return value


# -- the scanner ----------------------------------------------------------------------------

_SIGN = r"(?:US\$|A\$|C\$|[€$£¥₽₴])"
_CODE = r"(?:EUR|USD|GBP|RUB|UAH|JPY|CNY|CHF)"
_SCALE_WORD = r"(?:hundred|thousand|million|billion|trillion|bn|mn|mln|tn|trn|m|b|k)"

# One combined pattern; named groups tell the kinds apart. Order matters: the longest
# and most specific forms come first.
_PATTERN = re.compile(
    rf"""
    (?P<money_sign>{_SIGN}\s?(?P<ms_num>{_DIGITS})(?:\s?(?P<ms_scale>{_SCALE_WORD})\b)?)
    | (?P<money_code>{_CODE}\s?(?P<mc_num>{_DIGITS})(?:\s?(?P<mc_scale>{_SCALE_WORD})\b)?)
    | (?P<hyphen>(?<![\w-])(?P<h_num>{_DIGITS}|{_WORDNUM})-(?P<h_unit>
          second|minute|hour|day|week|month|year|decade|mile|kilometre|kilometer|km|ton|tonne
        )(?:-(?P<h_old>old|long))?(?![\w-]))
    | (?P<hour_and>(?<!\w)(?P<ha_num>an?|one|two|three|four|five|six|\d+)\s+hours?\s+and\s+
          (?:(?P<ha_half>a\s+half)|(?P<ha_min>{_WORDNUM}|\d+)\s+minutes?)(?!\w))
    | (?P<vague>(?<!\w)(?:(?P<v_tens>tens|hundreds)\s+of\s+)?
          (?P<v_word>dozens|scores|hundreds|thousands|millions|billions)(?!\w))
    | (?P<dozen>(?<!\w)(?:a|one|two|three|half\s+a)\s+dozen(?!\w))
    | (?P<fraction>(?<!\w)(?:a|one)[\s-](?P<f_word>half|third|quarter|fifth)(?!\w)
          |(?<!\w)(?P<f_word2>two-thirds|three-quarters)(?!\w))
    | (?P<ordinal>(?<![\w.,])(?P<o_num>\d+)(?:st|nd|rd|th)(?!\w))
    | (?P<half_hour>(?<!\w)half\s+an\s+hour(?!\w))
    | (?P<number>(?<![\w.,/:-])(?P<n_num>{_DIGITS})(?:\s?(?P<n_scale>{_SCALE_WORD})\b)?
          (?![\w/:]|[.,]\d|-\w))
    | (?P<wordnum>(?<![\w-])(?P<w_num>{_WORDNUM})(?![\w-]))
    """,
    re.VERBOSE | re.IGNORECASE,
)


# Words one of which (or a digit) every match of _PATTERN holds.
_NEEDS = required_words(_PATTERN)


@dataclass
class _Found:
    start: int
    end: int
    value: float
    unit: str | None = None
    what: str | None = None
    bound: str = "exact"
    head_end: int = 0  # where the number (with unit) ends, for the counted noun


def _word_after(text: str, pos: int) -> re.Match[str] | None:
    return re.compile(r"\s*([A-Za-z][A-Za-z'’-]*)").match(text, pos)


def _bound_before(text: str, start: int) -> tuple[int, str] | None:
    window = text[max(0, start - 24) : start]
    m = _BOUND_RE.search(window)
    if not m:
        return None
    return start - (len(window) - m.start(1)), _BOUND[m.group(1).lower()]


def _is_year(raw: str, text: str, start: int, end: int) -> bool:
    if not re.fullmatch(r"1[89]\d\d|20\d\d|21\d\d", raw):
        return False
    after = _word_after(text, end)
    nxt = after.group(1).lower() if after else ""
    # "2000 soldiers" is a count; "in 2022", "2022 campaign" are years.
    return not (nxt and singular(nxt) != nxt and nxt not in _STOP and nxt not in MONTHS)


def _is_day_of_month(text: str, start: int, end: int, raw: str) -> bool:
    if not re.fullmatch(r"\d{1,2}", raw) or int(raw) > 31:
        return False
    before = re.search(r"([A-Za-z]+)\.?\s*$", text[max(0, start - 12) : start])
    if before and before.group(1).lower() in MONTHS:
        return True
    after = _word_after(text, end)
    return bool(after and after.group(1).lower().rstrip(",") in MONTHS)


def _counted_noun(text: str, pos: int) -> tuple[str | None, int]:
    """The head of the noun phrase starting at ``pos`` and where it ends."""
    head = None
    head_end = pos
    cursor = pos
    for _ in range(5):
        m = re.compile(r"[ \t]*([A-Za-z][A-Za-z'’-]*|\"[^\"]{1,20}\"|“[^”]{1,20}”)").match(
            text, cursor)
        if not m:
            break
        word = m.group(1)
        low = word.lower()
        if low in _STOP or low in MONTHS:
            break
        if word[0] in "\"“":
            cursor = m.end()
            continue
        if low.endswith("ly") and low not in ("family", "ally", "rally", "assembly"):
            cursor = m.end()
            continue
        if low in _NOT_HEAD:
            break
        head = low
        head_end = m.end()
        cursor = m.end()
        if text[cursor : cursor + 1] in ",;:.!?)":
            break
        if low in _ADJECTIVAL:
            continue  # "23 wounded soldiers"; alone ("23 wounded.") it stays the head
        if low in _IRREGULAR or singular(low) != low:
            break  # the first plural noun heads a counted phrase ("23 wounded soldiers")
    if head and re.fullmatch(r"[a-z]+(ing|ed)", head) and head not in _IRREGULAR:
        return None, pos
    # "prisoners of war", "tons of grain": take the "of" complement for measures.
    return head, head_end


def _measure_of(text: str, pos: int) -> str | None:
    """The noun after "of" ("tons of emergency food aid" -> "aid")."""
    m = re.compile(r"\s+of\b").match(text, pos)
    if not m:
        return None
    noun, _ = _counted_noun(text, m.end())
    return singular(noun) if noun else None


def _scan(text: str) -> list[_Found]:
    found: list[_Found] = []
    for m in _PATTERN.finditer(text):
        start, end = m.span()
        kind = m.lastgroup
        f: _Found | None = None
        if kind == "money_sign" or kind == "money_code":
            raw = m.group("ms_num") if kind == "money_sign" else m.group("mc_num")
            scale = m.group("ms_scale") if kind == "money_sign" else m.group("mc_scale")
            value = parse_number(raw + (scale or ""))
            if value is None:
                continue
            token = m.group(0)[: m.group(0).find(raw)].strip()
            unit = CURRENCY_SIGNS.get(token) or token.upper()
            f = _Found(start, end, value, unit)
        elif kind == "hyphen":
            value = parse_number(m.group("h_num"))
            if value is None:
                continue
            word = m.group("h_unit").lower()
            if word in TIME_UNITS:
                unit, factor = TIME_UNITS[word]
                f = _Found(start, end, value * factor, unit)
            else:
                f = _Found(start, end, value, MEASURES.get(word, word))
            after = end
            comma = re.match(r",\s+(?=[a-z])", text[end:])
            if comma:  # "the 30-day, unconditional ceasefire"
                after = end + comma.end()
            noun, _noun_end = _counted_noun(text, after)
            if noun and (not comma or _counted_noun(text, after)[1] > after):
                f.what = singular(noun)
        elif kind == "hour_and":
            hours = parse_number(m.group("ha_num"))
            if hours is None:
                continue
            minutes = 30.0 if m.group("ha_half") else parse_number(m.group("ha_min") or "")
            if minutes is None:
                continue
            f = _Found(start, end, hours * 60 + minutes, "minute")
        elif kind == "half_hour":
            f = _Found(start, end, 30.0, "minute")
        elif kind == "vague":
            word = m.group("v_word").lower()
            value = float(VAGUE[word])
            if m.group("v_tens"):
                value *= 10 if m.group("v_tens").lower() == "tens" else 100
            f = _Found(start, end, value, bound="min")
            f.what = _measure_of(text, end)
            if f.what is None and word != "dozens":
                continue  # "thousands" alone is too vague to keep
            if f.what is None:
                f.what = None
        elif kind == "dozen":
            lead = m.group(0).lower().split()[0]
            factor = 0.5 if lead == "half" else (parse_number(lead) or 1)
            f = _Found(start, end, 12 * factor)
        elif kind == "fraction":
            word = (m.group("f_word") or m.group("f_word2")).lower()
            after = text[end : end + 4]
            if word == "half" and not re.match(r"\s+of\b", after):
                continue
            f = _Found(start, end, FRACTIONS[word], "percent")
            f.what = _measure_of(text, end)
        elif kind == "ordinal":
            f = _Found(start, end, float(m.group("o_num")), "ordinal")
            noun, _ = _counted_noun(text, end)
            f.what = singular(noun) if noun else None
        elif kind == "number":
            raw = m.group("n_num")
            scale = m.group("n_scale")
            if not scale and (_is_year(raw, text, start, end)
                              or _is_day_of_month(text, start, end, raw)):
                continue
            if re.match(r"\s*[:.]\d", text[end : end + 3]):
                continue  # clock time or section number
            value = parse_number(raw + (scale or ""))
            if value is None:
                continue
            f = _Found(start, end, value)
        elif kind == "wordnum":
            raw = m.group("w_num")
            if raw.lower() in ("a", "an", "and"):
                continue
            value = parse_number(raw)
            if value is None:
                continue
            # "one" is usually a pronoun or article ("one of", "no one", "the one").
            if raw.lower() == "one" and not _looks_counted(text, end):
                continue
            f = _Found(start, end, value)
        if f is None:
            continue
        f.head_end = f.end
        found.append(f)
    return found


def _looks_counted(text: str, end: int) -> bool:
    after = _word_after(text, end)
    if not after:
        return False
    w = after.group(1).lower()
    return w not in _STOP and w not in ("another", "side", "thing", "way", "day")


def _finish(text: str, f: _Found) -> _Found:
    """Attach the unit or counted noun after a bare number, and a bound before it."""
    if f.unit is None and f.what is None:
        tail = text[f.end :]
        pct = re.match(r"\s?(%|per\s?cent\b|percent\b)", tail, re.IGNORECASE)
        cur = re.match(r"\s?(" + "|".join(re.escape(w) for w in
                                          sorted(CURRENCY_WORDS, key=len, reverse=True))
                       + r")\b", tail, re.IGNORECASE)
        tm = re.match(r"\s+(" + "|".join(TIME_UNITS) + r")\b", tail, re.IGNORECASE)
        me = re.match(r"\s+(" + "|".join(MEASURES) + r")\b", tail, re.IGNORECASE)
        if pct:
            f.unit = "percent"
            f.end += pct.end()
        elif cur:
            f.unit = CURRENCY_WORDS[cur.group(1).lower()]
            f.end += cur.end()
        elif tm:
            unit, factor = TIME_UNITS[tm.group(1).lower()]
            f.value *= factor
            f.unit = unit
            f.end += tm.end()
            # "two hours" of talks: the duration's noun comes after "of"
            f.what = _measure_of(text, f.end)
        elif me:
            f.unit = MEASURES[me.group(1).lower()]
            f.end += me.end()
            f.what = _measure_of(text, f.end)
        else:
            noun, noun_end = _counted_noun(text, f.end)
            if noun in SCALES or noun == "per":
                noun = None
            if noun:
                f.what = singular(noun)
                f.end = noun_end
                if f.what in ("prisoner", "captive") or noun.endswith("s"):
                    pass
                war = re.match(r"\s+of\s+war\b", text[f.end :])
                if war and f.what in ("prisoner",):
                    f.what = "prisoner of war"
                    f.end += war.end()
    bound = _bound_before(text, f.start)
    if bound is not None and f.bound == "exact":
        b_start, kind = bound
        f.bound = kind
        f.start = b_start
    elif bound is not None and f.bound == "min":
        f.start = bound[0]
    return f


def _overlaps(a: _Found, b: _Found) -> bool:
    return a.start < b.end and b.start < a.end


def find_quantities(source: str | Any, *, doc_id: str | None = None,
                    stage: str = "quantities") -> list[Quantity]:
    """Every quantity in ``source``, in text order.

    source (str | Span | Doc): plain text, or a spaCy span/doc (offsets are then into
        the document's text, and the parse picks the counted noun).
    doc_id (str | None): with a span, also fill ``where`` with this document id.
    stage (str): the stage name recorded in ``where``.
    RETURNS (list[Quantity]): non-overlapping quantities with normalised values.
    """
    if isinstance(source, str):
        text, offset, span = source, 0, None
    else:
        span = source
        text = span.text
        offset = getattr(span, "start_char", 0)
    out = []
    for f_start, f_end, value, unit, what, bound in _kept(text):
        if span is not None and unit is None:
            what = _parsed_noun(span, offset + f_start, offset + f_end) or what
        start, end = offset + f_start, offset + f_end
        where = Provenance(doc_id, start, end, stage) if doc_id is not None else None
        out.append(Quantity(text=text[f_start:f_end], value=value, unit=unit,
                            what=what, bound=bound, start=start, end=end, where=where))
    return out


_Kept = tuple[int, int, float, str | None, str | None, str]


@lru_cache(maxsize=4096)
def _kept(text: str) -> tuple[_Kept, ...]:
    """The text reading of ``text``: non-overlapping finds, as immutable tuples.

    It depends on the text alone, and the events, claims and signals stages each read
    the same sentence (as a span or a string), so it is computed once per text.
    """
    if not could_match(_NEEDS, lowered_for_filter(text), {}):
        return ()  # no digit and no number word: nothing for the scanner to find
    items = [_finish(text, f) for f in _scan(text)]
    kept: list[_Found] = []
    for f in sorted(items, key=lambda x: (x.start, -(x.end - x.start))):
        if any(_overlaps(f, k) for k in kept):
            continue
        kept.append(f)
    return tuple((f.start, f.end, _round(f.value), f.unit, f.what, f.bound) for f in kept)


def _round(value: float) -> float:
    rounded = round(value, 6)
    return float(int(rounded)) if rounded == int(rounded) else rounded


def _parsed_noun(span: Any, start: int, end: int) -> str | None:
    """The noun a number token modifies in the parse (``nummod`` head), singular."""
    doc = span.doc if hasattr(span, "doc") else span
    if not doc.has_annotation("DEP"):
        return None
    first = span.start if doc is not span else 0
    for tok in _tokens_in(doc, start, end, first):
        if tok.like_num and tok.dep_ == "nummod" and tok.head.pos_ in ("NOUN", "PROPN"):
            head = tok.head
            if head.lower_ in SCALES:
                continue
            if head.idx >= end or head.idx < start:
                # the parse's head lies outside what the text reading took: trust the text
                return None
            return singular(head.lemma_ if head.pos_ == "NOUN" else head.text)
    return None


def _tokens_in(doc: Any, start: int, end: int, first: int = 0) -> Iterable[Any]:
    """Tokens of ``doc`` that begin in ``[start, end)``, from token ``first`` on.

    ``first`` is the start of the span the characters lie in: no earlier token can
    begin at or after ``start``, so walking from the document's start (once per number)
    only cost time.
    """
    for i in range(first, len(doc)):
        tok = doc[i]
        if tok.idx >= end:
            break
        if tok.idx >= start:
            yield tok
