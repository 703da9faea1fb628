"""Benchmark: is a comparison's batch of columns cheaper than answering column by column?

A comparison runs its columns as rows of ONE batched `generate` call on one loaded base
model. Two cases: the classic three (base, rag, lora), and six recipes at once (base, rag,
the documents pasted whole, a few-shot prompt, and two different adapters). This script
measures the two claims that design rests on:

1. Time. One batched call of the rows against one sequential one-row call per column, same
   prompts, same greedy settings. Targets (median of runs): batched / sequential <= 0.6 for
   3 columns, <= 0.5 for 6.
2. Memory. The peak RSS of a process that runs the whole comparison against processes that
   run one column alone (base; rag; stuffed, the longest prompt). Columns are rows, not model
   copies, and two adapters are two small add-ons on one base, so the targets are 3 columns /
   largest single column <= 1.1 and 6 columns / largest single column <= 1.2; the ratio against
   base alone is printed too, with the KV cache that makes the difference. Peak RSS only ever
   grows within a process, so each case runs in a fresh child process (this script, re-invoked
   with --rss-probe), which reports its VmHWM.

The model is random but shaped like SmolLM2-135M (~540 MB of fp32 weights), with a random
rank-8 LoRA, so compute and memory per token are realistic while nothing is downloaded.
and a second one for the six-column case. All are written to the work folder and loaded the
way the studio loads real ones.

The engine prefills each row unpadded and decodes the rows together, so batching saves
decoding steps, not prefill: the ratio falls as answers get longer. Rows of very different
lengths (the six-column case) decode with unpadded per-row caches (`studio/model/ragged.py`), so the
stuffed row's length is not every row's. It is judged at the first
--max-new-tokens (128 by default, a short paragraph) and also shown at 32.

Run:  python benchmarks/compare_batching.py [--runs 5] [--max-new-tokens 128 32] [--probes 3] [--workdir DIR]

It reports PASS/FAIL against each target but always exits 0: it measures, it does not gate.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from studio.model.engine import peak_rss_bytes
from studio.quiet import quiet_libraries
from studio.config import GenerationConfig, ModelConfig
from studio.knowledge.retrieval import Hit
from studio.prepare.tiny import SMOLLM2_135M_SHAPE

# name: (columns, time target batched / sequential, memory target all columns / largest single column)
CASES = {
    "3 columns": ("base,rag,lora", 0.6, 1.1),
    "6 columns": ("base,rag,stuffed,fewshot,lora:adapter,lora:adapter-b", 0.5, 1.2),
}
SINGLES = ("base", "rag", "stuffed")  # the single columns probed for memory (stuffed: the longest prompt)
QUESTION = "How much does the Quillmate Pro plan cost per month, and what does it include?"

# Fictional passages, a few sentences each, so the RAG row's prompt is as long as a real one.
PASSAGES = [
    Hit(
        source="pricing.md",
        text=(
            "Quillmate Pro costs 49 euros per month when billed monthly, or 470 euros per year "
            "when billed annually. The Pro plan includes ten seats, priority support with a "
            "four-hour response time, and unlimited shared notebooks. Extra seats cost 6 euros each."
        ),
        score=0.82,
        chunk_id="pricing.md#0",
    ),
    Hit(
        source="plans.md",
        text=(
            "Quillmate offers three plans: Basic, Pro and Enterprise. Basic is free for a single "
            "user and keeps thirty days of history. Pro adds team workspaces, version history "
            "without limit and export to PDF and Markdown. Enterprise is priced on request."
        ),
        score=0.71,
        chunk_id="plans.md#0",
    ),
    Hit(
        source="refunds.md",
        text=(
            "Customers on a paid Quillmate plan can ask for a full refund within 30 days of "
            "purchase. After 30 days, a cancelled subscription stays active until the end of the "
            "billing period and is not renewed. Refunds go back to the original payment method."
        ),
        score=0.64,
        chunk_id="refunds.md#0",
    ),
]


# Whole documents for the stuffed column: each passage's document, about three times as long.
DOCUMENTS = [(hit.source, " ".join([hit.text] * 3)) for hit in PASSAGES]
# Worked examples for the fewshot column.
SHOTS = (
    ("How much is the Basic plan?", "Basic is free for one user and keeps thirty days of history."),
    ("Can I get a refund after two weeks?", "Yes: paid plans are refunded in full within 30 days of purchase."),
    ("What does an extra Pro seat cost?", "Each extra seat on Pro costs 6 euros per month."),
)


class FixedPassages:
    """Stands in for a retrieval index: no embedder to load, the same hits for any question."""

    def search(self, question: str, k: int) -> list[Hit]:
        return PASSAGES[:k]

    def documents(self) -> list[tuple[str, str]]:
        return DOCUMENTS


def options(adapter: str, gen: GenerationConfig | None = None):
    from studio.lesson.compare import CompareOptions

    return CompareOptions(adapter=adapter, index=FixedPassages(), top_k=3, shots=SHOTS, generation=gen or GenerationConfig())


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed repetitions of each case (default 5)")
    parser.add_argument(
        "--max-new-tokens", type=int, nargs="+", default=[128, 32],
        help="answer lengths to time, in tokens per row; the first is judged against the target "
        "(default: 128, a short paragraph, then 32 to show where batching stops paying)",
    )
    parser.add_argument("--probes", type=int, default=3, help="memory probes per case; the median is reported (default 3)")
    parser.add_argument("--workdir", default=None, help="where the model and adapter are written (default: a new temp folder, removed at the end)")
    # Internal: the child-process side of the memory measurement.
    parser.add_argument("--rss-probe", default=None, help=argparse.SUPPRESS)  # comma-separated modes
    parser.add_argument("--model-dir", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--adapter-dir", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.runs < 1 or args.probes < 1 or min(args.max_new_tokens) < 1:
        parser.error("--runs, --probes and --max-new-tokens must be 1 or more")
    return args


# -- setup ------------------------------------------------------------------------------------


def build_models(workdir: Path) -> tuple[Path, Path]:
    """Write the random SmolLM2-135M-shaped model and two rank-8 LoRAs for it (adapter, adapter-b)."""
    from studio.prepare.tiny import build_random_adapter, build_tiny_chat_model

    model_dir = build_tiny_chat_model(workdir / "model", shape=SMOLLM2_135M_SHAPE, seed=0, name="bench/smollm2-135m-shaped")
    adapter_dir = build_random_adapter(model_dir, workdir / "adapter", rank=8, seed=1)
    build_random_adapter(model_dir, workdir / "adapter-b", rank=8, seed=2)
    return model_dir, adapter_dir


def load_engine(model_dir: Path, adapter_dir: Path):
    """The studio's real loading path: one base model, both adapters attached to it."""
    from studio.model.engine import Engine

    engine = Engine.load(ModelConfig(model=str(model_dir), quant="fp32", device="cpu"))
    adapter = engine.add_adapter(adapter_dir)
    engine.add_adapter(adapter_dir.parent / "adapter-b")
    return engine, adapter


