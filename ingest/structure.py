"""Structure of council documents: pages of text -> blocks (paragraphs, lists, tables, headings).

Committee reports number their paragraphs (3.1, 5.6, or "- 5.3" in some extracts),
Ofsted reports number theirs (1., 2., ...) under judgement headings, minutes number
their items (292.). Running headers, footers and page numbers repeat on every page
and are dropped. A block never crosses a page, so every passage has one page.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from assistant.types import Page

NUMBERED_DOTTED = re.compile(r"^[-–•]?\s*(\d{1,3}(?:\.\d{1,3}){1,2})\.?\s+(\S.*)$")
NUMBERED_INT = re.compile(r"^[-–•]?\s*(\d{1,3})\.\s+([A-Z‘'\"“(].*)$")
BULLET = re.compile(r"^(\s*)([-–•◼▪●○■▶➢✓*\uf0b7\uf0a7])\s+(\S.*)$")
PAGE_NUMBER = re.compile(r"^(page\s+)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.IGNORECASE)
TERMINAL = (".", ";", ",", "?", "!")
# Headings that stand at the same place in every inspection report, often with no blank
# line before them in the extracted text.
STANDARD_HEADING = re.compile(
    r"(What needs to improve\??|Areas? for (?:improvement|development)|Recommendations"
    r"|What is the area partnership doing that is effective\?"
    r"|What does the area partnership need to do better\?)\s*", re.I)
# Ofsted's judgement headings ("The experiences and progress of children in care: good")
# follow the last bullet of "What needs to improve?" with no blank line between.
JUDGEMENT_HEADING = re.compile(
    r"(?:The impact of leaders on social work practice"
    r"|The experiences and progress of (?:children|care leavers)"
    r"|Overall effectiveness:)", re.I)
# A line cut mid-sentence: it ends in a comma or a word that cannot end a heading.
RUNS_ON = re.compile(r"(?:,|\b(?:of|the|and|to|in|with|for|a|an|by|on|or|that|which|is|are"
                     r"|was|were|be|as|at|from|their|its|this|these))$", re.I)
# A line of figures alone ("4 165.0"): in a register flattened by the PDF, the last cells of
# a row (likelihood, exposure). It ends the row, so the next row starts a passage of its own.
FIGURES_LINE = re.compile(r"\(?-?£?\d[\d,]*(?:\.\d+)?%?\)?(?: +\(?-?£?\d[\d,]*(?:\.\d+)?%?\)?)+")
# A table row's cells at the start of a line ("96.3 87.7 -8.6 Lower cost of hired transport":
# budget, forecast, variance, then the summary): no paragraph number, unless the number
# follows the page's last one and no three figures come after it.
FIGURES_FIRST = re.compile(r"[-+(]?£?\d[\d,]*(?:\.\d+)?%?\)?(?: +[-+(]?£?\d[\d,]*(?:\.\d+)?%?\)?){2,}"
                           r"(?= |$)")
# A judgement table's row ("3. Leadership, management and governance Require improvement")
# is a graded line, not a section heading.
GRADED = re.compile(r"\b(?:requires? improvement|good|outstanding|inadequate)$", re.I)
HEADING_MAX_WORDS = 18


@dataclass
class Block:
    """A structural unit of one page."""

    kind: str  # paragraph | list | table | heading | text
    page: int
    paragraph: str | None
    heading: str
    lines: list[str] = field(default_factory=list)
    own_number: bool = False  # the number stood in the text (not inherited or inferred)

    @property
    def text(self) -> str:
        if self.kind in ("list", "table"):
            return "\n".join(self.lines)
        return " ".join(self.lines)


def clean_line(line: str) -> str:
    line = line.replace("\u00a0", " ").replace("\u200b", "").replace("\t", "\t")
    if "\t" in line:
        return "\t".join(re.sub(r"[ ]{2,}", " ", cell).strip() for cell in line.split("\t"))
    return re.sub(r"\s{2,}", " ", line).strip()


def boilerplate_lines(pages: list[Page], edge: int = 10) -> set[str]:
    """Lines that recur at the top or bottom of many pages: running headers and footers."""
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for page in pages:
        lines = [clean_line(raw) for raw in page.text.splitlines()]
        lines = [ln for ln in lines if ln]
        edges = set(lines[:edge] + lines[-edge:])
        seen.update(_shape(ln) for ln in edges if not _is_body(ln))
    threshold = max(3, int(0.4 * len(pages)))
    return {shape for shape, count in seen.items() if count >= threshold}


def _is_body(line: str) -> bool:
    """Lines no running header or footer looks like: a numbered paragraph, a bullet, or a
    line that ends like a sentence. Short pages are all 'edge', and minutes repeat lines
    such as "45. RESOLVED that the report be noted." page after page: those are content."""
    return (line.endswith((*TERMINAL, ":")) or bool(NUMBERED_DOTTED.match(line))
            or bool(NUMBERED_INT.match(line)) or bool(BULLET.match(line)))


def _shape(line: str) -> str:
    """A line's identity for spotting repeats: short lines (page footers) ignore numbers."""
    line = re.sub(r"\s\d{1,3}$", " #", line.lower())  # a page number at the end of a footer
    return re.sub(r"\d+", "#", line) if len(line.split()) <= 6 else line


