"""Who says what, read off the dependency parse: speech frames and their speakers.

A speech frame is a speech or cognition verb (said, told, warned, believes, ...)
with a subject, in either order ("X said", "said X", "X, who ..., said"), and
the clause it reports (its ``ccomp``; a parenthetical "..., X said" that the
parser hangs off the content as ``parataxis``; a "that" clause the small parser
mistakes for a relative clause). "According to X" credits the clause it
modifies. The speaker's name is the named entity in the subject phrase; the
rest of the phrase ("US defence secretary", "the White House spokesman") is
the speaker's title.

Pronouns: "he"/"she" resolve to the nearest person named earlier in the
article, speakers first; "it"/"they" to an organisation named as a speaker or
subject in the same or the previous two sentences. Reach and order are in
``Speakers``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from spacy.tokens import Doc, Span, Token

from corroborate.extract.views import join_tokens, wordlist
from corroborate.lexicon import FIRST_NAME_GENDER
from corroborate.records import Attribution

SPEECH_LEMMAS = frozenset(
    wordlist(
        "say tell state add warn claim insist stress emphasize emphasise note explain announce report point "
        "confirm argue acknowledge maintain write assert declare admit reveal vow believe think contend "
        "allege testify tweet post predict suggest deny recall conclude estimate promise caution "
        "complain remark observe indicate reply respond counter concede charge suspect fear hope expect "
        "agree disclose signal learn find show demand dispute question worry doubt ask urge forecast "
        "project acknowledge"
    )
)
# Verbs that report speech with an object rather than a clause ("called for a ban", "criticized the plan").
SPEECH_ACTS = frozenset(
    wordlist(
        "call criticize criticise characterize characterise describe point shout repeat propose pledge "
        "accuse blame praise condemn defend denounce dismiss mock slam reject welcome announce deny "
        "confirm emphasize emphasise stress warn urge demand insist acknowledge admit vow promise say tell "
        "write tweet claim argue explain note raise question cite mention"
    )
)
# Verbs that only frame speech when a clause follows: "expect the vote to pass" is a plan, not a quote.
CLAUSE_ONLY = frozenset(
    wordlist(
        "hope expect agree fear suspect signal indicate suggest believe think learn find show demand "
        "dispute question worry doubt ask urge forecast project"
    )
)
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"it", "they", "we"})
FIRST_PERSON = frozenset({"i", "we"})
NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "FAC"})
HONORIFICS = frozenset(wordlist("mr mr. mrs mrs. ms ms. dr dr. sen. rep. gov. gen. col. lt. capt. sgt. adm. president"))
GENDERED = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}
HONORIFIC_GENDER = {"mr.": "m", "mr": "m", "mrs.": "f", "mrs": "f", "ms.": "f", "ms": "f"}
SPEAKER_DEPS = ("nsubj", "nsubjpass")
C = TypeVar("C", bound=Any)  # a clause record with an ``attribution`` field
CONTENT_DEPS = ("ccomp", "parataxis")


@dataclass(frozen=True)
class Frame:
    """A speech verb (or "according to"), its speaker's tokens and the clause heads it reports."""

    cue: Token
    speaker: tuple[Token, ...]
    content: tuple[Token, ...]
    frame_tokens: frozenset[int]  # token indices of the frame itself ("Kirby said", "according to X,")
    act: bool = False  # "X called for a ban": a speech act whose clause is the claim, credited to X
    outer: Frame | None = None  # the frame whose content holds this one ("X said she expects ...")


def is_speech(token: Token) -> bool:
    """A speech or cognition verb, or any verb that introduces a quote with a colon ("X continued: ...") or
    a comma and a quotation mark."""
    if token.pos_ not in ("VERB", "AUX"):
        return False
    doc = token.doc
    colon = token.i + 1 < len(doc) and doc[token.i + 1].text == ":"
    # "She continued, “For us, ...": a verb that opens a quote after a comma introduces it as well
    quote = token.i + 2 < len(doc) and doc[token.i + 1].text == "," and doc[token.i + 2].text in QUOTE_OPENS
    return token.lemma_.lower() in SPEECH_LEMMAS or colon or quote


