"""The scenario packs' generators and their phrase pools.

The shipped train.jsonl and eval.jsonl are the packs' data; a pack's generate.py is how they
were first made. Rerunning one reproduces them only while CPython's `random` gives the same
sequence for a seed, so that check is the opt-in `generators` tier (`-m generators`). That a
pack's pools.json is valid and all of it used is cheap, and checked on every run.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

from studio.lesson.scenarios import SCENARIOS_DIR, scenario_ids


def packs_with(name: str) -> list[str]:
    return [pack for pack in scenario_ids() if (SCENARIOS_DIR / pack / name).is_file()]


@pytest.mark.generators
@pytest.mark.parametrize("pack", packs_with("generate.py"))
def test_each_pack_generator_reproduces_its_data(pack, tmp_path):
    copy = shutil.copytree(SCENARIOS_DIR / pack, tmp_path / pack)
    (copy / "train.jsonl").unlink()
    (copy / "eval.jsonl").unlink()
    run = subprocess.run([sys.executable, str(copy / "generate.py")], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    for name in ("train.jsonl", "eval.jsonl"):
        assert (copy / name).read_bytes() == (SCENARIOS_DIR / pack / name).read_bytes(), f"{pack}/{name} differs"


@pytest.mark.parametrize("pack", packs_with("pools.json"))
def test_each_pools_file_is_json_its_generator_reads_all_of(pack):
    folder = SCENARIOS_DIR / pack
    pools = json.loads((folder / "pools.json").read_text(encoding="utf-8"))
    assert isinstance(pools, dict) and pools, f"{pack}/pools.json is not an object of named pools"
    assert (folder / "generate.py").is_file(), f"{pack}/pools.json has no generate.py to read it"
    source = (folder / "generate.py").read_text(encoding="utf-8")
    # a pool is read by its name as a string literal: POOLS["names"]
    unused = [key for key in pools if not re.search(rf"""(["']){re.escape(key)}\1""", source)]
    assert not unused, f"{pack}/pools.json: generate.py never reads {unused}"


def test_the_reader_pack_teaches_the_prompt_a_focused_rag_column_hands_the_model():
    """The reader adapter learns to read the focused RAG prompt; if that prompt changes, the pack
    must be regenerated (python data/scenarios/reader/generate.py) and its adapter retrained."""
    from studio.lesson.prompts import FOCUSED_INSTRUCTION, focused_user_message
    from studio.knowledge.retrieval import Hit
    from studio.lesson.scenarios import load_scenario

    pack = load_scenario("reader")
    assert pack.kind == "skill" and "lora+rag:reader" in pack.columns
    rows = [json.loads(line) for line in (SCENARIOS_DIR / "reader" / "train.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 500
    refusals = 0
    for row in rows:
        system, user, answer = (m["content"] for m in row["messages"])
        facts, question = user.split(f"\n\n{FOCUSED_INSTRUCTION}\n\nQuestion: ")
        units = re.findall(r"^\[(\d+)\] \(([^)]+)\) (.*)$", facts.removeprefix("Facts from the documents:\n"), flags=re.M)
        hits = [Hit(source, text, 0.5, f"{source}#{n}") for n, source, text in units]
        assert user == focused_user_message(question, hits)  # byte for byte what the column sends
        cited = re.findall(r"\[(\d+)\]", answer)
        if "do not say" in answer:
            refusals += 1
            assert not cited
        else:  # one citation, of a passage the prompt has
            assert len(cited) == 1 and 1 <= int(cited[0]) <= len(units), answer
    assert 0.02 <= refusals / len(rows) <= 0.2  # a few, so it says so rather than guess, not a habit
