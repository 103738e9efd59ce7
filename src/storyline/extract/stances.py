"""Negotiation stances: which actor proposes, supports, accepts, rejects or demands what.

The ``stances`` stage reads a document's coded events (``doc.events``), its parse and
its quotes, and fills ``Document.stances`` with :class:`~storyline.model.Stance`
records. Each stance names a canonical issue from ``data/issues.yaml`` (a full
ceasefire, a halt of strikes on energy infrastructure, a halt of military aid, sanctions,
territory, a venue for talks ...), the actor, the stance, the condition attached, and
cites its sentence and the words naming the issue.

How, in order:

1. **Issues.** The issue lexicon's patterns are matched against each sentence; where
   matches overlap the more specific issue wins ("a ceasefire on energy infrastructure"
   is the energy halt, not a full ceasefire). "The plan", "the proposal", "it" with no
   issue of their own refer to the last issue named in the two sentences before.
2. **Scope.** An event speaks about the issues named in its own phrase: the trigger and
   its arguments, not the clauses that hold other events, and not its condition clause
   (what is accepted is not what is asked in return).
3. **Stance**, from the event's type, modality and negation:

   ============  ===========================================================
   REJECT        rejects (a negated rejection, "did not reject", is unclear)
   AGREE         accepts; conditional with a condition; proposes when offered;
                 unclear when negated ("accepted by neither side")
   CONCEDE       accepts; conditional with a condition; rejects when negated
                 ("will not trade Molrava")
   REQUEST       demands; proposes when proposed or suggested
   SUPPORT       supports
   THREATEN      conditional on the threatened measure, supports the issue its
                 condition names ("sanctions if X turns the ceasefire down");
                 unclear when negated ("did not threaten new measures")
   SANCTION      supports sanctions; rejects lifting them ("will stay in place")
   AID           rejects a halt of aid
   CONSULT       accepts talks (both sides)
   ============  ===========================================================

   A positive act towards what a halt issue would stop ("renewed military assistance",
   "pledged to increase aid") rejects the halt. Mutual agreements ("both sides agreed")
   give the stance to both sides.

The stage is deterministic and keeps no state between documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Token

from storyline.extract.timex import DIGIT, holds, lowered_for_filter, required_words
from storyline.model import Document, Event, Provenance, Stance
from storyline.registry import stage

__all__ = [
    "STANCES",
    "Issue",
    "IssueMatch",
    "find_issues",
    "load_issues",
    "make_stances",
    "stances_of",
]

STAGE = "stances"

STANCES = ("proposes", "supports", "accepts", "conditional", "rejects", "demands", "unclear")

# Words that refer back to an issue named earlier ("rejected the demand", "accepted the
# plan", "rejected it"), and which earlier stance they point to.
REFERRING_NOUNS = {
    "demand": "demands", "condition": "demands", "conditions": "demands",
    "request": "demands", "precondition": "demands", "terms": "demands",
    "plan": "proposes", "proposal": "proposes", "idea": "proposes", "offer": "proposes",
    "initiative": "proposes", "suggestion": "proposes", "formula": "proposes",
    "compromise": "proposes", "deal": None, "arrangement": None, "it": None,
    "question": None, "issue": None, "matter": None, "topic": None,
}
# Nouns naming a proposal: "a Lutherian compromise, a partial freeze ...", "Trump's
# ceasefire proposal" -- the owner proposes the issue the phrase names.
PROPOSAL_NOUNS = frozenset({"proposal", "plan", "initiative", "compromise", "offer",
                            "formula", "idea", "blueprint", "roadmap", "framework"})
# Verbs of backing: the actor is for the issue (supports), whatever it was offered.
BACKING = frozenset({"back", "endorse", "welcome", "champion", "favour", "favor", "hail",
                     "praise", "applaud", "support"})
# An agenda item named in a party's words: "what the X papers call 'border questions'".
NAMING_VERBS = frozenset({"call", "term", "describe", "label", "list"})
AGENDA_NOUNS = frozenset({"agenda"})
# How far back (sentences) the condition a refused "price" stands for may be named.
PRICE_WINDOW = 6
# Bare words for a halt that refer back to the halt just named ("the cessation").
HALT_NOUNS = frozenset({"cessation", "halt", "suspension", "pause", "moratorium"})
# Nouns naming a demand: "X's ultimatum for Y to end hostilities" -- the owner demands it.
DEMAND_NOUNS = frozenset({"ultimatum", "demand", "insistence"})
# What a proposal does with its contents: "the proposal sought / included / aimed at ...".
CONTENT_VERBS = frozenset({"seek", "include", "aim", "envisage", "envision", "foresee",
                           "cover", "contain", "involve", "entail", "call", "propose",
                           "provide", "offer", "outline", "require"})
# "only X can bring peace", "X is essential": what the speaker holds necessary.
MODALS = frozenset({"can", "could", "will", "would"})
NECESSARY = frozenset({"necessary", "essential", "needed", "required", "vital",
                       "indispensable", "crucial", "prerequisite", "precondition", "must"})
# Offers to help bring something about: "ready to host a meeting" supports it.
HELPING = frozenset({"host", "facilitate", "mediate", "help", "support", "assist",
                     "organise", "organize", "broker", "sponsor"})
READINESS = frozenset({"ready", "willing", "prepared", "open"})
UNMENTIONED = frozenset({"mention", "repeat", "reiterate", "renew", "raise"})
TIED_TO = frozenset({"agreement", "deal", "settlement", "ceasefire", "truce", "accord",
                     "treaty", "peace", "solution"})
ACCEPTING = frozenset({"accept", "agree", "approve", "sign", "endorse", "back", "support"})
# "has not said whether ...": no stance taken (yet).
UNDECIDED_VERBS = frozenset({"say", "decide", "confirm", "indicate", "announce", "reveal",
                             "clarify", "disclose", "signal", "specify"})
DYAD_TEXT = re.compile(r"\b(?:both|two|neither|either|each)\b[^.]{0,20}\b(?:sides?|part(?:y|ies)|"
                       r"governments?|countries|country|leaders?|presidents?|delegations?)\b",
                       re.IGNORECASE)
PARTIAL_HINTS = frozenset({"narrow", "narrower", "limited", "partial", "smaller", "lesser",
                           "modest"})
DELIBERATION = frozenset({"discuss", "consider", "negotiate", "talk", "examine", "study"})
# Issue words that name a move *against* a halt ("continued aid") rather than the halt.
POSITIVE_TYPES = frozenset({"AID", "AGREE", "SUPPORT", "COOPERATE"})
# An AGREE with one of AID's modes is promised aid ("is preparing to send observers").
AID_MODES = frozenset({"military", "humanitarian", "economic", "asylum"})


@dataclass(frozen=True)
class Issue:
    id: str
    label: str
    kind: str
    patterns: tuple[re.Pattern[str], ...]
    opposite: tuple[re.Pattern[str], ...] = ()
    unless: tuple[re.Pattern[str], ...] = ()
    near: tuple[re.Pattern[str], ...] = ()
    window: int = 80
    polarity: str | None = None


@dataclass(frozen=True)
class IssueMatch:
    issue: str
    start: int
    end: int
    opposite: bool = False  # the words name the move the issue would stop


def _compile(patterns: Sequence[str], where: str) -> tuple[re.Pattern[str], ...]:
    out = []
    for p in patterns:
        try:
            out.append(re.compile(r"(?<!\w)(?:" + p + r")(?!\w)", re.IGNORECASE))
        except re.error as exc:
            raise ValueError(f"issue lexicon: {where}: bad pattern {p!r} ({exc})") from None
    return tuple(out)


def parse_issues(data: Any) -> tuple[Issue, ...]:
    if not isinstance(data, dict) or not isinstance(data.get("issues"), list):
        raise ValueError("issue lexicon: expected a mapping with an 'issues' list")
    out = []
    seen = set()
    for entry in data["issues"]:
        iid = str(entry["id"])
        if iid in seen:
            raise ValueError(f"issue lexicon: duplicate id {iid}")
        seen.add(iid)
        out.append(Issue(
            id=iid, label=str(entry.get("label", iid)), kind=str(entry.get("kind", "")),
            patterns=_compile(entry.get("patterns") or (), iid),
            opposite=_compile(entry.get("opposite") or (), iid),
            unless=_compile(entry.get("unless") or (), iid),
            near=_compile(entry.get("near") or (), iid),
            window=int(entry.get("window", 80)),
            polarity=entry.get("polarity"),
        ))
    return tuple(out)


@lru_cache(maxsize=8)
def load_issues(source: str = "default") -> tuple[Issue, ...]:
    """The issue lexicon: ``"default"`` (bundled ``data/issues.yaml``) or a YAML path."""
    path = (Path(str(resources.files("storyline").joinpath("data/issues.yaml")))
            if source in ("", "default") else Path(source))
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"issue lexicon {path}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise ValueError(f"issue lexicon {path}: not valid YAML ({exc})") from None
    return parse_issues(data)


_Row = tuple["Issue", bool, re.Pattern[str], tuple[frozenset[str], ...]]
_Plan = tuple[tuple[_Row, ...], dict[str, list[int]], dict[str, list[int]], tuple[int, ...]]
_PLANS: dict[int, tuple[Sequence[Issue], _Plan]] = {}


def _plan(issues: Sequence[Issue]) -> _Plan:
    """Every expression of the lexicon in the order it is tried, with the words it
    requires (timex.required_words); the rows by each word of their first set (a digit
    apart); the rows that require nothing. Made once per lexicon (load_issues caches
    it)."""
    known = _PLANS.get(id(issues))
    if known is not None and known[0] is issues:
        return known[1]
    rows: list[_Row] = []
    for issue in issues:
        for opposite, patterns in ((False, issue.patterns), (True, issue.opposite)):
            for pattern in patterns:
                rows.append((issue, opposite, pattern, required_words(pattern)))
    by_word: dict[str, list[int]] = {}
    by_digit: dict[str, list[int]] = {}
    for n, row in enumerate(rows):
        for word in row[3][0] if row[3] else ():
            (by_digit if word == DIGIT else by_word).setdefault(word, []).append(n)
    always = tuple(n for n, row in enumerate(rows) if not row[3])
    plan = (tuple(rows), by_word, by_digit, always)
    if len(_PLANS) > 16:
        _PLANS.clear()
    _PLANS[id(issues)] = (issues, plan)
    return plan



def find_issues(text: str, issues: Sequence[Issue] | None = None, offset: int = 0
                ) -> list[IssueMatch]:
    """Issue mentions in ``text``, non-overlapping, earlier lexicon entries first.

    offset (int): added to the positions (``text`` is a slice of a document).
    """
    issues = issues if issues is not None else load_issues()
    found: list[IssueMatch] = []
    taken: list[tuple[int, int]] = []
    # Most sentences name no issue: an expression runs only if, for each set of words
    # it requires, one of them is in the text (see timex.required_words).
    rows, by_word, by_digit, always = _plan(issues)
    low = lowered_for_filter(text)
    if low is None:
        todo: Iterable[int] = range(len(rows))
    else:
        # rows whose first set of words has one in the text, then the other sets checked
        seen: dict[str, bool] = {}
        maybe = set(always)
        for word, at in by_word.items():
            if word in low:  # (a plain look-up: this loop runs for every sentence)
                maybe.update(at)
        if DIGIT in by_digit and holds(DIGIT, low, seen):
            maybe.update(by_digit[DIGIT])
        todo = [n for n in sorted(maybe)
                if all(any(holds(w, low, seen) for w in ws) for ws in rows[n][3][1:])]
    for n in todo:
        issue, opposite, pattern, _needs = rows[n]
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(s < end and start < e for s, e in taken):
                continue
            lo, hi = max(0, start - issue.window), min(len(text), end + issue.window)
            window = text[lo:hi]
            if issue.unless and any(u.search(window) for u in issue.unless):
                continue
            if issue.near and not any(n.search(window) for n in issue.near):
                continue
            found.append(IssueMatch(issue.id, start + offset, end + offset, opposite))
            taken.append((start, end))
    return sorted(found, key=lambda x: x.start)


# -- stances from events ----------------------------------------------------------------


def _stance(event: Event, opposite: bool) -> str | None:
    kind = event.type
    if kind == "REJECT":
        return "unclear" if event.negated else "rejects"
    if kind in ("AGREE", "CONCEDE"):
        if event.negated:  # "refused to concede" is a rejection; "did not agree" is open
            return "rejects" if kind == "CONCEDE" else "unclear"
        if opposite and kind == "AGREE":
            return "rejects"
        if event.modality == "proposed":
            return "proposes"
        return "conditional" if event.condition else "accepts"
    if kind == "REQUEST":
        if event.negated:
            return "unclear"
        return "proposes" if event.modality == "proposed" else "demands"
    if kind == "SUPPORT":
        if event.negated:
            return "unclear"
        return "rejects" if opposite else "supports"
    if kind == "THREATEN":
        return "unclear" if event.negated else "conditional"
    if kind == "SANCTION":
        return None if event.negated else "supports"
    if kind == "AID":
        return None if event.negated else ("rejects" if opposite else "supports")
    if kind == "SANCTION" and event.negated:
        return None
    if kind == "CONSULT":
        return None if event.negated else "accepts"
    return None


class _DocStances:
    """Stances of one document; discarded when done."""

    def __init__(self, doc: Document, issues: Sequence[Issue]) -> None:
        self.doc = doc
        self.issues = issues
        self.kinds = {i.id: i.kind for i in issues}
        self.sentences = self._sentences()
        self.matches: dict[int, list[IssueMatch]] = {}
        for n, (start, end) in enumerate(self.sentences):
            self.matches[n] = find_issues(doc.text[start:end], issues, start)
        self.parsed = doc.nlp_doc if doc.nlp_doc is not None and doc.nlp_doc.has_annotation(
            "DEP") else None
        self.triggers = [(e.trigger_where.start, e.trigger_where.end) for e in doc.events]
        self._tokens: list[Token] | None = None

    @property
    def tokens(self) -> list[Token]:
        """The parse's tokens, listed once for the passes over the whole document
        (iterating a ``Doc`` builds every ``Token`` anew)."""
        if self._tokens is None:
            self._tokens = list(self.parsed) if self.parsed is not None else []
        return self._tokens

    def _sentences(self) -> list[tuple[int, int]]:
        if self.doc.sentences:
            return [(s.where.start, s.where.end) for s in self.doc.sentences]
        spans = {(e.where.start, e.where.end) for e in self.doc.events}
        return sorted(spans)

    def _sentence_of(self, event: Event) -> int | None:
        for n, (start, end) in enumerate(self.sentences):
            if start <= event.where.start < end or (start < event.where.end <= end):
                return n
        return None

    # -- scope ----------------------------------------------------------------------

    def _scope(self, event: Event) -> list[tuple[int, int]]:
        """Character ranges of the event's own phrase (without other events' clauses
        and without its condition)."""
        if self.parsed is None:
            return [(event.where.start, event.where.end)]
        span = self.parsed.char_span(event.trigger_where.start, event.trigger_where.end,
                                     alignment_mode="expand")
        if span is None or not len(span):
            return [(event.where.start, event.where.end)]
        trigger_ids = {t.i for t in span}
        others = set()
        for start, end in self.triggers:
            if (start, end) == (event.trigger_where.start, event.trigger_where.end):
                continue
            other = self.parsed.char_span(start, end, alignment_mode="expand")
            if other is not None and len(other):
                others.add(other.root.i)
        cond = None
        if event.condition:
            at = self.doc.text.find(event.condition, event.where.start, event.where.end)
            cond = (at, at + len(event.condition)) if at >= 0 else None
        keep: set[int] = set()
        root = span.root
        # a trigger that is a noun's modifier or a light verb: widen to its head
        stack = [root]
        for t in span:
            stack.append(t)
        while stack:
            tok = stack.pop()
            if tok.i in keep:
                continue
            if cond and cond[0] <= tok.idx < cond[1]:
                continue
            keep.add(tok.i)
            for child in tok.children:
                if child.dep_ in ("cc", "punct", "parataxis"):
                    continue
                if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") and any(
                        x.dep_ in ("nsubj", "nsubjpass") for x in child.children):
                    continue  # a coordinated clause with its own subject is its own statement
                if child.i in others and child.i not in trigger_ids:
                    continue
                if child.dep_ == "advcl" and child.i not in trigger_ids and any(
                        m.lower_ in ("after", "before", "since", "when", "while", "as",
                                     "until", "because") for m in child.children
                        if m.dep_ == "mark"):
                    continue
                stack.append(child)
        # "the future of Molrava was not up for discussion", "called the question
        # closed": a predicate is about its subject or object
        head = root
        while head.dep_ in ("acomp", "attr", "prep", "oprd", "pobj", "neg") and \
                head.head.i != head.i:
            head = head.head
        if head.i != root.i:
            for child in head.children:
                if child.dep_ in ("nsubj", "nsubjpass", "csubj", "dobj") and child.i not in keep:
                    keep |= {t.i for t in child.subtree}
                if child.dep_ in ("advcl", "xcomp") and child.i not in others and any(
                        a.dep_ == "aux" and a.lower_ == "to" for a in child.children):
                    keep |= {t.i for t in child.subtree}  # "ready ... to work out a memorandum"
        # for a relative clause trigger ("the ceasefire, which Ukraine had accepted"),
        # the noun it modifies is what it is about; so for a predicate in one ("the
        # cessation, which X described as a first step")
        # (a relative clause after "the cessation of attacks in years of the war" may
        # belong to any noun of that chain: the parser's pick is often the last one)
        for clause in (root, head):
            if clause.dep_ not in ("relcl", "acl") or clause.head.i in keep:
                continue
            noun = clause.head
            while True:
                keep |= {t.i for t in noun.subtree if t.i == noun.i
                         or (t.dep_ in ("compound", "amod", "nummod") and t.head.i == noun.i)}
                if clause is not head or noun.dep_ != "pobj" or noun.head.dep_ != "prep" \
                        or noun.head.head.pos_ not in ("NOUN", "PROPN"):
                    break
                noun = noun.head.head
        ranges = []
        for i in sorted(keep):
            tok = self.parsed[i]
            ranges.append((tok.idx, tok.idx + len(tok)))
        return ranges

    def _issues_for(self, event: Event, history: list[tuple[int, Stance]]
                    ) -> list[IssueMatch]:
        n = self._sentence_of(event)
        if n is None:
            return []
        scope = self._scope(event)
        found = [self._anaphor(m, n) for m in self.matches.get(n, [])
                 if any(s < m.end and m.start < e for s, e in scope)]
        if found:
            return found
        referring = self._referring(event)
        if referring is None:
            return self._halt_reference(event, scope, n)
        noun, hints = referring
        want = REFERRING_NOUNS.get(noun)
        # "rejected the demand": the issue just demanded; "accepted the plan": the one
        # just proposed; "the narrower arrangement": a partial one
        window = 5 if hints & PARTIAL_HINTS else 2
        fitting = [(back_n, st) for back_n, st in history
                   if n - window <= back_n <= n and (not want or st.stance == want)
                   and not (hints & PARTIAL_HINTS and st.issue.endswith("full"))]
        if fitting:
            latest = max(back_n for back_n, _st in fitting)
            first = min((st for back_n, st in fitting if back_n == latest),
                        key=lambda st: st.issue_where.start)
            return [IssueMatch(first.issue, first.issue_where.start, first.issue_where.end)]
        for back in (n - 1, n - 2):
            if back < 0:
                continue
            options = self.matches.get(back, [])
            if hints & PARTIAL_HINTS:
                options = [m for m in options if not m.issue.endswith("full")]
            if options:
                return [options[-1]]
        return []

    def _halt_reference(self, event: Event, scope: list[tuple[int, int]], n: int
                        ) -> list[IssueMatch]:
        """"(if raids on X stop,) it would be the first pause in the raids, which
        Y described as a first step": a bare halt noun in the event's phrase stands for
        the halt named just before, in the sentence (before the trigger) or the one
        before it."""
        words = {w.lower() for a, b in scope for w in re.findall(r"\w+", self.doc.text[a:b])}
        if not words & HALT_NOUNS:
            return []
        halts = {i.id for i in self.issues if i.kind == "ceasefire"}
        here = [m for m in self.matches.get(n, []) if m.issue in halts and not m.opposite
                and m.end <= event.trigger_where.start]
        if here:
            return [here[-1]]
        before = [m for m in self.matches.get(n - 1, []) if m.issue in halts
                  and not m.opposite] if n > 0 else []
        return before[-1:]

    def _anaphor(self, match: IssueMatch, n: int) -> IssueMatch:
        """"Such a meeting" after "a personal meeting of the two presidents": the issue
        named the first time."""
        before = self.doc.text[max(0, match.start - 12):match.start].lower()
        if not re.search(r"\b(?:such an?|this|that|the same)\s*$", before):
            return match
        head = self.doc.text[match.start:match.end].lower().split()[-1]
        for back in (n, n - 1):
            for m in reversed(self.matches.get(back, [])):
                if m.start < match.start and m.issue != match.issue and \
                        head in self.doc.text[m.start:m.end].lower():
                    return IssueMatch(m.issue, match.start, match.end, m.opposite)
        return match

    def _referring(self, event: Event) -> tuple[str, set[str]] | None:
        """The referring noun the event takes as its object, with its modifiers."""
        if self.parsed is None:
            return None
        span = self.parsed.char_span(event.trigger_where.start, event.trigger_where.end,
                                     alignment_mode="expand")
        if span is None or not len(span):
            return None
        heads = [span.root] + [c for c in span.root.children if c.dep_ == "xcomp" or (
            c.dep_ == "advcl" and any(a.lower_ == "to" for a in c.children))]
        node = span.root
        while node.dep_ in ("acomp", "attr", "oprd", "xcomp", "prep", "pobj") and \
                node.head.i != node.i:
            node = node.head
            heads.append(node)
        if node.dep_ in ("relcl", "acl"):  # "a demand the Corvin Palace called unacceptable"
            word = (node.head.lemma_ or node.head.text).lower()
            if word in REFERRING_NOUNS:
                return word, {x.lower_ for x in node.head.children}
        for head in heads:
            for c in head.children:
                objs = [c] if c.dep_ in ("dobj", "nsubjpass", "attr") else [
                    p for p in c.children if c.dep_ == "prep" and p.dep_ == "pobj"]
                for o in objs:
                    word = o.lower_ if o.lower_ == "it" else (o.lemma_ or o.text).lower()
                    if word in REFERRING_NOUNS:
                        return word, {x.lower_ for x in o.children}
        return None

    # -- stances --------------------------------------------------------------------

    def _mutual(self, event: Event) -> bool:
        """"Both sides agreed", "X and Y agreed": a move of both."""
        if event.type not in ("AGREE", "CONSULT", "CONCEDE", "REJECT"):
            return False
        if event.source_text and DYAD_TEXT.search(event.source_text):
            return True
        if self.parsed is None:
            return False
        span = self.parsed.char_span(event.trigger_where.start, event.trigger_where.end,
                                     alignment_mode="expand")
        if span is None or not len(span):
            return False
        head = span.root
        for _ in range(3):
            subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj:
                s = subj[0]
                if any(c.dep_ == "conj" for c in s.children):
                    return True
                words = {c.lower_ for c in s.children if c.dep_ in ("det", "nummod")}
                return s.tag_ in ("NNS", "NNPS") and bool(words & {"both", "two", "the"}) \
                    and s.lemma_.lower() in ("side", "government", "country", "delegation",
                                             "party", "leader", "president")
            if head.dep_ in ("xcomp", "conj") and head.head.i != head.i:
                head = head.head
                continue
            break
        return False

    def _in_other_condition(self, event: Event) -> bool:
        if event.type == "REQUEST":
            return False  # a condition set on someone is a demand (see the events stage)
        if self.parsed is not None:
            from storyline.extract.events import in_condition

            span = self.parsed.char_span(event.trigger_where.start, event.trigger_where.end,
                                         alignment_mode="expand")
            if span is not None and len(span) and in_condition(span.root):
                return True
        for other in self.doc.events:
            if other is event or not other.condition or other.where != event.where:
                continue
            at = self.doc.text.find(other.condition, other.where.start, other.where.end)
            if at >= 0 and at <= event.trigger_where.start < at + len(other.condition):
                return True
        return False

    def _deliberation_only(self, event: Event) -> bool:
        """"would discuss a ceasefire only once X": not an acceptance of it."""
        if not event.condition or event.type not in ("AGREE", "CONSULT"):
            return False
        words = set(re.findall(r"\w+", event.trigger.lower()))
        lemmas = {w[:-1] if w.endswith("s") else w for w in words}
        if self.parsed is not None:
            span = self.parsed.char_span(event.trigger_where.start, event.trigger_where.end,
                                         alignment_mode="expand")
            if span is not None:
                lemmas |= {t.lemma_.lower() for t in span}
        cond = event.condition.lower()
        at = self.doc.text.find(event.condition, event.where.start, event.where.end)
        before = self.doc.text[max(event.where.start, at - 6):at].lower() if at >= 0 else ""
        only = cond.startswith(("only", "not until")) or "only" in before.split()
        return bool(lemmas & DELIBERATION) and only

    def stances(self) -> tuple[Stance, ...]:
        out: list[Stance] = []
        seen: set[tuple[str, str, str, int]] = set()
        history: list[tuple[int, Stance]] = []
        for event in self.doc.events:
            if not event.source_ids or self._in_other_condition(event):
                continue
            matches = self._issues_for(event, history)
            conditioned = event.type == "REQUEST" and self._is_condition(event)
            for match in matches:
                as_aid = event.type == "AID" or (event.type == "AGREE" and event.mode in
                                                 AID_MODES)
                flip = match.opposite and (event.type in POSITIVE_TYPES or as_aid or (
                    event.type == "REQUEST" and not conditioned))
                stance = _stance(replace(event, type="AID") if as_aid else event, flip)
                if event.type == "REQUEST" and flip and stance == "demands":
                    stance = "rejects"  # "the case for sustained allied backing"
                if stance == "accepts" and self._backing(event):
                    stance = "supports"  # "backed the plan": for it, not agreeing to it
                if stance in ("accepts", "supports") and self._in_principle(event):
                    stance = "conditional"  # "supports the idea in principle"
                if event.type in ("SANCTION",) and self._lift_issue(match.issue):
                    stance = "rejects"
                if event.type == "AID" and self.kinds.get(match.issue) == "aid" and \
                        not match.opposite:
                    continue
                if event.type == "CONSULT" and self.kinds.get(match.issue) != "talks":
                    continue
                if stance in ("accepts", "conditional") and self._deliberation_only(event):
                    stance = "rejects"
                if event.type == "SANCTION" and self._lift_issue(match.issue) and \
                        event.condition:
                    stance = "conditional"  # "sanctions stay until the troops leave"
                offer = self._offer_kind(event)
                if stance in ("accepts", "conditional") and offer == "help":
                    stance = "supports"
                elif stance == "accepts" and offer in ("readiness", "deliberation") and not any(
                        st.issue == match.issue and st.actor_id != event.source_ids[0]
                        for _n, st in history):
                    # ready for (or offering to discuss) something nobody has asked for
                    stance = "proposes"
                if event.type == "REQUEST" and self._precondition_subject(event, match):
                    stance = "conditional"
                if stance is None:
                    continue
                actors = list(event.source_ids[:1])
                talks = event.type == "CONSULT" and self.kinds.get(match.issue) == "talks"
                if event.target_ids and (self._mutual(event) or talks):
                    actors.append(event.target_ids[0])
                for actor in actors:
                    key = (actor, match.issue, stance, event.where.start)
                    if key in seen:
                        continue
                    seen.add(key)
                    record = self._record(event, actor, match, stance)
                    out.append(record)
                    n = self._sentence_of(event)
                    if n is not None:
                        history.append((n, record))
            if event.type == "THREATEN" and event.condition and not event.negated:
                # "sanctions if X turns the ceasefire down": for the ceasefire
                at = self.doc.text.find(event.condition, event.where.start, event.where.end)
                if at >= 0:
                    for match in find_issues(event.condition, self.issues, at):
                        key = (event.source_ids[0], match.issue, "supports", event.where.start)
                        if key not in seen:
                            seen.add(key)
                            out.append(self._record(event, event.source_ids[0], match,
                                                    "supports"))
        out.extend(self._owned_proposals(seen))
        out.extend(self._necessities(seen))
        out.extend(self._agenda_items(seen))
        out.extend(self._price_refusals(seen, list(out)))
        out.extend(self._undecided(seen))
        out.extend(self._unrepeated(seen))
        return tuple(out)

    def _unrepeated(self, seen: set[tuple[str, str, str, int]]) -> list[Stance]:
        """"made no mention of the tariffs he had threatened to levy if ...": the earlier
        move still stands as it was made (the event itself is negated: not repeated)."""
        out: list[Stance] = []
        if self.parsed is None:
            return out
        for event in self.doc.events:
            if not event.negated or not event.source_ids or event.type not in (
                    "THREATEN", "REQUEST", "AGREE", "REJECT"):
                continue
            span = self.parsed.char_span(event.trigger_where.start, event.trigger_where.end,
                                         alignment_mode="expand")
            if span is None or not len(span):
                continue
            root = span.root
            if root.dep_ != "dobj" or (root.head.lemma_ or "").lower() not in UNMENTIONED or \
                    not any(c.dep_ == "neg" for c in root.head.children):
                continue
            before = replace(event, negated=False, modality="actual")
            for match in self._issues_for(event, []):
                stance = _stance(before, False)
                if stance is None:
                    continue
                key = (event.source_ids[0], match.issue, stance, event.where.start)
                if key in seen:
                    continue
                seen.add(key)
                out.append(self._record(before, event.source_ids[0], match, stance))
        return out

    def _undecided(self, seen: set[tuple[str, str, str, int]]) -> list[Stance]:
        """"Boravia has not said whether it would send a delegation": unclear."""
        out: list[Stance] = []
        if self.parsed is None:
            return out
        for tok in self.tokens:
            silent = tok.lower_ in ("silent", "noncommittal", "non-committal", "undecided",
                                    "vague")
            if silent:
                # "Vell and Kasharin said nothing about a summit"
                clause = [c for c in tok.children if c.dep_ == "prep"
                          and c.lower_ in ("about", "on", "over")]
                subj = [c for c in tok.head.children if c.dep_ == "nsubj"]
            else:
                if (tok.lemma_ or "").lower() not in UNDECIDED_VERBS or not any(
                        c.dep_ == "neg" for c in tok.children):
                    continue
                clause = [c for c in tok.children if c.dep_ in ("ccomp", "advcl") and any(
                    m.dep_ == "mark" and m.lower_ in ("whether", "if") for m in c.children)]
                subj = [c for c in tok.children if c.dep_ == "nsubj"]
            if not clause or not subj:
                continue
            lo = min(t.idx for t in subj[0].subtree)
            hi = max(t.idx + len(t) for t in subj[0].subtree)
            actors = list(dict.fromkeys(m.actor_id for m in self.doc.mentions
                                        if m.actor_id and lo <= m.where.start < hi))
            n = next((i for i, (a, b) in enumerate(self.sentences) if a <= tok.idx < b), None)
            if not actors or n is None:
                continue
            c_lo = min(t.idx for t in clause[0].subtree)
            c_hi = max(t.idx + len(t) for t in clause[0].subtree)
            for match, actor in [(m, a) for m in self.matches.get(n, []) for a in actors]:
                if not (c_lo <= match.start < c_hi):
                    continue
                key = (actor, match.issue, "unclear", self.sentences[n][0])
                if key in seen:
                    continue
                seen.add(key)
                start, end = self.sentences[n]
                out.append(Stance(
                    actor_id=actor, issue=match.issue, stance="unclear",
                    text=self.doc.text[start:end],
                    where=Provenance(self.doc.id, start, end, STAGE),
                    issue_text=self.doc.text[match.start:match.end],
                    issue_where=Provenance(self.doc.id, match.start, match.end, STAGE),
                    basis="undecided", confidence=0.6))
        return out

    def _offer_kind(self, event: Event) -> str | None:
        """"ready to host" (help), "ready for an exchange" (readiness, a noun), else None."""
        if self.parsed is None or event.type not in ("AGREE", "CONCEDE"):
            return None
        span = self.parsed.char_span(event.trigger_where.start, event.trigger_where.end,
                                     alignment_mode="expand")
        if span is None or not len(span):
            return None
        root = span.root
        lemma = (root.lemma_ or root.text).lower()
        if lemma in DELIBERATION and event.modality in ("future", "proposed"):
            return "deliberation"  # "we will talk about the border and the dams"
        if root.lower_ not in READINESS and lemma not in READINESS:
            return None
        for c in root.children:
            if c.dep_ == "xcomp":
                verb = (c.lemma_ or c.text).lower()
                if verb in HELPING:
                    return "help"
                return None if verb in ACCEPTING else "readiness"
            if c.dep_ == "prep" and c.lower_ in ("for", "to"):
                return "readiness"
        return None

    def _backing(self, event: Event) -> bool:
        """"backed / endorsed / welcomed the plan": support for a proposal (whoever the
        events stage codes it as AGREE or SUPPORT), not acceptance of an offer."""
        if self.parsed is None:
            return False
        span = self.parsed.char_span(event.trigger_where.start, event.trigger_where.end,
                                     alignment_mode="expand")
        return span is not None and len(span) > 0 and \
            (span.root.lemma_ or "").lower() in BACKING

    def _in_principle(self, event: Event) -> bool:
        """"backs the plan in principle (while listing conditions)"."""
        text = event.text.lower()
        return "in principle" in text or bool(re.search(
            r"\b(?:outlin|set|attach|lay|laid|spell)\w*\s+(?:out\s+)?(?:\w+\s+)?conditions",
            text))

    def _is_condition(self, event: Event) -> bool:
        for other in self.doc.events:
            if other is event or not other.condition or other.where != event.where:
                continue
            if other.condition in event.trigger or event.trigger in other.condition:
                return True
        return False

    def _precondition_subject(self, event: Event, match: IssueMatch) -> bool:
        """"Such a meeting must crown an agreement": conditions on the subject's issue."""
        if self.parsed is None or not re.search(r"\b(?:must|should|has to|have to)\b",
                                                event.trigger.lower()):
            return False
        span = self.parsed.char_span(event.trigger_where.start, event.trigger_where.end,
                                     alignment_mode="expand")
        if span is None or not len(span):
            return False
        subj = [c for t in span for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subj:
            return False
        lo = min(t.idx for t in subj[0].subtree)
        hi = max(t.idx + len(t) for t in subj[0].subtree)
        if not lo <= match.start < hi:
            return False
        # tied to another deal: "a meeting must crown an agreement, not replace it"
        others = {(t.lemma_ or "").lower() for t in span.root.subtree
                  if t.i not in {x.i for x in subj[0].subtree} and t.pos_ == "NOUN"}
        return bool(others & TIED_TO)

    def _owned_proposals(self, seen: set[tuple[str, str, str, int]]) -> list[Stance]:
        """"a Lutherian compromise, a partial freeze ...", "Trump's ceasefire proposal":
        the owner proposes the issue the noun phrase names; "X's ultimatum for Y to end
        hostilities": the owner demands it. "The proposal ... sought a halt to Z": a
        definite proposal with no owner of its own is the one just named (two sentences
        back at most), and what it seeks, includes or aims at is proposed by its owner."""
        out: list[Stance] = []
        if self.parsed is None:
            return out
        owners = {m.where.start: m for m in self.doc.mentions if m.actor_id}
        starts = {start: n for n, (start, _end) in enumerate(self.sentences)}
        # (sentence, actor) of every proposal seen so far, owned or stated by an event
        proposers = sorted((starts.get(at, self._sentence_at(at)), actor)
                           for actor, _issue, kind, at in seen if kind == "proposes")
        for tok in self.tokens:
            lemma = (tok.lemma_ or "").lower()
            if tok.pos_ != "NOUN" or (lemma not in PROPOSAL_NOUNS and
                                      lemma not in DEMAND_NOUNS):
                continue
            n = self._sentence_at(tok.idx)
            if n is None:
                continue
            owner = self._owner(tok, owners)
            lo = min(t.idx for t in tok.subtree)
            hi = max(t.idx + len(t) for t in tok.subtree)
            if owner is None:
                clause = tok.head
                if lemma not in PROPOSAL_NOUNS or tok.dep_ not in ("nsubj", "nsubjpass") \
                        or (clause.lemma_ or "").lower() not in CONTENT_VERBS \
                        or not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that")
                                   for c in tok.children):
                    continue
                earlier = [actor for back, actor in proposers
                           if back is not None and n - 2 <= back <= n]
                if not earlier:
                    continue
                actor_id = earlier[-1]
                lo = min(t.idx for t in clause.subtree)
                hi = max(t.idx + len(t) for t in clause.subtree)
                basis = "noun:proposal-content"
            else:
                actor_id = owner.actor_id
                basis = "noun:demand" if lemma in DEMAND_NOUNS else "noun:proposal"
                if lemma in PROPOSAL_NOUNS:
                    proposers.append((n, actor_id))
            kind = "demands" if lemma in DEMAND_NOUNS else "proposes"
            for match in self.matches.get(n, []):
                if lo <= match.start < hi:
                    out += self._sentence_stance(seen, actor_id, match, kind, n, basis)
        return out

    def _owner(self, tok: Any, owners: dict[int, Any]) -> Any:
        """The actor mention that owns a noun: "Trump's plan", "the Lutherian offer"."""
        for c in tok.children:
            if c.dep_ in ("poss", "amod", "compound"):
                for start, m in owners.items():
                    if start <= c.idx < m.where.end:
                        return m
        return None

    def _sentence_at(self, at: int) -> int | None:
        return next((i for i, (a, b) in enumerate(self.sentences) if a <= at < b), None)

    def _sentence_stance(self, seen: set[tuple[str, str, str, int]], actor: str,
                         match: IssueMatch, stance: str, n: int, basis: str,
                         confidence: float = 0.6) -> list[Stance]:
        """A stance read from sentence ``n`` (no event behind it), unless already seen."""
        start, end = self.sentences[n]
        key = (actor, match.issue, stance, start)
        if key in seen:
            return []
        seen.add(key)
        return [Stance(
            actor_id=actor, issue=match.issue, stance=stance,
            text=self.doc.text[start:end], where=Provenance(self.doc.id, start, end, STAGE),
            issue_text=self.doc.text[match.start:match.end],
            issue_where=Provenance(self.doc.id, match.start, match.end, STAGE),
            basis=basis, confidence=confidence)]

    def _agenda_items(self, seen: set[tuple[str, str, str, int]]) -> list[Stance]:
        """An agenda item given in one party's words ("the agenda has three items: ...,
        and what the Lutherian papers call 'border questions'") is that party's item:
        it proposes it."""
        out: list[Stance] = []
        if self.parsed is None:
            return out
        owners = {m.where.start: m for m in self.doc.mentions if m.actor_id}
        for tok in self.tokens:
            if tok.pos_ != "VERB" or (tok.lemma_ or "").lower() not in NAMING_VERBS:
                continue
            if not any((t.lemma_ or "").lower() in AGENDA_NOUNS for t in tok.sent):
                continue
            subj = [c for c in tok.children if c.dep_ == "nsubj"]
            if not subj:
                continue
            owner = self._owner(subj[0], owners) or next(
                (m for start, m in owners.items() if start <= subj[0].idx < m.where.end), None)
            n = self._sentence_at(tok.idx)
            if owner is None or n is None:
                continue
            named = [c for c in tok.children if c.dep_ in ("oprd", "dobj", "attr", "xcomp")
                     and c.pos_ != "PRON"]
            for item in named:
                lo = min(t.idx for t in item.subtree)
                hi = max(t.idx + len(t) for t in item.subtree)
                for match in self.matches.get(n, []):
                    if lo <= match.start < hi:
                        out += self._sentence_stance(seen, owner.actor_id, match, "proposes",
                                                     n, "agenda:named-by")
        return out

    def _price_refusals(self, seen: set[tuple[str, str, str, int]], earlier: list[Stance]
                        ) -> list[Stance]:
        """"will not pay for a ceasefire with X": refusing the price of an issue rejects
        the condition another party just attached to it (its latest demand, a few
        sentences back, in a sentence that also names the issue)."""
        out: list[Stance] = []
        if self.parsed is None:
            return out
        owners = {m.where.start: m for m in self.doc.mentions if m.actor_id}
        for tok in self.tokens:
            if (tok.lemma_ or "").lower() != "pay" or not any(
                    c.dep_ == "neg" for c in tok.children):
                continue
            n = self._sentence_at(tok.idx)
            subj = [c for c in tok.children if c.dep_ == "nsubj"]
            if n is None or not subj:
                continue
            lo = min(t.idx for t in subj[0].subtree)
            hi = max(t.idx + len(t) for t in subj[0].subtree)
            actor = next((m.actor_id for start, m in owners.items() if lo <= start < hi), None)
            bought = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "for"
                      for p in c.children if p.dep_ == "pobj"]
            if actor is None or not bought:
                continue
            b_lo = min(t.idx for t in bought[0].subtree)
            b_hi = max(t.idx + len(t) for t in bought[0].subtree)
            goals = {m.issue for m in self.matches.get(n, []) if b_lo <= m.start < b_hi}
            prices = [st for st in earlier if st.stance == "demands" and st.actor_id != actor
                      and st.issue not in goals and (back := self._sentence_at(st.where.start))
                      is not None and n - PRICE_WINDOW <= back < n
                      and any(m.issue in goals for m in self.matches.get(back, []))]
            if not goals or not prices:
                continue
            price = max(prices, key=lambda st: st.where.start)
            match = IssueMatch(price.issue, price.issue_where.start, price.issue_where.end)
            start, end = self.sentences[n]
            key = (actor, price.issue, "rejects", start)
            if key in seen:
                continue
            seen.add(key)
            out.append(Stance(
                actor_id=actor, issue=price.issue, stance="rejects",
                text=self.doc.text[start:end], where=Provenance(self.doc.id, start, end, STAGE),
                issue_text=self.doc.text[match.start:match.end],
                issue_where=Provenance(self.doc.id, match.start, match.end, STAGE),
                basis="refused-price", confidence=0.5))
        return out

    def _necessities(self, seen: set[tuple[str, str, str, int]]) -> list[Stance]:
        """What a speaker calls necessary, they demand: "only a halt to X can bring
        peace", "X is essential", "X remains a precondition" (in the speaker's quote)."""
        out: list[Stance] = []
        if self.parsed is None:
            return out
        for quote in self.doc.quotes:
            if not quote.speaker_id:
                continue
            span = self.parsed.char_span(quote.where.start, quote.where.end,
                                         alignment_mode="expand")
            for tok in span if span is not None else ():
                if tok.pos_ not in ("VERB", "AUX"):
                    continue
                subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
                if not subj:
                    continue
                words = {t.lower_ for t in subj[0].subtree}
                modal = any(c.dep_ == "aux" and c.lower_ in MODALS for c in tok.children)
                only = "only" in words or any(c.dep_ == "advmod" and c.lower_ == "only"
                                              and c.i < subj[0].i for c in tok.children)
                needed = any(c.dep_ in ("acomp", "attr") and (c.lemma_ or "").lower()
                             in NECESSARY for c in tok.children)
                if not ((only and modal) or needed):
                    continue
                lo = min(t.idx for t in subj[0].subtree)
                hi = max(t.idx + len(t) for t in subj[0].subtree)
                n = self._sentence_at(tok.idx)
                if n is None:
                    continue
                for match in self.matches.get(n, []):
                    if lo <= match.start < hi and not match.opposite:
                        out += self._sentence_stance(seen, quote.speaker_id, match,
                                                     "demands", n, "quote:necessity")
        return out

    def _lift_issue(self, issue_id: str) -> bool:
        return any(i.id == issue_id and i.polarity == "lift" for i in self.issues)

    def _record(self, event: Event, actor: str, match: IssueMatch, stance: str) -> Stance:
        where = Provenance(self.doc.id, event.where.start, event.where.end, STAGE)
        return Stance(
            actor_id=actor,
            issue=match.issue,
            stance=stance,
            text=event.text,
            where=where,
            issue_text=self.doc.text[match.start:match.end],
            issue_where=Provenance(self.doc.id, match.start, match.end, STAGE),
            condition=event.condition,
            basis=f"event:{event.type}",
            modality=event.modality,
            confidence=round(event.confidence, 2),
        )


def stances_of(doc: Document, issues: Sequence[Issue] | None = None) -> tuple[Stance, ...]:
    """The stances a document states, from its events (see the module docstring)."""
    return _DocStances(doc, issues if issues is not None else load_issues()).stances()


@stage(
    STAGE,
    defaults={"issues": "default"},
    requires=("doc.parse", "doc.events"),
    produces=("doc.stances",),
)
def make_stances(issues: str) -> Callable[[list[Document]], list[Document]]:
    """Actors' stances on negotiation issues, with conditions and evidence."""
    load_issues(str(issues))  # fail at build time

    def run(batch: list[Document]) -> list[Document]:
        table = load_issues(str(issues))
        return [doc.evolve(stances=stances_of(doc, table)) for doc in batch]

    return run
