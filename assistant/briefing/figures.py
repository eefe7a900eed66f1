"""Figures: a number, what it measures, its unit and the period it refers to.

Three sources, from most to least structured:
- KPI lines of performance reports ("<indicator> RED Latest: 613 Target: 700
  Floor: 650 Previous: 612 (Red)"), which give target, floor and the previous
  value, and so the direction in which the indicator should move;
- register totals ("TOTAL £m 334.7 290.0");
- numbers in running sentences (`prose`).
"""

from __future__ import annotations

import re

from assistant.briefing.prose import prose
from assistant.briefing.text import (
    QUARTER,
    PageText,
    make_source,
    pages,
    quarter_end,
    sentences,
    shift_months,
)
from assistant.briefing.types import Item
from assistant.types import Chunk, DocumentMeta

VALUE = r"(?:£?\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|£?\d+(?:\.\d+)?%?)"
KPI = re.compile(
    r"(?P<rag>GREEN|AMBER|RED)\s+Latest:\s*(?P<latest>" + VALUE + r")\s+Target:\s*(?P<target>"
    + VALUE + r"),?\s+Floor:?\s*(?P<floor>" + VALUE + r")(?:\s+Floor:?\s*" + VALUE
    + r")?\s+Previous:?\s*(?P<previous>" + VALUE + r")\s*\((?P<prev_rag>Green|Amber|Red)\)")
KPI_LEAD = re.compile(r"(?:Key )?Performance Indicators\s+|Activity indicators\s+|"
                      r"^\s*[\d.,]+%?\s+\((?:Green|Amber|Red)\)\s*")
TOTALS = re.compile(r"(?P<label>TOTAL £m|Other Risks \(under £10m[^)]*\))\s+(?P<first>\d[\d,]*\.\d)"
                    r"\s+(?P<second>\d[\d,]*\.\d)")


def figures(meta: DocumentMeta, chunks: list[Chunk], skip_prose: bool = False) -> list[Item]:
    """All figures of a document; `skip_prose` for registers, whose rows own their numbers."""
    items = kpis(meta, chunks) + totals(meta, chunks)
    if skip_prose:
        return items
    seen = {(i.source.chunk_id, i.number) for i in items}
    previous = ""
    for sentence in sentences(chunks):
        if "Latest:" in sentence.text or "TOTAL £m" in sentence.text:
            continue
        for item in prose(meta, sentence, previous):
            if (item.source.chunk_id, item.number) not in seen:
                items.append(item)
        previous = sentence.text
    return items


def _number(text: str) -> float:
    return float(text.replace("£", "").replace(",", "").replace("%", ""))


def _unit(display: str) -> str:
    if display.endswith("%"):
        return "%"
    if display.startswith("£"):
        return "£"
    return "count"


def report_period(chunks: list[Chunk]) -> tuple[str | None, str | None]:
    """The quarter a performance report covers, from its first page ("Quarter 3 2024/25")."""
    head = " ".join(c.text for c in chunks if c.page <= 1).replace("\n", " ")
    m = QUARTER.search(head)
    if not m:
        return None, None
    year = re.search(r"20(\d\d)/(\d\d)", head[m.end():m.end() + 20])
    fy = m.group("fy") or (f"20{year.group(1)}" if year else None)
    if not fy:
        return f"Quarter {m.group('q')}", None
    label = f"Quarter {m.group('q')} {fy}/{int(fy[2:]) + 1:02d}"
    return label, quarter_end(int(m.group("q")), int(fy))


def kpis(meta: DocumentMeta, chunks: list[Chunk]) -> list[Item]:
    period, when = report_period(chunks)
    items: list[Item] = []
    for page in pages(chunks).values():
        boundary = 0
        for m in KPI.finditer(page.text):
            name = _kpi_name(page.text, boundary, m.start())
            boundary = m.end()
            if not name:
                continue
            items.append(_kpi_item(meta, page, m, name, period, when))
    return items


def _kpi_name(text: str, boundary: int, rag_start: int) -> str:
    start = max(boundary, text.rfind("\n", boundary, max(boundary, rag_start - 1)) + 1)
    name = text[start:rag_start]
    if name.strip()[:1] in ("-", "–") and start > boundary:
        # "Rate of first-time entrants to youth justice system\n– rolling 12 months RED"
        start = max(boundary, text.rfind("\n", boundary, start - 1) + 1)
        name = text[start:rag_start]
    while True:
        lead = KPI_LEAD.search(name)
        if not lead:
            break
        name = name[lead.end():]
    return " ".join(name.split())


def _kpi_item(meta: DocumentMeta, page: PageText, m: re.Match[str], name: str,
              period: str | None, when: str | None) -> Item:
    latest, target, floor = (m.group(g) for g in ("latest", "target", "floor"))
    better = "higher" if _number(target) >= _number(floor) else "lower"
    name_start = page.text.rfind(name.split()[0], 0, m.start())
    chunk, quote = page.quote(name_start if name_start >= 0 else m.start(), m.end(),
                              anchor=m.start("latest"))
    previous_when = None
    if when:
        previous_when = shift_months(when, -3)
    details = {"target": target, "floor": floor, "previous": m.group("previous"),
               "rag": m.group("rag"), "previous_rag": m.group("prev_rag").upper(),
               "better": better, "previous_when": previous_when, "kpi": True}
    return Item("figure", name, latest, make_source(meta, chunk, quote), number=_number(latest),
                unit=_unit(latest), period=period, when=when, details=details)


def totals(meta: DocumentMeta, chunks: list[Chunk]) -> list[Item]:
    """A register's totals: annual and lifetime exposure, overall and for the smaller risks."""
    items: list[Item] = []
    for chunk in chunks:
        for m in TOTALS.finditer(chunk.text):
            overall = m.group("label").startswith("TOTAL")
            label = ("Budget risk register total" if overall
                     else "Budget risk register, other risks (under £10m)")
            for column, group in (("annual", "first"), ("lifetime", "second")):
                items.append(Item(
                    "figure", f"{label}, {column} exposure", f"£{m.group(group)}m",
                    make_source(meta, chunk, m.group(0)), number=_number(m.group(group)),
                    unit="£m", period=meta.date, when=meta.date,
                    details={"better": "lower", "column": column}))
    return items
