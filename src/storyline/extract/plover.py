"""The PLOVER event lexicon (``data/plover_lexicon.yaml``), loaded into lookup tables.

The YAML file is the dictionary; this module only reads it and answers questions the
event coder asks: which senses a verb has, whether a verb is a frame, a reporting verb or
a light verb, what type an event noun has, which mode words point to, and the PLOVER
type lists. See the YAML header for the format.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "COOPERATIVE_MATERIAL",
    "HOSTILE_MATERIAL",
    "PLOVER_TYPES",
    "V05_TO_CURRENT",
    "Frame",
    "Lexicon",
    "NounSense",
    "Sense",
    "current_type",
    "load_lexicon",
]

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
"""The 16 event types of PLOVER as POLECAT codes them (PLOVER manual 0.7 onwards)."""

# PLOVER 0.5/0.6 (the CAMEO-derived gold standard records) used 18 types. The current
# set renamed DEMAND to REQUEST, merged DISAPPROVE and INVESTIGATE into ACCUSE, and folded
# FIGHT into ASSAULT. The 0.7 manual also moved the "destroy property" mode from COERCE to
# ASSAULT, so a 0.5 COERCE record with mode "destroy" is an ASSAULT today.
V05_TO_CURRENT = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
MODE_MOVES = {("COERCE", "destroy"): "ASSAULT"}

# Material actions whose announcement (future, intent) is a promise or a threat.
COOPERATIVE_MATERIAL = frozenset({"AID", "COOPERATE", "RETREAT"})
HOSTILE_MATERIAL = frozenset({"ASSAULT", "COERCE", "SANCTION", "PROTEST", "MOBILIZE"})


def current_type(event_type: str, mode: str | None = None) -> str:
    """A PLOVER 0.5 event type in the current 16-type set (see :data:`V05_TO_CURRENT`)."""
    event_type = event_type.upper()
    moved = MODE_MOVES.get((event_type, (mode or "").lower()))
    if moved:
        return moved
    return V05_TO_CURRENT.get(event_type, event_type)


@dataclass(frozen=True)
class Sense:
    """One reading of an event verb: its type and mode, and when it applies."""

    type: str
    mode: str | None = None
    obj: frozenset[str] | None = None  # head nouns (or compounds) of the object
    obj_not: frozenset[str] = frozenset()
    obj_actor: bool = False  # needs an actor as its object
    prep: frozenset[str] | None = None  # needs one of these prepositions
    subj: frozenset[str] | None = None  # needs one of these subject nouns
    clause: bool = False  # needs a clause complement ("protested that ...")
    pair: bool = False  # needs two parties as subject ("the two presidents spoke")
    obj_place: bool = False  # needs a place as object ("will not trade Molrava")
    intransitive: bool = False  # only without an object ("demonstrated", not "... a gap")


@dataclass(frozen=True)
class Frame:
    """A control verb or predicate: it sets the type; its complement the mode and issue."""

    type: str | None = None
    concede: bool = False  # a de-escalation complement makes it CONCEDE
    keep: bool = False  # the complement keeps its type (with ``modality``)
    modality: str | None = None
    needs: frozenset[str] | None = None  # the complement's lemma must be one of these
    needs_complement: bool = False  # only with a clause complement (else not a frame)
    needs_object_infinitive: bool = False  # only as "V someone to do"
    cooperative: str | None = None  # the type when the complement is cooperative


@dataclass(frozen=True)
class NounSense:
    type: str
    mode: str | None = None
    modality: str | None = None
    needs: frozenset[str] | None = None


@dataclass(frozen=True, eq=False)
class Lexicon:
    classes: Mapping[str, frozenset[str]]
    reporting: frozenset[str]
    light: frozenset[str]
    frames: Mapping[str, Frame]
    predicates: Mapping[str, Frame]
    rejecting: tuple[tuple[str, ...], ...]
    accepting: tuple[tuple[str, ...], ...]
    rejecting_objects: tuple[tuple[str, ...], ...]
    evaluative: Mapping[str, str]  # word -> ACCUSE | SUPPORT ("illegal", "productive")
    verbs: Mapping[str, tuple[Sense, ...]]
    phrasal: Mapping[str, tuple[Sense, ...]]
    nouns: Mapping[str, NounSense]
    occurrence: frozenset[str]
    modes: Mapping[str, tuple[tuple[str, frozenset[str], tuple[tuple[str, ...], ...]], ...]]
    contexts: Mapping[str, tuple[frozenset[str], tuple[tuple[str, ...], ...]]]

    def cls(self, name: str) -> frozenset[str]:
        return self.classes.get(name, frozenset())


def _words(items: Iterable[Any], classes: Mapping[str, frozenset[str]]) -> frozenset[str]:
    out: set[str] = set()
    for item in items:
        text = str(item).lower()
        if text.startswith("@"):
            if text[1:] not in classes:
                raise ValueError(f"plover lexicon: unknown class {text}")
            out |= classes[text[1:]]
        else:
            out.add(text)
    return frozenset(out)


def _split(items: Iterable[Any], classes: Mapping[str, frozenset[str]]
           ) -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    """Single words and multi-word phrases of a keyword list."""
    singles = _words((i for i in items if " " not in str(i)), classes)
    phrases = tuple(tuple(str(i).lower().split()) for i in items if " " in str(i))
    return singles, phrases


def _senses(value: Any, classes: Mapping[str, frozenset[str]], where: str) -> tuple[Sense, ...]:
    entries = value if isinstance(value, list) else [value]
    out = []
    for entry in entries:
        if isinstance(entry, str):
            entry = {"type": entry}
        kind = str(entry["type"]).upper()
        if kind not in PLOVER_TYPES:
            raise ValueError(f"plover lexicon: {where}: unknown type {kind}")
        out.append(Sense(
            type=kind,
            mode=entry.get("mode"),
            obj=_words(entry["obj"], classes) if "obj" in entry else None,
            obj_not=_words(entry.get("obj_not", ()), classes),
            obj_actor=bool(entry.get("obj_actor", False)),
            prep=frozenset(entry["prep"]) if "prep" in entry else None,
            subj=_words(entry["subj"], classes) if "subj" in entry else None,
            clause=bool(entry.get("clause", False)),
            pair=bool(entry.get("pair", False)),
            obj_place=bool(entry.get("obj_place", False)),
            intransitive=bool(entry.get("intransitive", False)),
        ))
    return tuple(out)


def _frame(entry: Mapping[str, Any], classes: Mapping[str, frozenset[str]]) -> Frame:
    kind = entry.get("type")
    if kind is not None and str(kind).upper() not in PLOVER_TYPES:
        raise ValueError(f"plover lexicon: unknown frame type {kind}")
    return Frame(
        type=str(kind).upper() if kind else None,
        concede=bool(entry.get("concede", False)),
        keep=bool(entry.get("keep", False)),
        modality=entry.get("modality"),
        needs=_words(entry["needs"], classes) if "needs" in entry else None,
        needs_complement=bool(entry.get("needs_complement", False)),
        needs_object_infinitive=bool(entry.get("needs_object_infinitive", False)),
        cooperative=entry.get("cooperative"),
    )


def parse_lexicon(data: Mapping[str, Any]) -> Lexicon:
    """Build the lookup tables from the YAML mapping (validated as it goes)."""
    classes: dict[str, frozenset[str]] = {}
    for name, words in (data.get("classes") or {}).items():
        classes[name] = frozenset(str(w).lower() for w in words)
    modes = {}
    for kind, table in (data.get("modes") or {}).items():
        modes[kind] = tuple((mode, *_split(words, classes)) for mode, words in table.items())
    nouns = {}
    for noun, entry in (data.get("nouns") or {}).items():
        if isinstance(entry, str):
            entry = {"type": entry}
        nouns[str(noun)] = NounSense(
            type=str(entry["type"]).upper(),
            mode=entry.get("mode"),
            modality=entry.get("modality"),
            needs=_words(entry["needs"], classes) if "needs" in entry else None,
        )
    return Lexicon(
        classes=classes,
        reporting=frozenset(data.get("reporting") or ()),
        light=frozenset(data.get("light") or ()),
        frames={k: _frame(v, classes) for k, v in (data.get("frames") or {}).items()},
        predicates={k: _frame(v, classes) for k, v in (data.get("predicates") or {}).items()},
        rejecting=tuple(tuple(str(p).lower().split())
                        for p in data.get("rejecting_predicates") or ()),
        accepting=tuple(tuple(str(p).lower().split())
                        for p in data.get("accepting_predicates") or ()),
        rejecting_objects=tuple(tuple(str(p).lower().split())
                                for p in data.get("rejecting_objects") or ()),
        evaluative={**{str(w).lower(): "ACCUSE" for w in
                       (data.get("evaluative") or {}).get("negative", ())},
                    **{str(w).lower(): "SUPPORT" for w in
                       (data.get("evaluative") or {}).get("positive", ())}},
        verbs={str(k): _senses(v, classes, k) for k, v in (data.get("verbs") or {}).items()},
        phrasal={str(k): _senses(v, classes, k) for k, v in (data.get("phrasal") or {}).items()},
        nouns=nouns,
        occurrence=frozenset(data.get("occurrence") or ()),
        modes=modes,
        contexts={k: _split(v, classes) for k, v in (data.get("contexts") or {}).items()},
    )


def default_lexicon_path() -> Path:
    return Path(str(resources.files("storyline").joinpath("data/plover_lexicon.yaml")))


@lru_cache(maxsize=8)
def load_lexicon(source: str = "default") -> Lexicon:
    """The lexicon from ``source``: ``"default"`` (bundled) or a YAML file path.

    Cached per process, so a Dask worker reads it once.
    """
    path = default_lexicon_path() if source in ("", "default") else Path(source)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"plover lexicon {path}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise ValueError(f"plover lexicon {path}: not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise ValueError(f"plover lexicon {path}: expected a mapping at the top level")
    return parse_lexicon(data)
