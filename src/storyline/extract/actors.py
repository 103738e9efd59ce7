"""Actor resolution: every mention of a person, organisation, government or country, tied
to a canonical actor.

The ``actors`` stage reads ``Document.text`` and its spaCy parse (``doc.nlp_doc``) and
fills ``Document.mentions`` (each with a :class:`~storyline.model.Provenance` into the
clean text) and ``Document.actors`` (every actor the mentions name). It works in passes:

1. **Registry names.** The text's words are matched, longest first, against the
   registry lexicon (:mod:`storyline.extract.actor_registry`): names, aliases, demonyms,
   capitals, seats of government and surnames, with the capitalisation each needs
   ("US" matches "U.S." but never "us").
2. **Persons.** A full registry name or alias is a mention at once. A spaCy PERSON span
   that is not one is fuzzy-matched to the registry (:data:`FUZZY_SURNAME`,
   :data:`FUZZY_NAME`, :data:`FUZZY_MARGIN`, guarded by first name, role and country), or
   else *induced* as ``induced:<slug>`` with the role the text gives (the title before
   the name or the apposition after it). A bare surname, or a first name used alone,
   then resolves to the person named in full in the same document; a registry surname
   shared by two registry persons resolves only that way. A different first name before
   a registry surname ("Hunter Biden") is a different person.
3. **Titles.** The title in front of a name ("Russian President", "Putin's top foreign
   policy consultant") is part of that person's mention: its demonym is not a separate
   country mention.
4. **Metonymy.** A capital or seat of government ("Moscow", "the Kremlin", "the White
   House") is a ``metonym`` mention of its country only when the parse shows it used as
   an actor: subject, possessor, object of a verb that is not motion or attack, object
   of "with", "against", "by", "according to", "pressure on", "appeal to", "statement
   from" ... Used as a place ("talks in Moscow", "arrived in Kyiv", a dateline) it is
   *not* a mention: this stage records references to actors, not places. Without a
   parse, seats count as actors and capitals as places. The mention resolves to the
   country itself (``RUS``); its kind, ``metonym``, says it was the government speaking.
5. **Role descriptions.** "the Russian leader", "Ukraine's president", "the US envoy"
   resolve to the registry's holder of that office on the article's date
   (``Document.published``, else the ``default_date`` setting, else the current holder).
   Without a qualifier ("the president", "the Vice President", "the diplomat"), or when
   the registry has several holders, the nearest compatible earlier person is taken
   (:func:`antecedent`); if there is none the mention is kept with ``actor_id=None``.
   An apposition ("Zelenskyy, Ukraine's president") describes a name already mentioned
   and is not a mention of its own. "the alliance" or "the bloc" is the nearest earlier
   organisation with that noun (registry ``nouns``; any organisation without nouns).
6. **Pronouns and state nouns.** he/she/him/her/his (kind ``pronoun``) take the nearest
   compatible earlier person: same or previous sentences, subjects first, never a
   mention inside quotation marks for an unquoted pronoun, never the subject of its own
   sentence for "him". "his troops"/"its forces" are the armed forces of the possessor's
   country and resolve to that country; "the administration" to the government of the
   nearest earlier head of state or seat of government.

Kinds: ``name`` (registry name), ``alias`` (alias, surname, first name, fuzzy match),
``role``, ``metonym``, ``demonym``, ``pronoun``, ``induced`` (any form of an induced
person). Confidence reflects the route (:data:`CONFIDENCE`; fuzzy matches scale with
their similarity).

Python API for other extractors (quotes, events): :func:`resolve_mention` finds the
mention covering or inside a span; :func:`antecedent` resolves a pronoun or role noun at
a position. Both read only the analysed :class:`~storyline.model.Document`.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from storyline.extract.actor_registry import (
    LEADER_ORDER,
    ROLE_SYNONYMS,
    Entry,
    LexItem,
    Registry,
    WordToken,
    load_registry,
    norm_word,
    parse_date,
    role_key,
    word_tokens,
)
from storyline.model import Actor, Document, Mention, Provenance
from storyline.registry import stage

__all__ = [
    "FUZZY_MARGIN",
    "FUZZY_NAME",
    "FUZZY_SURNAME",
    "ActorOptions",
    "antecedent",
    "make_actors",
    "resolve_document",
    "resolve_mention",
]

STAGE = "actors"

# -- thresholds (rapidfuzz ``fuzz.ratio``, 0-100) ---------------------------------------
# A surname one letter off in seven ("Halvorn" for "Halvern") scores 85.7, a transliteration
# ("Zelenski"/"Zelenskyy") about 88; two different surnames of that length rarely pass 75.
# Below 80 the share of false merges among registry surnames grows quickly.
FUZZY_SURNAME = 80.0
"""Surname similarity needed when the first name, the role or the country agrees."""
FUZZY_NAME = 90.0
"""Whole-name similarity needed when nothing else agrees (machine-translation damage)."""
FUZZY_DOC = 85.0
"""A garbled bare surname against a person named in full in the same document."""
FUZZY_MARGIN = 5.0
"""The best candidate must beat the next different actor by this much, else no match."""
ANTECEDENT_SENTENCES = 3
"""How many sentences back a pronoun or bare role noun looks for its antecedent."""

# Confidence by how a mention was resolved (a reader's guide, not a probability).
CONFIDENCE = {
    "name": 1.0,
    "alias": 0.95,
    "surname": 0.9,
    "demonym": 0.85,
    "metonym": 0.8,
    "role": 0.85,
    "role-antecedent": 0.65,
    "pronoun": 0.6,
    "induced": 0.85,
    "first-name": 0.7,
}

# -- word lists (general English, not corpus-specific) ----------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SPEECH_WORDS = _words(
    "said says say told tells asked asks added adds wrote writes noted notes stated states "
    "according insisted warned replied claimed argued explained"
)
SPEECH_LEMMAS = _words(
    "say tell add note write state insist warn reply claim argue explain ask confirm deny "
    "accuse urge stress announce suggest"
)
HONORIFICS = _words("mr mrs ms miss dr prof sir dame lord lady")
NAME_PARTICLES = _words("de da del della di du van von der den la le bin ibn al el ben")
RELATIVE_SUFFIXES = _words("jr sr")
PRONOUNS = {"he": "m", "him": "m", "his": "m", "himself": "m",
            "she": "f", "her": "f", "hers": "f", "herself": "f"}
ROLE_MODIFIERS = _words("top senior new current incoming chief")
# Role nouns that name a class of offices rather than one office.
ROLE_CLASSES: dict[str, tuple[str, ...]] = {
    "diplomat": ("foreign minister", "deputy foreign minister", "first deputy foreign minister",
                 "envoy", "ambassador", "diplomat"),
    "minister": ("foreign minister", "defence minister", "prime minister", "minister"),
    "leader": LEADER_ORDER,
    "chief": LEADER_ORDER,
    # Machine translation renders "leader" (German "Führer", French "guide suprême") as
    # "guide"; with a country in front ("the Russian guide") it means the leader.
    "guide": LEADER_ORDER,
}
_LEADER_CLASSES = ("leader", "chief", "guide")
# Role nouns whose bare mention needs a qualifier ("the UN chief"), never alone.
NEEDS_QUALIFIER = frozenset({"chief", "guide", "chairperson", "pm", "vp"})
# "the bloc", "the alliance": any organisation that does not list its own nouns.
GENERIC_ORG_NOUNS = _words("bloc alliance organisation organization union coalition")
# "one Ukrainian diplomat", "an official": indefinite, so nobody in particular.
INDEFINITE = _words("a an one another some any two three several many")
# "his troops", "its forces": the armed forces of the possessor's country.
MILITARY_NOUNS = _words("troops forces army military soldiers servicemen")
STATE_ORGAN_NOUNS = _words("administration government cabinet")

PLACE_NOUNS = _words(
    "street streets mayor resident residents citizen citizens people population inhabitant "
    "inhabitants airport metro subway suburb suburbs outskirts outskirt centre center district "
    "districts skyline sky skies region area areas city capital part parts edge north south "
    "east west heart map building buildings hospital school time weather road roads border "
    "bridge battle siege fall liberation occupation encirclement province oblast neighbourhood "
    "neighborhood square station hotel lawn grounds wall walls palace gate gates corridor "
    "corridors room rooms embassy museum theatre stadium river outskirts"
)
ATTACK_WORDS = _words(
    "attack strike hit bomb bombard shell target raid assault missile drone rocket shelling "
    "bombing airstrike offensive advance march capture seize encircle besiege surround storm "
    "liberate occupy evacuate defend reach enter approach fire launch"
)
MOTION_WORDS = _words(
    "arrive travel fly go come return visit trip journey move head flight road way route drive "
    "leave tour relocate flee deploy transfer bring invite invitation welcome send arrival "
    "return trip"
)
COMMUNICATION_WORDS = _words(
    "statement message signal response reply call demand offer pressure proposal request "
    "word warning threat letter note readout comment remark reaction news criticism "
    "announcement report claim order decision"
)
ACTOR_NOUNS = _words(
    "official authority government regime leadership delegation negotiator diplomat "
    "spokesman spokeswoman spokesperson statement readout position stance policy "
    "administration aide adviser advisor insider source claim demand response"
)
NON_STATE_ORG_WORDS = _words(
    "institute university college academy foundation museum school society association "
    "centre center company corporation airlines bank news times post agency journal "
    "review programme program studies service"
)


@dataclass(frozen=True)
class ActorOptions:
    """The ``[stages.actors]`` settings, as one object."""

    registry: str = "default"
    extra: tuple[str, ...] = ()
    fuzzy_surname: float = FUZZY_SURNAME
    fuzzy_name: float = FUZZY_NAME
    fuzzy_doc: float = FUZZY_DOC
    fuzzy_margin: float = FUZZY_MARGIN
    induce: bool = True
    pronouns: bool = True
    default_date: str = ""


# -- candidates ---------------------------------------------------------------------------


@dataclass
class _Cand:
    """A span that may become a mention. ``prio`` settles overlaps (higher wins)."""

    start: int
    end: int
    actor_id: str | None
    kind: str
    prio: int
    conf: float
    # For spans resolved in the left-to-right pass: what kind of antecedent to look for.
    want: dict[str, Any] | None = None
    person: bool = False

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class _Ref:
    """An earlier person/organisation mention, as antecedent search sees it."""

    start: int
    end: int
    actor_id: str
    sent: int
    subject: bool
    quoted: bool
    kind: str = ""


@dataclass
class _Gaz:
    """A registry lexicon match over words ``w0..w1`` (exclusive)."""

    w0: int
    w1: int
    items: list[LexItem]
    start: int
    end: int


@dataclass
class _Title:
    start: int  # where the mention now starts (title included)
    role: str  # the role words, e.g. "Deputy Foreign Minister"
    key: str | None
    qualifiers: list[str]  # actor ids named in the title (countries, organisations)
    possessor: str | None = None  # "Putin's adviser X": Putin's actor id
    possessor_text: str = ""


@dataclass
class _Induced:
    actor_id: str
    name: str
    words: tuple[str, ...]  # normalised words of the full name
    role: str | None
    country: str | None


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "unnamed"


_QUOTE_OR_BREAK = re.compile('[“”"\n]')


def _quoted_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks (curly pairs; straight ones per line)."""
    regions = []
    open_curly: int | None = None
    open_straight: int | None = None
    for m in _QUOTE_OR_BREAK.finditer(text):  # every other character changes nothing
        i, ch = m.start(), m.group()
        if ch == "“":
            open_curly = i
        elif ch == "”" and open_curly is not None:
            regions.append((open_curly, i + 1))
            open_curly = None
        elif ch == '"':
            if open_straight is None:
                open_straight = i
            else:
                regions.append((open_straight, i + 1))
                open_straight = None
        elif ch == "\n":
            open_straight = None
            if i + 1 < len(text) and text[i + 1] == "\n":
                open_curly = None
    return sorted(regions)


