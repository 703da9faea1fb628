"""Benchmark: a class asking at once, through the scheduler, against one question at a time.

20 learners each ask a 3-column question (base, rag, lora) at the same moment, on a model
shaped like SmolLM2-135M (random weights, CPU), 128 new tokens per column:

1. Served one at a time (the app before the scheduler): each question waits for the ones
   before it. Total wall time, and each learner's latency (arrival to answer).
2. Through the scheduler: every waiting question joins one batch (up to its KV budget).
3. One learner alone, for scale.
4. Questions asked during a training: the wait from asking to the first token, against the
   mean optimiser step (the training yields the model between steps).

Targets: all answered; total <= 0.4x serialised; p95 latency <= 0.5x serialised p95;
p95 wait during a training <= 2 training steps. Prints aggregate new tokens/s and the batch
sizes reached. Always exits 0: it measures, it does not gate.

Run:  python benchmarks/classroom.py [--learners 20] [--max-new-tokens 128] [--during-training 5] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from compare_batching import build_models, load_engine  # noqa: E402  (same model, same loading path)

from studio.config import GenerationConfig, TrainingConfig  # noqa: E402
from studio.quiet import quiet_libraries  # noqa: E402

TOTAL_TARGET = 0.4
P95_TARGET = 0.5
TRAINING_WAIT_TARGET = 2.0  # training steps


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=20, help="learners asking at once")
    parser.add_argument("--max-new-tokens", type=int, default=128, help="tokens per column")
    parser.add_argument("--during-training", type=int, default=5, help="questions asked while an adapter trains")
    parser.add_argument("--workdir", type=Path, default=None, help="where the random model is written (default: a temp folder)")
    parser.add_argument("--skip-class", action="store_true", help="only the questions asked during a training")
    return parser.parse_args(argv)


def learner_requests(engine, adapter: str, learners: int):
    """Each learner's own question as the compare planner builds it (base, rag, lora rows)."""
    from compare_batching import FixedPassages

    from studio.compare import CompareOptions, plan_rows, requests_for

    options = CompareOptions(adapter=adapter, index=FixedPassages(), top_k=3)
    return [
        requests_for(plan_rows(engine, f"Learner {i}: how much does the Quillmate Pro plan cost, and what is in it?", "base,rag,lora", options))
        for i in range(learners)
    ]


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def serialised(engine, per_learner, gen):
    """One question at a time, all arriving at t=0: each learner's latency is when theirs ends."""
    start, latencies, tokens = time.perf_counter(), [], 0
    for requests in per_learner:
        tokens += sum(g.new_tokens for g in engine.generate(requests, gen))
        latencies.append(time.perf_counter() - start)
    return time.perf_counter() - start, latencies, tokens


def scheduled(scheduler, per_learner, gen):
    """Every learner asks at once; the scheduler batches them."""
    latencies, tokens = [0.0] * len(per_learner), [0] * len(per_learner)
    go = threading.Event()

    def learner(i):
        go.wait()
        asked = time.perf_counter()
        answer = scheduler.generate(per_learner[i], gen)
        latencies[i] = time.perf_counter() - asked
        tokens[i] = sum(g.new_tokens for g in answer)

    threads = [threading.Thread(target=learner, args=(i,)) for i in range(len(per_learner))]
    for thread in threads:
        thread.start()
    start = time.perf_counter()
    go.set()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start, latencies, sum(tokens)


class Stamp(threading.Event):
    """An event that remembers when it was set: when a question's batch got the model."""

    def set(self) -> None:
        self.at = time.perf_counter()
        super().set()


