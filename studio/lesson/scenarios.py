"""Scenario packs (`data/scenarios/<id>/`): loaded, validated, described.

A pack is a folder a user could copy to make their own (format in data/scenarios/README.md).
Every problem is reported with the file and line and what to do; nothing is loaded lazily,
so a broken pack fails when it is opened, not halfway through an evaluation.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import StudioError
from ..jsonl import read_jsonl
from .checks import check_problem

SCENARIOS_DIR = Path(__file__).resolve().parents[2] / "data" / "scenarios"  # the repository's data/, beside studio/
KINDS = ("knowledge", "skill", "both")
ITEM_KINDS = ("knowledge", "skill")
MIN_EVAL_ITEMS = 40
MIN_TRAIN_EXAMPLES = 300  # for packs that teach a skill


class ScenarioError(StudioError):
    """A scenario id or pack cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class EvalItem:
    """One question of a scenario's evaluation, with what a right answer must pass."""

    id: str
    kind: str  # knowledge | skill
    question: str
    checks: tuple[dict, ...]
    reference: str = ""
    paraphrase: str = ""
    update: dict | None = None  # {"old": fact before updates/, "new": fact after}


@dataclass(frozen=True)
class Scenario:
    """A loaded, validated pack."""

    id: str
    folder: Path
    title: str
    kind: str
    lesson: str
    system: str
    lora: dict
    items: tuple[EvalItem, ...]
    train_examples: int
    documents: int
    updated_documents: int
    extra: dict = field(default_factory=dict)
    # The columns the pack suggests showing (`columns` of scenario.toml, as --modes takes them):
    # a lora:NAME among them is shown once the registry has that adapter. Empty: the usual defaults.
    columns: tuple[str, ...] = ()

    @property
    def docs(self) -> Path:
        return self.folder / "docs"

    def item_asked(self, question: str) -> "EvalItem | None":
        """The item whose question (or paraphrase) this is, case and spacing aside; None for a question of one's own."""
        wanted = " ".join(str(question).split()).casefold()
        for item in self.items:
            if wanted in {" ".join(q.split()).casefold() for q in (item.question, item.paraphrase) if q}:
                return item
        return None

    def training_config(self):
        """The pack's suggested LoRA settings (`[lora]` of scenario.toml) as a TrainingConfig."""
        from dataclasses import fields

        from ..config import TrainingConfig

        known = {f.name for f in fields(TrainingConfig)}
        return TrainingConfig(**{key: value for key, value in self.lora.items() if key in known})

    @property
    def train(self) -> Path:
        return self.folder / "train.jsonl"

    @property
    def updates(self) -> Path:
        return self.folder / "updates"

    def summary(self) -> dict:
        kinds = {k: sum(1 for i in self.items if i.kind == k) for k in ITEM_KINDS}
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "lesson": self.lesson,
            "documents": self.documents,
            "updated_documents": self.updated_documents,
            "train_examples": self.train_examples,
            "eval_items": len(self.items),
            "knowledge_items": kinds["knowledge"],
            "skill_items": kinds["skill"],
        }


def scenario_ids(root: Path = SCENARIOS_DIR) -> list[str]:
    """Ids of the packs under `root` (folders holding a scenario.toml)."""
    return sorted(p.name for p in root.iterdir() if (p / "scenario.toml").is_file()) if root.is_dir() else []


def find_scenario(ref: str, root: Path = SCENARIOS_DIR, allow_paths: bool = True) -> Path:
    """The folder of a pack given by id (bundled) or, with `allow_paths` (the CLI), by path (a user's own).

    The app passes `allow_paths=False`: a scenario from a request is an id, never a path.
    """
    ref = ref if isinstance(ref, str) else ""
    folder = Path(ref).expanduser()
    if allow_paths and ("/" in ref or ref.startswith(".")) and folder.is_dir():
        return folder
    if re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", ref) and (root / ref).is_dir():
        return root / ref
    known = ", ".join(scenario_ids(root)) or "none"
    also = ", or a pack folder's path" if allow_paths else ""
    raise ScenarioError(f"no scenario {ref[:80]!r}: use one of {known} (`studio scenarios` lists them){also}")


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"{path} is not UTF-8 text (byte {exc.start}): save it as UTF-8") from None


def _eval_item(number: int, record: dict, path: Path, seen: set[str]) -> EvalItem:
    where = f"line {number} of {path}"
    item_id = record.get("id")
    if not isinstance(item_id, str) or not item_id:
        raise ScenarioError(f"{where} has no 'id'")
    if item_id in seen:
        raise ScenarioError(f"{where}: id {item_id!r} is used twice; ids must be unique")
    seen.add(item_id)
    kind = record.get("kind")
    if kind not in ITEM_KINDS:
        raise ScenarioError(f"{where} ({item_id}) has kind {kind!r}: label every item 'knowledge' or 'skill'")
    question = record.get("question")
    if not isinstance(question, str) or not question.strip():
        raise ScenarioError(f"{where} ({item_id}) has no 'question'")
    checks = record.get("checks")
    if not isinstance(checks, list) or not checks:
        raise ScenarioError(f"{where} ({item_id}) has no 'checks': say what a right answer must contain or satisfy")
    for check in checks:
        problem = check_problem(check)
        if problem:
            raise ScenarioError(f"{where} ({item_id}): {problem}")
        if check["type"] == "json_schema":
            problem = _schema_problem(check["schema"], path.parent)
            if problem:
                raise ScenarioError(f"{where} ({item_id}): {problem}")
    update = record.get("update")
    if update is not None and not (
        isinstance(update, dict) and all(isinstance(update.get(k), str) and update[k].strip() for k in ("old", "new"))
    ):
        raise ScenarioError(f"{where} ({item_id}): 'update' must be {{\"old\": ..., \"new\": ...}}")
    return EvalItem(
        id=item_id,
        kind=kind,
        question=question,
        checks=tuple(checks),
        reference=str(record.get("reference") or ""),
        paraphrase=str(record.get("paraphrase") or ""),
        update=update,
    )


