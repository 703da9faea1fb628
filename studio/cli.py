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
from pathlib import Path
from itertools import zip_longest
from typing import Sequence

from . import __version__
from .config import GenerationConfig, ModelConfig, RetrievalConfig, help_for, load_config
from .errors import StudioError
from .quiet import quiet_libraries

EXIT_USER_ERROR = 2
EXIT_UNEXPECTED = 1


def _add_setting(parser: argparse.ArgumentParser, cls: type, name: str, flag: str, **kw) -> None:
    """A flag whose help is the config field's doc; default None = 'not given' (env or default wins)."""
    parser.add_argument(flag, dest=name, default=None, help=help_for(cls, name), **kw)


def _model_flags(parser: argparse.ArgumentParser) -> None:
    _add_setting(parser, ModelConfig, "model", "--model", metavar="ID_OR_FOLDER")
    _add_setting(parser, ModelConfig, "quant", "--quant", choices=("auto", "4bit", "8bit", "bf16", "fp32"))
    _add_setting(parser, ModelConfig, "device", "--device", choices=("auto", "cpu", "cuda"))


def _generation_flags(parser: argparse.ArgumentParser) -> None:
    _add_setting(parser, GenerationConfig, "max_new_tokens", "--max-new-tokens", type=int, metavar="N")
    _add_setting(parser, GenerationConfig, "temperature", "--temperature", type=float)
    _add_setting(parser, GenerationConfig, "top_p", "--top-p", type=float)
    _add_setting(parser, GenerationConfig, "seed", "--seed", type=int)


def _chunk_flags(parser: argparse.ArgumentParser) -> None:
    _add_setting(parser, RetrievalConfig, "chunk_size", "--chunk-size", type=int, metavar="CHARS")
    _add_setting(parser, RetrievalConfig, "overlap", "--overlap", type=int, metavar="CHARS")
    _add_setting(parser, RetrievalConfig, "max_file_mb", "--max-file-mb", type=float, metavar="MB")


def _search_flags(parser: argparse.ArgumentParser) -> None:
    _add_setting(parser, RetrievalConfig, "embedder", "--embedder", metavar="ID_OR_FOLDER")
    _add_setting(parser, RetrievalConfig, "top_k", "--k", type=int, metavar="K")
    _add_setting(parser, RetrievalConfig, "hybrid", "--hybrid", action=argparse.BooleanOptionalAction)


def _passage_flags(parser: argparse.ArgumentParser, docs_help: str) -> None:
    """Where the RAG columns' passages come from: a folder indexed now, or a saved index."""
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--docs", metavar="FOLDER", help=docs_help)
    source.add_argument("--index", metavar="FOLDER", help="a saved index made by `studio index`, for the RAG columns")
    _search_flags(parser)
    _chunk_flags(parser)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="studio",
        description="Tune-or-Retrieve Studio: the same question through base, RAG and LoRA on one base model.",
    )
    parser.add_argument("--version", action="version", version=f"studio {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "compare",
        help="answer one question in several modes side by side",
        description="Answer one question as base, RAG, LoRA and LoRA + RAG, in one batched call on one loaded model.",
    )
    p.add_argument("question", help="the question to ask every column")
    p.add_argument(
        "--modes",
        default=None,
        help="comma-separated columns among base, rag, lora, lora+rag "
        "(default: base, plus rag with --docs, plus lora with --adapter)",
    )
    _passage_flags(p, "folder of documents (.md, .txt, .pdf, .html) to index now, in memory, for the RAG columns")
    p.add_argument("--adapter", metavar="FOLDER", help="PEFT LoRA adapter folder (safetensors) for the LoRA columns")
    p.add_argument("--system", default=None, help="system prompt for every column (default: a short helpful-assistant line)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of the readable view")
    p.add_argument("--layout", choices=("auto", "side", "stacked"), default="auto", help="readable view: columns side by side or one under another")
    _model_flags(p)
    _generation_flags(p)
    p.set_defaults(handler=cmd_compare)

    p = sub.add_parser(
        "serve",
        help="open the studio in a browser",
        description="Serve the app: the compare view streaming every column side by side from one loaded model.",
    )
    _passage_flags(p, "folder of documents to index at start for the RAG columns (default: the bundled sample)")
    p.add_argument("--adapter", metavar="FOLDER", help="PEFT LoRA adapter folder (safetensors) for the LoRA columns")
    p.add_argument("--host", default=None, help="address to listen on (default 127.0.0.1; 0.0.0.0 to share on a network)")
    p.add_argument("--port", type=int, default=None, help="port (default 7860, or the first free one after it)")
    _model_flags(p)
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
        "tiny-model",
        help="write a tiny random chat model (and optionally a LoRA adapter) for offline trials",
        description="Build a tiny random Llama chat model offline, as a normal Hugging Face folder. "
        "It answers with noise: use it to try the studio's plumbing with no model hub.",
    )
    p.add_argument("out", help="folder to write the model to")
    p.add_argument("--adapter-out", metavar="FOLDER", help="also write a random LoRA adapter for it here")
    p.add_argument("--seed", type=int, default=0, help="weights seed (same seed, same model)")
    p.set_defaults(handler=cmd_tiny_model)
    return parser


