"""The claims stage: atomic claims with comparable slots, attribution and provenance."""

from __future__ import annotations

import pytest

from doc_helpers import lined_doc
from storyline.extract.claims import claims_of, noun_class, quantity_kind
from storyline.model import Document, Provenance, Quantity, Quote, Stance, TimeExpr

_doc = lined_doc


def _quantities(doc: Document):
    return [c for c in doc.claims if c.kind == "quantity"]


def test_every_claim_cites_its_sentence() -> None:
    doc = _doc("The two leaders spoke for 90 minutes.\nRussia launched six missiles overnight.")
    claims = claims_of(doc)
    assert claims
    for c in claims:
        assert doc.text[c.where.start:c.where.end] == c.text
        assert c.where.doc_id == doc.id and c.where.stage == "claims"


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("The call was a two-and-a-half-hour conversation.", 150.0, "minute"),
    ("Russia launched six missiles overnight.", 6.0, None),
    ("The EU unveiled a plan worth up to €800 billion to rearm.", 8e11, "EUR"),
    ("A recent poll found 64% of voters agree.", 64.0, "percent"),
])
def test_quantities_are_normalised(text: str, value: float, unit: str | None) -> None:
    claims = _quantities(_doc(text).evolve(claims=claims_of(_doc(text))))
    assert any(c.value == value and c.unit == unit for c in claims), claims


def test_vague_amounts_keep_their_bound() -> None:
    doc = _doc("Dozens of drones were launched, and more than 60 hit the city.")
    bounds = {c.bound for c in claims_of(doc) if c.kind == "quantity"}
    assert bounds == {"min"}


def test_slots_come_from_structure_not_wording() -> None:
    a = claims_of(_doc("They had a 90-minute telephone call."))
    b = claims_of(_doc("They held a two-hour phone conversation."))
    slot_a = next(c.slot for c in a if c.kind == "quantity")
    slot_b = next(c.slot for c in b if c.kind == "quantity")
    assert slot_a == slot_b == "duration:call"


def test_per_side_counts_have_their_own_slot() -> None:
    claims = claims_of(_doc("The sides exchanged 150 prisoners from each side, 300 in total."))
    slots = {c.value: c.slot for c in claims if c.kind == "quantity"}
    assert slots[150.0] == "count:prisoner:per-side"
    assert slots[300.0].endswith(":total")


def test_an_offset_is_not_a_length() -> None:
    claims = claims_of(_doc("Two hours after the handshake, drones hit the port."))
    (c,) = [c for c in claims if c.kind == "quantity"]
    assert c.value == 120.0 and c.slot.endswith(":offset")


def test_detached_hyphen_from_translation_is_repaired() -> None:
    doc = _doc("After the two -hour conversation on Monday, he spoke to reporters.")
    (c,) = [c for c in claims_of(doc) if c.kind == "quantity"]
    assert (c.value, c.unit) == (120.0, "minute")
    assert doc.text[c.where.start:c.where.end] == c.text


def test_duration_only_timex_found_is_kept() -> None:
    text = "One day after the meeting, he called."
    doc = _doc(text)
    timex = TimeExpr("One day", "DURATION", "P1D", Provenance(doc.id, 0, 7, "timex"))
    (c,) = [c for c in claims_of(doc.evolve(timexes=(timex,))) if c.kind == "quantity"]
    assert (c.value, c.unit) == (1.0, "day")


def test_quoted_claims_stay_attributed_to_the_speaker() -> None:
    text = "Vell said that 150 prisoners were freed on each side.\nThe bridge reopened."
    doc = _doc(text)
    start = text.index("150")
    quote = Quote(text[start:text.index(".")], "indirect", "tomas-vell", "Vell",
                  Provenance(doc.id, start, text.index("."), "quotes"))
    (c,) = [c for c in claims_of(doc.evolve(quotes=(quote,))) if c.kind == "quantity"]
    assert c.attributed and c.speaker_id == "tomas-vell"


def test_unquoted_claims_are_the_outlets() -> None:
    (c,) = [c for c in claims_of(_doc("Russia launched six missiles.")) if c.kind == "quantity"]
    assert not c.attributed and c.speaker_id is None


