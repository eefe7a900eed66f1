"""The evaluation metrics on hand-made cases: each can fail."""

from __future__ import annotations

import pytest

from evaluation import metrics as m

GOLD = [("a.pdf", 5)]


def test_key_facts_need_every_group_and_ignore_case_and_spacing() -> None:
    groups = [["27%", "27 per cent"], ["30%"]]
    assert m.key_facts_present("Turnover is 27 PER  cent; vacancies 30%.", groups)
    assert not m.key_facts_present("Turnover is 27%.", groups)
    assert not m.key_facts_present("anything", [])


def test_page_match_allows_one_page_either_side_only() -> None:
    assert m.page_at_k([("a.pdf", 6)], GOLD, 5) == 1.0
    assert m.page_at_k([("a.pdf", 7)], GOLD, 5) == 0.0
    assert m.page_at_k([("b.pdf", 5)], GOLD, 5) == 0.0


def test_at_k_looks_only_at_the_first_k() -> None:
    found = [("x.pdf", 1)] * 5 + [("a.pdf", 5)]
    assert m.doc_at_k(found, GOLD, 5) == 0.0
    assert m.doc_at_k(found, GOLD, 6) == 1.0


def test_reciprocal_rank_and_ndcg() -> None:
    found = [("x.pdf", 1), ("a.pdf", 5)]
    assert m.reciprocal_rank(found, GOLD) == 0.5
    assert m.ndcg_at_k(found, GOLD) == pytest.approx(1 / 1.584962, rel=1e-4)
    assert m.ndcg_at_k([("a.pdf", 5)], GOLD) == 1.0
    assert m.reciprocal_rank([("x.pdf", 1)], GOLD) == 0.0


def test_citation_and_quote_fidelity() -> None:
    assert m.citation_correct([("x.pdf", 1), ("a.pdf", 4)], GOLD)
    assert not m.citation_correct([("x.pdf", 5)], GOLD)
    assert m.quotes_verbatim([("rate is 27%", "Turnover rate is 27% and")])
    assert not m.quotes_verbatim([("rate is 28%", "Turnover rate is 27% and")])
    assert not m.quotes_verbatim([("", "text")])


def test_precision_recall_of_abstentions() -> None:
    predicted = [True, True, False, False]
    actual = [True, False, True, False]
    assert m.precision_recall(predicted, actual) == (0.5, 0.5)
    assert m.precision_recall([False], [True]) == (0.0, 0.0)


def test_percentile_interpolates() -> None:
    assert m.percentile([10, 20, 30, 40], 50) == 25
    assert m.percentile([5], 95) == 5
    assert m.percentile([], 50) == 0.0
