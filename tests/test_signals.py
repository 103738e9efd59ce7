"""Reliability signals: cited evidence about an article, text-only and corpus ones."""

from __future__ import annotations

from doc_helpers import lined_doc
from storyline.extract.signals import corpus_signals, text_signals
from storyline.model import Document, Provenance, RemovedLine

_doc = lined_doc


def _kinds(doc: Document) -> dict[str, list]:
    out: dict[str, list] = {}
    for s in text_signals(doc):
        out.setdefault(s.kind, []).append(s)
    return out


def test_unsourced_statistic_is_cited() -> None:
    text = "The talks ended.\nAccording to a recent poll, 64% of voters back a truce."
    (sig,) = _kinds(_doc(text))["unsourced-statistic"]
    (span,) = sig.spans
    assert text[span.start:span.end].startswith("According to a recent poll")
    assert sig.explanation


def test_a_statistic_with_a_named_source_is_not_flagged() -> None:
    # the speaker of a quote covering the figure names its source
    from storyline.model import Quote

    text = "Vell said 64% of voters back a truce."
    doc = _doc(text)
    quote = Quote("64% of voters back a truce", "indirect", "tomas-vell", "Vell",
                  Provenance(doc.id, 10, len(text) - 1, "quotes"))
    assert "unsourced-statistic" not in _kinds(doc.evolve(quotes=(quote,)))


def test_generic_filler() -> None:
    text = "The call ended. Only time will tell whether the truce holds."
    (sig,) = _kinds(_doc(text))["generic-filler"]
    assert text[sig.spans[0].start:sig.spans[0].end].lower() == "only time will tell"


def test_headline_number_missing_from_body() -> None:
    doc = _doc("The two presidents spoke by phone on Monday.", title="Leaders talk for 3 hours")
    assert "headline-unsupported" in _kinds(doc)


def test_boilerplate_share() -> None:
    raw = "Share on Facebook Share on X Subscribe now\nThe talks ended."
    doc = _doc("The talks ended.", raw_text=raw,
               removed=(RemovedLine(1, "Share on Facebook Share on X Subscribe now", "share"),))
    (sig,) = _kinds(doc)["boilerplate-share"]
    assert 0.5 < sig.value < 1


def test_a_clean_article_has_no_signals() -> None:
    assert text_signals(_doc("Boravia and Ardenia agreed to exchange prisoners.")) == ()


def test_corpus_signals() -> None:
    where = Provenance("d", 0, 5, "claims")
    sigs = corpus_signals("d", derived_from="src", n_added=2, lonely=[(where, "64% poll")],
                          n_claims=4, stage="claim_groups")
    assert [s.kind for s in sigs] == ["derivative", "claims-in-no-other-origin"]
    assert "src" in sigs[0].explanation and sigs[1].spans == (where,)
    assert corpus_signals("d", derived_from=None, n_added=0, lonely=[], n_claims=3,
                          stage="claim_groups") == []
