"""The sentence-weight fit: it finds a weighting that puts answers first, and keeps the
weights when no change helps enough questions."""

from __future__ import annotations

import numpy as np

from evaluation.dataset import Item
from evaluation.fit_sentences import NAMES, Candidates, fit, holds_key, leads

ITEM = Item(id="q", q="What is the turnover rate?", all=(("23%", "23 per cent"),),
            docs=("report.pdf",), pages=(1,), kind="number")


def sentence(**values: float) -> list[float]:
    return [values.get(name, 0.0) for name in NAMES]


def question(answer: list[float], other: list[float]) -> Candidates:
    return Candidates(ITEM, np.array([answer, other]), np.array([True, False]))


def current() -> np.ndarray:
    from assistant.answering import SENTENCE_WEIGHTS

    return np.array([getattr(SENTENCE_WEIGHTS, name) for name in NAMES])


def test_a_key_fact_is_found_whatever_its_case_and_spacing() -> None:
    assert holds_key("Turnover stood at 23  Per Cent in March.", ITEM)
    assert not holds_key("Turnover stood at 32% in March.", ITEM)


def test_the_fit_moves_the_weights_until_answers_lead() -> None:
    # The answer holds the question's terms; the other sentence sits in a better passage.
    sets = {"train": [question(sentence(coverage=0.5), sentence(passage=0.9))] * 3}
    start = current()
    assert leads(sets, start) == {"train": 0}
    fitted = fit(sets, start, log=lambda _: None)
    assert leads(sets, fitted) == {"train": 3}


def test_the_fit_keeps_the_weights_when_a_change_helps_too_few_questions() -> None:
    sets = {"train": [question(sentence(coverage=0.5), sentence(passage=0.9))]}
    start = current()
    assert np.array_equal(fit(sets, start, log=lambda _: None), start)
