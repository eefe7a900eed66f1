"""Markdown and JSON renderings of a briefing (CLI output, app export).

Document text is untrusted: a report may contain characters that Markdown or
HTML would act on (a link, an image, a heading, a tag). Every piece of document
text goes through `md_escape`, so the Markdown shows it literally.
"""

from __future__ import annotations

from typing import Any

from assistant.briefing.types import KIND_TITLES, KINDS, Briefing, Item, Source, Track
from assistant.export import inert


def md_escape(text: object) -> str:
    """Document text made inert in Markdown (one line; links shown, never live).

    The project's one escaping rule (`assistant.export.inert`), so a briefing export
    and a conversation export treat document text alike.
    """
    return inert(str(text if text is not None else ""))


def cite(source: Source) -> str:
    where = f"p.{source.page}" + (f", para {source.paragraph}" if source.paragraph else "")
    return f"{source.title} ({source.date or 'undated'}), {where}"


def _headline(item: Item) -> str:
    label, value = md_escape(item.label), md_escape(item.value)
    if item.kind == "figure":
        period = f" ({md_escape(item.period)})" if item.period else ""
        target = item.details.get("target")
        extra = f", target {md_escape(target)}" if target else ""
        rag = item.details.get("rag")
        extra += f", {md_escape(rag)}" if rag else ""
        return f"**{label}**: {value}{period}{extra}"
    if item.kind == "risk":
        decoded = [str(item.details[k]) for k in ("likelihood", "impact") if item.details.get(k)]
        rating = f"{value} ({md_escape(', '.join(decoded))})" if decoded else (value or "")
        rating = rating or "not rated"
        exposure = item.details.get("exposure_m")
        rating += f", exposure £{exposure:.1f}m" if exposure else ""
        mitigation = item.details.get("mitigation")
        tail = f"; mitigation: {md_escape(mitigation)}" if mitigation else ""
        return f"**{label}**: {'rated ' if rating != 'not rated' else ''}{rating}{tail}"
    if item.kind == "recommendation":
        who = [f"{role} {md_escape(item.details[role])}" for role in ("proposer", "seconder")
               if item.details.get(role)]
        status = md_escape(item.details.get("status", ""))
        return f"**{status}**: {label}" + (f" ({', '.join(who)})" if who else "")
    if item.kind == "commitment":
        owner = item.details.get("owner")
        due = item.details.get("due")
        parts = [f"owner {md_escape(owner)}" if owner else "", f"due {md_escape(due)}" if due else ""]
        meta = ", ".join(p for p in parts if p)
        return f"{label}" + (f" (**{meta}**)" if meta else "")
    if item.kind == "judgement":
        return f"**{label}**: {value}"
    return label


def _item_lines(item: Item) -> list[str]:
    return [f"- {_headline(item)}",
            f"  - Source: {md_escape(cite(item.source))}",
            f"  - > {md_escape(item.source.sentence)}"]


def as_markdown(briefing: Briefing) -> str:
    meta = briefing.meta
    lines = [f"# Briefing: {md_escape(meta.title)}", "",
             f"{md_escape(meta.council or 'Unknown council')} · {md_escape(meta.body or '')} · "
             f"{md_escape(meta.date or 'undated')} · `{md_escape(meta.document)}`", ""]
    if briefing.meeting_date:
        lines += [f"Meeting date: {md_escape(briefing.meeting_date)}", ""]
    if briefing.questions:
        lines += ["## Suggested questions", ""]
        for n, q in enumerate(briefing.questions, 1):
            lines.append(f"{n}. {md_escape(q.text)}")
            for item in q.items:
                lines.append(f"   - Source: {md_escape(cite(item.source))}: "
                             f"“{md_escape(item.source.sentence)}”")
        lines.append("")
    for kind in KINDS:
        items = briefing.of_kind(kind)
        if not items:
            continue
        lines += [f"## {KIND_TITLES[kind]} ({len(items)})", ""]
        for item in items:
            lines += _item_lines(item)
        lines.append("")
    if briefing.tracks:
        lines += ["## Tracked over time", ""]
        for track in briefing.tracks:
            points = " → ".join(f"{md_escape(p.value)} ({md_escape(p.when)})"
                                for p in track.points)
            lines.append(f"- **{md_escape(track.label)}**: {points}")
            for p in track.points:
                lines.append(f"  - {md_escape(p.when)}: {md_escape(cite(p.item.source))}")
        lines.append("")
    return "\n".join(lines)


def as_json(briefing: Briefing) -> dict[str, Any]:
    meta = briefing.meta
    return {
        "document": meta.document, "title": meta.title, "council": meta.council,
        "body": meta.body, "date": meta.date, "meeting_date": briefing.meeting_date,
        "items": [i.as_json() for i in briefing.items],
        "tracks": [t.as_json() for t in briefing.tracks],
        "questions": [q.as_json() for q in briefing.questions],
    }


def table_rows(items: list[Item]) -> list[dict[str, object]]:
    """Items of one kind as table rows (the app shows them as data, never as markup)."""
    return [_row(item) for item in items]


def _row(item: Item) -> dict[str, object]:
    d = item.details
    where = {"Page": item.source.page, "Para": item.source.paragraph or "",
             "Source sentence": item.source.sentence}
    if item.kind == "figure":
        return {"Measure": item.label, "Value": item.value, "Period": item.period or "",
                "Target": d.get("target") or "", "RAG": d.get("rag") or "", **where}
    if item.kind == "risk":
        exposure = d.get("exposure_m")
        return {"Risk": item.label, "Category": d.get("risk") if d.get("risk") != item.label
                else d.get("directorate", ""), "Mitigation": d.get("mitigation") or "",
                "Rating": item.value, "Likelihood": d.get("likelihood") or "",
                "Impact": d.get("impact") or "",
                "Exposure £m": f"{exposure:.1f}" if exposure else "", **where}
    if item.kind == "recommendation":
        return {"Status": d.get("status", ""), "What": item.label,
                "Proposed by": d.get("proposer") or "", "Seconded by": d.get("seconder") or "",
                **where}
    if item.kind == "commitment":
        return {"Commitment": item.label, "Owner": d.get("owner") or "",
                "Due": d.get("due") or "", **where}
    if item.kind == "judgement":
        return {"Area": item.label, "Judgement": item.value, **where}
    return {"What needs to improve": item.label, **where}


def track_rows(track: Track) -> list[dict[str, object]]:
    return [{"When": p.when, "Value": p.value, "Document": p.item.source.title,
             "Page": p.item.source.page, "Para": p.item.source.paragraph or "",
             "Source sentence": p.item.source.sentence} for p in track.points]
