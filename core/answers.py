"""Answering questions: exact facts from SQL, open questions from hybrid search.

Replies are short, dated and honest: what is not stored is said to be unknown
("I don't have anything about Zed yet"), never guessed, and a name nobody knows is never
answered with someone else's notes. Only a "who is X?" whose X is no contact but a word the
notes use ("who is pregnant?") is a search. Notes repeated in an answer about one person are
trimmed to the parts about them (`core.notes_about`). "who did I see last week?" lists the
meeting log of those days. With a model configured, an open
question's retrieved notes (this owner's only) go to a composer (`core.llm.answerer`) for a
more natural answer; when it fails or cites nothing, the rule answer below is used.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from core import (
    about_one,
    calendar,
    contact_kinds,
    field_search,
    followups,
    having,
    kind_answers,
    life_events,
    nicknames,
    people_search,
    recall,
    seen_around,
    yearly,
)
from core import format as fmt
from core.facts import summary
from core.intents import QuestionIntent
from core.llm.answerer import LLMAnswerer
from core.llm.briefer import LLMBriefer
from core.notes_about import about_them, is_state, mentions, resolve, without_old
from core.persona import CharacterCard
from core.records import Contact, Fact, Note, Owner
from core.repositories import Store
from core.retrieval import terms
from core.search import Indexer, VectorIndex, hybrid
from core.understand.lexicon import RELATION_GROUPS
from core.understand.names import fold
from core.understand.yearly_dates import asked

SEARCH_FLOOR = people_search.FLOOR
_ACTIVITIES = ("coffee", "lunch", "dinner", "breakfast", "brunch", "drinks", "beer", "tea", "walk", "run")


COMPOSE_NOTES = 8  # retrieved notes a composer sees
_YES_NO = re.compile(r"(?i)^\s*(?:does|did|is|was|has|have|can|will)\b")  # "does Tariq have a cat?"


@dataclass(frozen=True)
class Found:
    """One retrieved note, with whom it is about and what is known of them."""

    note: Note
    contact: Contact
    facts: str


@dataclass(frozen=True)
class Asking:
    """Who asks, for a composer: their persona, time zone and date."""

    persona: CharacterCard
    timezone: str
    today: date


class Answerer:
    def __init__(self, store: Store, index: VectorIndex | None, indexer: Indexer | None,
                 composer: LLMAnswerer | None = None) -> None:
        self.store = store
        self.index = index
        self.indexer = indexer
        self.composer = composer
        self.briefer = LLMBriefer.for_composer(composer)  # the brief's summary: the composer's model

    async def answer(self, owner: Owner, q: QuestionIntent, today: date,
                     persona: CharacterCard | None = None) -> tuple[str, int | None]:
        """(reply, id of the person now in focus)."""
        k = owner.key
        asking = Asking(persona, owner.tz, today) if persona is not None else None
        if q.kind == "upcoming_birthdays":
            return await calendar.upcoming(self.store, k, today, q.days, q.start, q.end), None
        if q.kind == "who_in_city":
            return await self.who_in_city(k, q.query), None
        if q.kind in recall.KINDS:  # a brief, looking back, losing touch
            return await recall.answer(self, owner, q, today, persona)
        if q.kind == "seen_between":
            return await calendar.seen_between(self.store, k, q, today), None
        if q.kind == "search" or not q.person:
            return await self.search(k, q.query, asking=asking, today=today), None
        contacts = await self.store.contacts(k)
        found = resolve(q.person, contacts)
        if " and " in q.person and not any(fold(c.name) == fold(q.person) for c in contacts):  # "kofi and diego": each
            each = [await self.answer(owner, q.model_copy(update={"person": p}), today, persona)
                    for p in q.person.split(" and ")]
            return "\n\n".join(reply for reply, _ in each), None
        if not found and (nick := await nicknames.known_as(self.store, k, q.person, contacts)):
            found = [nick]  # "whats new w kasia": Katarzyna, who goes by Kasia
        if not found:
            said = await mentions(self.store, k, q.person)  # notes that name them, never anyone else's
            if q.kind == "who_is" and (pet := await having.pet_named(self.store, k, q.person)
                                       or await having.introduced(self.store, k, q.person, contacts)):
                return pet, None  # "who is waffle": Meera's beagle, or the note on Meera that names it
            if q.kind == "who_is" and not said and await is_state(self.store, k, q):  # "who is pregnant?": a word of the notes
                return await self.search(k, q.query, asking=asking, today=today), None
            unknown = f"I don't have anyone called {q.person} in your contacts yet"
            if said:
                return f"{unknown}, but your notes mention {q.person}:\n{said}", None
            return unknown + ".", None
        if q.relation:
            return await self._via_relation(k, q, found[0], today)
        if len(found) > 1 and q.kind != "birthday":
            found = await self._narrow(k, q, found)
        if len(found) > 1 and q.kind != "birthday":
            names = fmt.join([c.name for c in found])
            return f"You know {len(found)} people called {q.person}: {names}. Which one do you mean?", None
        parts = [await self.about(k, q, c, today) for c in found]
        if q.kind == "who_is" and (pet := await having.pet_named(self.store, k, q.person)
                                   or await having.introduced(self.store, k, q.person, contacts)):
            parts.insert(0, pet)  # "who is waffle", a pet also taken for a person: "she has a beagle named waffle"
        return "\n".join(parts), found[0].id if len(found) == 1 else None

    async def _narrow(self, k: str, q: QuestionIntent, found: list[Contact]) -> list[Contact]:
        """Of several people a name fits, the one who has what is asked (a meeting for "where did
        I have dinner w X", a city for "where does X live"), when only one has it."""
        wanted = _ASKED_FACTS.get(q.kind)
        if q.kind in ("last_seen", "first_met", "where_last_seen", "where_met"):
            having = [c for c in found if await self.store.interactions(k, c.id, limit=1)]
        elif wanted:
            having = [c for c in found if wanted & set(await self.store.current_facts(k, c.id))]
        else:
            return found
        return having if len(having) == 1 else found

    async def _via_relation(self, k: str, q: QuestionIntent, person: Contact, today: date) -> tuple[str, int | None]:
        assert q.relation is not None  # asked through a relation ("who is Tom's wife?")
        wanted = RELATION_GROUPS.get(q.relation, {q.relation})
        rel = [r for r in await self.store.relatives(k, person.id) if r.relation in wanted]
        if not rel:  # "who is Erik married to?" when it was said as "Sara is married to Erik"
            kin = next((g for g in _BOTH_WAYS if q.relation in g), set()) | _INVERSE.get(q.relation, set())
            rel = [r for r in await self.store.relative_of(k, person.id) if r.relation in kin]
        label = q.relation + ("s" if q.relation == "kid" else "")
        if not rel:
            said = await self._notes_saying(k, person, {q.relation} | wanted | _SAID_AS.get(q.relation, set()))
            if said:  # "her husband is paulo", kept as a note: say what the notes say
                return f"From your notes on {person.name}:\n{said}", person.id
            return f"I don't know of {fmt.possessive(person.name)} {label} yet.", person.id
        if q.kind == "relation":
            return f"{fmt.possessive(person.name)} {label}: {fmt.join([r.contact.name for r in rel])}.", person.id
        parts = [await self.about(k, q, r.contact, today) for r in rel]
        return "\n".join(parts), rel[0].contact.id

    async def about(self, k: str, q: QuestionIntent, c: Contact, today: date) -> str:
        facts = await self.store.current_facts(k, c.id)
        if q.kind == "yearly" and (kind := asked(q.query)):  # "when is sam's anniversary?"
            return yearly.answer(kind, c.name, facts[kind].value if kind in facts else None, today)
        if q.kind == "birthday":
            if "birthday" not in facts:
                return f"I don't know {fmt.possessive(c.name)} birthday yet."
            value = facts["birthday"].value
            text = f"{fmt.possessive(c.name)} birthday is {fmt.month_day(value)}"
            if len(value) == 10:
                nxt = calendar.next_birthday(value, today)
                turns = nxt.year - int(value[:4])
                if re.search(r"(?i)\bhow old\b|\bage\b", q.query) and nxt != today:  # "how old is aoi": the age first
                    return (f"{c.name} is {turns - 1} now (born {fmt.month_day(value)}; turns {turns} on "
                            f"{fmt.day(nxt)}).")
                text += (f" (turns {turns} today)" if nxt == today
                         else f" ({turns - 1} now, turns {turns} on {fmt.day(nxt)})")
            elif re.search(r"(?i)\bhow old\b", q.query):
                text += " (I don't know the year they were born)"
            return text + "."
        if kind_answers.answerable(q.kind):  # "where is dami from?": that kind and no other
            values = {kind: f.value for kind, f in facts.items()}
            lines = [f"• {fmt.day(n.on)}: {n.text}" for n in await self._notes(k, c, ("news", "fact"), 20)]
            return kind_answers.answer(q.kind, c.name, values, lines)
        if q.kind == "lives" and (moving := kind_answers.planned_move(facts.get("city"), facts.get("moving_to"))):
            return moving.format(name=c.name)  # "Zanele lives in Durban; moving to Joburg (next month)."
        if q.kind == "lives":
            if "city" not in facts:
                if said := await self._notes_matching(k, c, _PLACE_TALK):  # "carlo's moving to cebu in dec"
                    return f"I don't know where {c.name} lives now, but your notes say:\n{said}"
                return f"I don't know where {c.name} lives yet."
            return f"{c.name} lives in {facts['city'].value}."
        if q.kind == "work":
            bits = []
            if "title" in facts:
                bits.append(f"is {_article(facts['title'].value)}")
            if "employer" in facts:
                bits.append(f"works at {facts['employer'].value}")
            if bits:
                return f"{c.name} " + " and ".join(bits) + "."
            notes = await self._notes(k, c, ("news", "fact"), 3)
            if notes:
                return f"I don't have a job for {c.name}, but: " + "; ".join(n.text for n in notes)
            return f"I don't know what {c.name} does yet."
        if q.kind in ("last_seen", "first_met", "where_last_seen", "where_met"):
            return await self._meeting(k, q, c, today)
        if q.kind == "whats_new":
            return await self.whats_new(k, c, today)
        if q.kind in ("who_is", "whats_new") and not _YES_NO.match(q.query) and (
                one := await about_one.answer(self.store, self.index, k, q.query, c, q.person)):
            return one  # "what's X learning?": the notes that say it, not the whole profile
        if _YES_NO.match(q.query) and (told := await self._search_one(k, q.query, c)):
            return told  # "does Tariq have a cat?": what the notes on Tariq say about it
        return await self.profile(k, c, today)

    async def _notes_matching(self, k: str, c: Contact, pattern: re.Pattern[str]) -> str:
        """Lines for `c`'s notes that match `pattern`, newest first."""
        notes = [n for n in await self._notes(k, c, ("news", "fact", "interaction"), 20) if pattern.search(n.text)]
        return "\n".join(f"• {fmt.day(n.on)}: {n.text}" for n in notes[:3])

    async def _notes_saying(self, k: str, c: Contact, words: set[str]) -> str:
        """Lines for `c`'s notes that use one of `words` (a kinship word and its plural)."""
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words)) + r")s?\b", re.I)
        notes = [n for n in await self._notes(k, c, ("news", "fact", "interaction"), 20) if pattern.search(n.text)]
        return "\n".join(f"• {fmt.day(n.on)}: {n.text}" for n in notes[:3])

    async def _search_one(self, k: str, query: str, c: Contact) -> str | None:
        """The notes on `c` that answer `query` (hybrid search kept to that person), or None."""
        if self.indexer is not None:
            await self.indexer.drain(k)
        hits = await hybrid(self.store, self.index, k, query)
        notes = {n.id: n for n in await self.store.notes_by_id(k, [h.note_id for h in hits if h.score >= SEARCH_FLOOR])}
        mine = [notes[h.note_id] for h in hits if h.note_id in notes and notes[h.note_id].contact_id == c.id]
        if not mine or not set(terms(query)) - set(terms(c.name)):
            return None
        trim = await self._trimmer(k, c)
        return f"From your notes on {c.name}:\n" + "\n".join(f"• {fmt.day(n.on)}: {trim(n.text)}" for n in mine[:3])

    async def _meeting(self, k: str, q: QuestionIntent, c: Contact, today: date) -> str:
        first = q.kind in ("first_met", "where_met")
        logged = await self.store.interactions(k, c.id, newest_first=not first)
        if not logged:
            if said := await seen_around.came_up_at(self.store, k, c, today):  # "braai at kwame's, his cousin efua ..."
                return said
            return f"I don't have any meeting with {c.name} on record."
        # "when did I last see X": the last meeting, not a later call; "talk to": any contact
        seen = [i for i in logged if i.kind in contact_kinds.asked(q.query)]
        if not seen:  # only calls or texts: said as such, with the date
            i = logged[0]
            how = {"call": "talked on the phone", "text": "texted"}.get(i.kind, "were in touch")
            return (f"I don't have a meeting with {c.name} on record; you last {how} {fmt.day(i.on, today)}. "
                    f"({(await self._trimmer(k, c))(i.note)})")
        pick = seen[0]
        if q.kind.startswith("where"):
            asked = [a for a in _ACTIVITIES if a in q.query.lower()]
            with_place = [i for i in seen if i.place]
            pick = next((i for i in with_place if any(a in i.note.lower() for a in asked)), None) or (
                with_place[0] if with_place else seen[0])
        # "when did I go to the museum with Noor?": the meeting the question's own words describe
        words = set(terms(q.query)) - _MEETING_TALK - set(terms(f"{c.name} {q.person or ''}"))  # "min-jae": ji, woo
        described = [i for i in seen if words & set(terms(f"{i.note} {i.place or ''}"))]
        if words and described:
            pick = described[0]
        verb = "first met" if first and pick.kind == "met" else ("first " if first else "last ") + _SAW.get(pick.kind, "saw")
        where = f" at {pick.place}" if pick.place else ""
        return f"You {verb} {c.name} {fmt.day(pick.on, today)}{where}. ({(await self._trimmer(k, c))(pick.note)})"

    async def whats_new(self, k: str, c: Contact, today: date) -> str:
        notes = await self._notes(k, c, ("news",), 6)
        seen = await self.store.interactions(k, c.id, limit=3)
        trim = await self._trimmer(k, c)
        items = [(n.on, n.id, f"{fmt.day(n.on)}: {n.text}") for n in notes]
        items += [(i.on, i.id, f"{fmt.day(i.on)}: {_MET.get(i.kind, 'you met')}" + (f" at {i.place}" if i.place else "")
                   + f" — {trim(i.note)}") for i in seen]
        items.sort(key=lambda t: (t[0], t[1]), reverse=True)
        facts = await self._fact_line(k, c)
        if not items and not facts:
            return f"I have {c.name} in your contacts, but nothing new yet."
        lines = [f"{c.name}:"] + [f"• {t}" for _, _, t in items[:8]]
        if facts:
            lines.append(facts)
        return "\n".join(lines)

    async def profile(self, k: str, c: Contact, today: date) -> str:
        lines = []
        for r in await self.store.relative_of(k, c.id):
            lines.append(f"{c.name} is {fmt.possessive(r.contact.name)} {r.relation}.")
        rel = await self.store.relatives(k, c.id)
        if rel:
            lines.append("Family & partners: " + ", ".join(f"{r.relation} {r.contact.name}" for r in rel) + ".")
        if facts := await self._fact_line(k, c):
            lines.append(facts)
        lines += _card_lines(c, await self.store.current_facts(k, c.id))
        seen = await self.store.interactions(k, c.id, limit=1)
        if seen:
            i = seen[0]
            lines.append(f"{_LAST.get(i.kind, 'Last seen')} {fmt.day(i.on, today)}" + (f" at {i.place}" if i.place else "") + ".")
        notes = await self._notes(k, c, ("news", "fact"), 6)  # "fact": what an import or a remark said
        lines += [f"• {fmt.day(n.on)}: {n.text}" for n in notes]
        lines += yearly.card(await self.store.current_facts(k, c.id)) + await followups.person_lines(self.store, k, c.id)
        if not lines:
            return f"{c.name} is in your contacts, but I don't know anything else yet."
        return f"{c.name}\n" + "\n".join(lines) if not lines[0].startswith(c.name) else "\n".join(lines)

    async def _trimmer(self, k: str, c: Contact) -> Callable[[str], str]:
        """A function trimming a note to the parts about `c` (the whole note if none is)."""
        contacts = await self.store.contacts(k)
        return lambda text: about_them(text, c, contacts) or text

    async def _notes(self, k: str, c: Contact, kinds: tuple[str, ...], limit: int) -> list[Note]:
        """`c`'s notes of these kinds, each trimmed to the parts about `c`; notes about others only
        left out, and so are notes that state an old city or job ("lives in Oslo" after a move)."""
        contacts = await self.store.contacts(k)
        current = await self.store.current_facts(k, c.id)
        old = [f for f in await self.store.past_facts(k, c.id) if f.kind != "birthday"
               and (f.kind not in current or fold(current[f.kind].value) != fold(f.value))]
        out = []
        for n in await self.store.notes(k, c.id, kinds, limit + 3):
            text = about_them(n.text, c, contacts)
            if text is None or (text := without_old(text, [f.value for f in old], [f.value for f in current.values()])) is None:
                continue
            out.append(replace(n, text=text))
        return out[:limit]

    async def _fact_line(self, k: str, c: Contact) -> str:
        facts = await self.store.current_facts(k, c.id)
        return " · ".join(summary({kind: f.value for kind, f in facts.items()}))  # the kinds of core/facts.py

    async def upcoming(self, k: str, today: date, days: int = 30) -> str:
        return await calendar.upcoming(self.store, k, today, days)

    async def who_in_city(self, k: str, city: str) -> str:
        people = await self.store.people_with_fact(k, "city", city)
        living = {c.id for c in people}
        moving = [c for c in await self.store.people_with_fact(k, "moving_to", city) if c.id not in living]
        if people or moving:  # "who do i know in subotica": those moving there too
            return f"In {city}: {fmt.join([c.name for c in people] + [f'{c.name} (moving there)' for c in moving])}."
        said = await self.search(k, f"lives in {city}", header=f"I have no one living in {city}; related notes:", naming=city)
        return said or f"I don't know anyone in {city} yet."

    async def search(self, k: str, query: str, header: str | None = None, asking: Asking | None = None,
                     today: date | None = None, naming: str | None = None) -> str:
        """People for an open question, with their notes. `naming`: only notes that name it count
        (a city asked about: "lives in berlin" is no answer to "who lives in tokyo"); then an empty
        string when none does."""
        if not await self.store.has_notes(k):
            return "I don't have any notes yet — tell me about the people you meet."
        if self.indexer is not None:
            await self.indexer.drain(k)
        if header is None and (people := await field_search.find(self.store, self.index, k, query)) is not None:
            return _people_lines(people) if people else field_search.nobody(query)  # a field or a need: its people
        kept = await having.find(self.store, k, query, today) if header is None and today else None
        contacts = await self.store.contacts(k)
        if header is None and (people := await life_events.find(self.store, k, query)):
            people = people_search.named_over_implied(people, contacts)  # "his sister aoi is getting married": Aoi's
            return _people_lines(_first(kept, people))  # "who's expecting": whose notes tell of it, newest first
        hits = await hybrid(self.store, self.index, k, query)
        notes = {n.id: n for n in await self.store.notes_by_id(k, [h.note_id for h in hits])}
        people = people_search.rank(hits, notes, contacts, query)  # grouped by person
        people = people_search.named_over_implied(people, contacts)
        if naming is not None:
            people = [p for p in people if any(re.search(rf"\b{re.escape(fold(naming))}\b", fold(n.text)) for _, n in p.notes)]
            if not people:
                return ""
        if kept:  # "who has a dog": the pets and family kept first, then whose notes say it in words
            said = set(terms(query))
            return _people_lines(_first(kept, [p for p in people if any(said & set(terms(n.text)) for _, n in p.notes)]))
        if not people:
            return "I couldn't find anyone matching that in your notes."
        lines = _people_lines(people, header).split("\n")
        if self.composer is not None and asking is not None and header is None:
            found = await self._found(k, [notes[h.note_id] for h in hits if h.score >= SEARCH_FLOOR
                                          and h.note_id in notes and notes[h.note_id].contact_id is not None])
            composed = await self.composer.compose(query, found, persona=asking.persona,
                                                   timezone=asking.timezone, today=asking.today)
            if composed:
                return composed
        return "\n".join(lines)

    async def _found(self, k: str, notes: list[Note]) -> list[Found]:
        """The owner's retrieved notes with their people, for a composer (owner-scoped reads only)."""
        out: list[Found] = []
        people: dict[int | None, tuple[Contact, str] | None] = {}
        for n in notes[:COMPOSE_NOTES]:
            if n.contact_id not in people:
                c = await self.store.contact(k, n.contact_id) if n.contact_id is not None else None
                people[n.contact_id] = (c, await self._fact_line(k, c)) if c else None
            if (known := people[n.contact_id]) is not None:
                out.append(Found(n, *known))
        return out


