"""Abstention: does the best evidence answer the question, or should we say we don't know?

A similarity score alone cannot tell (unanswerable questions score like answerable
ones on these documents). The evidence is the leading passages' coverage of the
question's vocabulary with their document's title and date, the similarity of their
best sentence, and three mismatches: a year or quarter the question names that the
passage lacks, the rarest question term missing, the wrong council, the wrong kind of
thing (no number for a "how many", a count for "what share"), a year the sentence lacks
in a much later report, a quarterly report of another financial year, figures dated to
other months than the one asked, whose measure is asked and not named (the personal
advisers' caseload), an outcome asked that is still to come, a share asked and only other
named rates given. The weights and threshold are fitted on the question sets in
evaluation/datasets (see evaluation/README.md).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.alternatives import Pairs, other_named
from assistant.authorities import places_named
from assistant.keyword import KeywordIndex, tokenize
from assistant.question import (
    DAY_MATCH,
    MONTH_NAME,
    Question,
    date_match,
    mentioned_dates,
    mentions_council,
    said_plainly,
    section_tags,
    spelled_out,
)

if TYPE_CHECKING:
    from assistant.answering import Scored
    from assistant.types import DocumentMeta

GENERIC = frozenset(tokenize("council report ofsted inspection say said state says "
                             "document paper committee indexed latest current "
                             # "what three things": the framing of a list, not its content
                             "thing things two three four five six"))
# "What was the outcome of the call-in?": the answer says what happened, rarely "outcome".
FRAMING = re.compile(r"\b(?:outcome|result|upshot|conclusion)s? of\b|\bwhat happened\b", re.I)
# Words that ask for a comparison rather than name what is compared.
CHANGE_WORDS = frozenset(tokenize("change changed changes since compared comparison differ "
                                  "difference trend over time then now between moved"))
NUMBER = re.compile(r"\d")
DATE_LIKE = re.compile(r"\b(19|20)\d\d\b|\b(january|february|march|april|may|june|july|august"
                       r"|september|october|november|december|spring|summer|autumn|winter)\b",
                       re.I)
HOW_LONG = re.compile(r"\bhow long\b", re.I)
PERSON = re.compile(r"\b(Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor|Sir)\.? [A-Z]"
                    r"|\b[A-Z][a-z]+ [A-Z][a-z'’-]+, (?:His|Her|Ofsted|CQC|HMI|Lead|Cabinet|Corporate"
                    r"|Director|Chief|Head|Interim|Acting|Deputy|Assistant|Executive|Strategic)\b"
                    r"|inspector: [A-Z][a-z]+ [A-Z]|\b(?:From|By|Author): [A-Z][a-z]+ [A-Z]")


@dataclass(frozen=True)
class Calibration:
    """How evidence turns into confidence; fitted on the evaluation set (see evaluation/)."""

    coverage: float = 0.3  # weight of term coverage against sentence similarity
    missing_specific: float = 0.4  # per year/number/quarter in the question not found
    missing_rare: float = 0.5  # times the rarest missing term's share of the question's idf
    wrong_council: float = 0.1  # the passage is from another council than the one named
    wrong_type: float = 0.15  # the passage lacks the kind of thing asked for (number, date)
    section: float = 0.25  # the passage sits in the report section the question asks for
    sentence_type: float = 0.5  # its best sentence lacks the kind of thing asked (a count, £, %)
    missing_role: float = 0.35  # a "who proposed/chaired/wrote" question, and no such word
    other_year: float = 0.7  # the document, or the sentence, is set in another financial year
    other_day: float = 0.2  # the question names a day; the passage's document is of another
    sentence_year: float = 0.45  # a year asked of a sentence without it, in a later document
    # the next two were refitted on all sixteen question sets (evaluation/README)
    percent_type: float = 0.4  # a share or rate asked, and the sentence gives none
    council_unmentioned: float = 0.6  # another council's paper that never names the one asked
    other_inspection: float = 0.2  # an area SEND report for an ILACS question, or the reverse
    target_given: float = 0.3  # an achieved figure asked, and the sentence gives a target
    earlier_period: float = 0.3  # a figure asked for a year before; the sentence gives today's
    other_month: float = 0.4  # a figure asked for a month; the sentence dates its own to others
    other_named: float = 0.3  # the sentence names the other of a pair ("Seashells", "Millmead")
    financial_year_missing: float = 0.2  # a financial year asked that the passage never names
    not_yet: float = 0.4  # an outcome asked as done ("what did it conclude"), and the close
    # sentences have it still to come ("will take place in February 2025")
    other_rate: float = 0.3  # a share asked, and the sentence's shares are rates it names by
    # other words ("what percentage were agency staff": "Turnover rate is 27%")
    holder_missing: float = 0.4  # whose measure is asked ("the caseload of personal advisers")
    # and the sentence does not name them
    rank: float = 0.1  # per place below the first passage: the answer leads with the first
    threshold: float = 0.36  # fitted on council, heldout, fresh, fresh2, fresh3 (evaluation/README)


CALIBRATION = Calibration()


def evidence(q: Question, ranked: list[Scored], keyword: KeywordIndex,
             alternatives: Mapping[str, Pairs] | None = None) -> list[dict[str, float]]:
    """What the three best passages offer against the question, as numbers
    (`alternatives`: each document's names paired as alternatives)."""
    framing = set(tokenize(" ".join(FRAMING.findall(q.text))))
    # A change between two years is answered by two documents, each holding one of them:
    # the years are checked as years (missing_specific), not as terms every passage needs.
    compared = set(q.years) if q.kind == "change" and len(q.years) >= 2 else set()
    content = [t for t in dict.fromkeys(q.terms) if t not in GENERIC and t not in framing
               and t not in compared and not (q.kind == "change" and t in CHANGE_WORDS)]
    weights = {t: keyword.term_idf(t) for t in content}
    total = sum(weights.values()) or 1.0
    rows = []
    fiscal = FISCAL_YEAR.findall(q.text)
    one_year = [(start, end) for start, end in fiscal  # "2024-25", not a plan's "2025-29"
                if int(end[-2:]) == (int(start) + 1) % 100]
    role = role_pattern(q)
    holder = measure_holder(q)
    # the councils asked about: indexed ones, or else those no document is from ("Surrey
    # County Council's 2022 inspection" is not answered by Kent's)
    asked_councils = q.councils or q.elsewhere
    of_the_day = frozenset((s.hit.meta.body, s.hit.meta.document_type) for s in ranked
                           if date_match(q, s.hit.meta) >= DAY_MATCH) - {(None, None)}
    council_words = {word for council in q.councils for word in council.split()}
    for s in leading(ranked, 3):
        meta = s.hit.meta
        tokens = set(tokenize(" ".join(filter(None, (
            s.hit.chunk.text, s.hit.chunk.heading, meta.title, meta.council, meta.body,
            meta.date, meta.document.replace("_", " ")))))) | spelled_out(s.hit.chunk.text, q.text)
        tokens |= said_plainly(tokens)
        missing = [t for t in content if t not in tokens]
        passage = f"{s.hit.chunk.heading} {s.hit.chunk.text} {meta.title or ''} {meta.document}"
        year_reported = reporting_year(meta)
        close = _close_in_passage(s, ranked)
        # a question naming a financial year and another year asks two sources ("in July
        # 2013 ... and in the Q3 2024/25 report"): a passage of the financial year holds its part
        fy_held = bool(one_year) and len(q.years) > len(
            {y for pair in one_year for y in (pair[0], f"20{pair[1]}")} & set(q.years)) \
            and not _financial_year_missing(one_year, f"{passage} {year_reported}")
        rows.append({
            "coverage": sum(w for t, w in weights.items() if t in tokens) / total,
            "similarity": s.similarity,
            "missing_specific": _missing_specific(q, missing, fiscal, passage, fy_held),
            "other_year": max(_other_financial_year(
                fiscal, f"{meta.title} {meta.document} {year_reported}"),
                              _other_financial_year(fiscal, s.sentence)
                              if FRAMING_YEAR.match(s.sentence) else 0.0,
                              _other_financial_year(one_year, " ".join(
                                  FINANCIAL_YEAR_NAMED.findall(s.sentence)))
                              * _financial_year_missing(one_year,
                                                        ACADEMIC_YEAR.sub(" ", s.sentence))),
            "missing_rare": max((weights[t] for t in missing), default=0.0) / total,
            "wrong_council": float(bool(q.councils) and meta.council not in q.councils),
            "wrong_type": float(not _holds_answer_type(q, s.hit.chunk.text)),
            "section": float(bool(set(q.sections) & section_tags(
                f"{s.hit.chunk.heading}\n{s.hit.chunk.text[:400]}"))),
            "sentence_type": float(not any(sentence_answers_type(q, other.sentence)
                                           for other in close)),
            "missing_role": float(bool(role) and not names_role(
                role, f"{s.hit.chunk.heading} {s.hit.chunk.text}")),
            "other_day": _other_day(q, meta, s.hit.chunk.text, of_the_day),
            "sentence_year": 0.0 if fy_held else _sentence_year(q, meta, s.sentence, fiscal),
            "percent_type": float(_asks_share(q) and not SHARE.search(s.sentence)),
            "other_inspection": _other_inspection(q.text, meta),
            "target_given": float(_target_for_actual(q, s.sentence)),
            "earlier_period": float(bool(EARLIER_ASKED.search(q.text)) and not THEN_AND_NOW.search(
                _without_years(s.sentence, q.years))),
            "other_month": _other_month(q, s.sentence),
            "other_named": float(other_named(  # none of the close sentences names the one asked
                q.text, " ".join(other.sentence for other in close),
                (alternatives or {}).get(meta.document, frozenset()), besides=council_words)),
            "financial_year_missing": _financial_year_missing(
                one_year, f"{passage} {year_reported}"),
            "not_yet": float(bool(OUTCOME_ASKED.search(q.text)) and all(
                still_to_come(other.sentence) for other in close)),
            "other_rate": float(_asks_share(q) and all(
                _other_rates_only(q.text, other.sentence) for other in close)),
            "holder_missing": float(bool(holder) and not any(
                names_holder(holder, f"{s.hit.chunk.heading} {other.sentence}", q.text)
                for other in close)),
            "council_unmentioned": float(bool(asked_councils) and meta.council not in q.councils
                                         and not any(mentions_council(s.hit.chunk.text, c)
                                                     for c in asked_councils)),
        })
    return rows


def confidence(rows: list[dict[str, float]], c: Calibration = CALIBRATION) -> float:
    """Confidence that the best passage answers: the best of the leading passages."""
    def score(place: int, r: dict[str, float]) -> float:
        total = c.coverage * r["coverage"] + (1 - c.coverage) * r["similarity"]
        for feature, sign in SIGNED_FEATURES:  # each weighed by the calibration's own field
            total += sign * getattr(c, feature) * r.get(feature, 0.0)
        return total - c.rank * place

    return max((score(place, r) for place, r in enumerate(rows)), default=0.0)


# The evidence that counts for (+1) or against (-1) an answer, in the order it is summed.
SIGNED_FEATURES = (("missing_specific", -1), ("missing_rare", -1), ("wrong_council", -1),
                   ("wrong_type", -1), ("section", +1), ("sentence_type", -1),
                   ("missing_role", -1), ("other_year", -1), ("other_day", -1),
                   ("sentence_year", -1), ("percent_type", -1), ("council_unmentioned", -1),
                   ("other_inspection", -1), ("target_given", -1), ("earlier_period", -1),
                   ("other_month", -1), ("other_named", -1), ("financial_year_missing", -1),
                   ("holder_missing", -1), ("not_yet", -1), ("other_rate", -1))


QUARTER = re.compile(r"\b(?:quarter |q)([1-4])\b", re.I)


def _holds_answer_type(q: Question, text: str) -> bool:
    if q.kind == "number":
        return bool(NUMBER.search(text))
    if q.kind == "when":
        return bool(DATE_LIKE.search(text) or WITHIN.search(text)
                    or (HOW_LONG.search(q.text) and DURATION.search(text)))
    if q.kind == "who":
        return bool(PERSON.search(text)) or bool(re.search(r"\b[A-Z][a-z]+ [A-Z][a-z]+", text))
    return True


# "2024-25", "2024/25", "2024-2025": a financial year, named either way.
FISCAL_YEAR = re.compile(r"\b(20\d\d)[-/–](?:20)?(\d\d)\b")
NUMBER_WORDS = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundred"
# Numbers that are not figures: dates, financial years, references ("24/00097") and labels
# ("Phase 1", "Appendix 2", "Quarter 3", "paragraph 10", "two-year").
NOT_A_FIGURE = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?(?: (?:to|and|-|–) \d{1,2}(?:st|nd|rd|th)?)? (?:january|february"
    r"|march|april|may|june|july|august|september|october|november|december)\b"
    r"|\b(?:19|20)\d\d(?:[-/–]\d{2,4})?\b|\b\d+/\d{3,}\b"
    r"|\b(?:phase|appendix|annex|item|quarter|q|paragraph|para|section|s|option|stage|tier|part"
    r"|page|reason|risk|decision|recommendation|level|key stage)\.? ?\d+(?:/\d+)?[a-z]?\b"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)-(?:year|month|week|day)\b"
    r"|^\(?[a-z0-9]{1,3}\)|^\(?(?:\d{1,3}(?:\.\d{1,3})*|[a-z]{1,4})[.)]\s"
    # "the two providers": things named by how many there are, not a count given; "aged
    # 0-25", "the 0-19 service": an age band
    r"|\b(?:the|these|those|both) (?:two|three|four|five|six|seven|eight|nine|ten)\b"
    r"|\b(?:0|1[0-9]|[0-9])\s?[-–]\s?(?:1[0-9]|2[0-5])\b(?!\s?(?:%|per|weeks?|days?|months?))",
    re.I)
