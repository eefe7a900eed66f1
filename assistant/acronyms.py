"""What a report's abbreviations stand for, as the report itself defines them.

A report spells an abbreviation out once ("unaccompanied asylum-seeking children (UASC)")
and then uses it alone ("there were 1834 looked after children, of whom 192 were UASC").
A councillor asks in the plain words, so a passage that uses the abbreviation is matched
on the words it stands for. Only the report's own definitions count: "PA" is a personal
adviser in one report and a personal assistant in another.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from assistant.keyword import tokenize
from assistant.question import ACRONYM, initials_run

DEFINED = re.compile(r"(?<![\w'’])((?:[A-Za-z][\w'’]*[\s,-]+){1,12}?)\(([A-Z]{2,6})s?\)")
Glossary = Mapping[str, str]  # abbreviation -> the words it stands for


def definitions(texts: Iterable[str]) -> dict[str, str]:
    """The abbreviations these texts define, each with its words (the first definition
    found wins)."""
    found: dict[str, str] = {}
    for text in texts:
        for match in DEFINED.finditer(text):
            acronym = match.group(2)
            if acronym in found:
                continue
            words = re.findall(r"[A-Za-z]+", match.group(1))
            for start in range(max(0, len(words) - 2 * len(acronym)), len(words)):
                run = initials_run(acronym.lower(), words[start:])
                if run and len(run) == len(words) - start:
                    found[acronym] = " ".join(run)
                    break
    return found


def spelled(text: str, glossary: Glossary) -> str:
    """The words that the text's abbreviations stand for, one run after another."""
    return " ".join(glossary[acronym] for acronym in dict.fromkeys(ACRONYM.findall(text))
                    if acronym in glossary)


def expanded(text: str, glossary: Glossary) -> set[str]:
    """The stems of the words that the text's abbreviations stand for."""
    return set(tokenize(spelled(text, glossary)))