def _in_regions(regions: list[tuple[int, int]], pos: int) -> bool:
    i = bisect.bisect_right(regions, (pos, len(regions) + 10**12)) - 1
    return any(s <= pos < e for s, e in regions[max(0, i - 1) : i + 1])


_SOUNDS = (("ph", "f"), ("ck", "k"), ("ch", "\x00"), ("c", "k"), ("q", "k"), ("w", "v"),
           ("y", "i"), ("j", "i"), ("\x00", "ch"))


@lru_cache(maxsize=65536)
def _sound(word: str) -> str:
    """A rough spelling-independent key: transliterations differ in c/k, y/i, w/v and
    doubled letters ("Zelenskyy"/"Zelensky", "Konkord"/"Concord")."""
    for old, new in _SOUNDS:
        word = word.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", word)


def similarity(a: str, b: str) -> float:
    """rapidfuzz ratio of two normalised names, or of their sound keys if higher."""
    return max(fuzz.ratio(a, b), fuzz.ratio(_sound(a), _sound(b)))


@lru_cache(maxsize=64)
def _sounds_of(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_sound(w) for w in words)


def _compatible_first(a: str, b: str) -> bool:
    """Whether two first names can be the same person's (Alex/Alexander, J.D./JD)."""
    if not a or not b:
        return False
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a)):
        return True
    return similarity(a, b) >= 80


# -- the per-document analysis ------------------------------------------------------------


