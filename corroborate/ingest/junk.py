"""Junk lines and header metadata: run by ingest, before extraction.

Marks the lines of an article that are not claims (share and copyright boxes,
bare URLs, "read more" links, teasers of other stories, bylines, datelines,
the headline) as ``JunkLine`` spans of ``Article.text``, and reads the
metadata those header lines carry (outlet, date, url, author, title). Signals
are generic (repetition within the document or the batch, missing final
punctuation, ellipsis endings, link text) so they carry over to new outlets.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from corroborate.extract.dates import dateline_date, leading_stamp, parse_header_date
from corroborate.lexicon import wordlist
from corroborate.records import JunkLine

INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff\xa0"), " ")
URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
NOTICE = re.compile(
    r"copyright|©|all rights reserved|sharing tools|share button|T&Cs|terms (?:of use|and conditions)"
    r"|licensing@|gift article|reproduc\w* (?:is )?(?:prohibited|without)",
    re.I,
)
NAVIGATION = re.compile(
    r"(?:read (?:more|the full story)(?: on original| here)?|you may also like|most (?:commented|read|popular|"
    r"viewed|shared)|related(?: articles| stories| news| content)?|more from \S.*|sign up\b.*|subscribe\b.*"
    r"|advertisement|click here\b.*|share (?:this|on)\b.*|follow us\b.*|trending(?: now)?"
    r"|recommended(?: for you)?|comments?|top stories|latest news)\W*",
    re.I,
)
DATELINE = re.compile(
    r"(?:(?:posted|published|updated|last updated)(?: on)?:?\s+)"
    r"(?:[A-Z][a-z]{2,8},?\s+)?[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"(?:,?\s*(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s*[A-Z]{2,4}(?:[+-]\d{1,2}(?::\d{1,2})?)?)?)?",
    re.I,
)
OUTLET_DATE = re.compile(r"(?P<outlet>[A-Z][\w&.'’ ]{1,48}?)\s*[-–—|•,]\s*(?P<date>[\w ,.]{4,40})")
BYLINE_WORD = re.compile(r"[A-Z][\w.'’-]*|and|in|by|of|the|de|van|von|al|bin|&|,", re.I)
SMALL_WORDS = {"and", "in", "by", "of", "the", "de", "van", "von", "al", "bin", "&"}
TERMINAL = tuple(".!?\"”’':;)…")
LIST_MARK = re.compile(r"(?:[-*+]|\d+[.)])\s")


@dataclass(frozen=True)
class Line:
    """A non-blank line: its stripped text and the exact span of that text."""

    start: int
    end: int
    text: str
    first: bool  # the first non-blank line of the document


def norm(line: str) -> str:
    return " ".join(line.translate(INVISIBLE).split()).lower()


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    for match in re.finditer(r"[^\n]+", text):
        raw = match.group()
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        if body.translate(INVISIBLE).strip():
            start = match.start() + lead
            lines.append(Line(start, start + len(body), body, not lines))
    return lines


def batch_line_counts(texts: Iterable[str]) -> dict[str, int]:
    """In how many documents of the batch each (normalised) line occurs."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update({norm(line.text) for line in split_lines(text)})
    return dict(counts)


def words(line: str) -> list[str]:
    return line.translate(INVISIBLE).split()


def unfinished(line: str) -> bool:
    """No final punctuation: headlines, link text and nav items end like this, sentences don't."""
    return not line.translate(INVISIBLE).rstrip().endswith(TERMINAL)


def is_byline(line: str) -> bool:
    tokens = re.findall(r"[\w.'’&-]+|,", line)
    names = [t for t in tokens if t[0].isupper()]
    if not unfinished(line) or len(tokens) > 30 or len(names) < 2:
        return False
    if not all(BYLINE_WORD.fullmatch(t) and (t[0].isupper() or t.lower() in SMALL_WORDS or t == ",") for t in tokens):
        return False
    lowered = {t.lower() for t in tokens}
    return line.lower().startswith("by ") or bool(lowered & {"and", "in", "&"})


def is_teaser(line: str) -> bool:
    """Cut-off teaser text: ends in an ellipsis that does not follow a finished sentence."""
    body = line.translate(INVISIBLE).rstrip()
    if not body.endswith(("…", "...")) or len(body.split()) < 3:
        return False
    return not body.rstrip(" .…").endswith(tuple('.!?"”'))


def outlet_and_date(line: str) -> tuple[str, str] | None:
    match = OUTLET_DATE.fullmatch(line.strip())
    if not match or len(words(line)) > 10:
        return None
    published = parse_header_date(match["date"])
    return (match["outlet"].strip(), published) if published else None


Rule = Callable[[Line, "Context"], bool]


@dataclass(frozen=True)
class Context:
    kind: str
    in_doc: Counter[str]
    in_batch: dict[str, int]


def repeated(line: Line, ctx: Context) -> bool:
    key = norm(line.text)
    if len(key.split()) < 2:
        return False
    if ctx.in_doc[key] > 1:
        return True
    return ctx.in_batch.get(key, 0) > 1 and unfinished(line.text) and len(key.split()) <= 15


