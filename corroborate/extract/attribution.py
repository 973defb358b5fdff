"""Who says what: reported speech and quotes -> Attribution, in the extraction stage.

Finds the speech frame of a sentence and returns the reported content as a
``View`` plus the ``Attribution``: "X said (that) ...", "..., X said.",
"..., said X.", "According to X, ...", "X told NBC's Today Show: “...”".
"he"/"she" speakers resolve to the most recent named speaker in the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corroborate.extract.views import AUX, View, is_verbish
from corroborate.records import Attribution

SPEECH_VERBS = (
    "said",
    "says",
    "say",
    "told",
    "tells",
    "stated",
    "states",
    "added",
    "adds",
    "insisted",
    "insists",
    "claimed",
    "claims",
    "warned",
    "warns",
    "stressed",
    "emphasized",
    "emphasised",
    "pointed out",
    "noted",
    "explained",
    "announced",
    "reported",
    "confirmed",
    "argued",
    "acknowledged",
    "maintained",
    "wrote",
    "asserted",
    "declared",
    "admitted",
    "revealed",
    "vowed",
)
TELL_VERBS = {"told", "tells"}
TITLES = {
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "secretary",
    "minister",
    "president",
    "coordinator",
    "chief",
    "commander",
    "general",
    "director",
    "ambassador",
    "envoy",
    "adviser",
    "advisor",
    "official",
    "leader",
    "senator",
    "sen.",
    "rep.",
    "mr",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
}
CONNECTIVES = re.compile(r"^(?:but|however|and|meanwhile|meantime|also|yet|still)\b,?\s*", re.I)
VERB = "|".join(v.replace(" ", r"\s+") for v in SPEECH_VERBS)
SPEECH = re.compile(rf"\b(?:also\s+|later\s+|has\s+|have\s+|had\s+)*(?P<verb>{VERB})\b")
SUFFIX = re.compile(
    rf"[,”\"’]\s*(?P<who>[^,“”\"]{{1,80}}?)\s+(?:also\s+)?(?P<verb>(?:{VERB})\b[^,“”\"]{{0,60}}?)\.?\s*$"
)
INVERTED = re.compile(r"[,”\"’]\s*(?P<verb>said|says|added|adds|told\s+\S+)\s+(?P<who>[^,“”\"]{2,80}?)\.?\s*$")
ACCORDING = re.compile(r"(?:^|,\s*)according to (?P<who>[^,]{2,80}?)(?:,\s*|\.?\s*$)", re.I)
QUOTES = "“”\"‘’'"
OPEN_QUOTES = '“"‘'


@dataclass(frozen=True)
class Frame:
    """A sentence's reported content and who it is attributed to."""

    content: View
    attribution: Attribution | None


def speaker_name(phrase: str) -> str:
    """The name in a speaker phrase.

    "US defence secretary Lloyd Austin" and "Lloyd Austin, US defence secretary," -> "Lloyd Austin".
    """
    appositive = phrase.rstrip().endswith(",")
    phrase = re.sub(r"^(?:the)\s+", "", phrase.strip(" ,"), flags=re.I)
    words = [w for w in phrase.split() if w not in AUX and w not in {"also", "later"}]
    if "," in phrase:
        head, tail = phrase.split(",", 1)
        tail = tail.rsplit(",", 1)[-1]
        titled = bool(set(tail.lower().split()) & TITLES) and not re.search(r"\b[A-Z][a-z]+ [A-Z][a-z]+$", tail)
        return speaker_name(head if appositive or (titled and head[:1].isupper()) else tail)
    for i in range(len(words) - 1, -1, -1):
        if words[i].lower() in TITLES:
            rest = words[i + 1 :]
            return " ".join(rest) if rest and rest[0][:1].isupper() else " ".join(words)
    return " ".join(words)


