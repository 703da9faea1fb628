"""Write train.jsonl and eval.jsonl for the support-replies scenario.

Run `python generate.py` from anywhere: the files are written next to this script.
The output is deterministic: the training set and the evaluation set come from two
separately seeded random streams (TRAIN_SEED and EVAL_SEED).

Design
- Every reply uses the Brightwell house format:

      Hi <first name or "there">,

      <1-3 sentences answering, stating the policy fact>

      Policy: <document title>, section <n>
      — Brightwell Care

- The training replies teach the format and the voice. They state facts from docs/,
  but never the facts the evaluation asks about (EVAL_FACTS below), so the adapter is not
  the source of the evaluation facts: retrieval has to supply them.
- Customer messages are assembled from hand-written fragments (greetings, context,
  question phrasings, closers, sign-offs) in several layouts, with occasional typos.
- Evaluation items are hand-written question/paraphrase pairs, wrapped with their own
  random greetings and sign-offs from the evaluation stream.
"""

from __future__ import annotations

import json
import re
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
TRAIN_SEED = 20240611
EVAL_SEED = 97130355
TRAIN_TARGET = 340

SYSTEM = (
    "You are Brightwell Care, the customer support team of Brightwell Bikes, a city e-bike "
    "subscription and rental service. Reply to the customer in the Brightwell house format: "
    "greet them by first name, answer briefly with the current policy fact, and cite the "
    "policy document and section you rely on."
)

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
# Training facts: (doc, section, customer question phrasings, reply sentences).
# None of these replies states a value that the evaluation asks about.
# --------------------------------------------------------------------------------------

MP, DP, CC, BS = "monthly-plans.md", "day-passes.md", "care-cover-insurance.md", "battery-swaps.md"
RS, TL, PA, CD = "repairs-and-servicing.md", "theft-and-loss.md", "pausing-a-subscription.md", "cancellation-and-deposits.md"
LR, SC, AC, CT = "late-returns.md", "student-and-corporate-plans.md", "accessories.md", "contact-and-support.md"