def _schema_problem(schema, pack: Path) -> str | None:
    """Why a json_schema check's schema cannot be used, or None: a file of the pack holding a valid JSON schema."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    shown = "its inline schema"
    if isinstance(schema, str):
        file = pack / schema
        if Path(schema).is_absolute() or ".." in Path(schema).parts or not file.is_file():
            return f"schema file {schema!r} is not a file of the pack"
        shown = str(file)
        try:
            schema = json.loads(_read_text(file))
        except (json.JSONDecodeError, RecursionError) as exc:
            return f"schema file {file} is not valid JSON ({getattr(exc, 'msg', 'nested too deeply')}): fix it"
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        return f"{shown} is not a valid JSON schema ({exc.message})"
    return None


def _count_files(folder: Path) -> int:
    return sum(1 for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")) if folder.is_dir() else 0


def load_scenario(ref: str, root: Path = SCENARIOS_DIR, allow_paths: bool = True) -> Scenario:
    """Load and validate a pack by id or (with `allow_paths`) folder; ScenarioError says what is missing or wrong."""
    folder = find_scenario(ref, root, allow_paths)
    toml_path = folder / "scenario.toml"
    if not toml_path.is_file():
        raise ScenarioError(f"scenario {folder.name} has no scenario.toml: see data/scenarios/README.md for the format")
    try:
        meta = tomllib.loads(_read_text(toml_path))
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{toml_path} is not valid TOML: {exc}") from None
    for key in ("title", "kind", "lesson", "system"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            raise ScenarioError(f"{toml_path} has no {key!r}")
    if meta["kind"] not in KINDS:
        raise ScenarioError(f"{toml_path}: kind {meta['kind']!r} must be one of {', '.join(KINDS)}")
    eval_path = folder / "eval.jsonl"
    if not eval_path.is_file():
        raise ScenarioError(f"scenario {folder.name} has no eval.jsonl: the questions to score are missing")
    seen: set[str] = set()
    items = tuple(_eval_item(n, r, eval_path, seen) for n, r in read_jsonl(eval_path, str(eval_path), ScenarioError))
    if len(items) < MIN_EVAL_ITEMS:
        raise ScenarioError(f"{eval_path} has {len(items)} items; a scenario needs at least {MIN_EVAL_ITEMS} to score fairly")
    train_examples = 0
    if (folder / "train.jsonl").is_file():
        from ..tuning.datasets import load_examples

        train_examples = len(load_examples(folder / "train.jsonl")[0])
    elif meta["kind"] != "knowledge":
        raise ScenarioError(f"scenario {folder.name} teaches a skill but has no train.jsonl for the adapter")
    if meta["kind"] != "knowledge" and train_examples < MIN_TRAIN_EXAMPLES:
        raise ScenarioError(
            f"{folder / 'train.jsonl'} has {train_examples} examples; a skill needs at least {MIN_TRAIN_EXAMPLES}"
        )
    documents = _count_files(folder / "docs")
    if meta["kind"] != "skill" and documents == 0:
        raise ScenarioError(f"scenario {folder.name} is about knowledge but has no docs/ for retrieval")
    if any(i.update for i in items) and _count_files(folder / "updates") == 0:
        raise ScenarioError(f"{eval_path} has items with 'update' but the pack has no updates/ folder")
    lora = meta.get("lora") or {}
    if not isinstance(lora, dict):
        raise ScenarioError(f"{toml_path}: 'lora' must be a table of training settings ([lora])")
    try:
        from ..config import TrainingConfig

        known = {f for f in TrainingConfig.__dataclass_fields__}
        TrainingConfig(**{k: v for k, v in lora.items() if k in known})
    except StudioError as exc:
        raise ScenarioError(f"{toml_path} [lora]: {exc}") from None
    columns = meta.get("columns", "")
    try:
        from .columns import parse_columns

        columns = tuple(spec.label for spec in parse_columns(columns)) if columns else ()
    except StudioError as exc:
        raise ScenarioError(f"{toml_path}: columns {str(columns)[:80]!r}: {exc}") from None
    return Scenario(
        id=folder.name,
        folder=folder,
        title=meta["title"],
        kind=meta["kind"],
        lesson=" ".join(meta["lesson"].split()),
        system=meta["system"].strip(),
        lora=dict(lora),
        items=items,
        train_examples=train_examples,
        documents=documents,
        updated_documents=_count_files(folder / "updates"),
        columns=columns,
    )


def list_scenarios(root: Path = SCENARIOS_DIR) -> list[Scenario]:
    """Every bundled pack, loaded (so a broken one shows up here, not during an evaluation)."""
    return [load_scenario(i, root) for i in scenario_ids(root)]
