"""QLoRA training through the transformers `Trainer`: a user's examples in, a small adapter out.

Read top to bottom: `prepare_examples` (load, validate, tokenise with the chat template),
then `train_adapter` (a new LoRA on the engine's one model, the Trainer run with progress,
cancel and loss-history callbacks, then the atomic save with its card).

The base model is the engine's: training adds an adapter to the same PeftModel that serves
the compare columns, under the engine's lock, so nothing is loaded twice and a comparison
waits while a run holds the model. Using the stock `Trainer` (not a hand-written loop) keeps
`accelerate launch` multi-GPU, DeepSpeed and FSDP working unchanged.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from dataclasses import fields as dataclass_fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Sequence

from .. import __version__
from ..adapters import (
    CARD_FILE,
    CONFIG_FILE,
    WEIGHTS_FILE,
    AdapterCard,
    check_destination,
    commit_folder,
    discard_staging,
    safe_adapter_name,
    staging_folder,
)
from ..config import TrainingConfig, setting_name
from ..errors import ConfigError, StudioError
from ..hub import cached_snapshot
from ..model.chat import DEFAULT_SYSTEM, template_fingerprint
from ..model.engine import release_memory
from .datasets import DatasetError, Example, TokenizedExample, load_examples, tokenize_example


class TrainingCancelled(StudioError):
    """The run was stopped by the user; nothing was written."""


# -- data -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingData:
    """Tokenised examples ready for the Trainer, and what the card records about them."""

    examples: list[TokenizedExample]
    source: str  # the file's name
    fmt: str  # which of the accepted formats it was in
    fingerprint: str  # sha256 of the file's bytes: the same file gives the same card
    truncated: int  # examples cut at max_length (their answers lose their ends)
    dropped: int  # examples whose prompt alone reached max_length (no answer left to learn)
    frame: dict = field(default_factory=dict)  # the conversation it was in: AdapterCard.frame
    origin: str = ""  # the file's full path, recorded when it outlives the run (the CLI's files, a scenario's)

    @property
    def lengths(self) -> list[int]:
        return [len(e.input_ids) for e in self.examples]

    @property
    def tokens(self) -> int:
        return sum(self.lengths)

    def describe(self) -> dict:
        return {
            "file": self.source,
            "format": self.fmt,
            "fingerprint": self.fingerprint,
            "examples": len(self.examples),
            "truncated": self.truncated,
            "dropped": self.dropped,
            "tokens": self.tokens,
            **({"path": self.origin} if self.origin else {}),
        }


def end_of_turn_ids(tokenizer) -> list[int]:
    """The token that ends an assistant turn, learned after every answer so the adapter stops."""
    return [tokenizer.eos_token_id] if tokenizer.eos_token_id is not None else []


def prepare_examples(
    path: str | Path,
    chat_prompt: Callable[[Sequence[dict]], str],
    tokenizer,
    config: TrainingConfig,
    columns: Sequence[str] = ("prompt", "completion"),
    system: str | None = DEFAULT_SYSTEM,
) -> TrainingData:
    """Load and tokenise a training file; DatasetError names the bad line or what to change."""
    return tokenize_examples(path, load_examples(path, columns, system), chat_prompt, tokenizer, config)


def tokenize_examples(
    path: str | Path,
    loaded: tuple[list[Example], str],
    chat_prompt: Callable[[Sequence[dict]], str],
    tokenizer,
    config: TrainingConfig,
    fingerprint: str | None = None,
) -> TrainingData:
    """Tokenise examples already loaded (and so validated) from `path` by `load_examples`.

    `fingerprint` is the file's `file_fingerprint`, when it was taken already (the file may be gone).
    """
    examples, fmt = loaded
    end_ids = end_of_turn_ids(tokenizer)
    tokenized, truncated, dropped = [], 0, 0
    for example in examples:
        item = tokenize_example(example, chat_prompt, tokenizer, config.max_length, end_ids)
        if item is None:
            dropped += 1
            continue
        truncated += item.truncated
        tokenized.append(item)
    if not tokenized:
        raise DatasetError(
            f"every prompt in {Path(path).name} is {config.max_length} tokens or longer, leaving no answer to "
            f"learn: raise {setting_name(TrainingConfig, 'max_length')}"
        )
    frame = conversation_frame(examples, tokenizer)
    return TrainingData(tokenized, Path(path).name, fmt, fingerprint or file_fingerprint(path), truncated, dropped, frame)


def conversation_frame(examples: Sequence[Example], tokenizer) -> dict:
    """The frame the examples teach in: their (most common) system prompt and the chat template.

    The LoRA columns serve the adapter in this frame, so its prompt is the one it learned from.
    """
    from collections import Counter

    systems = Counter(e.messages[0]["content"] if e.messages[0]["role"] == "system" else None for e in examples)
    system = systems.most_common(1)[0][0] if systems else None
    return {"system": system, "template": template_fingerprint(tokenizer), "systems": len(systems)}


def file_fingerprint(path: str | Path) -> str:
    """sha256 of a training file's bytes, as cards record it: the same file, the same data."""
    return hashlib.sha256(Path(path).expanduser().read_bytes()).hexdigest()


