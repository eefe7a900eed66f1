"""Starter questions come from what is indexed, and only from that."""

from __future__ import annotations

from assistant.starters import short_council, starter_questions
from assistant.types import DocumentMeta, IndexedDocument


def doc(name: str, title: str, council: str | None, document_type: str | None,
        when: str | None, body: str | None = None) -> IndexedDocument:
    meta = DocumentMeta(document=name, title=title, council=council, body=body,
                        document_type=document_type, date=when)
    return IndexedDocument(meta=meta, sha256="x", pages=1, chunks=1, ingested_at="")


MEDWAY_UPDATE = doc("medway.txt", "Improvement Update", "Medway Council",
                    "Committee report (improvement update)", "2024-03-07")
MEDWAY_2019 = doc("m19.pdf", "Inspection of Medway children's social care services (ILACS)",
                  "Medway Council", "Ofsted ILACS report", "2019-08-27")
MEDWAY_2023 = doc("m23.pdf", "Inspection of Medway local authority children's services (ILACS)",
                  "Medway Council", "Ofsted ILACS report", "2023-09-11")
THURROCK_2024 = doc("t24.pdf", "Inspection of Thurrock local authority children's services",
                    "Thurrock Council", "Ofsted ILACS report", "2024-10-29")
SEND = doc("send.pdf", "Area SEND inspection of West Sussex Local Area Partnership",
           "West Sussex Local Area Partnership", "Area SEND inspection report", "2024-02-29")
RISKS = doc("risk.pdf", "Cabinet budget risk register 2025 26", "Kent County Council",
            "Risk register", "2025-01-30")


def test_an_empty_library_has_no_starters() -> None:
    assert starter_questions([]) == []


def test_the_issue_examples_appear_for_a_matching_library() -> None:
    questions = starter_questions([MEDWAY_UPDATE, MEDWAY_2023])
    assert questions[:2] == ["What are the key risks in the latest improvement update?",
                             "What did Ofsted say needs to improve in Medway?"]


def test_the_ofsted_question_names_the_council_of_the_latest_inspection() -> None:
    questions = starter_questions([MEDWAY_2019, THURROCK_2024, MEDWAY_2023])
    assert "What did Ofsted say needs to improve in Thurrock?" in questions
    assert "What did Ofsted say needs to improve in Medway?" not in questions


def test_no_starter_asks_about_a_kind_of_document_that_is_absent() -> None:
    questions = starter_questions([RISKS])
    assert questions[0] == "What are the main risks in the latest risk register?"
    assert not any("Ofsted" in q or "SEND" in q or "improvement" in q for q in questions)


def test_send_inspections_are_not_taken_for_ofsted_childrens_services_reports() -> None:
    questions = starter_questions([SEND])
    assert "What did the area SEND inspection of West Sussex find?" in questions
    assert not any("needs to improve" in q for q in questions)


def test_a_council_inspected_twice_gets_a_change_question() -> None:
    questions = starter_questions([MEDWAY_2019, MEDWAY_2023], limit=10)
    assert "How have Ofsted's judgements of Medway changed since 2019?" in questions


def test_starters_are_distinct_and_limited() -> None:
    library = [MEDWAY_UPDATE, MEDWAY_2019, MEDWAY_2023, THURROCK_2024, SEND, RISKS]
    questions = starter_questions(library, limit=3)
    assert len(questions) == 3 == len(set(questions))


def test_any_library_gets_at_least_the_latest_document_question() -> None:
    minutes = doc("min.pdf", "Cabinet minutes", None, None, None)
    assert starter_questions([minutes]) == ["What are the main points of the Cabinet minutes?"]


def test_short_council_names() -> None:
    assert short_council("Kent County Council") == "Kent"
    assert short_council("West Sussex Local Area Partnership") == "West Sussex"
    assert short_council(None) is None
