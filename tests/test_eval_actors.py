"""`storyline eval actors`: occurrences, accepted actors, scoring, the CLI, the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.evaluation.actors import (
    accepted_ids,
    evaluate,
    find_occurrences,
    score_documents,
)
from storyline.extract.actor_registry import load_registry
from storyline.model import Actor, Document, Mention, Provenance


def entity(canonical: str, type_: str, forms: dict[str, list[str]], **extra) -> dict:
    return {"canonical": canonical, "type": type_, "is_actor": True,
            "surface_forms_by_doc": forms, **extra}


def doc_with(name: str, text: str, spans: list[tuple[str, str | None]]) -> Document:
    """A document whose mentions are the first occurrences of the given texts."""
    doc = Document.from_text(text, name=name).evolve(text=text)
    mentions = []
    for surface, actor_id in spans:
        start = text.index(surface)
        where = Provenance(doc.id, start, start + len(surface), "actors")
        mentions.append(Mention(surface, actor_id, "name", where))
    actors = tuple(Actor(a, a, "person", source="induced") for _, a in spans
                   if a and a.startswith("induced:"))
    return doc.evolve(mentions=tuple(mentions), actors=actors)


def test_an_occurrence_inside_a_longer_gold_form_is_not_scored_alone() -> None:
    text = "Russian President Vladimir Putin met Russian envoys. Putin left."
    occs = find_occurrences(text, [(0, "Vladimir Putin"), (0, "Putin"), (1, "Russian"),
                                   (0, "Russian President Vladimir Putin")])
    found = sorted((o.form, o.start) for o in occs)
    assert found == [("Putin", 53), ("Russian", 37), ("Russian President Vladimir Putin", 0)]


def test_accepted_ids_follow_names_referents_and_state_organs() -> None:
    reg = load_registry()
    gold = [
        entity("Russia", "state", {}, country="RUS"),
        entity("Kremlin", "government body (metonym)", {}, country="RUS", refers_to="Russia"),
        entity("Armed Forces of Ukraine", "military", {}, country="UKR"),
        entity("Western allies of Ukraine", "group of governments", {}),
        entity("Marta Kellenbach", "person", {}, country="POL"),
        entity("Some Think Tank", "think tank", {}, country="POL"),
    ]
    by_name = {e["canonical"]: e for e in gold}
    induced = [Actor("induced:marta-kellenbach", "Marta Kellenbach", "person", source="induced")]
    assert accepted_ids(gold[0], reg, by_name) == {"RUS"}
    assert "RUS" in accepted_ids(gold[1], reg, by_name)  # the metonym's referent
    assert accepted_ids(gold[2], reg, by_name) == {"UKR"}  # a state organ -> the state
    assert accepted_ids(gold[3], reg, by_name) == {"the-west"}  # alias "Western allies"
    assert accepted_ids(gold[4], reg, by_name, induced) == {"induced:marta-kellenbach"}
    assert accepted_ids(gold[5], reg, by_name) == set()  # not a state organ


def test_scoring_counts_units_occurrences_and_misses() -> None:
    name = "a.txt"
    text = "Vladimir Putin spoke. Putin left. Moscow agreed. Talks were in Moscow."
    gold = [
        entity("Vladimir Putin", "person", {name: ["Vladimir Putin", "Putin"]}),
        entity("Moscow", "place used as actor (metonym)", {name: ["Moscow"]},
               country="RUS", refers_to="Russia"),
        entity("Russia", "state", {name: ["Russia"]}, country="RUS"),  # absent from text
        {"canonical": "Talks", "type": "event", "is_actor": False,
         "surface_forms_by_doc": {name: ["Talks"]}},
    ]
    doc = doc_with(name, text, [("Vladimir Putin", "vladimir-putin"), ("Putin left", None),
                                ("Moscow", "RUS")])
    result = score_documents([doc], gold, load_registry())
    # "Putin" inside "Vladimir Putin" is not scored; the free "Putin" has an unresolved
    # mention; one "Moscow" of two resolves, which is enough for its unit.
    assert result.metrics["units"] == 3
    assert result.metrics["resolution_accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    assert result.metrics["occurrence_accuracy"] == pytest.approx(2 / 4, abs=1e-4)
    (miss,) = result.details["misses"]
    assert miss["form"] == "Putin" and miss["got"] == [["Putin left", None, "name"]]
    assert "1 forms absent" in result.notes[1]


def test_a_coordinated_phrase_credits_each_side() -> None:
    name = "b.txt"
    text = "Russian and Ukrainian delegations met."
    gold = [
        entity("Russian delegation", "delegation", {name: ["Russian and Ukrainian delegations"]},
               country="RUS"),
        entity("Ukrainian delegation", "delegation",
               {name: ["Russian and Ukrainian delegations"]}, country="UKR"),
    ]
    doc = doc_with(name, text, [("Russian", "RUS"), ("Ukrainian", "UKR")])
    result = score_documents([doc], gold, load_registry())
    assert result.metrics["resolution_accuracy"] == 1.0


@pytest.mark.model
def test_eval_actors_cli_with_a_user_registry(tmp_path: Path, invoke) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "one.txt").write_text(
        "Altavian President Ilse Maro spoke on Monday. Brenn rejected the offer, and Maro "
        "said talks in Brenn would wait.\n", encoding="utf-8")
    user = tmp_path / "user.yaml"
    user.write_text(
        "actors:\n"
        "  - {id: xal, name: Altavia, type: country, country: XAL, demonyms: [Altavian],"
        " capital: Brenn}\n"
        "  - {id: ilse-maro, name: Ilse Maro, type: person, country: XAL,"
        " roles: [{role: president, of: XAL}]}\n",
        encoding="utf-8")
    gold = tmp_path / "entities.json"
    gold.write_text(json.dumps([
        entity("Ilse Maro", "person", {"one.txt": ["Ilse Maro", "Maro"]}),
        entity("Altavia", "state", {"one.txt": ["Brenn"]}, country="XAL"),
    ]), encoding="utf-8")
    result = invoke("--actors", str(user), "eval", "actors", "--seeds", str(seeds),
                    "--gold", str(gold), "--json", "--details")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["task"] == "actors"
    assert data["metrics"]["resolution_accuracy"] == 1.0
    assert data["metrics"]["occurrence_accuracy"] == pytest.approx(3 / 4)  # "in Brenn": place
    without = invoke("eval", "actors", "--seeds", str(seeds), "--gold", str(gold), "--json")
    assert json.loads(without.output)["metrics"]["resolution_accuracy"] < 1.0


def test_eval_actors_with_a_missing_file_is_a_usage_error(invoke, tmp_path: Path) -> None:
    result = invoke("--actors", str(tmp_path / "nope.yaml"), "stages")
    assert result.exit_code == 2


@pytest.mark.model
@pytest.mark.shared
def test_seeds_reach_the_acceptance_floor(shared: Path) -> None:
    result = evaluate(shared / "seeds", shared / "gold/seeds/entities.json")
    assert result.n >= 100
    assert result.metrics["resolution_accuracy"] >= 0.90, result.details["misses"]
