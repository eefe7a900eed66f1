"""A report's own abbreviations: a passage that uses one answers the words it stands for."""

from __future__ import annotations

from assistant.acronyms import definitions, expanded
from assistant.answering import sentence_features
from assistant.keyword import KeywordIndex, tokenize
from assistant.question import analyse
from assistant.types import Chunk, DocumentMeta, Hit

KENT_2013 = ("The UASC service had 627 open cases. A fluctuation in the number of unaccompanied "
             "asylum seeking children (UASC) impacts on this figure. Children are placed with "
             "an approved independent fostering agency (IFA).")


def test_a_definition_is_the_run_of_words_whose_initials_spell_it() -> None:
    found = definitions([KENT_2013, "Each child has an Education, Health and Care Plan (EHCP) "
                                    "and a personal adviser (PA)."])
    assert found == {"UASC": "unaccompanied asylum seeking children",
                     "IFA": "independent fostering agency",
                     "EHCP": "Education Health and Care Plan", "PA": "personal adviser"}


def test_words_in_brackets_that_are_no_definition_are_left_alone() -> None:
    assert definitions(["The report was agreed by the Cabinet (KCC) in March.",
                        "Figures are given in thousands (GBP)."]) == {}


def test_an_abbreviation_in_a_sentence_brings_the_stems_of_its_words() -> None:
    glossary = {"UASC": "unaccompanied asylum seeking children"}
    assert expanded("Of whom 192 were UASC.", glossary) == set(
        tokenize("unaccompanied asylum seeking children"))
    assert expanded("Of whom 192 were placed.", glossary) == set()


def test_a_sentence_that_uses_the_abbreviation_covers_the_plain_words_asked() -> None:
    """Kent 2013: "1834 looked after children, of whom 192 were UASC" answers "how many
    were unaccompanied asylum seekers", though it holds none of those words."""
    meta = DocumentMeta("kent.pdf", "Inspection of looked after children services, Kent")
    text = "At the time of the inspection there were 1834 looked after children, of whom 192 " \
           "were UASC."
    hits = [Hit(Chunk("c1", "kent.pdf", text, 5, "7", "", "paragraph", 0), meta, 1.0)]
    keyword = KeywordIndex([text, KENT_2013])
    q = analyse("How many children in care were unaccompanied asylum seekers?")
    without = sentence_features(q, hits, keyword)[0][2]["coverage"]
    with_glossary = sentence_features(q, hits, keyword, {"kent.pdf": definitions([KENT_2013])})
    assert without == 0.0 and with_glossary[0][2]["coverage"] > 0.15
    other = sentence_features(q, hits, keyword, {"other.pdf": definitions([KENT_2013])})
    assert other[0][2]["coverage"] == without  # another report's definitions do not count
