"""The engine: one base model, batched mixed-adapter generation, streaming, provenance."""

from __future__ import annotations

import pytest

from conftest import load_engine
from studio.lesson.compare import compare
from studio.config import GenerationConfig
from studio.model.engine import GenerationRequest
from studio.errors import AdapterError
from studio.model.chat import DEFAULT_SYSTEM
from studio.lesson.prompts import column_messages

GEN = GenerationConfig(max_new_tokens=12)
QUESTIONS = [
    "How much is the Pro plan?",
    "When does the support chat open on Saturday, and is it open on public holidays?",
    "Hi",
]


def test_base_column_is_the_bare_base_model_and_lora_column_is_not(tiny_model, tiny_adapter):
    # Reference: a model that never had an adapter attached.
    plain = load_engine(tiny_model)
    reference = compare(plain, QUESTIONS[0], "base", generation=GEN).column("base").text

    engine = load_engine(tiny_model)
    name = engine.add_adapter(tiny_adapter)
    for order in ("base,lora", "lora,base"):
        result = compare(engine, QUESTIONS[0], order, adapter=name, generation=GEN)
        base, lora = result.column("base"), result.column("lora")
        assert base.text == reference
        assert lora.text != base.text
        assert (base.adapter, lora.adapter) == (None, name)
    # A base-only batch on an engine holding an adapter is still the base model.
    assert compare(engine, QUESTIONS[0], "base", generation=GEN).column("base").text == reference


def test_every_batched_row_equals_the_same_prompt_generated_alone(tiny_model, tiny_adapter):
    engine = load_engine(tiny_model)
    name = engine.add_adapter(tiny_adapter)
    # Different prompt lengths force left padding; adapters alternate within the batch.
    requests = [
        GenerationRequest(engine.chat_prompt(column_messages(q, DEFAULT_SYSTEM)), adapter)
        for q in QUESTIONS
        for adapter in (None, name)
    ]
    batched = engine.generate(requests, GEN)
    assert len({len(r.prompt) for r in requests}) > 1
    for request, row in zip(requests, batched):
        alone = engine.generate([request], GEN)[0]
        assert row.text == alone.text, request
        assert row.prompt_tokens == alone.prompt_tokens
        assert row.new_tokens == alone.new_tokens


def test_batched_rows_match_plain_transformers_generate(tiny_model, tiny_adapter):
    """An independent reference: stock transformers/PEFT `generate`, one unpadded prompt at a time."""
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    engine = load_engine(tiny_model)
    name = engine.add_adapter(tiny_adapter)
    requests = [GenerationRequest(engine.chat_prompt(column_messages(q, DEFAULT_SYSTEM)), a) for q in QUESTIONS[:2] for a in (None, name)]
    batched = engine.generate(requests, GEN)

    base_ref = AutoModelForCausalLM.from_pretrained(str(tiny_model), dtype=torch.float32)
    lora_ref = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(str(tiny_model), dtype=torch.float32), str(tiny_adapter))
    for request, row in zip(requests, batched):
        reference_model = lora_ref if request.adapter else base_ref
        ids = engine.tokenizer(request.prompt, return_tensors="pt", add_special_tokens=False)
        out = reference_model.generate(**ids, max_new_tokens=GEN.max_new_tokens, do_sample=False, pad_token_id=0)
        reference = [t for t in out[0, ids["input_ids"].shape[1]:].tolist() if t not in engine.eos_ids]
        assert list(row.token_ids) == reference, request


def test_stream_grows_every_column_and_ends_with_the_generate_result(tiny_model, tiny_adapter):
    engine = load_engine(tiny_model)
    name = engine.add_adapter(tiny_adapter)
    requests = [GenerationRequest(engine.chat_prompt(column_messages(QUESTIONS[1], DEFAULT_SYSTEM)), a) for a in (None, name)]
    snapshots = list(engine.stream(requests, GEN))
    assert len(snapshots) >= GEN.max_new_tokens  # one update per decoding step at least
    counts = [[row.new_tokens for row in snap] for snap in snapshots]
    assert counts[0][0] < counts[-1][0]
    assert all(a <= b for first, second in zip(counts, counts[1:]) for a, b in zip(first, second))
    assert not any(row.finished for row in snapshots[0])
    final = snapshots[-1]
    assert all(row.finished for row in final)
    assert [row.text for row in final] == [row.text for row in engine.generate(requests, GEN)]


