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
   shape (only separators, a timestamp, a credit, a byline, "City • OUTLET").
2. ``find_title``: the known title's line, else the first headline-shaped line near the
   top; short kickers above it are navigation; later copies are duplicates.
3. ``mark_header``: short name-like lines between the title and the first paragraph
   (site labels, author names).
4. ``mark_captions``: the descriptive sentence beside a photo credit.
5. ``mark_footer``: short non-sentences after the last paragraph (tag lists, labels).

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
# Headlines in news feeds run 4-20 words; wire retellings with a "- Source" tail reach
# about 25. 30 leaves room while still refusing a first paragraph (usually 30+ words).
HEADLINE_MAX_WORDS = 30
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

_QUOTE_OPEN = "\"'“‘„«‹「"
_QUOTE_ANY = "\"'“”‘’„«»‹›「」"
_CLOSERS = _QUOTE_ANY + ")]}*_ "
_SENTENCE_END = ".!?…"
_KEY_TRANSLATE = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "„": '"', "–": "-",
                                "—": "-", "\u00a0": " "})
_KEY_STRIP = " \t:;,.!?|•·›»>«<-*#()[]{}\"'_=~+/\\"
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w", re.UNICODE)
_SEPARATORS = re.compile(r"\s*[|•·►▶»›]\s*|\s+[/>]\s+|\s+[-–—]\s+")
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
# "on July 16, 2018, in Helsinki, Finland": the date-and-place frame of wire captions.
_CAPTION_DATE_PLACE = re.compile(
    r"\bon (?:\w+ )?\d{1,2}(?:st|nd|rd|th)?,? (?:\w+ )?\d{4},? in [A-Z]|"
    r"\bon [A-Z][a-z]+\.? \d{1,2}, \d{4},? in [A-Z]"
)
_SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’)]*(?:\s+|$)")


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
    """A line no shape rule may drop: a sentence, a quotation, or longer than furniture."""
    return _is_sentence(line) or _is_quoted(line) or len(_words(line)) > max_words


def _is_name_shaped(line: str) -> bool:
    """Every word capitalised (or a name connector such as "of", "de"): a name, not prose."""
    words = [w.strip(",;:()'’\"“”.") for w in _words(line)]
    words = [w for w in words if w]
    if not words or not any(w[0].isupper() for w in words):
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in lex.NAME_CONNECTORS
               for w in words)


def _has_agency(line: str) -> bool:
    """Names a photo agency or wire service ("Getty Images", "AP", "Reuters")."""
    key = line_key(line)
    if any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", key) for name in lex.AGENCY_NAMES):
        return True
    return any(re.search(rf"(?<![\w-]){abbr}(?![\w-])", line) for abbr in lex.AGENCY_ABBREVIATIONS)


def _same_headline(a: str, b: str) -> bool:
    """Equal or near-equal headlines (quote style, a typo, a trailing period apart)."""
    ka, kb = line_key(a), line_key(b)
    if not ka or not kb:
        return False
    return ka == kb or fuzz.ratio(ka, kb) >= NEAR_TITLE_RATIO


# --- pass 1: one line alone -----------------------------------------------------------


def _is_timestamp(key: str) -> bool:
    """Made only of time words and numbers, with an anchor ("ago", a month, "updated")."""
    tokens = [t.strip(",;()[]|•·-") for t in key.split()]
    tokens = [t for t in tokens if t]
    if not tokens or len(tokens) > TIMESTAMP_MAX_WORDS:
        return False
    if not all(t in lex.TIME_WORDS or lex.DATE_NUMERIC.match(t) for t in tokens):
        return False
    anchored = any(t in lex.TIME_ANCHORS for t in tokens)
    dated = any(re.fullmatch(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}.*", t)
                for t in tokens)
    return anchored or dated


def _is_share_bar(key: str) -> bool:
    """Only share-network words: "Facebook Twitter Email", "Share | Tweet | Print"."""
    tokens = [t for t in re.split(r"[\s|•·/,]+", key) if t]
    return bool(tokens) and len(tokens) <= 12 and all(t in lex.SHARE_WORDS for t in tokens)


def _is_credit(line: str, key: str, n_words: int) -> bool:
    """A photo credit: "Photo: …", or agency names joined by "|" or "/" ("Name | Getty")."""
    if n_words > CREDIT_MAX_WORDS:
        return False
    if lex.CREDIT_PREFIX.match(key):
        return True
    if not _has_agency(line) or _is_sentence(line.rstrip(".")):
        return False
    joined = bool(re.search(r"[|/©]|\bvia\b", line)) or "getty" in key
    bare = re.sub(r"[|/©]", " ", line)
    return joined and _is_name_shaped(bare)


def _is_byline(line: str) -> bool:
    """ "By Jane Doe", "Reporting by A; Editing by B": names after a byline cue."""
    match = _BYLINE.match(line)
    if not match or _is_sentence(line) or len(_words(line)) > CREDIT_MAX_WORDS:
        return False
    names = re.sub(r"\b(?:editing|reporting|additional reporting|writing) by\b", " ",
                   match["names"], flags=re.IGNORECASE)
    return _is_name_shaped(names.replace(";", ",").replace(" and ", " "))