def other_headline(line: Line, ctx: Context) -> bool:
    return not line.first and unfinished(line.text) and len(words(line.text)) >= 5 and not LIST_MARK.match(line.text)


def short_unfinished(line: Line, ctx: Context) -> bool:
    return not line.first and unfinished(line.text) and len(words(line.text)) < 5


# Order matters: the first rule that matches names the reason.
RULES: tuple[tuple[str, Rule], ...] = (
    ("bare URL", lambda ln, c: bool(URL.fullmatch(ln.text))),
    ("share/copyright notice", lambda ln, c: bool(NOTICE.search(ln.text))),
    ("navigation", lambda ln, c: bool(NAVIGATION.fullmatch(ln.text)) and len(words(ln.text)) <= 8),
    ("metadata: outlet and date", lambda ln, c: outlet_and_date(ln.text) is not None),
    ("metadata: dateline", lambda ln, c: bool(DATELINE.fullmatch(ln.text))),
    ("metadata: byline", lambda ln, c: is_byline(ln.text)),
    ("heading", lambda ln, c: c.kind == "markdown" and ln.text.startswith("#") and not ln.first),
    (
        "title",
        lambda ln, c: (
            ln.first and (ln.text.startswith("#") or (unfinished(ln.text) and 2 <= len(words(ln.text)) <= 30))
        ),
    ),
    ("repeated line", repeated),
    ("teaser ending in ellipsis", lambda ln, c: is_teaser(ln.text)),
    ("headline of another story", other_headline),
    ("navigation", short_unfinished),
)


def classify(line: Line, ctx: Context) -> str | None:
    return next((reason for reason, rule in RULES if rule(line, ctx)), None)


def find_junk(text: str, kind: str, batch: dict[str, int] | None = None) -> tuple[list[JunkLine], dict[str, str]]:
    """Junk spans of ``text`` and the metadata read from its header lines."""
    front, meta = front_matter(text) if kind == "markdown" else (None, {})
    lines = [ln for ln in split_lines(text) if front is None or ln.start >= front.end]
    if front is not None and lines:
        lines[0] = Line(lines[0].start, lines[0].end, lines[0].text, True)
    ctx = Context(kind, Counter(norm(ln.text) for ln in lines), batch or {})
    junk = [front] if front else []
    for line in lines:
        reason = classify(line, ctx)
        if reason:
            junk.append(JunkLine(line.start, line.end, line.text, reason))
            meta = {**line_meta(line.text, reason), **meta}
        elif prefix := dateline_prefix(line):
            junk.append(prefix)
            meta.setdefault("published", parse_header_date(prefix.text) or "")
    taken = {(j.start, j.end) for j in junk}
    opening = [ln for ln in lines if (ln.start, ln.end) not in taken and ln.text.strip()][:STAMP_LINES]
    body = opening[0] if opening else None
    # a "Posted on ..." prefix already dropped above is not read a second time as a stamp
    for k, line in enumerate(opening):
        if k and not headline_line(opening[k - 1].text):
            break  # under a line of the story itself a date opens a sentence (a chronology's), not the page
        if stamp_end(junk, line) == line.start and (stamp := date_stamp(line)):
            junk.append(stamp)  # "August 2, 2013 Ellen DeGeneres was ...": the stamp is no part of a claim
            meta.setdefault("published", parse_header_date(stamp.text) or "")
            break
    if not meta.get("published") and body is not None:
        meta["published"] = dateline_date(body.text) or ""  # "WARSAW, February 26, 1998 (Xinhua) --"
    if body is not None and (headline := glued_headline(body, stamp_end(junk, body))):
        junk.append(headline)
        if not re.search(r"\d:\d", headline.text):  # "Updated 4/11/2007 1:26 PM" is a stamp, not a title
            meta.setdefault("title", headline.text)
    return junk, {k: v for k, v in meta.items() if v}


# The lines a saved page's date stamp may open: the first, or the story's first after a headline line
# ("Esther Williams Dies Aged 91." / "07 June 2013 Golden girl of screen and pool, ...").
STAMP_LINES = 3


def headline_line(line: str) -> bool:
    """A headline on a line of its own, with a stop or not: short, its words capitalised ("Esther Williams:
    Swimmer And Actress Dies Aged 91."), where a story's sentence has mostly lower-case words."""
    found = words(line)
    capitalised = sum(w[:1].isupper() or w[:1].isdigit() for w in found)
    return 0 < len(found) <= GLUE_WINDOW and capitalised >= TITLE_CASE_SHARE * len(found)


def stamp_end(junk: list[JunkLine], line: Line) -> int:
    """Where the first line's own text starts, after a date stamp dropped from its head."""
    return max((j.end for j in junk if line.start <= j.start < line.end), default=line.start)


# Words that open a story's first sentence right after a headline run into it without a stop.
OPENERS = frozenset({"A", "An", "The"})
SUBORDINATORS = frozenset(
    wordlist("after although as because before despite if once since though unless until when while")
)
FUNCTION_WORDS = frozenset(
    wordlist(
        "a an the of in on at to for with by from about into over as than that and but or nor so yet after "
        "before during since until while behind against between among under near its his her their our"
    )
)
GLUE_WINDOW = 20  # words: a headline is short
TITLE_CASE_SHARE = 0.7  # of a headline's words, at least this share capitalised


