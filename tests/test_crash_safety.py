"""Crash safety: SIGKILL the real `scrutiny ingest` at random moments; the index stays whole.

After each kill a probe in a fresh process (nothing cached from the killed writer)
checks that the index opens, that every catalogued document is complete in the
catalog, in Chroma and in the keyword index, and that search and ask answer; then
it re-runs the CLI ingest, which must end in exactly the state of a clean run.
Even rounds kill a first ingest into an empty index; odd rounds kill an ingest that
replaces two documents, adds one and prunes one, so the update paths are hit too.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.index_probe import same_as_clean

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
KENT = ROOT.parent / "shared" / "corpus" / "kent"
SCRUTINY = ROOT / ".venv" / "bin" / "scrutiny"
PYTHON = ROOT / ".venv" / "bin" / "python"
SEED = 20261129
KILLS = 20  # kills that land while the ingest is still running

# Version A of the library, then version B: two documents replaced by new text under
# the same name, one document gone (pruned), one new.
VERSION_A = {
    "ofsted_east-sussex_2025_area-send.pdf": CORPUS / "ofsted_east-sussex_2025_area-send.pdf",
    "kent_2024-12-10_corporate-parenting-panel_minutes.pdf":
        KENT / "kent_2024-12-10_corporate-parenting-panel_minutes.pdf",
    "kent_2025-03-04_cabinet_scrutiny-callin-family-hubs-report.pdf":
        KENT / "kent_2025-03-04_cabinet_scrutiny-callin-family-hubs-report.pdf",
    "kent_2025-03-13_council_family-hubs-callin-submission.pdf":
        KENT / "kent_2025-03-13_council_family-hubs-callin-submission.pdf",
    "kent_2025-03-13_council_family-hubs-service-offer-comparison.pdf":
        KENT / "kent_2025-03-13_council_family-hubs-service-offer-comparison.pdf",
    "kent_2025-03-04_cabinet_quarterly-performance-report-q3-cover.pdf":
        KENT / "kent_2025-03-04_cabinet_quarterly-performance-report-q3-cover.pdf",
}
VERSION_B = {
    **{k: v for k, v in VERSION_A.items() if "service-offer" not in k},
    "ofsted_east-sussex_2025_area-send.pdf": CORPUS / "ofsted_west-sussex_2024_area-send.pdf",
    "kent_2024-12-10_corporate-parenting-panel_minutes.pdf":
        KENT / "kent_2024-10-29_corporate-parenting-panel_minutes.pdf",
    "kent_2025-03-13_council_jhosc-terms-of-reference-report.pdf":
        KENT / "kent_2025-03-13_council_jhosc-terms-of-reference-report.pdf",
}


@dataclass
class Run:
    locked: float  # seconds from start until the writer held the lock
    total: float
    exit_code: int | None  # None: killed

    @property
    def work(self) -> float:
        return self.total - self.locked


def library(folder: Path, version: dict[str, Path]) -> Path:
    """Make the folder hold exactly this version (one folder, so --prune has work to do)."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.iterdir():
        if stale.name not in version:
            stale.unlink()
    for name, source in version.items():
        target = folder / name
        if not target.exists() or target.read_bytes() != source.read_bytes():
            shutil.copyfile(source, target)
    return folder


def env_with(embedder: str | None) -> dict[str, str]:
    """The environment for the CLI; embedder None: the real default model."""
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONUNBUFFERED="1")
    env.pop("SCRUTINY_INDEX", None)
    env.pop("SCRUTINY_EMBEDDER", None)
    if embedder:
        env["SCRUTINY_EMBEDDER"] = embedder
    return env


def ingest_cmd(folder: Path, index: Path, small_batches: bool = False) -> list[str]:
    """The CLI; with small_batches, its own main() with documents committed in small groups.

    The pipeline embeds up to EMBED_BATCH chunks of several documents at once and then
    commits them one by one; this library fits in one batch, so small batches are what
    put many commit points (and the gaps between vectors and catalog) into each run,
    as a large library does.
    """
    args = ["ingest", str(folder), "--index", str(index), "--prune", "--quiet"]
    if not small_batches:
        return [str(SCRUTINY), *args]
    code = ("import sys, ingest.pipeline as p; p.EMBED_BATCH = 12; "
            "from assistant.cli import main; sys.exit(main(sys.argv[1:]))")
    return [str(PYTHON), "-c", code, *args]


def probe(index: Path, folder: Path | None, env: dict[str, str],
          ask: bool = True) -> dict[str, Any]:
    cmd = [str(PYTHON), "-m", "tests.index_probe", str(index)]
    cmd += ([str(folder)] if folder else []) + ([] if ask else ["--no-ask"])
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, f"probe failed on {index}:\n{done.stderr[-3000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(cmd: list[str], env: dict[str, str], index: Path, kill_at: float | None = None,
        before_lock: bool = False) -> Run:
    """Run the ingest, watching for its pid in the lock file; SIGKILL it `kill_at` s later.

    Timing the kill from the moment the writer holds the lock puts it in the working
    part of the run, whatever the machine's load does to start-up; `before_lock`
    times it from the start instead (a kill during start-up).
    """
    lock = index / "ingest.lock"
    started = time.perf_counter()
    process = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    locked = 0.0 if before_lock else None
    while process.poll() is None:
        now = time.perf_counter() - started
        if locked is None and lock.exists() and lock.read_text().strip() == str(process.pid):
            locked = now
        if kill_at is not None and locked is not None and now - locked >= kill_at:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            return Run(locked, now, None)
        time.sleep(0.005)
    total = time.perf_counter() - started
    return Run(total if locked is None else locked, total, process.returncode)


