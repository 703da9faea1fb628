"""The one training run (`training_run.py`) every surface uses: its rules, checked before anything trains."""

from __future__ import annotations

import pytest

from conftest import load_engine
from studio.adapters import read_card
from studio.config import TrainingConfig
from studio.errors import StudioError
from studio.tuning.training_run import plan_run

FAST = TrainingConfig(steps=2, batch_size=2, grad_accum=1, learning_rate=5e-3)


@pytest.mark.slow
def test_a_learner_replaces_only_their_own_adapter_and_the_class_run_any_studio_adapter(tiny_model, triage_split, tmp_path):
    engine = load_engine(tiny_model)
    folder = tmp_path / "adapters" / "shared-name"
    first = plan_run(engine, triage_split[0], FAST, "shared-name", folder, owner="frida-hash")
    assert first.plan.data.origin == ""  # an upload's path never goes in a card: only keep_origin records one
    first.run(engine)
    assert read_card(folder).owner == "frida-hash"
    before = (folder / "card.json").read_bytes()
    # Without overwrite, nobody replaces it; with it, another learner still cannot; nothing is touched.
    with pytest.raises(StudioError, match="already exists: choose another name"):
        plan_run(engine, triage_split[0], FAST, "shared-name", folder, owner="frida-hash")
    with pytest.raises(StudioError, match="trained by another learner"):
        plan_run(engine, triage_split[0], FAST, "shared-name", folder, overwrite=True, owner="omar-hash")
    assert (folder / "card.json").read_bytes() == before
    # Its owner may, and so may a run with no learner (the CLI, a pack's adapter); the latter's card is the class's.
    plan_run(engine, triage_split[0], FAST, "shared-name", folder, overwrite=True, owner="frida-hash")
    again = plan_run(engine, triage_split[0], FAST, "shared-name", folder, overwrite=True, keep_origin=True)
    assert again.plan.data.origin == str(triage_split[0].resolve())  # a fewshot column finds the CLI's file again
    again.run(engine)
    assert read_card(folder).owner == "" and (folder / "card.json").read_bytes() != before


def test_a_folder_that_is_no_adapter_is_never_replaced(tiny_model, triage_split, tmp_path):
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    with pytest.raises(StudioError, match="adapter .notes. was not replaced: .*replaces only adapters it trained"):
        plan_run(None, triage_split[0], FAST, "notes", precious, overwrite=True)  # refused before any model is needed
    assert (precious / "thesis.txt").read_text() == "years of work"
