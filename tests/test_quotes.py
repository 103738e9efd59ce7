"""The quotes stage: one short inline text per pattern it must handle.

Quote-mark pairing is pure string work and runs without a model; attribution needs the
parse (and the actors stage for speaker ids), so those tests carry the ``model`` marker.
"""

from __future__ import annotations

import pytest

from storyline.extract.quotes import (
    Cues,
    MarkedSpan,
    _parse_cues,
    find_marked_spans,
    load_cues,
)
from storyline.model import Document, Quote

# -- quote marks (no model) --------------------------------------------------------------


def marked(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_marked_spans(text)]


def spans(text: str) -> list[MarkedSpan]:
    return find_marked_spans(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "we will win" and left.', ["we will win"]),
        ("He said “we will win” and left.", ["we will win"]),
        ("Il a dit « nous gagnerons » hier.", ["nous gagnerons"]),
        ("He said ‘we will win’ and left.", ["we will win"]),
        ("He said 'we will win' and left.", ["we will win"]),
        ("He said ''we will win'' and left.", ["we will win"]),
        ("He said „wir gewinnen“ gestern.", ["wir gewinnen"]),
    ],
)
def test_every_quote_mark_style(text: str, expected: list[str]) -> None:
    assert marked(text) == expected


def test_apostrophes_are_not_quote_marks() -> None:
    text = "Russia’s leaders’ plan won’t change, and the ’90s are over."
    assert marked(text) == []


def test_trailing_punctuation_inside_the_marks_is_kept() -> None:
    assert marked("“We will rebuild it,” she said.") == ["We will rebuild it,"]


def test_nested_quote_stays_inside_the_outer_one() -> None:
    text = "“He told me ‘never again’ that day,” she said."
    assert marked(text) == ["He told me ‘never again’ that day,"]


def test_quote_spanning_sentences_is_one_span() -> None:
    text = "“We came. We saw. We stayed,” the mayor said."
    assert marked(text) == ["We came. We saw. We stayed,"]


def test_quote_running_on_into_the_next_paragraph() -> None:
    text = "Rask said: “Both must want it. We shall see.\n\n“We will keep at it.”"
    found = spans(text)
    assert [text[s.start : s.end] for s in found] == [
        "Both must want it. We shall see.",
        "We will keep at it.",
    ]
    assert "continues" in found[0].flags and "unclosed" in found[0].flags
    assert "continued" in found[1].flags


def test_misplaced_marks_from_machine_translation() -> None:
    text = "“We are stuck. He will ask:” Are you serious? “, said Vance."
    found = spans(text)
    assert [text[s.start : s.end] for s in found] == [
        "We are stuck. He will ask:",
        "Are you serious?",
    ]
    assert found[1].flags == ("misplaced-marks",)


def test_cue_lexicon_format() -> None:
    cues = _parse_cues(["# comment", "say speech clause", "call+for speech prep", ""])
    assert isinstance(cues, Cues)
    assert [c.name for c in cues.by_lemma["call"]] == ["call for"]
    with pytest.raises(ValueError, match="unknown class"):
        _parse_cues(["say loud clause"])
    assert "say" in load_cues().by_lemma


# -- attribution (packaged model) ---------------------------------------------------------


@pytest.fixture(scope="module")
def analyze():
    """Run parse, actors and quotes on a text that is already clean."""
    from storyline.evaluation.quotes import analyze_for_quotes

    def run(text: str) -> Document:
        doc = Document.from_text(text).evolve(text=text)
        out, _notes = analyze_for_quotes([doc], stages=["parse", "actors", "quotes"])
        result = out[0]
        for quote in result.quotes:  # the provenance contract, checked on every text
            assert result.text[quote.where.start : quote.where.end] == quote.text
            if quote.speaker_where is not None:
                where = quote.speaker_where
                assert result.text[where.start : where.end] == quote.speaker_text
        return result

    return run


def one(doc: Document, text: str) -> Quote:
    found = [q for q in doc.quotes if q.text == text]
    assert found, f"no quote {text!r} in {[q.text for q in doc.quotes]}"
    return found[0]


def direct(doc: Document) -> list[Quote]:
    return [q for q in doc.quotes if q.kind == "direct"]


@pytest.mark.model
def test_quote_then_cue(analyze) -> None:
    doc = analyze("“We will not withdraw our troops,” Zelenskyy told reporters.")
    quote = one(doc, "We will not withdraw our troops,")
    assert quote.kind == "direct"
    assert quote.speaker_text == "Zelenskyy"
    assert quote.speaker_id == "volodymyr-zelenskyy"
    assert quote.cue == "told"


