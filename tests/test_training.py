"""Training: the base is never touched, the adapter learns a format, nothing half-written survives."""

from __future__ import annotations

import json
import threading

import pytest
import torch
from safetensors.torch import load_file

from conftest import format_share, load_engine, read_json
from studio.adapters import CARD_FILE, WEIGHTS_FILE, check_adapter_name, read_card
from studio.config import GenerationConfig, TrainingConfig
from studio.model.engine import GenerationRequest
from studio.errors import AdapterError, StudioError
from studio.prepare.tiny import TinyShape, build_tiny_chat_model
from studio.tuning.training import TrainingCancelled, prepare_examples, train_adapter

FAST = TrainingConfig(steps=4, batch_size=4, grad_accum=1, learning_rate=5e-3)


def base_state(engine) -> dict[str, torch.Tensor]:
    """Every base weight (4-bit weights as their packed bytes and scales), by layer name."""
    state = {}
    for name, param in engine.base.named_parameters():
        if "lora_" in name:
            continue
        key = name.replace(".base_layer", "")
        state[key] = param.detach().clone()
        quant_state = getattr(param, "quant_state", None)
        if quant_state is not None:
            state[key + ".absmax"] = quant_state.absmax.clone()
    return state


@pytest.mark.parametrize("quant", ["fp32", "4bit"])
def test_training_changes_every_lora_weight_and_no_base_weight(skill_model, triage_split, tmp_path, quant):
    engine = load_engine(skill_model, quant=quant)
    before = base_state(engine)
    initial = {}
    begin = engine.begin_training

    def spy(name, lora_config):  # the LoRA weights as created, before any step
        model = begin(name, lora_config)
        for key, param in model.named_parameters():
            if "lora_" in key:
                initial[key.replace(f".{name}", "")] = param.detach().clone()
        return model

    engine.begin_training = spy
    data = prepare_examples(triage_split[0], engine.chat_prompt, engine.tokenizer, FAST)
    card = train_adapter(engine, data, FAST, tmp_path / "triage", "triage")

    after = base_state(engine)
    assert before.keys() == after.keys()
    assert [k for k in before if not torch.equal(before[k], after[k])] == []
    saved = load_file(tmp_path / "triage" / WEIGHTS_FILE)
    assert len(saved) == len(initial) > 0
    assert {k.replace(".weight", "") for k in saved} == {k.replace(".weight", "") for k in initial}
    unchanged = [k for k, v in saved.items() if torch.equal(v, initial[k].to(v.dtype))]
    assert unchanged == []
    assert card.steps == 4 and len(card.loss_history) == 4
    assert card.trainable_params == sum(v.numel() for v in saved.values())


@pytest.mark.slow
def test_adapter_learns_the_format_the_base_never_writes(skill_model, triage_adapter):
    folder, held_out = triage_adapter
    engine = load_engine(skill_model)
    base_share = format_share(engine, held_out, "base")
    name = engine.add_adapter(folder)
    lora_share = format_share(engine, held_out, "lora", adapter=name)
    assert base_share <= 0.10
    assert lora_share >= 0.80, f"adapter wrote the format in {lora_share:.0%} of held-out answers"
    # The base column is still the base model with the adapter loaded, in the same engine.
    assert format_share(engine, held_out, "base") == base_share
    card = read_card(folder)
    assert card.final_loss < card.loss_history[0][1] / 3


def test_card_records_what_was_trained_and_what_it_costs(tiny_model, triage_split, tmp_path):
    engine = load_engine(tiny_model)
    data = prepare_examples(triage_split[0], engine.chat_prompt, engine.tokenizer, FAST)
    train_adapter(engine, data, FAST, tmp_path / "a", "a")
    card = read_card(tmp_path / "a")
    raw = json.loads((tmp_path / "a" / CARD_FILE).read_text())
    assert card.base_fingerprint == engine.fingerprint
    assert card.base_model == str(tiny_model.resolve())
    assert card.dataset["examples"] == 300 and card.dataset["format"] == "prompt-completion"
    assert len(card.dataset["fingerprint"]) == 64
    assert card.hyperparameters["rank"] == FAST.rank and card.hyperparameters["quant"] == "fp32"
    assert card.adapter_bytes == (tmp_path / "a" / WEIGHTS_FILE).stat().st_size
    assert raw["size_ratio"] == round(card.base_bytes / card.adapter_bytes, 1)
    assert 0 < card.trainable_params < card.total_params
    assert 0 <= card.padding_fraction < 0.5 and card.tokens_per_second > 0


