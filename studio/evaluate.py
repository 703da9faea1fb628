"""Scoring a scenario: every question through every mode, checks per answer, a scoreboard.

`run_items` asks each item once, all modes as rows of one batched call (one model load for
the whole run), checks every answer and appends a record per item to `records.jsonl` when an
output folder is given, so an interrupted run resumes where it stopped. `scoreboard` and
`verdict` are pure functions of those records: the verdict is written from the numbers,
never a fixed text. The two experiments (`fact_update`, `paraphrase`) reuse the same runner.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from .checks import CheckResult, run_check
from .compare import CompareOptions, Mode, compare
from .errors import StudioError
from .scenarios import EvalItem, Scenario

RECORDS_FILE = "records.jsonl"
RUN_FILE = "run.json"
REPORT_FILES = ("report.json", "report.md", "chart.png")
RUN_FILES = frozenset({RUN_FILE, RECORDS_FILE, *REPORT_FILES})


def check_run_folder(out: Path) -> None:
    """StudioError unless `out` is new, empty, or an evaluation run's folder: never write into a user's files."""
    if out.exists() and not out.is_dir():
        raise StudioError(f"--out {out} is a file: pass a folder for the run's records and report")
    if out.is_symlink():
        raise StudioError(f"--out {out} is a link: pass a folder for the run's records and report")
    if out.is_dir():
        names = {p.name for p in out.iterdir()}
        foreign = sorted(n for n in names if n not in RUN_FILES and not (n.startswith(".") and n.endswith(".tmp")))
        if foreign or (names and RUN_FILE not in names):
            raise StudioError(
                f"--out {out} holds files that are not an evaluation run's ({', '.join((foreign or sorted(names))[:5])}), "
                f"so nothing was written there: pass a new or empty folder"
            )


# -- one item ---------------------------------------------------------------------------------


def score_answer(item: EvalItem, answer: str, pack: Path | None = None) -> list[CheckResult]:
    """Every check of `item` on `answer`."""
    return [run_check(check, answer, item.kind, pack) for check in item.checks]


def passes(results: Sequence[CheckResult], kind: str) -> bool | None:
    """Whether every check of one kind passed; None when the item has no check of that kind."""
    relevant = [r for r in results if r.kind == kind]
    return all(r.passed for r in relevant) if relevant else None


@dataclass(frozen=True)
class ItemRecord:
    """One item answered in one mode, with its checks: a line of records.jsonl."""

    item: str
    kind: str
    mode: str
    question: str
    answer: str
    adapter: str | None
    retrieved: list  # [{"chunk_id", "score"}]
    checks: list  # CheckResult.to_dict() per check
    knowledge: bool | None
    skill: bool | None
    seconds: float
    new_tokens: int
    phase: str = ""  # experiments: "before"/"after" (fact-update), "original"/"paraphrase"
    fact_in_passages: bool | None = None  # retrieval columns: did the passages hold every fact?

    @classmethod
    def from_dict(cls, data: dict) -> "ItemRecord":
        return cls(**data)


def facts_in(text: str, item: EvalItem, pack: Path | None = None) -> bool | None:
    """Whether `text` (the retrieved passages) holds every fact the item's answer must state."""
    facts = [c for c in item.checks if c["type"] in ("fact", "any_of") and c.get("kind", item.kind) == "knowledge"]
    return all(run_check(c, text, "knowledge", pack).passed for c in facts) if facts else None


def ask_item(engine, item: EvalItem, question: str, modes: Sequence[Mode], options: CompareOptions, pack: Path, phase: str = "") -> list[ItemRecord]:
    """Ask one question in every mode (one batched call) and check each answer."""
    comparison = compare(engine, question, modes, options)
    records = []
    for column in comparison.columns:
        results = score_answer(item, column.text, pack)
        records.append(
            ItemRecord(
                item=item.id,
                kind=item.kind,
                mode=column.mode.value,
                question=question,
                answer=column.text,
                adapter=column.adapter,
                retrieved=[{"chunk_id": h.chunk_id, "score": round(float(h.score), 4)} for h in column.retrieved],
                checks=[r.to_dict() for r in results],
                knowledge=passes(results, "knowledge"),
                skill=passes(results, "skill"),
                seconds=round(column.seconds, 3),
                new_tokens=column.new_tokens,
                phase=phase,
                fact_in_passages=facts_in("\n".join(h.text for h in column.retrieved), item, pack) if column.retrieval else None,
            )
        )
    return records


