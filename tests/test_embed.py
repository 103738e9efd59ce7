"""MiniLM sentence embeddings (int8 ONNX): shape, normalisation, order, semantics."""

from __future__ import annotations

import numpy as np
import pytest

pytestmark = pytest.mark.model


def test_vectors_are_unit_length_rows_in_input_order() -> None:
    from storyline.nlp.embed import DIM, embed

    texts = ["A short one.", "A much longer sentence about a telephone call between leaders.", ""]
    vectors = embed(texts, batch_size=2)
    assert vectors.shape == (3, DIM) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    # Batching and length-sorting do not change a text's vector.
    for text, vector in zip(texts, vectors, strict=True):
        assert float(embed([text])[0] @ vector) > 0.999


def test_paraphrases_are_closer_than_unrelated_sentences() -> None:
    from storyline.nlp.embed import embed

    a, b, c = embed([
        "The two presidents spoke by telephone for two hours on Monday.",
        "On Monday the leaders held a two-hour phone call.",
        "Heavy rain flooded the village football pitch.",
    ])
    assert float(a @ b) > 0.6
    assert float(a @ b) > float(a @ c) + 0.4


def test_empty_input_gives_an_empty_matrix() -> None:
    from storyline.nlp.embed import DIM, embed

    assert embed([]).shape == (0, DIM)


def test_session_and_tokenizer_are_loaded_once() -> None:
    from storyline.nlp import embed as module

    module.embed(["warm up"])
    assert module._session() is module._session()
    assert module._tokenizer() is module._tokenizer()


def test_long_texts_are_truncated_not_rejected() -> None:
    from storyline.nlp.embed import embed

    vector = embed(["word " * 2000])[0]
    assert np.isfinite(vector).all()
