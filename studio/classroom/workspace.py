"""A workspace: what a comparison needs (model, adapter, documents), checked early, loaded once.

The CLI and the app both go through it, so both validate the same way and both serve every
column from one engine. Cheap checks (folders exist, adapter is safetensors, documents are
readable) run at construction; the model and the embedder load on first use, once.

The workspace is what a class shares: the engine, the embedder, the class's documents, the
scenario indexes, the registry. What one learner makes or picks (their documents, their
adapter) is theirs, in a `LearnerSession` passed as `learner=`; the CLI is `solo`, one learner.
"""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Iterator, Sequence

from ..adapters import AdapterFolder, inspect_adapter_folder, resolve_adapter
from ..config import StudioConfig
from ..errors import StudioError
from ..knowledge.documents import Document, read_folder
from ..knowledge.index import check_index_folder
from ..lesson.columns import KINDS, ColumnSpec, Supplies, check_columns, kept_examples, missing, needs_any, shots_from
from ..lesson.compare import CompareOptions, Comparison, compare, stream_compare
from ..model.chat import DEFAULT_SYSTEM
from ..model.engine import resolve_device
from ..model.generator import Generator, load_generator
from .session import Learners, LearnerSession, TrainingJob, TrainingLine

log = logging.getLogger("studio.app")


