"""Line-level cleaning of plain text: drop page furniture, keep every body line, find the title.

Contract:
    clean_text(raw, options, known_title=None) -> CleanResult
    CleanResult.text   body lines kept, paragraphs joined by a blank line, title excluded
    CleanResult.title  detected headline or None
    CleanResult.removed  RemovedLine(line_no 1-based in raw, stripped text, reason)

Why lines: text extracted from a web page (by trafilatura, a feed or a copy-paste) keeps
the page's furniture as lines of their own: a close button, a share bar, a photo credit,
"Tags". Article prose is never split across such a line, so judging whole lines keeps
every body sentence intact, and each drop can be shown with its reason.

The classifier runs in passes, each a small function, from the surest evidence to the
weakest:

1. ``classify_line``: each line alone against the lexicon (:mod:`.furniture`) and by
   shape (only separators, a timestamp, a credit, a byline, a wire credit trailer, a
   "Posted on … by …" stamp, a hashtag list, a related link, "City • OUTLET").
2. ``find_title``: the known title's line, else the first headline-shaped line near the
   top; short kickers above it are navigation; later copies are duplicates.
3. ``mark_top``: short name-like lines above the first paragraph (site labels,
   author names, "City • OUTLET" datelines, "Site • a note" mastheads, breadcrumbs).
4. ``mark_captions``: the descriptive sentence beside a photo credit.
5. ``mark_footer``: the tags after a tag label, and the run of names, dates and labels
   after the last paragraph.

A line is dropped on *shape alone* only when it has at most ``max_furniture_words``
words and is not a sentence; anything longer needs the lexicon or a credit beside it.
Losing a body line loses evidence, so every rule errs towards keeping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from storyline.clean import furniture as lex
from storyline.model import RemovedLine

__all__ = ["CleanOptions", "CleanResult", "classify_line", "clean_text", "line_key"]


@dataclass(frozen=True)
class CleanOptions:
    """Settings of the ``clean`` stage (``[stages.clean]`` in defaults.toml).

    max_furniture_words (int): lines with at most this many words may be judged page
        furniture by shape alone (position, capitalisation, no sentence punctuation).
    keep_captions (bool): keep photo captions in the clean text instead of dropping them.
    """

    max_furniture_words: int = 8
    keep_captions: bool = False


@dataclass(frozen=True)
class CleanResult:
    """What the cleaner found: body text, headline, and every dropped line with a reason."""

    text: str
    title: str | None
    removed: tuple[RemovedLine, ...]


# --- thresholds -----------------------------------------------------------------------
# Headlines run 5-17 words (BASIL's 192 NYT/Fox/HuffPost headlines: median 10, max 19);
# wire retellings with a "- Source" tail reach 20-25. A first paragraph is longer.
HEADLINE_MAX_WORDS = 25
# Headlines that end in a full stop (some feeds add one) are told apart from a one-line
# lede by Title Case: at least this share of the longer words capitalised (a capitalised
# name or two in a sentence-case lede stays under it).
TITLE_CASE_SHARE = 0.8
# ... and are short: a name-heavy lede can pass the Title Case test, but not at 15 words
# or fewer (basil's median headline is 10 words).
PERIOD_TITLE_MAX_WORDS = 15
# A headline has at least three words; one- or two-word lines above it are section
# kickers ("World", "Breaking news").
HEADLINE_MIN_WORDS = 3
# How far down the title may sit: past a close button, a kicker, a timestamp, a label.
TITLE_SEARCH_LINES = 8
# rapidfuzz ratio for "near-equal" titles: metadata titles differ from the on-page line
# by a quote style, a trailing period or a typo (~95); different headlines score < 80.
NEAR_TITLE_RATIO = 90
# Site names and section labels are 1-4 words ("Reuters", "The Kyiv Independent").
SITE_LABEL_MAX_WORDS = 4
# One segment of a dateline or masthead line ("New Delhi, News Nation Bureau | Updated …").
SEGMENT_MAX_WORDS = 6
# Calls to action that run on ("Subscribe to our newsletter to get the news first")
# stay under ~16 words; a longer line starting with "Read more" is a sentence.
CTA_MAX_WORDS = 16
# Credits are names and agencies: "Name | Agency News | Agency" is 6-10 words.
CREDIT_MAX_WORDS = 14
# Captions are one or two sentences, rarely over 45 words (wire style guides ask for
# one sentence plus context); a paragraph next to a credit that is longer is body.
CAPTION_MAX_WORDS = 50
CAPTION_MAX_SENTENCES = 2
# "Updated 18 March 2025, 10:32 GMT · 5 min read" is about 10 tokens.
TIMESTAMP_MAX_WORDS = 14
# Tag lists: each tag is a short name.
TAG_MAX_WORDS = 4
# Chinese, Japanese and Korean are written without spaces between words; two characters
# make about one English word (the usual CJK token/character ratio of word segmenters).
CJK_CHARS_PER_WORD = 2
# Upper-case headlines of inserted links run 7-15 words; capitalised sub-headings are
# shorter ("HOW TO USE A WATER BATH CANNER" is 7), so only 9+ words count as a link.
SHOUTED_LINK_MIN_WORDS = 9
# Newsletter pitches and contact notes run to about two sentences.
PITCH_MAX_WORDS = 30
# Cookie banners are one to three sentences.
COOKIE_MAX_WORDS = 48
# A share bar lists a handful of networks ("Share | Facebook | X | WhatsApp | Email").
SHARE_BAR_MAX_WORDS = 12
# Wire credit trailers name three to six people with their roles and places: "(Reporting
# by A in X and B in Y; additional reporting by C in Z; Writing by D; Editing by E and F)"
# is about 30 words.
CREDIT_TRAILER_MAX_WORDS = 40
# The poster of a "Posted on <date> by <user>" stamp: a name or two, or one handle.
POSTER_MAX_WORDS = 6

_QUOTE_OPEN = "\"'“‘„«‹「"
_QUOTE_ANY = "\"'“”‘’„«»‹›「」"
_CLOSERS = _QUOTE_ANY + ")]}*_ "
_SENTENCE_END = ".!?…。！？"
_KEY_TRANSLATE = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "„": '"', "–": "-",
                                "—": "-", "\u00a0": " "})
_KEY_STRIP = " \t:;,.!?|•·›»>«<-*#()[]{}\"'_=~+/\\"
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w", re.UNICODE)
_SEPARATORS = re.compile(r"\s*[|•·►▶»›]\s*|\s+[/>]\s+|\s{3,}")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_PIPE = re.compile(r"\s+[|•·]\s+")
_DASH_TAIL = re.compile(r"^(?P<head>.*\S)\s+[-–—]\s+(?P<tail>[^-–—]+)$")
_BYLINE = re.compile(
    r"^(?:by|written by|posted by|reporting by|reported by|edited by|editing by|author|"
    r"words by|story by)\s*:?\s+(?P<names>.+)$",
    re.IGNORECASE,
)
_REPORTING_VERB = re.compile(
    r"\b(?:said|says|told|tells|stated|added|according to|reported|wrote|writes|claimed|"
    r"announced|noted|insisted|warned)\b",
    re.IGNORECASE,
)
# "on May 2, 2024, in Geneva, Switzerland": the date-and-place frame of wire captions.
_CAPTION_DATE_PLACE = re.compile(
    r"\bon (?:\w+ )?\d{1,2}(?:st|nd|rd|th)?,? (?:\w+ )?\d{4},? in [A-Z]|"
    r"\bon [A-Z][a-z]+\.? \d{1,2}, \d{4},? in [A-Z]"
)
# Lower-case particles joined to a capitalised surname ("al-Awad", "d'Aubigny").
_NAME_PARTICLE = re.compile(r"(?<!\w)(?:al|el|ad|as|ash|bin|ibn|d|de|da|di|du|l|o)[-'’](?=[A-Z])")
# ", April 4, 2031." / ", 4 April 2031.": the date wire captions end with.
_CAPTION_DATE_TAIL = re.compile(
    r",\s+(?:(?:[A-Z][a-z]+\.? \d{1,2}(?:st|nd|rd|th)?)|(?:\d{1,2} [A-Z][a-z]+\.?)),? \d{4}\.?$"
)
# A full stop inside a line ("… alone. All opinions …", "… Dave Morin. Is Apple …"):
# a headline is one sentence. Titles and abbreviations before a name are not stops.
_INNER_STOP = re.compile(
    r"(?<![\w.])(?!(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gov|Sen|Rep|Gen|Lt|Col|Capt|Sgt|Prof|Rev|Hon|"
    r"Inc|Corp|Ltd|Co|No|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.)"
    r"[A-Za-z]{2,}\. [A-Z]"
)
_CLOCK = re.compile(r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:am|pm)?")
_NUMERIC_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
_SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’)]*(?:\s+|$)")
_AGENCY_NAME = re.compile(
    "|".join(rf"(?<!\w){re.escape(name)}(?!\w)" for name in lex.AGENCY_NAMES)
)
_AGENCY_CODE = re.compile("|".join(rf"(?<![\w-]){code}(?![\w-])" for code in lex.AGENCY_CODES))


# --- small helpers --------------------------------------------------------------------


def line_key(line: str) -> str:
    """The form lexicon labels are matched in: folded case, straight quotes, no edging.

    Why: "Tags:", "TAGS" and "» Tags" are the same widget; sites differ only in dress.
    """
    key = line.translate(_KEY_TRANSLATE).casefold()
    return _SPACE.sub(" ", key).strip(_KEY_STRIP)


def _words(line: str) -> list[str]:
    """Tokens that contain a letter or digit (separators and bullets are not words)."""
    return [tok for tok in line.split() if _WORD.search(tok)]


def _word_count(line: str) -> int:
    """Words in the line, counting unspaced CJK script by characters."""
    return len(_words(line)) + len(_CJK.findall(line)) // CJK_CHARS_PER_WORD


def _terminal(line: str) -> str:
    """The last character once closing quotes and brackets are set aside."""
    core = line.rstrip(_CLOSERS)
    return core[-1] if core else ""


def _is_sentence(line: str) -> bool:
    """Ends as prose does: sentence punctuation, or a comma/semicolon of a cut paragraph."""
    return _terminal(line) in _SENTENCE_END + ",;"


def _is_quoted(line: str) -> bool:
    """Opens or closes with a quote mark: a quotation is evidence, never furniture."""
    return line[:1] in _QUOTE_OPEN or line[-1:] in _QUOTE_ANY


def _is_prose(line: str, max_words: int) -> bool:
    """A line no shape rule may drop: a sentence, a quotation, a lead-in ("… said:"), or
    longer than furniture."""
    return (_is_sentence(line) or _is_quoted(line) or _terminal(line) == ":"
            or _word_count(line) > max_words)


def _is_name_shaped(line: str) -> bool:
    """Every word capitalised (or a name connector such as "of", "de"): a name, not prose."""
    if _CJK.search(line):
        return False  # these scripts have no capitals to tell a name by
    words = [w.strip(",;:()[]'’\"“”.") for w in _words(line)]
    words = [w for w in words if w]
    if not words or not any(w[0].isupper() for w in words):
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in lex.NAME_CONNECTORS
               for w in words)


def _has_agency(line: str) -> bool:
    """Names a photo agency or wire service ("Getty Images", "AP", "Reuters")."""
    return bool(_AGENCY_NAME.search(line_key(line)) or _AGENCY_CODE.search(line))


def _same_headline(a: str, b: str) -> bool:
    """Equal or near-equal headlines (quote style, a typo, a trailing period apart)."""
    ka, kb = line_key(a), line_key(b)
    if not ka or not kb:
        return False
    return ka == kb or fuzz.ratio(ka, kb) >= NEAR_TITLE_RATIO


# --- pass 1: one line alone -----------------------------------------------------------


def _timestamp_kind(key: str) -> str | None:
    """ "widget" for "3 hours ago" / "Updated 18 March", "date" for a bare date or time.

    A line qualifies when it is made only of time words and numbers, with an anchor
    (a month, a weekday, a clock time, "ago", "updated").
    """
    tokens = [t.strip(",;:.()[]|•·-/") for t in key.split()]
    tokens = [t for t in tokens if t]
    if not tokens or len(tokens) > TIMESTAMP_MAX_WORDS:
        return None
    clock = any(_CLOCK.fullmatch(t) for t in tokens)
    if not all(
        t in lex.TIME_WORDS or lex.DATE_NUMERIC.match(t) or (clock and lex.TIMEZONE.match(t))
        for t in tokens
    ):
        return None
    if any(t in lex.WIDGET_ANCHORS for t in tokens):
        return "widget"
    if clock or any(t in lex.TIME_ANCHORS or _NUMERIC_DATE.fullmatch(t) for t in tokens):
        return "date"
    return None


def _is_timestamp(key: str) -> bool:
    """Any date, time or timestamp widget line."""
    return _timestamp_kind(key) is not None


def _is_share_bar(key: str) -> bool:
    """Only share-network words: "Facebook Twitter Email", "Share | Tweet | Print"."""
    tokens = [t for t in re.split(r"[\s|•·/,]+", key) if t]
    return (bool(tokens) and len(tokens) <= SHARE_BAR_MAX_WORDS
            and all(t in lex.SHARE_WORDS for t in tokens))


def _is_credit(line: str, key: str, n_words: int) -> bool:
    """A photo credit: "Photo: …", or agency names joined by "|" or "/" ("Name | Getty")."""
    if n_words > CREDIT_MAX_WORDS:
        return False
    if lex.CREDIT_PREFIX.match(key):
        return not any(q in line for q in "“”\"«»„")  # "Photo: X“quote…” she said."
    if not (_has_agency(line) or _names_photo_desk(line)) or _is_sentence(line.rstrip(".")):
        return False
    joined = bool(re.search(r"[|/©]|\bvia\b", line)) or "getty" in key
    bare = re.sub(r"[|/©]", " ", line)
    return joined and _is_name_shaped(bare)


def _is_byline(line: str) -> bool:
    """ "By Jane Doe", "Reporting by A; Editing by B": names after a byline cue."""
    match = _BYLINE.match(line.strip("()[] "))
    if not match or _is_sentence(line) or _word_count(line) > CREDIT_MAX_WORDS:
        return False
    names = re.sub(r"\b(?:editing|reporting|additional reporting|writing) by\b", " ",
                   match["names"], flags=re.IGNORECASE)
    return _is_name_shaped(names.replace(";", ",").replace(" and ", " "))


def _separated_label(line: str, max_words: int) -> str | None:
    """Names and dates joined by "|", "•", "»": a dateline ("City • OUTLET") or breadcrumbs.

    RETURNS (str | None): "dateline" for two segments or any dated segment, "navigation"
    for a longer trail of names, None when a segment reads as prose.
    """
    parts = [p for p in _SEPARATORS.split(line) if p.strip()]
    if len(parts) < 2 or _word_count(line) > 2 * max_words or _is_sentence(line):
        return None
    if any(_word_count(p) > SEGMENT_MAX_WORDS or not _words(p) for p in parts):
        return None
    dated = [_is_timestamp(line_key(p)) for p in parts]
    if not all(d or _is_name_shaped(p) for p, d in zip(parts, dated, strict=True)):
        return None
    return "dateline" if len(parts) == 2 or any(dated) else "navigation"


def _top_label(line: str) -> str | None:
    """A site name with a note beside it: "Example Post • machine-translated",
    "Example Post · opinion · 4 min read".

    Why only in the top block: between the title and the first paragraph a name joined
    to a lower-case note by a bullet or a bar is the masthead; the lexicon catches the
    notes it knows anywhere, this catches new wordings where mastheads stand. Every part
    is short, one is a name, the others start in lower case or are labels or timestamps,
    so a Title Case headline with a " | Section" tail never qualifies.

    RETURNS (str | None): "site-label", or None.
    """
    parts = [p.strip() for p in _SEPARATORS.split(line) if p.strip()]
    if len(parts) < 2 or _is_sentence(line) or _is_quoted(line):
        return None
    if any(_word_count(p) > SITE_LABEL_MAX_WORDS or not _words(p) for p in parts):
        return None
    named = [_is_name_shaped(p) for p in parts]
    if not any(named):
        return None
    for part, is_name in zip(parts, named, strict=True):
        key = line_key(part)
        if not (is_name or part[:1].islower() or key in lex.LABEL_REASONS
                or _is_timestamp(key)):
            return None
    return "site-label"


def _is_copyright(line: str, key: str) -> bool:
    """ "© 2025 Outlet", "Copyright 2025 …", "… All rights reserved." """
    opening = line.lower().lstrip("( ")
    return opening.startswith(("©", "ⓒ", "c) ", "copyright")) or "all rights reserved" in key


def _addresses_reader(line: str, key: str) -> bool:
    """A call to action inside the line ("… by clicking here", "let us know …")."""
    return not any(q in line for q in "“”\"«»„") and bool(lex.CTA_ANYWHERE.search(key))


def _is_pitch(line: str, key: str, n_words: int) -> str | None:
    """A newsletter pitch or an author-contact note, addressed to the reader.

    Why second person: news prose reports in the third person; "your inbox", "follow us"
    is the page talking to its visitor. Lines quoting someone are never pitches.
    """
    if n_words > PITCH_MAX_WORDS or any(q in line for q in "“”\"«»„"):
        return None
    if lex.NEWSLETTER_CUES.search(key) and (
        lex.SECOND_PERSON.search(key) or n_words <= SITE_LABEL_MAX_WORDS
    ):
        return "newsletter"
    if lex.DISCLOSURE.search(key):
        return "disclosure"
    if lex.CONTACT_CUES.search(line) and lex.CONTACT_VERBS.search(key):
        return "contact-line"
    return None


def _is_shouted_link(line: str, n_words: int) -> bool:
    """A headline in capitals dropped into the story ("CO-FOUNDER 'PROUD' OF …").

    Why a length floor: capitalised section headings ("WHAT HAPPENS NEXT") are short and
    belong to the article.
    """
    letters = [c for c in line if c.isalpha()]
    return (SHOUTED_LINK_MIN_WORDS <= n_words <= CTA_MAX_WORDS and not _is_sentence(line)
            and bool(letters) and all(c.isupper() for c in letters))


def _names_photo_desk(line: str) -> bool:
    """A part of a "|" or "/" credit ends with a picture desk's word ("Example Images")."""
    parts = [p.strip(" .()[]") for p in re.split(r"[|/©]", line)]
    return len(parts) > 1 and any(lex.PHOTO_DESK.search(p) for p in parts[1:] if p)


