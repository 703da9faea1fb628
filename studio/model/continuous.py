"""Continuous batching: rows join a running batch at the next decoding step and leave the step they end.

transformers' `generate` decodes a fixed batch to its end, so a question asked while it runs
waits for the whole of it (one learner asking for 1,024 tokens held up everyone after them).
Here the decoding loop is the studio's own, one step at a time, as vLLM, SGLang and TGI do it:

- `admit` reads the new rows' prompts (one row at a time, in chunks: prefill is compute-bound,
  so a padded prefill would spend it on padding), takes each row's first token from that
  reading (a new question's first token needs no step of the batch), and merges their KV
  caches into the batch's, left-padded to the batch's width;
- `step` feeds every row its last token (each with its own adapter: PEFT's `adapter_names`),
  picks each row's next token (greedy, or sampled with the row's own seeded generator, so a
  request's sample does not depend on who shared its batch), and ends the rows that met
  end-of-sequence, their own token limit, a loop (`loop_span`) or a cancel; ended rows leave
  the cache at once, and leading columns that only padding uses are dropped.

Each step is the computation `generate` runs for a left-padded batch (positions counted per
row, padding masked), so greedy answers are the same tokens as a request decoded alone (fp32),
which the tests check. The cache lives in buffers with room ahead (`GrowingLayer`): a step
writes its token's keys and values in place, where transformers' `DynamicLayer` copies the
whole cache to append each token. The padded cache costs more memory than `ragged.py`'s for rows of very
different lengths; the scheduler's KV estimate caps a batch's rows either way.
"""

from __future__ import annotations

import collections
import time
from dataclasses import dataclass, field
from typing import Any, Sequence

import torch
from transformers.cache_utils import DynamicLayer

from ..config import GenerationConfig
from .engine import BASE_ADAPTER, PREFILL_CHUNK, loop_span
from .generator import Generation, GenerationRequest


@dataclass(eq=False)
class Row:
    """One row of a running batch: its prompt, its settings, its tokens so far and its costs."""

    owner: Any  # whoever asked (the scheduler's ticket); the batch only carries it
    request: GenerationRequest
    name: str  # the adapter for PEFT (`__base__` for none)
    prompt: list[int]
    gen: GenerationConfig
    admitted: float  # when it joined (perf_counter): its `seconds` count from here
    sampler: torch.Generator | None = None  # sampled rows only, seeded with the request's seed
    tokens: list[int] = field(default_factory=list)
    done: bool = False
    hit_eos: bool = False
    looped: bool = False
    prefill: float = 0.0
    decode: float = 0.0  # its share of each step it was in
    last: float = 0.0  # seconds from joining to its latest token

    @property
    def position(self) -> int:
        """The position of the token this row feeds next: its latest new one (the prompt is all in the cache)."""
        return len(self.prompt) - 1 + len(self.tokens)

    @property
    def next_input(self) -> int:
        return self.tokens[-1]  # a row in a step has its first token (from its prefill) at least