# A vote's tally asked ("how many members voted for and against"), and one given ("carried by
# 45 votes to 12", "agreed unanimously")
TALLY_ASKED = re.compile(r"\bvot\w* (?:for and against|in favour and against)\b"
                         r"|\bhow many (?:[\w-]+ ){0,3}?vot\w* (?:for|against|in favour)\b", re.I)
TALLY = re.compile(rf"\b(?:for|against|abstain|abstentions?|in favour)\s*[:(]\s*\d"  # "For (52)"
                   rf"|\b\d+ votes? (?:to|for|against|in favour)\b"  # "by 45 votes to 12"
                   rf"|\b(?:\d+|{NUMBER_WORDS}) (?:members |councillors )?(?:voted |were )?"
                   rf"(?:against|in favour|abstain\w*|abstentions?)\b"
                   rf"|\bmajority of \d+|\bunanim|\bnem(?:\.|ine)? con", re.I)
# An average asked ("the average caseload", "how many weeks, on average"), not a comparator
# ("compared with the national average"), and one given
AVERAGE_ASKED = re.compile(r"\baverage\b", re.I)
# "compared with the statistical neighbour average", "the average of its neighbours"
COMPARED_AVERAGE = re.compile(r"\b(?:compar\w*|than|against|versus|vs)\b[^?]{0,40}\baverage\b"
                              r"|\b(?:national|regional|england|england['’]s|neighbours?['’]?)"
                              r" average\b|\baverage (?:of|for|in|across) (?:its |their |the )?"
                              r"(?:statistical|england|national|regional|similar|comparator"
                              r"|neighbour)", re.I)
