"""A class on one app: each gradio_client `Client` is one learner, with their own documents,
adapter and training; the model, the class's documents and the registry are shared."""

from __future__ import annotations

import json
import time

import pytest

from studio.prepare.tiny import triage_examples

FAST_API = (4, 8, 5e-3, 1, 3, 8, 256)  # rank, alpha, lr, epochs, steps, batch (x 2 accumulated: 16 a step), max_length


@pytest.fixture(scope="module")
def learners(served_app):
    from gradio_client import Client

    url = served_app[0].local_url
    return Client(url, verbose=False), Client(url, verbose=False)


def write_examples(path, count=40):
    path.write_text("".join(json.dumps(r) + "\n" for r in triage_examples(count, seed=4)), encoding="utf-8")
    return path


def wait_for_output(job, prefix: str, seconds: float = 60) -> bool:
    """Whether the streaming job showed a status line starting with `prefix` within `seconds`."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if any(str(out[0]).startswith(prefix) for out in job.outputs()):
            return True
        time.sleep(0.05)
    return False


def latest_step(job) -> int:
    """The step a streaming training job last reported (0 before its first)."""
    import re

    steps = [int(m.group(1)) for out in job.outputs() if (m := re.match(r"Step (\d+)", str(out[0])))]
    return max(steps, default=0)


def wait_for_step(job, step: int, seconds: float = 60) -> bool:
    """Whether the job reported `step` (or a later one) within `seconds`."""
    deadline = time.time() + seconds
    while time.time() < deadline and not job.done():
        if latest_step(job) >= step:
            return True
        time.sleep(0.05)
    return latest_step(job) >= step


def start_training(client, tmp_path, name: str, steps: int):
    """Submit a training of `steps` steps for `client` and return its job once it is stepping."""
    from gradio_client import handle_file

    upload = write_examples(tmp_path / f"{name}.jsonl")
    job = client.submit(handle_file(str(upload)), None, name, False, 4, 8, 5e-3, 1, steps, 8, 256, api_name="/train")
    assert wait_for_output(job, "Step"), f"the training of {name} never started"
    return job


def test_a_learners_upload_is_theirs_alone(learners, served_app, tmp_path):
    from gradio_client import handle_file

    a, b = learners
    workspace = served_app[1]
    secret = tmp_path / "a-private-notes.md"
    secret.write_text("# Private\n\nThe vault code of learner A is QX-4471-ZETA.\n")
    status, table, _ = a.predict([handle_file(str(secret))], api_name="/add_documents")
    assert "1 added" in status and ["a-private-notes.md", 1] in table["data"]

    _, hits = a.predict("What is the vault code?", 3, api_name="/search")
    assert hits[0]["source"] == "a-private-notes.md"
    _, hits = b.predict("What is the vault code?", 3, api_name="/search")
    assert "a-private-notes.md" not in {h["source"] for h in hits}
    _, *_, result = b.predict("What is the vault code?", ["rag"], 3, 8, api_name="/compare")
    assert "a-private-notes.md" not in {h["source"] for h in result["columns"][0]["retrieved"]}
    _, *_, result = a.predict("What is the vault code?", ["rag"], 3, 8, api_name="/compare")
    assert result["columns"][0]["retrieved"][0]["source"] == "a-private-notes.md"

    # B cannot remove it: B's documents do not hold it. The class's documents are unchanged.
    from studio.errors import StudioError

    with pytest.raises(StudioError, match="no indexed document is named 'a-private-notes.md'"):
        workspace.remove_document("a-private-notes.md", workspace.learners.get(b.session_hash))
    assert "a-private-notes.md" not in dict(workspace.document_chunks(workspace.solo))  # the CLI's, and a new learner's, view
    assert sorted(dict(workspace.document_chunks(workspace.learners.get(b.session_hash)))) == sorted(
        dict(workspace.document_chunks(workspace.solo))
    )


def test_cancel_training_reaches_only_the_callers_own_run(learners, served_app, tmp_path):
    from gradio_client.exceptions import AppError
    from gradio_client.utils import Status

    a, b = learners
    registry = served_app[1].config.paths.adapters
    job = start_training(a, tmp_path, "a-cancelled", 5000)  # far longer than the test: it ends by A's cancel
    assert job.status().code in (Status.PROCESSING, Status.ITERATING, Status.PROGRESS), "A's training is not running"
    assert b.predict(api_name="/cancel_training") == "You have no training running."
    at_bs_cancel = latest_step(job)
    assert wait_for_step(job, at_bs_cancel + 3), "A's training stopped stepping after B's cancel"
    assert not job.done()

    # A's own cancel stops A's run, and nothing is saved.
    assert a.predict(api_name="/cancel_training").startswith("Cancelling your training of a-cancelled")
    with pytest.raises(AppError, match="training cancelled at step"):
        job.result()
    assert not (registry / "a-cancelled").exists()


def test_a_learner_cannot_replace_another_learners_adapter(learners, served_app, tmp_path):
    from gradio_client import handle_file
    from gradio_client.exceptions import AppError

    a, b = learners
    registry = served_app[1].config.paths.adapters
    status, *_ = a.predict(handle_file(str(write_examples(tmp_path / "a.jsonl"))), None, "shared-name", False, *FAST_API, api_name="/train")
    assert status.startswith("Done: adapter shared-name")
    card = (registry / "shared-name" / "card.json").read_text()
    with pytest.raises(AppError, match="trained by another learner"):
        b.predict(handle_file(str(write_examples(tmp_path / "b.jsonl", 45))), None, "shared-name", True, *FAST_API, api_name="/train")
    assert (registry / "shared-name" / "card.json").read_text() == card
    report, _ = b.predict(api_name="/report")  # the refusal trained nothing, so B's lab report lists no adapter
    assert "shared-name" not in open(report, encoding="utf-8").read()
    # Its owner may replace it.
    a.predict(handle_file(str(write_examples(tmp_path / "a2.jsonl", 50))), None, "shared-name", True, *FAST_API, api_name="/train")
    assert json.loads((registry / "shared-name" / "card.json").read_text())["dataset"]["examples"] == 50
    # A's trainings switched A's LoRA columns only.
    _, *_, result = b.predict("Hello", ["lora"], 0, 8, api_name="/compare")
    assert result["columns"][0]["adapter"] == "tiny-adapter"
    _, *_, result = a.predict("Hello", ["lora"], 0, 8, api_name="/compare")
    assert result["columns"][0]["adapter"] == "shared-name"


def test_many_learners_questions_are_decoded_in_one_batch(served_app):
    from gradio_client import Client
    from gradio_client.utils import Status

    app, workspace = served_app
    scheduler = workspace.scheduler()
    clients = [Client(app.local_url, verbose=False) for _ in range(5)]
    questions = [f"Question {i}: how much is the Pro plan?" for i in range(5)]
    alone = [c.predict(q, ["base", "rag"], 2, 8, api_name="/compare")[-1] for c, q in zip(clients, questions)]
    before = len(scheduler.batch_sizes)
    with workspace.engine().lock:  # the model is busy: every question waits, then all go together
        jobs = [c.submit(q, ["base", "rag"], 2, 8, api_name="/compare") for c, q in zip(clients, questions)]
        deadline = time.time() + 30
        while scheduler.waiting() < 5 and time.time() < deadline:
            time.sleep(0.02)
    results = [job.result() for job in jobs]
    assert all(r[0] == "Done." for r in results)
    assert list(scheduler.batch_sizes)[before:] == [10]  # 5 learners x 2 columns, one batch
    for together, own in zip(results, alone):
        assert [c["text"] for c in together[-1]["columns"]] == [c["text"] for c in own["columns"]]
    assert all(job.status().code == Status.FINISHED for job in jobs)


def test_a_question_during_another_learners_training_is_answered_before_it_ends(learners, tmp_path):

    from gradio_client.exceptions import AppError

    a, b = learners
    job = start_training(a, tmp_path, "a-while-asked", 5000)  # far longer than the test: it ends by A's cancel
    status, *_ = b.predict("Are you there?", ["base"], 0, 8, api_name="/compare")
    assert status == "Done." and not job.done()  # answered between A's steps
    a.predict(api_name="/cancel_training")
    with pytest.raises(AppError, match="training cancelled at step"):
        job.result()


def test_a_column_that_cannot_run_says_why_and_the_others_still_answer(tiny_model, embedder_dir, tmp_path):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    from conftest import launch_app

    with launch_app(tmp_path / "home", tiny_model, embedder_dir) as (app, _):  # no adapter yet: nobody has trained one
        learner = Client(app.local_url, verbose=False)
        status, base, lora, *unused, result = learner.predict("How much is Pro?", ["base", "lora"], 2, 8, api_name="/compare")
        assert status == (
            "Done. (lora not run: needs an adapter: train one in the Train tab, pick one of the class's, or choose a lora:NAME column)"
        )
        assert [c["mode"] for c in result["columns"]] == ["base"] and "`no adapter`" in base
        assert "_not run: needs an adapter" in lora and unused == [""] * 4
        with pytest.raises(AppError, match="the lora column needs an adapter"):
            learner.predict("How much is Pro?", ["lora"], 2, 8, api_name="/compare")


def test_trainings_wait_in_line_and_a_queued_one_can_be_cancelled(learners, tmp_path):
    from gradio_client import handle_file
    from gradio_client.exceptions import AppError

    a, b = learners
    first = start_training(a, tmp_path, "line-first", 120)
    second = b.submit(handle_file(str(write_examples(tmp_path / "b.jsonl"))), None, "line-second", False,
                      *FAST_API, api_name="/train")
    assert wait_for_output(second, "Waiting: 1 training(s) ahead of yours", 30)
    assert b.predict(api_name="/cancel_training") == "Your training of line-second leaves the line; nothing will be trained."
    with pytest.raises(AppError, match="cancelled while it waited for its turn"):
        second.result()
    assert not first.done() and first.result()[0].startswith("Done: adapter line-first")


def test_a_learners_examples_feed_only_their_own_fewshot_column(served_app, tmp_path):
    from gradio_client import Client, handle_file

    # Two new learners: the module's pair may have trained already, which sets their examples.
    first, second = (Client(served_app[0].local_url, verbose=False) for _ in range(2))
    examples = write_examples(tmp_path / "mine.jsonl", count=5)
    first.predict(handle_file(str(examples)), None, 16, 32, 2e-4, 1, 0, 8, 1024, api_name="/check_examples")
    *_, result = first.predict("My parcel is late", ["fewshot"], 2, 8, api_name="/compare")
    shown = result["columns"][0]
    mine = json.loads(examples.read_text().splitlines()[0])
    assert shown["shots"] == 3 and mine["prompt"] in shown["prompt"] and mine["completion"] in shown["prompt"]
    # The other learner checked nothing: their fewshot column has no examples, and never the first one's.
    status, pane, *_ = second.predict("My parcel is late", ["base", "fewshot"], 2, 8, api_name="/compare")
    assert "fewshot not run: needs examples" in status and mine["prompt"] not in pane


def test_the_sessions_a_server_holds_are_bounded_and_a_running_training_keeps_its_own():
    from studio.errors import StudioError
    from studio.classroom.session import Learners, TrainingJob

    learners = Learners(max_sessions=3)
    trainer = learners.get("page-0")
    trainer.training = TrainingJob("a-run")  # a session with a training running is never forgotten
    for page in range(1, 6):
        learners.get(f"page-{page}")
    assert len(learners) == 3
    assert learners.get("page-0") is trainer  # kept, with its run
    assert learners.get("page-5").id == "s:page-5"  # the newest are kept; page-1 went first
    for page in (1, 2):
        learners.get(f"t-{page}").training = TrainingJob(f"run-{page}")
    with pytest.raises(StudioError, match="each training: try again when one ends"):
        learners.get("one-too-many")
