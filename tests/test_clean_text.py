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


# --- wire trailers, hashtags, post stamps, related links, policy labels ----------------


@pytest.mark.parametrize(
    "line",
    [
        "(Writing by Tomas Vance; Editing by Lisa Rowe and Omar Kell)",
        "(Additional reporting by Ida Moen in Tarvik; Compiled by Ben Carrow)",
        "Reporting by Jo Lemm in Ostra; Writing by Ana Ruel; Editing by Ken Dowd.",
        "(Reporting by Jo Lemm in Ostra and Ana Ruel in Quell, additional reporting by Sam Pike"
        " in Vardo; editing by Ken Dowd)",
        "With additional reporting by Yusuf al-Rami in Kessa.",
        "Compiled by staff writers",
    ],
)
def test_wire_credit_trailers_are_bylines(line: str) -> None:
    assert classify_line(line) == "byline"


@pytest.mark.parametrize(
    "line",
    [
        "Editing by committee, she said, had ruined the report.",
        "Reporting by the local paper revealed the mayor's debts.",
        "Reporting by the Harbour Ledger revealed the plan",
        "“Editing by hand took us three weeks,” Lind said.",
        "Written by hand on hotel notepaper, the letter was dated 1952.",
    ],
)
def test_sentences_about_reporting_and_editing_are_kept(line: str) -> None:
    assert classify_line(line) is None


def test_credit_trailer_after_last_paragraph_is_removed() -> None:
    trailer = "(Reporting by Jo Lemm in Ostra and Ana Ruel in Quell; Editing by Ken Dowd)"
    result = clean_text(f"Ferry Strike Ends After Nine Days\n{BODY}\n{BODY2}\n{trailer}\n")
    assert kept_lines(result) == [BODY, BODY2]
    assert removed_reasons(result) == {trailer: "byline"}


@pytest.mark.parametrize(
    "line", ["#budget #taxes #harbour", "#Vote2030, #Tarvik", "#ferries · #strike · #unions"]
)
def test_hashtag_lines_are_furniture(line: str) -> None:
    assert classify_line(line) == "hashtags"


@pytest.mark.parametrize(
    "line",
    [
        "Protesters carried signs reading #NoMoreTolls outside the town hall.",
        "Trending on social media, the tag #SaveTheFerry drew thousands of posts.",
        "#MeToo",
    ],
)
def test_sentences_with_a_hashtag_and_a_lone_hashtag_are_kept_alone(line: str) -> None:
    assert classify_line(line) is None


def test_lone_hashtag_is_furniture_only_at_the_end() -> None:
    mid = clean_text(f"{BODY}\n#FerryStrike\n{BODY2}")
    assert kept_lines(mid) == [BODY, "#FerryStrike", BODY2]
    end = clean_text(f"{BODY}\n{BODY2}\n#FerryStrike")
    assert removed_reasons(end) == {"#FerryStrike": "hashtags"}


@pytest.mark.parametrize(
    "line",
    [
        "Posted on 3 June 2029 by webadmin",
        "Published 12 Feb 2030 by Sara Lind",
        "Posted by admin on June 3, 2029",
        "Posted by Jo Lemm, May 7, 2031",
        "Updated on Monday, March 4, 2030 at 10:15 by Jo Lemm",
        "Last updated on 4 March 2030 by editor_1",
        "Submitted on 12/05/2030 by j.doe",
        "Posted: 7 May 2031 | By webdesk",
    ],
)
def test_post_stamps_with_poster_are_bylines(line: str) -> None:
    assert classify_line(line) == "byline"


