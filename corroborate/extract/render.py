"""A clause of the parse -> a standalone claim sentence, its polarity and its subject.

The last step of extraction before a Claim is built: the clause's words are
joined, a borrowed subject is put in front (and a relative pronoun dropped),
"he"/"she" as subject become the name they stand for, the sentence's time
phrase is put before a clause that has none, quotes and markup are dropped,
the first letter is capitalised and a full stop added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

from corroborate.extract.attribution import GENDERED, PERSON_PRONOUNS, Speakers, given_name_gender, opens
from corroborate.extract.clauses import EVENT_NOUNS, Unit, expletive_it, past_tense, render
from corroborate.extract.views import INVISIBLE, View, join_tokens, token_gaps, wordlist
from corroborate.records import Attribution

MARKUP = (
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # Markdown links keep their text
    (re.compile(r"[*_`]{1,3}(?=\S)|(?<=\S)[*_`]{1,3}"), ""),
    (re.compile(r"[“”\"]|(?<![A-Za-z])[‘’']|[‘’'](?![A-Za-z])"), ""),  # quote marks, not apostrophes
    (re.compile(r"^(?:…|\.\.\.|\.\s\.\s\.)\s*|\s*(?:…|\.\s\.\s\.)\s*$"), ""),
    (re.compile(r"\s+([,.;:!?])"), r"\1"),
    (re.compile(r"([,;:])(?:\s*[,;:])+"), r"\1"),
    (re.compile(r"[,;:]+\s*([.!?])"), r"\1"),  # "the Persian Gulf,." -> "the Persian Gulf."
    (re.compile(r"\(\s*\)"), ""),
    (re.compile(r"\s+"), " "),
)
DANGLING = re.compile(r"(?:[,;]\s*|\s+)(?:and|but|or)\W*$|(?<=\w),(?=\s+(?:died|said|was|is|were|are|has|have)\b)")
LEADING = frozenset({"that", "and", "but", "or", "so", "while", "whereas", ",", ";", ":", "—", "–", "-"})
CLOSED_CLASS = frozenset(
    wordlist(
        "the a an it its this these those their there they we he she his her our some many most all both "
        "each several no one two three four five"
    )
)
CONTENT_PRONOUNS = frozenset({"he", "she", "it", "they"})
# What an "it" after a speaker is said to be when it stands for what happened, not for the speaker.
VERDICT_ADJECTIVES = frozenset(
    wordlist(
        "unacceptable acceptable unfair fair unconstitutional constitutional illegal legal unlawful lawful "
        "false true untrue wrong right baseless groundless ridiculous absurd outrageous regrettable "
        "premature possible impossible clear unclear unknown important necessary "
        "unnecessary difficult easy unprecedented inappropriate appropriate unjustified justified "
        "shocking tragic disgraceful unfortunate"
    )
)
VERDICT_NOUNS = frozenset(
    wordlist(
        "mistake error accident crime act tragedy misunderstanding hoax lie fabrication violation murder "
        "suicide homicide terrorism coincidence setback disaster failure success victory defeat crisis "
        "cyberattack rocket missile bomb drone threat provocation breach outage glitch fraud scam"
    )
)
# What "they" suffered when a speaker tells of others: "Police said they were found dead".
SUFFERED = frozenset(
    wordlist(
        "kill find detain arrest hold steal kidnap abduct release rescue evacuate hospitalize hospitalise "
        "treat identify charge jail sentence"
    )
)
# Nouns for one person that name a speaker ("the minister", "a spokeswoman"): "it" never stands for them.
PERSON_NOUNS = frozenset(
    wordlist(
        "minister spokesman spokeswoman spokesperson official officer president secretary senator lawyer "
        "attorney witness doctor expert analyst coach chief director commander general governor mayor leader "
        "chairman chairwoman ceo manager ambassador diplomat prosecutor judge detective sheriff captain colonel "
        "lieutenant sergeant professor researcher scientist economist author owner founder resident neighbor "
        "neighbour victim survivor mother father wife husband son daughter brother sister friend man woman "
        "boy girl member candidate lawmaker legislator representative congressman congresswoman premier king "
        "queen prince princess actor actress singer player rep publicist agent executive"
    )
)
# Who speaks is neither dead nor was killed: "doctors said they died", "police said they were killed".
DYING = frozenset(wordlist("die drown"))
HARMED = frozenset(wordlist("kill"))
NEGATIVE_WORDS = frozenset({"no", "none", "nobody", "nothing", "neither", "never", "nor"})
# What a conjunct cut from a clause may share with it: "in Aceh in the quake", "on Monday".
SHARED = frozenset({"prep", "advcl", "npadvmod", "advmod"})
# A denied "no one": "denied that no tickets had been sold" -> "some tickets had been sold".
SOME = {"no": "some", "nobody": "somebody", "nothing": "something", "none": "some"}


@dataclass(frozen=True)
class Clause:
    """A claim ready to be built: its words in the text, its sentence, speaker and polarity."""

    view: View  # the claim's own words, with their offsets
    text: str
    attribution: Attribution | None = None
    negative: bool = False
    subject: str = ""
    carried: tuple[int, ...] = ()  # offsets of the opening phrase it borrows (for its dates)
    # its subject comes from another clause ("..., killing two": what killed), or a clause cut from it took
    # what may be shared ("Five people died" of "Five people died and seven were injured in Aceh in the
    # quake"; not "Oil prices rose" of "Oil prices rose and gold prices fell")
    partial: bool = False


def claim_text(subject: str, body: str) -> str:
    text = f"{subject} {body}" if subject else body
    text = text.translate(INVISIBLE)
    for pattern, replacement in MARKUP:
        text = pattern.sub(replacement, text)
    text = DANGLING.sub("", _balanced(text)).strip(" ,;:—–-")
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!")) else text.rstrip(".,;:") + "."


def _balanced(text: str) -> str:
    if text.count("(") != text.count(")"):
        text = text.replace("(", "").replace(")", "")
    return text


def view_of(tokens: list[Token]) -> View:
    """The tokens' text with the article offset of each character."""
    text, offsets = "", list[int]()
    for token, gap in zip(tokens, token_gaps(tokens), strict=True):
        end = token.idx + len(token.text)
        text += token.text + gap
        offsets += [*range(token.idx, end), *[end] * len(gap)]
    return View(text, tuple(offsets))