def _is_credit_trailer(line: str) -> bool:
    """A wire story's closing credits: "(Reporting by A in X; Editing by B)".

    Why its own rule: the trailer runs longer than a byline (several names, each with a
    place and a role), but it is made of nothing else: strip the roles and what is left
    must be names (with "in <Place>") or staff words. Quotations never qualify.
    """
    core = line.strip(" -–—*•")
    if core[:1] in "([" and core.rstrip(".")[-1:] in ")]":
        core = core.rstrip(".")[1:-1].strip()
    core = re.sub(r"^with\s+", "", core, flags=re.IGNORECASE)
    if (not lex.CREDIT_ROLE.match(core) or any(q in core for q in "“”\"«»„")
            or _word_count(core) > CREDIT_TRAILER_MAX_WORDS):
        return False
    names = lex.CREDIT_ROLE.sub(";", core.rstrip("."))
    segments = [seg for seg in re.split(r"[;,]|\band\b|&", names) if seg.strip()]
    if not segments:
        return False
    for seg in segments:
        seg = _NAME_PARTICLE.sub("", seg)  # "al-Awad", "d'Aubigny": the name is capitalised
        words = [w for w in _words(seg) if w.lower() not in lex.STAFF_WORDS]
        if words and not _is_name_shaped(" ".join(words)):
            return False
    return True