@pytest.mark.parametrize(
    "line",
    [
        "Published on Monday by the ministry, the report found rising debt.",
        "Posted on Facebook by a local group, the video drew 2 million views.",
        "Updated by the council.",
        "Posted by hand",
    ],
)
def test_sentences_about_posting_and_publishing_are_kept(line: str) -> None:
    assert classify_line(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "Recommended: Why the harbour never froze this year",
        "Trending: Mayor's dog wins national show",
        "Popular: Ten ferries to ride before summer ends",
        "Read next: The valley that grew too fast",
        "Read Next - The valley that grew too fast",
        "Most read: Tram lines to close for repairs",
        "Most Viewed | Tram lines to close for repairs",
        "Most read on Harbour Ledger: Tram lines to close",
        "You might also like: The last lighthouse keeper",
        "In case you missed it: Council votes on parking fees",
        "Editor's picks | The river towns fighting back",
        "Related stories » Tram lines to close",
        "More from Harbour Ledger: Dock strike enters its second week",
        "More from Harbour Ledger",
        "Also on Harbour Ledger: Bakers protest flour tax",
        "Also on Harbour Ledger",
        "Most Popular in Business",
        "Most read in world news",
        "Related roundup: Ferry timetables, Tag: example.org",
        "Recommended by Harbour Ledger",
        "RelatedFerry strike ends after nine daysTram lines to close",
    ],
)
def test_related_link_lines_in_many_wordings(line: str) -> None:
    assert classify_line(line) == "related-link"


@pytest.mark.parametrize(
    "line",
    [
        "Most read newspapers in the region reported the strike on Monday.",
        "Most read newspapers in the region reported the strike",
        "Most readers agreed with the ruling",
        "Also on Monday, the ministry said it would review the ban.",
        "Also on the agenda was a vote on fishing quotas.",
        "More from the minister came later",
        "More news emerged on Tuesday, when the court ruled.",
        "Popular support for the plan has fallen to 40 percent.",
        "Recommended reading lists were sent to all schools.",
        "Recommended by doctors, the drug spread quickly.",
        "Read next week's report for the details.",
        "Most popular: the red model, which sold 2 million units.",
        "Latest: the death toll has risen to 12.",
        "You may also like the new ferry timetable, officials said.",
        "Relatedly, the court ruled on the appeal.",
        "Popular in the polls",
        "Popular culture: a new frontier for the museum",
    ],
)
def test_body_lines_opening_with_related_cue_words_are_kept(line: str) -> None:
    assert classify_line(line) is None


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Harbour Ledger • Editorial guidelines", "site-policy"),
        ("Corrections policy | Harbour Ledger", "site-policy"),
        ("Report an error", "site-policy"),
        ("Harbour Ledger · machine-translated", "translation-notice"),
        ("20 photos", "media-widget"),
    ],
)
def test_site_policy_and_translation_labels(line: str, reason: str) -> None:
    assert classify_line(line) == reason


@pytest.mark.parametrize(
    "line", ["Translation: “We will not leave.”", "Corrections", "Standards"]
)
def test_lead_ins_and_headings_near_policy_words_are_kept(line: str) -> None:
    assert classify_line(line) is None


def test_site_label_with_unknown_note_in_the_top_block() -> None:
    title, label = "Ferry Strike Ends After Nine Days", "Harbour Ledger • reader edition"
    below = clean_text(f"{title}\n{label}\n{BODY}")
    assert below.title == title
    assert removed_reasons(below) == {label: "site-label"}
    above = clean_text(f"{label}\n{title}\n{BODY}")
    assert above.title == title
    assert removed_reasons(above) == {label: "site-label"}
    mid = clean_text(f"{BODY}\n{label}\n{BODY2}")
    assert mid.removed == ()


def test_caption_and_desk_credit_anywhere_in_the_text() -> None:
    caption = "Dock workers leave the gates of the east terminal, June 2, 2029."
    credit = "Ann Lenn | Harbour Ledger Photos"
    for raw in (
        f"Ferry Strike Ends After Nine Days\n{BODY}\n{caption}\n{credit}\n{BODY2}",
        f"Ferry Strike Ends After Nine Days\n{BODY}\n{BODY2}\n{caption}\n{credit}\n",
    ):
        result = clean_text(raw)
        assert removed_reasons(result) == {caption: "photo-caption", credit: "photo-credit"}
        assert kept_lines(result) == [BODY, BODY2]


def test_dated_body_sentence_beside_no_credit_is_kept() -> None:
    dated = "The agreement was signed in the old customs house, June 2, 2029."
    result = clean_text(f"{BODY}\n{dated}\n{BODY2}")
    assert kept_lines(result) == [BODY, dated, BODY2]


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