TRAIN_FACTS = [
    # ---- Monthly Plans
    (MP, 1, [
        "How much is the City Classic plan per month?",
        "what does your cheapest monthly plan cost?",
        "Is City Classic still the budget option, and what's the monthly price?",
        "I just want a basic bike to get to the train station. What would that cost me each month?",
    ], [
        "City Classic costs 39 euros per month and comes with a single-speed e-bike and a 400 Wh battery.",
        "Our City Classic plan is 39 euros per month, which is our lowest monthly plan price.",
    ]),
    (MP, 1, [
        "What's the monthly price for the cargo bike?",
        "How much would Cargo Family be?",
        "we have two little ones and want the box bike. price per month??",
        "Could you tell me what the family cargo subscription costs?",
    ], [
        "Cargo Family costs 89 euros per month and comes with a two-wheel cargo e-bike with a front box.",
        "The cargo bike comes with our Cargo Family plan, which is 89 euros per month.",
    ]),
    (MP, 1, [
        "How fast does the Classic go with the motor on?",
        "Is the pedal assistance on City Classic limited to a certain speed?",
        "my colleague says the Classic bikes stop helping above a certain speed, is that right?",
    ], [
        "On City Classic, pedal assistance works up to 25 km/h; above that you ride on your own power.",
        "Yes, the City Classic motor assists you up to 25 km/h.",
    ]),
    (MP, 1, [
        "What do I get extra with City Plus?",
        "does the City Plus bike have gears?",
        "what's the actual difference between Classic and Plus, apart from the price?",
        "Is the Plus bike better for hills? What's on it?",
    ], [
        "City Plus gives you a seven-gear e-bike with a 600 Wh battery, a front basket and hydraulic disc brakes.",
        "Yes, the City Plus bike has seven gears, and it also comes with a bigger 600 Wh battery, a front basket and hydraulic disc brakes.",
    ]),
    (MP, 1, [
        "What size battery does the City Classic have?",
        "how big is the battery on the cheapest bike?",
        "Is the Classic battery the same as the Plus one?",
    ], [
        "City Classic comes with a 400 Wh battery, while City Plus has a 600 Wh battery.",
        "The City Classic bike has a 400 Wh battery.",
    ]),
    (MP, 2, [
        "When will I be charged each month?",
        "which day of the month do you take the payment?",
        "I started on the 17th. Does that mean I pay on the 17th every month?",
        "Can you remind me when my monthly payment goes out?",
    ], [
        "You are billed on the same day of the month as your start date.",
        "We charge your plan on the same day each month as the day your subscription started.",
    ]),
    (MP, 2, [
        "My card was declined, what happens now?",
        "what if a payment doesn't go through?",
        "I got an email that my payment failed. Will my bike stop working?",
        "Do you lock the bike straight away if a payment bounces?",
    ], [
        "If a payment fails we try again after 2 days, and only after a second failed payment is the bike locked remotely until the balance is paid.",
        "We retry a failed payment after 2 days; if that one fails too, the bike is locked through the app until the balance is paid.",
    ]),
    (MP, 2, [
        "What happens when the minimum term ends, do I need to renew?",
        "Does my plan stop automatically at the end of the minimum period?",
        "do i have to sign a new contract when my first months are over?",
    ], [
        "There's nothing to renew: after the minimum term your plan rolls on from month to month.",
        "Your plan simply rolls on month to month once the minimum term is over.",
    ]),
    (MP, 3, [
        "How often can I switch between plans?",
        "can I go Plus this month and back to Classic next month?",
        "Is there a limit on how often I change plans?",
    ], [
        "You can change plan once per billing month.",
        "Plan changes are possible once per billing month, and a downgrade takes effect on your next billing date.",
    ]),
    (MP, 3, [
        "If I upgrade today, when do I get the better bike?",
        "when does an upgrade actually start?",
        "How soon does an upgrade kick in, and do I need to book anything?",
    ], [
        "An upgrade takes effect as soon as you collect the new bike at a hub; book the exchange in the app at least 24 hours ahead.",
        "Your upgrade starts the moment you pick up the new bike at a hub, and the exchange needs booking in the app at least 24 hours ahead.",
    ]),
    (MP, 3, [
        "If I downgrade, when does the lower price start?",
        "I want to move down to a cheaper plan. Is that immediate?",
        "when would a downgrade take effect?",
    ], [
        "A downgrade takes effect on your next billing date.",
        "Downgrades start on your next billing date, so you keep your current bike until then.",
    ]),
    (MP, 4, [
        "Can I keep the bike at my parents' place outside town for a few nights?",
        "do I have to park the bike in the city at night?",
        "Is it ok to leave the bike overnight at my allotment just outside the zones?",
        "Where am I allowed to park the bike overnight?",
    ], [
        "The bike needs to be parked overnight inside the service area, which is Zones A, B and C on the map in the app.",
        "You can ride wherever you like, but overnight the bike must be parked inside Zones A, B and C.",
    ]),
    (MP, 4, [
        "Can I take the bike on a trip to the neighbouring country?",
        "we're going cycling across the border, is that allowed?",
        "is it ok to bring the bike abroad on the train for a holiday?",
    ], [
        "Taking a bike across a national border needs written permission from Brightwell Care, so please ask us before you go.",
        "Crossing a national border with the bike is only possible with written permission from Brightwell Care.",
    ]),
    (MP, 5, [
        "How often is the bike serviced?",
        "Do you check the bikes regularly or is that up to me?",
        "is there some kind of maintenance included in the subscription?",
        "When should I bring the bike in for a check-up?",
    ], [
        "Every plan includes a free safety check every 6 months at any hub, which you can book in the app under Service.",
        "You get a free safety check every 6 months at any hub; just book it in the app under Service.",
    ]),
    (MP, 5, [
        "How long does the safety check take?",
        "can I wait at the hub while you do the check?",
        "Do I need to leave the bike with you for the safety check?",
    ], [
        "The safety check takes about 25 minutes and you're welcome to wait while it's done.",
        "It takes about 25 minutes, so most people simply wait at the hub.",
    ]),
    (MP, 6, [
        "Can my wife use my bike too?",
        "my son is 15, can he ride my subscription bike?",
        "can friends borrow my bike now and then?",
        "Is it allowed to share the bike with my flatmate?",
    ], [
        "Besides you, one named second rider may use the bike, as long as they are at least 16 years old and added in the app under Household.",
        "Only you and one named second rider aged at least 16 may ride the bike, and the second rider has to be added under Household first.",
    ]),
    # ---- Day Passes and Hourly Rentals
    (DP, 1, [
        "How much is a day pass?",
        "what do you charge for a single day?",
        "I'm only in town for one day. How much to rent a bike?",
        "Price for 24 hours?",
    ], [
        "A day pass costs 18 euros and gives you a bike for 24 hours from the moment you unlock it.",
        "Our day pass is 18 euros for 24 hours, counted from when you unlock the bike.",
    ]),
    (DP, 1, [
        "Does the day pass include a battery swap?",
        "If the battery runs low during my day pass, do I pay for a swap?",
        "Are swaps included when I rent for a day?",
    ], [
        "One battery swap is included with every day pass.",
        "Every day pass includes one battery swap at no extra cost.",
    ]),
    (DP, 2, [
        "When does the weekend pass start and end?",
        "can I pick up a weekend pass on Friday afternoon?",
        "until when do I have the bike with a weekend pass?",
    ], [
        "The weekend pass runs from Friday 17:00 to Monday 10:00.",
        "A weekend pass starts on Friday at 17:00 and ends on Monday at 10:00.",
    ]),
    (DP, 2, [
        "How many swaps do I get on a weekend pass?",
        "Is a battery swap included in the weekend deal?",
        "will one battery last the whole weekend pass or can I swap?",
    ], [
        "The weekend pass includes three battery swaps.",
        "You can swap up to three times, because the weekend pass includes three battery swaps.",
    ]),
    (DP, 3, [
        "If I rent by the hour all day, will it end up costing more than a day pass?",
        "is there a maximum for hourly rentals?",
        "Do hourly charges just keep adding up?",
    ], [
        "No, what you pay for hourly rentals in one calendar day is capped at the price of a day pass.",
        "Hourly rentals in one calendar day never cost more than a day pass, because the total is capped at the day pass price.",
    ]),
    (DP, 3, [
        "If I rent for 1 hour 10 minutes, do I pay for two hours?",
        "how do you charge for part of an hour?",
        "Is hourly rental billed by the minute?",
    ], [
        "Hourly rentals are charged for every started hour, so a partial hour counts as a full one.",
        "We charge hourly rentals per started hour rather than by the minute.",
    ]),
    (DP, 4, [
        "How far in advance can I book a pass?",
        "can I reserve a bike for next month already?",
        "When can I book a day pass for my trip?",
    ], [
        "You can book a pass up to 10 days ahead in the app.",
        "Passes can be booked in the app up to 10 days ahead.",
    ]),
    (DP, 4, [
        "What are the hub opening hours?",
        "Can I pick up a bike on a Sunday?",
        "what time do the hubs open in the morning?",
        "Is the hub open late enough for me to collect after work?",
    ], [
        "Our hubs are open from 08:00 to 20:00, Monday to Saturday, and closed on Sundays.",
        "Hubs open from 08:00 to 20:00 Monday to Saturday; they are closed on Sundays.",
    ]),
    (DP, 4, [
        "Can I cancel a pass I've booked?",
        "I booked a day pass but can't make it now. Do I get a refund?",
        "until when can I cancel my booking for free?",
    ], [
        "You can cancel a booking free of charge until 2 hours before pick-up; after that the full price is charged.",
        "Cancelling is free until 2 hours before pick-up, and later cancellations are charged in full.",
    ]),
    (DP, 5, [
        "My daughter is 16, can she rent a day pass?",
        "What's the minimum age to rent a bike?",
        "can a 15 year old rent one of your bikes?",
    ], [
        "Riders must be at least 16 years old, and riders under 18 need a parent or guardian to accept the rental terms in the app.",
        "The minimum age is 16, and a parent or guardian has to accept the terms in the app for anyone under 18.",
    ]),
    (DP, 5, [
        "What do I need to bring to pick up a bike?",
        "Do I need ID to rent?",
        "Can I rent with just my phone or do you need documents?",
    ], [
        "You need a photo ID and a payment card to collect a bike.",
        "Please bring a photo ID and a payment card when you collect the bike.",
    ]),
    # ---- Care Cover Insurance
    (CC, 1, [
        "Can I add insurance to a day pass, and what does it cost?",
        "how much is Care Cover on a weekend pass?",
        "Is insurance available for short rentals too?",
    ], [
        "For day passes and weekend passes Care Cover costs 3 euros per pass.",
        "Yes, Care Cover on a day or weekend pass costs 3 euros per pass.",
    ]),
    (CC, 2, [
        "What does Care Cover actually cover?",
        "Is theft covered by the insurance?",
        "what's included in the insurance add-on?",
    ], [
        "Care Cover covers accidental damage to the bike, theft when it was locked to a fixed object with the supplied D-lock, and third-party liability.",
        "Care Cover pays for accidental damage, for theft of a bike locked to a fixed object with the supplied D-lock, and for harm you cause to others.",
    ]),
    (CC, 2, [
        "What's the liability limit on Care Cover?",
        "if I injure a pedestrian by accident, how much does the insurance pay?",
        "does the insurance cover it if I scratch someone's car?",
    ], [
        "Care Cover includes third-party liability up to 1,000,000 euros for injury or damage you cause to others.",
        "Third-party liability under Care Cover goes up to 1,000,000 euros.",
    ]),
    (CC, 4, [
        "How long do I have to report damage?",
        "I scratched the frame a few days ago, can I still claim?",
        "When do I need to tell you about an accident?",
    ], [
        "Please report damage in the app under Fix within 48 hours of it happening and add photos.",
        "Damage has to be reported in the app under Fix within 48 hours, with photos.",
    ]),
    (CC, 5, [
        "Am I covered if I take the bike on forest trails?",
        "Does Care Cover pay for a worn-out tyre?",
        "What isn't covered by Care Cover?",
        "Is my rented helmet covered if it gets stolen?",
    ], [
        "Care Cover doesn't cover racing or off-road riding, normal wear and tear, theft of a bike that wasn't locked to a fixed object, or lost accessories.",
        "Off-road riding, racing, wear and tear and lost accessories are not covered by Care Cover.",
    ]),
    (CC, 6, [
        "If I add Care Cover now, am I covered straight away?",
        "when does the insurance start after I add it?",
        "I want to add Care Cover before my ride this afternoon. Will it count?",
    ], [
        "Care Cover starts at 00:00 the day after you add it, so damage on the day you add it is not covered.",
        "Cover begins at 00:00 the next day, so it won't apply to anything that happens today.",
    ]),
    (CC, 6, [
        "How do I remove Care Cover?",
        "if I drop the insurance today, when does it stop?",
        "Can I cancel Care Cover but keep my plan?",
    ], [
        "You can remove Care Cover in the app under Plan, and it ends on your next billing date.",
        "Yes, remove it in the app under Plan and it ends on your next billing date.",
    ]),
    # ---- Battery Swaps
    (BS, 1, [
        "How many swap stations are there?",
        "Are there enough swap stations around the city?",
        "how do I know a station has batteries before I ride there?",
    ], [
        "There are 46 swap stations across the city, and the app shows each station's stock of full batteries.",
        "We have 46 swap stations, and you can check each one's stock of full batteries in the app.",
    ]),
    (BS, 1, [
        "When are swap stations open?",
        "Can I swap a battery at midnight?",
        "what time do the swap stations close?",
        "Can I swap early in the morning before work?",
    ], [
        "Swap stations are open every day from 06:00 to 23:00.",
        "You can swap every day between 06:00 and 23:00.",
    ]),
    (BS, 1, [
        "How does a battery swap work?",
        "first time swapping, what do I do?",
        "Is swapping complicated?",
    ], [
        "Unlock a slot with the app, slide your old battery in and take the full one that is released; it takes less than a minute.",
        "It takes less than a minute: unlock the slot in the app, slide the old battery in and take the full one that comes out.",
    ]),
    (BS, 2, [
        "How many free swaps do I get with City Plus?",
        "is the number of swaps on City Plus limited?",
        "Thinking about City Plus. How many swaps are included?",
    ], [
        "City Plus includes 10 free swaps per month.",
        "On City Plus you get 10 free swaps per month.",
    ]),
    (BS, 2, [
        "Do Cargo Family riders pay for swaps?",
        "how many swaps on the cargo plan?",
        "Is there a swap limit with the cargo bike?",
    ], [
        "Cargo Family includes unlimited swaps.",
        "There's no limit: Cargo Family includes unlimited swaps.",
    ]),
    (BS, 2, [
        "I only used two swaps this month, do the rest roll over?",
        "do unused swaps carry over?",
        "Can I save up swaps for a long trip next month?",
    ], [
        "Unused swaps do not carry over to the next month.",
        "Swaps you don't use don't carry over, so each month starts fresh.",
    ]),
    (BS, 3, [
        "How fast does home swap delivery arrive?",
        "Until what time can a courier bring me a battery?",
        "If I order a battery to my door, when will it come?",
    ], [
        "Home swap deliveries arrive within 3 hours and run from 08:00 to 21:00.",
        "A courier brings the battery within 3 hours, and deliveries run from 08:00 to 21:00.",
    ]),
    (BS, 4, [
        "How far can I ride on one battery?",
        "what's the range of the Plus bike?",
        "Will one battery last my 30 km round trip?",
        "what range do the batteries have?",
    ], [
        "A full 400 Wh battery gives about 50 km and a full 600 Wh battery about 75 km of assisted riding.",
        "You can expect about 50 km from a 400 Wh battery and about 75 km from a 600 Wh battery.",
    ]),
    (BS, 4, [
        "my battery seems to run out faster now that it's cold. Normal?",
        "Does the range drop in winter?",
        "Why do I get fewer kilometres out of a battery in January?",
    ], [
        "Yes, in cold weather range can drop by up to a third.",
        "That's normal: cold weather can cut range by up to a third.",
    ]),
    (BS, 5, [
        "Can I charge the battery at home?",
        "can I bring my own charger and top up at the office?",
        "Is there a charging cable I can borrow?",
    ], [
        "Please never charge a battery yourself; you swap it for a full one at a station instead.",
        "Batteries are never charged at home: just swap a low one for a full one at any station.",
    ]),
    (BS, 5, [
        "What if I lose the battery?",
        "How much do you charge if a battery isn't returned?",
        "I think my battery was taken out of the bike. Do I have to pay for it?",
    ], [
        "A battery that is lost or not returned is charged at 390 euros.",
        "Lost or unreturned batteries are charged at 390 euros.",
    ]),
    # ---- Repairs and Servicing
    (RS, 1, [
        "I have a flat, is that free to fix?",
        "Do I pay for a flat tyre repair?",
        "my chain slipped off, do you charge for that?",
        "the brakes feel loose, will fixing that cost anything?",
    ], [
        "Flat tyres, a slipped chain and brake adjustments are fixed free of charge.",
        "That's free: flat tyres, slipped chains and brake adjustments are always fixed at no cost.",
    ]),
    (RS, 1, [
        "How soon can a mechanic come out?",
        "can someone come and fix the bike at my house?",
        "Do I have to bring the bike to you for a small repair?",
    ], [
        "A mobile mechanic comes to you within 24 hours, or you can walk into any hub without an appointment.",
        "We can send a mobile mechanic within 24 hours, or you can drop into any hub without an appointment.",
    ]),
    (RS, 2, [
        "My bike has been broken for ages, do I get money back?",
        "Do I get compensation if a repair takes long?",
        "Will I still pay full price while my bike is out of action?",
    ], [
        "For every full day without a working bike beyond the repair deadline, we credit one thirtieth of your monthly price.",
        "If the repair runs past our deadline, you get one thirtieth of your monthly price back for each further full day.",
    ]),
    (RS, 3, [
        "I broke the rear light, what does that cost without insurance?",
        "how much for a smashed tail light?",
        "No Care Cover here. What's the charge for a rear light?",
    ], [
        "Without Care Cover, a broken rear light costs 15 euros.",
        "A broken rear light is charged at 15 euros if you don't have Care Cover.",
    ]),
    (RS, 3, [
        "How much is a bent front wheel if I'm not insured?",
        "I hit a kerb and the front wheel is bent. What will that cost me?",
        "price for a bent wheel without Care Cover?",
    ], [
        "Without Care Cover, a bent front wheel is charged at 95 euros.",
        "A bent front wheel costs 95 euros for riders without Care Cover.",
    ]),
    (RS, 3, [
        "What happens if the frame cracks? I don't have insurance.",
        "How much is a cracked frame without Care Cover?",
        "worst case, if I crack the frame, what do I pay?",
    ], [
        "Without Care Cover, a cracked frame is charged at 480 euros.",
        "A cracked frame costs 480 euros if you don't have Care Cover.",
    ]),
    (RS, 4, [
        "Can I get a mechanic today?",
        "how do I book a repair?",
        "What's the fastest way to get something fixed?",
    ], [
        "Book in the app under Fix with a description and a photo; repairs booked before 12:00 on a working day usually get a mechanic the same day.",
        "Use the Fix tab in the app, and if you book before 12:00 on a working day a mechanic usually comes the same day.",
    ]),
    (RS, 5, [
        "Can I pump the tyres myself?",
        "am I allowed to adjust the saddle?",
        "can I fix small things on the bike myself?",
    ], [
        "You may pump the tyres, adjust the saddle height and clean the bike yourself, but any other repair must be done by us.",
        "Pumping the tyres, adjusting the saddle and cleaning are fine to do yourself; everything else is for our mechanics.",
    ]),
    # ---- Theft and Loss
    (TL, 1, [
        "My bike got stolen, what do I do?",
        "Bike is gone from outside my office!!",
        "how fast do I have to report a theft?",
        "Do I need to go to the police if my bike is stolen?",
    ], [
        "Please report the theft in the app under Fix within 24 hours of noticing it, then file a police report and upload it within 5 days.",
        "Report it in the app under Fix within 24 hours, file a report with the police, and upload the police report within 5 days.",
    ]),
    (TL, 2, [
        "How much is the theft charge for a City Classic without insurance?",
        "If my Classic gets stolen and I don't have Care Cover, what do I pay?",
        "What would a stolen City Classic cost me?",
    ], [
        "Without Care Cover, a stolen City Classic is charged at 690 euros.",
        "The theft charge for a City Classic without Care Cover is 690 euros.",
    ]),
    (TL, 2, [
        "What's the theft charge for the cargo bike?",
        "If the Cargo Family bike is stolen without insurance, how much is it?",
        "worried about the cargo bike getting nicked. What would I owe?",
    ], [
        "Without Care Cover, a stolen Cargo Family bike is charged at 1,450 euros.",
        "The theft charge for a Cargo Family bike without Care Cover is 1,450 euros.",
    ]),
    (TL, 3, [
        "Do I have to lock the bike to something?",
        "I locked the wheel but not to a post. Am I still covered if it's stolen?",
        "is it enough to just lock the back wheel?",
    ], [
        "Always lock the frame to a fixed object with the supplied D-lock; a bike stolen while not locked to a fixed object is charged in full even with Care Cover.",
        "The frame must be locked to a fixed object such as a bike stand, otherwise a theft is charged in full even with Care Cover.",
    ]),
    (TL, 4, [
        "How much is a new D-lock?",
        "I broke the lock, do I need to buy a new one?",
        "What does a replacement lock cost?",
    ], [
        "A replacement D-lock costs 52 euros.",
        "We charge 52 euros for a replacement D-lock.",
    ]),
    (TL, 4, [
        "When can I pick up a new key?",
        "How quickly can I get a spare key for my lock?",
        "Where do I collect a replacement key?",
    ], [
        "Replacement keys can be collected at any hub the next working day.",
        "You can pick up a replacement key at any hub from the next working day.",
    ]),
    (TL, 5, [
        "Do I keep paying while I wait for a replacement bike?",
        "is my subscription paused after a theft?",
        "Does the monthly fee stop while I have no bike because of the theft?",
    ], [
        "Your subscription continues while you wait for the replacement bike and is not paused.",
        "The subscription carries on during that time; a theft doesn't pause it.",
    ]),
    # ---- Pausing a Subscription
    (PA, 3, [
        "How far in advance do I need to request a pause?",
        "Can I pause starting tomorrow?",
        "how much notice for a pause?",
    ], [
        "Please request the pause in the app under Plan at least 5 days before it starts.",
        "Pauses need to be requested in the app at least 5 days before they start.",
    ]),
    (PA, 3, [
        "What happens to the bike while my plan is paused?",
        "do I keep the bike at home during a pause?",
        "Where does the bike go when I pause?",
    ], [
        "Return the bike to any hub on or before the first day of the pause, and we keep it for you until you come back.",
        "You bring the bike to any hub by the first day of the pause and we look after it until you're back.",
    ]),
    (PA, 2, [
        "Do I still pay for insurance while paused?",
        "What happens to my Care Cover during a pause?",
        "Is Care Cover charged during a pause?",
    ], [
        "Care Cover is suspended during a pause and costs nothing.",
        "During a pause Care Cover is suspended, so you don't pay for it.",
    ]),
    (PA, 4, [
        "Can I come back early from a pause?",
        "I'm home sooner than planned, can I restart my plan?",
        "How do I end my pause early?",
    ], [
        "You can end a pause early at any time in the app, and the holding fee stops on the day you collect your bike.",
        "Yes, end it in the app whenever you like; the holding fee stops the day you pick up your bike.",
    ]),
    (PA, 5, [
        "I only signed up last month, can I pause already?",
        "Why won't the app let me pause?",
        "can I pause while I still owe you money?",
    ], [
        "You can't pause during your plan's minimum term or while your account has an unpaid balance.",
        "Pausing isn't possible during the minimum term or while there is an unpaid balance on the account.",
    ]),
    (PA, 5, [
        "Does a pause count towards my minimum term?",
        "If I pause, does my minimum term still run?",
        "will a pause make my contract longer?",
    ], [
        "Weeks spent paused do not count towards the minimum term.",
        "No, paused weeks don't count towards the minimum term.",
    ]),
    (PA, 1, [
        "Can I split my pause allowance into several shorter pauses?",
        "Do I have to take the whole pause in one go?",
        "could I pause twice in the same year?",
    ], [
        "Yes, you can use your yearly pause allowance in one go or split it into several pauses.",
        "Your pause allowance for the year can be taken in one go or split into several pauses.",
    ]),
    # ---- Cancellation and Deposits
    (CD, 1, [
        "How do I cancel?",
        "where in the app do I cancel my subscription?",
        "When does billing stop after I cancel?",
    ], [
        "You can cancel in the app under Plan once the minimum term is over, and billing ends on the last day of the notice period.",
        "Cancel in the app under Plan; your subscription and billing end on the last day of the notice period.",
    ]),
    (CD, 2, [
        "What if I cancel before the minimum term is up?",
        "is there a penalty for cancelling early?",
        "I need to quit during my minimum term. What does that cost?",
    ], [
        "Cancelling during the minimum term costs half the monthly price for each remaining month of the minimum term.",
        "An early cancellation fee applies: half the monthly price for every month of the minimum term that is left.",
    ]),
    (CD, 3, [
        "How much is the deposit for Cargo Family?",
        "Is the deposit higher for the cargo bike?",
        "what deposit do you take for the box bike?",
    ], [
        "Cargo Family needs a refundable deposit of 250 euros, taken when you collect the bike.",
        "The deposit for Cargo Family is 250 euros and you get it back after returning the bike.",
    ]),
    (CD, 3, [
        "Do students pay a deposit too?",
        "how much is the deposit on the student plan?",
        "Is there a cheaper deposit for students?",
    ], [
        "The student plan needs a deposit of 70 euros.",
        "Yes, students pay a lower deposit of 70 euros.",
    ]),
    (CD, 4, [
        "What do I need to bring back when I cancel?",
        "Do I have to return the accessories too?",
        "Where do I return the bike at the end of my plan?",
    ], [
        "Please return the bike, battery, key and any rented accessories to any hub by the last day of your notice period.",
        "Bring the bike, battery, key and any rented accessories to any hub by the last day of your notice period.",
    ]),
    (CD, 4, [
        "Will you deduct anything from my deposit?",
        "Do I get the full deposit back?",
        "What could be taken off my deposit?",
    ], [
        "After inspecting the bike we refund the deposit minus any unpaid fees or damage charges.",
        "You get the deposit back in full unless there are unpaid fees or damage charges, which are deducted.",
    ]),
    (CD, 5, [
        "I signed up recently and changed my mind. Is there any condition for getting my money back?",
        "Does it matter how much I've ridden if I withdraw as a new customer?",
        "I rode about 30 km, can I still use the cooling-off period?",
    ], [
        "In the cooling-off period you get the first month's price back in full, as long as the bike has been ridden less than 20 km.",
        "Withdrawing in the cooling-off period is possible as long as the bike has been ridden less than 20 km.",
    ]),
    # ---- Late Returns
    (LR, 2, [
        "Is there a maximum late fee per day?",
        "How much could a late return cost at most in one day?",
        "Do late fees have a daily cap?",
    ], [
        "Late fees for passes and hourly rentals are capped at 50 euros per day.",
        "Yes, late fees never go above 50 euros per day.",
    ]),
    (LR, 3, [
        "What happens if I don't return a pass bike at all?",
        "how long before a late bike counts as stolen?",
        "When do you report an overdue bike as stolen?",
    ], [
        "A pass bike that is not back 72 hours after the booked end time is reported stolen and the theft charge applies.",
        "After 72 hours past the booked end time a pass bike is reported stolen, and the theft charge applies.",
    ]),
    (LR, 5, [
        "I cancelled but can't bring the bike back on the last day. What happens?",
        "Is there a fee if I return the bike a few days after my notice period?",
        "what do I pay for returning my subscription bike late?",
    ], [
        "Returning your bike after the last day of your notice period costs 5 euros per day.",
        "Late returns at the end of a subscription are charged at 5 euros per day.",
    ]),
    (LR, 6, [
        "How long until you answer my late fee dispute?",
        "When will I hear back about the late fee I disputed?",
        "Do you refund a late fee if the hub was closed?",
    ], [
        "We reply to late fee disputes within 5 working days and refund the fee if the delay was our fault.",
        "You'll get an answer within 5 working days, and if the delay was our fault the fee is refunded.",
    ]),
    (LR, 4, [
        "Can I return a pass bike at another hub?",
        "Do I have to bring the bike back to the hub I rented it from?",
        "is every hub ok for returning a day pass bike?",
    ], [
        "You can return a pass bike to any Brightwell hub, though returning it to a different hub costs a relocation fee.",
        "Any Brightwell hub takes returns, but a different hub from your pick-up hub costs a relocation fee.",
    ]),
    # ---- Student and Corporate Plans
    (SC, 1, [
        "Is there a minimum term on the student plan?",
        "How long do I have to stay on the student plan?",
        "as a student, how long am I committed for?",
    ], [
        "The student plan has a minimum term of 1 month.",
        "Students are only committed for a minimum term of 1 month.",
    ]),
    (SC, 2, [
        "I'm 17 and at vocational school. Can I get the student plan?",
        "who can get the student plan?",
        "Does a vocational school count for the student discount?",
    ], [
        "The student plan is open to students aged 17 or over who are enrolled at a university or vocational school.",
        "Yes, students aged 17 or over at a university or vocational school can join the student plan.",
    ]),
    (SC, 2, [
        "Do I need to prove I'm a student every year?",
        "what happens if I forget to upload my student card?",
        "When do I have to show my student card again?",
    ], [
        "Upload your valid student card when you sign up and again every September; if you don't re-verify by 30 September, your plan changes to City Classic.",
        "You re-verify every September, and if that hasn't happened by 30 September the plan changes to City Classic.",
    ]),
    (SC, 3, [
        "Can I pause over the summer break as a student?",
        "Do students pay the holding fee during semester breaks?",
        "how long can I pause between semesters?",
    ], [
        "Student plan subscribers can pause for up to 12 weeks per year during semester breaks without a holding fee.",
        "During semester breaks students can pause for up to 12 weeks per year with no holding fee.",
    ]),
    (SC, 4, [
        "Does our company get one invoice or one per rider?",
        "How is Brightwell for Business billed?",
        "will we get a separate bill for every employee?",
    ], [
        "The company receives one invoice per month for all riders.",
        "Brightwell for Business sends the company one invoice per month covering all riders.",
    ]),
    (SC, 5, [
        "An employee is leaving. How do we remove them?",
        "how long does a removed rider have to return the bike?",
        "Who can add new riders to our business account?",
    ], [
        "Company admins add and remove riders in the Business Portal, and a removed rider's bike must be returned within 7 days.",
        "Admins manage riders in the Business Portal; once a rider is removed, the bike has to come back within 7 days.",
    ]),
    (SC, 5, [
        "If an employee's bike is stolen, who pays?",
        "Are damage charges billed to the employee or the company?",
        "who gets the bill if a staff bike is damaged?",
    ], [
        "Theft and damage charges for business riders are billed to the company.",
        "For business riders, theft and damage charges go to the company.",
    ]),
    # ---- Accessories
    (AC, 1, [
        "How much is it to rent a helmet?",
        "Do you rent helmets and what's the price?",
        "helmet rental cost per month?",
    ], [
        "A helmet costs 3 euros per month and comes in sizes S, M and L.",
        "Helmet rental is 3 euros per month, billed with your subscription.",
    ]),
    (AC, 1, [
        "I crashed with the rented helmet on. Do I pay for a new one?",
        "What helmet sizes do you have?",
        "My helmet took a knock in a fall, can I swap it?",
    ], [
        "After any crash we replace the helmet free of charge, and helmets come in sizes S, M and L.",
        "Helmets come in S, M and L, and we replace one free of charge after any crash.",
    ]),
    (AC, 2, [
        "Can I put a child seat on City Classic?",
        "my toddler is two. Which bike takes the child seat?",
        "Up to what age is the child seat ok?",
    ], [
        "The rear child seat fits City Plus bikes only and suits children from 9 months to 6 years and up to 22 kg.",
        "Child seats only fit City Plus, for children from 9 months to 6 years weighing up to 22 kg.",
    ]),
    (AC, 3, [
        "Do you have pannier bags?",
        "How much are the panniers per month?",
        "I need bags for my shopping. What do you offer?",
    ], [
        "A pair of waterproof pannier bags costs 4 euros per month.",
        "You can rent a pair of waterproof panniers for 4 euros per month.",
    ]),
    (AC, 4, [
        "Do you have phone holders?",
        "Can I charge my phone on the bike?",
        "is there a mount for my phone so I can follow the map?",
    ], [
        "A handlebar phone holder is free at any hub, and City Plus bikes also have a USB charging port under the display.",
        "Phone holders are free, just ask at any hub, and City Plus has a USB port under the display.",
    ]),
    (AC, 5, [
        "I lost the rented helmet. How much do I owe?",
        "What's the charge for a lost helmet?",
        "left the helmet on the tram, oops. cost?",
    ], [
        "A lost rented helmet is charged at 45 euros.",
        "We charge 45 euros for a rented helmet that is lost.",
    ]),
    (AC, 5, [
        "The child seat was damaged in a crash. What will it cost?",
        "How much is a lost child seat?",
        "what if the child seat breaks beyond repair?",
    ], [
        "A rented child seat that is lost or damaged beyond repair is charged at 120 euros.",
        "We charge 120 euros for a child seat that is lost or damaged beyond repair.",
    ]),
    (AC, 5, [
        "One of the panniers was stolen. Do I pay?",
        "How much for lost pannier bags?",
        "what's the fee if the pannier bags get ruined?",
    ], [
        "Lost or destroyed panniers are charged at 55 euros for the pair.",
        "A pair of panniers that is lost or damaged beyond repair costs 55 euros.",
    ]),
    (AC, 6, [
        "Can I buy my own helmet from you?",
        "Do subscribers get a discount in your shop?",
        "where do I find the shop discount code?",
    ], [
        "Subscribers get 15% off everything in the Brightwell online shop, with the code shown in the app under Perks.",
        "Yes, you get 15% off in the online shop; the code is in the app under Perks.",
    ]),
    # ---- Contact and Support
    (CT, 1, [
        "When can I chat with you?",
        "is the chat open at weekends?",
        "What are the chat hours?",
    ], [
        "You can chat with Brightwell Care in the app every day from 07:00 to 22:00.",
        "The in-app chat is open every day from 07:00 to 22:00.",
    ]),
    (CT, 2, [
        "What are your phone hours?",
        "can I call you on a Saturday?",
        "When is the phone line open?",
    ], [
        "Our phone line is open Monday to Friday from 09:00 to 18:00.",
        "You can call us Monday to Friday between 09:00 and 18:00.",
    ]),
    (CT, 3, [
        "What's your email address?",
        "how quickly do you answer emails?",
        "Can I email you the photos instead?",
    ], [
        "Write to care@brightwell.bike and we'll answer within 1 working day.",
        "You can email care@brightwell.bike, and we answer emails within 1 working day.",
    ]),
    (CT, 4, [
        "How do I make a formal complaint?",
        "who do I complain to about how my case was handled?",
        "Is there an official complaints process?",
    ], [
        "Reply to any message from us with the word COMPLAINT and Brightwell Customer Relations will look into it.",
        "Just reply to any of our messages with the word COMPLAINT and Customer Relations will take it from there.",
    ]),
    (CT, 5, [
        "Can I suggest a new swap station location?",
        "Where can I send ideas for the app?",
        "we really need a hub in our neighbourhood. Who do I ask?",
    ], [
        "Please add it in the app under Help > Ideas; hub suggestions are reviewed once a quarter.",
        "Suggestions go in the app under Help > Ideas, where the product team reads every one and reviews hub ideas once a quarter.",
    ]),
]

