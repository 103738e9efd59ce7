"""The example corpus through the real CLI: its negotiation positions against the fixture.

"Reproduced" means: every (actor, issue, stance) of tests/fixtures/examples/positions.json
is among storyline's positions for the event cluster (or document group) that holds one
of the fixture stance's documents. Issues are matched by label and keywords
(:func:`storyline.evaluation.positions.map_issues`), actors at the PLOVER actor level
(the actor or its ``actor_detail``; a state together with its seats and office holders).

``KNOWN_DIFFERENCES`` lists, with the reason, the fixture stances storyline does not
reproduce; the test fails if any other stance is missed or gets another stance, so the
list can only shrink.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import cli

pytestmark = [pytest.mark.slow, pytest.mark.model]

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus"
ACTORS = REPO / "examples" / "actors.yaml"
GOLD = REPO / "tests" / "fixtures" / "examples"

# fixture stance label ("issue | actor/detail | stance | event") -> why it differs
KNOWN_DIFFERENCES: dict[str, str] = {}  # every fixture stance is reproduced


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = str(tmp_path_factory.mktemp("positions") / "example.db")
    runner = CliRunner()
    base = ["--db", db, "--actors", str(ACTORS)]
    added = runner.invoke(cli, [*base, "add", str(CORPUS)])
    assert added.exit_code == 0, added.output
    analysed = runner.invoke(cli, [*base, "analyze", "--json"])
    assert analysed.exit_code == 0, analysed.output
    return Path(db)


@pytest.fixture(scope="module")
def scored(analysed: Path) -> tuple[dict, dict]:
    from storyline.config import load_config
    from storyline.evaluation.positions import (
        Predicted,
        actor_test,
        load_gold,
        map_issues,
        score,
    )
    from storyline.extract.actor_registry import load_registry
    from storyline.link.persist import read_event_clusters
    from storyline.link.positions import read_positions
    from storyline.store import Store

    with Store.open(str(analysed)) as store:
        docs = {d.id: d for d in store.iter_documents()}
        clusters = {c.id: c.members for c in read_event_clusters(store)}
        positions = read_positions(store)
    names = {i: d.name for i, d in docs.items()}
    predicted = []
    for p in positions:
        members = clusters.get(p.group_id) or (p.group_id.removeprefix("doc:"),)
        predicted.append(Predicted(
            frozenset(names[m] for m in members if m in names), p.actor_id, p.issue, p.stance,
            tuple((names[w.doc_id], w.start, w.end) for w in p.evidence if w.doc_id in names)))
    gold = load_gold(GOLD / "positions.json")
    config = load_config(None, [f"stages.actors.extra={json.dumps([str(ACTORS)])}"])
    settings = config.stage_settings("actors")
    registry = load_registry(settings["registry"], settings["extra"])
    entities = json.loads((GOLD / "entities.json").read_text("utf-8"))
    by_name = {d.name: d for d in docs.values()}
    return score(gold, predicted, map_issues(gold), actor_test(entities, registry, by_name),
                 {n: d.text for n, d in by_name.items()})


def test_positions_are_stored_with_evidence(analysed: Path) -> None:
    from storyline.link.positions import read_positions
    from storyline.store import Store

    with Store.open(str(analysed)) as store:
        positions = read_positions(store)
        texts = {d.id: d.text for d in store.iter_documents()}
    assert positions
    for p in positions:
        assert p.evidence and p.seq >= 1
        for w in p.evidence:
            assert 0 <= w.start < w.end <= len(texts[w.doc_id])


def test_stance_changes_are_tracked(analysed: Path) -> None:
    """Boravia on the full ceasefire: rejected in March, conditional in May."""
    from storyline.link.positions import read_positions
    from storyline.store import Store

    with Store.open(str(analysed)) as store:
        positions = [p for p in read_positions(store) if p.issue == "ceasefire-full"
                     and p.actor_id in ("boravia", "radomir-kasharin")]
    stances = [p.stance for p in sorted(positions, key=lambda p: p.seq)]
    assert "rejects" in stances and "conditional" in stances
    assert stances.index("rejects") < len(stances) - 1 - stances[::-1].index("conditional")
    assert any(p.stance == "conditional" and p.previous == "rejects" for p in positions)


def test_every_fixture_stance_is_reproduced(scored: tuple[dict, dict]) -> None:
    _metrics, details = scored
    unexpected = [m for m in details["missed"] + details["wrong_stance"]
                  if m.split(": got")[0] not in KNOWN_DIFFERENCES]
    assert not unexpected, "\n".join(unexpected)


def test_known_differences_are_still_differences(scored: tuple[dict, dict]) -> None:
    _metrics, details = scored
    now = {m.split(": got")[0] for m in details["missed"] + details["wrong_stance"]}
    fixed = sorted(set(KNOWN_DIFFERENCES) - now)
    assert not fixed, f"now reproduced, remove from KNOWN_DIFFERENCES: {fixed}"
