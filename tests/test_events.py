"""PLOVER event coding on short sentences of our own."""

from __future__ import annotations

import pytest

from storyline.extract.plover import (
    PLOVER_TYPES,
    current_type,
    load_lexicon,
    parse_lexicon,
)

# One document per key, analysed once for the module (parse, actors, events).
TEXTS = {
    "reject": "Russia rejected the ceasefire proposal from the United States on Monday.",
    "refuse": "Russia refused to agree to a 20-day truce.",
    "did_not_reject": "China did not reject the offer of talks.",
    "conditional": "Russia said it would stop strikes on energy infrastructure for 30 days "
                   "if Ukraine did the same.",
    "threat": "France warned that it would impose new sanctions on Iran if Tehran rejected "
              "the deal.",
    "scheduled": "Germany and France are scheduled to hold talks on Tuesday in Paris.",
    "demand": "Poland demanded that Russia withdraw its troops from Belarus.",
    "assault": "Russia launched seven missiles and 132 drones at Ukraine before dawn.",
    "accuse": "Spain accused Morocco of violating the agreement.",
    "call": "Japan and China held a telephone call on Friday.",
    "future_aid": "Canada will send military aid to Ukraine next month.",
    "release": "Russia said it would release 40 injured Ukrainian sailors.",
    "propose": "Turkey proposed talks between Russia and Ukraine in Istanbul.",
    "counterpart_state": "French President Emmanuel Macron held a telephone call with "
                         "German Chancellor Olaf Scholz on Monday. Macron rejected a "
                         "30-day ceasefire. Germany and France are neighbours.",
    "spokesman": "Macron insisted that France was ready for a total ceasefire.",
    "wounded": "Brazil said Argentina would release 40 badly wounded Chilean sailors.",
    "appos_pair": "French President Emmanuel Macron and Mexican President Claudia Sheinbaum "
                  "are scheduled to join a call on Tuesday about trade.",
    "hyphen_pair": "Mexico-Canada talks are scheduled to resume on Sunday in Rome.",
    "wont_withdraw": "Serbia said Serbia won't withdraw its soldiers from the districts "
                     "that Kosovo claims.",
    "support_plan": "Brazil said it supports the peace plan in principle.",
    "after_the_call": "Macron held a telephone call with Scholz on Monday. After the call "
                      "with Scholz, Macron spoke to reporters.",
    "after_first_meeting": "The talks took place days after the first meeting of Chilean "
                           "and Peruvian delegations.",
    "fearing_a_deal": "Fearing that Brazil could sign a deal with Argentina, Chile "
                      "protested.",
    "skeptical_about": "Analysts remain skeptical about Iran accepting the proposal.",
    "wants_other_to_stop": "Peru wants Chile to stop the fighting.",
    "two_objects": "Canada renewed weapons aid and intelligence sharing with "
                   "Ukraine.",
    "requires": "Chile said that this will require an external framework. Peru said it "
                "requires Chile to withdraw its troops.",
    "including": "Macron is in Madrid meeting with the Spanish leadership, including "
                 "Prime Minister Pedro Sanchez.",
    "demonstrated_gap": "The accounts of Chile and Peru demonstrated the gap that remains.",
    "whether": "Macron would ask Scholz whether Germany was ready to end the dispute.",
}


@pytest.fixture(scope="module")
def coded() -> dict:
    from storyline.evaluation.plover import analyze_texts

    docs = analyze_texts(list(TEXTS.values()))
    return dict(zip(TEXTS, docs, strict=True))


