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
        "How much is the Pro plan?", ["base", "rag", "lora", "lora+rag"], 2, 8, api_name="/compare"
    )
    assert status == "Done."
    columns = {c["mode"]: c for c in result["columns"]}
    assert list(columns) == ["base", "rag", "lora", "lora+rag"]
    assert [(c["adapter"], len(c["retrieved"])) for c in columns.values()] == [
        (None, 0), (None, 2), ("tiny-adapter", 0), ("tiny-adapter", 2)
    ]
    assert columns["rag"]["retrieved"][0]["source"] == "pricing.md"
    # Each pane shows its own badge and, for RAG, its passages.
    assert len(panes) == 4
    assert "`no adapter` `retrieval off`" in panes[0]
    assert "`adapter tiny-adapter` `retrieval on, 2 passage(s)`" in panes[3]
    assert "pricing.md#" in panes[1] and "<details>" in panes[1]
    # The app serves from the workspace's one engine.
    assert workspace.loaded and list(workspace.engine().adapters) == ["tiny-adapter"]


def test_unselected_columns_say_so(client):
    _, base, rag, lora, lora_rag, result = client.predict("Hi", ["lora"], 3, 8, api_name="/compare")
    assert [c["mode"] for c in result["columns"]] == ["lora"]
    assert "_not selected_" in base and "_not selected_" in rag and "_not selected_" in lora_rag


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
    }
