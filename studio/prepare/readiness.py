"""Before class: time one answer, a batch of answers and one training step on this machine, and say what a class of N can do.

Measured, not guessed: the figures come from the loaded model on this machine. A decoding step
of a small model on a CPU costs nearly the same for one row as for several (it is bound by
dispatching each layer, not by arithmetic), so the check times batches of 1, 4 and 16 rows and
fits `seconds per step = fixed + per row x rows` to say how long a whole class asking at once
waits (the scheduler puts every waiting question into one batch).
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from ..config import GenerationConfig, TrainingConfig
from ..errors import StudioError
from ..model.engine import GenerationRequest, peak_rss_bytes

BATCHES = (1, 4, 16)  # rows timed together


@dataclass(frozen=True)
class Readiness:
    """What this machine does with the loaded model, and what that means for a class."""

    model: str  # which weights (ModelSource.label)
    device: str
    learners: int
    columns: int  # columns each learner's question asks
    new_tokens: int  # the answer length timed (the server's max new tokens)
    answer_seconds: float  # one question, one column, alone
    step_seconds: dict  # rows -> seconds per decoding step
    class_seconds: float  # every learner asks at once: about when the last answer is complete
    train_step_seconds: float  # one optimiser step of `train_examples` examples
    train_examples: int
    pack_steps: int  # the scenario's suggested run
    pack_minutes: float
    peak_bytes: int
    total_bytes: int  # the machine's memory

    def to_dict(self) -> dict:
        return asdict(self)

    def lines(self) -> list[str]:
        rows = self.learners * self.columns
        fixed, per_row = fit_step(self.step_seconds)
        return [
            f"model: {self.model} on {self.device}",
            f"one answer of {self.new_tokens} new tokens, alone: {self.answer_seconds:.1f} s",
            "decoding step: " + ", ".join(f"{rows_} row{'s' if rows_ > 1 else ''} {seconds * 1000:.0f} ms" for rows_, seconds in self.step_seconds.items())
            + f" (about {fixed * 1000:.0f} ms + {per_row * 1000:.1f} ms per row)",
            f"a class of {self.learners} asking at once ({self.columns} columns each, {rows} rows in one batch): the last answer "
            f"after about {self.class_seconds:.0f} s",
            f"one training step ({self.train_examples} examples): {self.train_step_seconds:.1f} s; the pack's adapter "
            f"({self.pack_steps} steps) about {self.pack_minutes:.0f} min, and a question asked meanwhile waits about one step",
            f"peak memory {self.peak_bytes / 2**30:.1f} GiB of {self.total_bytes / 2**30:.1f} GiB",
        ]


def fit_step(step_seconds: dict) -> tuple[float, float]:
    """(fixed, per row) seconds of a decoding step, a least-squares line through the timed batches."""
    points = [(int(rows), seconds) for rows, seconds in step_seconds.items()]
    if len(points) < 2:
        return points[0][1], 0.0
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    slope = max(sum((x - mean_x) * (y - mean_y) for x, y in points) / spread, 0.0) if spread else 0.0
    return max(mean_y - slope * mean_x, 0.0), slope


def _timed_rows(engine, prompt: str, rows: int, new_tokens: int) -> tuple[float, float]:
    """(seconds, seconds per decoding step) of `rows` copies of `prompt` decoded together."""
    start = time.perf_counter()
    out = engine.generate([GenerationRequest(prompt)] * rows, GenerationConfig(max_new_tokens=new_tokens))
    seconds = time.perf_counter() - start
    return seconds, seconds / max(max(o.new_tokens for o in out), 1)


def check_readiness(workspace, scenario, learners: int, columns: int = 2, train_scenario=None) -> Readiness:
    """Time the loaded model on `scenario`'s first question and one training step on `train_scenario`'s examples."""
    import psutil

    from ..tuning.training import planned_steps
    from ..tuning.training_run import plan_run

    if learners < 1 or columns < 1:
        raise StudioError("the class needs at least 1 learner asking at least 1 column")
    engine = workspace.engine()
    new_tokens = workspace.config.generation.max_new_tokens
    question = scenario.items[0].question
    prompt = engine.chat_prompt([{"role": "system", "content": scenario.system}, {"role": "user", "content": question}])
    _timed_rows(engine, prompt, 1, 4)  # warm-up: first calls pay for lazy set-up
    answer_seconds, _ = _timed_rows(engine, prompt, 1, new_tokens)
    steps = {rows: _timed_rows(engine, prompt, rows, min(new_tokens, 32))[1] for rows in BATCHES}
    fixed, per_row = fit_step(steps)
    class_seconds = new_tokens * (fixed + per_row * learners * columns)

    pack = train_scenario or scenario
    if not pack.train.is_file():
        raise StudioError(f"scenario {pack.id} has no train.jsonl to time a training step with: pass another --train-scenario")
    config = TrainingConfig(steps=1).for_device(engine.device, engine.quant)
    with tempfile.TemporaryDirectory(prefix="studio-check-") as scratch:
        run = plan_run(engine, pack.train, config, "readiness-check", Path(scratch) / "step", system=pack.system)
        card = run.run(engine)
        engine.remove_adapter(card.name)
    data = run.plan.data
    suggested = pack.training_config().for_device(engine.device, engine.quant)
    pack_steps = planned_steps(len(data.examples), suggested)
    return Readiness(
        model=engine.source.label,
        device=engine.device,
        learners=learners,
        columns=columns,
        new_tokens=new_tokens,
        answer_seconds=round(answer_seconds, 2),
        step_seconds={rows: round(seconds, 4) for rows, seconds in steps.items()},
        class_seconds=round(class_seconds, 1),
        train_step_seconds=round(card.wall_seconds, 2),
        train_examples=config.batch_size * config.grad_accum,
        pack_steps=pack_steps,
        pack_minutes=round(pack_steps * card.wall_seconds / 60, 1),
        peak_bytes=peak_rss_bytes(),
        total_bytes=int(psutil.virtual_memory().total),
    )


__all__ = ["Readiness", "check_readiness", "fit_step"]
