"""Extractive, grounded answers: every sentence of an answer is a verified quote.

fact/number/who/when: the best sentence first, then a quote from another document (or
from each document a two-source question names), then up to four supporting quotes.
list: the items of the list that answers, with its lead-in, from its own section.
change: one passage per document of different dates, ordered by date.
When nothing answers, say so and show the closest passages as related.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from assistant.abstention import (
    CALIBRATION,
    COUNT_ASKED,
    DATE_LIKE,
    DURATION,
    GENERIC,
    MONEY_ASKED,
    NOT_A_FIGURE,
    NUMBER,
    PERCENT_ASKED,
    PERCENTAGE,
    PERSON,
    blank_cell,
    confidence,
    evidence,
    fills_column_asked,
    leading,
    names_role,
    rating_key,
    role_pattern,
    sentence_answers_type,
)
from assistant.acronyms import Glossary, expanded
from assistant.authorities import places_named
from assistant.citations import CitationBuilder, quotable
from assistant.conversation import retrieval_query
from assistant.embedding import Embedder
from assistant.grades import (
    GRADE_ROW,
    grade_rows,
    headline,
    named_row,
    one_spelling,
    row_for,
    row_grade,
)
from assistant.index import Index, Snapshot
from assistant.keyword import KeywordIndex, tokenize
from assistant.question import (
    DATE_MENTION,
    DAY_MATCH,
    MONTH_NAME,
    NUMBER_CUES,
    Question,
    analyse,
    council_key,
    council_place,
    date_match,
    description,
    document_affinity,
    document_years,
    names_by_initials,
    naming_score,
    said_plainly,
    section_tags,
    selection_asked,
    spelled_out,
)
from assistant.retrieval import Weights, retrieve
from assistant.types import Answer, Chunk, DocumentMeta, Filters, Hit
from ingest.chunking import split_sentences
from ingest.structure import FIGURES_LINE

ABSTAIN = "The indexed reports do not appear to answer this."
# Where a question says its answer is to be found ("according to Ofsted's 2016 report"),
# up to the next clause; a sentence that answers it will not say so.
SOURCING = re.compile(r",? (?:as (?:given|set out|stated|reported) in|according to)"
                      r" (?=[^,?;]*?\b(?:report|inspection|minutes|paper|letter|update|statement"
                      r"|register|plan|ofsted|council|committee|cabinet|panel|meeting|director"
                      r"|officer|review|decision|record)s?\b)[^,?;]*?(?=,|\?|;| and | or |$)", re.I)
PERCENT_OR_MONEY = re.compile(r"%|£|\bper ?cent\b|\bm\b")


@dataclass(frozen=True)
class Scored:
    hit: Hit
    sentence: str
    score: float
    coverage: float
    similarity: float = 0.0  # cosine of the sentence's own embedding with the question


def answer(question: str, index: Index, embedder: Embedder, filters: Filters | None = None,
           history: Sequence[str] = (), threshold: float | None = None,
           weights: Weights | None = None) -> Answer:
    started = time.perf_counter()
    filters = filters or Filters()
    snap = index.snapshot()
    q, vector, hits = gather(question, index, embedder, filters, history, weights, snap)
    scope = describe_scope(snap.metas, filters)
    if not hits:
        return Answer(question, ABSTAIN, True, scope=scope, kind=q.kind)
    asked = SOURCING.sub("", question)  # "..., according to the Q3 report": where, not what
    sentence_vector = vector if asked == question else embedder.embed([asked])[0]
    beside = neighbours(hits, snap) if q.kind != "list" else []  # a list keeps to its section
    ranked = rerank_semantic(rank_sentences(q, hits + beside, snap.keyword,
                                            glossaries=snap.glossaries),
                             sentence_vector, embedder)
    near = {h.chunk.id for h in beside}  # read for the answer, not as evidence there is one
    ranked = _found_first(ranked, near)
    rows = evidence(q, [s for s in ranked if s.hit.chunk.id not in near], snap.keyword,
                    snap.alternatives)
    sure = confidence(rows)
    builder = CitationBuilder()
    timings = {"seconds": time.perf_counter() - started, "confidence": sure,
               **{f"{key}_{i}": value for i, row in enumerate(rows) for key, value in row.items()}}
    absent = absent_councils(q, hits)
    uninspected = uninspected_places(q, snap.metas)
    found = next((s for s in ranked if s.hit.chunk.id not in near), None)
    blank = blank_cell(q, found, ranked) if found else None
    if absent or uninspected or blank or sure < (CALIBRATION.threshold if threshold is None
                                                 else threshold):
        related = [builder.cite(s.hit, s.sentence) for s in leading(ranked, 3)]
        text = ABSTAIN + declined_because(absent, uninspected, blank)
        return Answer(question, text, True, related=tuple(c for c in related if c),
                      scope=scope, kind=q.kind, timings=timings)
    if q.kind == "list":
        text = compose_list(q, hits, ranked, builder, index, snap.keyword)
    elif q.kind == "change":
        text = compose_change(q, ranked, builder, snap.keyword, index)
    else:
        text = compose_fact(q, ranked, builder, snap.keyword, index)
    related = [builder.related(s.hit, s.sentence) for s in leading(ranked, 6)]
    return Answer(question, text, False, citations=builder.citations(),
                  related=tuple(c for c in related if c)[:3], scope=scope, kind=q.kind,
                  timings=timings)


def declined_because(absent: list[str], uninspected: list[str],
                     blank: tuple[str, str] | None) -> str:
    """What the reports lack, when a rule rather than low confidence declines: a council
    no document is from, a place no area SEND report is of, a table's blank cell."""
    if absent:
        return (f" No indexed document is from {' or '.join(absent)}, and none of the "
                f"passages found mentions {'it' if len(absent) == 1 else 'them'}.")
    if uninspected:
        return f" No indexed area SEND inspection report is of {' or '.join(uninspected)}."
    if blank:
        return f" The table found leaves “{blank[0]}” blank for “{blank[1]}”."
    return ""


def gather(question: str, index: Index, embedder: Embedder, filters: Filters,
           history: Sequence[str] = (), weights: Weights | None = None,
           snap: Snapshot | None = None) -> tuple[Question, np.ndarray, list[Hit]]:
    """The question as analysed (with the earlier turns it follows up), its vector, and the
    passages an answer is chosen from (in `snap`, the index as the caller sees it)."""
    snap = snap or index.snapshot()
    query = retrieval_query(question, history)
    q = analyse(query, snap.metas)
    q = replace(q, kind=analyse(question, snap.metas).kind)
    vector = embedder.embed([query])[0]
    hits = retrieve(query, index, embedder, filters, k=16 if q.kind == "change" else 10,
                    question=q, vector=vector, weights=weights)
    hits += named_source_hits(q, hits, snap.metas, filters,
                              lambda f: retrieve(query, index, embedder, f, k=2, question=q,
                                                 vector=vector, weights=weights))
    hits += minutes_of_the_day(q, hits, snap, filters)
    return q, vector, hits


NEIGHBOUR_SOURCES = 3  # the leading passages whose neighbours are read too
NEIGHBOUR_SHARE = 0.9  # a neighbour's score, as a share of the passage beside it


def _found_first(ranked: list[Scored], near: set[str]) -> list[Scored]:
    """A sentence of a passage beside the found ones leads only when it holds more of the
    question than the best sentence of a found passage ("5.2 ... preference for option B"
    beside 5.3), not merely by standing near the best passage."""
    found = next((s for s in ranked if s.hit.chunk.id not in near), None)
    if not ranked or found is None or found is ranked[0] or \
            (ranked[0].coverage, ranked[0].similarity) > (found.coverage, found.similarity):
        return ranked  # on equal coverage, the sentence nearer the question in meaning leads
    return [found] + [s for s in ranked if s is not found]


def neighbours(hits: list[Hit], snap: Snapshot) -> list[Hit]:
    """The passages either side of the leading ones, in the same document: the answer is
    often the paragraph next to the one that matched ("5.3 ... again each Committee
    preferred option B" found, "5.2 ... all three Committees agreed their preference for
    option B" beside it), which the cap of passages a document may have left out."""
    taken = {h.chunk.id for h in hits}
    out: list[Hit] = []
    for hit in hits[:NEIGHBOUR_SOURCES]:
        at = snap.position.get(hit.chunk.id)
        if at is None:
            continue
        for beside in (at - 1, at + 1):
            if 0 <= beside < len(snap.chunks):
                chunk = snap.chunks[beside]
                if chunk.document == hit.chunk.document and chunk.id not in taken:
                    taken.add(chunk.id)
                    out.append(Hit(chunk, hit.meta, hit.score * NEIGHBOUR_SHARE))
    return out


def absent_councils(q: Question, hits: list[Hit]) -> list[str]:
    """The councils no document is from that a question asks about by name ("Surrey County
    Council"), when none of the passages found so much as mentions them. A question naming an
    indexed council too is kept when it compares the two ("KCC, compared with Hampshire" is
    half answered), not when it asks what was said of the other ("what increase was Surrey
    said to be requesting at Kent's Cabinet")."""
    if (q.councils or names_by_initials(q.text, {h.meta.council for h in hits
                                                 if h.meta.council})) and _compares(q):
        return []
    found = " ".join(h.chunk.text for h in hits).lower()
    return [name for name in q.elsewhere
            if not any(re.search(rf"\b{re.escape(word)}\b", found)
                       for word in council_place(name))]


COMPARING = re.compile(r"\bcompar|\bthan\b|\bversus\b|\bvs\.?\b|\bagainst\b|\brelative to\b"
                       r"|\bbenchmark|\bsimilar to\b|\bbetween\b|\bdiffer(?:s|ed|ence|ences)?\b"
                       r"|\bsame as\b|\balongside\b|\bmeasure up\b", re.I)


def _compares(q: Question) -> bool:
    """The question sets the councils it names side by side: a word of comparison, or two
    of them named together ("Kent and Hampshire", "Kent or Surrey")."""
    if COMPARING.search(q.text):
        return True
    text = q.text.lower()
    places = set()
    for number, name in enumerate((*q.councils, *q.elsewhere)):
        # each council as one word, so that "Brighton and Hove" is not two set side by side
        place = re.sub(r"\b(?:(?:county|city|borough|district|metropolitan) )?council\b|['’]s\b",
                       "", name.lower()).strip()
        if place:
            text = re.sub(rf"\b{re.escape(place)}\b", f"council{number}", text)
            places.add(f"council{number}")
    places |= {w.lower() for w in re.findall(r"\b[A-Z]{2,4}C\b", q.text)}  # "KCC"
    return any(re.search(rf"\b{a}(?:['’]s)?\s+(?:and|or|&)\s+(?:the\s+)?{b}\b", text)
               for a in places for b in places if a != b)