# -- a run, resumable -------------------------------------------------------------------------


def _open_run(out: Path | None, settings: dict) -> list[ItemRecord]:
    """Records already in `out` for these settings; refuse a folder holding another run."""
    if out is None:
        return []
    check_run_folder(out)
    out.mkdir(parents=True, exist_ok=True)
    run_file = out / RUN_FILE
    if run_file.is_file():
        try:
            previous = json.loads(run_file.read_text(encoding="utf-8"))
        except (ValueError, RecursionError):  # bad JSON or bad UTF-8
            previous = None
        if not isinstance(previous, dict):
            raise StudioError(f"{run_file} is damaged: delete {out} to start the run again, or pass another --out")
        if previous != settings:
            changed = sorted(k for k in set(previous) | set(settings) if previous.get(k) != settings.get(k))
            raise StudioError(
                f"{out} holds a run with other settings ({', '.join(changed)}): pass another --out, or delete it to start again"
            )
    else:
        _write_atomic(run_file, json.dumps(settings, indent=2) + "\n")
    records_file = out / RECORDS_FILE
    if not records_file.is_file():
        return []
    records = []
    for line in records_file.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            records.append(ItemRecord.from_dict(json.loads(line)))
        except (ValueError, TypeError, AttributeError, RecursionError):
            break  # a line cut by a crash: everything after it is asked again
    return records


