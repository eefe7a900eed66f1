"""Risk register rows, with ratings decoded by the document's own key.

Two shapes are read:
- a committee report's risk table (tab-separated rows: risk, description,
  mitigation, rating) whose rating combines a likelihood letter and an impact
  numeral ("BII"), decoded from the key table printed beneath it;
- a budget risk register flattened to running text (Kent), where each row opens
  with the directorate code and closes with its likelihood (1-5) and estimated
  financial exposure in £m, and the likelihood scale is printed on the last page.
"""

from __future__ import annotations

import re

from assistant.briefing.text import PageText, make_source, pages
from assistant.briefing.types import Item
from assistant.types import Chunk, DocumentMeta

ROMAN = re.compile(r"^(?P<letter>[A-F])(?P<roman>I{1,3}|IV|V|VI)$")
KEY_LINE = re.compile(r"^(?P<code>[A-F])\s+(?P<likelihood>[^\t]+)\t(?P<numeral>[IVX]+)\s+(?P<impact>.+)$")

DIRECTORATE = re.compile(
    r"(?<![A-Za-z])(?:Non Attributable Costs|(?:ASCH(?: \(PH\))?|CYPE|GET|DCED|ALL)"
    r"(?:\s*/\s*(?:ASCH|CYPE|GET|DCED|ALL))*)(?=\s+[A-Z0-9])")
RATING_TAIL = re.compile(r"(?<![\d.£])(?P<likelihood>[1-5])\s+(?P<exposure>\d{1,4}\.\d)(?![\d%])")
LIKELIHOOD_KEY = re.compile(r"Likelihood Rating\s+(?P<body>(?:[A-Z][A-Za-z ]*?\s+[1-5]\s*)+)")
KEY_PAIR = re.compile(r"(?P<label>[A-Z][A-Za-z ]*?)\s+(?P<score>[1-5])")
HEADER_NOISE = re.compile(r"(?:Lifetime £m £m\s*)?Significant Risks \(over £10m\)\s*(?:DRAFT)?")
OTHER_RISKS = re.compile(r"Other Risks \(under £10m[^)]*\)")
SENTENCE_START = re.compile(r"\s(?:The|A|An)\s|(?<=[a-z0-9)])\s(?=[A-Z][a-z]+\s[a-z])")
CRR = re.compile(r"(?P<code>CRR\d{4}):\s*(?P<title>[^.\n]+?)(?:\.|\n|$)")
CRR_RATING = re.compile(
    r"\b(?:reduced|reduce|increased|increase|raised|revised)\b[^.]*?\bto\s+(?:a\s+)?"
    r"(?P<level>[Hh]igh|[Mm]edium|[Ll]ow)\b"
    r"|\b(?:still|remains?)\s+\(?(?:a\s+)?(?P<level2>[Hh]igh|[Mm]edium|[Ll]ow)\b")
CRR_TITLE_END = re.compile(r"\s+(?:has been|have been|is|was|will)\s.*$")
ACTION = re.compile(r"^(?P<status>Complete|Partially Complete|Regular Review|Action Outstanding)\s+"
                    r"(?P<action>.+)$")
CONNECTORS = {"of", "and", "to", "the", "for", "in", "on", "&", "-", "–", "a", "with", "by",
              "as", "from", "at", "or", "including:", "including"}


def risks(meta: DocumentMeta, chunks: list[Chunk]) -> list[Item]:
    items = [item for chunk in chunks if chunk.kind == "table" for item in _table(meta, chunk)]
    return items or register_rows(meta, chunks) or corporate_risks(meta, chunks)


def is_register(chunks: list[Chunk]) -> bool:
    """A flattened budget risk register (its rows own the numbers in its text)."""
    return any("Risk Title" in c.text and "Likelihood" in c.text for c in chunks[:3])


def _rating_key(lines: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    likelihood: dict[str, str] = {}
    impact: dict[str, str] = {}
    for line in lines:
        m = KEY_LINE.match(line.strip())
        if m:
            likelihood[m.group("code")] = m.group("likelihood").strip()
            impact[m.group("numeral")] = m.group("impact").strip()
    return likelihood, impact


def _table(meta: DocumentMeta, chunk: Chunk) -> list[Item]:
    lines = chunk.text.split("\n")
    header = next((i for i, ln in enumerate(lines) if "\t" in ln and "Risk" in ln
                   and "rating" in ln.lower()), None)
    if header is None:
        return []
    likelihood, impact = _rating_key(lines)
    columns = [c.strip().lower() for c in lines[header].split("\t")]
    items: list[Item] = []
    category = ""
    for line in lines[header + 1:]:
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) < len(columns) - 1 or KEY_LINE.match(line.strip()):
            continue
        row = dict(zip(columns, cells + [""] * (len(columns) - len(cells)), strict=False))
        category = row.get("risk") or category
        description = row.get("description", "")
        if not description or description.lower().startswith(("impact", "likelihood")):
            continue
        mitigation = next((v for k, v in row.items() if "mitigat" in k), "")
        rating = next((v for k, v in row.items() if "rating" in k), "")
        details = {"risk": category, "description": description, "mitigation": mitigation,
                   "rating": rating}
        decoded = ROMAN.match(rating)
        if decoded:
            details["likelihood"] = likelihood.get(decoded.group("letter"), "")
            details["impact"] = impact.get(decoded.group("roman"), "")
        items.append(Item("risk", description, rating, make_source(meta, chunk, line.strip()),
                          details=details))
    return items


