"""Reading a Memoro JSON export back (`core/exporter.py` wrote it), into any owner.

People are matched by name like any import; the ids in the file are references inside it
and are mapped to the rows written here. Facts keep their history and times; a row already
present (the same fact with the same start, the same note on the same day, the same meeting,
the same message) is not written again, so a restore is idempotent and can also merge an
export into an address book that already has people.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, ValidationError

from core.entries import Problem
from core.format import plural
from core.understand.names import fold


class _Fact(BaseModel):
    id: int
    kind: str
    value: str
    valid_from: str
    valid_to: str | None = None
    superseded_by: int | None = None
    source: int | None = None


class _Person(BaseModel):
    id: int
    name: str
    created_at: str
    source: int | None = None
    facts: list[_Fact] = []


class _Settings(BaseModel):
    tz: str
    nudge_hour: int = Field(9, ge=0, le=23)
    nudge_minute: int = Field(0, ge=0, le=59)
    lead_days: str = Field("0", pattern=r"^\d{1,2}(,\d{1,2})*$")
    persona: str | None = None


class _Message(BaseModel):
    id: int
    role: str
    text: str
    at: str
    platform: str = ""
    thread: str = ""
    external_id: str | None = None
    status: str = "processed"


class _Relationship(BaseModel):
    person: int
    relative: int
    relation: str
    source: int | None = None


class _Interaction(BaseModel):
    occurred_on: str
    place: str | None = None
    note: str
    people: list[int] = []
    created_at: str | None = None
    source: int | None = None


class _Note(BaseModel):
    person: int | None = None
    text: str
    noted_on: str
    kind: str
    hidden: bool = False
    created_at: str | None = None
    source: int | None = None


class _Reminder(BaseModel):
    person: int
    every_days: int = Field(gt=0)
    since: str
    active: bool = True
    source: int | None = None


_SECTIONS = {"relationships": _Relationship, "interactions": _Interaction, "notes": _Note,
             "reminders": _Reminder}


async def restore(store, owner: str, doc: dict, now: datetime, source: int | None, report,
                  progress=None) -> None:
    from core.importer import ImportFileError

    if not isinstance(doc, dict) or doc.get("format") != "memoro":
        raise ImportFileError("That JSON file is not a Memoro export (no \"format\": \"memoro\").")
    version = doc.get("version")
    if not isinstance(version, int) or version > 1:
        raise ImportFileError(f"That export's version ({version!r}) is not one this Memoro reads (1); "
                              "update Memoro first.")
    added = {k: 0 for k in ("facts", "notes", "interactions", "relationships", "reminders", "messages")}
    settings = _valid(_Settings, doc.get("settings"), "settings", report) if doc.get("settings") else None
    if settings is not None and _known_zone(settings.tz):
        await store.restore_settings(owner, settings.model_dump())

    known = await store.message_ids(owner)
    msg: dict[int, int] = {}
    for n, raw in enumerate(_items(doc, "messages")):
        m = _valid(_Message, raw, f"messages[{n}]", report)
        if m is None:
            continue
        key = (m.role, m.at, m.text)
        if key not in known and (new := await store.restore_message(owner, m.model_dump())) is not None:
            known[key] = new
            added["messages"] += 1
        if key in known:
            msg[m.id] = known[key]

    def src(old: int | None) -> int | None:
        return msg.get(old, source) if old is not None else source

    people: dict[int, int] = {}
    by_name = {fold(c.name).strip(): c for c in await store.contacts(owner)}
    fact_keys = await store.fact_keys(owner)
    raw_people = _items(doc, "people")
    for n, raw in enumerate(raw_people, 1):
        p = _valid(_Person, raw, f"people[{n - 1}]", report)
        if p is None:
            continue
        contact = by_name.get(fold(p.name).strip())
        new = contact is None
        if new:
            contact = await store.add_contact(owner, p.name, _when(p.created_at, now), src(p.source))
            by_name[fold(p.name).strip()] = contact
        people[p.id] = contact.id
        ids: dict[int, int] = {}
        for f in p.facts:
            key = (contact.id, f.kind, f.value, f.valid_from)
            if key in fact_keys:
                continue
            ids[f.id] = await store.restore_fact(owner, contact.id, f.model_dump(), src(f.source))
            fact_keys.add(key)
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

    before = store.db.total_changes
    for r in _checked(doc, "relationships", report):
        if r.get("person") in people and r.get("relative") in people and r.get("relation"):
            await store.add_relationship(owner, people[r["person"]], r["relation"], people[r["relative"]],
                                         src(r.get("source")))
    added["relationships"] = store.db.total_changes - before

    seen = await store.interaction_keys(owner)
    for i in _checked(doc, "interactions", report):
        who = sorted(people[c] for c in i.get("people", []) if c in people)
        key = (i.get("occurred_on"), i.get("place"), i.get("note"), tuple(who))
        if key not in seen and i.get("occurred_on") and i.get("note") is not None:
            await store.restore_interaction(owner, {**i, "created_at": i.get("created_at") or now.isoformat()},
                                            who, src(i.get("source")))
            seen.add(key)
            added["interactions"] += 1

    noted = await store.note_keys(owner)
    for n in _checked(doc, "notes", report):
        cid = people.get(n.get("person")) if n.get("person") is not None else None
        key = (cid, n.get("text"), n.get("noted_on"), n.get("kind"))
        if key not in noted and n.get("text") and n.get("noted_on") and n.get("kind"):
            await store.restore_note(owner, cid, {**n, "created_at": n.get("created_at") or now.isoformat()},
                                     src(n.get("source")))
            noted.add(key)
            added["notes"] += 1

    reminders = await store.reminder_keys(owner)
    for r in _checked(doc, "reminders", report):
        if r.get("person") in people and r.get("every_days") and r.get("since") and (
                people[r["person"]], r["every_days"], r["since"], bool(r.get("active", True))) not in reminders:
            await store.restore_reminder(owner, people[r["person"]], r, src(r.get("source")))
            added["reminders"] += 1
    report.added = added


def _checked(doc: dict, key: str, report) -> list[dict]:
    """The entries of one section that have the right shape (as dicts); the others are reported."""
    value = doc.get(key)
    out = []
    for n, raw in enumerate(value if isinstance(value, list) else []):
        if (item := _valid(_SECTIONS[key], raw, f"{key}[{n}]", report)) is not None:
            out.append(item.model_dump())
    return out


def _items(doc: dict, key: str) -> list:
    """The entries of one section; anything that is not an object is left out (and so not written)."""
    value = doc.get(key)
    if key in ("messages", "people"):  # validated one by one, so a bad entry is reported
        return value if isinstance(value, list) else []
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _known_zone(name) -> bool:
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


def _valid(model, raw, where: str, report):
    try:
        return model.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        field = ".".join(map(str, first["loc"]))
        report.skipped.append(Problem(0, f"{where}: {(field + ' ') if field else ''}{first['msg'].lower()}"))
        return None
