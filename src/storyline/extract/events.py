"""PLOVER event coding: who did what to whom, sentence by sentence.

The ``events`` stage reads the parse (``doc.nlp_doc``) and the actor mentions and fills
``Document.events`` with :class:`~storyline.model.Event` records, each citing its sentence
(``where``) and trigger (``trigger_where``). A sentence may hold several events.

How a sentence is coded, using the lexicon in ``data/plover_lexicon.yaml``
(:mod:`storyline.extract.plover`):

1. **Triggers.** Every verb whose lemma (or phrasal verb, "call for", "pull out") has a
   sense in the lexicon whose constraints hold: the head noun of its object, a required
   preposition, an actor as object ("met Putin" but not "met expectations"). Light verbs
   take the type of their object noun ("held talks", "launched attacks", "imposed
   sanctions"). Event nouns ("talks", "attacks", "demand") are coded when a light or
   reporting verb takes them, when they are the subject of a verb of occurrence ("talks
   are scheduled to continue", "the talks collapsed"), or when their own participants are
   actors ("talks between X and Y", "Russia's attacks on Y").
2. **Frames.** Control verbs and predicates decide the type and absorb their complement,
   which then gives the mode and the issue: "refused to agree to a ceasefire" is one
   REJECT (mode ``yield``), not an AGREE; "threatened to impose sanctions" is THREATEN
   (``restrict``); "urged Russia to accept" is REQUEST with Russia as target; "agreed to a
   limited halt of strikes" or "would release 23 soldiers" is CONCEDE (a declared
   concession); "is ready to accept a full ceasefire" is AGREE. Predicates that rule a
   proposal out ("a general truce was impossible", "called the demand unacceptable") are
   REJECT. In a reported clause or a quote, "X must/has to Y" is a REQUEST aimed at X.
3. **Reported speech.** Reporting verbs ("said", "told", "confirmed") are not events;
   their speaker is the source when the clause's own subject is a pronoun or missing, and
   an actual event that one party reports about itself or the other side gets modality
   ``reported``.
4. **Announcements.** A cooperative material act announced for the future ("will send
   aid") is AGREE, a de-escalation (release, withdrawal, halt) CONCEDE; a hostile act
   announced against a target or under a condition ("would adopt new sanctions if ...")
   is THREATEN.
5. **Actors.** Source: the passive agent, else the subject (through control, coordination
   and relative clauses), else the reporting speaker, else the quote's speaker for "we";
   each resolved through the actors stage's mentions (a head noun's own mention first,
   then its modifiers: "Russian officials", "leaders of the opposition"). Target: a
   passive subject, the object of an object-control frame ("urged X to"), an actor
   object or the owner of the object ("rejected Trump's proposal"), an actor after
   with/to/against/on/at/from, the subject of a demanded clause; else, at lower
   confidence, the nearest other actor in the sentence. Across the document
   (:func:`_counterpart_targets`): a move with no target is aimed at the source's partner
   in the article's consultations; "rejected it" answers the demand told just before; a
   concession goes to the side the source is fighting; an attack its victim reports
   comes from that side; talks that "collapsed" are broken off by their parties.
6. **Not coded.** What someone fears, doubts, wishes of another or asks "whether"; a
   consultation named again (evaluated, re-dated by "after"/"before", "confirmed the
   meeting"); praise of no one; one move restated in one sentence (one event per
   source and type unless another party is named).
7. **Details.** Negation ("did not reject", "no strike has hit", "accepted by neither
   side"), modality (``actual``, ``proposed``, ``conditional``, ``scheduled``,
   ``future``, ``hypothetical``, ``reported``), the condition clause ("if Ardenia did the
   same", "on condition of reciprocity", "provided that ..."), PLOVER contexts (topical
   keywords plus ``future``/``historical``/``hypothetical``), quantities
   (:func:`storyline.extract.quantities.find_quantities`), location and date as written.

The stage is deterministic and keeps no state between documents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from spacy.tokens import Span, Token

from storyline.extract.plover import (
    COOPERATIVE_MATERIAL,
    HOSTILE_MATERIAL,
    Frame,
    Lexicon,
    Sense,
    load_lexicon,
)
from storyline.extract.quantities import find_quantities
from storyline.model import Document, Event, Mention, Provenance, Quantity
from storyline.registry import stage

__all__ = ["EventOptions", "code_document", "in_condition", "make_events", "place_country"]

STAGE = "events"

# Confidence by how the actors were found (a reader's guide, not a probability).
CONFIDENCE_PARSED = 0.85
CONFIDENCE_FALLBACK = 0.6
CONFIDENCE_NOUN = 0.7
CONFIDENCE_SOURCELESS = 0.4

NEGATORS = frozenset({"not", "n't", "never", "no", "neither", "nor", "nobody", "none",
                      "nothing", "without"})
PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "him", "her", "them",
                      "us", "me", "his", "its", "their", "our", "my", "your", "who",
                      "which", "that", "this", "these", "those", "one"})
FIRST_PERSON = frozenset({"we", "i", "us", "me", "our", "my"})
RELATIVE = frozenset({"which", "who", "that", "whom", "whose"})
TARGET_PREPS = ("with", "to", "against", "on", "at", "from", "for", "into", "toward",
                "towards", "upon", "over", "between", "by")
CONDITION_MARKS = frozenset({"if", "unless", "provided", "providing", "once", "until"})
OBJECT_CONTROL = frozenset({"urge", "ask", "order", "force", "tell", "allow", "press", "lead",
                            "pressure", "call", "call_on", "call_upon", "compel", "permit",
                            "push", "encourage", "invite", "help", "persuade", "warn",
                            "require"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
HYPOTHETICAL_AUX = frozenset({"could", "might", "may", "can"})
OBLIGATION_AUX = frozenset({"must", "should", "ought"})
HISTORICAL_ADVERBS = frozenset({"previously", "earlier", "formerly", "once", "already",
                                "before"})
PARTIAL_WORDS = frozenset({"limited", "partial", "narrow", "narrower", "energy",
                           "infrastructure", "port", "ports", "maritime", "sea",
                           "humanitarian", "local", "localised", "localized", "mutual",
                           "moratorium", "power", "refinery", "refineries", "substation",
                           "grid"})
FULL_WORDS = frozenset({"full", "complete", "general", "comprehensive", "unconditional",
                        "total", "30-day", "immediate", "lasting", "permanent"})
# Participles that describe their subject's stance, not something done to it.
STATIVE_PARTICIPLES = frozenset({"opposed", "committed", "prepared", "determined",
                                 "engaged", "resolved", "inclined", "disposed", "obliged",
                                 "interested", "concerned", "worried", "alarmed",
                                 "convinced"})
# Announced cooperative acts that become promises (AGREE); scheduled meetings stay CONSULT.
PROMISABLE = frozenset({"AID", "COOPERATE", "SUPPORT", "CONSULT"})
DECLARED_CONCESSIONS = frozenset({"withdraw", "release", "ceasefire", "disarm"})
LOCATION_PREPS = frozenset({"in", "at", "near", "outside", "around", "inside", "across"})
TEMPORAL_PREPS = frozenset({"after", "before", "during", "since", "following", "until",
                            "ahead", "amid", "amidst", "despite", "throughout"})
TEMPORAL_MARKS = frozenset({"after", "before", "since", "when", "while", "until", "once",
                            "as"})
CONSULT_NOUNS = frozenset({"call", "conversation", "talk", "talks", "meeting", "discussion",
                           "negotiation", "negotiations", "dialogue", "contact", "summit"})
# Wishes: "wants to stop the fighting" is no event (with an object, "wants X to Y", it is a
# request).
DESIRES = frozenset({"want", "hope", "wish", "like", "prefer"})
# States of mind whose content is a possible event, not one that happened.
ATTITUDES = DESIRES | frozenset({"fear", "worry", "doubt", "skeptical", "sceptical",
                                 "afraid", "concerned", "worried", "mean", "imply"})
# Complements that make a commitment a show ("only agreeing to appear to negotiate").
PRETENCE = frozenset({"appear", "seem", "pretend", "feign"})
# Adverbial particles of phrasal verbs, which the parser may take for plain adverbs.
PARTICLES = frozenset({"apart", "down", "off", "away"})
# Negated, these say a move was not repeated ("made no mention of the tariffs he had threatened").
UNMENTIONING = frozenset({"mention", "repeat", "reiterate", "renew", "raise", "make",
                          "issue", "voice"})
# Verbs that predicate an evaluation of their object ("called X illegal").
EVALUATING_VERBS = frozenset({"call", "describe", "label", "term", "brand", "deem", "name",
                              "denounce", "dismiss", "characterize", "characterise",
                              "qualify", "consider", "find"})
# Event nouns that name a speech act: their governing verb's subject made it ("reiterated
# the need for", "reinforced its demand", "issued a warning").
SPEECH_NOUNS = frozenset({"demand", "need", "call", "appeal", "request", "proposal", "offer",
                          "threat", "warning", "ultimatum", "criticism", "accusation",
                          "rejection", "refusal", "stipulation", "condition",
                          "precondition", "insistence", "pledge", "promise", "praise",
                          "support", "concern", "skepticism", "scepticism", "complaint",
                          "protest", "condemnation", "importance"})


@dataclass(frozen=True)
class EventOptions:
    """The ``[stages.events]`` settings, as one object."""

    lexicon: str = "default"
    nouns: bool = True  # code event nouns ("talks between X and Y")
    fallback_target: bool = True  # nearest other actor when the parse gives no target
    counterparts: bool = True  # else the source's consultation partner in the document
    # Keep a sentence's best event even when no source actor (or country) is named.
    sourceless: bool = False


@dataclass
class _Cand:
    """A trigger being coded."""

    token: Token
    type: str
    mode: str | None
    kind: str  # verb | light | noun | frame | predicate | obligation | rejecting
    start: int  # trigger characters
    end: int
    comp: Token | None = None  # complement head (frames, light verbs)
    modality: str | None = None
    noun: Token | None = None  # event noun (light verbs, noun events)
    concede: bool = False
    object_control: bool = False
    absorbed: bool = False
    dyad: str | None = None  # the source is "both sides" / "the two leaders"
    words: set[str] = field(default_factory=set)  # the phrase's lemmas, for modes


@dataclass
class _Actors:
    ids: list[str]
    text: str | None
    fallback: bool = False
    others: list[str] = field(default_factory=list)  # other actors named in the phrase
    phrase: tuple[int, int] | None = None  # the words searched, when no actor was found
    dyad: str | None = None  # "states" ("both sides") or "persons" ("the two leaders")


def _lemma(tok: Token) -> str:
    return (tok.lemma_ or tok.text).lower()


def _lemma_forms(tok: Token) -> list[str]:
    """The lemma, then spellings a lexicon may list when the lemmatiser slips
    ("staged" -> "stag" -> "stage")."""
    lemma = _lemma(tok)
    low = tok.lower_
    forms = [lemma, low]
    if tok.tag_ in ("VBD", "VBN") and low.endswith("ed"):
        forms += [low[:-1], low[:-2]]
        if len(low) > 4 and low[-3] == low[-4]:
            forms.append(low[:-3])  # "shipped" -> "ship"
    elif tok.tag_ == "VBG" and low.endswith("ing"):
        forms += [low[:-3], low[:-3] + "e"]
    elif tok.tag_ == "VBZ" and low.endswith("s"):
        forms += [low[:-1], low[:-2]]
    return list(dict.fromkeys(forms))


def _find(table: Any, tok: Token) -> str | None:
    """The first of the token's lemma forms that ``table`` holds."""
    for form in _lemma_forms(tok):
        if form in table:
            return form
    return None


def _is_verb(tok: Token) -> bool:
    return tok.pos_ == "VERB" or (tok.tag_.startswith("VB") and tok.pos_ != "AUX")


def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _passive(tok: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)


def _attributive_participle(tok: Token) -> bool:
    """A past participle used as an adjective but parsed as a verb with an object
    ("would free 40 injured Ardenian sailors"): with no auxiliary and
    no subject of its own, an English past participle cannot be an active verb taking
    an object, so the noun right after it is the noun it describes."""
    if tok.tag_ != "VBN" or _children(tok, "aux", "auxpass", "nsubj", "nsubjpass"):
        return False
    objects = _children(tok, "dobj")
    return bool(objects) and all(o.i > tok.i and o.i - tok.i <= 3 for o in objects) and \
        all(t.pos_ in ("ADJ", "NOUN", "PROPN", "NUM") for t in tok.doc[tok.i + 1 : objects[0].i])


def _conjuncts(tok: Token) -> list[Token]:
    """``tok`` and the nouns coordinated with it ("Russia and Ukraine")."""
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON"):
            out.extend(_conjuncts(c))
    return out


def _span_words(tokens: Iterable[Token]) -> set[str]:
    out: set[str] = set()
    for t in tokens:
        out.add(t.lower_)
        out.add(_lemma(t))
    return out