# -- compare ---------------------------------------------------------------------------------


def _default_modes(args) -> str:
    modes = ["base"]
    if args.docs or args.index:
        modes.append("rag")
    if args.adapter:
        modes.append("lora")
    return ",".join(modes)


def _settings(args, names: Sequence[str]):
    return load_config({name: getattr(args, name, None) for name in names})


MODEL_SETTINGS = ("model", "quant", "device")
RETRIEVAL_SETTINGS = ("embedder", "top_k", "chunk_size", "overlap", "hybrid", "max_file_mb", "exact_max")
GENERATION_SETTINGS = ("max_new_tokens", "temperature", "top_p", "seed")


def _workspace(args, config, modes=None):
    """The Workspace for compare and serve, telling the user what it skipped or ignored."""
    from .workspace import Workspace

    wants_docs = modes is None or any(m.uses_retrieval for m in modes)
    wants_adapter = modes is None or any(m.uses_adapter for m in modes)
    if args.adapter and not wants_adapter:
        _note("--adapter is ignored: no lora column was asked for in --modes")
    if (args.docs or args.index) and not wants_docs:
        _note("--docs/--index is ignored: no rag column was asked for in --modes")
    workspace = Workspace(
        config,
        docs=args.docs if wants_docs else None,
        adapter=args.adapter if wants_adapter else None,
        index_dir=args.index if wants_docs else None,
        explicit_embedder=args.embedder,
    )
    if workspace.skipped:
        _note(f"skipped {len(workspace.skipped)} file(s) of other types: {', '.join(workspace.skipped[:5])}")
    return workspace


def cmd_compare(args) -> int:
    from .compare import check_request, parse_modes

    # Everything that can be checked without a model is checked first.
    modes = parse_modes(args.modes if args.modes is not None else _default_modes(args))
    check_request(args.question, modes, bool(args.adapter), bool(args.docs or args.index))
    config = _settings(args, MODEL_SETTINGS + RETRIEVAL_SETTINGS + GENERATION_SETTINGS)
    workspace = _workspace(args, config, modes)
    quiet_libraries()
    result = workspace.compare(args.question, modes, system=args.system)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        engine = workspace.engine()
        print(render_comparison(result, args.layout, engine_desc=f"{engine.quant} on {engine.device}"))
    return 0


def _column_header(column) -> list[str]:
    adapter = f"adapter {column.adapter}" if column.adapter else "no adapter"
    retrieval = f"{len(column.retrieved)} passage(s)" if column.retrieval else "no retrieval"
    stop = "" if column.stopped_at_eos else ", hit max tokens"
    return [
        f"== {column.mode.value} ==",
        f"{adapter} | {retrieval}",
        f"{column.prompt_tokens} prompt + {column.new_tokens} new tokens, {column.seconds:.2f} s{stop}",
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


def cmd_serve(args) -> int:
    config = _settings(args, MODEL_SETTINGS + RETRIEVAL_SETTINGS + GENERATION_SETTINGS)
    if args.docs is None and args.index is None and SAMPLE_DOCS.is_dir():
        args.docs = str(SAMPLE_DOCS)
        _note(f"RAG columns use the bundled sample documents ({args.docs}); pass --docs or --index for your own")
    workspace = _workspace(args, config)
    workspace.check_sources()
    quiet_libraries()
    from .ui.app import build_app

    app = build_app(workspace)
    print(f"serving {workspace.describe()}", file=sys.stderr)
    app.launch(server_name=args.host, server_port=args.port, show_error=True)
    return 0


# -- index, search, eval-retrieval ------------------------------------------------------------


def cmd_index(args) -> int:
    from dataclasses import replace

    from .documents import read_folder
    from .index import CURRENT, DocumentIndex
    from .retrieval import Embedder

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
    from .index import DocumentIndex

    config = _settings(args, RETRIEVAL_SETTINGS).retrieval
    if not args.query.strip():
        raise StudioError("the search query is empty: type a question")
    quiet_libraries()
    index = DocumentIndex.load(args.index, embedder_name=args.embedder)
    hits = index.search(args.query, config.top_k, hybrid=config.hybrid)
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
    from .index import DocumentIndex
    from .retrieval_quality import evaluate_retrieval, load_questions

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


# -- tiny-model ------------------------------------------------------------------------------


def cmd_tiny_model(args) -> int:
    quiet_libraries()
    from .tiny import build_random_adapter, build_tiny_chat_model

    out = build_tiny_chat_model(args.out, seed=args.seed, name="studio/tiny-llama")
    print(f"model written to {out}")
    if args.adapter_out:
        adapter = build_random_adapter(out, args.adapter_out, seed=args.seed + 1)
        print(f"adapter written to {adapter}")
    return 0


# -- plumbing --------------------------------------------------------------------------------


def _note(message: str) -> None:
    print(f"note: {message}", file=sys.stderr)


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
