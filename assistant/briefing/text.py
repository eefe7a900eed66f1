"""Reading aids shared by the extractors: sentences with their chunk, page text, dates.

Extraction works on the index's stored chunks, so every quote can be checked
against the very text an answer would cite. Flattened tables (risk registers,
KPI pages) run across chunk boundaries, so some extractors read a whole page at
once and map positions back to the chunk that holds them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from assistant.briefing.types import Source
from assistant.types import Chunk, DocumentMeta
from ingest.chunking import split_sentences

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
MONTH_NUMBER = {m[:3]: i for i, m in enumerate(MONTHS, start=1)}
MONTH_RE = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
SEASON_END = {"spring": (5, 31), "summer": (8, 31), "autumn": (11, 30), "winter": (2, 28)}

# "31st December 2024", "December 2023", "end of March 2025", "Spring 2025", "31-3-25"
DAY_MONTH_YEAR = re.compile(
    rf"\b(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+)?(?P<month>{MONTH_RE})\.?,?\s+(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE)
SEASON_YEAR = re.compile(r"\b(?P<season>spring|summer|autumn|winter)\s+(?P<year>20\d\d)\b", re.I)
NUMERIC_DATE = re.compile(r"\b(?P<day>\d{1,2})[-/](?P<month>\d{1,2})[-/](?P<year>\d{2}|\d{4})\b")
QUARTER = re.compile(r"\b(?:Quarter|Q)\s?(?P<q>[1-4])(?:,?\s+(?P<fy>20\d\d)/(?P<fy2>\d\d))?\b")


@dataclass(frozen=True)
class Sentence:
    """A verbatim sentence (or table row, or list line) and the chunk that holds it."""

    text: str
    chunk: Chunk


def sentences(chunks: Iterable[Chunk]) -> Iterator[Sentence]:
    for chunk in chunks:
        for piece in split_sentences(chunk.text):
            yield Sentence(piece, chunk)


def make_source(meta: DocumentMeta, chunk: Chunk, sentence: str) -> Source:
    """A source for an item; refuses a quote that is not in the stored chunk text."""
    sentence = sentence.strip()
    if not sentence or sentence not in chunk.text:
        raise ValueError(f"quote not found in chunk {chunk.id} of {chunk.document}: "
                         f"{sentence[:60]!r}")
    return Source(document=meta.document, title=meta.title, council=meta.council,
                  date=meta.date, page=chunk.page, paragraph=chunk.paragraph,
                  chunk_id=chunk.id, sentence=sentence)


class PageText:
    """The chunks of one page joined, with positions mapped back to their chunk."""

    def __init__(self, chunks: list[Chunk]) -> None:
        self.chunks = chunks
        self.starts: list[int] = []
        parts: list[str] = []
        offset = 0
        for chunk in chunks:
            self.starts.append(offset)
            parts.append(chunk.text)
            offset += len(chunk.text) + 1
        self.text = "\n".join(parts)

    def chunk_at(self, position: int) -> tuple[Chunk, int]:
        """The chunk holding a position of the page text, and where that chunk starts."""
        i = max(0, bisect_right(self.starts, position) - 1)
        return self.chunks[i], self.starts[i]

    def quote(self, start: int, end: int, anchor: int | None = None) -> tuple[Chunk, str]:
        """The verbatim span [start, end), clipped to the chunk holding `anchor`."""
        anchor = start if anchor is None else anchor
        chunk, base = self.chunk_at(anchor)
        lo = max(start, base) - base
        hi = min(end, base + len(chunk.text)) - base
        return chunk, chunk.text[lo:hi].strip()


def pages(chunks: Iterable[Chunk]) -> dict[int, PageText]:
    grouped: dict[int, list[Chunk]] = {}
    for chunk in chunks:
        grouped.setdefault(chunk.page, []).append(chunk)
    return {page: PageText(sorted(group, key=lambda c: c.ordinal))
            for page, group in sorted(grouped.items())}


def _year(text: str) -> int:
    value = int(text)
    return value + 2000 if value < 100 else value


def _iso(year: int, month: int, day: int | None) -> str:
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return f"{year:04d}-{month:02d}"


def quarter_end(q: int, fy_start: int) -> str:
    """End month of a financial-year quarter: Q1 Apr-Jun ... Q4 Jan-Mar (UK councils)."""
    month = {1: 6, 2: 9, 3: 12, 4: 3}[q]
    year = fy_start + 1 if q == 4 else fy_start
    return f"{year:04d}-{month:02d}"


def read_date(text: str, end_of_period: bool = False) -> str | None:
    """The first date written in `text` as a sortable string (YYYY-MM-DD or YYYY-MM).

    With `end_of_period`, a month or season is read as its last day: what a due
    date "by March 2025" means.
    """
    found: list[tuple[int, str]] = []
    m = DAY_MONTH_YEAR.search(text)
    if m:
        month = MONTH_NUMBER[m.group("month").lower()[:3]]
        year = int(m.group("year"))
        day = int(m.group("day")) if m.group("day") else None
        if day is None and end_of_period:
            day = _last_day(year, month)
        found.append((m.start(), _iso(year, month, day)))
    m2 = SEASON_YEAR.search(text)
    if m2:
        month, day = SEASON_END[m2.group("season").lower()]
        year = int(m2.group("year")) + (1 if m2.group("season").lower() == "winter" else 0)
        found.append((m2.start(), _iso(year, month, day if end_of_period else None)))
    m3 = NUMERIC_DATE.search(text)
    if m3 and 1 <= int(m3.group("month")) <= 12:
        found.append((m3.start(), _iso(_year(m3.group("year")), int(m3.group("month")),
                                       int(m3.group("day")))))
    return min(found)[1] if found else None


def _last_day(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def shift_months(when: str, months: int) -> str:
    """A YYYY-MM[-DD] date moved by whole months (for 'a year ago', 'last quarter')."""
    year, month = int(when[:4]), int(when[5:7])
    total = year * 12 + (month - 1) + months
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())