class _Analysis:
    """Resolution of one document; discarded when the document is done."""

    def __init__(self, doc: Document, registry: Registry, options: ActorOptions) -> None:
        self.doc = doc
        self.text = doc.text
        self.reg = registry
        self.opt = options
        self.when = parse_date(doc.published) or parse_date(options.default_date)
        self.words = word_tokens(self.text)
        self.joinable = [self.gap_ok(a, b) for a, b in itertools.pairwise(self.words)]
        self.word_starts = [w.start for w in self.words]
        self.sp = doc.nlp_doc
        self.has_parse = bool(self.sp is not None and self.sp.has_annotation("DEP"))
        self.has_tags = bool(self.sp is not None and self.sp.has_annotation("TAG"))
        self.quotes = _quoted_regions(self.text)
        self.sent_starts = self._sentence_starts()
        self.cands: list[_Cand] = []
        self.person_words: dict[int, _Cand] = {}  # word index -> person candidate
        self.induced: dict[str, _Induced] = {}
        self.gaz = self._gazetteer()
        self.gaz_at: dict[int, _Gaz] = {}
        for g in self.gaz:
            for w in range(g.w0, g.w1):
                self.gaz_at[w] = g
        self.gaz_words = set(self.gaz_at)
        self.person_ents = self._ents({"PERSON"})
        self.person_ents += self._person_like_ents()
        self.org_ents = self._ents({"ORG"})

    # -- basic maps ------------------------------------------------------------------

    def _sentence_starts(self) -> list[int]:
        if self.sp is not None and (self.sp.has_annotation("SENT_START") or self.has_parse):
            return [s.start_char for s in self.sp.sents]
        if self.doc.sentences:
            return [s.where.start for s in self.doc.sentences]
        return [0]

    def sent_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, pos) - 1)

    def quoted(self, pos: int) -> bool:
        return _in_regions(self.quotes, pos)

    def _ents(self, labels: set[str]) -> list[tuple[int, int]]:
        """Entity spans as word ranges (w0, w1)."""
        if self.sp is None or not self.sp.has_annotation("ENT_IOB"):
            return []
        out = []
        for ent in self.sp.ents:
            if ent.label_ in labels:
                w0 = bisect.bisect_left(self.word_starts, ent.start_char)
                w1 = bisect.bisect_left(self.word_starts, ent.end_char)
                if w1 > w0:
                    out.append((w0, w1))
        return out

    def _person_like_ents(self) -> list[tuple[int, int]]:
        """Unknown two- or three-word names the model labelled as a place or organisation,
        but that speak ("Marta Kellenbach said") or carry an apposition (", an analyst,")."""
        if not self.has_parse:
            return []
        out = []
        for ent in self.sp.ents:
            if ent.label_ not in ("GPE", "ORG", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"):
                continue
            words = [t for t in ent if not t.is_punct]
            if not 2 <= len(words) <= 3 or not all(
                t.text[:1].isupper() and t.text.isalpha() and t.pos_ == "PROPN" for t in words
            ):
                continue
            w0 = bisect.bisect_left(self.word_starts, ent.start_char)
            w1 = bisect.bisect_left(self.word_starts, ent.end_char)
            if any(w in self.gaz_words for w in range(w0, w1)) or any(
                w.norm in NON_STATE_ORG_WORDS for w in self.words[w0:w1]
            ):
                continue
            root = ent.root
            speaks = root.dep_ == "nsubj" and root.head.lemma_.lower() in SPEECH_LEMMAS
            described = any(c.dep_ == "appos" for c in root.rights)
            if speaks or described:
                out.append((w0, w1))
        return out

    def span_root(self, start: int, end: int) -> Any:
        if not self.has_parse:
            return None
        span = self.sp.char_span(start, end, alignment_mode="expand")
        return span.root if span is not None and len(span) else None

    def token_at(self, pos: int) -> Any:
        if self.sp is None:
            return None
        span = self.sp.char_span(pos, pos + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def gap_ok(self, a: WordToken, b: WordToken) -> bool:
        gap = self.text[a.end : b.start]
        return gap in ("", "-") or (gap.strip(" \t\u00a0") == "" and "\n" not in gap)

    def entry(self, actor_id: str | None) -> Entry | None:
        return self.reg.get(actor_id) if actor_id else None

    # -- 1. registry lexicon ---------------------------------------------------------

    def _gazetteer(self) -> list[_Gaz]:
        """Registry names in the text, longest first, left to right."""
        words = self.words
        joinable = self.joinable
        prefixes = self.reg.prefixes
        out: list[_Gaz] = []
        i = 0
        while i < len(words):
            found = None
            key: tuple[str, ...] = ()
            n = 0
            while i + n < len(words) and (n == 0 or joinable[i + n - 1]):
                key = (*key, words[i + n].norm)
                if key not in prefixes:
                    break
                n += 1
                items = self.reg.lexicon.get(key)
                if not items:
                    continue
                # "the West" needs its "the" ("West Darfur" is not the West) unless the
                # registry also lists the bare form ("Kremlin" beside "the Kremlin").
                has_the = i > 0 and words[i - 1].norm == "the"
                fits = [it for it in items if self._shape_fits(it.shape, words[i : i + n])
                        and (has_the or not it.with_the)]
                if fits:
                    found = _Gaz(i, i + n, fits, words[i].start, words[i + n - 1].end)
            if found:
                out.append(found)
                i = found.w1
            else:
                i += 1
        return out

    @staticmethod
    def _shape_fits(shape: tuple[int, ...], words: Sequence[WordToken]) -> bool:
        for want, word in zip(shape, words, strict=True):
            if want == 2 and word.shape != 2:
                return False
            if want == 1 and word.shape == 0:
                return False
        return True

    def gaz_person_items(self, g: _Gaz, kinds: Iterable[str]) -> list[LexItem]:
        kinds = set(kinds)
        return [
            it for it in g.items
            if it.kind in kinds and (e := self.reg.get(it.actor_id)) and e.type == "person"
        ]

    def gaz_other(self, g: _Gaz) -> list[LexItem]:
        """Items naming a non-person, best kind first."""
        from storyline.extract.actor_registry import KIND_ORDER

        items = [it for it in g.items if (e := self.reg.get(it.actor_id)) and e.type != "person"]
        return sorted(items, key=lambda it: KIND_ORDER.get(it.kind, 9))

    # -- 2. persons ------------------------------------------------------------------

    def add_person(self, w0: int, w1: int, actor_id: str, kind: str, conf: float) -> _Cand:
        cand = _Cand(self.words[w0].start, self.words[w1 - 1].end, actor_id, kind, 5, conf,
                     person=True)
        self.cands.append(cand)
        for w in range(w0, w1):
            self.person_words[w] = cand
        return cand

    def _word_is_namey(self, w: WordToken) -> bool:
        return w.shape >= 1 and w.text[:1].isalpha() and w.norm not in SPEECH_WORDS

    def _is_verbish(self, w: WordToken) -> bool:
        if w.norm in SPEECH_WORDS:
            return True
        if not self.has_tags:
            return False
        tok = self.token_at(w.start)
        return tok is not None and tok.pos_ in {"VERB", "AUX", "ADP", "DET", "PRON", "ADV",
                                                "CCONJ", "SCONJ"}

    def persons(self) -> None:
        self._registry_full_names()
        self._person_entities()
        self._bare_names()
        self._titles()

    def _titles(self) -> None:
        """Extend person mentions over their titles; give induced persons their roles."""
        for cand in [c for c in self.cands if c.person]:
            w0 = bisect.bisect_left(self.word_starts, cand.start)
            w1 = bisect.bisect_left(self.word_starts, cand.end)
            title = self.title(cand.start, cand.end)
            if title is not None:
                for w in range(bisect.bisect_left(self.word_starts, title.start), w0):
                    self.person_words[w] = cand
                cand.start = title.start
            ind = self.induced.get(cand.actor_id or "")
            if ind is not None and w1 - w0 >= 2 and ind.role is None:
                ind.role, ind.country = self._role_from_text(w0, w1, title)

    def _registry_full_names(self) -> None:
        for g in self.gaz:
            items = self.gaz_person_items(g, ("name", "alias"))
            if not items or (g.w1 - g.w0 == 1 and items[0].kind == "alias" and
                             self._preceded_by_other_first_name(g)):
                continue
            ids = list(dict.fromkeys(it.actor_id for it in items))
            if len(ids) != 1 or self._relative_follows(g.w1):
                continue
            kind = "name" if any(it.kind == "name" for it in items) else "alias"
            self.add_person(g.w0, g.w1, ids[0], kind, CONFIDENCE[kind])

    def _relative_follows(self, w1: int) -> bool:
        return w1 < len(self.words) and self.words[w1].norm in RELATIVE_SUFFIXES

    def _preceded_by_other_first_name(self, g: _Gaz) -> bool:
        """"Hunter Biden": a capitalised word in the same PERSON span before a surname."""
        prev = g.w0 - 1
        if prev < 0 or prev in self.person_words:
            return False
        word = self.words[prev]
        if not self._word_is_namey(word) or not self.gap_ok(word, self.words[g.w0]):
            return False
        if not any(a <= prev and g.w0 < b for a, b in self.person_ents):
            return False
        if self._is_verbish(word) or prev in self.gaz_at:
            return False
        for it in self.gaz_person_items(g, ("surname", "alias")):
            entry = self.reg.get(it.actor_id)
            if entry and any(_compatible_first(word.norm, f) for f in entry.given_names):
                return False
        return True

    def _clean_person_span(self, w0: int, w1: int) -> tuple[int, int]:
        words = self.words
        while w0 < w1 and (words[w0].norm in HONORIFICS or words[w0].norm == "the"
                           or not self._word_is_namey(words[w0])
                           or words[w0].norm in _ROLE_WORDS or self._is_verbish(words[w0])):
            w0 += 1
        while w1 > w0 and (words[w1 - 1].norm in ("'s",) or not words[w1 - 1].text[:1].isalpha()):
            w1 -= 1
        return w0, w1

    def _person_entities(self) -> None:
        for e0, e1 in self.person_ents:
            w0, w1 = self._clean_person_span(e0, e1)
            if w1 <= w0 or any(w in self.person_words for w in range(w0, w1)):
                continue
            span_words = self.words[w0:w1]
            if any(not self.gap_ok(a, b) for a, b in itertools.pairwise(span_words)):
                continue
            person_gaz = [self.gaz_at[w] for w in range(w0, w1)
                          if w in self.gaz_at and self.gaz_person_items(self.gaz_at[w],
                                                                        ("surname", "alias"))]
            other_gaz = [w for w in range(w0, w1)
                         if w in self.gaz_at and not self.gaz_person_items(self.gaz_at[w],
                                                                           ("surname", "alias"))]
            names = [w for w in span_words if w.norm not in NAME_PARTICLES]
            if len(names) < 2:
                if len(names) == 1 and w0 > 0 and self.words[w0 - 1].norm in HONORIFICS:
                    self._single_with_honorific(w0, w1)
                continue
            if len(other_gaz) == w1 - w0:
                continue  # "U.S.-Russia": all known places
            if person_gaz and person_gaz[-1].w1 == w1:
                last = person_gaz[-1]
                if len(person_gaz) == 1 and last.w0 > w0:
                    self._name_ending_in_surname(w0, w1, last)
                continue  # "Trump Putin", "Said Vance": left to the bare-name pass
            # A registry surname used as a first name ("Pavel Orlinsky") is someone else.
            title = self.title(self.words[w0].start, self.words[w1 - 1].end)
            match = self._fuzzy_registry(span_words, title)
            if match is not None:
                entry, score = match
                self.add_person(w0, w1, entry.id, "alias", round(0.9 * score / 100, 3))
                continue
            induced = self._fuzzy_induced(span_words)
            if induced is not None:
                self.add_person(w0, w1, induced.actor_id, "induced", CONFIDENCE["induced"])
                continue
            if self.opt.induce and self._inducible(span_words):
                self._induce(w0, w1, title)

    def _name_ending_in_surname(self, w0: int, w1: int, g: _Gaz) -> None:
        """"Alex Stubb" (same person) or "Hunter Biden" (someone else)."""
        first = self.words[w0]
        items = self.gaz_person_items(g, ("surname", "alias"))
        same = [it for it in items
                if (e := self.reg.get(it.actor_id)) and any(
                    _compatible_first(first.norm, f) for f in e.given_names)]
        if len({it.actor_id for it in same}) == 1:
            self.add_person(w0, w1, same[0].actor_id, "alias", CONFIDENCE["alias"])
        elif self.opt.induce and not same and self._inducible(self.words[w0:w1]):
            self._induce(w0, w1, self.title(self.words[w0].start, self.words[w1 - 1].end))

    def _single_with_honorific(self, w0: int, w1: int) -> None:
        word = self.words[w0]
        for ind in self.induced.values():
            if ind.words and ind.words[-1] == word.norm:
                self.add_person(w0, w1, ind.actor_id, "induced", CONFIDENCE["induced"])
                return
        if self.opt.induce and w0 not in self.gaz_at:
            self._induce(w0, w1, self.title(word.start, word.end))

    def _inducible(self, words: Sequence[WordToken]) -> bool:
        names = [w for w in words if w.norm not in NAME_PARTICLES]
        if not 1 <= len(names) <= 4:
            return False
        return all(w.shape >= 1 and w.text.replace("'", "").replace("’", "").isalpha()
                   and w.norm not in _ROLE_WORDS for w in names)

    def _induce(self, w0: int, w1: int, title: _Title | None = None) -> None:
        name = self.text[self.words[w0].start : self.words[w1 - 1].end]
        actor_id = f"induced:{_slug(name)}"
        if actor_id not in self.induced:
            self.induced[actor_id] = _Induced(
                actor_id, name, tuple(w.norm for w in self.words[w0:w1]), None, None
            )
        self.add_person(w0, w1, actor_id, "induced", CONFIDENCE["induced"])
        # A country or capital word inside a person's name ("Jordan" in a name) is not one.
        self.cands = [c for c in self.cands
                      if c.person or not (c.start >= self.words[w0].start
                                          and c.end <= self.words[w1 - 1].end)]

    def _role_from_text(self, w0: int, w1: int, title: _Title | None) -> tuple[str | None,
                                                                            str | None]:
        role = country = None
        if title is not None and title.role:
            role = title.role
            if title.possessor_text:
                role = f"{title.possessor_text} {title.role}"
            country = self._country_among(title.qualifiers)
            if country is None and title.possessor:
                pe = self.entry(title.possessor)
                country = pe.country if pe else None
        appos = self.apposition(self.words[w0].start, self.words[w1 - 1].end)
        if appos is not None:
            a_text, a_start, a_end = appos
            if role is None:
                role = a_text
            if country is None:
                ids = [it.actor_id for g in self.gaz if a_start <= g.start and g.end <= a_end
                       for it in self.gaz_other(g)[:1]]
                country = self._country_among(ids)
        return role, country

    def _country_among(self, ids: Iterable[str]) -> str | None:
        for actor_id in ids:
            entry = self.entry(actor_id)
            if entry is not None and entry.type == "country" and entry.country:
                return entry.country
        return None

    def _fuzzy_registry(self, words: Sequence[WordToken],
                        title: _Title | None) -> tuple[Entry, float] | None:
        """A garbled or transliterated registry name, guarded against false merges."""
        full = " ".join(w.norm for w in words)
        scored: dict[str, float] = {}
        cutoff = self.opt.fuzzy_surname
        # Surname similarity for every registry person at once, by surname length:
        # rapidfuzz's own loop, which drops pairs below the cut-off early. A score is
        # exact whenever it reaches the cut-off, and only those are kept.
        sur_scores: dict[int, float] = {}  # position in fuzzy_persons -> score
        for n_sur, (at, surnames) in self.reg.fuzzy_surnames.items():
            if n_sur >= len(words):
                continue
            last = " ".join(w.norm for w in words[-n_sur:])
            for query, choices in ((last, surnames), (_sound(last), _sounds_of(surnames))):
                for _choice, score, k in process.extract(
                        query, choices, scorer=fuzz.ratio, score_cutoff=max(cutoff, 0.0),
                        limit=None):
                    sur_scores[at[k]] = max(sur_scores.get(at[k], 0.0), score)
        table = self.reg.fuzzy_persons
        for k in sorted(sur_scores):  # registry order, as the scores are compared in
            sur_score = sur_scores[k]
            if sur_score < cutoff:
                continue
            entry, _surname, _n_sur, names = table[k]
            first_ok = any(_compatible_first(words[0].norm, f) for f in entry.given_names)
            if sur_score == 100 and not first_ok:
                continue  # same surname, another first name: another person
            context_ok = title is not None and self._title_agrees(title, entry)
            whole = max(similarity(full, n) for n in names)
            if first_ok or context_ok or whole >= self.opt.fuzzy_name:
                scored[entry.id] = max(whole, sur_score if (first_ok or context_ok) else 0)
        return self._best(scored)

    def _best(self, scored: dict[str, float]) -> tuple[Entry, float] | None:
        if not scored:
            return None
        ranked = sorted(scored.items(), key=lambda kv: kv[1], reverse=True)
        if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < self.opt.fuzzy_margin:
            return None
        entry = self.reg.get(ranked[0][0])
        return (entry, ranked[0][1]) if entry else None

    def _fuzzy_induced(self, words: Sequence[WordToken]) -> _Induced | None:
        full = " ".join(w.norm for w in words)
        best, best_score = None, 0.0
        for ind in self.induced.values():
            score = similarity(full, " ".join(ind.words))
            if score >= self.opt.fuzzy_doc and score > best_score:
                best, best_score = ind, score
        return best

    def _title_agrees(self, title: _Title, entry: Entry) -> bool:
        spells = entry.spells(self.when)
        quals: set[str] = set()
        for q in title.qualifiers:
            quals |= self.reg.of_keys(q)
        if title.key:
            for spell in spells:
                if _key_matches(title.key, spell.key) and (not quals or spell.of in quals):
                    return True
            return False
        codes = {self.entry(q).country for q in title.qualifiers if self.entry(q)}
        return bool(codes) and entry.country in codes

    def _bare_names(self) -> None:
        """Single words: registry surnames, and surnames/first names named in full here."""
        doc_persons = self._doc_person_index()
        for i, word in enumerate(self.words):
            if i in self.person_words or word.shape == 0:
                continue
            nxt = self.words[i + 1] if i + 1 < len(self.words) else None
            if nxt is not None and nxt.shape >= 1 and self.gap_ok(word, nxt) and (
                i + 1 in self.person_words or any(a <= i < b and i + 1 < b
                                                  for a, b in self.person_ents)
            ):
                continue  # a first name of a longer name
            g = self.gaz_at.get(i)
            if g is not None and g.w1 - g.w0 > 1:
                continue
            # a surname named in full in this document: nearest full mention before it
            local = doc_persons["surname"].get(word.norm)
            if local:
                actor_id = self._nearest(local, word.start)
                kind = "induced" if actor_id.startswith("induced:") else "alias"
                self.add_person(i, i + 1, actor_id, kind, CONFIDENCE["surname"])
                continue
            single = [ind for ind in self.induced.values()
                      if len(ind.words) == 1 and ind.words[0] == word.norm]
            if single:
                self.add_person(i, i + 1, single[0].actor_id, "induced", CONFIDENCE["induced"])
                continue
            if g is not None:
                if any(it.kind in ("name", "alias") for it in self.gaz_other(g)):
                    continue  # "Montenegro" the country, not a registry surname
                items = self.gaz_person_items(g, ("surname", "alias"))
                ids = list(dict.fromkeys(it.actor_id for it in items))
                if len(ids) == 1 and not self._preceded_by_other_first_name(g):
                    self.add_person(i, i + 1, ids[0], "alias", CONFIDENCE["surname"])
                    continue
                if ids or self.gaz_other(g):
                    continue
            first = doc_persons["first"].get(word.norm)
            if first and len(set(first.values())) == 1 and self._looks_like_name(i):
                self.add_person(i, i + 1, next(iter(first.values())), "alias",
                                CONFIDENCE["first-name"])
                continue
            if self._looks_like_name(i) and not self._fuzzy_bare(i, doc_persons) and (
                g is None and self.opt.induce and self._after_title(i)
                and self._inducible([word]) and word.norm not in TITLE_WORDS
            ):
                self._induce(i, i + 1)  # "President Mugabe": a title makes a surname a person

    def _after_title(self, i: int) -> bool:
        if i == 0:
            return False
        prev = self.words[i - 1]
        return (prev.shape >= 1 and self.gap_ok(prev, self.words[i])
                and (prev.norm in TITLE_WORDS or prev.norm in HONORIFICS))

    def _doc_person_index(self) -> dict[str, dict[str, dict[int, str]]]:
        """surname/first name (normalised) -> {start: actor id} of full-name mentions."""
        index: dict[str, dict[str, dict[int, str]]] = {"surname": {}, "first": {}}
        for cand in self.cands:
            if not cand.person or cand.actor_id is None:
                continue
            words = [w for w in self._words_in(cand.start, cand.end)]
            if len(words) < 2:
                continue
            entry = self.entry(cand.actor_id)
            if entry is not None and entry.surname:
                surname = " ".join(norm_word(s) for s in entry.surname.replace("-", " ").split())
                index["surname"].setdefault(surname, {})[cand.start] = cand.actor_id
                for given in entry.given_names:
                    index["first"].setdefault(given, {})[cand.start] = cand.actor_id
            elif cand.actor_id in self.induced:
                names = [w for w in self.induced[cand.actor_id].words if w not in NAME_PARTICLES]
                index["surname"].setdefault(names[-1], {})[cand.start] = cand.actor_id
                if len(names) > 1:
                    index["first"].setdefault(names[0], {})[cand.start] = cand.actor_id
        return index

    def _words_in(self, start: int, end: int) -> list[WordToken]:
        w0 = bisect.bisect_left(self.word_starts, start)
        w1 = bisect.bisect_left(self.word_starts, end)
        return self.words[w0:w1]

    @staticmethod
    def _nearest(found: dict[int, str], pos: int) -> str:
        before = [s for s in found if s <= pos]
        return found[max(before)] if before else found[min(found)]

    def _looks_like_name(self, i: int) -> bool:
        word = self.words[i]
        if not word.text[:1].isupper() or not word.text.isalpha():
            return False
        if any(a <= i < b for a, b in self.person_ents):
            return True
        if not self.has_tags:
            return False
        tok = self.token_at(word.start)
        return tok is not None and tok.pos_ == "PROPN"

    def _fuzzy_bare(self, i: int, doc_persons: dict[str, dict[str, dict[int, str]]]) -> bool:
        """A garbled surname alone: against persons named in full in this document."""
        word = self.words[i]
        if len(word.norm) < 4 or i in self.gaz_at:
            return False
        scored: dict[str, float] = {}
        for surname, found in doc_persons["surname"].items():
            score = similarity(word.norm, surname)
            if score >= self.opt.fuzzy_doc:
                for actor_id in set(found.values()):
                    scored[actor_id] = max(scored.get(actor_id, 0), score)
        if not scored:
            return False
        ranked = sorted(scored.items(), key=lambda kv: kv[1], reverse=True)
        if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < self.opt.fuzzy_margin:
            return False
        actor_id = ranked[0][0]
        kind = "induced" if actor_id.startswith("induced:") else "alias"
        self.add_person(i, i + 1, actor_id, kind, round(0.8 * ranked[0][1] / 100, 3))
        return True

    # -- 3. titles and appositions ---------------------------------------------------

    def title(self, start: int, end: int) -> _Title | None:
        """The title words in front of a name, as far as they belong to its noun phrase."""
        if self.has_parse:
            return self._title_parsed(start, end)
        return self._title_words(start)

    def _title_parsed(self, start: int, end: int) -> _Title | None:
        span = self.sp.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        region = set(range(span.start, span.end))
        root = span.root
        j = span.start - 1
        if root.dep_ == "appos" and root.head.i == j:
            region.add(j)
            j -= 1
        left = min(region)
        possessor = None
        possessor_text = ""
        sent_start = span[0].sent.start
        while j >= sent_start:
            tok = self.sp[j]
            if "\n" in tok.whitespace_ or tok.is_space:
                break
            if tok.tag_ == "POS" or tok.dep_ == "case":
                owner = tok.head
                if owner.i >= j or owner.head.i not in region:
                    break
                other = self._person_at(owner.idx)
                if other is not None:
                    possessor = other.actor_id
                    lo = min(t.i for t in owner.subtree)
                    possessor_text = self.sp[lo : j + 1].text
                    break
                lo = min(t.i for t in owner.subtree)
                region.update(range(lo, j + 1))
                left = lo
                j = lo - 1
                continue
            if tok.pos_ not in {"PROPN", "NOUN", "ADJ", "DET", "NUM", "PUNCT"}:
                break
            if tok.pos_ == "PUNCT" and tok.text not in {"-", "–"}:
                break
            if tok.head.i < j:
                # "Secretary of State Marco Rubio": "State" hangs on "of", which hangs on
                # "Secretary", which attaches to the name; take the whole "of" phrase.
                top = tok
                while top.head.i < top.i and top.head is not top:
                    top = top.head
                inner = self.sp[top.i : j + 1]
                if top.i < sent_start or not (
                    top.head.i in region or top.i < top.head.i <= max(region)
                ) or any(t.pos_ not in {"PROPN", "NOUN", "ADJ", "DET", "ADP"} or (
                    t.pos_ == "ADP" and t.lower_ != "of") or self._person_at(t.idx)
                        for t in inner):
                    break
                region.update(range(top.i, j + 1))
                left = top.i
                j = top.i - 1
                continue
            if tok.head.i not in region and not (tok.i < tok.head.i <= max(region)):
                break
            if self._person_at(tok.idx) is not None:
                break
            region.add(j)
            left = j
            j -= 1
            if tok.pos_ == "DET":
                break
        if left >= span.start:
            return None
        new_start = self.sp[left].idx
        return self._make_title(new_start, start, possessor, possessor_text)

    def _title_words(self, start: int) -> _Title | None:
        w = bisect.bisect_left(self.word_starts, start) - 1
        left = None
        while w >= 0:
            word = self.words[w]
            if not self.gap_ok(word, self.words[w + 1]):
                break
            if word.norm in _ROLE_WORDS or word.norm in ROLE_MODIFIERS or word.norm == "'s" or (
                w in self.gaz_at and self.gaz_other(self.gaz_at[w])
            ):
                left = w
                w -= 1
                continue
            if word.norm == "the":
                left = w
            break
        if left is None:
            return None
        return self._make_title(self.words[left].start, start, None, "")

    def _make_title(self, new_start: int, name_start: int, possessor: str | None,
                    possessor_text: str) -> _Title | None:
        qualifiers: list[str] = []
        role_words = []
        for word in self._words_in(new_start, name_start):
            g = self.gaz_at.get(word.i)
            if g is not None and self.gaz_other(g):
                actor = self.gaz_other(g)[0].actor_id
                if actor not in qualifiers:
                    qualifiers.append(actor)
                continue
            if word.norm in ("the", "a", "an", "'s"):
                continue
            role_words.append(word.text)
        role = " ".join(role_words)
        if not role and not qualifiers:
            return None
        return _Title(new_start, role, role_key(role) if role else None, qualifiers, possessor,
                      possessor_text)

    def _person_at(self, pos: int) -> _Cand | None:
        w = bisect.bisect_right(self.word_starts, pos) - 1
        return self.person_words.get(w) if w >= 0 else None

    def apposition(self, start: int, end: int) -> tuple[str, int, int] | None:
        """", head of X at Y," after a name: the appositive's text and span."""
        if not self.has_parse:
            return None
        span = self.sp.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        root = span.root
        for child in root.rights:
            if child.dep_ == "appos" and child.i >= span.end:
                lo = min(t.i for t in child.subtree)
                hi = max(t.i for t in child.subtree)
                if lo < span.end or self.sp[lo - 1].text != ",":
                    continue
                words = self.sp[lo : hi + 1]
                text = words.text.rstrip(" ,.;:")
                return text, words.start_char, words.start_char + len(text)
        return None

    # -- 4. countries, organisations, metonyms, demonyms ------------------------------

    def others(self) -> None:
        for g in self.gaz:
            if any(w in self.person_words for w in range(g.w0, g.w1)):
                continue
            items = self.gaz_other(g)
            if not items:
                continue
            item = items[0]
            entry = self.reg.get(item.actor_id)
            if entry is None:
                continue
            start = self._with_the(g, item, entry)
            if item.kind in ("name", "alias"):
                self.cands.append(_Cand(start, g.end, entry.id, item.kind, 3,
                                        CONFIDENCE[item.kind]))
            elif item.kind == "demonym":
                after = self.gaz_at.get(g.w1)
                if after is not None and after.w0 == g.w1 and any(
                    it.kind in ("name", "alias", "capital") for it in self.gaz_other(after)
                ):
                    continue  # "western Ukraine", "Russian Moscow": a region, not an actor
                if not self._inside_non_state_org(g):
                    self.cands.append(_Cand(g.start, g.end, entry.id, "demonym", 1,
                                            CONFIDENCE["demonym"]))
            elif item.kind in ("capital", "seat") and self.metonym_is_actor(g.start, g.end,
                                                                            item.kind):
                target = self._government_of(entry)
                self.cands.append(_Cand(start, g.end, target, "metonym", 2,
                                        CONFIDENCE["metonym"]))
        self._administrations()
        self._fuzzy_names()

    def _fuzzy_names(self) -> None:
        """A garbled multi-word organisation or country name ("Northern Konkord").

        The words before the last must match a registry name exactly and the last one
        clear :data:`FUZZY_SURNAME`, as for a person's first name and surname.
        """
        taken = [(c.start, c.end) for c in self.cands]
        index = self.reg.prefix_index
        for e0, e1 in self._ents({"ORG", "GPE", "NORP", "FAC", "LOC", "PERSON"}):
            if self.words[e0].norm == "the":
                e0 += 1
            if e1 - e0 < 2:
                continue
            start, end = self.words[e0].start, self.words[e1 - 1].end
            if any(s < end and start < e for s, e in taken):
                continue
            norms = tuple(w.norm for w in self.words[e0:e1])
            scored: dict[str, float] = {}
            for key in index.get(norms[:-1], []):
                score = similarity(norms[-1], key[-1])
                if score < self.opt.fuzzy_surname:
                    continue
                for item in self.reg.lexicon[key]:
                    entry = self.reg.get(item.actor_id)
                    if entry is not None and entry.type != "person" and item.kind in (
                        "name", "alias"
                    ):
                        scored[entry.id] = max(scored.get(entry.id, 0.0), score)
            best = self._best(scored)
            if best is not None:
                entry, score = best
                self.cands.append(_Cand(start, end, entry.id, "alias", 3,
                                        round(0.9 * score / 100, 3)))

    def _with_the(self, g: _Gaz, item: LexItem, entry: Entry) -> int:
        prev = g.w0 - 1
        if (
            prev >= 0
            and self.words[prev].norm == "the"
            and self.gap_ok(self.words[prev], self.words[g.w0])
            and (item.with_the or item.kind == "seat"
                 or entry.type in ("organisation", "group", "government"))
        ):
            return self.words[prev].start
        return g.start

    def _government_of(self, entry: Entry) -> str:
        """A metonym stands for its actor; a country's capital for that country."""
        return entry.id

    def _inside_non_state_org(self, g: _Gaz) -> bool:
        for a, b in self.org_ents:
            if a <= g.w0 and g.w1 <= b and b - a > 1 and any(
                w.norm in NON_STATE_ORG_WORDS for w in self.words[a:b]
            ):
                return True
        return False

    def _administrations(self) -> None:
        """"the Trump administration": the government of that person's country."""
        for cand in list(self.cands):
            if not cand.person:
                continue
            entry = self.entry(cand.actor_id)
            if entry is None or not entry.country:
                continue
            w = bisect.bisect_left(self.word_starts, cand.end)
            if w >= len(self.words) or self.words[w].norm not in STATE_ORGAN_NOUNS:
                continue
            if not self.gap_ok(self.words[w - 1], self.words[w]):
                continue
            start = cand.start
            words = self._words_in(cand.start, cand.end)
            if len(words) != 1:
                continue
            if words[0].i > 0 and self.words[words[0].i - 1].norm == "the":
                start = self.words[words[0].i - 1].start
            country = self.reg.country_of(entry.country)
            if country is not None:
                self.cands.append(_Cand(start, self.words[w].end, country.id, "metonym", 6,
                                        CONFIDENCE["metonym"]))

    def metonym_is_actor(self, start: int, end: int, kind: str) -> bool:
        """Whether a capital or seat is used as an actor here (see the module docstring)."""
        root = self.span_root(start, end)
        if root is None:
            return self._metonym_without_parse(end, kind)
        tok = root
        while tok.dep_ == "conj" and tok.head is not tok:
            tok = tok.head
        dep, head = tok.dep_, tok.head
        head_lemma = head.lemma_.lower()
        if dep in ("nsubj", "nsubjpass", "csubj"):
            if dep == "nsubjpass" and head_lemma in ATTACK_WORDS:
                return False
            # "Kyiv is a city" is about the place; "Moscow is ready" about the government.
            return not (head_lemma == "be" and any(c.dep_ == "attr" for c in head.children))
        if dep == "poss":
            return head_lemma not in PLACE_NOUNS
        if dep in ("compound", "nmod", "amod"):
            if kind == "seat":
                return head_lemma not in PLACE_NOUNS
            return head_lemma in ACTOR_NOUNS
        if dep in ("dobj", "obj", "dative", "iobj"):
            return head_lemma not in MOTION_WORDS and head_lemma not in ATTACK_WORDS
        if dep == "pobj" and head.pos_ == "ADP":
            prep = head.lower_
            gov = head.head.lemma_.lower()
            if prep == "to" and gov == "according":
                return True
            if prep in ("with", "against", "by", "between", "than", "among"):
                return True
            if prep == "for":
                return gov not in MOTION_WORDS
            if prep == "on":
                return gov not in ATTACK_WORDS
            if prep == "to":
                return gov not in MOTION_WORDS and gov not in ATTACK_WORDS
            if prep == "of":
                return gov not in PLACE_NOUNS and gov not in ATTACK_WORDS
            if prep == "from":
                return gov in COMMUNICATION_WORDS
            return False
        return False

    def _metonym_without_parse(self, end: int, kind: str) -> bool:
        if kind == "seat":
            return True
        w = bisect.bisect_left(self.word_starts, end)
        nxt = self.words[w].norm if w < len(self.words) else ""
        return nxt in SPEECH_WORDS or nxt in ("has", "have", "had", "will", "would", "'s")

    # -- 5. role descriptions, nouns for organisations, pronouns ------------------------

    def roles(self) -> None:
        words = self.words
        i = 0
        while i < len(words):
            n = self._role_phrase_at(i)
            if not n:
                i += 1
                continue
            self._role_description(i, i + n)
            i += n

    def _role_phrase_at(self, i: int) -> int:
        best = 0
        key: tuple[str, ...] = ()
        n = 0
        while i + n < len(self.words) and (n == 0 or self.joinable[i + n - 1]):
            key = (*key, self.words[i + n].norm)
            if key not in _ROLE_PREFIXES:
                break
            n += 1
            if key in _ROLE_PHRASES:
                best = n
        return best

    def _role_description(self, w0: int, w1: int) -> None:
        words = self.words
        if any(w in self.person_words for w in range(w0, w1)):
            return
        if w1 < len(words) and (w1 in self.person_words or any(a == w1 for a, _ in
                                                                self.person_ents)):
            return  # a title in front of a name
        phrase = " ".join(w.norm for w in words[w0:w1])
        k = w0 - 1
        while k >= 0 and words[k].norm in ROLE_MODIFIERS and words[k].norm != "former":
            k -= 1
        if k >= 0 and words[k].norm in ("former", "ex", "late", "then"):
            return
        qualifiers: list[str] = []
        start = words[k + 1].start
        if k >= 0 and words[k].norm == "'s":
            k -= 1
        g = self.gaz_at.get(k) if k >= 0 else None
        if g is not None and g.w1 == k + 1 and self.gaz_other(g):
            item = self.gaz_other(g)[0]
            qualifiers.append(self._government_of(self.reg.get(item.actor_id)))
            start = g.start
            k = g.w0 - 1
        end = words[w1 - 1].end
        # "the President of Russia"
        if w1 + 1 < len(words) and words[w1].norm == "of":
            j = w1 + 1
            if words[j].norm == "the" and j + 1 < len(words):
                j += 1
            g2 = self.gaz_at.get(j)
            if g2 is not None and g2.w0 == j and self.gaz_other(g2) and not qualifiers:
                qualifiers.append(self.gaz_other(g2)[0].actor_id)
                end = g2.end
        if k >= 0 and words[k].norm in INDEFINITE:
            return  # "one Lutherian diplomat": nobody in particular
        has_det = k >= 0 and words[k].norm == "the"
        if has_det:
            start = words[k].start
            k -= 1
        if not qualifiers and not has_det:
            return
        if self._is_apposition(k, start, end):
            return  # "Zelenskyy, Ukraine's president": an apposition describes, not mentions
        if phrase in NEEDS_QUALIFIER and not qualifiers:
            return
        key = _ROLE_PHRASES[tuple(phrase.split())]
        want = {"person": True, "role": key, "qualifiers": qualifiers}
        if qualifiers and (key not in ROLE_CLASSES or key in _LEADER_CLASSES):
            holders = self.reg.holders("leader" if key in _LEADER_CLASSES else key,
                                       qualifiers, self.when)
            if len(holders) == 1:
                self.cands.append(_Cand(start, end, holders[0].id, "role", 4,
                                        CONFIDENCE["role"], person=True))
                return
        self.cands.append(_Cand(start, end, None, "role", 4, CONFIDENCE["role-antecedent"],
                                want=want, person=True))

    def _is_apposition(self, k: int, start: int, end: int) -> bool:
        """Whether a role phrase after "Name," is an apposition to that name."""
        if k < 0 or k not in self.person_words:
            return False
        if self.text[self.words[k].end : start].strip() not in (",", "–", "—"):
            return False
        root = self.span_root(start, end)
        if root is None:
            return True
        person = self.person_words[k]
        return root.dep_ == "appos" and person.start <= root.head.idx < person.end

    def org_nouns(self) -> None:
        """"the alliance", "the bloc": the nearest organisation that calls itself so."""
        nouns = _org_nouns(self.reg)
        for i, word in enumerate(self.words[1:], start=1):
            if (word.norm not in nouns and word.norm not in GENERIC_ORG_NOUNS) or self.words[
                i - 1
            ].norm != "the":
                continue
            if i + 1 < len(self.words) and self.words[i + 1].shape >= 1 and self.gap_ok(
                word, self.words[i + 1]
            ):
                continue
            if word.shape == 1 and i + 1 < len(self.words) and self.words[i + 1].norm == "of":
                continue
            self.cands.append(_Cand(self.words[i - 1].start, word.end, None, "role", 2,
                                    CONFIDENCE["role-antecedent"],
                                    want={"noun": word.norm}))

    def state_nouns(self) -> None:
        """"his troops", "its forces", "the administration", "administration officials".

        The troops of a person's or a country's side are that country's (as "Ukrainian
        forces" are Ukraine's); "the administration" is the government of the nearest
        earlier head of state or seat of government.
        """
        words = self.words
        for i, word in enumerate(words[:-1]):
            nxt = words[i + 1]
            armed = nxt.norm == "armed" and i + 2 < len(words) and words[i + 2].norm == "forces"
            if word.norm in ("his", "her", "its", "their") and (nxt.norm in MILITARY_NOUNS
                                                                  or armed):
                end = nxt.end
                if nxt.norm == "armed" and i + 2 < len(words) and words[i + 2].norm == "forces":
                    end = words[i + 2].end
                want = {"state_of": "person" if word.norm in ("his", "her") else "state",
                        "gender": PRONOUNS.get(word.norm)}
                self.cands.append(_Cand(word.start, end, None, "pronoun", 3,
                                        CONFIDENCE["pronoun"], want=want))
        for i, word in enumerate(words):
            if word.norm != "administration" or word.shape == 2:
                continue
            prev = words[i - 1] if i else None
            if prev is not None and (i - 1 in self.person_words or i - 1 in self.gaz_at):
                continue  # "the Trump administration", "the US administration": named
            start = word.start
            end = word.end
            if prev is not None and prev.norm in ("the", "some", "senior") and self.gap_ok(
                prev, word
            ):
                start = prev.start
            if i + 1 < len(words) and words[i + 1].norm in ("official", "officials"):
                end = words[i + 1].end
            self.cands.append(_Cand(start, end, None, "metonym", 2,
                                    CONFIDENCE["role-antecedent"],
                                    want={"state_of": "government"}))

    def pronouns(self) -> None:
        if not self.opt.pronouns:
            return
        for word in self.words:
            gender = PRONOUNS.get(word.norm)
            if gender is None:
                continue
            if self.has_tags:
                tok = self.token_at(word.start)
                if tok is None or tok.pos_ != "PRON":
                    continue
            want: dict[str, Any] = {"person": True, "gender": gender}
            if word.norm in ("him", "her", "himself", "herself"):
                # "Pistorius criticised Putin, accusing him": an object pronoun is not the
                # subject of its own sentence (a reflexive is, and "her" may be possessive).
                want["not_subject_of"] = self.sent_of(word.start) if word.norm in (
                    "him",) else None
            self.cands.append(_Cand(word.start, word.end, None, "pronoun", 1,
                                    CONFIDENCE["pronoun"], want=want, person=True))

    # -- 6. choose, then resolve left to right ----------------------------------------

    def choose(self) -> list[_Cand]:
        chosen: list[_Cand] = []
        taken: list[tuple[int, int]] = []
        for cand in sorted(self.cands, key=lambda c: (-c.prio, -c.length, c.start)):
            if any(cand.start < e and s < cand.end for s, e in taken):
                continue
            chosen.append(cand)
            taken.append((cand.start, cand.end))
        return sorted(chosen, key=lambda c: c.start)

    def ref_for(self, cand: _Cand) -> _Ref:
        root = self.span_root(cand.start, cand.end)
        subject = root is not None and root.dep_ in ("nsubj", "nsubjpass")
        return _Ref(cand.start, cand.end, cand.actor_id or "", self.sent_of(cand.start), subject,
                    self.quoted(cand.start), cand.kind)

    def resolve_sequence(self, chosen: list[_Cand]) -> list[_Cand]:
        refs: list[_Ref] = []
        out = []
        for cand in chosen:
            if cand.want is not None and cand.actor_id is None and "state_of" in cand.want:
                cand.actor_id = self._state_of(refs, cand)
                if cand.actor_id is None:
                    continue
                out.append(cand)
                continue
            if cand.want is not None and cand.actor_id is None:
                match = _pick(refs, cand.start, self.sent_of(cand.start),
                              self.quoted(cand.start),
                              lambda r, want=cand.want: self.compatible(r.actor_id, want)
                              and not (r.subject and r.sent == want.get("not_subject_of")))
                if match is not None:
                    cand.actor_id = match.actor_id
                elif cand.kind == "pronoun" or "noun" in cand.want:
                    continue  # an unresolved pronoun or noun is not worth a mention
            if cand.actor_id is not None:
                refs.append(self.ref_for(cand))
            out.append(cand)
        return out

    def _state_of(self, refs: list[_Ref], cand: _Cand) -> str | None:
        """The country behind "his troops", "its forces" or "the administration"."""
        kind = cand.want["state_of"] if cand.want else None

        def country(ref: _Ref) -> str | None:
            entry = self.entry(ref.actor_id)
            if entry is None:
                ind = self.induced.get(ref.actor_id)
                code = ind.country if ind else None
            elif kind == "government" and entry.type == "person" and not any(
                s.leader or s.key in LEADER_ORDER for s in entry.spells(self.when)
            ):
                return None
            else:
                if entry.type in ("country",):
                    return entry.id
                code = entry.country
            found = self.reg.country_of(code)
            return found.id if found else None

        def ok(ref: _Ref) -> bool:
            entry = self.entry(ref.actor_id)
            is_person = (entry is not None and entry.type == "person") or (
                ref.actor_id in self.induced)
            if kind == "person" and not is_person:
                return False
            if kind == "state" and (is_person or entry is None or entry.type == "organisation"):
                return False
            if kind == "government" and not (is_person or ref.kind == "metonym"):
                return False
            gender = cand.want.get("gender") if cand.want else None
            if gender and entry is not None and entry.gender and entry.gender != gender:
                return False
            return country(ref) is not None

        match = _pick(refs, cand.start, self.sent_of(cand.start), self.quoted(cand.start), ok)
        return country(match) if match is not None else None

    def compatible(self, actor_id: str, want: dict[str, Any]) -> bool:
        return _compatible(actor_id, want, self.reg, self.induced_roles(), self.when)

    def induced_roles(self) -> dict[str, tuple[str | None, str | None]]:
        return {k: (v.role, v.country) for k, v in self.induced.items()}

    # -- 7. records --------------------------------------------------------------------

    def records(self, chosen: list[_Cand]) -> tuple[tuple[Mention, ...], tuple[Actor, ...]]:
        mentions = []
        actors: dict[str, Actor] = {}
        for cand in chosen:
            text = self.text[cand.start : cand.end]
            mentions.append(Mention(text, cand.actor_id, cand.kind,
                                    Provenance(self.doc.id, cand.start, cand.end, STAGE),
                                    round(cand.conf, 3)))
            if cand.actor_id and cand.actor_id not in actors:
                actors[cand.actor_id] = self.actor_record(cand.actor_id)
        return tuple(mentions), tuple(actors.values())

    def actor_record(self, actor_id: str) -> Actor:
        ind = self.induced.get(actor_id)
        if ind is not None:
            return Actor(actor_id, ind.name, "person", ind.country, ind.role, "induced")
        entry = self.reg.get(actor_id)
        if entry is None:
            return Actor(actor_id, actor_id, "group", None, None, "induced")
        role = self.reg.role_text(entry, self.when) if entry.type == "person" else None
        return Actor(entry.id, entry.name, entry.type, entry.country, role, entry.source)

    def run(self) -> Document:
        if not self.text:
            return self.doc.evolve(mentions=(), actors=())
        self.persons()
        self.others()
        self.roles()
        self.org_nouns()
        self.state_nouns()
        self.pronouns()
        chosen = self.resolve_sequence(self.choose())
        mentions, actors = self.records(chosen)
        return self.doc.evolve(mentions=mentions, actors=actors)


# -- module-level helpers that depend only on the registry --------------------------------

def _org_nouns(registry: Registry) -> dict[str, list[str]]:
    return registry.nouns


_ROLE_PHRASES: dict[tuple[str, ...], str] = {}
for _key, _phrases in ROLE_SYNONYMS.items():
    for _phrase in _phrases:
        _ROLE_PHRASES[tuple(_phrase.split())] = _key
        if "defence" in _phrase:
            _ROLE_PHRASES[tuple(_phrase.replace("defence", "defense").split())] = _key
for _cls in ROLE_CLASSES:
    _ROLE_PHRASES.setdefault((_cls,), _cls)
_ROLE_PHRASES[("vice", "president")] = "vice president"
_ROLE_PREFIXES = frozenset(k[:n] for k in _ROLE_PHRASES for n in range(1, len(k) + 1))
# Words that, capitalised in front of a name, are a title ("Senator Kane", "Judge Ruiz").
TITLE_WORDS = frozenset(
    {w for k in _ROLE_PHRASES for w in k if len(k) == 1 or w not in ("of", "the", "for", "and")}
    | _words("senator governor general judge mayor speaker colonel commander sheikh ayatollah "
             "prince princess cardinal archbishop rabbi imam sen rep gov lt gen col")
) - {"state", "affairs", "foreign", "defence", "defense", "national", "security"}
_ROLE_WORDS = frozenset(w for k in _ROLE_PHRASES for w in k if w not in ("of", "the", "for",
                                                                          "and", "state"))


def _key_matches(want: str, have: str) -> bool:
    if want == have:
        return True
    return have in ROLE_CLASSES.get(want, ())


def _compatible(
    actor_id: str,
    want: dict[str, Any],
    registry: Registry,
    induced: dict[str, tuple[str | None, str | None]],
    when: date | None,
) -> bool:
    """Whether an earlier mention's actor can be what a pronoun/role noun refers to."""
    entry = registry.get(actor_id)
    if "noun" in want:
        if entry is None or entry.type != "organisation":
            return False
        if entry.nouns:
            return want["noun"] in {norm_word(n) for n in entry.nouns}
        return want["noun"] in GENERIC_ORG_NOUNS
    if want.get("person"):
        if entry is None and actor_id not in induced:
            return False
        if entry is not None and entry.type != "person":
            return False
    gender = want.get("gender")
    if gender and entry is not None and entry.gender and entry.gender != gender:
        return False
    key = want.get("role")
    if not key:
        return True
    quals: set[str] = set()
    codes: set[str] = set()
    for q in want.get("qualifiers") or ():
        quals |= registry.of_keys(q)
        qe = registry.get(q)
        if qe is not None and qe.country:
            codes.add(qe.country)
    if entry is not None:
        for spell in entry.spells(when) or (entry.roles if when is None else ()):
            holds = _key_matches(key, spell.key) or (key in _LEADER_CLASSES and spell.leader)
            if holds and (not quals or spell.of in quals):
                return True
        return False
    role, country = induced.get(actor_id, (None, None))
    if not role:
        return False
    have = role_key(role)
    if codes and country not in codes:
        return False
    if _key_matches(key, have):
        return True
    words = set(have.split())
    return key == "diplomat" and bool(words & {"foreign", "diplomat", "envoy", "ambassador"})


def _pick(
    refs: Sequence[_Ref],
    position: int,
    sent: int,
    position_quoted: bool,
    ok: Callable[[_Ref], bool],
) -> _Ref | None:
    """The antecedent: within :data:`ANTECEDENT_SENTENCES`, nearest sentence first, a
    grammatical subject before other mentions, then the closest. Mentions inside quotation
    marks are skipped when the position is outside them (a quote's content is rarely what
    "he said" refers to)."""
    best: tuple[int, int, int] | None = None
    chosen = None
    for ref in refs:
        if ref.end > position:
            continue
        distance = sent - ref.sent
        if distance < 0 or distance > ANTECEDENT_SENTENCES:
            continue
        if ref.quoted and not position_quoted:
            continue
        if not ok(ref):
            continue
        rank = (distance, 0 if ref.subject else 1, position - ref.end)
        if best is None or rank < best:
            best, chosen = rank, ref
    return chosen


# -- public API ------------------------------------------------------------------------------


def resolve_document(doc: Document, registry: Registry | None = None,
                     options: ActorOptions | None = None) -> Document:
    """A copy of ``doc`` with ``mentions`` and ``actors`` filled.

    doc (Document): with ``text`` and, for full results, ``nlp_doc`` (the parse stage).
    registry (Registry): defaults to :func:`load_registry` with ``options``' files.
    RETURNS (Document): the evolved document; ``doc`` itself is not changed.
    """
    options = options or ActorOptions()
    registry = registry or load_registry(options.registry, options.extra)
    return _Analysis(doc, registry, options).run()


def resolve_mention(doc: Document, start: int, end: int) -> Mention | None:
    """The mention that covers ``[start, end)``, else the one inside it.

    Covering: the shortest such mention. Inside (e.g. a speaker phrase "the president's adviser
    Mara Lind" holding two mentions): the longest, ties to the rightmost, which is the
    head of an English noun phrase. Resolved mentions are preferred over unresolved ones.
    RETURNS (Mention | None): None when no mention overlaps the span that way.
    """
    covering = [m for m in doc.mentions if m.where.start <= start and end <= m.where.end]
    if covering:
        return min(covering, key=lambda m: (m.actor_id is None, m.where.end - m.where.start))
    inside = [m for m in doc.mentions if start <= m.where.start and m.where.end <= end]
    if not inside:
        return None
    return max(inside, key=lambda m: (m.actor_id is not None, m.where.end - m.where.start,
                                      m.where.start))


def antecedent(
    doc: Document,
    position: int,
    *,
    want: str = "person",
    role: str | None = None,
    registry: Registry | None = None,
) -> Mention | None:
    """The earlier mention a pronoun or role noun at ``position`` refers to.

    want (str): ``"person"`` (any person), ``"male"`` / ``"female"`` (a person of that
        gender or of unknown gender), ``"organisation"`` (organisation, group or
        government), ``"group"`` (any collective: also countries, for a plural "they")
        or ``"actor"`` (anything).
    role (str | None): an office ("president", "vice president", "foreign minister") or
        class ("leader", "diplomat") the antecedent must hold on the article's date; any
        phrase :func:`~storyline.extract.actor_registry.role_key` understands.
    registry (Registry | None): the registry the document was analysed with (default
        world registry when None; only needed for genders and registry roles).
    RETURNS (Mention | None): nearest compatible mention within
        :data:`ANTECEDENT_SENTENCES` sentences, a grammatical subject first (when the
        document still has its parse), skipping quoted mentions for an unquoted position.
    """
    registry = registry or load_registry()
    when = parse_date(doc.published)
    actors = {a.id: a for a in doc.actors}
    induced = {a.id: (a.role, a.country) for a in doc.actors if a.source == "induced"}
    spec: dict[str, Any] = {}
    if want in ("person", "male", "female"):
        spec["person"] = True
        if want != "person":
            spec["gender"] = want[0]
    if role:
        spec["role"] = _ROLE_PHRASES.get(tuple(norm_word(w) for w in role.split()),
                                         role_key(role))
    analysis_view = _DocView(doc)
    refs = []
    by_ref: dict[tuple[int, int], Mention] = {}
    for m in doc.mentions:
        if not m.actor_id or m.where.end > position:
            continue
        actor = actors.get(m.actor_id)
        if want == "organisation" and (actor is None or actor.type not in _ORG_TYPES):
            continue
        if want == "group" and (actor is None or actor.type == "person"):
            continue
        refs.append(_Ref(m.where.start, m.where.end, m.actor_id,
                         analysis_view.sent_of(m.where.start),
                         analysis_view.is_subject(m.where.start, m.where.end),
                         analysis_view.quoted(m.where.start)))
        by_ref[(m.where.start, m.where.end)] = m

    def ok(ref: _Ref) -> bool:
        if not spec:
            return True
        if spec.get("person") and ref.actor_id in actors and actors[ref.actor_id].type != "person":
            return False
        return _compatible(ref.actor_id, spec, registry, induced, when)

    found = _pick(refs, position, analysis_view.sent_of(position),
                  analysis_view.quoted(position), ok)
    return by_ref.get((found.start, found.end)) if found else None


_ORG_TYPES = ("organisation", "group", "government")


class _DocView:
    """Sentences, subjects and quotes of an analysed document, for :func:`antecedent`."""

    def __init__(self, doc: Document) -> None:
        self.sp = doc.nlp_doc
        self.quotes = _quoted_regions(doc.text)
        if self.sp is not None and self.sp.has_annotation("DEP"):
            self.starts = [s.start_char for s in self.sp.sents]
        elif doc.sentences:
            self.starts = [s.where.start for s in doc.sentences]
        else:
            self.starts = [0]

    def sent_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.starts, pos) - 1)

    def quoted(self, pos: int) -> bool:
        return _in_regions(self.quotes, pos)

    def is_subject(self, start: int, end: int) -> bool:
        if self.sp is None or not self.sp.has_annotation("DEP"):
            return False
        span = self.sp.char_span(start, end, alignment_mode="expand")
        return bool(span is not None and len(span) and span.root.dep_ in ("nsubj", "nsubjpass"))