def speaker_tokens(verb: Token) -> tuple[Token, ...]:
    subjects = [c for c in verb.children if c.dep_ in SPEAKER_DEPS]
    # "“My reaction, that was outrageous,” the strategist said": the quote's own words parsed as a second
    # subject of "said" are not the speaker
    outside = [c for c in subjects if not _quoted(c)]
    subject = next(iter(outside or subjects), None)
    if subject is None and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        # "X stood up and said ...", "X continues to insist ...", "X defended it, saying ...": shared subject
        subject = next((c for c in verb.head.children if c.dep_ in SPEAKER_DEPS), None)
    if subject is None:
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        subject = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if subject is not None and subject.lower_ in {"who", "that"} and verb.dep_ == "relcl":
        subject = verb.head  # "an architect who said he was stiffed": the architect
    if subject is None or subject.lower_ in {"that", "which", "this", "there", "who"}:
        return ()
    if subject.lower_ == "it" and subject.dep_ in ("nsubjpass", "expl"):
        return ()  # "It has been suggested that ...": nobody is named
    return tuple(t for t in subject.subtree if t.dep_ != "relcl" and _wordlike(t) and not _inside_relcl(t, subject))


def _quoted(token: Token) -> bool:
    """Whether the token stands between an opening and a closing quotation mark of its sentence."""
    sent = token.sent
    opens = sum(t.text in QUOTE_OPENS for t in sent if t.i < token.i)
    closes = sum(t.text in QUOTE_CLOSES and t.text != '"' for t in sent if t.i < token.i)
    if any(t.text == '"' for t in sent):  # straight quotes: open and close alike
        return sum(t.text == '"' for t in sent if t.i < token.i) % 2 == 1 or opens - closes > 0
    return opens - closes > 0


def _inside_relcl(token: Token, top: Token) -> bool:
    while token.i != top.i:
        if token.dep_ in ("relcl", "acl"):
            return True
        token = token.head
    return False