def _is_hashtag_line(line: str, min_tags: int = 2) -> bool:
    """Only hashtags ("#Elections #Budget2025"), at least ``min_tags`` of them.

    Why two by default: one hashtag alone may be a body sub-heading; a string of them
    is the page's topic list. A sentence that contains a hashtag has other words.
    """
    tokens = [t for t in re.split(r"[\s|•·,;]+", line) if t]
    return len(tokens) >= min_tags and all(lex.HASHTAG.match(t) for t in tokens)


def _is_poster_stamp(line: str) -> bool:
    """ "Posted on <date> by <user>", "Published by <name> on <date>", "Updated … by …".

    The date part must be a timestamp on its own and the poster a name or one handle
    ("webdesk", "admin_2"), so "Published on Monday by the ministry, the report …" stays.
    """
    if not lex.POSTED_BY_HEAD.match(line) or _word_count(line) > TIMESTAMP_MAX_WORDS + 4:
        return False
    match = lex.POSTED_BY_TAIL.match(line.rstrip(". "))
    if not match:
        return False
    when = lex.POSTED_BY_HEAD.sub("", match["when"]).strip(" :|•·,")
    who, rest = match["who"], match["rest"] or ""
    if not (_is_stamp_date(when) and _is_poster(who, dated=bool(when))):
        # "Posted by X on <date>": the date follows the poster.
        split = re.match(r"^(?P<who>.+?)(?:\s*,\s*|\s+(?:on|at)\s+)(?P<when>.+)$", who)
        if not (split and not when and _is_stamp_date(split["when"])
                and _is_poster(split["who"], dated=True)):
            return False
    return not rest or _is_timestamp(line_key(rest)) or _is_name_shaped(rest)


