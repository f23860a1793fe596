"""Fields of work and the needs they meet: what "who here works in healthcare?", "anyone in tech?" and
"my cat is sick, who could help?" ask for.

One table, one entry a field: how the field itself is named ("healthcare", "medicine"), the
occupations and workplaces in it (what a note about someone in it says: "nurse", "pharmacist",
"clinic"), and the needs someone in it meets ("sick", "prescription"). A question names fields
by their names, or by needs; notes and job titles name people in them by their occupations.
Words are matched whole, with their usual endings ("taxes", "leaking", "nurses"). A field may
be narrower than others (`over`): "my tooth hurts" is for the dental field, not all of
healthcare, and a sick pet is for a vet, not a nurse. Among fields a question's needs point to,
those matching the most need words win ("cat" and "sick" are a vet's two, a doctor has one).

The table is general knowledge about work, not fitted to any conversation: add a field as one
entry. The embeddings (`core.field_search`) find what the words here miss.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from core.text import fold

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Field:
    name: str
    said: tuple[str, ...]  # how the field is named in a question
    people: tuple[str, ...]  # occupations and workplaces a note says
    needs: tuple[str, ...]  # what one would want them for
    over: tuple[str, ...] = ()  # broader fields this one is more precise than


def split_words(s: str) -> tuple[str, ...]:
    """A table entry's comma-separated words: "nurse, midwife" -> ("nurse", "midwife")."""
    return tuple(w.strip() for w in s.split(",") if w.strip())


def any_of(words: Iterable[str]) -> str:
    """A full-text query for notes that say any of `words` (each quoted as a phrase)."""
    return " OR ".join('"' + w.replace('"', "") + '"' for w in dict.fromkeys(words))


def _f(name: str, said: str, people: str, needs: str, over: str = "") -> Field:
    return Field(name, split_words(said), split_words(people), split_words(needs), split_words(over))


