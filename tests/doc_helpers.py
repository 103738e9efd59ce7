"""Documents built by hand for unit tests: one sentence per line of the text."""

from __future__ import annotations

from storyline.model import Document, Provenance, Sentence


def lined_doc(text: str, raw_text: str | None = None, **fields) -> Document:
    """A cleaned Document whose sentences are the non-empty lines of ``text`` (with exact
    offsets), so extractors can run without the parser. ``raw_text`` sets what the
    document was ingested as (its id), when it differs from the clean text."""
    doc = Document.from_text(raw_text if raw_text is not None else text)
    sentences, start = [], 0
    for i, part in enumerate(text.split("\n")):
        if part:
            sentences.append(Sentence(i, part, Provenance(doc.id, start, start + len(part),
                                                           "parse")))
        start += len(part) + 1
    return doc.evolve(text=text, sentences=tuple(sentences), **fields)