def _is_stamp_date(when: str) -> bool:
    """Nothing, or a date or time ("on May 7, 2031", "12.05.2030 at 10:15")."""
    return not when or _is_timestamp(line_key(f"on {when}"))


def _is_poster(who: str, dated: bool) -> bool:
    """A poster's name ("Jane Doe", "Jane Doe and Sam Roe") or a handle ("webdesk").

    Without a date beside it, a lower-case word must look like a handle (staff word,
    digit, "_", "." or "@"): "Posted by admin", never "Posted by hand".
    """
    who = who.strip(" ,")
    if not who or _word_count(who) > POSTER_MAX_WORDS:
        return False
    if _is_name_shaped(who):
        return True
    if not re.fullmatch(r"@?[\w.-]{2,30}", who):
        return False
    return dated or who.lower() in lex.STAFF_WORDS or bool(re.search(r"[\d_.@]", who))


def _related_link(line: str, max_words: int) -> bool:
    """A related-stories header or link: a cue, then a headline, a site, or nothing.

    "Most read: <headline>", "You may also like | <headline>", "Trending in Europe",
    "More from Example News", "Also on Example: <headline>". Why the strict tail: the
    cue words open body sentences too ("Most read newspapers reported …", "Also on
    Monday, …", "More from the minister came later"), so after a cue there must be a
    separator and a headline (which, unlike prose, does not end in a full stop), or a
    short name.
    """
    core = line.translate(_KEY_TRANSLATE).strip(_KEY_STRIP + "►▶")
    if lex.RELATED_GLUED.match(core) and not any(q in line for q in "“”\"«»„"):
        return True
    site = lex.RELATED_SITE_CUE.match(core)
    if site:
        name, sep, rest = _split_cue_tail(core[site.end():])
        if name and _word_count(name) <= SITE_LABEL_MAX_WORDS and _is_name_shaped(name):
            return not sep or _is_headline_tail(line, rest)
    cue = lex.RELATED_CUE.match(core)
    if not cue:
        return False
    after = core[cue.end():]
    if not after.strip():
        return True
    name, sep, rest = _split_cue_tail(after)
    after = after.strip()
    # Only the unambiguous cues take a lower-case word or two before the separator
    # ("Related roundup: …", "Most read today: …"); "Popular culture: …" may be a heading.
    plain = cue["cue"].lower().startswith(("related", "recommended", "most"))
    if sep and (not name or (plain and _word_count(name) <= 2) or _is_short_name(name)):
        # "Most read: <headline>", "Related roundup: <…>", "Most read in Business: <…>"
        return _is_headline_tail(line, rest)
    # "Most read in World News", "Popular on Example": a short name after a preposition.
    place = re.match(r"^(?:on|in|from|at|this)\s+(?P<name>.+)$", after, re.IGNORECASE)
    return (bool(place) and not sep and _word_count(line) <= max_words
            and not _is_sentence(line)
            and (_is_name_shaped(place["name"])
                 or (cue["cue"].lower().startswith("most") and place["name"].islower()
                     and _word_count(place["name"]) <= 3)))


