"""The actor registry: who can be named, how, and who held which role when.

The registry is the bundled world file (``storyline/data/actors.yaml``) on top of every
ISO 3166 country from pycountry, plus any user files (``--actors FILE``, setting
``stages.actors.extra``) in the same schema. The world file *adds* to the pycountry
countries (names, demonyms, capitals); a user entry *replaces* an entry with the same id.

It is loaded once per process (:func:`load_registry` is cached) and is read-only, so a
stage may share it across batches and Dask tasks.

Matching works on a light tokenisation of the text (:func:`word_tokens`) that is
independent of spaCy, so "U.S.-Russia" or "Russia’s" split the same way in the registry
and in the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pycountry
import yaml

__all__ = [
    "ACTOR_TYPES",
    "LEADER_ORDER",
    "Entry",
    "LexItem",
    "Registry",
    "RoleSpell",
    "WordToken",
    "load_registry",
    "norm_word",
    "parse_date",
    "role_key",
    "word_tokens",
]

ACTOR_TYPES = ("country", "person", "organisation", "government", "group")

# Roles that make their holder "the <country|organisation> leader", in order of
# precedence when no role of that country is flagged ``leader: true``.
LEADER_ORDER = (
    "president",
    "supreme leader",
    "prime minister",
    "chancellor",
    "general secretary",
    "secretary general",
    "pope",
    "king",
    "queen",
    "emir",
    "sultan",
    "emperor",
    "leader",
    "chairperson",
    "director general",
    "managing director",
)

# Phrases for the same office, mapped to one key. Applied to registry roles and to role
# descriptions in the text alike, so "Secretary of State Rubio" and "the US foreign
# minister" meet. Longest phrase wins ("vice president" before "president").
ROLE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "president": ("president",),
    "vice president": ("vice president", "vp"),
    "prime minister": ("prime minister", "premier", "pm", "taoiseach", "head of government"),
    "chancellor": ("chancellor",),
    "foreign minister": (
        "foreign minister",
        "foreign secretary",
        "secretary of state",
        "minister of foreign affairs",
        "minister for foreign affairs",
        "foreign affairs minister",
        "top diplomat",
        "chief diplomat",
        "foreign policy chief",
        "high representative for foreign affairs and security policy",
        "high representative",
    ),
    "defence minister": (
        "defence minister",
        "defence secretary",
        "secretary of defence",
        "minister of defence",
        "minister for defence",
        "minister of the armed forces",
        "armed forces minister",
        "secretary of war",
        "war secretary",
        "pentagon chief",
    ),
    "envoy": ("envoy", "special envoy", "peace envoy", "special representative", "emissary"),
    "secretary general": ("secretary general",),
    "general secretary": ("general secretary",),
    "supreme leader": ("supreme leader",),
    "spokesperson": ("spokesperson", "spokesman", "spokeswoman", "press secretary"),
    "national security adviser": ("national security adviser", "national security advisor"),
    "king": ("king", "monarch"),
    "queen": ("queen",),
    "emir": ("emir", "amir"),
    "sultan": ("sultan",),
    "pope": ("pope", "pontiff"),
    "emperor": ("emperor",),
    "crown prince": ("crown prince",),
    "ambassador": ("ambassador",),
    "chairperson": ("chairperson", "chairman", "chairwoman", "chair"),
    "director general": ("director general",),
    "managing director": ("managing director",),
    "leader": ("leader", "head of state"),
}

# Words in front of an office that make it a different office.
_ROLE_PREFIXES = ("first deputy", "deputy", "former", "ex", "assistant", "acting", "vice")

_SYNONYM_TO_KEY: dict[str, str] = {
    phrase: key for key, phrases in ROLE_SYNONYMS.items() for phrase in phrases
}
_SYNONYMS_BY_LENGTH = sorted(_SYNONYM_TO_KEY, key=len, reverse=True)

_WORD = re.compile(r"['’]s(?!\w)|(?:[^\W\d_]\.){2,}|\w+")
_COMBINING = re.compile(r"[\u0300-\u036f]")


@dataclass(frozen=True, slots=True)
class WordToken:
    """A word of the text for matching: its characters, normal form and shape.

    shape (int): 2 all capitals (acronym), 1 capitalised, 0 otherwise.
    """

    i: int
    text: str
    norm: str
    start: int
    end: int
    shape: int


@lru_cache(maxsize=65536)
def norm_word(word: str) -> str:
    """Case-folded, accents and dots removed, curly apostrophe straightened.

    Cached: the same words recur in every document and in every registry scan."""
    word = unicodedata.normalize("NFKD", word.replace("’", "'"))
    word = _COMBINING.sub("", word).replace(".", "")
    return word.casefold().replace("ł", "l").replace("ø", "o").replace("đ", "d")


@lru_cache(maxsize=65536)
def _shape(word: str) -> int:
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return 0
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return 2
    return 1 if letters[0].isupper() else 0


def word_tokens(text: str) -> list[WordToken]:
    """Words, dotted abbreviations ("U.S.") and possessive "’s" with character offsets."""
    out = []
    for i, m in enumerate(_WORD.finditer(text)):
        word = m.group()
        out.append(WordToken(i, word, norm_word(word), m.start(), m.end(), _shape(word)))
    return out


@lru_cache(maxsize=16384)
def role_key(text: str) -> str:
    """The office a role phrase names ("Secretary of State" -> "foreign minister").

    A prefix such as "deputy" or "former" is kept ("deputy foreign minister"), because a
    deputy is not the minister. Text naming no known office comes back normalised.
    Cached: the same few role phrases recur in every document.
    """
    t = " ".join(w.norm for w in word_tokens(text.replace("-", " ")))
    t = t.replace("defense", "defence").replace("advisor", "adviser")
    t = re.sub(r"^(the|a|an) ", "", t)
    for phrase in _SYNONYMS_BY_LENGTH:
        if phrase not in t:
            continue  # the expression below needs the phrase itself
        match = re.search(rf"(?:^|\s){re.escape(phrase)}(?:\s|$)", t)
        if not match:
            continue
        key = _SYNONYM_TO_KEY[phrase]
        before = t[: match.start()].strip()
        for prefix in _ROLE_PREFIXES:
            if before == prefix or before.endswith(" " + prefix):
                if prefix == "vice" and key == "president":
                    break
                return f"{prefix} {key}"
        if "ministry" in before.split():
            return f"{before} {key}"
        return key
    return t


def parse_date(value: Any) -> date | None:
    """An ISO date, possibly partial ("2025", "2025-02"): the start of that period."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    parts = str(value).strip()[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return date(year, month, day)
    except (ValueError, IndexError):
        return None