AVERAGE = re.compile(r"\baverag|\bmean\b|\btypical|\bmedian\b|\beach\b"
                     r"|\bper (?!cent|annum|year|month|week|day|hour|quarter)\w+", re.I)
QUANTITY = re.compile(rf"\d|\b(?:{NUMBER_WORDS})\b", re.I)
QUESTION_FIGURE = re.compile(r"\d[\d,.]*(?:[-–/]\d+)?")  # a figure the question itself gives
MONEY_ASKED = re.compile(r"\bhow much\b|\bcost|\bspend|\bbudget\b|£|\bexposure\b|\bsavings?\b"
                         r"|\bfees?\b|(?<!in )\bcharge\b|\bprices?\b|\b(?:does|do|did) [\w ]{1,20} pay\b"
                         r"|\ballowances?\b"
                         r"|\b(?:what|how much)\b[^?]{0,40}\b(?:salar(?:y|ies)|wages?|remuneration)\b"
                         r"(?! sacrifice)(?<!minimum wage)(?<!living wage)"
                         r"|\bvalue\b|\bworth\b|\bfunding\b|\binvest",
                         re.I)
MONEY = re.compile(r"£|\bmillion\b|\bbn\b|\d(?:m|k)\b", re.I)
PERCENT_ASKED = re.compile(r"\bpercentage|\bper ?cent|(?<!business )\brate\b|\bproportion"
                           r"|\bshare\b", re.I)  # "business rate compensation": a grant