# Situations: whole messages with their own tone (no extra context is added).
TRAIN_SITUATIONS = [
    (BS, 3, [
        "Just wanted to say the courier had a fresh battery at my door in under an hour yesterday. Brilliant service!",
        "Your battery delivery guy saved my morning today, thank you!!",
        "Quick thank you for the home battery delivery last night, really helpful when I was stuck at home.",
    ], [
        "Thank you, that's lovely to hear! Home swap deliveries run from 08:00 to 21:00, so you can use them whenever you're stuck.",
        "So glad the delivery helped! Couriers bring a full battery within 3 hours, between 08:00 and 21:00.",
    ]),
    (CT, 3, [
        "I think I've been charged twice this month. Two identical payments on my statement. Can someone look into this?",
        "you took my monthly fee twice?? please sort this out",
        "There are two charges from Brightwell on my card for the same month and I'm not happy about it.",
    ], [
        "Sorry about that, we'll get it sorted. Please send a screenshot of both payments to care@brightwell.bike and we'll answer within 1 working day.",
        "I'm sorry for the worry. Email both payments to care@brightwell.bike and we'll reply within 1 working day.",
    ]),
    (MP, 1, [
        "Honestly the seven gears on the City Plus changed my commute. Best upgrade ever.",
        "Love my new City Plus, the disc brakes feel so much safer in the rain.",
        "Just a note to say the Plus bike is fantastic. The basket alone is worth it.",
    ], [
        "Thank you, that's great to hear! City Plus comes with seven gears, a 600 Wh battery, a front basket and hydraulic disc brakes, so it's built for exactly that.",
        "That makes our day! The City Plus bike's seven gears and hydraulic disc brakes are there for commutes like yours.",
    ]),
    (MP, 4, [
        "We're moving to a flat just past the edge of the map in the app. Can I still keep the bike at home?",
        "New address is outside Zone C by a few streets. Is that a problem for my subscription?",
        "moving house next month, slightly outside your zones. what happens with the bike?",
    ], [
        "Congratulations on the move! The bike has to be parked overnight inside Zones A, B and C, so you'd need a spot inside the service area at night.",
        "Thanks for checking first. Overnight the bike must be parked inside the service area, Zones A, B and C on the map in the app.",
    ]),
    (CT, 5, [
        "Feature request: please give the app a dark mode, my eyes burn at night.",
        "It would be amazing if the app showed the elevation of my route. Just an idea!",
        "Could you add a way to see my ride history in the app? Would love that.",
    ], [
        "Great idea, thank you! Please add it in the app under Help > Ideas, where every suggestion is read by the product team.",
        "Thanks for the suggestion! Ideas posted in the app under Help > Ideas are all read by our product team.",
    ]),
    (RS, 4, [
        "The mechanic was supposed to come yesterday and nobody showed up. I waited at home all afternoon. Really disappointing.",
        "No-show from your mechanic today. I took time off work for this!",
        "Booked a repair for this morning, nobody came, nobody called. What's going on?",
    ], [
        "I'm really sorry, that shouldn't have happened. Please rebook in the app under Fix; repairs booked before 12:00 on a working day usually get a mechanic the same day.",
        "Sorry you waited for nothing, that's not the service we want to give. If you rebook under Fix before 12:00 on a working day, a mechanic usually comes the same day.",
    ]),
    (BS, 5, [
        "I left the battery in the rain overnight by accident. Is it safe? Should I dry it with a hairdryer?",
        "battery fell in a puddle, can i open it up to dry it out?",
        "Water got into the battery compartment after the storm. What should I do with the battery?",
    ], [
        "Thanks for asking first. Please never open a battery or try to dry or charge it yourself; swap it for a full one at any station instead.",
        "Please don't open it or put it near heat. Swap it for a full one at any station and we'll take care of the wet battery.",
    ]),
    (TL, 4, [
        "I can't find my lock key ANYWHERE and the bike is locked outside the supermarket. Help!",
        "Lost the key to the D-lock, bike is stuck at the station. What now?",
        "my dog ate my key (I'm serious). bike is locked to the fence at home.",
    ], [
        "Sorry, what a hassle! A replacement key can be collected at any hub the next working day.",
        "Oh no, sorry to hear that. You can pick up a replacement key at any hub from the next working day.",
    ]),
    (PA, 3, [
        "Off to visit family abroad for three weeks in August. I don't want to cancel, just stop for a bit.",
        "I'm having knee surgery and won't ride for a month or so. Can I put things on hold?",
        "Going on a long work trip soon and the bike will just sit there. Options?",
    ], [
        "A pause is the way to go. Request it in the app under Plan at least 5 days before it starts, and bring the bike to any hub on the first day.",
        "You can pause instead of cancelling. Just request it in the app under Plan at least 5 days ahead and return the bike to any hub on or before the first day of the pause.",
    ]),
    (SC, 5, [
        "We just hired two people who want Brightwell bikes. How do I add them to our business account?",
        "I'm the office manager. New starter on Monday needs a bike, how do we set that up?",
        "How do we get a new colleague onto our company plan?",
    ], [
        "Welcome to your new colleagues! Company admins add riders in the Business Portal.",
        "Happy to help: as an admin you can add the new rider yourself in the Business Portal.",
    ]),
    (SC, 2, [
        "My student card expires next month but I'm still enrolled. Will I lose my plan?",
        "Uni changed my card number, do I need to do anything?",
        "I got a new student card for the new semester. Anything I need to do?",
    ], [
        "Just upload a photo of your valid student card in the app; you need to re-verify every September, by 30 September at the latest.",
        "Please upload the new card in the app; students re-verify every September, and without it the plan changes to City Classic after 30 September.",
    ]),
    (CC, 2, [
        "I clipped a pedestrian's bag with my handlebar today and it ripped. She wants compensation. I have Care Cover, am I ok?",
        "Rode into a parked scooter and scratched it. The owner is furious. Does my insurance help?",
        "Had a minor collision with a car mirror. I'm insured with you, what covers this?",
    ], [
        "Sorry, that sounds stressful. Care Cover includes third-party liability up to 1,000,000 euros for damage you cause to others, so please report it in the app under Fix.",
        "Don't worry, Care Cover's third-party liability covers damage you cause to other people's property, up to 1,000,000 euros.",
    ]),
    (DP, 4, [
        "We're a group of six visiting next week and want bikes on Sunday. Can we get them then?",
        "Tourist here, arriving Sunday morning. Can I pick a bike up straight from the station?",
        "Can I collect on Sunday? It's my only free day.",
    ], [
        "Sorry, our hubs are closed on Sundays; they're open from 08:00 to 20:00, Monday to Saturday.",
        "Hubs are open Monday to Saturday from 08:00 to 20:00 and closed on Sundays, so Saturday pick-up would work best.",
    ]),
    (RS, 5, [
        "A friend who works at a bike shop offered to true my wheel for free. Is that alright?",
        "My local bike shop can fix the gears cheaper and faster. Can I just go there?",
        "can I take my brightwell bike to my usual repair guy?",
    ], [
        "Thanks for checking first. Repairs by another bike shop aren't allowed, but you may pump the tyres, adjust the saddle and clean the bike yourself.",
        "Please don't: only pumping tyres, adjusting the saddle and cleaning may be done by you, and other repairs are for our mechanics.",
    ]),
]