FIELDS = [
    _f("healthcare", "healthcare, health care, health, medicine, medical, the medical field, nursing, hospitals",
       "doctor, physician, gp, nurse, pharmacist, pharmacy, physiotherapist, physio, physical therapist, paramedic, "
       "surgeon, midwife, optometrist, radiologist, anaesthetist, anesthesiologist, cardiologist, paediatrician, "
       "pediatrician, dermatologist, oncologist, neurologist, chiropractor, osteopath, caregiver, carer, emt, medic, "
       "hospital, clinic, medical school, med school, healthcare, nhs, dietitian, nutritionist, occupational therapist, "
       "speech therapist, sonographer, phlebotomist, doula, gynaecologist, gynecologist, obstetrician, internist, "
       "dentist, orthodontist, psychologist, psychiatrist, therapist, counsellor, counselor, ward, icu, a&e, "
       "cardiology, oncology, paediatrics, pediatrics, residency, medical student, nursing, care home, medicine",
       "sick, ill, illness, injury, injured, hurt, pain, fever, symptom, prescription, medication, medicine, rash, "
       "infection, flu, cough, doctor, diagnosis, surgery, check-up, checkup, blood pressure, allergy, allergies"),
    _f("dental", "dentistry, dental", "dentist, dental, orthodontist, dental hygienist, hygienist",
       "tooth, teeth, toothache, braces, gums, cavity, filling, wisdom tooth, root canal", "healthcare"),
    _f("mental health", "mental health, psychology, therapy, counselling, counseling",
       "therapist, psychologist, psychiatrist, counsellor, counselor, psychotherapist, social worker",
       "anxiety, depression, stress, burnout, grief, therapy, panic attack, mental health, trauma", "healthcare"),
    _f("veterinary", "veterinary, animal care, animals",
       "vet, veterinarian, veterinary, animal hospital, vet clinic, vet nurse, groomer, dog trainer, zookeeper",
       "pet, cat, kitten, dog, puppy, hamster, rabbit, bunny, guinea pig, parrot, bird, horse, pony, ferret, tortoise, "
       "turtle, lizard, snake, goldfish, sick, ill, limping, vomiting, vaccination, neuter, spay", "healthcare"),
    _f("tech", "tech, technology, software, computing, computers, the tech industry, startups, coding",
       "software engineer, software developer, developer, programmer, coder, web developer, data scientist, "
       "data analyst, data engineer, sysadmin, it support, devops, engineer at, machine learning, ml engineer, "
       "ai, cybersecurity, security engineer, product manager, ux designer, ui designer, tech, startup, software, "
       "frontend, backend, full stack, app developer, game developer, codes, coding, builds websites, "
       "builds apps, makes apps, makes websites, web design, it department, tech company, cloud, saas",
       "computer, laptop, wifi, router, website, app, code, coding, programming, software, bug, printer, server, "
       "spreadsheet, excel, database, hacked, virus, phone"),
    _f("finance", "finance, banking, investing, investment, the financial sector, fintech, insurance",
       "banker, bank, financial advisor, financial adviser, financial planner, analyst, investment, investor, trader, "
       "broker, stockbroker, fund manager, hedge fund, private equity, venture capital, vc, insurance, actuary, "
       "accountant, auditor, economist, fintech, wealth manager, cfo",
       "money, budget, budgeting, invest, investing, stocks, shares, crypto, mortgage, loan, savings, pension, "
       "retirement, insurance, debt, credit"),
    _f("accounting", "accounting, accountancy, tax, taxes, bookkeeping",
       "accountant, bookkeeper, tax advisor, tax adviser, auditor, cpa, chartered accountant, tax preparer",
       "tax, tax return, tax form, bookkeeping, invoice, receipts, payroll, vat, audit, irs, hmrc", "finance"),
    _f("law", "law, legal, the law, legal field", "lawyer, attorney, solicitor, barrister, paralegal, judge, notary, "
       "law firm, legal, counsel, public defender, prosecutor, law school, immigration lawyer",
       "contract, lawsuit, sue, suing, court, lease, legal, divorce, custody, will, visa, immigration, tenant, "
       "eviction, fine, ticket, dispute, copyright, trademark, patent"),
    _f("cars", "cars, automotive, motors, car repair",
       "mechanic, garage, auto repair, car dealer, car dealership, body shop, fixes cars, fixing cars, "
       "motorbike mechanic, tyre shop",
       "car, engine, brake, tyre, tire, flat tire, flat tyre, clutch, gearbox, oil change, motorbike, motorcycle, "
       "scooter, breakdown, broke down, mot, battery, exhaust"),
    _f("trades", "trades, the trades, construction, building, renovation, home repair, diy",
       "builder, contractor, handyman, roofer, bricklayer, tiler, decorator, plasterer, locksmith, construction, "
       "carpenter, joiner, electrician, plumber, welder, glazier, fixes things",
       "renovation, renovating, house repairs, home repairs, roof, wall, tiles, locked out, lock, extension, damp, "
       "mould, mold, odd jobs"),
    _f("plumbing", "plumbing", "plumber, plumbing, heating engineer, gas engineer",
       "leak, leaking, sink, pipe, toilet, drain, clogged, blocked, boiler, tap, faucet, shower, radiator, "
       "water heater, heating", "trades"),
    _f("electrical", "electrical work", "electrician, electrical engineer",
       "wiring, socket, outlet, fuse, light, lights, power cut, circuit, switch, electric, electrical", "trades"),
    _f("carpentry", "carpentry, woodwork, woodworking", "carpenter, joiner, woodworker, cabinet maker, furniture maker",
       "shelf, shelves, furniture, cabinet, table, deck, wood, door, wardrobe", "trades"),
    _f("education", "education, teaching, schools, academia, the school system",
       "teacher, teaches, teaching, tutor, tutors, professor, lecturer, headteacher, principal, teaching assistant, "
       "school, kindergarten, nursery, university, college, instructor, educator, academic, faculty, phd, "
       "special needs",
       "homework, tutoring, exam, exams, test prep, essay, lesson, lessons, maths, math, school, university "
       "application, college application, studying, study"),
    _f("arts", "the arts, arts, art, creative, the creative industries, culture",
       "artist, painter, paints, painting, sculptor, illustrator, potter, pottery, ceramics, ceramicist, gallery, "
       "museum, curator, actor, actress, theatre, theater, dancer, ballet, filmmaker, film, photographer, writer, "
       "poet, novelist, musician, singer, composer, designer, murals, printmaker, animator, crafts, art",
       "painting, portrait, mural, exhibition, art, drawing, sketch, acting, audition"),
    _f("music", "music, the music industry",
       "musician, band, guitarist, pianist, drummer, bassist, violinist, cellist, singer, vocalist, composer, dj, "
       "producer, orchestra, choir, music teacher, saxophone, guitar, piano, violin, cello, drums, trumpet, "
       "plays bass, sound engineer",
       "music lessons, instrument, song, recording, gig, wedding band, guitar lessons, piano lessons, mixing", "arts"),
    _f("photography", "photography", "photographer, photography, videographer, camera operator",
       "photos, photo, headshot, headshots, photoshoot, wedding photos, camera, video", "arts"),
    _f("writing", "writing, publishing, journalism, the media, media",
       "writer, author, editor, journalist, reporter, copywriter, publisher, columnist, blogger, translator, "
       "newspaper, magazine, broadcaster, podcaster, tv, radio",
       "proofread, proofreading, edit, editing, essay, book, manuscript, article, press, cover letter, speech",
       "arts"),
    _f("design", "design", "designer, graphic designer, ux designer, interior designer, fashion designer, architect, "
       "illustrator, web designer",
       "logo, branding, website design, interior, redecorate, redecorating, poster, floor plan", "arts"),
    _f("architecture", "architecture, urban planning", "architect, architecture, urban planner, town planner, "
       "architectural", "floor plan, extension, planning permission, blueprint", "design"),
    _f("engineering", "engineering", "engineer, civil engineer, mechanical engineer, structural engineer, "
       "chemical engineer, aerospace, engineering", "structural, machine, prototype"),
    _f("science", "science, research, the sciences, academia, stem",
       "scientist, researcher, biologist, chemist, physicist, lab, laboratory, postdoc, phd, research, "
       "geologist, astronomer, ecologist, mathematician, statistician",
       "research, experiment, data, statistics, science"),
    _f("sports", "sports, sport, fitness, athletics, the fitness industry",
       "coach, coaches, coaching, trainer, personal trainer, athlete, referee, footballer, player, gym, yoga, "
       "pilates, crossfit, marathon, triathlon, running, runner, cyclist, cycling, swimmer, swimming, climbing, "
       "climber, boxing, martial arts, tennis, football, soccer, basketball, rugby, cricket, hockey, netball, "
       "volleyball, athletic, team, physio, fitness instructor, instructor, sports",
       "workout, training plan, training, get fit, fitness, exercise, running, marathon, gym, sports, coaching, "
       "team, match, lose weight"),
    _f("food", "food, hospitality, restaurants, cooking, culinary, catering, the restaurant business",
       "chef, cook, baker, bakery, restaurant, cafe, café, barista, bartender, sommelier, caterer, catering, waiter, "
       "waitress, pastry chef, butcher, brewer, brewery, winemaker, food truck, pastry, bistro, diner, hotel",
       "cake, catering, recipe, cooking, dinner party, restaurant, wine, menu, baking, food"),
    _f("real estate", "real estate, property, housing",
       "realtor, real estate agent, estate agent, letting agent, property manager, landlord, property developer, "
       "mortgage broker, real estate",
       "apartment, flat, house, house hunting, rent, renting, buy a house, sell my house, lease, moving house, "
       "tenant, mortgage"),
    _f("marketing", "marketing, advertising, pr, public relations, communications, branding, sales",
       "marketer, marketing, advertising, pr, publicist, social media manager, content creator, influencer, "
       "brand manager, copywriter, agency, sales, salesperson, account manager, communications",
       "promotion, promote, branding, social media, ads, advertising, launch, press release, followers"),
    _f("beauty", "beauty, hairdressing, hair", "hairdresser, barber, stylist, hair stylist, makeup artist, "
       "nail technician, beautician, salon, esthetician, tattoo artist, tattooist",
       "haircut, hair, makeup, nails, tattoo, wedding makeup, beard, skincare"),
    _f("travel", "travel, tourism, aviation, airlines", "travel agent, pilot, flight attendant, cabin crew, "
       "tour guide, airline, hotel, tourism, travel blogger, hostel",
       "flight, flights, trip, itinerary, holiday, vacation, travel, hotel"),
    _f("outdoors", "gardening, agriculture, farming, horticulture, landscaping",
       "farmer, farm, gardener, landscaper, florist, horticulturist, arborist, tree surgeon, vineyard, allotment",
       "garden, gardening, plant, plants, lawn, flowers, tree, trees, hedge, vegetables, bouquet"),
    _f("childcare", "childcare, child care, early years", "nanny, babysitter, childminder, au pair, daycare, "
       "nursery teacher, kindergarten teacher",
       "babysitting, babysit, babysitter, childcare, nanny, toddler, newborn"),
    _f("fashion", "fashion, clothing", "tailor, seamstress, dressmaker, fashion designer, model, stylist, boutique",
       "alteration, alterations, hem, suit, dress, outfit, sewing"),
    _f("languages", "languages, translation", "translator, interpreter, language teacher, linguist",
       "translate, translation, translating, interpret, learn spanish, learn french, language"),
    _f("transport", "transport, logistics, shipping, delivery", "driver, truck driver, trucker, courier, delivery, "
       "logistics, taxi driver, uber driver, bus driver, removals, movers, shipping",
       "moving, move house, van, delivery, shipping, ride, lift to the airport, airport"),
    _f("business", "business, entrepreneurship, startups, retail, consulting",
       "entrepreneur, founder, co-founder, ceo, owner, runs a shop, runs a business, shop, store, retail, "
       "consultant, consulting, startup, small business, business",
       "business plan, pitch, investors, start a business, starting a business, funding, shop, consulting"),
    _f("careers", "recruiting, recruitment, hr, human resources",
       "recruiter, headhunter, hr, human resources, talent acquisition, career coach, hiring manager",
       "job, job hunt, job search, cv, resume, interview, career advice, career, hiring, salary negotiation"),
    _f("public service", "government, public sector, the civil service, public service, politics, military",
       "civil servant, police officer, police, firefighter, soldier, army, military, navy, council, politician, "
       "diplomat, embassy, government, social worker",
       "passport, permit, council tax, embassy"),
    _f("cleaning", "cleaning", "cleaner, housekeeper, cleaning company, janitor", "cleaning, deep clean, clean"),
    _f("events", "events, event planning, weddings", "event planner, wedding planner, events, dj, caterer, florist",
       "wedding, party, event, birthday party, venue"),
]
BY_NAME = {f.name: f for f in FIELDS}


def _ending(word: str) -> str:
    """A regex for a word or phrase with its usual endings (the last word only)."""
    w = re.escape(fold(word)).replace(r"\ ", r"\s+")
    if word.endswith("y") and len(word) > 3:
        return rf"{w[:-1]}(?:y|ies|ied)"
    return rf"{w}(?:s|es|ed|ing|d)?"


@cache
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(_ending(w) for w in sorted(words, key=len, reverse=True))
                      + r")(?![\w-])")


def said(words: tuple[str, ...], text: str) -> list[str]:
    """The words of `words` that `text` says (whole, with their endings), as written in `text`."""
    return [m.group(0) for m in _pattern(words).finditer(fold(text))]


def named(text: str) -> list[Field]:
    """The fields `text` names by name: "who here works in healthcare" -> healthcare."""
    return [f for f in FIELDS if said(f.said, text)]


def needed(text: str) -> list[Field]:
    """The fields whose needs `text` says, the most precise first: those matching the most need
    words, without a broader field that a narrower one found is part of."""
    scored = [(len(set(said(f.needs, text))), f) for f in FIELDS]
    best = max((n for n, _ in scored), default=0)
    if not best:
        return []
    found = [f for n, f in scored if n == best]
    narrower = {o for f in found for o in f.over}
    return [f for f in found if f.name not in narrower]


def asked(text: str) -> list[Field]:
    """The fields a question asks for: by name ("anyone in tech?") first, else by need."""
    return named(text) or needed(text)


def in_field(fields: list[Field], text: str) -> list[str]:
    """The occupations and workplaces of `fields` that `text` (a note, a job title) says."""
    return [w for f in fields for w in said(f.people, text)]


# "who here works in healthcare", "anyone in tech?", "who's into fitness", "any finance people?"
_FIELD_FRAME = re.compile(r"\b(?:work(?:s|ing|ed)?|jobs?|careers?|employed|in|into|studying|studies|study)\s+(?:the\s+)?$"
                          r"|^\s*(?:the\s+)?(?:people|folks|persons?|workers?|professionals?|industry|jobs?|field|sector)\b")
# a need: "my cat is sick, who could help", "need someone who knows taxes", "anyone good w cars?"
_NEED = re.compile(
    r"\bwho\s+(?:could|can|should|would|might|do|to)\s+(?:i\s+|we\s+)?(?:help|ask|call|talk|go|see|fix|recommend|"
    r"speak|turn|contact)\b|\bwho(?:'s| is)?\s+(?:good|great|handy|an? expert)\s+(?:with|w/?|at|in)\b"
    r"|\b(?:need|needs|needed|looking for|recommend|know|knows|find|want)\s+(?:a\s+good\s+|an?\s+|some\s+|any\s+)?"
    r"(?:someone|somebody|anyone|anybody|help|advice|recommendations?|expert|pro)\b"
    r"|\b(?:anyone|anybody|someone|somebody)\s+(?:good|great|handy|who knows|that knows|knows|know)\b"
    r"|\bgood\s+(?:with|w/?|at)\b|\bwho knows (?:about|how|anything)\b|\bask about\b|\bhelp (?:me )?with\b"
    r"|\bcould help\b|\bcan help\b|\b(?:need|know|recommend|looking for|find)\s+(?:of\s+)?(?:a good|a decent|a|an|any)\s")