def test_closing_a_stream_early_stops_generation_and_frees_the_model(tiny_model):
    engine = load_engine(tiny_model)
    request = GenerationRequest(engine.chat_prompt(column_messages(QUESTIONS[0], DEFAULT_SYSTEM)))
    stream = engine.stream([request], GenerationConfig(max_new_tokens=200))
    next(stream)
    stream.close()
    # The lock is free again: a non-blocking acquire succeeds at once.
    assert engine.lock.acquire(blocking=False)
    engine.lock.release()
    assert engine.generate([request], GEN)[0].new_tokens == GEN.max_new_tokens


def test_rows_stop_at_end_of_sequence_independently(tiny_model, tiny_adapter):
    engine = load_engine(tiny_model)
    name = engine.add_adapter(tiny_adapter)
    prompt = engine.chat_prompt(column_messages(QUESTIONS[0], DEFAULT_SYSTEM))
    requests = [GenerationRequest(prompt), GenerationRequest(prompt, name)]
    base_text, lora_text = (r.text for r in engine.generate(requests, GEN))
    first_base, first_lora = (engine.tokenizer(t)["input_ids"][0] for t in (base_text, lora_text))
    assert first_base != first_lora
    # Declare the base row's first answer token to be end-of-sequence for this engine:
    # the base row must stop at once, with nothing shown; the LoRA row must go on.
    engine.eos_ids = {first_base}
    base, lora = engine.generate(requests, GEN)
    assert base.stopped_at_eos and base.new_tokens == 0 and base.text == ""
    assert lora.new_tokens > 0 and lora.text


def test_max_new_tokens_caps_each_column(tiny_model):
    engine = load_engine(tiny_model)
    rows = engine.generate(
        [GenerationRequest(engine.chat_prompt(column_messages(q, DEFAULT_SYSTEM))) for q in QUESTIONS], GenerationConfig(max_new_tokens=5)
    )
    assert all(r.new_tokens <= 5 for r in rows)
    assert any(not r.stopped_at_eos and r.new_tokens == 5 for r in rows)


def test_tokenizer_without_chat_template_gets_a_plain_prompt(models_dir):
    from studio.prepare.tiny import build_tiny_chat_model

    engine = load_engine(build_tiny_chat_model(models_dir / "no-template", chat_template=False))
    prompt = engine.chat_prompt(column_messages("How much is the Pro plan?", "Be brief."))
    assert prompt == "System: Be brief.\n\nUser: How much is the Pro plan?\n\nAssistant:"
    assert engine.generate([GenerationRequest(prompt)], GEN)[0].new_tokens > 0


def test_chat_template_is_the_models_own(tiny_model):
    engine = load_engine(tiny_model)
    prompt = engine.chat_prompt(column_messages("Hi", "Be brief."))
    assert prompt == "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n"


def test_4bit_base_serves_base_and_lora_rows_from_one_quantised_model(tiny_model, tiny_adapter):
    import bitsandbytes as bnb

    engine = load_engine(tiny_model, quant="4bit")
    layer = engine.base.get_submodule("model.layers.0.self_attn.q_proj")
    name = engine.add_adapter(tiny_adapter)
    assert isinstance(layer, bnb.nn.Linear4bit)
    assert engine.base.get_submodule("model.layers.0.self_attn.q_proj").get_base_layer() is layer
    result = compare(engine, QUESTIONS[0], "base,lora", adapter=name, generation=GEN)
    assert result.column("base").text != result.column("lora").text


def test_adapter_for_another_base_is_refused_before_loading(tiny_model, other_adapter):
    engine = load_engine(tiny_model)
    with pytest.raises(AdapterError, match=r"does not fit base model .*(inputs|outputs).*trained for"):
        engine.add_adapter(other_adapter)
    assert engine.adapters == {} and engine.model is engine.base