# Texts coded as articles (the configured stage: sentences without a named source, and
# moves in conditions or time clauses, are not coded), one document per key.
ARTICLES = {
    "praise_of_the_call": "Macron held a telephone call with Scholz on Monday. Macron "
                          "described the call as excellent. The conversation with Scholz was "
                          "very productive, Macron said. It was worth a try, Macron "
                          "added.",
    "days_before": "Macron held a telephone call with Scholz on Monday. Days before "
                   "Macron and Scholz spoke, Chilean and Peruvian negotiators met in Lima.",
    "one_move": "Spain criticized Morocco's actions, calling Rabat's conditions "
                "unacceptable.",
    "two_moves": "Spain accused Morocco of lying and condemned Algeria.",
    "talks_collapsed": "Chilean and Peruvian delegations met in Lima on Monday. These "
                       "talks collapsed after Peru asked for more fishing rights.",
    "own_government": "Macron held a telephone call with Scholz on Monday. French Prime "
                      "Minister Francois Bayrou said he had spoken to Macron.",
    "demand_about_a_state": "Macron held a telephone call with Scholz on Monday. Macron "
                            "said the deeper causes of the dispute had to be tackled, a "
                            "nod to demands that would erode the sovereignty of "
                            "Poland.",
    "already_accepted": "Macron held a telephone call with Scholz on Monday. Macron "
                        "pressed for a 20-day truce, which Poland had already accepted.",
    "fell_apart": "Chilean and Peruvian delegations met in Lima on Monday. Sadly, that "
                  "meeting fell apart when Peru demanded more fishing rights.",
    "rejected_it": "Macron held a telephone call with Scholz on Monday. Spain urged France "
                   "to accept a 30-day ceasefire. Macron rejected it.",
    "confirmed_the_meeting": "Talks between Chile and Peru are scheduled to continue on "
                             "Sunday in Lima. A Chilean envoy confirmed the meeting.",
    "halt_for_the_foe": "Macron held a telephone call with Scholz on Monday. Belgium "
                        "launched drones at French cities overnight. Macron is willing to "
                        "limit strikes on power plants on the condition of "
                        "reciprocity.",
    "attacks_reported": "Belgium launched six missiles at French cities overnight. The "
                        "French president confirmed attacks by 40 drones on civilian "
                        "targets.",
    "attacks_reported_alone": "The French president confirmed attacks by 40 drones on "
                              "civilian targets.",
    "appearances": "Officials said Chile is playing for time by merely agreeing to appear "
                   "to be in talks with Peru.",
    "passive_talks": "Macron held a telephone call with Scholz on Monday. According to "
                     "Macron, many elements of a treaty were discussed.",
    "exchange_with": "Macron held a telephone call with Scholz on Monday. Scholz said a "
                     "prisoner exchange with Poland would be conducted later this month.",
    "asked_in_time_clause": "The talks collapsed after Chile had asked Peru for more "
                            "fishing rights.",
}


@pytest.fixture(scope="module")
def article() -> dict:
    from storyline.config import load_config
    from storyline.evaluation.plover import STAGES
    from storyline.model import Document
    from storyline.registry import get_stage

    config = load_config()
    docs = [Document.from_text(t).evolve(text=t) for t in ARTICLES.values()]
    for name in STAGES:
        docs = get_stage(name).make(dict(config.stage_settings(name)))(docs)
    return dict(zip(ARTICLES, docs, strict=True))


def events(coded: dict, key: str, kind: str | None = None) -> list:
    found = list(coded[key].events)
    return [e for e in found if kind is None or e.type == kind]


def one(coded: dict, key: str, kind: str):
    found = events(coded, key, kind)
    assert found, (key, [(e.type, e.trigger) for e in coded[key].events])
    return found[0]


# -- the lexicon ----------------------------------------------------------------------


def test_lexicon_uses_only_the_sixteen_types() -> None:
    lex = load_lexicon()
    types = {s.type for senses in lex.verbs.values() for s in senses}
    types |= {n.type for n in lex.nouns.values()}
    assert types <= set(PLOVER_TYPES)
    assert len(PLOVER_TYPES) == 16


def test_unknown_type_in_a_lexicon_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown type"):
        parse_lexicon({"verbs": {"frobnicate": "FROB"}})


def test_unknown_class_in_a_lexicon_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown class"):
        parse_lexicon({"verbs": {"hit": [{"type": "ASSAULT", "obj": ["@nothing"]}]}})


@pytest.mark.parametrize(
    ("old", "mode", "new"),
    [("DEMAND", None, "REQUEST"), ("DISAPPROVE", None, "ACCUSE"),
     ("INVESTIGATE", None, "ACCUSE"), ("FIGHT", "heavy-weapons", "ASSAULT"),
     ("COERCE", "destroy", "ASSAULT"), ("COERCE", "arrest", "COERCE"), ("AGREE", None, "AGREE")],
)
def test_plover_05_types_map_to_the_current_set(old: str, mode: str | None, new: str) -> None:
    assert current_type(old, mode) == new


# -- coding -----------------------------------------------------------------------------


@pytest.mark.model
def test_every_event_cites_its_sentence_and_trigger(coded: dict) -> None:
    for doc in coded.values():
        for e in doc.events:
            assert doc.text[e.where.start : e.where.end] == e.text
            assert doc.text[e.trigger_where.start : e.trigger_where.end] == e.trigger
            assert e.where.stage == "events" and e.where.doc_id == doc.id
            assert e.type in PLOVER_TYPES
            for q in e.quantities:
                assert doc.text[q.start : q.end] == q.text