class _DocIndex:
    """Mentions and quotes of one document, by character position."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.mentions = sorted(doc.mentions, key=lambda m: (m.where.start, -m.where.end))
        self.actors = {a.id: a for a in doc.actors}
        self.quotes = [q for q in doc.quotes if q.kind in ("direct", "mixed")]
        self._ents: list[Span] | None = None
        self._ents_of: Any = None  # the parse _ents lists

    def ents_in(self, sent: Span) -> list[Span]:
        """``sent.ents``, from the document's entities listed once: spaCy rebuilds every
        entity of the document on each read of ``Span.ents``. Same selection as spaCy's
        (entities from the sentence's start that end inside it, up to the first that
        does not)."""
        if self._ents is None or self._ents_of is not sent.doc:
            self._ents, self._ents_of = list(sent.doc.ents), sent.doc
        out = []
        for ent in self._ents:
            if ent.start >= sent.start:
                if ent.end <= sent.end:
                    out.append(ent)
                else:
                    break
        return out

    def covering(self, tok: Token) -> Mention | None:
        best = None
        for m in self.mentions:
            if m.where.start > tok.idx:
                break
            if m.where.start <= tok.idx < m.where.end and m.actor_id and (
                    best is None
                    or (m.where.end - m.where.start) < (best.where.end - best.where.start)):
                best = m
        return best

    def inside(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions
                if start <= m.where.start and m.where.end <= end and m.actor_id]

    def quote_at(self, pos: int) -> Any | None:
        for q in self.quotes:
            if q.where.start <= pos < q.where.end:
                return q
        return None

    def country(self, actor_id: str | None) -> str | None:
        if actor_id is None:
            return None
        actor = self.actors.get(actor_id)
        return actor.country if actor else None

    def code(self, actor_id: str | None) -> str | None:
        """The PLOVER actor code: the country, or IGO for a body without one."""
        if actor_id is None:
            return None
        actor = self.actors.get(actor_id)
        if actor is None:
            return None
        if actor.country:
            return actor.country
        return "IGO" if actor.type in ("organisation", "government") else None

    def is_state(self, actor_id: str | None) -> bool:
        actor = self.actors.get(actor_id or "")
        return bool(actor and actor.type in ("country", "government") and actor.country)


class _SentenceCoder:
    """Codes one sentence; discarded afterwards."""

    def __init__(self, sent: Span, index: _DocIndex, lex: Lexicon,
                 options: EventOptions, quantities: list[Quantity],
                 places: Callable[[str], str | None] = lambda _text: None) -> None:
        self.known = _known_lemmas(lex)
        self.places = places
        self.sent = sent
        self.index = index
        self.lex = lex
        self.options = options
        self.quantities = quantities
        self.doc_id = index.doc.id
        # per trigger (start, type): whether the parse itself gave the target
        self._parsed_targets: dict[tuple[int, str], bool] = {}
        # lem() by token index: every pass over the sentence asks again for each token
        self._lems: dict[int, str] = {}
        self._sent_ents: list[Span] | None = None
        # the sentence's tokens, made once: iterating a Span builds every Token anew
        self.tokens: list[Token] = list(sent)
        self.words = [t.lower_ for t in self.tokens]

    def lem(self, tok: Token) -> str:
        """The token's lemma, or the first spelling of it the lexicon knows."""
        found = self._lems.get(tok.i)
        if found is not None:
            return found
        forms = _lemma_forms(tok)
        found = forms[0]
        for form in forms:
            if form in self.known:
                found = form
                break
        self._lems[tok.i] = found
        return found

    @property
    def ents(self) -> list[Span]:
        """The sentence's entities, listed once (``Span.ents`` walks the whole document's
        entities on every read)."""
        if self._sent_ents is None:
            self._sent_ents = self.index.ents_in(self.sent)
        return self._sent_ents

    # -- 1. triggers ---------------------------------------------------------------------

    def _object_heads(self, verb: Token) -> list[Token]:
        heads: list[Token] = []
        for c in verb.children:
            if c.dep_ in ("dobj", "obj", "attr", "oprd", "dative") or c.dep_ == "nsubjpass":
                heads.extend(_conjuncts(c))
            elif c.dep_ == "xcomp" and c.tag_ == "VBG":
                heads.append(c)
                heads.extend(_children(c, "dobj"))
            elif c.dep_ == "prep" and c.lower_ in ("at", "on", "against", "upon", "for",
                                                   "to", "of", "from", "into", "about",
                                                   "by", "via", "over"):
                for p in _children(c, "pobj"):
                    heads.extend(_conjuncts(p))
            elif c.dep_ == "prt":
                heads.extend(_children(c, "pobj"))
            elif c.dep_ == "ccomp":  # "allow candidate X to participate"
                heads.extend(_children(c, "nsubj"))
        if verb.dep_ in ("relcl", "acl") and not any(x.dep_ in ("dobj", "nsubjpass")
                                                     for x in verb.children):
            heads.append(verb.head)  # "a proposal Velmar has dismissed"
        return heads

    def _np_words(self, heads: Iterable[Token]) -> set[str]:
        words: set[str] = set()
        for h in heads:
            words |= _span_words([h])
            for c in h.children:
                if c.dep_ in ("compound", "amod", "nmod"):
                    words |= _span_words([c])
            if h.lower_ == "fire" or h.pos_ in ("NOUN", "PROPN"):
                for c in _children(h, "prep"):
                    if c.lower_ == "of":
                        words |= _span_words(_children(c, "pobj"))
        return words

    def _has_actor(self, heads: Iterable[Token]) -> bool:
        for h in heads:
            m = self.index.covering(h)
            if m is not None:
                return True
            if h.pos_ in ("NOUN", "PROPN") and any(
                    self.index.covering(c) for c in h.children
                    if c.dep_ in ("amod", "compound", "poss")):
                return True
            if h.pos_ == "PRON" and h.lower_ in ("him", "her", "them", "us", "me"):
                return True
        return False

    def _subject_words(self, verb: Token) -> set[str]:
        subj = _children(verb, "nsubj") or _children(verb, "nsubjpass")
        return self._np_words(subj)

    def _preps(self, verb: Token) -> set[str]:
        return {c.lower_ for c in verb.children if c.dep_ in ("prep", "prt", "dative")}

    def _sense(self, senses: Sequence[Sense], verb: Token) -> Sense | None:
        heads = self._object_heads(verb)
        words = self._np_words(heads)
        preps = self._preps(verb)
        actor_obj = self._has_actor(heads)
        for s in senses:
            if s.prep is not None and not (preps & s.prep):
                continue
            if s.obj is not None and not (words & s.obj):
                continue
            if s.obj_not and words & s.obj_not:
                continue
            if s.obj_actor and not actor_obj:
                continue
            if s.intransitive and _children(verb, "dobj", "ccomp"):
                continue
            if s.subj is not None and not (self._subject_words(verb) & s.subj):
                continue
            if s.pair and not self._pair_subject(verb):
                continue
            if s.obj_place and not any(h.ent_type_ in ("GPE", "LOC") or (
                    h.pos_ == "PROPN" and self.index.covering(h) is None) for h in heads):
                continue
            if s.clause and not _children(verb, "ccomp") and not (
                    verb.dep_ == "parataxis" or (verb.dep_ == "ROOT" and any(
                        c.dep_ == "ccomp" for c in verb.children))):
                continue
            return s
        return None

    def _pair_subject(self, verb: Token) -> bool:
        """Two parties as subject: "X and Y spoke", "the two presidents spoke"."""
        subj = self._subject_of(verb)
        if subj is None:
            return False
        if any(c.dep_ == "conj" for c in subj.children):
            return True
        return _dyad(subj) is not None

    def _phrasal_keys(self, verb: Token) -> list[str]:
        lemma = self.lem(verb)
        keys = []
        for c in verb.children:
            if c.dep_ == "prt" or c.dep_ == "prep" or (c.dep_ == "advmod"
                                                       and c.lower_ in PARTICLES):
                keys.append(f"{lemma}_{c.lower_}")  # "fell apart" (parsed as an adverb)
            elif c.dep_ == "dobj" and c.lower_ == "fire":
                keys.append(f"{lemma}_fire")
        return keys

    def _complement(self, verb: Token, frame: Frame) -> tuple[Token | None, bool]:
        """The complement a frame governs, and whether it is object-controlled."""
        xcomp = _children(verb, "xcomp")
        ccomp = _children(verb, "ccomp")
        dobj = _children(verb, "dobj")
        if frame.needs_object_infinitive:
            if dobj and xcomp:
                return xcomp[0], True
            return None, False
        if not xcomp:
            # "refused on Tuesday to consider ...", parsed as a purpose clause
            xcomp = [x for x in _children(verb, "advcl") if x.pos_ == "VERB" and any(
                a.dep_ == "aux" and a.lower_ == "to" for a in x.children)]
        if xcomp:
            return xcomp[0], bool(dobj)
        ccomp = [x for x in ccomp if not any(m.dep_ == "mark" and m.lower_ in (
            "if", "unless", "whether", "once", "until") for m in x.children)]
        if ccomp and ccomp[0].pos_ in ("VERB", "AUX", "ADJ"):
            if frame.type == "REQUEST" and not _mandative(ccomp[0]):
                return None, False  # "insisted that Ukraine was ready": a report
            return ccomp[0], False
        if frame.needs_complement:
            for c in _children(verb, "prep"):
                if c.lower_ in ("on", "upon", "for", "to") and _children(c, "pobj", "pcomp"):
                    return (_children(c, "pobj", "pcomp"))[0], False
            return None, False
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ in ("to", "on", "upon", "for", "with", "in"):
                objs = [o for o in _children(c, "pobj", "pcomp")
                        if o.ent_type_ not in ("DATE", "TIME")]
                if objs and not self._has_actor(objs):
                    return objs[0], False
        if dobj:
            return dobj[0], False
        nsubjpass = _children(verb, "nsubjpass")
        if nsubjpass:
            return nsubjpass[0], False
        if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
            return verb.head, False
        return None, False

    def _triggers(self) -> list[_Cand]:
        cands: list[_Cand] = []
        lex = self.lex
        nouns = self.options.nouns
        for tok, low in zip(self.tokens, self.words, strict=True):
            lemma = self.lem(tok)
            pos, tag = tok.pos_, tok.tag_  # read once: each read looks up a string
            verb = pos == "VERB" or (tag.startswith("VB") and pos != "AUX")  # _is_verb
            if verb and tag == "VBN" and (
                    low in lex.predicates) and _children(tok, "xcomp"):
                # "are scheduled to hold talks", "is prepared to lift"
                cands.extend(self._predicate_triggers(tok, low))
            elif verb and tok.dep_ not in ("amod", "compound", "nmod", "npadvmod",
                                           "prep") and \
                    low not in ("provided", "providing", "according") and not (
                        tag == "VBN" and tok.head.i > tok.i
                        and tok.head.pos_ in ("NOUN", "PROPN")) and \
                    not _attributive_participle(tok):  # "wounded soldiers"
                cands.extend(self._verb_triggers(tok, lemma))
            elif pos == "ADJ" or (tag == "VBN" and pos != "VERB"):
                cands.extend(self._predicate_triggers(tok, lemma))
            if nouns and pos in ("NOUN", "PROPN") and (
                    lemma in lex.nouns or low in lex.nouns):
                cand = self._noun_trigger(tok, lemma)
                if cand is not None:
                    cands.append(cand)
            if low in ("must", "should") or (
                    lemma == "have" and _children(tok, "xcomp")
                    and any(x.dep_ == "aux" and x.lower_ == "to"
                            for x in _children(tok, "xcomp")[0].children)):
                cand = self._obligation_trigger(tok)
                if cand is not None:
                    cands.append(cand)
        cands.extend(self._rejecting_phrases())
        cands.extend(self._evaluations())
        return cands

    def _evaluations(self) -> list[_Cand]:
        """"called the measures illegal", "described the talks as productive",
        "the restrictions are illegal, Olen said": ACCUSE or SUPPORT of the owner."""
        out = []
        tokens, words = self.tokens, self.words
        evaluative = self.lex.evaluative
        for k, tok in enumerate(tokens):
            kind = evaluative.get(words[k]) or evaluative.get(self.lem(tok))
            if kind is None and k + 1 < len(tokens):
                nxt = tokens[k + 1]
                kind = evaluative.get(f"{words[k]} {words[k + 1]}")
                if kind is not None:
                    tok = nxt  # "a first step": the noun carries the predication
            if kind is None or tok.dep_ == "neg":
                continue
            if any(ch.dep_ == "neg" for ch in tok.head.children):
                continue
            node = tok
            # climb "as"-phrases and quotes to the predication
            while node.dep_ in ("pobj", "prep", "amod", "compound", "conj") and \
                    node.head.i != node.i and node.head.pos_ not in ("VERB",):
                node = node.head
            head = node.head
            thing = None
            if node.dep_ in ("oprd", "xcomp", "attr", "acomp", "dobj", "ccomp", "pobj",
                             "prep") and self.lem(head) in EVALUATING_VERBS:
                objs = _children(head, "dobj")
                thing = objs[0] if objs else None
            elif node.dep_ in ("acomp", "attr") and self.lem(head) == "be" and (
                    self._reporter(head) is not None
                    or self.index.quote_at(tok.idx) is not None):
                subj = _children(head, "nsubj")
                thing = subj[0] if subj else None
            if thing is None:
                continue
            if thing.lower_ in RELATIVE and head.dep_ == "relcl":
                thing = head.head  # "the call, which he described as excellent"
            if self._commentary(thing, node) and not self.options.sourceless:
                continue  # "described the call as excellent": commentary on the talks
            if kind == "SUPPORT" and not self._actor_or_act(thing):
                continue  # "it was worth a try", "a first step": praise of no one
            out.append(_Cand(head if self.lem(head) in EVALUATING_VERBS else tok, kind, None,
                             "evaluation", tok.idx, tok.idx + len(tok), comp=thing))
        return out

    def _commentary(self, thing: Token, predicate: Token) -> bool:
        """An evaluation of a consultation ("the call was excellent", "called it an
        excellent conversation", "the tone of the talks was good") comments on an event
        already told; it is no move towards anyone."""
        nouns = [thing, predicate] + [p for c in _children(thing, "prep") if c.lower_ == "of"
                                      for p in _children(c, "pobj")]
        return any(self.lem(n) in CONSULT_NOUNS for n in nouns)

    def _actor_or_act(self, thing: Token) -> bool:
        """An actor, or something an actor did or owns ("Kasharin's reaction", "the
        measures taken by Ardenia"): what praise or blame can be aimed at."""
        if self._has_actor([thing]):
            return True
        return any(self._has_actor(_children(p, "pobj")) for p in _children(thing, "prep")
                   if p.lower_ in ("of", "by", "from"))

    def _verb_triggers(self, verb: Token, lemma: str) -> list[_Cand]:
        lex = self.lex
        out: list[_Cand] = []
        if verb.dep_ == "advcl" and verb.i < verb.head.i and verb.tag_ in ("VBN", "VBD") \
                and not _children(verb, "nsubj", "nsubjpass", "agent"):
            return out  # "Asked about the proposal, Vorel said": she was asked
        keys = self._phrasal_keys(verb)
        wish = _children(verb, "xcomp")
        if lemma in DESIRES and wish and not _children(verb, "dobj"):
            # "Vell wants to halt the shelling": a wish, no event
            cand = _Cand(verb, "", None, "frame", verb.idx, verb.idx + len(verb), comp=wish[0])
            cand.words = {"__drop__"}
            return [cand]
        # Frames first: a control verb with a complement.
        for key in [*keys, lemma]:
            frame = lex.frames.get(key)
            if frame is None:
                continue
            comp, obj_control = self._complement(verb, frame)
            if comp is None and frame.keep and any(
                    m.dep_ == "mark" and m.lower_ in ("if", "unless", "once", "until")
                    for x in verb.children if x.dep_ in ("advcl", "ccomp")
                    for m in x.children):
                comp = verb  # "would consider it only if ...": the condition is the point
            if comp is None:
                continue
            if frame.needs is not None and self.lem(comp) not in frame.needs:
                continue
            if key == "ask" and self.lem(comp) in ("name", "identify", "quote"):
                return out  # "an official who asked not to be named"
            if key == "fail" and not frame.type:
                continue
            if self.lem(comp) in PRETENCE and _children(comp, "xcomp", "acomp", "attr"):
                return out  # "consenting to look as if it were negotiating": a show (not
                # "refused to appear in court", which is an act)
            if key == "require" and self._impersonal_subject(verb):
                return out  # "this will require a framework": a necessity, no demand
            kind_type = frame.type or ""
            # "agreed to exchange prisoners and to extend the halt": one move each
            comps = [comp] + [x for x in comp.children if x.dep_ == "conj"
                              and x.pos_ == comp.pos_]
            for one in comps:
                out.append(_Cand(verb, kind_type, None, "frame", verb.idx,
                                 verb.idx + len(verb), comp=one, modality=frame.modality,
                                 concede=frame.concede,
                                 object_control=obj_control or key in OBJECT_CONTROL))
                out[-1].words = {"__keep__"} if frame.keep else set()
            return out
        if lemma in lex.reporting and lemma not in lex.verbs:
            return out
        for key in [*keys, lemma]:
            senses = lex.phrasal.get(key) if key != lemma else lex.verbs.get(key)
            if not senses:
                continue
            sense = self._sense(senses, verb)
            if sense is None:
                continue
            end = verb.idx + len(verb)
            if key != lemma:
                parts = [c for c in verb.children if c.dep_ in ("prt", "prep")
                         or (c.dep_ == "dobj" and c.lower_ == "fire")]
                end = max([end] + [c.idx + len(c) for c in parts
                                   if key.endswith(c.lower_)])
            out.append(_Cand(verb, sense.type, sense.mode, "verb", verb.idx, end))
            return out
        if lemma in lex.light or lemma in ("put", "place", "bring"):
            objs = _children(verb, "dobj", "nsubjpass")
            if lemma in ("put", "place", "bring"):  # "put under investigation"
                objs = [p for c in _children(verb, "prep") if c.lower_ in ("under", "on")
                        for p in _children(c, "pobj")]
            # "launched a mediation effort": the event noun may be a compound modifier
            objs += [c for o in list(objs) for c in o.children if c.dep_ == "compound"]
            # "renewed military assistance and intelligence sharing": one move per
            # coordinated object (a second of the same type is the same move, see
            # _compose)
            objs = [x for o in objs for x in _conjuncts(o)]
            for obj in objs:
                noun = self._event_noun(obj)
                if noun is not None:
                    sense, mode, modality = noun
                    if sense == "PROTEST" and self.lem(obj) == "protest" and (
                            lemma in ("lodge", "file", "issue", "deliver", "send")):
                        sense, mode = "ACCUSE", None  # a written, diplomatic protest
                    end = max(obj.idx + len(obj), verb.idx + len(verb))
                    if any(o.type == sense for o in out):
                        continue
                    out.append(_Cand(verb, sense, mode, "light", verb.idx, end, noun=obj,
                                     modality=modality))
        return out

    def _impersonal_subject(self, verb: Token) -> bool:
        """A subject that is a thing or a situation ("this", "the plan", "peace"), not
        an actor or a personal pronoun."""
        subj = self._subject_of(verb)
        if subj is None:
            return False
        if subj.pos_ == "PRON":
            if subj.lower_ == "it":  # "Russia said it requires ...": the state
                return not self._pronoun_actor(subj).ids
            return subj.lower_ in ("this", "that", "which")
        return not self._np_actors(subj).ids and _dyad(subj) is None

    def _event_noun(self, noun: Token) -> tuple[str, str | None, str | None] | None:
        lex = self.lex
        lemma = self.lem(noun)
        entry = lex.nouns.get(noun.lower_) or lex.nouns.get(lemma)
        if entry is None:
            return None
        compounds = {c.lower_ for c in noun.children if c.dep_ in ("compound", "amod")}
        kind, mode = entry.type, entry.mode
        if lemma == "strike" and compounds & {"hunger", "general", "labour", "labor"}:
            return "PROTEST", ("strike-hun" if "hunger" in compounds else "strike-gen"), None
        if lemma == "call":
            if _children(noun, "acl", "relcl") and any(
                    c.lower_ == "to" for a in _children(noun, "acl") for c in a.children):
                return "REQUEST", None, None
            if any(c.lower_ == "for" for c in _children(noun, "prep")):
                return "REQUEST", None, None
        if entry.needs is not None:
            words = self._np_words([noun]) | _span_words(noun.subtree)
            if not words & entry.needs:
                return None
        return kind, mode, entry.modality

    def _noun_trigger(self, noun: Token, lemma: str) -> _Cand | None:
        found = self._event_noun(noun)
        if found is None:
            return None
        if found[0] == "REQUEST":
            # "a demand of its own: that the Concord lift the sanctions": the clause is
            # what is demanded
            for x in noun.children:
                if x.dep_ in ("acl", "ccomp", "appos", "relcl") and x.pos_ in ("VERB", "AUX") \
                        and _mandative(x) and any(m.dep_ == "mark" or (
                            m.dep_ == "aux" and m.lower_ == "to") for m in x.children):
                    return _Cand(noun, "REQUEST", None, "frame", noun.idx,
                                 noun.idx + len(noun), comp=x, noun=noun)
        kind, mode, modality = found
        head = noun.head
        dep = noun.dep_
        if kind == "CONSULT" and self._evaluated(noun):
            return None  # "the conversation was very good", "described the call as useful"
        # (a) light and reporting verbs take event nouns as objects (handled for light
        # verbs in _verb_triggers; here the reporting case)
        if dep in ("dobj",) and self.lem(head) in self.lex.reporting:
            if kind == "CONSULT" and not self.options.sourceless and any(
                    d.lower_ in ("the", "this", "that") for d in _children(noun, "det")) \
                    and not self._participants(noun):
                return None  # "X confirmed the meeting": the one just told, named again
            return _Cand(noun, kind, mode, "noun", noun.idx, noun.idx + len(noun),
                         noun=noun, modality=modality)
        # (b) subject of an occurrence verb or a scheduling predicate
        if dep in ("nsubj", "nsubjpass") and (self.lem(head) in self.lex.occurrence
                                             or self.lem(head) in self.lex.predicates):
            return _Cand(noun, kind, mode, "noun", noun.idx, noun.idx + len(noun),
                         noun=noun, modality=modality)
        # (c) own participants
        if self._participants(noun):
            return _Cand(noun, kind, mode, "noun", noun.idx, noun.idx + len(noun),
                         noun=noun, modality=modality)
        return None

    def _evaluated(self, noun: Token) -> bool:
        """A noun that is the subject of a copular judgement ("the call was productive")
        or the object of an evaluating verb with its predicate ("described the call as
        useful", "called it a good conversation"): the event is the topic of a comment,
        told already, not reported anew."""
        head = noun.head
        if noun.dep_ in ("nsubj",) and self.lem(head) == "be" and _children(
                head, "acomp", "attr"):
            return True
        if noun.dep_ in ("dobj", "oprd", "attr") and self.lem(head) in EVALUATING_VERBS:
            return bool(_children(head, "oprd", "xcomp", "ccomp")) or any(
                p.lower_ == "as" for p in _children(head, "prep")) or noun.dep_ == "oprd"
        return False

    def _participants(self, noun: Token) -> bool:
        """Whether a prepositional phrase names an actor taking part ("talks between X
        and Y", "attacks on Y"); an owner alone ("Trump's proposal", "the Trump-Putin
        call") usually refers back to an event told elsewhere."""
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ in ("between", "with", "by", "against", "on",
                                                 "from", "to"):
                for p in _children(c, "pobj"):
                    if self.index.covering(p) or any(self.index.covering(x)
                                                     for x in p.children
                                                     if x.dep_ in ("amod", "compound",
                                                                   "poss")):
                        return True
        return False

    def _predicate_triggers(self, adj: Token, lemma: str) -> list[_Cand]:
        frame = self.lex.predicates.get(lemma) or self.lex.predicates.get(adj.lower_)
        if frame is None:
            return []
        comp = None
        for c in adj.children:
            if c.dep_ == "xcomp":
                comp = c
                break
            if c.dep_ == "prep" and c.lower_ in ("to", "for"):
                objs = _children(c, "pobj", "pcomp")
                if objs:
                    comp = objs[0]
                    break
        if comp is None:
            return []
        cand = _Cand(adj, frame.type or "", None, "predicate", adj.idx, adj.idx + len(adj),
                     comp=comp, modality=frame.modality, concede=frame.concede)
        cand.words = {"__keep__"} if frame.keep else set()
        return [cand]

    def _rejecting_phrases(self) -> list[_Cand]:
        """"X is impossible", "called X unacceptable", "X is out of the question"
        (REJECT); "had no objection to X" (AGREE)."""
        out = []
        words = self.words
        # where each word occurs: a phrase is only tried where its first word is
        at: dict[str, list[int]] = {}
        for i, word in enumerate(words):
            at.setdefault(word, []).append(i)
        for kind, phrases in (("REJECT", self.lex.rejecting), ("AGREE", self.lex.accepting),
                              ("REJECT", self.lex.rejecting_objects)):
            objects_only = phrases is self.lex.rejecting_objects
            for phrase in phrases:
                n = len(phrase)
                for i in at.get(phrase[0], ()) if n else range(len(words) + 1):
                    if i > len(words) - n or tuple(words[i : i + n]) != phrase:
                        continue
                    first = self.tokens[i]
                    last = self.tokens[i + n - 1]
                    head = _phrase_anchor(self.sent[i : i + n])
                    if objects_only and head.dep_ not in ("oprd", "xcomp", "ccomp"):
                        continue
                    subject = self._rejected_thing(head)
                    if subject is None:
                        continue
                    out.append(_Cand(head, kind, None, "rejecting", first.idx,
                                     last.idx + len(last), comp=subject))
        return out

    def _rejected_thing(self, pred: Token) -> Token | None:
        # "a truce was impossible": the copula's subject; "no objection to X": X
        if pred.pos_ in ("NOUN", "PROPN"):
            for p in _children(pred, "prep"):
                if p.lower_ in ("to", "with", "about"):
                    objs = _children(p, "pobj")
                    if objs:
                        return objs[0]
        node = pred
        if pred.dep_ in ("acomp", "attr", "pobj", "prep", "neg", "advmod") or \
                pred.dep_ == "oprd":
            node = pred.head
            while node.dep_ == "prep":
                node = node.head
        if pred.dep_ == "oprd":  # "called the question closed": the object
            for c in node.children:
                if c.dep_ == "dobj":
                    return c
        for c in node.children:
            if c.dep_ in ("nsubj", "nsubjpass", "csubj") and c.lower_ not in ("it", "this",
                                                                               "that"):
                return c
            if c.dep_ == "dobj":  # "called the demand unacceptable"
                return c
        if pred.dep_ == "oprd" or pred.dep_ == "ccomp":
            for c in node.children:
                if c.dep_ == "dobj":
                    return c
        if node.dep_ == "relcl" and node.head.pos_ in ("NOUN", "PROPN"):
            return node.head
        if pred.dep_ == "amod" or pred.dep_ == "appos":
            return pred.head if pred.head.pos_ in ("NOUN", "PROPN") else None
        return None

    def _obligation_trigger(self, tok: Token) -> _Cand | None:
        """"X must Y" / "X has to Y" in reported speech or a quote: REQUEST aimed at X."""
        verb = tok.head if tok.lower_ in ("must", "should") else _children(tok, "xcomp")[0]
        embedded = verb.dep_ in ("ccomp", "acl", "relcl", "advcl", "xcomp", "conj")
        if not embedded and self._reporter(verb) is None and \
                self.index.quote_at(tok.idx) is None:
            return None
        # aimed at someone else: "Putin has to prove ...", "any agreement must lead to
        # lasting peace"; not "we should engage"
        subj = self._subject_of(verb) or next(iter(_children(verb, "nsubjpass")), None)
        if subj is None or subj.lower_ in ("you",):
            return None
        if subj.lower_ in FIRST_PERSON and tok.lower_ != "should":
            return None  # "we must hold on" is no demand on anyone; "we should talk" offers
        # "X should follow" proposes; "X must / has to" demands
        modality = "proposed" if tok.lower_ == "should" else None
        end = max(tok.idx + len(tok), verb.idx + len(verb))
        return _Cand(verb, "REQUEST", None, "obligation", min(tok.idx, verb.idx), end,
                     comp=verb, modality=modality)

    # -- 2. frames absorb their complements ----------------------------------------------

    def _compose(self, cands: list[_Cand]) -> list[_Cand]:
        self._keep_frames: list[_Cand] = []
        by_token: dict[int, list[_Cand]] = {}
        for c in cands:
            by_token.setdefault(c.token.i, []).append(c)
        for c in cands:
            if c.kind not in ("frame", "predicate", "obligation", "rejecting") or c.comp is None:
                continue
            comp_tokens = list(c.comp.subtree)
            comp_ids = {t.i for t in comp_tokens}
            comp_words = self._np_words([c.comp]) | _span_words(
                t for t in c.comp.subtree if t.dep_ in ("dobj", "pobj", "compound", "amod",
                                                         "xcomp", "pcomp", "nsubjpass"))
            c.words |= comp_words | {self.lem(c.comp)}
            inner = [o for o in cands if o is not c and o.token.i in comp_ids
                     and o.kind not in ("frame",)]
            inner_frames = [o for o in cands if o is not c and o.token.i in comp_ids
                            and o.kind == "frame"]
            for o in inner:
                if o.kind == "noun" and o.token.i != c.comp.i and c.kind != "obligation" \
                        and o.token.head.i != c.comp.i:
                    # a separate event nominal deeper inside ("rejected the plan, which
                    # aimed at talks between X and Y") stays
                    continue
                o.absorbed = True
            for o in inner_frames:
                if c.type:
                    # "refused to agree to X", "refused to consider lifting X": one REJECT;
                    # the inner frame's words count
                    o.absorbed = True
                    c.words |= o.words - {"__keep__"}
            if "__keep__" in c.words:
                if c.absorbed:
                    continue  # inside another frame's complement: that frame decides
                self._keep_frames.append(c)
                keep = [o for o in inner if c.comp.i != c.token.i and (
                    o.token.i == c.comp.i or o.token.head.i == c.comp.i
                    or (o.noun is not None and o.noun.i == c.comp.i))]
                for o in keep:
                    o.absorbed = False
                    o.modality = o.modality or c.modality
                c.absorbed = True
        for c in cands:
            if c.kind in ("light", "noun") and not c.absorbed and c.noun is not None and \
                    c.type in ("REQUEST", "THREATEN", "ACCUSE", "REJECT"):
                # "presented its stipulations for halting the fighting": the halt is
                # what is asked for, not an event
                inside = {t.i for t in c.noun.subtree} - {c.noun.i}
                for p in _children(c.token, "prep"):
                    if p.lower_ in ("for", "on", "about", "over"):
                        inside |= {t.i for t in p.subtree}
                for o in cands:
                    if o is not c and o.token.i in inside:
                        o.absorbed = True
        for c in cands:
            if c.kind != "verb" or c.absorbed:
                continue
            # "stop hitting", "halt attacks": a verb whose sense was chosen by its
            # object takes that object's event as its argument
            args = {x.i for x in c.token.children if x.dep_ in ("xcomp", "dobj")}
            for o in cands:
                if o is not c and o.token.i in args and o.kind in ("verb", "noun"):
                    o.absorbed = True
        # Two triggers on one token: keep the first.
        seen: set[tuple[int, str, int]] = set()
        out = []
        for c in cands:
            if c.absorbed:
                continue
            key = (c.token.i, c.type, c.comp.i if c.comp is not None else -1)
            if key in seen:
                continue
            seen.add(key)
            out.append(c)
        return out

    # -- 3. actors -----------------------------------------------------------------------

    def _np_actors(self, head: Token, *, deep: bool = True) -> _Actors:
        """The actors a noun phrase names, best first ("Russian officials" -> Russia)."""
        found: list[tuple[int, int, Mention]] = []
        seen_tokens: set[int] = set()

        def walk(tok: Token, cost: int) -> None:
            if tok.i in seen_tokens or cost > 3:
                return
            seen_tokens.add(tok.i)
            m = self.index.covering(tok)
            if m is not None:
                found.append((cost, m.where.start, m))
            for c in tok.children:
                dep = c.dep_
                if dep in ("relcl", "acl", "advcl", "ccomp", "punct", "cc", "det", "prep"
                           ) and not (dep == "prep" and deep):
                    continue
                if dep in ("compound", "amod", "nmod", "poss", "appos", "flat", "nummod"):
                    walk(c, cost + 1)
                elif dep == "conj":
                    # "President Trump and President Putin" parsed with the second name
                    # coordinated to the first one's apposition: an apposition renames
                    # its head, so what is coordinated with it is coordinated with the head
                    walk(c, cost - 1 if tok.dep_ == "appos" and cost > 0 else cost)
                elif dep == "prep":
                    if c.lower_ == "of":
                        for p in _children(c, "pobj"):
                            walk(p, cost + 1)
                    elif c.lower_ in ("in", "from", "throughout", "within", "inside"):
                        for p in _children(c, "pobj"):
                            walk(p, cost + 2)

        for h in _conjuncts(head):
            walk(h, 0)
        if not found:
            start = min(t.idx for t in head.subtree)
            end = max(t.idx + len(t) for t in head.subtree)
            dyad = _dyad(head)
            return _Actors([], self.index.doc.text[start:end] if dyad else None,
                           phrase=(start, end), dyad=dyad)
        best = min(f[0] for f in found)
        # coordinated heads ("Russia and Ukraine") all count; otherwise the best ones
        chosen = sorted((f for f in found if f[0] <= best), key=lambda f: f[1])
        ids: list[str] = []
        for _cost, _start, m in chosen:
            if m.actor_id and m.actor_id not in ids:
                ids.append(m.actor_id)
        # "the Finnish leadership, including President X": the members named are parties too
        for c in _children(head, "prep"):
            if c.lower_ == "including":
                for p in _children(c, "pobj"):
                    ids += [i for i in self._np_actors(p, deep=False).ids if i not in ids]
        others = [m.actor_id for _c, _s, m in sorted(found, key=lambda f: (f[0], f[1]))
                  if m.actor_id and m.actor_id not in ids]
        start = min(t.idx for t in head.subtree)
        end = max(t.idx + len(t) for t in head.subtree)
        text = self.index.doc.text[start:end] if end - start < 120 else head.text
        return _Actors(ids, text, others=others)

    def _reporter(self, tok: Token) -> Token | None:
        """The reporting verb whose complement holds ``tok`` (nearest), if any."""
        node = tok
        steps = 0
        while node.dep_ != "ROOT" and steps < 8:
            parent = node.head
            if node.dep_ in ("ccomp", "xcomp", "dobj", "parataxis", "advcl") and \
                    self.lem(parent) in self.lex.reporting:
                return parent
            if node.dep_ == "pobj" and parent.lower_ == "to" and parent.head.lower_ == \
                    "according":
                return parent.head
            node = parent
            steps += 1
        # "..., X said" with the speech verb as root and the content as its ccomp is the
        # usual parse; "According to X, ..." attaches to the root.
        root = tok.sent.root
        for c in root.children:
            if c.dep_ == "prep" and c.lower_ == "according":
                return c
        return None

    def _speaker(self, reporter: Token) -> _Actors:
        if reporter.lower_ == "according":
            for to in _children(reporter, "prep"):
                for p in _children(to, "pobj"):
                    return self._np_actors(p)
            return _Actors([], None)
        subj = _children(reporter, "nsubj") or [x for x in [self._subject_of(reporter)]
                                                 if x is not None]
        if subj:
            actors = self._np_actors(subj[0])
            if actors.ids:
                return actors
        agent = _children(reporter, "agent")
        if agent:
            for p in _children(agent[0], "pobj"):
                return self._np_actors(p)
        return _Actors([], None)

    def _subject_of(self, tok: Token) -> Token | None:
        node = tok
        for _ in range(6):
            subj = _children(node, "nsubj", "csubj")
            if subj:
                # two subjects (a misparsed dateline "VELMAR, March 11 - X refused"):
                # the one nearest the verb
                before = [x for x in subj if x.i < node.i]
                return before[-1] if before else subj[0]
            if node.dep_ == "xcomp":
                parent = node.head
                if self.lem(parent) in OBJECT_CONTROL:
                    objs = _children(parent, "dobj")
                    if objs:
                        return objs[0]
                raised = _children(parent, "nsubjpass")  # "Russia is expected to present"
                if raised and not _children(parent, "nsubj"):
                    return raised[0]
                node = parent
                continue
            if node.dep_ in ("conj", "advcl", "pcomp", "acomp"):
                node = node.head
                continue
            if node.dep_ in ("pobj", "prep"):
                node = node.head
                continue
            if node.dep_ == "relcl":
                return None
            return None
        return None

    def _source(self, c: _Cand) -> _Actors:
        tok = c.token
        if c.kind == "noun":
            return self._noun_source(c.noun or tok)
        if c.kind in ("rejecting", "evaluation"):
            return self._rejecting_source(c)
        if c.kind == "obligation":
            reporter = self._reporter(tok)
            if reporter is not None:
                return self._speaker(reporter)
            q = self.index.quote_at(c.start)
            if q is not None and q.speaker_id:
                return _Actors([q.speaker_id], q.speaker_text)
            return _Actors([], None)
        agent = _children(tok, "agent")
        if agent:
            for p in _children(agent[0], "pobj"):
                found = self._np_actors(p)
                if found.ids or found.dyad:
                    return found
        subj = self._subject_of(tok)
        if subj is None and tok.dep_ == "acl" and _passive_participle(tok):
            return _Actors([], None)
        if subj is None and tok.dep_ == "relcl":
            rel = [x for x in tok.children if x.dep_ in ("nsubj",)]
            if not rel:
                return _Actors([], None)
        if subj is not None and subj.lower_ in RELATIVE and tok.dep_ == "relcl":
            subj = tok.head
        if subj is None and tok.lower_ in STATIVE_PARTICIPLES:
            # "Israel is opposed to ...": a state, not a passive
            subj = next(iter(_children(tok, "nsubjpass")), None)
        unresolved: _Actors | None = None
        if subj is not None and not (_passive(tok) and subj.dep_ == "nsubjpass"
                                     and tok.lower_ not in STATIVE_PARTICIPLES):
            owner = [x for x in subj.children if x.dep_ == "poss" and x.pos_ == "PRON"]
            reporter = self._reporter(tok) if owner else None
            if reporter is not None:
                # "X said his forces would stop ...": X declares it
                spoke = self._speaker(reporter)
                if spoke.ids and self.index.covering(owner[0]) is not None and \
                        self.index.code(self.index.covering(owner[0]).actor_id) == \
                        self.index.code(spoke.ids[0]):
                    return spoke
            found = self._np_actors(subj)
            if found.ids:
                return self._spokesman(tok, found) or found
            if subj.pos_ != "PRON":
                unresolved = found
            if subj.lower_ in FIRST_PERSON or subj.pos_ == "PRON":
                q = self.index.quote_at(subj.idx)
                if q is not None and q.speaker_id:
                    return _Actors([q.speaker_id], q.speaker_text)
                reporter = self._reporter(tok)
                if reporter is not None:
                    spoke = self._speaker(reporter)
                    if spoke.ids:
                        return spoke
        if c.kind == "light" and c.noun is not None:
            found = self._noun_source(c.noun, light=False)
            if found.ids:
                return found
        reporter = self._reporter(tok)
        if c.type == "CONSULT" and _passive(tok):
            # "many elements were discussed": who talked is not said (the speaker
            # reporting it need not have been one of them)
            return unresolved or _Actors([], None)
        if reporter is not None and subj is None:
            spoke = self._speaker(reporter)
            if spoke.ids:
                return _Actors(spoke.ids, spoke.text, fallback=True)
        return unresolved or _Actors([], None)

    def _spokesman(self, tok: Token, found: _Actors) -> _Actors | None:
        """The speaker who reports a move of his own state ("Zelenskyy insisted that
        Ukraine was ready", "Grushko said the Kremlin will demand").

        The sentence's event is the speaker's declaration on his state's behalf: PLOVER
        codes the one who acts in the text, and here that is the official who speaks.
        Only a person speaking for the state (or a state organ) of his own country."""
        if not all(self.index.is_state(i) for i in found.ids):
            return None
        reporter = self._reporter(tok)
        if reporter is None or reporter.lower_ == "according":
            return None
        spoke = self._speaker(reporter)
        if len(spoke.ids) != 1:
            return None
        speaker = self.index.actors.get(spoke.ids[0])
        if speaker is None or speaker.type != "person":
            return None
        code = self.index.code(spoke.ids[0])
        if code and all(self.index.code(i) == code for i in found.ids):
            return spoke
        return None

    def _addressee(self, tok: Token) -> _Actors | None:
        """Who a reported message was addressed to ("Kasharin had told Vell that ...")."""
        reporter = self._reporter(tok)
        if reporter is None or reporter.lower_ == "according":
            return None
        for o in _children(reporter, "dobj", "dative"):
            found = self._np_actors(o)
            if found.ids:
                return found
        for p in _children(reporter, "prep"):
            if p.lower_ == "to":
                for o in _children(p, "pobj"):
                    found = self._np_actors(o)
                    if found.ids:
                        return found
        return None

    def _noun_source(self, noun: Token, light: bool = True) -> _Actors:
        for c in noun.children:
            if c.dep_ == "poss":
                found = self._np_actors(c)
                if found.ids:
                    return found
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ in ("by", "from", "between"):
                for p in _children(c, "pobj"):
                    found = self._np_actors(p)
                    if found.ids:
                        if c.lower_ == "between":
                            return _Actors(found.ids[:1], found.text)
                        return found
        for c in noun.children:
            if c.dep_ in ("amod", "compound", "nmod"):
                m = self.index.covering(c)
                if m is not None:
                    return _Actors([m.actor_id], m.text)
        if light and noun.dep_ in ("dobj", "nsubjpass"):
            # the governing verb's subject: for a light verb ("held talks"), a frame that
            # keeps its complement ("is considering sanctions"), or any verb for a speech
            # act noun ("reiterated the need for", "reinforced its demand")
            verb = noun.head
            lemma = self.lem(verb)
            frame = self.lex.frames.get(lemma)
            speech = self.lem(noun) in SPEECH_NOUNS or noun.lower_ in SPEECH_NOUNS
            if lemma in self.lex.light or (frame is not None and frame.keep) or speech:
                subj = self._subject_of(verb)
                if subj is not None:
                    found = self._np_actors(subj)
                    if found.ids:
                        return found
        for rel in _children(noun, "relcl"):
            # "the sanctions it adopted": who adopted them
            for subj in _children(rel, "nsubj"):
                found = self._np_actors(subj)
                if found.ids:
                    return found
                if subj.lower_ in ("it", "they"):
                    found = self._pronoun_actor(subj)
                    if found.ids:
                        return found
        if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and \
                noun.head.head.pos_ in ("VERB", "AUX"):
            # "X refused ..., after a call with Y": the clause's subject took part
            subj = self._subject_of(noun.head.head)
            if subj is not None:
                found = self._np_actors(subj)
                if found.ids:
                    return found
        return _Actors([], None)

    def _pronoun_actor(self, tok: Token) -> _Actors:
        """"it", "they" for a state or an organisation: the nearest one named before it in
        the sentence ("the bloc ... the sanctions it adopted")."""
        collective = ("country", "organisation", "government", "group")
        for subj in reversed([t for t in self.tokens if t.dep_ == "nsubj" and t.i < tok.i]):
            found = self._np_actors(subj)
            for actor_id in found.ids + found.others:
                actor = self.index.actors.get(actor_id)
                if actor is not None and actor.type in collective:
                    return _Actors([actor_id], found.text)
        best = None
        for m in self.index.inside(self.sent.start_char, tok.idx):
            actor = self.index.actors.get(m.actor_id or "")
            if actor is not None and actor.type in collective:
                best = m
        return _Actors([best.actor_id], best.text) if best else _Actors([], None)

    def _rejecting_source(self, c: _Cand) -> _Actors:
        # "called the demand unacceptable": the caller; "X was impossible": the speaker
        head = c.token
        node = head.head if head.dep_ in ("acomp", "attr", "oprd", "pobj") else head
        subj = _children(node, "nsubj") or ([self._subject_of(node)]
                                            if self._subject_of(node) is not None
                                            and self.lem(node) in EVALUATING_VERBS else [])
        if subj and c.comp is not None and subj[0].i != c.comp.i:
            found = self._np_actors(subj[0])
            if found.ids:
                return found
        if node.dep_ == "relcl":
            subj = _children(node, "nsubj")
            if subj:
                found = self._np_actors(subj[0])
                if found.ids:
                    return found
        reporter = self._reporter(head)
        if reporter is not None:
            return self._speaker(reporter)
        q = self.index.quote_at(head.idx)
        if q is not None and q.speaker_id:
            return _Actors([q.speaker_id], q.speaker_text)
        return _Actors([], None)

    def _target(self, c: _Cand, source: _Actors) -> _Actors:
        tok = c.token
        avoid = set(source.ids)
        # the owner of the object is never the source's own state ("refused to withdraw
        # its troops"): the possessive names what is given up, not whom the move is aimed
        # at (a named object or prepositional actor of the same state still counts: a
        # government acts on its own country's parties)
        own = {self.index.code(i) for i in source.ids} - {None}
        not_owner = avoid | {a for a in self.index.actors
                             if self.index.is_state(a) and self.index.code(a) in own}

        def pick(found: _Actors) -> _Actors | None:
            ids = [i for i in found.ids if i not in avoid]
            return _Actors(ids, found.text) if ids else None

        if c.kind == "obligation":
            subj = self._subject_of(c.comp) if c.comp is not None else None
            if subj is not None:
                got = pick(self._np_actors(subj))
                if got:
                    return got
        if c.kind == "noun" or c.kind == "light":
            noun = c.noun or tok
            for p in noun.children:
                if p.dep_ == "prep" and p.lower_ in ("with", "against", "on", "to", "at",
                                                     "between", "for", "into", "toward"):
                    for o in _children(p, "pobj"):
                        found = self._np_actors(o)
                        if p.lower_ == "between":
                            found = _Actors(found.ids[1:], found.text)
                        got = pick(found)
                        if got:
                            return got
            if c.kind in ("noun", "light"):
                for p in noun.children:
                    if p.dep_ in ("compound", "nmod"):
                        # "U.S.-Russia talks": one token naming both sides
                        for m in self.index.inside(p.idx, p.idx + len(p)) or \
                                [x for x in [self.index.covering(p)] if x is not None]:
                            if m.actor_id not in avoid:
                                return _Actors([m.actor_id], m.text)
        if _passive(tok) and tok.lower_ not in STATIVE_PARTICIPLES:
            for s in _children(tok, "nsubjpass"):
                got = pick(self._np_actors(s))
                if got:
                    return got
        if c.object_control:
            for o in _children(tok, "dobj"):
                got = pick(self._np_actors(o))
                if got:
                    return got
        heads = [tok]
        if c.kind == "light" and c.noun is not None:
            heads.append(c.noun)  # "conduct a prisoner exchange with Ardenia"
        if c.comp is not None and c.kind in ("frame", "predicate", "rejecting", "evaluation"):
            heads.append(c.comp)
            if c.kind in ("rejecting", "evaluation"):
                got = pick(self._np_actors(c.comp, deep=False))
                if got:
                    return got
        for h in heads:
            for o in _children(h, "dobj", "dative", "attr", "oprd"):
                found = self._np_actors(o, deep=False)
                if any(x.dep_ == "poss" and x.pos_ == "PRON" for x in o.children):
                    # "its troops" names an owner, as above
                    found = _Actors([i for i in found.ids if i not in not_owner], found.text)
                got = pick(found)
                if got:
                    return got
                # owner or author of the object: "rejected Trump's proposal", "the
                # ceasefire proposed by the US"
                got = self._owner(o, not_owner)
                if got:
                    return got
            if h.pos_ in ("NOUN", "PROPN") and h.i != tok.i:
                got = self._owner(h, not_owner)
                if got:
                    return got
            for p in _children(h, "prep"):
                if p.lower_ in TARGET_PREPS and p.lower_ != "by":
                    for o in _children(p, "pobj"):
                        got = pick(self._np_actors(o))
                        if got:
                            return got
                        got = self._owner(o, not_owner)
                        if got:
                            return got
            if h.pos_ in ("VERB", "AUX") and h.i != tok.i:
                subj = _children(h, "nsubj", "nsubjpass")
                if subj and c.type in ("REQUEST", "ACCUSE"):
                    got = pick(self._np_actors(subj[0]))
                    if got:
                        return got
                for x in _children(h, "xcomp", "ccomp"):
                    for o in _children(x, "dobj"):
                        got = pick(self._np_actors(o))
                        if got:
                            return got
        if c.type in ("REQUEST", "ACCUSE"):
            for x in _children(tok, "ccomp"):
                subj = _children(x, "nsubj", "nsubjpass")
                if subj:
                    got = pick(self._np_actors(subj[0]))
                    if got:
                        return got
        told = self._addressee(tok)
        if told is not None:
            got = pick(told)
            if got:
                return got
        if self.options.fallback_target:
            return self._nearest_other(c, avoid)
        return _Actors([], None)

    def _owner(self, noun: Token, avoid: set[str]) -> _Actors | None:
        for c in noun.children:
            if c.dep_ == "poss" or (c.dep_ in ("amod", "compound") and self.index.covering(c)):
                found = self._np_actors(c)
                ids = [i for i in found.ids if i not in avoid]
                if ids:
                    return _Actors(ids, found.text)
            if c.dep_ == "acl":
                for a in _children(c, "agent"):
                    for p in _children(a, "pobj"):
                        found = self._np_actors(p)
                        ids = [i for i in found.ids if i not in avoid]
                        if ids:
                            return _Actors(ids, found.text)
            if c.dep_ == "prep" and c.lower_ in ("from", "by", "against", "on", "to", "for",
                                                 "with"):
                for p in _children(c, "pobj"):
                    found = self._np_actors(p)
                    ids = [i for i in found.ids if i not in avoid]
                    if ids:
                        return _Actors(ids, found.text)
        return None

    def _nearest_other(self, c: _Cand, avoid: set[str]) -> _Actors:
        # a guess never falls on the source's own state ("Macron insisted that France was
        # ready"): a move is aimed at another party, and the sentence names none
        own = {self.index.code(i) for i in avoid} - {None}
        mentions = [m for m in self.index.inside(self.sent.start_char, self.sent.end_char)
                    if m.actor_id not in avoid
                    and not (self.index.is_state(m.actor_id)
                             and self.index.code(m.actor_id) in own)
                    and not self._relative_subject(m)]
        if not mentions:
            return _Actors([], None, fallback=True)
        after = [m for m in mentions if m.where.start >= c.end]
        pool = after or sorted(mentions, key=lambda m: -m.where.start)
        m = pool[0]
        return _Actors([m.actor_id], m.text, fallback=True)

    def _relative_subject(self, mention: Mention) -> bool:
        """The subject of a relative clause ("a ceasefire, which Ardenia had already
        accepted"): it acts on the thing described, so it is no guess for whom the
        sentence's move is aimed at."""
        span = self.index.doc.nlp_doc.char_span(mention.where.start, mention.where.end,
                                                alignment_mode="expand") \
            if self.index.doc.nlp_doc is not None else None
        if span is None or not len(span):
            return False
        root = span.root
        return root.dep_ == "nsubj" and root.head.dep_ == "relcl"

    # -- 4. negation, modality, condition, context -----------------------------------------

    def _negated(self, c: _Cand) -> bool:
        tok = c.token
        nodes = [tok]
        if c.kind == "obligation" and c.comp is not None:
            nodes.append(c.comp)
        if tok.dep_ in ("xcomp",) and self.lem(tok.head) not in self.lex.frames:
            nodes.append(tok.head)
        for node in nodes:
            for ch in node.children:
                if ch.dep_ == "neg" or (ch.dep_ in ("advmod",) and ch.lower_ == "never"):
                    return True
                if ch.dep_ in ("nsubj", "nsubjpass", "dobj") and (
                        ch.lower_ in ("nobody", "nothing", "none", "neither")
                        or any(d.lower_ in ("no", "neither") for d in ch.children
                               if d.dep_ == "det")):
                    return True
                if ch.dep_ == "agent":
                    for p in _children(ch, "pobj"):
                        if any(d.lower_ in ("neither", "no") for d in p.children):
                            return True
        if c.noun is not None and any(d.lower_ == "no" for d in c.noun.children
                                      if d.dep_ == "det"):
            return True
        # "made no mention of the tariffs he had threatened"
        return c.kind == "noun" and c.token.dep_ == "dobj" and \
            self.lem(c.token.head) in UNMENTIONING and any(
                x.dep_ == "neg" for x in c.token.head.children)

    def _condition(self, c: _Cand) -> tuple[int, int] | None:
        for node in self._condition_nodes(c):
            for ch in node.children:
                span = self._condition_span(ch, c)
                if span is not None:
                    return span
        return None

    def _condition_span(self, ch: Token, c: _Cand) -> tuple[int, int] | None:
        sub = list(ch.subtree)
        marks = {m.lower_ for m in ch.children if m.dep_ == "mark"}
        if (ch.dep_ in ("advcl", "ccomp", "conj") and (
                marks & CONDITION_MARKS or (marks & {"while"} and c.type == "REJECT"))
                ) or (ch.lower_ in ("provided", "providing") and ch.i > c.token.i):
            return self._trim(sub)
        if ch.dep_ == "prep" and ch.lower_ in ("on", "under", "upon"):
            for p in _children(ch, "pobj"):
                if self.lem(p) == "condition":
                    return self._trim(sub)
        if ch.dep_ == "prep" and ch.lower_ == "in":
            for p in _children(ch, "pobj"):
                if self.lem(p) in ("return", "exchange"):
                    return self._trim(sub)
        return None

    def _trim(self, tokens: list[Token]) -> tuple[int, int] | None:
        tokens = [t for t in tokens if t.sent == self.sent]
        while tokens and tokens[-1].is_punct:
            tokens.pop()
        while tokens and tokens[0].is_punct:
            tokens.pop(0)
        if not tokens:
            return None
        return tokens[0].idx, tokens[-1].idx + len(tokens[-1])

    def _aux(self, tok: Token) -> set[str]:
        out: set[str] = set()
        node = tok
        for _ in range(3):
            out |= {a.lower_ for a in node.children if a.dep_ in ("aux", "auxpass")}
            if node.dep_ in ("xcomp", "conj") and node.head.i != node.i:
                node = node.head
            else:
                break
        return out

    def _in_condition(self, tok: Token) -> bool:
        return in_condition(tok)

    def _modality(self, c: _Cand, condition: bool, reported: bool) -> str:
        if condition:
            return "conditional"
        if self._in_condition(c.token):
            return "hypothetical"
        if c.modality:
            return c.modality
        aux = self._aux(c.token)
        if c.noun is not None and c.kind == "noun":
            aux |= self._aux(c.noun.head)
            if self.lem(c.noun.head) in ("schedule", "set", "due", "plan", "expect"):
                return "scheduled"
        if "going" in aux or any(self.lem(x) == "go" for x in c.token.children
                                 if x.dep_ == "aux"):
            return "future"
        if aux & FUTURE_AUX:
            return "future"
        if "would" in aux:
            return "future" if self._reporter(c.token) is not None else "hypothetical"
        if aux & HYPOTHETICAL_AUX:
            return "hypothetical"
        if reported:
            return "reported"
        return "actual"

    def _historical(self, c: _Cand) -> bool:
        tok = c.token
        aux = {a.lower_ for a in tok.children if a.dep_ == "aux"}
        if "had" in aux and tok.tag_ == "VBN":
            return True
        adverbs = {a.lower_ for a in tok.children if a.dep_ == "advmod"}
        return bool(adverbs & HISTORICAL_ADVERBS - {"once", "before"})

    def _contexts(self, c: _Cand) -> list[str]:
        tokens = list(c.token.subtree) if c.kind != "rejecting" else list(self.tokens)
        words = _span_words(tokens)
        text = " ".join(t.lower_ for t in tokens)
        out = []
        for name, (singles, phrases) in self.lex.contexts.items():
            if words & singles or any(" ".join(p) in text for p in phrases):
                out.append(name)
        return out

    def _mode(self, c: _Cand, kind: str) -> str | None:
        table = self.lex.modes.get(kind)
        if not table:
            return c.mode
        if c.mode and any(m == c.mode for m, _s, _p in table):
            return c.mode
        tokens = list(c.token.subtree) if c.kind != "rejecting" else [c.token]
        if c.comp is not None:
            tokens += list(c.comp.subtree)
        words = _span_words(tokens) | c.words
        text = " ".join(t.lower_ for t in tokens)
        for mode, singles, phrases in table:
            if words & singles or any(" ".join(p) in text for p in phrases):
                return mode
        if kind in ("REQUEST", "REJECT"):
            return "change" if c.kind in ("frame", "obligation", "rejecting") else None
        return c.mode

    def _deescalation(self, c: _Cand) -> bool:
        words = c.words | _span_words([c.token]) | (
            self._np_words([c.comp]) if c.comp is not None else set())
        lex = self.lex
        if words & lex.cls("deescalate"):
            return True
        return c.comp is not None and self.lem(c.comp) in (
            "stop", "halt", "limit", "suspend", "end", "cease", "release", "free", "withdraw",
            "pull")

    def _partial(self, c: _Cand) -> bool:
        tokens = list(c.comp.subtree) if c.comp is not None else []
        words = _span_words(tokens)
        if words & FULL_WORDS and not words & {"limited", "partial"}:
            return False
        if c.comp is not None and self.lem(c.comp) in ("release", "free", "stop", "halt",
                                                     "limit", "suspend"):
            return True
        return bool(words & PARTIAL_WORDS) or bool(words & {"release", "prisoner",
                                                           "captive", "pow"})

    # -- 5. events -------------------------------------------------------------------------

    def code(self) -> list[_Coded]:
        """The sentence's events, each with whether its target is only a guess."""
        cands = self._compose(self._triggers())
        cands = self._drop_nested_nouns(cands)
        events = []
        hidden: list[_Coded] = []
        for c in cands:
            if _attitude_content(c.token) or (self._background(c.token, c.type)
                                              and not self.options.sourceless):
                # "if Russia rejected peace efforts", "after the delegations had met": a
                # condition or a time reference, not a new event (a consultation still
                # tells who the article's two sides are)
                if c.type == "CONSULT":
                    event = self._event(c)
                    if event is not None and event.source_ids:
                        hidden.append(_Coded(event, self._guessed_target(event), None, True))
                continue
            event = self._event(c)
            if event is not None:
                events.append((c, event))
        events = self._drop_elaborations(events)
        # PLOVER codes events whose source actor is named; one without a source is kept
        # only when the sentence has no other event (its best reading).
        sourced = [_Coded(e, self._guessed_target(e), c.dyad, sequenced=self._sequenced(c),
                          parsed_target=self._parsed_target(e), answers=self._answers(c))
                   for c, e in events if e.source_ids or c.dyad]
        # "120 prisoners were handed over to the Ardenian side": the other side did it
        sourced += [_Coded(e, False, "counter") for c, e in events
                    if not e.source_ids and not c.dyad and e.target_ids
                    and not self._guessed_target(e) and e.type in DYADIC | {"CONCEDE"}]
        sourced += [x for x in (self._victim_report(c, e) for c, e in events
                                if not e.source_ids and not c.dyad) if x is not None]
        sourced = self._one_per_move(sourced)  # (each condition below is a demand of its own)
        for c, e in events:
            if e.source_ids and e.condition and e.type in CONDITIONING:
                sourced.extend(_Coded(d, False, None) for d in self._condition_demands(c, e))
        for c in self._keep_frames:
            # "Drask would consider it only if the Concord stopped arms deliveries"
            host = self._event(replace(c, type="AGREE", kind="frame", words=set()))
            if host is not None and host.source_ids and host.condition:
                sourced.extend(_Coded(d, False, None) for d in self._condition_demands(c, host))
        unique: dict[tuple[Any, ...], _Coded] = {}
        for item in sourced:
            e = item.event
            key = (e.type, e.trigger_where.start, e.trigger_where.end, e.source_ids,
                   e.target_ids)
            unique.setdefault(key, item)
        sourced = list(unique.values())
        if sourced:
            return sourced + hidden
        if not self.options.sourceless or not events:
            return hidden
        c, event = min(events, key=lambda ce: (_depth(ce[0].token), ce[1].trigger_where.start))
        event = replace(event, confidence=min(event.confidence, CONFIDENCE_SOURCELESS))
        return [_Coded(event, self._guessed_target(event), None)]

    def _victim_report(self, c: _Cand, event: Event) -> _Coded | None:
        """An attack with no attacker named, reported by a state's official or organ
        ("the president confirmed attacks by 40 drones on civilian targets"): the side
        that reports being hit is the target; its attacker is read from the article's
        other attacks (see :func:`_counterpart_targets`)."""
        if event.type != "ASSAULT" or self.options.sourceless:
            return None  # (a lone sentence has no other attacks to read the attacker from)
        reporter = self._reporter(c.token)
        if reporter is None:
            return None
        spoke = self._speaker(reporter)
        if not spoke.ids or not self.index.code(spoke.ids[0]) or \
                self.index.code(spoke.ids[0]) == "IGO":
            return None
        victim = replace(event, target_ids=(spoke.ids[0],), target_text=spoke.text,
                         target_country=self.index.code(spoke.ids[0]))
        return _Coded(victim, False, "victim")

    def _one_per_move(self, items: list[_Coded]) -> list[_Coded]:
        """One event per source and type in a sentence: "criticized Kasharin's actions
        ..., calling Velmar's conditions unacceptable", "stressed the need for support and
        the importance of sanctions" restate one move in several words. A second
        mention is kept only when it names a different party of its own (not a guess,
        not the same state as the first's target): "accused Ardenia and condemned
        Boravia"."""
        kept: list[_Coded] = []
        for item in items:
            e = item.event
            same = [k for k in kept if k.event.type == e.type and k.dyad == item.dyad
                    and k.event.source_ids == e.source_ids and not k.hidden]
            if same and not item.hidden and (item.guessed or any(
                    {self.index.country(i) or i for i in e.target_ids}
                    <= {self.index.country(i) or i for i in k.event.target_ids}
                    for k in same)):
                continue
            kept.append(item)
        return kept

    def _background(self, tok: Token, kind: str) -> bool:
        """Inside a condition, or a consultation inside a temporal clause ("after X had
        met"). A meeting or call in a "when/after/before" clause dates the main event by
        one the article has told already; another move there ("the talks collapsed after
        Velmar had asked for more land", "while requesting further talks") is told for
        the first time and is coded."""
        if in_condition(tok):
            return True
        if kind != "CONSULT":
            return False
        if any(m.dep_ == "mark" and m.lower_ in ("after", "before") for m in tok.children):
            return True  # "days before X and Y spoke, ...", misparsed as the main clause
        node = tok
        for _ in range(10):
            if node.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in TEMPORAL_MARKS
                                            for m in node.children):
                return True
            if node.head.i == node.i:
                return False
            node = node.head
        return False

    def _drop_elaborations(self, events: list[tuple[_Cand, Event]]
                           ) -> list[tuple[_Cand, Event]]:
        """"condemned Kasharin's moves, charging him with ...", "fired rockets ...,
        targeting infrastructure": a participle or a coordinated word that restates its
        head's event (same type, same source) is one event."""
        out = []
        for c, e in events:
            restates = False
            for c2, e2 in events:
                if c2 is c or e2.type != e.type or e2.source_ids != e.source_ids:
                    continue
                head = c.token.head
                if (c.token.dep_ in ("advcl", "conj", "xcomp", "acl") and head.i == c2.token.i
                        and c.token.i > c2.token.i):
                    restates = True
                    break
            if not restates:
                out.append((c, e))
        return out

    def _condition_demands(self, c: _Cand, event: Event) -> list[Event]:
        """A condition set on someone else is a demand on them: "agreed to a ceasefire,
        provided that the Concord suspended weapons deliveries" is also REQUEST
        Kasharin -> Concord. "If Ardenia does the same" (reciprocity) is not."""
        out = []
        for verb in self._condition_verbs(c):
            for one in [verb] + [x for x in verb.children if x.dep_ == "conj"
                                 and x.pos_ in ("VERB", "AUX")]:
                if self.lem(one) == "do" and any(x.lower_ in ("same", "likewise")
                                                 for x in one.subtree):
                    continue
                if any(x.dep_ == "neg" for x in one.children) and self.lem(one) in (
                        "be", "have"):
                    continue
                subj = [x for x in [self._subject_of(one)] if x is not None] or \
                    _children(one, "nsubjpass")
                if not subj:
                    continue
                who = self._np_actors(subj[0])
                ids = [i for i in who.ids if i not in event.source_ids]
                if not ids and subj[0].dep_ == "nsubjpass":
                    # "if compliance is verified by an observer mission led by Lutheria",
                    # "that a monitoring mission led by Lutheria was deployed"
                    agents = _children(one, "agent") + [
                        a for x in _children(subj[0], "acl") for a in _children(x, "agent")]
                    for a in agents:
                        for p in _children(a, "pobj"):
                            ids = ids or [i for i in self._np_actors(p).ids
                                          if i not in event.source_ids]
                if not ids:
                    continue
                conj_ids = {t.i for x in one.children if x.dep_ in ("conj", "cc")
                            for t in x.subtree}
                span = self._trim([t for t in one.subtree if t.i not in conj_ids])
                if span is None:
                    continue
                cand = _Cand(one, "REQUEST", None, "obligation", span[0], span[1], comp=one)
                out.append(replace(
                    event, type="REQUEST", trigger=self.index.doc.text[span[0]:span[1]],
                    trigger_where=Provenance(self.doc_id, span[0], span[1], STAGE),
                    target_ids=tuple(ids), target_text=who.text,
                    target_country=self.index.code(ids[0]),
                    mode=self._mode(cand, "REQUEST") or "change", negated=False,
                    modality="actual", condition=None,
                    context=tuple(x for x in event.context
                                  if x not in ("hypothetical", "future"))))
        return out

    def _condition_nodes(self, c: _Cand) -> list[Token]:
        nodes = [c.token]
        if c.comp is not None:
            nodes.append(c.comp)
            nodes.extend(x for x in c.comp.children if x.dep_ == "xcomp")
        if c.kind == "noun" and c.token.dep_ in ("nsubj", "nsubjpass"):
            nodes.append(c.token.head)  # "the sanctions would stay in place until ..."
        head = c.token
        for _ in range(2):
            if head.dep_ in ("xcomp", "ccomp", "conj", "acomp") and head.head.i != head.i:
                head = head.head
                nodes.append(head)
        return nodes

    def _condition_clauses(self, c: _Cand) -> list[Token]:
        nodes = self._condition_nodes(c)
        out = []
        for node in nodes:
            for ch in node.children:
                marks = {m.lower_ for m in ch.children if m.dep_ == "mark"}
                if (ch.dep_ in ("advcl", "ccomp", "conj") and (
                        marks & CONDITION_MARKS
                        or (marks & {"while"} and c.type == "REJECT"))) or (
                        ch.lower_ in ("provided", "providing") and ch.i > c.token.i):
                    out.append(ch)
                if ch.dep_ == "prep" and ch.lower_ in ("on", "upon", "under") and any(
                        self.lem(p) == "condition" for p in _children(ch, "pobj")):
                    for p in _children(ch, "pobj"):
                        out.extend(x for x in p.subtree if x.dep_ in ("acl", "ccomp")
                                   and x.pos_ in ("VERB", "AUX"))
        return out

    def _guessed_target(self, event: Event) -> bool:
        return not event.target_ids or event.confidence <= CONFIDENCE_FALLBACK

    def _parsed_target(self, event: Event) -> bool:
        """Whether the parse itself gave the target, even when the source is only the
        reporting speaker ("Kasharin said an exchange with Ardenia would be
        conducted"): such a target is not replaced by the document's counterpart."""
        return self._parsed_targets.get((event.trigger_where.start, event.type), False)

    def _drop_nested_nouns(self, cands: list[_Cand]) -> list[_Cand]:
        """An event noun inside another event's phrase is its argument ("a demand for a
        cessation of military assistance"), not an event of its own."""
        triggers = {c.token.i for c in cands if c.kind != "noun"}
        light_nouns = {c.noun.i for c in cands if c.kind == "light" and c.noun is not None}
        out = []
        for c in cands:
            if c.kind == "noun":
                if c.token.i in light_nouns:
                    continue  # "held talks": the light verb's event already
                node = c.token
                nested = False
                for _ in range(12):
                    if node.head.i == node.i:
                        break
                    if node.dep_ == "prep" and node.lower_ in TEMPORAL_PREPS:
                        break  # an adjunct ("during a call with X"), not an argument
                    if node.dep_ == "advcl" and any(
                            m.lower_ in TEMPORAL_MARKS for m in node.children
                            if m.dep_ == "mark"):
                        nested = True  # "after the call concluded": told, not new
                        break
                    node = node.head
                    if node.i in triggers:
                        nested = True
                        break
                if nested:
                    continue
            out.append(c)
        return out

    def _event(self, c: _Cand) -> Event | None:
        if c.kind in ("frame", "predicate") and not c.type:
            return None
        kind = c.type
        condition = self._condition(c)
        source = self._source(c)
        c.dyad = source.dyad if not source.ids else None
        if not source.ids and not c.dyad and kind == "CONSULT" and c.kind == "noun":
            c.dyad = "persons"  # "the conversation lasted two hours": the article's call
        if not source.ids and not c.dyad and kind == "SANCTION" and self._ended_talks(c):
            c.dyad = "talks"  # "these talks collapsed": their parties broke them off
        target = self._target(c, source)
        reporter = self._reporter(c.token)
        reported = False
        if reporter is not None and kind in HOSTILE_MATERIAL | COOPERATIVE_MATERIAL:
            spoke = self._speaker(reporter)
            parties = {self.index.country(i) for i in source.ids + target.ids} | set(
                source.ids + target.ids)
            reported = bool(spoke.ids) and any(
                i in parties or self.index.country(i) in parties for i in spoke.ids)
        modality = self._modality(c, condition is not None, reported)
        negated = self._negated(c)
        mode = c.mode
        # A declared concession: "agreed to a limited halt", "would release 23 soldiers".
        if kind == "AGREE" and c.concede and self._deescalation(c) and self._partial(c) \
                and not self._mutual_exchange(c):
            kind = "CONCEDE"
        announced = modality in ("future", "conditional", "proposed")
        if negated and modality == "future" and kind in ("RETREAT", "CONCEDE"):
            # "Nobody will withdraw our troops", "we won't release them": announcing that
            # a concession will not be made is refusing it (REJECT, mode yield)
            kind, negated, c.mode = "REJECT", False, "yield"
        elif announced and kind == "RETREAT":
            # a declared withdrawal, release or ceasefire is a concession; other promised
            # material steps (returns, access) are promises
            kind = "CONCEDE" if (c.mode or self._mode(c, kind)) in DECLARED_CONCESSIONS \
                else "AGREE"
        elif announced and kind in PROMISABLE and c.kind in ("verb", "light", "noun") and \
                modality != "proposed":
            kind = "AGREE"
        if kind in HOSTILE_MATERIAL and modality in ("future", "conditional") and \
                not negated and c.kind in ("verb", "light"):
            kind = "THREATEN"
        if kind == "CONSULT" and c.kind == "noun" and modality == "actual" and \
                self._temporal_reference(c):
            pass
        if condition is not None and (not target.ids or target.fallback) and \
                kind in ("AGREE", "CONCEDE"):
            # "if Ardenia did the same": the other side of the deal
            other = self._condition_party(c, source)
            if other is not None:
                target = other
        if len(source.ids) > 1 and (not target.ids or target.fallback) and \
                kind in ("CONSULT", "AGREE", "COOPERATE", "CONCEDE", "REJECT"):
            # "Putin and Trump held a call": the first named side and the other
            target = _Actors(source.ids[1:], source.text)
            source = _Actors(source.ids[:1], source.text)
        if kind == "RETREAT" and (c.mode or self._mode(c, kind)) == "release":
            kind = "CONCEDE"  # a release of captives, done or promised
        if kind == "CONCEDE" and announced and self._mutual_exchange(c):
            kind = "AGREE"  # an exchange still to come is an agreement between two sides
        mode = self._mode(c, kind) if kind else None
        if kind == "CONCEDE" and mode is None and self._deescalation(c):
            words = c.words | _span_words(c.token.subtree)
            if words & {"release", "free", "prisoner", "captive", "exchange", "swap"}:
                mode = "release"
        context = self._contexts(c)
        if self._historical(c):
            context.append("historical")
        if modality in ("future", "scheduled"):
            context.append("future")
        elif modality in ("hypothetical", "conditional"):
            context.append("hypothetical")
        trigger_text = self.index.doc.text[c.start : c.end]
        sent_start, sent_end = self._sentence_span()
        span_start = min(t.idx for t in c.token.subtree)
        span_end = max(t.idx + len(t) for t in c.token.subtree)
        if c.comp is not None:
            span_start = min(span_start, *(t.idx for t in c.comp.subtree))
            span_end = max(span_end, *(t.idx + len(t) for t in c.comp.subtree))
        quantities = tuple(q for q in self.quantities
                           if span_start <= q.start and q.end <= span_end)
        cond_text = (self.index.doc.text[condition[0] : condition[1]]
                     if condition is not None else None)
        confidence = CONFIDENCE_NOUN if c.kind == "noun" else CONFIDENCE_PARSED
        self._parsed_targets[(c.start, kind)] = bool(target.ids) and not target.fallback
        if source.fallback or target.fallback or not source.ids:
            confidence = min(confidence, CONFIDENCE_FALLBACK)
        source_country = self._country(source, target)
        target_country = self._country(target, source)
        return Event(
            type=kind,
            text=self.index.doc.text[sent_start:sent_end],
            trigger=trigger_text,
            where=Provenance(self.doc_id, sent_start, sent_end, STAGE),
            trigger_where=Provenance(self.doc_id, c.start, c.end, STAGE),
            source_ids=tuple(source.ids),
            target_ids=tuple(target.ids),
            source_text=source.text,
            target_text=target.text,
            source_country=source_country,
            target_country=target_country,
            mode=mode,
            context=tuple(dict.fromkeys(context)),
            negated=negated,
            modality=modality,
            condition=cond_text,
            quantities=quantities,
            location=self._location(c),
            date_text=self._date(c),
            confidence=round(confidence, 2),
        )

    def _country(self, actors: _Actors, other: _Actors) -> str | None:
        """The PLOVER code of the first actor; for a person the registry gives no
        country, a country named in their phrase ("King Hassan of Morocco"), else the one
        country the sentence names apart from the other side's."""
        if actors.ids:
            code = self.index.code(actors.ids[0])
            if code:
                return code
            for other_id in actors.others:
                if self.index.is_state(other_id):
                    return self.index.country(other_id)
        elif actors.phrase is not None:
            # an actor the registry does not know ("demonstrators in Baghdad"): the
            # country of a place named in its phrase
            for ent in self.ents:
                if ent.label_ == "GPE" and actors.phrase[0] <= ent.start_char and \
                        ent.end_char <= actors.phrase[1]:
                    code = self.places(ent.text)
                    if code:
                        return code
        else:
            return None
        named = {self.index.country(m.actor_id)
                 for m in self.index.inside(self.sent.start_char, self.sent.end_char)
                 if self.index.is_state(m.actor_id)} - {None}
        if len(named) > 1 and not other.fallback:
            named -= {self.index.code(i) for i in other.ids}
        return named.pop() if len(named) == 1 else None

    def _condition_verbs(self, c: _Cand) -> Iterator[Token]:
        """The verb of each condition clause: "provided (that) X does" is X's verb."""
        for verb in self._condition_clauses(c):
            if verb.lower_ in ("provided", "providing"):
                inner = _children(verb, "ccomp", "advcl", "pcomp")
                if not inner:
                    continue
                verb = inner[0]
            yield verb

    def _condition_party(self, c: _Cand, source: _Actors) -> _Actors | None:
        for verb in self._condition_verbs(c):
            subj = self._subject_of(verb)
            if subj is None:
                continue
            found = self._np_actors(subj)
            ids = [i for i in found.ids if i not in source.ids]
            if ids:
                return _Actors(ids, found.text)
        return None

    def _answers(self, c: _Cand) -> bool:
        """A rejection or acceptance of "it" or "this": an answer to a proposal the
        previous sentence told ("Vell pushed for a truce. Kasharin rejected it.")."""
        if c.type not in ("REJECT", "AGREE"):
            return False
        objects = _children(c.token, "dobj") + ([c.comp] if c.comp is not None else [])
        return any(o.lower_ in ("it", "this", "that", "them") for o in objects)

    def _ended_talks(self, c: _Cand) -> bool:
        """Talks that collapsed or fell apart with no party named ("that meeting fell
        apart"): the subject is a consultation the article has told."""
        subj = self._subject_of(c.token) if c.kind == "verb" else None
        return subj is not None and self.lem(subj) in CONSULT_NOUNS

    def _mutual_exchange(self, c: _Cand) -> bool:
        if c.mode not in (None, "release"):
            return False  # "will not trade Molrava" gives up land, it is no swap
        words = {self.lem(c.token)} | ({self.lem(c.noun)} if c.noun is not None else set())
        if c.comp is not None:
            words.add(self.lem(c.comp))
        return bool(words & {"exchange", "swap", "trade"})

    def _sequenced(self, c: _Cand) -> bool:
        """A consultation named to date another event ("after the call with Y, X said",
        "Trump's statement after the call"): "after" and "before" place the sentence's
        event relative to this one, which is then a back-reference when the article has
        already reported it (see :func:`_counterpart_targets`). ("during the call" is not:
        the call is then the setting of what happened.)"""
        noun = c.noun or c.token
        if c.type != "CONSULT" or c.kind != "noun":
            return False
        if noun.dep_ == "pobj" and noun.head.lower_ in ("after", "before", "following"):
            return True
        # the same when the parser misreads "after" as a clause mark ("X's statement after
        # the call with Y also said"): the word right before the noun phrase decides
        first = noun.left_edge
        return first.i > 0 and noun.doc[first.i - 1].lower_ in ("after", "before",
                                                                 "following")

    def _temporal_reference(self, c: _Cand) -> bool:
        noun = c.noun or c.token
        return noun.dep_ == "pobj" and noun.head.lower_ in TEMPORAL_PREPS

    def _sentence_span(self) -> tuple[int, int]:
        text = self.sent.text
        start = self.sent.start_char + (len(text) - len(text.lstrip()))
        end = self.sent.start_char + len(text.rstrip())
        return start, end

    def _location(self, c: _Cand) -> str | None:
        scope = {t.i for t in c.token.subtree}
        if c.comp is not None:
            scope |= {t.i for t in c.comp.subtree}
        for ent in self.ents:
            if ent.label_ not in ("GPE", "LOC", "FAC"):
                continue
            root = ent.root
            if root.dep_ != "pobj" or root.head.lower_ not in LOCATION_PREPS:
                continue
            if root.head.i not in scope and root.head.head.i != c.token.i:
                continue
            if any(m.where.start <= ent.start_char < m.where.end
                   for m in self.index.inside(ent.start_char, ent.end_char)):
                continue
            end = ent.end_char
            # "Geneva, Switzerland"
            nxt = [e for e in self.ents if e.start_char in (end + 2,)
                   and e.label_ == "GPE" and self.index.doc.text[end:end + 2] == ", "]
            if nxt:
                end = nxt[0].end_char
            return self.index.doc.text[ent.start_char:end]
        return None

    def _date(self, c: _Cand) -> str | None:
        scope = {t.i for t in c.token.subtree}
        dates = [e for e in self.ents if e.label_ in ("DATE", "TIME")
                 and not _duration(e.text)]
        for ent in dates:
            if ent.root.i in scope or ent.root.head.i == c.token.i:
                return ent.text
        return None