@dataclass(frozen=True, slots=True)
class RoleSpell:
    """One spell in office: ``role`` as written, ``key`` its office, ``of`` whom."""

    role: str
    key: str
    of: str | None
    start: date | None = None
    end: date | None = None
    leader: bool = False

    def active(self, when: date | None) -> bool:
        """Held on ``when``; with no date, held now (no end date)."""
        if when is None:
            return self.end is None
        return (self.start is None or self.start <= when) and (self.end is None or when < self.end)


@dataclass(frozen=True)
class Entry:
    """One registry actor. Lists are tuples; ``source`` is registry | user."""

    id: str
    name: str
    type: str
    country: str | None = None
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    seats: tuple[str, ...] = ()
    roles: tuple[RoleSpell, ...] = ()
    gender: str | None = None
    surname: str | None = None
    nouns: tuple[str, ...] = ()
    source: str = "registry"

    @property
    def given_names(self) -> tuple[str, ...]:
        """First names of a person (of the name and of multi-word aliases)."""
        if self.type != "person" or not self.surname:
            return ()
        out = []
        sur = norm_word(self.surname.split()[0])
        for name in (self.name, *self.aliases):
            words = [w.norm for w in word_tokens(name)]
            if len(words) >= 2 and words[0] != sur and words[-1] == norm_word(
                self.surname.split()[-1]
            ):
                out.append(words[0])
        return tuple(dict.fromkeys(out))

    def spells(self, when: date | None) -> list[RoleSpell]:
        return [r for r in self.roles if r.active(when)]


@dataclass(frozen=True, slots=True)
class LexItem:
    """One way of naming an actor: ``kind`` is name | alias | demonym | capital | seat |
    surname; ``shape`` the capitalisation each word must have in the text."""

    actor_id: str
    kind: str
    shape: tuple[int, ...]
    with_the: bool = False


KIND_ORDER = {"name": 0, "alias": 1, "seat": 2, "demonym": 3, "capital": 4, "surname": 5}