def clause_of(unit: Unit, speakers: Speakers) -> Clause | None:
    doc = unit.head.doc
    tokens = [doc[i] for i in unit.tokens if i not in unit.drop]
    denied = unit.denied
    while tokens and (
        tokens[0].lower_ in LEADING
        and tokens[0].head.i == unit.head.i
        and tokens[0].dep_ not in ("nsubj", "nsubjpass", "expl")  # "That is not a legitimate purpose"
        or tokens[0].lower_ == "only"
        and len(tokens) > 1
        and tokens[1].dep_ == "mark"  # "saying only that an inquiry was under way"
    ):
        tokens = tokens[1:]
    if tokens and tokens[0].lower_ == "nor" and tokens[0].dep_ in ("cc", "preconj", "advmod"):
        denied, tokens = True, tokens[1:]  # "Nor did he ...": a denial of its own
    neither = [t for t in tokens if t.lower_ == "neither" and t.head.i == unit.head.i and t.dep_ != "nsubj"]
    if neither:  # "neither confirmed nor denied": each verb denied
        denied, tokens = True, [t for t in tokens if t not in neither]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in '.!”’"':
        tokens = tokens[:-1]
    if not tokens or not any(t.pos_ in ("VERB", "AUX") for t in tokens) and not unit.copula:
        return None
    subject = unit.subject
    attribution = speakers.attribution(unit.frame, _direct(tokens, speakers)) if unit.frame else None
    words = [_word(t, unit, speakers, attribution) for t in tokens]
    shown, affirmed = tokens, False
    if denied and elliptical(unit, tokens):
        return None
    if denied and not negative(unit.head, tokens):
        shown, words = _denial(tokens, words, unit)
    elif denied and (undone := _negators(unit.head, tokens)):
        # "denied that he had not paid taxes" -> "He had paid taxes"
        shown = [t for t in tokens if t.i not in undone]
        words = [w for t, w in zip(tokens, words, strict=True) if t.i not in undone]
        denied = False
        tokens = shown
    elif denied and (some := _denied_none(unit.head, tokens)):
        # "denied that no tickets had been sold" -> "Some tickets had been sold"; a denial of "no one" is
        # left as the text has it
        words = [SOME[t.lower_] if t.i in some else w for t, w in zip(tokens, words, strict=True)]
        denied, affirmed = False, True
    else:
        denied = False
    body = join_tokens(shown, words)
    if unit.copula:
        body = f"{unit.copula} {body}"
    text = claim_text(subject, body)
    if unit.prefix:
        text = claim_text("", f"{unit.prefix}, {text[:1].lower() if _lowerable(text) else text[:1]}{text[1:]}")
    view = view_of(tokens)
    carried = _prefix_offsets(unit) if unit.prefix else ()
    negated = denied or (not affirmed and negative(unit.head, tokens))
    kept = set(unit.tokens)
    partial = bool(subject) or any(
        c.dep_ == "conj" and c.i not in kept and any(g.dep_ in SHARED for g in c.children) for c in unit.head.children
    )
    return Clause(view, text, attribution, negated, subject or _own_subject(unit), carried, partial)


