"""Unit tests of the line cleaner on tiny hand-written texts (no seed text here).

Each furniture kind and each title case has its own test, so a failing rule names
itself; the "kept" tests pin the other side: body lines that look like furniture.
"""

from __future__ import annotations

import pytest

from storyline.clean.text import CleanOptions, CleanResult, classify_line, clean_text

BODY = (
    "The two delegations met for four hours on Friday and agreed to meet again next week, "
    "officials from both sides said after the talks."
)
BODY2 = "Neither side gave details of the proposals discussed, and no joint statement followed."


def removed_reasons(result: CleanResult) -> dict[str, str]:
    """Removed line text to reason, for compact assertions."""
    return {line.text: line.reason for line in result.removed}


def kept_lines(result: CleanResult) -> list[str]:
    return result.text.split("\n\n") if result.text else []


# --- titles ---------------------------------------------------------------------------


def test_repeated_title_is_title_once_and_duplicate_after() -> None:
    headline = "Ministers Agree to Resume Grain Talks"
    raw = f"{headline}\n\n{headline}\n\n{BODY}"
    result = clean_text(raw)
    assert result.title == "Ministers Agree to Resume Grain Talks"
    assert [(r.line_no, r.reason) for r in result.removed] == [(3, "duplicate-title")]
    assert kept_lines(result) == [BODY]


def test_no_title_when_text_opens_with_a_paragraph() -> None:
    result = clean_text(f"{BODY}\n{BODY2}\n")
    assert result.title is None
    assert result.removed == ()
    assert kept_lines(result) == [BODY, BODY2]


def test_pipe_section_suffix_is_stripped_from_title() -> None:
    raw = f"Grain corridor talks resume after two-month pause | World news\n\n{BODY}"
    assert clean_text(raw).title == "Grain corridor talks resume after two-month pause"


def test_pipe_section_and_site_suffixes_are_stripped() -> None:
    raw = f"Grain corridor talks resume after pause | Europe | Daily Courier\n{BODY}"
    assert clean_text(raw).title == "Grain corridor talks resume after pause"


def test_dash_site_suffix_stripped_but_cited_source_kept() -> None:
    site = f"Grain corridor talks resume after pause - Daily Courier\n{BODY}"
    assert clean_text(site).title == "Grain corridor talks resume after pause"
    retold = (
        "Kremlin rejects truce terms, demands end to arms deliveries - WSJ\n"
        "The Kremlin rejected the terms, according to the WSJ, which cited two officials."
    )
    assert clean_text(retold).title == (
        "Kremlin rejects truce terms, demands end to arms deliveries - WSJ"
    )


def test_short_title_with_deck_below_stays_title_but_outlet_name_gives_way() -> None:
    deck = "Russia demands an end to Western arms deliveries as a condition for any truce"
    short = clean_text(f"Putin Rejects Ceasefire\n{deck}\n{BODY}")
    assert short.title == "Putin Rejects Ceasefire"
    assert kept_lines(short) == [deck, BODY]
    masthead = clean_text(f"The Harbour Times\n{deck}\n{BODY}")
    assert masthead.title == deck
    assert removed_reasons(masthead) == {"The Harbour Times": "navigation"}


def test_known_title_selects_near_equal_line() -> None:
    raw = f"Menu\nEU weighs new 'sanctions package' on oil\n{BODY}"
    result = clean_text(raw, known_title="EU weighs new ‘sanctions package’ on oil")
    assert result.title == "EU weighs new 'sanctions package' on oil"
    assert kept_lines(result) == [BODY]


def test_known_title_absent_from_text_is_returned_and_body_kept() -> None:
    result = clean_text(f"{BODY}\n{BODY2}", known_title="Delegations agree to meet again")
    assert result.title == "Delegations agree to meet again"
    assert kept_lines(result) == [BODY, BODY2]


