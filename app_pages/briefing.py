"""Briefing page: pick a document or a meeting date; figures, risks, decisions, commitments,
judgements and suggested questions, each cited; charts of tracked measures; Markdown export.

Presentation only: the briefing is built by `assistant.briefing`. Document text is shown
as data (tables) or escaped (`md_escape`), never as live Markdown or HTML.
"""

from __future__ import annotations

import streamlit as st

from app_pages import ui
from assistant.briefing import Briefing, build_briefing, meeting_dates, meeting_documents
from assistant.briefing.render import as_markdown, cite, md_escape, table_rows, track_rows
from assistant.briefing.tracking import changed_first, chart
from assistant.briefing.types import KIND_TITLES
from assistant.index import Index

TABS = ("figure", "risk", "recommendation", "commitment", "judgement")


def pick_documents(index: Index) -> tuple[list[str], str | None]:
    """The documents to brief, and the meeting date when one was picked."""
    mode = st.segmented_control("Brief", ["One document", "A meeting date"],
                                default="One document", key="brief-mode")
    documents = sorted(index.catalog.documents(),
                       key=lambda d: (d.meta.date or "", d.meta.title), reverse=True)
    if mode == "A meeting date":
        dates = meeting_dates(index)
        day = st.selectbox("Meeting date", dates, format_func=ui.long_date, key="brief-date")
        return (meeting_documents(index, day) if day else []), day
    labels = {d.meta.document: f"{d.meta.title} ({ui.long_date(d.meta.date)})"
              for d in documents}
    name = st.selectbox("Document", list(labels), format_func=labels.__getitem__,
                        key="brief-document")
    return ([name] if name else []), None


def questions(briefing: Briefing) -> None:
    st.markdown("#### Suggested questions")
    if not briefing.questions:
        st.caption("No question templates matched this document.")
    for n, q in enumerate(briefing.questions, 1):
        st.markdown(f"{n}. {md_escape(q.text)}")
        with st.expander("Source", expanded=False):
            for item in q.items:
                st.caption(md_escape(cite(item.source)))
                st.text(item.source.sentence)


def items(briefing: Briefing) -> None:
    tabs = st.tabs([f"{KIND_TITLES[k]} ({len(briefing.of_kind(k))})" for k in TABS]
                   + [f"Tracked ({len(briefing.tracks)})"])
    for tab, kind in zip(tabs, TABS, strict=False):
        with tab:
            found = briefing.of_kind(kind)
            if kind == "judgement":
                found = found + briefing.of_kind("improvement")
            if not found:
                st.caption("None found in this document.")
                continue
            if kind == "judgement":
                for group in ("judgement", "improvement"):
                    rows = table_rows(briefing.of_kind(group))
                    if rows:
                        st.caption(KIND_TITLES[group])
                        st.dataframe(rows, hide_index=True, width="stretch")
            else:
                st.dataframe(table_rows(found), hide_index=True, width="stretch")
    with tabs[-1]:
        tracked(briefing)


def tracked(briefing: Briefing) -> None:
    if not briefing.tracks:
        st.caption("Nothing in this document appears in the council's other papers.")
        return
    labels = {t.key: f"{t.label} ({len(t.points)} points)" for t in briefing.tracks}
    picked = st.multiselect("Measures and judgements", list(labels),
                            default=[t.key for t in changed_first(briefing.tracks)][:3],
                            format_func=labels.__getitem__,
                            key=f"tracks-{briefing.meta.document}")
    for track in briefing.tracks:
        if track.key in picked:
            st.pyplot(chart(track), width="stretch")
            st.dataframe(track_rows(track), hide_index=True, width="stretch")


def show(briefing: Briefing) -> None:
    meta = briefing.meta
    st.subheader(md_escape(meta.title))
    st.caption(md_escape(" · ".join(x for x in (meta.council, meta.body,
                                                ui.long_date(meta.date), meta.document) if x)))
    questions(briefing)
    items(briefing)
    st.download_button("Download this briefing (Markdown)", as_markdown(briefing),
                       file_name=f"briefing-{meta.document.rsplit('.', 1)[0]}.md",
                       mime="text/markdown", icon=":material/download:",
                       key=f"download-{meta.document}")


st.title("Meeting briefing")
st.caption("Figures, risks, decisions, commitments and inspection judgements read from the "
           "papers, each with its page and sentence; suggested questions built only from them.")
index = ui.get_assistant().index
names, day = pick_documents(index)
if not names:
    st.info("No documents indexed yet: add some on the Library page.")
for name in names:
    try:
        show(build_briefing(index, name, meeting_date=day))
    except Exception as err:  # one line for the reader; the traceback goes to the log
        ui.show_error(f"Could not brief {name}", err)
    st.divider()