@pytest.mark.model
def test_rejection_with_source_and_target(coded: dict) -> None:
    e = one(coded, "reject", "REJECT")
    assert (e.source_id, e.target_id, e.mode, e.negated) == ("RUS", "USA", "yield", False)


@pytest.mark.model
def test_refusing_to_agree_is_a_rejection_not_an_agreement(coded: dict) -> None:
    assert events(coded, "refuse", "AGREE") == []
    e = one(coded, "refuse", "REJECT")
    assert e.source_id == "RUS" and not e.negated
    assert [q.value for q in e.quantities] == [20]


@pytest.mark.model
def test_negated_rejection(coded: dict) -> None:
    assert one(coded, "did_not_reject", "REJECT").negated


@pytest.mark.model
def test_declared_partial_halt_is_a_conditional_concession(coded: dict) -> None:
    e = one(coded, "conditional", "CONCEDE")
    assert e.source_id == "RUS"
    assert e.modality == "conditional"
    assert e.condition == "if Ukraine did the same"
    assert "hypothetical" in e.context


@pytest.mark.model
def test_conditional_sanctions_are_a_threat(coded: dict) -> None:
    e = one(coded, "threat", "THREATEN")
    assert e.source_id == "FRA" and e.target_id == "IRN"
    assert e.mode == "restrict"
    assert e.condition and e.condition.startswith("if Tehran")


@pytest.mark.model
def test_scheduled_talks_stay_a_consultation(coded: dict) -> None:
    e = one(coded, "scheduled", "CONSULT")
    assert {e.source_id, e.target_id} == {"DEU", "FRA"}
    assert e.modality == "scheduled" and "future" in e.context
    assert e.location == "Paris"
    assert e.date_text == "Tuesday"


@pytest.mark.model
def test_demand_targets_the_demanded_clause_subject(coded: dict) -> None:
    e = one(coded, "demand", "REQUEST")
    assert (e.source_id, e.target_id) == ("POL", "RUS")


@pytest.mark.model
def test_missile_strike_with_counted_weapons(coded: dict) -> None:
    e = one(coded, "assault", "ASSAULT")
    assert e.mode == "aerial"
    assert (e.source_id, e.target_id) == ("RUS", "UKR")
    assert [(q.value, q.what) for q in e.quantities] == [(7, "missile"), (132, "drone")]


@pytest.mark.model
def test_accusation(coded: dict) -> None:
    e = one(coded, "accuse", "ACCUSE")
    assert (e.source_id, e.target_id) == ("ESP", "MAR")


@pytest.mark.model
def test_a_call_between_two_sides_names_both(coded: dict) -> None:
    e = one(coded, "call", "CONSULT")
    assert e.mode == "phone"
    assert {e.source_id, e.target_id} == {"JPN", "CHN"}


@pytest.mark.model
def test_announced_aid_is_a_promise(coded: dict) -> None:
    e = one(coded, "future_aid", "AGREE")
    assert (e.source_id, e.target_id) == ("CAN", "UKR")
    assert e.modality == "future"


@pytest.mark.model
def test_a_promised_release_is_a_concession(coded: dict) -> None:
    e = one(coded, "release", "CONCEDE")
    assert e.mode == "release" and e.source_id == "RUS"
    assert [(q.value, q.what) for q in e.quantities] == [(40, "sailor")]


@pytest.mark.model
def test_a_proposal_is_a_request_marked_proposed(coded: dict) -> None:
    e = one(coded, "propose", "REQUEST")
    assert e.source_id == "TUR" and e.modality == "proposed" and e.mode == "meet"


def test_no_parse_no_events() -> None:
    from storyline.extract.events import code_document
    from storyline.model import Document

    doc = Document.from_text("Russia rejected the plan.").evolve(text="Russia rejected the plan.")
    assert code_document(doc).events == ()


