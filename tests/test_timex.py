"""The timex stage: temporal expressions found and normalised TIMEX3-style.

Most tests tag plain strings (tense then comes from a lexical look at the sentence, no
model needed); the ones that need the dependency parse carry the ``model`` marker.
Dates are in 2031 (the example corpus's calendar): 10 March 2031 is a Monday.
"""

from __future__ import annotations

import pytest

from storyline.extract.timex import (
    TimexTagger,
    find_timexes,
    parse_anchor,
    resolve_weekday,
)
from storyline.model import Document, Provenance, TimeExpr

MON, TUE, WED, THU = "2031-03-10", "2031-03-11", "2031-03-12", "2031-03-13"


def values(text: str, anchor: str | None = WED) -> list[tuple[str, str | None]]:
    return [(t.text, t.value) for t in find_timexes(text, anchor)]


def one(text: str, anchor: str | None = WED) -> TimeExpr:
    found = find_timexes(text, anchor)
    assert len(found) == 1, [(t.text, t.value) for t in found]
    return found[0]


# -- weekdays: the news conventions --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        # past tense: the most recent such day on or before the document date ...
        ("The ministers met on Tuesday.", THU, "2031-03-11"),
        # ... which may be the document date itself
        ("The ministers met on Thursday.", THU, "2031-03-13"),
        # future or scheduled: the next one
        ("The ministers will meet on Tuesday.", THU, "2031-03-18"),
        ("Vell and Kasharin are scheduled to speak by telephone on Tuesday.", MON, TUE),
        # last / next: strictly before / after, whatever the tense
        ("Ardenia accepted the plan last Thursday.", MON, "2031-03-06"),
        ("Ardenia accepted the plan last Monday.", MON, "2031-03-03"),
        ("The delegations meet again next Thursday.", MON, "2031-03-13"),
        # machine-translated lower case
        ("the talks began on tuesday", WED, TUE),
    ],
)
def test_weekdays_follow_tense(text: str, anchor: str, expected: str) -> None:
    assert one(text, anchor).value == expected


def test_weekday_records_its_constraint() -> None:
    t = one("Lutheria said on Tuesday that it was ready.", WED)
    assert (t.weekday, t.direction, t.anchor_used) == (2, "past", WED)
    assert t.type == "DATE"


def test_weekday_with_part_of_day_is_a_time() -> None:
    t = one("The talks resumed on Friday morning.", "2031-04-05")
    assert (t.text, t.type, t.value) == ("Friday morning", "TIME", "2031-04-04TMO")


def test_weekday_with_calendar_date_picks_the_matching_year() -> None:
    # 9 March is a Sunday in 2031, not in 2030 or 2032.
    t = one("The summit was held on Sunday, March 9.", WED)
    assert (t.text, t.value, t.weekday) == ("Sunday, March 9", "2031-03-09", 7)


def test_every_weekday_is_a_set() -> None:
    assert one("The council meets every Monday.").value == "XXXX-WXX-1"
    each = one("They swapped 150 prisoners each on Saturday.", "2031-04-19")
    assert (each.type, each.value) == ("DATE", "2031-04-19")


def test_resolve_weekday_directions() -> None:
    mon = parse_anchor(MON)
    assert mon is not None
    assert resolve_weekday(mon, 1, "past").isoformat() == MON
    assert resolve_weekday(mon, 1, "before").isoformat() == "2031-03-03"
    assert resolve_weekday(mon, 1, "future").isoformat() == MON
    assert resolve_weekday(mon, 1, "after").isoformat() == "2031-03-17"


