"""What a question asks for: its kind, key terms, and the documents it points at."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from assistant.authorities import places_named
from assistant.keyword import tokenize
from assistant.types import DocumentMeta

LIST_CUES = re.compile(
    r"\b(what are|which are|list\w*|areas?\b.*\b(?:improv\w*|develop\w*)|need(?:s|ed)? to improv\w*"
    r"|(?:areas?|things?) (?:\w+ ){0,6}work on|shortcomings|which (?:other )?(?:[\w'’]+ ){0,4}?(?:areas|parts|judgements|indicators|kpis)\b"
    r"|(?:which|what) (?:other )?(?:\w+ )?services (?:would|will|could|does)\b"
    r"|(?:which|what) (?:other |two |three |four )?services\b[^?]{0,60}?\b(?:would|will|could"
    r"|are|were) (?:be )?(?:provided|offered|delivered|run|available)\b"
    r"|recommendations|priorities|(?:key |the |main )?risks(?! registers?\b)|actions|strengths"
    r"|weaknesses|challenges|what needs|options|grounds|reasons|steps)\b", re.I)
# "what are the roles ... called": the word asks a name, not "called on", "called in" (a
# call-in) nor "so-called"; "called in Medway" is a place.
NAME_ASKED = re.compile(r"\bwhat (?:is|are|was|were)\b.*(?<!so-)\b(?:known as\b|called\b"
                        r"(?!\s+(?:on|for|upon|off|into|back)\b)(?!\s+in\b(?!\s+(?-i:[A-Z]))))",
                        re.I)
# Plural nouns that ask for a list ("what concerns did members raise") unless a figure is
# asked of them ("the total cost of the changes").
# "what are Medway's social worker turnover rate and vacancy level": figures asked for by
# name, within a few words of the opening (not "the levels of need", not "the areas with
# the highest rates").
MEASURES = re.compile(r"\b(?:what|which) are (?:[\w'’-]+ ){0,5}?(?:rates?|levels?|percentages?"
                      r"|proportions?|figures?|totals?)\b(?! of\b)", re.I)
LIST_NOUNS = re.compile(r"\b(concerns|issues|comments|measures|sources|changes|factors|themes"
                        r"|conditions|alternatives)\b", re.I)
# "Which of the call-in reasons did Democratic Services assess as valid?": the few of a list
# that a sentence picks out ("Reasons 1 and 5 ... were assessed as valid"), not the list.
SELECTION_ASKED = re.compile(r"(?:^\s*|[,;:]\s+)which of (?:the|its|their|these|those) "
                             r"((?:[\w-]+ ){0,2}?[\w-]+)"
                             r"(?= (?:for|in|of|on|to|from|by|that|did|does|do|were|was|are|is"
                             r"|had|have|has)\b)[^?]*\b(?:valid|invalid|upheld|accepted|agreed"
                             r"|approved|rejected|assessed|judged|deemed|considered|found)\b",
                             re.I)


@lru_cache(maxsize=256)  # asked of every sentence scored against the same question
def selection_asked(text: str) -> tuple[str, ...]:
    """The list nouns a "which of the ..." question picks members of by a judgement on
    them ("which of the call-in reasons were assessed as valid": ("call-in", "reason"));
    () for other questions ("which of the schools had the highest rate")."""
    asked = SELECTION_ASKED.search(text)  # also after a sourcing clause ("In its report, which")
    return tuple(_singular(w.lower()) for w in asked.group(1).split() if len(w) > 3) if asked \
        else ()


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith(("ss", "us", "is")) else word
NUMBER_CUES = re.compile(
    r"\b(how many|how much|what (?:is|was) the (?:rate|number|percentage|level|total|cost|amount)"
    r"|rate|percentage|per ?cent|proportion|what share|number of|totals?|figures?|£|costs?"
    r"|budgets?|spend|turnover|vacanc|caseloads?|exposure|savings|what (?:is|was) the value"
    r"|valuations?|worth|variances?|overspends?|underspends?|fees?|(?<!in )charge|prices?"
    r"|average|allowances?|(?:does|do|did) [\w ]{1,20} pay|pay multiple"
    r"|(?<!about )(?<!about the )(?<!about staffing )ratios?"  # not "say about staffing ratios"
    r"|\bwhat (?:(?:is|was|will be) the )?(?:council tax|pay|rent|fees?|prices?|precept"
    r"|budget|funding|grant|salary|wage|percentage|cash) (?:increase|rise|allocation|award)\b"
    r"|(?:what|how much)\b[^?]{0,40}\b(?:salar(?:y|ies)|wages?|remuneration)(?! sacrifice)"
    r"(?<!minimum wage)(?<!living wage))\b", re.I)
CHANGE_CUES = re.compile(
    r"\b(changed?|since|compared|comparison(?=,?\s+(?:with|to|of|between)\b)|in comparison"
    r"|over time|between .* and|trend|improved since|from \d{4} to|progress since|difference"
    r"|then and now|previous inspection)\b", re.I)
# "When" and "who" ask only as the question's own word ("When did...", "..., and who
# seconded it?"): "children who need help" and "when Cabinet considered" ask neither.
ASKING = r"(?:^|[.?!,;:]\s*|\band\s+|\bor\s+)"
WHEN_CUES = re.compile(rf"{ASKING}(?:when|how long)\b|\b(?:what|which) (?:date|year|month)\b",
                       re.I)
WHO_CUES = re.compile(rf"{ASKING}(?:who|whom)\b|\bwho (?:proposed|seconded|moved|chaired|wrote|led"
                      r"|took|signed)\b|\bwhich (?:\w+ )?(?:hmi|inspector|officer|councillor"
                      r"|member|director|cabinet member|person)\b", re.I)
# "How did Ofsted rate ...": a rating verb asks for a judgement, not a number.
JUDGED = re.compile(r"\bhow (?:did|does|do|would|has|have) .*\brated?\b(?! of)", re.I)
YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
# "Roughly how much": a hedge, not a word the answer must hold ("rough sleeping" is one)
HEDGES = re.compile(r"\b(?:roughly|approximately)\b", re.I)
SINCE = re.compile(r"\bsince (?:the )?(?:(?:end|start|beginning|middle) of |[A-Za-z]\w*[ -])?((?:19|20)\d\d)\b",
                   re.I)
# SEND as special educational needs, not the verb ("did it send the decision back?")
SEND_NOUN = (r"\bsend\b(?!\s+(?:it|them|this|that|these|those|the|a|an|back|to|out|in|on|for"
             r"|him|her|us|me|you|letters?|reports?)\b)(?<!\bto send)")
TYPE_CUES = (
    (re.compile(r"\bofsted|inspect|judge?ment|inspectors?\b", re.I), ("ofsted", "inspection")),
    (re.compile(r"\bminutes?|meeting|resolved|proposed(?! the call[- ]in)|seconded\b|\bdid (?:it|they|the (?:full )?"
                r"(?:council|committee|cabinet|panel)) (?:decide|agree|vote|send|refer|approve"
                r"|reject|accept|resolve|endorse|confirm|support)", re.I), ("minutes",)),
    (re.compile(r"\brisk register|budget risk", re.I), ("risk register",)),
    (re.compile(rf"{SEND_NOUN}|special educational", re.I), ("send",)),
    (re.compile(r"\bimprovement update\b|scrutiny committee report", re.I), ("committee report",)),
    (re.compile(r"\bperformance report|kpi", re.I), ("performance report",)),
    # who took a decision, and when it was signed, is the record of decision's to say
    (re.compile(r"\b(?:took|taken|signed|record of) (?:the |this |that )?(?:key |executive )?"
                r"decision|decision "
                r"(?:\S+ )?(?:was )?(?:taken|signed)|\bwas it signed\b", re.I),
     ("record of decision",)),
)


# Standard sections of council papers and inspection reports, and the questions that
# ask for them: "what needs to improve" is answered by that heading's list.
SECTIONS = {
    "improve": (re.compile(r"need(?:s|ed)? to (?:be )?improv|areas? (?:for|of|requiring|needing) (?:\w+ )?improvement"
                           r"|areas? (?:for|to) (?:develop|improve)|improvements? (?:needed|required)"
                           r"|should improve|still needs|(?:areas?|things?) (?:\w+ ){0,6}work on\b"
                           r"|weakness|shortcoming|do better|(?:get|be) better at\b|(?:must|should|needs? to) address"
                           r"|(?:asked|told|wants?|wanted|required|expects?|expected) (?:\w+ ){0,3}to improve"
                           r"|\barea (?:\w+ ){0,5}to improve"
                           # "what improvement areas did Ofsted set out", "what improvements
                           # did Ofsted ask for"
                           r"|\bimprovement areas?\b(?=.*\b(?:ofsted|inspect\w*|ilacs)\b)"
                           r"|\bimprovements? (?:did|does|do|has|have|had) (?:the )?(?!been\b)[\w'’]+ (?:ask|want"
                           r"|recommend|requir|expect|set out|identif|call(?:ed|s)? for|seek|sought)",
                           re.I),
                re.compile(r"what needs to improve|areas? for improvement|recommendations", re.I)),
    "strengths": (re.compile(r"\bstrengths?\b|doing well|effective|working well", re.I),
                  re.compile(r"doing that is effective|strengths", re.I)),
    "risks": (re.compile(r"\brisks?\b", re.I),
              re.compile(r"risk management|key risks|risk register|risks", re.I)),
    "recommendations": (re.compile(r"recommend|asked to", re.I),
                        re.compile(r"recommendations?|decision required", re.I)),
    # "How much a year does KCC expect to save?", "How much budget moves across?": a
    # report's Financial Implications, as a heading or a paragraph's label
    "finance": (re.compile(r"\bhow much\b(?! time)(?=[^?]*\b(?:budget|money|cost|sav(?:e|es|ing"
                           r"|ings)|spend|fund\w*|pay)\b)|\b(?:cost|save|saving|savings)\b",
                           re.I),
                # the section itself, not the sections after it on its heading path
                re.compile(r"(?:^|\n)\s*(?:\d+\.?\s*)?financial implications\b(?![^\n]* > )",
                           re.I)),
    "judgement": (re.compile(r"overall effectiveness|judge?ment|judged|rated|rating|\bgrad(?:e|ed|es|ing)\b"
                             r"|overall conclusion|conclude|inspection outcome"
                             # "what did the inspection find (in Thurrock in 2024)?"
                             r"|\b(?:inspection|ofsted|inspectors?)\b[^?]*\b(?:find|found)"
                             r"(?:\s+(?:in|at|during)\s+(?-i:[A-Z0-9])[\w'’ ]{0,40})?\W*$", re.I),
                  re.compile(r"judgement grade|overall effectiveness|inspection outcome"
                             r"|overall judgement|services .{0,40}requires? improvement to be good"
                             # a single inspection's headline: "Children’s services in Kent are good"
                             r"|^children.s services in [\w ]{1,40} (?:are|is) (?:good|outstanding|inadequate)",
                             re.I)),
}


# The words that ask for each section, as whole words ("rated" is not cut out of "integrated").
SECTION_WORDS = tuple(re.compile(rf"\b(?:{cue.pattern})\w*", re.I) for cue, _ in SECTIONS.values())


def section_tags(heading: str) -> frozenset[str]:
    return frozenset(name for name, (_, pattern) in SECTIONS.items() if pattern.search(heading))


@dataclass(frozen=True)
class Question:
    text: str
    kind: str  # fact | number | list | change | when | who
    terms: tuple[str, ...]  # keyword tokens
    years: tuple[str, ...]
    councils: tuple[str, ...]  # council names the question mentions (as indexed)
    type_hints: tuple[str, ...]
    sections: tuple[str, ...] = ()
    dates: tuple[tuple[int | None, int, int], ...] = ()  # (day or None, month, year) named
    named: tuple[tuple[str, float], ...] = ()  # documents its words name, by how distinctly
    since: str | None = None  # "since 2019": that year and the documents after it
    elsewhere: tuple[str, ...] = ()  # councils it names that no indexed document is from


def analyse(text: str, metas: dict[str, DocumentMeta] | None = None) -> Question:
    years = tuple(dict.fromkeys(YEAR.findall(text)))
    councils = tuple(sorted({m.council for m in (metas or {}).values()
                             if m.council and mentions_council(text, m.council)}))
    hints = tuple(h for pattern, names in TYPE_CUES if pattern.search(text) for h in names)
    asked = DASHED_SCENE.sub("", SCENE.sub("", text))  # the ask, not the scene it sets
    sections = tuple(name for name, (cue, _) in SECTIONS.items() if cue.search(asked))
    kind = _kind(text, years)
    if kind == "fact" and "improve" in sections and not WHO_CUES.search(text):
        kind = "list"  # "what did Ofsted still want Essex to get better at": that section's list
    dates = mentioned_dates(text)
    if kind == "change":  # "between the January and February 2025 versions": two documents
        dates = tuple(dict.fromkeys([(None, MONTHS.index(m.lower()[:3]) + 1, int(y))
                                     for m, y in PAIRED_MONTH.findall(text)] + list(dates)))
    return Question(text=text, kind=kind, terms=tuple(tokenize(HEDGES.sub(" ", text))),
                    years=years, councils=councils, type_hints=hints, sections=sections,
                    elsewhere=unindexed_councils(text, metas or {}),
                    dates=dates,
                    named=tuple(sorted(_with_years_named(naming_scores(text, metas or {}),
                                                         years, councils, hints,
                                                         metas or {}).items())),
                    since=since.group(1) if (since := SINCE.search(text)) else None)


MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_NAME = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
              r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
DATE_MENTION = re.compile(r"\b(?:(\d{1,2})(?:st|nd|rd|th)?(?:\s*-\s*\d{1,2})?\s+)?"
                          rf"({MONTH_NAME})\b\.?,?\s+(\d{{4}})\b", re.I)
PAIRED_MONTH = re.compile(rf"\b({MONTH_NAME})\s+(?:and|or|to)\s+(?:{MONTH_NAME})\s+(\d{{4}})\b",
                          re.I)
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def mentioned_dates(text: str) -> tuple[tuple[int | None, int, int], ...]:
    """'4 March 2025' -> (4, 3, 2025); 'November 2025' -> (None, 11, 2025); ISO dates too."""
    found = [(int(d) if d else None, MONTHS.index(m.lower()[:3]) + 1, int(y))
             for d, m, y in DATE_MENTION.findall(text)]
    found += [(int(d), int(m), int(y)) for y, m, d in ISO_DATE.findall(text)]
    return tuple(dict.fromkeys(found))


def date_match(question: Question, meta: DocumentMeta) -> float:
    """A document dated (or described as held) on the day, or in the month, the question
    names: "the report to Cabinet on 4 March 2025", "Ofsted's November 2025 inspection"."""
    if not question.dates:
        return 0.0
    best = 0.0
    for day, month, year in question.dates:
        for d, m, y in _document_dates(meta):
            if (m, y) == (month, year):
                best = max(best, DAY_MATCH if day is not None and day == d else MONTH_MATCH)
    return best


@lru_cache(maxsize=4096)
def _document_dates(meta: DocumentMeta) -> tuple[tuple[int | None, int, int], ...]:
    """The dates a document is known by (its own, and those its body and title give)."""
    return mentioned_dates(" ".join(filter(None, (meta.date, meta.body, meta.title))))


@lru_cache(maxsize=4096)
def _described_terms(meta: DocumentMeta) -> frozenset[str]:
    return frozenset(tokenize(" ".join(filter(None, (meta.title, meta.document_type,
                                                     meta.body)))))


def _with_years_named(scores: dict[str, float], years: tuple[str, ...],
                      councils: tuple[str, ...], hints: tuple[str, ...],
                      metas: dict[str, DocumentMeta]) -> dict[str, float]:
    """A question across years of one council ("Ofsted's 2019 finding against the March
    2024 update") names, for each year, the council's one document of that year, or its
    one document of a kind the question asks for ("Ofsted's 2025 report")."""
    if len(years) < 2 or not councils:
        return scores
    scores = dict(scores)
    for year in years:
        of_year = [m for m in metas.values() if m.council in councils
                   and year in document_years(m)]
        choices = [of_year] if len(of_year) < 2 else [
            [m for m in of_year if hint in description(m)] for hint in hints]
        for chosen in choices:
            if len(chosen) == 1:
                name = chosen[0].document
                scores[name] = max(scores.get(name, 0.0), NAMED_CAP)
    return scores


def description(meta: DocumentMeta) -> str:
    """What a document is, in one lower-case line: its type, body, title and file name."""
    return " ".join(filter(None, (meta.document_type, meta.body, meta.title,
                                  meta.document))).lower()


DAY_MATCH, MONTH_MATCH = 0.4, 0.25
NAMED_WORD, NAMED_CAP = 0.1, 0.2


def naming_scores(text: str, metas: dict[str, DocumentMeta]) -> dict[str, float]:
    """Documents the question names by a distinctive word of their title, kind or body
    ("the Section 25 statement", "the executive response", "the record of decision"):
    a word found in the descriptions of at most a tenth of the documents."""
    if not metas:
        return {}
    # Dates are matched as dates (date_match); their day and month words name nothing,
    # nor do the words that ask for a standard section ("needs to improve" is not the
    # "children in need" of a title).
    for asking in SECTION_WORDS:
        text = asking.sub(" ", text)
    words = {w for w in tokenize(DATE_MENTION.sub(" ", text)) if not w.isdigit()}
    if not re.search(SEND_NOUN, text, re.I):
        words.discard("send")  # the verb ("send it back"), not special educational needs
    for meta in metas.values():
        if meta.council:
            words -= set(tokenize(meta.council))
    described = {name: _described_terms(m) for name, m in metas.items()}
    spread = Counter(t for terms in described.values() for t in terms)
    distinctive = max(1, len(metas) // 10)
    scores = {}
    for name, terms in described.items():
        named = [t for t in terms & words if spread[t] <= distinctive]
        if named:
            scores[name] = min(NAMED_CAP, NAMED_WORD * len(named))
    return scores


# "When the Committee looked at the call-in, what did it agree?": an opening clause sets
# the scene; the question is what follows it.
SCENE = re.compile(r"^(?:when|after|before|following|at|in)\b(?!\s+(?:did|does|do|was|were|is"
                   r"|are|will|has|have)\b)[^?]*?,\s*(?=(?:what|who|which|how|did|does|do|was"
                   r"|were|is|are|has|have)\b)", re.I)


# "Thurrock was rated outstanding in 2024 - what challenges did inspectors say remain?"
DASHED_SCENE = re.compile(r"^[^?]*?\s[-–—]\s+(?=(?:what|who|which|how|did|does|do|was|were|is"
                          r"|are|has|have)\b)", re.I)


RELATIVE_PERIOD = re.compile(r"\bcompared (?:with|to) (?:the )?(?:same|previous|last|prior"
                             r"|preceding) (?:quarter|year|month|period)\b|\b(?:compared (?:with"
                             r"|to) )?(?:a|one) year (?:earlier|before)\b", re.I)


def _only_relative_period(text: str) -> bool:
    """Every word of change the text has lies in a figure's earlier period ("compared with
    the same quarter a year earlier"): no "changed", "since" or "previous inspection"."""
    spans = [m.span() for m in RELATIVE_PERIOD.finditer(text)]
    cues = list(CHANGE_CUES.finditer(text))
    return bool(spans) and bool(cues) and all(
        any(start <= cue.start() and cue.end() <= end for start, end in spans) for cue in cues)


def _kind(text: str, years: tuple[str, ...]) -> str:
    text = SCENE.sub("", text)
    # "Who seconded the amendment that changed the motion in March 2025?" asks for a
    # person: with one year or none, asking who or when outranks a word of change.
    asks_who_or_when = bool(WHO_CUES.search(text) or WHEN_CUES.search(text))
    # "How many ... between April and November 2024" asks a figure over a period; a
    # "between" compares only two years or two documents.
    cue = CHANGE_CUES.search(text)
    if cue is None:
        return _kind_of_ask(text)
    period = cue.group(1).lower().startswith("between") and len(years) < 2 and \
        not re.search(r"\b(?:inspections|registers|versions|reports|documents)\b", text, re.I)
    # "what proportion ..., compared with the same quarter a year earlier": one report's
    # figure and the earlier one it gives beside it
    period = period or (len(years) < 2 and _only_relative_period(text))
    if not period and (len(years) >= 2 or not asks_who_or_when and (
            years or re.search(r"inspection|register", text, re.I))):
        return "change"
    return _kind_of_ask(text)


def _kind_of_ask(text: str) -> str:
    if WHO_CUES.search(text):
        return "who"
    if WHEN_CUES.search(text):
        return "when"
    asked = _main_clause(text)
    if NAME_ASKED.search(asked):  # "what are the roles ... called": a name, not a list
        return "fact"
    if selection_asked(asked):  # "which of the reasons were valid": the ones picked out
        return "fact"
    cue = LIST_CUES.search(asked)
    if cue and not re.search(r"\bhow (?:many|much)\b", text, re.I):
        if (cue.group(1).lower() in ("what are", "which are") and MEASURES.search(asked)
                and not LIST_CUES.search(asked, cue.end()) and not LIST_NOUNS.search(asked)):
            return "number"  # "what are the turnover rate and vacancy level": figures
        return "list"
    if LIST_NOUNS.search(asked) and not NUMBER_CUES.search(text):
        return "list"
    if NUMBER_CUES.search(text) and not JUDGED.search(text):
        return "number"
    return "fact"


def _main_clause(text: str) -> str:
    """The question without its sourcing tail: in "..., as given in the reasons for the
    decision" the reasons say where to look, not what to list."""
    return re.split(r",? (?:as (?:given|set out|stated) in|according to|in the light of) ",
                    text, maxsplit=1)[0]


# "Surrey County Council", "Bexley Council", "the London Borough of Hackney"
COUNCIL_NAMED = re.compile(r"\b(?:London|Royal) Borough of ((?:[A-Z][\w'’-]+ ?){1,3})"
                           r"|((?:[A-Z][\w'’-]+ ){1,3})(?:Borough |City |District )?Council\b")
# Capitalised words before "Council" that name no place ("Did Full Council ...",
# "the Children in Care Council", "Kent Youth Council" is Kent's).
NOT_A_PLACE = frozenset([
    "the", "a", "an", "and", "of", "did", "does", "do", "what", "when", "where", "why", "how",
    "which", "who", "whom", "has", "have", "had", "was", "were", "is", "are", "at", "in", "on",
    "for", "by", "to", "from", "with", "full", "county", "city", "borough", "district",
    "parish", "town", "executive", "local", "area", "care", "children", "young", "people",
    "youth", "school", "schools", "pupils", "students", "members", "member", "each", "every",
    "this", "that", "our", "their", "its", "independent",
    # the kinds of meeting of a council, and bodies called councils that are not councils
    "annual", "extraordinary", "budget", "special", "ordinary", "arts", "privy", "european",
    "design", "research", "medical", "science", "london", "royal", "national", "sports"])


def unindexed_councils(text: str, metas: dict[str, DocumentMeta]) -> tuple[str, ...]:
    """Councils the question names, by their title ("Surrey County Council") or by the
    place of a children's services authority ("Bexley"), that no indexed document is from."""
    if not metas:
        return ()
    councils = {m.council for m in metas.values() if m.council}
    known = {word for c in councils for word in council_key(c).split()} | {
        _initials(c) for c in councils}  # "KCC Council" is Kent's
    found = []
    for match in COUNCIL_NAMED.finditer(text):
        name = match.group(0).strip()
        place = council_place(name)
        if place and not any(w in known for w in place):
            found.append(name)
    indexed = " | ".join(_plain_place(council_key(c)) for c in councils)
    for town in places_named(text):  # "How was Bexley rated?": a council by its place alone
        if _plain_place(town) not in indexed and not any(
                _plain_place(town) in _plain_place(council_key(name)) for name in found):
            found.append(town)
    return tuple(dict.fromkeys(found))


def _plain_place(name: str) -> str:
    """A place name as manifests and questions both write it: 'Stoke-on-Trent' and
    'Stoke On Trent', 'Telford and Wrekin' and 'Telford Wrekin' are one place."""
    words = re.sub(r"[-,]", " ", name.lower()).split()
    return " ".join(w for w in words if w != "and")


def names_by_initials(text: str, councils: set[str]) -> bool:
    """Whether the text names one of these councils by its initials ("KCC")."""
    return any(re.search(rf"\b{_initials(c).upper()}\b", text) for c in councils
               if len(_initials(c)) >= 3)


def _initials(council: str) -> str:
    """'Kent County Council' -> 'kcc'."""
    return "".join(word[0] for word in council.lower().split())


def council_place(name: str) -> list[str]:
    """'Surrey County Council' -> ['surrey']; 'Bexley Council's' -> ['bexley']."""
    words = [w.lower().removesuffix("'s").removesuffix("’s") for w in name.split()]
    return [w for w in words if w not in NOT_A_PLACE and w != "council"
            and not re.fullmatch(MONTH_NAME, w)]


ACRONYM = re.compile(r"\b[A-Z]{2,6}(?=s?\b)")
CAPITALS_SHARE = 0.4  # of a text's letters, above which its capitals are not abbreviations
# Words an abbreviation may pass over without a letter for them
JOINING = frozenset(["and", "of", "in", "the", "for", "with", "to", "on"])


# Plain words a question may use for the report's own (stems, as tokenize() makes them):
# "roughly how much moves across" is answered by "approximately £59m ... transferred".
PLAIN_WORDS = tuple(frozenset(tokenize(group)) for group in (
    "move transfer", "born babies births",
    "checks audits", "files cases", "staff workforce employees",
    "empty vacant vacancies", "cost spend expenditure", "money funding budget",
    "teenagers adolescents", "kids children", "waiting delays timeliness", "broken faulty",
    "respite breaks",
))


def said_plainly(tokens: set[str]) -> set[str]:
    """The plain words for the report words among these tokens (and the reverse)."""
    return {word for group in PLAIN_WORDS if group & tokens for word in group}


def spelled_out(text: str, question: str) -> set[str]:
    """Terms of the question that an acronym in the text stands for: "UASC" in a passage
    answers "unaccompanied asylum-seeking children", "KPIs" "key performance indicators"."""
    letters = [c for c in text if c.isalpha()]
    if sum(c.isupper() for c in letters) > CAPITALS_SHARE * len(letters):
        return set()  # a heading in capitals ("WHAT NEEDS TO IMPROVE"): words, not abbreviations
    words = re.findall(r"[A-Za-z]+", question)
    found: set[str] = set()
    for acronym in set(ACRONYM.findall(text)):
        if re.search(rf"\b{acronym}s?\b", question):
            continue  # asked as the acronym: matched as a term already
        for start in range(len(words)):
            run = initials_run(acronym.lower(), words[start:start + 2 * len(acronym)])
            if run and sum(w.lower() not in JOINING for w in run) >= 2:
                found.update(tokenize(" ".join(run)))
                break
    return found


def initials_run(letters: str, words: list[str]) -> list[str]:
    """The words from the first on whose initials spell the letters ('and', 'of' ... may
    be passed over); [] if they do not."""
    run: list[str] = []
    for word in words:
        if not letters:
            break
        if word[0].lower() == letters[0]:
            run.append(word)
            letters = letters[1:]
        elif run and word.lower() in JOINING:
            run.append(word)
        else:
            return []
    return run if not letters else []


def council_key(council: str) -> str:
    """'Medway Council' -> 'medway'; 'Kent County Council' -> 'kent'."""
    words = re.sub(r"\b(county|borough|city|district|metropolitan|council|local area partnership"
                   r"|of|the)\b", " ", council.lower()).split()
    return " ".join(words)


def mentions_council(text: str, council: str) -> bool:
    key = council_key(council)
    return bool(key) and re.search(rf"\b{re.escape(key)}\b", text.lower()) is not None


REPORTED_WITHIN = 6  # months after a date that the papers reporting on it come out


def _reports_on(question: Question, meta: DocumentMeta) -> bool:
    """A paper dated in the months after a month the question names ("at the end of
    December 2024": the quarter 3 report of March 2025)."""
    if not meta.date or not question.dates:
        return False
    year, month = int(meta.date[:4]), int(meta.date[5:7])
    return any(0 <= (year - y) * 12 + month - m <= REPORTED_WITHIN for _, m, y in question.dates)


FINANCIAL_YEAR = re.compile(r"\b(20\d\d)[/-](\d\d)\b")


def years_meant(question: Question) -> set[str]:
    """The question's years, with the second year of a financial year ("2024/25" runs
    into 2025: its quarter 3 report is dated March 2025)."""
    return set(question.years) | {first[:2] + second for first, second
                                  in FINANCIAL_YEAR.findall(question.text)
                                  if int(second) == (int(first[2:]) + 1) % 100}


def document_years(meta: DocumentMeta) -> set[str]:
    """The years a document is known by: its date's, and those in its title, body, file name."""
    return set(YEAR.findall(" ".join(filter(None, (meta.date, meta.body, meta.title,
                                                   meta.document)))))


def naming_score(question: Question, meta: DocumentMeta) -> float:
    """How distinctly the question names this document by its date or its title words."""
    return date_match(question, meta) + dict(question.named).get(meta.document, 0.0)


def document_affinity(question: Question, meta: DocumentMeta) -> float:
    """How strongly the question points at this document: its council, year, type, date
    and title words (about -0.8 to 1.8)."""
    score = 0.0
    if question.councils:
        score += 0.5 if meta.council in question.councils else -0.5
    if question.years:
        later = bool(question.since and meta.date and meta.date[:4] >= question.since)
        score += (0.5 if later or document_years(meta) & years_meant(question)
                  or _reports_on(question, meta) else -0.3)
    if question.type_hints:
        described = description(meta)
        if any(h in described for h in question.type_hints):
            score += 0.2
    return score + naming_score(question, meta)