class PaddingCollator:
    """Pads a batch on the right (labels with the ignore index) and counts what was padding.

    Written out rather than using DataCollatorForSeq2Seq: that one pads on the tokenizer's
    side, and the engine's tokenizer pads left for generation.
    """

    def __init__(self, pad_id: int):
        self.pad_id = pad_id
        self.real = 0
        self.positions = 0

    def __call__(self, features: Sequence[dict]) -> dict:
        import torch

        from .datasets import IGNORE

        width = max(len(f["input_ids"]) for f in features)
        ids, mask, labels = [], [], []
        for f in features:
            gap = width - len(f["input_ids"])
            ids.append(list(f["input_ids"]) + [self.pad_id] * gap)
            mask.append([1] * len(f["input_ids"]) + [0] * gap)
            labels.append(list(f["labels"]) + [IGNORE] * gap)
        self.real += sum(len(f["input_ids"]) for f in features)
        self.positions += width * len(features)
        return {"input_ids": torch.tensor(ids), "attention_mask": torch.tensor(mask), "labels": torch.tensor(labels)}

    @property
    def padding_fraction(self) -> float:
        return 1 - self.real / self.positions if self.positions else 0.0


# -- progress and cancel ---------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingProgress:
    """Where a run is, after each optimizer step."""

    step: int
    max_steps: int
    loss: float | None
    tokens: int  # real (non-padding) tokens seen so far
    elapsed: float

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta_seconds(self) -> float | None:
        if self.step == 0:
            return None
        return self.elapsed / self.step * (self.max_steps - self.step)

    def to_dict(self) -> dict:
        return {**asdict(self), "tokens_per_second": self.tokens_per_second, "eta_seconds": self.eta_seconds}


def planned_steps(examples: int, config: TrainingConfig) -> int:
    """Optimizer steps a run will take (the Trainer's own arithmetic, for estimates)."""
    if config.steps:
        return config.steps
    per_epoch = max(math.ceil(math.ceil(examples / config.batch_size) / config.grad_accum), 1)
    return math.ceil(per_epoch * config.epochs)


def training_tokens(data, config: TrainingConfig, steps: int) -> float:
    """About how many tokens a run of `steps` steps trains on (epochs of the data, or the steps' batches)."""
    if not config.steps:
        return data.tokens * config.epochs
    return data.tokens * steps * config.batch_size * config.grad_accum / max(len(data.examples), 1)


def estimate_run(engine, data: TrainingData, config: TrainingConfig):
    """`costs.TrainingEstimate` of training `data` on `engine`'s model with `config`: steps, time, peak memory."""
    import torch

    from .costs import ModelShape, estimate_training, model_sizes
    from .datasets import IGNORE

    config = config.for_device(engine.device, engine.quant)
    steps = planned_steps(len(data.examples), config)
    return estimate_training(
        ModelShape.of(engine.base.config),
        model_sizes(engine.model),
        engine.base.get_memory_footprint(),
        data.lengths,
        [sum(1 for label in e.labels if label != IGNORE) for e in data.examples],
        steps=steps,
        tokens=training_tokens(data, config, steps),
        rank=config.rank,
        batch_size=config.batch_size,
        checkpointing=bool(config.gradient_checkpointing),
        device=engine.device,
        threads=torch.get_num_threads(),
        compute_bytes=2 if engine.device == "cuda" and engine.quant in ("4bit", "bf16") else 4,
    )


