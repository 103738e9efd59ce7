"""Issues and stances on short texts of our own; positions from stances."""

from __future__ import annotations

import pytest

from storyline.extract.stances import STANCES, find_issues, load_issues, parse_issues
from storyline.link.positions import DocStances, build_positions, order_positions
from storyline.model import Provenance, Stance

# -- the issue lexicon ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "issue"),
    [
        ("a full 30-day ceasefire", "ceasefire-full"),
        ("a complete cessation of hostilities", "ceasefire-full"),
        ("a halt to strikes on energy infrastructure", "energy-infrastructure-halt"),
        ("a limited ceasefire on energy facilities", "energy-infrastructure-halt"),
        ("a Black Sea moratorium", "maritime-moratorium"),
        ("an end to military aid", "military-aid-halt"),
        ("a freeze on arms deliveries", "military-aid-halt"),
        ("new sanctions against Iran", "sanctions"),
        ("lifting sanctions", "sanctions-relief"),
        ("security guarantees", "security-guarantees"),
        ("an exchange of all wounded captives", "prisoner-exchange"),
        ("an 'all for all' exchange", "prisoner-exchange-all"),
        ("a face-to-face meeting", "leaders-summit"),
        ("a monitoring mission", "monitoring-mission"),
        ("the root causes of the war", "root-causes"),
        ("future peace talks", "talks-venue"),
        ("if attacks on power infrastructure cease", "energy-infrastructure-halt"),
        ("an ultimatum for both sides to cease hostilities", "ceasefire-full"),
    ],
)
def test_issue_patterns(text: str, issue: str) -> None:
    found = find_issues(text)
    assert [m.issue for m in found][:1] == [issue], found


def test_specific_issues_win_over_general_ones() -> None:
    text = "They refused a full ceasefire but agreed to stop striking energy infrastructure."
    issues = [m.issue for m in find_issues(text)]
    assert issues == ["ceasefire-full", "energy-infrastructure-halt"]


def test_hostilities_kept_going_or_merely_named_are_no_ceasefire() -> None:
    assert find_issues("arms that contributed to the hostilities") == []
    assert find_issues("they were told to continue hostilities") == []


def test_issue_offsets_index_the_text() -> None:
    text = "Moscow demanded an end to military aid."
    (m,) = find_issues(text, offset=10)
    assert (" " * 10 + text)[m.start : m.end] == "end to military aid"


def test_aid_words_are_the_opposite_of_a_halt() -> None:
    (m,) = find_issues("Washington renewed military assistance.")
    assert (m.issue, m.opposite) == ("military-aid-halt", True)


def test_issue_lexicon_is_validated() -> None:
    with pytest.raises(ValueError, match="issues"):
        parse_issues({"nothing": []})
    with pytest.raises(ValueError, match="bad pattern"):
        parse_issues({"issues": [{"id": "x", "patterns": ["(unclosed"]}]})
    assert len({i.id for i in load_issues()}) == len(load_issues())


# -- stances from events ----------------------------------------------------------------------

TEXTS = {
    "reject": "Russia rejected a full 30-day ceasefire.",
    "conditional": "Russia said it would stop strikes on energy infrastructure if Ukraine "
                   "did the same.",
    "demand": "Russia demanded a halt to arms deliveries to Ukraine.",
    "aid": "The United States renewed military assistance to Ukraine.",
    "not_reject": "Germany did not reject the proposal for new sanctions against Iran.",
    "referring": "France proposed talks in Geneva. Germany accepted the proposal.",
    "provided": "Russia agreed to a full ceasefire, provided that Poland stopped arms "
                "deliveries to Ukraine.",
    "ultimatum": "Poland's ultimatum for Russia to end hostilities expired on Friday.",
    "content": "Germany's ceasefire proposal was published on Monday. The proposal also "
               "sought a halt to strikes on power plants and a Black Sea truce.",
    "necessity": "\u201cOnly new sanctions against Iran can change its course,\u201d France "
                 "said.",
    "backing": "Germany backed the French plan for new sanctions against Iran.",
    "agenda": "The agenda has three items: a prisoner exchange, new sanctions, and what "
              "the French papers call territorial questions.",
    "price": "Russia said it would accept a full ceasefire only if Poland stopped arms "
             "deliveries to Ukraine. Ukraine rejected that. Germany will not pay for a "
             "ceasefire with Ukraine's security, its chancellor said.",
    "halt_noun": "If strikes on power stations do cease, it would be the first cessation of "
                 "attacks in a decade of the conflict, which France welcomed as a first step.",
}