def strip_page(page: Page, boilerplate: set[str], seen_once: set[str]) -> list[str]:
    """The page's lines without running headers/footers and page numbers.

    A recurring line is kept on the first page (a table header or the document
    title is content there) and dropped on every later page.
    """
    lines = [clean_line(raw) for raw in page.text.splitlines()]
    nonblank = [i for i, ln in enumerate(lines) if ln]
    edges = set(nonblank[:3] + nonblank[-3:])
    kept: list[str] = []
    for i, line in enumerate(lines):
        if line and i in edges and PAGE_NUMBER.match(line):
            continue
        shape = _shape(line)
        if line and shape in boilerplate:
            if shape in seen_once or page.number > 1:
                continue
            seen_once.add(shape)
        kept.append(line)
    return kept


@dataclass
class Segment:
    """Lines of one page that belong together: a marker line and its continuation lines."""

    marker: str  # numbered | bullet | row | figures (a row's label and cells) | plain
    lines: list[str]
    after_blank: bool
    number: str | None = None

    @property
    def text(self) -> str:
        return " ".join(self.lines)


ROW_LABEL = 12  # words at most in a table row's label (a service, a risk's title)


def segments(lines: list[str]) -> list[Segment]:
    """Group a page's lines: a blank line or a marker (number, bullet, table row) starts anew."""
    out: list[Segment] = []
    blank = True
    last: str | None = None  # the last paragraph number on this page
    for line in lines:
        if not line:
            blank = True
            continue
        if out and out[-1].marker == "plain" and FIGURES_LINE.fullmatch(line) and "." in line:
            out[-1].lines.append(line)
            blank = True  # the row ends with its figures
            continue
        numbered = NUMBERED_DOTTED.match(line) or NUMBERED_INT.match(line)
        cells = FIGURES_FIRST.match(line)
        if cells and numbered and last is not None and _follows(numbered.group(1), last) \
                and not FIGURES_FIRST.match(numbered.group(2)):
            cells = None  # "6.2 45 36 of the 81 referrals ...": a paragraph opening with figures
        label = _row_label(out[-1]) if cells and out else []
        if label:  # the row's label, then its cells and what follows them
            del out[-1].lines[len(out[-1].lines) - len(label):]
            if not out[-1].lines:
                out.pop()
            out.append(Segment("figures", [*label, line], True))
            blank = False
            continue
        if cells:
            numbered = None
        if numbered and not blank and out and \
                _wrapped_number(out[-1], line, numbered.group(1), last):
            numbered = None
        elif numbered:
            last = numbered.group(1)
        bullet = BULLET.match(line)
        if "\t" in line:
            out.append(Segment("row", [line], blank))
        elif numbered:
            out.append(Segment("numbered", [numbered.group(2).strip()], blank, numbered.group(1)))
        elif bullet:
            out.append(Segment("bullet", [bullet.group(3).strip()], blank))
        elif blank or not out or out[-1].marker == "row" or STANDARD_HEADING.fullmatch(line) \
                or JUDGEMENT_HEADING.match(line):
            starts_section = bool(STANDARD_HEADING.fullmatch(line) or JUDGEMENT_HEADING.match(line))
            out.append(Segment("plain", [line], blank or starts_section))
        else:
            out[-1].lines.append(line)
        blank = False
    return out


