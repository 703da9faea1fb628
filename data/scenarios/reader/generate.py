#!/usr/bin/env python3
"""How train.jsonl, eval.jsonl and docs/ of the reader pack were first made.

The shipped files are the source of truth; this generator is how they were first made, and
rerunning it reproduces them only while CPython's `random` gives the same sequence for a seed
(the opt-in `generators` tier checks that).

The pack teaches reading, not facts (RAFT, Zhang et al. 2024): every training example is a
question about an invented place (a ferry company, a museum, a bakery ... nine domains in
pools.json, none of them a bundled pack's) with numbered facts in exactly the form the studio's
focused RAG columns hand a model (`studio.lesson.prompts.focused_user_message`, table rows written out
as `studio.knowledge.focus.table_row_text` writes them): the fact that answers, among distractors that
look like it (the same attribute of another entity, another attribute of the same entity, facts
from another place). The answer copies the fact and cites its number. In about one example in
seven the fact that answers is left out, and the answer says the facts do not say. Every example
draws its place's values afresh, so an adapter cannot learn them: only how to find them.

eval.jsonl asks about a tenth domain kept out of training (a heritage railway, docs/), so
`studio eval --scenario reader --modes base,rag,lora:reader,lora+rag:reader` shows on unseen
text what the adapter adds to retrieval, and what it knows alone (nothing).

Run: python generate.py   (from any directory; needs the studio package importable)
"""
from __future__ import annotations

import re
from pathlib import Path

from studio import packgen
from studio.knowledge.focus import table_row_text
from studio.lesson.packgen import PackRandom
from studio.lesson.prompts import focused_user_message
from studio.knowledge.retrieval import Hit

HERE = Path(__file__).resolve().parent
POOLS = packgen.load_pools(HERE)
TRAIN_SEED = 20_261_207
EVAL_SEED = 31_415
N_TRAIN = 800
# Examples whose passages are all about another place: the answer is that the facts do not say.
# Few, and never near misses: an adapter taught to refuse whenever the wording differs from the
# question refused nearly every question of a real handbook (measured: 3% knowledge).
MISSING_SHARE = 0.05
CONTEXT_SHARE = 0.4  # questions that start with a sentence of the asker's situation, as customers write
FILLER_SHARE = 0.5  # passages with a sentence that states no fact, as real pages have
OWN_SYSTEM_SHARE = 0.3  # examples that keep this pack's system prompt; the rest get a persona


# -- values --------------------------------------------------------------------------------------


def draw_value(rng: PackRandom, kind: str, domain: dict) -> str:
    """A fresh value of one kind, written as the handbooks write them."""
    if kind == "price":
        return f"{rng.randint(2, 480)}.{rng.choice(('00', '50', '90', '95', '20', '75', '40'))} euros"
    if kind == "clock":
        return f"{rng.randint(6, 20):02d}:{rng.choice(('00', '10', '15', '20', '30', '40', '45', '50'))}"
    if kind == "minutes":
        return f"{rng.randint(8, 150)} minutes"
    if kind == "hours":
        return f"{rng.choice((12, 24, 36, 48, 72))} hours"
    if kind == "days":
        return f"{rng.randint(2, 45)} days"
    if kind == "weeks":
        return f"{rng.randint(4, 16)} weeks"
    if kind == "count":
        return str(rng.randint(2, 60))
    if kind == "percent":
        return f"{rng.randint(5, 40)} percent"
    if kind == "uptime":
        return f"{rng.choice(('99.9', '99.5', '99.95', '98.5', '99.8', '97'))} percent"
    if kind == "person":
        return rng.choice(POOLS["people"])
    if kind == "phone":
        return f"+32 {rng.randint(2, 9)} {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
    if kind == "email":
        return f"{rng.choice(('desk', 'hello', 'members', 'bookings', 'plans'))}@{domain['id']}.example"
    if kind == "code":
        return f"{rng.choice(POOLS['codes'])}-{rng.randint(100, 999)}"
    if kind == "grams":
        return f"{rng.randrange(400, 1600, 50)} grams"
    if kind == "metres":
        return f"{rng.randint(20, 900)} metres"
    if kind == "weekdays":
        return rng.choice(POOLS["weekdays"])
    raise ValueError(f"no value kind {kind!r}")


