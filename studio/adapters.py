"""LoRA adapter folders: what is in one, whether it fits the loaded base model, and the registry.

Checked before anything is loaded, so a wrong folder costs one clear line, never a
half-loaded model. Adapters are read as safetensors only: a pickle (`.bin`) can run
arbitrary code when loaded.

The registry is a folder (STUDIO_HOME/adapters/<name>/) of PEFT adapter folders, each with
a `card.json` saying what it was trained on and what it cost. A folder appears there
whole or not at all: it is written under a hidden staging name, then renamed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import uuid
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from .errors import AdapterError

BASE_ADAPTER = "__base__"  # PEFT's name for "no adapter" in a mixed batch
WEIGHTS_FILE = "adapter_model.safetensors"
CONFIG_FILE = "adapter_config.json"
CARD_FILE = "card.json"
_PEFT_PREFIX = "base_model.model."


@dataclass(frozen=True)
class AdapterFolder:
    """A PEFT LoRA adapter on disk, as read from its config (nothing loaded yet)."""

    name: str
    path: Path
    base_model: str | None
    rank: int | None
    alpha: float | None
    target_modules: tuple[str, ...]

    @property
    def weights(self) -> Path:
        return self.path / WEIGHTS_FILE


def safe_adapter_name(raw: str) -> str:
    """A name PEFT accepts as a module key: letters, digits, '-' and '_' only."""
    # Stripping '_' also keeps PEFT's reserved "__base__" out of reach.
    return re.sub(r"[^A-Za-z0-9_-]+", "_", raw).strip("_") or "adapter"


def inspect_adapter_folder(path: str | Path, name: str | None = None) -> AdapterFolder:
    """Read an adapter folder's config; raise AdapterError saying what is missing and what to do."""
    folder = Path(path).expanduser()
    if not folder.exists():
        raise AdapterError(f"adapter folder {path} does not exist: pass --adapter a PEFT adapter folder")
    if not folder.is_dir():
        raise AdapterError(f"adapter {path} is a file, not a folder: pass --adapter the folder that holds {CONFIG_FILE}")
    config_path = folder / CONFIG_FILE
    if not config_path.is_file():
        raise AdapterError(f"{path} is not a PEFT adapter folder: it has no {CONFIG_FILE}")
    if not (folder / WEIGHTS_FILE).is_file():
        pickles = sorted(p.name for p in folder.glob("*.bin"))
        if pickles:
            raise AdapterError(
                f"adapter folder {path} holds only the pickle file {pickles[0]}, which can run code when "
                f"loaded, so the studio refuses it: re-save the adapter with "
                f"save_pretrained(..., safe_serialization=True) to get {WEIGHTS_FILE}"
            )
        raise AdapterError(f"adapter folder {path} has no {WEIGHTS_FILE}: it holds a config but no weights")
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AdapterError(f"{config_path} is not valid JSON ({exc}): re-save the adapter") from None
    if not isinstance(config, dict) or str(config.get("peft_type", "")).upper() != "LORA":
        kind = config.get("peft_type") if isinstance(config, dict) else None
        raise AdapterError(f"{config_path} describes a {kind or 'unknown'} adapter; the studio serves LoRA adapters only")
    targets = config.get("target_modules") or ()
    if isinstance(targets, str):  # PEFT allows a regex string here
        targets = (targets,)
    return AdapterFolder(
        name=safe_adapter_name(name or folder.resolve().name),
        path=folder,
        base_model=config.get("base_model_name_or_path"),
        rank=config.get("r"),
        alpha=config.get("lora_alpha"),
        target_modules=tuple(targets),
    )


def _weight_shapes(weights: Path) -> dict[str, tuple[int, ...]]:
    from safetensors import safe_open

    try:
        with safe_open(str(weights), framework="pt") as f:
            return {key: tuple(f.get_slice(key).get_shape()) for key in f.keys()}
    except Exception as exc:  # safetensors raises its own error types for a damaged file
        raise AdapterError(f"{weights} is not a readable safetensors file ({exc}): re-save the adapter") from None


def _io_sizes(module) -> tuple[int, int] | None:
    """(inputs, outputs) of a Linear-like or Embedding-like layer, looking through LoRA wrappers."""
    if hasattr(module, "get_base_layer"):
        module = module.get_base_layer()
    if hasattr(module, "in_features") and hasattr(module, "out_features"):
        return int(module.in_features), int(module.out_features)
    if hasattr(module, "num_embeddings") and hasattr(module, "embedding_dim"):
        return int(module.num_embeddings), int(module.embedding_dim)
    return None


