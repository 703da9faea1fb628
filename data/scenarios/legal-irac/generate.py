#!/usr/bin/env python3
"""Write train.jsonl and eval.jsonl for the legal-irac scenario pack.

Run `python generate.py` from any folder; the files are written next to this script.

How the data is built
---------------------
Each function decorated with @situation below is one hand-written legal situation under
one of the five Maren statutes in docs/. A situation holds several hand-written question
variants (a one-liner, a longer story with names and dates, a worried or blunt message...),
the provisions that govern it, and hand-written Issue / Application / Conclusion sentences
for it. Names, amounts and dates are drawn from seeded random streams, and derived facts
(deadlines, caps, penalties) are computed from them, so each brief applies the rule to the
very facts in its question.

Every (situation, question variant) pair is used exactly once across the two files: a few
dozen go to eval.jsonl, chosen by the evaluation stream, and all the others to
train.jsonl. Training facts come from one random stream and evaluation facts from
another. Sentence openers, rule lead-ins and conclusion phrasings are picked from pools,
so the briefs share a form, not a template.

Standard library only; deterministic for a given Python version.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
TRAIN_SEED = 4117          # facts of the training examples
EVAL_SEED = 90_551         # a different stream: which pairs are held out, and their facts
EVAL_ITEMS = 48
HEADINGS = ["Issue", "Rule", "Application", "Conclusion"]
MIN_WORDS, MAX_WORDS = 60, 160     # what every brief is written to
CHECK_MIN, CHECK_MAX = 40, 200     # what the eval length check allows

SYSTEM = tomllib.loads((HERE / "scenario.toml").read_text(encoding="utf-8"))["system"].strip()
YEAR = 2025

# --------------------------------------------------------------------------------------------
# The provisions (the same text as docs/, shortened to one clause each)
# --------------------------------------------------------------------------------------------

TA, CSA, EC = "Tenancy Act", "Consumer Sales Act", "Employment Code"
NNO, SCR = "Neighbours and Nuisance Ordinance", "Small Claims Rules"

RULES: dict[str, tuple[str, str]] = {
    # Tenancy Act
    "ta1.3": (f"{TA} s. 1(3)", "written notice includes a letter, an email or a text message, but not a phone call or a voice message"),
    "ta6.1": (f"{TA} s. 6(1)", "a deposit may not exceed two months' rent"),
    "ta6.2": (f"{TA} s. 6(2)", "any amount taken above that cap must be repaid to the tenant on demand"),
    "ta6.3": (f"{TA} s. 6(3)", "the landlord must return the deposit within 21 days after the keys are returned, less deductions each listed in writing with reason and amount"),
    "ta6.4": (f"{TA} s. 6(4)", "no deduction may be made for fair wear and tear, such as faded paint, small nail holes, minor scuffs or carpet worn by ordinary use"),
    "ta6.5": (f"{TA} s. 6(5)", "a landlord who neither returns the deposit nor lists deductions within 21 days owes the full deposit plus one quarter of it"),
    "ta9.1": (f"{TA} s. 9(1)", "the landlord must keep the structure, windows, heating, hot water, plumbing, electrics and entrance locks in good repair"),
    "ta9.2": (f"{TA} s. 9(2)", "urgent defects, including no heating between 1 October and 30 April and no water or hot water, must be repaired within 3 days of a report"),
    "ta9.3": (f"{TA} s. 9(3)", "any other defect must be repaired within 28 days after the tenant reports it in writing"),
    "ta9.4": (f"{TA} s. 9(4)", "after a missed deadline the tenant may cut the rent by up to 30 percent, or have the repair done and deduct its reasonable cost, up to one month's rent"),
    "ta9.5": (f"{TA} s. 9(5)", "the tenant must pay for damage caused by the tenant, the household or guests beyond fair wear and tear"),
    "ta11.1": (f"{TA} s. 11(1)", "the landlord may enter only after at least 48 hours' written notice stating the purpose"),
    "ta11.2": (f"{TA} s. 11(2)", "entry with notice may take place only between 08:00 and 20:00"),
    "ta11.3": (f"{TA} s. 11(3)", "entry without notice is allowed only in an emergency threatening people or property, such as fire, flooding or a gas leak"),
    "ta11.4": (f"{TA} s. 11(4)", "the tenant may not unreasonably refuse entry for repairs or, in the last two months of a tenancy, for viewings"),
    "ta14.1": (f"{TA} s. 14(1)", "a tenant may end a periodic tenancy by giving one month's written notice, without a reason"),
    "ta14.2": (f"{TA} s. 14(2)", "a landlord may end a periodic tenancy only by three months' written notice stating a listed reason: own or family use, sale with vacant possession, serious breach, or major renovation"),
    "ta14.4": (f"{TA} s. 14(4)", "where the tenancy has lasted more than five years, the landlord's notice period is six months"),
    "ta14.5": (f"{TA} s. 14(5)", "a notice not given in writing, or a landlord's notice stating no listed reason, is void"),
    "ta14.6": (f"{TA} s. 14(6)", "a fixed-term tenancy may be ended before its term only by agreement of both parties or for serious breach"),
    "ta15.1": (f"{TA} s. 15(1)", "where rent is at least two months in arrears, the landlord may end the tenancy by one month's written notice"),
    "ta15.2": (f"{TA} s. 15(2)", "the notice lapses if the tenant pays all arrears before it expires, a right available once in any 24 months"),
    "ta17": (f"{TA} s. 17", "rent may rise at most once in 12 months, by no more than 5 percent, after at least two months' written notice, and an increase breaking these limits is void"),
    "ta17.4": (f"{TA} s. 17(4)", "the tenant may recover any extra rent paid under a void increase"),
    "ta20.1": (f"{TA} s. 20(1)", "a tenant may sublet or take in a lodger only with the landlord's written consent, which may not be refused without good reason"),
    "ta20.3": (f"{TA} s. 20(3)", "if the landlord does not answer a written request within 14 days, consent is deemed given"),
    "ta20.4": (f"{TA} s. 20(4)", "subletting without consent, including holiday letting, is a serious breach for the purposes of s. 14(3)"),
    "ta22.1": (f"{TA} s. 22(1)", "a landlord may not change the locks, remove belongings or cut off water, power or heating to make a tenant leave; removal needs a Town Court order"),
    "ta22.2": (f"{TA} s. 22(2)", "a tenant unlawfully excluded may recover 150 crowns for each day of exclusion plus the cost of lost or damaged belongings"),
    "ta24.1": (f"{TA} s. 24(1)", "a tenant may keep small caged animals and fish, and any term forbidding them is void"),
    "ta24.2": (f"{TA} s. 24(2)", "a tenant may keep a dog or cat unless the written tenancy agreement forbids it"),
    # Consumer Sales Act
    "csa2": (f"{CSA} s. 2", "the Act applies only where a trader sells goods or supplies services to a consumer, not to sales between private individuals"),
    "csa5.1": (f"{CSA} s. 5(1)", "within 30 days after delivery, a consumer may reject faulty goods and receive a full refund"),
    "csa5.2": (f"{CSA} s. 5(2)", "after 30 days and within two years of delivery, the trader may choose to repair or replace faulty goods"),
    "csa5.3": (f"{CSA} s. 5(3)", "if repair or replacement fails, is refused or takes longer than 30 days, the consumer may have a full refund or keep the goods at a fair price reduction"),
    "csa5.4": (f"{CSA} s. 5(4)", "the remedies for faulty goods run against the trader who sold them, and a manufacturer's guarantee only adds to them"),
    "csa6.1": (f"{CSA} s. 6(1)", "a fault appearing within 12 months of delivery is presumed to have existed at delivery unless the trader proves otherwise"),
    "csa6.2": (f"{CSA} s. 6(2)", "after 12 months, the consumer must show that the fault existed at delivery or results from poor quality"),
    "csa8.1": (f"{CSA} s. 8(1)", "a consumer who buys online, by phone, by mail order or at the door may cancel without reason within 14 days after receiving the goods, or after making a service contract"),
    "csa8.2": (f"{CSA} s. 8(2)", "the trader must refund all payments, including standard delivery charges, within 14 days of the cancellation"),
    "csa8.3": (f"{CSA} s. 8(3)", "the consumer pays the cost of returning the goods only if told so in writing before the contract"),
    "csa8.4": (f"{CSA} s. 8(4)", "the right to cancel does not cover personalised or made-to-measure goods, perishable goods, or sealed hygiene goods unsealed after delivery"),
    "csa8.5": (f"{CSA} s. 8(5)", "if the trader did not inform the consumer of the right to cancel, the period is extended to 12 months"),
    "csa10.1": (f"{CSA} s. 10(1)", "a consumer who buys in a shop may not return goods that are not faulty for a change of mind, unless the trader's returns policy allows it"),
    "csa10.2": (f"{CSA} s. 10(2)", "a trader's published returns policy binds the trader"),
    "csa10.3": (f"{CSA} s. 10(3)", "any sign, receipt term or policy limiting the rights in s. 5 is void"),
    "csa12.1": (f"{CSA} s. 12(1)", "the first term of a continuing service contract may not exceed 12 months, and after 12 months the consumer may cancel with one month's notice whatever the contract says"),
    "csa12.2": (f"{CSA} s. 12(2)", "after the first term, the contract may renew only month by month, and the consumer may cancel at any time with one month's notice"),
    "csa12.3": (f"{CSA} s. 12(3)", "the trader must send a written reminder at least 30 days before the first term ends, failing which the consumer may cancel with immediate effect"),
    "csa12.4": (f"{CSA} s. 12(4)", "a consumer may cancel at any time with one month's notice after moving more than 30 km from the trader's nearest premises, or if a doctor certifies they cannot use the service for three months"),
    "csa14.1": (f"{CSA} s. 14(1)", "goods must be delivered on the agreed date or, if none was agreed, within 30 days of the contract"),
    "csa14.2": (f"{CSA} s. 14(2)", "if delivery is late, the consumer may set a further period of at least 7 days in writing and, if that is missed, cancel and be refunded within 14 days"),
    "csa14.3": (f"{CSA} s. 14(3)", "if the consumer told the trader before the contract that the date was essential, the consumer may cancel at once when it is missed"),
    "csa15.1": (f"{CSA} s. 15(1)", "a trader must sell at the price displayed on the goods, the shelf or the website, and may not charge more at the till"),
    "csa15.2": (f"{CSA} s. 15(2)", "where the displayed price is an obvious error, such as less than half the usual price, the trader may refuse to sell the goods instead"),
    "csa16": (f"{CSA} s. 16(1)", "a gift voucher is valid for at least three years from issue, and a shorter printed expiry is replaced by that period"),
    "csa18.1": (f"{CSA} s. 18(1)", "a trader supplying a service must use reasonable care and skill and finish within a reasonable time"),
    "csa18.2": (f"{CSA} s. 18(2)", "where no price was agreed in advance, the consumer pays only a reasonable price"),
    "csa18.3": (f"{CSA} s. 18(3)", "if a service falls short, the consumer may have it redone free of charge or, failing that, a fair price reduction, and damage to the consumer's property must be compensated"),
    # Employment Code
    "ec21.1": (f"{EC} s. 21(1)", "an employer must give written notice of one month for service under two years, two months for two to five years, and three months beyond five years"),
    "ec21.2": (f"{EC} s. 21(2)", "an employee must give one month's written notice unless the contract allows a shorter period"),
    "ec21.3": (f"{EC} s. 21(3)", "during an agreed probation period of up to six months, either party may end the employment with 14 days' notice"),
    "ec21.4": (f"{EC} s. 21(4)", "notice must be in writing, and notice given by phone or in conversation does not start the notice period"),
    "ec24.1": (f"{EC} s. 24(1)", "an employer may dismiss without notice only for gross misconduct, such as theft, violence, serious danger to others or a grave breach of trust"),
    "ec24.2": (f"{EC} s. 24(2)", "the employer must give written reasons within 3 working days, failing which the employee is owed pay in lieu of notice"),
    "ec24.3": (f"{EC} s. 24(3)", "an employee dismissed without notice for any other reason is owed pay for the notice period under s. 21"),
    "ec26.1": (f"{EC} s. 26(1)", "an employee with 12 months' service may be dismissed only for misconduct after a written warning, gross misconduct, incapability after a warning, redundancy, or a legal bar"),
    "ec26.2": (f"{EC} s. 26(2)", "an employee dismissed without a fair reason may claim up to six months' pay from the Town Employment Panel within three months"),
    "ec30.1": (f"{EC} s. 30(1)", "when employment ends, the employer must pay all outstanding wages, untaken leave and approved expenses within 10 days after the last working day"),
    "ec30.2": (f"{EC} s. 30(2)", "late payment adds 5 percent of the unpaid amount for each full week of delay, up to 50 percent"),
    "ec31": (f"{EC} s. 31", "monthly wages must be paid by the last working day of the month with an itemised payslip, and the late-payment surcharge of s. 30(2) applies"),
    "ec33.1": (f"{EC} s. 33(1)", "a full-time employee is entitled to 25 working days of paid leave a year, and a part-time employee to 5 days for each weekday worked per week"),
    "ec33.2": (f"{EC} s. 33(2)", "up to 5 untaken days carry over to the next year and the rest lapse, unless the employer prevented the employee from taking them"),
    "ec33.3": (f"{EC} s. 33(3)", "leave untaken when employment ends must be paid out"),
    "ec33.4": (f"{EC} s. 33(4)", "an employer who directs when leave is taken must give at least 14 days' notice"),
    "ec36.2": (f"{EC} s. 36(2)", "hours beyond 40 in a week are overtime, paid at 125 percent or, if agreed in writing, with 1.25 hours off per hour"),
    "ec36.3": (f"{EC} s. 36(3)", "work on a Sunday or public holiday is paid at 150 percent of the normal hourly rate"),
    "ec36.4": (f"{EC} s. 36(4)", "average working time may not exceed 48 hours a week over any 12 weeks"),
    "ec38.1": (f"{EC} s. 38(1)", "an employee receives full pay for up to 10 working days of sickness per calendar year"),
    "ec38.2": (f"{EC} s. 38(2)", "the employer may require a doctor's certificate only from the fourth consecutive day of absence"),
    "ec38.3": (f"{EC} s. 38(3)", "beyond 10 days, sickness benefit is paid by the Town Sickness Fund on the employee's application"),
    "ec41.1": (f"{EC} s. 41(1)", "an employer may deduct from wages only what the law requires or what the employee agreed to in writing in advance"),
    "ec41.2": (f"{EC} s. 41(2)", "a deduction for loss or damage is allowed only for intent or gross negligence, and never above 10 percent of net wages in a pay period"),
    "ec41.3": (f"{EC} s. 41(3)", "an unlawful deduction must be repaid"),
    "ec44": (f"{EC} s. 44(1)", "an employer must provide required uniforms and safety equipment free of charge and may not deduct their cost from wages"),
    "ec47.1": (f"{EC} s. 47(1)", "an employee is entitled to 20 weeks of parental leave"),
    "ec47.2": (f"{EC} s. 47(2)", "a dismissal during pregnancy, during parental leave or within four months after returning is void, unless for unrelated gross misconduct"),
    "ec50": (f"{EC} s. 50", "on request, the employer must within 14 days give a written certificate of employment stating the dates and role, and its statements must be true"),
    # Neighbours and Nuisance Ordinance
    "nno3.1": (f"{NNO} s. 3(1)", "quiet hours run from 22:00 to 07:00 on nights from Sunday to Thursday, and from 23:00 to 08:00 on Friday and Saturday nights"),
    "nno3.2": (f"{NNO} s. 3(2)", "during quiet hours no one may make noise that can be clearly heard inside a neighbouring home"),
    "nno3.3": (f"{NNO} s. 3(3)", "a household may hold up to four celebrations a year lasting until 01:00 if it posts a notice for neighbours at least 48 hours ahead"),
    "nno3.4": (f"{NNO} s. 3(4)", "quiet hours do not apply on New Year's Eve or the night of the Maren Town Festival"),
    "nno4": (f"{NNO} s. 4", "outside quiet hours, music or an instrument clearly heard in a neighbouring home is allowed for up to two hours a day, and more is a nuisance"),
    "nno5.1": (f"{NNO} s. 5(1)", "noisy building work and power tools are allowed only 08:00 to 19:00 on weekdays and 09:00 to 17:00 on Saturdays, never on Sundays or public holidays"),
    "nno5.2": (f"{NNO} s. 5(2)", "works lasting more than three days require written notice to adjoining neighbours at least 7 days before they start"),
    "nno5.3": (f"{NNO} s. 5(3)", "emergency repairs are exempt from the limits on building works"),
    "nno7.1": (f"{NNO} s. 7(1)", "on written request, the owner of a tree or hedge must cut back branches and roots crossing the boundary within 30 days"),
    "nno7.2": (f"{NNO} s. 7(2)", "if the owner ignores a written request for 30 days, the neighbour may cut back to the boundary line and recover the reasonable cost, up to 500 crowns"),
    "nno7.3": (f"{NNO} s. 7(3)", "between 1 March and 31 July only light trimming is allowed, to protect nesting birds, unless the growth is dangerous"),
    "nno7.4": (f"{NNO} s. 7(4)", "a hedge on or within 1 metre of a boundary may not be taller than 2 metres"),
    "nno7.5": (f"{NNO} s. 7(5)", "fruit that falls naturally onto a neighbour's land belongs to that neighbour"),
    "nno9.1": (f"{NNO} s. 9(1)", "the keeper of an animal is liable for injury or damage it causes, even without fault, unless the victim provoked it or was on the keeper's land without permission"),
    "nno9.2": (f"{NNO} s. 9(2)", "dogs must be kept on a lead in streets, squares and the Town Park"),
    "nno9.3": (f"{NNO} s. 9(3)", "barking or howling lasting more than 15 minutes at a time, or recurring during quiet hours, is a nuisance"),
    "nno11.1": (f"{NNO} s. 11(1)", "burning garden waste or rubbish in the open is prohibited within the town"),
    "nno11.2": (f"{NNO} s. 11(2)", "barbecues are allowed but must be placed so that smoke does not blow directly into a neighbour's windows"),
    "nno13.1": (f"{NNO} s. 13(1)", "a fence or wall up to 1.8 metres high needs no permit, and anything higher needs a Town permit"),
    "nno13.2": (f"{NNO} s. 13(2)", "repairs to a boundary fence serving both properties are shared equally; the neighbour seeking repair gives written notice with a quote, and the other has 30 days to object"),
    "nno15": (f"{NNO} s. 15", "no one may block access to another property's driveway, gate or entrance, and the Town Warden may have a blocking vehicle removed at its owner's cost"),
    "nno18.1": (f"{NNO} s. 18(1)", "a person affected by a breach should first give the person responsible written notice, unless there is danger"),
    "nno18.2": (f"{NNO} s. 18(2)", "if the breach continues or recurs within six months after written notice to the person responsible, the affected person may complain to the Town Warden"),
    "nno18.3": (f"{NNO} s. 18(3)", "the Town Warden may issue a warning and fines of 100 crowns for a first breach and 250 crowns for each further breach"),
    "nno18.4": (f"{NNO} s. 18(4)", "the affected person may also ask the Town Court to order the nuisance stopped and award compensation"),
    # Small Claims Rules
    "scr2.1": (f"{SCR} r. 2(1)", "the small claims procedure of the Town Court covers money claims of up to 8,000 crowns"),
    "scr2.2": (f"{SCR} r. 2(2)", "the small claims procedure does not cover claims about ownership of land or boundaries, defamation, or family matters"),
    "scr2.3": (f"{SCR} r. 2(3)", "a claimant may give up the part of a claim above 8,000 crowns to use the procedure, and that part cannot be claimed later"),
    "scr2.4": (f"{SCR} r. 2(4)", "a single claim may not be split into several claims to stay under the limit"),
    "scr4.1": (f"{SCR} r. 4(1)", "before filing, the claimant must send a written demand stating the amount and giving at least 14 days to pay"),
    "scr4.2": (f"{SCR} r. 4(2)", "without that demand the court may pause the claim, and the claimant may not recover the filing fee"),
    "scr5": (f"{SCR} r. 5", "the filing fee is 40 crowns for claims up to 1,000 crowns and 90 crowns for larger claims, and the losing party repays the winner's fee"),
    "scr6": (f"{SCR} r. 6", "a claim is filed at the Town Court registry or through the Town Court portal, stating the parties, the amount and the reasons, with copies of documents"),
    "scr7": (f"{SCR} r. 7", "a claim must be filed within three years after the day it arose, meaning the day payment was due or the damage occurred"),
    "scr9.1": (f"{SCR} r. 9(1)", "the defendant has 21 days after receiving the claim to file a defence"),
    "scr9.2": (f"{SCR} r. 9(2)", "if no defence is filed in time, the claimant may ask for judgment without a hearing"),
    "scr10.1": (f"{SCR} r. 10(1)", "the hearing is held within 10 weeks after the defence and is informal"),
    "scr10.2": (f"{SCR} r. 10(2)", "the parties may represent themselves and bring a friend or relative to help"),
    "scr10.3": (f"{SCR} r. 10(3)", "lawyers' fees are recoverable from the losing party only up to 300 crowns"),
    "scr12.1": (f"{SCR} r. 12(1)", "a party ordered to pay must pay within 14 days after the judgment"),
    "scr12.2": (f"{SCR} r. 12(2)", "the court may allow instalments over up to 12 months if the debtor shows it cannot pay at once"),
    "scr13": (f"{SCR} r. 13", "if a judgment is not paid on time, the winner may apply to the Town Bailiff, whose 30-crown fee is added to the debt"),
    "scr15": (f"{SCR} r. 15", "an appeal lies only on a point of law, to the Town Court of Appeal, within 21 days after judgment, and disagreement with the facts found is no ground"),
}

# --------------------------------------------------------------------------------------------
# Pools for names, places and businesses
# --------------------------------------------------------------------------------------------

FIRST = """Ada Anouk Amir Bram Bastian Clea Cato Dario Dina Elin Emre Femke Frida Goran Hana Hugo Ilse
Iris Joris Jonas Kasia Kofi Lior Lena Leila Mira Marek Mei Nils Nadia Oona Otto Pieter Petra Priya
Rosa Ruben Sven Saskia Tamsin Tomas Tariq Uma Vito Vera Wren Willem Yara Zofia Aurel Benedikt Carys
Dagny Edda Fenna Gideon Halvar Ines Jarno Kirsi Linnea Mattis Nell Orla Quentin Runa Sabine Teodor
Ulla Valter Wilma Ysolde Zeno""".split()
SURNAMES = """Lind Hollis Voss Brandt Okafor Maalouf Ferreira Janssen Kowalski Meyer Novak Osei Petrov
Quist Rahman Santos Tebbe Ulrich Varga Winter Aalto Berg Dekker Falk Graaf Haas Ibsen Jovanovic
Kerr Lutz Moreau Nyberg Olsen Pallas Reyes Strand Thorne Vidal Wessel Ashby Coren Drummond Ember
Fairlie Garrow Hesketh Ivers Keel Marsh""".split()
TITLES = ["Mr", "Ms", "Mrs", "Dr"]
STREETS = ["Ropewalk", "Kiln Street", "Harbour Lane", "Tollgate Road", "Chandler's Row", "Beacon Hill",
           "Mill Quay", "Saltpan Street", "Netmakers' Yard", "Old Customs Square", "Lantern Street",
           "Weir Road", "Gull Terrace", "Cooper's Walk", "Tidemark Close", "Brine Street", "North Dyke",
           "Sailcloth Lane", "Anchor Court", "Marsh Gate"]
AGENCIES = ["Harbourside Lettings", "Maren Homes", "Quayline Property", "Beacon Estates", "Old Town Rentals",
            "Saltmarsh Living"]
SHOPS = {
    "electronics": ["Brannock Electrics", "Voltaire Tech", "Quayside Digital", "Lumen & Wire", "ByteHarbour"],
    "furniture": ["Kiln Street Furniture", "Nordhaus Interiors", "Oak & Anchor", "Driftwood Home", "Mill Quay Sofas"],
    "clothes": ["Tidewater Outfitters", "Sailcloth & Co", "Maren Modes", "Halyard Clothing", "Pebble & Pine"],
    "home": ["Maren Home & Garden", "Saltpan Hardware", "Harbour Housewares", "Lantern Living", "The Cooper Store"],
    "online": ["shopmaren.com", "NordCart", "Brightbasket", "quickparcel.mr", "Tidewater Online"],
}
EMPLOYERS = ["the Saltworks Café", "Gullwing Logistics", "Pier 9 Bakery", "Marenvale Care Home", "Lanternfish Print",
             "Harbour Hotel", "Kestrel Cleaning", "Brightwater Dental", "Old Quay Brewery", "Nordlys Marine",
             "the Beacon Bookshop", "Tollgate Motors", "Marsh & Sons Builders", "Ferrylight Tours"]
JOBS_AT = {
    "the Saltworks Café": ["waiter", "barista", "kitchen porter"], "Gullwing Logistics": ["warehouse picker", "delivery driver", "dispatcher"],
    "Pier 9 Bakery": ["baker", "sales assistant"], "Marenvale Care Home": ["care assistant", "night nurse", "cook"],
    "Lanternfish Print": ["print technician", "junior designer"], "Harbour Hotel": ["receptionist", "hotel cleaner", "waiter"],
    "Kestrel Cleaning": ["cleaner", "team supervisor"], "Brightwater Dental": ["dental nurse", "receptionist"],
    "Old Quay Brewery": ["brewery assistant", "bar manager"], "Nordlys Marine": ["boat mechanic", "bookkeeper"],
    "the Beacon Bookshop": ["sales assistant", "bookkeeper"], "Tollgate Motors": ["mechanic", "receptionist"],
    "Marsh & Sons Builders": ["bricklayer", "bookkeeper"], "Ferrylight Tours": ["tour guide", "ticket clerk"],
}
GYMS = ["IronQuay Fitness", "Harbour Yoga Loft", "PulseBox Gym", "Tidal Swim Club", "Beacon Climbing Wall",
        "CoreWorks Studio"]
NUMWORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
            10: "ten", 11: "eleven", 12: "twelve"}


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


class Gen:
    """Random choices for one stream."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def pick(self, seq):
        return self.rng.choice(list(seq))

    def facts(self) -> Facts:
        return Facts(self)

    def int(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def amount(self, lo: int, hi: int, step: int = 10) -> int:
        return self.rng.randrange(lo, hi + 1, step)

    def first(self) -> str:
        return self.pick(FIRST)

    def surname(self) -> str:
        return self.pick(SURNAMES)

    def mister(self) -> str:
        return f"{self.pick(TITLES)} {self.surname()}"

    def ms(self) -> str:
        return f"{self.pick(['Ms', 'Mrs'])} {self.surname()}"

    def landlord(self) -> str:
        return self.pick(AGENCIES) if self.chance(0.25) else self.mister()

    def street(self) -> str:
        return self.pick(STREETS)

    def shop(self, kind: str) -> str:
        return self.pick(SHOPS[kind])

    def employer(self) -> str:
        return self.pick(EMPLOYERS)

    def workplace(self) -> dict:
        """An employer and a job that it plausibly has."""
        emp = self.pick(EMPLOYERS)
        return dict(emp=emp, job=self.pick(JOBS_AT[emp]))

    def gym(self) -> str:
        return self.pick(GYMS)

    def date(self, m1: int, d1: int, m2: int, d2: int, year: int = YEAR) -> dt.date:
        a, b = dt.date(year, m1, d1), dt.date(year, m2, d2)
        return a + dt.timedelta(days=self.rng.randint(0, (b - a).days))

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


def V(question: str, roles: dict | None = None, **extra) -> tuple[str, dict, dict]:
    """One question variant: its text, who the brief names (roles), and any facts or
    Issue/Rule/Application/Conclusion sentences that differ for this variant."""
    return (question, roles or {}, extra)


SITUATIONS: list[tuple[str, str, object]] = []


def situation(statute: str, name: str):
    def register(fn):
        SITUATIONS.append((statute, name, fn))
        return fn
    return register


# --------------------------------------------------------------------------------------------
# Phrasing pools for the brief
# --------------------------------------------------------------------------------------------

ISSUE_LEADS = ["Whether {x}.", "Whether {x}.", "The issue is whether {x}.", "At issue is whether {x}.",
               "The question is whether {x}."]
RULE_FIRST = ["Under {cite}, {s}.", "Under {cite}, {s}.", "{cite} provides that {s}.", "{cite} states that {s}.",
              "The governing provision is {cite}: {s}."]
RULE_NEXT = ["Under {cite}, {s}.", "{cite} adds that {s}.", "{cite} provides that {s}.", "By {cite}, {s}."]
APP_LEADS = ["", "", "", "Here, ", "On these facts, ", "In this case, ", "On the facts given, "]
CONCL_LEADS = ["", "", "", "Accordingly, ", "Therefore, ", "In short, ", "It follows that "]
PROPER_OPENINGS = ("I ", "Maren", "Town ", "New Year", "Tenancy Act", "Consumer Sales Act", "Employment Code",
                   "Neighbours and Nuisance", "Small Claims Rules")

QUESTION_PREFIX = ["Hi, ", "Hello. ", "Hi there. ", "Quick question: ", "Hoping you can help. ",
                   "Sorry if this is a basic question. ", "Legal question: "]
QUESTION_SUFFIX = [" Thanks.", " Thanks in advance!", " Any help appreciated.", " Thank you.",
                   " I'd be grateful for a straight answer.", " Cheers."]


def lead(prefix: str, template: str, ctx: dict) -> str:
    """Render `template` and put `prefix` ("Here, ") before it, lowering its first letter
    unless the sentence opens with a name: a placeholder whose value is capitalised in its
    own right, or a proper word."""
    sentence = template.format(**ctx)
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
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("My landlord still hasn't given back my deposit of {dep_u}. I handed the keys back on {out_u} and it's now {now_u}. What are my options?"),
            V("I'm {n}. I rented a flat on {street} for three years and moved out on {out_u}. {l} walked round it with me, said everything looked fine and promised the {dep_u} deposit 'soon'. Today is {now_u}: no money, not even a list of deductions, and my texts go unanswered. Is there a deadline for returning a deposit in Maren, and can I ask for more than the deposit itself?",
              dict(T="{n}", L="{l}")),
            V("deposit {dep_u}, keys back {out_u}, still nothing as of {now_u}. landlord just ignores me. is that even allowed??"),
        ],
        issue=["{T} can recover the deposit of {dep} that {L} has neither returned nor itemised since the keys came back on {out}",
               "{L} has breached the deposit rules by keeping the deposit of {dep} without explanation since {out}, and what {T} may claim"],
        rule=["ta6.3", "ta6.5"],
        app=["{Tc} returned the keys on {out}, so the deposit or a written list of deductions was due by {due}. Neither had come by {now}, so s. 6(5) applies: {dep} plus one quarter, {pen}, makes {tot}.",
             "The 21 days ran from {out} and ended on {due}. No repayment and no itemised deductions followed, so s. 6(5) applies and {T} may claim the deposit of {dep} together with {pen}, one quarter of it."],
        concl=["{Tc} is entitled to {tot} and may demand it in writing before bringing a small claim.",
               "{Lc} owes {tot}, and {T} can pursue it as a small claim if it is not paid."],
    )


