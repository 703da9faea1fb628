"""Tuning: training examples, the plan of a training, the LoRA/QLoRA run itself, and what each method costs."""
