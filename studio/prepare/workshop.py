"""Running a class: the scenarios' adapters trained before it starts.

Adapters belong to the model they were trained on, so no scenario can ship one. `scenario_adapter`
trains a pack's adapter from its `train.jsonl` with its suggested settings, into the registry
under the pack's id, or reuses the one there when its card says it was trained on the same data
for the same base model. `studio workshop prepare` runs it for every pack the class will use,
and `studio eval --train` for the pack it evaluates.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..adapters import read_card, safe_adapter_name
from ..errors import StudioError


@dataclass(frozen=True)
class PreparedAdapter:
    """A scenario's adapter, ready in the registry and loaded in the engine."""

    scenario: str
    name: str  # its name in the engine
    folder: Path
    seconds: float  # its training's wall time (the one reused: when it was trained)
    reused: bool
    examples: int
    created: str
    warning: str = ""  # reused although trained on other weights of the same model (a GGUF copy, say)


def scenario_adapter(
    engine, scenario, registry: Path, on_progress: Callable | None = None, on_start: Callable[[int], None] | None = None
) -> PreparedAdapter:
    """The pack's own adapter for `engine`'s model: reused when its card matches, else trained.

    Reused only when the card names the same base model, architecture, weights (a folder's
    files unchanged, the same Hub commit) and training file (sha256); an adapter of that name trained otherwise is never replaced (StudioError says how
    to retrain). One trained on other weights of the same model (the offline GGUF copy against
    the Hub's) is reused with a warning, as its columns carry one. `on_start(examples)` is called
    before a training starts.
    """
    from ..tuning.training import file_fingerprint
    from ..tuning.training_run import plan_run

    folder = registry / scenario.id
    digest = file_fingerprint(scenario.train)
    card = read_card(folder) if folder.is_dir() else None
    same_base = card is not None and card.base_fingerprint == engine.fingerprint and card.base_model == engine.name
    # The same weights too: a folder whose files changed since (a fine-tune saved over them,
    # another revision downloaded into it) is another base model for an adapter.
    same_weights = card is not None and card.base_revision == engine.revision
    if card and same_base and same_weights and card.dataset.get("fingerprint") == digest:
        name = engine.add_adapter(folder, scenario.id)
        warning = engine.weights_warning(name) or ""
        return PreparedAdapter(scenario.id, name, folder, card.wall_seconds, True, card.dataset["examples"], card.created, warning)
    if folder.exists():
        raise StudioError(
            f"adapter {scenario.id} in {registry} was trained on other data, another base model or other weights of it: delete it with "
            f"`studio adapters delete {scenario.id}` to train it again"
        )
    # The one run every surface uses (the class's adapter: no learner owns it).
    run = plan_run(engine, scenario.train, scenario.training_config(), scenario.id, folder, system=scenario.system, keep_origin=True)
    if on_start:
        on_start(len(run.plan.data.examples))
    card = run.run(engine, on_progress=on_progress)
    return PreparedAdapter(scenario.id, safe_adapter_name(scenario.id), folder, card.wall_seconds, False, len(run.plan.data.examples), card.created)
