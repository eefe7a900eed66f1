"""Runs systems over a question set and reports retrieval, answer and latency metrics."""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from evaluation import metrics as m
from evaluation.briefing_eval import evaluate_briefings
from evaluation.briefing_eval import table as briefing_table
from evaluation.dataset import Item, gold_locations, load
from evaluation.systems import Outcome, System

BRIEFING_GOLD = Path(__file__).resolve().parent / "briefing_gold"
KINDS_ORDER = ("fact", "number", "list", "cross_doc", "paraphrase", "unanswerable")


@dataclass
class Row:
    item: Item
    outcome: Outcome


def run_system(system: System, items: list[Item]) -> list[Row]:
    return [Row(item, system.run(item.q)) for item in items]


def summarise(rows: list[Row]) -> dict[str, float]:
    """All metrics over a set of rows (answer metrics over the answerable ones)."""
    answerable = [r for r in rows if not r.item.unanswerable]
    unanswerable = [r for r in rows if r.item.unanswerable]
    out: dict[str, float] = {"questions": float(len(rows))}
    if answerable:
        gold = [gold_locations(r.item) for r in answerable]
        ret = [r.outcome.retrieved for r in answerable]
        out.update({
            "doc@5": m.mean([m.doc_at_k(x, g, 5) for x, g in zip(ret, gold, strict=True)]),
            "page@5": m.mean([m.page_at_k(x, g, 5) for x, g in zip(ret, gold, strict=True)]),
            "page@10": m.mean([m.page_at_k(x, g, 10) for x, g in zip(ret, gold, strict=True)]),
            "mrr": m.mean([m.reciprocal_rank(x, g) for x, g in zip(ret, gold, strict=True)]),
            "ndcg@10": m.mean([m.ndcg_at_k(x, g) for x, g in zip(ret, gold, strict=True)]),
            "key_facts": m.mean([float(not r.outcome.abstained and
                                       m.key_facts_present(r.outcome.answer, r.item.all))
                                 for r in answerable]),
            "citation": m.mean([float(not r.outcome.abstained and
                                      m.citation_correct(r.outcome.citations, g))
                                for r, g in zip(answerable, gold, strict=True)]),
            "false_abstain": m.mean([float(r.outcome.abstained) for r in answerable]),
        })
    out["quote_fidelity"] = m.mean([float(m.quotes_verbatim(r.outcome.quotes))
                                    for r in rows if r.outcome.quotes]) if rows else 0.0
    if unanswerable or answerable:
        precision, recall = m.precision_recall([r.outcome.abstained for r in rows],
                                               [r.item.unanswerable for r in rows])
        out["abstain_precision"], out["abstain_recall"] = precision, recall
    seconds = [r.outcome.seconds * 1000 for r in rows]
    out["p50_ms"], out["p95_ms"] = m.percentile(seconds, 50), m.percentile(seconds, 95)
    return out


def by_kind(rows: list[Row]) -> dict[str, dict[str, float]]:
    groups: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        groups[r.item.kind].append(r)
    order = [k for k in KINDS_ORDER if k in groups] + sorted(set(groups) - set(KINDS_ORDER))
    return {kind: summarise(groups[kind]) for kind in order}


def calibrate(rows: list[Row]) -> list[dict[str, float]]:
    """Abstention threshold sweep from the confidences our system recorded."""
    sweep = []
    for step in range(0, 81, 2):
        t = step / 100
        ans = [r for r in rows if not r.item.unanswerable]
        una = [r for r in rows if r.item.unanswerable]
        sweep.append({
            "threshold": t,
            "unanswerable_declined": m.mean([float(r.outcome.confidence < t) for r in una]),
            "answerable_declined": m.mean([float(r.outcome.confidence < t) for r in ans]),
            "answerable_correct": m.mean([float(r.outcome.confidence >= t and
                                                m.key_facts_present(r.outcome.answer, r.item.all))
                                          for r in ans]),
        })
    return sweep


COLUMNS = ("key_facts", "citation", "quote_fidelity", "doc@5", "page@5", "mrr", "ndcg@10",
           "abstain_precision", "abstain_recall", "false_abstain", "p50_ms", "p95_ms")


