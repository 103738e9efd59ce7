"""The page-furniture lexicon: phrases and patterns that mark a line as not article body.

Kept apart from the classifier in :mod:`storyline.clean.text` so the wording lists can grow
(new sites, new languages of widget) without touching the rules that use them. Every
entry is a *kind* of furniture found across many sites, never a string from one article.

Labels are matched against a normalised key (see ``text.line_key``): case-folded, curly
quotes made straight, surrounding punctuation and arrows dropped, white space folded.
"""

from __future__ import annotations

import re

__all__ = [
    "AGENCY_CODES",
    "AGENCY_NAMES",
    "CAPTION_CUES",
    "CAPTION_WITH_CREDIT",
    "COMMENT_PATTERN",
    "CONTACT_CUES",
    "CONTACT_VERBS",
    "COOKIE_CUES",
    "CREDIT_PREFIX",
    "CREDIT_ROLE",
    "CTA_ANYWHERE",
    "CTA_PREFIX",
    "DATE_NUMERIC",
    "DISCLOSURE",
    "HASHTAG",
    "LABEL_REASONS",
    "MARKUP_RESIDUE",
    "MEDIA_COUNT",
    "MONTHS",
    "NAME_CONNECTORS",
    "NEWSLETTER_CUES",
    "OUTLET_WORDS",
    "PHOTO_DESK",
    "POSTED_BY_HEAD",
    "POSTED_BY_TAIL",
    "RELATED_CUE",
    "RELATED_GLUED",
    "RELATED_SITE_CUE",
    "RELATED_TAG",
    "SECOND_PERSON",
    "SHARE_WORDS",
    "STAFF_WORDS",
    "TAG_PREFIX",
    "TIMEZONE",
    "TIME_ANCHORS",
    "TIME_WORDS",
    "WEEKDAYS",
    "WIDGET_ANCHORS",
    "WIRE_SLUG",
]

