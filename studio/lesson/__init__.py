"""The lesson: the columns and their prompts, one comparison as a batch, the packs, the answer checks,
the evaluation with its verdict, and the fine-tune-or-retrieve questionnaire."""
