"""Gift ideas and open items per person: kept, listed, shown with the person, marked done.

An open item is something still to do between the owner and one person, of one kind:

    gift      a gift idea for them               "gift idea for sam: a pour-over kettle"
    owe       the owner owes them                "owe jo 20 quid"
    owed      they owe the owner                 "jo owes me a tenner"
    lend      the owner means to lend them X     "lend maya my tent"
    lent      they have the owner's X            "lent maya my tent", "maya borrowed my tent"
    borrowed  the owner has their X              "borrowed jo's drill"

`respond` is the engine's one hook: the words are read by `core.understand.gifts` (groups go
to `core.groups`); a message that is none of these returns None and goes on to the usual
understanding. Done is said in words ("gave sam the kettle", "paid jo back", "done with the
kettle idea"): the open items of the person named (or of everyone) whose words the message
shares are marked done, never deleted; `mark_done(store, owner, item_id, now)` is the same as
a plain function for a button. The brief shows them (`core.brief_extras`); `birthday_line` is what
the birthday nudge adds ("Gift ideas: ...").
"""

from __future__ import annotations

import logging
import re
from datetime import datetime

from core import choices, groups
from core import format as fmt
from core.actions import Resolver
from core.people import matches
from core.records import Contact, Owner
from core.repositories import Store
from core.understand import gifts
from core.understand.names import fold

logger = logging.getLogger(__name__)

KINDS = ("gift", "owe", "owed", "lend", "lent", "borrowed")
_FILLER = {"the", "a", "an", "my", "your", "his", "her", "their", "its", "our", "idea", "gift", "present", "back",
           "money", "some", "that", "this", "for", "of", "to", "and", "with", "from", "one", "thing", "item", "him",
           "them", "it"}


def yours(text: str) -> str:
    """The owner's words as the bot says them back: "my tent" -> "your tent"."""
    return re.sub(r"(?i)\b(my|mine|me)\b", lambda m: {"my": "your", "mine": "yours", "me": "you"}[m[1].lower()], text)


def describe(kind: str, name: str, text: str) -> str:
    """One item as a line: "you owe Jo 20 quid", "Maya has your tent"."""
    return {
        "gift": f"gift idea for {name}: {text}",
        "owe": f"you owe {name} {text}",
        "owed": f"{name} owes you {yours(text)}",
        "lend": f"lend {name} {yours(text)}",
        "lent": f"{name} has {yours(text)}",
        "borrowed": f"you borrowed {text} from {name}",
    }.get(kind, f"{name}: {text}")


async def respond(store: Store, owner: Owner, text: str, now: datetime, source: int | None) -> str | None:
    """The reply to a gift, open-item or group message, or None when `text` is none of these."""
    contacts = await store.contacts(owner.key)
    said = gifts.parse(text, [c.name for c in contacts])
    if said is None:
        return None
    logger.debug("open items: %s", said.action)
    if said.action in ("tag", "untag", "group", "groups"):
        return await groups.act(store, owner, said, contacts, now, source)
    if said.action == "add":
        return await _add(store, owner, said, contacts, now, source)
    if said.action == "done":
        return await _done(store, owner, said, contacts, now, source)
    return await _list(store, owner, said, contacts)


async def _add(store: Store, owner: Owner, said: gifts.Said, contacts: list[Contact], now: datetime, source: int | None) -> str:
    async with store.transaction():
        resolve = Resolver(store, owner, now, source, contacts)
        lines = []
        for name in said.people:
            person = await resolve(_capital(name))
            await store.add_item(owner.key, person.id, said.kind, said.what, now, source)
            lines.append(describe(said.kind, person.name, said.what))
    head = "🎁 Saved" if said.kind == "gift" else "Noted"
    tip = {"gift": "", "owe": " Say \"paid {first} back\" when it's settled.",
           "lend": " Say \"lent {first} ...\" once you have."}.get(said.kind, "")
    reply = f"{head}: " + "; ".join(lines) + "." + tip.format(first=said.people[0].split()[0].lower())
    if resolve.assumed:
        reply += "\n(" + "; ".join(resolve.assumed) + " — say /undo if that's wrong.)"
    return reply


