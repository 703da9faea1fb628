"""The package layout is the architecture: each layer imports only the layers below it."""

from __future__ import annotations

import ast
from pathlib import Path

STUDIO = Path(__file__).resolve().parents[1] / "studio"
# Lowest first. A module may import its own layer and the layers before it, never one after.
LAYERS = ["base", "knowledge", "model", "tuning", "lesson", "prepare", "classroom", "surfaces"]
BASE = {"errors", "config", "hub", "quiet", "jsonl", "adapters", "__init__"}


def layer_of(parts: tuple[str, ...]) -> str:
    """`studio.x.y` -> its layer: a subpackage's name, the base modules, or the surfaces (cli, ui)."""
    first = parts[0] if parts else "__init__"
    if first in ("cli", "ui"):
        return "surfaces"
    if first in BASE or first.endswith(".py"):
        return "base"
    return first


def imports(path: Path) -> list[tuple[str, ...]]:
    """Every studio module `path` imports (lazy ones too), as parts under `studio`."""
    here = path.relative_to(STUDIO).with_suffix("").parts
    package = here[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
            found.append(tuple(base) + tuple((node.module or "").split(".")) if node.module else tuple(base))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("studio."):
            found.append(tuple(node.module.split(".")[1:]))
    return found


def test_every_import_points_down_the_layers():
    upward = []
    for path in sorted(STUDIO.rglob("*.py")):
        here = path.relative_to(STUDIO).with_suffix("").parts
        mine = LAYERS.index(layer_of(here))
        for target in imports(path):
            theirs = LAYERS.index(layer_of(target))
            if theirs > mine:
                upward.append(f"{'/'.join(here)} -> {'.'.join(target)}")
    assert upward == []


def test_every_module_is_in_the_readme_map():
    readme = (STUDIO.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## How it is built"):]
    modules = [p for p in STUDIO.rglob("*.py") if p.name != "__init__.py"]
    missing = [str(p.relative_to(STUDIO)) for p in modules if f"`{p.name}`" not in section and f"`{p.relative_to(STUDIO)}`" not in section]
    assert missing == []


def test_the_shipped_packs_and_sample_are_found_from_their_modules():
    """Data paths are computed from a module's place in the tree: a move must not lose them."""
    from studio.cli import SAMPLE_DOCS
    from studio.lesson.scenarios import scenario_ids

    assert {"lumenfold-handbook", "triage-json", "reader", "support-replies", "legal-irac"} <= set(scenario_ids())
    assert (SAMPLE_DOCS / "pricing.md").is_file()
