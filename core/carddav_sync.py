"""Two-way sync of one owner's people with a CardDAV address book, never deleting anything.

    list the book (href -> ETag) -> fetch the cards that are new or whose ETag moved
      -> pull: new cards through the importer (one journaled, undoable unit of work, matched to
         the owner's people by name like a file import); edited cards field by field
      -> push: people Memoro learned become new cards (PUT If-None-Match: *); people edited in
         Memoro since the last sync edit their card (PUT If-Match: its ETag)

Each card's link (storage/sync_store.py) keeps the fields both sides had at the last sync, so
an edit is told apart from a difference: the server edited a field when the card's value is
not the one it had, Memoro edited it when the person's value is not the one Memoro had.

The rules, where the two sides disagree:
- **Edited on both sides since the last sync:** for each field the server changed, the server's
  value wins; Memoro's value is not lost, it stays in the person's history (facts are versioned).
  Fields only Memoro changed are pushed to the card. Notes from the card are added, never removed.
- **Nothing is deleted, on either side.** A card deleted on the server leaves the person in
  Memoro, and is not pushed again. A field emptied on the server leaves Memoro's value. A person
  forgotten in Memoro (`/forget`, or `/undo` of a sync) leaves the card on the server, and the
  sync leaves that card alone from then on. Nothing is taken off a card (core/carddav_card.py).
- A card whose name two of the owner's people share is skipped (as in an import), and no card is
  pushed for those people, so the server gets no duplicate.
- A card that changes on the server while the sync runs (HTTP 412) is left for the next sync.

Here: the listing, the pull and the order of things; core/carddav_push.py pushes,
core/carddav_card.py reads and edits cards, core/carddav.py holds the interface, errors and
report. Time is injected (`now`); the server is anything with the `Book` interface
(bot/carddav_client.py over HTTP). Every read and write names the owner.
"""

from __future__ import annotations

import logging
from datetime import datetime

from core import carddav_card as card
from core.carddav import Book, CardDAVError, SyncReport, changed, get, host, person
from core.carddav_push import plan_push, push
from core.entries import Entry, Problem, merge_same_names
from core.importer import Report, write_entries
from core.records import CardLink, CardView, Contact
from core.repositories import Store
from core.understand.names import fold

logger = logging.getLogger(__name__)


