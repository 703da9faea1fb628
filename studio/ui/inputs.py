"""The app's input components, with Gradio's own input checks turned into the studio's refusals.

Gradio checks a slider's range, a number's type and a choice against its list before a handler
runs; its refusal prints a traceback to the log (and a value of the wrong type gets a vague
"the upstream Gradio app has raised an exception"). Here the same checks end as one line to the
caller naming the control, and one line in the log, like every other refusal.
"""

from __future__ import annotations

import html
import logging

import gradio as gr

log = logging.getLogger("studio.app")


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


class _Checked:
    """Runs the component's own `preprocess`; its refusal becomes one line without a traceback."""

    def preprocess(self, payload):
        label = getattr(self, "label", None) or type(self).__name__
        try:
            return super().preprocess(payload)
        except gr.Error as exc:
            why = exc.message if hasattr(self, "minimum") else f"{_shown(payload)} is not one of its choices"
        except (TypeError, ValueError):
            why = f"{_shown(payload)} is not a number" if hasattr(self, "minimum") else f"{_shown(payload)} is not a valid value"
        line = f"{label}: {why}"
        log.info("input refused: %s", line)
        raise gr.Error(html.escape(line, quote=False), print_exception=False)


class Slider(_Checked, gr.Slider):
    pass


class Number(_Checked, gr.Number):
    pass


class Dropdown(_Checked, gr.Dropdown):
    pass


class Radio(_Checked, gr.Radio):
    pass
