"""The Train tab: check a file of examples, see the plan, train an adapter in the class's training line, cancel one's own."""

from __future__ import annotations

import html
import queue
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

import gradio as gr

from ..config import TrainingConfig, help_for, parse_setting
from ..errors import StudioError
from ..lesson.scenarios import load_scenario
from ..model.engine import resolve_device
from ..tuning.costs import card_facts, training_seconds
from ..tuning.datasets import TRAINING_SUFFIXES
from .inputs import Dropdown, Number, Slider
from .page import Page, gpu, guarded, upload_of

if TYPE_CHECKING:
    from ..classroom.workspace import Workspace


def train_seconds(workspace: Workspace):
    """A training's GPU seconds from its form: its steps (or epochs of its examples), batch and length."""

    def estimate(upload=None, scenario_id=None, epochs=1, steps=0, batch=8, max_length=512, **_) -> float:
        steps, batch, length, epochs = int(float(steps or 0)), int(float(batch)), int(float(max_length)), float(epochs)
        if steps:
            per_step = TrainingConfig(batch_size=batch).for_device("cuda")  # the accumulation a run adds to the batch
            tokens = steps * batch * per_step.grad_accum * length / 2
        else:
            if upload:
                examples = upload_of(upload)[0].read_bytes().count(b"\n") + 1
            else:
                examples = load_scenario(scenario_id, allow_paths=False).train_examples
            tokens = examples * epochs * length / 2
        params = sum(p.numel() for p in workspace.engine().model.parameters()) if workspace.loaded else 5e8
        return 30 + 3 * training_seconds(params, tokens, "cuda", 1)  # 3x: real GPUs train below their peak

    return estimate


def examples_file(upload, scenario_id: str | None) -> tuple[Path, str]:
    """(file to read, its name for messages): the upload, or a bundled scenario's examples."""
    if upload:
        path, shown = upload_of(upload)
        if path.suffix.lower() not in TRAINING_SUFFIXES:
            raise StudioError(f"{shown} is not a training file: upload a {', '.join(TRAINING_SUFFIXES)} file of examples")
        return path, shown
    if scenario_id:
        train = load_scenario(scenario_id, allow_paths=False).train
        return train, f"{scenario_id}/{train.name}"
    raise StudioError("upload a training file (.jsonl, .json or .csv), or pick a scenario's examples")


def training_config(rank, alpha, lr, epochs, steps, batch, max_length) -> TrainingConfig:
    """The form's training settings, each parsed with its own type and range."""
    values = {"rank": rank, "alpha": alpha, "learning_rate": lr, "epochs": epochs, "steps": steps or 0, "batch_size": batch, "max_length": max_length}
    return TrainingConfig(**{name: parse_setting(TrainingConfig, name, raw) for name, raw in values.items()})


def card_markdown(card, folder: Path) -> str:
    """The adapter card as a learner reads it."""
    facts = "\n".join(f"- **{label.capitalize()}:** {text}" for label, text in card_facts(card))
    return f"### Adapter `{card.name}`\n{facts}\n- **Saved in** `{folder}`"


def progress_line(progress) -> str:
    """Where a run is, in one line: step, loss, speed and time left."""
    eta = f", about {progress.eta_seconds:.0f} s left" if progress.eta_seconds is not None else ""
    return (
        f"Step {progress.step} of {progress.max_steps} · loss {progress.loss if progress.loss is not None else '…'} · "
        f"{progress.tokens_per_second:,.0f} tokens/s{eta}"
    )


def _loss_frame(points: list[dict]):
    import pandas as pd

    return pd.DataFrame(points or [], columns=["step", "loss"])


@dataclass
class TrainParts:
    """What the app wires outside the tab: the name box, the status line and the resume handler."""

    adapter_name: gr.Textbox
    status: gr.Markdown
    resume: object  # after a reload, follows the learner's running training to its end