WEAR = [("repainting the living room because the paint has faded", "repainting walls whose paint had faded"),
        ("a new hallway carpet because the old one was 'worn'", "replacing a carpet worn by ordinary use"),
        ("filling a dozen small picture-hook holes", "filling small nail holes"),
        ("touching up scuffs on the walls", "touching up minor scuffs"),
        ("'general freshening up' of the paintwork", "freshening up paintwork that had aged")]


@situation("tenancy", "deposit-wear-and-tear")
def _(g: Gen):
    F = g.facts()
    F.money("dep", g.amount(900, 2600, 100))
    F.money("ded", g.amount(150, 700, 10))
    q_item, a_item = g.pick(WEAR)
    F.set(years=NUMWORDS[g.int(2, 7)], item_q=q_item, item_a=a_item, street=g.street(), l=g.landlord())
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("After {years} years in the flat, my landlord has kept {ded_u} of my {dep_u} deposit for {item_q}. Nothing was broken. Can they do that?"),
            V("We moved out of our place on {street} last month. {l} returned the deposit minus {ded_u}, with a note saying the money is for {item_q}. We lived there {years} years and looked after it well. To me this is just a flat getting older. Who is right?",
              dict(T="the tenants", L="{l}")),
            V("Is it legal for a landlord to charge a tenant {ded_u} for {item_q} after a {years}-year tenancy?"),
        ],
        issue=["{L} may deduct {ded} from the deposit for {item_a}",
               "a deduction of {ded} for {item_a} falls within fair wear and tear"],
        rule=["ta6.3", "ta6.4"],
        app=["The {ded} was taken for {item_a} after {years} years of occupation. That is the ordinary effect of living in a home over time, which s. 6(4) treats as fair wear and tear, so listing it in writing does not make it a valid deduction.",
             "Nothing was damaged; the charge of {ded} covers {item_a} after a tenancy of {years} years. This is fair wear and tear, and no deduction may be made for it."],
        concl=["The deduction of {ded} is not justified and should be repaid to {T}.",
               "{Tc} may ask for the {ded} back, as the deduction has no basis."],
    )


@situation("tenancy", "deposit-above-cap")
def _(g: Gen):
    F = g.facts()
    rent = F.money("rent", g.amount(600, 1400, 50))
    months = g.pick([3, 3, 4])
    F.money("ask", rent * months)
    F.money("cap2", rent * 2)
    F.money("excess", rent * (months - 2))
    F.set(months_w=NUMWORDS[months], l=g.landlord(), street=g.street())
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("A landlord wants {months_w} months' rent as a deposit before I can move in. Rent is {rent_u}. Is that normal?"),
            V("I'm about to sign for a studio on {street} at {rent_u} a month. The agent, {l}, says the deposit is {ask_u}, payable before I get the keys. That's {months_w} months of rent, which seems steep. Do I have to pay all of it?",
              dict(L="{l}")),
            V("Already paid a {ask_u} deposit on a {rent_u}/month flat. A friend says that's over the legal limit. True? Can I get some of it back?",
              app=["The rent is {rent}, so the deposit may not exceed {cap2}. The {ask} already paid is {excess} above the cap, and s. 6(2) lets {T} demand that excess back at any time."],
              concl=["{Tc} may demand repayment of {excess} now; the deposit can lawfully be no more than {cap2}."]),
        ],
        issue=["{L} may require a deposit of {ask} for a home let at {rent} a month",
               "a deposit of {months_w} months' rent, {ask}, exceeds the legal cap"],
        rule=["ta6.1", "ta6.2"],
        app=["With rent of {rent}, the cap is two months' rent, {cap2}. A deposit of {ask} exceeds it by {excess}. {Tc} need not pay more than {cap2}, and any excess paid could be reclaimed on demand.",
             "Two months' rent at {rent} is {cap2}. The {ask} requested is {excess} too much, so that part of the demand has no legal basis."],
        concl=["{Tc} can lawfully be asked for at most {cap2}.",
               "The demand for {ask} is unlawful to the extent of {excess}."],
    )


DAMAGE = [("a cracked oven door", "a cracked oven door"),
          ("a burn mark on the kitchen worktop", "a burn mark on the worktop"),
          ("the bedroom door our dog chewed", "a door chewed by the tenant's dog"),
          ("a broken bathroom mirror", "a broken bathroom mirror"),
          ("red wine stains on the landlord's sofa", "wine stains on a furnished sofa")]


@situation("tenancy", "deposit-genuine-damage")
def _(g: Gen):
    F = g.facts()
    F.money("dep", g.amount(900, 2400, 100))
    F.money("ded", g.amount(120, 480, 10))
    dq, da = g.pick(DAMAGE)
    F.set(dmg_q=dq, dmg_a=da, days=g.int(8, 19), n=g.first())
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("My landlord emailed me a list {days} days after I moved out: {ded_u} off my deposit for {dmg_q}. To be fair, that did happen while I lived there. Is he allowed to keep it?"),
            V("Got my deposit back minus {ded_u} for {dmg_q}. It was itemised in a letter {days} days after move-out. Can I fight this or not?"),
            V("{n} here. I've just left a flat where I paid a {dep_u} deposit. The landlord has listed one deduction, {ded_u} for {dmg_q}, with a tradesman's invoice attached. I admit it happened during my tenancy, but I always thought deposits came back in full. Am I wrong?",
              dict(T="{n}")),
        ],
        issue=["{L} may deduct {ded} from the deposit for {dmg_a}",
               "the deduction of {ded} for {dmg_a} is lawful"],
        rule=["ta9.5", "ta6.3"],
        app=["The damage, {dmg_a}, occurred during the tenancy and is not the result of ordinary use, so it goes beyond fair wear and tear. {Lc} listed the deduction in writing with its reason and amount, as s. 6(3) requires.",
             "{dmg_ac} is damage caused during the tenancy rather than wear from age or ordinary use. The deduction was itemised in writing, so the procedural requirement is met."],
        concl=["The deduction appears lawful, provided {ded} reflects the reasonable cost of the repair.",
               "{Tc} must bear the {ded}, unless it exceeds a reasonable repair cost."],
    )


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
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("Landlord transferred {ret_u} of my {dep_u} deposit on {back_u} with no explanation for the rest. I moved out on {out_u}. What now?"),
            V("My old landlady, {l}, paid back part of my deposit: {ret_u} out of {dep_u}. When I asked why she kept the rest she said 'for the state of the place' but wouldn't say what exactly. I left on {out_u} and the money came on {back_u}. Surely she has to tell me what it's for?",
              dict(L="{l}")),
            V("Hello. My partner {p} and I rented a two-bedroom flat for four years and moved out on {out_u}, leaving it clean with all keys returned. On {back_u} we got {ret_u} back of our {dep_u} deposit. There was no list, no photos, no explanation of the missing {ded_u}. We feel we're being taken advantage of. Is a landlord allowed to just keep part of the deposit like that?",
              dict(T="the tenants")),
        ],
        issue=["{L} may keep {ded} of the deposit without listing the deductions in writing"],
        rule=["ta6.3"],
        app=["The keys came back on {out}, so {L} had until {due} to return the deposit or list each deduction in writing with its reason and amount. The {ret} paid on {back} came with no such list for the {ded} kept back. A deduction that is not itemised does not meet s. 6(3).",
             "Only {ret} of the {dep} has been repaid, and the {ded} retained is not explained in writing. Under s. 6(3) each deduction needs a written reason and amount by {due}, 21 days after the keys were returned on {out}."],
        concl=["Unless an itemised list is given by {due}, {T} is entitled to the remaining {ded}.",
               "{Tc} may ask for the written list now and, failing it, claim back the {ded}."],
    )


@situation("tenancy", "deposit-held-until-relet")
def _(g: Gen):
    F = g.facts()
    dep = F.money("dep", g.amount(800, 2200, 100))
    out = F.date("out", g.date(1, 15, 10, 15))
    F.date("due", plus(out, 21))
    F.money("pen", dep // 4)
    F.set(l=g.landlord())
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("Landlord says he'll return my {dep_u} deposit 'once the new tenant moves in'. I moved out on {out_u}. Is that how it works?"),
            V("I left my room in a shared house on {out_u}, all keys returned, room spotless. The landlord, {l}, now tells me the {dep_u} deposit will only come back when a replacement tenant is found, which could take months. I need that money for my new place. Do they get to decide that?",
              dict(L="{l}")),
            V("Dear advisor, I vacated my rented room on {out_u} and returned every key the same day. {l} is holding my {dep_u} deposit 'until the room is let again'. May a landlord attach that condition?", dict(L="{l}")),
        ],
        issue=["{L} may hold back the deposit of {dep} until a new tenant is found"],
        rule=["ta6.3", "ta6.5"],
        app=["The 21 days run from the return of the keys on {out} and end on {due}. Finding a new tenant is not a condition of repayment. If by {due} {L} has neither repaid the {dep} nor listed deductions, {T} may also claim one quarter of the deposit, {pen}."],
        concl=["{Lc} must repay by {due} and cannot wait for a new tenant.",
               "The condition is unlawful; the deposit is due by {due} whatever happens with re-letting."],
    )


@situation("tenancy", "heating-broken-winter")
def _(g: Gen):
    F = g.facts()
    rep = F.date("rep", g.pick([g.date(1, 5, 2, 20), g.date(11, 3, 12, 10)]))
    F.date("now", plus(rep, g.int(5, 13)))
    F.date("due", plus(rep, 3))
    F.money("rent", g.amount(700, 1500, 50))
    F.set(l=g.landlord(), street=g.street())
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("Our heating stopped working on {rep_u}. I told the landlord that day. It's {now_u}, we're freezing and nobody has come. We pay {rent_u} a month. What can we do?", dict(T="the tenants")),
            V("I rent a flat on {street} with my two kids, {rent_u} a month. The boiler died on {rep_u} and I phoned and emailed {l} the same evening. All I hear is that a plumber is 'on the list'. It's now {now_u} and we're using electric heaters I had to buy myself. How long is the landlord allowed to take?",
              dict(L="{l}")),
            V("How many days does a Maren landlord have to fix central heating in winter? Mine broke {rep_u}, reported it immediately, still broken on {now_u}. Rent {rent_u}."),
        ],
        issue=["{L} has missed the deadline for repairing the heating",
               "the heating failure reported on {rep} entitles {T} to a remedy"],
        rule=["ta9.2", "ta9.4"],
        app=["The heating failed on {rep}, in the winter period, so the repair was due by {due}; it was still not fixed on {now}. {Tc} may cut the rent of {rent} by up to 30 percent or have the repair done and deduct its cost, up to {rent}.",
             "The failure on {rep} falls between 1 October and 30 April, which makes it urgent. The 3-day deadline expired on {due}, and nothing had been done by {now}, so both remedies in s. 9(4) are open against the rent of {rent}."],
        concl=["{Lc} is in breach, and {T} may reduce the rent or arrange the repair.",
               "{Tc} may use either remedy in s. 9(4) until the heating works again."],
    )


DEFECTS = [("the window frame in my bedroom leaks whenever it rains", "a leaking window frame"),
           ("the bathroom extractor fan is broken and mould is spreading", "a broken extractor fan causing mould"),
           ("the shower drain is blocked and water pools on the floor", "a blocked shower drain"),
           ("a crack in the ceiling lets water in during storms", "a ceiling crack letting in rain"),
           ("the toilet cistern runs constantly and won't fill properly", "a faulty toilet cistern"),
           ("two radiators stay cold even though the boiler works", "two cold radiators")]


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
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("I emailed my landlord on {rep_u} because {dq}. Nothing has happened. Today is {now_u}. My rent is {rent_u}. Can I pay less rent?"),
            V("Hi, I'm {n}. In my flat {dq}. I wrote to {l} on {rep_u} with photos. They acknowledged it but nobody has come, and it's now {now_u}. My rent is {rent_u}. I don't want to get evicted, but I'm fed up. Is there anything I'm allowed to do myself?",
              dict(T="{n}", L="{l}")),
            V("{dqc}. Reported in writing {rep_u}, still not fixed on {now_u}. Rent {rent_u}. What are my options as a tenant?"),
        ],
        issue=["{T} may reduce the rent because {L} has not repaired {da} reported on {rep}",
               "{L}'s failure to repair {da} entitles {T} to a remedy"],
        rule=["ta9.3", "ta9.4"],
        app=["{dac} is not urgent, so the 28 days ran from the written report on {rep} to {due}, and it remained unrepaired on {now}. {Tc} may cut the rent of {rent} by up to 30 percent, {red} a month, or arrange the repair and deduct its cost.",
             "The defect was reported in writing on {rep}, and the deadline of {due} has passed. {Tc} may cut the rent of {rent} by up to {red} a month or have the repair done at {L}'s expense."],
        concl=["{Tc} may lawfully reduce the rent by up to {red} a month until the repair is made.",
               "{Lc} is in breach, and a rent reduction of up to 30 percent is justified."],
    )


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
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("No hot water since {rep_u}. Landlord won't respond. A plumber quoted me {quote_u}. Can I get it fixed and take it off my rent of {rent_u}?"),
            V("The water heater in my flat broke on {rep_u}. I reported it to {l} straight away by text and email. {days} days later, still nothing. My neighbour knows a plumber who can fix it tomorrow for {quote_u}. My rent is {rent_u}. If I pay him myself, can I deduct it from next month's rent, or will I get in trouble?",
              dict(L="{l}")),
            V("Can a tenant in Maren pay a plumber {quote_u} and knock it off the rent? Hot water has been out since {rep_u}, landlord told the same day, nothing done in {days} days. Rent is {rent_u}."),
        ],
        issue=["{T} may have the hot water repaired and deduct the cost from the rent"],
        rule=["ta9.2", "ta9.4"],
        app=["No hot water is urgent, and the 3-day deadline from the report on {rep} expired on {due}. {Tc} may therefore have the repair done and deduct the reasonable cost, up to one month's rent of {rent}; the quote of {quote} {fits}."],
        concl=["{Tc} may proceed; {fitc}.",
               "The self-help remedy is available: {fitc}."],
    )


@situation("tenancy", "tenant-caused-damage")
def _(g: Gen):
    F = g.facts()
    F.money("cost", g.amount(90, 650, 10))
    F.set(l=g.mister(), street=g.street(), kid=g.pick(["son", "daughter"]))
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("My {kid} kicked a football through our kitchen window. The landlord wants me to pay {cost_u} for the glass. Isn't repairing windows the landlord's job?",
              what="the kitchen window", who="the tenant's child"),
            V("During a party at my flat on {street}, a guest fell against the bathroom door and broke it. The landlord, {l}, has sent me a bill for {cost_u}. I thought landlords were responsible for repairs. Do I really have to pay?",
              dict(L="{l}"), what="the bathroom door", who="a guest of the tenant"),
            V("tenant question: my dog scratched up the back door really badly. landlord wants {cost_u}. do I pay or does he?",
              what="the back door", who="the tenant's dog"),
        ],
        issue=["{T} must pay {cost} for damage to {what} caused by {who}",
               "the cost of repairing {what} falls on {T} or on {L}"],
        rule=["ta9.1", "ta9.5"],
        app=["Although {what} is part of what {L} must keep in repair, the damage was caused by {who}, not by age or ordinary use. Section 9(5) places damage caused by the tenant's household or guests on the tenant, so the {cost} is recoverable if reasonable.",
             "The general repair duty does not cover damage the tenant's side causes. {whoc} damaged {what}, which goes beyond fair wear and tear, so {T} bears the reasonable repair cost of {cost}."],
        concl=["{Tc} must pay the {cost}, provided it is a reasonable repair cost.",
               "The bill is lawful in principle; {T} may only dispute it if {cost} is more than a reasonable price."],
    )


@situation("tenancy", "hot-water-plumber-next-fortnight")
def _(g: Gen):
    F = g.facts()
    rep = F.date("rep", g.date(1, 6, 11, 20))
    F.date("due", plus(rep, 3))
    F.date("pl", plus(rep, g.int(10, 16)))
    F.set(l=g.landlord(), n=g.first())
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("Our flat has had no water at all since {rep_u} (I told the landlord right away). He says his plumber can't come until {pl_u}. Is that acceptable?"),
            V("Hello, my name is {n}. On {rep_u} the water supply to my flat stopped, apparently a burst pipe in the wall. I called {l} within the hour. The reply: their usual plumber is busy and will come on {pl_u}. I can't cook or wash. Do I have to just wait?",
              dict(T="{n}", L="{l}")),
            V("no running water since {rep_u}, landlord says fix on {pl_u}. legal?"),
        ],
        issue=["{L} may postpone the repair of the water supply until {pl}"],
        rule=["ta9.2", "ta9.4"],
        app=["Having no water is an urgent defect, so the repair reported on {rep} was due by {due}. A visit on {pl} is well outside that period, and the plumber's diary does not extend it.",
             "No water is urgent under s. 9(2). Reported on {rep}, the defect had to be repaired by {due}, not on {pl}; a busy plumber is {L}'s problem, not {T}'s."],
        concl=["Waiting until {pl} is not acceptable; {L} must repair by {due}.",
               "{Tc} need not wait until {pl} and may use the s. 9(4) remedies after {due}."],
    )


@situation("tenancy", "landlord-entered-without-notice")
def _(g: Gen):
    F = g.facts()
    F.date("d", g.date(1, 10, 11, 20))
    F.set(l=g.mister())
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("I came home and found my landlord had been in my flat while I was at work, apparently to 'have a look around'. No warning at all. Is that allowed?",
              purpose="a general look around"),
            V("On {d_u} I got home from my shift and noticed things had been moved. My downstairs neighbour told me {l} had come in with a plumber to 'check the pipes'. Nobody told me anything beforehand and there was no leak. I'm furious. What are the rules?",
              dict(L="{l}"), purpose="a routine check of the pipes"),
            V("Can a landlord let himself into my apartment with his own key to test the smoke alarms, without telling me first?",
              purpose="testing the smoke alarms", app=["Testing smoke alarms is a routine purpose, not an emergency threatening people or property. Entry for it requires 48 hours' written notice, given for a visit between 08:00 and 20:00; entering unannounced with a key breaches s. 11(1)."]),
        ],
        issue=["{L} may enter the home without notice for {purpose}",
               "an unannounced entry by {L} for {purpose} was lawful"],
        rule=["ta11.1", "ta11.3"],
        app=["{Lc} gave no written notice, and {purpose} is not an emergency threatening people or property. Entry without notice is allowed only in such an emergency, so the entry breached s. 11(1).",
             "The purpose of the visit, {purpose}, could have waited for 48 hours' written notice. No fire, flood or gas leak was involved, so the emergency exception does not apply."],
        concl=["The entry was unlawful, and {T} may insist that future visits follow the 48-hour notice rule.",
               "{Lc} had no right to enter without notice."],
    )


@situation("tenancy", "entry-short-notice")
def _(g: Gen):
    F = g.facts()
    sent = g.weekday_date({0, 1, 2, 3})
    F.date("sent", sent); F.date("visit", plus(sent, 1))
    h1 = g.int(17, 21); h2 = g.int(8, 11)
    F.set(t1=f"{h1}:00", t2=f"{h2:02d}:00", t1_u=f"{h1 - 12}pm", t2_u=f"{h2}am", hours=24 - h1 + h2,
          purpose=g.pick(["look at the boiler", "measure the windows", "inspect the damp in the bathroom", "show an electrician the fuse box"]))
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("Landlord texted me at {t1_u} on {sent_wd} saying he's coming round at {t2_u} the next morning to {purpose}. That's less than a day's notice. Do I have to let him in?"),
            V("Got a message from my landlady on {sent_u} at {t1}: 'Coming tomorrow {t2} to {purpose}, please be home.' I have work and I don't like people in my place when I'm out. Can I say no?"),
            V("Is {hours} hours' notice by text enough for a landlord to come in? The message came on {sent_wd} at {t1}; the visit is at {t2} the next morning, to {purpose}."),
        ],
        issue=["{T} must allow a visit to {purpose} announced only {hours} hours in advance"],
        rule=["ta1.3", "ta11.1"],
        app=["The text message counts as written notice and states a purpose, but it was sent at {t1} on {sent_wd} for a visit at {t2} the next morning, only {hours} hours ahead. That falls short of the 48 hours required, so {T} is not obliged to allow entry at that time."],
        concl=["{Tc} may refuse the visit and ask for one at least 48 hours after notice.",
               "The notice is too short; {T} need not let {L} in at {t2} unless {T} agrees."],
    )


@situation("tenancy", "evening-viewing")
def _(g: Gen):
    F = g.facts()
    F.date("end", g.date(3, 1, 12, 20))
    F.set(t=g.pick(["20:30", "21:00", "21:30", "22:00"]), l=g.landlord(), n=g.first())
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("I've given notice and my tenancy ends on {end_u}. The landlord wants to show the flat to buyers at {t} on a weekday because that suits them. I'm exhausted by then. Can I refuse?"),
            V("I'm {n}, moving out on {end_u}. {l} sent me written notice two days ahead that they'll bring prospective tenants round at {t}. I don't mind viewings, but that's late. Do I have to accept that time?",
              dict(T="{n}", L="{l}")),
            V("My tenancy ends on {end_u}. The landlord keeps booking viewings at {t} because the buyers work late. Do I have to open the door at that hour?"),
        ],
        issue=["{T} must allow a viewing at {t} during the last months of the tenancy"],
        rule=["ta11.2", "ta11.4"],
        app=["As the tenancy ends on {end}, {T} may not unreasonably refuse viewings in its last two months. But entry with notice is allowed only between 08:00 and 20:00, and a viewing at {t} falls outside that window. Refusing that slot is therefore not unreasonable, provided a time within the permitted hours is offered."],
        concl=["{Tc} may decline the {t} viewing but should accept one between 08:00 and 20:00.",
               "The proposed time is not lawful, though viewings within permitted hours must be allowed."],
    )


@situation("tenancy", "emergency-entry-leak")
def _(g: Gen):
    F = g.facts()
    F.date("d", g.date(1, 10, 11, 20))
    F.set(l=g.mister(), t=g.pick(["about 23:00", "around midnight", "early in the morning", "late in the evening"]))
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("While I was away on {d_u}, water from my washing machine hose started coming through the ceiling of the flat below. The landlord let himself in {t} to turn off the water. I'm grateful, but it felt like an invasion. Was he allowed to?"),
            V("My landlord, {l}, entered my flat without notice on {d_u}, {t}, saying there was a leak into the flat downstairs. There was one, from my bathroom. Can I complain that I didn't get 48 hours' notice?",
              dict(L="{l}")),
            V("My landlord came into my flat on {d_u}, {t}, without warning, because my bathroom was leaking into the flat below. I'd like to make a formal complaint about the lack of notice. Is it worth it?"),
        ],
        issue=["{L} could lawfully enter without notice on {d} to stop a leak"],
        rule=["ta11.1", "ta11.3"],
        app=["The normal rule requires 48 hours' written notice. Here water was escaping into the flat below, which is flooding that threatens property. That is an emergency within s. 11(3), so {L} could enter on {d} without notice, and at that hour, to stop the leak."],
        concl=["The entry was lawful, and a complaint about the lack of notice would not succeed.",
               "{Lc} acted within the emergency exception."],
    )


@situation("tenancy", "tenant-notice-to-leave")
def _(g: Gen):
    F = g.facts()
    tell = F.date("tell", g.date(2, 3, 10, 25))
    F.date("end", add_months(tell, 1))
    F.date("start", dt.date(YEAR, tell.month % 12 + 1, 1) if tell.month < 12 else dt.date(YEAR, 12, 31))
    F.set(l=g.landlord(), town=g.pick(["Veldhaven", "Ostring", "Carrow", "Brekke"]))
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("How much notice do I need to give my landlord if I want to move out? There's no end date in my lease.",
              issue=["?How much notice a tenant must give to end a periodic tenancy."],
              app=["A lease with no end date is a periodic tenancy. {Tc} may end it by one month's written notice, which may be a letter, an email or a text message, and no reason needs to be given."],
              concl=["One month's written notice is enough to end the tenancy.", "{Tc} must give one month's notice in writing."]),
            V("I've got a job in {town} starting {start_u}. I rent month to month from {l}. If I tell them on {tell_u}, can I be out and stop paying by the end of the month, or am I stuck paying longer?",
              dict(L="{l}")),
            V("Renting in Maren on a rolling contract. I want to hand in notice on {tell_u}. When does the tenancy end, and does an email count?"),
        ],
        issue=["notice given on {tell} can end {T}'s periodic tenancy, and from when",
               "?When a periodic tenancy ends if the tenant gives notice on {tell}."],
        rule=["ta14.1", "ta1.3"],
        app=["A month-to-month tenancy is periodic, so one month's written notice is enough, and an email qualifies as written. Notice given on {tell} ends the tenancy on {end}. {Tc} may leave earlier but remains liable for rent until {end}."],
        concl=["The tenancy ends on {end} if written notice is given on {tell}.",
               "{Tc} can end the tenancy by email, with effect from {end}."],
    )


@situation("tenancy", "landlord-one-month-no-reason")
def _(g: Gen):
    F = g.facts()
    got = F.date("got", g.date(2, 1, 9, 30))
    F.date("leave", add_months(got, 1))
    F.set(l=g.landlord(), years=NUMWORDS[g.int(1, 4)], n=g.first())
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("I got a letter from my landlord on {got_u} telling me to leave by {leave_u}. No reason given. Can he do that?"),
            V("Landlord just emailed saying 'I need the flat back, you have one month', dated {got_u}. We've been there {years} years, month to month, never late with rent. We have kids in school nearby. Is this legal?",
              dict(T="the tenants")),
            V("My name is {n}. {l} gave me written notice on {got_u} to be out by {leave_u}. When I asked why, the answer was 'because I can'. I rent on a monthly basis. Do I actually have to go?",
              dict(T="{n}", L="{l}")),
        ],
        issue=["a landlord's notice of one month without a stated reason ends {T}'s periodic tenancy",
               "{L}'s notice dated {got} is valid"],
        rule=["ta14.2", "ta14.5"],
        app=["The notice dated {got} gives only one month, to {leave}, instead of three, and it states none of the listed reasons such as own use or sale. A landlord's notice without a listed reason is void under s. 14(5), so it has no effect at all.",
             "{Lc} gave written notice on {got}, but it names no reason from s. 14(3) and allows only one month. It is therefore void, and even a corrected notice would need three months."],
        concl=["The notice is void, and {T} need not leave by {leave}.",
               "{Tc} may stay; {L} would have to serve a new, valid notice."],
    )


