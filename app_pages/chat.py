"""Chat page: ask the reports, read cited answers, filter what is searched, export notes."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from app_pages import ui
from assistant.export import conversation_markdown, inert
from assistant.facets import Facets, facets, filters_from
from assistant.starters import starter_questions
from assistant.types import Answer, Filters, IndexedDocument

TURNS = "turns"  # session key: list[Answer], oldest first
PENDING = "pending_question"  # a starter question clicked on the last run


def sidebar_filters(choices: Facets) -> Filters:
    side = st.sidebar
    side.subheader("Search only…")
    councils = side.multiselect("Council", choices.councils, placeholder="All councils")
    bodies = side.multiselect("Committee or body", choices.bodies, placeholder="All bodies")
    types = side.multiselect("Document type", choices.document_types, placeholder="All types")
    dates: tuple = ()
    if choices.first_date and choices.last_date and choices.first_date < choices.last_date:
        picked = side.date_input("Dated between", value=(choices.first_date, choices.last_date),
                                 min_value=choices.first_date, max_value=choices.last_date,
                                 format="DD/MM/YYYY")
        dates = tuple(picked) if isinstance(picked, tuple | list) else ()
    labels = dict(choices.documents)
    documents = side.multiselect("Documents", list(labels), format_func=labels.__getitem__,
                                 placeholder="All documents")
    filters = filters_from(choices, councils, bodies, types, documents, dates)
    if not filters.is_empty():
        side.caption("Filters apply to the next question; each answer says what it searched.")
    return filters


def sidebar_conversation(turns: list[Answer]) -> None:
    side = st.sidebar
    side.divider()
    side.subheader("This conversation")
    if not turns:
        side.caption("Questions and their sources can be downloaded for meeting notes.")
        return
    side.download_button("Download as notes (Markdown)", data=conversation_markdown(turns),
                         file_name=f"scrutiny-notes-{datetime.now():%Y-%m-%d-%H%M}.md",
                         mime="text/markdown", on_click="ignore", icon=":material/download:",
                         key="export")
    if side.button("Start a new conversation", icon=":material/restart_alt:", key="new-chat"):
        st.session_state[TURNS] = []
        st.rerun()


def starters(documents: list[IndexedDocument]) -> None:
    questions = starter_questions(documents)
    if not questions:
        return
    st.html('<div class="scope">Try one of these, or type your own question below:</div>')
    for i, question in enumerate(questions):
        # Labels are Markdown: the question carries document titles, so it is made inert.
        st.button(inert(question), key=f"starter-{i}", on_click=_choose, args=(question,),
                  icon=":material/chat_bubble:", width="stretch", wrap=True)


def _choose(question: str) -> None:
    st.session_state[PENDING] = question


def ask(question: str, turns: list[Answer], filters: Filters) -> None:
    """One turn: show the question, answer it with earlier questions as context."""
    assistant = ui.get_assistant()
    history = [t.question for t in turns]
    ui.user_message(question)
    try:
        ui.ready(assistant)
        with st.spinner("Searching the documents…"):
            answer = assistant.ask(question, filters=filters, history=history)
    except Exception as err:
        with st.chat_message("assistant"):
            ui.show_error("Could not answer that question", err)
        return
    turns.append(answer)
    ui.answer_message(answer, len(turns) - 1, history, assistant)


def main() -> None:
    ui.style()
    st.title("Ask the reports")
    st.caption("Every answer is quoted word for word from the council's papers, with the "
               "document, date, page and paragraph it comes from.")
    assistant = ui.get_assistant()
    try:
        documents = assistant.documents()
    except Exception as err:
        ui.show_error(f"Could not open the library at {assistant.settings.index}", err)
        st.stop()
    filters = sidebar_filters(facets(documents))
    if documents and assistant.embedder_loaded and (mismatch := assistant.embedder_mismatch()):
        st.warning(inert(mismatch), icon=":material/sync_problem:")
    turns: list[Answer] = st.session_state.setdefault(TURNS, [])
    for number, turn in enumerate(turns):
        ui.user_message(turn.question)
        ui.answer_message(turn, number, [t.question for t in turns[:number]], assistant)

    typed = st.chat_input("Ask a question about the reports")
    question = typed or st.session_state.pop(PENDING, None)
    if not documents:
        st.info("The library is empty: add council reports on the Library page first.",
                icon=":material/info:")
        st.page_link("app_pages/library.py", label="Go to the Library",
                     icon=":material/library_books:")
    elif question:
        ask(question, turns, filters)
    elif not turns:
        starters(documents)
    sidebar_conversation(turns)
    ui.warm_up(assistant)  # after the page is drawn: the model loads while the user reads


main()