class ContinuousBatch:
    """The rows decoding together on one engine; callers hold `engine.lock` around `admit` and `step`."""

    def __init__(self, engine):
        self.engine = engine
        self.rows: list[Row] = []
        self._layers: list[GrowingLayer] = []  # per layer: keys and values [rows, heads, width, dim], in buffers with room
        self._mask: torch.Tensor | None = None  # [rows, width]: 1 where a row has a token, 0 padding
        self.step_seconds: collections.deque[float] = collections.deque(maxlen=1024)  # the latest steps' times, for benchmarks

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def width(self) -> int:
        return 0 if self._mask is None else int(self._mask.shape[1])

    # -- joining ---------------------------------------------------------------------------

    def admit(self, requests: Sequence[GenerationRequest], gen: GenerationConfig, owner=None, prompts=None) -> list[Row]:
        """Prefill `requests` and add them to the batch; they take part from the next step on.

        `prompts` are their ids when the caller tokenised them already (`Engine.encode_prompt`).
        AdapterError (nothing added) when a row names an adapter that is not loaded.
        """
        if not requests:
            return []
        engine = self.engine
        names = engine.check_adapters(requests)
        engine._ensure_loaded({name for name in names if name != BASE_ADAPTER})
        rows, caches = [], []
        for position, (request, name) in enumerate(zip(requests, names)):
            started = time.perf_counter()
            prompt = list(prompts[position]) if prompts is not None else engine.encode_prompt(request.prompt)
            sampler = None
            if gen.temperature > 0:
                sampler = torch.Generator(device=engine.base.device)
                sampler.manual_seed(int(gen.seed))
            row = Row(owner, request, name, prompt, gen, started, sampler)
            cache, logits = self._prefill(row)
            caches.append(cache)
            # Its first token comes from reading its prompt: it need not wait for the batch's next step.
            self._grow(row, self._choose(logits, [row])[0])
            row.prefill = row.last = time.perf_counter() - started
            rows.append(row)
        self._merge(caches)
        self.rows.extend(rows)
        finished = [row for row in rows if row.done]  # an end-of-sequence, or a limit of one token
        if finished:
            self._drop(finished)
        return rows

    def _prefill(self, row: Row):
        """The KV cache of the row's whole prompt ([1, heads, length, dim] per layer) and the logits of its last position."""
        from transformers import DynamicCache

        engine = self.engine
        extra = {"adapter_names": [row.name]} if engine.model is not engine.base else {}
        ids, cache = torch.tensor([row.prompt], device=engine.base.device), DynamicCache()
        for start in range(0, ids.shape[1], PREFILL_CHUNK):  # in chunks: a long prompt's activations never all exist at once
            out = engine.model(input_ids=ids[:, start : start + PREFILL_CHUNK], past_key_values=cache, use_cache=True, logits_to_keep=1, **extra)
            cache = out.past_key_values
        return [(layer.keys, layer.values) for layer in cache.layers], out.logits[:, -1, :].to(dtype=torch.float32)

    def _merge(self, caches: list) -> None:
        """Left-pad the batch's cache and the new rows' (each a whole prompt's) to one width, and stack them."""
        lengths = [int(c[0][0].shape[-2]) for c in caches]
        width = max([self.width, *lengths])
        device = self.engine.base.device
        old_rows = len(self.rows)
        mask_parts = []
        if old_rows:
            mask_parts.append(_left_pad(self._mask, width, dim=1))
        mask_parts += [torch.cat([torch.zeros(1, width - n, dtype=torch.long, device=device), torch.ones(1, n, dtype=torch.long, device=device)], 1) for n in lengths]
        self._mask = torch.cat(mask_parts, 0)
        # One copy of each part into a buffer made with room ahead: joining costs one pass over the cache.
        layers = []
        for index, (like, _) in enumerate(caches[0]):
            shape = (old_rows + len(caches), like.shape[1], width + ROOM, like.shape[3])
            keys, values = like.new_zeros(shape), like.new_zeros(shape)
            if old_rows:
                old = self._layers[index]
                keys[:old_rows, :, width - old.length : width] = old.keys
                values[:old_rows, :, width - old.length : width] = old.values
            for position, (cache, n) in enumerate(zip(caches, lengths), start=old_rows):
                keys[position, :, width - n : width] = cache[index][0][0]
                values[position, :, width - n : width] = cache[index][1][0]
            layers.append(GrowingLayer.around(keys, values, width))
        self._layers = layers

    # -- one step ----------------------------------------------------------------------------

    def step(self, stopped=lambda row: False) -> list[Row]:
        """One decoding step for every row; returns the rows that ended in it (they have left).

        `stopped(row)` ends a row before the step (its request was closed).
        """
        from transformers import DynamicCache

        for row in self.rows:
            if not row.done and stopped(row):
                row.done = True
        ended = [row for row in self.rows if row.done]
        if ended:
            self._drop(ended)
        if not self.rows:
            return ended
        engine = self.engine
        device = engine.base.device
        started = time.perf_counter()
        cache = DynamicCache()
        cache.layers = self._layers  # the batch's own buffers: the step writes its token's keys and values in place
        mask = torch.cat([self._mask, torch.ones(len(self.rows), 1, dtype=torch.long, device=device)], 1)
        extra = {"adapter_names": [row.name for row in self.rows]} if engine.model is not engine.base else {}
        out = engine.model(
            input_ids=torch.tensor([[row.next_input] for row in self.rows], device=device),
            attention_mask=mask,
            position_ids=torch.tensor([[row.position] for row in self.rows], device=device),
            past_key_values=cache,
            use_cache=True,
            **extra,
        )
        logits = out.logits[:, -1, :].to(dtype=torch.float32)
        self._mask = mask
        chosen = self._choose(logits, self.rows)
        now = time.perf_counter()
        self.step_seconds.append(now - started)
        share = (now - started) / len(self.rows)
        for row, token in zip(self.rows, chosen):
            row.decode += share
            row.last = now - row.admitted
            self._grow(row, token)
        finished = [row for row in self.rows if row.done]
        if finished:
            self._drop(finished)
        return ended + finished

    def _choose(self, logits: torch.Tensor, rows: list[Row]) -> list[int]:
        """Each row's next token: the most likely one, or sampled as `generate` samples (temperature, top-k, top-p)."""
        greedy = logits.argmax(-1).tolist()
        if all(row.sampler is None for row in rows):
            return greedy
        from transformers.generation.logits_process import TemperatureLogitsWarper, TopKLogitsWarper, TopPLogitsWarper

        top_k = getattr(self.engine.base.generation_config, "top_k", None) or 50  # generate's default
        for index, row in enumerate(rows):
            if row.sampler is None:
                continue
            scores = logits[index : index + 1]
            scores = TemperatureLogitsWarper(row.gen.temperature)(None, scores)
            scores = TopKLogitsWarper(top_k)(None, scores)
            if row.gen.top_p < 1.0:
                scores = TopPLogitsWarper(row.gen.top_p)(None, scores)
            probs = torch.softmax(scores, dim=-1)
            greedy[index] = int(torch.multinomial(probs, 1, generator=row.sampler).item())
        return greedy

    def _grow(self, row: Row, token: int) -> None:
        if token in self.engine.eos_ids:
            row.done = row.hit_eos = True
            return
        row.tokens.append(token)
        if row.gen.stop_loops:
            span, copies = loop_span(row.tokens)
            if span:  # keep one copy of the repeated span
                del row.tokens[len(row.tokens) - span * (copies - 1) :]
                row.done = row.looped = True
                return
        if len(row.tokens) >= row.gen.max_new_tokens:
            row.done = True

    def _drop(self, rows: list[Row]) -> None:
        """Rows leave: their cache goes, and so do the leading columns only padding used."""
        gone = {id(row) for row in rows}
        keep = [i for i, row in enumerate(self.rows) if id(row) not in gone]
        self.rows = [self.rows[i] for i in keep]
        if not keep:
            self._layers, self._mask = [], None
            return
        index = torch.tensor(keep, device=self._mask.device)
        mask = self._mask.index_select(0, index)
        used = torch.nonzero(mask.sum(0)).flatten()
        lead = int(used[0]) if len(used) else mask.shape[1]
        if lead * 4 < mask.shape[1]:  # little padding to gain: keep the columns, select the rows (one copy, room kept)
            self._mask = mask
            self._layers = [layer.select_rows(index) for layer in self._layers]
            return
        self._mask = mask[:, lead:]
        self._layers = [GrowingLayer(layer.keys.index_select(0, index)[:, :, lead:], layer.values.index_select(0, index)[:, :, lead:]) for layer in self._layers]

    # -- what a caller sees -------------------------------------------------------------------

    def generation(self, row: Row) -> Generation:
        """The row as it stands, in the shape every surface reads."""
        text = self.engine.tokenizer.decode(row.tokens, skip_special_tokens=True)
        if not row.done:
            text = text.rstrip("\ufffd")  # a multi-byte character still arriving
        return Generation(
            text=text,
            prompt_tokens=len(row.prompt),
            new_tokens=len(row.tokens),
            seconds=round(row.last, 4),
            finished=row.done,
            stopped_at_eos=row.hit_eos,
            token_ids=tuple(row.tokens),
            prefill_seconds=round(row.prefill, 4),
            decode_seconds=round(row.decode, 4),
            stopped_in_loop=row.looped,
        )