@dataclass
class Registry:
    """Entries by id, a word-sequence lexicon, and role lookup."""

    entries: dict[str, Entry]
    lexicon: dict[tuple[str, ...], list[LexItem]] = field(default_factory=dict)
    max_words: int = 1
    by_code: dict[str, list[str]] = field(default_factory=dict)  # alpha-3 -> country ids
    surname_index: dict[str, list[str]] = field(default_factory=dict)  # norm -> person ids

    def __post_init__(self) -> None:
        self._build()

    def __contains__(self, actor_id: str) -> bool:
        return actor_id in self.entries

    def get(self, actor_id: str) -> Entry | None:
        return self.entries.get(actor_id)

    def _add(self, phrase: str, actor_id: str, kind: str) -> None:
        words = word_tokens(phrase.replace("-", " "))
        with_the = bool(words) and words[0].norm == "the" and len(words) > 1
        if with_the:
            words = words[1:]
        if not words:
            return
        key = tuple(w.norm for w in words)
        shape = tuple(min(w.shape, 2) for w in words)
        items = self.lexicon.setdefault(key, [])
        for n, x in enumerate(items):
            if x.actor_id == actor_id and x.kind == kind and x.shape == shape:
                if x.with_the and not with_the:  # a bare form makes "the" optional
                    items[n] = LexItem(actor_id, kind, shape, False)
                break
        else:
            items.append(LexItem(actor_id, kind, shape, with_the))
        self.max_words = max(self.max_words, len(key))

    def _build(self) -> None:
        self.lexicon.clear()
        self.by_code.clear()
        self.surname_index.clear()
        for entry in self.entries.values():
            self._add(entry.name, entry.id, "name")
            for alias in entry.aliases:
                self._add(alias, entry.id, "alias")
            for demonym in entry.demonyms:
                self._add(demonym, entry.id, "demonym")
            for capital in entry.capitals:
                self._add(capital, entry.id, "capital")
            for seat in entry.seats:
                self._add(seat, entry.id, "seat")
            if entry.type == "person" and entry.surname:
                self._add(entry.surname, entry.id, "surname")
                key = " ".join(w.norm for w in word_tokens(entry.surname.replace("-", " ")))
                self.surname_index.setdefault(key, []).append(entry.id)
            if entry.type == "country" and entry.country:
                self.by_code.setdefault(entry.country, []).append(entry.id)

    # -- lookups ---------------------------------------------------------------------

    @cached_property
    def persons_with_surname(self) -> list[Entry]:
        """Persons a bare or garbled surname can refer to (fuzzy matching scans these)."""
        return [e for e in self.entries.values() if e.type == "person" and e.surname]

    @cached_property
    def fuzzy_persons(self) -> list[tuple[Entry, str, int, tuple[str, ...]]]:
        """``persons_with_surname`` with what fuzzy matching compares, normalised once:
        (entry, surname words joined, their count, name and aliases). Fuzzy matching
        runs for every unknown name, so normalising here saves a pass over the registry
        per name."""
        out = []
        for entry in self.persons_with_surname:
            sur_words = [norm_word(s) for s in (entry.surname or "").replace("-", " ").split()]
            names = tuple(norm_word(n).replace("-", " ") for n in (entry.name, *entry.aliases))
            out.append((entry, " ".join(sur_words), len(sur_words), names))
        return out

    @cached_property
    def fuzzy_surnames(self) -> dict[int, tuple[tuple[int, ...], tuple[str, ...]]]:
        """``fuzzy_persons`` by the number of words in the surname: the positions in
        ``fuzzy_persons`` and the surnames, for one rapidfuzz call per name length."""
        groups: dict[int, tuple[list[int], list[str]]] = {}
        for k, (_entry, surname, n_sur, _names) in enumerate(self.fuzzy_persons):
            if n_sur:
                at, surnames = groups.setdefault(n_sur, ([], []))
                at.append(k)
                surnames.append(surname)
        return {n: (tuple(at), tuple(surnames)) for n, (at, surnames) in groups.items()}

    @cached_property
    def prefixes(self) -> frozenset[tuple[str, ...]]:
        """Every leading part of a lexicon key, so matching can stop as soon as it fails."""
        return frozenset(key[:n] for key in self.lexicon for n in range(1, len(key) + 1))

    @cached_property
    def prefix_index(self) -> dict[tuple[str, ...], list[tuple[str, ...]]]:
        """All words but the last -> multi-word non-person names, for fuzzy name matching."""
        out: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for key, items in self.lexicon.items():
            if len(key) >= 2 and any(
                it.kind in ("name", "alias") and self.entries[it.actor_id].type != "person"
                for it in items
            ):
                out.setdefault(key[:-1], []).append(key)
        return out

    @cached_property
    def nouns(self) -> dict[str, list[str]]:
        """Category noun ("alliance") -> ids of organisations a "the <noun>" can mean."""
        out: dict[str, list[str]] = {}
        for entry in self.entries.values():
            for noun in entry.nouns:
                out.setdefault(norm_word(noun), []).append(entry.id)
        return out

    def country_of(self, code_or_id: str | None) -> Entry | None:
        """The country entry for an alpha-3 code or a country id."""
        if not code_or_id:
            return None
        entry = self.entries.get(code_or_id)
        if entry is not None and entry.type == "country":
            return entry
        ids = self.by_code.get(code_or_id, [])
        return self.entries[ids[0]] if ids else None

    def of_keys(self, actor_id: str) -> set[str]:
        """What a role's ``of`` may say to mean this actor: its id, and a country's code."""
        entry = self.entries.get(actor_id)
        keys = {actor_id}
        if entry is not None and entry.type == "country" and entry.country:
            keys.add(entry.country)
            keys.update(self.by_code.get(entry.country, []))
        return keys

    def holders(self, key: str, of_ids: Iterable[str], when: date | None) -> list[Entry]:
        """Persons holding office ``key`` of any of ``of_ids`` on ``when``.

        ``key == "leader"`` picks the flagged leader, else the first office of
        :data:`LEADER_ORDER` that someone holds.
        """
        of_keys: set[str] = set()
        for of in of_ids:
            of_keys |= self.of_keys(of)
        found: list[tuple[Entry, RoleSpell]] = [
            (entry, spell)
            for entry in self.entries.values()
            if entry.type == "person"
            for spell in entry.spells(when)
            if spell.of in of_keys
        ]
        if key != "leader":
            return list(dict.fromkeys(e for e, s in found if s.key == key))
        flagged = list(dict.fromkeys(e for e, s in found if s.leader))
        if flagged:
            return flagged
        for office in LEADER_ORDER:
            holders = list(dict.fromkeys(e for e, s in found if s.key == office))
            if holders:
                return holders
        return []

    def role_text(self, entry: Entry, when: date | None) -> str | None:
        """The entry's main office on ``when`` as a phrase ("President of Russia")."""
        spells = entry.spells(when) or list(entry.roles[:1])
        if not spells:
            return None
        spell = sorted(spells, key=lambda s: (not s.leader, s.key not in LEADER_ORDER))[0]
        target = self.entries.get(spell.of or "") or self.country_of(spell.of)
        role = spell.role[:1].upper() + spell.role[1:]
        if target is None:
            return role
        name = target.name
        if target.type == "country" and re.match(
            r"(United|Russian Federation|Netherlands|Philippines|Bahamas|Gambia|Maldives|"
            r"Holy See|Czech Republic|Democratic|Republic|Central African|Comoros|Marshall|"
            r"Solomon|Seychelles|Cayman)", name
        ):
            name = "the " + name
        return f"{role} of {name}"


