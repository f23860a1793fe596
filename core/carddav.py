"""What the CardDAV sync is made of: the address book it talks to (`Book`, implemented over HTTP by
bot/carddav_client.py), its errors (fit to show, each with the command's exit code), its report,
and the view of a person that it compares with a card (core/carddav_card.py has the card's).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Protocol

from core import carddav_card as card
from core import format as fmt
from core.entries import FACT_KINDS
from core.errors import MemoroError
from core.importer import Report
from core.records import CardView, Contact
from core.repositories import Store

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
    """What a sync did: the pull as an import report, then what was pushed and left alone."""

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
        if not self.pushed_new and not self.pushed_edits and not self.push_error:
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


def host(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[0]


async def person(store: Store, owner: str, contact: Contact) -> CardView:
    """What a person's card would say: name and address-card facts."""
    facts = await store.current_facts(owner, contact.id)
    return CardView(name=contact.name, facts={k: f.value for k, f in facts.items() if k in FACT_KINDS})


def get(v: CardView | None, name: str) -> str | None:
    if not v:
        return None
    return v.get("name") if name == "name" else v.get("facts", {}).get(name)


def changed(now: CardView, then: CardView | None) -> list[str]:
    """The fields `now` has with a value other than `then`'s (an emptied field is no edit)."""
    return [f for f in FIELDS if get(now, f) and not card.same(get(now, f), get(then, f))]
