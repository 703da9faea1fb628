"""The class's one queue to the model: learners' rows decoded together, each request on its own."""

from __future__ import annotations

import threading
import time

import pytest

from conftest import load_engine
from studio.config import GenerationConfig, TrainingConfig
from studio.model.engine import GenerationRequest
from studio.model.scheduler import Scheduler, kv_bytes_per_token


@pytest.fixture(scope="module")
def engine(tiny_model, tiny_adapter):
    engine = load_engine(tiny_model)
    engine.add_adapter(tiny_adapter)
    return engine


def ask(engine, text: str, adapter: str | None = None) -> GenerationRequest:
    return GenerationRequest(engine.chat_prompt([{"role": "user", "content": text}]), adapter)


def run_together(scheduler: Scheduler, engine, *jobs):
    """Start every (requests, generation) job while the model is held, so all wait and join one batch."""
    results: dict[int, list] = {}
    threads = [
        threading.Thread(target=lambda i=i, job=job: results.__setitem__(i, scheduler.generate(*job))) for i, job in enumerate(jobs)
    ]
    with engine.lock:
        for thread in threads:
            thread.start()
        deadline = time.time() + 10
        while scheduler.waiting() < len(jobs) and time.time() < deadline:
            time.sleep(0.01)
    for thread in threads:
        thread.join(60)
    return [results[i] for i in range(len(jobs))]


def test_rows_of_several_learners_share_one_batch_and_match_each_alone(engine):
    scheduler = Scheduler(engine)
    first = [ask(engine, "How much is the Pro plan?"), ask(engine, "How much is the Pro plan?", "tiny-adapter")]
    second = [ask(engine, "A much longer question from another learner, about the refund window of a plan")]
    third = [ask(engine, "Hi", "tiny-adapter")]
    gens = (GenerationConfig(max_new_tokens=12), GenerationConfig(max_new_tokens=7), GenerationConfig(max_new_tokens=12))
    alone = [engine.generate(rows, gen) for rows, gen in zip((first, second, third), gens)]
    together = run_together(scheduler, engine, (first, gens[0]), (second, gens[1]), (third, gens[2]))
    assert list(scheduler.batch_sizes) == [4]  # every learner's rows in one batch, mixed adapters and all
    for shared, own in zip(together, alone):
        assert [g.token_ids for g in shared] == [g.token_ids for g in own]  # fp32 greedy: same tokens
        assert all(g.finished for g in shared)
    assert [g.new_tokens for g in together[1]] == [7]  # each request's own max_new_tokens


def test_closing_a_stream_drops_its_rows_and_the_others_go_on(engine):
    scheduler = Scheduler(engine)
    long = GenerationConfig(max_new_tokens=60)
    results = {}

    def other():
        results["other"] = scheduler.generate([ask(engine, "Tell me about the plans")], long)

    with engine.lock:
        worker = threading.Thread(target=other)
        worker.start()
        mine = scheduler.stream([ask(engine, "Hello"), ask(engine, "Hi")], long)
        started = threading.Thread(target=lambda: results.__setitem__("first", next(mine)))
        started.start()
        deadline = time.time() + 10
        while scheduler.waiting() < 2 and time.time() < deadline:
            time.sleep(0.01)
    started.join(30)
    mine.close()  # the learner closed the page after the first step
    worker.join(60)
    assert list(scheduler.batch_sizes) == [3]
    assert results["other"][0].finished and results["other"][0].new_tokens > 1
    assert len(results["first"]) == 2 and not all(g.finished for g in results["first"])


def test_a_question_asked_during_a_training_is_answered_before_it_ends(tiny_model, triage_examples_file):
    from studio.tuning.training import prepare_examples, train_adapter

    engine = load_engine(tiny_model)
    scheduler = Scheduler(engine)
    from studio.tuning.training import TrainingCancelled

    config = TrainingConfig(steps=5000, batch_size=4, grad_accum=1)  # far longer than the test: it ends by cancel
    data = prepare_examples(triage_examples_file, engine.chat_prompt, engine.tokenizer, config)
    progress: list = []
    stepping, cancel, ended = threading.Event(), threading.Event(), []
    out = triage_examples_file.parent / "trained"

    def train() -> None:
        try:
            train_adapter(engine, data, config, out, "trained", cancel=cancel, between_steps=scheduler.run_pending,
                          on_progress=lambda p: (progress.append(p), stepping.set()))
        except TrainingCancelled as exc:
            ended.append(exc)

    trainer = threading.Thread(target=train)
    trainer.start()
    assert stepping.wait(60), "the training never stepped"
    answer = scheduler.generate([ask(engine, "Is anyone there?")], GenerationConfig(max_new_tokens=6))
    still_training, steps_then = trainer.is_alive(), progress[-1].step
    cancel.set()
    trainer.join(120)
    assert answer[0].finished and answer[0].new_tokens >= 1
    assert still_training and steps_then < 5000, "the answer came only after the training"
    assert ended and not out.exists()  # the run went on after the answer, and ended only by its cancel


