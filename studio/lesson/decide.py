"""The Decide questionnaire: a user's task in, fine-tune / retrieve / both / just prompt out.

A pure function of the answers, following the studio's rule: fine-tuning teaches a skill or
a style; retrieval supplies knowledge. Every recommendation carries its reasons, so a
learner sees which answer led where.
"""

from __future__ import annotations

from dataclasses import dataclass

CHANGE_CHOICES = ("never", "a few times a year", "monthly", "weekly or more often")
MIN_EXAMPLES = 100  # below this a LoRA rarely learns a format reliably: prompt first, collect more


@dataclass(frozen=True)
class TaskAnswers:
    """What the Decide tab asks about the user's own task."""

    needs_own_facts: bool  # answers depend on information the base model cannot know (your documents)
    facts_change: str  # one of CHANGE_CHOICES
    must_cite: bool  # answers must point to their sources
    wants_format_or_voice: bool  # the goal is a structure, a format, a tone or a behaviour
    prompt_gets_format: bool  # a clear instruction with two or three examples already gets the format right
    examples: int  # input -> output examples that exist (or could be written)


@dataclass(frozen=True)
class Recommendation:
    choice: str  # "fine-tune", "retrieve", "both" or "just prompt"
    reasons: tuple[str, ...]
    next_steps: tuple[str, ...]


def recommend(answers: TaskAnswers) -> Recommendation:
    """Apply the rule to the answers; reasons say which answer counted."""
    if answers.facts_change not in CHANGE_CHOICES:
        raise ValueError(f"facts_change must be one of {CHANGE_CHOICES}")
    reasons: list[str] = []
    knowledge = False
    if answers.needs_own_facts:
        knowledge = True
        reasons.append("Answers depend on your own information, which no pretrained model has: that is knowledge, and retrieval supplies it.")
    if answers.needs_own_facts and answers.facts_change != "never":
        reasons.append(
            f"Your facts change {answers.facts_change}: re-indexing a document takes seconds, retraining an adapter takes "
            f"minutes to hours, and an adapter keeps repeating last week's facts."
        )
    if answers.must_cite:
        knowledge = True
        reasons.append("Answers must cite sources: only retrieval puts a source in front of the model to cite.")
    skill = False
    if answers.wants_format_or_voice:
        if answers.prompt_gets_format:
            reasons.append("A prompt with a few examples already gets the format right: no training needed for it.")
        elif answers.examples < MIN_EXAMPLES:
            reasons.append(
                f"You want a format or voice a prompt does not hold, but have {answers.examples} examples; a LoRA needs "
                f"about {MIN_EXAMPLES} or more to learn it reliably."
            )
        else:
            skill = True
            reasons.append(
                f"You want a format or voice that prompting does not hold, and have {answers.examples} examples: that is a "
                f"skill, and a LoRA adapter learns it."
            )
    if knowledge and skill:
        choice = "both"
        steps = (
            "Index your documents and check retrieval first (studio index, studio eval-retrieval).",
            "Train an adapter on your examples (studio train), then compare LoRA + RAG against each alone (studio eval).",
        )
    elif knowledge:
        choice = "retrieve"
        steps = ("Index your documents (studio index) and measure retrieval (studio eval-retrieval) before blaming the model.",)
    elif skill:
        choice = "fine-tune"
        steps = ("Train a LoRA adapter on your examples (studio train) and compare it with the base (studio compare --modes base,lora).",)
    else:
        choice = "just prompt"
        if not reasons:
            reasons.append("Nothing here needs your own facts or a trained format: a good prompt on the base model is the cheapest fix.")
        steps = ("Write a clear instruction with two or three examples; come back when facts or a format are the problem.",)
        if answers.wants_format_or_voice and not answers.prompt_gets_format:
            steps += (f"Collect at least {MIN_EXAMPLES} examples of the output you want; then fine-tuning is worth a try.",)
    if not answers.needs_own_facts and not answers.must_cite:
        reasons.append("No private or changing facts are involved, so retrieval would add cost without adding knowledge.")
    return Recommendation(choice, tuple(reasons), steps)