def content_heads(verb: Token) -> tuple[Token, ...]:
    """The clauses a speech verb reports."""
    heads = [c for c in verb.children if c.dep_ in CONTENT_DEPS and _clausal(c)]
    if not heads:
        # "stated in a briefing that the US does not seek war": the parser hangs the "that" clause
        # on "briefing" as a relative clause; one whose "that" is not its own subject is a complement.
        for token in verb.subtree:
            if token.dep_ == "relcl" and _complement_relcl(token):
                heads.append(token)
                break
    if not heads and verb.dep_ in ("parataxis", "ccomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        # "C, X said." parsed with the speech verb hanging off the content.
        low, high = sorted((verb.i, verb.head.i))
        if any(t.text == "," for t in verb.doc[low:high]) and not any(c.dep_ == "mark" for c in verb.children):
            heads.append(verb.head)  # "C, X said." and "C1, X added, C2."
    if not heads:
        heads = _quoted_heads(verb)
    return tuple(heads)


QUOTE_OPENS = frozenset('“«"')  # not ‘ ’: an apostrophe ("Jones’ car") reads as one
QUOTE_CLOSES = frozenset('”»"')


def _quoted_heads(verb: Token) -> list[Token]:
    """A direct quote beside a speech verb that the parser did not hang on it as a clause ("“A lot of her
    attempts come across as pandering,” he said", the quote read as a prepositional phrase; "She
    continued, “For us, ..."): the quote's top words, when it holds a verb of its own."""
    sent = verb.sent
    words = list(sent)
    before = [t for t in words if t.i < verb.i]
    after = [t for t in words if t.i > verb.i]
    span: tuple[int, int] | None = None
    closing = next((t for t in reversed(before) if t.text in QUOTE_CLOSES), None)
    if closing is not None:  # “Q,” X said.
        opening = next((t for t in reversed(before) if t.i < closing.i and t.text in QUOTE_OPENS), None)
        start = opening.i + 1 if opening is not None else sent.start
        span = (start, closing.i)
    else:
        opening = next((t for t in after if t.text in QUOTE_OPENS), None)
        if opening is not None and all(t.is_punct for t in verb.doc[verb.i + 1 : opening.i]):  # X said, “Q
            end = next((t.i for t in after if t.i > opening.i and t.text in QUOTE_CLOSES), sent.end)
            span = (opening.i + 1, end)
    if span is None:
        return []
    inside = verb.doc[span[0] : span[1]]
    if sum(not t.is_punct for t in inside) < 3 or not any(t.pos_ in ("VERB", "AUX") for t in inside):
        return []
    return [t for t in inside if not (span[0] <= t.head.i < span[1]) and not t.is_punct]


def _clausal(token: Token) -> bool:
    """A clause head: a verb, or a predicate adjective or noun with its own subject ("he was troubled")."""
    if token.pos_ in ("VERB", "AUX"):
        return True
    return token.dep_ == "ccomp" and any(c.dep_ in SPEAKER_DEPS for c in token.children)


def _complement_relcl(clause: Token) -> bool:
    first = min(clause.subtree, key=lambda t: t.i)
    own_subject = any(c.dep_ in SPEAKER_DEPS and c.lower_ not in {"that", "which", "who"} for c in clause.children)
    return first.lower_ == "that" and own_subject


# Verbs whose clause is wished or asked for, not stated: "demanded that the minister resign".
WISHING = frozenset(wordlist("demand urge hope wish pray request propose recommend"))
# Verbs that refuse the speech they govern: "declined to confirm that ...".
REFUSING = frozenset(wordlist("decline refuse fail"))


def unasserted(verb: Token) -> bool:
    """The speaker states nothing of the clause: "refused to confirm that the plane was shot down" (a
    refused speech), "demanded that the minister resign" (a wish), "neither confirmed nor denied that
    ...", "it is wrong to say that ..." (a speech nobody makes); the sentence stays one claim."""
    refused = verb.dep_ == "xcomp" and verb.head.lemma_.lower() in REFUSING
    neither = verb.dep_ == "conj" and any(c.lower_ in ("neither", "nor") for c in verb.head.children)
    return refused or neither or verb.lemma_.lower() in WISHING or _said_by_nobody(verb)


def _said_by_nobody(verb: Token) -> bool:
    """ "It is wrong to say that ...", "it is nonsense to claim that ...": an infinitive of "it is"."""
    if verb.dep_ != "xcomp" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    return any(c.dep_ in ("nsubj", "expl") and c.lower_ == "it" for c in verb.head.children)


def negated(verb: Token) -> bool:
    """ "does not believe", "never said", "Nor did the board explain": the speech itself is denied."""
    return any(c.dep_ == "neg" or c.lower_ == "never" or (c.lower_ == "nor" and c.i < verb.i) for c in verb.children)


def speech_frame(verb: Token) -> Frame | None:
    if not is_speech(verb) or negated(verb) or unasserted(verb):
        return None  # "does not believe X": X is not what they said; the clause stays whole
    speaker = speaker_tokens(verb)
    if any((t.lower_ in NOBODY and not _emphasis(t)) or _few(t) for t in speaker):
        return None  # "No one denied that ...", "Few analysts expect ...": nobody said it; the clause stays whole
    heads = content_heads(verb)
    if not speaker or not heads:
        return None
    if len(speaker) == 1 and speaker[0].lower_ in FIRST_PERSON:
        return None  # "I think ...": the speaker is whoever speaks the quote; the clause stays whole
    if verb.lemma_.lower() in CLAUSE_ONLY and not any(h.head.i == verb.i or h.dep_ == "relcl" for h in heads):
        return None
    inside = {t.i for h in heads if h.head.i == verb.i or h.dep_ == "relcl" for t in h.subtree}
    if any(h.i == verb.head.i for h in heads):  # parenthetical: the frame is the verb's own subtree
        frame = {t.i for t in verb.subtree}
    else:
        # a clause coordinated with the speech verb is no part of the frame: "asked how ..., and the auditor
        # said $3 million was missing" keeps the auditor's claim
        joined = {t.i for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") for t in c.subtree}
        frame = {t.i for t in verb.subtree} - inside - joined
    return Frame(verb, speaker, heads, frozenset(frame))


def according_frame(token: Token) -> Frame | None:
    """ "According to X, C": credits the clause "according" modifies."""
    if token.lower_ != "according":
        return None
    clause = token.head
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head  # "Sunday's attack, according to officials, struck ...": the clause is credited
    if clause.pos_ not in ("VERB", "AUX"):
        return None
    to = next((c for c in token.children if c.lower_ == "to"), None)
    who = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if who is None:
        return None
    speaker = tuple(t for t in who.subtree if t.dep_ != "punct")
    frame = {t.i for t in token.subtree}
    # the comma that sets the phrase off
    after = token.doc[max(frame)] if frame else token
    if after.i + 1 < len(token.doc) and token.doc[after.i + 1].text == ",":
        frame.add(after.i + 1)
    return Frame(token, speaker, (clause,), frozenset(frame))


def act_frame(verb: Token) -> Frame | None:
    """ "Trump called for a ban", "Kirby emphasized the need for a response": the whole clause is
    the journalist's report of what the subject said, so it is credited to the subject."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in SPEECH_ACTS or negated(verb):
        return None
    if content_heads(verb) or not any(c.dep_ in ("dobj", "prep", "prt") for c in verb.children):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)  # active voice only
    speaker = speaker_tokens(verb) if subject is not None else ()
    return Frame(verb, speaker, (verb,), frozenset(), act=True) if _plausible_speaker(speaker) else None


def _plausible_speaker(tokens: tuple[Token, ...]) -> bool:
    """A named person or organisation, or "he"/"she"/"they": "the fire" or "16 points" speak for nobody."""
    if len(tokens) == 1 and tokens[0].lower_ in PERSON_PRONOUNS | {"they"}:
        return True
    return any(t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") for t in tokens)


def find_frames(sent: Span, inside: bool = False) -> list[Frame]:
    """The sentence's frames; ``inside`` says whether a quotation is open where the sentence starts.

    A speech verb inside quotation marks is the quoted speaker's own words ("“His people said ...”"),
    not a frame of the sentence.
    """
    frames = []
    text = sent.text  # Doc.text joins every token on each call: read it once
    quoted, read = inside, 0
    for token in sent:
        quoted, read = opens(text[read : token.idx - sent.start_char], quoted), token.idx - sent.start_char
        if quoted:
            continue
        frame = according_frame(token) or speech_frame(token) or act_frame(token)
        if frame:
            frames.append(frame)
    nested = [replace(f, outer=_outer(f, frames)) for f in frames]
    # "X said the videos show ...": a finding inside a report is the reporter's claim, not a new voice
    return [f for f in nested if not (f.outer is not None and f.cue.lemma_.lower() in CLAUSE_ONLY)]


def _outer(frame: Frame, frames: list[Frame]) -> Frame | None:
    for other in frames:
        if other is not frame and not other.act and frame.cue.i in _content(other):
            return other
    return None


def given_name_gender(name: str) -> str | None:
    """ "m" or "f" for a full name whose given name says so ("Mark Roesler"), else None."""
    return FIRST_NAME_GENDER.get(name.split()[0].lower()) if " " in name else None


def _label(name: str, doc: Doc) -> str:
    """The entity label of a name in its document ("PERSON", "ORG", ...), "" when none covers it."""
    return next((e.label_ for e in doc.ents if e.text == name or name in e.text), "")


def coordinated(tokens: tuple[Token, ...]) -> list[tuple[Token, ...]]:
    """A speaker phrase of coordinated names, one phrase per name ("Mr. Grassley and Mr. Leahy",
    "both X and Y"); the phrase alone when it names one speaker."""
    if not tokens:
        return []
    indices = {t.i for t in tokens}
    head = next((t for t in tokens if t.head.i not in indices or t.head.i == t.i), tokens[0])
    if head.pos_ != "PROPN":  # "Senators Chuck Grassley and Patrick Leahy": the names are in apposition
        head = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"), head)
    chain, t = [head], head
    while (nxt := next((c for c in t.children if c.dep_ == "conj" and c.i in indices), None)) is not None:
        chain.append(nxt)
        t = nxt
    if len(chain) < 2 or any(c.pos_ != "PROPN" for c in chain):
        return [tokens]
    if any(e.start <= chain[0].i and chain[-1].i < e.end for e in head.doc.ents):
        return [tokens]  # one name ("Smith and Jones", a firm)
    later = {c.i: {x.i for x in c.subtree} for c in chain[1:]}
    out = []
    for k, conjunct in enumerate(chain):
        own = {x.i for x in conjunct.subtree} - (later[chain[k + 1].i] if k + 1 < len(chain) else set())
        words = tuple(
            x for x in tokens if x.i in own and x.dep_ not in ("cc", "preconj", "punct") and x.lower_ != "both"
        )
        out.append(words)
    return out


def split_name(tokens: tuple[Token, ...]) -> tuple[str, str]:
    """The speaker's name and title: "US defence secretary Lloyd Austin" -> ("Lloyd Austin", "US defence secretary")."""
    if not tokens:
        return "", ""
    doc = tokens[0].doc
    indices = {t.i for t in tokens}
    head = next((t for t in tokens if t.head.i not in indices or t.head.i == t.i), tokens[0])
    appos = _named_apposition(head, indices)
    if appos is not None:  # "one of the family's attorneys, Justin Bamberg,"; "WASHINGTON -- President Obama"
        tokens = tuple(t for t in tokens if t.i in {x.i for x in appos.subtree})
        indices, head = {t.i for t in tokens}, appos
    names = [e for e in doc.ents if e.label_ in NAME_LABELS and e.start in indices]
    person = [e for e in names if e.label_ == "PERSON"]
    entity = next((e for e in names if e.start <= head.i < e.end), None)
    if entity is None and head.pos_ == "PROPN":
        entity = person[0] if person else None
    if entity is None:
        # "the Biden administration", "a Pentagon spokesman": the head noun names the speaker
        words = [
            t
            for t in tokens
            if t.dep_ != "det" and _wordlike(t) and not _in_appos(t, indices) and not _in_prep(t, head)
        ]
        return _join(words), ""
    named = set(range(entity.start, entity.end))
    kept = [doc[i] for i in sorted(named) if doc[i].dep_ != "det" and _wordlike(doc[i])]
    name = _join(kept)
    rest = [
        t
        for t in tokens
        if t.i not in named and t.dep_ not in ("punct", "cc") and t.lower_ not in HONORIFICS and t.lower_ != "also"
    ]
    while rest and rest[0].dep_ == "det":
        rest = rest[1:]
    return name, _join(rest)


def _named_apposition(head: Token, indices: set[int]) -> Token | None:
    """The person a speaker phrase names in apposition: "one of the attorneys, Justin Bamberg" (the person
    is the speaker), "WASHINGTON -- President Obama" and "To understand Dred Scott, Chief Justice Roberts
    said" (a dateline or an opening phrase parsed as the subject). None when the head names a person
    itself and its apposition is no person ("Justin Bamberg, the family's attorney")."""
    appos = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i in indices), None)
    if appos is None:
        return None
    person = any(e.label_ == "PERSON" and e.start <= appos.i < e.end for e in head.doc.ents)
    return appos if person else None


