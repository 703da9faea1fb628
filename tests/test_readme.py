"""The README tells the truth: Space front matter, every command documented, every example parses."""

from __future__ import annotations

import re
import shlex

import pytest

from conftest import REPO
from studio.cli import build_parser

README = (REPO / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", README, flags=re.S)
    lines = "\n".join(blocks).replace("\\\n", " ").splitlines()
    return [line.split("#")[0].strip() for line in lines if line.strip().startswith("studio ")]


def test_front_matter_is_a_complete_space_card():
    assert README.startswith("---\n")
    front = README.split("---\n")[1]
    fields = dict(re.findall(r"^(\w+): ?(.*)$", front, flags=re.M))
    assert fields["sdk"] == "gradio"
    assert re.fullmatch(r"\d+\.\d+\.\d+", fields["sdk_version"])
    assert (REPO / fields["app_file"]).is_file()
    for key in ("title", "emoji", "suggested_hardware", "models", "tags", "short_description"):
        assert key in fields, key
    assert len(fields["short_description"]) <= 60


def test_the_space_preloads_the_default_model_and_embedder():
    import yaml

    from studio.config import DEFAULT_EMBEDDER
    from studio.model.sources import CPU_DEFAULT, GPU_DEFAULT

    front = yaml.safe_load(README.split("---\n")[1])
    # `auto` loads one or the other by the Space's hardware: both are in its image before the first learner.
    assert {CPU_DEFAULT, GPU_DEFAULT, DEFAULT_EMBEDDER} <= set(front["preload_from_hub"])


def test_every_command_has_a_section():
    subcommands = build_parser()._subparsers._group_actions[0].choices
    for name in subcommands:
        assert f"### `studio {name}`" in README, name


@pytest.mark.parametrize("command", readme_commands())
def test_every_readme_example_parses(command):
    command = re.sub(r'"\$\(.*?\)"', "/some/folder", command)
    build_parser().parse_args(shlex.split(command)[1:])  # exits (fails the test) on a bad flag