def _callback(on_progress, cancel: threading.Event, history: list, started: list, diverged: list, between_steps=None):
    from transformers import TrainerCallback

    class Watch(TrainerCallback):
        """Loss history, progress after each step, and a stop at the next step on cancel."""

        def on_train_begin(self, args, state, control, **kwargs):
            started.append(time.perf_counter())

        def _report(self, state) -> None:
            if on_progress:
                loss = history[-1][1] if history and history[-1][0] == state.global_step else None
                on_progress(
                    TrainingProgress(
                        step=state.global_step,
                        max_steps=state.max_steps,
                        loss=loss,
                        tokens=int(state.num_input_tokens_seen),
                        elapsed=time.perf_counter() - started[0],
                    )
                )

        def on_log(self, args, state, control, logs=None, **kwargs):
            if logs and "loss" in logs:
                loss = float(logs["loss"])
                if not math.isfinite(loss):  # diverged: every later step is wasted, and nothing is saved
                    diverged.append(state.global_step)
                    control.should_training_stop = True
                    return
                history.append([state.global_step, round(loss, 5)])
                self._report(state)
            if cancel.is_set():  # a cancel from the progress handler itself: no further step
                control.should_training_stop = True

        def on_step_end(self, args, state, control, **kwargs):
            if cancel.is_set():
                control.should_training_stop = True
            if between_steps is not None:
                between_steps()  # learners' questions waiting for the model run now, not after the run

        def on_substep_end(self, args, state, control, **kwargs):
            if cancel.is_set():  # between gradient-accumulation passes too: a long step stops sooner
                control.should_training_stop = True

    return Watch()


# -- the loss ---------------------------------------------------------------------------------


def _answer_loss_trainer():
    """The stock `Trainer`, with the output layer run only where an answer token is predicted.

    A causal LM's forward computes a vocabulary-wide row of logits for every position, and the
    loss then keeps only the answer's (the prompt is masked out). With a 49k vocabulary that is
    most of a small model's training memory: about 200 KB per position in fp32, three or four
    times over (logits, shifted copy, log-softmax, gradient). Here the decoder runs as usual and
    the output layer only on the answer's positions, so prompts cost no logits at all. The loss is
    the same number (a test checks it against the model's own), normalised over the whole
    accumulated batch as the Trainer's is. Under DeepSpeed or FSDP, where the model must be called
    through its wrapper, the model's own loss is used.
    """
    from transformers import Trainer

    class AnswerLossTrainer(Trainer):
        loss_is_scaled_for_ga = True  # normalised below over every answer token of the optimiser step

        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            from accelerate.utils import DistributedType

            if return_outputs or self.accelerator.distributed_type not in (DistributedType.NO, DistributedType.MULTI_CPU):
                self.loss_is_scaled_for_ga = None  # the stock rule for the model's own loss
                return super().compute_loss(model, inputs, return_outputs, num_items_in_batch)
            return answer_loss(self.accelerator.unwrap_model(model), inputs, num_items_in_batch, self.current_gradient_accumulation_steps)

    return AnswerLossTrainer


def answer_loss(model, inputs: dict, num_items_in_batch=None, accumulation_steps: int = 1):
    """Cross-entropy of the answer tokens, with logits computed for those positions only.

    `num_items_in_batch` counts the answer tokens of the whole optimiser step (the Trainer's
    own count); without it the loss is this batch's mean divided by `accumulation_steps`.
    """
    import torch.nn.functional as F

    from .datasets import IGNORE

    inner = model.get_base_model() if hasattr(model, "get_base_model") else model
    hidden = inner.get_decoder()(input_ids=inputs["input_ids"], attention_mask=inputs.get("attention_mask"), use_cache=False).last_hidden_state
    targets = inputs["labels"][:, 1:]
    keep = targets.ne(IGNORE)
    logits = inner.get_output_embeddings()(hidden[:, :-1][keep]).float()
    total = F.cross_entropy(logits, targets[keep], reduction="sum")
    if num_items_in_batch is not None:
        return total / num_items_in_batch
    return total / keep.sum().clamp(min=1) / accumulation_steps


# -- the run ----------------------------------------------------------------------------------