@pytest.mark.model
def test_export_plover_json(tmp_path, runner) -> None:
    import json

    from storyline.cli import cli

    article = tmp_path / "a.txt"
    article.write_text("Talks stall\n\nRussia rejected the ceasefire proposal from the United "
                       "States on Monday. Poland did not reject the offer of talks.\n",
                       encoding="utf-8")
    db = str(tmp_path / "s.db")
    stages = '--set=pipeline.stages=["clean","parse","actors","events"]'
    assert runner.invoke(cli, ["--db", db, stages, "add", str(article)]).exit_code == 0
    assert runner.invoke(cli, ["--db", db, stages, "analyze"]).exit_code == 0
    out = tmp_path / "events.json"
    result = runner.invoke(cli, ["--db", db, stages, "export", "--format", "plover", str(out)])
    assert result.exit_code == 0, result.output
    records = json.loads(out.read_text("utf-8"))
    rejects = [r for r in records if r["event"] == "REJECT"]
    assert rejects and rejects[0]["source"][0]["code"] == "RUS"
    assert rejects[0]["target"][0]["code"] == "USA"
    assert rejects[0]["mode"] == "yield" and rejects[0]["version"].startswith("PLOVER")
    assert not any(r["storyline"]["negated"] for r in records)  # negated left out
    with_negated = tmp_path / "all.json"
    runner.invoke(cli, ["--db", db, stages, "export", "--format", "plover", "--negated",
                        str(with_negated)])
    assert any(r["storyline"]["negated"] for r in json.loads(with_negated.read_text("utf-8")))


@pytest.mark.model
def test_events_survive_the_store(store) -> None:
    from storyline.evaluation.plover import analyze_texts

    (doc,) = analyze_texts(["Russia launched six missiles at Ukraine if Kyiv refused."],
                           keep_parse=False)
    assert doc.events
    store.add_document(doc)
    store.save_analysis(doc, "fp")
    (back,) = store.load([doc.id])
    assert back.events == doc.events


# -- actors left implicit or named indirectly -----------------------------------------------


def test_implicit_target_is_the_counterpart_state(coded: dict) -> None:
    # PLOVER codes actors at the state level: with no target in the sentence, the move is
    # aimed at the other side of the article's consultation, as a state
    event = one(coded, "counterpart_state", "REJECT")
    assert event.source_ids == ("emmanuel-macron",) and event.target_ids == ("DEU",)


def test_speaker_declaring_for_his_own_state_is_the_source(coded: dict) -> None:
    event = one(coded, "spokesman", "AGREE")
    assert event.source_ids == ("emmanuel-macron",)
    assert "FRA" not in event.target_ids  # never aimed at his own state by a guess


def test_attributive_participle_is_not_an_event(coded: dict) -> None:
    assert not events(coded, "wounded", "ASSAULT")
    assert one(coded, "wounded", "CONCEDE").source_ids == ("ARG",)


def test_names_coordinated_with_an_apposition_are_both_parties(coded: dict) -> None:
    event = one(coded, "appos_pair", "CONSULT")
    assert {*event.source_ids, *event.target_ids} == {"emmanuel-macron", "claudia-sheinbaum"}


def test_hyphenated_pair_of_states_names_both_sides_of_talks(coded: dict) -> None:
    event = one(coded, "hyphen_pair", "CONSULT")
    assert {*event.source_ids, *event.target_ids} == {"MEX", "CAN"}


def test_announcing_a_withdrawal_will_not_happen_is_a_rejection(coded: dict) -> None:
    event = one(coded, "wont_withdraw", "REJECT")
    assert not event.negated and event.mode == "yield"
    assert "SRB" not in event.target_ids  # "its troops" names what is kept, not a target
    assert not events(coded, "wont_withdraw", "CONCEDE")


def test_supporting_a_proposal_is_agreeing_to_it(coded: dict) -> None:
    assert one(coded, "support_plan", "AGREE").source_ids == ("BRA",)
    assert not events(coded, "support_plan", "SUPPORT")


def test_a_call_named_again_to_date_another_event_is_not_a_new_event(coded: dict) -> None:
    assert len(events(coded, "after_the_call", "CONSULT")) == 1


def test_a_meeting_first_named_in_a_time_phrase_is_still_reported(coded: dict) -> None:
    event = one(coded, "after_first_meeting", "CONSULT")
    assert {*event.source_ids, *event.target_ids} == {"CHL", "PER"}


# -- what is coded and what is only a state of mind ---------------------------------------


def test_a_new_move_told_in_a_time_clause_is_coded(article: dict) -> None:
    # only a consultation in a "when/after" clause refers back to one already told
    event = one(article, "asked_in_time_clause", "REQUEST")
    assert event.source_ids == ("CHL",) and event.target_ids == ("PER",)


def test_what_someone_fears_or_doubts_is_no_event(coded: dict) -> None:
    assert not events(coded, "fearing_a_deal", "AGREE")
    assert not events(coded, "skeptical_about", "AGREE")
    assert not events(coded, "wants_other_to_stop", "CONCEDE")


def test_praising_a_call_is_neither_support_nor_a_new_call(article: dict) -> None:
    assert not events(article, "praise_of_the_call", "SUPPORT")
    assert len(events(article, "praise_of_the_call", "CONSULT")) == 1


