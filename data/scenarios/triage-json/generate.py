#!/usr/bin/env python3
"""How train.jsonl and eval.jsonl of the triage-json scenario pack were first made.

The shipped train.jsonl and eval.jsonl are the source of truth; this generator is how they were
first made. Rerunning it reproduces them byte for byte only while CPython's `random` gives the
same sequence for a seed, so that check is the opt-in `generators` test tier
(`pytest -m generators`).

Each example is one fictional customer message to Northwind Parcel and its triage record (see
docs/triage-guidelines.md and docs/categories.md for the rules the labels follow).

Messages are built from hand-written sentence fragments (in pools.json): for every situation (a
late parcel, a double charge, a jammed locker ...) there are pools of problem descriptions,
details, consequences and requests; around them come tone fragments (angry, polite, confused,
terse, casual, warm), an optional context sentence, an optional side issue, an escalation
sentence that triggers one of the guidelines' rules (perishable goods, medical supplies, a third
missed delivery, a legal threat, a request for a person), an order id in one of several places
and spellings, a channel (email, web form, app chat, app-store review) and the odd typo. The
labels are computed from those choices with the guidelines' rules, never typed by hand.

The training and evaluation sets come from two separate random streams and no message skeleton
(the sequence of fragments used) appears twice in the pack.

Run: python generate.py   (from any directory; needs the studio package importable)
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from studio import packgen
from studio.lesson.packgen import PackRandom

HERE = Path(__file__).resolve().parent
POOLS = packgen.load_pools(HERE)
TRAIN_SEED = 48_172
EVAL_SEED = 90_731
N_TRAIN = 420
N_EVAL = 60
INSTRUCTION = "Triage this customer message:"
FIELDS = ("category", "urgency", "sentiment", "order_id", "summary", "needs_human")
HIGH_ESCALATORS = {"perishable", "medical", "third", "legal"}

# --------------------------------------------------------------------------------------------
# Fill-in values. Each message draws its own values once, so one message stays consistent.
# --------------------------------------------------------------------------------------------

def fill_values(rng: PackRandom, item_pool: str) -> dict:
    low = rng.randint(3, 18)
    return {
        "day": rng.choice(POOLS["days"]),
        "days": rng.choice(POOLS["day_counts"]),
        "month": rng.choice(POOLS["months"]),
        "time": rng.choice(POOLS["times"]),
        "locker": rng.choice(POOLS["lockers"]),
        "retailer": rng.choice(POOLS["retailers"]),
        "name": rng.choice(POOLS["drivers"]),
        "agent": rng.choice(POOLS["agents"]),
        "street": rng.choice(POOLS["streets"]),
        "hub": rng.choice(POOLS["hubs"]),
        "housenum": str(rng.randint(2, 140)),
        "amount": f"£{low}.{rng.choice(['49', '99', '50', '20', '75', '00'])}",
        "amount2": f"£{low + rng.randint(4, 30)}.{rng.choice(['49', '99', '50', '10'])}",
        "bigamount": f"£{rng.choice([85, 120, 149, 230, 310, 450, 60])}",
        "tracking": " ".join(f"{rng.randint(0, 9999):04d}" for _ in range(3)),
        "retailer_ref": str(rng.randint(10_000_000, 99_999_999)),
        "item": rng.choice(POOLS["items"][item_pool]),  # general, fragile, perishable, medical
    }


# --------------------------------------------------------------------------------------------
# Situations: what the message is about, its base labels and its own fragment pools.
# A problem entry may be [text, summary] when the summary must follow that exact text.
# --------------------------------------------------------------------------------------------

TONE_WEIGHTS = POOLS["tone_weights"]  # shared tone mixes: problem, question, warm


@dataclass
class Situation:
    key: str
    category: str
    urgency: str             # base urgency, before escalators
    needs_human: bool        # base needs_human, before escalators
    problems: list
    details: list
    consequences: list
    requests: list
    summaries: list
    items: str = "general"
    escalators: tuple = ()   # perishable, medical, third, legal, human
    tones: str | dict = "problem"  # a TONE_WEIGHTS name, or the situation's own weights
    counts: tuple = ()       # "second time" sentences (missed deliveries)
    parcel: bool = True      # the message is about a parcel (order ids, tracking numbers, context)
    review: bool = False     # may arrive as an app-store review
    oid_rate: float = 0.72
    weight: int = 1          # how often it comes round in the plan
    esc_boost: float = 1.0   # multiplies the escalation rate
    esc_weights: dict = None  # overrides ESCALATOR_WEIGHTS for this situation
    extras: bool = True      # context sentences and side issues make sense

    def __post_init__(self):
        if isinstance(self.tones, str):
            self.tones = TONE_WEIGHTS[self.tones]


SITUATIONS = [Situation(**entry) for entry in POOLS["situations"]]

# --------------------------------------------------------------------------------------------
# Escalators: one sentence that triggers a guidelines rule.
# --------------------------------------------------------------------------------------------

ESCALATION = POOLS["escalation"]
HUMAN_SOFT = POOLS["human_soft"]  # a request for a person on a low-urgency message
ESCALATION_SUMMARY = POOLS["escalation_summary"]
ESCALATOR_WEIGHTS = POOLS["escalator_weights"]

# --------------------------------------------------------------------------------------------
# Tone fragments. A closer starting with "~" is too relaxed for an urgent or escalated message.
# --------------------------------------------------------------------------------------------

OPENERS = POOLS["openers"]
MIDDLES = POOLS["middles"]
CLOSERS = POOLS["closers"]
CONTEXT_ANY = POOLS["context_any"]
CONTEXT_PARCEL = POOLS["context_parcel"]


class SideIssue(NamedTuple):
    """Mild ones are questions or small requests; the category of the message never comes from
    the side issue."""
    category: str
    text: str
    summary: str   # appended to the summary when it fits
    mild: bool
    praise: bool


SECONDARY = [SideIssue(**issue) for issue in POOLS["side_issues"]]

NAMES = POOLS["names"]
ID_SENTENCES = POOLS["id_sentences"]
NOT_ID_SENTENCES = POOLS["not_id_sentences"]  # a number that is not an order id: tracking, retailer's

# --------------------------------------------------------------------------------------------
# Composition
# --------------------------------------------------------------------------------------------

def weighted(rng: PackRandom, weights: dict) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


class Skeleton:
    """Picks fragments and records which ones, so no skeleton is used twice."""

    def __init__(self, rng: PackRandom):
        self.rng = rng
        self.parts: list[tuple] = []

    def pick(self, slot: str, pool: list, exclude: set | None = None):
        idxs = [i for i in range(len(pool)) if not exclude or i not in exclude]
        i = self.rng.choice(idxs)
        self.parts.append((slot, i))
        return i, pool[i]

    def note(self, *what):
        self.parts.append(what)

    def key(self) -> tuple:
        return tuple(self.parts)


def typo_word(rng: PackRandom, word: str) -> str:
    letters = re.match(r"^([A-Za-z]+)(.*)$", word)
    if not letters or len(letters.group(1)) < 4:
        return word
    w, rest = letters.group(1), letters.group(2)
    i = rng.randrange(1, len(w) - 2)
    return packgen.misspell(w, i, rng.choice(["swap", "drop", "double"])) + rest


def add_typos(rng: PackRandom, sentence: str, n: int) -> str:
    words = sentence.split(" ")
    candidates = [i for i, w in enumerate(words)
                  if re.match(r"^[a-z]{4,}[,.!?]?$", w) and "NW" not in w.upper()[:2]]
    for i in rng.sample(candidates, min(n, len(candidates))):
        words[i] = typo_word(rng, words[i])
    out = " ".join(words)
    if rng.chance(0.5):
        out = (out.replace("don't", "dont").replace("can't", "cant").replace("I'm", "Im")
               .replace("it's", "its").replace("haven't", "havent").replace("didn't", "didnt"))
    return out


def format_oid(rng: PackRandom, number: str, sk: Skeleton) -> str:
    style = weighted(rng, {"canonical": 0.84, "lower": 0.09, "nohyphen": 0.07})
    sk.note("oid", style)
    return {"canonical": f"NW-{number}", "lower": f"nw-{number}", "nohyphen": f"NW{number}"}[style]


def compose(rng: PackRandom, sit: Situation, esc_rate: float) -> tuple[str, dict, Skeleton, dict]:
    sk = Skeleton(rng)
    sk.note("sit", sit.key)

    # --- what the message is: tone, escalator, side issue, length, channel
    esc = None
    if sit.escalators and rng.chance(esc_rate * sit.esc_boost):
        esc = weighted(rng, {e: (sit.esc_weights or {}).get(e, ESCALATOR_WEIGHTS[e])
                             for e in sit.escalators})
        if esc == "human" and rng.chance(0.45):
            esc = None  # asking for a person is common enough already
    tone = weighted(rng, sit.tones)
    if esc == "legal":
        tone = "angry"
    sk.note("tone", tone, "esc", esc)

    urgency = "high" if (sit.urgency == "high" or esc in HIGH_ESCALATORS) else sit.urgency
    item_pool = sit.items
    if esc in ("perishable", "medical"):
        item_pool = esc
    values = fill_values(rng, item_pool)

    length = weighted(rng, {"short": 1.0, "medium": 1.4, "long": 1.1} if tone != "terse"
                      else {"short": 3.0, "medium": 1.0, "long": 0.15})
    channels = {"email": 4.0, "form": 2.0, "chat": 2.5}
    if sit.review and tone in ("angry", "warm", "polite", "confused"):
        channels["review"] = 1.6
    if tone == "terse":
        channels = {"form": 2.0, "chat": 3.0, "email": 1.0}
    channel = weighted(rng, channels)
    sk.note("shape", length, channel)

    secondary = None
    if sit.extras and length != "short" and rng.chance(0.2):
        options = [s for s in SECONDARY if s.category != sit.category
                   and not (tone == "angry" and s.praise) and not (tone == "warm" and not s.mild)]
        secondary = rng.choice(options)
        sk.note("secondary", SECONDARY.index(secondary))

    # --- the body sentences, by role
    n_det = {"short": 0, "medium": 1, "long": rng.choice([2, 2, 3])}[length]
    if length == "short" and rng.chance(0.35):
        n_det = 1
    problem_i, problem = sk.pick("problem", sit.problems)
    problem_summary = None
    if isinstance(problem, list):  # [text, summary]
        problem, problem_summary = problem
    det_idx = rng.sample(range(len(sit.details)), min(n_det, len(sit.details)))
    sk.note("details", tuple(det_idx))
    details = [sit.details[i] for i in det_idx]

    opener = middle = closer = context = consequence = count = None
    op_pool = OPENERS[tone] + (OPENERS["polite_problem"] if tone == "polite" and sit.urgency != "low"
                               else [])
    p_open = {"short": 0.2, "medium": 0.55, "long": 0.9}[length]
    if op_pool and rng.chance(p_open):
        _, opener = sk.pick("opener", op_pool)
    p_mid = {"short": 0.0, "medium": 0.35, "long": 0.75}[length] * (1.4 if tone == "angry" else 1)
    if MIDDLES[tone] and rng.chance(p_mid):
        _, middle = sk.pick("middle", MIDDLES[tone])
    p_close = {"short": 0.35, "medium": 0.65, "long": 0.9}[length]
    if rng.chance(p_close):
        pool = [c for c in CLOSERS[tone] if not ((urgency == "high" or esc) and c.startswith("~"))]
        _, closer = sk.pick("closer", pool)
        closer = closer.lstrip("~")
    if tone == "angry" and not (opener or middle or closer):
        # an angry message must say so somewhere: the label reads the tone off the words
        if rng.chance(0.5):
            _, closer = sk.pick("closer", CLOSERS["angry"])
        else:
            _, opener = sk.pick("opener", OPENERS["angry"])
    p_ctx = {"short": 0.0, "medium": 0.3, "long": 0.7}[length]
    if sit.extras and tone != "warm" and rng.chance(p_ctx):
        pool = CONTEXT_ANY + (CONTEXT_PARCEL if sit.parcel else [])
        _, context = sk.pick("context", pool)
    p_cons = {"short": 0.0, "medium": 0.4, "long": 0.9}[length]
    if sit.consequences and rng.chance(p_cons):
        _, consequence = sk.pick("consequence", sit.consequences)
    # "second attempt" sentences; a third attempt comes from the escalation sentence instead
    if esc != "third" and sit.counts and length != "short" and rng.chance(0.35):
        _, count = sk.pick("count", list(sit.counts))
    esc_sentence = None
    if esc:
        pool = HUMAN_SOFT if (esc == "human" and sit.urgency == "low") else ESCALATION[esc]
        _, esc_sentence = sk.pick("esc", pool)
    request = None
    p_req = {"short": 0.65, "medium": 0.85, "long": 1.0}[length]
    if rng.chance(p_req) or not closer:
        _, request = sk.pick("request", sit.requests)

    # --- order id, or a number that is not one
    oid = None
    oid_text = None
    id_place = None
    if rng.chance(sit.oid_rate):
        oid = f"{rng.randint(100000, 999999)}"
        oid_text = format_oid(rng, oid, sk)
        id_place = weighted(rng, {"sentence": 3.0, "prefix": 1.5, "inline": 2.0, "signoff": 1.0})
    not_id = None
    if sit.parcel and rng.chance(0.12):
        _, not_id = sk.pick("not_id", NOT_ID_SENTENCES)

    # --- order the sentences
    middle_block = [*(details), consequence, middle, count, not_id]
    middle_block = [s for s in middle_block if s]
    if rng.chance(0.4):
        rng.shuffle(middle_block)
        sk.note("shuffled")
    if esc_sentence and esc != "human":
        pos = rng.randint(0, len(middle_block))
        middle_block.insert(pos, esc_sentence)
        sk.note("esc_pos", pos)
    body = []
    if opener:
        body.append(opener)
    if context:
        if opener and tone in ("angry", "confused") and rng.chance(0.3):
            body.insert(0, context)
        else:
            body.append(context)
    lead_request = tone == "terse" and request and rng.chance(0.35)
    if lead_request:
        body.append(request)
        sk.note("lead_request")
    body.append(problem)
    body.extend(middle_block)
    if secondary:
        body.append(secondary.text)
    if esc == "human":
        body.append(esc_sentence)
    if request and not lead_request:
        body.append(request)
    if closer:
        body.append(closer)

    # keep long messages to at most ten sentences: drop optional ones first
    optional = [middle, context, consequence, opener, count, not_id]
    for extra in optional:
        if len(body) <= 10:
            break
        if extra and extra in body:
            body.remove(extra)
            sk.note("trimmed", optional.index(extra))
    body = [packgen.fill(s, values) for s in body]
    protected = packgen.fill(esc_sentence, values) if esc_sentence else None

    # --- typos (never in the sentence that triggers a rule)
    if rng.chance(0.45 if tone in ("casual", "terse", "angry") else 0.2):
        n = rng.choice([1, 1, 2, 3])
        cand = [i for i, s in enumerate(body) if s != protected]
        if cand:
            i = rng.choice(cand)
            body[i] = add_typos(rng, body[i], n)
            sk.note("typos", i, n)

    if oid_text and id_place == "inline":
        done = False
        for i, s in enumerate(body):
            for phrase in ("my parcel", "My parcel", "my order", "the parcel", "my return", "My return"):
                if phrase in s and not done:
                    body[i] = s.replace(phrase, f"{phrase} ({oid_text})", 1)
                    done = True
        if not done:
            id_place = "sentence"
    if oid_text and id_place == "sentence":
        _, sent = sk.pick("id_sentence", ID_SENTENCES)
        pos = rng.randint(1, len(body) - 1) if len(body) > 1 else 1
        body.insert(pos, packgen.fill(sent, {"oid": oid_text}))
        sk.note("id_pos", pos)
    sk.note("id_place", id_place)

    # --- channel layout
    text = layout(rng, sk, channel, tone, body, oid_text if id_place in ("prefix", "signoff") else None,
                  id_place)

    # --- labels
    negative = tone == "angry"
    sentiment = "negative" if negative else ("positive" if tone == "warm" else "neutral")
    needs_human = sit.needs_human or urgency == "high" or esc == "human"
    record = {
        "category": sit.category,
        "urgency": urgency,
        "sentiment": sentiment,
        "order_id": f"NW-{oid}" if oid else None,
        "summary": make_summary(rng, sk, sit, problem_summary, esc, secondary),
        "needs_human": needs_human,
    }
    meta = {"tone": tone, "esc": esc, "secondary": bool(secondary), "channel": channel,
            "length": length}
    return text, record, sk, meta


def layout(rng, sk, channel, tone, body, oid_text, id_place) -> str:
    register = "formal" if rng.chance(0.4) else "plain"
    if channel == "email":
        parts = []
        if oid_text and id_place == "prefix":
            parts.append(rng.fill_choice(POOLS["id_subjects"], oid=oid_text))
        if rng.chance(0.5 if tone == "terse" else 0.88):
            parts.append(rng.choice(POOLS["greetings_formal" if register == "formal" else "greetings_plain"]))
        if len(body) >= 5 and rng.chance(0.65):
            cut = rng.randint(2, len(body) - 2)
            paragraphs = [" ".join(body[:cut]), " ".join(body[cut:])]
        else:
            paragraphs = [" ".join(body)]
        parts.extend(paragraphs)
        sign = []
        if rng.chance(0.8):
            words = POOLS["signoffs"]["angry" if tone == "angry" and rng.chance(0.4) else register]
            sign.append(rng.choice(words))
            sign.append(rng.choice(NAMES))
        elif rng.chance(0.5):
            sign.append(rng.choice(NAMES))
        if oid_text and id_place == "signoff":
            sign.append(f"Order: {oid_text}")
        if rng.chance(0.12):
            sign.append(rng.choice(POOLS["phone_footers"]))
        if sign:
            parts.append("\n".join(sign))
        sk.note("layout", channel, register, len(paragraphs))
        return "\n\n".join(parts)
    if channel == "review":
        if tone == "angry":
            stars, title = rng.choice([1, 1, 2]), rng.choice(POOLS["review_titles"]["angry"])
        elif tone == "warm":
            stars, title = 5, rng.choice(POOLS["review_titles"]["warm"])
        else:
            stars, title = 3, rng.choice(POOLS["review_titles"]["neutral"])
        head = "★" * stars + "☆" * (5 - stars) + " " + title
        text = " ".join(body)
        if oid_text:
            text = (f"{oid_text} - " + text) if id_place == "prefix" else (text + f" ({oid_text})")
        sk.note("layout", channel, stars)
        return head + "\n" + text
    if channel == "chat":
        lines = body
        if oid_text:
            lines = ([rng.fill_choice(POOLS["chat_id_prefixes"], oid=oid_text)] + lines
                     if id_place == "prefix" else lines + [oid_text])
        if rng.chance(0.35):
            if tone in ("casual", "terse") or rng.chance(0.3):
                lines = [l[:-1] if l.endswith(".") and not l.endswith("..") else l for l in lines]
            text = "\n".join(lines)
            sk.note("layout", channel, "burst")
        else:
            text = " ".join(lines)
            if text.endswith(".") and tone in ("casual", "terse"):
                text = text[:-1]
            sk.note("layout", channel, "line")
        starts_with_id = bool(oid_text) and text.startswith(oid_text)
        if tone in ("casual", "terse") and rng.chance(0.55):
            text = text.lower()
        elif tone == "casual" and not starts_with_id and rng.chance(0.5):
            text = text[:1].lower() + text[1:]
        if rng.chance(0.3) and tone not in ("terse",):
            head = rng.choice(POOLS["chat_greetings"])
            text = head + (text if starts_with_id else text[:1].lower() + text[1:])
        return text
    # web form
    text = " ".join(body)
    if oid_text:
        text = (rng.fill_choice(POOLS["id_prefixes"], oid=oid_text) + "\n" + text) if id_place == "prefix" \
            else (text + f"\nOrder: {oid_text}")
    if rng.chance(0.3):
        text += "\n" + rng.choice(NAMES)
    sk.note("layout", channel)
    return text


def make_summary(rng, sk, sit, problem_summary, esc, secondary) -> str:
    """The base summary, then the escalation trigger (always kept), then the side issue if it fits."""
    bases = [problem_summary] if problem_summary else list(sit.summaries)
    i = rng.randrange(len(bases))
    sk.note("summary", i)
    required = []
    if esc and not (esc == "perishable" and sit.items == "perishable"):
        required.append(ESCALATION_SUMMARY[esc])
    optional = [secondary.summary] if secondary else []
    candidates = [bases[i]] + sorted((b for j, b in enumerate(bases) if j != i), key=len)
    for extras in (required + optional, required):
        for base in candidates:
            text = "; ".join([base.rstrip(".")] + extras) + "."
            if len(text) <= 120:
                return text
    raise ValueError(f"summary too long for {sit.key}")


# --------------------------------------------------------------------------------------------
# The two sets
# --------------------------------------------------------------------------------------------

def user_text(message: str) -> str:
    return f"{INSTRUCTION}\n\n{message}"


def answer(record: dict) -> str:
    return json.dumps({k: record[k] for k in FIELDS}, ensure_ascii=False)


STATS: dict[str, int] = {}


def sentences(text: str) -> set[str]:
    parts = re.split(r"(?<=[.!?])\s+|\n+", text)
    return {p.strip().lower() for p in parts if len(p.strip()) > 25}


def generate(rng, plan, esc_rate, seen_messages, seen_skeletons, avoid=()):
    """avoid: sentence sets of earlier messages; a candidate sharing 3 or more with one is redrawn."""
    out = []
    for sit in plan:
        for _ in range(500):
            text, record, sk, meta = compose(rng, sit, esc_rate)
            if text in seen_messages or sk.key() in seen_skeletons:
                continue
            if avoid:
                mine = sentences(text)
                if any(len(mine & other) >= 3 for other in avoid):
                    continue
            seen_messages.add(text)
            seen_skeletons.add(sk.key())
            out.append((sit, text, record, meta))
            STATS[meta["esc"] or "none"] = STATS.get(meta["esc"] or "none", 0) + 1
            break
        else:
            raise RuntimeError(f"could not find a fresh skeleton for {sit.key}")
    return out


def plan_for(rng: PackRandom, n: int) -> list[Situation]:
    plan = []
    while len(plan) < n:
        batch = [sit for sit in SITUATIONS for _ in range(sit.weight)]
        rng.shuffle(batch)
        plan.extend(batch)
    return plan[:n]


def checked_fields(sit: Situation, record: dict, meta: dict) -> dict:
    fields = {"category": record["category"], "urgency": record["urgency"],
              "order_id": record["order_id"]}
    if (record["urgency"] in ("high", "low") or record["category"] == "damage"
            or meta["esc"] == "human"):
        fields["needs_human"] = record["needs_human"]
    if meta["tone"] in ("angry", "warm") and not meta["secondary"]:
        fields["sentiment"] = record["sentiment"]
    return fields


def train_rows(system: str, train: list) -> list[dict]:
    return [{"messages": [
        {"role": "system", "content": system},
        {"role": "user", "content": user_text(text)},
        {"role": "assistant", "content": answer(record)},
    ]} for _, text, record, _ in train]


def eval_items(evals: list) -> list[dict]:
    counters: dict[str, int] = {}
    items = []
    for sit, text, record, meta in evals:
        counters[sit.key] = counters.get(sit.key, 0) + 1
        items.append({
            "id": f"{sit.key}-{counters[sit.key]}",
            "kind": "skill",
            "question": user_text(text),
            "checks": [{"type": "json_schema", "schema": "schema.json",
                        "fields": checked_fields(sit, record, meta)}],
            "reference": answer(record),
        })
    return items


def main() -> None:
    system = packgen.system_prompt(HERE)
    seen_messages: set[str] = set()
    seen_skeletons: set[tuple] = set()

    train_rng = PackRandom(TRAIN_SEED)
    train = generate(train_rng, plan_for(train_rng, N_TRAIN), 0.4, seen_messages, seen_skeletons)

    eval_rng = PackRandom(EVAL_SEED)
    train_sentences = [sentences(text) for _, text, _, _ in train]
    evals = generate(eval_rng, plan_for(eval_rng, N_EVAL), 0.4, seen_messages, seen_skeletons,
                     avoid=train_sentences)

    packgen.write_jsonl(HERE / "train.jsonl", train_rows(system, train))
    packgen.write_jsonl(HERE / "eval.jsonl", eval_items(evals))
    print(f"wrote {len(train)} training examples and {len(evals)} evaluation items to {HERE}")
    print("escalations (both sets):", ", ".join(f"{k} {v}" for k, v in sorted(STATS.items())))


if __name__ == "__main__":
    main()