AREA_SEND_ASKED = re.compile(r"\barea SEND\b|\bSEND (?:inspection|revisit)|(?i:\blocal area "
                             r"partnership\b)")


def uninspected_places(q: Question, metas: Mapping[str, DocumentMeta]) -> list[str]:
    """The places a question asks an area SEND inspection of ("Kent's most recent area SEND
    inspection") when no indexed area SEND report is of any of them: another partnership's
    report, or a committee paper's passing mention, does not say what that inspection found."""
    places = places_named(q.text)
    if not places or not AREA_SEND_ASKED.search(q.text):
        return []
    inspected = " ".join(meta.council or "" for meta in metas.values()
                         if "send" in (meta.document_type or "").lower().split())
    return [] if any(re.search(rf"\b{re.escape(place)}\b", inspected) for place in places) \
        else places


FILLED_CELL = 0.3  # a table row that fills the column the question names ("risk rating")


@dataclass(frozen=True)
class SentenceWeights:
    """How a sentence's features add up to its score (see sentence_features)."""

    coverage: float = 0.5
    passage: float = 0.35
    answer_type: float = 1.0
    affinity: float = 0.3
    not_a_sentence: float = -0.12
    a_title: float = -0.1
    names_only: float = -0.15
    similarity: float = 0.5

    def score(self, features: dict[str, float]) -> float:
        return sum(getattr(self, name) * value for name, value in features.items())


SENTENCE_WEIGHTS = SentenceWeights()


def rank_sentences(q: Question, hits: list[Hit], keyword: KeywordIndex,
                   weights: SentenceWeights = SENTENCE_WEIGHTS,
                   glossaries: Mapping[str, Glossary] | None = None) -> list[Scored]:
    """Every sentence of the retrieved passages, scored against the question."""
    return sorted((Scored(hit, sentence, weights.score(features), features["coverage"])
                   for hit, sentence, features in sentence_features(q, hits, keyword,
                                                                    glossaries)),
                  key=lambda s: -s.score)


def sentence_features(q: Question, hits: list[Hit], keyword: KeywordIndex,
                      glossaries: Mapping[str, Glossary] | None = None
                      ) -> list[tuple[Hit, str, dict[str, float]]]:
    """Each quotable sentence of the passages, with what speaks for it as an answer: the
    share of the question's rare terms it holds (coverage), its passage's retrieval score
    against the best (passage), the kind of fact the question asks for (answer_type), its
    document's fit to the question against the best fitting (affinity), and what speaks
    against it (a table run or cover sheet, a title, a line of names only). A sentence
    holds the words its report's abbreviations stand for (`glossaries`, per document)."""
    content = [t for t in dict.fromkeys(q.terms) if t not in GENERIC and not _names_place(t, q)]
    scene = scene_terms(q.text)
    idf = {t: keyword.term_idf(t) * (SCENE_SHARE if t in scene else 1.0) for t in content}
    top = (hits[0].score or 1.0) if hits else 1.0
    affinity = {h.chunk.document: document_affinity(q, h.meta) for h in hits}
    strongest = max(affinity.values(), default=0.0)
    out = []
    for hit in hits:
        # Terms that name the document (its council, committee, title, date) are answered
        # by the citation itself: a sentence is judged on the rest of the question.
        described = naming_terms(hit.meta)
        weights = {t: w for t, w in idf.items() if t not in described} or idf
        total = sum(weights.values()) or 1.0
        context = set(tokenize(hit.chunk.heading))
        glossary = (glossaries or {}).get(hit.chunk.document, {})
        own_heading = hit.chunk.heading.rsplit(" > ", 1)[-1].strip()
        for sentence in split_sentences(hit.chunk.text):
            if len(sentence) < 12 or not quotable(sentence) or (
                    sentence == own_heading and not _heading_answers(q, sentence)):
                continue
            tokens = set(tokenize(sentence)) | spelled_out(sentence, q.text)
            tokens |= expanded(sentence, glossary)
            tokens |= said_plainly(tokens)
            got = sum(w if t in tokens else 0.5 * w if t in context else 0.0
                      for t, w in weights.items())
            out.append((hit, sentence, {
                "coverage": got / total,
                "passage": hit.score / top,
                "answer_type": _type_bonus(q, sentence) + (
                    FILLED_CELL if fills_column_asked(q, hit.chunk.text, sentence) else 0.0),
                "affinity": affinity[hit.chunk.document] - strongest,
                "not_a_sentence": float(_not_a_sentence(sentence) and not (
                    q.kind == "who" and COVER_SHEET.search(sentence))
                    or _contact_details(sentence) and not CONTACT_ASKED.search(q.text)),
                "a_title": float(q.kind != "number" and _a_title(sentence)),
                "names_only": float(bool(tokens) and tokens <= described | GENERIC),
            }))
    return out


SCENE_SHARE = 0.5  # what a word only of the scene a question sets counts for
STATEMENT = re.compile(r"[^?]*?[.!](?=\s+[A-Z])")


def scene_terms(text: str) -> set[str]:
    """The words of the statements a question opens with before it asks ("The disposable
    vapes motion ... was changed by an amendment before the vote. Which member put the
    amendment forward?"): they find the passage, but the answer is to what is asked."""
    scene = ""
    while (statement := STATEMENT.match(text, len(scene))) and "?" in text[statement.end():]:
        scene = text[:statement.end()]
    return set(tokenize(scene)) - set(tokenize(text[len(scene):])) if scene else set()


def rerank_semantic(ranked: list[Scored], vector: np.ndarray, embedder: Embedder,
                    pool: int = 16, weights: SentenceWeights = SENTENCE_WEIGHTS
                    ) -> list[Scored]:
    """Re-score the leading sentences by their own embedding's similarity to the question.

    Sentences are embedded by their first 40 words (a long table row is mostly cells)
    and remembered, so related questions reuse them."""
    head, tail = ranked[:pool], ranked[pool:]
    if not head:
        return ranked
    sims = _sentence_vectors(embedder, [s.sentence for s in head]) @ vector
    rescored = [Scored(s.hit, s.sentence, s.score + weights.similarity * float(sim), s.coverage,
                       float(sim)) for s, sim in zip(head, sims, strict=True)]
    rescored.sort(key=lambda s: -s.score)
    return rescored + tail


_SENTENCE_CACHE: dict[tuple[str, str], np.ndarray] = {}


def _sentence_vectors(embedder: Embedder, sentences: list[str]) -> np.ndarray:
    keys = [(embedder.name, " ".join(s.split()[:40])) for s in sentences]
    missing = list(dict.fromkeys(k for k in keys if k not in _SENTENCE_CACHE))
    if missing:
        if len(_SENTENCE_CACHE) > 50_000:
            _SENTENCE_CACHE.clear()
        # One at a time: the int8 model scales its activations per call, so a sentence
        # embedded beside others comes out a little different, and an answer would then
        # depend on the questions asked before it. Alone is also quicker (no padding).
        for key in missing:
            _SENTENCE_CACHE[key] = embedder.embed([key[1]])[0]
    return np.stack([_SENTENCE_CACHE[k] for k in keys])


def _not_a_sentence(text: str) -> bool:
    """Title-page runs and flattened table cells: long, with no sentence ending; or a
    cover sheet's fields run together ("Classification: Unrestricted Past Pathway of
    report: N/A Future Pathway of report: ...")."""
    return (len(text.split()) > 25 and not text.rstrip("\"”’') ").endswith((".", "?", "!", ":"))
            or text.count(": ") >= 3 or COVER_FIELD.match(text) is not None)


# A committee paper's cover-sheet field, split off from the others ("Past Pathway of report:
# Adult Social Care Cabinet Committee – 15 January 2025 ...")
COVER_FIELD = re.compile(r"(?:Past|Future) Pathway of (?:report|paper)\s*:|Electoral Divisions?\s*:"
                         r"|Classification\s*:", re.I)


# Licence notices and "find out more at" lines: they answer only a question about where
# to find or contact something. A figure given beside a web address is no such line.
WEB_OR_MAIL = re.compile(r"\bwww\.|https?://|\S@\w+\.\w", re.I)
POINTER = re.compile(r"\b(?:licen[cs]e|visit|see|e-?mail|write to|contact|available (?:at|from)"
                     r"|find out|more information)\b", re.I)
CONTACT_ASKED = re.compile(r"\b(?:websites?|web ?site|web page|e-?mail|contact|links?|url"
                           r"|(?:web|postal|e-?mail) address)\b", re.I)


def _contact_details(sentence: str) -> bool:
    return bool(WEB_OR_MAIL.search(sentence) and POINTER.search(sentence))


def has_quantity(sentence: str) -> bool:
    """A figure other than a date or a reference number ("decision 24/00093")."""
    return bool(NUMBER.search(NOT_A_FIGURE.sub(" ", sentence)))


COVER_SHEET = re.compile(r"\b(?:From|By|Author): ")  # a report's sheet names who wrote it


def _heading_answers(q: Question, heading: str) -> bool:
    """A heading names the answer's section and is not the answer, unless it states a grade
    ("Children's services in Kent are good") or, in minutes, who moved the motion under it
    ("2) Mr Booth proposed and Mrs Binks seconded the following motion:")."""
    return bool("judgement" in q.sections and JUDGEMENT_SAID.search(heading)
                and GRADE_NAMED.search(heading)
                or q.kind == "who" and PERSON.search(heading))


GRADE_NAMED = re.compile(r"\b(?:good|outstanding|inadequate|requires? improvement)\b", re.I)


def _a_title(text: str) -> bool:
    """A short line with no sentence ending: an item's or a report's title, not an answer."""
    return len(text.split()) <= 12 and not text.rstrip("\"”’') ").endswith((".", "?", "!", ":"))


def _names_place(token: str, q: Question) -> bool:
    return any(token in council_key(c).split() for c in q.councils) or token in q.years


def _type_bonus(q: Question, sentence: str) -> float:
    if "judgement" in q.sections and JUDGEMENT.search(sentence):
        return 0.3 if JUDGEMENT_SAID.search(sentence) else 0.15
    if OUTCOME_ASKED.search(q.text) and OUTCOME_SAID.search(sentence):
        return 0.15
    if REFERENCE_ASKED.search(q.text) and REFERENCE.search(sentence):
        return 0.2
    if _names_the_ones_asked(q, sentence):
        return 0.2
    if TERM_ASKED.search(q.text) and QUOTED_TERM.search(sentence):
        return 0.15  # "what new term did they choose": "... to ‘co-parenting’"
    return _kind_bonus(q, sentence)


# A name or term asked for, and a sentence that gives one in quotation marks.
TERM_ASKED = re.compile(r"\bwhat (?:new |other )?(?:term|name|title|word|phrase|label)s?\b"
                        r"(?! of\b| and\b)|\b(?:renamed?|re-?branded?)\b", re.I)  # not "terms of reference"
