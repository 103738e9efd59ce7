"""The stage registry: names pinned, contracts checked before input is read."""

from __future__ import annotations

import pytest

from storyline.config import load_config
from storyline.pipeline import PipelineError, build, run_batch
from storyline.registry import STAGES, get_stage, stage

# Pinned like spaCy's factory_registrations.json: renaming a stage breaks user configs.
REGISTERED = {
    "clean", "parse", "timex", "actors", "quotes", "events", "stances", "claims",
    "link", "claim_groups", "positions",
}  # fmt: skip


def test_registered_stage_names_are_pinned() -> None:
    get_stage("clean")
    assert set(STAGES) >= REGISTERED
    assert set(load_config().stage_names) == REGISTERED  # the default pipeline runs them all


def test_unknown_stage_is_a_clear_error() -> None:
    config = load_config(None, ['pipeline.stages=["clean", "telepathy"]'])
    with pytest.raises(PipelineError, match="no stage named 'telepathy'"):
        build(config)


def test_unmet_requirement_is_reported_before_running() -> None:
    @stage("needs_quotes_for_test", requires=("quotes",))
    def make() -> object:
        return lambda batch: batch

    config = load_config(None, ['pipeline.stages=["clean", "needs_quotes_for_test"]'])
    with pytest.raises(PipelineError, match="requires quotes"):
        build(config)
    del STAGES["needs_quotes_for_test"]


def test_a_taken_name_cannot_be_rebound() -> None:
    get_stage("clean")
    with pytest.raises(ValueError, match="already registered"):
        stage("clean")(lambda: None)


def test_unknown_setting_is_refused() -> None:
    config = load_config(None, ["stages.clean.colour=blue"])
    with pytest.raises(PipelineError, match="has no setting colour"):
        build(config)


def test_one_failing_document_does_not_sink_its_batch() -> None:
    from storyline.model import Document

    @stage("explode_on_boom_for_test")
    def make() -> object:
        def run(batch):
            if any("boom" in d.raw_text for d in batch):
                raise ValueError("boom found")
            return batch

        return run

    spec = get_stage("explode_on_boom_for_test")
    good, bad = Document.from_text("fine"), Document.from_text("boom")
    outcome = run_batch([(spec, spec.make())], [good, bad])
    assert [d.id for d in outcome.done] == [good.id]
    assert outcome.failed[0][0] == bad.id and "boom found" in outcome.failed[0][1]
    del STAGES["explode_on_boom_for_test"]