def plan_requests(engine, adapter: str, columns: str, gen: GenerationConfig):
    """The rows `studio.lesson.compare.compare` would batch, built by its own planning function."""
    from studio.lesson.compare import plan_rows, requests_for

    rows = plan_rows(engine, QUESTION, columns, options(adapter, gen))
    return [row.spec.label for row in rows], requests_for(rows)


# -- time -------------------------------------------------------------------------------------


def run_batched(engine, requests, gen):
    return engine.generate(requests, gen)


def run_sequential(engine, requests, gen):
    return [engine.generate([request], gen)[0] for request in requests]


def timed(fn, *args):
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def measure_time(engine, requests, gen, runs: int) -> dict:
    """Median seconds of the batched and the sequential way, after one warm-up of each."""
    warm_batched = run_batched(engine, requests, gen)
    warm_sequential = run_sequential(engine, requests, gen)
    batched, sequential = [], []
    # Alternate the two so drift (thermal, page cache, other load) hits both alike.
    for _ in range(runs):
        batched.append(timed(run_batched, engine, requests, gen)[0])
        sequential.append(timed(run_sequential, engine, requests, gen)[0])
    return {
        "batched": batched,
        "sequential": sequential,
        "batched_out": warm_batched,
        "sequential_out": warm_sequential,
    }