QUOTED_TERM = re.compile(r"(?<!\w)[‘“\"'][^‘’“”\"']{2,60}[’”\"'](?!\w)")  # not "Brady's ... Council's"


# A member of a list named by its label: "Reasons 1 and 5", "option B", "reason five" (not
# the "24" of "24/00093").
LABEL = r"(?:\d{1,2}[a-z]?(?![/\d.,])|[A-H]|one|two|three|four|five|six|seven|eight|nine|ten)\b"


def _answers_what_is_asked(q: Question, sentence: str) -> bool:
    """The sentence holds the kind of thing asked: a figure, a date, a name, or the labels of
    the ones a "which of the ..." question picks out."""
    if selection_asked(q.text) and not _names_the_ones_asked(q, sentence):
        return False
    role = role_pattern(q)
    if role and not names_role(role, sentence):
        return False  # "who proposed the call-in": not the name of the report's author
    return sentence_answers_type(q, sentence)


ROLE_REACH = 24  # sentences searched for the person in the part a who-question asks about
ROLE_SHARE = 0.6  # of the best sentence's score, that such a sentence must reach
# The person named as the one who did it: "taken by", "the decision maker was", "Proposer:".
AGENT = re.compile(r"\b(?:taken|made|proposed|seconded|moved|signed|chaired|led|written) by\b"
                   r"|\bdecision[- ]maker\b|\b(?:proposer|seconder)\b", re.I)


def _person_in_the_role(q: Question, ranked: list[Scored]) -> Scored | None:
    """For "who took decision 24/00093", when no close sentence names anyone: a sentence
    about that decision (by its reference) naming a person as the one who did it
    ("DECISION TO BE TAKEN BY: Mrs Sue Chandler"), though the question's other words are
    in the sentences about the decision, not in its header."""
    role = role_pattern(q)
    references = REFERENCE.findall(q.text)  # "24/00093": the decision it asks about
    if not role or not references or not ranked:
        return None

    def about_it(s: Scored) -> bool:
        named = f"{s.sentence} {s.hit.meta.title} {s.hit.chunk.document}".replace("-", "/")
        return any(ref in named for ref in references)

    return next((s for s in ranked[:ROLE_REACH] if s.score >= ROLE_SHARE * ranked[0].score
                 and AGENT.search(s.sentence) and PERSON.search(s.sentence)
                 and names_role(role, s.sentence) and about_it(s)), None)


def _names_the_ones_asked(q: Question, sentence: str) -> bool:
    """"Which of the call-in reasons ... were valid" is answered by a sentence naming
    members of that list by their labels: "Reasons 1 and 5 ... were assessed as valid"."""
    return any(re.search(rf"\b(?i:{re.escape(noun)})s? {LABEL}", sentence)
               for noun in selection_asked(q.text))


FULL_DATE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)? (?:january|february|march|april|may|june|july"
                       r"|august|september|october|november|december)\b", re.I)
REFERENCE_ASKED = re.compile(r"\b(?:decision|reference|item|minute) (?:number|no\b|ref)", re.I)
REFERENCE = re.compile(r"\b\d{2}/\d{3,}\b")  # a decision or report reference, "24/00109"
JUDGEMENT = re.compile(r"\b(inadequate|requires? improvement|good|outstanding)\b"
                       r"|arrangements (?:typically )?lead to|widespread and/or systemic", re.I)
# A judgement stated as one: an overall grade, or an area SEND inspection's outcome.
JUDGEMENT_SAID = re.compile(
    r"overall effectiveness|judged (?:to be )?(?:inadequate|good|outstanding)"
    r"|requires? improvement to be good|arrangements (?:typically )?lead to"
    r"|widespread and/or systemic|(?:services|practice)\b(?: [\w’']+){0,7} (?:is|are|remains?"
    r"|were|was) (?:now )?(?:inadequate|good|outstanding)", re.I)


def asks_figures(q: Question) -> bool:
    """A number question, or a change asked in figures ("how many ... in 2015, compared
    with 2016"): sentences with a figure answer it."""
    return q.kind == "number" or (q.kind == "change" and bool(FIGURES_ASKED.search(q.text)))


FIGURES_ASKED = re.compile(r"\bhow (?:many|much)\b|\bnumber of\b|\bpercentage\b|\bproportion\b",
                           re.I)


def _kind_bonus(q: Question, sentence: str) -> float:
    if asks_figures(q):
        if q.kind == "change" and COUNT_ASKED.search(q.text) \
                and not PERCENT_ASKED.search(q.text) and not MONEY_ASKED.search(q.text):
            # "how did the number of children on plans change": a count, not "from 24% to 31%"
            # (nor "over 3 years")
            counted = has_quantity(DURATION.sub(" ", PERCENTAGE.sub(" ", sentence)))
            return (0.12 if has_quantity(sentence) else 0.0) + (0.05 if counted else 0.0)
        return (0.12 if has_quantity(sentence) else 0.0) + \
            (0.05 if PERCENT_OR_MONEY.search(sentence) else 0.0)
    if q.kind == "when":
        if FULL_DATE.search(sentence):
            return 0.2
        return 0.08 if DATE_LIKE.search(sentence) else 0.0
    if q.kind == "who":
        role = role_pattern(q)
        return ((0.15 if PERSON.search(sentence) else 0.0)
                + (0.15 if role and names_role(role, sentence) else 0.0))
    return 0.0


def compose_fact(q: Question, ranked: list[Scored], builder: CitationBuilder,
                 keyword: KeywordIndex | None = None, index: Index | None = None) -> str:
    """The best sentence (with its next one when that completes it), a quote from another
    document (or from each document a two-source question names), then up to four
    supporting quotes that add what the lead leaves out of the question."""
    best = ranked[0]
    row = None
    if asks_figures(q) and index is not None:  # a table row's label, its figures after it
        row = next(((s, found) for s in ranked[:5] if s.score >= 0.9 * ranked[0].score
                    and not has_quantity(s.sentence)
                    and (found := following_figures(s.hit, s.sentence, index))), None)
    record = None if row else meeting_record(q, ranked)
    if row:
        best = row[0]
    elif record is not None:
        best = record
    elif not _answers_what_is_asked(q, best.sentence):  # a close sentence that holds the
        typed = [s for s in ranked[:12] if _answers_what_is_asked(q, s.sentence)]  # figure, date
        if typed and typed[0].score >= 0.8 * best.score:
            best = typed[0]
    elif not PERSON.search(best.sentence):
        best = _person_in_the_role(q, ranked) or best
    weights = question_weights(q, keyword, best.hit.meta) if keyword is not None else {}
    lead = lead_sentences(q, best, weights)
    span = verbatim_span(best.hit.chunk.text, lead)
    # a lead-in and its items ("... the following data:" / "- Deprivation") keep their lines
    shown = ("\n" if any(s.startswith("- ") for s in lead[1:]) else " ").join(lead)
    if GRADE_WORDS.search(q.text) and q.kind == "fact" and index is not None:
        graded = _grade_lead(q, best, ranked, lead, span, builder, index)
        if isinstance(graded, str):
            return graded  # the grades of another inspection than the best sentence's
        if graded is not None:
            best, lead, shown, span = graded
    key = rating_key(q, best.hit.chunk.text, lead[-1]) if len(lead) == 1 else None
    if key:  # a rating code and what the table's key says its letters mean
        table = best.hit.chunk.text
        start = table.find(lead[-1])
        end = max(table.find(cell, start) + len(cell) for cell in key)
        shown, span = f"{shown} Key: {'; '.join(key)}", table[start:end]
    lines = [f"{shown} {builder.marker(best.hit, span)}"]
    rest = continuation(best.hit, lead[-1], index) if index is not None else None
    then = None  # for a second ask, the sentence after the page-cut one's end
    if row:
        lines[0] += f" Row figures: {row[1][1]} {builder.marker(*row[1])}"
    elif rest:  # the sentence a page break cut, and for a second ask the one after it
        then = _second_part_after(q, rest, f"{shown} {rest[1]}", weights)
        ended = [rest[1], then] if then else [rest[1]]
        lines[0] += f" {' '.join(ended)} " + builder.marker(
            rest[0], verbatim_span(rest[0].chunk.text, ended))
    elif index is not None and OUTCOME_ASKED.search(q.text) and not OUTCOME_SAID.search(shown):
        for resolved in outcome_after(best.hit, shown, index):
            lines[0] += f" {resolved[1]} {builder.marker(*resolved)}"
    named_row = (table_row_named(q, best.hit, lead[-1], {
        t: keyword.term_idf(t) for t in q.terms if t not in GENERIC}, index)
        if asks_figures(q) and index is not None and keyword is not None and not row else None)
    if named_row:
        lines[0] += f" In the table: {named_row[1]} {builder.marker(*named_row)}"
    elif not row and q.kind == "number" and index is not None and (
            not has_quantity(" ".join(lead)) or best.hit.chunk.paragraph is None):
        figures = row_figures(best.hit, lead[-1], index)
        if figures and figures[1] not in " ".join(lead):
            # a register row opened by its title: its figures close it
            lines[0] += f" Row figures: {figures[1]} {builder.marker(*figures)}"
    if index is not None and OUTCOME_ASKED.search(q.text):
        outcome = [f"{quote} {builder.marker(hit, quote)}"
                   for hit, quote in item_outcome(best.hit, index)
                   if quote not in lines[0]]  # the lead may hold the resolution already
        if outcome:
            lines.append("Outcome: " + " ".join(outcome))
    covered = set(tokenize(" ".join(lines)))
    quoted = set(lead) | ({rest[1]} if rest else set()) | ({then} if then else set())
    close = [s for s in ranked[:40] if s.sentence not in quoted]
    # A second document's view first (an inspection and the report that cites it),
    # then the sentences that add most of what the question asks and the lead lacks.
    elsewhere = [s for s in close if s.hit.chunk.document != best.hit.chunk.document
                 and s.score >= 0.7 * best.score][:1]
    named = named_documents(q, ranked) if TWO_SOURCES.search(q.text) else []
    if named:  # "compare the record of decision with the executive response"
        elsewhere = [next(s for s in close if s.hit.chunk.document == doc)
                     for doc in named if doc != best.hit.chunk.document
                     and any(s.hit.chunk.document == doc and s.score >= 0.5 * best.score
                             for s in close)]
    support = list(elsewhere)
    for s in elsewhere:
        covered |= set(tokenize(s.sentence))
    candidates = [s for s in close[:20] if s.score >= 0.6 * best.score and s not in elsewhere
                  and not s.sentence.rstrip().endswith(":")]  # a lead-in without its items
    figure_asked = asks_figures(q)

    def worth(s: Scored) -> float:  # what a quote adds, how well it scored, a figure asked
        return (_adds(s.sentence, covered, weights) + s.score / (best.score or 1.0)
                + (FIGURE_SUPPORT if figure_asked and has_quantity(s.sentence) else 0.0))

    while len(support) < len(elsewhere) + 4 and candidates:
        eligible = [s for s in candidates if _adds(s.sentence, covered, weights) > 0
                    or s.score >= 0.8 * best.score]
        if not eligible:
            break
        pick = max(eligible, key=worth)
        support.append(pick)
        covered |= set(tokenize(pick.sentence))
        candidates.remove(pick)
    if support:
        lines.append("")
        lines.append("Also in the reports:")
        quoted |= {s.sentence for s in support}
        for s in support:
            shown_quote, span = _finished(s, quoted)
            bullet = shown_quote[2:] if shown_quote.startswith("- ") else shown_quote  # one dash
            lines.append(f"- {bullet} {builder.marker(s.hit, span)}")
    return "\n".join(lines)


