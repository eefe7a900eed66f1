"""Evaluation questions: one JSON object per line (the shared format other teams use)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Item:
    id: str
    q: str
    all: tuple[tuple[str, ...], ...]
    docs: tuple[str, ...]
    pages: tuple[int, ...]
    kind: str
    unanswerable: bool = False


def load(path: Path) -> list[Item]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            items.append(Item(
                id=str(raw["id"]), q=str(raw["q"]),
                all=tuple(tuple(str(a) for a in group) for group in raw.get("all", [])),
                docs=tuple(raw.get("docs", [])), pages=tuple(int(p) for p in raw.get("pages", [])),
                kind=str(raw.get("kind", "fact")),
                unanswerable=bool(raw.get("unanswerable", False)) or raw.get("kind") ==
                "unanswerable"))
        except (KeyError, ValueError, TypeError) as err:
            raise ValueError(f"{path}:{number}: not a valid question line ({err})") from err
    return items


def gold_locations(item: Item) -> list[tuple[str, int | None]]:
    """(document, page) pairs where the answer is; pages align with docs when they can."""
    if not item.docs:
        return []
    if len(item.pages) == len(item.docs):
        return list(zip(item.docs, item.pages, strict=True))
    if not item.pages:
        return [(d, None) for d in item.docs]
    return [(d, p) for d in item.docs for p in item.pages]