def test_pickle_only_adapter_is_refused(tiny_model, pickle_adapter):
    engine = load_engine(tiny_model)
    with pytest.raises(AdapterError, match=r"only the pickle file adapter_model.bin.*safe_serialization=True"):
        engine.add_adapter(pickle_adapter)


def test_adding_the_same_adapter_twice_keeps_one_copy(tiny_model, tiny_adapter):
    engine = load_engine(tiny_model)
    first = engine.add_adapter(tiny_adapter)
    assert engine.add_adapter(tiny_adapter) == first
    assert list(engine.adapters) == [first]


def test_unknown_adapter_name_in_a_request_is_a_clear_error(tiny_model):
    engine = load_engine(tiny_model)
    with pytest.raises(AdapterError, match="adapter 'nope' is not loaded"):
        engine.generate([GenerationRequest("hi", "nope")], GEN)


def test_adapter_names_are_made_safe_module_keys(tiny_adapter):
    from studio.adapters import inspect_adapter_folder, safe_adapter_name

    assert safe_adapter_name("../my adapter.v2") == "my_adapter_v2"
    assert safe_adapter_name("__base__") == "base"  # PEFT's reserved name stays out of reach
    assert inspect_adapter_folder(tiny_adapter, name="a/b").name == "a_b"


@pytest.mark.parametrize("ragged", [True, False])
def test_rows_of_very_different_lengths_decode_the_same_ragged_or_padded(engine_with_adapter, sample_index, monkeypatch, ragged):
    import studio.model.ragged as ragged_module

    engine, name = engine_with_adapter
    rows = compare(engine, QUESTIONS[0], "base,stuffed,lora,rag", adapter=name, index=sample_index, generation=GEN).columns
    assert max(c.prompt_tokens for c in rows) > 10 * min(c.prompt_tokens for c in rows)  # a stuffed row among bare ones
    alone = [compare(engine, QUESTIONS[0], c.label, adapter=name, index=sample_index, generation=GEN).columns[0] for c in rows]
    made = []
    monkeypatch.setattr(ragged_module, "worth_it", lambda lengths, most_rows=32: ragged)
    original = ragged_module.RaggedLayer.__init__
    monkeypatch.setattr(ragged_module.RaggedLayer, "__init__", lambda self, *a, **k: made.append(a[2]) or original(self, *a, **k))
    batched = compare(engine, QUESTIONS[0], "base,stuffed,lora,rag", adapter=name, index=sample_index, generation=GEN).columns
    assert bool(made) is ragged  # the path under test was the one taken
    assert [c.text for c in batched] == [c.text for c in alone] == [c.text for c in rows]
    assert engine.base.config._attn_implementation != ragged_module.ATTENTION  # restored after the batch


def test_ragged_decoding_is_chosen_when_padding_would_dominate():
    from studio.model.ragged import worth_it

    assert worth_it([70, 600, 1500, 250, 70, 70])
    assert not worth_it([100, 110, 95])  # about one length: padding costs little
    assert not worth_it([70] * 40 + [1500])  # many rows: one padded batch attends faster than row by row


def test_each_row_carries_its_own_cost_apart_from_the_rows_batched_with_it(tiny_model):
    """A long prompt's reading is its own row's cost, and each decoding step is shared by the rows in it."""
    import time

    engine = load_engine(tiny_model)
    short = engine.chat_prompt([{"role": "user", "content": "Hi"}])
    long = engine.chat_prompt([{"role": "user", "content": "Tell me about the plans. " * 120}])
    gen = GenerationConfig(max_new_tokens=16)
    started = time.perf_counter()
    quick, slow = engine.generate([GenerationRequest(short), GenerationRequest(long)], gen)
    wall = time.perf_counter() - started
    assert slow.prompt_tokens > 20 * quick.prompt_tokens
    assert slow.prefill_seconds > 5 * quick.prefill_seconds > 0
    assert quick.decode_seconds > 0 and slow.decode_seconds > 0
    # Every row's share of the steps plus its reading add up to no more than the batch's wall time.
    total = quick.prefill_seconds + quick.decode_seconds + slow.prefill_seconds + slow.decode_seconds
    assert total <= wall
    column = compare(engine, "Hi", "base", generation=gen).column("base")
    assert column.cost_seconds == round(column.prefill_seconds + column.decode_seconds, 4) > 0
    assert column.to_dict()["prefill_seconds"] == column.prefill_seconds


