"""Names a report pairs as alternatives, and a sentence about the other one."""

from __future__ import annotations

from assistant.alternatives import lower_case_words, other_named, paired_names

TEXTS = ["The contracts for Seashells and Millmead Family Hubs end in March.",
         "Both Seashells and Millmead were consulted; Natural England and Roland Brown spoke.",
         "Support for Children and Young People, with Health and Wellbeing services.",
         "Young children's health and wellbeing improved between April and July."]


def test_only_names_never_written_in_lower_case_are_paired() -> None:
    pairs = paired_names(TEXTS, lower_case_words(TEXTS))
    assert pairs == {frozenset({"Seashells", "Millmead"})}  # not months, not common words


def test_a_sentence_about_the_other_of_a_pair_does_not_answer_for_the_one_asked() -> None:
    pairs = paired_names(TEXTS, lower_case_words(TEXTS))
    asked = "How many signatures did the petition to save Millmead Family Hub collect?"
    assert other_named(asked, "The Save our Seashells petition had over 6,000 signatures.", pairs)
    assert not other_named(asked, "The Millmead petition had 900 signatures.", pairs)
    assert not other_named(asked, "Seashells and Millmead each had a petition.", pairs)
    # the one asked named in the close sentences too ("Millmead reached 731 ... Seashells
    # reached 1,820"): other_named reads them together
    assert not other_named(asked, "Millmead reached 731 clients. Seashells reached 1,820.", pairs)
    both = "How many families used Seashells and Millmead?"
    assert not other_named(both, "1869 families attended sessions at Seashells.", pairs)
    assert not other_named(asked, "The Seashells petition had 6,000 signatures.", pairs,
                           besides=["Millmead"])
