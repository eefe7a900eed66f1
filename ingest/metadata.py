"""Document metadata: from a manifest beside the documents, else inferred from the text."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

from assistant.types import DocumentMeta, Page

MANIFEST_NAMES = ("manifest.tsv", "manifest.csv")
MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
DATE_ISO = re.compile(r"(20\d\d|19\d\d)-(\d\d)-(\d\d)")
DATE_TEXT = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + "|".join(MONTHS) + r")\s+(19\d\d|20\d\d)\b", re.I)
COUNCIL = re.compile(
    r"\b((?:[A-Z][a-z]+(?:[ -](?:and|upon|on|of|[A-Z][a-z]+))*)\s+"
    r"(?:County|Borough|City|District|Metropolitan Borough)?\s*Council)\b")
TYPE_RULES = (
    (re.compile(r"area SEND|special educational needs and/or disabilities", re.I),
     "Area SEND inspection report"),
    (re.compile(r"Lead inspector|Inspection dates|Inspection of (?:local authority )?children",
                re.I), "Ofsted inspection report"),
    (re.compile(r"\bMINUTES of\b|\bminutes\b", re.I), "Minutes"),
    (re.compile(r"risk register", re.I), "Risk register"),
    (re.compile(r"record of decision", re.I), "Record of decision"),
    (re.compile(r"performance report", re.I), "Performance report"),
)


def find_manifest_rows(folder: Path) -> dict[str, dict[str, str]]:
    """Manifest rows keyed by file name, from this folder or any parent up to 3 levels."""
    rows: dict[str, dict[str, str]] = {}
    for parent in [folder, *list(folder.parents)[:3]]:
        for name in MANIFEST_NAMES:
            path = parent / name
            if path.is_file():
                for row in read_manifest(path):
                    rows.setdefault(Path(row.get("path", "")).name, row)
    return rows


def read_manifest(path: Path) -> list[dict[str, str]]:
    delimiter = "\t" if path.suffix == ".tsv" else ","
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        return [{(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
                for row in reader]


def describe(path: Path, pages: list[Page], manifest: dict[str, dict[str, str]]) -> DocumentMeta:
    """Metadata for one file: manifest values first, inferred values for the gaps."""
    row = manifest.get(path.name, {})
    first = "\n".join(p.text for p in pages[:2])
    inferred: list[str] = []

    def pick(field: str, guess: str | None) -> str | None:
        given = row.get(field) or None
        if given:
            return given
        if guess:
            inferred.append(field)
        return guess

    title = row.get("title") or infer_title(pages, path)
    if not row.get("title"):
        inferred.append("title")
    return DocumentMeta(
        document=path.name,
        title=title,
        council=pick("council", infer_council(first, path)),
        body=pick("body", infer_body(first)),
        document_type=pick("document_type", infer_type(first, path)),
        date=_normal_date(pick("date", infer_date(first, path))),
        source_path=str(path.resolve()),
        inferred=tuple(inferred),
    )


def infer_date(text: str, path: Path) -> str | None:
    iso = DATE_ISO.search(path.name)
    if iso:
        return iso.group(0)
    match = DATE_TEXT.search(text)
    if match:
        day, month, year = match.groups()
        return f"{year}-{MONTHS[month.lower()]:02d}-{int(day):02d}"
    year = re.search(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", path.name)
    return f"{year.group(1)}-01-01" if year else None


def infer_council(text: str, path: Path) -> str | None:
    match = COUNCIL.search(text)
    if match and match.group(1).split()[0] not in ("The", "County", "Borough", "City"):
        return re.sub(r"\s+", " ", match.group(1))
    services = re.search(r"^([A-Z]\w+(?: [A-Z]\w+){0,3})\s+Children[’']s Services", text, re.M)
    if services:
        return services.group(1).strip()
    stem = re.split(r"[_\d]", path.stem)[0].replace("-", " ").strip()
    return stem.title() if stem and stem.lower() != "ofsted" else None


def infer_body(text: str) -> str | None:
    match = re.search(r"^(.*(?:Committee|Cabinet|Panel|Board|Council))\s*$", text, re.M)
    return match.group(1).strip() if match else None


def infer_type(text: str, path: Path) -> str | None:
    for pattern, name in TYPE_RULES:
        if pattern.search(text) or pattern.search(path.name.replace("-", " ")):
            return name
    return "Committee report" if re.search(r"Committee|Cabinet", text) else None


def infer_title(pages: list[Page], path: Path) -> str:
    """An inspection report's own title, else the descriptive part of the file name,
    else the first title-like line of the first page."""
    lines = [ln.strip() for ln in pages[0].text.splitlines() if ln.strip()] if pages else []
    for i, line in enumerate(lines[:12]):
        if re.match(r"(Area SEND inspection of|Inspection of) ", line):
            following = lines[i + 1] if i + 1 < len(lines) else ""
            if following and len(following.split()) <= 8 and not re.search(
                    r"Inspection dates|Lead inspector|\d{4}", following):
                line = f"{line} {following}"
            return line
    slug = re.search(r"_(?:\d{4}-\d\d(?:-\d\d)?)_(.+)$", path.stem)
    if slug:
        words = slug.group(1).replace("_", " ").replace("-", " ").split()
        return " ".join(words)[:1].upper() + " ".join(words)[1:]
    for line in lines[:12]:
        words = line.split()
        if 3 <= len(words) <= 14 and not DATE_TEXT.search(line) and not re.search(
                r"Committee|Council$|^(Report|Author|From|By|Page)\b|^\d", line):
            return line.rstrip(":")
    return path.stem.replace("_", " ").replace("-", " ")


def _normal_date(value: str | None) -> str | None:
    if not value:
        return None
    match = DATE_ISO.search(value)
    if match:
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
        except ValueError:
            return None
    return None