def _row_label(previous: Segment) -> list[str]:
    """The lines that end a segment (text, a row before, or a numbered lead-in ending in
    ":") after its last full sentence or row, when they are short enough to be the label
    of the table row whose cells come next ("Home to School &", "College Transport")."""
    if previous.marker not in ("plain", "figures", "numbered"):
        return []
    lines = previous.lines
    cut = max((i + 1 for i, line in enumerate(lines)  # after the last sentence or row
               if line.endswith((*TERMINAL, ":")) or FIGURES_FIRST.match(line)), default=0)
    if previous.marker == "numbered" and cut == 0:
        return []  # the paragraph's own opening words, not a row's label
    label = lines[cut:]
    return label if label and len(" ".join(label).split()) <= ROW_LABEL else []


def _wrapped_number(previous: Segment, line: str, number: str, last: str | None) -> bool:
    """A number that starts a line only because the sentence before it wrapped there.

    "...an increase of\n3.5 per cent..." is no paragraph 3.5: the line before runs on
    mid-sentence, and 3.5 is followed by a lower-case word or, inside a paragraph, does
    not follow the page's last paragraph number.
    """
    before = previous.lines[-1]
    if previous.marker == "row" or before.endswith((*TERMINAL, ":")):
        return False
    if line.split(number, 1)[1].lstrip(". ")[:1].islower():
        return True
    running_on = (before[:1].islower() and len(before) >= 40) or (  # not a heading's tail
        previous.marker == "numbered" and len(before.split()) >= 8)
    return running_on and last is not None and not _follows(number, last)


def _follows(number: str, last: str) -> bool:
    """Whether `number` can come next after `last` (1.2 -> 1.3, 2.1, 1.2.1 or 2; 12 -> 13)."""
    new, old = [int(p) for p in number.split(".")], [int(p) for p in last.split(".")]
    if len(new) == 1 and len(old) > 1:  # a section after a sub-paragraph: 2.2 -> 3
        return 0 < new[0] - old[0] <= 2
    if len(old) == 1 and len(new) > 1:  # a sub-paragraph after its section: 3 -> 3.1
        return 0 <= new[0] - old[0] <= 2
    if len(new) == 1:
        return 0 < new[0] - old[0] <= 2
    return new > old and new[0] - old[0] <= 2


def looks_like_heading(text: str, max_words: int = HEADING_MAX_WORDS) -> bool:
    text = ITEM_REF.sub("", text).strip()
    words = text.split()
    if not words or len(words) > max_words or text.endswith((".", ";", ",", "!")):
        return False
    if "@" in text or PAGE_NUMBER.match(text):
        return False
    return text[0].isupper() or text[0].isdigit() or text[0] in "‘'\"“("


ITEM_REF = re.compile(r"\(Item \d+\)\s*$")
LEAD_IN_WORDS = 5  # a numbered line this long ending in ":" introduces a list
TITLE_WORDS = 6  # a first line this short, before a lead-in, is the section's title


def _lead_in(lines: list[str]) -> bool:
    """A numbered sentence that introduces what follows ("2. The evidence evaluated by
    inspectors included:", "3. Further to comments and questions from Members it was
    noted:"): a paragraph with its list, not a heading over the rest of the document. A
    short title on a line of its own before it ("7. Recommendation" / "The County Council
    is asked to:") is a heading still."""
    text = " ".join(lines)
    titled = len(lines) > 1 and len(lines[0].split()) <= TITLE_WORDS and \
        not lines[0].rstrip().endswith(",") and lines[1][:1].isupper()  # not a wrapped line
    return text.endswith(":") and len(text.split()) >= LEAD_IN_WORDS and not titled


