"""Tiny Llama-architecture chat models built offline, for tests, benchmarks and offline demos.

A model made here is a normal Hugging Face folder (config.json, model.safetensors,
tokenizer.json with a ChatML chat template), so the real `from_pretrained` path loads it.
Its weights are random: it answers with noise, which is all that plumbing, batching,
provenance and a LoRA learning a fixed format need.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n"
    "{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]

# A little English about plans, prices, policies and formats, so the BPE merges are word-like.
_CORPUS = """\
The Pro plan costs 49 euros a month and includes priority support and ten seats.
The Basic plan is free for one user. Refunds are possible within 30 days of purchase.
Our office opens at nine in the morning and closes at five in the afternoon on Friday.
Question: How much is the Pro plan? Answer: The Pro plan costs 49 euros per month.
Issue: Can the tenant keep a dog? Rule: The lease allows small pets. Conclusion: Yes.
{"category": "billing", "urgency": "high", "summary": "double charge on invoice"}
Please answer in JSON with the fields category, urgency and summary.
Retrieval supplies knowledge; fine-tuning teaches a skill or a style.
The customer wrote that the delivery was late and the package was damaged.
Thank you for your message. We have updated your account and sent a new invoice.
Passages: [1] pricing.md [2] policy.md. Use the passages to answer the question.
System: You are a helpful assistant. User: Hello! Assistant: Hi, how can I help?
"""


@dataclass(frozen=True)
class TinyShape:
    """Sizes of a random Llama model; the defaults make a ~0.2M-parameter model that runs in ms."""

    hidden_size: int = 64
    intermediate_size: int = 128
    num_hidden_layers: int = 2
    num_attention_heads: int = 4
    num_key_value_heads: int = 2
    vocab_size: int | None = None  # None: exactly the tokenizer's size
    tie_word_embeddings: bool = False
    max_position_embeddings: int = 2048
    # Llama's 0.02 leaves a 64-wide random model's logits within about +-1: every token near
    # 1/vocab, which no adapter of the inner layers can sharpen. Larger makes a model a LoRA
    # can teach a format to (its answers are still noise before training).
    initializer_range: float = 0.02


# The layer sizes of SmolLM2-135M, for benchmarks that need realistic compute per token.
SMOLLM2_135M_SHAPE = TinyShape(
    hidden_size=576,
    intermediate_size=1536,
    num_hidden_layers=30,
    num_attention_heads=9,
    num_key_value_heads=3,
    vocab_size=49152,
    tie_word_embeddings=True,
)
# And of Qwen2.5-0.5B-Instruct (494M parameters), the GPU default, for its compute and memory on a CPU.
QWEN25_05B_SHAPE = TinyShape(
    hidden_size=896,
    intermediate_size=4864,
    num_hidden_layers=24,
    num_attention_heads=14,
    num_key_value_heads=2,
    vocab_size=151936,
    tie_word_embeddings=True,
    max_position_embeddings=32768,
)


def build_tokenizer(vocab_size: int = 512, chat_template: bool = True):
    """A byte-level BPE tokenizer trained on a built-in corpus, wrapped for transformers."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(_CORPUS.splitlines() * 4, trainer=trainer)
    kwargs = dict(eos_token="<|im_end|>", pad_token="<|endoftext|>", bos_token=None, unk_token=None)
    if chat_template:
        kwargs["chat_template"] = CHATML_TEMPLATE
    wrapped = PreTrainedTokenizerFast(tokenizer_object=tok, **kwargs)
    wrapped.padding_side = "left"
    return wrapped


