"""Columns as recipes: the registry, pasted documents, few-shot prompts, several adapters in one
batch, and every adapter served in the conversation frame it was trained in."""

from __future__ import annotations

import json

import pytest

from conftest import format_share, load_engine
from studio.lesson.columns import KINDS, Supplies, check_columns, missing, parse_columns
from studio.lesson.compare import CompareOptions, compare, plan_rows
from studio.config import GenerationConfig
from studio.tuning.datasets import IGNORE, load_examples, tokenize_example
from studio.errors import StudioError
from studio.model.chat import DEFAULT_SYSTEM
from studio.lesson.prompts import STUFFED_INSTRUCTION
from studio.tuning.training import end_of_turn_ids

GEN = GenerationConfig(max_new_tokens=8)
QUESTION = "How much is the Pro plan?"


# -- the registry -----------------------------------------------------------------------------


def test_columns_parse_into_kinds_with_labels_in_the_order_given():
    specs = parse_columns("fewshot, lora:legal ,base,lora+rag:support,stuffed,lora")
    assert [s.label for s in specs] == ["fewshot", "lora:legal", "base", "lora+rag:support", "stuffed", "lora"]
    assert [(s.kind_name, s.adapter) for s in specs[1:4]] == [("lora", "legal"), ("base", None), ("lora+rag", "support")]
    assert parse_columns(["base", "rag"]) == parse_columns("base,rag")


@pytest.mark.parametrize(
    "text, message",
    [
        ("base,wiki", "unknown column 'wiki': --modes takes base, rag, lora, lora\\+rag, stuffed, fewshot, lora:NAME"),
        ("base,base", "column 'base' is listed twice"),
        ("lora:a,lora:a", "column 'lora:a' is listed twice"),
        (" , ", "no columns given"),
        ("rag:triage", "names an adapter, but rag runs without one: write rag, or lora:triage"),
        ("stuffed:x", "names an adapter, but stuffed runs without one"),
        ("lora:", "names no adapter: write lora:NAME"),
        ("base,rag,lora,stuffed,fewshot,lora+rag,lora:x", "7 columns is more than the 6"),
    ],
)
def test_bad_columns_are_named_in_one_line(text, message):
    with pytest.raises(StudioError, match=message):
        parse_columns(text, max_columns=6)


def test_what_a_column_lacks_is_said_once_with_the_surfaces_own_fix():
    specs = parse_columns("base,rag,lora,stuffed,fewshot,lora:named")
    fixes = {"adapter": "train one", "documents": "add some", "examples": "upload some"}
    why = missing(specs, Supplies(fixes=fixes))
    assert why == {
        "rag": "needs documents to retrieve passages from: add some",
        "lora": "needs an adapter: train one",
        "stuffed": "needs documents to paste into the prompt: add some",
        "fewshot": "needs examples to put in the prompt: upload some",
    }  # base needs nothing, and lora:named brings its own adapter
    assert missing(specs, Supplies(adapter=True, documents=True, examples=True)) == {}
    with pytest.raises(StudioError, match="^column rag needs documents to retrieve passages from: add some$"):
        check_columns(specs, Supplies(fixes=fixes))


def test_every_kind_declares_what_it_needs_and_uses():
    assert {name: kind.needs for name, kind in KINDS.items()} == {
        "base": (),
        "rag": ("documents",),
        "lora": ("adapter",),
        "lora+rag": ("adapter", "documents"),
        "stuffed": ("documents",),
        "fewshot": ("examples",),
    }
    assert KINDS["lora+rag"].uses == ("an adapter", "retrieved passages")


# -- stuffed: the documents pasted whole --------------------------------------------------------


def test_stuffed_pastes_whole_documents_and_rag_only_the_passages(engine_with_adapter, sample_index):
    engine, _ = engine_with_adapter
    result = compare(engine, QUESTION, "rag,stuffed", index=sample_index, top_k=2, generation=GEN)
    rag, stuffed = result.column("rag"), result.column("stuffed")
    assert STUFFED_INSTRUCTION in stuffed.prompt and stuffed.retrieved == []
    assert stuffed.pasted == ("pricing.md", "refunds.md", "security.txt", "support.md") and stuffed.left_out == ()
    for source, text in sample_index.documents():
        assert f"=== {source} ===" in stuffed.prompt
        for line in text.splitlines():
            assert line.strip() in stuffed.prompt  # every line of every document, headings included
    # Pasting costs prompt tokens: all four documents against rag's two passages.
    assert stuffed.prompt_tokens > 2 * rag.prompt_tokens
    data = stuffed.to_dict()
    assert data["column"] == "stuffed" and data["left_out"] == [] and data["pasted"] == list(stuffed.pasted)


