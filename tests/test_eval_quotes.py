"""Quote evaluations: the scorers on tiny inline data, then the acceptance numbers on
../shared (skipped when it is absent)."""

from __future__ import annotations

import pytest

from storyline.evaluation.polnear import (
    Attribution,
    attributions_of,
    match_document,
    parse_ann,
)
from storyline.evaluation.quotes import (
    content_stems,
    gold_speaker_words,
    name_words,
    predicted_speaker_words,
    score_documents,
)
from storyline.model import Actor, Document, Provenance, Quote, Sentence

# -- seed scorer (no model) ----------------------------------------------------------------


def test_name_words_drop_titles_pronouns_and_possessives() -> None:
    assert name_words("German Defense Minister Boris Pistorius") == {"german", "boris",
                                                                    "pistorius"}
    assert name_words("The Kremlin's statement") == {"kremlin"}
    assert name_words("he") == set()
    assert name_words("the president") == set()


def test_gold_speaker_words_follow_metonyms_both_ways() -> None:
    metonyms = {"Russia": ["Kremlin"], "Kremlin": ["Russia"]}
    assert gold_speaker_words("Kremlin", metonyms) == {"kremlin", "russia"}
    assert gold_speaker_words("Analysts (unnamed)", {}) == {"analysts"}


def test_content_stems_meet_across_spelling() -> None:
    assert content_stems("Pistorius criticised Putin") & content_stems(
        "Pistorius criticized Putin's actions") == {"pisto", "criti", "putin"}


def _doc(text: str, quotes: list[tuple[str, str, str | None, str | None]],
         actors: tuple[Actor, ...] = ()) -> Document:
    doc = Document.from_text(text, name="a.txt").evolve(text=text)
    out = []
    for kind, words, speaker_text, speaker_id in quotes:
        start = text.index(words)
        where = Provenance(doc.id, start, start + len(words), "quotes")
        speaker_where = None
        if speaker_text:
            s = text.index(speaker_text)
            speaker_where = Provenance(doc.id, s, s + len(speaker_text), "quotes")
        out.append(Quote(words, kind, speaker_id, speaker_text, where, speaker_where))
    sentences = []
    at = 0
    for part in text.split(". "):
        start = text.index(part, at)
        sentences.append(Sentence(len(sentences), part,
                                  Provenance(doc.id, start, start + len(part), "parse")))
        at = start + len(part)
    return doc.evolve(quotes=tuple(out), actors=actors, sentences=tuple(sentences))


def test_predicted_speaker_is_the_resolved_actor() -> None:
    actor = Actor("volodymyr-zelenskyy", "Volodymyr Zelenskyy", "person")
    doc = _doc("“No,” he said.", [("direct", "No,", "he", "volodymyr-zelenskyy")], (actor,))
    assert predicted_speaker_words(doc.quotes[0], doc) == {"volodymyr", "zelenskyy"}
    unresolved = _doc("“No,” he said.", [("direct", "No,", "he", None)])
    assert predicted_speaker_words(unresolved.quotes[0], unresolved) == set()


def test_direct_match_needs_half_the_gold_tokens() -> None:
    text = "“We will rebuild the bridge this year,” Jones said. Jones said the cost is high."
    gold = [
        {"id": "g1", "doc": "a.txt", "kind": "direct", "speaker": "Ann Jones",
         "text": "We will rebuild the bridge this year,"},
        {"id": "g2", "doc": "a.txt", "kind": "indirect", "speaker": "Ann Jones",
         "text": "The cost of the bridge is high."},
    ]
    good = _doc(text, [("direct", "We will rebuild the bridge", "Jones", None),
                       ("indirect", "the cost is high", "Jones", None)])
    metrics, _ = score_documents([good], gold, {})
    assert metrics["direct_recall"] == 1.0 and metrics["direct_precision"] == 1.0
    assert metrics["speaker_accuracy"] == 1.0
    assert metrics["indirect_recall"] == 1.0
    short = _doc(text, [("direct", "this year,", "Jones", None)])
    metrics, details = score_documents([short], gold, {})
    assert metrics["direct_recall"] == 0.0 and metrics["direct_precision"] == 0.0
    assert details["a.txt"]["direct_missed"]


def test_heading_gold_is_not_a_quote_to_find() -> None:
    text = "‘Manipulative’\n\nZelenskyy called it “manipulative.”"
    gold = [
        {"id": "h", "doc": "a.txt", "kind": "direct", "speaker": "Volodymyr Zelenskyy",
         "text": "Manipulative", "flags": ["heading"]},
        {"id": "q", "doc": "a.txt", "kind": "direct", "speaker": "Volodymyr Zelenskyy",
         "text": "manipulative."},
    ]
    doc = _doc(text, [("direct", "manipulative.", "Zelenskyy", None)])
    metrics, _ = score_documents([doc], gold, {})
    assert metrics["direct_gold"] == 1 and metrics["direct_recall"] == 1.0


# -- PolNeAR scorer (no model) -------------------------------------------------------------

