"""Figures in running sentences: a number, what it measures, its unit, its period.

A number is kept when it carries a unit (%, £) or counts something named ("40
children"), or is introduced as a value ("from a high of 662 in June 2023",
"(2,105)"). Years, dates, references (section 136, Item 9), ages, ranges and
runs of table cells are not figures. A target or floor standard qualifies the
figure before it rather than standing alone. The measure is the phrase leading
up to the number, else the noun it counts, else the measure of the figure before
it in the same sentence ("increased to 87% from 62%").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.briefing.text import (
    DAY_MONTH_YEAR,
    MONTH_RE,
    QUARTER,
    SEASON_YEAR,
    Sentence,
    make_source,
    quarter_end,
    read_date,
    shift_months,
)
from assistant.briefing.types import Item
from assistant.types import DocumentMeta

NUMBER = re.compile(
    r"(?<![\w.,/£$–-])(?P<cur>£)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<unit>\s?%|\s?per cent|\s?(?:m|bn|k)\b|\s(?:million|billion)\b)?(?![\w/–-]|\.\d|,\d)")
REFERENCE_WORDS = {"section", "sections", "paragraph", "para", "paras", "item", "items",
                   "appendix", "quarter", "q", "outcome", "enabler", "grade", "article", "act",
                   "regulation", "regulations", "page", "pages", "tier", "phase", "stage", "cat",
                   "category", "year", "no", "minute", "minutes", "recommendation", "table",
                   "chapter", "schedule", "level", "key", "aged", "age", "ages", "priority",
                   "option", "options", "clause", "standard", "per"}
NOT_A_NOUN = {"and", "or", "to", "of", "the", "in", "on", "at", "for", "by", "with", "per",
              "from", "than", "is", "was", "are", "were", "has", "have", "had", "be", "as",
              "that", "which", "this", "it", "a", "an", "but", "so", "if", "when", "where",
              "while", "out", "up", "more", "less", "times", "pm", "am", "months", "days",
              "weeks", "years", "hours", "minutes", "seconds", "against", "over", "under",
              "across", "into", "within", "who", "open", "subject", "compared", "since"}
VALUE_LEAD = re.compile(r"(?:\b(?:of|to|from|by|at|was|were|is|are|reached|total|totalled|stood|"
                        r"around|approximately|about|some|nearly|almost|only|"
                        r"stands|remained|high|low|peak)\s*)$", re.IGNORECASE)
TARGET_LEAD = re.compile(r"\b(?:target|aim|ambition|floor standard)(?:\s+[a-z]+)?\s+(?:of\s+)?"
                         r"(?:no more than\s+|no less than\s+|at least\s+|being\s+)?$", re.I)
MEASURE_TRIM = re.compile(
    r"(?:\s+(?:is|was|are|were|has|have|had|been|now|currently|increased|decreased|dropped|fell|"
    r"rose|reduced|remained|reached|stood|stands|improved|declined|grown|grew|moved|to|from|of|"
    r"at|by|around|about|approximately|nearly|almost|over|under|some|only|high|low|a|an|the|"
    r"c|circa|just|with|than|compared|increase|decrease|reduction|up|down|on|level|and))+\s*$",
    re.IGNORECASE)
MEASURE_LEAD = re.compile(r"^(?:and|but|or|with|while|whilst|however|of which|which|that|the|"
                          r"there|in|so|this|whereas|were|was|are|is|when|where|who|"
                          r"(?:remains?|remained|is|was|are|were)\s+(?:below|above|within|under|over)|"
                          r"compares?\s+(?:to|with)|compared\s+(?:to|with))\s+", re.IGNORECASE)
NOUN_OF = re.compile(r"\b(?:(?:the|a|an|reducing|increasing|rising|falling)\s+)?"
                     r"((?:number|proportion|percentage|rate|level|levels|total|amount|count|"
                     r"share)\s+of\s+[^,;:()]+?)(?=\s+(?:when|compared|than|was|is|were|are|being|has|have|had|"
                     r"remained|remains|in\s+20)\b|$)",
                     re.IGNORECASE)
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
WEAK_WORDS = {"and", "but", "the", "achieving", "target", "quarter", "year", "month", "week",
              "period", "saw", "see", "sees", "show", "shows", "showed", "achieved",
              "received", "recorded", "giving", "gave", "represents", "reflect", "reflects",
              "secured", "securing", "completed", "awarded", "attended", "made", "available",
              "continued", "continues", "together", "both", "which", "this", "that", "there",
              "total", "with", "for", "has", "have", "had", "were", "was", "are", "being",
              "compared", "between", "during", "its", "their", "our", "than", "into", "since"}
PERIOD_LEFTOVER = re.compile(r"\s+(?:at|by|as of|as at)\s+the\s+end(?:\s+of)?\s*$", re.I)
THIS_MEASURE = re.compile(r"\bth(?:is|e same) (?:measure|indicator|KPI)\b", re.IGNORECASE)
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

def prose(meta: DocumentMeta, sentence: Sentence, previous_sentence: str = "") -> list[Item]:
    """Figures in one sentence; a later number may be the target or earlier value of the same."""
    text = sentence.text
    found = [f for f in (_candidate(text, m) for m in NUMBER.finditer(text)) if f]
    kept: list[_Found] = []
    for f in found:
        if (TARGET_LEAD.search(text[max(0, f.start - 40):f.start])
                or re.match(r"\s+target\b", text[f.end:], re.IGNORECASE)):
            if kept:  # a target or floor qualifies the figure before it; alone, it is no figure
                kept[-1].target = f.display
            continue
        kept.append(f)
    items: list[Item] = []
    previous_measure = ""
    for i, f in enumerate(kept):
        left = kept[i - 1].end if i else 0
        right = kept[i + 1].start if i + 1 < len(kept) else len(text)
        measure = _measure(text, left, f) or previous_measure or _trailing_measure(text, f)
        if not measure:
            continue
        if THIS_MEASURE.search(measure) and previous_sentence:
            # "Performance for this measure was 73.2%": the measure was named just before
            named = NOUN_OF.search(re.sub(r"\([^()]*\)", " ", previous_sentence))
            measure = named.group(1).strip() if named else measure
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
    bracketed = text[m.start() - 1:m.start()] == "(" and (
        text[m.end():m.end() + 1] == ")" or after[:1] and after[0].startswith("("))
    if not bracketed and (prev_word in REFERENCE_WORDS
                          or any(w.lower() in ("aged", "age") for w in before[-3:])):
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
    plural_noun = re.fullmatch(r"[a-z]+s", next_word) is not None
    counted_year = text[m.end():m.end() + 1] == "+" or (
        plural_noun and prev_word not in ("the", "of", "in", "from", "since", "to", "by", "and"))
    if "." not in num and 1900 <= value <= 2099 and "," not in num and not counted_year:
        return None  # a year (but "2000+ care leavers" is a count)
    if re.search(r"[-–]\s$", text[max(0, m.start() - 2):m.start()]) or prev_word in (
            "turning", "turn", "turns", "turned") or (prev_word == "at" and value < 30
                                                       and next_word[:1].islower()):
        return None  # "18- 25" (a broken range), "upon turning 18", "At 18 individuals": ages
    day_of_date = re.match(MONTH_RE + r"\b", next_word) or re.match(r"(?:st|nd|rd|th)\b",
                                                                     next_word)
    if day_of_date and (value <= 31 or not VALUE_LEAD.search(text[:m.start()])):
        return None  # a day of a date ("9 to 20 May 2022")
    if bracketed or re.match(r"\s*\(\d[\d.,]*%\)", text[m.end():]):
        return _Found(m.start(), m.end(), value, num, "count")  # "(2,105)", "1,036 (51.4%)"
    noun = next_word.lower()
    counts = (noun.isalpha() and next_word[:1].islower() and noun not in NOT_A_NOUN
              and len(noun) > 2)
    introduced = VALUE_LEAD.search(text[:m.start()]) is not None and (
        not next_word or re.match(MONTH_RE + r"\b|(?:in|at|by|for|from|than|since|to|of)\b",
                                  next_word) is not None
        or re.match(r"[,.;)]|\s+[(–-]", text[m.end():m.end() + 3]) is not None)
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


def _trailing_measure(text: str, f: _Found) -> str:
    """'an 8.6% increase in the number of families supported': the words after the number."""
    after = re.split(r"[,;:()]|\s[–-]\s", text[f.end:])[0]
    noun_of = NOUN_OF.search(after)
    if noun_of:
        return noun_of.group(1).strip()
    phrase = " ".join(after.split()[:8]).rstrip(".")
    return phrase if len(re.findall(r"[A-Za-z]{3,}", phrase)) >= 2 else ""


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
    lead = re.sub(r"\([^()]*\)", " ", PERIOD.sub(" ", text[left:f.start]))
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
    phrase = MEASURE_TRIM.sub("", " " + " ".join(phrase.split())).strip()
    return MEASURE_TRIM.sub("", " " + PERIOD_LEFTOVER.sub("", phrase)).strip()


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
