"""The Decide tab: fine-tune, retrieve, both, or just prompt, for the learner's own task, with reasons."""

from __future__ import annotations

import gradio as gr

from ..errors import StudioError
from ..lesson.decide import CHANGE_CHOICES, TaskAnswers, recommend
from .inputs import Number, Radio
from .page import Page, guarded, whole_number


def build(page: Page) -> None:
    """The tab's layout and events (no model: the recommendation is a pure function)."""

    @guarded
    def on_decide(own_facts, change, cite, format_voice, prompt_works, examples):
        if change not in CHANGE_CHOICES:
            raise StudioError(f"choose how often the information changes: one of {', '.join(CHANGE_CHOICES)}")
        count = whole_number(examples or 0, "the number of examples", 10**9)
        result = recommend(TaskAnswers(bool(own_facts), change, bool(cite), bool(format_voice), bool(prompt_works), count))
        return "\n".join(
            [f"## Recommendation: {result.choice}", "", "**Why:**", *[f"- {r}" for r in result.reasons], "", "**Next:**", *[f"- {s}" for s in result.next_steps]]
        )

    with gr.Tab("Decide"):
        gr.Markdown("Your own task: fine-tune, retrieve, both, or just prompt? Answer and see why.")
        own_facts = gr.Checkbox(label="Answers depend on information a public model cannot know (your documents, products, policies)")
        change = Radio(list(CHANGE_CHOICES), value="monthly", label="How often does that information change?")
        cite = gr.Checkbox(label="Answers must cite their sources")
        format_voice = gr.Checkbox(label="The goal is a format, a structure, a tone or a behaviour")
        prompt_works = gr.Checkbox(label="A clear instruction with two or three examples already gets that format right")
        examples_count = Number(value=0, label="How many input → output examples exist (or could be written)?")
        decide = gr.Button("Decide", variant="primary", elem_id="decide")
        decision = gr.Markdown(elem_id="decision")


    decide.click(on_decide, [own_facts, change, cite, format_voice, prompt_works, examples_count], [decision], api_visibility="private")