FIGURE_SUPPORT = 0.3  # a supporting quote's bonus for holding a figure that is asked for

TWO_SOURCES = re.compile(r"\b(?:compar\w*|differ\w*|versus|vs|both|and (?:in|what|how|which|who)"
                         r")\b", re.I)
NAMED = 0.2  # naming score of a document a question names (a date, or two title words)


def named_source_hits(q: Question, hits: list[Hit], metas: dict[str, DocumentMeta],
                      filters: Filters, search: Callable[[Filters], list[Hit]]) -> list[Hit]:
    """A question that compares two documents it names ("what does the call-in request
    say, and what does the executive response give?") needs both: the best passages of a
    named document the search left out."""
    if not (TWO_SOURCES.search(q.text) or len(q.dates) > 1) or q.kind == "list":
        return []
    scores = {name: naming_score(q, meta) for name, meta in metas.items()
              if filters.admits(meta)}
    named = [name for name, score in scores.items() if score >= NAMED]
    if not 2 <= len(named) <= 3:
        return []
    found = {h.chunk.document for h in hits}
    floor = min((h.score for h in hits), default=0.0)
    # Within one document its best passage scores as if it were the best of all: it
    # joins the others at the bottom, so that it cannot displace what the search found.
    return [replace(h, score=min(h.score, floor)) for name in named if name not in found
            for h in search(replace(filters, documents=(name,)))]


def named_documents(q: Question, ranked: list[Scored]) -> list[str]:
    """The two or three documents a question names by date or title, in ranked order
    ("the call-in request ... and the executive response"); none if it names fewer or more."""
    named = list(dict.fromkeys(s.hit.chunk.document for s in ranked[:40]
                               if naming_score(q, s.hit.meta) >= NAMED))
    return named if 2 <= len(named) <= 3 else []


MEETING_ASKED = re.compile(r"\b(?:meeting|moved|proposed|seconded|resolv\w*|vot(?:e|ed|ing)|agreed?"
                           r"|decided?|motion)\b", re.I)


def asks_what_a_meeting_did(q: Question) -> bool:
    """A question about a meeting on a named day: what it resolved, who moved what."""
    return bool(q.dates) and bool(MEETING_ASKED.search(q.text) or "minutes" in q.type_hints)


def minutes_of_the_day(q: Question, hits: list[Hit], snap: Snapshot, filters: Filters,
                       k: int = 1) -> list[Hit]:
    """For what a meeting did, the passages of that day's minutes that match the whole
    question, item title included. The search sets aside words that name the paper the
    question points at ("the review of decision 24/00093" names the scrutiny report of
    the same day), and a minute's item is titled with just those words."""
    if not hits or not asks_what_a_meeting_did(q):
        return []
    named_days = {f"{y:04d}-{m:02d}-{d:02d}" for d, m, y in q.dates if d is not None}
    days = [name for name, meta in snap.metas.items() if filters.admits(meta)
            and "minutes" in description(meta) and meta.date in named_days]
    if len(days) != 1:
        return []
    minutes = snap.metas[days[0]]
    # the item is found by what it is about, not by the words that name the meeting
    said_dates = " ".join(m.group(0) for m in DATE_MENTION.finditer(q.text))
    meeting = naming_terms(minutes) | set(tokenize(said_dates)) | {"meet", "minut"}
    about = [t for t in q.terms if t not in GENERIC and t not in meeting]
    scores = snap.keyword.term_scores(about)
    scores = np.where(snap.doc_of == days[0], scores, 0.0)
    have = {h.chunk.id for h in hits}
    floor = min(h.score for h in hits)
    best = [int(p) for p in np.argsort(-scores)[:k] if scores[p] > 0]
    return [Hit(snap.chunks[p], minutes, floor) for p in best if snap.chunks[p].id not in have]


def meeting_record(q: Question, ranked: list[Scored]) -> Scored | None:
    """For what a meeting did ("who moved the motion at the 13 March 2025 Council?"), the
    best sentence of the minutes of a meeting held on the day the question names, when it
    is close to the best overall: the minutes record it; reports only discuss it."""
    if not asks_what_a_meeting_did(q):
        return None
    best = ranked[0].score
    return next((s for s in ranked[:12] if s.score >= MEETING_RECORD_SHARE * best
                 and "minutes" in description(s.hit.meta)
                 and date_match(q, s.hit.meta) >= DAY_MATCH), None)


MEETING_RECORD_SHARE = 0.6


OUTCOME_ASKED = re.compile(r"\b(resolv\w*|result|outcome|vote[ds]?|voting|agreed?|decided"
                           r"|carried|approved?)\b|\bdid\b[^?]*\bdecide\b", re.I)
# What a decision's outcome is said with: "the Committee resolved to refer the matter".
OUTCOME_SAID = re.compile(r"\b(?:resolved|agreed|decided|carried|upheld|rejected|approved"
                          r"|referred|refer the|endorsed|unanimous|lost|withdrawn)\b", re.I)
MINUTE_ITEM = re.compile(r"^\d+\.\s")
# What a minute records of a decision: the tally, whether the motion passed, the resolution.
OUTCOME = re.compile(r"(?:\b(?:For|Against|Abstain) \(\d+\)\s*)+|\bMotion (?:was )?(?:carried|lost|fell)\."
                     r"|^(?:\d+\) )?(?:RESOLVED|AGREED)\b.*")


def item_outcome(hit: Hit, index: Index, reach: int = 8) -> list[tuple[Hit, str]]:
    """The outcome recorded under the same minute item as the passage: the vote, whether
    the motion was carried, and what was resolved, each a verbatim piece of its passage."""
    item = hit.chunk.heading.split(" > ")[0]
    if not MINUTE_ITEM.match(item):
        return []
    found: list[tuple[Hit, str]] = []
    for chunk in index.catalog.chunks(hit.chunk.document):
        if not hit.chunk.ordinal <= chunk.ordinal <= hit.chunk.ordinal + reach:
            continue
        if chunk.heading.split(" > ")[0] != item:
            break
        sentences = split_sentences(chunk.text)
        for i, sentence in enumerate(sentences):
            for match in OUTCOME.finditer(sentence):
                quote = match.group(0).strip()
                if quote.endswith(":") and i + 1 < len(sentences):
                    quote = verbatim_span(chunk.text, [quote, sentences[i + 1]])
                elif RESOLUTION.match(quote):  # the whole resolution: "In particular, ..."
                    quote = _rest_of_line(chunk.text, quote)
                found.append((Hit(chunk, hit.meta, hit.score), quote))
        if any("RESOLVED" in q or "AGREED" in q for _, q in found):
            break
    return found


RESOLUTION = re.compile(r"^(?:\d+\) )?(?:RESOLVED|AGREED)\b")


def _rest_of_line(text: str, start: str) -> str:
    """`start` and the sentences of its line that go on with it ("In particular, the Council
    urges ..."), verbatim; `start` alone when none does."""
    line = next((ln.strip() for ln in text.split("\n") if ln.strip().startswith(start)), start)
    sentences = split_sentences(line)
    if not sentences or not start.startswith(sentences[0]):
        return start
    kept = list(itertools.takewhile(lambda s: bool(GOES_ON.match(s)), sentences[1:]))
    return verbatim_span(text, [sentences[0], *kept]) if kept else start


GOES_ON = re.compile(r"(?:In particular|In addition|Furthermore|Further|Also),? |\([a-z]\) ")


MEETING_TOLD = re.compile(r"\b(?:met|meeting|(?:re)?considered|debated|discussed)\b", re.I)


def outcome_after(hit: Hit, told: str, index: Index, reach: int = 2) -> list[tuple[Hit, str]]:
    """When a passage tells of a meeting ("Cabinet met on 4 March 2025 where the decision
    was formally reconsidered") and one of the next few of its section opens with what it
    resolved ("Cabinet resolved the following:"), that opening with the items it leads into,
    on the next page too when a page break cuts them off."""
    if not MEETING_TOLD.search(told):
        return []
    following = [c for c in index.catalog.chunks(hit.chunk.document)
                 if hit.chunk.ordinal < c.ordinal <= hit.chunk.ordinal + reach + 1]
    for at, after in enumerate(following[:reach]):
        if at > 0 and after.heading != hit.chunk.heading:
            return []  # past the next passage, only within the told passage's section
        sentences = split_sentences(after.text)
        if not sentences or not (AGREED_SAID if at else OUTCOME_SAID).search(sentences[0]):
            continue
        last = 0
        if sentences[0].rstrip().endswith(":"):  # "resolved the following:" and its items
            while last + 1 < min(len(sentences), MAX_ITEMS) and \
                    ITEM_OPENS.match(sentences[last + 1]):
                last += 1
        found = [(Hit(after, hit.meta, hit.score), verbatim_span(after.text, sentences[:last + 1]))]
        cut = following[at + 1] if at + 1 < len(following) else None
        if last == 0 and sentences[0].rstrip().endswith(":") and len(sentences) == 1 \
                and cut is not None and cut.page == after.page + 1:
            items = split_sentences(cut.text)
            opened = list(itertools.takewhile(lambda line: bool(ITEM_OPENS.match(line)),
                                              items[:MAX_ITEMS]))
            if opened:
                found.append((Hit(cut, hit.meta, hit.score), verbatim_span(cut.text, opened)))
        return found
    return []


# Further on, only what a body itself resolved: "the Committee unanimously agreed the following
# motion:" (not "carried out", "carried 18 million passengers").
AGREED_SAID = re.compile(r"\b(?:resolved|agreed|decided)\b(?: \w+){0,3}?[\s:–—-]+(?:the following"
                         r"|that|to)\b|" + RESOLUTION.pattern, re.I)  # "RESOLVED – to note"
ITEM_OPENS = re.compile(r"(?:- |\(?(?:[a-z]|[ivx]{1,4})[.)] )")  # lettered items, not paragraphs