@pytest.mark.model
def test_inverted_cue_said_name(analyze) -> None:
    doc = analyze("“I honestly think he does not know how to get out,” said Vance.")
    assert one(doc, "I honestly think he does not know how to get out,").speaker_text == "Vance"


@pytest.mark.model
def test_straight_marks_and_guillemets_attribute_alike(analyze) -> None:
    doc = analyze('"We are ready," Merkel said. «We are ready too,» Macron said.')
    assert one(doc, "We are ready,").speaker_text == "Merkel"
    assert one(doc, "We are ready too,").speaker_text == "Macron"


@pytest.mark.model
def test_single_marks(analyze) -> None:
    doc = analyze("‘The talks were useful,’ the Chinese foreign minister Wang Yi said.")
    assert "Wang Yi" in one(doc, "The talks were useful,").speaker_text


@pytest.mark.model
def test_cue_before_colon(analyze) -> None:
    doc = analyze("Rask said: “Both sides must want it. We shall see.”")
    quote = one(doc, "Both sides must want it. We shall see.")
    assert (quote.speaker_text, quote.cue) == ("Rask", "said")


@pytest.mark.model
def test_split_around_the_cue(analyze) -> None:
    doc = analyze("“We tried,” the envoy Steve Witkoff said, “and we will try again.”")
    first = one(doc, "We tried,")
    second = one(doc, "and we will try again.")
    assert first.speaker_where == second.speaker_where
    assert "Witkoff" in (first.speaker_text or "")


@pytest.mark.model
def test_quote_across_paragraphs_keeps_its_speaker(analyze) -> None:
    doc = analyze(
        "Rask said: “Both sides must want it. We shall see.\n\n“We will keep at it.”"
    )
    second = one(doc, "We will keep at it.")
    assert second.speaker_text == "Rask"
    assert "continued" in second.flags


@pytest.mark.model
def test_dash_attribution(analyze) -> None:
    doc = analyze("“Russia does not want concessions.” – Kaja Kallas, EU foreign policy chief")
    quote = one(doc, "Russia does not want concessions.")
    assert quote.speaker_text == "Kaja Kallas"
    assert quote.cue == "–"


@pytest.mark.model
def test_colon_at_the_end_of_the_previous_paragraph(analyze) -> None:
    doc = analyze(
        "Analyst Tomas Vellenby noted the difference:\n\n“One wants a truce, one does not.”"
    )
    quote = one(doc, "One wants a truce, one does not.")
    assert quote.speaker_text == "Analyst Tomas Vellenby"
    assert "colon" in quote.flags


@pytest.mark.model
def test_preceding_sentence(analyze) -> None:
    doc = analyze("Mayor Ann Jones was defiant on Tuesday.\n\n“We will rebuild the bridge.”")
    quote = one(doc, "We will rebuild the bridge.")
    assert quote.speaker_text == "Mayor Ann Jones"
    assert "preceding-sentence" in quote.flags


@pytest.mark.model
def test_following_sentence(analyze) -> None:
    doc = analyze("“We will rebuild the bridge.” So said Mayor Ann Jones on Tuesday.")
    assert one(doc, "We will rebuild the bridge.").speaker_text == "Mayor Ann Jones"


@pytest.mark.model
def test_according_to(analyze) -> None:
    doc = analyze("According to Ilmar Rask, “the talks were long and useful.”")
    quote = one(doc, "the talks were long and useful.")
    assert quote.speaker_text == "Ilmar Rask"
    assert quote.cue == "according to"


@pytest.mark.model
def test_partial_quote_inside_a_report(analyze) -> None:
    doc = analyze("Zelenskyy described Putin’s reaction as “manipulative.”")
    quote = one(doc, "manipulative.")
    assert quote.speaker_id == "volodymyr-zelenskyy"
    assert "partial" in quote.flags


@pytest.mark.model
def test_quote_words_belong_to_the_reporter_not_the_future_speaker(analyze) -> None:
    doc = analyze(
        "Foreign Minister Sergei Lavrov said on Friday that Moscow would insist on "
        "“binding border assurances” in any settlement."
    )
    assert one(doc, "binding border assurances").speaker_id == "sergey-lavrov" or (
        "Lavrov" in (one(doc, "binding border assurances").speaker_text or "")
    )


@pytest.mark.model
def test_indirect_said_that(analyze) -> None:
    doc = analyze("Putin said that Russia was ready to work on a memorandum.")
    quote = one(doc, "that Russia was ready to work on a memorandum")
    assert (quote.kind, quote.speaker_text, quote.cue) == ("indirect", "Putin", "said")


@pytest.mark.model
def test_indirect_said_without_that(analyze) -> None:
    doc = analyze("Putin said Russia would free 40 injured sailors.")
    assert one(doc, "Russia would free 40 injured sailors").speaker_text == "Putin"


