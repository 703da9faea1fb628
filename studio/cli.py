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


def _retrieval_flags(parser: argparse.ArgumentParser) -> None:
    _add_setting(parser, RetrievalConfig, "embedder", "--embedder", metavar="ID_OR_FOLDER")
    _add_setting(parser, RetrievalConfig, "top_k", "--k", type=int, metavar="K")
    _add_setting(parser, RetrievalConfig, "chunk_size", "--chunk-size", type=int, metavar="CHARS")
    _add_setting(parser, RetrievalConfig, "overlap", "--overlap", type=int, metavar="CHARS")


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
    p.add_argument("--docs", metavar="FOLDER", help="folder of .md/.txt documents for the RAG columns")
    p.add_argument("--adapter", metavar="FOLDER", help="PEFT LoRA adapter folder (safetensors) for the LoRA columns")
    p.add_argument("--system", default=None, help="system prompt for every column (default: a short helpful-assistant line)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of the readable view")
    p.add_argument("--layout", choices=("auto", "side", "stacked"), default="auto", help="readable view: columns side by side or one under another")
    _model_flags(p)
    _retrieval_flags(p)
    _generation_flags(p)
    p.set_defaults(handler=cmd_compare)

    p = sub.add_parser(
        "serve",
        help="open the studio in a browser",
        description="Serve the app: the compare view streaming every column side by side from one loaded model.",
    )
    p.add_argument(
        "--docs", metavar="FOLDER",
        help="folder of .md/.txt documents for the RAG columns (default: the bundled sample, when present)",
    )
    p.add_argument("--adapter", metavar="FOLDER", help="PEFT LoRA adapter folder (safetensors) for the LoRA columns")
    p.add_argument("--host", default=None, help="address to listen on (default 127.0.0.1; 0.0.0.0 to share on a network)")
    p.add_argument("--port", type=int, default=None, help="port (default 7860, or the first free one after it)")
    _model_flags(p)
    _retrieval_flags(p)
    _generation_flags(p)
    p.set_defaults(handler=cmd_serve)

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
    if args.docs:
        modes.append("rag")
    if args.adapter:
        modes.append("lora")
    return ",".join(modes)


def _settings(args, names: Sequence[str]):
    return load_config({name: getattr(args, name, None) for name in names})


MODEL_SETTINGS = ("model", "quant", "device")
RETRIEVAL_SETTINGS = ("embedder", "top_k", "chunk_size", "overlap")
GENERATION_SETTINGS = ("max_new_tokens", "temperature", "top_p", "seed")


def cmd_compare(args) -> int:
    from .compare import check_request, parse_modes
    from .workspace import Workspace

    # Everything that can be checked without a model is checked first.
    modes = parse_modes(args.modes if args.modes is not None else _default_modes(args))
    check_request(args.question, modes, bool(args.adapter), bool(args.docs))
    config = _settings(args, MODEL_SETTINGS + RETRIEVAL_SETTINGS + GENERATION_SETTINGS)
    wants_docs = any(m.uses_retrieval for m in modes)
    wants_adapter = any(m.uses_adapter for m in modes)
    if args.adapter and not wants_adapter:
        _note("--adapter is ignored: no lora column was asked for in --modes")
    if args.docs and not wants_docs:
        _note("--docs is ignored: no rag column was asked for in --modes")
    workspace = Workspace(config, docs=args.docs if wants_docs else None, adapter=args.adapter if wants_adapter else None)
    if workspace.skipped:
        _note(f"skipped {len(workspace.skipped)} file(s) that are not .md or .txt: {', '.join(workspace.skipped[:5])}")
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
    return [f"[{i}] {h.chunk_id} ({h.score:.2f})" for i, h in enumerate(column.retrieved, start=1)]


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
    from .workspace import Workspace

    config = _settings(args, MODEL_SETTINGS + RETRIEVAL_SETTINGS + GENERATION_SETTINGS)
    docs = args.docs
    if docs is None and SAMPLE_DOCS.is_dir():
        docs = str(SAMPLE_DOCS)
        _note(f"RAG columns use the bundled sample documents ({docs}); pass --docs for your own")
    workspace = Workspace(config, docs=docs, adapter=args.adapter)
    workspace.check_sources()
    quiet_libraries()
    from .ui.app import build_app

    app = build_app(workspace)
    print(f"serving {workspace.describe()}", file=sys.stderr)
    app.launch(server_name=args.host, server_port=args.port, show_error=True)
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
    except Exception as exc:  # a bug, not bad input: still one line, with a way to see more
        if os.environ.get("STUDIO_DEBUG"):
            raise
        first = str(exc).splitlines()[0] if str(exc) else ""
        print(f"studio: unexpected error: {type(exc).__name__}: {first} (set STUDIO_DEBUG=1 to see the traceback)", file=sys.stderr)
        return EXIT_UNEXPECTED


if __name__ == "__main__":
    sys.exit(main())
