"""Quote extraction scored on the seed gold (``gold/seeds/quotes.json``).

The gold lists, per seed file, direct quotes (``text`` is the exact string between the
quote marks) and attributed indirect speech (``text`` is the annotator's paraphrase, so
it has no position), each with a canonical ``speaker`` and the ``speaker_surface`` the
text uses. Matching:

- **Direct quotes.** A gold quote is located by its exact text in the document's clean
  text (every occurrence is a possible location). A predicted direct quote matches it
  when the prediction's span covers at least half of the gold's word tokens (``\\w+``
  runs; a token counts when any of its characters lies in the span). Matching is one to
  one, each gold quote taking the best-covering unused prediction, in gold order.
  ``direct_precision`` is matched predictions over predictions, ``direct_recall``
  matched gold over gold. Gold entries flagged ``heading`` (a sub-heading in quote
  marks) are not quotes to find: they leave the gold, and a prediction on one counts
  as a false positive.
- **Speakers** agree when the predicted speaker and the gold speaker share a name word
  (case-folded; possessive ``'s``, articles, pronouns and role words such as
  "president" or "leader" removed). The predicted speaker's words are the resolved
  actor's name (``speaker_id`` looked up in ``doc.actors``, else the id's slug), or, when
  the speaker is unresolved, its ``speaker_text`` — so an unresolved "he" or "the
  president" never agrees. The gold speaker's words are its canonical name plus the
  names of entities the gold entity list (``entities.json`` beside the quotes file,
  when present) marks as metonyms for it, or that it is a metonym of (Kyiv and Ukraine,
  the Kremlin and Russia): the ``actors`` stage resolves a metonym to its country.
  ``speaker_accuracy`` is the share of matched direct pairs whose speakers agree.
- **Indirect quotes.** A gold indirect quote matches a predicted ``indirect`` or
  ``mixed`` quote of the same document when their speakers agree and at least half of
  the gold paraphrase's content words occur in the prediction's *evidence*: the
  sentences its content and speaker spans touch. Content words are case-folded ``\\w+``
  runs minus stop words, cut to their first five letters so that a paraphrase's
  "criticised" meets the text's "criticized". One to one, best score first.
  ``indirect_precision`` and ``indirect_recall`` are computed as for direct quotes; the
  gold is selective (it lists the reports an annotator found worth recording), so
  precision is a lower bound.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.config import Config, load_config
from storyline.evaluation import EvalResult, safe_div
from storyline.model import Document, Quote

__all__ = [
    "DIRECT_MIN_COVER",
    "INDIRECT_MIN_SCORE",
    "analyze_for_quotes",
    "content_stems",
    "evaluate",
    "gold_speaker_words",
    "name_words",
    "predicted_speaker_words",
    "score_documents",
]

DIRECT_MIN_COVER = 0.5  # the task's definition: overlap of at least 50% of gold tokens
INDIRECT_MIN_SCORE = 0.5  # share of the paraphrase's content words found in the evidence
STEM = 5  # letters kept per content word

_WORD = re.compile(r"\w+")
_STOP = {
    "a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "but", "is", "are", "was",
    "were", "be", "been", "has", "have", "had", "it", "its", "that", "this", "with", "as",
    "at", "by", "from", "will", "would", "should", "could", "can", "may", "might", "not",
    "he", "she", "they", "them", "his", "her", "their", "we", "our", "us", "you", "i",
    "him", "after", "before", "also", "about", "s", "which", "who", "there",
}
# Words of a description rather than a name: they never make two speakers the same.
_ROLE = {
    "president", "vice", "leader", "leaders", "minister", "prime", "chancellor", "deputy",
    "foreign", "defense", "defence", "policy", "chief", "envoy", "diplomat", "dictator",
    "guide", "consultant", "adviser", "advisor", "top", "spokesman", "spokeswoman",
    "secretary", "official", "officials", "head", "statement", "unnamed", "cited",
    "some", "recent", "mr", "mrs", "ms", "dr", "u", "s",
}
_PRONOUNS = {"he", "she", "him", "her", "they", "them", "it", "we", "us", "i", "you", "his",
             "its", "their"}


def name_words(text: str | None) -> set[str]:
    """Case-folded name words: articles, pronouns and role words removed."""
    if not text:
        return set()
    text = re.sub(r"['’]s\b", "", text).replace(".", "")
    words = {w.lower() for w in _WORD.findall(text)}
    return words - _STOP - _ROLE - _PRONOUNS


def content_stems(text: str) -> set[str]:
    """Content words of a text, cut to their first letters (see the module docstring)."""
    words = (w.lower() for w in _WORD.findall(text))
    return {w[:STEM] for w in words if (w not in _STOP and not w.isdigit()) or w.isdigit()}


def gold_speaker_words(speaker: str | None, metonyms: dict[str, list[str]]) -> set[str]:
    """Name words of a gold speaker and of the entities that stand for it."""
    words = name_words(re.sub(r"\(.*?\)", " ", speaker or ""))
    for other in metonyms.get(speaker or "", []):
        words |= name_words(other)
    return words


def predicted_speaker_words(quote: Quote, doc: Document) -> set[str]:
    """Name words of a predicted speaker: its resolved actor's, else its own text's."""
    if quote.speaker_id:
        actor = next((a for a in doc.actors if a.id == quote.speaker_id), None)
        if actor is not None:
            return name_words(actor.name)
        slug = quote.speaker_id.split(":", 1)[-1]
        return name_words(re.sub(r"[-_]", " ", slug))
    return name_words(quote.speaker_text)


def _metonyms(gold_path: Path) -> dict[str, list[str]]:
    entities = gold_path.parent / "entities.json"
    if not entities.is_file():
        return {}
    out: dict[str, list[str]] = {}
    for entity in json.loads(entities.read_text(encoding="utf-8")):
        target = entity.get("refers_to")
        if target and "metonym" in str(entity.get("type", "")):
            out.setdefault(target, []).append(entity["canonical"])
            out.setdefault(entity["canonical"], []).append(target)
    return out


def _token_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start() + start, m.end() + start) for m in _WORD.finditer(text[start:end])]


def _cover(gold_tokens: Sequence[tuple[int, int]], start: int, end: int) -> float:
    if not gold_tokens:
        return 0.0
    hit = sum(1 for s, e in gold_tokens if s < end and start < e)
    return hit / len(gold_tokens)


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    out, at = [], text.find(needle)
    while at >= 0 and needle:
        out.append((at, at + len(needle)))
        at = text.find(needle, at + 1)
    return out


@dataclass
class _Tally:
    direct_gold: int = 0
    direct_pred: int = 0
    direct_tp: int = 0
    direct_pred_tp: int = 0
    speaker_ok: int = 0
    indirect_gold: int = 0
    indirect_pred: int = 0
    indirect_tp: int = 0


def _evidence(doc: Document, quote: Quote) -> str:
    spans = [(quote.where.start, quote.where.end)]
    if quote.speaker_where is not None:
        spans.append((quote.speaker_where.start, quote.speaker_where.end))
    parts = []
    for sentence in doc.sentences:
        s, e = sentence.where.start, sentence.where.end
        if any(s < b and a < e for a, b in spans):
            parts.append(sentence.text)
    return " ".join(parts) or doc.text[quote.where.start:quote.where.end]


def score_documents(
    docs: Iterable[Document], gold: Sequence[dict[str, Any]], metonyms: dict[str, list[str]]
) -> tuple[dict[str, float | int | None], dict[str, Any]]:
    """Metrics and per-document misses for analysed documents against gold entries."""
    by_name = {doc.name: doc for doc in docs}
    tally = _Tally()
    details: dict[str, Any] = {}
    for name in sorted({g["doc"] for g in gold}):
        doc = by_name.get(name)
        entries = [g for g in gold if g["doc"] == name]
        if doc is None:
            raise ValueError(f"gold document {name} was not analysed")
        misses = _score_doc(doc, entries, metonyms, tally)
        if misses:
            details[name] = misses
    direct_precision = safe_div(tally.direct_pred_tp, tally.direct_pred)
    direct_recall = safe_div(tally.direct_tp, tally.direct_gold)
    metrics: dict[str, float | int | None] = {
        "direct_precision": direct_precision,
        "direct_recall": direct_recall,
        "speaker_accuracy": safe_div(tally.speaker_ok, tally.direct_tp),
        "indirect_precision": safe_div(tally.indirect_tp, tally.indirect_pred),
        "indirect_recall": safe_div(tally.indirect_tp, tally.indirect_gold),
        "direct_gold": tally.direct_gold,
        "direct_predicted": tally.direct_pred,
        "indirect_gold": tally.indirect_gold,
        "indirect_predicted": tally.indirect_pred,
    }
    return metrics, details


def _score_doc(doc: Document, entries: list[dict[str, Any]], metonyms: dict[str, list[str]],
               tally: _Tally) -> dict[str, list[str]]:
    text = doc.text
    misses: dict[str, list[str]] = {"direct_missed": [], "direct_extra": [],
                                    "speaker_wrong": [], "indirect_missed": []}
    # -- direct
    headings = [g for g in entries if g["kind"] == "direct" and "heading" in g.get("flags", [])]
    gold_direct = [g for g in entries if g["kind"] == "direct" and g not in headings]
    predicted = [q for q in doc.quotes if q.kind == "direct"]
    tally.direct_gold += len(gold_direct)
    tally.direct_pred += len(predicted)
    used: set[int] = set()
    for g in gold_direct:
        best: tuple[float, int] | None = None
        for start, end in _occurrences(text, g["text"]):
            tokens = _token_spans(text, start, end)
            for k, q in enumerate(predicted):
                if k in used:
                    continue
                cover = _cover(tokens, q.where.start, q.where.end)
                if cover >= DIRECT_MIN_COVER and (best is None or cover > best[0]):
                    best = (cover, k)
        if best is None:
            misses["direct_missed"].append(f"{g['id']}: {g['text'][:60]}")
            continue
        used.add(best[1])
        tally.direct_tp += 1
        quote = predicted[best[1]]
        if predicted_speaker_words(quote, doc) & gold_speaker_words(g["speaker"], metonyms):
            tally.speaker_ok += 1
        else:
            misses["speaker_wrong"].append(
                f"{g['id']}: gold {g['speaker']!r}, got {quote.speaker_text!r} "
                f"({quote.speaker_id})")
    tally.direct_pred_tp += len(used)
    for k, q in enumerate(predicted):
        if k not in used:
            misses["direct_extra"].append(q.text[:60])
    # -- indirect
    gold_indirect = [g for g in entries if g["kind"] == "indirect"]
    reported = [q for q in doc.quotes if q.kind in ("indirect", "mixed")]
    tally.indirect_gold += len(gold_indirect)
    tally.indirect_pred += len(reported)
    evidence = [content_stems(_evidence(doc, q)) for q in reported]
    speakers = [predicted_speaker_words(q, doc) for q in reported]
    pairs = []
    for gi, g in enumerate(gold_indirect):
        stems = content_stems(g["text"])
        want = gold_speaker_words(g["speaker"], metonyms)
        for k in range(len(reported)):
            if not speakers[k] & want or not stems:
                continue
            score = len(stems & evidence[k]) / len(stems)
            if score >= INDIRECT_MIN_SCORE:
                pairs.append((score, gi, k))
    taken_gold: set[int] = set()
    taken_pred: set[int] = set()
    for _score, gi, k in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if gi in taken_gold or k in taken_pred:
            continue
        taken_gold.add(gi)
        taken_pred.add(k)
    tally.indirect_tp += len(taken_gold)
    for gi, g in enumerate(gold_indirect):
        if gi not in taken_gold:
            misses["indirect_missed"].append(f"{g['id']}: {g['speaker']}: {g['text'][:60]}")
    return {k: v for k, v in misses.items() if v}


def analyze_for_quotes(docs: Sequence[Document], config: Config | None = None, *,
                       stages: Sequence[str] | None = None, batch_size: int = 16
                       ) -> tuple[list[Document], list[str]]:
    """Run the document stages through ``quotes``; notes say what was left out.

    stages: the stages to run, in order; by default the configured pipeline up to
        ``quotes`` (or, when the configuration has no ``quotes`` stage yet, its stages
        with ``actors``, when registered, and ``quotes`` appended). A caller whose
        documents already have clean text starts from ``parse``. The stages run as
        ``storyline analyze`` runs them, one batch at a time; only the pipeline's
        contract check is left out, since documents may enter with clean text.
    """
    from storyline.registry import STAGES, get_stage

    config = config or load_config()
    get_stage("parse")  # loads the built-in registrations
    if stages is None:
        names = config.stage_names
        if "quotes" in names:
            stages = names[: names.index("quotes") + 1]
        else:
            stages = [n for n in names if STAGES[n].kind == "document"]
            if "actors" in STAGES and "actors" not in stages:
                stages.append("actors")
            stages.append("quotes")
    notes = []
    if "actors" not in stages:
        notes.append("no actors stage: speakers keep their spans but get no actor ids")
    built = [get_stage(name).make(config.stage_settings(name)) for name in stages]
    out: list[Document] = []
    for start in range(0, len(docs), batch_size):
        batch = list(docs[start : start + batch_size])
        for run in built:
            batch = run(batch)
        out.extend(doc.without_transients() for doc in batch)
    return out, notes


def evaluate(seeds: Path, gold: Path, *, config: Config | None = None) -> EvalResult:
    """Analyse the seed files named in the gold and score their quotes.

    seeds (Path): folder of the seed articles.
    gold (Path): ``quotes.json``; ``entities.json`` beside it supplies metonyms.
    RETURNS (EvalResult): the five metrics and counts; misses per document in details.
    """
    from storyline.evaluation.runner import load_documents

    entries = json.loads(Path(gold).read_text(encoding="utf-8"))
    # "feed.rss#item-id" names one record of a multi-record file
    files = sorted({g["doc"].split("#", 1)[0] for g in entries})
    missing = [n for n in files if not (Path(seeds) / n).is_file()]
    if missing:
        raise ValueError(f"seed files not found in {seeds}: {', '.join(missing)}")
    docs, notes = analyze_for_quotes(load_documents([Path(seeds) / n for n in files]), config)
    metrics, details = score_documents(docs, entries, _metonyms(Path(gold)))
    notes.append("direct: span covers >= 50% of gold tokens; indirect: speaker agrees and "
                 ">= 50% of the paraphrase's content words are in the evidence sentences")
    return EvalResult(task="quotes", n=len(entries), metrics=metrics, details=details,
                      notes=notes)
