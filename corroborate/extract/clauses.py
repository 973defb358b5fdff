"""Sentence -> atomic clauses, cut from the dependency parse.

A clause is a predicate with what depends on it, less the parts that state a
claim of their own:
- coordinated verbs ("killed three and wounded 40"), which borrow the subject;
- relative clauses whose pronoun is their subject ("Tower 22, which houses
  350 personnel"), which take the noun they describe as subject;
- participle clauses ("..., resulting in the deaths of three soldiers"),
  which take the main clause's subject and a finite verb;
- appositives of a name ("Kataib Hizbollah, an Iranian-backed militia"),
  which become "X is Y";
- the content of reported speech, credited to its speaker (attribution.py);
- coordinated counts ("the deaths of three soldiers and about 40 injured").
A clause keeps the time phrase that opens its sentence ("On May 29th, ...")
when it has none of its own. Conditional, causal and temporal subclauses
("if ...", "because ...", "after ...") stay inside: cut out, they would turn
a condition into a fact. Where a cut would leave a clause without a verb, the
clause stays whole.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from corroborate.extract.attribution import Frame, find_frames, negated
from corroborate.extract.views import join_tokens, wordlist

RELATIVE_SUBJECTS = frozenset({"which", "who", "that"})
TIME_LABELS = frozenset({"DATE", "TIME"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
NESTED = ("conj", "relcl", "ccomp", "advcl", "parataxis", "xcomp", "acl", "pcomp")
NUMBERED_AUX = frozenset({"is", "are", "was", "were", "has", "have"})
COUNT_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
CASUALTY_VERBS = frozenset(wordlist("kill injure wound leave claim cause hurt"))
# What a report is called: "reports that ...", "rumours that ...".
REPORT_NOUNS = frozenset(
    wordlist("report claim allegation rumour rumor suggestion speculation accusation assertion story")
)
EVENT_NOUNS = frozenset(
    wordlist(
        "attack strike airstrike assault bombing raid explosion blast shooting ambush crash fire storm "
        "earthquake collision accident incident"
    )
)


@dataclass(frozen=True)
class Unit:
    """One claim's tokens, the subject it borrows, and the frame that reports it."""

    head: Token
    tokens: tuple[int, ...]  # token indices of the claim's own words, in order
    subject: str = ""  # borrowed subject, put in front of the words
    verb: str = ""  # a finite verb that replaces the head word (participle clauses)
    drop: tuple[int, ...] = ()  # tokens replaced by the subject (a relative pronoun)
    frame: Frame | None = None
    prefix: str = ""  # the sentence's time or place phrase, when the clause has none
    prefix_tokens: tuple[int, ...] = ()
    copula: str = ""  # appositive claims: "X" + " is " + "Y"
    denied: bool = False  # joined by "nor": "..., nor was Dean asked" states that Dean was not asked


def is_predicate(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX")


def finite(token: Token) -> bool:
    """A verb that can carry a claim: finite itself or with a finite auxiliary."""
    if token.tag_ in FINITE_TAGS:
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE_TAGS for c in token.children)


def subject_of(token: Token) -> Token | None:
    own = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj")), None)
    if own is not None:
        return own
    # "the agent was renovating" parsed with the subject hung on the auxiliary
    auxiliaries = (c for c in token.children if c.dep_ in ("aux", "auxpass") and c.i < token.i)
    return next((g for a in auxiliaries for g in a.children if g.dep_ in ("nsubj", "nsubjpass")), None)


# Verbs news writes without an object, whose "and" starts another act: "He resigned and left the country".
INTRANSITIVE = frozenset(
    wordlist(
        "resign arrive die return stand sit go come flee escape retire wait speak rise fall sleep live travel "
        "vanish disappear collapse survive surrender respond react testify vote agree step"
    )
)


