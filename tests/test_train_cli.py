"""`studio train` and `studio adapters` as a user meets them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from studio.prepare.tiny import triage_examples
from test_cli import assert_one_clear_line, run_cli


@pytest.fixture
def examples(tmp_path):
    path = tmp_path / "train.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in triage_examples(60, seed=3)), encoding="utf-8")
    return path


FAST = ("--steps", "3", "--batch-size", "4", "--grad-accum", "1")


def test_train_then_list_show_use_and_delete(capsys, tiny_model, examples, tmp_path):
    code, out, err = run_cli(capsys, "train", str(examples), "--out", "triage", "--model", str(tiny_model), *FAST)
    assert code == 0, err
    assert "adapter triage saved to" in out and "times smaller" in out
    assert "--adapter triage" in out
    home = tmp_path / "studio-home"
    assert (home / "adapters" / "triage" / "card.json").is_file()
    assert [p.name for p in (home / "adapters").iterdir()] == ["triage"]  # nothing left behind

    code, out, _ = run_cli(capsys, "adapters")
    header, row = out.strip().splitlines()
    assert header.split() == ["name", "base", "model", "rank", "size", "created", "final", "loss"]
    assert row.split()[0] == "triage" and row.split()[2] == "16"

    code, out, _ = run_cli(capsys, "adapters", "show", "triage", "--json")
    card = json.loads(out)
    assert card["steps"] == 3 and card["dataset"]["examples"] == 60 and len(card["loss_history"]) == 3

    code, out, err = run_cli(
        capsys, "compare", "Triage: my parcel is late", "--adapter", "triage", "--modes", "base,lora",
        "--model", str(tiny_model), "--max-new-tokens", "4", "--json",
    )
    assert code == 0, err
    columns = json.loads(out)["columns"]
    assert [c["adapter"] for c in columns] == [None, "triage"]

    code, out, _ = run_cli(capsys, "adapters", "delete", "triage")
    assert code == 0 and not (home / "adapters" / "triage").exists()
    code, out, _ = run_cli(capsys, "adapters")
    assert "no adapters in" in out


def test_train_json_prints_the_card(capsys, tiny_model, examples, tmp_path):
    code, out, err = run_cli(capsys, "train", str(examples), "--out", str(tmp_path / "folder-out"), "--model", str(tiny_model), *FAST, "--json")
    assert code == 0, err
    card = json.loads(out)
    assert card["path"] == str(tmp_path / "folder-out") and card["name"] == "folder-out"
    assert card["adapter_bytes"] > 0 and card["size_ratio"] > 1


def test_bad_line_is_named_before_any_model_loads(capsys, tmp_path):
    bad = tmp_path / "train.jsonl"
    bad.write_text('{"prompt": "a", "completion": "b"}\n{"prompt": "c"}\n', encoding="utf-8")
    code, _, err = run_cli(capsys, "train", str(bad), "--out", "x", "--model", str(tmp_path / "no-such-model"))
    assert_one_clear_line(code, err, "line 2 of train.jsonl", "'completion' is missing")


def test_existing_adapter_is_kept_without_overwrite_and_replaced_with_it(capsys, tiny_model, examples, tmp_path):
    target = tmp_path / "studio-home" / "adapters" / "triage"
    code, _, err = run_cli(capsys, "train", str(examples), "--name", "triage", "--model", str(tiny_model), *FAST)
    assert code == 0, err
    first = (target / "card.json").read_text()
    code, _, err = run_cli(capsys, "train", str(examples), "--name", "triage", "--model", str(tiny_model), *FAST)
    assert_one_clear_line(code, err, "already exists", "--overwrite")
    assert (target / "card.json").read_text() == first
    code, _, err = run_cli(
        capsys, "train", str(examples), "--name", "triage", "--model", str(tiny_model), *FAST, "--overwrite", "--train-seed", "7"
    )
    assert code == 0, err
    assert json.loads((target / "card.json").read_text())["hyperparameters"]["seed"] == 7
    assert [p.name for p in target.parent.iterdir()] == ["triage"]  # the replaced one left nothing behind


def test_overwrite_refuses_a_folder_that_is_not_a_studio_adapter(capsys, tiny_model, examples, tmp_path):
    target = tmp_path / "studio-home" / "adapters" / "triage"
    target.mkdir(parents=True)
    code, _, err = run_cli(capsys, "train", str(examples), "--name", "triage", "--model", str(tiny_model), *FAST, "--overwrite")
    assert_one_clear_line(code, err, "was not replaced", "not a studio adapter")
    assert list(target.iterdir()) == []


@pytest.mark.parametrize(
    "args, fragments",
    [
        (("--out", "bad name!"), ("not allowed",)),
        (("--out", "x", "--rank", "0"), ("rank is 0", "--rank")),
        (("--out", "x", "--push-to-hub", "me/triage"), ("needs a Hugging Face token", "studio adapters push")),
        (("--out", "x", "--columns", "only-one"), ("must name two columns",)),
    ],
)
def test_bad_train_settings_are_one_line(capsys, examples, args, fragments, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", "")
    monkeypatch.setenv("HF_HOME", str(examples.parent / "hf-home"))  # no stored token either
    code, _, err = run_cli(capsys, "train", str(examples), *args)
    assert_one_clear_line(code, err, *fragments)


def test_targets_the_model_lacks_are_one_line_and_leave_nothing(capsys, tiny_model, examples, tmp_path):
    code, _, err = run_cli(capsys, "train", str(examples), "--out", "x", "--model", str(tiny_model), "--targets", "wq,wv")
    # The model loaded, so the "training x on ... estimate: ..." line came first; then one error line.
    after_plan = err.split("estimate: ", 1)[1].split("\n", 1)[1]
    assert_one_clear_line(code, after_plan, "cannot put LoRA on 'wq,wv'", "--targets")
    assert not (tmp_path / "studio-home" / "adapters").exists() or not list((tmp_path / "studio-home" / "adapters").iterdir())


def test_adapters_errors_are_one_line(capsys):
    assert_one_clear_line(*run_cli(capsys, "adapters", "delete", "nope")[::2], "no adapter named 'nope'")
    assert_one_clear_line(*run_cli(capsys, "adapters", "show")[::2], "needs an adapter name")
    assert_one_clear_line(*run_cli(capsys, "adapters", "delete", "../etc")[::2], "not allowed")


def test_compare_with_an_unknown_adapter_name_says_what_exists(capsys, tiny_model):
    code, _, err = run_cli(capsys, "compare", "hi", "--adapter", "nothing-here", "--model", str(tiny_model))
    assert_one_clear_line(code, err, "no adapter named 'nothing-here'", "studio train")


def test_ctrl_c_stops_training_cleanly_and_writes_nothing(tiny_model, examples, tmp_path):
    home = tmp_path / "home"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "STUDIO_HOME": str(home)}
    command = [sys.executable, "-m", "studio.cli", "train", str(examples), "--out", "long", "--model", str(tiny_model), "--steps", "100000"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    seen = b""
    deadline = time.time() + 120
    while b"loss=" not in seen and time.time() < deadline:  # the progress bar shows a first step
        seen += os.read(process.stderr.fileno(), 4096)
    process.send_signal(signal.SIGINT)
    _, rest = process.communicate(timeout=120)
    err = (seen + rest).decode()
    assert process.returncode == 130, err
    assert "stopping at the next step" in err and "no adapter was written" in err
    assert "Traceback" not in err
    assert not (home / "adapters").exists() or list((home / "adapters").iterdir()) == []


def test_dry_run_prints_the_plan_the_app_shows_and_writes_nothing(capsys, tiny_model, examples, tmp_path):
    from studio.config import TrainingConfig, load_config
    from studio.classroom.workspace import Workspace

    code, out, err = run_cli(capsys, "train", str(examples), "--name", "planned", "--model", str(tiny_model), "--steps", "7", "--dry-run")
    assert code == 0, err
    assert out.startswith("plan for adapter planned on ") and "nothing trained" in out
    assert "60 examples in the" in out and "7 steps over about" in out and "peak memory about" in out
    assert "the first example as the model sees it" in out
    assert not (tmp_path / "studio-home" / "adapters" / "planned").exists()

    code, out, err = run_cli(capsys, "train", str(examples), "--name", "planned", "--model", str(tiny_model), "--steps", "7", "--dry-run", "--json")
    plan = json.loads(out)
    workspace = Workspace(load_config({"model": str(tiny_model)}, env={}))
    app_plan = workspace.plan_training(examples, TrainingConfig(steps=7), learner=workspace.learners.get("a-page"))
    assert plan["estimate"] == app_plan.estimate.to_dict() and plan["examples"]["tokens"] == app_plan.data.tokens
    assert plan["examples"]["examples"] == 60 and plan["estimate"]["steps"] == 7
