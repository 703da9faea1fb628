"""What adapting the loaded model costs: full fine-tuning, LoRA and QLoRA, from its real sizes.

Pure arithmetic on parameter counts read off the model (4-bit layers counted at their real
size), with the usual accounting: mixed-precision AdamW full fine-tuning keeps 16 bytes per
parameter (bf16 weights and gradients, fp32 master weights and two Adam moments); LoRA
keeps the frozen base in bf16 (2 bytes per parameter) and 16 bytes per trainable one;
QLoRA the frozen base in NF4 (4.127 bits per parameter with double quantisation, as the
paper gives). Activations are left out: they depend on batch and length, not on the method.
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


# LoRA training costs about 4 FLOPs per parameter per token (forward, and backward through
# frozen weights). Effective speeds: 5e10 FLOP/s per CPU thread (measured: 139 tokens/s for a
# 135M model on 2 threads), 1e14 on a recent GPU.
CPU_FLOPS_PER_THREAD = 5e10
GPU_FLOPS = 1e14


def training_seconds(total_params: int, tokens: float, device: str, threads: int) -> float:
    """A rough wall time for training `tokens` tokens through a model of `total_params`."""
    speed = GPU_FLOPS if device == "cuda" else CPU_FLOPS_PER_THREAD * max(threads, 1)
    return tokens * 4 * total_params / speed
