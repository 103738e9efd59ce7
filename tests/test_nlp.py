"""The parse stage: sentences with exact spans, paragraph breaks, a reusable cache."""

from __future__ import annotations

import pytest

from storyline.model import Document
from storyline.nlp import parse_documents

TEXT = (
    "Velmar rejects the truce\n\n"
    "President Vell said on Tuesday that the offer was not serious. Talks will resume.\n\n"
    "“We are ready,” the envoy said."
)


def doc_with(text: str) -> Document:
    return Document.from_text(text).evolve(text=text)


@pytest.mark.model
def test_sentences_have_exact_spans() -> None:
    (doc,) = parse_documents([doc_with(TEXT)])
    assert [s.text for s in doc.sentences] == [
        "Velmar rejects the truce",
        "President Vell said on Tuesday that the offer was not serious.",
        "Talks will resume.",
        "“We are ready,” the envoy said.",
    ]
    for sentence in doc.sentences:
        assert doc.span(sentence.where) == sentence.text
        assert sentence.where.stage == "parse"


def test_a_sentence_never_crosses_a_paragraph() -> None:
    text = "A short heading\n\nthe body begins here without a capital and goes on."
    (doc,) = parse_documents([doc_with(text)], model="blank")
    assert [s.text for s in doc.sentences] == [
        "A short heading",
        "the body begins here without a capital and goes on.",
    ]


@pytest.mark.model
def test_cached_parse_is_reused_and_identical() -> None:
    (first,) = parse_documents([doc_with(TEXT)])
    assert first.parse_cache is not None
    stored = first.without_transients()
    assert stored.nlp_doc is None and stored.parse_cache is not None
    (second,) = parse_documents([stored])
    assert second.parse_cache is stored.parse_cache  # not re-serialised: cache hit
    assert [t.dep_ for t in second.nlp_doc] == [t.dep_ for t in first.nlp_doc]
    assert [e.text for e in second.nlp_doc.ents] == [e.text for e in first.nlp_doc.ents]


@pytest.mark.model
def test_changed_text_invalidates_the_cache() -> None:
    (first,) = parse_documents([doc_with(TEXT)])
    changed = first.without_transients().evolve(text=TEXT + " More.")
    (second,) = parse_documents([changed])
    assert second.parse_cache is not first.parse_cache
    assert second.sentences[-1].text == "More."
