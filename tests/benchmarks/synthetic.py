"""Synthetic address books for the scale benchmark: people, notes about them, and the
messages a user would send, all drawn from small word lists with a seeded `random.Random`,
so every run builds the same data.

A note reads like what Memoro stores from a message ("Priya Shah just started learning
pottery in Lyon"); an address book of N notes has N/20 people (20 notes per person on average). Logging
messages and questions use the people of that address book, so they hit real rows.
"""

# ruff: noqa: SIM905 (word lists read better as text)
from __future__ import annotations

import random
from datetime import date, timedelta

FIRST = """Aiko Amara Ana Ben Bea Carla Chen Dara Dev Elif Emil Eva Femi Finn Gia Hana Ines Ivan Jana Jon
Kai Kofi Lara Leo Lina Luca Maya Mei Nia Noah Omar Owen Pia Priya Raj Rosa Sam Sara Taro Tess Uma Vera
Wen Yara Yusuf Zoe Ada Bruno Cleo Diego""".split()
# 20 x 10 made-up surnames ("Holmberg", "Vasquello"), so 5,000 people all have distinct names.
LAST = [a + b for a in "Hol Vas Kor Bren Mar Tal Orr Sil Dun Fen Gar Lind Mor Pel Quin Rad Stav Tor Wes Yar".split()
        for b in "berg quello ani wick sson ford ez ovic ier mann".split()]
HOBBIES = ["pottery", "chess", "climbing", "the cello", "salsa dancing", "birdwatching", "woodworking",
           "surfing", "sourdough baking", "photography", "the violin", "kayaking", "calligraphy", "yoga",
           "beekeeping", "fencing", "knitting", "rowing", "archery", "sailing", "painting", "tennis",
           "running", "gardening", "skiing", "Spanish", "the piano"]
CITIES = """Lyon Porto Osaka Berlin Austin Nairobi Lisbon Seoul Denver Oslo Quito Hanoi Dublin Perth
Krakow Tunis Bogota Leeds Malmo Turin""".split()
COMPANIES = """Nintendo Spotify Airbus Siemens Stripe Canva Ikea Lego Philips Zara Shopify Atlassian
Nokia Bosch Rakuten Naver Mercado Wise Klarna Adyen""".split()
PETS = "a golden retriever|a tabby cat|two rabbits|a parrot|a border collie|a tortoise|a pug".split("|")
PLACES = "Blue Bottle|the farmers market|Cafe Luna|the climbing gym|the park|a ramen bar".split("|")
NEWS = [
    "{n} just started learning {hobby}.",
    "{n} moved to {city} for a job at {company}.",
    "{n} adopted {pet} last month.",
    "{n} got promoted to team lead at {company}.",
    "{n} is training for a half marathon in {city}.",
    "{n} is planning a trip to {city} in the spring.",
    "{n} has been really into {hobby} lately.",
    "{n} left {company} and is looking for work.",
    "{n} got engaged while on holiday in {city}.",
    "{n} is renovating an old flat in {city}.",
]
LOGS = [
    "Had coffee with {n} at {place} today, {p} just started learning {hobby}.",
    "Lunch with {n} yesterday, {p} is moving to {city} next month.",
    "{n} adopted {pet}!",
    "Ran into {n} at {place}, {p} got a new job at {company}.",
]
SEARCHES = [
    "Who do I know that likes {hobby}?",
    "who works at {company}?",
    "anyone who has {pet}?",
    "who is looking for work?",
    "who is into {hobby}?",
    "who is training for a marathon?",
    "who got promoted?",
    "who is renovating a flat?",
]
FACTS = ["what's new with {n}?", "tell me about {n}", "where does {n} live?"]


class Book:
    """One synthetic address book: its people and generators for notes and messages."""

    def __init__(self, size: int, seed: int = 7, people: int | None = None):
        self.rng = random.Random(seed)
        count = people or max(1, size // 20)
        names = [f"{first} {last}" for last in LAST for first in FIRST]
        self.rng.shuffle(names)
        self.people = names[:count]  # up to 10,000

    def _fill(self, template: str, name: str) -> str:
        r = self.rng
        return template.format(n=name, hobby=r.choice(HOBBIES), city=r.choice(CITIES),
                               company=r.choice(COMPANIES), pet=r.choice(PETS), place=r.choice(PLACES),
                               p=r.choice(("he", "she", "they")))

    def notes(self, first: int, count: int, start: date = date(2020, 1, 1)):
        """(person index, note text, date) for notes `first`..`first + count`.

        Note i is about one of the first i/20 + 1 people, so the address book gains a person
        every 20 notes and older people keep getting news; dates rise by a day every 40 notes.
        """
        for i in range(first, first + count):
            who = min(self.rng.randrange(i // 20 + 1), len(self.people) - 1)
            yield who, self._fill(self.rng.choice(NEWS), self.people[who]), start + timedelta(days=i // 40)

    def log_message(self, known: int) -> str:
        return self._fill(self.rng.choice(LOGS), self.rng.choice(self.people[:known]))

    def search_question(self, known: int = 0) -> str:
        return self._fill(self.rng.choice(SEARCHES), "")

    def fact_question(self, known: int) -> str:
        return self._fill(self.rng.choice(FACTS), self.rng.choice(self.people[:known]))
