"""Layered settings: defaults, then a user file, then --set."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.config import load_config, parse_override


def test_defaults_name_the_pipeline() -> None:
    config = load_config()
    assert config.stage_names[0] == "clean"
    assert config.section("ingest")["max_bytes"] > 0


def test_user_file_overrides_only_its_keys(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text("[ingest]\nmax_bytes = 5\n", "utf-8")
    config = load_config(path)
    assert config.section("ingest")["max_bytes"] == 5
    assert ".txt" in config.section("ingest")["text_extensions"]  # untouched default kept


def test_set_overrides_win_and_are_typed() -> None:
    config = load_config(None, ["pipeline.batch_size=32", "stages.clean.keep_captions=true"])
    assert config.section("pipeline")["batch_size"] == 32
    assert config.stage_settings("clean")["keep_captions"] is True


def test_bare_words_are_strings() -> None:
    assert parse_override("report.title=Velmar talks") == (["report", "title"], "Velmar talks")


def test_bad_override_is_refused() -> None:
    with pytest.raises(ValueError, match="KEY=VALUE"):
        parse_override("no-equals-sign")


def test_fingerprint_changes_with_stage_settings() -> None:
    assert (
        load_config().fingerprint()
        != load_config(None, ["stages.clean.max_furniture_words=3"]).fingerprint()
    )
    assert load_config().fingerprint() == load_config(None, ["ingest.max_bytes=7"]).fingerprint()


def test_fingerprint_follows_the_content_of_named_files(tmp_path: Path) -> None:
    actors = tmp_path / "actors.yaml"
    actors.write_text("actors: []\n", "utf-8")
    override = [f'stages.clean.extra_file="{actors}"']
    before = load_config(None, override).fingerprint()
    actors.write_text("actors: [{id: x, name: X, type: person}]\n", "utf-8")
    assert load_config(None, override).fingerprint() != before