def clean_run(folder: Path, index: Path, env: dict[str, str]) -> tuple[Run, dict[str, Any]]:
    if index.exists():
        shutil.rmtree(index)
    timing = run(ingest_cmd(folder, index), env, index)
    assert timing.exit_code == 0, f"a clean ingest failed (exit {timing.exit_code})"
    state = probe(index, None, env, ask=False)["before"]
    assert not state["problems"], state["problems"]
    return timing, state


def need_corpus() -> None:
    if not KENT.exists():
        pytest.skip(f"{KENT} is absent (the shared corpus sits beside the project in CI)")


def test_sigkill_at_random_moments_never_corrupts_the_index(tmp_path: Path) -> None:
    need_corpus()
    env = env_with("fake")
    folder = tmp_path / "library"
    first, clean_a = clean_run(library(folder, VERSION_A), tmp_path / "clean-a", env)
    shutil.copytree(tmp_path / "clean-a", tmp_path / "timing")
    update = run(ingest_cmd(library(folder, VERSION_B), tmp_path / "timing"), env,
                 tmp_path / "timing")
    assert update.exit_code == 0
    _, clean_b = clean_run(folder, tmp_path / "clean-b", env)

    rng = random.Random(SEED)
    index = tmp_path / "index"
    tally: Counter[str] = Counter()
    failures: dict[int, list[str]] = {}
    round_ = -1
    while tally["killed"] < KILLS and round_ < KILLS + 8:
        round_ += 1
        updating = round_ % 2 == 1  # odd rounds start from a clean A and ingest B
        clean = clean_b if updating else clean_a
        library(folder, VERSION_B if updating else VERSION_A)
        if not updating and index.exists():
            shutil.rmtree(index)
        early = round_ % 7 == 6  # now and then a kill during start-up
        small = round_ % 3 != 0
        timing = update if updating else first
        delay = rng.uniform(0.0, timing.locked if early else 1.02 * timing.work)
        outcome = run(ingest_cmd(folder, index, small), env, index, kill_at=delay,
                      before_lock=early)
        tally["killed" if outcome.exit_code is None else "finished before the kill"] += 1
        tally["in small batches" if small else "by the scrutiny script as installed"] += 1
        report = probe(index, folder, env)
        after = report["before"]
        if after["orphans"]:
            tally["left orphan vectors (removed by the re-run)"] += 1
        if 0 < len(after["documents"]) < len(clean["documents"]) and not updating:
            tally["left a partly ingested library"] += 1
        found = [f"after the kill: {p}" for p in after["problems"]]
        if not after["answered"]:
            found.append("ask gave no answer and did not abstain")
        if report["rerun_exit"] != 0:
            found.append(f"re-run exited {report['rerun_exit']}")
        found += [f"after re-run: {p}" for p in same_as_clean(report["after"], clean)]
        if found:
            kind = "update" if updating else "first"
            failures[round_] = [f"round {round_} ({kind} run, kill at {delay:.2f} s): {f}"
                                for f in found]
    tried = round_ + 1
    print(f"\ncrash safety: {tried} kill points tried, {tried - len(failures)} survived; "
          f"work takes {first.work:.1f} s (first run), {update.work:.1f} s (update run) "
          f"after {first.locked:.1f} s of start-up; {dict(tally)}")
    assert not failures, "\n".join(f for round_ in failures.values() for f in round_)
    assert tally["killed"] >= KILLS, tally


@pytest.mark.real
def test_sigkill_during_a_real_model_ingest_then_rerun_matches_a_clean_run(
        tmp_path: Path) -> None:
    need_corpus()
    env = env_with(None)
    folder = library(tmp_path / "lib",
                     {k: v for k, v in VERSION_A.items() if "kent_2025-03-13" in k})
    timing, clean = clean_run(folder, tmp_path / "clean", env)
    index = tmp_path / "index"
    outcome = run(ingest_cmd(folder, index), env, index, kill_at=0.6 * timing.work)
    assert outcome.exit_code is None, "the ingest finished before the kill"
    report = probe(index, folder, env)
    assert not report["before"]["problems"], report["before"]["problems"]
    assert report["rerun_exit"] == 0
    assert not same_as_clean(report["after"], clean)


