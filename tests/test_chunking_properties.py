"""Nothing is lost by structure and chunking: properties over generated council pages.

Hypothesis writes pages the way council reports come out of a PDF: a running header
and footer and a page number on every page, headings, numbered paragraphs (1.1,
"- 5.3", Ofsted's "12."), bullet lists with a lead-in, plain paragraphs, lines
wrapped mid-sentence. Whatever it writes, every sentence of a page's body must be
in a chunk of that page, with the paragraph number it stood under, every chunk must
fit the token budget, and the same pages must give the same chunk ids in any process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.embedding import FakeEmbedder
from assistant.types import Page
from ingest.chunking import chunk_blocks
from ingest.structure import parse_blocks

ROOT = Path(__file__).resolve().parent.parent
count_tokens = FakeEmbedder().count_tokens

WORDS = (
    "council", "committee", "budget", "placements", "social", "workers", "turnover",
    "children", "families", "report", "plan", "improvement", "officers", "members",
    "review", "service", "quality", "practice", "care", "leavers", "housing", "schools",
    "audit", "risk", "register", "agency", "staff", "vacancy", "rate", "adoption",
    "fostering", "inspection", "outcome", "partners", "health", "visitors", "panel",
    "scrutiny", "cabinet", "decision", "reserves", "spending", "forecast", "savings",
    "target", "performance",
)
NUMBERS = ("27%", "£5.2m", "2023", "14", "3.5", "1,200", "£400,000", "19%", "Q3", "2024/25")
HEADERS = ("Medway Council", "Children and Young People Overview and Scrutiny Committee",
           "Kent County Council Cabinet 30 January 2025", "OFFICIAL",
           "Inspection of Thurrock Council children's services")
REPEATED = ("The committee noted the report.", "RESOLVED that the report be noted.",
            "The Chair thanked officers for the update.")
HEADINGS = ("Background", "Recommendations", "Financial implications", "Risk management",
            "Advice and analysis", "Legal implications", "Workforce", "Next steps",
            "Summary of findings")


@dataclass
class Expected:
    sentence: str
    page: int
    paragraph: str | None  # the number it stands under, where the text gives one


@dataclass
class Document:
    pages: list[Page]
    expected: list[Expected] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)


@st.composite
def sentences(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=14))
    if draw(st.booleans()):  # never last: "...was\n14. The" would read as paragraph 14
        words.insert(draw(st.integers(1, len(words) - 1)), draw(st.sampled_from(NUMBERS)))
    return " ".join([words[0].capitalize(), *words[1:]]) + "."


def _wrapped(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    """A report of 1-5 pages, with its running header/footer and what each page says."""
    n_pages = draw(st.integers(1, 5))
    header = draw(st.sampled_from(HEADERS))
    footer = draw(st.sampled_from(("Page {n} of {total}", "{n}", "- {n} -")))
    width = draw(st.integers(60, 110))
    doc = Document(pages=[], boilerplate=[header])
    section, sub, ofsted = 0, 0, 0
    for n in range(1, n_pages + 1):
        lines = [header, ""]
        for _ in range(draw(st.integers(1, 5))):
            kind = draw(st.sampled_from(("heading", "numbered", "dash", "ofsted", "list",
                                         "plain", "repeated")))
            body = draw(st.lists(sentences(), min_size=1, max_size=3))
            if kind == "heading":
                section, sub = section + 1, 0
                lines += [f"{section}. {draw(st.sampled_from(HEADINGS))}", ""]
                continue
            if kind in ("numbered", "dash"):
                sub += 1
                number = f"{max(section, 1)}.{sub}"
                prefix = f"- {number}" if kind == "dash" else number
                lines += [*_wrapped(f"{prefix} {' '.join(body)}", width), ""]
                doc.expected += [Expected(s, n, number) for s in body]
            elif kind == "ofsted":
                ofsted += 1
                lines += [*_wrapped(f"{ofsted}. {' '.join(body)}", width), ""]
                doc.expected += [Expected(s, n, str(ofsted)) for s in body]
            elif kind == "list":
                lead = body[0].removesuffix(".") + " include:"
                items = draw(st.lists(sentences(), min_size=1, max_size=4))
                lines += [lead, *[f"• {item}" for item in items], ""]
                doc.expected += [Expected(lead, n, None)]
                doc.expected += [Expected(item, n, None) for item in items]
            elif kind == "repeated":  # minutes say the same thing on page after page
                said = draw(st.sampled_from(REPEATED))
                lines += [said, ""]
                doc.expected += [Expected(said, n, None)]
            else:
                lines += [*_wrapped(" ".join(body), width), ""]
                doc.expected += [Expected(s, n, None) for s in body]
        lines += [footer.format(n=n, total=n_pages)]
        doc.pages.append(Page(n, "\n".join(lines)))
    return doc


def _chunks(doc: Document, budget: int):  # type: ignore[no-untyped-def]
    return chunk_blocks("generated.pdf", parse_blocks(doc.pages), count_tokens, budget)


def _flat(text: str) -> str:
    return " ".join(text.replace("\n- ", " ").replace("\n", " ").split())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents(), budget=st.integers(60, 220))
def test_every_sentence_is_in_a_chunk_of_its_page_under_its_paragraph_number(
        doc: Document, budget: int) -> None:
    chunks = _chunks(doc, budget)
    for want in doc.expected:
        holders = [c for c in chunks if want.sentence in _flat(c.text)]
        assert holders, f"lost: {want.sentence!r} (page {want.page})"
        assert any(c.page == want.page for c in holders), \
            f"{want.sentence!r} is on page {want.page}, chunks say {[c.page for c in holders]}"
        if want.paragraph is not None:
            numbers = [c.paragraph for c in holders if c.page == want.page]
            assert want.paragraph in numbers, \
                f"{want.sentence!r} stands under {want.paragraph}, chunks say {numbers}"


@settings(max_examples=100, deadline=None)
@given(doc=documents(), budget=st.integers(60, 220))
def test_chunks_fit_the_budget_and_running_headers_and_page_numbers_are_dropped(
        doc: Document, budget: int) -> None:
    chunks = _chunks(doc, budget)
    assert all(count_tokens(c.text) <= budget for c in chunks)
    if len(doc.pages) >= 3:  # a header is only recognisable as one when it recurs
        for line in doc.boilerplate:
            assert sum(line in c.text for c in chunks) <= 1, f"{line!r} kept on later pages"
    later = [c for c in chunks if c.page > 1]
    assert not any(c.text.strip().startswith(f"Page {c.page} of") for c in later)


@settings(max_examples=60, deadline=None)
@given(doc=documents(), budget=st.integers(60, 220))
def test_chunk_ids_are_the_same_on_every_run_and_unique(doc: Document, budget: int) -> None:
    first, second = _chunks(doc, budget), _chunks(doc, budget)
    assert [c.id for c in first] == [c.id for c in second]
    assert len({c.id for c in first}) == len(first)


def _ids_for_sample() -> list[list[str]]:
    """Chunk ids of a fixed sample of generated documents (same seed, same documents)."""
    sample: list[list[str]] = []

    @settings(max_examples=25, database=None, derandomize=True, deadline=None)
    @given(doc=documents())
    def collect(doc: Document) -> None:
        sample.append([c.id for c in _chunks(doc, 120)])

    collect()
    return sample


def test_chunk_ids_do_not_depend_on_the_process_or_its_hash_seed() -> None:
    here = _ids_for_sample()
    env = dict(os.environ, PYTHONHASHSEED="12345")
    other = subprocess.run([sys.executable, "-c", "import json; from tests.test_chunking_"
                            "properties import _ids_for_sample; print(json.dumps("
                            "_ids_for_sample()))"], env=env, cwd=ROOT, capture_output=True,
                           text=True, timeout=120)
    assert other.returncode == 0, other.stderr[-2000:]
    assert json.loads(other.stdout) == here
