"""Scoring a scenario: every question through every column, checks per answer, a scoreboard.

`run_items` asks each item once, all columns as rows of one batched call (one model load for
the whole run), checks every answer and appends a record per item to `records.jsonl` when an
output folder is given, so an interrupted run resumes where it stopped. `scoreboard` and
`verdict` are pure functions of those records: the verdict is written from the numbers,
never a fixed text. The two experiments (`fact_update`, `paraphrase`) reuse the same runner.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Callable, Sequence

from ..errors import StudioError
from .checks import CheckResult, run_check
from .columns import KINDS, ColumnSpec, needs_any, parse_columns, shots_from
from .columns import default_columns as columns_by_default
from .compare import CompareOptions, compare_many
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
    """One item answered in one column, with its checks: a line of records.jsonl."""

    item: str
    kind: str
    mode: str  # the column's kind (`mode` in records.jsonl, which runs resume from)
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
    column: str = ""  # the column's label ("lora:triage"); records from before columns had labels: the mode
    prompt_tokens: int = 0
    left_out: int = 0  # stuffed: documents that did not fit the context
    cost_seconds: float = 0.0  # the column's own compute (Column.cost_seconds); 0 in records from before it

    @classmethod
    def from_dict(cls, data: dict) -> "ItemRecord":
        record = cls(**data)
        return record if record.column else replace(record, column=record.mode)


def judge(item: EvalItem, answer: str, pack: Path | None = None) -> tuple[bool, list[CheckResult]]:
    """Whether `answer` is right for `item` (its own kind's checks all pass; every check when it
    has none of its kind), and each check's result: how Compare, the class reveal and reports mark a column."""
    results = score_answer(item, answer, pack)
    verdict = passes(results, item.kind)
    return (all(r.passed for r in results) if verdict is None else verdict), results


def facts_in(text: str, item: EvalItem, pack: Path | None = None) -> bool | None:
    """Whether `text` (the retrieved passages) holds every fact the item's answer must state."""
    facts = [c for c in item.checks if c["type"] in ("fact", "any_of") and c.get("kind", item.kind) == "knowledge"]
    return all(run_check(c, text, "knowledge", pack).passed for c in facts) if facts else None


def ask_item(engine, item: EvalItem, question: str, specs: Sequence[ColumnSpec], options: CompareOptions, pack: Path, phase: str = "") -> list[ItemRecord]:
    """Ask one question in every column (one batched call) and check each answer."""
    return ask_items(engine, [(item, question, phase)], specs, options, pack)[0]


def ask_items(
    engine, work: Sequence[tuple[EvalItem, str, str]], specs: Sequence[ColumnSpec], options: CompareOptions, pack: Path
) -> list[list[ItemRecord]]:
    """Ask several (item, question, phase) in every column, all rows in one batched call; check each answer."""
    comparisons = compare_many(engine, [question for _, question, _ in work], specs, options)
    return [_records(item, question, phase, comparison, pack) for (item, question, phase), comparison in zip(work, comparisons)]


