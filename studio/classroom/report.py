"""Lab reports: one learner's session, and the class's summary, as Markdown and as HTML.

Pure functions over what the store keeps. The Markdown is the source; the HTML is the same
text rendered by markdown-it (raw HTML in it is escaped, so a learner's question or a model's
answer shows as text), with each scoreboard's bar chart drawn inline as SVG so the page is one
self-contained file (a PNG per chart would need a file beside it or base64 of matplotlib output,
ten times the size and time).
"""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

from markdown_it import MarkdownIt

from ..hub import looks_like_path
from ..lesson.evaluate import percent

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }}
table {{ border-collapse: collapse; margin: .5rem 0; }} th, td {{ border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; }}
pre {{ background: #f5f5f5; padding: .5rem; white-space: pre-wrap; }} svg {{ max-width: 100%; height: auto; }}
</style></head><body>
{body}
</body></html>
"""
_CHART = "<!--chart {}-->"


def text(value) -> str:
    """Learner or model text inside Markdown prose or a table cell: no markup, no table breaks, one line."""
    return re.sub(r"([\\`*_{}\[\]<>()#+!|~])", r"\\\1", " ".join(str(value).split()))


def block(value: str) -> list[str]:
    """A model's answer as a fenced block, fenced longer than any backtick run inside it."""
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", value)), default=0))
    return [fence, value.rstrip() or "(empty)", fence]


def model_name(model: str) -> str:
    """A model as a report names it: its Hub id, or a local folder's own name (never the server's path)."""
    return Path(model).name if looks_like_path(model) else model


def when(seconds: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(seconds))


def yes_no(value: bool | None) -> str:
    """Whether a prediction (or a column) came true, in a table cell: yes, no, or – when nothing says."""
    return {True: "yes", False: "no", None: "–"}[value]


def _column_lines(column: dict) -> list[str]:
    context = []
    if column.get("retrieved"):
        context.append(f"{len(column['retrieved'])} passage(s): " + ", ".join(text(h.get("chunk_id", "")) for h in column["retrieved"]))
    if column.get("pasted"):
        context.append("pasted " + ", ".join(text(p) for p in column["pasted"]))
    if column.get("left_out"):
        context.append("left out " + ", ".join(text(p) for p in column["left_out"]))
    if column.get("shots"):
        context.append(f"{column['shots']} example(s) in the prompt")
    provenance = [
        f"adapter {text(column['adapter'])}" if column.get("adapter") else "no adapter",
        *context,
        f"{column.get('prompt_tokens', 0)} prompt + {column.get('new_tokens', 0)} new tokens in {column.get('seconds', 0):.2f} s",
    ]
    right = column.get("right")
    mark = "" if right is None else (" ✅ right" if right else " ❌ wrong")
    return [f"**{text(column.get('column', column.get('mode', '')))}**{mark} ({'; '.join(provenance)})", "", *block(column.get("text", "")), ""]


def _scoreboard_lines(evaluation: dict, number: int) -> list[str]:
    report = evaluation["report"]
    lines = [
        f"### {text(evaluation['scenario'])}: {text(evaluation['experiment'])} ({when(evaluation['at'])})",
        "",
        "| column | uses | knowledge | skill | mean seconds | mean prompt tokens |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    uses = {c["column"]: c.get("uses", "") for c in report.get("columns", [])}
    for row in report.get("scoreboard", []):
        lines.append(
            f"| {text(row['column'])} | {text(uses.get(row['column'], ''))} | {percent(row.get('knowledge'))} | {percent(row.get('skill'))} | "
            f"{row.get('mean_seconds', 0):.2f} | {row.get('mean_prompt_tokens', 0):.0f} |"
        )
    return [*lines, "", _CHART.format(number), "", text(report.get("verdict", "")), ""]


def _card_lines(training: dict) -> list[str]:
    card = training.get("card")
    lines = [f"### Adapter {text(training['adapter'])} ({when(training['at'])})", "", text(training["outcome"]), ""]
    if card:
        losses = card.get("loss_history") or []
        loss = f"{losses[0][1]:.3f} → {losses[-1][1]:.3f}" if losses else "n/a"
        dataset, settings = card.get("dataset", {}), card.get("hyperparameters", {})
        smaller = card.get("size_ratio")
        lines += [
            f"- base model: {text(model_name(card.get('base_model', '')))}"
            + (f" ({text(card['base_label'])})" if card.get("base_label") else ""),
            f"- trainable parameters: {card.get('trainable_params', 0):,} of {card.get('total_params', 0):,}"
            + (f"; {smaller:,.0f} times smaller than the base model" if smaller else ""),
            f"- rank {settings.get('rank', '?')}, {card.get('steps', 0)} steps in {card.get('wall_seconds', 0):.1f} s",
            f"- loss: {loss}",
            f"- examples: {dataset.get('examples', '?')} ({text(dataset.get('format', '?'))})",
            "",
        ]
    return lines


def learner_markdown(record: dict, title: str = "Tune-or-Retrieve Studio") -> str:
    """One learner's session: questions and columns, predictions against outcomes, scoreboards, adapters."""
    name = record.get("name") or "a learner"
    out = [f"# Lab report: {text(name)}", "", f"{text(title)} · written {when(time.time())}", ""]
    out += ["## Predictions", ""]
    if record["votes"]:
        out += ["| question | your prediction | came true | the reveal |", "| --- | --- | --- | --- |"]
        right = 0
        for vote in record["votes"]:
            outcome = vote.get("outcome") or {}
            revealed = vote.get("revealed_at") is not None
            came = _prediction_came_true(vote, outcome) if revealed else None
            right += came is True
            said = text(outcome.get("verdict", "")) if revealed else "not revealed yet"
            out.append(f"| {text(vote['question'])} | {text(vote['prediction'])} | {yes_no(came)} | {said} |")
        out += ["", f"{right} of {len(record['votes'])} prediction(s) came true.", ""]
    else:
        out += ["_No predictions._", ""]
    out += ["## Questions asked", ""]
    for number, question in enumerate(record["questions"], 1):
        out += [f"### {number}. {text(question['question'])}", "", f"{when(question['at'])} · documents from {text(question['source'])}", ""]
        expected = next((c["expected"] for c in question["columns"] if c.get("expected")), None)
        if expected:
            out += [f"Expected answer: {text(expected)}", ""]
        for column in question["columns"]:
            out += _column_lines(column)
    if not record["questions"]:
        out += ["_No questions asked._", ""]
    out += ["## Scoreboards", ""]
    for number, evaluation in enumerate(record["evaluations"]):
        out += _scoreboard_lines(evaluation, number)
    if not record["evaluations"]:
        out += ["_No evaluations run._", ""]
    out += ["## Adapters trained", ""]
    for training in record["trainings"]:
        out += _card_lines(training)
    if not record["trainings"]:
        out += ["_No adapters trained._", ""]
    return "\n".join(out).rstrip() + "\n"


def _prediction_came_true(vote: dict, outcome: dict) -> bool | None:
    from .rounds import ClassQuestion

    question = ClassQuestion(vote["class_question"], vote["question"], None, None, vote.get("kind"), (), True, outcome or None)
    return question.right(vote["prediction"])


def learner_html(record: dict, title: str = "Tune-or-Retrieve Studio") -> str:
    charts = [svg_chart(e["report"].get("scoreboard", []), f"{e['scenario']} ({e['experiment']})") for e in record["evaluations"]]
    return to_html(learner_markdown(record, title), f"Lab report: {record.get('name') or 'a learner'}", charts)


def class_markdown(questions: list[dict], counts: dict, learners: list[dict], title: str = "Tune-or-Retrieve Studio") -> str:
    """The class's summary: each class question's tally and reveal, who predicted well, what the class did."""
    out = [
        "# Class summary", "", f"{text(title)} · written {when(time.time())}", "",
        f"{counts.get('learners', 0)} learner(s) · {counts.get('questions', 0)} question(s) asked · "
        f"{counts.get('trainings', 0)} training(s) · {counts.get('evaluations', 0)} evaluation(s)", "",
        "## Class questions", "",
    ]
    for summary in questions:
        state = "revealed" if summary["revealed"] else "not revealed"
        where = f" ({text(summary['scenario'])} item {text(summary['item'])}, a {summary['kind']} question)" if summary.get("item") else ""
        out += [f"### {summary['question_id']}. {text(summary['question'])}{where}", "", f"{summary['votes']} vote(s), {state}.", ""]
        out += ["| prediction | votes | came true |", "| --- | --- | --- |"]
        for row in summary["choices"]:
            out.append(f"| {text(row['choice'])} | {row['votes']} | {yes_no(row['came_true'])} |")
        if summary.get("verdict"):
            out += ["", text(summary["verdict"])]
        out.append("")
    if not questions:
        out += ["_No class questions._", ""]
    out += ["## Learners", "", "| name | votes | came true |", "| --- | --- | --- |"]
    for learner in learners:
        out.append(f"| {text(learner['name'])} | {learner['votes']} | {learner['right']} |")
    return "\n".join(out).rstrip() + "\n"


def class_html(questions: list[dict], counts: dict, learners: list[dict], title: str = "Tune-or-Retrieve Studio") -> str:
    return to_html(class_markdown(questions, counts, learners, title), "Class summary", [])


def to_html(markdown: str, title: str, charts: list[str]) -> str:
    """The Markdown as one HTML page, each chart placeholder replaced by its SVG."""
    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)
    for number, chart in enumerate(charts):
        # The placeholder is escaped by the renderer (raw HTML is off), so it is found escaped.
        body = body.replace(html.escape(_CHART.format(number)), chart)
        body = body.replace(f"<p>{chart}</p>", chart)
    return _PAGE.format(title=html.escape(title), body=body)


def svg_chart(rows: list[dict], title: str) -> str:
    """Grouped bars, knowledge and skill per column, as inline SVG (labels escaped)."""
    kinds = [k for k in ("knowledge", "skill") if any(r.get(k) is not None for r in rows)]
    colours = {"knowledge": "#4c72b0", "skill": "#dd8452"}
    group = 30 * max(len(kinds), 1) + 30
    width, height, base = 60 + group * max(len(rows), 1), 220, 170
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-label="{html.escape(title)}">',
             f'<text x="10" y="16" font-size="12">{html.escape(title)}: right answers (%)</text>',
             f'<line x1="40" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#333"/>']
    for i, row in enumerate(rows):
        x0 = 50 + i * group
        for j, kind in enumerate(kinds):
            value = row.get(kind)
            share = 0.0 if value is None else max(0.0, min(1.0, float(value)))
            bar = 140 * share
            x = x0 + j * 30
            parts.append(f'<rect x="{x}" y="{base - bar:.1f}" width="26" height="{bar:.1f}" fill="{colours[kind]}"><title>{kind}</title></rect>')
            parts.append(f'<text x="{x + 13}" y="{base - bar - 3:.1f}" font-size="10" text-anchor="middle">{percent(value)}</text>')
        parts.append(f'<text x="{x0 + 15 * len(kinds)}" y="{base + 15}" font-size="10" text-anchor="middle">{html.escape(str(row.get("column", "")))}</text>')
    for j, kind in enumerate(kinds):
        parts.append(f'<rect x="{10 + 90 * j}" y="{height - 16}" width="10" height="10" fill="{colours[kind]}"/>'
                     f'<text x="{24 + 90 * j}" y="{height - 7}" font-size="10">{kind}</text>')
    parts.append("</svg>")
    return "".join(parts)


def tally_markdown(summary: dict) -> str:
    """The tally as the instructor's view shows it."""
    if summary.get("question_id") is None:
        return "_No class question yet: set one._"
    state = "revealed" if summary["revealed"] else "hidden from learners"
    lines = [
        f"**Question {summary['question_id']}** ({state}): {text(summary['question'])}",
        "",
        f"**{summary['votes']}** vote(s)" + (f", **{summary['right']}** right" if summary["right"] is not None else ""),
        "",
        "| prediction | votes | came true | right |",
        "| --- | --- | --- | --- |",
    ]
    for row in summary["choices"]:
        lines.append(f"| {text(row['choice'])} | {row['votes']} | {yes_no(row['came_true'])} | {'–' if row['right'] is None else row['right']} |")
    return "\n".join(lines)
