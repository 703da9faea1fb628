"""LoRA adapter folders: what is in one, whether it fits the loaded base model, and the registry.

Checked before anything is loaded, so a wrong folder costs one clear line, never a
half-loaded model. Adapters are read as safetensors only: a pickle (`.bin`) can run
arbitrary code when loaded.

The registry is a folder (STUDIO_HOME/adapters/<name>/) of PEFT adapter folders, each with
a `card.json` saying what it was trained on and what it cost. A folder appears there
whole or not at all: it is written under a hidden staging name, then renamed. Only a
folder that is a studio adapter (card, PEFT config, nothing else) is ever replaced, and a
name from a user is a registry name, never a path.
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

from .errors import AdapterError, StudioError

BASE_ADAPTER = "__base__"  # PEFT's name for "no adapter" in a mixed batch
WEIGHTS_FILE = "adapter_model.safetensors"
CONFIG_FILE = "adapter_config.json"
CARD_FILE = "card.json"
README_FILE = "README.md"  # PEFT and the Hub may add one; it is part of an adapter folder too
ADAPTER_FILES = frozenset({WEIGHTS_FILE, CONFIG_FILE, CARD_FILE, README_FILE})
_PEFT_PREFIX = "base_model.model."


def read_json_file(path: Path, shown: str | None = None):
    """A JSON file's value; StudioError naming the file (as `shown`) when it cannot be read as JSON.

    Deeply nested input raises RecursionError inside `json`; that is bad input too.
    """
    shown = shown or str(path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise StudioError(f"{shown} is not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise StudioError(f"{shown} is not valid JSON ({exc.msg}, line {exc.lineno})") from None
    except RecursionError:
        raise StudioError(f"{shown} is nested too deeply to read") from None


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
        config = read_json_file(config_path)
    except StudioError as exc:
        raise AdapterError(f"{exc}: re-save the adapter") from None
    if not isinstance(config, dict) or str(config.get("peft_type", "")).upper() != "LORA":
        kind = config.get("peft_type") if isinstance(config, dict) else None
        raise AdapterError(f"{config_path} describes a {kind or 'unknown'} adapter; the studio serves LoRA adapters only")
    targets = config.get("target_modules") or ()
    if isinstance(targets, str):  # PEFT allows a regex string here
        targets = (targets,)
    rank, alpha = config.get("r"), config.get("lora_alpha")
    if (
        not isinstance(rank, int) or isinstance(rank, bool) or rank < 1
        or (alpha is not None and (not isinstance(alpha, (int, float)) or isinstance(alpha, bool)))
        or not isinstance(targets, (list, tuple)) or not all(isinstance(t, str) for t in targets)
    ):
        raise AdapterError(f"{config_path} has a bad 'r', 'lora_alpha' or 'target_modules': re-save the adapter")
    return AdapterFolder(
        name=safe_adapter_name(name or folder.resolve().name),
        path=folder,
        base_model=config.get("base_model_name_or_path") if isinstance(config.get("base_model_name_or_path"), str) else None,
        rank=rank,
        alpha=alpha,
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
    owner: str = ""  # who trained it in the app (a hash of their session, `session.learner_owner`); "" from the CLI
    # The conversation it learned in, served again by default: {"system": the system prompt of
    # its examples (None: none), "template": the chat template's fingerprint, "systems": how
    # many different system prompts the examples had}. Empty on cards older than this field.
    frame: dict = field(default_factory=dict)
    # Which weights of the base model it was trained on (`sources.ModelSource.weights`: "hub",
    # "folder", "gguf:Q4_1") and their description for people; empty on older cards.
    base_weights: str = ""
    base_label: str = ""
    # The exact weights (`sources.weights_revision`: a Hub commit, or a folder's weight files);
    # `workshop prepare` reuses the adapter only on the same. Empty on older cards.
    base_revision: str = ""

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
        """A card from its JSON; ValueError saying which field is wrong when it does not fit CARD_SCHEMA."""
        from jsonschema import Draft202012Validator

        errors = sorted(Draft202012Validator(CARD_SCHEMA).iter_errors(data), key=lambda e: list(e.path))
        if errors:
            where = "/".join(str(p) for p in errors[0].path)
            raise ValueError(f"{'field ' + where + ': ' if where else ''}{errors[0].message}")
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})


_COUNT = {"type": "integer", "minimum": 0}
# What the studio reads back from a card: a card that fits this is safe to list, show and
# compare; one that does not is one damaged adapter, not a broken registry.
CARD_SCHEMA = {
    "type": "object",
    "required": [f.name for f in fields(AdapterCard) if f.name not in ("studio_version", "owner", "frame", "base_weights", "base_label", "base_revision")],
    "properties": {
        "name": {"type": "string"},
        "base_model": {"type": "string"},
        "base_fingerprint": {"type": "string"},
        "created": {"type": "string"},
        "hyperparameters": {"type": "object"},
        "dataset": {
            "type": "object",
            "required": ["examples", "format", "tokens"],
            "properties": {"examples": _COUNT, "format": {"type": "string"}, "tokens": _COUNT, "fingerprint": {"type": "string"}},
        },
        "loss_history": {
            "type": "array",
            "items": {"type": "array", "minItems": 2, "maxItems": 2, "items": {"type": "number"}},
        },
        "steps": _COUNT,
        "wall_seconds": {"type": "number", "minimum": 0},
        "tokens_per_second": {"type": "number", "minimum": 0},
        "padding_fraction": {"type": "number", "minimum": 0, "maximum": 1},
        "trainable_params": _COUNT,
        "total_params": _COUNT,
        "adapter_bytes": _COUNT,
        "base_bytes": _COUNT,
        "studio_version": {"type": "string"},
        "owner": {"type": "string"},
        "base_weights": {"type": "string"},
        "base_label": {"type": "string"},
        "base_revision": {"type": "string"},
        "frame": {
            "type": "object",
            "properties": {"system": {"type": ["string", "null"]}, "template": {"type": "string"}, "systems": _COUNT},
        },
    },
}


def read_card(folder: str | Path) -> AdapterCard | None:
    """The card of an adapter folder; None when it has none (an adapter made elsewhere).

    AdapterError names the card and what is wrong when it is not a readable card.
    """
    path = Path(folder) / CARD_FILE
    if not path.is_file():
        return None
    fix = f"delete the adapter (`studio adapters delete {Path(folder).name}`) and train it again"
    try:
        return AdapterCard.from_dict(read_json_file(path))
    except (StudioError, ValueError) as exc:
        raise AdapterError(f"{path} is damaged ({exc}): {fix}") from None


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
    if not isinstance(name, str) or not _NAME.match(name) or ".." in name:
        raise AdapterError(
            f"adapter name {name!r} is not allowed: use up to 64 letters, digits, '-', '_' or '.', "
            f"starting with a letter or digit, without '/' or '..'"
        )
    return name


def registry_folder(name: str, registry: Path) -> Path:
    """The registry folder of adapter `name`: a name, never a path (AdapterError otherwise)."""
    return registry / check_adapter_name(name)


def _looks_like_folder(ref: str) -> bool:
    return any(sep in ref for sep in ("/", "\\")) or ref.startswith((".", "~"))


def adapter_destination(out: str, registry: Path) -> tuple[str, Path]:
    """Where `studio train --out` writes: (adapter name, folder). The CLI's only way to name a folder.

    A bare name goes into the registry (the older spelling of `--name`); anything that looks
    like a path (has a '/', starts with '.' or '~') is used as a folder.
    """
    if _looks_like_folder(out):
        folder = Path(out).expanduser()
        home = registry.expanduser().resolve()
        if folder.resolve() == home or folder.resolve() in home.parents:
            raise AdapterError(
                f"--out {out} is the adapter registry or a folder that holds it: pass --name NAME to save into "
                f"the registry, or --out another folder"
            )
        return safe_adapter_name(folder.resolve().name), folder
    return check_adapter_name(out), registry / out


_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


def _unknown_adapter(ref: str, registry: Path, also: str = "") -> AdapterError:
    known = ", ".join(entry.name for entry in list_adapters(registry)) or "none yet"
    return AdapterError(
        f"no adapter named {ref!r} in the registry (trained adapters: {known}){also}: "
        f"train one with `studio train`{', or pass an adapter folder' if also else ''}"
    )


def registry_adapter(name: str, registry: Path) -> Path:
    """The folder of a registry adapter given by name, as the app takes it: never a path or a Hub id."""
    folder = registry_folder(name, registry)
    if not folder.is_dir() or folder.is_symlink():
        raise _unknown_adapter(name, registry)
    return folder


def resolve_adapter(ref: str, registry: Path) -> Path:
    """The local folder of an adapter given (on the CLI) as a folder, a registry name or a Hub repo id."""
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
    raise _unknown_adapter(ref, registry, also=f" and no folder {ref}")


@dataclass(frozen=True)
class RegistryEntry:
    """One adapter in the registry, as `studio adapters` lists it."""

    name: str
    path: Path
    card: AdapterCard | None
    problem: str = ""  # why the card could not be read, if it could not
    bytes: int = field(default=0)


def list_adapters(registry: Path) -> list[RegistryEntry]:
    """Every adapter folder in the registry, by name; staging leftovers are not listed.

    A damaged card makes its own entry damaged (`problem` says why); the rest list as usual.
    """
    if not registry.is_dir():
        return []
    entries = []
    for folder in sorted(p for p in registry.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if folder.is_symlink():
            entries.append(RegistryEntry(folder.name, folder, None, problem=f"{folder} is a link, not an adapter folder"))
            continue
        weights = folder / WEIGHTS_FILE
        size = weights.stat().st_size if weights.is_file() else 0
        try:
            entries.append(RegistryEntry(folder.name, folder, read_card(folder), bytes=size))
        except AdapterError as exc:
            entries.append(RegistryEntry(folder.name, folder, None, problem=str(exc), bytes=size))
    return entries


def replace_problem(folder: Path) -> str | None:
    """Why `folder` must not be replaced or deleted as an adapter; None when it is a studio adapter.

    A studio adapter folder holds its card, its PEFT config and nothing but adapter files:
    anything else (a user's own folder, the registry itself, a link) is left as it was.
    """
    if folder.is_symlink():
        return "it is a link"
    if not folder.is_dir():
        return "it is a file, not an adapter folder"
    missing = [f for f in (CARD_FILE, CONFIG_FILE) if not (folder / f).is_file()]
    if missing:
        return f"it is not a studio adapter (no {' or '.join(missing)})"
    others = sorted(p.name for p in folder.iterdir() if p.name not in ADAPTER_FILES or not p.is_file())
    if others:
        return f"it holds files that are not an adapter's ({', '.join(others[:5])})"
    return None


def check_replaceable(folder: Path, shown: str | None = None) -> None:
    """AdapterError unless `folder` is a studio adapter the studio may replace; nothing is touched."""
    problem = replace_problem(folder)
    if problem:
        raise AdapterError(
            f"{shown or folder} was not replaced: {problem}, and the studio replaces only adapters it trained; "
            f"choose another name or --out folder"
        )


def check_destination(folder: Path, overwrite: bool, how: str, shown: str | None = None) -> None:
    """Refuse to train into `folder` when it exists and `overwrite` is off (`how` says what to do),
    or when it exists and is not a studio adapter; nothing is touched either way."""
    if folder.exists() or folder.is_symlink():
        if not overwrite:
            raise AdapterError(f"{shown or folder} already exists: {how}")
        check_replaceable(folder, shown)


def delete_adapter(name: str, registry: Path) -> Path:
    """Remove a registry adapter; it disappears from the listing at once (one rename)."""
    folder = registry_folder(name, registry)
    if not folder.is_dir() and not folder.is_symlink():
        raise AdapterError(f"no adapter named {name!r} in {registry}: `studio adapters` lists them")
    if folder.is_symlink() or not (folder / CONFIG_FILE).is_file():
        raise AdapterError(f"{folder} was not deleted: it is not an adapter folder (a link, or no {CONFIG_FILE})")
    trash = registry / f".deleting-{name}-{_tag()}"
    os.replace(folder, trash)
    shutil.rmtree(trash, ignore_errors=True)
    return folder


# -- staging, commit, and what killed runs leave behind ----------------------------------------

_LEFTOVER = re.compile(r"^\.(partial|replaced|deleting|trainer)-(.+?)(?:-(\d+))?-([0-9a-f]{8})$")
_IN_USE: set[str] = set()  # this process's staging folders still being written


def _tag() -> str:
    """pid and a random suffix: a leftover whose process is gone can be told from a live one."""
    return f"{os.getpid()}-{uuid.uuid4().hex[:8]}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_leftovers(parent: Path) -> list[str]:
    """Remove what killed runs left in `parent`; return what was cleaned.

    Staging (`.partial-*`), trash (`.deleting-*`) and trainer scratch (`.trainer-*`) of a
    process that is gone are removed; a `.replaced-NAME-*` whose NAME is missing (a run
    killed between its two renames) is put back as NAME, so no adapter is lost. Folders of
    live runs, and names the studio did not make, are not touched.
    """
    cleaned: list[str] = []
    if not parent.is_dir():
        return cleaned
    for entry in parent.iterdir():
        match = _LEFTOVER.match(entry.name)
        if not match or not entry.is_dir() or entry.is_symlink():
            continue
        kind, name, pid = match.group(1), match.group(2), match.group(3)
        if pid and (int(pid) != os.getpid() and _alive(int(pid)) or int(pid) == os.getpid() and entry.name in _IN_USE):
            continue
        final = parent / name
        if kind == "replaced" and not final.exists() and not final.is_symlink():
            os.replace(entry, final)
            cleaned.append(f"{entry.name} (restored as {name})")
            continue
        shutil.rmtree(entry, ignore_errors=True)
        cleaned.append(entry.name)
    return cleaned


def staging_folder(final: Path) -> Path:
    """A hidden sibling of `final` to write into; `commit_folder` renames it into place.

    Leftovers of killed runs beside it are cleaned first (see `clean_leftovers`).
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(final.parent)
    staging = final.parent / f".partial-{final.name}-{_tag()}"
    staging.mkdir()
    _IN_USE.add(staging.name)
    return staging


def discard_staging(staging: Path) -> None:
    """Remove a staging folder that will not be committed."""
    _IN_USE.discard(staging.name)
    shutil.rmtree(staging, ignore_errors=True)


def _fsync_tree(folder: Path) -> None:
    for path in folder.iterdir():
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())


def commit_folder(staging: Path, final: Path, overwrite: bool) -> None:
    """Move a finished staging folder to `final`; replace an existing one only with `overwrite`,
    and only when it is a studio adapter (`check_replaceable`)."""
    _fsync_tree(staging)
    if final.exists() or final.is_symlink():
        if not overwrite:
            raise AdapterError(f"{final} already exists: pass --overwrite to replace it, or choose another --out")
        check_replaceable(final)
        old = final.parent / f".replaced-{final.name}-{_tag()}"
        os.replace(final, old)
        os.replace(staging, final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, final)
    _IN_USE.discard(staging.name)
