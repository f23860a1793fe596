"""`memoro parse`: what each message on standard input was understood as, one JSON line each.

    $ echo "had lunch w maya today" | memoro parse
    {"text": "had lunch w maya today", "intents": [{"type": "log", ...}],
     "people": [{"name": "Maya", "start": 12, "end": 16}]}

`intents` is what the configured understander made of the line (the rules, or with a model
configured the model, with the rules as its fallback); `people` are the character spans of the
people the name finder found in the line. The address book is empty unless `--data-dir` or
`--owner` say whose to use: then its contacts are the known people and the owner's person in
focus is the focus. Nothing is stored and no vector index is opened. The clock is now, in
`--tz` (default: the owner's zone, else UTC).

A line that cannot be understood prints an object with `error` and the run goes on.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime

from core import clock
from core.settings import Settings

logger = logging.getLogger(__name__)


async def _address_book(settings: Settings, owner: str) -> tuple[list[str], str | None, str | None]:
    """(contact names, person in focus, owner's time zone) of `owner`, read-only."""
    if not settings.db_path.exists():
        return [], None, None
    from storage.factory import open_store

    store = await open_store(settings)
    try:
        contacts = await store.contacts(owner)
        who = await store.owner(owner)
    finally:
        await store.close()
    focus = next((c.name for c in contacts if who and c.id == who.focus_contact_id), None)
    return [c.name for c in contacts], focus, who.tz if who else None


def people_spans(text: str, known: list[str]) -> list[dict]:
    from core.understand.names import find_people
    from core.understand.rules import unshouted

    return [{"name": m.name, "start": m.start, "end": m.end} for m in find_people(unshouted(text), known)]


async def parse(settings: Settings, *, owner: str | None, use_book: bool, tz: str | None,
                stdin=sys.stdin, stdout=sys.stdout) -> int:
    from bot.wiring import make_understander
    from core.understand.rules import Context

    known: list[str] = []
    focus = owner_tz = None
    if use_book:
        from bot.console import console_owner

        known, focus, owner_tz = await _address_book(settings, owner or console_owner())
    zone = clock.zone(tz or owner_tz or settings.default_tz or "UTC")  # an IANA name or an offset like +05:30
    understander, _ = make_understander(settings)
    failures = 0
    for line in stdin:
        text = line.rstrip("\r\n")
        row: dict = {"text": text}
        try:
            ctx = Context(now=datetime.now(zone), known=list(known), focus=focus)
            intent = await understander.understand(text, ctx)
            row["intents"] = [intent.model_dump(mode="json")]
            row["people"] = people_spans(text, known)
        except Exception as err:  # broad on purpose: one bad line must not end the run
            logger.exception("could not parse a line")
            row.update(intents=[], people=[], error=type(err).__name__)
            failures += 1
        stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        stdout.flush()
    return 1 if failures else 0
