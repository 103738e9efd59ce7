"""Near-duplicates: MinHash/LSH candidates, word alignment decides."""

from __future__ import annotations

from storyline.link.duplicates import (
    align_copy,
    band_keys,
    estimated_jaccard,
    signature,
)

WIRE = (
    "DRASK, March 11 (Northern Wire) - Boravian President Radomir Kasharin refused on "
    "Tuesday to agree to a full 30-day ceasefire in the war with Ardenia, but said his "
    "forces would stop striking energy infrastructure and ports for 30 days if Ardenia did "
    "the same, after a 90-minute telephone call with Ardenian President Tomas Vell. The "
    "call, brokered by Lutheria, was the first direct contact between the two leaders "
    "since the war over the Molrava border region began 18 months ago."
)
COPY = "Home » World » Ardenia\n\nWire\n\n" + WIRE + "\n\nShare this article"
REWRITE = (
    "Kasharin has said no to a complete month-long truce with Ardenia. After talking to "
    "Vell on the phone for an hour and a half, the Boravian leader offered only to spare "
    "power stations and harbours, provided Ardenia does likewise. Lutheria set up the "
    "conversation, the first since fighting over Molrava started a year and a half ago."
)


def test_a_copy_with_page_furniture_shares_lsh_bands() -> None:
    a, b = signature(WIRE), signature(COPY)
    assert estimated_jaccard(a, b) > 0.7
    assert set(band_keys(a)) & set(band_keys(b))


def test_a_rewrite_does_not_share_bands() -> None:
    a, b = signature(WIRE), signature(REWRITE)
    assert estimated_jaccard(a, b) < 0.1
    assert not set(band_keys(a)) & set(band_keys(b))


def test_alignment_covers_the_copy_and_cites_both_texts() -> None:
    match = align_copy(COPY, WIRE)
    assert match.is_copy and match.coverage > 0.95
    a_start, a_end, b_start, b_end = match.blocks[0]
    assert COPY[a_start:a_end] == WIRE[b_start:b_end]


def test_a_shared_lead_paragraph_alone_is_not_a_copy() -> None:
    lead = WIRE.split(". The call")[0] + ". "
    follow_up = lead + REWRITE + " Markets in Velmar rose on the news, traders said."
    analysis = lead + (
        "In Drask, officials said the offer showed goodwill. Analysts doubted it would "
        "hold beyond the spring, citing the failed truce of the previous winter."
    )
    match = align_copy(follow_up, analysis)
    assert 0.3 < match.coverage < 0.8 and not match.is_copy


def test_signatures_are_deterministic() -> None:
    assert (signature(WIRE) == signature(WIRE)).all()
    assert band_keys(signature(WIRE)) == band_keys(signature(WIRE))