def check_adapter_fits(adapter: AdapterFolder, base_model, model_name: str) -> None:
    """Refuse an adapter trained for another base model, before PEFT tries to load it.

    Every LoRA matrix names the layer it adapts and carries that layer's sizes
    (A: rank x inputs, B: outputs x rank). Both must exist and agree here.
    """
    trained_for = f" It was trained for {adapter.base_model}." if adapter.base_model else ""
    advice = "load its base model with --model, or use an adapter trained on this one"
    for key, shape in sorted(_weight_shapes(adapter.weights).items()):
        match = re.match(r"(.+)\.(lora_A|lora_B|lora_embedding_A|lora_embedding_B)(?:\.weight)?$", key)
        if not match:
            continue
        layer, part = match.group(1), match.group(2)
        layer = layer[len(_PEFT_PREFIX):] if layer.startswith(_PEFT_PREFIX) else layer
        try:
            module = base_model.get_submodule(layer)
        except AttributeError:
            raise AdapterError(
                f"adapter {adapter.path} adapts layer {layer}, which base model {model_name} does not have."
                f"{trained_for} {advice.capitalize()}"
            ) from None
        sizes = _io_sizes(module)
        if sizes is None or len(shape) != 2:
            continue
        inputs, outputs = sizes
        want, have, what = (
            (inputs, shape[1], "inputs") if part in ("lora_A", "lora_embedding_A") else (outputs, shape[0], "outputs")
        )
        if want != have:
            raise AdapterError(
                f"adapter {adapter.path} does not fit base model {model_name}: layer {layer} has {want} {what} "
                f"here but {have} in the adapter.{trained_for} {advice.capitalize()}"
            )


# -- the adapter card -------------------------------------------------------------------------

# The config keys that decide whether weights fit: two models that agree on these have the
# same layers and sizes. Names, dtypes and quantisation settings are left out on purpose.
_ARCHITECTURE_KEYS = (
    "model_type",
    "architectures",
    "hidden_size",
    "intermediate_size",
    "num_hidden_layers",
    "num_attention_heads",
    "num_key_value_heads",
    "vocab_size",
    "max_position_embeddings",
    "tie_word_embeddings",
)


