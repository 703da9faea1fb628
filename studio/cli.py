"""The `studio` command: a thin layer over the core.

Bad input is reported before any model is loaded, as one line on stderr with a non-zero
exit; a StudioError never shows a traceback (set STUDIO_DEBUG=1 to see one anyway).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import textwrap
from dataclasses import asdict, fields
from dataclasses import replace as replace_field
from itertools import zip_longest
from pathlib import Path
from typing import Sequence

from . import __version__
from .config import GenerationConfig, ModelConfig, RetrievalConfig, ServerConfig, TrainingConfig, help_for, load_config
from .errors import StudioError
from .lesson.columns import kind_names
from .model.chat import DEFAULT_SYSTEM
from .quiet import quiet_libraries
from .tuning.costs import human_bytes

EXIT_USER_ERROR = 2
EXIT_UNEXPECTED = 1


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad flag is one line like every other user error (no usage dump)."""

    def error(self, message: str):
        print(f"studio: error: {message} (`{self.prog} --help` lists the flags)", file=sys.stderr)
        raise SystemExit(EXIT_USER_ERROR)


def _add_setting(parser: argparse.ArgumentParser, cls: type, name: str, flag: str, **kw) -> None:
    """A flag whose help is the config field's doc; default None = 'not given' (env or default wins)."""
    parser.add_argument(flag, dest=name, default=None, help=help_for(cls, name), **kw)


def _model_flags(parser: argparse.ArgumentParser) -> None:
    _add_setting(parser, ModelConfig, "model", "--model", metavar="ID_OR_FOLDER")
    _add_setting(parser, ModelConfig, "quant", "--quant", choices=("auto", "4bit", "8bit", "bf16", "fp32"))
    _add_setting(parser, ModelConfig, "device", "--device", choices=("auto", "cpu", "cuda"))


def _backend_flag(parser: argparse.ArgumentParser) -> None:
    """For the commands that answer through the generator seam (training stays local)."""
    _add_setting(parser, ModelConfig, "backend", "--backend", metavar="NAME")


def _generation_flags(parser: argparse.ArgumentParser) -> None:
    _add_setting(parser, GenerationConfig, "max_new_tokens", "--max-new-tokens", type=int, metavar="N")
    _add_setting(parser, GenerationConfig, "temperature", "--temperature", type=float)
    _add_setting(parser, GenerationConfig, "top_p", "--top-p", type=float)
    _add_setting(parser, GenerationConfig, "seed", "--seed", type=int)
    _add_setting(parser, GenerationConfig, "stop_loops", "--stop-loops", action=argparse.BooleanOptionalAction)
    _add_setting(parser, GenerationConfig, "shots", "--shots", type=int, metavar="K")


def _chunk_flags(parser: argparse.ArgumentParser) -> None:
    _add_setting(parser, RetrievalConfig, "chunk_size", "--chunk-size", type=int, metavar="CHARS")
    _add_setting(parser, RetrievalConfig, "overlap", "--overlap", type=int, metavar="CHARS")
    _add_setting(parser, RetrievalConfig, "max_file_mb", "--max-file-mb", type=float, metavar="MB")


def _search_flags(parser: argparse.ArgumentParser) -> None:
    _add_setting(parser, RetrievalConfig, "embedder", "--embedder", metavar="ID_OR_FOLDER")
    _add_setting(parser, RetrievalConfig, "top_k", "--k", type=int, metavar="K")
    _add_setting(parser, RetrievalConfig, "hybrid", "--hybrid", action=argparse.BooleanOptionalAction)
    _add_setting(parser, RetrievalConfig, "focus", "--focus", type=int, metavar="N")


def _passage_flags(parser: argparse.ArgumentParser, docs_help: str) -> None:
    """Where the RAG columns' passages come from: a folder indexed now, or a saved index."""
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--docs", metavar="FOLDER", help=docs_help)
    source.add_argument("--index", metavar="FOLDER", help="a saved index made by `studio index`, for the RAG columns")
    _search_flags(parser)
    _chunk_flags(parser)