@dataclass(frozen=True)
class _Coded:
    event: Event
    guessed: bool  # the target is a guess (nearest actor) or missing
    dyad: str | None  # the source is "both sides" (states) or "the two leaders" (persons)
    hidden: bool = False  # only read for the article's dyad, not an event of its own
    sequenced: bool = False  # a consultation named to date another event ("after the call")
    parsed_target: bool = False  # the target is the parse's, whatever the source's status
    answers: bool = False  # rejects or accepts "it", "this": a proposal told just before


DYAD_STATES = frozenset({"side", "party", "government", "country", "nation", "delegation",
                         "capital", "state", "adversary", "belligerent"})
DYAD_PERSONS = frozenset({"leader", "president", "head", "minister", "man"})


def _dyad(head: Token) -> str | None:
    """ "Both sides", "the two leaders", "the sides", "neither side": the two parties
    of the article."""
    lemma = (head.lemma_ or head.text).lower()
    if lemma not in DYAD_STATES | DYAD_PERSONS:
        return None
    if head.tag_ not in ("NNS", "NNPS"):
        dets = {c.lower_ for c in head.children if c.dep_ in ("det", "predet", "preconj")}
        if dets & {"neither", "either", "each"}:
            return "persons" if lemma in DYAD_PERSONS else "states"
        return None
    words = {c.lower_ for c in head.children if c.dep_ in ("det", "nummod", "predet",
                                                            "amod")}
    if not words & {"both", "two", "the"}:
        return None
    return "persons" if lemma in DYAD_PERSONS else "states"


