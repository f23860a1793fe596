"""The push half of the CardDAV sync (core/carddav_sync.py has the rules): people Memoro learned
become new cards, PUT with If-None-Match: * after their link is recorded (so a crash between the
two cannot make a second card: the next sync PUTs the same href again); people edited in Memoro
since the last sync edit their card, PUT with If-Match: its ETag (a 412 leaves it for the next
sync). Nothing here deletes.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from core import carddav_card as card
from core.carddav import Book, Changed, SyncReport, changed, person
from core.entries import Problem
from core.records import CardLink, CardView, Contact
from core.repositories import Store
from core.understand.names import fold

logger = logging.getLogger(__name__)


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


async def push(store: Store, owner: str, book: Book, listing: dict[str, str | None],
               fetched: dict[str, tuple[str | None, str]], shared: set[str],
               report: SyncReport, now: datetime) -> None:
    """Edit the cards of people edited in Memoro, then create cards for the people with none."""
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
        fields = changed(mine, link.memoro)
        if not fields:
            continue
        etag, text = fetched.get(link.href) or (await book.fetch([link.href])).get(link.href) or (None, None)
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


def _view_of(text: str) -> CardView:
    _, entry, _ = card.read(text)
    return card.view(entry) if entry else {}


async def plan_push(store: Store, owner: str, links: dict[str, CardLink], listing: dict[str, str | None],
                    new: list[tuple[str, str | None, str | None, CardView]],
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
            fields = changed(await person(store, owner, by_id[link.contact_id]), link.memoro)
            if fields:
                report.pushed_edits.append((by_id[link.contact_id].name, fields))