def _denied_none(head: Token, tokens: list[Token]) -> set[int]:
    """The "no", "nobody", "nothing" or "none" that makes the clause negative through its subject or object
    ("no tickets had been sold"; the caller asks when no "not" does); not "no fewer than", "no longer"."""
    kept = {t.i for t in tokens}
    found = set()
    for child in head.children:
        if child.dep_ not in ("nsubj", "nsubjpass", "dobj", "attr") or child.i not in kept:
            continue
        for t in (child, *child.children):
            after = t.doc[t.i + 1 : t.i + 2].text.lower()
            if t.lower_ in SOME and t.i in kept and after not in ("fewer", "more", "less", "longer", "one"):
                found.add(t.i)
    return found


def _negators(head: Token, tokens: list[Token]) -> set[int]:
    """The "not", "n't" or "never" that negates the clause's own verb, when one does."""
    kept = {t.i for t in tokens}
    return {c.i for v in _verbs(head) for c in v.children if c.i in kept and _negates(c) and not _not_only(c)}


def _verbs(head: Token) -> list[Token]:
    """The clause's verb and its auxiliaries: where a negation of the verb hangs."""
    return [head, *(c for c in head.children if c.dep_ in ("aux", "auxpass"))]


def _negates(child: Token) -> bool:
    return child.dep_ == "neg" or (child.dep_ == "advmod" and child.lower_ == "never")


def _denial(tokens: list[Token], words: list[str], unit: Unit) -> tuple[list[Token], list[str]]:
    """The clause "nor" joins, as the denial it states: "nor was Dean asked" -> "Dean was not asked",
    "nor did it cut jobs" -> "it did not cut jobs", "(he) nor wrote" -> "(he) did not write"."""
    head = unit.head
    aux = [k for k, t in enumerate(tokens) if t.head.i == head.i and t.dep_ in ("aux", "auxpass") and t.i < head.i]
    subject = [k for k, t in enumerate(tokens) if t.head.i == head.i and t.dep_ in ("nsubj", "nsubjpass", "expl")]
    verb = next((k for k, t in enumerate(tokens) if t.i == head.i), None)
    words = list(words)
    # the word that goes before "not": an auxiliary, or "is"/"was" as the main verb ("nor is it clear")
    inverted = aux[0] if aux else (verb if verb is not None and head.lemma_ == "be" else None)
    if inverted is not None and subject and tokens[inverted].i < tokens[subject[0]].i:  # the subject goes first
        last = max(k for k, t in enumerate(tokens) if t.i in {s.i for s in tokens[subject[0]].subtree})
        words[last] = f"{words[last]} {words[inverted]} not"
        return [t for k, t in enumerate(tokens) if k != inverted], [w for k, w in enumerate(words) if k != inverted]
    if inverted is not None:  # "... was not", "... has not"
        words[inverted] = f"{words[inverted]} not"
        return tokens, words
    if verb is not None:
        do = {"VBZ": "does", "VBP": "do"}.get(head.tag_, "did")
        words[verb] = f"{do} not {head.lemma_ if head.tag_ != 'VBN' else words[verb]}"
    return tokens, words


