"""How train.jsonl and eval.jsonl of the support-replies scenario were first made.

The shipped train.jsonl and eval.jsonl are the source of truth; this generator is how they were
first made. Rerunning it reproduces them byte for byte only while CPython's `random` gives the
same sequence for a seed, so that check is the opt-in `generators` test tier
(`pytest -m generators`).

Run `python generate.py` from anywhere (with the studio package importable): the files are
written next to this script. The training set and the evaluation set come from two
separately seeded random streams (TRAIN_SEED and EVAL_SEED).

Design
- Every reply uses the Brightwell house format:

      Hi <first name or "there">,

      <1-3 sentences answering, stating the policy fact>

      Policy: <document title>, section <n>
      — Brightwell Care

- The training replies teach the format and the voice. They state facts from docs/,
  but never the facts the evaluation asks about (eval_knowledge in pools.json), so the
  adapter is not the source of the evaluation facts: retrieval has to supply them.
- Customer messages are assembled from hand-written fragments (greetings, context,
  question phrasings, closers, sign-offs; all in pools.json) in several layouts, with
  occasional typos.
- Evaluation items are hand-written question/paraphrase pairs, wrapped with their own
  random greetings and sign-offs from the evaluation stream.
"""

from __future__ import annotations

import re
from pathlib import Path

from studio import packgen
from studio.lesson.packgen import PackRandom

HERE = Path(__file__).resolve().parent
POOLS = packgen.load_pools(HERE)
TRAIN_SEED = 20240611
EVAL_SEED = 97130355
TRAIN_TARGET = 340

SIGN = "— Brightwell Care"
FORMAT_PATTERN = r"^Hi [^\n,]+,\n\n[^\n]+\n\nPolicy: [^\n]+, section \d+\n— Brightwell Care\s*$"


