"""A conversation as Markdown for a councillor's meeting notes, every citation written out.

Questions and document text are untrusted, and a Markdown file is read in renderers
that turn '[x](javascript:...)', '![x](http://...)', '<script>' and bare URLs into live
content. Every piece of text taken from a document or a question goes through
`inert()`, which escapes what would become markup and puts URLs and e-mail addresses in
code spans (shown, never linked). Only the export's own headings and lists are Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from assistant.types import Answer, Citation

# Backslash-escaped wherever they occur: links, images, emphasis, code, HTML, entities,
# tables, strikethrough and (in some renderers) maths.
SPECIAL = re.compile(r"([\\`*_\[\]<>&|~$])")
# Line starts that would open a heading, list, quote, rule or setext underline.
LINE_START = re.compile(r"^(\s*)(?:([#>+=-])|(\d+)([.)]))")
# What GFM and friends autolink without any markup.
AUTOLINK = re.compile(
    r"(?i)\b(?:(?:https?|ftp)://|www\.|mailto:|xmpp:)[^\s<>]*"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def inert(text: str) -> str:
    """Text that renders as itself when it starts a line: no links, images, HTML,
    formatting, headings or list items. Line breaks become spaces."""
    return LINE_START.sub(_escape_line_start, inert_inline(text), count=1)


def inert_inline(text: str) -> str:
    """Like `inert`, for text placed after other text on a line."""
    text = " ".join(text.split())
    out: list[str] = []
    last = 0
    for match in AUTOLINK.finditer(text):
        link = _trim_link(match.group(0))
        out.append(_escape(text[last:match.start()]))
        out.append(_code_span(link))
        last = match.start() + len(link)
    out.append(_escape(text[last:]))
    return "".join(out)


def inert_lines(text: str) -> list[str]:
    """Multi-line text (an answer, a list quote) made inert line by line."""
    return [inert(line) for line in text.splitlines() if line.strip()]


def citation_line(c: Citation) -> str:
    where = f"page {c.page}" + (f", paragraph {inert_inline(c.paragraph)}" if c.paragraph else "")
    who = ", ".join(inert_inline(x) for x in (c.council, c.body) if x)
    return (f"**{inert_inline(c.title)}**" + (f" ({who})" if who else "")
            + f", {inert_inline(c.date or 'undated')}, {where}. File: {inert_inline(c.document)}")


def quote_block(quote: str) -> list[str]:
    """A blockquote keeping the quote's line breaks (list items stay one per line)."""
    return [f"> {line}  " for line in inert_lines(quote)] or ["> (empty quote)"]


def turn_markdown(number: int, answer: Answer) -> list[str]:
    lines = [f"## {number}. {inert_inline(answer.question)}", ""]
    if answer.abstained:
        lines += ["*No answer found in the documents searched.*", ""]
    lines += [f"{line}  " for line in inert_lines(answer.answer)] + [""]
    if answer.scope:
        lines += [f"*{inert_inline(answer.scope)}*", ""]
    if answer.citations:
        lines += ["### Sources", ""]
        for c in answer.citations:
            lines += [f"{c.n}. {citation_line(c)}", ""]
            lines += ["   " + q for q in quote_block(c.quote)] + [""]
    if answer.related:
        lines += ["### Related passages" if answer.abstained else "### See also", ""]
        for c in answer.related:
            lines += [f"- {citation_line(c)}", ""]
            lines += ["  " + q for q in quote_block(c.quote)] + [""]
    return lines


def conversation_markdown(answers: Sequence[Answer], when: datetime | None = None,
                          title: str = "Scrutiny Assistant: questions and sources") -> str:
    """The whole conversation, oldest question first."""
    when = when or datetime.now()
    lines = [f"# {title}", "", f"Exported {when:%d %B %Y, %H:%M}. Every answer is quoted "
             "verbatim from the documents cited beneath it.", ""]
    for number, answer in enumerate(answers, 1):
        lines += turn_markdown(number, answer)
    return "\n".join(lines).rstrip() + "\n"


def _escape_line_start(m: re.Match[str]) -> str:
    if m.group(2):
        return f"{m.group(1)}\\{m.group(2)}"
    return f"{m.group(1)}{m.group(3)}\\{m.group(4)}"


def _trim_link(link: str) -> str:
    """Sentence punctuation after a URL is not part of it (as GFM decides)."""
    while link and (link[-1] in ".,;:!?'\"" or (link[-1] == ")"
                                                  and link.count(")") > link.count("("))):
        link = link[:-1]
    return link


def _escape(text: str) -> str:
    return SPECIAL.sub(r"\\\1", text)


def _code_span(text: str) -> str:
    """Literal text in a code span whose fence is longer than any backtick run inside."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
