#!/usr/bin/env python3
"""Write train.jsonl and eval.jsonl for the triage-json scenario pack.

Each example is one fictional customer message to Northwind Parcel and its triage record (see
docs/triage-guidelines.md and docs/categories.md for the rules the labels follow).

Messages are built from hand-written sentence fragments: for every situation (a late parcel, a
double charge, a jammed locker ...) there are pools of problem descriptions, details, consequences
and requests; around them come tone fragments (angry, polite, confused, terse, casual, warm), an
optional context sentence, an optional side issue, an escalation sentence that triggers one of the
guidelines' rules (perishable goods, medical supplies, a third missed delivery, a legal threat, a
request for a person), an order id in one of several places and spellings, a channel (email, web
form, app chat, app-store review) and the odd typo. The labels are computed from those choices
with the guidelines' rules, never typed by hand.

The training and evaluation sets come from two separate random streams and no message skeleton
(the sequence of fragments used) appears twice in the pack.

Run: python generate.py   (from any directory; standard library only, deterministic)
"""
from __future__ import annotations

import json
import random
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
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

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
DAY_COUNTS = ["three", "four", "five", "six", "eight", "ten", "3", "4", "5", "6", "9", "11"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
TIMES = ["10am", "half 8", "2pm", "1:30", "7:45", "about six", "11:20", "4.15pm",
         "quarter to nine", "midday"]
LOCKERS = ["Millbrook Station", "the Co-op on Fenwick Street", "Eastgate Shopping Centre",
           "Riverside Park & Ride", "Ashby Library", "St Anne's Square", "Kingsmead Leisure Centre",
           "the Spar on Cole Lane", "Harbourside car park", "Westbury Tesco"]
RETAILERS = ["Harbour & Pine", "Kettleby's", "Moss Lane Books", "PixelCraft", "Olive & Thyme",
             "Brightwell Home", "Tandem Cycles", "Fernhill Garden Co", "Loopy Yarns", "Copperkettle"]
DRIVERS = ["Tom", "Aisha", "Gary", "Bogdan", "Lewis", "Marta", "Kev", "Sunita", "Jonno", "Femi"]
AGENTS = ["Chloe", "Rahul", "Megan", "Oskar", "Jade", "Ibrahim"]
STREETS = ["Elm Grove", "Hatherley Road", "Orchard Close", "Canal Street", "Primrose Way",
           "Beacon Hill", "Station Road", "Quarry Lane", "Mill Bank", "Rosemary Gardens"]
HUBS = ["Carrow Park", "Eastfield", "Milton Cross", "Wrenbury"]

GENERAL_ITEMS = ["trainers", "new laptop", "winter coat", "book order", "phone case", "curtains",
                 "printer ink", "kids' school shoes", "board game", "headphones", "gym mat",
                 "vinyl records", "bedding set", "camera lens", "football boots", "dog bed",
                 "replacement charger", "sewing machine", "birthday present", "work uniform"]
FRAGILE_ITEMS = ["table lamp", "wall mirror", "set of wine glasses", "ceramic vase", "computer monitor",
                 "picture frame", "coffee machine", "acoustic guitar", "dinner set",
                 "glass shelf", "handmade mug set", "TV", "aquarium", "record player"]
PERISHABLE_ITEMS = ["meal kit", "frozen dumplings", "fresh flowers", "cheese hamper",
                    "birthday cake", "raw dog food", "fresh fish order", "chocolates", "veg box",
                    "frozen ready meals", "live plants", "ice cream order"]
MEDICAL_ITEMS = ["insulin", "prescription medication", "diabetes test strips", "asthma inhalers",
                 "epilepsy medication", "heart medication", "wound dressings", "dialysis supplies",
                 "EpiPens", "stoma supplies", "blood thinners"]
ITEM_POOLS = {"general": GENERAL_ITEMS, "fragile": FRAGILE_ITEMS,
              "perishable": PERISHABLE_ITEMS, "medical": MEDICAL_ITEMS}


def fill_values(rng: random.Random, item_pool: str) -> dict:
    low = rng.randint(3, 18)
    return {
        "day": rng.choice(DAYS),
        "days": rng.choice(DAY_COUNTS),
        "month": rng.choice(MONTHS),
        "time": rng.choice(TIMES),
        "locker": rng.choice(LOCKERS),
        "retailer": rng.choice(RETAILERS),
        "name": rng.choice(DRIVERS),
        "agent": rng.choice(AGENTS),
        "street": rng.choice(STREETS),
        "hub": rng.choice(HUBS),
        "housenum": str(rng.randint(2, 140)),
        "amount": f"£{low}.{rng.choice(['49', '99', '50', '20', '75', '00'])}",
        "amount2": f"£{low + rng.randint(4, 30)}.{rng.choice(['49', '99', '50', '10'])}",
        "bigamount": f"£{rng.choice([85, 120, 149, 230, 310, 450, 60])}",
        "tracking": " ".join(f"{rng.randint(0, 9999):04d}" for _ in range(3)),
        "retailer_ref": str(rng.randint(10_000_000, 99_999_999)),
        "item": rng.choice(ITEM_POOLS[item_pool]),
    }


# --------------------------------------------------------------------------------------------
# Situations: what the message is about, its base labels and its own fragment pools.
# A problem entry may be (text, summary) when the summary must follow that exact text.
# --------------------------------------------------------------------------------------------

PROBLEM_TONES = {"angry": 3.0, "polite": 3.0, "confused": 1.5, "terse": 1.5, "casual": 1.5}
QUESTION_TONES = {"polite": 3.0, "confused": 1.5, "terse": 1.5, "casual": 2.0}
WARM_TONES = {"warm": 1.0}


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
    tones: dict = None
    counts: tuple = ()       # "second time" sentences (missed deliveries)
    parcel: bool = True      # the message is about a parcel (order ids, tracking numbers, context)
    review: bool = False     # may arrive as an app-store review
    oid_rate: float = 0.72
    weight: int = 1          # how often it comes round in the plan
    esc_boost: float = 1.0   # multiplies the escalation rate
    esc_weights: dict = None  # overrides ESCALATOR_WEIGHTS for this situation
    extras: bool = True      # context sentences and side issues make sense

    def __post_init__(self):
        if self.tones is None:
            self.tones = PROBLEM_TONES


S = Situation
SITUATIONS: list[Situation] = [
    # ---------------------------------------------------------------- delivery
    S("delivery-late", "delivery", "normal", False,
      problems=[
          "My parcel still hasn't arrived and it was due on {day}.",
          "I'm still waiting for my {item}, which should have been delivered {days} days ago.",
          "The order from {retailer} was sent Next Day but it's now been {days} days.",
          "My delivery is running late.",
          "I paid extra for Next Day delivery and {days} days later there's nothing.",
          "Where is my parcel? It was meant to be here on {day}.",
          "My {item} from {retailer} should have come on {day} and there is still no sign of the parcel.",
          "My tracking said 'out for delivery' on {day} and then nothing ever came.",
          "I was told my parcel would arrive within two working days, and that was well over a week ago.",
      ],
      details=[
          "The app just says 'in transit' and gives no new date.",
          "{retailer} say it left their warehouse on time, so the hold-up is on your side.",
          "I've asked my neighbours and nobody has taken anything in for me.",
          "I stayed in all day on {day} and nobody came.",
          "The estimated delivery date has moved three times now.",
          "The live map showed the van two streets away and then the delivery vanished from the app.",
          "Your chatbot just told me to wait another 24 hours, which I've now done twice.",
          "Other parcels from the same week have turned up fine.",
      ],
      consequences=[
          "I took a day off work to be here for it.",
          "It's a present and the birthday is on {day}.",
          "I need it for work next week.",
          "I've ended up buying a replacement in town.",
          "I've been stuck in the house waiting for it for days.",
          "I can't go on holiday until it's here.",
      ],
      requests=[
          "Can you tell me where it actually is?",
          "Please give me a realistic delivery date.",
          "Could you check what's going on and let me know?",
          "I'd like it delivered tomorrow at the latest.",
          "If it can't be found, please tell me so I can ask {retailer} for a refund.",
          "Please look into it.",
          "When will it actually arrive?",
      ],
      summaries=[
          "Parcel has not arrived by the promised date; customer asks where it is.",
          "Late delivery; customer wants to know where the parcel is and when it will come.",
          "Overdue parcel; customer asks for an update and a realistic delivery date.",
      ],
      escalators=("perishable", "medical", "legal", "human"), review=True),

    S("delivery-missed", "delivery", "normal", False,
      problems=[
          "Your driver left a 'sorry we missed you' card but I was at home the whole time.",
          "The app says you tried to deliver my parcel at {time} but nobody knocked or rang the bell.",
          "The delivery was marked as a failed attempt even though I was sitting right by the front door.",
          "I got a notification saying 'recipient not available' but I was in all day.",
          "Nobody rang the doorbell, the driver just pushed a card through the letterbox and drove off.",
          "According to tracking there was a delivery attempt at {time}, which simply isn't true.",
          "The app says delivery failed today, but nobody came to my door.",
      ],
      details=[
          "My doorbell camera shows nobody came to the door at {time}.",
          "The doorbell works and I was in the front room with the window open.",
          "There's a note on the door asking drivers to knock loudly.",
          "The card says I can collect it from the {hub} depot, which is a 40-minute drive away.",
          "My delivery instructions say to leave it with the neighbour at number {housenum}.",
          "My neighbour saw the van drive straight past without stopping.",
          "I even have the Evening Window slot booked so that I'd be home.",
      ],
      consequences=[
          "I work from home specifically so that I can take in parcels like this.",
          "I don't have a car, so I can't get to the depot.",
          "Now I have to wait in again tomorrow.",
          "I had to rearrange my whole day around this delivery.",
          "I cancelled a hospital visit to my dad to be in for it.",
      ],
      requests=[
          "Please redeliver it tomorrow and make sure the driver actually knocks.",
          "Can you book a redelivery for {day}?",
          "Can you send it to the locker at {locker} instead?",
          "I'd like it redelivered, and please pass this on to whoever manages the drivers.",
          "When will you try again?",
          "Please arrange another delivery.",
      ],
      summaries=[
          "Delivery marked as missed although customer was home; asks for redelivery.",
          "False failed-delivery attempt reported; customer wants the parcel redelivered.",
          "Driver left a missed-delivery card without knocking; customer requests a new attempt.",
      ],
      counts=(
          "This is the second time this has happened with this parcel.",
          "It's the second failed attempt this week.",
          "Exactly the same thing happened yesterday.",
          "That's two 'attempts' now and I was home for both.",
      ),
      escalators=("perishable", "medical", "third", "legal", "human"), review=True,
      weight=4, esc_boost=1.8, esc_weights={"third": 6.0}),

    S("delivery-not-received", "delivery", "normal", True,
      problems=[
          "The app says my parcel was delivered on {day}, but I never received it.",
          "Tracking shows 'delivered, left in safe place' but there's nothing here.",
          "I got a delivery confirmation at {time} but no parcel.",
          "My order from {retailer} is marked as delivered and I don't have it.",
          "Your system says 'handed to resident'. Nobody here received anything.",
          "I've been told the parcel with my {item} was delivered yesterday. It wasn't.",
      ],
      details=[
          "The delivery photo shows a front door that isn't mine.",
          "There's no delivery photo at all on the tracking page.",
          "I've checked the bins, the shed, behind the plant pots and with both neighbours.",
          "The photo is just a blurry picture of some pavement.",
          "Nobody else lives here and I was home all afternoon.",
          "The GPS pin for the delivery is on a street on the other side of town.",
          "We don't even have a safe place set up.",
      ],
      consequences=[
          "It was worth over {bigamount}.",
          "{retailer} won't send a replacement until you confirm it's lost.",
          "It was a gift and now I have nothing to give.",
          "I'm worried someone has taken it from my doorstep.",
          "A parcel went missing like this last year too.",
      ],
      requests=[
          "Please investigate and tell me where it really went.",
          "Can you ask the driver where exactly it was left?",
          "I need you to open a lost parcel investigation.",
          "Please confirm it's lost so I can get a refund from {retailer}.",
          "I'd like to know what you're going to do about it.",
      ],
      summaries=[
          "Parcel marked delivered but not received; customer asks for an investigation.",
          "Tracking shows delivered yet nothing arrived; customer wants the parcel traced.",
          "Delivery confirmation without a parcel; customer requests a lost-parcel check.",
      ],
      escalators=("medical", "legal", "human")),

    S("delivery-wrong-address", "delivery", "normal", True,
      problems=[
          "My parcel was delivered to the wrong address.",
          "The driver left my parcel at number {housenum} instead of at my house.",
          "Your delivery photo shows my parcel on a doorstep I don't recognise.",
          "My parcel went to {street} instead of my road.",
          "Tracking says my parcel was left with a neighbour, but none of my neighbours have it.",
          "Apparently the parcel with my {item} went to someone in the next village.",
      ],
      details=[
          "The address on the order is definitely right, I've checked it twice.",
          "I knocked on a few doors along the street but had no luck.",
          "The house in the photo has a red door and mine is white.",
          "The people at that address say they've never seen it.",
          "The delivery note names a neighbour I've never heard of.",
          "The postcode on the label is correct, I've seen the confirmation email.",
      ],
      consequences=[
          "I have no idea who has it now.",
          "It's the second parcel to go astray like this.",
          "It was a present for my partner.",
          "It cost me {bigamount}.",
      ],
      requests=[
          "Please get it back and deliver it to the right address.",
          "Could the driver go back and collect it?",
          "Please find out where it went.",
          "I'd like either my parcel or confirmation that it's lost.",
      ],
      summaries=[
          "Parcel delivered to the wrong address; customer wants it recovered.",
          "Parcel left at an unknown address; customer asks for it to be retrieved.",
      ],
      escalators=("perishable", "medical", "legal", "human")),

    S("delivery-tracking", "delivery", "normal", False,
      problems=[
          "My tracking hasn't updated in {days} days.",
          "My parcel has been stuck at 'arrived at hub' since {day}.",
          "Tracking has said 'label created' and nothing else for over a week.",
          "The tracking page for my order just shows an error.",
          "My parcel seems to be going in circles, it's been scanned at the same depot twice.",
          "The tracking status keeps switching between 'in transit' and 'delayed'.",
      ],
      details=[
          "The last scan was at the {hub} hub.",
          "There's no estimated delivery date any more.",
          "{retailer} say it's out of their hands now.",
          "I've refreshed the page a dozen times.",
          "The app and the website show two different statuses.",
          "It's only going about 30 miles, so it really shouldn't take this long.",
      ],
      consequences=[
          "I just want to know it's not lost.",
          "I can't plan my week around it.",
          "I'm away from {day} and need to know whether to wait in.",
      ],
      requests=[
          "Can you tell me if it's actually moving?",
          "Is it lost?",
          "Please update me with a real status.",
          "When can I expect it?",
          "Could someone check where it physically is?",
      ],
      summaries=[
          "Tracking has not updated for days; customer asks whether the parcel is moving.",
          "Parcel stuck at one tracking status; customer wants a real update.",
      ],
      escalators=("perishable", "medical", "legal", "human"), review=True),

    S("delivery-change", "delivery", "normal", False,
      problems=[
          "I need to change the delivery address for a parcel that's already on its way.",
          "Could you hold my parcel until {day}? I'm away until then.",
          "I'd like to move my delivery to {day}.",
          "Can my parcel be left in the back porch instead of at the front door?",
          "I'm out on {day}, can you deliver to my work address on {street} instead?",
          "I want to redirect my parcel to the locker at {locker}.",
      ],
      details=[
          "The app won't let me change it, the button is greyed out.",
          "I tried doing it online but it says the parcel is 'too far in its journey'.",
          "It's an order from {retailer}.",
          "I only found out today that I'll be away.",
          "I'm flying out early tomorrow morning.",
          "It's too big to go through the letterbox.",
      ],
      consequences=[],
      requests=[
          "Please confirm the change.",
          "Let me know if that's possible.",
          "Can you update it for me?",
          "Please make sure the driver sees the note.",
      ],
      summaries=[
          "Customer asks to change the delivery details of a parcel in transit.",
          "Request to reroute or reschedule an incoming parcel.",
      ],
      escalators=("human",)),

    S("delivery-driver", "delivery", "normal", True,
      problems=[
          "Your driver threw my parcel over the garden gate.",
          "The driver was incredibly rude to my elderly father when he asked him to wait a moment.",
          "I watched your driver on my doorbell camera kick my parcel towards the door.",
          "Your driver drove over my front lawn and left tyre marks all over it.",
          "The driver shouted at my teenage daughter because she took too long to open the door.",
          "Your driver tossed my parcel onto the porch roof.",
      ],
      details=[
          "Luckily nothing was broken, but that's not the point.",
          "I have the video if you want it.",
          "It happened at about {time} on {day}.",
          "My neighbour saw the whole thing.",
          "He didn't even bother to ring the bell first.",
          "The van was going far too fast for a residential street as well.",
      ],
      consequences=[
          "My father was really shaken by it.",
          "I don't feel comfortable having your drivers come to my house now.",
          "Nobody should have to put up with that on their own doorstep.",
      ],
      requests=[
          "I want this reported to his manager.",
          "I expect an apology.",
          "Please make sure this driver doesn't deliver to my street again.",
          "What are you going to do about it?",
      ],
      summaries=[
          "Complaint about a driver's behaviour during delivery; customer wants it addressed.",
          "Customer reports a driver mishandling a parcel and behaving badly.",
      ],
      escalators=("legal", "human"), tones={"angry": 1.0}),

    S("delivery-question", "delivery", "low", False,
      problems=[
          ("Do you deliver on Sundays?", "Question about Sunday deliveries."),
          ("What time do your drivers usually finish in the evening?", "Question about latest delivery times."),
          ("Can I choose the Evening Window slot in the app for every delivery?", "Question about booking evening delivery slots."),
          ("Do you deliver to the Scottish islands?", "Question about delivery to remote islands."),
          ("How does the Safe Place option work exactly?", "Question about how the Safe Place option works."),
          ("If I'm not in, will the driver try again the next day?", "Question about redelivery after a missed attempt."),
          ("Is there a way to get a text when the driver is close?", "Question about driver-nearby notifications."),
          ("What's the actual difference between Standard and Next Day?", "Question about Standard versus Next Day delivery."),
      ],
      details=[
          "I'm expecting a few parcels over the next couple of weeks.",
          "I'm new to Northwind.",
          "I work shifts, so daytime deliveries are tricky.",
          "I couldn't find the answer in your FAQ.",
          "A friend recommended you.",
      ],
      consequences=[],
      requests=["Could you let me know?", "Just wondering.", "Any info appreciated.",
                "Could you point me in the right direction?", "Thanks for any help."],
      summaries=["General question about delivery options."],
      tones=QUESTION_TONES, parcel=False, oid_rate=0.05),

    # ---------------------------------------------------------------- damage
    S("damage-broken", "damage", "normal", True,
      problems=[
          "My {item} arrived smashed.",
          "I opened the box and the {item} was in pieces.",
          "The {item} arrived with a huge crack right across it.",
          "The parcel rattled when I picked it up, and sure enough the {item} inside is broken.",
          "The {item} I ordered from {retailer} arrived damaged.",
          "The box looked fine but the {item} inside came out bent and scratched.",
          "My {item} came with a big dent in the side.",
      ],
      details=[
          "The outer box has a big hole in one corner.",
          "It looks like something heavy was put on top of it.",
          "I've taken photos of the box and the contents.",
          "{retailer} packed it really well, so this must have happened in transit.",
          "The box had 'FRAGILE' stickers on every side.",
          "There's a muddy footprint on the top of the box.",
          "The driver handed it over without saying anything.",
      ],
      consequences=[
          "It cost {bigamount}.",
          "It was a wedding present.",
          "I've kept all the packaging.",
          "I can't use it at all.",
          "It was a one-off piece and can't be replaced.",
      ],
      requests=[
          "How do I make a damage claim?",
          "I'd like compensation for the damaged item.",
          "Please tell me what you need from me to sort this out.",
          "I want a replacement or my money back.",
          "Can someone collect it and assess it?",
      ],
      summaries=[
          "Item arrived broken; customer wants to claim compensation.",
          "Contents damaged in transit; customer asks how to make a claim.",
          "Parcel delivered with broken contents; customer wants a replacement or refund.",
      ],
      items="fragile", escalators=("legal", "human")),

    S("damage-crushed", "damage", "normal", True,
      problems=[
          "The box my {item} came in was completely crushed.",
          "My parcel arrived squashed flat on one side.",
          "My parcel was torn open when it arrived and held together with your tape.",
          "My parcel turned up ripped open, and I'm not sure everything is still inside.",
          "The box was dented so badly that I could see the {item} through the side.",
          "The parcel looks like it's been run over.",
      ],
      details=[
          "I haven't opened it yet because I wanted to report it first.",
          "The driver didn't mention it when he handed it over.",
          "I signed for it but wrote 'damaged' on the screen.",
          "One corner is split right open.",
          "The tape on it says 'Northwind - resealed at hub'.",
          "I've taken pictures from every angle.",
      ],
      consequences=[
          "I'm worried about the {item} inside.",
          "It's a gift, so it needs to look right.",
          "I don't know if I should even open it.",
      ],
      requests=[
          "Please log a damage report.",
          "What should I do next?",
          "I'd like this recorded in case the contents turn out to be damaged.",
          "I want compensation for this.",
      ],
      summaries=[
          "Parcel arrived crushed or torn open; customer reports damage and possible missing contents.",
          "Badly damaged packaging on arrival; customer wants a damage report logged.",
      ],
      escalators=("medical", "legal", "human")),

    S("damage-wet", "damage", "normal", True,
      problems=[
          "My parcel was left outside in the rain and everything inside is soaked.",
          "The driver left the box on the doorstep during a storm and it's ruined.",
          "My {item} arrived wet through, the cardboard was falling apart.",
          "My parcel was left in a puddle by the bins and water got into the {item}.",
          "The box was soaking wet when I found it.",
      ],
      details=[
          "My safe place is the porch, which has a roof, but it was left on the open step.",
          "There was a weather warning all day.",
          "Everything smells musty now.",
          "The delivery photo shows it sitting out in the open.",
          "The water has gone right through to the contents.",
      ],
      consequences=[
          "It's unusable now.",
          "It cost {bigamount} and I can't return it to {retailer} like this.",
          "I'd been waiting two weeks for it.",
      ],
      requests=[
          "I'd like compensation.",
          "How do I claim for this?",
          "Please tell me what happens next.",
          "I want a refund for the damaged goods.",
      ],
      summaries=[
          "Parcel left in the rain and contents water-damaged; customer wants compensation.",
          "Soaked parcel with ruined contents; customer asks how to claim.",
      ],
      escalators=("medical", "legal", "human")),

    S("damage-spoiled", "damage", "high", True,
      problems=[
          "My {item} arrived completely spoiled.",
          "The {item} came two days late and it's all gone off.",
          "The cool box with my {item} arrived warm, the ice packs had all melted.",
          "My {item} must have been left in a hot van, because it's all ruined.",
          "The {item} arrived ruined after sitting at your depot for days.",
          "By the time the {item} reached me it was warm and smelled off.",
          "My {item} was left on the doorstep in the sun all afternoon and it's spoiled.",
      ],
      details=[
          "It smelled awful when I opened the box.",
          "The ice packs were just bags of warm water.",
          "The box says 'PERISHABLE - DELIVER SAME DAY' in big letters.",
          "It was meant for a party on {day}.",
          "Tracking shows it sat at the {hub} hub over the weekend.",
          "It was supposed to be a next-day chilled delivery.",
          "{retailer} have told me to claim from you.",
      ],
      consequences=[
          "I've had to bin the lot.",
          "It cost {bigamount}.",
          "Now I have nothing for the party.",
      ],
      requests=[
          "I want a refund for the spoiled order.",
          "Please tell me how to claim.",
          "I expect compensation.",
          "What are you going to do about this?",
      ],
      summaries=[
          "Perishable order arrived spoiled after a delay; customer wants compensation.",
          "Perishable goods ruined in transit; customer asks for a refund.",
      ],
      items="perishable", escalators=("legal", "human")),

    S("damage-hazard", "damage", "high", True,
      problems=[
          "A parcel you delivered is leaking a strong-smelling liquid all over my hallway.",
          "The box arrived with broken glass sticking out of the side and my son cut his hand on it.",
          "My parcel is leaking something that smells like bleach and it's making my eyes sting.",
          "The parcel was hot and smoking slightly when I picked it up, I think a battery inside has overheated.",
          "There's a chemical smell coming from the parcel and a stain spreading across the box.",
          "The parcel you left this morning has a white powder leaking from one corner.",
          "The box is bulging and warm, and there's a burning smell coming from it.",
      ],
      details=[
          "I've put it outside in the garden.",
          "I don't know what's inside, I wasn't expecting anything.",
          "I have two young kids and a dog in the house.",
          "I've opened all the windows.",
          "The driver left it right by the front door.",
          "There's no hazard label on the box at all.",
          "My neighbour says her parcel from the same van smells too.",
      ],
      consequences=[
          "I'm scared to touch it again.",
          "My son needed a plaster and a lot of reassurance.",
      ],
      requests=[
          "What should I do with it?",
          "Please send someone to collect it safely.",
          "Please tell me who I should contact.",
          "I need advice right now.",
      ],
      summaries=[
          "Delivered parcel is leaking or dangerous; customer needs safety advice and a collection.",
          "Hazardous parcel delivered; customer asks what to do and wants it removed.",
      ],
      escalators=("legal", "human"),
      tones={"angry": 2.0, "polite": 2.0, "confused": 1.5, "terse": 1.0}),

    S("damage-question", "damage", "low", False,
      problems=[
          ("How much are parcels insured for if they get damaged?", "Question about insurance cover for damaged parcels."),
          ("What's the deadline for reporting damage after a delivery?", "Question about the time limit for reporting damage."),
          ("Do I need to keep the packaging if I make a damage claim later?", "Question about what a damage claim needs."),
          ("Does the Careful Handling add-on actually cover breakage?", "Question about whether Careful Handling covers breakage."),
          ("Can I refuse a parcel at the door if the box looks damaged?", "Question about refusing a visibly damaged parcel."),
      ],
      details=[
          "I'm about to send some glassware to my sister.",
          "I've got an expensive delivery coming next week.",
          "I couldn't find it on your website.",
          "Nothing has happened yet, I just like to know in advance.",
      ],
      consequences=[],
      requests=["Could you let me know?", "Thanks for any help.", "Just want to be sure.",
                "Any info appreciated."],
      summaries=["Question about damage cover."],
      tones=QUESTION_TONES, parcel=False, oid_rate=0.05),

    # ---------------------------------------------------------------- billing
    S("billing-double", "billing", "normal", True,
      problems=[
          "I've been charged twice for the same delivery.",
          "My card statement shows two payments of {amount} to Northwind Parcel for one parcel.",
          "You took {amount} from my account twice on {day}.",
          "I booked one collection and paid once, but the money has gone out twice.",
          "There's a duplicate charge on my business account invoice.",
      ],
      details=[
          "Both payments have the same reference.",
          "I only pressed 'pay' once.",
          "The app froze during payment, maybe that's why?",
          "My bank says both payments have gone through, they're not pending.",
          "I've got a screenshot of my statement if you need it.",
      ],
      consequences=[
          "That money was meant for my rent.",
          "I'm a student and {amount} matters to me.",
          "It's pushed me into my overdraft.",
      ],
      requests=[
          "Please refund the second payment.",
          "I want the duplicate charge reversed.",
          "Can you confirm when I'll get my money back?",
          "Please sort out the refund.",
      ],
      summaries=[
          "Customer charged twice for one delivery; asks for the duplicate to be refunded.",
          "Duplicate payment taken; customer wants the second charge refunded.",
      ],
      escalators=("legal", "human"), parcel=False, oid_rate=0.65),

    S("billing-overcharge", "billing", "normal", True,
      problems=[
          "I was quoted {amount} at checkout but charged {amount2}.",
          "There's a 'remote area surcharge' on my bill that nobody told me about.",
          "You charged me for Next Day delivery but I chose Standard.",
          "My parcel was charged as 'large' but it's the size of a shoebox.",
          "I've been charged {amount} for a redelivery, and I was home the first time.",
          "My monthly business invoice has {amount2} of charges I don't understand.",
      ],
      details=[
          "I've checked my booking and everything is correct on my side.",
          "Your price list doesn't mention this anywhere.",
          "I've got the confirmation email with the original price.",
          "Nobody mentioned any extra fees when I booked.",
          "It's happened on two invoices in a row now.",
      ],
      consequences=[
          "It's not a huge amount but it's the principle.",
          "For a small business like mine these add up.",
          "I'd never have booked it at that price.",
      ],
      requests=[
          "Please refund the difference.",
          "Can you explain the charge?",
          "I want the surcharge taken off.",
          "Please correct the bill.",
      ],
      summaries=[
          "Customer charged more than expected; disputes the extra charge.",
          "Disputed surcharge or price difference; customer wants it refunded.",
      ],
      escalators=("legal", "human"), parcel=False, oid_rate=0.7),

    S("billing-return-fee", "billing", "normal", True,
      problems=[
          "I was charged {amount} for a return that {retailer} said would be free.",
          "Why did you take {amount} from my card when I dropped off my return?",
          "Your returns service charged me even though I used the prepaid QR code from {retailer}.",
          "I've been billed {amount} for sending back my {item}, which was meant to be a free return.",
          "There's a {amount} 'returns handling fee' on my card that I didn't agree to.",
      ],
      details=[
          "{retailer}'s website says returns are free of charge.",
          "The QR code was in the email from {retailer}.",
          "I dropped it at the locker at {locker}.",
          "Nobody asked me to pay anything at the drop-off.",
          "I've done returns through you before and never paid a penny.",
          "The charge came through two days after the drop-off.",
      ],
      consequences=[
          "I wouldn't have returned it if I'd known.",
          "I've already been out of pocket on this order.",
      ],
      requests=[
          "Please refund the fee.",
          "Can you take the charge off?",
          "Please explain why I was charged.",
          "I'd like the {amount} back, please.",
      ],
      summaries=[
          "Customer charged a fee for a return expected to be free; wants it refunded.",
          "Disputed charge for a free return; customer asks for a refund.",
      ],
      escalators=("legal", "human"), oid_rate=0.7),

    S("billing-plus", "billing", "normal", True,
      problems=[
          "My Northwind Plus subscription renewed for another year without any reminder.",
          "I cancelled Northwind Plus in {month} but you're still charging me £4.99 a month.",
          "I never meant to sign up to Northwind Plus, I must have ticked a box by accident, but I'm paying for it.",
          "You've taken £49 for Northwind Plus when I switched it off months ago.",
          "I'm still being billed for Northwind Plus after cancelling it in the app.",
          "My free trial of Northwind Plus turned into a paid plan without any warning.",
      ],
      details=[
          "I haven't used any of the Plus benefits.",
          "There was no reminder email at all.",
          "I can't find any way to cancel it in the app.",
          "I only noticed when I checked my bank statement.",
      ],
      consequences=[
          "Money is tight at the moment.",
          "I'd rather not pay for something I don't use.",
      ],
      requests=[
          "Please cancel it and refund me.",
          "I want the money back.",
          "Please stop the payments and refund what I've paid since {month}.",
          "Cancel the subscription and give me my money back.",
      ],
      summaries=[
          "Unwanted Northwind Plus charge; customer wants it cancelled and refunded.",
          "Northwind Plus renewed or charged after cancellation; customer asks for a refund.",
      ],
      escalators=("legal", "human"), parcel=False, oid_rate=0.1),

    S("billing-invoice", "billing", "normal", False,
      problems=[
          "I need a VAT invoice for my last three shipments.",
          "Could you send me a copy of my {month} invoice? I can't find it in the app.",
          "My invoices still show my old company name.",
          "The invoice PDF won't download from the business portal.",
          "I need an invoice with my company's VAT number on it for my accountant.",
      ],
      details=[
          "The download button just gives me an error.",
          "We changed our company name in {month}.",
          "My accountant needs it by the end of the month.",
          "I've checked the 'Documents' tab and it's empty.",
      ],
      consequences=[],
      requests=[
          "Please email it to me.",
          "Can you correct it and resend it?",
          "Could you send it over?",
          "Let me know where I can get it.",
      ],
      summaries=[
          "Customer needs a copy or corrected invoice.",
          "Invoice request: customer needs a copy or corrected details.",
      ],
      escalators=("human",), parcel=False, oid_rate=0.3),

    S("billing-payment-failed", "billing", "normal", False,
      problems=[
          "My card keeps getting declined when I try to pay for a label.",
          "Apple Pay fails every time at your checkout.",
          "Your payment page just spins and never finishes.",
          "I can't add a new card to my account, it says 'payment method invalid'.",
          "Every time I try to pay for my collection booking it says 'transaction could not be completed'.",
          "The checkout takes my money and then says the payment failed.",
      ],
      details=[
          "The card works fine everywhere else.",
          "I've tried three different cards.",
          "I've tried the app and the website.",
          "My bank says they haven't blocked anything.",
          "It worked fine last month with the same card.",
          "I get an error code, P-402, and nothing else.",
      ],
      consequences=[
          "I need to send this parcel today.",
          "I can't book my collection until it's paid.",
      ],
      requests=[
          "How can I pay?",
          "Is there another way to pay?",
          "Please fix the payment page.",
          "Can you help me get this paid?",
      ],
      summaries=[
          "Customer cannot complete a payment; asks for help paying.",
          "Payment keeps failing at checkout; customer asks for another way to pay.",
      ],
      escalators=("human",), parcel=False, oid_rate=0.15, review=True),

    S("billing-fraud", "billing", "high", True,
      problems=[
          "There are three charges from Northwind Parcel on my card that I didn't make.",
          "Someone has been using my saved card on your website to buy postage labels.",
          "I've got {amount2} of Northwind charges on my statement and I haven't sent anything in months.",
          "My bank flagged a suspicious payment to Northwind Parcel this morning that wasn't me.",
          "Someone has bought a stack of Next Day labels on my account with my card.",
          "I've just had five payment notifications from Northwind in a row and none of them were me.",
      ],
      details=[
          "I've already frozen my card.",
          "The labels were sent to addresses I don't know.",
          "None of those shipments are mine.",
          "They were all made in the middle of the night.",
          "I've never sent a parcel to Scotland in my life.",
          "My bank has opened a fraud case.",
      ],
      consequences=[
          "I'm really worried about what else they have access to.",
          "My bank told me to contact you straight away.",
      ],
      requests=[
          "Please stop any further charges.",
          "I need to know who made these.",
          "Please refund these and block my card on your system.",
      ],
      summaries=[
          "Customer reports unauthorised charges on their card; possible fraud.",
          "Suspected fraudulent Northwind charges; customer wants them stopped and refunded.",
      ],
      escalators=("legal", "human"), parcel=False, oid_rate=0.05,
      tones={"angry": 2.0, "polite": 2.0, "confused": 1.5, "terse": 1.0}),

    S("billing-question", "billing", "low", False,
      problems=[
          ("Do your prices include VAT?", "Question about whether prices include VAT."),
          ("Can I pay for labels with PayPal?", "Question about accepted payment methods."),
          ("How does monthly invoicing work on a business account?", "Question about monthly invoicing for business accounts."),
          ("Is Northwind Plus worth it if I only get a couple of parcels a month?", "Question about whether Northwind Plus is worth it."),
          ("On what day of the month is the Northwind Plus fee taken?", "Question about when the Northwind Plus fee is charged."),
      ],
      details=[
          "I'm thinking of switching from another courier.",
          "I'm comparing a few couriers.",
          "I just want to budget properly.",
          "The pricing page wasn't clear to me.",
      ],
      consequences=[],
      requests=["Could you let me know?", "Thanks for any help.", "Just curious.",
                "Any info appreciated."],
      summaries=["Question about prices or payments."],
      tones=QUESTION_TONES, parcel=False, oid_rate=0.0),

    # ---------------------------------------------------------------- account
    S("account-login", "account", "normal", False,
      problems=[
          "I can't log in to my Northwind account.",
          "The password reset email never arrives.",
          "The app says 'account not found' but I've used it for years.",
          "Every time I log in it asks for a verification code that never comes.",
          "I'm locked out of my account after too many attempts.",
      ],
      details=[
          "I've checked my spam folder.",
          "I've reinstalled the app twice.",
          "My email address hasn't changed.",
          "It worked fine last week.",
          "The code is supposed to come by text but my phone gets nothing.",
      ],
      consequences=[
          "I can't see where my parcels are.",
          "I can't get my locker code without logging in.",
          "I need to book a collection this week.",
      ],
      requests=[
          "Can you help me get back in?",
          "Please reset my account.",
          "What should I do?",
          "Please send the reset link again.",
      ],
      summaries=[
          "Customer cannot log in to their account; asks for access.",
          "Login or password reset not working; customer is locked out.",
      ],
      escalators=("human",), parcel=False, oid_rate=0.1, review=True),

    S("account-app", "account", "normal", False,
      problems=[
          "The Northwind app crashes every time I open the tracking page.",
          "Since the last update the app won't load past the splash screen.",
          "The live driver map in the app is just a blank grey box.",
          "The app keeps logging me out.",
          "App notifications stopped working after the update.",
          "The app still shows parcels from last year as 'in transit'.",
      ],
      details=[
          "I'm on the latest version.",
          "I've cleared the cache and reinstalled it.",
          "It's the same on my phone and my tablet.",
          "My partner has the same problem on her phone.",
          "Everything else on my phone works fine.",
      ],
      consequences=[
          "I rely on the app to know when to be home.",
          "I've missed a delivery because of it.",
          "I have to use the website instead for now.",
      ],
      requests=[
          "Please fix it.",
          "Is there a fix coming?",
          "What can I do to get it working again?",
          "Is this a known problem?",
      ],
      summaries=[
          "Customer reports the Northwind app malfunctioning.",
          "App fault after update; customer asks for a fix.",
      ],
      escalators=("human",), parcel=False, oid_rate=0.08, review=True),

    S("account-details", "account", "normal", False,
      problems=[
          "I need to change the email address on my account.",
          "I've moved house and the app won't let me update my address.",
          "My phone number on the account is wrong and I can't edit it.",
          "I'd like to merge my two Northwind accounts.",
          "I got married and need to change my surname on my account.",
      ],
      details=[
          "The edit button doesn't do anything.",
          "It says 'this field can't be changed'.",
          "I no longer have access to the old email address.",
          "I've tried on the website as well.",
      ],
      consequences=[
          "My delivery texts are going to my old number.",
          "Parcels keep trying to go to my old address.",
      ],
      requests=[
          "Can you change it for me?",
          "Please update my details.",
          "How do I do this?",
          "What do you need from me to update it?",
      ],
      summaries=[
          "Customer wants to update account details but cannot.",
          "Request to change personal details on the account.",
      ],
      escalators=("human",), parcel=False, oid_rate=0.05),

    S("account-privacy", "account", "normal", True,
      problems=[
          "Please delete my Northwind account and all the data you hold on me.",
          "I'd like a copy of all the personal data you have about me.",
          "Why does your app need my location all the time? I want that data deleted.",
          "I'm making a subject access request for my delivery history and delivery photos.",
          "I want you to erase my address, phone number and delivery photos from your systems.",
          "Please tell me what personal information you hold on me and who you share it with.",
      ],
      details=[
          "I haven't used the account in over a year.",
          "I've already deleted the app.",
          "I'm entitled to this under data protection law.",
          "I've asked once before and heard nothing.",
          "I'm moving to another courier anyway.",
      ],
      consequences=["I'm not comfortable with how much you store."],
      requests=[
          "Please confirm when it's done.",
          "Please send it to my registered email address.",
          "Let me know what you need from me.",
      ],
      summaries=[
          "Customer makes a personal data request (deletion or a copy of their data).",
          "Personal data request from the customer about their account.",
      ],
      escalators=("legal", "human"), parcel=False, oid_rate=0.0),

    S("account-hacked", "account", "high", True,
      problems=[
          "Someone has logged into my Northwind account and changed the delivery address.",
          "I got an email saying my password was changed, but I didn't change it.",
          "Parcels are being redirected from my account to an address I don't know.",
          "My account was accessed from another country last night.",
          "My saved address has been changed to one in another city and I can't log in any more.",
          "Someone is using my Northwind account to book collections I never made.",
      ],
      details=[
          "I've changed my email password already.",
          "There's a new phone number on the account that isn't mine.",
          "Two of my parcels now show a different delivery address.",
          "I got a login alert at 3am.",
          "The account email was changed too, so the reset link goes to them.",
          "My locker codes are now being sent to a number I don't recognise.",
      ],
      consequences=[
          "My card details are saved on there.",
          "I've got a parcel worth {bigamount} due this week.",
      ],
      requests=[
          "Please lock my account now.",
          "Please stop any parcels being redirected.",
          "How do I get my account back?",
      ],
      summaries=[
          "Customer reports their account was accessed by someone else; parcels at risk.",
          "Suspected account takeover; customer wants the account locked.",
      ],
      escalators=("legal", "human"), parcel=False, oid_rate=0.2,
      tones={"angry": 2.0, "polite": 2.0, "confused": 1.5, "terse": 1.0}),

    S("account-business", "account", "normal", False,
      problems=[
          "I need to add two new staff members to our business account.",
          "Our API key for the business account stopped working this morning.",
          "How do I remove a former employee's access to our business account?",
          "The bulk label upload on the business portal keeps rejecting our CSV file.",
          "We can't see our collection bookings in the business dashboard any more.",
      ],
      details=[
          "We're a small shop selling on the {retailer} marketplace.",
          "Nothing has changed on our side.",
          "The error just says 'invalid request'.",
          "We send around 40 parcels a day through you.",
      ],
      consequences=[
          "Our afternoon collection is at 3pm.",
          "We can't print labels until this is fixed.",
      ],
      requests=[
          "Can you help us sort this out?",
          "Please let me know how to fix it.",
          "Could you look into it?",
      ],
      summaries=[
          "Business customer needs help with business account users or tools.",
          "Business account access or portal problem; customer asks for help.",
      ],
      escalators=("human",), parcel=False, oid_rate=0.05),

    S("account-question", "account", "low", False,
      problems=[
          ("Can I save more than one delivery address in my account?", "Question about saving several addresses in the account."),
          ("Is there a dark mode in the app?", "Question about a dark mode in the app."),
          ("Can my partner and I share one Northwind account?", "Question about sharing one account."),
          ("Do I need an account just to track a parcel?", "Question about tracking without an account."),
          ("How do I switch off marketing emails but keep the delivery updates?", "Question about email preferences."),
      ],
      details=["I've just downloaded the app.", "I couldn't see it in the settings.",
               "My mum wants to start using it too.", "Just setting things up."],
      consequences=[],
      requests=["Could you let me know?", "Thanks for any help.", "Just wondering.",
                "Any info appreciated."],
      summaries=["Question about account features."],
      tones=QUESTION_TONES, parcel=False, oid_rate=0.0),

    # ---------------------------------------------------------------- returns
    S("returns-label", "returns", "normal", False,
      problems=[
          "The QR code for my return won't scan at the locker.",
          "I never received the return label email.",
          "The return label shows the wrong retailer.",
          "The drop-off shop told me my return QR code is invalid.",
          "I can't print the return label, the link has expired.",
      ],
      details=[
          "{retailer} say the label comes from you, not them.",
          "The return is going back to {retailer}.",
          "I've tried on two different days.",
          "I've looked everywhere in the app for it.",
      ],
      consequences=[
          "My return window closes soon.",
          "I've already made two trips to the locker.",
      ],
      requests=[
          "Can you send me a new one?",
          "How do I get a working label?",
          "Please resend the QR code.",
      ],
      summaries=[
          "Customer cannot use their return label or QR code; asks for a new one.",
          "Return label or QR code problem; customer needs a working one.",
      ],
      escalators=("human",), oid_rate=0.7),

    S("returns-lost", "returns", "normal", True,
      problems=[
          "I dropped off my return to {retailer} at the locker at {locker} {days} days ago and they say they haven't received it.",
          "My return tracking hasn't moved since I handed it in.",
          "{retailer} refuse to refund me because your system shows my return as 'not received'.",
          "I have a drop-off receipt for my return but the parcel seems to have vanished.",
          "The return I handed in at the Northwind shop on {day} has disappeared from tracking altogether.",
          "It's been {days} days since I dropped off my return and {retailer} still have no record of it.",
      ],
      details=[
          "I've kept the drop-off receipt.",
          "The locker confirmed the drop-off on screen.",
          "Inside was the {item} I'd ordered in the wrong size.",
          "The last tracking event is 'accepted at drop-off'.",
          "The shop assistant scanned it in front of me.",
          "I sent it with the QR code {retailer} gave me.",
      ],
      consequences=[
          "I'm out of pocket by {bigamount} until this is sorted.",
          "{retailer} say it's up to you to find it.",
      ],
      requests=[
          "Please find my return.",
          "Can you confirm it was delivered to {retailer}?",
          "Please send me proof it was collected so I can get my refund.",
      ],
      summaries=[
          "Returned parcel has not reached the retailer; customer wants it traced.",
          "Lost return after drop-off; customer needs proof or a trace for the refund.",
      ],
      escalators=("legal", "human"), oid_rate=0.75),

    S("returns-pickup", "returns", "normal", False,
      problems=[
          "I booked a return collection from home for {day} and nobody came.",
          "The courier was supposed to pick up my return this morning and didn't.",
          "My return pickup was cancelled without any explanation.",
          "Your driver came to collect my return but left without it because he 'had no room'.",
          "I've booked a home collection for my return twice now and both times it's been moved to another day.",
      ],
      details=[
          "I waited in from 8 till 6.",
          "The booking confirmation says {day} between 9 and 5.",
          "There's nothing in the app about it.",
          "The parcel was sitting right by the door, labelled and ready.",
          "The app says 'collection attempted', which it wasn't.",
      ],
      consequences=[
          "I can't keep taking days off for this.",
          "The return window with {retailer} closes soon.",
      ],
      requests=[
          "Please rebook the collection.",
          "Can someone come tomorrow?",
          "Can I drop it at a locker instead without paying again?",
          "What do I do now?",
      ],
      summaries=[
          "Booked return collection did not happen; customer wants it rebooked.",
          "Missed return pickup; customer asks for a new collection.",
      ],
      escalators=("human",), oid_rate=0.65),

    S("returns-deadline", "returns", "normal", False,
      problems=[
          "My return window with {retailer} closes on {day} and I can't get the return booked.",
          "The drop-off shop listed for returns near me has closed down.",
          "The locker at {locker} won't accept returns, it just says 'service unavailable'.",
          "Your returns page keeps saying 'no drop-off points available' for my postcode.",
          "I need to get a return to {retailer} by {day} but there are no collection slots left this week.",
      ],
      details=[
          "The next nearest drop-off is 12 miles away.",
          "I've tried three days in a row.",
          "Your website isn't any help.",
          "I've got the return label ready, I just have nowhere to take it.",
          "{retailer} only give 14 days for returns.",
      ],
      consequences=["I'll lose my refund if it's late.", "I don't drive."],
      requests=[
          "What are my options?",
          "Can you arrange a home collection instead?",
          "Can you tell {retailer} it's not my fault if it's late?",
      ],
      summaries=[
          "Customer cannot send a return before the retailer's deadline; asks for an option.",
          "No working drop-off for a return; customer asks how to send it in time.",
      ],
      escalators=("legal", "human"), oid_rate=0.6),

    S("returns-question", "returns", "low", False,
      problems=[
          ("Which lockers accept returns?", "Question about which lockers take returns."),
          ("Do I need to print a label or is the QR code enough?", "Question about return labels versus QR codes."),
          ("Can I return two items from different shops in one box?", "Question about combining returns."),
          ("How long does a return take to reach the retailer?", "Question about return transit times."),
          ("Is there a size limit for returns at lockers?", "Question about size limits for locker returns."),
      ],
      details=["I've never returned anything through you before.", "I don't have a printer.",
               "I've got a couple of things to send back.", "The retailer's site didn't say."],
      consequences=[],
      requests=["Could you let me know?", "Thanks for any help.", "Just checking.",
                "Any info appreciated."],
      summaries=["Question about how returns work."],
      tones=QUESTION_TONES, parcel=False, oid_rate=0.05),

    # ---------------------------------------------------------------- locker
    S("locker-code", "locker", "normal", False,
      problems=[
          "My collection code doesn't work at the locker at {locker}.",
          "The locker screen says 'invalid code' every time I type in my code.",
          "I never got a collection code for my parcel at {locker}.",
          "The barcode in the app won't scan at the locker.",
      ],
      details=[
          "I've typed it in carefully at least five times.",
          "Other people were collecting parcels fine.",
          "The app says my parcel is ready to collect.",
          "The screen is quite hard to read in the sun.",
          "I've checked my texts and emails.",
      ],
      consequences=[
          "I've made a special trip for this.",
          "The parcel will go back if I can't collect it soon.",
          "I'm stood at the locker right now.",
      ],
      requests=[
          "Can you send me a new code?",
          "Can you open it remotely?",
          "How do I get my parcel out?",
          "Please help.",
      ],
      summaries=[
          "Customer cannot open their locker with the collection code.",
          "Locker collection code or barcode not working; customer cannot collect.",
      ],
      escalators=("perishable", "medical", "human"), oid_rate=0.65, review=True),

    S("locker-empty", "locker", "normal", True,
      problems=[
          "The locker door opened but the compartment was empty.",
          "My locker at {locker} opened and there was someone else's parcel inside, not mine.",
          "The app says my parcel has been collected, but I haven't been to the locker yet.",
          "I opened compartment 6 at {locker} with my code and there was nothing in it.",
          "Tracking says 'collected from locker' at {time}, but that wasn't me.",
      ],
      details=[
          "I've got the 'ready to collect' text as a screenshot.",
          "Nobody else has my code.",
          "I went straight there after getting the text on {day}.",
          "I waited by the locker for ten minutes in case it was a glitch.",
          "The screen said 'please take your parcel' to an empty box.",
      ],
      consequences=["I'm worried someone else has got my parcel.", "It was worth {bigamount}."],
      requests=[
          "Where is my parcel?",
          "Please investigate.",
          "I need to know what happened to it.",
          "Can you check the locker camera or the logs?",
          "I'd like a refund or a replacement if it can't be found.",
      ],
      summaries=[
          "Locker opened empty or parcel shown as collected; customer wants it found.",
          "Parcel missing from the locker; customer asks for an investigation.",
      ],
      escalators=("medical", "legal", "human"), oid_rate=0.7),

    S("locker-stuck", "locker", "normal", False,
      problems=[
          "The locker door is jammed and my parcel is stuck inside.",
          "The locker said 'door opened' but the door didn't open.",
          "I can see my parcel through the gap but the door won't budge.",
          "The locker beeped, the light went green and the door stayed shut.",
          "Compartment 22 at {locker} unlocked for a second and then locked itself again.",
          "The handle on my locker door has snapped off, so I can't pull it open.",
      ],
      details=[
          "It's compartment 14 at {locker}.",
          "I pushed and pulled but it's stuck fast.",
          "There's nobody at the shop who can help.",
          "I tried my code again and now it says 'already used'.",
          "A man from the shop tried as well and couldn't shift it.",
      ],
      consequences=["I've come back twice now.", "The shop closes at 8pm."],
      requests=[
          "Can someone come and open it?",
          "Can you try opening it remotely?",
          "Please get an engineer out to it.",
          "Can you send me a new code for a different compartment?",
          "What should I do?",
      ],
      summaries=[
          "Locker door will not open with the parcel inside; customer needs it opened.",
          "Jammed locker door; customer cannot get their parcel out.",
      ],
      escalators=("perishable", "medical", "human"), oid_rate=0.6),

    S("locker-expired", "locker", "normal", False,
      problems=[
          "My parcel was sent back to the sender because I didn't pick it up in time.",
          "I was in hospital and missed the collection window, and now my parcel has gone back.",
          "The app says my locker parcel 'expired' after 3 days, but I thought I had a week.",
          "I went to collect my parcel from {locker} this morning and was told it had already been sent back.",
          "My parcel got returned from the locker after 72 hours while I was stuck at work.",
      ],
      details=[
          "I didn't get any reminder.",
          "It was in the locker at {locker}.",
          "{retailer} say they haven't had it back yet.",
          "I only saw the 'ready to collect' email yesterday, it went to my junk folder.",
          "The app never showed a countdown or anything.",
      ],
      consequences=["I really need that parcel.", "I'd have to pay for it all over again."],
      requests=[
          "Can you stop it and put it back in the locker?",
          "Can it be redelivered to my home instead?",
          "How do I get it back?",
          "Please intercept it before it reaches {retailer}.",
      ],
      summaries=[
          "Uncollected locker parcel was returned to the sender; customer wants it back.",
          "Locker collection window missed; customer asks for the parcel to be recovered.",
      ],
      escalators=("medical", "legal", "human"), oid_rate=0.7),

    S("locker-redirect", "locker", "normal", False,
      problems=[
          "My chosen locker was full, so my parcel was sent to one miles away.",
          "My parcel went to {locker} instead of the locker I picked.",
          "Every time I choose the locker near me it's 'full' and my parcel gets redirected.",
          "Apparently my locker was full, so my parcel is now at {locker}, on the other side of the city.",
          "I got a text saying my parcel had been 'rerouted to the nearest available locker' - it's 9 miles away.",
      ],
      details=[
          "The new locker is two bus rides away.",
          "I chose that locker specifically because it's next to my work.",
          "Nobody asked me before moving it.",
          "The locker I picked had plenty of empty doors when I walked past.",
          "The redirect text came after I'd already set off to collect it.",
      ],
      consequences=["I don't drive.", "I won't be able to get there before it expires."],
      requests=[
          "Can you move it back?",
          "Can it be delivered to my home instead?",
          "Can you get it moved somewhere I can actually reach?",
      ],
      summaries=[
          "Parcel redirected to a distant locker; customer wants it moved back or delivered.",
          "Full locker led to a redirect; customer cannot reach the new locker.",
      ],
      escalators=("perishable", "medical", "human"), oid_rate=0.65),

    S("locker-hazard", "locker", "high", True,
      problems=[
          "The locker door at {locker} has come off its hinge and nearly fell on my daughter.",
          "The glass screen on the locker at {locker} is shattered and there are shards all over the pavement.",
          "There are exposed wires hanging out from under the locker at {locker}.",
          "A locker door at {locker} swung open in the wind and hit an elderly man.",
          "The whole locker unit at {locker} is leaning forward and looks like it could topple.",
          "One of the big doors at {locker} is hanging open at head height with a sharp broken edge.",
      ],
      details=[
          "Kids walk past it on the way to school.",
          "I've taped a note to it for now.",
          "It's been like that since at least this morning.",
          "There's no cone or warning sign anywhere.",
          "People are still using the other doors.",
      ],
      consequences=["Someone is going to get hurt.", "It's right next to the bus stop."],
      requests=[
          "Please send someone today.",
          "It needs to be fenced off.",
          "Please deal with it urgently.",
      ],
      summaries=[
          "Broken locker is a safety risk to the public; customer reports it.",
          "Damaged locker could injure people; customer asks for it to be made safe.",
      ],
      escalators=("legal", "human"), parcel=False, oid_rate=0.0,
      tones={"angry": 1.5, "polite": 2.0, "confused": 0.5, "terse": 1.0}),

    S("locker-question", "locker", "low", False,
      problems=[
          ("How long can a parcel stay in a locker before it goes back?", "Question about how long parcels stay in a locker."),
          ("Can my husband collect a locker parcel for me?", "Question about someone else collecting a locker parcel."),
          ("Are the lockers at train stations open 24 hours?", "Question about locker opening hours at stations."),
          ("Can I send a parcel from a locker, or only collect?", "Question about sending parcels from lockers."),
          ("What's the biggest parcel that fits in a locker?", "Question about locker size limits."),
      ],
      details=["I've never used your lockers before.", "There's a new one near my flat.",
               "I work late most days.", "I'm going away for a week soon."],
      consequences=[],
      requests=["Could you let me know?", "Thanks for any help.", "Just wondering.",
                "Any info appreciated."],
      summaries=["Question about using the lockers."],
      tones=QUESTION_TONES, parcel=False, oid_rate=0.0),

    # ---------------------------------------------------------------- other
    S("other-thanks-driver", "other", "low", False,
      problems=[
          "I just wanted to say how brilliant your driver {name} was today.",
          "Huge thanks to the driver who carried my parcel up four flights of stairs.",
          "Your driver {name} went out of their way to find my flat in the pouring rain.",
          "Shout out to {name}, easily the nicest delivery driver on our street.",
          "The driver who came today noticed my gate was open and closed it so my dog didn't get out.",
      ],
      details=[
          "They're always cheerful, whatever the weather.",
          "It really made my day.",
          "My elderly neighbour says the same.",
          "They even remembered my name.",
      ],
      consequences=[],
      requests=["Please pass on my thanks.", "I hope they get recognised for it.",
                "Please let their manager know."],
      summaries=["Customer compliments a delivery driver.",
                 "Praise for a driver; customer asks for thanks to be passed on."],
      tones=WARM_TONES, parcel=False, review=False, oid_rate=0.15, weight=2),

    S("other-thanks-support", "other", "low", False,
      problems=[
          "I wanted to thank {agent} on your chat team for sorting out my missing parcel so quickly.",
          "Your customer service was fantastic today.",
          "Thank you for the quick refund, that was painless.",
          "{agent} on the phone was so patient with my mum this morning.",
      ],
      details=["I was dreading having to chase it.", "It was all sorted in ten minutes.",
               "I've had much worse from other couriers.", "Everything was explained clearly."],
      consequences=[],
      requests=["Please pass this on.", "Thanks again.", "Give them a raise!"],
      summaries=["Customer thanks the support team.",
                 "Positive feedback about a support agent."],
      tones=WARM_TONES, parcel=False, oid_rate=0.15, weight=2),

    S("other-praise", "other", "low", False,
      problems=[
          "Love the new lockers, so convenient.",
          "Best delivery company I've used, everything always turns up on time.",
          "The app is brilliant, the live map is so handy.",
          "I switched my small shop over to Northwind and my customers have noticed.",
          "Your Evening Window slot is a lifesaver for shift workers like me.",
      ],
      details=["I used to dread deliveries.", "Tracking is always spot on.",
               "Never had a single problem.", "My parcels always arrive in one piece."],
      consequences=[],
      requests=["Keep it up.", "Just wanted to say thanks.", "Please don't change a thing."],
      summaries=["Customer praises Northwind's service.",
                 "General praise for Northwind's deliveries, lockers or app."],
      tones=WARM_TONES, parcel=False, review=True, oid_rate=0.0, weight=2),

    S("other-suggestion", "other", "low", False,
      problems=[
          ("It would be great if you put a locker in Little Hadham, the nearest one is 8 miles away.", "Suggests a new locker location."),
          ("Could you add a delivery slot after 10pm?", "Suggests later evening delivery slots."),
          ("Please use less plastic tape on your parcels.", "Suggests using less plastic packaging."),
          ("It'd be handy if the app let me rate each delivery.", "Suggests delivery ratings in the app."),
          ("You should let customers choose a preferred neighbour in the app.", "Suggests a preferred-neighbour option."),
      ],
      details=["I think a lot of people would use it.", "Just an idea.",
               "Other couriers already do this.", "I think it'd save you money too."],
      consequences=[],
      requests=["Hope that helps.", "Food for thought.", "Thanks for listening."],
      summaries=["Customer makes a suggestion."],
      tones=QUESTION_TONES, parcel=False, oid_rate=0.0),

    S("other-enquiry", "other", "low", False,
      problems=[
          ("Are you hiring delivery drivers in the Harrowgate area?", "Asks about delivery driver jobs."),
          ("I run a corner shop and I'd like to host one of your lockers.", "Shop owner asks about hosting a Northwind locker."),
          ("Are your offices open on bank holidays?", "Asks about office opening hours on bank holidays."),
          ("I'm a student journalist writing about delivery companies, could I ask a few questions?", "Press enquiry from a student journalist."),
          ("Do you sponsor local football teams?", "Asks about sponsoring a local sports team."),
      ],
      details=["I couldn't find it on your website.", "A friend suggested I ask you directly.",
               "I tried phoning but couldn't get through.", "I hope this is the right inbox."],
      consequences=[],
      requests=["Who should I talk to?", "Could you let me know?", "Thanks for any help."],
      summaries=["General enquiry about Northwind."],
      escalators=("human",), tones=QUESTION_TONES, parcel=False, oid_rate=0.0),

    S("other-wrong-company", "other", "low", False,
      problems=[
          ("My broadband has been down since Tuesday, when is the engineer coming?", "Broadband fault report meant for another company."),
          ("I'd like to book a table for four on Saturday night.", "Restaurant booking sent to the wrong company."),
          ("Can you tell me my last electricity meter reading?", "Energy query meant for another company."),
          ("When is my bin collection day?", "Council bin query sent to the wrong company."),
      ],
      details=["My account number is 55-0192.", "Thanks in advance.", "Sorry if I've got the wrong place."],
      consequences=[],
      requests=["Could you let me know?", "Please reply asap.", "Thanks."],
      summaries=["Message meant for another company."],
      tones={"polite": 2.0, "terse": 1.5, "confused": 1.0}, parcel=False, oid_rate=0.0,
      extras=False),
]

# --------------------------------------------------------------------------------------------
# Escalators: one sentence that triggers a guidelines rule.
# --------------------------------------------------------------------------------------------

ESCALATION = {
    "perishable": [
        "The parcel has my {item} in it, and it's perishable.",
        "It's my {item} in there, so it won't survive another day of this.",
        "Inside is my {item}, which has to be kept chilled.",
        "The box is marked perishable - it's my {item}.",
        "There's fresh stuff in there ({item}) that will go off if it sits around much longer.",
        "It's a chilled delivery, my {item}, and it's already been out of the fridge far too long.",
        "That parcel has my {item} in it and it will spoil.",
        "Everything inside is perishable - it's my {item} - and it won't keep past {day}.",
    ],
    "medical": [
        "That parcel contains my {item}, and I'm almost out.",
        "That parcel has my {item} in it and I only have two days' supply left.",
        "This is a medical issue - the parcel is my {item}.",
        "The parcel is my {item} from the pharmacy and I can't go without it.",
        "It's my repeat prescription, my {item}, and I need it by {day}.",
        "My GP surgery sent my {item} through you and I've nearly run out.",
        "The contents are medical: my {item}, which I need every day.",
    ],
    "third": [
        "This is now the THIRD time your driver has failed to deliver this parcel.",
        "That's three failed attempts now for the same parcel.",
        "This is the third missed delivery in a row.",
        "Third time lucky, I thought. Nope, third missed delivery.",
        "It has now been 'attempted' three times and I've been home for every single one.",
        "Four attempts, four cards through the door, zero parcels.",
    ],
    "legal": [
        "If this isn't resolved by {day} I'll be taking you to the small claims court.",
        "I've already spoken to a solicitor about this.",
        "I will be reporting Northwind to Trading Standards.",
        "My lawyer will be in touch if I don't hear back this week.",
        "Consider this a formal letter before legal action.",
        "I'm fully prepared to take legal action over this.",
        "I'll be taking this to the ombudsman.",
        "I know my consumer rights and I will go to court if I have to.",
    ],
    "human": [
        "Can a real person please call me on the number on my account?",
        "I'd like to speak to a manager, please.",
        "Please don't send another automated reply - I need to talk to a human.",
        "Could someone from your team ring me back today?",
        "I want to speak to someone, not a bot.",
        "Is there a phone number where I can talk to an actual person?",
        "Please have a supervisor contact me.",
    ],
}
HUMAN_SOFT = [
    "Could someone from your team give me a call?",
    "Is there a person I could speak to about this?",
    "I'd rather talk it through with someone, could somebody phone me?",
    "Could a member of staff get in touch with me directly?",
]
ESCALATION_SUMMARY = {
    "perishable": "contains perishable goods",
    "medical": "contains medical supplies",
    "third": "third missed attempt",
    "legal": "threatens legal action",
    "human": "asks to speak to a person",
}
ESCALATOR_WEIGHTS = {"perishable": 2.6, "medical": 2.0, "third": 3.0, "legal": 1.1, "human": 0.8}

# --------------------------------------------------------------------------------------------
# Tone fragments
# --------------------------------------------------------------------------------------------

OPENERS = {
    "angry": [
        "I am absolutely fuming.",
        "Honestly, what is going on at Northwind?",
        "This is the worst service I have ever had from a courier.",
        "I've had enough of this.",
        "Unbelievable.",
        "Right, my patience has run out.",
        "Once again Northwind has let me down.",
        "I can't believe I'm having to write this.",
        "Your service is a joke.",
        "Seriously??",
        "I'm really disappointed, and frankly quite angry.",
        "What a shambles.",
        "I've never been so frustrated with a company.",
        "Not happy. Not happy at all.",
        "Well done Northwind, you've managed it again.",
    ],
    "polite": [
        "I hope you're well.",
        "I hope you can help me with something.",
        "Sorry to bother you.",
        "I wonder if you could help.",
        "Apologies if this is the wrong address for this.",
        "Thank you for taking the time to read this.",
        "I'm writing with a quick query.",
        "I hope this message finds you well.",
    ],
    "polite_problem": [
        "I've always been happy with Northwind, so this is a first for me.",
        "I'm writing about a problem I've had this week.",
        "I'm afraid something has gone wrong.",
    ],
    "confused": [
        "I'm not sure if I'm in the right place.",
        "Bit confused here.",
        "I don't really understand what's going on.",
        "Can someone explain something to me?",
        "Sorry, I'm a bit lost.",
        "I'm not very good with apps, so bear with me.",
        "My son usually deals with this sort of thing but he's away.",
    ],
    "casual": [
        "Quick one for you.",
        "Hope you're all good.",
        "Ok so here's the thing.",
        "Right, so.",
        "Bit of a weird one.",
        "So, slight issue.",
    ],
    "warm": [
        "Just a quick note to say thank you!",
        "I don't usually write these, but I wanted to.",
        "Some good news for a change!",
        "Credit where credit's due.",
        "I had to send this.",
        "What a great experience today.",
    ],
    "terse": [],
}
MIDDLES = {
    "angry": [
        "Nobody seems to care.",
        "I've already wasted an hour with your useless chatbot.",
        "Absolutely ridiculous.",
        "How hard can it be?",
        "This is simply not good enough.",
        "I'm paying for this service, remember.",
        "Every time I contact you I get a copy-and-paste reply.",
        "Frankly it's pathetic.",
        "I'm sick of chasing you.",
        "Do your staff get any training at all?",
        "Your website says you 'care about every parcel'. Clearly not.",
    ],
    "polite": [
        "I appreciate these things happen.",
        "I understand you're probably very busy at the moment.",
        "I don't want to cause any trouble.",
        "I'm sure it's just a mix-up.",
    ],
    "confused": [
        "Is that normal?",
        "Am I missing something?",
        "I've read the help page twice and I'm none the wiser.",
        "Maybe I did something wrong?",
        "I don't know if this matters, but I thought I should mention it.",
    ],
    "casual": ["Anyway.", "No idea what happened there.", "Not sure who else to ask lol."],
    "warm": ["Honestly, ten out of ten.", "You don't get that very often these days.",
             "It's the little things."],
    "terse": [],
}
CLOSERS = {
    "angry": [
        "Sort it out.",
        "I expect a proper reply today.",
        "Fix this now.",
        "Disgraceful.",
        "If this isn't fixed I'm never using Northwind again.",
        "I'll be leaving a one-star review everywhere I can.",
        "I'll be telling {retailer} to use a different courier.",
        "Don't send me another template reply.",
        "Absolutely fed up.",
        "Sort. It. Out.",
    ],
    "polite": [
        "Thank you in advance for your help.",
        "Many thanks.",
        "I'd really appreciate your help with this.",
        "Thanks so much, I know you're busy.",
        "~No rush, whenever you get a chance.",
        "Looking forward to hearing from you.",
        "Thank you for your time.",
    ],
    "confused": [
        "Sorry if this is a silly question.",
        "Any help would be great, I'm really not sure what to do.",
        "Please let me know what I should do.",
        "Thanks, and sorry if this is all a bit muddled.",
    ],
    "casual": ["Cheers!", "Thx.", "Ta.", "Cheers in advance.", "Appreciate it!", "Thanks a lot :)"],
    "warm": ["Keep up the good work!", "Thanks again, you've got a loyal customer.",
             "Have a lovely day!", "Five stars from me.", "You lot are great."],
    "terse": ["Please advise.", "Thanks.", "Update please.", "Asap please.", "Need this sorted."],
}

CONTEXT_ANY = [
    "I've been a Northwind customer for about four years.",
    "I have a Northwind Plus subscription.",
    "I've only just moved to the area.",
    "I'm not great with technology, so please bear with me.",
    "I run a small online shop, so I deal with you a lot.",
]
CONTEXT_PARCEL = [
    "I use your lockers most weeks.",
    "I work from home, so I'm nearly always in.",
    "I ordered from {retailer} last week.",
    "I get most of my online orders through you.",
    "This is the first time I've had to contact you about a parcel.",
]

# Side issues: (category, text, summary suffix, mild, praise). Mild ones are questions or small
# requests; the category of the message never comes from the side issue.
SECONDARY = [
    ("account", "Also, the app logs me out every time I close it, which doesn't help.", "also mentions app logouts", False, False),
    ("account", "Separately, I still can't change my phone number in the app.", "also cannot change phone number", False, False),
    ("account", "Unrelated, but how do I turn off the marketing emails?", "also asks about marketing emails", True, False),
    ("billing", "While I'm here, could you send me a copy of last month's invoice?", "also asks for an invoice copy", True, False),
    ("billing", "Also, when does my Northwind Plus renew?", "also asks about Plus renewal", True, False),
    ("delivery", "Also, can future parcels be left in the side porch?", "also asks to update delivery instructions", True, False),
    ("delivery", "PS do you deliver on Saturdays?", "also asks about Saturday delivery", True, False),
    ("locker", "Separately, the touchscreen on the locker at {locker} has been really slow for weeks.", "also reports a slow locker screen", False, False),
    ("locker", "Also, how long can parcels stay in a locker?", "also asks about locker hold times", True, False),
    ("returns", "Oh and do I need a printer for returns or is the QR code enough?", "also asks about return QR codes", True, False),
    ("returns", "Also, I've got a return to send next week - can I drop it at any locker?", "also asks where to drop a return", True, False),
    ("other", "PS your regular driver on our street is always lovely.", "also compliments a driver", True, True),
    ("other", "By the way, are you hiring drivers at the moment?", "also asks about driver jobs", True, False),
]

GREETINGS_FORMAL = ["Dear Northwind team,", "Dear Sir or Madam,", "To whom it may concern,",
                    "Dear customer services,", "Good morning,", "Good afternoon,",
                    "Dear Northwind Parcel,"]
GREETINGS_PLAIN = ["Hi,", "Hello,", "Hi there,", "Hello Northwind,", "Hi team,", "Hiya,", "Hey,",
                   "Morning,", "Hi guys,"]
SIGNOFFS = {
    "formal": ["Kind regards,", "Yours faithfully,", "Best regards,", "Regards,", "Sincerely,",
               "With thanks,"],
    "plain": ["Thanks,", "Cheers,", "Best,", "Thanks again,", "Ta,", "Many thanks,", "Speak soon,"],
    "angry": ["Regards,", "Waiting for your reply,", "A very unhappy customer,", "Not impressed,"],
}
NAMES = ["Priya Shah", "Martin Adebayo", "Helen Lowe", "Tomasz Nowak", "J. Fletcher", "Sam", "Dave",
         "Mrs R. Okafor", "Ewan Campbell", "Li Wei", "Fatima", "Gareth Price", "Anna-Lena Berg",
         "Chris", "Niamh O'Connor", "Rob Thornton", "Ola", "Marek", "Yusuf Demir",
         "Karen Whitfield", "Ben", "Sofia Marques", "Deepak", "Rachel Ellison", "Mo", "G. Hughes",
         "Imogen", "Callum Reid", "Beata", "Olu"]
PHONE_FOOTERS = ["Sent from my iPhone", "Sent from Outlook for Android", "Sent from my Galaxy"]

REVIEW_TITLES = {
    "angry": ["Avoid!", "Terrible", "Useless courier", "Never again", "Rubbish", "Waste of time",
              "Shocking service"],
    "warm": ["Brilliant service", "Love it", "Great app", "Fab drivers", "Five stars", "Spot on"],
    "neutral": ["Okay but...", "Could be better", "Mixed feelings", "Needs work", "Hmm"],
}

ID_SENTENCES = ["The order number is {oid}.", "My order number is {oid}.", "Order ref: {oid}.",
                "It's order {oid}.", "Reference {oid}, if that helps.", "The order is {oid}.",
                "For reference, my order is {oid}.", "Order {oid}.", "Order number {oid} btw."]
ID_PREFIXES = ["{oid}", "Re: {oid}", "Order {oid}:", "[{oid}]", "Ref {oid}:"]
ID_SUBJECTS = ["Subject: Order {oid}", "Subject: {oid}", "Subject: Re: order {oid}",
               "Subject: Parcel {oid}", "Subject: Query - {oid}"]
NOT_ID_SENTENCES = ["The tracking number is {tracking}.", "Tracking no. {tracking}",
                    "My tracking number from {retailer} is {tracking}.",
                    "The {retailer} order number is {retailer_ref}.",
                    "The {retailer} order reference is {retailer_ref}, not sure if that helps."]

# --------------------------------------------------------------------------------------------
# Composition
# --------------------------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(text: str, values: dict) -> str:
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def weighted(rng: random.Random, weights: dict) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


class Skeleton:
    """Picks fragments and records which ones, so no skeleton is used twice."""

    def __init__(self, rng: random.Random):
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


def typo_word(rng: random.Random, word: str) -> str:
    letters = re.match(r"^([A-Za-z]+)(.*)$", word)
    if not letters or len(letters.group(1)) < 4:
        return word
    w, rest = letters.group(1), letters.group(2)
    i = rng.randrange(1, len(w) - 2)
    op = rng.choice(["swap", "drop", "double"])
    if op == "swap":
        w = w[:i] + w[i + 1] + w[i] + w[i + 2:]
    elif op == "drop":
        w = w[:i] + w[i + 1:]
    else:
        w = w[:i] + w[i] + w[i:]
    return w + rest


def add_typos(rng: random.Random, sentence: str, n: int) -> str:
    words = sentence.split(" ")
    candidates = [i for i, w in enumerate(words)
                  if re.match(r"^[a-z]{4,}[,.!?]?$", w) and "NW" not in w.upper()[:2]]
    for i in rng.sample(candidates, min(n, len(candidates))):
        words[i] = typo_word(rng, words[i])
    out = " ".join(words)
    if rng.random() < 0.5:
        out = (out.replace("don't", "dont").replace("can't", "cant").replace("I'm", "Im")
               .replace("it's", "its").replace("haven't", "havent").replace("didn't", "didnt"))
    return out


def format_oid(rng: random.Random, number: str, sk: Skeleton) -> str:
    style = weighted(rng, {"canonical": 0.84, "lower": 0.09, "nohyphen": 0.07})
    sk.note("oid", style)
    return {"canonical": f"NW-{number}", "lower": f"nw-{number}", "nohyphen": f"NW{number}"}[style]


def compose(rng: random.Random, sit: Situation, esc_rate: float) -> tuple[str, dict, Skeleton, dict]:
    sk = Skeleton(rng)
    sk.note("sit", sit.key)

    # --- what the message is: tone, escalator, side issue, length, channel
    esc = None
    if sit.escalators and rng.random() < esc_rate * sit.esc_boost:
        esc = weighted(rng, {e: (sit.esc_weights or {}).get(e, ESCALATOR_WEIGHTS[e])
                             for e in sit.escalators})
        if esc == "human" and rng.random() < 0.45:
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
    if sit.extras and length != "short" and rng.random() < 0.2:
        options = [s for s in SECONDARY if s[0] != sit.category
                   and not (tone == "angry" and s[4]) and not (tone == "warm" and not s[3])]
        secondary = rng.choice(options)
        sk.note("secondary", SECONDARY.index(secondary))

    # --- the body sentences, by role
    n_det = {"short": 0, "medium": 1, "long": rng.choice([2, 2, 3])}[length]
    if length == "short" and rng.random() < 0.35:
        n_det = 1
    problem_i, problem = sk.pick("problem", sit.problems)
    problem_summary = None
    if isinstance(problem, tuple):
        problem, problem_summary = problem
    det_idx = rng.sample(range(len(sit.details)), min(n_det, len(sit.details)))
    sk.note("details", tuple(det_idx))
    details = [sit.details[i] for i in det_idx]

    opener = middle = closer = context = consequence = count = None
    op_pool = OPENERS[tone] + (OPENERS["polite_problem"] if tone == "polite" and sit.urgency != "low"
                               else [])
    p_open = {"short": 0.2, "medium": 0.55, "long": 0.9}[length]
    if op_pool and rng.random() < p_open:
        _, opener = sk.pick("opener", op_pool)
    p_mid = {"short": 0.0, "medium": 0.35, "long": 0.75}[length] * (1.4 if tone == "angry" else 1)
    if MIDDLES[tone] and rng.random() < p_mid:
        _, middle = sk.pick("middle", MIDDLES[tone])
    p_close = {"short": 0.35, "medium": 0.65, "long": 0.9}[length]
    if rng.random() < p_close:
        pool = [c for c in CLOSERS[tone] if not ((urgency == "high" or esc) and c.startswith("~"))]
        _, closer = sk.pick("closer", pool)
        closer = closer.lstrip("~")
    if tone == "angry" and not (opener or middle or closer):
        # an angry message must say so somewhere: the label reads the tone off the words
        if rng.random() < 0.5:
            _, closer = sk.pick("closer", CLOSERS["angry"])
        else:
            _, opener = sk.pick("opener", OPENERS["angry"])
    p_ctx = {"short": 0.0, "medium": 0.3, "long": 0.7}[length]
    if sit.extras and tone != "warm" and rng.random() < p_ctx:
        pool = CONTEXT_ANY + (CONTEXT_PARCEL if sit.parcel else [])
        _, context = sk.pick("context", pool)
    p_cons = {"short": 0.0, "medium": 0.4, "long": 0.9}[length]
    if sit.consequences and rng.random() < p_cons:
        _, consequence = sk.pick("consequence", sit.consequences)
    # "second attempt" sentences; a third attempt comes from the escalation sentence instead
    if esc != "third" and sit.counts and length != "short" and rng.random() < 0.35:
        _, count = sk.pick("count", list(sit.counts))
    esc_sentence = None
    if esc:
        pool = HUMAN_SOFT if (esc == "human" and sit.urgency == "low") else ESCALATION[esc]
        _, esc_sentence = sk.pick("esc", pool)
    request = None
    p_req = {"short": 0.65, "medium": 0.85, "long": 1.0}[length]
    if rng.random() < p_req or not closer:
        _, request = sk.pick("request", sit.requests)

    # --- order id, or a number that is not one
    oid = None
    oid_text = None
    id_place = None
    if rng.random() < sit.oid_rate:
        oid = f"{rng.randint(100000, 999999)}"
        oid_text = format_oid(rng, oid, sk)
        id_place = weighted(rng, {"sentence": 3.0, "prefix": 1.5, "inline": 2.0, "signoff": 1.0})
    not_id = None
    if sit.parcel and rng.random() < 0.12:
        _, not_id = sk.pick("not_id", NOT_ID_SENTENCES)

    # --- order the sentences
    middle_block = [*(details), consequence, middle, count, not_id]
    middle_block = [s for s in middle_block if s]
    if rng.random() < 0.4:
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
        if opener and tone in ("angry", "confused") and rng.random() < 0.3:
            body.insert(0, context)
        else:
            body.append(context)
    lead_request = tone == "terse" and request and rng.random() < 0.35
    if lead_request:
        body.append(request)
        sk.note("lead_request")
    body.append(problem)
    body.extend(middle_block)
    if secondary:
        body.append(secondary[1])
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
    body = [fill(s, values) for s in body]
    protected = fill(esc_sentence, values) if esc_sentence else None

    # --- typos (never in the sentence that triggers a rule)
    if rng.random() < (0.45 if tone in ("casual", "terse", "angry") else 0.2):
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
        body.insert(pos, sent.format(oid=oid_text))
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
    register = "formal" if rng.random() < 0.4 else "plain"
    if channel == "email":
        parts = []
        if oid_text and id_place == "prefix":
            parts.append(rng.choice(ID_SUBJECTS).format(oid=oid_text))
        if rng.random() < (0.5 if tone == "terse" else 0.88):
            parts.append(rng.choice(GREETINGS_FORMAL if register == "formal" else GREETINGS_PLAIN))
        if len(body) >= 5 and rng.random() < 0.65:
            cut = rng.randint(2, len(body) - 2)
            paragraphs = [" ".join(body[:cut]), " ".join(body[cut:])]
        else:
            paragraphs = [" ".join(body)]
        parts.extend(paragraphs)
        sign = []
        if rng.random() < 0.8:
            words = SIGNOFFS["angry" if tone == "angry" and rng.random() < 0.4 else register]
            sign.append(rng.choice(words))
            sign.append(rng.choice(NAMES))
        elif rng.random() < 0.5:
            sign.append(rng.choice(NAMES))
        if oid_text and id_place == "signoff":
            sign.append(f"Order: {oid_text}")
        if rng.random() < 0.12:
            sign.append(rng.choice(PHONE_FOOTERS))
        if sign:
            parts.append("\n".join(sign))
        sk.note("layout", channel, register, len(paragraphs))
        return "\n\n".join(parts)
    if channel == "review":
        if tone == "angry":
            stars, title = rng.choice([1, 1, 2]), rng.choice(REVIEW_TITLES["angry"])
        elif tone == "warm":
            stars, title = 5, rng.choice(REVIEW_TITLES["warm"])
        else:
            stars, title = 3, rng.choice(REVIEW_TITLES["neutral"])
        head = "★" * stars + "☆" * (5 - stars) + " " + title
        text = " ".join(body)
        if oid_text:
            text = (f"{oid_text} - " + text) if id_place == "prefix" else (text + f" ({oid_text})")
        sk.note("layout", channel, stars)
        return head + "\n" + text
    if channel == "chat":
        lines = body
        if oid_text:
            lines = ([rng.choice(["{oid}:", "re {oid} -", "{oid}"]).format(oid=oid_text)] + lines
                     if id_place == "prefix" else lines + [oid_text])
        if rng.random() < 0.35:
            if tone in ("casual", "terse") or rng.random() < 0.3:
                lines = [l[:-1] if l.endswith(".") and not l.endswith("..") else l for l in lines]
            text = "\n".join(lines)
            sk.note("layout", channel, "burst")
        else:
            text = " ".join(lines)
            if text.endswith(".") and tone in ("casual", "terse"):
                text = text[:-1]
            sk.note("layout", channel, "line")
        starts_with_id = bool(oid_text) and text.startswith(oid_text)
        if tone in ("casual", "terse") and rng.random() < 0.55:
            text = text.lower()
        elif tone == "casual" and not starts_with_id and rng.random() < 0.5:
            text = text[:1].lower() + text[1:]
        if rng.random() < 0.3 and tone not in ("terse",):
            head = rng.choice(["hi ", "hello ", "hey ", "hi there, "])
            text = head + (text if starts_with_id else text[:1].lower() + text[1:])
        return text
    # web form
    text = " ".join(body)
    if oid_text:
        text = (rng.choice(ID_PREFIXES).format(oid=oid_text) + "\n" + text) if id_place == "prefix" \
            else (text + f"\nOrder: {oid_text}")
    if rng.random() < 0.3:
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
    optional = [secondary[2]] if secondary else []
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


def plan_for(rng: random.Random, n: int) -> list[Situation]:
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


def main() -> None:
    scenario = tomllib.loads((HERE / "scenario.toml").read_text(encoding="utf-8"))
    system = scenario["system"]
    seen_messages: set[str] = set()
    seen_skeletons: set[tuple] = set()

    train_rng = random.Random(TRAIN_SEED)
    train = generate(train_rng, plan_for(train_rng, N_TRAIN), 0.4, seen_messages, seen_skeletons)

    eval_rng = random.Random(EVAL_SEED)
    train_sentences = [sentences(text) for _, text, _, _ in train]
    evals = generate(eval_rng, plan_for(eval_rng, N_EVAL), 0.4, seen_messages, seen_skeletons,
                     avoid=train_sentences)

    with open(HERE / "train.jsonl", "w", encoding="utf-8") as f:
        for _, text, record, _ in train:
            row = {"messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": user_text(text)},
                {"role": "assistant", "content": answer(record)},
            ]}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")

    counters: dict[str, int] = {}
    with open(HERE / "eval.jsonl", "w", encoding="utf-8") as f:
        for sit, text, record, meta in evals:
            counters[sit.key] = counters.get(sit.key, 0) + 1
            item = {
                "id": f"{sit.key}-{counters[sit.key]}",
                "kind": "skill",
                "question": user_text(text),
                "checks": [{"type": "json_schema", "schema": "schema.json",
                            "fields": checked_fields(sit, record, meta)}],
                "reference": answer(record),
            }
            f.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"wrote {len(train)} training examples and {len(evals)} evaluation items to {HERE}")
    print("escalations (both sets):", ", ".join(f"{k} {v}" for k, v in sorted(STATS.items())))


if __name__ == "__main__":
    main()