@situation("tenancy", "own-use-long-tenancy")
def _(g: Gen):
    F = g.facts()
    got = F.date("got", g.date(1, 15, 8, 30))
    F.date("end3", add_months(got, 3)); F.date("end6", add_months(got, 6))
    F.set(years=NUMWORDS[g.int(6, 12)], who=g.pick(["daughter", "son", "mother", "father"]), l=g.mister())
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("We've rented our house for {years} years. On {got_u} the landlord gave us written notice that his {who} needs the house and we must leave by {end3_u}. Three months to find a new place after {years} years! Is that enough notice?",
              dict(T="the tenants")),
            V("{l} wants to move their {who} into the flat I've lived in for {years} years. Written notice arrived on {got_u} with a leaving date of {end3_u}. Fair enough, but is three months right?",
              dict(L="{l}")),
            V("Notice served on {got_u} by {l}: they need the house for their {who}, and we must be out by {end3_u}. We have been tenants for {years} years. Is that date right?", dict(T="the tenants", L="{l}")),
        ],
        issue=["a three-month notice for own family use is sufficient after a tenancy of {years} years"],
        rule=["ta14.2", "ta14.4"],
        app=["A close family member needing the home is a listed reason, and the notice is in writing. But the tenancy has lasted {years} years, more than five, so the notice period is six months. Notice given on {got} can end the tenancy no earlier than {end6}, not {end3}."],
        concl=["The reason is valid, but {T} may stay until {end6}.",
               "{Lc}'s notice takes effect only on {end6}."],
    )


@situation("tenancy", "notice-by-voice-message")
def _(g: Gen):
    F = g.facts()
    F.date("d", g.date(1, 20, 10, 30))
    F.set(reason=g.pick(["he is selling the flat", "his son needs the flat", "he wants to renovate"]))
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("My landlord left me a voice message on {d_u} saying {reason} and I have three months to move out. That's all, nothing written. Is that a valid notice?"),
            V("Landlord rang me on {d_u} and told me {reason}, so 'consider this your three months' notice'. Do I need to start packing?"),
            V("Dear Sir or Madam, my landlord informed me by telephone on {d_u} that {reason} and that my tenancy will end in three months. I have received nothing in writing. Is this notice effective?"),
        ],
        issue=["a notice given by {L} orally on {d} ends the tenancy"],
        rule=["ta14.5", "ta1.3"],
        app=["{Lc} gave a reason that may be listed and allowed three months, but the notice was not written: a call or voice message does not count as written notice. An oral notice is void, so no notice period started on {d}."],
        concl=["The notice is void, and {T} need not move out until a valid written notice is served.",
               "Nothing has changed yet; the three months would run only from a written notice."],
    )


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
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("I signed a fixed lease that runs from {start_u} last year to {end_u}. Because of {job}, I want out now. The landlord refuses. Can I just give a month's notice?"),
            V("My tenancy agreement with {l} is a fixed term ending {end_u}. I'm {n} and I need to leave early, {job}. What are my options?",
              dict(T="{n}", L="{l}")),
            V("fixed-term lease until {end_u}, need to leave early because of {job}. landlord says no. any way out?"),
        ],
        issue=["{T} may end a fixed-term tenancy running until {end} early by giving notice"],
        rule=["ta14.6"],
        app=["The tenancy is for a fixed term ending on {end}, so the one-month notice for periodic tenancies does not apply. {Tc} has no serious breach by {L} to rely on, and a personal reason such as {job_a} is not a ground. The tenancy can end early only if {L} agrees."],
        concl=["{Tc} cannot end the tenancy unilaterally before {end} and should seek {L}'s agreement.",
               "Without agreement, {T} remains bound until {end}."],
    )


@situation("tenancy", "notice-for-sale")
def _(g: Gen):
    F = g.facts()
    got = F.date("got", g.date(1, 15, 9, 1))
    F.date("end", add_months(got, 3))
    F.set(years=NUMWORDS[g.int(1, 4)], l=g.mister())
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("I received a letter dated {got_u} from my landlord saying he is selling the flat empty and the tenancy will end on {end_u}. I've rented it {years} years, monthly. Can I fight this?"),
            V("{l} is selling our building and gave us written notice on {got_u} to leave by {end_u}. We have been there {years} years on a monthly tenancy. Is there anything that makes this invalid?",
              dict(T="the tenants", L="{l}")),
            V("Written notice dated {got_u}: my landlord is selling with vacant possession and my tenancy ends on {end_u}. I've been here {years} years on a monthly lease. Is three months enough?"),
        ],
        issue=["{L}'s notice to end the tenancy for sale with vacant possession is valid"],
        rule=["ta14.2", "ta14.4"],
        app=["The notice is in writing, states a listed reason, sale with vacant possession, and gives three months from {got} to {end}. The tenancy has lasted {years} years, not more than five, so the longer six-month period does not apply."],
        concl=["The notice appears valid, and the tenancy ends on {end}.",
               "{Tc} has no ground to resist the notice and should plan to leave by {end}."],
    )


@situation("tenancy", "arrears-cure")
def _(g: Gen):
    F = g.facts()
    rent = g.amount(600, 1300, 50)
    F.money("rent", rent); F.money("arr", rent * 2)
    got = F.date("got", g.date(2, 1, 9, 30))
    F.date("exp", add_months(got, 1))
    F.set(n=g.first(), l=g.landlord())
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("I lost my job and fell two months behind on rent ({arr_u}). My landlord served written notice on {got_u} ending the tenancy on {exp_u}. I can borrow the money from my sister. If I pay it all, can I stay?"),
            V("I'm {n}. After a hard winter I owe {l} two months' rent at {rent_u} each. A notice came on {got_u} giving me until {exp_u}. This has never happened before. Is it too late to save the tenancy?",
              dict(T="{n}", L="{l}")),
            V("Two months behind on rent ({arr_u}), and the landlord's notice, which came on {got_u}, says leave by {exp_u}. It's the first time this has ever happened. If I clear the lot before then, is the notice cancelled?"),
        ],
        issue=["{T} can keep the tenancy by paying the {arr} arrears before the notice expires on {exp}"],
        rule=["ta15.1", "ta15.2"],
        app=["With two months' rent, {arr}, unpaid, {L} was entitled to give one month's written notice on {got}. The notice lapses, however, if all arrears are paid before it expires on {exp}. Nothing suggests {T} has used this right in the last 24 months."],
        concl=["If {T} pays the full {arr} before {exp}, the notice lapses and the tenancy continues.",
               "Paying all arrears before {exp} saves the tenancy."],
    )


@situation("tenancy", "one-month-arrears")
def _(g: Gen):
    F = g.facts()
    F.money("rent", g.amount(600, 1400, 50))
    F.set(n=g.first(), mo=g.pick(["March", "May", "August", "October"]))
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("I'm a landlord. My tenant hasn't paid {mo}'s rent of {rent_u} and keeps making excuses. Can I give him notice to leave for that?"),
            V("As a small landlord I let one flat. The tenant, {n}, has missed one month's rent, {rent_u} for {mo}. Can I end the tenancy with a month's notice because of the arrears?",
              dict(T="{n}")),
            V("Landlord here. My tenant's rent of {rent_u} for {mo} never arrived; every other month has been paid on time. Do I have grounds for a notice to quit?"),
        ],
        issue=["one month of unpaid rent entitles {L} to end the tenancy for arrears"],
        rule=["ta15.1"],
        app=["Only one month's rent, {rent} for {mo}, is unpaid. The arrears ground requires at least two months in arrears, so it is not yet available, and a single missed payment would not usually amount to the serious or repeated breach needed under s. 14(3)."],
        concl=["{Lc} cannot yet end the tenancy for arrears but may claim the {rent} as a debt.",
               "The arrears ground is not met; the unpaid rent can be pursued as a debt."],
    )


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
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("Landlord sent a letter on {got_u}: rent goes from {rent_u} to {new_u} from {eff_u}. That's {pct}% with barely any warning. Can he do that?"),
            V("We got an email from {l} on {got_u} announcing that our rent of {rent_u} will become {new_u} as of {eff_u}, 'due to rising costs'. Our last increase was two years ago. Do we have to pay the new amount?",
              dict(T="the tenants", L="{l}")),
            V("{pct}% rent rise ({rent_u} to {new_u}) announced on {got_u}, starting {eff_u}. Legal in Maren?"),
        ],
        issue=["{L} may raise the rent from {rent} to {new} with effect from {eff}"],
        rule=["ta17", "ta17.4"],
        app=["The increase is {pct} percent, above the 5 percent cap, which would allow at most {max}. Notice was given on {got} for {eff}, far less than two months. The increase breaks s. 17 on both counts and is void; any extra rent paid under it could be recovered."],
        concl=["The increase is void, and {T} may keep paying {rent}.",
               "{Tc} need not pay {new}; a valid increase would be capped at {max} after two months' notice."],
    )


@situation("tenancy", "second-increase-within-year")
def _(g: Gen):
    F = g.facts()
    first = F.date("first", g.date(1, 5, 4, 30))
    F.date("second", add_months(first, g.pick([5, 7, 8, 9])))
    rent = g.amount(700, 1400, 50)
    F.money("r0", rent); F.money("r1", rent + rent * 4 // 100); F.money("r2", rent + rent * 8 // 100)
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("My rent went up from {r0_u} to {r1_u} on {first_u}. Now the landlord says it will go up again to {r2_u} on {second_u}, with two months' written notice. Is a second increase in the same year allowed?"),
            V("Two rent rises in under a year, is that legal in Maren? First one {first_u}, from {r0_u} to {r1_u}; second one planned for {second_u}, to {r2_u}."),
            V("My landlord increased the rent on {first_u} from {r0_u} to {r1_u}. Now a letter says it will be {r2_u} from {second_u}. He says each increase is under 5%, so it's fine. Is he right?"),
        ],
        issue=["{L} may increase the rent again on {second}, less than 12 months after the increase of {first}"],
        rule=["ta17", "ta17.4"],
        app=["The rent already rose on {first}, from {r0} to {r1}. A further increase on {second} falls within 12 months of it, which s. 17 does not allow, whatever the notice given. The second increase is therefore void."],
        concl=["{Tc} may continue to pay {r1}; any extra paid under the second increase can be recovered.",
               "The increase planned for {second} is void."],
    )


@situation("tenancy", "valid-rent-increase")
def _(g: Gen):
    F = g.facts()
    rent = F.money("rent", g.amount(700, 1500, 50))
    F.money("new", rent + rent * g.pick([3, 4, 5]) // 100)
    got = F.date("got", g.date(1, 10, 9, 1))
    F.date("eff", add_months(got, g.pick([2, 3])))
    F.set(months=g.pick(["fourteen", "eighteen", "twenty", "twenty-six"]))
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("My landlord wrote to me on {got_u} that my rent will go from {rent_u} to {new_u} starting {eff_u}. The last increase was {months} months ago. I'm on a tight budget. Can I refuse it?"),
            V("rent increase letter arrived {got_u}: {rent_u} -> {new_u} from {eff_u}. last rise {months} months ago. any way out of this?"),
            V("Is there any legal problem with my landlord raising the rent from {rent_u} to {new_u}? The letter is dated {got_u}, the new rent starts on {eff_u}, and the last increase was {months} months ago."),
        ],
        issue=["the increase from {rent} to {new} from {eff} is lawful"],
        rule=["ta17"],
        app=["The increase from {rent} to {new} is within 5 percent. The last increase was {months} months ago, more than 12, and written notice was given on {got}, at least two months before {eff}. Every condition of s. 17 is met, and a tight budget is not a ground to refuse."],
        concl=["The increase is valid, and {T} must pay {new} from {eff}.",
               "{Tc} cannot refuse this increase, though ending the tenancy on one month's notice remains possible."],
    )


@situation("tenancy", "lodger-no-answer")
def _(g: Gen):
    F = g.facts()
    req = F.date("req", g.date(1, 15, 10, 1))
    wait = g.int(16, 30)
    F.date("now", plus(req, wait)); F.date("deemed", plus(req, 14))
    F.set(lodger=g.first(), l=g.landlord())
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("On {req_u} I emailed my landlord asking if my friend {lodger} could rent my spare room. No reply at all. It's now {now_u}. Can {lodger} move in?"),
            V("I wrote to {l} on {req_u} asking for permission to take in a lodger to help with the rent. I've chased once, still silence, and today is {now_u}. I don't want to breach my lease. Where do I stand?",
              dict(L="{l}"), lodger="a lodger"),
            V("Asked my landlord by email on {req_u} whether {lodger} could move into the spare room. Still no answer on {now_u}. Does silence mean yes?"),
        ],
        issue=["{T} may take in {lodger} after {L} failed to answer a written request made on {req}"],
        rule=["ta20.1", "ta20.3"],
        app=["{Tc} asked for consent in writing on {req}. {Lc} did not answer within 14 days, so consent was deemed given on {deemed}. By {now} the period had passed, and {T} may take in {lodger} without breaching the tenancy."],
        concl=["Consent is deemed given, and {lodger} may move in.",
               "{Tc} may go ahead, keeping a copy of the request of {req} as proof."],
    )


@situation("tenancy", "holiday-sublet-without-consent")
def _(g: Gen):
    F = g.facts()
    F.money("earn", g.amount(300, 1800, 50))
    F.set(n=g.first(), nights=g.int(3, 20))
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("I'm a landlord and just found my tenant's flat listed on a holiday-rental site. She has had guests for {nights} nights this summer, earning about {earn_u}. She never asked me. What can I do?"),
            V("My landlord found out I rented my flat to tourists for {nights} nights while I was travelling ({earn_u} in total) and now says he can end my tenancy. I didn't think it was a big deal. Can he?",
              dict(T="the tenant")),
            V("Tenant ({n}) has been doing short holiday lets without my consent, {nights} nights so far. Is that grounds to end the tenancy?",
              dict(T="{n}")),
        ],
        issue=["holiday letting by {T} without consent allows {L} to end the tenancy"],
        rule=["ta20.1", "ta20.4"],
        app=["{Tc} let the home to holiday guests for {nights} nights without asking for written consent. Section 20(4) makes subletting without consent, including holiday letting, a serious breach, which is a listed reason for a landlord's notice under s. 14(3)."],
        concl=["{Lc} may end the tenancy by three months' written notice citing serious breach.",
               "The holiday letting gives {L} a valid ground for notice under s. 14."],
    )


@situation("tenancy", "locks-changed")
def _(g: Gen):
    F = g.facts()
    back = F.date("back", g.date(2, 1, 10, 1))
    days = g.int(2, 9)
    F.date("now", plus(back, days))
    F.money("perday", 150); F.money("tot", 150 * days)
    F.set(days=days, l=g.mister())
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("I came back from holiday on {back_u} and my key didn't work. The landlord has changed the locks because we argued about noise. I've been sleeping at a friend's for {days} days now. What can I do?"),
            V("My landlord {l} changed the locks on my flat on {back_u} while I was at work and put some of my things in the hallway, with a note saying I'm 'evicted'. There was no court case. It's been {days} days. Is any of this legal?",
              dict(L="{l}")),
            V("Landlord locked me out on {back_u}: new locks, no court order. I've been staying at my sister's for {days} days. Can I claim anything?"),
        ],
        issue=["{L} could exclude {T} by changing the locks, and what {T} may recover"],
        rule=["ta22.1", "ta22.2"],
        app=["{Lc} changed the locks without a Town Court order, which s. 22(1) forbids whatever the dispute. {Tc} has been excluded since {back}, {days} days so far, giving a claim of 150 crowns per day, {tot} to date, plus the cost of any lost or damaged belongings."],
        concl=["The lockout is unlawful; {T} is entitled to re-entry and to {tot} so far.",
               "{Tc} may demand the keys back and claim 150 crowns for each day excluded."],
    )


@situation("tenancy", "power-cut-off")
def _(g: Gen):
    F = g.facts()
    F.date("d", g.date(1, 10, 11, 20))
    F.set(util=g.pick(["electricity", "water", "heating"]), l=g.landlord())
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("We're in a dispute with our landlord, who wants us out so he can raise the rent. On {d_u} he cut off the {util} to the flat. Can he do that?", dict(T="the tenants")),
            V("Is my landlord allowed to turn off the {util} to make me leave? Happened on {d_u}."),
            V("The {util} in my flat was cut off on {d_u}. The landlord admits he did it 'to speed up my move'. I haven't agreed to leave. What are my rights?"),
        ],
        issue=["{L} may cut off the {util} to make {T} leave"],
        rule=["ta22.1", "ta22.2"],
        app=["Cutting off the {util} on {d} to pressure {T} to leave is expressly forbidden by s. 22(1). A tenant can be removed only by a Town Court order carried out by the Town Bailiff. If {T} is forced out as a result, 150 crowns a day may be recovered under s. 22(2)."],
        concl=["The cut-off is unlawful, and {L} must restore the {util} at once.",
               "{Lc} acted unlawfully; {T} need not leave."],
    )


@situation("tenancy", "small-pet-banned")
def _(g: Gen):
    F = g.facts()
    F.set(pet=g.pick(["a hamster", "two guinea pigs in a cage", "an aquarium with fish", "a budgie in a cage", "a pair of gerbils"]),
          l=g.landlord(), kid=g.first())
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("My lease says 'no pets of any kind'. My child {kid} wants {pet}. Would that break the lease?"),
            V("{l} told me to get rid of {pet} because the tenancy agreement bans all animals. Do I have to?", dict(L="{l}")),
            V("My tenancy agreement says 'no animals whatsoever'. I'd like {pet} for company. Could the landlord end my tenancy over it?"),
        ],
        issue=["a term banning all pets prevents {T} from keeping {pet}"],
        rule=["ta24.1"],
        app=["{petc} is a small caged animal or fish. A tenant may always keep such animals, and a tenancy term that forbids them is void. The blanket ban is therefore ineffective as far as {pet} is concerned."],
        concl=["{Tc} may keep {pet} despite the term.",
               "The ban does not apply to {pet}."],
    )


@situation("tenancy", "dog-in-flat")
def _(g: Gen):
    F = g.facts()
    F.set(l=g.landlord(), dog=g.pick(["a rescue dog", "a small terrier", "an elderly cat", "a kitten"]))
    return dict(
        F=F, roles=dict(T="the tenant", L="the landlord"),
        q=[
            V("My written tenancy agreement says nothing about pets. Can the landlord stop me from bringing home {dog}?",
              app=["The written agreement is silent on pets, so it does not forbid a dog or cat. {Tc} may therefore keep {dog}, and {L} cannot add a ban after the fact."],
              concl=["{Tc} may keep {dog}.", "No consent is needed for {dog}."]),
            V("I signed a lease that clearly says no dogs or cats, but I want to take in {dog}. Is that clause even enforceable?",
              app=["Unlike small caged animals, dogs and cats may be banned by the written agreement, and this one does so expressly. The clause is therefore valid, and keeping {dog} would breach it."],
              concl=["The clause is enforceable; {T} needs {L}'s agreement to keep {dog}.", "{Tc} may not keep {dog} under this lease."]),
            V("Our lease has a clause: 'The tenant shall not keep dogs or cats.' We would like to adopt {dog}. Are we allowed to?", dict(T="the tenants"), app=["Unlike small caged animals, dogs and cats may be banned by the written agreement, and this one does so expressly. The clause is therefore valid, and keeping {dog} would breach it."], concl=["The clause is enforceable; {T} need {L}'s agreement to keep {dog}.", "{Tc} may not keep {dog} under this lease."]),
        ],
        issue=["{T} may keep {dog} in the rented home"],
        rule=["ta24.2"],
        app=[], concl=[],
    )


# ============================================================================================
# Consumer Sales Act
# ============================================================================================

GADGETS = [("laptop", "won't turn on", "electronics"), ("tablet", "keeps restarting", "electronics"),
           ("coffee machine", "leaks water all over the counter", "home"), ("vacuum cleaner", "cuts out after a minute", "home"),
           ("pair of headphones", "only plays in one ear", "electronics"), ("kettle", "trips the fuse every time", "home"),
           ("blender", "smells of burning and stops", "home"), ("printer", "jams on every page", "electronics"),
           ("winter coat", "has a zip that broke on the second wear", "clothes"),
           ("desk chair", "sinks to the floor because the gas lift failed", "furniture")]


@situation("consumer", "fault-within-30-days")
def _(g: Gen):
    F = g.facts()
    item, fault, kind = g.pick(GADGETS)
    bought = F.date("bought", g.date(1, 10, 11, 20))
    days = g.int(4, 26)
    F.date("broke", plus(bought, days))
    F.money("price", g.amount(60, 1400, 10))
    F.set(item=item, fault=fault, shop=g.shop(kind), days=days, n=g.first())
    return dict(
        F=F, roles=dict(C="the consumer", S="the trader"),
        q=[
            V("I bought a {item} for {price_u} on {bought_u}. On {broke_u} it suddenly {fault}. The shop says they'll send it for repair, but I just want my money back. Can I insist?"),
            V("{n} here. {shop} sold me a {item} on {bought_u}, {price_u}. {days} days later it {fault}. At the counter they told me refunds are 'not our policy', only repairs, which take four to six weeks. I use it every day. Do they get to choose?",
              dict(C="{n}", S="{shop}")),
            V("{itemc} bought {bought_u} for {price_u}, {fault} since {broke_u}. Shop only offers repair. Refund possible?"),
        ],
        issue=["{C} may reject the {item} and get a full refund of {price} instead of accepting a repair",
               "{S} can insist on repairing a {item} that became faulty {days} days after purchase"],
        rule=["csa5.1", "csa10.3"],
        app=["The {item} was bought on {bought} and developed a fault on {broke}, {days} days later, within the 30-day period. A {item} that {fault} is not fit for its ordinary purpose. {Cc} may therefore reject it, and a shop policy offering only repair cannot limit that right.",
             "A fault appearing {days} days after delivery falls within the first 30 days. The choice between remedies then belongs to {C}, not {S}, and any policy to the contrary is void."],
        concl=["{Cc} is entitled to a full refund of {price} on returning the {item}.",
               "{Sc} must refund the {price}; a repair need not be accepted."],
    )


@situation("consumer", "trader-blames-manufacturer")
def _(g: Gen):
    F = g.facts()
    item, fault, kind = g.pick(GADGETS[:8])
    F.date("bought", g.date(1, 10, 11, 20))
    F.money("price", g.amount(40, 900, 10))
    F.set(item=item, fault=fault, shop=g.shop(kind), brand=g.pick(["Kessler", "Nordvik", "Brisca", "Vantaro", "Halden"]),
          weeks=g.pick(["two", "three"]))
    return dict(
        F=F, roles=dict(C="the consumer", S="the trader"),
        q=[
            V("My {item} from {shop} {fault} after {weeks} weeks. The shop says it's not their problem and I should contact {brand}, the manufacturer, under its guarantee. Is that right?",
              dict(S="{shop}")),
            V("Bought a {brand} {item} on {bought_u} for {price_u}. It {fault}, {weeks} weeks in. Shop: 'call the manufacturer's helpline'. Surely the shop is responsible?"),
            V("{shop} says my {weeks}-week-old {item} is a matter for {brand}'s guarantee, not for them. It {fault}. Who do I deal with?", dict(S="{shop}")),
        ],
        issue=["{S} can refer {C} to the manufacturer instead of dealing with the faulty {item}"],
        rule=["csa5.4", "csa5.1"],
        app=["The rights for faulty goods run against the seller, {S}, not against {brand}. The manufacturer's guarantee is an extra and does not replace them. The fault appeared after {weeks} weeks, within 30 days of delivery, so {C} may reject the {item} for a full refund."],
        concl=["{Sc} must deal with the fault itself, and {C} may ask it for a refund.",
               "Referral to {brand} is not an answer; {S} remains responsible."],
    )


@situation("consumer", "fault-at-eight-months")
def _(g: Gen):
    F = g.facts()
    item = g.pick(["washing machine", "fridge", "dishwasher", "tumble dryer", "cooker"])
    months = g.int(3, 11)
    F.money("price", g.amount(300, 1300, 10))
    F.set(item=item, months=months, months_w=NUMWORDS[months], shop=g.shop("home"), n=g.first())
    return dict(
        F=F, roles=dict(C="the consumer", S="the trader"),
        q=[
            V("My {item} broke down after {months_w} months. The shop says I must prove it was faulty when I bought it, otherwise they won't do anything. How am I supposed to prove that?"),
            V("We paid {price_u} for a {item} from {shop} and it stopped working {months} months later. They're refusing to repair it unless we send a technician's report at our own cost showing it's a manufacturing defect. Is that really on us?",
              dict(C="the buyers", S="{shop}")),
            V("Dear advisor, our {item}, bought for {price_u}, broke down after {months_w} months. The retailer insists we prove a manufacturing defect before it will act. Is the burden of proof really on us?", dict(C="the buyers")),
        ],
        issue=["{C} must prove that the {item} was faulty at delivery when it broke after {months_w} months"],
        rule=["csa6.1", "csa5.2"],
        app=["The fault appeared {months_w} months after delivery, within 12 months, so it is presumed to have existed at delivery. The burden is on {S} to prove otherwise, not on {C}. As more than 30 days have passed, {S} may choose between repair and replacement, but it must offer one of them."],
        concl=["{Cc} need not prove anything; {S} must repair or replace the {item}.",
               "{Sc}'s demand for proof is wrong in law."],
    )


@situation("consumer", "fault-after-a-year")
def _(g: Gen):
    F = g.facts()
    item = g.pick(["phone", "bike battery", "smartwatch", "wireless speaker", "cordless drill"])
    months = g.int(13, 22)
    F.set(item=item, months=months, shop=g.shop("electronics"))
    F.money("price", g.amount(250, 2200, 10))
    return dict(
        F=F, roles=dict(C="the consumer", S="the trader"),
        q=[
            V("My {item} stopped charging after {months} months. The shop says the one-year warranty is over and I'm on my own. Do I have any rights left?"),
            V("Bought a {item} at {shop} for {price_u}; it died at {months} months old. Used normally, never dropped. The shop says 'out of warranty'. Anything I can do?",
              dict(S="{shop}")),
            V("My {item} packed in after {months} months. I paid {price_u} for it. The shop says one year and that's it. Any legal rights beyond that?"),
        ],
        issue=["{C} still has a remedy against {S} for a {item} that failed after {months} months"],
        rule=["csa5.2", "csa6.2"],
        app=["The fault appeared after {months} months, inside the two-year period, so the statutory remedy still exists whatever the warranty says. Because more than 12 months have passed, {C} must show that the fault results from poor quality, for example by evidence that a {item} used normally should not fail so soon."],
        concl=["{Cc} may require repair or replacement if poor quality can be shown.",
               "The claim is not out of time, but the burden of proof now lies with {C}."],
    )


@situation("consumer", "repair-failed-twice")
def _(g: Gen):
    F = g.facts()
    item, kind = g.pick([("sofa recliner", "furniture"), ("dishwasher", "home"), ("laptop", "electronics"),
                         ("tumble dryer", "home"), ("coffee grinder", "home")])
    F.money("price", g.amount(400, 2600, 10))
    F.set(item=item, shop=g.shop(kind), n=g.first(), months=NUMWORDS[g.int(3, 10)])
    return dict(
        F=F, roles=dict(C="the consumer", S="the trader"),
        q=[
            V("I bought a {item} for {price_u}. It went wrong after {months} months, the shop repaired it, it broke again, they repaired it again, and now it's broken a third time. They want to try once more. Can I have my money back instead?"),
            V("{n} writing. Our {item} from {shop} has been 'repaired' twice for the same fault and still doesn't work. Honestly I've lost all trust in it. What can I ask for now?",
              dict(C="{n}", S="{shop}")),
            V("Our {item} ({price_u}) has the same fault for the third time after two repairs by the shop. Do we have to accept a third repair?", dict(C="the buyers")),
        ],
        issue=["{C} may claim a refund after the repair of the {item} has failed twice"],
        rule=["csa5.2", "csa5.3"],
        app=["{Sc} chose repair, as it may after 30 days, but the repair has failed twice. The choice now passes to {C}, who need not accept further attempts and may take a full refund or keep the {item} at a fair price reduction."],
        concl=["{Cc} may insist on a full refund rather than a third repair.",
               "{Sc} cannot require another repair; a refund is due if {C} asks for one."],
    )


