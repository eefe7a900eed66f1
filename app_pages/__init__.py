"""Streamlit pages of the app (run by app.py through st.navigation)."""
