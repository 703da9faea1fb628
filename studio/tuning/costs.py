"""What adapting the loaded model costs: full fine-tuning, LoRA and QLoRA, from its real sizes.

Pure arithmetic on parameter counts read off the model (4-bit layers counted at their real
size), with the usual accounting: mixed-precision AdamW full fine-tuning keeps 16 bytes per
parameter (bf16 weights and gradients, fp32 master weights and two Adam moments); LoRA
keeps the frozen base in bf16 (2 bytes per parameter) and 16 bytes per trainable one;
QLoRA the frozen base in NF4 (4.127 bits per parameter with double quantisation, as the
paper gives). Activations depend on batch and length, not on the method: `estimate_training`
adds them for one run's real batches, with the time it should take.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

NF4_BYTES = 4.127 / 8  # NF4 weights plus double-quantised scales, per parameter (QLoRA paper)
BF16 = 2
ADAM_FULL = 16  # bf16 weight + bf16 grad + fp32 master + two fp32 Adam moments
ADAM_LORA = 16  # the same for each trainable LoRA parameter


@dataclass(frozen=True)
class ModelSizes:
    """Counts read off a model: all parameters, and those of the layers LoRA would adapt."""

    total_params: int
    linear_layers: tuple[tuple[int, int], ...]  # (inputs, outputs) of each adaptable linear layer
    embedding_params: int  # embeddings and output head: not quantised by NF4 loaders

    def lora_params(self, rank: int) -> int:
        return sum(rank * (inputs + outputs) for inputs, outputs in self.linear_layers)


def model_sizes(model) -> ModelSizes:
    """Read the sizes of a loaded (possibly 4-bit, possibly PEFT-wrapped) causal LM."""
    import torch

    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    total, layers, embeddings = 0, [], 0
    head = base.get_output_embeddings() if hasattr(base, "get_output_embeddings") else None
    for name, module in base.named_modules():
        # bitsandbytes' 4- and 8-bit layers subclass nn.Linear; PEFT's LoRA wrappers do not,
        # so each adapted layer is counted once, through its base layer.
        if isinstance(module, torch.nn.Linear) and module is not head and "lora_" not in name:
            layers.append((int(module.in_features), int(module.out_features)))
    for name, parameter in base.named_parameters():
        if "lora_" in name:
            continue
        count = parameter.numel()
        if parameter.__class__.__name__ == "Params4bit":
            count = int(parameter.quant_state.shape.numel()) if getattr(parameter, "quant_state", None) else count * 2
        total += count
        if "embed" in name or (head is not None and parameter is getattr(head, "weight", None)):
            embeddings += count
    return ModelSizes(total, tuple(layers), embeddings)


@dataclass(frozen=True)
class MethodCost:
    """Memory to train (weights and optimizer state, activations aside) and bytes to store."""

    method: str
    trainable_params: int
    train_memory_bytes: int
    storage_bytes: int  # what you keep per trained variant

    def to_dict(self) -> dict:
        return asdict(self)


def method_costs(sizes: ModelSizes, rank: int = 16) -> list[MethodCost]:
    """Full fine-tuning, LoRA and QLoRA for one model at one LoRA rank."""
    lora = sizes.lora_params(rank)
    quantised = sizes.total_params - sizes.embedding_params
    return [
        MethodCost("full fine-tuning", sizes.total_params, sizes.total_params * ADAM_FULL, sizes.total_params * BF16),
        MethodCost("LoRA", lora, sizes.total_params * BF16 + lora * ADAM_LORA, lora * BF16),
        MethodCost(
            "QLoRA",
            lora,
            int(quantised * NF4_BYTES + sizes.embedding_params * BF16 + lora * ADAM_LORA),
            lora * BF16,
        ),
    ]


def human_bytes(size: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size < 1024 or unit == "TB":
            return f"{size:,.0f} {unit}" if unit == "B" else f"{size:,.1f} {unit}"
        size /= 1024
    return f"{size:,.1f} TB"



def card_facts(card) -> list[tuple[str, str]]:
    """An adapter card in words, (label, text) each: what `studio train` prints and the app's Train tab shows."""
    first = f"{card.loss_history[0][1]:.3f}" if card.loss_history else "n/a"
    last = f"{card.final_loss:.3f}" if card.final_loss is not None else "n/a"
    data = card.dataset
    return [
        ("examples", f"{data['examples']} ({data['format']}), {data.get('tokens', 0):,} tokens"),
        ("steps", f"{card.steps} in {card.wall_seconds:.1f} s ({card.tokens_per_second:,.0f} tokens/s, {card.padding_fraction:.1%} padding)"),
        ("loss", f"{first} → {last}"),
        ("trainable", f"{card.trainable_params:,} of {card.total_params:,} parameters ({card.trainable_share:.2%} of the model)"),
        ("size", f"{human_bytes(card.adapter_bytes)} against {human_bytes(card.base_bytes)} for the base model: "
                 f"{card.size_ratio:,.0f} times smaller"),
    ]

