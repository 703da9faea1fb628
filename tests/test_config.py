"""Settings: defaults, environment variables, flags over environment, errors naming the setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.config import DEFAULT_EMBEDDER, DEFAULT_MODEL, GenerationConfig, RetrievalConfig, ServerConfig, load_config
from studio.errors import ConfigError, ModelLoadError
from studio.hub import resolve_source


def test_defaults():
    config = load_config(env={})
    assert config.model.model == DEFAULT_MODEL == "auto"  # SmolLM2 on a CPU, Qwen on a GPU: tests/test_sources.py
    assert config.retrieval.embedder == DEFAULT_EMBEDDER == "sentence-transformers/all-MiniLM-L6-v2"
    assert config.model.quant == "auto" and config.generation.temperature == 0.0
    assert config.paths.home == Path.home() / ".studio"


def test_environment_then_flags():
    env = {"STUDIO_MODEL": "org/env-model", "STUDIO_QUANT": "bf16", "STUDIO_EMBEDDER": "e", "STUDIO_HOME": "/tmp/h"}
    config = load_config(env=env)
    assert (config.model.model, config.model.quant, config.retrieval.embedder) == ("org/env-model", "bf16", "e")
    assert config.paths.adapters == Path("/tmp/h/adapters")
    config = load_config({"model": "./flag-model", "quant": None}, env=env)
    assert config.model.model == "./flag-model" and config.model.quant == "bf16"


def test_bad_quant_names_the_flag_and_the_variable():
    with pytest.raises(ConfigError, match=r"quant 'fp8' is not supported: set flag --quant or environment variable STUDIO_QUANT"):
        load_config(env={"STUDIO_QUANT": "fp8"})


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: GenerationConfig(max_new_tokens=0), "--max-new-tokens"),
        (lambda: GenerationConfig(temperature=-1), "--temperature"),
        (lambda: RetrievalConfig(top_k=-1), "--k"),
        (lambda: RetrievalConfig(chunk_size=100, overlap=60), "--overlap"),
        (lambda: ServerConfig(max_adapters=0), "max adapters .* --max-adapters"),
        (lambda: load_config(env={"STUDIO_MAX_ADAPTERS": "1e9"}), "STUDIO_MAX_ADAPTERS"),
    ],
)
def test_out_of_range_values_name_their_flag(build, message):
    with pytest.raises(ConfigError, match=message):
        build()


def test_unreachable_hub_says_how_to_use_a_local_folder():
    with pytest.raises(ModelLoadError, match=r"cannot reach the Hugging Face Hub.*set flag --model .*local folder"):
        resolve_source("Qwen/Qwen2.5-0.5B-Instruct", "model", "flag --model or environment variable STUDIO_MODEL")


def test_missing_local_folder_is_named(tmp_path):
    with pytest.raises(ModelLoadError, match="folder ./no-such-model does not exist"):
        resolve_source("./no-such-model", "model", "flag --model")
    with pytest.raises(ModelLoadError, match="holds no config.json"):
        resolve_source(str(tmp_path), "model", "flag --model")


def test_default_embedder_falls_back_to_the_offline_copy(embedder_dir):
    from studio.knowledge.retrieval import resolve_embedder

    source, note = resolve_embedder(DEFAULT_EMBEDDER)
    assert source == embedder_dir and "offline" in note
    with pytest.raises(ModelLoadError):
        resolve_embedder("someone/other-embedder")
