"""The class's one queue to the model: every learner's columns decoded together, continuously.

A request is a learner's comparison (a few rows: base, rag, lora...). Requests wait in one
shared queue; between decoding steps the worker admits them into the running batch
(`continuous.ContinuousBatch`: read their prompts, join at the next step), up to a row cap
and a KV-cache estimate, mixed adapters and sampling settings all: every waiting one that fits
when the batch is idle, one per step while it decodes (so reading a long prompt never stalls
the others' answers for more than one request's prefill); a row leaves the step it ends. So a question asked while others decode waits for its own prefill and one step, not
for the longest answer in the batch. Each request streams its own rows: a streaming caller
gets its first token at once and then at most a few updates a second (a reader takes the
newest state anyway); a caller that wants only the end (`generate`) gets only the end.
Closing a request's stream drops its rows at the next step.

It is the class's one gate to the model: Compare, the instructor's class questions and every
evaluation decode through it. A training run holds the model (`hold`), but between its
optimiser steps it calls `run_pending`, so a question asked during a training waits about one
step, not the whole run; `holder` says what holds the model, for the surfaces that wait.
`continuous=False` keeps the batch-at-a-time behaviour (a batch admits only when it is
empty), for the benchmark that compares the two.
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
PUBLISH_SECONDS = 0.25  # a streaming request hears of its rows at most this often (and at its first token and its end): a few updates a second per client


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


@dataclass(eq=False)
class Ticket:
    """One request in the queue: its rows, its settings, where its updates go, its cancel."""

    requests: list[GenerationRequest]
    gen: GenerationConfig
    prompts: list[list[int]]  # each row's prompt ids, tokenised once
    longest: int = 0  # its longest row, prompt + answer tokens: the width it may pad the batch's cache to
    streaming: bool = True  # False: the caller reads only the finished rows (no snapshot per step)
    updates: queue.Queue = field(default_factory=queue.Queue)
    cancel: threading.Event = field(default_factory=threading.Event)
    started: threading.Event = field(default_factory=threading.Event)
    rows: list = field(default_factory=list)  # its rows in the running batch, once admitted
    published: float = 0.0  # when its latest update was sent (0: none yet)


_OPEN: "weakref.WeakSet[Scheduler]" = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    # Before the interpreter tears down: a worker still inside the model (a batch winding down
    # after its last answer was handed over) would abort the process as the runtime's threads go.
    for scheduler in list(_OPEN):
        scheduler.close()


class Scheduler:
    """Gathers generation requests from every learner and decodes them together on one engine."""

    def __init__(self, engine: Engine, max_rows: int = MAX_ROWS, kv_budget_bytes: int | None = None, continuous: bool = True):
        self.engine = engine
        self.max_rows = max_rows
        self.kv_budget_bytes = kv_budget_bytes or kv_budget(engine)
        self.continuous = continuous
        self._kv_per_token = kv_bytes_per_token(engine)
        self._pending: list[Ticket] = []
        self._running: list[Ticket] = []  # tickets with rows in the batch (the worker's, or run_pending's under the lock)
        self._batch = engine.running_batch()
        self._wake = threading.Condition()
        self.batch_sizes: collections.deque[int] = collections.deque(maxlen=RECENT_BATCHES)  # rows admitted at once, latest last
        self._holder: tuple[str, float] | None = None  # what holds the model for a long job, since when
        self.reading = False  # a request's prompts are being read (prefilled) now: for benchmarks
        engine.pinned = self.named_adapters  # the engine never unloads an adapter a waiting or running request names
        self._closed = False
        self._worker = threading.Thread(target=self._loop, name="studio-scheduler", daemon=True)
        self._worker.start()
        _OPEN.add(self)

    def close(self, timeout: float = 60.0) -> None:
        """Stop taking requests and wait for the rows decoding now to end; waiting requests are told
        the studio is stopping. Called for every scheduler when the process exits."""
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
        self, requests: Sequence[GenerationRequest], gen: GenerationConfig, started: threading.Event | None = None, *, streaming: bool = True,
    ) -> Iterator[list[Generation]]:
        """Every row's partial output as it grows, like `Engine.stream`, in a batch shared with others.

        Closing the iterator drops this request's rows at the next step. `started` is set when
        the request's rows join the batch (the end of its wait). `streaming=False`: only the
        finished rows come.
        """
        if not requests:
            return
        prompts = [self.engine.encode_prompt(r.prompt) for r in requests]  # once: the batch reads these ids
        ticket = Ticket(list(requests), gen, prompts, longest=max(len(p) for p in prompts) + gen.max_new_tokens, streaming=streaming)
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
        for last in self.stream(requests, gen, streaming=False):
            pass
        return last

    def named_adapters(self) -> set[str]:
        """The adapters that waiting or running requests name."""
        with self._wake:
            return {r.adapter for t in [*self._pending, *self._running] for r in t.requests if r.adapter}

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
        """Waiting tickets that fit the batch now, in arrival order: its rows stay under `max_rows`
        and its padded KV cache (rows x the longest row) under the budget; an empty batch takes
        one ticket whatever its size (hold `_wake`)."""
        self._pending = [t for t in self._pending if not t.cancel.is_set()]
        if not self.continuous and self._running:
            return []  # batch at a time: nobody joins a running batch
        # The batch's cache is padded to its longest row: rows x the longest prompt + answer.
        rows = len(self._batch)
        longest = max((t.longest for t in self._running), default=0)
        taken = []
        for ticket in self._pending:
            wider = max(longest, ticket.longest)
            too_big = rows + len(ticket.requests) > self.max_rows or (rows + len(ticket.requests)) * wider * self._kv_per_token > self.kv_budget_bytes
            if too_big and (rows or taken):
                break  # in arrival order: a big request is not overtaken for ever by small ones
            taken.append(ticket)
            rows += len(ticket.requests)
            longest = wider
            if self._running:
                break  # one request's prefill per step while others decode: their answers keep coming
        self._pending = [t for t in self._pending if t not in taken]
        return taken

    def _admit(self, tickets: list[Ticket]) -> None:
        admitted = 0
        for ticket in tickets:
            self.reading = True
            try:
                ticket.rows = self._batch.admit(ticket.requests, ticket.gen, owner=ticket, prompts=ticket.prompts)
            except Exception as exc:  # an adapter not loaded, say: this request fails alone
                ticket.updates.put(exc)
                ticket.updates.put(None)
                continue
            finally:
                self.reading = False
            admitted += len(ticket.rows)
            with self._wake:
                self._running.append(ticket)
            ticket.started.set()
            self._publish([ticket])  # its first tokens came with reading its prompts
        if admitted:
            self.batch_sizes.append(admitted)

    def _step(self) -> None:
        """One decoding step of the running batch, then each request hears what it should."""
        try:
            self._batch.step(stopped=lambda row: row.owner.cancel.is_set())
        except BaseException as exc:  # every request in the batch hears why
            with self._wake:
                running, self._running = self._running, []
            self._batch = self.engine.running_batch()  # a fresh one: the failed step's cache is not to be trusted
            for ticket in running:
                ticket.updates.put(exc)
                ticket.updates.put(None)
            if not isinstance(exc, Exception):
                raise
            return
        self._publish(list(self._running))

    def _publish(self, tickets: list[Ticket]) -> None:
        """Each ticket hears of its rows: at its first token, then at most every PUBLISH_SECONDS
        while streaming, and at its end (then it leaves the running list)."""
        now = time.monotonic()
        finished = []
        for ticket in tickets:
            done = all(row.done for row in ticket.rows)
            if ticket.cancel.is_set() and not done:
                continue  # its rows leave at the next step; until then their adapters stay pinned
            if done or (ticket.streaming and (not ticket.published or now - ticket.published >= PUBLISH_SECONDS)):
                ticket.updates.put([self._batch.generation(row) for row in ticket.rows])
                ticket.published = now
            if done:
                finished.append(ticket)
        if finished:
            with self._wake:
                self._running = [t for t in self._running if t not in finished]
            for ticket in finished:
                ticket.updates.put(None)

    def run_pending(self) -> int:
        """Decode what waits now, and what is running, to its end, in this thread (which holds or
        takes the model). A training calls this between optimiser steps: requests that arrive
        meanwhile wait for its next pause. Returns the rows admitted."""
        with self.engine.lock:
            with self._wake:
                tickets = self._take()
            if not tickets and not self._running:
                return 0
            with self.engine.serving(), torch_inference():
                self._admit(tickets)
                while self._running:
                    self._step()
            return sum(len(t.requests) for t in tickets)

    def _loop(self) -> None:
        while True:
            with self._wake:
                while not self._pending and not self._running and not self._closed:
                    self._wake.wait()
                if self._closed and not self._running:
                    return
                idle = not self._running
            if idle:
                # A class asks together: a moment's wait lets the questions asked with the first
                # share its first step instead of joining one step later.
                time.sleep(GATHER_SECONDS)
            with self.engine.lock:  # waits while a training holds the model (it runs us between its steps)
                with self.engine.serving(), torch_inference():
                    with self._wake:
                        tickets = self._take() if not self._closed else []
                    self._admit(tickets)
                    if self._running:
                        self._step()


def torch_inference():
    import torch

    return torch.inference_mode()