@situation("consumer", "repair-takes-too-long")
def _(g: Gen):
    F = g.facts()
    item = g.pick(["laptop", "phone", "fridge", "washing machine", "camera", "e-bike"])
    handed = F.date("handed", g.date(1, 10, 10, 1))
    wait = g.int(35, 70)
    F.date("now", plus(handed, wait)); F.date("dl", plus(handed, 30))
    F.money("price", g.amount(300, 2400, 10))
    F.set(item=item, shop=g.shop("electronics" if item in ("laptop", "phone", "camera") else "home"), weeks=wait // 7)
    return dict(
        F=F, roles=dict(C="the consumer", S="the trader"),
        q=[
            V("I handed my {item} (bought for {price_u} last year) in for repair under the legal guarantee on {handed_u}. It's {now_u} and they say parts are delayed. I've had enough. Refund?"),
            V("{shop} has had my {item} for about {weeks} weeks now: I handed it in on {handed_u} because of a fault after eight months, and today is {now_u}. It cost {price_u}. Every call: 'still waiting for parts'. How long do I have to put up with this?",
              dict(S="{shop}")),
            V("My {item} has been at the shop for repair since {handed_u}. Today is {now_u}. They blame their suppliers. Can I ask for my {price_u} back?"),
        ],
        issue=["{C} may claim a refund because the repair of the {item} has not been completed within 30 days"],
        rule=["csa5.3"],
        app=["The {item} was handed in on {handed}, so the repair had to be completed by {dl}. It was still outstanding on {now}. Delays with parts are the trader's risk. {Cc} may therefore claim a full refund of {price} or keep the {item} with a fair price reduction."],
        concl=["{Cc} is entitled to a full refund of {price}.",
               "The 30-day limit has passed, so {C} may demand a refund now."],
    )


@situation("consumer", "online-return-within-14-days")
def _(g: Gen):
    F = g.facts()
    item = g.pick(["pair of boots", "rain jacket", "lamp", "rug", "set of bed linen", "backpack"])
    rec = F.date("rec", g.date(1, 10, 11, 20))
    days = g.int(3, 13)
    F.date("now", plus(rec, days)); F.date("last", plus(rec, 14))
    F.money("price", g.amount(40, 400, 5))
    F.set(item=item, site=g.shop("online"), days=days)
    return dict(
        F=F, roles=dict(C="the consumer", S="the trader"),
        q=[
            V("Ordered a {item} from {site}, arrived {rec_u}. Nothing wrong with it, I just don't like it. It's been {days} days. Can I send it back for a refund?",
              dict(S="{site}")),
            V("I bought a {item} online for {price_u} and received it on {rec_u}. It's unused and in the box, but honestly I regret the purchase. The website's FAQ says 'returns at our discretion'. Do I have a right to return it?"),
            V("changed my mind about a {item} I ordered online ({price_u}), got it {rec_u}, can I still return it?"),
        ],
        issue=["{C} may cancel the online purchase of the {item} without a reason",
               "{C} can return a {item} bought online for a change of mind"],
        rule=["csa8.1", "csa8.2"],
        app=["The {item} was bought online and received on {rec}, so the cooling-off period runs until {last}. A {item} is not personalised, perishable or a sealed hygiene item. {Cc} may cancel without giving a reason, and a 'discretion' policy cannot remove that right.",
             "Online sales carry a 14-day right to cancel from receipt. Received on {rec}, the {item} may be returned by cancelling up to {last}, and none of the exceptions applies."],
        concl=["{Cc} may cancel by {last} and must be refunded within 14 days, including standard delivery.",
               "A full refund of the {item} is due if {C} cancels by {last}."],
    )


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
    return dict(
        F=F, roles=dict(C="the consumer", S="the trader"),
        q=[
            V("I ordered {item_a} online for {price_u}. It came on {rec_u} exactly as ordered, but I've changed my mind. Don't I have 14 days to cancel online orders?"),
            V("{site} refuses to take back the {item} I ordered, even though I asked within a week of delivery. They say it's 'personalised'. Isn't every online purchase covered by the cooling-off period?",
              dict(S="{site}")),
            V("Bought {item_a} online ({price_u}), delivered {rec_u}, nothing wrong with it. The cooling-off period should let me cancel, right? The seller says no."),
        ],
        issue=["{C} may cancel the online order of {item_a} within the cooling-off period"],
        rule=["csa8.1", "csa8.4"],
        app=["The purchase was made online, which normally gives a 14-day right to cancel. But goods such as {item_a} are made to the consumer's specification or personalised, and such goods are excluded. They match the order, so there is no fault either."],
        concl=["{Cc} cannot cancel the order of the {item} for a change of mind.",
               "{Sc} may lawfully refuse the return."],
    )


@situation("consumer", "doorstep-sale-regret")
def _(g: Gen):
    F = g.facts()
    item = g.pick(["water-filter system", "set of cooking pans", "vacuum cleaner", "security-alarm package", "mattress"])
    signed = F.date("signed", g.date(1, 10, 11, 20))
    days = g.int(2, 12)
    F.date("now", plus(signed, days)); F.date("last", plus(signed, 14))
    F.money("price", g.amount(300, 3000, 10))
    F.set(item=item, days=days, n=g.first(), rel=g.pick(["My mother", "My father", "My elderly neighbour", "My grandmother"]))
    return dict(
        F=F, roles=dict(C="the consumer", S="the seller"),
        q=[
            V("A salesman came to the door on {signed_u} and talked me into a {item} for {price_u}. It was delivered and installed the same day. Now I regret it. Is it too late?"),
            V("{rel} signed up for a {item} costing {price_u} with a door-to-door seller on {signed_u}, delivered on the spot. It's now {now_u} and she wants out. The company says 'a signed contract is a signed contract'. Can she cancel?",
              dict(C="the buyer")),
            V("I signed for a {item} from a door-to-door salesperson on {signed_u}, {price_u}, delivered straight away. Today, {now_u}, I want to cancel. Do I need a reason?"),
        ],
        issue=["{C} may cancel the doorstep purchase of a {item} made on {signed}"],
        rule=["csa8.1", "csa8.2"],
        app=["The contract was made at the door, away from the trader's premises, so the 14-day cooling-off right applies from delivery on {signed} until {last}. No reason is needed, and a signature does not exclude the right. The seller must refund the {price} within 14 days of cancellation."],
        concl=["{Cc} may cancel by {last} and recover the {price}.",
               "The contract can be cancelled without reason up to {last}."],
    )


@situation("consumer", "refund-without-delivery-charge")
def _(g: Gen):
    F = g.facts()
    F.money("price", g.amount(50, 600, 5))
    F.money("ship", g.pick([5, 7, 9, 12, 15]))
    F.set(site=g.shop("online"), item=g.pick(["dress", "desk lamp", "pair of trainers", "toaster", "throw blanket"]))
    return dict(
        F=F, roles=dict(C="the consumer", S="the trader"),
        q=[
            V("I cancelled an online order within the 14 days and sent the {item} back. {site} refunded the {price_u} but kept the {ship_u} delivery charge. Can they do that?",
              dict(S="{site}")),
            V("Returned a {item} under the cooling-off rules. Refund came minus delivery ({ship_u}). Is the delivery charge refundable?"),
            V("Cancelled an online order ({item}, {price_u}) within 14 days; the refund left out the {ship_u} I paid for delivery. Is that allowed?"),
        ],
        issue=["{S} may keep the standard delivery charge of {ship} after a valid cancellation"],
        rule=["csa8.2"],
        app=["{Cc} cancelled within the 14-day period. On a valid cancellation the trader must refund all payments, including standard delivery charges. Keeping the delivery charge of {ship} on the {item} is therefore not allowed."],
        concl=["{Sc} must also refund the delivery charge of {ship}.",
               "The refund is {ship} short and the balance is owed."],
    )


@situation("consumer", "never-told-about-cancellation")
def _(g: Gen):
    F = g.facts()
    rec = F.date("rec", g.date(1, 10, 8, 20))
    days = g.int(20, 80)
    F.date("now", plus(rec, days))
    F.money("price", g.amount(80, 1200, 10))
    F.set(item=g.pick(["robot vacuum", "standing desk", "camping tent", "dehumidifier", "set of garden chairs"]), days=days,
          how=g.pick(["by phone", "through a website", "through a social-media shop"]))
    return dict(
        F=F, roles=dict(C="the consumer", S="the trader"),
        q=[
            V("I ordered a {item} {how} and got it on {rec_u}. I want to return it but it's been {days} days. The seller never mentioned any right to cancel, not in the order confirmation or anywhere else. Am I too late?"),
            V("Bought a {item} for {price_u} {how}, delivered {rec_u}. Today is {now_u}. I never got any information about cancelling. Still possible?"),
            V("Good afternoon. I purchased a {item} {how}; it arrived on {rec_u}. At no point was I told about a right to cancel. It has now been {days} days. Can I still send it back?"),
        ],
        issue=["{C} may still cancel the {item} bought at a distance {days} days after delivery"],
        rule=["csa8.1", "csa8.5"],
        app=["The {item} was bought {how}, so the 14-day cooling-off right applied from delivery on {rec}. Because the seller never informed {C} of that right, the period is extended to 12 months. After {days} days, {C} is still well within time."],
        concl=["{Cc} may still cancel and claim a full refund.",
               "It is not too late; the cancellation period is 12 months here."],
    )


@situation("consumer", "opened-hygiene-item")
def _(g: Gen):
    F = g.facts()
    F.money("price", g.amount(25, 350, 5))
    F.set(item=g.pick(["in-ear earphones", "lipsticks", "electric toothbrush heads", "face serums", "razor cartridges"]),
          site=g.shop("online"))
    return dict(
        F=F, roles=dict(C="the consumer", S="the trader"),
        q=[
            V("I bought {item} online for {price_u}, broke the seal to try them, and don't like them. The site refuses a return. I'm within 14 days. Who's right?"),
            V("Can {site} refuse to take back {item} that I unsealed, if I'm still inside the cooling-off period and they work fine?",
              dict(S="{site}")),
            V("I opened the seal on {item} I bought online from {site}. Am I still covered by the 14-day cancellation right? They work, I just don't like them.", dict(S="{site}")),
        ],
        issue=["{C} may cancel the purchase of unsealed {item} within the cooling-off period"],
        rule=["csa8.4"],
        app=["The purchase was made online within the cooling-off period, but {item} are sealed hygiene goods. Once unsealed after delivery they fall within the exclusion in s. 8(4). Since they work properly, there is no fault giving a separate right."],
        concl=["{Cc} cannot return the unsealed {item} for a change of mind.",
               "The refusal by {S} is lawful."],
    )


@situation("consumer", "shop-change-of-mind")
def _(g: Gen):
    F = g.facts()
    F.money("price", g.amount(30, 400, 5))
    F.set(item=g.pick(["jacket", "pair of jeans", "lamp", "set of plates", "pair of winter boots"]), shop=g.shop(g.pick(["clothes", "home"])),
          days=g.int(1, 9), n=g.first())
    return dict(
        F=F, roles=dict(C="the consumer", S="the shop"),
        q=[
            V("I bought a {item} in a shop {days} days ago for {price_u}. It's fine, I just don't like it anymore. They won't take it back. Don't shops have to give refunds?"),
            V("My partner {n} bought me a {item} at {shop}. It doesn't suit me. The shop says no returns unless it's faulty. Is that legal?",
              dict(S="{shop}")),
            V("Bought a {item} in store for {price_u} and changed my mind the next day. The shop says no refund. Is that allowed under Maren law?"),
        ],
        issue=["{S} must accept the return of a {item} bought in store because {C} changed their mind"],
        rule=["csa10.1"],
        app=["The {item} was bought in a shop, not online or at the door, so there is no cooling-off right. It is not faulty. A refund for a change of mind is available only if the shop's own returns policy offers one, and none is mentioned here."],
        concl=["{Sc} may refuse the return unless its returns policy says otherwise.",
               "No refund is due by law; only a goodwill or policy return is possible."],
    )


@situation("consumer", "no-refunds-sign")
def _(g: Gen):
    F = g.facts()
    bought = F.date("bought", g.date(1, 10, 11, 20))
    days = g.int(2, 20)
    F.date("broke", plus(bought, days))
    F.money("price", g.amount(40, 700, 5))
    F.set(item=g.pick(["toaster", "hairdryer", "speaker", "fan heater", "kettle"]), days=days, shop=g.shop("home"))
    return dict(
        F=F, roles=dict(C="the consumer", S="the shop"),
        q=[
            V("There's a big 'NO REFUNDS' sign at the till of the shop where I bought a {item} for {price_u} on {bought_u}. It stopped working on {broke_u}. Does the sign mean I'm out of luck?"),
            V("{shop} refused to refund a {item} ({price_u}) that broke after {days} days, pointing at the receipt: 'No refunds or exchanges'. Is that binding?",
              dict(S="{shop}")),
            V("My {item}, bought on {bought_u} for {price_u}, stopped working on {broke_u}. The receipt says 'no refunds' and the shop says tough luck. Are they right?"),
        ],
        issue=["a 'no refunds' term prevents {C} from rejecting a {item} that failed {days} days after purchase"],
        rule=["csa10.3", "csa5.1"],
        app=["The {item} stopped working {days} days after purchase, within 30 days, so {C} has the right to reject it for a full refund. A sign or receipt term that limits that right is void, so it has no effect on a faulty item."],
        concl=["The sign does not apply; {C} is entitled to a refund of {price}.",
               "{Sc} must refund the faulty {item} despite its notice."],
    )


@situation("consumer", "store-policy-binding")
def _(g: Gen):
    F = g.facts()
    days = g.int(10, 27)
    F.money("price", g.amount(30, 500, 5))
    F.set(item=g.pick(["shirt", "set of towels", "board game", "pair of sandals", "cushion"]), shop=g.shop(g.pick(["clothes", "home"])),
          days=days)
    return dict(
        F=F, roles=dict(C="the consumer", S="the shop"),
        q=[
            V("The receipt from {shop} says '30-day returns, no questions asked'. I went back on day {days} with an unworn {item} and the tags on, and the manager said they don't do that anymore. Can they refuse?",
              dict(S="{shop}")),
            V("Shop advertises 30-day returns on its website. I tried to return a {item} ({price_u}) after {days} days and was refused. What are my rights?"),
            V("If a shop's website promises 30-day returns, can the staff refuse a return on day {days}? It was a {item}, unused, {price_u}."),
        ],
        issue=["{S} is bound by its published 30-day returns policy for a {item} returned after {days} days"],
        rule=["csa10.1", "csa10.2"],
        app=["There is no legal right to return non-faulty goods bought in a shop, but {S} published a 30-day returns policy, and such a policy binds the trader. {Cc} returned the {item} after {days} days, within that period."],
        concl=["{Sc} must accept the return on the terms of its policy.",
               "The refusal breaches s. 10(2), and {C} is entitled to return the {item}."],
    )


@situation("consumer", "gym-24-months")
def _(g: Gen):
    F = g.facts()
    F.date("start", g.date(1, 1, 9, 1, year=YEAR - 1))
    F.set(gym=g.gym(), term=g.pick(["24", "36"]), months=g.int(13, 20), n=g.first())
    F.money("fee", g.amount(29, 89, 1))
    return dict(
        F=F, roles=dict(C="the member", S="the club"),
        q=[
            V("I signed a {term}-month contract with {gym} on {start_u} last year, at {fee_u} a month. After {months} months I want to stop. They say I'm locked in for the full {term} months. True?",
              dict(S="{gym}")),
            V("My gym contract runs {term} months and I'm at month {months}. Can I get out early or do I have to keep paying {fee_u} a month until the end?"),
            V("{n} here. I joined {gym} on {start_u} last year on a {term}-month plan at {fee_u} a month. I'm now {months} months in and have stopped going. They say I can only cancel at the end of the term. Is that correct?", dict(C="{n}", S="{gym}")),
        ],
        issue=["{C} may leave a {term}-month membership after {months} months"],
        rule=["csa12.1"],
        app=["A first term may not exceed 12 months, whatever the contract says. {Cc} is now {months} months into a {term}-month contract, past the first 12, and may therefore cancel with one month's notice. The {term}-month lock-in cannot be enforced."],
        concl=["{Cc} may cancel now and owes only one more month's fee of {fee}.",
               "The contract can be ended with one month's notice."],
    )


@situation("consumer", "gym-moved-away")
def _(g: Gen):
    F = g.facts()
    F.set(gym=g.gym(), km=g.int(35, 180), town=g.pick(["Veldhaven", "Ostring", "Carrow", "Brekke", "Sandvik"]),
          months=g.int(2, 9))
    F.money("fee", g.amount(25, 80, 1))
    return dict(
        F=F, roles=dict(C="the member", S="the club"),
        q=[
            V("I'm moving to {town}, about {km} km from Maren, for work. My {gym} membership ({fee_u} a month) has {months} months left to run. They say moving isn't a valid reason to cancel. Is that right?",
              dict(S="{gym}")),
            V("Relocated {km} km away. Gym wants {fee_u}/month until the contract ends in {months} months. Do I have to pay?"),
            V("I've just moved to {town}, {km} km away. {gym} still wants {fee_u} a month for the remaining {months} months of my contract. Is there a rule about moving?", dict(S="{gym}")),
        ],
        issue=["{C} may cancel the membership early after moving {km} km away"],
        rule=["csa12.4"],
        app=["{Cc} is moving {km} km, more than 30 km from the club's premises. That gives a right to cancel at any time with one month's notice, regardless of the {months} months left on the contract."],
        concl=["{Cc} may cancel with one month's notice and pay only {fee} more.",
               "{Sc} must accept the cancellation on one month's notice."],
    )


@situation("consumer", "auto-renewal-no-reminder")
def _(g: Gen):
    F = g.facts()
    F.date("ren", g.date(1, 10, 11, 20))
    F.money("fee", g.amount(120, 600, 10))
    F.set(svc=g.pick(["gym membership", "magazine subscription", "streaming subscription", "swimming club membership", "meal-kit plan"]),
          gym=g.gym())
    return dict(
        F=F, roles=dict(C="the consumer", S="the trader"),
        q=[
            V("My one-year {svc} renewed automatically on {ren_u} for another full year, and they charged {fee_u}. I never got any reminder. Can I cancel?"),
            V("The terms of my {svc} say it rolls over for 12 months unless cancelled. It did so on {ren_u}, no warning email, no letter. Am I stuck for another year?"),
            V("Charged {fee_u} on {ren_u} when my {svc} silently renewed for a year. No reminder at all. Can I get out now?"),
        ],
        issue=["{C} is bound by a 12-month automatic renewal made on {ren} without a reminder"],
        rule=["csa12.2", "csa12.3"],
        app=["After the first term, a contract may renew only month by month, so the yearly renewal on {ren} is not binding as such. In addition, {S} sent no written reminder 30 days before the first term ended, which allows {C} to cancel with immediate effect."],
        concl=["{Cc} may cancel at once and is not bound for another year.",
               "The renewal does not bind {C}; immediate cancellation is possible."],
    )


@situation("consumer", "illness-cancellation")
def _(g: Gen):
    F = g.facts()
    F.set(gym=g.gym(), cond=g.pick(["a knee operation", "a back injury", "long COVID", "a difficult pregnancy", "heart surgery"]),
          mths=g.pick(["four", "five", "six"]), left=g.int(5, 11))
    return dict(
        F=F, roles=dict(C="the member", S="the club"),
        q=[
            V("After {cond} my doctor has certified I can't exercise for {mths} months. {gym} says my membership still has {left} months to run and I have to keep paying. Must I?",
              dict(S="{gym}")),
            V("Health problems ({cond}), doctor's note says no training for {mths} months. Can I end my fitness contract early?"),
            V("My mother had {cond} and her doctor says no exercise for {mths} months. {gym} wants her to keep paying for the {left} months left on her contract. Can she cancel?", dict(S="{gym}")),
        ],
        issue=["{C} may cancel the membership early because of {cond}"],
        rule=["csa12.4"],
        app=["A doctor has certified that {C} cannot use the service for {mths} months, which meets the three-month threshold. That gives a right to cancel at any time with one month's notice, whatever time remains on the contract."],
        concl=["{Cc} may cancel with one month's notice, producing the doctor's certificate.",
               "{Sc} must accept a cancellation on one month's notice."],
    )


@situation("consumer", "late-furniture-delivery")
def _(g: Gen):
    F = g.facts()
    agreed = F.date("agreed", g.date(2, 1, 9, 30))
    late = g.int(14, 45)
    F.date("now", plus(agreed, late))
    F.money("price", g.amount(500, 4000, 10))
    F.set(item=g.pick(["sofa", "dining table", "wardrobe", "bed frame", "kitchen dresser"]), shop=g.shop("furniture"), late=late)
    return dict(
        F=F, roles=dict(C="the consumer", S="the trader"),
        q=[
            V("I paid {price_u} for a {item} with delivery promised for {agreed_u}. It's now {now_u}, still no {item}, and the shop keeps saying 'next week'. Can I cancel and get my money back?"),
            V("{shop} should have delivered our {item} on {agreed_u}. They've missed it by {late} days and stopped answering. We paid in full, {price_u}. What's the proper way to get out of this?",
              dict(C="the buyers", S="{shop}")),
            V("The delivery date for my {item} was {agreed_u}; today is {now_u} and there is still nothing. {price_u} already paid. Can I cancel right now?"),
        ],
        issue=["{C} may cancel the order of the {item} after {S} missed the delivery date of {agreed}"],
        rule=["csa14.2"],
        app=["{Sc} missed the agreed date of {agreed}. Lateness alone does not yet permit cancellation: {C} must first set a further period of at least 7 days in writing. If {S} misses that as well, {C} may cancel and must be refunded the {price} within 14 days."],
        concl=["{Cc} should set a written final deadline of at least 7 days and may cancel if it passes.",
               "Cancellation is available once a written 7-day extension has expired unmet."],
    )


@situation("consumer", "essential-date-missed")
def _(g: Gen):
    F = g.facts()
    F.date("ev", g.date(3, 1, 10, 30))
    F.money("price", g.amount(150, 2500, 10))
    item, event = g.pick([("wedding dress", "wedding"), ("wedding suit", "wedding"), ("christening gown", "christening"),
                          ("marquee tent", "fiftieth birthday party"), ("set of party decorations", "fiftieth birthday party")])
    F.set(item=item, event=event, shop=g.shop(g.pick(["clothes", "home"])))
    return dict(
        F=F, roles=dict(C="the consumer", S="the trader"),
        q=[
            V("When I ordered a {item} for {price_u}, I told the shop it was for my {event} on {ev_u} and had to arrive before then. It didn't. Can I cancel and get my money back, or do I have to accept it now?"),
            V("{shop} knew the {item} ({price_u}) was for my {event} on {ev_u} (I wrote it on the order form). They delivered nothing. Now they offer to deliver next week. I don't want it anymore. Refund?",
              dict(S="{shop}")),
            V("Ordered from {shop} for my {event} on {ev_u}, having told them the date was essential: a {item}, {price_u}. Nothing arrived in time. Refund?", dict(S="{shop}")),
        ],
        issue=["{C} may cancel at once because the {item} did not arrive before the {event} on {ev}"],
        rule=["csa14.3"],
        app=["Before the contract, {C} told {S} that delivery before the {event} on {ev} was essential. That date was missed. Where the date was essential, no further period needs to be set, and {C} may cancel immediately and recover the {price}."],
        concl=["{Cc} may cancel now and is owed a full refund of {price}.",
               "A late delivery need not be accepted; the contract can be cancelled at once."],
    )


@situation("consumer", "no-delivery-date-agreed")
def _(g: Gen):
    F = g.facts()
    ordered = F.date("ordered", g.date(1, 10, 10, 1))
    wait = g.int(33, 60)
    F.date("now", plus(ordered, wait)); F.date("dl", plus(ordered, 30))
    F.money("price", g.amount(60, 1500, 10))
    F.set(item=g.pick(["bike", "desk chair", "bookshelf", "pram", "garden bench"]), site=g.shop("online"), weeks=wait // 7)
    return dict(
        F=F, roles=dict(C="the consumer", S="the trader"),
        q=[
            V("I ordered a {item} on {ordered_u}. No delivery date was ever mentioned. It's {now_u} and it still hasn't come. How long do they have?"),
            V("Ordered a {item} from {site} on {ordered_u}, {price_u} paid, no delivery date given. Today is {now_u} and nothing has arrived. Can I cancel?",
              dict(S="{site}")),
            V("How long can an online shop take to deliver if no date was agreed? I ordered a {item} on {ordered_u} and I'm still waiting on {now_u}."),
        ],
        issue=["{S} is late in delivering a {item} ordered on {ordered} with no agreed date"],
        rule=["csa14.1", "csa14.2"],
        app=["No date was agreed, so delivery was due by {dl}, 30 days after the order. On {now} the {item} had still not arrived. {Cc} may now set a further written period of at least 7 days and cancel if it is missed."],
        concl=["{Sc} is late; {C} may set a 7-day deadline and then cancel for a full refund.",
               "Delivery was due by {dl}, and cancellation is available after a written 7-day extension."],
    )


@situation("consumer", "till-price-higher")
def _(g: Gen):
    F = g.facts()
    shelf = g.amount(20, 400, 1)
    F.money("shelf", shelf); F.money("till", shelf + g.amount(5, 90, 1))
    F.set(item=g.pick(["cordless drill", "box of wine glasses", "pair of running shoes", "kettle", "garden hose"]), shop=g.shop("home"))
    return dict(
        F=F, roles=dict(C="the consumer", S="the shop"),
        q=[
            V("The shelf label said {shelf_u} for a {item}. At the till I was charged {till_u}. The cashier said the label was old. Do I have to pay the higher price?"),
            V("Was charged {till_u} at {shop} for a {item} marked {shelf_u} on the shelf. They said 'the system price is what counts'. Is it?",
              dict(S="{shop}")),
            V("Label on the shelf: {shelf_u}. Price at the checkout: {till_u}. Item: a {item}. Do I have to pay the difference?"),
        ],
        issue=["{S} may charge {till} for a {item} displayed at {shelf}"],
        rule=["csa15.1", "csa15.2"],
        app=["The {item} was displayed at {shelf}, and a trader may not charge more at the till than the displayed price. The difference is modest and {shelf} is not less than half a usual price, so this is not an obvious error that would let {S} refuse the sale."],
        concl=["{Cc} may insist on paying {shelf}.",
               "{Sc} must sell at {shelf} and refund any excess charged."],
    )


@situation("consumer", "obvious-pricing-error")
def _(g: Gen):
    F = g.facts()
    real = g.pick([1299, 1899, 2490, 899, 3200])
    F.money("real", real); F.money("shown", real // 100 if real >= 1000 else real // 10)
    F.set(item=g.pick(["television", "laptop", "fridge-freezer", "cargo bike", "sofa"]), site=g.shop("online"))
    return dict(
        F=F, roles=dict(C="the consumer", S="the trader"),
        q=[
            V("A website listed a {item} at {shown_u} instead of the usual {real_u}. I ordered two. Now they've cancelled, saying it was a mistake. Aren't they bound by the displayed price?"),
            V("Saw a {item} in the {site} app for {shown_u}. Normal price is around {real_u}. Can I force them to sell it at {shown_u}?",
              dict(S="{site}")),
            V("I ordered a {item} priced at {shown_u} on {site}. They cancelled, saying the real price is {real_u}. Can I hold them to {shown_u}?", dict(S="{site}")),
        ],
        issue=["{S} must sell a {item} at the displayed price of {shown} when it normally costs {real}"],
        rule=["csa15.1", "csa15.2"],
        app=["A trader must normally honour the displayed price. But {shown} for a {item} usually sold at {real} is far below half the usual price, an obvious error. In that case {S} may refuse to sell at all rather than honour the price."],
        concl=["{Cc} cannot insist on {shown}; {S} may refuse the sale.",
               "The obvious-error exception applies, so the order need not be honoured."],
    )


@situation("consumer", "gift-voucher-expired")
def _(g: Gen):
    F = g.facts()
    issued = F.date("issued", g.date(1, 10, 12, 20, year=YEAR - 1))
    exp = F.date("exp", add_months(issued, g.pick([6, 12])))
    valid = F.date("valid", add_months(issued, 36))
    F.money("val", g.pick([25, 50, 75, 100, 150, 200]))
    F.set(shop=g.pick(SHOPS["clothes"] + SHOPS["home"]), giver=g.pick(["my aunt", "my colleagues", "a friend", "my grandparents"]),
          yi=str(issued.year), ye=str(exp.year), yv=str(valid.year))
    return dict(
        F=F, roles=dict(C="the consumer", S="the shop"),
        q=[
            V("{giverc} gave me a {val_u} voucher for {shop}, issued {issued_u} {yi}. It says 'valid until {exp_u} {ye}'. I tried to use it last week and they refused because it's expired. Fair?",
              dict(S="{shop}")),
            V("Shop won't accept my {val_u} gift voucher because the printed expiry date ({exp_u} {ye}) has passed. It was bought on {issued_u} {yi}. Can they refuse?"),
            V("Is there a minimum validity for gift vouchers in Maren? Mine is for {val_u}, issued {issued_u} {yi}, 'expires {exp_u} {ye}', and the shop now refuses it."),
        ],
        issue=["{S} may refuse a voucher worth {val} issued on {issued} {yi} because its printed expiry date has passed"],
        rule=["csa16"],
        app=["A gift voucher is valid for at least three years from issue. This one was issued on {issued} {yi}, so it remains valid until {valid} {yv}. The printed expiry of {exp} {ye} is shorter and is replaced by the three-year period."],
        concl=["The voucher is still valid, and {S} must accept it for {val}.",
               "{Sc} may not refuse the voucher before {valid} {yv}."],
    )


@situation("consumer", "dry-cleaner-damage")
def _(g: Gen):
    F = g.facts()
    F.money("val", g.amount(120, 900, 10)); F.money("fee", g.amount(12, 35, 1))
    F.set(item=g.pick(["wool coat", "silk dress", "suit jacket", "wedding dress", "leather jacket"]),
          dmg=g.pick(["shrunk two sizes", "came back with a bleach stain", "has a burn mark from the press", "lost its colour in patches"]),
          cleaner=g.pick(["Quayside Cleaners", "Spotless on Kiln", "Harbour Dry Cleaning", "PressPoint"]))
    return dict(
        F=F, roles=dict(C="the consumer", S="the cleaner"),
        q=[
            V("I took my {item} to {cleaner} and it {dmg}. The label allowed dry cleaning. They offered me back the {fee_u} fee. The {item} cost {val_u}. Is that all I get?",
              dict(S="{cleaner}")),
            V("dry cleaner ruined my {item} ({dmg}). worth about {val_u}, the cleaning was {fee_u}. they say they're 'not liable for garments'. really?"),
            V("My {item} {dmg} after a dry-clean at {cleaner}, even though the care label allows it. It was worth {val_u}. They will only refund the {fee_u}. Can I claim more?", dict(S="{cleaner}")),
        ],
        issue=["{S} is liable for the damaged {item} beyond refunding the fee of {fee}"],
        rule=["csa18.1", "csa18.3"],
        app=["The {item} {dmg} despite a care label permitting dry cleaning, which points to a lack of reasonable care and skill. Damage to the consumer's property must be compensated, so {S} owes the value of the {item}, about {val}, not just the fee of {fee}."],
        concl=["{Cc} may claim compensation of about {val}; a disclaimer does not remove the statutory duty.",
               "Refunding {fee} is not enough; the loss of the {item} must be made good."],
    )


@situation("consumer", "garage-no-agreed-price")
def _(g: Gen):
    F = g.facts()
    fair = g.amount(180, 600, 10)
    F.money("bill", fair * g.pick([2, 3])); F.money("fair", fair)
    F.set(job=g.pick(["replace the brake pads", "fix a noisy exhaust", "change a headlight and an oil filter", "repair a bike's gears"]),
          garage=g.pick(["Tollgate Motors", "Quay Auto Repairs", "Marsh Lane Garage", "Spokes & Chains"]))
    return dict(
        F=F, roles=dict(C="the consumer", S="the garage"),
        q=[
            V("I asked {garage} to {job}. Nobody mentioned a price. The bill came to {bill_u}. Other garages say it should be around {fair_u}. Do I have to pay the full bill?",
              dict(S="{garage}")),
            V("No quote was given, and now the garage wants {bill_u} to {job}. Normal rate is about {fair_u}. Can I refuse to pay that much?"),
            V("Garage bill of {bill_u} to {job}, no price agreed beforehand; the going rate elsewhere is about {fair_u}. Must I pay the lot?"),
        ],
        issue=["{C} must pay {bill} for work done without an agreed price"],
        rule=["csa18.2"],
        app=["No price was agreed in advance, so {C} owes only a reasonable price. Comparable quotes for the work put that at about {fair}, well below the {bill} charged. {Cc} may offer a reasonable amount and dispute the rest."],
        concl=["{Cc} need pay only a reasonable price, about {fair} on the evidence.",
               "The bill of {bill} is not binding beyond what is reasonable."],
    )


@situation("consumer", "botched-hair-colour")
def _(g: Gen):
    F = g.facts()
    F.money("fee", g.amount(60, 240, 5))
    F.set(salon=g.pick(["Salon Ebb", "Mira's Hair Studio", "Cut & Tide", "The Harbour Barber"]),
          want=g.pick(["ash blonde", "soft caramel highlights", "a natural brown", "copper red"]),
          got=g.pick(["bright orange", "patchy yellow", "green-tinged", "almost black"]))
    return dict(
        F=F, roles=dict(C="the consumer", S="the salon"),
        q=[
            V("I asked {salon} for {want} and came out {got}. I paid {fee_u}. They say colour is 'unpredictable'. What am I entitled to?",
              dict(S="{salon}")),
            V("Paid {fee_u} for {want} hair colour, result {got}. Salon offers nothing. Do I have any rights?"),
            V("Went to {salon} for {want}, left with {got} hair. {fee_u} paid. They refuse to fix it for free. What can I ask for?", dict(S="{salon}")),
        ],
        issue=["{S} must remedy a colour treatment that produced {got} hair instead of {want}"],
        rule=["csa18.1", "csa18.3"],
        app=["{Cc} asked for {want} and left with {got} hair, a result that suggests the service lacked reasonable care and skill. {Cc} may require it to be redone free of charge or, if that is impossible or refused, claim a fair reduction of the {fee} paid."],
        concl=["{Cc} may insist on a free correction or, failing that, a price reduction.",
               "{Sc} must put the colour right or reduce the price."],
    )


@situation("consumer", "private-sale")
def _(g: Gen):
    F = g.facts()
    F.money("price", g.amount(80, 900, 10))
    F.set(item=g.pick(["second-hand bike", "used sofa", "used laptop", "pram", "rowing machine"]), n=g.first(),
          where=g.pick(["a neighbour", "someone on a local selling app", "a colleague", "a man at the flea market who sells his own things"]))
    return dict(
        F=F, roles=dict(C="the buyer", S="the seller"),
        q=[
            V("I bought a {item} for {price_u} from {where}. It broke within a week. Can I use the 30-day refund rule?"),
            V("{n} sold me a {item} privately for {price_u}. It turned out to be faulty. Does the Consumer Sales Act give me a refund right?",
              dict(S="{n}")),
            V("Bought a {item} for {price_u} from a private seller through a local app. It's faulty. The seller isn't a business. Do Maren consumer rules help me?"),
        ],
        issue=["the Consumer Sales Act gives {C} a refund right against a private seller of a {item}"],
        rule=["csa2"],
        app=["The Act covers only sales by a trader to a consumer. The {item} was bought privately, not from a business, so the 30-day rejection right and the other s. 5 remedies do not apply. Any claim would depend on what {S} actually promised."],
        concl=["{Cc} has no refund right under the Act against {S}.",
               "The Consumer Sales Act does not apply to this private sale."],
    )


@situation("consumer", "guarantee-expired-within-two-years")
def _(g: Gen):
    F = g.facts()
    months = g.int(13, 23)
    F.money("price", g.amount(200, 1500, 10))
    F.set(item=g.pick(["dishwasher", "laptop", "cooker hood", "robot mower", "digital piano"]), months=months,
          shop=g.shop(g.pick(["home", "electronics"])))
    return dict(
        F=F, roles=dict(C="the consumer", S="the trader"),
        q=[
            V("My {item} failed after {months} months. The manufacturer's guarantee was only 12 months, so {shop} says there's nothing to be done. Is the manufacturer's guarantee all I have?",
              dict(S="{shop}")),
            V("{item}, {price_u}, broke at {months} months. 'Warranty expired, sorry.' Is that the end of it?"),
            V("The shop, {shop}, says my {months}-month-old {item} is out of warranty. It cost {price_u}. Is there anything beyond the manufacturer's warranty?", dict(S="{shop}")),
        ],
        issue=["the expiry of a 12-month manufacturer's guarantee ends {C}'s rights over a {item} that failed after {months} months"],
        rule=["csa5.4", "csa5.2"],
        app=["The manufacturer's guarantee is only additional to the statutory rights against {S}. The {item} failed after {months} months, within two years of delivery, so {S} must repair or replace it if it is faulty. Because more than 12 months have passed, s. 6(2) requires {C} to show poor quality."],
        concl=["{Cc} still has a claim against {S} for repair or replacement.",
               "The expired guarantee does not end the matter."],
    )


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
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("I've worked as a {job} at {emp} for {years_w} and a half years. On {got_u} they handed me a letter giving me {short}' notice. Is that enough?",
              dict(B="{emp}")),
            V("After {years} years in the job, I was given {short} notice in writing on {got_u}. No misconduct, they just say business is slow. What notice am I owed?"),
            V("I'm {n}, a {job}. My manager gave me written notice on {got_u}, {short}, after more than {years_w} years. A colleague says I'm owed more. Is she right?",
              dict(W="{n}")),
        ],
        issue=["{short} of notice is sufficient to end the employment of {W} after more than {years_w} years",
               "{B} gave {W} the notice required by law"],
        rule=["ec21.1"],
        app=["{Wc} has worked for {B} for more than two but not more than five years, so the required notice is two months. Written notice given on {got} therefore runs until {end2}, not for {short}. Pay is due for the whole notice period.",
             "With service of between two and five years, the employer's notice period is two months. Notice of {short} falls short; notice given on {got} can end the employment no earlier than {end2}."],
        concl=["{Wc} is entitled to two months' notice, ending on {end2}, or pay in lieu.",
               "The notice is too short, and employment continues until {end2}."],
    )


@situation("employment", "employee-resigning")
def _(g: Gen):
    F = g.facts()
    tell = F.date("tell", g.date(1, 10, 11, 1))
    F.date("end", add_months(tell, 1))
    F.set(**g.workplace(), years=g.pick(["three", "six", "eight", "eleven"]))
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("I want to quit my job. My contract doesn't say anything about notice. How much do I have to give?",
              issue=["?How much notice an employee must give when the contract is silent."],
              app=["The contract sets no shorter period, so the statutory rule applies: {W} must give one month's written notice. Length of service does not increase the employee's notice period."],
              concl=["{Wc} must give one month's notice in writing.", "One month's written notice is required."]),
            V("I've been a {job} at {emp} for {years} years and I've found a new job. My boss says that because I've been there so long, I owe them three months' notice. I'd hand in my letter on {tell_u}. When can I leave?",
              dict(B="{emp}")),
            V("How much notice do I owe my employer after {years} years at {emp}? My boss says three months. I'd resign on {tell_u}.", dict(B="{emp}")),
        ],
        issue=["{W} must give more than one month's notice because of {years} years' service"],
        rule=["ec21.2", "ec21.4"],
        app=["The longer notice periods in s. 21(1) bind only the employer. An employee gives one month's written notice regardless of service, unless the contract allows less. A letter handed in on {tell} therefore ends the employment on {end}."],
        concl=["{Wc} may leave on {end}; three months' notice is not owed.",
               "One month's written notice is enough, ending the job on {end}."],
    )