# Whole-line labels, by reason. A line whose key is one of these is furniture whatever
# its position: such a line carries no reportable content on its own.
_NAVIGATION = {
    "close", "menu", "main menu", "open menu", "close menu", "toggle menu", "navigation",
    "toggle navigation", "skip to content", "skip to main content", "skip to navigation",
    "skip navigation", "back to top", "scroll to top", "go to top", "top", "home", "search",
    "search for", "log in", "login", "sign in", "sign out", "log out", "register",
    "my account", "account", "next", "previous", "prev", "next article", "previous article",
    "next story", "previous story", "next post", "previous post", "load more", "show more",
    "see more", "view more", "view all", "see all", "more", "expand", "collapse",
    "open", "dismiss", "x", "english", "breaking news", "live", "latest", "news",
    "sections", "all sections", "edition", "switch edition",
}
_CALL_TO_ACTION = {
    "subscribe", "subscribe now", "sign up", "sign up now", "newsletter", "newsletters",
    "source link", "source", "read more", "read full article", "read entire article",
    "read the full article", "read the full story", "read full story", "read original article",
    "read the original article", "continue reading", "keep reading", "click here",
    "learn more", "find out more", "leave a comment", "leave a reply", "add a comment",
    "post a comment", "post comment", "write a comment", "comment", "comments", "view comments",
    "show comments", "hide comments", "join the conversation", "join the discussion",
    "be the first to comment", "no comments yet", "download the app", "get the app",
    "contact us", "about us", "privacy policy", "terms of use", "terms of service",
    "terms and conditions", "donate", "support us",
}
_SHARE = {
    "share", "share this", "share this article", "share this story", "share this post",
    "share article", "share story", "share on facebook", "share on twitter", "share on x",
    "share on linkedin", "share on whatsapp", "share via email", "share via", "copy link",
    "copy url", "link copied", "tweet", "print", "print article", "email", "e-mail",
    "save", "save article", "bookmark", "gift article", "gift this article",
}
_TAGS = {
    "tags", "tag", "tagged", "topics", "topic", "related topics", "filed under", "categories",
    "category", "posted in", "keywords", "more on", "more about", "explore more on these topics",
    "more on this story", "more on these topics", "related tags", "in this article",
}
_TEMPLATE = {
    # Recurring section markers of news-agency templates ("Details" opens the body,
    # "Let us remind" opens the recap of earlier reports on several Ukrainian sites).
    "details", "let us remind", "let us recall", "we remind", "recall", "reminder",
    "for reference", "also read", "read also", "see also", "related", "related articles",
    "related stories", "related posts", "related news", "related coverage", "related content",
    "recommended", "recommended for you", "recommended stories", "you may also like",
    "you might also like", "you may be interested", "most read", "most popular", "trending",
    "trending now", "top stories", "latest news", "latest stories", "more stories",
    "more news", "editor's picks", "editors' picks", "don't miss", "must read", "also on",
    "what to read next", "read next", "up next", "more from our network",
}
_POLICY = {
    # Links to the outlet's standards pages, printed under the story or beside the site
    # name ("Example News • Our editorial standards").
    "editorial standards", "our editorial standards", "our standards",
    "editorial standards and practices", "editorial policy", "editorial policies",
    "our editorial policy", "editorial guidelines", "our editorial guidelines",
    "editorial values", "our editorial values", "editorial principles",
    "our editorial principles", "ethics policy", "our ethics policy", "code of ethics",
    "our code of ethics", "ethics and standards", "standards and ethics",
    "corrections policy", "our corrections policy", "corrections and clarifications",
    "report an error", "report a correction", "submit a correction", "suggest a correction",
    "request a correction", "spotted an error", "trust principles", "our trust principles",
    "the trust principles", "how we report", "how we work", "about our journalism",
    "fact-checking policy", "fact checking policy", "our fact-checking policy",
    "ownership and funding", "licensing rights", "purchase licensing rights",
    "acquire licensing rights", "reprints and permissions", "reprint rights",
    "republishing guidelines", "republish this article", "republish this story",
}
_TRANSLATION = {
    # Notices that the page is a machine translation of the original.
    "automatic translation", "automatically translated", "translated automatically",
    "machine translation", "machine translated", "machine-translated",
    "machine-translated text", "auto-translated", "auto translated", "autotranslated",
    "ai translation", "ai-translated", "translated by ai", "translated with ai",
    "translated by machine", "show original", "view original", "see original",
}
_ADVERTISEMENT = {
    "advertisement", "advertising", "ad", "ads", "sponsored", "sponsored content",
    "paid content", "promoted", "promoted content", "partner content", "story continues below",
    "article continues below", "story continues below advertisement",
    "article continues below advertisement", "content continues below", "scroll to continue",
    "scroll to continue with content", "continue reading below", "remove ads",
}
_MEDIA = {
    "video", "videos", "photo", "photos", "image", "images", "gallery", "photo gallery",
    "watch", "watch video", "watch now", "play", "play video", "listen", "listen now",
    "audio", "listen to this article", "listen to article", "listen to this story",
    "embed", "image caption", "media caption", "caption", "enlarge", "enlarge this image",
    "toggle caption", "hide caption", "show caption", "expand image", "view image",
    "open image", "view gallery", "loading", "loading...", "please wait", "video loading",
    "watch next", "watch this video", "autoplay",
}

LABEL_REASONS: dict[str, str] = {
    **{k: "navigation" for k in _NAVIGATION},
    **{k: "share-widget" for k in _SHARE},
    **{k: "tag-label" for k in _TAGS},
    **{k: "template-label" for k in _TEMPLATE},
    **{k: "advertisement" for k in _ADVERTISEMENT},
    **{k: "media-widget" for k in _MEDIA},
    **{k: "call-to-action" for k in _CALL_TO_ACTION},
    **{k: "site-policy" for k in _POLICY},
    **{k: "translation-notice" for k in _TRANSLATION},
}

# Words that make up a share bar ("Facebook Twitter Email", "Share | Tweet | Print").
SHARE_WORDS = frozenset({
    "share", "shares", "tweet", "facebook", "twitter", "x", "linkedin", "whatsapp", "telegram",
    "viber", "messenger", "reddit", "pinterest", "flipboard", "tumblr", "vk", "email", "e-mail",
    "mail", "print", "copy", "link", "url", "save", "bookmark", "sms", "on", "via", "this", "by",
    "article", "story", "threads", "bluesky", "mastodon", "comments", "comment",
})

