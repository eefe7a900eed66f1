"""The `scrutiny` command end to end, with the fake embedder (the real one in test_real)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from assistant.cli import main
from tests.conftest import MEDWAY


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SCRUTINY_EMBEDDER", "fake")
    monkeypatch.setenv("SCRUTINY_INDEX", str(tmp_path / "index"))
    return tmp_path


def test_ingest_reports_a_summary_and_a_rerun_embeds_nothing(cli, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["ingest", str(MEDWAY), "--quiet"]) == 0
    assert "1 added" in capsys.readouterr().out
    assert main(["ingest", str(MEDWAY), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "1 unchanged" in out and "0 chunks embedded" in out


def test_docs_json_has_the_contract_fields(cli, capsys) -> None:  # type: ignore[no-untyped-def]
    main(["ingest", str(MEDWAY), "--quiet"])
    capsys.readouterr()
    assert main(["docs", "--json"]) == 0
    docs = json.loads(capsys.readouterr().out)
    assert {"document", "title", "council", "body", "document_type", "date", "pages",
            "chunks"} <= set(docs[0])
    assert docs[0]["document"] == MEDWAY.name and docs[0]["council"] == "Medway Council"


def test_bad_files_get_one_line_errors_and_a_nonzero_exit(cli, capsys) -> None:  # type: ignore[no-untyped-def]
    (cli / "empty.pdf").write_bytes(b"")
    (cli / "notes.pdf").write_text("just text, not a pdf")
    (cli / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    code = main(["ingest", str(MEDWAY), str(cli / "empty.pdf"), str(cli / "notes.pdf"),
                 str(cli / "sheet.xlsx"), str(cli / "missing.pdf"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1
    assert "empty.pdf: empty file (0 bytes)" in err
    assert "notes.pdf: not a PDF" in err
    assert "sheet.xlsx: unsupported file type '.xlsx'" in err
    assert "missing.pdf: file not found" in err
    main(["docs", "--json"])
    assert [d["document"] for d in json.loads(capsys.readouterr().out)] == [MEDWAY.name]


def test_changed_file_is_replaced_and_prune_removes_a_deleted_one(cli, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = cli / "docs"
    folder.mkdir()
    doc = folder / "note.txt"
    doc.write_text("1.1 The budget is £5m for 2025.\n")
    main(["ingest", str(folder), "--quiet"])
    doc.write_text("1.1 The budget is £7m for 2025.\n")
    main(["ingest", str(folder), "--quiet"])
    assert "1 updated" in capsys.readouterr().out
    main(["search", "budget", "--json"])
    texts = [h["text"] for h in json.loads(capsys.readouterr().out)]
    assert texts == ["1.1 The budget is £7m for 2025."] or texts == ["The budget is £7m for 2025."]
    doc.unlink()
    main(["ingest", str(folder), "--prune", "--quiet"])
    assert "1 removed" in capsys.readouterr().out
    main(["docs", "--json"])
    assert json.loads(capsys.readouterr().out) == []


def test_ask_json_contract(cli, capsys) -> None:  # type: ignore[no-untyped-def]
    main(["ingest", str(MEDWAY), "--quiet"])
    capsys.readouterr()
    assert main(["ask", "What is the social worker turnover rate?", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"question", "answer", "abstained", "citations", "related"}
    cite = data["citations"][0]
    assert set(cite) >= {"n", "document", "title", "council", "date", "page", "paragraph",
                         "quote", "score"}
    assert cite["paragraph"] == "5.6" and "[1]" in data["answer"]


def test_ask_reads_questions_from_stdin_one_json_line_each(cli, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    main(["ingest", str(MEDWAY), "--quiet"])
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO("What is the turnover rate?\n\n"
                                                 "What are the key risks?\n"))
    assert main(["ask", "-", "--json"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [json.loads(line)["question"] for line in lines] == [
        "What is the turnover rate?", "What are the key risks?"]


def test_readable_answer_lists_numbered_sources(cli, capsys) -> None:  # type: ignore[no-untyped-def]
    main(["ingest", str(MEDWAY), "--quiet"])
    capsys.readouterr()
    main(["ask", "What is the vacancy level for case holding social workers?"])
    out = capsys.readouterr().out
    assert "Sources:" in out and "p.1, para 5.6" in out


def test_ask_says_when_the_index_was_embedded_by_another_model_and_ingest_fixes_it(  # type: ignore[no-untyped-def]
        cli, capsys, monkeypatch) -> None:
    main(["ingest", str(MEDWAY), "--quiet"])
    monkeypatch.setattr("assistant.embedding.FakeEmbedder.name", "fake, version 2")
    capsys.readouterr()
    assert main(["ask", "What is the turnover rate?", "--json"]) == 0
    err = capsys.readouterr().err
    assert "1 indexed document was embedded by another model (1 by fake)" in err
    assert "run scrutiny ingest" in err
    main(["ingest", str(MEDWAY), "--quiet"])
    assert "1 updated" in capsys.readouterr().out
    main(["ask", "What is the turnover rate?", "--json"])
    assert capsys.readouterr().err == ""