def _training_arguments(config: TrainingConfig, engine, scratch: Path):
    import torch
    from transformers import TrainingArguments

    on_gpu = engine.device == "cuda"
    quantized = engine.quant in ("4bit", "8bit")
    # transformers renamed gradient_checkpointing to activation_checkpointing (the old name warns).
    known = {f.name for f in dataclass_fields(TrainingArguments)}
    checkpointing = "activation_checkpointing" if "activation_checkpointing" in known else "gradient_checkpointing"
    return TrainingArguments(
        output_dir=str(scratch),
        per_device_train_batch_size=config.batch_size,
        gradient_accumulation_steps=config.grad_accum,
        learning_rate=config.learning_rate,
        num_train_epochs=config.epochs,
        max_steps=config.steps or -1,
        # QLoRA: constant schedule, a short warmup, gradients clipped at 0.3, no weight decay.
        lr_scheduler_type="constant_with_warmup",
        warmup_steps=0.03,
        max_grad_norm=0.3,
        weight_decay=0.0,
        # Paged AdamW (QLoRA's) survives memory spikes on a GPU; plain AdamW elsewhere.
        optim="paged_adamw_32bit" if quantized and on_gpu else "adamw_torch",
        bf16=on_gpu and torch.cuda.is_bf16_supported() and engine.quant in ("4bit", "bf16"),
        train_sampling_strategy="group_by_length" if config.group_by_length else "random",
        **{
            checkpointing: config.gradient_checkpointing,
            f"{checkpointing}_kwargs": {"use_reentrant": False} if config.gradient_checkpointing else None,
        },
        include_num_input_tokens_seen="non_padding",
        logging_steps=1,
        logging_strategy="steps",
        save_strategy="no",  # the studio saves once, atomically, at the end
        report_to="none",
        disable_tqdm=True,  # progress goes through the callback to the CLI's bar or the UI
        remove_unused_columns=False,
        label_names=["labels"],
        dataloader_pin_memory=on_gpu,
        use_cpu=not on_gpu,
        seed=config.seed,
        data_seed=config.seed,
    )


def _lora_config(config: TrainingConfig):
    from peft import LoraConfig

    targets = config.target_modules
    return LoraConfig(
        r=config.rank,
        lora_alpha=config.alpha,
        lora_dropout=config.dropout,
        target_modules=targets if targets == "all-linear" else list(targets),
        bias="none",
        task_type="CAUSAL_LM",
    )


def _base_bytes(engine) -> int:
    """Bytes of the base model's weight files on disk, or its memory footprint without them."""
    folder = Path(engine.source.location)
    if not folder.is_dir():
        folder = Path(cached_snapshot(engine.source.location) or "")  # a Hub id: its files in the local cache
    if folder.is_dir():
        files = [p for p in folder.iterdir() if p.suffix in (".safetensors", ".bin") and p.name.startswith(("model", "pytorch_model"))]
        if files:
            return sum(p.stat().st_size for p in files)
    return int(engine.base.get_memory_footprint())


def _save(engine, internal: str, staging: Path) -> None:
    """The adapter's weights (safetensors) and PEFT config, as a standard PEFT folder."""
    from peft import get_peft_model_state_dict
    from safetensors.torch import save_file

    model = engine.model
    state = get_peft_model_state_dict(model, adapter_name=internal)
    import torch

    if not all(bool(torch.isfinite(v).all()) for v in state.values()):
        raise StudioError(
            f"training produced weights that are not numbers, so no adapter was written: lower "
            f"{setting_name(TrainingConfig, 'learning_rate')} or {setting_name(TrainingConfig, 'alpha')}"
        )
    save_file({k: v.detach().to("cpu").contiguous().clone() for k, v in state.items()}, str(staging / WEIGHTS_FILE), metadata={"format": "pt"})
    peft_config = model.peft_config[internal]
    peft_config.base_model_name_or_path = engine.name  # a Hub id, or an absolute path
    peft_config.inference_mode = True
    peft_config.save_pretrained(str(staging))
    if not (staging / CONFIG_FILE).is_file():  # PEFT's save_pretrained writes it; guard a layout change
        raise StudioError(f"saving the adapter wrote no {CONFIG_FILE}: this PEFT version is not supported")


