"""Exporting an owner's address book: JSON (everything, readable back by `memoro import`),
vCard and CSV (current facts, notes and tags, for other address books), and iCalendar (birthdays and
keep-in-touch dates for a calendar, `core/ical.py`).

The JSON holds every row the owner has, with ids that are references inside the file only:
people with their facts and the facts' history (`valid_from`, `valid_to`, `superseded_by`),
interactions with who was there, notes (hidden ones too, marked), relationships, reminders
(stopped ones too), gift ideas and open items (done ones too), tags, the conversation itself (`messages`, which the rows' `source` ids point
at, so `/undo` keeps working after a restore) and the owner's settings. Nudges already sent
are not exported: they are delivery state, not the owner's data.
"""

from __future__ import annotations

import json
from datetime import datetime

from core import csvio, ical, vcard
from core.records import AddressCard, Record
from core.repositories import Store

FORMAT = "memoro"
VERSION = 1
FORMATS = ("json", "vcf", "csv", "ics")
MIME = {"json": "application/json", "vcf": "text/vcard", "csv": "text/csv", "ics": "text/calendar"}
_SETTINGS = ("tz", "nudge_hour", "nudge_minute", "lead_days", "persona", "created_at")


async def to_dict(store: Store, owner: str, now: datetime) -> Record:
    rows = await store.dump(owner)
    settings = await store.owner_row(owner) or {}
    sent = {f.id for f in await store.followups(owner) if f.sent}  # delivered: restored as done
    facts: dict[int, list[Record]] = {}
    for f in rows["facts"]:
        facts.setdefault(f["contact_id"], []).append(
            {"id": f["id"], "kind": f["kind"], "value": f["value"], "valid_from": f["valid_from"],
             "valid_to": f["valid_to"], "superseded_by": f["superseded_by"], "source": f["source_message_id"]})
    return {
        "format": FORMAT, "version": VERSION, "exported_at": now.isoformat(), "owner_key": owner,
        "settings": {k: settings.get(k) for k in _SETTINGS if k in settings},
        "people": [{"id": c["id"], "name": c["name"], "created_at": c["created_at"],
                    "source": c["source_message_id"], "facts": facts.get(c["id"], [])} for c in rows["contacts"]],
        "relationships": [{"person": r["contact_id"], "relation": r["relation"], "relative": r["relative_id"],
                           "source": r["source_message_id"]} for r in rows["relationships"]],
        "interactions": [{"occurred_on": i["occurred_on"], "place": i["place"], "note": i["note"],
                          "people": i["people"], "created_at": i["created_at"], "source": i["source_message_id"]}
                         for i in rows["interactions"]],
        "notes": [{"person": n["contact_id"], "text": n["text"], "noted_on": n["noted_on"], "kind": n["kind"],
                   "hidden": bool(n["hidden"]), "created_at": n["created_at"], "source": n["source_message_id"]}
                  for n in rows["notes"]],
        "reminders": [{"person": r["contact_id"], "every_days": r["every_days"], "since": r["since"],
                       "active": bool(r["active"]), "source": r["source_message_id"]} for r in rows["reminders"]],
        "followups": [{"person": f["contact_id"], "text": f["text"], "due_at": f["due_at"], "status": f["status"],
                       "sent": f["id"] in sent, "created_at": f["created_at"], "source": f["source_message_id"]}
                      for f in rows.get("followups", [])],
        "messages": [{"id": m["id"], "role": m["role"], "text": m["text"], "at": m["at"], "platform": m["platform"],
                      "thread": m["thread"], "external_id": m["external_id"], "status": m["status"]}
                     for m in rows["messages"]],
        "items": [{"person": i["contact_id"], "kind": i["kind"], "text": i["text"], "created_at": i["created_at"],
                   "done_at": i["done_at"], "source": i["source_message_id"]}
                  for i in await store.items(owner, done=True)],
        "tags": [{"person": t["contact_id"], "tag": t["tag"], "created_at": t["created_at"],
                  "source": t["source_message_id"]} for t in await store.all_tags(owner)],
    }


def address_book(doc: Record) -> list[AddressCard]:
    """People with their current facts and visible notes, for vCard and CSV."""
    notes: dict[int, list[str]] = {}
    for n in doc["notes"]:
        if n["person"] is not None and not n["hidden"]:
            notes.setdefault(n["person"], []).append(n["text"])
    tags: dict[int, list[str]] = {}
    for t in doc.get("tags", []):
        tags.setdefault(t["person"], []).append(t["tag"])
    return [AddressCard(name=p["name"], facts={f["kind"]: f["value"] for f in p["facts"] if f["valid_to"] is None},
                        notes=notes.get(p["id"], []), tags=tags.get(p["id"], [])) for p in doc["people"]]


async def export(store: Store, owner: str, fmt: str, now: datetime) -> tuple[str, bytes]:
    """(file name, contents) of `owner`'s address book in `fmt` ('json', 'vcf', 'csv' or 'ics')."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    name = f"memoro-{now:%Y-%m-%d}.{fmt}"
    if fmt == "ics":
        return name, await ical.ics(store, owner, now)
    doc = await to_dict(store, owner, now)
    if fmt == "json":
        return name, json.dumps(doc, ensure_ascii=False, indent=1).encode()
    people = address_book(doc)
    text = vcard.write(people) if fmt == "vcf" else csvio.write(people)
    return name, text.encode()
