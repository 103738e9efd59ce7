"""Quotes: what people said, in quote marks or reported, each tied to a speaker.

The ``quotes`` stage reads the clean text and its parse and fills ``Document.quotes``.
Every :class:`~storyline.model.Quote` carries a character span (``where``) such that
``doc.text[q.where.start:q.where.end] == q.text``, the span of its speaker mention
(``speaker_where``), the cue that introduced it and the speaker's actor id when the
``actors`` stage could resolve it.

How it works, in four passes:

1. **Quote marks** (:func:`find_marked_spans`). Marks are paired per paragraph, by their
   position rather than their glyph alone, because news text mixes straight, curly,
   low-9, guillemet, single and typewriter (``''…''``) marks, and machine translation
   misplaces them. A mark after a word and before a space or punctuation closes; one
   after a space and before a word opens; a mark followed by ``,`` or at a paragraph's
   end always closes. Marks of the other family inside a quote are nested quotes and
   stay part of it. A closing mark with nothing open right after an earlier pair
   (``“A:” B? “, said X``) marks ``B`` as quoted between misplaced marks. A quote still
   open at a paragraph's end continues when the next paragraph starts with an opening
   mark (the news convention of not closing a quote that runs on); each paragraph's part
   becomes one quote, flagged ``continues``/``continued``, sharing its speaker, so a
   quote's text never includes a paragraph break or a mark.
2. **Not quotes.** A paragraph that is only a short quoted phrase without a verb or
   sentence punctuation is a sub-heading; a few capitalised quoted words inside a
   sentence (``40 "Shahed" drones``, ``on “The Apprentice”``) are a name; a quoted
   stage direction (``"(CROSSTALK.)``) is neither. None is kept. A short fragment with no
   cue and no speaker is kept as a ``scare-quote`` at low confidence.
3. **Attribution of direct quotes**, first rule that applies: a transcript label
   (``"PENCE: Well, …``); a dash after the quote (``"…" – Name, role``); a speech verb
   that governs the quote in the dependency parse, reached through a complement relation
   (``said that … “…”``, ``described X as “…”``, ``“…,” he said``; a verb under a modal,
   a negation or ``if`` is skipped, so in ``X said Y will demand “…”`` the words are
   X's); a speech verb beside the quote in its sentence (``“…,” said Vance``,
   ``Vance said: “…”``); ``according to X``; a previous paragraph ending in a colon
   (``He stated:``); another quote of the same paragraph (``split`` around its cue, or
   a second quote of the ``same-paragraph``); the paragraph the quote continues; for a
   quote standing alone, a speech verb in the sentence just after or before it
   (``adjacent-sentence``), else the speaker of the previous paragraph's quote
   (``floating``), else the person the preceding sentence is about
   (``preceding-sentence``). A quoted fragment with no speech verb is given the subject
   of the clause it sits in (``called it “useful”``, flagged ``no-cue``).
4. **Reported speech** from the dependency parse and the cue lexicon
   (``data/reporting_verbs.txt``, which says where its entries come from): a verb of
   saying, thinking or taking a position with a complement clause (``X said (that) …``,
   ``…, X said``, ``The museum, Mr. Bush said, celebrated …``), an object
   (``confirmed the meeting``, ``criticised him for …``), an object and an infinitive
   (``urged X to …``), an infinitive (``declined to comment``), an as-phrase
   (``described X as …``) or a fixed preposition (``called for …``); a stance adjective
   (``is concerned that …``); and ``according to X, …``. A report whose content is
   another report with its own speech verb and a named speaker is a nested report: the
   inner quote is kept, with the outer speaker as ``reported_by`` (``According to
   the aide, the minister said: “…”`` is the minister's quote, relayed by the aide). Reported speech
   containing quoted words is ``mixed``; verbs of thinking and taking a position get a
   lower confidence than verbs of saying.

Speakers. The speaker span is the subject's name with its titles (``German Defense
Minister Boris Pistorius``), never its appositions. Plain verbs of saying accept any
noun phrase as subject ("the bank said"); other cues need something that can speak (a
name, a pronoun, an actor mention, a role or source noun such as "officials" or "a
poll"). The actor id comes from the mention that covers the span
(``storyline.extract.actors.resolve_mention``); a title named by its apposition ("its
chief, Sabine Korrel") is that name, and a country named inside a description of a
person ("one Lutherian diplomat", "Lutheria's envoy") is not the speaker. Pronouns
(``he said``) take the person the actors stage resolved them to (it knows genders);
qualified roles (``the Russian leader``) take the office holder it found. Otherwise
pronouns and bare roles (``the president remarked``) are resolved by a rule-based
coreference over the earlier subjects and speakers outside quote marks, most recent
first, checked for number, person-ness and role (a ``Vice President`` must have been
called one; a ``Russian leader`` must not be known to be American); when none fits,
``storyline.extract.actors.antecedent`` decides. No coreference model is used: none is
available offline.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from storyline.model import Document, Mention, Provenance, Quote
from storyline.registry import stage

__all__ = [
    "Cue",
    "Cues",
    "MarkedSpan",
    "QuoteExtractor",
    "extract_quotes",
    "find_marked_spans",
    "load_cues",
    "make_quotes",
]

STAGE = "quotes"

# -- quote marks -----------------------------------------------------------------------

DOUBLE_OPEN = "“„‟«〝"
DOUBLE_CLOSE = "”»〞"
DOUBLE_ANY = '"＂'
SINGLE_OPEN = "‘‚‹"
SINGLE_CLOSE = "’›"
SINGLE_ANY = "'"
MARKS = DOUBLE_OPEN + DOUBLE_CLOSE + DOUBLE_ANY + SINGLE_OPEN + SINGLE_CLOSE + SINGLE_ANY
_DOUBLE = DOUBLE_OPEN + DOUBLE_CLOSE + DOUBLE_ANY
# What may stand right before an opening mark, besides white space.
_BEFORE_OPEN = "([{—–-―/:;,…"
# What may follow a closing mark, besides white space.
_AFTER_CLOSE = ".,;:!?)]}—–-―…"
# A mark followed by one of these closes, whatever its glyph: no quote starts with them.
_NEVER_AFTER_OPEN = ",.;:!?)]}"


@dataclass(frozen=True, slots=True)
class MarkedSpan:
    """Text between a pair of quote marks, or from an opening mark to a paragraph's end.

    start, end (int): the content, white space trimmed (character offsets).
    open_mark, close_mark (int): offsets of the marks; -1 where there is none.
    close_end (int): the offset just after the closing mark (marks may be two
        characters: ``''``); -1 when unclosed.
    paragraph (int): index of the paragraph (a line of the clean text).
    flags: ``unclosed``, ``continues`` (runs on into the next paragraph), ``continued``
        (a paragraph that carries on the previous paragraph's quote), ``misplaced-marks``
        (the text between a closing mark and a later stray mark).
    """

    start: int
    end: int
    open_mark: int
    close_mark: int
    paragraph: int
    flags: tuple[str, ...] = ()
    close_end: int = -1  # offset just after the closing mark; -1 when unclosed


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The non-blank lines of ``text`` as (start, end) spans, white space trimmed.

    The clean text puts paragraphs on their own lines (separated by a blank line), and
    the parse stage never lets a sentence cross a line, so a line is a paragraph here.
    """
    out = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            start = match.start() + (len(line) - len(line.lstrip()))
            out.append((start, start + len(stripped)))
    return out


# Characters a quote mark can start with: every mark, and the first of "''" and "``".
_MARK_START = re.compile("[" + re.escape(MARKS + "'`") + "]")


def _mark_at(text: str, i: int, end: int) -> int:
    """Length of the quote mark starting at ``i`` (0 if none); ``''`` and ``` `` ``` are
    one mark, the typewriter rendering of curly double quotes (common in NYT text)."""
    pair = text[i:i + 2]
    if i + 1 < end and pair in ("''", "``"):
        return 2
    return 1 if text[i] in MARKS else 0


def _mark_role(text: str, i: int, n: int, start: int, end: int) -> str | None:
    """``open``, ``close``, ``either`` or None (an apostrophe) for the ``n``-character
    mark at ``i`` in the paragraph ``[start, end)``."""
    glyph = text[i:i + n]
    before = text[i - 1] if i > start else None
    after = text[i + n] if i + n < end else None
    single = n == 1 and glyph in SINGLE_OPEN + SINGLE_CLOSE + SINGLE_ANY
    if single and before is not None and after is not None \
            and before.isalnum() and after.isalnum():
        return None  # don't, Russia’s
    if single and after is not None and after.isdigit() and (before is None or before.isspace()):
        return None  # ’90s
    space_before = before is None or before.isspace()
    wordish_after = after is not None and not after.isspace() and after not in _NEVER_AFTER_OPEN
    opening, closing = 0, 0
    if (space_before or before in _BEFORE_OPEN or before in MARKS) and wordish_after:
        opening += 2
    if before is None:
        opening += 2
    if not space_before and (after is None or after.isspace() or after in _AFTER_CLOSE
                             or after in MARKS):
        closing += 2
    if after is None or after in _NEVER_AFTER_OPEN:
        closing += 2
    if glyph in DOUBLE_OPEN + SINGLE_OPEN or glyph == "``":
        opening += 1
    elif glyph in DOUBLE_CLOSE + SINGLE_CLOSE:
        closing += 1
    if opening > closing:
        return "open"
    if closing > opening:
        return "close"
    return "either"


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _opens_paragraph(text: str, start: int, end: int) -> bool:
    n = _mark_at(text, start, end)
    return bool(n) and _mark_role(text, start, n, start, end) in ("open", "either")


def find_marked_spans(text: str) -> list[MarkedSpan]:
    """Every top-level quoted stretch of ``text``, in order (see the module docstring)."""
    spans: list[MarkedSpan] = []
    paras = paragraphs(text)
    carried = False  # the previous paragraph ended inside a quote
    for p_index, (p_start, p_end) in enumerate(paras):
        stack: list[tuple[int, int, str]] = []  # (offset, length, family) of open marks
        last_close = -1  # end of the closing mark of this paragraph's last top-level pair
        found: list[MarkedSpan] = []
        continues_here = carried and _opens_paragraph(text, p_start, p_end)
        i = p_start
        while i < p_end:
            n = _mark_at(text, i, p_end)
            if not n:
                # jump to the next character a mark can start with (a mark or a pair)
                nxt = _MARK_START.search(text, i + 1, p_end)
                i = nxt.start() if nxt else p_end
                continue
            at, i = i, i + n
            role = _mark_role(text, at, n, p_start, p_end)
            if role is None:
                continue
            glyph = text[at:at + n]
            family = "d" if n == 2 or glyph in _DOUBLE else "s"
            if role == "either":
                top_same = bool(stack) and stack[-1][2] == family
                role = "close" if top_same else "open"
            if role == "open":
                top = stack[-1] if stack else None
                straight = glyph in DOUBLE_ANY or glyph == "''"
                if top is not None and top[2] == family and straight \
                        and text[top[0]:top[0] + top[1]] == glyph:
                    role = "close"  # a second straight mark closes the first
                else:
                    stack.append((at, n, family))
                    continue
            # a closing mark
            if stack and (stack[-1][2] == family or (
                    family == "d" and any(f == "d" for _, _, f in stack))):
                # single marks left open inside a double quote were apostrophes
                while stack[-1][2] != family:
                    stack.pop()
                opened, length, _ = stack.pop()
                if not stack:
                    s, e = _trimmed(text, opened + length, at)
                    if e > s:
                        flags = ("continued",) if continues_here and opened == p_start else ()
                        found.append(MarkedSpan(s, e, opened, at, p_index, flags, at + n))
                    last_close = at + n
                continue
            if not stack and family == "d" and last_close >= 0:
                s, e = _trimmed(text, last_close, at)
                if e > s and re.search(r"\w", text[s:e]):
                    found.append(MarkedSpan(s, e, last_close - 1, at, p_index,
                                            ("misplaced-marks",), at + n))
                last_close = at + n
            # otherwise: an apostrophe or a stray mark; ignored
        carried = False
        bottom = next(((o, k) for o, k, f in stack if f == "d"), None)
        if bottom is not None:
            opened, length = bottom
            s, e = _trimmed(text, opened + length, p_end)
            nxt = paras[p_index + 1] if p_index + 1 < len(paras) else None
            runs_on = nxt is not None and _opens_paragraph(text, nxt[0], nxt[1])
            flags = ["unclosed"]
            if runs_on:
                flags.append("continues")
                carried = True
            if continues_here and opened == p_start:
                flags.append("continued")
            if e > s:
                found.append(MarkedSpan(s, e, opened, -1, p_index, tuple(flags)))
        spans.extend(found)
    return spans


# -- the cue lexicon ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cue:
    """One entry of the reporting-cue lexicon (see ``data/reporting_verbs.txt``)."""

    lemma: str
    particle: str | None
    cls: str  # speech | cognition | stance | adjective
    frames: frozenset[str]

    @property
    def name(self) -> str:
        return f"{self.lemma} {self.particle}" if self.particle else self.lemma


@dataclass(frozen=True)
class Cues:
    """The lexicon, indexed by lemma."""

    by_lemma: Mapping[str, tuple[Cue, ...]]

    def lookup(self, token: Token) -> Cue | None:
        """The cue ``token`` is, or None; a cue with a particle wins when it is present."""
        pos = token.pos_  # read once: every token of a document is looked up
        stance = token.tag_ == "VBN" and (token.dep_ == "acomp" or any(
            c.dep_ == "auxpass" for c in token.children))
        if pos == "ADJ" or (stance and token.lower_ in self.by_lemma):
            if token.dep_ not in ("acomp", "ROOT", "xcomp", "ccomp", "conj"):
                return None
            return self._pick(self.by_lemma.get(token.lower_, ()), token, adjective=True)
        if pos != "VERB":
            # A capitalised "Said" after a quote is often tagged a proper noun.
            if token.lower_ not in _SAY_FORMS or token.dep_ not in ("ROOT", "ccomp", "conj",
                                                                   "parataxis"):
                return None
            lemma = "say"
        else:
            lemma = token.lemma_.lower()
        return self._pick(self.by_lemma.get(lemma, ()), token, adjective=False)

    @staticmethod
    def _pick(entries: Sequence[Cue], token: Token, adjective: bool) -> Cue | None:
        if not entries:
            return None  # (without reading the token's children)
        follow = {c.lower_ for c in token.children if c.dep_ in ("prt", "prep", "agent")}
        plain = None
        for cue in entries:
            if (cue.cls == "adjective") != adjective:
                continue
            if cue.particle is None:
                plain = plain or cue
            elif cue.particle in follow:
                return cue
        return plain


def _parse_cues(lines: Iterable[str]) -> Cues:
    table: dict[str, list[Cue]] = {}
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 3:
            raise ValueError(f"cue lexicon: expected 'LEMMA CLASS FRAMES', got {raw!r}")
        lemma, cls, frames = parts
        if cls not in ("speech", "cognition", "stance", "adjective"):
            raise ValueError(f"cue lexicon: unknown class {cls!r} in {raw!r}")
        head, _, particle = lemma.partition("+")
        table.setdefault(head, []).append(
            Cue(head, particle or None, cls, frozenset(frames.split(",")))
        )
    return Cues({k: tuple(v) for k, v in table.items()})


@lru_cache(maxsize=8)
def load_cues(source: str = "default") -> Cues:
    """The shipped lexicon (``"default"``) or one read from a file path."""
    if source == "default":
        text = resources.files("storyline").joinpath("data/reporting_verbs.txt").read_text(
            "utf-8"
        )
    else:
        text = Path(source).read_text("utf-8")
    return _parse_cues(text.splitlines())


# -- syntax helpers ----------------------------------------------------------------------

_SAY_FORMS = {"said", "says"}
_MENTIONED = "storyline.quotes.mentioned"  # user_data key: token -> actor type, transient
_TOKENS = "storyline.quotes.tokens"  # user_data key: the parse's tokens listed, transient
_TEXT = "storyline.quotes.text"  # user_data key: the parse's text, transient


def _tokens_of(parsed: Doc) -> list[Token] | Doc:
    """The parse's tokens as listed once per ``extract`` call: each pass over a ``Doc``
    builds every ``Token`` anew, and three passes read them all."""
    return parsed.user_data.get(_TOKENS) or parsed


def _text_of(parsed: Doc) -> str:
    """``parsed.text``, joined at most once per ``extract`` call (``Doc.text`` joins
    every token on each read)."""
    text = parsed.user_data.get(_TEXT)
    if text is None:
        tokens = parsed.user_data.get(_TOKENS)
        if tokens is None:
            return parsed.text
        # inside extract, which removes it when done; joined as Doc.text joins it
        text = parsed.user_data[_TEXT] = "".join(t.text_with_ws for t in tokens)
    return text
# Verbs of saying so plain that whatever is their subject is the source ("the bank said").
_CORE_SPEECH = {"say", "tell", "add", "write", "state", "report", "claim", "argue", "insist",
                "explain", "warn", "note", "announce", "reply", "respond", "testify",
                "declare", "conclude", "acknowledge", "confirm", "deny", "predict", "find",
                "show", "suggest", "indicate", "estimate", "allege", "accord"}
# Participles of stance whose passive subject is the one who holds the view.
_STANCE_PARTICIPLES = {"concerned", "worried", "convinced", "alarmed", "troubled"}
_MODALS = {"will", "would", "could", "might", "may", "should", "must", "can", "shall",
           "wo", "ca", "'ll", "'d"}
# How a quote may hang under its cue: complements, not adverbial clauses or subjects.
_NOT_CONTENT = {"punct", "advcl", "nsubj", "nsubjpass", "csubj", "csubjpass", "relcl", "mark",
                "aux", "auxpass", "neg", "cc", "conj", "advmod", "npadvmod", "det", "poss",
                "acl", "agent"}
# What may follow the object of a cue and still be the reported content.
_OBJECT_TAILS = {"for", "as", "of", "over", "about", "on"}
# "accused him of “…”", "described it as “…”", "insisted on “…”", "called for “…”"
_CONTENT_PREPOSITIONS = {"as", "of", "on", "about", "for", "that", "like"}
_PERSONAL = {"he", "she", "him", "her", "they", "them", "i", "we", "you"}
_MALE, _FEMALE = {"he", "him"}, {"she", "her"}
_PLURAL = {"they", "them"}
_NOT_SPEAKERS = {"it", "this", "that", "there", "which", "what", "these", "those", "one",
                 "something", "nothing", "anything", "everything", "all", "both"}
# Heads of a definite description that stands for a person already named ("the president").
ROLE_NOUNS = {
    "president", "leader", "minister", "chancellor", "premier", "diplomat", "envoy",
    "ambassador", "spokesman", "spokeswoman", "spokesperson", "senator", "governor",
    "secretary", "official", "candidate", "nominee", "mayor", "chief", "general",
    "commander", "king", "queen", "prince", "pope", "chairman", "chairwoman", "director",
    "lawmaker", "congressman", "congresswoman", "politician", "billionaire", "businessman",
    "adviser", "advisor", "aide", "dictator", "guide", "judge", "prosecutor", "ceo",
    "representative", "speaker", "head", "strongman", "monarch", "pontiff",
}
# Common nouns that can be the source of a report ("officials said", "a poll found").
SOURCE_NOUNS = {
    "official", "source", "analyst", "expert", "critic", "observer", "aide", "adviser",
    "advisor", "spokesman", "spokeswoman", "spokesperson", "survey", "poll", "report",
    "study", "statement", "media", "newspaper", "agency", "ministry", "government",
    "administration", "campaign", "police", "researcher", "scientist", "economist",
    "lawmaker", "legislator", "leader", "people", "resident", "witness", "voter",
    "supporter", "opponent", "ally", "party", "committee", "council", "court", "data",
    "research", "document", "memo", "letter", "website", "network", "paper", "outlet",
    "journalist", "reporter", "commentator", "insider", "team", "camp", "democrat",
    "republican", "activist", "group", "organization", "organisation", "company", "firm",
    "union", "office", "department", "army", "military", "embassy", "kremlin", "staff",
    "worker", "student", "teacher", "doctor", "officer", "member", "person", "man",
    "woman", "friend", "family", "daughter", "son", "wife", "husband", "mother", "father",
    "figure", "estimate", "analysis", "review", "investigation", "readout", "account",
    "authority", "country", "state", "nation", "side", "delegation", "negotiator",
    "operative", "surrogate", "strategist", "pollster", "historian", "professor",
    "lawyer", "attorney", "writer", "author", "editor", "columnist", "host", "anchor",
    "director", "chief", "head", "manager", "founder", "owner", "executive",
}
_QUANTIFIED = {"many", "some", "others", "everyone", "everybody", "someone", "somebody",
               "few", "most", "who"}
# Heads of a phrase that means a person, named or not ("a senior official").
PERSON_NOUNS = ROLE_NOUNS | {
    "official", "source", "analyst", "expert", "critic", "observer", "aide", "adviser",
    "advisor", "spokesman", "spokeswoman", "spokesperson", "lawmaker", "legislator",
    "diplomat", "negotiator", "operative", "surrogate", "strategist", "officer",
    "member", "person", "man", "woman", "resident", "witness", "voter", "supporter",
    "activist", "lawyer", "attorney", "researcher", "economist", "journalist",
}
# Role heads that name an office: a candidate must have been called that already.
_OFFICE_WORDS = {"president", "minister", "chancellor", "premier", "ambassador", "senator",
                 "governor", "secretary", "mayor", "king", "queen", "prince", "pope",
                 "chairman", "chairwoman", "director", "judge", "prosecutor", "ceo",
                 "vice", "prime", "deputy", "foreign", "defense", "defence", "general"}
# Nationality words in a role ("the Russian leader") and the ISO code they point to.
_NATIONALITY = {
    "us": "USA", "u.s.": "USA", "american": "USA", "america": "USA", "usa": "USA",
    "russian": "RUS", "russia": "RUS", "ukrainian": "UKR", "ukraine": "UKR",
    "british": "GBR", "uk": "GBR", "german": "DEU", "french": "FRA", "chinese": "CHN",
    "polish": "POL", "finnish": "FIN", "italian": "ITA", "turkish": "TUR", "israeli": "ISR",
    "iranian": "IRN", "canadian": "CAN", "japanese": "JPN", "indian": "IND",
    "mexican": "MEX", "belarusian": "BLR", "hungarian": "HUN", "spanish": "ESP",
    "syrian": "SYR", "saudi": "SAU", "european": None, "eu": None,
}
_NAME_DEPS = {"compound", "flat", "amod", "det", "nmod", "nummod", "case", "poss", "punct"}


def _set_off(doc: Doc, start: int, end: int) -> bool:
    """Is there a comma, dash or quote mark among tokens ``start .. end - 1``?"""
    return any(t.text in (",", "—", "–", "―") or t.text in MARKS or t.text in ("''", "``")
               for t in doc[max(0, start):max(0, end)])


# "(CROSSTALK.)", "(Applause)": stage directions quoted with a transcript
_STAGE_DIRECTION = re.compile(r"^\([^)]*\)[.!]?$")
# "PENCE: Well, ...", "SEN. JOHN SMITH: ...": a transcript's speaker label
_LABEL = re.compile(r"([A-Z][A-Z.'’\- ]{1,40}[A-Z.]):\s+(?=\S)")
_NOT_LABELS = {"UPDATE", "UPDATED", "WATCH", "BREAKING", "RELATED", "READ MORE", "VIDEO",
               "PHOTOS", "PHOTO", "EDITOR'S NOTE", "EDITOR’S NOTE", "NOTE", "CORRECTION",
               "SOURCE", "SOURCES", "CLARIFICATION", "Q", "A"}


def _speaker_label(text: str, start: int, end: int) -> tuple[tuple[int, int], int] | None:
    """A transcript label at ``start`` ("PENCE: ..."): its span and where the words begin."""
    match = _LABEL.match(text, start, end)
    if match is None or match.group(1).strip(" .") in _NOT_LABELS:
        return None
    if not any(ch.isalpha() for ch in match.group(1)) or len(match.group(1)) < 2:
        return None
    return (match.start(1), match.end(1)), match.end()


def _hypothetical(verb: Token) -> bool:
    """A cue under negation, a modal or ``to``: a report of no actual utterance."""
    for child in verb.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether"):
            return True
        if child.dep_ in ("aux", "auxpass") and (
            child.lower_ in _MODALS or child.lemma_.lower() in _MODALS or child.tag_ == "TO"
        ):
            return True
    return False


def _local_subject(verb: Token) -> tuple[Token | None, bool]:
    """The subject written in ``verb``'s own clause, and whether there is one at all."""
    if verb.lower_ == "according":
        to = next((c for c in verb.children if c.lower_ == "to"), None)
        if to is None:
            return None, True
        obj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if obj is None:  # "according to show insiders" misread as a verb phrase
            comp = next((c for c in to.children if c.dep_ == "pcomp"), None)
            if comp is not None:
                obj = next((c for c in comp.children if c.dep_ == "dobj"), comp)
        return obj, True
    if verb.dep_ == "pcomp" and verb.head.lower_ == "as" and verb.head.head.lemma_ == "quote":
        # "Vorel quoted the president as saying ...": the words are the president's
        quoted = next((c for c in verb.head.head.children if c.dep_ in ("dobj", "obj")), None)
        if quoted is not None:
            return quoted, True
    for child in verb.children:
        if child.dep_ == "nsubj":
            if child.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                return verb.head, True
            return child, True
        if child.dep_ == "nsubjpass":
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            if agent is not None:
                return next((c for c in agent.children if c.dep_ == "pobj"), None), True
            stance = verb.tag_ == "VBN" and verb.lower_ in _STANCE_PARTICIPLES
            return (child if verb.lemma_ == "quote" or stance else None), True
    # "... of the Daily Ledger Minister Vell said": a name the parser attached elsewhere, right
    # before a finite verb that has no subject of its own
    if verb.tag_ in ("VBD", "VBZ", "VBP") and verb.i > 0 and verb.dep_ in ("ROOT", "ccomp"):
        before = verb.doc[verb.i - 1]
        if before.pos_ == "PROPN" and before.ent_type_ in ("PERSON", "ORG", "") \
                and before.head.i != verb.i:
            return before, True
    return None, False


def _subject(verb: Token, relaxed: bool = False) -> Token | None:
    """The speaker-like subject of ``verb``, inherited through coordination and clauses.

    A clause without a subject of its own (``…, adding that``, ``and described``) takes
    its head's; a subject that cannot speak (``any agreement must …``) passes the search
    on up, through complement clauses too, to the next subject that can.
    """
    node, inherited = verb, False
    for _ in range(6):
        subj, explicit = _local_subject(node)
        if subj is not None and (_speaker_like(subj) or (relaxed and _any_speaker(subj))):
            return subj
        if explicit and not inherited:
            return None
        if node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN"):
            return node.head if _speaker_like(node.head) else None
        climb = ("conj", "xcomp", "advcl", "pcomp", "acomp") + (("ccomp",) if inherited or explicit
                                                        else ())
        if node.dep_ not in climb or node.head.i == node.i:
            return None
        head = node.head
        if node.dep_ == "pcomp" and head.dep_ == "prep":
            head = head.head
        if head.pos_ not in ("VERB", "AUX", "ADJ"):
            return None
        node, inherited = head, True
    return None


def _speakers(verb: Token) -> list[Token]:
    """The subject and, for people named together, its conjuncts (``Lind and Brandt``)."""
    subj = _subject(verb, relaxed=verb.lemma_.lower() in _CORE_SPEECH
                    or verb.lower_ in _SAY_FORMS)
    if subj is None:
        return []
    out = [subj]
    if subj.pos_ == "PROPN":
        out.extend(c for c in subj.children if c.dep_ == "conj" and c.pos_ == "PROPN")
    return out


def _any_speaker(token: Token) -> bool:
    """Any noun phrase may be the subject of "said" ("the bank said", "it says", "those
    close to him say")."""
    if token.dep_ == "expl" or token.lower_ in ("there", "which", "what", "that", "this"):
        return False
    if token.lower_ in ("those", "these") and any(True for _ in token.rights):
        return True
    return token.pos_ in ("NOUN", "PROPN") or token.lower_ == "it"


def _is_person(token: Token) -> bool:
    """A person by the actors stage when it named one there, else by the tagger."""
    if token.lower_ in _PERSONAL:
        return True
    kind = token.doc.user_data.get(_MENTIONED, {}).get(token.i)
    if kind is not None:
        return kind == "person"
    return token.ent_type_ == "PERSON"


def _speaker_like(token: Token) -> bool:
    """Can ``token`` head the name of someone (or something) that speaks?"""
    lower = token.lower_
    if lower in _NOT_SPEAKERS or token.dep_ == "expl" or token.like_num:
        return False
    if token.pos_ == "PRON":
        return lower in _PERSONAL or lower in _QUANTIFIED
    if token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or token.pos_ == "PROPN":
        return True
    if token.i in token.doc.user_data.get(_MENTIONED, ()):
        return True
    return token.lemma_.lower() in ROLE_NOUNS | SOURCE_NOUNS


def _speaker_span(token: Token) -> tuple[int, int]:
    """The speaker's name with its titles, never its descriptions or clauses (a title
    heading its own name in apposition, "its chief, Sabine Korrel", keeps the name)."""
    if token.pos_ == "PRON":
        return token.idx, token.idx + len(token)
    left = token.i

    def walk(node: Token, top: bool) -> None:
        nonlocal left
        for child in node.lefts:
            if child.dep_ not in _NAME_DEPS:
                continue
            if child.dep_ == "poss" and (not top or token.pos_ == "PROPN"):
                continue
            if child.dep_ == "punct" and child.tag_ != "HYPH":
                continue
            left = min(left, child.left_edge.i if child.dep_ == "poss" else child.i)
            walk(child, False)

    walk(token, True)
    doc = token.doc
    # A flat name may continue to the right ("Kaja Kallas" parsed head-first).
    right = token.i
    while right + 1 < len(doc) and doc[right + 1].dep_ in ("flat", "compound") \
            and doc[right + 1].head.i == token.i:
        right += 1
    # "adviser Mara Lind": a name in apposition with no comma between
    for child in token.rights:
        if child.dep_ == "appos" and child.pos_ == "PROPN" and child.left_edge.i == right + 1:
            right = child.i
        break
    # "its foreign-policy chief, Sabine Korrel, warned": a title named by its apposition
    if token.pos_ == "NOUN" and right == token.i:
        name = next((c for c in token.rights if c.dep_ == "appos" and c.pos_ == "PROPN"
                     and c.i - token.i <= 6), None)
        if name is not None:
            right = name.i
            while right + 1 < len(doc) and doc[right + 1].dep_ == "flat" \
                    and doc[right + 1].head.i == name.i:
                right += 1
    start_tok = doc[left]
    while start_tok.i < token.i and (start_tok.is_punct or start_tok.is_space):
        start_tok = doc[start_tok.i + 1]
    return start_tok.idx, doc[right].idx + len(doc[right])


def _trim_content(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    """Char span of tokens first..last with punctuation trimmed from both ends."""
    while first <= last and ((doc[first].is_punct and doc[first].text not in MARKS)
                             or doc[first].is_space):
        first += 1
    while last >= first and ((doc[last].is_punct and doc[last].text not in MARKS)
                             or doc[last].is_space):
        last -= 1
    if last < first:
        return None
    return doc[first].idx, doc[last].idx + len(doc[last])


# -- candidates ----------------------------------------------------------------------------


@dataclass
class _Candidate:
    """A quote under construction (mutable; becomes a frozen :class:`Quote`)."""

    kind: str
    start: int
    end: int
    paragraph: int
    marked: MarkedSpan | None = None
    cue: str | None = None
    cue_token: int | None = None
    cue_class: str | None = None
    speaker: tuple[int, int] | None = None
    speaker_token: int | None = None
    reporter: tuple[int, int] | None = None
    reporter_token: int | None = None
    flags: list[str] = field(default_factory=list)
    confidence: float = 1.0
    content_tokens: tuple[int, int] | None = None  # token range of reported content
    speaker_id: str | None = None
    reported_by: str | None = None
    dropped: bool = False


@dataclass
class _Salient:
    """An earlier subject or speaker that a pronoun or role may refer to."""

    position: int
    actor_id: str
    person: bool
    plural: bool
    paragraph: int
    words: frozenset[str]  # lowercased words of the mention (for role checks)


def _actors_api() -> Any:
    """The actors module when it is installed (it is written alongside this one)."""
    try:
        from storyline.extract import actors
    except ImportError:
        return None
    return actors


class QuoteExtractor:
    """Finds and attributes the quotes of one document at a time (no state kept)."""

    def __init__(self, cues: Cues, *, scare_quotes: bool = True,
                 scare_confidence: float = 0.3, floating_confidence: float = 0.6,
                 cognition: bool = True, max_term_words: int = 4,
                 coref_paragraphs: int = 4) -> None:
        self.cues = cues
        self.scare_quotes = scare_quotes
        self.scare_confidence = scare_confidence
        self.floating_confidence = floating_confidence
        self.cognition = cognition
        self.max_term_words = max_term_words
        self.coref_paragraphs = coref_paragraphs

    # ---- entry points

    def __call__(self, batch: list[Document]) -> list[Document]:
        return [doc.evolve(quotes=self.extract(doc)) for doc in batch]

    def extract(self, doc: Document) -> tuple[Quote, ...]:
        """The quotes of ``doc`` (needs ``doc.nlp_doc``, the parse of ``doc.text``)."""
        parsed = doc.nlp_doc
        if parsed is None:
            raise ValueError(f"document {doc.id} has no parse; run the parse stage first")
        if not doc.text.strip():
            return ()
        text = doc.text
        # Scratch for this call only: tokens inside actor mentions can speak even when
        # the tagger took a name for a common noun. Removed before returning.
        parsed.user_data[_MENTIONED] = self._mentioned_tokens(doc, parsed)
        parsed.user_data[_TOKENS] = list(parsed)
        try:
            paras = paragraphs(text)
            marked = find_marked_spans(text)
            tok_para = self._token_paragraphs(parsed, paras)
            direct = self._direct(doc, parsed, marked, paras, tok_para)
            quoted_tokens = self._quoted_tokens(parsed, direct)
            reported = self._reported(parsed, direct, quoted_tokens, tok_para)
            candidates = sorted(direct + reported, key=lambda c: (c.start, c.end, c.kind))
            self._nest(parsed, candidates)
            candidates = [c for c in candidates if not c.dropped]
            self._share(candidates, text, parsed, quoted_tokens)
            self._resolve(doc, parsed, candidates, quoted_tokens, tok_para)
        finally:
            parsed.user_data.pop(_MENTIONED, None)
            parsed.user_data.pop(_TOKENS, None)
            parsed.user_data.pop(_TEXT, None)
        return tuple(self._quote(doc, c) for c in candidates)

    @staticmethod
    def _mentioned_tokens(doc: Document, parsed: Doc) -> dict[int, str]:
        """Token index -> type of the actor a mention there names (``person``, ...)."""
        types = {a.id: a.type for a in doc.actors}
        out: dict[int, str] = {}
        for mention in doc.mentions:
            if mention.actor_id is None or mention.kind == "pronoun":
                continue
            span = parsed.char_span(mention.where.start, mention.where.end,
                                    alignment_mode="expand")
            if span is not None:
                for token in span:
                    out[token.i] = types.get(mention.actor_id, "unknown")
        return out

    # ---- direct quotes

    @staticmethod
    def _token_paragraphs(parsed: Doc, paras: list[tuple[int, int]]) -> list[int]:
        starts = [s for s, _ in paras]
        out, p = [], 0
        for token in _tokens_of(parsed):
            while p + 1 < len(starts) and token.idx >= starts[p + 1]:
                p += 1
            out.append(p)
        return out

    @staticmethod
    def _tokens_in(parsed: Doc, start: int, end: int) -> list[Token]:
        span = parsed.char_span(start, end, alignment_mode="expand")
        if span is None:
            return []
        return [t for t in span if not t.is_space]

    def _quoted_tokens(self, parsed: Doc, direct: list[_Candidate]) -> set[int]:
        inside: set[int] = set()
        for cand in direct:
            inside.update(t.i for t in self._tokens_in(parsed, cand.start, cand.end))
        return inside

    def _direct(self, doc: Document, parsed: Doc, marked: list[MarkedSpan],
                paras: list[tuple[int, int]], tok_para: list[int]) -> list[_Candidate]:
        text = doc.text
        all_inside: set[int] = set()
        token_sets: list[list[Token]] = []
        for span in marked:
            toks = self._tokens_in(parsed, span.start, span.end)
            token_sets.append(toks)
            all_inside.update(t.i for t in toks)
        out: list[_Candidate] = []
        for span, toks in zip(marked, token_sets, strict=True):
            if not toks:
                continue
            p_start, p_end = paras[span.paragraph]
            if self._is_heading(text, span, toks, p_start, p_end):
                continue
            inside = {t.i for t in toks}
            tops = [t for t in toks if (t.head.i not in inside or t.head.i == t.i)
                    and not t.is_punct]
            if self._is_term(text, span, toks, tops) or _STAGE_DIRECTION.match(
                    text[span.start:span.end]):
                continue
            cand = _Candidate("direct", span.start, span.end, span.paragraph, marked=span,
                              flags=list(span.flags))
            label = _speaker_label(text, span.start, span.end) if span.open_mark == p_start \
                else None
            if label is not None:  # "PENCE: Well, look, ..." in a quoted transcript
                cand.speaker, cand.start = label
                cand.cue, cand.flags = ":", [*cand.flags, "transcript"]
                out.append(cand)
                continue
            if self._is_partial(parsed, span, toks, all_inside):
                cand.flags.append("partial")
            self._attribute(doc, parsed, cand, toks, tops, all_inside, paras)
            out.append(cand)
        quoted_paragraphs = {s.paragraph for s in marked}
        for index, (p_start, p_end) in enumerate(paras):
            if index in quoted_paragraphs:
                continue
            label = _speaker_label(text, p_start, p_end)
            if label is not None:  # an unquoted transcript line
                out.append(_Candidate("direct", label[1], p_end, index, speaker=label[0],
                                      cue=":", flags=["transcript"]))
        return out

    @staticmethod
    def _is_heading(text: str, span: MarkedSpan, toks: list[Token], p_start: int,
                    p_end: int) -> bool:
        """A paragraph that is nothing but a short quoted phrase: a sub-heading, either
        without verb and sentence punctuation (‘Manipulative’) or in title case
        (''Coal Isn't the Villain.'')."""
        if span.open_mark != p_start:
            return False
        if span.close_end not in (p_end, -1) and text[span.close_end:p_end].strip(
                " .!?"):
            return False
        content = text[span.start:span.end]
        words = content.split()
        if len(words) > 8 or re.search(r"[,;:]", content):
            return False
        if not re.search(r"[.!?]", content) and not any(t.pos_ in ("VERB", "AUX")
                                                         for t in toks):
            return True
        lexical = [w for w in words if len(w) > 3 or w[:1].isupper()]
        capitals = [w for w in lexical if w[:1].isupper()]
        return len(words) >= 2 and not re.search(r"[.!?].", content) \
            and len(capitals) == len(lexical)

    def _is_term(self, text: str, span: MarkedSpan, toks: list[Token],
                 tops: list[Token]) -> bool:
        """A quoted name or title inside a sentence (``40 "Shahed" drones``, ``on “The
        Apprentice,”``), not a quotation: a few words, every one capitalised."""
        content = text[span.start:span.end].rstrip(",.;:")
        words = content.split()
        if not words or len(words) > self.max_term_words or re.search(r"[.!?,;:]", content):
            return False
        if span.close_mark < 0 or not any(w[0].isalpha() for w in words):
            return False
        if not all(w[0].isupper() for w in words if w[0].isalpha()):
            return False
        before = text[:span.open_mark].rstrip(" ")
        return bool(before) and not before.endswith((":", "\n", ".", "!", "?"))

    @staticmethod
    def _is_partial(parsed: Doc, span: MarkedSpan, toks: list[Token],
                    all_inside: set[int]) -> bool:
        first = toks[0]
        if first.text[:1].islower():
            return True
        sent = first.sent
        left = [t for t in sent if t.i < first.i and t.i not in all_inside
                and t.text not in MARKS and not t.is_space]
        return bool(left) and left[-1].text not in (":", ",", "—", "–", "-")

    def _attribute(self, doc: Document, parsed: Doc, cand: _Candidate, toks: list[Token],
                   tops: list[Token], all_inside: set[int],
                   paras: list[tuple[int, int]]) -> None:
        """Find the cue and speaker of one direct quote (the first rule that applies)."""
        text = doc.text
        span = cand.marked
        assert span is not None
        # 1. "…" – Name, role
        if span.close_mark >= 0:
            dash = self._dash_speaker(text, span.close_end, paras[span.paragraph][1])
            if dash is not None:
                cand.speaker = dash
                cand.cue = "–"
                return
        inside = {t.i for t in toks}
        # 2. a speech verb governing the quote
        verb = self._governing(tops, inside, all_inside)
        # 3. a speech verb hanging off the quote, or beside it in the sentence
        if verb is None:
            verb = self._dependent_cue(toks, inside, all_inside)
        if verb is None:
            verb = self._beside(toks, all_inside)
        if verb is not None:
            self._set_cue(cand, verb)
            if cand.speaker is not None:
                return
        # 4. a previous paragraph ending in a colon
        if span.paragraph > 0 and span.open_mark >= 0:
            prev_start, prev_end = paras[span.paragraph - 1]
            if text[prev_end - 1] == ":" and text[paras[span.paragraph][0]] in MARKS:
                verb = self._last_cue_before(parsed, prev_start, prev_end, all_inside)
                if verb is not None:
                    self._set_cue(cand, verb)
                    if cand.speaker is not None:
                        cand.flags.append("colon")
                        return
        # (split quotes, continuation and floating quotes are settled in _share)
        # 5. a fragment without a speech verb: the subject of its clause
        fallback = self._clause_subject(tops, inside)
        if fallback is not None and "partial" in cand.flags:
            cand.speaker = _speaker_span(fallback)
            cand.speaker_token = fallback.i
            cand.confidence = 0.7
            cand.flags.append("no-cue")

    def _set_cue(self, cand: _Candidate, verb: Token) -> None:
        cue = self.cues.lookup(verb)
        cand.cue = verb.text if cue is None or cue.particle is None else \
            f"{verb.text} {cue.particle}"
        if verb.lower_ == "according":
            cand.cue = "according to"
        cand.cue_token = verb.i
        cand.cue_class = cue.cls if cue else None
        speakers = _speakers(verb)
        if speakers:
            cand.speaker = _speaker_span(speakers[0])
            cand.speaker_token = speakers[0].i

    @staticmethod
    def _dash_speaker(text: str, start: int, end: int) -> tuple[int, int] | None:
        rest = text[start:end]
        match = re.match(r"[\s,.]*(?:[–—―]|--?)\s*", rest)
        if not match:
            return None
        name_start = start + match.end()
        tail = text[name_start:end]
        if not tail or not tail[0].isupper():
            return None
        name = re.split(r"[,(;]", tail, maxsplit=1)[0].rstrip(" .")
        if not name or len(name.split()) > 8:
            return None
        return name_start, name_start + len(name)

    def _is_speech(self, token: Token) -> bool:
        cue = self.cues.lookup(token)
        return (cue is not None and cue.cls == "speech") or token.lower_ == "according"

    def _governing(self, tops: list[Token], inside: set[int],
                   all_inside: set[int]) -> Token | None:
        best: tuple[int, Token] | None = None
        for top in tops:
            child, steps = top, 0
            while child.head.i != child.i and steps < 10:
                parent = child.head
                if parent.i in all_inside:  # through another quote's words, never its cue
                    child, steps = parent, steps + 1
                    continue
                if self._is_speech(parent) and self._content_edge(child) \
                        and not _hypothetical(parent) and _speakers(parent):
                    if best is None or steps < best[0]:
                        best = (steps, parent)
                    break
                if parent.pos_ == "VERB" and child.dep_ not in _NOT_CONTENT \
                        and not self._is_speech(parent) and not _hypothetical(parent):
                    own, _ = _local_subject(parent)
                    if own is not None and own.i not in inside and _is_person(own):
                        break  # "the envoy found it “useful”": the words are his, not a report
                child, steps = parent, steps + 1
        return best[1] if best else None

    @staticmethod
    def _content_edge(child: Token) -> bool:
        """Can what hangs under ``child`` be the words a verb reports?"""
        if child.dep_ in _NOT_CONTENT:
            return False
        if child.dep_ == "prep":
            return child.lower_ in _CONTENT_PREPOSITIONS
        return True

    def _dependent_cue(self, toks: list[Token], inside: set[int],
                       all_inside: set[int]) -> Token | None:
        found: list[Token] = []
        for token in toks:
            for child in token.children:
                if child.i in all_inside or child.i in inside:
                    continue
                if child.dep_ in ("conj", "parataxis", "ccomp", "advcl", "dep", "prep") \
                        and self._is_speech(child) and not _hypothetical(child) \
                        and _speakers(child):
                    found.append(child)
        if not found:
            return None
        last = toks[-1].i
        after = [t for t in found if t.i > last]
        return min(after, key=lambda t: t.i) if after else max(found, key=lambda t: t.i)

    def _beside(self, toks: list[Token], all_inside: set[int]) -> Token | None:
        """A speech verb just after the quote in its sentence, or just before a colon."""
        doc = toks[0].doc
        last = toks[-1]
        i = last.i + 1
        steps = 0
        while i < len(doc) and steps < 12:
            token = doc[i]
            if token.i in all_inside or "\n" in token.text:
                break
            if steps > 0 and (token.text in ".!?" or (token.is_sent_start
                                                      and token.text not in MARKS)):
                break
            if self._is_speech(token) and not _hypothetical(token) and _speakers(token):
                return token
            i, steps = i + 1, steps + 1
        first = toks[0]
        left = [t for t in first.sent if t.i < first.i and t.i not in all_inside
                and t.text not in MARKS and not t.is_space]
        if left and left[-1].text in (":", ","):
            for token in reversed(left):
                if self._is_speech(token) and not _hypothetical(token) and _speakers(token):
                    return token
        return None

    def _last_cue_before(self, parsed: Doc, start: int, end: int,
                         all_inside: set[int]) -> Token | None:
        span = parsed.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        for token in reversed(list(span[-1].sent)):
            if token.i in all_inside:
                continue
            if self._is_speech(token) and not _hypothetical(token) and _speakers(token):
                return token
        return None

    @staticmethod
    def _clause_subject(tops: list[Token], inside: set[int]) -> Token | None:
        for top in tops:
            node, steps = top, 0
            while node.head.i != node.i and steps < 8:
                node = node.head
                steps += 1
                if node.i in inside:
                    continue
                if node.pos_ in ("VERB", "AUX"):
                    subj = _subject(node)
                    if subj is not None and subj.i not in inside and (
                        subj.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
                        or subj.lower_ in _PERSONAL
                        or subj.lemma_.lower() in ROLE_NOUNS
                    ):
                        return subj
        return None

    # ---- reported speech

    def _reported(self, parsed: Doc, direct: list[_Candidate], quoted: set[int],
                  tok_para: list[int]) -> list[_Candidate]:
        out: list[_Candidate] = []
        spans = [(c.start, c.end) for c in direct]
        for token in _tokens_of(parsed):
            if token.i in quoted:
                continue
            cue = self.cues.lookup(token)
            according = token.lower_ == "according" and any(
                c.lower_ == "to" for c in token.children)
            if cue is None and not according:
                continue
            if cue is not None and cue.cls == "cognition" and not self.cognition:
                continue
            if _hypothetical(token):
                continue
            content = self._content(token, cue, according)
            if content is None:
                continue
            first, last = content
            if any(i in quoted for i in range(first, last + 1)) and all(
                    i in quoted or parsed[i].is_punct or parsed[i].text in MARKS
                    or parsed[i].is_space for i in range(first, last + 1)):
                continue  # the content is a direct quote; its cue is already attached
            chars = _trim_content(parsed, first, last)
            if chars is None:
                continue
            chars = self._whole_marks(chars, direct)
            speakers = _speakers(token)
            if not speakers:
                continue
            kind = "mixed" if any(s < chars[1] and chars[0] < e for s, e in spans) else "indirect"
            name = "according to" if according else (
                cue.name if cue and cue.particle else token.text)
            # a parenthetical cue ("X, he said, Y") lies inside the content it reports
            parenthetical = first <= token.i <= last
            cue_part = {t.i for t in token.subtree} if token.dep_ == "parataxis" else set()
            for speaker in speakers:
                if first <= speaker.i <= last and speaker.i not in cue_part \
                        and not parenthetical:
                    continue  # the subject of the reported clause is not its speaker
                cand = _Candidate(kind, chars[0], chars[1], tok_para[token.i], cue=name,
                                  cue_token=token.i,
                                  cue_class="speech" if according else cue.cls,
                                  speaker=_speaker_span(speaker), speaker_token=speaker.i,
                                  content_tokens=(first, last))
                if cue is not None and cue.cls != "speech":
                    cand.confidence = 0.8
                out.append(cand)
        return out

    @staticmethod
    def _whole_marks(chars: tuple[int, int], direct: list[_Candidate]) -> tuple[int, int]:
        """Widen a reported content that cuts through a quote to take the whole quote."""
        start, end = chars
        for cand in direct:
            span = cand.marked
            if span is None:
                continue
            lo = span.open_mark if span.open_mark >= 0 else span.start
            hi = span.close_end if span.close_end >= 0 else span.end
            if lo < start < hi:
                start = lo
            if lo < end < hi:
                end = hi
        return start, end

    def _content(self, verb: Token, cue: Cue | None, according: bool) -> tuple[int, int] | None:
        """First and last token of the reported content, or None."""
        if according:
            head = verb.head
            if head.i == verb.i:
                return None
            skip = {t.i for t in verb.subtree}
            ids = [t.i for t in head.subtree if t.i not in skip]
            if not ids or not any(head.doc[i].pos_ in ("VERB", "AUX") for i in ids):
                return None
            return self._contiguous(ids, head.i)
        assert cue is not None
        children = list(verb.children)
        if "clause" in cue.frames:
            comps = [c for c in children if c.dep_ == "ccomp"] or [
                # "said after the convention he would not ...", misread as an adverbial
                c for c in children if c.dep_ == "advcl" and c.i > verb.i
                and any(g.dep_ == "nsubj" for g in c.children)
                and not any(g.dep_ == "mark" for g in c.children)]
            after = [c for c in comps if c.i > verb.i]
            if after and after[0].pos_ in ("VERB", "AUX", "ADJ", "NOUN"):
                # a long clause is sometimes parsed as several complements, and its
                # "because ..." tail hung on the cue: take them all, up to another cue
                last = max(c.right_edge.i for c in after)
                for child in verb.rights:
                    if child.i > last and child.dep_ in ("advcl", "prep", "ccomp") \
                            and self.cues.lookup(child) is None and not child.is_punct:
                        last = child.right_edge.i
                return after[0].left_edge.i, last
            before = [c for c in comps if c.i < verb.i and c.pos_ in ("VERB", "AUX")]
            if before and _set_off(verb.doc, before[-1].right_edge.i, verb.i):
                return before[-1].left_edge.i, before[-1].right_edge.i
            # "Though it went well, he said, replacing her would be hard": a cue set off by
            # commas in mid-sentence reports the rest of its sentence
            subject = next((c for c in children if c.dep_ == "nsubj"), None)
            left = subject.left_edge.i if subject is not None and subject.i < verb.i else verb.i
            doc = verb.doc
            if cue.cls == "speech" and left > 0 and verb.i + 1 < len(doc) \
                    and doc[left - 1].text == "," and doc[verb.i + 1].text == "," \
                    and verb.sent.start < left - 1 and verb.i + 2 < verb.sent.end:
                return verb.sent.start, verb.sent.end - 1
            # "X, sources said." and "The museum, Mr. Bush said, celebrated ...": the cue
            # hangs off the clause it reports, set off by commas
            head = verb.head
            if verb.dep_ in ("parataxis", "ccomp") and head.i != verb.i \
                    and head.pos_ in ("VERB", "AUX", "ADJ", "NOUN") and cue.cls == "speech" \
                    and _set_off(verb.doc, verb.left_edge.i - 1, verb.left_edge.i + 1):
                skip = {t.i for t in verb.subtree}
                ids = [t.i for t in head.subtree if t.i not in skip and not t.is_punct]
                if ids:
                    return min(ids), max(ids)
        if "np" in cue.frames:
            obj = next((c for c in children if c.dep_ in ("dobj", "obj")), None)
            if obj is not None and obj.tag_ not in ("WDT", "WP") and obj.i > verb.i:
                # "criticised him for the delay", "praised the plan as bold"
                tail = [c for c in children if c.dep_ == "prep" and c.i > obj.i
                        and c.lower_ in _OBJECT_TAILS]
                if obj.tag_ != "PRP" or tail:
                    last = max([obj.right_edge.i] + [c.right_edge.i for c in tail])
                    return obj.left_edge.i, last
        if "obj-to" in cue.frames:
            obj = next((c for c in children if c.dep_ in ("dobj", "obj")), None)
            xcomp = next((c for c in children if c.dep_ == "xcomp"), None)
            if xcomp is not None and xcomp.i > verb.i:
                first = obj.left_edge.i if obj is not None and obj.i < xcomp.i else \
                    xcomp.left_edge.i
                return first, xcomp.right_edge.i
        if "to" in cue.frames:
            xcomp = next((c for c in children if c.dep_ == "xcomp"), None)
            if xcomp is not None and xcomp.i > verb.i:
                return xcomp.left_edge.i, xcomp.right_edge.i
        if "as" in cue.frames:
            prep = next((c for c in children if c.dep_ == "prep" and c.lower_ == "as"), None)
            if prep is not None and any(True for _ in prep.children):
                obj = next((c for c in children if c.dep_ in ("dobj", "obj")), None)
                if obj is not None and obj.tag_ not in ("WDT", "WP") and obj.i < prep.i:
                    return obj.left_edge.i, prep.right_edge.i
                return prep.left_edge.i, prep.right_edge.i
            oprd = next((c for c in children if c.dep_ in ("oprd", "ccomp")), None)
            if oprd is not None and oprd.i > verb.i:  # "called X “Y”"
                obj = next((c for c in children if c.dep_ in ("dobj", "obj")), None)
                first = obj.left_edge.i if obj is not None and obj.i < oprd.i \
                    and obj.tag_ not in ("WDT", "WP") else oprd.left_edge.i
                return first, oprd.right_edge.i
        if "prep" in cue.frames and cue.particle:
            prep = next((c for c in children if c.dep_ in ("prep", "prt")
                         and c.lower_ == cue.particle), None)
            if prep is not None:
                objs = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
                if objs:
                    return objs[0].left_edge.i, objs[-1].right_edge.i
                obj = next((c for c in children if c.dep_ in ("dobj", "pobj")), None)
                if obj is not None:
                    return obj.left_edge.i, obj.right_edge.i
            if cue.particle == "out":
                comp = next((c for c in children if c.dep_ == "ccomp"), None)
                if comp is not None:
                    return comp.left_edge.i, comp.right_edge.i
        return None

    @staticmethod
    def _contiguous(ids: list[int], anchor: int) -> tuple[int, int]:
        """The run of consecutive token ids around ``anchor`` (a clause minus a cue)."""
        ids = sorted(set(ids))
        pos = ids.index(anchor) if anchor in ids else 0
        lo = hi = pos
        while lo > 0 and ids[lo - 1] == ids[lo] - 1:
            lo -= 1
        while hi + 1 < len(ids) and ids[hi + 1] == ids[hi] + 1:
            hi += 1
        return ids[lo], ids[hi]

    # ---- nesting, sharing

    def _nest(self, parsed: Doc, cands: list[_Candidate]) -> None:
        """Reports inside reports: keep the inner one, with the outer speaker as reporter."""
        for outer in cands:
            if outer.kind == "direct" or outer.content_tokens is None:
                continue
            if outer.cue_class != "speech":
                continue
            lo, hi = outer.content_tokens
            roots = [t for t in parsed[lo:hi + 1] if not lo <= t.head.i <= hi or t.head.i == t.i]
            if outer.cue != "according to" and not any(t.pos_ in ("VERB", "AUX") for t in roots):
                continue  # an object, not a clause: a relative clause in it is no report
            inner = [c for c in cands if c is not outer and c.cue_token is not None
                     and lo <= c.cue_token <= hi and c.cue_class == "speech"
                     and c.speaker_token is not None and lo <= c.speaker_token <= hi
                     and parsed[c.speaker_token].lower_ not in _PERSONAL
                     and self._main_verb_of(parsed[c.cue_token], lo, hi)]
            if not inner:
                continue
            for cand in inner:
                if cand.reporter is None:
                    cand.reporter = outer.speaker
                    cand.reporter_token = outer.speaker_token
            outer.dropped = True

    @staticmethod
    def _main_verb_of(verb: Token, lo: int, hi: int) -> bool:
        """Is ``verb`` the main verb of the clause spanning tokens lo..hi (not buried in
        it, nor a second clause coordinated with it)?"""
        node = verb
        while lo <= node.head.i <= hi and node.head.i != node.i:
            if node.dep_ not in ("ccomp", "xcomp", "parataxis"):
                return False
            node = node.head
        return True

    def _share(self, cands: list[_Candidate], text: str, parsed: Doc,
               quoted: set[int]) -> None:
        """Speakers for direct quotes without their own: split, continued, floating."""
        direct = [c for c in cands if c.kind == "direct"]
        for i, cand in enumerate(direct):
            if cand.speaker is not None:
                continue
            same = [d for d in direct if d.paragraph == cand.paragraph and d is not cand
                    and d.speaker is not None and "no-cue" not in d.flags]
            if same:
                after = [d for d in same if d.start > cand.start]
                if after:
                    source = min(after, key=lambda d: d.start)
                    between = text[cand.end - 1:source.start]
                else:
                    source = max(same, key=lambda d: d.start)
                    between = text[source.end - 1:cand.start]
                # “A,” he said, “B.” is one quote split by its cue; “A,” he said. “B.”
                # is a second quote of the same speaker
                joined = not re.search(r"[.!?…][\s”’\"'»]*[\s“‘\"'«]", between.rstrip())
                self._take(cand, source, "split" if joined else "same-paragraph")
                continue
            if "continued" in cand.flags and i > 0 and "continues" in direct[i - 1].flags:
                self._take(cand, direct[i - 1], None)
                continue
            if "partial" in cand.flags:
                continue
            verb = self._adjacent_cue(parsed, cand, quoted)
            if verb is not None:
                self._set_cue(cand, verb)
                cand.flags.append("adjacent-sentence")
                cand.confidence = min(cand.confidence, 0.8)
                continue
            prev = [d for d in direct[:i] if d.speaker is not None
                    and cand.paragraph - d.paragraph <= 1]
            if prev:
                self._take(cand, prev[-1], "floating")
                cand.confidence = min(cand.confidence, self.floating_confidence)
                continue
            subject = self._preceding_subject(parsed, cand, quoted)
            if subject is not None:
                cand.speaker = _speaker_span(subject)
                cand.speaker_token = subject.i
                cand.flags.append("preceding-sentence")
                cand.confidence = min(cand.confidence, self.floating_confidence)
        for cand in direct:
            if cand.speaker is None and "partial" in cand.flags and self.scare_quotes \
                    and len(cand.flags) and self._short(cand):
                cand.flags.append("scare-quote")
                cand.confidence = self.scare_confidence

    def _neighbours(self, parsed: Doc, cand: _Candidate) -> tuple[Span | None, Span | None]:
        """The sentences just before and just after a quote, within reach of it: the
        same paragraph, or the paragraph before for a quote that opens its own."""
        toks = self._tokens_in(parsed, cand.start, cand.end)
        if not toks:
            return None, None
        first, last = toks[0].sent, toks[-1].sent
        before = parsed[first.start - 1].sent if first.start > 0 else None
        after = parsed[last.end].sent if last.end < len(parsed) else None
        text = _text_of(parsed)
        span = cand.marked
        opens_paragraph = span is not None and span.open_mark >= 0 and (
            text[:span.open_mark].rstrip(" ").endswith("\n") or not text[:span.open_mark].strip())
        # (a sentence keeps the line break after it as trailing white space, so the gaps
        # are measured from the words, not from the sentence spans)
        if before is not None and not opens_paragraph:
            words_end = before.start_char + len(before.text.rstrip())
            if "\n" in text[words_end:cand.start]:
                before = None
        if after is not None and "\n" in text[cand.end:after.start_char]:
            after = None
        return before, after

    def _adjacent_cue(self, parsed: Doc, cand: _Candidate, quoted: set[int]) -> Token | None:
        """A speech verb in the sentence after a quote ("So said the general.") or before."""
        before, after = self._neighbours(parsed, cand)
        for sent in (after, before):
            if sent is None:
                continue
            for token in sent:
                if token.i in quoted:
                    continue
                if self._is_speech(token) and not _hypothetical(token) and _speakers(token):
                    return token
        return None

    def _preceding_subject(self, parsed: Doc, cand: _Candidate, quoted: set[int]
                           ) -> Token | None:
        """The person the sentence before a standing quote is about ("Jones was defiant.")."""
        before, _ = self._neighbours(parsed, cand)
        if before is None:
            return None
        root = before.root
        subject, _explicit = _local_subject(root)
        if subject is None or subject.i in quoted:
            return None
        if (_is_person(subject) and subject.lower_ not in ("i", "we", "you")) \
                or self._is_role(subject):
            return subject
        return None

    @staticmethod
    def _short(cand: _Candidate) -> bool:
        return cand.end - cand.start <= 40

    @staticmethod
    def _take(cand: _Candidate, source: _Candidate, flag: str | None) -> None:
        cand.speaker = source.speaker
        cand.speaker_token = source.speaker_token
        cand.cue = source.cue
        cand.cue_token = source.cue_token
        cand.cue_class = source.cue_class
        cand.reporter = source.reporter
        cand.reporter_token = source.reporter_token
        if flag:
            cand.flags.append(flag)

    # ---- speaker resolution

    def _resolve(self, doc: Document, parsed: Doc, cands: list[_Candidate],
                 quoted: set[int], tok_para: list[int]) -> None:
        api = _actors_api()
        resolve_mention = getattr(api, "resolve_mention", None)
        antecedent = getattr(api, "antecedent", None)
        actors = {a.id: a for a in doc.actors}
        words_of: dict[str, set[str]] = {}
        for m in doc.mentions:
            if m.actor_id:
                words_of.setdefault(m.actor_id, set()).update(_words(m.text))
        salient = self._salient_subjects(doc, parsed, quoted, tok_para, actors,
                                         resolve_mention)
        resolved: dict[tuple[int, int], str | None] = {}
        order = sorted(cands, key=lambda c: (c.speaker[0] if c.speaker else c.start))
        for cand in order:
            for attr in ("speaker", "reporter"):
                span = getattr(cand, attr)
                if span is None:
                    continue
                if span in resolved:
                    actor_id = resolved[span]
                else:
                    token_i = getattr(cand, f"{attr}_token")
                    actor_id, how = self._identify(doc, parsed, span, token_i, salient,
                                                   actors, words_of, tok_para,
                                                   resolve_mention, antecedent)
                    resolved[span] = actor_id
                    if how and attr == "speaker":
                        cand.flags.append(how)
                    if actor_id and token_i is not None:
                        salient.append(self._salient(actor_id, span[0], actors,
                                                     tok_para[token_i], words_of,
                                                     doc.text[span[0]:span[1]]))
                        salient.sort(key=lambda s: s.position)
                if attr == "speaker":
                    cand.speaker_id = actor_id
                else:
                    cand.reported_by = actor_id

    @staticmethod
    def _salient(actor_id: str, position: int, actors: Mapping[str, Any], paragraph: int,
                 words_of: Mapping[str, set[str]], surface: str = "") -> _Salient:
        actor = actors.get(actor_id)
        person = actor is not None and actor.type == "person"
        plural = actor is not None and actor.type in ("group", "organisation", "government",
                                                      "country")
        return _Salient(position, actor_id, person, plural, paragraph,
                        frozenset(words_of.get(actor_id, set()) | _words(surface)))

    def _salient_subjects(self, doc: Document, parsed: Doc, quoted: set[int],
                          tok_para: list[int], actors: Mapping[str, Any],
                          resolve_mention: Any) -> list[_Salient]:
        """Named subjects outside quote marks: what a later "he" most likely means."""
        out: list[_Salient] = []
        words_of: dict[str, set[str]] = {}
        for m in doc.mentions:
            if m.actor_id:
                words_of.setdefault(m.actor_id, set()).update(_words(m.text))
        for token in _tokens_of(parsed):
            if token.i in quoted or token.pos_ == "PRON":
                continue
            subject = token.dep_ in ("nsubj", "nsubjpass") or (
                token.dep_ == "conj" and token.head.dep_ in ("nsubj", "nsubjpass"))
            if not subject:
                continue
            span = _speaker_span(token)
            mention = self._mention(doc, span, resolve_mention)
            if mention is None or not mention.actor_id or mention.kind == "pronoun":
                continue
            item = self._salient(mention.actor_id, span[0], actors, tok_para[token.i], words_of,
                                 doc.text[span[0]:span[1]])
            if mention.actor_id not in actors and token.ent_type_ == "PERSON":
                item.person = True
            out.append(item)
        return out

    @staticmethod
    def _mention(doc: Document, span: tuple[int, int], resolve_mention: Any) -> Mention | None:
        if resolve_mention is not None:
            try:
                found = resolve_mention(doc, span[0], span[1])
            except (TypeError, ValueError, AttributeError):
                found = None
            if found is not None:
                return found
        best: Mention | None = None
        for m in doc.mentions:
            if m.where.start < span[1] and span[0] < m.where.end:
                # prefer the mention ending where the speaker's head ends (the name)
                score = (m.where.end == span[1], m.actor_id is not None, m.kind != "pronoun")
                if best is None or score > (best.where.end == span[1],
                                            best.actor_id is not None, best.kind != "pronoun"):
                    best = m
        return best

    def _identify(self, doc: Document, parsed: Doc, span: tuple[int, int],
                  token_i: int | None, salient: list[_Salient], actors: Mapping[str, Any],
                  words_of: Mapping[str, set[str]], tok_para: list[int],
                  resolve_mention: Any, antecedent: Any) -> tuple[str | None, str | None]:
        """The actor id of a speaker span, and a flag saying how a reference was resolved."""
        token = parsed[token_i] if token_i is not None else None
        pronoun = token is not None and token.pos_ == "PRON" and token.lower_ in _PERSONAL
        role = token is not None and not pronoun and self._is_role(token)
        mention = self._mention(doc, span, resolve_mention)
        named = next((c for c in token.rights if c.dep_ == "appos" and c.pos_ == "PROPN"
                      and c.idx < span[1]), None) if token is not None else None
        if named is not None:  # "its foreign-policy chief, Sabine Korrel": the name speaks
            name_span = _speaker_span(named)
            mention = self._mention(doc, name_span, resolve_mention) or mention
        if mention is not None and token is not None and token.pos_ == "NOUN" \
                and token.lemma_.lower() in PERSON_NOUNS \
                and not mention.where.start <= token.idx < mention.where.end \
                and not mention.where.start >= token.idx:
            # "one Lutherian diplomat", "Lutheria's envoy": the country named in the
            # phrase is not the person speaking
            mention = None
        if not pronoun and not role and mention is not None and mention.actor_id \
                and mention.kind != "pronoun":
            return mention.actor_id, None
        if not pronoun and not role:
            return (mention.actor_id if mention is not None else None), None
        if pronoun and token is not None and token.lower_ in ("i", "we", "you"):
            return None, "pronoun-speaker"
        flag = "pronoun-speaker" if pronoun else "role-speaker"
        assert token is not None
        paragraph = tok_para[token.i]
        role_words = _words(doc.text[span[0]:span[1]]) if role else set()
        qualified = role and any(c.dep_ in ("amod", "compound", "poss") for c in token.children)
        if qualified and mention is not None and mention.actor_id \
                and mention.where.start <= token.idx < mention.where.end \
                and getattr(actors.get(mention.actor_id), "type", None) == "person":
            # "the Boravian leader": the actors stage knows who held that office
            return mention.actor_id, flag
        if pronoun and mention is not None and mention.kind == "pronoun" and mention.actor_id \
                and mention.where.start <= token.idx < mention.where.end:
            return mention.actor_id, flag
        for item in reversed(salient):
            if item.position >= span[0]:
                continue
            if paragraph - item.paragraph > self.coref_paragraphs:
                break
            if self._compatible(token, role_words, item, actors):
                return item.actor_id, flag
        if role and mention is not None and mention.actor_id and mention.kind != "pronoun":
            return mention.actor_id, flag
        if antecedent is not None:
            want = "group" if token.lower_ in _PLURAL else "person"
            try:
                found = antecedent(doc, span[0], want=want)
            except (TypeError, ValueError, AttributeError):
                found = None
            if found is not None and found.actor_id:
                return found.actor_id, flag
        return None, flag

    @staticmethod
    def _is_role(token: Token) -> bool:
        if token.pos_ != "NOUN" or token.lemma_.lower() not in ROLE_NOUNS:
            return False
        if any(c.pos_ == "PROPN" and c.dep_ in ("compound", "flat")
               and c.lower_ not in _NATIONALITY and c.ent_type_ not in ("GPE", "NORP")
               for c in token.children):
            return False  # "President Vell" is a name
        if any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in token.rights):
            return False  # "its chief, Sabine Korrel": named right there
        det = [c for c in token.children if c.dep_ in ("det", "poss")]
        definite = any(d.lower_ in ("the", "this", "that", "its", "his", "her", "their")
                       or d.dep_ == "poss" for d in det)
        return definite and token.tag_ == "NN"

    @staticmethod
    def _compatible(token: Token, role_words: set[str], item: _Salient,
                    actors: Mapping[str, Any]) -> bool:
        lower = token.lower_
        if lower in _PLURAL:
            return item.plural or not item.person
        if (lower in _PERSONAL or role_words) and not item.person:
            return False
        if not role_words:
            return True
        actor = actors.get(item.actor_id)
        known = set(item.words) | (_words(actor.role) if actor is not None and actor.role
                                   else set())
        country = actor.country if actor is not None else None
        for word in role_words:
            if word in ("the", "this", "that") or word in ROLE_NOUNS - _OFFICE_WORDS:
                continue
            if word in _NATIONALITY:
                code = _NATIONALITY[word]
                if country and code and country != code:
                    return False
                if not country and known and word not in known and _country_words(known):
                    return False
                continue
            if word in _OFFICE_WORDS and word not in known:
                return False
        return True

    # ---- output

    def _quote(self, doc: Document, cand: _Candidate) -> Quote:
        text = doc.text
        speaker_where = (Provenance(doc.id, cand.speaker[0], cand.speaker[1], STAGE)
                         if cand.speaker else None)
        flags = list(dict.fromkeys(cand.flags))
        if cand.reporter is not None:
            flags.append("nested")
        confidence = cand.confidence
        if cand.speaker is None:
            confidence = min(confidence, 0.5)
        return Quote(
            text=text[cand.start:cand.end],
            kind=cand.kind,
            speaker_id=cand.speaker_id,
            speaker_text=text[cand.speaker[0]:cand.speaker[1]] if cand.speaker else None,
            where=Provenance(doc.id, cand.start, cand.end, STAGE),
            speaker_where=speaker_where,
            cue=cand.cue,
            reported_by=cand.reported_by if cand.reported_by != cand.speaker_id else None,
            flags=tuple(flags),
            confidence=round(confidence, 3),
        )


def _words(text: str | None) -> set[str]:
    return {w.lower().strip(".'’") for w in re.findall(r"[\w.'’]+", text or "")} - {""}


def _country_words(words: set[str]) -> bool:
    return any(w in _NATIONALITY for w in words)


def extract_quotes(doc: Document, cues: Cues | None = None) -> tuple[Quote, ...]:
    """The quotes of one parsed document, with the shipped lexicon by default."""
    return QuoteExtractor(cues or load_cues()).extract(doc)


@stage(
    STAGE,
    defaults={
        "cues": "default",
        "scare_quotes": True,
        "scare_confidence": 0.3,
        "floating_confidence": 0.6,
        "cognition": True,
        "max_term_words": 4,
        "coref_paragraphs": 4,
    },
    requires=("doc.parse", "doc.mentions"),
    produces=("doc.quotes",),
)
def make_quotes(
    cues: str,
    scare_quotes: bool,
    scare_confidence: float,
    floating_confidence: float,
    cognition: bool,
    max_term_words: int,
    coref_paragraphs: int,
) -> Callable[[list[Document]], list[Document]]:
    """Direct and reported quotes with speakers, cues and character spans."""
    return QuoteExtractor(
        load_cues(cues),
        scare_quotes=scare_quotes,
        scare_confidence=scare_confidence,
        floating_confidence=floating_confidence,
        cognition=cognition,
        max_term_words=max_term_words,
        coref_paragraphs=coref_paragraphs,
    )
