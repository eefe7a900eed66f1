"""Streamlit entry point (`make run`): the page list and nothing else.

Pages live in app_pages/; what they do lives in the core (assistant/, ingest/).
To add a page, add one st.Page line to PAGES.
"""

import streamlit as st

st.set_page_config(page_title="Scrutiny Assistant", page_icon=":material/account_balance:",
                   layout="centered")

PAGES = [
    st.Page("app_pages/chat.py", title="Ask the reports", icon=":material/forum:", default=True),
    st.Page("app_pages/library.py", title="Library", icon=":material/library_books:"),
    st.Page("app_pages/briefing.py", title="Briefing", icon=":material/summarize:"),
]

st.navigation(PAGES).run()