@situation("employment", "probation-dismissal")
def _(g: Gen):
    F = g.facts()
    start = F.date("start", g.date(1, 5, 6, 30))
    m = g.int(2, 5)
    got = F.date("got", add_months(start, m))
    F.date("end", plus(got, 14))
    F.set(m=NUMWORDS[m], **g.workplace())
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("I started as a {job} on {start_u} with a six-month probation. On {got_u} I got a letter saying I'm let go with 14 days' notice. No real reason. Is that allowed?"),
            V("{emp} ended my employment {m} months into my six-month probation period, with two weeks' written notice. I thought everyone gets at least a month?",
              dict(B="{emp}")),
            V("Let go {m} months into a six-month probation, with 14 days' notice given on {got_u}. I started on {start_u}. Can I challenge it?"),
        ],
        issue=["{B} may end the employment during probation with 14 days' notice"],
        rule=["ec21.3"],
        app=["The notice came {m} months into an agreed probation of six months. During probation either party may end the employment with 14 days' notice, so the ordinary one-month period does not apply, and no fair reason is needed at this stage."],
        concl=["The dismissal with 14 days' notice is lawful.",
               "{Wc} is owed 14 days' notice, which has been given."],
    )


@situation("employment", "notice-by-phone")
def _(g: Gen):
    F = g.facts()
    F.date("call", g.date(1, 10, 10, 20))
    F.set(emp=g.employer(), n=g.first())
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("My boss phoned me on {call_u} and said 'consider this your one month's notice'. Nothing in writing since. Has my notice period started?"),
            V("{n} here. The owner of {emp} told me in a corridor conversation on {call_u} that I'm being let go at the end of next month. No letter, no email. Does that count?",
              dict(W="{n}", B="{emp}")),
            V("Does a phone call count as notice of dismissal? My boss called on {call_u} to say I'm finished at the end of next month."),
        ],
        issue=["notice given to {W} orally on {call} started the notice period"],
        rule=["ec21.4"],
        app=["Notice must be in writing. What {W} received on {call} was oral, so it did not start the notice period. The period will run only from the day {B} gives written notice, and until then the employment continues on its normal terms."],
        concl=["No notice period has started yet.",
               "The oral notice of {call} has no legal effect."],
    )


@situation("employment", "long-service-one-month")
def _(g: Gen):
    F = g.facts()
    got = F.date("got", g.date(1, 10, 9, 30))
    F.date("end", add_months(got, 3))
    F.set(years=g.int(6, 19), **g.workplace())
    F.money("sal", g.amount(2100, 4200, 50))
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("After {years} years at {emp}, I received written notice on {got_u} giving me one month. It's because my post is being cut. Is one month right?",
              dict(B="{emp}")),
            V("{years} years as a {job}, salary {sal_u} a month, and on {got_u} they gave me one month's written notice. Surely that's not the law?"),
            V("My employer gave me one month's written notice on {got_u}. I've been a {job} there for {years} years. Is that the legal minimum?"),
        ],
        issue=["one month's notice is sufficient after {years} years of service"],
        rule=["ec21.1"],
        app=["{Wc} has more than five years' service, {years} years, so the employer must give three months' written notice. One month falls two months short; notice given on {got} ends the employment on {end} at the earliest, with pay throughout."],
        concl=["{Wc} is entitled to three months' notice or pay in lieu.",
               "The one-month notice is insufficient; three months are owed."],
    )


@situation("employment", "summary-dismissal-lateness")
def _(g: Gen):
    F = g.facts()
    F.date("d", g.date(1, 10, 11, 20))
    yrs = g.int(1, 8)
    F.set(emp=g.employer(), late=g.pick(["twice", "three times", "twice in one week"]), mins=g.pick(["ten", "fifteen", "twenty"]),
          n=g.first(), yrs=yrs, notice=("one month" if yrs < 2 else "two months" if yrs <= 5 else "three months"))
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("I was {mins} minutes late {late} this month. On {d_u} my manager told me to pack my things and not come back. I've worked there {yrs} years. Can they fire me on the spot for that?"),
            V("Sacked without notice from {emp} on {d_u} for being {mins} minutes late {late}. {yrs} years' service. Do I get anything?",
              dict(B="{emp}")),
            V("My manager fired me on the spot on {d_u} because I was {mins} minutes late {late}. I've been with the company {yrs} years. What am I owed?"),
        ],
        issue=["being {late} late justifies dismissal of {W} without notice"],
        rule=["ec24.1", "ec24.3"],
        app=["Arriving {mins} minutes late {late} is a minor conduct matter, not theft, violence, danger or a grave breach of trust. It is not gross misconduct, so dismissal without notice was not allowed. With {yrs} years' service, {W} is owed pay for {notice}' notice."],
        concl=["{Wc} is entitled to pay in lieu of {notice}' notice.",
               "The summary dismissal was unlawful; notice pay of {notice} is due."],
    )


@situation("employment", "summary-dismissal-theft")
def _(g: Gen):
    F = g.facts()
    d = F.date("d", g.weekday_date({0, 1}))
    F.date("letter", plus(d, 2))
    F.money("amt", g.amount(60, 900, 10))
    F.set(emp=g.employer(), n=g.first(), what=g.pick(["taking cash from the till", "taking stock home without paying", "falsifying expense claims"]))
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("I run a small café. On {d_u} CCTV showed an employee {what}, about {amt_u} in total. I dismissed him on the spot and gave him a letter with the reasons on {letter_u}. Does he get notice pay?",
              dict(B="the employer")),
            V("My brother was fired without notice on {d_u} for {what} ({amt_u}). He got a written explanation two days later. He admits it. Is he owed notice?",
              dict(W="the employee")),
            V("I was dismissed without notice on {d_u} for {what}, about {amt_u}. I got a letter with the reasons on {letter_u}. I admit it, but don't I still get notice pay?"),
        ],
        issue=["dismissal without notice for {what} was lawful"],
        rule=["ec24.1", "ec24.2"],
        app=["{whatc}, about {amt}, is theft or a grave breach of trust, which is gross misconduct. {Bc} gave written reasons on {letter}, within 3 working days of the dismissal on {d}. Both conditions for summary dismissal are met."],
        concl=["The summary dismissal was lawful, and no notice pay is owed.",
               "{Wc} has no claim to notice or pay in lieu."],
    )


@situation("employment", "summary-no-written-reasons")
def _(g: Gen):
    F = g.facts()
    F.date("d", g.date(1, 10, 11, 1))
    F.set(emp=g.employer(), acc=g.pick(["shouting at a customer", "leaving a freezer door open", "a fight with a colleague", "leaking confidential files"]),
          weeks=g.pick(["two", "three", "four"]))
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("I was dismissed on the spot on {d_u}, accused of {acc}. It's been {weeks} weeks and I've never had anything in writing explaining why. Does that matter?"),
            V("{emp} fired me without notice on {d_u} over {acc}. Still no letter with reasons, {weeks} weeks on. Can I claim notice pay?",
              dict(B="{emp}")),
            V("Instant dismissal on {d_u}. Accusation: {acc}. No written reasons ever given, {weeks} weeks later. Rights?"),
        ],
        issue=["{W} is owed pay in lieu of notice because {B} gave no written reasons for the dismissal on {d}"],
        rule=["ec24.2"],
        app=["Whatever the merits of the allegation of {acc}, a summary dismissal requires written reasons within 3 working days. {Bc} has given none in {weeks} weeks since {d}. That failure alone entitles {W} to pay in lieu of notice under s. 21."],
        concl=["{Wc} is owed pay in lieu of notice.",
               "Without written reasons, the summary dismissal cannot stand as one without notice pay."],
    )


@situation("employment", "unfair-dismissal-no-warning")
def _(g: Gen):
    F = g.facts()
    d = F.date("d", g.date(1, 10, 10, 1))
    F.date("lim", add_months(d, 3))
    F.money("sal", g.amount(2000, 4000, 50))
    F.set(years=g.int(2, 9), emp=g.employer(), why=g.pick(["a bad attitude", "not being a team player", "not fitting the new culture", "slowness"]))
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("I was dismissed on {d_u} after {years} years for '{why}'. I never received any warning. They gave proper notice, but is it fair?"),
            V("My employer, {emp}, let me go with notice on {d_u} after {years} years, citing {why}. There was no written warning ever, no review. I earned {sal_u} a month. Can I do anything?",
              dict(B="{emp}")),
            V("I'd worked for {emp} for {years} years when I was dismissed with notice on {d_u} for '{why}'. There were never any warnings or reviews. Is there a remedy, and a deadline?", dict(B="{emp}")),
        ],
        issue=["the dismissal of {W} for {why} without a prior warning was for a fair reason"],
        rule=["ec26.1", "ec26.2"],
        app=["With {years} years' service, {W} could be dismissed only for a fair reason. {whyc} is at most a conduct or capability concern, which needs a prior written warning, and none was given. A claim must reach the Town Employment Panel by {lim}."],
        concl=["The dismissal appears unfair; {W} may claim up to six months' pay by {lim}.",
               "{Wc} has a claim for compensation, to be brought within three months of {d}."],
    )


@situation("employment", "redundancy")
def _(g: Gen):
    F = g.facts()
    got = F.date("got", g.date(1, 10, 9, 1))
    yrs = g.int(3, 12)
    F.date("end", add_months(got, 2 if yrs <= 5 else 3))
    F.set(yrs=yrs, emp=g.employer(), dept=g.pick(["the night shift", "the print room", "the in-house catering", "the Saturday team"]),
          notice=("two months" if yrs <= 5 else "three months"))
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("{emp} is closing {dept} completely and my job goes with it. I got written notice on {got_u} ending my job on {end_u}. I've been there {yrs} years. Can I challenge this as unfair?",
              dict(B="{emp}")),
            V("Made redundant after {yrs} years, {dept} closed down. Written notice dated {got_u}, last day {end_u}. Is that legal?"),
            V("My post at {emp} disappears because {dept} is closing. I've worked there {yrs} years. The notice, dated {got_u}, ends my job on {end_u}. Anything I can contest?", dict(B="{emp}")),
        ],
        issue=["the dismissal of {W} on the closure of {dept} was for a fair reason with proper notice"],
        rule=["ec26.1", "ec21.1"],
        app=["The post disappeared with the closure of {dept}, which is redundancy, a fair reason. With {yrs} years' service, {W} was owed {notice}' written notice, and the notice of {got} ending on {end} provides exactly that."],
        concl=["The dismissal appears lawful and fair.",
               "{Wc} has no claim for unfair dismissal on these facts."],
    )


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
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("My last day at work was {last_u}. They still owe me {owed_u} in final salary and it's {now_u}. My old boss says 'it's coming'. What can I claim?"),
            V("I'm {n}. I left my job as a {job} at {emp} on {last_u}. My final pay of {owed_u} never arrived. Emails ignored. Today is {now_u}. Is there a deadline for them, and do they owe me anything extra?",
              dict(W="{n}", B="{emp}")),
            V("final salary {owed_u} still unpaid, left job {last_u}, today {now_u}. rights?"),
        ],
        issue=["{B} is late with the final pay of {owed}, and what surcharge {W} may claim",
               "{W} may claim an addition to the unpaid final pay of {owed}"],
        rule=["ec30.1", "ec30.2"],
        app=["The last working day was {last}, so the final pay was due by {due}. By {now} it was {wk} full weeks late, so the surcharge is 5 percent per week, {pct} percent, or {extra} on top of {owed}. The surcharge continues to grow, up to 50 percent.",
             "Payment of {owed} fell due on {due}, ten days after {last}. {wk} full weeks have passed since, so {B} owes an additional {pct} percent, {extra}."],
        concl=["{Wc} may claim {owed} plus {extra}, and more for each further week of delay.",
               "{Bc} owes the {owed} with a surcharge of {extra} so far."],
    )


@situation("employment", "holiday-pay-missing")
def _(g: Gen):
    F = g.facts()
    days = g.int(3, 14)
    rate = g.amount(90, 190, 5)
    F.money("rate", rate); F.money("tot", rate * days)
    F.date("last", g.date(1, 10, 10, 30))
    F.set(days=days, emp=g.employer())
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("I left {emp} on {last_u} with {days} days of holiday unused. My final payslip has no holiday pay. They say unused leave is 'lost when you resign'. True?",
              dict(B="{emp}")),
            V("Resigned, {days} days' annual leave not taken, day rate {rate_u}. Final pay didn't include it. Can I claim it?"),
            V("When I left on {last_u} I had {days} days of leave left. My employer refuses to pay them out because I resigned. Is that legal?"),
        ],
        issue=["{W} is entitled to be paid for {days} days of untaken leave at the end of employment"],
        rule=["ec33.3", "ec30.1"],
        app=["{Wc} had {days} days of untaken leave when the employment ended. Leave untaken at the end of employment must be paid out, whether the employee resigned or was dismissed, and it forms part of the final pay due within 10 days of the last working day."],
        concl=["{Wc} is owed pay for the {days} untaken days, and late payment attracts the s. 30(2) surcharge.",
               "The leave is not lost; {B} must pay it out."],
    )


@situation("employment", "expenses-not-reimbursed")
def _(g: Gen):
    F = g.facts()
    F.money("exp", g.amount(60, 700, 5))
    last = F.date("last", g.date(1, 10, 9, 30))
    F.date("due", plus(last, 10))
    F.set(what=g.pick(["train tickets to a client", "a training course fee", "fuel for company deliveries", "hotel costs on a work trip"]),
          emp=g.employer())
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("My manager approved {exp_u} of expenses for {what} before I left the company on {last_u}. The final payment didn't include them. Now they say expenses are 'discretionary'. Can they refuse?"),
            V("{emp} still hasn't reimbursed {exp_u} in approved expenses ({what}) since I left on {last_u}. Do they have to?",
              dict(B="{emp}")),
            V("Left my job on {last_u}. {exp_u} of approved expenses ({what}) still not paid. My former employer now says expenses are at its discretion. Can I insist?"),
        ],
        issue=["{B} must reimburse {exp} of approved expenses as part of the final pay"],
        rule=["ec30.1"],
        app=["The {exp} for {what} was approved before the employment ended on {last}. Approved expenses are part of the final pay, due within 10 days of the last working day, that is by {due}. Calling them discretionary after approval does not remove the obligation."],
        concl=["{Bc} must pay the {exp}, with the late-payment surcharge if paid after {due}.",
               "The approved expenses are owed in full."],
    )


@situation("employment", "final-pay-next-quarter")
def _(g: Gen):
    F = g.facts()
    last = F.date("last", g.date(1, 10, 9, 30))
    F.date("due", plus(last, 10))
    F.money("owed", g.amount(600, 3500, 10))
    F.set(emp=g.employer(), excuse=g.pick(["next quarter", "when the big client pays us", "after the annual accounts", "in a couple of months"]))
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("I finished at {emp} on {last_u}. They owe me {owed_u} and say they'll pay '{excuse}' because cash is tight. Do I just have to wait?",
              dict(B="{emp}")),
            V("ex-employer says my final wages ({owed_u}) will be paid {excuse}. last day was {last_u}. allowed??"),
            V("My former employer, {emp}, has owed me {owed_u} in final pay since I left on {last_u}. They tell me to expect it {excuse}. Surely there's a deadline?", dict(B="{emp}")),
        ],
        issue=["{B} may postpone the final pay of {owed} because cash is tight"],
        rule=["ec30.1", "ec30.2"],
        app=["The final pay was due within 10 days of {last}, by {due}. Cash-flow problems do not extend that deadline. Every full week of delay after {due} adds 5 percent of the {owed}, up to 50 percent."],
        concl=["{Wc} need not wait; the {owed} is due by {due}, and the surcharge runs after that.",
               "The postponement is unlawful, and late payment will cost {B} extra."],
    )


@situation("employment", "part-time-leave")
def _(g: Gen):
    F = g.facts()
    d = g.pick([2, 3, 4])
    F.set(d=d, d_w=NUMWORDS[d], ent=d * 5, offer=d * 5 - g.int(2, 5), **g.workplace())
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("I work {d_w} days a week. How many days of paid holiday am I entitled to per year?",
              issue=["?How many days of paid leave a year an employee working {d_w} days a week is entitled to."],
              app=["Part-time employees accrue 5 days a year for each weekday worked per week. Working {d_w} days a week gives {ent} days of paid leave a year."],
              concl=["{Wc} is entitled to {ent} days of paid leave a year.", "The entitlement is {ent} days a year."]),
            V("I'm a part-time {job} at {emp}, {d_w} days a week. My contract gives me {offer} days' holiday a year. A friend says that's too little. Who's right?",
              dict(B="{emp}")),
            V("Part-time, {d_w} days a week, and my contract gives me {offer} days' annual leave. Is that the legal minimum?"),
        ],
        issue=["{offer} days of annual leave meets the entitlement of {W}, who works {d_w} days a week"],
        rule=["ec33.1"],
        app=["A part-time employee is entitled to 5 days a year for each weekday worked. Working {d_w} days a week, {W} is entitled to {ent} days. The contract's {offer} days falls short, and a contract term giving less than the Code is void."],
        concl=["{Wc} is entitled to {ent} days a year, not {offer}.",
               "The contract must be read as giving {ent} days of leave."],
    )


@situation("employment", "carry-over-leave")
def _(g: Gen):
    F = g.facts()
    left = g.int(7, 15)
    F.set(left=left, lost=left - 5, emp=g.employer())
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("I have {left} days of leave left over from last year. I just didn't get round to taking them. My employer says most of them are gone. How many can I keep?"),
            V("{emp} says I can only carry over 5 of my {left} unused holiday days into the new year. Nobody stopped me taking them, I just didn't. Is 5 the limit?",
              dict(B="{emp}")),
            V("{left} days of last year's leave unused, my own choice, no one stopped me. How many can I carry over into this year?"),
        ],
        issue=["{W} may carry over all {left} untaken days into the new year"],
        rule=["ec33.2"],
        app=["Up to 5 untaken days carry over. Nothing suggests {B} prevented {W} from taking leave; the days were simply not used. So 5 of the {left} days carry over and the remaining {lost} lapse."],
        concl=["{Wc} keeps 5 days; the other {lost} are lost.",
               "Only 5 days carry over in this case."],
    )


@situation("employment", "leave-ordered-short-notice")
def _(g: Gen):
    F = g.facts()
    told = F.date("told", g.weekday_date({0, 1, 2, 3}))
    F.date("start", plus(told, g.int(1, 6)))
    F.set(days=g.int(3, 10), emp=g.employer(), why=g.pick(["it's quiet", "the kitchen is being refitted", "a big order was cancelled", "the boss is travelling"]))
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("On {told_u} my boss told me I have to take {days} days of my annual leave starting {start_u} because {why}. Can they make me?"),
            V("{emp} emailed us on {told_u}: everyone takes {days} days' holiday from {start_u}, as {why}. I'd planned my leave for later. Do I have to go along with it?",
              dict(W="the employees", B="{emp}")),
            V("Our boss told us on {told_u} that we must all take {days} days' leave from {start_u} because {why}. Can an employer force holiday at such short notice?", dict(W="the employees")),
        ],
        issue=["{B} may direct {W} to take leave from {start} on notice given on {told}"],
        rule=["ec33.4"],
        app=["An employer may decide when leave is taken, but must give at least 14 days' notice. The instruction of {told} for leave from {start} gives far less. The direction is therefore not binding, although {W} may agree voluntarily."],
        concl=["{Wc} need not take the leave from {start} on this notice.",
               "The direction is invalid for lack of 14 days' notice."],
    )


@situation("employment", "prevented-from-taking-leave")
def _(g: Gen):
    F = g.facts()
    left = g.int(8, 18)
    F.set(left=left, emp=g.employer(), n=g.first(), times=g.pick(["three", "four", "several"]))
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("My manager refused my holiday requests {times} times last year because we were short-staffed. I ended the year with {left} days unused. Now HR says I can only carry over 5. Is that right?"),
            V("{n} here. At {emp} we were told 'no leave until the project ships', which it never did. I have {left} days left. Do I lose all but 5?",
              dict(W="{n}", B="{emp}")),
            V("HR says only 5 of my {left} unused days carry over, but my leave requests were refused {times} times because of staffing. Does the limit apply in my case?"),
        ],
        issue=["{W} may carry over all {left} untaken days where {B} prevented leave from being taken"],
        rule=["ec33.2"],
        app=["The normal carry-over limit is 5 days. But here {B} prevented {W} from taking leave by refusing requests. In that case the limit does not apply, and all {left} untaken days carry over."],
        concl=["All {left} days carry over to the new year.",
               "HR is wrong; {W} keeps the full {left} days."],
    )