def _records(item: EvalItem, question: str, phase: str, comparison, pack: Path) -> list[ItemRecord]:
    records = []
    for column in comparison.columns:
        results = score_answer(item, column.text, pack)
        records.append(
            ItemRecord(
                item=item.id,
                kind=item.kind,
                mode=column.kind_name,
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
                column=column.label,
                prompt_tokens=column.prompt_tokens,
                left_out=len(column.left_out),
                cost_seconds=column.cost_seconds,
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


# Rows of one evaluation batch: several items' columns decode together (on a CPU nearly as fast
# as one item's; a crash loses at most one batch, which a resumed run asks again).
EVAL_ROWS = 16


def run_items(
    engine,
    scenario: Scenario,
    items: Sequence[tuple[EvalItem, str, str]],
    specs: Sequence[ColumnSpec],
    options: CompareOptions,
    out: Path | None = None,
    settings: dict | None = None,
    on_item: Callable[[int, int], None] | None = None,
) -> list[ItemRecord]:
    """Ask (item, question, phase) triples in every column; resume from `out` when it holds some.

    Each finished item's records are appended to `out/records.jsonl` at once, so a crash
    loses at most the item in flight.
    """
    done = _open_run(out, settings or {})
    finished = {(r.item, r.phase) for r in done}
    # Keep only complete items (every column), in case a crash cut one short.
    complete = {key for key in finished if sum(1 for r in done if (r.item, r.phase) == key) == len(specs)}
    records = [r for r in done if (r.item, r.phase) in complete]
    if out is not None and len(records) != len(done):
        _write_atomic(out / RECORDS_FILE, "".join(json.dumps(asdict(r), ensure_ascii=False) + "\n" for r in records))
    pending = [(position, work) for position, work in enumerate(items, start=1) if (work[0].id, work[2]) not in complete]
    if on_item and len(pending) < len(items):
        on_item(len(items) - len(pending), len(items))  # resumed: those are done already
    per_batch = max(1, EVAL_ROWS // max(len(specs), 1))
    for start in range(0, len(pending), per_batch):
        chunk = pending[start : start + per_batch]
        for new in ask_items(engine, [work for _, work in chunk], specs, options, scenario.folder):
            records.extend(new)
            if out is not None:
                with open(out / RECORDS_FILE, "a", encoding="utf-8") as handle:
                    handle.write("".join(json.dumps(asdict(r), ensure_ascii=False) + "\n" for r in new))
                    handle.flush()
                    os.fsync(handle.fileno())
        if on_item:
            on_item(len(items) - len(pending) + start + len(chunk), len(items))
    return records


# -- the scoreboard ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnScore:
    """One row of the scoreboard: one column, its knowledge and skill scores apart."""

    column: str  # the column's label: "rag", "lora:triage"
    mode: str  # its kind (`mode` in report.json)
    knowledge: float | None  # share of items whose knowledge checks all passed
    knowledge_items: int
    skill: float | None
    skill_items: int
    mean_seconds: float
    mean_new_tokens: float
    facts_retrieved: float | None = None  # retrieval columns: share of knowledge items whose passages held the fact
    mean_prompt_tokens: float = 0.0
    left_out: int = 0  # stuffed: most documents left out of one prompt

    @property
    def uses(self) -> str:
        """What the column draws on, as the verdict says it: "an adapter and retrieved passages"."""
        kind = KINDS.get(self.mode)
        return " and ".join(kind.uses) if kind and kind.uses else "the question alone"


def scoreboard(records: Sequence[ItemRecord], columns: Sequence[str]) -> list[ColumnScore]:
    """Rows: columns (labels), in order; knowledge and skill scored apart."""
    rows = []
    for column in columns:
        mine = [r for r in records if r.column == column]
        know = [r.knowledge for r in mine if r.knowledge is not None]
        skill = [r.skill for r in mine if r.skill is not None]
        retrieved = [r.fact_in_passages for r in mine if r.fact_in_passages is not None]
        rows.append(
            ColumnScore(
                column=column,
                mode=mine[0].mode if mine else column.partition(":")[0],
                knowledge=sum(know) / len(know) if know else None,
                knowledge_items=len(know),
                skill=sum(skill) / len(skill) if skill else None,
                skill_items=len(skill),
                # Each column's own compute, not the shared batch's wall time (items and columns decode together).
                mean_seconds=sum(r.cost_seconds or r.seconds for r in mine) / len(mine) if mine else 0.0,
                mean_new_tokens=sum(r.new_tokens for r in mine) / len(mine) if mine else 0.0,
                facts_retrieved=sum(retrieved) / len(retrieved) if retrieved else None,
                mean_prompt_tokens=sum(r.prompt_tokens for r in mine) / len(mine) if mine else 0.0,
                left_out=max((r.left_out for r in mine), default=0),
            )
        )
    return rows


def _best(rows: Sequence[ColumnScore], attribute: str) -> tuple[list[str], float] | None:
    scored = [(getattr(r, attribute), r.column) for r in rows if getattr(r, attribute) is not None]
    if not scored:
        return None
    top = max(score for score, _ in scored)
    return [column for score, column in scored if score == top], top


def _top(rows: Sequence[ColumnScore], attribute: str, keep) -> ColumnScore | None:
    """The best-scoring row on `attribute` among those `keep(kind)` accepts (the first of equals)."""
    chosen = [r for r in rows if getattr(r, attribute) is not None and r.mode in KINDS and keep(KINDS[r.mode])]
    return max(chosen, key=lambda r: getattr(r, attribute)) if chosen else None


def verdict(rows: Sequence[ColumnScore]) -> str:
    """One paragraph read off the numbers: who wins knowledge, who wins skill, and what the recipes used."""
    sentences = []
    base = next((r for r in rows if r.mode == "base"), None)
    for attribute, noun in (("knowledge", "knowledge questions (facts from the documents)"), ("skill", "skill questions (format and voice)")):
        best = _best(rows, attribute)
        if best is None:
            continue
        winners, top = best
        base_score = getattr(base, attribute) if base else None
        if top == 0:
            sentences.append(f"No column answered any of the {noun} right.")
            continue
        lead = f"On {noun}, {' and '.join(winners)} scored best ({top:.0%})"
        if base_score is not None and base.column not in winners:
            lead += f", against {base_score:.0%} for the base model"
        sentences.append(lead + ".")
    # Facts: what hands the documents over at question time, against an adapter alone.
    handed = _top(rows, "knowledge", lambda k: k.context in ("passages", "documents"))
    baked = _top(rows, "knowledge", lambda k: k.adapter and not k.context)
    if handed and baked and handed.knowledge != baked.knowledge:
        win, lose = (handed, baked) if handed.knowledge > baked.knowledge else (baked, handed)
        sentences.append(
            f"For facts, {win.column} ({win.uses}) beat {lose.column} ({lose.uses}) by {abs(handed.knowledge - baked.knowledge):.0%}"
            + (": retrieval supplies knowledge." if win is handed else ": here the adapter remembered facts better than the documents supplied them.")
        )
    # The format: an adapter against the best a prompt alone managed (examples in it or not).
    tuned = _top(rows, "skill", lambda k: k.adapter)
    prompted = _top(rows, "skill", lambda k: not k.adapter)
    if tuned and prompted and tuned.skill != prompted.skill:
        win, lose = (tuned, prompted) if tuned.skill > prompted.skill else (prompted, tuned)
        if win is tuned:
            why = ": fine-tuning teaches a skill."
        elif prompted.mode == "fewshot":
            why = ": examples in the prompt were enough here, with no training."
        else:
            why = f": here {win.uses} taught the format better than the adapter did."
        sentences.append(f"For the format, {win.column} ({win.uses}) beat {lose.column} ({lose.uses}) by {abs(tuned.skill - prompted.skill):.0%}{why}")
    rag = next((r for r in rows if r.mode == "rag"), None)
    sentences += _reading_sentences(rows, rag, base)
    if rag and rag.facts_retrieved is not None and rag.knowledge is not None and rag.facts_retrieved > rag.knowledge + 0.2:
        sentences.append(
            f"The passages held the fact for {rag.facts_retrieved:.0%} of the knowledge questions, but the {rag.column} answers "
            f"stated it for only {rag.knowledge:.0%}: retrieval found it, the model did not use it."
        )
    stuffed = next((r for r in rows if r.mode == "stuffed"), None)
    if stuffed and rag and rag.mean_prompt_tokens:
        sentences.append(
            f"Pasting the documents cost {stuffed.mean_prompt_tokens:,.0f} prompt tokens a question against {rag.mean_prompt_tokens:,.0f} "
            f"for {rag.column} ({stuffed.mean_prompt_tokens / rag.mean_prompt_tokens:.1f}x), {stuffed.mean_seconds:.2f} s against {rag.mean_seconds:.2f} s."
        )
    if stuffed and stuffed.left_out:
        sentences.append(f"Up to {stuffed.left_out} document(s) did not fit the model's context, so {stuffed.column} answered without them.")
    for both in (r for r in rows if r.mode in KINDS and KINDS[r.mode].adapter and KINDS[r.mode].context):
        if both.knowledge is None or both.skill is None:
            continue
        others = [r for r in rows if r is not both and r.knowledge is not None and r.skill is not None]
        if others and all(both.knowledge >= o.knowledge and both.skill >= o.skill for o in others) and (both.knowledge + both.skill) > max(o.knowledge + o.skill for o in others):
            sentences.append(f"Only {both.column} ({both.uses}) did well on both ({both.knowledge:.0%} knowledge, {both.skill:.0%} skill).")
    fastest = min(rows, key=lambda r: r.mean_seconds) if rows else None
    if fastest and len(rows) > 1:
        slowest = max(rows, key=lambda r: r.mean_seconds)
        if slowest.mean_seconds > 0 and fastest.column != slowest.column:
            sentences.append(f"{slowest.column} took {slowest.mean_seconds:.1f} s per answer on average, {fastest.column} {fastest.mean_seconds:.1f} s.")
    return " ".join(sentences) or "No item was scored."


READ_NOT_KNOW = 0.05  # an adapter alone within this of the base model knows no facts: what it adds with passages is reading


def _reading_sentences(rows: Sequence[ColumnScore], rag: ColumnScore | None, base: ColumnScore | None) -> list[str]:
    """When an adapter runs with passages and alone (lora+rag:X and lora:X beside rag and base), the
    two halves of the rule apart: what the adapter added to reading the passages, and what it knew alone."""
    out = []
    if rag is None or base is None or rag.knowledge is None or base.knowledge is None:
        return out
    for both in (r for r in rows if r.mode == "lora+rag" and r.knowledge is not None):
        adapter = both.column.partition(":")[2]
        alone = next((r for r in rows if r.mode == "lora" and r.column.partition(":")[2] == adapter and r.knowledge is not None), None)
        if alone is None:
            continue
        gain = both.knowledge - rag.knowledge
        if gain > 0 and alone.knowledge > base.knowledge + READ_NOT_KNOW:
            out.append(
                f"{both.column} stated {both.knowledge:.0%} of the facts against {rag.knowledge:.0%} for {rag.column} with the same "
                f"passages (+{gain:.0%}), but {alone.column} alone stated {alone.knowledge:.0%} (base {base.knowledge:.0%}): "
                "part of that is facts the adapter memorised, not reading."
            )
        elif gain > 0:
            out.append(
                f"The skill of reading came from the adapter: {both.column} stated {both.knowledge:.0%} of the facts against "
                f"{rag.knowledge:.0%} for {rag.column} with the same passages (+{gain:.0%}); the facts came from retrieval: "
                f"{alone.column} alone stated {alone.knowledge:.0%}, the base model {base.knowledge:.0%}."
            )
        else:
            out.append(
                f"{both.column} stated {both.knowledge:.0%} of the facts against {rag.knowledge:.0%} for {rag.column} with the same "
                f"passages: the adapter did not improve reading them; alone it stated {alone.knowledge:.0%} (base {base.knowledge:.0%})."
            )
    return out


# -- the report -------------------------------------------------------------------------------


@dataclass
class EvalReport:
    """What `studio eval` prints and writes."""

    scenario: str
    model: str
    adapter: str | None  # the lora columns' default adapter (lora:NAME columns name theirs)
    modes: list[str]  # the columns' labels, in order
    experiment: str  # "scoreboard", "fact-update" or "paraphrase"
    rows: list[ColumnScore]
    verdict: str
    records: list[ItemRecord]
    extra: dict = field(default_factory=dict)  # experiments' own figures

    def to_dict(self) -> dict:
        return {
            "scenario": self.scenario,
            "model": self.model,
            "adapter": self.adapter,
            "modes": self.modes,
            "columns": [{"column": r.column, "mode": r.mode, "uses": r.uses} for r in self.rows],
            "experiment": self.experiment,
            "scoreboard": [asdict(r) for r in self.rows],
            "verdict": self.verdict,
            **self.extra,
            "items": [asdict(r) for r in self.records],
        }


def percent(value: float | None) -> str:
    """A share as "42%", or "–" when nothing was scored (the CLI, the app and the lab reports)."""
    return "–" if value is None else f"{value:.0%}"


def scoreboard_table(rows: Sequence[ColumnScore]) -> list[str]:
    """The scoreboard as aligned text lines."""
    width = max([len("column"), *(len(r.column) for r in rows)])
    lines = [f"{'column':<{width}} {'knowledge':>10} {'skill':>8} {'mean s':>8} {'prompt':>7} {'tokens':>7} {'facts in passages':>18}"]
    for r in rows:
        lines.append(
            f"{r.column:<{width}} {percent(r.knowledge):>10} {percent(r.skill):>8} {r.mean_seconds:>8.2f} "
            f"{r.mean_prompt_tokens:>7.0f} {r.mean_new_tokens:>7.1f} {percent(r.facts_retrieved):>18}"
        )
    return lines


def markdown(report: EvalReport) -> str:
    out = [
        f"# {report.scenario}: {report.experiment}",
        "",
        f"Model `{report.model}`, adapter `{report.adapter or 'none'}`, columns {', '.join(report.modes)}.",
        "",
        "| column | uses | knowledge | skill | mean seconds | mean prompt tokens | mean new tokens | facts in passages |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in report.rows:
        out.append(
            f"| {r.column} | {r.uses} | {percent(r.knowledge)} | {percent(r.skill)} | {r.mean_seconds:.2f} | "
            f"{r.mean_prompt_tokens:.0f} | {r.mean_new_tokens:.1f} | {percent(r.facts_retrieved)} |"
        )
    out += ["", report.verdict, ""]
    for key, value in report.extra.items():
        out += [f"## {key.replace('_', ' ')}", "", "```json", json.dumps(value, indent=2, ensure_ascii=False), "```", ""]
    out += ["## Items", "", "| item | kind | column | right | why |", "| --- | --- | --- | --- | --- |"]
    for r in report.records:
        right = all(c["passed"] for c in r.checks)
        why = "; ".join(c["reason"] for c in r.checks).replace("|", "\\|")
        out.append(f"| {r.item}{f' ({r.phase})' if r.phase else ''} | {r.kind} | {r.column} | {'yes' if right else 'no'} | {why} |")
    return "\n".join(out) + "\n"


def bar_chart(rows: Sequence[ColumnScore], path: Path, title: str) -> None:
    """Grouped bars: knowledge and skill score per column."""
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
    axis.set_xticks([i + width * (len(kinds) - 1) / 2 for i in range(len(rows))], [r.column for r in rows], fontsize=8)
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


def fact_rates(records: Sequence[ItemRecord], items: dict[str, EvalItem], columns: Sequence[str], phase: str) -> dict:
    """Per column, in one phase: share of answers stating the old fact, and the new one."""
    from .checks import states_fact

    out = {}
    for column in columns:
        mine = [r for r in records if r.column == column and r.phase == phase and items[r.item].update]
        count = len(mine) or 1
        out[column] = {
            "old_fact": sum(states_fact(r.answer, items[r.item].update["old"]) for r in mine) / count,
            "new_fact": sum(states_fact(r.answer, items[r.item].update["new"]) for r in mine) / count,
        }
    return out


def updated_documents(scenario: Scenario, max_file_mb: float):
    """The pack's documents with those in updates/ put in place of their namesakes."""
    from ..knowledge.documents import read_folder

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
    columns: tuple[ColumnSpec, ...]  # named adapters resolved to their names in the engine
    experiment: str = "scoreboard"
    top_k: int = 3
    out: Path | None = None

    def __post_init__(self) -> None:
        if isinstance(self.columns, str) or not all(isinstance(c, ColumnSpec) for c in self.columns):
            object.__setattr__(self, "columns", parse_columns(self.columns))  # "base,lora", as --modes takes it
        if self.experiment not in EXPERIMENTS:
            raise StudioError(f"experiment {self.experiment!r} is unknown: choose one of {', '.join(EXPERIMENTS)}")

    @property
    def needs_index(self) -> bool:
        """Whether the pack's documents must be indexed: rag columns, or this week's updates to apply."""
        retrieval = needs_any(self.columns, "documents") or self.experiment == "fact-update"
        return bool(self.scenario.documents) and retrieval


def default_columns(scenario: Scenario, has_adapter: bool) -> tuple[ColumnSpec, ...]:
    """base; rag when the pack has documents; lora, and lora+rag unless it is a skill pack, when an adapter is given."""
    return columns_by_default(bool(scenario.documents), has_adapter, both=scenario.kind != "skill")


def _settings(plan: EvalPlan, engine, adapter: str | None, generation, retrieval) -> dict:
    """What a resumed run must share with the records already written."""
    folder = engine.adapters[adapter].path if adapter in engine.adapters else None
    named = {s.adapter: _card_created(engine.adapters[s.adapter].path) for s in plan.columns if s.adapter in engine.adapters}
    return {
        "scenario": plan.scenario.id,
        "experiment": plan.experiment,
        "model": engine.name,
        "adapter": adapter,
        "adapter_created": _card_created(folder) if folder else None,
        "modes": [s.label for s in plan.columns],
        "adapters_created": named,
        "shots": generation.shots if needs_any(plan.columns, "examples") else None,
        "top_k": plan.top_k,
        "max_new_tokens": generation.max_new_tokens,
    } | ({"focus": retrieval.focus} if plan.needs_index else {})  # what the RAG columns were handed


def _training_examples(scenario: Scenario) -> list:
    """The pack's training examples, for fewshot columns (their system prompts stay out: the column has one)."""
    from ..tuning.datasets import load_examples

    if not scenario.train.is_file():
        raise StudioError(f"scenario {scenario.id} has no train.jsonl, so it has no examples for a fewshot column: drop fewshot")
    return load_examples(scenario.train, system=None)[0]


def _card_created(folder: Path) -> str | None:
    from ..adapters import read_card

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
    decode: Callable | None = None,
) -> EvalReport:
    """Run `plan` on a loaded engine (with `adapter` added) and an index of the pack's docs.

    `decode` decodes the rows (`CompareOptions.decode`: the class's scheduler in a shared app)."""
    from ..config import GenerationConfig, RetrievalConfig

    generation = generation or GenerationConfig()
    retrieval = retrieval or RetrievalConfig()
    scenario, modes, specs = plan.scenario, [s.label for s in plan.columns], plan.columns
    shots = shots_from(_training_examples(scenario), generation.shots) if needs_any(specs, "examples") else ()
    options = CompareOptions(
        adapter=adapter, index=index, top_k=plan.top_k, generation=generation, default_system=scenario.system, shots=shots,
        focus=retrieval.focus, decode=decode,
    )
    settings = _settings(plan, engine, adapter, generation, retrieval)
    extra: dict = {}
    if plan.experiment == "scoreboard":
        work = [(i, i.question, "") for i in scenario.items]
        records = run_items(engine, scenario, work, specs, options, plan.out, settings, on_item)
        rows = scoreboard(records, modes)
    elif plan.experiment == "paraphrase":
        chosen = [i for i in scenario.items if i.kind == "knowledge" and i.paraphrase]
        if not chosen:
            raise StudioError(f"scenario {scenario.id} has no knowledge items with a 'paraphrase' to reword")
        work = [(i, i.question, "original") for i in chosen] + [(i, i.paraphrase, "paraphrase") for i in chosen]
        records = run_items(engine, scenario, work, specs, options, plan.out, settings, on_item)
        rows = scoreboard([r for r in records if r.phase == "paraphrase"], modes)
        original = scoreboard([r for r in records if r.phase == "original"], modes)
        extra["paraphrase"] = {
            "items": len(chosen),
            "knowledge_original": {r.column: r.knowledge for r in original},
            "knowledge_paraphrased": {r.column: r.knowledge for r in rows},
        }
    elif plan.experiment == "fact-update":
        chosen = [i for i in scenario.items if i.update]
        if not chosen or index is None:
            raise StudioError(f"scenario {scenario.id} has no items with an 'update' and documents in updates/ to apply")
        total = 2 * len(chosen)
        before = run_items(
            engine, scenario, [(i, i.question, "before") for i in chosen], specs, options, plan.out, settings,
            on_item and (lambda n, _: on_item(n, total)),
        )
        documents = updated_documents(scenario, retrieval.max_file_mb)
        (new_index, report), seconds = timed(index.updated, documents, retrieval)
        after_options = replace(options, index=new_index)
        after = run_items(
            engine, scenario, [(i, i.question, "after") for i in chosen], specs, after_options, plan.out, settings,
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
