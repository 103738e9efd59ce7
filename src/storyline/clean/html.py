"""HTML page to main text and metadata, offline.

trafilatura finds the article container; this module then decides between its passes
and cleans what it leaves, because trafilatura alone still lets through the furniture a
news reader never reads as the story: the headline and standfirst repeated as the first
lines, "Read more:"/"Related:" teasers, newsletter and follow-us calls to action,
credit and copyright lines, photo captions, and lists of links to other stories.

The order of work:

1. parse once (trafilatura's loader copes with encoding declarations and broken
   markup) and read the metadata once;
2. lift embedded posts (tweets) out of the social-widget boxes trafilatura discards;
3. run trafilatura favouring precision and with its defaults, and keep the precise
   pass unless it lost the story (see :func:`_choose`); if the story sits in several
   same-class boxes split around ads, merge them and run again;
4. flatten the result into blocks (paragraph lines, headings, list items, table rows)
   and drop blocks by rules that need no knowledge of any particular site, using what
   the DOM tells us (captions, image descriptions, link density, the page's title).

Thresholds are named constants with a note on where their values came from; "dev set"
means the 181 pages of the scrapinghub article-extraction benchmark
(``storyline eval extraction``), never individual pages of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass
from itertools import groupby

import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html

__all__ = ["Article", "extract_article"]


@dataclass(frozen=True, slots=True)
class Article:
    """The main text and metadata of one HTML page.

    text (str): main text; paragraphs separated by a blank line.
    title, author, url, outlet, language, description (str | None): as found on the
        page (``url`` is the one given, else the page's canonical URL).
    published (str | None): ISO 8601 date (``YYYY-MM-DD``).
    """

    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    outlet: str | None = None
    language: str | None = None
    description: str | None = None


# --- thresholds -------------------------------------------------------------------------

# The precise pass must hold some running text: a paragraph of at least this many words
# (two average news sentences). A precise pass without one while the default pass has
# one kept a notice or a caption instead of the story (1 page of the dev set).
PROSE_MIN_WORDS = 30
# ... and at least this share of its 4-word shingles must occur in the default pass, as
# precision mode should only remove text. A safety net: on the dev set the share is
# never below 0.85.
REFINEMENT_MIN = 0.5
# A same-class sibling container counts as a continuation of the article when it holds
# at least this many characters of paragraph text not already extracted: about two
# sentences, so that a lone caption or teaser in a look-alike box does not qualify.
CONTINUATION_MIN_CHARS = 200
# Extracted lines at least this long (characters) are used to find the article's box in
# the page: shorter ones ("Advertisement", a name) recur in unrelated places.
ANCHOR_MIN_CHARS = 40
# Blocks of at most this many words may be judged furniture by what they say (calls to
# action, credits, "Related:" lines). Longer blocks are kept: a real paragraph may
# mention a newsletter. 40 words is a long sentence; the few longer furniture lines on
# the dev set (reprint notices, subscription pitches of 50-60 words) stay, by design.
FURNITURE_MAX_WORDS = 40
# Caption texts and image descriptions shorter than this many words are ignored: "Photo"
# or a name alone also occur as genuine short lines.
CAPTION_MIN_WORDS = 3
# A block whose characters are at least this share link text is a link, not prose.
LINK_DENSE = 0.8
# A line of at most this many words that mentions a newsletter or an inbox is a sign-up
# box (a sentence about a newsletter in the story itself is longer).
NEWSLETTER_MAX_WORDS = 25
# A short line carrying a copyright sign or "(credit: ...)" is a photo credit; 20 words
# covers a caption with its credit, and a paragraph quoting a copyright notice is longer.
CREDIT_MAX_WORDS = 20
# A whole sentence that is one link (at least this many words) is a headline pointing to
# another story. Shorter linked lines are kept: sources, product names and addresses the
# article cites. On the dev set no linked block of 10-40 words was article text.
TEASER_MIN_WORDS = 10
# Section headings ("You may also like") are short; longer blocks are never taken as one.
HEADING_MAX_WORDS = 8
# Words a byline or date glued to a repeated headline may add ("... rocketby Jeff Foust").
BYLINE_MAX_WORDS = 8
# A heading matches the page title or description when one's token list starts with the
# other's and the shorter has at least this many tokens (titles carry " - Site" tails;
# descriptions are cut off).
PREFIX_MIN_TOKENS = 4

# htmldate drops dates after ``max_date``, by default today: the same page would then
# give a different date depending on the day it is processed, and a page stamped ahead
# of our clock (time zones, scheduled posts) would lose its date. A fixed far bound keeps
# extraction a function of the page alone.
_DATE_PARAMS = {"original_date": True, "extensive_search": True, "max_date": "2099-12-31"}

_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2009\u200a\u200b\u202f]+")

# --- furniture patterns -----------------------------------------------------------------
# Each matches the start of a short block (case-insensitive). They name kinds of page
# furniture common to news sites in general, not phrases of any one site.

_TEASER = re.compile(
    r"^[\[(]?\s*(?:related(?:\s+(?:post|posts|article|articles|story|stories|content|"
    r"coverage|reading|video|link|links))?|read\s+(?:more|also|next)|see\s+(?:more|also)|"
    r"more|also(?:\s+(?:on|read|see|watch)\b[^:]*)?|recommended|watch|listen|"
    r"leggi\s+anche|lire\s+aussi|lea\s+tambi[eé]n|leia\s+tamb[eé]m|veja\s+tamb[eé]m|"
    r"lees\s+ook|mehr\s+zum\s+thema|lesen\s+sie\s+auch)(?:\s*[:|»›>]|\s+[–—-]\s)",
    re.IGNORECASE,
)
_SECTION_HEADING = re.compile(
    r"^(?:you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy)|don't\s+miss|most\s+(?:read|popular|"
    r"viewed|shared)|popular\s+(?:on|in|now)|more\s+(?:from|on|in|stories|news|like\s+this)|"
    r"related|recommended|trending|top\s+stories|latest\s+(?:news|stories)|"
    r"further\s+reading|read\s+(?:more|next)|tags?|topics|comments?|share(?:\s+this)?|"
    r"explore\s+further|about\s+the\s+author|editor's\s+picks?|partner\s+(?:news|content)|"
    r"sponsored|advertisement|print(?:\s+article)?|order\s+reprints?|reprints?|"
    r"thank\s+you|thanks\s+for\s+(?:reading|signing\s+up)|sorry!?)"
    r"\b(?:\s+\S+){0,3}?\W*$",
    re.IGNORECASE,
)
_CALL_TO_ACTION = re.compile(
    r"^(?:sign\s+up|subscribe|click\s+here|tap\s+here|"
    r"get\s+(?:the\s+latest|our|access|(?:\S+\s+){1,5}(?:delivered|newsletter|app)\b)|"
    r"follow\s+(?:us|\S+(?:\s+\S+){0,4}\s+on\b)|like\s+us|join\s+(?:us|our|the\s+conversation)|"
    r"download\s+(?:the|our)|listen\s+to|watch\s+(?:the|our)|share\s+(?:this|it)|"
    r"like\s+this\s+story|want\s+more|have\s+a\s+tip|start\s+your\s+day|"
    r"tell\s+us\s+what\s+you\s+think|what\s+do\s+you\s+think|leave\s+a\s+comment|"
    r"have\s+your\s+say|don't\s+forget\s+to|if\s+you\s+(?:enjoyed|liked)\s+this|"
    r"an\s+error\s+(?:has\s+)?occurred|please\s+try\s+again)\b",
    re.IGNORECASE,
)
_NEWSLETTER = re.compile(r"\b(?:newsletters?|inbox)\b", re.IGNORECASE)
_CREDIT = re.compile(
    r"^\(?\s*(?:(?:additional\s+)?reporting|writing|editing|edited|compiled|translated|"
    r"research)\s+by\b|\bcontributed\s+(?:reporting|to\s+this\s+(?:report|story|article))"
    r"|^(?:copyright|©|\(c\))|\ball\s+rights\s+reserved\b|^(?:source|sources|fonte|quelle|"
    r"fuente|photo|photos|image|images|picture|credit|credits|foto|bild)\s*(?:credit)?\s*:"
    r"|\bfor\s+(?:your\s+)?personal,?\s+non-?commercial\s+use\b"
    r"|\bmay\s+not\s+be\s+(?:re)?published\b"
    r"|^(?:write\s+to|email|e-mail|reach|contact)\s+(?:the\s+)?\w+(?:\s+\w+){0,3}\s+at\b",
    re.IGNORECASE,
)
_PHOTO_CREDIT = re.compile(r"©|\((?:photo|image|picture)?\s*credits?\s*:", re.IGNORECASE)
_META_LINE = re.compile(
    r"^(?:[-–•]\s*)?(?:updated|published|posted|last\s+updated|filed\s+under|tags?|"
    r"categor(?:y|ies)|posted\s+in|publicado\s+por|\d+\s+comments?|comments?)\b",
    re.IGNORECASE,
)
# "By Jane Doe", "Por Ana Pérez y Luis Gil": a byline word, then only capitalised names
# and the joiners between them.
_BYLINE = re.compile(r"^(?:[-–•]\s*)?(?:by|por|von|par|di|door|av)\s+(.+)$", re.IGNORECASE)
_NAME_JOINERS = frozenset({"and", "und", "et", "e", "y", "en", "og", "och", "de", "da", "van"})
_READING_TIME = re.compile(
    r"\b(?:\d+|one|two|three)\s*[- ]?min(?:ute)?s?\.?\s+read\b|^reading\s+time\b|"
    r"^tempo\s+de\s+leitura\b|^temps\s+de\s+lecture\b|^lesezeit\b|^tiempo\s+de\s+lectura\b",
    re.IGNORECASE,
)
# A CMS shortcode that leaked unrendered, e.g. "[button link=...]...[/button]".
_SHORTCODE = re.compile(r"\[/?[a-z_]+(?:\s+[a-z_]+\s*=[^\]]*)+\]|\[/[a-z_]+\]", re.IGNORECASE)
# Words that may make up a line holding nothing but a date, a time or both, in the
# languages most common on news sites.
_DATE_VOCABULARY = """
am pm a m p gmt utc bst est edt cst cdt mst mdt pst pdt cet cest ist amt et pt ct jan
feb mar apr may jun jul aug sep sept oct nov dec january february march april june july
august september october november december mon tue tues wed thu thur thurs fri sat sun
monday tuesday wednesday thursday friday saturday sunday at on of the th st nd rd de às
las le um h janeiro fevereiro março abril maio junho julho agosto setembro outubro
novembro dezembro enero febrero marzo mayo junio julio septiembre octubre noviembre
diciembre janvier février mars avril mai juin juillet août septembre octobre novembre
décembre januar februar märz juni juli oktober dezember gennaio febbraio aprile maggio
giugno luglio settembre ottobre dicembre segunda terça quarta quinta sexta feira sábado
domingo lunes martes miércoles jueves viernes updated published posted
"""
_DATE_WORDS = frozenset(_DATE_VOCABULARY.split())


# --- entry point --------------------------------------------------------------------------


def extract_article(html: str, url: str | None = None) -> Article:
    """Main text and metadata of an HTML page; never touches the network.

    html (str): the page source.
    url (str | None): where it came from, if known (used for metadata only).
    RETURNS (Article): empty text when the page has no article-like content.
    """
    tree = _load(html)
    if tree is None:
        return Article(text="", url=url)
    meta = _metadata(tree, url)
    _unwrap_embeds(tree)
    body = _main_body(tree, url)
    text = ""
    if body is not None:
        context = _Context.of(tree, meta, url)
        text = "\n\n".join(b.text for b in _prune(list(_blocks(body)), context))
    return Article(
        text=text,
        title=meta.title,
        author=meta.author,
        published=meta.published,
        url=url or meta.url,
        outlet=meta.outlet,
        language=meta.language,
        description=meta.description,
    )


def _load(html: str | bytes | None) -> HtmlElement | None:
    """Parsed page, or None for an empty or unparseable one."""
    if not html or not html.strip():
        return None
    try:
        return load_html(html)
    except (ValueError, etree.ParserError):  # pragma: no cover - loader already guards
        return None


# --- metadata -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Meta:
    title: str | None
    author: str | None
    published: str | None
    url: str | None
    outlet: str | None
    language: str | None
    description: str | None


def _metadata(tree: HtmlElement, url: str | None) -> _Meta:
    """Page metadata via trafilatura (og:/twitter:/JSON-LD/htmldate), language our own.

    htmldate's extensive search reads the page only, never the network.
    """
    found = extract_metadata(tree, url, _DATE_PARAMS, False, None)
    return _Meta(
        title=_clean_field(found.title),
        author=_clean_field(found.author),
        published=_clean_field(found.date),
        url=_clean_field(found.url),
        outlet=_clean_field(found.sitename),
        language=_language(tree),
        description=_clean_field(found.description),
    )


def _clean_field(value: str | None) -> str | None:
    value = _SPACES.sub(" ", value).strip() if value else None
    return value or None


def _language(tree: HtmlElement) -> str | None:
    """Primary language subtag from ``<html lang>``, content-language or og:locale."""
    candidates = [
        tree.get("lang"),
        tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        *tree.xpath(
            "//meta[translate(@http-equiv,'CONTENT-LANGUAGE','content-language')"
            "='content-language']/@content"
        ),
        *tree.xpath("//meta[@property='og:locale']/@content"),
    ]
    for value in candidates:
        match = re.match(r"\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$", value or "")
        if match:
            return match.group(1).lower()
    return None


# --- main body: trafilatura passes ----------------------------------------------------------


def _unwrap_embeds(tree: HtmlElement) -> None:
    """Lift embedded posts (tweets, Instagram) out of their widget wrappers, in place.

    A story that embeds a post quotes it; but sites wrap the embed in boxes classed
    "social" or "embed", which trafilatura discards as share widgets. Replacing the
    wrappers that hold nothing but the post with the post's ``<blockquote>`` keeps it.
    """
    for quote in tree.xpath(_EMBED_XPATH):
        text = _norm(quote.text_content())
        outer = quote
        parent = outer.getparent()
        while (
            parent is not None
            and parent.tag not in ("body", "article", "main")
            and _norm(parent.text_content()) == text
        ):
            outer, parent = parent, parent.getparent()
        if outer is not quote and parent is not None:
            quote.tail = outer.tail
            parent.replace(outer, quote)


_EMBED_XPATH = (
    "//blockquote[contains(@class, 'twitter-tweet') or contains(@class, 'instagram-media')]"
)


def _run(tree: HtmlElement, url: str | None, **settings: bool) -> etree._Element | None:
    """One trafilatura pass; its ``<body>`` XML or None when it found nothing.

    Links are not requested: with ``include_links`` trafilatura keeps different
    paragraphs (on the dev set precision-mode F1 moved either way by up to 0.5 per page),
    so link density is read from the page instead, see :func:`_link_shares`.
    """
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        include_comments=False,
        include_links=False,
        include_images=False,
        include_tables=True,
        with_metadata=False,
        **settings,
    )
    return None if doc is None else doc.body


def _main_body(tree: HtmlElement, url: str | None) -> etree._Element | None:
    """The extraction to clean: the precise pass unless it wandered off, see _choose."""
    precise = _run(tree, url, favor_precision=True)
    default = _run(tree, url)
    if _merge_split_body(tree, default if default is not None else precise):
        precise = _run(tree, url, favor_precision=True)
        default = _run(tree, url)
    return _choose(precise, default)


def _choose(
    precise: etree._Element | None, default: etree._Element | None
) -> etree._Element | None:
    """Precision mode should only drop text from the default pass; if most of its text is
    not in the default pass it chose another block (a promo box, a reprint notice), and
    the default pass is the better bet."""
    if precise is None or default is None:
        return precise if precise is not None else default
    mine = _shingles(_plain(precise))
    if not mine or (_prose_words(precise) == 0 < _prose_words(default)):
        return default
    theirs = _shingles(_plain(default))
    shared = sum(1 for s in mine if s in theirs) / len(mine)
    return precise if shared >= REFINEMENT_MIN else default


def _prose_words(body: etree._Element) -> int:
    """Words in paragraphs long enough to be running text rather than furniture."""
    counts = (b.words for b in _blocks(body) if b.kind != "head")
    return sum(n for n in counts if n >= PROSE_MIN_WORDS)


def _merge_split_body(tree: HtmlElement, body: etree._Element | None) -> bool:
    """Merge article boxes split around ads into the first one, in place; True if done.

    Some sites cut the story into several boxes of the same class; trafilatura takes the
    first. Find the box holding the extracted paragraphs, look for boxes of the same
    tag, class and path shape holding enough unextracted paragraph text, and move their
    content into the first box.
    """
    if body is None:
        return False
    extracted = {_norm(t) for t in _plain(body).split("\n") if len(t) >= ANCHOR_MIN_CHARS}
    page = etree.ElementTree(tree)
    box = next(
        (
            p.getparent()
            for p in tree.iter("p")
            if p.getparent() is not None
            and p.getparent().get("class")
            and _norm(p.text_content()) in extracted
        ),
        None,
    )
    if box is None:
        return False
    shape = _shape(page.getpath(box))
    others = [
        el
        for el in tree.iter(box.tag)
        if el is not box
        and el.get("class") == box.get("class")
        and _shape(page.getpath(el)) == shape
        and not _related(el, box)
    ]
    extra = sum(
        len(text)
        for el in others
        for p in el.iter("p")
        if (text := _norm(p.text_content())) not in extracted
    )
    if extra < CONTINUATION_MIN_CHARS:
        return False
    for el in others:
        box.extend(list(el))
        el.drop_tree()  # keeps the text that followed the emptied box
    return True


def _shape(path: str) -> str:
    """An element's path without positions: boxes of one article share it, while a
    look-alike box in a sidebar or footer sits at another depth or under other tags."""
    return re.sub(r"\[\d+\]", "", path)


def _related(a: etree._Element, b: etree._Element) -> bool:
    """True when one element contains the other."""
    return any(x is b for x in a.iterancestors()) or any(x is a for x in b.iterancestors())


# --- blocks -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Block:
    """One paragraph-like unit of the extraction.

    kind (str): ``p``, ``head``, ``item`` (list item), ``row`` (table row), ``quote``...
    text (str): its text, white space folded (line breaks kept).
    level (int): heading level 1-6, 0 for other blocks.
    """

    kind: str
    text: str
    level: int = 0

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


def _blocks(body: etree._Element) -> Iterator[_Block]:
    """Flatten trafilatura's XML into blocks; lists and tables give one block per entry.

    Text that trafilatura leaves loose in a container (a tail after a heading, a bare
    ``<ref>``) becomes a paragraph of its own.
    """
    loose: list[etree._Element | str] = [body.text or ""]
    for el in body:
        tag = el.tag
        if tag in _INLINE:
            loose += [el, el.tail or ""]
            continue
        yield from _loose_block(loose)
        loose = [el.tail or ""]
        if tag in ("div", "body") or (tag == "quote" and _has_blocks(el)):
            yield from _blocks(el)
        elif tag == "list":
            for item in el.iter("item"):
                yield from _block("item", item, skip=("list",))
        elif tag == "table":
            for row in el.iter("row"):
                cells = [_text(c, skip=("table",)) for c in row if c.tag == "cell"]
                text = " | ".join(c for c in cells if c)
                yield _Block("row", text)
        elif tag != "graphic":
            yield from _block(tag, el)
    yield from _loose_block(loose)


_INLINE = frozenset({"ref", "hi", "lb", "del", "span", "sub", "sup"})


def _loose_block(parts: list[etree._Element | str]) -> Iterator[_Block]:
    """A paragraph from loose text and inline elements, if there is any text."""
    holder = etree.Element("p")
    for part in parts:
        if isinstance(part, str):
            if len(holder):
                holder[-1].tail = (holder[-1].tail or "") + part
            else:
                holder.text = (holder.text or "") + part
        else:
            clone = deepcopy(part)
            clone.tail = None
            holder.append(clone)
    yield from _block("p", holder)


def _has_blocks(el: etree._Element) -> bool:
    return any(child.tag in ("p", "list", "head", "table", "quote") for child in el)


def _block(kind: str, el: etree._Element, skip: tuple[str, ...] = ()) -> Iterator[_Block]:
    """One block per line: a ``<br>`` inside a paragraph often separates unrelated
    things (a "Don't miss" label and the teasers under it), and each is judged alone."""
    level = 0
    if kind == "head":
        rend = el.get("rend") or ""
        level = int(rend[1]) if re.fullmatch(r"h[1-6]", rend) else 2
    for line in _text(el, skip).split("\n"):
        if line:
            yield _Block(kind, line, level)


def _text(el: etree._Element, skip: tuple[str, ...] = ()) -> str:
    """Text of an element with ``<lb/>`` as line breaks and nested ``skip`` tags left out."""
    parts: list[str] = []

    def walk(node: etree._Element, top: bool) -> None:
        if not top and node.tag in skip:
            parts.append(node.tail or "")
            return
        if node.tag == "lb":
            parts.append("\n")
        parts.append(node.text or "")
        for child in node:
            walk(child, False)
        if not top:
            parts.append(node.tail or "")

    walk(el, True)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _plain(body: etree._Element) -> str:
    return "\n".join(b.text for b in _blocks(body))


# --- pruning ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    """What the rules compare blocks with: the page's title, description, own address,
    captions and the link density of its text."""

    title: tuple[str, ...]
    description: tuple[str, ...]
    urls: frozenset[str]
    captions: frozenset[str]
    links: dict[str, float]

    @classmethod
    def of(cls, tree: HtmlElement, meta: _Meta, url: str | None) -> _Context:
        return cls(
            title=_tokens(meta.title),
            description=_tokens(meta.description),
            urls=frozenset(_norm(u) for u in (url, meta.url) if u),
            captions=_captions(tree),
            links=_link_shares(tree),
        )

    def link_share(self, block: _Block) -> float:
        """Share of the block's text inside links on the page (0 when not found)."""
        return self.links.get(_norm(block.text), 0.0)


def _captions(tree: HtmlElement) -> frozenset[str]:
    """Normalised texts of figure captions and photo credits in the page's DOM."""
    found = tree.xpath(
        "//figcaption | //*[contains(concat(' ', normalize-space(@class), ' '), ' caption ')]"
        " | //*[contains(@class, 'caption') or contains(@class, 'credit')]"
        "[not(.//p[string-length(normalize-space()) > 300])]"
    )
    texts = {_norm(el.text_content()) for el in found}
    # Image descriptions are printed again as captions under the picture.
    texts.update(_norm(alt) for alt in tree.xpath("//img/@alt | //img/@title"))
    return frozenset(t for t in texts if len(t.split()) >= CAPTION_MIN_WORDS)


def _link_shares(tree: HtmlElement) -> dict[str, float]:
    """Normalised text of each text-bearing element to the share of it inside ``<a>``.

    Read from the page rather than from trafilatura's ``<ref>`` output because asking
    trafilatura for links changes which paragraphs it keeps.
    """
    shares: dict[str, float] = {}
    for el in tree.iter(*_TEXT_HOLDERS):
        text = _norm(el.text_content())
        if not text or text in shares:
            continue
        linked = sum(len(_norm(a.text_content())) for a in el.iter("a"))
        shares[text] = min(1.0, linked / len(text))
    return shares


_TEXT_HOLDERS = ("a", "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "td")


def _prune(blocks: list[_Block], context: _Context) -> list[_Block]:
    """Drop page furniture from extracted blocks; what survives is the article text."""
    blocks = _drop_lead_headings(blocks, context)
    blocks = _drop_lead_datelines(blocks)
    blocks = _drop_junk_sections(blocks, context)
    blocks = _drop_link_lists(blocks, context)
    return [b for b in blocks if _furniture(b, context) is None]


def _drop_link_lists(blocks: list[_Block], context: _Context) -> list[_Block]:
    """A list whose every entry is a link is a menu or a "more stories" box."""
    out: list[_Block] = []
    for is_item, group in groupby(blocks, key=lambda b: b.kind == "item"):
        run = list(group)
        if not (is_item and all(context.link_share(b) >= LINK_DENSE for b in run)):
            out.extend(run)
    return out


def _drop_lead_headings(blocks: list[_Block], context: _Context) -> list[_Block]:
    """Drop the headline block: everything before the first paragraph of running text, up
    to the last heading there that is an ``h1`` or repeats the page title or
    description (kicker, teaser links, headline, standfirst). Other headings in the lead
    are kept: they may be a section title of the article itself."""
    lead = next(
        (
            i
            for i, b in enumerate(blocks)
            if b.kind != "head"
            and b.words > HEADING_MAX_WORDS
            and context.link_share(b) < LINK_DENSE
        ),
        len(blocks),
    )
    start = 0
    for i, head in enumerate(blocks[:lead]):
        if head.kind != "head":
            continue
        tokens = _tokens(head.text)
        if head.level == 1 or _same(tokens, context.title) or _same(tokens, context.description):
            start = i + 1
    rest = blocks[start:]
    if rest and _starts_with_title(rest[0], context):
        rest = rest[1:]  # the headline repeated as a plain paragraph
    return rest


def _starts_with_title(block: _Block, context: _Context) -> bool:
    """The block is the title, or the title run together with a short byline or date."""
    tokens = _tokens(block.text)
    if _same(tokens, context.title):
        return True
    squeezed, title = "".join(tokens), "".join(context.title)
    return (
        len(context.title) >= PREFIX_MIN_TOKENS
        and squeezed.startswith(title)
        and len(tokens) <= len(context.title) + BYLINE_MAX_WORDS
    )


def _drop_lead_datelines(blocks: list[_Block]) -> list[_Block]:
    """Date lines above the first sentence are the publication date. Further down a line
    of dates or times is content (opening hours, a timeline entry) and stays."""
    dates = [_is_date_line(b.text) for b in blocks]
    lead = next(
        (i for i, b in enumerate(blocks) if b.words > HEADING_MAX_WORDS and not dates[i]),
        len(blocks),
    )
    return [b for i, b in enumerate(blocks) if i >= lead or not dates[i]]


def _drop_junk_sections(blocks: list[_Block], context: _Context) -> list[_Block]:
    """A short heading like "You may also like" starts a section of teasers: drop it and
    the short or link-made blocks that follow, up to the next real paragraph."""
    out: list[_Block] = []
    in_junk = False
    for block in blocks:
        if block.words <= HEADING_MAX_WORDS and _SECTION_HEADING.match(_ascii_quotes(block.text)):
            in_junk = True
            continue
        stub = block.words <= HEADING_MAX_WORDS * 2
        if in_junk and (stub or context.link_share(block) >= LINK_DENSE):
            continue
        in_junk = False
        out.append(block)
    return out


def _furniture(block: _Block, context: _Context) -> str | None:
    """Why a block is page furniture, or None if it may be article text."""
    text = _ascii_quotes(block.text)
    words = block.words
    if words == 0:
        return "empty"
    if _norm(text) in context.captions:
        return "caption"
    if _norm(text) in context.urls:
        return "page-address"
    if words > FURNITURE_MAX_WORDS:
        return None
    if _TEASER.match(text):
        return "teaser"
    if words >= TEASER_MIN_WORDS and context.link_share(block) >= LINK_DENSE:
        return "linked-headline"
    if _CALL_TO_ACTION.match(text) or (words <= NEWSLETTER_MAX_WORDS and _NEWSLETTER.search(text)):
        return "call-to-action"
    if _CREDIT.search(text) or (words <= CREDIT_MAX_WORDS and _PHOTO_CREDIT.search(text)):
        return "credit"
    if _READING_TIME.search(text):
        return "reading-time"
    if _SHORTCODE.search(text):
        return "shortcode"
    if (
        words <= HEADING_MAX_WORDS
        and block.kind != "head"
        and (_META_LINE.match(text) or _is_byline(text))
    ):
        return "byline-or-meta"
    return None


def _is_byline(text: str) -> bool:
    """A byline: "By" (or its kin) and names only, every word capitalised or a joiner."""
    match = _BYLINE.match(text)
    if not match:
        return False
    names = _WORD.findall(match.group(1))
    return bool(names) and all(w[0].isupper() or w.lower() in _NAME_JOINERS for w in names)


def _is_date_line(text: str) -> bool:
    """A line with nothing but a date and time (digits, month and day names)."""
    tokens = [t.lower() for t in _WORD.findall(text)]
    return (
        bool(tokens)
        and all(t.isdigit() or t in _DATE_WORDS for t in tokens)
        and any(t.isdigit() for t in tokens)
    )


# --- text helpers -------------------------------------------------------------------------


def _ascii_quotes(text: str) -> str:
    """Curly apostrophes as straight ones, so patterns need to spell "don't" once."""
    return text.replace("\u2019", "'").replace("\u2018", "'")


def _norm(text: str | None) -> str:
    return " ".join(_WORD.findall(text or "")).lower()


def _tokens(text: str | None) -> tuple[str, ...]:
    return tuple(t.lower() for t in _WORD.findall(text or ""))


def _same(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Equal token lists, or one a prefix of the other with enough tokens to mean it."""
    if not a or not b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return short == long or (len(short) >= PREFIX_MIN_TOKENS and long[: len(short)] == short)


def _shingles(text: str, size: int = 4) -> set[tuple[str, ...]]:
    tokens = _tokens(text)
    return {tokens[i : i + size] for i in range(max(1, len(tokens) - size + 1)) if tokens}