def row_figures(hit: Hit, after: str, index: Index, reach: int = 3) -> tuple[Hit, str] | None:
    """The figures that end the register row this passage opens ("4 165.0": likelihood and
    exposure): the first line of figures after the sentence quoted, verbatim."""
    for chunk in index.catalog.chunks(hit.chunk.document):
        if not hit.chunk.ordinal <= chunk.ordinal <= hit.chunk.ordinal + reach:
            continue
        sentences = split_sentences(chunk.text)
        if chunk.id == hit.chunk.id and after in sentences:
            sentences = sentences[sentences.index(after) + 1:]
        for sentence in sentences:
            if FIGURES_LINE.fullmatch(sentence) and "." in sentence:
                return Hit(chunk, hit.meta, hit.score), sentence
    return None


def following_figures(hit: Hit, label: str, index: Index) -> tuple[Hit, str] | None:
    """A flattened table's row label that ends its passage, and the figures that open the
    next one ("Home to School & College Transport" / "87.7 -8.6 Lower cost of ..."): the
    figures, verbatim, with the passage that holds them."""
    if label.rstrip().endswith((".", "?", "!", ":")) or not hit.chunk.text.rstrip().endswith(
            label.strip()):
        return None  # a sentence, or not the passage's last words: no row label
    after = _next_passage(hit, index)
    figures = FIGURES_LINE.match(after.text) if after is not None else None
    return (Hit(after, hit.meta, hit.score), figures.group(0)) if after and figures else None


TABLE_BELOW = re.compile(r"\b(?:(?:the|a) (?:table|chart) (?:below|overleaf)|(?:the )?following "
                         r"table|(?:table|chart) \d+ below)\b", re.I)
FIGURE_AFTER = re.compile(r"[^.\d\n]{0,25}?\(?[-+£]?\d[\d,]*(?:\.\d+)?%?")


def table_row_named(q: Question, hit: Hit, sentence: str, idf: dict[str, float],
                    index: Index) -> tuple[Hit, str] | None:
    """The row of the table a sentence introduces ("The table below sets out the number of
    responses for each centre.") that the question names ("Seashells 672"): the rarest
    question word that a figure follows closely, quoted up to that figure. The table is
    looked for after the sentence on its page and the next (a PDF often sets tables
    apart from the text that introduces them)."""
    if not TABLE_BELOW.search(sentence):
        return None
    places = [(hit, hit.chunk.text[hit.chunk.text.find(sentence) + len(sentence):])]
    places += [(Hit(c, hit.meta, hit.score), c.text) for c in index.catalog.chunks(
        hit.chunk.document) if c.ordinal > hit.chunk.ordinal and c.page <= hit.chunk.page + 1]
    # each table's words with their stems, read once for all the question's words
    tables = [(place, text, [(m, tokenize(m.group(0))) for m in re.finditer(r"[A-Za-z]+", text)])
              for place, text in places if _table_like(text)]
    for word in sorted(idf, key=lambda t: -idf[t]):
        for place, text, words in tables:
            first = _named_row(text, words, word)
            if first is None:
                continue
            # the other rows the question names in this table ("Millmead 433 Seashells 672"),
            # as rare as the first, each word right before its figure (a header or a
            # "Total" is no row asked for), quoted as the one stretch that holds them
            rows = [first] + [row for other in idf if other != word and other not in NOT_ROWS
                              and idf[other] >= 0.8 * idf[word]
                              and (row := _named_row(text, words, other, adjacent=True))]
            start, end = min(r[0] for r in rows), max(r[1] for r in rows)
            if end - start > MAX_ROWS_SPAN:
                start, end = first
            return place, text[start:end]
    return None


MAX_ROWS_SPAN = 160  # characters: several named rows are quoted together up to this
NOT_ROWS = frozenset(tokenize("total totals overall all"))


def _named_row(text: str, words: list[tuple[re.Match[str], list[str]]], word: str,
               adjacent: bool = False) -> tuple[int, int] | None:
    """Where the first row labelled by this word runs (the word to the figure after it;
    `adjacent`: with no other word between them)."""
    for match, stems in words:
        if stems == [word]:
            row = FIGURE_AFTER.match(text, match.end())
            if row and has_quantity(text[match.end():row.end()]) and not (  # no year, no page
                    adjacent and re.search(r"[A-Za-z]", text[match.end():row.end()])):
                return match.start(), row.end()
    return None


def _table_like(text: str) -> bool:
    """Cells rather than prose: a table passage, or text where figures (not years, pages or
    references) are one word in six or more ("Centre Responses Millmead 433 Seashells 672
    Non-specific/both 99")."""
    words = text.split()
    figures = len(re.findall(r"(?<![\w.,])[-+(£]*\d", NOT_A_FIGURE.sub(" ", text)))
    return "\t" in text or len(words) > 0 and figures >= max(3, len(words) / 6)


def _next_passage(hit: Hit, index: Index) -> Chunk | None:
    """The passage that follows the hit's in its document, if any."""
    return next((c for c in index.catalog.chunks(hit.chunk.document)
                 if c.ordinal == hit.chunk.ordinal + 1), None)


def naming_terms(meta: DocumentMeta) -> set[str]:
    """The words that name a document (title, body, council, kind, date, file name)."""
    return set(tokenize(" ".join(filter(None, (
        meta.title, meta.body, meta.council, meta.document_type, meta.date,
        meta.document.replace("_", " ").replace("-", " "))))))


def question_weights(q: Question, keyword: KeywordIndex,
                     meta: DocumentMeta | None = None) -> dict[str, float]:
    """The question's content terms, weighted by rarity (what an answer must mention),
    less those that name the document answering it (its title, body, date, kind)."""
    described = naming_terms(meta) if meta else set()
    content = [t for t in dict.fromkeys(q.terms) if t not in GENERIC and not _names_place(t, q)
               and t not in described]
    return {t: keyword.term_idf(t) for t in content}


def _adds(sentence: str, covered: set[str], weights: dict[str, float]) -> float:
    """Share of the question's weight this sentence covers that nothing chosen covers yet."""
    total = sum(weights.values()) or 1.0
    tokens = set(tokenize(sentence))
    return sum(w for t, w in weights.items() if t in tokens and t not in covered) / total


MULTI_PART = re.compile(r"\b(and|against|versus|compared with)\b (?:how|what|which|who|the|its|a"
                        r"|at|for|in)\b"
                        r"|\b(?:how many|what)\b.*\band\b.*\b(?:how many|what|which)\b"
                        r"|\band what\b|\bopen and close\b|\band (?:the )?result\b", re.I)


SERIES = re.compile(r"\w+, \w+,? and \w+")


MAX_ITEMS = 8
LEAD_IN_ITEMS = 20  # the lines a lead-in ending in ":" brings with it (the Needs Framework's 17)
CHANGE_SAID = re.compile(r"\b(?:increas(?:e|es|ed|ing)|decreas(?:e|es|ed|ing)|ris(?:e|es|en|ing)|rose"
                         r"|fall(?:s|en|ing)?|fell|reductions?|drop(?:s|ped)?|up from|down from"
                         r"|more than|fewer than|higher|lower|growth)\b", re.I)
REFERS_BACK = re.compile(r"(?:These|This|They|Those|Such|Both|It)\b(?! is (?:important|essential|"
                         r"expected|proposed|recommended))")


def lead_sentences(q: Question, best: Scored, weights: dict[str, float]) -> list[str]:
    """The best sentence, followed by the next sentence of its passage when the best is a
    heading or a lead-in (it ends in ':'), or when the question asks two things and the
    next sentence carries what the first lacks."""
    sentences = split_sentences(best.hit.chunk.text)
    if best.sentence not in sentences:
        return [best.sentence]
    at = sentences.index(best.sentence)
    if at > 0 and REFERS_BACK.match(best.sentence) and quotable(sentences[at - 1]) \
            and "\t" not in sentences[at - 1]:
        return [sentences[at - 1], best.sentence]  # "These appointments ...": to what?
    if at + 1 >= len(sentences):
        return [best.sentence]
    following = sentences[at + 1]
    if "\t" in following or not quotable(following):
        return [best.sentence]
    if best.sentence.rstrip().endswith(":") and following.startswith("- "):
        # "... made several recommendations, as follows:" and its items, with any line
        # that continues an item before the next one
        last, gap = at + 1, 0
        for i in range(at + 2, min(len(sentences), at + 1 + LEAD_IN_ITEMS)):
            gap = 0 if sentences[i].startswith("- ") else gap + 1
            if gap > 1:
                break
            if gap == 0:
                last = i
        return sentences[at:last + 1]
    words = best.sentence.split()
    unfinished = (best.sentence.rstrip().endswith(":") or len(words) < 6
                  or _not_a_sentence(best.sentence))
    gain = _adds(following, set(tokenize(best.sentence)), weights)
    numbers = q.kind == "number" and bool(NUMBER.search(following))
    asks_two = asks_two_things(q)
    # The question names the passage's own heading ("the overall outcome" of a report's
    # "Inspection outcome") and the best sentence opens a paragraph under it: the next
    # sentence of that paragraph goes with it (the outcome, then what must follow from it).
    heading_asked = bool(set(tokenize(_own_heading(best.hit.chunk))) & set(q.terms) - GENERIC)

    def opens_paragraph(sentence: str, after: str) -> bool:
        return heading_asked and any(line.strip().startswith(f"{sentence} {after}")
                                     for line in best.hit.chunk.text.split("\n"))

    if unfinished and at + 2 < len(sentences) and opens_paragraph(following, sentences[at + 2]):
        # a heading, then the paragraph it opens: "Inspection outcome" / "The arrangements
        # lead to inconsistent experiences ... The partnership must work jointly ..."
        return sentences[at:at + 3]
    if unfinished or opens_paragraph(best.sentence, following) or SPELLS_OUT.match(following) \
            or (asks_two and (gain > 0 or numbers)) or gain >= 0.25:
        return [best.sentence, following]
    if q.kind == "number" and not has_quantity(best.sentence) and numbers:
        return [best.sentence, following]  # a table row's label, then the cells with figures
    if asks_figures(q) and REFERS_BACK.match(following) and has_quantity(following) \
            and CHANGE_SAID.search(following):
        return [best.sentence, following]  # "This is an increase of 477 (2.5%) since ..."
    return [best.sentence]


# The sentence after that names what the one before spoke of: "There are lengthy waits for
# some specialist health assessments. This includes those waiting for speech and language
# therapy, ..."
SPELLS_OUT = re.compile(r"(?:This|These|They|Those) (?:includ(?:es?|ed)|cover(?:s|ed)?)\b")


def asks_two_things(q: Question) -> bool:
    return bool(MULTI_PART.search(q.text) or SERIES.search(q.text))


