"""The engine: one base model, loaded once, serving every column (the `local` backend).

It implements `generator.Generator`, the seam every other part of the lesson uses; training
(`begin_training`, `serving`) and the scheduler's batching need this local model itself.

The base model is wrapped (on the first adapter) in one `peft.PeftModel` that holds any
number of named LoRA adapters. A comparison is one batched `generate` call in which each
row names its adapter, PEFT's `"__base__"` meaning none: modes are rows in a batch, never
copies of the model. Rows are left-padded so every prompt ends where generation starts.
"""

from __future__ import annotations

import queue
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

from ..adapters import BASE_ADAPTER, AdapterFolder, base_fingerprint, check_adapter_fits, check_card_fits, inspect_adapter_folder
from ..config import GenerationConfig, ModelConfig, setting_name, studio_home
from ..errors import AdapterError, ConfigError, ModelLoadError
from .chat import fold_system_into_user, plain_chat_prompt, prompt_token_ids, template_fingerprint
from .generator import Generation, GenerationRequest  # the seam's rows, defined there; named here too
from .sources import FOLDER_WEIGHTS, ModelSource, locate_model, materialize, weights_label


def resolve_device(requested: str) -> str:
    import torch

    if requested == "cuda" and not torch.cuda.is_available():
        raise ConfigError(f"device cuda was asked for but no CUDA GPU is visible: set {setting_name(ModelConfig, 'device')} to cpu or auto")
    if requested == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return requested


def resolve_quant(quant: str, device: str) -> str:
    """'auto' means QLoRA's NF4 on a GPU and plain fp32 on a CPU (where 4-bit kernels are slow)."""
    if quant == "auto":
        return "4bit" if device == "cuda" else "fp32"
    return quant


def _load_kwargs(quant: str, device: str) -> dict:
    import torch

    kwargs: dict = {"trust_remote_code": False}
    if quant in ("4bit", "8bit"):
        try:
            import bitsandbytes  # noqa: F401  (checked here for a clear message)
        except ImportError:
            raise ModelLoadError(
                f"quant {quant} needs the bitsandbytes package: pip install bitsandbytes, or set "
                f"{setting_name(ModelConfig, 'quant')} to bf16 or fp32"
            ) from None
        from transformers import BitsAndBytesConfig

        if quant == "4bit":
            # QLoRA: NF4 storage, double quantisation of the scales, bf16 compute on GPU.
            compute = torch.bfloat16 if device == "cuda" else torch.float32
            kwargs["quantization_config"] = BitsAndBytesConfig(
                load_in_4bit=True,
                bnb_4bit_quant_type="nf4",
                bnb_4bit_use_double_quant=True,
                bnb_4bit_compute_dtype=compute,
            )
            kwargs["dtype"] = compute
        else:
            kwargs["quantization_config"] = BitsAndBytesConfig(load_in_8bit=True)
        kwargs["device_map"] = {"": 0 if device == "cuda" else "cpu"}
    else:
        kwargs["dtype"] = torch.bfloat16 if quant == "bf16" else torch.float32
        kwargs["device_map"] = {"": 0 if device == "cuda" else "cpu"}
    return kwargs


PREFILL_CHUNK = 256  # prompt tokens per prefill step: bounds activation memory, costs little speed


@dataclass(frozen=True)
class _Batch:
    """A prepared batch: each row's unpadded prompt ids, its adapter, and generate's arguments."""

    rows: list[list[int]]
    names: list[str]
    kwargs: dict
    seed: int | None

    @property
    def prompt_tokens(self) -> list[int]:
        return [len(r) for r in self.rows]


LOOP_MIN_SPAN = 4  # shorter repeats ("ha ha") are left alone
LOOP_LONG_SPAN = 16  # a span this long said twice in a row is a loop; shorter ones need three times
LOOP_MAX_SPAN = 256  # longer repeats are not looked for: the check stays cheap on long answers


