"""A fact moved to the person it was really about: "sorry its priya whos moving not leela",
"no wait, it was kofi who got the job, not ama", "i mixed them up - tunde is the one in lagos".

Understanding marks such a correction with `moved_to` (core/understand/corrections.py). What
moves is decided here, from what is stored: the recent facts of the one wrongly told of
(`person`) that the correction's words name ("moving", "job", "bday"), or, when its words name
nothing but the two people ("sorry i meant kofi, not ama"), all that was said of them last;
when no one is named as wrong, whoever else holds the value just told of the right person
("tunde is the one in lagos"). The wrong person's value is never deleted: it is superseded by
their previous value, by the right person's old value when the two were mixed up (a swap), or
else ended, and kept as history either way. Recent notes that told it move too, reworded for
the right person; /undo takes all of it back.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from core.facts import KINDS, confirmation
from core.intents import CorrectionStatement, FactStatement
from core.records import Contact, Fact, Owner
from core.repositories import Store
from core.text import fold
from core.understand.wordkind import is_small_word

if TYPE_CHECKING:
    from core.actions import Resolver

logger = logging.getLogger(__name__)

RECENT = timedelta(days=30)  # a correction comes soon after what it corrects

# the words a correction names a kind by, besides the kind's own nouns in the table (core/facts.py)
_VERBS = {"city": r"liv\w*|based|mov\w*|relocat\w*", "moving_to": r"mov\w*|relocat\w*",
          "employer": r"jobs?|works?|working|hired|join\w*|promot\w*|offer", "title": r"jobs?|promot\w*|hired",
          "school": r"stud\w*|uni|college|school", "birthday": r"born|turn\w*"}
_MARKS = {"sorry", "wait", "actually", "oops", "meant", "mean", "no", "nope", "not", "bad", "mixed", "mix", "up", "them",
          "lol", "haha", "ugh", "oh", "wrong", "mistake", "confused", "it", "its", "was", "who", "whos", "one", "the"}


def _cue(kind: str) -> re.Pattern[str]:
    words = [re.escape(n) for n in KINDS[kind].nouns] + ([_VERBS[kind]] if kind in _VERBS else [])
    return re.compile(rf"\b(?:{'|'.join(words)})\b", re.I) if words else re.compile(r"(?!x)x")


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]+", fold(text)) if not is_small_word(w)}


def _recent(fact: Fact, now: datetime) -> bool:
    return datetime.fromisoformat(fact.valid_from) >= now - RECENT


async def _before(store: Store, owner: str, contact_id: int) -> dict[str, Fact]:
    """Each kind's last superseded value."""
    out: dict[str, Fact] = {}
    for f in await store.past_facts(owner, contact_id):
        out.setdefault(f.kind, f)
    return out


async def move(store: Store, owner: Owner, resolve: Resolver, c: CorrectionStatement, target: str, now: datetime,
               source: int | None, note: Callable[[Contact, str], None], told: list[FactStatement]) -> None:
    """Move what was said of `c.person` (or of whoever holds what `target` was just told to have,
    in `told`: the facts the same message said) to `target`."""
    key = owner.key
    new = await resolve(target)
    kinds = {f.kind for f in told if fold(f.person) == fold(target)}
    given = {k: f for k, f in (await store.current_facts(key, new.id)).items() if k in kinds}
    new_before = await _before(store, key, new.id)
    if c.person and fold(c.person) != fold(new.name):
        wrong = [await resolve(c.person)]
    else:  # "tunde is the one in lagos": whoever else was told to have it
        wrong = [h for k, f in given.items() for h in await store.people_with_fact(key, k, f.value) if h.id != new.id]
    said = _words(c.text) - _words(new.name) - {w for o in wrong for w in _words(o.name)} - _MARKS
    for o in {o.id: o for o in wrong}.values():
        facts = {k: f for k, f in (await store.current_facts(key, o.id)).items() if _recent(f, now)}
        cued = {k for k in facts if _cue(k).search(c.text)}
        latest = max((f.valid_from for f in facts.values()), default="")
        moved = []
        for kind, fact in facts.items():
            if kind in given:
                take = fold(fact.value) == fold(given[kind].value)  # the value now told of the right person
            else:
                take = kind in cued or (not cued and not said and fact.valid_from == latest and bool(c.person))
            if not take:
                continue
            if kind not in given:
                swap_value = (await store.current_facts(key, new.id)).get(kind)
                await store.add_fact(key, new.id, kind, fact.value, now, source)
                note(new, confirmation(kind, fact.value))
            else:
                swap_value = new_before.get(kind)
            by = (await store.current_facts(key, new.id))[kind].id
            before = (await _before(store, key, o.id)).get(kind)
            if c.swap and swap_value is not None and fold(swap_value.value) != fold(fact.value):
                await store.add_fact(key, o.id, kind, swap_value.value, now, source)
                note(o, confirmation(kind, swap_value.value))
            elif before is not None and fold(before.value) != fold(fact.value):
                await store.add_fact(key, o.id, kind, before.value, now, source)
                note(o, confirmation(kind, before.value))
            else:
                await store.end_fact(key, fact.id, now, by)
            moved.append(kind)
        await _move_notes(store, key, o, new, said, not moved and not said, now, source)
        note(o, f"moved that to {new.name}")


def _parts(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\s*(?:[,;.!?]+|\s-\s|\bbut\b|\band\s+(?=\w+(?:'s|’s)\b))\s*", text) if p.strip()]


def _renamed(text: str, old: Contact, new: Contact) -> str:
    """`text` told of `new` instead of `old` (full name first, then the first name)."""
    first = new.name.split()[0].lower()
    for name in dict.fromkeys((old.name, old.name.split()[0])):
        text = re.sub(rf"(?i)\b{re.escape(name)}\b", first, text)
    return text


async def _move_notes(store: Store, key: str, old: Contact, new: Contact, said: set[str], everything: bool,
                      now: datetime, source: int | None) -> None:
    """Recent notes of `old` that told what moved: the telling parts go to `new`, reworded; the
    rest stays with `old`."""
    for n in await store.notes(key, old.id, ("news", "fact"), limit=5):
        if n.on < now.date() - RECENT:
            continue
        parts = _parts(n.text)
        telling = [p for p in parts if said & _words(p)] if not everything else parts
        if not telling:
            continue
        await store.hide_notes_mentioning(key, old.id, n.text)
        await store.add_note(key, new.id, "; ".join(_renamed(p, old, new) for p in telling), n.on, "news", now, source)
        if rest := [p for p in parts if p not in telling]:
            await store.add_note(key, old.id, ", ".join(rest), n.on, n.kind, now, source)
        if everything:
            break
