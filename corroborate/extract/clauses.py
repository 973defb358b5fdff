"""Sentence -> atomic clauses: the claim-splitting rules of the extraction stage.

Without a parser, rules over words do the splitting: comma-bounded relative
clauses and appositives (", which houses 350 ..."), restrictive relatives
("a drone strike that killed ..."), coordinated verbs sharing a subject
("killed three ... and wounded dozens ...") and coordinated full clauses
("..., but we will take action"). Each clause keeps the View of the words it
came from, so its span points into the article text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corroborate.extract.attribution import SPEECH, Speakers, find_frame, speaker_name
from corroborate.extract.views import PRONOUNS, View, antecedent, as_subject, is_verbish, takes_that_clause
from corroborate.records import Attribution

MODALS = {"will", "would", "could", "can", "may", "might", "should", "must"}
SEGMENT = re.compile(r"\s[—–]\s(?:although|but|while|as|and)?,?\s*|;\s+")
APPOSITIVE = re.compile(r",\s(?P<rel>which|who)\s(?P<body>[^,;—]+?)(?:,\s|\s?$|(?=[;—]))")
CASUALTY = re.compile(r"(?:also\s)?(?:killed|injured|wounded|left|claimed|caused)\b")
EVENT_NP = re.compile(
    r"(?P<np>\b(?:the|a|an|this|[\w]+[’']s)\s(?:[\w-]+\s){0,3}?"
    r"(?:attack|strike|airstrike|assault|bombing|raid|explosion|blast|shooting|ambush)s?)"
    r"\s(?:on|against|at|near|in)\s", re.I)
RESTRICTIVE = re.compile(r"\s(?P<rel>that|which|who)\s(?P<body>[^,;—“\"]+)")
COORDINATOR = re.compile(r",?\s(?:and|but)\s")


@dataclass(frozen=True)
class Clause:
    """One atomic clause: its words, the subject it borrows, and who said it."""

    view: View
    subject: str = ""
    attribution: Attribution | None = None


def segments(view: View) -> list[View]:
    """Split at dashes and semicolons that join two full statements."""
    parts, last = [], 0
    for match in SEGMENT.finditer(view.text):
        left, right = view.text[last : match.start()], view.text[match.end() :]
        if len(left.split()) >= 4 and len(right.split()) >= 4 and has_verb(right):
            parts.append(view.sub(last, match.start()))
            last = match.end()
    parts.append(view.sub(last))
    return [p for p in parts if p.text]


def relatives(view: View, speakers: Speakers) -> tuple[View, list[Clause]]:
    """Cut relative clauses out of ``view``; return the rest and the clauses they state."""
    found: list[Clause] = []
    while match := APPOSITIVE.search(view.text) or restrictive(view.text):
        body = view.sub(match.start("body"), match.end("body"))
        subject = event_antecedent(view.text[: match.start()], body.text) or antecedent(
            view, match.start(), through_prepositions=True)
        if subject and body.text:
            found.extend(relative_clauses(body, as_subject(subject), speakers))
        end = match.end() - (1 if match.group().endswith(" ") and match.group().startswith(",") else 0)
        view = view.cut(match.start(), end if match.group().startswith(",") else match.end("body"))
    return view, found


def event_antecedent(before: str, body: str) -> str:
    """ "the drone attack on a US outpost in Jordan that killed three": the attack killed, not the outpost.

    Only for a body that starts with a casualty verb, and an event noun at most two prepositional
    phrases back, with no comma between.
    """
    if not CASUALTY.match(body):
        return ""
    found = list(EVENT_NP.finditer(before))
    if not found or "," in before[found[-1].end() :] or len(before[found[-1].end() :].split()) > 8:
        return ""
    return found[-1]["np"]


def restrictive(text: str) -> re.Match[str] | None:
    """ "strike that killed": only when a noun comes before and a verb after the relative word."""
    for match in RESTRICTIVE.finditer(text):
        before = text[: match.start()].split()
        body = match["body"].split()
        if (
            before
            and body
            and before[-1].lower().strip(",") not in PRONOUNS
            and not takes_that_clause(before[-1])
            and not SPEECH.fullmatch(before[-1])
            and (is_verbish(body[0], loose=match["rel"] != "that") or speech_then_verb(body))
        ):
            return match
    return None


def speech_then_verb(body: list[str]) -> bool:
    """ "which US defence officials said also injured ...": a relative with a speech frame inside."""
    return any(SPEECH.fullmatch(w) for w in body[:5])


def relative_clauses(body: View, subject: str, speakers: Speakers) -> list[Clause]:
    """The relative body with its antecedent as subject; "which X said injured" keeps X as speaker."""
    frame = re.match(rf"(?P<who>(?:[\w’'.-]+\s){{1,5}}?){SPEECH.pattern}\s", body.text)
    attribution = None
    if frame and not is_verbish(frame["who"].split()[0]):
        attribution = Attribution(speaker_name(frame["who"]), frame["verb"], False)
        body = body.sub(frame.end())
    elif (lead := SPEECH.match(body.text)) is not None:
        # "the IRI, which says it is retaliating": the antecedent is the speaker.
        attribution = Attribution(speaker_name(subject), lead["verb"], False)
        body = body.sub(lead.end())
        body, subject = drop_pronoun(body, subject)
    return [Clause(v, s, attribution) for v, s in coordinated(body, subject)]


def drop_pronoun(view: View, subject: str) -> tuple[View, str]:
    """Reported "it was ..." after "Washington said": the pronoun is the speaker."""
    match = re.match(r"(?:it|he|she|they|that)\s", view.text)
    if match and subject:
        return view.sub(match.end()), subject
    return view, ""


def coordinated(view: View, subject: str = "") -> list[tuple[View, str]]:
    """Split "killed X and wounded Y" (shared subject) and ", but we will ..." (own subject)."""
    out: list[tuple[View, str]] = []
    last = 0
    for match in COORDINATOR.finditer(view.text):
        nxt = view.text[match.end() :].split()
        left = view.sub(last, match.start())
        if not nxt or not has_verb(left.text):
            continue
        if finite(nxt[0]):
            out.append((left, subject))
            subject = subject or shared_subject(left.text, nxt[0])
            last = match.end()
        elif own_clause(nxt):
            out.append((left, subject))
            subject, last = "", match.end()
    out.append((view.sub(last), subject))
    return [(v, s) for v, s in out if v.text]


def has_verb(text: str) -> bool:
    return any(finite(w) for w in text.split())


def finite(word: str) -> bool:
    """A lowercase verb form; past-tense -ed words count even when not in the lexicon."""
    bare = word.strip(",;:“”‘’\"'")
    return bare[:1].islower() and (is_verbish(bare) or (bare.endswith("ed") and len(bare) > 4))


def own_clause(words: list[str]) -> bool:
    """ "we will take action": a pronoun or determiner phrase followed soon by a verb."""
    words = [w.strip("“”‘’\"'") for w in words]
    first = words[0].lower()
    if first not in PRONOUNS and first not in {"the", "a", "an", "officials"} and not words[0][:1].isupper():
        return False
    return any(finite(w) for w in words[1:5]) or (
        first in PRONOUNS and is_verbish(words[1]) if len(words) > 1 else False
    )


def shared_subject(left: str, next_verb: str) -> str:
    """Words before the first verb of ``left``; keep a modal when the next verb is bare."""
    pieces = [p for p in re.split(r",\s|\bthat\s", left) if has_verb(p)]
    words = pieces[-1].split() if pieces else left.split()
    for i, word in enumerate(words):
        if is_verbish(word) and word.islower():
            keep = word.lower() in MODALS and next_verb.lower() == next_verb and not next_verb.endswith(("ed", "s"))
            return " ".join(words[: i + 1 if keep else i])
    return ""


def split_sentence(view: View, speakers: Speakers) -> list[Clause]:
    """All atomic clauses of one sentence, each with its attribution."""
    clauses: list[Clause] = []
    for segment in segments(view):
        rest, found = relatives(segment, speakers)
        frame = find_frame(rest, speakers)
        inner = find_frame(frame.content, speakers) if frame.attribution else frame
        # "X reported that Kirby stated ...": the innermost speaker owns the words.
        frame = inner if inner.attribution else frame
        subject = ""
        content = frame.content
        if frame.attribution and not frame.attribution.direct:
            content, subject = drop_pronoun(content, frame.attribution.speaker)
        clauses += [Clause(v, s, frame.attribution) for v, s in coordinated(content, subject)]
        clauses += [c if c.attribution else Clause(c.view, c.subject, frame.attribution) for c in found]
    return clauses