def _is_short_name(text: str) -> bool:
    """A site or section name of up to four words, after an optional preposition."""
    text = re.sub(r"^(?:on|in|from|at)\s+", "", text, flags=re.IGNORECASE)
    return _word_count(text) <= SITE_LABEL_MAX_WORDS and _is_name_shaped(text)


def _split_cue_tail(after: str) -> tuple[str, str, str]:
    """ "Example News: headline" -> ("Example News", ":", "headline"); no separator ->
    (after, "", "")."""
    match = re.match(r"^\s*(?P<name>.*?)\s*(?P<sep>:|\||»|›|>>|\s[-–—])\s*(?P<rest>\S.*)$", after)
    if not match:
        return after.strip(), "", ""
    return match["name"].strip(), match["sep"].strip(), match["rest"]


def _is_headline_tail(line: str, rest: str) -> bool:
    """The linked headline after a related-link cue: headline length, not prose.

    Headlines do not end in a full stop (a Title Case one may); the original line is
    checked so a closing "…" or "?" counts as written.
    """
    if not rest or _word_count(rest) > HEADLINE_MAX_WORDS:
        return False
    return _terminal(line) != "." or _is_title_case(rest) or line.rstrip().endswith("…")


def _mixed_label(line: str) -> str | None:
    """A site name beside a lexicon label: "Example News • Our editorial standards".

    RETURNS: the label's reason when every part is a lexicon label or a short name and
    at least one part is a label; else None.
    """
    parts = [p.strip() for p in _SEPARATORS.split(line) if p.strip()]
    if len(parts) < 2 or _is_sentence(line):
        return None
    reasons = [lex.LABEL_REASONS.get(line_key(p)) for p in parts]
    if not any(reasons):
        return None
    for part, reason in zip(parts, reasons, strict=True):
        if not reason and not (
            _word_count(part) <= SITE_LABEL_MAX_WORDS and _is_name_shaped(part)
        ):
            return None
    return next(r for r in reasons if r)


