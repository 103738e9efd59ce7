"""A small, hand-built corpus for the report, dashboard and browser tests.

Fictional articles about two events, written here (no model, no ../shared): sentences,
actors and quotes are built as records with exact offsets and saved through the store;
linking results (event clusters, origins, a rewrite with an added statistic) are written
to their tables directly, as the ``link`` stage would. Optional stage tables that had not
landed (claims, positions, events) can be added with :func:`add_stage_tables`.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import inspect, text

from storyline.model import Actor, Document, Provenance, Quote, Sentence
from storyline.store import Store, schema

HOSTILE_TITLE = 'Talks resume <img src=x onerror="window.__xss=1">'
HOSTILE_TEXT = (
    "Negotiators met again in Harlow on Tuesday <script>window.__xss=2</script> to discuss "
    "the grain corridor. The envoy said the meeting was \"useful <b onmouseover=alert(1)>\". "
    "Observers noted that the corridor <img src=x onerror=\"window.__xss=3\"> stayed closed."
)

ARTICLES = [
    # (key, outlet, published, title, text)
    ("a1", "Northern Wire", "2030-06-02", "Tarsa and Velm agree prisoner exchange",
     "Tarsa and Velm exchanged 150 prisoners at the Orsa bridge on Monday. "
     "The exchange was brokered by the Harlow mediation office. "
     "\"Today families are whole again,\" said Mara Lind, the Tarsan foreign minister. "
     "Both sides agreed to hold further talks in July."),
    ("a2", "Velm Today", "2030-06-02", "Velm returns soldiers in exchange with Tarsa",
     "Velm and Tarsa exchanged 120 prisoners at the Orsa bridge on Monday. "
     "The Harlow mediation office brokered the exchange between the two sides. "
     "\"This is a humanitarian gesture,\" said Ivo Brandt, the Velm defence spokesman. "
     "Both sides agreed to hold further talks in July."),
    ("a3", "Coast Gazette", "2030-06-02", "Prisoner exchange at Orsa bridge",
     "Tarsa and Velm exchanged 150 prisoners at the Orsa bridge on Monday. "
     "The exchange was brokered by the Harlow mediation office. "
     "\"Today families are whole again,\" said Mara Lind, the Tarsan foreign minister. "
     "Both sides agreed to hold further talks in July. "
     "The Coast Gazette ferry to Orsa ran as usual."),
    ("b1", "Northern Wire", "2030-07-14", "Harlow talks end without ceasefire",
     "Delegations from Tarsa and Velm ended two days of talks in Harlow on Sunday. "
     "Velm rejected a full ceasefire but accepted a halt to strikes on ports. "
     "\"We are at the beginning, not the end,\" said the Harlow envoy Petra Salo. "
     "The next round is planned for September."),
    ("b2", "Newsline Hub", "2030-07-15", "Talks in Harlow end, ceasefire still far off",
     "Delegations from Tarsa and Velm concluded two days of talks in Harlow on Sunday. "
     "Velm turned down a full ceasefire but agreed to a halt to strikes on ports. "
     "According to a recent poll, 71% of Tarsans would back a ceasefire now. "
     "The next round is expected in September."),
    ("h1", "<script>window.__xss=4</script>Evil Outlet", "2030-07-16", HOSTILE_TITLE,
     HOSTILE_TEXT),
]

ACTORS = {
    "mara-lind": Actor("mara-lind", "Mara Lind", "person", "TRS", "Foreign Minister"),
    "ivo-brandt": Actor("ivo-brandt", "Ivo Brandt", "person", "VLM", "Spokesman"),
    "petra-salo": Actor("petra-salo", "Petra Salo", "person", None, "Envoy"),
    "TRS": Actor("TRS", "Tarsa", "country", "TRS"),
    "VLM": Actor("VLM", "Velm", "country", "VLM"),
}
SPEAKERS = {"Mara Lind": "mara-lind", "Ivo Brandt": "ivo-brandt", "Petra Salo": "petra-salo"}

_SENTENCE = re.compile(r"[^.!?]+[.!?]+[\"”’]?")


def _sentences(doc_id: str, body: str) -> tuple[Sentence, ...]:
    out = []
    for i, m in enumerate(_SENTENCE.finditer(body)):
        start = m.start() + (len(m.group()) - len(m.group().lstrip()))
        out.append(Sentence(i, body[start:m.end()], Provenance(doc_id, start, m.end(), "parse")))
    return tuple(out)


def _quotes(doc_id: str, body: str) -> tuple[Quote, ...]:
    out = []
    for m in re.finditer(r'"([^"]+?),?"\s*,?\s*said ([^,.]+)', body):
        speaker_text = m.group(2).replace("the Harlow envoy ", "")
        speaker = SPEAKERS.get(speaker_text)
        out.append(Quote(
            text=m.group(1), kind="direct", speaker_id=speaker, speaker_text=speaker_text,
            where=Provenance(doc_id, m.start(1), m.start(1) + len(m.group(1)), "quotes"),
            cue="said"))
    # The hostile article's quote holds markup.
    if "useful" in body:
        start = body.index("useful")
        end = body.index('"', start)
        out.append(Quote(text=body[start:end], kind="direct", speaker_id=None,
                         speaker_text="The envoy", where=Provenance(doc_id, start, end, "quotes"),
                         cue="said"))
    return tuple(out)


def build_store(path: str | Path) -> tuple[Store, dict[str, str]]:
    """A store with the articles above, analysed and linked; returns it and key -> id."""
    store = Store.open(path)
    ids: dict[str, str] = {}
    for key, outlet, published, title, body in ARTICLES:
        url = "javascript:alert(1)" if key == "h1" else f"https://example.org/{key}"
        doc = Document.from_text(body, name=f"{key}.txt", title=title, outlet=outlet,
                                 published=published, url=url)
        actors = tuple(a for a in ACTORS.values() if a.name in body)
        doc = doc.evolve(text=body, sentences=_sentences(doc.id, body),
                         quotes=_quotes(doc.id, body), actors=actors)
        store.add_document(doc)
        store.save_analysis(doc, "test")
        ids[key] = doc.id
    _link(store, ids)
    return store, ids


def _link(store: Store, ids: dict[str, str]) -> None:
    clusters = {"ev-a": ["a1", "a2", "a3"], "ev-b": ["b1", "b2", "h1"]}
    labels = {"ev-a": "Tarsa and Velm · prisoner exchange", "ev-b": "Harlow talks"}
    dates = {"ev-a": "2030-06-02", "ev-b": "2030-07-13"}
    origins = {"a3": ("a1", "copy"), "b2": ("b1", "derived")}
    with store.engine.begin() as conn:
        for cid, keys in clusters.items():
            conn.execute(schema.event_clusters.insert().values(
                cluster_id=cid, label=labels[cid], size=len(keys), first_date=dates[cid],
                last_date=dates[cid], stage="link"))
            for seq, key in enumerate(keys):
                conn.execute(schema.event_members.insert().values(
                    doc_id=ids[key], cluster_id=cid, seq=seq, opened=int(seq == 0), score=1.0,
                    parts="{}", stage="link"))
        for key in ids:
            via, relation = origins.get(key, (None, "original"))
            conn.execute(schema.origins.insert().values(
                doc_id=ids[key], origin_id=ids[via] if via else ids[key], relation=relation,
                via=ids[via] if via else None, similarity=0.9 if via else None, stage="link"))
        conn.execute(schema.derivations.insert().values(
            derived_id=ids["b2"], source_id=ids["b1"], basis="dates", score=0.8, n_aligned=3,
            n_added=1, stage="link"))
        b2 = next(a for a in ARTICLES if a[0] == "b2")[4]
        start = b2.index("According to a recent poll")
        end = b2.index("now.") + 4
        conn.execute(schema.derivation_evidence.insert().values(
            doc_id=ids["b2"], source_id=ids["b1"], idx=0, start_char=start, end_char=end,
            stage="link", kind="added"))


def _ensure_table(store: Store, name: str, ddl: str) -> None:
    """Create a stage table from ``ddl`` unless the schema (or an earlier call) has it."""
    if name not in set(inspect(store.engine).get_table_names()):
        with store.engine.begin() as conn:
            conn.execute(text(ddl))


def _filler(column) -> object:
    kind = column.type.python_type
    return {str: "", int: 0, float: 1.0}.get(kind, "")


def _insert(store: Store, name: str, rows: list[dict]) -> None:
    """Insert rows through the declared table when the stage landed (its defaults apply,
    required columns this test does not care about get a neutral value), else with SQL."""
    table = schema.metadata.tables.get(name)
    with store.engine.begin() as conn:
        for row in rows:
            if table is not None:
                data = {k: v for k, v in row.items() if k in table.c}
                for column in table.columns:
                    if (column.name not in data and not column.nullable
                            and column.default is None and not column.primary_key):
                        data[column.name] = _filler(column)
                conn.execute(table.insert().values(**data))
            else:
                columns = {c["name"] for c in inspect(conn).get_columns(name)}
                data = {k: v for k, v in row.items() if k in columns}
                conn.execute(text(f"INSERT INTO {name} ({', '.join(data)}) VALUES "
                                  f"({', '.join(':' + k for k in data)})"), data)


def add_stage_tables(store: Store, ids: dict[str, str]) -> None:
    """Claims, positions and coded events, as the stages that had not landed would write
    them (see the shapes documented in storyline.report.readers)."""
    texts = {key: body for key, _o, _p, _t, body in ARTICLES}

    def span(key: str, phrase: str) -> tuple[str, int, int]:
        start = texts[key].index(phrase)
        return ids[key], start, start + len(phrase)

    _ensure_table(store, "claim_groups", """CREATE TABLE claim_groups (
        group_id VARCHAR(40) PRIMARY KEY, cluster_id VARCHAR(40), label TEXT,
        status VARCHAR(24), flags TEXT, n_sources INTEGER)""")
    _insert(store, "claim_groups", [
        {"group_id": "c1", "cluster_id": "ev-a", "label": "The exchange took place at the Orsa "
         "bridge.", "status": "corroborated", "flags": "", "n_sources": 2},
        {"group_id": "c2", "cluster_id": "ev-a", "label": "150 prisoners per side were "
         "exchanged.", "status": "contested", "flags": "", "n_sources": 2},
        {"group_id": "c3", "cluster_id": "ev-b", "label": "71% of Tarsans back a ceasefire.",
         "status": "added-by-derivative", "flags": "unsourced", "n_sources": 1},
        # A rewrite that puts its source's own words in a party's mouth (a voice conflict),
        # and a one-source statement (the claims stage makes one per sentence and voice).
        {"group_id": "c4", "cluster_id": "ev-b", "slot": "voice:VLM",
         "label": "VLM in the rewrite, the outlet's own voice in its source: turned down a "
                  "full ceasefire", "status": "added-by-derivative", "conflicts": "attribution",
         "flags": "derivative-distortion", "n_sources": 1},
        {"group_id": "c5", "cluster_id": "ev-b", "slot": "statement:outlet",
         "label": "The next round is planned for September", "status": "single-source",
         "flags": "", "n_sources": 1},
    ])
    _ensure_table(store, "claims", """CREATE TABLE claims (
        doc_id VARCHAR(32), idx INTEGER, start_char INTEGER, end_char INTEGER,
        stage VARCHAR(32), group_id VARCHAR(40), text TEXT, role VARCHAR(16),
        PRIMARY KEY (doc_id, idx))""")
    rows = []
    for n, (key, phrase, group, role, kind, value) in enumerate([
        ("a1", "at the Orsa bridge", "c1", "supports", "event", None),
        ("a2", "at the Orsa bridge", "c1", "supports", "event", None),
        ("a3", "at the Orsa bridge", "c1", "related", "event", None),  # a copy of a1
        ("a1", "exchanged 150 prisoners", "c2", "supports", "quantity", "150 prisoners"),
        ("a2", "exchanged 120 prisoners", "c2", "contradicts", "quantity", "120 prisoners"),
        ("b2", "71% of Tarsans would back a ceasefire", "c3", "supports", "quantity", "71%"),
        ("b2", "Velm turned down a full ceasefire", "c4", "supports", "statement", None),
        ("b1", "Velm rejected a full ceasefire", "c4", "contradicts", "statement", None),
        ("b1", "The next round is planned for September.", "c5", "supports", "statement",
         None),
    ]):
        doc_id, start, end = span(key, phrase)
        rows.append({"doc_id": doc_id, "idx": n, "start_char": start, "end_char": end,
                     "stage": "claims", "group_id": group, "text": phrase, "role": role,
                     "kind": kind, "value_text": value,
                     "subject_id": "VLM" if group == "c4" else None})
    _insert(store, "claims", rows)
    _ensure_table(store, "positions", """CREATE TABLE positions (
        position_id VARCHAR(80) PRIMARY KEY, group_id VARCHAR(40), actor_id VARCHAR(128),
        issue VARCHAR(64), stance VARCHAR(16), docs TEXT, condition TEXT,
        first_date VARCHAR(10), last_date VARCHAR(10), seq INTEGER, previous VARCHAR(16),
        stage VARCHAR(32))""")
    _ensure_table(store, "position_evidence", """CREATE TABLE position_evidence (
        position_id VARCHAR(40), doc_id VARCHAR(32), idx INTEGER, start_char INTEGER,
        end_char INTEGER, stage VARCHAR(32), PRIMARY KEY (position_id, doc_id, idx))""")
    b1_id, s, e = span("b1", "Velm rejected a full ceasefire")
    _insert(store, "positions", [
        {"position_id": "p1", "group_id": "ev-a", "actor_id": "VLM", "issue": "ceasefire-full",
         "stance": "conditional", "docs": f'["{ids["a2"]}"]', "seq": 1, "stage": "positions"},
        {"position_id": "p2", "group_id": "ev-b", "actor_id": "VLM", "issue": "ceasefire-full",
         "stance": "rejects", "docs": f'["{b1_id}"]', "seq": 2, "previous": "conditional",
         "stage": "positions"},
        {"position_id": "p3", "group_id": "ev-b", "actor_id": "TRS", "issue": "ceasefire-full",
         "stance": "supports", "docs": f'["{b1_id}"]', "seq": 2, "stage": "positions"},
        {"position_id": "p4", "group_id": "ev-b", "actor_id": "VLM",
         "issue": "ceasefire-energy", "stance": "accepts", "docs": f'["{b1_id}"]', "seq": 1,
         "stage": "positions"},
    ])
    _, hs, he = span("b1", "accepted a halt to strikes on ports")
    _insert(store, "position_evidence", [
        {"position_id": "p1", "doc_id": ids["a2"], "idx": 0, "start_char": 0, "end_char": 20,
         "stage": "positions"},
        {"position_id": "p2", "doc_id": b1_id, "idx": 0, "start_char": s, "end_char": e,
         "stage": "positions"},
        {"position_id": "p4", "doc_id": b1_id, "idx": 0, "start_char": hs, "end_char": he,
         "stage": "positions"},
    ])
    # The stance behind p4 is its spokesman's: the positions stage credits an office
    # holder's stance to the party (the report names him as the one who said it).
    _insert(store, "stances", [
        {"doc_id": b1_id, "idx": 0, "start_char": hs, "end_char": he, "stage": "stances",
         "text": texts["b1"][hs:he], "actor_id": "ivo-brandt", "issue": "ceasefire-energy",
         "stance": "accepts", "issue_text": "halt to strikes on ports", "issue_start": hs,
         "issue_end": he, "basis": "verb", "modality": "actual", "confidence": 0.9},
    ])
    b2_id, ss, se = span("b2", "According to a recent poll, 71% of Tarsans would back a "
                               "ceasefire now.")
    _insert(store, "signals", [
        {"doc_id": b2_id, "idx": 0, "start_char": ss, "end_char": se, "stage": "claims",
         "signal": "unsourced-statistic", "value": None, "spans": f"[[{ss}, {se}]]",
         "note": "A statistic is given without naming who produced it."},
        {"doc_id": b2_id, "idx": 1, "start_char": -1, "end_char": -1, "stage": "claim_groups",
         "signal": "derivative", "value": 1.0, "spans": "[]",
         "note": "Rewrite of another article; 1 of its sentences has no counterpart."},
    ])
    _ensure_table(store, "events", """CREATE TABLE events (
        doc_id VARCHAR(32), idx INTEGER, start_char INTEGER, end_char INTEGER,
        stage VARCHAR(32), type VARCHAR(16), text TEXT, trigger TEXT, source_ids TEXT,
        target_ids TEXT, negated INTEGER, modality VARCHAR(16), confidence FLOAT,
        PRIMARY KEY (doc_id, idx))""")
    doc_id, start, end = span("b1", "Velm rejected a full ceasefire but accepted a halt to "
                                     "strikes on ports.")
    _insert(store, "events", [
        {"doc_id": doc_id, "idx": 0, "start_char": start, "end_char": end, "stage": "events",
         "type": "REJECT", "text": texts["b1"][start:end], "trigger": "rejected",
         "source_ids": '["VLM"]', "target_ids": '["TRS"]', "negated": 0,
         "modality": "actual", "confidence": 0.9},
    ])
