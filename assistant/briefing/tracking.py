"""The same measure or judgement across periods and documents of one council, in date order.

A figure is matched by its council, its measure's content words and its unit; a
judgement by its council and area; a register risk by its council and title. A
KPI line contributes two points (previous quarter and latest) from one cited
sentence; a sentence like "from a high of 662 in June 2023 to 583 in December
2023" contributes two points too. Each point keeps the item it came from, so
every point of a chart can be cited.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from assistant.briefing.inspection import GRADE_RANK
from assistant.briefing.text import words
from assistant.briefing.types import Item, Point, Track

if TYPE_CHECKING:
    from matplotlib.figure import Figure

STOP = {"the", "a", "an", "of", "in", "for", "to", "and", "by", "on", "at", "with", "from",
        "number", "total"}
LOWER_IS_BETTER = re.compile(
    r"turnover|vacanc|inadequate|overspend|deficit|risk|exposure|waiting|caseload|complaint|"
    r"exclu|re-?referral|repeat|agency|delay|backlog|missing|homeless|unregulated|"
    r"unregistered|off-target|children in need", re.IGNORECASE)
HIGHER_IS_BETTER = re.compile(
    r"graded good|good or outstanding|within timescale|answered|satisfaction|recommend|"
    r"approved|foster households|in education, employment|settled accommodation|"
    r"permanent qualified|recruit", re.IGNORECASE)
GRADE_NAMES = {1: "Outstanding", 2: "Good", 3: "Requires improvement", 4: "Inadequate"}


def measure_key(label: str) -> str:
    return " ".join(w for w in words(label) if w not in STOP)


def direction(label: str) -> str | None:
    """Which way is better for a measure, when its words say so ('turnover', 'answered')."""
    if HIGHER_IS_BETTER.search(label):
        return "higher"
    if LOWER_IS_BETTER.search(label):
        return "lower"
    return None


def _points(item: Item) -> list[tuple[str, Point]]:
    """(track key, point) pairs an item contributes."""
    council = item.source.council or "unknown council"
    when = item.when or item.source.date or ""
    if item.kind == "figure" and item.number is not None and not item.details.get("change"):
        key = f"{council}|figure|{measure_key(item.label)}|{item.unit}"
        out = [(key, Point(when, item.value, item.number, item))]
        previous, previous_when = item.details.get("previous"), item.details.get("previous_when")
        if previous and previous_when:
            number = float(str(previous).replace(",", "").replace("%", "").replace("£", ""))
            out.insert(0, (key, Point(previous_when, str(previous), number, item)))
        return out
    if item.kind == "judgement":
        rank = GRADE_RANK.get(item.value.lower())
        return [(f"{council}|judgement|{item.label}|grade",
                 Point(item.source.date or when, item.value, rank, item))]
    if item.kind == "risk" and "exposure_m" in item.details:
        exposure = float(item.details["exposure_m"])
        directorate = measure_key(str(item.details.get("directorate", "")))
        return [(f"{council}|risk|{directorate} {measure_key(item.label)}|£m",
                 Point(item.source.date or when, f"£{exposure:.1f}m", exposure, item))]
    return []


def tracks(items: Iterable[Item]) -> list[Track]:
    """Tracks with at least two points at different dates, each ordered by date."""
    grouped: dict[str, list[Point]] = {}
    for item in items:
        for key, point in _points(item):
            grouped.setdefault(key, []).append(point)
    out: list[Track] = []
    for key, points in grouped.items():
        unique = _dedupe(points)
        dates = [p.when for p in unique]
        if len(set(dates)) < 2 or len(set(dates)) < len(dates):
            continue  # one date, or two values for one date: not one measure over time
        council, kind, _, unit = key.split("|")
        first = unique[-1].item
        label = first.label
        better = first.details.get("better") or (
            "lower" if kind in ("judgement", "risk") else direction(label))
        out.append(Track(council, kind, label, None if unit == "grade" else unit,
                         tuple(unique), better))
    return sorted(out, key=lambda t: (t.council, t.kind, t.label))


def _dedupe(points: list[Point]) -> list[Point]:
    seen: dict[tuple[str, str], Point] = {}
    for p in sorted(points, key=lambda p: (p.when, p.item.source.date or "")):
        seen.setdefault((p.when, p.value), p)
    return list(seen.values())


def moved_wrong_way(track: Track) -> tuple[Point, Point] | None:
    """The last two points, if the last move went the wrong way for this measure."""
    if len(track.points) < 2 or track.better is None:
        return None
    before, last = track.points[-2], track.points[-1]
    if before.number is None or last.number is None or before.number == last.number:
        return None
    worse = last.number < before.number if track.better == "higher" \
        else last.number > before.number
    return (before, last) if worse else None


def changed_first(all_tracks: Iterable[Track]) -> list[Track]:
    """Tracks whose value changed come first (a flat line is rarely the story)."""
    return sorted(all_tracks, key=lambda t: len({p.value for p in t.points}) < 2)


def involving(all_tracks: Iterable[Track], document: str) -> list[Track]:
    """Tracks with at least one point from this document."""
    return [t for t in all_tracks if any(p.item.source.document == document for p in t.points)]


def chart(track: Track) -> Figure:
    """A small line chart of one track; judgements on Ofsted's four-point scale, best at top."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.0, 2.6), dpi=100)
    axes = figure.add_subplot()
    xs = list(range(len(track.points)))
    ys = [p.number if p.number is not None else float("nan") for p in track.points]
    axes.plot(xs, ys, marker="o", color="#1f5f8b")
    axes.set_xticks(xs, [p.when for p in track.points], fontsize=8)
    for x, p in zip(xs, track.points, strict=True):
        if p.number is not None:
            axes.annotate(p.value, (x, p.number), textcoords="offset points", xytext=(0, 6),
                          ha="center", fontsize=8)
    if track.kind == "judgement":
        axes.set_yticks(list(GRADE_NAMES), list(GRADE_NAMES.values()), fontsize=8)
        axes.set_ylim(4.5, 0.5)
    else:
        axes.set_ylabel(track.unit or "", fontsize=8)
        axes.margins(y=0.25)
    title = track.label if len(track.label) <= 70 else track.label[:67] + "..."
    axes.set_title(title, fontsize=9)
    axes.grid(alpha=0.3)
    figure.tight_layout()
    return figure