def report_time(labels, requests, result: dict, target: float) -> float:
    # Greedy decoding: every timed run produced what the warm-ups did, so those stand for all.
    batched_out, sequential_out = result["batched_out"], result["sequential_out"]
    print("\nRows (prompt tokens):")
    for label, request, g in zip(labels, requests, batched_out):
        print(f"  {label:<15} adapter={request.adapter or '-':<10} prompt_tokens={g.prompt_tokens}")
    # The engine prefills each row unpadded, then decodes the rows together: both ways
    # process the same prompt positions, and only the decoding is shared.
    print(f"  prefill positions, both ways: {sum(g.prompt_tokens for g in batched_out)} (rows prefilled unpadded)")
    tokens_b = sum(g.new_tokens for g in batched_out)
    tokens_s = sum(g.new_tokens for g in sequential_out)
    print(f"\nTokens generated per run: batched {tokens_b}, sequential {tokens_s}")
    if tokens_b != tokens_s:
        print("  WARNING: the two ways generated different numbers of tokens; the times compare unequal work")
    # Token ids, not texts: ids beyond the small tokenizer's vocabulary decode to nothing.
    differing = [m for m, b, s in zip(labels, batched_out, sequential_out) if b.token_ids != s.token_ids]
    if differing:
        print(
            f"  WARNING: batched and sequential tokens differ for {', '.join(differing)} (fp32 greedy should "
            "match; a rounding difference can still flip a near-tie of a random model's argmax)"
        )
    else:
        print("  generated token ids identical row by row")

    med_b, med_s = statistics.median(result["batched"]), statistics.median(result["sequential"])
    ratio = med_b / med_s
    fmt = lambda xs: " ".join(f"{x:.2f}" for x in xs)  # noqa: E731
    print(f"\nTime, {len(result['batched'])} runs each (seconds):")
    # The runs are listed so a noisy machine (one slow outlier) is visible next to the median.
    n = len(labels)
    print(f"  batched    (1 call, {n} rows):  median {med_b:.3f}   runs: {fmt(result['batched'])}")
    print(f"  sequential ({n} calls, 1 row):  median {med_s:.3f}   runs: {fmt(result['sequential'])}")
    print(f"  batched / sequential = {ratio:.3f}   target <= {target}   {verdict(ratio, target)}")
    return ratio


# -- memory -----------------------------------------------------------------------------------


def peak_rss_kib() -> int:
    """This process's peak resident set, KiB (VmHWM on Linux; see studio.model.engine.peak_rss_bytes)."""
    return peak_rss_bytes() // 1024


def ru_maxrss_kib() -> int:
    # KiB on Linux (bytes on macOS; this benchmark reports Linux units).
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def rss_probe(args: argparse.Namespace) -> None:
    """Child side: load, run one comparison of the given columns, print the peak RSS as JSON."""
    from studio.lesson.compare import compare

    engine, adapter = load_engine(Path(args.model_dir), Path(args.adapter_dir))
    after_load = peak_rss_kib()  # so the parent can tell what the comparison itself added
    result = compare(engine, QUESTION, args.rss_probe, options(adapter, GenerationConfig(max_new_tokens=args.max_new_tokens[0])))
    print(
        json.dumps(
            {
                "columns": [c.label for c in result.columns],
                "prompt_tokens": [c.prompt_tokens for c in result.columns],
                "peak_rss_kib": peak_rss_kib(),
                "peak_rss_after_load_kib": after_load,
                "ru_maxrss_kib": ru_maxrss_kib(),
                "memory": engine.memory(),
            }
        )
    )