def _sentence_after(text: str, sentence: str) -> str | None:
    """The passage's sentence after this one, if it can be quoted and is no table row."""
    sentences = split_sentences(text)
    if sentence not in sentences or sentences.index(sentence) + 1 >= len(sentences):
        return None
    following = sentences[sentences.index(sentence) + 1]
    return following if quotable(following) and "\t" not in following else None


def _finished(s: Scored, quoted: set[str]) -> tuple[str, str]:
    """A supporting quote as shown and as cited: with the sentence after it, when that is
    not quoted already and the quote is a title line or a lead-in that says nothing alone
    ("... Inspection dates: 5 to 9 February 2024 ... Inspection outcome", then the outcome)
    or the next sentence says what it includes."""
    following = _sentence_after(s.hit.chunk.text, s.sentence)
    if following is None or following in quoted or not (
            s.sentence.rstrip().endswith(":") or _not_a_sentence(s.sentence)
            or SPELLS_OUT.match(following)):
        return s.sentence, s.sentence
    quoted.add(following)
    return (f"{s.sentence} {following}",
            verbatim_span(s.hit.chunk.text, [s.sentence, following]))


def _second_part_after(q: Question, rest: tuple[Hit, str], said: str,
                       weights: dict[str, float]) -> str | None:
    """For a question that asks two things ("what was it, and what was the consequence?"),
    the sentence after a page-cut sentence's end when it adds what the answer lacks."""
    following = _sentence_after(rest[0].chunk.text, rest[1]) if asks_two_things(q) else None
    if following is None or following.startswith("- ") \
            or _adds(following, set(tokenize(said)), weights) == 0:
        return None
    return following


def continuation(hit: Hit, sentence: str, index: Index) -> tuple[Hit, str] | None:
    """When a passage ends mid-sentence ("... to be awarded the") because the page ends,
    the rest of it: the first sentence of the same paragraph's passage on the next page."""
    ends = sentence.rstrip("\"”’') ")
    if ends.endswith((".", "?", "!", ":", ";")) or not hit.chunk.text.rstrip().endswith(sentence):
        return None
    after = _next_passage(hit, index)
    same_paragraph = after is not None and (after.paragraph, after.heading) == (
        hit.chunk.paragraph, hit.chunk.heading)
    if not same_paragraph or after is None or after.page == hit.chunk.page:
        return None  # only the same paragraph, continued on the next page
    first = next(iter(split_sentences(after.text)), "")
    if not quotable(first) or first[:1].isdigit() or sentence.startswith("- "):
        return None  # a footnote or a list item, not the rest of the sentence
    return Hit(after, hit.meta, hit.score), first


def verbatim_span(text: str, sentences: list[str]) -> str:
    """The stretch of the passage running from the first sentence to the last, verbatim."""
    start = text.find(sentences[0])
    end = text.find(sentences[-1], start + len(sentences[0]))
    if start < 0 or end < 0:
        return sentences[0]
    return text[start:end + len(sentences[-1])]


def compose_list(q: Question, hits: list[Hit], ranked: list[Scored], builder: CitationBuilder,
                 index: Index, keyword: KeywordIndex) -> str:
    """The items of the best-matching list, with its lead-in, continued across chunks; or
    the one sentence naming as many items as the question asks for, when it leads; or that
    sentence naming three or more, before the list."""
    best_by_chunk: dict[str, Scored] = {}
    for s in ranked:
        best_by_chunk.setdefault(s.hit.chunk.id, s)
    inline = _inline_answer(q, ranked)
    if inline is not None and ITEMS_ASKED.search(q.text):
        # "reduce waiting times in which three areas": the sentence naming the three answers
        return f"{inline.sentence} {builder.marker(inline.hit, inline.sentence)}"
    if inline is not None and inline.sentence not in _list_of(  # a trial run, its markers unkept
            q, hits, ranked, CitationBuilder(), index, keyword, best_by_chunk):
        # the sentence that names some items inline, before the list found
        lead = f"{inline.sentence} {builder.marker(inline.hit, inline.sentence)}"
        return f"{lead}\n\n{_list_of(q, hits, ranked, builder, index, keyword, best_by_chunk)}"
    return _list_of(q, hits, ranked, builder, index, keyword, best_by_chunk)


def _list_of(q: Question, hits: list[Hit], ranked: list[Scored], builder: CitationBuilder,
             index: Index, keyword: KeywordIndex, best_by_chunk: dict[str, Scored]) -> str:
    """The best-matching list's items with its lead-in (or the section, table or numbered
    paragraphs asked for), only those a "which" question picks out when it picks some."""
    affinity = {s.hit.chunk.document: document_affinity(q, s.hit.meta) for s in ranked}
    strongest = max(affinity.values(), default=0.0)

    def in_section(s: Scored) -> bool:
        return bool(set(q.sections) & section_tags(s.hit.chunk.heading))

    idf = {t: keyword.term_idf(t) for t in set(q.terms)}
    counting = bool(COUNTS_ASKED.search(q.text))  # "the numbers of KPIs rated Green, Amber ..."
    # "what options were considered": "option"; a section asked for ("what areas for
    # improvement") is found by its heading instead
    named = None if q.sections else LIST_NOUN_ASKED.search(q.text)
    noun = next(iter(tokenize(named.group(1))), None) if named else None

    def list_score(s: Scored) -> float:
        lead_in = set(tokenize(list_lead_in(s.hit.chunk)))
        # a lead-in that says what is asked ("The nine indicators where the RAG rating is
        # Red, are in:") counts by the rarity of the words it shares with the question
        asked = question_weights(q, keyword, s.hit.meta) or idf  # not the words naming its report
        said = sum(w for t, w in asked.items() if t in lead_in) / (sum(asked.values()) or 1.0)
        return (s.hit.score + 0.2 * len(lead_in & set(asked)) / max(1, len(asked))
                + (LIST_NOUN_WEIGHT if noun and noun in lead_in else 0.0)
                + LEAD_IN_WEIGHT * said + (0.3 if in_section(s) else 0.0)
                - (COUNTS_PENALTY if counts_only(s.hit.chunk.text) and not counting else 0.0))

    def names_heading(s: Scored) -> bool:  # the question uses the heading's own word
        return in_section(s) and bool(set(tokenize(s.hit.chunk.heading)) & set(q.terms))

    def numbered_section(s: Scored) -> bool:  # "1. Recommendations" as paragraphs 1.1, 1.2
        return (names_heading(s) and s.hit.chunk.paragraph is not None
                and item_count(s.hit.chunk.text) == 0)

    if "judgement" in q.sections:  # "which areas were graded good in the 2017 inspection?"
        graded = _grades_asked(q, ranked, builder, index)
        if graded:
            return graded
    # A list from the council and year the question names; a section the question asks
    # for ("what needs to improve") counts even when it holds a single item, or when its
    # items are the section's numbered paragraphs.
    tables = {s.hit.chunk.id: table for s in best_by_chunk.values()
              if (table := _table_after_lead_in(s.hit, index)) is not None}
    lists = sorted((s for s in best_by_chunk.values()
                    if affinity[s.hit.chunk.document] >= strongest
                    and (item_count(s.hit.chunk.text) >= (1 if in_section(s) else 2)
                         or numbered_section(s) or s.hit.chunk.id in tables)),
                   key=lambda s: -list_score(s))
    # The section asked for, even written as sentences, before a list from another section
    # ("areas for improvement", not "what the partnership is doing that is effective").
    asked = [s for s in best_by_chunk.values()
             if affinity[s.hit.chunk.document] >= strongest and names_heading(s)]
    sentences = (_section_sentences(_first_of_its_kind(max(asked, key=list_score).hit, q, index),
                                    index)
                 if asked and not (lists and in_section(lists[0])) else [])
    if sentences:
        return "\n".join(f"- {sentence} {builder.marker(hit, sentence)}"
                         for hit, sentence in sentences)
    if not lists or (lists[0].hit.score < 0.6 * hits[0].score and not in_section(lists[0])):
        return _several(ranked, builder)
    chosen = lists[0]
    if numbered_section(chosen):
        chosen = replace(chosen, hit=_first_of_its_kind(chosen.hit, q, index))
    if chosen.hit.chunk.id in tables:
        return _table_list(chosen.hit, tables[chosen.hit.chunk.id], builder, index)
    if numbered_section(chosen):
        return "\n".join(f"- {body} {builder.marker(hit, body)}"
                         for hit, body in _section_paragraphs(chosen.hit, index))
    whole = in_section(chosen)  # the section asked for ("areas for improvement"), all of it
    parts = [(hit, hit.chunk.text if whole else _list_span(hit.chunk.text, opening=number == 0))
             for number, hit in enumerate(_list_run(chosen.hit, index, whole_section=whole))]
    kept = _items_asked(q, [span for _, span in parts], question_weights(q, keyword,
                                                                         chosen.hit.meta))
    lines: list[str] = []
    for hit, span in parts:
        shown = [ln for entry, item in _entries(span) if kept is None or not item or entry in kept
                 for ln in entry.split("\n")]
        if shown:
            lines.extend(shown)
            lines[-1] = f"{lines[-1]} {builder.marker(hit, span)}"
    return "\n".join(lines)


def _entries(span: str) -> list[tuple[str, bool]]:
    """A list's lines as entries, each marked whether it is an item: an item's own line and
    those it wraps onto (starting in lower case or with a bracket closing, or after a line
    that leaves a bracket open)."""
    entries: list[tuple[str, bool]] = []
    for line in (ln for ln in span.split("\n") if ln.strip()):
        last = entries[-1][0] if entries else ""
        if entries and entries[-1][1] and (re.match(r"[a-z)\]]", line)
                                           or last.count("(") > last.count(")")):
            entries[-1] = (f"{entries[-1][0]}\n{line}", True)
        else:
            entries.append((line, line.startswith("- ")))
    return entries


FEW_ITEMS = 1 / 3  # the share of a list's items, at most, that the question can pick out
LONG_LIST = 6  # items a list must have for the question to pick some out
PICKING_WORDS = 2  # the question's words an item must share to be picked out
PICKING = re.compile(r"\bwhich\b", re.I)  # a question picking members out, not asking the list


def _items_asked(q: Question, spans: list[str], weights: dict[str, float]) -> set[str] | None:
    """The items of a long list a "which" question picks out by words the list's lead-in
    lacks ("which services at the Gateway would the Library and Registration Service
    provide": "- Birth Registrations (Library and Registration Service)"); None when it picks
    out none, or most of them, or asks "what are" the list."""
    if not PICKING.search(q.text):
        return None  # "what are the main risks to delivering the savings": the whole list
    entries = [entry for span in spans for entry in _entries(span)]
    items = [text for text, item in entries if item]
    framing = set(tokenize(" ".join(text for text, item in entries if not item)))
    picking = {t for t in weights if t not in framing}
    chosen = {text for text in items if len(picking & set(tokenize(text))) >= PICKING_WORDS}
    if len(items) < LONG_LIST or not chosen or len(chosen) > FEW_ITEMS * len(items):
        return None
    return chosen


