"""An index as a fresh reader finds it: is every listed document whole, and do answers work?

Shared by the crash-safety and concurrency tests. It runs in its own process
(`python -m tests.index_probe INDEX [LIBRARY]`), so nothing is cached from the
process that wrote the index; with LIBRARY it then re-runs the CLI ingest on it and
inspects again. The last line of its output is one JSON object.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

QUESTION = "What did the inspection find about the quality of practice?"


def inspect(settings: Any, ask: bool = True, question: str = QUESTION) -> dict[str, Any]:
    """Problems found (empty when the index is whole) and what it holds."""
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
        hits = assistant.search(question, k=5)
        answer = assistant.ask(question)
        cited = {c.chunk_id for c in (*answer.citations, *answer.related)}
        if docs and not hits:
            problems.append("search found nothing in a non-empty index")
        if not docs and (hits or cited):
            problems.append("search answered from an empty catalog")
        if stray := cited - set(catalog_ids):
            problems.append(f"answer cites {len(stray)} chunks the catalog does not list")
        answered = bool(answer.citations) or answer.abstained
    index.close()
    return {
        "documents": {n: [d.sha256, d.chunks] for n, d in sorted(docs.items())},
        "chunk_ids": sorted(catalog_ids),
        "orphans": len(vector_ids - set(catalog_ids)),
        "problems": problems,
        "answered": answered,
    }


def probe(index_dir: Path, library: Path | None, ask: bool = True) -> dict[str, Any]:
    """Inspect; with a library, re-run `scrutiny ingest --prune` on it and inspect again."""
    from assistant.settings import Settings

    settings = Settings(index=index_dir)
    report: dict[str, Any] = {"before": inspect(settings, ask=ask)}
    if library is not None:
        from assistant.cli import main

        code = main(["ingest", str(library), "--index", str(index_dir), "--prune", "--quiet"])
        report["rerun_exit"] = code
        report["after"] = inspect(settings, ask=False)
    return report


def same_as_clean(state: dict[str, Any], clean: dict[str, Any]) -> list[str]:
    """How an index differs from a clean run's (empty when it is the same)."""
    differences = []
    if state["documents"] != clean["documents"]:
        have, want = ({(n, *v) for n, v in s["documents"].items()} for s in (state, clean))
        differences.append(f"documents differ from a clean run: {sorted(have ^ want)}")
    if state["chunk_ids"] != clean["chunk_ids"]:
        differences.append("chunk ids differ from a clean run")
    if state["orphans"]:
        differences.append(f"{state['orphans']} orphan vectors left after a writer ran")
    return differences + state["problems"]


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--no-ask"]
    result = probe(Path(args[0]), Path(args[1]) if len(args) > 1 else None,
                   ask="--no-ask" not in sys.argv)
    print(json.dumps(result))