def run_probe(columns: str, model_dir: Path, adapter_dir: Path, max_new_tokens: int) -> dict:
    command = [
        sys.executable, __file__, "--rss-probe", columns,
        "--model-dir", str(model_dir), "--adapter-dir", str(adapter_dir),
        "--max-new-tokens", str(max_new_tokens),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"the RSS probe of {columns} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # the JSON is the last line


def median_probe(probes: list[dict]) -> dict:
    """The probe with the median peak, its siblings' peaks kept for the report."""
    ranked = sorted(probes, key=lambda p: p["peak_rss_kib"])
    chosen = dict(ranked[len(ranked) // 2])
    chosen["all_peaks_kib"] = [p["peak_rss_kib"] for p in probes]
    return chosen


def kv_cache_mib(model_dir: Path, positions: int) -> float:
    """Size of a fp32 KV cache holding `positions` token positions, from the model's config."""
    config = json.loads((model_dir / "config.json").read_text())
    head_dim = config["hidden_size"] // config["num_attention_heads"]
    per_position = config["num_hidden_layers"] * 2 * config["num_key_value_heads"] * head_dim * 4
    return positions * per_position / 2**20


def report_memory(probes: dict, model_dir: Path, new_tokens: int) -> dict[str, float]:
    """Peak RSS per case; each case is judged against the largest single column it holds."""
    mib = lambda kib: kib / 1024  # noqa: E731
    singles = {name: probes[name] for name in SINGLES}
    weights = probes["base"]["memory"]["base_weights"]
    print(f"\nPeak RSS (VmHWM), each in a fresh process (engine + both adapters loaded, one comparison of up to {new_tokens} new tokens):")
    for name, probe in probes.items():
        # Weights are memory-mapped and paged in by the first forward pass, so the peak
        # normally falls inside the comparison, not the loading.
        print(
            f"  {name:<10}: {mib(probe['peak_rss_kib']):8.1f} MiB   (after loading {mib(probe['peak_rss_after_load_kib']):.1f} MiB; "
            f"all probes {', '.join(f'{mib(k):.1f}' for k in probe['all_peaks_kib'])} MiB)"
        )
    print(f"  base weights (engine.memory): {weights / 2**20:.1f} MiB; adapter files {probes['base']['memory']['adapters'] / 2**20:.1f} MiB")
    ratios = {}
    for case, (columns, _, target) in CASES.items():
        everything = probes[case]
        # The batch's KV cache: unpadded rows when their lengths differ a lot (studio.model.ragged), else
        # every row as long as the longest prompt (left padding) plus the answer.
        from studio.model.ragged import worth_it

        lengths, rows = everything["prompt_tokens"], len(everything["prompt_tokens"])
        width = max(lengths) + new_tokens
        if worth_it(lengths):
            positions, how = sum(lengths) + rows * new_tokens, f"{rows} unpadded rows; padded to {width} it would be {kv_cache_mib(model_dir, rows * width):.1f} MiB"
        else:
            positions, how = rows * width, f"{rows} rows x {width} positions, padding included"
        print(
            f"  {case}: KV cache of the {rows}-row batch {kv_cache_mib(model_dir, positions):.1f} MiB "
            f"({how}); a second copy of the weights would add {weights / 2**20:.0f} MiB"
        )
        held = {name: p for name, p in singles.items() if name in columns.split(",")}
        largest_name, largest = max(held.items(), key=lambda item: item[1]["peak_rss_kib"])
        ratio = everything["peak_rss_kib"] / largest["peak_rss_kib"]
        # Judged against the largest single column: adding columns must add rows, never model copies;
        # a long prompt (RAG's passages, stuffed's documents) costs its KV cache alone or with others.
        print(f"  {case} / largest single column ({largest_name}) = {ratio:.3f}   target <= {target}   {verdict(ratio, target)}")
        print(f"  {case} / base alone = {everything['peak_rss_kib'] / singles['base']['peak_rss_kib']:.3f}   (the difference is the KV cache, not weights)")
        ratios[case] = ratio
    return ratios


# -- report -----------------------------------------------------------------------------------


def verdict(ratio: float, target: float) -> str:
    return "PASS" if ratio <= target else "FAIL"


def print_header(args: argparse.Namespace) -> None:
    import torch

    shape = ", ".join(f"{k}={v}" for k, v in asdict(SMOLLM2_135M_SHAPE).items())
    print("Comparison batching benchmark")
    print("  time:   one batched generate of the columns' rows vs one sequential one-row generate per column")
    for case, (columns, _, _) in CASES.items():
        print(f"          {case}: {columns}")
    print("  memory: peak RSS of each case vs a one-column comparison, each in its own process")
    print(f"  model:  random Llama shaped like SmolLM2-135M ({shape}); two LoRAs of rank 8, fp32 on CPU")
    lengths = ", ".join(map(str, args.max_new_tokens))
    print(f"  torch {torch.__version__}, threads {torch.get_num_threads()}, runs {args.runs}, new tokens per row {lengths} (greedy)")


def main(argv=None) -> int:
    args = parse_args(argv)
    quiet_libraries()  # before transformers/peft/bitsandbytes are imported, so their loggers obey
    if args.rss_probe:
        rss_probe(args)
        return 0

    print_header(args)
    own_workdir = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="compare-batching-") if own_workdir else args.workdir)
    try:
        start = time.perf_counter()
        model_dir, adapter_dir = build_models(workdir)
        print(f"\nBuilt model and adapter in {workdir} ({time.perf_counter() - start:.1f} s)")

        engine, adapter = load_engine(model_dir, adapter_dir)
        params = sum(p.numel() for p in engine.base.parameters())
        print(f"Loaded: {params / 1e6:.1f}M parameters, adapters {', '.join(engine.adapters)}")
        time_ratios = {}
        for case, (columns, target, _) in CASES.items():
            for length in args.max_new_tokens:
                print(f"\n--- {case}, answers of up to {length} new tokens per row ---")
                gen = GenerationConfig(max_new_tokens=length)
                labels, requests = plan_requests(engine, adapter, columns, gen)
                time_ratios[case, length] = report_time(labels, requests, measure_time(engine, requests, gen, args.runs), target)
        del engine  # the probes load their own; no need to hold a second copy meanwhile

        # Allocator noise moves a peak by a few percent: several probes, median taken.
        probe_length = args.max_new_tokens[0]
        cases = {**{name: name for name in SINGLES}, **{case: columns for case, (columns, _, _) in CASES.items()}}
        probes = {
            name: median_probe([run_probe(columns, model_dir, adapter_dir, probe_length) for _ in range(args.probes)])
            for name, columns in cases.items()
        }
        rss_ratios = report_memory(probes, model_dir, probe_length)
    finally:
        if own_workdir:
            shutil.rmtree(workdir, ignore_errors=True)  # ~600 MB of random weights

    print("\nSummary")
    for (case, length), ratio in time_ratios.items():
        target = CASES[case][1]
        judged = "  (judged)" if length == args.max_new_tokens[0] else ""
        print(f"  time   {case}: batched / sequential = {ratio:.3f} at {length} new tokens  (target <= {target})  {verdict(ratio, target)}{judged}")
    for case, ratio in rss_ratios.items():
        target = CASES[case][2]
        print(f"  memory {case} / largest single column = {ratio:.3f}  (target <= {target})  {verdict(ratio, target)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