# Who-questions about a part someone played: the answer must name that part.
ROLE = re.compile(r"\bwho (?:\w+ )?(proposed|seconded|chaired|wrote|signed|moved|took|made|"
                  r"led)\b|\bwho (?:is|was|are|were) (?:named |listed |given )?as (?:the )?"
                  r"(proposer|seconder|author|proposing|seconding)s?\b"
                  r"|\bwho (called) (?:it )?in\b|\bwho (called) (?:the |this |that )?(?:[\w/-]+ ){0,3}?"
                  r"(?:decision|call-in)(?: [\w/-]+){0,4}? in\b"
                  r"|\bwho (?:is|was|were|are) (?:the |[\w'’]+ ){0,2}(director|chair(?:man)?"
                  r"|chief executive|cabinet member|portfolio holder|lead member|lead inspector"
                  r"|author)\b(?!['’]s)", re.I)
# Titles a who-question may ask for ("who was the lead inspector"): the answer names them.
TITLES = frozenset(["director", "chief executive", "cabinet member", "portfolio holder",
                    "lead member", "lead inspector"])
# "Who is named as proposer": who proposed; "who called the decision in": who made the call-in
ROLE_NOUNS = {"proposer": "proposed", "seconder": "seconded", "author": "wrote",
              "proposing": "proposed", "seconding": "seconded", "called": "called",
              "chair": "chaired", "chairman": "chaired"}


def role_played(q: Question) -> str:
    """The part a who-question asks about, as its verb ("proposed"); "" for other questions
    ("which groups did the members who called it in come from" asks no part). "Who is named
    as proposer" asks who proposed."""
    match = ROLE.search(q.text) if q.kind == "who" else None
    if not match:
        return ""
    if match.group(1):
        return match.group(1).lower()
    if match.group(5):  # "who was Thurrock's Director of Children's Services": the title
        title = match.group(5).lower()
        return ROLE_NOUNS.get(title, title)
    return ROLE_NOUNS[(match.group(2) or match.group(3) or match.group(4)).lower()]


def names_role(role: str, text: str) -> bool:
    """The text names the part (a `role_pattern`): "Proposer: Ms Mel Dawkins"."""
    return bool(re.search(rf"\b{role}", text, re.I))


def role_pattern(q: Question) -> str:
    verb = role_played(q)
    if not verb:
        return ""
    return {"wrote": "(?:wr|writ|author|sign|from:)",  # a paper's "From:" is its author
            "chaired": r"(?:chaired|in the chair|chair(?:man)?[):])",  # "Mr Gough (Chairman)"
            "took": "(?:took|tak|decision)",
            "made": "(?:made|mak|decision)",
            "led": "(?:led|lead)",
            "moved": "(?:mov|propos)",
            # a call-in or a motion is proposed, a request "submitted by" its proposers
            "proposed": "(?:propos|submitted by)",
            "called": "(?:propos|submitted by|made by)"}.get(
                verb, verb.replace(" ", r"\W+") if verb in TITLES else verb[:-2])


COUNT_ASKED = re.compile(r"\bhow many\b|\bnumber of\b", re.I)
PERCENTAGE = re.compile(r"\d+(?:\.\d+)?\s?(?:%|per ?cent\b)", re.I)
WITHIN = re.compile(rf"\b(?:within|in|after|every)\s+(?:approximately |about |around )?"
                    rf"(?:\d+|{NUMBER_WORDS})[ -](?:weeks?|months?|years?)\b", re.I)  # "when": in 3 years
# A length of time asked as the figure itself ("how many weeks", "how long", "weeks, on
# average"), not a period that frames a count ("how many sessions a week")
DURATION_ASKED = re.compile(r"\bhow long\b|\b(?:how many|number of|what) (?:[\w-]+ ){0,2}?(?:weeks"
                            r"|months|days|hours|years)\b|\b(?:weeks|months|days|hours|years),? "
                            r"(?:on average|in total|at most)\b|\bduration\b", re.I)
DURATION = re.compile(rf"\b(?:\d+|{NUMBER_WORDS})[ -](?:weeks?|months?|days?|hours?|years?)\b", re.I)


def _other_financial_year(fiscal: list[tuple[str, str]], title: str) -> float:
    """1 when the question asks about a financial year and the title names another one
    and not it: the 2025-26 register does not answer for 2024-25."""
    named = {(start, end[-2:]) for start, end in FISCAL_YEAR.findall(title)
             if int(end[-2:]) == (int(start) + 1) % 100}  # "2025-26", not a plan's "2025-29"
    return float(bool(fiscal) and bool(named) and not named & {(a, b[-2:]) for a, b in fiscal})


QUARTERLY = re.compile(r"\bq[1-4]\b|\bquarter(?:ly)?\b", re.I)
QUARTER_NUMBER = re.compile(r"\b(?:q|quarter )([1-4])\b", re.I)
QUARTER_ENDS = {1: (0, 6, 30), 2: (0, 9, 30), 3: (0, 12, 31), 4: (1, 3, 31)}  # years after start


