"""Claim attribution on PolNeAR: do claims get a speaker, and the right one?

Usage: python bench/polnear_speakers.py CORPUS_DIR [--limit N] [--spacy-model NAME] [--json OUT]

CORPUS_DIR holds ``dev.articles.jsonl`` (one article a line, text verbatim) and
``dev.attributions.jsonl`` (the PolNeAR attributions of each article: source,
cue and content, as character spans into the text). Every article goes through
``extract_claims`` as it is (no junk lines), and each claim is set against the
gold attributions by its evidence span ``[start, end)``:

- attributed: at least half of the claim's characters lie inside the content
  spans of one attribution with a source. The claim should have a speaker, and
  it is right when it matches that attribution's source (the name before any
  appositive: "Schiff, 56, who ..." is "Schiff"), or one of the names a
  pronoun source refers to, by last word or as a word-level substring, case
  aside ("Trump" = "Donald Trump", "Mr. Hyers" = "Hyers"). Where attributions
  nest, a match with any of those covering the claim counts. An unresolved
  pronoun speaker ("he") names nobody and is never right.
- speech-verb cues: the attributed claims whose attribution's cue is a verb of
  saying (SPEECH_CUES: "said", "told", "according to", ...).
- unattributed: the claim overlaps no attribution's content, cue or source; it
  should have no speaker.

Attributions without a source are left out (the script says how many, and how
many claims they hold); claims that touch an attribution without lying mostly
inside one are counted but not scored. ``--json OUT`` writes one record per
claim (its speaker, the gold source, the cue, the sentence) for error analysis.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corroborate.extract import build_nlp, extract_claims
from corroborate.records import Article, Claim

ARTICLES = "dev.articles.jsonl"
ATTRIBUTIONS = "dev.attributions.jsonl"

# Verbs of saying, by lemma; a cue counts when one of its words is a form of one.
SPEECH_CUES = (
    "say",
    "tell",
    "state",
    "add",
    "claim",
    "warn",
    "argue",
    "note",
    "explain",
    "announce",
    "insist",
    "ask",
    "write",
    "report",
    "tweet",
    "post",
    "respond",
    "reply",
    "declare",
    "acknowledge",
    "admit",
    "stress",
    "emphasize",
    "emphasise",
    "assert",
    "mention",
    "recall",
    "suggest",
    "comment",
    "testify",
    "remark",
    "reiterate",
    "confirm",
    "deny",
    "predict",
    "promise",
    "vow",
    "pledge",
    "contend",
    "observe",
    "concede",
    "allege",
    "maintain",
    "continue",
    "cite",
    "quote",
)
IRREGULAR = {"said": "say", "told": "tell", "wrote": "write", "written": "write", "writes": "write"}
SPEECH_PHRASES = ("according to",)
PRONOUNS = {
    "i", "me", "we", "us", "you", "he", "him", "his", "she", "her", "hers", "it", "its", "they", "them", "their",
    "who", "whom", "whose", "which", "that", "this", "these", "those", "himself", "herself", "itself", "themselves",
    "myself", "ourselves", "yourself", "one",
}  # fmt: skip
ARTICLES_WORDS = {"the", "a", "an"}

TARGETS = {
    "speech_speaker": 0.80,
    "speech_right_of_speaker": 0.85,
    "attributed_right": 0.60,
    "unattributed_none": 0.90,
}


@dataclass
class Gold:
    """One PolNeAR attribution: its source names, cue and spans."""

    id: str
    source: str | None
    antecedents: list[str]
    cue: str
    content: list[tuple[int, int]]
    marks: list[tuple[int, int]]  # content, cue and source spans together

    @property
    def names(self) -> list[str]:
        """The names a speaker may match: the source unless it is a pronoun, and its antecedents."""
        return [n for n in [self.source or "", *self.antecedents] if tokens(n) and not is_pronoun(n)]

    @property
    def speech(self) -> bool:
        return speech_cue(self.cue)

    @property
    def size(self) -> int:
        return sum(e - s for s, e in self.content)


@dataclass
class Tally:
    attributed: int = 0
    with_speaker: int = 0
    right: int = 0

    def add(self, speaker: bool, right: bool) -> None:
        self.attributed += 1
        self.with_speaker += speaker
        self.right += right


@dataclass
class Results:
    articles: int = 0
    seconds: float = 0.0
    claims: int = 0
    null_source: int = 0
    null_source_claims: int = 0
    nested: int = 0
    partial: int = 0
    unattributed: int = 0
    unattributed_none: int = 0
    all_cues: Tally = field(default_factory=Tally)
    speech: Tally = field(default_factory=Tally)
    rows: list[dict[str, Any]] = field(default_factory=list)


def tokens(name: str) -> list[str]:
    """Lower-case words of the name in a phrase: what comes before an appositive ("Schiff, 56, who ..."),
    without parentheses, possessives, punctuation or a leading article."""
    name = re.sub(r"\([^)]*\)", " ", name.lower())
    name = name.split(",")[0] if name.split(",")[0].strip() else name
    name = re.sub(r"\s*['’]s\b", "", name)
    words = re.findall(r"[\w][\w.\-]*", name)
    words = [w.strip(".-") for w in words if w.strip(".-")]
    while words and words[0] in ARTICLES_WORDS:
        words = words[1:]
    return words


def is_pronoun(name: str) -> bool:
    words = tokens(name)
    return len(words) == 1 and words[0] in PRONOUNS


def same_speaker(found: str, gold: str) -> bool:
    """Last-word or word-level substring match, case aside; numbers alone never match."""
    a, b = tokens(found), tokens(gold)
    if not a or not b:
        return False
    if a[-1] == b[-1]:
        return not a[-1].isdigit()
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if all(w.isdigit() for w in short):
        return False
    return any(long_[i : i + len(short)] == short for i in range(len(long_) - len(short) + 1))


def speech_cue(cue: str) -> bool:
    text = " ".join(re.findall(r"[a-z]+", cue.lower()))
    if any(p in text for p in SPEECH_PHRASES):
        return True
    return any(lemma(w) in SPEECH_CUES for w in text.split())


def lemma(word: str) -> str:
    """A crude lemma, enough for the verbs of SPEECH_CUES."""
    if word in IRREGULAR:
        return IRREGULAR[word]
    for suffix in ("ing", "ied", "ies", "ed", "es", "s", "d"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            if suffix in ("ied", "ies"):
                stem += "y"
            for candidate in (stem, stem + "e"):
                if candidate in SPEECH_CUES:
                    return candidate
    return word


def overlap(start: int, end: int, spans: list[tuple[int, int]]) -> int:
    return sum(max(0, min(end, e) - max(start, s)) for s, e in spans)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def read_gold(record: dict[str, Any]) -> tuple[list[Gold], list[Gold]]:
    """(attributions with a source, attributions without one); entries with no content are dropped."""
    with_source: list[Gold] = []
    without: list[Gold] = []
    for a in record["attributions"]:
        if not a.get("content"):
            continue
        source, cue = a.get("source"), a.get("cue") or {}
        marks = [tuple(s) for part in (a["content"], cue, source or {}) for s in part.get("spans", [])]
        gold = Gold(
            id=a["id"],
            source=source["text"] if source else None,
            antecedents=list(source.get("antecedents") or []) if source else [],
            cue=cue.get("text", ""),
            content=[(s, e) for s, e in a["content"]["spans"]],
            marks=[(s, e) for s, e in marks],
        )
        (with_source if source else without).append(gold)
    return with_source, without


def make_article(row: dict[str, Any]) -> Article:
    return Article(
        id=Article.make_id(row["text"]),
        path=str(row["id"]),
        text=row["text"],
        source=row.get("source") or "polnear",
        title=row.get("title"),
        published=row.get("published"),
        author=row.get("author"),
    )


def score_claims(claims: list[Claim], record: dict[str, Any], results: Results) -> None:
    golds, sourceless = read_gold(record)
    results.null_source += len(sourceless)
    for claim in claims:
        results.claims += 1
        length = max(1, claim.end - claim.start)
        speaker = claim.attribution.speaker if claim.attribution else None
        row: dict[str, Any] = {
            "doc": record["doc"],
            "start": claim.start,
            "end": claim.end,
            "claim": claim.text,
            "sentence": claim.sentence,
            "speaker": speaker,
            "verb": claim.attribution.verb if claim.attribution else None,
        }
        covering = [g for g in golds if overlap(claim.start, claim.end, g.content) * 2 >= length]
        if covering:
            covering.sort(key=lambda g: g.size)
            inner = covering[0]
            right = (
                bool(speaker)
                and not is_pronoun(speaker or "")
                and any(same_speaker(speaker or "", name) for g in covering for name in g.names)
            )
            results.nested += len(covering) > 1
            results.all_cues.add(bool(speaker), right)
            if inner.speech:
                results.speech.add(bool(speaker), right)
            row.update(
                kind="attributed",
                gold=inner.source,
                antecedents=inner.antecedents,
                cue=inner.cue,
                speech_cue=inner.speech,
                outer=[g.source for g in covering[1:]],
                right=right,
            )
        elif any(overlap(claim.start, claim.end, g.content) * 2 >= length for g in sourceless):
            results.null_source_claims += 1
            row["kind"] = "null-source"
        elif any(overlap(claim.start, claim.end, g.marks) for g in golds + sourceless):
            results.partial += 1
            row["kind"] = "partial"
        else:
            results.unattributed += 1
            results.unattributed_none += speaker is None
            row["kind"] = "unattributed"
        results.rows.append(row)


def share(part: int, whole: int) -> str:
    return f"{part / whole:6.1%} ({part}/{whole})" if whole else "   n/a (0/0)"


def report(results: Results) -> None:
    a, s = results.all_cues, results.speech
    pace = results.articles / results.seconds if results.seconds else 0.0
    print(f"articles {results.articles}, claims {results.claims}, extraction {results.seconds:.1f}s = {pace:.2f} art/s")
    print(
        f"claims: attributed {a.attributed} (speech-verb cue {s.attributed}, under nested attributions "
        f"{results.nested}), unattributed {results.unattributed}, touching an attribution only partly "
        f"{results.partial}, inside source-less attributions {results.null_source_claims}"
    )
    print(f"attributions without a source, skipped: {results.null_source}")
    print()
    lines = [
        ("attributed claims with a speaker", share(a.with_speaker, a.attributed), ""),
        ("  ... with the right speaker", share(a.right, a.with_speaker), ""),
        ("speech-verb cues: with a speaker", share(s.with_speaker, s.attributed), TARGETS["speech_speaker"]),
        ("  ... right, of those with a speaker", share(s.right, s.with_speaker), TARGETS["speech_right_of_speaker"]),
        ("right speaker, all attributed claims", share(a.right, a.attributed), TARGETS["attributed_right"]),
        (
            "unattributed claims with no speaker",
            share(results.unattributed_none, results.unattributed),
            TARGETS["unattributed_none"],
        ),
    ]
    for label, figure, target in lines:
        goal = f"target >= {target:.0%}" if isinstance(target, float) else ""
        print(f"{label:40} {figure:22} {goal}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", help="folder with dev.articles.jsonl and dev.attributions.jsonl")
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--spacy-model", help="spaCy pipeline for extraction (default: the project's default)")
    parser.add_argument("--json", metavar="OUT", help="write per-claim details to this JSON file")
    args = parser.parse_args()

    folder = Path(args.corpus)
    rows = read_jsonl(folder / ARTICLES)[: args.limit]
    gold = {r["doc"]: r for r in read_jsonl(folder / ATTRIBUTIONS)}
    nlp = build_nlp(args.spacy_model)
    results = Results()
    for row in rows:
        if row["id"] not in gold:
            continue
        article = make_article(row)
        began = time.perf_counter()
        claims = extract_claims(article, nlp)
        results.seconds += time.perf_counter() - began
        results.articles += 1
        score_claims(claims, gold[row["id"]], results)
    report(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results.rows, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"per-claim details: {args.json}")


if __name__ == "__main__":
    main()
