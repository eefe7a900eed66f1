"""Crash safety: SIGKILL the real `scrutiny ingest` at random moments; the index stays whole.

Each kill is followed by a probe in a fresh process (so nothing is cached from the
killed writer): the index opens, every catalogued document is complete in the
catalog, in Chroma and in the keyword index, search and ask answer, and re-running
the CLI ingest ends in exactly the state of a clean run. Even-numbered rounds kill a
first ingest into an empty index; odd-numbered rounds kill an ingest that updates
two documents, adds one and prunes one, so the replace and delete paths are hit too.

Run this file as a script (`python tests/test_crash_safety.py probe ...`) to get
the probe itself; the tests start it that way.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
KENT = ROOT.parent / "shared" / "corpus" / "kent"
SCRUTINY = ROOT / ".venv" / "bin" / "scrutiny"
PYTHON = ROOT / ".venv" / "bin" / "python"
SEED = 20261129
KILLS = 20  # kills that land while the ingest is still running
QUESTION = "What did the inspection find about the quality of practice?"

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


# ---------------------------------------------------------------- the probe (own process)

def probe(index_dir: Path, resume: Path | None, ask: bool = True) -> dict:
    """Check the index as a reader finds it; optionally re-run the CLI ingest and check again."""
    from assistant.settings import Settings

    settings = Settings(index=index_dir)
    report = {"after_kill": _inspect(settings, ask=ask)}
    if resume is not None:
        from assistant.cli import main

        code = main(["ingest", str(resume), "--index", str(index_dir), "--prune", "--quiet"])
        report["resume_exit"] = code
        report["after_resume"] = _inspect(settings, ask=False)
    return report


def _inspect(settings, ask: bool) -> dict:  # type: ignore[no-untyped-def]
    from assistant.index import Index
    from assistant.service import Assistant

    index = Index(settings)
    problems: list[str] = []
    docs = {d.meta.document: d for d in index.catalog.documents()}
    rows = index.catalog.chunks()
    catalog_ids = [c.id for c in rows]
    per_doc_rows = Counter(c.document for c in rows)
    vector_ids = index.vectors.all_ids()
    snap = index.snapshot()
    per_doc_keyword = Counter(snap.doc_of.tolist())
    if len(set(catalog_ids)) != len(catalog_ids):
        problems.append("duplicate chunk ids in the catalog")
    for name in set(per_doc_rows) - set(docs):
        problems.append(f"{name}: chunk rows without a document row")
    for name, doc in docs.items():
        ids = index.catalog.chunk_ids(name)
        if per_doc_rows[name] != doc.chunks:
            problems.append(f"{name}: catalog says {doc.chunks} chunks, has {per_doc_rows[name]}")
        if missing := ids - vector_ids:
            problems.append(f"{name}: {len(missing)} chunks missing from Chroma")
        if per_doc_keyword[name] != doc.chunks:
            problems.append(f"{name}: keyword index has {per_doc_keyword[name]} of {doc.chunks}")
    if snap.keyword.size != len(rows):
        problems.append(f"keyword index size {snap.keyword.size} != {len(rows)} chunks")
    answered = None
    if ask:
        assistant = Assistant(settings, index=index)
        hits = assistant.search(QUESTION, k=5)
        answer = assistant.ask(QUESTION)
        cited = {c.chunk_id for c in (*answer.citations, *answer.related)}
        if docs and not hits:
            problems.append("search found nothing in a non-empty index")
        if not docs and (hits or cited):
            problems.append("search answered from an empty catalog")
        if stray := cited - set(catalog_ids):
            problems.append(f"answer cites {len(stray)} chunks the catalog does not list")
        answered = bool(answer.citations) or answer.abstained
    return {
        "documents": {n: [d.sha256, d.chunks] for n, d in sorted(docs.items())},
        "chunk_ids": sorted(catalog_ids),
        "orphans": len(vector_ids - set(catalog_ids)),
        "problems": problems,
        "answered": answered,
    }


# ---------------------------------------------------------------- the test's side

def _library(folder: Path, version: dict[str, Path]) -> Path:
    """Make the folder hold exactly this version of the library (same folder, so --prune acts)."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.iterdir():
        if stale.name not in version:
            stale.unlink()
    for name, source in version.items():
        if not (folder / name).exists() or (folder / name).read_bytes() != source.read_bytes():
            shutil.copyfile(source, folder / name)
    return folder


def _env(embedder: str) -> dict[str, str]:
    env = dict(os.environ, SCRUTINY_EMBEDDER=embedder, HF_HUB_OFFLINE="1",
               TRANSFORMERS_OFFLINE="1", PYTHONUNBUFFERED="1")
    env.pop("SCRUTINY_INDEX", None)
    return env


def _ingest_cmd(library: Path, index: Path) -> list[str]:
    return [str(SCRUTINY), "ingest", str(library), "--index", str(index), "--prune", "--quiet"]