# --------------------------------------------------------------------------------------
# Message fragments
# --------------------------------------------------------------------------------------

FIRST_NAMES = [
    "Anna", "Jonas", "Priya", "Mateo", "Yusuf", "Lena", "Tom", "Sofia", "Karim", "Marta", "Ben", "Chloé",
    "Oliver", "Aisha", "Lukas", "Hannah", "Diego", "Mei", "Felix", "Ines", "Samir", "Julia", "Noah", "Elif",
    "Max", "Clara", "Tobias", "Nadia", "Jan", "Freya", "Emre", "Laura", "Pavel", "Zoe", "Kai", "Amira",
    "Leon", "Greta", "Ravi", "Paula", "Finn", "Olga", "Marco", "Ida", "Tariq", "Rosa", "Sven", "Yara",
    "Hugo", "Maja", "Daniel", "Leila", "Anton", "Sara", "Malik", "Nina", "Jakob", "Lucía", "Chris", "Helen",
]
LAST_NAMES = [
    "Keller", "Novak", "Schmidt", "Okafor", "Rossi", "Berg", "Haddad", "Kowalski", "Meyer", "Lindqvist",
    "Sato", "Fischer", "Moreau", "Yilmaz", "Petrov", "Jansen", "Costa", "Brennan", "Weber", "Ahmed",
    "Dubois", "Larsen", "Nguyen", "Hoffmann", "Silva", "Wagner", "Murphy", "Kaya", "Horvat", "Vogel",
]

