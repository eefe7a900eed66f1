"""Suggested scrutiny questions, from templates filled with extracted items only.

Each question rests on items already extracted and cited, so it adds no fact of
its own; a language model may later rephrase the text but has nothing new to add.
Templates, in the order they are listed:
- a risk rated likely (or worse) with a major (or worse) impact or a large
  exposure, whose stated mitigation is thin or absent;
- a tracked figure or judgement whose last move went the wrong way;
- a KPI below its floor standard;
- a commitment whose due date is before the meeting;
- an area Ofsted said needs to improve, asked of the council's later papers.
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.briefing.tracking import moved_wrong_way
from assistant.briefing.types import Item, Question, Track

THIN_MITIGATION_WORDS = 12
LIKELY = {"very likely", "likely", "almost certain"}
MAJOR = {"catastrophic", "major", "critical", "severe"}
LIMIT = 20


def suggest(items: Iterable[Item], tracks: Iterable[Track] = (), meeting_date: str | None = None,
            context: Iterable[Item] = ()) -> list[Question]:
    """Questions for one document's meeting; `context` holds items from earlier papers."""
    items = list(items)
    questions = (_risks(items) + _wrong_way(tracks) + _below_floor(items)
                 + _past_due([*items, *context], meeting_date) + _improvements(context))
    return questions[:LIMIT]


def _words(text: object) -> int:
    return len(str(text or "").split())


def _risks(items: list[Item]) -> list[Question]:
    out: list[tuple[float, Question]] = []
    for item in items:
        if item.kind != "risk":
            continue
        likelihood = str(item.details.get("likelihood", "")).lower()
        score = item.details.get("likelihood_score")
        likely = likelihood in LIKELY or (isinstance(score, int) and score >= 4)
        impact = str(item.details.get("impact", "")).lower()
        exposure = item.details.get("exposure_m")
        severe = impact in MAJOR or (isinstance(exposure, float) and exposure >= 10.0)
        mitigation = str(item.details.get("mitigation") or "")
        if not (likely and severe) or _words(mitigation) >= THIN_MITIGATION_WORDS:
            continue
        rating = item.value + (f" ({item.details.get('likelihood')}"
                               + (f", impact {item.details['impact']}" if impact else "")
                               + (f", exposure £{exposure:.1f}m" if exposure else "") + ")")
        said = (f"the only mitigation given is \"{mitigation}\"" if mitigation
                else "the register gives no mitigation")
        where = f" ({item.details['directorate']})" if item.details.get("directorate") else ""
        text = (f"The risk \"{item.label}\"{where} is rated {rating}, but {said}. What further action "
                "is planned, who owns it, and when will the rating be reviewed?")
        out.append((float(exposure or 0) + (100.0 if impact in MAJOR else 0.0),
                    Question(text, "risk-thin-mitigation", (item,))))
    return [q for _, q in sorted(out, key=lambda pair: -pair[0])][:8]


def _wrong_way(tracks: Iterable[Track]) -> list[Question]:
    out = []
    for track in tracks:
        move = moved_wrong_way(track)
        if move is None:
            continue
        before, last = move
        if track.kind == "judgement":
            text = (f"Ofsted's judgement for \"{track.label}\" went from {before.value} "
                    f"({before.when}) to {last.value} ({last.when}). What is the plan to "
                    "recover, and how will progress be reported to this committee?")
        else:
            text = (f"\"{track.label}\" moved from {before.value} ({before.when}) to "
                    f"{last.value} ({last.when}), the wrong way. What explains the change, "
                    "and what is being done about it?")
        items = tuple(dict.fromkeys([before.item, last.item]))
        out.append(Question(text, "moved-wrong-way", items))
    return out


def _below_floor(items: list[Item]) -> list[Question]:
    out = []
    for item in items:
        if item.kind == "figure" and item.details.get("rag") == "RED":
            text = (f"\"{item.label}\" is at {item.value} against a target of "
                    f"{item.details.get('target')} and a floor standard of "
                    f"{item.details.get('floor')} (RED). What management action is being "
                    "taken, and when is it expected to reach the floor?")
            out.append(Question(text, "below-floor", (item,)))
    return out


def _past_due(items: Iterable[Item], meeting_date: str | None) -> list[Question]:
    if not meeting_date:
        return []
    out = []
    for item in items:
        due = item.details.get("due_date") if item.kind == "commitment" else None
        if not due or str(due) >= meeting_date:
            continue
        where = f"{item.source.title} ({item.source.date or 'undated'})"
        text = (f"{where} said: \"{item.label}\" The date given ({item.details.get('due')}) "
                f"is before this meeting ({meeting_date}). Was it done, and if not, when?")
        out.append(Question(text, "commitment-past-due", (item,)))
    return out


def _improvements(context: Iterable[Item]) -> list[Question]:
    out = []
    for item in context:
        if item.kind != "improvement":
            continue
        text = (f"Ofsted ({item.source.date or 'undated'}) said this needs to improve: "
                f"\"{item.label}\" What evidence in this report shows progress?")
        out.append(Question(text, "inspection-follow-up", (item,)))
    return out