# -- relative expressions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He arrived yesterday.", ("yesterday", "2031-03-11")),
        ("He leaves tomorrow.", ("tomorrow", "2031-03-13")),
        ("Talks continue today.", ("today", WED)),
        ("The talks collapsed two days ago.", ("two days ago", "2031-03-10")),
        ("A decision is expected next week.", ("next week", "2031-W12")),
        ("Sanctions were tightened this week.", ("this week", "2031-W11")),
        ("The envoy will return next month.", ("next month", "2031-04")),
        ("The war began last year.", ("last year", "2030")),
        ("The offensive began three weeks ago.", ("three weeks ago", "2031-W08")),
        ("The truce held until a year ago.", ("a year ago", "2030")),
        ("Fighting was heavy last night.", ("last night", "2031-03-11TNI")),
        ("The envoy left this morning.", ("this morning", "2031-03-12TMO")),
        ("Both sides exchanged fire overnight, the army said.", ("overnight", "2031-03-11TNI")),
        ("Now the front is quiet.", ("Now", "PRESENT_REF")),
        ("The two sides have recently softened.", ("recently", "PAST_REF")),
        ("Talks may resume in the future.", ("the future", "FUTURE_REF")),
        ("The ceasefire was agreed last summer.", ("last summer", "2030-SU")),
    ],
)
def test_relative_expressions(text: str, expected: tuple[str, str]) -> None:
    t = one(text)
    assert (t.text, t.value) == expected
    assert t.anchor_used in {WED, None}


def test_later_this_month_keeps_its_modifier() -> None:
    t = one("A third call may follow later this month.")
    assert (t.text, t.value, t.mod) == ("later this month", "2031-03", "END")


def test_relative_to_the_last_mentioned_date() -> None:
    found = values("The talks opened on April 3, 2031. A day later they collapsed.")
    assert found == [("April 3, 2031", "2031-04-03"), ("A day later", "2031-04-04")]


def test_offsets_are_recorded() -> None:
    t = one("The talks collapsed two days ago.")
    assert (t.offset, t.anchor_used) == ("-P2D", WED)
    assert one("A decision is expected next week.").offset == "+P1W"


# -- explicit dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The call on March 11, 2031 lasted long.", ("March 11, 2031", "2031-03-11")),
        ("The call on 11 March 2031 lasted long.", ("11 March 2031", "2031-03-11")),
        ("It was signed on 2031-03-11.", ("2031-03-11", "2031-03-11")),
        ("It was signed on 11.03.2031.", ("11.03.2031", "2031-03-11")),
        ("The war began in September 2029.", ("September 2029", "2029-09")),
        ("Elections were held in 2029.", ("2029", "2029")),
        ("Prices rose in the 1990s.", ("the 1990s", "199")),
        ("Profit fell in the third quarter of 2030.", ("the third quarter of 2030", "2030-Q3")),
    ],
)
def test_explicit_dates(text: str, expected: tuple[str, str]) -> None:
    t = one(text)
    assert (t.text, t.value) == expected
    assert t.anchor_used is None  # stated in full: nothing was inferred


def test_year_of_a_month_day_follows_tense_but_only_when_far() -> None:
    # Written 12 March: a past "Oct. 23" is last October; a past "March 20" stays.
    assert one("The first round ended on Oct. 23.").value == "2030-10-23"
    assert one("He said the talks opened March 20.").value == "2031-03-20"
    assert one("The halt expires on 10 May.", "2031-04-04").value == "2031-05-10"
    assert one("Talks resumed in November.").value == "2030-11"


def test_non_dates_are_left_alone() -> None:
    assert values("The talks may resume. Theresa May spoke in Samberg.") == []
    assert values("A 44-year-old man was arrested; 2000 people marched.") == []
    assert values("Shares rose 1.5% to 1,998 points.") == []


# -- durations and sets --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The call lasted 90 minutes.", ("90 minutes", "PT90M")),
        ("The call lasted an hour and a half.", ("an hour and a half", "PT1H30M")),
        ("They agreed a 30-day ceasefire.", ("30-day", "P30D")),
        ("Thousands fled over the three years of siege.", ("the three years", "P3Y")),
        ("Korrel warned of sanctions within weeks.", ("weeks", "PXW")),
        ("The siege lasted nearly two months.", ("nearly two months", "P2M")),
        ("Drones flew every day.", ("every day", "P1D")),
    ],
)
def test_durations_and_sets(text: str, expected: tuple[str, str]) -> None:
    t = one(text)
    assert (t.text, t.value) == expected
    assert t.type in {"DURATION", "SET"}