GREETINGS = [
    "Hi,", "Hello,", "Hey there,", "Hi Brightwell,", "Hello Brightwell Care,", "Good morning,",
    "Good evening,", "Hi team,", "Dear Brightwell team,", "hey", "Hiya,", "Hello there,",
    "Dear Sir or Madam,", "Hi guys,", "Morning!", "Hi all,",
]
INTROS = ["{first} here.", "This is {first}.", "My name is {first} {last}.", "It's {first} again.",
          "{first} {last} here, customer since last spring."]

SIGNOFFS = [
    "{first}", "Thanks,\n{first}", "Best regards,\n{first} {last}", "- {first}", "Cheers, {first}",
    "Kind regards\n{first} {last}\nSent from my phone", "Thank you!\n{first}", "Many thanks,\n{first} {last}",
    "Best,\n{first}", "thx {first}", "Regards,\n{first} {last}", "{first} {last}",
    "Thanks a lot\n{first}\n\nSent from my iPhone", "Greetings from Zone B,\n{first}", "Speak soon,\n{first}",
    "All the best,\n{first}",
]
NONAME_SIGNOFFS = ["", "", "", "Thanks", "Cheers", "Sent from my iPhone", "thanks in advance", "Best regards"]

CLOSERS = [
    "Thanks in advance.", "Thanks!", "Appreciate it.", "Would be great to hear back today.",
    "Sorry for the long message.", "Thanks for your help.", "Let me know, thanks.", "Cheers!",
    "Quick answer is fine.", "Thank you so much.", "Hope that makes sense.", "Many thanks for any info.",
    "No rush.", "Sorry if this is a silly question.", "Thanks for getting back to me.", "ty",
]

# Generic context sentences with a tone: neutral, upset, urgent, happy, new.
GENERIC_CONTEXTS = [
    ("I've been a customer for about a year now.", "neutral"),
    ("Quick question.", "neutral"),
    ("I looked in the app but couldn't find it anywhere.", "neutral"),
    ("Sorry if this has been asked before.", "neutral"),
    ("Your FAQ page didn't really answer this.", "neutral"),
    ("My flatmate {other} said something different, so I'd rather ask you directly.", "neutral"),
    ("I asked in the chat yesterday but the conversation closed before I got an answer.", "upset"),
    ("This is the second time I'm writing about this.", "upset"),
    ("Honestly a bit frustrated right now.", "upset"),
    ("Not impressed so far, to be honest.", "upset"),
    ("I need to know today, sorry for the rush.", "urgent"),
    ("Writing from the hub right now.", "urgent"),
    ("Bit urgent!", "urgent"),
    ("Loving the bike so far, by the way!", "happy"),
    ("First of all, great service so far.", "happy"),
    ("I just signed up last week.", "new"),
    ("I'm new to Brightwell.", "new"),
    ("My partner {other} and I are both thinking of joining.", "new"),
    ("I ride to work every day, about 8 km each way.", "neutral"),
    ("Asking for my mum, who isn't great with apps.", "neutral"),
]

