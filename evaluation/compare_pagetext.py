"""Compare ingest.pagetext with pypdf's own `page.extract_text()` on every PDF page.

    python -m evaluation.compare_pagetext [FOLDER ...]

For each folder (by default the 123 Ofsted reports in ../shared/corpus/scale/ofsted-ilacs, corpus/ and
the Kent papers in ../shared/corpus/kent): pages compared, pages identical, pages the fast
reader left to pypdf (and why), pages that differ (the first few shown), and the CPU
seconds of each extractor. Each extractor reads its own copy of the file, so neither
profits from what the other has parsed. A script, not a test: the tests check a handful
of documents (tests/test_pagetext.py). Exit status 1 when any page differs.
"""

from __future__ import annotations

import argparse
import difflib
import logging
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PageObject, PdfReader

from ingest.pagetext import PageText

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
FOLDERS = [SHARED / "scale" / "ofsted-ilacs", ROOT / "corpus", SHARED / "kent"]
SHOWN_DIFFERENCES = 3


@dataclass
class Tally:
    """What one folder's comparison found."""

    name: str
    pages: int = 0
    identical: int = 0
    fallbacks: Counter[str] = field(default_factory=Counter)
    differences: list[tuple[str, int, str, str]] = field(default_factory=list)
    fast_seconds: float = 0.0
    pypdf_seconds: float = 0.0


def page_text(extract, page) -> str:  # type: ignore[no-untyped-def]
    """The text, or the error raised: a page pypdf cannot read must fail the same way."""
    try:
        return str(extract(page))
    except Exception as err:  # noqa: BLE001 - compared, not hidden
        return f"<{type(err).__name__}>"


def compare_file(path: Path, tally: Tally) -> None:
    fast_pages, pypdf_pages = PdfReader(path, strict=False), PdfReader(path, strict=False)
    extractor = PageText()
    for number, (ours, theirs) in enumerate(zip(fast_pages.pages, pypdf_pages.pages,
                                                strict=True), start=1):
        started = time.process_time()
        got = page_text(extractor.extract, ours)
        tally.fast_seconds += time.process_time() - started
        started = time.process_time()
        expected = page_text(PageObject.extract_text, theirs)
        tally.pypdf_seconds += time.process_time() - started
        tally.pages += 1
        if got == expected:
            tally.identical += 1
        else:
            tally.differences.append((path.name, number, expected, got))
    tally.fallbacks += extractor.fallbacks


def difference(expected: str, got: str, lines: int = 12) -> str:
    """The first lines of a unified diff, pypdf's text as the original."""
    diff = difflib.unified_diff(expected.splitlines(), got.splitlines(), "pypdf", "pagetext",
                                lineterm="", n=1)
    return "\n".join(list(diff)[:lines])


def report(tally: Tally) -> str:
    fallen = sum(tally.fallbacks.values())
    rows = [f"{tally.name}: {tally.pages} pages compared, {tally.identical} identical, "
            f"{fallen} left to pypdf, {len(tally.differences)} differ",
            f"  CPU seconds: pagetext {tally.fast_seconds:.2f}, pypdf {tally.pypdf_seconds:.2f}"
            + (f" ({tally.pypdf_seconds / tally.fast_seconds:.1f}x)" if tally.fast_seconds else "")]
    rows += [f"  left to pypdf: {count} x {reason}"
             for reason, count in tally.fallbacks.most_common()]
    for name, number, expected, got in tally.differences[:SHOWN_DIFFERENCES]:
        rows.append(f"  differs: {name} page {number}")
        rows.append("    " + difference(expected, got).replace("\n", "\n    "))
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=FOLDERS)
    args = parser.parse_args(argv)
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    total = Tally("all folders")
    for folder in args.folders:
        if not folder.is_dir():
            print(f"{folder}: not a folder, skipped")
            continue
        tally = Tally(str(folder))
        for path in sorted(folder.glob("*.pdf")):
            compare_file(path, tally)
        print(report(tally), flush=True)
        total.pages += tally.pages
        total.identical += tally.identical
        total.fallbacks += tally.fallbacks
        total.differences += tally.differences
        total.fast_seconds += tally.fast_seconds
        total.pypdf_seconds += tally.pypdf_seconds
    if len(args.folders) > 1:
        print(report(total))
    return 1 if total.differences else 0


if __name__ == "__main__":
    sys.exit(main())