def _separated_label(line: str, max_words: int) -> str | None:
    """Short segments joined by "|", "•", "»": a dateline ("City • OUTLET") or breadcrumbs."""
    parts = [p for p in _SEPARATORS.split(line) if p.strip()]
    if len(parts) < 2 or len(_words(line)) > max_words or _is_sentence(line):
        return None
    if any(len(_words(p)) > SITE_LABEL_MAX_WORDS or not _words(p) for p in parts):
        return None
    if not all(_is_name_shaped(p) or _is_timestamp(line_key(p)) for p in parts):
        return None
    return "dateline" if len(parts) == 2 else "navigation"


def classify_line(line: str, options: CleanOptions | None = None) -> str | None:
    """The furniture reason for one stripped line judged alone, or None for body.

    Why alone first: these rules need no context, so they are the surest, and the
    context passes (title, header, captions, footer) can rely on them.
    """
    options = options or CleanOptions()
    if not _WORD.search(line):
        return "separator"
    if line[:1] in _QUOTE_OPEN:
        return None
    key = line_key(line)
    n_words = len(_words(line))
    if key in lex.LABEL_REASONS:
        return lex.LABEL_REASONS[key]
    if lex.COMMENT_PATTERN.match(key):
        return "call-to-action"
    if n_words <= CTA_MAX_WORDS and lex.CTA_PREFIX.match(key):
        return "call-to-action"
    if lex.TAG_PREFIX.match(key) and not _is_sentence(line):
        return "tag-label"
    if n_words <= CTA_MAX_WORDS and (
        key.startswith(("©", "(c) ", "copyright")) or "all rights reserved" in key
    ):
        return "copyright"
    if n_words <= 3 * CTA_MAX_WORDS and lex.COOKIE_CUES.search(key):
        return "cookie-notice"
    if _is_share_bar(key):
        return "share-widget"
    if _is_timestamp(key):
        return "timestamp-widget"
    if _is_credit(line, key, n_words):
        return "photo-credit"
    if n_words <= CAPTION_MAX_WORDS + CREDIT_MAX_WORDS and lex.CAPTION_WITH_CREDIT.search(line):
        return "photo-caption"
    if key.startswith(("image caption", "media caption", "caption")):
        return "photo-caption"
    if _is_byline(line):
        return "byline"
    return _separated_label(line, options.max_furniture_words)


# --- pass 2: the title ----------------------------------------------------------------


def _is_headline_shaped(line: str) -> bool:
    """Three to thirty words and no full stop: how headlines are written."""
    n_words = len(_words(line))
    if not HEADLINE_MIN_WORDS <= n_words <= HEADLINE_MAX_WORDS:
        return False
    last = line.rstrip(_CLOSERS)
    abbreviation = re.search(r"(?:\b[A-Z]\.){2,}$", last) is not None
    return abbreviation or _terminal(line) not in ".,;:…"


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
        longest = max(parts, key=lambda p: len(_words(p)))
        if len(_words(longest)) >= HEADLINE_MIN_WORDS:
            line = longest
    match = _DASH_TAIL.match(line)
    if match:
        head, tail = match["head"], match["tail"].strip()
        site_like = (
            len(_words(tail)) <= SITE_LABEL_MAX_WORDS
            and (_is_name_shaped(tail) or re.search(r"\w\.(?:com|org|net|co|ua|ru)\b", tail))
            and not _is_sentence(tail)
        )
        if site_like and len(_words(head)) >= HEADLINE_MIN_WORDS and not _cited_in(tail, body):
            line = head
    return line.strip()


def _matches_title(line: str, title: str) -> bool:
    """The line is the given title, with or without its furniture suffix."""
    return _same_headline(line, title) or _same_headline(split_headline(line), split_headline(title))


def find_title(
    items: list[tuple[int, str]], reasons: dict[int, str], known_title: str | None = None
) -> tuple[int | None, list[int]]:
    """Index of the title among the non-empty lines, and indices of kickers above it.

    A known title (HTML or feed metadata) wins wherever its line is. Otherwise the title
    is the first headline-shaped line among the top lines not already furniture; a long
    first paragraph means the text has no headline (it starts with the body).
    """
    if known_title:
        for idx, (no, text) in enumerate(items):
            if no not in reasons and _matches_title(text, known_title):
                return idx, []
    kickers: list[int] = []
    for idx, (no, text) in enumerate(items[:TITLE_SEARCH_LINES]):
        if no in reasons:
            continue
        n_words = len(_words(text))
        if _is_headline_shaped(text) and not _is_quoted(text):
            following = _next_unclassified(items, reasons, idx)
            site_first = (
                n_words <= SITE_LABEL_MAX_WORDS
                and _is_name_shaped(text)
                and following is not None
                and _is_headline_shaped(items[following][1])
            )
            if not site_first:
                return idx, kickers
            kickers.append(idx)
            continue
        if n_words < HEADLINE_MIN_WORDS and not _is_sentence(text) and not _is_quoted(text):
            kickers.append(idx)
            continue
        break
    return None, []


