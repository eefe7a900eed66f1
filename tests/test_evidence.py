"""Answer shapes and abstention evidence: the pure rules, on hand-made passages."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from assistant.abstention import (
    _financial_year_missing,
    _other_financial_year,
    _other_month,
    reporting_year,
    role_pattern,
    sentence_answers_type,
)
from assistant.answering import (
    SOURCING,
    Scored,
    _finished,
    _type_bonus,
    item_outcome,
    lead_sentences,
    row_figures,
    verbatim_span,
)
from assistant.question import analyse
from assistant.types import Chunk, DocumentMeta, Hit


def scored(text: str, sentence: str) -> Scored:
    chunk = Chunk("c1", "doc.pdf", text, 1, "2.1", "Inspection outcome", "paragraph", 0)
    return Scored(Hit(chunk, DocumentMeta("doc.pdf", "A report"), 1.0), sentence, 1.0, 0.5)


def test_a_heading_like_best_sentence_brings_the_sentence_that_answers_it() -> None:
    text = "Inspection outcome\nThe arrangements lead to inconsistent outcomes for children."
    q = analyse("What was the outcome of the inspection?")
    lead = lead_sentences(q, scored(text, "Inspection outcome"), {"outcom": 1.0})
    assert lead == ["Inspection outcome",
                    "The arrangements lead to inconsistent outcomes for children."]
    assert verbatim_span(text, lead) == text


def test_a_question_naming_the_heading_gets_its_opening_paragraph_whole() -> None:
    text = ("The arrangements lead to inconsistent outcomes for children. The partnership "
            "must work jointly to make improvements.\nThe next inspection is in three years.")
    first = "The arrangements lead to inconsistent outcomes for children."
    asked = lead_sentences(analyse("What was the inspection outcome?"), scored(text, first), {})
    assert asked == [first, "The partnership must work jointly to make improvements."]
    # A question that does not name the heading gets the sentence alone.
    other = lead_sentences(analyse("How consistent are children's experiences?"),
                           scored(text, first), {})
    assert other == [first]


def test_a_lead_in_brings_all_its_items_not_just_the_first_eight() -> None:
    items = [f"- Metric {n}" for n in range(1, 18)]
    lead_in = "The framework considered the following data:"
    text = "\n".join([lead_in, *items, "The scores informed the modelling."])
    lead = lead_sentences(analyse("What data did the framework consider?"),
                          scored(text, lead_in), {})
    assert lead == [lead_in, *items]


def test_a_two_part_question_takes_the_next_sentence_when_it_adds_the_second_part() -> None:
    text = ("Of the 38 KPIs, 17 achieved target (Green), and 12 were Amber. "
            "Nine KPIs were rated Red. The report was noted.")
    q = analyse("How many of the 38 KPIs were rated Green, Amber and Red?")
    weights = {"kpis": 1.0, "green": 1.0, "amber": 1.0, "red": 1.0}
    lead = lead_sentences(q, scored(text, "Of the 38 KPIs, 17 achieved target (Green), and 12 "
                                          "were Amber."), weights)
    assert lead[-1] == "Nine KPIs were rated Red."
    single = analyse("How many KPIs achieved target?")
    assert len(lead_sentences(single, scored(text, lead[0]), {"kpis": 1.0})) == 1


def test_a_figure_is_followed_by_the_sentence_that_says_what_it_changed_by() -> None:
    text = ("As of January 2024, this totalled 19,407 children with an EHCP in Kent. This is an "
            "increase of 477 (2.5%) since January 2023. This is a challenge. The plan follows.")
    first = "As of January 2024, this totalled 19,407 children with an EHCP in Kent."
    grew = analyse("By how many did the number of children holding an EHCP grow?")
    assert lead_sentences(grew, scored(text, first), {"ehcp": 1.0, "grow": 1.0}) == [
        first, "This is an increase of 477 (2.5%) since January 2023."]
    # Nor a sentence that refers back with a figure but no change, nor another kind.
    for after in ("This is set out in paragraph 3.2 of Appendix A.",
                  "This is based upon 1,200 survey responses.",
                  "This is set out in more detail in Table 4, with 12 sub-categories."):
        assert lead_sentences(grew, scored(f"{first} {after}", first),
                              {"ehcp": 1.0, "grow": 1.0}) == [first], after
    assert lead_sentences(analyse("Who holds an EHCP in Kent?"), scored(text, first), {}) == [
        first]


def test_a_list_marker_is_no_figure() -> None:
    from assistant.answering import has_quantity

    assert not has_quantity("4. RESOLVED that Cabinet agree to: (a) Adopt the plan")
    assert not has_quantity("b. CONFIRM the decision will be progressed unchanged.")
    assert has_quantity("12 indicators reached the floor standard.")
    assert has_quantity("(b) 40 children lived in private fostering.")


def test_a_count_must_be_a_quantity_not_a_date_or_a_reference() -> None:
    q = analyse("How many responses did the consultation receive?")
    assert not sentence_answers_type(
        q, "At the meeting held on 29th January 2024, Decision 24/00097 was called in.")
    assert not sentence_answers_type(q, "Inspection dates: 26 to 30 June 2023")
    assert sentence_answers_type(q, "A total of 1,016 questionnaires were returned.")
    assert sentence_answers_type(q, "Nine responses were received.")


def test_a_count_is_neither_a_share_nor_a_duration() -> None:
    q = analyse("How many responses did the consultation receive?")
    assert not sentence_answers_type(q, "Placements in special schools, at 10.5%, remain high.")
    assert not sentence_answers_type(q, "The consultation ran for eight weeks until 12th March.")
    weeks = analyse("How many weeks did the consultation run?")
    assert sentence_answers_type(weeks, "The consultation ran for eight weeks until 12th March.")


def test_a_tally_asked_needs_a_tally_not_the_motions_words() -> None:
    q = analyse("How many members voted for and against the motion on 13 March 2025?")
    assert not sentence_answers_type(q, "The Council urges the Executive to fund the 2 hubs "
                                        "for 2025-26.")
    assert not sentence_answers_type(q, "Kent has been allocated £5,046,624 for the programme.")
    assert not sentence_answers_type(q, "22,866 young people voted in the elections.")
    for tally in ("The motion was carried, 45 votes for and 12 against.", "For (52)",
                  "Against (12)", "The motion was carried by 45 votes to 12.",
                  "It was carried by a majority of 33 votes.",
                  "The motion was agreed unanimously by the 81 members."):
        assert sentence_answers_type(q, tally), tally
    for count in ("How many objections were received against the application?",
                  "How many complaints against the council were upheld?"):
        assert sentence_answers_type(analyse(count), "34 objections were received.")
    for turnout in ("How many young people voted in the Kent Youth County Council elections?",
                    "How many members of the public voted in the participatory budget?"):
        assert sentence_answers_type(analyse(turnout), "22,866 people voted in the elections.")


def test_an_average_asked_needs_an_average_not_a_count() -> None:
    q = analyse("What was the average caseload per social worker in December 2024?")
    assert not sentence_answers_type(q, "The number of open cases was 11,165 in December.")
    assert not sentence_answers_type(q, "Turnover rate is 27% and vacancy levels are 30%.")
    assert sentence_answers_type(q, "The average caseload was 21 children in December 2024.")
    assert sentence_answers_type(q, "Social workers held 19 children each.")
    assert not sentence_answers_type(q, "There were 11,165 open cases per month.")
    # the average a figure is compared with is not the figure asked
    compared = analyse("How does Kent's rate of EHCPs issued within 20 weeks compare with the "
                       "national average?")
    assert sentence_answers_type(compared, "Kent issued 45% of EHCPs within 20 weeks.")
    neighbours = analyse("How does Kent's rate compare with the statistical neighbour average?")
    assert sentence_answers_type(neighbours, "Kent issued 45% of EHCPs within 20 weeks.")


def test_a_financial_year_asked_must_be_named_by_the_passage_in_some_form() -> None:
    assert _financial_year_missing([("2022", "23")], "In the year 2023/24, 1869 families") == 1.0
    assert _financial_year_missing([("2022", "23")], "In 2022-2023, 1700 families") == 0.0
    assert _financial_year_missing([("2022", "23")], "Quarterly report 2022-23") == 0.0
    assert _financial_year_missing([], "No year asked") == 0.0
    assert _financial_year_missing([("2024", "25")], "across the 24/25 and 25/26 years") == 0.0
    assert _financial_year_missing([("2022", "23")], "from 2022 to 2023") == 0.0


def test_another_financial_year_in_the_title_is_a_different_document() -> None:
    assert _other_financial_year([("2024", "25")], "Budget risk register 2025-26") == 1.0
    assert _other_financial_year([("2024", "25")], "Budget risk register 2024-25") == 0.0
    assert _other_financial_year([("2024", "25")], "Quarterly performance report Q3") == 0.0


def test_a_sentence_set_in_another_financial_year_counts_against_but_a_comparison_does_not(
        ) -> None:
    from assistant.abstention import evidence
    from assistant.keyword import KeywordIndex

    def other_year(question: str, sentence: str) -> float:
        chunk = Chunk("c1", "fh.pdf", sentence, 3, "2.2", "", "paragraph", 0)
        ranked = [Scored(Hit(chunk, DocumentMeta("fh.pdf", "Family hubs"), 1.0), sentence, 1.0,
                         0.5)]
        return evidence(analyse(question), ranked, KeywordIndex([sentence]))[0]["other_year"]

    asked = "How many families attended sessions at Seashells in 2022/23?"
    assert other_year(asked, "In the year 2023/24, 1869 families attended sessions.") == 1.0
    assert other_year(asked, "In 2022/23, 1700 families attended sessions.") == 0.0
    assert other_year(asked, "Attendance has risen by 6% from the same period in 2023/24.") == 0.0
    assert other_year(asked, "In 2021/22, 1,500 families attended, compared with 1,869 in "
                             "2022/23.") == 0.0


def test_a_sentence_naming_another_financial_year_as_such_counts_against() -> None:
    from assistant.abstention import evidence
    from assistant.keyword import KeywordIndex

    sentence = ("The allocations for the 2024-25 financial year are based upon need by September "
                "2025 (the start of academic year 2025/26); Kent has been allocated £5,046,624.")
    chunk = Chunk("c1", "plan.pdf", sentence, 4, "5.1", "", "paragraph", 0)
    ranked = [Scored(Hit(chunk, DocumentMeta("plan.pdf", "Commissioning plan"), 1.0), sentence,
                     1.0, 0.5)]

    def other_year(question: str) -> float:
        return evidence(analyse(question), ranked, KeywordIndex([sentence]))[0]["other_year"]

    assert other_year("What Basic Need grant has Kent been allocated for 2025-26?") == 1.0
    assert other_year("What Basic Need grant has Kent been allocated for 2024-25?") == 0.0
    # a sentence comparing the year asked with another financial year speaks of it
    compared = "The budget for 2025-26 is £1.4bn, £80m more than the 2024-25 financial year."
    chunk = Chunk("c2", "budget.pdf", compared, 2, "3.1", "", "paragraph", 0)
    ranked = [Scored(Hit(chunk, DocumentMeta("budget.pdf", "Budget"), 1.0), compared, 1.0, 0.5)]
    assert other_year("What is the council's net revenue budget for 2025-26?") == 0.0


def test_a_money_question_needs_an_amount() -> None:
    q = analyse("How much is Kent spending on its Mockingbird scheme?")
    assert not sentence_answers_type(q, "The scheme launched in October 2024 with 2 hubs.")
    assert sentence_answers_type(q, "The scheme costs £1.2m a year.")


def test_who_questions_about_a_part_played_name_that_part() -> None:
    assert "chaired" in role_pattern(analyse("Who chaired the Scrutiny Committee meeting?"))
    proposed = role_pattern(analyse("Who proposed the call-in of decision 24/00093?"))
    assert re.search(proposed, "Proposer: Ms Mel Dawkins", re.I)
    assert re.search(proposed, "a call-in submitted by Ms Meade and Mr Lewis", re.I)
    assert not re.search(proposed, "The request was submitted in time.", re.I)
    assert "minutes" not in analyse("Who proposed the call-in of decision 24/00093?").type_hints
    assert "minutes" in analyse("Who proposed the motion on vapes?").type_hints
    # a title asked is a part too: the answer names the title holder by it
    lead = role_pattern(analyse("Who is the lead inspector?"))
    assert re.search(lead, "Lead inspector: Rachel Griffiths, His Majesty's Inspector", re.I)
    assert not re.search(lead, "Inspection dates: 16 to 20 September 2024", re.I)
    assert role_pattern(analyse("Who is responsible for commissioning SEND services?")) == ""
    # the part named as a noun, or a call-in by its verb: the same part
    for asked in ("Who is named as proposer in each document?",
                  "Who is named as proposing the call-in of decision 24/00093?"):
        assert role_pattern(analyse(asked)) == proposed
    called = role_pattern(analyse("The two papers each name who called the decision in. Who "
                                  "do they name?"))
    assert re.search(called, "the Scrutiny Committee considered a call-in made by Mrs Meade")
    assert role_pattern(analyse("Who called the meeting?")) == ""
    wrote = role_pattern(analyse("Who wrote the Section 25 assurance statement?"))
    assert re.search(wrote, "From: John Betts, Interim Corporate Director, Finance", re.I)


def test_how_did_ofsted_rate_asks_for_a_judgement_not_a_number() -> None:
    assert analyse("How did Ofsted's 2010 inspection rate Kent's services?").kind == "fact"
    assert analyse("What is the social worker turnover rate?").kind == "number"


MINUTES = """MINUTES of a meeting of the County Council held on Thursday, 13 March 2025.

307. Pay Policy Statement 2025/26