def shares_object(head: Token, conj: Token) -> bool:
    """ "he shot and killed federal agent David Wilhelm": the first verb has no complement of its own and
    only "and" stands between the two, so both act on the second's object; cut apart, "he shot." says
    nothing of whom."""
    between = head.doc[head.i + 1 : conj.i]
    if not between or any(t.lower_ not in ("and", "or") for t in between) or head.lemma_.lower() in INTRANSITIVE:
        return False
    own = [c for c in head.children if c.i > head.i and c.dep_ not in ("cc", "conj", "punct")]
    return not own and any(c.dep_ in ("dobj", "prep", "attr") for c in conj.children)


def phrase(token: Token, skip: set[int] | None = None) -> str:
    """A noun phrase's words, without relative clauses, appositives and side punctuation."""
    skip = set(skip or ())
    for t in token.subtree:
        if t.i != token.i and t.dep_ in ("relcl", "appos", "acl", "punct") and t.head.i == token.i:
            skip |= {s.i for s in t.subtree}
    words = [t for t in token.subtree if t.i not in skip]
    return render(words).rstrip(" ,;:")


def render(tokens: list[Token]) -> str:
    return join_tokens(tokens).strip()


def as_subject(text: str) -> str:
    """ "a drone strike" -> "The drone strike": the antecedent now names a known thing."""
    for article in ("a ", "an ", "A ", "An "):
        if text.startswith(article):
            text = "the " + text[len(article) :]
            break
    return text[:1].upper() + text[1:]


def past_tense(token: Token, subject: str) -> str:
    from lemminflect import getInflection  # light import: only participle clauses need it

    lemma = token.lemma_.lower()
    if lemma == "be":
        return was(subject)
    forms = getInflection(lemma, tag="VBD")
    return forms[0] if forms else token.text


def was(subject: str) -> str:
    """ "was", or "were" after a plural subject ("The Hendersons were evicted")."""
    plural = subject.lower().endswith("s") and not subject.lower().endswith("ss")
    return "were" if plural else "was"