def reporting_year(meta: DocumentMeta) -> str:
    """The financial year a quarterly report covers, from its date when its title names
    none ("2024-25" for a Q3 report of March 2025: the latest third quarter to end before
    it); "" for other papers."""
    name = re.sub(r"[-_]", " ", f"{meta.title} {meta.document}")
    dated = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", meta.date or "")
    if not QUARTERLY.search(name) or FISCAL_YEAR.search(f"{meta.title} {meta.document}") \
            or dated is None:
        return ""
    year, month, day = int(dated.group(1)), int(dated.group(2)), int(dated.group(3) or 1)
    quarter = QUARTER_NUMBER.search(name)
    if quarter:  # the latest end of that quarter on or before the date
        after, end_month, end_day = QUARTER_ENDS[int(quarter.group(1))]
        start = max(s for s in (year - 2, year - 1, year)
                    if (s + after, end_month, end_day) <= (year, month, day))
    else:  # a quarter ends some months before the report on it
        start = year if month - REPORTING_LAG >= 4 else year - 1
    return f"{start}-{(start + 1) % 100:02d}"


REPORTING_LAG = 3  # months between a quarter's end and the report on it, at most


# A sentence set in a financial year ("In the year 2023/24, 1869 families attended"), not
# one that compares with it ("risen by 6% from the same period in 2023/24")
FRAMING_YEAR = re.compile(r"^(?:In|During|For|Over|Throughout)(?: the)?(?: (?:financial )?year)? "
                          r"20\d\d[-/–](?:20)?\d\d\b")


# A financial year the sentence names as one ("the allocations for the 2024-25 financial
# year"), not an academic year beside it ("academic year 2025/26")
FINANCIAL_YEAR_NAMED = re.compile(r"\b20\d\d[-/–](?:20)?\d\d(?= financial year\b)"
                                  r"|(?<=\bfinancial year )20\d\d[-/–](?:20)?\d\d\b", re.I)


ACADEMIC_YEAR = re.compile(r"\bacademic year\s+20\d\d[-/–](?:20)?\d\d\b", re.I)


SHARE = re.compile(r"\d\s?(?:%|per ?cent\b)|\bper (?:1,000|10,000|100,000|thousand)\b"
                   r"|\bout of\b|\bone in\b|\b\d+ in (?:every )?\d+\b|\b(?:half|a third|a quarter"
                   r"|two[- ]thirds|three[- ]quarters|majority|minority)\b", re.I)


ASKS_SEND = re.compile(r"\bSEND\b|(?i:special educational needs)")  # "send" the verb is not
ASKS_ILACS = re.compile(r"\bILACS\b|children['’]s (?:social care )?services (?:inspection|report)"
                        r"|inspection of (?:\w+ )?children['’]s (?:social care )?services", re.I)


def _other_inspection(question: str, meta: DocumentMeta) -> float:
    """1 when the question asks about one kind of Ofsted inspection (area SEND, or
    children's services / ILACS) and the passage is from the other kind's report."""
    described = " ".join(filter(None, (meta.document, meta.title, meta.document_type))).lower()
    send_report = "send" in re.split(r"[\W_]+", described)
    asks_send, asks_ilacs = bool(ASKS_SEND.search(question)), bool(ASKS_ILACS.search(question))
    return float(asks_send != asks_ilacs and send_report != asks_send
                 and ("inspection" in described or "ofsted" in described))


TARGET_ASKED = re.compile(r"\b(?:target|aim|aiming|ambition|goal|plan|planned|expected|forecast"
                          r"|projected|budget(?:ed)?)\b", re.I)
TARGET_SPAN = re.compile(r"\b(?:target|aim|ambition|goal)s?(?: of| is| was|:| to (?:reach|raise"
                         r"|achieve))\s+£?[\d,.]+\w*", re.I)
TARGET_FIGURE = re.compile(r"\b(?:target|aim|ambition|goal)s?(?: of| is| was|:| to (?:reach|raise"
                           r"|achieve))\s+£?\d", re.I)


# A figure asked for an earlier time than the report's own ("a year before the update"):
# the sentence must look back (a from/to, a comparison, a named year), not give today's.
EARLIER_ASKED = re.compile(r"\b(?:a|one) year (?:before|earlier|previously|prior)|\b(?:the )?"
                           r"(?:previous|prior|preceding) year\b|\blast year\b", re.I)
THEN_AND_NOW = re.compile(r"\b(?:from|previous(?:ly)?|last year|ago|earlier|compared|than"
                          r"|increased?|decreased?|rose|fell|risen|fallen|(?:19|20)\d\d)\b", re.I)


def _without_years(sentence: str, years: tuple[str, ...]) -> str:
    """The sentence less the years the question names: the report's own year ("in March
    2024") does not look back."""
    for year in years:
        sentence = sentence.replace(year, " ")
    return sentence


def _target_for_actual(q: Question, sentence: str) -> bool:
    """A figure asked as achieved ("how much had the campaign raised") and the sentence's
    only figure is a target ("to the target of £25,000"; not "raised £31,000, beating its
    target of £25,000")."""
    if q.kind != "number" or TARGET_ASKED.search(q.text) or not TARGET_FIGURE.search(sentence):
        return False
    return not QUANTITY.search(NOT_A_FIGURE.sub(" ", TARGET_SPAN.sub(" ", sentence)))


