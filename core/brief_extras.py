"""Brief sections from the features beside the brief: open follow-ups, gift ideas, open items
and groups (see `core.brief` for how a section plugs in). Each reads only its own store methods
and returns dated lines; an empty section is left out of the brief."""

from __future__ import annotations

import logging
from datetime import date, datetime

from core.brief import Line, Subject, section
from core.open_items import describe

logger = logging.getLogger(__name__)


def _day(stamp: str | None) -> date | None:
    try:
        return datetime.fromisoformat(stamp).date() if stamp else None
    except ValueError:
        return None


@section("followups", 40, "Follow-ups")
async def followups(s: Subject) -> list[Line]:
    return [Line(f"{f.text} (due {f.due_at.date():%b} {f.due_at.day}{', sent' if f.sent else ''})")
            for f in await s.store.followups(s.owner, s.contact.id)]


@section("gifts", 45, "Gift ideas")
async def gift_ideas(s: Subject) -> list[Line]:
    return [Line(i["text"], _day(i["created_at"]), dated_first=True)
            for i in await s.store.items(s.owner, s.contact.id, kinds=("gift",))]


@section("open_items", 46, "Open items")
async def open_items(s: Subject) -> list[Line]:
    return [Line(describe(i["kind"], i["name"], i["text"]), _day(i["created_at"]), dated_first=True)
            for i in await s.store.items(s.owner, s.contact.id) if i["kind"] != "gift"]


@section("groups", 75, "Groups")
async def groups(s: Subject) -> list[Line]:
    tags = await s.store.tags(s.owner, s.contact.id)
    return [Line(", ".join(tags))] if tags else []