@lru_cache(maxsize=8)
def _known_lemmas(lex: Lexicon) -> frozenset[str]:
    heads = {k.split("_")[0] for k in list(lex.phrasal) + list(lex.frames) + list(lex.verbs)}
    return frozenset(set(lex.frames) | set(lex.verbs) | lex.light | lex.reporting
                     | lex.occurrence | set(lex.predicates) | OBJECT_CONTROL | heads)


def _phrase_anchor(tokens: Span) -> Token:
    """The word of a fixed phrase that attaches it to the sentence (not a negation)."""
    inside = {t.i for t in tokens}
    outside = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    for t in outside:
        if t.dep_ not in ("neg", "punct", "det"):
            return t
    return tokens.root


def _duration(text: str) -> bool:
    """"30 days", "two hours": a length of time, not a date."""
    low = text.lower()
    if any(w in low.split() for w in ("ago", "last", "next", "this", "since", "until")):
        return False
    found = find_quantities(text)
    return bool(found) and found[0].unit in ("minute", "day", "month", "year") and \
        found[0].start == 0 and found[0].end >= len(text.rstrip()) - 1


def in_condition(tok: Token) -> bool:
    """Inside an if/unless/provided clause: what is hoped for, not what happens."""
    node = tok
    for _ in range(10):
        marks = {m.lower_ for m in node.children if m.dep_ == "mark"}
        if node.dep_ in ("advcl", "ccomp") and marks & {"if", "unless", "provided",
                                                        "providing"}:
            return True
        if node.lower_ in ("provided", "providing") and node.i < tok.i:
            return True
        if node.dep_ in ("pcomp", "ccomp", "conj") and node.head.lower_ in (
                "provided", "providing"):
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _attitude_content(tok: Token) -> bool:
    """Inside an open question ("asked whether he would end the war") or what someone
    fears, doubts, wishes or infers ("fearing that Vell could strike a deal", "skeptical
    about Velmar accepting a truce", "wants Ardenia to stop", "this will mean that Velmar
    continues the war"): a state of mind about a possible
    event, not an event. A wish for one's own act ("wanted to push for a truce", no
    subject of its own) is that act intended, and stays."""
    node = tok
    for _ in range(10):
        parent = node.head
        if parent.i == node.i:
            return False
        if node.dep_ in ("ccomp", "advcl", "pcomp") and any(
                m.dep_ == "mark" and m.lower_ == "whether" for m in node.children):
            return True  # "asked whether he was ready to end the war": an open question
        if node.dep_ in ("ccomp", "xcomp", "pcomp", "pobj", "prep", "acomp") and \
                (parent.lemma_ or parent.text).lower() in ATTITUDES:
            own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children)
            if (parent.lemma_ or "").lower() not in DESIRES or own_subject:
                return True
        node = parent
    return False