# Relations that hold both ways, by group: if Sara's spouse is Erik, Erik's spouse is Sara; if Dan
# is Tom's brother, Tom is Dan's sibling.
_BOTH_WAYS = [{"wife", "husband", "spouse", "partner", "fiancé", "fiancée", "girlfriend", "boyfriend"},
              {"sibling", "brother", "sister", "twin"}, {"cousin"}, {"colleague"}, {"roommate"}, {"best friend"}]
# a relation asked one way and told the other: "does salote have kids?" after "tevita's mum salote"
_PARENTS = {"mother", "father", "parent", "stepmom", "stepmum", "stepdad", "stepmother", "stepfather"}
_KIDS = {"kid", "son", "daughter", "stepson", "stepdaughter", "stepkid"}
_INVERSE = {"kid": _PARENTS, "son": _PARENTS, "daughter": _PARENTS, "parent": _KIDS, "mother": _KIDS, "father": _KIDS}


# how notes say a relative exists without the kinship word: "had a baby boy", "tied the knot"
_KIDS_SAID = {"baby", "babies", "newborn", "twins", "triplets", "baby boy", "baby girl", "born", "gave birth", "toddler"}
_SAID_AS = {"kid": _KIDS_SAID, "son": _KIDS_SAID, "daughter": _KIDS_SAID,
            "spouse": {"married", "wedding", "tied the knot"}, "wife": {"married", "wedding"},
            "husband": {"married", "wedding"}, "partner": {"married", "together", "dating"}}
