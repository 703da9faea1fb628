"""The About tab: the rule, and what adapting the loaded model costs by method (full, LoRA, QLoRA)."""

from __future__ import annotations

import gradio as gr

from ..config import TrainingConfig, parse_setting
from ..tuning.costs import human_bytes, method_costs, model_sizes
from .inputs import Slider
from .page import Page, guarded


def build(page: Page) -> None:
    """The tab's layout and events."""
    workspace = page.workspace

    @guarded
    def on_costs(rank: float):
        rank = TrainingConfig(rank=parse_setting(TrainingConfig, "rank", rank)).rank  # its type and range
        engine = workspace.engine()
        sizes = model_sizes(engine.model)
        rows = [
            [c.method, f"{c.trainable_params:,}", f"{c.trainable_params / sizes.total_params:.2%}", human_bytes(c.train_memory_bytes), human_bytes(c.storage_bytes)]
            for c in method_costs(sizes, rank)
        ]
        return f"**{engine.source.label}**: {sizes.total_params:,} parameters, {len(sizes.linear_layers)} linear layers LoRA can adapt.", rows

    with gr.Tab("About"):
        gr.Markdown(
            "## The rule\n**Fine-tuning teaches a skill or a style; retrieval supplies knowledge.** A LoRA adapter "
            "learns how to answer (a JSON record, a brief's sections, a house voice) from a few hundred examples. "
            "It does not reliably learn facts, and what it learned goes stale when the facts change. Retrieval "
            "hands the model this week's documents at question time, to quote and cite; it does not teach a "
            "format. When you need both, use both.\n\n## What adapting this model costs"
        )
        with gr.Row():
            cost_rank = Slider(1, 128, step=1, value=16, label="LoRA rank")
            costs = gr.Button("Compute for the loaded model", elem_id="costs")
        cost_note = gr.Markdown()
        cost_table = gr.Dataframe(headers=["method", "trainable parameters", "share", "training memory (weights + optimizer)", "stored per variant"], interactive=False)


    costs.click(on_costs, [cost_rank], [cost_note, cost_table], api_visibility="private")