class Splitter:
    """Cuts one parsed sentence into units; ``frames`` are its speech frames."""

    def __init__(self, sent: Span, inside: bool = False) -> None:
        self.sent = sent
        self.doc = sent.doc
        self.frames = find_frames(sent, inside)
        self.by_cue = {f.cue.i: f for f in self.frames if f.cue.lower_ != "according" and not f.act}
        # frames that credit the clause they hang in: "according to X, C" and "C1, X said, C2"
        self.crediting = {f.content[0].i: f for f in self.frames if f.cue.lower_ == "according"}
        self.crediting |= {f.cue.head.i: f for f in self.frames if any(c.i == f.cue.head.i for c in f.content)}
        self.crediting |= {f.cue.i: f for f in self.frames if f.act}
        self.framed = {i for f in self.frames for i in f.frame_tokens}
        self.units: list[Unit] = []
        self.visited: set[int] = set()

    def split(self) -> list[Unit]:
        root = self.sent.root
        self.visit(root, None, "")
        prefix = self.opening_phrase(root)
        units = []
        for unit in self.units:
            words = set(unit.tokens)
            own_time = any(self.doc[i].ent_type_ in TIME_LABELS for i in words)
            # a description ("X is a militia") is not set in the time or place the sentence opens with
            if prefix and not own_time and not (words & prefix[1]) and not unit.copula:
                unit = replace(unit, prefix=prefix[0], prefix_tokens=tuple(sorted(prefix[1])))
            units.append(unit)
        return units

    def visit(
        self,
        head: Token,
        frame: Frame | None,
        subject: str,
        verb: str = "",
        drop: tuple[int, ...] = (),
        extra: tuple[int, ...] = (),
        denied: bool = False,
        silent: bool = False,
    ) -> None:
        """Make ``head`` a unit (or a frame; ``silent``: neither), then visit the clauses it hands on."""
        if head.i in self.visited:
            return
        self.visited.add(head.i)
        speech = self.by_cue.get(head.i)
        if speech is not None:
            loose: list[int] = []
            for content in speech.content:
                if content.i == head.i:
                    continue
                later = [c for c in speech.content if c.i > content.i and finite(c)]
                if not finite(content) and later and content.dep_ != "relcl" and content.i not in self.by_cue:
                    # "believed the group involved was supported by ...": a misparse splits the subject off
                    loose += [t.i for t in content.subtree]
                    continue
                if indirect_question(content, speech.cue):
                    # "declined to say how many troops were deployed": no claim about the troops; a side clause
                    # inside states its own ("asked whether the president, who was treated in May, would ...")
                    self.visit(content, None, "", silent=True)
                    continue
                subject, drop = self.relative_content(head, content)
                # a denial by nobody ("No one denied that ...") frames nothing (``attribution.speech_frame``)
                denied = speech.cue.lemma_.lower() in DENYING and speech.cue.i < content.i
                self.visit(content, speech, subject, drop=drop, extra=tuple(loose), denied=denied)
                loose = []
            if any(c.i == head.head.i for c in speech.content):
                return  # parenthetical frame: its content is visited from above
            for child in head.children:
                if child.dep_ == "conj" and is_predicate(child):
                    self.visit_conj(child, head, frame, subject)
            return
        credit = self.crediting.get(head.i)
        if credit is not None and not (credit.act and frame is not None):
            frame = credit  # a speech act inside reported speech stays with the outer speaker
        children = self.split_children(head, denied)
        cut = {t.i for _, c in children for t in c.subtree}
        cut |= {t.i for kind, c in children for t in self.links(c, kind)}
        kept = sorted({*extra, *(t.i for t in head.subtree if t.i not in cut and t.i not in self.framed)})
        if not silent:
            self.units.append(Unit(head, tuple(kept), subject, verb, drop, frame, denied=denied))
        for kind, child in children:
            self.visit_child(kind, child, head, frame, subject)

    def split_children(self, head: Token, denied: bool = False) -> list[tuple[str, Token]]:
        """Clauses inside ``head``'s clause that become units of their own (``denied``: the clause is what
        a speaker denies)."""
        found: list[tuple[str, Token]] = []
        for token in head.subtree:
            deep = token.dep_ in ("relcl", "appos")  # side clauses are cut from any depth of the clause
            if token.i == head.i or token.i in self.visited or not self.in_clause(token, head, deep):
                continue
            kind = self.kind(token, head, denied)
            if kind:
                found.append((kind, token))
        return found

    def in_clause(self, token: Token, head: Token, deep: bool = False) -> bool:
        """``token`` belongs to ``head``'s clause, not to a clause nested below it.

        ``deep`` also looks inside subclauses that stay part of this one ("after it blamed X for a
        strike that killed ..."), but never inside a clause that is a claim of its own.
        """
        t = token.head
        while t.i != head.i:
            nested = self.unit_head(t) if deep else t.dep_ in NESTED
            if is_predicate(t) and (nested or t.i in self.by_cue):
                return False
            if t.head.i == t.i:
                return False
            t = t.head
        return True

    def unit_head(self, token: Token) -> bool:
        """Whether ``token`` heads a clause that becomes a unit of its own."""
        if any(token.i == c.i for f in self.by_cue.values() for c in f.content):
            return True
        if token.dep_ == "conj" and finite(token):
            return True
        return token.dep_ == "relcl" and self.relative_subject(token) is not None

    def kind(self, token: Token, head: Token, denied: bool = False) -> str:
        if token.i in self.by_cue and token.dep_ in ("conj", "ccomp", "advcl", "parataxis", "xcomp", "relcl"):
            return "speech"  # "X mocked Y, claiming that ...": the claim has its own frame
        if token.i in self.framed:
            return ""
        if token.dep_ == "conj" and is_predicate(token) and token.head.i == head.i and finite(token):
            return "" if shares_object(head, token) else "conj"
        if token.dep_ == "relcl" and cleft(focus_verb(token)) and (denied or contrasted(token)):
            # "it was not Iran that fired", "denied that it was Iran that fired": the clause is what is
            # denied, so it stays in its claim; "it was Smith who scored" still gives "Smith scored"
            return ""
        if token.dep_ == "relcl" and inside_report(token, head):
            return ""  # "did not confirm reports that troops who had crossed the border ...": the report's
        if token.dep_ == "relcl" and self.relative_subject(token) is not None and finite(token):
            # "those who attacked us" names who is meant: the clause is part of the noun phrase;
            # a clause whose verb disagrees with its parsed noun ("the changes to the Act, which were")
            # hangs on another noun, so it stays where it is rather than get a wrong subject
            noun = event_antecedent(token) or agreeing_antecedent(token)
            return "relcl" if noun is not None and noun.pos_ in ("NOUN", "PROPN") else ""
        if token.dep_ == "advcl" and token.tag_ == "VBG" and token.head.i == head.i and self.participle(token):
            return "participle"
        if token.dep_ == "advcl" and token.head.i == head.i and finite(token) and prepositional_which(token):
            return "which"
        if token.dep_ == "acl" and dated_description(token, head):
            return "described"
        if token.dep_ == "appos" and any(
            c.dep_ == "neg" and (c.head.i == token.i or token.head.i < c.i < token.i)
            for c in (*token.children, *token.head.children)
        ):
            return ""  # "Smith, not Jones, ...": a contrast, not a description of Smith
        if token.dep_ == "appos" and token.head.pos_ == "PROPN" and token.pos_ in ("NOUN", "PROPN"):
            return "appos" if self.describes(token) and beside(token) else ""
        return ""

    def describes(self, appos: Token) -> bool:
        """ "Kataib Hizbollah, an Iranian-backed militia": a description of three words or more, not a date."""
        return len([t for t in appos.subtree if t.is_alpha]) >= 3 and appos.head.ent_type_ not in TIME_LABELS

    def participle(self, token: Token) -> bool:
        """ "..., resulting in ...": a participle after a comma, with no subject or marker of its own."""
        has_own = any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in token.children)
        before = self.doc[token.i - 1] if token.i > 0 else None
        return not has_own and before is not None and before.text == "," and token.i > token.head.i

    def relative_subject(self, clause: Token) -> Token | None:
        return next(
            (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in RELATIVE_SUBJECTS), None
        )

    def relative_content(self, verb: Token, content: Token) -> tuple[str, tuple[int, ...]]:
        """ "the attack, which officials said also injured 34": "which" in the content is the attack."""
        pronoun = self.relative_subject(content)
        if pronoun is None and subject_of(content) is None:  # parsed as "officials said which"
            pronoun = next((c for c in verb.children if c.lower_ in RELATIVE_SUBJECTS and c.dep_ == "dobj"), None)
        if verb.dep_ != "relcl" or pronoun is None:
            return "", ()
        return as_subject(phrase(verb.head, {t.i for t in verb.subtree} | self.framed)), (pronoun.i,)

    def links(self, clause: Token, kind: str) -> list[Token]:
        """The "and" or commas that joined a cut clause: left behind, they would dangle."""
        words = sorted(t.i for t in clause.subtree)
        out = []
        k = words[0] - 1
        while k >= 0 and self.doc[k].lower_ in LINKS and self.doc[k].dep_ in ("cc", "punct"):
            out.append(self.doc[k])
            k -= 1
        after = words[-1] + 1
        if kind in ("relcl", "appos") and after < len(self.doc) and self.doc[after].text == ",":
            out.append(self.doc[after])
        return out

    def visit_child(self, kind: str, child: Token, head: Token, frame: Frame | None, subject: str) -> None:
        if kind == "conj":
            self.visit_conj(child, head, frame, subject)
        elif kind == "speech":
            self.visit(child, frame, "")
        elif kind == "relcl":
            pronoun = self.relative_subject(child)
            noun = event_antecedent(child) or agreeing_antecedent(child) or child.head
            antecedent = as_subject(phrase(noun, {t.i for t in child.subtree} | self.framed))
            self.visit(child, frame, antecedent, drop=(pronoun.i,) if pronoun is not None else ())
        elif kind == "participle":
            borrowed = self.subject_text(head, subject)
            if borrowed:
                self.visit(child, frame, borrowed, verb=past_tense(child, borrowed))
        elif kind == "described":  # "X is a convicted rapist recaptured last month": X was recaptured then
            borrowed = self.subject_text(head, subject)
            if borrowed:
                self.visit(child, frame, borrowed, verb=f"{was(borrowed)} {child.text}")
        elif kind == "which":  # "..., for which she received a nomination": the nomination is a claim of its own
            self.visit(child, frame, "", drop=prepositional_which(child))
        elif kind == "appos":
            anchor = phrase(child.head, set(self.framed))
            dated = dated_participle(child)  # "X, a convicted rapist recaptured last month,": two facts
            later = {t.i for t in dated.subtree} if dated is not None else set()
            words = [t.i for t in child.subtree if (t.dep_ != "punct" or t.i != child.i) and t.i not in later]
            self.units.append(Unit(child, tuple(words), anchor, "", (), frame, copula="is"))
            if dated is not None:
                self.visit(dated, frame, anchor, verb=f"{was(anchor)} {dated.text}")

    def visit_conj(self, verb: Token, head: Token, frame: Frame | None, subject: str) -> None:
        """A coordinated verb: a unit of its own, with the subject of ``head`` when it has none."""
        own = subject_of(verb)
        borrowed = "" if own is not None else self.subject_text(head, subject)
        self.visit(verb, frame, borrowed, denied=denied_conjunct(verb, head))

    def subject_text(self, head: Token, borrowed: str) -> str:
        own = subject_of(head)
        if own is None:
            return borrowed
        if own.lower_ in RELATIVE_SUBJECTS and borrowed:
            return borrowed
        return as_subject(phrase(own, set(self.framed)))

    def opening_phrase(self, root: Token) -> tuple[str, set[int]] | None:
        """ "On May 29th," / "In Jordan,": a time or place phrase before the main subject."""
        subject = subject_of(root)
        limit = subject.left_edge.i if subject is not None else root.i
        for child in root.children:
            if child.i >= limit or child.dep_ not in ("prep", "npadvmod", "advmod"):
                continue
            words = list(child.subtree)
            labels = {t.ent_type_ for t in words}
            if labels & (TIME_LABELS | PLACE_LABELS):
                return render(words), {t.i for t in words}
        return None


