"""A public Space, tried as an outside client would: hostile names, sizes, replace flags and numbers.

The app is driven through `gradio_client` (each `Client` one learner), the CLI through `main`.
Every case must end in one clear line (a `gr.Error`, or `studio: error:` with exit code 2) and
leave the file system as it was: each test compares a listing with file hashes before and after.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SAMPLE_DOCS
from studio.prepare.tiny import triage_examples
from test_cli import assert_one_clear_line, run_cli

FAST_API = (4, 8, 5e-3, 1, 2, 8, 256)  # rank, alpha, lr, epochs, steps, batch (x 2 accumulated), max_length for /train
FAST_CLI = ("--steps", "2", "--batch-size", "4", "--grad-accum", "1")


def tree_state(root: Path) -> dict[str, str]:
    """Every path under `root` with its file's sha256 ('dir' or 'link' otherwise): what a change would show."""
    state = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            state[rel] = "link"
        elif path.is_dir():
            state[rel] = "dir"
        else:
            state[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state


def user_files(root: Path) -> Path:
    """A folder of someone's own files, where a hostile request must not reach."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "notes.txt").write_text("keep me\n")
    (root / "sub").mkdir(exist_ok=True)
    (root / "sub" / "data.csv").write_text("a,b\n1,2\n")
    return root


def write_examples(path: Path, count: int = 40) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in triage_examples(count, seed=4)), encoding="utf-8")
    return path


# -- the app ----------------------------------------------------------------------------------


class Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture(scope="module")
def public_app(tiny_model, embedder_dir, tmp_path_factory):
    """The app as `studio serve` runs it, with small limits so hostile sizes are cheap to send."""
    from conftest import launch_app

    root = tmp_path_factory.mktemp("public")
    records = Records()
    logging.getLogger("studio").addHandler(records)
    limits = {"max_new_tokens": 4, "max_upload_mb": 1.0, "max_files": 3, "max_documents": 12, "max_examples": 100, "max_question_chars": 500}
    try:
        with launch_app(root / "studio-home", tiny_model, embedder_dir, **limits) as (app, workspace):
            yield app, workspace, root, records
    finally:
        logging.getLogger("studio").removeHandler(records)
        app.close()


@pytest.fixture(scope="module")
def learner(public_app):
    from gradio_client import Client

    return Client(public_app[0].local_url, verbose=False)


def raw_error(app, api: str, data: str, *fragments: str) -> str:
    """POST a hand-written JSON body (NaN and Infinity included, which gradio_client will not send)
    to a named endpoint, as any HTTP client can; return the one-line error the stream ends with."""
    import httpx

    url = app.local_url
    reply = httpx.post(f"{url}gradio_api/call/{api}", content='{"data": %s}' % data, headers={"content-type": "application/json"})
    reply.raise_for_status()
    with httpx.stream("GET", f"{url}gradio_api/call/{api}/{reply.json()['event_id']}", timeout=60) as events:
        lines = list(events.iter_lines())
    assert "event: error" in lines, lines
    message = json.loads(lines[lines.index("event: error") + 1].removeprefix("data: "))["error"]
    assert message and "\n" not in message.strip() and "Traceback" not in message, message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    return message


def app_error(call, *fragments: str) -> str:
    """Run `call`, expect a gr.Error whose one line holds every fragment; return the message."""
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError) as caught:
        call()
    message = str(caught.value)
    assert "\n" not in message.strip() and "Traceback" not in message, message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    return message


@pytest.mark.parametrize(
    "name",
    ["../../../outside/x", "{outside}/abs", "~name", ".hidden", "a/b", "..", "x" * 65, "back\\slash"],
)
def test_train_takes_a_name_never_a_path(public_app, learner, tmp_path, name):
    from gradio_client import handle_file

    _, workspace, root, _ = public_app
    outside = user_files(root / "outside")
    registry = workspace.config.paths.adapters
    name = name.format(outside=outside)
    before, home_before = tree_state(root / "outside"), tree_state(root)
    upload = write_examples(tmp_path / "train.jsonl")
    for replace_existing in (False, True):
        app_error(
            lambda: learner.predict(handle_file(str(upload)), None, name, replace_existing, *FAST_API, api_name="/train"),
            "is not allowed",
        )
    assert tree_state(root / "outside") == before
    assert tree_state(root) == home_before  # no folder made anywhere, in the registry or beside it
    if name.startswith("~"):
        assert not (Path.home() / name[1:]).exists()  # never expanded to a home folder
    assert not registry.exists() or all(not p.name.startswith(".") for p in registry.iterdir())


def test_replace_touches_only_a_studio_adapter(public_app, learner, tmp_path):
    from gradio_client import handle_file

    _, workspace, root, _ = public_app
    registry = workspace.config.paths.adapters
    foreign = user_files(registry / "someones-folder")  # a folder in the registry that the studio did not train
    before = tree_state(registry)
    upload = write_examples(tmp_path / "train.jsonl")
    app_error(
        lambda: learner.predict(handle_file(str(upload)), None, "someones-folder", True, *FAST_API, api_name="/train"),
        "was not replaced", "not a studio adapter",
    )
    assert tree_state(registry) == before and (foreign / "notes.txt").read_text() == "keep me\n"

    # The positive control: a studio adapter is replaced when asked, and only then.
    upload = write_examples(tmp_path / "train.jsonl")
    status, *_ = learner.predict(handle_file(str(upload)), None, "mine", False, *FAST_API, api_name="/train")
    assert status.startswith("Done: adapter mine")
    card = (registry / "mine" / "card.json").read_text()
    upload = write_examples(tmp_path / "train.jsonl")
    app_error(lambda: learner.predict(handle_file(str(upload)), None, "mine", False, *FAST_API, api_name="/train"), "adapter 'mine' already exists: tick 'replace'")
    assert (registry / "mine" / "card.json").read_text() == card
    upload = write_examples(tmp_path / "train.jsonl", 50)
    learner.predict(handle_file(str(upload)), None, "mine", True, *FAST_API, api_name="/train")
    assert json.loads((registry / "mine" / "card.json").read_text())["dataset"]["examples"] == 50
    assert sorted(p.name for p in registry.iterdir()) == ["mine", "someones-folder"]  # no staging left behind


def test_an_upload_over_the_size_limit_is_refused_before_it_is_stored(public_app, learner, tmp_path):
    from gradio import utils
    from gradio_client import handle_file

    big = tmp_path / "huge-upload-test.md"
    big.write_bytes(b"word " * (300_000))  # 1.5 MB against the 1 MB limit
    with pytest.raises(Exception, match="(?i)size|too large|413"):
        learner.predict([handle_file(str(big))], api_name="/add_documents")
    stored = list(Path(utils.get_upload_folder()).rglob(big.name))
    assert stored == []


def test_uploads_are_named_by_their_own_name_and_kept_only_for_a_while(public_app, learner, tmp_path):
    from gradio import utils
    from gradio_client import handle_file

    from studio.ui.page import UPLOAD_KEEP_SECONDS

    upload_root = Path(utils.get_upload_folder())
    bad = tmp_path / "latin1-notes.txt"
    bad.write_bytes("caf\xe9".encode("latin-1"))
    message = app_error(lambda: learner.predict([handle_file(str(bad))], api_name="/add_documents"), "latin1-notes.txt is not UTF-8")
    assert str(upload_root) not in message and "/tmp" not in message
    lines = tmp_path / "bad-lines.jsonl"
    lines.write_text('{"prompt": "a", "completion": "b"}\n{"prompt": "c"}\n')
    message = app_error(
        lambda: learner.predict(handle_file(str(lines)), None, "never", False, *FAST_API, api_name="/train"),
        "line 2 of bad-lines.jsonl: field 'completion' is missing",
    )
    assert "/tmp" not in message
    # Two learners uploading the same file share Gradio's one stored copy, so uploads are
    # removed by age (and at shutdown), never under another learner's running request.
    assert public_app[0].delete_cache == (60, UPLOAD_KEEP_SECONDS) and UPLOAD_KEEP_SECONDS <= 3600
    same = tmp_path / "shared-handout.md"
    same.write_text("# Handout\n\nThe courier code for the test is ZX-81.\n")
    first, second = (learner.submit([handle_file(str(same))], api_name="/add_documents") for _ in range(2))
    statuses = [first.result()[0], second.result()[0]]
    assert all(status.startswith("Index updated") for status in statuses), statuses  # neither lost its file
    assert sum(", 1 added," in status for status in statuses) == 1, statuses  # the same document, added once


def test_documents_per_request_and_file_types_are_limited(public_app, learner, tmp_path):
    from gradio_client import handle_file

    files = []
    for i in range(4):  # the app allows 3 per request
        files.append(tmp_path / f"doc-{i}.md")
        files[-1].write_text(f"# Doc {i}\n\nText {i}.\n")
    own = public_app[1].learners.get(learner.session_hash)
    before = public_app[1].document_chunks(own)
    app_error(lambda: learner.predict([handle_file(str(f)) for f in files], api_name="/add_documents"), "over this server's limit of 3")
    program = tmp_path / "tool.exe"
    program.write_bytes(b"MZ\x00\x00")
    app_error(lambda: learner.predict([handle_file(str(program))], api_name="/add_documents"), "tool.exe is not a document the studio reads")
    app_error(
        lambda: learner.predict(handle_file(str(program)), None, 16, 32, 2e-4, 1, 0, 8, 1024, api_name="/check_examples"),
        "tool.exe is not a training file",
    )
    assert public_app[1].document_chunks(own) == before


def test_training_examples_per_file_are_limited(public_app, learner, tmp_path):
    from gradio_client import handle_file

    many = write_examples(tmp_path / "many.jsonl", 101)
    app_error(
        lambda: learner.predict(handle_file(str(many)), None, 16, 32, 2e-4, 1, 0, 8, 1024, api_name="/check_examples"),
        "many.jsonl holds 101 examples, over this server's limit of 100",
    )


def test_a_deeply_nested_training_line_is_one_clear_error(public_app, learner, tmp_path):
    from gradio_client import handle_file

    nested = tmp_path / "nested.jsonl"
    nested.write_text("[" * 100_000 + "]" * 100_000 + "\n")
    app_error(
        lambda: learner.predict(handle_file(str(nested)), None, 16, 32, 2e-4, 1, 0, 8, 1024, api_name="/check_examples"),
        "line 1 of nested.jsonl is nested too deeply",
    )


@pytest.mark.parametrize(
    "data, fragments",
    [
        ('["Q", ["base"], NaN, 8, "my documents"]', ("top k is nan", "whole number")),
        ('["Q", ["base"], 3, NaN, "my documents"]', ("max new tokens is nan",)),
        # Past a slider's own bounds Gradio refuses the value itself, before the handler runs: one
        # line naming the control, as the studio's own refusals.
        ('["Q", ["base"], 3, Infinity, "my documents"]', ("Max new tokens per column: Value inf is greater than maximum value 1024",)),
        ('["Q", ["base"], -1, 8, "my documents"]', ("Passages for RAG (top-k; 0 = none): Value -1 is less than minimum value 0",)),
        ('["Q", ["base"], 3, "nan", "my documents"]', ("Max new tokens per column: 'nan' is not a number",)),
    ],
)
def test_compare_numbers_are_finite_and_in_range(public_app, data, fragments):
    raw_error(public_app[0], "compare", data, *fragments)


@pytest.mark.parametrize(
    "args, fragments",
    [
        (("Q", ["base"], 2.5, 8), ("top k is 2.5",)),
        (("Q" * 501, ["base"], 3, 8), ("over this server's limit of 500",)),
        # Columns are parsed by the registry (lora:NAME takes any adapter trained since the page loaded).
        (("Q", ["base", "gpt"], 3, 8), ("unknown column 'gpt': the Columns picker takes base, rag",)),
        (("Q", ["base", "rag", "lora", "lora+rag", "stuffed", "fewshot", "lora:x"], 3, 8), ("7 columns is more than the 6",)),
        # Other names outside a control's choices are refused by Gradio itself, before the handler
        # runs (which takes scenario ids only too: `_scenario`).
        (("Q", ["base"], 3, 8, "../../etc"), ("Documents and system prompt from: '../../etc' is not one of its choices",)),
        (("Q", ["base"], 3, 8, str(SAMPLE_DOCS.parent.parent / "scenarios" / "triage-json")), ("is not one of its choices",)),
    ],
)
def test_compare_numbers_and_names_are_checked(learner, args, fragments):
    app_error(lambda: learner.predict(*args, api_name="/compare"), *fragments)


@pytest.mark.parametrize("name", ["../../etc", "/etc", "..", "a/b", "<b>x</b>"])
def test_a_column_naming_an_adapter_by_path_runs_nothing_of_it(learner, name):
    status, *panes, result = learner.predict("Q", ["base", f"lora:{name}"], 3, 8, api_name="/compare")
    assert [c["column"] for c in result["columns"]] == ["base"]
    assert f"lora:{name} not run: adapter name" in status.replace("&lt;", "<").replace("&gt;", ">") and "not allowed" in status
    assert panes[1].startswith("### lora:") and "<b>" not in panes[1]  # the name is shown, escaped, never as markup


@pytest.mark.parametrize(
    "settings, fragments",
    [
        ("4, Infinity, 5e-3, 1, 2, 4, 256", ("alpha is inf",)),
        ("4, 8, NaN, 1, 2, 4, 256", ("learning rate is nan",)),
        ("4, 8, 5e-3, Infinity, 0, 4, 256", ("epochs is inf",)),
        ("2.5, 8, 5e-3, 1, 2, 4, 256", ("rank is 2.5",)),
        ("4, 8, 5e-3, 1, 2, 4, null", ("max length is empty",)),
        ("4, 8, 5e-3, 1, -3, 4, 256", ("steps is -3",)),
    ],
)
def test_training_numbers_are_checked_before_anything_runs(public_app, settings, fragments):
    registry = public_app[1].config.paths.adapters
    before = tree_state(registry) if registry.exists() else {}
    raw_error(public_app[0], "train", f'[null, "triage-json", "numbers", false, {settings}]', *fragments)
    assert (tree_state(registry) if registry.exists() else {}) == before


def test_evaluate_takes_scenario_ids_only(public_app, learner):
    raw_error(public_app[0], "evaluate", '["triage-json", ["base"], "scoreboard", NaN, 8]', "items is nan")
    app_error(
        lambda: learner.predict("../scenarios/triage-json", ["base"], "scoreboard", 1, 8, api_name="/evaluate"),
        "Scenario: '../scenarios/triage-json' is not one of its choices",
    )
    app_error(lambda: learner.predict("triage-json", ["base"], "scoreboard", 2.5, 8, api_name="/evaluate"), "items is 2.5")


def test_user_errors_log_one_line_and_bugs_their_traceback(public_app, learner, monkeypatch, capfd):
    _, workspace, _, records = public_app
    records.records.clear()
    capfd.readouterr()
    app_error(lambda: learner.predict("  ", 3, api_name="/search"), "the search query is empty")
    refused = [r for r in records.records if "refused" in r.getMessage()]
    assert len(refused) == 1 and refused[0].exc_info is None and "\n" not in refused[0].getMessage()
    assert "Traceback" not in capfd.readouterr().err  # Gradio prints none either
    # Gradio's own input checks (a slider's range, a choice) refuse the same way: one line each.
    records.records.clear()
    app_error(lambda: learner.predict("Q", ["base"], 3, 1025, api_name="/compare"), "greater than maximum value 1024")
    app_error(lambda: learner.predict("../x", ["base"], "scoreboard", 1, 8, api_name="/evaluate"), "is not one of its choices")
    refused = [r for r in records.records if "input refused" in r.getMessage()]
    assert len(refused) == 2 and all(r.exc_info is None for r in refused)
    assert "Traceback" not in capfd.readouterr().err

    def broken(*args, **kwargs):
        raise RuntimeError("internal detail /srv/secret/path")

    monkeypatch.setattr(workspace, "search", broken)
    message = app_error(lambda: learner.predict("refunds", 3, api_name="/search"), "unexpected error (RuntimeError)")
    assert "/srv/secret" not in message  # internals stay in the server log
    failed = [r for r in records.records if "unexpectedly" in r.getMessage()]
    assert len(failed) == 1 and failed[0].exc_info is not None


def test_the_adapter_picker_and_a_damaged_card_do_not_break_the_registry(public_app, learner):
    from gradio_client import Client

    _, workspace, _, _ = public_app
    registry = workspace.config.paths.adapters
    registry.mkdir(parents=True, exist_ok=True)
    damaged = registry / "damaged"
    damaged.mkdir(exist_ok=True)
    (damaged / "card.json").write_text("[]")
    from studio.adapters import list_adapters

    entries = {e.name: e for e in list_adapters(registry)}
    assert entries["damaged"].card is None and "damaged" in entries["damaged"].problem
    # A new learner's page still opens and works with the damaged card in the registry.
    other = Client(public_app[0].local_url, verbose=False)
    text, hits = other.predict("refund window", 2, api_name="/search")
    assert len(hits) == 2


# -- the CLI ----------------------------------------------------------------------------------


@pytest.fixture
def examples(tmp_path):
    return write_examples(tmp_path / "train.jsonl", 40)


@pytest.mark.parametrize("name", ["../../escape", "/abs/path", "~home", ".hidden", "a/b", "x" * 65])
def test_cli_name_is_a_registry_name(capsys, tmp_path, examples, name):
    before = tree_state(tmp_path)
    code, _, err = run_cli(capsys, "train", str(examples), "--name", name, "--model", str(tmp_path / "unused"), *FAST_CLI)
    assert_one_clear_line(code, err, "is not allowed")
    assert code == 2 and tree_state(tmp_path) == before


def test_cli_overwrite_replaces_only_a_studio_adapter(capsys, tmp_path, tiny_model, examples):
    mine = user_files(tmp_path / "some-folder")
    registry = tmp_path / "studio-home" / "adapters"
    registry.mkdir(parents=True)
    (registry / "kept").mkdir()
    (registry / "kept" / "adapter_config.json").write_text("{}")
    before = tree_state(tmp_path)
    for out, fragment in ((mine, "was not replaced"), (registry / "kept", "was not replaced"), (registry, "is the adapter registry")):
        code, _, err = run_cli(capsys, "train", str(examples), "--out", str(out), "--overwrite", "--model", str(tiny_model), *FAST_CLI)
        assert_one_clear_line(code, err, fragment)
        assert code == 2
    assert tree_state(tmp_path) == before


def test_cli_out_cannot_be_the_registry_even_before_it_exists(capsys, tmp_path, tiny_model, examples):
    home = tmp_path / "studio-home"
    for out in (home / "adapters", home, tmp_path):
        code, _, err = run_cli(capsys, "train", str(examples), "--out", str(out), "--model", str(tiny_model), *FAST_CLI)
        assert_one_clear_line(code, err, "is the adapter registry or a folder that holds it")
    assert not home.exists()


@pytest.mark.parametrize(
    "args, fragments",
    [
        (("train", "{examples}", "--name", "x", "--alpha", "inf"), ("alpha is inf", "--alpha")),
        (("train", "{examples}", "--name", "x", "--epochs", "inf"), ("epochs is inf", "--epochs")),
        (("train", "{examples}", "--name", "x", "--lr", "nan"), ("learning rate is nan", "--lr")),
        (("train", "{examples}", "--name", "x", "--dropout", "1"), ("dropout is 1", "below 1")),
        (("compare", "q", "--temperature", "nan"), ("temperature is nan", "--temperature")),
        (("compare", "q", "--max-new-tokens", "100000000"), ("max new tokens is 1e+08", "at most 32768")),
        (("index", "{docs}", "--out", "{tmp}/idx", "--max-file-mb", "nan"), ("max file mb is nan", "--max-file-mb")),
        (("serve", "--port", "70000"), ("port is 70000", "at most 65535")),
        (("serve", "--port", "http"), ("invalid int value: 'http'",)),
        (("serve", "--max-upload-mb", "0"), ("max upload mb is 0", "--max-upload-mb")),
    ],
)
def test_cli_numbers_are_finite_and_in_range_before_any_model_loads(capsys, tmp_path, examples, args, fragments):
    args = [a.format(examples=examples, docs=SAMPLE_DOCS, tmp=tmp_path) for a in args]
    before = tree_state(tmp_path)
    code, _, err = run_cli(capsys, *args, *(["--model", str(tmp_path / "no-model")] if args[0] != "index" else []))
    assert_one_clear_line(code, err, *fragments)
    assert code == 2 and tree_state(tmp_path) == before


def test_a_bad_environment_number_names_the_variable(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("STUDIO_MAX_UPLOAD_MB", "lots")
    code, _, err = run_cli(capsys, "serve", "--model", str(tmp_path / "no-model"))
    assert_one_clear_line(code, err, "STUDIO_MAX_UPLOAD_MB")


def test_a_damaged_card_is_one_damaged_adapter(capsys, tmp_path, tiny_adapter):
    import shutil

    registry = tmp_path / "studio-home" / "adapters"
    registry.mkdir(parents=True)
    shutil.copytree(tiny_adapter, registry / "good")
    for name, card in (("list-card", "[]"), ("wrong-types", json.dumps({"name": 3, "loss_history": "x"})), ("not-json", "{")):
        shutil.copytree(tiny_adapter, registry / name)
        (registry / name / "card.json").write_text(card)
    code, out, err = run_cli(capsys, "adapters")
    assert code == 0, err
    rows = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert set(rows) == {"good", "list-card", "wrong-types", "not-json"}
    assert all("damaged card" in rows[n] for n in ("list-card", "wrong-types", "not-json"))
    code, _, err = run_cli(capsys, "adapters", "show", "list-card")
    assert_one_clear_line(code, err, "card.json is damaged", "studio adapters delete list-card")


@pytest.fixture
def saved_index(tmp_path, embedder_dir, capsys):
    out = tmp_path / "index"
    code, _, err = run_cli(capsys, "index", str(SAMPLE_DOCS), "--out", str(out), "--embedder", embedder_dir)
    assert code == 0, err
    return out


def _version(index: Path) -> Path:
    return index / (index / "CURRENT").read_text().strip()


def _edit_manifest(change):
    def damage(index: Path) -> None:
        path = _version(index) / "manifest.json"
        path.write_text(json.dumps(change(json.loads(path.read_text()))))

    return damage


def _save_ids(index: Path, ids) -> None:
    import numpy as np

    np.save(_version(index) / "ids.npy", np.asarray(ids))


@pytest.mark.parametrize(
    "damage, fragments",
    [
        (_edit_manifest(lambda m: {k: v for k, v in m.items() if k != "dimension"}), ("'dimension' is a required property",)),
        (_edit_manifest(lambda m: {k: v for k, v in m.items() if k != "embedder"}), ("'embedder' is a required property",)),
        (_edit_manifest(lambda m: {k: v for k, v in m.items() if k != "index"}), ("'index' is a required property",)),
        (_edit_manifest(lambda m: [m]), ("is not of type 'object'",)),
        (lambda i: (i / "CURRENT").write_bytes(b"\xff\xfe\x00"), ("CURRENT is not a version name",)),
        (lambda i: _save_ids(i, list(range(len(__import__("numpy").load(_version(i) / "ids.npy"))))[::-1]), ("ids.npy is not an ascending",)),
        (lambda i: _save_ids(i, [float(x) for x in __import__("numpy").load(_version(i) / "ids.npy")]), ("ids.npy is not an ascending",)),
    ],
)
def test_a_damaged_index_is_one_line_naming_the_file_and_rebuild(capsys, saved_index, damage, fragments):
    damage(saved_index)
    code, _, err = run_cli(capsys, "search", "refunds", "--index", str(saved_index))
    assert_one_clear_line(code, err, "is damaged", "--rebuild", *fragments)


def test_current_cannot_point_outside_its_index(capsys, tmp_path, saved_index, embedder_dir):
    other = tmp_path / "other-index"
    code, _, err = run_cli(capsys, "index", str(SAMPLE_DOCS), "--out", str(other), "--embedder", embedder_dir)
    assert code == 0, err
    (saved_index / "CURRENT").write_text(f"../other-index/{_version(other).name}\n")
    code, _, err = run_cli(capsys, "search", "refunds", "--index", str(saved_index))
    assert_one_clear_line(code, err, "is damaged", "not a version folder of this index")


def test_index_out_never_writes_into_a_users_folder(capsys, tmp_path):
    mine = user_files(tmp_path / "mine")
    (mine / "CURRENT").write_text("my own file\n")  # a CURRENT file alone does not make a folder an index
    before = tree_state(tmp_path)
    code, _, err = run_cli(capsys, "index", str(SAMPLE_DOCS), "--out", str(mine))
    assert_one_clear_line(code, err, "is damaged", "CURRENT names 'my own file'")
    code, _, err = run_cli(capsys, "index", str(SAMPLE_DOCS), "--out", str(mine), "--rebuild")
    assert_one_clear_line(code, err, "not a studio index", "left as it was")
    assert tree_state(tmp_path) == before


def test_a_document_name_that_is_not_utf8_leaves_no_output_folder(capsys, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "fine.md").write_text("# Fine\n\nText.\n")
    (docs / os.fsdecode(b"bad-\xff-name.md")).write_text("# Bad\n\nText.\n")
    code, _, err = run_cli(capsys, "index", str(docs), "--out", str(tmp_path / "out"))
    assert_one_clear_line(code, err, "is not valid UTF-8", "rename the file")
    assert not (tmp_path / "out").exists()


def test_a_model_folder_with_only_a_pickle_is_refused(capsys, tmp_path, tiny_model):
    import shutil

    import torch
    from safetensors.torch import load_file

    folder = tmp_path / "pickled"
    shutil.copytree(tiny_model, folder)
    torch.save(load_file(folder / "model.safetensors"), folder / "pytorch_model.bin")
    (folder / "model.safetensors").unlink()
    code, _, err = run_cli(capsys, "compare", "hi", "--model", str(folder), "--max-new-tokens", "2")
    assert_one_clear_line(code, err, "no safetensors weights", "pytorch_model.bin")


def test_a_deeply_nested_training_line_is_one_line(capsys, tmp_path):
    nested = tmp_path / "nested.jsonl"
    nested.write_text("[" * 100_000 + "]" * 100_000 + "\n")
    code, _, err = run_cli(capsys, "train", str(nested), "--name", "x", "--model", str(tmp_path / "unused"))
    assert_one_clear_line(code, err, "line 1 of nested.jsonl is nested too deeply")


@pytest.fixture
def pack(tmp_path):
    import shutil

    from studio.lesson.scenarios import SCENARIOS_DIR

    folder = tmp_path / "my-pack"
    shutil.copytree(SCENARIOS_DIR / "triage-json", folder)
    return folder


@pytest.mark.parametrize(
    "damage, fragments",
    [
        (lambda p: (p / "eval.jsonl").write_bytes((p / "eval.jsonl").read_bytes() + b"\xff\n"), ("eval.jsonl is not UTF-8",)),
        (lambda p: (p / "scenario.toml").write_bytes(b"title = '\xff'\n"), ("scenario.toml is not UTF-8",)),
        (lambda p: (p / "schema.json").write_text("{not json"), ("schema.json is not valid JSON",)),
        (lambda p: (p / "schema.json").write_text('{"type": 5}'), ("is not a valid JSON schema",)),
        (lambda p: (p / "eval.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n"), ("nested too deeply",)),
        (lambda p: (p / "scenario.toml").write_text((p / "scenario.toml").read_text().replace("rank = 16", "rank = 'big'")), ("[lora]", "rank is 'big'")),
    ],
)
def test_a_damaged_pack_is_one_line(capsys, tmp_path, pack, damage, fragments):
    damage(pack)
    code, _, err = run_cli(capsys, "eval", "--scenario", str(pack), "--model", str(tmp_path / "no-model"))
    assert_one_clear_line(code, err, *fragments)


def test_eval_out_must_be_a_run_folder(capsys, tmp_path):
    afile = tmp_path / "report.txt"
    afile.write_text("mine")
    mine = user_files(tmp_path / "mine")
    before = tree_state(tmp_path)
    for out, fragment in ((afile, "is a file"), (mine, "not an evaluation run's")):
        code, _, err = run_cli(
            capsys, "eval", "--scenario", "triage-json", "--out", str(out), "--model", str(tmp_path / "no-model")
        )
        assert_one_clear_line(code, err, fragment)
    assert tree_state(tmp_path) == before


def test_leftovers_of_killed_runs_are_cleaned_by_the_next_run(capsys, tmp_path, tiny_model, examples):
    registry = tmp_path / "studio-home" / "adapters"
    registry.mkdir(parents=True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # a pid that no process has now
    for name in (f".partial-a-{dead.pid}-0123abcd", f".trainer-training-{dead.pid}-0123abcd", f".deleting-b-{dead.pid}-0123abcd"):
        (registry / name).mkdir()
        (registry / name / "adapter_model.safetensors").write_bytes(b"half")
    # A run killed between its two renames: the old adapter is in .replaced-*, its name is free.
    interrupted = registry / f".replaced-kept-{dead.pid}-0123abcd"
    interrupted.mkdir()
    (interrupted / "card.json").write_text("{}")
    live = registry / f".partial-c-{os.getppid()}-0123abcd"  # a live process's: left alone
    live.mkdir()
    code, _, err = run_cli(capsys, "train", str(examples), "--name", "new", "--model", str(tiny_model), *FAST_CLI)
    assert code == 0, err
    assert sorted(p.name for p in registry.iterdir()) == sorted(["new", "kept", live.name])
    assert (registry / "kept" / "card.json").read_text() == "{}"


@pytest.mark.slow
def test_a_killed_training_leaves_one_hidden_folder_that_the_next_run_removes(tmp_path, tiny_model, examples):
    env = {**os.environ, "STUDIO_HOME": str(tmp_path / "studio-home"), "HF_HUB_OFFLINE": "1"}
    registry = tmp_path / "studio-home" / "adapters"
    args = [sys.executable, "-m", "studio.cli", "train", str(examples), "--name", "killed", "--model", str(tiny_model)]
    process = subprocess.Popen([*args, "--steps", "400", "--batch-size", "4", "--grad-accum", "1"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    # A few steps in: the progress bar on stderr has counted past step 3.
    seen = ""
    while time.time() < deadline and not re.search(r"\b([3-9]|\d\d+)/400\b", seen):
        seen += process.stderr.read(64) or ""
    assert any(p.name.startswith(".partial-") for p in registry.glob(".*")), seen[-300:]
    process.send_signal(signal.SIGKILL)
    process.wait()
    left = [p.name for p in registry.iterdir()]
    assert len(left) == 1 and left[0].startswith(".partial-killed-")
    done = subprocess.run([*args, *FAST_CLI], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in registry.iterdir()] == ["killed"]


@pytest.mark.parametrize("token", ["        ", "aaaaaaaa", " padded-secret", "padded-secret\t", "short"])
def test_a_weak_instructor_token_stops_the_server_at_start(token):
    from studio.config import load_config
    from studio.errors import ConfigError

    with pytest.raises(ConfigError, match="STUDIO_INSTRUCTOR_TOKEN"):
        load_config({"instructor_token": token}, env={})


@pytest.fixture
def studio_log_lines():
    """Every line the "studio" logger writes during the test (a launched app stops it propagating)."""

    class Lines(logging.Handler):
        def __init__(self):
            super().__init__(logging.INFO)
            self.records: list[logging.LogRecord] = []

        def emit(self, record):
            self.records.append(record)

    lines = Lines()
    logging.getLogger("studio").addHandler(lines)
    try:
        yield lines
    finally:
        logging.getLogger("studio").removeHandler(lines)


def test_wrong_tokens_are_logged_and_slowed_across_every_caller_while_the_right_one_never_waits(studio_log_lines):
    import threading

    from studio.classroom.rounds import TokenGuard
    from studio.errors import StudioError

    guard = TokenGuard("the-right-token-42", pause=0.3)
    refusals = []

    def guess(n: int) -> None:
        try:
            guard.check(f"guess-{n}", "tally")
        except StudioError as exc:
            refusals.append(str(exc))

    started = time.perf_counter()
    guessers = [threading.Thread(target=guess, args=(n,)) for n in range(6)]
    for thread in guessers:
        thread.start()
    right_started = time.perf_counter()
    guard.check("the-right-token-42", "reveal")  # the instructor, while 6 guesses wait in line
    right_took = time.perf_counter() - right_started
    for thread in guessers:
        thread.join()
    took = time.perf_counter() - started
    assert len(refusals) == 6 and all(r.startswith("that is not the instructor token") for r in refusals)
    assert took >= 6 * 0.3 - 0.05  # one wrong guess at a time, from every caller together
    assert right_took < 0.2
    assert sum("a wrong instructor token on tally" in r.getMessage() for r in studio_log_lines.records) == 6
    # The Instructor tab's page ticks with its empty box before the token is typed: no guess, no log line.
    studio_log_lines.records.clear()
    with pytest.raises(StudioError):
        guard.check("", "the live tally", quiet_when_blank=True)
    assert studio_log_lines.records == [] and guard.refused == 6