def draw_world(rng: PackRandom, domain: dict) -> dict:
    """Every (entity, attribute) of a domain with a value, drawn once for one example's world."""
    used: dict[int, set] = {}
    world = {}
    for a, attribute in enumerate(domain["attributes"]):
        for entity in domain["entities"]:
            value = draw_value(rng, attribute["kind"], domain)
            for _ in range(20):  # two entities with one value would make a question ambiguous
                if value not in used.setdefault(a, set()):
                    break
                value = draw_value(rng, attribute["kind"], domain)
            used[a].add(value)
            world[entity, a] = value
    return world


# -- units: sentences and written-out table rows ---------------------------------------------------


def articles(text: str) -> str:
    """'a interlibrary request' -> 'an interlibrary request'."""
    return re.sub(r"\b([Aa]) (?=[aeiouAEIOU])", r"\1n ", text)


def sentence(rng: PackRandom, domain: dict, world: dict, entity: str, a: int) -> str:
    text = articles(rng.fill_choice(domain["attributes"][a]["sentence"], entity=entity, value=world[entity, a]))
    return text[0].upper() + text[1:]


def attribute_row(domain: dict, world: dict, a: int, entities: list[str]) -> str:
    """One attribute across entities, as a table row written out: 'Price — A: x; B: y'."""
    return table_row_text([""] + entities, [domain["attributes"][a]["row"]] + [world[e, a] for e in entities])


def entity_row(domain: dict, world: dict, entity: str, attributes: list[int]) -> str:
    """One entity across attributes: 'Route Harbour Line — Single fare: x; Crossing time: y'."""
    return table_row_text([domain["header"]] + [domain["attributes"][a]["row"] for a in attributes], [entity] + [world[entity, a] for a in attributes])


def golden_unit(rng: PackRandom, domain: dict, world: dict, entity: str, a: int) -> str:
    """The unit that states the fact: a sentence, or a table row holding it among its neighbours."""
    roll = rng.random()
    if roll < 0.55:
        return sentence(rng, domain, world, entity, a)
    if roll < 0.8:
        others = rng.sample([e for e in domain["entities"] if e != entity], rng.randint(1, 3))
        row = [entity] + others
        rng.shuffle(row)
        return attribute_row(domain, world, a, row)
    others = rng.sample([i for i in range(len(domain["attributes"])) if i != a], rng.randint(1, 2))
    columns = [a] + others
    rng.shuffle(columns)
    return entity_row(domain, world, entity, columns)


def distractor_units(rng: PackRandom, domain: dict, world: dict, entity: str, a: int, count: int) -> list[str]:
    """Units that look like the answer and are not: the attribute of other entities, other attributes of the entity."""
    pool = [(e, a) for e in domain["entities"] if e != entity] + [(entity, i) for i in range(len(domain["attributes"])) if i != a]
    return [sentence(rng, domain, world, e, i) for e, i in rng.sample(pool, count)]


def other_domain_units(rng: PackRandom, domain: dict, count: int) -> tuple[str, list[str]]:
    """A passage from another place: its document name and a few of its units."""
    other = rng.choice([d for d in POOLS["domains"] if d["id"] != domain["id"]])
    world = draw_world(rng, other)
    picks = rng.sample([(e, i) for e in other["entities"] for i in range(len(other["attributes"]))], count)
    return other["doc"], [sentence(rng, other, world, e, i) for e, i in picks]


# -- one example ---------------------------------------------------------------------------------------


def question_text(rng: PackRandom, attribute: dict, entity: str) -> str:
    question = articles(rng.fill_choice(attribute["question"], entity=entity))
    opener = rng.choice(POOLS["instruction_question_openers"])
    question = opener + (question[0].lower() + question[1:] if opener and not re.match(r"[A-Z][a-z]+ [A-Z]", question) else question)
    return rng.choice(POOLS["question_contexts"]) + question if rng.chance(CONTEXT_SHARE) else question


