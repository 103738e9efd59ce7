"""storyline: a cross-checked, cited record of an unfolding news story.

The public API::

    import storyline
    corpus = storyline.open("storyline.db")
"""

from __future__ import annotations

from storyline.api import AddReport, AnalyzeReport, Corpus, open_corpus
from storyline.config import Config, load_config
from storyline.model import Document, Provenance, RemovedLine, Sentence

__version__ = "0.1.0"

open = open_corpus

__all__ = [
    "AddReport",
    "AnalyzeReport",
    "Config",
    "Corpus",
    "Document",
    "Provenance",
    "RemovedLine",
    "Sentence",
    "__version__",
    "load_config",
    "open",
    "open_corpus",
]