def elliptical(unit: Unit, tokens: list[Token]) -> bool:
    """ "..., nor did the governor": a clause of an auxiliary and its subject alone, whose verb is the one
    before it; as a claim of its own it would read "The governor did not do"."""
    head = unit.head
    after_nor = head.i > 0 and head.doc[head.i - 1].lower_ == "nor"
    if head.lemma_ in ("do", "have") and (head.pos_ == "AUX" or after_nor):  # "nor did the governor"
        return True
    if head.lemma_ not in ("do", "have", "be", "will", "can", "would", "should", "could", "may", "might", "must"):
        return False
    kept = {t.i for t in tokens}
    rest = [
        c
        for c in head.children
        if c.i in kept and c.dep_ not in ("nsubj", "nsubjpass", "expl", "cc", "punct", "neg", "advmod")
    ]
    return not rest


def _lowerable(text: str) -> bool:
    """The first word goes back to lower case behind an opening phrase: "Last year, none of ..." (a capital
    "None" there reads as a name, and the claim would lose its negation)."""
    first = text.split(" ", 1)[0].lower()
    return first in CLOSED_CLASS or first in NEGATIVE_WORDS


def _word(token: Token, unit: Unit, speakers: Speakers, attribution: Attribution | None) -> str:
    """The word as the claim shows it: a finite verb for a participle, a name for "he" or "it"."""
    if token.i == unit.head.i and unit.verb:
        return unit.verb
    if unit.verb and token.dep_ == "conj" and token.head.i == unit.head.i and token.tag_ == "VBG":
        return past_tense(token, unit.subject)  # "killing two and wounding three": both finite
    if token.dep_ not in ("nsubj", "nsubjpass") or token.head.i != unit.head.i:
        return token.text
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.text[:1] in "'’":
        return token.text  # "they're": a contraction keeps its pronoun
    if _speaker_pronoun(token, unit, attribution):
        name = attribution.speaker  # type: ignore[union-attr]
        return name if name[:1].isupper() else f"the {name}"  # "the ministry said it ...": the ministry
    if attribution and unit.frame and unit.frame.act and unit.frame.speaker == (token,):
        # "he also emphasized ...": the pronoun that speaks is the person it stands for
        return token.text if attribution.speaker.lower() in CONTENT_PRONOUNS else attribution.speaker
    if token.lower_ in PERSON_PRONOUNS and not attribution and not _direct([token], speakers):
        return speakers.pronoun(token.lower_) or token.text
    return token.text


def _speaker_pronoun(token: Token, unit: Unit, attribution: Attribution | None) -> bool:
    """ "Washington said it was not looking for a war": "it" is the speaker; not after "according to",
    where the speaker is a source, and not in a quote, where "it" is the speaker's own word."""
    frame = unit.frame
    if attribution is None or frame is None or attribution.direct or token.lower_ not in CONTENT_PRONOUNS:
        return False
    if frame.act or frame.cue.lower_ == "according" or attribution.speaker.lower() in CONTENT_PRONOUNS:
        return False
    verb, plural = token.head, any(t.tag_ == "NNS" and t.head not in frame.speaker for t in frame.speaker)
    if token.lower_ == "it" and (expletive_it(token) or plural):
        return False  # "Officials said it was a car bomb that ...": "it" is neither the officials nor anyone
    if token.lower_ == "it" and verb.lemma_.lower() == "be" and any(_judged(c) for c in verb.children):
        return False  # "The ministry said it was a terrorist attack": what "it" is, not what the ministry is
    if token.lower_ == "they" and (
        (token.dep_ == "nsubjpass" and verb.lemma_.lower() in SUFFERED) or _in_condition(verb)
    ):
        return False  # "Police said they were found dead", "... they were in stable condition": others
    if verb.lemma_.lower() in DYING or (token.dep_ == "nsubjpass" and verb.lemma_.lower() in HARMED):
        return False  # "Doctors said they died of gunshot wounds": the dead are not who speaks
    if token.lower_ == "it" and any(
        t.lemma_.lower() in PERSON_NOUNS for t in frame.speaker if t.head not in frame.speaker
    ):
        return False  # "The minister said it would pass easily": "it" is not the minister ("he" may not be either:
        # "Her representative said she never recovered consciousness")
    person = any(t.ent_type_ == "PERSON" or t.lower_ in ("he", "she") for t in frame.speaker)
    if person != (token.lower_ in ("he", "she")):
        return False  # "Kirby said it has not struck Iran": "it" is not Kirby
    gender, said = given_name_gender(attribution.speaker), GENDERED.get(token.lower_)
    if gender and said and gender != said:
        return False  # "The senator's wife, Susan Carter, said he would not run": "he" is not Susan Carter
    return any(c.i == unit.head.i for c in frame.content)


