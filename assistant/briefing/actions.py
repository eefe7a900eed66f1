"""Recommendations, decisions and commitments: what is asked, what was resolved, what was promised.

Recommendations are the sentences that ask a body to act ("The Committee is
asked to note ..."); decisions are minuted resolutions ("RESOLVED that ..."),
linked to the motion's proposer and seconder when the same minute records them.
Commitments are stated future actions ("will be phased out", "work is in hand",
"is planned", "by the end of March 2025"), not forecasts ("this will have a
beneficial impact") nor conditions ("if ..., the Council will need to ...").
"""

from __future__ import annotations

import re

from assistant.briefing.text import make_source as _source
from assistant.briefing.text import read_date, sentences
from assistant.briefing.types import Item
from assistant.types import Chunk, DocumentMeta

ASKED = re.compile(
    r"^(?P<body>.*?)\b(?:is|are|be)\s+(?:asked|recommended|requested|invited)\s+to\s+(?P<action>.+)$",
    re.IGNORECASE)
ASKED_LEAD = re.compile(r"(?:Recommendations?(?:\(s\))?:\s*)?(?P<body>[A-Z][^.:]*?)\s+(?:is|are)\s+"
                        r"(?:asked|recommended|requested|invited)\s+to:\s*$")
OPTION = re.compile(r"^(?:[A-H]\.|\(?[a-h]\)|\(?[ivx]+\)|\d{1,2}\.|[-–•])\s+(?P<action>[A-Z].+)$")
OPTION_LABEL = re.compile(r"^(?:[A-H]\.|\(?[a-h]\)|\(?[ivx]+\)|\d{1,2}\.)$")
OPTION_TEXT = re.compile(r"^(?P<action>(?:Agree|Approve|Note|Endorse|Delegate|DELEGATE|Consider|"
                         r"Recommend|Adopt|Authorise|Comment|Confirm|Accept|Make|Ask|Request|"
                         r"[A-Z][a-z]+\s+to\b|[A-Z]{4,})\b.+)$")
RESOLVED = re.compile(r"\bRESOLVED\b|\bAgreed unanimously\b|\bit was (?:agreed|resolved) unanimously\b"
                      r"|\b(?:Council|Cabinet|Committee|Panel|Board|Members)\b[^.]*\bit was "
                      r"(?:agreed|resolved)\b")
PERSON = (r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor)\.?\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?"
          r"|[Tt]he (?:Chairman|Chair|Vice-Chairman|Vice-Chair|Leader))")
PROPOSED = re.compile(rf"(?P<proposer>{PERSON}),?\s+proposed,?\s+(?:and\s+)?(?P<seconder>{PERSON}),?"
                      r"\s+seconded")

FUTURE = re.compile(
    r"\b(?:will|shall)\b(?!\s+(?:not\s+)?(?:therefore\s+|then\s+|also\s+|\w+ly\s+)?(?:be\s+(?:able|possible|likely|necessary|required|"
    r"needed|affected|impacted|reflected|unable|a|an|the|more|less|no)\b|have|become|create|"
    r"result|lead|mean|contribute|impact|affect|increase|reduce|add|form|need|see|remain|"
    r"depend|cost|require|likely|also improve|improve|recover|rise|fall|decline|grow|align|"
    r"ensure|be\s+(?:critical|important|essential|key|approximately|around|about)))"
    r"|\bwork is (?:in hand|underway|under way|ongoing)\b"
    r"|\b(?:is|are) (?:planned|scheduled) (?:to|for|in)\b|\b(?:is|are) planned\b"
    r"|\b(?:is|are) due to (?:be|end|start|begin|complete|commence|conclude|open|close|report|"
    r"launch|expire|take)\b"
    r"|\b(?:(?:has|have) plans|intends?|aims?|commits?|(?:is|are) planning) to\b"
    r"|\b(?:remains? |is |are )?(?:fully )?committed to\b"
    r"|\bset to (?:begin|start|open|launch)\b"
    r"|\b(?:ambition|intention|aim|plan) is to\b"
    r"|\b(?:completion|target|due|review) date (?:has been |was |is )?(?:extended|revised|moved|"
    r"changed|set) to\b|\bto continue for a further\b",
    re.IGNORECASE)