def _next_unclassified(items: list[tuple[int, str]], reasons: dict[int, str], idx: int) -> int | None:
    """The index of the next line after ``idx`` that no rule has claimed."""
    for nxt in range(idx + 1, len(items)):
        if items[nxt][0] not in reasons:
            return nxt
    return None


# --- passes 3-5: position -------------------------------------------------------------


def mark_header(
    items: list[tuple[int, str]], reasons: dict[int, str], title_idx: int, max_words: int
) -> None:
    """Between the title and the first paragraph, short name-like lines are labels.

    Why only there: under a headline, before the story starts, a bare "Site Name" or
    "Jane Doe" is the page's masthead or byline; the same line mid-story could be a
    sub-heading, which belongs to the article.
    """
    for no, text in items[title_idx + 1 :]:
        if no in reasons:
            continue
        if _is_prose(text, max_words):
            return
        if len(_words(text)) <= SITE_LABEL_MAX_WORDS and _is_name_shaped(text):
            reasons[no] = "site-label"


def _is_caption_shaped(line: str) -> bool:
    """One or two descriptive sentences with no quotation and no reporting verb."""
    if len(_words(line)) > CAPTION_MAX_WORDS or _is_quoted(line):
        return False
    if any(q in line for q in "“”\"«»„") or _REPORTING_VERB.search(line):
        return False
    return len(_SENTENCE_BREAK.findall(line)) <= CAPTION_MAX_SENTENCES


def mark_captions(items: list[tuple[int, str]], reasons: dict[int, str], title_idx: int | None) -> None:
    """The descriptive sentence just before a photo credit (or just after it) is its caption.

    Why before first: agencies and most sites print caption, then credit. A sentence after
    a credit is taken only if it reads as a picture description (a pose, "pictured", the
    wire "on <date>, in <Place>" frame), since it is more often the story's first line.
    """
    for idx, (no, _text) in enumerate(items):
        if reasons.get(no) != "photo-credit":
            continue
        before = idx - 1
        if before >= 0 and before != title_idx and items[before][0] not in reasons:
            if _is_caption_shaped(items[before][1]):
                reasons[items[before][0]] = "photo-caption"
                continue
        after = idx + 1
        if after < len(items) and items[after][0] not in reasons:
            text = items[after][1]
            cued = lex.CAPTION_CUES.search(text) or _CAPTION_DATE_PLACE.search(text)
            if cued and _is_caption_shaped(text):
                reasons[items[after][0]] = "photo-caption"


def _is_tag_list(line: str) -> bool:
    """Short items separated by commas, pipes or bullets, and no sentence end."""
    parts = [p for p in re.split(r"[,|•·;]", line) if p.strip()]
    return (not _is_sentence(line) and len(parts) >= 2
            and all(len(_words(p)) <= TAG_MAX_WORDS for p in parts))


def mark_footer(
    items: list[tuple[int, str]], reasons: dict[int, str], title_idx: int | None, max_words: int
) -> None:
    """After the last paragraph, short non-sentences are page furniture.

    Why: a sub-heading introduces text below it, so a short unpunctuated line with no
    paragraph after it is a label, a tag or a site name, not part of the story.
    """
    last_body = None
    for idx, (no, text) in enumerate(items):
        if idx != title_idx and no not in reasons and _is_prose(text, max_words):
            last_body = idx
    if last_body is None:
        return
    in_tags = False
    for no, text in items[last_body + 1 :]:
        reason = reasons.get(no)
        if reason:
            in_tags = in_tags or reason == "tag-label"
            continue
        if in_tags and _is_tag_list(text):
            reasons[no] = "tag-label"
        elif not _is_prose(text, max_words):
            reasons[no] = "tag-label" if in_tags else "footer-label"


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

    title_idx, kickers = find_title(items, reasons, known_title)
    title: str | None = known_title.strip() if known_title else None
    if title_idx is not None:
        for idx in kickers:
            reasons[items[idx][0]] = "navigation"
        title_no, title_line = items[title_idx]
        for no, text in items:
            if no != title_no and no not in reasons and _matches_title(text, title_line):
                reasons[no] = "duplicate-title"
        body = "\n".join(text for no, text in items if no != title_no and no not in reasons)
        title = split_headline(title_line, body)
        mark_header(items, reasons, title_idx, max_words)

    mark_captions(items, reasons, title_idx)
    if options.keep_captions:
        reasons = {no: why for no, why in reasons.items() if why != "photo-caption"}
    mark_footer(items, reasons, title_idx, max_words)

    title_no = items[title_idx][0] if title_idx is not None else None
    kept = [text for no, text in items if no != title_no and no not in reasons]
    removed = tuple(RemovedLine(no, text, reasons[no]) for no, text in items if no in reasons)
    return CleanResult(text="\n\n".join(kept), title=title, removed=removed)