def _likelihood_scale(chunks: list[Chunk]) -> dict[int, str]:
    for chunk in reversed(chunks):
        m = LIKELIHOOD_KEY.search(chunk.text)
        if m:
            return {int(p.group("score")): p.group("label").strip()
                    for p in KEY_PAIR.finditer(m.group("body"))}
    return {}


def register_rows(meta: DocumentMeta, chunks: list[Chunk]) -> list[Item]:
    """Rows of a flattened register: from one directorate code to the next."""
    if not is_register(chunks):
        return []
    scale = _likelihood_scale(chunks)
    items: list[Item] = []
    past_cut = False  # rows after "Other Risks (under £10m ...)" carry no individual amounts
    for page in pages(chunks).values():
        cut = OTHER_RISKS.search(page.text)
        starts = list(DIRECTORATE.finditer(page.text))
        for i, start in enumerate(starts):
            end = starts[i + 1].start() if i + 1 < len(starts) else len(page.text)
            significant = not past_cut and (cut is None or start.start() < cut.start())
            items.append(_register_row(meta, page, start, end, scale, significant))
        past_cut = past_cut or cut is not None
    return items


def _register_row(meta: DocumentMeta, page: PageText, start: re.Match[str], end: int,
                  scale: dict[int, str], significant: bool) -> Item:
    body_start = start.end() + 1
    row = page.text[body_start:end]
    row = OTHER_RISKS.split(row)[0]
    title = _title(HEADER_NOISE.sub(" ", row))
    tails = list(RATING_TAIL.finditer(row)) if significant else []
    rating = tails[-1] if tails else None
    details: dict[str, object] = {"directorate": start.group(0), "risk": title,
                                  "description": " ".join(row.split()), "mitigation": "",
                                  "rating": rating.group("likelihood") if rating else ""}
    number = None
    if rating:
        number = float(rating.group("likelihood"))
        details["likelihood"] = scale.get(int(number), "")
        details["likelihood_score"] = int(number)
        details["exposure_m"] = float(rating.group("exposure"))
        details["rating_text"] = rating.group(0)
    chunk, quote = page.quote(start.start(), _sentence_end(page.text, body_start, end))
    value = rating.group("likelihood") if rating else ""
    return Item("risk", title, value, make_source(meta, chunk, quote), number=number,
                unit="likelihood (1-5)" if rating else None, details=details)


def _sentence_end(text: str, start: int, limit: int) -> int:
    stop = text.find(". ", start, limit)
    newline = text.find("\n", start, limit)
    ends = [e for e in (stop + 1 if stop >= 0 else -1, newline) if e >= 0]
    return min(ends) if ends else limit


def _title(row: str) -> str:
    """The risk title: the register's first column, which runs into the cause text.

    The cause starts a sentence ("The ...", "A ...", "Lack of ...") after a title
    word that is not a connector; a title rarely runs past 20 words.
    """
    tokens = row.split()
    for i in range(1, min(len(tokens), 22)):
        word, prev = tokens[i], tokens[i - 1]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if word == prev or (i >= 2 and tokens[i:i + 2] == tokens[i - 2:i]):
            return " ".join(tokens[:i])  # "Capital Capital project costs ...": title, then cause
        if word in ("The", "A", "An") and prev.lower() not in CONNECTORS:
            return " ".join(tokens[:i])
        if (i >= 2 and word[:1].isupper() and nxt[:1].islower() and nxt not in ("-", "–")
                and prev.lower() not in CONNECTORS and not prev.endswith((",", ":"))):
            return " ".join(tokens[:i])
    return " ".join(tokens[:12])


def corporate_risks(meta: DocumentMeta, chunks: list[Chunk]) -> list[Item]:
    """Corporate risk register entries cited by code ("CRR0063: Capacity to ..."), one per code.

    Performance reports summarise the register: key changes (with the new rating
    level) and the mitigating actions due, each under its risk's code and title.
    """
    found: dict[str, Item] = {}
    actions: dict[str, list[str]] = {}
    for chunk in chunks:
        lines = chunk.text.split("\n")
        for i, line in enumerate(lines):
            for m in CRR.finditer(line):
                code = m.group("code")
                title = CRR_TITLE_END.sub("", " ".join(m.group("title").split()))
                rest = line[m.end():]
                if code not in found:
                    rating = CRR_RATING.search(rest)
                    level = (rating.group("level") or rating.group("level2")).capitalize() \
                        if rating else ""
                    found[code] = Item("risk", title, level,
                                       make_source(meta, chunk, m.group(0).strip()),
                                       details={"risk": title, "code": code, "rating": level,
                                                "description": " ".join(rest.split()),
                                                "mitigation": ""})
                following = lines[i + 1] if i + 1 < len(lines) else ""
                action = ACTION.match(following.strip())
                if action:
                    actions.setdefault(code, []).append(
                        f"{action.group('status')}: {action.group('action')}")
    for code, item in found.items():
        if code in actions:
            item.details["mitigation"] = " | ".join(actions[code])
    return list(found.values())