def build(page: Page) -> TrainParts:
    """The tab's layout and events."""
    workspace, config = page.workspace, page.config

    @guarded
    def on_check(upload, scenario_id, rank, alpha, lr, epochs, steps, batch, max_length, request: gr.Request = None):
        path, shown = examples_file(upload, scenario_id)
        cfg = training_config(rank, alpha, lr, epochs, steps, batch, max_length)
        plan = workspace.plan_training(path, cfg, shown_as=shown, learner=page.mine(request))
        lines = [
            f"**{plan.examples_line()}**",
            "",
            f"**Estimate before starting** (rough): {plan.estimate_line()}.",
            "",
            "**As the model will see them** (chat template applied; the loss falls on the answer only):",
        ]
        for row in plan.preview:
            lines += [f"<details><summary>{html.escape(row['where'])}</summary><pre>{html.escape(row['prompt'])}"
                      f"<b>{html.escape(row['answer'])}</b></pre></details>"]
        return "\n".join(lines)

    @guarded
    def on_train(
        upload, scenario_id, name, replace_existing, rank, alpha, lr, epochs, steps, batch, max_length, request: gr.Request = None,
        bar=gr.Progress(),
    ):
        learner = page.mine(request)
        path, shown = examples_file(upload, scenario_id)
        cfg = training_config(rank, alpha, lr, epochs, steps, batch, max_length)
        if not isinstance(name, str) or not name.strip():
            raise StudioError("give the adapter a name")
        job = workspace.start_training(learner, path, cfg, name, overwrite=bool(replace_existing), shown_as=shown)
        losses: list[dict] = []
        yield "Starting…", gr.skip(), gr.skip(), gr.skip(), gr.skip()
        while True:
            try:
                progress = job.updates.get(timeout=1.0)
            except queue.Empty:
                if job.progress is None and (line := waiting_line(job)):
                    yield line, gr.skip(), gr.skip(), gr.skip(), gr.skip()
                continue
            if progress is None:
                break
            if progress.loss is not None:
                losses.append({"step": progress.step, "loss": progress.loss})
            status = progress_line(progress)
            bar((progress.step, progress.max_steps), desc="training steps")
            yield status, _loss_frame(losses), gr.skip(), gr.skip(), gr.skip()
        job.finished.wait()
        if job.error is not None:
            raise job.error
        card, folder = job.result
        yield (
            job.outcome,
            _loss_frame([{"step": s, "loss": l} for s, l in card.loss_history]),
            card_markdown(card, folder),
            card.to_dict(),
            page.downloads.zip_of(folder, card.name),
        )

    @guarded
    def on_cancel(request: gr.Request = None):
        """Cancel the caller's own training, never another learner's."""
        job = page.mine(request).training
        if job is None:
            return "You have no training running."
        job.cancel.set()
        if job.progress is None and workspace.trainings.ahead_of(job):
            return f"Your training of {job.name} leaves the line; nothing will be trained."
        return f"Cancelling your training of {job.name} at the next step; nothing will be saved."

    @guarded
    def resume_training(request: gr.Request):
        """After a reload: follow the learner's training that is still running, to its end."""
        job = page.mine(request).training
        if job is None:
            return
        while not job.finished.wait(0.5):
            if job.progress is not None:
                yield f"Your training of {job.name} is running: {progress_line(job.progress)}"
            else:
                yield waiting_line(job) or f"Your training of {job.name} is starting…"
        yield job.outcome

    def waiting_line(job) -> str:
        """A queued training's place in the class's line, and when the one running now should end."""
        ahead = workspace.trainings.ahead_of(job)
        if not ahead:
            return ""
        running = workspace.trainings.running()
        eta = getattr(getattr(running, "progress", None), "eta_seconds", None)
        when = f"; the one training now ends in about {eta:.0f} s" if eta is not None else ""
        return f"Waiting: {ahead} training(s) ahead of yours take the model first{when}. Cancel takes yours out of the line."

    with gr.Tab("Train"):
        gr.Markdown("Teach the base model a **skill or a style** from examples: a small LoRA adapter on the frozen "
                    "base (QLoRA on a GPU). The loss falls on the answers only.")
        with gr.Row():
            train_file = gr.File(label=f"Examples ({', '.join(TRAINING_SUFFIXES)})", elem_id="train-file")
            train_scenario = Dropdown(list(page.scenarios), value=None, label="…or a scenario's examples", elem_id="train-scenario")
        help_of = {f.name: help_for(TrainingConfig, f.name) for f in fields(TrainingConfig)}
        defaults = TrainingConfig().for_device(resolve_device(config.model.device))  # batch 2 on a CPU, 8 on a GPU
        with gr.Row():
            rank = Slider(1, 128, step=1, value=defaults.rank, label="Rank", info=help_of["rank"])
            alpha = Number(value=defaults.alpha, label="Alpha", info=help_of["alpha"])
            lr = Number(value=defaults.learning_rate, label="Learning rate", info=help_of["learning_rate"])
        with gr.Row():
            epochs = Number(value=defaults.epochs, label="Epochs", info=help_of["epochs"])
            steps = Number(value=0, label="Steps", info=help_of["steps"])
            batch = Slider(1, 64, step=1, value=defaults.batch_size, label="Batch size", info=help_of["batch_size"])
            max_length = Number(value=defaults.max_length, label="Max length", info=help_of["max_length"])
        with gr.Row():
            adapter_name = gr.Textbox(value="my-adapter", label="Adapter name", elem_id="adapter-name")
            replace_existing = gr.Checkbox(value=False, label="Replace an adapter of that name")
        with gr.Row():
            check = gr.Button("Check examples and estimate", elem_id="train-check")
            start = gr.Button("Start training", variant="primary", elem_id="train-start")
            stop = gr.Button("Cancel", variant="stop", elem_id="train-cancel")
        check_view = gr.Markdown(elem_id="train-check-view")
        train_status = gr.Markdown(elem_id="train-status")
        loss_plot = gr.LinePlot(x="step", y="loss", title="Training loss", elem_id="loss-plot")
        card_view = gr.Markdown(elem_id="card")
        card_raw = gr.JSON(visible=False)
        download = gr.File(label="Adapter (zip)", elem_id="adapter-zip")


    train_settings = [rank, alpha, lr, epochs, steps, batch, max_length]
    check.click(on_check, [train_file, train_scenario, *train_settings], [check_view], api_name="check_examples")
    start.click(
        gpu(on_train, train_seconds(workspace)),
        [train_file, train_scenario, adapter_name, replace_existing, *train_settings],
        [train_status, loss_plot, card_view, card_raw, download],
        api_name="train",
        concurrency_limit=None,  # the class's training line (TrainingLine) runs them one at a time, in order
    )
    stop.click(on_cancel, None, [train_status], api_name="cancel_training", concurrency_limit=None)
    return TrainParts(adapter_name, train_status, resume_training)
