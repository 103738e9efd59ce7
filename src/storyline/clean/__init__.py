"""Cleaning: strip page furniture from ingested text, keep every body line.

``clean.text`` classifies lines of plain text (boilerplate or body) and finds the title;
``clean.html`` turns an HTML page into main text and metadata. The ``clean`` stage
wraps the former so the pipeline can run it on batches of documents.
"""

from __future__ import annotations

from collections.abc import Callable

from storyline.clean.metadata import metadata_from_furniture
from storyline.clean.text import CleanOptions, CleanResult, clean_text
from storyline.model import Document
from storyline.registry import stage

__all__ = ["CleanOptions", "CleanResult", "clean_document", "clean_text", "make_cleaner"]


def clean_document(doc: Document, options: CleanOptions) -> Document:
    """Clean one document; metadata already known (a feed or HTML title) is kept.

    Outlet, author and date missing from the source's metadata are read back from the
    furniture lines the cleaner removed (site labels, datelines, bylines).
    """
    result = clean_text(doc.raw_text, options, known_title=doc.title)
    found = metadata_from_furniture(result.removed)
    return doc.evolve(
        text=result.text,
        title=doc.title or result.title,
        removed=result.removed,
        outlet=doc.outlet or found.outlet,
        author=doc.author or found.author,
        published=doc.published or found.published,
    )


@stage(
    "clean",
    defaults={"max_furniture_words": 8, "keep_captions": False},
    produces=("doc.text", "doc.title", "doc.removed"),
)
def make_cleaner(**settings: object) -> Callable[[list[Document]], list[Document]]:
    """Remove boilerplate lines (widgets, calls to action, captions, credits, datelines)."""
    options = CleanOptions(**settings)  # type: ignore[arg-type]

    def run(batch: list[Document]) -> list[Document]:
        return [clean_document(doc, options) for doc in batch]

    return run