def test_quotation_headline_is_a_title_but_quotation_line_is_not() -> None:
    headline = "‘Unacceptable’: Finland rejects new border terms"
    assert clean_text(f"{headline}\n{BODY}").title == headline
    assert clean_text(f"“We will not give up our land”\n{BODY}").title is None


# --- furniture kinds ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("close", "navigation"),
        ("Skip to main content", "navigation"),
        ("Back to top", "navigation"),
        ("Leave a Comment", "call-to-action"),
        ("Read Entire Article", "call-to-action"),
        ("Source link", "call-to-action"),
        ("Read more coverage on Example Politics", "call-to-action"),
        ("Continue reading the main story", "call-to-action"),
        ("Click here to download our app", "call-to-action"),
        ("Comments (14)", "call-to-action"),
        ("Follow us on Telegram", "call-to-action"),
        ("Share on Facebook", "share-widget"),
        ("Facebook Twitter WhatsApp Email", "share-widget"),
        ("Tags", "tag-label"),
        ("Topics: Ukraine, Energy, Sanctions", "tag-label"),
        ("Filed under", "tag-label"),
        ("Details", "template-label"),
        ("Let us remind", "template-label"),
        ("Read also: Drone attack damages port in the south", "call-to-action"),
        ("Advertisement", "advertisement"),
        ("© 2025 Example Media Group. All rights reserved.", "copyright"),
        ("We use cookies to improve your experience. Accept all", "cookie-notice"),
        ("Sign up for our morning briefing", "call-to-action"),
        ("Get the day's top stories delivered to your inbox every morning.", "newsletter"),
        ("3 hours ago", "timestamp-widget"),
        ("Updated 2 min ago", "timestamp-widget"),
        ("2 weeks ago 12", "timestamp-widget"),
        ("Jane Doe | Getty Images News | Getty Images", "photo-credit"),
        ("Photo: Reuters", "photo-credit"),
        ("Image: Office of the President", "photo-credit"),
        ("Officials at the border on Monday. Photograph: Ann Roe/AP", "photo-caption"),
        ("By Jane Doe and John Roe", "byline"),
        ("* * *", "separator"),
    ],
)
def test_classify_line_kinds(line: str, reason: str) -> None:
    assert classify_line(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "Shares of the company closed 3% lower on Monday.",
        "Tags were attached to the drones, officials said.",
        "Close allies of the president disagreed.",
        "“Close the skies!”",
        "“Share the burden,” she said.",
        "What comes next",
        "Details of the plan have not been published.",
        "Reuters reported on Monday that the talks had stalled.",
        BODY,
    ],
)
def test_classify_line_keeps_body_that_looks_like_furniture(line: str) -> None:
    assert classify_line(line) is None


def test_caption_before_agency_credit_is_removed() -> None:
    raw = (
        "Leaders Meet in Geneva Ahead of Ceasefire Vote\n"
        "Two presidents during a joint press conference on May 2, 2024, in Geneva, Switzerland.\n"
        "Jane Doe | Getty Images News | Getty Images\n"
        f"{BODY}\n"
    )
    reasons = removed_reasons(clean_text(raw))
    assert reasons["Jane Doe | Getty Images News | Getty Images"] == "photo-credit"
    assert reasons[
        "Two presidents during a joint press conference on May 2, 2024, in Geneva, Switzerland."
    ] == "photo-caption"


def test_caption_after_credit_needs_picture_wording() -> None:
    raw = (
        f"{BODY}\n"
        "Photo: Ministry of Defence\n"
        "Soldiers pose for a photo after crossing the border in the north.\n"
        f"{BODY2}\n"
    )
    result = clean_text(raw)
    assert removed_reasons(result) == {
        "Photo: Ministry of Defence": "photo-credit",
        "Soldiers pose for a photo after crossing the border in the north.": "photo-caption",
    }
    assert kept_lines(result) == [BODY, BODY2]


def test_paragraph_beside_bare_credit_is_kept() -> None:
    short = "Rescue teams worked through the night in the damaged district."
    result = clean_text(f"{short}\nPhoto: City Council\n{BODY}")
    assert kept_lines(result) == [short, BODY]