# -- the stage -------------------------------------------------------------------------------


@stage(
    STAGE,
    defaults={
        "registry": "default",
        "extra": [],
        "fuzzy_surname": FUZZY_SURNAME,
        "fuzzy_name": FUZZY_NAME,
        "fuzzy_doc": FUZZY_DOC,
        "fuzzy_margin": FUZZY_MARGIN,
        "induce": True,
        "pronouns": True,
        "default_date": "",
    },
    requires=("doc.parse",),
    produces=("doc.mentions", "doc.actors"),
)
def make_actors(
    registry: str,
    extra: Sequence[str],
    fuzzy_surname: float,
    fuzzy_name: float,
    fuzzy_doc: float,
    fuzzy_margin: float,
    induce: bool,
    pronouns: bool,
    default_date: str,
) -> Callable[[list[Document]], list[Document]]:
    """Resolve mentions of persons, organisations, governments and countries to actors."""
    if isinstance(extra, str):
        extra = [extra]
    options = ActorOptions(
        registry=str(registry),
        extra=tuple(str(p) for p in extra),
        fuzzy_surname=float(fuzzy_surname),
        fuzzy_name=float(fuzzy_name),
        fuzzy_doc=float(fuzzy_doc),
        fuzzy_margin=float(fuzzy_margin),
        induce=bool(induce),
        pronouns=bool(pronouns),
        default_date=str(default_date or ""),
    )
    load_registry(options.registry, options.extra)  # fail at build time, not on a batch

    def run(batch: list[Document]) -> list[Document]:
        # Looked up per batch, not captured: on a Dask worker the registry then loads once
        # per process instead of travelling with every task.
        table = load_registry(options.registry, options.extra)
        return [resolve_document(doc, table, options) for doc in batch]

    return run

