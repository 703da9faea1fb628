"""Opt-in (-m gpu): real QLoRA on CUDA, NF4 base with bf16 compute, as the studio runs it on a GPU."""

from __future__ import annotations

import json

import pytest

torch = pytest.importorskip("torch")

pytestmark = [
    pytest.mark.gpu,
    pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU"),
]


def test_qlora_on_cuda_trains_the_format_and_leaves_the_4bit_base_alone(models_dir, tmp_path):
    import re

    from studio.config import GenerationConfig, ModelConfig, TrainingConfig
    from studio.model.engine import Engine, GenerationRequest
    from studio.prepare.tiny import TRIAGE_PATTERN, TinyShape, build_tiny_chat_model, triage_examples
    from studio.tuning.training import prepare_examples, train_adapter

    model = build_tiny_chat_model(models_dir / "gpu-skill", shape=TinyShape(initializer_range=0.2), seed=0)
    rows = triage_examples(340, seed=1)
    train = tmp_path / "train.jsonl"
    train.write_text("".join(json.dumps(r) + "\n" for r in rows[:300]))
    engine = Engine.load(ModelConfig(model=str(model), quant="auto", device="cuda"))
    assert engine.quant == "4bit"
    packed = {n: p.detach().clone() for n, p in engine.base.named_parameters()}
    config = TrainingConfig(learning_rate=5e-3, epochs=5)
    data = prepare_examples(train, engine.chat_prompt, engine.tokenizer, config)
    card = train_adapter(engine, data, config, tmp_path / "triage", "triage")
    after = {n.replace(".base_layer", ""): p for n, p in engine.base.named_parameters() if "lora_" not in n}
    assert packed.keys() & after.keys()  # the comparison below compares something
    assert all(torch.equal(packed[n].to(after[n].dtype), after[n]) for n in packed if n in after)
    prompts = [GenerationRequest(engine.chat_prompt([{"role": "user", "content": r["prompt"]}]), "triage") for r in rows[300:]]
    outputs = engine.generate(prompts, GenerationConfig(max_new_tokens=24))
    share = sum(bool(re.match(TRIAGE_PATTERN, o.text.strip())) for o in outputs) / len(outputs)
    assert share >= 0.8
    assert card.hyperparameters["quant"] == "4bit" and card.hyperparameters["device"] == "cuda"
