"""Follow-up questions: fold the earlier turn into the retrieval query only when needed."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.keyword import tokenize

FOLLOW_UP = re.compile(
    r"^\s*(and|also|what about|how about|and what about|what of|same for|then|so)\b"
    r"|\b(that|this|these|those|it|its|they|their|them|there|the same)\b", re.I)


def is_follow_up(question: str) -> bool:
    """A question that leans on the previous turn: 'And what about disabled children?'"""
    content = tokenize(question)
    if re.match(r"^\s*(and|what about|how about|and what about|same for)\b", question, re.I):
        return True
    return bool(FOLLOW_UP.search(question)) and len(content) <= 4


def retrieval_query(question: str, history: Sequence[str]) -> str:
    """The text to retrieve with: the question, plus the last question when it is a follow-up."""
    previous = [h for h in history if h.strip()]
    if not previous or not is_follow_up(question):
        return question
    return f"{previous[-1]} {question}"
