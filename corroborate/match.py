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
so matching degrades gracefully on sentence-level claims.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from corroborate.checks.counts import ROLE_WORDS
from corroborate.config import DEFAULT_MATCH, DEFAULT_PAIR_MODEL, MatchConfig, PairModel
from corroborate.embed import Embedder
from corroborate.fields import (
    Figure,
    Frame,
    Polarity,
    When,
    date_check,
    figure_verdict,
    figures,
    frame,
    negation_check,
    parties_check,
    polarity,
    predicate_check,
)
from corroborate.fields import dates as read_dates
from corroborate.lexicon import MONTHS, TENS, UNITS, WEEKDAY_NAMES, YEAR_PATTERN, word_value
from corroborate.normalize import normalize
from corroborate.records import Article, Claim

if TYPE_CHECKING:
    from spacy.language import Language


def _words(text: str) -> list[str]:
    return text.split()


MONTH_WORDS = MONTHS
WEEKDAYS = set(WEEKDAY_NAMES)
NUMBER_WORDS = {w: str(i) for w, i in UNITS.items() if i <= 12}
STOP = set(_words(
    "a an the and or but of in on at to for from with by as is are was were be been being has have had do does "
    "did will would could can may might should shall it its this that these those there their they them he she "
    "his her him we our us i you your said says say told also than then into over about after before since "
    "who whom which what when where while not no n't never"
))
# Counted things that are the same thing under another name.
SYNONYMS = {
    "troop": "soldier", "servicemember": "soldier", "serviceman": "soldier", "member": "soldier",
    "personnel": "soldier", "reservist": "soldier", "person": "people", "dead": "killed", "death": "killed",
    "injury": "injured", "wounded": "injured", "strike": "attack", "assault": "attack",
}
TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|n't|\$?\d+(?:,\d{3})*(?:\.\d+)?%?")
COMPOUND = re.compile(rf"\b(?:{'|'.join(TENS)})[- ](?:{'|'.join(list(UNITS)[1:10])})\b")  # "eighty-six"
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


def features(claim: Claim) -> Features:
    """The matcher's view of a claim: fields where extraction filled them, text fallbacks where not."""
    text = COMPOUND.sub(lambda m: f"{word_value(m[0]):g}", claim.text.lower().replace("’", "'"))
    tokens = TOKEN.findall(text)
    words, numbers, _ = _split_tokens(tokens)
    negation = polarity(claim.text)
    return Features(
        words=frozenset(words),
        numbers=_quantity_keys(claim) or frozenset(numbers),
        dates=read_dates(claim),
        scope=_scope_keys(claim),
        counts=frozenset(head for q in claim.numbers if (head := _head(q.counts))),
        roles=frozenset(ROLE_WORDS[t] for t in tokens if t in ROLE_WORDS),
        speaker=_speaker(claim),
        subject=frozenset(_stem(w) for w in re.findall(r"[a-z]+", claim.subject.lower()) if w not in STOP),
        negative=negation.negative,
        figures=figures(claim),
        polarity=negation,
        frame=frame(claim),
        claim=claim,
    )


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
    if not a.words and not b.words:
        return 1.0
    return 2 * len(a.words & b.words) / (len(a.words) + len(b.words))


