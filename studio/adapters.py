"""LoRA adapter folders: what is in one, and whether it fits the loaded base model.

Checked before anything is loaded, so a wrong folder costs one clear line, never a
half-loaded model. Adapters are read as safetensors only: a pickle (`.bin`) can run
arbitrary code when loaded.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import AdapterError

BASE_ADAPTER = "__base__"  # PEFT's name for "no adapter" in a mixed batch
WEIGHTS_FILE = "adapter_model.safetensors"
CONFIG_FILE = "adapter_config.json"
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