ANN = "\n".join([
    "T1\tSource 0 5\tSmith",
    "T2\tCue 6 10\tsaid",
    "T3\tContent 11 20;25 30\tthe thing other",
    "T4\tAttribution 6 10\tsaid",
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
    "T5\tCue 40 45\tnoted",
    "T6\tContent 46 60\tsomething else",
    "T7\tAttribution-no-source 40 45\tnoted",
    "E2\tAttribution-no-source:T7 Content:T6 Cue:T5",
])


def test_parse_ann_reads_discontinuous_spans_and_sourceless_relations() -> None:
    first, second = parse_ann(ANN)
    assert first.content == frozenset(range(11, 20)) | frozenset(range(25, 30))
    assert first.source == frozenset(range(0, 5)) and first.cue == "said"
    assert second.source == frozenset()


def test_match_follows_gender_gap_tracker() -> None:
    gold = [Attribution(frozenset(range(0, 10)), frozenset(range(20, 25))),
            Attribution(frozenset(range(30, 40)))]
    # 3 of 10 gold characters is not strictly above 0.3: no match
    weak = [Attribution(frozenset(range(0, 3)), frozenset(range(20, 22)))]
    assert match_document(gold, weak).true_positive == 0
    pred = [Attribution(frozenset(range(0, 4)), frozenset(range(24, 30))),
            Attribution(frozenset(range(30, 40))),
            Attribution(frozenset(range(50, 60)))]
    result = match_document(gold, pred)
    assert (result.true_positive, result.false_positive, result.false_negative) == (2, 1, 0)
    # speaker: one shared character, or no source on either side
    assert result.speaker_match == 2


def test_attributions_merge_split_quotes_and_mixed_content() -> None:
    text = "“We tried,” Smith said, “and we failed.” Jones said that it was “over” then."
    doc = Document.from_text(text).evolve(text=text)

    def quote(words: str, kind: str, speaker: str, flags: tuple[str, ...] = ()) -> Quote:
        start = text.index(words)
        s = text.index(speaker)
        return Quote(words, kind, None, speaker,
                     Provenance(doc.id, start, start + len(words), "quotes"),
                     Provenance(doc.id, s, s + len(speaker), "quotes"), cue="said",
                     flags=flags)

    doc = doc.evolve(quotes=(
        quote("We tried,", "direct", "Smith"),
        quote("and we failed.", "direct", "Smith", ("split",)),
        quote("that it was “over” then", "mixed", "Jones"),
        quote("over", "direct", "Jones", ("partial",)),
    ))
    found = attributions_of(doc)
    assert len(found) == 2
    assert len(found[0].content) == len("We tried,") + len("and we failed.")


# -- the bundled example corpus (packaged model; in the repository) -----------------------


@pytest.mark.model
def test_example_corpus_quotes_generalise() -> None:
    """The invented-world example corpus has a quote gold in the seed format; no rule
    was written for it, so it checks that the seed numbers are not a one-off."""
    from pathlib import Path

    from storyline.config import load_config
    from storyline.evaluation.quotes import evaluate

    root = Path(__file__).resolve().parents[1]
    config = load_config(None, [f'stages.actors.extra=["{root / "examples/actors.yaml"}"]'])
    result = evaluate(root / "examples/corpus", root / "tests/fixtures/examples/quotes.json",
                      config=config)
    m = result.metrics
    assert m["direct_precision"] >= 0.95 and m["direct_recall"] >= 0.95
    assert m["speaker_accuracy"] >= 0.90
    assert m["indirect_recall"] >= 0.65


# -- acceptance on ../shared (packaged model) ----------------------------------------------


@pytest.mark.model
@pytest.mark.shared
def test_seed_quotes_meet_the_acceptance_numbers(shared) -> None:
    from storyline.evaluation.quotes import evaluate

    result = evaluate(shared / "seeds", shared / "gold/seeds/quotes.json")
    m = result.metrics
    assert m["direct_precision"] >= 0.95
    assert m["direct_recall"] >= 0.95
    assert m["speaker_accuracy"] >= 0.95
    assert m["indirect_recall"] >= 0.70


@pytest.fixture(scope="module")
def polnear_dev():
    """One PolNeAR dev run (about a minute) shared by the two checks below."""
    from pathlib import Path

    from storyline.evaluation.polnear import evaluate

    data = Path(__file__).resolve().parents[1].parent / "shared" / "data/polnear/dev"
    if not data.is_dir():
        pytest.skip("../shared is not present (evaluation data lives beside the checkout)")
    return evaluate(data).metrics


@pytest.mark.model
@pytest.mark.shared
def test_polnear_dev_holds_its_measured_level(polnear_dev) -> None:
    """The brief asks for content F1 >= 0.80; measured 0.70 (see the report), so this
    pins what is reached against regressions and records the target as not met."""
    assert polnear_dev["source_accuracy"] >= 0.85
    assert polnear_dev["content_f1"] >= 0.68


@pytest.mark.model
@pytest.mark.shared
@pytest.mark.xfail(reason="PolNeAR annotates every attribution (beliefs, plans, nominal "
                          "cues); content F1 0.80 is not reached", strict=False)
def test_polnear_dev_content_f1_target(polnear_dev) -> None:
    assert polnear_dev["content_f1"] >= 0.80
