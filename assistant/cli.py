"""The `scrutiny` command: ingest, docs, search, ask, brief, eval. A thin shell over the core."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.settings import Settings
from assistant.types import Filters


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = Settings()
    if getattr(args, "index", None):
        settings = settings.model_copy(update={"index": Path(args.index)})
    try:
        return int(args.run(args, settings) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader (e.g. `| head`) has gone: not an error of ours
        sys.stderr.close()
        return 0
    except Exception as err:  # a person's mistake or a broken store: one clear line
        from assistant.index import IndexBusy
        from assistant.vectors import StoreUnavailable

        if isinstance(err, IndexBusy | StoreUnavailable | FileNotFoundError | ValueError):
            print(f"scrutiny: {err}", file=sys.stderr)
            return 2
        raise


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scrutiny", description="Cited answers from council reports and inspection findings.")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", help="add or update documents in the index")
    p.add_argument("paths", nargs="+", type=Path, help="files or folders (PDF, .txt, .md)")
    p.add_argument("--prune", action="store_true", help="remove documents whose files are gone")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    _index_arg(p)
    p.set_defaults(run=cmd_ingest)

    p = sub.add_parser("docs", help="list indexed documents")
    p.add_argument("--json", action="store_true")
    _index_arg(p)
    p.set_defaults(run=cmd_docs)

    p = sub.add_parser("remove", help="remove a document from the index")
    p.add_argument("document", help="the indexed document's file name")
    _index_arg(p)
    p.set_defaults(run=cmd_remove)

    p = sub.add_parser("search", help="top passages for a query")
    p.add_argument("query")
    p.add_argument("--k", type=int, default=8)
    p.add_argument("--json", action="store_true")
    _index_arg(p)
    _filter_args(p)
    p.set_defaults(run=cmd_search)

    p = sub.add_parser("ask", help="answer a question with cited passages ('-' reads stdin)")
    p.add_argument("question")
    p.add_argument("--json", action="store_true")
    _index_arg(p)
    _filter_args(p)
    p.set_defaults(run=cmd_ask)

    p = sub.add_parser("brief", help="meeting briefing for a document: figures, risks, "
                       "commitments, judgements and questions, each cited")
    p.add_argument("document", help="the indexed document's file name (see: scrutiny docs)")
    p.add_argument("--meeting-date", help="YYYY-MM-DD (default: the document's date)")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="JSON")
    fmt.add_argument("--md", action="store_true", help="Markdown (the default)")
    _index_arg(p)
    p.set_defaults(run=cmd_brief)

    p = sub.add_parser("eval", help="evaluate retrieval and answers on a question set")
    p.add_argument("--dataset", type=Path, required=True)
    p.add_argument("--report", type=Path, help="folder for report.md, report.json and chart")
    p.add_argument("--baselines", action="store_true", help="also run BM25, dense and naive")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int, default=0, help="only the first N questions")
    p.add_argument("--calibrate", action="store_true",
                   help="also print the abstention threshold sweep for our system")
    _index_arg(p)
    p.set_defaults(run=cmd_eval)
    return parser


def _index_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--index", help="index directory (default: $SCRUTINY_INDEX or "
                   "~/.local/share/scrutiny/index)")


def _filter_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--council", action="append", default=[], help="only this council (repeat)")
    p.add_argument("--body", action="append", default=[], help="only this committee/body")
    p.add_argument("--type", dest="document_type", action="append", default=[],
                   help="only this document type")
    p.add_argument("--document", action="append", default=[], help="only this file name")
    p.add_argument("--from", dest="date_from", help="documents dated on or after YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", help="documents dated on or before YYYY-MM-DD")


def filters_from(args: argparse.Namespace) -> Filters:
    return Filters(councils=tuple(args.council), bodies=tuple(args.body),
                   document_types=tuple(args.document_type), documents=tuple(args.document),
                   date_from=args.date_from, date_to=args.date_to)


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.service import Assistant

    assistant = Assistant(settings)
    progress = None if args.quiet else _progress_printer()
    report = assistant.ingest(args.paths, prune=args.prune, progress=progress)
    if progress:
        print(file=sys.stderr)
    for outcome in report.failed:
        print(f"error: {outcome.path}: {outcome.error}", file=sys.stderr)
    print(report.summary())
    return 1 if report.failed else 0


def _progress_printer():  # type: ignore[no-untyped-def]
    totals = {"pages": 0, "chunks": 0}
    interactive = sys.stderr.isatty()

    def show(done: int, total: int, outcome) -> None:  # type: ignore[no-untyped-def]
        totals["pages"] += outcome.pages
        totals["chunks"] += outcome.chunks
        width = 24
        filled = int(width * done / max(total, 1))
        line = (f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files, "
                f"{totals['pages']} pages, {totals['chunks']} chunks  {outcome.status}: "
                f"{outcome.path.name[:40]}")
        print(("\r" if interactive else "") + line.ljust(110), end="" if interactive else "\n",
              file=sys.stderr, flush=True)

    return show


def cmd_docs(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.service import Assistant

    docs = Assistant(settings).documents()
    if args.json:
        print(json.dumps([d.as_json() for d in docs], indent=2, ensure_ascii=False))
        return 0
    if not docs:
        print(f"No documents indexed in {settings.index}. Run: scrutiny ingest corpus")
        return 0
    for d in docs:
        m = d.meta
        guessed = f"  (inferred: {', '.join(m.inferred)})" if m.inferred else ""
        print(f"{m.document}\n  {m.title} | {m.council or '?'} | {m.body or '?'} | "
              f"{m.document_type or '?'} | {m.date or '?'} | {d.pages} pages, "
              f"{d.chunks} chunks{guessed}")
    print(f"{len(docs)} documents, {sum(d.chunks for d in docs)} chunks")
    return 0


def cmd_remove(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.service import Assistant

    if Assistant(settings).remove(args.document):
        print(f"removed {args.document}")
        return 0
    print(f"scrutiny: {args.document} is not in the index (see: scrutiny docs)", file=sys.stderr)
    return 1


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.service import Assistant

    hits = Assistant(settings).search(args.query, k=args.k, filters=filters_from(args))
    if args.json:
        print(json.dumps([{"document": h.chunk.document, "title": h.meta.title,
                           "page": h.chunk.page, "paragraph": h.chunk.paragraph,
                           "score": round(h.score, 4), "text": h.chunk.text} for h in hits],
                         indent=2, ensure_ascii=False))
        return 0
    for rank, h in enumerate(hits, 1):
        para = f", para {h.chunk.paragraph}" if h.chunk.paragraph else ""
        print(f"{rank}. {h.meta.title} ({h.meta.date or 'undated'}) p.{h.chunk.page}{para} "
              f"[{h.score:.3f}]  {h.chunk.document}")
        print("   " + h.chunk.text[:300].replace("\n", " ") + "\n")
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.render import answer_as_text
    from assistant.service import Assistant

    assistant = Assistant(settings)
    filters = filters_from(args)
    questions = ([ln.strip() for ln in sys.stdin if ln.strip()] if args.question == "-"
                 else [args.question])
    if mismatch := assistant.embedder_mismatch():
        print(f"note: {mismatch}", file=sys.stderr)
    for question in questions:
        answer = assistant.ask(question, filters=filters)
        if args.json:
            print(json.dumps(answer.as_json(), ensure_ascii=False), flush=True)
        else:
            print(answer_as_text(answer), flush=True)
    return 0


def cmd_brief(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.briefing import build_briefing
    from assistant.briefing.render import as_json, as_markdown
    from assistant.index import Index

    briefing = build_briefing(Index(settings), args.document, meeting_date=args.meeting_date)
    if args.json:
        print(json.dumps(as_json(briefing), indent=2, ensure_ascii=False))
    else:
        print(as_markdown(briefing))
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from evaluation.runner import run_cli

    return run_cli(args, settings)


if __name__ == "__main__":
    raise SystemExit(main())
