"""Training files: every format loads to the same messages; every bad line is named."""

from __future__ import annotations

import json

import pytest

from conftest import load_engine
from studio.model.chat import DEFAULT_SYSTEM
from studio.tuning.datasets import DatasetError, load_examples, preview

PAIRS = [("Triage: my invoice is doubled", '{"category": "billing"}'), ("Triage: app crashes on start", '{"category": "bug"}')]


def write_jsonl(path, records):
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def every_format(tmp_path):
    files = {
        "prompt-completion": write_jsonl(tmp_path / "pc.jsonl", [{"prompt": p, "completion": c} for p, c in PAIRS]),
        "messages": write_jsonl(
            tmp_path / "m.jsonl",
            [{"messages": [{"role": "user", "content": p}, {"role": "assistant", "content": c}]} for p, c in PAIRS],
        ),
        "alpaca": write_jsonl(tmp_path / "a.jsonl", [{"instruction": p, "input": "", "output": c} for p, c in PAIRS]),
    }
    (tmp_path / "a.json").write_text(json.dumps([{"instruction": p, "output": c} for p, c in PAIRS]), encoding="utf-8")
    files["alpaca-json"] = tmp_path / "a.json"
    with open(tmp_path / "d.csv", "w", encoding="utf-8", newline="") as f:
        import csv

        writer = csv.writer(f)
        writer.writerow(["question", "answer", "notes"])
        writer.writerows([(p, c, "x") for p, c in PAIRS])
    files["csv"] = tmp_path / "d.csv"
    return files


def test_every_format_loads_to_the_same_messages(every_format):
    expected = [({"role": "user", "content": p}, {"role": "assistant", "content": c}) for p, c in PAIRS]
    system = {"role": "system", "content": DEFAULT_SYSTEM}
    for name, path in every_format.items():
        columns = ("question", "answer") if name == "csv" else ("prompt", "completion")
        examples, fmt = load_examples(path, columns=columns)
        # The default system prompt, the one the compare columns are served with, is added to each.
        assert [e.messages for e in examples] == [(system, *turns) for turns in expected], name
        assert fmt == {"alpaca-json": "alpaca"}.get(name, name)
        assert [e.messages for e in load_examples(path, columns=columns, system="")[0]] == expected, name


def test_alpaca_input_joins_the_instruction_and_a_system_prompt_is_added(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [{"instruction": "Summarise.", "input": "Long text.", "output": "Short."}])
    (example,), _ = load_examples(path, system="Answer in one line.")
    assert example.messages == (
        {"role": "system", "content": "Answer in one line."},
        {"role": "user", "content": "Summarise.\n\nLong text."},
        {"role": "assistant", "content": "Short."},
    )
    assert example.answer == "Short." and example.where == "line 1 of a.jsonl"


@pytest.mark.parametrize(
    "lines, message",
    [
        (['{"prompt": "a", "completion": "b"}', '{"prompt": "a", "completion": "b",}'], r"line 2 of t.jsonl is not JSON: Expecting property name"),
        (['{"prompt": "a", "completion": "b"}', '{"prompt": "a"}'], r"line 2 of t.jsonl: field 'completion' is missing"),
        (['{"prompt": "a", "completion": "  "}'], r"line 1 of t.jsonl: field 'completion' is empty"),
        (['{"prompt": "a", "completion": 5}'], r"field 'completion' is a int, not text"),
        (['{"prompt": "a", "completion": "b"}', '{"instruction": "a", "output": "b"}'], r"line 2 of t.jsonl is in the alpaca format but the file started in the prompt-completion"),
        (['{"text": "a"}'], r"line 1 of t.jsonl has none of the known fields"),
        (['["a", "b"]'], r"line 1 of t.jsonl is not a JSON object"),
        (['{"messages": [{"role": "user", "content": "a"}, {"role": "bot", "content": "b"}]}'], r"message 2 has role 'bot'"),
        (['{"messages": [{"role": "user", "content": "a"}, {"role": "user", "content": "b"}]}'], r"two user messages in a row"),
        (['{"messages": [{"role": "user", "content": "a"}]}'], r"last message must be the assistant's answer"),
        (['{"messages": [{"role": "assistant", "content": "a"}]}'], r"first message after any system message must be from the user"),
        (['{"messages": []}'], r"'messages' must be a non-empty list"),
        (['{"messages": [{"role": "user", "content": "a"}, {"role": "system", "content": "s"}, {"role": "assistant", "content": "b"}]}'], r"message 2 is a system message"),
    ],
)
def test_each_kind_of_bad_line_names_its_line(tmp_path, lines, message):
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=message):
        load_examples(path)