def inside_report(clause: Token, head: Token) -> bool:
    """The relative clause is part of what a report, claim or rumour says ("rumours that the man who was
    arrested had been released"): no fact the article states of its own."""
    if clause.left_edge.i > 0 and clause.doc[clause.left_edge.i - 1].text == ",":
        return False  # "reports that the CEO, who founded the firm in 1998, would step down": the writer's own
    t = clause.head
    while t.i != head.i and t.head.i != t.i:
        if t.dep_ in ("acl", "ccomp") and t.head.lemma_.lower() in REPORT_NOUNS:
            return any(c.dep_ == "mark" and c.lower_ == "that" for c in t.children)
        t = t.head
    return False


def cleft(verb: Token) -> bool:
    """ "it was U.S. pressure which provoked the move", "it was not Iran that fired": "it" and "be" put one
    noun in focus, and the clause after it says what that noun did. Split off, that clause would state as
    a fact of its own what the sentence may deny."""
    if verb.lemma_.lower() != "be" or not any(c.dep_ in ("nsubj", "expl") and c.lower_ == "it" for c in verb.children):
        return False
    return any(c.dep_ == "attr" for c in verb.children) and any(
        t.dep_ == "relcl" and focus_verb(t).i == verb.i for t in verb.subtree
    )


def focus_verb(clause: Token) -> Token:
    """The "be" of a cleft whose focus the relative clause hangs on: "it was the husband, not the wife,
    who ...", "the minister, rather than the prime minister, who ...": the clause may hang on either
    noun, and the second on "be" itself (a conjunct, or after "than")."""
    t = clause.head
    while t.dep_ in ("conj", "appos", "pobj", "prep", "cc") and t.head.i != t.i:
        t = t.head
    return t.head if t.dep_ == "attr" else t


