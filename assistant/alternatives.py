"""Names a report pairs as alternatives: "Seashells and Millmead", "Millmead or Seashells".

A question about one of them ("the petition to save Millmead") is not answered by a
sentence about the other ("the Save our Seashells petition ... over 6,000 signatures"),
though the two share every other word. Only pairs the report itself makes count.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

# A capitalised name word, not one opening a sentence or a label ("Note: Millmead")
NAME_WORD = re.compile(r"(?<![.?!:]\s)(?<!^)\b[A-Z][a-z]{3,}\b")
PAIRED = re.compile(r"\b([A-Z][a-z]{3,}) (?:and|or|&) ([A-Z][a-z]{3,})\b")
LOWER_WORD = re.compile(r"\b[a-z]{4,}\b")
# months are dates, not names (another month is weighed as such: abstention.other_month)
MONTH_NAMES = frozenset(["January", "February", "March", "April", "May", "June", "July",
                         "August", "September", "October", "November", "December"])
PAIRED_AT_LEAST = 2  # times a document pairs two names for them to count as alternatives
Pairs = frozenset[frozenset[str]]


def paired_names(texts: Iterable[str], common: set[str]) -> Pairs:
    """The names these texts join by "and", "or" or "&" more than once, as unordered
    pairs. A name is a word never written in lower case (`common`: the lower-case words
    of every indexed text): "Seashells and Millmead", not "Children and Young People" or
    "Health and Wellbeing", nor a one-off "Natural England and Roland Brown"."""
    seen = Counter(frozenset(match.groups()) for text in texts for match in PAIRED.finditer(text)
                   if match.group(1) != match.group(2))
    return frozenset(pair for pair, count in seen.items() if count >= PAIRED_AT_LEAST
                     and not {word.lower() for word in pair} & common and not pair & MONTH_NAMES)


def lower_case_words(texts: Iterable[str]) -> set[str]:
    return {word for text in texts for word in LOWER_WORD.findall(text)}


def other_named(question: str, sentence: str, pairs: Pairs, besides: Iterable[str] = ()) -> bool:
    """The sentence names the other of a pair where the question names one and the sentence
    does not ("Seashells" for "Millmead"). `besides`: name words not to count (the councils
    asked)."""
    left_out = set(besides)
    asked = {w for w in NAME_WORD.findall(question) if w not in left_out
             and not re.search(rf"\b{w}\b", sentence)}
    given = {w for w in NAME_WORD.findall(sentence) if not re.search(rf"\b{w}\b", question)}
    return any(frozenset((x, y)) in pairs for x in asked for y in given)