# -- loading -----------------------------------------------------------------------------


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value if v is not None and str(v).strip())


def _default_surname(name: str) -> str | None:
    words = name.split()
    if len(words) < 2:
        return None
    last = words[-1]
    if last.rstrip(".").lower() in {"jr", "sr", "ii", "iii", "iv"} and len(words) > 2:
        last = words[-2]
    return last


def _entry_from_mapping(raw: dict[str, Any], source: str, where: str) -> Entry:
    missing = [k for k in ("id", "type") if not raw.get(k)]
    if missing:
        raise ValueError(f"{where}: an actor entry lacks {', '.join(missing)}: {raw!r:.80}")
    actor_id = str(raw["id"])
    kind = str(raw["type"])
    if kind not in ACTOR_TYPES:
        raise ValueError(f"{where}: actor {actor_id!r} has unknown type {kind!r}")
    roles = []
    for spell in raw.get("roles") or ():
        if not isinstance(spell, dict) or not spell.get("role"):
            raise ValueError(f"{where}: actor {actor_id!r} has a role without 'role'")
        roles.append(
            RoleSpell(
                role=str(spell["role"]),
                key=role_key(str(spell["role"])),
                of=str(spell["of"]) if spell.get("of") else None,
                start=parse_date(spell.get("from")),
                end=parse_date(spell.get("to")),
                leader=bool(spell.get("leader", False)),
            )
        )
    name = str(raw.get("name") or "")
    if "surname" in raw:
        surname = str(raw["surname"]) if raw["surname"] else None
    else:
        surname = _default_surname(name) if kind == "person" else None
    gender = raw.get("gender")
    return Entry(
        id=actor_id,
        name=name,
        type=kind,
        country=str(raw["country"]) if raw.get("country") else None,
        aliases=_as_tuple(raw.get("aliases")),
        demonyms=_as_tuple(raw.get("demonyms")),
        capitals=_as_tuple(raw.get("capital")) + _as_tuple(raw.get("headquarters")),
        seats=_as_tuple(raw.get("seats")),
        roles=tuple(roles),
        gender=str(gender).lower()[:1] if gender else None,
        surname=surname,
        nouns=_as_tuple(raw.get("nouns")),
        source=source,
    )


