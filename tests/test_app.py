"""The app driven as scripts drive it: gradio_client against the app on localhost."""

from __future__ import annotations

import pytest



@pytest.fixture(scope="module")
def client(served_app):
    from gradio_client import Client

    return Client(served_app[0].local_url, verbose=False)


def test_compare_endpoint_returns_every_requested_column_with_provenance(client, served_app):
    workspace = served_app[1]
    status, *panes, result = client.predict(
        "How much is the Pro plan?", ["base", "rag", "lora", "lora+rag", "stuffed"], 2, 8, api_name="/compare"
    )
    assert status == "Done."
    columns = {c["column"]: c for c in result["columns"]}
    assert list(columns) == ["base", "rag", "lora", "lora+rag", "stuffed"]
    assert [(c["mode"], c["adapter"], len(c["retrieved"])) for c in columns.values()] == [
        ("base", None, 0), ("rag", None, 2), ("lora", "tiny-adapter", 0), ("lora+rag", "tiny-adapter", 2), ("stuffed", None, 0)
    ]
    assert columns["rag"]["retrieved"][0]["source"] == "pricing.md"
    assert "pricing.md" in columns["stuffed"]["pasted"] and columns["stuffed"]["left_out"] == []
    # Six panes, one per column in the order asked, each with its own badges; the sixth unused.
    assert len(panes) == 6
    assert panes[0].startswith("### base") and "`no adapter` `question only`" in panes[0]
    assert "`adapter tiny-adapter` `2 passage(s)`" in panes[3]
    assert "pricing.md#" in panes[1] and "<details>" in panes[1]
    assert "`4 document(s) pasted`" in panes[4] and "**Pasted:**" in panes[4]
    assert panes[5] == ""
    # The app serves from the workspace's one engine.
    assert workspace.loaded and list(workspace.engine().adapters) == ["tiny-adapter"]


def test_columns_come_back_in_the_order_asked_and_the_rest_are_empty(client):
    _, first, second, *rest, result = client.predict("Hi", ["lora", "base"], 3, 8, api_name="/compare")
    assert [c["column"] for c in result["columns"]] == ["lora", "base"]
    assert first.startswith("### lora") and second.startswith("### base") and rest == [""] * 4


def test_a_learner_composes_named_adapter_and_recipe_columns(client):
    status, named, fewshot, *_, result = client.predict(
        "My parcel is late", ["lora:tiny-adapter", "fewshot"], 2, 8, api_name="/compare"
    )
    assert [c["column"] for c in result["columns"]] == ["lora:tiny-adapter"]
    assert result["columns"][0]["adapter"] == "tiny-adapter" and named.startswith("### lora:tiny-adapter")
    # No examples yet (none checked in the Train tab, no scenario picked): fewshot says what to do.
    assert "fewshot not run: needs examples to put in the prompt" in status and "_not run: needs examples" in fewshot
    # With a scenario as the source, fewshot shows its first training examples.
    _, pane, *_, result = client.predict("My parcel is late", ["fewshot"], 2, 8, "triage-json", api_name="/compare")
    column = result["columns"][0]
    assert column["shots"] == 3 and "`3 example(s) in the prompt`" in pane
    assert column["system"].startswith("You are the triage assistant")  # the scenario's system prompt


def test_evaluate_scores_the_columns_asked_for(client):
    table, _, verdict, report = client.predict("triage-json", ["base", "fewshot", "stuffed"], "scoreboard", 2, 8, api_name="/evaluate")
    assert [row["column"] for row in report["scoreboard"]] == ["base", "fewshot", "stuffed"]
    assert [r[0] for r in table["data"]] == ["base", "fewshot", "stuffed"]
    rows = {row["column"]: row for row in report["scoreboard"]}
    # Worked examples cost prompt tokens; the pack's two documents (14 KB) do not fit the tiny model's context at all.
    assert rows["fewshot"]["mean_prompt_tokens"] > 2 * rows["base"]["mean_prompt_tokens"]
    assert rows["stuffed"]["left_out"] == 2 and "did not fit the model's context" in verdict


def test_empty_question_is_shown_as_a_plain_error(client):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="the question is empty"):
        client.predict("  ", ["base"], 3, 8, api_name="/compare")


def test_named_endpoints_keep_their_parameter_names(client):
    """Scripts and acceptance checks call these by name: renaming a parameter breaks them."""
    info = client.view_api(return_format="dict", print_info=False)["named_endpoints"]
    names = {endpoint: [p["parameter_name"] for p in spec["parameters"]] for endpoint, spec in info.items()}
    assert names == {
        "/compare": ["question", "modes", "top_k", "max_new_tokens", "source"],
        "/add_documents": ["files"],
        "/search": ["query", "k"],
        "/check_examples": ["upload", "scenario_id", "rank", "alpha", "lr", "epochs", "steps", "batch", "max_length"],
        "/train": ["upload", "scenario_id", "name", "replace_existing", "rank", "alpha", "lr", "epochs", "steps", "batch", "max_length"],
        "/evaluate": ["scenario_id", "modes", "experiment", "limit", "max_new_tokens"],
        "/cancel_training": [],  # cancels the caller's own run: the session says whose
        "/use_adapter": ["name"],  # the adapter picker: the caller's own LoRA columns
        "/vote": ["name", "prediction"],
        "/round": [],
        "/set_question": ["question", "token", "scenario", "columns"],
        "/next_question": ["token"],
        "/reveal": ["token"],
        "/tally": ["token"],
        "/report": [],
        "/class_report": ["token"],
    }


def test_a_scenario_question_shows_its_expected_answer_and_marks_each_column(client):
    from studio.lesson.evaluate import judge
    from studio.lesson.scenarios import load_scenario

    scenario = load_scenario("lumenfold-handbook")
    item = scenario.items[0]
    status, base, rag, *_, result = client.predict(item.question, ["base", "rag"], 2, 8, "lumenfold-handbook", api_name="/compare")
    assert result["expected"] == item.reference and f"Expected answer:** {item.reference}" in status
    for column, pane in zip(result["columns"], (base, rag)):
        right = judge(item, column["text"], scenario.folder)[0]
        assert column["right"] is right and pane.startswith(f"### {column['column']} {'✅' if right else '❌'}")
        assert "its own cost: reading" in pane  # what this column's prompt cost, apart from the batch
    # The paraphrase is the same item; a question of one's own has no expected answer and no marks.
    *_, reworded = client.predict(item.paraphrase, ["base"], 2, 8, "lumenfold-handbook", api_name="/compare")
    assert reworded["expected"] == item.reference
    status, pane, *_, free = client.predict("Is the Vault pretty?", ["base"], 2, 8, "lumenfold-handbook", api_name="/compare")
    assert "expected" not in free and "right" not in free["columns"][0] and "Expected answer" not in status
    assert "✅" not in pane and "❌" not in pane


def test_every_handler_is_guarded_where_it_is_defined(served_app):
    """A handler that forgot `@guarded` would show a traceback's words to a learner: none does."""
    app = served_app[0]
    handlers = [block_fn.fn for block_fn in app.fns.values() if block_fn.fn is not None]
    unguarded = sorted({fn.__name__ for fn in handlers if not hasattr(fn, "__wrapped__")})  # guarded wraps with functools
    assert len(handlers) > 25 and unguarded == ["forget_learner"]  # an unload hook: nobody to show an error to