# Calls to action that open a line and may run on ("Read more coverage on …",
# "Subscribe to our newsletter for …", "ALSO READ: <linked headline>"). Checked only on
# short lines (text.CTA_MAX_WORDS), since a long line beginning so is a sentence.
CTA_PREFIX = re.compile(
    r"^(?:"
    r"read (?:more|also|the full|full|entire|the entire|the original|original|our)\b"
    r"|(?:also|see) (?:read|also|more)\b"
    r"|related\s*(?::|-|\|)"
    r"|more (?:coverage|on this)\b"
    r"|continue reading|keep reading|click (?:here|to)\b|tap (?:here|to)\b"
    r"|(?:subscribe|sign up|signup|register) (?:now|today|here|for|to|and)\b"
    r"|follow (?:us|our|the latest|@)"
    r"|follow\b.{0,60}\bon (?:facebook|twitter|x|instagram|telegram|linkedin|youtube|tiktok|"
    r"whatsapp|threads|bluesky|google news)\b"
    r"|(?:join|download|get|install) (?:our|us|the \S+ app|the app)\b"
    r"|(?:watch|listen)(?: now)?\s*:|watch (?:the |our )?(?:video|live)\b"
    r"|listen to (?:this|the) (?:article|story|podcast)\b"
    r"|(?:source|original source|source link|sources?)\s*:"
    r"|(?:this (?:article|story|post) (?:was|is|has been) (?:originally |first )?"
    r"(?:published|posted|republished|syndicated|updated))\b"
    r"|originally (?:published|appeared)\b"
    r"|have a (?:news )?tip\b|got a (?:news )?tip\b"
    r"|we (?:want to hear|would like to hear) from you\b"
    r"|(?:leave|post|add|write) a (?:comment|reply)\b"
    r"|(?:view|show|read|see) (?:all )?(?:\d+ )?comments\b"
    r"|don'?t miss\b|also\s*:|like this (?:story|article|post)\b|our standards\s*:"
    r"|(?:have|got) (?:a )?(?:question|story idea|news tip)s?\b"
    r"|tell us\b|let us know\b|send us\b|share your (?:thoughts|views|story|comments)\b"
    r"|what do you think\b|(?:see|buy|get|shop) (?:it |them )?(?:now|here|at)\b|shop now\b"
    r")"
)

# Related-link lists and their headers. A cue opens the line and is followed by a
# separator and a linked headline ("Most read: <headline>", "You may also like | <…>"),
# by a site or section ("Most read in World News", "Popular on Example"), or by nothing.
# Matched case-insensitively on the line with its edging stripped.
RELATED_CUE = re.compile(
    r"^(?P<cue>"
    r"related(?: (?:posts?|articles?|stories|story|news|coverage|reading|content|videos?|"
    r"links?|topics?|items?))?"
    r"|recommended(?: (?:for you|reading|stories|articles|videos?|posts?|news))?"
    r"|trending(?: (?:now|stories|articles|topics|news|today|videos?))?"
    r"|(?:most )?popular(?: (?:now|stories|articles|posts|news|today|this week|videos?))?"
    r"|most (?:read|viewed|shared|watched|commented|emailed|clicked|recent)"
    r"(?: (?:stories|articles|news|today|this week|now|videos?))?"
    r"|read (?:next|this next|also|more)|also read|see also|up next|next up|watch next"
    r"|what to read next|(?:don'?t|do not) miss|must[- ]reads?|editor'?s'? (?:picks?|choice)"
    r"|you (?:may|might|could) (?:also )?(?:like|enjoy|have missed|be interested(?: in)?)"
    r"|(?:in case )?you missed(?: it)?|icymi|further reading|more (?:stories|headlines|to read"
    r"|reading|coverage|on this(?: story| topic)?)"
    r")(?=\W|$)",
    re.IGNORECASE,
)
# Cues that must name a site or a section: "More from Example News", "Also on Example:".
RELATED_SITE_CUE = re.compile(
    r"^(?P<cue>more (?:from|on|in|at)|also (?:on|from|in)|elsewhere on|(?:more )?stories from|"
    r"(?:most read|most popular|popular|trending|latest) (?:on|in|from|at)|"
    r"(?:recommended|promoted|sponsored|presented) by)\s+",
    re.IGNORECASE,
)
# A related-links block glued to its label by the extractor: "RelatedHeadline one…".
RELATED_GLUED = re.compile(r"^(?:Related|RELATED|Recommended|RECOMMENDED)(?=[A-Z][a-z])")
# A linked headline tagged with its kind in capitals: "Headline [VIDEO]", "... [INSIGHT]".
RELATED_TAG = re.compile(r"\[[A-Z]{3,}(?: [A-Z]{3,})?\]\s*\|?$")

