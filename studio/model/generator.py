"""The generator seam: what the lesson, the classroom and the surfaces need of a model.

A `Generator` is one base model that answers batches of finished prompts, each row with its
own adapter or none, in the spirit of `llm`'s `Model.execute`: it names itself and its weights,
frames a conversation in its chat template, counts tokens, takes adapters by name, and
generates, streams or decodes step by step. Comparisons, evaluations, class questions and the
app use only this; training needs the local model itself (`engine.Engine`, which implements it).

Backends register a loader by name (`register_backend`); `ModelConfig.backend` picks one and
`load_generator` loads it. The studio ships `local` (transformers + PEFT in this process).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Mapping, Protocol, Sequence, runtime_checkable

from ..errors import ConfigError


@dataclass(frozen=True)
class GenerationRequest:
    """One row of a batch: a finished prompt string and the adapter to run it with (None: base)."""

    prompt: str
    adapter: str | None = None


@dataclass(frozen=True)
class Generation:
    """What one row produced so far (while streaming) or in the end."""

    text: str
    prompt_tokens: int
    new_tokens: int
    seconds: float  # from the start of the batched call to this row's last token
    finished: bool
    stopped_at_eos: bool  # False when the row ran into max_new_tokens (or was stopped in a loop)
    token_ids: tuple[int, ...] = ()  # the new tokens, end-of-sequence excluded
    # This row's own cost, apart from the rows it was batched with: reading its prompt, and its
    # share of each decoding step it took part in (a step's time divided by the rows in it).
    prefill_seconds: float = 0.0
    decode_seconds: float = 0.0
    stopped_in_loop: bool = False  # the row began repeating itself and was stopped (one copy kept)


@runtime_checkable
class Generator(Protocol):
    """One base model serving every column (see the module's doc)."""

    name: str  # as cards and reports name the model: a Hub id or a local path
    source: object  # sources.ModelSource: which weights, in words for people (`source.label`)
    device: str  # "cpu" or "cuda": the device profile's defaults follow it
    quant: str  # the weights' precision as loaded
    adapters: Mapping  # adapter name -> adapters.AdapterFolder: every adapter a row may name
    lock: object  # held by a long job that owns the model (a training); generation takes it too

    @property
    def context_length(self) -> int: ...  # the most tokens one row holds, prompt and answer together

    @property
    def revision(self) -> str: ...  # the exact weights (sources.weights_revision)

    def chat_prompt(self, messages: Sequence[dict[str, str]]) -> str: ...  # messages in the model's own chat frame

    def count_tokens(self, text: str) -> int: ...  # tokens of a piece of prompt text, no special tokens added

    def encode_prompt(self, prompt: str) -> list[int]: ...  # a finished prompt's ids, as training tokenises it

    def add_adapter(self, folder: str | Path, name: str | None = None) -> str: ...  # takes an adapter folder; its name

    def adapter_frame(self, name: str) -> dict | None: ...  # the frame an adapter was trained in (its card's)

    def weights_warning(self, name: str) -> str | None: ...  # an adapter trained on other weights of this model

    def generate(self, requests: Sequence[GenerationRequest], gen) -> list[Generation]: ...  # the finished rows

    def stream(self, requests: Sequence[GenerationRequest], gen) -> Iterator[list[Generation]]: ...  # rows as they grow

    def running_batch(self): ...  # rows join and leave it step by step (continuous.ContinuousBatch): the scheduler's loop


Loader = Callable[..., Generator]  # (ModelConfig, studio home) -> a loaded Generator

_BACKENDS: dict[str, Loader] = {}


def register_backend(name: str, loader: Loader) -> None:
    """Make a backend loadable by name (`--backend NAME`)."""
    _BACKENDS[name] = loader


def backend_names() -> list[str]:
    _register_builtin()
    return sorted(_BACKENDS)


def load_generator(config, home: Path | None = None) -> Generator:
    """The generator `config.backend` names, loaded for `config` (a `ModelConfig`)."""
    from ..config import ModelConfig, setting_name

    _register_builtin()
    loader = _BACKENDS.get(config.backend)
    if loader is None:
        raise ConfigError(
            f"backend {config.backend!r} is not known: set {setting_name(ModelConfig, 'backend')} to one of {', '.join(backend_names())}"
        )
    return loader(config, home)


def _register_builtin() -> None:
    if "local" not in _BACKENDS:
        from .engine import Engine

        register_backend("local", Engine.load)  # imported on first use: `import studio` stays cheap