def _asks_share(q: Question) -> bool:
    """A number question after a share or rate ("what proportion", "the turnout rate"),
    not a count or an amount: a count does not answer it."""
    return (q.kind == "number" and bool(PERCENT_ASKED.search(q.text))
            and not COUNT_ASKED.search(q.text) and not MONEY_ASKED.search(q.text))


def _sentence_year(q: Question, meta: DocumentMeta, sentence: str,
                   fiscal: list[tuple[str, str]]) -> float:
    """1 when the question names a year, the sentence does not, and the sentence's
    document is dated two or more years after it: "the 2023 conference" is not the
    one a 2025 report describes without a year."""
    in_fiscal = {year for pair in fiscal for year in (pair[0], f"20{pair[1]}")}
    years = [y for y in q.years if y not in in_fiscal]
    if not years or not meta.date or any(y in sentence or f"/{y[2:]}" in sentence
                                         or f"-{y[2:]}" in sentence for y in years):
        return 0.0
    return float(all(int(meta.date[:4]) - int(y) >= 2 for y in years))


PAPER_OF_MONTH = re.compile(rf"\b(?:{MONTH_NAME}) (?:19|20)\d\d(?= (?:[\w'’-]+ ){{0,2}}(?:report"
                            r"|update|inspection|paper|meeting|register|statement|minutes"
                            r"|letter|review|ilacs)\b)", re.I)


def _other_month(q: Question, sentence: str) -> float:
    """1 when a figure is asked for a month ("open in March 2024") and the sentence gives a
    series of figures dated to other months ("from 662 in June 2023 to 583 in December
    2023"). A month that names a paper ("Ofsted's May 2022 report") asks for no figure."""
    naming = set(mentioned_dates(" ".join(PAPER_OF_MONTH.findall(q.text))))
    asked = {(month, year) for day, month, year in q.dates if day is None} - {
        (month, year) for _, month, year in naming}
    if not asked or q.kind != "number":
        return 0.0
    given = {(month, year) for _, month, year in mentioned_dates(sentence)}
    return float(len(given) >= 2 and not asked & given)


NAMED_BY_WORDS = 0.2  # naming score of a paper the question names by two of its own words


def _other_day(q: Question, meta: DocumentMeta, passage: str,
               of_the_day: frozenset[tuple[str | None, str | None]] = frozenset()) -> float:
    """1 when the question names a day ("the budget meeting on 13 February 2025") and the
    passage is neither from a document of that day nor mentions it. A paper the question
    names by its own words ("the call-in request itself and the report of 4 March") is not
    counted against, unless a paper of its kind (`of_the_day`: body and type) is the day's:
    the Panel's October minutes do not answer for its December meeting."""
    days = [d for d in q.dates if d[0] is not None]
    if not days or date_match(q, meta) >= DAY_MATCH:
        return 0.0
    if dict(q.named).get(meta.document, 0.0) >= NAMED_BY_WORDS \
            and (meta.body, meta.document_type) not in of_the_day:
        return 0.0
    return float(not set(days) & set(mentioned_dates(passage)))


def _financial_year_missing(fiscal: list[tuple[str, str]], passage: str) -> float:
    """1 when the question asks about a financial year ("in 2022/23") and the passage,
    with its document's title and reporting year, names none of those it asks, in any
    form ("2022-23", "2022/2023", "22/23", "2022 to 2023")."""
    return float(bool(fiscal) and not any(
        re.search(rf"\b(?:20)?{start[2:]}\s?[-/–]\s?(?:20)?{end[-2:]}\b"
                  rf"|\b{start} to (?:20)?{end[-2:]}\b", passage)
        for start, end in fiscal))


def _missing_specific(q: Question, missing: list[str], fiscal: list[tuple[str, str]],
                      passage: str, fiscal_held: bool = False) -> float:
    """Quarters ("Q3", "Quarter 3") the passage lacks, plus one when it holds none of the
    years the question names (a question naming 2017 and 2015 compares two reports; each
    holds one year). Years inside a financial year ("2024/25") count as that year."""
    in_fiscal = {year for pair in fiscal for year in (pair[0], f"20{pair[1]}")}
    years = [y for y in q.years if y not in in_fiscal]
    quarters = sum(1 for n in dict.fromkeys(QUARTER.findall(q.text))
                   if not re.search(rf"\b(?:quarter |q){n}\b", passage, re.I))
    return float(quarters + (1 if years and not fiscal_held and all(y in missing for y in years)
                             else 0))


def sentence_answers_type(q: Question, sentence: str) -> bool:
    """The sentence itself holds the kind of thing asked: a count or amount for "how
    many / how much" (a date or a reference number is not one), a date for "when"."""
    if q.kind == "number":
        figures = NOT_A_FIGURE.sub(" ", sentence)
        for given in QUESTION_FIGURE.findall(q.text):  # "the 18-25 service" asks no figure
            figures = re.sub(rf"(?<![\d.,]){re.escape(given)}(?![\d.,]*\d)", " ", figures)
        if not DURATION_ASKED.search(q.text):  # "how many sessions a week": not "14 hours"
            figures = DURATION.sub(" ", figures)  # "ran for eight weeks" counts no responses
        if COUNT_ASKED.search(q.text) and not PERCENT_ASKED.search(q.text):
            figures = PERCENTAGE.sub(" ", figures)  # a share is not a count
        if not QUANTITY.search(figures):
            return False
        if TALLY_ASKED.search(q.text) and not TALLY.search(sentence):
            return False  # votes for and against: a tally, not the motion's words
        if AVERAGE_ASKED.search(q.text) and not COMPARED_AVERAGE.search(q.text) \
                and not AVERAGE.search(sentence):
            return False  # an average caseload: not a count of open cases
        if MONEY_ASKED.search(q.text) and not PERCENT_ASKED.search(q.text) \
                and not COUNT_ASKED.search(q.text):  # "how many staff got the pay award"
            return bool(MONEY.search(sentence))
        return True
    return _holds_answer_type(q, sentence)


