"""Inspection grades as Ofsted prints them on a report's first page: one row per judgement
("The experiences and progress of care leavers Outstanding"), often run together on a
title page. A row is quoted as it stands, a verbatim span of its passage."""

from __future__ import annotations

import re
from collections import Counter

from assistant.keyword import tokenize
from assistant.types import Chunk

GRADE = r"Requires? improvement(?: to be good)?|Good|Outstanding|Inadequate"
GRADE_ROW = re.compile(
    r"(?:The )?(?:[Ee]xperiences and progress of [^.\n]{0,90}?|[Ii]mpact of leaders[^.\n]{0,90}?"
    r"|Overall effectiveness|Leadership, management and governance|Adoption performance"
    r"|Children looked after and achieving permanence|Children who need help and protection)"
    rf"\s*:?\s+(?:{GRADE})\b")
# The older single inspections' headline gives the overall grade in a sentence of its own
# ("Children's services in Thurrock Council require improvement to be good").
HEADLINE = re.compile(r"Children['’]s services in [A-Z][^.\n]{0,60}? (?:(?:are|is) (?:good|outstanding"
                      r"|inadequate)|requires? improvement(?: to be good)?)\b")
OVERALL = tokenize("overall")[0]
# What the whole service is called: "children's social care" asks for no one row's "care".
SERVICE_NAMES = re.compile(r"children['’]?s? (?:social care|services)|social care", re.I)
FIRST_PAGES = 2  # the grades table; later pages repeat a grade in their section headings
# Words of the question that ask for a grade rather than say which one.
ASKING = frozenset(tokenize("ofsted grade graded grading rating rated judgement judged inspection "
                            "inspections changed change services service experiences progress "
                            "children child families young people social "
                            # the grade itself: which rows have it is another question
                            "good outstanding inadequate requires require improvement"))


GRADE_AT_END = re.compile(rf"(?:{GRADE})$", re.I)


def row_grade(row: str) -> str:
    """The grade a row gives, in one spelling (see `one_spelling`)."""
    match = GRADE_AT_END.search(row)
    return one_spelling(match.group(0)) if match else ""


def one_spelling(grade: str) -> str:
    """"requires improvement", "good", "outstanding" or "inadequate", however it is put
    ("Require improvement", "requiring improvement", "Requires improvement to be good")."""
    said = grade.lower()
    return "requires improvement" if "improvement" in said else said


def grade_rows(chunks: list[Chunk]) -> list[tuple[Chunk, str]]:
    """Each judgement row on the document's first pages, with the passage that holds it."""
    return [(chunk, match.group(0)) for chunk in chunks if chunk.page <= FIRST_PAGES
            for match in GRADE_ROW.finditer(chunk.text)]


def headline(chunks: list[Chunk]) -> tuple[Chunk, str] | None:
    """The sentence of a single inspection's first page that gives its overall grade."""
    return next(((chunk, match.group(0)) for chunk in chunks if chunk.page <= FIRST_PAGES
                 for match in HEADLINE.finditer(chunk.text)), None)


def overall(row: str) -> bool:
    """Whether a row gives the overall grade."""
    return row.startswith("Overall effectiveness")


def row_for(rows: list[tuple[Chunk, str]], question: str,
            headline_row: tuple[Chunk, str] | None = None) -> tuple[Chunk, str] | None:
    """The row about what the question names ("care leavers"), else the overall grade: its
    row or, in a single inspection's report, its `headline_row`."""
    return named_row(rows, question) or next((row for row in rows if overall(row[1])),
                                             headline_row)


def named_row(rows: list[tuple[Chunk, str]], question: str) -> tuple[Chunk, str] | None:
    """The row that shares most with what the question names, if any shares a word; a word
    counts less the more rows hold it ("care" is in two rows; "leavers" names one). A
    question about the overall grade names none where the report has no such row (a
    single inspection gives it in its headline)."""
    topic = set(tokenize(SERVICE_NAMES.sub(" ", question))) - ASKING
    if OVERALL in topic:
        return next((row for row in rows if overall(row[1])), None)
    words = [set(tokenize(row)) for _, row in rows]
    held = Counter(word for row_words in words for word in row_words)

    def share(row_words: set[str]) -> float:
        return sum(1 / held[word] for word in topic & row_words)

    scores = [share(row_words) for row_words in words]
    best = max(range(len(rows)), key=lambda i: scores[i], default=None)
    return rows[best] if best is not None and scores[best] > 0 else None
