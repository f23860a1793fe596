"""One-off follow-ups: set, list, cancel, shown with the person, and their nudge text.

"remind me fri to call sam about the job" is stored as a follow-up (what, when in UTC, the
person when one is named) by the message that said it, so /undo takes it back. The nudge
tick delivers it once at its moment, through the same exactly-once claims as birthdays
(`core.nudges`, kind 'followup', occurrence = its id). `/reminders` lists the open ones by
number (soonest first) with the keep-in-touch reminders after them; "cancel reminder 2" or
"cancel the reminder about priya's visa" cancels one. `cancel` and `listing` are plain
functions of (store, owner key, ...) so that a button can call them too.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import TYPE_CHECKING

from core import choices
from core import format as fmt
from core.clock import zone
from core.records import Owner
from core.repositories import Store
from core.text import fold

if TYPE_CHECKING:  # the parsed request's type only: no understanding at run time
    from core.understand.reminders import FollowUpAsk

logger = logging.getLogger(__name__)


def when(due: datetime, tz: str, now: datetime | None = None) -> str:
    """'Fri, Dec 4 at 09:00' in the owner's zone ('today at 18:00', 'tomorrow at 09:00')."""
    local = due.astimezone(zone(tz))
    today = now.astimezone(zone(tz)).date() if now else None
    day = f"{local:%a}, {fmt.day(local.date())}"
    if today is not None and (local.date() - today).days in (0, 1):
        day = ("today" if local.date() == today else "tomorrow") + f" ({day})"
    return f"{day} at {local:%H:%M}"


def nudge_text(what: str, late_since: datetime | None = None, tz: str = "UTC") -> str:
    """The follow-up as delivered; one sent late (after downtime) says when it was due."""
    text = f"⏰ Reminder {what}" if re.match(r"(?i)about\b", what) else f"⏰ Reminder: {what}"
    if late_since is not None:
        text += f" (due {when(late_since, tz)})"
    return text + "."


async def create(store: Store, owner: Owner, ask: FollowUpAsk, now: datetime, source: int | None) -> str:
    """Store a follow-up request (`reminders.FollowUpAsk`) and confirm it."""
    from core.actions import Resolver  # the same person resolution as everything else said

    assert ask.due is not None  # a request to set one has its moment
    async with store.transaction():
        contact = None
        if ask.person:
            resolve = Resolver(store, owner, now, source, await store.contacts(owner.key))
            contact = await resolve(ask.person)
        await store.add_followup(owner.key, contact.id if contact else None, ask.what, ask.due, now, source)
        if contact is not None:
            await store.update_owner(owner.key, focus_contact_id=contact.id)
    about = f" (about {contact.name})" if contact and fold(contact.name.split()[0]) not in fold(ask.what) else ""
    return f"⏰ Got it: I'll remind you {when(ask.due, owner.tz, now)} {_infinitive(ask.what)}{about}. /reminders lists them."


def _infinitive(what: str) -> str:
    """'call sam' -> 'to call sam'; 'about the visa' stays."""
    return what if re.match(r"(?i)about\b", what) else f"to {what}"


MAX_BUTTONS = 5  # [Cancel N] buttons under /reminders


async def listing(store: Store, owner_key: str, tz: str, now: datetime) -> str:
    """/reminders: the open follow-ups, numbered, then the keep-in-touch reminders."""
    items = [f for f in await store.followups(owner_key) if not f.sent]
    lines = []
    if items:
        lines.append("Your reminders:")
        for i, f in enumerate(items, 1):
            who = f" — {f.name}" if f.name else ""
            lines.append(f"{i}. {when(f.due_at, tz, now)}: {f.text}{who}")
    keep = await store.reminders(owner_key)
    if keep:
        lines.append("Keep in touch: " + ", ".join(f"{r.contact.name} every {fmt.plural(r.every_days, 'day')}"
                                                   for r in keep) + ".")
    if not lines:
        return "No open reminders. Set one in words, e.g. \"remind me tomorrow at 6pm to ...\"."
    if items:
        lines.append('Cancel one with "cancel reminder 1" or "cancel the reminder about ...", or tap it.')
        choices.offer([choices.Choice(f"Cancel {i}", "followup.cancel", {"id": f.id})
                       for i, f in enumerate(items[:MAX_BUTTONS], 1)])
    return "\n".join(lines)