1) Mr Oakford proposed, and Mr Jeffrey seconded the motion that the Council endorse the attached Pay Policy Statement.
2) The Chairman put the motion to the vote and the voting was as follows:

For (32)
Mr Baker, Mr Brady, Mrs Bell

Against (1) Mr Booth Abstain (2)
Mr Lehmann, Mr Sole Motion carried.

4) RESOLVED that Council endorses the attached Pay Policy Statement.

308. Questions

Mr Hood asked about the condition of rural roads in the west of the county.
"""


def test_what_a_minute_item_resolved_is_quoted_with_its_vote(fake_assistant, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "kent_2025-03-13_council_minutes.txt"
    path.write_text(MINUTES)
    fake_assistant.ingest([path])
    snap = fake_assistant.index.snapshot()
    proposal = next(c for c in snap.chunks if "Mr Oakford proposed" in c.text)
    hit = Hit(proposal, snap.metas[proposal.document], 1.0)
    outcome = item_outcome(hit, fake_assistant.index)
    quotes = [quote for _, quote in outcome]
    assert quotes == ["For (32)", "Against (1)", "Abstain (2)", "Motion carried.",
                      "4) RESOLVED that Council endorses the attached Pay Policy Statement."]
    assert not any("rural roads" in quote for quote in quotes)  # the next item's text
    assert all(quote in found.chunk.text for found, quote in outcome)


REGISTER = """CYPE High Needs Spending The grant does not meet the cost of demand for placements.
The council may not be able to set a balanced budget.
4 165.0

