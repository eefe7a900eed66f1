"""Pure metric functions: no I/O, no models. Each takes plain values and returns a number."""

from __future__ import annotations

import math
from collections.abc import Sequence

Location = tuple[str, int | None]


def key_facts_present(answer: str, groups: Sequence[Sequence[str]]) -> bool:
    """Correct when every group has at least one alternative in the answer (case-insensitive)."""
    if not groups:
        return False
    text = " ".join(answer.lower().split())
    return all(any(" ".join(alt.lower().split()) in text for alt in group) for group in groups)


def location_matches(found: tuple[str, int], gold: Sequence[Location], slack: int = 1) -> bool:
    document, page = found
    return any(document == g_doc and (g_page is None or abs(page - g_page) <= slack)
               for g_doc, g_page in gold)


def doc_at_k(retrieved: Sequence[tuple[str, int]], gold: Sequence[Location], k: int) -> float:
    gold_docs = {d for d, _ in gold}
    return 1.0 if any(doc in gold_docs for doc, _ in retrieved[:k]) else 0.0


def page_at_k(retrieved: Sequence[tuple[str, int]], gold: Sequence[Location], k: int) -> float:
    return 1.0 if any(location_matches(r, gold) for r in retrieved[:k]) else 0.0


def reciprocal_rank(retrieved: Sequence[tuple[str, int]], gold: Sequence[Location]) -> float:
    for rank, found in enumerate(retrieved, start=1):
        if location_matches(found, gold):
            return 1.0 / rank
    return 0.0


def ndcg_at_k(retrieved: Sequence[tuple[str, int]], gold: Sequence[Location], k: int = 10) -> float:
    """Binary-relevance nDCG: a passage is relevant when it is on a gold page (within one)."""
    gains = [1.0 if location_matches(r, gold) else 0.0 for r in retrieved[:k]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal_hits = min(k, max(1, len({d for d, _ in gold})))
    idcg = sum(1.0 / math.log2(i + 2) for i in range(ideal_hits))
    return min(1.0, dcg / idcg) if idcg else 0.0


def citation_correct(citations: Sequence[tuple[str, int]], gold: Sequence[Location]) -> bool:
    """At least one citation points at a gold document and page (within one)."""
    return any(location_matches(c, gold) for c in citations)


def quotes_verbatim(quotes: Sequence[tuple[str, str]]) -> bool:
    """Every (quote, source text) pair: the quote stands in the source, character for character."""
    return all(quote and quote in source for quote, source in quotes)


def precision_recall(predicted: Sequence[bool], actual: Sequence[bool]) -> tuple[float, float]:
    """Precision and recall of the positive class (e.g. 'abstained' vs 'unanswerable')."""
    tp = sum(1 for p, a in zip(predicted, actual, strict=True) if p and a)
    fp = sum(1 for p, a in zip(predicted, actual, strict=True) if p and not a)
    fn = sum(1 for p, a in zip(predicted, actual, strict=True) if not p and a)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low, high = math.floor(pos), math.ceil(pos)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0