# Newsletter and subscription pitches: their vocabulary addressed to the reader.
NEWSLETTER_CUES = re.compile(
    r"\b(?:inbox|newsletters?|subscri(?:be|bed|bing|ption|ptions|ber)|sign(?:ing)?[- ]up|"
    r"email alerts?|news alerts?|daily briefing|delivered (?:to|straight to|right to))\b"
)
SECOND_PERSON = re.compile(
    r"\b(?:you|your|yours|our|us)\b|^(?:get|sign|subscribe|join|receive|stay|never|thanks|"
    r"thank you|sorry|let)\b"
)
# Author contact lines: an address or handle with a contact verb.
CONTACT_CUES = re.compile(
    r"(?:\S+@\S+\.\w+|(?<!\w)@\w{2,}|https?://\S+)"
)
CONTACT_VERBS = re.compile(
    r"^(?:follow|email|e-mail|reach|contact|write to|dm|tweet)\b|"
    r"\b(?:follow|email|e-mail|reach|contact|message) (?:him|her|them|me|us)\b|"
    r"\b(?:can|may) be reached\b"
)
# Clickbait calls anywhere in a short line ("... BY CLICKING HERE").
# The reader addressed mid-line ("We'd like to hear what you think …").
CTA_ANYWHERE = re.compile(
    r"\bclick(?:ing)? (?:here|the link|below|for)\b|\btap here\b|"
    r"\bwe(?:'d| would) (?:like|love) to hear\b|\bwhat do you think\b|\blet us know\b"
)
# Affiliate and sponsorship disclosures.
DISCLOSURE = re.compile(
    r"\bif you (?:buy|purchase|click|shop)\b.*\b(?:commission|share of (?:the )?sales?|earn)\b|"
    r"\baffiliate (?:links?|commissions?|partnerships?)\b|"
    r"\bmay (?:earn|receive|get) (?:a )?(?:small )?(?:commission|share of)\b|"
    r"\bthis (?:post|article|content) (?:is|was) (?:sponsored|paid for)\b|"
    r"\bhas been compensated by\b"
)
# Left-overs of page markup: shortcodes ("[button …]…[/button]"), CSS/URL slugs.
MARKUP_RESIDUE = re.compile(
    r"\[/\w+\]|\[\w+ \w+=|^[a-z]+(?:[-_][a-z]+){2,}$|^\{\{.*\}\}$"
)

# News-agency wire slugs printed above a story ("AP-US--Topic-Name, 4th Ld-Writethru").
WIRE_SLUG = re.compile(r"^[A-Z]{2,3}-[A-Z]{2,3}-{1,2}[A-Z]|\bLd-Writethru\b|\bWritethru\b")

# Gallery and media counters ("20 photos", "12 Images", "3 videos").
MEDIA_COUNT = re.compile(r"^\d+ (?:photos?|images?|pictures?|pics|videos?|slides?|clips?)$")

# Comment counters ("12 comments", "Comments (3)").
COMMENT_PATTERN = re.compile(r"^(?:\d+\s+comments?|comments?\s*\(?\d+\)?)$")

# Tag / topic lists that name their kind ("Tags: Russia, Ukraine", "Filed under: World").
TAG_PREFIX = re.compile(
    r"^(?:tags?|tagged(?: with)?|topics?|related topics|filed under|categories|category|"
    r"posted in|keywords|more on|more about)\s*[:|•]"
)

# Cookie and consent banners: "cookie" plus a word of the consent vocabulary.
COOKIE_CUES = re.compile(
    r"\bcookies?\b.*\b(?:we use|use of|accept|consent|privacy|this (?:site|website)|"
    r"settings|preferences|agree)\b|\b(?:we use|accept|consent to)\b.*\bcookies?\b"
)