# -- no document date ------------------------------------------------------------------------


def test_undated_document_keeps_constraints_instead_of_inventing_dates() -> None:
    found = {t.text: t for t in find_timexes(
        "Lutheria said on Tuesday, a day after Monday's call, that talks ended two days "
        "ago. The first call was on March 11.",
        None,
    )}  # fmt: skip
    tuesday = found["Tuesday"]
    assert (tuesday.value, tuesday.weekday, tuesday.direction) == (None, 2, "past")
    assert (found["Monday"].value, found["Monday"].weekday) == (None, 1)
    assert (found["two days ago"].value, found["two days ago"].offset) == (None, "-P2D")
    # A year-less date keeps what the text states, TIMEX3-style.
    assert found["March 11"].value == "XXXX-03-11"
    assert all(t.anchor_used is None for t in found.values())


# -- provenance, the stage, the store --------------------------------------------------------

NEWS = (
    "DRASK, March 11 (Northern Wire) - Boravian President Radomir Kasharin refused on "
    "Tuesday to agree to a full 30-day ceasefire, after a 90-minute call. The war began "
    "18 months ago. Delegations will meet in Samberg next week, and a decision is due "
    "by the end of March. Last night drones struck Vessa."
)


def test_every_span_cites_the_text() -> None:
    found = find_timexes(NEWS, "2031-03-11", doc_id="d1", stage_name="timex")
    assert len(found) >= 7
    for t in found:
        assert NEWS[t.where.start : t.where.end] == t.text
        assert t.where.doc_id == "d1" and t.where.stage == "timex"
        assert t.type in {"DATE", "TIME", "DURATION", "SET"}
        assert 0.0 < t.confidence <= 1.0


def test_stage_uses_the_publication_date() -> None:
    doc = Document.from_text(NEWS, text=NEWS, published="2031-03-11T21:40")
    (done,) = TimexTagger()([doc])
    by_text = {t.text: t.value for t in done.timexes}
    assert by_text["Tuesday"] == "2031-03-11"
    assert by_text["March 11"] == "2031-03-11"
    assert by_text["next week"] == "2031-W12"
    assert all(t.where.doc_id == doc.id for t in done.timexes)


def test_stage_without_a_date_leaves_relative_values_open() -> None:
    doc = Document.from_text(NEWS, text=NEWS)
    (done,) = TimexTagger()([doc])
    by_text = {t.text: t for t in done.timexes}
    assert by_text["Tuesday"].value is None and by_text["Tuesday"].weekday == 2
    assert by_text["March 11"].value == "XXXX-03-11"


def test_stage_can_anchor_on_a_dateline_when_asked() -> None:
    text = "Samberg, 3 April 2031. The talks opened on Thursday."
    doc = Document.from_text(text, text=text)
    (done,) = TimexTagger(anchor_from_text=True)([doc])
    assert [t.value for t in done.timexes] == ["2031-04-03", "2031-04-03"]


def test_stage_is_registered_after_parse() -> None:
    from storyline.config import load_config
    from storyline.registry import get_stage

    spec = get_stage("timex")
    assert spec.requires == ("doc.parse",) and spec.produces == ("doc.timexes",)
    names = load_config().stage_names
    assert names.index("timex") == names.index("parse") + 1


def test_timexes_round_trip_through_the_store(store) -> None:
    text = "Talks ended on Tuesday, two days ago."
    doc = Document.from_text(text, name="t.txt")
    store.add_document(doc)
    found = tuple(find_timexes(text, "2031-03-13", doc_id=doc.id))
    analysed = doc.evolve(text=text, published="2031-03-13", timexes=found)
    store.save_analysis(analysed, "cfg")
    (loaded,) = store.load([doc.id])
    assert loaded.timexes == found
    assert [loaded.span(t.where) for t in loaded.timexes] == ["Tuesday", "two days ago"]