def classify_line(line: str, options: CleanOptions | None = None) -> str | None:
    """The furniture reason for one stripped line judged alone, or None for body.

    Why alone first: these rules need no context, so they are the surest, and the
    context passes (title, header, captions, footer) can rely on them. Lines that open
    with a quote mark are never judged here: a one-line quotation is evidence.
    """
    options = options or CleanOptions()
    if not _WORD.search(line):
        return "separator"
    if line[:1] in _QUOTE_OPEN:
        return None
    key = line_key(line)
    n_words = _word_count(line)
    short = n_words <= CTA_MAX_WORDS
    if key in lex.LABEL_REASONS:
        return lex.LABEL_REASONS[key]
    parts = [line_key(p) for p in _SEPARATORS.split(line) if line_key(p)]
    if len(parts) > 1 and all(p in lex.LABEL_REASONS for p in parts):
        return lex.LABEL_REASONS[parts[0]]  # "Advertisement · Scroll to continue"
    mixed = _mixed_label(line)
    if mixed:
        return mixed
    if lex.COMMENT_PATTERN.match(key) or (
        short and (lex.CTA_PREFIX.match(key) or _addresses_reader(line, key))
    ):
        return "call-to-action"
    if _related_link(line, options.max_furniture_words) or (
        short and lex.RELATED_TAG.search(line) and not _is_sentence(line)
    ):
        return "related-link"
    if _is_hashtag_line(line):
        return "hashtags"
    if lex.TAG_PREFIX.match(key) and not _is_sentence(line):
        return "tag-label"
    if short and _is_copyright(line, key):
        return "copyright"
    if n_words <= COOKIE_MAX_WORDS and lex.COOKIE_CUES.search(key):
        return "cookie-notice"
    pitch = _is_pitch(line, key, n_words)
    if pitch:
        return pitch
    if _is_share_bar(key):
        return "share-widget"
    if _timestamp_kind(key) == "widget":
        return "timestamp-widget"
    if _is_credit(line, key, n_words):
        return "photo-credit"
    if n_words <= CAPTION_MAX_WORDS + CREDIT_MAX_WORDS and lex.CAPTION_WITH_CREDIT.search(line):
        return "photo-caption"
    if key.startswith(("image caption", "media caption")):
        return "photo-caption"
    if _is_byline(line) or _is_credit_trailer(line) or _is_poster_stamp(line):
        return "byline"
    if lex.MEDIA_COUNT.match(key):
        return "media-widget"
    if lex.WIRE_SLUG.search(line) and n_words <= options.max_furniture_words:
        return "wire-slug"
    if lex.MARKUP_RESIDUE.search(line):
        return "markup-residue"
    if _is_shouted_link(line, n_words):
        return "related-link"
    return None


# --- pass 2: the title ----------------------------------------------------------------


def _is_title_case(line: str) -> bool:
    """Most longer words capitalised, as in "Pedestrian Fatally Hit Outside Club"."""
    long_words = [w for w in _words(line) if len(w) > 3]
    capitals = sum(1 for w in long_words if w[0].isupper())
    return bool(long_words) and capitals >= TITLE_CASE_SHARE * len(long_words)


def _is_headline_shaped(line: str) -> bool:
    """Three to 25 words, one sentence, no full stop (unless in Title Case)."""
    n_words = _word_count(line)
    if not HEADLINE_MIN_WORDS <= n_words <= HEADLINE_MAX_WORDS:
        return False
    if _INNER_STOP.search(line):
        return False
    last = line.rstrip(_CLOSERS)
    if re.search(r"(?:\b[A-Z]\.){2,}$", last) or _terminal(line) not in ".,;:…。-–—":
        return True
    return (_terminal(line) == "." and n_words <= PERIOD_TITLE_MAX_WORDS
            and _is_title_case(line))


def _cited_in(name: str, body: str) -> bool:
    """The name appears in the body: the article attributes itself to it."""
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", body, re.IGNORECASE) is not None


