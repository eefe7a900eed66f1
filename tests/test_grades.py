"""Inspection grades read from a report's first page, one row per judgement."""

from __future__ import annotations

from assistant.grades import grade_rows, headline, row_for
from assistant.types import Chunk

TITLE_PAGE = ("Thurrock Council Inspection of children’s services Judgement Grade The impact of "
              "leaders on social work practice with children and families Outstanding The "
              "experiences and progress of children in care Outstanding The experiences and "
              "progress of care leavers Outstanding Overall effectiveness Outstanding")


def chunk(text: str, page: int = 1) -> Chunk:
    return Chunk(f"c{page}", "t.pdf", text, page, None, "", "paragraph", page)


def test_each_judgement_on_a_title_page_is_a_row_quoted_verbatim() -> None:
    rows = grade_rows([chunk(TITLE_PAGE)])
    assert [r for _, r in rows] == [
        "The impact of leaders on social work practice with children and families Outstanding",
        "The experiences and progress of children in care Outstanding",
        "The experiences and progress of care leavers Outstanding",
        "Overall effectiveness Outstanding"]
    assert all(r in TITLE_PAGE for _, r in rows)


def test_a_single_inspections_rows_and_later_pages() -> None:
    sif = chunk("Children’s services in Thurrock require improvement to be good\n"
                "Experiences and progress of care leavers Require improvement")
    later = chunk("The experiences and progress of care leavers: Good", page=9)
    assert [r for _, r in grade_rows([sif, later])] == [
        "Experiences and progress of care leavers Require improvement"]


def test_the_row_about_what_is_asked_else_the_overall_grade() -> None:
    rows = grade_rows([chunk(TITLE_PAGE)])
    asked = "How has Ofsted's grade for care leavers changed?"
    assert row_for(rows, asked)[1] == "The experiences and progress of care leavers Outstanding"  # type: ignore[index]
    overall = "How has Thurrock's rating changed since 2019?"
    assert row_for(rows, overall)[1] == "Overall effectiveness Outstanding"  # type: ignore[index]
    assert row_for([], overall) is None


def test_a_word_most_rows_hold_counts_less_than_one_that_names_a_row() -> None:
    from assistant.grades import named_row

    page = ("Judgement Grade The impact of leaders on social work practice with children and "
            "families Good The experiences and progress of children in care and care leavers "
            "Good Overall effectiveness Good")
    rows = grade_rows([chunk(page)])
    asked = ("What did Ofsted judge Thurrock's overall effectiveness in its 2019 "
             "inspection of children's social care services?")
    assert named_row(rows, asked)[1] == "Overall effectiveness Good"  # type: ignore[index]
    assert named_row(rows, "What did Ofsted say?") is None
    assert named_row(rows, "What grade did Thurrock's children's social care get?") is None


def test_which_areas_were_graded_good_lists_those_rows_and_below_good_the_others() -> None:
    from types import SimpleNamespace

    from assistant.answering import Scored, _grades_asked
    from assistant.citations import CitationBuilder
    from assistant.question import analyse
    from assistant.types import DocumentMeta, Hit

    page = chunk("Judgement Grade The experiences and progress of children who need help and "
                 "protection Requires improvement to be good The experiences and progress of "
                 "children in care Good Overall effectiveness Good")
    meta = DocumentMeta("t.pdf", "Inspection of Testshire children's services (ILACS)",
                        council="Testshire Council", date="2023-09-11")
    ranked = [Scored(Hit(page, meta, 1.0), "Judgement Grade", 1.0, 0.5)]
    index = SimpleNamespace(catalog=SimpleNamespace(chunks=lambda document: [page]))
    good = _grades_asked(analyse("Which areas were graded good in Testshire's 2023 inspection?"),
                         ranked, CitationBuilder(), index)  # type: ignore[arg-type]
    assert good.splitlines() == ["- The experiences and progress of children in care Good [1]",
                                 "- Overall effectiveness Good [1]"]
    below = _grades_asked(analyse("Which area was rated below good in Testshire's inspection?"),
                          ranked, CitationBuilder(), index)  # type: ignore[arg-type]
    assert below.splitlines() == ["- The experiences and progress of children who need help "
                                  "and protection Requires improvement to be good [1]"]


def test_the_grade_a_question_names_does_not_pick_a_row_by_itself() -> None:
    from assistant.answering import BELOW_GOOD
    from assistant.grades import named_row

    rows = grade_rows([chunk(TITLE_PAGE.replace("care leavers Outstanding",
                                                "care leavers Good"))])
    assert named_row(rows, "Which part of the service fell short of a good rating?") is None
    assert BELOW_GOOD.search("Which part of the service fell short of a good rating?")


def test_which_part_was_judged_to_require_improvement_follows_the_headline_with_that_row() -> None:
    """Kent's 2017 single inspection: good overall in its headline, one row below it."""
    from types import SimpleNamespace

    from assistant.answering import Scored, _grade_lead
    from assistant.citations import CitationBuilder
    from assistant.question import analyse
    from assistant.types import DocumentMeta, Hit

    text = ("Children’s services in Testshire are good\n1. Children who need help and protection "
            "Requires improvement 2. Children looked after and achieving permanence Good")
    page = chunk(text)
    meta = DocumentMeta("t.pdf", "Inspection of services for children, Testshire",
                        council="Testshire Council", date="2017-06-13")
    headline = "Children’s services in Testshire are good"
    best = Scored(Hit(page, meta, 1.0), headline, 1.0, 0.5)
    index = SimpleNamespace(catalog=SimpleNamespace(chunks=lambda document: [page]))
    q = analyse("In the 2017 inspection of Testshire, which part of the service was judged to "
                "require improvement even though the council was good overall?")
    answer = _grade_lead(q, best, [best], [headline], headline, CitationBuilder(), index)  # type: ignore[arg-type]
    assert answer == (f"{headline} [1]\n"
                      "- Children who need help and protection Requires improvement [1]")
    # The grade asked is the one after "which part", whatever the question said before it.
    first = analyse("Although the council was judged good overall, which part of the service "
                    "in the 2017 inspection of Testshire was judged to require improvement?")
    answer = _grade_lead(first, best, [best], [headline], headline, CitationBuilder(), index)  # type: ignore[arg-type]
    assert isinstance(answer, str) and answer.endswith("protection Requires improvement [1]")


def test_a_single_inspections_overall_grade_is_its_headline() -> None:
    """Thurrock 2016 gives no 'Overall effectiveness' row: its headline gives the grade,
    and it stands in for the row when the overall grade is asked."""
    sif = chunk("Children’s services in Thurrock Council require improvement to be good\n"
                "Leadership, management and governance Require improvement")
    rows = grade_rows([sif])
    asked = "How has Thurrock's overall judgement changed between 2016 and 2024?"
    assert row_for(rows, asked) is None
    assert row_for(rows, asked, headline([sif]))[1] == (  # type: ignore[index]
        "Children’s services in Thurrock Council require improvement to be good")
    assert headline([chunk("Children’s services in Kent are good")])[1] == (  # type: ignore[index]
        "Children’s services in Kent are good")
    assert headline([chunk(TITLE_PAGE)]) is None