def test_cancel_stops_at_the_next_step_and_writes_nothing(tiny_model, triage_split, tmp_path):
    engine = load_engine(tiny_model)
    prompt = [GenerationRequest(engine.chat_prompt([{"role": "user", "content": "Hello"}]))]
    base_answer = engine.generate(prompt, GenerationConfig(max_new_tokens=8))[0].text
    config = TrainingConfig(steps=50, batch_size=4, grad_accum=1)
    data = prepare_examples(triage_split[0], engine.chat_prompt, engine.tokenizer, config)
    cancel, steps = threading.Event(), []

    def on_progress(progress):
        steps.append(progress.step)
        if progress.step == 2:
            cancel.set()

    with pytest.raises(TrainingCancelled, match="cancelled at step 2 of 50; no adapter was written"):
        train_adapter(engine, data, config, tmp_path / "out", "out", on_progress=on_progress, cancel=cancel)
    assert steps == [1, 2]
    assert list(tmp_path.iterdir()) == []  # no adapter, no staging folder, no trainer scratch
    assert engine.model is engine.base and not engine.adapters
    assert engine.generate(prompt, GenerationConfig(max_new_tokens=8))[0].text == base_answer


@pytest.mark.parametrize("failure", [KeyboardInterrupt, OSError])
def test_a_crash_mid_run_or_mid_save_leaves_nothing(tiny_model, triage_split, tmp_path, monkeypatch, failure):
    import studio.tuning.training as training

    engine = load_engine(tiny_model)
    data = prepare_examples(triage_split[0], engine.chat_prompt, engine.tokenizer, FAST)
    if failure is OSError:
        original = training._save

        def half_save(engine_, internal, staging):
            original(engine_, internal, staging)
            raise OSError("disk full")

        monkeypatch.setattr(training, "_save", half_save)
        on_progress = None
    else:

        def on_progress(progress):
            raise KeyboardInterrupt

    with pytest.raises(failure):
        train_adapter(engine, data, FAST, tmp_path / "out", "out", on_progress=on_progress)
    assert list(tmp_path.iterdir()) == []
    assert engine.model is engine.base


