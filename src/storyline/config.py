"""Layered settings: shipped defaults, then a user file, then ``--set`` overrides.

As in trafilatura's ``use_config``, the defaults are read first so a partial user file
only overrides the keys it sets. The result is one frozen :class:`Config` that the CLI
builds once and passes down.
"""

from __future__ import annotations

import copy
import hashlib
import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["Config", "load_config", "parse_override"]


@dataclass(frozen=True)
class Config:
    """The merged settings for one run."""

    data: Mapping[str, Any]

    @property
    def stage_names(self) -> list[str]:
        return list(self.data.get("pipeline", {}).get("stages", []))

    def stage_settings(self, name: str) -> dict[str, Any]:
        return dict(self.data.get("stages", {}).get(name, {}))

    def section(self, name: str) -> dict[str, Any]:
        return dict(self.data.get(name, {}))

    def fingerprint(self) -> str:
        """A hash of the settings that shape analysis results.

        Stored with each analysed document, so a changed pipeline can be detected.
        """
        relevant = {"pipeline": self.data.get("pipeline"), "stages": self.data.get("stages")}
        blob = json.dumps(relevant, sort_keys=True, default=str).encode()
        digest = hashlib.sha256(blob)
        # A setting that names a file (a user's actor registry) changes the results when
        # the file's content changes, not only its name.
        for path in sorted(_file_settings(self.data.get("stages", {}))):
            digest.update(path.encode())
            digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
        return digest.hexdigest()[:12]


def _file_settings(node: Any) -> set[str]:
    """Every string in a settings tree that names an existing file."""
    if isinstance(node, Mapping):
        return set().union(*(_file_settings(v) for v in node.values())) if node else set()
    if isinstance(node, list | tuple):
        return set().union(*(_file_settings(v) for v in node)) if node else set()
    if isinstance(node, str) and ("/" in node or "." in node) and len(node) < 4096:
        try:
            return {node} if Path(node).is_file() else set()
        except OSError:
            return set()
    return set()


def _merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = copy.deepcopy(value)
    return base


def parse_override(item: str) -> tuple[list[str], Any]:
    """Parse ``stages.clean.min_words=6`` into a key path and a TOML-typed value."""
    if "=" not in item:
        raise ValueError(f"--set expects KEY=VALUE, got {item!r}")
    key, raw = item.split("=", 1)
    path = [part for part in key.strip().split(".") if part]
    if not path:
        raise ValueError(f"--set has an empty key in {item!r}")
    try:
        value = tomllib.loads(f"v = {raw.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw.strip()  # a bare word is a string
    return path, value


def load_config(path: str | Path | None = None, overrides: Iterable[str] = ()) -> Config:
    """Defaults, then the user's TOML file, then ``--set`` overrides."""
    text = resources.files("storyline").joinpath("defaults.toml").read_text("utf-8")
    data = tomllib.loads(text)
    if path is not None:
        with open(path, "rb") as handle:
            _merge(data, tomllib.load(handle))
    for item in overrides:
        keys, value = parse_override(item)
        node = data
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        node[keys[-1]] = value
    return Config(data)
