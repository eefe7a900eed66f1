"""Streamlit pieces shared by the pages: the cached Assistant, warm-up, answers, source cards.

Presentation only. Anything a page shows from a document or a user goes through
`assistant.highlight` (escaped, then our own tags) into `st.html`, never through
Markdown, so '<script>' or '[x](javascript:...)' in a report stays text.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from datetime import date

import streamlit as st

from assistant.answering import ABSTAIN
from assistant.conversation import retrieval_query
from assistant.export import inert
from assistant.highlight import answer_html, escape, highlight_html, passage_html
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.sources import excerpt, is_text_document, mime_type, original_file, source_text
from assistant.types import Answer, Citation, DocumentMeta

log = logging.getLogger("scrutiny.app")

STYLE = """<style>
.answer-text { white-space: pre-wrap; font-size: 1.05rem; line-height: 1.55; }
.question-text { white-space: pre-wrap; font-size: 1.05rem; font-weight: 600; }
.cite-marker { font-size: 0.8em; font-weight: 700; color: #1c4e80; vertical-align: super;
  margin-left: 1px; }
.scope { color: #5a6270; font-size: 0.85rem; }
.src-head { font-weight: 700; font-size: 1rem; line-height: 1.35; }
.src-n { display: inline-block; min-width: 1.9em; padding: 0 0.35em; margin-right: 0.4em;
  border-radius: 0.4em; background: #1c4e80; color: #fff; text-align: center; font-size: 0.85em; }
.src-meta { color: #3d4450; font-size: 0.9rem; margin-top: 0.15rem; }
.src-where { color: #3d4450; font-size: 0.9rem; font-weight: 600; margin-top: 0.1rem; }
.src-quote { white-space: pre-wrap; margin: 0.55rem 0 0.1rem 0; padding: 0.5rem 0.8rem;
  border-left: 4px solid #1c4e80; background: rgba(28, 78, 128, 0.06); font-size: 0.98rem;
  line-height: 1.5; }
.source-card mark, .passage mark, .src-quote mark { background: #ffe27a; color: #111;
  padding: 0 1px; border-radius: 2px; }
.passage { white-space: pre-wrap; font-size: 0.95rem; line-height: 1.5; max-height: 60vh;
  overflow-y: auto; padding: 0.6rem 0.8rem; border: 1px solid rgba(0,0,0,0.12);
  border-radius: 0.4rem; }
.passage .cited { background: rgba(28, 78, 128, 0.13); border-radius: 2px;
  box-decoration-break: clone; -webkit-box-decoration-break: clone; padding: 1px 0; }
.abstain { font-weight: 600; padding: 0.6rem 0.8rem; border-left: 4px solid #c26a00;
  background: rgba(230, 140, 20, 0.10); border-radius: 0.3rem; }
</style>"""


def style() -> None:
    st.html(STYLE)


def settings() -> Settings:
    return Settings()  # type: ignore[call-arg]


def get_assistant() -> Assistant:
    """The process-wide Assistant for the current settings (SCRUTINY_* environment)."""
    return _assistant(settings().model_dump_json())


@st.cache_resource(show_spinner=False)
def _assistant(settings_json: str) -> Assistant:
    # Cheap: the index and the model are opened lazily, on first use.
    return Assistant(Settings.model_validate_json(settings_json))


class WarmUp:
    """Loads the model and the search index in the background after the first page is
    shown, so the page never waits for it and the first question rarely does."""

    def __init__(self, assistant: Assistant) -> None:
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(assistant,), daemon=True,
                                       name="scrutiny-warm-up")
        self.thread.start()

    def _run(self, assistant: Assistant) -> None:
        try:
            assistant.embedder.embed(["warm up"])
            assistant.index.snapshot()
            _ = assistant.index.vectors
        except BaseException as err:  # shown to the user by ready()
            self.error = err

    def wait(self) -> None:
        self.thread.join()
        if self.error is not None:
            raise RuntimeError(f"the search model could not be loaded: {self.error}")


@st.cache_resource(show_spinner=False)
def _warm_up(settings_json: str, _assistant: Assistant) -> WarmUp:
    return WarmUp(_assistant)


def warm_up(assistant: Assistant) -> WarmUp:
    return _warm_up(assistant.settings.model_dump_json(), assistant)


def ready(assistant: Assistant) -> None:
    """Block until the model is loaded (only the first question or upload ever waits)."""
    loader = warm_up(assistant)
    if loader.thread.is_alive():
        with st.spinner("Loading the search model (first time only)…"):
            loader.wait()
    else:
        loader.wait()


def show_error(what: str, err: BaseException) -> None:
    """One line a person can act on; the traceback goes to the server log."""
    log.exception("%s", what)
    st.error(inert(f"{what}: {err}"), icon=":material/error:")


def long_date(value: str | None) -> str:
    """'2024-03-07' -> '7 March 2024' (as council papers write dates)."""
    if not value:
        return "undated"
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.day} {day:%B %Y}"


def html_block(css_class: str, inner_html: str) -> None:
    st.html(f'<div class="{css_class}">{inner_html}</div>')


def user_message(question: str) -> None:
    with st.chat_message("user"):
        html_block("question-text", escape(question))


def answer_message(answer: Answer, turn: int, history: Sequence[str], assistant: Assistant) -> None:
    """An answer with [n] markers, its scope, and one source card per citation."""
    focus = retrieval_query(answer.question, history)
    with st.chat_message("assistant"):
        if answer.abstained:
            reason = answer.answer.removeprefix(ABSTAIN).strip()  # "No indexed document is from ..."
            html_block("abstain", "No answer found: none of the documents searched states "
                       "this clearly, so nothing is quoted as an answer."
                       + (f" {escape(reason)}" if reason else ""))
        else:
            html_block("answer-text", answer_html(answer.answer))
        seconds = answer.timings.get("seconds")
        scope = answer.scope + (f" · {seconds:.1f} s" if seconds is not None else "")
        if scope:
            html_block("scope", escape(scope.capitalize()))
        for c in answer.citations:
            source_card(c, focus, f"t{turn}-c{c.n}", assistant)
        if answer.related and answer.abstained:
            st.html('<div class="scope">Related passages that may help:</div>')
            for i, c in enumerate(answer.related, 1):
                source_card(c, focus, f"t{turn}-r{i}", assistant)
        elif answer.related:
            with st.expander(f"See also: {len(answer.related)} related passages"):
                for i, c in enumerate(answer.related, 1):
                    source_card(c, focus, f"t{turn}-r{i}", assistant)


def card_html(c: Citation, question: str) -> str:
    badge = f'<span class="src-n">[{c.n}]</span>' if c.n else ""  # related passages: none
    who = " · ".join(escape(x) for x in (c.council, c.body) if x)
    where = [long_date(c.date), f"page {c.page}"]
    if c.paragraph:
        where.append(f"paragraph {escape(c.paragraph)}")
    return (f'<div class="source-card">'
            f'<div class="src-head">{badge}{escape(c.title)}</div>'
            + (f'<div class="src-meta">{who}</div>' if who else "")
            + f'<div class="src-where">{" · ".join(where)}</div>'
            f'<div class="src-quote">{highlight_html(c.quote, question)}</div></div>')


def source_card(c: Citation, question: str, key: str, assistant: Assistant) -> None:
    with st.container(border=True, key=f"card-{key}"):  # class st-key-card-… for tests
        st.html(card_html(c, question))
        meta = _meta(assistant, c)
        path = original_file(meta) if meta else None
        left, right = st.columns([1, 1], gap="small")
        with left:
            reading = "Read the document" if is_text_document(c.document) else \
                f"Read page {c.page}"
            if st.button(reading, key=f"read-{key}", icon=":material/article:", type="tertiary"):
                source_dialog(c, question, key)
        with right:
            if path is not None:
                st.download_button(download_label(c),
                                   data=path.read_bytes, file_name=c.document,
                                   mime=mime_type(c.document), key=f"dl-{key}",
                                   on_click="ignore", icon=":material/download:",
                                   type="tertiary")
            else:
                st.caption("The original file is no longer on this server.")


def download_label(c: Citation) -> str:
    if is_text_document(c.document):
        return "Download the original text"
    return f"Download the PDF (page {c.page})"


def _meta(assistant: Assistant, c: Citation) -> DocumentMeta | None:
    try:
        known = assistant.index.catalog.document(c.document)
    except Exception:  # a broken catalog must not take the answer down with it
        log.exception("catalog lookup for %s", c.document)
        return None
    return known.meta if known else None


@st.dialog("Source", width="large")
def source_dialog(c: Citation, question: str, key: str) -> None:
    assistant = get_assistant()
    st.html(card_html(c, question))
    meta = _meta(assistant, c)
    if meta is None:
        st.warning("This document is no longer in the library.")
        return
    try:
        shown = source_text(assistant.index, meta, c.page)
    except Exception as err:
        show_error("Could not read the source", err)
        return
    what = "The document" if shown.whole_document else f"Page {c.page} of the original"
    if not shown.from_file:
        what += " (rebuilt from the indexed passages: the original file has moved)"
    near = excerpt(shown.text, c.quote)
    if near.cut_before or near.cut_after:
        what += ", around the cited passage"
    st.html(f'<div class="scope">{escape(what)}. The cited passage is shaded blue.</div>')
    html_block("passage", ("…\n" if near.cut_before else "")
               + passage_html(near.text, c.quote, question)
               + ("\n…" if near.cut_after else ""))
    if near.cut_before or near.cut_after:
        with st.expander("Show the whole document" if shown.whole_document
                         else "Show the whole page"):
            html_block("passage", passage_html(shown.text.strip(), c.quote, question))
    path = original_file(meta)
    if path is not None:
        st.download_button(download_label(c), data=path.read_bytes,
                           file_name=c.document, mime=mime_type(c.document),
                           key=f"dialog-dl-{key}", on_click="ignore",
                           icon=":material/download:")