def split_headline(line: str, body: str = "") -> str:
    """The headline without a furniture suffix or prefix.

    Why two separators are treated apart: " | Section" and " | Site" come from HTML
    <title> templates and are never part of the headline, so the longest "|" part is kept.
    " - Name" is ambiguous: a site template ("- BBC News") or a source attribution that
    belongs to the headline of a retelling ("... - NYT", "... - media"). The tail is
    stripped only when it is a short proper name the body never cites.
    """
    parts = [p.strip() for p in _PIPE.split(line) if p.strip()]
    if len(parts) > 1:
        longest = max(parts, key=lambda p: _word_count(p))
        if _word_count(longest) >= HEADLINE_MIN_WORDS:
            line = longest
    match = _DASH_TAIL.match(line)
    if match:
        head, tail = match["head"], match["tail"].strip()
        site_like = (
            _word_count(tail) <= SITE_LABEL_MAX_WORDS
            and (_is_name_shaped(tail) or re.search(r"\w\.(?:com|org|net|co|ua|ru)\b", tail))
            and not _is_sentence(tail)
        )
        if site_like and _word_count(head) >= HEADLINE_MIN_WORDS and not _cited_in(tail, body):
            line = head
    return line.strip()


def _matches_title(line: str, title: str) -> bool:
    """The line is the given title, with or without its furniture suffix."""
    return _same_headline(line, title) or _same_headline(
        split_headline(line), split_headline(title)
    )


def find_title(
    items: list[tuple[int, str]],
    reasons: dict[int, str],
    known_title: str | None = None,
    max_words: int = CleanOptions.max_furniture_words,
) -> tuple[int | None, list[int]]:
    """Index of the title among the non-empty lines, and indices of kickers above it.

    A known title (HTML or feed metadata) wins wherever its line is. Otherwise the title
    is the first headline-shaped line among the top lines not already furniture; a long
    first paragraph means the text has no headline (it starts with the body). Above the
    title, breadcrumbs ("Home | World") and one- or two-word section names are kickers.
    """
    if known_title:
        for idx, (no, text) in enumerate(items):
            if no not in reasons and _matches_title(text, known_title):
                return idx, []
    kickers: list[int] = []
    for idx, (no, text) in enumerate(items[:TITLE_SEARCH_LINES]):
        if no in reasons:
            continue
        label = _separated_label(text, max_words) or _top_label(text)
        whole_quote = text[-1:] in _QUOTE_ANY  # a one-line quotation, not "‘X’: headline"
        if _is_headline_shaped(text) and not whole_quote and label != "dateline":
            if not _is_label_above_title(items, reasons, idx, bool(label)):
                return idx, kickers
            kickers.append(idx)
            continue
        if label or (
            _word_count(text) < HEADLINE_MIN_WORDS and not _is_sentence(text)
            and not _is_quoted(text)
        ):
            kickers.append(idx)
            continue
        break
    return None, []


def _is_label_above_title(
    items: list[tuple[int, str]], reasons: dict[int, str], idx: int, separated: bool
) -> bool:
    """A publication's name ("The Kyiv Independent") or breadcrumbs, a headline below.

    Why the outlet-word test: a three- or four-word Title Case line is as likely a short
    headline with its deck below; only a name that reads as a publication's gives way.
    """
    text = items[idx][1]
    if not separated and not (
        _word_count(text) <= SITE_LABEL_MAX_WORDS
        and _is_name_shaped(text)
        and lex.OUTLET_WORDS.search(text)
    ):
        return False
    following = _next_unclassified(items, reasons, idx)
    return following is not None and _is_headline_shaped(items[following][1])


def _next_unclassified(
    items: list[tuple[int, str]], reasons: dict[int, str], idx: int
) -> int | None:
    """The index of the next line after ``idx`` that no rule has claimed."""
    for nxt in range(idx + 1, len(items)):
        if items[nxt][0] not in reasons:
            return nxt
    return None


# --- passes 3-5: position -------------------------------------------------------------


def mark_top(
    items: list[tuple[int, str]], reasons: dict[int, str], title_idx: int | None, max_words: int
) -> None:
    """Above the first paragraph, short name-like lines are mastheads, bylines, datelines.

    Why only there: around a headline, before the story starts, a bare "Site Name",
    "Jane Doe", "City • OUTLET" or "Site Name • a note" is the page's masthead, byline or
    dateline; the same line mid-story could be a sub-heading, which belongs to the article.
    """
    for idx, (no, text) in enumerate(items):
        if no in reasons or idx == title_idx:
            continue
        label = _separated_label(text, max_words) or _top_label(text)
        if label:
            reasons[no] = label
        elif _is_timestamp(line_key(text)):
            reasons[no] = "timestamp-widget"
        elif _is_prose(text, max_words):
            return
        elif _word_count(text) <= SITE_LABEL_MAX_WORDS and _is_name_shaped(text):
            reasons[no] = "site-label"


def _is_caption_shaped(line: str) -> bool:
    """One or two descriptive sentences with no quotation and no reporting verb."""
    if _word_count(line) > CAPTION_MAX_WORDS or _is_quoted(line):
        return False
    if any(q in line for q in "“”\"«»„") or _REPORTING_VERB.search(line):
        return False
    return len(_SENTENCE_BREAK.findall(line)) <= CAPTION_MAX_SENTENCES


def _reads_as_caption(line: str) -> bool:
    """Describes a picture: a pose or present-tense action, "during a …", "on <date>, in X",
    or the wire caption's closing date (", April 4, 2031.")."""
    return bool(lex.CAPTION_CUES.search(line) or _CAPTION_DATE_PLACE.search(line)
                or _CAPTION_DATE_TAIL.search(line))