def test_keep_captions_option_keeps_captions_but_drops_credits() -> None:
    raw = (
        "Leaders Meet in Geneva Ahead of Ceasefire Vote\n"
        "Two presidents shake hands at the start of talks in Geneva.\n"
        "Jane Doe | Getty Images\n"
        f"{BODY}\n"
    )
    result = clean_text(raw, CleanOptions(keep_captions=True))
    assert "Two presidents shake hands at the start of talks in Geneva." in kept_lines(result)
    assert [r.reason for r in result.removed] == ["photo-credit"]


def test_site_label_and_timestamp_under_title() -> None:
    raw = "Ceasefire Talks Set for Tuesday\n\n1 week ago 3\n\nNorthwind Markets\n\n" + BODY
    result = clean_text(raw)
    assert result.title == "Ceasefire Talks Set for Tuesday"
    assert removed_reasons(result) == {
        "1 week ago 3": "timestamp-widget",
        "Northwind Markets": "site-label",
    }


def test_dateline_with_bullet_and_breadcrumbs() -> None:
    raw = f"Home » World » Europe\nPort city hit by overnight drone strike\nOdesa • PNA\n{BODY}"
    result = clean_text(raw)
    assert result.title == "Port city hit by overnight drone strike"
    assert removed_reasons(result) == {
        "Home » World » Europe": "navigation",
        "Odesa • PNA": "dateline",
    }


def test_tag_list_after_tag_label_and_footer_site_name() -> None:
    raw = f"{BODY}\n{BODY2}\nTags:\nUkraine\nBlack Sea, grain exports\nNorthwind Markets\n"
    result = clean_text(raw)
    assert kept_lines(result) == [BODY, BODY2]
    assert {r.reason for r in result.removed} == {"tag-label"}


# --- what must be kept ----------------------------------------------------------------


def test_mid_body_heading_and_one_line_quote_are_kept() -> None:
    raw = "\n".join(
        ["Ceasefire Talks Set for Tuesday", BODY, "‘Unacceptable’", "“No.”", BODY2,
         "What comes next", BODY]
    )
    result = clean_text(raw)
    assert result.removed == ()
    assert kept_lines(result) == [BODY, "‘Unacceptable’", "“No.”", BODY2, "What comes next", BODY]


def test_short_unpunctuated_last_line_of_ordinary_words_is_kept() -> None:
    raw = f"{BODY}\nand the talks went on into the night"
    assert kept_lines(clean_text(raw))[-1] == "and the talks went on into the night"


def test_max_furniture_words_limits_shape_rules() -> None:
    raw = f"Ceasefire Talks Set for Tuesday\nNorthwind Markets\n{BODY}"
    assert [r.reason for r in clean_text(raw).removed] == ["site-label"]
    narrow = clean_text(raw, CleanOptions(max_furniture_words=1))
    assert narrow.removed == ()


# --- bookkeeping ----------------------------------------------------------------------


def test_removed_line_numbers_count_blank_lines_from_one() -> None:
    raw = f"\nclose\n\n  close  \nGrain Talks Resume After Long Pause\n\n{BODY}\n\nSource link\n"
    result = clean_text(raw)
    assert [(r.line_no, r.text, r.reason) for r in result.removed] == [
        (2, "close", "navigation"),
        (4, "close", "navigation"),
        (9, "Source link", "call-to-action"),
    ]
    lines = raw.splitlines()
    assert all(lines[r.line_no - 1].strip() == r.text for r in result.removed)


def test_text_is_stripped_paragraphs_joined_by_blank_line() -> None:
    result = clean_text(f"  {BODY}  \n\n\n{BODY2}\t\n")
    assert result.text == f"{BODY}\n\n{BODY2}"


def test_empty_input() -> None:
    assert clean_text("") == CleanResult(text="", title=None, removed=())
    assert clean_text("\n \n") == CleanResult(text="", title=None, removed=())
