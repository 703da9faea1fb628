"""Benchmark: every shipped pack's scoreboard on the offline model, SmolLM2-135M-Instruct.

The figures the README quotes for what a 135M model can and cannot do. For each pack it runs
`studio eval`'s own evaluation on the first `--limit` items with the columns that pack can
show: base; rag when it has documents; fewshot (its first training examples in the prompt); and
lora:<pack> (and lora+rag:<pack> for a knowledge pack) when the registry under STUDIO_HOME holds
the pack's adapter for this model, as `studio workshop prepare --model smollm2` leaves it
(`--train` trains the missing ones first, with each pack's suggested settings: hours on a CPU).
It prints each scoreboard with its verdict and how long it took.

Run:  python benchmarks/scoreboards.py [--limit 30] [--packs lumenfold-handbook,triage-json] [--max-new-tokens 96] [--train]

It measures; it does not gate anything.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
import time
from dataclasses import replace

from studio.lesson.columns import parse_columns
from studio.config import load_config
from studio.lesson.evaluate import scoreboard_table
from studio.quiet import quiet_libraries
from studio.lesson.scenarios import load_scenario, scenario_ids
from studio.prepare.workshop import scenario_adapter


def columns_for(scenario, has_adapter: bool) -> str:
    names = ["base"]
    if scenario.documents:
        names.append("rag")
    if scenario.train.is_file():
        names.append("fewshot")
    if has_adapter:
        names.append(f"lora:{scenario.id}")
        if scenario.documents and scenario.kind != "skill":
            names.append(f"lora+rag:{scenario.id}")
    return ",".join(names)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=30, help="items per pack (the first ones)")
    parser.add_argument("--packs", default=None, help="comma-separated pack ids (default: every shipped pack)")
    parser.add_argument("--max-new-tokens", type=int, default=96)
    parser.add_argument("--train", action="store_true", help="train each pack's missing adapter first (slow on a CPU)")
    args = parser.parse_args(argv)
    quiet_libraries()
    from studio.classroom.workspace import Workspace

    workspace = Workspace(load_config({"model": "smollm2", "device": "cpu", "quant": "fp32"}))
    engine = workspace.engine()
    registry = workspace.config.paths.adapters
    print(f"Scoreboards on {engine.source.label} (fp32 on cpu), first {args.limit} items of each pack, {args.max_new_tokens} new tokens\n")
    summary = []
    for pack in (args.packs.split(",") if args.packs else scenario_ids()):
        scenario = load_scenario(pack)
        has_adapter = False
        if args.train or (registry / scenario.id).is_dir():
            try:
                prepared = scenario_adapter(engine, scenario, registry)
                has_adapter = True
                how = f"reused, trained {prepared.created}" if prepared.reused else f"trained now in {prepared.seconds:.0f} s"
                print(f"{pack}: adapter {prepared.name} ({how})")
            except Exception as exc:  # an adapter trained otherwise: the pack runs without its lora columns
                print(f"{pack}: no adapter column ({exc})")
        specs = parse_columns(columns_for(scenario, has_adapter))
        start = time.perf_counter()
        report = workspace.evaluate(replace(scenario, items=scenario.items[: args.limit]), specs, max_new_tokens=args.max_new_tokens, learner=workspace.solo)
        seconds = time.perf_counter() - start
        print(f"{scenario.title} ({pack}, {scenario.kind}): {len(report.records) // len(specs)} items in {seconds:.0f} s")
        print("\n".join(scoreboard_table(report.rows)))
        print(textwrap.fill(report.verdict, 110))
        print()
        summary.append((pack, report.rows, seconds))
    print("Summary (knowledge / skill score per column)")
    for pack, rows, seconds in summary:
        cells = ", ".join(
            r.column + "".join(f" {what} {score:.0%}" for what, score in (("knowledge", r.knowledge), ("skill", r.skill)) if score is not None)
            for r in rows
        )
        print(f"  {pack:<20} {cells}  ({seconds:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