def plausible_speaker(phrase: str) -> bool:
    words = phrase.split()
    if not words or any(c in phrase for c in QUOTES):
        return False
    # "John Kirby, the Strategic Communications Coordinator of the NSC," is a name and
    # its title: judge the name alone, and allow the title to be long.
    head = phrase.split(",", 1)[0].split() if "," in phrase.strip(" ,") else words
    if len(head) > 9 or len(words) > 24:
        return False
    return not any(is_verbish(w) and w[:1].islower() and w not in AUX for w in words[1:])


class Speakers:
    """The article's speakers so far, to resolve "he told the CNN"."""

    def __init__(self) -> None:
        self.last: str | None = None

    def resolve(self, who: str) -> str:
        if who.lower() in {"he", "she"}:
            return self.last or who
        if who[:1].isupper() and who.lower() not in {"they", "it", "we", "this"}:
            self.last = who
        return who


def find_frame(view: View, speakers: Speakers) -> Frame:
    """The attribution of one sentence (or clause), and the content it frames."""
    for finder in (according_frame, suffix_frame, prefix_frame):
        frame = finder(view, speakers)
        if frame and frame.content.text:
            return frame
    return Frame(view, None)


def according_frame(view: View, speakers: Speakers) -> Frame | None:
    match = ACCORDING.search(view.text)
    if not match:
        return None
    end = match.end() - 1 if match.group().endswith(" ") and match.start() > 0 else match.end()
    content = view.cut(match.start(), end).strip(" ,.")
    return Frame(content, attribution(content, match["who"], "according to", speakers))


def suffix_frame(view: View, speakers: Speakers) -> Frame | None:
    match = SUFFIX.search(view.text) or INVERTED.search(view.text)
    if not match or not plausible_speaker(match["who"]) or match.start() < 10:
        return None
    content = view.sub(0, match.start() + (1 if view.text[match.start()] in QUOTES else 0))
    return Frame(content, attribution(content, match["who"], match["verb"].strip(), speakers))


def prefix_frame(view: View, speakers: Speakers) -> Frame | None:
    for match in SPEECH.finditer(view.text):
        if inside_quote(view.text, match.start()):
            return None
        before = CONNECTIVES.sub("", view.text[: match.start()].strip())
        if not plausible_speaker(before):
            continue
        verb, rest = verb_phrase(view, match)
        content = view.sub(rest)
        return Frame(content, attribution(content, before, verb, speakers))
    return None


def verb_phrase(view: View, match: re.Match[str]) -> tuple[str, int]:
    """The verb as credited ("said", "told NBC's Today Show") and where the content starts."""
    after = view.text[match.end() :]
    that = re.match(r"(?P<mid>[^,.;:“\"]{0,80}?)\s*(?:\bthat\b|:|,\s*[“\"])\s*", after)
    verb = match["verb"]
    if that and (match["verb"] in TELL_VERBS or len(that["mid"].split()) <= 8):
        object_ = that["mid"].strip() if verb in TELL_VERBS else ""
        start = match.end() + that.end()
        if view.text[start - 1 : start] in OPEN_QUOTES:
            start -= 1
        return f"{verb} {object_}".strip(), start
    if verb in TELL_VERBS:
        # "told NBC's Today Show", "told Politico" (not "told Politico Biden is ...").
        obj = re.match(r"\s*((?:the\s+)?(?:[A-Z][\w.-]*[’']s(?:\s+[A-Z][\w.-]*)*|[A-Z][\w.-]*|reporters))", after)
        if obj:
            return f"{verb} {obj.group(1)}", match.end() + obj.end()
    when = re.match(r"\s*on [A-Z][a-z]+\s+(?=(?:it|he|she|they|the|that)\b)", after)
    return verb, match.end() + (when.end() if when else 0)


def inside_quote(text: str, pos: int) -> bool:
    before = text[:pos]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def attribution(content: View, who: str, verb: str, speakers: Speakers) -> Attribution:
    direct = content.text[:1] in OPEN_QUOTES or content.text[:2] in ("“…", "“.")
    return Attribution(speakers.resolve(speaker_name(who)), verb, direct)