def _mandative(verb: Token) -> bool:
    """A clause that states what should happen: "(that) the US cancel", "X must go"."""
    aux = {a.lower_ for a in verb.children if a.dep_ in ("aux", "auxpass")}
    if aux & OBLIGATION_AUX or aux & {"to"}:
        return True
    if any(a.lemma_ == "have" for a in verb.children if a.dep_ == "aux") and \
            any(x.lower_ == "to" for x in verb.children):
        return True
    # the English subjunctive: a bare verb with no tense ("demanded that the US cancel")
    return verb.tag_ == "VB" and not aux


def _depth(tok: Token) -> int:
    depth = 0
    while tok.head.i != tok.i and depth < 50:
        tok = tok.head
        depth += 1
    return depth


def _passive_participle(tok: Token) -> bool:
    return tok.tag_ == "VBN"


def code_document(doc: Document, lexicon: Lexicon | None = None,
                  options: EventOptions | None = None) -> Document:
    """A copy of ``doc`` with ``events`` filled.

    doc (Document): with ``nlp_doc`` (the parse stage) and ``mentions`` (the actors
        stage); without a dependency parse no events are coded.
    RETURNS (Document): the evolved document.
    """
    options = options or EventOptions()
    lexicon = lexicon or load_lexicon(options.lexicon)
    parsed = doc.nlp_doc
    if parsed is None or not parsed.has_annotation("DEP") or not doc.text:
        return doc.evolve(events=())
    index = _DocIndex(doc)
    coded: list[_Coded] = []
    for sent in parsed.sents:
        if not sent.text.strip():
            continue
        quantities = find_quantities(sent, doc_id=doc.id, stage=STAGE)
        coder = _SentenceCoder(sent, index, lexicon, options, quantities, place_country)
        coded.extend(coder.code())
    events = (_counterpart_targets(coded, index) if options.counterparts
              else [x.event for x in coded if x.event.source_ids and not x.hidden])
    return doc.evolve(events=tuple(events))