@pytest.fixture(scope="module")
def analysed() -> dict:
    from storyline.config import load_config
    from storyline.evaluation.plover import analyze_texts
    from storyline.extract.stances import stances_of
    from storyline.registry import get_stage

    docs = analyze_texts(list(TEXTS.values()))
    quotes = get_stage("quotes").make(dict(load_config().stage_settings("quotes")))
    docs = quotes(docs)  # speakers of quotes state stances too
    return {k: (d, stances_of(d)) for k, d in zip(TEXTS, docs, strict=True)}


def triples(analysed: dict, key: str) -> set[tuple[str, str, str]]:
    return {(s.actor_id, s.issue, s.stance) for s in analysed[key][1]}


@pytest.mark.model
def test_stances_cite_sentence_and_issue_words(analysed: dict) -> None:
    for doc, stances in analysed.values():
        for s in stances:
            assert doc.text[s.where.start : s.where.end] == s.text
            assert doc.text[s.issue_where.start : s.issue_where.end] == s.issue_text
            assert s.stance in STANCES


@pytest.mark.model
def test_rejection(analysed: dict) -> None:
    assert ("RUS", "ceasefire-full", "rejects") in triples(analysed, "reject")


@pytest.mark.model
def test_conditional_acceptance_keeps_its_condition(analysed: dict) -> None:
    _doc, stances = analysed["conditional"]
    (s,) = [s for s in stances if s.issue == "energy-infrastructure-halt"]
    assert (s.actor_id, s.stance) == ("RUS", "conditional")
    assert s.condition == "if Ukraine did the same"


@pytest.mark.model
def test_demand(analysed: dict) -> None:
    assert ("RUS", "military-aid-halt", "demands") in triples(analysed, "demand")


@pytest.mark.model
def test_giving_aid_rejects_a_halt_of_aid(analysed: dict) -> None:
    assert ("USA", "military-aid-halt", "rejects") in triples(analysed, "aid")


@pytest.mark.model
def test_a_negated_rejection_is_unclear(analysed: dict) -> None:
    assert ("DEU", "sanctions", "unclear") in triples(analysed, "not_reject")


@pytest.mark.model
def test_the_proposal_refers_to_the_issue_just_proposed(analysed: dict) -> None:
    found = triples(analysed, "referring")
    assert ("FRA", "talks-venue", "proposes") in found
    assert ("DEU", "talks-venue", "accepts") in found


@pytest.mark.model
def test_a_condition_on_someone_else_is_a_demand_on_them(analysed: dict) -> None:
    found = triples(analysed, "provided")
    assert ("RUS", "ceasefire-full", "conditional") in found
    assert ("RUS", "military-aid-halt", "demands") in found


@pytest.mark.model
def test_an_owned_ultimatum_is_a_demand(analysed: dict) -> None:
    assert ("POL", "ceasefire-full", "demands") in triples(analysed, "ultimatum")


@pytest.mark.model
def test_what_the_proposal_seeks_is_proposed_by_its_owner(analysed: dict) -> None:
    found = triples(analysed, "content")
    assert ("DEU", "energy-infrastructure-halt", "proposes") in found
    assert ("DEU", "maritime-moratorium", "proposes") in found


@pytest.mark.model
def test_what_a_speaker_holds_necessary_is_a_demand(analysed: dict) -> None:
    assert ("FRA", "sanctions", "demands") in triples(analysed, "necessity")


@pytest.mark.model
def test_backing_a_plan_supports_it(analysed: dict) -> None:
    found = triples(analysed, "backing")
    assert ("DEU", "sanctions", "supports") in found
    assert ("DEU", "sanctions", "accepts") not in found


@pytest.mark.model
def test_an_agenda_item_in_a_party_s_words_is_its_proposal(analysed: dict) -> None:
    assert ("FRA", "territory", "proposes") in triples(analysed, "agenda")


@pytest.mark.model
def test_refusing_to_pay_for_an_issue_rejects_the_price_just_demanded(analysed: dict
                                                                       ) -> None:
    found = triples(analysed, "price")
    assert ("RUS", "military-aid-halt", "demands") in found
    assert ("DEU", "military-aid-halt", "rejects") in found
    assert ("DEU", "ceasefire-full", "rejects") not in found


@pytest.mark.model
def test_a_bare_cessation_refers_to_the_halt_just_named(analysed: dict) -> None:
    assert ("FRA", "energy-infrastructure-halt", "supports") in triples(analysed, "halt_noun")


# -- positions ---------------------------------------------------------------------------------


