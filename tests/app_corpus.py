"""A tiny corpus for the app tests: the Medway report, optionally one Ofsted PDF, and a
committee paper whose text tries markdown/HTML injection (it must render as text)."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
MEDWAY = "medway_2024-03-07_cyp-osc_improvement-update.txt"
OFSTED = "ofsted_medway_2023_ilacs.pdf"
INJECTION = "testshire_2025-05-12_culture_library-review.md"

INJECTION_TEXT = """# Library opening hours review

Testshire Borough Council, Culture Committee, 12 May 2025

## 1. Library opening hours

1.1 The library opening hours survey received 412 responses <script>window.__pwned = 1</script> from residents of Testshire.

1.2 Residents asked for Sunday library opening <img src=x onerror="window.__pwned = 2"> at the central library.

1.3 The committee noted the library survey [read the details](javascript:alert(1)) and its costs.

1.4 The library survey results are charted ![chart](http://x/y.png) in the appendix.
"""
INJECTION_ROW = (f"{INJECTION}\tLibrary opening hours review\tTestshire Borough Council\t"
                 "Culture Committee\t2025-05-12\tCommittee report\ttest document")


def write_corpus(folder: Path, with_ofsted: bool = False) -> Path:
    """Copy the chosen documents into `folder` with a manifest; return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    names = [MEDWAY] + ([OFSTED] if with_ofsted else [])
    for name in names:
        shutil.copy(CORPUS / name, folder / name)
    (folder / INJECTION).write_text(INJECTION_TEXT, encoding="utf-8")
    lines = (CORPUS / "manifest.tsv").read_text(encoding="utf-8").splitlines()
    kept = [lines[0]] + [line for line in lines[1:] if line.split("\t")[0] in names]
    (folder / "manifest.tsv").write_text("\n".join(kept + [INJECTION_ROW]) + "\n",
                                         encoding="utf-8")
    return folder


def index_for_app(tmp_path: Path, monkeypatch, with_ofsted: bool = False) -> Path:  # type: ignore[no-untyped-def]
    """Point the app's settings at a fresh fake-embedder index of the test corpus."""
    from assistant.service import Assistant
    from assistant.settings import Settings

    monkeypatch.setenv("SCRUTINY_INDEX", str(tmp_path / "index"))
    monkeypatch.setenv("SCRUTINY_EMBEDDER", "fake")
    monkeypatch.setenv("SCRUTINY_UPLOAD_DIR", str(tmp_path / "uploads"))
    report = Assistant(Settings()).ingest(
        [write_corpus(tmp_path / "corpus", with_ofsted=with_ofsted)])
    assert not report.failed
    return tmp_path
