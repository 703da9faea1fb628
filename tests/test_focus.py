"""Focused passages: the sentences (and table rows) that answer, instead of whole chunks."""

from __future__ import annotations

from conftest import load_engine
from studio.lesson.compare import compare
from studio.config import GenerationConfig
from studio.knowledge.focus import choose_units, passage_units, table_row_text

TABLE = """Lumenfold sells three Vaults.

| | Vault Mini | Vault Duo |
|---|---|---|
| Price | 249.00 euros | 449.00 euros |
| Drive bays | none | 2 |

- Every Vault comes with a cable. Shipping is free in Belgium!
"""


def test_a_table_row_reads_on_its_own_with_its_column_headers():
    assert table_row_text(["", "Vault Mini", "Vault Duo"], ["Price", "249.00 euros", "449.00 euros"]) == (
        "Price — Vault Mini: 249.00 euros; Vault Duo: 449.00 euros"
    )
    assert table_row_text(["Plan", "Price"], ["Pro", "11.50 euros"]) == "Plan Pro — Price: 11.50 euros"


def test_a_passage_is_cut_into_sentences_list_items_and_rows():
    assert passage_units(TABLE) == [
        "Lumenfold sells three Vaults.",
        "Price — Vault Mini: 249.00 euros; Vault Duo: 449.00 euros",
        "Drive bays — Vault Mini: none; Vault Duo: 2",
        "Every Vault comes with a cable.",
        "Shipping is free in Belgium!",
    ]
    assert passage_units("Costs 11.50 euros per month. See v2.1 of the terms.") == ["Costs 11.50 euros per month.", "See v2.1 of the terms."]


def test_the_best_units_are_kept_with_their_neighbours_in_document_order():
    # Two passages of 4 and 3 units; the best two units are the second passage's last and the first's first.
    scores = [0.9, 0.1, 0.0, 0.2, 0.3, 0.2, 0.95]
    assert choose_units(scores, [4, 3], keep=2, window=1) == [[0, 1], [1, 2]]
    assert choose_units(scores, [4, 3], keep=2, window=0) == [[0], [2]]
    assert choose_units(scores, [4, 0, 3], keep=1, window=0) == [[], [], [2]]


def test_a_focused_rag_column_hands_over_the_answering_sentences_not_whole_passages(tiny_model, sample_index):
    engine = load_engine(tiny_model)
    question = "How much does the Pro plan cost per month?"
    gen = GenerationConfig(max_new_tokens=2)
    whole = compare(engine, question, "rag", index=sample_index, top_k=3, generation=gen).column("rag")
    focused = compare(engine, question, "rag", index=sample_index, top_k=3, focus=2, generation=gen).column("rag")
    kept = " ".join(h.text for h in focused.retrieved)
    assert "The Pro plan costs 11.50 euros per user per month" in kept
    assert len(kept) < len(" ".join(h.text for h in whole.retrieved))
    assert sum(len(passage_units(h.text)) for h in focused.retrieved) <= 2 * 3  # two units, each with its two neighbours
    assert focused.prompt_tokens < whole.prompt_tokens
    assert {h.chunk_id for h in focused.retrieved} <= {h.chunk_id for h in whole.retrieved}
    assert "Facts from the documents:" in focused.prompt and "Copy numbers" in focused.prompt
    assert focused.prompt.index("Facts from the documents:") < focused.prompt.index(f"Question: {question}")


def test_search_with_focus_shows_what_a_focused_rag_column_sees(capsys, embedder_dir, tmp_path):
    import json

    from conftest import SAMPLE_DOCS
    from test_cli import run_cli

    code, _, err = run_cli(capsys, "index", str(SAMPLE_DOCS), "--out", str(tmp_path / "index"), "--embedder", embedder_dir)
    assert code == 0, err
    query = "How much does the Pro plan cost per month?"
    code, out, err = run_cli(capsys, "search", query, "--index", str(tmp_path / "index"), "--k", "3", "--focus", "0", "--json")
    whole = json.loads(out)
    assert len(whole) == 3
    code, out, err = run_cli(capsys, "search", query, "--index", str(tmp_path / "index"), "--k", "3", "--focus", "1", "--json")
    assert code == 0, err
    focused = json.loads(out)
    assert len(focused) == 1 and focused[0]["chunk_id"] in {h["chunk_id"] for h in whole}
    assert "11.50 euros per user per month" in focused[0]["text"] and len(focused[0]["text"]) < len(whole[0]["text"])


def test_search_on_a_cpu_shows_what_the_cpus_rag_column_sees_four_sentences_of_five_passages(capsys, embedder_dir, tmp_path):
    import json

    from conftest import SAMPLE_DOCS
    from test_cli import run_cli

    run_cli(capsys, "index", str(SAMPLE_DOCS), "--out", str(tmp_path / "index"), "--embedder", embedder_dir)
    query = "How much does the Pro plan cost per month?"
    code, out, err = run_cli(capsys, "search", query, "--index", str(tmp_path / "index"), "--json")
    assert code == 0, err
    default = json.loads(out)
    code, out, _ = run_cli(capsys, "search", query, "--index", str(tmp_path / "index"), "--k", "5", "--focus", "4", "--json")
    assert default == json.loads(out)