# Photo agencies and credit vocabulary. Full names match case-insensitively; the short
# upper-case agency codes only as written, so "ap" inside a word or sentence never fires.
AGENCY_NAMES = (
    "getty images", "getty", "reuters", "associated press", "ap photo", "afp", "epa-efe",
    "shutterstock", "alamy", "bloomberg via getty", "sputnik", "tass", "ria novosti",
    "anadolu", "nurphoto", "sopa images", "lightrocket", "xinhua", "imago", "zuma press",
    "zuma wire", "pa media", "pa wire", "press association", "istock", "istockphoto",
    "unsplash", "pexels", "wikimedia commons", "wikimedia", "flickr", "abaca", "dpa",
    "picture alliance", "picture-alliance", "handout", "pool photo", "pool via",
    "press service", "press office", "courtesy of", "courtesy", "ukrinform", "kremlin.ru",
    "kremlin pool", "the washington post via getty", "corbis", "magnum photos", "redux",
    "new york times", "ddp", "belga", "anp", "tt news agency", "ritzau", "kyodo", "yonhap",
)
AGENCY_CODES = ("AP", "AFP", "EPA", "EFE", "PA", "UPI", "ANP", "DPA", "TASS", "POOL")

# A line that begins with a credit word ("Photo: …", "Image source, …", "Credit: …").
CREDIT_PREFIX = re.compile(
    r"^\(?(?:photo(?:graph|s)?|image|images|picture|pictures|pic|credits?|photo credit|"
    r"image credit|image source|media source|video source|source photo|illustration|"
    r"illustrative (?:photo|image|picture)|file photo|cover photo|main photo|featured image|"
    r"photo illustration|photographer|copyright image|stock (?:photo|image|picture))"
    r"(?:\s*(?:by\b|[:,/©|]|-\s)|\s*$)"
)

# A caption that carries its credit at the end: "… on Monday. Photograph: Name/Agency",
# "… (AP Photo/Name)", "… (Photo by Name/Getty Images)".
CAPTION_WITH_CREDIT = re.compile(
    r"(?:"
    r"(?:photo(?:graph)?|image|picture|credit|source)\s*:\s*[^.:]{2,80}$"
    r"|\((?:[A-Z][\w.-]*\s+)?photo\b[^()]{0,80}\)\s*\.?$"
    r"|\(photo (?:by|credit)[^()]{0,80}\)\s*\.?$"
    r"|\b(?:ap|afp|reuters|epa) photo/[^.]{2,60}$"
    r"|/\s*(?:getty images|reuters|afp|ap|epa(?:-efe)?|shutterstock|alamy|sputnik|tass)"
    r"\s*\)?\s*\.?$"
    r")",
    re.IGNORECASE,
)

# Words that mark a sentence as describing a picture rather than reporting an event.
CAPTION_CUES = re.compile(
    r"\b(?:pictured|poses?|posing|gestures?|gesturing|looks on|look on|shakes? hands|"
    r"shaking hands|in this (?:photo|picture|image|handout|file)|file (?:photo|picture)|"
    r"seen (?:here|in)|from left|\((?:l|r|c|left|right|centre|center)\)|"
    r"(?:attends?|speaks?|arrives?|walks?|stands?|sits?|smiles?|waves?|talks?) "
    r"(?:during|at|as|before|after|with|in|to)\b|"
    r"\b(?:drives|holds|carries|inspects|greets|listens|reacts|addresses|is seen|are seen)\b|"
    r"\bduring (?:a|an|the|their|his|her) (?:joint )?(?:press conference|news conference|"
    r"meeting|visit|ceremony|rally|summit|session|briefing|parade|funeral|protest|talks)\b)",
    re.IGNORECASE,
)

# Roles of a wire credit trailer: "(Reporting by A in X; Writing by B; Editing by C)".
CREDIT_ROLE = re.compile(
    r"(?<!\w)(?:(?:additional|extra|further|contributing|and)\s+)?"
    r"(?:reporting|reported|writing|written|editing|edited|compiled|compilation|"
    r"research|researched|graphics|production|produced|fact[- ]?checking|fact[- ]?checked|"
    r"sub[- ]?editing|translation|translated|contributions?|photography|video|"
    r"interviews?|data)"
    r"(?:\s+(?:and|&)\s+(?:reporting|writing|editing|research|production|graphics))?"
    r"\s+by(?!\w)",
    re.IGNORECASE,
)
# Lower-case words that stand for people in a credit ("Compiled by staff writers").
STAFF_WORDS = frozenset({
    "staff", "writers", "writer", "reporters", "reporter", "newsroom", "desk", "team",
    "correspondents", "correspondent", "bureau", "the", "our", "editors", "editor",
    "agencies", "wires", "wire", "services", "admin", "administrator",
    "webmaster", "editorial", "guest",
})

