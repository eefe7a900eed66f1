"""Structure of council documents: numbered paragraphs, lists, tables, running headers."""

from __future__ import annotations

from assistant.types import Page
from ingest.readers import read_pages
from ingest.structure import parse_blocks
from tests.conftest import MEDWAY


def by_paragraph(blocks):  # type: ignore[no-untyped-def]
    out: dict[str, list[str]] = {}
    for b in blocks:
        if b.paragraph:
            out.setdefault(b.paragraph, []).append(b.text)
    return out


def test_medway_numbered_paragraphs_are_found_including_the_dash_form() -> None:
    paras = by_paragraph(parse_blocks(read_pages(MEDWAY)))
    assert "Turnover rate is 27%" in paras["5.6"][0]
    assert "Audits of children's cases" in paras["5.3"][0]
    assert "children in need" in paras["5.7"][0]


def test_medway_paragraph_that_lost_its_number_is_inferred_from_neighbours() -> None:
    paras = by_paragraph(parse_blocks(read_pages(MEDWAY)))
    assert paras["5.4"][0].startswith("Vulnerable adolescents continue to be a priority")


def test_medway_duplicate_paragraph_number_keeps_both_paragraphs_distinct() -> None:
    paras = by_paragraph(parse_blocks(read_pages(MEDWAY)))
    assert len(paras["5.2"]) == 2
    assert paras["5.2"][0] != paras["5.2"][1]


def test_list_keeps_its_lead_in_and_items() -> None:
    blocks = parse_blocks(read_pages(MEDWAY))
    listing = next(b for b in blocks if b.paragraph == "3.3")
    assert listing.kind == "list"
    assert listing.lines[0].startswith("The areas identified for ongoing improvement include:")
    assert "- Workforce capacity." in listing.lines


def test_risk_table_rows_stay_together_under_their_paragraph() -> None:
    blocks = parse_blocks(read_pages(MEDWAY))
    tables = [b for b in blocks if b.kind == "table"]
    assert tables and tables[0].paragraph == "6.2"
    assert "BII" in tables[0].text and "Risk rating" in tables[0].lines[0]


def test_running_headers_and_page_numbers_are_dropped_after_the_first_page() -> None:
    pages = [Page(n, f"Kent County Council Cabinet Report\n\n{n}.1 Paragraph {n} of the "
                     f"report says something different about services.\n\nPage {n} of 4")
             for n in range(1, 5)]
    blocks = parse_blocks(pages)
    later = " ".join(b.text for b in blocks if b.page > 1)
    assert "Kent County Council Cabinet Report" not in later
    assert "Page 3 of 4" not in later
    assert "Paragraph 3 of the report says something different" in later
    assert next(b for b in blocks if b.paragraph == "3.1").page == 3


def test_long_footer_carrying_its_page_number_is_dropped() -> None:
    """Area SEND reports end every page's header with the inspection dates and the page
    number: "27 November 2023 to 1 December 2023 3"."""
    pages = [Page(n, f"Inspection report: West Sussex Local Area Partnership\n"
                     f"27 November 2023 to 1 December 2023 {n}\n\nLeaders in area {n} have "
                     f"worked well with families on plans.") for n in range(1, 6)]
    later = " ".join(b.text for b in parse_blocks(pages) if b.page > 1)
    assert "27 November 2023 to 1 December 2023" not in later
    assert "Leaders in area 4 have worked well" in later


def test_judgement_heading_after_the_last_improvement_bullet_starts_a_new_section() -> None:
    """Kent 2022: "What needs to improve?" bullets run straight into the next judgement
    heading; a paragraph cut by the page break is no heading either."""
    blocks = parse_blocks(read_pages(MEDWAY.parent / "ofsted_kent_2022_ilacs.pdf"))
    improve = next(b for b in blocks if b.kind == "list" and b.heading == "What needs to improve?")
    assert improve.text.rstrip().endswith("present as homeless.")
    assert all(b.heading != "What needs to improve?" for b in blocks if b.paragraph)
    assert not any(b.kind == "heading" and b.text.startswith("3. When there are concerns")
                   for b in blocks)