DOC_CONTEXTS = {
    MP: [("I'm comparing your plans with just buying a bike.", "new"),
         ("We moved to the city in January and I need a way to get to work.", "new"),
         ("Been on City Classic since March.", "neutral"),
         ("My commute has a nasty hill in the middle.", "neutral"),
         ("The app's plan page is a bit confusing, sorry.", "upset")],
    DP: [("I'm visiting for a conference next week.", "new"),
         ("Some friends are coming to stay and we want to explore by bike.", "happy"),
         ("I don't want a subscription, just the odd ride.", "new"),
         ("We're at the hub near the station right now.", "urgent")],
    CC: [("Trying to decide whether Care Cover is worth it.", "neutral"),
         ("My last rental bike with another company got damaged and it cost a fortune.", "neutral"),
         ("I had a small accident on Tuesday, nothing serious.", "upset")],
    BS: [("I do about 40 km a day for work deliveries.", "neutral"),
         ("The battery icon is already blinking.", "urgent"),
         ("The station near my flat is usually empty by the evening.", "upset"),
         ("Still getting used to the whole swapping thing.", "new")],
    RS: [("Something's not right with my bike since yesterday.", "upset"),
         ("I'm stuck halfway to work with the bike.", "urgent"),
         ("The bike has been great until this week.", "neutral"),
         ("Had a bit of a tumble on the cobbles, I'm fine.", "upset")],
    TL: [("I'm honestly panicking a bit.", "urgent"),
         ("I just came out of the cinema and the rack is empty.", "urgent"),
         ("Bikes keep disappearing in my neighbourhood lately.", "neutral"),
         ("This is my first time dealing with anything like this.", "upset")],
    PA: [("I'm going abroad for a while this summer.", "neutral"),
         ("Work is sending me away for a few weeks.", "neutral"),
         ("Don't want to cancel, I love the bike.", "happy"),
         ("Recovering from a broken wrist at the moment.", "upset")],
    CD: [("Sadly I'm moving away.", "neutral"),
         ("I'm thinking about ending my subscription.", "neutral"),
         ("I barely ride anymore since I started working from home.", "neutral"),
         ("Not happy with how things went, I want out.", "upset")],
    LR: [("My train was delayed yesterday so I got back late.", "upset"),
         ("I'm running late with my rental.", "urgent"),
         ("I got a charge I didn't expect.", "upset"),
         ("Planning a day trip and want to avoid surprises.", "neutral")],
    SC: [("I'm starting my master's in October.", "new"),
         ("I'm in second year at the university here.", "neutral"),
         ("I run a small architecture office.", "neutral"),
         ("Our HR team asked me to look into bike benefits.", "neutral")],
    AC: [("My daughter starts kindergarten next month.", "new"),
         ("I do my weekly shop by bike.", "neutral"),
         ("I use the bike for deliveries on weekends.", "neutral")],
    CT: [("I've got a few things to sort out.", "neutral"),
         ("I prefer talking to a person, apps aren't my thing.", "neutral"),
         ("Not thrilled with how my last request went.", "upset")],
}

SUBJECTS = {
    MP: ["Question about plans", "monthly plan", "Subscription question"],
    DP: ["Day pass", "Renting for a day", "Weekend rental"],
    CC: ["Care Cover", "Insurance question", "insurance"],
    BS: ["Battery", "Swaps", "battery question"],
    RS: ["Repair", "Bike problem", "Broken bike"],
    TL: ["STOLEN BIKE", "Theft", "Lock and key"],
    PA: ["Pause", "Pausing my plan", "Taking a break"],
    CD: ["Cancellation", "Deposit", "Ending my subscription"],
    LR: ["Late return", "Late fee", "Returning late"],
    SC: ["Student plan", "Business account", "Corporate bikes"],
    AC: ["Accessories", "Helmet", "Extras"],
    CT: ["Contact", "Getting in touch", "Support"],
}

OPENERS = {
    "neutral": [None, None, None, None, "Thanks for getting in touch.", "Good question.", "Thanks for asking.",
                "Happy to clear that up."],
    "upset": ["Sorry for the trouble.", "I'm sorry this has been frustrating.", "Sorry you've had to deal with this.",
              "I understand this is annoying, and I'm sorry."],
    "urgent": ["Here's the short answer.", "Happy to help right away.", None],
    "happy": ["Thanks for the kind words!", "Lovely to hear from you.", "Glad you're enjoying the bike."],
    "new": ["Welcome to Brightwell!", "Great to hear you're thinking of joining.", None],
}
FOLLOWUPS = [None, None, None, None, None, "Let us know if anything else comes up.",
             "Just reply here if you have more questions.", "Happy riding!"]


def sentences(text: str) -> int:
    return len([s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s])


def typo(rng: random.Random, text: str) -> str:
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
    if kind == "swap":
        w2 = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    elif kind == "drop":
        w2 = w[:j] + w[j + 1:]
    else:
        w2 = w[:j] + w[j] + w[j:]
    return text[:m.start()] + w2 + text[m.end():]


def pick_person(rng: random.Random, noname_rate: float = 0.25):
    if rng.random() < noname_rate:
        return None, None
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def other_name(rng: random.Random, first: str | None) -> str:
    while True:
        name = rng.choice(FIRST_NAMES)
        if name != first:
            return name


def signoff(rng: random.Random, first, last, styles=None) -> str:
    if first is None:
        return rng.choice(NONAME_SIGNOFFS)
    return rng.choice(styles or SIGNOFFS).format(first=first, last=last)


def compose(rng: random.Random, doc: str, question: str, first, last, with_context: bool = True):
    """A customer message around one question; returns (message, tone, first name or None)."""
    tone = "neutral"
    context = None
    if with_context and rng.random() < 0.7:
        pool = DOC_CONTEXTS[doc] * 2 + GENERIC_CONTEXTS
        context, tone = rng.choice(pool)
        context = context.format(other=other_name(rng, first))
    closer = rng.choice(CLOSERS) if rng.random() < 0.45 else None
    intro = None
    use_intro = first is not None and rng.random() < 0.2
    if use_intro:
        intro = rng.choice(INTROS).format(first=first, last=last)
    layout = rng.choice(["email", "email", "oneline", "paragraphs", "subject", "after", "chat"])
    if context is None and layout == "paragraphs":
        layout = "email"

    if layout == "oneline":
        body = question if rng.random() < 0.5 else question.rstrip("?.!").lower()
        text = " ".join(p for p in (context, body) if p)
        if rng.random() < 0.3:
            text = typo(rng, text)
        if intro:
            text = intro + " " + text
        elif first and rng.random() < 0.8:
            # short messages: the sign-off sits on the same line or the next
            text += rng.choice([" - ", "\n", " thanks, ", "\n\n"]) + first
        else:
            first = None
        return text, tone, first

    greeting = rng.choice(GREETINGS) if rng.random() < 0.85 else None
    if layout == "after":
        core = " ".join(p for p in (question, context) if p)
    elif layout == "chat":
        core = " ".join(p for p in (context, question) if p)
        greeting = rng.choice(["hi", "hello", "hey", None])
    else:
        core = " ".join(p for p in (context, question) if p)
    if layout == "paragraphs":
        core = context + "\n\n" + question
    if closer and layout != "chat":
        core = core + ("\n\n" if rng.random() < 0.5 else " ") + closer
    if rng.random() < 0.25:
        core = typo(rng, core)
    if intro:
        core = intro + " " + core
    blocks = []
    if layout == "subject":
        blocks.append("Subject: " + rng.choice(SUBJECTS[doc]))
    if greeting:
        blocks.append(greeting)
    blocks.append(core)
    sign = "" if use_intro and rng.random() < 0.6 else signoff(rng, first, last)
    if sign:
        blocks.append(sign)
    sep = "\n" if layout == "chat" else "\n\n"
    return sep.join(blocks), tone, first


def reply(first, body: str, doc: str, section: int, titles) -> str:
    title, sections = titles[doc]
    assert section in sections, (doc, section)
    name = first or "there"
    return f"Hi {name},\n\n{body}\n\nPolicy: {title}, section {section}\n{SIGN}"


def train_body(rng: random.Random, answer: str, tone: str, situation: bool) -> str:
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


def build_train(titles) -> list[dict]:
    rng = random.Random(TRAIN_SEED)
    entries = [(doc, sec, qs, ans, False) for doc, sec, qs, ans in TRAIN_FACTS]
    entries += [(doc, sec, qs, ans, True) for doc, sec, qs, ans in TRAIN_SITUATIONS]
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
                {"role": "system", "content": SYSTEM},
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
# (id, doc, section, fact as the document writes it, new value or None, question, paraphrase, reference body)
# --------------------------------------------------------------------------------------

