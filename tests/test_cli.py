"""The `studio` command as a user meets it: output, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import SAMPLE_DOCS
from studio.cli import main


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def run_studio(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real console entry point in a fresh process, as a user would run it."""
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "studio.cli", *args], capture_output=True, text=True, env=full_env, timeout=300
    )


def assert_one_clear_line(code: int, err: str, *fragments: str) -> None:
    assert code != 0
    # "note: ..." lines are information (such as which documents the app uses), and so is the
    # "model: ..." line saying which weights loaded: not errors.
    lines = [line for line in err.splitlines() if line.strip() and not line.startswith(("note: ", "model: "))]
    assert len(lines) == 1, err
    assert lines[0].startswith("studio: error: ")
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


def test_compare_json_has_every_requested_column_with_provenance(capsys, tiny_model, tiny_adapter, embedder_dir):
    code, out, err = run_cli(
        capsys, "compare", "How much is the Pro plan?", "--model", str(tiny_model), "--docs", str(SAMPLE_DOCS),
        "--adapter", str(tiny_adapter), "--modes", "base,rag,lora", "--embedder", embedder_dir,
        "--max-new-tokens", "6", "--focus", "0", "--json",
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["question"] == "How much is the Pro plan?" and data["model"] == str(tiny_model)
    columns = {c["mode"]: c for c in data["columns"]}
    assert list(columns) == ["base", "rag", "lora"]
    assert columns["base"]["adapter"] is None and columns["base"]["retrieved"] == []
    assert columns["rag"]["adapter"] is None and len(columns["rag"]["retrieved"]) == 3
    assert columns["rag"]["retrieved"][0]["source"] == "pricing.md"
    assert columns["lora"]["adapter"] == "tiny-adapter" and columns["lora"]["retrieved"] == []
    assert all(c["new_tokens"] <= 6 for c in data["columns"])


def test_compare_readable_view_shows_each_column_and_its_passages(capsys, tiny_model, embedder_dir):
    code, out, err = run_cli(
        capsys, "compare", "When is support chat open on Saturday?", "--model", str(tiny_model),
        "--docs", str(SAMPLE_DOCS), "--embedder", embedder_dir, "--k", "2", "--focus", "0", "--max-new-tokens", "4", "--layout", "stacked",
    )
    assert code == 0, err
    assert "Question: When is support chat open on Saturday?" in out
    assert "== base ==" in out and "== rag ==" in out and "== lora ==" not in out  # default modes
    assert "no adapter | 2 passage(s)" in out
    assert "[1] support.md#" in out


def test_side_by_side_layout_puts_columns_on_the_same_lines(capsys, tiny_model, tiny_adapter):
    code, out, _ = run_cli(
        capsys, "compare", "Hi", "--model", str(tiny_model), "--adapter", str(tiny_adapter),
        "--max-new-tokens", "4", "--layout", "side",
    )
    assert code == 0
    assert any("== base ==" in line and "== lora ==" in line for line in out.splitlines())


@pytest.mark.parametrize(
    "args, fragments",
    [
        (["compare", "q", "--modes", "base,wiki"], ["unknown column 'wiki'", "base, rag, lora, lora+rag, stuffed, fewshot, lora:NAME"]),
        (["compare", "q", "--modes", "base,rag"], ["column rag needs documents to retrieve passages from", "--docs"]),
        (["compare", "q", "--modes", "lora"], ["column lora needs an adapter", "--adapter", "lora:NAME"]),
        (["compare", "q", "--modes", "base,stuffed"], ["column stuffed needs documents to paste into the prompt", "--docs FOLDER"]),
        (["compare", "q", "--modes", "fewshot"], ["column fewshot needs examples to put in the prompt", "--examples FILE"]),
        (["compare", "q", "--modes", "base,lora:nobody"], ["column lora:nobody: no adapter named 'nobody'"]),
        (["compare", "q", "--modes", "fewshot", "--examples", "/no/such.jsonl"], ["such.jsonl"]),
        (["compare", "   ", "--modes", "base"], ["the question is empty"]),
        (["compare", "q", "--modes", "rag", "--docs", "/no/such/folder"], ["/no/such/folder does not exist"]),
        (["compare", "q", "--modes", "lora", "--adapter", "/no/such/adapter"], ["adapter folder /no/such/adapter does not exist"]),
        (["compare", "q", "--max-new-tokens", "0"], ["--max-new-tokens"]),
    ],
)
def test_bad_input_exits_non_zero_with_one_clear_line(capsys, args, fragments):
    code, out, err = run_cli(capsys, *args)
    assert_one_clear_line(code, err, *fragments)
    assert out == ""


def test_pickle_only_adapter_is_refused_without_loading_anything(capsys, pickle_adapter):
    # No --model: the default Hub model is never reached because the check comes first.
    code, _, err = run_cli(capsys, "compare", "q", "--modes", "lora", "--adapter", str(pickle_adapter))
    assert_one_clear_line(code, err, "pickle file adapter_model.bin", "safe_serialization=True")


def test_adapter_for_another_base_exits_with_one_clear_line(capsys, tiny_model, other_adapter, other_model):
    code, _, err = run_cli(
        capsys, "compare", "q", "--model", str(tiny_model), "--modes", "base,lora", "--adapter", str(other_adapter)
    )
    assert_one_clear_line(code, err, "does not fit base model", f"trained for {other_model}")


def test_unreachable_hub_tells_how_to_point_model_at_a_folder():
    result = run_studio("compare", "How much is the Pro plan?", "--modes", "base", "--model", "someone/not-cached-anywhere")
    assert_one_clear_line(result.returncode, result.stderr, "cannot reach the Hugging Face Hub", "--model", "local folder", "smollm2")


def test_serve_fails_at_start_when_the_model_cannot_be_found():
    result = run_studio("serve", "--port", "7999", "--model", "someone/not-cached-anywhere")
    assert_one_clear_line(result.returncode, result.stderr, "cannot reach the Hugging Face Hub", "--model")


def test_console_script_end_to_end_with_its_own_tiny_model(tmp_path):
    made = run_studio("tiny-model", str(tmp_path / "m"), "--adapter-out", str(tmp_path / "a"))
    assert made.returncode == 0, made.stderr
    result = run_studio(
        "compare", "Hello there", "--model", str(tmp_path / "m"), "--adapter", str(tmp_path / "a"),
        "--max-new-tokens", "5", "--json",
    )
    assert result.returncode == 0, result.stderr
    modes = [(c["mode"], c["adapter"]) for c in json.loads(result.stdout)["columns"]]
    assert modes == [("base", None), ("lora", "a")]
    assert "Traceback" not in result.stderr


def test_no_command_prints_help_and_fails(capsys):
    code, out, _ = run_cli(capsys)
    assert code != 0 and "compare" in out
