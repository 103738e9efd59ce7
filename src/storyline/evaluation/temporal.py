"""``storyline eval temporal``: temporal expressions scored on TimeML (TempEval-3).

Data: ``.tml`` files (TimeBank and AQUAINT, as distributed for TempEval-3) anywhere under
``data_dir``. Each file's ``<TEXT>`` element, with its tags stripped and its entities
unescaped, is the text the tagger sees; gold expressions are its ``TIMEX3`` elements (with
their character offsets in that text), and the document creation time (DCT) is the
``TIMEX3`` with ``functionInDocument="CREATION_TIME"``, which becomes the document's
``published`` date. The text then runs through the configured ``parse`` and ``timex``
stages, exactly as ``storyline analyze`` would run them after cleaning.

Metrics (the TempEval-3 definitions, as in its ``TE3-evaluation.py``):

* ``precision``, ``recall``, ``f1``: detection with **relaxed** matching: a system
  expression matches a gold one when their character spans overlap (each matched at most
  once, largest overlap first).
* ``precision_strict``, ``recall_strict``, ``f1_strict``: detection with **strict**
  matching: identical spans.
* ``value_accuracy``: among relaxed matches whose gold type is DATE or TIME, the share
  whose system ``value`` equals the gold ``value`` exactly (the acceptance metric; unresolved
  values count as wrong).
* ``value_accuracy_all``: the same over all four types.
* ``value_f1``: TempEval-3's attribute F1 for ``value``: a system expression counts as a
  true positive when it matches a gold one (relaxed) *and* has its exact value, over all
  types; ``value_f1 = 2·TP / (n_system + n_gold)``, equal to ``f1 × value_accuracy_all``.
  This is the number TempEval-3 ranked normalisation by (HeidelTime 77.61 and SUTime 67.38
  on the platinum test set; this development set is TimeBank + AQUAINT).
* ``type_accuracy``: among relaxed matches, the share with the gold type.

``details`` holds per-type counts and value accuracy and, with ``--details``, every
value error, miss and false alarm with its file.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.config import Config, load_config
from storyline.evaluation import EvalResult, prf, safe_div
from storyline.model import Document, TimeExpr

__all__ = ["GoldTimex", "TimeMLDoc", "evaluate", "read_timeml", "score"]

TYPES = ("DATE", "TIME", "DURATION", "SET")
VALUE_TYPES = {"DATE", "TIME"}

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
_ATTR = re.compile(r'([A-Za-z_:]+)="([^"]*)"')


@dataclass(frozen=True)
class GoldTimex:
    """A gold TIMEX3: its span in the stripped text, type and value."""

    start: int
    end: int
    text: str
    type: str
    value: str
    tid: str = ""


@dataclass(frozen=True)
class TimeMLDoc:
    """A TimeML document: the stripped ``<TEXT>``, its creation time and gold timexes."""

    name: str
    text: str
    dct: str
    timexes: tuple[GoldTimex, ...]


def read_timeml(path: Path | str) -> TimeMLDoc:
    """Parse one ``.tml`` file (offsets index the tag-stripped, unescaped ``<TEXT>``)."""
    path = Path(path)
    raw = path.read_text("utf-8")
    dct = ""
    for m in re.finditer(r"<TIMEX3\b([^>]*)>", raw):
        attrs = dict(_ATTR.findall(m[1]))
        if attrs.get("functionInDocument") == "CREATION_TIME":
            dct = attrs.get("value", "")
            break
    start_tag = raw.find("<TEXT>")
    end_tag = raw.find("</TEXT>")
    if start_tag == -1 or end_tag == -1:
        raise ValueError(f"{path.name}: no <TEXT> element")
    body = raw[start_tag + len("<TEXT>") : end_tag]
    parts: list[str] = []
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    gold: list[GoldTimex] = []
    pos = 0
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos : m.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name = m[1] == "/", m[2]
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(m[3])))
        elif open_timex is not None:
            begin, attrs = open_timex
            open_timex = None
            text = "".join(parts)[begin:length]
            gold.append(
                GoldTimex(
                    begin,
                    length,
                    text,
                    attrs.get("type", ""),
                    attrs.get("value", ""),
                    attrs.get("tid", ""),
                )
            )
    parts.append(html.unescape(body[pos:]))
    return TimeMLDoc(path.stem, "".join(parts), dct, tuple(gold))


def _files(data_dir: Path) -> list[Path]:
    return sorted(data_dir.rglob("*.tml"))


def tag_documents(docs: Sequence[TimeMLDoc], config: Config | None = None) -> list[list[TimeExpr]]:
    """Run the configured ``parse`` and ``timex`` stages over the texts, anchored on the DCT."""
    from storyline.registry import get_stage

    config = config or load_config()
    parse = get_stage("parse").make(config.stage_settings("parse"))
    timex = get_stage("timex").make(config.stage_settings("timex"))
    batch = [
        Document.from_text(d.text, name=d.name, text=d.text, published=d.dct[:10] or None)
        for d in docs
    ]
    out: list[list[TimeExpr]] = []
    size = 16
    for start in range(0, len(batch), size):
        done = timex(parse(batch[start : start + size]))
        out.extend(list(doc.timexes) for doc in done)
    return out


def _match(gold: Sequence[GoldTimex], system: Sequence[TimeExpr]) -> list[tuple[int, int]]:
    """Relaxed one-to-one matching: overlapping spans, largest overlap first."""
    pairs = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            overlap = min(g.end, s.where.end) - max(g.start, s.where.start)
            if overlap > 0:
                pairs.append((overlap, gi, si))
    used_g: set[int] = set()
    used_s: set[int] = set()
    out = []
    for _overlap, gi, si in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        out.append((gi, si))
    return out


def score(
    docs: Sequence[TimeMLDoc], system: Sequence[Sequence[TimeExpr]], keep_items: bool = False
) -> EvalResult:
    """Score system expressions against the gold of each document."""
    n_gold = n_sys = relaxed = strict = 0
    value_ok = Counter[str]()
    type_ok = 0
    matched_by_type = Counter[str]()
    gold_by_type = Counter[str]()
    sys_by_type = Counter[str]()
    errors: list[dict[str, Any]] = []
    misses: list[dict[str, Any]] = []
    false_alarms: list[dict[str, Any]] = []
    unresolved = 0
    for doc, found in zip(docs, system, strict=True):
        n_gold += len(doc.timexes)
        n_sys += len(found)
        for g in doc.timexes:
            gold_by_type[g.type] += 1
        for s in found:
            sys_by_type[s.type] += 1
        pairs = _match(doc.timexes, found)
        matched_g = {gi for gi, _ in pairs}
        matched_s = {si for _, si in pairs}
        for gi, si in pairs:
            g, s = doc.timexes[gi], found[si]
            relaxed += 1
            strict += (g.start, g.end) == (s.where.start, s.where.end)
            matched_by_type[g.type] += 1
            type_ok += g.type == s.type
            if s.value is None:
                unresolved += 1
            if s.value == g.value:
                value_ok[g.type] += 1
            elif keep_items:
                errors.append(
                    {
                        "file": doc.name,
                        "dct": doc.dct,
                        "gold": g.text,
                        "gold_type": g.type,
                        "gold_value": g.value,
                        "system": s.text,
                        "system_type": s.type,
                        "system_value": s.value,
                    }
                )
        if keep_items:
            misses += [
                {"file": doc.name, "text": g.text, "type": g.type, "value": g.value}
                for gi, g in enumerate(doc.timexes)
                if gi not in matched_g
            ]
            false_alarms += [
                {"file": doc.name, "text": s.text, "type": s.type, "value": s.value}
                for si, s in enumerate(found)
                if si not in matched_s
            ]
    precision, recall, f1 = prf(relaxed, n_sys, n_gold)
    p_strict, r_strict, f1_strict = prf(strict, n_sys, n_gold)
    matched_vt = sum(matched_by_type[t] for t in VALUE_TYPES)
    ok_vt = sum(value_ok[t] for t in VALUE_TYPES)
    ok_all = sum(value_ok.values())
    metrics: dict[str, float | int | None] = {
        "value_accuracy": round(safe_div(ok_vt, matched_vt), 4),
        "f1": round(f1, 4),
        "f1_strict": round(f1_strict, 4),
        "value_f1": round(safe_div(2 * ok_all, n_sys + n_gold), 4),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "precision_strict": round(p_strict, 4),
        "recall_strict": round(r_strict, 4),
        "value_accuracy_all": round(safe_div(ok_all, relaxed), 4),
        "type_accuracy": round(safe_div(type_ok, relaxed), 4),
        "gold": n_gold,
        "system": n_sys,
    }
    per_type: dict[str, dict[str, float | int]] = defaultdict(dict)
    for t in TYPES:
        per_type[t] = {
            "gold": gold_by_type[t],
            "system": sys_by_type[t],
            "matched": matched_by_type[t],
            "recall": round(safe_div(matched_by_type[t], gold_by_type[t]), 4),
            "value_accuracy": round(safe_div(value_ok[t], matched_by_type[t]), 4),
        }
    details: dict[str, Any] = {"per_type": dict(per_type), "unresolved_matches": unresolved}
    if keep_items:
        details.update(value_errors=errors, misses=misses, false_alarms=false_alarms)
    notes = [
        "relaxed match = overlapping spans; value_accuracy over matched gold DATE+TIME; "
        "value_f1 = TempEval-3 attribute F1 (HeidelTime 77.61, SUTime 67.38 on the platinum "
        "test set)"
    ]
    return EvalResult("temporal", n_gold, metrics, details, notes)


def evaluate(
    data_dir: Path | str,
    *,
    limit: int | None = None,
    config: Config | None = None,
    details: bool = True,
) -> EvalResult:
    """Read every ``.tml`` file under ``data_dir``, tag it, score it.

    limit (int | None): score only the first N files (sorted by path).
    """
    data_dir = Path(data_dir)
    files = _files(data_dir)
    if not files:
        raise ValueError(f"no .tml files under {data_dir}")
    if limit is not None:
        files = files[:limit]
    docs = [read_timeml(f) for f in files]
    system = tag_documents(docs, config)
    result = score(docs, system, keep_items=details)
    result.notes.append(f"{len(docs)} documents from {data_dir}")
    return result
