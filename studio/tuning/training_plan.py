"""What a training will do, before it runs: its examples as the model sees them, steps, tokens,
time and memory on this machine.

One plan for every surface: the app's "Check examples" shows it, `studio train --dry-run`
prints it and stops, and a training run starts from it. Nothing here trains or writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class TrainingPlan:
    """A training's examples, tokenised for the model, with its estimate and the first examples shown."""

    data: object  # training.TrainingData: the examples as token ids, with what was cut or dropped
    config: object  # config.TrainingConfig as given (the run applies this device's defaults)
    estimate: object  # costs.TrainingEstimate: steps, tokens, seconds, peak memory
    preview: tuple[dict, ...]  # the first examples as the model sees them: {"where", "prompt", "answer"}
    device: str  # where it runs, for the estimate's words

    def examples_line(self) -> str:
        """'300 examples in the chat format, 41,210 tokens; 2 cut at 512 tokens'."""
        data = self.data
        return (
            f"{len(data.examples)} examples in the {data.fmt} format, {data.tokens:,} tokens"
            + (f"; {data.truncated} cut at {self.config.max_length} tokens" if data.truncated else "")
            + (f"; {data.dropped} dropped (prompt too long)" if data.dropped else "")
        )

    def estimate_line(self) -> str:
        return self.estimate.describe(self.device)

    def text(self) -> str:
        """The plan as plain text (the CLI's --dry-run)."""
        lines = [self.examples_line(), f"estimate before starting (rough): {self.estimate_line()}"]
        for row in self.preview[:1]:
            lines += ["", f"the first example as the model sees it ({row['where']}; the loss falls on the answer only):",
                      row["prompt"] + row["answer"]]
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"examples": self.data.describe(), "estimate": self.estimate.to_dict(), "preview": list(self.preview)}


def plan_training(engine, examples: str | Path, loaded, config, shown_as: str | None = None) -> TrainingPlan:
    """The plan of training `engine`'s model on `loaded` (`datasets.load_examples` of `examples`) with `config`."""
    from .datasets import preview
    from .training import estimate_run, file_fingerprint, tokenize_examples

    data = tokenize_examples(shown_as or examples, loaded, engine.chat_prompt, engine.tokenizer, config, file_fingerprint(examples))
    rows = tuple(preview(loaded[0], engine.chat_prompt, 3))
    return TrainingPlan(data, config, estimate_run(engine, data, config), rows, engine.device)