def _close_in_passage(best: Scored, ranked: list[Scored]) -> list[Scored]:
    """The passage's best sentence and those of it scoring within 0.8 of it: the answer
    leads with one of them when it holds what is asked (see compose_fact)."""
    return [best] + [s for s in ranked[:12] if s.hit.chunk.id == best.hit.chunk.id
                     and s is not best and s.score >= 0.8 * best.score]


def leading(ranked: list[Scored], n: int) -> list[Scored]:
    """The best sentence of each of the first n distinct passages."""
    seen: set[str] = set()
    out = []
    for s in ranked:
        if s.hit.chunk.id not in seen:
            seen.add(s.hit.chunk.id)
            out.append(s)
            if len(out) == n:
                break
    return out


def blank_cell(q: Question, best: Scored, ranked: list[Scored]) -> tuple[str, str] | None:
    """The column asked and the row's label, when the row of a tab-delimited table that
    the question names, among the best sentence and those close to it, leaves blank every
    column the question names ("what risk rating"): the table does not give it. The first
    such row decides: a row that fills the column asked answers. A yes/no question ("did
    the update give a rating") is answered by the row itself."""
    if YES_NO.match(q.text):
        return None
    for close in _close_in_passage(best, ranked):
        row = _table_row(q, close.hit.chunk.text, close.sentence)
        if row is not None and row.named >= ROW_NAMED:
            return (row.asked[0][0], row.label) if not any(v for _, v in row.asked) else None
    return None


YES_NO = re.compile(r"(?:\w+,\s+)?(?:did|does|do|is|was|were|are|has|have|had|will|can)\b", re.I)
ROW_NAMED = 2  # the question's words a table row must hold to be the row it asks about


def fills_column_asked(q: Question, table: str, sentence: str) -> bool:
    """The sentence is the table row the question names, and its cell under a column the
    question names is filled ("Risk that improvement is not sustained ... CII" for "what
    risk rating ... to the risk that improvement is not sustained")."""
    return _named_and_filled(_table_row(q, table, sentence))


def _named_and_filled(row: TableRow | None) -> bool:
    return row is not None and row.named >= ROW_NAMED and any(v for _, v in row.asked)


RATING_CODE = re.compile(r"([A-E])([IVX]{1,4})")  # likelihood letter, impact numeral: "CII"
KEY_CELL = re.compile(r"([A-E]|[IVX]{1,4})\s+[A-Z]\w*(?: \w+){0,2}")  # "C Unlikely", "II Major"


def rating_key(q: Question, table: str, sentence: str) -> list[str]:
    """For a risk table's row asked about whose rating is a code ("CII"), the cells of the
    table's key that its letters stand for ("C Unlikely", "II Major"), in the table's order;
    none when the table has no such key."""
    row = _table_row(q, table, sentence)
    code = next((RATING_CODE.fullmatch(value) for _, value in row.asked
                 if RATING_CODE.fullmatch(value)), None) if row and _named_and_filled(row) else None
    if code is None:
        return []
    after = table[table.find(sentence) + len(sentence):]
    keyed = [cell.strip() for line in after.splitlines()  # lines that are all key cells
             if all(KEY_CELL.fullmatch(cell.strip()) for cell in line.split("\t") if cell.strip())
             for cell in line.split("\t") if cell.strip()]
    found = [next((c for c in keyed if c.split()[0] == part), "") for part in code.groups()]
    return found if all(found) else []


@dataclass(frozen=True)
class TableRow:
    asked: list[tuple[str, str]]  # (column, cell) of each column the question names
    label: str  # the cell that names the row, as the question does
    named: int  # the question's words in the row beyond the asked columns' names


def _table_row(q: Question, table: str, sentence: str) -> TableRow | None:
    """The sentence as a row of a tab-delimited table, read under its header (the first
    line of the run of lines with as many cells); None for any other sentence, or when
    the question names none of its columns. The first column is left out of those asked:
    a blank there carries the label of the rows above."""
    if "\t" not in table:  # most passages: asked of every sentence scored
        return None
    lines = [line for line in table.splitlines() if line.strip()]
    at = next((i for i, line in enumerate(lines)
               if sentence.strip() and sentence.strip() in line), None)
    if at is None or "\t" not in lines[at]:
        return None
    row, top = lines[at], at
    while top > 0 and lines[top - 1].count("\t") == row.count("\t"):
        top -= 1
    if top == at:
        return None  # the header itself, or a line alone
    cells = [cell.strip() for cell in row.split("\t")]
    terms = set(q.terms)
    columns = list(zip([name.strip() for name in lines[top].split("\t")], cells, strict=False))
    asked = [(name, cell) for name, cell in columns[1:]
             if (words := [t for t in tokenize(name) if t not in GENERIC])
             and all(t in terms for t in words)]
    others = [cell for name, cell in columns if cell and (name, cell) not in asked]
    if not asked or not others:
        return None
    label = max(others, key=lambda cell: len(set(tokenize(cell)) & terms))  # first on a tie
    named = set(tokenize(" ".join(others))) - set(tokenize(" ".join(n for n, _ in asked)))
    return TableRow(asked, label, len(named & terms - GENERIC))


