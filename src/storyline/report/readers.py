"""Read the store's tables into plain item dicts: the one place that knows column names.

The report, the dashboard, the JSON API and the notebook API all read through
:class:`Corpus` here, then shape the items in :mod:`storyline.report.views`. Stages land
at different times, so every table is optional: a reader returns ``[]`` when its table
is missing or empty, and the views then say that the section has no data.

Tables are found in :data:`storyline.store.schema.metadata` first; a table some stage
created without declaring it there is reflected from the database, so a new stage's
output shows up as soon as it is written. Columns are read with ``row.get`` and a few
accepted spellings (``group_id`` or ``claim_group``), so a renamed column degrades one
field, not the page.

The shapes read (each table optional; the names in ``schema`` as they landed):

- ``events``: provenance columns plus ``type, text, trigger, source_ids, target_ids,
  source_text, target_text, source_country, target_country, mode, context, negated,
  modality, condition, location, date_text, confidence`` (list columns as JSON arrays
  or space-separated ids), mirroring :class:`storyline.model.Event`;
- ``stances``: provenance columns plus ``actor_id, issue, stance, issue_text,
  condition, basis, modality, confidence`` (:class:`storyline.model.Stance`);
- ``positions``: ``id | position_id, group_id, actor_id, issue, stance, docs,
  condition, first_date, last_date, seq, previous``, evidence in an ``evidence`` JSON
  column or a ``position_evidence`` table (``position_id, doc_id, start_char,
  end_char``) (:class:`storyline.model.Position`);
- ``claim_groups``: ``group_id, cluster_id, label, status, conflicts, flags,
  n_sources``; members in ``claim_group_members`` (``group_id, doc_id, claim_idx,
  start_char, end_char, role``: supports | contradicts), or ``claims`` rows carrying
  ``group_id`` and ``role``; the claim's text comes from ``claims``;
- reliability signals: ``signals`` (or ``reliability``): ``doc_id`` and/or ``outlet``,
  ``signal, value, note``, and a cited span in ``start_char``/``end_char`` (-1: none).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cached_property
from typing import Any

from sqlalchemy import MetaData, Table, func, inspect, select

from storyline.store import Store, schema

__all__ = [
    "CLAIM_STATUSES",
    "Corpus",
    "anchor",
    "as_list",
    "normal_status",
    "safe_url",
]

Row = dict[str, Any]

# Claim statuses as the claims stage names them, in the order a reader should see them.
CLAIM_STATUSES = ("corroborated", "contested", "single-source", "added-by-derivative")
_STATUS_ALIASES = {
    "corroborated": "corroborated",
    "confirmed": "corroborated",
    "contested": "contested",
    "contradicted": "contested",
    "disputed": "contested",
    "conflict": "contested",
    "single-source": "single-source",
    "single_source": "single-source",
    "single": "single-source",
    "unverified": "single-source",
    "added-by-derivative": "added-by-derivative",
    "added_by_derivative": "added-by-derivative",
    "derivative-only": "added-by-derivative",
    "derivative": "added-by-derivative",
}


def normal_status(value: Any) -> str:
    """A claim status in the report's vocabulary; unknown values pass through."""
    text = str(value or "").strip().lower()
    return _STATUS_ALIASES.get(text, text or "unknown")


def as_list(value: Any) -> list[str]:
    """A list column: a JSON array, space- or comma-separated ids, or nothing."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v is not None and str(v)]
    text = str(value).strip()
    if not text:
        return []
    if text.startswith("["):
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if isinstance(data, list):
            return [str(v) for v in data if v is not None and str(v)]
    sep = "," if "," in text else None
    return [part.strip() for part in text.split(sep) if part.strip()]


def anchor(doc_id: str, sentence: int | None) -> str:
    """The in-page anchor of a sentence (``doc-<id>-s<idx>``) or of a whole article."""
    return f"doc-{doc_id}" if sentence is None else f"doc-{doc_id}-s{sentence}"


def safe_url(url: str | None) -> str | None:
    """An article URL fit for an ``href``: http(s) only, so ``javascript:`` never links."""
    if not url:
        return None
    text = url.strip()
    return text if text.lower().startswith(("http://", "https://")) else None


def _first(row: Row, *names: str, default: Any = None) -> Any:
    for name in names:
        value = row.get(name)
        if value is not None and value != "":
            return value
    return default


def _condition(value: Any) -> str | None:
    """A condition clause without its leading "if" (templates say "if ...")."""
    text = str(value or "").strip()
    for lead in ("if ", "If "):
        if text.startswith(lead):
            text = text[len(lead):]
    return text or None


def _registry_entry(actor_id: str) -> Any:
    """The actor registry's entry for an id, or None (no registry, unknown id)."""
    try:
        from storyline.extract.actor_registry import load_registry

        return load_registry().entries.get(actor_id)
    except Exception:  # a name is a nicety: the id still shows
        return None


