"""Text features for linking: sentences, names, durations, time cues."""

from __future__ import annotations

from datetime import date

from storyline.link.features import (
    durations_in,
    event_time,
    names_in,
    split_sentences,
    terms_in,
    text_features,
)
from storyline.model import Document


def test_split_sentences_gives_exact_spans() -> None:
    text = "Mr. Vell spoke on Tuesday. “We agreed,” he said.\nA new paragraph starts here."
    sentences = split_sentences("d1", text)
    assert [s.text for s in sentences] == [
        "Mr. Vell spoke on Tuesday.",
        "“We agreed,” he said.",
        "A new paragraph starts here.",
    ]
    for sentence in sentences:
        assert text[sentence.where.start : sentence.where.end] == sentence.text
        assert sentence.where.doc_id == "d1"


def test_names_skip_capitalised_sentence_openers() -> None:
    names = names_in([
        "Despite the talks, President Tomas Vell stayed in Velmar.",
        "Officials said Vell would call Kasharin.",
    ])
    assert {"tomas", "vell", "velmar", "kasharin"} <= set(names)
    assert "despite" not in names and "officials" not in names
    assert names["vell"] == 2


def test_terms_fold_plurals_and_keep_numbers() -> None:
    terms = terms_in("The drones hit 145 targets; one drone was shot down.")
    assert terms["drone"] == 2 and terms["#145"] == 1
    assert "the" not in terms


def test_durations_are_minutes_with_their_cue_words() -> None:
    assert durations_in("after a 90-minute telephone call") == ((90, ("telephone", "call")),)
    assert durations_in("during a two-and-a-half-hour telephone conversation") == (
        (150, ("telephone", "conversation")),)
    assert durations_in("The conversation lasted an hour and a half.") == (
        (90, ("lasted", "conversation")),)
    assert durations_in("a call lasting one hour and thirty minutes")[0][0] == 90


def test_a_weekday_is_resolved_back_from_the_publication_date() -> None:
    when = event_time(["The presidents spoke by telephone on Monday."], date(2031, 5, 7))
    assert when.date == date(2031, 5, 5) and when.weekday == 0
    assert when.cues[:1] == ("telephone",)


def test_a_preview_is_dated_by_the_day_it_previews() -> None:
    lead = ["The presidents are scheduled to speak by telephone on Tuesday."]
    assert event_time(lead, date(2031, 3, 10)).date == date(2031, 3, 11)
    # A headline's "X to speak on Tuesday" is a future as well.
    headline = ["Vell and Kasharin to speak on Tuesday", "Nothing dated here."]
    assert event_time(headline, date(2031, 3, 10), title=True).date == date(2031, 3, 11)


def test_a_future_word_after_the_weekday_does_not_make_it_a_preview() -> None:
    lead = ["The delegation flew home on Friday night; prisoners will follow within weeks."]
    assert event_time(lead, date(2031, 4, 5)).date == date(2031, 4, 4)


def test_without_a_publication_date_the_weekday_and_dateline_remain() -> None:
    lead = ["DRASK, March 11 (Wire) - Kasharin refused on Tuesday to agree to a truce."]
    when = event_time(lead, None)
    assert when.date is None
    assert when.weekday == 1 and when.month_day == (3, 11)
    assert "refused" in when.cues


def test_an_explicit_full_date_is_used_when_there_is_no_weekday() -> None:
    when = event_time(["Voting began on Dec. 14, 2008 across the country."], None)
    assert when.date == date(2008, 12, 14) and when.month_day == (12, 14)


def test_text_features_of_a_document() -> None:
    text = "President Vell held a two-hour call with Kasharin on Monday.\n\nThey agreed a truce."
    doc = Document.from_text(text, title="Vell and Kasharin talk", published="2031-05-06")
    doc = doc.evolve(text=text)
    features = text_features(doc)
    assert features.published == date(2031, 5, 6)
    assert features.when.date == date(2031, 5, 5)
    assert features.durations == ((120, ("call",)),)
    assert features.lead[0] == "Vell and Kasharin talk"
    assert "kasharin" in features.names and "truce" in features.terms