# Moves whose conditions are demands on whoever the condition names.
CONDITIONING = frozenset({"AGREE", "CONCEDE", "REJECT", "SANCTION"})
# Verbal negotiation moves aimed at the other side when the sentence names none.
DYADIC = frozenset({"REJECT", "AGREE", "REQUEST", "CONCEDE", "THREATEN", "ACCUSE",
                    "SUPPORT"})


def _counterpart_targets(coded: list[_Coded], index: _DocIndex) -> list[Event]:
    """Document-level actors for moves the sentence leaves implicit.

    The article's dyads are read from its consultations (CONSULT events between actors
    of two countries). A negotiation move with no target from the parse gets the
    source's counterpart ("Putin rejected a ceasefire" in an article about his call
    with Trump); "both sides", "the two leaders" become the main dyad; a third party's
    brokering ("the call, arranged by Lutheria") is aimed at the dyad.
    """
    partners: dict[str, list[str]] = {}
    pairs: Counter[tuple[str, str]] = Counter()
    for item in coded:
        event = item.event
        if event.type != "CONSULT" or not event.source_ids or not event.target_ids:
            continue
        if event.mode == "third-party" or item.guessed:
            continue  # a mediator, or a partner only guessed: not the article's two sides
        a, b = event.source_ids[0], event.target_ids[0]
        if not index.code(a) or not index.code(b) or index.code(a) == index.code(b):
            continue
        partners.setdefault(a, []).append(b)
        partners.setdefault(b, []).append(a)
        pairs[(a, b) if a < b else (b, a)] += 1
    if not pairs:
        # "if Ardenia and Boravia agree": two states named together are the two sides
        for item in coded:
            for ids in (item.event.source_ids, item.event.target_ids):
                states = [i for i in ids if index.is_state(i)]
                if len(states) >= 2 and index.code(states[0]) != index.code(states[1]):
                    a, b = states[0], states[1]
                    pairs[(a, b) if a < b else (b, a)] += 1
    dyad = max(pairs, key=lambda p: pairs[p]) if pairs else None
    if dyad is None:
        dyad = _main_pair(index, coded)
    # who fights whom in the article: the sides of its attacks, either way round (an
    # attack's target guessed from its sentence still names the other side of a war)
    fights: dict[str, Counter[str]] = {}
    for item in coded:
        e = item.event
        if e.type != "ASSAULT" or item.hidden or not e.source_ids:
            continue
        a, b = e.source_country, e.target_country
        if a and b and a != b and "IGO" not in (a, b):
            fights.setdefault(a, Counter())[b] += 1
            fights.setdefault(b, Counter())[a] += 1

    def war_opponent(actor_id: str) -> str | None:
        foes = fights.get(index.code(actor_id) or "")
        if not foes:
            return None
        code = foes.most_common(1)[0][0]
        return next((a.id for a in index.actors.values()
                     if a.type == "country" and a.country == code), None)

    def counterpart(actor_id: str) -> str | None:
        found = list(partners.get(actor_id, []))
        code = index.code(actor_id)
        if not found and code:
            for other, names in partners.items():
                if index.code(other) == code:
                    found.extend(names)
        found = [f for f in found if f != actor_id and (not code or index.code(f) != code)]
        if not found:
            return None
        counts = Counter(found)
        return max(counts, key=lambda f: (counts[f], -found.index(f)))

    def as_state(actor_id: str) -> str:
        actor = index.actors.get(actor_id)
        if actor is None or actor.type in ("country",) or not actor.country:
            return actor_id
        for other in index.actors.values():
            if other.type == "country" and other.country == actor.country:
                return other.id
        return actor_id

    def retarget(event: Event, other: str) -> Event:
        mention = next((m for m in index.mentions if m.actor_id == other), None)
        return replace(event, target_ids=(other,),
                       target_text=mention.text if mention else None,
                       target_country=index.code(other),
                       confidence=min(event.confidence, CONFIDENCE_FALLBACK))

    out: list[Event] = []
    for item in coded:
        event = item.event
        if item.hidden:
            continue
        if item.dyad == "talks":
            # "these conversations collapsed": the parties of the last consultation told
            told = [e for e in out if e.type == "CONSULT"]
            if not told:
                continue
            parties = tuple(dict.fromkeys(told[-1].source_ids + told[-1].target_ids))
            event = replace(event, source_ids=parties, target_ids=(),
                            source_country=index.code(parties[0]), target_country=None,
                            confidence=min(event.confidence, CONFIDENCE_FALLBACK))
        elif item.dyad == "victim":
            victim = as_state(event.target_ids[0])
            attacker = war_opponent(victim)
            if attacker is None:
                continue
            event = replace(event, source_ids=(attacker,), source_country=index.code(attacker),
                            target_ids=(victim,), target_country=index.code(victim),
                            confidence=min(event.confidence, CONFIDENCE_FALLBACK))
        elif item.dyad == "counter":
            found = counterpart(event.target_ids[0]) if event.target_ids else None
            if found is None:
                continue
            event = replace(event, source_ids=(found,), source_country=index.code(found),
                            confidence=min(event.confidence, CONFIDENCE_FALLBACK))
        elif item.dyad:
            if dyad is None:
                continue
            a, b = dyad if item.dyad == "persons" else (as_state(dyad[0]), as_state(dyad[1]))
            event = replace(event, source_ids=(a,), target_ids=(b,),
                            source_text=event.source_text or "both sides",
                            source_country=index.code(a), target_country=index.code(b),
                            confidence=min(event.confidence, CONFIDENCE_FALLBACK))
        elif item.guessed and event.source_ids and not item.parsed_target:
            source = event.source_ids[0]
            if event.type == "CONSULT" and dyad is not None and source not in dyad:
                event = retarget(event, dyad[0])  # a third party brokering the dyad's talks
            elif event.type == "CONCEDE" and war_opponent(source):
                # a halt of strikes, a release: given up to the side one is fighting
                event = retarget(event, war_opponent(source) or "")
            elif item.answers and _proposer(event, out, index):
                event = retarget(event, _proposer(event, out, index) or "")
            elif event.type == "REQUEST" and event.target_ids and all(
                    index.is_state(i) for i in event.target_ids):
                pass  # a demand naming another state ("... the sovereignty of Ardenia")
                # is about that state more than about the speaker's partner in a call
            elif event.type in DYADIC:
                other = counterpart(source)
                if other is not None:
                    other = as_state(other)
                if other is not None and other not in event.source_ids:
                    event = retarget(event, other)
        if item.sequenced and _reported_before(event, out):
            continue  # "after the call with Kasharin": the call the article already coded
        if _self_directed(event, index):
            continue
        out.append(event)
    return out