def test_a_call_in_a_misparsed_before_clause_is_a_back_reference(article: dict) -> None:
    found = events(article, "days_before", "CONSULT")
    assert len(found) == 2
    assert {*found[1].source_ids, *found[1].target_ids} == {"CHL", "PER"}


def test_one_move_restated_in_one_sentence_is_one_event(article: dict) -> None:
    assert len(events(article, "one_move", "ACCUSE")) == 1
    targets = {e.target_ids for e in events(article, "two_moves", "ACCUSE")}
    assert targets == {("MAR",), ("DZA",)}


def test_demonstrating_something_is_showing_it_not_protesting(coded: dict) -> None:
    assert not events(coded, "demonstrated_gap", "PROTEST")


def test_a_move_asked_about_in_a_whether_clause_is_no_event(coded: dict) -> None:
    assert not events(coded, "whether", "CONCEDE")
    assert events(coded, "whether", "REQUEST")


def test_talks_that_collapsed_are_broken_off_by_their_parties(article: dict) -> None:
    event = one(article, "talks_collapsed", "SANCTION")
    assert set(event.source_ids) == {"CHL", "PER"} and event.mode == "cancel"


def test_officials_of_one_government_talking_is_no_consultation(article: dict) -> None:
    found = events(article, "own_government", "CONSULT")
    assert [e.trigger for e in found] == ["held a telephone call"]


def test_the_partner_of_an_exchange_is_its_target(article: dict) -> None:
    # a target the parse gives is kept even when the source is the reporting speaker
    event = one(article, "exchange_with", "AGREE")  # an exchange still to come
    assert event.source_ids == ("olaf-scholz",) and event.target_ids == ("POL",)


def test_a_demand_is_aimed_at_the_state_its_sentence_names(article: dict) -> None:
    # rather than at the speaker's partner in the article's call
    assert one(article, "demand_about_a_state", "REQUEST").target_ids == ("POL",)


def test_the_subject_of_a_relative_clause_is_no_target_guess(article: dict) -> None:
    # Poland already accepted what is pushed for: the push is aimed at someone else
    assert "POL" not in one(article, "already_accepted", "REQUEST").target_ids


def test_a_phrasal_verb_with_its_particle_read_as_an_adverb(article: dict) -> None:
    event = one(article, "fell_apart", "SANCTION")
    assert set(event.source_ids) == {"CHL", "PER"}


def test_rejecting_it_answers_the_proposal_told_just_before(article: dict) -> None:
    # not the partner of the article's call
    assert one(article, "rejected_it", "REJECT").target_ids == ("ESP",)


def test_confirming_the_meeting_just_told_is_no_new_meeting(article: dict) -> None:
    assert len(events(article, "confirmed_the_meeting", "CONSULT")) == 1


def test_a_concession_with_no_target_is_made_to_the_side_one_is_fighting(article: dict) -> None:
    # not to the partner of the article's call
    assert one(article, "halt_for_the_foe", "CONCEDE").target_ids == ("BEL",)


def test_each_coordinated_object_of_a_light_verb_is_a_move(coded: dict) -> None:
    assert one(coded, "two_objects", "AID").target_ids == ("UKR",)
    assert one(coded, "two_objects", "COOPERATE").target_ids == ("UKR",)


def test_a_thing_that_requires_something_makes_no_demand(coded: dict) -> None:
    found = events(coded, "requires", "REQUEST")
    assert [(e.source_ids, e.target_ids) for e in found] == [(("PER",), ("CHL",))]


def test_members_named_with_including_are_parties_too(coded: dict) -> None:
    event = one(coded, "including", "CONSULT")
    assert event.source_ids == ("emmanuel-macron",)
    assert "ESP" in event.target_ids and len(event.target_ids) == 2


def test_attacks_reported_by_their_victim_come_from_the_side_fighting_it(
        article: dict) -> None:
    found = events(article, "attacks_reported", "ASSAULT")
    assert [(e.source_ids, e.target_ids) for e in found] == [(("BEL",), ("FRA",))] * 2
    assert not events(article, "attacks_reported_alone")  # no attacker to be read


def test_agreeing_only_to_appear_to_do_something_is_no_agreement(article: dict) -> None:
    assert not events(article, "appearances", "AGREE")


def test_a_passive_consultation_has_no_parties_from_the_speaker(article: dict) -> None:
    assert len(events(article, "passive_talks", "CONSULT")) == 1
