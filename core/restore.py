"""Reading a Memoro JSON export back (`core/exporter.py` wrote it), into any owner.

People are matched by name like any import; the ids in the file are references inside it
and are mapped to the rows written here. Facts keep their history and times; a row already
present (the same fact with the same start, the same note on the same day, the same meeting,
the same message) is not written again, so a restore is idempotent and can also merge an
export into an address book that already has people.

Reading is split from writing: `validate` (pure, run in a worker thread by the importer) checks
every record of every section before anything is written, so a malformed record anywhere, the
last of 60,000 included, is found first; it is skipped and reported, never a crash halfway.
`restore` then writes what passed, calling `step` after each record so a long restore gives way
to other writers while staying one undoable unit of work (core/importer.py, storage/unit_of_work.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, Field, ValidationError, field_validator

from core.entries import Problem
from core.format import plural
from core.repositories import Store
from core.understand.names import fold

if TYPE_CHECKING:  # core.importer imports this module
    from core.importer import Report


M = TypeVar("M", bound=BaseModel)


class _Record(BaseModel):
    @field_validator("*")
    @classmethod
    def _text(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate ("\ud800") in the JSON: SQLite cannot store it
                raise ValueError("not valid Unicode text") from None
        return value


class _Fact(_Record):
    id: int
    kind: str
    value: str
    valid_from: str
    valid_to: str | None = None
    superseded_by: int | None = None
    source: int | None = None


class _Person(_Record):
    id: int
    name: str
    created_at: str
    source: int | None = None
    facts: list[_Fact] = []


class _Settings(_Record):
    tz: str
    nudge_hour: int = Field(9, ge=0, le=23)
    nudge_minute: int = Field(0, ge=0, le=59)
    lead_days: str = Field("0", pattern=r"^\d{1,2}(,\d{1,2})*$")
    persona: str | None = None


class _Message(_Record):
    id: int
    role: str
    text: str
    at: str
    platform: str = ""
    thread: str = ""
    external_id: str | None = None
    status: str = "processed"


class _Relationship(_Record):
    person: int
    relative: int
    relation: str = Field(min_length=1)
    source: int | None = None


class _Interaction(_Record):
    occurred_on: str = Field(min_length=1)
    place: str | None = None
    note: str
    people: list[int] = []
    created_at: str | None = None
    source: int | None = None


class _Note(_Record):
    person: int | None = None
    text: str = Field(min_length=1)
    noted_on: str = Field(min_length=1)
    kind: str = Field(min_length=1)
    hidden: bool = False
    created_at: str | None = None
    source: int | None = None


class _Reminder(_Record):
    person: int
    every_days: int = Field(ge=1)
    since: str = Field(min_length=1)
    active: bool = True
    source: int | None = None


class _Item(_Record):
    person: int
    kind: str = Field(min_length=1)
    text: str
    created_at: str = Field(min_length=1)
    done_at: str | None = None
    source: int | None = None


class _Tag(_Record):
    person: int
    tag: str = Field(min_length=1)
    created_at: str | None = None
    source: int | None = None


class _FollowUp(_Record):
    person: int | None = None
    text: str = Field(min_length=1)
    due_at: str = Field(min_length=1)
    status: str = "open"
    sent: bool = False
    created_at: str | None = None
    source: int | None = None


_SECTIONS: dict[str, type[_Record]] = {"messages": _Message, "people": _Person, "relationships": _Relationship,
             "interactions": _Interaction, "notes": _Note, "reminders": _Reminder, "items": _Item, "tags": _Tag,
             "followups": _FollowUp}


@dataclass
class Export:
    """A Memoro export, every record checked: what `restore` writes."""

    settings: _Settings | None = None
    # section name -> its records, each of that section's model in _SECTIONS (read by name)
    sections: dict[str, list[Any]] = field(default_factory=dict)


def validate(doc: object, report: Report) -> Export:
    """Check the whole document before anything is written; bad records go to `report.skipped`."""
    from core.entries import ImportFileError

    if not isinstance(doc, dict) or doc.get("format") != "memoro":
        raise ImportFileError("That JSON file is not a Memoro export (no \"format\": \"memoro\").")
    version = doc.get("version")
    if not isinstance(version, int) or version > 1:
        raise ImportFileError(f"That export's version ({version!r}) is not one this Memoro reads (1); "
                              "update Memoro first.")
    out = Export(settings=_valid(_Settings, doc.get("settings"), "settings", report) if doc.get("settings") else None)
    for key, model in _SECTIONS.items():
        checked = (_valid(model, raw, f"{key}[{n}]", report) for n, raw in enumerate(_items(doc, key)))
        out.sections[key] = [r for r in checked if r is not None]
    return out


async def restore(store: Store, owner: str, export: Export, now: datetime, source: int | None, report: Report,
                  progress: Callable[[int, int], None] | None = None, step: Callable[[], Awaitable[None]] | None = None) -> None:
    """Write a validated export for `owner`; `step()` is awaited after each record written."""

    async def wrote() -> None:
        if step is not None:
            await step()  # other users' writes get in here

    added = {k: 0 for k in ("facts", "notes", "interactions", "relationships", "reminders", "messages", "items", "tags",
                               "followups")}
    settings = export.settings
    if settings is not None and _known_zone(settings.tz):
        await store.restore_settings(owner, settings.model_dump())

    known = await store.message_ids(owner)
    msg: dict[int, int] = {}
    for m in export.sections["messages"]:
        mkey = (m.role, m.at, m.text)
        if mkey not in known and (new := await store.restore_message(owner, m.model_dump())) is not None:
            known[mkey] = new
            added["messages"] += 1
            await wrote()
        if mkey in known:
            msg[m.id] = known[mkey]

    def src(old: int | None) -> int | None:
        return msg.get(old, source) if old is not None else source

    people: dict[int, int] = {}
    by_name = {fold(c.name).strip(): c for c in await store.contacts(owner)}
    fact_keys = await store.fact_keys(owner)
    raw_people = export.sections["people"]
    for n, p in enumerate(raw_people, 1):
        contact = by_name.get(fold(p.name).strip())
        new = contact is None
        if contact is None:
            contact = await store.add_contact(owner, p.name, _when(p.created_at, now), src(p.source))
            by_name[fold(p.name).strip()] = contact
        people[p.id] = contact.id
        ids: dict[int, int] = {}
        for f in p.facts:
            fkey = (contact.id, f.kind, f.value, f.valid_from)
            if fkey in fact_keys:
                continue
            ids[f.id] = await store.restore_fact(owner, contact.id, f.model_dump(), src(f.source))
            fact_keys.add(fkey)
        for f in p.facts:
            if f.id in ids and f.superseded_by in ids:
                await store.link_superseded(ids[f.id], ids[f.superseded_by])
        if ids:
            await store.settle_current(owner, contact.id)
        added["facts"] += len(ids)
        if new:
            report.created.append(p.name)
        elif ids:
            report.merged.append((contact.name, [plural(len(ids), "fact")]))
        else:
            report.unchanged.append(contact.name)
        if progress:
            progress(n, len(raw_people))
        await wrote()

    for r in export.sections["relationships"]:
        if r.person in people and r.relative in people:
            if await store.add_relationship(owner, people[r.person], r.relation, people[r.relative], src(r.source)):
                added["relationships"] += 1
                await wrote()

    seen = await store.interaction_keys(owner)
    for i in export.sections["interactions"]:
        who = sorted(people[c] for c in i.people if c in people)
        ikey = (i.occurred_on, i.place, i.note, tuple(who))
        if ikey not in seen:
            await store.restore_interaction(owner, {**i.model_dump(), "created_at": i.created_at or now.isoformat()},
                                            who, src(i.source))
            seen.add(ikey)
            added["interactions"] += 1
            await wrote()

    noted = await store.note_keys(owner)
    for n in export.sections["notes"]:
        cid = people.get(n.person) if n.person is not None else None
        nkey = (cid, n.text, n.noted_on, n.kind)
        if nkey not in noted:
            await store.restore_note(owner, cid, {**n.model_dump(), "created_at": n.created_at or now.isoformat()},
                                     src(n.source))
            noted.add(nkey)
            added["notes"] += 1
            await wrote()

    reminders = await store.reminder_keys(owner)
    for r in export.sections["reminders"]:
        if r.person in people and (people[r.person], r.every_days, r.since, r.active) not in reminders:
            await store.restore_reminder(owner, people[r.person], r.model_dump(), src(r.source))
            added["reminders"] += 1
            await wrote()

    have = {(i["contact_id"], i["kind"], i["text"], i["created_at"]) for i in await store.items(owner, done=True)}
    for i in export.sections["items"]:  # gift ideas and open items, done ones too
        if i.person in people and (people[i.person], i.kind, i.text, i.created_at) not in have:
            await store.add_item(owner, people[i.person], i.kind, i.text, _when(i.created_at, now), src(i.source),
                                 done_at=i.done_at)
            have.add((people[i.person], i.kind, i.text, i.created_at))
            added["items"] += 1
            await wrote()
    for t in export.sections["tags"]:
        if t.person in people and await store.add_tag(owner, people[t.person], t.tag,
                                                      _when(t.created_at or "", now), src(t.source)):
            added["tags"] += 1
    open_ones = {(f.text, f.due_at) for f in await store.followups(owner)}
    for f in export.sections["followups"]:
        if f.status == "open" and (f.text, datetime.fromisoformat(f.due_at)) not in open_ones:
            await store.restore_followup(owner, people.get(f.person), f.model_dump(), src(f.source))
            added["followups"] += 1
            await wrote()
    report.added = added


def _items(doc: dict[str, object], key: str) -> list[object]:
    """The entries of one section (validated one by one, so a bad entry is reported)."""
    value = doc.get(key)
    return value if isinstance(value, list) else []


def _known_zone(name: str) -> bool:
    from core.clock import zone
    from core.errors import MemoroError

    try:
        return isinstance(name, str) and bool(name) and zone(name) is not None
    except MemoroError:
        return False


def _when(text: str, default: datetime) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return default


def _valid(model: type[M], raw: object, where: str, report: Report) -> M | None:
    try:
        return model.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        field = ".".join(map(str, first["loc"]))
        report.skipped.append(Problem(0, f"{where}: {(field + ' ') if field else ''}{first['msg'].lower()}"))
        return None