def test_loop_span_finds_a_repeated_tail_of_the_answer_only():
    from studio.model.engine import loop_span

    assert loop_span([9] + [1, 2, 3, 4, 5] * 3) == (5, 3)  # a short span three times
    assert loop_span([1, 2, 3, 4, 5] * 2) == (0, 0)  # twice is not yet a loop for a short span
    assert loop_span(list(range(20)) * 2) == (20, 2)  # a long span twice is
    assert loop_span([1, 2, 3, 4, 1, 2, 3, 5]) == (0, 0)
    assert loop_span([]) == (0, 0)


def test_a_column_that_loops_is_stopped_with_one_copy_kept_and_others_run_on(tiny_model):
    """Greedy decoding of a random model loops quickly: with stop_loops the looping row ends at the
    step its loop completes, keeping its answer up to one copy of the loop; without, it runs to the cap."""
    from studio.model.engine import loop_span

    engine = load_engine(tiny_model)
    requests = [GenerationRequest(engine.chat_prompt(column_messages(q, DEFAULT_SYSTEM))) for q in QUESTIONS]
    full = engine.generate(requests, GenerationConfig(max_new_tokens=80, stop_loops=False))
    stopped = engine.generate(requests, GenerationConfig(max_new_tokens=80, stop_loops=True))
    looped = 0
    for whole, short in zip(full, stopped):
        tokens = list(whole.token_ids)
        # Where the loop stop should fire: the first prefix that ends in a loop.
        end = next((n for n in range(1, len(tokens) + 1) if loop_span(tokens[:n])[0]), None)
        if end is None:
            assert short.token_ids == whole.token_ids and not short.stopped_in_loop
            continue
        looped += 1
        span, copies = loop_span(tokens[:end])
        assert short.stopped_in_loop and not short.stopped_at_eos and short.finished
        assert list(short.token_ids) == tokens[: end - span * (copies - 1)]
        assert short.new_tokens < whole.new_tokens
        assert short.text == engine.tokenizer.decode(short.token_ids, skip_special_tokens=True)
    assert looped, "the tiny model should loop on one of these questions, or this test checks nothing"
    # Batched or alone, a row stops at the same token.
    for request, row in zip(requests, stopped):
        assert engine.generate([request], GenerationConfig(max_new_tokens=80))[0].token_ids == row.token_ids


def test_adapters_beyond_the_cap_are_unloaded_least_recently_used_and_come_back_when_asked(tiny_model, tiny_adapter, tmp_path):
    import shutil

    engine = load_engine(tiny_model)
    engine.max_loaded_adapters = 2
    for name in ("first", "second", "third"):
        shutil.copytree(tiny_adapter, tmp_path / name)
    prompt = engine.chat_prompt([{"role": "user", "content": "Hello there"}])
    gen = GenerationConfig(max_new_tokens=6)
    engine.add_adapter(tmp_path / "first")
    before = engine.generate([GenerationRequest(prompt, "first")], gen)[0].text
    engine.add_adapter(tmp_path / "second")
    engine.add_adapter(tmp_path / "third")
    assert engine.loaded_adapters() == ["second", "third"] and sorted(engine.adapters) == ["first", "second", "third"]
    assert len(engine.model.peft_config) == 2  # unloaded from the model, not only from a list
    # A column naming the unloaded one gets it back (and the same answer); the least recent goes.
    assert engine.generate([GenerationRequest(prompt, "first")], gen)[0].text == before
    assert engine.loaded_adapters() == ["third", "first"]
    # Never one a waiting request names, even when it is the least recently used.
    engine.pinned = lambda: {"third"}
    engine.generate([GenerationRequest(prompt, "second")], gen)
    assert sorted(engine.loaded_adapters()) == ["second", "third"]