def _kind_of_slot(slot: str) -> str:
    """A claim group's kind from its slot when no member row says (``stance:...``)."""
    head = slot.split(":", 1)[0]
    if head in ("event", "stance", "date", "statement"):
        return head
    return "statement" if head == "voice" else "quantity" if head else "unknown"


def _actor_ids_in_slot(slot: str, actors: dict[str, Any]) -> set[str]:
    """Actor ids a slot names (``event:CONSULT:-:a>b``, ``stance:issue:a``)."""
    return {t for t in re.split(r"[:>+#\s]", slot) if t in actors}


def _date10(value: Any) -> str | None:
    text = str(value or "")[:10]
    return text if len(text) == 10 and text[4] == "-" else None


class Corpus:
    """Cached, read-only access to one store's tables as item dicts.

    store (Store): the store to read. Nothing is written.
    Every property reads its tables once; make a new object to see new data (the
    dashboard does when the store's :meth:`fingerprint` changes).
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._tables: dict[str, Table | None] = {}
        self._names: set[str] | None = None

    # -- tables --------------------------------------------------------------------

    def _db_tables(self) -> set[str]:
        if self._names is None:
            self._names = set(inspect(self.store.engine).get_table_names())
        return self._names

    def table(self, name: str) -> Table | None:
        """The table ``name`` if the database has it (declared or reflected), else None."""
        if name not in self._tables:
            found: Table | None = None
            if name in self._db_tables():
                found = schema.metadata.tables.get(name)
                if found is None:
                    try:
                        found = Table(name, MetaData(), autoload_with=self.store.engine)
                    except Exception:  # a table we cannot reflect is a table we skip
                        found = None
            self._tables[name] = found
        return self._tables[name]

    def rows(self, name: str, *names: str) -> list[Row]:
        """Every row of the first of the named tables that exists ([] if none does)."""
        for candidate in (name, *names):
            table = self.table(candidate)
            if table is None:
                continue
            order = list(table.primary_key.columns) or list(table.columns)[:1]
            with self.store.engine.connect() as conn:
                return [dict(r) for r in conn.execute(select(table).order_by(*order)).mappings()]
        return []

    def has(self, name: str) -> bool:
        """Whether ``name`` exists and has at least one row."""
        table = self.table(name)
        if table is None:
            return False
        with self.store.engine.connect() as conn:
            return conn.execute(select(table).limit(1)).first() is not None

    def fingerprint(self) -> tuple[Any, ...]:
        """Cheap summary of the store's content: changes when any table gains rows."""
        out: list[Any] = []
        names = sorted(self._db_tables_fresh())
        with self.store.engine.connect() as conn:
            for name in names:
                table = schema.metadata.tables.get(name)
                if table is None or not table.info.get("export", True):
                    continue
                out.append((name, conn.execute(select(func.count()).select_from(table))
                            .scalar_one()))
            out.append(tuple(n for n in names if n not in schema.metadata.tables))
            d = schema.documents.c
            out.append(conn.execute(select(func.max(d.seq))).scalar())
            out.append(conn.execute(select(func.count()).where(d.status == "analyzed"))
                       .scalar_one())
        return tuple(out)

    def _db_tables_fresh(self) -> set[str]:
        self._names = None
        return self._db_tables()

    # -- documents and sentences ---------------------------------------------------

    @cached_property
    def documents(self) -> dict[str, Row]:
        """Document metadata and clean text, by id, in insertion order."""
        d = schema.documents.c
        columns = [d.seq, d.id, d.name, d.url, d.title, d.outlet, d.author, d.published,
                   d.language, d.status, d.text, d.source_path, d.added_at]
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(*columns).order_by(d.seq)).mappings()
            out = {}
            for r in rows:
                row = dict(r)
                row["date"] = _date10(row["published"])
                row["url"] = safe_url(row["url"])
                row["display_title"] = row["title"] or row["name"] or row["id"]
                row["display_outlet"] = row["outlet"] or "Unknown outlet"
                out[row["id"]] = row
        for doc_id, date in self.inferred_dates.items():
            if doc_id in out and not out[doc_id]["date"]:
                out[doc_id]["date"] = date
                out[doc_id]["date_inferred"] = True
        return out

    @cached_property
    def inferred_dates(self) -> dict[str, str]:
        """Writing dates of undated documents, from the temporal module when present."""
        try:
            from storyline.extract.dates import infer_document_date
        except ImportError:
            return {}
        out: dict[str, str] = {}
        d = schema.documents.c
        with self.store.engine.connect() as conn:
            undated = conn.execute(
                select(d.id, d.text).where(d.published.is_(None) & (d.text != ""))
            ).all()
        for doc_id, text in undated:
            try:
                found = infer_document_date(text, doc_id=doc_id)
            except Exception:  # dating is a nicety: never let it break a report
                found = None
            value = getattr(found, "value", None)
            # Only a dateline is good enough to place an article on the timeline.
            if value and getattr(found, "confidence", 0.0) >= 0.85:
                out[doc_id] = str(value)[:10]
        return out

    @cached_property
    def sentences(self) -> dict[str, list[Row]]:
        """Sentences per document, in order (``idx``, ``start_char``, ``end_char``, ``text``)."""
        out: dict[str, list[Row]] = defaultdict(list)
        for row in self.rows("sentences"):
            out[row["doc_id"]].append(row)
        for items in out.values():
            items.sort(key=lambda r: r["idx"])
        return dict(out)

    @cached_property
    def _sentence_starts(self) -> dict[str, list[int]]:
        return {k: [s["start_char"] for s in v] for k, v in self.sentences.items()}

    def sentence_at(self, doc_id: str, start: int | None) -> int | None:
        """The index of the sentence holding character ``start`` of a document."""
        if start is None:
            return None
        starts = self._sentence_starts.get(doc_id)
        if not starts:
            return None
        pos = bisect_right(starts, start) - 1
        if pos < 0:
            return self.sentences[doc_id][0]["idx"]
        return self.sentences[doc_id][pos]["idx"]

    def cite(self, doc_id: str, start: int | None = None, end: int | None = None,
             sentence: int | None = None) -> Row:
        """A citation: document, sentence index, character span, and where it lives."""
        doc = self.documents.get(doc_id, {})
        if sentence is None:
            sentence = self.sentence_at(doc_id, start)
        if start is None and sentence is not None:
            for s in self.sentences.get(doc_id, []):
                if s["idx"] == sentence:
                    start, end = s["start_char"], s["end_char"]
                    break
        return {
            "doc_id": doc_id,
            "sentence": sentence,
            "start": start,
            "end": end,
            "anchor": anchor(doc_id, sentence),
            "outlet": doc.get("display_outlet", "Unknown outlet"),
            "title": doc.get("display_title", doc_id),
            "date": doc.get("date"),
        }

    def sentence_text(self, doc_id: str, idx: int | None) -> str:
        for s in self.sentences.get(doc_id, []):
            if s["idx"] == idx:
                return s["text"]
        return ""

    # -- actors --------------------------------------------------------------------

    @cached_property
    def actors(self) -> dict[str, Row]:
        """Canonical actors by id with how often the corpus mentions and quotes them."""
        out: dict[str, Row] = {}
        docs: dict[str, set[str]] = defaultdict(set)
        for row in self.rows("actors"):
            actor_id = row["actor_id"]
            docs[actor_id].add(row["doc_id"])
            if actor_id not in out:
                out[actor_id] = {
                    "id": actor_id,
                    "name": row.get("name") or actor_id,
                    "type": row.get("type"),
                    "country": row.get("country"),
                    "role": row.get("role"),
                    "source": row.get("source"),
                }
        mentions = Counter(r["actor_id"] for r in self.rows("mentions") if r.get("actor_id"))
        quotes = Counter(q["speaker_id"] for q in self.quotes if q["speaker_id"])
        for actor_id, row in out.items():
            row["docs"] = sorted(docs[actor_id])
            row["n_docs"] = len(docs[actor_id])
            row["n_mentions"] = mentions.get(actor_id, 0)
            row["n_quotes"] = quotes.get(actor_id, 0)
        return out

    def actor_name(self, actor_id: str | None, fallback: str | None = None) -> str:
        if actor_id and actor_id in self.actors:
            return str(self.actors[actor_id]["name"])
        if fallback:
            return fallback
        if actor_id:
            # Credited but never mentioned (an office holder's state): the registry's name.
            entry = _registry_entry(actor_id)
            if entry is not None:
                return str(entry.name)
            tail = actor_id.split(":", 1)[-1]
            return tail if tail.isupper() else tail.replace("-", " ").title()
        return "Unattributed"

    # -- linking -------------------------------------------------------------------

    @cached_property
    def clusters(self) -> list[Row]:
        """Event clusters with their member ids (in joining order)."""
        members: dict[str, list[Row]] = defaultdict(list)
        for row in self.rows("event_members"):
            members[row["cluster_id"]].append(row)
        out = []
        for row in self.rows("event_clusters"):
            items = sorted(members.get(row["cluster_id"], []), key=lambda r: r["seq"])
            ids = [r["doc_id"] for r in items if r["doc_id"] in self.documents]
            if not ids:
                continue
            out.append({
                "id": row["cluster_id"],
                "label": row.get("label") or row["cluster_id"],
                "first_date": row.get("first_date"),
                "last_date": row.get("last_date"),
                "members": ids,
            })
        return out

    @cached_property
    def cluster_of(self) -> dict[str, str]:
        return {doc_id: c["id"] for c in self.clusters for doc_id in c["members"]}

    @cached_property
    def origins(self) -> dict[str, Row]:
        """Per document: ``origin_id`` (its independent source), ``relation``, ``via``."""
        return {r["doc_id"]: r for r in self.rows("origins")}

    def origin_of(self, doc_id: str) -> str:
        """The independent source a document counts as (itself when unlinked)."""
        row = self.origins.get(doc_id)
        return str(row["origin_id"]) if row and row.get("origin_id") else doc_id

    @cached_property
    def derivations(self) -> list[Row]:
        return self.rows("derivations")

    @cached_property
    def added_spans(self) -> dict[str, list[Row]]:
        """Per derivative: the sentences it adds to its source (no counterpart there)."""
        out: dict[str, list[Row]] = defaultdict(list)
        for row in self.rows("derivation_evidence"):
            if row.get("kind") == "added":
                out[row["doc_id"]].append(row)
        return dict(out)

    def is_added(self, doc_id: str, start: int, end: int) -> Row | None:
        """The derivation evidence row when ``start:end`` lies in an added sentence."""
        for row in self.added_spans.get(doc_id, []):
            if row["start_char"] < end and start < row["end_char"]:
                return row
        return None

    # -- extracted items -----------------------------------------------------------

    @cached_property
    def quotes(self) -> list[Row]:
        out = []
        for r in self.rows("quotes"):
            flags = as_list(r.get("flags"))
            out.append({
                "doc_id": r["doc_id"],
                "idx": r.get("idx"),
                "text": r.get("text") or "",
                "kind": r.get("kind"),
                "speaker_id": r.get("speaker_id"),
                "speaker_text": r.get("speaker_text"),
                "cue": r.get("cue"),
                "reported_by": r.get("reported_by"),
                "flags": flags,
                "confidence": r.get("confidence"),
                "start": r.get("start_char"),
                "end": r.get("end_char"),
            })
        return self._in_doc_order(out)

    def _in_doc_order(self, items: list[Row]) -> list[Row]:
        """Items ordered as their documents were added, then by position in the text."""
        seq = {doc_id: i for i, doc_id in enumerate(self.documents)}
        return sorted(items, key=lambda r: (seq.get(r["doc_id"], len(seq)),
                                            r.get("start") or 0))

    @cached_property
    def coded_events(self) -> list[Row]:
        """PLOVER events (table ``events``), when the events stage stores them."""
        out = []
        for r in self.rows("events"):
            start, end = r.get("start_char"), r.get("end_char")
            sources = as_list(_first(r, "source_ids", "source_id", "sources"))
            targets = as_list(_first(r, "target_ids", "target_id", "targets"))
            out.append({
                "doc_id": r["doc_id"],
                "type": str(_first(r, "type", "event_type", "plover", default="")).upper(),
                "text": r.get("text") or "",
                "trigger": r.get("trigger"),
                "source_ids": sources,
                "target_ids": targets,
                "source_text": r.get("source_text"),
                "target_text": r.get("target_text"),
                "source_country": r.get("source_country"),
                "target_country": r.get("target_country"),
                "mode": r.get("mode"),
                "context": as_list(r.get("context")),
                "negated": bool(r.get("negated")),
                "modality": r.get("modality") or "actual",
                "condition": _condition(r.get("condition")),
                "confidence": r.get("confidence"),
                "start": start,
                "end": end,
            })
        return self._in_doc_order(out)

    @cached_property
    def stances(self) -> list[Row]:
        out = []
        for r in self.rows("stances"):
            out.append({
                "doc_id": r["doc_id"],
                "actor_id": r.get("actor_id"),
                "issue": r.get("issue") or "",
                "stance": r.get("stance") or "unclear",
                "condition": _condition(r.get("condition")),
                "modality": r.get("modality"),
                "text": r.get("text") or "",
                "start": r.get("start_char"),
                "end": r.get("end_char"),
            })
        return out

    @cached_property
    def positions(self) -> list[Row]:
        """Positions (actor × issue × event) from the ``positions`` table, or, until it
        lands, built from ``stances``: the most frequent stance of an actor on an issue
        within each event cluster (each document alone when there are no clusters)."""
        evidence: dict[str, list[Row]] = defaultdict(list)
        for r in self.rows("position_evidence"):
            evidence[str(_first(r, "position_id", "id", default=""))].append(r)
        out = []
        for r in self.rows("positions"):
            pid = str(_first(r, "id", "position_id", default=""))
            cites = []
            raw = r.get("evidence")
            if isinstance(raw, str) and raw.strip().startswith("["):
                try:
                    raw = json.loads(raw)
                except ValueError:
                    raw = []
            for e in (raw if isinstance(raw, list) else []) + evidence.get(pid, []):
                if isinstance(e, dict) and e.get("doc_id") in self.documents:
                    cites.append(self.cite(e["doc_id"], _first(e, "start_char", "start"),
                                           _first(e, "end_char", "end")))
            docs = as_list(r.get("docs"))
            out.append({
                "id": pid,
                "group_id": r.get("group_id"),
                "actor_id": r.get("actor_id"),
                "issue": r.get("issue") or "",
                "stance": r.get("stance") or "unclear",
                "condition": _condition(r.get("condition")),
                "first_date": r.get("first_date"),
                "last_date": r.get("last_date"),
                "seq": r.get("seq") or 0,
                "previous": r.get("previous"),
                "docs": docs,
                "evidence": cites,
                "derived": False,
            })
        if out or not self.stances:
            return out
        return self._positions_from_stances()

    def _positions_from_stances(self) -> list[Row]:
        groups: dict[tuple[str, str, str], list[Row]] = defaultdict(list)
        for s in self.stances:
            if not s["actor_id"] or not s["issue"]:
                continue
            group = self.cluster_of.get(s["doc_id"], f"doc:{s['doc_id']}")
            groups[(group, s["actor_id"], s["issue"])].append(s)
        out = []
        for (group, actor_id, issue), items in groups.items():
            counts = Counter(s["stance"] for s in items if s["stance"] != "unclear")
            stance = counts.most_common(1)[0][0] if counts else "unclear"
            docs = sorted({s["doc_id"] for s in items})
            dates = sorted(d for d in (self.documents[i].get("date") for i in docs) if d)
            condition = next((s["condition"] for s in items if s["condition"]), None)
            out.append({
                "id": f"{group}|{actor_id}|{issue}",
                "group_id": group,
                "actor_id": actor_id,
                "issue": issue,
                "stance": stance,
                "condition": condition,
                "first_date": dates[0] if dates else None,
                "last_date": dates[-1] if dates else None,
                "seq": 0,
                "previous": None,
                "docs": docs,
                "evidence": [self.cite(s["doc_id"], s["start"], s["end"]) for s in items],
                "derived": True,
            })
        return out

    @cached_property
    def claims(self) -> list[Row]:
        """Claim groups with their status and cited mentions (``[]`` until claims land).

        Members come from ``claim_group_members`` (``claim_idx`` points into ``claims``
        for the claim's text) or, without it, from ``claims`` rows carrying a group id.
        """
        claim_rows = self.rows("claims", "claim_mentions")
        by_key = {(r.get("doc_id"), r.get("idx")): r for r in claim_rows}
        members = self.rows("claim_group_members", "claim_members", "claim_evidence")
        if not members:
            members = [r for r in claim_rows
                       if _first(r, "group_id", "claim_group", "claim_group_id")]
        by_group: dict[str, list[Row]] = defaultdict(list)
        for m in members:
            key = str(_first(m, "group_id", "claim_group", "claim_group_id", default=""))
            if key:
                by_group[key].append(m)
        groups = self.rows("claim_groups")
        if not groups:
            # No group table: groups are the mentions' group ids, status on the rows.
            groups = [{"group_id": key, **{k: v for k, v in items[0].items()
                                           if k not in ("doc_id", "start_char", "end_char",
                                                        "idx", "group_id")}}
                      for key, items in by_group.items()
                      if any(_first(i, "status") for i in items)]
        out = []
        for g in groups:
            key = str(_first(g, "group_id", "id", "claim_group", "claim_id", default=""))
            supporting, contradicting, related = [], [], []
            kinds: Counter[str] = Counter()
            actor_ids: set[str] = set()
            for m in by_group.get(key, []):
                if m.get("doc_id") not in self.documents:
                    continue
                claim = by_key.get((m["doc_id"], _first(m, "claim_idx", "idx")), m)
                cite = self.cite(m["doc_id"], _first(m, "start_char", default=claim.get(
                    "start_char")), _first(m, "end_char", default=claim.get("end_char")))
                cite["text"] = claim.get("text") or m.get("text") or ""
                cite["value"] = _first(claim, "value_text", "value")
                cite["speaker_id"] = claim.get("speaker_id")
                role = str(_first(m, "role", "relation", default="supports")).lower()
                # "related": compatible, or from a supporting origin; evidence neither way
                (contradicting if role.startswith("contra") else related
                 if role == "related" else supporting).append(cite)
                if claim.get("kind"):
                    kinds[str(claim["kind"])] += 1
                actor_ids.update(str(x) for x in (claim.get("subject_id"),
                                                  claim.get("speaker_id")) if x)
            docs = [c["doc_id"] for c in supporting + contradicting]
            event = _first(g, "cluster_id", "event_id", "event")
            if not event and docs:
                event = self.cluster_of.get(docs[0])
            origins = {self.origin_of(c["doc_id"]) for c in supporting}
            out.append({
                "id": key,
                "event_id": event,
                "text": str(_first(g, "label", "text", "claim", "statement", "slot",
                                   default=supporting[0]["text"] if supporting else "")),
                "slot": g.get("slot"),
                "status": normal_status(_first(g, "status", "contradiction_status")),
                "conflicts": as_list(g.get("conflicts")),
                "flags": as_list(g.get("flags")),
                "value": g.get("value"),
                "unit": g.get("unit"),
                "n_sources": int(_first(g, "n_sources", "n_origins",
                                        default=len(origins)) or 0),
                "kind": kinds.most_common(1)[0][0] if kinds else _kind_of_slot(
                    str(g.get("slot") or "")),
                "actor_ids": sorted(actor_ids | _actor_ids_in_slot(
                    str(g.get("slot") or ""), self.actors)),
                "supporting": supporting,
                "contradicting": contradicting,
                "related": related,
                "outlets": sorted({c["outlet"] for c in supporting + contradicting}),
            })
        return out

    @cached_property
    def reliability(self) -> dict[str, list[Row]]:
        """Stored reliability signals per document (outlet-level ones spread to its docs)."""
        rows = self.rows("signals", "reliability", "reliability_signals", "doc_signals")
        out: dict[str, list[Row]] = defaultdict(list)
        by_outlet: dict[str, list[str]] = defaultdict(list)
        for doc in self.documents.values():
            by_outlet[doc.get("outlet") or ""].append(doc["id"])
        for r in rows:
            signal = {
                "signal": str(_first(r, "signal", "name", "kind", default="signal")),
                "value": _first(r, "value", "score"),
                "note": _first(r, "note", "detail", "reason", "explanation"),
            }
            start = r.get("start_char")
            if r.get("doc_id") in self.documents and isinstance(start, int) and start >= 0:
                signal["cite"] = self.cite(r["doc_id"], start, r.get("end_char"))
            if r.get("doc_id"):
                out[r["doc_id"]].append(signal)
            elif r.get("outlet"):
                for doc_id in by_outlet.get(r["outlet"], []):
                    out[doc_id].append(signal)
        return dict(out)

    @cached_property
    def timex_counts(self) -> Counter[str]:
        return Counter(r["doc_id"] for r in self.rows("timexes"))

    def load_documents(self, ids: Iterable[str]) -> list[Any]:
        """Full :class:`~storyline.model.Document` records (for date inference)."""
        return self.store.load(list(ids))
