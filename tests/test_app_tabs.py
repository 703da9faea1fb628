"""The app's other tabs, driven through their named endpoints as scripts would (gradio_client)."""

from __future__ import annotations

import json
import zipfile

import pytest

from studio.prepare.tiny import triage_examples


@pytest.fixture(scope="module")
def client(served_app):
    from gradio_client import Client

    return Client(served_app[0].local_url, verbose=False)


def test_search_returns_the_passages_rag_would_get(client):
    text, hits = client.predict("How much is the Pro plan?", 2, api_name="/search")
    assert len(hits) == 2 and hits[0]["source"] == "pricing.md"
    assert "pricing.md#" in text and "score" in text


def test_an_uploaded_document_is_indexed_and_found(client, tmp_path):
    from gradio_client import handle_file

    note = tmp_path / "parking.md"
    note.write_text("# Parking\n\nVisitors park in the Zephyr lot behind building C, free for three hours.\n")
    status, table, _ = client.predict([handle_file(str(note))], api_name="/add_documents")
    assert "1 added" in status and "0 changed" in status
    rows = {row[0]: row[1] for row in table["data"]}
    assert rows["parking.md"] >= 1 and "pricing.md" in rows
    _, hits = client.predict("Where do visitors park?", 1, api_name="/search")
    assert hits[0]["source"] == "parking.md"


def test_a_bad_upload_is_a_plain_error(client, tmp_path):
    from gradio_client import handle_file
    from gradio_client.exceptions import AppError

    bad = tmp_path / "notes.txt"
    bad.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(AppError, match="notes.txt is not UTF-8"):
        client.predict([handle_file(str(bad))], api_name="/add_documents")


def test_checking_examples_shows_validation_preview_and_estimate(client, tmp_path):
    from gradio_client import handle_file
    from gradio_client.exceptions import AppError

    view = client.predict(None, "triage-json", 16, 32, 2e-4, 1, 0, 8, 1024, api_name="/check_examples")
    assert "420 examples" in view and "messages format" in view
    assert "Estimate before starting" in view and "min on this cpu" in view
    assert "&lt;|im_start|&gt;assistant" in view  # the preview went through the chat template (shown escaped)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"prompt": "a", "completion": "b"}\n{"prompt": "c"}\n')
    with pytest.raises(AppError, match="line 2 of bad.jsonl: field 'completion' is missing"):
        client.predict(handle_file(str(bad)), None, 16, 32, 2e-4, 1, 0, 8, 1024, api_name="/check_examples")


def test_a_few_step_training_run_returns_a_card_and_the_zip(client, served_app, tmp_path):
    from gradio_client import handle_file

    examples = tmp_path / "train.jsonl"
    examples.write_text("".join(json.dumps(r) + "\n" for r in triage_examples(40, seed=4)))
    status, plot, card_md, card, archive = client.predict(
        handle_file(str(examples)), None, "app-adapter", False, 4, 8, 5e-3, 1, 3, 4, 256, api_name="/train"
    )
    assert status.startswith("Done: adapter app-adapter trained")
    assert card["steps"] == 3 and card["dataset"]["examples"] == 40 and card["size_ratio"] > 1
    assert "times smaller" in card_md and "of the model" in card_md
    assert str(served_app[1].config.paths.adapters / "app-adapter") in card_md  # in the studio folder, nowhere else
    assert len(plot["data"]) == 3
    assert {"adapter_model.safetensors", "adapter_config.json", "card.json"} <= set(zipfile.ZipFile(archive).namelist())
    # The LoRA columns now use the new adapter, from the same engine.
    _, *_, result = client.predict("Triage: my parcel is late", ["base", "lora"], 0, 8, api_name="/compare")
    assert [c["adapter"] for c in result["columns"]] == [None, "app-adapter"]


def test_evaluate_endpoint_returns_the_scoreboard(client):
    table, chart, verdict, report = client.predict("lumenfold-handbook", ["base", "rag"], "scoreboard", 3, 8, api_name="/evaluate")
    assert [row[0] for row in table["data"]] == ["base", "rag"]
    assert report["scenario"] == "lumenfold-handbook" and len(report["scoreboard"]) == 2
    # Random weights state no fact in 8 tokens: the table says 0% and the verdict says so in words.
    assert [row["knowledge"] for row in report["scoreboard"]] == [0.0, 0.0]
    assert verdict.startswith("No column answered any of the knowledge questions (facts from the documents) right.")


def test_picking_an_adapter_serves_that_learners_lora_columns_only(client, served_app, tiny_adapter):
    import shutil

    from gradio_client import Client

    registry = served_app[1].config.paths.adapters
    shutil.copytree(tiny_adapter, registry / "picked-adapter", dirs_exist_ok=True)  # one of the class's adapters
    other = Client(served_app[0].local_url, verbose=False)  # a second learner
    said = client.predict("picked-adapter", api_name="/use_adapter")  # the adapter picker on this learner's page
    assert said == "Your LoRA columns now use adapter picked-adapter (only yours: other learners keep theirs)."
    _, *_, mine = client.predict("Hello", ["lora"], 0, 8, api_name="/compare")
    _, *_, theirs = other.predict("Hello", ["lora"], 0, 8, api_name="/compare")
    assert mine["columns"][0]["adapter"] == "picked-adapter" and theirs["columns"][0]["adapter"] == "tiny-adapter"
    # Back to the class's default (the adapter the app started with).
    assert client.predict("tiny-adapter", api_name="/use_adapter") == "Your LoRA columns now use adapter tiny-adapter."
    _, *_, mine = client.predict("Hello", ["lora"], 0, 8, api_name="/compare")
    assert mine["columns"][0]["adapter"] == "tiny-adapter"
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="adapter name '../outside' is not allowed"):
        client.predict("../outside", api_name="/use_adapter")  # a name, never a path


def test_a_question_asked_while_the_model_trains_says_it_waits(client, served_app):
    import threading
    import time

    from gradio_client.utils import Status

    workspace = served_app[1]
    held, release = threading.Event(), threading.Event()

    def hold_the_model():  # what a training run does: hold the model through the scheduler, by name
        with workspace.scheduler().hold("training adapter demo"):
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold_the_model)
    holder.start()
    assert held.wait(10)
    job = client.submit("Hello", ["base"], 0, 8, api_name="/compare")
    deadline = time.time() + 20
    while not job.outputs() and job.status().code != Status.FINISHED and time.time() < deadline:
        time.sleep(0.02)  # until the handler has said what it waits for
    release.set()
    holder.join()
    statuses = [update[0] for update in job.outputs()] + [job.result()[0]]
    assert statuses[0].startswith("Waiting: training adapter demo holds the model")
    assert statuses[-1] == "Done."