def test_a_judgement_table_row_is_no_section_heading() -> None:
    """Single-inspection reports open with graded rows ("3. Leadership, management and
    governance Require improvement"); taken for a heading, it would head the whole report."""
    pages = [Page(1, "Children’s services in Thurrock Council require improvement to be good\n"
                     "1. Children who need help and protection Require improvement\n"
                     "3. Leadership, management and governance Require improvement\n\n"
                     "Executive summary\n\nServices to children in Thurrock require improvement.")]
    blocks = parse_blocks(pages)
    assert not any(b.kind == "heading" and b.text.startswith("3.") for b in blocks)
    assert next(b for b in blocks if b.text.startswith("Services")).heading == "Executive summary"


def test_a_register_row_ends_with_its_line_of_figures() -> None:
    """Kent's budget risk register, flattened by the PDF: each row's last cells
    ("4 165.0": likelihood, exposure) end it, so the next row is a block of its own."""
    pages = [Page(1, "CYPE High Needs\nSpending\nThe grant does not meet the cost of demand.\n"
                     "The council may not set a balanced\nbudget.\n4 165.0\nALL Non delivery of\n"
                     "Savings\nOverspend on the revenue budget.\n4 120.9")]
    texts = [b.text for b in parse_blocks(pages)]
    assert texts[0].startswith("CYPE High Needs") and texts[0].endswith("budget. 4 165.0")
    assert texts[1].startswith("ALL Non delivery") and texts[1].endswith("4 120.9")


def test_a_variance_row_keeps_its_label_with_its_figures() -> None:
    """Kent's finance monitoring tables: a service's name, wrapped under the previous row's
    text, then its budget, forecast and variance opening the summary. The figures are no
    paragraph number ("96.3"), and the row's name goes with them, not with the row before."""
    pages = [Page(1, "explored to reduce the impact of this, both in-year and\nfuture years.\n"
                     "Home to School &\nCollege Transport\n \n96.3 87.7 -8.6 Lower cost of hired "
                     "transport\nWhilst the number of SEN children being transported is in\n"
                     "line with the budget assumption the average cost has been lower.")]
    blocks = parse_blocks(pages)
    row = next(b for b in blocks if "96.3" in b.text)
    assert row.text.startswith("Home to School & College Transport 96.3 87.7 -8.6 Lower cost")
    assert row.paragraph is None
    assert blocks[0].text.endswith("future years.")


def test_rows_of_a_variance_table_stay_apart_and_none_becomes_a_heading() -> None:
    """Review cases: summaries that end without a full stop must not pull the next rows
    in, and a short row (label, figures, a few words) is no heading."""
    rows = "".join(f"Service {n}\n{n + 40}.4 {n + 41}.0 +0.6 Some pressure here\n"
                   for n in range(1, 15))
    blocks = parse_blocks([Page(1, "5.1 The position is:\n" + rows)])
    texts = [b.text for b in blocks]
    assert "Service 3 43.4 44.0 +0.6 Some pressure here" in texts
    assert all(b.kind != "heading" for b in blocks)
    assert not any(b.text.count("Some pressure") > 1 for b in blocks)


def test_a_paragraph_number_in_sequence_is_kept_when_figures_follow_it() -> None:
    text = "6.1 Attendance is improving.\n6.2 45 36 of the 81 referrals were timely."
    paragraphs = by_paragraph(parse_blocks([Page(1, text)]))
    assert paragraphs["6.2"] == ["45 36 of the 81 referrals were timely."]


def test_ofsted_judgement_heading_wrapped_over_two_lines_is_one_heading() -> None:
    text = ("\n \nThe experiences and progress of children who need help and protection: \n"
            "inadequate \n \n1. A significant increase in referrals and high staff vacancies "
            "have reduced the ability of staff.\n")
    blocks = parse_blocks([Page(1, text)])
    para = next(b for b in blocks if b.paragraph == "1")
    assert para.heading.endswith("help and protection: inadequate")


def test_minute_item_number_is_inherited_by_its_text() -> None:
    text = ("292. Apologies for Absence \n(Item 1) \n \nThe Democratic Services Manager "
            "reported apologies from Mr Bond.\n")
    blocks = parse_blocks([Page(1, text)])
    body = next(b for b in blocks if "Democratic Services" in b.text)
    assert body.paragraph == "292"