def glued_headline(line: Line, start: int) -> JunkLine | None:
    """A headline run into the first sentence with no stop: "Quake shakes Iran A powerful quake hit ...".

    Saved pages flattened to one line keep their headline in front of the text. The seam is a
    capitalised opener ("A", "The", "At", ...) after a lower-case word, or a name the headline
    already used ("... browser flaw Microsoft on Wednesday issued"), before the first stop. Only a
    long first line is looked at.
    """
    offset = start - line.start
    if len(line.text) < 200:
        return None
    words = [w.group() for w in re.finditer(r"\S+", line.text[offset:])][:GLUE_WINDOW]
    if words and words[0].lower() in SUBORDINATORS:
        return None  # "Despite reports ...", "After opening ...": a sentence, not a headline
    spans = [w.span() for w in re.finditer(r"\S+", line.text[offset:])][:GLUE_WINDOW]
    for k in range(1, min(len(words), GLUE_WINDOW)):
        before, word = words[k - 1], words[k]
        if before.endswith((".", "!", "?", ":", ";", "”", '"', "|")):
            return None  # the line opens with a whole sentence, or a labelled header
        if k < 3 or not word[:1].isupper() or before.endswith(",") or before.lower() in SMALL_WORDS:
            continue
        if _seam(words, k):
            end = offset + spans[k][0]
            head = line.text[offset:end].rstrip()
            return JunkLine(start, start + len(head), head, "headline")
    return None


def _seam(words: list[str], k: int) -> bool:
    before, word = words[k - 1], words[k]
    if (word.isupper() and len(word) > 1) or before.lower() in FUNCTION_WORDS:
        return False
    head = words[:k]
    if before[:1].islower():
        # "... residential buildings An earthquake ...", "... browser flaw Microsoft on Wednesday ...":
        # an article, or the headline's own first word opening the story
        title_follows = all(w[:1].isupper() for w in words[k + 1 : k + 3]) and len(words) > k + 2
        return (word in OPENERS and not title_follows) or word == head[0].strip(",:")
    if word in ("A", "An") and len(words) > k + 1 and words[k + 1][:1].islower():
        return True  # "... floods harbour in Gdansk A powerful storm ..."
    title_case = sum(w[:1].isupper() for w in head) >= TITLE_CASE_SHARE * len(head)
    pair = " ".join(words[k : k + 2])
    # "Efficient Peyton Manning Passes Colts Past Jags Peyton Manning passed ...": the name again
    return title_case and len(words) > k + 1 and words[k + 1][:1].isupper() and f" {pair} " in f" {' '.join(head)} "


def date_stamp(line: Line) -> JunkLine | None:
    """A saved page's date stamp that opens the first body line, before a capitalised word."""
    found = leading_stamp(line.text)
    if found is None:
        return None
    end, _ = found
    rest = line.text[end:].lstrip()
    if rest and not rest[0].isupper():
        return None  # "August 2, 2013 was hot": the date is the sentence's subject
    start = line.start + len(line.text) - len(line.text.lstrip())
    return JunkLine(start, line.start + end, line.text[:end].strip(), "metadata: dateline")


def dateline_prefix(line: Line) -> JunkLine | None:
    """ "Posted on Thu Jun 13, 2013 08:45 AM PDT Lindsay Lohan has ..." -> the dateline part."""
    match = DATELINE.match(line.text)
    if not match:
        return None
    return JunkLine(line.start, line.start + match.end(), match.group(), "metadata: dateline")


def line_meta(line: str, reason: str) -> dict[str, str]:
    if reason == "metadata: outlet and date":
        outlet, published = outlet_and_date(line) or ("", "")
        return {"source": outlet, "published": published}
    if reason == "metadata: dateline":
        return {"published": parse_header_date(line) or ""}
    if reason == "metadata: byline":
        return {"author": re.sub(r"^by\s+", "", line, flags=re.I)}
    if reason == "bare URL":
        return {"url": line}
    if reason == "title":
        return {"title": line.lstrip("# ").strip()}
    return {}


def front_matter(text: str) -> tuple[JunkLine | None, dict[str, str]]:
    """YAML-ish ``---`` block at the top of a Markdown file: simple ``key: value`` lines."""
    match = re.match(r"\s*---[ \t]*\n(.*?)\n---[ \t]*(?:\n|$)", text, re.S)
    if not match:
        return None, {}
    meta = {}
    for key, value in re.findall(r"^(\w+)\s*:\s*(.+?)\s*$", match[1], re.M):
        key = {"date": "published", "outlet": "source", "site": "source", "link": "url"}.get(key, key)
        meta[key] = value.strip("'\"")
    if "published" in meta:
        meta["published"] = parse_header_date(meta["published"]) or ""
    return JunkLine(match.start(), match.end(), match.group(), "metadata: front matter"), meta
