"""Merging two people who are one: `/merge sam lee, samuel lee`, "sam and samuel lee are the
same person", or [Same person] when the bot asks after a new name looks like a known one.

The first person named is kept (with the fuller of the two names); everything of the second
moves to them in one unit of work (storage/merge_store.py): facts (for a kind both have, the
newer value is current and the older becomes history), meetings, notes, family links,
keep-in-touch reminders, nudges and the rows of any other table keyed by `contact_id`, and the
second name is kept as a nickname. A merge keeps a journal of what it changed, so /undo (or
its [Undo] button) puts both people back exactly.

A new name looks like a known one (`lookalikes`) when, with the same last name (or none on
one side), the first names fold to the same letters ("jo-ann" / "Joann"), one is a nickname of
the other (bob / Robert, a short table below), one is an initial ("s. lee" / "Sam Lee"), or one
starts the other ("sam" / "Samuel").
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import TYPE_CHECKING

from core.choices import Choice, Press, Stale, action, current_message, offer
from core.people import matches
from core.records import Contact, Owner
from core.understand.names import fold

if TYPE_CHECKING:  # annotations only: these modules import this one
    from core.engine import Engine

logger = logging.getLogger(__name__)

# groups of first names that are one name (data: add a line to add a group)
NICKNAMES = """
robert bob bobby rob robbie bert | william will bill billy liam | richard rick ricky dick rich
james jim jimmy jamie | john jack johnny | elizabeth liz lizzie beth betty eliza libby
katherine catherine kate katie kathy cathy kat | margaret maggie meg peggy greta | michael mike mikey mick
christopher chris kit | nicholas nick nicky | alexander alex sasha sandy | alexandra alex sasha sandra
anthony tony | joseph joe joey | thomas tom tommy | daniel dan danny | matthew matt | andrew andy drew
benjamin ben benny | samuel sam sammy | samantha sam sammy | edward ed eddie ted ned | charles charlie chuck
jennifer jen jenny | jessica jess jessie | rebecca becky becca | victoria vicky tori | patricia pat patty trish
stephen steve stevie | steven steve | timothy tim timmy | jonathan jon jonny | gregory greg | david dave davey
susan sue susie | deborah deb debbie | francesca fran frankie | francis frank frankie | henry harry hank
theodore theo ted teddy | abigail abby | isabel izzy bella | isabella izzy bella | gabriel gabe | gabriela gabi
dmitri dima | aleksandr sasha sanya | ekaterina katya | yevgeny zhenya | mikhail misha | natalia natasha
giuseppe beppe pino | francesco cesco | josé pepe | francisco paco pancho | guillermo memo | jesús chucho
"""
_GROUPS = [set(g.split()) for g in NICKNAMES.replace("\n", " | ").split("|") if g.strip()]
_SAME = re.compile(
    r"^(?P<a>.+?)\s+(?:and|&|n|\+)\s+(?P<b>.+?)\s+(?:are|r|is)\s+(?:the\s+)?same(?:\s+(?:person|guy|girl|one|people))?$"
    r"|^(?P<c>.+?)\s+is\s+(?:the\s+)?same\s+(?:person\s+)?as\s+(?P<d>.+?)$", re.IGNORECASE)


def in_words(text: str) -> str | None:
    """"sam and samuel lee are the same person" -> "/merge sam, samuel lee"; else None."""
    m = _SAME.match(text.strip().rstrip(".!? "))
    if not m:
        return None
    a, b = (m.group("a"), m.group("b")) if m.group("a") else (m.group("c"), m.group("d"))
    if len(a.split()) > 4 or len(b.split()) > 4:
        return None
    return f"/merge {a.strip()}, {b.strip()}"


def _letters(word: str) -> str:
    return re.sub(r"[^a-z]", "", fold(word))


def _first_names_alike(a: str, b: str) -> bool:
    a, b = _letters(a), _letters(b)
    if not a or not b:
        return False
    if a == b or any(a in g and b in g for g in _GROUPS):
        return True
    if len(a) == 1 or len(b) == 1:  # an initial
        return a[0] == b[0]
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and long.startswith(short)


def lookalikes(name: str, contacts: list[Contact]) -> list[Contact]:
    """Known people `name` may be another spelling of (not the ones it simply matches)."""
    words = fold(name).replace(".", ". ").split()
    if not words:
        return []
    out = []
    for c in contacts:
        theirs = fold(c.name).split()
        if not theirs or c.name == name:
            continue
        if len(words) > 1 and len(theirs) > 1 and _letters(words[-1]) != _letters(theirs[-1]):
            continue
        if len(words) == 1 and len(theirs) == 1 and (len(_letters(words[0])) == 1 or len(_letters(theirs[0])) == 1):
            continue  # "s" alone is no one
        if "".join(map(_letters, words)) == "".join(map(_letters, theirs)) or _first_names_alike(words[0], theirs[0]):
            out.append(c)
    return out


def propose_merge(new: Contact, contacts: list[Contact]) -> None:
    """Ask, with buttons, whether a person just created is someone already known."""
    alike = lookalikes(new.name, contacts)[:3]
    if len(alike) == 1:
        offer([Choice("Same person", "merge.same", {"keep": alike[0].id, "gone": new.id}),
               Choice("Different people", "merge.no", {})], f"Is {new.name} the same person as {alike[0].name}?")
    elif alike:
        offer([Choice(f"Same as {c.name}", "merge.same", {"keep": c.id, "gone": new.id}) for c in alike] +
              [Choice("Someone else", "merge.no", {})], f"Is {new.name} one of {' / '.join(c.name for c in alike)}?")


def _fuller(a: str, b: str) -> str:
    return max((a, b), key=lambda n: (len(n.split()), len(n)))


async def merge(engine: Engine, owner: Owner, keep: Contact, gone: Contact, now: datetime) -> str:
    """Merge `gone` into `keep` (one unit of work); the reply, with an [Undo] button."""
    name = _fuller(keep.name, gone.name)
    merge_id = await engine.store.merge_contacts(owner.key, keep.id, gone.id, name, now, current_message())
    offer([Choice("Undo", "merge.undo", {"merge": merge_id})])
    logger.info("merged two contacts of %s (merge %s)", owner.key, merge_id)
    also = f" (also known as {gone.name if name != gone.name else keep.name})"
    return f"Merged: {gone.name} and {keep.name} are now one person, {name}{also}. /undo takes it back."


def _one(name: str, contacts: list[Contact]) -> Contact | str:
    found = matches(name, contacts)
    if not found:
        return f"I don't have anyone called {name}."
    if len(found) > 1:
        return f"{name} could be {' or '.join(c.name for c in found[:4])}: use the full name."
    return found[0]


async def command(engine: Engine, owner: Owner, arg: str, now: datetime) -> str:
    """/merge NAME, OTHER NAME: one person from two."""
    parts = [p.strip() for p in re.split(r"\s*(?:,|\+|;|\binto\b|\band\b|&)\s*", arg) if p.strip()]
    if len(parts) != 2:
        return "Name the two people, separated by a comma: /merge Sam Lee, Samuel Lee (the first one is kept)."
    contacts = await engine.store.contacts(owner.key)
    keep, gone = _one(parts[0], contacts), _one(parts[1], contacts)
    if isinstance(keep, str):
        return keep
    if isinstance(gone, str):
        return gone
    if keep.id == gone.id:
        return f"{keep.name} is already one person."
    async with engine.store.transaction():
        return await merge(engine, owner, keep, gone, now)


@action("merge.same")
async def same(press: Press) -> str:
    store, owner = press.engine.store, press.owner
    keep = await store.contact(owner.key, press.args["keep"])
    gone = await store.contact(owner.key, press.args["gone"])
    if keep is None or gone is None:
        raise Stale("That choice has expired: one of them is no longer in your address book.")
    return await merge(press.engine, owner, keep, gone, press.now)


@action("merge.no")
async def different(press: Press) -> str:
    return "OK, they stay two different people."


@action("merge.undo")
async def undo_button(press: Press) -> str:
    if not await press.engine.store.undo_merge(press.owner.key, press.args["merge"], press.now):
        raise Stale("That choice has expired: that merge was already taken back, or one of them is gone.")
    return "Undone: they are two people again."


async def undo_last(engine: Engine, owner: Owner, now: datetime) -> str | None:
    """/undo when the owner's latest change was a merge: take it back; None otherwise."""
    last = await engine.store.last_merge(owner.key)
    if not last or last["undone_at"]:
        return None
    since = await engine.store.last_change_source(owner.key)
    if since is not None and (last["source_message_id"] or 0) < since:
        return None
    if not await engine.store.undo_merge(owner.key, last["id"], now):
        return None
    return f"Undone: {last['gone_name']} is a separate person again."
