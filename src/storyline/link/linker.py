"""The linker: one document in, its copies, derivation links and event out.

For each new document, in order:

1. text features and the lead embedding; TF-IDF weights from the running document
   frequencies;
2. one lookup in the capped posting lists gives candidate documents and clusters;
3. **copies**: candidates sharing MinHash LSH bands are aligned word by word; a copy
   joins its original's origin group and event;
4. **derivatives**: the most similar candidates are aligned sentence by sentence; a
   rewrite is linked to its source (direction from dates, else content), counts with
   the source's origin and joins its event;
5. **event**: otherwise the streaming clusterer places the document.

:class:`Linker` works on any state (:mod:`storyline.link.state`): in memory for the
evaluations and the benchmark, on the store's tables in the ``link`` stage.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from storyline.link import derive, duplicates
from storyline.link.cluster import (
    Assignment,
    ClusterState,
    EventClusterer,
    EventDoc,
    Posting,
    candidate_keys,
    weekday_name,
)
from storyline.link.features import (
    NOT_HAPPENINGS,
    TextFeatures,
    headline_words,
    text_features,
)
from storyline.link.state import DocRecord, MemoryState
from storyline.model import AlignedSentence, Derivation, Document, Sentence

__all__ = [
    "DERIVE_CANDIDATES",
    "DERIVE_GATE",
    "LinkResult",
    "Linker",
    "cluster_label",
    "texts_to_embed",
]

Embedder = Callable[[Sequence[str]], np.ndarray]

# Candidates checked as possible sources or derivatives of a new document: the ones
# sharing the most posting keys with it, if their lead vectors are at least this close.
DERIVE_CANDIDATES = 3
DERIVE_GATE = 0.5
# Copy candidates verified by word alignment: the ones with the highest estimated
# Jaccard similarity (a copy of a copy is found through either).
COPY_CANDIDATES = 3
# Sentence vectors kept for alignment (documents), least recently used dropped first.
SENTENCE_CACHE = 256


@dataclass
class LinkResult:
    """What linking one document decided."""

    doc_id: str
    seq: int
    assignment: Assignment
    origin_id: str
    relation: str  # original | copy | derived
    via: str | None = None
    similarity: float | None = None
    derivations: list[Derivation] = field(default_factory=list)
    # Documents whose origin changed because this one turned out to be their source.
    reorigined: list[tuple[str, str]] = field(default_factory=list)


# Added to every IDF, as scikit-learn does, so that words in every document keep some
# weight. Lower floors were tried (0 and 0.5): they cost ECB+ dev 0.01-0.02 B-cubed F1
# and leave a young corpus with no usable word weights at all (with two documents every
# shared word would weigh nothing).
IDF_FLOOR = 1.0


def _unit_tfidf(counts: Counter[str], df: dict[str, int], n_docs: int, prefix: str = ""
                ) -> dict[str, float]:
    """Sublinear TF times smoothed IDF, L2-normalised."""
    weights = {
        t: (1.0 + math.log(c))
        * (math.log((n_docs + 1) / (df.get(prefix + t, 0) + 1)) + IDF_FLOOR)
        for t, c in counts.items()
    }
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {t: w / norm for t, w in weights.items()}


class Linker:
    """Link documents one at a time against everything linked before.

    state: a :class:`MemoryState` or :class:`~storyline.link.state.StoreState`.
    embedder: texts to unit vectors (default: MiniLM, :func:`storyline.nlp.embed.embed`).
    find_derivations (bool): look for rewrites (sentence alignment; the costliest step).
    """

    def __init__(self, state: MemoryState | None = None, embedder: Embedder | None = None,
                 *, find_derivations: bool = True) -> None:
        # The default embedder caches vectors by text, so a batch's leads can be embedded
        # ahead of time (add_many); another embedder is called only when needed.
        self._prefetch = embedder is None
        if embedder is None:
            from storyline.nlp.embed import embed as embedder
        self.state = state if state is not None else MemoryState()
        self.embed = embedder
        self.find_derivations = find_derivations
        self.clusterer = EventClusterer(self.state, self.state)
        self._sentence_vectors: OrderedDict[str, np.ndarray] = OrderedDict()

    # -- features ------------------------------------------------------------------------

    def event_doc(self, doc: Document, features: TextFeatures, seq: int) -> EventDoc:
        vectors = self.embed(_lead_texts(doc, features))
        vector = vectors.mean(axis=0)
        vector = vector / (np.linalg.norm(vector) or 1.0)
        name_keys = [f"n:{t}" for t in features.names]  # lead names are names too
        self.state.count_terms(list(features.terms) + name_keys)
        df = self.state.doc_freqs(list(features.terms) + name_keys)
        n_docs = self.state.n_docs
        return EventDoc(
            id=doc.id,
            seq=seq,
            vector=vector.astype(np.float32),
            terms=_unit_tfidf(features.terms, df, n_docs),
            names=_unit_tfidf(features.names, df, n_docs, prefix="n:"),
            lead_names=_unit_tfidf(features.lead_names, df, n_docs, prefix="n:"),
            when=features.when,
            published=features.published,
            durations=features.durations,
            latest_year=features.latest_year,
            name_phrases=Counter(dict(features.name_phrases.most_common(8))),
            title_terms=headline_words(features.title, features.sentences[:1], doc.text),
        )

    def _sentence_vectors_of(self, doc_id: str, sentences: tuple[Sentence, ...]) -> np.ndarray:
        cached = self._sentence_vectors.get(doc_id)
        if cached is None:
            cached = self.embed([s.text for s in sentences])
            self._sentence_vectors[doc_id] = cached
            if len(self._sentence_vectors) > SENTENCE_CACHE:
                self._sentence_vectors.popitem(last=False)
        else:
            self._sentence_vectors.move_to_end(doc_id)
        return cached

    # -- one document --------------------------------------------------------------------

    def add_many(self, docs: Sequence[Document]) -> list[LinkResult]:
        """Link cleaned documents in order; the same results as :meth:`add` one by one.

        With the default embedder, the leads of the whole batch are embedded in one call
        first (it caches vectors by text, so :meth:`add` then finds them): one model run
        over many short texts, sorted by length, wastes less on padding and per-call
        overhead than one run per document.
        """
        features = [text_features(doc) for doc in docs]
        if self._prefetch:
            self.embed([t for doc, f in zip(docs, features, strict=True)
                        for t in _lead_texts(doc, f)])
        return [self.add(doc, f) for doc, f in zip(docs, features, strict=True)]

    def add(self, doc: Document, features: TextFeatures | None = None) -> LinkResult:
        """Link one cleaned document; returns what was decided (the state is updated).

        features: :func:`text_features` of ``doc`` when computed already.
        """
        seq = self.state.next_seq()
        features = features if features is not None else text_features(doc)
        text = doc.text or doc.raw_text
        event = self.event_doc(doc, features, seq)
        sig = duplicates.signature(text)
        dup_keys = duplicates.band_keys(sig)
        event_keys = candidate_keys(event)
        postings = self.state.lookup(dup_keys + event_keys)
        attribution = derive.attribution_score([s.text for s in features.sentences])

        origin_id, relation, via, similarity = doc.id, "original", None, None
        derivations: list[Derivation] = []
        reorigined: list[tuple[str, str]] = []
        force: str | None = None
        copy = self._find_copy(text, sig, [p for k in dup_keys for p in postings.get(k, [])])
        if copy is not None:
            original, coverage = copy
            origin_id, relation, via, similarity = original.origin_id, "copy", original.id, \
                round(coverage, 4)
            force = original.cluster_id
        else:
            hits: Counter[str] = Counter(
                p.doc_id for k in event_keys for p in postings.get(k, []))
            link = self._find_derivation(doc, features, event, attribution, hits)
            if link is not None:
                derivation, other = link
                derivations.append(derivation)
                force = other.cluster_id
                if derivation.derived_id == doc.id:
                    origin_id, relation, via, similarity = other.origin_id, "derived", \
                        other.id, derivation.score
                else:
                    # The new document is the source of an earlier one: that one now
                    # counts with the new document's origin.
                    self.state.set_origin(other.id, doc.id)
                    reorigined.append((other.id, doc.id))

        assignment = self.clusterer.add(event, force_cluster=force, postings=postings)
        self.state.put_doc(
            DocRecord(doc.id, seq, assignment.cluster_id, origin_id, features.published,
                      event.vector, sig, attribution),
            text,
            features.sentences,
        )
        self.state.post(dup_keys, Posting(doc.id, assignment.cluster_id, seq))
        return LinkResult(doc.id, seq, assignment, origin_id, relation, via, similarity,
                          derivations, reorigined)

    def _find_copy(self, text: str, sig: np.ndarray, postings: list[Posting]
                   ) -> tuple[DocRecord, float] | None:
        ids = list(dict.fromkeys(p.doc_id for p in postings))
        if not ids:
            return None
        records = self.state.get_docs(ids)
        ranked = sorted(records.values(),
                        key=lambda r: -duplicates.estimated_jaccard(sig, r.signature))
        for record in ranked[:COPY_CANDIDATES]:
            other_text, _ = self.state.text_of(record.id)
            match = duplicates.align_copy(text, other_text)
            if match.is_copy:
                return record, match.coverage
        return None

    def _find_derivation(self, doc: Document, features: TextFeatures, event: EventDoc,
                         attribution: float, hits: Counter[str]
                         ) -> tuple[Derivation, DocRecord] | None:
        if not self.find_derivations or not hits or not features.sentences:
            return None
        ranked = [d for d, _ in heapq.nsmallest(DERIVE_CANDIDATES * 3, hits.items(),
                                                 key=lambda kv: (-kv[1], kv[0]))]
        records = self.state.get_docs(ranked)
        close = [r for r in (records.get(d) for d in ranked) if r is not None
                 and float(r.vector @ event.vector) >= DERIVE_GATE][:DERIVE_CANDIDATES]
        best: tuple[Derivation, DocRecord] | None = None
        for record in close:
            _text, other_sentences = self.state.text_of(record.id)
            n_mine, n_theirs = len(features.sentences), len(other_sentences)
            if not (derive.possible(n_mine, n_theirs) or derive.possible(n_theirs, n_mine)):
                continue  # too short to align enough sentences either way: skip embedding
            mine = self._sentence_vectors_of(doc.id, features.sentences)
            theirs = self._sentence_vectors_of(record.id, other_sentences)
            forward = derive.align(mine, theirs)  # this document rewrites the other
            backward = derive.align(theirs, mine)  # the other rewrites this document
            if not (forward.is_derivation or backward.is_derivation):
                continue
            new_is_derived, basis = derive.direction(
                features.published, record.published, attribution, record.attribution)
            if new_is_derived:
                derivation = _derivation(doc.id, record.id, features.sentences,
                                         other_sentences, forward, basis)
            else:
                derivation = _derivation(record.id, doc.id, other_sentences,
                                         features.sentences, backward, basis)
            if best is None or derivation.score > best[0].score:
                best = (derivation, record)
        return best


def texts_to_embed(doc: Document, derivations: bool = True) -> list[str]:
    """Every text the linker may embed for ``doc``: its lead, and (for derivation
    alignment) its sentences. The analysis computes them ahead, where the document is."""
    features = text_features(doc)
    texts = _lead_texts(doc, features)
    if derivations:
        texts += [s.text for s in features.sentences]
    return texts


def _lead_texts(doc: Document, features: TextFeatures) -> list[str]:
    """What the lead vector is the mean of: the title and first sentences."""
    return features.lead or [doc.text[:1000]]


def _derivation(derived_id: str, source_id: str, derived: tuple[Sentence, ...],
                source: tuple[Sentence, ...], alignment: derive.Alignment, basis: str
                ) -> Derivation:
    aligned = tuple(
        AlignedSentence(derived[i].where, source[j].where, sim)
        for i, j, sim in alignment.pairs
    )
    added = tuple(derived[i].where for i in alignment.added)
    return Derivation(derived_id, source_id, basis, round(alignment.score, 4), aligned, added)


def _overlap(a: str, b: str) -> bool:
    """Whether two names share a word or a stem ("Ardenia" and "Ardenian")."""
    for x in a.lower().split():
        for y in b.lower().split():
            if x == y or (min(len(x), len(y)) >= 4 and (x.startswith(y) or y.startswith(x))):
                return True
    return False


def cluster_label(state: ClusterState) -> str:
    """Who, what, when: the two most named actors, the key headline word, the date."""
    who: list[str] = []
    for phrase, _count in state.name_phrases.most_common():
        if any(_overlap(phrase, chosen) for chosen in who):
            continue
        who.append(phrase)
        if len(who) == 2:
            break
    what = [t for t, _ in state.title_terms.most_common() if t not in NOT_HAPPENINGS][:2]
    if state.first_date is not None:
        when = state.first_date.isoformat()
        if state.last_date and state.last_date != state.first_date:
            when += f"/{state.last_date.isoformat()}"
    else:
        common = state.weekdays.most_common(1)
        when = (weekday_name(common[0][0]) or "") if common else ""
    parts = [" and ".join(who), " ".join(what), when]
    return " · ".join(p for p in parts if p) or "unlabelled event"