async def _done(store: Store, owner: Owner, said: gifts.Said, contacts: list[Contact], now: datetime, source: int | None) -> str | None:
    person = None
    if said.people:
        found = matches(said.people[0], contacts)
        if len(found) != 1:
            return None
        person = found[0]
    items = await store.items(owner.key, person.id if person else None, kinds=said.kinds)
    want = _words(said.what)
    hit = [i for i in items if want & _words(i["text"])] if want else \
        (items if person and said.verb in ("paid", "paid me") else [])
    if not hit:
        if person and said.verb == "paid":
            return f"You don't owe {person.name} anything that I know of."
        if person and said.verb == "paid me":
            return f"{person.name} doesn't owe you anything that I know of."
        if person and said.verb in ("lent", "loaned") and said.what:
            await store.add_item(owner.key, person.id, "lent", said.what, now, source)
            return f"Noted: {describe('lent', person.name, said.what)}. Say \"got my {_bare(said.what)} back\" when it's back."
        return None
    done = [await mark_done(store, owner.key, i["id"], now) for i in hit]
    reply = "✓ Done: " + "; ".join(d for d in done if d) + "."
    if said.verb in ("lent", "loaned") and person:  # lent as planned: now they have it
        await store.add_item(owner.key, person.id, "lent", said.what, now, source)
        reply += f" Noted: {describe('lent', person.name, said.what)}."
    return reply


async def mark_done(store: Store, owner: str, item_id: int, now: datetime) -> str | None:
    """Mark one open item done (a button can call this); its description, or None if it was
    not open (done already, or not this owner's)."""
    item = next((i for i in await store.items(owner) if i["id"] == item_id), None)
    if item is None or not await store.finish_item(owner, item_id, now):
        return None
    return describe(item["kind"], item["name"], item["text"])


async def _list(store: Store, owner: Owner, said: gifts.Said, contacts: list[Contact]) -> str:
    person = None
    if said.people:
        found = matches(said.people[0], contacts)
        if not found:
            return f"I don't have anyone called {said.people[0]}."
        if len(found) > 1:
            return f"Which one? {fmt.join([c.name for c in found])} — use the full name."
        person = found[0]
    items = await store.items(owner.key, person.id if person else None, kinds=said.kinds)
    if said.what:
        items = [i for i in items if _words(said.what) & _words(i["text"])] or items
    choices.offer([choices.Choice(f"Done: {_short(i['text'])}", "item.done", {"id": i["id"]})
                   for i in items[:MAX_BUTTONS]])
    if said.kinds == ("gift",):
        if not items:
            who = f" for {person.name}" if person else ""
            example = person.name.split()[0].lower() if person else "sam"
            return f"No gift ideas{who} yet. Save one like \"gift idea for {example}: a cookbook\"."
        if person:
            return f"🎁 Gift ideas for {person.name}:\n" + "\n".join(f"• {i['text']}" for i in items)
        return "🎁 Gift ideas:\n" + "\n".join(f"• {i['name']}: {i['text']}" for i in items)
    if not items:
        nothing: dict[tuple[str, ...], str] = {("owe", "borrowed"): "You don't owe anyone anything that I know of.",
                                               ("owed", "lent"): "Nobody owes you anything that I know of."}
        return nothing.get(said.kinds, "Nothing open.")
    heads: dict[tuple[str, ...], str] = {("owe", "borrowed"): "What you owe", ("owed", "lent"): "What others owe you"}
    head = heads.get(said.kinds, "Open items")
    return f"{head}:\n" + "\n".join(f"• {describe(i['kind'], i['name'], i['text'])}" for i in items) + \
        "\nSay it when it's done, e.g. \"paid jo back\" or \"got my tent back\"."


MAX_BUTTONS = 5  # [Done: ...] buttons under a list of gift ideas or open items


def _short(text: str, n: int = 24) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


async def birthday_line(store: Store, owner: str, contact_id: int) -> str:
    """' Gift ideas: a pour-over kettle; a book.' for a birthday nudge, or ''."""
    return gift_line([i["text"] for i in await store.items(owner, contact_id, kinds=("gift",))])


def gift_line(ideas: list[str]) -> str:
    """The birthday nudge's gift line from the open gift ideas (`store.gift_ideas`), or ''."""
    return f" Gift ideas: {'; '.join(ideas)}." if ideas else ""


def _words(text: str) -> set[str]:
    words = {fold(w) for w in re.findall(r"[^\W_]+", text or "")}
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words if w not in _FILLER and len(w) > 1}


def _bare(text: str) -> str:
    return re.sub(r"(?i)^(?:my|the|a|an)\s+", "", text)


def _capital(name: str) -> str:
    """A new person is stored capitalised ("sam lee" -> "Sam Lee"); a known name keeps its spelling."""
    return " ".join(w[:1].upper() + w[1:] for w in name.split())
