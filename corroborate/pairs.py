"""Text pairs: the verdict on two texts (``corroborate match --pairs``, ``match --pool``), and reading pair files.

Each side is read as a whole text and as its atomic claims (``Text``); ``evidence`` gathers what the
pair model weighs (whole-text cosine, word and number overlap, length ratio, claim coverage) and the
field checks of the aligned claim pairs; ``verdict`` applies ``config.PairModel`` and the veto.
Claim scoring itself lives in ``corroborate.match``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from corroborate import jsonl
from corroborate.config import DEFAULT_MATCH, DEFAULT_PAIR_MODEL, MatchConfig, PairModel
from corroborate.embed import Embedder
from corroborate.errors import RecordError
from corroborate.match import (
    STOP,
    Features,
    agree,
    features,
    field_checks,
    lexical_overlap,
    pair_score,
    whole_features,
)
from corroborate.normalize import normalize
from corroborate.records import Article, Claim

if TYPE_CHECKING:
    from spacy.language import Language


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
    surface: tuple[float, ...]  # how much of the wording the texts share (``surface``, ``SURFACE_FEATURES``)

    def row(self) -> list[float]:
        """The model's inputs, in ``PAIR_FEATURES`` order (the field checks veto; they are not inputs)."""
        return [self.cosine, self.overlap, self.numbers_shared, self.length_ratio, self.coverage, *self.surface]


# The wording two texts share, as machine-translation metrics read it (word n-grams, character
# 4-grams, content words): on each side ("_low" the less covered text, "_high" the more covered
# one) or as the F1 of both; and the texts' lengths, in log words.
SURFACE_FEATURES = (
    "words_low",
    "words_high",
    "bigrams_f1",
    "trigrams_f1",
    "fourgrams_high",
    "chars_low",
    "chars_high",
    "content_low",
    "content_high",
    "log_length_short",
    "log_length_long",
)
PAIR_FEATURES = ("cosine", "overlap", "numbers_shared", "length_ratio", "coverage", *SURFACE_FEATURES)
WORD = re.compile(r"\w+(?:[.,']\w+)*")


def surface(a: str, b: str) -> tuple[float, ...]:
    """``SURFACE_FEATURES`` of two texts: shared n-grams of words and characters, and the lengths."""
    pa, pb = _profile(a), _profile(b)
    unigrams, bigrams, trigrams, fourgrams, chars, content = (
        _shared(x, y) for x, y in zip(pa[1:], pb[1:], strict=True)
    )
    lengths = sorted((pa[0], pb[0]))
    return (
        unigrams[0],
        unigrams[1],
        bigrams[2],
        trigrams[2],
        fourgrams[1],
        chars[0],
        chars[1],
        content[0],
        content[1],
        math.log(max(lengths[0], 1)),
        math.log(max(lengths[1], 1)),
    )


Grams = Counter[tuple[str, ...]]
Profile = tuple[int, Grams, Grams, Grams, Grams, Grams, Grams]


@lru_cache(maxsize=1 << 16)
def _profile(text: str) -> Profile:
    """A text's words, and its multisets of word 1- to 4-grams, character 4-grams and content words,
    read once per text however many pairs it is in (the cluster stage compares a claim many times)."""
    words = [w.lower() for w in WORD.findall(text)]
    grams = [Counter(_ngrams(words, n)) for n in (1, 2, 3, 4)]
    chars: Grams = Counter(_ngrams(list(text.lower()), 4))
    content: Grams = Counter((w,) for w in words if w not in STOP)
    return len(words), grams[0], grams[1], grams[2], grams[3], chars, content


