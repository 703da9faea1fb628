"""What the scenario packs' generators share: their pools, their random draws, their output.

A procedural pack (data/scenarios/<id>/generate.py) keeps its rules in Python and its phrase
pools (names, places, sentence templates, situations) in `pools.json` next to it. The shipped
train.jsonl and eval.jsonl are the packs' data; a generator is how they were first made, and
rerunning one reproduces them only while CPython's `random` gives the same sequence for a seed.
"""

from __future__ import annotations

import json
import random
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

POOLS_FILE = "pools.json"
SLOT = re.compile(r"\{(\w+)\}")


def load_pools(pack: Path) -> dict:
    """The pack's pools.json, key order as written (draws depend on it)."""
    return json.loads((Path(pack) / POOLS_FILE).read_text(encoding="utf-8"))


def system_prompt(pack: Path) -> str:
    """The `system` of the pack's scenario.toml: every example is framed with it."""
    with open(Path(pack) / "scenario.toml", "rb") as handle:
        return tomllib.load(handle)["system"].strip()


def fill(template: str, slots: Mapping[str, object]) -> str:
    """Put each `{slot}` value into `template`; a slot with no value is an error."""
    return SLOT.sub(lambda m: str(slots[m.group(1)]), template)


def misspell(word: str, at: int, kind: str) -> str:
    """One slip of the keyboard at letter `at`: "swap" it with the next, "drop" it or "double" it."""
    if kind == "swap":
        return word[:at] + word[at + 1] + word[at] + word[at + 2:]
    if kind == "drop":
        return word[:at] + word[at + 1:]
    if kind == "double":
        return word[:at] + word[at] + word[at:]
    raise ValueError(f"no slip called {kind!r}")


class PackRandom(random.Random):
    """A seeded stream: `random.Random`'s draws (the same sequence), plus the generators' own."""

    def chance(self, p: float) -> bool:
        return self.random() < p

    def fill_choice(self, templates: Sequence[str], **slots: object) -> str:
        """One of `templates`, filled."""
        return fill(self.choice(templates), slots)


def write_jsonl(path: Path, rows: Iterable[dict]) -> None:
    """One JSON object a line, UTF-8 as is, "\\n" line ends on every system."""
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
