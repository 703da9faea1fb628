"""A comparison: modes, prompts with passages, provenance in every column."""

from __future__ import annotations

import pytest

from studio.lesson.compare import compare, stream_compare
from studio.config import GenerationConfig
from studio.errors import StudioError
from studio.lesson.prompts import RAG_INSTRUCTION

GEN = GenerationConfig(max_new_tokens=8)
QUESTION = "How much is the Pro plan?"


def test_rag_prompt_holds_the_retrieved_passages_with_sources(engine_with_adapter, sample_index):
    engine, _ = engine_with_adapter
    result = compare(engine, QUESTION, "base,rag", index=sample_index, top_k=3, generation=GEN)
    rag, base = result.column("rag"), result.column("base")
    assert len(rag.retrieved) == 3
    scores = [hit.score for hit in rag.retrieved]
    assert scores == sorted(scores, reverse=True) and all(-1.0 <= s <= 1.0 for s in scores)
    for number, hit in enumerate(rag.retrieved, start=1):
        assert f"[{number}] (source: {hit.source})" in rag.prompt
        assert hit.text.strip() in rag.prompt
    assert RAG_INSTRUCTION in rag.prompt
    # The right passage is found: the Pro price lives in pricing.md.
    assert rag.retrieved[0].source == "pricing.md" and "11.50 euros" in rag.retrieved[0].text
    # Base sees the bare question: no passages, no provenance of retrieval.
    assert base.retrieved == [] and "source:" not in base.prompt and not base.retrieval


def test_lora_rag_column_has_adapter_and_the_same_passages_as_rag(engine_with_adapter, sample_index):
    engine, name = engine_with_adapter
    result = compare(
        engine, QUESTION, "base,rag,lora,lora+rag", adapter=name, index=sample_index, top_k=2, generation=GEN
    )
    assert [c.kind_name for c in result.columns] == ["base", "rag", "lora", "lora+rag"]
    provenance = {c.kind_name: (c.adapter, c.retrieval, len(c.retrieved)) for c in result.columns}
    assert provenance == {
        "base": (None, False, 0),
        "rag": (None, True, 2),
        "lora": (name, False, 0),
        "lora+rag": (name, True, 2),
    }
    assert result.column("rag").prompt == result.column("lora+rag").prompt
    assert result.column("rag").retrieved == result.column("lora+rag").retrieved
    # Same prompt, different adapter: the texts differ only because of the adapter.
    assert result.column("rag").text != result.column("lora+rag").text


def test_top_k_zero_gives_rag_no_passages_and_says_so(engine_with_adapter, sample_index):
    engine, _ = engine_with_adapter
    rag = compare(engine, QUESTION, "rag", index=sample_index, top_k=0, generation=GEN).column("rag")
    assert rag.retrieved == [] and "(no passages were retrieved)" in rag.prompt


def test_json_shape_is_what_the_cli_promises(engine_with_adapter, sample_index):
    engine, name = engine_with_adapter
    data = compare(engine, QUESTION, "rag,lora", adapter=name, index=sample_index, generation=GEN).to_dict()
    assert data["question"] == QUESTION and data["model"] == engine.name
    for column in data["columns"]:
        assert {"mode", "text", "adapter", "retrieved", "prompt_tokens", "new_tokens", "seconds"} <= set(column)
        assert column["prompt_tokens"] > 0 and 0 < column["new_tokens"] <= GEN.max_new_tokens and column["seconds"] > 0
    assert set(data["columns"][0]["retrieved"][0]) == {"source", "text", "score", "chunk_id"}


def test_stream_compare_ends_with_the_same_columns_as_compare(engine_with_adapter, sample_index):
    engine, name = engine_with_adapter
    modes = "base,rag,lora"
    updates = list(stream_compare(engine, QUESTION, modes, adapter=name, index=sample_index, generation=GEN))
    final = compare(engine, QUESTION, modes, adapter=name, index=sample_index, generation=GEN)
    assert len(updates) > 1
    assert [c.text for c in updates[-1].columns] == [c.text for c in final.columns]
    assert updates[0].columns[0].new_tokens < updates[-1].columns[0].new_tokens


def test_a_comparison_without_an_adapter_for_its_lora_column_says_what_to_do(engine_with_adapter, sample_index):
    engine, _ = engine_with_adapter
    with pytest.raises(StudioError, match="column lora needs an adapter"):
        compare(engine, QUESTION, "base,lora", index=sample_index, generation=GEN)
    with pytest.raises(StudioError, match="the question is empty"):
        compare(engine, "  ", "base", generation=GEN)