def loop_span(tokens: Sequence[int]) -> tuple[int, int]:
    """(span, copies) when `tokens` end in one span of tokens said `copies` times in a row; (0, 0) if not.

    Greedy decoding of a small model falls into loops ("The Vault Duo is ... The Vault Duo is ..."):
    a span of 16 or more tokens repeated verbatim, or a shorter one (4+) three times, is a loop, not
    an answer. Unlike `no_repeat_ngram_size` or `repetition_penalty`, this looks at the answer only,
    never the prompt, so a column may still copy a fact from its passages word for word.
    """
    n = len(tokens)
    for span in range(LOOP_MIN_SPAN, min(n // 2, LOOP_MAX_SPAN) + 1):
        if tokens[n - 1 - span] != tokens[n - 1]:  # cheap test first: this runs at every step of every row
            continue
        last = tokens[n - span :]
        if tokens[n - 2 * span : n - span] != last:
            continue
        if span >= LOOP_LONG_SPAN:
            return span, 2
        if n >= 3 * span and tokens[n - 3 * span : n - 2 * span] == last:
            return span, 3
    return 0, 0


class _RowTracker:
    """A transformers streamer that follows each row of a batch: tokens, end, and timing.

    `generate` hands it the prompt first, then one token per row per step; rows that have
    finished keep receiving padding, which is ignored here.
    """

    def __init__(self, rows: int, eos_ids: set[int], on_step=None, stop_loops: bool = False):
        self.tokens: list[list[int]] = [[] for _ in range(rows)]
        self.done = [False] * rows
        self.hit_eos = [False] * rows
        self.looped = [False] * rows
        self.stop_loops = stop_loops
        self.last_time = [0.0] * rows
        self.prefill = [0.0] * rows  # seconds reading each row's prompt (when prefilled row by row)
        self.decode = [0.0] * rows  # each row's share of the decoding steps it was in
        self.eos_ids = eos_ids
        self.on_step = on_step
        self._prompt_seen = False
        self._step_start = 0.0
        self.start = time.perf_counter()

    def put(self, value) -> None:
        if not self._prompt_seen:
            self._prompt_seen = True
            self._step_start = time.perf_counter() - self.start
            return
        now = time.perf_counter() - self.start
        active = [row for row in range(len(self.done)) if not self.done[row]]
        for row in active:
            self.decode[row] += (now - self._step_start) / len(active)
        self._step_start = now
        for row, token in enumerate(value.reshape(-1).tolist()):
            if self.done[row]:
                continue
            if token in self.eos_ids:
                self.done[row] = self.hit_eos[row] = True
            else:
                self.tokens[row].append(token)
                if self.stop_loops:
                    span, copies = loop_span(self.tokens[row])
                    if span:  # keep one copy; `_Finished` ends the row in generate at this step
                        del self.tokens[row][len(self.tokens[row]) - span * (copies - 1) :]
                        self.done[row] = self.looped[row] = True
            self.last_time[row] = now
        if self.on_step:
            self.on_step()

    def end(self) -> None:
        self.done = [True] * len(self.done)
        if self.on_step:
            self.on_step()


class _Cancelled:
    """A stopping criterion that ends every row once `event` is set (a closed stream)."""

    def __init__(self, event: threading.Event):
        self.event = event

    def __call__(self, input_ids, scores, **kwargs):
        import torch

        return torch.full((input_ids.shape[0],), self.event.is_set(), dtype=torch.bool, device=input_ids.device)


class _Finished:
    """A stopping criterion that ends the rows the tracker has finished (a loop it stopped), so
    they take no more decoding steps; generate's streamer sees each step's tokens before this runs."""

    def __init__(self, tracker: "_RowTracker"):
        self.tracker = tracker

    def __call__(self, input_ids, scores, **kwargs):
        import torch

        return torch.tensor(self.tracker.done, dtype=torch.bool, device=input_ids.device)


class Engine:
    """One loaded base model and tokenizer, any number of named adapters, batched generation."""

    def __init__(self, model, tokenizer, name: str, device: str, quant: str, source: ModelSource | None = None):
        self.base = model  # the one copy of the base weights
        self.model = model  # becomes a PeftModel around `base` when the first adapter arrives
        self.tokenizer = tokenizer
        self.name = name
        self.device = device
        self.quant = quant
        # Which weights these are (cards record it; every surface says it); a bare engine made in code is a folder's.
        self.source = source or ModelSource(name, name, name, FOLDER_WEIGHTS, name)
        self.load_seconds: float | None = None  # reading the weights into memory (a GGUF conversion excluded)
        # Every adapter a column may name (added once, by name); at most `max_loaded_adapters` of
        # them sit in the model at a time, the least recently used unloaded beyond that and loaded
        # again from its folder when a batch names it.
        self.adapters: dict[str, AdapterFolder] = {}
        self.max_loaded_adapters: int = 16
        self.pinned = None  # () -> names that waiting requests use (the scheduler's): never unloaded
        self._loaded: set[str] = set()
        self._used: dict[str, float] = {}  # adapter name -> when a batch last used it (or it was added)
        self._cards: dict[str, object] = {}  # adapter name -> its card (or None), read once per load
        # Generation and training share one accelerator: one job at a time.
        self.lock = threading.RLock()
        self._has_chat_template = bool(getattr(tokenizer, "chat_template", None))
        self.eos_ids = self._eos_ids()
        self._kbit_prepared = False
        self._revision: str | None = None

    @property
    def fingerprint(self) -> str:
        """The base model's architecture hash, as adapter cards record it."""
        return base_fingerprint(self.base.config.to_dict())

    @property
    def revision(self) -> str:
        """The exact weights this engine loaded (`sources.weights_revision`), as adapter cards record them."""
        if self._revision is None:
            from .sources import weights_revision

            location = getattr(self.source, "location", "") or ""
            self._revision = weights_revision(location, getattr(self.base.config, "_commit_hash", None))
        return self._revision

    # -- loading -----------------------------------------------------------------------

    @classmethod
    def load(cls, config: ModelConfig = ModelConfig(), home: str | Path | None = None) -> "Engine":
        """Load the base model and tokenizer once, from wherever `sources.locate_model` finds it.

        `home` is the studio folder (default: STUDIO_HOME) where a GGUF file is converted once.
        The engine keeps its `source` (which weights, any note for the user) and `load_seconds`.
        """
        from transformers import AutoModelForCausalLM, AutoTokenizer

        device = resolve_device(config.device)
        quant = resolve_quant(config.quant, device)
        setting = setting_name(ModelConfig, "model")
        source = materialize(locate_model(config.model, device, Path(home) if home else studio_home(), setting))
        folder = Path(source.location)
        if folder.is_dir() and not any(folder.glob("*.safetensors")):
            pickles = sorted(p.name for p in folder.glob("*.bin"))
            raise ModelLoadError(
                f"model folder {config.model} has no safetensors weights"
                + (f", only the pickle file {pickles[0]}, which can run code when loaded" if pickles else "")
                + f": re-save the model with save_pretrained (safetensors), or set {setting} to another model"
            )
        started = time.perf_counter()
        try:
            tokenizer = AutoTokenizer.from_pretrained(source.location, trust_remote_code=False)
            # safetensors only, as for adapters: a pickle checkpoint can run code when loaded
            model = AutoModelForCausalLM.from_pretrained(source.location, use_safetensors=True, **_load_kwargs(quant, device))
        except Exception as exc:  # the loaders raise many types for a bad folder (OSError, ValueError, safetensors' own...)
            raise ModelLoadError(
                f"cannot load model {config.model!r} ({type(exc).__name__}: {str(exc).splitlines()[0]}): "
                f"set {setting} to a causal language model (Hub id, local folder or .gguf file)"
            ) from None
        model.eval()
        tokenizer.padding_side = "left"  # every prompt must end where generation starts
        if tokenizer.pad_token is None:
            tokenizer.pad_token = tokenizer.eos_token or tokenizer.unk_token
        if tokenizer.pad_token is None:
            raise ModelLoadError(f"the tokenizer of {config.model!r} has no pad, end or unknown token to pad batches with")
        engine = cls(model, tokenizer, source.name, device, quant, source)
        engine.load_seconds = round(time.perf_counter() - started, 2)
        engine.revision  # of the files as they were read, not as they may be later
        return engine

    def _eos_ids(self) -> set[int]:
        ids: set[int] = set()
        for source in (self.tokenizer.eos_token_id, getattr(self.base.generation_config, "eos_token_id", None)):
            if isinstance(source, int):
                ids.add(source)
            elif source:
                ids.update(int(i) for i in source)
        return ids

    def add_adapter(self, folder: str | Path, name: str | None = None) -> str:
        """Attach a LoRA adapter from a PEFT folder to the one PeftModel; return its name.

        Refuses (AdapterError) pickle-only folders and adapters made for another base model,
        before anything is loaded. Loading the same folder twice is a no-op.
        """
        adapter = inspect_adapter_folder(folder, name)
        for existing_name, existing in self.adapters.items():
            if existing.path.resolve() == adapter.path.resolve():
                return existing_name
        if adapter.name in self.adapters:
            raise AdapterError(f"an adapter named {adapter.name!r} is already loaded: give this one another name")
        check_card_fits(adapter.path, self.fingerprint, self.name)
        check_adapter_fits(adapter, self.base, self.name)
        with self.lock:
            self._load(adapter)
            self.adapters[adapter.name] = adapter
            self._cards.pop(adapter.name, None)  # a retrained adapter under an old name: read its new card
            self._unload_beyond_cap(keep={adapter.name})
        return adapter.name

    def _load(self, adapter: AdapterFolder) -> None:
        """Put `adapter` into the model (hold `lock`)."""
        from peft import PeftModel

        try:
            if isinstance(self.model, PeftModel):
                self.model.load_adapter(str(adapter.path), adapter_name=adapter.name, is_trainable=False)
            else:
                self.model = PeftModel.from_pretrained(self.base, str(adapter.path), adapter_name=adapter.name, is_trainable=False)
        except (RuntimeError, ValueError, KeyError, OSError) as exc:
            raise AdapterError(f"cannot load adapter {adapter.path}: {str(exc).splitlines()[0]}") from None
        self.model.eval()
        self._loaded.add(adapter.name)
        self._used[adapter.name] = time.monotonic()

    def loaded_adapters(self) -> list[str]:
        """The adapters in the model now, least recently used first."""
        return sorted(self._loaded, key=lambda name: self._used.get(name, 0.0))

    def _ensure_loaded(self, names: set[str]) -> None:
        """Load again any of `names` that was unloaded to make room (hold `lock`); mark them used."""
        now = time.monotonic()
        for name in names:
            if name not in self._loaded:
                self._load(self.adapters[name])
            self._used[name] = now
        self._unload_beyond_cap(keep=names)

    def _unload_beyond_cap(self, keep: set[str]) -> None:
        """Unload the least recently used adapters beyond `max_loaded_adapters` (hold `lock`), never
        one in `keep` or one a waiting request names; the cap gives way when every one is needed."""
        if len(self._loaded) <= self.max_loaded_adapters:
            return
        needed = set(keep) | (set(self.pinned()) if self.pinned else set())
        for name in self.loaded_adapters():
            if len(self._loaded) <= self.max_loaded_adapters:
                break
            if name not in needed:
                self._drop(name)
                self._loaded.discard(name)

    def remove_adapter(self, name: str) -> None:
        """Unload a named adapter from the model (its folder is untouched)."""
        with self.lock:
            if name not in self.adapters:
                raise AdapterError(f"adapter {name!r} is not loaded")
            if name in self._loaded:
                self._drop(name)
                self._loaded.discard(name)
            del self.adapters[name]
            self._used.pop(name, None)

    def _drop(self, name: str) -> None:
        import gc
        import warnings

        self._cards.pop(name, None)
        with warnings.catch_warnings():  # PEFT warns when the active adapter goes; rows name theirs anyway
            warnings.simplefilter("ignore", UserWarning)
            self.model.delete_adapter(name)
        if not self.model.peft_config:
            # No adapter left: unwrap, so the model is exactly the plain base again.
            self.base = self.model.unload()
            self.model = self.base
        gc.collect()
        if self.device == "cuda":
            import torch

            torch.cuda.empty_cache()

    # -- training ----------------------------------------------------------------------

    def begin_training(self, name: str, lora_config):
        """Add a new, trainable LoRA adapter `name` to the one model; return the PeftModel.

        Only that adapter's parameters require gradients; the base and every other adapter
        stay frozen. Call `end_training` afterwards, whatever happened. Hold `lock`.
        Activation checkpointing is the Trainer's to switch on (non-reentrant, which needs
        no input-gradient hooks left behind on the embeddings).
        """
        from peft import PeftModel, get_peft_model, prepare_model_for_kbit_training

        if self.quant in ("4bit", "8bit") and not self._kbit_prepared:
            # QLoRA's preparation: norms and embeddings in fp32 for stable gradients.
            prepare_model_for_kbit_training(self.base, use_gradient_checkpointing=False)
            self._kbit_prepared = True
        if isinstance(self.model, PeftModel):
            self.model.add_adapter(name, lora_config)
            self.model.set_adapter(name)
        else:
            self.model = get_peft_model(self.base, lora_config, adapter_name=name)
        for parameter_name, parameter in self.model.named_parameters():
            parameter.requires_grad = f".{name}." in parameter_name
        self.base.config.use_cache = False  # the cache is useless in training and warns with checkpointing
        self.model.train()
        return self.model

    def end_training(self, name: str) -> None:
        """Back to serving: drop the training copy of adapter `name`, frozen, eval mode."""
        self.model.eval()
        self.base.config.use_cache = True
        disable = getattr(self.base, "activation_checkpointing_disable", None) or self.base.gradient_checkpointing_disable
        disable()
        if getattr(self.base, "_require_grads_hook", None) is not None:
            # PEFT adds this hook for checkpointing; serving has no use for it.
            self.base.disable_input_require_grads()
            self.base._require_grads_hook = None
        if name in getattr(self.model, "peft_config", {}):
            self._drop(name)
        for parameter in self.model.parameters():
            parameter.requires_grad = False

    # -- prompts -----------------------------------------------------------------------

    def chat_prompt(self, messages: Sequence[dict[str, str]]) -> str:
        """The model's own chat template applied to `messages`, or a plain fallback without one."""
        if not self._has_chat_template:
            return plain_chat_prompt(messages)
        try:
            return self.tokenizer.apply_chat_template(list(messages), tokenize=False, add_generation_prompt=True)
        except Exception:  # jinja raises TemplateError for templates that reject a system turn
            return self.tokenizer.apply_chat_template(
                fold_system_into_user(messages), tokenize=False, add_generation_prompt=True
            )

    def count_tokens(self, text: str) -> int:
        """Tokens of a piece of prompt text, with no special tokens added."""
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def encode_prompt(self, prompt: str) -> list[int]:
        """A finished prompt's token ids, exactly as training tokenises an example's prompt."""
        return prompt_token_ids(self.tokenizer, prompt)

    @property
    def template(self) -> str:
        """The chat template's fingerprint, as the cards of adapters trained on this model record it."""
        return template_fingerprint(self.tokenizer)

    @property
    def context_length(self) -> int:
        """The most tokens one row may hold, prompt and answer together."""
        limits = [getattr(self.base.config, "max_position_embeddings", None), getattr(self.tokenizer, "model_max_length", None)]
        # Tokenizers without a limit report a huge sentinel (1e30): not a real one.
        known = [int(n) for n in limits if isinstance(n, int) and 0 < n < 10_000_000]
        return min(known) if known else 2048

    def adapter_card(self, name: str):
        """The card of loaded adapter `name` (read once per load), or None when it has none."""
        from ..adapters import read_card

        if name not in self._cards:
            folder = self.adapters.get(name)
            self._cards[name] = read_card(folder.path) if folder is not None else None
        return self._cards[name]

    def adapter_frame(self, name: str) -> dict | None:
        """The conversation frame adapter `name` was trained with (its card's), or None when unrecorded."""
        card = self.adapter_card(name)
        return (card.frame or None) if card is not None else None

    def weights_warning(self, name: str) -> str | None:
        """A line for adapter `name`'s column when it was trained on other weights of this model
        (the Hub's against a GGUF file's, say): it loads and works, and its answers may differ a little."""
        card = self.adapter_card(name)
        if card is None or not card.base_weights or card.base_weights == self.source.weights:
            return None
        return (
            f"adapter {name} was trained on {weights_label(card.base_weights)} of {card.base_model}; this model runs on "
            f"{weights_label(self.source.weights)}, so its answers may differ a little from its training"
        )

    # -- generation --------------------------------------------------------------------

    def check_adapters(self, requests: Sequence[GenerationRequest]) -> list[str]:
        """Each row's adapter name for PEFT (`__base__` for none); AdapterError for one not loaded."""
        names = []
        for request in requests:
            if request.adapter is not None and request.adapter not in self.adapters:
                loaded = ", ".join(self.adapters) or "none"
                raise AdapterError(f"adapter {request.adapter!r} is not loaded (loaded: {loaded}): load it first")
            names.append(request.adapter or BASE_ADAPTER)
        return names

    def _prepare(self, requests: Sequence[GenerationRequest], gen: GenerationConfig, tracker, stop=None) -> "_Batch":
        """Tokenise and left-pad the rows and set the decoding options; no model compute here."""
        import torch
        from transformers import StoppingCriteriaList

        names = self.check_adapters(requests)
        rows = [self.encode_prompt(r.prompt) for r in requests]
        width, pad = max(len(r) for r in rows), self.tokenizer.pad_token_id
        device = self.base.device
        kwargs = dict(
            input_ids=torch.tensor([[pad] * (width - len(r)) + r for r in rows], device=device),
            attention_mask=torch.tensor([[0] * (width - len(r)) + [1] * len(r) for r in rows], device=device),
            max_new_tokens=gen.max_new_tokens,
            do_sample=gen.temperature > 0,
            pad_token_id=pad,
            eos_token_id=sorted(self.eos_ids) or None,
            streamer=tracker,
        )
        if gen.temperature > 0:
            kwargs.update(temperature=gen.temperature, top_p=gen.top_p)
        else:
            kwargs.update(temperature=None, top_p=None, top_k=None)  # silence sampling-only defaults
        criteria = [stop] if stop is not None else []
        if tracker is not None and tracker.stop_loops:
            criteria.append(_Finished(tracker))
        if criteria:
            kwargs["stopping_criteria"] = StoppingCriteriaList(criteria)
        if self.model is not self.base:
            # Always name every row's adapter: without this a PeftModel applies its active
            # adapter to all rows, and the "base" column would secretly be the LoRA one.
            kwargs["adapter_names"] = names
        return _Batch(rows, names, kwargs, gen.seed if gen.temperature > 0 else None)

    def _prefill(self, batch: "_Batch", tracker: "_RowTracker | None" = None):
        """The KV cache of every prompt but its last token, computed row by row: ragged or left-padded.

        Why: prefill is compute-bound, and a padded batch spends it on padding (a RAG prompt
        is several times a bare one); decoding is memory-bound, and that is where one batch
        pays. The `generate` call that follows decodes all rows together from this cache.
        When the rows' lengths differ a lot (a stuffed column among bare questions) each row
        keeps its cache unpadded (`ragged.RaggedLayer`); otherwise the rows are left-padded
        into one. Returns (cache, ragged), or (None, False) for a plain padded prefill when a
        prompt is a single token or the model's cache is not a plain one (sliding windows).
        """
        import torch
        from transformers import DynamicCache
        from transformers.cache_utils import DynamicLayer

        if min(len(r) for r in batch.rows) < 2:
            return None, False
        device, width = self.base.device, max(len(r) for r in batch.rows)
        per_row = []
        for position, (row, name) in enumerate(zip(batch.rows, batch.names)):
            started = time.perf_counter()
            extra = {"adapter_names": [name]} if self.model is not self.base else {}
            ids, cache = torch.tensor([row[:-1]], device=device), None
            # In chunks, so a long RAG prompt's activations never all exist at once.
            for start in range(0, ids.shape[1], PREFILL_CHUNK):
                chunk = ids[:, start : start + PREFILL_CHUNK]
                cache = self.model(
                    input_ids=chunk, past_key_values=cache, use_cache=True, logits_to_keep=1, **extra
                ).past_key_values
            if not all(type(layer) is DynamicLayer for layer in getattr(cache, "layers", [None])):
                return None, False
            per_row.append(cache)
            if tracker is not None:
                tracker.prefill[position] = time.perf_counter() - started
        from . import ragged

        if ragged.worth_it([len(r) - 1 for r in batch.rows]):
            layers = []
            for index in range(len(per_row[0].layers)):
                rows = [cache.layers[index] for cache in per_row]
                layers.append(ragged.RaggedLayer([r.keys for r in rows], [r.values for r in rows], width - 1, batch.kwargs["max_new_tokens"]))
                for row in rows:
                    row.keys = row.values = None  # free as we go: peak memory is one cache, not two
            cache = DynamicCache()
            cache.layers = layers
            return cache, True
        merged = DynamicCache()
        for index in range(len(per_row[0].layers)):
            first = per_row[0].layers[index].keys
            shape = (len(batch.rows), first.shape[1], width - 1, first.shape[3])
            keys, values = first.new_zeros(shape), first.new_zeros(shape)  # zeros: masked out
            for position, (cache, row) in enumerate(zip(per_row, batch.rows)):
                layer, length = cache.layers[index], len(row) - 1
                keys[position, :, width - 1 - length :] = layer.keys[0]
                values[position, :, width - 1 - length :] = layer.values[0]
                layer.keys = layer.values = None  # free as we go: peak memory is one cache, not two
            merged.update(keys, values, index)
        return merged, False

    def _run(self, batch: "_Batch", tracker: "_RowTracker") -> None:
        """Prefill and decode one batch, holding the model (and its accelerator) throughout."""
        import torch

        with self.lock, torch.inference_mode():
            self._ensure_loaded({name for name in batch.names if name != BASE_ADAPTER})
            tracker.start = time.perf_counter()
            kwargs = dict(batch.kwargs)
            cache, ragged = self._prefill(batch, tracker)
            if cache is not None:
                kwargs["past_key_values"] = cache
            if batch.seed is not None:
                torch.manual_seed(batch.seed)
            config, usual = self.base.config, self.base.config._attn_implementation
            if ragged:  # for this batch's decoding only, under the lock: training and prompts keep the usual one
                from .ragged import ATTENTION

                config._attn_implementation = ATTENTION
            try:
                self.model.generate(**kwargs)
            finally:
                config._attn_implementation = usual

    def _snapshot(self, tracker: _RowTracker, prompt_tokens: list[int]) -> list[Generation]:
        out = []
        for row, tokens in enumerate(tracker.tokens):
            text = self.tokenizer.decode(tokens, skip_special_tokens=True)
            if not tracker.done[row]:
                text = text.rstrip("\ufffd")  # a multi-byte character still arriving
            out.append(
                Generation(
                    text=text,
                    prompt_tokens=prompt_tokens[row],
                    new_tokens=len(tokens),
                    seconds=round(tracker.last_time[row], 4),
                    finished=tracker.done[row],
                    stopped_at_eos=tracker.hit_eos[row],
                    token_ids=tuple(tokens),
                    prefill_seconds=round(tracker.prefill[row], 4),
                    decode_seconds=round(tracker.decode[row], 4),
                    stopped_in_loop=tracker.looped[row],
                )
            )
        return out

    def generate(self, requests: Sequence[GenerationRequest], gen: GenerationConfig = GenerationConfig()) -> list[Generation]:
        """Run all rows in ONE batched `generate` call; return one Generation per row, in order."""
        if not requests:
            return []
        tracker = _RowTracker(len(requests), self.eos_ids, stop_loops=gen.stop_loops)
        batch = self._prepare(requests, gen, tracker)
        self._run(batch, tracker)
        return self._snapshot(tracker, batch.prompt_tokens)

    def running_batch(self):
        """A batch that rows join and leave step by step (`continuous.ContinuousBatch`): the scheduler's decoding loop."""
        from .continuous import ContinuousBatch

        return ContinuousBatch(self)

    @contextmanager
    def serving(self):
        """Generation inside a training run (between its steps): eval mode and the KV cache on, then back."""
        training, use_cache = self.model.training, self.base.config.use_cache
        self.model.eval()
        self.base.config.use_cache = True
        try:
            yield
        finally:
            self.base.config.use_cache = use_cache
            if training:
                self.model.train()

    def stream(self, requests: Sequence[GenerationRequest], gen: GenerationConfig = GenerationConfig()) -> Iterator[list[Generation]]:
        """Like `generate`, but yields every row's partial output as tokens arrive.

        The last item has every row finished. Closing the iterator early stops the batch
        at its next step and releases the model.
        """
        if not requests:
            return
        updates: queue.Queue = queue.Queue()
        done_marker = object()
        tracker = _RowTracker(len(requests), self.eos_ids, on_step=lambda: updates.put(None), stop_loops=gen.stop_loops)
        cancel = threading.Event()
        batch = self._prepare(requests, gen, tracker, stop=_Cancelled(cancel))

        def work() -> None:
            try:
                self._run(batch, tracker)
            except BaseException as exc:  # re-raised in the consumer's thread
                updates.put(exc)
            finally:
                updates.put(done_marker)

        worker = threading.Thread(target=work, name="studio-generate", daemon=True)
        worker.start()
        try:
            finished = False
            while not finished:
                item = updates.get()
                # Coalesce queued steps: a slow reader sees the newest state, not every token.
                while True:
                    if isinstance(item, BaseException):
                        raise item
                    if item is done_marker:
                        finished = True
                        break
                    try:
                        item = updates.get_nowait()
                    except queue.Empty:
                        break
                yield self._snapshot(tracker, batch.prompt_tokens)
        finally:
            cancel.set()
            worker.join()

    # -- figures -----------------------------------------------------------------------

    def memory(self) -> dict[str, int]:
        """Bytes of the base weights, of the loaded adapters, and this process's peak resident memory."""
        adapter_bytes = sum(self.adapters[name].weights.stat().st_size for name in self._loaded)
        return {"base_weights": int(self.base.get_memory_footprint()), "adapters": adapter_bytes, "peak_rss": peak_rss_bytes()}


def release_memory() -> None:
    """Give freed memory back to the system after a big job (a training run).

    glibc keeps what a process freed in its heaps for reuse, so a server that trained one adapter
    went on holding the run's peak (10 GB for a 135M model) while idle; `malloc_trim` returns it.
    """
    import gc

    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to trim
        pass


def peak_rss_bytes() -> int:
    """This process's peak resident set size.

    Linux's VmHWM, not getrusage's ru_maxrss: a child process inherits its parent's
    ru_maxrss across exec, so a small process started by a big one would report the big one.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # macOS reports bytes, Linux KiB