def _is_agency_credit(line: str) -> bool:
    """ "Name | Agency | Agency" or "Name | Example Images": the agency feed's form,
    printed under its caption.

    Why only "|": "Name/Agency" and "Photo: X" also mark pictures without a caption,
    which sit right under a story paragraph.
    """
    return "|" in line and (_has_agency(line) or _names_photo_desk(line))


def mark_captions(
    items: list[tuple[int, str]], reasons: dict[int, str], title_idx: int | None
) -> None:
    """The descriptive sentence just before a photo credit (or just after it) is its caption.

    Why this order and these tests: agency feeds print caption, then "Name | Agency", so
    the sentence above such a credit is its caption. Above any other credit ("Photo: X",
    "Name/Agency", often an uncaptioned picture) or below any credit, the neighbour is
    as often the story's own paragraph, so it must also read as a picture description.
    """
    for idx, (no, text) in enumerate(items):
        if reasons.get(no) != "photo-credit":
            continue
        before, after = idx - 1, idx + 1
        if before >= 0 and before != title_idx and items[before][0] not in reasons:
            neighbour = items[before][1]
            if _is_caption_shaped(neighbour) and (
                _is_agency_credit(text) or _reads_as_caption(neighbour)
            ):
                reasons[items[before][0]] = "photo-caption"
                continue
        if after < len(items) and after != title_idx and items[after][0] not in reasons:
            neighbour = items[after][1]
            if _is_caption_shaped(neighbour) and _reads_as_caption(neighbour):
                reasons[items[after][0]] = "photo-caption"


def _is_tag_list(line: str) -> bool:
    """Short items separated by commas, pipes or bullets, and no sentence end."""
    parts = [p for p in re.split(r"[,|•·;]", line) if p.strip()]
    return (not _is_sentence(line) and len(parts) >= 2
            and all(_word_count(p) <= TAG_MAX_WORDS for p in parts))


def mark_footer(
    items: list[tuple[int, str]], reasons: dict[int, str], max_words: int, title_no: int | None
) -> None:
    """The run of labels at the very end of the text, and the tags after a tag label.

    Why: a sub-heading introduces text below it, so a short name-like line with nothing
    but furniture after it is a site name or a tag, not part of the story. Only names
    are taken: a short unpunctuated line of ordinary words may be the story's last item.
    """
    for idx, (no, _text) in enumerate(items):
        if reasons.get(no) != "tag-label":
            continue
        for nxt_no, nxt in items[idx + 1 :]:
            if nxt_no in reasons or nxt_no == title_no:
                continue
            if _is_tag_list(nxt) or not _is_prose(nxt, max_words):
                reasons[nxt_no] = "tag-label"
            else:
                break
    for no, text in reversed(items):
        if no == title_no:
            return
        if no in reasons:
            continue
        if _is_timestamp(line_key(text)):
            reasons[no] = "timestamp-widget"
        elif _is_hashtag_line(text, min_tags=1):
            reasons[no] = "hashtags"
        elif _is_prose(text, max_words):
            return
        elif _separated_label(text, max_words) or (
            _word_count(text) <= SITE_LABEL_MAX_WORDS and _is_name_shaped(text)
        ):
            reasons[no] = "footer-label"
        else:
            return


# --- the stage function ---------------------------------------------------------------


def clean_text(
    raw: str, options: CleanOptions | None = None, known_title: str | None = None
) -> CleanResult:
    """Split ``raw`` into title, body and dropped furniture (see the module docstring).

    raw (str): plain text, one paragraph or page element per line.
    options (CleanOptions): thresholds; the defaults suit extracted news pages.
    known_title (str): a title from HTML or feed metadata; its line becomes the title.
    RETURNS (CleanResult): the body, the headline (or None) and every dropped line.
    """
    options = options or CleanOptions()
    max_words = options.max_furniture_words
    items = [(no, line.strip()) for no, line in enumerate(raw.splitlines(), start=1)
             if line.strip()]
    reasons: dict[int, str] = {}
    for no, text in items:
        reason = classify_line(text, options)
        if reason:
            reasons[no] = reason

    title_idx, kickers = find_title(items, reasons, known_title, max_words)
    title_no = items[title_idx][0] if title_idx is not None else None
    if title_idx is not None:
        for idx in kickers:
            reasons[items[idx][0]] = _top_label(items[idx][1]) or "navigation"
        title_line = items[title_idx][1]
        for no, text in items:
            if no != title_no and no not in reasons and _matches_title(text, title_line):
                reasons[no] = "duplicate-title"
    mark_top(items, reasons, title_idx, max_words)
    mark_captions(items, reasons, title_idx)
    if options.keep_captions:
        reasons = {no: why for no, why in reasons.items() if why != "photo-caption"}
    mark_footer(items, reasons, max_words, title_no)

    kept = [text for no, text in items if no != title_no and no not in reasons]
    removed = tuple(RemovedLine(no, text, reasons[no]) for no, text in items if no in reasons)
    if title_idx is not None:
        title: str | None = split_headline(items[title_idx][1], "\n".join(kept))
    else:
        title = known_title.strip() if known_title else None
    return CleanResult(text="\n\n".join(kept), title=title, removed=removed)
