"""BM25 with a tokenizer for council papers."""

from __future__ import annotations

from assistant.keyword import KeywordIndex, tokenize


def test_tokenizer_keeps_numbers_and_folds_word_forms() -> None:
    assert tokenize("Turnover rate is 27% at 5.6") == ["turnov", "rate", "27", "5.6"]
    assert tokenize("needs improvement")[0] == tokenize("needed improving")[0]
    assert tokenize("not re-procuring them") == tokenize("not reprocure them") == ["reprocur"]
    assert "referr" not in tokenize("re-referrals")
    assert tokenize("re\u2011procure") == ["reprocur"]  # Word's non-breaking hyphen


def test_bm25_ranks_the_passage_with_the_rare_term_first() -> None:
    index = KeywordIndex(["social workers and caseloads", "turnover rate is 27%",
                          "social care social care"])
    scores = index.scores("what is the turnover rate")
    assert scores.argmax() == 1
    assert scores[0] == 0.0


def test_no_matching_term_gives_zero_scores() -> None:
    assert KeywordIndex(["alpha beta"]).scores("gamma").sum() == 0.0


def test_terms_already_stemmed_are_scored_as_they_are() -> None:
    from assistant.keyword import tokenize

    index = KeywordIndex(["The decision was proposed by Mr Lewis.", "Another passage."])
    terms = tokenize("Which decision? Who proposed it?")
    assert tokenize(" ".join(terms)) != terms  # stemming twice loses "decis" and "propos"
    assert index.term_scores(terms)[0] > index.term_scores(tokenize(" ".join(terms)))[0]
    assert index.term_scores(terms)[1] == 0.0


def test_the_keyword_search_also_looks_for_what_an_abbreviation_stands_for() -> None:
    from assistant.keyword import tokenize
    from assistant.retrieval import _with_synonyms

    terms = _with_synonyms(tokenize("Which HMI led the inspection of UASC services?"))
    index = KeywordIndex(["Lead inspector: Steve Lowe, His Majesty's Inspector",
                          "Unaccompanied asylum-seeking children are placed quickly.",
                          "The budget was agreed."])
    scores = index.term_scores(terms)
    assert scores[0] > 0 and scores[1] > 0 and scores[2] == 0


def test_retrieval_finds_what_an_abbreviation_stands_for(fake_assistant, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from assistant.retrieval import retrieve

    (tmp_path / "ofsted_testshire_2025_ilacs.txt").write_text(
        "Lead inspector: Steve Lowe, His Majesty's Inspector.\n")
    (tmp_path / "kent_2025_minutes.txt").write_text("The budget was agreed by the Council.\n")
    fake_assistant.ingest([tmp_path])
    hits = retrieve("Which HMI led it?", fake_assistant.index, fake_assistant.embedder,
                    mode="keyword")
    assert hits and hits[0].chunk.document == "ofsted_testshire_2025_ilacs.txt"


def test_words_spelled_out_find_their_abbreviation_and_the_reverse() -> None:
    from assistant.question import spelled_out
    from assistant.retrieval import _with_synonyms

    question = "How many were unaccompanied asylum-seeking children?"
    assert "uasc" in _with_synonyms(tokenize(question))
    assert "lac" not in _with_synonyms(tokenize("When the Council looked at the decision"))
    assert "break" in _with_synonyms(tokenize("How long do families wait for respite?"))
    found = spelled_out("There were 1834 looked after children, of whom 192 were UASC.", question)
    assert {"unaccompani", "asylum", "children"} <= found
    assert spelled_out("Of the 38 KPIs, 17 met target.", "How many key performance "
                       "indicators met target?") >= {"key", "perform", "indic"}
    assert spelled_out("The SEND service", "What did the special educational needs and "
                       "disabilities inspection find?") >= {"special", "disabl"}
    # Two capitals beside any two words are not an abbreviation of them.
    assert spelled_out("IT systems in the UK", "Is it in the table?") == set()
    assert spelled_out("UASC numbers", "What does UASC stand for?") == set()  # asked as is
