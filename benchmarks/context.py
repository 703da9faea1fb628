"""Benchmark: what the RAG columns hand a small model, and what it makes of it, on the offline model.

For every knowledge pack (or `--packs`), the first `--limit` knowledge items are asked with one
context setting after another, on one loaded model and one index per pack:

- `whole k=3`: the three retrieved passages pasted whole (today's prompt before focusing, `--focus 0`);
- `whole k=5`: five whole passages (more recall, a longer prompt);
- `focus N k=3`, `focus N k=5`: three or five passages searched, the N best sentences or table
  rows kept with their neighbours (`--focus N`; the default here is printed at the top);
- `... + reader`: the same focused context read by the `reader` adapter (`lora+rag:reader`), when
  `studio workshop prepare --scenarios reader` has trained it for this model;
- `base (no passages)` and `lora:reader`: the model and the adapter with no passages; the adapter
  should know no more than the base model.

For each it prints the share of items whose context held the fact ("facts seen"), the knowledge
score, prompt tokens and seconds per item; with `--paraphrase`, also the score on the reworded
questions of the first focused setting (the paraphrase experiment). Every row uses the same
decoding (greedy, `--max-new-tokens`), so the comparison is fair.

Run:  python benchmarks/context.py [--limit 30] [--packs lumenfold-handbook,reader] [--focus 2,4] [--paraphrase]

It measures; it does not gate anything.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import asdict, replace

from studio.lesson.columns import parse_columns
from studio.config import load_config
from studio.quiet import quiet_libraries
from studio.lesson.scenarios import load_scenario, scenario_ids


def settings(focus_values: list[int], reader: bool) -> list[tuple[str, str, int, int]]:
    """(row name, column, top_k, focus) for each row of one pack's table."""
    rows = [("base (no passages)", "base", 5, 0), ("whole k=3", "rag", 3, 0), ("whole k=5", "rag", 5, 0)]
    rows += [row for f in focus_values for row in ((f"focus {f} k=3", "rag", 3, f), (f"focus {f} k=5", "rag", 5, f))]
    if reader:
        rows += [(f"focus {f} k=5 + reader", "lora+rag:reader", 5, f) for f in focus_values]
        rows.append(("lora:reader (no passages)", "lora:reader", 5, 0))
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=30, help="knowledge items per pack (the first ones)")
    parser.add_argument("--packs", default=None, help="comma-separated pack ids (default: every pack with documents and knowledge items)")
    parser.add_argument("--focus", default="4", help="comma-separated --focus values to try (sentences kept)")
    parser.add_argument("--max-new-tokens", type=int, default=64)
    parser.add_argument("--paraphrase", action="store_true", help="also ask the reworded questions with the first focus value")
    parser.add_argument("--answers", default=None, metavar="FILE", help="write every answer with its checks (JSON lines) to read them by hand")
    args = parser.parse_args(argv)
    quiet_libraries()
    from studio.errors import StudioError
    from studio.classroom.workspace import Workspace

    workspace = Workspace(load_config({"model": "smollm2", "device": "cpu", "quant": "fp32"}))
    engine = workspace.engine()
    try:
        workspace.adapter_folder_of("reader", workspace.class_learner)
        reader = True
    except StudioError:
        reader = False
    focus_values = [int(v) for v in args.focus.split(",") if v.strip()]
    base_settings = workspace.config
    print(
        f"Context settings on {engine.source.label}, first {args.limit} knowledge items of each pack, "
        f"{args.max_new_tokens} new tokens, greedy; default --focus here: {base_settings.retrieval.focus}; "
        f"reader adapter: {'trained' if reader else 'not trained (studio workshop prepare --scenarios reader)'}\n"
    )
    packs = args.packs.split(",") if args.packs else scenario_ids()
    answers = open(args.answers, "w", encoding="utf-8") if args.answers else None
    for pack in packs:
        scenario = load_scenario(pack)
        items = [i for i in scenario.items if i.kind == "knowledge"][: args.limit]
        if not items or not scenario.documents:
            continue
        scenario = replace(scenario, items=tuple(items))
        print(f"== {pack} ({len(items)} knowledge items)")
        print(f"{'setting':<28} {'facts seen':>10} {'knowledge':>10} {'prompt tok':>10} {'s/item':>7}")
        for name, column, k, focus in settings(focus_values, reader):
            workspace.config = replace(base_settings, retrieval=replace(base_settings.retrieval, top_k=k, focus=focus))
            started = time.perf_counter()
            report = workspace.evaluate(scenario, parse_columns(column), max_new_tokens=args.max_new_tokens, learner=workspace.solo)
            row = report.rows[0]
            for record in report.records if answers else ():
                answers.write(json.dumps({"pack": pack, "setting": name, **asdict(record)}, ensure_ascii=False) + "\n")
            seen = "-" if row.facts_retrieved is None else f"{row.facts_retrieved:.0%}"
            print(
                f"{name:<28} {seen:>10} {row.knowledge:>10.0%} {row.mean_prompt_tokens:>10.0f} "
                f"{(time.perf_counter() - started) / len(items):>7.1f}",
                flush=True,
            )
        if args.paraphrase and any(i.paraphrase for i in items):
            focus = focus_values[0]
            workspace.config = replace(base_settings, retrieval=replace(base_settings.retrieval, top_k=5, focus=focus))
            columns = "rag,lora+rag:reader" if reader else "rag"
            report = workspace.evaluate(scenario, parse_columns(columns), experiment="paraphrase", max_new_tokens=args.max_new_tokens, learner=workspace.solo)
            para = report.extra["paraphrase"]
            for label in para["knowledge_original"]:
                original, reworded = para["knowledge_original"][label], para["knowledge_paraphrased"][label]
                kept = f"{reworded / original:.0%} kept" if original else "-"
                print(f"paraphrase, focus {focus} k=5, {label:<18} original {original:.0%} reworded {reworded:.0%} ({kept})")
        print(flush=True)
    workspace.config = base_settings
    if answers:
        answers.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
