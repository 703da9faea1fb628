"""The lesson on a real model: SmolLM2-135M-Instruct, the offline model, on the shipped packs.

A scoreboard from random weights proves plumbing; these tests prove the rule on weights that were
pretrained: retrieval supplies knowledge the base model lacks, an adapter teaches a format, and a
fact that changes reaches the RAG column by re-indexing while the adapter keeps last week's. They
take minutes on two cores (subsets of each pack, short training runs) and CI runs them.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from safetensors.torch import load_file

from studio.adapters import WEIGHTS_FILE
from studio.lesson.columns import parse_columns
from studio.config import ModelConfig, TrainingConfig
from studio.model.engine import Engine
from studio.lesson.scenarios import load_scenario
from studio.model.sources import OFFLINE_MODEL, SOURCE_FILE, locate_model, offline_gguf
from studio.tuning.training import prepare_examples, train_adapter

pytestmark = pytest.mark.real

LABEL = "SmolLM2-135M-Instruct, 4-bit GGUF (Q4_1) dequantised, offline copy"
# Short runs that still teach: four examples a step at a higher rate than a long run would use
# (measured: 40 such steps give 100% schema-valid records; 60 steps or 2e-3 do no better).
TRIAGE_RUN = TrainingConfig(steps=40, batch_size=2, grad_accum=2, learning_rate=1e-3)
HANDBOOK_RUN = TrainingConfig(steps=20, batch_size=2, grad_accum=2, learning_rate=1e-3)


def base_digest(engine) -> dict[str, str]:
    """A sha256 per base weight (LoRA layers looked through): equal digests, equal weights."""
    out = {}
    for name, param in engine.base.named_parameters():
        if "lora_" not in name:
            out[name.replace(".base_layer", "")] = hashlib.sha256(param.detach().cpu().contiguous().numpy().tobytes()).hexdigest()
    return out


def train_pack(workspace, scenario_id: str, name: str, config: TrainingConfig):
    """Train `scenario_id`'s examples into the workspace's registry as `name`; (card, folder, base digests before, after)."""
    scenario = load_scenario(scenario_id)
    engine = workspace.engine()
    data = prepare_examples(scenario.train, engine.chat_prompt, engine.tokenizer, config, system=scenario.system)
    folder = workspace.config.paths.adapters / name
    before = base_digest(engine)
    card = train_adapter(engine, data, config, folder, name)
    return card, folder, before, base_digest(engine)


@pytest.fixture(scope="module")
def triage_run(offline_workspace):
    return train_pack(offline_workspace, "triage-json", "triage-real", TRIAGE_RUN)


def scores(report) -> dict[str, dict]:
    return {row.column: {"knowledge": row.knowledge, "skill": row.skill} for row in report.rows}


def test_the_offline_model_converts_once_then_loads_from_its_folder(offline_workspace, offline_home):
    engine = offline_workspace.engine()
    assert (engine.name, engine.source.label, engine.source.weights) == (OFFLINE_MODEL, LABEL, "gguf:Q4_1")
    assert engine.source.convert_seconds is not None  # the session's first load converted it
    folder = Path(engine.source.location)
    facts = json.loads((folder / SOURCE_FILE).read_text())
    assert facts["gguf_sha256"] == hashlib.sha256(offline_gguf().read_bytes()).hexdigest()
    assert type(engine.base).__name__ == "LlamaForCausalLM" and engine.base.num_parameters() == 134_515_008
    again = Engine.load(ModelConfig("smollm2", quant="fp32", device="cpu"), offline_home)
    assert again.source.convert_seconds is None and again.source.location == str(folder)
    assert again.load_seconds < engine.source.convert_seconds / 3  # a folder read, not a dequantisation
    assert [p.name for p in folder.parent.iterdir() if p.name.startswith(".partial-")] == []


def test_a_killed_conversion_leaves_nothing_that_looks_complete(tmp_path):
    """kill -9 in the middle of a conversion: no folder under the final name, so the next load converts again."""
    code = "from pathlib import Path; from studio.model.sources import locate_model, materialize; " \
           f"materialize(locate_model('smollm2', 'cpu', Path({str(tmp_path)!r}), 'x'))"
    process = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "HF_HUB_OFFLINE": "1"})
    models = tmp_path / "models"
    deadline = time.monotonic() + 120
    while not (models.is_dir() and any(p.name.startswith(".partial-") for p in models.iterdir())):
        assert process.poll() is None and time.monotonic() < deadline, "the conversion never started"
        time.sleep(0.05)
    time.sleep(1.0)
    process.send_signal(signal.SIGKILL)
    process.wait()
    source = locate_model("smollm2", "cpu", tmp_path, "x")
    assert source.needs_conversion and not Path(source.location).exists()


def test_with_no_model_set_a_machine_without_a_hub_answers_with_the_offline_model(offline_home, offline_workspace):
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "STUDIO_HOME": str(offline_home)}
    env.pop("STUDIO_MODEL", None)
    result = subprocess.run(
        [sys.executable, "-m", "studio.cli", "compare", "What is the capital of France?", "--modes", "base", "--max-new-tokens", "12"],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if line.startswith("note: ") and "offline model" in line]
    assert len(notes) == 1 and "no model was set" in notes[0]
    assert f"model: {LABEL} (fp32 on cpu); loaded in" in result.stderr and "from its converted folder" in result.stderr
    assert f"Model: {OFFLINE_MODEL} ({LABEL}" in result.stdout and "Paris" in result.stdout


def test_retrieval_supplies_knowledge_the_base_model_lacks_and_reads_best_focused(offline_workspace):
    scenario = load_scenario("lumenfold-handbook")
    assert offline_workspace.config.retrieval.focus == 4  # the CPU profile's default
    report = offline_workspace.evaluate(scenario, parse_columns("base,rag"), limit=30, max_new_tokens=64, learner=offline_workspace.solo)
    got = scores(report)
    config = offline_workspace.config
    offline_workspace.config = replace(config, retrieval=replace(config.retrieval, focus=0, top_k=3))  # passages whole
    try:
        whole = scores(offline_workspace.evaluate(scenario, parse_columns("rag"), limit=30, max_new_tokens=64, learner=offline_workspace.solo))["rag"]
    finally:
        offline_workspace.config = config
    print(f"lumenfold-handbook, 30 items: {got}; 3 whole passages: {whole}")
    assert got["base"]["knowledge"] <= 0.10
    assert got["rag"]["knowledge"] >= got["base"]["knowledge"] + 0.25
    # Measured 37% focused against 27% whole at 64 new tokens (benchmarks/context.py; 30% against
    # 27% at 48, where focused answers that quote a sentence are cut): the reason for the CPU default.
    assert got["rag"]["knowledge"] >= whole["knowledge"] + 0.05


def test_an_adapter_teaches_the_triage_format_the_base_model_does_not_write(offline_workspace, triage_run):
    card, folder, _, _ = triage_run
    assert (card.base_model, card.base_weights, card.base_label) == (OFFLINE_MODEL, "gguf:Q4_1", LABEL)
    scenario = load_scenario("triage-json")
    report = offline_workspace.evaluate(scenario, parse_columns("base,lora:triage-real"), limit=20, max_new_tokens=96, learner=offline_workspace.solo)
    got = scores(report)
    adapter_answers = [r.answer for r in report.records if r.column == "lora:triage-real"]
    valid = sum(_is_record(answer) for answer in adapter_answers) / len(adapter_answers)
    fields = field_accuracy(report, "lora:triage-real"), field_accuracy(report, "base")
    print(f"triage-json, 20 items: {got}; schema-valid records from the adapter: {valid:.0%}; field values right: {fields}")
    assert valid >= 0.80
    # Every checked field right at once (category, urgency, sentiment, order id, needs_human):
    # measured 45% of these 20 items against base 0% (20-27% of the first 30 in earlier runs);
    # each field on its own, 77% against 18%.
    assert got["lora:triage-real"]["skill"] >= got["base"]["skill"] + 0.30
    assert fields[0] >= fields[1] + 0.30


def field_accuracy(report, column: str) -> float:
    """Share of the checked field values (over every item) that `column`'s records got right."""
    right = total = 0
    for record in (r for r in report.records if r.column == column):
        item = next(i for i in load_scenario("triage-json").items if i.id == record.item)
        wanted = next(c["fields"] for c in item.checks if c["type"] == "json_schema")
        try:
            got = json.loads(record.answer.strip())
        except ValueError:
            got = {}
        got = got if isinstance(got, dict) else {}
        right += sum(got.get(key) == value for key, value in wanted.items())
        total += len(wanted)
    return right / total


