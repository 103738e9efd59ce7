"""The actors stage: registry, metonymy, roles by date, fuzzy names, induction, pronouns."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from storyline.config import load_config
from storyline.extract.actor_registry import load_registry, role_key, word_tokens
from storyline.extract.actors import (
    ActorOptions,
    antecedent,
    resolve_document,
    resolve_mention,
)
from storyline.model import Document
from storyline.nlp import parse_documents
from storyline.pipeline import build

USER_FILE = """\
actors:
  - id: anna-kowalska
    name: Anna Kowalska
    type: person
    country: POL
    gender: f
    roles: [{role: deputy foreign minister, of: POL, from: "2024-01-01"}]
  - id: anna-kowalski
    name: Anna Kowalski
    type: person
    country: POL
    gender: f
  - id: vladimir-putin
    name: Vladimir Putin
    type: person
    country: RUS
    aliases: [VVP]
    gender: m
  - id: xal
    name: Republic of Altavia
    type: country
    country: XAL
    aliases: [Altavia]
    demonyms: [Altavian, Altavians]
    capital: Brenn
    roles: []
  - id: ilse-maro
    name: Ilse Maro
    type: person
    country: XAL
    gender: f
    roles: [{role: president, of: XAL, from: "2030-01-01"}]
"""


def analyse(text: str, published: str | None = None, extra: tuple[str, ...] = ()) -> Document:
    doc = Document.from_text(text).evolve(text=text, published=published)
    (parsed,) = parse_documents([doc])
    options = ActorOptions(extra=extra)
    return resolve_document(parsed, load_registry("default", extra), options)


def at(doc: Document, text: str, nth: int = 0):
    """The mention covering the nth occurrence of ``text``."""
    found = list(re.finditer(r"(?<!\w)" + re.escape(text) + r"(?!\w)", doc.text))
    start = found[nth].start()
    return resolve_mention(doc, start, start + len(text))


def assert_provenance(doc: Document) -> None:
    for m in doc.mentions:
        assert doc.text[m.where.start : m.where.end] == m.text
        assert m.where.doc_id == doc.id and m.where.stage == "actors"
    named = {a.id for a in doc.actors}
    assert {m.actor_id for m in doc.mentions if m.actor_id} == named


@pytest.fixture(scope="module")
def user_file(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("actors") / "user.yaml"
    path.write_text(USER_FILE, encoding="utf-8")
    return str(path)


# -- registry ------------------------------------------------------------------------------


def test_registry_has_every_iso_country_and_the_world_entries() -> None:
    reg = load_registry()
    assert reg.get("BTN").name == "Bhutan"  # from pycountry, not typed
    assert reg.get("RUS").name == "Russia" and "Russian" in reg.get("RUS").demonyms
    assert reg.get("vladimir-putin").type == "person"
    assert reg.get("nato").type == "organisation"
    assert [it.actor_id for it in reg.lexicon[("kremlin",)]] == ["RUS"]
    assert load_registry() is reg  # loaded once per process


def test_roles_are_dated_and_leaders_follow_the_flag_or_the_order() -> None:
    reg = load_registry()
    assert [e.id for e in reg.holders("leader", ["DEU"], date(2024, 6, 1))] == ["olaf-scholz"]
    assert [e.id for e in reg.holders("leader", ["DEU"], date(2025, 6, 1))] == ["friedrich-merz"]
    assert [e.id for e in reg.holders("leader", ["RUS"], None)] == ["vladimir-putin"]
    assert [e.id for e in reg.holders("president", ["USA"], date(2023, 1, 1))] == ["joe-biden"]


def test_role_phrases_meet_in_one_key() -> None:
    assert role_key("U.S. Secretary of State") == "foreign minister"
    assert role_key("Defense Secretary") == "defence minister"
    assert role_key("Deputy Foreign Minister") == "deputy foreign minister"
    assert role_key("Vice President") == "vice president"


def test_word_tokens_keep_offsets_and_abbreviations() -> None:
    text = "U.S.-Russia talks, Russia’s view"
    words = word_tokens(text)
    assert [w.text for w in words] == ["U.S.", "Russia", "talks", "Russia", "’s", "view"]
    assert all(text[w.start : w.end] == w.text for w in words)


def test_user_file_replaces_by_id_and_adds(user_file: str) -> None:
    reg = load_registry("default", (user_file,))
    assert reg.get("vladimir-putin").source == "user"
    assert reg.get("vladimir-putin").roles == ()  # replaced, not merged
    assert reg.get("xal").name == "Republic of Altavia"
    assert load_registry().get("vladimir-putin").source == "registry"  # default untouched


def test_a_user_file_may_be_json(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"actors": [
        {"id": "lena-brask", "name": "Lena Brask", "type": "person", "country": "DNK",
         "roles": [{"role": "defence minister", "of": "DNK", "from": "2030-01-01"}]},
    ]}), encoding="utf-8")
    reg = load_registry("default", (str(path),))
    assert [e.id for e in reg.holders("defence minister", ["DNK"], date(2031, 1, 1))] == [
        "lena-brask"
    ]


def test_user_files_reach_the_stage_through_the_config(user_file: str) -> None:
    config = load_config(None, [f'stages.actors.extra=["{user_file}"]'])
    assert config.stage_settings("actors")["extra"] == [user_file]
    names = [spec.name for spec, _ in build(config).document_stages]
    assert names.index("parse") < names.index("actors")


def test_a_bad_user_file_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors:\n  - {name: Nobody}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="lacks id, type"):
        load_registry("default", (str(bad),))


# -- the stage (needs the trained spaCy model) ------------------------------------------------


@pytest.mark.model
def test_a_title_with_a_demonym_is_part_of_the_person() -> None:
    doc = analyse("Russian President Vladimir Putin met officials. Russian troops advanced.")
    first = at(doc, "Russian President Vladimir Putin")
    assert first.actor_id == "vladimir-putin"
    assert first.text == "Russian President Vladimir Putin"
    assert at(doc, "Russian", nth=1).actor_id == "RUS"
    assert_provenance(doc)


@pytest.mark.model
def test_metonymy_actor_versus_place() -> None:
    doc = analyse(
        "Moscow rejected the proposal on Monday. The Kremlin said the terms were unfair, "
        "and Moscow's conditions remain unchanged. Talks will be held in Moscow next week, "
        "after the envoy arrived in Kyiv."
    )
    assert at(doc, "Moscow").kind == "metonym" and at(doc, "Moscow").actor_id == "RUS"
    assert at(doc, "The Kremlin").actor_id == "RUS"
    assert at(doc, "Moscow", nth=1).actor_id == "RUS"
    assert at(doc, "Moscow", nth=2) is None  # "held in Moscow": a place
    assert at(doc, "Kyiv") is None  # "arrived in Kyiv": a place
    assert_provenance(doc)


@pytest.mark.model
def test_role_descriptions_resolve_to_the_holder_on_the_articles_date() -> None:
    text = "The German chancellor spoke to the Russian leader. Ukraine's president was not told."
    old = analyse(text, published="2024-06-01")
    new = analyse(text, published="2025-06-01")
    assert at(old, "The German chancellor").actor_id == "olaf-scholz"
    assert at(new, "The German chancellor").actor_id == "friedrich-merz"
    assert at(new, "the Russian leader").actor_id == "vladimir-putin"
    assert at(new, "Ukraine's president").actor_id == "volodymyr-zelenskyy"
    assert at(new, "the Russian leader").kind == "role"


@pytest.mark.model
def test_a_garbled_surname_matches_only_with_agreeing_context() -> None:
    doc = analyse(
        "British Prime Minister Keir Starmar said the talks would go on. "
        "Keith Starmer, a plumber from Leeds, said he had not been asked."
    )
    starmar = at(doc, "Keir Starmar")
    assert starmar.actor_id == "keir-starmer" and starmar.confidence < 1
    other = at(doc, "Keith Starmer")
    assert other is not None and other.actor_id != "keir-starmer"  # no false merge
    assert_provenance(doc)


@pytest.mark.model
def test_two_registry_people_with_similar_names_are_never_merged(user_file: str) -> None:
    doc = analyse(
        "Anna Kowalski met Anna Kowalska on Monday. Later Anna Kowalsko spoke to the press.",
        extra=(user_file,),
    )
    assert at(doc, "Anna Kowalski").actor_id == "anna-kowalski"
    assert at(doc, "Anna Kowalska").actor_id == "anna-kowalska"
    garbled = at(doc, "Anna Kowalsko")  # as close to one as to the other: no guess
    assert garbled is None or garbled.actor_id not in {"anna-kowalska", "anna-kowalski"}
    spelled = analyse("Anna Kowalsky spoke to the press.", extra=(user_file,))
    assert at(spelled, "Anna Kowalsky").actor_id == "anna-kowalski"  # y for i: a variant


@pytest.mark.model
def test_a_relative_with_a_registry_surname_is_someone_else() -> None:
    doc = analyse("Hunter Biden spoke to reporters on Monday.")
    assert at(doc, "Hunter Biden").actor_id == "induced:hunter-biden"


@pytest.mark.model
def test_a_missing_person_is_induced_with_the_role_the_text_gives() -> None:
    doc = analyse(
        "Marta Kellenbach, a senior fellow at the Polish Institute of Peace Studies, said "
        "the talks would fail. Kellenbach added that the sanctions were weak."
    )
    full = at(doc, "Marta Kellenbach")
    assert full.actor_id == "induced:marta-kellenbach" and full.kind == "induced"
    assert at(doc, "Kellenbach", nth=1).actor_id == "induced:marta-kellenbach"
    (actor,) = [a for a in doc.actors if a.id == "induced:marta-kellenbach"]
    assert actor.source == "induced" and actor.type == "person"
    assert actor.role is not None and "senior fellow" in actor.role
    assert actor.country == "POL"


@pytest.mark.model
def test_a_title_gives_an_induced_person_role_and_country() -> None:
    doc = analyse("Russian Deputy Foreign Minister Pavel Orlinsky said on Monday that ...")
    (actor,) = [a for a in doc.actors if a.source == "induced"]
    assert actor.name == "Pavel Orlinsky" and actor.role == "Deputy Foreign Minister"
    assert actor.country == "RUS"


@pytest.mark.model
def test_pronouns_and_bare_roles_find_their_antecedent() -> None:
    doc = analyse(
        "Emmanuel Macron met Giorgia Meloni in Rome on Monday. She said the meeting went well. "
        "JD Vance spoke later. The Vice President said he was hopeful."
    )
    assert at(doc, "She").actor_id == "giorgia-meloni"
    assert at(doc, "The Vice President").actor_id == "jd-vance"
    assert at(doc, "he").actor_id == "jd-vance"
    # the public API gives the same answer from the analysed document alone
    position = doc.text.index("She")
    assert antecedent(doc, position, want="female").actor_id == "giorgia-meloni"
    assert antecedent(doc, position, want="male").actor_id == "emmanuel-macron"
    assert antecedent(doc, len(doc.text), role="vice president").actor_id == "jd-vance"
    assert antecedent(doc, position, want="group") is None  # no collective before "She"
    # with no gender to go by, the previous sentence's subject wins
    assert antecedent(doc, position, want="actor").actor_id == "emmanuel-macron"


@pytest.mark.model
def test_an_object_pronoun_skips_the_subject_of_its_sentence() -> None:
    doc = analyse("Boris Pistorius faulted Putin's conduct, accusing him of stalling the talks.")
    assert at(doc, "him").actor_id == "vladimir-putin"


@pytest.mark.model
def test_a_surname_alone_after_the_full_name_and_quotes_are_skipped() -> None:
    doc = analyse(
        "Steve Witkoff confirmed the meeting. “We told Putin it was serious,” he said. "
        "Witkoff added that talks would continue."
    )
    assert at(doc, "Witkoff", nth=1).actor_id == "steve-witkoff"
    assert at(doc, "he").actor_id == "steve-witkoff"  # not Putin, who is inside the quote


@pytest.mark.model
def test_user_actors_are_resolved_with_their_capital(user_file: str) -> None:
    doc = analyse(
        "Altavian President Ilse Maro said Brenn would not yield. Brenn rejected the offer.",
        published="2031-02-01",
        extra=(user_file,),
    )
    assert at(doc, "Altavian President Ilse Maro").actor_id == "ilse-maro"
    assert at(doc, "Brenn", nth=1).actor_id == "xal"
    assert_provenance(doc)


@pytest.mark.model
def test_resolve_mention_finds_the_mention_inside_a_speaker_phrase() -> None:
    doc = analyse("Putin's foreign policy aide Ivan Dorokhov said the call went well.")
    phrase = "Putin's foreign policy aide Ivan Dorokhov"
    start = doc.text.index(phrase)
    found = resolve_mention(doc, start, start + len(phrase))
    assert found is not None and found.actor_id == "induced:ivan-dorokhov"
    (actor,) = [a for a in doc.actors if a.id == "induced:ivan-dorokhov"]
    assert actor.country == "RUS"  # the possessor's country
    assert resolve_mention(doc, 0, 1) is not None  # inside "Putin"


@pytest.mark.model
def test_provenance_holds_on_a_messy_text() -> None:
    doc = analyse(
        "U.S.-Russia talks resumed. The Trump administration said the White House's plan "
        "stood; NATO and the EU disagreed, and the alliance warned Beijing.\n\n"
        "Kyiv • Wire\n\nZelensky, Ukraine’s president, said his troops would hold."
    )
    assert_provenance(doc)
    assert at(doc, "The Trump administration").actor_id == "USA"
    assert at(doc, "the alliance").actor_id == "nato"
    assert at(doc, "Zelensky").actor_id == "volodymyr-zelenskyy"
    assert at(doc, "his troops").actor_id == "UKR"


def test_without_a_parse_registry_names_still_resolve() -> None:
    text = "Vladimir Putin and the Kremlin rejected talks in Moscow."
    doc = Document.from_text(text).evolve(text=text)
    (parsed,) = parse_documents([doc], model="blank")
    out = resolve_document(parsed)
    assert at(out, "Vladimir Putin").actor_id == "vladimir-putin"
    assert at(out, "the Kremlin").actor_id == "RUS"  # seats count as actors
    assert at(out, "Moscow") is None  # capitals as places
    assert_provenance(out)