@pytest.fixture
def triage_examples_file(tmp_path):
    import json

    from studio.prepare.tiny import triage_examples

    path = tmp_path / "train.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in triage_examples(40, seed=3)), encoding="utf-8")
    return path


def test_a_batch_is_capped_by_its_kv_cache_estimate(engine):
    per_token = kv_bytes_per_token(engine)
    config = engine.base.config
    assert per_token == 2 * config.num_hidden_layers * config.num_key_value_heads * (config.hidden_size // config.num_attention_heads) * 4
    rows = [ask(engine, "How much is the Pro plan?")]
    gen = GenerationConfig(max_new_tokens=8)
    one = len(engine.tokenizer(rows[0].prompt, add_special_tokens=False)["input_ids"]) + 8
    scheduler = Scheduler(engine, kv_budget_bytes=per_token * one * 2)  # room for two such requests
    together = run_together(scheduler, engine, *[(rows, gen)] * 5)
    assert list(scheduler.batch_sizes) == [2, 2, 1] and all(r[0].finished for r in together)
    assert [r[0].token_ids for r in together] == [together[0][0].token_ids] * 5


def test_closing_waits_for_the_running_batch_and_refuses_new_requests(engine):
    """At exit no worker may still be inside the model (the runtime aborts the process then)."""
    from studio.errors import StudioError

    scheduler = Scheduler(engine)
    answer = scheduler.generate([ask(engine, "Hello?")], GenerationConfig(max_new_tokens=4))
    scheduler.close()
    assert answer[0].finished and not scheduler._worker.is_alive()
    with pytest.raises(StudioError, match="the studio is stopping"):
        scheduler.generate([ask(engine, "Still there?")], GenerationConfig(max_new_tokens=4))


def long_then_short(scheduler: Scheduler, engine, long_rows, long_gen, short_rows, short_gen):
    """Start a long answer; once it decodes, ask a short one. Returns (short, long, whether the long
    one had finished when the short one came back)."""
    updates, latest, first = scheduler.stream(long_rows, long_gen), {}, threading.Event()

    def follow():
        for latest["now"] in updates:
            first.set()

    reader = threading.Thread(target=follow)
    reader.start()
    assert first.wait(30) and not latest["now"][0].finished
    short = scheduler.generate(short_rows, short_gen)
    long_done_then = latest["now"][0].finished
    reader.join(60)
    return short, latest["now"], long_done_then


@pytest.mark.parametrize("continuous", [True, False])
def test_a_question_asked_mid_batch_joins_at_the_next_step_and_matches_alone(engine, continuous):
    """Continuous batching: a short question does not wait for a long answer already decoding
    (batch at a time, the control, it does)."""
    scheduler = Scheduler(engine, continuous=continuous)
    long_rows, long_gen = [ask(engine, "Tell me everything about the plans, at length")], GenerationConfig(max_new_tokens=400, stop_loops=False)
    short_rows, short_gen = [ask(engine, "Hi", "tiny-adapter")], GenerationConfig(max_new_tokens=6)
    short_alone, long_alone = engine.generate(short_rows, short_gen), engine.generate(long_rows, long_gen)
    assert long_alone[0].new_tokens > 200  # long enough to be running when the short one comes
    short, long, long_done_then = long_then_short(scheduler, engine, long_rows, long_gen, short_rows, short_gen)
    assert short[0].token_ids == short_alone[0].token_ids  # fp32 greedy: the same tokens as alone
    assert long[0].token_ids == long_alone[0].token_ids  # and the long one unchanged by its guest
    assert list(scheduler.batch_sizes) == [1, 1]
    assert long_done_then is not continuous  # joined the running batch, or waited for its end


def test_a_sampled_request_is_the_same_whoever_shares_its_batch(engine):
    scheduler = Scheduler(engine)
    rows = [ask(engine, "Pick a colour")]
    sampled = GenerationConfig(max_new_tokens=12, temperature=0.9, seed=7)
    alone = scheduler.generate(rows, sampled)
    together = run_together(scheduler, engine, (rows, sampled), ([ask(engine, "Hello there")], GenerationConfig(max_new_tokens=12)))
    assert together[0][0].token_ids == alone[0].token_ids  # its own seeded generator, not the batch's
    other_seed = scheduler.generate(rows, GenerationConfig(max_new_tokens=12, temperature=0.9, seed=8))
    assert other_seed[0].token_ids != alone[0].token_ids
