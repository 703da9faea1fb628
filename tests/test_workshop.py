"""`studio workshop prepare`: every scenario's adapter ready before class, trained once, reused after."""

from __future__ import annotations

import pytest

from conftest import load_engine
from test_cli import assert_one_clear_line, run_cli
from test_evaluate import write_pack
from studio.errors import StudioError
from studio.scenarios import load_scenario
from studio.workshop import scenario_adapter


@pytest.mark.slow
def test_a_scenarios_adapter_is_trained_once_then_reused_and_never_replaced_for_another_model(tiny_model, other_model, tmp_path):
    scenario = load_scenario(str(write_pack(tmp_path / "mini-pack", docs=False)))
    registry = tmp_path / "adapters"
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
    with pytest.raises(StudioError, match="trained on other data or another base model: delete it with `studio adapters delete mini-pack`"):
        scenario_adapter(load_engine(other_model), scenario, registry)
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