class _Parser:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.current: Block | None = None
        self.section = ""
        self.subheading = ""
        self.number: str | None = None  # number that unnumbered text inherits

    @property
    def heading_path(self) -> str:
        return " > ".join(p for p in (self.section, self.subheading) if p)

    def flush(self) -> None:
        if self.current and any(ln.strip() for ln in self.current.lines):
            self.blocks.append(self.current)
        self.current = None

    def add(self, kind: str, page: int, number: str | None, lines: list[str],
            own: bool = False) -> None:
        self.flush()
        self.current = Block(kind, page, number, self.heading_path, lines, own)

    def page(self, page: int, lines: list[str], runs_on: bool = False) -> None:
        """Parse one page; `runs_on` says the next page opens mid-sentence."""
        segs = segments(lines)
        for i, seg in enumerate(segs):
            self.segment(page, seg, cut_by_page=runs_on and i == len(segs) - 1)
        self.flush()

    def segment(self, page: int, seg: Segment, cut_by_page: bool = False) -> None:
        text = seg.text
        if seg.marker == "row":
            if not (self.current and self.current.kind == "table"):
                self.add("table", page, self.number, [])
            self.current.lines.append(seg.lines[0])  # type: ignore[union-attr]
            return
        if seg.marker == "numbered":
            number = seg.number or ""
            if "." not in number and looks_like_heading(text, 24) and not RUNS_ON.search(text) \
                    and not GRADED.search(text) and not cut_by_page \
                    and not _lead_in(seg.lines):
                self.section, self.subheading, self.number = f"{number}. {text}", "", number
                self.add("heading", page, number, [f"{number}. {text}"], True)
                self.flush()
                return
            self.number = number
            self.add("paragraph", page, number, [text], True)
            return
        if seg.marker == "bullet":
            cur = self.current
            item = f"- {text}"
            if len(text.split()) >= 25 and cur and cur.kind == "paragraph" \
                    and not cur.text.endswith(":"):
                # a long dash item after a finished paragraph: a paragraph that lost its number
                self.add("paragraph", page, None, [text])
            elif cur and cur.kind == "list":
                cur.lines.append(item)
            elif cur and cur.kind in ("paragraph", "text") and \
                    (not seg.after_blank or cur.text.endswith(":")):
                cur.kind, cur.lines = "list", [cur.text, item]  # the paragraph is the lead-in
            else:
                self.add("list", page, self.number, [item])
            return
        if seg.marker != "figures" and seg.after_blank and looks_like_heading(text):
            self.subheading, self.number = text, None
            self.add("heading", page, None, [text])
            self.flush()
            return
        self.add("text", page, self.number, [text])


def parse_blocks(pages: list[Page]) -> list[Block]:
    """Blocks of every page, in reading order, with running headers and footers removed."""
    boilerplate = boilerplate_lines(pages)
    seen_once: set[str] = set()
    parser = _Parser()
    stripped = [strip_page(page, boilerplate, seen_once) for page in pages]
    for i, page in enumerate(pages):
        after = stripped[i + 1] if i + 1 < len(stripped) else []
        parser.page(page.number, stripped[i], runs_on=_opens_mid_sentence(after))
    blocks = parser.blocks
    _promote_long_bullets(blocks)
    infer_missing_numbers(blocks)
    return blocks


ITEM_MARK = re.compile(r"\(?(?:[a-z]|[ivx]{1,4})[.)]\s")  # "a)", "(b)", "iv." opening a list


def _opens_mid_sentence(next_page: list[str]) -> bool:
    """Whether the next page opens in lower case, carrying on the sentence that the page
    break cut ("75. The positioning of the adoption family-finding social worker in the
    permanency team has" / "strengthened parallel planning."): the numbered line that ends
    the page before is then a paragraph, not a heading over the rest of the report."""
    first = next((line for line in next_page if line), "")
    return first[:1].islower() and not ITEM_MARK.match(first)


def _promote_long_bullets(blocks: list[Block]) -> None:
    """A lone 'bullet' of many words is a paragraph whose number was lost in extraction."""
    for block in blocks:
        if block.kind == "list" and len(block.lines) == 1 and len(block.text.split()) >= 25:
            block.kind = "paragraph"
            block.lines = [block.lines[0].removeprefix("- ")]


def infer_missing_numbers(blocks: list[Block]) -> None:
    """Give an unnumbered paragraph between n.k and n.(k+2) the number n.(k+1)."""
    numbered = [i for i, b in enumerate(blocks) if b.own_number and b.kind == "paragraph"]
    for left, right in zip(numbered, numbered[1:], strict=False):
        a, b = blocks[left].paragraph or "", blocks[right].paragraph or ""
        if a.count(".") != 1 or b.count(".") != 1:
            continue
        (sa, na), (sb, nb) = a.split("."), b.split(".")
        if sa != sb or not (na.isdigit() and nb.isdigit()) or int(nb) - int(na) != 2:
            continue
        gap = [blocks[i] for i in range(left + 1, right)
               if blocks[i].kind == "paragraph" and not blocks[i].own_number]
        if len(gap) == 1:
            gap[0].paragraph = f"{sa}.{int(na) + 1}"