def _state_level(actor_id: str, index: _DocIndex) -> str | None:
    """The country a state-level actor stands for: the state, its government organs and
    the holders of its offices (PLOVER codes all of them as the country's GOV sector)."""
    actor = index.actors.get(actor_id)
    if actor is None or not actor.country:
        return None
    if actor.type in ("country", "government") or (actor.type == "person" and actor.role):
        return actor.country
    return None


def _self_directed(event: Event, index: _DocIndex) -> bool:
    """A consultation between holders of one state's offices ("the prime minister said
    he had spoken to the president"): a government deliberating within itself, which
    event coders drop as a self-loop (same source and target code). Other moves of a
    government on its own country ("banned opposition candidates", "promised to reform
    the country") are domestic events and stay."""
    if event.type != "CONSULT" or not event.source_ids or not event.target_ids:
        return False
    sources = {_state_level(i, index) for i in event.source_ids}
    targets = {_state_level(i, index) for i in event.target_ids}
    return None not in sources | targets and sources == targets


def _proposer(event: Event, earlier: Sequence[Event], index: _DocIndex) -> str | None:
    """Who made the demand a rejection or acceptance answers, when the sentence names no
    one ("Vell pushed for a truce. Kasharin rejected it."): the source of a request aimed
    at the responder's side in the sentence just before."""
    before = [e for e in earlier if e.where.end <= event.where.start]
    if not before:
        return None
    last = max(e.where.start for e in before)
    side = {index.code(i) for i in event.source_ids} - {None}
    for e in before:
        if e.where.start != last or e.type != "REQUEST" or not e.source_ids:
            continue
        if {index.code(i) for i in e.target_ids} & side and not \
                {index.code(i) for i in e.source_ids} & side:
            return e.source_ids[0]
    return None


