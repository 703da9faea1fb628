"""The app's input components, with Gradio's own input checks turned into the studio's refusals.

Gradio checks a slider's range, a number's type and a choice against its list before a handler
runs; its refusal prints a traceback to the log (and a value of the wrong type gets a vague
"the upstream Gradio app has raised an exception"). Here the same checks end as one line to the
caller naming the control, and one line in the log, like every other refusal.

Each factory returns Gradio's own component with its `preprocess` wrapped (a subclass would
make Gradio write a `.pyi` stub beside this file at import).
"""

from __future__ import annotations

import html
import logging

import gradio as gr

log = logging.getLogger("studio.app")


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def checked(component):
    """`component` whose own input check refuses in one line, without a traceback."""
    own = component.preprocess
    numeric = hasattr(component, "minimum")

    def preprocess(payload):
        try:
            return own(payload)
        except gr.Error as exc:
            why = exc.message if numeric else f"{_shown(payload)} is not one of its choices"
        except (TypeError, ValueError):
            why = f"{_shown(payload)} is not a number" if numeric else f"{_shown(payload)} is not a valid value"
        line = f"{component.label or type(component).__name__}: {why}"
        log.info("input refused: %s", line)
        raise gr.Error(html.escape(line, quote=False), print_exception=False)

    component.preprocess = preprocess
    return component


def Slider(*args, **kwargs) -> gr.Slider:
    return checked(gr.Slider(*args, **kwargs))


def Number(*args, **kwargs) -> gr.Number:
    return checked(gr.Number(*args, **kwargs))


def Dropdown(*args, **kwargs) -> gr.Dropdown:
    return checked(gr.Dropdown(*args, **kwargs))


def Radio(*args, **kwargs) -> gr.Radio:
    return checked(gr.Radio(*args, **kwargs))