def test_stances_become_polar_claims() -> None:
    text = "Boravia rejected the ceasefire."
    doc = _doc(text)
    where = Provenance(doc.id, 0, len(text), "stances")
    issue = Provenance(doc.id, text.index("ceasefire"), len(text) - 1, "stances")
    stance = Stance("boravia", "ceasefire-full", "rejects", text, where, "ceasefire", issue)
    (c,) = [c for c in claims_of(doc.evolve(stances=(stance,))) if c.kind == "stance"]
    assert c.slot == "stance:ceasefire-full:boravia" and c.polarity == "rejects"


def test_helpers() -> None:
    assert noun_class("conversations") == "call"
    assert noun_class("servicemen") == "prisoner"
    assert noun_class(None) is None
    assert quantity_kind(Quantity("€5", 5.0, "EUR")) == "money"
    assert quantity_kind(Quantity("5 days", 5.0, "day")) == "duration"
    assert quantity_kind(Quantity("five", 5.0)) == "count"


# -- statements: who asserts each part of a sentence ---------------------------------------


def _quote(doc: Document, content: str, speaker: str | None, kind: str = "indirect",
           flags: tuple[str, ...] = ()) -> Quote:
    start = doc.text.index(content)
    return Quote(content, kind, speaker, speaker, Provenance(doc.id, start, start + len(content),
                                                             "quotes"), flags=flags)


def _statements(doc: Document) -> list:
    return [c for c in claims_of(doc) if c.kind == "statement"]


def test_reported_speech_is_the_speakers_statement_the_rest_the_outlets() -> None:
    doc = _doc("As the harbour stayed closed all week, Vell said that the talks would "
               "resume in the capital.")
    doc = doc.evolve(quotes=(_quote(doc, "that the talks would resume in the capital",
                                    "tomas-vell"),))
    by_voice = {c.slot: c for c in _statements(doc)}
    spoken = by_voice["statement:tomas-vell"]
    assert spoken.attributed and spoken.speaker_id == "tomas-vell"
    assert spoken.object == "that the talks would resume in the capital"
    own = by_voice["statement:outlet"]
    assert not own.attributed and own.object == "As the harbour stayed closed all week, Vell said"
    for c in (spoken, own):  # the claim cites its sentence; the content lies inside it
        assert doc.text[c.where.start:c.where.end] == c.text and c.object in c.text


def test_too_short_pieces_state_nothing() -> None:
    doc = _doc("Vell said that the talks would resume in the capital.")
    doc = doc.evolve(quotes=(_quote(doc, "that the talks would resume in the capital",
                                    "tomas-vell"),))
    assert [c.slot for c in _statements(doc)] == ["statement:tomas-vell"]  # not "Vell said"


def test_an_inferred_speaker_is_less_certain() -> None:
    doc = _doc("He said that the talks would resume in the capital.")
    doc = doc.evolve(quotes=(_quote(doc, "that the talks would resume in the capital",
                                    "tomas-vell", flags=("pronoun-speaker",)),))
    (c,) = _statements(doc)
    assert c.confidence < 0.8


@pytest.mark.model
def test_a_gloss_after_reported_speech_is_the_writers() -> None:
    from storyline.nlp.build import load_nlp

    text = ("Kasharin repeated his old demand that the blockade had to end: a reference to "
            "the northern ports, which would cripple the trade of Ardenia.")
    doc = _doc(text)
    # the quote stage may stretch reported speech over the writer's explanation
    doc = doc.evolve(nlp_doc=load_nlp()(text), quotes=(_quote(
        doc, text[text.index("his old"):-1], "radomir-kasharin", kind="mixed"),))
    by_voice = {c.slot: c.object for c in _statements(doc)}
    assert by_voice["statement:radomir-kasharin"] == "his old demand that the blockade had to end"
    assert by_voice["statement:outlet"].startswith("a reference to the northern ports")
    # a clause after the colon is what was said, not a gloss
    text = "Kasharin repeated his old demand: the blockade of the ports must end at once."
    doc = _doc(text)
    doc = doc.evolve(nlp_doc=load_nlp()(text), quotes=(_quote(
        doc, text[text.index("his old"):-1], "radomir-kasharin", kind="mixed"),))
    assert [c.slot for c in _statements(doc)] == ["statement:radomir-kasharin"]
