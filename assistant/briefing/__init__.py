"""Meeting briefings: figures, risks, recommendations, commitments and judgements, cited.

`build_briefing(index, document)` is the entry point for the CLI and the app;
`extract(meta, chunks)` is the pure extraction step the evaluation scores.
"""

from assistant.briefing.build import build_briefing, meeting_dates, meeting_documents
from assistant.briefing.extract import extract, extract_document
from assistant.briefing.types import Briefing, Item, Question, Source, Track

__all__ = ["Briefing", "Item", "Question", "Source", "Track", "build_briefing", "extract",
           "extract_document", "meeting_dates", "meeting_documents"]