# "in which three areas", "name the four priorities": how many items the question asks for
ITEMS_ASKED = re.compile(r"\b(?:which|what|the|name|list|give|its|their|top|main|key)\s+(three"
                         r"|four|five|six|seven|eight|nine|ten|[3-9])\b(?![-‑]|[.,]\d|\s*(?:%|per\b"
                         r"|years?|months?|weeks?|days?|hours?|times|inspections?|reports?"
                         rf"|councils?|meetings?|documents?|papers?|{MONTH_NAME})\b)", re.I)
ITEM_WORDS = {"three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
              "ten": 10}
SHORT_ITEM = 6  # words in an item of a series written inline ("CAMHS interventions")
INLINE_MARGIN = 0.1  # how far the sentence must lead the next best one


def _inline_answer(q: Question, ranked: list[Scored]) -> Scored | None:
    """The leading sentence, when it leads the next by a margin and names inline
    ("neurodevelopmental pathways, CAMHS interventions and the provision of wheelchairs") as
    many items as the question asks for, or three or more when it asks no number and no
    report section (a section asked for is listed from its heading)."""
    asked = ITEMS_ASKED.search(q.text)
    if not ranked:
        return None
    best = ranked[0]
    runner_up = next((s.score for s in ranked[1:] if s.sentence != best.sentence), 0.0)
    if best.score - runner_up < INLINE_MARGIN:
        return None
    counts = inline_counts(best.sentence)
    if asked is None:  # a section asked for ("areas for improvement") is listed from it
        return best if not q.sections and counts else None
    wanted = ITEM_WORDS.get(asked.group(1).lower()) or int(asked.group(1))
    return best if wanted in counts else None


# What no item of a series holds: a verb of its own or a relative clause ("However, the report
# was late and ...", "The council, which met in March, agreed ...")
CLAUSE_WORD = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|can|could|should|must"
                         r"|did|does|do|which|who|that|where|when|(?-i:may))\b", re.I)  # not "May"


def inline_counts(sentence: str) -> set[int]:
    """How many items a series written inline may hold, three or more: "A, B and C" is three
    (the first item runs on from the words before it, so "By March, reduce A, B and C" may
    be three or four); none for a sentence without one."""
    counts: set[int] = set()
    for joint in re.finditer(r",?\s+(?:and|or)\s+", sentence):
        last = re.split(r"[,;:.()]", sentence[joint.end():], maxsplit=1)[0]
        if not 1 <= len(last.split()) <= SHORT_ITEM:
            continue
        parts = sentence[:joint.start()].split(",")
        run = 0  # the short parts before the last item, back to a long one or the first
        for part in reversed(parts[1:]):
            if not 1 <= len(part.split()) <= SHORT_ITEM or CLAUSE_WORD.search(part):
                break
            run += 1
        if run:  # the part before the run is the first item, or the run's first part is
            counts |= {run + 2} | ({run + 1} if run >= 2 else set())
    return counts


LIST_NOUN_ASKED = re.compile(r"\b(?:what|which)\s+(?:(?:are|were|is|was|did|does|do|the|its|their"
                             r"|main|key|[\w-]+['’]s)\s+){0,4}?(?!(?:is|was|does|has|this|its"
                             r"|happens|means|needs|remains|shows|says|includes)\b)"
                             r"([a-z-]{2,}[a-rtv-z]s)\b", re.I)  # not "process", "status"
LIST_NOUN_WEIGHT = 0.15  # a lead-in naming what the question asks a list of ("options")
LEAD_IN_WEIGHT = 0.3  # a list's own lead-in echoing the question's rare words
COUNTS_PENALTY = 0.3  # a list of counts, when the question asks which ones
COUNTS_ASKED = re.compile(r"\bhow many\b|\bnumbers? of\b|\bbreakdown\b|\bcounts?\b", re.I)
COUNT_ITEM = re.compile(r"^-\s+(?:\d[\d,.]*%?|one|two|three|four|five|six|seven|eight|nine|ten"
                        r"|eleven|twelve)\b", re.I)


def counts_only(text: str) -> bool:
    """A list whose items each open with a count ("- 17 are rated Green", "- Nine are rated
    Red"): it says how many, not which ones."""
    items = [line for line in text.split("\n") if line.startswith("- ")]
    return len(items) >= 2 and all(COUNT_ITEM.match(line) for line in items)


# A question that asks for a grade in so many words ("graded", "rating", "judgement"); one
# that asks what an inspection found or concluded wants its words, not a grade row.
GRADE_WORDS = re.compile(r"\b(?:grad(?:e|ed|es|ing)|rated|ratings?|judge?ments?|judged)\b", re.I)


def _grade_lead(q: Question, best: Scored, ranked: list[Scored], lead: list[str], span: str,
                builder: CitationBuilder, index: Index
                ) -> str | tuple[Scored, list[str], str, str] | None:
    """A grade question's answer from the grade rows of the inspection it points at: the
    row it asks about ("care leavers", "overall"); the rows below good, or every row of
    another inspection than the best sentence's, as a list; the rows of a title page that
    the best sentence runs together. None keeps the best sentence as it is."""
    pointed, rows = _pointed_rows(q, ranked, index)
    if pointed is None or not rows:
        return None
    part = _part_asked(q)
    if WHICH_PART.search(q.text) and GRADE_ASKED.search(part) and not BELOW_GOOD.search(part):
        # the rows with the grade asked, after the lead when it is the same report's verdict
        same = best.hit.chunk.document == pointed.hit.chunk.document
        listed = _grades_asked(q, ranked, builder, index, besides=" ".join(lead) if same else "")
        if not listed:
            return None  # none, or the lead quotes them already
        return (f"{' '.join(lead)} {builder.marker(best.hit, span)}\n" if same else "") + listed
    asked = named_row(rows, q.text)
    if BELOW_GOOD.search(q.text) or asked is None and \
            best.hit.chunk.document != pointed.hit.chunk.document:
        return _grades_asked(q, ranked, builder, index) or None
    if asked is not None:  # "the 2016 grade for care leavers"
        hit = Hit(asked[0], pointed.hit.meta, pointed.hit.score)
        return (Scored(hit, asked[1], pointed.score, pointed.coverage, pointed.similarity),
                [asked[1]], asked[1], asked[1])
    shown = " ".join(lead)
    run_together = [row for _, row in grade_rows([best.hit.chunk]) if row in shown]
    if len(run_together) < 2:
        return None
    first, last = span.index(run_together[0]), span.index(run_together[-1])
    return best, run_together, "; ".join(run_together), span[first:last + len(run_together[-1])]


def _pointed_rows(q: Question, ranked: list[Scored], index: Index
                  ) -> tuple[Scored | None, list[tuple[Chunk, str]]]:
    """The grade rows of the inspection the question points at (its council and year),
    with that document's best sentence."""
    affinity = {s.hit.chunk.document: document_affinity(q, s.hit.meta) for s in ranked}
    strongest = max(affinity.values(), default=0.0)
    best = next((s for s in ranked if affinity[s.hit.chunk.document] >= strongest), None)
    if best is None:
        return None, []
    return best, grade_rows(index.catalog.chunks(best.hit.chunk.document))


# "Which part of the service was judged to require improvement?": the rows with that grade
WHICH_PART = re.compile(r"\b(?:which|what) (?:parts?|areas?|aspects?|judgements?|services?)\b",
                        re.I)
BELOW_GOOD = re.compile(r"\b(?:below|less than|short of|not(?: yet)?(?: been)?(?: (?:rated|judged"
                        r"|graded)(?: as)?)?) (?:an? )?good\b", re.I)  # "not rated good"
GRADE_ASKED = re.compile(r"\b(requir(?:e|es|ed|ing) improvement|outstanding|good|inadequate)\b",
                         re.I)


def _part_asked(q: Question) -> str:
    """The question from "which part" on ("good overall, which part ... required
    improvement?" asks about the grade after it), else the whole question."""
    which = WHICH_PART.search(q.text)
    return q.text[which.end():] if which else q.text


def _grades_asked(q: Question, ranked: list[Scored], builder: CitationBuilder,
                  index: Index, besides: str = "") -> str:
    """The grade rows of the inspection the question points at, those with the grade it
    names ("graded good") when it names one, each quoted from the report's first page
    (but those `besides` quotes already)."""
    best, rows = _pointed_rows(q, ranked, index)
    if best is None:
        return ""
    rows = [(chunk, row) for chunk, row in rows if row not in besides]
    part = _part_asked(q)
    asked = GRADE_ASKED.search(part) or GRADE_ASKED.search(q.text)
    if BELOW_GOOD.search(part):
        rows = [(c, row) for c, row in rows
                if row_grade(row) in ("requires improvement", "inadequate")]
    elif asked:
        rows = [(c, row) for c, row in rows if row_grade(row) == one_spelling(asked.group(1))]
    return "\n".join(f"- {row} {builder.marker(Hit(chunk, best.hit.meta, best.hit.score), row)}"
                     for chunk, row in rows)


def _table_after_lead_in(hit: Hit, index: Index) -> Chunk | None:
    """The table a passage introduces: its last line ends in ":" ("The key risks are as
    follows:") and the next passage, in the same numbered paragraph, is a table."""
    if not hit.chunk.text.rstrip().endswith(":"):
        return None
    after = _next_passage(hit, index)
    if after is None or after.kind != "table" or after.paragraph != hit.chunk.paragraph:
        return None
    return after


def _table_run(hit: Hit, table: Chunk, index: Index) -> list[Chunk]:
    """The table's passages: a long table is cut into pieces that each repeat its header."""
    run = [table]
    header = table.text.split("\n", 1)[0]
    while (after := _next_passage(Hit(run[-1], hit.meta, hit.score), index)) \
            and after.kind == "table" and after.paragraph == table.paragraph \
            and after.text.split("\n", 1)[0] == header:
        run.append(after)
    return run


def _table_rows(piece: Chunk) -> tuple[list[str], bool]:
    """A table passage's rows under its header, up to a second, narrower table printed
    below it (a ratings key), and whether that key was reached."""
    header, *rows = piece.text.split("\n")
    width = header.count("\t") + 1
    kept = list(itertools.takewhile(lambda row: row.count("\t") + 1 > width / 2, rows))
    ended = len(kept) < len(rows) and bool(rows[len(kept)].strip())
    while kept and not kept[-1].replace("\t", "").strip():
        kept.pop()
    return kept, ended