def contrasted(clause: Token) -> bool:
    """The cleft denies its focus, or sets it against another: "it was not Iran that fired", "it was the
    husband, not the wife, who called", "the minister, rather than the prime minister, who"."""
    verb = focus_verb(clause)
    inside = {t.i for t in clause.subtree}
    return negated(verb) or any(
        t.lower_ == "not" or (t.lower_ in ("rather", "instead") and t.doc[t.i + 1 : t.i + 2].text in ("than", "of"))
        for t in verb.subtree
        if t.i not in inside and t.i > verb.i
    )


def expletive_it(subject: Token) -> bool:
    """ "it was a car bomb that killed 30", "it is unclear whether ...", "it seems that ...": an "it" that
    stands for nothing named, so no speaker or antecedent can take its place."""
    verb = subject.head
    if subject.lower_ != "it" or subject.dep_ not in ("nsubj", "expl"):
        return False
    if subject.dep_ == "expl" or cleft(verb):
        return True
    if verb.lemma_.lower() not in ("be", "seem", "appear", "remain"):
        return False
    clausal = ("ccomp", "xcomp", "csubj")
    # "it was not Iran that fired" (parsed with the clause on "be"), "it seems that ..."; "it is unlikely
    # that ...", "it was unclear whether ..."
    return any(
        c.dep_ in clausal or (c.dep_ == "acomp" and any(g.dep_ in clausal for g in c.children)) for c in verb.children
    )