ROOM = 64  # tokens of room a layer's buffer keeps ahead, so most steps write in place


class GrowingLayer(DynamicLayer):
    """One layer's keys and values [rows, heads, width, dim] in buffers with room to grow: a step
    writes its token in place, where `DynamicLayer` copies the whole cache to append one token."""

    def __init__(self, keys: torch.Tensor, values: torch.Tensor):
        super().__init__()
        self.length = keys.shape[-2]
        self._k, self._v = _with_room(keys, ROOM), _with_room(values, ROOM)
        self.keys, self.values = self._k[..., : self.length, :], self._v[..., : self.length, :]
        self.device = keys.device
        self.is_initialized = True

    @classmethod
    def around(cls, keys: torch.Tensor, values: torch.Tensor, length: int) -> "GrowingLayer":
        """A layer over buffers already made with room, the first `length` positions in use (no copy)."""
        layer = cls.__new__(cls)
        DynamicLayer.__init__(layer)
        layer._k, layer._v, layer.length = keys, values, length
        layer.keys, layer.values = keys[..., :length, :], values[..., :length, :]
        layer.device = keys.device
        layer.is_initialized = True
        return layer

    def select_rows(self, index: torch.Tensor) -> "GrowingLayer":
        """The same layer for the rows at `index` only, room and all (one copy)."""
        return GrowingLayer.around(self._k.index_select(0, index), self._v.index_select(0, index), self.length)

    def update(self, key_states, value_states, *args, **kwargs):
        end = self.length + key_states.shape[-2]
        if end > self._k.shape[-2]:  # out of room: double it (one copy now and then, not every step)
            self._k = _with_room(self._k[..., : self.length, :], max(ROOM, self.length))
            self._v = _with_room(self._v[..., : self.length, :], max(ROOM, self.length))
        self._k[..., self.length : end, :] = key_states
        self._v[..., self.length : end, :] = value_states
        self.length = end
        self.keys, self.values = self._k[..., :end, :], self._v[..., :end, :]
        return self.keys, self.values

    def get_seq_length(self) -> int:
        return self.length


def _with_room(tensor: torch.Tensor, room: int) -> torch.Tensor:
    return torch.cat([tensor, tensor.new_zeros(*tensor.shape[:-2], room, tensor.shape[-1])], dim=-2)


def _left_pad(tensor: torch.Tensor, width: int, dim: int) -> torch.Tensor:
    """`tensor` with zeros added before its `dim` axis up to `width` (masked out by the batch's mask)."""
    missing = width - tensor.shape[dim]
    if missing <= 0:
        return tensor
    shape = list(tensor.shape)
    shape[dim] = missing
    return torch.cat([tensor.new_zeros(shape), tensor], dim)
