"""Linguistic analysis: one spaCy parse per document, reused by every later stage.

The ``parse`` stage runs ``nlp.pipe`` over a batch, stores the parse on the document
(``Document.nlp_doc``, in memory) and its bytes (``Document.parse_cache``, in the store),
and records the sentences with character spans. A later re-analysis whose text and model
are unchanged deserialises the cached parse instead of parsing again.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span

from storyline.model import Document, ParseCache, Provenance, Sentence, content_hash
from storyline.nlp.build import DEFAULT_MODEL, load_nlp
from storyline.registry import stage

__all__ = ["make_parser", "parse_documents", "sentences_of"]

# What the cached bytes leave out: tensors are large and no later stage reads them.
_SERIALISE_EXCLUDE = ["tensor", "user_data"]


def sentences_of(doc_id: str, parsed: Doc, stage_name: str = "parse") -> tuple[Sentence, ...]:
    """Sentences with white space trimmed from both ends of each span.

    ``Doc.text`` joins every token each time it is read, so it is read once here (read
    per sentence, it made this function quadratic in the document's length).
    """
    text = parsed.text
    out: list[Sentence] = []
    for sent in parsed.sents:
        start, end = _trimmed(text, sent)
        if end > start:
            out.append(Sentence(len(out), text[start:end],
                                Provenance(doc_id, start, end, stage_name)))
    return tuple(out)


def _trimmed(text: str, span: Span) -> tuple[int, int]:
    piece = text[span.start_char : span.end_char]
    start = span.start_char + (len(piece) - len(piece.lstrip()))
    end = span.start_char + len(piece.rstrip())
    return start, end


def parse_documents(
    batch: list[Document], model: str = DEFAULT_MODEL, batch_size: int = 32
) -> list[Document]:
    """Parse (or restore the cached parse of) each document's clean text."""
    nlp = load_nlp(model)
    parsed: dict[int, Doc] = {}
    todo: list[int] = []
    for i, doc in enumerate(batch):
        cache = doc.parse_cache
        if cache and cache.model == model and cache.text_hash == content_hash(doc.text):
            parsed[i] = Doc(nlp.vocab).from_bytes(cache.data, exclude=_SERIALISE_EXCLUDE)
        else:
            todo.append(i)
    texts = (batch[i].text for i in todo)
    for i, spacy_doc in zip(todo, nlp.pipe(texts, batch_size=batch_size), strict=True):
        parsed[i] = spacy_doc
    out = []
    for i, doc in enumerate(batch):
        spacy_doc = parsed[i]
        cache = doc.parse_cache
        if i in todo:
            data = spacy_doc.to_bytes(exclude=_SERIALISE_EXCLUDE)
            cache = ParseCache(model, content_hash(doc.text), data)
        out.append(doc.evolve(nlp_doc=spacy_doc, parse_cache=cache,
                              sentences=sentences_of(doc.id, spacy_doc)))
    return out


@stage(
    "parse",
    defaults={"model": DEFAULT_MODEL, "batch_size": 32},
    requires=("doc.text",),
    produces=("doc.parse", "doc.sentences"),
)
def make_parser(model: str, batch_size: int) -> Callable[[list[Document]], list[Document]]:
    """Tokens, sentences, entities and dependencies from spaCy, cached per document."""
    load_nlp(model)  # fail at build time, not on the first batch

    def run(batch: list[Document]) -> list[Document]:
        return parse_documents(batch, model=model, batch_size=batch_size)

    return run
