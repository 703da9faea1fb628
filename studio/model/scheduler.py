"""The class's one queue to the model: every learner's columns decoded together.

A request is a learner's comparison (a few rows: base, rag, lora...). Requests wait in one
shared queue; when the model is free, every waiting request whose decoding settings match
joins one batch (up to a row cap from a KV-cache estimate), mixed adapters and all, and each
request streams its own rows as they grow. Closing a request's stream drops its rows at the
next step; the batch goes on for the others. Prefill stays per row inside the engine.

It is the class's one gate to the model: Compare, the instructor's class questions and every
evaluation decode through it. A training run holds the model (`hold`), but between its
optimiser steps it calls `run_pending`, so a question asked during a training waits about one
step, not the whole run; `holder` says what holds the model, for the surfaces that wait.
"""

from __future__ import annotations

import atexit
import collections
import queue
import threading
import time
import weakref
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator, Sequence

from ..config import GenerationConfig
from ..errors import StudioError
from .engine import Engine, Generation, GenerationRequest

KV_BUDGET_BYTES = {"cpu": 2 * 2**30, "cuda": 8 * 2**30}  # KV cache one batch may use, by device
MAX_ROWS = 256  # rows one batch may hold whatever the memory (decode steps grow with rows on a CPU)
GATHER_SECONDS = 0.05  # after a first question arrives, how long to wait for others asked with it
RECENT_BATCHES = 1024  # batch sizes kept for benchmarks and tests: the newest only, so it never grows