def event_antecedent(clause: Token) -> Token | None:
    """ "the drone attack on an outpost in Jordan that killed three": the attack killed, not the outpost.

    For a relative clause with a casualty verb whose parsed antecedent is not an event, the event
    noun at most two prepositional phrases up.
    """
    if clause.lemma_.lower() not in CASUALTY_VERBS or clause.head.lemma_.lower() in EVENT_NOUNS:
        return None
    doc = clause.doc
    # leftwards through at most two prepositional phrases, whether the parser hung them on the
    # event noun or on the verb before it; a comma or a verb ends the search
    preps = 0
    for k in range(clause.head.i - 1, max(clause.head.i - 12, clause.sent.start - 1), -1):
        token = doc[k]
        if token.text in ",;:" or token.pos_ in ("VERB", "AUX"):
            return None
        if token.dep_ == "prep":
            preps += 1
            if preps > 2:
                return None
        elif token.pos_ == "NOUN" and token.lemma_.lower() in EVENT_NOUNS and preps:
            return token
    return None


def agreeing_antecedent(clause: Token) -> Token | None:
    """The noun a relative clause describes, when its verb agrees with it in number.

    The parser hangs the clause on the nearest noun; when the verb disagrees ("the changes to the Act,
    which were"), the noun one prepositional phrase up is tried.
    """
    noun = clause.head
    for _ in range(2):
        if agrees(clause, noun):
            return noun
        if noun.dep_ != "pobj" or noun.head.dep_ != "prep" or noun.head.head.pos_ not in ("NOUN", "PROPN"):
            return None
        noun = noun.head.head
    return noun if agrees(clause, noun) else None


def agrees(clause: Token, noun: Token) -> bool:
    numbered = [c for c in clause.children if c.dep_ in ("aux", "auxpass") and c.lower_ in NUMBERED_AUX]
    verb = numbered[0] if numbered else clause
    if verb.tag_ not in ("VBZ", "VBP") and verb.lower_ not in NUMBERED_AUX:
        return True  # plain past tense and modals say nothing about number
    plural_verb = verb.tag_ == "VBP" or verb.lower_ in ("were", "are", "have")
    plural_noun = noun.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in noun.children)
    return plural_verb == plural_noun