def _judged(token: Token) -> bool:
    """What "it" is said to be when it is what happened: an event or a verdict ("a terrorist attack", "a
    mistake", "unconstitutional"), not what a speaker is ("the largest buyer", "responsible")."""
    if token.dep_ == "attr":
        return token.lemma_.lower() in EVENT_NOUNS | VERDICT_NOUNS
    return token.dep_ == "acomp" and token.lemma_.lower() in VERDICT_ADJECTIVES


def _in_condition(verb: Token) -> bool:
    """ "they were in stable condition": what a hospital says of its patients."""
    return verb.lemma_.lower() == "be" and any(
        c.dep_ == "prep" and any(g.lemma_.lower() == "condition" for g in c.children) for c in verb.children
    )


def _direct(tokens: list[Token], speakers: Speakers) -> bool:
    """Whether the clause's words are inside quotation marks (the quote may have opened sentences ago)."""
    first = tokens[0]
    sent = first.sent
    before = sent.text[: first.idx + len(first.text) - sent.start_char]
    return opens(before, speakers.quotes.inside)


def _prefix_offsets(unit: Unit) -> tuple[int, ...]:
    doc = unit.head.doc
    return tuple(o for i in unit.prefix_tokens for o in range(doc[i].idx, doc[i].idx + len(doc[i].text)))


def _own_subject(unit: Unit) -> str:
    subject = next((c for c in unit.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return render(list(subject.subtree)) if subject is not None else ""


def negative(head: Token, tokens: list[Token]) -> bool:
    """Negation of the clause's own verb ("has not struck", "won't disclose") or of its subject ("no one")."""
    kept = {t.i for t in tokens}
    for verb in _verbs(head):
        for child in verb.children:
            if child.i in kept and _negates(child):
                return not _not_only(child)
            if child.i in kept and child.dep_ == "advmod" and any(g.dep_ == "neg" for g in child.children):
                return True  # "no longer makes the engine"
    if head.lemma_ == "do" and any(c.dep_ == "neg" for c in head.children):
        return True  # "We don't normally get ...", parsed with "do" as the head
    for child in head.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and child.i in kept:
            if _rank(child):
                continue
            if _nothing_but(child):
                continue
            if child.lower_ in NEGATIVE_WORDS or any(
                d.dep_ in ("det", "neg", "preconj") and d.lower_ in ("no", "not", "neither") for d in child.children
            ):
                return True  # "no soldier", "not a single soldier", "neither Russia nor China"
    return False


def _nothing_but(token: Token) -> bool:
    """ "beat nothing but club fighters", "none other than": an emphasis, not a negation."""
    doc = token.doc
    nxt = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
    return token.lower_ in ("nothing", "none", "no one") and nxt in ("but", "other", "except")


def _rank(token: Token) -> bool:
    """ "ranked No. 121": a number sign, not a negation."""
    doc = token.doc
    after = [t for t in doc[token.i + 1 : token.i + 3] if t.text != "."]
    return token.lower_ in ("no", "no.") and bool(after) and after[0].like_num


def _not_only(token: Token) -> bool:
    """ "not only", "not just", "not until 2019 did it admit", "not the first time": a negation that
    denies nothing the claim states (as ``fields.FIXED_PHRASES`` reads them)."""
    doc = token.doc
    after = [t.lower_ for t in doc[token.i + 1 : token.i + 4]]
    return after[:1] in (["only"], ["just"], ["until"]) or after in (
        ["the", "first", "time"],
        ["for", "the", "first"],
    )
