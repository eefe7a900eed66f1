"""Figures: a number, what it measures, its unit and the period it refers to.

Three sources, from most to least structured:
- KPI lines of performance reports ("<indicator> RED Latest: 613 Target: 700
  Floor: 650 Previous: 612 (Red)"), which give target, floor and the previous
  value, and so the direction in which the indicator should move;
- register totals ("TOTAL £m 334.7 290.0");
- numbers in running sentences, kept only when they carry a unit (%, £) or count
  something named ("40 children"), or are introduced as a value ("from a high of
  662 June 2023"). Years, dates, references (section 136, Item 9), ranges and
  runs of table cells are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.briefing.text import (
    DAY_MONTH_YEAR,
    MONTH_RE,
    QUARTER,
    SEASON_YEAR,
    PageText,
    Sentence,
    make_source,
    pages,
    quarter_end,
    read_date,
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

NUMBER = re.compile(
    r"(?<![\w.,/£$–-])(?P<cur>£)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<unit>\s?%|\s?per cent|\s?(?:m|bn|k)\b|\s(?:million|billion)\b)?(?![\w/–-]|\.\d|,\d)")
REFERENCE_WORDS = {"section", "sections", "paragraph", "para", "paras", "item", "items",
                   "appendix", "quarter", "q", "outcome", "enabler", "grade", "article", "act",
                   "regulation", "regulations", "page", "pages", "tier", "phase", "stage", "cat",
                   "category", "year", "no", "minute", "minutes", "recommendation", "table",
                   "chapter", "schedule", "level", "key", "aged", "age", "ages", "priority",
                   "option", "options", "clause", "standard", "under", "over"}
NOT_A_NOUN = {"and", "or", "to", "of", "the", "in", "on", "at", "for", "by", "with", "per",
              "from", "than", "is", "was", "are", "were", "has", "have", "had", "be", "as",
              "that", "which", "this", "it", "a", "an", "but", "so", "if", "when", "where",
              "while", "out", "up", "more", "less", "times", "pm", "am", "months", "days",
              "weeks", "years", "hours", "minutes", "seconds", "against", "over", "under",
              "across", "into", "within", "who", "open", "subject", "compared", "since"}
VALUE_LEAD = re.compile(r"(?:\b(?:of|to|from|at|was|were|is|are|reached|total|totalled|stood|"
                        r"stands|remained|high|low|peak)\s*)$", re.IGNORECASE)
TARGET_LEAD = re.compile(r"\b(?:target|aim|ambition|floor standard)\s+(?:of\s+)?$", re.I)
MEASURE_TRIM = re.compile(
    r"(?:\s+(?:is|was|are|were|has|have|had|been|now|currently|increased|decreased|dropped|fell|"
    r"rose|reduced|remained|reached|stood|stands|improved|declined|grown|grew|moved|to|from|of|"
    r"at|by|around|about|approximately|nearly|almost|over|under|some|only|high|low|a|an|the|"
    r"c|circa|just|with|than|compared|increase|decrease|reduction|up|down|on|level))+\s*$",
    re.IGNORECASE)
MEASURE_LEAD = re.compile(r"^(?:and|but|or|with|while|whilst|however|of which|which|that|the|"
                          r"there|in|so|this|whereas)\s+", re.IGNORECASE)
NOUN_OF = re.compile(r"\b(?:(?:the|a|an|reducing|increasing|rising|falling)\s+)?"
                     r"((?:number|proportion|percentage|rate|level|levels|total|amount|count|"
                     r"share)\s+of\s+[^,;:()]+)$", re.IGNORECASE)
PERIOD = re.compile(
    r"(?:\b12 months to " + MONTH_RE + r"\s+20\d\d)"
    r"|" + DAY_MONTH_YEAR.pattern +
    r"|" + SEASON_YEAR.pattern.replace("(?P<season>", "(?P<season2>").replace("(?P<year>", "(?P<year2>")
    + r"|\b(?:Quarter|Q)\s?[1-4](?:,?\s+20\d\d/\d\d)?\b"
    r"|\b20\d\d[-/]\d\d\b"
    r"|\b(?:the\s+)?(?:same\s+quarter\s+(?:a\s+year\s+ago|last\s+year)|last\s+quarter|previous\s+"
    r"quarter|last\s+year|previous\s+year|this\s+year|last\s+12\s+months)\b"
    r"|\bin\s+(?:19|20)\d\d\b",
    re.IGNORECASE)
WEAK_WORDS = {"and", "but", "the", "achieving", "target", "saw", "see", "sees", "show", "shows", "showed", "achieved",
              "received", "recorded", "giving", "gave", "represents", "reflect", "reflects",
              "secured", "securing", "completed", "awarded", "attended", "made", "available",
              "continued", "continues", "together", "both", "which", "this", "that", "there",
              "total", "with", "for", "has", "have", "had", "were", "was", "are", "being",
              "compared", "between", "during", "its", "their", "our", "than", "into", "since"}
CHANGE = re.compile(r"\s+(?:increase|decrease|rise|fall|drop|reduction|fewer|more|higher|lower|"
                    r"up|down|growth|decline|improvement)\b", re.IGNORECASE)
RELATIVE = {"same quarter a year ago": -15, "same quarter last year": -15, "last quarter": -3,
            "previous quarter": -3, "last year": -12, "previous year": -12, "this year": 0,
            "last 12 months": 0}


@dataclass
class _Found:
    start: int
    end: int
    number: float
    display: str
    unit: str
    target: str | None = None


def figures(meta: DocumentMeta, chunks: list[Chunk], skip_prose: bool = False) -> list[Item]:
    """All figures of a document; `skip_prose` for registers, whose rows own their numbers."""
    items = kpis(meta, chunks) + totals(meta, chunks)
    if skip_prose:
        return items
    seen = {(i.source.chunk_id, i.number) for i in items}
    for sentence in sentences(chunks):
        if "Latest:" in sentence.text or "TOTAL £m" in sentence.text:
            continue
        for item in prose(meta, sentence):
            if (item.source.chunk_id, item.number) not in seen:
                items.append(item)
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
                    "figure", f"{label}, {column} exposure", m.group(group),
                    make_source(meta, chunk, m.group(0)), number=_number(m.group(group)),
                    unit="£m", period=meta.date, when=meta.date,
                    details={"better": "lower", "column": column}))
    return items


def prose(meta: DocumentMeta, sentence: Sentence) -> list[Item]:
    """Figures in one sentence; a later number may be the target or earlier value of the same."""
    text = sentence.text
    found = [f for f in (_candidate(text, m) for m in NUMBER.finditer(text)) if f]
    kept: list[_Found] = []
    for f in found:
        if kept and (TARGET_LEAD.search(text[max(0, f.start - 30):f.start])
                     or re.match(r"\s+target\b", text[f.end:], re.IGNORECASE)):
            kept[-1].target = f.display
            continue
        kept.append(f)
    items: list[Item] = []
    previous_measure = ""
    for i, f in enumerate(kept):
        left = kept[i - 1].end if i else 0
        right = kept[i + 1].start if i + 1 < len(kept) else len(text)
        measure = _measure(text, left, f) or previous_measure
        if not measure:
            continue
        previous_measure = measure
        period, when = _period(text, left, f, right, meta.date)
        details: dict[str, object] = {"target": f.target} if f.target else {}
        if f.unit == "%" and CHANGE.match(text[f.end:]):
            details["change"] = True  # "a 31% decrease": a change, not a level
        items.append(Item("figure", measure, f.display, make_source(meta, sentence.chunk, text),
                          number=f.number, unit=f.unit, period=period, when=when,
                          details=details))
    return items


def _candidate(text: str, m: re.Match[str]) -> _Found | None:
    cur, num, unit = m.group("cur") or "", m.group("num"), (m.group("unit") or "").strip()
    value = float(num.replace(",", ""))
    before = text[:m.start()].split()
    after = text[m.end():].split()
    prev_word = before[-1].lower().strip("(,") if before else ""
    next_word = after[0].strip(",.;:()") if after else ""
    if _is_cell(before[-1] if before else "") or _is_cell(after[0] if after else ""):
        return None  # a run of table cells: the column heads are lost
    if prev_word in REFERENCE_WORDS or any(w.lower() in ("aged", "age") for w in before[-3:]):
        return None
    if re.fullmatch(MONTH_RE, before[-1].strip("(,") if before else "", re.IGNORECASE):
        return None  # "Dec 24", "March 2025": part of a date
    if cur or unit:
        if unit in ("%", "per cent"):
            shown, kind = f"{num}%", "%"
        elif unit:
            shown, kind = f"{cur}{num}{unit if unit in ('m', 'bn', 'k') else ' ' + unit}", \
                f"£{unit}" if cur else unit
        else:
            shown, kind = f"{cur}{num}", "£"
        return _Found(m.start(), m.end(), value, shown, kind)
    if "." not in num and 1900 <= value <= 2099 and "," not in num:
        return None  # a year
    day_of_date = re.match(MONTH_RE + r"\b", next_word) or re.match(r"(?:st|nd|rd|th)\b",
                                                                     next_word)
    if day_of_date and not VALUE_LEAD.search(text[:m.start()]):
        return None  # a day of a date
    noun = next_word.lower()
    counts = (noun.isalpha() and next_word[:1].islower() and noun not in NOT_A_NOUN
              and len(noun) > 2)
    introduced = VALUE_LEAD.search(text[:m.start()]) is not None and (
        not next_word or re.match(MONTH_RE + r"\b|in\b|at\b|by\b|for\b", next_word) is not None
        or text[m.end():m.end() + 1] in ",.;)")
    if not (counts or introduced):
        return None
    return _Found(m.start(), m.end(), value, num, "count")


def _is_cell(token: str) -> bool:
    """A bare number beside this one: a flattened table row ("1,466 1,460 1,444")."""
    return re.fullmatch(r"£?\d[\d,]*(?:\.\d+)?%?", token.rstrip(",.;")) is not None


def _measure(text: str, left: int, f: _Found) -> str:
    """What a number measures: the noun it counts, or the phrase that leads up to it."""
    noun = _counted_noun(text, f) if f.unit == "count" else ""
    lead = _lead_measure(text, left, f)
    if noun and (not lead or not VALUE_LEAD.search(text[left:f.start])):
        return noun
    return lead


def _counted_noun(text: str, f: _Found) -> str:
    """'40 children', '613 approved households': the words the number counts."""
    after = re.match(r"\s+((?:[a-z][a-z-]*\s?){1,4})", text[f.end:])
    phrase: list[str] = []
    for word in (after.group(1).split() if after else []):
        if word in NOT_A_NOUN:
            break
        phrase.append(word)
    return " ".join(phrase)


def _lead_measure(text: str, left: int, f: _Found) -> str:
    """'Turnover rate is 27%': the phrase leading up to the number, minus its verb."""
    lead = PERIOD.sub(" ", text[left:f.start])
    clause = _trim(re.split(r"[;:(]|,\s", lead)[-1])
    if not re.search(r"[A-Za-z]{3,}", clause):
        # "... the number of children in need (from a high of 662": the measure precedes
        clause = _trim(PERIOD.sub(" ", text[:f.start]).split("(")[0]) if left == 0 else ""
    noun_of = NOUN_OF.search(clause)
    if noun_of:
        return noun_of.group(1).strip()
    lead = clause.lstrip(")]}.,;:–- ")
    while MEASURE_LEAD.match(lead):
        lead = MEASURE_LEAD.sub("", lead, count=1)
    lead = " ".join(lead.split()[-10:])
    content = [w for w in re.findall(r"[A-Za-z]{3,}", lead) if w.lower() not in WEAK_WORDS]
    return lead if len(content) >= 2 or (content and len(lead.split()) == 1) else ""


def _trim(phrase: str) -> str:
    return MEASURE_TRIM.sub("", " " + " ".join(phrase.split())).strip()


def _period(text: str, left: int, f: _Found, right: int, doc_date: str | None
            ) -> tuple[str | None, str | None]:
    after = [m for m in PERIOD.finditer(text, f.end, right)]
    before = [m for m in PERIOD.finditer(text, left, f.start)]
    m = after[0] if after else (before[-1] if before else None)
    if m is None:
        return None, None
    written = m.group(0).strip()
    return written, _period_date(written, doc_date)


def _period_date(written: str, doc_date: str | None) -> str | None:
    lowered = " ".join(written.lower().removeprefix("the ").split())
    if lowered in RELATIVE:
        return shift_months(doc_date, RELATIVE[lowered]) if doc_date else None
    quarter = QUARTER.search(written)
    if quarter and quarter.group("fy"):
        return quarter_end(int(quarter.group("q")), int(quarter.group("fy")))
    fy = re.fullmatch(r"(20\d\d)[-/](\d\d)", written)
    if fy:
        return f"{int(fy.group(1)) + 1}-03"
    year = re.fullmatch(r"in\s+((?:19|20)\d\d)", lowered)
    if year:
        return year.group(1)
    return read_date(written)