EVAL_KNOWLEDGE = [
    ("price-city-plus", MP, 1, "59 euros", "64 euros",
     "I'm on City Classic at the moment but the hills on my way to work are killing me. What would City Plus cost me per month?",
     "My commute has some steep climbs and my single-speed Classic struggles. If I moved up to the Plus plan, what's the monthly price?",
     "City Plus costs 59 euros per month and gives you a seven-gear e-bike with a 600 Wh battery, which makes hills much easier."),
    ("minimum-term", MP, 2, "3 months", None,
     "thinking of signing up for a monthly plan but I might be moving in spring. how long am I locked in for at the start?",
     "Before I subscribe: what's the shortest time I have to keep a monthly plan? There's a chance I relocate in a few months.",
     "Every monthly plan has a minimum term of 3 months, after which it rolls on from month to month."),
    ("day-trip-distance", MP, 4, "60 km", "40 km",
     "We want to ride out to the lake on Sunday and come back the same evening. How far outside the service area am I allowed to go on a day trip?",
     "Is there a distance limit for a day out beyond the city zones? Planning a return ride to the lake this Sunday.",
     "Day trips of up to 60 km beyond the service area are allowed, as long as the bike is parked inside Zones A, B or C overnight."),
    ("cargo-load", MP, 1, "80 kg", None,
     "Before we commit to Cargo Family: how much weight can the front box take? We'd mostly be doing big grocery runs.",
     "What's the maximum load for the box on the cargo bike? It would mainly carry heavy shopping.",
     "The front box of the Cargo Family bike carries up to two children or 80 kg of load."),
    ("price-weekend-pass", DP, 2, "32 euros", None,
     "My sister is visiting from Friday to Monday and I'd love to take her riding. How much is the weekend pass?",
     "What does it cost to rent a bike for a whole weekend? Someone's staying with me Friday through Monday.",
     "The weekend pass costs 32 euros and runs from Friday 17:00 to Monday 10:00."),
    ("price-hourly", DP, 3, "4.50 euros", None,
     "I only need a bike for about an hour to get to a meeting and back. What's the hourly price?",
     "How much do you charge per hour? I just need something for a quick return trip to an appointment.",
     "Hourly rentals cost 4.50 euros per hour, charged for every started hour."),
    ("card-preauthorisation", DP, 5, "100 euros", None,
     "There's a pending charge on my card from when I picked up a day pass, and it's bigger than the pass itself. What is that amount?",
     "Why is my card showing a hold that's more than the day pass price? How much do you block on the card when I rent?",
     "We pre-authorise 100 euros on your card for the length of the rental and release it when the bike is returned."),
    ("price-care-cover", CC, 1, "6.50 euros", "7.90 euros",
     "How much extra per month is Care Cover if I add it to my subscription?",
     "If I take the insurance add-on with my monthly plan, what does that add to my bill each month?",
     "For monthly plans Care Cover costs 6.50 euros per month, billed together with your subscription."),
    ("care-cover-excess", CC, 3, "60 euros", "85 euros",
     "Someone backed into my parked bike and bent the wheel. I have Care Cover. How much do I still have to pay myself?",
     "A reversing car bent my wheel while the bike was parked. With the insurance add-on, what is my own share of the cost?",
     "With Care Cover you pay an excess of 60 euros per claim and Brightwell pays the rest, so please report it in the app under Fix within 48 hours."),
    ("care-cover-claim-limit", CC, 5, "two claims", None,
     "I've had a bad year: I already claimed on Care Cover twice since March. If I scrape the bike again, is that still covered?",
     "Is there a cap on how many insurance claims I can make? I've used Care Cover a couple of times already this year.",
     "You can make at most two claims in any 12 months, so further damage in that period is charged in full."),
    ("free-swaps-classic", BS, 2, "4 free swaps", "6 free swaps",
     "How many battery swaps are free each month on City Classic? I ride quite a lot.",
     "On the Classic plan, how many swaps do I get without paying? I cover a lot of kilometres.",
     "City Classic includes 4 free swaps per month, and unused swaps don't carry over."),
    ("price-extra-swap", BS, 2, "2.50 euros", "3.20 euros",
     "I've used up all my free swaps and it's only the 20th. What do I pay for each swap after that?",
     "Once my monthly swap allowance is gone, how much is every additional battery swap?",
     "Each swap beyond your plan's allowance costs 2.50 euros."),
    ("price-home-swap", BS, 3, "9.90 euros", None,
     "I'm stuck at home with a sprained ankle and the battery is flat. Can someone bring a battery over, and what does it cost?",
     "I can't get to a swap station this week because of an injury. What's the price of having a charged battery delivered to my door?",
     "Yes, a courier can bring a full battery to your door for 9.90 euros per delivery, within 3 hours."),
    ("battery-hotline", BS, 5, "0800 555 0144", None,
     "The battery I just swapped is really warm and looks a bit puffy. Who do I call??",
     "My battery seems swollen and it's hot to the touch. What number should I ring?",
     "Please leave the battery outdoors away from buildings and call the battery hotline on 0800 555 0144, which is open 24 hours a day."),
    ("breakdown-replacement", RS, 2, "2 working days", None,
     "The display went blank and the motor stopped working this morning. How long until I have a working bike again?",
     "My e-bike's electronics have died: no display, no assistance. How quickly will you fix it or give me another one?",
     "We repair the bike or give you a replacement bike within 2 working days, and credit you for any further full day without a working bike."),
    ("charge-display", RS, 3, "140 euros", None,
     "I dropped the bike and the display cracked. I don't have Care Cover. What will I be charged?",
     "Without insurance, what's the fee for a display that broke when my bike fell over?",
     "Without Care Cover, a broken display is charged at 140 euros."),
    ("inspection-fee", RS, 5, "65 euros", None,
     "I got a puncture on holiday and a local shop also fixed the brake while they were at it. Is that a problem?",
     "A bike shop that isn't yours did a repair on my Brightwell bike. What happens now, and is there a cost?",
     "Repairs by another shop aren't allowed, so the bike needs to be checked at a hub, and we charge an inspection fee of 65 euros."),
    ("theft-charge-plus", TL, 2, "890 euros", None,
     "My City Plus was stolen from outside the gym and I never added insurance. How much am I going to be charged?",
     "Without Care Cover, what's the charge for a stolen City Plus? Mine disappeared last night.",
     "Without Care Cover, a stolen City Plus bike is charged at 890 euros; please report it in the app within 24 hours and upload the police report."),
    ("recovery-fee", TL, 6, "40 euros", None,
     "Good news, the police just found my stolen bike! I paid the theft charge two weeks ago. Do I get that back?",
     "The bike that was stolen from me has been recovered by the police. What happens to the theft charge I already paid?",
     "Since the bike was found within 30 days, we refund the theft charge minus a recovery fee of 40 euros."),
    ("price-lock-key", TL, 4, "25 euros", None,
     "lost my lock key somewhere in the park. how much is a new one?",
     "What's the price of replacing a D-lock key? I've misplaced mine.",
     "A replacement key for the D-lock costs 25 euros, and you can collect it at any hub the next working day."),
    ("theft-replacement", TL, 5, "3 working days", None,
     "I've reported the theft and uploaded the police report. How long until I get another bike?",
     "Police report uploaded, theft reported: when will a replacement bike be ready for me?",
     "You'll get a replacement bike within 3 working days, and your subscription continues during this time."),
    ("pause-maximum", PA, 1, "8 weeks", "6 weeks",
     "I'm doing a long backpacking trip this summer. What's the longest I can pause my subscription for?",
     "How many weeks a year am I allowed to put my plan on hold? I'll be travelling for most of the summer.",
     "You can pause for at most 8 weeks per calendar year in total, in one go or split into several pauses."),
    ("pause-fee", PA, 2, "4 euros per week", "5 euros per week",
     "If I pause my plan, do I still pay something while I'm away?",
     "What does a subscription pause cost me for each week it lasts?",
     "During a pause you pay a holding fee of 4 euros per week instead of your monthly price."),
    ("pause-minimum", PA, 1, "2 weeks", None,
     "Can I pause for just one week while I'm at a conference?",
     "Is a 7-day pause possible? I'll only be away for a single week.",
     "A pause lasts at least 2 weeks, so a one-week pause isn't possible."),
    ("notice-period", CD, 1, "30 days", None,
     "My minimum term is over and I want to stop my subscription. How much notice do you need?",
     "What's the notice period for cancelling once I'm past the minimum term?",
     "After the minimum term you can cancel at any time in the app under Plan with 30 days' notice."),
    ("deposit-classic", CD, 3, "150 euros", None,
     "What deposit do I pay when I collect a City Classic?",
     "How big is the refundable deposit for the Classic plan?",
     "City Classic and City Plus need a refundable deposit of 150 euros, taken when you collect the bike."),
    ("deposit-refund-time", CD, 4, "10 working days", "6 working days",
     "I returned my bike on Monday after cancelling. When will my deposit be back in my account?",
     "How long does it take to get my deposit refunded after I hand the bike back?",
     "We inspect the bike and refund the deposit within 10 working days, minus any unpaid fees or damage charges."),
    ("cooling-off", CD, 5, "14 days", None,
     "I signed up a few days ago but honestly the bike isn't for me. I've barely ridden it. Can I back out?",
     "As a brand-new customer, how long do I have to change my mind and withdraw?",
     "New customers can withdraw within 14 days of signing up and get the first month's price back, as long as the bike has been ridden less than 20 km."),
    ("grace-period", LR, 1, "20 minutes", "10 minutes",
     "My hourly rental ends at six but I might be a little late getting back to the hub. How much leeway is there before you charge anything?",
     "Is there a grace period after a rental's end time before late fees start?",
     "Passes and hourly rentals have a grace period of 20 minutes after the booked end time, and nothing is charged within it."),
    ("late-fee", LR, 2, "6 euros", "8 euros",
     "I brought my day pass bike back two hours late yesterday. What's the late fee?",
     "How are late returns of pass bikes charged once the grace period is over?",
     "After the grace period, a late return costs 6 euros per started hour, up to 50 euros per day."),
    ("relocation-fee", LR, 4, "12 euros", None,
     "Picked up at the Central Station hub but I'd rather drop the bike at the hub near my hotel. Is that ok, and does it cost extra?",
     "Can I return a pass bike to a different hub from where I got it, and what's the charge?",
     "You can return a pass bike to any hub, but a different hub from the pick-up one costs a relocation fee of 12 euros."),
    ("dispute-window", LR, 6, "21 days", None,
     "I was charged a late fee last month but the hub was full when I got there. Is it too late to dispute it?",
     "How long do I have to contest a late fee? I was charged a few weeks ago because a hub had no space.",
     "You can dispute a late fee in the app under Billing within 21 days of the charge, and we refund it if the delay was our fault."),
    ("student-plan-name", SC, 1, "Campus Rider", "Campus Go",
     "What's the name of your student plan? I want to look it up in the app.",
     "I'm at university. Which plan should I pick in the app, what is it called?",
     "Our student plan is called Campus Rider, and you'll need to upload your valid student card when you sign up."),
    ("price-student", SC, 1, "29 euros", None,
     "I'm a student on a tight budget. How much is the student plan per month?",
     "What's the monthly price for students?",
     "The student plan gets you a City Classic bike for 29 euros per month with a minimum term of 1 month."),
    ("business-minimum", SC, 4, "5 riders", "3 riders",
     "What's the minimum number of riders for Brightwell for Business? We're a small team.",
     "How many employees does a company need to join your business programme?",
     "Companies with at least 5 riders can join Brightwell for Business."),
    ("price-business", SC, 4, "49 euros", None,
     "Our HR team is looking at bike benefits. What does each rider cost per month on Brightwell for Business?",
     "What's the monthly price per employee on your business plan?",
     "Every Brightwell for Business rider gets a City Plus bike for 49 euros per month, with one monthly invoice for the company."),
    ("price-child-seat", AC, 2, "7 euros", None,
     "Can I rent a child seat for my 3-year-old, and how much is it?",
     "What's the monthly price of a rear child seat? My daughter is three.",
     "A rear child seat costs 7 euros per month and fits City Plus bikes only."),
    ("rack-load", AC, 3, "25 kg", None,
     "How much weight can I put on the rear rack? I'd like to carry a crate of drinks.",
     "What's the load limit of the back rack?",
     "Every bike's rear rack carries at most 25 kg."),
    ("phone-number", CT, 2, "030 4477 2100", None,
     "I'd rather talk to a real person about my bill. What's your phone number?",
     "Can I reach Brightwell Care by phone? Which number do I call?",
     "You can call Brightwell Care on 030 4477 2100, Monday to Friday from 09:00 to 18:00."),
    ("complaint-answer-time", CT, 4, "7 working days", None,
     "I replied COMPLAINT to your last email about how my deposit was handled. When will I hear back?",
     "How long does Customer Relations take to answer a formal complaint?",
     "Brightwell Customer Relations will look into it and give you a written answer within 7 working days."),
]