def _ngrams(items: Sequence[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(items[i : i + n]) for i in range(len(items) - n + 1)]


def _shared(a: Counter[tuple[str, ...]], b: Counter[tuple[str, ...]]) -> tuple[float, float, float]:
    """The share of each side's items found in the other (lower, higher) and their F1 (multisets)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    common = sum(min(count, large[key]) for key, count in small.items() if key in large)  # the size of a & b
    in_a, in_b = common / max(a.total(), 1), common / max(b.total(), 1)
    return min(in_a, in_b), max(in_a, in_b), 2 * in_a * in_b / max(in_a + in_b, 1e-9)


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
    return Evidence(
        float(a.vector @ b.vector),
        lexical_overlap(a.whole, b.whole),
        shared_numbers(a.whole, b.whole),
        length_ratio(a.whole, b.whole),
        round(coverage, 4),
        checks or field_checks(a.whole, b.whole),
        surface(_text_of(a), _text_of(b)),
    )


def claim_probability(
    cosine: float, a: Features, b: Features, score: float, model: PairModel = DEFAULT_PAIR_MODEL
) -> float:
    """The pair model's probability that two claims state the same thing; ``score`` (their link score)
    stands in for the claim coverage of two texts, which for single claims is that score."""
    text_a, text_b = (a.claim.text if a.claim else ""), (b.claim.text if b.claim else "")
    ev = Evidence(
        cosine, lexical_overlap(a, b), shared_numbers(a, b), length_ratio(a, b), score, {}, surface(text_a, text_b)
    )
    return model.probability(ev.row())


def _text_of(text: Text) -> str:
    return text.whole.claim.text if text.whole.claim else ""


def _claim_coverage(a: Text, b: Text, config: MatchConfig) -> tuple[float, dict[str, str]]:
    """The weakest claim's best score on either side, and the merged checks of the aligned pairs ({} if none)."""
    cos = a.claim_vectors @ b.claim_vectors.T
    grid = [[field_checks(x, y) for y in b.claims] for x in a.claims]
    scores = np.array(
        [
            [pair_score(float(cos[i, j]), x, y, config, grid[i][j]) for j, y in enumerate(b.claims)]
            for i, x in enumerate(a.claims)
        ]
    )
    to_b = [pair_score(float(v @ b.vector), x, b.whole, config) for x, v in zip(a.claims, a.claim_vectors, strict=True)]
    to_a = [pair_score(float(v @ a.vector), y, a.whole, config) for y, v in zip(b.claims, b.claim_vectors, strict=True)]
    coverage = min(
        [max(float(scores[i].max()), to_b[i]) for i in range(len(a.claims))]
        + [max(float(scores[:, j].max()), to_a[j]) for j in range(len(b.claims))]
    )
    aligned = [
        grid[i][j]
        for i in range(len(a.claims))
        for j in [int(scores[i].argmax())]
        if int(scores[:, j].argmax()) == i and scores[i, j] >= config.match
    ]
    return coverage, _merge(aligned) if aligned else {}


def shared_numbers(a: Features, b: Features) -> float:
    if not a.numbers and not b.numbers:
        return 1.0
    return len(a.numbers & b.numbers) / len(a.numbers | b.numbers)


def length_ratio(a: Features, b: Features) -> float:
    longer = max(len(a.words), len(b.words))
    return min(len(a.words), len(b.words)) / longer if longer else 1.0


def verdict(ev: Evidence, config: MatchConfig = DEFAULT_MATCH, model: PairModel = DEFAULT_PAIR_MODEL) -> PairResult:
    """The pair model's probability, its verdict, and the field veto that turns a paraphrase into a conflict."""
    probability = model.probability(ev.row())
    paraphrase = probability >= model.threshold
    return PairResult(
        same=paraphrase and agree(ev.checks),
        similarity=round(probability, 4),
        checks=ev.checks,
        matched=ev.coverage >= config.match,
        paraphrase=paraphrase,
        coverage=ev.coverage,
    )


def compare_texts(
    a: Text, b: Text, config: MatchConfig = DEFAULT_MATCH, model: PairModel = DEFAULT_PAIR_MODEL
) -> PairResult:
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


class PairLineError(RecordError):
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
    try:
        row = jsonl.loads(line)
    except RecordError as error:
        raise PairLineError(number, str(error)) from None
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


def compare_pairs(
    pairs: Sequence[TextPair],
    embedder: Embedder,
    nlp: Language,
    config: MatchConfig = DEFAULT_MATCH,
    model: PairModel = DEFAULT_PAIR_MODEL,
) -> list[PairResult]:
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


def text_features(text: str, nlp: Language) -> list[Features]:
    """The claims of a lone text (as a tiny article); the whole text when extraction finds none."""
    from corroborate.extract import extract_claims

    article = Article(id=Article.make_id(text), path="<pair>", text=text, source="pair")
    claims = extract_claims(article, nlp) or [
        Claim(Claim.make_id(article.id, text, 0, len(text)), article.id, text, text, 0, len(text))
    ]
    return [features(c) for c in claims]