def _wordlike(token: Token) -> bool:
    """Words of a name, with its hyphens and abbreviation dots ("Iranian-backed", "Lt. Col.")."""
    return not token.is_punct or token.text in ("-", ".")


def _in_prep(token: Token, head: Token) -> bool:
    path = [a for a in [token, *token.ancestors] if a.i != head.i and head.is_ancestor(a)]
    return any(a.dep_ in ("prep", "relcl", "acl") for a in path)


def _in_appos(token: Token, indices: set[int]) -> bool:
    while token.head.i in indices and token.head.i != token.i:
        if token.dep_ == "appos":
            return True
        token = token.head
    return token.dep_ == "appos"


def _join(tokens: list[Token]) -> str:
    return join_tokens(tokens).strip(" ,;:")


NOBODY = frozenset(
    wordlist("no none nobody neither nothing hardly scarcely barely not")
)  # a speaker phrase that names nobody


def _emphasis(token: Token) -> bool:
    """ "no fewer than 12 witnesses", "not only police": a count or a list, not nobody."""
    after = token.doc[token.i + 1 : token.i + 2].text.lower()
    return after in ("fewer", "less", "more", "only", "just", "least")


def _few(token: Token) -> bool:
    """ "few analysts", not "a few analysts" nor "the few survivors"."""
    before = token.doc[token.i - 1].lower_ if token.i > 0 else ""
    return token.lower_ == "few" and before not in FEW_DETERMINERS


