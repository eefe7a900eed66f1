"""Abstention: does the best evidence answer the question, or should we say we don't know?

A similarity score alone cannot tell (unanswerable questions score like answerable
ones on these documents). The evidence is the leading passages' coverage of the
question's vocabulary with their document's title and date, the similarity of their
best sentence, and three mismatches: a year or quarter the question names that the
passage lacks, the rarest question term missing, the wrong council, the wrong kind of
thing (no number for a "how many"). The weights and threshold are fitted on the two
question sets in evaluation/datasets (see evaluation/README.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.keyword import KeywordIndex, tokenize
from assistant.question import Question, section_tags

if TYPE_CHECKING:
    from assistant.answering import Scored

GENERIC = frozenset(tokenize("council report ofsted inspection say said state says "
                             "document paper committee indexed latest current"))
# Words that ask for a comparison rather than name what is compared.
CHANGE_WORDS = frozenset(tokenize("change changed changes since compared comparison differ "
                                  "difference trend over time then now between moved"))
NUMBER = re.compile(r"\d")
DATE_LIKE = re.compile(r"\b(19|20)\d\d\b|\b(january|february|march|april|may|june|july|august"
                       r"|september|october|november|december)\b", re.I)
PERSON = re.compile(r"\b(Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor|Sir)\.? [A-Z]")


@dataclass(frozen=True)
class Calibration:
    """How evidence turns into confidence; fitted on the evaluation set (see evaluation/)."""

    coverage: float = 0.3  # weight of term coverage against sentence similarity
    missing_specific: float = 0.2  # per year/number/quarter in the question not found
    missing_rare: float = 2.0  # times the rarest missing term's share of the question's idf
    wrong_council: float = 0.3  # the passage is from another council than the one named
    wrong_type: float = 0.15  # the passage lacks the kind of thing asked for (number, date)
    section: float = 0.25  # the passage sits in the report section the question asks for
    threshold: float = 0.18  # fitted on both question sets in evaluation/datasets (README)


CALIBRATION = Calibration()


def evidence(q: Question, ranked: list[Scored], keyword: KeywordIndex) -> list[dict[str, float]]:
    """What the three best passages offer against the question, as numbers."""
    content = [t for t in dict.fromkeys(q.terms) if t not in GENERIC
               and not (q.kind == "change" and t in CHANGE_WORDS)]
    weights = {t: keyword.term_idf(t) for t in content}
    total = sum(weights.values()) or 1.0
    rows = []
    for s in leading(ranked, 3):
        meta = s.hit.meta
        tokens = set(tokenize(" ".join(filter(None, (
            s.hit.chunk.text, s.hit.chunk.heading, meta.title, meta.council, meta.body,
            meta.date, meta.document.replace("_", " "))))))
        missing = [t for t in content if t not in tokens]
        rows.append({
            "coverage": sum(w for t, w in weights.items() if t in tokens) / total,
            "similarity": s.similarity,
            "missing_specific": float(sum(1 for t in missing if SPECIFIC.fullmatch(t))),
            "missing_rare": max((weights[t] for t in missing), default=0.0) / total,
            "wrong_council": float(bool(q.councils) and meta.council not in q.councils),
            "wrong_type": float(not _holds_answer_type(q, s.hit.chunk.text)),
            "section": float(bool(set(q.sections) & section_tags(
                f"{s.hit.chunk.heading}\n{s.hit.chunk.text[:400]}"))),
        })
    return rows


def confidence(rows: list[dict[str, float]], c: Calibration = CALIBRATION) -> float:
    """Confidence that the best passage answers: the best of the leading passages."""
    return max((c.coverage * r["coverage"] + (1 - c.coverage) * r["similarity"]
                - c.missing_specific * r["missing_specific"] - c.missing_rare * r["missing_rare"]
                - c.wrong_council * r["wrong_council"] - c.wrong_type * r["wrong_type"]
                + c.section * r.get("section", 0.0)
                for r in rows), default=0.0)


SPECIFIC = re.compile(r"(?:19|20)\d\d|q[1-4]")


def _holds_answer_type(q: Question, text: str) -> bool:
    if q.kind == "number":
        return bool(NUMBER.search(text))
    if q.kind == "when":
        return bool(DATE_LIKE.search(text))
    if q.kind == "who":
        return bool(PERSON.search(text)) or bool(re.search(r"\b[A-Z][a-z]+ [A-Z][a-z]+", text))
    return True


def leading(ranked: list[Scored], n: int) -> list[Scored]:
    """The best sentence of each of the first n distinct passages."""
    seen: set[str] = set()
    out = []
    for s in ranked:
        if s.hit.chunk.id not in seen:
            seen.add(s.hit.chunk.id)
            out.append(s)
            if len(out) == n:
                break
    return out