HEDGE = re.compile(r"\b(?:if|unless|could|can|may|might|would|risk (?:that|of)|there is a risk|"
                   r"at risk|likely|anticipated|expected to|"
                   r"expectation|hoped?|hopeful|should|whether|forecast|estimated?|assumes?)\b"
                   r"|\?", re.IGNORECASE)
PRONOUN_SUBJECT = re.compile(
    r"\b(?:this|it|which|that|these|they|there)\s+(?:will|shall)\b"
    r"|\b(?:how|what|where|whether|when|who)\b(?:\s+\S+){0,4}\s+(?:will|shall)\b",
    re.IGNORECASE)
ACTOR_WILL = re.compile(  # "We will create ...": an actor's "will" is a commitment, whatever the verb
    r"\b(?:we|the council|the service|KCC|the team|officers|the directorate|the local authority|"
    r"the cabinet member|leaders)\s+will\b", re.IGNORECASE)
CLAUSE = re.compile(r",?\s+but\s+|;\s+|,\s+however,?\s+", re.IGNORECASE)
NEXT_INSPECTION = re.compile(r"\s*(?:The next|Next) (?:full )?(?:area SEND )?inspection", re.I)
DUE = re.compile(
    r"\b(?:end of the financial year"
    r"|(?:by|before|until|from|in|during|no later than|for|on|to)\s+(?:the\s+)?(?:end\s+of\s+)?"
    r"(?:(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December)\s+20\d\d|(?:spring|summer|autumn|winter)\s+20\d\d"
    r"|\d{1,2}[-/]\d{1,2}[-/]\d{2,4}|20\d\d(?![-/]\d)))",
    re.IGNORECASE)
OWNER = re.compile(
    r"^(?:(?:However|In addition|Additionally|Moving forward|Going forward|Currently|Also|"
    r"Furthermore),?\s+)?(?P<owner>(?:[Tt]he\s+)?(?:[A-Z][\w’'&-]*\s+){0,5}?(?:service|Service|"
    r"[Cc]ouncil|team|Team|teams|[Dd]irectorate|[Bb]oard|[Pp]anel|[Pp]artnership|[Dd]epartment|"
    r"leaders|[Oo]fficers?|KCC|Medway|[Ll]ocal [Aa]uthority|[Cc]abinet(?: [Mm]ember)?|"
    r"[Dd]irector|[Gg]roup|[Uu]nit|[Hh]ub|[Pp]rogramme|Project teams)|We|we)\b")


def recommendations(meta: DocumentMeta, chunks: list[Chunk]) -> list[Item]:
    """Recommendations and decisions, each listed once (reports repeat them in conclusions)."""
    items: list[Item] = []
    seen: set[str] = set()
    for item in _recommendations(meta, chunks):
        key = " ".join(item.label.lower().split()).rstrip(";.")
        if key not in seen:
            seen.add(key)
            items.append(item)
    return items


