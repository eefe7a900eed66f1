"""Starter questions for an empty chat, drawn from what is actually indexed.

A councillor facing an empty box needs to see the kind of question that works, about
documents that are there: an improvement update's risks, what Ofsted said a council
must improve, what an area SEND inspection found. Each rule fires only when the
library holds a document it fits, and names that document's council, so a starter
never asks about something the index cannot answer from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from assistant.question import council_key
from assistant.types import DocumentMeta, IndexedDocument

Rule = Callable[[list[DocumentMeta]], str | None]


def starter_questions(documents: Sequence[IndexedDocument], limit: int = 4) -> list[str]:
    """Up to `limit` distinct questions, most specific first, newest documents first."""
    metas = sorted((d.meta for d in documents), key=lambda m: m.date or "", reverse=True)
    questions: list[str] = []
    for rule in RULES:
        question = rule(metas)
        if question and question not in questions:
            questions.append(question)
        if len(questions) == limit:
            break
    return questions


def short_council(council: str | None) -> str | None:
    """'Kent County Council' -> 'Kent'; 'West Sussex Local Area Partnership' -> 'West Sussex'."""
    if not council:
        return None
    key = council_key(council)
    return key.title() if key else council


def _described(meta: DocumentMeta) -> str:
    return " ".join(filter(None, (meta.document_type, meta.title, meta.body))).lower()


def _is_send(meta: DocumentMeta) -> bool:
    return "send" in _described(meta).split()


def _is_inspection(meta: DocumentMeta) -> bool:
    text = _described(meta)
    return ("ofsted" in text or "inspection" in text) and not _is_send(meta)


def improvement_update(metas: list[DocumentMeta]) -> str | None:
    if any("improvement" in _described(m) for m in metas if not _is_inspection(m)):
        return "What are the key risks in the latest improvement update?"
    return None


def ofsted_improve(metas: list[DocumentMeta]) -> str | None:
    council = next((short_council(m.council) for m in metas
                    if _is_inspection(m) and m.council), None)
    return f"What did Ofsted say needs to improve in {council}?" if council else None


def send_findings(metas: list[DocumentMeta]) -> str | None:
    council = next((short_council(m.council) for m in metas if _is_send(m) and m.council), None)
    return f"What did the area SEND inspection of {council} find?" if council else None


def inspection_history(metas: list[DocumentMeta]) -> str | None:
    """A council inspected more than once: how the judgements moved over the years."""
    years: dict[str, list[str]] = {}
    for meta in metas:
        if _is_inspection(meta) and meta.council and meta.date:
            years.setdefault(meta.council, []).append(meta.date[:4])
    repeated = [(council, min(found)) for council, found in years.items() if len(found) > 1]
    if not repeated:
        return None
    council, first = repeated[0]
    return f"How have Ofsted's judgements of {short_council(council)} changed since {first}?"


def risk_register(metas: list[DocumentMeta]) -> str | None:
    if any("risk register" in _described(m) for m in metas):
        return "What are the main risks in the latest risk register?"
    return None


def latest_document(metas: list[DocumentMeta]) -> str | None:
    """The fallback for any library: the main points of the newest document."""
    return f"What are the main points of the {metas[0].title}?" if metas else None


RULES: tuple[Rule, ...] = (improvement_update, ofsted_improve, send_findings, risk_register,
                           inspection_history, latest_document)