# (id, doc, section, message, name mode, reference body); name mode: "random", "none" or a fixed first name
EVAL_SKILL = [
    ("skill-thanks-mechanic", RS, 1,
     "Just wanted to say thanks: the mechanic came this morning and fixed my flat in ten minutes. Super friendly guy.",
     "random", "Thank you for the kind words, we'll pass them on to the mechanic! Flat tyres are always fixed free of charge, so just book in the app under Fix if it happens again."),
    ("skill-rude-staff", CT, 4,
     "The guy at the hub on Saturday was incredibly rude when I returned my bike. He practically accused me of breaking the basket. I want this on record.",
     "random", "I'm sorry your return went like that, and thank you for telling us. To put it on record, reply to any message from us with the word COMPLAINT and Brightwell Customer Relations will look into it."),
    ("skill-cant-unlock", CT, 1,
     "app wont unlock my bike and im already late for work, help",
     "none", "Sorry, that's stressful when you're in a hurry. Please message us in the in-app chat right away so we can look at your bike."),
    ("skill-moving-abroad", CD, 1,
     "We're moving to Lisbon in June, so I'll have to say goodbye to my City Plus. It's been great. What do I need to do?",
     "random", "We're sad to see you go, and good luck with the move! Cancel in the app under Plan once your minimum term is over, and bring the bike back to any hub by the last day of the notice period."),
    ("skill-motor-noise", RS, 2,
     "There's a grinding noise coming from the motor when I pedal hard. Still rides, but it sounds awful.",
     "random", "Thanks for flagging this early. Please book a repair in the app under Fix with a short description and a photo; if the motor is faulty we repair the bike or give you a replacement."),
    ("skill-small-crash", CC, 4,
     "Had a small crash on the tram tracks yesterday. I'm ok, just a scraped knee, but the handlebar is a bit twisted now.",
     "random", "Sorry to hear about your fall, and glad you're ok. Please report the damage in the app under Fix within 48 hours and add photos so we can sort out the handlebar."),
    ("skill-station-idea", CT, 5,
     "Any chance you could put a swap station near the university library? Half my class rides Brightwell.",
     "random", "Thanks for the idea! Please add it in the app under Help > Ideas, where hub and station suggestions are reviewed once a quarter."),
    ("skill-cargo-compliment", MP, 5,
     "Six months on the Cargo Family bike and the kids still fight over who gets to sit in the box. Best decision we made this year!",
     "random", "That's lovely to hear, thank you! Your plan includes a free safety check every 6 months, so now is a great time to book one in the app under Service."),
    ("skill-empty-station", BS, 1,
     "Third time this week the station at Marktplatz has NO full batteries. What am I paying for??",
     "random", "I'm sorry, that's really frustrating. The app shows each station's stock of full batteries so you can check before you go, and we'll look into the supply at Marktplatz."),
    ("skill-add-boyfriend", MP, 6,
     "How do I add my boyfriend so he can use my bike on weekends? He's 24.",
     "random", "Happy to help! Add him in the app under Household before his first ride, since one named second rider aged at least 16 can use your bike."),
    ("skill-baby-pause", PA, 3,
     "Baby due in March, so I won't be riding for a bit. What's the process to pause?",
     "none", "Congratulations! Request the pause in the app under Plan at least 5 days before it starts, and return the bike to any hub on or before the first day."),
    ("skill-squeaky-brakes", RS, 1,
     "brakes squeak like crazy when it rains. normal?",
     "random", "Some noise in the wet can happen, but brake adjustments are free, so it's worth a look. Book in the app under Fix or walk into any hub without an appointment."),
    ("skill-human-please", CT, 2,
     "I've been going back and forth with the chatbot for ages. Can I just talk to an actual person?",
     "random", "Sorry for the runaround. You can call Brightwell Care Monday to Friday from 09:00 to 18:00, or write to care@brightwell.bike and we'll answer within 1 working day."),
    ("skill-remote-lock", MP, 2,
     "My bike just locked itself in the middle of town!! I changed banks last week, is that why?",
     "random", "Sorry, that must have been a shock. After a second failed payment the bike is locked through the app until the balance is paid, so please update your card in the app and settle the balance."),
    ("skill-abandoned-bike", CT, 1,
     "There's been a Brightwell bike lying in the bushes outside my building for a week. Thought you'd want to know.",
     "random", "Thank you so much for letting us know! Please send us the address in the app chat, open every day from 07:00 to 22:00, so our team can collect it."),
    ("skill-upgrade-process", MP, 3,
     "Thinking about upgrading. What's the process?",
     "random", "An upgrade takes effect as soon as you collect the new bike at a hub. Book the exchange in the app at least 24 hours ahead."),
    ("skill-graduating", SC, 2,
     "I'm graduating in July and won't be a student anymore. What happens to my plan?",
     "random", "Congratulations on graduating! If you don't re-verify a student card by 30 September, your plan changes to City Classic automatically."),
    ("skill-tourists", DP, 5,
     "Hello, we are two tourists from Austria and want rent bikes tomorrow. What we need to bring?",
     "none", "Welcome to the city! Please each bring a photo ID and a payment card, and pick up the bikes at any Brightwell hub."),
    ("skill-lock-cut", TL, 1,
     "someone cut the lock and took my bike from the rack at work. i'm so annoyed.",
     "random", "I'm really sorry, that's a horrible thing to find. Please report the theft in the app under Fix within 24 hours, then file a police report and upload it within 5 days."),
    ("skill-buy-helmet", AC, 6,
     "Do you sell helmets, or only rent them? I want one of my own.",
     "Greta", "We rent helmets, but you can also buy one in the Brightwell online shop, where subscribers get 15% off with the code in the app under Perks."),
]

EVAL_GREETINGS = ["Hi,", "Hello,", "Hello Brightwell,", "Dear Brightwell Care,", "Hey,", "Good afternoon,", "Hi there,", None]


def wrap_eval(rng: random.Random, core: str, first, last, typo_rate: float = 0.15) -> str:
    greeting = rng.choice(EVAL_GREETINGS)
    if rng.random() < typo_rate:
        core = typo(rng, core)
    blocks = [b for b in (greeting, core) if b]
    sign = signoff(rng, first, last)
    if first is not None and not sign:
        sign = first
    if sign:
        blocks.append(sign)
    return "\n\n".join(blocks)


def build_eval(titles) -> list[dict]:
    rng = random.Random(EVAL_SEED)
    items = []
    for item_id, doc, sec, value, new, question, paraphrase, body in EVAL_KNOWLEDGE:
        first, last = pick_person(rng)
        name = first or "there"
        item = {
            "id": item_id,
            "kind": "knowledge",
            "question": wrap_eval(rng, question, first, last),
            "checks": [
                {"type": "regex", "pattern": FORMAT_PATTERN, "kind": "skill"},
                {"type": "regex", "pattern": "^Hi " + re.escape(name) + ",\n", "kind": "skill"},
                {"type": "fact", "value": value, "kind": "knowledge"},
            ],
            "reference": reply(first, body, doc, sec, titles),
            "paraphrase": wrap_eval(rng, paraphrase, first, last, typo_rate=0.0),
        }
        if new is not None:
            item["update"] = {"old": value, "new": new}
        items.append(item)
    for item_id, doc, sec, message, mode, body in EVAL_SKILL:
        if mode == "none":
            first, last = None, None
        elif mode == "random":
            first, last = pick_person(rng, noname_rate=0.2)
        else:
            first, last = mode, rng.choice(LAST_NAMES)
        name = first or "there"
        items.append({
            "id": item_id,
            "kind": "skill",
            "question": wrap_eval(rng, message, first, last),
            "checks": [
                {"type": "regex", "pattern": FORMAT_PATTERN, "kind": "skill"},
                {"type": "regex", "pattern": "^Hi " + re.escape(name) + ",\n", "kind": "skill"},
                {"type": "length", "max_words": 90, "kind": "skill"},
            ],
            "reference": reply(first, body, doc, sec, titles),
        })
    rng.shuffle(items)
    return items


def write_jsonl(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    titles = read_titles()
    train = build_train(titles)
    evals = build_eval(titles)
    write_jsonl(HERE / "train.jsonl", train)
    write_jsonl(HERE / "eval.jsonl", evals)
    print(f"wrote {len(train)} training examples and {len(evals)} evaluation items to {HERE}")


if __name__ == "__main__":
    main()
