"""A briefing for one document (or one meeting): its items, the council's tracks, questions.

Tracking and "what was promised last time" need the council's other papers, so
a briefing extracts every document of the same council; extraction is a pass of
regular expressions over stored chunks, memoised per document version.
"""

from __future__ import annotations

from assistant.briefing.extract import extract
from assistant.briefing.questions import suggest
from assistant.briefing.tracking import involving, tracks
from assistant.briefing.types import Briefing, Item
from assistant.index import Index
from assistant.types import DocumentMeta, IndexedDocument

_MEMO: dict[tuple[str, str, str], list[Item]] = {}


def document_items(index: Index, indexed: IndexedDocument) -> list[Item]:
    """Items of one indexed document, extracted once per version of its text."""
    key = (str(index.directory), indexed.meta.document, indexed.sha256)
    if key not in _MEMO:
        _MEMO[key] = extract(indexed.meta, index.catalog.chunks(indexed.meta.document))
    return _MEMO[key]


def build_briefing(index: Index, document: str, meeting_date: str | None = None) -> Briefing:
    """The briefing for an indexed document; `meeting_date` defaults to the document's date."""
    indexed = index.catalog.document(document)
    if indexed is None:
        raise FileNotFoundError(f"{document} is not in the index at {index.directory} "
                                "(see: scrutiny docs)")
    meta = indexed.meta
    meeting = meeting_date or meta.date
    items = document_items(index, indexed)
    council = [d for d in index.catalog.documents()
               if meta.council and d.meta.council == meta.council]
    council_items = [i for d in council for i in document_items(index, d)
                     if not meeting or not d.meta.date or d.meta.date <= meeting]
    council_tracks = involving(tracks([*council_items, *items]), document)
    context = _context(index, meta, council, meeting)
    questions = suggest(items, council_tracks, meeting, context)
    return Briefing(meta, tuple(items), tuple(council_tracks), tuple(questions), meeting)


def _context(index: Index, meta: DocumentMeta, council: list[IndexedDocument],
             meeting: str | None) -> list[Item]:
    """What earlier papers promised, and what the latest earlier inspection asked for."""
    earlier = [d for d in council if d.meta.document != meta.document and d.meta.date
               and meta.date and d.meta.date < meta.date]
    recent = [d for d in earlier if not _is_inspection(d.meta)
              and d.meta.date and meta.date and d.meta.date >= _year_before(meta.date)]
    out = [i for d in recent for i in document_items(index, d) if i.kind == "commitment"]
    if not _is_inspection(meta) and _about_children(meta):
        inspections = sorted((d for d in earlier if _is_inspection(d.meta)),
                             key=lambda d: d.meta.date or "")
        if inspections:
            out += [i for i in document_items(index, inspections[-1]) if i.kind == "improvement"]
    return out


def _about_children(meta: DocumentMeta) -> bool:
    """Ofsted's children's-services findings matter to papers about children."""
    text = " ".join(x or "" for x in (meta.title, meta.body, meta.document_type)).lower()
    return any(word in text for word in ("child", "young people", "parenting", "send"))


def _year_before(day: str) -> str:
    return f"{int(day[:4]) - 1}{day[4:]}"


def _is_inspection(meta: DocumentMeta) -> bool:
    return "ofsted" in (meta.document_type or "").lower() or "inspection" in (
        meta.document_type or "").lower()


def meeting_documents(index: Index, meeting_date: str) -> list[str]:
    """Documents dated on a meeting day: a meeting's papers share its date."""
    return [d.meta.document for d in index.catalog.documents() if d.meta.date == meeting_date]


def meeting_dates(index: Index) -> list[str]:
    return sorted({d.meta.date for d in index.catalog.documents() if d.meta.date}, reverse=True)
