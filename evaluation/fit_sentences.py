"""Fit the weights that rank sentences as answers (assistant.answering.SentenceWeights).

For every answerable question of the given sets the passages are gathered as an answer
gathers them; each of their sentences gets its features and its similarity to the
question, and counts as an answer when it holds a key fact and comes from a gold
document. A weighting is judged by how often the sentence it ranks first is an answer
(the lead), ranked the way answers are: the features without similarity first, then
similarity added for the leading POOL sentences.

Coordinate search from the current weights: each step tries every weight a little up
and down and keeps the change that leads most questions right, until none helps by at
least MIN_GAIN questions. `--hold-out` names sets scored but not fitted on, to see
whether a fit carries over to questions it never saw.

    python -m evaluation.fit_sentences --index DIR --fit council heldout ... --hold-out fresh7
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.answering import (
    SENTENCE_WEIGHTS,
    SentenceWeights,
    _sentence_vectors,
    gather,
    sentence_features,
)
from assistant.embedding import make_embedder
from assistant.index import Index
from assistant.settings import Settings
from assistant.types import Filters
from evaluation.dataset import Item, load

DATASETS = Path(__file__).parent / "datasets"
POOL = 16  # as rerank_semantic
STEPS = (-0.2, -0.1, -0.05, 0.05, 0.1, 0.2)
MIN_GAIN = 2  # questions a change must add to the fitted sets' leads to be kept
NAMES = [f.name for f in dataclasses.fields(SentenceWeights)]


@dataclass
class Candidates:
    """One question's sentences: features (rows, in NAMES order, similarity included)
    and whether each holds a key fact."""

    item: Item
    features: np.ndarray
    answers: np.ndarray


def normalised(text: str) -> str:
    return " ".join(text.lower().split())


def holds_key(sentence: str, item: Item) -> bool:
    text = normalised(sentence)
    return any(normalised(alt) in text for group in item.all for alt in group)


def candidates(item: Item, index: Index, embedder) -> Candidates | None:  # type: ignore[no-untyped-def]
    q, vector, hits = gather(item.q, index, embedder, Filters())
    found = sentence_features(q, hits, index.snapshot().keyword)
    if not found:
        return None
    sims = _sentence_vectors(embedder, [sentence for _, sentence, _ in found]) @ vector
    rows = [[features.get(name, 0.0) for name in NAMES] for _, _, features in found]
    sim_at = NAMES.index("similarity")
    for row, sim in zip(rows, sims, strict=True):
        row[sim_at] = float(sim)
    answers = [hit.chunk.document in item.docs and holds_key(sentence, item)
               for hit, sentence, _ in found]
    return Candidates(item, np.array(rows), np.array(answers))


def lead_is_answer(c: Candidates, w: np.ndarray, sim_at: int) -> bool:
    """Whether the sentence ranked first by these weights is an answer (two stages)."""
    first = c.features @ w - c.features[:, sim_at] * w[sim_at]
    pool = np.argsort(-first, kind="stable")[:POOL]
    final = first[pool] + c.features[pool, sim_at] * w[sim_at]
    return bool(c.answers[pool[int(np.argmax(final))]])


def leads(sets: dict[str, list[Candidates]], w: np.ndarray) -> dict[str, int]:
    sim_at = NAMES.index("similarity")
    return {name: sum(lead_is_answer(c, w, sim_at) for c in cs) for name, cs in sets.items()}


def fit(train: dict[str, list[Candidates]], start: np.ndarray, log) -> np.ndarray:  # type: ignore[no-untyped-def]
    w = start.copy()
    best = sum(leads(train, w).values())
    while True:
        trials = []
        for i, name in enumerate(NAMES):
            for step in STEPS:
                trial = w.copy()
                trial[i] += step
                trials.append((sum(leads(train, trial).values()), name, step, trial))
        score, name, step, trial = max(trials, key=lambda t: t[0])
        if score < best + MIN_GAIN:
            return w
        log(f"  {name} {step:+.2f}: {best} -> {score} leads")
        best, w = score, trial


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--fit", nargs="+", required=True, help="dataset names to fit on")
    parser.add_argument("--hold-out", nargs="*", default=[], help="dataset names only scored")
    args = parser.parse_args(argv)
    settings = Settings(index=args.index)
    index, embedder = Index(settings), make_embedder(settings)

    def gathered(names: list[str]) -> dict[str, list[Candidates]]:
        out = {}
        for name in names:
            items = [i for i in load(DATASETS / f"{name}.jsonl") if not i.unanswerable]
            found = [candidates(i, index, embedder) for i in items]
            out[name] = [c for c in found if c is not None and c.answers.any()]
        return out

    train, held = gathered(args.fit), gathered(args.hold_out)
    start = np.array([getattr(SENTENCE_WEIGHTS, n) for n in NAMES])
    fitted = fit(train, start, print)

    for label, sets in (("fitted on", train), ("held out", held)):
        if not sets:
            continue
        before, after = leads(sets, start), leads(sets, fitted)
        print(f"{label}: lead holds a key fact (questions with one among the sentences)")
        for name in sets:
            print(f"  {name:10s} {before[name]:3d} -> {after[name]:3d} of {len(sets[name])}")
    print("weights:", ", ".join(f"{n}={v:.2f}" for n, v in zip(NAMES, fitted, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
