#!/usr/bin/env python3
"""How train.jsonl and eval.jsonl of the legal-irac scenario pack were first made.

The shipped train.jsonl and eval.jsonl are the source of truth; this generator is how they were
first made. Rerunning it reproduces them byte for byte only while CPython's `random` gives the
same sequence for a seed, so that check is the opt-in `generators` test tier
(`pytest -m generators`).

Run `python generate.py` from any folder (with the studio package importable); the files are
written next to this script.

How the data is built
---------------------
Each function decorated with @situation below draws the facts of one hand-written legal
situation under one of the five Maren statutes in docs/. Its texts are in pools.json, under
"situations" and the situation's name: several hand-written question variants (a one-liner, a
longer story with names and dates, a worried or blunt message...), the provisions that govern
it, and hand-written Issue / Application / Conclusion sentences, all with {fact} slots. Names,
amounts and dates are drawn from seeded random streams, and derived facts (deadlines, caps,
penalties) are computed from them, so each brief applies the rule to the very facts in its
question.

Every (situation, question variant) pair is used exactly once across the two files: a few
dozen go to eval.jsonl, chosen by the evaluation stream, and all the others to
train.jsonl. Training facts come from one random stream and evaluation facts from
another. Sentence openers, rule lead-ins and conclusion phrasings are picked from pools,
so the briefs share a form, not a template.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from studio import packgen
from studio.lesson.packgen import PackRandom

HERE = Path(__file__).resolve().parent
POOLS = packgen.load_pools(HERE)
TRAIN_SEED = 4117          # facts of the training examples
EVAL_SEED = 90_551         # a different stream: which pairs are held out, and their facts
EVAL_ITEMS = 48
HEADINGS = ["Issue", "Rule", "Application", "Conclusion"]
MIN_WORDS, MAX_WORDS = 60, 160     # what every brief is written to
CHECK_MIN, CHECK_MAX = 40, 200     # what the eval length check allows
YEAR = 2025

# --------------------------------------------------------------------------------------------
# The provisions (the same text as docs/, shortened to one clause each): key -> [cite, statement]
# --------------------------------------------------------------------------------------------

RULES = POOLS["rules"]
SCR = "Small Claims Rules"  # numbered by rule in docs/; the other statutes by section

# --------------------------------------------------------------------------------------------
# Pools for names, places and businesses
# --------------------------------------------------------------------------------------------

SHOPS = POOLS["shops"]  # by kind: electronics, furniture, clothes, home, online
EMPLOYERS = POOLS["employers"]
JOBS_AT = POOLS["jobs_at"]  # employer -> jobs it plausibly has
NUMWORDS = {int(n): word for n, word in POOLS["numwords"].items()}  # 1 -> "one" ... 12


def money(x: int) -> str:
    """Brief style: 1,600 crowns."""
    return f"{x:,} crowns"


def day(d: dt.date) -> str:
    """Brief style: 3 March."""
    return f"{d.day} {d:%B}"


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


class Facts(dict):
    """The facts of one situation: brief-style values, plus `<key>_u` in the asker's own style."""

    def __init__(self, g: "Gen"):
        super().__init__()
        self.g = g

    def money(self, key: str, x: int) -> int:
        self[key] = money(x)
        self[key + "_u"] = self.g.pick([f"{x:,} crowns", f"{x:,} crowns", f"{x} crowns", f"{x:,}"]) if x >= 1000 \
            else self.g.pick([f"{x} crowns", f"{x} crowns", f"{x}"])
        return x

    def date(self, key: str, d: dt.date) -> dt.date:
        self[key] = day(d)
        self[key + "_u"] = self.g.pick([day(d), day(d), f"{d:%B} {d.day}", f"the {ordinal(d.day)} of {d:%B}",
                                        f"{d:%A} {d.day} {d:%B}"])
        self[key + "_n"] = self.g.pick([day(d), f"{d:%B} {d.day}", f"the {ordinal(d.day)} of {d:%B}"])
        self[key + "_wd"] = f"{d:%A}"
        return d

    def set(self, **kw) -> None:
        self.update(kw)


class Gen(PackRandom):
    """One random stream, with the draws the situations use (chance and fill_choice come with it)."""

    def pick(self, seq):
        return self.choice(list(seq))

    def facts(self) -> Facts:
        return Facts(self)

    def int(self, lo: int, hi: int) -> int:
        return self.randint(lo, hi)

    def amount(self, lo: int, hi: int, step: int = 10) -> int:
        return self.randrange(lo, hi + 1, step)

    def first(self) -> str:
        return self.pick(POOLS["first_names"])

    def surname(self) -> str:
        return self.pick(POOLS["surnames"])

    def mister(self) -> str:
        return f"{self.pick(POOLS['titles'])} {self.surname()}"

    def ms(self) -> str:
        return f"{self.pick(['Ms', 'Mrs'])} {self.surname()}"

    def landlord(self) -> str:
        return self.pick(POOLS["agencies"]) if self.chance(0.25) else self.mister()

    def street(self) -> str:
        return self.pick(POOLS["streets"])

    def shop(self, kind: str) -> str:
        return self.pick(SHOPS[kind])

    def employer(self) -> str:
        return self.pick(EMPLOYERS)

    def workplace(self) -> dict:
        """An employer and a job that it plausibly has."""
        emp = self.pick(EMPLOYERS)
        return dict(emp=emp, job=self.pick(JOBS_AT[emp]))

    def gym(self) -> str:
        return self.pick(POOLS["gyms"])

    def date(self, m1: int, d1: int, m2: int, d2: int, year: int = YEAR) -> dt.date:
        a, b = dt.date(year, m1, d1), dt.date(year, m2, d2)
        return a + dt.timedelta(days=self.randint(0, (b - a).days))

    def weekday_date(self, weekdays: set[int], m1: int = 1, d1: int = 10, m2: int = 11, d2: int = 20) -> dt.date:
        while True:
            d = self.date(m1, d1, m2, d2)
            if d.weekday() in weekdays:
                return d


def plus(d: dt.date, days: int) -> dt.date:
    return d + dt.timedelta(days=days)


def add_months(d: dt.date, months: int) -> dt.date:
    m = d.month - 1 + months
    y, m = d.year + m // 12, m % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(y, m, min(d.day, last))
        except ValueError:
            continue
    raise ValueError(d)


# Each situation's texts are in pools.json under its name:
#   roles: who the brief names (T, L, C, S ...), as {fact} templates
#   questions: the question variants, each {"question": ..., "roles": overrides, and any facts or
#              issue/rule/app/concl sentences that differ for this variant}
#   issue, rule (RULES keys), app, concl: the brief's sentences to pick from
SITUATION_TEXTS = POOLS["situations"]
BRIEF_PARTS = ("issue", "rule", "app", "concl")
SITUATIONS: list[tuple[str, str, object]] = []  # (statute, name, the function that draws its facts)


def situation(statute: str, name: str):
    def register(fn):
        SITUATIONS.append((statute, name, fn))
        return fn
    return register


# --------------------------------------------------------------------------------------------
# Phrasing pools for the brief
# --------------------------------------------------------------------------------------------

ISSUE_LEADS = POOLS["issue_leads"]
APP_LEADS = POOLS["app_leads"]
CONCL_LEADS = POOLS["concl_leads"]
PROPER_OPENINGS = tuple(POOLS["proper_openings"])  # a sentence opening with these keeps its capital


def lead(prefix: str, template: str, ctx: dict) -> str:
    """Render `template` and put `prefix` ("Here, ") before it, lowering its first letter
    unless the sentence opens with a name: a placeholder whose value is capitalised in its
    own right, or a proper word."""
    sentence = packgen.fill(template, ctx)
    if not prefix:
        return sentence
    opening = re.match(r"\{(\w+)\}", template)
    if opening:
        key = opening.group(1)
        base = key[:-1] if key.endswith("c") and key[:-1] in ctx else key
        lower = isinstance(ctx.get(base), str) and ctx[base][:1].islower()
    else:
        lower = not sentence.startswith(PROPER_OPENINGS)
    return prefix + (sentence[:1].lower() + sentence[1:] if lower else sentence)


# ============================================================================================
# Tenancy Act
# ============================================================================================