# LoRA training costs about 4 FLOPs per parameter per token (forward, and backward through
# frozen weights). Effective speeds: 4e10 FLOP/s per CPU thread (measured: about 175 real
# tokens/s for SmolLM2-135M on 2 threads, batch 2), 1e14 on a recent GPU.
CPU_FLOPS_PER_THREAD = 4.0e10
GPU_FLOPS = 1e14


def training_seconds(total_params: int, tokens: float, device: str, threads: int) -> float:
    """A rough wall time for training `tokens` tokens through a model of `total_params`."""
    speed = GPU_FLOPS if device == "cuda" else CPU_FLOPS_PER_THREAD * max(threads, 1)
    return tokens * 4 * total_params / speed


@dataclass(frozen=True)
class ModelShape:
    """The sizes that decide a transformer's activation memory."""

    hidden: int
    intermediate: int
    layers: int
    heads: int
    vocab: int

    @classmethod
    def of(cls, config) -> "ModelShape":
        """From a transformers config (a decoder-only LM's usual field names)."""
        hidden = int(config.hidden_size)
        return cls(
            hidden,
            int(getattr(config, "intermediate_size", None) or 4 * hidden),
            int(config.num_hidden_layers),
            int(config.num_attention_heads),
            int(config.vocab_size),
        )


# Process overhead beside the weights: the framework, the tokenizer, the Trainer (measured on a
# CPU: 0.5 GB; a GPU's context is on the card and counted with it).
RUNTIME_BYTES = 500 * 2**20
# Activation checkpointing keeps about half of a CPU run's peak here (measured with SmolLM2-135M,
# batch 8: 5.2 against 10.4 GB); the backward pass still holds one layer's full activations.
CHECKPOINTED_SHARE = 0.5


@dataclass(frozen=True)
class TrainingEstimate:
    """What a training run should cost before it starts: steps, time and peak memory, itemised."""

    steps: int
    tokens: float  # real (non-padding) tokens it trains on
    seconds: float
    weights_bytes: int  # the frozen base in memory
    adapter_bytes: int  # LoRA weights, their gradients and AdamW's two moments
    activation_bytes: int  # one micro-batch at its longest: the layers' activations and the answers' logits
    runtime_bytes: int

    @property
    def peak_bytes(self) -> int:
        return self.weights_bytes + self.adapter_bytes + self.activation_bytes + self.runtime_bytes

    def describe(self, device: str) -> str:
        return (
            f"{self.steps} steps over about {self.tokens:,.0f} tokens; about {self.seconds / 60:,.1f} min on this {device}; "
            f"peak memory about {human_bytes(self.peak_bytes)} (weights {human_bytes(self.weights_bytes)}, adapter and "
            f"optimizer {human_bytes(self.adapter_bytes)}, activations {human_bytes(self.activation_bytes)})"
        )

    def to_dict(self) -> dict:
        return {**asdict(self), "peak_bytes": self.peak_bytes}


def estimate_training(
    shape: ModelShape,
    sizes: ModelSizes,
    weights_bytes: int,
    lengths: list[int],
    answer_lengths: list[int],
    *,
    steps: int,
    tokens: float,
    rank: int,
    batch_size: int,
    checkpointing: bool,
    device: str,
    threads: int,
    compute_bytes: int = 4,
) -> TrainingEstimate:
    """Time and peak memory of a LoRA run over examples of `lengths` tokens (`answer_lengths` of them answers).

    The peak is the micro-batch of the longest examples: per token and layer a decoder keeps about
    16 hidden-sized and 8 intermediate-sized vectors for the backward pass (LoRA's dropout copies
    of each adapted layer's input among them) and each head's attention row; the answers' logits
    (the studio computes logits only there) cost a vocabulary-wide row three times over. Checked
    against measured peaks of SmolLM2-135M on a CPU (batch 1 to 8: within 5%; benchmarks/training.py).
    """
    longest = sorted(lengths)[-batch_size:] or [0]
    width = max(longest)
    per_token_layer = 16 * shape.hidden + 8 * shape.intermediate + 2 * shape.heads * width
    layers = batch_size * width * shape.layers * per_token_layer * compute_bytes
    if checkpointing:
        layers = int(layers * CHECKPOINTED_SHARE)
    answers = sorted(answer_lengths)[-batch_size:] or [0]
    logits = sum(answers) * shape.vocab * 4 * 3
    lora = sizes.lora_params(rank)
    # The output layer runs only on answer tokens; the input embedding is a lookup.
    body = sizes.total_params - sizes.embedding_params
    head = shape.vocab * shape.hidden
    share = sum(answer_lengths) / max(sum(lengths), 1)
    flops = tokens * 4 * (body + head * share) * (1.33 if checkpointing else 1.0)
    speed = GPU_FLOPS if device == "cuda" else CPU_FLOPS_PER_THREAD * max(threads, 1)
    return TrainingEstimate(
        steps, tokens, flops / speed, int(weights_bytes), lora * (4 + 4 + 8), int(layers + logits),
        RUNTIME_BYTES if device != "cuda" else 0,
    )
