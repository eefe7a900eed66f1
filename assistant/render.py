"""Plain-text and Markdown renderings of answers (for the CLI and exports)."""

from __future__ import annotations

from assistant.types import Answer, Citation


def cite_line(c: Citation) -> str:
    where = f"p.{c.page}" + (f", para {c.paragraph}" if c.paragraph else "")
    return f"{c.title} ({c.council or 'unknown council'}, {c.date or 'undated'}), {where}"


def answer_as_text(answer: Answer) -> str:
    lines = [f"Q: {answer.question}", "", answer.answer, ""]
    if answer.citations:
        lines.append("Sources:")
        for c in answer.citations:
            lines.append(f"[{c.n}] {cite_line(c)} - {c.document}")
            lines.append(f"     \"{c.quote}\"")
    if answer.related:
        lines.append("Related passages:" if answer.abstained else "See also:")
        for c in answer.related:
            lines.append(f"  - {cite_line(c)} - {c.document}")
            lines.append(f"     \"{c.quote[:300]}\"")
    if answer.scope:
        lines.append(f"({answer.scope})")
    return "\n".join(lines) + "\n"
