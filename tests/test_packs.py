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

from studio.scenarios import SCENARIOS_DIR, scenario_ids


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