def train_adapter(
    engine,
    data: TrainingData,
    config: TrainingConfig,
    out: Path,
    name: str,
    *,
    overwrite: bool = False,
    on_progress: Callable[[TrainingProgress], None] | None = None,
    cancel: threading.Event | None = None,
    owner: str = "",
    between_steps: Callable[[], object] | None = None,
) -> AdapterCard:
    """Train a LoRA adapter on `engine`'s base model, save it to `out` and load it as `name`.

    `out` appears complete (weights, config, card.json) or not at all; an existing `out` is
    replaced only with `overwrite`; `owner` is recorded in the card (who trained it in the app). Setting `cancel` stops the run at the next step and raises
    TrainingCancelled with nothing written. `between_steps` runs after every optimiser step with
    the model held (the scheduler decodes waiting questions there). The base weights are never
    changed: only the new adapter's parameters require gradients.
    """
    from transformers import PrinterCallback

    # Before training, not after: a foreign folder costs no run.
    check_destination(out, overwrite, "pass --overwrite to replace it, or choose another --out")
    config = config.for_device(engine.device, engine.quant)
    cancel = cancel or threading.Event()
    history: list = []
    started: list = []
    diverged: list = []
    collator = PaddingCollator(engine.tokenizer.pad_token_id)
    internal = f"training-{uuid.uuid4().hex[:8]}"  # the served name is given only once saved
    staging: Path | None = None
    with engine.lock:
        try:
            model = engine.begin_training(internal, _lora_config(config))
        except ValueError as exc:  # PEFT found no layer matching the targets
            engine.end_training(internal)
            raise ConfigError(
                f"cannot put LoRA on {config.targets!r} ({str(exc).splitlines()[0]}): set "
                f"{setting_name(TrainingConfig, 'targets')} to all-linear, q,v, or layer names this model has"
            ) from None
        try:
            # Everything of the run lives in one hidden staging folder beside `out` (the
            # Trainer's scratch included), so a killed run leaves one thing the next run cleans.
            staging = staging_folder(out)
            scratch = staging / ".trainer"
            trainable, total = model.get_nb_trainable_parameters()
            trainer = _answer_loss_trainer()(
                model=model,
                args=_training_arguments(config, engine, scratch),
                train_dataset=[{"input_ids": e.input_ids, "labels": e.labels} for e in data.examples],
                data_collator=collator,
                callbacks=[_callback(on_progress, cancel, history, started, diverged, between_steps)],
            )
            trainer.remove_callback(PrinterCallback)  # it prints every log dict; progress goes to on_progress
            trainer.train()
            wall = time.perf_counter() - started[0]
            shutil.rmtree(scratch, ignore_errors=True)
            if diverged:
                raise StudioError(
                    f"training diverged: the loss was not a number at step {diverged[0]}, so no adapter was written; "
                    f"lower {setting_name(TrainingConfig, 'learning_rate')} or {setting_name(TrainingConfig, 'alpha')}"
                )
            if cancel.is_set():
                raise TrainingCancelled(
                    f"training cancelled at step {trainer.state.global_step} of {trainer.state.max_steps}; no adapter was written"
                )
            _save(engine, internal, staging)
            card = AdapterCard(
                name=name,
                base_model=engine.name,
                base_fingerprint=engine.fingerprint,
                base_weights=engine.source.weights,
                base_revision=engine.revision,
                base_label=engine.source.label,
                created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                hyperparameters={**asdict(config), "quant": engine.quant, "device": engine.device},
                dataset=data.describe(),
                loss_history=history,
                steps=int(trainer.state.global_step),
                wall_seconds=round(wall, 3),
                tokens_per_second=round(int(trainer.state.num_input_tokens_seen) / wall, 2) if wall else 0.0,
                padding_fraction=round(collator.padding_fraction, 4),
                trainable_params=int(trainable),
                total_params=int(total),
                adapter_bytes=(staging / WEIGHTS_FILE).stat().st_size,
                base_bytes=_base_bytes(engine),
                studio_version=__version__,
                owner=owner,
                frame=data.frame,
            )
            (staging / CARD_FILE).write_text(json.dumps(card.to_dict(), indent=2) + "\n", encoding="utf-8")
            del trainer
        except BaseException:
            engine.end_training(internal)
            if staging is not None:
                discard_staging(staging)
            release_memory()
            raise
        engine.end_training(internal)
        release_memory()  # the run's activations go back to the system, not to an idle server's heap
        try:
            commit_folder(staging, out, overwrite)
        except BaseException:
            discard_staging(staging)
            raise
        if safe_adapter_name(name) in engine.adapters:
            engine.remove_adapter(safe_adapter_name(name))  # retrained with --overwrite: serve the new one
        engine.add_adapter(out, name)
    return card