class Workspace:
    """One base model, its adapters and one source of passages, ready to compare.

    Passages (and the documents a stuffed column pastes) come from a documents folder (`docs`,
    indexed in memory) or from a saved index folder (`index_dir`, made by `studio index`), not
    both. `adapter` is the class's default for the `lora` columns; a `lora:NAME` column loads
    its own adapter into the same engine on first use.
    """

    def __init__(
        self,
        config: StudioConfig,
        docs: str | Path | None = None,
        adapter: str | Path | None = None,
        index_dir: str | Path | None = None,
        explicit_embedder: str | None = None,
    ):
        if docs and index_dir:
            raise StudioError("pass either --docs (index a folder now) or --index (a saved index), not both")
        self.config = config.for_device(resolve_device(config.model.device))  # a CPU's shorter answers and focused passages, unless set
        self.docs = docs
        self.index_dir = index_dir
        self.explicit_embedder = explicit_embedder  # a saved index otherwise uses the embedder it was built with
        self.adapter_folder: AdapterFolder | None = (
            inspect_adapter_folder(resolve_adapter(str(adapter), config.paths.adapters)) if adapter else None
        )
        self.documents: list[Document] | None = None
        self.skipped: list[str] = []
        if docs:
            self.documents, self.skipped = read_folder(docs, max_file_mb=config.retrieval.max_file_mb)
        if index_dir:
            check_index_folder(index_dir)
        self._engine: Generator | None = None
        self._source = None  # where the model loads from, located once (sources.ModelSource)
        self.on_model_loaded = None  # called with the engine once it loads (the CLI says which weights, how long)
        self._adapter_name: str | None = None
        self._index = None
        self._embedder = None
        self._scenario_indexes: dict = {}
        self._scenario_examples: dict = {}
        # One lock per shared thing made on first use, so making one never waits on another (a
        # learner's upload embeds under no lock the class needs: each learner has their own).
        self._engine_lock = threading.RLock()  # the engine and its scheduler
        self._embedder_lock = threading.Lock()
        self._index_lock = threading.Lock()  # the class's index (takes the embedder's inside)
        self._scenario_lock = threading.Lock()  # the scenarios' indexes and fewshot examples
        self._store_lock = threading.RLock()  # the store and the classroom (made over the store)
        self._indexing = 0  # learners' document changes being indexed now
        self._indexing_lock = threading.Lock()
        # Every app learner's own state, by the id their page holds: bounded, a few sessions per expected learner.
        self.learners = Learners(max_sessions=5 * self.config.server.max_learners)
        self._scheduler = None  # the class's one queue to the model, made with the engine
        self.trainings = TrainingLine()  # the class's trainings, one at a time, in the order asked
        self.solo = LearnerSession("solo")  # the CLI's one learner: it alone may name adapter folders by path
        self.class_learner = LearnerSession("class")  # who answers the instructor's questions: the class's adapters only
        self._store = None  # the class's record (SQLite), opened on first use
        self._classroom = None

    @property
    def has_documents(self) -> bool:
        """Whether the class has documents (a learner may have their own besides: `learner_has_documents`)."""
        return self.documents is not None or self.index_dir is not None

    def learner_has_documents(self, learner: LearnerSession) -> bool:
        return learner.index is not None or self.has_documents

    def has_adapter(self, learner: LearnerSession) -> bool:
        """Whether `learner`'s LoRA columns have an adapter to run (theirs, or the class's default)."""
        return self.adapter_for(learner) is not None or self.adapter_folder is not None

    def adapter_for(self, learner: LearnerSession) -> str | None:
        """The adapter `learner`'s LoRA columns use: their own choice, else the class's default."""
        return learner.adapter or self._adapter_name

    def default_columns(self) -> tuple[ColumnSpec, ...]:
        """base; rag with documents; lora with a start-up adapter: what a first comparison shows."""
        from ..lesson.columns import default_columns

        return default_columns(self.has_documents, self.adapter_folder is not None)

    def model_source(self):
        """Which model and weights the class's engine serves: the loaded one's, or located without loading."""
        if self._engine is not None:
            return self._engine.source
        if self._source is None:
            from ..config import ModelConfig, setting_name
            from ..model.sources import locate_model

            model = self.config.model
            self._source = locate_model(model.model, resolve_device(model.device), self.config.paths.home, setting_name(ModelConfig, "model"))
        return self._source

    def check_sources(self) -> None:
        """Fail now, not at the first question, when the model or embedder cannot be found."""
        self.model_source()
        if self.documents is not None:
            from ..knowledge.retrieval import resolve_embedder

            resolve_embedder(self.config.retrieval.embedder)

    @property
    def loaded(self) -> bool:
        """Whether the model is in memory already (the first question pays for loading)."""
        return self._engine is not None

    @property
    def busy(self) -> str | None:
        """What holds the model for a long job ("training adapter x"), for a waiting surface to say."""
        scheduler = self._scheduler
        return scheduler.holder if scheduler is not None else None

    def engine(self) -> Generator:
        """The one engine, loaded on first use with the adapter attached."""
        with self._engine_lock:
            if self._engine is None:
                engine = load_generator(self.config.model, self.config.paths.home)
                engine.max_loaded_adapters = self.config.server.max_adapters
                if self.adapter_folder:
                    self._adapter_name = engine.add_adapter(self.adapter_folder.path)
                self._engine = engine
                if self.on_model_loaded is not None:
                    self.on_model_loaded(engine)
            return self._engine

    def index(self, learner: LearnerSession):
        """The passages `learner` searches: their own index once they changed documents, else the
        class's (built or opened on first use); None without documents."""
        own = learner.index
        if own is not None:
            return own
        if not self.has_documents:
            return None
        with self._index_lock:
            if self._index is None:
                from ..knowledge.index import DocumentIndex

                if self.index_dir is not None:
                    self._index = DocumentIndex.load(self.index_dir, embedder_name=self.explicit_embedder)
                else:
                    self._index = DocumentIndex.build(self.documents or [], self.embedder(), self.config.retrieval)
            return self._index

    def supplies(self, learner: LearnerSession, scenario=None) -> Supplies:
        """What `learner`'s columns can draw on now (in the app's words for what is missing)."""
        examples = bool(scenario is not None and scenario.train.is_file()) or bool(learner.examples)
        if scenario is not None:
            documents, fix = bool(scenario.documents), f"scenario {scenario.id} has none"
        else:
            documents, fix = self.learner_has_documents(learner), "add some in the Documents tab"
        return Supplies(
            adapter=self.has_adapter(learner),
            documents=documents,
            examples=examples,
            fixes={
                "adapter": "train one in the Train tab, pick one of the class's, or choose a lora:NAME column",
                "documents": fix,
                "examples": "check or train on a file of examples in the Train tab (its first ones go in the prompt), or pick a scenario",
            },
        )

    def unavailable(self, specs: Sequence[ColumnSpec], learner: LearnerSession, scenario=None) -> dict[str, str]:
        """label -> why, for the columns `learner` cannot run now (the app runs the others)."""
        why = missing(specs, self.supplies(learner, scenario))
        for spec in specs:
            if spec.adapter and spec.label not in why:
                try:
                    self.adapter_folder_of(spec.adapter, learner)
                except StudioError as exc:
                    why[spec.label] = str(exc)
        return why

    def adapter_folder_of(self, ref: str, learner: LearnerSession) -> Path:
        """The folder of a `lora:NAME` column's adapter, checked on disk (nothing loaded).

        For an app learner NAME is a registry name, never a path; the CLI (`solo`) may also name a folder.
        """
        from ..adapters import registry_adapter

        if self.adapter_folder is not None and ref == self.adapter_folder.name:
            return self.adapter_folder.path
        folder = registry_adapter(ref, self.config.paths.adapters) if learner is not self.solo else resolve_adapter(ref, self.config.paths.adapters)
        inspect_adapter_folder(folder)
        return folder

    def resolve_columns(self, specs: Sequence[ColumnSpec], learner: LearnerSession) -> tuple[ColumnSpec, ...]:
        """The specs with each named adapter loaded into the one engine and named as it is there."""
        engine = self.engine()
        resolved = []
        for spec in specs:
            if spec.adapter:
                folder = self.adapter_folder_of(spec.adapter, learner)
                name = engine.add_adapter(folder)
                # A registry name stays the label; a folder is labelled by the adapter's name.
                shown = spec.label if folder.name == spec.adapter else f"{spec.kind.name}:{name}"
                spec = ColumnSpec(spec.kind, name, shown)
            resolved.append(spec)
        return tuple(resolved)

    def fewshot_examples(self, learner: LearnerSession, scenario=None, examples=None) -> tuple:
        """The examples a fewshot column shows: given ones, else the scenario's, else the learner's last file's."""
        if examples is not None:
            return tuple(examples)
        if scenario is not None and scenario.train.is_file():
            from ..tuning.datasets import load_examples

            if scenario.id not in self._scenario_examples:  # read once: every fewshot question of the class uses them
                self._scenario_examples[scenario.id] = kept_examples(load_examples(scenario.train, system=None)[0])
            return self._scenario_examples[scenario.id]
        return tuple(learner.examples)

    def options(
        self,
        specs: Sequence[ColumnSpec],
        top_k: int | None = None,
        max_new_tokens: int | None = None,
        system: str | None = None,
        scenario=None,
        *,
        learner: LearnerSession,
        examples=None,
    ) -> CompareOptions:
        """The comparison's options: per-call values over the workspace's settings; loads what `specs` need.

        With a `scenario`, the RAG and stuffed columns use its documents, every column without an
        adapter its system prompt, fewshot its examples. `learner`'s documents, adapter and
        examples are used (the CLI passes its one learner, `solo`). `system` sets one system prompt for
        every column, adapters included ("" for none); by default each adapter gets the one it
        was trained with. `examples`: Examples for the fewshot columns, over the defaults.
        """
        generation = self.config.generation
        if max_new_tokens is not None:
            generation = replace(generation, max_new_tokens=int(max_new_tokens))
        supplies = self.supplies(learner, scenario)
        if examples is not None:
            supplies = replace(supplies, examples=bool(examples))
        check_columns(specs, supplies)
        needs_documents = needs_any(specs, "documents")
        if scenario is not None:
            index = self.scenario_index(scenario) if needs_documents else None
            default_system = scenario.system
        else:
            index = self.index(learner) if needs_documents else None
            default_system = DEFAULT_SYSTEM
        shots = shots_from(self.fewshot_examples(learner, scenario, examples), generation.shots) if needs_any(specs, "examples") else ()
        adapter = self.adapter_for(learner) if any(s.kind.adapter and not s.adapter for s in specs) else None
        if adapter is not None and adapter not in self.engine().adapters:
            # A process that did not train or pick it (a ZeroGPU call runs in a fresh fork): load it by name.
            from ..adapters import registry_adapter

            self.engine().add_adapter(registry_adapter(adapter, self.config.paths.adapters))
        return CompareOptions(
            adapter=adapter,
            index=index,
            top_k=self.config.retrieval.top_k if top_k is None else replace(self.config.retrieval, top_k=top_k).top_k,
            hybrid=self.config.retrieval.hybrid,
            focus=self.config.retrieval.focus,
            generation=generation,
            system=system,
            default_system=default_system,
            shots=shots,
        )

    def compare(self, question: str, specs: Sequence[ColumnSpec], *, learner: LearnerSession, **per_call) -> Comparison:
        """One comparison, all columns at once, with `learner`'s documents and adapter (`per_call`: top_k,
        max_new_tokens, system, scenario, examples).

        Decoded by the scheduler, like every use of the model: it waits about one step of a
        running training, not the whole run, and shares a batch with what others ask meanwhile.
        """
        engine = self.engine()  # first: the start-up adapter's name is known once it is loaded
        options = replace(self.options(specs, learner=learner, **per_call), decode=self.scheduler().generate)
        return compare(engine, question, self.resolve_columns(specs, learner), options)

    def scheduler(self):
        """The shared queue that decodes every learner's columns together (made on first use)."""
        from ..model.scheduler import Scheduler

        with self._engine_lock:
            if self._scheduler is None:
                self._scheduler = Scheduler(self.engine())
            return self._scheduler

    def stream(self, question: str, specs: Sequence[ColumnSpec], *, learner: LearnerSession, **per_call) -> Iterator[Comparison]:
        """The comparison as it grows, every column's partial text in each update.

        Its rows are decoded by the scheduler, in one batch with whatever other learners ask
        meanwhile (and between the steps of a running training).
        """
        engine = self.engine()
        options = self.options(specs, learner=learner, **per_call)
        specs = self.resolve_columns(specs, learner)
        yield from stream_compare(engine, question, specs, options, run=self.scheduler().stream)

    def describe(self) -> str:
        """One line for logs and the app header: model, adapter, documents."""
        parts = [f"model {self.model_source().label}"]
        if self.adapter_folder:
            parts.append(f"adapter {self.adapter_folder.name}")
        if self.docs is not None:
            parts.append(f"{len(self.documents or [])} documents from {self.docs}")
        if self.index_dir is not None:
            parts.append(f"index {self.index_dir}")
        return ", ".join(parts)

    # -- documents (the app's Documents tab) ---------------------------------------------

    def document_chunks(self, learner: LearnerSession) -> list[tuple[str, int]]:
        """Every document `learner` searches, with its chunk count, by name; empty without documents."""
        index = self.index(learner)
        if index is None:
            return []
        counts: dict[str, int] = {}
        for chunk in index.chunks:
            counts[chunk.source] = counts.get(chunk.source, 0) + 1
        return sorted(counts.items())

    def _current_documents(self, learner: LearnerSession) -> dict[str, Document]:
        # Unchanged documents need only their digest: the index keeps their chunks and vectors.
        index = self.index(learner)
        if index is None:
            return {}
        return {source: Document(source, "", digest) for source, digest in index.digests.items()}

    def _replace_corpus(self, documents: dict[str, Document], learner: LearnerSession):
        from ..knowledge.index import DocumentIndex

        # The learner's own lock: embedding a big upload holds up nobody else (the class's index
        # and everyone's copy stay as they are; `updated` returns a new index).
        with learner.documents_lock, self._counted_indexing():
            current = self.index(learner)
            if current is None:
                current = DocumentIndex.empty(self.embedder(), self.config.retrieval)
            # The index's own chunk settings: other ones would re-chunk every document, and the
            # unchanged ones are passed as digests only (their text stays in the index).
            settings = replace(self.config.retrieval, chunk_size=current.manifest["chunk_size"], overlap=current.manifest["overlap"])
            # `updated` returns a new index and leaves `current` (maybe the class's) as it was:
            # the learner gets their own copy; everyone else keeps searching theirs.
            index, report = current.updated(list(documents.values()), settings)
            learner.index = index
        return report

    @contextmanager
    def _counted_indexing(self):
        with self._indexing_lock:
            self._indexing += 1
        try:
            yield
        finally:
            with self._indexing_lock:
                self._indexing -= 1

    def indexing(self) -> int:
        """How many learners' document changes are being indexed now."""
        with self._indexing_lock:
            return self._indexing

    def add_documents(self, paths: Sequence[str | Path], learner: LearnerSession):
        """Add or replace documents by file name and update the index incrementally; returns the UpdateReport.

        Each document is named by its file's own name. At most `server.max_files` files per
        call, and `server.max_documents` in all; nothing changes when any file is refused.
        """
        from ..knowledge.documents import READABLE_SUFFIXES, check_source_name, read_document

        limits = self.config.server
        if not paths:
            raise StudioError("no files were given: choose .md, .txt, .pdf or .html files to add")
        if len(paths) > limits.max_files:
            raise StudioError(f"{len(paths)} files at once is over this server's limit of {limits.max_files}: add them in smaller groups")
        documents = self._current_documents(learner)
        for path in paths:
            source = check_source_name(Path(path).name, "the upload")
            if Path(source).suffix.lower() not in READABLE_SUFFIXES:
                raise StudioError(f"{source} is not a document the studio reads: add {', '.join(READABLE_SUFFIXES)} files")
            document = read_document(Path(path), source, self.config.retrieval.max_file_mb)
            if not document.text.strip():
                raise StudioError(f"{source} holds no text to index")
            documents[document.source] = document
        if len(documents) > limits.max_documents:
            raise StudioError(
                f"the index would hold {len(documents)} documents, over this server's limit of {limits.max_documents}: "
                f"remove some first"
            )
        return self._replace_corpus(documents, learner)

    def remove_document(self, source: str, learner: LearnerSession):
        """Remove one document from `learner`'s index (the class's stays as it is); returns the UpdateReport."""
        documents = self._current_documents(learner)
        if source not in documents:
            known = ", ".join(sorted(documents)) or "none"
            raise StudioError(f"no indexed document is named {source!r} (indexed: {known})")
        del documents[source]
        return self._replace_corpus(documents, learner)

    def search(self, query: str, k: int | None = None, *, learner: LearnerSession):
        """The passages `learner`'s RAG columns would get for `query`."""
        if not query.strip():
            raise StudioError("the search query is empty: type a question")
        index = self.index(learner)
        if index is None:
            raise StudioError("there are no documents to search yet: add some first")
        k = self.config.retrieval.top_k if k is None else replace(self.config.retrieval, top_k=k).top_k  # checks the range
        return index.search(query, k, hybrid=self.config.retrieval.hybrid)

    # -- adapters (the app's Train tab) -------------------------------------------------

    def use_adapter(self, folder: str | Path, learner: LearnerSession) -> str:
        """Serve `learner`'s LoRA columns from this adapter folder (loaded into the one, shared engine).

        The app passes a registry adapter only (`adapters.registry_adapter`): a name, never a path.
        """
        engine = self.engine()
        name = engine.add_adapter(folder)
        learner.adapter = name
        return name

    def plan_training(self, examples: str | Path, config, shown_as: str | None = None, *, learner: LearnerSession):
        """What training on `examples` with `config` will do (`training_plan.TrainingPlan`), nothing trained.

        `learner`'s fewshot columns show these examples from now on, as they do after a training.
        """
        from ..tuning.datasets import load_examples
        from ..tuning.training_plan import plan_training

        loaded = load_examples(examples, shown_as=shown_as, max_examples=self.config.server.max_examples)
        learner.examples = kept_examples(loaded[0])
        return plan_training(self.engine(), examples, loaded, config, shown_as)

    def start_training(
        self, learner: LearnerSession, examples: str | Path, config, name: str, *, overwrite: bool = False, shown_as: str | None = None,
    ) -> TrainingJob:
        """Start `learner`'s training of adapter `name` in the background; the returned job streams
        its progress (`job.updates`), ends with `job.result` or `job.error`, and is `learner.training`
        while it runs (a reloaded page follows it; `job.cancel` stops it).

        One run per learner at a time, in the class's training line; the rules are `train`'s. A run
        that stepped is kept for the learner's lab report; a refusal writes nothing.
        """
        from ..adapters import check_adapter_name

        name = check_adapter_name(name.strip() if isinstance(name, str) else name)  # a registry name, never a path
        if learner.training is not None:
            raise StudioError(f"your training of {learner.training.name} is still running: cancel it or wait for it to end")
        job = learner.training = TrainingJob(name)

        def progressed(progress) -> None:
            job.progress = progress  # a page reloaded during the run reads it
            job.updates.put(progress)

        def work() -> None:
            # The run belongs to the learner, not to the request that started it: it goes on if the page closes.
            try:
                job.result = self.train(
                    examples, config, name, overwrite=overwrite, on_progress=progressed, shown_as=shown_as, learner=learner, job=job,
                )
                job.outcome = f"Done: adapter {name} trained and loaded; your LoRA columns use it now."
            except BaseException as exc:
                job.error = exc
                job.outcome = " ".join(str(exc).split()) if isinstance(exc, StudioError) else f"training failed ({type(exc).__name__})"
            finally:
                learner.training = None
                if job.result is not None or job.progress is not None:  # it stepped: the lab report lists it
                    try:
                        self.remember_training(learner, name, job.outcome, job.result[0] if job.result else None)
                    except StudioError as exc:
                        log.info("training of %s not kept for the lab report: %s", name, exc)
                job.finished.set()
                job.updates.put(None)

        threading.Thread(target=work, name=f"studio-train-{name}", daemon=True).start()
        return job

    def train(
        self,
        examples: str | Path,
        config,
        name: str,
        *,
        overwrite: bool = False,
        on_progress=None,
        cancel=None,
        shown_as: str | None = None,
        learner: LearnerSession,
        job: TrainingJob | None = None,
    ):
        """Train adapter `name` into the registry on the one engine and serve the LoRA columns from it.

        `name` is a registry name, never a path (AdapterError otherwise); an existing adapter of
        that name is replaced only with `overwrite`, and only when it is a studio adapter.
        `shown_as` names the examples file in messages. From the app (`learner` given), an
        existing adapter is replaced only when that learner trained it. The new adapter serves
        `learner`'s LoRA columns. With a `job` (the app's), the run first waits its turn in the
        class's training line, and the job's cancel stops it there too. Returns (card, folder).
        """
        from ..adapters import registry_folder, safe_adapter_name
        from ..tuning.training import TrainingCancelled
        from ..tuning.training_run import plan_run

        folder = registry_folder(name, self.config.paths.adapters)
        run = plan_run(
            self.engine(), examples, config, name, folder, overwrite=overwrite, how_to_replace="tick 'replace' or choose another name",
            owner=None if learner is self.solo else learner.owner, shown_as=shown_as, max_examples=self.config.server.max_examples,
        )
        learner.examples = kept_examples(list(run.examples))  # the fewshot columns show them, as after Check
        if job is not None:
            cancel = job.cancel
            if not self.trainings.wait_turn(job):
                raise TrainingCancelled(f"your training of {name} was cancelled while it waited for its turn; nothing was trained")
        try:
            card = run.run(self.engine(), on_progress=on_progress, cancel=cancel, gate=self.scheduler())
        finally:
            if job is not None:
                self.trainings.done(job)
        learner.adapter = safe_adapter_name(name)
        return card, folder

    # -- scenarios (the app's Compare source and Evaluate tab) ---------------------------

    def embedder(self):
        """The embedder, loaded once (indexes of the workspace and of scenarios share it)."""
        with self._embedder_lock:
            if self._embedder is None:
                from ..knowledge.retrieval import Embedder

                self._embedder = Embedder.load(self.config.retrieval.embedder)
            return self._embedder

    def scenario_index(self, scenario):
        """An in-memory index of a scenario's documents, built once per scenario."""
        with self._scenario_lock:
            if scenario.id not in self._scenario_indexes:
                from ..knowledge.documents import read_folder
                from ..knowledge.index import DocumentIndex

                documents, _ = read_folder(scenario.docs, max_file_mb=self.config.retrieval.max_file_mb)
                self._scenario_indexes[scenario.id] = DocumentIndex.build(documents, self.embedder(), self.config.retrieval)
            return self._scenario_indexes[scenario.id]

    def evaluate(
        self, scenario, specs: Sequence[ColumnSpec], experiment: str = "scoreboard", limit: int | None = None,
        max_new_tokens: int | None = None, on_item=None, *, learner: LearnerSession, out: Path | None = None,
        adapter_seconds: float | None = None,
    ):
        """A scenario's scoreboard (or experiment) on the one engine, with `learner`'s adapter for the lora columns.

        The app's Evaluate tab and `studio eval` both run here. `out` is a run folder (the
        CLI's `--out`): each finished item is recorded there at once, and a rerun resumes from it;
        `adapter_seconds` is what training that adapter took, for the report's cost line.
        """
        from ..lesson.evaluate import EvalPlan, evaluate

        if limit:
            scenario = replace(scenario, items=scenario.items[: int(limit)])
        check_columns(specs, self.supplies(learner, scenario))
        generation = self.config.generation if max_new_tokens is None else replace(self.config.generation, max_new_tokens=max_new_tokens)
        EvalPlan(scenario, tuple(specs), experiment)  # checks the experiment before anything loads
        specs = self.resolve_columns(specs, learner)
        plan = EvalPlan(scenario, specs, experiment, self.config.retrieval.top_k, out)
        engine = self.engine()
        index = self.scenario_index(scenario) if plan.needs_index else None
        # fact-update calls index.updated, which returns a new index: the cached one keeps last week's documents.
        adapter = self.adapter_for(learner) if any(s.kind.adapter and not s.adapter for s in specs) else None
        # Through the scheduler: its items share batches with learners' questions and run between a training's steps.
        report = evaluate(engine, plan, index, adapter, generation, self.config.retrieval, adapter_seconds, on_item, decode=self.scheduler().generate)
        return report

    # -- the class's record and its rounds (the app's Class and Instructor tabs) ---------

    @property
    def store(self):
        """The class's SQLite record under STUDIO_HOME, opened (and upgraded) on first use."""
        from .store import STORE_FILE, Store

        with self._store_lock:
            if self._store is None:
                self._store = Store.open(self.config.paths.home / STORE_FILE)
            return self._store

    @property
    def classroom(self):
        """The class's predict-then-reveal rounds, over the store."""
        from .rounds import Classroom

        with self._store_lock:
            if self._classroom is None:
                self._classroom = Classroom(self.store)
            return self._classroom

    def remember_question(
        self, learner: LearnerSession, question: str, source: str, comparison: Comparison,
        expected: str | None = None, marks: dict | None = None,
    ) -> None:
        """Keep a learner's question and every column's answer with its provenance (their lab report's),
        and for a scenario's item the expected answer and whether each column got it right."""
        columns = []
        for column in comparison.columns:
            entry = column.to_dict(prompt=False)
            if marks and column.label in marks:
                entry |= {"right": marks[column.label], "expected": expected}
            columns.append(entry)
        self.store.record_question(learner.owner, question, source, columns)

    def remember_training(self, learner: LearnerSession, adapter: str, outcome: str, card=None) -> None:
        self.store.record_training(learner.owner, adapter, outcome, card.to_dict() if card is not None else None)

    def remember_evaluation(self, learner: LearnerSession, report) -> None:
        """Keep a learner's scoreboard (not its per-item records, which their report does not show)."""
        self.store.record_evaluation(learner.owner, report.scenario, report.experiment, {k: v for k, v in report.to_dict().items() if k != "items"})

    def class_columns(self, scenario=None) -> tuple[ColumnSpec, ...]:
        """The columns of a class question (and of Compare when a scenario is picked): the ones the
        scenario suggests (a lora:NAME among them once the registry holds NAME), else its defaults
        with its prepared adapter; without a scenario the app's defaults."""
        from ..lesson.columns import parse_columns
        from ..lesson.evaluate import default_columns

        if scenario is None:
            return self.default_columns()
        if scenario.columns:
            suggested = []
            for spec in parse_columns(scenario.columns):
                try:
                    if spec.adapter:
                        self.adapter_folder_of(spec.adapter, self.class_learner)
                    suggested.append(spec)
                except StudioError:  # not trained on this machine yet: `studio workshop prepare --scenarios NAME`
                    continue
            return tuple(suggested)
        specs = list(default_columns(scenario, has_adapter=False))
        try:
            self.adapter_folder_of(scenario.id, self.class_learner)  # `studio workshop prepare` trained it
            specs.append(ColumnSpec(KINDS["lora"], scenario.id))
        except StudioError:
            if self.adapter_folder is not None:
                specs.append(ColumnSpec(KINDS["lora"]))
        return tuple(specs)

    def ask_class(self, question: str, scenario=None, columns: Sequence[ColumnSpec] | None = None, run=None):
        """Open the class's question of the moment and answer it in every column now, hidden until revealed.

        With a `scenario`, `question` is one of its items (its id, its number from 1, or its exact
        text) and each column is checked as evaluation checks it; a free question is not checked,
        so only the columns' answers are revealed. `run` does the model's part (`class_answers`;
        the app passes it wrapped for a ZeroGPU call) and the store is written here, outside it.
        """
        item = find_item(scenario, question) if scenario is not None else None
        text = item.question if item is not None else question
        specs = tuple(columns) if columns else self.class_columns(scenario)
        skipped = self.unavailable(specs, self.class_learner, scenario)
        runnable = tuple(spec for spec in specs if spec.label not in skipped)
        if not runnable:
            first = next(iter(skipped))
            raise StudioError(f"the class question cannot be answered: column {first} {skipped[first]}")
        outcome = (run or self.class_answers)(text, runnable, scenario, item)
        outcome["verdict"] += "".join(f" Column {label} did not run: {why}." for label, why in skipped.items())
        opened = self.classroom.open(
            text, tuple(spec.label for spec in runnable), scenario.id if scenario else None, item.id if item else None, item.kind if item else None
        )
        return self.classroom.answered(opened, outcome)

    def class_answers(self, text: str, specs: Sequence[ColumnSpec], scenario=None, item=None) -> dict:
        """Every column's answer to a class question, checked when it is a scenario's item."""
        from ..lesson.evaluate import judge

        comparison = self.compare(text, specs, scenario=scenario, learner=self.class_learner)
        answers, right, wrong = [], [], []
        for column in comparison.columns:
            answer = column.to_dict(prompt=False)
            if item is not None:
                answer["right"], results = judge(item, column.text, scenario.folder)
                answer["checks"] = [r.to_dict() for r in results]
                (right if answer["right"] else wrong).append(column.label)
            answers.append(answer)
        if item is not None:
            said = f"Right: {', '.join(right) or 'no column'}. Wrong: {', '.join(wrong) or 'none'}. It was a {item.kind} question."
        else:
            said = "A free question has no checks: compare the answers yourselves."
        outcome = {"columns": answers, "checked": item is not None, "verdict": said}
        if item is not None and item.reference:
            outcome["expected"] = item.reference
        return outcome

    def mark_answers(self, comparison: Comparison, scenario, question: str) -> tuple[str | None, dict[str, bool]]:
        """(the expected answer, label -> right) when `question` is one of `scenario`'s items, checked
        as evaluation checks them; (None, {}) for a question of one's own."""
        from ..lesson.evaluate import judge

        item = scenario.item_asked(question) if scenario is not None else None
        if item is None:
            return None, {}
        return item.reference or None, {c.label: judge(item, c.text, scenario.folder)[0] for c in comparison.columns}

    def next_class_question(self, run=None):
        """The next item of the current class question's scenario, with the same columns."""
        from ..lesson.scenarios import load_scenario

        current = self.classroom.current()
        if current is None or current.scenario is None or current.item is None:
            raise StudioError("the class question is not a scenario's item, so it has no next one: set the next question")
        scenario = load_scenario(current.scenario, allow_paths=False)
        ids = [item.id for item in scenario.items]
        place = ids.index(current.item) + 1 if current.item in ids else len(ids)
        if place >= len(ids):
            raise StudioError(f"that was the last item of {scenario.id}: set another question or scenario")
        from ..lesson.columns import parse_columns

        return self.ask_class(ids[place], scenario, parse_columns(list(current.columns), "the class question's columns"), run)


def find_item(scenario, ref: str):
    """A scenario's item by its id, its number (from 1) or its exact question; StudioError naming a few."""
    ref = ref.strip() if isinstance(ref, str) else ""
    for item in scenario.items:
        if ref in (item.id, item.question.strip()):
            return item
    if ref.isdigit() and 1 <= int(ref) <= len(scenario.items):
        return scenario.items[int(ref) - 1]
    first = ", ".join(item.id for item in scenario.items[:5])
    raise StudioError(
        f"scenario {scenario.id} has no item {ref[:60]!r}: give an item id (e.g. {first}), a number from 1 to {len(scenario.items)} or an item's exact question"
    )
