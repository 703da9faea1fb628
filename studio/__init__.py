"""Tune-or-Retrieve Studio: one base model answers the same question as base, RAG and LoRA.

Nothing heavy is imported here: `import studio` must stay cheap (the CLI parses
arguments and reports bad input before torch is loaded).
"""

__version__ = "0.1.0"