# the facts that answer each kind of question, to tell apart two people a name fits
_ASKED_FACTS = {"lives": {"city"}, "work": {"employer", "title", "work_city"}}
# how each kind of interaction is said: in a list of news, in a profile, in "when did I last ..."
_MET = {"met": "you met", "call": "you talked on the phone", "text": "you texted"}
_LAST = {"met": "Last seen", "call": "Last talked on the phone", "text": "Last texted"}
_SAW = {"met": "saw", "call": "talked to", "text": "texted with"}
# what a note says about where someone lives or is moving, for a "where does X live?" with no city stored
_PLACE_TALK = re.compile(r"(?i)\b(?:mov(?:e|es|ed|ing)|relocat\w*|lives?|living|based|settl\w*)\s+(?:to|in|back)\b")

# words of a "when/where did I ... X" question that say nothing about which meeting is meant
_MEETING_TALK = {"see", "saw", "seen", "last", "time", "talk", "talked", "meet", "met", "go", "went", "catch",
                 "caught", "hang", "hung", "visit", "visited", "spoke", "speak", "call", "called", "recently",
                 "first", "ago", "long", "since", "run", "ran", "bump", "bumped", "into", "get", "got", "together"}


def _first(kept: list[people_search.Person] | None, found: list[people_search.Person]) -> list[people_search.Person]:
    """The people found by what is kept on them, then the others a search found."""
    listed = {p.contact.id for p in kept or ()}
    return [*(kept or ()), *(p for p in found if p.contact.id not in listed)][:people_search.MAX_PEOPLE]