def kv_bytes_per_token(engine: Engine) -> int:
    """Bytes the KV cache holds per token per row: keys and values of every layer."""
    config = engine.base.config
    layers = int(getattr(config, "num_hidden_layers", 1))
    heads = int(getattr(config, "num_key_value_heads", None) or getattr(config, "num_attention_heads", 1))
    head_dim = int(getattr(config, "head_dim", None) or config.hidden_size // config.num_attention_heads)
    element = 4 if engine.quant == "fp32" and engine.device == "cpu" else 2
    return 2 * layers * heads * head_dim * element


def kv_budget(engine: Engine) -> int:
    return KV_BUDGET_BYTES.get(engine.device, KV_BUDGET_BYTES["cpu"])


def _decoding_key(gen: GenerationConfig) -> tuple:
    """Requests decode in one batch only when they sample alike; max_new_tokens may differ per row."""
    return (gen.temperature, gen.top_p, gen.seed if gen.temperature > 0 else None)


@dataclass
class Ticket:
    """One request in the queue: its rows, its settings, where its updates go, its cancel."""

    requests: list[GenerationRequest]
    gen: GenerationConfig
    row_tokens: int = 0  # prompt + answer tokens of all its rows: what its KV cache will hold
    updates: queue.Queue = field(default_factory=queue.Queue)
    cancel: threading.Event = field(default_factory=threading.Event)
    started: threading.Event = field(default_factory=threading.Event)


_OPEN: "weakref.WeakSet[Scheduler]" = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    # Before the interpreter tears down: a worker still inside the model (a batch winding down
    # after its last answer was handed over) would abort the process as the runtime's threads go.
    for scheduler in list(_OPEN):
        scheduler.close()


class Scheduler:
    """Gathers generation requests from every learner and decodes them together on one engine."""

    def __init__(self, engine: Engine, max_rows: int = MAX_ROWS, kv_budget_bytes: int | None = None):
        self.engine = engine
        self.max_rows = max_rows
        self.kv_budget_bytes = kv_budget_bytes or kv_budget(engine)
        self._kv_per_token = kv_bytes_per_token(engine)
        self._pending: list[Ticket] = []
        self._wake = threading.Condition()
        self.batch_sizes: collections.deque[int] = collections.deque(maxlen=RECENT_BATCHES)  # rows of the latest batches
        self._holder: tuple[str, float] | None = None  # what holds the model for a long job, since when
        engine.pinned = self.named_adapters  # the engine never unloads an adapter a waiting request names
        self._closed = False
        self._worker = threading.Thread(target=self._loop, name="studio-scheduler", daemon=True)
        self._worker.start()
        _OPEN.add(self)

    def close(self, timeout: float = 60.0) -> None:
        """Stop taking requests and wait for the batch running now (if any) to end; waiting requests
        are told the studio is stopping. Called for every scheduler when the process exits."""
        with self._wake:
            self._closed = True
            left, self._pending = self._pending, []
            self._wake.notify_all()
        for ticket in left:
            ticket.updates.put(StudioError("the studio is stopping: ask again when it is back"))
        if self._worker.is_alive() and threading.current_thread() is not self._worker:
            self._worker.join(timeout)

    # -- the learner's side ----------------------------------------------------------------

    def stream(
        self, requests: Sequence[GenerationRequest], gen: GenerationConfig, started: threading.Event | None = None
    ) -> Iterator[list[Generation]]:
        """Every row's partial output as it grows, like `Engine.stream`, in a batch shared with others.

        Closing the iterator drops this request's rows at the next step. `started` is set when
        the request's batch gets the model (the end of its wait).
        """
        if not requests:
            return
        prompts = self.engine.tokenizer([r.prompt for r in requests], add_special_tokens=False)["input_ids"]
        ticket = Ticket(list(requests), gen, row_tokens=sum(len(p) + gen.max_new_tokens for p in prompts))
        if started is not None:
            ticket.started = started
        with self._wake:
            if self._closed:
                raise StudioError("the studio is stopping: ask again when it is back")
            self._pending.append(ticket)
            self._wake.notify()
        try:
            latest = None
            while True:
                item = ticket.updates.get()
                if isinstance(item, BaseException):
                    raise item
                if item is not None:
                    latest = item
                # A slow reader sees the newest state, not every step; the last one always.
                if item is None or ticket.updates.empty():
                    if latest is not None:
                        yield latest
                        if all(g.finished for g in latest):
                            return
                        latest = None
                    if item is None:
                        return
        finally:
            ticket.cancel.set()
            with self._wake:
                if ticket in self._pending:
                    self._pending.remove(ticket)

    def generate(self, requests: Sequence[GenerationRequest], gen: GenerationConfig) -> list[Generation]:
        """The finished rows of one request, decoded in a shared batch."""
        last: list[Generation] = []
        for last in self.stream(requests, gen):
            pass
        return last

    def named_adapters(self) -> set[str]:
        """The adapters that waiting requests name."""
        with self._wake:
            return {r.adapter for t in self._pending for r in t.requests if r.adapter}

    def waiting(self) -> int:
        """How many requests wait for the model now."""
        with self._wake:
            return len(self._pending)

    @property
    def holder(self) -> str | None:
        """What holds the model for a long job now ("training adapter x, for 2 min"), or None."""
        held = self._holder
        if held is None:
            return None
        what, since = held
        minutes = (time.monotonic() - since) / 60
        return f"{what}, for {minutes:.0f} min" if minutes >= 1 else what

    @contextmanager
    def hold(self, what: str):
        """Hold the model for a long job (a training), as `what`: the job calls `run_pending` between
        its steps, so the class's questions still run; meanwhile `holder` names it."""
        with self.engine.lock:
            self._holder = (what, time.monotonic())
            try:
                yield
            finally:
                self._holder = None

    # -- the model's side ------------------------------------------------------------------

    def _take(self) -> list[Ticket]:
        """Waiting tickets that decode alike with the first one, in arrival order, while the batch's
        rows stay under `max_rows` and its KV cache under the budget (hold `_wake`)."""
        live = [t for t in self._pending if not t.cancel.is_set()]
        self._pending = live
        if not live:
            return []
        key, rows, tokens, taken = _decoding_key(live[0].gen), 0, 0, []
        for ticket in live:
            too_big = rows + len(ticket.requests) > self.max_rows or (tokens + ticket.row_tokens) * self._kv_per_token > self.kv_budget_bytes
            if _decoding_key(ticket.gen) != key or (taken and too_big):
                continue
            taken.append(ticket)
            rows += len(ticket.requests)
            tokens += ticket.row_tokens
        self._pending = [t for t in live if t not in taken]
        return taken

    def run_pending(self) -> int:
        """Run one batch of whatever waits now, in this thread (which holds or takes the model).

        A training calls this between optimiser steps. Returns the rows decoded.
        """
        with self.engine.lock:
            with self._wake:
                tickets = self._take()
            if not tickets:
                return 0
            with self.engine.serving():
                self._run(tickets)
            return sum(len(t.requests) for t in tickets)

    def _loop(self) -> None:
        while True:
            with self._wake:
                while not self._pending and not self._closed:
                    self._wake.wait()
                if self._closed:
                    return
            # A class asks together: a moment's wait lets the questions asked with the first
            # share its batch instead of waiting for the whole of it.
            time.sleep(GATHER_SECONDS)
            self.run_pending()  # waits for the model while a training holds it

    def _run(self, tickets: list[Ticket]) -> None:
        # A request naming an adapter that is not loaded fails alone, not the whole class's batch.
        for ticket in list(tickets):
            try:
                self.engine.check_adapters(ticket.requests)
            except Exception as exc:
                ticket.updates.put(exc)
                tickets.remove(ticket)
        if not tickets:
            return
        requests = [r for t in tickets for r in t.requests]
        owners = [i for i, t in enumerate(tickets) for _ in t.requests]
        limits = [t.gen.max_new_tokens for t in tickets for _ in t.requests]
        spans, start = [], 0
        for t in tickets:
            spans.append((start, start + len(t.requests)))
            start += len(t.requests)
        gen = max((t.gen for t in tickets), key=lambda g: g.max_new_tokens)
        self.batch_sizes.append(len(requests))
        for t in tickets:
            t.started.set()

        def stop_rows(tracker) -> list[bool]:
            # A row ends at its own request's max_new_tokens, or when its request was closed.
            return [tickets[owners[r]].cancel.is_set() or len(tracker.tokens[r]) >= limits[r] for r in range(len(requests))]

        def publish(snapshot: list[Generation]) -> None:
            for t, (a, b) in zip(tickets, spans):
                if not t.cancel.is_set():
                    t.updates.put(snapshot[a:b])

        try:
            self.engine.decode(requests, gen, on_update=publish, stop_rows=stop_rows)
        except BaseException as exc:  # every request of the batch hears why
            for t in tickets:
                t.updates.put(exc)
            if not isinstance(exc, Exception):
                raise
        finally:
            for t in tickets:
                t.updates.put(None)