FEW_DETERMINERS = frozenset(wordlist("a quite the those these his her its their our my your"))


SPOKEN_NOUNS = frozenset(wordlist("comment statement remark words message"))


@dataclass
class Speakers:
    """Names met so far in one article, to resolve "he said" and "it said".

    "he"/"she" take the nearest earlier person who was a speaker or the subject of
    a clause, else the nearest person named at all, back to the article's start; "it"/"they" take an
    organisation named in this or the previous two sentences. A surname alone
    ("Kirby") is credited with the full name met earlier ("John Kirby").
    """

    people: list[tuple[int, str]] = field(default_factory=list)  # (sentence number, name)
    subjects: list[tuple[int, str]] = field(default_factory=list)  # people named as a clause's subject
    speakers: list[tuple[int, str, str]] = field(default_factory=list)  # (sentence, name, label)
    groups: list[tuple[int, str]] = field(default_factory=list)
    genders: dict[str, str] = field(default_factory=dict)
    sentence: int = 0
    quotes: QuoteState = field(default_factory=lambda: QuoteState())
    # "He said:" closing a paragraph: the speaker of the next paragraph's claims (``introduced``)
    introduced: Attribution | None = None
    listing: bool = False  # ``introduced`` was handed on through a list: it goes on only to the list's items

    def introduces(self, sent: Span) -> Attribution | None:
        """The speaker a sentence ending in a colon hands the next paragraph to: "He said:", "The New York
        Times reports:", "Caddell made the following comment:"; None for any other sentence."""
        if not sent.text.rstrip().endswith(":"):
            return None
        root = sent.root
        before = sent.doc[sent.end - 2] if sent.end - sent.start > 1 else root
        if not (is_speech(root) or before.lemma_.lower() in SPOKEN_NOUNS):
            return None
        speaker = speaker_tokens(root)
        resolved = self.resolve(speaker) if speaker else None
        if resolved is None:
            return None
        verb = " ".join(t.text for t in sent if t.i > root.i - 1 and t.i < sent.end - 1 and not t.is_punct)
        return Attribution(resolved[0], verb or root.text, True, resolved[1])

    def see(self, sent: Span) -> None:
        """Record the names of a sentence, after its frames were resolved."""
        people = {self.full(e.text) for e in sent.ents if e.label_ == "PERSON"}
        for ent in sent.ents:
            if ent.label_ == "PERSON":
                name = self.full(ent.text)  # after the sentence's earlier names: "John Kirby ... Kirby"
                self.learn_gender(ent, name, people)
                self.people.append((self.sentence, name))
                if ent.root.dep_ in ("nsubj", "nsubjpass"):
                    self.subjects.append((self.sentence, name))
            elif ent.label_ in ("ORG", "NORP", "GPE"):
                self.groups.append((self.sentence, _strip_the(ent.text)))
        for token in sent:
            if self.unnamed_person(token):
                self.subjects.append((self.sentence, self.full(token.text)))
        self.sentence += 1

    def unnamed_person(self, token: Token) -> bool:
        """ "Ham explained why ...": a proper-noun subject of a speech verb that NER left untagged,
        or a surname the article has already given a person."""
        if token.dep_ != "nsubj" or token.pos_ != "PROPN" or token.ent_type_ or token.head.pos_ != "VERB":
            return False
        known = any(name.split()[-1] == token.text for _, name in self.people)
        return known or token.head.lemma_.lower() in SPEECH_LEMMAS | SPEECH_ACTS | {"respond", "explain"}

    def gender_of(self, name: str) -> str | None:
        """What the article showed ("Mr.", "his"), else what the given name says ("Mark", "Elaine")."""
        learned = self.genders.get(name)
        return learned if learned is not None else given_name_gender(name)

    def learn_gender(self, ent: Span, name: str, people: set[str]) -> None:
        """ "Mr. Hyers", or the only person of a sentence that also says "his": who "he" can be. The "his" may
        be another's ("her agent Mark Roesler said"): a given name that says otherwise wins over it."""
        before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
        said = {t.lower_ for t in ent.sent} & set(GENDERED)
        if before in HONORIFIC_GENDER:
            self.genders[name] = HONORIFIC_GENDER[before]
        elif len(people) == 1 and said and len({GENDERED[w] for w in said}) == 1:
            gender = GENDERED[said.pop()]
            if given_name_gender(name) in (None, gender):
                self.genders.setdefault(name, gender)

    def full(self, name: str) -> str:
        """ "Kirby" -> "John Kirby" when the article named him in full before."""
        if " " in name:
            return name
        for _, known in reversed(self.people + [(s, n) for s, n, _ in self.speakers]):
            if known.split()[-1] == name and known != name:
                return known
        return name

    def resolve(self, tokens: tuple[Token, ...]) -> tuple[str, str] | None:
        """(name, title) of a speaker phrase; None for a pronoun nothing resolves."""
        if len(tokens) == 1 and tokens[0].lower_.strip() in PERSON_PRONOUNS | GROUP_PRONOUNS | FIRST_PERSON:
            found = self.pronoun(tokens[0].lower_.strip())
            # an unresolved "he said" is still reported speech: say so rather than drop it
            return (found, "") if found else (tokens[0].text.strip().capitalize(), "")
        parts = coordinated(tokens)
        if len(parts) > 1:  # "Mr. Grassley and Mr. Leahy say": both speak; "they" later is both
            doc = tokens[0].doc
            names = [self.full(n) if _label(n, doc) == "PERSON" else n for n, _ in map(split_name, parts)]
            names = [n for n in names if n]
            if len(names) > 1:
                name = f"{', '.join(names[:-1])} and {names[-1]}"
                self.speakers.append((self.sentence, name, "GROUP"))
                return name, ""
        name, title = split_name(tokens)
        if not name:
            return None
        label = _label(name, tokens[0].doc)
        name = self.full(name) if label == "PERSON" else name
        self.speakers.append((self.sentence, name, label))
        return name, title

    def pronoun(self, word: str) -> str | None:
        if word in FIRST_PERSON:
            return None
        if word in PERSON_PRONOUNS:
            gender = GENDERED[word]
            # by sentence; within a sentence, speakers after subjects (sorted() is stable)
            actors = sorted(
                self.subjects + [(s, n) for s, n, label in self.speakers if label == "PERSON"], key=lambda item: item[0]
            )
            fits = [n for _, n in actors if self.gender_of(n) in (None, gender)]
            fits = fits or [n for _, n in self.people if self.gender_of(n) in (None, gender)]
            if not fits:
                return None
            self.genders.setdefault(fits[-1], gender)
            return fits[-1]
        recent = [n for s, n, label in self.speakers if label != "PERSON" and s >= self.sentence - 2]
        recent += [n for s, n in self.groups if s >= self.sentence - 2 and n not in recent]
        return recent[-1] if recent else None

    def attribution(self, frame: Frame, direct: bool) -> Attribution | None:
        speaker = frame.speaker
        if frame.outer is not None and len(speaker) == 1 and speaker[0].lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS:
            speaker = frame.outer.speaker  # "Ditto said she expects ...": "she" is Ditto
        resolved = self.resolve(speaker)
        if resolved is None:
            return None
        name, title = resolved
        particle = " ".join(c.text for c in frame.cue.children if c.dep_ == "prt")  # "pointed out"
        verb = "according to" if frame.cue.lower_ == "according" else f"{frame.cue.text} {particle}".strip()
        audience = [c for c in frame.cue.children if c.dep_ in ("dobj", "dative") and c.i not in _content(frame)]
        if frame.cue.lemma_.lower() == "tell" and audience:
            verb = f"{verb} {_join([t for a in audience for t in a.subtree])}"  # "told NBC's Today Show"
        return Attribution(name, verb, direct, title)