def field_checks(a: Features, b: Features) -> dict[str, str]:
    """Each field as "same", "differ" or "n/a" (missing on one side, or not about the same thing).

    ``predicate`` says "opposite" rather than "differ": the two verbs are antonyms.
    """
    return {
        "scope": _scope_check(a.scope, b.scope),
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


def _scope_check(a: frozenset[str], b: frozenset[str]) -> str:
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


def pair_score(cosine: float, a: Features, b: Features, config: MatchConfig = DEFAULT_MATCH,
               checks: dict[str, str] | None = None) -> float:
    """Cosine blended with masked word overlap, less the penalties for fields that differ."""
    checks = checks or field_checks(a, b)
    return _blend(cosine, a, b, config, checks, _penalties(config))


def _penalties(config: MatchConfig) -> dict[str, float]:
    return {"scope": config.scope_penalty, "counts": config.counts_penalty, "role": config.role_penalty,
            "speaker": config.speaker_penalty, "subject": config.subject_penalty}


def _blend(cosine: float, a: Features, b: Features, config: MatchConfig, checks: dict[str, str],
           penalties: dict[str, float], bonus: float = 0.0) -> float:
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


def same_casualty(a: Features, b: Features, checks: dict[str, str]) -> bool:
    """Both claims count one casualty (a single role, killed or injured), with figures that can both be true."""
    if len(a.roles) != 1 or a.roles != b.roles or not a.roles <= CASUALTY_ROLES:
        return False
    return bool(a.figures) and bool(b.figures) and not vetoes(checks)


def agree(checks: dict[str, str]) -> bool:
    """Matched claims agree when no veto check (numbers, dates, negation, parties, predicate) finds a conflict."""
    return not vetoes(checks)


def vetoes(checks: dict[str, str]) -> list[str]:
    """The veto checks that turn a paraphrase into a conflict ("numbers", "predicate", ...)."""
    return [key for key in VETO_KEYS if checks.get(key) in VETOES]


@dataclass(frozen=True)
class Text:
    """One side of a text pair: the whole text and its atomic claims, each with its vector."""

    whole: Features
    claims: Sequence[Features]
    vector: np.ndarray  # the whole text's
    claim_vectors: np.ndarray  # one row per claim


@dataclass(frozen=True)
class Evidence:
    """What the pair verdict reads from two texts: ``PairModel`` weighs the similarities, the checks veto."""

    cosine: float  # whole texts
    overlap: float  # masked content words of the whole texts (Dice)
    numbers_shared: float  # Jaccard of the number tokens (1.0 when neither has one)
    length_ratio: float  # shorter over longer, in content words
    coverage: float  # the weakest claim's best match in the other text (a claim or the whole text)
    checks: dict[str, str]  # field checks over the aligned claim pairs

    def row(self) -> list[float]:
        """The model's inputs, in ``PAIR_FEATURES`` order (the field checks veto; they are not inputs)."""
        return [self.cosine, self.overlap, self.numbers_shared, self.length_ratio, self.coverage]


PAIR_FEATURES = ("cosine", "overlap", "numbers_shared", "length_ratio", "coverage")


@dataclass(frozen=True)
class PairResult:
    """The verdict on two texts.

    ``paraphrase``: the pair model says they say the same thing. ``same``: a paraphrase whose
    aligned claims do not disagree on a number, a date, polarity, who did what to whom or an
    opposite predicate (otherwise the two texts state the same claim with a conflict).
    ``matched``: every claim of each text has a match in the other.
    """

    same: bool
    similarity: float  # the pair model's probability that the texts are paraphrases
    checks: dict[str, str]
    matched: bool
    paraphrase: bool = False
    coverage: float = 0.0


def evidence(a: Text, b: Text, config: MatchConfig = DEFAULT_MATCH) -> Evidence:
    """Whole-text similarity, word and number overlap, and how well each side's claims are covered.

    A claim is covered by its best partner among the other text's claims or by the other whole text
    (a sentence can state in one clause what the other splits in two). The claim pairs that are each
    other's best partner and score at least ``match`` are aligned; their field checks say whether the
    two texts disagree on a number, a date, polarity, the parties or the predicate.
    """
    coverage, checks = _claim_coverage(a, b, config) if a.claims and b.claims else (0.0, {})
    return Evidence(float(a.vector @ b.vector), lexical_overlap(a.whole, b.whole), _shared_numbers(a.whole, b.whole),
                    _length_ratio(a.whole, b.whole), round(coverage, 4), checks or field_checks(a.whole, b.whole))


def _claim_coverage(a: Text, b: Text, config: MatchConfig) -> tuple[float, dict[str, str]]:
    """The weakest claim's best score on either side, and the merged checks of the aligned pairs ({} if none)."""
    cos = a.claim_vectors @ b.claim_vectors.T
    grid = [[field_checks(x, y) for y in b.claims] for x in a.claims]
    scores = np.array([[pair_score(float(cos[i, j]), x, y, config, grid[i][j]) for j, y in enumerate(b.claims)]
                       for i, x in enumerate(a.claims)])
    to_b = [pair_score(float(v @ b.vector), x, b.whole, config) for x, v in zip(a.claims, a.claim_vectors, strict=True)]
    to_a = [pair_score(float(v @ a.vector), y, a.whole, config) for y, v in zip(b.claims, b.claim_vectors, strict=True)]
    coverage = min([max(float(scores[i].max()), to_b[i]) for i in range(len(a.claims))]
                   + [max(float(scores[:, j].max()), to_a[j]) for j in range(len(b.claims))])
    aligned = [grid[i][j] for i in range(len(a.claims)) for j in [int(scores[i].argmax())]
               if int(scores[:, j].argmax()) == i and scores[i, j] >= config.match]
    return coverage, _merge(aligned) if aligned else {}


def _shared_numbers(a: Features, b: Features) -> float:
    if not a.numbers and not b.numbers:
        return 1.0
    return len(a.numbers & b.numbers) / len(a.numbers | b.numbers)


def _length_ratio(a: Features, b: Features) -> float:
    longer = max(len(a.words), len(b.words))
    return min(len(a.words), len(b.words)) / longer if longer else 1.0


def verdict(ev: Evidence, config: MatchConfig = DEFAULT_MATCH, model: PairModel = DEFAULT_PAIR_MODEL) -> PairResult:
    """The pair model's probability, its verdict, and the field veto that turns a paraphrase into a conflict."""
    probability = model.probability(ev.row())
    paraphrase = probability >= model.threshold
    return PairResult(same=paraphrase and agree(ev.checks), similarity=round(probability, 4), checks=ev.checks,
                      matched=ev.coverage >= config.match, paraphrase=paraphrase, coverage=ev.coverage)


def compare_texts(a: Text, b: Text, config: MatchConfig = DEFAULT_MATCH,
                  model: PairModel = DEFAULT_PAIR_MODEL) -> PairResult:
    return verdict(evidence(a, b, config), config, model)


def _merge(all_checks: Sequence[dict[str, str]]) -> dict[str, str]:
    merged = {}
    for key in all_checks[0]:
        values = {c[key] for c in all_checks}
        merged[key] = next((v for v in ("differ", "opposite", "same") if v in values), "n/a")
    return merged


# -- text pairs (``corroborate match --pairs``) ---------------------------------------------


@dataclass(frozen=True)
class TextPair:
    """Two texts to compare, with the gold label when the input has one."""

    line: int
    a: str
    b: str
    label: int | None = None


class PairLineError(ValueError):
    """A line of a pairs file that cannot be read; ``line`` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


def parse_pair_line(number: int, line: str, jsonl: bool) -> TextPair | None:
    """One line of MRPC-style TSV (``[label] id1 id2 s1 s2``) or JSONL (``{"a":..., "b":...}``).

    Returns None for blank lines and the MRPC header; raises PairLineError for bad ones.
    """
    line = line.lstrip("\ufeff").rstrip("\r\n")
    if not line.strip() or line.startswith("Quality\t"):
        return None
    return _jsonl_pair(number, line) if jsonl else _tsv_pair(number, line)


def _jsonl_pair(number: int, line: str) -> TextPair:
    import json

    try:
        row = json.loads(line)
    except json.JSONDecodeError as error:
        raise PairLineError(number, f"not valid JSON ({error.msg})") from None
    if not isinstance(row, dict) or not isinstance(row.get("a"), str) or not isinstance(row.get("b"), str):
        raise PairLineError(number, 'expected an object with string fields "a" and "b"')
    label = row.get("label")
    return TextPair(number, row["a"], row["b"], int(label) if label in (0, 1) else None)


def _tsv_pair(number: int, line: str) -> TextPair:
    cols = line.split("\t")
    if len(cols) == 5 and cols[0].strip() in ("0", "1"):
        return TextPair(number, cols[3], cols[4], int(cols[0]))
    if len(cols) == 4:
        return TextPair(number, cols[2], cols[3])
    raise PairLineError(number, f"expected 5 tab-separated columns (label id1 id2 s1 s2) or 4, got {len(cols)}")


def compare_pairs(pairs: Sequence[TextPair], embedder: Embedder, nlp: Language,
                  config: MatchConfig = DEFAULT_MATCH, model: PairModel = DEFAULT_PAIR_MODEL) -> list[PairResult]:
    """Each pair's verdict on the normalised texts; all texts and claims are embedded in one batch."""
    texts = embed_texts([normalize(t) for p in pairs for t in (p.a, p.b)], embedder, nlp)
    return [compare_texts(texts[2 * i], texts[2 * i + 1], config, model) for i in range(len(pairs))]


def embed_texts(texts: Sequence[str], embedder: Embedder, nlp: Language) -> list[Text]:
    """Each text with its claims, and vectors for both (one model call)."""
    claims = [text_features(t, nlp) for t in texts]
    flat = [f.claim.text if f.claim else "" for feats in claims for f in feats]
    vectors = embedder.embed([*texts, *flat])
    out, row = [], len(texts)
    for i, (text, feats) in enumerate(zip(texts, claims, strict=True)):
        out.append(Text(whole_features(text), feats, vectors[i], vectors[row : row + len(feats)]))
        row += len(feats)
    return out


def whole_features(text: str) -> Features:
    """A whole text read by the text fallbacks, as if it were one claim."""
    return features(Claim(Claim.make_id("text", text, 0, len(text)), "text", text, text, 0, len(text)))


def text_features(text: str, nlp: Language) -> list[Features]:
    """The claims of a lone text (as a tiny article); the whole text when extraction finds none."""
    from corroborate.extract import extract_claims

    article = Article(id=Article.make_id(text), path="<pair>", text=text, source="pair")
    claims = extract_claims(article, nlp) or [Claim(Claim.make_id(article.id, text, 0, len(text)),
                                                    article.id, text, text, 0, len(text))]
    return [features(c) for c in claims]