def read_titles() -> dict[str, tuple[str, set[int]]]:
    """file name -> (document title, section numbers), read from docs/."""
    titles = {}
    for path in sorted((HERE / "docs").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        title = re.search(r"^# (.+)$", text, re.M).group(1).strip()
        sections = {int(n) for n in re.findall(r"^## (\d+)\. ", text, re.M)}
        titles[path.name] = (title, sections)
    return titles


# --------------------------------------------------------------------------------------
# Training facts: {doc, section, customer question phrasings, reply sentences}.
# None of these replies states a value that the evaluation asks about.
# Situations: whole messages with their own tone (no extra context is added).
# --------------------------------------------------------------------------------------

TRAIN_FACTS = POOLS["train_facts"]
TRAIN_SITUATIONS = POOLS["train_situations"]

# --------------------------------------------------------------------------------------
# Message fragments
# --------------------------------------------------------------------------------------

FIRST_NAMES = POOLS["first_names"]
LAST_NAMES = POOLS["last_names"]
SIGNOFFS = POOLS["signoffs"]
NONAME_SIGNOFFS = POOLS["noname_signoffs"]
# Context sentences are [text, tone] pairs; tone: neutral, upset, urgent, happy or new.
GENERIC_CONTEXTS = POOLS["generic_contexts"]
DOC_CONTEXTS = POOLS["doc_contexts"]
OPENERS = POOLS["openers"]  # by tone; null: no opener
FOLLOWUPS = POOLS["followups"]


def sentences(text: str) -> int:
    return len([s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s])


def typo(rng: PackRandom, text: str) -> str:
    """One realistic slip: swapped or dropped letter, all lower case, lost apostrophes, doubled letter."""
    kind = rng.choice(["swap", "drop", "lower", "apostrophe", "double", "i"])
    if kind == "lower":
        return text.lower()
    if kind == "apostrophe":
        return text.replace("'", "")
    if kind == "i":
        return re.sub(r"\bI\b", "i", text)
    words = [m for m in re.finditer(r"[A-Za-z]{5,}", text)]
    if not words:
        return text
    m = rng.choice(words)
    w = m.group(0)
    j = rng.randrange(1, len(w) - 2)
    return text[:m.start()] + packgen.misspell(w, j, kind) + text[m.end():]


def pick_person(rng: PackRandom, noname_rate: float = 0.25):
    if rng.chance(noname_rate):
        return None, None
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def other_name(rng: PackRandom, first: str | None) -> str:
    while True:
        name = rng.choice(FIRST_NAMES)
        if name != first:
            return name


def signoff(rng: PackRandom, first, last, styles=None) -> str:
    if first is None:
        return rng.choice(NONAME_SIGNOFFS)
    return rng.fill_choice(styles or SIGNOFFS, first=first, last=last)


def compose(rng: PackRandom, doc: str, question: str, first, last, with_context: bool = True):
    """A customer message around one question; returns (message, tone, first name or None)."""
    tone = "neutral"
    context = None
    if with_context and rng.chance(0.7):
        pool = DOC_CONTEXTS[doc] * 2 + GENERIC_CONTEXTS
        context, tone = rng.choice(pool)
        context = packgen.fill(context, {"other": other_name(rng, first)})
    closer = rng.choice(POOLS["closers"]) if rng.chance(0.45) else None
    intro = None
    use_intro = first is not None and rng.chance(0.2)
    if use_intro:
        intro = rng.fill_choice(POOLS["intros"], first=first, last=last)
    layout = rng.choice(["email", "email", "oneline", "paragraphs", "subject", "after", "chat"])
    if context is None and layout == "paragraphs":
        layout = "email"

    if layout == "oneline":
        body = question if rng.chance(0.5) else question.rstrip("?.!").lower()
        text = " ".join(p for p in (context, body) if p)
        if rng.chance(0.3):
            text = typo(rng, text)
        if intro:
            text = intro + " " + text
        elif first and rng.chance(0.8):
            # short messages: the sign-off sits on the same line or the next
            text += rng.choice([" - ", "\n", " thanks, ", "\n\n"]) + first
        else:
            first = None
        return text, tone, first

    greeting = rng.choice(POOLS["greetings"]) if rng.chance(0.85) else None
    if layout == "after":
        core = " ".join(p for p in (question, context) if p)
    elif layout == "chat":
        core = " ".join(p for p in (context, question) if p)
        greeting = rng.choice(POOLS["chat_greetings"])
    else:
        core = " ".join(p for p in (context, question) if p)
    if layout == "paragraphs":
        core = context + "\n\n" + question
    if closer and layout != "chat":
        core = core + ("\n\n" if rng.chance(0.5) else " ") + closer
    if rng.chance(0.25):
        core = typo(rng, core)
    if intro:
        core = intro + " " + core
    blocks = []
    if layout == "subject":
        blocks.append("Subject: " + rng.choice(POOLS["subjects"][doc]))
    if greeting:
        blocks.append(greeting)
    blocks.append(core)
    sign = "" if use_intro and rng.chance(0.6) else signoff(rng, first, last)
    if sign:
        blocks.append(sign)
    sep = "\n" if layout == "chat" else "\n\n"
    return sep.join(blocks), tone, first


def reply(first, body: str, doc: str, section: int, titles) -> str:
    title, sections = titles[doc]
    assert section in sections, (doc, section)
    name = first or "there"
    return f"Hi {name},\n\n{body}\n\nPolicy: {title}, section {section}\n{SIGN}"


def train_body(rng: PackRandom, answer: str, tone: str, situation: bool) -> str:
    parts = []
    if not situation:
        opener = rng.choice(OPENERS[tone])
        if opener:
            parts.append(opener)
    parts.append(answer)
    follow = rng.choice(FOLLOWUPS)
    if follow and sentences(" ".join(parts + [follow])) <= 3:
        parts.append(follow)
    while sentences(" ".join(parts)) > 3:
        parts.pop(0)
    return " ".join(parts)


def build_train(titles, system: str) -> list[dict]:
    rng = PackRandom(TRAIN_SEED)
    entries = [(f["doc"], f["section"], f["questions"], f["replies"], False) for f in TRAIN_FACTS]
    entries += [(f["doc"], f["section"], f["questions"], f["replies"], True) for f in TRAIN_SITUATIONS]
    # each entry's phrasings in its own shuffled order: every phrasing is used once before any repeats
    entries = [(doc, sec, rng.sample(qs, len(qs)), ans, situation) for doc, sec, qs, ans, situation in entries]
    examples, seen = [], set()
    round_ = 0
    while len(examples) < TRAIN_TARGET:
        batch = entries[:]
        rng.shuffle(batch)
        for doc, sec, qs, ans, situation in batch:
            if len(examples) >= TRAIN_TARGET:
                break
            q = qs[round_ % len(qs)]
            first, last = pick_person(rng)
            message, tone, first = compose(rng, doc, q, first, last, with_context=not situation)
            if message in seen:
                continue
            seen.add(message)
            body = train_body(rng, rng.choice(ans), tone, situation)
            examples.append({"messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": message},
                {"role": "assistant", "content": reply(first, body, doc, sec, titles)},
            ]})
        round_ += 1
    rng.shuffle(examples)
    return examples


