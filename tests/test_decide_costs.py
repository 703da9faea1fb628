"""The Decide questionnaire follows the rule; the About tab's costs come from real parameter counts."""

from __future__ import annotations

import pytest

from conftest import load_engine
from studio.tuning.costs import method_costs, model_sizes
from studio.lesson.decide import TaskAnswers, recommend


def answers(**overrides) -> TaskAnswers:
    base = dict(needs_own_facts=False, facts_change="never", must_cite=False, wants_format_or_voice=False, prompt_gets_format=False, examples=0)
    return TaskAnswers(**{**base, **overrides})


@pytest.mark.parametrize(
    "task, choice, reason",
    [
        (answers(needs_own_facts=True, facts_change="weekly or more often"), "retrieve", "change weekly or more often"),
        (answers(must_cite=True), "retrieve", "cite sources"),
        (answers(wants_format_or_voice=True, examples=500), "fine-tune", "that is a skill"),
        (answers(needs_own_facts=True, wants_format_or_voice=True, examples=300), "both", "a LoRA adapter learns it"),
        (answers(wants_format_or_voice=True, prompt_gets_format=True, examples=500), "just prompt", "already gets the format right"),
        (answers(wants_format_or_voice=True, examples=20), "just prompt", "have 20 examples"),
        (answers(), "just prompt", "cheapest fix"),
    ],
)
def test_recommendation_follows_the_rule_and_says_why(task, choice, reason):
    result = recommend(task)
    assert result.choice == choice
    assert any(reason in r for r in result.reasons), result.reasons
    assert result.next_steps


def test_costs_come_from_the_models_real_sizes(tiny_model):
    engine = load_engine(tiny_model)
    sizes = model_sizes(engine.model)
    assert sizes.total_params == sum(p.numel() for p in engine.base.parameters())
    # 2 layers x (q, k, v, o, gate, up, down): the output head is not adapted.
    assert len(sizes.linear_layers) == 14
    full, lora, qlora = method_costs(sizes, rank=8)
    assert full.trainable_params == sizes.total_params and full.train_memory_bytes == 16 * sizes.total_params
    assert lora.trainable_params == sum(8 * (i + o) for i, o in sizes.linear_layers)
    assert qlora.train_memory_bytes < lora.train_memory_bytes < full.train_memory_bytes
    assert lora.storage_bytes < full.storage_bytes
    # The same model loaded in 4-bit has the same parameter count (packed weights counted whole).
    assert model_sizes(load_engine(tiny_model, quant="4bit").model).total_params == sizes.total_params