async def cancel(store: Store, owner_key: str, followup_id: int) -> str:
    """Cancel follow-up `followup_id` (a button can call this); the reply says what happened."""
    found = next((f for f in await store.followups(owner_key) if f.id == followup_id), None)
    if found is None or not await store.cancel_followup(owner_key, followup_id):
        return "That reminder is already gone."
    return f"Cancelled: {found.text}."


async def cancel_said(store: Store, owner_key: str, ask: FollowUpAsk, tz: str, now: datetime) -> str | None:
    """"cancel reminder 2" / "cancel the reminder about priya's visa"; None when no follow-up
    fits the words (they may mean a keep-in-touch reminder)."""
    items = [f for f in await store.followups(owner_key) if not f.sent]
    if ask.number is not None:
        if not 1 <= ask.number <= len(items):
            return f"I don't have a reminder {ask.number}. " + await listing(store, owner_key, tz, now)
        return await cancel(store, owner_key, items[ask.number - 1].id)
    words = set(_words(ask.about))
    if not words:
        if len(items) == 1:
            return await cancel(store, owner_key, items[0].id)
        return None
    scored = sorted(((len(words & set(_words(f"{f.text} {f.name or ''}"))), -i, f) for i, f in enumerate(items)),
                    key=lambda t: t[:2], reverse=True)
    if not scored or scored[0][0] == 0:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return "More than one reminder fits that. " + await listing(store, owner_key, tz, now)
    return await cancel(store, owner_key, scored[0][2].id)


_SMALL = {"the", "a", "an", "to", "about", "my", "for", "with", "w", "and", "of", "re", "on", "reminder"}


def _words(text: str) -> list[str]:
    return [w.removesuffix("s") for w in re.findall(r"[^\W_]+", fold(re.sub(r"(?:'s|’s)\b", "", text)))
            if w not in _SMALL]


async def person_lines(store: Store, owner_key: str, contact_id: int) -> list[str]:
    """The open follow-ups about one person, for /person."""
    items = [f for f in await store.followups(owner_key, contact_id) if not f.sent]
    if not items:
        return []
    owner = await store.owner(owner_key)
    tz = owner.tz if owner else "UTC"
    return ["Reminders: " + "; ".join(f"{when(f.due_at, tz)}: {f.text}" for f in items) + "."]


async def act(store: Store, owner: Owner, ask: FollowUpAsk, now: datetime, source: int | None) -> str | None:
    """Carry out a parsed request; None when it is not one after all (a cancel no follow-up fits)."""
    if ask.action == "list":
        return await listing(store, owner.key, owner.tz, now)
    if ask.action == "cancel":
        return await cancel_said(store, owner.key, ask, owner.tz, now)
    return await create(store, owner, ask, now, source)


def lead_days(arg: str) -> list[int] | None:
    """'/nudges 3d' (or '3d 1d', '1w'): heads-ups that many days ahead, besides the day itself;
    None when `arg` is not in that form."""
    parts = re.findall(r"(\d{1,2})\s*(d|days?|w|wks?|weeks?)\b", arg.lower())
    if not parts or re.sub(r"(\d{1,2})\s*(d|days?|w|wks?|weeks?)\b|[\s,]|and", "", arg.lower()):
        return None
    days = {int(n) * (7 if u.startswith("w") else 1) for n, u in parts}
    if any(d > 60 for d in days):
        return None
    return sorted(days | {0}, reverse=True)[:5]


async def digest_setting(store: Store, owner: Owner, arg: str, now: datetime) -> str:
    """/digest on|off, or the current setting."""
    word = arg.strip().lower()
    if word in ("on", "yes", "start", "weekly"):
        await store.set_digest(owner.key, True, now)
        return (f"Weekly digest on: every Monday at {owner.nudge_hour:02d}:{owner.nudge_minute:02d} your time "
                "— the week's dates, who is due a check-in and your open follow-ups. /digest off stops it.")
    if word in ("off", "no", "stop"):
        await store.set_digest(owner.key, False, now)
        return "Weekly digest off."
    on = await store.digest_on(owner.key)
    return f"The Monday digest is {'on' if on else 'off'}. /digest {'off' if on else 'on'} to change it."