@situation("employment", "unpaid-overtime")
def _(g: Gen):
    F = g.facts()
    hrs = g.int(43, 47)
    rate = g.amount(14, 30, 1)
    ot = hrs - 40
    F.money("rate", rate)
    F.set(hrs=hrs, ot=ot, otr=f"{rate * 1.25:.2f} crowns", wk=f"{ot * rate * 1.25:.2f} crowns", **g.workplace())
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("I'm paid {rate_u} an hour for a 40-hour week but I've been working {hrs} hours every week for months. The extra hours are paid at the normal rate. Is that right?"),
            V("At {emp} I regularly do {hrs}-hour weeks as a {job}. Hourly rate {rate_u}. No overtime premium, no time off in lieu, nothing in writing about it. What should I be getting?",
              dict(B="{emp}")),
            V("Do I get extra for overtime in Maren? I work {hrs} hours a week at {rate_u} an hour and get nothing extra for the hours above 40."),
        ],
        issue=["{W} is entitled to an overtime premium for hours worked beyond 40 a week"],
        rule=["ec36.2"],
        app=["Working {hrs} hours a week means {ot} hours of overtime each week. There is no written agreement for time off, so they must be paid at 125 percent: {otr} an hour instead of {rate}, or {wk} a week for the overtime."],
        concl=["{Wc} is owed the overtime premium for past and future weeks.",
               "The overtime must be paid at {otr} an hour."],
    )


@situation("employment", "sunday-shifts-normal-rate")
def _(g: Gen):
    F = g.facts()
    rate = g.amount(13, 28, 1)
    F.money("rate", rate)
    F.set(sr=f"{rate * 1.5:.2f} crowns", emp=g.employer(), n=g.pick(["two", "three", "four"]),
          day_=g.pick(["on Sundays", "on Sundays and on Easter Monday", "on Sundays and on Christmas Day"]))
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("I work {day_} at {emp}, {n} shifts a month, and get my normal {rate_u} an hour. My contract says all hours are paid the same. Is that legal?",
              dict(B="{emp}")),
            V("Is a Sunday premium mandatory in Maren? I'm on {rate_u}/hour and work {day_}, no extra pay."),
            V("I'm paid {rate_u} an hour and work {day_}. My employer, {emp}, says there is no legal Sunday premium. Is that true?", dict(B="{emp}")),
        ],
        issue=["work {day_} must be paid above the normal rate of {rate}"],
        rule=["ec36.3"],
        app=["Work on a Sunday or public holiday is paid at 150 percent. At a normal rate of {rate}, those hours must be paid at {sr}. A contract term paying all hours the same gives less than the Code and is void."],
        concl=["{Wc} is entitled to {sr} an hour for that work, including arrears.",
               "The flat rate is unlawful for Sunday and public-holiday hours."],
    )


@situation("employment", "time-off-instead-of-overtime")
def _(g: Gen):
    F = g.facts()
    h = g.int(6, 20)
    F.set(h=h, toil=h, due=f"{h * 1.25:g}", emp=g.employer())
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("Last month I worked {h} hours of overtime. My boss says I'll get {toil} hours off 'sometime' instead of pay. I never agreed to that. Can they decide that?"),
            V("{emp} only ever gives time off in lieu for overtime, hour for hour. Nothing written. I've got {h} hours banked. Is that how it should work?",
              dict(B="{emp}")),
            V("I've done {h} hours of overtime. My employer wants to give me {toil} hours off instead of paying, without any written agreement. Can I insist on pay?"),
        ],
        issue=["{B} may compensate {h} hours of overtime with time off instead of pay"],
        rule=["ec36.2"],
        app=["Overtime is paid at 125 percent unless time off is agreed in writing. No written agreement exists, so {B} cannot impose time off. Even with one, the rate would be 1.25 hours off per hour, {due} hours for {h} hours worked, not hour for hour."],
        concl=["{Wc} is entitled to overtime pay at 125 percent for the {h} hours.",
               "Time off cannot be imposed without a written agreement."],
    )


@situation("employment", "sick-note-too-early")
def _(g: Gen):
    F = g.facts()
    d = g.pick([1, 2, 3])
    F.set(d=d, d_w=g.pick({1: ["the first day"], 2: ["the second day"], 3: ["the third day"]}[d]), emp=g.employer(),
          ill=g.pick(["a stomach bug", "a migraine", "flu", "a bad cold"]))
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("I've been off with {ill} and my manager is demanding a doctor's note on {d_w} of absence or I won't be paid. Can they insist?"),
            V("{emp} policy: doctor's certificate from day one of any sick leave. I was off {d} day(s) with {ill}. Getting an appointment is impossible. Is that policy legal?",
              dict(B="{emp}")),
            V("Called in sick with {ill}; it's {d_w} off. HR wants a doctor's note now or no pay. Is that allowed?"),
        ],
        issue=["{B} may require a doctor's certificate on {d_w} of sickness absence"],
        rule=["ec38.2", "ec38.1"],
        app=["A certificate may be required only from the fourth consecutive day of absence. On {d_w}, {B} cannot demand one, and withholding sick pay for the lack of it is not allowed. Full pay is due for up to 10 working days of sickness a year."],
        concl=["{Wc} need not provide a certificate yet and is entitled to full pay.",
               "The demand is premature until the fourth consecutive day."],
    )


@situation("employment", "long-sickness")
def _(g: Gen):
    F = g.facts()
    days = g.int(12, 30)
    F.set(days=days, beyond=days - 10, emp=g.employer(), ill=g.pick(["pneumonia", "a broken leg", "an operation", "burnout"]))
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("I was off sick for {days} working days this year with {ill}, with a doctor's certificate. My employer paid only 10 of them. Do they owe me the rest?"),
            V("After {ill} I missed {days} working days. {emp} paid 10 and says that's the maximum. How do I get paid for the other {beyond}?",
              dict(B="{emp}")),
            V("{illc} kept me off work for {days} working days this year. My employer stopped paying after 10 days. Who pays for the other {beyond}?"),
        ],
        issue=["{B} must pay {W} for more than 10 days of sickness in the calendar year"],
        rule=["ec38.1", "ec38.3"],
        app=["The employer's obligation is full pay for up to 10 working days a year, which {B} has met. The remaining {beyond} days are covered not by {B} but by sickness benefit from the Town Sickness Fund, which {W} must apply for."],
        concl=["{Bc} owes nothing more; {W} should apply to the Town Sickness Fund for the {beyond} days.",
               "The employer has paid what the Code requires."],
    )


@situation("employment", "till-shortage-deduction")
def _(g: Gen):
    F = g.facts()
    net = g.amount(1600, 2800, 50)
    F.money("net", net); F.money("short", g.amount(40, 220, 5)); F.money("cap10", net // 10)
    F.set(emp=g.employer())
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("The till was {short_u} short at the end of my shift and my boss deducted it from my wages. I didn't take anything and other people use the till too. Is that allowed?"),
            V("{emp} took {short_u} off my pay (net {net_u}) for a cash shortage. Nothing in my contract about deductions. Legal?",
              dict(B="{emp}")),
            V("A till shortage of {short_u} was taken from my pay by {emp}. I didn't take it and nobody proved anything. Net pay {net_u}. Can I get it back?", dict(B="{emp}")),
        ],
        issue=["{B} may deduct a till shortage of {short} from {W}'s wages"],
        rule=["ec41.1", "ec41.2"],
        app=["There is no written agreement allowing deductions, and a deduction for loss is allowed only where the employee acted intentionally or with gross negligence. Nothing shows that {W} caused the shortage of {short}, let alone deliberately or grossly negligently. The deduction is unlawful."],
        concl=["{Bc} must repay the {short}.",
               "The deduction has no legal basis and must be reversed."],
    )


@situation("employment", "broken-laptop-deduction")
def _(g: Gen):
    F = g.facts()
    net = g.amount(1800, 3200, 50)
    cost = g.amount(700, 1600, 10)
    F.money("net", net); F.money("cost", cost); F.money("cap10", net // 10)
    F.set(item=g.pick(["company laptop", "work phone", "delivery scanner", "tablet"]), how=g.pick(["knocked it off a desk", "dropped it on the stairs", "spilled coffee on it"]),
          emp=g.employer())
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("I accidentally {how}, the {item}. My employer has deducted the full {cost_u} from this month's pay, leaving me almost nothing from my usual {net_u}. Can they do that?"),
            V("Broke the {item} by accident ({how}). {emp} wants {cost_u} from my wages. My net pay is {net_u}. What's the legal limit?",
              dict(B="{emp}")),
            V("The {item} from work broke when I {how}. {emp} has deducted {cost_u} from my pay (net {net_u}). Lawful?", dict(B="{emp}")),
        ],
        issue=["{B} may deduct {cost} from {W}'s wages for an accidentally damaged {item}"],
        rule=["ec41.2", "ec41.3"],
        app=["{Wc} {how} by accident, which is ordinary carelessness, not intent or gross negligence, so no deduction for the damage is allowed. Even with gross negligence, a deduction could not exceed 10 percent of net wages, {cap10} of {net}, in a pay period."],
        concl=["The deduction of {cost} is unlawful and must be repaid.",
               "{Bc} must refund the deduction in full."],
    )


@situation("employment", "uniform-deduction")
def _(g: Gen):
    F = g.facts()
    F.money("cost", g.amount(35, 220, 5))
    F.set(kit=g.pick(["uniform", "pair of safety boots", "branded polo shirt and apron", "high-visibility jacket"]), emp=g.employer())
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("My new employer requires a {kit} and took {cost_u} for it from my first wage. Can they make me pay for it?"),
            V("{emp} deducts {cost_u} from new starters' pay for the compulsory {kit}. It's in the contract I signed. Legal?",
              dict(B="{emp}")),
            V("My employer says the {kit} is compulsory, then charged me {cost_u} for it out of my wages. Can they?"),
        ],
        issue=["{B} may deduct {cost} from wages for a compulsory {kit}"],
        rule=["ec44"],
        app=["The {kit} is required by {B}, so it must be provided free of charge. A deduction of {cost} for it is prohibited, and a contract term to the contrary gives less than the Code and is void."],
        concl=["{Bc} must repay the {cost}.",
               "The deduction is unlawful, signed contract or not."],
    )


@situation("employment", "dismissed-pregnant")
def _(g: Gen):
    F = g.facts()
    told = F.date("told", g.date(1, 10, 9, 30))
    F.date("fired", plus(told, g.int(7, 40)))
    F.set(emp=g.employer(), reason=g.pick(["restructuring", "a 'change of direction'", "poor performance", "budget cuts"]))
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("I told my manager I was pregnant on {told_u}. On {fired_u} I got written notice, officially for {reason}. It feels like it's because of the pregnancy. What can I do?"),
            V("{emp} dismissed me with notice on {fired_u}, a few weeks after I announced my pregnancy. The letter says {reason}. Is this allowed?",
              dict(B="{emp}")),
            V("Dismissed on {fired_u}, officially for {reason}, soon after telling my manager on {told_u} that I'm expecting. What are my rights?"),
        ],
        issue=["the dismissal of {W} during pregnancy, stated to be for {reason}, is valid"],
        rule=["ec47.2"],
        app=["{Wc} was pregnant when dismissed on {fired}. A dismissal during pregnancy is void unless it is for gross misconduct unrelated to the pregnancy. {reasonc} is not gross misconduct, so it does not matter whether it was the true reason."],
        concl=["The dismissal is void, and {W}'s employment continues.",
               "{Wc} remains employed; the notice has no effect."],
    )


@situation("employment", "dismissed-after-parental-leave")
def _(g: Gen):
    F = g.facts()
    ret = F.date("ret", g.date(1, 10, 8, 30))
    weeks = g.int(3, 15)
    F.date("fired", plus(ret, weeks * 7))
    F.date("prot", add_months(ret, 4))
    F.set(weeks=weeks, emp=g.employer())
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("I came back from 20 weeks of parental leave on {ret_u}. {weeks} weeks later, on {fired_u}, I was given notice. They say my replacement was 'better'. Is that legal?"),
            V("Returned to {emp} after parental leave {ret_u}, dismissed {fired_u}. Any protection?",
              dict(B="{emp}")),
            V("Back from parental leave on {ret_u} and handed my notice on {fired_u}, {weeks} weeks later. Is there a protected period?"),
        ],
        issue=["{W} could be dismissed on {fired}, {weeks} weeks after returning from parental leave"],
        rule=["ec47.2"],
        app=["{Wc} returned on {ret}, so the protected period lasts four months, until {prot}. The dismissal on {fired} falls within it. There is no suggestion of gross misconduct, so the dismissal is void."],
        concl=["The dismissal is void, and {W} remains employed.",
               "{Bc} could not dismiss {W} before {prot} on these grounds."],
    )


@situation("employment", "certificate-refused")
def _(g: Gen):
    F = g.facts()
    req = F.date("req", g.date(1, 10, 10, 20))
    F.date("due", plus(req, 14))
    F.set(**g.workplace(), years=g.pick(["two", "four", "seven"]))
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("I worked for {emp} as a {job} for {years} years. I asked for a reference letter on {req_u} and they said they 'don't do that'. My new employer wants proof of my job. Can they refuse?",
              dict(B="{emp}")),
            V("Former employer won't confirm my dates of employment in writing. Asked on {req_u}. Do they have to?"),
            V("I left {emp} after {years} years as a {job} and asked for a certificate of employment on {req_u}. They've ignored me. Do they have to give me one?", dict(B="{emp}")),
        ],
        issue=["{B} must provide a written certificate of employment requested on {req}"],
        rule=["ec50"],
        app=["On request, the employer must provide within 14 days a written certificate stating the dates of employment and the role. The request was made on {req}, so the certificate is due by {due}. {Bc} cannot refuse, although it need not write a personal recommendation."],
        concl=["{Bc} must issue the certificate by {due}.",
               "The refusal is unlawful; a certificate of dates and role is owed."],
    )


@situation("employment", "wages-paid-late")
def _(g: Gen):
    F = g.facts()
    F.money("sal", g.amount(1800, 3600, 50))
    F.set(emp=g.employer(), late=g.pick(["the 10th", "the 12th", "the 15th", "the 20th"]), mo=g.pick(["March", "June", "September", "October"]))
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("My monthly salary of {sal_u} arrives around {late} of the following month, every month. My rent is due on the 1st. Is my employer allowed to pay that late?"),
            V("{emp} pays my {sal_u} salary on {late} of the next month, not at month end, and there's never a payslip. Is that legal?",
              dict(B="{emp}")),
            V("My salary ({sal_u}) for {mo} came on {late} of the next month. It's like that every month. Anything I can claim?"),
        ],
        issue=["{B} may pay monthly wages on {late} of the following month"],
        rule=["ec31"],
        app=["Monthly wages must be paid by the last working day of the month. Paying on {late} of the following month is late every time, and the s. 30(2) surcharge of 5 percent per full week of delay applies to the salary of {sal}. An itemised payslip is also required."],
        concl=["{Bc} is paying late and owes the surcharge for each late month.",
               "{Wc} may insist on payment by the month's last working day."],
    )


@situation("employment", "excessive-hours")
def _(g: Gen):
    F = g.facts()
    F.set(hrs=g.int(55, 65), weeks=g.int(12, 20), **g.workplace())
    return dict(
        F=F, roles=dict(W="the employee", B="the employer"),
        q=[
            V("For the last {weeks} weeks I've worked about {hrs} hours every week as a {job}. Overtime is paid, but I'm exhausted. Is there a legal maximum?"),
            V("{emp} has expected {hrs}-hour weeks from all of us for the last {weeks} weeks, paid overtime included. Can they?",
              dict(W="the employees", B="{emp}")),
            V("Is there a maximum working week in Maren? I'm a {job} doing around {hrs} hours a week, every week for {weeks} weeks."),
        ],
        issue=["{B} may require {W} to work about {hrs} hours a week on a continuing basis"],
        rule=["ec36.4"],
        app=["Average working time may not exceed 48 hours a week over any 12 weeks. Around {hrs} hours every week over {weeks} weeks exceeds that average. Paying the overtime does not make the hours lawful."],
        concl=["The hours exceed the legal maximum, and {B} must reduce them.",
               "{Wc} may refuse hours beyond the 48-hour average."],
    )


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
    return dict(
        F=F, roles=dict(A="the resident", N="the neighbour"),
        q=[
            V("My neighbours party {times} until {endu}. Music, shouting on the balcony, the lot. Last time was {d_wd} {d_n}. Are there rules about this in Maren?",
              dict(N="the neighbours"), endn="about {end}"),
            V("The {n} family next door on {street} had another party on the night of {d_n}, a {d_wd}. The bass was clearly audible in our bedroom until {end}. We have a baby. They say it's the weekend so anything goes. Is that true?",
              dict(A="the residents", N="the {n} family"), endn="{end}"),
            V("Music from next door until {end} on the night of {d_n}, a {d_wd}. This happens {times}. I'd like to know if it's allowed before I complain.", endn="{end}"),
        ],
        issue=["music audible in a neighbouring home until {endn} on a {d_wd} night breaches the quiet-hours rule"],
        rule=["nno3.1", "nno3.2"],
        app=["On a {d_wd} night quiet hours begin at 23:00, later than on weekdays but not suspended. Music clearly heard in a neighbouring home until {endn} therefore breaches s. 3(2). Even the celebration exemption, if notice were posted, runs only until 01:00."],
        concl=["The noise is a breach; {A} may give {N} written notice and, if it recurs, complain to the Town Warden.",
               "The weekend does not excuse noise after 23:00."],
    )


@situation("neighbours", "weeknight-music")
def _(g: Gen):
    F = g.facts()
    F.date("d", g.weekday_date({0, 1, 2, 3, 6}))
    F.set(t=g.pick(["22:30", "23:00", "23:30", "midnight"]), n=g.first(), what=g.pick(["music", "a TV turned right up", "karaoke", "video-game shouting"]))
    return dict(
        F=F, roles=dict(A="the resident", N="the neighbour"),
        q=[
            V("It's {d_wd} and my upstairs neighbour is playing {what} I can hear clearly in my bedroom at {t}. I have work at 6. Is this against any rule?"),
            V("My neighbour {n} has {what} on until {t} most weeknights, including this {d_wd}. I can hear every word through the wall. Is there a time limit?",
              dict(N="{n}")),
            V("{whatc} at {t} on a {d_wd} night, clearly audible in my flat. Allowed?"),
        ],
        issue=["{what} clearly audible in a neighbouring home at {t} on a {d_wd} night is lawful"],
        rule=["nno3.1", "nno3.2"],
        app=["On a {d_wd} night quiet hours start at 22:00. {whatc} clearly heard inside {A}'s home at {t} falls within them, so it breaches s. 3(2). No celebration notice or festival night is mentioned."],
        concl=["{Nc} is in breach of the quiet hours.",
               "The noise at {t} is unlawful, and the enforcement steps of s. 18 are open to {A}."],
    )


@situation("neighbours", "announced-celebration")
def _(g: Gen):
    F = g.facts()
    party = F.date("party", g.weekday_date({4, 5}))
    F.date("posted", plus(party, -g.int(3, 6)))
    F.set(end=g.pick(["00:30", "00:45", "01:00"]), occ=g.pick(["fortieth birthday", "wedding anniversary", "graduation", "housewarming"]),
          n=g.surname())
    return dict(
        F=F, roles=dict(A="the resident", N="the neighbour"),
        q=[
            V("The neighbours put a note in the stairwell on {posted_u} saying they're having a {occ} party on {party_u} and apologising for noise. The music went on until {end}. Can I complain to the Warden?",
              dict(N="the neighbours")),
            V("The {n}s held a {occ} party on {party_u} until {end}. They'd posted a notice on {posted_u}. As far as I know it's their first party this year. Was that allowed?",
              dict(N="the {n} household")),
            V("The neighbours posted a note on {posted_u} about a {occ} party on {party_u}. It went on until {end}. Was that within the rules?", dict(N="the neighbours")),
        ],
        issue=["a {occ} party lasting until {end} on {party}, announced on {posted}, breached the quiet hours"],
        rule=["nno3.3"],
        app=["A household may hold up to four celebrations a year until 01:00 if it posts a notice at least 48 hours in advance. The notice was posted on {posted}, more than 48 hours before {party}, and the party ended at {end}, within the limit. Nothing suggests the yearly limit was exceeded."],
        concl=["The party was allowed, and a complaint would not succeed.",
               "{Nc} used the celebration exemption lawfully."],
    )


@situation("neighbours", "new-years-eve")
def _(g: Gen):
    F = g.facts()
    F.set(end=g.pick(["02:00", "03:00", "04:00"]), n=g.first())
    return dict(
        F=F, roles=dict(A="the resident", N="the neighbour"),
        q=[
            V("Our neighbours partied until {end} on New Year's Eve. I'm thinking of reporting them. Would that go anywhere?", dict(N="the neighbours")),
            V("Can I complain about {n} next door playing music until {end} on the night of the Maren Town Festival?",
              dict(N="{n}"),
              issue=["noise until {end} on the night of the Maren Town Festival breaches the quiet-hours rule"],
              app=["The noise occurred on the night of the Maren Town Festival. Quiet hours do not apply that night, so music until {end} does not breach s. 3(2), however disturbing."]),
            V("Is New Year's Eve an exception to the quiet hours? Next door were partying until {end}.", dict(N="the neighbours")),
        ],
        issue=["noise until {end} on New Year's Eve breaches the quiet-hours rule"],
        rule=["nno3.4"],
        app=["The party took place on New Year's Eve, one of the two nights when quiet hours do not apply. Music until {end} that night therefore breaches no rule of the Ordinance."],
        concl=["A complaint would not succeed.",
               "{Nc} broke no quiet-hours rule that night."],
    )


@situation("neighbours", "hosting-a-party")
def _(g: Gen):
    F = g.facts()
    F.date("party", g.weekday_date({4}))
    F.set(occ=g.pick(["birthday", "leaving do", "farewell party", "summer party"]), n=g.int(15, 40))
    return dict(
        F=F, roles=dict(A="the host", N="the neighbours"),
        q=[
            V("I'm throwing a {occ} on Friday {party_n} for about {n} people. Until when can we have music without getting into trouble with the neighbours?"),
            V("Planning a {occ} at my flat on {party_n}, a Friday. Is there a way to keep the music going past 23:00 legally?"),
            V("We want to celebrate a {occ} on Friday {party_n} with about {n} guests. How late can the music go, and is there anything we must do first?", dict(A="the hosts")),
        ],
        issue=["?How late {A} may play music at a {occ} on Friday {party}."],
        rule=["nno3.1", "nno3.3"],
        app=["On a Friday night quiet hours begin at 23:00. {Ac} may extend the music to 01:00 by posting a notice for the neighbours at least 48 hours before {party}, provided no more than four such celebrations are held that year."],
        concl=["Without notice the music must stop at 23:00; with 48 hours' posted notice it may run until 01:00.",
               "{Ac} can lawfully continue until 01:00 by posting notice in time."],
    )


@situation("neighbours", "piano-practice")
def _(g: Gen):
    F = g.facts()
    F.set(hrs=g.pick(["four", "five", "three and a half"]), inst=g.pick(["piano", "violin", "trumpet", "cello", "electric guitar"]),
          n=g.first(), who=g.pick(["student", "retired teacher", "teenage son", "neighbour"]))
    return dict(
        F=F, roles=dict(A="the resident", N="the neighbour"),
        q=[
            V("The {who} next door practises the {inst} {hrs} hours a day, always in the daytime. I work from home and hear every note. Is daytime practice unlimited?"),
            V("{n} upstairs plays {inst} for {hrs} hours daily, 10:00 till mid-afternoon. Never at night. Do I have any grounds to complain?",
              dict(N="{n}")),
            V("Daytime music from the flat next door: {inst} for {hrs} hours a day. Never at night, but I hear it in every room. Is there a limit?"),
        ],
        issue=["{inst} practice audible next door for {hrs} hours a day is a nuisance outside quiet hours"],
        rule=["nno4"],
        app=["Outside quiet hours, an instrument clearly heard in a neighbouring home is allowed for up to two hours a day in total. {Nc} plays for {hrs} hours a day, beyond that limit, so the excess is a nuisance even though it happens in the daytime."],
        concl=["{Nc} must limit audible practice to two hours a day.",
               "The practice is a nuisance beyond two hours, and {A} may use the s. 18 procedure."],
    )


@situation("neighbours", "sunday-drilling")
def _(g: Gen):
    F = g.facts()
    F.date("d", g.weekday_date({6}))
    F.set(t=g.pick(["09:00", "10:30", "11:00", "14:00"]), tool=g.pick(["a power drill", "an angle grinder", "a circular saw", "a hammer drill"]),
          n=g.first())
    return dict(
        F=F, roles=dict(A="the resident", N="the neighbour"),
        q=[
            V("It's Sunday {d_n}, {t}, and my neighbour is using {tool} for his DIY project. Isn't Sunday off-limits?"),
            V("{n} next door said the Sunday work is fine because 'it's daytime and only an hour'. Today, {d_u}, {tool} from {t}. Who is right?",
              dict(N="{n}")),
            V("Is DIY with power tools allowed on a Sunday in Maren? My neighbour was at it on {d_u} from {t}: {tool}."),
        ],
        issue=["{N} may use {tool} on Sunday {d} at {t}"],
        rule=["nno5.1"],
        app=["Power tools are never allowed on Sundays or public holidays, whatever the hour or duration. Using {tool} on Sunday {d} at {t} is therefore a breach, unless it is an emergency repair, which a DIY project is not."],
        concl=["The work is unlawful and must stop.",
               "{Nc} is in breach of s. 5(1)."],
    )


@situation("neighbours", "early-renovation")
def _(g: Gen):
    F = g.facts()
    F.set(t=g.pick(["06:30", "07:00", "07:15", "07:30"]), n=g.surname(), wd=g.pick(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]))
    return dict(
        F=F, roles=dict(A="the resident", N="the neighbour"),
        q=[
            V("Builders next door start drilling at {t} on weekdays. It wakes the whole family. Is there a legal start time?",
              dict(A="the residents", N="the neighbours")),
            V("The {n}s' contractors begin power sawing at {t} sharp, this {wd} included. I thought works couldn't start that early?",
              dict(N="the {n} household")),
            V("Renovation noise next door starts at {t} every weekday. What are the permitted hours for building work?", dict(N="the neighbours")),
        ],
        issue=["noisy building work may start at {t} on a weekday"],
        rule=["nno5.1"],
        app=["On weekdays noisy building work is allowed only from 08:00 to 19:00. Starting power tools at {t} is before the permitted time, so the early work breaches s. 5(1), whoever carries it out."],
        concl=["The work may not start before 08:00 on weekdays.",
               "{Nc} is responsible for keeping the works within 08:00 to 19:00."],
    )


@situation("neighbours", "renovation-without-notice")
def _(g: Gen):
    F = g.facts()
    F.date("start", g.weekday_date({0}))
    F.set(weeks=g.pick(["three weeks", "a month", "six weeks"]), n=g.first(), job=g.pick(["a kitchen refit", "a full bathroom renovation", "a loft conversion", "replacing all the floors"]))
    return dict(
        F=F, roles=dict(A="the resident", N="the neighbour"),
        q=[
            V("Without a word of warning, my neighbour started {job} on {start_u}. The builder says it will take {weeks}. Shouldn't I have been told?"),
            V("{n} next door began {job} on {start_u}, planned for {weeks}. Working hours are fine, but nobody notified us. Does that matter?",
              dict(A="the residents", N="{n}")),
            V("Next door started {job} on {start_u}, expected to take {weeks}, and we were not told in advance. Is prior notice required?", dict(A="the residents")),
        ],
        issue=["{N} had to notify {A} before starting {job}, expected to last {weeks}"],
        rule=["nno5.2"],
        app=["Works lasting more than three days require written notice to adjoining neighbours at least 7 days before they start. {jobc}, expected to last {weeks}, qualifies, and no notice was given before {start}. The failure is a breach, even if the working hours are respected."],
        concl=["{Nc} breached s. 5(2) by starting without notice.",
               "{Ac} should have received written notice by 7 days before {start}."],
    )


@situation("neighbours", "emergency-repair-at-night")
def _(g: Gen):
    F = g.facts()
    F.date("d", g.date(1, 10, 11, 20))
    F.set(t=g.pick(["23:30", "midnight", "01:00", "05:30"]), what=g.pick(["a burst water pipe", "a collapsed ceiling", "a gas leak", "a broken sewage pipe"]))
    return dict(
        F=F, roles=dict(A="the resident", N="the neighbour"),
        q=[
            V("On {d_u} at {t}, plumbers were drilling in the flat below to fix {what}. I was woken up. Can I report it?"),
            V("Power tools at {t} on {d_u}. Turns out it was emergency work on {what} next door. Still a breach of the quiet hours?"),
            V("Drilling at {t} on {d_u} woke me; it turned out to be an emergency repair of {what} next door. Can I complain?"),
        ],
        issue=["emergency work on {what} at {t} breached the rules on noise and building works"],
        rule=["nno5.3"],
        app=["Drilling at {t} would ordinarily fall outside the permitted hours. But the work was to deal with {what}, an emergency repair, and such repairs are exempt from the limits on building works."],
        concl=["The work was lawful, and a report would not succeed.",
               "No breach occurred; the emergency exemption applies."],
    )