def test_vectors_of_a_document_whose_catalog_write_failed_are_removed_by_the_next_writer(
        fake_assistant, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The narrow window the random kills rarely hit: vectors in, catalog row not yet."""
    from tests.conftest import MEDWAY

    catalog = fake_assistant.index.catalog

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt("simulated crash between the vector and catalog writes")

    monkeypatch.setattr(catalog, "replace_document", crash)
    with pytest.raises(KeyboardInterrupt):
        fake_assistant.ingest([MEDWAY])
    monkeypatch.undo()
    assert fake_assistant.documents() == []
    assert fake_assistant.index.vectors.count() > 0  # orphans, invisible to readers
    assert fake_assistant.search("social worker turnover") == []
    report = fake_assistant.ingest([MEDWAY])
    assert not report.failed
    assert fake_assistant.index.vectors.all_ids() == fake_assistant.index.catalog.chunk_ids()


def test_a_crash_after_an_update_but_before_old_vectors_go_leaves_no_orphans_later(
        fake_assistant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import MEDWAY

    copy = tmp_path / MEDWAY.name
    copy.write_text(MEDWAY.read_text(encoding="utf-8"), encoding="utf-8")
    fake_assistant.ingest([copy])
    copy.write_text(copy.read_text(encoding="utf-8").replace("27%", "31%"), encoding="utf-8")
    vectors = fake_assistant.index.vectors

    def crash(ids: object) -> None:
        raise KeyboardInterrupt("simulated crash before the old version's vectors go")

    monkeypatch.setattr(vectors, "delete", crash)
    with pytest.raises(KeyboardInterrupt):
        fake_assistant.ingest([copy])
    monkeypatch.undo()
    doc = fake_assistant.documents()[0]
    assert len(fake_assistant.index.catalog.chunks(doc.meta.document)) == doc.chunks
    assert any("31%" in h.chunk.text for h in fake_assistant.search("turnover rate 31%"))
    assert fake_assistant.ingest([copy]).count("unchanged") == 1
    assert fake_assistant.index.vectors.all_ids() == fake_assistant.index.catalog.chunk_ids()


def test_a_crashed_updates_new_vectors_are_tidied_before_the_rerun_looks_them_up(
        fake_assistant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The rerun must not take the crashed run's vectors (orphans until the catalog row
    names them) as already there, and then tidy them away."""
    from tests.conftest import MEDWAY

    copy = tmp_path / MEDWAY.name
    copy.write_text(MEDWAY.read_text(encoding="utf-8"), encoding="utf-8")
    fake_assistant.ingest([copy])
    copy.write_text(copy.read_text(encoding="utf-8").replace("27%", "31%"), encoding="utf-8")

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt("simulated crash between the vector and catalog writes")

    monkeypatch.setattr(fake_assistant.index.catalog, "replace_document", crash)
    with pytest.raises(KeyboardInterrupt):
        fake_assistant.ingest([copy])
    monkeypatch.undo()
    orphans = fake_assistant.index.vectors.all_ids() - fake_assistant.index.catalog.chunk_ids()
    assert orphans  # the updated passages' vectors, which no catalog row names yet
    assert fake_assistant.ingest([copy]).count("updated") == 1
    assert fake_assistant.index.vectors.all_ids() == fake_assistant.index.catalog.chunk_ids()
    assert orphans <= fake_assistant.index.vectors.all_ids()  # embedded again, not lost


def test_a_new_index_gives_the_model_its_first_round_before_opening_the_vector_store(
        fake_settings, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Opening Chroma (mostly importing it) takes half a second of the one core Python
    code can use: the model works meanwhile."""
    from assistant.embedding import FakeEmbedder
    from assistant.index import Index
    from assistant.service import Assistant
    from assistant.vectors import ChromaVectors
    from tests.conftest import MEDWAY

    events: list[str] = []
    embedder = FakeEmbedder()
    real_embed, real_open = embedder.embed, ChromaVectors._open
    monkeypatch.setattr(embedder, "embed", lambda texts: events.append("embed") or real_embed(texts))
    monkeypatch.setattr(ChromaVectors, "_open",
                        lambda self: events.append("open store") or real_open(self))
    assistant = Assistant(fake_settings, embedder=embedder, index=Index(fake_settings))
    assert not assistant.ingest([MEDWAY]).failed
    assert events[:2] == ["embed", "open store"]
    assert assistant.index.vectors.all_ids() == assistant.index.catalog.chunk_ids()


def test_an_error_once_files_are_read_ahead_drops_the_reads_not_yet_started(
        fake_assistant, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """An embedded store that fails at its first lookup: the other files queued for the
    reader are not read first."""
    import ingest.pipeline as pipeline
    from assistant.vectors import StoreUnavailable
    from tests.conftest import MEDWAY

    read: list[Path] = []
    real_prepare = pipeline.prepare
    monkeypatch.setattr(pipeline, "prepare",
                        lambda path, *args: read.append(path) or real_prepare(path, *args))

    def unreachable() -> int:
        raise StoreUnavailable("cannot open the Chroma store: disk gone")

    monkeypatch.setattr(fake_assistant.index, "remove_orphans", unreachable)
    with pytest.raises(StoreUnavailable):
        fake_assistant.ingest([MEDWAY.parent])
    # the files read before the error (how many depends on timing), not the nine queued
    assert 1 <= len(read) < pipeline.LOOKAHEAD