def _write_atomic(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def run_items(
    engine,
    scenario: Scenario,
    items: Sequence[tuple[EvalItem, str, str]],
    modes: Sequence[Mode],
    options: CompareOptions,
    out: Path | None = None,
    settings: dict | None = None,
    on_item: Callable[[int, int], None] | None = None,
) -> list[ItemRecord]:
    """Ask (item, question, phase) triples in every mode; resume from `out` when it holds some.

    Each finished item's records are appended to `out/records.jsonl` at once, so a crash
    loses at most the item in flight.
    """
    done = _open_run(out, settings or {})
    finished = {(r.item, r.phase) for r in done}
    # Keep only complete items (every mode), in case a crash cut one short.
    complete = {key for key in finished if sum(1 for r in done if (r.item, r.phase) == key) == len(modes)}
    records = [r for r in done if (r.item, r.phase) in complete]
    if out is not None and len(records) != len(done):
        _write_atomic(out / RECORDS_FILE, "".join(json.dumps(asdict(r), ensure_ascii=False) + "\n" for r in records))
    for position, (item, question, phase) in enumerate(items, start=1):
        if (item.id, phase) not in complete:
            new = ask_item(engine, item, question, modes, options, scenario.folder, phase)
            records.extend(new)
            if out is not None:
                with open(out / RECORDS_FILE, "a", encoding="utf-8") as handle:
                    handle.write("".join(json.dumps(asdict(r), ensure_ascii=False) + "\n" for r in new))
                    handle.flush()
                    os.fsync(handle.fileno())
        if on_item:
            on_item(position, len(items))
    return records


# -- the scoreboard ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ModeScore:
    """One row of the scoreboard."""

    mode: str
    knowledge: float | None  # share of items whose knowledge checks all passed
    knowledge_items: int
    skill: float | None
    skill_items: int
    mean_seconds: float
    mean_new_tokens: float
    facts_retrieved: float | None = None  # retrieval columns: share of knowledge items whose passages held the fact


def scoreboard(records: Sequence[ItemRecord], modes: Sequence[str]) -> list[ModeScore]:
    """Rows: modes, in order; knowledge and skill scored apart."""
    rows = []
    for mode in modes:
        mine = [r for r in records if r.mode == mode]
        know = [r.knowledge for r in mine if r.knowledge is not None]
        skill = [r.skill for r in mine if r.skill is not None]
        retrieved = [r.fact_in_passages for r in mine if r.fact_in_passages is not None]
        rows.append(
            ModeScore(
                mode=mode,
                knowledge=sum(know) / len(know) if know else None,
                knowledge_items=len(know),
                skill=sum(skill) / len(skill) if skill else None,
                skill_items=len(skill),
                mean_seconds=sum(r.seconds for r in mine) / len(mine) if mine else 0.0,
                mean_new_tokens=sum(r.new_tokens for r in mine) / len(mine) if mine else 0.0,
                facts_retrieved=sum(retrieved) / len(retrieved) if retrieved else None,
            )
        )
    return rows


def _best(rows: Sequence[ModeScore], attribute: str) -> tuple[list[str], float] | None:
    scored = [(getattr(r, attribute), r.mode) for r in rows if getattr(r, attribute) is not None]
    if not scored:
        return None
    top = max(score for score, _ in scored)
    return [mode for score, mode in scored if score == top], top


def verdict(rows: Sequence[ModeScore]) -> str:
    """One paragraph read off the numbers: who wins knowledge, who wins skill, and what it means."""
    by_mode = {r.mode: r for r in rows}
    sentences = []
    for attribute, noun in (("knowledge", "knowledge questions (facts from the documents)"), ("skill", "skill questions (format and voice)")):
        best = _best(rows, attribute)
        if best is None:
            continue
        winners, top = best
        base = by_mode.get("base")
        base_score = getattr(base, attribute) if base else None
        if top == 0:
            sentences.append(f"No column answered any of the {noun} right.")
            continue
        lead = f"On {noun}, {' and '.join(winners)} scored best ({top:.0%})"
        if base_score is not None and "base" not in winners:
            lead += f", against {base_score:.0%} for the base model"
        sentences.append(lead + ".")
    rag, lora = by_mode.get("rag"), by_mode.get("lora")
    if rag and lora and rag.knowledge is not None and lora.knowledge is not None and rag.knowledge != lora.knowledge:
        winner, loser = ("RAG", "LoRA") if rag.knowledge > lora.knowledge else ("LoRA", "RAG")
        sentences.append(
            f"For facts, {winner} beat {loser} by {abs(rag.knowledge - lora.knowledge):.0%}"
            + (": retrieval supplies knowledge." if winner == "RAG" else ": here the adapter remembered facts better than retrieval found them.")
        )
    if rag and lora and rag.skill is not None and lora.skill is not None and rag.skill != lora.skill:
        winner, loser = ("LoRA", "RAG") if lora.skill > rag.skill else ("RAG", "LoRA")
        sentences.append(
            f"For the format, {winner} beat {loser} by {abs(lora.skill - rag.skill):.0%}"
            + (": fine-tuning teaches a skill." if winner == "LoRA" else ": here the passages taught the format better than the adapter did.")
        )
    if rag and rag.facts_retrieved is not None and rag.knowledge is not None and rag.facts_retrieved > rag.knowledge + 0.2:
        sentences.append(
            f"The passages held the fact for {rag.facts_retrieved:.0%} of the knowledge questions, but the RAG answers "
            f"stated it for only {rag.knowledge:.0%}: retrieval found it, the model did not use it."
        )
    both = by_mode.get("lora+rag")
    if both and both.knowledge is not None and both.skill is not None:
        others = [r for r in rows if r.mode != "lora+rag" and r.knowledge is not None and r.skill is not None]
        if others and all(both.knowledge >= o.knowledge and both.skill >= o.skill for o in others) and (both.knowledge + both.skill) > max(o.knowledge + o.skill for o in others):
            sentences.append(f"Only LoRA + RAG did well on both ({both.knowledge:.0%} knowledge, {both.skill:.0%} skill).")
    fastest = min(rows, key=lambda r: r.mean_seconds) if rows else None
    if fastest and len(rows) > 1:
        slowest = max(rows, key=lambda r: r.mean_seconds)
        if slowest.mean_seconds > 0 and fastest.mode != slowest.mode:
            sentences.append(f"{slowest.mode} took {slowest.mean_seconds:.1f} s per answer on average, {fastest.mode} {fastest.mean_seconds:.1f} s.")
    return " ".join(sentences) or "No item was scored."


# -- the report -------------------------------------------------------------------------------


@dataclass
class EvalReport:
    """What `studio eval` prints and writes."""

    scenario: str
    model: str
    adapter: str | None
    modes: list[str]
    experiment: str  # "scoreboard", "fact-update" or "paraphrase"
    rows: list[ModeScore]
    verdict: str
    records: list[ItemRecord]
    extra: dict = field(default_factory=dict)  # experiments' own figures

    def to_dict(self) -> dict:
        return {
            "scenario": self.scenario,
            "model": self.model,
            "adapter": self.adapter,
            "modes": self.modes,
            "experiment": self.experiment,
            "scoreboard": [asdict(r) for r in self.rows],
            "verdict": self.verdict,
            **self.extra,
            "items": [asdict(r) for r in self.records],
        }


def percent(value: float | None) -> str:
    """A share as "42%", or "-" when nothing was scored."""
    return "-" if value is None else f"{value:.0%}"


def scoreboard_table(rows: Sequence[ModeScore]) -> list[str]:
    """The scoreboard as aligned text lines (also the markdown report's table body)."""
    lines = [f"{'mode':<10} {'knowledge':>10} {'skill':>8} {'mean s':>8} {'tokens':>7} {'facts in passages':>18}"]
    for r in rows:
        lines.append(
            f"{r.mode:<10} {percent(r.knowledge):>10} {percent(r.skill):>8} {r.mean_seconds:>8.2f} "
            f"{r.mean_new_tokens:>7.1f} {percent(r.facts_retrieved):>18}"
        )
    return lines


def markdown(report: EvalReport) -> str:
    out = [
        f"# {report.scenario}: {report.experiment}",
        "",
        f"Model `{report.model}`, adapter `{report.adapter or 'none'}`, modes {', '.join(report.modes)}.",
        "",
        "| mode | knowledge | skill | mean seconds | mean new tokens | facts in passages |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in report.rows:
        out.append(
            f"| {r.mode} | {percent(r.knowledge)} | {percent(r.skill)} | {r.mean_seconds:.2f} | "
            f"{r.mean_new_tokens:.1f} | {percent(r.facts_retrieved)} |"
        )
    out += ["", report.verdict, ""]
    for key, value in report.extra.items():
        out += [f"## {key.replace('_', ' ')}", "", "```json", json.dumps(value, indent=2, ensure_ascii=False), "```", ""]
    out += ["## Items", "", "| item | kind | mode | right | why |", "| --- | --- | --- | --- | --- |"]
    for r in report.records:
        right = all(c["passed"] for c in r.checks)
        why = "; ".join(c["reason"] for c in r.checks).replace("|", "\\|")
        out.append(f"| {r.item}{f' ({r.phase})' if r.phase else ''} | {r.kind} | {r.mode} | {'yes' if right else 'no'} | {why} |")
    return "\n".join(out) + "\n"


def bar_chart(rows: Sequence[ModeScore], path: Path, title: str) -> None:
    """Grouped bars: knowledge and skill score per mode."""
    import matplotlib

    matplotlib.use("Agg")  # no display: write a file
    import matplotlib.pyplot as plt

    kinds = [k for k in ("knowledge", "skill") if any(getattr(r, k) is not None for r in rows)]
    figure, axis = plt.subplots(figsize=(1.6 + 1.4 * len(rows), 3.4))
    width = 0.8 / max(len(kinds), 1)
    for offset, kind in enumerate(kinds):
        values = [(getattr(r, kind) or 0.0) * 100 for r in rows]
        bars = axis.bar([i + offset * width for i in range(len(rows))], values, width, label=kind)
        axis.bar_label(bars, fmt="%.0f%%", fontsize=8)
    axis.set_xticks([i + width * (len(kinds) - 1) / 2 for i in range(len(rows))], [r.mode for r in rows])
    axis.set_ylim(0, 110)
    axis.set_ylabel("right answers (%)")
    axis.set_title(title, fontsize=10)
    axis.legend(fontsize=8)
    figure.tight_layout()
    temporary = path.with_name(f".{path.name}.tmp.png")
    figure.savefig(temporary, dpi=120)
    plt.close(figure)
    os.replace(temporary, path)


def write_report(report: EvalReport, out: Path) -> list[Path]:
    """report.json, report.md and chart.png in `out`, each written atomically."""
    out.mkdir(parents=True, exist_ok=True)
    _write_atomic(out / "report.json", json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
    _write_atomic(out / "report.md", markdown(report))
    bar_chart(report.rows, out / "chart.png", f"{report.scenario} ({report.experiment})")
    return [out / "report.json", out / "report.md", out / "chart.png"]


# -- experiments ------------------------------------------------------------------------------


def fact_rates(records: Sequence[ItemRecord], items: dict[str, EvalItem], modes: Sequence[str], phase: str) -> dict:
    """Per mode, in one phase: share of answers stating the old fact, and the new one."""
    from .checks import states_fact

    out = {}
    for mode in modes:
        mine = [r for r in records if r.mode == mode and r.phase == phase and items[r.item].update]
        count = len(mine) or 1
        out[mode] = {
            "old_fact": sum(states_fact(r.answer, items[r.item].update["old"]) for r in mine) / count,
            "new_fact": sum(states_fact(r.answer, items[r.item].update["new"]) for r in mine) / count,
        }
    return out


def updated_documents(scenario: Scenario, max_file_mb: float):
    """The pack's documents with those in updates/ put in place of their namesakes."""
    from .documents import read_folder

    current = {d.source: d for d in read_folder(scenario.docs, max_file_mb=max_file_mb)[0]}
    changed = {d.source: d for d in read_folder(scenario.updates, max_file_mb=max_file_mb)[0]}
    unknown = sorted(set(changed) - set(current))
    if unknown:
        raise StudioError(f"{scenario.updates} has {', '.join(unknown)}, which docs/ lacks: updates replace documents by name")
    return list({**current, **changed}.values())


def timed(fn: Callable, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - start


# -- a whole evaluation (what `studio eval` and the app's Evaluate tab run) -------------------

EXPERIMENTS = ("scoreboard", "fact-update", "paraphrase")


@dataclass(frozen=True)
class EvalPlan:
    """What to evaluate: the pack, the columns, the experiment, and where records go."""

    scenario: Scenario
    modes: tuple[Mode, ...]
    experiment: str = "scoreboard"
    top_k: int = 3
    out: Path | None = None

    def __post_init__(self) -> None:
        if self.experiment not in EXPERIMENTS:
            raise StudioError(f"experiment {self.experiment!r} is unknown: choose one of {', '.join(EXPERIMENTS)}")

    @property
    def needs_index(self) -> bool:
        """Whether the pack's documents must be indexed: rag columns, or this week's updates to apply."""
        retrieval = any(m.uses_retrieval for m in self.modes) or self.experiment == "fact-update"
        return bool(self.scenario.documents) and retrieval


def default_modes(scenario: Scenario, has_adapter: bool) -> tuple[Mode, ...]:
    """base; rag when the pack has documents; lora and lora+rag when an adapter is given."""
    modes = [Mode.BASE]
    if scenario.documents:
        modes.append(Mode.RAG)
    if has_adapter:
        modes.append(Mode.LORA)
        if scenario.documents and scenario.kind != "skill":
            modes.append(Mode.LORA_RAG)
    return tuple(modes)


def _settings(plan: EvalPlan, engine, adapter: str | None, generation) -> dict:
    """What a resumed run must share with the records already written."""
    folder = engine.adapters[adapter].path if adapter in engine.adapters else None
    return {
        "scenario": plan.scenario.id,
        "experiment": plan.experiment,
        "model": engine.name,
        "adapter": adapter,
        "adapter_created": _card_created(folder) if folder else None,
        "modes": [m.value for m in plan.modes],
        "top_k": plan.top_k,
        "max_new_tokens": generation.max_new_tokens,
    }


def _card_created(folder: Path) -> str | None:
    from .adapters import read_card

    card = read_card(folder)
    return card.created if card else None


def evaluate(
    engine,
    plan: EvalPlan,
    index=None,
    adapter: str | None = None,
    generation=None,
    retrieval=None,
    adapter_seconds: float | None = None,
    on_item: Callable[[int, int], None] | None = None,
) -> EvalReport:
    """Run `plan` on a loaded engine (with `adapter` added) and an index of the pack's docs."""
    from .config import GenerationConfig, RetrievalConfig

    generation = generation or GenerationConfig()
    retrieval = retrieval or RetrievalConfig()
    scenario, modes = plan.scenario, [m.value for m in plan.modes]
    options = CompareOptions(adapter=adapter, index=index, top_k=plan.top_k, generation=generation, system=scenario.system)
    settings = _settings(plan, engine, adapter, generation)
    extra: dict = {}
    if plan.experiment == "scoreboard":
        work = [(i, i.question, "") for i in scenario.items]
        records = run_items(engine, scenario, work, plan.modes, options, plan.out, settings, on_item)
        rows = scoreboard(records, modes)
    elif plan.experiment == "paraphrase":
        chosen = [i for i in scenario.items if i.kind == "knowledge" and i.paraphrase]
        if not chosen:
            raise StudioError(f"scenario {scenario.id} has no knowledge items with a 'paraphrase' to reword")
        work = [(i, i.question, "original") for i in chosen] + [(i, i.paraphrase, "paraphrase") for i in chosen]
        records = run_items(engine, scenario, work, plan.modes, options, plan.out, settings, on_item)
        rows = scoreboard([r for r in records if r.phase == "paraphrase"], modes)
        original = scoreboard([r for r in records if r.phase == "original"], modes)
        extra["paraphrase"] = {
            "items": len(chosen),
            "knowledge_original": {r.mode: r.knowledge for r in original},
            "knowledge_paraphrased": {r.mode: r.knowledge for r in rows},
        }
    elif plan.experiment == "fact-update":
        chosen = [i for i in scenario.items if i.update]
        if not chosen or index is None:
            raise StudioError(f"scenario {scenario.id} has no items with an 'update' and documents in updates/ to apply")
        total = 2 * len(chosen)
        before = run_items(
            engine, scenario, [(i, i.question, "before") for i in chosen], plan.modes, options, plan.out, settings,
            on_item and (lambda n, _: on_item(n, total)),
        )
        documents = updated_documents(scenario, retrieval.max_file_mb)
        (new_index, report), seconds = timed(index.updated, documents, retrieval)
        after_options = CompareOptions(adapter=adapter, index=new_index, top_k=plan.top_k, generation=generation, system=scenario.system)
        after = run_items(
            engine, scenario, [(i, i.question, "after") for i in chosen], plan.modes, after_options, plan.out, settings,
            on_item and (lambda n, _: on_item(len(chosen) + n, total)),
        )
        # With an output folder the second call also returns the first phase's records (read back).
        records = [r for r in before if r.phase == "before"] + [r for r in after if r.phase == "after"]
        by_id = {i.id: i for i in chosen}
        rows = scoreboard([r for r in records if r.phase == "after"], modes)
        extra["fact_update"] = {
            "items": len(chosen),
            "reindex": report.summary(),
            "reindex_seconds": round(seconds, 3),
            "adapter_training_seconds": adapter_seconds,
            "before": fact_rates(records, by_id, modes, "before"),
            "after": fact_rates(records, by_id, modes, "after"),
        }
    else:  # EvalPlan admits only EXPERIMENTS
        raise AssertionError(plan.experiment)
    return EvalReport(
        scenario=scenario.id,
        model=engine.name,
        adapter=adapter,
        modes=modes,
        experiment=plan.experiment,
        rows=rows,
        verdict=verdict(rows) + _experiment_sentence(extra),
        records=records,
        extra=extra,
    )


def _experiment_sentence(extra: dict) -> str:
    """The experiments' own finding, read off their numbers."""
    if "fact_update" in extra:
        f = extra["fact_update"]
        after = f["after"]
        parts = [f"{mode} states the new fact in {v['new_fact']:.0%} and the old one in {v['old_fact']:.0%}" for mode, v in after.items()]
        sentence = f" After this week's changes: {'; '.join(parts)}."
        if f.get("adapter_training_seconds"):
            sentence += (
                f" Re-indexing took {f['reindex_seconds']:.1f} s against {f['adapter_training_seconds']:.0f} s to train the adapter."
            )
        else:
            sentence += f" Re-indexing took {f['reindex_seconds']:.1f} s."
        return sentence
    if "paraphrase" in extra:
        p = extra["paraphrase"]
        parts = [
            f"{mode} {percent(p['knowledge_original'][mode])} -> {percent(p['knowledge_paraphrased'][mode])}"
            for mode in p["knowledge_original"]
        ]
        return f" Reworded questions (knowledge score, original -> reworded): {'; '.join(parts)}."
    return ""