@situation("tenancy", "deposit-not-returned")
def _(g: Gen):
    F = g.facts()
    rent = g.amount(650, 1500, 50)
    dep = F.money("dep", rent * g.pick([1, 2]))
    out = F.date("out", g.date(1, 10, 10, 20))
    wait = g.int(26, 64)
    F.date("now", plus(out, wait))
    F.date("due", plus(out, 21))
    F.money("pen", dep // 4)
    F.money("tot", dep + dep // 4)
    F.set(n=g.first(), l=g.landlord(), street=g.street())
    return F


WEAR = POOLS["wear"]  # [what the tenant asks about, how the brief names it]


@situation("tenancy", "deposit-wear-and-tear")
def _(g: Gen):
    F = g.facts()
    F.money("dep", g.amount(900, 2600, 100))
    F.money("ded", g.amount(150, 700, 10))
    q_item, a_item = g.pick(WEAR)
    F.set(years=NUMWORDS[g.int(2, 7)], item_q=q_item, item_a=a_item, street=g.street(), l=g.landlord())
    return F


@situation("tenancy", "deposit-above-cap")
def _(g: Gen):
    F = g.facts()
    rent = F.money("rent", g.amount(600, 1400, 50))
    months = g.pick([3, 3, 4])
    F.money("ask", rent * months)
    F.money("cap2", rent * 2)
    F.money("excess", rent * (months - 2))
    F.set(months_w=NUMWORDS[months], l=g.landlord(), street=g.street())
    return F


DAMAGE = POOLS["damage"]  # [what the tenant asks about, how the brief names it]


@situation("tenancy", "deposit-genuine-damage")
def _(g: Gen):
    F = g.facts()
    F.money("dep", g.amount(900, 2400, 100))
    F.money("ded", g.amount(120, 480, 10))
    dq, da = g.pick(DAMAGE)
    F.set(dmg_q=dq, dmg_a=da, days=g.int(8, 19), n=g.first())
    return F


@situation("tenancy", "deposit-no-itemised-list")
def _(g: Gen):
    F = g.facts()
    dep = g.amount(1000, 2400, 100)
    ret = g.amount(400, dep - 200, 50)
    F.money("dep", dep); F.money("ret", ret); F.money("ded", dep - ret)
    out = F.date("out", g.date(2, 1, 10, 1))
    F.date("back", plus(out, g.int(5, 14)))
    F.date("due", plus(out, 21))
    F.set(l=g.ms(), p=g.first())
    return F


@situation("tenancy", "deposit-held-until-relet")
def _(g: Gen):
    F = g.facts()
    dep = F.money("dep", g.amount(800, 2200, 100))
    out = F.date("out", g.date(1, 15, 10, 15))
    F.date("due", plus(out, 21))
    F.money("pen", dep // 4)
    F.set(l=g.landlord())
    return F


@situation("tenancy", "heating-broken-winter")
def _(g: Gen):
    F = g.facts()
    rep = F.date("rep", g.pick([g.date(1, 5, 2, 20), g.date(11, 3, 12, 10)]))
    F.date("now", plus(rep, g.int(5, 13)))
    F.date("due", plus(rep, 3))
    F.money("rent", g.amount(700, 1500, 50))
    F.set(l=g.landlord(), street=g.street())
    return F


DEFECTS = POOLS["defects"]  # [what the tenant asks about, how the brief names it]


@situation("tenancy", "non-urgent-repair-ignored")
def _(g: Gen):
    F = g.facts()
    rent = F.money("rent", g.amount(600, 1600, 50))
    F.money("red", int(rent * 0.3))
    rep = F.date("rep", g.date(4, 5, 9, 1))
    F.date("now", plus(rep, g.int(35, 80)))
    F.date("due", plus(rep, 28))
    dq, da = g.pick(DEFECTS)
    F.set(dq=dq, da=da, n=g.first(), l=g.landlord())
    return F


@situation("tenancy", "tenant-repairs-and-deducts")
def _(g: Gen):
    F = g.facts()
    rent = F.money("rent", g.amount(650, 1400, 50))
    quote = F.money("quote", g.pick([g.amount(180, rent - 60, 10), g.amount(rent + 100, rent + 700, 10)]))
    rep = F.date("rep", g.date(1, 10, 11, 20))
    days = g.int(5, 12)
    F.date("now", plus(rep, days))
    F.date("due", plus(rep, 3))
    F.set(days=days, l=g.mister())
    F["fits"] = "falls within that limit" if quote <= rent else f"exceeds it, so only {money(rent)} may be deducted"
    F["fitc"] = f"the full {money(quote)} may be deducted from the rent" if quote <= rent else f"only {money(rent)} of the {money(quote)} may be deducted"
    return F


@situation("tenancy", "tenant-caused-damage")
def _(g: Gen):
    F = g.facts()
    F.money("cost", g.amount(90, 650, 10))
    F.set(l=g.mister(), street=g.street(), kid=g.pick(["son", "daughter"]))
    return F


@situation("tenancy", "hot-water-plumber-next-fortnight")
def _(g: Gen):
    F = g.facts()
    rep = F.date("rep", g.date(1, 6, 11, 20))
    F.date("due", plus(rep, 3))
    F.date("pl", plus(rep, g.int(10, 16)))
    F.set(l=g.landlord(), n=g.first())
    return F


@situation("tenancy", "landlord-entered-without-notice")
def _(g: Gen):
    F = g.facts()
    F.date("d", g.date(1, 10, 11, 20))
    F.set(l=g.mister())
    return F


@situation("tenancy", "entry-short-notice")
def _(g: Gen):
    F = g.facts()
    sent = g.weekday_date({0, 1, 2, 3})
    F.date("sent", sent); F.date("visit", plus(sent, 1))
    h1 = g.int(17, 21); h2 = g.int(8, 11)
    F.set(t1=f"{h1}:00", t2=f"{h2:02d}:00", t1_u=f"{h1 - 12}pm", t2_u=f"{h2}am", hours=24 - h1 + h2,
          purpose=g.pick(["look at the boiler", "measure the windows", "inspect the damp in the bathroom", "show an electrician the fuse box"]))
    return F


@situation("tenancy", "evening-viewing")
def _(g: Gen):
    F = g.facts()
    F.date("end", g.date(3, 1, 12, 20))
    F.set(t=g.pick(["20:30", "21:00", "21:30", "22:00"]), l=g.landlord(), n=g.first())
    return F


@situation("tenancy", "emergency-entry-leak")
def _(g: Gen):
    F = g.facts()
    F.date("d", g.date(1, 10, 11, 20))
    F.set(l=g.mister(), t=g.pick(["about 23:00", "around midnight", "early in the morning", "late in the evening"]))
    return F


@situation("tenancy", "tenant-notice-to-leave")
def _(g: Gen):
    F = g.facts()
    tell = F.date("tell", g.date(2, 3, 10, 25))
    F.date("end", add_months(tell, 1))
    F.date("start", dt.date(YEAR, tell.month % 12 + 1, 1) if tell.month < 12 else dt.date(YEAR, 12, 31))
    F.set(l=g.landlord(), town=g.pick(["Veldhaven", "Ostring", "Carrow", "Brekke"]))
    return F


@situation("tenancy", "landlord-one-month-no-reason")
def _(g: Gen):
    F = g.facts()
    got = F.date("got", g.date(2, 1, 9, 30))
    F.date("leave", add_months(got, 1))
    F.set(l=g.landlord(), years=NUMWORDS[g.int(1, 4)], n=g.first())
    return F


@situation("tenancy", "own-use-long-tenancy")
def _(g: Gen):
    F = g.facts()
    got = F.date("got", g.date(1, 15, 8, 30))
    F.date("end3", add_months(got, 3)); F.date("end6", add_months(got, 6))
    F.set(years=NUMWORDS[g.int(6, 12)], who=g.pick(["daughter", "son", "mother", "father"]), l=g.mister())
    return F


@situation("tenancy", "notice-by-voice-message")
def _(g: Gen):
    F = g.facts()
    F.date("d", g.date(1, 20, 10, 30))
    F.set(reason=g.pick(["he is selling the flat", "his son needs the flat", "he wants to renovate"]))
    return F


@situation("tenancy", "leave-fixed-term-early")
def _(g: Gen):
    F = g.facts()
    start = F.date("start", g.date(1, 1, 6, 1, year=YEAR - 1))
    F.date("end", add_months(start, g.pick([18, 24])))
    job, job_a = g.pick([('a new job abroad', 'a new job abroad'),
                         ('a job in another town', 'a job in another town'),
                         ('moving in with my partner', 'moving in with a partner'),
                         ('needing a bigger place for the baby', 'needing a bigger home for a baby')])
    F.set(job=job, job_a=job_a, l=g.landlord(), n=g.first())
    return F


@situation("tenancy", "notice-for-sale")
def _(g: Gen):
    F = g.facts()
    got = F.date("got", g.date(1, 15, 9, 1))
    F.date("end", add_months(got, 3))
    F.set(years=NUMWORDS[g.int(1, 4)], l=g.mister())
    return F


@situation("tenancy", "arrears-cure")
def _(g: Gen):
    F = g.facts()
    rent = g.amount(600, 1300, 50)
    F.money("rent", rent); F.money("arr", rent * 2)
    got = F.date("got", g.date(2, 1, 9, 30))
    F.date("exp", add_months(got, 1))
    F.set(n=g.first(), l=g.landlord())
    return F


@situation("tenancy", "one-month-arrears")
def _(g: Gen):
    F = g.facts()
    F.money("rent", g.amount(600, 1400, 50))
    F.set(n=g.first(), mo=g.pick(["March", "May", "August", "October"]))
    return F


@situation("tenancy", "rent-increase-too-high")
def _(g: Gen):
    F = g.facts()
    rent = F.money("rent", g.amount(700, 1500, 50))
    pct = g.pick([8, 10, 12, 15])
    F.money("new", rent + rent * pct // 100)
    F.money("max", rent + rent * 5 // 100)
    got = F.date("got", g.date(2, 1, 10, 1))
    F.date("eff", plus(got, g.pick([14, 21, 30])))
    F.set(pct=pct, l=g.landlord())
    return F


@situation("tenancy", "second-increase-within-year")
def _(g: Gen):
    F = g.facts()
    first = F.date("first", g.date(1, 5, 4, 30))
    F.date("second", add_months(first, g.pick([5, 7, 8, 9])))
    rent = g.amount(700, 1400, 50)
    F.money("r0", rent); F.money("r1", rent + rent * 4 // 100); F.money("r2", rent + rent * 8 // 100)
    return F


@situation("tenancy", "valid-rent-increase")
def _(g: Gen):
    F = g.facts()
    rent = F.money("rent", g.amount(700, 1500, 50))
    F.money("new", rent + rent * g.pick([3, 4, 5]) // 100)
    got = F.date("got", g.date(1, 10, 9, 1))
    F.date("eff", add_months(got, g.pick([2, 3])))
    F.set(months=g.pick(["fourteen", "eighteen", "twenty", "twenty-six"]))
    return F


@situation("tenancy", "lodger-no-answer")
def _(g: Gen):
    F = g.facts()
    req = F.date("req", g.date(1, 15, 10, 1))
    wait = g.int(16, 30)
    F.date("now", plus(req, wait)); F.date("deemed", plus(req, 14))
    F.set(lodger=g.first(), l=g.landlord())
    return F


@situation("tenancy", "holiday-sublet-without-consent")
def _(g: Gen):
    F = g.facts()
    F.money("earn", g.amount(300, 1800, 50))
    F.set(n=g.first(), nights=g.int(3, 20))
    return F


@situation("tenancy", "locks-changed")
def _(g: Gen):
    F = g.facts()
    back = F.date("back", g.date(2, 1, 10, 1))
    days = g.int(2, 9)
    F.date("now", plus(back, days))
    F.money("perday", 150); F.money("tot", 150 * days)
    F.set(days=days, l=g.mister())
    return F


@situation("tenancy", "power-cut-off")
def _(g: Gen):
    F = g.facts()
    F.date("d", g.date(1, 10, 11, 20))
    F.set(util=g.pick(["electricity", "water", "heating"]), l=g.landlord())
    return F


@situation("tenancy", "small-pet-banned")
def _(g: Gen):
    F = g.facts()
    F.set(pet=g.pick(["a hamster", "two guinea pigs in a cage", "an aquarium with fish", "a budgie in a cage", "a pair of gerbils"]),
          l=g.landlord(), kid=g.first())
    return F


@situation("tenancy", "dog-in-flat")
def _(g: Gen):
    F = g.facts()
    F.set(l=g.landlord(), dog=g.pick(["a rescue dog", "a small terrier", "an elderly cat", "a kitten"]))
    return F


# ============================================================================================
# Consumer Sales Act
# ============================================================================================

GADGETS = POOLS["gadgets"]  # [item, fault, kind of shop]


@situation("consumer", "fault-within-30-days")
def _(g: Gen):
    F = g.facts()
    item, fault, kind = g.pick(GADGETS)
    bought = F.date("bought", g.date(1, 10, 11, 20))
    days = g.int(4, 26)
    F.date("broke", plus(bought, days))
    F.money("price", g.amount(60, 1400, 10))
    F.set(item=item, fault=fault, shop=g.shop(kind), days=days, n=g.first())
    return F


@situation("consumer", "trader-blames-manufacturer")
def _(g: Gen):
    F = g.facts()
    item, fault, kind = g.pick(GADGETS[:8])
    F.date("bought", g.date(1, 10, 11, 20))
    F.money("price", g.amount(40, 900, 10))
    F.set(item=item, fault=fault, shop=g.shop(kind), brand=g.pick(["Kessler", "Nordvik", "Brisca", "Vantaro", "Halden"]),
          weeks=g.pick(["two", "three"]))
    return F


@situation("consumer", "fault-at-eight-months")
def _(g: Gen):
    F = g.facts()
    item = g.pick(["washing machine", "fridge", "dishwasher", "tumble dryer", "cooker"])
    months = g.int(3, 11)
    F.money("price", g.amount(300, 1300, 10))
    F.set(item=item, months=months, months_w=NUMWORDS[months], shop=g.shop("home"), n=g.first())
    return F


@situation("consumer", "fault-after-a-year")
def _(g: Gen):
    F = g.facts()
    item = g.pick(["phone", "bike battery", "smartwatch", "wireless speaker", "cordless drill"])
    months = g.int(13, 22)
    F.set(item=item, months=months, shop=g.shop("electronics"))
    F.money("price", g.amount(250, 2200, 10))
    return F


@situation("consumer", "repair-failed-twice")
def _(g: Gen):
    F = g.facts()
    item, kind = g.pick([("sofa recliner", "furniture"), ("dishwasher", "home"), ("laptop", "electronics"),
                         ("tumble dryer", "home"), ("coffee grinder", "home")])
    F.money("price", g.amount(400, 2600, 10))
    F.set(item=item, shop=g.shop(kind), n=g.first(), months=NUMWORDS[g.int(3, 10)])
    return F


@situation("consumer", "repair-takes-too-long")
def _(g: Gen):
    F = g.facts()
    item = g.pick(["laptop", "phone", "fridge", "washing machine", "camera", "e-bike"])
    handed = F.date("handed", g.date(1, 10, 10, 1))
    wait = g.int(35, 70)
    F.date("now", plus(handed, wait)); F.date("dl", plus(handed, 30))
    F.money("price", g.amount(300, 2400, 10))
    F.set(item=item, shop=g.shop("electronics" if item in ("laptop", "phone", "camera") else "home"), weeks=wait // 7)
    return F


@situation("consumer", "online-return-within-14-days")
def _(g: Gen):
    F = g.facts()
    item = g.pick(["pair of boots", "rain jacket", "lamp", "rug", "set of bed linen", "backpack"])
    rec = F.date("rec", g.date(1, 10, 11, 20))
    days = g.int(3, 13)
    F.date("now", plus(rec, days)); F.date("last", plus(rec, 14))
    F.money("price", g.amount(40, 400, 5))
    F.set(item=item, site=g.shop("online"), days=days)
    return F


@situation("consumer", "personalised-item-no-cooling-off")
def _(g: Gen):
    F = g.facts()
    item, item_a = g.pick([("necklace engraved with a name", "a necklace engraved with a name"),
                           ("made-to-measure curtains", "made-to-measure curtains"),
                           ("wedding invitations printed with names", "wedding invitations printed with names"),
                           ("custom-sized bookcase", "a custom-sized bookcase"),
                           ("football shirt printed with a name", "a football shirt printed with a name")])
    F.date("rec", g.date(1, 10, 11, 20))
    F.money("price", g.amount(60, 900, 10))
    F.set(item=item, item_a=item_a, site=g.shop("online"))
    return F


@situation("consumer", "doorstep-sale-regret")
def _(g: Gen):
    F = g.facts()
    item = g.pick(["water-filter system", "set of cooking pans", "vacuum cleaner", "security-alarm package", "mattress"])
    signed = F.date("signed", g.date(1, 10, 11, 20))
    days = g.int(2, 12)
    F.date("now", plus(signed, days)); F.date("last", plus(signed, 14))
    F.money("price", g.amount(300, 3000, 10))
    F.set(item=item, days=days, n=g.first(), rel=g.pick(["My mother", "My father", "My elderly neighbour", "My grandmother"]))
    return F


@situation("consumer", "refund-without-delivery-charge")
def _(g: Gen):
    F = g.facts()
    F.money("price", g.amount(50, 600, 5))
    F.money("ship", g.pick([5, 7, 9, 12, 15]))
    F.set(site=g.shop("online"), item=g.pick(["dress", "desk lamp", "pair of trainers", "toaster", "throw blanket"]))
    return F


@situation("consumer", "never-told-about-cancellation")
def _(g: Gen):
    F = g.facts()
    rec = F.date("rec", g.date(1, 10, 8, 20))
    days = g.int(20, 80)
    F.date("now", plus(rec, days))
    F.money("price", g.amount(80, 1200, 10))
    F.set(item=g.pick(["robot vacuum", "standing desk", "camping tent", "dehumidifier", "set of garden chairs"]), days=days,
          how=g.pick(["by phone", "through a website", "through a social-media shop"]))
    return F


@situation("consumer", "opened-hygiene-item")
def _(g: Gen):
    F = g.facts()
    F.money("price", g.amount(25, 350, 5))
    F.set(item=g.pick(["in-ear earphones", "lipsticks", "electric toothbrush heads", "face serums", "razor cartridges"]),
          site=g.shop("online"))
    return F


@situation("consumer", "shop-change-of-mind")
def _(g: Gen):
    F = g.facts()
    F.money("price", g.amount(30, 400, 5))
    F.set(item=g.pick(["jacket", "pair of jeans", "lamp", "set of plates", "pair of winter boots"]), shop=g.shop(g.pick(["clothes", "home"])),
          days=g.int(1, 9), n=g.first())
    return F


@situation("consumer", "no-refunds-sign")
def _(g: Gen):
    F = g.facts()
    bought = F.date("bought", g.date(1, 10, 11, 20))
    days = g.int(2, 20)
    F.date("broke", plus(bought, days))
    F.money("price", g.amount(40, 700, 5))
    F.set(item=g.pick(["toaster", "hairdryer", "speaker", "fan heater", "kettle"]), days=days, shop=g.shop("home"))
    return F


@situation("consumer", "store-policy-binding")
def _(g: Gen):
    F = g.facts()
    days = g.int(10, 27)
    F.money("price", g.amount(30, 500, 5))
    F.set(item=g.pick(["shirt", "set of towels", "board game", "pair of sandals", "cushion"]), shop=g.shop(g.pick(["clothes", "home"])),
          days=days)
    return F


@situation("consumer", "gym-24-months")
def _(g: Gen):
    F = g.facts()
    F.date("start", g.date(1, 1, 9, 1, year=YEAR - 1))
    F.set(gym=g.gym(), term=g.pick(["24", "36"]), months=g.int(13, 20), n=g.first())
    F.money("fee", g.amount(29, 89, 1))
    return F


@situation("consumer", "gym-moved-away")
def _(g: Gen):
    F = g.facts()
    F.set(gym=g.gym(), km=g.int(35, 180), town=g.pick(["Veldhaven", "Ostring", "Carrow", "Brekke", "Sandvik"]),
          months=g.int(2, 9))
    F.money("fee", g.amount(25, 80, 1))
    return F


@situation("consumer", "auto-renewal-no-reminder")
def _(g: Gen):
    F = g.facts()
    F.date("ren", g.date(1, 10, 11, 20))
    F.money("fee", g.amount(120, 600, 10))
    F.set(svc=g.pick(["gym membership", "magazine subscription", "streaming subscription", "swimming club membership", "meal-kit plan"]),
          gym=g.gym())
    return F


@situation("consumer", "illness-cancellation")
def _(g: Gen):
    F = g.facts()
    F.set(gym=g.gym(), cond=g.pick(["a knee operation", "a back injury", "long COVID", "a difficult pregnancy", "heart surgery"]),
          mths=g.pick(["four", "five", "six"]), left=g.int(5, 11))
    return F


@situation("consumer", "late-furniture-delivery")
def _(g: Gen):
    F = g.facts()
    agreed = F.date("agreed", g.date(2, 1, 9, 30))
    late = g.int(14, 45)
    F.date("now", plus(agreed, late))
    F.money("price", g.amount(500, 4000, 10))
    F.set(item=g.pick(["sofa", "dining table", "wardrobe", "bed frame", "kitchen dresser"]), shop=g.shop("furniture"), late=late)
    return F


@situation("consumer", "essential-date-missed")
def _(g: Gen):
    F = g.facts()
    F.date("ev", g.date(3, 1, 10, 30))
    F.money("price", g.amount(150, 2500, 10))
    item, event = g.pick([("wedding dress", "wedding"), ("wedding suit", "wedding"), ("christening gown", "christening"),
                          ("marquee tent", "fiftieth birthday party"), ("set of party decorations", "fiftieth birthday party")])
    F.set(item=item, event=event, shop=g.shop(g.pick(["clothes", "home"])))
    return F


@situation("consumer", "no-delivery-date-agreed")
def _(g: Gen):
    F = g.facts()
    ordered = F.date("ordered", g.date(1, 10, 10, 1))
    wait = g.int(33, 60)
    F.date("now", plus(ordered, wait)); F.date("dl", plus(ordered, 30))
    F.money("price", g.amount(60, 1500, 10))
    F.set(item=g.pick(["bike", "desk chair", "bookshelf", "pram", "garden bench"]), site=g.shop("online"), weeks=wait // 7)
    return F


@situation("consumer", "till-price-higher")
def _(g: Gen):
    F = g.facts()
    shelf = g.amount(20, 400, 1)
    F.money("shelf", shelf); F.money("till", shelf + g.amount(5, 90, 1))
    F.set(item=g.pick(["cordless drill", "box of wine glasses", "pair of running shoes", "kettle", "garden hose"]), shop=g.shop("home"))
    return F


@situation("consumer", "obvious-pricing-error")
def _(g: Gen):
    F = g.facts()
    real = g.pick([1299, 1899, 2490, 899, 3200])
    F.money("real", real); F.money("shown", real // 100 if real >= 1000 else real // 10)
    F.set(item=g.pick(["television", "laptop", "fridge-freezer", "cargo bike", "sofa"]), site=g.shop("online"))
    return F


@situation("consumer", "gift-voucher-expired")
def _(g: Gen):
    F = g.facts()
    issued = F.date("issued", g.date(1, 10, 12, 20, year=YEAR - 1))
    exp = F.date("exp", add_months(issued, g.pick([6, 12])))
    valid = F.date("valid", add_months(issued, 36))
    F.money("val", g.pick([25, 50, 75, 100, 150, 200]))
    F.set(shop=g.pick(SHOPS["clothes"] + SHOPS["home"]), giver=g.pick(["my aunt", "my colleagues", "a friend", "my grandparents"]),
          yi=str(issued.year), ye=str(exp.year), yv=str(valid.year))
    return F


@situation("consumer", "dry-cleaner-damage")
def _(g: Gen):
    F = g.facts()
    F.money("val", g.amount(120, 900, 10)); F.money("fee", g.amount(12, 35, 1))
    F.set(item=g.pick(["wool coat", "silk dress", "suit jacket", "wedding dress", "leather jacket"]),
          dmg=g.pick(["shrunk two sizes", "came back with a bleach stain", "has a burn mark from the press", "lost its colour in patches"]),
          cleaner=g.pick(["Quayside Cleaners", "Spotless on Kiln", "Harbour Dry Cleaning", "PressPoint"]))
    return F


@situation("consumer", "garage-no-agreed-price")
def _(g: Gen):
    F = g.facts()
    fair = g.amount(180, 600, 10)
    F.money("bill", fair * g.pick([2, 3])); F.money("fair", fair)
    F.set(job=g.pick(["replace the brake pads", "fix a noisy exhaust", "change a headlight and an oil filter", "repair a bike's gears"]),
          garage=g.pick(["Tollgate Motors", "Quay Auto Repairs", "Marsh Lane Garage", "Spokes & Chains"]))
    return F


@situation("consumer", "botched-hair-colour")
def _(g: Gen):
    F = g.facts()
    F.money("fee", g.amount(60, 240, 5))
    F.set(salon=g.pick(["Salon Ebb", "Mira's Hair Studio", "Cut & Tide", "The Harbour Barber"]),
          want=g.pick(["ash blonde", "soft caramel highlights", "a natural brown", "copper red"]),
          got=g.pick(["bright orange", "patchy yellow", "green-tinged", "almost black"]))
    return F


@situation("consumer", "private-sale")
def _(g: Gen):
    F = g.facts()
    F.money("price", g.amount(80, 900, 10))
    F.set(item=g.pick(["second-hand bike", "used sofa", "used laptop", "pram", "rowing machine"]), n=g.first(),
          where=g.pick(["a neighbour", "someone on a local selling app", "a colleague", "a man at the flea market who sells his own things"]))
    return F


@situation("consumer", "guarantee-expired-within-two-years")
def _(g: Gen):
    F = g.facts()
    months = g.int(13, 23)
    F.money("price", g.amount(200, 1500, 10))
    F.set(item=g.pick(["dishwasher", "laptop", "cooker hood", "robot mower", "digital piano"]), months=months,
          shop=g.shop(g.pick(["home", "electronics"])))
    return F


# ============================================================================================
# Employment Code
# ============================================================================================

@situation("employment", "dismissal-short-notice")
def _(g: Gen):
    F = g.facts()
    years = g.int(2, 5)
    got = F.date("got", g.date(1, 10, 10, 20))
    F.date("end2", add_months(got, 2))
    F.set(years=years, years_w=NUMWORDS[years], **g.workplace(), n=g.first(),
          short=g.pick(["two weeks", "ten days", "one week"]))
    return F


@situation("employment", "employee-resigning")
def _(g: Gen):
    F = g.facts()
    tell = F.date("tell", g.date(1, 10, 11, 1))
    F.date("end", add_months(tell, 1))
    F.set(**g.workplace(), years=g.pick(["three", "six", "eight", "eleven"]))
    return F


@situation("employment", "probation-dismissal")
def _(g: Gen):
    F = g.facts()
    start = F.date("start", g.date(1, 5, 6, 30))
    m = g.int(2, 5)
    got = F.date("got", add_months(start, m))
    F.date("end", plus(got, 14))
    F.set(m=NUMWORDS[m], **g.workplace())
    return F


@situation("employment", "notice-by-phone")
def _(g: Gen):
    F = g.facts()
    F.date("call", g.date(1, 10, 10, 20))
    F.set(emp=g.employer(), n=g.first())
    return F


@situation("employment", "long-service-one-month")
def _(g: Gen):
    F = g.facts()
    got = F.date("got", g.date(1, 10, 9, 30))
    F.date("end", add_months(got, 3))
    F.set(years=g.int(6, 19), **g.workplace())
    F.money("sal", g.amount(2100, 4200, 50))
    return F


@situation("employment", "summary-dismissal-lateness")
def _(g: Gen):
    F = g.facts()
    F.date("d", g.date(1, 10, 11, 20))
    yrs = g.int(1, 8)
    F.set(emp=g.employer(), late=g.pick(["twice", "three times", "twice in one week"]), mins=g.pick(["ten", "fifteen", "twenty"]),
          n=g.first(), yrs=yrs, notice=("one month" if yrs < 2 else "two months" if yrs <= 5 else "three months"))
    return F


@situation("employment", "summary-dismissal-theft")
def _(g: Gen):
    F = g.facts()
    d = F.date("d", g.weekday_date({0, 1}))
    F.date("letter", plus(d, 2))
    F.money("amt", g.amount(60, 900, 10))
    F.set(emp=g.employer(), n=g.first(), what=g.pick(["taking cash from the till", "taking stock home without paying", "falsifying expense claims"]))
    return F


@situation("employment", "summary-no-written-reasons")
def _(g: Gen):
    F = g.facts()
    F.date("d", g.date(1, 10, 11, 1))
    F.set(emp=g.employer(), acc=g.pick(["shouting at a customer", "leaving a freezer door open", "a fight with a colleague", "leaking confidential files"]),
          weeks=g.pick(["two", "three", "four"]))
    return F


@situation("employment", "unfair-dismissal-no-warning")
def _(g: Gen):
    F = g.facts()
    d = F.date("d", g.date(1, 10, 10, 1))
    F.date("lim", add_months(d, 3))
    F.money("sal", g.amount(2000, 4000, 50))
    F.set(years=g.int(2, 9), emp=g.employer(), why=g.pick(["a bad attitude", "not being a team player", "not fitting the new culture", "slowness"]))
    return F


@situation("employment", "redundancy")
def _(g: Gen):
    F = g.facts()
    got = F.date("got", g.date(1, 10, 9, 1))
    yrs = g.int(3, 12)
    F.date("end", add_months(got, 2 if yrs <= 5 else 3))
    F.set(yrs=yrs, emp=g.employer(), dept=g.pick(["the night shift", "the print room", "the in-house catering", "the Saturday team"]),
          notice=("two months" if yrs <= 5 else "three months"))
    return F


@situation("employment", "final-pay-late")
def _(g: Gen):
    F = g.facts()
    last = F.date("last", g.date(1, 10, 9, 30))
    F.date("due", plus(last, 10))
    delay_weeks = g.int(2, 8)
    F.date("now", plus(last, 10 + delay_weeks * 7 + g.int(0, 3)))
    owed = g.amount(900, 3800, 10)
    F.money("owed", owed)
    pct = min(5 * delay_weeks, 50)
    F.money("extra", owed * pct // 100)
    F.set(wk=delay_weeks, pct=pct, n=g.first(), **g.workplace())
    return F


@situation("employment", "holiday-pay-missing")
def _(g: Gen):
    F = g.facts()
    days = g.int(3, 14)
    rate = g.amount(90, 190, 5)
    F.money("rate", rate); F.money("tot", rate * days)
    F.date("last", g.date(1, 10, 10, 30))
    F.set(days=days, emp=g.employer())
    return F


@situation("employment", "expenses-not-reimbursed")
def _(g: Gen):
    F = g.facts()
    F.money("exp", g.amount(60, 700, 5))
    last = F.date("last", g.date(1, 10, 9, 30))
    F.date("due", plus(last, 10))
    F.set(what=g.pick(["train tickets to a client", "a training course fee", "fuel for company deliveries", "hotel costs on a work trip"]),
          emp=g.employer())
    return F


@situation("employment", "final-pay-next-quarter")
def _(g: Gen):
    F = g.facts()
    last = F.date("last", g.date(1, 10, 9, 30))
    F.date("due", plus(last, 10))
    F.money("owed", g.amount(600, 3500, 10))
    F.set(emp=g.employer(), excuse=g.pick(["next quarter", "when the big client pays us", "after the annual accounts", "in a couple of months"]))
    return F


@situation("employment", "part-time-leave")
def _(g: Gen):
    F = g.facts()
    d = g.pick([2, 3, 4])
    F.set(d=d, d_w=NUMWORDS[d], ent=d * 5, offer=d * 5 - g.int(2, 5), **g.workplace())
    return F


@situation("employment", "carry-over-leave")
def _(g: Gen):
    F = g.facts()
    left = g.int(7, 15)
    F.set(left=left, lost=left - 5, emp=g.employer())
    return F


@situation("employment", "leave-ordered-short-notice")
def _(g: Gen):
    F = g.facts()
    told = F.date("told", g.weekday_date({0, 1, 2, 3}))
    F.date("start", plus(told, g.int(1, 6)))
    F.set(days=g.int(3, 10), emp=g.employer(), why=g.pick(["it's quiet", "the kitchen is being refitted", "a big order was cancelled", "the boss is travelling"]))
    return F


@situation("employment", "prevented-from-taking-leave")
def _(g: Gen):
    F = g.facts()
    left = g.int(8, 18)
    F.set(left=left, emp=g.employer(), n=g.first(), times=g.pick(["three", "four", "several"]))
    return F


@situation("employment", "unpaid-overtime")
def _(g: Gen):
    F = g.facts()
    hrs = g.int(43, 47)
    rate = g.amount(14, 30, 1)
    ot = hrs - 40
    F.money("rate", rate)
    F.set(hrs=hrs, ot=ot, otr=f"{rate * 1.25:.2f} crowns", wk=f"{ot * rate * 1.25:.2f} crowns", **g.workplace())
    return F


@situation("employment", "sunday-shifts-normal-rate")
def _(g: Gen):
    F = g.facts()
    rate = g.amount(13, 28, 1)
    F.money("rate", rate)
    F.set(sr=f"{rate * 1.5:.2f} crowns", emp=g.employer(), n=g.pick(["two", "three", "four"]),
          day_=g.pick(["on Sundays", "on Sundays and on Easter Monday", "on Sundays and on Christmas Day"]))
    return F


@situation("employment", "time-off-instead-of-overtime")
def _(g: Gen):
    F = g.facts()
    h = g.int(6, 20)
    F.set(h=h, toil=h, due=f"{h * 1.25:g}", emp=g.employer())
    return F


@situation("employment", "sick-note-too-early")
def _(g: Gen):
    F = g.facts()
    d = g.pick([1, 2, 3])
    F.set(d=d, d_w=g.pick({1: ["the first day"], 2: ["the second day"], 3: ["the third day"]}[d]), emp=g.employer(),
          ill=g.pick(["a stomach bug", "a migraine", "flu", "a bad cold"]))
    return F


@situation("employment", "long-sickness")
def _(g: Gen):
    F = g.facts()
    days = g.int(12, 30)
    F.set(days=days, beyond=days - 10, emp=g.employer(), ill=g.pick(["pneumonia", "a broken leg", "an operation", "burnout"]))
    return F


@situation("employment", "till-shortage-deduction")
def _(g: Gen):
    F = g.facts()
    net = g.amount(1600, 2800, 50)
    F.money("net", net); F.money("short", g.amount(40, 220, 5)); F.money("cap10", net // 10)
    F.set(emp=g.employer())
    return F


@situation("employment", "broken-laptop-deduction")
def _(g: Gen):
    F = g.facts()
    net = g.amount(1800, 3200, 50)
    cost = g.amount(700, 1600, 10)
    F.money("net", net); F.money("cost", cost); F.money("cap10", net // 10)
    F.set(item=g.pick(["company laptop", "work phone", "delivery scanner", "tablet"]), how=g.pick(["knocked it off a desk", "dropped it on the stairs", "spilled coffee on it"]),
          emp=g.employer())
    return F


@situation("employment", "uniform-deduction")
def _(g: Gen):
    F = g.facts()
    F.money("cost", g.amount(35, 220, 5))
    F.set(kit=g.pick(["uniform", "pair of safety boots", "branded polo shirt and apron", "high-visibility jacket"]), emp=g.employer())
    return F


@situation("employment", "dismissed-pregnant")
def _(g: Gen):
    F = g.facts()
    told = F.date("told", g.date(1, 10, 9, 30))
    F.date("fired", plus(told, g.int(7, 40)))
    F.set(emp=g.employer(), reason=g.pick(["restructuring", "a 'change of direction'", "poor performance", "budget cuts"]))
    return F


@situation("employment", "dismissed-after-parental-leave")
def _(g: Gen):
    F = g.facts()
    ret = F.date("ret", g.date(1, 10, 8, 30))
    weeks = g.int(3, 15)
    F.date("fired", plus(ret, weeks * 7))
    F.date("prot", add_months(ret, 4))
    F.set(weeks=weeks, emp=g.employer())
    return F


@situation("employment", "certificate-refused")
def _(g: Gen):
    F = g.facts()
    req = F.date("req", g.date(1, 10, 10, 20))
    F.date("due", plus(req, 14))
    F.set(**g.workplace(), years=g.pick(["two", "four", "seven"]))
    return F


@situation("employment", "wages-paid-late")
def _(g: Gen):
    F = g.facts()
    F.money("sal", g.amount(1800, 3600, 50))
    F.set(emp=g.employer(), late=g.pick(["the 10th", "the 12th", "the 15th", "the 20th"]), mo=g.pick(["March", "June", "September", "October"]))
    return F


@situation("employment", "excessive-hours")
def _(g: Gen):
    F = g.facts()
    F.set(hrs=g.int(55, 65), weeks=g.int(12, 20), **g.workplace())
    return F


# ============================================================================================
# Neighbours and Nuisance Ordinance
# ============================================================================================

@situation("neighbours", "weekend-party-late")
def _(g: Gen):
    F = g.facts()
    F.date("d", g.weekday_date({4, 5}))
    end, endu = g.pick([("01:30", "half one"), ("02:00", "2am"), ("02:30", "half two"), ("03:00", "3 in the morning")])
    F.set(end=end, endu=endu,
          n=g.surname(), street=g.street(), times=g.pick(["every weekend", "almost every weekend", "most weekends"]))
    return F


@situation("neighbours", "weeknight-music")
def _(g: Gen):
    F = g.facts()
    F.date("d", g.weekday_date({0, 1, 2, 3, 6}))
    F.set(t=g.pick(["22:30", "23:00", "23:30", "midnight"]), n=g.first(), what=g.pick(["music", "a TV turned right up", "karaoke", "video-game shouting"]))
    return F


@situation("neighbours", "announced-celebration")
def _(g: Gen):
    F = g.facts()
    party = F.date("party", g.weekday_date({4, 5}))
    F.date("posted", plus(party, -g.int(3, 6)))
    F.set(end=g.pick(["00:30", "00:45", "01:00"]), occ=g.pick(["fortieth birthday", "wedding anniversary", "graduation", "housewarming"]),
          n=g.surname())
    return F


@situation("neighbours", "new-years-eve")
def _(g: Gen):
    F = g.facts()
    F.set(end=g.pick(["02:00", "03:00", "04:00"]), n=g.first())
    return F


@situation("neighbours", "hosting-a-party")
def _(g: Gen):
    F = g.facts()
    F.date("party", g.weekday_date({4}))
    F.set(occ=g.pick(["birthday", "leaving do", "farewell party", "summer party"]), n=g.int(15, 40))
    return F


@situation("neighbours", "piano-practice")
def _(g: Gen):
    F = g.facts()
    F.set(hrs=g.pick(["four", "five", "three and a half"]), inst=g.pick(["piano", "violin", "trumpet", "cello", "electric guitar"]),
          n=g.first(), who=g.pick(["student", "retired teacher", "teenage son", "neighbour"]))
    return F


@situation("neighbours", "sunday-drilling")
def _(g: Gen):
    F = g.facts()
    F.date("d", g.weekday_date({6}))
    F.set(t=g.pick(["09:00", "10:30", "11:00", "14:00"]), tool=g.pick(["a power drill", "an angle grinder", "a circular saw", "a hammer drill"]),
          n=g.first())
    return F


@situation("neighbours", "early-renovation")
def _(g: Gen):
    F = g.facts()
    F.set(t=g.pick(["06:30", "07:00", "07:15", "07:30"]), n=g.surname(), wd=g.pick(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]))
    return F


@situation("neighbours", "renovation-without-notice")
def _(g: Gen):
    F = g.facts()
    F.date("start", g.weekday_date({0}))
    F.set(weeks=g.pick(["three weeks", "a month", "six weeks"]), n=g.first(), job=g.pick(["a kitchen refit", "a full bathroom renovation", "a loft conversion", "replacing all the floors"]))
    return F


@situation("neighbours", "emergency-repair-at-night")
def _(g: Gen):
    F = g.facts()
    F.date("d", g.date(1, 10, 11, 20))
    F.set(t=g.pick(["23:30", "midnight", "01:00", "05:30"]), what=g.pick(["a burst water pipe", "a collapsed ceiling", "a gas leak", "a broken sewage pipe"]))
    return F


@situation("neighbours", "overhanging-branches")
def _(g: Gen):
    F = g.facts()
    req = F.date("req", g.date(8, 1, 12, 1, year=YEAR - 1))
    F.date("dl", plus(req, 30))
    cost = F.money("cost", g.amount(180, 850, 10))
    F.money("rec", min(cost, 500))
    F["recs"] = f"the full {money(cost)} quoted" if cost <= 500 else f"{money(500)} of the {money(cost)} quoted"
    F.set(tree=g.pick(["oak", "walnut tree", "chestnut", "row of poplars", "willow"]), n=g.surname())
    return F


@situation("neighbours", "roots-no-request-yet")
def _(g: Gen):
    F = g.facts()
    F.set(tree=g.pick(["birch", "poplar", "sycamore", "cherry tree"]), dmg=g.pick(["lifting my patio slabs", "cracking the garden path", "blocking my drain", "pushing up the edge of my driveway"]),
          n=g.first())
    return F


@situation("neighbours", "tall-hedge")
def _(g: Gen):
    F = g.facts()
    F.set(h=g.pick(["3", "3.5", "4", "2.8"]), plant=g.pick(["leylandii", "laurel", "beech", "privet"]), n=g.surname(),
          dist=g.pick(["right on", "half a metre from", "just inside"]))
    return F


@situation("neighbours", "falling-fruit")
def _(g: Gen):
    F = g.facts()
    F.set(fruit=g.pick(["apples", "pears", "plums", "walnuts", "cherries"]), n=g.first())
    return F


@situation("neighbours", "cutting-in-nesting-season")
def _(g: Gen):
    F = g.facts()
    F.date("d", g.date(3, 10, 7, 15))
    F.set(what=g.pick(["cut down half of a big hedge", "saw off large branches of a tree", "cut the hedge right back to the trunks"]))
    return F


@situation("neighbours", "dog-bite")
def _(g: Gen):
    F = g.facts()
    F.date("d", g.date(1, 10, 11, 20))
    F.money("cost", g.amount(80, 900, 10))
    F.set(dog=g.pick(["spaniel", "German shepherd", "terrier", "labrador", "husky"]), n=g.surname(), where=g.pick(["on the pavement", "in the Town Park", "outside the bakery", "on the harbour path"]),
          what=g.pick(["my leg", "my hand", "my calf", "my son's arm"]))
    return F


@situation("neighbours", "dog-damage-garden")
def _(g: Gen):
    F = g.facts()
    F.money("cost", g.amount(60, 600, 10))
    what, what_a = g.pick([('dug up my vegetable beds', 'dug up the vegetable beds'),
                           ('killed two of my hens', 'killed two hens'),
                           ('chewed through my garden hose and ruined the seedlings', 'chewed through a garden hose and ruined the seedlings'),
                           ('flattened my flower border', 'flattened a flower border')])
    F.set(what=what, what_a=what_a, n=g.first())
    return F


@situation("neighbours", "provoked-dog")
def _(g: Gen):
    F = g.facts()
    F.money("cost", g.amount(60, 500, 10))
    F.set(kid=g.first(), prov=g.pick(["pulled its tail", "poked it with a stick", "climbed over the gate into the dog's garden", "kept throwing stones at it"]))
    return F


@situation("neighbours", "barking-dog")
def _(g: Gen):
    F = g.facts()
    F.set(hrs=g.pick(["most of the day", "two or three hours at a stretch", "from 8 until 5", "for an hour at a time"]),
          n=g.surname(), breed=g.pick(["husky", "beagle", "terrier", "collie"]))
    return F


@situation("neighbours", "off-lead-dog-park")
def _(g: Gen):
    F = g.facts()
    F.date("d", g.date(3, 1, 10, 30))
    F.money("cost", g.amount(120, 1200, 10))
    what, what_a = g.pick([('knocked me off my bike', 'knocked a cyclist off a bike'),
                           ('jumped up and knocked my mother over', 'knocked over an elderly woman'),
                           ('ran into my son and he broke his wrist', 'knocked down a child, who broke a wrist'),
                           ('bowled me over while I was jogging', 'knocked over a jogger')])
    F.set(what=what, what_a=what_a)
    return F


@situation("neighbours", "trespasser-bitten")
def _(g: Gen):
    F = g.facts()
    F.money("cost", g.amount(80, 600, 10))
    F.set(why=g.pick(["to fetch a ball without asking", "as a shortcut", "to look at the garden shed", "at night, uninvited"]))
    return F


@situation("neighbours", "burning-garden-waste")
def _(g: Gen):
    F = g.facts()
    F.set(n=g.first(), what=g.pick(["garden cuttings", "old pallets and leaves", "hedge trimmings", "household rubbish"]), freq=g.pick(["every Saturday", "a few times a month", "all autumn"]))
    return F


@situation("neighbours", "barbecue-smoke")
def _(g: Gen):
    F = g.facts()
    where, where_a = g.pick([('right under our bedroom window', 'right under a bedroom window next door'),
                             ('by the fence next to our kitchen window', "by the fence next to a neighbour's kitchen window"),
                             ('on the balcony below ours', "on the balcony directly below the neighbours' flat")])
    F.set(where=where, where_a=where_a, n=g.surname())
    return F


@situation("neighbours", "fence-repair-costs")
def _(g: Gen):
    F = g.facts()
    notice = F.date("notice", g.date(1, 10, 9, 1))
    days = g.int(35, 70)
    F.date("now", plus(notice, days)); F.date("obj", plus(notice, 30))
    quote = g.amount(400, 2400, 20)
    F.money("quote", quote); F.money("half", quote // 2)
    F.set(n=g.first())
    return F


@situation("neighbours", "high-fence")
def _(g: Gen):
    F = g.facts()
    F.set(h=g.pick(["2.2", "2.4", "2.5", "3"]), n=g.surname(), mat=g.pick(["wooden", "concrete", "metal", "bamboo-screen"]))
    return F


@situation("neighbours", "blocked-driveway")
def _(g: Gen):
    F = g.facts()
    F.set(freq=g.pick(["almost every evening", "three times this week", "every market day"]), who=g.pick(["a visitor of the house opposite", "the café's delivery van", "my neighbour's son", "a customer of the gym next door"]))
    return F


@situation("neighbours", "warden-after-written-notice")
def _(g: Gen):
    F = g.facts()
    notice = F.date("notice", g.date(1, 10, 9, 1))
    F.date("again", plus(notice, g.int(7, 60)))
    F.set(what=g.pick(["late-night music", "drilling on Sundays", "a barking dog", "bonfires"]), n=g.first())
    return F


@situation("neighbours", "repeat-after-fine")
def _(g: Gen):
    F = g.facts()
    F.set(what=g.pick(["noise after midnight", "power tools on Sundays", "blocking the shared gate", "burning rubbish"]), n=g.surname())
    return F


@situation("neighbours", "compensation-lost-sleep")
def _(g: Gen):
    F = g.facts()
    F.set(months=g.pick(["three", "four", "six", "eight"]), what=g.pick(["night-time music", "a howling dog", "early-morning building noise", "a noisy heat pump running all night"]),
          n=g.first())
    F.money("cost", g.amount(200, 1800, 10))
    return F


@situation("neighbours", "warden-fine-without-notice")
def _(g: Gen):
    F = g.facts()
    F.date("d", g.date(1, 10, 11, 20))
    F.set(what=g.pick(["loud music", "a barking dog", "power tools on a Sunday", "drumming"]))
    return F


# ============================================================================================
# Small Claims Rules
# ============================================================================================

def fee(x: int) -> int:
    return 40 if x <= 1000 else 90


@situation("small-claims", "unpaid-invoice-in-scope")
def _(g: Gen):
    F = g.facts()
    amt = F.money("amt", g.amount(1200, 7800, 10))
    F.money("fee", fee(amt))
    F.date("inv", g.date(1, 10, 10, 1))
    F.set(work=g.pick(["web design work", "a catering job", "two weeks of bookkeeping", "photography for a wedding", "translation work"]),
          client=g.pick(["a local restaurant", "a small hotel", "a shop on Kiln Street", "a former client", "an events company"]))
    return F


@situation("small-claims", "claim-above-limit")
def _(g: Gen):
    F = g.facts()
    amt = F.money("amt", g.amount(8200, 11500, 50))
    F.money("lost", amt - 8000)
    F.set(what=g.pick(["a botched roof repair", "an unpaid loan to a former business partner", "water damage from the flat above", "a car sold with a hidden defect"]))
    return F


@situation("small-claims", "splitting-a-claim")
def _(g: Gen):
    F = g.facts()
    amt = g.amount(10000, 15000, 100)
    F.money("amt", amt); F.money("half", amt // 2)
    F.set(who=g.pick(["a builder", "my ex-business partner", "a car dealer", "a tenant who left owing rent"]))
    return F


@situation("small-claims", "defamation-excluded")
def _(g: Gen):
    F = g.facts()
    F.money("amt", g.amount(1000, 6000, 100))
    where, where_a = g.pick([('on a neighbourhood group chat', 'in a neighbourhood group chat'),
                             ('in a review of my bakery', 'in an online review of a bakery'),
                             ('on social media', 'on social media'),
                             ('in a letter to my employer', 'in a letter to an employer')])
    F.set(where=where, where_a=where_a)
    return F


@situation("small-claims", "fee-small-claim")
def _(g: Gen):
    F = g.facts()
    amt = F.money("amt", g.pick([g.amount(150, 1000, 10), g.amount(1050, 7900, 50)]))
    F.money("fee", fee(amt))
    F.set(what=g.pick(["a refund the shop won't pay", "a friend's unpaid share of a holiday cottage", "a damaged bike", "unpaid babysitting"]))
    return F


@situation("small-claims", "letter-before-claim-needed")
def _(g: Gen):
    F = g.facts()
    F.money("amt", g.amount(300, 7500, 10))
    F.set(who=g.pick(["my old landlord", "a plumber who never finished the job", "a former flatmate", "a client"]))
    return F


@situation("small-claims", "demand-too-short")
def _(g: Gen):
    F = g.facts()
    sent = F.date("sent", g.date(1, 10, 10, 1))
    days = g.int(3, 8)
    F.date("gave", plus(sent, days)); F.date("ok", plus(sent, 14))
    F.money("amt", g.amount(300, 7000, 10))
    F.set(days=days)
    return F


@situation("small-claims", "time-barred")
def _(g: Gen):
    F = g.facts()
    due = F.date("due", g.date(1, 10, 10, 1, year=YEAR - 4))
    F.date("bar", add_months(due, 36))
    F.money("amt", g.amount(200, 6000, 10))
    F.set(what=g.pick(["a loan to a friend", "an unpaid invoice", "a deposit", "a car repair bill"]), y=str(due.year), y3=str(due.year + 3))
    return F


@situation("small-claims", "nearly-time-barred")
def _(g: Gen):
    F = g.facts()
    due = F.date("due", g.date(2, 1, 9, 30, year=YEAR - 3))
    bar = F.date("bar", add_months(due, 36))
    F.date("now", plus(bar, -g.int(20, 80)))
    F.money("amt", g.amount(300, 6500, 10))
    F.set(what=g.pick(["rent arrears", "a personal loan", "unpaid wages", "a faulty boiler installation"]), y=str(due.year), y3=str(due.year + 3))
    return F


@situation("small-claims", "no-defence-filed")
def _(g: Gen):
    F = g.facts()
    rec = F.date("rec", g.date(1, 10, 10, 1))
    days = g.int(23, 40)
    F.date("now", plus(rec, days)); F.date("dl", plus(rec, 21))
    F.money("amt", g.amount(400, 7500, 10))
    F.set(days=days)
    return F


@situation("small-claims", "lawyer-costs")
def _(g: Gen):
    F = g.facts()
    F.money("lf", g.amount(600, 2500, 50)); F.money("amt", g.amount(1500, 7800, 50))
    return F


@situation("small-claims", "judgment-unpaid")
def _(g: Gen):
    F = g.facts()
    j = F.date("j", g.date(1, 10, 10, 1))
    F.date("dl", plus(j, 14)); F.date("now", plus(j, g.int(18, 45)))
    amt = g.amount(300, 7500, 10)
    F.money("amt", amt); F.money("tot", amt + 30)
    return F


@situation("small-claims", "appeal-on-facts")
def _(g: Gen):
    F = g.facts()
    j = F.date("j", g.date(1, 10, 10, 1))
    F.date("dl", plus(j, 21))
    fact, fact_a = g.pick([("believed the other side's witness instead of me", "preferred the other side's witness"),
                           ('decided the scratches were there before I rented the car', 'found that the scratches predated the car hire'),
                           ('found that I had agreed to the higher price', 'found that the higher price had been agreed'),
                           ("thought my photos didn't prove the damage", 'found that the photos did not prove the damage')])
    F.set(fact=fact, fact_a=fact_a)
    return F


@situation("small-claims", "instalments")
def _(g: Gen):
    F = g.facts()
    F.money("amt", g.amount(1500, 7800, 50)); F.money("inc", g.amount(1400, 2400, 50))
    F.set(n=g.first())
    return F


@situation("small-claims", "boundary-dispute-excluded")
def _(g: Gen):
    F = g.facts()
    F.money("amt", g.amount(1500, 7000, 100))
    strip, strip_a = g.pick([('a one-metre strip along our garden', 'a one-metre strip along the garden boundary'),
                             ('the path between our houses', 'the path between the two houses'),
                             ('the corner where his shed stands', "the corner where the neighbour's shed stands")])
    F.set(strip=strip, strip_a=strip_a)
    return F


@situation("small-claims", "friend-loan")
def _(g: Gen):
    F = g.facts()
    amt = F.money("amt", g.amount(300, 4000, 50))
    F.money("fee", fee(amt))
    F.date("lent", g.date(1, 10, 8, 1, year=YEAR - 1))
    F.set(n=g.first(), proof=g.pick(["a bank transfer", "text messages", "a signed note"]))
    return F


@situation("small-claims", "received-a-claim")
def _(g: Gen):
    F = g.facts()
    rec = F.date("rec", g.date(1, 10, 10, 1))
    F.date("dl", plus(rec, 21))
    F.money("amt", g.amount(300, 7800, 10))
    F.set(who=g.pick(["my former landlord", "a gym", "a builder I fired", "an ex-flatmate"]))
    return F


@situation("small-claims", "bring-a-friend")
def _(g: Gen):
    F = g.facts()
    who, who_a = g.pick([('my daughter', 'a daughter'),
                         ('a friend who is good with paperwork', 'a friend who is good with paperwork'),
                         ('my neighbour, who is a retired teacher', 'a neighbour who is a retired teacher'),
                         ('my brother', 'a brother')])
    F.set(who=who, who_a=who_a)
    return F


@situation("small-claims", "how-to-file")
def _(g: Gen):
    F = g.facts()
    F.money("amt", g.amount(200, 7500, 10))
    F.set(what=g.pick(["an unpaid invoice", "a shop that won't refund", "damage to a parked car", "a deposit"]))
    return F


@situation("small-claims", "late-appeal")
def _(g: Gen):
    F = g.facts()
    j = F.date("j", g.date(1, 10, 9, 1))
    days = g.int(25, 50)
    F.date("now", plus(j, days)); F.date("dl", plus(j, 21))
    F.set(days=days, law=g.pick(["applied the wrong rule on deposits", "misread the time limit", "applied the wrong filing-fee rule"]))
    return F


@situation("small-claims", "hearing-timeline")
def _(g: Gen):
    F = g.facts()
    dfd = F.date("dfd", g.date(1, 10, 9, 1))
    F.date("by", plus(dfd, 70))
    return F


@situation("small-claims", "deposit-plus-penalty-claim")
def _(g: Gen):
    F = g.facts()
    dep = g.amount(800, 2800, 100)
    F.money("dep", dep); F.money("pen", dep // 4); F.money("tot", dep + dep // 4); F.money("fee", fee(dep + dep // 4))
    F.set(l=g.mister())
    return F


# ============================================================================================
# Rendering and writing
# ============================================================================================

def words(text: str) -> int:
    return len(text.split())


def plural_possessives(text: str) -> str:
    """'the tenants's' -> 'the tenants\''."""
    return re.sub(r"\b(the \w+s)'s\b", r"\1'", text)


def render(name: str, draw_facts, variant: int, g: Gen) -> tuple[str, str]:
    """One (question, brief) pair for a situation's question variant, with facts from `g`."""
    texts = SITUATION_TEXTS[name]
    asked = texts["questions"][variant]
    extra = {k: v for k, v in asked.items() if k not in ("question", "roles")}
    facts = dict(draw_facts(g))
    for key, value in extra.items():
        if key not in BRIEF_PARTS:
            facts[key] = packgen.fill(value, facts) if isinstance(value, str) else value
    roles = dict(texts["roles"])
    roles.update(asked.get("roles", {}))
    ctx = dict(facts)
    ctx.update({k: packgen.fill(v, facts) for k, v in roles.items()})
    ctx.update({k + "c": cap(v) for k, v in list(ctx.items()) if isinstance(v, str)})

    question = packgen.fill(asked["question"], ctx)
    if g.chance(0.14):
        question = g.pick(POOLS["question_prefix"]) + question
    if g.chance(0.14) and question[-1] in ".?!":
        question += g.pick(POOLS["question_suffix"])

    def brief() -> str:
        issue_t = g.pick(extra.get("issue") or texts["issue"])
        if issue_t.startswith("?"):  # a whole sentence, not a "whether" clause
            issue = cap(packgen.fill(issue_t[1:], ctx))
        else:
            issue = g.fill_choice(ISSUE_LEADS, x=packgen.fill(issue_t, ctx))
        keys = extra.get("rule") or texts["rule"]
        rules = []
        for i, key in enumerate(keys):
            cite, statement = RULES[key]
            leads = POOLS["rule_first"] if i == 0 else POOLS["rule_next"]
            leads = [t for t in leads if ":" not in t or ":" not in statement]
            rules.append(g.fill_choice(leads, cite=cite, s=statement))
        app = lead(g.pick(APP_LEADS), g.pick(extra.get("app") or texts["app"]), ctx)
        concl = lead(g.pick(CONCL_LEADS), g.pick(extra.get("concl") or texts["concl"]), ctx)
        return f"Issue: {issue}\nRule: {' '.join(rules)}\nApplication: {app}\nConclusion: {concl}"

    answer = plural_possessives(brief())
    tries = 0
    while not MIN_WORDS <= words(answer) <= MAX_WORDS:
        tries += 1
        if tries > 20:
            raise ValueError(f"cannot fit {name} variant {variant} into {MIN_WORDS}-{MAX_WORDS} words: {answer!r}")
        answer = plural_possessives(brief())
    return question, answer


def all_pairs() -> list[tuple[int, int]]:
    """(situation index, variant index) for every hand-written question variant."""
    return [(i, v) for i, (_, name, _) in enumerate(SITUATIONS)
            for v in range(len(SITUATION_TEXTS[name]["questions"]))]


def pick_eval(pairs: list[tuple[int, int]], rng: PackRandom) -> list[tuple[int, int]]:
    """EVAL_ITEMS pairs, at most one per situation, taken from the statutes in turn."""
    by_statute: dict[str, list[int]] = {}
    for i, (statute, _, _) in enumerate(SITUATIONS):
        by_statute.setdefault(statute, []).append(i)
    queues = {s: rng.sample(ids, len(ids)) for s, ids in by_statute.items()}
    variants: dict[int, list[int]] = {}
    for i, v in pairs:
        variants.setdefault(i, []).append(v)
    chosen: list[tuple[int, int]] = []
    while len(chosen) < EVAL_ITEMS:
        for statute in by_statute:
            if queues[statute] and len(chosen) < EVAL_ITEMS:
                i = queues[statute].pop()
                chosen.append((i, rng.choice(variants[i])))
    return chosen


def main() -> None:
    # The statements in pools.json must be the rules of docs/: every cited section exists there.
    docs = "\n".join(p.read_text(encoding="utf-8") for p in sorted((HERE / "docs").glob("*.md")))
    for key, (cite, _) in RULES.items():
        number = re.search(r"(?:s|r)\. (\d+)", cite).group(1)
        heading = "Rule" if cite.startswith(SCR) else "Section"
        assert f"## {heading} {number}." in docs, f"{key}: {cite} is not in docs/"
    # pools.json holds the texts of exactly the situations drawn here
    drawn, written = {name for _, name, _ in SITUATIONS}, set(SITUATION_TEXTS)
    assert drawn == written, f"no texts for {sorted(drawn - written)}; texts of no situation: {sorted(written - drawn)}"
    system = packgen.system_prompt(HERE)

    pairs = all_pairs()
    eval_rng = Gen(EVAL_SEED)
    held_out = pick_eval(pairs, eval_rng)
    held = set(held_out)
    train_pairs = [p for p in pairs if p not in held]
    train_rng = Gen(TRAIN_SEED)
    train_rng.shuffle(train_pairs)

    train_rows = []
    for i, v in train_pairs:
        _, name, draw_facts = SITUATIONS[i]
        question, answer = render(name, draw_facts, v, train_rng)
        train_rows.append({"messages": [{"role": "system", "content": system},
                                        {"role": "user", "content": question},
                                        {"role": "assistant", "content": answer}]})

    checks = [{"type": "sections", "headings": HEADINGS},
              {"type": "length", "max_words": CHECK_MAX, "min_words": CHECK_MIN}]
    eval_rows = []
    for i, v in held_out:
        statute, name, draw_facts = SITUATIONS[i]
        question, answer = render(name, draw_facts, v, eval_rng)
        eval_rows.append({"id": f"{statute}-{name}-{v + 1}", "kind": "skill", "question": question,
                          "checks": checks, "reference": answer})

    train_questions = {r["messages"][1]["content"] for r in train_rows}
    assert len(train_questions) == len(train_rows), "duplicate training question"
    assert not train_questions & {r["question"] for r in eval_rows}, "an eval question is also a training question"

    packgen.write_jsonl(HERE / "train.jsonl", train_rows)
    packgen.write_jsonl(HERE / "eval.jsonl", eval_rows)
    print(f"{len(SITUATIONS)} situations, {len(pairs)} question variants: "
          f"wrote {len(train_rows)} training examples and {len(eval_rows)} eval items to {HERE}")


if __name__ == "__main__":
    main()
