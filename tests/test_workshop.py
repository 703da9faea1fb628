"""`studio workshop prepare`: every scenario's adapter ready before class, trained once, reused after."""

from __future__ import annotations

import pytest

from conftest import load_engine
from test_cli import assert_one_clear_line, run_cli
from test_evaluate import write_pack
from studio.errors import StudioError
from studio.lesson.scenarios import load_scenario
from studio.prepare.workshop import scenario_adapter


@pytest.mark.slow
def test_a_scenarios_adapter_is_trained_once_then_reused_and_never_replaced_for_another_model(tiny_model, other_model, tmp_path):
    import shutil

    scenario = load_scenario(str(write_pack(tmp_path / "mini-pack", docs=False)))
    registry = tmp_path / "adapters"
    tiny_model = shutil.copytree(tiny_model, tmp_path / "model")  # its weights change below
    started = []
    first = scenario_adapter(load_engine(tiny_model), scenario, registry, on_start=started.append)
    assert (first.reused, first.examples, started) == (False, 300, [300])
    assert (registry / "mini-pack" / "card.json").is_file()
    card_before = (registry / "mini-pack" / "card.json").read_bytes()
    engine = load_engine(tiny_model)  # a later start of the class's machine
    again = scenario_adapter(engine, scenario, registry, on_start=started.append)
    assert again.reused and again.created == first.created and started == [300]  # nothing trained again
    assert again.name in engine.adapters  # loaded, ready for the LoRA columns
    # Another base model: the pack's adapter there is not its own, and is left as it was.
    refused = "trained on other data, another base model or other weights of it: delete it with `studio adapters delete mini-pack`"
    with pytest.raises(StudioError, match=refused):
        scenario_adapter(load_engine(other_model), scenario, registry)
    assert (registry / "mini-pack" / "card.json").read_bytes() == card_before
    # The same folder with other weights in it (noise added, as a fine-tune saved over it would):
    # not the model the adapter learned on.
    import torch
    from safetensors.torch import load_file, save_file

    weights = tiny_model / "model.safetensors"
    save_file({name: t + 0.01 * torch.randn_like(t) for name, t in load_file(weights).items()}, weights, metadata={"format": "pt"})
    with pytest.raises(StudioError, match=refused):
        scenario_adapter(load_engine(tiny_model), scenario, registry)
    assert (registry / "mini-pack" / "card.json").read_bytes() == card_before


@pytest.mark.parametrize(
    "args, fragments",
    [
        (["workshop", "prepare", "--scenarios", "triage-json,nope"], ["no scenario 'nope'", "studio scenarios"]),
        (["workshop", "prepare", "--scenarios", "../etc"], ["no scenario '../etc'"]),
        (["workshop", "prepare", "--scenarios", " , "], ["--scenarios names no scenario"]),
    ],
)
def test_bad_scenarios_are_one_line_before_the_model_loads(capsys, args, fragments):
    code, out, err = run_cli(capsys, *args, "--model", "/no/such/model")  # the model is never reached
    assert_one_clear_line(code, err, *fragments)
    assert out == ""


def test_the_step_time_line_goes_through_the_timed_batches():
    from studio.prepare.readiness import fit_step

    fixed, per_row = fit_step({1: 0.070, 4: 0.082, 16: 0.130})
    assert fixed == pytest.approx(0.066, abs=0.002) and per_row == pytest.approx(0.004, abs=0.0005)
    assert fit_step({1: 0.05, 4: 0.04}) == (pytest.approx(0.045), 0.0)  # never a negative cost per row


@pytest.mark.slow
def test_the_pre_class_check_times_this_machine_and_says_what_a_class_can_do(capsys, tiny_model):
    import json

    code, out, err = run_cli(
        capsys, "workshop", "check", "--model", str(tiny_model), "--learners", "25", "--max-new-tokens", "8", "--json"
    )
    assert code == 0, err
    figures = json.loads(out)
    assert (figures["learners"], figures["columns"], figures["new_tokens"], figures["device"]) == (25, 2, 8, "cpu")
    assert set(figures["step_seconds"]) == {"1", "4", "16"} and all(v > 0 for v in figures["step_seconds"].values())
    assert figures["answer_seconds"] > 0 and figures["train_step_seconds"] > 0 and figures["train_examples"] == 16
    assert figures["pack_steps"] == 81  # triage-json's 420 examples: 27 steps of 16 an epoch, 3 epochs
    assert 0 < figures["peak_bytes"] < figures["total_bytes"] and figures["model"] == "tiny, local folder"
    code, out, _ = run_cli(capsys, "workshop", "check", "--model", str(tiny_model), "--learners", "3", "--max-new-tokens", "4")
    assert code == 0 and "a class of 3 asking at once (2 columns each, 6 rows in one batch)" in out
    code, _, err = run_cli(capsys, "workshop", "check", "--model", str(tiny_model), "--learners", "0")
    assert_one_clear_line(code, err, "--learners 0 must be from 1 to 10000")
    code, _, err = run_cli(capsys, "workshop", "check", "--scenario", "../etc")
    assert code == 2 and "../etc" in err