ALL Non delivery of Savings Changes in circumstances delay the savings agreed.
Overspend on the revenue budget.
4 120.9
"""


def test_a_register_row_title_is_answered_with_the_figures_that_end_its_row(  # type: ignore[no-untyped-def]
        fake_assistant, tmp_path) -> None:
    path = tmp_path / "kent_2025-02-13_council_budget-risk-register.txt"
    path.write_text(REGISTER)
    fake_assistant.ingest([path])
    snap = fake_assistant.index.snapshot()
    row = next(c for c in snap.chunks if "High Needs" in c.text)
    title = "CYPE High Needs Spending The grant does not meet the cost of demand for placements."
    found = row_figures(Hit(row, snap.metas[row.document], 1.0), title, fake_assistant.index)
    assert found is not None and found[1] == "4 165.0"
    assert found[1] in found[0].chunk.text


def test_a_decision_number_question_prefers_the_sentence_holding_a_reference() -> None:
    q = analyse("What is the decision number for the transfer of the service?")
    assert _type_bonus(q, "24/00109 - Transfer the 18-25 section of the service") > 0
    assert _type_bonus(q, "The proposal is to transfer the service from 1 April 2025.") == 0


def test_who_and_when_ask_only_as_the_questions_own_words() -> None:
    assert analyse("What did Ofsted say about children who need help and protection?").kind \
        != "who"
    assert analyse("Where are children sent when their needs become complex?").kind != "when"
    assert analyse("Who chaired the meeting?").kind == "who"
    assert analyse("It mentions an inspection. When did it take place?").kind == "when"
    assert analyse("At the meeting, who proposed the motion and who seconded it?").kind == "who"


def _meta(document: str, title: str, date: str, body: str = "", kind: str = "") -> DocumentMeta:
    return DocumentMeta(document=document, title=title, council="Kent County Council",
                        body=body, date=date, document_type=kind)


def test_a_question_naming_a_meeting_date_or_a_report_points_at_that_document() -> None:
    from assistant.question import document_affinity

    metas = {m.document: m for m in [
        _meta("callin.pdf", "Scrutiny call-in report", "2025-03-04", "Cabinet"),
        _meta("response.pdf", "Family hubs executive response", "2025-03-13", "County Council",
              "Executive response to scrutiny"),
        _meta("ilacs.pdf", "Inspection of Kent children's services", "2026-02-02",
              "Ofsted ILACS (3-7 Nov 2025)"),
        *[_meta(f"minutes-{n}.pdf", "Council minutes", f"2025-0{n}-13", "County Council")
          for n in range(1, 8)],
    ]}

    def affinity(text: str) -> dict[str, float]:
        q = analyse(text, metas)
        return {name: document_affinity(q, meta) for name, meta in metas.items()}

    on_the_day = affinity("What did the report to Cabinet on 4 March 2025 say about call-in?")
    assert max(on_the_day, key=on_the_day.__getitem__) == "callin.pdf"
    in_the_month = affinity("How many children did Ofsted's November 2025 inspection see?")
    assert max(in_the_month, key=in_the_month.__getitem__) == "ilacs.pdf"
    by_name = affinity("What does the executive response say about the Gateway?")
    assert max(by_name, key=by_name.__getitem__) == "response.pdf"
    # "minutes" names seven documents here: too common a word to single one out.
    minutes = affinity("What do the minutes say about the budget?")
    assert len({v for name, v in minutes.items() if name.startswith("minutes")}) == 1


def test_a_lead_in_runs_into_its_bulleted_items() -> None:
    text = ("The Council had submitted evidence and made several recommendations, as follows:\n"
            "- Amending the definition of emergency street works.\n"
            "- A proposal to widen the lane rental scheme\n"
            "The Leader thanked the Cabinet Member.")
    q = analyse("What did Kent recommend to the inquiry into street works?")
    lead = lead_sentences(q, scored(text, text.split("\n")[0]), {"street": 1.0})
    assert lead == text.split("\n")[:3]
    assert verbatim_span(text, lead) in text


def test_lettered_items_run_together_in_one_line_count_as_a_list() -> None:
    from assistant.answering import item_count

    minutes = ("7. Comments expressed during the debate: a. Members claimed the decision was "
               "inconsistent. b. Members considered that Seashells provided best value. "
               "c. Members raised concerns about the financial analysis.")
    assert item_count(minutes) == 3
    assert item_count("(a) At the Scrutiny Committee held on 29th January; (b) In regard to") == 2
    assert item_count("He said that this was, e.g. Kent, a matter for a. Council.") <= 1


def test_a_named_day_that_neither_the_document_nor_the_passage_holds_counts_against() -> None:
    from dataclasses import replace

    from assistant.abstention import _other_day

    q = analyse("Who proposed the budget at the meeting on 13 February 2025?")
    budget_day = _meta("s25.pdf", "Section 25 statement", "2025-02-13")
    other_day = _meta("minutes.pdf", "Council minutes", "2025-03-13")
    assert _other_day(q, budget_day, "Mr Oakford proposed the budget.") == 0.0
    assert _other_day(q, other_day, "Mr Murphy proposed the Minerals Plan.") == 1.0
    assert _other_day(q, other_day, "At the meeting on 13th February 2025 Mr Oakford ...") == 0.0
    assert _other_day(analyse("Who proposed the budget in 2025?"), other_day, "x") == 0.0
    # a question naming two papers, one by its day and one by its own words
    request = _meta("kent_callin-submission.pdf", "Call-in submission", "2025-03-13")
    both = analyse("Compare the name in the call-in submission with the report to Cabinet on "
                   "4 March 2025.", {"kent_callin-submission.pdf": request,
                                     "minutes.pdf": other_day, "s25.pdf": budget_day})
    assert _other_day(both, request, "Proposer: Ms Mel Dawkins") == 0.0
    # but another meeting's minutes of the same body are not the day's, named or not
    october = DocumentMeta("cpp_oct.pdf", "Corporate Parenting Panel minutes",
                           body="Corporate Parenting Panel", date="2024-10-29",
                           document_type="minutes")
    december = replace(october, document="cpp_dec.pdf", date="2024-12-10")
    panels = replace(analyse("What did the Corporate Parenting Panel hear on 10 December 2024?"),
                     named=(("cpp_oct.pdf", 0.3), ("cpp_dec.pdf", 0.3)))
    kinds = frozenset({(december.body, december.document_type)})
    assert _other_day(panels, october, "Members heard about fostering.", kinds) == 1.0
    assert _other_day(panels, october, "Members heard about fostering.") == 0.0


def test_a_lead_that_refers_back_brings_the_sentence_it_refers_to() -> None:
    text = ("A new chief executive and director of children's services were appointed. "
            "These appointments have been of highly skilled professionals.")
    q = analyse("Which senior appointments had Thurrock made?")
    lead = lead_sentences(q, scored(text, "These appointments have been of highly skilled "
                                          "professionals."), {"appoint": 1.0})
    assert lead[0].startswith("A new chief executive") and len(lead) == 2


def test_a_sentence_cut_by_a_page_break_is_finished_from_the_next_passage(  # type: ignore[no-untyped-def]
        fake_assistant, tmp_path) -> None:
    from assistant.answering import continuation
    from ingest.chunking import split_sentences

    doc = tmp_path / "report.txt"
    doc.write_text("32. They are the first virtual school to be awarded the\f"
                   "National Nurturing Schools programme award. It recognises practice.\n")
    fake_assistant.ingest([doc])
    chunks = fake_assistant.index.catalog.chunks("report.txt")
    first = next(c for c in chunks if c.text.rstrip().endswith("awarded the"))
    hit = Hit(first, fake_assistant.index.snapshot().metas["report.txt"], 1.0)
    cut = split_sentences(first.text)[-1]
    assert cut.endswith("to be awarded the")
    rest = continuation(hit, cut, fake_assistant.index)
    assert rest is not None and rest[1] == "National Nurturing Schools programme award."


def test_a_two_document_question_searches_the_named_document_the_search_left_out() -> None:
    from assistant.answering import named_source_hits
    from assistant.types import Filters

    metas = {m.document: m for m in [
        _meta("request.pdf", "Call-in request", "2025-03-13", "", "Call-in request"),
        _meta("response.pdf", "Executive response", "2025-03-13", "", "Executive response"),
        *[_meta(f"paper-{n}.pdf", "Cabinet paper", f"2025-0{n}-30") for n in range(1, 9)]]}
    q = analyse("What figure does the call-in request quote, and what does the executive "
                "response give?", metas)
    hit = Hit(Chunk("r1", "response.pdf", "£4,099,400", 5, None, "", "paragraph", 0),
              metas["response.pdf"], 1.0)
    asked: list[tuple[str, ...]] = []

    def search(filters: Filters) -> list[Hit]:
        asked.append(filters.documents)
        return []
    named_source_hits(q, [hit], metas, Filters(), search)
    assert asked == [("request.pdf",)]
    asked.clear()
    named_source_hits(analyse("What does the executive response give?", metas), [hit], metas,
                      Filters(), search)
    assert asked == []


def test_a_year_asked_of_a_later_report_that_does_not_say_it_counts_against() -> None:
    from assistant.abstention import _sentence_year

    q = analyse("How many people attended the annual conference in 2023?")
    later = _meta("qpr.pdf", "Quarterly performance report", "2025-03-04")
    same = _meta("minutes.pdf", "Panel minutes", "2024-01-10")
    held = "On 16th October the annual conference had a record attendance of 163."
    assert _sentence_year(q, later, held, []) == 1.0
    assert _sentence_year(q, same, held, []) == 0.0  # a report of the next year may omit it
    assert _sentence_year(q, later, "The 2023 conference had 163 people.", []) == 0.0
    assert _sentence_year(q, later, "In 2023/24 the conference had 163 people.", []) == 0.0
    assert _sentence_year(analyse("How many attended the conference?"), later, held, []) == 0.0


def test_a_share_asked_is_not_answered_by_a_count() -> None:
    from assistant.abstention import SHARE, _asks_share

    assert _asks_share(analyse("What was the turnout rate, as a share of eligible voters?"))
    assert _asks_share(analyse("What proportion of social workers were agency staff?"))
    assert not _asks_share(analyse("How many children were in care?"))
    assert not _asks_share(analyse("What share of the budget, in £, goes on transport?"))
    assert not SHARE.search("22,866 young people voted, over 3,000 more than last year.")
    for answered in ("Turnout was 31%.", "The rate is 61 per 10,000 children.",
                     "Two thirds of staff are permanent.", "12 out of 40 were late."):
        assert SHARE.search(answered), answered


def test_another_councils_paper_counts_against_only_when_it_never_names_the_council() -> None:
    from assistant.abstention import evidence
    from assistant.keyword import KeywordIndex

    medway = DocumentMeta("medway.pdf", "Medway report", council="Medway Council")
    kent = _meta("kent.pdf", "Terms of reference", "2025-03-13")
    q = analyse("When did Medway's scrutiny committee consider the call-in options?",
                {"medway.pdf": medway, "kent.pdf": kent})

    def row(text: str) -> dict[str, float]:
        chunk = Chunk("c1", "kent.pdf", text, 1, None, "", "paragraph", 0)
        s = Scored(Hit(chunk, kent, 1.0), text, 1.0, 0.5)
        return evidence(q, [s], KeywordIndex([text, "another passage"]))[0]

    assert row("Medway's committee considered the options on 16 January 2025.")[
        "council_unmentioned"] == 0.0
    assert row("Kent's committee considered the options on 16 January 2025.")[
        "council_unmentioned"] == 1.0


def test_how_long_is_answered_by_a_duration_and_a_season_is_a_date() -> None:
    waiting = analyse("How long can children wait for mental health help?")
    assert sentence_answers_type(waiting, "Some children wait for around three years.")
    assert not sentence_answers_type(waiting, "Children wait too long for help.")
    when = analyse("When will the school reach stage two?")
    assert sentence_answers_type(when, "Stage two is planned for spring.")


def test_asking_who_or_when_outranks_a_word_of_change() -> None:
    assert analyse("The motion was changed by an amendment in March 2025. Who seconded it?"
                   ).kind == "who"
    assert analyse("How has the rating changed since 2019?").kind == "change"
    assert analyse("Who led the 2015 inspection, and what changed by 2019?").kind == "change"


def test_a_change_in_a_count_prefers_a_count_to_a_percentage() -> None:
    q = analyse("How did the number of children on child protection plans in Thurrock change "
                "between the 2016 inspection and the 2019 inspection?")
    assert q.kind == "change"
    count = "At the time of inspection, 263 children were subject to child protection plans."
    share = "The share of older children on a child protection plan has risen from 24% to 31%."
    assert _type_bonus(q, count) > _type_bonus(q, share)
    rate = analyse("How did the percentage of children on plans change between 2016 and 2019?")
    assert _type_bonus(rate, share) >= _type_bonus(rate, count)


# Words that look like a change or a list asked, and are not (or are): (question, kind)
KIND_CASES = [
    # "compared with the same quarter a year earlier": one report gives both figures
    ("In the latest quarter, what proportion of audited work was graded Good, compared with "
     "the same quarter a year earlier, in Medway's March 2024 update?", "number"),
    ("How many children were in care in 2024, compared with the previous year?", "number"),
    ("What proportion of audits were graded Good in March 2024, compared with a year earlier?",
     "number"),
    ("How did Medway's grade in 2023 compare with 2019, compared with the previous "
     "inspection?", "change"),  # two years: two reports
    # a word of change beside the earlier period still asks a change
    ("How has the Ofsted grade changed since the inspection a year before?", "change"),
    ("How has Medway changed since the 2019 inspection, compared with the previous period?",
     "change"),
    # a register of risks named asks figures; "what risks does the register list" a list
    ("Kent's Budget Risks Register 2025-26 went to Cabinet and to County Council. What total "
     "estimated annual financial exposure did each version show?", "number"),
    ("What total exposure did the key risks register show?", "number"),
    ("What risks does the Budget Risks Register list?", "list"),
    # "the service offer comparison" names a paper; a comparison of or with things asks a
    # change
    ("According to the Kent family hubs service offer comparison (Appendix 1, 13 March "
     "2025), which services at the Sheppey Gateway would be provided by the Libraries and "
     "Registration Service?", "list"),
    ("Which two services proposed for the Gateway would be provided by the Library Service?",
     "list"),
    ("What comparison of the 2019 and 2023 ratings does the update make?", "change"),
    ("How did the 2023 inspection grade Medway in comparison with the 2019 inspection?",
     "change"),
    ("What comparison tool did the council use in 2023?", "fact"),
]


@pytest.mark.parametrize(("question", "kind"), KIND_CASES)
def test_words_that_look_like_a_change_or_a_list_asked(question: str, kind: str) -> None:
    assert analyse(question).kind == kind


def test_a_change_asked_in_figures_prefers_sentences_with_figures() -> None:
    q = analyse("How many children were on plans in Medway in 2015, compared with Thurrock "
                "in 2016?")
    assert q.kind == "change"
    assert _type_bonus(q, "At the time, 263 children were subject to plans.") > _type_bonus(
        q, "The proportion of children subject to plans was higher than elsewhere.")


def test_asking_what_needs_to_improve_does_not_name_a_children_in_need_report() -> None:
    sif = DocumentMeta("sif.pdf", "Inspection of services for children in need of help")
    others = {f"r{i}.pdf": DocumentMeta(f"r{i}.pdf", f"Cabinet report {i}") for i in range(12)}
    metas = {"sif.pdf": sif, **others}
    assert "sif.pdf" not in dict(analyse("What did Ofsted say still needs to improve?",
                                         metas).named)
    assert "sif.pdf" in dict(analyse("What help do children in need get?", metas).named)


def test_a_section_of_numbered_paragraphs_asked_for_by_name_is_listed_paragraph_by_paragraph(  # type: ignore[no-untyped-def]
        medway_assistant) -> None:
    result = medway_assistant.ask("What are the recommendations in the Medway improvement "
                                  "update?")
    lines = result.answer.splitlines()
    assert lines[0].startswith("- The Children and Young People Overview and Scrutiny "
                               "Committee is asked to note the report")
    assert lines[1].startswith("- The Children and Young People Overview and Scrutiny "
                               "Committee is asked to note that maintaining a focus")
    assert {c.paragraph for c in result.citations} == {"1.1", "1.2"}
    assert "Inspectors found" not in result.answer


def test_asking_for_an_outcome_is_framing_and_favours_what_was_resolved() -> None:
    from assistant.abstention import evidence
    from assistant.keyword import KeywordIndex

    q = analyse("What was the outcome of the Family Hubs call-in?")
    text = "The Committee resolved to refer the Family Hubs call-in to full Council."
    chunk = Chunk("c1", "doc.pdf", text, 1, None, "", "paragraph", 0)
    s = Scored(Hit(chunk, DocumentMeta("doc.pdf", "A report"), 1.0), text, 1.0, 0.5)
    row = evidence(q, [s], KeywordIndex([text, "The outcome was noted.", "Other text."]))[0]
    assert row["missing_rare"] == 0.0  # "outcome" frames the question; it is not missing
    assert _type_bonus(q, text) > _type_bonus(q, "The Family Hubs call-in was debated.")


def test_a_cover_sheets_fields_run_together_are_not_a_sentence() -> None:
    from assistant.answering import _not_a_sentence

    assert _not_a_sentence("Classification: Unrestricted Past Pathway of report: N/A Future "
                           "Pathway of report: Cabinet Member Decision Is it eligible?")
    assert not _not_a_sentence("Decision: the Committee agreed the motion.")
    # one field, split off from the others by the sentence splitter
    assert _not_a_sentence("Past Pathway of report: Adult Social Care Cabinet Committee – 15 "
                           "January 2025")
    assert not _not_a_sentence("Electoral Division boundaries were redrawn in 2025.")


def test_what_did_the_inspection_find_asks_for_its_judgement() -> None:
    assert analyse("What did the West Sussex SEND inspection find?").sections == ("judgement",)
    assert analyse("What did Ofsted find in Thurrock in 2024?").sections == ("judgement",)
    assert analyse("What did Ofsted find about care leavers?").sections == ()
    q = analyse("What did the West Sussex SEND inspection find?")
    outcome = ("The local area partnership’s arrangements lead to inconsistent experiences "
               "and outcomes for children and young people with SEND.")
    assert _type_bonus(q, outcome) > _type_bonus(q, "Retention of staff is good.") > 0
    assert _type_bonus(q, "Services for children and families in Thurrock are outstanding."
                       ) == _type_bonus(q, outcome)


def test_a_sentence_that_only_restates_the_documents_title_is_not_the_answer() -> None:
    from assistant.answering import rank_sentences
    from assistant.keyword import KeywordIndex

    title = "Area SEND inspection of West Sussex Local Area Partnership"
    meta = DocumentMeta("wsx.pdf", title, council="West Sussex Local Area Partnership",
                        document_type="Ofsted inspection report")
    text = (f"Local Area Partnership report {title}\n"  # 13 words, no full stop
            "Leaders have an understanding of the issues to be addressed.")
    chunk = Chunk("c1", "wsx.pdf", text, 1, None, "", "paragraph", 0)
    ranked = rank_sentences(analyse("What did the West Sussex SEND inspection find?"),
                            [Hit(chunk, meta, 1.0)], KeywordIndex([text, "Other text."]))
    assert ranked[0].sentence.startswith("Leaders have")


def test_what_a_body_did_decide_asks_for_the_outcome_and_who_will_decide_does_not() -> None:
    from assistant.answering import OUTCOME_ASKED

    assert OUTCOME_ASKED.search("What did the Scrutiny Committee decide to do with the call-in?")
    assert OUTCOME_ASKED.search("What was decided about the call-in?")
    assert not OUTCOME_ASKED.search("When will Cabinet decide on the budget?")
    assert not OUTCOME_ASKED.search("Who will decide on the consultation? Did it close?")


def test_a_licence_notice_is_no_answer_unless_an_address_is_asked_for() -> None:
    """"After its 2023 visit ..." once drew "To view this licence, visit www..."."""
    from assistant.answering import sentence_features
    from assistant.keyword import KeywordIndex

    meta = DocumentMeta("essex.pdf", "Inspection of Essex children's services")
    text = ("To view this licence, visit www.nationalarchives.gov.uk/doc/open-government-"
            "licence, or email: psi@nationalarchives.gsi.gov.uk.\n"
            "Leaders visit frontline teams every month.")
    hits = [Hit(Chunk("c1", "essex.pdf", text, 12, None, "", "paragraph", 0), meta, 1.0)]
    keyword = KeywordIndex([text, "Other text."])

    def penalised(question: str) -> list[float]:
        return [f["not_a_sentence"] for _, _, f in sentence_features(analyse(question), hits,
                                                                     keyword)]
    assert penalised("What did Ofsted say after its 2023 visit?") == [1.0, 0.0]
    assert penalised("Which website has the licence?") == [0.0, 0.0]
    assert penalised("How will the council address the overspend?") == [1.0, 0.0]
    figure = "The consultation on www.kent.gov.uk/budget received 3,212 responses."
    hits[0] = Hit(replace(hits[0].chunk, text=figure), meta, 1.0)
    assert penalised("How many responses did the budget consultation receive?") == [0.0]


def test_since_a_year_counts_the_later_documents_as_of_that_year() -> None:
    from assistant.question import document_affinity

    q = analyse("How has Medway's rating changed since 2019?")
    assert q.since == "2019" and q.kind == "change"
    later = _meta("ilacs-2023.pdf", "Inspection of Medway children's services", "2023-09-11")
    earlier = _meta("sif-2015.pdf", "Inspection of Medway children's services", "2015-11-27")
    assert document_affinity(q, later) > document_affinity(q, earlier)
    for put in ("since mid-2023", "since the middle of 2023", "since the end of 2023",
                "since March 2023"):
        assert analyse(f"Has Medway's caseload gone down {put}?").since == "2023", put
    assert analyse("How has the caseload changed since 2021-2022?").since == "2021"
    assert analyse("How has the caseload changed since Q3 2023?").since == "2023"


def test_two_months_name_two_documents_only_in_a_change_question() -> None:
    change = analyse("How has the risk register changed between January and February 2025?")
    assert change.kind == "change"
    assert set(change.dates) == {(None, 1, 2025), (None, 2, 2025)}
    period = analyse("How many clients did Seashells reach between April and November 2024?")
    assert period.kind == "number"
    assert (None, 4, 2024) not in period.dates
    assert analyse("What changed between the 2019 and 2024 inspections?").kind == "change"


def test_a_rating_change_quotes_each_documents_judgement(fake_assistant, tmp_path) -> None:  # type: ignore[no-untyped-def]
    for name, body in (
            ("ofsted_testshire_2019_ilacs.txt", "The Testshire rating scheme for schools "
             "changed in 2019. Services for children in Testshire are inadequate."),
            ("ofsted_testshire_2023_ilacs.txt", "The Testshire rating scheme for schools "
             "changed again. Services for children and families in Testshire are good.")):
        (tmp_path / name).write_text(f"Inspection of Testshire children's services\n\n{body}\n")
    fake_assistant.ingest([tmp_path])
    from assistant.answering import answer

    result = answer("How has the Testshire rating changed since 2019?", fake_assistant.index,
                    fake_assistant.embedder, threshold=-1.0)  # the composition, not abstention
    lines = [ln for ln in result.answer.splitlines() if ln.startswith("- ")]
    assert [ln[:6] for ln in lines] == ["- 2019", "- 2023"]
    assert "are inadequate" in lines[0] and "are good" in lines[1]


def test_an_area_send_report_does_not_answer_for_a_childrens_services_inspection() -> None:
    from assistant.abstention import _other_inspection

    send = DocumentMeta("ofsted_medway_2024_area-send.pdf", "Area SEND inspection of Medway",
                        document_type="Ofsted/CQC area SEND inspection")
    ilacs = DocumentMeta("ofsted_medway_2023_ilacs.pdf", "Inspection of Medway children's "
                         "services (ILACS)", document_type="Ofsted ILACS")
    papers = DocumentMeta("kent_minutes.pdf", "Council minutes")
    ilacs_asked = "When is Ofsted's next inspection of Medway children's services (ILACS) due?"
    assert _other_inspection(ilacs_asked, send) == 1.0
    assert _other_inspection(ilacs_asked, ilacs) == 0.0
    assert _other_inspection("When is the next area SEND inspection?", ilacs) == 1.0
    assert _other_inspection("When is the next area SEND inspection?", send) == 0.0
    assert _other_inspection("When is the next area SEND inspection?", papers) == 0.0
    assert _other_inspection("What did Ofsted say?", send) == 0.0


def test_when_is_answered_by_within_a_number_of_years() -> None:
    q = analyse("When is the next area SEND inspection in West Sussex?")
    assert sentence_answers_type(q, "The next inspection will be within approximately three "
                                    "years.")
    assert not sentence_answers_type(q, "The consultation ran for eight weeks.")


def test_a_sections_paragraphs_are_its_first_run_and_end_where_findings_begin() -> None:
    from types import SimpleNamespace

    from assistant.answering import _section_paragraphs

    def chunk(n: int, heading: str, text: str) -> Chunk:
        return Chunk(f"c{n}", "sif.pdf", text, 1, str(n), heading, "paragraph", n)

    chunks = [chunk(1, "Recommendations", "Recommendations\nEnsure strategy discussions are held."),
              chunk(2, "Recommendations", "Improve return home interviews."),
              chunk(3, "Recommendations", "The board meets well. It is chaired well. It is "
                                          "funded. It has a plan."),
              chunk(4, "Findings", "Inspectors found good practice."),
              chunk(5, "Recommendations", "Launch the board's neglect strategy.")]
    index = SimpleNamespace(catalog=SimpleNamespace(chunks=lambda document: chunks))
    later = Hit(chunks[4], DocumentMeta("sif.pdf", "SIF"), 1.0)
    items = [body for _, body in _section_paragraphs(later, index)]  # type: ignore[arg-type]
    assert items == ["Ensure strategy discussions are held.", "Improve return home interviews."]


def test_and_who_asks_a_second_source() -> None:
    from assistant.answering import TWO_SOURCES

    assert TWO_SOURCES.search("Who is named as proposer in the request, and who does the "
                              "report say submitted it?")


def test_the_section_asked_for_is_listed_even_when_written_as_sentences(  # type: ignore[no-untyped-def]
        fake_assistant, tmp_path) -> None:
    from assistant.answering import answer

    (tmp_path / "ofsted_testshire_2024_area-send.txt").write_text(
        "Area SEND inspection of Testshire\n\n"
        "What is the area partnership doing that is effective?\n\n"
        "- Leaders are ambitious for children with SEND in Testshire.\n"
        "- Health visitors deliver the developmental checks in Testshire.\n\f"
        "Areas for improvement\n\n"
        "Leaders should act swiftly to address waiting well arrangements. Leaders should "
        "review their approach to preparation for adulthood.\n")
    fake_assistant.ingest([tmp_path])
    result = answer("What areas for improvement came out of the Testshire SEND inspection?",
                    fake_assistant.index, fake_assistant.embedder, threshold=-1.0)
    assert "waiting well" in result.answer and "preparation for adulthood" in result.answer
    assert "Health visitors" not in result.answer


def test_a_figure_in_a_close_sentence_of_the_same_passage_answers_a_number_question() -> None:
    from assistant.abstention import evidence
    from assistant.keyword import KeywordIndex

    q = analyse("How many looked after children did Kent have in 2013?")
    text = ("The looked after children population has increased to 1831 in 2013. "
            "A fluctuation in the number of looked after children affects this.")
    chunk = Chunk("c1", "doc.pdf", text, 1, None, "", "paragraph", 0)
    hit = Hit(chunk, DocumentMeta("doc.pdf", "Kent inspection", date="2013-07-01"), 1.0)
    vague = Scored(hit, "A fluctuation in the number of looked after children affects this.",
                   1.0, 0.5)
    figure = Scored(hit, "The looked after children population has increased to 1831 in 2013.",
                    0.9, 0.5)
    index = KeywordIndex([text, "Other text."])
    assert evidence(q, [vague, figure], index)[0]["sentence_type"] == 0.0
    far = Scored(hit, figure.sentence, 0.5, 0.5)  # well below the best: not the answer
    assert evidence(q, [vague, far], index)[0]["sentence_type"] == 1.0


def test_a_cover_sheet_names_who_wrote_the_report() -> None:
    q = analyse("Which finance officer produced the section 25 statement?")
    sheet = ("From: John Betts, Interim Corporate Director, Finance To: County Council "
             "Subject: Section 25 Assurance Statement")
    assert sentence_answers_type(q, sheet)
    assert _type_bonus(q, sheet) > 0


def test_a_table_rows_label_ending_its_passage_takes_the_figures_opening_the_next() -> None:
    from types import SimpleNamespace

    from assistant.answering import following_figures

    def chunk(n: int, text: str) -> Chunk:
        return Chunk(f"c{n}", "fin.pdf", text, 12, None, "All figures in £m", "paragraph", n)

    chunks = [chunk(0, "Underspends across most services. Home to School & College Transport"),
              chunk(1, "87.7 -8.6 Lower cost of hired transport Whilst the number ...")]
    index = SimpleNamespace(catalog=SimpleNamespace(chunks=lambda document: chunks))
    hit = Hit(chunks[0], DocumentMeta("fin.pdf", "Finance monitoring"), 1.0)
    found = following_figures(hit, "Home to School & College Transport", index)  # type: ignore[arg-type]
    assert found is not None and found[1] == "87.7 -8.6" and found[0].chunk.id == "c1"
    assert following_figures(hit, "Underspends across most services.", index) is None  # type: ignore[arg-type]
    assert analyse("What variance is forecast on transport?").kind == "number"


def test_an_increase_a_pay_award_or_a_pay_multiple_asked_is_a_figure() -> None:
    assert analyse("What council tax increase did Kent set for 2025-26?").kind == "number"
    for why in ("What caused the increase in children in care?", "What award did the team win?",
                "What rise in referrals does Kent expect?", "What is the increase based on?",
                "What allocation process "
                "will the council use?", "What could give rise to a legal challenge?"):
        assert analyse(why).kind != "number", why
    pay = analyse("What pay award was set out in the Pay Policy Statement 2025/26?")
    assert pay.kind == "number"
    assert not sentence_answers_type(pay, "- provision for Kent Scheme pay award 2025-26")
    assert sentence_answers_type(pay, "The pay award for 2025-26 is 3%.")
    multiple = analyse("What pay multiple between the highest-paid employee and the median "
                       "earner is set out in the Pay Policy Statement?")
    assert multiple.kind == "number"  # a ratio: not answered by "Council endorses the Statement"
    assert not sentence_answers_type(multiple, "RESOLVED that Council endorses the Pay Policy "
                                               "Statement.")
    assert analyse("What is the ratio of social workers to managers?").kind == "number"
    assert analyse("What did Ofsted say about staffing ratios in the homes?").kind != "number"
    for ratio in ("What was the staff to child ratio in the homes?",
                  "What is Kent's social worker to manager ratio?"):
        assert analyse(ratio).kind == "number", ratio


def test_an_opening_when_clause_sets_the_scene_and_does_not_ask_when() -> None:
    assert analyse("When the Scrutiny Committee looked at the call-in in January 2025, what "
                   "did it agree?").kind == "fact"
    assert analyse("In 2019, who led the inspection?").kind == "who"
    assert analyse("When did the Committee meet?").kind == "when"


def test_a_list_is_quoted_from_its_lead_in_and_continues_with_the_next_passages_bullets() -> None:
    from assistant.answering import _list_span

    opening = ("Reserves may be drawn down further.\nThe main risks are as follows:\n"
               "- Delivery of the Savings Plans\n- Spending Pressures")
    assert _list_span(opening, opening=True) == ("The main risks are as follows:\n"
                                                 "- Delivery of the Savings Plans\n"
                                                 "- Spending Pressures")
    continuing = "- Local Government reorganisation\nRisk 1 – Delivery of the savings."
    assert _list_span(continuing, opening=False) == "- Local Government reorganisation"
    assert _list_span("No bullets here.", opening=True) == "No bullets here."


def test_review_fixes_for_cues_that_matched_too_much() -> None:
    from assistant.abstention import _other_inspection
    from assistant.answering import _list_span
    from assistant.question import naming_scores

    assert analyse("What did the audit find?").sections == ()
    assert analyse("Where can the minutes be found?").sections == ()
    assert analyse("When did Ofsted inspect Medway, what did it find?").kind == "when"
    metas = {"ics.pdf": DocumentMeta("ics.pdf", "Integrated Care Strategy"),
             **{f"r{i}.pdf": DocumentMeta(f"r{i}.pdf", f"Cabinet report {i}") for i in range(12)}}
    assert "ics.pdf" in naming_scores("What does the Integrated Care Strategy recommend?", metas)
    ilacs = DocumentMeta("i.pdf", "Inspection of X children's services (ILACS)",
                         document_type="Ofsted ILACS")
    assert _other_inspection("What did the Special educational needs inspection say?", ilacs)
    wrapped = "- Delivery of the savings\nplans in full\n- Spending pressures\nRisk 1 – text."
    assert _list_span(wrapped, opening=False) == ("- Delivery of the savings\nplans in full\n"
                                                 "- Spending pressures")


def test_a_full_sentence_is_no_table_row_label() -> None:
    from types import SimpleNamespace

    from assistant.answering import following_figures

    chunks = [Chunk("c0", "f.pdf", "The budget was agreed.", 1, None, "", "paragraph", 0),
              Chunk("c1", "f.pdf", "3.1 2024 The next section.", 1, None, "", "paragraph", 1)]
    index = SimpleNamespace(catalog=SimpleNamespace(chunks=lambda document: chunks))
    hit = Hit(chunks[0], DocumentMeta("f.pdf", "Report"), 1.0)
    assert following_figures(hit, "The budget was agreed.", index) is None  # type: ignore[arg-type]


def test_a_section_asked_for_in_sentences_runs_on_past_a_heading_only_passage() -> None:
    from types import SimpleNamespace

    from assistant.answering import _section_sentences

    def chunk(n: int, text: str) -> Chunk:
        return Chunk(f"c{n}", "send.pdf", text, 6, None, "Report > Areas for improvement",
                     "paragraph", n)

    chunks = [chunk(0, "Areas for improvement"),
              chunk(1, "Leaders should address waiting well."),
              chunk(2, "Leaders should improve preparation for adulthood.")]
    index = SimpleNamespace(catalog=SimpleNamespace(chunks=lambda document: chunks))
    heading_only = Hit(chunks[0], DocumentMeta("send.pdf", "SEND"), 1.0)
    quoted = [s for _, s in _section_sentences(heading_only, index)]  # type: ignore[arg-type]
    assert quoted == ["Leaders should address waiting well.",
                      "Leaders should improve preparation for adulthood."]


def test_areas_to_work_on_ask_for_what_needs_to_improve_and_a_headline_grade_may_be_a_heading(
        ) -> None:
    from assistant.question import section_tags

    asked = analyse("What were the areas Ofsted told Thurrock to work on after its inspection?")
    assert asked.kind == "list" and asked.sections == ("improve",)
    assert section_tags("Children’s services in Kent are good") == frozenset({"judgement"})
    assert section_tags("Children’s services in Kent") == frozenset()


def test_a_figure_the_question_gives_is_not_the_figure_it_asks_for() -> None:
    from assistant.abstention import sentence_answers_type

    q = analyse("How many responses did the consultation on the 18-25 service receive?")
    assert q.kind == "number"
    assert not sentence_answers_type(q, "The proposal is to transfer the 18-25 service.")
    assert sentence_answers_type(q, "The consultation on the 18-25 service received 118 responses.")
    assert sentence_answers_type(q, "It received 18 responses.")  # 18 alone is an answer


def test_a_charge_fee_or_payment_asks_for_an_amount() -> None:
    from assistant.abstention import sentence_answers_type

    q = analyse("What is the Band D council tax charge for 2025-26?")
    assert q.kind == "number"
    assert not sentence_answers_type(q, "There is a risk that less council tax is collected.")
    assert sentence_answers_type(q, "The Band D charge is £1,752.57.")
    assert analyse("What does KCC pay each year to lease the hub?").kind == "number"
    assert analyse("Who is in charge of the service?").kind == "who"


def test_grading_asks_for_the_judgement() -> None:
    q = analyse("How has Ofsted's grading of Kent's care leavers changed between 2022 and 2025?")
    assert "judgement" in q.sections and q.kind == "change"
    assert "judgement" in analyse("Which part was graded as requiring improvement?").sections


def test_a_target_does_not_answer_what_was_achieved() -> None:
    from assistant.abstention import _target_for_actual

    raised = analyse("How much had the Christmas campaign actually raised by December?")
    assert _target_for_actual(raised, "Members were asked to help reach the target of £25,000.")
    assert not _target_for_actual(raised, "The campaign had raised £18,200 by December.")
    aim = analyse("What target did Kent set for foster households?")
    assert not _target_for_actual(aim, "Number of foster households Target: 700")


def test_a_figure_asked_for_a_year_before_needs_a_sentence_that_looks_back() -> None:
    from assistant.abstention import EARLIER_ASKED, THEN_AND_NOW

    asked = "What was the turnover rate a year before the March 2024 update?"
    assert EARLIER_ASKED.search(asked)
    assert not THEN_AND_NOW.search("Turnover rate is 27% and vacancy levels are 30%.")
    assert THEN_AND_NOW.search("Turnover fell from 33% in 2023 to 27%.")
    assert not EARLIER_ASKED.search("What is the turnover rate?")


def test_an_average_or_an_allowance_asks_for_a_figure() -> None:
    assert analyse("What was the average wait for an autism assessment?").kind == "number"
    assert analyse("What special responsibility allowance does the Leader receive?").kind == \
        "number"


def test_who_moved_a_motion_may_be_read_from_the_minutes_heading_that_says_so() -> None:
    from assistant.answering import rank_sentences
    from assistant.keyword import KeywordIndex

    heading = "300. Review of Decision > 2) Mr Booth proposed and Mrs Binks seconded the motion:"
    text = ("2) Mr Booth proposed and Mrs Binks seconded the motion:\n"
            "“That the Council does not require reconsideration of the decision.”")
    chunk = Chunk("c0", "minutes.pdf", text, 8, None, heading, "paragraph", 0)
    hits = [Hit(chunk, DocumentMeta("minutes.pdf", "County Council minutes"), 1.0)]
    keyword = KeywordIndex([f"{heading} {text}", "Other business of the day."])
    who = analyse("Who proposed and who seconded the motion on the review of the decision?")
    assert any("Mr Booth proposed" in s.sentence for s in rank_sentences(who, hits, keyword))
    what = analyse("What motion was put on the review of the decision?")
    assert not any("Mr Booth proposed" in s.sentence for s in rank_sentences(what, hits, keyword))


def test_a_long_table_is_listed_through_all_its_pieces_to_its_key() -> None:
    from types import SimpleNamespace

    from assistant.answering import _table_list
    from assistant.citations import CitationBuilder

    def chunk(n: int, text: str, kind: str) -> Chunk:
        return Chunk(f"c{n}", "r.txt", text, 1, "6.2", "6. Risk", kind, n)

    header = "Risk\tDescription\tAction\tRating"
    chunks = [chunk(0, "6.1 Risks are managed.\n6.2 The key risks are as follows:", "paragraph"),
              chunk(1, f"{header}\nWorkforce\tToo few social workers\tRecruit\tBII", "table"),
              chunk(2, f"{header}\n\tNot sustained\tOversight\tCII\nLikelihood\tImpact:", "table"),
              chunk(3, f"{header}\nAnother table\tlater\tin the paper\tD", "table")]
    index = SimpleNamespace(catalog=SimpleNamespace(chunks=lambda document: chunks))
    hit = Hit(chunks[0], DocumentMeta("r.txt", "Update"), 1.0)
    text = _table_list(hit, chunks[1], CitationBuilder(), index)  # type: ignore[arg-type]
    assert text.splitlines() == [
        "6.2 The key risks are as follows: [1]",
        "- Workforce | Too few social workers | Recruit | BII [2]",
        "- Not sustained | Oversight | CII [3]"]


def test_a_question_across_years_names_each_years_one_document_of_the_council() -> None:
    metas = {m.document: m for m in [
        _meta("ofsted_medway_2019_ilacs.pdf", "Inspection of Medway children's services",
              "2019-08-27", "Ofsted ILACS"),
        _meta("medway_2024-03-07_update.txt", "Improvement Update", "2024-03-07",
              "Children and Young People Overview and Scrutiny Committee"),
        _meta("ofsted_medway_2024_area-send.pdf", "Area SEND inspection", "2024-04-02",
              "Ofsted area SEND"),
        _meta("ofsted_thurrock_2019_ilacs.pdf", "Inspection of Thurrock children's services",
              "2019-12-20", "Ofsted ILACS"),
    ]}
    for name in metas:
        metas[name] = replace(metas[name], council="Thurrock Council" if "thurrock" in name
                              else "Medway Council")
    named = dict(analyse("How does Medway's vacancy rate in 2019 compare with the rate in "
                         "2024?", metas).named)
    # 2019: Medway's one document; 2024 has two, and the question asks no kind of either.
    assert named == {"ofsted_medway_2019_ilacs.pdf": 0.2}
    by_kind = dict(analyse("Compare Medway's 2019 Ofsted inspection with its 2024 SEND "
                           "inspection.", metas).named)
    assert by_kind.get("ofsted_medway_2024_area-send.pdf") == 0.2
    assert "ofsted_thurrock_2019_ilacs.pdf" not in by_kind
    # One year alone names nothing this way: the usual preference for that year does.
    assert not dict(analyse("What did Ofsted say about Medway in 2019?", metas).named)


def test_words_that_look_like_document_kinds_but_are_not() -> None:
    sent_back = analyse("Did the Council send the decision back to Cabinet?")
    assert "send" not in sent_back.type_hints and "minutes" in sent_back.type_hints
    assert "send" in analyse("What did the SEND inspection find?").type_hints
    assert "send" in analyse("what did the send inspection of medway find?").type_hints
    assert "send" not in analyse("Will Kent send letters to parents?").type_hints
    assert analyse("What are the roles that support care leavers called?").kind == "fact"
    assert analyse("What are the areas Ofsted called on Kent to improve?").kind == "list"
    assert analyse("What were the concerns raised when the decision was called in?").kind \
        == "list"
    assert analyse("What are the areas for improvement?").kind == "list"
    assert "improve" in analyse("What was the one area Ofsted asked Essex to improve?").sections
    assert analyse("Which indicators were rated red in the Quarter 3 report?").kind == "list"
    assert analyse("Why did the report have two fewer KPIs?").kind != "list"
    assert analyse("What are Medway's social worker turnover rate and vacancy level?").kind \
        == "number"  # figures asked together, not a list
    assert analyse("What are the risks and their levels?").kind == "list"
    for asked in ("What are the main factors behind the rise in the turnover rate?",
                  "What are the levels of need set out in the threshold document?",
                  "Which are the areas with the highest exclusion rates?",
                  "What are the sources of the figures used in the report?"):
        assert analyse(asked).kind == "list", asked
    assert analyse("Which services would be offered at the Sheppey Gateway?").kind == "list"
    assert analyse("What services did the restructure create?").kind == "fact"
    for asked in ("Why did officers think it would be better to delay the decision?",
                  "How did councillors get better engagement from residents?"):
        assert "improve" not in analyse(asked).sections, asked
    better = analyse("After its 2023 visit, what did Ofsted still want Essex to get better at?")
    assert better.kind == "list" and better.sections == ("improve",)
    signed = analyse("Which cabinet member took decision 24/00093, and when was it signed?")
    assert "record of decision" in signed.type_hints
    assert "record of decision" not in analyse("Why was the decision called in?").type_hints
    assert "record of decision" in analyse("Who took key decision 24/00093?").type_hints


def test_councils_named_by_title_that_no_document_is_from() -> None:
    from assistant.question import unindexed_councils

    metas = {m.document: m for m in [
        _meta("kent.pdf", "Kent paper", "2025-03-13"),
        replace(_meta("medway.pdf", "Medway report", "2024-03-07"), council="Medway Council")]}
    assert unindexed_councils("How did Ofsted judge Surrey County Council's services?",
                              metas) == ("Surrey County Council",)
    assert unindexed_councils("What did the London Borough of Bexley report?",
                              metas) == ("London Borough of Bexley",)
    for text in ("What did Kent County Council decide?", "Did Full Council agree?",
                 "What did the Children in Care Council ask for?", "Which Council decided?",
                 "What did Medway Youth Council say?", "At the February County Council, who spoke?",
                 "What did County Council agree on 13 March 2025?",
                 "What did the Extraordinary Council meeting decide?", "What did Budget Council set?",
                 "What did KCC Council decide?", "Did the Arts Council fund it?"):
        assert unindexed_councils(text, metas) == (), text


def test_councils_named_by_their_place_alone_that_no_document_is_from() -> None:
    from assistant.question import unindexed_councils

    metas = {m.document: m for m in [
        _meta("kent.pdf", "Kent paper", "2025-03-13"),
        replace(_meta("medway.pdf", "Medway report", "2024-03-07"), council="Medway Council")]}
    assert unindexed_councils("What overall grade did Ofsted give Hertfordshire's children's "
                              "services?", metas) == ("Hertfordshire",)
    assert unindexed_councils("How was Bexley rated, and Tower Hamlets?", metas) == (
        "Bexley", "Tower Hamlets")
    assert unindexed_councils("What did the area SEND inspection of the Brighton & Hove local "
                              "area partnership find?", metas) == ("Brighton and Hove",)
    assert unindexed_councils("What did Hertfordshire County Council get?", metas) == (
        "Hertfordshire County Council",)  # named once, by its title
    for text in ("How does Medway compare with Kent?", "What was spent in New York?",
                 "Reading the report, what did Medway decide?"):
        assert unindexed_councils(text, metas) == (), text
    # A place is the same place however a manifest spells it.
    stoke = {"s.pdf": replace(_meta("s.pdf", "ILACS", "2025-01-01"),
                              council="Stoke On Trent City Council")}
    assert unindexed_councils("How was Stoke-on-Trent rated?", stoke) == ()


def test_a_council_named_beside_an_indexed_one_is_declined_unless_compared(
        ) -> None:
    from assistant.answering import absent_councils

    kent = _meta("kent.pdf", "Kent paper", "2025-03-13")
    chunk = Chunk("c1", "kent.pdf", "Kent had 1,800 children in care.", 1, None, "", "paragraph", 0)
    hits = [Hit(chunk, kent, 1.0)]
    metas = {"kent.pdf": kent}
    both = analyse("How many children in care does KCC have, compared with Hampshire?", metas)
    assert absent_councils(both, hits) == []
    alone = analyse("How many children in care does Hampshire have?", metas)
    assert absent_councils(alone, hits) == ["Hampshire"]
    # Named beside an indexed council without comparing them, it is what the question asks.
    said = analyse("At Kent County Council's Cabinet, what council tax increase was Hampshire "
                   "said to be requesting?", metas)
    assert absent_councils(said, hits) == ["Hampshire"]
    mentioned = [Hit(replace(chunk, text="Hampshire asked for a 9% increase."), kent, 1.0)]
    assert absent_councils(said, mentioned) == []
    # set side by side, however worded, the indexed council's half is answered
    for compared in ("How many children in care do Kent and Hampshire have?",
                     "Which had more children in care, Kent or Hampshire?",
                     "How does Kent's rate differ from Hampshire's?",
                     "How did Kent's rating measure up to Hampshire's?"):
        assert absent_councils(analyse(compared, metas), hits) == [], compared
    # "and" inside what is asked, or inside one council's name, sets none side by side
    for alone_asked in ("At Kent County Council's Cabinet, what did Hampshire request and why?",
                        "At Kent's Cabinet, how much more funding was Hampshire requesting?"):
        assert absent_councils(analyse(alone_asked, metas), hits) == ["Hampshire"], alone_asked
    assert absent_councils(analyse("At Kent's Cabinet, what did Brighton and Hove request?",
                                   metas), hits) == ["Brighton and Hove"]


def test_an_area_send_inspection_of_a_place_with_no_such_report_is_declined() -> None:
    from dataclasses import replace

    from assistant.answering import uninspected_places

    kent = _meta("kent.pdf", "Kent paper", "2025-03-13")
    medway = replace(_meta("medway.pdf", "Area SEND inspection of Medway Local Area Partnership",
                           "2024-04-01", kind="Area SEND inspection report"),
                     council="Medway Local Area Partnership")
    metas = {"kent.pdf": kent, "medway.pdf": medway}
    assert uninspected_places(analyse("What was the outcome of Kent's most recent area SEND "
                                      "inspection?", metas), metas) == ["Kent"]
    assert uninspected_places(analyse("What was the outcome of the latest area SEND inspection "
                                      "of the Brighton & Hove local area partnership?", metas),
                              metas) == ["Brighton and Hove"]
    assert uninspected_places(analyse("When did Medway's SEND inspection take place?", metas),
                              metas) == []
    # a children's services report's words on SEND are not asked of an area SEND report
    assert uninspected_places(analyse("What did Ofsted's 2025 inspection say about Kent's "
                                      "children with SEND?", metas), metas) == []


def test_a_financial_year_means_both_its_calendar_years() -> None:
    from assistant.question import years_meant

    assert years_meant(analyse("What did the Quarter 3 2024/25 report say?")) == {"2024", "2025"}
    assert years_meant(analyse("Spending in 2024-25 against 2023")) == {"2023", "2024", "2025"}
    assert years_meant(analyse("Between 2019 and 2023")) == {"2019", "2023"}
    assert years_meant(analyse("The 2025-29 plan")) == {"2025"}  # a span, not a financial year


def test_a_paper_dated_in_the_months_after_a_named_month_reports_on_it() -> None:
    from assistant.question import document_affinity

    quarterly = _meta("qpr.pdf", "Quarterly Performance Report", "2025-03-04")
    panel = _meta("panel.pdf", "Corporate Parenting Panel minutes", "2024-10-29")
    later = _meta("budget.pdf", "Budget book", "2025-11-20")
    q = analyse("How many foster households did Kent have at the end of December 2024?",
                {m.document: m for m in (quarterly, panel, later)})
    assert document_affinity(q, quarterly) == document_affinity(q, panel)
    assert document_affinity(q, later) < document_affinity(q, quarterly)


def test_a_table_introduced_below_is_quoted_at_the_row_the_question_names() -> None:
    """Kent's family hubs decision report: "The table below sets out the number of
    responses for each centre.", with the table set at the foot of the page, after
    other paragraphs."""
    from types import SimpleNamespace

    from assistant.answering import table_row_named

    def chunk(n: int, page: int, text: str) -> Chunk:
        return Chunk(f"c{n}", "fh.pdf", text, page, None, "", "paragraph", n)

    lead_in = ("A total of 1,016 formal questionnaires were returned. The table below sets out "
               "the number of responses for each centre.")
    chunks = [chunk(0, 11, lead_in),
              chunk(1, 11, "In relation to Seashells, the feedback focused on similar themes."),
              chunk(2, 11, "Centre Responses Millmead 433 Seashells 672 Total 1,016"),
              chunk(3, 13, "Seashells 99 hours")]
    index = SimpleNamespace(catalog=SimpleNamespace(chunks=lambda document: chunks))
    hit = Hit(chunks[0], DocumentMeta("fh.pdf", "Family hubs"), 1.0)
    q = analyse("How many of the questionnaires related to Seashells?")
    idf = {"seashel": 3.0, "questionnair": 2.0, "relat": 1.0}
    found = table_row_named(q, hit, "The table below sets out the number of responses for "
                            "each centre.", idf, index)  # type: ignore[arg-type]
    assert found is not None and found[1] == "Seashells 672" and found[0].chunk.id == "c2"
    # Prose between the lead-in and the table is no row, nor is a year or a page number.
    chunks[1] = chunk(1, 11, "Seashells opened in 2019 (page 14). At Seashells 45 comments were made.")
    found = table_row_named(q, hit, "The table below sets out the number of responses for "
                            "each centre.", idf, index)  # type: ignore[arg-type]
    assert found is not None and found[1] == "Seashells 672"
    assert table_row_named(q, hit, "A total of 1,016 formal questionnaires were returned.", idf,
                           index) is None  # type: ignore[arg-type]
    # Two rows named: both are quoted, as the stretch of the table that holds them.
    both = analyse("How many questionnaires related to Millmead and to Seashells?")
    idf = {"seashel": 3.0, "millmead": 3.0, "questionnair": 2.0, "relat": 1.0}
    found = table_row_named(both, hit, "The table below sets out the number of responses for "
                            "each centre.", idf, index)  # type: ignore[arg-type]
    assert found is not None and found[1] == "Millmead 433 Seashells 672"
    # A header word or "Total" is no row asked for: the question's own row alone.
    for asked, idf in (("How many responses were there for Seashells?",
                        {"seashel": 3.0, "respons": 2.6}),
                       ("What was the total for Seashells?", {"seashel": 3.0, "total": 2.9})):
        found = table_row_named(analyse(asked), hit, "The table below sets out the number of "
                                "responses for each centre.", idf, index)  # type: ignore[arg-type]
        assert found is not None and found[1] == "Seashells 672", asked


def test_what_a_meeting_resolved_is_read_from_the_passage_after_the_one_that_tells_of_it() -> None:
    from dataclasses import replace
    from types import SimpleNamespace

    from assistant.answering import outcome_after

    def chunk(n: int, text: str) -> Chunk:
        return Chunk(f"c{n}", "callin.pdf", text, 4, str(15 + n), "", "paragraph", n)

    chunks = [chunk(0, "Cabinet met on 4 March 2025 where the decision was formally reconsidered."),
              chunk(1, "16. Cabinet resolved the following:\na. NOTE the comments b. CONFIRM the "
                       "decision unchanged. c. AGREE to present further information\n"
                       "17. Key points from the Cabinet discussion are summarised below:")]
    index = SimpleNamespace(catalog=SimpleNamespace(chunks=lambda document: chunks))
    hit = Hit(chunks[0], DocumentMeta("callin.pdf", "Call-in report"), 1.0)
    [(found, quote)] = outcome_after(hit, chunks[0].text, index)  # type: ignore[arg-type]
    assert found.chunk.id == "c1"
    assert quote == ("16. Cabinet resolved the following:\na. NOTE the comments b. CONFIRM the "
                     "decision unchanged. c. AGREE to present further information")
    # A lead that tells of no meeting is not followed by the next passage's resolution.
    assert outcome_after(hit, "The consultation closed on 5 January 2025.", index) == []  # type: ignore[arg-type]
    chunks[1] = chunk(1, "17. Key points from the Cabinet discussion are summarised below:")
    assert outcome_after(hit, chunks[0].text, index) == []  # type: ignore[arg-type]
    # Two passages on, in the same section, and its item cut off by the page.
    told = "On 29 January 2025, the Scrutiny Committee considered a call-in."
    chunks[:] = [Chunk("c0", "r.pdf", told, 1, "4", "Intro", "paragraph", 0),
                 Chunk("c1", "r.pdf", "Members debated the issues.", 1, "5", "Intro", "paragraph", 1),
                 Chunk("c2", "r.pdf", "The Committee unanimously agreed the following motion:", 1,
                       "6", "Intro", "paragraph", 2),
                 Chunk("c3", "r.pdf", "a. That implementation be postponed.", 2, "6", "Intro",
                       "paragraph", 3)]
    hit = Hit(chunks[0], DocumentMeta("r.pdf", "Report"), 1.0)
    assert [(h.chunk.id, quote) for h, quote in outcome_after(hit, told, index)] == [  # type: ignore[arg-type]
        ("c2", "The Committee unanimously agreed the following motion:"),
        ("c3", "a. That implementation be postponed.")]
    # further on, neither another section's resolution nor an outcome word used otherwise
    chunks[2] = replace(chunks[2], heading="Next item")
    assert outcome_after(hit, told, index) == []  # type: ignore[arg-type]
    chunks[2] = Chunk("c2", "r.pdf", "Audits are carried out each month.", 1, "6", "Intro",
                      "paragraph", 2)
    assert outcome_after(hit, told, index) == []  # type: ignore[arg-type]


def test_how_much_money_asks_for_a_reports_financial_implications() -> None:
    from assistant.question import section_tags

    assert "finance" in analyse("How much a year does KCC expect to save?").sections
    assert "finance" in analyse("Roughly how much budget moves to adult social care?").sections
    assert "finance" not in analyse("How many children were in care?").sections
    assert "finance" in section_tags("5. Financial Implications\nThe budget will transfer.")
    assert "finance" in section_tags("Options\nFinancial Implications: the decision will save £426k.")
    assert "finance" not in section_tags("Officers set out the financial implications of each option.")
    assert "finance" not in analyse("How much time do social workers spend on visits?").sections
    # the section, not the ones after it on its heading path
    assert "finance" not in section_tags("4. Financial Implications > 5 Legal implications\nA duty.")
    # the cue takes only "how much", so the words that name a document stay
    named = analyse("How much a year does the Strengthening Independence Service transfer save?")
    assert "strengthen" in named.terms and "finance" in named.sections


def test_a_plain_word_in_the_question_matches_the_reports_own_word() -> None:
    from assistant.answering import sentence_features
    from assistant.keyword import KeywordIndex
    from assistant.question import said_plainly

    assert {"audit", "check"} <= said_plainly({"audit", "children"})
    assert said_plainly({"children", "report"}) >= {"children", "kid"}
    assert "respit" in said_plainly({"short", "break"})  # Medway's "short breaks"
    q = analyse("When Medway checks a sample of files each month, what share came out good?")
    text = "Audits of children's cases are carried out each month: 87% were graded good."
    chunk = Chunk("c1", "m.txt", text, 1, "5.1", "", "paragraph", 0)
    hit = Hit(chunk, DocumentMeta("m.txt", "Improvement update"), 1.0)
    features = sentence_features(q, [hit], KeywordIndex([text, "Another passage entirely."]))
    assert features[0][2]["coverage"] > 0.4  # checks ~ audits, files ~ cases (0.25 without)
    # "Roughly" is a hedge: a sentence need not say "approximately" to answer it; but
    # "rough sleeping" is a topic.
    assert "rough" not in analyse("Roughly how much budget moves across?").terms
    assert "rough" in analyse("How many people are sleeping rough in Kent?").terms


def test_which_of_a_list_asks_for_the_ones_a_sentence_picks_out() -> None:
    """"Which of the call-in reasons were valid" is a fact ("Reasons 1 and 5 ... were
    assessed as valid"), not the list of reasons; a sentence naming reasons by their
    labels outranks one that only talks of reasons."""
    q = analyse("Which of the call-in reasons for decision 24/00093 did Democratic Services "
                "assess as valid?")
    assert q.kind == "fact"
    assert analyse("What reasons were given for the call-in?").kind == "list"
    named = "Whilst not all aspects were considered valid, Reasons 1 and 5 were assessed as valid."
    vague = "The reasons for the call-in were duly assessed by Democratic Services."
    assert _type_bonus(q, named) > _type_bonus(q, vague)
    assert _type_bonus(q, "Option B was preferred.") == 0.0
    assert _type_bonus(q, "The call-in 24/00093 was received on 10 January 2025.") == 0.0
    valid = analyse("Which of the options were judged valid?")
    assert _type_bonus(valid, "The committees judged option B valid.") > 0
    # no judgement asked of the list: its kind is decided as before
    assert analyse("Which of the following risks are rated red?").kind == "list"
    assert analyse("Which of the schools had the highest exclusion rate?").kind == "number"
    # asked after a clause naming the report, it is the same question
    sourced = analyse("According to the scrutiny report to County Council on 13 March 2025, "
                      "which of the call-in reasons did Democratic Services assess as valid?")
    assert sourced.kind == "fact" and _type_bonus(sourced, named) > _type_bonus(sourced, vague)


def test_a_heading_brings_the_whole_opening_of_the_paragraph_it_asks_about() -> None:
    """A report's front page runs into "Inspection outcome" with no full stop; the outcome
    is the paragraph under it, both of its sentences."""
    text = ("Area SEND inspection of Medway Local Area Partnership Inspection dates: 5 to 9 "
            "February 2024 Dates of previous inspection: 9 to 11 December 2019 Inspection "
            "outcome\n"
            "The arrangements lead to inconsistent experiences for children. The partnership "
            "must work jointly to make improvements.\nThe next inspection is in three years.")
    heading = text.split("\n")[0]
    q = analyse("What was the overall outcome of the area SEND inspection?")
    lead = lead_sentences(q, scored(text, heading), {"outcom": 1.0})
    assert lead == [heading, "The arrangements lead to inconsistent experiences for children.",
                    "The partnership must work jointly to make improvements."]
    other = lead_sentences(analyse("When is the next inspection?"), scored(text, heading), {})
    assert len(other) == 2


def test_a_supporting_title_line_is_quoted_with_the_sentence_it_leads_to() -> None:
    """A front page's run of fields ends in "Inspection outcome" with no full stop: quoted
    alone as support it says nothing, so the outcome after it goes with it; a sentence
    that ends stays as it is."""
    title = ("Area SEND inspection of Medway Local Area Partnership Inspection dates: 5 to 9 "
             "February 2024 Dates of previous inspection: 9 to 11 December 2019 Inspection "
             "outcome")
    outcome = "The arrangements lead to inconsistent experiences for children."
    text = f"{title}\n{outcome} More."
    assert _finished(scored(text, title), set()) == (f"{title} {outcome}",
                                                     f"{title}\n{outcome}")
    assert _finished(scored(text, outcome), set()) == (outcome, outcome)
    # the outcome quoted already (as the lead): the title line is not given it twice
    assert _finished(scored(text, title), {outcome}) == (title, title)


def test_a_quarterly_report_answers_for_the_financial_year_it_reports_on() -> None:
    """Kent's Q3 performance report of March 2025 reports on 2024-25 and names no year in
    its title: asked for Quarter 3 of 2023/24, or a target for 2025/26, it is another
    year's report."""
    def meta(name: str, date: str) -> DocumentMeta:
        return DocumentMeta(name, "Quarterly performance report", date=date)
    q3 = meta("kent_2025-03-04_cabinet_quarterly-performance-report-q3.pdf", "2025-03-04")
    assert reporting_year(q3) == "2024-25"
    assert reporting_year(meta("kent_2024-07-10_cabinet_q1.pdf", "2024-07-10")) == "2024-25"
    assert reporting_year(meta("kent_2025-06-01_cabinet_q4.pdf", "2025-06-01")) == "2024-25"
    # a Q4 outturn reported in July is the year before; a title's own year stands
    july = DocumentMeta("report.pdf", "Quarterly Performance Report Quarter 4", date="2024-07-25")
    assert reporting_year(july) == "2023-24"
    assert reporting_year(DocumentMeta("report.pdf", "Q4 2023/24 performance report",
                                       date="2024-07-25")) == ""
    assert reporting_year(meta("kent_q1.pdf", "2025")) == ""
    assert reporting_year(DocumentMeta("register.pdf", "Budget risk register",
                                       date="2025-01-30")) == ""
    assert _other_financial_year([("2023", "24")], reporting_year(q3)) == 1.0
    assert _other_financial_year([("2024", "25")], reporting_year(q3)) == 0.0


def test_where_a_question_says_to_look_is_left_out_of_what_a_sentence_must_resemble() -> None:
    """A sentence that answers never says "according to Ofsted's 2016 report"; the second
    question after that clause stays."""
    asked = ("Roughly how many children lived in Thurrock according to Ofsted's 2016 "
             "inspection report, and what share of the population was that?")
    assert SOURCING.sub("", asked) == ("Roughly how many children lived in Thurrock, and what "
                                       "share of the population was that?")
    assert SOURCING.sub("", "What savings must Kent find, as given in the reasons for the "
                            "decision?") == "What savings must Kent find?"
    assert SOURCING.sub("", "How many children are in care?") == "How many children are in care?"
    # a clause that is not a source, and a second question after the source, stay
    assert SOURCING.sub("", "How were pupils grouped according to need?") == (
        "How were pupils grouped according to need?")
    assert SOURCING.sub("", "How many children were in care as reported in the Q3 report and "
                            "what was the target?") == (
        "How many children were in care and what was the target?")


def test_a_figure_asked_for_a_month_is_not_one_dated_to_other_months() -> None:
    series = "Children in need fell from 662 in June 2023 to 583 in December 2023."
    asked = analyse("How many children in need were open to the service in March 2024?")
    assert _other_month(asked, series) == 1.0
    december = analyse("How many children in need were open in December 2023?")
    assert _other_month(december, series) == 0.0
    # one dated figure is a comparison: the sentence's own figure may be the one asked
    assert _other_month(asked, "The rate (75.2%) has improved from 74.7% in September "
                                "2024.") == 0.0
    # a month that names the paper asks for no figure of that month
    named = analyse("How many posts did Kent add, according to Ofsted's May 2022 report?")
    assert _other_month(named, series) == 0.0
    against = analyse("How many EHCPs were issued in March 2024 against the plan?")
    assert _other_month(against, series) == 1.0


def test_a_figure_question_takes_supporting_quotes_that_give_figures_first() -> None:
    """"How many looked after children, and how many were asylum seekers?": after the lead,
    a sentence with a count comes before a closer one without any."""
    from assistant.answering import compose_fact
    from assistant.citations import CitationBuilder
    from assistant.keyword import KeywordIndex

    lines = ["The looked after children population has increased by 25% since 2010.",
             "Looked after children who are asylum seekers are supported by a dedicated team.",
             "Of these, 192 are unaccompanied asylum seeking children."]

    def passage(n: int, sentence: str) -> Hit:
        chunk = Chunk(f"c{n}", "doc.pdf", sentence, n, None, "Children", "paragraph", n)
        return Hit(chunk, DocumentMeta("doc.pdf", "A report"), 1.0)

    ranked = [Scored(passage(1, lines[0]), lines[0], 1.0, 0.5),
              Scored(passage(2, lines[1]), lines[1], 0.9, 0.5),
              Scored(passage(3, lines[2]), lines[2], 0.7, 0.3)]
    q = analyse("How many looked after children did Kent have, and how many of them were "
                "unaccompanied asylum seekers?")
    keyword = KeywordIndex(lines + ["Other passages of the report.", "Schools and roads."])
    answer = compose_fact(q, ranked, CitationBuilder(), keyword)
    support = answer.split("Also in the reports:")[1]
    assert support.index("192") < support.index("dedicated team")


def test_a_grade_given_as_the_scene_of_a_question_does_not_ask_for_grades() -> None:
    """"Thurrock was rated outstanding in 2024 - what challenges remain?" asks for the
    challenges; the grade before the dash only sets the scene."""
    scene = analyse("Thurrock was rated outstanding in 2024 - what ongoing challenges did "
                    "inspectors say leaders still had?")
    assert "judgement" not in scene.sections
    improve = analyse("Essex was judged outstanding in 2023 - was there anything Ofsted said "
                      "still needed to improve?")
    assert improve.sections == ("improve",)
    assert "judgement" in analyse("How was Thurrock rated in 2024?").sections
    assert "judgement" in analyse("In 2024 - how was Thurrock rated?").sections


def test_a_supporting_quote_brings_the_sentence_that_says_what_it_includes() -> None:
    first = "There are lengthy waits for some specialist health assessments."
    includes = ("This includes those waiting for speech and language therapy and "
                "child and adolescent mental health services (CAMHS).")
    text = f"Leaders know there is more to do.\n{first} {includes} Support is inconsistent."
    assert _finished(scored(text, first), set()) == (f"{first} {includes}",
                                                     f"{first} {includes}")
    plain = "Leaders know there is more to do."
    assert _finished(scored(text, plain), set()) == (plain, plain)  # its next says no "includes"
    coverage = f"{first} This coverage has improved since 2022."
    assert _finished(scored(coverage, first), set()) == (first, first)
    in_line = f"{first} They are in line with the national average."
    assert _finished(scored(in_line, first), set()) == (first, first)
    # and so does a lead sentence
    asked = analyse("Which services have long waits?")
    assert lead_sentences(asked, scored(text, first), {}) == [first, includes]


def test_improvement_areas_and_the_improvements_asked_for_ask_the_improve_section() -> None:
    for asked in ("What improvement areas did Ofsted set out for Medway in its July 2023 "
                  "ILACS report?", "What improvements did Ofsted ask Medway to make?"):
        q = analyse(asked)
        assert q.sections == ("improve",) and q.kind == "list", asked
    assert analyse("What improvements were made to the service since 2019?").sections == ()
    for other in ("What improvements have been made to call handling?",
                  "What improvements have been set out in the capital programme?",
                  "What improvements are expected to the A2 junction?",
                  "What improvement areas are planned for the town centre regeneration?"):
        assert "improve" not in analyse(other).sections, other


def test_a_two_part_question_takes_the_sentence_after_a_page_cut_ends() -> None:
    """"What was it, and what was the consequence?": the page-cut sentence's end, then the
    sentence that gives the consequence."""
    from assistant.answering import _second_part_after
    from assistant.keyword import KeywordIndex

    text = ("service for many months.\nLeaders have not implemented a solution, meaning "
            "children identified as high risk have not been fully assessed.\n- Registers vary.")
    chunk = Chunk("c2", "doc.pdf", text, 6, None, "Needs", "paragraph", 1)
    rest = (Hit(chunk, DocumentMeta("doc.pdf", "A report"), 1.0), "service for many months.")
    weights = {t: KeywordIndex([text, "other"]).term_idf(t) for t in ("consequ", "children", "risk")}
    said = "The area's video-fluoroscopy equipment had been out of service for many months."
    two = analyse("What equipment was out of action, and what was the consequence for children?")
    assert _second_part_after(two, rest, said, weights) == (
        "Leaders have not implemented a solution, meaning children identified as high risk "
        "have not been fully assessed.")
    one = analyse("What equipment was out of action for months?")
    assert _second_part_after(one, rest, said, weights) is None


def test_a_supporting_quote_that_is_a_list_item_gets_one_bullet() -> None:
    from assistant.answering import compose_fact
    from assistant.citations import CitationBuilder

    lead = "The equipment had been out of service for many months."
    item = "- Some children wait too long for specialist health assessments."

    def passage(n: int, text: str) -> Hit:
        return Hit(Chunk(f"c{n}", "doc.pdf", text, n, None, "Needs", "list", n),
                   DocumentMeta("doc.pdf", "A report"), 1.0)

    ranked = [Scored(passage(1, lead), lead, 1.0, 0.5), Scored(passage(2, item), item, 0.9, 0.5)]
    builder = CitationBuilder()
    answer = compose_fact(analyse("What equipment was out of service?"), ranked, builder)
    assert "\n- Some children wait too long" in answer and "- - " not in answer
    assert any(c.quote == item for c in builder.citations())


def test_the_sentence_after_a_page_cut_end_is_cited_with_it() -> None:
    """The answer's words after a page break and the consequence after them are one
    citation's quote, verbatim in its passage, and are not quoted again as support."""
    from assistant.answering import compose_fact
    from assistant.citations import CitationBuilder
    from assistant.keyword import KeywordIndex

    first = "For example, the area's video-fluoroscopy equipment had been out of"
    after = ("service for many months.\nLeaders have not implemented a solution, meaning "
             "children identified as high risk have not been fully assessed.")
    meta = DocumentMeta("doc.pdf", "A report")
    p5 = Chunk("c5", "doc.pdf", first, 5, None, "Needs", "paragraph", 0)
    p6 = Chunk("c6", "doc.pdf", after, 6, None, "Needs", "paragraph", 1)

    class Catalog:
        def chunks(self, document: str) -> list[Chunk]:
            return [p5, p6]

    class FakeIndex:
        catalog = Catalog()

    hit5, hit6 = Hit(p5, meta, 1.0), Hit(p6, meta, 0.9)
    consequence = after.split("\n")[1]
    ranked = [Scored(hit5, first, 1.0, 0.5), Scored(hit6, consequence, 0.9, 0.5)]
    keyword = KeywordIndex([first, after, "Other passages.", "Schools."])
    builder = CitationBuilder()
    q = analyse("What equipment was out of action, and what was the consequence for children?")
    answer = compose_fact(q, ranked, builder, keyword, FakeIndex())  # type: ignore[arg-type]
    assert answer.split("\n")[0].count("Leaders have not implemented") == 1
    assert "Also in the reports" not in answer
    cited = [c.quote for c in builder.citations() if c.page == 6]
    assert cited == [after]


def test_the_scene_a_question_sets_counts_less_than_what_it_asks() -> None:
    """"The call-in request and the report ... disagree about who called the decision in.
    Who does each document name?": the opening statement finds the papers; a sentence is
    judged mostly on what is asked."""
    from assistant.answering import scene_terms
    from assistant.keyword import tokenize

    asked = ("The disposable vapes motion was changed by an amendment before the vote. "
             "Which member put the amendment forward, and who seconded it?")
    assert scene_terms(asked) == set(tokenize("The disposable vapes motion was changed by "
                                              "before the vote."))
    assert scene_terms("Who proposed the call-in? Compare the name given.") == set()
    assert scene_terms("What is the turnover rate? It was 27% in 2023.") == set()
    assert scene_terms("In Kent, 1.5 million people live. How many are children?") == \
        set(tokenize("In Kent, 1.5 million people live.")) - set(tokenize("children"))


def test_a_sentence_holding_what_is_asked_covers_more_than_one_holding_the_scene() -> None:
    from assistant.answering import sentence_features
    from assistant.keyword import KeywordIndex

    meta = DocumentMeta("minutes.pdf", "Minutes of the County Council")
    text = "Mr Hood moved the disposable vapes motion. Mr Watkins proposed the amendment."
    hits = [Hit(Chunk("c1", "minutes.pdf", text, 12, None, "", "paragraph", 0), meta, 1.0)]
    keyword = KeywordIndex([text, "Other text.", "More text."])
    q = analyse("The disposable vapes motion was debated. Who proposed the amendment?")
    scene, asked = (f["coverage"] for _, _, f in sentence_features(q, hits, keyword))
    assert asked > scene


def test_a_list_of_counts_says_how_many_not_which() -> None:
    from assistant.answering import counts_only

    assert counts_only("Of the 38 KPIs, the latest RAG status are as follows:\n- 17 are rated "
                       "Green\n- 12 are rated Amber\n- Nine are rated Red")
    assert not counts_only("The nine indicators where the RAG rating is Red, are in:\n"
                           "- Customer Services\n- 2 Governance and Law")
    assert not counts_only("- 17 are rated Green")  # one item is no list


def test_a_question_that_asks_for_the_counts_keeps_the_list_of_counts() -> None:
    from assistant.answering import COUNTS_ASKED

    assert COUNTS_ASKED.search("What are the numbers of KPIs rated Green, Amber and Red?")
    assert COUNTS_ASKED.search("How many KPIs were rated red, and which?")
    assert not COUNTS_ASKED.search("Which KPIs were rated red in the Q3 report?")


def _scored(text: str, score: float, coverage: float, document: str = "d.pdf",
            chunk_id: str = "c", title: str = "A report"):  # type: ignore[no-untyped-def]
    from assistant.answering import Scored

    chunk = Chunk(chunk_id, document, text, 1, None, "", "paragraph", 0)
    return Scored(Hit(chunk, DocumentMeta(document, title), 1.0), text, score, coverage)


def test_a_sentence_beside_the_found_passages_leads_only_when_it_covers_more() -> None:
    from assistant.answering import _found_first

    found = _scored("Turnover rate is 27%.", 1.0, 0.5, chunk_id="found")
    near_more = _scored("All three Committees preferred option B.", 1.1, 0.7, chunk_id="near")
    near_less = _scored("Children in need fell.", 1.1, 0.3, chunk_id="near")
    assert _found_first([near_more, found], {"near"})[0] is near_more
    assert _found_first([near_less, found], {"near"}) == [found, near_less]
    assert _found_first([found, near_less], {"near"}) == [found, near_less]
    # on equal coverage, the sentence nearer the question in meaning leads
    near_same = replace(_scored("71% of complaints were answered in time.", 1.05, 0.5,
                                chunk_id="near"), similarity=0.65)
    found_same = replace(found, similarity=0.49)
    assert _found_first([near_same, found_same], {"near"})[0] is near_same
    assert _found_first([replace(near_same, similarity=0.4), found_same], {"near"})[0] \
        is found_same


def test_who_took_a_decision_is_the_person_its_record_names_as_taking_it() -> None:
    from assistant.answering import _person_in_the_role

    header = _scored("RECORD OF DECISION DECISION TO BE TAKEN BY: Mrs Sue Chandler DECISION "
                     "NUMBER: 24/00093", 0.7, 0.0, chunk_id="header")
    best = _scored("The Key Decision 24/00093 was taken on 17 January 2025.", 1.0, 0.8)
    mention = _scored("Mr Watts confirmed that following a decision the call-in was referred.",
                      0.9, 0.3, chunk_id="mention")
    asked = analyse("Who took key decision 24/00093 on the family hubs?")
    assert _person_in_the_role(asked, [best, mention, header]) is header
    # no decision named by its reference: the header of another decision is not taken
    other = analyse("Who took the decision to adopt Securing Kent's Future?")
    assert _person_in_the_role(other, [best, mention, header]) is None
    # a person merely mentioned beside the word "decision" is not the one who took it
    assert _person_in_the_role(asked, [best, mention]) is None
    named = _scored("Mrs Chandler reported that decision 24/00093 was made in January.", 0.9,
                    0.3, chunk_id="named")
    assert _person_in_the_role(asked, [best, named]) is None  # no "taken by", "decision maker"
    another = _scored("DECISION TO BE TAKEN BY: Mr Love DECISION NUMBER: 24/00096", 0.9, 0.0,
                      chunk_id="another")
    assert _person_in_the_role(asked, [best, another]) is None  # another decision's record


def test_ordinary_questions_are_not_taken_for_a_part_played_or_a_figure() -> None:
    from assistant.abstention import MONEY_ASKED, PERCENT_ASKED, role_played

    assert role_played(analyse("Who called the County Council meeting in March 2025?")) == ""
    assert role_played(analyse("Who called it in?")) == "called"
    assert role_played(analyse("Who called in the decision?")) == "called"
    assert role_played(analyse("Who was Thurrock's Director of Children's Services?")) == \
        "director"
    assert re.search(role_pattern(analyse("Who chaired the County Council meeting?")),
                     "Mr R W Gough (Chairman)", re.I)
    assert not MONEY_ASKED.search("What did Cabinet say about the rise in the national minimum "
                                  "wage in April 2025?")
    assert analyse("Do the management at Millmead take wages?").kind != "number"
    assert MONEY_ASKED.search("What salary does the Pay Policy Statement set for the Chief "
                              "Executive?")
    assert not PERCENT_ASKED.search("How large was the additional business rate compensation "
                                    "grant?")


def test_a_relative_who_asks_no_part_played() -> None:
    """"Which political groups did the two members who called in the decision come from?"
    asks for groups: a passage is not counted against for naming no proposer."""
    from assistant.abstention import evidence
    from assistant.keyword import KeywordIndex

    q = analyse("Which political groups did the two members who called in the decision come "
                "from?")
    chunk = Chunk("c1", "r.pdf", "Ms Meade (Labour Group) and Mr Lewis (Green Group) asked.", 1,
                  None, "", "paragraph", 0)
    hit = Hit(chunk, _meta("r.pdf", "Report", "2025-03-13"), 1.0)
    keyword = KeywordIndex([chunk.text])
    [row] = evidence(q, [Scored(hit, chunk.text, 1.0, 0.5, 0.5)], keyword)
    assert row["missing_role"] == 0.0


def test_a_resolution_goes_on_only_with_the_sentences_that_continue_it() -> None:
    from assistant.answering import _rest_of_line

    start = "5) RESOLVED that the Council does not require reconsideration of the decision."
    text = f"{start} In particular, the Council urges the Executive to act.\nNext item."
    assert _rest_of_line(text, start) == f"{start} In particular, the Council urges the " \
        "Executive to act."
    other = f"{start} The Chairman then moved to the next item."
    assert _rest_of_line(other, start) == start


def test_a_place_is_matched_whole_against_the_inspected_partnerships() -> None:
    from dataclasses import replace

    from assistant.answering import uninspected_places

    derbyshire = replace(_meta("d.pdf", "Area SEND inspection", "2024-01-01",
                               kind="Area SEND inspection report"),
                         council="Derbyshire Local Area Partnership")
    metas = {"d.pdf": derbyshire}
    assert uninspected_places(analyse("What did Derby's area SEND inspection find?", metas),
                              metas) == ["Derby"]
    assert uninspected_places(analyse("What did Derbyshire's area SEND inspection find?", metas),
                              metas) == []


def test_the_noun_a_list_question_asks_for() -> None:
    from assistant.answering import LIST_NOUN_ASKED

    def noun(text: str) -> str | None:
        found = LIST_NOUN_ASKED.search(text)
        return found.group(1) if found else None

    assert noun("What options were considered before the consultation?") == "options"
    assert noun("What are the main risks to the budget?") == "risks"
    assert noun("What process did the council follow?") is None
    assert noun("What happens next?") is None
    assert noun("What status does the plan have?") is None


def test_the_second_reviews_cases() -> None:
    """Questions and sentences the second review of session 11 found mistaken."""
    from assistant.abstention import role_played
    from assistant.answering import (
        AGREED_SAID,
        BELOW_GOOD,
        QUOTED_TERM,
        TERM_ASKED,
        _rest_of_line,
    )

    # "leader" names no title the answer must repeat ("Lead inspector: Linda Steele")
    assert role_played(analyse("Who was the leader of the Ofsted inspection team in 2017?")) == ""
    chairman = role_pattern(analyse("Who was the chairman of the Corporate Parenting Panel?"))
    assert re.search(chairman, "PRESENT: Shellina Prendergast (Chair), Paul Bartlett", re.I)
    assert role_played(analyse("Who was the chairman's deputy?")) == ""
    assert role_played(analyse("Who called the decision on the family hubs in?")) == "called"
    assert not BELOW_GOOD.search("Which judgement was not as good as in 2022?")
    assert AGREED_SAID.search("RESOLVED – to note the report and the protocol.")
    assert not TERM_ASKED.search("What terms of reference did Council agree?")
    assert not QUOTED_TERM.search("Mr Brady's gratitude to the Council's staff")
    start = "RESOLVED that the report be noted."
    assert _rest_of_line(f"{start} This concluded the meeting.", start) == start


def test_things_named_by_their_number_and_age_bands_are_no_count() -> None:
    """"How many staff ... eligible for TUPE" is not answered by "Staff currently employed by
    the two providers ...", nor a count of young adults by "transitions between 0-25"."""
    q = analyse("How many staff were eligible for TUPE transfer?")
    assert not sentence_answers_type(q, "Staff currently employed by the two providers will be "
                                        "eligible for TUPE transfer.")
    assert sentence_answers_type(q, "Two members of staff are eligible for TUPE transfer.")
    cohort = analyse("How many young adults does the service support?")
    assert not sentence_answers_type(cohort, "The service oversees transitions between 0-25.")
    assert sentence_answers_type(cohort, "The service was working with 894 young adults.")
    assert sentence_answers_type(analyse("How many weeks did children wait?"),
                                 "Children waited 3-5 weeks.")


def test_which_of_a_named_group_of_indicators_asks_for_a_list() -> None:
    assert analyse("Which Integrated Children's Services indicators were rated Red in Kent's "
                   "Quarter 3 report?").kind == "list"
    assert analyse("Which KPIs were rated red in the Quarter 3 report?").kind == "list"
    assert analyse("Which service had the highest spend?").kind != "list"


def test_a_blank_cell_under_the_column_asked_means_the_table_does_not_say() -> None:
    from assistant.abstention import blank_cell

    table = ("Risk\tDescription\tAction to avoid or mitigate risk\tRisk rating\n"
             "Operational risks\tInsufficient workforce\tAdditional recruitment resource.\tBII\n"
             "\tChallenge of finding the right homes\tWork with commissioning\t\n")

    def blank(question: str, sentence: str, text: str = table) -> tuple[str, str] | None:
        chunk = Chunk("c1", "update.txt", text, 1, "6.2", "Risk Management", "table", 0)
        best = Scored(Hit(chunk, DocumentMeta("update.txt", "Update"), 1.0), sentence, 1.0, 0.5)
        return blank_cell(analyse(question), best, [best])

    homes = "Challenge of finding the right homes\tWork with commissioning"
    assert blank("What risk rating was given to finding the right homes?", homes) == (
        "Risk rating", "Challenge of finding the right homes")
    # the rating given, a column not asked, and the first column's carried-down label
    assert blank("What risk rating was given to insufficient workforce?",
                 "Operational risks\tInsufficient workforce") is None
    assert blank("What is the action to avoid or mitigate the homes risk?", homes) is None
    assert blank("Which risk is about finding the right homes?", homes) is None
    # a filled row found first answers, though a blank row sits close by
    assert blank("What risk rating was given to insufficient workforce?",
                 "Operational risks\tInsufficient workforce\tAdditional recruitment resource.\tBII"
                 ) is None
    # only when every column asked is blank: a target given answers though 2024/25 is blank
    kpis = "Indicator\t2023/24\t2024/25\tTarget\nCare leavers in EET\t55%\t\t65%\n\t\t\t\n"
    assert blank("What is the target for care leavers in EET in 2024/25?", "Care leavers in EET",
                 kpis) is None
    assert blank("What was the 2024/25 figure for care leavers in EET?", "Care leavers in EET",
                 kpis) == ("2024/25", "Care leavers in EET")
    assert blank("What was the target?", "\t\t\t", kpis) is None  # an empty row: no label
    # a yes/no question is answered by the row itself; a row the question does not name
    assert blank("Did the update give a risk rating to finding the right homes?", homes) is None
    assert blank("What risk rating was given to the workforce risk?", homes) is None


def test_a_passage_of_the_financial_year_asked_holds_its_part_of_a_two_source_question(
        ) -> None:
    from assistant.abstention import evidence
    from assistant.keyword import KeywordIndex

    sentence = "The number of UASC in care decreased by 80 to 475."
    chunk = Chunk("c1", "qpr-q3.pdf", sentence, 45, None, "Children in Care", "paragraph", 0)
    meta = DocumentMeta("qpr-q3.pdf", "Quarterly performance report Q3", date="2025-03-04")
    ranked = [Scored(Hit(chunk, meta, 1.0), sentence, 1.0, 0.5)]
    both = analyse("How many UASC were in Kent's care at the July 2013 inspection, and how many "
                   "at the end of December 2024 according to the Quarter 3 2024/25 report?")
    row = evidence(both, ranked, KeywordIndex([sentence]))[0]
    assert row["missing_specific"] == 0.0 and row["sentence_year"] == 0.0
    # a question about 2013 alone is not answered by it
    alone = analyse("How many UASC were in Kent's care at the July 2013 inspection?")
    assert evidence(alone, ranked, KeywordIndex([sentence]))[0]["missing_specific"] == 1.0


MEDWAY_RISKS = ("Risk\tDescription\tAction to avoid or mitigate risk\tRisk rating\n"
                "Operational risks\tInsufficient workforce to deliver\tMore recruitment.\tBII\n"
                "\tRisk that improvement is not sustained\tService planning\tCII\n"
                "Likelihood\tImpact:\nA Very likely\tI Catastrophic\nB Likely\tII Major\n"
                "C Unlikely\tIII Moderate\nD Rare\tIV Minor")


def test_the_row_asked_with_its_rating_filled_is_found_and_its_code_read_from_the_key() -> None:
    from assistant.abstention import fills_column_asked, rating_key

    asked = analyse("What risk rating was given to the risk that improvement is not sustained?")
    row = "Risk that improvement is not sustained\tService planning\tCII"
    other = "Operational risks\tInsufficient workforce to deliver\tMore recruitment.\tBII"
    assert fills_column_asked(asked, MEDWAY_RISKS, row)
    assert not fills_column_asked(asked, MEDWAY_RISKS, other)  # a row the question never names
    assert rating_key(asked, MEDWAY_RISKS, row) == ["C Unlikely", "II Major"]
    assert rating_key(asked, MEDWAY_RISKS.split("Likelihood")[0], row) == []  # no key given
    # a later row's action that opens with a letter is no key
    later = MEDWAY_RISKS.replace("Likelihood\tImpact:\nA Very likely\tI Catastrophic\n", "\tAnother "
                                 "risk\tA Placement Sufficiency Strategy is in place\tBI\n")
    assert rating_key(asked, later.replace("CII", "AII"), row.replace("CII", "AII")) == []


# A length of time answers only when one is asked: (question, sentence, answers?)
DURATIONS = [
    # a period that frames the count asked is not the figure asked
    ("How many outreach sessions a week will staff run from the two centres?",
     "The service includes 14 hours of activity per week at Seashells.", False),
    ("How many outreach sessions a week will staff run from the two centres?",
     "Staff will run 6 sessions a week.", True),
    ("How many children in East Sussex are waiting for mental health help?",
     "Some children wait for around three years.", False),
    ("How many weeks, on average, were children waiting for a wheelchair?",
     "Children wait 40 weeks on average for a wheelchair.", True),
]


@pytest.mark.parametrize(("question", "sentence", "answers"), DURATIONS)
def test_a_length_of_time_answers_only_when_one_is_asked(question: str, sentence: str,
                                                        answers: bool) -> None:
    assert sentence_answers_type(analyse(question), sentence) is answers


def test_whose_measure_is_asked_is_read_from_the_question() -> None:
    from assistant.abstention import measure_holder
    from assistant.keyword import tokenize

    advisers = analyse("What was the average caseload of personal advisers supporting Kent "
                       "care leavers in the Quarter 3 report?")
    assert measure_holder(advisers) == frozenset(tokenize("personal advisers"))
    teams = analyse("What was the average caseload of social workers in Kent's disabled "
                    "children's teams in December 2024?")
    assert "disabl" in measure_holder(teams) and "kent" not in measure_holder(teams)
    # a place the measure is in is not whose it is; nor is a figure's own question
    assert measure_holder(analyse("When social work caseloads in Kent started climbing, how "
                                  "much extra money went into posts?")) == frozenset()
    assert measure_holder(analyse("What is the vacancy rate for social workers in March "
                                  "2024?")) == frozenset(tokenize("social workers"))
    # a period, a council's initials and a place are no holder's words
    for period in ("What was the vacancy rate for 2024-25?",
                   "What were caseloads for the year ending March 2024?",
                   "What was the turnover rate for Kent in 2023?"):
        assert measure_holder(analyse(period)) == frozenset(), period
    assert measure_holder(analyse("What is the turnover rate of KCC social workers?")) == \
        frozenset(tokenize("social workers"))
    # nor is the report the figure is in, or the body it went to
    for sourced in ("What was the vacancy rate for social workers in the Quarterly Performance "
                    "Report?", "What was the caseload of social workers reported to Cabinet?"):
        assert measure_holder(analyse(sourced)) == frozenset(tokenize("social workers")), sourced


def test_a_holder_is_named_by_its_stem_or_an_abbreviation() -> None:
    from assistant.abstention import measure_holder, names_holder

    asked = "What is the vacancy rate for social workers in Kent?"
    holder = measure_holder(analyse(asked))
    assert names_holder(holder, "The social work vacancy rate in Kent was 30%.", asked)
    assert not names_holder(holder, "The vacancy rate for teachers was 5%.", asked)
    advisers = "What was the average caseload of personal advisers?"
    assert names_holder(measure_holder(analyse(advisers)), "PA caseloads averaged 22.", advisers)


def test_an_outcome_asked_is_not_answered_by_one_still_to_come() -> None:
    from assistant.abstention import OUTCOME_ASKED, still_to_come

    asked = ("What did the HM Inspectorate of Prisons thematic inspection of Kent's youth "
             "justice prevention and diversion work conclude?")
    assert OUTCOME_ASKED.search(asked)
    assert OUTCOME_ASKED.search("What were the results of the Big Listen Consultation?")
    assert not OUTCOME_ASKED.search("What will the inspection look at?")
    assert still_to_come("The inspection will take place in February 2025.")
    assert still_to_come("A Member questioned the timeline for outcomes of the consultation.")
    assert not still_to_come("Inspectors found that leaders know their services well.")
    # a cause, a forecast figure, a finding beside what is to come: none is still to come
    for said in ("The overspend of £5.2m was due to rising placement costs.",
                 "Caseloads averaged 21 children, and are expected to fall as staff start.",
                 "Leaders are expected to act on the findings; inspectors found practice good."):
        assert not still_to_come(said), said
    # a figure asked from a report is no outcome asked
    assert not OUTCOME_ASKED.search("What was the overspend in the Quarter 3 monitoring report?")


def test_a_share_asked_is_not_answered_by_other_named_rates() -> None:
    from assistant.abstention import _other_rates_only

    given = "Turnover rate is 27% and vacancy levels for case holding social workers is 30%."
    agency = "What percentage of Medway's social workers were agency staff?"
    assert _other_rates_only(agency, given)
    assert _other_rates_only(agency, "Turnover rate is 27 per cent.")
    assert not _other_rates_only("What is the turnover rate of Medway's social workers?", given)
    # a share not named as a rate is judged on its own words elsewhere
    assert not _other_rates_only(agency, "Of those placed outside Kent, 45% live in Medway.")
    # a rate named by no word, or by the stem of one asked, is no other rate
    assert not _other_rates_only("What percentage of children were re-referred?",
                                 "The rate was 22%.")
    assert not _other_rates_only("What percentage of posts were vacant?",
                                 "The vacancy rate is 30%.")
