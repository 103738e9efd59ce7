"""The store: idempotent adds, whole-document transactions, versioned schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storyline.model import Document, Provenance, RemovedLine, Sentence
from storyline.store import Store, StoreError, database_url
from storyline.store import schema as store_schema


def make_doc(text: str = "Body of the article.", **kwargs: object) -> Document:
    return Document.from_text(text, name="a.txt", **kwargs)  # type: ignore[arg-type]


def test_readding_the_same_content_is_a_no_op(store: Store) -> None:
    doc = make_doc()
    assert store.add_document(doc) is True
    assert store.add_document(doc) is False
    # White space differences do not make a new document.
    assert store.add_document(make_doc("Body of  the article.\n")) is False
    assert store.count() == 1


def test_analysis_round_trips_with_provenance(store: Store) -> None:
    doc = make_doc("Title\n\nFirst sentence. Second one.")
    store.add_document(doc)
    text = "First sentence. Second one."
    analysed = doc.evolve(
        text=text,
        title="Title",
        removed=(RemovedLine(5, "Share this", "share-widget"),),
        sentences=(
            Sentence(0, "First sentence.", Provenance(doc.id, 0, 15, "sentences")),
            Sentence(1, "Second one.", Provenance(doc.id, 16, 27, "sentences")),
        ),
    )
    store.save_analysis(analysed, "cfg1")
    (loaded,) = store.load([doc.id])
    assert loaded == analysed
    assert [loaded.span(s.where) for s in loaded.sentences] == ["First sentence.", "Second one."]
    assert store.pending_ids("cfg1") == []
    assert store.pending_ids("cfg2") == [doc.id]  # changed settings: analyse again


def test_interrupted_add_leaves_no_half_document(store: Store, monkeypatch) -> None:
    doc = make_doc().evolve(removed=(RemovedLine(1, "close", "navigation"),))

    def crash(conn, document):
        raise RuntimeError("power cut")

    monkeypatch.setattr(store, "_write_items", crash)
    with pytest.raises(RuntimeError):
        store.add_document(doc)
    monkeypatch.undo()
    assert store.count() == 0
    assert list(store.iter_rows("removed_lines")) == []
    assert store.add_document(doc) is True  # the retry succeeds


def test_interrupted_analysis_keeps_the_previous_state(store: Store, monkeypatch) -> None:
    doc = make_doc()
    store.add_document(doc)
    analysed = doc.evolve(
        text="Body of the article.",
        sentences=(Sentence(0, "Body of the article.", Provenance(doc.id, 0, 20, "sentences")),),
    )

    import storyline.store.records as records

    def broken_rows(document):
        raise RuntimeError("disk full")

    broken = records.ItemTable(
        "sentences", store_schema.sentences, broken_rows, records.ITEM_TABLES[1].from_rows, "idx"
    )
    monkeypatch.setattr(records, "ITEM_TABLES", [records.ITEM_TABLES[0], broken])
    monkeypatch.setattr("storyline.store.ITEM_TABLES", [records.ITEM_TABLES[0], broken])
    with pytest.raises(RuntimeError):
        store.save_analysis(analysed, "cfg")
    monkeypatch.undo()
    (loaded,) = store.load([doc.id])
    assert loaded.text == "" and loaded.sentences == ()
    assert store.count("pending") == 1


def test_failed_document_is_marked_and_retriable(store: Store) -> None:
    doc = make_doc()
    store.add_document(doc)
    store.mark_failed(doc.id, "ValueError: bad")
    assert store.pending_ids("cfg") == []
    assert store.pending_ids("cfg", retry_failed=True) == [doc.id]


def test_schema_version_is_recorded(sqlite_path: Path) -> None:
    Store.open(sqlite_path).close()
    with sqlite3.connect(sqlite_path) as conn:
        (version,) = conn.execute(
            "select value from storyline_meta where key='schema_version'"
        ).fetchone()
    assert int(version) == store_schema.SCHEMA_VERSION


def test_newer_database_is_refused_with_a_clear_message(sqlite_path: Path) -> None:
    Store.open(sqlite_path).close()
    with sqlite3.connect(sqlite_path) as conn:
        conn.execute("update storyline_meta set value='999' where key='schema_version'")
    with pytest.raises(StoreError, match="schema version 999 is newer than this storyline"):
        Store.open(sqlite_path)


def test_foreign_database_is_refused(sqlite_path: Path) -> None:
    with sqlite3.connect(sqlite_path) as conn:
        conn.execute("create table invoices (id integer)")
    with pytest.raises(StoreError, match="not a storyline database"):
        Store.open(sqlite_path)


def test_older_database_is_migrated(sqlite_path: Path, monkeypatch) -> None:
    from storyline.store import migrations

    Store.open(sqlite_path).close()
    applied: list[int] = []
    future = store_schema.SCHEMA_VERSION + 1
    monkeypatch.setattr(store_schema, "SCHEMA_VERSION", future)
    monkeypatch.setattr(
        migrations,
        "MIGRATIONS",
        [
            *migrations.MIGRATIONS,
            migrations.Migration(future, "add notes", lambda conn: applied.append(future)),
        ],
    )
    Store.open(sqlite_path).close()
    assert applied == [future]
    with sqlite3.connect(sqlite_path) as conn:
        (version,) = conn.execute(
            "select value from storyline_meta where key='schema_version'"
        ).fetchone()
    assert int(version) == future


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "no" / "such" / "x.db")


def test_database_url_forms() -> None:
    assert database_url("corpus.db") == "sqlite:///corpus.db"
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_actors_mentions_and_quotes_round_trip(store: Store) -> None:
    from storyline.model import Actor, Mention, Quote

    text = "“We are ready,” President Vell said."
    doc = make_doc(text)
    store.add_document(doc)
    q_start = text.index("We")
    s_start = text.index("President")
    where = Provenance(doc.id, q_start, q_start + len("We are ready,"), "quotes")
    speaker = Provenance(doc.id, s_start, s_start + len("President Vell"), "actors")
    analysed = doc.evolve(
        text=text,
        actors=(Actor("tomas-vell", "Tomas Vell", "person", "XAR", "president"),),
        mentions=(Mention("President Vell", "tomas-vell", "name", speaker, 0.9),),
        quotes=(
            Quote(
                "We are ready,",
                "direct",
                "tomas-vell",
                "President Vell",
                where,
                speaker_where=Provenance(doc.id, speaker.start, speaker.end, "quotes"),
                cue="said",
                flags=("partial",),
            ),
        ),
    )
    store.save_analysis(analysed, "cfg")
    (loaded,) = store.load([doc.id])
    assert loaded.actors == analysed.actors
    assert loaded.mentions == analysed.mentions
    assert loaded.quotes == analysed.quotes
    assert loaded.span(loaded.quotes[0].where) == "We are ready,"


def test_every_item_kind_round_trips_with_all_its_fields(store: Store) -> None:
    """Each item kind's row mapping (store/records.py) loses nothing: non-default values
    in every field, second spans, quantities with their own provenance, flags."""
    from storyline.model import Claim, Event, Quantity, Signal, Stance, TimeExpr

    text = "Tarsa offered 40 tonnes of grain to Velm on Tuesday, its envoy said."
    doc = make_doc(text)
    store.add_document(doc)

    def at(phrase: str, stage: str) -> Provenance:
        start = text.index(phrase)
        return Provenance(doc.id, start, start + len(phrase), stage)

    tonnes = at("40 tonnes", "events")
    analysed = doc.evolve(
        text=text,
        timexes=(TimeExpr("Tuesday", "DATE", "2030-06-04", at("Tuesday", "timex"), mod="APPROX",
                          anchor_used="dct", weekday=1, direction="past", offset="P-1D",
                          confidence=0.7),),
        events=(Event("AID", text, "offered", at(text, "events"), at("offered", "events"),
                      source_ids=("TRS",), target_ids=("VLM", "UN"), source_text="Tarsa",
                      target_text="Velm", source_country="TRS", target_country="VLM",
                      mode="provide", context=("food", "humanitarian"), negated=True,
                      modality="proposed", condition="if the road opens",
                      quantities=(Quantity("40 tonnes", 40.0, "t", "grain", "about",
                                           tonnes.start, tonnes.end, tonnes),),
                      location="Velm", date_text="on Tuesday", confidence=0.6),),
        stances=(Stance("TRS", "grain-corridor", "proposes", text, at(text, "stances"),
                        "grain", at("grain", "stances"), condition="reciprocity",
                        basis="verb", modality="proposed", confidence=0.8),),
        claims=(Claim(text, "quantity", "aid.amount", at(text, "claims"), predicate="offer",
                      subject_id="TRS", object="grain", value=40.0, unit="t", bound="about",
                      value_text="40 tonnes", polarity="positive", time="2030-06-04",
                      modality="proposed", negated=True, speaker_id="envoy",
                      attributed=True, confidence=0.5),),
        signals=(Signal(doc.id, "unsourced-statistic", "no source named",
                        (at("40 tonnes", "signals"),), 1.0, "signals"),),
    )
    store.save_analysis(analysed, "cfg")
    (loaded,) = store.load([doc.id])
    for field in ("timexes", "events", "stances", "claims", "signals"):
        assert getattr(loaded, field) == getattr(analysed, field), field
    assert loaded.events[0].source_id == "TRS"


def test_reanalysis_replaces_items_instead_of_adding(store: Store) -> None:
    text = "One. Two."
    doc = make_doc(text)
    store.add_document(doc)
    first = doc.evolve(
        text=text,
        sentences=(
            Sentence(0, "One.", Provenance(doc.id, 0, 4, "parse")),
            Sentence(1, "Two.", Provenance(doc.id, 5, 9, "parse")),
        ),
    )
    store.save_analysis(first, "a")
    store.save_analysis(first.evolve(sentences=first.sentences[:1]), "b")
    assert len(list(store.iter_rows("sentences"))) == 1