def _people_lines(people: list[people_search.Person], header: str | None = None) -> str:
    """People found by a search, each with their best notes."""
    lines = [header or fmt.join([p.contact.name for p in people]) + ":"]
    for p in people:
        said = [n.text if n.kind == having.KEPT else f"{fmt.day(n.on)}: {n.text}" for _, n in p.notes[:people_search.NOTES_EACH]]
        lines.append(f"• {p.contact.name} — " + " · ".join(said))
    return "\n".join(lines)


def _card_lines(c: Contact, facts: dict[str, Fact]) -> list[str]:
    """What address books carry beside the facts above: the full name, nickname, e-mail, phone."""
    v = {k: f.value for k, f in facts.items()}
    lines = []
    if any(k in v for k in ("name_prefix", "middle_name", "name_suffix")):
        parts = c.name.split()
        full = [v.get("name_prefix", ""), *parts[:1], v.get("middle_name", ""), *parts[1:], v.get("name_suffix", "")]
        lines.append("Full name: " + " ".join(p for p in full if p))
    for kind, label in (("nickname", "Nickname"), ("email", "E-mail"), ("phone", "Phone")):
        if kind in v:
            lines.append(f"{label}: {v[kind]}")
    return lines


def _article(title: str) -> str:
    if re.match(r"^(a|an|the)\s", title, re.I):
        return title
    return ("an " if title[:1].lower() in "aeiou" else "a ") + title
