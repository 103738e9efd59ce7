"""The ``link`` corpus stage: copies, rewrites and events in the store, incrementally.

A bag-of-words hashing embedder stands in for MiniLM, so these tests need no model.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import numpy as np
import pytest

from storyline.api import open_corpus
from storyline.link import read_derivations, read_event_clusters, read_origin_groups


def _lines(*lines: str) -> str:
    return "\n".join(lines)


FIRST_CALL = _lines(
    "Vell and Kasharin speak by telephone for the first time",
    "",
    "Velmar, 12 March 2031",
    "",
    "President Tomas Vell and President Radomir Kasharin held a telephone conversation on "
    "Tuesday, their first since the war over Molrava began.",
    "The call lasted ninety minutes and was arranged by the Lutherian envoy Margit Ahlgrave.",
    "Kasharin refused a full thirty-day ceasefire but offered to halt strikes on power "
    "plants and ports.",
    "Vell said the offer was a first step and that Ardenia would answer within a week.",
    "In Drask, the Halden said the talks had been frank and businesslike.",
    "Ahlgrave told reporters in Samberg that both sides had agreed to keep talking.",
    "Shelling continued overnight along the Molrava front, the Ardenian army said.",
    "Grain exports through Port Lisk remained suspended for a third month.",
    "The Northern Concord welcomed the call and urged a full truce.",
    "Markets in Velmar rose on the news, with the lira gaining against the euro.",
    "",
)

# A wire copy of the first report, wrapped in another site's page furniture.
WIRE_COPY = "Home » World » Ardenia\n\nWire\n\n" + FIRST_CALL + "\nShare this article\n"

# A rewrite: every sentence lightly edited, two vague sentences added, one point dropped.
REWRITE = _lines(
    "Kasharin and Vell talk on the phone for the first time",
    "",
    "President Tomas Vell and President Radomir Kasharin held a phone conversation on "
    "Tuesday, their first since the war over Molrava started.",
    "The call lasted ninety minutes and was set up by the Lutherian envoy Margit Ahlgrave.",
    "Kasharin rejected a full thirty-day ceasefire but offered to halt strikes on power "
    "plants and ports.",
    "Many observers believe this could change everything for the region.",
    "Vell said the offer was a first step and that Ardenia would reply within a week.",
    "In Drask, the Halden said the talks had been frank and businesslike overall.",
    "Ahlgrave told journalists in Samberg that both sides had agreed to keep talking.",
    "Shelling went on overnight along the Molrava front, the Ardenian army said.",
    "The Northern Concord welcomed the call and urged a complete truce.",
    "Only time will tell what comes next.",
    "",
)

SECOND_CALL = _lines(
    "Vell and Kasharin hold second call as truce terms harden",
    "",
    "Velmar, 6 May 2031",
    "",
    "President Radomir Kasharin told President Tomas Vell in a telephone conversation on "
    "Monday that Boravia could accept a full ceasefire if arms deliveries stop.",
    "The two presidents spoke for two hours, according to the Corvin Palace, in a call "
    "again arranged by Lutheria.",
    "Vell called the condition unacceptable and said Ardenia would not give up Molrava.",
    "The Halden said a meeting of the two leaders was not yet on the agenda.",
    "Lutheria offered to host monitors if a truce is signed.",
    "",
)

FLOOD = _lines(
    "River Orsa floods villages after a week of rain",
    "",
    "Orsa, 20 April 2031",
    "",
    "The river Orsa burst its banks on Saturday, flooding four villages and the main road "
    "to the border crossing.",
    "Rescue teams evacuated two hundred residents, the regional governor said.",
    "Farmers said the spring sowing would be lost in the lowest fields.",
    "",
)


def _hash_embed(texts: list[str]) -> np.ndarray:
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in text.lower().split():
            word = word.strip(".,;:!?“”\"'")
            out[row, zlib.crc32(word.encode()) % 384] += 1.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1.0, norms)


@pytest.fixture(autouse=True)
def fake_embeddings(monkeypatch: pytest.MonkeyPatch) -> None:
    import storyline.nlp.embed

    monkeypatch.setattr(storyline.nlp.embed, "embed", _hash_embed)


def _write(folder: Path, **texts: str) -> list[str]:
    folder.mkdir(exist_ok=True)
    paths = []
    for name, text in texts.items():
        path = folder / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def _corpus(db_target: str):
    return open_corpus(db_target, overrides=['pipeline.stages=["clean", "link"]'])


def _names(corpus) -> dict[str, str]:
    return {d.id: d.name for d in corpus.documents()}


def test_copies_rewrites_and_events_are_stored(tmp_path: Path, db_target: str) -> None:
    paths = _write(tmp_path / "in", a_first=FIRST_CALL, b_copy=WIRE_COPY, c_rewrite=REWRITE,
                   d_second=SECOND_CALL, e_flood=FLOOD)
    with _corpus(db_target) as corpus:
        corpus.add(paths)
        corpus.analyze()
        names = _names(corpus)
        events = [sorted(names[m][:-4] for m in c.members) for c in read_event_clusters(
            corpus.store)]
        assert sorted(events) == [["a_first", "b_copy", "c_rewrite"], ["d_second"], ["e_flood"]]
        groups = {tuple(sorted(names[m][:-4] for m in g.members))
                  for g in read_origin_groups(corpus.store)}
        assert ("a_first", "b_copy", "c_rewrite") in groups

        (link,) = read_derivations(corpus.store)
        assert (names[link.derived_id], names[link.source_id]) == ("c_rewrite.txt", "a_first.txt")
        assert link.basis == "content"
        docs = {d.id: d for d in corpus.documents()}
        derived, source = docs[link.derived_id], docs[link.source_id]
        assert len(link.aligned) >= 5
        for pair in link.aligned:  # evidence cites exact sentences of both texts
            assert derived.span(pair.derived) and source.span(pair.source)
        added = [derived.span(p) for p in link.added]
        assert "Only time will tell what comes next." in added

        rows = {r["doc_id"]: r for r in corpus.store.iter_rows("origins")}
        copy_row = rows[next(i for i, n in names.items() if n == "b_copy.txt")]
        assert copy_row["relation"] == "copy" and copy_row["similarity"] > 0.9


def test_linking_is_incremental_and_survives_a_restart(tmp_path: Path, db_target: str) -> None:
    first = _write(tmp_path / "in", a_first=FIRST_CALL, d_second=SECOND_CALL)
    with _corpus(db_target) as corpus:
        corpus.add(first)
        corpus.analyze()
        before = {r["doc_id"]: r for r in corpus.store.iter_rows("event_members")}
    assert len({r["cluster_id"] for r in before.values()}) == 2

    later = _write(tmp_path / "more", c_rewrite=REWRITE)
    with _corpus(db_target) as corpus:  # a new process: the index is read from the store
        corpus.add(later)
        report = corpus.analyze()
        assert report.analyzed == 1
        after = {r["doc_id"]: r for r in corpus.store.iter_rows("event_members")}
        names = _names(corpus)
    assert {k: v["seq"] for k, v in after.items() if k in before} == {
        k: v["seq"] for k, v in before.items()}
    new_id = next(i for i, n in names.items() if n == "c_rewrite.txt")
    first_id = next(i for i, n in names.items() if n == "a_first.txt")
    assert after[new_id]["cluster_id"] == after[first_id]["cluster_id"]
    assert after[new_id]["seq"] == 3


def test_export_shows_links_but_not_the_index(tmp_path: Path, db_target: str, invoke) -> None:
    paths = _write(tmp_path / "in", a_first=FIRST_CALL, c_rewrite=REWRITE)
    with _corpus(db_target) as corpus:
        corpus.add(paths)
        corpus.analyze()
    out = tmp_path / "export.json"
    result = invoke("export", "--format", "json", str(out))
    assert result.exit_code == 0, result.output
    tables = json.loads(out.read_text(encoding="utf-8"))["tables"]
    for name in ("event_clusters", "event_members", "origins", "derivations",
                 "derivation_evidence"):
        assert tables[name], name
    assert not any(name.startswith("link_") for name in tables)
    (cluster,) = tables["event_clusters"]
    assert "Vell" in cluster["label"] and cluster["size"] == 2
