"""storyline's own spaCy components, registered under a ``storyline_`` prefix.

Token-level work belongs inside spaCy, where it sees the tokenisation the parser sees.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["paragraph_breaks"]


@Language.component("storyline_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break.

    Why: the clean text puts one paragraph per line group, and the small English model
    sometimes runs a headline-like paragraph into the next one. A sentence never
    crosses a paragraph in news text (quotes that do are joined later, by the quote
    extractor, which can see the quote marks).
    """
    for token in doc[:-1]:
        if (token.is_space and "\n" in token.text) or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc
