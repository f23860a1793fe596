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

Time is injected (`now`); the server is anything with the `Book` interface (bot/carddav_client.py
over HTTP). Every read and write names the owner.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from core import carddav_card as card
from core import format as fmt
from core.entries import FACT_KINDS, Entry, Problem, merge_same_names
from core.errors import MemoroError
from core.importer import Report, write_entries
from core.records import CardLink, Contact
from core.repositories import Store
from core.understand.names import fold

logger = logging.getLogger(__name__)
FIELDS = ("name", *FACT_KINDS)


class CardDAVError(MemoroError):
    """The server refused, or is not a CardDAV address book: fix the command (exit code 2)."""

    exit_code = 2


class Unreachable(CardDAVError):
    """The server could not be reached or failed (exit code 3): try again later."""

    exit_code = 3


class Changed(Exception):
    """A conditional PUT failed (412): the card changed on the server, or already exists."""


class Book(Protocol):
    """A CardDAV address book (its collection URL in `url`)."""

    url: str

    async def listing(self) -> dict[str, str | None]:
        """href -> ETag of every card in the book."""

    async def fetch(self, hrefs: list[str]) -> dict[str, tuple[str | None, str]]:
        """href -> (ETag, vCard text) of the cards that still exist."""

    def href_for(self, uid: str) -> str:
        """Where a new card with this UID goes."""

    async def create(self, href: str, text: str) -> str | None:
        """PUT with If-None-Match: *; the new ETag if the server gave one. Raises Changed."""

    async def update(self, href: str, etag: str | None, text: str) -> str | None:
        """PUT with If-Match: etag; the new ETag if the server gave one. Raises Changed."""


@dataclass
class SyncReport:
    book: str
    pull: Report
    pushed_new: list[str] = field(default_factory=list)
    pushed_edits: list[tuple[str, list[str]]] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    later: list[str] = field(default_factory=list)
    not_pushed: list[str] = field(default_factory=list)
    push_error: CardDAVError | None = None  # the server refused a write: pushing stopped there

    def text(self, limit: int = 30) -> str:
        def names(items: list[str]) -> str:
            more = f" and {len(items) - limit} more" if len(items) > limit else ""
            return ", ".join(items[:limit]) + more

        dry = self.pull.dry_run
        lines = [self.pull.text(limit).replace(f"Import of {self.pull.source} (carddav)", f"Pulled from {self.book}")]
        would = "would push" if dry else "pushed"
        if self.pushed_new:
            lines.append(f"• {would} {fmt.plural(len(self.pushed_new), 'new card')}: {names(self.pushed_new)}")
        if self.pushed_edits:
            lines.append(f"• {would} edits to {fmt.plural(len(self.pushed_edits), 'card')}: "
                         + names([f"{n} ({', '.join(f.replace('_', ' ') for f in what)})"
                                  for n, what in self.pushed_edits]))
        if not self.pushed_new and not self.pushed_edits:
            lines.append("• nothing to push" if dry else "• nothing pushed: the server is up to date")
        if self.conflicts:
            lines.append(f"• {fmt.plural(len(self.conflicts), 'field')} edited on both sides, the server's kept "
                         "(Memoro's stays in the history): " + names(self.conflicts))
        if self.gone:
            lines.append(f"• {fmt.plural(len(self.gone), 'card')} deleted on the server, kept in Memoro "
                         "(not pushed again): " + names(self.gone))
        if self.later:
            lines.append("• changed on the server during the sync, left for the next one: " + names(self.later))
        if self.not_pushed:
            lines.append("• not pushed (a name two of your people share): " + names(self.not_pushed))
        if self.push_error:
            lines.append(f"• pushing stopped: {self.push_error}")
        return "\n".join(lines)