def coordinated_counts(unit: Unit) -> list[Unit]:
    """ "the deaths of three soldiers and about 40 injured": one unit per count."""
    words = set(unit.tokens)
    for i in unit.tokens:
        token = unit.head.doc[i]
        conj = next((c for c in token.children if c.dep_ == "conj" and c.i in words), None)
        if conj is None or token.pos_ not in ("NOUN", "PROPN") or not separable(token, conj):
            continue
        second = {t.i for t in conj.subtree}
        first = {t.i for t in token.subtree} - second
        if counted(unit.head.doc, first) and counted(unit.head.doc, second):
            links = {c.i for c in token.children if c.dep_ in ("cc", "punct") and c.i in words and c.i > token.i}
            trailing = _trailing_participle(unit.head.doc, max(second))
            a = tuple(sorted(words - second - links - trailing))
            b = tuple(sorted((words - (first - {token.i}) - links - {token.i}) | trailing))
            return [replace(unit, tokens=a), replace(unit, tokens=b)]
    return [unit]


LINKS = frozenset({",", "and", "but", "or", "nor", ";"})  # what joined a cut clause to the one before
# Speech verbs whose clause the speaker denies: "The company denied that it had laid off 200 workers" is
# the company's claim that it had not.
# Verbs whose clause the speaker holds to be untrue: "denied that X", "doubt that X", "disputed that X".
DENYING = frozenset(wordlist("deny doubt dispute"))
QUESTION_WORDS = frozenset(wordlist("how why what which who whom whose when where"))
# Speech verbs that report a question ("asked how the war would end"). A refused speech ("declined to say
# how many troops were deployed") frames nothing (``attribution.unasserted``): the sentence is one claim.
ASKING = frozenset(wordlist("ask question wonder inquire"))


def indirect_question(content: Token, cue: Token) -> bool:
    """The reported clause is a question, and states nothing of its own: "(asked) whether anyone was hurt",
    "(asked) how many troops were deployed". Not a statement that starts with a question word:
    "said what makes it difficult is ...", "(donations,) which he said were accompanied by ...", "explained
    why he backs Trump", nor a question word of a clause inside ("said that when the drone struck, ...")."""
    if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") and c.i < content.i for c in content.children):
        return True
    first = content.left_edge
    if first.lower_ not in QUESTION_WORDS or content.dep_ == "relcl":
        return False
    t = first
    while t.i != content.i:
        if t.dep_ in ("advcl", "relcl", "ccomp", "xcomp", "acl", "conj", "csubj", "csubjpass"):
            return False
        t = t.head
    return cue.lemma_.lower() in ASKING


def denied_conjunct(verb: Token, head: Token) -> bool:
    """A coordinated verb that states a denial: "..., nor was Dean asked", or "never attacked the town or
    shelled its roads" (a negation over "or" denies each verb; over "and" it may not: "did not stop and
    drove on")."""
    joined = _conjunction(verb)
    if joined == "nor":
        return True
    own = any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "neg") for c in verb.children)
    return (
        joined == "or"
        and not own
        and any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never") for c in head.children)
    )


def _conjunction(verb: Token) -> str:
    """The word that joins a coordinated verb to the one before it ("and", "or", "nor"), "" for none."""
    own = [c for c in verb.children if c.dep_ == "cc" and c.i < verb.i]
    if own:
        return own[-1].lower_
    k = verb.left_edge.i - 1
    while k >= 0 and verb.doc[k].is_punct:
        k -= 1
    return verb.doc[k].lower_ if k >= 0 and verb.doc[k].dep_ == "cc" else ""


