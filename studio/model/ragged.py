"""Decoding rows of very different lengths together without padding their KV cache.

A comparison's rows differ a lot in length: a bare question is 70 tokens, a RAG prompt 600, a
`stuffed` prompt with whole documents 1,500. A padded batch stores every row's keys and values
at the longest row's length, so one stuffed column makes every other row's cache 20 times its
size. Here each row keeps its own cache, unpadded, in a buffer with room for its answer; every
decoding step writes the new token's keys and values in place and attends row by row.
transformers' `generate` still drives the loop (sampling, stopping, streaming): the batch is the
same, only the cache and the attention of the decoding steps change, and they give the same
tokens as the padded batch (greedy, fp32), which the tests check.

Written here rather than taken from a library: transformers has no ragged cache for `generate`,
and the servers that do (vLLM, SGLang) are the backend the design leaves for a class that
outgrows one machine.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from transformers import AttentionInterface
from transformers.cache_utils import DynamicLayer
from transformers.integrations.sdpa_attention import sdpa_attention_forward
from transformers.masking_utils import AttentionMaskInterface

ATTENTION = "studio_ragged"  # the attention implementation set on the model while a ragged batch decodes


class RowStates(list):
    """One layer's keys (or values) as one tensor per row, each [1, kv_heads, its length, head_dim]."""


class RaggedLayer(DynamicLayer):
    """One layer's cache: each row's keys and values unpadded, in buffers with room for `room` more tokens."""

    def __init__(self, keys: list, values: list, width: int, room: int):
        super().__init__()
        self.lengths = [k.shape[-2] for k in keys]
        self._keys = [torch.cat([k, k.new_empty(*k.shape[:-2], room, k.shape[-1])], dim=-2) for k in keys]
        self._values = [torch.cat([v, v.new_empty(*v.shape[:-2], room, v.shape[-1])], dim=-2) for v in values]
        self.width = width  # positions of the padded batch so far: what the attention mask and positions count
        self.keys, self.values = keys[0], values[0]  # a tensor of the right dtype and device, for callers that ask
        self.device = keys[0].device
        self.is_initialized = True

    def update(self, key_states, value_states, *args, **kwargs):
        step = key_states.shape[-2]
        for row, start in enumerate(self.lengths):
            end = start + step
            if end > self._keys[row].shape[-2]:  # more tokens than the room made for them: grow
                self._keys[row] = torch.cat([self._keys[row][..., :start, :], key_states[row : row + 1]], dim=-2)
                self._values[row] = torch.cat([self._values[row][..., :start, :], value_states[row : row + 1]], dim=-2)
            else:
                self._keys[row][..., start:end, :] = key_states[row : row + 1]
                self._values[row][..., start:end, :] = value_states[row : row + 1]
            self.lengths[row] = end
        self.width += step
        return (
            RowStates(k[..., :n, :] for k, n in zip(self._keys, self.lengths)),
            RowStates(v[..., :n, :] for v, n in zip(self._values, self.lengths)),
        )

    def get_seq_length(self) -> int:
        return self.width


def ragged_attention(module, query, key, value, attention_mask, dropout: float = 0.0, scaling=None, **kwargs):
    """Attention row by row over each row's own keys (a decoding step: one query token per row).

    Anything else (a padded cache, a prompt) goes to the usual SDPA attention.
    """
    if not isinstance(key, RowStates):
        return sdpa_attention_forward(module, query, key, value, attention_mask, dropout=dropout, scaling=scaling, **kwargs)
    rows = [
        F.scaled_dot_product_attention(query[row : row + 1], k, v, scale=scaling, enable_gqa=True)
        for row, (k, v) in enumerate(zip(key, value))
    ]
    return torch.cat(rows, 0).transpose(1, 2).contiguous(), None


AttentionInterface.register(ATTENTION, ragged_attention)
# Each row attends to its own keys only, so no padding mask is built.
AttentionMaskInterface.register(ATTENTION, lambda *args, **kwargs: None)


def worth_it(lengths: list[int], most_rows: int = 32) -> bool:
    """Whether a batch should decode ragged: its padding would cost a quarter more cache than its rows,
    and it has few enough rows that attending row by row costs less than the padding saves."""
    return len(lengths) <= most_rows and len(lengths) * max(lengths) > 1.25 * sum(lengths)
