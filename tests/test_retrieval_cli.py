"""`studio index`, `search`, `eval-retrieval` and `compare --index` as a user runs them."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import REPO, SAMPLE_DOCS
from studio.knowledge.retrieval import Hit, bm25_tokens, reciprocal_rank_fusion
from studio.knowledge.retrieval_quality import RetrievalQuestion, contains_answer, load_questions, score_rankings
from studio.lesson.prompts import cited_passages
from test_cli import assert_one_clear_line, run_cli

QUESTIONS = REPO / "data" / "sample" / "questions.jsonl"


@pytest.fixture
def docs(tmp_path):
    folder = tmp_path / "docs"
    shutil.copytree(SAMPLE_DOCS, folder)
    return folder


@pytest.fixture
def saved_index(capsys, docs, tmp_path, embedder_dir):
    out = tmp_path / "index"
    code, _, err = run_cli(capsys, "index", str(docs), "--out", str(out), "--embedder", embedder_dir)
    assert code == 0, err
    return out


def test_index_then_reindex_reports_what_changed(capsys, docs, saved_index):
    (docs / "support.md").write_text((docs / "support.md").read_text().replace("10:00 to 14:00", "09:30 to 13:00"))
    code, out, err = run_cli(capsys, "index", str(docs), "--out", str(saved_index))
    assert code == 0, err
    assert "1 changed, 0 added, 0 removed, 3 unchanged" in out
    code, out, _ = run_cli(capsys, "search", "When is chat open on Saturday?", "--index", str(saved_index), "--k", "1", "--json")
    (hit,) = json.loads(out)
    assert set(hit) == {"source", "text", "score", "chunk_id"}
    assert hit["source"] == "support.md" and "09:30 to 13:00" in hit["text"] and "10:00" not in hit["text"]


def test_index_json_lists_documents_by_what_happened(capsys, docs, saved_index):
    (docs / "refunds.md").unlink()
    code, out, _ = run_cli(capsys, "index", str(docs), "--out", str(saved_index), "--json")
    report = json.loads(out)
    assert code == 0 and report["removed"] == ["refunds.md"] and report["embedded_chunks"] == 0
    assert report["index"] == "exact"


def test_search_readable_view_ranks_best_first(capsys, saved_index):
    code, out, _ = run_cli(capsys, "search", "Pro plan price", "--index", str(saved_index), "--k", "2")
    lines = [line for line in out.splitlines() if line.startswith("[")]
    assert code == 0 and len(lines) == 2
    assert lines[0].startswith("[1] ") and "pricing.md#" in lines[0]


def test_eval_retrieval_prints_recall_and_mrr_for_dense_and_hybrid(capsys, saved_index):
    code, out, err = run_cli(capsys, "eval-retrieval", "--index", str(saved_index), "--questions", str(QUESTIONS), "--k", "3", "--json")
    assert code == 0, err
    scores = json.loads(out)
    for ranking in ("dense", "hybrid"):
        s = scores[ranking]
        assert s["questions"] == 10 and s["k"] == 3
        assert 0 <= s["recall@1"] <= s["recall@3"] <= 1 and s["recall@1"] <= s["mrr"] <= 1
    assert scores["dense"]["recall@3"] >= 0.9  # the sample's questions are answerable from its documents


def test_compare_uses_the_saved_index(capsys, tiny_model, saved_index):
    code, out, err = run_cli(
        capsys, "compare", "How much is the Pro plan?", "--model", str(tiny_model), "--index", str(saved_index),
        "--modes", "rag", "--k", "2", "--max-new-tokens", "3", "--json",
    )
    assert code == 0, err
    (column,) = json.loads(out)["columns"]
    assert [h["source"] for h in column["retrieved"]][0] == "pricing.md" and len(column["retrieved"]) == 2


@pytest.mark.parametrize(
    "args, fragments",
    [
        (["search", "q", "--index", "/no/such/index"], ["index folder /no/such/index does not exist", "studio index"]),
        (["search", "  ", "--index", "/no/such/index"], ["the search query is empty"]),
        (["index", "/no/such/docs", "--out", "/tmp/unused-index"], ["/no/such/docs does not exist"]),
        (["eval-retrieval", "--index", "/x", "--questions", "/no/questions.jsonl"], ["questions file /no/questions.jsonl does not exist"]),
        (["compare", "q", "--docs", "/a", "--index", "/b"], ["not allowed with argument"]),
    ],
)
def test_bad_retrieval_input_is_one_clear_line(capsys, args, fragments):
    code, _, err = run_cli(capsys, *args)
    assert_one_clear_line(code, err, *fragments)  # argparse's own refusals too: one line, no usage dump


def test_index_with_another_embedder_is_refused_and_left_untouched(capsys, docs, saved_index, embedder_dir):
    live = (saved_index / "CURRENT").read_text()
    code, _, err = run_cli(capsys, "index", str(docs), "--out", str(saved_index), "--embedder", "./other-embedder")
    assert_one_clear_line(code, err, "was built with embedder", "not './other-embedder'")
    assert (saved_index / "CURRENT").read_text() == live


def test_bad_document_stops_indexing_before_the_index_is_touched(capsys, docs, saved_index):
    live = (saved_index / "CURRENT").read_text()
    (docs / "broken.txt").write_bytes(b"\xff\xfe\xfa")
    code, _, err = run_cli(capsys, "index", str(docs), "--out", str(saved_index))
    assert_one_clear_line(code, err, "broken.txt is not UTF-8 text")
    assert (saved_index / "CURRENT").read_text() == live


def test_damaged_index_suggests_rebuild_and_rebuild_repairs_it(capsys, docs, saved_index):
    version = saved_index / (saved_index / "CURRENT").read_text().strip()
    (version / "faiss.index").write_bytes(b"not an index")
    code, _, err = run_cli(capsys, "search", "Pro plan", "--index", str(saved_index))
    assert_one_clear_line(code, err, "is damaged", "--rebuild")
    code, out, err = run_cli(capsys, "index", str(docs), "--out", str(saved_index), "--rebuild")
    assert code == 0, err
    assert "4 added" in out
    code, out, _ = run_cli(capsys, "search", "Pro plan", "--index", str(saved_index), "--k", "1")
    assert code == 0 and "pricing.md#" in out


# -- pure pieces ---------------------------------------------------------------------------------


def test_bm25_tokens_keep_numbers_and_codes_whole():
    assert bm25_tokens("Error LF-203 costs 11.50 EUR, 1,000 times") == ["error", "lf", "203", "costs", "11.50", "eur", "1,000", "times"]


def test_reciprocal_rank_fusion_rewards_agreement():
    assert reciprocal_rank_fusion([[1, 2, 3], [3, 1, 4]]) == [1, 3, 2, 4]


def test_retrieval_scores_from_rankings():
    questions = [RetrievalQuestion("a?", "alpha"), RetrievalQuestion("b?", "beta"), RetrievalQuestion("c?", "gamma")]
    hit = lambda text: Hit("s", text, 0.5, "s#0")  # noqa: E731
    rankings = [[hit("ALPHA here")], [hit("no"), hit("the beta")], [hit("no"), hit("no")]]
    scores = score_rankings(questions, rankings, k=2)
    assert (scores.recall_at_1, scores.recall_at_k) == (1 / 3, 2 / 3)
    assert scores.mrr == pytest.approx((1 + 0.5) / 3)
    assert scores.to_dict()["misses"] == ["c?"]


def test_answers_match_across_line_breaks_and_case():
    assert contains_answer("first answer within\none working day", "First answer within one working day")


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "line 2 of q.jsonl is not JSON"),
        ('{"q": "x"}', 'line 2 of q.jsonl needs string fields "q" and "answer"'),
        ('["q", "answer"]', "line 2 of q.jsonl is not a JSON object"),
        ("[" * 100_000 + "]" * 100_000, "line 2 of q.jsonl is nested too deeply to read"),  # was a traceback
    ],
)
def test_bad_question_lines_are_named(tmp_path, line, message):
    from studio.errors import StudioError

    (tmp_path / "q.jsonl").write_text('{"q": "ok?", "answer": "ok"}\n' + line + "\n")
    with pytest.raises(StudioError, match=message):
        load_questions(tmp_path / "q.jsonl")


def test_cited_passages_are_read_from_the_answer():
    assert cited_passages("Pro costs 11.50 [2]. See also [1, 3] and [2][9].", 3) == [2, 1, 3]
    assert cited_passages("No citations here.", 3) == []


def test_an_update_keeps_the_index_own_settings(capsys, docs, tmp_path, embedder_dir):
    out = tmp_path / "index"
    code, _, _ = run_cli(capsys, "index", str(docs), "--out", str(out), "--embedder", embedder_dir, "--chunk-size", "300", "--overlap", "30")
    assert code == 0
    (docs / "extra.md").write_text("# Extra\n\nOne more fact.\n")
    code, out_text, _ = run_cli(capsys, "index", str(docs), "--out", str(out), "--json")
    report = json.loads(out_text)
    assert code == 0 and report["added"] == ["extra.md"] and report["changed"] == [] and report["notes"] == []