def build_tiny_chat_model(
    out_dir: str | Path,
    shape: TinyShape = TinyShape(),
    seed: int = 0,
    chat_template: bool = True,
    name: str | None = None,
) -> Path:
    """Write a random Llama chat model and its tokenizer to `out_dir`; return the folder.

    `seed` fixes the weights, so two builds with the same arguments are the same model.
    `name` is recorded as the config's `_name_or_path` (a stand-in for a Hub id).
    """
    import torch
    from transformers import GenerationConfig, LlamaConfig, LlamaForCausalLM

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tokenizer = build_tokenizer(chat_template=chat_template)
    eos_id = tokenizer.convert_tokens_to_ids("<|im_end|>")
    pad_id = tokenizer.convert_tokens_to_ids("<|endoftext|>")
    config = LlamaConfig(
        vocab_size=shape.vocab_size or len(tokenizer),
        hidden_size=shape.hidden_size,
        intermediate_size=shape.intermediate_size,
        num_hidden_layers=shape.num_hidden_layers,
        num_attention_heads=shape.num_attention_heads,
        num_key_value_heads=shape.num_key_value_heads,
        max_position_embeddings=shape.max_position_embeddings,
        tie_word_embeddings=shape.tie_word_embeddings,
        initializer_range=shape.initializer_range,
        bos_token_id=None,
        eos_token_id=eos_id,
        pad_token_id=pad_id,
    )
    torch.manual_seed(seed)
    model = LlamaForCausalLM(config)
    model.generation_config = GenerationConfig(eos_token_id=eos_id, pad_token_id=pad_id, do_sample=False)
    if name:
        model.config._name_or_path = name
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


def build_random_adapter(
    model_dir: str | Path,
    out_dir: str | Path,
    rank: int = 8,
    alpha: int = 32,
    seed: int = 1,
    targets: tuple[str, ...] = ("q_proj", "v_proj"),
) -> Path:
    """Write a PEFT LoRA adapter with random, non-zero A and B for the model in `model_dir`.

    A freshly initialised LoRA has B = 0 and changes nothing; this one changes the output,
    which is what tests of "the LoRA column really uses the adapter" need. Its update is about
    the size of the base weights: larger would make outputs chaotic (a rounding difference
    would flip a greedy choice), smaller would leave them unchanged.
    """
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    torch.manual_seed(seed)
    base = AutoModelForCausalLM.from_pretrained(str(model_dir), dtype=torch.float32)
    config = LoraConfig(r=rank, lora_alpha=alpha, target_modules=list(targets), init_lora_weights=False)
    peft_model = get_peft_model(base, config)
    with torch.no_grad():
        for name, param in peft_model.named_parameters():
            if "lora_" in name:
                param.normal_(0.0, 0.05)
    out = Path(out_dir)
    peft_model.save_pretrained(out, safe_serialization=True)
    return out


# -- a format skill a tiny model can learn ----------------------------------------------------

# Customer messages of varied length, and the fixed two-line triage record an adapter learns
# to answer with. A random base model never writes this; a LoRA learns it from a few hundred
# examples in seconds, which is the "skill" half of the lesson in miniature.
TRIAGE_PATTERN = r"^Category: (billing|shipping|account|technical)\nUrgency: (low|high)$"
_OPENERS = ["Hello,", "Hi team,", "Good morning.", "Dear support,", "Hey there.", ""]
_ISSUES = {
    "billing": ["I was charged twice for my plan this month.", "The invoice shows the wrong price.", "Please refund the last payment."],
    "shipping": ["My package arrived damaged.", "The delivery is three days late.", "The parcel went to the wrong address."],
    "account": ["I cannot log in to my account.", "Please change the email on my profile.", "My password reset link expired."],
    "technical": ["The app crashes when I open a report.", "Export to PDF gives a blank page.", "Sync stopped working after the update."],
}
_DETAILS = [
    "I have tried twice already.",
    "My order number is 4471.",
    "This has happened before.",
    "I need this fixed before Friday.",
    "The team is waiting on it.",
    "I use the Pro plan with ten seats.",
    "It worked fine last week.",
    "Please call me back in the morning.",
]
_URGENT = ["This is urgent.", "We are losing money because of this.", "Please help as soon as possible."]


def triage_examples(count: int, seed: int = 0) -> list[dict]:
    """`count` prompt/completion pairs: a customer message in, a fixed triage record out.

    Message lengths vary from one sentence to about ten, like real support mail, so length
    grouping has padding to save.
    """
    import random

    rng = random.Random(seed)
    out = []
    for _ in range(count):
        category = rng.choice(sorted(_ISSUES))
        urgent = rng.random() < 0.4
        sentences = [rng.choice(_OPENERS), rng.choice(_ISSUES[category])]
        sentences += rng.sample(_DETAILS, rng.choice([0, 0, 1, 2, 3, 5, 8]))
        if urgent:
            sentences.append(rng.choice(_URGENT))
        message = " ".join(s for s in sentences if s)
        out.append(
            {
                "prompt": f"Triage this customer message.\n\n{message}",
                "completion": f"Category: {category}\nUrgency: {'high' if urgent else 'low'}",
            }
        )
    return out