@situation("neighbours", "overhanging-branches")
def _(g: Gen):
    F = g.facts()
    req = F.date("req", g.date(8, 1, 12, 1, year=YEAR - 1))
    F.date("dl", plus(req, 30))
    cost = F.money("cost", g.amount(180, 850, 10))
    F.money("rec", min(cost, 500))
    F["recs"] = f"the full {money(cost)} quoted" if cost <= 500 else f"{money(500)} of the {money(cost)} quoted"
    F.set(tree=g.pick(["oak", "walnut tree", "chestnut", "row of poplars", "willow"]), n=g.surname())
    return dict(
        F=F, roles=dict(A="the resident", N="the neighbour"),
        q=[
            V("The {tree} next door hangs far over my garden. I wrote to the owners on {req_u} asking them to cut it back. Nothing has happened since. A gardener quoted {cost_u}. Can I do it myself and charge them?",
              dict(N="the neighbours")),
            V("Mr {n}'s {tree} overhangs my drive and drops branches on my car. Written request sent {req_u}, ignored. Can I cut the branches back, and who pays the {cost_u}?",
              dict(N="Mr {n}")),
            V("Overhanging {tree} from next door. I wrote to the owner on {req_u}; no response since. Cutting it back will cost {cost_u}. What can I recover?", dict(N="the owner")),
        ],
        issue=["{A} may cut back the overhanging branches of the {tree} and recover the cost of {cost}"],
        rule=["nno7.1", "nno7.2"],
        app=["{Ac} asked in writing on {req}, and the 30 days ended on {dl} with nothing done. {Ac} may now cut back to the boundary line and recover the reasonable cost, capped at 500 crowns: here {recs}."],
        concl=["{Ac} may cut back to the boundary and claim {rec} from {N}.",
               "Self-help is now available, with costs recoverable up to {rec}."],
    )


@situation("neighbours", "roots-no-request-yet")
def _(g: Gen):
    F = g.facts()
    F.set(tree=g.pick(["birch", "poplar", "sycamore", "cherry tree"]), dmg=g.pick(["lifting my patio slabs", "cracking the garden path", "blocking my drain", "pushing up the edge of my driveway"]),
          n=g.first())
    return dict(
        F=F, roles=dict(A="the resident", N="the neighbour"),
        q=[
            V("Roots from my neighbour's {tree} are {dmg}. Can I just hire someone tomorrow to dig them out and send the neighbour the bill?"),
            V("{n}'s {tree} roots are {dmg}. We've mentioned it over the fence but that's all. What's the correct procedure?",
              dict(N="{n}")),
            V("Can I cut the roots from next door's {tree} that are {dmg} and bill the neighbour? I haven't written to them yet."),
        ],
        issue=["{A} may cut the roots of {N}'s {tree} now and recover the cost"],
        rule=["nno7.1", "nno7.2"],
        app=["Roots crossing the boundary are covered by s. 7, but the right to cut them and recover costs arises only after a written request has gone unanswered for 30 days. No written request has been made yet; a remark over the fence is not enough."],
        concl=["{Ac} should first send a written request; self-help with costs is available only 30 days later.",
               "Cutting now would not be recoverable from {N}."],
    )


@situation("neighbours", "tall-hedge")
def _(g: Gen):
    F = g.facts()
    F.set(h=g.pick(["3", "3.5", "4", "2.8"]), plant=g.pick(["leylandii", "laurel", "beech", "privet"]), n=g.surname(),
          dist=g.pick(["right on", "half a metre from", "just inside"]))
    return dict(
        F=F, roles=dict(A="the resident", N="the neighbour"),
        q=[
            V("My neighbour's {plant} hedge along our shared boundary is now about {h} metres tall and blocks all the afternoon sun. Is there a maximum height?"),
            V("The {n} family let their {plant} hedge, planted {dist} the boundary line, grow to {h} m. They refuse to trim it. Any rule?",
              dict(N="the {n} family")),
            V("Hedge of {plant} on the boundary, {h} metres high. Is there a legal maximum?"),
        ],
        issue=["{N}'s {plant} hedge, {h} metres tall on the boundary, exceeds the permitted height"],
        rule=["nno7.4"],
        app=["A hedge on or within 1 metre of a boundary may not be taller than 2 metres. The {plant} hedge on the boundary is about {h} metres, so it exceeds the limit and must be reduced, respecting the limit on heavy cutting between 1 March and 31 July."],
        concl=["{Nc} must reduce the hedge to 2 metres.",
               "The hedge is too tall, and {A} may use the s. 18 procedure if it is not cut."],
    )


@situation("neighbours", "falling-fruit")
def _(g: Gen):
    F = g.facts()
    F.set(fruit=g.pick(["apples", "pears", "plums", "walnuts", "cherries"]), n=g.first())
    return dict(
        F=F, roles=dict(A="the resident", N="the neighbour"),
        q=[
            V("My neighbour's tree drops loads of {fruit} into my garden. He says they're his and wants to come and collect them. Are they his?"),
            V("{n} next door accuses me of stealing {fruit} from the tree because I picked up the ones that fell onto my lawn. Who do they belong to?",
              dict(N="{n}")),
            V("Who owns {fruit} that fall from the neighbour's tree into my garden?"),
        ],
        issue=["{fruit} falling from {N}'s tree onto {A}'s land belong to {A}"],
        rule=["nno7.5"],
        app=["Fruit that falls naturally onto a neighbour's land belongs to that neighbour. The {fruit} that dropped into {A}'s garden are therefore {A}'s. Fruit still on the branches remains {N}'s."],
        concl=["The fallen {fruit} belong to {A}.",
               "{Nc} has no claim to the fruit that fell onto {A}'s land."],
    )


@situation("neighbours", "cutting-in-nesting-season")
def _(g: Gen):
    F = g.facts()
    F.date("d", g.date(3, 10, 7, 15))
    F.set(what=g.pick(["cut down half of a big hedge", "saw off large branches of a tree", "cut the hedge right back to the trunks"]))
    return dict(
        F=F, roles=dict(A="the resident", N="the neighbour"),
        q=[
            V("My neighbour ignored my written request about his overhanging tree for two months. Can I {what} on {d_u}?"),
            V("Planning to {what} on my side of the boundary around {d_u}. The owner never responded to my written request last year. Any restrictions?"),
            V("I want to {what} on {d_u}; the neighbour ignored my written request about the overhang months ago. Is the timing a problem?"),
        ],
        issue=["{A} may {what} on {d}"],
        rule=["nno7.2", "nno7.3"],
        app=["The unanswered request gives {A} the right to cut back to the boundary. But {d} falls between 1 March and 31 July, when only light trimming is allowed. A plan to {what} is heavy cutting and must wait unless the growth is dangerous."],
        concl=["Only light trimming is allowed on {d}; heavier cutting must wait until August.",
               "{Ac} should postpone the heavy cutting until after 31 July."],
    )


@situation("neighbours", "dog-bite")
def _(g: Gen):
    F = g.facts()
    F.date("d", g.date(1, 10, 11, 20))
    F.money("cost", g.amount(80, 900, 10))
    F.set(dog=g.pick(["spaniel", "German shepherd", "terrier", "labrador", "husky"]), n=g.surname(), where=g.pick(["on the pavement", "in the Town Park", "outside the bakery", "on the harbour path"]),
          what=g.pick(["my leg", "my hand", "my calf", "my son's arm"]))
    return dict(
        F=F, roles=dict(A="the victim", N="the keeper"),
        q=[
            V("On {d_u} a {dog} bit {what} as I walked past {where}. I did nothing to it. The owner says it has 'never done that before' so it isn't his fault. The doctor and a torn coat cost me {cost_u}. Can I claim?"),
            V("Mrs {n}'s {dog} bit {what} {where} on {d_u}. She says she can't be liable because she had no idea the dog was aggressive. Medical costs {cost_u}. Who pays?",
              dict(N="Mrs {n}")),
            V("Bitten by a {dog} {where} on {d_u}. The owner says the dog was always friendly, so it's not his problem. Costs {cost_u}. Can I claim?"),
        ],
        issue=["{N} is liable for the bite on {d} although the {dog} had never bitten before"],
        rule=["nno9.1"],
        app=["The keeper of an animal is liable for injury or damage it causes whether or not at fault. The {dog} bit {A} {where} on {d}, with no provocation and no trespass. That the dog had never bitten before is irrelevant to liability."],
        concl=["{Nc} is liable and must pay the {cost}.",
               "{Ac} may recover the {cost} from {N}, if necessary as a small claim."],
    )


@situation("neighbours", "dog-damage-garden")
def _(g: Gen):
    F = g.facts()
    F.money("cost", g.amount(60, 600, 10))
    what, what_a = g.pick([('dug up my vegetable beds', 'dug up the vegetable beds'),
                           ('killed two of my hens', 'killed two hens'),
                           ('chewed through my garden hose and ruined the seedlings', 'chewed through a garden hose and ruined the seedlings'),
                           ('flattened my flower border', 'flattened a flower border')])
    F.set(what=what, what_a=what_a, n=g.first())
    return dict(
        F=F, roles=dict(A="the resident", N="the keeper"),
        q=[
            V("My neighbour's dog got through the hedge and {what}. Replacing it all will cost about {cost_u}. The neighbour shrugs and says dogs will be dogs. Do I have a claim?"),
            V("{n}'s dog {what}. Loss about {cost_u}. {n} won't pay. Is the owner responsible even if it was an accident?",
              dict(N="{n}")),
            V("Neighbour's dog {what}. Damage about {cost_u}. Is the owner liable even though it was an accident?"),
        ],
        issue=["{N} is liable for the damage of about {cost} caused by the dog"],
        rule=["nno9.1"],
        app=["A keeper is liable for damage the animal causes, without any need to show fault. The dog {what_a}, causing about {cost} of loss, on {A}'s own land. Neither provocation nor trespass by {A} is involved."],
        concl=["{Nc} must compensate the {cost}.",
               "{Ac} has a valid claim for {cost} against {N}."],
    )


@situation("neighbours", "provoked-dog")
def _(g: Gen):
    F = g.facts()
    F.money("cost", g.amount(60, 500, 10))
    F.set(kid=g.first(), prov=g.pick(["pulled its tail", "poked it with a stick", "climbed over the gate into the dog's garden", "kept throwing stones at it"]))
    return dict(
        F=F, roles=dict(A="the injured person", N="the keeper"),
        q=[
            V("My child {kid} was nipped by the neighbours' dog after {kid} {prov}. Doctor's visit was {cost_u}. Are the neighbours liable?"),
            V("A kid {prov} and my dog bit him. The parents want {cost_u}. Am I liable as the owner?",
              dict(N="the owner")),
            V("My child {kid} {prov} and was bitten by the neighbours' dog. The treatment cost {cost_u}. Can we claim from them?"),
        ],
        issue=["{N} is liable for a bite that followed the child having {prov}"],
        rule=["nno9.1"],
        app=["Liability for an animal does not depend on fault, but it is excluded where the injured person provoked the animal or was on the keeper's land without permission. Having {prov}, the child provoked the dog or trespassed, so the exception applies."],
        concl=["{Nc} is probably not liable for the {cost}.",
               "The claim for {cost} would likely fail under the exception in s. 9(1)."],
    )


@situation("neighbours", "barking-dog")
def _(g: Gen):
    F = g.facts()
    F.set(hrs=g.pick(["most of the day", "two or three hours at a stretch", "from 8 until 5", "for an hour at a time"]),
          n=g.surname(), breed=g.pick(["husky", "beagle", "terrier", "collie"]))
    return dict(
        F=F, roles=dict(A="the resident", N="the neighbour"),
        q=[
            V("The dog next door barks {hrs} while its owners are at work. I work nights and sleep during the day. Is there anything in the rules?"),
            V("The {n}s' {breed} howls {hrs} when they're out. I've spoken to them; nothing changes. What now?",
              dict(N="the {n} household")),
            V("The dog next door barks {hrs} every day. Is there a rule, and what's the first step?"),
        ],
        issue=["barking {hrs} while the keepers are out is a nuisance"],
        rule=["nno9.3", "nno18.1"],
        app=["Barking lasting more than 15 minutes at a time is a nuisance, whatever the hour. A dog barking {hrs} exceeds that. Before escalating, {A} should give {N} written notice; a conversation is not enough."],
        concl=["The barking is a nuisance; after written notice, {A} may complain to the Town Warden if it continues.",
               "{Nc} is responsible for the nuisance and must stop it."],
    )


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
    return dict(
        F=F, roles=dict(A="the injured person", N="the keeper"),
        q=[
            V("In the Town Park on {d_u}, an off-lead dog {what}. Costs so far: {cost_u}. The owner said the park is for dogs to run. Who's responsible?"),
            V("Off-leash dog {what} in the Town Park ({d_u}). Owner refuses to pay the {cost_u}. Do I have a case?"),
            V("An unleashed dog {what} in the Town Park on {d_u}. The bills so far come to {cost_u}. Is the owner liable?"),
        ],
        issue=["{N} is liable for the loss of {cost} caused when an unleashed dog {what_a} in the Town Park"],
        rule=["nno9.2", "nno9.1"],
        app=["Dogs must be kept on a lead in the Town Park, so the keeper was in breach on {d}. In any case, a keeper is liable for injury or damage the animal causes without proof of fault, and nothing suggests provocation."],
        concl=["{Nc} is liable for the {cost}.",
               "The claim for {cost} is well founded."],
    )


@situation("neighbours", "trespasser-bitten")
def _(g: Gen):
    F = g.facts()
    F.money("cost", g.amount(80, 600, 10))
    F.set(why=g.pick(["to fetch a ball without asking", "as a shortcut", "to look at the garden shed", "at night, uninvited"]))
    return dict(
        F=F, roles=dict(A="the injured person", N="the keeper"),
        q=[
            V("A young man climbed into my fenced garden {why} and my dog bit him. He's demanding {cost_u}. Am I liable?"),
            V("I went into the neighbour's garden {why} and their dog bit me. Treatment cost {cost_u}. Can I claim?",
              dict(A="the asker")),
            V("Someone entered my garden {why} and was bitten by my dog. He wants {cost_u}. Am I liable?"),
        ],
        issue=["{N} is liable for a bite suffered by a person who entered the garden {why}"],
        rule=["nno9.1"],
        app=["The keeper's liability is strict, but it does not apply where the injured person was on the keeper's land without permission. Entering the fenced garden {why} was without permission, so the exception applies."],
        concl=["{Nc} is not liable for the {cost}.",
               "The claim for {cost} would fail."],
    )


@situation("neighbours", "burning-garden-waste")
def _(g: Gen):
    F = g.facts()
    F.set(n=g.first(), what=g.pick(["garden cuttings", "old pallets and leaves", "hedge trimmings", "household rubbish"]), freq=g.pick(["every Saturday", "a few times a month", "all autumn"]))
    return dict(
        F=F, roles=dict(A="the resident", N="the neighbour"),
        q=[
            V("My neighbour burns {what} in an old barrel {freq} and the smoke comes straight into our house. Is burning allowed in town?"),
            V("{n} next door has a bonfire of {what} {freq} and says it's their own garden, so it's their business. Are they right?",
              dict(N="{n}")),
            V("Is it legal to burn {what} in a garden in Maren? Next door does it {freq}."),
        ],
        issue=["{N} may burn {what} in the garden"],
        rule=["nno11.1"],
        app=["Burning garden waste or rubbish in the open is prohibited within the town. Burning {what} {freq} is therefore a breach, whether or not it happens on {N}'s own land and whatever the direction of the smoke."],
        concl=["The burning is unlawful; {A} may give written notice and then complain to the Town Warden.",
               "{Nc} is in breach of s. 11(1)."],
    )


@situation("neighbours", "barbecue-smoke")
def _(g: Gen):
    F = g.facts()
    where, where_a = g.pick([('right under our bedroom window', 'right under a bedroom window next door'),
                             ('by the fence next to our kitchen window', "by the fence next to a neighbour's kitchen window"),
                             ('on the balcony below ours', "on the balcony directly below the neighbours' flat")])
    F.set(where=where, where_a=where_a, n=g.surname())
    return dict(
        F=F, roles=dict(A="the resident", N="the neighbour"),
        q=[
            V("Neighbours barbecue {where} every weekend. The smoke pours into our home. Are barbecues even allowed?", dict(N="the neighbours")),
            V("The {n}s put their barbecue {where} and won't move it. Smoke comes straight in. Do we just have to put up with it?",
              dict(A="the residents", N="the {n} household")),
            V("Every weekend the barbecue next door sits {where} and smokes out our flat. Do we have to accept it?", dict(A="the residents", N="the neighbours")),
        ],
        issue=["{N} may keep a barbecue positioned so that smoke blows into {A}'s windows"],
        rule=["nno11.2"],
        app=["Barbecues are allowed, so {N} may barbecue. But a barbecue must be placed so that smoke does not blow directly into a neighbour's windows. A barbecue {where_a}, sending smoke straight in, does not meet that condition."],
        concl=["{Nc} may barbecue but must move the barbecue.",
               "The placement is unlawful, though barbecuing itself is not."],
    )


