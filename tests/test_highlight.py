"""Safe HTML for document text: everything escaped, only our own tags added."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.highlight import answer_html, find_quote, highlight_html, passage_html

OUR_TAGS = re.compile(r'<mark>|</mark>|<span class="(cite-marker|cited)">|</span>')


def test_question_words_are_marked_after_escaping() -> None:
    out = highlight_html("<b>Turnover</b> rate is 27% for social workers.",
                         "What is the social worker turnover rate?")
    assert out == ("&lt;b&gt;<mark>Turnover</mark>&lt;/b&gt; <mark>rate</mark> is 27% for "
                   "<mark>social</mark> <mark>workers</mark>.")


def test_stopwords_and_unrelated_words_are_not_marked() -> None:
    out = highlight_html("What the council said about the budget.", "What is the rate?")
    assert "<mark>" not in out


def test_injected_markup_is_shown_as_text() -> None:
    text = ('survey <script>alert(1)</script> <img src=x onerror="alert(1)"> '
            "[x](javascript:alert(1)) ![i](http://x/y.png)")
    out = highlight_html(text, "survey")
    assert "<script" not in out and "<img" not in out
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in out
    assert "<mark>survey</mark>" in out


def test_answer_markers_become_badges_and_text_is_escaped() -> None:
    out = answer_html("Turnover is 27% <b>[1]</b> and caseloads fell [2].")
    assert out == ('Turnover is 27% &lt;b&gt;<span class="cite-marker">[1]</span>&lt;/b&gt; '
                   'and caseloads fell <span class="cite-marker">[2]</span>.')


def test_quote_is_found_across_reflowed_lines_and_bullets() -> None:
    page = "What needs to improve?\n\n■ The quality and effectiveness of\nassessments.\nNext."
    quote = "What needs to improve?\n- The quality and effectiveness of assessments."
    start, end = find_quote(page, quote) or (0, 0)
    assert page[start:end].startswith("What needs") and page[start:end].endswith("assessments")
    assert find_quote(page, "not on this page") is None


def test_passage_outlines_the_cited_quote() -> None:
    out = passage_html("Intro <i>. Turnover rate is 27%. After.", "Turnover rate is 27%.",
                       "turnover")
    assert out == ('Intro &lt;i&gt;. <span class="cited"><mark>Turnover</mark> rate is 27%.'
                   "</span> After.")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.text(max_size=20))
def test_only_our_tags_are_ever_added_and_the_text_survives(text: str, question: str) -> None:
    for out in (highlight_html(text, question), answer_html(text),
                passage_html(text, text[3:9], question)):
        bare = OUR_TAGS.sub("", out)
        assert "<" not in bare and ">" not in bare
        assert html.unescape(bare) == text


def test_a_re_word_is_marked_however_it_is_hyphenated() -> None:
    marked = highlight_html("We will re-procure the service and reprocure others.",
                            "Will the council re-procure the contracts?")
    assert "<mark>re-procure</mark>" in marked and "<mark>reprocure</mark>" in marked