def example(rng: PackRandom) -> dict:
    domain = rng.choice(POOLS["domains"])
    world = draw_world(rng, domain)
    entity = rng.choice(domain["entities"])
    a = rng.randrange(len(domain["attributes"]))
    attribute = domain["attributes"][a]
    missing = rng.chance(MISSING_SHARE)
    passages: list[tuple[str, list[str]]] = []
    if missing:  # every passage from elsewhere
        for _ in range(rng.randint(2, 4)):
            passages.append(other_domain_units(rng, domain, rng.randint(1, 2)))
    else:
        near = distractor_units(rng, domain, world, entity, a, rng.randint(2, 4))
        golden = [golden_unit(rng, domain, world, entity, a)]
        if near and rng.chance(0.6):  # its neighbours in the document, as a focused window keeps them
            golden.insert(rng.randint(0, 1), near.pop())
        passages.append((domain["doc"], golden))
        while near:
            take = rng.randint(1, min(2, len(near)))
            passages.append((domain["doc"], near[:take]))
            near = near[take:]
        for _ in range(rng.randint(0, 2)):
            passages.append(other_domain_units(rng, domain, rng.randint(1, 2)))
    passages = passages[:5]
    for _, units in passages:
        if rng.chance(FILLER_SHARE):
            units.insert(rng.randint(0, len(units)), rng.choice(POOLS["filler"]))
    order = list(range(len(passages)))
    rng.shuffle(order)
    hits = [Hit(passages[i][0], " ".join(passages[i][1]), 0.5, f"{passages[i][0]}#{n}") for n, i in enumerate(order)]
    question = question_text(rng, attribute, entity)
    if missing:
        answer = f"The facts do not say {rng.fill_choice([attribute['unknown']], entity=entity)}."
    else:
        number = order.index(0) + 1
        answer = f"{articles(rng.fill_choice(attribute['answer'], entity=entity, value=world[entity, a]))} [{number}]."
        answer = answer[0].upper() + answer[1:]
    # Often another pack's kind of system prompt (a persona), so the skill does not hinge on one
    # wording; the column serves the most common one (the card's frame), this pack's own.
    system = packgen.system_prompt(HERE) if rng.chance(OWN_SYSTEM_SHARE) else rng.choice(POOLS["personas"]).format(title=domain["title"])
    return {
        "messages": [
            {"role": "system", "content": system},
            {"role": "user", "content": focused_user_message(question, hits)},
            {"role": "assistant", "content": answer},
        ]
    }


# -- the held-out domain: documents and questions ----------------------------------------------------


def heldout_files(rng: PackRandom) -> tuple[str, list[dict]]:
    """The railway's handbook page (markdown, a table and a section per train) and one question per fact."""
    domain = POOLS["heldout"]
    world = draw_world(rng, domain)
    attributes = list(range(len(domain["attributes"])))
    lines = [f"# {domain['title']}", "", "Heritage steam and diesel trains through the orchards, from Orchard Halt to Cider Mill.", ""]
    lines += ["## Timetable and fares", "", "| | " + " | ".join(domain["entities"]) + " |", "|---|" + "---|" * len(domain["entities"])]
    for a in attributes[:3]:
        lines.append(f"| {domain['attributes'][a]['row']} | " + " | ".join(world[e, a] for e in domain["entities"]) + " |")
    for entity in domain["entities"]:
        lines += ["", f"## The {entity}", ""]
        lines.append(" ".join(sentence(rng, domain, world, entity, a) for a in attributes))
    items = []
    for entity in domain["entities"]:
        for a in attributes:
            attribute = domain["attributes"][a]
            slug = re.sub(r"[^a-z0-9]+", "-", f"{entity} {attribute['row']}".lower()).strip("-")
            value = world[entity, a]
            items.append(
                {
                    "id": slug,
                    "kind": "knowledge",
                    "question": rng.fill_choice(attribute["question"], entity=entity),
                    "checks": [{"type": "fact", "value": value}],
                    "reference": rng.fill_choice(attribute["answer"], entity=entity, value=value) + ".",
                    "paraphrase": rng.fill_choice(attribute["paraphrase"], entity=entity),
                }
            )
    return "\n".join(lines) + "\n", items


def main() -> None:
    train_rng = PackRandom(TRAIN_SEED)
    packgen.write_jsonl(HERE / "train.jsonl", (example(train_rng) for _ in range(N_TRAIN)))
    document, items = heldout_files(PackRandom(EVAL_SEED))
    (HERE / "docs").mkdir(exist_ok=True)
    (HERE / "docs" / POOLS["heldout"]["doc"]).write_text(document, encoding="utf-8", newline="\n")
    packgen.write_jsonl(HERE / "eval.jsonl", items)
    print(f"wrote {N_TRAIN} training examples, {len(items)} held-out questions and docs/{POOLS['heldout']['doc']}")


if __name__ == "__main__":
    main()
