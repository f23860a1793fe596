"""The built-in button actions: [Undo] under a saved reply, "Which Sam?" after an ambiguous
name, and [Yes] [No] on /forget (registered with core/choices.py on import).

Each checks first that what it acts on is still as it was when offered:
- undo: nothing was saved since that message (a later message may build on it; /undo then
  takes back the latest);
- which: the same, since the message is taken back and said again with the chosen person;
- forget: the confirmation is still the one asked (any other message answers it).
"""

from __future__ import annotations

import json
import logging
from datetime import datetime

from core import format as fmt
from core.actions import apply_log
from core.choices import Press, Stale, action
from core.clock import zone
from core.intents import LogIntent
from core.understand.names import fold
from core.understand.rules import Context

logger = logging.getLogger(__name__)
MOVED_ON = "That choice has expired: you've told me more since. Say /undo to take back your last message."


async def _still_last(press: Press, source: int) -> None:
    store = press.engine.store
    last = await store.last_change_source(press.owner.key)
    merged = await store.last_merge(press.owner.key)
    if last != source or (merged and merged["source_message_id"] and merged["source_message_id"] > source):
        raise Stale(MOVED_ON)


@action("undo")
async def undo(press: Press) -> str:
    """Take back what one message saved, if it is still the latest change."""
    source = press.args["source"]
    await _still_last(press, source)
    await press.engine.store.undo(press.owner.key, source)
    return "Undone: I removed what that message saved."


@action("which")
async def which(press: Press) -> str:
    """Say the message again with `name` meaning the chosen person (or a new one)."""
    store, owner, args = press.engine.store, press.owner, press.args
    source = args["source"]
    await _still_last(press, source)
    if args["contact"] is not None and await store.contact(owner.key, args["contact"]) is None:
        raise Stale("That choice has expired: that person is no longer in your address book.")
    row = await store.message(source)
    if row is None:
        raise Stale(MOVED_ON)
    from core.engine import clean  # the engine imports this module: a late import

    then = datetime.fromisoformat(row["at"]).astimezone(zone(owner.tz))
    text = clean(row["text"])[: press.engine.max_chars]
    chosen = {**args.get("chosen", {}), fold(args["name"]): args["contact"]}
    await store.undo(owner.key, source)
    contacts = await store.contacts(owner.key)
    intent = await press.engine.understander.understand(text, Context(now=then, known=[c.name for c in contacts]))
    if not isinstance(intent, LogIntent):
        raise Stale("That choice has expired: please say it again with the full name.")
    saved = press.engine.persona(owner).phrases.saved
    reply, focus = await apply_log(store, owner, intent, then, source, saved, chosen=chosen)
    if focus is not None:
        await store.update_owner(owner.key, focus_contact_id=focus)
    logger.info("message %s said again with a chosen person", source)
    return reply


@action("forget")
async def forget(press: Press) -> str:
    """[Yes] / [No] under "Forget Sam?"."""
    store, owner, args = press.engine.store, press.owner, press.args
    fresh = await store.owner(owner.key)
    pending = json.loads(fresh.pending) if fresh and fresh.pending else None
    if not pending or pending.get("action") != "forget" or pending.get("id") != args["id"]:
        raise Stale(f"That choice has expired: say /forget {args['name']} again if you still want to.")
    await store.update_owner(owner.key, pending=None)
    if not args["yes"]:
        return f"OK, I kept {args['name']}."
    notes = await store.delete_contact(owner.key, args["id"])
    return f"Done: I've forgotten {args['name']} ({fmt.plural(len(notes), 'note')} removed)."


@action("followup.cancel")
async def cancel_followup(press: Press) -> str:
    """[Cancel N] under /reminders."""
    from core import followups

    return await followups.cancel(press.engine.store, press.owner.key, press.args["id"])


@action("item.done")
async def item_done(press: Press) -> str:
    """[Done: ...] under a list of gift ideas or open items."""
    from core import open_items

    done = await open_items.mark_done(press.engine.store, press.owner.key, press.args["id"], press.now)
    if done is None:
        raise Stale("That choice has expired: that item is done or gone already.")
    return f"✓ Done: {done}."


@action("keep_in_touch")
async def keep_in_touch(press: Press) -> str:
    """[Keep in touch with X] under "who am I losing touch with?"."""
    from core import losing_touch

    return await losing_touch.keep_in_touch(press.engine.store, press.owner.key, press.args["contact"],
                                            press.args["every"], press.now, press.message_id)