def _host(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[0]


async def person(store: Store, owner: str, contact: Contact) -> dict:
    """What a person's card would say: name and address-card facts."""
    facts = await store.current_facts(owner, contact.id)
    return {"name": contact.name, "facts": {k: f.value for k, f in facts.items() if k in FACT_KINDS}}


def _get(v: dict | None, name: str) -> str | None:
    if not v:
        return None
    return v.get("name") if name == "name" else v.get("facts", {}).get(name)


def _changed(now: dict, then: dict | None) -> list[str]:
    """The fields `now` has with a value other than `then`'s (an emptied field is no edit)."""
    return [f for f in FIELDS if _get(now, f) and not card.same(_get(now, f), _get(then, f))]


async def sync(store: Store, owner: str, book: Book, now: datetime, source: int | None, *,
               dry_run: bool = False) -> SyncReport:
    """Pull the book into `owner`'s people, then push what Memoro learned; see the module notes."""
    report = SyncReport(book.url, Report(source=_host(book.url), kind="carddav", dry_run=dry_run))
    links = {k.href: k for k in await store.card_links(owner, book.url)}
    listing = await book.listing()
    logger.info("carddav: %s cards in the book, %s known", len(listing), len(links))
    stale = [h for h, etag in sorted(listing.items())
             if h not in links or links[h].etag is None or links[h].etag != etag]
    stale = [h for h in stale if not (h in links and links[h].state == "linked" and links[h].contact_id is None)]
    fetched = await book.fetch(stale) if stale else {}

    new: list[tuple[str, str | None, str | None, dict]] = []  # href, etag, uid, view
    edited: list[tuple[CardLink, str | None, dict]] = []
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
    by_name: dict[str, list[Contact]] = {}
    for c in await store.contacts(owner):
        by_name.setdefault(fold(c.name).strip(), []).append(c)
    shared = {fold(v["name"]).strip() for _, _, _, v in new if len(by_name.get(fold(v["name"]).strip(), [])) > 1}
    if dry_run:
        await _plan_push(store, owner, links, listing, new, shared, report)
        return report
    for href, etag, uid, server in new:
        found = by_name.get(fold(server["name"]).strip(), [])
        if len(found) == 1:  # else skipped by the import as a name two people share
            # Memoro's side starts as the card: what Memoro knows beyond it is pushed below
            saved.append(CardLink(href, uid, etag, found[0].id, "linked", server,
                                  {"name": server["name"], "facts": dict(server["facts"])}))
    await store.save_card_links(owner, book.url, saved, now)
    try:
        await _push(store, owner, book, listing, fetched, shared, report, now)
    except CardDAVError as err:  # a read-only book, a server gone mid-way: what was pulled stays
        logger.warning("carddav: pushing stopped: %s", type(err).__name__)
        report.push_error = err
    return report


async def _pull_edit(store: Store, owner: str, link: CardLink, server: dict, noted: set[tuple[int, str]],
                     now: datetime, source: int | None, report: SyncReport) -> None:
    """A card edited on the server: its changed fields win; new notes are added."""
    contact = await store.contact(owner, link.contact_id)
    if contact is None:
        return
    current = await person(store, owner, contact)
    memoro = link.memoro or {}
    added = []
    for f in _changed(server, link.server):
        value = _get(server, f)
        if not card.same(_get(current, f), _get(memoro, f)) and not card.same(_get(current, f), value):
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
        elif not card.same(_get(current, f), value):
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
    name = _get(server, "name") if added and added[0].startswith("renamed") else contact.name
    if added:
        report.pull.merged.append((name, added))
    else:
        report.pull.unchanged.append(contact.name)


def _unlinked(contacts: list[Contact], links: dict[str, CardLink], shared: set[str],
              report: SyncReport) -> list[Contact]:
    """The owner's people with no card in this book, less those who share the name of a card
    the import skipped (two of them have it): pushing them would duplicate that card."""
    linked = {k.contact_id for k in links.values() if k.contact_id is not None}
    out = []
    for c in contacts:
        if c.id in linked:
            continue
        if fold(c.name).strip() in shared:
            if c.name not in report.not_pushed:
                report.not_pushed.append(c.name)
            continue
        out.append(c)
    return out


async def _push(store: Store, owner: str, book: Book, listing: dict, fetched: dict, shared: set[str],
                report: SyncReport, now: datetime) -> None:
    links = {k.href: k for k in await store.card_links(owner, book.url)}
    contacts = {c.id: c for c in await store.contacts(owner)}
    for link in links.values():
        if link.state != "linked" or link.contact_id is None:
            continue
        contact = contacts.get(link.contact_id)
        if link.href not in listing:
            if link.etag is None and contact is not None:  # pushed before, never confirmed: again
                await _create(store, owner, book, contact, link, report, now)
            elif contact is not None and contact.name not in report.gone:
                report.gone.append(contact.name)
            continue
        if contact is None:
            continue
        mine = await person(store, owner, contact)
        fields = _changed(mine, link.memoro)
        if not fields:
            continue
        etag, text = fetched.get(link.href) or (await book.fetch([link.href])).get(link.href, (None, None))
        if text is None:
            continue
        try:
            edited = card.edit_card(text, mine, fields)
        except Exception as err:  # noqa: BLE001 -- vobject raises many kinds on a card it cannot re-read
            report.pull.warnings.append(Problem(0, f"{contact.name}: the server's card could not be edited "
                                                   f"({type(err).__name__}); left as it is"))
            continue
        try:
            link.etag = await book.update(link.href, etag, edited)
        except Changed:
            report.later.append(contact.name)
            continue
        link.server = _view_of(edited)
        link.memoro = mine
        await store.save_card_links(owner, book.url, [link], now)
        report.pushed_edits.append((contact.name, fields))
    for contact in _unlinked(list(contacts.values()), links, shared, report):
        uid = str(uuid.uuid4())
        link = CardLink(book.href_for(uid), uid, None, contact.id, "linked")
        await _create(store, owner, book, contact, link, report, now)


async def _create(store: Store, owner: str, book: Book, contact: Contact, link: CardLink, report: SyncReport,
                  now: datetime) -> None:
    """A new card for a person, recorded before the PUT (so a crash in between cannot make two)."""
    mine = await person(store, owner, contact)
    text = card.new_card(link.uid or str(uuid.uuid4()), mine)
    link.memoro, link.server, link.etag = mine, _view_of(text), None
    await store.save_card_links(owner, book.url, [link], now)
    try:
        link.etag = await book.create(link.href, text)
    except Changed:  # a card with this href appeared meanwhile: the next sync pulls it
        report.later.append(contact.name)
        return
    await store.save_card_links(owner, book.url, [link], now)
    report.pushed_new.append(contact.name)


def _view_of(text: str) -> dict:
    _, entry, _ = card.read(text)
    return card.view(entry) if entry else {}


async def _plan_push(store: Store, owner: str, links: dict[str, CardLink], listing: dict, new: list,
                     shared: set[str], report: SyncReport) -> None:
    """What a real run would push (a dry run): new cards, and edits of linked people."""
    arriving = {fold(v["name"]).strip() for _, _, _, v in new}
    contacts = await store.contacts(owner)
    for c in _unlinked(contacts, links, shared, report):
        if fold(c.name).strip() not in arriving:
            report.pushed_new.append(c.name)
    by_id = {c.id: c for c in contacts}
    for link in links.values():
        if link.state == "linked" and link.contact_id in by_id and link.href in listing:
            fields = _changed(await person(store, owner, by_id[link.contact_id]), link.memoro)
            if fields:
                report.pushed_edits.append((by_id[link.contact_id].name, fields))
