"""Ofsted's judgements and its "What needs to improve" list.

ILACS reports open with a judgements table on page 1 ("Judgement Grade", then
area and grade pairs, ending with "Overall effectiveness"); extraction flattens
it into one line, which the grade words split again. Older single-inspection
reports state the overall grade in a sentence ("Children's services in Medway
require improvement to be good") followed by numbered areas. Area SEND reports
give an outcome sentence instead of grades.
"""

from __future__ import annotations

import re

from assistant.briefing.text import make_source
from assistant.briefing.types import Item
from assistant.types import Chunk, DocumentMeta

GRADES = ("Requires improvement to be good", "Requires improvement", "Outstanding", "Good",
          "Inadequate", "Adequate")
GRADE_RANK = {"outstanding": 1, "good": 2, "adequate": 3, "requires improvement to be good": 3,
              "requires improvement": 3, "inadequate": 4}
GRADE_ALT = "|".join(GRADES)
TABLE = re.compile(r"Judgement\s+Grade\s+(?P<body>.*?Overall effectiveness\s+(?:" + GRADE_ALT + "))",
                   re.DOTALL)
PAIR = re.compile(r"(?P<area>(?:The|Overall)\b.*?)\s+(?P<grade>" + GRADE_ALT + r")(?=\s|$)",
                  re.DOTALL)
SIF_OVERALL = re.compile(
    r"Children[’']s services in [\w\s]+? (?:are|is|require|requires) (?P<grade>inadequate|good|"
    r"outstanding|improvement to be good)")
SIF_AREA = re.compile(
    r"(?:\d\.\s+)?(?P<area>Children who need help and protection|Children looked after and "
    r"achieving permanence|Adoption performance|Experiences and progress of care leavers|"
    r"Leadership, management and governance)\s+(?P<grade>" + GRADE_ALT + r")\b")
SEND_OUTCOME = re.compile(
    r"The local area partnership[’']s (?:special educational needs and/or disabilities \(SEND\) )?"
    r"arrangements (?P<grade>[^.]*?(?:experiences and outcomes|failings)[^.]*)\.")
IMPROVE_HEAD = re.compile(r"^What needs to improve\??", re.IGNORECASE)
NEXT_SECTION = re.compile(r"\s*The experiences and progress of .*$")


def normal_grade(grade: str) -> str:
    """'require improvement to be good' and 'Requires improvement to be good' read alike."""
    grade = grade.strip()
    if grade.lower().startswith("improvement"):
        grade = "Requires " + grade
    return grade[:1].upper() + grade[1:].lower()


def normal_area(area: str) -> str:
    """One name per area across frameworks, so judgements can be tracked over the years."""
    text = " ".join(area.split())
    if re.match(r"(?i)overall", text):
        return "Overall effectiveness"
    return text[:1].upper() + text[1:]


def judgements(meta: DocumentMeta, chunks: list[Chunk]) -> list[Item]:
    first = [c for c in chunks if c.page <= 2]
    items = _ilacs_table(meta, first)
    if not items:
        items = _sif_summary(meta, first)
    if not items:
        items = _send_outcome(meta, first)
    return items


def _ilacs_table(meta: DocumentMeta, chunks: list[Chunk]) -> list[Item]:
    for chunk in chunks:
        table = TABLE.search(chunk.text)
        if not table:
            continue
        items = []
        for pair in PAIR.finditer(table.group("body")):
            start = table.start("body") + pair.start("area")
            quote = chunk.text[start:table.start("body") + pair.end("grade")]
            area = normal_area(pair.group("area"))
            items.append(Item("judgement", area, normal_grade(pair.group("grade")),
                              make_source(meta, chunk, quote),
                              details={"framework": "ILACS",
                                       "overall": area == "Overall effectiveness"}))
        return items
    return []


def _sif_summary(meta: DocumentMeta, chunks: list[Chunk]) -> list[Item]:
    items: list[Item] = []
    for chunk in chunks:
        if chunk.page != 1:
            continue
        overall = SIF_OVERALL.search(chunk.text)
        if overall and not any(i.label == "Overall effectiveness" for i in items):
            items.append(Item("judgement", "Overall effectiveness",
                              normal_grade(overall.group("grade")),
                              make_source(meta, chunk, overall.group(0)),
                              details={"framework": "SIF", "overall": True}))
        for area in SIF_AREA.finditer(chunk.text):
            label = normal_area(area.group("area"))
            if any(i.label == label for i in items):
                continue
            items.append(Item("judgement", label, normal_grade(area.group("grade")),
                              make_source(meta, chunk, area.group(0)),
                              details={"framework": "SIF", "overall": False}))
    return items


def _send_outcome(meta: DocumentMeta, chunks: list[Chunk]) -> list[Item]:
    for chunk in chunks:
        found = SEND_OUTCOME.search(chunk.text)
        if found:
            outcome = " ".join(found.group("grade").split())
            return [Item("judgement", "Inspection outcome", outcome,
                         make_source(meta, chunk, found.group(0)),
                         details={"framework": "Area SEND", "overall": True})]
    return []


def improvements(meta: DocumentMeta, chunks: list[Chunk]) -> list[Item]:
    """The bullets under "What needs to improve", which may run over two chunks."""
    items: list[Item] = []
    active = False
    for chunk in chunks:
        if chunk.page > 5:
            break
        for line in chunk.text.split("\n"):
            stripped = line.strip()
            if IMPROVE_HEAD.match(stripped):
                active, items = True, []
                continue
            if not active:
                continue
            if stripped.startswith("- "):
                text = NEXT_SECTION.sub("", stripped[2:]).strip()
                if text:
                    items.append(Item("improvement", text, "", make_source(meta, chunk, text)))
            elif items:
                return items
    return items
