"""Benchmark: the best RAG knowledge score an extractive reader could reach on a scenario pack.

A RAG column's knowledge score is capped by what the passages hold and by what the reader
copies out of them. For every knowledge question of a pack (and its paraphrase), with the
studio's own index and retriever, this counts how often the facts a right answer must state
are in:

- the top-k passages (what the "facts in passages" column of the scoreboard shows);
- the top passage alone (a reader that quotes passage [1] whole);
- the first N characters of the top passage (a reader that quotes [1] up to its token limit);
- the one sentence of the top-k passages sharing the most words with the question (a reader
  that picks its span by word overlap, as a model with no grasp of paraphrase would).

These are ceilings, not a model's score: a reader that is not better than word overlap at
choosing its span cannot score above the last line. Always exits 0: it measures.

Run:  python benchmarks/reader_ceiling.py [--scenario lumenfold-handbook] [--k 3] [--chunk-size 800] [--chars 400]
"""

from __future__ import annotations

import argparse
import re
import sys

from studio.quiet import quiet_libraries

STOPWORDS = frozenset(
    "the and for what how our can does with you your are this that get has have any which when who will one from "
    "there was its into about would should could much many".split()
)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", default="lumenfold-handbook", help="a pack with knowledge questions")
    parser.add_argument("--k", type=int, default=3, help="passages retrieved per question")
    parser.add_argument("--chunk-size", type=int, default=800, help="the index's chunk size in characters")
    parser.add_argument("--chars", type=int, default=400, help="how much of the top passage a length-limited reader quotes")
    parser.add_argument("--hybrid", action="store_true", help="dense + BM25 ranking")
    return parser.parse_args(argv)


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2 and w not in STOPWORDS}


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def main(argv=None) -> int:
    args = parse_args(argv)
    quiet_libraries()
    from studio.config import RetrievalConfig
    from studio.knowledge.documents import read_folder
    from studio.lesson.evaluate import facts_in
    from studio.knowledge.index import DocumentIndex
    from studio.knowledge.retrieval import Embedder
    from studio.lesson.scenarios import load_scenario

    scenario = load_scenario(args.scenario)
    config = RetrievalConfig(chunk_size=args.chunk_size, overlap=min(RetrievalConfig().overlap, args.chunk_size // 4))
    documents, _ = read_folder(scenario.docs)
    index = DocumentIndex.build(documents, Embedder.load(config.embedder), config)  # the default falls back to the offline copy
    counts = {"top-k passages": 0, "top passage whole": 0, f"top passage, first {args.chars} chars": 0, "best word-overlap sentence": 0}
    asked = 0
    for item in scenario.items:
        if item.kind != "knowledge":
            continue
        for question in filter(None, (item.question, item.paraphrase)):
            hits = index.search(question, args.k, hybrid=args.hybrid)
            if not hits:
                continue
            asked += 1
            words = content_words(question)
            best = max((s for h in hits for s in sentences(h.text)), key=lambda s: len(words & content_words(s)))
            for name, text in zip(counts, ("\n".join(h.text for h in hits), hits[0].text, hits[0].text[: args.chars], best)):
                counts[name] += bool(facts_in(text, item, scenario.folder))
    print(f"{scenario.id}: {asked} knowledge questions and paraphrases, top-{args.k} passages of {args.chunk_size}-character chunks"
          f"{' (hybrid)' if args.hybrid else ''}; the facts a right answer must state are in")
    for name, count in counts.items():
        print(f"  {name:<34} {count / max(asked, 1):6.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
