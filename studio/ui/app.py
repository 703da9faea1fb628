"""The browser app: one `Page` and its tabs, each a module of its own (`*_tab.py`), on one workspace.

Each tab module lays out its controls and wires its events to handlers that call into
`Workspace` (or a pure core function), `@guarded` where they are defined (`page.py`); Gradio's
own input checks end the same way (`inputs.py`). Model work goes through the class's one gate
(`Workspace.scheduler`): a request that finds a training holding the model says what it waits for.

Safe to expose: names from a request (adapter, scenario, document) are names, never paths;
numbers are parsed with the settings' own ranges; uploads are limited in size (Gradio's
`max_file_size`) and count, named by their own file names in messages, and removed by age.
"""

from __future__ import annotations

import html
import logging

import gradio as gr

from ..classroom.session import new_learner_id
from ..classroom.workspace import Workspace
from ..config import ServerConfig
from . import about_tab, class_tab, compare_tab, decide_tab, documents_tab, evaluate_tab, instructor_tab, train_tab
from .page import UPLOAD_KEEP_SECONDS, ZERO_GPU_NOTE, Page, guarded, on_zero_gpu

LESSON = (
    "**Fine-tuning teaches a skill or a style; retrieval supplies knowledge.** "
    "Ask one question and watch the same base model answer it plainly, with retrieved passages (RAG), "
    "with a LoRA adapter, with both, with the documents pasted whole or with examples in the prompt: one loaded "
    "model, one batched call, every column labelled with what produced it."
)
SHARED_AND_YOURS = (
    "<sub>**Shared by the class:** the model, the class's documents and scenarios, every adapter anyone trained "
    "(pick one for your LoRA columns). **Yours alone:** the documents you add or remove, the adapter your LoRA "
    "columns use, your training (only you can cancel it). Everyone's questions are answered together, in one batch.</sub>"
)


def build_app(workspace: Workspace) -> gr.Blocks:
    """The app for one workspace; nothing is loaded until a tab needs the model.

    Every handler is `@guarded` where it is defined (a test checks each event's function).
    """
    page = Page(workspace)

    def forget_learner(request: gr.Request):
        workspace.learners.end(request.session_hash)

    @guarded
    def on_page_load(key, request: gr.Request):
        """A page opens: it is the learner whose key its browser holds (a new one the first time)."""
        try:
            learner = workspace.learners.attach(request.session_hash, key)
        except ValueError:
            key = new_learner_id()
            learner = workspace.learners.attach(request.session_hash, key)
        # Offer an adapter name of the learner's own, so a class's first trainings do not collide:
        # from their owner hash, never from the key itself (registry names are public).
        return key, documents_tab.documents_view(workspace, learner)[0], f"adapter-{learner.owner[:6]}"

    # Uploads and handed-out zips in Gradio's cache are removed once UPLOAD_KEEP_SECONDS old, and at shutdown.
    with gr.Blocks(title="Tune-or-Retrieve Studio", delete_cache=(60, UPLOAD_KEEP_SECONDS)) as app:
        gr.Markdown("# Tune-or-Retrieve Studio")
        gr.Markdown(LESSON)
        gr.Markdown(f"<sub>Serving {html.escape(workspace.describe())}</sub>")
        gr.Markdown(SHARED_AND_YOURS)
        if on_zero_gpu():
            gr.Markdown(ZERO_GPU_NOTE)
        compare_tab.build(page)
        doc_table = documents_tab.build(page)
        training = train_tab.build(page)
        evaluate_tab.build(page)
        class_tab.build(page)
        instructor_tab.build(page)
        decide_tab.build(page)
        about_tab.build(page)
        # The learner key lives in the browser, so a reloaded page is the same learner, and finds
        # their documents and their running training again.
        learner_key = gr.BrowserState(None, storage_key="studio-learner")
        app.load(on_page_load, [learner_key], [learner_key, doc_table, training.adapter_name], api_visibility="private").then(
            training.resume, None, [training.status], api_visibility="private"
        )
        # Closing (or reloading) a page forgets its learner's session; a training they started still finishes.
        app.unload(forget_learner)
    # One request per event at a time, but for questions (batched by the scheduler); training
    # yields the model to waiting questions between its steps.
    app.queue(default_concurrency_limit=1)
    return app


# On a phone the answer panes stack: six side by side would be strips a few letters wide. (The
# tabs that do not fit go to Gradio's own "More tabs" menu, which stays reachable.)
APP_CSS = """
@media (max-width: 640px) {
  #columns-row { flex-direction: column !important; }
  #columns-row > * { min-width: 100% !important; max-width: 100% !important; }
}
"""


def launch(app: gr.Blocks, server: ServerConfig, **extra):
    """Serve `app` with the public-server limits of `server`: Gradio refuses bigger uploads before storing them.

    Expected user errors reach the log as one line each (logger "studio"), bugs with their traceback.
    """
    studio_log = logging.getLogger("studio")
    if studio_log.level == logging.NOTSET:
        studio_log.setLevel(logging.INFO)
    if not any(getattr(h, "studio_console", False) for h in studio_log.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("studio: %(message)s"))
        handler.studio_console = True
        studio_log.addHandler(handler)
        studio_log.propagate = False  # one line each, not again through the root logger
    return app.launch(
        server_name=server.host,
        server_port=server.port,
        max_file_size=int(server.max_upload_mb * 1024 * 1024),
        show_error=False,  # gr.Error messages are shown; other exceptions' text never reaches a browser
        max_threads=3 * server.max_learners,  # every learner's streaming question holds a thread
        css=APP_CSS,
        **extra,
    )