def during_training(engine, scheduler, requests, gen, questions: int, workdir: Path):
    """Ask `questions` questions over a training run; return (waits for the model, times to first token, median step)."""
    from studio.tiny import triage_examples
    from studio.training import prepare_examples, train_adapter

    examples = workdir / "train.jsonl"
    examples.write_text("".join(json.dumps(r) + "\n" for r in triage_examples(64, seed=3)), encoding="utf-8")
    config = TrainingConfig(steps=questions * 3 + 4, batch_size=4, grad_accum=1, max_length=256)
    data = prepare_examples(examples, engine.chat_prompt, engine.tokenizer, config)
    progress = []
    trainer = threading.Thread(
        target=train_adapter,
        args=(engine, data, config, workdir / "trained", "bench-trained"),
        kwargs={"on_progress": progress.append, "between_steps": scheduler.run_pending},
    )
    trainer.start()
    while not progress:
        time.sleep(0.01)
    waits, first_tokens = [], []
    for _ in range(questions):
        asked, got_model = time.perf_counter(), Stamp()
        stream = scheduler.stream(requests, gen, started=got_model)
        next(stream)  # the first token, after the rows' prefill
        first_tokens.append(time.perf_counter() - asked)
        waits.append(got_model.at - asked)
        for _ in stream:
            pass
        time.sleep(0.3)
    trainer.join()
    steps = [b.elapsed - a.elapsed for a, b in zip(progress, progress[1:])]
    return waits, first_tokens, statistics.median(steps)


def main(argv=None) -> int:
    args = parse_args(argv)
    quiet_libraries()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="classroom-bench-"))
    try:
        from studio.scheduler import Scheduler

        model_dir, adapter_dir = build_models(workdir)
        engine, adapter = load_engine(model_dir, adapter_dir)
        per_learner = learner_requests(engine, adapter, args.learners)
        gen = GenerationConfig(max_new_tokens=args.max_new_tokens)
        scheduler = Scheduler(engine)
        if not args.skip_class:
            class_at_once(engine, scheduler, per_learner, gen, args)
        if args.during_training:
            waits, first_tokens, step = during_training(engine, scheduler, per_learner[0], gen, args.during_training, workdir)
            ratio = p95(waits) / step
            print(f"during a training: {len(waits)} questions (3 columns each); median optimiser step {step:.2f} s")
            print(f"  wait for the model  {', '.join(f'{w:.2f}' for w in waits)} s")
            print(f"  first token         {', '.join(f'{w:.2f}' for w in first_tokens)} s (the wait, then the rows' prefill)")
            print(f"p95 wait = {ratio:.2f} training steps  (target <= {TRAINING_WAIT_TARGET})  {'PASS' if ratio <= TRAINING_WAIT_TARGET else 'FAIL'}")
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


def class_at_once(engine, scheduler, per_learner, gen, args) -> None:
    """The class asks at once: one at a time against the scheduler, and one learner alone."""
    print(f"{args.learners} learners x 3 columns (base, rag, lora), {args.max_new_tokens} new tokens, SmolLM2-135M shape, CPU")

    alone_s, _, _ = scheduled(scheduler, per_learner[:1], gen)
    serial_s, serial_lat, serial_tokens = serialised(engine, per_learner, gen)
    sizes_before = len(scheduler.batch_sizes)
    batched_s, batched_lat, batched_tokens = scheduled(scheduler, per_learner, gen)
    sizes = scheduler.batch_sizes[sizes_before:]

    print(f"one learner alone        {alone_s:7.2f} s")
    print(f"one at a time (before)   {serial_s:7.2f} s total, p50 {statistics.median(serial_lat):6.2f} s, p95 {p95(serial_lat):6.2f} s, "
          f"{serial_tokens / serial_s:6.1f} new tokens/s")
    print(f"scheduler                {batched_s:7.2f} s total, p50 {statistics.median(batched_lat):6.2f} s, p95 {p95(batched_lat):6.2f} s, "
          f"{batched_tokens / batched_s:6.1f} new tokens/s")
    print(f"batch sizes reached (rows): {sizes}")
    answered = batched_tokens == serial_tokens and all(latency > 0 for latency in batched_lat)
    total_ratio, p95_ratio = batched_s / serial_s, p95(batched_lat) / p95(serial_lat)
    print(f"all {args.learners} answered (same new tokens as one at a time): {'PASS' if answered else 'FAIL'}")
    print(f"total wall time  scheduler / one-at-a-time = {total_ratio:.2f}  (target <= {TOTAL_TARGET})  {'PASS' if total_ratio <= TOTAL_TARGET else 'FAIL'}")
    print(f"p95 latency      scheduler / one-at-a-time = {p95_ratio:.2f}  (target <= {P95_TARGET})  {'PASS' if p95_ratio <= P95_TARGET else 'FAIL'}")


if __name__ == "__main__":
    sys.exit(main())