def _reported_before(event: Event, earlier: Sequence[Event]) -> bool:
    """Whether a consultation between the same parties (either way round) is already coded."""
    parties = {*event.source_ids, *event.target_ids}
    return any(e.type == "CONSULT" and {*e.source_ids, *e.target_ids} == parties
               for e in earlier)


def _main_pair(index: _DocIndex, coded: Sequence[_Coded] = ()) -> tuple[str, str] | None:
    """The article's two sides when no consultation names them: the pair of states
    most often source and target of one another's moves, else the two most mentioned
    countries (different codes)."""
    moves: Counter[tuple[str, str]] = Counter()
    for item in coded:
        e = item.event
        if not e.source_ids or not e.target_ids or item.guessed:
            continue
        a, b = e.source_country, e.target_country
        if a and b and a != b and a != "IGO" and b != "IGO":
            moves[(a, b) if a < b else (b, a)] += 1
    if moves:
        a, b = max(moves, key=lambda p: moves[p])
        states = {x.country: x.id for x in index.actors.values()
                  if x.type == "country" and x.country}
        if a in states and b in states:
            return (states[a], states[b])
    counts: Counter[str] = Counter()
    for m in index.mentions:
        actor = index.actors.get(m.actor_id or "")
        if actor is not None and actor.type == "country" and actor.country:
            counts[actor.id] += 1
    ranked = [a for a, _n in counts.most_common()]
    if len(ranked) < 2:
        return None
    first = ranked[0]
    for other in ranked[1:]:
        if index.code(other) != index.code(first):
            return (first, other)
    return None


def place_country(text: str) -> str | None:
    """The country code of a country or capital name in the world registry ("Baku")."""
    from storyline.extract.actor_registry import load_registry, word_tokens

    registry = load_registry()
    key = tuple(w.norm for w in word_tokens(text.replace("-", " ")))
    if key and key[0] == "the":
        key = key[1:]
    for item in registry.lexicon.get(key, []):
        if item.kind in ("name", "alias", "capital"):
            entry = registry.get(item.actor_id)
            if entry is not None and entry.type == "country" and entry.country:
                return entry.country
    return None


@stage(
    STAGE,
    defaults={"lexicon": "default", "nouns": True, "fallback_target": True,
              "counterparts": True, "sourceless": False},
    requires=("doc.parse", "doc.mentions"),
    produces=("doc.events",),
)
def make_events(lexicon: str, nouns: bool, fallback_target: bool, counterparts: bool,
                sourceless: bool) -> Callable[[list[Document]], list[Document]]:
    """PLOVER events (type, mode, source, target, negation, modality) per sentence."""
    options = EventOptions(lexicon=str(lexicon), nouns=bool(nouns),
                           fallback_target=bool(fallback_target),
                           counterparts=bool(counterparts), sourceless=bool(sourceless))
    load_lexicon(options.lexicon)  # fail at build time, not on the first batch

    def run(batch: list[Document]) -> list[Document]:
        table = load_lexicon(options.lexicon)
        return [code_document(doc, table, options) for doc in batch]

    return run
