"""Document text as safe HTML: escaped first, then the question's words wrapped in <mark>.

Document text is untrusted: a report can contain '<script>', '<img onerror=...>' or
markdown links. The shells show it only through these functions, which escape every
character of the source before adding the few tags of their own (<mark>, <span>), so
nothing in a document can become markup. Matching reuses the keyword tokenizer, so
'workers' in a quote lights up for 'worker' in the question, as retrieval saw it.
"""

from __future__ import annotations

import html
import re

from assistant.keyword import tokenize

# a word as the keyword index reads it, "re-procure" being one (assistant.keyword.REPEATED)
WORD = re.compile(r"(?:[Rr][Ee][-\u2010\u2011](?=[A-Za-z]))?[A-Za-z0-9]+(?:[.'’][A-Za-z0-9]+)*")
MARKER = re.compile(r"\[(\d+)\]")


def escape(text: str) -> str:
    """Plain text -> HTML text (quotes too, so it is safe inside attributes)."""
    return html.escape(text, quote=True)


def terms(question: str) -> frozenset[str]:
    """The question's content words, normalised as the keyword index normalises them."""
    return frozenset(tokenize(question))


def highlight_html(text: str, question: str) -> str:
    """`text` escaped, with each word that matches a question word wrapped in <mark>."""
    wanted = terms(question)
    if not wanted:
        return escape(text)
    out: list[str] = []
    last = 0
    for match in WORD.finditer(text):
        word = match.group(0)
        if set(tokenize(word)) & wanted:
            out.append(escape(text[last:match.start()]))
            out.append(f"<mark>{escape(word)}</mark>")
            last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def answer_html(text: str) -> str:
    """An answer's text escaped, with its [n] markers as styled citation badges."""
    out: list[str] = []
    last = 0
    for match in MARKER.finditer(text):
        out.append(escape(text[last:match.start()]))
        out.append(f'<span class="cite-marker">[{match.group(1)}]</span>')
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def passage_html(text: str, quote: str, question: str) -> str:
    """A longer passage (a page, a document) with the cited quote outlined and the
    question's words highlighted everywhere."""
    span = find_quote(text, quote)
    if span is None:
        return highlight_html(text, question)
    start, end = span
    return (highlight_html(text[:start], question)
            + '<span class="cited">' + highlight_html(text[start:end], question) + "</span>"
            + highlight_html(text[end:], question))


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where `quote` sits in `text`. The stored quote and the file's own text can differ
    between words (line breaks re-flowed, '■' bullets read as '-'), so after an exact
    search the quote's words are matched in order with any punctuation between them."""
    if not quote.strip():
        return None
    start = text.find(quote)
    if start >= 0:
        return start, start + len(quote)
    words = re.findall(r"\w+", quote)
    if not words:
        return None
    match = re.search(r"\W+".join(re.escape(word) for word in words), text)
    return match.span() if match else None
