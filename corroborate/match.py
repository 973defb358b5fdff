"""Pair matching: do two claims state the same claim? Part of the cluster stage.

The score of a claim pair is mostly embedding cosine, plus a cheap word
overlap of the two texts with numbers and dates masked out (so "three killed"
and "four killed" overlap fully), minus penalties where the claims' fields say
they are about different things:

* ``scope``: both count over a time range ("since April" vs "since October")
  and the ranges start far apart: a different claim, whatever the wording.
* ``counts``: both carry quantities, and what they count shares no word
  ("160 attacks" vs "34 service members").
* ``role``: both say what happened to people, and not the same thing
  ("killed three soldiers" vs "injured 40 others").
* ``speaker``: both are attributed, to different people.
* ``subject``: both have a subject and the subjects share no word.

Numbers, point dates, polarity, parties and predicates do *not* lower the score:
"three killed" and "four killed" are the same claim with a conflict, which the
checks stage reports. A pair at or above ``MatchConfig.match`` is a match (one
cluster); between ``suggest`` and ``match`` a suggestion. Two claims *agree*
(``same`` in ``corroborate match --pairs``) when they match and no veto check
(``VETO_KEYS``) finds a conflict. A veto check fires only when both texts state
the field about the same thing and the two values cannot both be true:

* ``numbers``: counts of the same thing that cannot overlap ("34 killed" vs "40
  killed"; not "at least 34" vs "40", not an age against a count);
* ``dates``: dates that state the same part (year, month, day, weekday) and
  differ in it ("Monday" vs "Tuesday"; not "2016" vs "January 2016");
* ``negation``: one text negates a predicate the other states ("has not struck a
  deal" vs "has struck a deal"); not a negation in a question or a fixed phrase;
* ``parties``: the same verb with its parties swapped ("A follows B" vs "B follows A");
* ``predicate``: ``opposite`` when the same subject does opposite things
  ("checked in" vs "checked out"; the table is ``fields.ANTONYMS``).

Fields come from extraction; when they are empty, cheap fallbacks read numbers,
dates, "since ..." and the clause straight from the text (``corroborate.fields``),
so matching degrades gracefully on sentence-level claims. The verdict on two whole texts
(``match --pairs``) and pair-file reading live in ``corroborate.pairs``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from corroborate.checks.counts import ROLE_WORDS, is_role
from corroborate.config import DEFAULT_MATCH, MatchConfig
from corroborate.extract.numbers import DIGIT_FRACTION, digit_value
from corroborate.fields import (
    PREPOSITIONS,
    PRONOUNS,
    TIME_NOUNS,
    Figure,
    Frame,
    Polarity,
    When,
    copula_complement,
    date_check,
    figure_verdict,
    figures,
    frame,
    lemma,
    negation_check,
    parties_check,
    polarity,
    predicate_check,
    same_party,
)
from corroborate.fields import dates as read_dates
from corroborate.lexicon import (
    AND_A_FRACTION_PATTERN,
    CALENDAR_WORDS,
    MONTHS,
    TENS,
    UNITS,
    WEEKDAY_NAMES,
    YEAR_PATTERN,
    dice,
    word_value,
    wordlist,
)
from corroborate.records import Claim


def _words(text: str) -> list[str]:
    return text.split()


MONTH_WORDS = MONTHS
WEEKDAYS = set(WEEKDAY_NAMES)
NUMBER_WORDS = {w: str(i) for w, i in UNITS.items() if i <= 12}
STOP = set(
    _words(
        "a an the and or but of in on at to for from with by as is are was were be been being has have had do does "
        "did will would could can may might should shall it its this that these those there their they them he she "
        "his her him we our us i you your said says say told also than then into over about after before since "
        "who whom which what when where while not no n't never"
    )
)
# Counted things that are the same thing under another name.
SYNONYMS = {
    "troop": "soldier",
    "servicemember": "soldier",
    "serviceman": "soldier",
    "member": "soldier",
    "personnel": "soldier",
    "reservist": "soldier",
    "person": "people",
    "dead": "killed",
    "death": "killed",
    "injury": "injured",
    "wounded": "injured",
    "strike": "attack",
    "assault": "attack",
}
TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|n't|\$?\d+(?:,\d{3})*(?:\.\d+)?%?")
COMPOUND = re.compile(rf"\b(?:{'|'.join(TENS)})[- ](?:{'|'.join(list(UNITS)[1:10])})\b")  # "eighty-six"
# A whole number with a fraction, in words or figures, is one number: "5 1/2", "5½", "five and a half" -> "5.5".
FRACTIONAL = re.compile(
    rf"\b(?:{DIGIT_FRACTION}|(?:\d+|{'|'.join(list(UNITS)[1:])})[ -](?:{AND_A_FRACTION_PATTERN})\b)"
)
SINCE = re.compile(r"\bsince (?:early |late |mid-)?([a-z]+|\d{4})\b")
YEAR = re.compile(rf"^{YEAR_PATTERN}$")
SCOPE_DAYS = 31
# Checks that turn a paraphrase into a conflict, and the values that do it.
VETO_KEYS = ("numbers", "dates", "negation", "parties", "predicate")
VETOES = frozenset({"differ", "opposite"})


@dataclass(frozen=True)
class Features:
    """What the matcher reads from one claim, computed once per claim."""

    words: frozenset[str]  # content words, numbers and dates masked
    numbers: frozenset[str]  # normalised number tokens (or quantity intervals): the pair model's shared numbers
    dates: tuple[When, ...]  # point dates as far as the words fix them
    scope: frozenset[str]  # starts of time ranges: ISO dates, or month/year words after "since"
    counts: frozenset[str]  # head words of what the quantities count
    roles: frozenset[str]  # what happened to them: "killed", "injured", "arrested", ...
    speaker: str
    subject: frozenset[str]
    negative: bool  # negates some predicate (outside questions and fixed phrases)
    figures: tuple[Figure, ...] = ()  # numbers with what they count
    polarity: Polarity = Polarity()
    frame: Frame | None = None  # main verb and its parties
    claim: Claim | None = None
    # what a copular claim says its subject is ("is the team's general manager" -> {"team", "general",
    # "manager"}); empty for a claim with a verb of its own
    described: frozenset[str] = frozenset()


def features(claim: Claim) -> Features:
    """The matcher's view of a claim: fields where extraction filled them, text fallbacks where not."""
    tokens = TOKEN.findall(numbers_as_figures(claim.text))
    words, numbers, _ = _split_tokens(tokens)
    negation = polarity(claim.text)
    return Features(
        words=frozenset(words),
        numbers=_quantity_keys(claim) or frozenset(numbers),
        dates=read_dates(claim),
        scope=_scope_keys(claim),
        counts=frozenset(head for q in claim.numbers if (head := _head(q.counts))),
        roles=frozenset(ROLE_WORDS[t] for i, t in enumerate(tokens) if is_role(tokens, i)),
        speaker=_speaker(claim),
        subject=frozenset(
            _stem(w) for w in re.findall(r"[a-z]+", claim.subject.lower()) if w not in STOP and len(w) > 1
        ),
        negative=negation.negative,
        figures=figures(claim),
        polarity=negation,
        frame=frame(claim),
        claim=claim,
        described=frozenset(_split_tokens(TOKEN.findall(copula_complement(claim)))[0]),
    )


