"""Checks, scenario packs and the scoreboard: right answers pass, wrong ones fail with a reason."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import SAMPLE_DOCS, load_engine
from studio.lesson.checks import run_check, states_fact
from studio.config import GenerationConfig, TrainingConfig
from studio.lesson.evaluate import ColumnScore, EvalPlan, evaluate, verdict, write_report
from studio.lesson.scenarios import ScenarioError, load_scenario, scenario_ids
from studio.prepare.tiny import TRIAGE_PATTERN, triage_examples
from test_cli import assert_one_clear_line, run_cli

SCHEMA = {
    "type": "object",
    "properties": {"category": {"enum": ["billing", "shipping"]}, "urgency": {"enum": ["low", "high"]}},
    "required": ["category", "urgency"],
    "additionalProperties": False,
}


@pytest.mark.parametrize(
    "check, right, wrong, reason",
    [
        ({"type": "fact", "value": "4.99 euros"}, "It costs €4.99 a month.", "It costs 5.49 euros.", "does not state 4.99 euros"),
        ({"type": "fact", "value": "1,299.00 euros"}, "That is 1299 EUR.", "That is 129 EUR.", "does not state"),
        ({"type": "fact", "value": "30 days"}, "You have 30 days.", "You have 300 days.", "does not state 30 days"),
        ({"type": "any_of", "values": ["30 days", "thirty days"]}, "Within thirty days.", "Within a month.", "states none of"),
        ({"type": "regex", "pattern": TRIAGE_PATTERN}, "Category: billing\nUrgency: low", "billing, low", "does not match"),
        (
            {"type": "json_schema", "schema": SCHEMA, "fields": {"category": "billing"}},
            'Here you go:\n```json\n{"category": "billing", "urgency": "high"}\n```',
            '{"category": "shipping", "urgency": "high"}',
            "field 'category' is 'shipping', expected 'billing'",
        ),
        ({"type": "json_schema", "schema": SCHEMA}, '{"category": "billing", "urgency": "low"}', '{"category": "billing"}', "'urgency' is a required property"),
        ({"type": "json_schema", "schema": SCHEMA}, '{"category": "billing", "urgency": "low"}', "billing, low", "no JSON object"),
        (
            {"type": "sections", "headings": ["Issue", "Rule", "Conclusion"]},
            "Issue: rent\n**Rule:** s. 14\n## Conclusion\nYes.",
            "Issue: rent\nConclusion: yes\nRule: s. 14",
            "heading 'Conclusion' is out of order",
        ),
        ({"type": "sections", "headings": ["Issue", "Rule"]}, "Issue: a\nRule: b", "Issue: a", "heading 'Rule' is missing"),
        ({"type": "length", "max_words": 5, "min_words": 2}, "three short words", "one two three four five six", "6 words, more than 5"),
    ],
)
def test_each_check_passes_a_right_answer_and_fails_a_wrong_one_with_a_reason(check, right, wrong, reason):
    assert run_check(check, right, "skill").passed
    failed = run_check(check, wrong, "skill")
    assert not failed.passed and reason in failed.reason


def test_facts_are_normalised_not_fuzzy():
    assert states_fact("The price is 4,99 EUR.", "€4.99")
    assert states_fact("LF-203: storage full.", "LF-203 storage full")
    assert not states_fact("The Vault Mini", "Vault Mini Pro")
    assert not states_fact("12.50 euros", "12.5 dollars")


# Causes found by reading the offline model's answers on lumenfold-handbook by hand, one test each.


def test_a_percent_sign_and_the_word_percent_are_one_fact():
    assert states_fact("The Teams SLA promises 99.95% uptime.", "99.95 percent")
    assert states_fact("a 20 per cent discount", "20 percent")
    assert states_fact("99.95 pct", "99.95%")
    assert not states_fact("99.9% uptime", "99.95 percent")


def test_a_citation_after_a_value_is_not_part_of_it():
    # "300 euros [1]" once read as "300 1 euros": the currency moved onto the citation's number.
    assert states_fact("Standard shipping is free for orders over 300 euros [1].", "300 euros")
    assert states_fact("The Vault Pro costs 799.00 euros [3].", "799.00 euros")
    assert states_fact("It costs 9.90 euros [2, 3] in Germany.", "9.90 euros")
    assert states_fact("Invitations expire after 7 days [1].", "seven days")


def test_days_of_the_week_in_the_plural_are_the_same_days():
    assert states_fact("The Blossom Special runs on Mondays, Wednesdays, and Fridays.", "Monday, Wednesday and Friday")
    assert not states_fact("It runs on Mondays and Fridays.", "Monday, Wednesday and Friday")


def test_a_currency_after_a_number_stays_with_it():
    assert states_fact("Orders over 300 euros 12 days ahead", "300 euros")
    assert states_fact("costs EUR 4,99 a month", "4.99 euros")  # a currency before its number still moves
    assert not states_fact("Orders over 300 euros 12 days ahead", "12 euros")


# -- packs --------------------------------------------------------------------------------------


def test_the_bundled_packs_cover_every_kind_and_validate():
    ids = scenario_ids()
    scenarios = [load_scenario(i) for i in ids]
    kinds = sorted(s.kind for s in scenarios)
    assert len(scenarios) >= 4 and {"knowledge", "skill", "both"} <= set(kinds) and kinds.count("skill") >= 2
    for s in scenarios:
        assert len(s.items) >= 40, s.id
        if s.kind != "knowledge":
            assert s.train_examples >= 300, s.id
        train_prompts = {
            m["content"] for line in s.train.read_text().splitlines() for m in json.loads(line)["messages"] if m["role"] == "user"
        } if s.train.is_file() else set()
        for item in s.items:
            assert item.question not in train_prompts, f"{s.id}/{item.id} copies a training prompt"
            assert item.reference, f"{s.id}/{item.id} has no reference answer"
            failed = [r.reason for r in (run_check(c, item.reference, item.kind, s.folder) for c in item.checks) if not r.passed]
            assert failed == [], f"{s.id}/{item.id}: its own reference fails: {failed}"
            shrug = "I am not sure, please contact support."
            assert not all(run_check(c, shrug, item.kind, s.folder).passed for c in item.checks), f"{s.id}/{item.id} passes anything"
            if item.update:
                assert item.kind == "knowledge" and s.updated_documents > 0


def write_pack(folder, kind="skill", items=None, train=None, docs=True, updates=None):
    """A small scenario pack in the documented format."""
    folder.mkdir(parents=True)
    (folder / "scenario.toml").write_text(
        f'title = "Test pack"\nkind = "{kind}"\nlesson = "A test."\nsystem = "Answer."\n[lora]\nrank = 8\n', encoding="utf-8"
    )
    rows = triage_examples(340, seed=11)
    train = train if train is not None else rows[:300]
    (folder / "train.jsonl").write_text(
        "".join(json.dumps({"messages": [{"role": "user", "content": r["prompt"]}, {"role": "assistant", "content": r["completion"]}]}) + "\n" for r in train)
    )
    if items is None:
        items = [
            {"id": f"t{n}", "kind": "skill", "question": r["prompt"], "checks": [{"type": "regex", "pattern": TRIAGE_PATTERN}], "reference": r["completion"]}
            for n, r in enumerate(rows[300:])
        ]
    (folder / "eval.jsonl").write_text("".join(json.dumps(i) + "\n" for i in items))
    if docs:
        shutil.copytree(SAMPLE_DOCS, folder / "docs")
    if updates:
        (folder / "updates").mkdir()
        for name, text in updates.items():
            (folder / "updates" / name).write_text(text)
    return folder


def test_pack_problems_are_named(tmp_path):
    with pytest.raises(ScenarioError, match="no scenario 'nope'.*lumenfold-handbook"):
        load_scenario("nope")
    pack = write_pack(tmp_path / "p")
    (pack / "eval.jsonl").unlink()
    with pytest.raises(ScenarioError, match="has no eval.jsonl"):
        load_scenario(str(pack))
    items = [{"id": f"i{n}", "kind": "skill", "question": "q", "checks": [{"type": "length", "max_words": 3}]} for n in range(40)]
    items[6] = {"id": "i6", "question": "q", "checks": [{"type": "length", "max_words": 3}]}
    with pytest.raises(ScenarioError, match=r"line 7 of .*eval.jsonl \(i6\) has kind None: label every item"):
        load_scenario(str(write_pack(tmp_path / "q", items=items)))
    items[6] = {"id": "i6", "kind": "skill", "question": "q", "checks": [{"type": "vibes"}]}
    with pytest.raises(ScenarioError, match="line 7 .* check type 'vibes' is unknown"):
        load_scenario(str(write_pack(tmp_path / "r", items=items)))
    items[6] = {"id": "i6", "kind": "skill", "question": "q", "checks": [{"type": "length", "max_words": 3}]}
    with pytest.raises(ScenarioError, match="has 12 items; a scenario needs at least 40"):
        load_scenario(str(write_pack(tmp_path / "s", items=items[:12])))
    with pytest.raises(ScenarioError, match="has 20 examples; a skill needs at least 300"):
        load_scenario(str(write_pack(tmp_path / "t", train=triage_examples(20))))


# -- the scoreboard -------------------------------------------------------------------------------


def score(column, knowledge, skill, seconds=1.0, prompt_tokens=50.0, left_out=0):
    return ColumnScore(
        column, column.partition(":")[0], knowledge, 10 if knowledge is not None else 0, skill, 10 if skill is not None else 0,
        seconds, 20, mean_prompt_tokens=prompt_tokens, left_out=left_out,
    )


def test_verdict_is_read_off_the_numbers():
    rows = [score("base", 0.1, 0.0), score("rag", 0.8, 0.1, 2.0), score("lora", 0.2, 0.9)]
    text = verdict(rows)
    assert "rag scored best (80%), against 10% for the base model" in text
    assert "lora scored best (90%)" in text
    assert "For facts, rag (retrieved passages) beat lora (an adapter) by 60%: retrieval supplies knowledge." in text
    assert "For the format, lora (an adapter) beat rag (retrieved passages) by 80%: fine-tuning teaches a skill." in text
    flipped = verdict([score("base", 0.5, None), score("rag", 0.5, None)])
    assert "base and rag scored best (50%)" in flipped and "skill" not in flipped


def test_verdict_compares_recipes_by_what_they_use():
    rows = [
        score("base", 0.0, 0.1),
        score("rag", 0.7, 0.1, 1.0, 300.0),
        score("stuffed", 0.6, 0.1, 3.0, 1500.0, left_out=2),
        score("fewshot", 0.0, 0.95),
        score("lora:legal", 0.1, 0.9),
        score("lora:support", 0.0, 0.3),
    ]
    text = verdict(rows)
    assert "For facts, rag (retrieved passages) beat lora:legal (an adapter) by 60%: retrieval supplies knowledge." in text
    assert "For the format, fewshot (examples in the prompt) beat lora:legal (an adapter) by 5%: examples in the prompt were enough" in text
    assert "Pasting the documents cost 1,500 prompt tokens a question against 300 for rag (5.0x)" in text
    assert "Up to 2 document(s) did not fit the model's context, so stuffed answered without them." in text
    assert "stuffed took 3.0 s per answer" in text
    both = verdict([score("base", 0.1, 0.1), score("rag", 0.8, 0.1), score("lora", 0.1, 0.8), score("lora+rag", 0.8, 0.9)])
    assert "Only lora+rag (an adapter and retrieved passages) did well on both (80% knowledge, 90% skill)." in both


def test_skill_scoreboard_puts_the_trained_adapter_ahead_and_writes_the_report(skill_model, tmp_path):
    from studio.tuning.training import prepare_examples, train_adapter

    scenario = load_scenario(str(write_pack(tmp_path / "triage-pack", docs=False)))
    engine = load_engine(skill_model)
    config = TrainingConfig(learning_rate=5e-3, epochs=5, batch_size=8, grad_accum=2)
    data = prepare_examples(scenario.train, engine.chat_prompt, engine.tokenizer, config)
    train_adapter(engine, data, config, tmp_path / "adapter", "triage")
    plan = EvalPlan(scenario, "base,lora", out=tmp_path / "run")
    report = evaluate(engine, plan, adapter="triage", generation=GenerationConfig(max_new_tokens=24))
    rows = {r.mode: r for r in report.rows}
    assert rows["lora"].skill >= 0.8 > 0.1 >= rows["base"].skill
    assert rows["base"].knowledge is None and rows["lora"].skill_items == 40
    assert "lora scored best" in report.verdict
    written = write_report(report, tmp_path / "run")
    assert [p.name for p in written] == ["report.json", "report.md", "chart.png"]
    assert json.loads((tmp_path / "run" / "report.json").read_text())["scoreboard"][1]["mode"] == "lora"
    assert (tmp_path / "run" / "chart.png").read_bytes()[:4] == b"\x89PNG"
    item_lines = {line.split("|")[3].strip(): line for line in (tmp_path / "run" / "report.md").read_text().splitlines() if line.startswith("| t0 |")}
    base_record = next(r for r in report.records if r.item == "t0" and r.mode == "base")
    assert base_record.skill is False  # the base model never writes the triage format
    assert "| base | no |" in item_lines["base"] and "does not match /" in item_lines["base"]  # the report says why


def test_an_interrupted_run_resumes_without_asking_again(tiny_model, tmp_path, monkeypatch):
    import studio.lesson.evaluate as evaluate_module

    scenario = load_scenario(str(write_pack(tmp_path / "pack", docs=False)))
    engine = load_engine(tiny_model)
    plan = EvalPlan(scenario, "base", out=tmp_path / "run")
    gen = GenerationConfig(max_new_tokens=4)
    real_ask, asked = evaluate_module.ask_items, []
    monkeypatch.setattr(evaluate_module, "EVAL_ROWS", 5)  # items go five to a batch

    def crash_at_ten(engine, work, *args, **kwargs):
        if len(asked) == 10:
            raise KeyboardInterrupt
        asked.extend(item.id for item, _, _ in work)
        return real_ask(engine, work, *args, **kwargs)

    monkeypatch.setattr(evaluate_module, "ask_items", crash_at_ten)
    with pytest.raises(KeyboardInterrupt):
        evaluate(engine, plan, generation=gen)
    with open(tmp_path / "run" / "records.jsonl", "a") as handle:
        handle.write('{"item": "t10", "cut by a cra')  # a line the crash cut short
    asked.clear()
    monkeypatch.setattr(
        evaluate_module, "ask_items", lambda engine, work, *a, **k: (asked.extend(i.id for i, _, _ in work), real_ask(engine, work, *a, **k))[1]
    )
    report = evaluate(engine, plan, generation=gen)
    assert asked == [f"t{n}" for n in range(10, 40)]
    assert len(report.records) == 40 and [r.item for r in report.records] == [f"t{n}" for n in range(40)]
    with pytest.raises(Exception, match="holds a run with other settings \\(max_new_tokens\\)"):
        evaluate(engine, plan, generation=GenerationConfig(max_new_tokens=5))


def test_fact_update_reindexes_only_the_changed_document_and_reports_both_facts(tiny_model, embedder, tmp_path):
    from studio.knowledge.documents import read_folder
    from studio.knowledge.index import DocumentIndex

    pricing = (SAMPLE_DOCS / "pricing.md").read_text()
    assert "11.50 euros" in pricing
    items = [
        {"id": f"k{n}", "kind": "knowledge", "question": f"How much is the Pro plan? ({n})", "checks": [{"type": "fact", "value": "11.50 euros"}],
         "update": {"old": "11.50 euros", "new": "12.50 euros"}}
        for n in range(40)
    ]
    pack = write_pack(tmp_path / "prices", kind="knowledge", items=items, updates={"pricing.md": pricing.replace("11.50 euros", "12.50 euros")})
    scenario = load_scenario(str(pack))
    engine = load_engine(tiny_model)
    index = DocumentIndex.build(read_folder(scenario.docs)[0], embedder)
    plan = EvalPlan(scenario, "base,rag", experiment="fact-update", top_k=2)
    report = evaluate(engine, plan, index, generation=GenerationConfig(max_new_tokens=4))
    facts = report.extra["fact_update"]
    assert facts["items"] == 40 and facts["reindex"].startswith("1 changed, 0 added, 0 removed")
    assert set(facts["before"]) == set(facts["after"]) == {"base", "rag"}
    assert {r.phase for r in report.records} == {"before", "after"}
    after_hits = [h["chunk_id"] for r in report.records if r.phase == "after" and r.mode == "rag" for h in r.retrieved]
    assert any(h.startswith("pricing.md#") for h in after_hits)
    # The old price was in the RAG column's passages before the update, and is gone after it.
    rag = {phase: [r.fact_in_passages for r in report.records if r.mode == "rag" and r.phase == phase] for phase in ("before", "after")}
    assert sum(rag["before"]) >= 30 and sum(rag["after"]) == 0
    assert all(r.fact_in_passages is None for r in report.records if r.mode == "base")
    assert "Re-indexing took" in report.verdict


# -- the commands ---------------------------------------------------------------------------------


def test_scenarios_command_lists_every_pack(capsys):
    code, out, _ = run_cli(capsys, "scenarios", "--json")
    listed = json.loads(out)
    assert code == 0 and [s["id"] for s in listed] == scenario_ids()
    assert all(s["eval_items"] >= 40 for s in listed)


def test_eval_command_prints_the_scoreboard_and_writes_files(capsys, tiny_model, tmp_path):
    pack = write_pack(tmp_path / "pack", docs=False)
    code, out, err = run_cli(
        capsys, "eval", "--scenario", str(pack), "--model", str(tiny_model), "--limit", "3", "--max-new-tokens", "4", "--out", str(tmp_path / "run"),
    )
    assert code == 0, err
    assert "column" in out and "knowledge" in out and "base" in out
    assert (tmp_path / "run" / "report.md").is_file() and (tmp_path / "run" / "chart.png").is_file()


@pytest.mark.parametrize(
    "args, fragments",
    [
        (("--scenario", "nope"), ("no scenario 'nope'",)),
        (("--scenario", "lumenfold-handbook", "--modes", "base,lora"), ("column lora needs an adapter", "--train")),
        (("--scenario", "triage-json", "--modes", "base,lora:nobody"), ("column lora:nobody: no adapter named 'nobody'",)),
        (("--scenario", "triage-json", "--modes", "base,rag:x"), ("names an adapter, but rag runs without one",)),
        (("--scenario", "lumenfold-handbook", "--limit", "0"), ("--limit 0",)),
    ],
)
def test_eval_bad_input_is_one_line(capsys, args, fragments):
    assert_one_clear_line(*run_cli(capsys, "eval", *args)[::2], *fragments)


def test_eval_train_trains_the_packs_adapter_once_then_reuses_it(capsys, tiny_model, tmp_path):
    pack = write_pack(tmp_path / "mini-pack", docs=False)
    args = ("eval", "--scenario", str(pack), "--train", "--model", str(tiny_model), "--limit", "2", "--max-new-tokens", "4", "--json")
    code, out, err = run_cli(capsys, *args)
    assert code == 0, err
    assert "training adapter mini-pack" in err
    report = json.loads(out)
    assert report["modes"] == ["base", "lora"] and report["adapter"] == "mini-pack"
    assert (tmp_path / "studio-home" / "adapters" / "mini-pack" / "card.json").is_file()
    code, out, err = run_cli(capsys, *args)
    assert code == 0 and "reusing adapter mini-pack" in err and "training adapter" not in err


def test_eval_fact_update_from_the_command_line(capsys, tiny_model, embedder_dir, tmp_path):
    pricing = (SAMPLE_DOCS / "pricing.md").read_text()
    items = [
        {"id": f"k{n}", "kind": "knowledge", "question": f"What does Pro cost? ({n})", "checks": [{"type": "fact", "value": "11.50 euros"}],
         "update": {"old": "11.50 euros", "new": "12.50 euros"}}
        for n in range(40)
    ]
    pack = write_pack(tmp_path / "prices", kind="knowledge", items=items, updates={"pricing.md": pricing.replace("11.50 euros", "12.50 euros")})
    code, out, err = run_cli(
        capsys, "eval", "--scenario", str(pack), "--experiment", "fact-update", "--modes", "base,rag", "--limit", "2",
        "--model", str(tiny_model), "--embedder", embedder_dir, "--max-new-tokens", "4", "--out", str(tmp_path / "run"),
    )
    assert code == 0, err
    text = " ".join(out.split())  # the verdict is wrapped to the terminal's width
    assert "After this week's changes" in text and "Re-indexing took" in text
    report = json.loads((tmp_path / "run" / "report.json").read_text())
    assert report["experiment"] == "fact-update" and report["fact_update"]["reindex"].startswith("1 changed")


def test_eval_scores_any_recipe_and_reports_what_each_cost(capsys, tiny_model, embedder_dir, tmp_path):
    pack = write_pack(tmp_path / "pack")  # with the sample documents
    code, out, err = run_cli(
        capsys, "eval", "--scenario", str(pack), "--model", str(tiny_model), "--embedder", embedder_dir,
        "--modes", "base,rag,stuffed,fewshot", "--shots", "2", "--limit", "3", "--max-new-tokens", "4", "--json",
    )
    assert code == 0, err
    report = json.loads(out)
    rows = {r["column"]: r for r in report["scoreboard"]}
    assert list(rows) == ["base", "rag", "stuffed", "fewshot"] and report["modes"] == list(rows)
    assert [c["uses"] for c in report["columns"]] == [
        "the question alone", "retrieved passages", "pasted documents", "examples in the prompt"
    ]
    # Pasting every document costs more prompt than a few passages, which cost more than the question alone.
    assert rows["stuffed"]["mean_prompt_tokens"] > rows["rag"]["mean_prompt_tokens"] > rows["base"]["mean_prompt_tokens"]
    # Two worked examples (user and answer turns) make the fewshot prompt longer than base's.
    assert rows["fewshot"]["mean_prompt_tokens"] > rows["base"]["mean_prompt_tokens"]
    assert "Pasting the documents cost" in report["verdict"]
    assert {r["column"] for r in report["items"]} == set(rows) and len(report["items"]) == 12


def test_with_a_reader_adapter_the_verdict_separates_reading_from_knowing():
    from studio.lesson.evaluate import ColumnScore, verdict

    def row(column, mode, knowledge):
        return ColumnScore(column, mode, knowledge, 30, None, 0, 1.0, 10.0, 0.9 if "rag" in mode else None)

    said = verdict([row("base", "base", 0.0), row("rag", "rag", 0.25), row("lora+rag:reader", "lora+rag", 0.7), row("lora:reader", "lora", 0.03)])
    assert (
        "The skill of reading came from the adapter: lora+rag:reader stated 70% of the facts against 25% for rag with the "
        "same passages (+45%); the facts came from retrieval: lora:reader alone stated 3%, the base model 0%." in said
    )
    worse = verdict([row("base", "base", 0.0), row("rag", "rag", 0.3), row("lora+rag:x", "lora+rag", 0.2), row("lora:x", "lora", 0.0)])
    assert "the adapter did not improve reading them" in worse and "skill of reading came from" not in worse
    assert "skill of reading" not in verdict([row("base", "base", 0.0), row("rag", "rag", 0.3)])  # no adapter, no such sentence
    # An adapter that learned the facts themselves (a knowledge pack's own) is not credited with reading.
    knows = verdict([row("base", "base", 0.0), row("rag", "rag", 0.3), row("lora+rag:hb", "lora+rag", 0.5), row("lora:hb", "lora", 0.2)])
    assert "skill of reading" not in knows and "part of that is facts the adapter memorised" in knows


def test_eval_on_a_cpu_uses_the_devices_defaults_and_a_run_keeps_its_focus(capsys, tiny_model, embedder_dir, tmp_path):
    """`studio eval` scores what the app's Evaluate tab and Compare would show on this machine: on a CPU,
    4 sentences of 5 passages and 128 new tokens; a run folder resumed with whole passages is refused."""
    from studio.lesson.evaluate import RUN_FILE

    pack = write_pack(tmp_path / "pack", kind="knowledge", items=[
        {"id": f"k{n}", "kind": "knowledge", "question": f"What is fact {n}?", "checks": [{"type": "fact", "value": "x"}], "reference": "x"}
        for n in range(40)
    ])
    run = tmp_path / "run"
    base = ("eval", "--scenario", str(pack), "--model", str(tiny_model), "--embedder", embedder_dir, "--modes", "rag", "--out", str(run))
    code, _, err = run_cli(capsys, *base, "--limit", "1")
    assert code == 0, err
    settings = json.loads((run / RUN_FILE).read_text())
    assert (settings["top_k"], settings["focus"], settings["max_new_tokens"]) == (5, 4, 128)
    code, _, err = run_cli(capsys, *base, "--limit", "2", "--focus", "0")
    assert code != 0 and "holds a run with other settings (focus, top_k)" in err