def stance(doc: str, actor: str, issue: str, kind: str, start: int = 0,
           condition: str | None = None) -> Stance:
    where = Provenance(doc, start, start + 5, "stances")
    return Stance(actor, issue, kind, "xxxxx", where, "xxxxx", where, condition)


def test_positions_group_documents_and_merge_conditions() -> None:
    docs = [
        DocStances("a", "2031-03-11", (stance("a", "x", "cf", "accepts"),)),
        DocStances("b", "2031-03-12", (stance("b", "x", "cf", "conditional", 5, "if y"),)),
    ]
    (p,) = build_positions(docs, {"a": "ev-1", "b": "ev-1"})
    assert (p.group_id, p.stance, p.condition) == ("ev-1", "conditional", "if y")
    assert p.docs == ("b", "a") and len(p.evidence) == 2
    assert (p.first_date, p.last_date) == ("2031-03-11", "2031-03-12")


def test_positions_record_stance_changes_in_time_order() -> None:
    docs = [
        DocStances("late", "2031-05-05", (stance("late", "x", "cf", "conditional"),)),
        DocStances("early", "2031-03-11", (stance("early", "x", "cf", "rejects"),
                                           stance("early", "y", "cf", "proposes"))),
    ]
    ordered = order_positions(build_positions(docs))
    by = {(p.actor_id, p.group_id): p for p in ordered}
    assert by[("x", "doc:early")].seq == 1 and by[("x", "doc:late")].seq == 2
    assert by[("x", "doc:late")].previous == "rejects"
    assert by[("x", "doc:early")].previous is None
    assert by[("y", "doc:early")].previous is None


def test_positions_are_stored_and_read_back(store) -> None:
    from storyline.link.positions import _insert, read_positions
    from storyline.model import Document

    doc = Document.from_text("Russia rejected it.").evolve(text="Russia rejected it.")
    store.add_document(doc)
    built = order_positions(build_positions(
        [DocStances(doc.id, None, (stance(doc.id, "RUS", "cf", "rejects"),))]))
    with store.engine.begin() as conn:
        _insert(conn, built)
    (p,) = read_positions(store)
    assert (p.actor_id, p.issue, p.stance, p.group_id) == ("RUS", "cf", "rejects",
                                                           f"doc:{doc.id}")
    assert p.evidence == built[0].evidence


def test_an_office_holder_speaks_for_the_party_of_the_office() -> None:
    from storyline.extract.actor_registry import load_registry
    from storyline.link.positions import registry_represents

    represents = registry_represents(load_registry())
    # a head of state's stance is also the state's; an EU post-holder's, the EU's
    assert represents("vladimir-putin", "2025-03-18") == "RUS"
    assert represents("kaja-kallas", "2025-03-18") == "eu"
    assert represents("kaja-kallas", "2023-03-18") == "EST"  # then prime minister
    assert represents("RUS", "2025-03-18") is None  # a state represents itself only
    docs = [DocStances("a", "2025-03-18", (stance("a", "vladimir-putin", "cf", "rejects"),
                                           stance("a", "RUS", "cf", "rejects", 9)))]
    by = {(p.actor_id, p.stance): p for p in build_positions(docs, represents=represents)}
    assert set(by) == {("vladimir-putin", "rejects"), ("RUS", "rejects")}
    assert len(by[("RUS", "rejects")].evidence) == 2
    assert len(by[("vladimir-putin", "rejects")].evidence) == 1


def test_the_word_prefilter_finds_what_every_expression_finds() -> None:
    """An issue expression is skipped only on a text that lacks a word it requires."""
    from storyline.extract import stances

    texts = [
        "A FULL 30-DAY CEASEFIRE and lifting sanctions, then a face-to-face meeting.",
        "They agreed on a freeze on arms deliveries and an exchange of prisoners.",
        "Security guarantees for the region were discussed over dinner.",
        "Nothing here names an issue at all.",
        "A \u0131 character makes every expression run: a complete truce.",
        "",
    ]
    issues = load_issues()
    rows, _by_word, _by_digit, _always = stances._plan(issues)
    assert sum(bool(row[3]) for row in rows) > len(rows) // 2
    filtered = [find_issues(t, issues) for t in texts]
    original = stances.lowered_for_filter
    try:
        stances.lowered_for_filter = lambda _text: None  # no filter: run every expression
        unfiltered = [find_issues(t, issues) for t in texts]
    finally:
        stances.lowered_for_filter = original
    assert filtered == unfiltered
    assert all(filtered[:3]) and filtered[3] == []
