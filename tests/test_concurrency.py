"""Concurrent use: readers keep answering while a CLI ingest writes; writers take turns.

Chroma's embedded client is not safe for several writing processes, so the index has
one writer at a time (a lock with a clear "another ingest is running" message) while
any number of readers answer. A long-lived reader process (like the app) asks the
same question again and again during a real `scrutiny ingest` and a `scrutiny remove`,
and must see the new documents, and stop seeing the removed one, without restarting.

Run as `python -m tests.test_concurrency reader INDEX STOPFILE LOG` for the reader itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.index_probe import inspect

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SCRUTINY = ROOT / ".venv" / "bin" / "scrutiny"
PYTHON = ROOT / ".venv" / "bin" / "python"
MEDWAY = CORPUS / "medway_2024-03-07_cyp-osc_improvement-update.txt"
ASK_MEDWAY = "What was the social worker turnover rate?"
ASK_NEW = "What did Ofsted find in Kent in 2025 about children in care?"
NEW_DOC = "ofsted_kent_2025_ilacs.pdf"
GONE_DOC = "ofsted_medway_2019_ilacs.pdf"
ADDED = [NEW_DOC, "ofsted_essex_2023_ilacs.pdf", "ofsted_thurrock_2024_ilacs.pdf",
         "ofsted_medway_2023_ilacs.pdf", "ofsted_west-sussex_2024_area-send.pdf"]


# ---------------------------------------------------------------- the reader (own process)

def reader(index_dir: Path, stop: Path, log: Path) -> None:
    """Answer until told to stop, one JSON line per answer; then a last look at everything."""
    from assistant.service import Assistant
    from assistant.settings import Settings

    assistant = Assistant(Settings(index=index_dir))
    with log.open("w", encoding="utf-8") as out:
        while not stop.exists():
            out.write(json.dumps(_answer(assistant)) + "\n")
            out.flush()
            time.sleep(0.05)  # leave the writer some of the machine's two cores
        out.write(json.dumps({"final": True, **_answer(assistant, final=True)}) + "\n")


def _answer(assistant: Any, final: bool = False) -> dict[str, Any]:
    started = time.time()
    try:
        docs = {d.meta.document for d in assistant.documents()}
        answer = assistant.ask(ASK_MEDWAY)
        cited = [(c.document, c.paragraph) for c in answer.citations]
        record: dict[str, Any] = {
            "t": started, "docs": sorted(docs), "answer": answer.answer,
            "right": "27%" in answer.answer and (MEDWAY.name, "5.6") in cited,
        }
        if final or NEW_DOC in docs:
            hits = assistant.search(ASK_NEW, k=8)
            record["new"] = [(h.chunk.document, round(h.dense, 3)) for h in hits]
            assistant.ask(ASK_NEW)
        return record
    except Exception as err:  # recorded, so the test can show what went wrong
        return {"t": started, "error": f"{type(err).__name__}: {err}"}


# ---------------------------------------------------------------- the tests

def _env() -> dict[str, str]:
    env = dict(os.environ, SCRUTINY_EMBEDDER="fake", PYTHONUNBUFFERED="1")
    env.pop("SCRUTINY_INDEX", None)
    return env


def _cli(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRUTINY), *args], env=_env(), capture_output=True, text=True,
                          timeout=timeout)


def _library(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes((CORPUS / name).read_bytes())
    return folder


def test_a_reader_keeps_answering_correctly_while_the_cli_ingests_and_removes(
        tmp_path: Path) -> None:
    index = tmp_path / "index"
    first = _cli("ingest", str(MEDWAY), str(CORPUS / GONE_DOC), "--index", str(index), "--quiet")
    assert first.returncode == 0, first.stderr
    stop, log = tmp_path / "stop", tmp_path / "answers.jsonl"
    reading = subprocess.Popen([str(PYTHON), "-m", "tests.test_concurrency", "reader",
                                str(index), str(stop), str(log)], env=_env(), cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 60
        while not (log.exists() and log.read_text(encoding="utf-8").strip()):
            assert time.time() < deadline and reading.poll() is None, "the reader did not start"
            time.sleep(0.05)
        write_started = time.time()
        written = _cli("ingest", str(_library(tmp_path / "new", ADDED)), "--index", str(index))
        asked = _cli("ask", ASK_MEDWAY, "--index", str(index), "--json")  # a second reader
        removed = _cli("remove", GONE_DOC, "--index", str(index))
        time.sleep(1.0)  # let the reader answer after the removal too
        write_ended = time.time()
        stop.touch()
        out, err = reading.communicate(timeout=120)
    finally:
        if reading.poll() is None:
            reading.kill()
    assert written.returncode == 0, written.stderr
    assert removed.returncode == 0, removed.stderr
    assert "27%" in json.loads(asked.stdout)["answer"]
    assert reading.returncode == 0, err[-3000:]
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    errors = [r["error"] for r in records if "error" in r]
    assert not errors, errors
    during = [r for r in records if write_started <= r["t"] <= write_ended]
    print(f"\nconcurrency: {len(records)} answers, {len(during)} while the CLI wrote; "
          f"documents listed, answer by answer: {[len(r['docs']) for r in records]}")
    assert len(during) >= 3, f"only {len(during)} answers during the write"
    wrong = [r["answer"] for r in records if not r["right"]]
    assert not wrong, f"wrong answers during the write: {wrong[:3]}"
    counts = [len(r["docs"]) for r in records]
    assert counts[0] == 2 and counts[-1] == len(ADDED) + 1, counts
    final = records[-1]
    assert final.get("final") and GONE_DOC not in final["docs"]
    new_hits = [dense for doc, dense in final["new"] if doc == NEW_DOC]
    assert new_hits and max(new_hits) > 0, f"the reader's vector store missed {NEW_DOC}"
    assert not [doc for doc, _ in final["new"] if doc == GONE_DOC]
    state = inspect(_settings(index), ask=False)
    assert not state["problems"] and not state["orphans"], state


def _settings(index: Path) -> Any:
    from assistant.settings import Settings

    return Settings(index=index, embedder="fake")


def test_two_ingests_at_once_one_waits_its_turn_with_a_clear_message_and_nothing_is_lost(
        tmp_path: Path) -> None:
    index = tmp_path / "index"
    one = _library(tmp_path / "one", ADDED[:3])
    two = _library(tmp_path / "two", [ADDED[3], ADDED[4], GONE_DOC])
    commands = [[str(SCRUTINY), "ingest", str(folder), "--index", str(index), "--quiet"]
                for folder in (one, two)]
    running = [subprocess.Popen(cmd, env=_env(), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for cmd in commands]
    results = [(p.wait(timeout=180), *p.communicate()) for p in running]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 2], results
    refused = next(i for i, (code, _, _) in enumerate(results) if code == 2)
    message = results[refused][2].strip()
    assert message.startswith("scrutiny: another ingest is running on"), message
    assert len(message.splitlines()) == 1 and "try again" in message
    again = subprocess.run(commands[refused], env=_env(), capture_output=True, text=True,
                           timeout=180)
    assert again.returncode == 0, again.stderr
    state = inspect(_settings(index), ask=False)
    assert set(state["documents"]) == set(ADDED) | {GONE_DOC}
    assert not state["problems"] and not state["orphans"], state


def test_an_ingest_refused_by_the_lock_changes_nothing(tmp_path: Path) -> None:
    """While one writer holds the lock, another's ingest and remove are refused outright."""
    from assistant.index import Index, IndexBusy
    from assistant.service import Assistant

    settings = _settings(tmp_path / "index")
    holder = Index(settings)
    Assistant(settings, index=holder).ingest([MEDWAY])
    with holder.writer():
        other = Assistant(settings)
        for attempt in (lambda: other.ingest([CORPUS / GONE_DOC]),
                        lambda: other.remove(MEDWAY.name)):
            try:
                attempt()
                raise AssertionError("a second writer was let in")
            except IndexBusy as err:
                assert "another ingest is running" in str(err)
    assert [d.meta.document for d in holder.catalog.documents()] == [MEDWAY.name]


if __name__ == "__main__" and len(sys.argv) == 5 and sys.argv[1] == "reader":
    reader(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))


def test_catalogs_opened_at_the_same_moment_all_open(tmp_path: Path) -> None:
    """Two ingests started together both create the catalog and switch it to WAL; sqlite
    refuses one of them at once ("database is locked") instead of waiting."""
    import threading

    from assistant.catalog import Catalog

    failures: list[BaseException] = []
    for round_ in range(30):
        path = tmp_path / f"catalog{round_}.sqlite"
        start = threading.Barrier(4)

        def open_one(path: Path = path, start: threading.Barrier = start) -> None:
            start.wait()
            try:
                Catalog(path).close()
            except BaseException as err:  # noqa: BLE001 (collected for the assertion)
                failures.append(err)

        threads = [threading.Thread(target=open_one) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not failures, failures[:3]
