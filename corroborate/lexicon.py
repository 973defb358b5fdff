"""Calendar and number words, kept once for the whole package.

Month and weekday names with the abbreviations news copy uses, regex
alternations built from them, number words with ``word_value``, and the
forms of irregular verbs. Plain data and tiny helpers: this module imports
nothing but ``re``, so the spaCy-free parts (date extraction, event scope,
matching, the checks) can all share it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet


def dice(a: AbstractSet[str], b: AbstractSet[str]) -> float:
    """Dice overlap of two word sets: 2 |a & b| / (|a| + |b|); 1.0 for two empty sets."""
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def wordlist(text: str) -> list[str]:
    """Word tables are kept as plain text: easier to read and extend than quoted lists."""
    return text.split()


# Irregular forms -> base form, so that "struck" meets "strike" and "lost" meets "lose".
_IRREGULAR_TABLE = """
be:was,were,been,is,are,am have:had,has do:did,does,done say:said tell:told take:took,taken come:came
go:went,gone make:made give:gave,given get:got,gotten find:found leave:left send:sent bring:brought
hold:held lead:led see:saw,seen know:knew,known think:thought fight:fought fall:fell,fallen rise:rose,risen
run:ran shoot:shot fly:flew,flown build:built stand:stood spend:spent lose:lost pay:paid keep:kept
seek:sought mean:meant draw:drew,drawn become:became write:wrote,written speak:spoke,spoken
break:broke,broken choose:chose,chosen win:won meet:met begin:began,begun strike:struck,stricken
withdraw:withdrew,withdrawn sink:sank,sunk flee:fled sell:sold buy:bought teach:taught catch:caught
drive:drove,driven eat:ate,eaten grow:grew,grown throw:threw,thrown beat:beaten forget:forgot,forgotten
hide:hid,hidden ride:rode shake:shook swear:swore,sworn steal:stole,stolen feel:felt hear:heard
deal:dealt lend:lent understand:understood uphold:upheld shrink:shrank,shrunk bear:bore,borne
"""
IRREGULAR = {
    form: base
    for entry in wordlist(_IRREGULAR_TABLE)
    for base, forms in [entry.split(":")]
    for form in forms.split(",")
}
# The forms of those that say the past: every one but the present "is", "are", "am", "has", "does", and "been",
# which "has been" and "will have been" take as well.
IRREGULAR_PAST = frozenset(form for form in IRREGULAR if form not in ("is", "are", "am", "has", "does", "been"))


MONTH_NAMES = tuple(wordlist("january february march april may june july august september october november december"))
WEEKDAY_NAMES = tuple(wordlist("monday tuesday wednesday thursday friday saturday sunday"))

# Every spelling of a month -> 1..12: full names, three-letter abbreviations and "sept".
MONTHS: dict[str, int] = (
    {name: i for i, name in enumerate(MONTH_NAMES, start=1)}
    | {name[:3]: i for i, name in enumerate(MONTH_NAMES, start=1)}
    | {"sept": 9}
)
# Weekday names -> 0..6, 0 = Monday (``datetime.date.weekday``).
WEEKDAYS: dict[str, int] = {name: i for i, name in enumerate(WEEKDAY_NAMES)}
# Short weekday spellings of headers and datelines ("Thu Jun 13, 2013").
WEEKDAY_ABBREVIATIONS: dict[str, int] = {
    word: WEEKDAYS[full]
    for full, words in zip(
        WEEKDAY_NAMES, ("mon", "tue tues", "wed", "thu thur thurs", "fri", "sat", "sun"), strict=True
    )
    for word in wordlist(words)
}
CALENDAR_WORDS = frozenset(MONTHS) | frozenset(WEEKDAYS) | frozenset(WEEKDAY_ABBREVIATIONS)

UNITS: dict[str, int] = {
    w: i
    for i, w in enumerate(
        wordlist(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
            "sixteen seventeen eighteen nineteen"
        )
    )
}
TENS = {w: 10 * i for i, w in enumerate(wordlist("_ _ twenty thirty forty fifty sixty seventy eighty ninety")) if i > 1}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# A part added to a whole number in words or figures: "five and a half", "2 and a quarter", "3½".
AND_A_FRACTION = {"and a half": 0.5, "and one half": 0.5, "and a quarter": 0.25, "and three quarters": 0.75}
VULGAR_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75}
AND_A_FRACTION_PATTERN = "|".join(f.replace(" ", "[ -]") for f in AND_A_FRACTION)
# Ordinal words up to 31, for spoken dates ("March eighth", "the twenty-first").
_ORDINAL_WORDS = wordlist(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
)
ORDINALS: dict[str, int] = (
    {w: i for i, w in enumerate(_ORDINAL_WORDS, start=1)}
    | {f"twenty-{w}": 20 + i for i, w in enumerate(_ORDINAL_WORDS[:9], start=1)}
    | {"thirtieth": 30, "thirty-first": 31}
)


def word_value(text: str) -> float:
    """ "eighty-six" -> 86, "two million" -> 2e6, "two and a half million" -> 2.5e6: the value of a number
    written in words."""
    total, scale = 0.0, 1.0
    lowered = re.sub(r"\s+", " ", text.lower().replace("-", " "))
    for words, fraction in AND_A_FRACTION.items():
        if words in lowered:
            total += fraction
            lowered = lowered.replace(words, "")
    for part in lowered.split():
        if part in SCALES:
            scale = SCALES[part]
        else:
            total += UNITS.get(part, TENS.get(part, 0))
    return total * scale


def month_number(word: str) -> int | None:
    """ "Sept." -> 9, "october" -> 10; None for anything else."""
    return MONTHS.get(word.lower().rstrip("."))


def weekday_number(word: str) -> int | None:
    """ "Tuesday's" -> 1, "Thu" -> 3 (0 = Monday); None for anything else."""
    word = re.sub(r"['’]s$", "", word.lower().rstrip("."))
    return WEEKDAYS.get(word, WEEKDAY_ABBREVIATIONS.get(word))


def weekday_name(number: int) -> str:
    """0 -> "Monday"."""
    return WEEKDAY_NAMES[number].capitalize()


def alternation(words: Iterable[str], capitalise: bool = False) -> str:
    """A regex alternation of ``words``, longest first so that "September" wins over "Sep"."""
    spelled = (w.capitalize() if capitalise else w for w in words)
    return "|".join(sorted(spelled, key=len, reverse=True))


# Capitalised month and weekday names as they appear in running text: "Sept", "October", "Friday".
MONTH_PATTERN = rf"(?:{alternation(MONTHS, capitalise=True)})"
WEEKDAY_PATTERN = rf"(?:{alternation(WEEKDAYS, capitalise=True)})"
YEAR_PATTERN = r"(?:1[89]\d\d|20\d\d)"  # a year news copy writes: 1800 to 2099
# The three-letter stems: "Jan" ... "Dec", for patterns that accept any ending ("Janv.").
MONTH_STEMS = rf"(?:{'|'.join(name[:3].capitalize() for name in MONTH_NAMES)})"


# "hadn t", "didn t": a negation whose apostrophe a scraper or a tokenizer lost. Without it the parser sees
# "hadn" and "t", and the claim loses its "not".
_SPACED_NT = re.compile(
    r"\b(do|does|did|is|are|was|were|has|have|had|could|would|should|must|need|might|ca|wo|ai)n t\b", re.I
)


def apostrophes_restored(text: str) -> str:
    """``text`` with "n t" read as "n't", the same length: every offset into it still holds."""
    return _SPACED_NT.sub(lambda m: m.group(1) + "n't", text)


# Given names that English news copy almost always gives to one gender (names given to both, such as
# Jordan, Taylor, Terry, Leslie, Kim or Lindsey, are left out). "She never regained consciousness", after
# "her agent Mark Roesler said", is not Mark Roesler's; a gender the article itself shows ("Mr.", a "his"
# in a sentence naming one person) comes first.
_FEMALE_NAMES = wordlist(
    "mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty bettie margaret "
    "sandra kimberly emily donna michelle dorothy carol amanda melissa deborah stephanie rebecca "
    "sharon laura cynthia kathleen amy shirley angela helen anna brenda pamela emma samantha katherine "
    "christine debra rachel catherine carolyn janet ruth maria heather diane virginia julie joyce victoria "
    "olivia christina lauren joan evelyn judith megan cheryl hannah martha jacqueline frances "
    "gloria ann anne teresa kathryn sara janice alice madison doris abigail julia judy grace denise "
    "amber marilyn beverly danielle theresa sophia marie diana brittany natalie isabella charlotte rose "
    "kayla elaine hillary hilary loretta suzanne elena irene chelsea michele oprah nikki kamala sonia "
    "ursula kristen kirsten gwen stacey claire dianne debbie wendy tammy sheila eileen colleen maureen kathy "
    "cathy peggy sally monica veronica tina yvonne lucy ella mia chloe zoe esther ellen melanie valerie "
    "vanessa jasmine angelina jennifer scarlett meryl madonna beyonce rihanna"
)
_MALE_NAMES = wordlist(
    "james robert john michael william david richard joseph thomas charles christopher daniel matthew anthony "
    "mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey "
    "ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory "
    "alexander frank patrick raymond jack dennis jerry tyler aaron jose adam nathan henry douglas zachary "
    "peter kyle ethan walter noah jeremy christian keith roger gerald harold sean austin carl arthur "
    "lawrence dylan juan albert willie elijah wayne ralph roy eugene russell bobby philip louis barack "
    "bernie mitch mike ted marco rand chuck newt dick bill jeb rudy vladimir boris emmanuel bashar hugh "
    "maurice tony ed jimmy nick norman lester harry ben tom tim steve dave dan matt jon ken greg jeff "
    "fred ron rick randy howard glenn ian colin martin neil oliver hugo luke max leo vince vincent victor "
    "marcus tyrone darnell jamal andre omar ahmed mohammed muhammad"
)
FIRST_NAME_GENDER: dict[str, str] = {
    **{name: "m" for name in _MALE_NAMES if name not in _FEMALE_NAMES},
    **{name: "f" for name in _FEMALE_NAMES if name not in _MALE_NAMES},
}