def test_bad_files_are_named(tmp_path):
    with pytest.raises(DatasetError, match="does not exist"):
        load_examples(tmp_path / "none.jsonl")
    (tmp_path / "empty.jsonl").write_text("\n\n")
    with pytest.raises(DatasetError, match="holds no examples"):
        load_examples(tmp_path / "empty.jsonl")
    (tmp_path / "latin.jsonl").write_bytes('{"prompt": "café"}'.encode("latin-1"))
    with pytest.raises(DatasetError, match="is not UTF-8 text"):
        load_examples(tmp_path / "latin.jsonl")
    (tmp_path / "obj.json").write_text('{"prompt": "a"}')
    with pytest.raises(DatasetError, match="must hold a JSON list"):
        load_examples(tmp_path / "obj.json")


def test_csv_problems_name_the_column_or_line(tmp_path):
    (tmp_path / "c.csv").write_text("q,a\nhello,world\n")
    with pytest.raises(DatasetError, match=r"no column 'prompt' \(its header: q, a\).*--columns"):
        load_examples(tmp_path / "c.csv")
    (tmp_path / "d.csv").write_text("prompt,completion\nhello,world\nx,,extra\n")
    with pytest.raises(DatasetError, match="line 3 of d.csv"):
        load_examples(tmp_path / "d.csv")


def test_preview_shows_examples_through_the_models_chat_template(tiny_model, every_format):
    engine = load_engine(tiny_model)
    examples, _ = load_examples(every_format["messages"])
    (first, second) = preview(examples, engine.chat_prompt, count=5)
    assert first["prompt"] == (
        f"<|im_start|>system\n{DEFAULT_SYSTEM}<|im_end|>\n<|im_start|>user\n{PAIRS[0][0]}<|im_end|>\n<|im_start|>assistant\n"
    )
    assert first["answer"] == PAIRS[0][1] and second["where"] == "line 2 of m.jsonl"


def test_tokenized_example_learns_only_the_answer_and_its_end(tiny_model, every_format):
    from studio.tuning.datasets import IGNORE, tokenize_example

    engine = load_engine(tiny_model)
    (example, _), _ = load_examples(every_format["prompt-completion"])
    end = [engine.tokenizer.convert_tokens_to_ids("<|im_end|>")]
    item = tokenize_example(example, engine.chat_prompt, engine.tokenizer, 512, end)
    learned = [t for t, label in zip(item.input_ids, item.labels) if label != IGNORE]
    assert engine.tokenizer.decode(learned) == PAIRS[0][1] + "<|im_end|>"
    prompt = engine.tokenizer.decode(item.input_ids[: len(item.input_ids) - len(learned)])
    assert prompt == engine.chat_prompt(example.prompt_messages) and not item.truncated
    short = tokenize_example(example, engine.chat_prompt, engine.tokenizer, len(item.input_ids) - 2, end)
    assert short.truncated and len(short.input_ids) == len(item.input_ids) - 2
    assert tokenize_example(example, engine.chat_prompt, engine.tokenizer, 5, end) is None  # no answer would remain


def test_length_grouping_cuts_padding():
    from studio.tuning.datasets import padding_fraction

    lengths = [10, 200, 12, 190, 11, 205, 9, 198]
    assert padding_fraction(lengths, 2, group_by_length=False) > 0.4
    assert padding_fraction(lengths, 2, group_by_length=True) < 0.03
    assert padding_fraction([5, 5, 5, 5], 2, group_by_length=False) == 0.0
