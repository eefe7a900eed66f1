"""Benchmark: our ingest vs the naive LangChain pipeline, the embedding limit, re-ingest,
and answer latency at scale. A script, not a test: run it on a quiet machine.

    python -m evaluation.bench [--scale DIR] [--limit N] [--embedder onnx-int8]

Each stage runs in its own process so that its peak memory is its own; the table goes to
evaluation/results/bench.md and every run is appended to bench-history.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCALE = ROOT.parent / "shared" / "corpus" / "scale" / "ofsted-ilacs"
RESULTS = ROOT / "evaluation" / "results"
QUESTIONS = ROOT / "evaluation" / "datasets" / "council.jsonl"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stage_ours(src: str, index: str, embedder: str) -> dict:
    from assistant.index import Index
    from assistant.settings import Settings
    from ingest.pipeline import ingest

    settings = Settings(index=Path(index), embedder=embedder)  # type: ignore[arg-type]
    started = time.perf_counter()
    report = ingest([Path(src)], Index(settings))
    seconds = time.perf_counter() - started
    done = [o for o in report.outcomes if o.status in ("added", "updated", "unchanged")]
    return {"seconds": seconds, "pages": sum(o.pages for o in done),
            "chunks": sum(o.chunks for o in done), "failed": len(report.failed),
            "embedded": report.chunks, "peak_mb": peak_mb()}


def stage_naive(src: str, workdir: str) -> dict:
    import chromadb
    from langchain_chroma import Chroma
    from langchain_community.document_loaders import PyPDFLoader
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from assistant.settings import Settings

    started = time.perf_counter()
    files = sorted(Path(src).rglob("*.pdf"))
    pages, skipped = [], 0
    for f in files:  # the naive loader stops at the first broken file: skip those here
        try:
            pages.extend(PyPDFLoader(str(f)).load())
        except Exception:
            skipped += 1
    chunks = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200
                                            ).split_documents(pages)
    embeddings = HuggingFaceEmbeddings(model_name=Settings().resolved_model())
    client = chromadb.PersistentClient(
        path=workdir, settings=chromadb.config.Settings(anonymized_telemetry=False))
    Chroma.from_documents(chunks, embeddings, client=client, collection_name="naive")
    return {"seconds": time.perf_counter() - started, "pages": len(pages),
            "chunks": len(chunks), "skipped": skipped, "peak_mb": peak_mb()}


def stage_embed_only(index: str, embedder: str) -> dict:
    """The embedder alone on exactly the texts our ingest embedded, batched the same way."""
    from assistant.embedding import make_embedder
    from assistant.index import Index
    from assistant.settings import Settings
    from ingest.pipeline import EMBED_BATCH, fitted_embed_text

    settings = Settings(index=Path(index), embedder=embedder)  # type: ignore[arg-type]
    catalog = Index(settings).catalog
    model = make_embedder(settings)
    metas = {d.meta.document: d.meta for d in catalog.documents()}
    texts = [fitted_embed_text(c, metas[c.document], model.count_tokens, model.max_tokens)
             for c in catalog.chunks()]
    batches, current = [], []  # type: ignore[var-annotated]
    for text in texts:  # rounds of about EMBED_BATCH texts as ingest's, duplicates once
        current.append(text)
        if len(current) >= EMBED_BATCH:
            batches.append(list(dict.fromkeys(current)))
            current = []
    if current:
        batches.append(list(dict.fromkeys(current)))
    model.embed(["warm up"])
    started = time.perf_counter()
    for batch in batches:
        model.embed(batch)
    return {"seconds": time.perf_counter() - started, "texts": sum(map(len, batches)),
            "peak_mb": peak_mb()}


def stage_answers(index: str, embedder: str) -> dict:
    from assistant.service import Assistant
    from assistant.settings import Settings
    from evaluation.dataset import load
    from evaluation.metrics import percentile

    assistant = Assistant(Settings(index=Path(index), embedder=embedder))  # type: ignore[arg-type]
    assistant.ask("warm up: what is the turnover rate?")
    times = []
    for item in load(QUESTIONS):
        started = time.perf_counter()
        assistant.ask(item.q)
        times.append((time.perf_counter() - started) * 1000)
    passages = len(assistant.index.snapshot().chunks)
    return {"p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95),
            "questions": len(times), "passages": passages, "peak_mb": peak_mb()}


STAGES: dict[str, Callable[..., dict]] = {"ours": stage_ours, "naive": stage_naive, "embed-only": stage_embed_only,
          "answers": stage_answers}


def run_stage(name: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "evaluation.bench", "--stage", name, *args],
                         check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def cold_ask(index: str, embedder: str) -> float:
    env = {**os.environ, "SCRUTINY_INDEX": index, "SCRUTINY_EMBEDDER": embedder}
    started = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "scrutiny"), "ask",
                    "What is the social worker turnover rate?", "--json"],
                   check=True, capture_output=True, env=env, cwd=ROOT)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", choices=sorted(STAGES))
    parser.add_argument("--scale", type=Path, default=SCALE)
    parser.add_argument("--limit", type=int, default=0, help="only the first N reports")
    parser.add_argument("--embedder", default="auto")
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("args", nargs="*")
    opts = parser.parse_args()
    if opts.stage:
        print(json.dumps(STAGES[opts.stage](*opts.args)))
        return 0
    return benchmark(opts)


def benchmark(opts: argparse.Namespace) -> int:
    work = Path(tempfile.mkdtemp(prefix="scrutiny-bench-"))
    src = work / "reports"
    src.mkdir()
    reports = sorted(opts.scale.glob("*.pdf"))[: opts.limit or None]
    for pdf in reports:
        shutil.copy(pdf, src / pdf.name)
    index = str(work / "index")
    emb = opts.embedder
    row: dict = {"cores": os.cpu_count(), "reports": len(reports), "embedder": emb,
                 "when": time.strftime("%Y-%m-%d %H:%M")}
    print(f"benchmark in {work} on {len(reports)} reports, embedder {emb}", file=sys.stderr)
    row["ours"] = run_stage("ours", str(src), index, emb)
    print(f"ours: {row['ours']}", file=sys.stderr)
    row["embed_only"] = run_stage("embed-only", index, emb)
    if not opts.skip_naive:
        row["naive"] = run_stage("naive", str(src), str(work / "naive"))
    row["reingest_unchanged"] = run_stage("ours", str(src), index, emb)
    changed = sorted(src.glob("*.pdf"))[0]
    with changed.open("ab") as handle:  # bytes after %%EOF: a new file hash, same text
        handle.write(b"\n% touched by the benchmark\n")
    row["reingest_one_changed"] = run_stage("ours", str(src), index, emb)
    run_stage("ours", str(ROOT / "corpus"), index, emb)
    row["cold_ask_s"] = cold_ask(index, emb)
    row["answers"] = run_stage("answers", index, emb)
    write(row)
    shutil.rmtree(work, ignore_errors=True)
    return 0


def write(row: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    with (RESULTS / "bench-history.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(row) + "\n")
    ours, embed = row["ours"], row["embed_only"]
    lines = [f"# Benchmark ({row['when']}, {row['cores']} cores, {row['reports']} Ofsted "
             f"reports, embedder {row['embedder']})", "",
             "| measure | ours | naive LangChain | ratio |", "|---|---|---|---|"]
    naive = row.get("naive")

    def cell(stage: dict | None, key: str, fmt: str = "{:.1f}") -> str:
        return fmt.format(stage[key]) if stage and key in stage else "-"

    def rate(stage: dict | None, key: str) -> float | None:
        return stage[key] / stage["seconds"] if stage else None

    for label, key in (("wall time (s)", "seconds"), ("pages", "pages"), ("chunks", "chunks"),
                       ("peak memory (MB)", "peak_mb")):
        ratio = (f"{naive[key] / ours[key]:.2f}x" if naive and key == "seconds" else "")
        lines.append(f"| {label} | {cell(ours, key)} | {cell(naive, key)} | {ratio} |")
    for label, key in (("pages/s", "pages"), ("chunks/s", "chunks")):
        o, n = rate(ours, key), rate(naive, key)
        lines.append(f"| {label} | {o:.1f} | {f'{n:.1f}' if n else '-'} | |")
    lines += ["", "| measure | value |", "|---|---|",
              f"| embed-only time (s), {embed['texts']} texts | {embed['seconds']:.1f} |",
              f"| ingest / embed-only | {ours['seconds'] / embed['seconds']:.2f} |",
              f"| re-ingest, unchanged (s) | {row['reingest_unchanged']['seconds']:.2f} |",
              f"| re-ingest, one file changed (s) | {row['reingest_one_changed']['seconds']:.2f}"
              f" ({row['reingest_one_changed']['embedded']} chunks embedded) |",
              f"| cold `scrutiny ask` (s) | {row['cold_ask_s']:.2f} |",
              f"| warm answer p50 / p95 (ms), {row['answers']['passages']} passages | "
              f"{row['answers']['p50_ms']:.0f} / {row['answers']['p95_ms']:.0f} |",
              f"| peak memory while answering (MB) | {row['answers']['peak_mb']:.0f} |", ""]
    (RESULTS / "bench.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    raise SystemExit(main())
