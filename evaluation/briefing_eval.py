"""Precision and recall of briefing extraction against a hand-checked gold set.

Gold files (`evaluation/briefing_gold/*.json`) list, per document, the items a
careful reader finds, and which kinds (and pages) were checked: predictions are
only counted where the gold is complete. A predicted item matches a gold item
when it has the same kind, its page is within one of the gold page, and its key
agrees: the value where the gold gives one (a number for figures, a rating or a
grade otherwise), and most of the gold text's words appear in the item's label
and source sentence. Matching is one-to-one.

`score` is pure (items in, counts out); `evaluate_briefings` reads the index.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.briefing.extract import extract
from assistant.briefing.types import KINDS, Item

TEXT_OVERLAP = 0.6
STOP = {"the", "a", "an", "of", "in", "to", "and", "for", "on", "at", "by", "with", "from",
        "that", "this", "is", "are", "was", "were", "be", "or", "as", "their", "its", "who"}


@dataclass(frozen=True)
class GoldItem:
    kind: str
    page: int
    value: str | None
    text: str


@dataclass(frozen=True)
class GoldDocument:
    document: str
    checked: dict[str, Any]  # kind -> "all" or a list of pages
    items: tuple[GoldItem, ...]

    def in_scope(self, kind: str, page: int) -> bool:
        scope = self.checked.get(kind)
        return scope == "all" or (isinstance(scope, list) and page in scope)


def load_gold(gold_dir: Path) -> list[GoldDocument]:
    docs = []
    for path in sorted(Path(gold_dir).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        items = tuple(GoldItem(i["kind"], int(i["page"]), i.get("value"), i.get("text", ""))
                      for i in data["items"])
        docs.append(GoldDocument(data["document"], data["checked"], items))
    return docs


def _content(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP}


def _number(text: str) -> float | None:
    m = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    return float(m.group(0).replace(",", "")) if m else None


def value_matches(kind: str, gold: str, item: Item) -> bool:
    if kind == "figure":
        expected = _number(gold)
        return expected is not None and item.number is not None and \
            abs(item.number - expected) < 1e-6
    return gold.strip().lower() == item.value.strip().lower()


def text_overlap(gold: str, item: Item) -> float:
    wanted = _content(gold)
    if not wanted:
        return 1.0
    have = _content(f"{item.label} {item.source.sentence}")
    return len(wanted & have) / len(wanted)


def matches(gold: GoldItem, item: Item) -> bool:
    if gold.kind != item.kind or abs(gold.page - item.source.page) > 1:
        return False
    if gold.value is not None and not value_matches(gold.kind, gold.value, item):
        return False
    return text_overlap(gold.text, item) >= TEXT_OVERLAP


def score(gold: GoldDocument, predicted: Sequence[Item]) -> dict[str, dict[str, int]]:
    """True positives, false positives and false negatives per kind for one document."""
    counts = {k: {"tp": 0, "fp": 0, "fn": 0} for k in KINDS}
    scoped = [p for p in predicted if gold.in_scope(p.kind, p.source.page)]
    used: set[int] = set()
    for g in gold.items:
        best = None
        for i, p in enumerate(scoped):
            if i in used or not matches(g, p):
                continue
            rank = (abs(g.page - p.source.page), -text_overlap(g.text, p))
            if best is None or rank < best[0]:
                best = (rank, i)
        if best is None:
            counts[g.kind]["fn"] += 1
        else:
            used.add(best[1])
            counts[g.kind]["tp"] += 1
    for i, p in enumerate(scoped):
        if i not in used:
            counts[p.kind]["fp"] += 1
    return counts


def summarise(per_document: Iterable[dict[str, dict[str, int]]]) -> dict[str, dict[str, float]]:
    """Precision, recall and F1 per kind (and over all kinds) from summed counts."""
    totals = {k: {"tp": 0, "fp": 0, "fn": 0} for k in (*KINDS, "all")}
    for counts in per_document:
        for kind, c in counts.items():
            for key in ("tp", "fp", "fn"):
                totals[kind][key] += c[key]
                totals["all"][key] += c[key]
    out: dict[str, dict[str, float]] = {}
    for kind, c in totals.items():
        tp, fp, fn = c["tp"], c["fp"], c["fn"]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[kind] = {"precision": round(precision, 3), "recall": round(recall, 3),
                     "f1": round(f1, 3), "tp": tp, "fp": fp, "fn": fn, "gold": tp + fn}
    return out


def evaluate_briefings(index: Any, gold_dir: Path) -> dict[str, Any]:
    """Extract every gold document from the index and score it.

    Returns {"per_type": {kind: {precision, recall, f1, tp, fp, fn, gold}},
    "documents": {name: per-kind counts}, "missing": [gold documents not indexed]}.
    """
    per_document: dict[str, dict[str, dict[str, int]]] = {}
    missing: list[str] = []
    for gold in load_gold(gold_dir):
        indexed = index.catalog.document(gold.document)
        if indexed is None:
            missing.append(gold.document)
            continue
        items = extract(indexed.meta, index.catalog.chunks(gold.document))
        per_document[gold.document] = score(gold, items)
    return {"per_type": summarise(per_document.values()), "documents": per_document,
            "missing": missing}


def table(result: dict[str, Any]) -> str:
    """The per-type table as Markdown, for reports and the CLI."""
    lines = ["| item type | precision | recall | F1 | gold items | TP | FP | FN |",
             "|---|---|---|---|---|---|---|---|"]
    for kind, m in result["per_type"].items():
        lines.append(f"| {kind} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | "
                     f"{m['gold']} | {m['tp']} | {m['fp']} | {m['fn']} |")
    if result.get("missing"):
        lines.append(f"\nNot indexed (not scored): {', '.join(result['missing'])}")
    return "\n".join(lines)


if __name__ == "__main__":
    import argparse

    from assistant.index import Index
    from assistant.settings import Settings

    parser = argparse.ArgumentParser(description="Score briefing extraction on the gold set")
    parser.add_argument("--index", required=True)
    parser.add_argument("--gold", default=str(Path(__file__).parent / "briefing_gold"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = evaluate_briefings(Index(Settings(embedder="fake"), Path(args.index)),
                                Path(args.gold))
    print(json.dumps(result, indent=2) if args.json else table(result))