def _table_list(hit: Hit, table: Chunk, builder: CitationBuilder, index: Index) -> str:
    """A lead-in and the rows of the table it introduces, one item a row, cells shown apart,
    through all of the table's passages, less its header row (which names the columns).
    Each passage's rows are one verbatim quote."""
    lead = split_sentences(hit.chunk.text)[-1]  # the lead-in, not the paragraph before it
    lines = [f"{lead} {builder.marker(hit, lead)}"]
    for piece in _table_run(hit, table, index):
        rows, ended = _table_rows(piece)
        if rows:
            lines += [f"- {row.strip().replace(chr(9), ' | ')}" for row in rows if row.strip()]
            quote = chr(10).join(rows).strip()
            lines[-1] += f" {builder.marker(Hit(piece, hit.meta, hit.score), quote)}"
        if ended:
            break
    return "\n".join(lines)


def _list_span(text: str, opening: bool) -> str:
    """The part of a passage that is the list: in the passage that opens it, from the
    lead-in ending in ":" before its first bullet; in one that continues it, its leading
    bullets. Passages without bullets are quoted whole."""
    lines = text.split("\n")
    bullets = [i for i, line in enumerate(lines) if line.startswith("- ")]
    if not bullets:
        return text
    if opening:
        lead_ins = [i for i in range(bullets[0]) if lines[i].rstrip().endswith(":")]
        return "\n".join(lines[lead_ins[-1]:]) if lead_ins else text
    if bullets[0] != 0:
        return text
    end = 0  # the leading bullets, each with the line it may wrap onto
    while end + 1 < len(lines) and (lines[end + 1].startswith("- ") or (
            lines[end].startswith("- ") and end + 2 < len(lines)
            and lines[end + 2].startswith("- "))):
        end += 1
    return "\n".join(lines[:end + 1])


# A list item: a bullet line, or a lettered or numbered item, also run together in one
# line as minutes print them ("a. Members claimed ... b. Members considered ...").
LIST_ITEM = re.compile(r"(?:^|\n)- |(?:^|(?<=\s))(?:\([a-z]\)|[a-z]\.|\(?[ivx]+\)) (?=[A-Z‘“'\"])")


def list_lead_in(chunk: Chunk) -> str:
    """What introduces a passage's list: the sentence before its first item ("The five
    options considered ahead of the consultation were as follows:"), or its heading's own
    words when the passage opens with an item; a passage without items, its first line."""
    first = LIST_ITEM.search(chunk.text)
    if first is None:
        return chunk.text.split("\n")[0]
    before = chunk.text[:first.start()].strip()
    if not before:
        return chunk.heading.rsplit(" > ", 1)[-1]
    return (split_sentences(before) or [before])[-1]


def item_count(text: str) -> int:
    return len(LIST_ITEM.findall(text))


def _list_run(hit: Hit, index: Index, longest: int = 4, whole_section: bool = False
              ) -> list[Hit]:
    """The chosen list and the passages of its section (same heading and paragraph,
    consecutive) that continue it, at most `longest`: all of the section from its first
    passage when the section is the one asked for."""
    chunks = index.catalog.chunks(hit.chunk.document)
    at = next((i for i, c in enumerate(chunks) if c.id == hit.chunk.id), None)
    if at is None or not hit.chunk.heading:
        return [hit]

    def same_section(i: int) -> bool:  # and the same numbered paragraph, where numbered
        return (0 <= i < len(chunks) and chunks[i].heading == hit.chunk.heading
                and chunks[i].paragraph == hit.chunk.paragraph)

    def continues(i: int) -> bool:  # the passage goes on with the list's items
        return same_section(i) and (whole_section or chunks[i].text.startswith("- ")
                                    or item_count(chunks[i].text.split("\n")[0]) > 0)
    start = at
    while (whole_section or continues(start)) and same_section(start - 1) \
            and at - start < longest - 1:
        start -= 1
    end = at
    while continues(end + 1) and end - start < longest - 1:
        end += 1
    return [hit if i == at else Hit(chunks[i], hit.meta, hit.score) for i in range(start, end + 1)]


def _section_paragraphs(hit: Hit, index: Index, longest: int = 12) -> list[tuple[Hit, str]]:
    """The numbered paragraphs of the passage's section, in order (at most `longest`),
    each without the section's heading line that opens the first of them."""
    chunks = index.catalog.chunks(hit.chunk.document)
    # The first run of passages under this heading: an inspection report's own
    # "Recommendations" come before those it makes to the safeguarding board.
    start = next((i for i, c in enumerate(chunks) if c.heading == hit.chunk.heading), None)
    if start is None:
        return [(hit, hit.chunk.text)]
    end = start
    while end + 1 < len(chunks) and chunks[end + 1].heading == hit.chunk.heading:
        end += 1
    section = [c for c in chunks[start:end + 1] if c.paragraph]
    out: list[tuple[Hit, str]] = []
    for chunk in section[:longest]:
        first, _, rest = chunk.text.partition("\n")
        body = rest.strip() if rest and first.strip() == _own_heading(chunk) else chunk.text
        if out and len(split_sentences(body)) > 2 and chunk.id != hit.chunk.id:
            break  # a paragraph of findings, not an item: the list has ended
        out.append((hit if chunk.id == hit.chunk.id else Hit(chunk, hit.meta, hit.score), body))
    return out


def _first_of_its_kind(hit: Hit, q: Question, index: Index) -> Hit:
    """The document's first section of the name asked for, where the hit is in a later one
    of the same name: an inspection's own "Recommendations" come before those it makes to
    a board it also covers."""
    heading = _own_heading(hit.chunk)
    if not (set(q.sections) & section_tags(heading) and set(tokenize(heading)) & set(q.terms)):
        return hit
    first: Chunk | None = None
    for chunk in index.catalog.chunks(hit.chunk.document):
        if chunk.ordinal >= hit.chunk.ordinal:
            break
        if _own_heading(chunk) == heading:
            first = first or chunk
        elif first is not None:  # another section between: the hit's is a second one
            return Hit(first, hit.meta, hit.score)
    return hit


def _own_heading(chunk: Chunk) -> str:
    """The passage's own heading, the last step of its heading path ("A > B" -> "B")."""
    return chunk.heading.rpartition(" > ")[2].strip()


def _section_sentences(hit: Hit, index: Index, longest: int = 8) -> list[tuple[Hit, str]]:
    """The sentences of the hit's passage and of those after it under the same heading, at
    most `longest`, less the heading's own line (a register's heading covers many rows
    before the one that answers, so the run starts at the hit)."""
    chunks = index.catalog.chunks(hit.chunk.document)
    at = next((i for i, c in enumerate(chunks) if c.id == hit.chunk.id), len(chunks))
    run = [hit] + [Hit(c, hit.meta, hit.score) for c in itertools.takewhile(
        lambda c: c.heading == hit.chunk.heading and c.paragraph == hit.chunk.paragraph,
        chunks[at + 1:at + 8])]
    out: list[tuple[Hit, str]] = []
    for part in run:
        for sentence in split_sentences(part.chunk.text):
            if sentence.strip() != _own_heading(part.chunk) and quotable(sentence):
                out.append((part, sentence))
    return out[:longest]


def _several(ranked: list[Scored], builder: CitationBuilder) -> str:
    picks = leading(ranked, 4)
    best = picks[0].score
    return "\n".join(f"- {s.sentence} {builder.marker(s.hit, s.sentence)}"
                     for s in picks if s.score >= 0.7 * best)


def compose_change(q: Question, ranked: list[Scored], builder: CitationBuilder,
                   keyword: KeywordIndex | None = None, index: Index | None = None) -> str:
    """One passage per document, oldest first, so the change reads in order."""
    judged = "judgement" in q.sections  # "how has the rating changed": each grade, in turn

    def states_grade(s: Scored) -> bool:
        return judged and bool(JUDGEMENT_SAID.search(s.sentence) or GRADE_ROW.fullmatch(s.sentence))

    per_doc: dict[str, Scored] = {}
    for s in ranked:
        if q.councils and s.hit.meta.council not in q.councils:
            continue
        doc = s.hit.chunk.document
        if doc not in per_doc or (states_grade(s) and not states_grade(per_doc[doc])):
            per_doc[doc] = s
    if judged and index is not None:  # each inspection's own grade for what is asked
        graded = {}
        for doc, s in per_doc.items():
            chunks = index.catalog.chunks(doc)
            row = row_for(grade_rows(chunks), q.text, headline(chunks))
            if row is not None:
                graded[doc] = Scored(Hit(row[0], s.hit.meta, s.hit.score), row[1], s.score,
                                     s.coverage, s.similarity)
        per_doc = {d: graded.get(d, s) for d, s in per_doc.items()
                   if d in graded or len(graded) < 2 or states_grade(s)}
    named = {d: naming_score(q, s.hit.meta) for d, s in per_doc.items()}
    most = max(named.values(), default=0.0)
    if most > 0 and sum(n == most for n in named.values()) >= 2:  # the documents it names
        per_doc = {d: s for d, s in per_doc.items() if named[d] == most}
    dated = [s for s in per_doc.values() if s.hit.meta.date
             and (not q.since or s.hit.meta.date[:4] >= q.since)]
    if len(q.years) >= 2 and not q.since:  # "between the 2016 inspection and the 2024 one"
        dated = [s for s in dated if document_years(s.hit.meta) & set(q.years)] or dated
    if len({s.hit.meta.date for s in dated}) < 2:
        return compose_fact(q, ranked, builder, keyword, index)
    top = sorted(dated, key=lambda s: (not states_grade(s), -s.score))[:3]
    top.sort(key=lambda s: s.hit.meta.date or "")
    lines = []
    for s in top:
        label = f"{s.hit.meta.date[:4] if s.hit.meta.date else 'undated'}, {s.hit.meta.title}"
        line = f"- {label}: {s.sentence} {builder.marker(s.hit, s.sentence)}"
        figures = (row_figures(s.hit, s.sentence, index)
                   if index is not None and NUMBER_CUES.search(q.text)
                   and s.hit.chunk.paragraph is None else None)
        if figures and figures[1] not in s.sentence:
            line += f" Row figures: {figures[1]} {builder.marker(*figures)}"
        lines.append(line)
    return "\n".join(lines)


def describe_scope(metas: dict, filters: Filters) -> str:  # type: ignore[type-arg]
    """'searched 12 documents (Ofsted inspection report), 2019-2025'."""
    chosen = [m for m in metas.values() if filters.admits(m)]
    if not chosen:
        return "searched no documents (the filters match none)"
    years = sorted(m.date[:4] for m in chosen if m.date)
    span = f", {years[0]}-{years[-1]}" if years and years[0] != years[-1] else \
        (f", {years[0]}" if years else "")
    kinds = sorted({m.document_type for m in chosen if m.document_type})
    what = f" ({', '.join(kinds)})" if filters.document_types and kinds else ""
    noun = "document" if len(chosen) == 1 else "documents"
    return f"searched {len(chosen)} {noun}{what}{span}"