MEASURE_HOLDER = re.compile(r"\b(?:caseloads?|turnover(?: rate)?|vacanc(?:y|ies)(?: rate)?)\s+"
                            r"(?:of|for|among)\s+(?:the\s+)?((?:[\w'’-]+\s+){0,7}?[\w'’-]+)"
                            r"(?=\s+(?:at|on|during|by|from|was|were|is|are|did|does|according|as"
                            r"|across|within|supporting|working|last|this|each|ending|for|reported"
                            r"|in (?:the |its |their )?(?:[\w'’-]+ ){0,3}?(?:report|update|review"
                            r"|minutes|paper)|in (?:the )?children['’]s (?:services|social care)"
                            r"|in (?:the |its |their )?(?:\d|q\d"
                            rf"|quarter|year|latest|{MONTH_NAME}))\b|[?,]|\s+(?:19|20)\d\d\b)", re.I)
# what a holder's words never are: a period ("for 2024-25", "the year ending March")
PERIOD_WORD = re.compile(rf"^(?:\d+|{MONTH_NAME}|year|quarter|month|end|ending|last|this|q\d)$",
                         re.I)


def measure_holder(q: Question) -> frozenset[str]:
    """The words naming whose measure a question asks ("the average caseload of personal
    advisers": "person", "advis"), less those naming councils, places, periods and
    abbreviations."""
    match = MEASURE_HOLDER.search(q.text) if q.kind == "number" else None
    if match is None:
        return frozenset()
    naming = {t for place in places_named(q.text) for t in tokenize(place)}
    naming |= {t for council in q.councils for t in tokenize(council)}
    # an abbreviation ("KCC", "IROs") is matched by the keyword search and its spelling out
    naming |= {t for a in re.findall(r"\b[A-Z]{2,6}s?\b", q.text) for t in tokenize(a)}
    return frozenset(t for t in tokenize(match.group(1)) if t not in GENERIC
                     and t not in naming and not PERIOD_WORD.match(t))


def names_holder(holder: frozenset[str], text: str, question: str) -> bool:
    """The text names every word of whose measure is asked, a word's stem or a longer one
    ("social work" for "social workers"), or an abbreviation for it ("PA caseloads")."""
    words = set(tokenize(text)) | spelled_out(text, question)
    words |= said_plainly(words)
    return all(any(w == t or (min(len(w), len(t)) >= 4 and (w.startswith(t) or t.startswith(w)))
                   for w in words) for t in holder)


# An outcome asked as done ("what did the inspection conclude", "what were the results of
# the consultation"), and a sentence that has it still to come
OUTCOME_ASKED = re.compile(r"\bwhat (?:did|were|was|has|have) (?:the |its |their )?(?:[\w'’-]+ )"
                           r"{0,16}?(?:conclude|find|found|findings|results?|outcomes?"
                           r"|recommend(?:ed|ations?)?|decide|decided|decision)\b", re.I)
# Said of an outcome still to come, not a cause ("was due to rising costs") or a forecast
# figure ("are expected to fall")
TO_COME = re.compile(r"\bwill (?:take place|be (?:held|published|reported|shared|presented"
                     r"|considered|brought|available|known)|report|conclude|start|begin)\b"
                     r"|\b(?:is|are|was|were) (?:due|expected|scheduled|planned) to (?:take place"
                     r"|be (?:held|published|reported|presented|completed)|report|conclude|start"
                     r"|begin|publish)\b|\btimeline for\b|\bnot yet (?:been )?(?:known|published"
                     r"|reported|available|concluded|completed)\b|\bin due course\b|\bupcoming\b"
                     r"|\bforthcoming\b", re.I)
DONE = re.compile(r"\b(?:found|concluded|judged|identified|showed|recommended|decided|resolved)\b",
                  re.I)


def still_to_come(sentence: str) -> bool:
    """The sentence has an outcome still to come and reports none found."""
    return TO_COME.search(sentence) is not None and DONE.search(sentence) is None


# A share given as a named rate or level: "Turnover rate is 27%", "vacancy levels for case
# holding social workers is 30%"
NAMED_RATE = re.compile(r"(?:^|[,;]|\band\b)\s*(?:the\s+)?(?!(?:the|a|an|this|that|its|their|our"
                        r"|overall|current|latest)\b)([a-z][\w-]*)\s+(?:rates?|levels?)\b[^,;%]{0,60}?"
                        r"\b(?:is|was|are|were|of|at|stood at|reached)\s+\d+(?:\.\d+)?\s?(?:%|per ?cent\b)",
                        re.I)


def _other_rates_only(question: str, sentence: str) -> bool:
    """Every share the sentence gives is a rate or level it names by a word the question does
    not use, nor its stem nor an abbreviation of its words ("turnover", "vacancy" for "what
    percentage were agency staff"), and it gives one at least."""
    asked = frozenset(tokenize(question))
    shares = PERCENTAGE.findall(sentence)
    named = NAMED_RATE.findall(sentence)
    return bool(shares) and len(named) >= len(shares) and not any(
        _stem_named(asked, set(tokenize(word)) | said_plainly(set(tokenize(word)))
                    | spelled_out(word, question))  # "The EET rate": education, employment ...
        for word in named)


def _stem_named(asked: frozenset[str], words: set[str]) -> bool:
    """Some word is one asked, or shares its first five letters ("vacant", "vacancy")."""
    return any(w == t or (len(w) >= 5 and len(t) >= 5 and w[:5] == t[:5])
               for w in words for t in asked)