def base_fingerprint(model_config: dict) -> str:
    """A short hash of a base model's architecture (from its config), stored in each card."""
    chosen = {key: model_config.get(key) for key in _ARCHITECTURE_KEYS}
    return hashlib.sha256(json.dumps(chosen, sort_keys=True).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class AdapterCard:
    """What an adapter was trained on and what it cost; saved as card.json beside the weights."""

    name: str
    base_model: str
    base_fingerprint: str  # base_fingerprint() of the base model's config
    created: str  # ISO 8601, UTC
    hyperparameters: dict  # the TrainingConfig, plus the resolved quantisation and device
    dataset: dict  # file, format, fingerprint (sha256), examples, truncated, dropped, tokens
    loss_history: list  # [[step, loss], ...], one entry per optimizer step
    steps: int
    wall_seconds: float
    tokens_per_second: float  # answer and prompt tokens, padding excluded
    padding_fraction: float  # share of the batches' positions that were padding
    trainable_params: int
    total_params: int
    adapter_bytes: int
    base_bytes: int  # the base model's weight files (or its memory footprint when none is on disk)
    studio_version: str = ""

    @property
    def final_loss(self) -> float | None:
        """Mean loss of the last tenth of the steps (one step's loss is noisy)."""
        losses = [loss for _, loss in self.loss_history]
        if not losses:
            return None
        tail = losses[-max(1, len(losses) // 10) :]
        return sum(tail) / len(tail)

    @property
    def size_ratio(self) -> float:
        """How many times smaller the adapter is than the base model."""
        return self.base_bytes / self.adapter_bytes if self.adapter_bytes else 0.0

    @property
    def trainable_share(self) -> float:
        return self.trainable_params / self.total_params if self.total_params else 0.0

    def to_dict(self) -> dict:
        out = asdict(self)
        out.update(
            final_loss=self.final_loss,
            size_ratio=round(self.size_ratio, 1),
            trainable_share=self.trainable_share,
        )
        return out

    @classmethod
    def from_dict(cls, data: dict) -> "AdapterCard":
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})


def read_card(folder: str | Path) -> AdapterCard | None:
    """The card of an adapter folder; None when it has none (an adapter made elsewhere)."""
    path = Path(folder) / CARD_FILE
    if not path.is_file():
        return None
    try:
        return AdapterCard.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (UnicodeDecodeError, json.JSONDecodeError, TypeError) as exc:
        raise AdapterError(f"{path} is damaged ({exc}): delete the adapter and train it again") from None


def check_card_fits(folder: str | Path, fingerprint: str, model_name: str) -> None:
    """Refuse an adapter whose card says it was trained on a base with another architecture."""
    card = read_card(folder)
    if card is not None and card.base_fingerprint and card.base_fingerprint != fingerprint:
        raise AdapterError(
            f"adapter {folder} was trained for base model {card.base_model}, whose architecture differs from "
            f"the loaded {model_name}: load {card.base_model} with --model, or train an adapter on {model_name}"
        )


# -- the registry -----------------------------------------------------------------------------

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def check_adapter_name(name: str) -> str:
    """A registry name: letters, digits, '-', '_', '.', no path separators, no '..'."""
    if not _NAME.match(name) or ".." in name:
        raise AdapterError(
            f"adapter name {name!r} is not allowed: use up to 64 letters, digits, '-', '_' or '.', "
            f"starting with a letter or digit, without '/' or '..'"
        )
    return name


def _looks_like_folder(ref: str) -> bool:
    return any(sep in ref for sep in ("/", "\\")) or ref.startswith((".", "~"))


def adapter_destination(out: str, registry: Path) -> tuple[str, Path]:
    """Where `studio train --out` writes: (adapter name, folder).

    A bare name goes into the registry; anything that looks like a path is used as a folder.
    """
    if _looks_like_folder(out):
        folder = Path(out).expanduser()
        return safe_adapter_name(folder.resolve().name), folder
    return check_adapter_name(out), registry / out


_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


def resolve_adapter(ref: str, registry: Path) -> Path:
    """The local folder of an adapter given as a folder, a registry name or a Hub repo id."""
    folder = Path(ref).expanduser()
    if folder.exists():
        return folder  # inspect_adapter_folder reports what is wrong with it, if anything
    if _NAME.match(ref) and (registry / ref).is_dir():
        return registry / ref
    if _HUB_ID.match(ref):
        from .hub import download_adapter

        return Path(download_adapter(ref))
    if _looks_like_folder(ref):
        return folder
    known = ", ".join(entry.name for entry in list_adapters(registry)) or "none yet"
    raise AdapterError(
        f"no adapter named {ref!r} in {registry} (trained adapters: {known}) and no folder {ref}: "
        f"train one with `studio train`, or pass an adapter folder"
    )


@dataclass(frozen=True)
class RegistryEntry:
    """One adapter in the registry, as `studio adapters` lists it."""

    name: str
    path: Path
    card: AdapterCard | None
    problem: str = ""  # why the card could not be read, if it could not
    bytes: int = field(default=0)


def list_adapters(registry: Path) -> list[RegistryEntry]:
    """Every adapter folder in the registry, by name; staging leftovers are not listed."""
    if not registry.is_dir():
        return []
    entries = []
    for folder in sorted(p for p in registry.iterdir() if p.is_dir() and not p.name.startswith(".")):
        weights = folder / WEIGHTS_FILE
        size = weights.stat().st_size if weights.is_file() else 0
        try:
            entries.append(RegistryEntry(folder.name, folder, read_card(folder), bytes=size))
        except AdapterError as exc:
            entries.append(RegistryEntry(folder.name, folder, None, problem=str(exc), bytes=size))
    return entries


def delete_adapter(name: str, registry: Path) -> Path:
    """Remove a registry adapter; it disappears from the listing at once (one rename)."""
    folder = registry / check_adapter_name(name)
    if not folder.is_dir():
        raise AdapterError(f"no adapter named {name!r} in {registry}: `studio adapters` lists them")
    trash = registry / f".deleting-{name}-{uuid.uuid4().hex[:8]}"
    os.replace(folder, trash)
    shutil.rmtree(trash, ignore_errors=True)
    return folder


def staging_folder(final: Path) -> Path:
    """A hidden sibling of `final` to write into; `commit_folder` renames it into place."""
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = final.parent / f".partial-{final.name}-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    return staging


def _fsync_tree(folder: Path) -> None:
    for path in folder.iterdir():
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())


def commit_folder(staging: Path, final: Path, overwrite: bool) -> None:
    """Move a finished staging folder to `final`; replace an existing one only with `overwrite`."""
    _fsync_tree(staging)
    if final.exists():
        if not overwrite:
            raise AdapterError(f"{final} already exists: pass --overwrite to replace it, or choose another --out")
        old = final.parent / f".replaced-{final.name}-{uuid.uuid4().hex[:8]}"
        os.replace(final, old)
        os.replace(staging, final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, final)
