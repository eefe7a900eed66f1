"""Scrutiny Assistant: cited answers from council reports and inspection findings."""