def _is_record(answer: str) -> bool:
    try:
        record = json.loads(answer.strip())
    except ValueError:
        return False
    keys = {"category", "urgency", "sentiment", "order_id", "summary", "needs_human"}
    return isinstance(record, dict) and set(record) == keys


def test_training_the_dequantised_model_changes_the_lora_weights_and_no_base_weight(triage_run):
    card, folder, before, after = triage_run
    assert before == after and len(before) == 272  # every tensor of the GGUF file (the output head is the tied embedding)
    saved = load_file(folder / WEIGHTS_FILE)
    ups = {key: value for key, value in saved.items() if "lora_B" in key}
    assert len(ups) == 30 * 7  # every linear layer of the 30 blocks
    assert all(bool(value.abs().sum() > 0) for value in ups.values())  # LoRA's B starts at zero: each one learned


def test_greedy_answers_repeat_exactly(offline_workspace, triage_run):
    engine = offline_workspace.engine()
    specs = parse_columns("base,lora:triage-real")
    question = load_scenario("triage-json").items[0].question
    first, second = (offline_workspace.compare(question, specs, learner=offline_workspace.solo, max_new_tokens=24) for _ in range(2))
    assert [c.text for c in first.columns] == [c.text for c in second.columns]
    assert first.columns[0].text != first.columns[1].text  # the adapter's row really is the adapter's
    assert engine.name == OFFLINE_MODEL


def test_a_changed_fact_reaches_rag_by_reindexing_and_not_the_adapter(offline_workspace):
    card, _, _, _ = train_pack(offline_workspace, "lumenfold-handbook", "handbook-real", HANDBOOK_RUN)
    scenario = load_scenario("lumenfold-handbook")
    report = offline_workspace.evaluate(scenario, parse_columns("rag,lora:handbook-real"), experiment="fact-update", max_new_tokens=48, learner=offline_workspace.solo)
    update = report.extra["fact_update"]
    print(f"fact-update over {update['items']} changed facts: before {update['before']}, after {update['after']}")
    before, after = update["before"], update["after"]
    # What rag read before, it reads after: the old fact gives way to the new one (measured with
    # focused passages: the old fact 5 of 13 before, the new one 6 of 13 after; not yet "most").
    assert after["rag"]["new_fact"] >= 0.2 and after["rag"]["new_fact"] >= before["rag"]["old_fact"] - 1 / update["items"]
    assert after["rag"]["old_fact"] <= 1 / update["items"] and before["rag"]["new_fact"] == 0
    adapter = "lora:handbook-real"
    assert after[adapter]["new_fact"] <= before[adapter]["new_fact"]  # re-indexing cannot teach it