def numbers_as_figures(text: str) -> str:
    """The text in lower case with each number of several words or a fraction written as one figure:
    "eighty-six" -> "86", "five and a half" and "5 1/2" -> "5.5"."""
    text = COMPOUND.sub(lambda m: f"{word_value(m[0]):g}", text.lower().replace("’", "'"))
    return FRACTIONAL.sub(lambda m: f"{digit_value(m[0]) if m[0][0].isdigit() else word_value(m[0]):g}", text)


def _split_tokens(tokens: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
    words: list[str] = []
    numbers: list[str] = []
    dates: list[str] = []
    for i, tok in enumerate(tokens):
        bare = tok.strip("$%").replace(",", "")
        if tok in MONTH_WORDS or tok in WEEKDAYS or YEAR.match(bare):
            dates.append(str(MONTH_WORDS.get(tok, bare)))
        elif bare.replace(".", "", 1).isdigit():
            after_month = i > 0 and tokens[i - 1] in MONTH_WORDS
            (dates if after_month else numbers).append(bare)
        elif tok in NUMBER_WORDS:
            numbers.append(NUMBER_WORDS[tok])
        elif tok not in STOP and len(tok) > 1:
            words.append(_stem(tok))
    return words, numbers, dates


def _stem(word: str) -> str:
    """A light stem: plural and possessive endings off, synonyms of counted things folded."""
    word = word.removesuffix("'s")
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return SYNONYMS.get(word, word)


def _head(counts: str) -> str:
    """What a quantity counts, as one word: "attacks on US forces" -> "attack", "%" -> "percent"."""
    words = re.findall(r"[a-z]+|%", counts.lower())
    if words and words[-1] == "%":
        return "percent"
    return _stem(words[-1]) if words and words[-1] not in ("other", "others") else ""  # "40 others" names nothing


def _quantity_keys(claim: Claim) -> frozenset[str]:
    return frozenset(f"{q.low:g}-{q.high:g}" for q in claim.numbers)


def _scope_keys(claim: Claim) -> frozenset[str]:
    """Starts of time ranges: an ISO date when resolved, else "m:10" / "y:2021" from the words."""
    keys = {d.start for d in claim.dates if d.kind == "range" and d.start}
    texts = [d.text for d in claim.dates if d.kind == "range" and not d.start] or ([] if keys else [claim.text])
    for text in texts:
        keys |= {_since_key(m) for m in SINCE.findall(text.lower()) if m in MONTH_WORDS or YEAR.match(m)}
    return frozenset(keys)


def _since_key(word: str) -> str:
    return f"m:{MONTH_WORDS[word]}" if word in MONTH_WORDS else f"y:{word}"


def _speaker(claim: Claim) -> str:
    if not claim.attribution or not claim.attribution.speaker.strip():
        return ""
    return claim.attribution.speaker.lower().split()[-1]


def lexical_overlap(a: Features, b: Features) -> float:
    """Dice overlap of the content words, numbers and dates masked (1.0 for two empty texts)."""
    return dice(a.words, b.words)


def field_checks(a: Features, b: Features) -> dict[str, str]:
    """Each field as "same", "differ" or "n/a" (missing on one side, or not about the same thing).

    ``predicate`` says "opposite" rather than "differ": the two verbs are antonyms.
    """
    return {
        "scope": scope_check(a.scope, b.scope),
        "counts": _set_check(a.counts, b.counts, disjoint=True),
        "role": _set_check(a.roles, b.roles, disjoint=True),
        "speaker": _set_check(frozenset({a.speaker} - {""}), frozenset({b.speaker} - {""})),
        "subject": _set_check(a.subject, b.subject, disjoint=True),
        "numbers": _number_check(a, b),
        "dates": date_check(a.dates, b.dates),
        "negation": negation_check(a.polarity, b.polarity),
        "parties": parties_check(a.frame, b.frame),
        "predicate": predicate_check(a.frame, b.frame),
    }


def _set_check(a: frozenset[str], b: frozenset[str], disjoint: bool = False) -> str:
    if not a or not b:
        return "n/a"
    if disjoint:
        return "same" if a & b else "differ"
    return "same" if a == b else "differ"


def _number_check(a: Features, b: Features) -> str:
    """Differ only when a number has a counterpart (the same counted thing) and none can be true with it.

    An extra number on one side ("and dozens were wounded") is more detail, not a conflict; a number
    whose counted thing is unknown ("rose to 20.85") has no counterpart; an age is not a count.
    """
    verdicts = [figure_verdict(x, a.figures, b.figures) for x in a.figures]
    verdicts += [figure_verdict(y, b.figures, a.figures) for y in b.figures]
    return "differ" if "differ" in verdicts else "same" if "same" in verdicts else "n/a"


def scope_check(a: frozenset[str], b: frozenset[str]) -> str:
    if not a or not b:
        return "n/a"
    return "same" if any(_near(x, y) for x in a for y in b) else "differ"


def _near(x: str, y: str) -> bool:
    """Two range starts are the same scope: within a month, or the same month or year when unresolved."""
    if ":" in x and ":" in y:
        return x == y
    if ":" in x or ":" in y:
        key, iso = (x, y) if ":" in x else (y, x)
        kind, value = key.split(":")
        return int(iso[5:7] if kind == "m" else iso[:4]) == int(value)
    try:
        return abs((date.fromisoformat(x) - date.fromisoformat(y)).days) <= SCOPE_DAYS
    except ValueError:
        return x == y


def pair_score(
    cosine: float, a: Features, b: Features, config: MatchConfig = DEFAULT_MATCH, checks: dict[str, str] | None = None
) -> float:
    """Cosine blended with masked word overlap, less the penalties for fields that differ."""
    checks = checks or field_checks(a, b)
    return _blend(cosine, a, b, config, checks, _penalties(config))


def _penalties(config: MatchConfig) -> dict[str, float]:
    return {
        "scope": config.scope_penalty,
        "counts": config.counts_penalty,
        "role": config.role_penalty,
        "speaker": config.speaker_penalty,
        "subject": config.subject_penalty,
    }


def _blend(
    cosine: float,
    a: Features,
    b: Features,
    config: MatchConfig,
    checks: dict[str, str],
    penalties: dict[str, float],
    bonus: float = 0.0,
) -> float:
    w = config.lexical_weight
    score = (1 - w) * cosine + w * lexical_overlap(a, b) + bonus
    return score - sum(p for key, p in penalties.items() if checks[key] == "differ")


CASUALTY_ROLES = frozenset({"killed", "injured"})


def link_score(cosine: float, a: Features, b: Features, config: MatchConfig = DEFAULT_MATCH) -> float:
    """The cluster stage's score: ``pair_score``, except for opposite predicates and two counts of one casualty.

    Opposite predicates ("checked into" / "checked out of") never link: they are two facts, not one
    fact told two ways. (``match --pairs`` keeps them aligned, to report the conflict.)

    "injured 40 others", "about 40 injured" and "at least 34 service members" state one casualty
    figure worded three ways: the counted thing and the subject do not count against them, and the
    bonus lets their figures meet in one cluster, where the checks show how far they spread.
    """
    checks = field_checks(a, b)
    if checks["predicate"] == "opposite":  # checking in against checking out, winning against losing
        return pair_score(cosine, a, b, config, checks) - config.opposite_penalty
    if not same_casualty(a, b, checks):
        return pair_score(cosine, a, b, config, checks)
    kept = {key: p for key, p in _penalties(config).items() if key in ("scope", "speaker")}
    return _blend(cosine, a, b, config, checks, kept, config.casualty_bonus)


def describes_another_fact(a: Features, b: Features) -> bool:
    """One claim says what its subject is, the other what happened, and the description is not what the
    event made of it: "Tony DiLeo is the team's assistant general manager" and "Assistant general manager
    Tony DiLeo was named interim coach" are two facts, however close their words; "DiLeo is the interim
    coach" and "DiLeo was named interim coach" one (most of what he is described as is in what happened)."""
    if bool(a.described) == bool(b.described):
        return False
    description, event = (a, b) if a.described else (b, a)
    if event.frame is None:
        return False
    party = description.subject
    # The event's subject is no part of what happened when it carries the title of the one party both sides
    # name ("Assistant general manager Tony DiLeo was named ..."), or when the described party is named and
    # the event does not mention it (its subject is another). Otherwise the event acts on the described party
    # ("The House elected Johnson speaker"), or the description says who the event's subject is ("The victim
    # was a 34-year-old man" / "A 34-year-old man was killed"), and its subject's words count.
    apart = (
        not party
        or bool(party & event.subject)
        or (not party & event.words and description.claim is not None and names_someone(description.claim))
    )
    happened = event.words - event.subject if apart else event.words
    return 2 * len(description.described & happened) < len(description.described)


def names_someone(claim: Claim) -> bool:
    """The claim's subject is a name: a capitalised word after its first (a month or weekday aside), or one
    capitalised word that is no pronoun ("Tony DiLeo", "Reid"; not "The victim", "He")."""
    words = re.findall(r"[A-Za-z][\w'’.-]*", claim.subject)
    later = [w for w in words[1:] if w[0].isupper() and w.lower().rstrip("'s’") not in CALENDAR_WORDS]
    return bool(later) or (len(words) == 1 and words[0][0].isupper() and words[0].lower() not in PRONOUNS)


def same_casualty(a: Features, b: Features, checks: dict[str, str]) -> bool:
    """Both claims count one casualty (a single role, killed or injured), with figures that can both be true."""
    if len(a.roles) != 1 or a.roles != b.roles or not a.roles <= CASUALTY_ROLES:
        return False
    (role,) = a.roles
    counted = any(f.role == role for f in a.figures) and any(f.role == role for f in b.figures)
    return counted and not vetoes(checks)  # "three jurors ... however many he killed" counts no casualty


SPANS_OF_TIME = frozenset(lemma(w) for w in TIME_NOUNS)
# Words that pick out one stretch of time among others: "his first 11 seasons", "the past year".
SPAN_MODIFIERS = frozenset(lemma(w) for w in wordlist("first last next final past previous whole entire full own"))


def same_action(a: Features, b: Features, checks: dict[str, str]) -> bool:
    """The same main verb done to the same party, or to none named on one side: "Cheeks was fired" and "the
    76ers fired coach Maurice Cheeks"; "not looking for a war" twice (with fields that may differ: one
    statement dated twice is one fact in conflict). Not the same verb alone: "Stefanski became assistant
    GM" and "became the latest coach to go" are two facts. With no object on either side, the first
    prepositional phrase must agree: "not looking for a war with Iran" and "... for a war with Tehran" are
    one act, "Cheeks played for 11 seasons" and "Cheeks played on the 1983 championship team" two."""
    if checks.get("predicate") != "same" or a.frame is None or b.frame is None:
        return False
    x, y = a.frame.patient, b.frame.patient
    if not x and not y:  # the verb's first prepositional phrase stands for its object ("looking for a war")
        u, v = a.frame.oblique, b.frame.oblique
        return bool(u & v & PREPOSITIONS) and bool((u & v) - PREPOSITIONS - SPANS_OF_TIME - SPAN_MODIFIERS)
    if x and y and x - SPAN_MODIFIERS <= SPANS_OF_TIME and y - SPAN_MODIFIERS <= SPANS_OF_TIME:
        # "spent 19 seasons with the 76ers" / "spent his first 11 seasons as a player": a stretch of time is
        # no party
        return False
    return not x or not y or same_party(x, y)


def agree(checks: dict[str, str]) -> bool:
    """Matched claims agree when no veto check (numbers, dates, negation, parties, predicate) finds a conflict."""
    return not vetoes(checks)


def vetoes(checks: dict[str, str]) -> list[str]:
    """The veto checks that turn a paraphrase into a conflict ("numbers", "predicate", ...)."""
    return [key for key in VETO_KEYS if checks.get(key) in VETOES]


def whole_features(text: str) -> Features:
    """A whole text read by the text fallbacks, as if it were one claim."""
    return features(Claim(Claim.make_id("text", text, 0, len(text)), "text", text, text, 0, len(text)))