def _recommendations(meta: DocumentMeta, chunks: list[Chunk]) -> list[Item]:
    items: list[Item] = []
    motion: dict[str, tuple[str, str]] = {}  # minute item -> (proposer, seconder)
    options_for: str | None = None  # the body asked, while its lettered options follow
    for s in sentences(chunks):
        text = s.text
        lead = ASKED_LEAD.search(text)
        if lead:
            options_for = " ".join(lead.group("body").split()) or None
            continue
        if options_for is not None and OPTION_LABEL.match(text):
            continue  # "A." alone: the sentence splitter cut the label from its option
        option = OPTION.match(text) or (OPTION_TEXT.match(text) if options_for else None)
        if option and len(option.group("action").split()) < 3:
            option = None  # "1. Introduction": the next section's heading, not an option
        if options_for is not None and option:
            action = option.group("action").strip()
            items.append(Item("recommendation", action, action.split()[0].lower(),
                              _source(meta, s.chunk, text),
                              details={"status": "asked", "body": options_for}))
            continue
        options_for = None
        minute = s.chunk.heading.split(" > ")[0]
        proposed = PROPOSED.search(text)
        if proposed:
            motion[minute] = (proposed.group("proposer"), proposed.group("seconder"))
        asked = ASKED.match(text)
        if RESOLVED.search(text):
            status = "resolved"
            action = text
        elif asked and not text.endswith("?"):
            status = "proposed" if proposed else "asked"
            action = asked.group("action").strip()
        else:
            continue
        details: dict[str, object] = {"status": status}
        if asked:
            body = re.sub(r"^.*?Recommendations?(?:\(s\))?:\s*", "", asked.group("body"))
            details["body"] = " ".join(body.split()) or None
        if status in ("resolved", "proposed") and minute in motion:
            details["proposer"], details["seconder"] = motion[minute]
        if text.rstrip().endswith(":"):
            details["items"] = _following_items(s.chunk, text)
        value = action.split()[0].lower() if status == "asked" and action else status
        items.append(Item("recommendation", action, value, _source(meta, s.chunk, text),
                          details=details))
    return items


def _following_items(chunk: Chunk, lead: str) -> list[str]:
    after = chunk.text[chunk.text.find(lead) + len(lead):]
    return [ln.strip()[2:] for ln in after.split("\n") if ln.strip().startswith("- ")][:12]


def commitments(meta: DocumentMeta, chunks: list[Chunk]) -> list[Item]:
    items: list[Item] = []
    for s in sentences(chunks):
        cue = commitment_cue(s.text) if s.chunk.kind != "table" else None
        if cue is None or ASKED.match(s.text) or RESOLVED.search(s.text):
            continue  # not a commitment, or a recommendation or decision listed as such
        owner = _owner(s.text, meta)
        due = DUE.search(s.text, cue.start())
        due_text = due.group(0) if due else None
        details: dict[str, object] = {"owner": owner, "due": due_text,
                                      "due_date": _due_date(due_text, meta.date)}
        items.append(Item("commitment", s.text, due_text or "", _source(meta, s.chunk, s.text),
                          details=details))
    return items


def commitment_cue(text: str) -> re.Match[str] | None:
    """Where a sentence states a future action; None for forecasts, conditions, questions."""
    if len(text.split()) < 5 or NEXT_INSPECTION.match(text):
        return None
    cues = sorted([*FUTURE.finditer(text), *ACTOR_WILL.finditer(text)], key=lambda m: m.start())
    for cue in cues:
        clause = CLAUSE.split(text[:cue.end()])[-1]
        if HEDGE.search(clause):
            return None  # a condition or a forecast governs what follows
        if not PRONOUN_SUBJECT.search(text[max(0, cue.start() - 40):cue.end()]):
            return cue
    return None


def _due_date(due: str | None, doc_date: str | None) -> str | None:
    """The last day a due phrase allows: 'by March 2025' -> 2025-03-31."""
    if not due:
        return None
    if due.lower().startswith("end of the financial year") and doc_date:
        fy_end = int(doc_date[:4]) + (1 if int(doc_date[5:7]) > 3 else 0)
        return f"{fy_end}-03-31"
    found = read_date(due, end_of_period=True)
    if found:
        return found
    year = re.search(r"\b(20\d\d)$", due)
    return f"{year.group(1)}-12-31" if year else None


def _owner(text: str, meta: DocumentMeta) -> str | None:
    m = OWNER.match(text.strip())
    if not m:
        return None
    owner = " ".join(m.group("owner").split())
    return meta.council or owner if owner.lower() == "we" else owner