ADAPTER_HELP = "LoRA adapter for the LoRA columns: a name from `studio adapters`, a PEFT folder (safetensors) or a Hub repo id"
EXAMPLES_HELP = (
    "training examples (.jsonl, .json or .csv) for the fewshot column: its first --shots go in the prompt "
    "(default: the adapter's own training file, when its card names one that is still there)"
)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="studio",
        description="Tune-or-Retrieve Studio: the same question through base, RAG and LoRA on one base model.",
    )
    parser.add_argument("--version", action="version", version=f"studio {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser(
        "compare",
        help="answer one question in several columns side by side",
        description="Answer one question in several columns (base, RAG, LoRA, several adapters, the documents pasted "
        "whole, a few-shot prompt), all rows of one batched call on one loaded model.",
    )
    p.add_argument("question", help="the question to ask every column")
    p.add_argument(
        "--modes",
        default=None,
        help=f"comma-separated columns among {kind_names()} (NAME: a registry adapter or an adapter folder; "
        "default: base, plus rag with --docs, plus lora with --adapter)",
    )
    _passage_flags(p, "folder of documents (.md, .txt, .pdf, .html) to index now, in memory, for the RAG columns")
    p.add_argument("--adapter", metavar="NAME_OR_FOLDER", help=ADAPTER_HELP)
    p.add_argument("--examples", metavar="FILE", help=EXAMPLES_HELP)
    p.add_argument(
        "--system",
        default=None,
        help="one system prompt for every column, adapters included ('' for none; default: the studio's short "
        "helpful-assistant line, and for each adapter the one it was trained with)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object instead of the readable view")
    p.add_argument("--layout", choices=("auto", "side", "stacked"), default="auto", help="readable view: columns side by side or one under another")
    _model_flags(p)
    _backend_flag(p)
    _generation_flags(p)
    p.set_defaults(handler=cmd_compare)

    p = sub.add_parser(
        "serve",
        help="open the studio in a browser",
        description="Serve the app: the compare view streaming every column side by side from one loaded model.",
    )
    _passage_flags(p, "folder of documents to index at start for the RAG columns (default: the bundled sample)")
    p.add_argument("--adapter", metavar="NAME_OR_FOLDER", help=ADAPTER_HELP)
    _add_setting(p, ServerConfig, "host", "--host")
    _add_setting(p, ServerConfig, "port", "--port", type=int)
    _add_setting(p, ServerConfig, "max_upload_mb", "--max-upload-mb", type=float, metavar="MB")
    _add_setting(p, ServerConfig, "max_files", "--max-files", type=int, metavar="N")
    _add_setting(p, ServerConfig, "max_documents", "--max-documents", type=int, metavar="N")
    _add_setting(p, ServerConfig, "max_examples", "--max-examples", type=int, metavar="N")
    _add_setting(p, ServerConfig, "max_question_chars", "--max-question-chars", type=int, metavar="N")
    _add_setting(p, ServerConfig, "max_learners", "--max-learners", type=int, metavar="N")
    _add_setting(p, ServerConfig, "max_adapters", "--max-adapters", type=int, metavar="N")
    _add_setting(p, ServerConfig, "instructor_token", "--instructor-token", metavar="SECRET")
    _model_flags(p)
    _backend_flag(p)
    _generation_flags(p)
    p.set_defaults(handler=cmd_serve)

    p = sub.add_parser(
        "index",
        help="index a folder of documents into a saved, updatable index",
        description="Read, chunk and embed a folder of documents (.md, .txt, .pdf, .html) into an index folder. "
        "Run it again after documents change: only changed, added or removed documents are re-embedded, "
        "and the index folder is replaced atomically, so a failed run leaves the previous index usable.",
    )
    p.add_argument("docs", metavar="DOCS", help="folder of documents")
    p.add_argument("--out", required=True, metavar="FOLDER", help="index folder to create or update")
    _add_setting(p, RetrievalConfig, "embedder", "--embedder", metavar="ID_OR_FOLDER")
    _chunk_flags(p)
    _add_setting(p, RetrievalConfig, "exact_max", "--exact-max", type=int, metavar="N")
    p.add_argument("--rebuild", action="store_true", help="ignore the existing index (for example a damaged one) and embed everything again")
    p.add_argument("--json", action="store_true", help="print what changed as JSON")
    p.set_defaults(handler=cmd_index)

    p = sub.add_parser(
        "search",
        help="show the passages a saved index returns for a question",
        description="Search a saved index: the passages the RAG columns would receive, best first, with scores.",
    )
    p.add_argument("query", help="the question to search for")
    p.add_argument("--index", required=True, metavar="FOLDER", help="index folder made by `studio index`")
    _search_flags(p)
    p.add_argument("--json", action="store_true", help="print the hits as a JSON list")
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser(
        "eval-retrieval",
        help="measure retrieval quality: recall@1, recall@k and MRR",
        description="Search every question of a JSONL file ({\"q\": ..., \"answer\": ...} per line) and report how often "
        "a passage holding the answer text is found first (recall@1), in the top k (recall@k), and the mean "
        "reciprocal rank, for dense and for hybrid ranking.",
    )
    p.add_argument("--index", required=True, metavar="FOLDER", help="index folder made by `studio index`")
    p.add_argument("--questions", required=True, metavar="JSONL", help="questions with the answer text a passage must contain")
    _add_setting(p, RetrievalConfig, "embedder", "--embedder", metavar="ID_OR_FOLDER")
    _add_setting(p, RetrievalConfig, "top_k", "--k", type=int, metavar="K")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.set_defaults(handler=cmd_eval_retrieval)

    p = sub.add_parser(
        "train",
        help="train a LoRA adapter (QLoRA) from your examples",
        description="Train a LoRA adapter on the base model from a file of examples: JSONL with prompt/completion "
        "or messages, alpaca JSONL/JSON (instruction, input, output), or CSV with two named columns. The loss "
        "falls on the answers only. The adapter and its card.json appear complete or not at all; Ctrl-C stops at "
        "the next step and writes nothing.",
    )
    p.add_argument("examples", metavar="EXAMPLES", help="training file (.jsonl, .json or .csv)")
    p.add_argument(
        "--name",
        metavar="NAME",
        help="the adapter's name: saved in the registry (STUDIO_HOME/adapters/NAME); with --out, the name its card records",
    )
    p.add_argument(
        "--out",
        metavar="FOLDER",
        help="save the adapter to this folder instead of the registry (a path: has a '/' or starts with '.' or '~'; "
        "a bare word is read as --name, as in earlier versions)",
    )
    p.add_argument(
        "--overwrite",
        action="store_true",
        help="replace an existing adapter of that name or folder (only a folder holding a studio adapter is ever replaced)",
    )
    p.add_argument("--columns", default="prompt,completion", metavar="PROMPT,COMPLETION", help="CSV only: the prompt and completion column names")
    p.add_argument(
        "--system",
        default=DEFAULT_SYSTEM,
        help="system prompt added to every example that has none ('' for none); the adapter's card records it and the "
        "LoRA columns serve it again (default: the compare columns' own, so training and serving match)",
    )
    p.add_argument("--json", action="store_true", help="print the adapter card as JSON at the end (with --dry-run: the plan)")
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="print the plan the app's Check shows (examples as the model sees them, steps, tokens, time, memory) and stop: nothing is trained or written",
    )
    p.add_argument("--push-to-hub", metavar="REPO", help="also upload the adapter to this Hugging Face Hub repo (needs a token and network)")
    _add_setting(p, ModelConfig, "model", "--model", metavar="ID_OR_FOLDER")
    p.add_argument(
        "--quant",
        dest="quant",
        default=None,
        choices=("auto", "4bit", "8bit", "bf16", "fp32", "none"),
        help="base weights while training: auto (NF4 4-bit on CUDA, as QLoRA; fp32 on CPU), 4bit, 8bit, "
        "or none (bf16 on CUDA, fp32 on CPU)",
    )
    _add_setting(p, ModelConfig, "device", "--device", choices=("auto", "cpu", "cuda"))
    length = p.add_mutually_exclusive_group()
    _add_setting(length, TrainingConfig, "steps", "--steps", type=int, metavar="N")
    _add_setting(length, TrainingConfig, "epochs", "--epochs", type=float, metavar="E")
    for name, flag, kind in (
        ("rank", "--rank", int),
        ("alpha", "--alpha", float),
        ("dropout", "--dropout", float),
        ("learning_rate", "--lr", float),
        ("targets", "--targets", str),
        ("batch_size", "--batch-size", int),
        ("grad_accum", "--grad-accum", int),
        ("max_length", "--max-length", int),
        ("seed", "--train-seed", int),
    ):
        _add_setting(p, TrainingConfig, name, flag, type=kind)
    _add_setting(p, TrainingConfig, "group_by_length", "--group-by-length", action=argparse.BooleanOptionalAction)
    _add_setting(p, TrainingConfig, "gradient_checkpointing", "--gradient-checkpointing", action=argparse.BooleanOptionalAction)
    p.set_defaults(handler=cmd_train)

    p = sub.add_parser(
        "adapters",
        help="list, show, delete or push trained adapters",
        description="The adapter registry (STUDIO_HOME/adapters). With no action: list every adapter with its "
        "base model, rank, size, date and final training loss. Use a name with `compare --adapter NAME`.",
    )
    p.add_argument("action", nargs="?", default="list", choices=("list", "show", "delete", "push"), help="what to do (default: list)")
    p.add_argument("name", nargs="?", help="adapter name (show, delete, push)")
    p.add_argument("repo", nargs="?", help="push only: the Hub repo to upload to, e.g. your-name/my-adapter")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_adapters)

    p = sub.add_parser(
        "scenarios",
        help="list the bundled teaching scenarios",
        description="List the scenario packs in data/scenarios: id, title, kind, lesson and sizes. Each is checked as it is listed.",
    )
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p.set_defaults(handler=cmd_scenarios)

    p = sub.add_parser(
        "eval",
        help="score a scenario in every column: the knowledge vs skill scoreboard",
        description="Ask every question of a scenario in every column (one batched call per question, one model load), "
        "check each answer, and print a scoreboard (knowledge score, skill score, mean seconds, tokens per column) "
        "with a verdict read off the numbers. --experiment fact-update swaps in the documents of updates/, "
        "re-indexes incrementally and asks the changed facts again; --experiment paraphrase rewords the "
        "knowledge questions. With --out, records are written as they come and a rerun resumes.",
    )
    p.add_argument("--scenario", required=True, metavar="ID_OR_FOLDER", help="a scenario id from `studio scenarios`, or a pack folder")
    p.add_argument("--experiment", choices=("scoreboard", "fact-update", "paraphrase"), default="scoreboard", help="what to run (default: the scoreboard)")
    p.add_argument(
        "--modes",
        default=None,
        help=f"comma-separated columns among {kind_names()} (default: base, rag with documents, lora and lora+rag with "
        "an adapter); fewshot shows the scenario's first --shots training examples",
    )
    p.add_argument("--adapter", metavar="NAME_OR_FOLDER", help=ADAPTER_HELP)
    p.add_argument(
        "--train",
        action="store_true",
        help="train the scenario's adapter from its train.jsonl with its suggested settings, or reuse the one trained "
        "before (registry name = scenario id), and evaluate with it",
    )
    p.add_argument("--out", metavar="FOLDER", help="write records.jsonl as items finish, then report.json, report.md and chart.png")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="only the first N items (a quick look)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    _add_setting(p, RetrievalConfig, "embedder", "--embedder", metavar="ID_OR_FOLDER")
    _add_setting(p, RetrievalConfig, "top_k", "--k", type=int, metavar="K")
    _add_setting(p, RetrievalConfig, "focus", "--focus", type=int, metavar="N")
    _model_flags(p)
    _backend_flag(p)
    _generation_flags(p)
    p.set_defaults(handler=cmd_eval)

    p = sub.add_parser(
        "tiny-model",
        help="write a tiny random chat model (and optionally a LoRA adapter) for offline trials",
        description="Build a tiny random Llama chat model offline, as a normal Hugging Face folder. "
        "It answers with noise: use it to try the studio's plumbing with no model hub.",
    )
    p.add_argument("out", help="folder to write the model to")
    p.add_argument("--adapter-out", metavar="FOLDER", help="also write a random LoRA adapter for it here")
    p.add_argument("--seed", type=int, default=0, help="weights seed (same seed, same model)")
    p.set_defaults(handler=cmd_tiny_model)

    p = sub.add_parser(
        "prefetch",
        help="before class: download the model and the embedder, and check they load from local disk",
        description="Download the base model and the embedder into the local Hugging Face cache (safetensors, "
        "configs and tokenizers only), then load each from its local folder, as a machine with no network "
        "would, printing sizes and load times. A local folder is checked the same way.",
    )
    _add_setting(p, RetrievalConfig, "embedder", "--embedder", metavar="ID_OR_FOLDER")
    _model_flags(p)
    p.add_argument("--json", action="store_true", help="print one JSON object per line instead of the readable lines")
    p.set_defaults(handler=cmd_prefetch)

    p = sub.add_parser(
        "workshop",
        help="before class: train (or reuse) the scenarios' adapters for the class's model",
        description="Get a class ready. `studio workshop prepare` trains each chosen scenario's adapter for the "
        "model, from its train.jsonl with its suggested settings, into the registry under the scenario's id, or "
        "reuses the one there when its card names the same data and base model, so the LoRA columns work "
        "from the first minute.",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    q = actions.add_parser("prepare", help="train or reuse each scenario's adapter for the model")
    q.add_argument("--scenarios", default=None, metavar="IDS", help="comma-separated scenario ids (default: every bundled one)")
    q.add_argument("--json", action="store_true", help="print one JSON object per scenario")
    _model_flags(q)
    q.set_defaults(handler=cmd_workshop_prepare)
    q = actions.add_parser(
        "check",
        help="time one answer, a batch and one training step here, and say what a class of N can do",
        description="Before class, on the machine that will serve it: load the model, time one answer, batches of "
        "1, 4 and 16 rows and one training step, and print how long a class asking at once waits, how long the "
        "pack's adapter takes to train, and the memory used (about a minute on a laptop).",
    )
    q.add_argument("--learners", type=int, default=30, metavar="N", help="learners asking at once (default 30)")
    q.add_argument("--columns", type=int, default=2, metavar="N", help="columns each learner's question asks (default 2: base and rag)")
    q.add_argument("--scenario", default="lumenfold-handbook", metavar="ID", help="whose first question is timed")
    q.add_argument("--train-scenario", default="triage-json", metavar="ID", help="whose examples the training step uses")
    q.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    _model_flags(q)
    _add_setting(q, GenerationConfig, "max_new_tokens", "--max-new-tokens", type=int, metavar="N")
    q.set_defaults(handler=cmd_workshop_check)
    return parser


# -- compare ---------------------------------------------------------------------------------


def _default_modes(args) -> str:
    from .lesson.columns import default_columns

    return ",".join(spec.label for spec in default_columns(bool(args.docs or args.index), bool(args.adapter)))


def _settings(args, names: Sequence[str]):
    return load_config({name: getattr(args, name, None) for name in names})


MODEL_SETTINGS = ("model", "quant", "device", "backend")  # backend: None where a command has no --backend (local)
RETRIEVAL_SETTINGS = ("embedder", "top_k", "chunk_size", "overlap", "hybrid", "focus", "max_file_mb", "exact_max")
GENERATION_SETTINGS = ("max_new_tokens", "temperature", "top_p", "seed", "stop_loops", "shots")


def _workspace(args, config, specs=None):
    """The Workspace for compare and serve, telling the user what it skipped or ignored."""
    from .classroom.workspace import Workspace
    from .lesson.columns import needs_any

    wants_docs = specs is None or needs_any(specs, "documents")
    wants_adapter = specs is None or any(s.kind.adapter and not s.adapter for s in specs)
    if args.adapter and not wants_adapter:
        _note("--adapter is ignored: no lora column without a name (lora, lora+rag) was asked for in --modes")
    if (args.docs or args.index) and not wants_docs:
        _note("--docs/--index is ignored: no column that reads documents (rag, lora+rag, stuffed) was asked for in --modes")
    workspace = Workspace(
        config,
        docs=args.docs if wants_docs else None,
        adapter=args.adapter if wants_adapter else None,
        index_dir=args.index if wants_docs else None,
        explicit_embedder=args.embedder,
    )
    if workspace.skipped:
        _note(f"skipped {len(workspace.skipped)} file(s) of other types: {', '.join(workspace.skipped[:5])}")
    workspace.on_model_loaded = announce_model
    return workspace


CLI_FIXES = {
    "adapter": "pass --adapter NAME_OR_FOLDER, or name one in the column: lora:NAME",
    "documents": "pass --docs FOLDER or --index FOLDER",
    "examples": "pass --examples FILE (or an adapter whose card names its training file)",
}


def _check_named_adapters(specs, registry: Path) -> None:
    """Each lora:NAME column's adapter exists and is a PEFT adapter: said before the model loads."""
    from .adapters import inspect_adapter_folder, resolve_adapter

    for spec in specs:
        if spec.adapter:
            try:
                inspect_adapter_folder(resolve_adapter(spec.adapter, registry))
            except StudioError as exc:
                raise StudioError(f"column {spec.label}: {exc}") from None


def _fewshot_file(args, specs, registry: Path) -> Path | None:
    """The fewshot column's examples: --examples, else the training file an adapter's card names, when unchanged."""
    from .adapters import read_card, resolve_adapter
    from .lesson.columns import needs_any
    from .tuning.training import file_fingerprint

    if args.examples or not needs_any(specs, "examples"):
        return Path(args.examples) if args.examples else None
    refs = ([args.adapter] if args.adapter else []) + [s.adapter for s in specs if s.adapter]
    for ref in refs:
        folder = resolve_adapter(ref, registry)
        card = read_card(folder) if folder.is_dir() else None
        path = Path(card.dataset.get("path", "")) if card and card.dataset.get("path") else None
        if path and path.is_file() and file_fingerprint(path) == card.dataset.get("fingerprint"):
            _note(f"the fewshot column shows examples from {path}, adapter {card.name}'s training file")
            return path
    return None


def cmd_compare(args) -> int:
    from .lesson.columns import Supplies, check_columns, parse_columns
    from .tuning.datasets import load_examples

    # Everything that can be checked without a model is checked first.
    specs = parse_columns(args.modes if args.modes is not None else _default_modes(args))
    if not args.question.strip():
        raise StudioError("the question is empty: type a question to compare")
    registry = load_config().paths.adapters
    _check_named_adapters(specs, registry)
    examples_file = _fewshot_file(args, specs, registry)
    supplies = Supplies(adapter=bool(args.adapter), documents=bool(args.docs or args.index), examples=examples_file is not None, fixes=CLI_FIXES)
    check_columns(specs, supplies)
    examples = load_examples(examples_file, system=None)[0] if examples_file else None
    config = _settings(args, MODEL_SETTINGS + RETRIEVAL_SETTINGS + GENERATION_SETTINGS)
    workspace = _workspace(args, config, specs)
    quiet_libraries()
    result = workspace.compare(args.question, specs, learner=workspace.solo, system=args.system, examples=examples)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        engine = workspace.engine()
        print(render_comparison(result, args.layout, engine_desc=f"{engine.source.label}; {engine.quant} on {engine.device}"))
    return 0


def _column_header(column) -> list[str]:
    adapter = f"adapter {column.adapter}" if column.adapter else "no adapter"
    stop = "" if column.stopped_at_eos else ", stopped repeating itself" if column.stopped_in_loop else ", hit max tokens"
    return [
        f"== {column.label} ==",
        f"{adapter} | {column.context_note} | {column.system_note}",
        f"{column.prompt_tokens} prompt + {column.new_tokens} new tokens, {column.seconds:.2f} s{stop}",
        *(f"warning: {w}" for w in column.warnings),
    ]


def _column_footer(column) -> list[str]:
    cited = set(column.cited)
    return [
        f"[{i}] {h.chunk_id} ({h.score:.2f}){' cited' if i in cited else ''}" for i, h in enumerate(column.retrieved, start=1)
    ]


def render_comparison(result, layout: str = "auto", engine_desc: str = "", width: int | None = None) -> str:
    """The readable view: a header, then the columns side by side or stacked."""
    width = width or shutil.get_terminal_size((100, 24)).columns
    head = [f"Question: {result.question}", f"Model: {result.model}" + (f" ({engine_desc})" if engine_desc else ""), ""]
    n = len(result.columns)
    col_width = (width - 3 * (n - 1)) // max(n, 1)
    if layout == "side" or (layout == "auto" and col_width >= 30 and n > 1):
        col_width = max(col_width, 20)
        blocks = []
        for c in result.columns:
            lines = [line for h in _column_header(c) for line in textwrap.wrap(h, col_width)] + [""]
            lines += textwrap.wrap(c.text.strip() or "(empty)", col_width) + [""]
            lines += [line for f in _column_footer(c) for line in textwrap.wrap(f, col_width)]
            blocks.append(lines)
        rows = [" | ".join(cell.ljust(col_width) for cell in row).rstrip() for row in zip_longest(*blocks, fillvalue="")]
        return "\n".join(head + rows)
    out = list(head)
    for c in result.columns:
        out += _column_header(c)
        out += textwrap.wrap(c.text.strip() or "(empty)", width) or [""]
        out += [f"  {line}" for line in _column_footer(c)] + [""]
    return "\n".join(out).rstrip()


# -- serve ---------------------------------------------------------------------------------

SAMPLE_DOCS = Path(__file__).resolve().parent.parent / "data" / "sample" / "docs"


SERVER_SETTINGS = tuple(f.name for f in fields(ServerConfig))


def cmd_serve(args) -> int:
    config = _settings(args, MODEL_SETTINGS + RETRIEVAL_SETTINGS + GENERATION_SETTINGS + SERVER_SETTINGS)
    if args.docs is None and args.index is None and SAMPLE_DOCS.is_dir():
        args.docs = str(SAMPLE_DOCS)
        _note(f"RAG columns use the bundled sample documents ({args.docs}); pass --docs or --index for your own")
    workspace = _workspace(args, config)
    workspace.check_sources()
    _note_once(workspace.model_source().note)
    quiet_libraries()
    from .ui.app import build_app, launch
    from .ui.page import on_zero_gpu

    if on_zero_gpu():
        # ZeroGPU runs each GPU call in a fork of this process: what a call loads is gone after it,
        # so the model and the embedder load now, once, and every call inherits them.
        _note("ZeroGPU: loading the model and the embedder at start-up")
        workspace.engine()
        workspace.embedder()
    # The class's record opens now: a damaged file, or a folder SQLite cannot lock, is one line before anyone joins.
    workspace.store
    app = build_app(workspace)
    limits = config.server
    print(
        f"serving {workspace.describe()}; uploads up to {limits.max_upload_mb:g} MB, {limits.max_files} documents per request, "
        f"{limits.max_examples:,} training examples per file; the class's record in {workspace.store.path}"
        + ("" if limits.instructor_token else "; no STUDIO_INSTRUCTOR_TOKEN, so the instructor's controls are off"),
        file=sys.stderr,
    )
    launch(app, limits)
    return 0


# -- index, search, eval-retrieval ------------------------------------------------------------


def cmd_index(args) -> int:
    from dataclasses import replace

    from .knowledge.documents import read_folder
    from .knowledge.index import CURRENT, DocumentIndex
    from .knowledge.retrieval import Embedder

    config = _settings(args, RETRIEVAL_SETTINGS).retrieval
    # Read everything first: a bad document stops the run before the index is touched.
    documents, skipped = read_folder(args.docs, max_file_mb=config.max_file_mb)
    if skipped:
        _note(f"skipped {len(skipped)} file(s) of other types: {', '.join(skipped[:5])}{' ...' if len(skipped) > 5 else ''}")
    quiet_libraries()
    out = Path(args.out).expanduser()
    if (out / CURRENT).is_file() and not args.rebuild:
        current = DocumentIndex.load(out, embedder_name=args.embedder)
        # Unless flags say otherwise, an update keeps the index's own chunk and size settings.
        config = replace(
            config,
            chunk_size=args.chunk_size or current.manifest["chunk_size"],
            overlap=args.overlap if args.overlap is not None else current.manifest["overlap"],
            exact_max=args.exact_max or current.manifest.get("exact_max", config.exact_max),
        )
    else:
        current = DocumentIndex.empty(Embedder.load(config.embedder), config)
    index, report = current.updated(documents, config)
    index.save(out)
    if args.json:
        print(json.dumps({"index": str(out), **report.to_dict()}, indent=2))
        return 0
    for note in report.notes:
        _note(note)
    print(
        f"indexed {args.docs} into {out}: {report.summary()}; {report.embedded_chunks} chunks embedded, "
        f"{report.total_chunks} in all ({report.kind} index, {report.seconds:.1f} s)"
    )
    return 0


def cmd_search(args) -> int:
    from .knowledge.index import DocumentIndex
    from .model.engine import resolve_device

    settings = _settings(args, RETRIEVAL_SETTINGS)
    config = settings.for_device(resolve_device(settings.model.device)).retrieval  # what this machine's RAG column sees
    if not args.query.strip():
        raise StudioError("the search query is empty: type a question")
    quiet_libraries()
    index = DocumentIndex.load(args.index, embedder_name=args.embedder)
    hits = index.search(args.query, config.top_k, hybrid=config.hybrid)
    if config.focus:  # what a focused RAG column would see
        hits = index.focus(args.query, hits, config.focus)
    if args.json:
        print(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print("no passages (the index is empty or --k is 0)")
    for number, hit in enumerate(hits, start=1):
        print(f"[{number}] {hit.score:.3f}  {hit.chunk_id}")
        print(textwrap.indent(textwrap.shorten(hit.text, 300, placeholder=" ..."), "    "))
    return 0


def cmd_eval_retrieval(args) -> int:
    from .knowledge.index import DocumentIndex
    from .knowledge.retrieval_quality import evaluate_retrieval, load_questions

    config = _settings(args, RETRIEVAL_SETTINGS).retrieval
    questions = load_questions(args.questions)
    quiet_libraries()
    index = DocumentIndex.load(args.index, embedder_name=args.embedder)
    k = max(config.top_k, 1)
    scores = {name: evaluate_retrieval(index, questions, k, hybrid=name == "hybrid") for name in ("dense", "hybrid")}
    if args.json:
        print(json.dumps({name: s.to_dict() for name, s in scores.items()}, ensure_ascii=False, indent=2))
        return 0
    print(f"{len(questions)} questions, index {args.index}, k = {k}")
    print(f"{'ranking':<8} {'recall@1':>9} {f'recall@{k}':>9} {'MRR':>6}")
    for name, s in scores.items():
        print(f"{name:<8} {s.recall_at_1:>9.3f} {s.recall_at_k:>9.3f} {s.mrr:>6.3f}")
    misses = [r.question.q for r in scores["dense" if not config.hybrid else "hybrid"].results if r.rank is None]
    if misses:
        print(f"not found in the top {k} ({'hybrid' if config.hybrid else 'dense'}):")
        for q in misses[:10]:
            print(f"  - {q}")
    return 0


# -- train and adapters ----------------------------------------------------------------------

TRAINING_SETTINGS = tuple(f.name for f in fields(TrainingConfig))


def _training_config(args) -> TrainingConfig:
    given = {name: getattr(args, name) for name in TRAINING_SETTINGS if getattr(args, name, None) is not None}
    if given.get("steps"):
        given.pop("epochs", None)
    return TrainingConfig(**given)


def _train_quant(quant: str | None, device: str) -> str | None:
    """`none` means no quantisation: bf16 on a GPU, fp32 on a CPU."""
    if quant != "none":
        return quant
    from .model.engine import resolve_device

    return "bf16" if resolve_device(device) == "cuda" else "fp32"


def _training_model(args) -> ModelConfig:
    """The model settings of a command that trains: flags, then STUDIO_* variables, then defaults;
    --quant also takes `none` there. Every other field keeps its setting (no positional rebuild)."""
    chosen = _settings(args, ("model", "device")).model
    quant = _train_quant(args.quant, chosen.device)
    return replace_field(chosen, quant=quant) if quant else chosen


class _ProgressBar:
    """The terminal view of a run: step, loss, tokens/s and ETA (tqdm draws the bar).

    The bar appears with the first finished step, so a run that fails to start prints none.
    """

    def __init__(self):
        self.bar = None

    def __call__(self, progress) -> None:
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=progress.max_steps, unit="step", file=sys.stderr, dynamic_ncols=True, desc="training")
        self.bar.update(progress.step - self.bar.n)
        postfix = {"tok/s": f"{progress.tokens_per_second:,.0f}"}
        if progress.loss is not None:
            postfix = {"loss": f"{progress.loss:.4f}", **postfix}
        self.bar.set_postfix(postfix, refresh=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _cancel_on_ctrl_c(cancel):
    """First Ctrl-C: stop at the next step (clean, nothing written). Second: stop now."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def first(signum, frame):
        cancel.set()
        print("\nstudio: stopping at the next step (Ctrl-C again to stop at once)", file=sys.stderr)
        signal.signal(signal.SIGINT, signal.default_int_handler)

    previous = signal.signal(signal.SIGINT, first)
    return lambda: signal.signal(signal.SIGINT, previous)


def cmd_train(args) -> int:
    import threading

    from .tuning.datasets import load_examples
    from .tuning.training import TrainingCancelled
    from .tuning.training_run import check_replace, plan_run

    # Everything checkable without a model is checked first: settings, destination, file.
    config = _training_config(args)
    columns = [c.strip() for c in args.columns.split(",")]
    if len(columns) != 2 or not all(columns):
        raise StudioError(f"--columns {args.columns!r} must name two columns: PROMPT,COMPLETION")
    name, out = _train_destination(args, load_config().paths.adapters)
    how_to_replace = "pass --overwrite to replace it, or choose another --name or --out"
    check_replace(out, name, args.overwrite, None, how_to_replace, str(out))
    loaded = load_examples(args.examples, columns, args.system)
    if args.push_to_hub:  # said before the run, not after it
        from .hub import check_can_push

        check_can_push(args.push_to_hub, f"or drop --push-to-hub and push later with `studio adapters push NAME {args.push_to_hub}`")
    model_config = _training_model(args)
    quiet_libraries()
    engine = _load_engine(model_config)
    # The one run the app and `workshop prepare` use; its plan is what the app's "Check examples" shows.
    run = plan_run(
        engine, args.examples, config, name, out, overwrite=args.overwrite, how_to_replace=how_to_replace, shown_folder=str(out),
        loaded=loaded, keep_origin=True,
    )
    plan = run.plan
    if args.dry_run:
        if args.json:
            print(json.dumps({"adapter": name, "path": str(out), "model": engine.source.label, **plan.to_dict()}, ensure_ascii=False, indent=2))
        else:
            print(f"plan for adapter {name} on {engine.source.label} ({engine.quant} on {engine.device}); nothing trained:\n{plan.text()}")
        return 0
    data = plan.data
    if data.truncated or data.dropped:
        _note(
            f"{data.truncated} example(s) cut at {config.max_length} tokens and {data.dropped} dropped (prompt alone "
            f"too long): raise --max-length to keep them whole"
        )
    print(
        f"training {name} on {engine.source.label} ({engine.quant} on {engine.device}): {plan.examples_line()}; "
        f"estimate: {plan.estimate_line()}",
        file=sys.stderr,
    )
    cancel = threading.Event()
    restore = _cancel_on_ctrl_c(cancel)
    bar = _ProgressBar()
    try:
        card = run.run(engine, on_progress=bar, cancel=cancel)
    except TrainingCancelled as exc:
        bar.close()  # before the message, so it is not drawn over
        print(f"studio: {exc}", file=sys.stderr)
        return 130
    finally:
        bar.close()
        restore()
    if args.push_to_hub:
        from .hub import push_folder

        print(f"pushed to {push_folder(out, args.push_to_hub)}", file=sys.stderr)
    if args.json:
        print(json.dumps({"path": str(out), **card.to_dict()}, ensure_ascii=False, indent=2))
        return 0
    print(_card_summary(card, out, args.out or name))
    return 0


def _train_destination(args, registry: Path) -> tuple[str, Path]:
    """(adapter name, folder) from --name and --out: a name is a registry name, never a path."""
    from .adapters import adapter_destination, check_adapter_name, registry_folder

    if not args.name and not args.out:
        raise StudioError("say where the adapter goes: --name NAME (the registry) or --out FOLDER")
    if args.name:
        check_adapter_name(args.name)
    if not args.out:
        return args.name, registry_folder(args.name, registry)
    name, folder = adapter_destination(args.out, registry)
    if args.name and folder == registry / name and name != args.name:
        raise StudioError(f"--name {args.name} and --out {args.out} name two registry adapters: pass one of them")
    return args.name or name, folder


def frame_note(frame: dict) -> str:
    """The conversation frame a card records, as the LoRA columns will serve it."""
    if not frame:
        return "the default system prompt (this card does not record the one it was trained with)"
    system = frame.get("system")
    text = f"its training system prompt: {system[:60]!r}{'...' if len(system) > 60 else ''}" if system else "no system prompt, as trained"
    return text + (f" (the most common of {frame['systems']} in the examples)" if frame.get("systems", 1) > 1 else "")


def _card_summary(card, path, ref: str) -> str:
    """The card in a few readable lines; `ref` is what to pass to --adapter to use it."""
    from .tuning.costs import card_facts

    facts = [("base model", card.base_model + (f" ({card.base_label})" if card.base_label else "")), *card_facts(card)]
    facts.append(("served with", frame_note(card.frame)))
    return "\n".join(
        [f"adapter {card.name} saved to {path}", *(f"  {label:<14} {text}" for label, text in facts),
         f"use it: studio compare \"...\" --adapter {ref} --modes base,lora"]
    )


def cmd_adapters(args) -> int:
    from .adapters import delete_adapter, list_adapters, read_card

    registry = load_config().paths.adapters
    if args.action != "list" and not args.name:
        raise StudioError(f"`studio adapters {args.action}` needs an adapter name: `studio adapters` lists them")
    if args.action in ("list", "show", "delete") and args.repo:
        raise StudioError(f"`studio adapters {args.action}` takes one name; a repo is only for push")
    if args.action == "delete":
        folder = delete_adapter(args.name, registry)
        print(f"deleted adapter {args.name} ({folder})")
        return 0
    if args.action in ("show", "push"):
        from .adapters import check_adapter_name, inspect_adapter_folder

        folder = registry / check_adapter_name(args.name)
        inspect_adapter_folder(folder)  # a clear error when there is no such adapter
        if args.action == "push":
            if not args.repo:
                raise StudioError("`studio adapters push NAME REPO` needs the Hub repo, e.g. your-name/my-adapter")
            from .hub import push_folder

            print(f"pushed {args.name} to {push_folder(folder, args.repo)}")
            return 0
        card = read_card(folder)
        if card is None:
            print(f"{args.name} ({folder}) has no card.json: it was not trained by the studio")
        elif args.json:
            print(json.dumps({"path": str(folder), **card.to_dict()}, ensure_ascii=False, indent=2))
        else:
            print(_card_summary(card, folder, args.name))
        return 0
    entries = list_adapters(registry)
    if args.json:
        print(json.dumps([{"name": e.name, "path": str(e.path), "bytes": e.bytes, "problem": e.problem, "card": e.card.to_dict() if e.card else None} for e in entries], indent=2))
        return 0
    if not entries:
        print(f"no adapters in {registry} yet: train one with `studio train EXAMPLES --name NAME`")
        return 0
    rows = [("name", "base model", "rank", "size", "created", "final loss")]
    for e in entries:
        card = e.card
        rows.append(
            (
                e.name,
                card.base_model if card else (e.problem and "damaged card") or "(no card)",
                str(card.hyperparameters.get("rank", "")) if card else "",
                human_bytes(e.bytes),
                card.created[:16].replace("T", " ") if card else "",
                f"{card.final_loss:.4f}" if card and card.final_loss is not None else "",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    return 0


# -- scenarios and eval ----------------------------------------------------------------------


def cmd_scenarios(args) -> int:
    from .lesson.scenarios import list_scenarios

    scenarios = list_scenarios()
    if args.json:
        print(json.dumps([s.summary() for s in scenarios], ensure_ascii=False, indent=2))
        return 0
    for s in scenarios:
        facts = s.summary()
        print(f"{s.id}  [{s.kind}]  {s.title}")
        print(textwrap.fill(s.lesson, 96, initial_indent="    ", subsequent_indent="    "))
        print(
            f"    {facts['documents']} documents ({facts['updated_documents']} updated), {facts['train_examples']} training "
            f"examples, {facts['eval_items']} eval items ({facts['knowledge_items']} knowledge, {facts['skill_items']} skill)"
        )
    return 0


def _scenario_adapter(engine, scenario, args) -> tuple[str | None, float | None]:
    """The adapter to evaluate with: --adapter, or with --train the scenario's own (reused or trained)."""
    from .adapters import read_card, resolve_adapter

    registry = load_config().paths.adapters
    if args.adapter:
        folder = resolve_adapter(args.adapter, registry)
        card = read_card(folder) if folder.is_dir() else None
        return engine.add_adapter(folder), card.wall_seconds if card else None
    if not args.train:
        return None, None
    prepared = _prepare_scenario(engine, scenario, registry)
    return prepared.name, prepared.seconds


def _prepare_scenario(engine, scenario, registry: Path):
    """The pack's adapter, reused or trained with a progress bar; says which."""
    from .prepare.workshop import scenario_adapter

    bar = _ProgressBar()
    started = lambda count: _note(f"training adapter {scenario.id} on {count} examples of {scenario.train}")  # noqa: E731
    try:
        prepared = scenario_adapter(engine, scenario, registry, on_progress=bar, on_start=started)
    finally:
        bar.close()
    if prepared.reused:
        _note(f"reusing adapter {scenario.id} trained {prepared.created} ({prepared.seconds:.0f} s)")
    if prepared.warning:
        _note(prepared.warning)
    return prepared


def cmd_eval(args) -> int:
    from .classroom.workspace import Workspace
    from .lesson.columns import Supplies, check_columns, parse_columns
    from .lesson.evaluate import EvalPlan, default_columns, scoreboard_table, write_report
    from .lesson.scenarios import load_scenario

    scenario = load_scenario(args.scenario)
    if args.out:
        from .lesson.evaluate import check_run_folder

        check_run_folder(Path(args.out).expanduser())  # before the model loads
    if args.limit is not None:
        if args.limit < 1:
            raise StudioError(f"--limit {args.limit} must be 1 or more")
        scenario = replace_field(scenario, items=scenario.items[: args.limit])
    if args.adapter and args.train:
        raise StudioError("pass either --adapter (an existing adapter) or --train (the scenario's own), not both")
    wants_adapter = bool(args.adapter or args.train)
    specs = parse_columns(args.modes) if args.modes else default_columns(scenario, wants_adapter)
    fixes = {
        "adapter": "pass --adapter NAME, --train to train the scenario's own, or name one in the column: lora:NAME",
        "documents": f"scenario {scenario.id} has none: drop that column from --modes",
        "examples": f"scenario {scenario.id} has no train.jsonl: drop fewshot from --modes",
    }
    check_columns(specs, Supplies(adapter=wants_adapter, documents=bool(scenario.documents), examples=scenario.train.is_file(), fixes=fixes))
    _check_named_adapters(specs, load_config().paths.adapters)
    EvalPlan(scenario, specs, args.experiment)  # checks the experiment before the model loads
    quiet_libraries()
    # The same engine and scenario index as the app's Evaluate tab, and the same settings: the
    # Workspace's, with this device's defaults filled in (a CPU's answer length, focused passages).
    workspace = Workspace(_settings(args, MODEL_SETTINGS + RETRIEVAL_SETTINGS + GENERATION_SETTINGS))
    workspace.on_model_loaded = announce_model
    engine = workspace.engine()
    adapter, adapter_seconds = _scenario_adapter(engine, scenario, args)
    workspace.solo.adapter = adapter  # the lora columns' adapter: --adapter, or with --train the scenario's own
    from tqdm import tqdm

    bar = tqdm(total=None, unit="item", file=sys.stderr, dynamic_ncols=True, desc=f"{scenario.id} {args.experiment}")

    def on_item(done: int, total: int) -> None:
        bar.total = total
        bar.update(done - bar.n)

    out = Path(args.out).expanduser() if args.out else None
    try:  # the app's Evaluate runs the same call
        report = workspace.evaluate(
            scenario, specs, args.experiment, on_item=on_item, learner=workspace.solo, out=out, adapter_seconds=adapter_seconds,
        )
    finally:
        bar.close()
    written = write_report(report, out) if out else []
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(f"{scenario.title} ({scenario.id}), {args.experiment}: {len(scenario.items)} items, model {engine.source.label}")
    print("\n".join(scoreboard_table(report.rows)))
    print()
    print(textwrap.fill(report.verdict, shutil.get_terminal_size((100, 24)).columns))
    for path in written:
        print(f"wrote {path}")
    return 0


# -- prefetch --------------------------------------------------------------------------------


def cmd_prefetch(args) -> int:
    from .prepare.prefetch import prefetch_embedder, prefetch_model

    config = _settings(args, MODEL_SETTINGS + ("embedder",))
    quiet_libraries()
    for item in (prefetch_model(config.model, config.paths.home), prefetch_embedder(config.retrieval.embedder)):
        if args.json:
            print(json.dumps(item.to_dict(), ensure_ascii=False))
            continue
        how = "downloaded" if item.downloaded else "already on this machine"
        if item.convert_seconds is not None:
            how = f"converted to safetensors in {item.convert_seconds:.1f} s (once)"
        note = f" ({item.note})" if item.note else ""
        shown = f"{item.name} ({item.label})" if item.what == "model" and item.label else item.name
        print(f"{item.what} {shown}: {how}, {human_bytes(item.bytes)} in {item.folder}; loads from disk in {item.load_seconds:.1f} s{note}")
    return 0


# -- workshop --------------------------------------------------------------------------------


def cmd_workshop_prepare(args) -> int:
    import time

    from .lesson.scenarios import load_scenario, scenario_ids

    ids = [i.strip() for i in args.scenarios.split(",") if i.strip()] if args.scenarios is not None else scenario_ids()
    if not ids:
        raise StudioError("--scenarios names no scenario: pass ids from `studio scenarios`")
    scenarios = [load_scenario(i, allow_paths=False) for i in ids]  # every id checked before the model loads
    model_config = _training_model(args)
    quiet_libraries()
    engine = _load_engine(model_config)
    registry = load_config().paths.adapters
    start = time.perf_counter()
    for scenario in scenarios:
        prepared = _prepare_scenario(engine, scenario, registry)
        if args.json:
            print(json.dumps({**asdict(prepared), "folder": str(prepared.folder)}, ensure_ascii=False))
        else:
            how = "reused" if prepared.reused else "trained"
            print(f"{scenario.id}: {how} adapter {prepared.name} ({prepared.examples} examples, {prepared.seconds:.0f} s of training) in {prepared.folder}")
    if not args.json:
        print(f"ready in {time.perf_counter() - start:.0f} s: the LoRA columns of {', '.join(ids)} work from the first question")
    return 0


def cmd_workshop_check(args) -> int:
    from .classroom.workspace import Workspace
    from .lesson.scenarios import load_scenario
    from .prepare.readiness import check_readiness

    if not 1 <= args.learners <= 10_000:
        raise StudioError(f"--learners {args.learners} must be from 1 to 10000")
    if not 1 <= args.columns <= 6:
        raise StudioError(f"--columns {args.columns} must be from 1 to 6")
    scenario = load_scenario(args.scenario, allow_paths=False)
    train_scenario = load_scenario(args.train_scenario, allow_paths=False)
    config = _settings(args, MODEL_SETTINGS + ("max_new_tokens",))
    quiet_libraries()
    workspace = Workspace(config)
    workspace.on_model_loaded = announce_model
    readiness = check_readiness(workspace, scenario, args.learners, args.columns, train_scenario)
    if args.json:
        print(json.dumps(readiness.to_dict(), indent=2))
    else:
        print("\n".join(readiness.lines()))
    return 0


# -- tiny-model ------------------------------------------------------------------------------


def cmd_tiny_model(args) -> int:
    quiet_libraries()
    from .prepare.tiny import build_random_adapter, build_tiny_chat_model

    out = build_tiny_chat_model(args.out, seed=args.seed, name="studio/tiny-llama")
    print(f"model written to {out}")
    if args.adapter_out:
        adapter = build_random_adapter(out, args.adapter_out, seed=args.seed + 1)
        print(f"adapter written to {adapter}")
    return 0


# -- plumbing --------------------------------------------------------------------------------


def _note(message: str) -> None:
    print(f"note: {message}", file=sys.stderr)


_said: set[str] = set()


def _note_once(message: str | None) -> None:
    if message and message not in _said:
        _said.add(message)
        _note(message)


def announce_model(engine) -> None:
    """Which weights were loaded and how long it took: the GGUF conversion (first use only) and the load."""
    source = engine.source
    _note_once(source.note)
    timing = f"loaded in {engine.load_seconds or 0:.1f} s"
    if source.convert_seconds is not None:
        timing = f"converted once from {Path(source.gguf_file).name} in {source.convert_seconds:.1f} s, then {timing}"
    elif source.gguf_file:
        timing = f"{timing} from its converted folder"
    print(f"model: {source.label} ({engine.quant} on {engine.device}); {timing}", file=sys.stderr)


def _load_engine(config: ModelConfig):
    from .model.engine import Engine

    engine = Engine.load(config, load_config().paths.home)
    announce_model(engine)
    return engine


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USER_ERROR
    try:
        return args.handler(args)
    except StudioError as exc:
        if os.environ.get("STUDIO_DEBUG"):
            raise
        print(f"studio: error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("studio: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        sys.stderr.close()
        return 0
    except Exception as exc:  # a bug, not bad input: still one line, with a way to see more
        if os.environ.get("STUDIO_DEBUG"):
            raise
        first = str(exc).splitlines()[0] if str(exc) else ""
        print(f"studio: unexpected error: {type(exc).__name__}: {first} (set STUDIO_DEBUG=1 to see the traceback)", file=sys.stderr)
        return EXIT_UNEXPECTED


if __name__ == "__main__":
    sys.exit(main())