def separable(token: Token, conj: Token) -> bool:
    """Two counted things, not a range ("between four and six candidates") or a choice ("two or three")."""
    doc = token.doc
    first = min(t.i for t in token.subtree)
    if first > 0 and doc[first - 1].lower_ in ("between", "from"):
        return False
    return not any(c.dep_ == "cc" and c.lower_ in ("or", "nor") for c in token.children)


def counted(doc: object, indices: set[int]) -> bool:
    return any(doc[i].ent_type_ in COUNT_LABELS or doc[i].like_num for i in indices)  # type: ignore[index]


def _trailing_participle(doc: object, last: int) -> set[int]:
    """ "about 40 injured": a bare participle right after the count belongs with it."""
    nxt = last + 1
    if nxt < len(doc) and doc[nxt].tag_ == "VBN" and not list(doc[nxt].children):  # type: ignore[arg-type,index]
        return {nxt}
    return set()


def split_sentence(sent: Span, inside: bool = False) -> list[Unit]:
    """The sentence's units; ``inside``: a quotation opened in an earlier sentence is still open."""
    units = [part for unit in Splitter(sent, inside).split() for part in coordinated_counts(unit)]
    # a trailing participle pulled into a count's unit ("about 40 injured") leaves the clause it hung from
    pulled = {i for unit in units for i in unit.tokens if not _under(sent.doc[i], unit.head)}
    if not pulled:
        return units
    return [
        replace(u, tokens=tuple(i for i in u.tokens if i not in pulled or not _under(sent.doc[i], u.head)))
        for u in units
    ]


def _under(token: Token, head: Token) -> bool:
    return token.i == head.i or head.is_ancestor(token)


def beside(appos: Token) -> bool:
    """Whether an apposition follows its noun's own phrase: only commas and the noun's other modifiers come
    between ("Nichols, 37, a former ..."). One the parser hung on a subject across its verb ("Nichols was
    found guilty of murdering a judge, a court reporter, ...") lists more objects; it describes no one."""
    noun = appos.head
    return all(t.is_punct or noun in t.ancestors for t in appos.doc[noun.i + 1 : appos.left_edge.i])


def prepositional_which(clause: Token) -> tuple[int, ...]:
    """The "for which" that opens a clause after a comma ("hosted the show in 2007, for which she received a
    nomination"; "held a sale, during which prices fell"), as token indices; () for any other clause. The
    parser hangs such a clause on the main verb; it states a second fact, told after the first."""
    doc = clause.doc
    first = doc[clause.left_edge.i]
    after = doc[first.i + 1] if first.i + 1 < len(doc) else None
    comma = first.i > 0 and doc[first.i - 1].text == ","
    if first.dep_ == "prep" and first.head.i == clause.i and after is not None and after.lower_ == "which" and comma:
        return (first.i, after.i) if after.head.i == first.i else ()
    return ()


def dated_description(participle: Token, head: Token) -> bool:
    """A past participle with a date of its own after the noun that describes a named subject: "Comeaux is a
    convicted rapist recaptured last month after eight days on the run" tells when he was recaptured, a
    second fact beside what he is. Without a date ("a banker known for his thrift") it stays a description."""
    noun = participle.head
    if noun.dep_ != "attr" or noun.head.i != head.i or head.lemma_ != "be":
        return False
    subject = subject_of(head)
    dated = dated_participle(noun)
    return subject is not None and subject.pos_ == "PROPN" and dated is not None and dated.i == participle.i


def dated_participle(noun: Token) -> Token | None:
    """The past participle after ``noun`` that carries a date of its own ("a rapist recaptured last month")."""
    for child in noun.children:
        # an acl the tagger calls a past tense ("a rapist recaptured last month") is the same participle
        if child.dep_ == "acl" and child.tag_ in ("VBN", "VBD") and child.i > noun.i:
            span = range(child.left_edge.i, child.right_edge.i + 1)
            if any(e.label_ in ("DATE", "TIME") and e.start in span for e in child.doc.ents):
                return child
    return None