def _pycountry_entries() -> dict[str, Entry]:
    out = {}
    for country in pycountry.countries:
        names = [getattr(country, "common_name", None), country.name,
                 getattr(country, "official_name", None)]
        aliases: list[str] = []
        for name in names:
            if not name or ", " in name:
                continue  # "Korea, Republic of" is nobody's way of writing it
            if "(" in name:
                head, _, rest = name.partition("(")
                aliases += [head.strip(), rest.rstrip(")").strip()]
            else:
                aliases.append(name)
        aliases = list(dict.fromkeys(a for a in aliases if a))
        if not aliases:
            continue
        out[country.alpha_3] = Entry(
            id=country.alpha_3,
            name=aliases[0],
            type="country",
            country=country.alpha_3,
            aliases=tuple(aliases[1:]),
        )
    return out


def _merge_onto(base: Entry, extra: Entry) -> Entry:
    """World-file additions to a pycountry country: given fields win, lists are joined."""
    name = extra.name or base.name
    aliases = dict.fromkeys((*extra.aliases, base.name, *base.aliases))
    return replace(
        base,
        name=name,
        country=extra.country or base.country,
        aliases=tuple(a for a in aliases if a != name),
        demonyms=extra.demonyms or base.demonyms,
        capitals=extra.capitals or base.capitals,
        seats=extra.seats or base.seats,
        roles=extra.roles or base.roles,
        nouns=extra.nouns or base.nouns,
    )


# libyaml's loader is ~20 times faster on the world file; the pure-Python one is the fallback.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_file(path: Path, source: str) -> list[Entry]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except OSError as exc:
        raise ValueError(f"{path}: cannot read actor file ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML/JSON ({exc.__class__.__name__})") from None
    items = data.get("actors") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ValueError(f"{path}: expected a top-level 'actors:' list")
    return [_entry_from_mapping(item, source, str(path)) for item in items]


def _world_path() -> Path:
    return Path(str(resources.files("storyline").joinpath("data/actors.yaml")))


@lru_cache(maxsize=8)
def _load(registry: str, extra: tuple[str, ...]) -> Registry:
    entries: dict[str, Entry] = {} if registry == "none" else _pycountry_entries()
    if registry not in ("none", "countries"):
        world = _world_path() if registry == "default" else Path(registry)
        for entry in _read_file(world, "registry"):
            base = entries.get(entry.id)
            if base is not None and base.type == "country" and entry.type == "country":
                entries[entry.id] = _merge_onto(base, entry)
            else:
                if entry.type == "country" and not entry.country and len(entry.id) == 3:
                    entry = replace(entry, country=entry.id)
                entries[entry.id] = replace(entry, name=entry.name or entry.id)
    for path in extra:
        for entry in _read_file(Path(path), "user"):
            if not entry.name:
                base = entries.get(entry.id)
                entry = replace(entry, name=base.name if base else entry.id)
            entries[entry.id] = entry
    return Registry(entries)


def load_registry(registry: str = "default", extra: Sequence[str | Path] = ()) -> Registry:
    """The registry for these settings, loaded once per process.

    registry (str): ``"default"`` (world file + pycountry), a path to another world file,
        ``"countries"`` (pycountry only) or ``"none"`` (only the ``extra`` files).
    extra (paths): user files in the same schema; their entries replace same-id entries.
    RETURNS (Registry): shared and read-only; do not modify it.
    """
    return _load(str(registry), tuple(str(Path(p)) for p in extra))