def table(results: dict[str, dict[str, float]], columns: tuple[str, ...] = COLUMNS) -> str:
    head = "| system | " + " | ".join(columns) + " |"
    rule = "|---" * (len(columns) + 1) + "|"
    lines = [head, rule]
    for name, row in results.items():
        cells = [_fmt(c, row.get(c)) for c in columns]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _fmt(column: str, value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if column.endswith("_ms") else f"{value:.2f}"


def kind_table(per_system: dict[str, dict[str, dict[str, float]]], metric: str) -> str:
    kinds = list(dict.fromkeys(k for s in per_system.values() for k in s))
    lines = ["| system | " + " | ".join(kinds) + " |", "|---" * (len(kinds) + 1) + "|"]
    for name, kinds_rows in per_system.items():
        metric_for = [(k, "abstain_recall" if k == "unanswerable" else metric) for k in kinds]
        cells = [_fmt(mt, kinds_rows.get(k, {}).get(mt)) for k, mt in metric_for]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_report(folder: Path, overall: dict[str, dict[str, float]],
                 kinds: dict[str, dict[str, dict[str, float]]], dataset: Path,
                 per_question: dict[str, list[Row]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    md = [f"# Evaluation on {dataset.name}", "", "## Overall", "", table(overall), "",
          "## Key-fact accuracy by kind (unanswerable: share declined)", "",
          kind_table(kinds, "key_facts"), "", "## Citation accuracy by kind", "",
          kind_table(kinds, "citation"), "", "## page@5 by kind", "",
          kind_table(kinds, "page@5"), ""]
    (folder / "report.md").write_text("\n".join(md), encoding="utf-8")
    detail = {name: [{"id": r.item.id, "kind": r.item.kind, "abstained": r.outcome.abstained,
                      "correct": m.key_facts_present(r.outcome.answer, r.item.all),
                      "citations": r.outcome.citations, "answer": r.outcome.answer[:600],
                      "confidence": r.outcome.confidence, "evidence": r.outcome.extra}
                     for r in rows] for name, rows in per_question.items()}
    (folder / "report.json").write_text(json.dumps(
        {"dataset": str(dataset), "overall": overall, "by_kind": kinds, "questions": detail},
        indent=2), encoding="utf-8")
    _chart(folder / "accuracy_by_kind.png", kinds)


def _chart(path: Path, kinds: dict[str, dict[str, dict[str, float]]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(kinds)
    kind_names = list(dict.fromkeys(k for s in kinds.values() for k in s))
    fig, ax = plt.subplots(figsize=(10, 4.5))
    width = 0.8 / max(1, len(names))
    for i, name in enumerate(names):
        values = [kinds[name].get(k, {}).get("abstain_recall" if k == "unanswerable"
                                             else "key_facts", 0.0) for k in kind_names]
        ax.bar([x + i * width for x in range(len(kind_names))], values, width, label=name)
    ax.set_xticks([x + width * (len(names) - 1) / 2 for x in range(len(kind_names))])
    ax.set_xticklabels(kind_names)
    ax.set_ylim(0, 1)
    ax.set_ylabel("key-fact accuracy (unanswerable: declined)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def evaluate(dataset: Path, systems: list[System], limit: int = 0
             ) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, dict[str, float]]],
                        dict[str, list[Row]]]:
    items = load(dataset)
    if limit:
        items = items[:limit]
    overall, kinds, rows_by = {}, {}, {}
    for system in systems:
        rows = run_system(system, items)
        rows_by[system.name] = rows
        overall[system.name] = summarise(rows)
        kinds[system.name] = by_kind(rows)
    return overall, kinds, rows_by


def run_cli(args: argparse.Namespace, settings) -> int:  # type: ignore[no-untyped-def]
    from assistant.retrieval import Weights
    from assistant.service import Assistant
    from evaluation.systems import NaiveLangChain, Ours, RetrieverOnly

    assistant = Assistant(settings)
    if not assistant.documents():
        print(f"scrutiny eval: the index {settings.index} is empty; ingest the documents the "
              "dataset asks about first (e.g. scrutiny ingest corpus ../shared/corpus/kent)")
        return 2
    systems: list[System] = [Ours(assistant)]
    if args.baselines:
        sources = [Path(d.meta.source_path) for d in assistant.documents()]
        systems += [Ours(assistant, weights=Weights(fusion="rrf"), name="scrutiny-rrf"),
                    RetrieverOnly(assistant, "keyword"), RetrieverOnly(assistant, "dense"),
                    NaiveLangChain(sources, settings.resolved_model())]
    overall, kinds, rows = evaluate(args.dataset, systems, args.limit)
    briefings = evaluate_briefings(assistant.index, BRIEFING_GOLD)
    if args.json:
        print(json.dumps({"overall": overall, "by_kind": kinds,
                          "briefings": briefings["per_type"]}, indent=2))
    else:
        print(table(overall))
        print()
        print("Key-fact accuracy by kind (unanswerable: share declined)")
        print(kind_table(kinds, "key_facts"))
        print()
        print("Briefing extraction, precision and recall by item type")
        print(briefing_table(briefings))
    if getattr(args, "calibrate", False):
        print()
        print("Abstention threshold sweep (confidence below the threshold: declined)")
        print("| threshold | unanswerable declined | answerable declined | answerable correct |")
        print("|---|---|---|---|")
        for point in calibrate(rows["scrutiny"]):
            print(f"| {point['threshold']:.2f} | {point['unanswerable_declined']:.2f} | "
                  f"{point['answerable_declined']:.2f} | {point['answerable_correct']:.2f} |")
    if args.report:
        write_report(args.report, overall, kinds, args.dataset, rows)
        with (args.report / "report.md").open("a", encoding="utf-8") as handle:
            handle.write("\n## Briefing extraction\n\n" + briefing_table(briefings) + "\n")
        print(f"report written to {args.report}/report.md")
    return 0
