"""Library page: what is indexed, add documents, remove documents."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from app_pages import ui
from assistant.export import inert
from assistant.facets import document_label
from assistant.index import IndexBusy
from assistant.service import Assistant
from assistant.types import IndexedDocument
from ingest.readers import IngestError
from ingest.uploads import discard_upload, is_upload, safe_name, save_upload

COLUMNS = {  # widths in pixels: what identifies a document fits on screen, the rest scrolls
    "Title": st.column_config.TextColumn("Title", width=300),
    "Date": st.column_config.TextColumn("Date", width=95),
    "Council": st.column_config.TextColumn("Council", width=150),
    "Type": st.column_config.TextColumn("Type", width=170),
    "Pages": st.column_config.NumberColumn("Pages", format="%d", width=60),
    "Chunks": st.column_config.NumberColumn("Passages", format="%d", width=75,
                                            help="Searchable passages cut from the document"),
    "Body": st.column_config.TextColumn("Committee or body", width=280),
    "File": st.column_config.TextColumn("File", width=300),
}
ROW_PX, HEADER_PX, MAX_PX = 35, 38, 560


def rows(documents: list[IndexedDocument]) -> list[dict[str, object]]:
    """One row per document, newest first (click a heading to sort otherwise)."""
    ordered = sorted(documents, key=lambda d: (d.meta.date or "", d.meta.title), reverse=True)
    return [{"Title": d.meta.title, "Date": d.meta.date or "", "Council": d.meta.council or "",
             "Type": d.meta.document_type or "", "Pages": d.pages, "Chunks": d.chunks,
             "Body": d.meta.body or "", "File": d.meta.document} for d in ordered]


def table(documents: list[IndexedDocument]) -> None:
    passages = sum(d.chunks for d in documents)
    st.caption(f"{len(documents)} documents, {passages:,} searchable passages. "
               "Click a column heading to sort.")
    if documents:
        height = min(HEADER_PX + ROW_PX * len(documents) + 2, MAX_PX)
        st.dataframe(rows(documents), hide_index=True, column_config=COLUMNS, width="stretch",
                     height=height, key="library-table")


def upload_form(assistant: Assistant) -> None:
    limit = assistant.settings.max_upload_mb
    with st.form("upload", clear_on_submit=True, border=True):
        st.subheader("Add documents")
        files = st.file_uploader(
            "Council reports as PDF, .txt or .md", type=["pdf", "txt", "md"],
            accept_multiple_files=True, max_upload_size=limit, key="uploads")
        submitted = st.form_submit_button("Add to the library", icon=":material/upload:")
    if submitted and files:
        add(assistant, files)
    elif submitted:
        st.warning("Choose one or more files first.")


def add(assistant: Assistant, files: list[UploadedFile]) -> None:
    """Save, check and ingest uploads; each bad file gets the CLI's one-line reason."""
    folder = assistant.settings.upload_dir
    saved: list[Path] = []
    for upload in files:
        try:
            saved.append(save_upload(upload.name, upload.getvalue(), folder,
                                     assistant.settings.max_upload_mb))
        except IngestError as err:
            failed(safe_name(upload.name), str(err))
        except OSError as err:
            ui.show_error(f"Could not store {safe_name(upload.name)}", err)
    if not saved:
        return
    bar = st.progress(0.0, text=f"Reading and indexing {len(saved)} file(s)…")

    def progress(done: int, total: int, outcome) -> None:  # type: ignore[no-untyped-def]
        bar.progress(done / max(total, 1),
                     text=f"{done} of {total}: {outcome.path.name} ({outcome.status})")

    try:
        ui.ready(assistant)
        report = assistant.ingest(saved, progress=progress)
    except IndexBusy as err:
        st.error(inert(str(err)), icon=":material/hourglass:")
        return
    except Exception as err:
        ui.show_error("Could not index the upload", err)
        return
    bar.empty()
    for outcome in report.failed:
        failed(outcome.path.name, outcome.error)
        discard_upload(outcome.path, folder)  # else every `make run` would fail on it again
    done = [o for o in report.outcomes if o.status in ("added", "updated", "unchanged")]
    if done:
        names = ", ".join(o.path.name for o in done)
        st.success(inert(f"Searchable now: {names}. {report.summary()}."),
                   icon=":material/check_circle:")


def failed(name: str, reason: str) -> None:
    st.error(inert(f"error: {name}: {reason}"), icon=":material/error:")


def remove_form(assistant: Assistant, documents: list[IndexedDocument]) -> None:
    if not documents:
        return
    labels = {d.meta.document: document_label(d.meta.title, d.meta.date) for d in documents}
    with st.form("remove", border=True):
        st.subheader("Remove a document")
        name = st.selectbox("Document", list(labels), format_func=labels.__getitem__,
                            index=None, placeholder="Choose a document")
        sure = st.checkbox("Yes, take it out of the search")
        submitted = st.form_submit_button("Remove", icon=":material/delete:")
    if not submitted:
        return
    if not name or not sure:
        st.warning("Choose a document and tick the box to confirm.")
        return
    known = {d.meta.document: d for d in documents}.get(name)
    try:
        removed = assistant.remove(name)
    except Exception as err:
        ui.show_error(f"Could not remove {name}", err)
        return
    if not removed:
        st.warning(inert(f"{name} was already gone."))
        return
    note = ""
    if known and known.meta.source_path:
        source = Path(known.meta.source_path)
        if discard_upload(source, assistant.settings.upload_dir):
            note = " The uploaded file was deleted too."
        elif not is_upload(source, assistant.settings.upload_dir) and source.exists():
            note = (" Its file is still in the corpus folder, so the next full ingest will "
                    "add it back: delete the file to remove it for good.")
    st.success(inert(f"Removed {labels[name]}.{note}"), icon=":material/check_circle:")


def main() -> None:
    st.set_page_config(layout="wide")
    ui.style()
    st.title("Library")
    assistant = ui.get_assistant()
    table_area = st.container()
    left, right = st.columns([3, 2], gap="large")
    try:
        with left:
            upload_form(assistant)
        with right:
            remove_form(assistant, assistant.documents())
        documents = assistant.documents()
    except Exception as err:
        ui.show_error(f"Could not open the library at {assistant.settings.index}", err)
        st.stop()
    with table_area:
        table(documents)
    ui.warm_up(assistant)


main()
