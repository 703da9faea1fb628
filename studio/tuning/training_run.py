"""One training run, the same on every surface: the app's Train tab (through `Workspace.train`),
`studio train` and `studio workshop prepare` all start here.

`plan_run` checks the rules before anything loads or trains: where the adapter goes, whether
an adapter there may be replaced (only with `overwrite`, only a studio adapter, and for a
learner only one they trained themselves), the examples as the model will see them
(`training_plan`). `TrainingRun.run` then trains and commits: the adapter's folder appears
whole or not at all (`train_adapter` writes a staging folder, then renames), a cancel stops it
at the next step with nothing written, and with a gate (the class's scheduler) the run holds the
model and lets waiting questions decode between its optimiser steps. Where a run waits its
turn (the class's training line) is the classroom's business, not this module's.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Sequence

from ..errors import StudioError
from ..model.chat import DEFAULT_SYSTEM
from .training_plan import TrainingPlan


@dataclass(frozen=True)
class TrainingRun:
    """A training checked and planned, ready to run."""

    name: str  # the adapter's name, as its card and the LoRA columns show it
    folder: Path  # where it is saved
    plan: TrainingPlan  # its examples tokenised, the estimate, the first examples as the model sees them
    examples: tuple  # the examples as read from the file (a learner's fewshot column shows them)
    overwrite: bool = False  # an adapter already in `folder` is replaced (checked replaceable by plan_run)
    owner: str = ""  # the learner who trains it (their owner hash); "" for the class's and the CLI's

    def run(self, engine, *, on_progress: Callable | None = None, cancel=None, gate=None):
        """Train, save and load the adapter as `name` on `engine`; returns its card.

        `gate` (a `Scheduler`) is held for the whole run, so the model's other users see who
        holds it, and runs their waiting work between optimiser steps.
        """
        from .training import train_adapter

        hold = gate.hold(f"training adapter {self.name}") if gate is not None else nullcontext()
        with hold:
            return train_adapter(
                engine, self.plan.data, self.plan.config, self.folder, self.name, overwrite=self.overwrite,
                on_progress=on_progress, cancel=cancel, owner=self.owner,
                between_steps=gate.run_pending if gate is not None else None,
            )


def check_replace(folder: Path, name: str, overwrite: bool, owner: str | None, how: str, shown: str | None = None) -> None:
    """Refuse, touching nothing, a destination that may not be written: one that exists without
    `overwrite` (`how` says what to do), one that is not a studio adapter, and, for a learner
    (`owner` given), an adapter that learner did not train. Messages name it as `shown` (by
    default "adapter 'NAME'"; the CLI names the folder it was given)."""
    from ..adapters import check_destination, read_card

    check_destination(folder, overwrite, how, shown or f"adapter {name!r}")
    if owner is not None and folder.is_dir():
        card = read_card(folder)
        if card is None or card.owner != owner:
            raise StudioError(
                f"adapter {name!r} was trained by another learner (or for the whole class), so you cannot replace it: choose another name"
            )


def plan_run(
    engine,
    examples: str | Path,
    config,
    name: str,
    folder: Path,
    *,
    overwrite: bool = False,
    owner: str | None = None,
    how_to_replace: str = "choose another name",
    shown_folder: str | None = None,
    columns: Sequence[str] = ("prompt", "completion"),
    system: str | None = DEFAULT_SYSTEM,
    shown_as: str | None = None,
    max_examples: int | None = None,
    keep_origin: bool = False,
    loaded: tuple | None = None,
) -> TrainingRun:
    """A run of `config` on `examples` into `folder`, checked and planned; nothing trained.

    `owner`: None for a run that may replace any studio adapter (the CLI, a pack's adapter), a
    learner's owner hash for one that may replace only that learner's. `system` is added to every
    example without one (by default the compare columns' own: an adapter is trained in the frame
    it is served in); "" or None adds none.
    `keep_origin` records the file's full path in the card, for a file that outlives the run
    (the CLI's, a pack's), so a fewshot column can show the same examples; never an upload's.
    `loaded` is `datasets.load_examples` of the file when the caller read it already (the CLI
    checks the file before it loads a model).
    """
    from .datasets import load_examples
    from .training_plan import plan_training

    check_replace(folder, name, overwrite, owner, how_to_replace, shown_folder)  # before the file is even read
    if loaded is None:
        loaded = load_examples(examples, columns, system, shown_as=shown_as, max_examples=max_examples)
    plan = plan_training(engine, examples, loaded, config, shown_as)
    if keep_origin:
        plan = replace(plan, data=replace(plan.data, origin=str(Path(examples).expanduser().resolve())))
    return TrainingRun(name, folder, plan, tuple(loaded[0]), overwrite, owner or "")