def test_a_numbered_paragraph_the_page_break_cuts_is_no_heading() -> None:
    """Thurrock 2016: paragraph 75 ends page 27 mid-sentence; taken for a heading, it
    headed every later section of the report (care leavers, leadership)."""
    blocks = parse_blocks(read_pages(MEDWAY.parent /
                                     "ofsted_thurrock_2016_sif-children-services-inspection.pdf"))
    assert not any(b.kind == "heading" and b.text.startswith("75.") for b in blocks)
    cut = next(b for b in blocks if b.text.startswith("The positioning of the adoption"))
    assert cut.paragraph == "75" and cut.kind == "paragraph"
    assert not any(b.heading.startswith("75.") for b in blocks)


def test_a_numbered_heading_at_the_foot_of_a_page_stays_a_heading() -> None:
    """A minute item's title left at the foot of a page: the next page opens a sentence
    of its own, so the title heads what follows; opening in lower case, it would not."""
    foot = "3) RESOLVED that Council endorses the report.\n\n304. Joint Health Overview & " \
           "Scrutiny Committee - Terms of Reference\nupdate"
    blocks = parse_blocks([Page(1, foot), Page(2, "This item was taken after Item 12.")])
    body = next(b for b in blocks if b.text.startswith("This item"))
    assert body.heading.startswith("304. Joint Health Overview")
    cut = parse_blocks([Page(1, foot), Page(2, "arrangements were agreed.")])
    assert not any(b.kind == "heading" and b.text.startswith("304.") for b in cut)


def test_a_numbered_lead_in_is_no_heading_over_the_rest() -> None:
    """Kent 2013: "2. The evidence evaluated by inspectors included:" introduces a list;
    taken for a heading, it headed the whole report."""
    text = ("2. The evidence evaluated by inspectors included:\n- discussions with children\n"
            "- case files\n\nService information\n\n7. At the time of the inspection there "
            "were 1834 looked after children.")
    blocks = parse_blocks([Page(1, text)])
    assert not any(b.kind == "heading" and b.text.startswith("2.") for b in blocks)
    assert next(b for b in blocks if b.paragraph == "7").heading == "Service information"


def test_the_care_leavers_judgement_heading_starts_its_section() -> None:
    """Kent 2025: the framework grades care leavers on their own; the heading runs on from
    the last paragraph of the children in care section and over two lines."""
    blocks = parse_blocks(read_pages(MEDWAY.parent / "ofsted_kent_2025_ilacs.pdf"))
    para = next(b for b in blocks if b.paragraph == "38")
    assert para.heading == "The experiences and progress of care leavers: requires improvement " \
                           "to be good"
    assert not next(b for b in blocks if b.paragraph == "37").text.endswith("to be good")


def test_a_short_title_before_a_lead_in_is_still_a_heading() -> None:
    """Kent's JHOSC report: "7. Recommendation" on a line of its own, then "The County
    Council is asked to:"; the list and the author's details come under it."""
    text = ("6.3 Where there are disagreements, the clerks will meet.\n\n7. Recommendation\n"
            "The County Council is asked to:\n- AGREE the revised Terms of Reference\n\n"
            "Report Author\n\nKay Goldsmith, Scrutiny Research Officer")
    blocks = parse_blocks([Page(1, text)])
    author = next(b for b in blocks if b.text.startswith("Kay Goldsmith"))
    assert author.heading.startswith("7. Recommendation The County Council is asked to:")


def test_a_heading_at_the_foot_of_a_page_before_a_lettered_list_stays_a_heading() -> None:
    foot = "3. Key risks of the proposed arrangements for the service"
    blocks = parse_blocks([Page(1, "2.1 The text ends.\n\n" + foot),
                           Page(2, "a) The budget may not be met.")])
    assert any(b.kind == "heading" and b.text == foot for b in blocks)



def test_a_lead_in_wrapped_after_a_few_words_is_no_title() -> None:
    text = ("2. The evidence evaluated by inspectors\nincluded:\n- case files\n\n"
            "Service information\n\n7. There were 1834 looked after children.")
    blocks = parse_blocks([Page(1, text)])
    assert not any(b.kind == "heading" and b.text.startswith("2.") for b in blocks)
    assert next(b for b in blocks if b.paragraph == "7").heading == "Service information"
