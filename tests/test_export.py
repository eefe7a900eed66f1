"""Markdown export: every citation written out, and nothing from a document made live."""

from __future__ import annotations

import html
import re
from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from assistant.export import conversation_markdown, inert
from assistant.types import Answer, Citation

INJECTIONS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[read the details](javascript:alert(1))",
    "![chart](http://x/y.png)",
    "<http://evil.example/>",
    "see http://evil.example/a_b and www.evil.example or cllr@evil.example",
    "<a href='http://evil.example'>click</a>",
    "&lt;script&gt; entity",
    "[ref]: http://evil.example\n[ref]",
]


def render(markdown: str) -> str:
    """CommonMark plus the GFM extras that turn text into markup (tables, strikethrough)."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)


def citation(n: int, quote: str, **extra: object) -> Citation:
    fields: dict = dict(n=n, document="medway.txt", title="Improvement Update",
                        council="Medway Council", date="2024-03-07", page=1, paragraph="5.6",
                        quote=quote, score=0.7, body="Children and Young People O&S")
    fields.update(extra)
    return Citation(**fields)


def test_every_citation_is_written_out() -> None:
    c1 = citation(1, "Turnover rate is 27% and vacancy levels for case holding social "
                     "workers is 30%.")
    c2 = citation(2, "Caseloads are 18 on average.", page=3, paragraph=None,
                  title="Ofsted ILACS", date="2023-09-11")
    answer = Answer("What is the turnover rate?", "Turnover rate is 27% [1]. Caseloads [2].",
                    False, citations=(c1, c2), scope="searched 35 documents, 2013-2026")
    text = conversation_markdown([answer], when=datetime(2026, 11, 29, 9, 30))
    assert "29 November 2026" in text
    assert "## 1. What is the turnover rate?" in text
    assert "**Improvement Update** (Medway Council, Children and Young People O\\&S), " \
           "2024-03-07, page 1, paragraph 5.6" in text
    assert "**Ofsted ILACS** (Medway Council, Children and Young People O\\&S), 2023-09-11, " \
           "page 3. File: medway.txt" in text
    assert "   > Turnover rate is 27% and vacancy levels" in text
    assert "> Caseloads are 18 on average." in text
    assert "searched 35 documents, 2013-2026" in text
    rendered = render(text)
    assert "Turnover rate is 27% and vacancy levels for case holding social workers is 30%." \
        in rendered


def test_an_abstention_says_so_and_lists_related_passages() -> None:
    related = citation(0, "Agency staff fell to 19%.")
    answer = Answer("Who won the 2030 election?", "The indexed reports do not appear to answer "
                    "this.", True, related=(related,))
    text = conversation_markdown([answer])
    assert "No answer found" in text and "### Related passages" in text
    assert "> Agency staff fell to 19%." in text


def test_injected_markup_in_documents_and_questions_stays_inert() -> None:
    cites = tuple(citation(i, quote, title=quote, council=quote)
                  for i, quote in enumerate(INJECTIONS, 1))
    answer = Answer(" ".join(INJECTIONS), "\n".join(f"{q} [{i}]" for i, q in
                                                    enumerate(INJECTIONS, 1)),
                    False, citations=cites, related=cites[:2], scope=INJECTIONS[0])
    rendered = render(conversation_markdown([answer]))
    assert "<a " not in rendered and "<img" not in rendered and "<script" not in rendered
    assert "javascript:" not in re.sub(r"<code>.*?</code>|[^<>]*", "", rendered)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered  # shown, not dropped
    # URLs and e-mail addresses are put in code spans, so GFM's autolinker leaves them alone.
    for url in ("http://x/y.png", "http://evil.example/a_b", "www.evil.example",
                "cllr@evil.example"):
        assert f"<code>{url}</code>" in rendered


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab 1.-#>*_`[]()!<>&|~$\\:/@\n\t=+")), max_size=40))
def test_inert_text_renders_as_itself(text: str) -> None:
    """Whatever the text, the rendered paragraph shows exactly its characters."""
    rendered = render(inert(text))
    shown = html.unescape(re.sub(r"</?(p|code)>", "", rendered)).strip()
    assert "<" not in re.sub(r"</?(p|code)>", "", rendered).replace("&lt;", "")
    assert shown == " ".join(text.split())