async def sync(store: Store, owner: str, book: Book, now: datetime, source: int | None, *,
               dry_run: bool = False) -> SyncReport:
    """Pull the book into `owner`'s people, then push what Memoro learned; see the module notes."""
    report = SyncReport(book.url, Report(source=host(book.url), kind="carddav", dry_run=dry_run))
    links = {k.href: k for k in await store.card_links(owner, book.url)}
    listing = await book.listing()
    logger.info("carddav: %s cards in the book, %s known", len(listing), len(links))
    stale = [h for h, etag in sorted(listing.items())
             if h not in links or links[h].etag is None or links[h].etag != etag]
    stale = [h for h in stale if not (h in links and links[h].state == "linked" and links[h].contact_id is None)]
    fetched = await book.fetch(stale) if stale else {}

    new: list[tuple[str, str | None, str | None, CardView]] = []  # href, etag, uid, view
    edited: list[tuple[CardLink, str | None, CardView]] = []
    saved: list[CardLink] = []
    for href in stale:
        if href not in fetched:
            continue  # deleted between the listing and the fetch
        etag, text = fetched[href]
        uid, entry, why = card.read(text)
        link = links.get(href)
        if entry is None:
            report.pull.skipped.append(Problem(0, f"{href.rsplit('/', 1)[-1]}: {why}"))
            saved.append(CardLink(href, uid, etag, None, "skipped"))
        elif link is None or link.state == "skipped":
            new.append((href, etag, uid, card.view(entry)))
        else:
            edited.append((link, etag, card.view(entry)))

    entries = [Entry(v["name"], 0, dict(v["facts"]), list(v["notes"])) for _, _, _, v in new]
    try:
        async with store.staged(keep=not dry_run) as stage:
            merged, twice = merge_same_names(entries)
            report.pull.warnings += twice
            await write_entries(store, owner, merged, now, source, report.pull, None, stage.checkpoint)
            noted = {(cid, text) for cid, text, _, _ in await store.note_keys(owner)} if edited else set()
            for link, etag, server in edited:
                await _pull_edit(store, owner, link, server, noted, now, source, report)
                link.etag, link.server = etag, server
                saved.append(link)
                await stage.checkpoint()
    except Exception as err:  # broad on purpose: whatever stopped the writes, the stage undid them all
        logger.exception("carddav: the pull for %s failed and was undone", owner)
        raise CardDAVError(f"The sync failed partway ({type(err).__name__}), so I undid what it pulled: nothing "
                           "changed in Memoro or on the server. Try again.") from err
    by_name: dict[str, list[Contact]] = {}
    for c in await store.contacts(owner):
        by_name.setdefault(fold(c.name).strip(), []).append(c)
    shared = {fold(v["name"]).strip() for _, _, _, v in new if len(by_name.get(fold(v["name"]).strip(), [])) > 1}
    if dry_run:
        await plan_push(store, owner, links, listing, new, shared, report)
        return report
    for href, etag, uid, server in new:
        found = by_name.get(fold(server["name"]).strip(), [])
        if len(found) == 1:  # else skipped by the import as a name two people share
            # Memoro's side starts as the card: what Memoro knows beyond it is pushed below
            saved.append(CardLink(href, uid, etag, found[0].id, "linked", server,
                                  {"name": server["name"], "facts": dict(server["facts"])}))
    await store.save_card_links(owner, book.url, saved, now)
    try:
        await push(store, owner, book, listing, fetched, shared, report, now)
    except CardDAVError as err:  # a read-only book, a server gone mid-way: what was pulled stays
        logger.warning("carddav: pushing stopped: %s", type(err).__name__)
        report.push_error = err
    return report


async def _pull_edit(store: Store, owner: str, link: CardLink, server: CardView, noted: set[tuple[int | None, str]],
                     now: datetime, source: int | None, report: SyncReport) -> None:
    """A card edited on the server: its changed fields win; new notes are added."""
    contact = await store.contact(owner, link.contact_id) if link.contact_id is not None else None
    if contact is None:
        return
    current = await person(store, owner, contact)
    memoro = link.memoro or {}
    added = []
    for f in changed(server, link.server):
        value = get(server, f)
        assert value is not None  # changed() lists only the fields the server's card has
        if not card.same(get(current, f), get(memoro, f)) and not card.same(get(current, f), value):
            report.conflicts.append(f"{contact.name}'s {f.replace('_', ' ')}")
        if f == "name":
            clash = [c for c in await store.contacts(owner) if c.id != contact.id and card.same(c.name, value)]
            if clash:
                report.pull.warnings.append(Problem(0, f"{contact.name}: renamed {value!r} on the server, but you "
                                                       "have someone of that name; kept the name"))
                continue
            if value != contact.name:
                await store.rename_contact(owner, contact.id, value)
                added.append(f"renamed from {contact.name}")
        elif not card.same(get(current, f), value):
            await store.add_fact(owner, contact.id, f, value, now, source)
            added.append(f"{f.replace('_', ' ')} {value}")
        if f == "name":
            memoro["name"] = value
        else:
            memoro.setdefault("facts", {})[f] = value
    for text in server.get("notes", []):
        if text not in (link.server or {}).get("notes", []) and (contact.id, text) not in noted:
            await store.add_note(owner, contact.id, text, now.date(), "fact", now, source)
            noted.add((contact.id, text))
            added.append("a note")
    link.memoro = memoro
    name = (get(server, "name") or contact.name) if added and added[0].startswith("renamed") else contact.name
    if added:
        report.pull.merged.append((name, added))
    else:
        report.pull.unchanged.append(contact.name)