def test_stuffed_leaves_out_what_does_not_fit_the_context_and_says_which(tiny_model, sample_index):
    engine = load_engine(tiny_model)
    full = compare(engine, QUESTION, "stuffed", index=sample_index, generation=GEN).column("stuffed")
    # Leave room for the prompt without documents and about two of the four: the rest must go.
    generation = GenerationConfig(max_new_tokens=engine.context_length - full.prompt_tokens // 2)
    column = compare(engine, QUESTION, "stuffed", index=sample_index, generation=generation).column("stuffed")
    assert column.left_out and column.pasted
    assert sorted(column.pasted + column.left_out) == sorted(s for s, _ in sample_index.documents())
    assert column.prompt_tokens + generation.max_new_tokens <= engine.context_length
    assert any("did not fit the model's context" in w for w in column.warnings)
    for source in column.left_out:
        assert f"=== {source} ===" not in column.prompt
    assert json.loads(json.dumps(column.to_dict()))["left_out"] == list(column.left_out)


def test_a_stuffed_column_pasting_thousands_of_tokens_says_so_and_a_small_one_does_not(tiny_model, sample_index):
    from studio.lesson.compare import STUFFED_WARNING_TOKENS

    engine = load_engine(tiny_model)
    small = compare(engine, QUESTION, "stuffed", index=sample_index, generation=GEN).column("stuffed")
    assert small.prompt_tokens < STUFFED_WARNING_TOKENS and not any("prompt tokens" in w for w in small.warnings)
    documents = tuple((f"part-{n}.md", text) for n, (_, text) in enumerate(sample_index.documents() * 3))
    big = compare(engine, QUESTION, "stuffed", documents=documents, generation=GEN).column("stuffed")
    assert big.prompt_tokens > STUFFED_WARNING_TOKENS
    assert [w for w in big.warnings if "prompt tokens" in w] == [
        f"this column pastes {big.prompt_tokens:,} prompt tokens: every one is read before its first word (slow on a CPU), "
        "where rag hands over only the passages that match the question"
    ]


def test_stuffed_without_documents_is_refused(engine_with_adapter):
    engine, _ = engine_with_adapter
    with pytest.raises(StudioError, match="column stuffed needs documents to paste"):
        compare(engine, QUESTION, "base,stuffed", generation=GEN)


# -- fewshot: examples in the prompt ---------------------------------------------------------------


def test_fewshot_puts_k_examples_before_the_question_as_earlier_turns(engine_with_adapter, triage_split):
    from studio.lesson.columns import shots_from

    engine, _ = engine_with_adapter
    examples = load_examples(triage_split[0], system=None)[0]
    shots = shots_from(examples, 2)
    options = CompareOptions(shots=shots, generation=GEN)
    row = plan_rows(engine, QUESTION, "fewshot", options)[0]
    expected = engine.chat_prompt(
        [{"role": "system", "content": DEFAULT_SYSTEM}]
        + [turn for q, a in shots for turn in ({"role": "user", "content": q}, {"role": "assistant", "content": a})]
        + [{"role": "user", "content": QUESTION}]
    )
    assert row.prompt == expected and row.shots == 2
    assert shots[0] == (examples[0].prompt_messages[-1]["content"], examples[0].answer)
    assert examples[2].prompt_messages[-1]["content"] not in row.prompt  # K = 2: the third stays out
    with pytest.raises(StudioError, match="column fewshot needs examples"):
        plan_rows(engine, QUESTION, "fewshot", CompareOptions(generation=GEN))


# -- several adapters, one batch, one base --------------------------------------------------------


def test_several_adapters_are_rows_of_one_batched_call_on_one_base(tiny_model, tiny_adapter, models_dir, monkeypatch):
    from studio.prepare.tiny import build_random_adapter

    engine = load_engine(tiny_model)
    first = engine.add_adapter(tiny_adapter)
    second = engine.add_adapter(build_random_adapter(tiny_model, models_dir / "second-adapter", seed=7))
    base_model = engine.base
    calls = []
    generate = engine.generate
    monkeypatch.setattr(engine, "generate", lambda requests, gen: calls.append([r.adapter for r in requests]) or generate(requests, gen))
    result = compare(engine, QUESTION, f"base,lora:{first},lora:{second}", generation=GEN)
    assert calls == [[None, first, second]]  # one call, each row with its own adapter
    texts = [c.text for c in result.columns]
    assert len(set(texts)) == 3, texts  # three different models' answers
    assert [c.to_dict()["column"] for c in result.columns] == ["base", f"lora:{first}", f"lora:{second}"]
    assert [c.adapter for c in result.columns] == [None, first, second]
    assert engine.base is base_model  # no second copy of the base
    # Each named column is the same as that adapter served alone.
    alone = compare(engine, QUESTION, "lora", adapter=second, generation=GEN).column("lora")
    assert alone.text == result.column(f"lora:{second}").text


# -- served as trained ---------------------------------------------------------------------------


@pytest.mark.slow
def test_the_lora_column_prompt_is_token_for_token_the_training_prompt(skill_model, triage_adapter, triage_split, embedder_dir):
    from studio.config import load_config
    from studio.classroom.workspace import Workspace

    folder, _ = triage_adapter
    engine = load_engine(skill_model)
    name = engine.add_adapter(folder)
    example = load_examples(triage_split[0])[0][0]  # as training read it: the default system prompt added
    trained = tokenize_example(example, engine.chat_prompt, engine.tokenizer, 512, end_of_turn_ids(engine.tokenizer))
    prompt_ids = trained.input_ids[: next(i for i, label in enumerate(trained.labels) if label != IGNORE)]
    question = example.prompt_messages[-1]["content"]
    row = plan_rows(engine, question, "lora", CompareOptions(adapter=name, generation=GEN))[0]
    assert engine.encode_prompt(row.prompt) == prompt_ids
    assert (row.system, row.frame, row.warnings) == (DEFAULT_SYSTEM, "as trained", ())
    # The same through the workspace the CLI and the app use, with the adapter by name.
    workspace = Workspace(load_config({"model": str(skill_model), "embedder": embedder_dir, "max_new_tokens": 8}, env={}), adapter=folder)
    column = workspace.compare(question, parse_columns("lora"), learner=workspace.solo).column("lora")
    assert engine.encode_prompt(column.prompt) == prompt_ids
    # A scenario's system prompt goes to the other columns; the adapter keeps its own.
    mixed = plan_rows(engine, question, "base,lora", CompareOptions(adapter=name, default_system="Triage bot.", generation=GEN))
    assert mixed[0].system == "Triage bot." and engine.encode_prompt(mixed[1].prompt) == prompt_ids


@pytest.mark.slow
def test_an_adapter_trained_with_defaults_keeps_its_format_served_with_defaults(skill_model, triage_adapter):
    folder, held_out = triage_adapter
    engine = load_engine(skill_model)
    name = engine.add_adapter(folder)
    share = format_share(engine, held_out, "lora", adapter=name)
    assert share >= 0.80, f"served with defaults, the adapter wrote its format in {share:.0%} of held-out answers"


@pytest.mark.slow
def test_a_system_prompt_forced_on_an_adapter_is_used_and_warned_about(skill_model, triage_adapter):
    folder, _ = triage_adapter
    engine = load_engine(skill_model)
    name = engine.add_adapter(folder)
    rows = plan_rows(engine, "My parcel is late", "base,lora", CompareOptions(adapter=name, system="", generation=GEN))
    base, lora = rows
    assert base.system is None and lora.system is None and lora.frame == "set"
    assert DEFAULT_SYSTEM not in lora.prompt
    assert lora.warnings == (f"adapter {name} was trained with the system prompt {DEFAULT_SYSTEM[:39] + '…'!r}, but is served here with none: its format may not hold",)
    assert base.warnings == ()


@pytest.mark.slow
def test_the_card_records_the_frame_it_was_trained_in(skill_model, triage_adapter):
    from studio.adapters import read_card

    engine = load_engine(skill_model)
    frame = read_card(triage_adapter[0]).frame
    assert frame == {"system": DEFAULT_SYSTEM, "template": engine.template, "systems": 1}