# --------------------------------------------------------------------------------------
# Evaluation items. Knowledge items ask for a fact that no training reply states; the
# `update` ones ask for a fact that updates/ changes. Skill items ask for nothing the
# documents alone would decide: they measure the house format and greeting.
# eval_knowledge: {id, doc, section, fact as the document writes it, new value or null,
#                  question, paraphrase, reference body}
# eval_skill: {id, doc, section, message, name mode, reference body}; name mode: "random",
#             "none" or a fixed first name
# --------------------------------------------------------------------------------------


def wrap_eval(rng: PackRandom, core: str, first, last, typo_rate: float = 0.15) -> str:
    greeting = rng.choice(POOLS["eval_greetings"])
    if rng.chance(typo_rate):
        core = typo(rng, core)
    blocks = [b for b in (greeting, core) if b]
    sign = signoff(rng, first, last)
    if first is not None and not sign:
        sign = first
    if sign:
        blocks.append(sign)
    return "\n\n".join(blocks)


def build_eval(titles) -> list[dict]:
    rng = PackRandom(EVAL_SEED)
    items = []
    for known in POOLS["eval_knowledge"]:
        doc, sec, value, new = known["doc"], known["section"], known["fact"], known["new"]
        first, last = pick_person(rng)
        name = first or "there"
        item = {
            "id": known["id"],
            "kind": "knowledge",
            "question": wrap_eval(rng, known["question"], first, last),
            "checks": [
                {"type": "regex", "pattern": FORMAT_PATTERN, "kind": "skill"},
                {"type": "regex", "pattern": "^Hi " + re.escape(name) + ",\n", "kind": "skill"},
                {"type": "fact", "value": value, "kind": "knowledge"},
            ],
            "reference": reply(first, known["reference"], doc, sec, titles),
            "paraphrase": wrap_eval(rng, known["paraphrase"], first, last, typo_rate=0.0),
        }
        if new is not None:
            item["update"] = {"old": value, "new": new}
        items.append(item)
    for skill in POOLS["eval_skill"]:
        mode = skill["name"]
        if mode == "none":
            first, last = None, None
        elif mode == "random":
            first, last = pick_person(rng, noname_rate=0.2)
        else:
            first, last = mode, rng.choice(LAST_NAMES)
        name = first or "there"
        items.append({
            "id": skill["id"],
            "kind": "skill",
            "question": wrap_eval(rng, skill["message"], first, last),
            "checks": [
                {"type": "regex", "pattern": FORMAT_PATTERN, "kind": "skill"},
                {"type": "regex", "pattern": "^Hi " + re.escape(name) + ",\n", "kind": "skill"},
                {"type": "length", "max_words": 90, "kind": "skill"},
            ],
            "reference": reply(first, skill["reference"], skill["doc"], skill["section"], titles),
        })
    rng.shuffle(items)
    return items


def main() -> None:
    titles = read_titles()
    train = build_train(titles, packgen.system_prompt(HERE))
    evals = build_eval(titles)
    packgen.write_jsonl(HERE / "train.jsonl", train)
    packgen.write_jsonl(HERE / "eval.jsonl", evals)
    print(f"wrote {len(train)} training examples and {len(evals)} evaluation items to {HERE}")


if __name__ == "__main__":
    main()