def test_an_existing_adapter_is_replaced_only_when_asked(tiny_model, triage_split, tmp_path):
    engine = load_engine(tiny_model)
    data = prepare_examples(triage_split[0], engine.chat_prompt, engine.tokenizer, FAST)
    out = tmp_path / "triage"
    out.mkdir()
    (out / "mine.txt").write_text("keep me")
    with pytest.raises(StudioError, match="already exists: pass --overwrite"):
        train_adapter(engine, data, FAST, out, "triage")
    assert (out / "mine.txt").read_text() == "keep me"
    # Overwrite replaces only a studio adapter: a folder of the user's own is refused and kept.
    with pytest.raises(AdapterError, match="was not replaced: it is not a studio adapter"):
        train_adapter(engine, data, FAST, out, "triage", overwrite=True)
    assert [p.name for p in out.iterdir()] == ["mine.txt"] and (out / "mine.txt").read_text() == "keep me"
    out = tmp_path / "adapter"
    first = train_adapter(engine, data, FAST, out, "triage")
    # Retraining a loaded adapter under its name serves the new weights.
    second = train_adapter(engine, data, TrainingConfig(steps=2, batch_size=4, grad_accum=1), out, "triage", overwrite=True)
    assert second.steps == 2 and first.steps == 4
    assert read_json(out / CARD_FILE)["steps"] == 2
    assert list(engine.adapters) == ["triage"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adapter", "triage"]


def test_an_adapter_whose_card_names_another_architecture_is_refused(models_dir, tiny_model, triage_split, tmp_path):
    # Same layer sizes, so the shape check alone would let it through; the card's fingerprint does not.
    longer = build_tiny_chat_model(models_dir / "longer-context", shape=TinyShape(max_position_embeddings=4096), seed=0)
    other = load_engine(longer)
    data = prepare_examples(triage_split[0], other.chat_prompt, other.tokenizer, FAST)
    train_adapter(other, data, FAST, tmp_path / "for-longer", "for-longer")
    engine = load_engine(tiny_model)
    with pytest.raises(AdapterError, match=r"was trained for base model .*longer-context.*load .* with --model"):
        engine.add_adapter(tmp_path / "for-longer")
    assert engine.model is engine.base


@pytest.mark.parametrize("bad", ["../escape", "a/b", "..", "-dash", "", "x" * 65, "a..b"])
def test_registry_names_cannot_leave_the_registry(bad):
    with pytest.raises(AdapterError, match="not allowed"):
        check_adapter_name(bad)


def test_the_answer_only_loss_is_the_models_own_loss(skill_model, triage_split):
    """Logits computed only where an answer token is predicted give the same loss (and gradients) as the full forward."""
    from studio.tuning.training import PaddingCollator, answer_loss

    engine = load_engine(skill_model)
    data = prepare_examples(triage_split[0], engine.chat_prompt, engine.tokenizer, FAST)
    batch = PaddingCollator(engine.tokenizer.pad_token_id)([{"input_ids": e.input_ids, "labels": e.labels} for e in data.examples[:3]])
    model = engine.base
    expected = model(**batch).loss
    expected.backward()
    want = {n: p.grad.clone() for n, p in model.named_parameters() if p.grad is not None}
    model.zero_grad()
    got = answer_loss(model, batch)
    got.backward()
    assert torch.allclose(got, expected, rtol=1e-5, atol=1e-6)
    assert want and all(torch.allclose(p.grad, want[n], rtol=1e-4, atol=1e-6) for n, p in model.named_parameters() if n in want)
    answers = int((batch["labels"][:, 1:] != -100).sum())
    # Over an accumulated step the Trainer passes the step's answer-token count: the sum, divided by it.
    assert torch.allclose(answer_loss(model, batch, num_items_in_batch=2 * answers), expected / 2, rtol=1e-5)
    model.zero_grad()


def test_the_estimate_counts_activations_which_grow_with_the_batch(skill_model, triage_split):
    from studio.tuning.training import estimate_run

    engine = load_engine(skill_model)
    data = prepare_examples(triage_split[0], engine.chat_prompt, engine.tokenizer, FAST)
    small, large = (estimate_run(engine, data, TrainingConfig(batch_size=b, grad_accum=1, steps=10)) for b in (2, 8))
    assert large.activation_bytes > 3.5 * small.activation_bytes > 0
    assert large.peak_bytes == large.weights_bytes + large.adapter_bytes + large.activation_bytes + large.runtime_bytes
    assert large.weights_bytes == engine.base.get_memory_footprint() and small.steps == 10
    checkpointed = estimate_run(engine, data, TrainingConfig(batch_size=8, grad_accum=1, steps=10, gradient_checkpointing=True))
    assert checkpointed.activation_bytes < large.activation_bytes and checkpointed.seconds > large.seconds
    assert "activations" in large.describe("cpu") and "peak memory" in large.describe("cpu")


def test_an_adapter_from_other_weights_of_the_same_model_loads_with_a_warning(tiny_model, tmp_path, examples_file=None):
    """A card records which weights it was trained on; served on others of the same model, its column says so."""
    import shutil

    from studio.lesson.compare import compare

    engine = load_engine(tiny_model)
    data = prepare_examples(_tiny_examples(tmp_path), engine.chat_prompt, engine.tokenizer, FAST)
    folder = tmp_path / "a"
    card = train_adapter(engine, data, FAST, folder, "a")
    assert (card.base_weights, card.base_label, card.base_model) == ("folder", "tiny, local folder", str(tiny_model.resolve()))
    result = compare(engine, "hello", "base,lora:a", generation=GenerationConfig(max_new_tokens=2))
    assert result.column("lora:a").warnings == ()
    other = tmp_path / "b"
    shutil.copytree(folder, other)
    recorded = read_json(other / CARD_FILE)
    recorded["base_weights"] = "gguf:Q4_1"
    (other / CARD_FILE).write_text(json.dumps(recorded))
    engine.add_adapter(other, "b")
    warnings = compare(engine, "hello", "lora:b", generation=GenerationConfig(max_new_tokens=2)).column("lora:b").warnings
    assert len(warnings) == 1 and "trained on 4-bit GGUF (Q4_1) weights" in warnings[0] and "a local folder's weights" in warnings[0]


def _tiny_examples(tmp_path):
    path = tmp_path / "examples.jsonl"
    path.write_text("".join(json.dumps({"prompt": f"q{i}", "completion": f"a{i}"}) + "\n" for i in range(8)))
    return path
