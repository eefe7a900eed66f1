"""What a briefing is made of: extracted items, each with its source, and what is built on them.

Every item is cited like an answer: document, page, paragraph and the verbatim
sentence it was read from, checked against the stored chunk text when the item
is made. One `Item` shape serves all kinds so that rendering, tracking, questions
and scoring treat them alike; what differs between kinds lives in `details`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.types import DocumentMeta

KINDS = ("figure", "risk", "recommendation", "commitment", "judgement", "improvement")
KIND_TITLES = {
    "figure": "Figures", "risk": "Risks", "recommendation": "Recommendations and decisions",
    "commitment": "Commitments", "judgement": "Inspection judgements",
    "improvement": "What needs to improve",
}


@dataclass(frozen=True)
class Source:
    """Where an item was read: enough to cite it and to find the passage again."""

    document: str
    title: str
    council: str | None
    date: str | None  # the document's date, YYYY-MM-DD
    page: int
    paragraph: str | None
    chunk_id: str
    sentence: str  # verbatim: a substring of the chunk's stored text

    def as_json(self) -> dict[str, Any]:
        return {"document": self.document, "title": self.title, "council": self.council,
                "date": self.date, "page": self.page, "paragraph": self.paragraph,
                "chunk_id": self.chunk_id, "sentence": self.sentence}


@dataclass(frozen=True)
class Item:
    """One extracted thing: a figure, a risk, a recommendation, a commitment, a judgement.

    `label` says what it is about (the measure, the risk, the judgement area, the
    action); `value` is its headline value as printed ("27%", "BII", "Good").
    """

    kind: str
    label: str
    value: str
    source: Source
    number: float | None = None  # figures: the value as a number; risks: the likelihood score
    unit: str | None = None  # figures: "%", "£m", "£", "count" ...
    period: str | None = None  # figures: the period or date the value refers to, as written
    when: str | None = None  # a sortable date for the period (YYYY-MM-DD), if it could be read
    details: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "label": self.label, "value": self.value,
                "number": self.number, "unit": self.unit, "period": self.period,
                "when": self.when, "details": dict(self.details),
                "source": self.source.as_json()}


@dataclass(frozen=True)
class Point:
    """One observation of a tracked measure or judgement."""

    when: str  # YYYY-MM-DD (or YYYY-MM) used for ordering
    value: str
    number: float | None
    item: Item


@dataclass(frozen=True)
class Track:
    """The same measure or judgement across periods and documents of one council."""

    council: str
    kind: str  # figure | judgement | risk
    label: str
    unit: str | None
    points: tuple[Point, ...]
    better: str | None = None  # "higher" | "lower" | None when the direction is unknown

    @property
    def key(self) -> str:
        return f"{self.council}|{self.kind}|{self.label}"

    def as_json(self) -> dict[str, Any]:
        return {"council": self.council, "kind": self.kind, "label": self.label,
                "unit": self.unit, "better": self.better,
                "points": [{"when": p.when, "value": p.value, "number": p.number,
                            "source": p.item.source.as_json()} for p in self.points]}


@dataclass(frozen=True)
class Question:
    """A suggested scrutiny question and the extracted items it rests on."""

    text: str
    reason: str  # which template produced it, e.g. "risk-thin-mitigation"
    items: tuple[Item, ...]

    def as_json(self) -> dict[str, Any]:
        return {"text": self.text, "reason": self.reason,
                "sources": [i.source.as_json() for i in self.items]}


@dataclass(frozen=True)
class Briefing:
    """Everything extracted from one document, plus what the council's other papers add."""

    meta: DocumentMeta
    items: tuple[Item, ...]
    tracks: tuple[Track, ...] = ()
    questions: tuple[Question, ...] = ()
    meeting_date: str | None = None

    def of_kind(self, kind: str) -> list[Item]:
        return [i for i in self.items if i.kind == kind]
