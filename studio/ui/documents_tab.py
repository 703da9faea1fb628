"""The Documents tab: the learner's own documents (added, replaced, removed) and a search of what RAG would see."""

from __future__ import annotations

import html

import gradio as gr

from ..config import RetrievalConfig, parse_setting
from ..errors import StudioError
from ..knowledge.documents import READABLE_SUFFIXES
from .inputs import Dropdown, Slider
from .page import Page, guarded, html_lines, upload_of


def documents_view(workspace, learner) -> tuple[list, dict]:
    """The learner's documents as the table shows them, and as the Remove picker offers them."""
    chunks = workspace.document_chunks(learner)
    return [[name, count] for name, count in chunks], gr.update(choices=[name for name, _ in chunks], value=None)


def build(page: Page) -> gr.Dataframe:
    """The tab's layout and events; returns the documents table (the page fills it when it opens)."""
    workspace, config = page.workspace, page.config

    @guarded
    def on_add(files, request: gr.Request = None):
        learner = page.mine(request)
        paths = [upload_of(f)[0] for f in files or []]
        yield f"Indexing {len(paths)} file(s)…", gr.skip(), gr.skip()
        report = workspace.add_documents(paths, learner)
        yield (
            f"Index updated in {report.seconds:.1f} s: {report.summary()}; {report.embedded_chunks} chunk(s) embedded.",
            *documents_view(workspace, learner),
        )

    @guarded
    def on_remove(source: str, request: gr.Request = None):
        learner = page.mine(request)
        if not source:
            raise StudioError("choose a document to remove")
        report = workspace.remove_document(source, learner)
        return f"Removed {source} from your documents: {report.summary()}.", *documents_view(workspace, learner)

    @guarded
    def on_search(query: str, k: float, request: gr.Request = None):
        query = page.checked_question(query, "the search query")
        hits = workspace.search(query, parse_setting(RetrievalConfig, "top_k", k), learner=page.mine(request))
        text = "\n\n".join(
            f"**[{i}] {html.escape(h.chunk_id)}** (score {h.score:.3f})<br>{html_lines(h.text[:600])}" for i, h in enumerate(hits, 1)
        )
        return text or "_no passages_", [h.to_dict() for h in hits]

    with gr.Tab("Documents"):
        gr.Markdown("Add .md, .txt, .pdf or .html files; a file with the name of an indexed one replaces it. "
                    "Only new or changed documents are embedded. The documents you add or remove are yours: other "
                    "learners keep the class's. They last as long as this page (`studio index` saves an index).")
        with gr.Row():
            # Types are checked by the core (one clear line), not by gr.File (a logged traceback each time).
            uploads = gr.File(file_count="multiple", label=f"Files ({', '.join(READABLE_SUFFIXES)})", elem_id="doc-files")
            with gr.Column():
                add = gr.Button("Add or replace", variant="primary", elem_id="doc-add")
                remove_choice = Dropdown([], label="Remove a document", elem_id="doc-remove-choice")
                remove = gr.Button("Remove", elem_id="doc-remove")
        doc_status = gr.Markdown(elem_id="doc-status")
        doc_table = gr.Dataframe(headers=["document", "chunks"], label="Indexed documents", interactive=False, elem_id="doc-table")
        with gr.Row():
            query = gr.Textbox(label="Try a search", scale=4, elem_id="search-query")
            k = Slider(1, 10, step=1, value=config.retrieval.top_k, label="Passages")
            search = gr.Button("Search", elem_id="search")
        hits_view = gr.Markdown(elem_id="search-hits")
        hits_raw = gr.JSON(visible=False)


    add.click(on_add, [uploads], [doc_status, doc_table, remove_choice], api_name="add_documents", concurrency_id="documents")
    remove.click(on_remove, [remove_choice], [doc_status, doc_table, remove_choice], api_visibility="private", concurrency_id="documents")
    search.click(on_search, [query, k], [hits_view, hits_raw], api_name="search")
    query.submit(on_search, [query, k], [hits_view, hits_raw], api_visibility="private")
    return doc_table
