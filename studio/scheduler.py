"""The class's one queue to the model: every learner's columns decoded together.

A request is a learner's comparison (a few rows: base, rag, lora...). Requests wait in one
shared queue; when the model is free, every waiting request whose decoding settings match
joins one batch (up to a row cap from a KV-cache estimate), mixed adapters and all, and each
request streams its own rows as they grow. Closing a request's stream drops its rows at the
next step; the batch goes on for the others. Prefill stays per row inside the engine.

A training run holds the model, but between its optimiser steps it calls `run_pending`, so a
question asked during a training waits about one step, not the whole run.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass, field
from typing import Iterator, Sequence

from .config import GenerationConfig
from .engine import Engine, Generation, GenerationRequest

KV_BUDGET_BYTES = {"cpu": 2 * 2**30, "cuda": 8 * 2**30}  # KV cache one batch may use, by device
ASSUMED_ROW_TOKENS = 2048  # prompt + answer tokens a row is planned for when capping a batch


def kv_bytes_per_token(engine: Engine) -> int:
    """Bytes the KV cache holds per token per row: keys and values of every layer."""
    config = engine.base.config
    layers = int(getattr(config, "num_hidden_layers", 1))
    heads = int(getattr(config, "num_key_value_heads", None) or getattr(config, "num_attention_heads", 1))
    head_dim = int(getattr(config, "head_dim", None) or config.hidden_size // config.num_attention_heads)
    element = 4 if engine.quant == "fp32" and engine.device == "cpu" else 2
    return 2 * layers * heads * head_dim * element


def row_cap(engine: Engine, budget: int | None = None) -> int:
    """Most rows one batch may hold: the KV budget over one row's cache at ASSUMED_ROW_TOKENS."""
    budget = budget or KV_BUDGET_BYTES.get(engine.device, KV_BUDGET_BYTES["cpu"])
    return max(1, min(256, budget // max(1, kv_bytes_per_token(engine) * ASSUMED_ROW_TOKENS)))


def _decoding_key(gen: GenerationConfig) -> tuple:
    """Requests decode in one batch only when they sample alike; max_new_tokens may differ per row."""
    return (gen.temperature, gen.top_p, gen.seed if gen.temperature > 0 else None)


@dataclass
class Ticket:
    """One request in the queue: its rows, its settings, where its updates go, its cancel."""

    requests: list[GenerationRequest]
    gen: GenerationConfig
    updates: queue.Queue = field(default_factory=queue.Queue)
    cancel: threading.Event = field(default_factory=threading.Event)
    started: threading.Event = field(default_factory=threading.Event)


class Scheduler:
    """Gathers generation requests from every learner and decodes them together on one engine."""

    def __init__(self, engine: Engine, max_rows: int | None = None):
        self.engine = engine
        self.max_rows = max_rows or row_cap(engine)
        self._pending: list[Ticket] = []
        self._wake = threading.Condition()
        self.batch_sizes: list[int] = []  # rows of every batch run, for benchmarks and tests
        self._worker = threading.Thread(target=self._loop, name="studio-scheduler", daemon=True)
        self._worker.start()

    # -- the learner's side ----------------------------------------------------------------

    def stream(self, requests: Sequence[GenerationRequest], gen: GenerationConfig) -> Iterator[list[Generation]]:
        """Every row's partial output as it grows, like `Engine.stream`, in a batch shared with others.

        Closing the iterator drops this request's rows at the next step.
        """
        if not requests:
            return
        ticket = Ticket(list(requests), gen)
        with self._wake:
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

    def waiting(self) -> int:
        """How many requests wait for the model now."""
        with self._wake:
            return len(self._pending)

    # -- the model's side ------------------------------------------------------------------

    def _take(self) -> list[Ticket]:
        """Waiting tickets that decode alike with the first one, up to the row cap (hold `_wake`)."""
        live = [t for t in self._pending if not t.cancel.is_set()]
        self._pending = live
        if not live:
            return []
        key, rows, taken = _decoding_key(live[0].gen), 0, []
        for ticket in live:
            if _decoding_key(ticket.gen) != key or (taken and rows + len(ticket.requests) > self.max_rows):
                continue
            taken.append(ticket)
            rows += len(ticket.requests)
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
                while not self._pending:
                    self._wake.wait()
            self.run_pending()  # waits for the model while a training holds it

    def _run(self, tickets: list[Ticket]) -> None:
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
