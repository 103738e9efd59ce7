"""Near-duplicates and wire copies: MinHash/LSH to find candidates, word alignment to
confirm them.

A copy (the same wire story on forty sites, each with its own page furniture) is not
independent support: copies form one *origin group*. Candidates come from MinHash
signatures of word shingles, banded for LSH (datasketch computes the signatures and the
band layout); a candidate is a copy when a word-level alignment covers most of the
shorter text, so a shared lead paragraph alone does not make two articles copies.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np
from datasketch import MinHash
from datasketch.lsh import _optimal_param

__all__ = [
    "COPY_MIN_COVERAGE",
    "LSH_THRESHOLD",
    "NUM_PERM",
    "SHINGLE_WORDS",
    "CopyMatch",
    "align_copy",
    "band_keys",
    "estimated_jaccard",
    "signature",
]

# Words per shingle: five-word shingles rarely repeat between independent articles, but
# survive a copy's changed punctuation and line breaks.
SHINGLE_WORDS = 5
NUM_PERM = 128
# Estimated Jaccard similarity at which LSH starts to report a pair (the band layout is
# datasketch's optimum for this threshold). Low on purpose: a wire copy wrapped in much
# page furniture shares only part of its shingles; the alignment below decides.
LSH_THRESHOLD = 0.5
# A copy: at least this share of the shorter text's words lies in blocks aligned with
# the other text. Rewrites and independent reports stay well below (they share facts,
# not word sequences); copies with a changed headline or an added line stay above.
COPY_MIN_COVERAGE = 0.8
# Aligned blocks shorter than this many words are chance (stock phrases), not copying.
MIN_BLOCK_WORDS = 4

_WORDS = re.compile(r"\w+", re.UNICODE)
_BANDS, _ROWS = _optimal_param(LSH_THRESHOLD, NUM_PERM, 0.5, 0.5)


def _shingles(text: str) -> set[bytes]:
    words = _WORDS.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8")
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def signature(text: str) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` hash values) of a text's word shingles."""
    minhash = MinHash(num_perm=NUM_PERM, seed=1)
    shingles = _shingles(text)
    if shingles:
        minhash.update_batch(list(shingles))
    return np.asarray(minhash.hashvalues, dtype=np.uint64)


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two shingle sets, estimated from their signatures."""
    return float(np.mean(a == b))


def band_keys(sig: np.ndarray) -> list[str]:
    """LSH keys: one per band of the signature; equal keys make a candidate pair."""
    keys = []
    for band in range(_BANDS):
        chunk = sig[band * _ROWS : (band + 1) * _ROWS].astype("<u8").tobytes()
        keys.append(f"dup:{band}:{hashlib.blake2b(chunk, digest_size=8).hexdigest()}")
    return keys


@dataclass(frozen=True)
class CopyMatch:
    """How two texts align word by word.

    coverage (float): share of the shorter text's words inside aligned blocks.
    blocks (tuple): ``(a_start, a_end, b_start, b_end)`` character spans of aligned
        blocks, into the two texts as given.
    """

    coverage: float
    blocks: tuple[tuple[int, int, int, int], ...]

    @property
    def is_copy(self) -> bool:
        return self.coverage >= COPY_MIN_COVERAGE


def align_copy(a: str, b: str) -> CopyMatch:
    """Align two texts word by word (difflib's longest matching blocks)."""
    a_words = [(m.group().lower(), m.start(), m.end()) for m in _WORDS.finditer(a)]
    b_words = [(m.group().lower(), m.start(), m.end()) for m in _WORDS.finditer(b)]
    if not a_words or not b_words:
        return CopyMatch(0.0, ())
    matcher = SequenceMatcher(None, [w for w, _, _ in a_words], [w for w, _, _ in b_words],
                              autojunk=False)
    blocks = []
    aligned = 0
    for i, j, size in matcher.get_matching_blocks():
        if size < MIN_BLOCK_WORDS:
            continue
        aligned += size
        blocks.append((a_words[i][1], a_words[i + size - 1][2],
                       b_words[j][1], b_words[j + size - 1][2]))
    shorter = min(len(a_words), len(b_words))
    return CopyMatch(min(1.0, aligned / shorter), tuple(blocks))
