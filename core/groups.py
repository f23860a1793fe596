"""Groups and tags of people: "sam and priya are in my climbing group", "tag omar as work",
"omar is a work friend" -> "who's in climbing?", `/people climbing`, `/groups`.

A tag is a lower-case word or two ("climbing", "book club", "work") on a person; a group is
everyone with one tag. Asking for a group finds the tag said, or the one it starts
("yoga" finds "yoga class"). A question about a group that does not exist goes on to the usual
understanding ("who's in berlin?" is a question about a city), except `/people NAME`, which
answers plainly. Tags travel with exports (JSON; vCard CATEGORIES; CSV "Labels") and imports.
"""

from __future__ import annotations

import logging
from datetime import datetime

from core import format as fmt
from core.actions import Resolver
from core.people import matches
from core.records import Contact, Owner
from core.repositories import Store
from core.understand.gifts import Said

logger = logging.getLogger(__name__)


def find(tag: str, have: dict[str, int]) -> str | None:
    """The owner's tag that `tag` means: the same, a plural of it, or the one it starts."""
    if not tag:
        return None
    for want in (tag, tag.rstrip("s"), tag + "s"):
        if want in have:
            return want
    longer = [t for t in have if t.startswith(tag + " ")]
    return longer[0] if len(longer) == 1 else None


async def act(store: Store, owner: Owner, said: Said, contacts: list[Contact], now: datetime, source: int | None) -> str | None:
    """Carry out a tag, untag, group or groups request (see core/understand/gifts.py)."""
    have = await store.tags(owner.key)
    if said.action == "groups":
        if not have:
            return "No groups yet. Try \"sam and priya are in my climbing group\" or \"tag omar as work\"."
        return "Your groups:\n" + "\n".join(f"• {t} ({fmt.plural(n, 'person')})" for t, n in have.items()) + \
            "\nSee one with /people GROUP."
    if said.action == "group":
        tag = find(said.tag, have)
        if tag is None:  # "who's in berlin?" is about a city: the usual understanding answers it
            return await answer_people(store, owner.key, said.tag) if said.verb == "/people" else None
        people = await store.tagged(owner.key, tag)
        return f"In {tag} ({len(people)}):\n" + "\n".join(f"• {c.name}" for c in people)
    if said.action == "tag":
        async with store.transaction():
            resolve = Resolver(store, owner, now, source, contacts)
            added: list[str] = []
            already: list[str] = []
            for name in said.people:
                person = await resolve(" ".join(w[:1].upper() + w[1:] for w in name.split()))
                new = await store.add_tag(owner.key, person.id, said.tag, now, source)
                (added if new else already).append(person.name)
        reply = f"Added {fmt.join(added)} to {said.tag}." if added else ""
        if already:
            reply += (" " if reply else "") + f"{fmt.join(already)} {'was' if len(already) == 1 else 'were'} " \
                                              f"in {said.tag} already."
        if resolve.assumed:
            reply += "\n(" + "; ".join(resolve.assumed) + " — say /undo if that's wrong.)"
        return reply + f" Ask \"who's in {said.tag}?\" or /people {said.tag}."
    # untag
    out = []
    for name in said.people:
        found = matches(name, contacts)
        if len(found) != 1:
            return None if said.verb else f"I don't have anyone called {name}." if not found else \
                f"Which one? {fmt.join([c.name for c in found])} — use the full name."
        person = found[0]
        theirs = await store.tags(owner.key, person.id)
        tag = find(said.tag, theirs) if said.tag else None
        if said.tag and tag is None:
            if said.verb:  # "remove sam from my contacts" is not about a group
                return None
            out.append(f"{person.name} isn't in {said.tag}.")
            continue
        for t in [tag] if tag else list(theirs):
            await store.remove_tag(owner.key, person.id, t)
        out.append(f"Took {person.name} out of {tag or fmt.join(list(theirs)) or 'no group'}.")
    return " ".join(out)


async def answer_people(store: Store, owner: str, arg: str) -> str | None:
    """`/people GROUP`: the people in a group, or a plain answer when there is no such group."""
    from core.understand.gifts import tag_of

    have = await store.tags(owner)
    tag = find(tag_of(arg), have)
    if tag is None:
        groups = ", ".join(have) if have else "none yet"
        return f"No group called {arg}. Your groups: {groups}."
    people = await store.tagged(owner, tag)
    return f"In {tag} ({len(people)}):\n" + "\n".join(f"• {c.name}" for c in people)