@situation("neighbours", "fence-repair-costs")
def _(g: Gen):
    F = g.facts()
    notice = F.date("notice", g.date(1, 10, 9, 1))
    days = g.int(35, 70)
    F.date("now", plus(notice, days)); F.date("obj", plus(notice, 30))
    quote = g.amount(400, 2400, 20)
    F.money("quote", quote); F.money("half", quote // 2)
    F.set(n=g.first())
    return dict(
        F=F, roles=dict(A="the resident", N="the neighbour"),
        q=[
            V("My neighbour sent me a letter on {notice_u} with a quote of {quote_u} to repair our shared fence, asking me to pay half. I didn't reply. Now, on {now_u}, the work is done and she wants {half_u}. Do I have to pay?",
              dict(A="the asker")),
            V("{n} next door ignored my written notice and quote ({quote_u}) for fixing the boundary fence, sent {notice_u}. I had it repaired. Can I make {n} pay half?",
              dict(N="{n}")),
            V("On {notice_u} my neighbour gave me written notice and a {quote_u} quote for repairing our shared boundary fence. I didn't object. Now the bill for my half, {half_u}, has arrived. Must I pay?", dict(A="the asker")),
        ],
        issue=["the neighbour who received notice on {notice} must pay half of the fence repair quoted at {quote}"],
        rule=["nno13.2"],
        app=["The repair concerns a boundary fence serving both properties, so the cost is shared equally. Written notice with a quote was given on {notice}, and the 30 days to object ended on {obj} without objection. Half of {quote}, {half}, is therefore payable."],
        concl=["Half the cost, {half}, is owed.",
               "The neighbour who did not object must pay {half}."],
    )


@situation("neighbours", "high-fence")
def _(g: Gen):
    F = g.facts()
    F.set(h=g.pick(["2.2", "2.4", "2.5", "3"]), n=g.surname(), mat=g.pick(["wooden", "concrete", "metal", "bamboo-screen"]))
    return dict(
        F=F, roles=dict(A="the resident", N="the neighbour"),
        q=[
            V("My neighbour just built a {h}-metre {mat} fence along our boundary, on his side. Our garden is now in shade. Can he build that high?"),
            V("Want to put up a {h} m {mat} fence on my own land for privacy. Do I need permission?",
              dict(N="the asker"),
              issue=["a {h}-metre {mat} fence on the owner's own land needs a permit"],
              app=["A fence on one's own land up to 1.8 metres needs no permit. A {h}-metre fence is higher, so a Town permit must be obtained before building it."],
              concl=["A Town permit is required for a {h}-metre fence.", "Without a permit, the fence must stay at or below 1.8 metres."]),
            V("A {h} m {mat} fence has gone up on the boundary, built by the neighbour on his own land. Does he need a permit?"),
        ],
        issue=["{N} may build a {h}-metre {mat} fence on the boundary without a permit"],
        rule=["nno13.1"],
        app=["A fence up to 1.8 metres may be built on one's own land without a permit. At {h} metres the fence exceeds that height, so it needs a Town permit. If none was granted, the fence breaches s. 13(1)."],
        concl=["Unless {N} holds a Town permit, the fence is unlawful.",
               "{Ac} may ask whether a permit exists and, if not, use the s. 18 procedure."],
    )


@situation("neighbours", "blocked-driveway")
def _(g: Gen):
    F = g.facts()
    F.set(freq=g.pick(["almost every evening", "three times this week", "every market day"]), who=g.pick(["a visitor of the house opposite", "the café's delivery van", "my neighbour's son", "a customer of the gym next door"]))
    return dict(
        F=F, roles=dict(A="the resident", N="the driver"),
        q=[
            V("{whoc} parks across my driveway {freq}, and I can't get my car out. What can I do?"),
            V("Car blocking our gate again, {freq}. Who can I call, and who pays for towing?"),
            V("Someone keeps parking across my driveway, {freq}. Can I have the car towed, and at whose cost?"),
        ],
        issue=["{A} has a remedy against a vehicle that blocks access to the driveway"],
        rule=["nno15"],
        app=["No one may block access to another property's driveway, gate or entrance. Parking across {A}'s driveway {freq} breaches that rule. The Town Warden may have the blocking vehicle removed, and the cost falls on its owner, not on {A}."],
        concl=["{Ac} may call the Town Warden to have the vehicle removed at the owner's cost.",
               "The blocking is unlawful, and removal is available through the Town Warden."],
    )


@situation("neighbours", "warden-after-written-notice")
def _(g: Gen):
    F = g.facts()
    notice = F.date("notice", g.date(1, 10, 9, 1))
    F.date("again", plus(notice, g.int(7, 60)))
    F.set(what=g.pick(["late-night music", "drilling on Sundays", "a barking dog", "bonfires"]), n=g.first())
    return dict(
        F=F, roles=dict(A="the resident", N="the neighbour"),
        q=[
            V("I gave my neighbour a letter on {notice_u} about {what}. It happened again on {again_u}. What's the next step, and what can the authorities do?"),
            V("Wrote to {n} about {what} on {notice_u}; no change, latest incident {again_u}. Can the Town Warden fine them?",
              dict(N="{n}")),
            V("Sent written notice about {what} on {notice_u}. It happened again on {again_u}. Can I go to the Town Warden now, and what fines are possible?"),
        ],
        issue=["{A} may now involve the Town Warden about {what}, and what the Warden can do"],
        rule=["nno18.2", "nno18.3"],
        app=["{Ac} gave written notice on {notice}. The breach recurred on {again}, within six months, so {A} may complain to the Town Warden. The Warden may warn {N} and fine 100 crowns for a first breach and 250 crowns for each further breach."],
        concl=["{Ac} may complain to the Town Warden now.",
               "The conditions for a Warden complaint are met, and fines are possible."],
    )


@situation("neighbours", "repeat-after-fine")
def _(g: Gen):
    F = g.facts()
    F.set(what=g.pick(["noise after midnight", "power tools on Sundays", "blocking the shared gate", "burning rubbish"]), n=g.surname())
    return dict(
        F=F, roles=dict(A="the resident", N="the neighbour"),
        q=[
            V("The Town Warden already fined my neighbour 100 crowns for {what}. It's happening again. Will the fine just be 100 again?"),
            V("After a first Warden fine for {what}, the {n}s are at it again. What's the next fine, and can we go further?",
              dict(N="the {n} household")),
            V("My neighbour was already fined once by the Warden (100 crowns) for {what}. It has started again. What happens next?"),
        ],
        issue=["?What further sanctions may follow a repeated breach after a first fine for {what}."],
        rule=["nno18.3", "nno18.4"],
        app=["{Nc} has already been fined 100 crowns for a first breach. A further breach, such as the renewed {what}, carries a fine of 250 crowns each time. Independently, {A} may ask the Town Court to order the nuisance stopped and to award compensation."],
        concl=["Each further breach may be fined 250 crowns, and a court order is also available.",
               "{Ac} can report again for a 250-crown fine and may seek a Town Court order."],
    )


@situation("neighbours", "compensation-lost-sleep")
def _(g: Gen):
    F = g.facts()
    F.set(months=g.pick(["three", "four", "six", "eight"]), what=g.pick(["night-time music", "a howling dog", "early-morning building noise", "a noisy heat pump running all night"]),
          n=g.first())
    F.money("cost", g.amount(200, 1800, 10))
    return dict(
        F=F, roles=dict(A="the resident", N="the neighbour"),
        q=[
            V("For {months} months I've suffered {what} from next door despite written notice and two Warden fines. I've had to pay {cost_u} for earplugs, a sleep clinic and hotel nights. Can I get that money back?"),
            V("Warden fines don't stop {n}'s {what}. Been {months} months, and I've spent {cost_u} on earplugs and hotel nights. Can a court make it stop, and can I get compensation?",
              dict(N="{n}")),
            V("{months} months of {what} from next door. Written notice given, Warden involved, no change. My costs so far: {cost_u}. Can I take it to court?"),
        ],
        issue=["{A} may obtain a court order and compensation for {months} months of {what}"],
        rule=["nno18.4"],
        app=["Apart from Warden fines, the affected person may ask the Town Court to order the nuisance stopped and to award compensation. {Ac} has suffered {what} for {months} months after written notice, so an order is available and losses shown, such as the {cost}, may be claimed."],
        concl=["{Ac} may apply to the Town Court for an order and compensation.",
               "A Town Court application is the route to stop the nuisance and recover losses."],
    )


@situation("neighbours", "warden-fine-without-notice")
def _(g: Gen):
    F = g.facts()
    F.date("d", g.date(1, 10, 11, 20))
    F.set(what=g.pick(["loud music", "a barking dog", "power tools on a Sunday", "drumming"]))
    return dict(
        F=F, roles=dict(A="the complaining neighbour", N="the resident"),
        q=[
            V("A neighbour went straight to the Town Warden about {what} at my place on {d_u}. Nobody ever told me there was a problem. Shouldn't they have warned me first?"),
            V("Can someone complain to the Warden about {what} from my flat without ever giving me written notice? It happened on {d_u}."),
            V("I was reported to the Town Warden for {what} on {d_u} without the neighbour ever writing to me. Was that the correct procedure?"),
        ],
        issue=["{A} could complain to the Town Warden about {what} without first giving written notice"],
        rule=["nno18.1", "nno18.2"],
        app=["The affected person should first give the person responsible written notice, unless there is danger, and may complain to the Warden only if the breach continues or recurs after that. {whatc} is not a danger, and no notice was given, so the complaint of {d} came too early."],
        concl=["The complaint is premature; written notice should have come first.",
               "{Nc} may point out to the Warden that no written notice was given."],
    )


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
    return dict(
        F=F, roles=dict(P="the claimant", D="the client"),
        q=[
            V("I'm a freelancer. {clientc} owes me {amt_u} for {work}, invoiced on {inv_u}. They just don't pay. Can I use small claims?"),
            V("Is a claim of {amt_u} for unpaid {work} something the small claims court in Maren handles?"),
            V("A client hasn't paid my invoice of {amt_u} for {work}, sent on {inv_u}. Can I take this to the small claims court, and what's the fee?"),
        ],
        issue=["a claim of {amt} for unpaid {work} may be brought under the small claims procedure"],
        rule=["scr2.1", "scr4.1"],
        app=["The claim is for money, {amt}, which is within the 8,000-crown limit, and it does not concern land, defamation or family matters. Before filing, {P} must send {D} a written demand giving at least 14 days to pay. The filing fee would be {fee}."],
        concl=["The small claims procedure is available once the 14-day demand has expired unpaid.",
               "{Pc} may file a small claim for {amt} after a written demand."],
    )


@situation("small-claims", "claim-above-limit")
def _(g: Gen):
    F = g.facts()
    amt = F.money("amt", g.amount(8200, 11500, 50))
    F.money("lost", amt - 8000)
    F.set(what=g.pick(["a botched roof repair", "an unpaid loan to a former business partner", "water damage from the flat above", "a car sold with a hidden defect"]))
    return dict(
        F=F, roles=dict(P="the claimant", D="the other party"),
        q=[
            V("My claim over {what} is for {amt_u}. That's above the small claims limit. Do I have to go to the full court?"),
            V("Claim worth {amt_u} ({what}). Could I just ask for 8,000 in small claims and keep the rest for later?"),
            V("Total loss from {what}: {amt_u}. The small claims limit is 8,000. What are my options?"),
        ],
        issue=["a claim of {amt} over {what} can use the small claims procedure"],
        rule=["scr2.1", "scr2.3"],
        app=["The claim of {amt} exceeds the 8,000-crown limit. {Pc} may still use the procedure by giving up the excess of {lost}, but that part cannot be claimed later. Keeping it for a later claim is not possible."],
        concl=["{Pc} must either give up {lost} for good or bring the full claim outside the small claims procedure.",
               "The procedure is available only if {P} abandons {lost}."],
    )


@situation("small-claims", "splitting-a-claim")
def _(g: Gen):
    F = g.facts()
    amt = g.amount(10000, 15000, 100)
    F.money("amt", amt); F.money("half", amt // 2)
    F.set(who=g.pick(["a builder", "my ex-business partner", "a car dealer", "a tenant who left owing rent"]))
    return dict(
        F=F, roles=dict(P="the claimant", D="the defendant"),
        q=[
            V("{whoc} owes me {amt_u}. Can I file two small claims of {half_u} each to stay under the limit?"),
            V("If a debt is {amt_u}, is it OK to split it into separate small claims so each is under 8,000?"),
            V("Thinking of filing two claims of {half_u} against {who} rather than one of {amt_u}. Any problem with that?"),
        ],
        issue=["{P} may split a debt of {amt} into two small claims of {half}"],
        rule=["scr2.4", "scr2.3"],
        app=["The {amt} is a single claim. Splitting it into two claims of {half} to stay under the limit is expressly prohibited. The only way into the procedure is to give up the part above 8,000 crowns permanently."],
        concl=["Splitting is not allowed; {P} must claim the full {amt} in the ordinary court or abandon the excess.",
               "Two claims of {half} would not be accepted."],
    )


@situation("small-claims", "defamation-excluded")
def _(g: Gen):
    F = g.facts()
    F.money("amt", g.amount(1000, 6000, 100))
    where, where_a = g.pick([('on a neighbourhood group chat', 'in a neighbourhood group chat'),
                             ('in a review of my bakery', 'in an online review of a bakery'),
                             ('on social media', 'on social media'),
                             ('in a letter to my employer', 'in a letter to an employer')])
    F.set(where=where, where_a=where_a)
    return dict(
        F=F, roles=dict(P="the claimant", D="the other person"),
        q=[
            V("Someone posted lies about me {where}. I want {amt_u} in damages. Can I file it as a small claim?"),
            V("False statements about me {where} cost me work. Could small claims award me {amt_u}?"),
            V("Can I file a small claim for {amt_u} against someone who spread lies about me {where}?"),
        ],
        issue=["a claim for {amt} for defamatory statements {where_a} may proceed as a small claim"],
        rule=["scr2.2"],
        app=["Although {amt} is below the 8,000-crown limit, the claim is based on false statements made {where_a}, which is defamation. Defamation claims are excluded from the small claims procedure whatever their value."],
        concl=["The claim cannot be brought as a small claim.",
               "{Pc} would need to bring the claim in the ordinary court."],
    )


@situation("small-claims", "fee-small-claim")
def _(g: Gen):
    F = g.facts()
    amt = F.money("amt", g.pick([g.amount(150, 1000, 10), g.amount(1050, 7900, 50)]))
    F.money("fee", fee(amt))
    F.set(what=g.pick(["a refund the shop won't pay", "a friend's unpaid share of a holiday cottage", "a damaged bike", "unpaid babysitting"]))
    return dict(
        F=F, roles=dict(P="the claimant", D="the other party"),
        q=[
            V("How much does it cost to file a small claim for {amt_u}? It's about {what}."),
            V("Thinking of filing a small claim for {amt_u} ({what}). What's the fee, and do I get it back if I win?"),
            V("What is the court fee for a {amt_u} small claim about {what}? And who pays it in the end?"),
        ],
        issue=["?What filing fee applies to a small claim of {amt}, and whether it can be recovered."],
        rule=["scr5"],
        app=["The claim is for {amt}, so the fee is {fee}. If {P} wins, {D} must repay the fee as well as the sum awarded."],
        concl=["The fee is {fee}, recoverable from {D} if the claim succeeds.",
               "{Pc} pays {fee} to file and gets it back on winning."],
    )


@situation("small-claims", "letter-before-claim-needed")
def _(g: Gen):
    F = g.facts()
    F.money("amt", g.amount(300, 7500, 10))
    F.set(who=g.pick(["my old landlord", "a plumber who never finished the job", "a former flatmate", "a client"]))
    return dict(
        F=F, roles=dict(P="the claimant", D="the debtor"),
        q=[
            V("{whoc} owes me {amt_u}. Can I file a small claim straight away, or do I have to warn them first?"),
            V("Do I need to send a demand letter before a small claim of {amt_u}? {whoc} knows they owe it."),
            V("Before I sue {who} for {amt_u} in small claims, is there anything I legally have to do first?"),
        ],
        issue=["{P} must send a written demand before filing a small claim for {amt}"],
        rule=["scr4.1", "scr4.2"],
        app=["Before filing, {P} must send {D} a written demand stating the {amt} and allowing at least 14 days to pay. That {D} already knows about the debt does not remove the requirement. Filing without it risks a pause and the loss of the filing fee."],
        concl=["{Pc} must send a written 14-day demand first.",
               "A written demand is required before the claim is filed."],
    )


@situation("small-claims", "demand-too-short")
def _(g: Gen):
    F = g.facts()
    sent = F.date("sent", g.date(1, 10, 10, 1))
    days = g.int(3, 8)
    F.date("gave", plus(sent, days)); F.date("ok", plus(sent, 14))
    F.money("amt", g.amount(300, 7000, 10))
    F.set(days=days)
    return dict(
        F=F, roles=dict(P="the claimant", D="the debtor"),
        q=[
            V("I sent a demand letter on {sent_u} for {amt_u}, giving {days} days to pay. Nothing came. Can I file my small claim now?"),
            V("My letter before claim ({amt_u}, sent {sent_u}) gave a deadline of {gave_u}. Is that OK?"),
            V("I gave the debtor {days} days to pay {amt_u} in my demand letter of {sent_u}. They didn't. Is my demand good enough for filing?"),
        ],
        issue=["a demand sent on {sent} giving {days} days to pay satisfies the letter-before-claim rule"],
        rule=["scr4.1", "scr4.2"],
        app=["The demand must give at least 14 days to pay. A deadline of {days} days falls short, so the letter sent on {sent} does not meet r. 4(1). Filing on it risks a pause and the loss of the fee. Allowing payment until at least {ok} would cure the defect."],
        concl=["{Pc} should wait until {ok}, or send a fresh demand with 14 days, before filing.",
               "The demand is too short and should be corrected before filing."],
    )


@situation("small-claims", "time-barred")
def _(g: Gen):
    F = g.facts()
    due = F.date("due", g.date(1, 10, 10, 1, year=YEAR - 4))
    F.date("bar", add_months(due, 36))
    F.money("amt", g.amount(200, 6000, 10))
    F.set(what=g.pick(["a loan to a friend", "an unpaid invoice", "a deposit", "a car repair bill"]), y=str(due.year), y3=str(due.year + 3))
    return dict(
        F=F, roles=dict(P="the claimant", D="the debtor"),
        q=[
            V("Someone owes me {amt_u} for {what}; it was due on {due_u} {y}, four years ago now. I finally want to claim it. Can I still use small claims?"),
            V("Old debt: {amt_u} ({what}), payment due {due_u} {y}. Too late to sue?"),
            V("I want to reclaim {amt_u} for {what}. Payment was due on {due_u} {y}. How long do you have to sue in Maren?"),
        ],
        issue=["a claim for {amt} that arose on {due} {y} is still in time"],
        rule=["scr7"],
        app=["The claim arose when payment of {amt} was due, on {due} {y}. The three-year limit therefore expired on {bar} {y3}. A claim filed now is out of time, whatever its merits."],
        concl=["The claim is time-barred and cannot be brought.",
               "It is too late to file a small claim for the {amt}."],
    )


@situation("small-claims", "nearly-time-barred")
def _(g: Gen):
    F = g.facts()
    due = F.date("due", g.date(2, 1, 9, 30, year=YEAR - 3))
    bar = F.date("bar", add_months(due, 36))
    F.date("now", plus(bar, -g.int(20, 80)))
    F.money("amt", g.amount(300, 6500, 10))
    F.set(what=g.pick(["rent arrears", "a personal loan", "unpaid wages", "a faulty boiler installation"]), y=str(due.year), y3=str(due.year + 3))
    return dict(
        F=F, roles=dict(P="the claimant", D="the debtor"),
        q=[
            V("I'm owed {amt_u} for {what}; payment was due on {due_u} {y}. I've been putting off claiming. Today is {now_u}. Am I still in time?"),
            V("Debt of {amt_u} ({what}) fell due {due_u} {y}. It's {now_u} now. How long do I have left to file a small claim?"),
            V("Today is {now_u}. Someone has owed me {amt_u} for {what} since {due_u} {y}. Is there still time to claim?"),
        ],
        issue=["a claim for {amt} that fell due on {due} {y} may still be filed"],
        rule=["scr7", "scr4.1"],
        app=["The claim arose on {due} {y}, when payment was due, so the three-year limit ends on {bar} {y3}. On {now}, {P} is still in time, but the 14-day written demand must be sent first, so action is needed at once."],
        concl=["The claim must be filed by {bar} {y3}, with the demand sent well before.",
               "{Pc} is still in time but should act now."],
    )


@situation("small-claims", "no-defence-filed")
def _(g: Gen):
    F = g.facts()
    rec = F.date("rec", g.date(1, 10, 10, 1))
    days = g.int(23, 40)
    F.date("now", plus(rec, days)); F.date("dl", plus(rec, 21))
    F.money("amt", g.amount(400, 7500, 10))
    F.set(days=days)
    return dict(
        F=F, roles=dict(P="the claimant", D="the defendant"),
        q=[
            V("I filed a small claim for {amt_u}; the defendant received it on {rec_u}. It's {now_u} and there's been no response at all. What happens now?"),
            V("Defendant served {rec_u} with my claim for {amt_u}, no defence after {days} days. Can I get judgment without a hearing?"),
            V("My small claim for {amt_u} was served on the defendant on {rec_u}. Today is {now_u}, and no defence has been filed. Can I win without a hearing?"),
        ],
        issue=["{P} may obtain judgment without a hearing because {D} filed no defence"],
        rule=["scr9.1", "scr9.2"],
        app=["{Dc} received the claim on {rec} and had until {dl} to file a defence. None was filed in that time, so {P} may ask the court for judgment for the {amt} without a hearing."],
        concl=["{Pc} may apply for judgment without a hearing.",
               "The defence period has expired, and default judgment is available."],
    )


@situation("small-claims", "lawyer-costs")
def _(g: Gen):
    F = g.facts()
    F.money("lf", g.amount(600, 2500, 50)); F.money("amt", g.amount(1500, 7800, 50))
    return dict(
        F=F, roles=dict(P="the claimant", D="the losing party"),
        q=[
            V("I'm bringing a small claim for {amt_u}. A lawyer quoted {lf_u} to handle it. If I win, will the other side pay my lawyer?"),
            V("Do I need a lawyer for small claims? And if I hire one for {lf_u}, can I recover that?"),
            V("If I win my {amt_u} small claim, does the loser pay my lawyer's {lf_u} bill?"),
        ],
        issue=["{P} can recover lawyer's fees of {lf} in a small claim, and whether a lawyer is needed"],
        rule=["scr10.2", "scr10.3"],
        app=["Parties may represent themselves and bring a friend or relative to help, so a lawyer is not needed. If {P} does hire one, only 300 crowns of the {lf} can be recovered from {D}, even on a full win."],
        concl=["A lawyer is optional, and at most 300 crowns of the {lf} is recoverable.",
               "{Pc} would bear all but 300 crowns of the lawyer's fee."],
    )


@situation("small-claims", "judgment-unpaid")
def _(g: Gen):
    F = g.facts()
    j = F.date("j", g.date(1, 10, 10, 1))
    F.date("dl", plus(j, 14)); F.date("now", plus(j, g.int(18, 45)))
    amt = g.amount(300, 7500, 10)
    F.money("amt", amt); F.money("tot", amt + 30)
    return dict(
        F=F, roles=dict(P="the claimant", D="the debtor"),
        q=[
            V("I won my small claim on {j_u}: {amt_u}. It's {now_u} and I haven't seen a crown. What can I do?"),
            V("Judgment for {amt_u} in my favour, dated {j_u}. Other side says 'when I can'. Next step?"),
            V("The court ordered the other side to pay me {amt_u} on {j_u}. Still nothing on {now_u}. How do I enforce it?"),
        ],
        issue=["{P} may enforce the judgment of {j} for {amt}"],
        rule=["scr12.1", "scr13"],
        app=["The judgment of {j} had to be paid within 14 days, by {dl}. It is unpaid, so {P} may apply to the Town Bailiff for enforcement. The bailiff's 30-crown fee is added to the debt, which becomes {tot}."],
        concl=["{Pc} may apply to the Town Bailiff, and {D} will owe {tot}.",
               "Enforcement through the Town Bailiff is available now."],
    )


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
    return dict(
        F=F, roles=dict(P="the losing party", D="the other party"),
        q=[
            V("I lost my small claim on {j_u}. The judge {fact}. I think that's wrong. Can I appeal?"),
            V("Lost in small claims ({j_u}); the judge {fact}. Appeal options?"),
            V("The small claims judge {fact} (judgment of {j_u}). I'm convinced it's a mistake. Is there an appeal?"),
        ],
        issue=["{P} may appeal because the judge {fact_a}"],
        rule=["scr15"],
        app=["The complaint is that the judge {fact_a}. That is a disagreement with the findings of fact, not a point of law, so it is no ground of appeal. Any appeal on a point of law would have to be lodged by {dl}."],
        concl=["An appeal on these grounds would fail.",
               "{Pc} cannot appeal merely because the judge {fact_a}."],
    )


@situation("small-claims", "instalments")
def _(g: Gen):
    F = g.facts()
    F.money("amt", g.amount(1500, 7800, 50)); F.money("inc", g.amount(1400, 2400, 50))
    F.set(n=g.first())
    return dict(
        F=F, roles=dict(P="the debtor", D="the claimant"),
        q=[
            V("I lost a small claim and have to pay {amt_u} within 14 days. I earn {inc_u} a month and simply don't have it. Is there any way to pay in parts?"),
            V("{n} won a judgment against me for {amt_u}. I only earn {inc_u} a month. Can the court let me pay over time?",
              dict(D="{n}")),
            V("Ordered to pay {amt_u} after a small claim. I earn {inc_u} a month. Can I ask for a payment plan?"),
        ],
        issue=["{P} may pay the judgment of {amt} in instalments"],
        rule=["scr12.1", "scr12.2"],
        app=["Payment is normally due within 14 days of judgment. The court may allow instalments over up to 12 months if {P} shows an inability to pay at once. On {inc} a month, a lump sum of {amt} may well be beyond {P}'s means, so an application is worthwhile."],
        concl=["{Pc} may ask the court for instalments over up to 12 months, with evidence of means.",
               "Instalments are possible if the court accepts that immediate payment is impossible."],
    )


@situation("small-claims", "boundary-dispute-excluded")
def _(g: Gen):
    F = g.facts()
    F.money("amt", g.amount(1500, 7000, 100))
    strip, strip_a = g.pick([('a one-metre strip along our garden', 'a one-metre strip along the garden boundary'),
                             ('the path between our houses', 'the path between the two houses'),
                             ('the corner where his shed stands', "the corner where the neighbour's shed stands")])
    F.set(strip=strip, strip_a=strip_a)
    return dict(
        F=F, roles=dict(P="the claimant", D="the neighbour"),
        q=[
            V("My neighbour claims {strip} is his land. I want the court to decide, and it's only worth about {amt_u}. Is small claims the right place?"),
            V("Can the small claims court settle who owns {strip}? Value roughly {amt_u}."),
            V("My neighbour and I disagree about who owns {strip}; about {amt_u} is at stake. Can I file a small claim?"),
        ],
        issue=["a dispute about who owns {strip_a} may be brought under the small claims procedure"],
        rule=["scr2.2"],
        app=["Although the value of about {amt} is within the limit, the dispute is about ownership of land and the boundary, not a money claim. Such claims are excluded from the small claims procedure."],
        concl=["The dispute must go to the ordinary court, not small claims.",
               "Small claims cannot decide ownership of {strip_a}."],
    )


@situation("small-claims", "friend-loan")
def _(g: Gen):
    F = g.facts()
    amt = F.money("amt", g.amount(300, 4000, 50))
    F.money("fee", fee(amt))
    F.date("lent", g.date(1, 10, 8, 1, year=YEAR - 1))
    F.set(n=g.first(), proof=g.pick(["a bank transfer", "text messages", "a signed note"]))
    return dict(
        F=F, roles=dict(P="the lender", D="the borrower"),
        q=[
            V("I lent my friend {n} {amt_u} on {lent_u} last year, with {proof} to prove it. {n} now ignores me. How do I get it back?",
              dict(D="{n}")),
            V("Friend borrowed {amt_u}, won't repay, I have {proof}. Small claims? Steps?"),
            V("A friend owes me {amt_u}, lent on {lent_u} last year, and I have {proof} as proof. What's the procedure to get it back in small claims?"),
        ],
        issue=["{P} may recover the loan of {amt} through the small claims procedure"],
        rule=["scr2.1", "scr4.1"],
        app=["A loan of {amt} is a money claim within the 8,000-crown limit, and there is evidence of it ({proof}). {Pc} must first send {D} a written demand giving at least 14 days to pay, then file with the fee of {fee}, recoverable if the claim succeeds."],
        concl=["After a 14-day written demand, {P} may file a small claim for {amt}.",
               "The small claims procedure is suitable, once the demand has gone unanswered."],
    )


@situation("small-claims", "received-a-claim")
def _(g: Gen):
    F = g.facts()
    rec = F.date("rec", g.date(1, 10, 10, 1))
    F.date("dl", plus(rec, 21))
    F.money("amt", g.amount(300, 7800, 10))
    F.set(who=g.pick(["my former landlord", "a gym", "a builder I fired", "an ex-flatmate"]))
    return dict(
        F=F, roles=dict(P="the defendant", D="the claimant"),
        q=[
            V("I received a small claim from {who} for {amt_u} on {rec_u}. I think it's nonsense. Do I need to do anything?"),
            V("Got small claims papers on {rec_u}: {amt_u}, claimant {who}. What's my deadline and what happens if I ignore it?"),
            V("Small claim served on me on {rec_u}: {amt_u}, from {who}. I disagree with it. When do I have to respond?"),
        ],
        issue=["?What {P} must do after receiving a small claim for {amt} on {rec}."],
        rule=["scr9.1", "scr9.2"],
        app=["{Pc} received the claim on {rec} and has 21 days, until {dl}, to file a defence. If none is filed, {D} may obtain judgment without a hearing, however weak the claim may be."],
        concl=["{Pc} must file a defence by {dl}.",
               "Ignoring the claim risks judgment for {amt} without a hearing."],
    )


@situation("small-claims", "bring-a-friend")
def _(g: Gen):
    F = g.facts()
    who, who_a = g.pick([('my daughter', 'a daughter'),
                         ('a friend who is good with paperwork', 'a friend who is good with paperwork'),
                         ('my neighbour, who is a retired teacher', 'a neighbour who is a retired teacher'),
                         ('my brother', 'a brother')])
    F.set(who=who, who_a=who_a)
    return dict(
        F=F, roles=dict(P="the party", D="the other party"),
        q=[
            V("My small claims hearing is next month and I'm nervous. Can I bring {who} to help me, and is it very formal?"),
            V("Can {who} come with me to my small claims hearing? I can't afford a lawyer."),
            V("Do I need a lawyer for a small claims hearing, or can I bring {who} instead?"),
        ],
        issue=["{P} may bring {who_a} to the small claims hearing"],
        rule=["scr10.1", "scr10.2"],
        app=["The hearing is informal, and parties may represent themselves and bring a friend or relative to help. Bringing {who_a} is therefore allowed, and no lawyer is needed."],
        concl=["{Pc} may attend with {who_a}.",
               "{who_ac} may come along to help."],
    )


@situation("small-claims", "how-to-file")
def _(g: Gen):
    F = g.facts()
    F.money("amt", g.amount(200, 7500, 10))
    F.set(what=g.pick(["an unpaid invoice", "a shop that won't refund", "damage to a parked car", "a deposit"]))
    return dict(
        F=F, roles=dict(P="the claimant", D="the other party"),
        q=[
            V("How do I actually file a small claim? It's {amt_u} for {what}. Do I have to go to the court building?"),
            V("Can small claims be filed online in Maren? Claim is {amt_u} ({what}). What must be on the form?"),
            V("Where and how do I file a small claim for {amt_u} over {what}?"),
        ],
        issue=["?How {P} files a small claim of {amt} for {what}."],
        rule=["scr6"],
        app=["{Pc} may file in person at the Town Court registry or online through the Town Court portal. The form must give the names and addresses of both parties, the {amt} claimed and the reasons, with copies of documents such as invoices or messages."],
        concl=["{Pc} may file online and need not attend the registry.",
               "The claim can be filed through the portal with the supporting documents."],
    )


@situation("small-claims", "late-appeal")
def _(g: Gen):
    F = g.facts()
    j = F.date("j", g.date(1, 10, 9, 1))
    days = g.int(25, 50)
    F.date("now", plus(j, days)); F.date("dl", plus(j, 21))
    F.set(days=days, law=g.pick(["applied the wrong rule on deposits", "misread the time limit", "applied the wrong filing-fee rule"]))
    return dict(
        F=F, roles=dict(P="the losing party", D="the other party"),
        q=[
            V("The judge in my small claim {law}, I'm sure of it. Judgment was on {j_u}. It's now {now_u}. Can I still appeal?"),
            V("Small claims judgment dated {j_u}. I believe the judge {law}. {days} days have passed. Appeal possible?"),
            V("Judgment in my small claim: {j_u}. Today: {now_u}. The judge {law}. Can I still appeal on that point?"),
        ],
        issue=["{P} may still appeal a judgment of {j} on the ground that the judge {law}"],
        rule=["scr15"],
        app=["An argument that the judge {law} raises a point of law, which is a proper ground. But an appeal must be lodged within 21 days after judgment, by {dl}. After {days} days, that period has passed."],
        concl=["The ground is valid in kind, but the appeal is out of time.",
               "{Pc} can no longer appeal the judgment of {j}."],
    )


@situation("small-claims", "hearing-timeline")
def _(g: Gen):
    F = g.facts()
    dfd = F.date("dfd", g.date(1, 10, 9, 1))
    F.date("by", plus(dfd, 70))
    return dict(
        F=F, roles=dict(P="the claimant", D="the defendant"),
        q=[
            V("The defendant filed a defence to my small claim on {dfd_u}. How long until the hearing?"),
            V("Defence in my small claims case came in {dfd_u}. When should I expect a hearing date?"),
            V("The defendant's defence was filed on {dfd_u}. Is there a time limit for the court to hold the hearing?"),
        ],
        issue=["?When the hearing must take place after a defence filed on {dfd}."],
        rule=["scr10.1"],
        app=["The hearing is held within 10 weeks after the defence. With the defence filed on {dfd}, the hearing should take place by {by}."],
        concl=["{Pc} should expect a hearing no later than {by}.",
               "The hearing is due by {by}."],
    )


@situation("small-claims", "deposit-plus-penalty-claim")
def _(g: Gen):
    F = g.facts()
    dep = g.amount(800, 2800, 100)
    F.money("dep", dep); F.money("pen", dep // 4); F.money("tot", dep + dep // 4); F.money("fee", fee(dep + dep // 4))
    F.set(l=g.mister())
    return dict(
        F=F, roles=dict(P="the tenant", D="the landlord"),
        q=[
            V("My landlord never returned my {dep_u} deposit or gave any list of deductions, months after I left. I want to sue for the deposit plus the quarter penalty. Can that go in one small claim?"),
            V("{l} owes me a {dep_u} deposit plus {pen_u} penalty. How do I claim it through small claims?",
              dict(D="{l}")),
            V("I want to claim my {dep_u} deposit and the {pen_u} penalty from my ex-landlord. Can I do that as one small claim, and what's the fee?"),
        ],
        issue=["{P} may claim the deposit of {dep} and the penalty of {pen} together as a small claim"],
        rule=["ta6.5", "scr2.1"],
        app=["The deposit of {dep} plus the one-quarter penalty of {pen} makes {tot}, a money claim below 8,000 crowns. {Pc} must first send {D} a written demand giving 14 days to pay, then file with the fee of {fee}."],
        concl=["{Pc} may bring one small claim for {tot} after a 14-day demand.",
               "Both sums can be claimed together, {tot} in all."],
    )


# ============================================================================================
# Rendering and writing
# ============================================================================================

def words(text: str) -> int:
    return len(text.split())


def plural_possessives(text: str) -> str:
    """'the tenants's' -> 'the tenants\''."""
    return re.sub(r"\b(the \w+s)'s\b", r"\1'", text)


def render(fn, variant: int, g: Gen) -> tuple[str, str]:
    """One (question, brief) pair for a situation's question variant, with facts from `g`."""
    d = fn(g)
    template, role_over, extra = d["q"][variant]
    facts = dict(d["F"])
    for key, value in extra.items():
        if key not in ("issue", "rule", "app", "concl"):
            facts[key] = value.format(**facts) if isinstance(value, str) else value
    roles = dict(d["roles"])
    roles.update(role_over)
    ctx = dict(facts)
    ctx.update({k: v.format(**facts) for k, v in roles.items()})
    ctx.update({k + "c": cap(v) for k, v in list(ctx.items()) if isinstance(v, str)})

    question = template.format(**ctx)
    if g.chance(0.14):
        question = g.pick(QUESTION_PREFIX) + question
    if g.chance(0.14) and question[-1] in ".?!":
        question += g.pick(QUESTION_SUFFIX)

    def brief() -> str:
        issue_t = g.pick(extra.get("issue") or d["issue"])
        if issue_t.startswith("?"):
            issue = cap(issue_t[1:].format(**ctx))
        else:
            issue = g.pick(ISSUE_LEADS).format(x=issue_t.format(**ctx))
        keys = extra.get("rule") or d["rule"]
        rules = []
        for i, key in enumerate(keys):
            cite, statement = RULES[key]
            leads = [t for t in (RULE_FIRST if i == 0 else RULE_NEXT) if ":" not in t or ":" not in statement]
            rules.append(g.pick(leads).format(cite=cite, s=statement))
        app = lead(g.pick(APP_LEADS), g.pick(extra.get("app") or d["app"]), ctx)
        concl = lead(g.pick(CONCL_LEADS), g.pick(extra.get("concl") or d["concl"]), ctx)
        return f"Issue: {issue}\nRule: {' '.join(rules)}\nApplication: {app}\nConclusion: {concl}"

    answer = plural_possessives(brief())
    tries = 0
    while not MIN_WORDS <= words(answer) <= MAX_WORDS:
        tries += 1
        if tries > 20:
            raise ValueError(f"cannot fit {fn.__name__} variant {variant} into {MIN_WORDS}-{MAX_WORDS} words: {answer!r}")
        answer = plural_possessives(brief())
    return question, answer


def all_pairs() -> list[tuple[int, int]]:
    """(situation index, variant index) for every hand-written question variant."""
    probe = Gen(random.Random(0))
    return [(i, v) for i, (_, _, fn) in enumerate(SITUATIONS) for v in range(len(fn(probe)["q"]))]


def pick_eval(pairs: list[tuple[int, int]], rng: random.Random) -> list[tuple[int, int]]:
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
    # The statements above must be the rules of docs/: every cited section exists there.
    docs = "\n".join(p.read_text(encoding="utf-8") for p in sorted((HERE / "docs").glob("*.md")))
    for key, (cite, _) in RULES.items():
        number = re.search(r"(?:s|r)\. (\d+)", cite).group(1)
        heading = "Rule" if cite.startswith(SCR) else "Section"
        assert f"## {heading} {number}." in docs, f"{key}: {cite} is not in docs/"

    pairs = all_pairs()
    eval_rng = random.Random(EVAL_SEED)
    held_out = pick_eval(pairs, eval_rng)
    held = set(held_out)
    train_pairs = [p for p in pairs if p not in held]
    train_rng = random.Random(TRAIN_SEED)
    train_rng.shuffle(train_pairs)

    g_train = Gen(train_rng)
    train_rows = []
    for i, v in train_pairs:
        question, answer = render(SITUATIONS[i][2], v, g_train)
        train_rows.append({"messages": [{"role": "system", "content": SYSTEM},
                                        {"role": "user", "content": question},
                                        {"role": "assistant", "content": answer}]})

    g_eval = Gen(eval_rng)
    checks = [{"type": "sections", "headings": HEADINGS},
              {"type": "length", "max_words": CHECK_MAX, "min_words": CHECK_MIN}]
    eval_rows = []
    for i, v in held_out:
        statute, name, fn = SITUATIONS[i]
        question, answer = render(fn, v, g_eval)
        eval_rows.append({"id": f"{statute}-{name}-{v + 1}", "kind": "skill", "question": question,
                          "checks": checks, "reference": answer})

    train_questions = {r["messages"][1]["content"] for r in train_rows}
    assert len(train_questions) == len(train_rows), "duplicate training question"
    assert not train_questions & {r["question"] for r in eval_rows}, "an eval question is also a training question"

    for name, rows in (("train.jsonl", train_rows), ("eval.jsonl", eval_rows)):
        with open(HERE / name, "w", encoding="utf-8", newline="\n") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(SITUATIONS)} situations, {len(pairs)} question variants: "
          f"wrote {len(train_rows)} training examples and {len(eval_rows)} eval items to {HERE}")


if __name__ == "__main__":
    main()