def _clean_run(library: Path, index: Path, env: dict[str, str]) -> tuple[Run, dict]:
    if index.exists():
        shutil.rmtree(index)
    run = _run(_ingest_cmd(library, index), env, index)
    assert run.exit_code == 0, f"a clean ingest failed (exit {run.exit_code})"
    state = _probe(index, None, env, ask=False)["after_kill"]
    assert not state["problems"], state["problems"]
    return run, state


def _probe(index: Path, resume: Path | None, env: dict[str, str], ask: bool = True) -> dict:
    cmd = [str(PYTHON), __file__, "probe" if ask else "inspect", str(index)]
    cmd += [str(resume)] if resume else []
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"probe failed on {index}:\n{done.stderr[-3000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


@dataclass
class Run:
    locked: float  # seconds from start until the writer held the lock (start-up done)
    total: float
    exit_code: int | None  # None: killed

    @property
    def work(self) -> float:
        return self.total - self.locked


def _run(cmd: list[str], env: dict[str, str], index: Path, kill_at: float | None = None,
         before_lock: bool = False) -> Run:
    """Run the ingest, watching for its pid in the lock file; SIGKILL it `kill_at` s later.

    Timing the kill from the moment the writer holds the lock puts it in the working
    part of the run, whatever the machine's load does to start-up. `before_lock`
    times it from the start instead (a kill during start-up and store opening).
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


def _same_as_clean(state: dict, clean: dict) -> list[str]:
    differences = []
    if state["documents"] != clean["documents"]:
        have, want = ({(n, *v) for n, v in s["documents"].items()} for s in (state, clean))
        extra = have ^ want
        differences.append(f"documents differ from a clean run: {sorted(extra)}")
    if state["chunk_ids"] != clean["chunk_ids"]:
        differences.append("chunk ids differ from a clean run")
    if state["orphans"]:
        differences.append(f"{state['orphans']} orphan vectors left after a writer ran")
    return differences + state["problems"]


def _need_corpus() -> None:
    if not KENT.exists():
        pytest.skip(f"{KENT} is absent (the shared corpus sits beside the project in CI)")


def test_sigkill_at_random_moments_never_corrupts_the_index(tmp_path: Path) -> None:
    _need_corpus()
    env = _env("fake")
    library = tmp_path / "library"
    first, clean_a = _clean_run(_library(library, VERSION_A), tmp_path / "clean-a", env)
    shutil.copytree(tmp_path / "clean-a", tmp_path / "timing")
    update = _run(_ingest_cmd(_library(library, VERSION_B), tmp_path / "timing"), env,
                  tmp_path / "timing")
    assert update.exit_code == 0
    _, clean_b = _clean_run(library, tmp_path / "clean-b", env)

    rng = random.Random(SEED)
    index = tmp_path / "index"
    tally: Counter[str] = Counter()
    failures: dict[int, list[str]] = {}
    round_ = -1
    while tally["killed"] < KILLS and round_ < KILLS + 8:
        round_ += 1
        updating = round_ % 2 == 1  # odd rounds start from a clean A and ingest B
        clean = clean_b if updating else clean_a
        _library(library, VERSION_B if updating else VERSION_A)
        if not updating and index.exists():
            shutil.rmtree(index)
        early = round_ % 7 == 6  # now and then, a kill during start-up and store opening
        timing = first if not updating else update
        delay = rng.uniform(0.0, timing.locked if early else 1.02 * timing.work)
        run = _run(_ingest_cmd(library, index), env, index, kill_at=delay, before_lock=early)
        tally["killed" if run.exit_code is None else "finished before the kill"] += 1
        report = _probe(index, library, env)
        after = report["after_kill"]
        if after["orphans"]:
            tally["left orphan vectors (removed by the re-run)"] += 1
        if 0 < len(after["documents"]) < len(clean["documents"]) and not updating:
            tally["left a partly ingested library"] += 1
        found = [f"after the kill: {p}" for p in after["problems"]]
        if not after["answered"]:
            found.append("ask gave no answer and did not abstain")
        if report["resume_exit"] != 0:
            found.append(f"re-run exited {report['resume_exit']}")
        found += [f"after re-run: {p}" for p in _same_as_clean(report["after_resume"], clean)]
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
    _need_corpus()
    env = _env("sentence-transformers")
    small = {k: v for k, v in VERSION_A.items() if "kent_2025-03-13" in k}
    library = _library(tmp_path / "lib", small)
    timing, clean = _clean_run(library, tmp_path / "clean", env)
    index = tmp_path / "index"
    run = _run(_ingest_cmd(library, index), env, index, kill_at=0.6 * timing.work)
    assert run.exit_code is None, "the ingest finished before the kill"
    report = _probe(index, library, env)
    assert not report["after_kill"]["problems"], report["after_kill"]["problems"]
    assert report["resume_exit"] == 0
    assert not _same_as_clean(report["after_resume"], clean)


if __name__ == "__main__" and len(sys.argv) >= 3 and sys.argv[1] in ("probe", "inspect"):
    result = probe(Path(sys.argv[2]), Path(sys.argv[3]) if len(sys.argv) > 3 else None,
                   ask=sys.argv[1] == "probe")
    print(json.dumps(result))
