"""Gift ideas, open items and tags of people (`core/open_items.py`, `core/groups.py`).

Two small tables, both keyed by owner and contact and deleted with the contact (ON DELETE
CASCADE): `open_items` (what is still to do for someone: a gift idea, money owed either way, a
thing lent or borrowed; done ones keep their `done_at`) and `contact_tags` (one row per person
and tag, the tag stored lower case). Every row carries the message that wrote it, so an import
that fails is undone with the rest of it (storage/unit_of_work.py journals both tables).
"""

from __future__ import annotations

from datetime import datetime

from core.records import Contact, Item, Record
from storage.unit_of_work import Repo, inserted_id, writes


class ItemsRepo(Repo):
    """Mixed into SqliteStore (needs `self.db`)."""


    # open items -------------------------------------------------------------------------
    @writes
    async def add_item(self, owner: str, contact_id: int, kind: str, text: str, now: datetime,
                       source: int | None, done_at: str | None = None) -> int:
        cur = await self.db.execute(
            "INSERT INTO open_items (owner, contact_id, kind, text, created_at, done_at, source_message_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", (owner, contact_id, kind, text, now.isoformat(), done_at, source))
        return inserted_id(cur)

    async def items(self, owner: str, contact_id: int | None = None, *, kinds: tuple[str, ...] = (),
                    done: bool = False) -> list[Item]:
        """Open items (or, with `done`, every item) of one person or of all, oldest first, each a
        dict with id, contact_id, name, kind, text, created_at, done_at."""
        where, args = ["i.owner = ?"], list[object]([owner])
        if contact_id is not None:
            where.append("i.contact_id = ?")
            args.append(contact_id)
        if kinds:
            where.append(f"i.kind IN ({', '.join('?' * len(kinds))})")
            args.extend(kinds)
        if not done:
            where.append("i.done_at IS NULL")
        rows = await self._rows(
            "SELECT i.id, i.contact_id, c.name, i.kind, i.text, i.created_at, i.done_at, i.source_message_id"
            f" FROM open_items i JOIN contacts c ON c.id = i.contact_id WHERE {' AND '.join(where)}"
            " ORDER BY c.name, i.id", tuple(args))
        return [Item(id=r["id"], contact_id=r["contact_id"], name=r["name"], kind=r["kind"], text=r["text"],
                     created_at=r["created_at"], done_at=r["done_at"], source_message_id=r["source_message_id"])
                for r in rows]

    @writes
    async def finish_item(self, owner: str, item_id: int, now: datetime) -> bool:
        """Mark an open item done; False if it is not the owner's or was done already."""
        cur = await self.db.execute("UPDATE open_items SET done_at = ? WHERE owner = ? AND id = ? AND done_at IS NULL",
                                    (now.isoformat(), owner, item_id))
        return cur.rowcount > 0

    # tags -------------------------------------------------------------------------------
    @writes
    async def add_tag(self, owner: str, contact_id: int, tag: str, now: datetime, source: int | None) -> bool:
        """Tag a person; False if they had the tag already."""
        cur = await self.db.execute(
            "INSERT OR IGNORE INTO contact_tags (owner, contact_id, tag, created_at, source_message_id)"
            " VALUES (?, ?, ?, ?, ?)", (owner, contact_id, tag, now.isoformat(), source))
        return cur.rowcount > 0

    @writes
    async def remove_tag(self, owner: str, contact_id: int, tag: str) -> bool:
        cur = await self.db.execute("DELETE FROM contact_tags WHERE owner = ? AND contact_id = ? AND tag = ?",
                                    (owner, contact_id, tag))
        return cur.rowcount > 0

    async def tagged(self, owner: str, tag: str) -> list[Contact]:
        rows = await self._rows(
            "SELECT c.id, c.name FROM contact_tags t JOIN contacts c ON c.id = t.contact_id"
            " WHERE t.owner = ? AND t.tag = ? ORDER BY c.name", (owner, tag))
        return [Contact(r[0], r[1]) for r in rows]

    async def tags(self, owner: str, contact_id: int | None = None) -> dict[str, int]:
        """{tag: how many people} for the owner, or the tags of one person (count 1 each)."""
        if contact_id is None:
            rows = await self._rows(
                "SELECT tag, count(*) FROM contact_tags WHERE owner = ? GROUP BY tag ORDER BY tag", (owner,))
        else:
            rows = await self._rows(
                "SELECT tag, 1 FROM contact_tags WHERE owner = ? AND contact_id = ? ORDER BY tag", (owner, contact_id))
        return {r[0]: r[1] for r in rows}

    async def all_tags(self, owner: str) -> list[Record]:
        """Every (contact_id, tag) row of the owner, for export."""
        rows = await self._rows(
            "SELECT contact_id, tag, created_at, source_message_id FROM contact_tags WHERE owner = ? ORDER BY id",
            (owner,))
        return [dict(r) for r in rows]