# a need that is surely a question to the bot, not news ("maya needs a new laptop"): it asks who
_ASKS = re.compile(r"\?|\b(?:anyone|anybody|any1|recommend|recommendations?)\b|(?:^|[,.;:!]\s*|\b(?:so|and|but|pls|please)\s+)"
                   r"(?:who|whom)\b|\bwho\s+(?:could|can|should|would|might|do|to)\b"
                   r"|^\s*(?:i\s+|i'm\s+|im\s+)?(?:need|needs|looking for|want|trying to find)\b")


def is_need(text: str) -> bool:
    """Does `text` ask for someone to help with something?"""
    return bool(_NEED.search(fold(text)))


def asks_for_help(text: str) -> bool:
    """Is `text` a question asking who could help ("my cat is sick, who could help")?"""
    return is_need(text) and bool(_ASKS.search(fold(text)))


def named_as_field(text: str) -> list[Field]:
    """The fields `text` names in a frame about work or a field ("works in healthcare", "into
    fitness", "tech people"): "who cares about their health" names no field."""
    low = fold(text)
    out = []
    for f in FIELDS:
        for m in _pattern(f.said).finditer(low):
            if _FIELD_FRAME.search(low[:m.start()]) or _FIELD_FRAME.search(low[m.end():]):
                out.append(f)
                break
    return out


def wanted(text: str) -> list[Field]:
    """The fields a search question asks for: named as a field, or, for a need, named or needed."""
    if found := named_as_field(text):
        return found
    if not is_need(text):
        return []
    if found := named(text) or needed(text):
        return found
    words = tuple(dict.fromkeys(w for f in FIELDS for w in f.people if said((w,), text)))  # "know a good plumber?"
    return [Field(words[0], (), words, ())] if words else []