def _content(frame: Frame) -> set[int]:
    return {t.i for h in frame.content for t in h.subtree}


def _strip_the(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


class QuoteState:
    """Quotes that run over several sentences belong to the speaker named in one of them.

    A sentence inside a quote that is still open takes the speaker of the sentence that opened it
    (or of the sentence before, when it is a quote of its own); a quote that opens without a
    speaker waits for the sentence that closes it with one (“S1. S2,” X said.).
    """

    def __init__(self) -> None:
        self.open: Attribution | None = None  # speaker of a quote still open after the last sentence
        self.last: Attribution | None = None  # speaker of the previous sentence
        self.inside = False
        self.pending: list[int] = []  # positions in ``sink`` of unattributed clauses of the open quote
        # positions of clauses of the open quote credited to the previous sentence's speaker: the quote may
        # still name its own at its close ("Democrats called it a ploy. ¶ “Republicans want a photo op.
        # ... purpose,” said Rep. Elijah Cummings")
        self.inherited: list[int] = []
        self.sink: list[Any] | None = None

    def skip(self, text: str) -> None:
        self.inside = opens(text, self.inside)
        self.last = None

    def credit(self, text: str, found: list[C], sink: list[Any], bounds: tuple[int, int]) -> None:
        """Append ``(bounds, clause)`` pairs to ``sink``, each clause credited to its quote's speaker."""
        if sink is not self.sink:
            self.sink, self.pending, self.inherited = sink, [], []
        started_inside = self.inside
        # a quote that opens right after an attributed sentence goes on in the same voice, unless it names
        # another speaker at its close
        inheriting = not started_inside and text[:1] in OPENING and self.last is not None
        owner = self.open if started_inside else (self.last if inheriting else None)
        own = next((c.attribution for c in found if c.attribution), None)
        if own and started_inside and self.open is None:
            for k in self.pending:  # the speaker named at the end of the quote owns its start
                sink[k] = (sink[k][0], replace(sink[k][1], attribution=own))
        if own and own.direct and started_inside and self.inherited and own != self.open:
            for k in self.inherited:  # the quote's own speaker, named at its close, over the one before it
                sink[k] = (sink[k][0], replace(sink[k][1], attribution=own))
            owner = own
        if not started_inside or own or self.open:
            self.pending = []
        if not (inheriting or started_inside) or own:
            self.inherited = []
        for clause in found:
            credited = clause if clause.attribution or not owner else replace(clause, attribution=owner)
            if credited is not clause and (inheriting or self.inherited):
                self.inherited.append(len(sink))
            sink.append((bounds, credited))
        self.inside = opens(text, started_inside)
        if self.inside and not (own or owner):
            self.pending += [len(sink) - 1 - k for k in range(len(found))]
        if not self.inside:
            self.inherited = []
        self.last = own or owner
        self.open = self.last if self.inside else None


def opens(text: str, inside: bool) -> bool:
    """Whether a quotation is still open at the end of ``text``, given whether it was at the start."""
    text = text.replace("''", '"').replace("``", "“")
    for k, char in enumerate(text):
        if char in "“‘":
            inside = True
        elif char == "”" or (char == "’" and not text[k + 1 : k + 2].isalpha() and not _possessive(text, k)):
            inside = False  # "’" closes a single quote, but not in "won’t" or "soldiers’ deaths"
        elif char == '"':
            inside = not inside
    return inside


def _possessive(text: str, k: int) -> bool:
    return text[k - 1 : k] == "s" and text[k + 1 : k + 3].strip()[:1].isalpha() and text[k + 1 : k + 2] == " "


OPENING = '“"‘'