# The last word of a picture desk's name in a credit ("Name | Example Images",
# "Name/Staff Photographer").
PHOTO_DESK = re.compile(
    r"\b(?:images|photos?|photography|photographer|pictures|picture desk|visuals|imagery|"
    r"imaging|fotos?)$",
    re.IGNORECASE,
)

# A hashtag: "#" and a word with at least one letter ("#2024Vote", not "#1").
HASHTAG = re.compile(r"^#[\w-]*[^\W\d_][\w-]*[.,;]?$")

# A post stamp with its poster: "Posted on <date> by <user>", "Published by <name> on
# <date>". The date part must be a timestamp; the poster a name or one handle.
POSTED_BY_HEAD = re.compile(
    r"^(?:originally\s+|first\s+|last\s+)?(?:posted|published|updated|modified|filed|"
    r"submitted|written|uploaded|added)\b",
    re.IGNORECASE,
)
POSTED_BY_TAIL = re.compile(
    r"^(?P<when>.*?)\s*\bby\s+(?P<who>[^|•·]+?)\s*(?:[|•·]\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)

MONTHS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec",
})
WEEKDAYS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon",
    "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
})

# Words a timestamp / counter widget is made of ("Updated 2 min ago", "1 month ago 5",
# "Published 18 March 2025, 10:32 GMT", "5 min read", "1.2K views").
TIME_WORDS = frozenset({
    "ago", "just", "now", "second", "seconds", "sec", "secs", "s", "minute", "minutes", "min",
    "mins", "m", "hour", "hours", "hr", "hrs", "h", "day", "days", "d", "week", "weeks", "w",
    "month", "months", "mo", "year", "years", "yr", "yrs", "y", "yesterday", "today",
    "updated", "update", "published", "posted", "last", "modified", "created", "on", "at",
    "am", "pm", "a.m", "p.m", "gmt", "utc", "bst", "et", "est", "edt", "ct", "cst", "cdt",
    "pt", "pst", "pdt", "cet", "cest", "eet", "eest", "msk", "ist", "read", "reading",
    "time", "views", "view", "likes", "reads", "of", "the", "st", "nd", "rd", "th",
    "an", "a", "less", "than",
}) | MONTHS | WEEKDAYS

# At least one of these must be present for a line of TIME_WORDS to be a timestamp.
# Words that make a date line a page widget wherever it stands ("3 hours ago",
# "Updated 18 March"); a bare date or clock time may be a live-blog entry's time.
WIDGET_ANCHORS = frozenset({
    "ago", "now", "updated", "published", "posted", "modified", "read", "views", "likes",
    "reads",
})
TIME_ANCHORS = WIDGET_ANCHORS | {"yesterday", "today"} | MONTHS | WEEKDAYS

# Time-zone abbreviations next to a clock time ("11:28 AMT", "GMT+2").
TIMEZONE = re.compile(r"^(?:[a-z]{1,3}[sd]?t|(?:utc|gmt)[+-]?\d{0,2}(?::?\d{2})?)$")

# Numeric dates and clock times ("18.03.2025", "2025-03-18", "10:32").
DATE_NUMERIC = re.compile(
    r"^(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}(?::\d{2})?(?:am|pm)?|\d{4}|"
    r"\d+(?:[.,]\d+)?[km]?|\d+(?:st|nd|rd|th)|\d+(?:h|m|min|mins|d|w|mo|y|yr|s))$"
)

# Words that make a short capitalised line a publication's name ("The Kyiv Independent",
# "Daily Courier", "example.com"), not a three-word headline ("Putin Rejects Truce").
OUTLET_WORDS = re.compile(
    r"\b(?:news|times|post|daily|herald|journal|tribune|independent|gazette|telegraph|"
    r"guardian|chronicle|observer|express|mirror|press|media|magazine|review|insider|online|"
    r"network|agency|service|radio|tv|channel|today|weekly|wire|report|digest|"
    r"monitor|standard|globe|star|sun|pravda|info)\b|\w\.(?:com|org|net|co|ua|ru|uk)\b",
    re.IGNORECASE,
)

# Lower-case words that may sit inside a person's or an agency's name.
NAME_CONNECTORS = frozenset({
    "and", "of", "the", "for", "de", "da", "del", "der", "van", "von", "la", "le", "al",
    "el", "bin", "via", "in", "at", "&", "y", "e", "du", "dos", "das",
})