@pytest.mark.model
def test_indirect_content_before_the_cue(analyze) -> None:
    doc = analyze("The talks will resume in Jeddah next week, officials said.")
    quote = one(doc, "The talks will resume in Jeddah next week")
    assert quote.speaker_text == "officials"


@pytest.mark.model
def test_indirect_told_reporters(analyze) -> None:
    doc = analyze("Zelenskyy told reporters that Ukraine would not cede any territory.")
    quote = one(doc, "that Ukraine would not cede any territory")
    assert quote.speaker_id == "volodymyr-zelenskyy"


@pytest.mark.model
def test_indirect_insisted(analyze) -> None:
    doc = analyze("Zelenskyy insisted that Ukraine was open to a total truce.")
    assert one(doc, "that Ukraine was open to a total truce").cue == "insisted"


@pytest.mark.model
def test_indirect_described_as(analyze) -> None:
    doc = analyze("The White House described the deal as a first step towards peace.")
    quote = one(doc, "the deal as a first step towards peace")
    assert quote.speaker_text == "The White House"


@pytest.mark.model
def test_negated_and_modal_cues_report_nothing(analyze) -> None:
    doc = analyze("Trump did not say that sanctions were coming. Putin will say that he won.")
    assert doc.quotes == ()


@pytest.mark.model
def test_pronoun_speaker_resolved_to_the_last_speaker(analyze) -> None:
    doc = analyze(
        "Zelenskyy rejected the demand on Monday.\n\n"
        "“Nobody will withdraw our troops,” he told reporters."
    )
    quote = one(doc, "Nobody will withdraw our troops,")
    assert quote.speaker_text == "he"
    assert quote.speaker_id == "volodymyr-zelenskyy"
    assert "pronoun-speaker" in quote.flags


@pytest.mark.model
def test_pronoun_skips_people_named_inside_the_quote(analyze) -> None:
    doc = analyze(
        "Putin spoke to reporters on Thursday.\n\n"
        "“We should call President Trump to discuss it,” he said."
    )
    assert one(doc, "We should call President Trump to discuss it,").speaker_id == "vladimir-putin"


@pytest.mark.model
def test_role_speaker_resolved(analyze) -> None:
    doc = analyze(
        "Ukraine’s President Volodymyr Zelenskyy spoke in Kyiv.\n\n"
        "“We heard very manipulative statements,” the president remarked."
    )
    quote = one(doc, "We heard very manipulative statements,")
    assert quote.speaker_text == "the president"
    assert quote.speaker_id == "volodymyr-zelenskyy"


@pytest.mark.model
def test_nested_report_keeps_speaker_and_reporter(analyze) -> None:
    doc = analyze(
        "According to Ilmar Rask, Trump said during the meeting: “Anna, write to me any time.”"
    )
    quote = one(doc, "Anna, write to me any time.")
    assert quote.speaker_id == "donald-trump"
    assert quote.reported_by is not None and "rask" in quote.reported_by
    assert "nested" in quote.flags


@pytest.mark.model
def test_nested_indirect_report(analyze) -> None:
    doc = analyze("The newspaper wrote that Trump said the call was very productive.")
    reports = [q for q in doc.quotes if q.kind != "direct"]
    assert [q.speaker_text for q in reports] == ["Trump"]
    assert "nested" in reports[0].flags


@pytest.mark.model
def test_quoted_name_is_not_a_quote(analyze) -> None:
    doc = analyze('Zelenskyy confirmed attacks by about 40 "Shahed" drones overnight.')
    assert direct(doc) == []


@pytest.mark.model
def test_scare_quote_is_flagged_at_low_confidence(analyze) -> None:
    doc = analyze("One demand is to force Ukraine to “denazify” its institutions.")
    quote = one(doc, "denazify")
    assert "scare-quote" in quote.flags
    assert quote.confidence < 0.5


@pytest.mark.model
def test_quoted_sub_heading_is_not_a_quote(analyze) -> None:
    doc = analyze("‘Manipulative’\n\nZelenskyy criticised the plan on Thursday.")
    assert direct(doc) == []


@pytest.mark.model
def test_reported_clause_with_quoted_words_is_mixed(analyze) -> None:
    doc = analyze("Trump said that the negotiations were “rather fruitful” on Friday.")
    kinds = sorted(q.kind for q in doc.quotes)
    assert kinds == ["direct", "mixed"]


@pytest.mark.model
def test_stage_is_registered_with_its_contract() -> None:
    from storyline.registry import get_stage

    spec = get_stage("quotes")
    assert spec.requires == ("doc.parse", "doc.mentions")
    assert spec.produces == ("doc.quotes",)