def test_provenance_type() -> None:
    t = one("He arrived yesterday.")
    assert isinstance(t.where, Provenance)


# -- with the dependency parse ---------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp():
    from storyline.nlp.build import load_nlp

    return load_nlp()


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        # The reporting verb is past though the clause is future: the weekday is the
        # day of the saying (a lexical look at the sentence would see "will").
        ("She said on Tuesday that she will resign.", THU, "2031-03-11"),
        ("The team planned to leave Nairobi on Thursday.", MON, "2031-03-13"),
        ("It had been due to expire on Friday.", MON, "2031-03-07"),
        ("Officials have scheduled a news conference Thursday.", MON, "2031-03-13"),
        ("In Monday's call, Kasharin softened.", WED, "2031-03-10"),
    ],
)
def test_tense_from_the_parse(nlp, text: str, anchor: str, expected: str) -> None:
    found = [t for t in find_timexes(nlp(text), anchor) if t.weekday]
    assert [t.value for t in found] == [expected]


# -- the rule pre-filter: skipping a rule must never lose a match ---------------------------


def test_every_match_holds_a_required_word_of_each_set() -> None:
    from storyline.extract import timex

    assert len(timex._RULE_NEEDS) == len(timex._RULES)
    assert sum(bool(needs) for needs in timex._RULE_NEEDS) > len(timex._RULES) // 2
    matched = 0
    for (name, pattern, _handler), needs in zip(timex._RULES, timex._RULE_NEEDS, strict=True):
        for words in needs:
            assert words and all(w == timex.DIGIT or (w.isascii() and w == w.lower())
                                 for w in words), name
        for text in (_VARIED, _VARIED.upper()):
            for m in pattern.finditer(text):
                low = m.group().lower()
                assert all(any(w in low or (w == timex.DIGIT and any(ch.isdigit() for ch in low))
                               for w in words) for words in needs), (name, low)
                matched += 1
    assert matched > 20


_VARIED = (
    "On Tuesday, March 11, 2031, the talks resumed three days after they stalled. "
    "Two weeks ago the envoy said that by the end of next month, in the third quarter "
    "of fiscal year 2031, a 30-day truce would hold every morning from 9 a.m. to 5 p.m. "
    "EST. Last summer, in the 1990s, at Christmas and twice weekly, several hours long; "
    "the previous year-ago period, a few decades earlier, nowadays, this week, tonight."
)


def test_the_prefilter_finds_what_running_every_rule_finds() -> None:
    from storyline.extract import timex

    texts = [_VARIED, _VARIED.upper(), "nothing temporal here", "", "Meeting at 10:30."]
    filtered = [timex._candidates(t) for t in texts]
    needs = timex._RULE_NEEDS[:]
    try:
        timex._RULE_NEEDS[:] = [()] * len(needs)
        unfiltered = [timex._candidates(t) for t in texts]
    finally:
        timex._RULE_NEEDS[:] = needs
    assert filtered == unfiltered
    assert any(filtered[0]) and filtered[1]


def test_only_the_listed_characters_fold_to_ascii_letters_case_blind() -> None:
    """Lower-casing a text keeps every word a case-blind rule could match in it, except
    around the characters the pre-filter checks for (it then runs every rule)."""
    import re
    import sys

    from storyline.extract import timex

    letter = re.compile(r"(?i)[a-z]")
    odd = {
        chr(cp)
        for cp in range(0x80, sys.maxunicode + 1)
        if letter.fullmatch(chr(cp)) and not (chr(cp).lower().isascii()
                                              and len(chr(cp).lower()) == 1)
    }
    assert odd <= timex.FOLDS_TO_ASCII


def test_earlier_this_season_is_not_a_calendar_expression() -> None:
    # A sports season has no calendar value; the rule must skip it, not fail the document.
    assert values("Earlier this season the Vell Rovers lost twice.") == []
    assert values("Earlier this spring the Vell Rovers lost twice.") != []
