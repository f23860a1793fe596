"""`memoro mcp`: one owner's address book for AI assistants, over the Model Context Protocol on
stdio (the official `mcp` SDK's MCPServer).

The owner is fixed when the process starts (`--owner`, default the console's; a linked account
resolves to the address book it shares) and no tool takes an owner, so an assistant cannot
reach anyone else's data: every tool goes through the owner-scoped engine and store.

Tools, each reusing what the chats answer with:
  search_notes(query)   the hybrid search (core/search.py, BM25 + vectors, reranked), as notes
                        with who they are about and when
  read_person(name)     the `/person` answer
  upcoming_dates(days)  the birthdays answer, plus keep-in-touch check-ins due (core/ical.py)
  log_note(text)        only with `--allow-writes`: the text is stored as a message (platform
                        `mcp`, so `/undo` in a chat reverts it) and understood by the engine like
                        one. Commands ("/forget") are refused: the assistant may add, not delete.
While it serves, the SDK points fd 1 at stderr, so stray output cannot corrupt the protocol;
logs go to stderr as always.
"""

from __future__ import annotations

import logging
from datetime import datetime

from mcp.server import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations
from pydantic import BaseModel, Field

from core import format as fmt
from core import ical, logctx
from core.answers import SEARCH_FLOOR
from core.clock import zone
from core.engine import clean
from core.errors import MemoroError
from core.search import hybrid

logger = logging.getLogger(__name__)
MAX_NOTE_CHARS = 4000
INSTRUCTIONS = """Memoro is the user's personal CRM: notes about the people in their life, with dates.
Search notes for open questions ("who sails?"), read a person for everything about one
person, list upcoming dates for birthdays and check-ins."""


class NoteHit(BaseModel):
    person: str = Field(description="who the note is about")
    date: str = Field(description="when it was said or happened, YYYY-MM-DD")
    text: str
    score: float = Field(description="relevance, higher is better")


class SearchResult(BaseModel):
    notes: list[NoteHit]


class Book:
    """The tools' bodies, on one owner's address book."""

    def __init__(self, engine, owner: str, *, allow_writes: bool = False):
        self.engine = engine
        self.store = engine.store
        self.owner_key = owner
        self.allow_writes = allow_writes

    async def _owner(self):
        owner = await self.store.owner(self.owner_key)
        if owner is None:
            raise ToolError("This address book is empty: nothing has been told to Memoro yet.")
        return owner

    def _now(self, owner) -> datetime:
        return self.engine.clock.now().astimezone(zone(owner.tz))

    async def search_notes(self, query: str, limit: int = 10) -> SearchResult:
        query = clean(query)
        if not query:
            raise ToolError("Say what to look for, e.g. 'plays tennis' or 'moved to Berlin'.")
        if self.engine.indexer is not None:
            await self.engine.indexer.drain(self.owner_key)
        hits = [h for h in await hybrid(self.store, self.engine.index, self.owner_key, query)
                if h.score >= SEARCH_FLOOR][: max(1, min(limit, 50))]
        notes = {n.id: n for n in await self.store.notes_by_id(self.owner_key, [h.note_id for h in hits])}
        names = {c.id: c.name for c in await self.store.contacts(self.owner_key)}
        out = [NoteHit(person=names.get(notes[h.note_id].contact_id) or "(nobody in particular)",
                       date=notes[h.note_id].on.isoformat(), text=notes[h.note_id].text, score=round(h.score, 3))
               for h in hits if h.note_id in notes]
        return SearchResult(notes=out)

    async def read_person(self, name: str) -> str:
        owner = await self._owner()
        name = clean(name)
        if not name:
            raise ToolError("Whose? Give a name, e.g. 'Sam' or 'Sam Lee'.")
        return await self.engine.commands.run(owner, f"/person {name}", self._now(owner))

    async def upcoming_dates(self, days: int = 30) -> str:
        owner = await self._owner()
        days = max(1, min(days, 366))
        today = self._now(owner).date()
        text = await self.engine.answers.upcoming(self.owner_key, today, days)
        due = sorted((f.next_on(today), f) for f in await ical.follow_ups(self.store, self.owner_key)
                     if (f.next_on(today) - today).days <= days)
        if due:
            text += "\nKeep-in-touch check-ins:\n" + "\n".join(
                f"• {fmt.day(d)}: {f.contact.name} (every {f.every_days} days)" for d, f in due)
        return text

    async def log_note(self, text: str) -> str:
        if not self.allow_writes:
            raise ToolError("This server is read-only (start it with --allow-writes).")
        text = clean(text)
        if not text:
            raise ToolError("The note is empty.")
        if text.startswith("/"):
            raise ToolError("Commands are not available here: log a note in words, e.g. 'Sam moved to Lisbon'.")
        if len(text) > MAX_NOTE_CHARS:
            raise ToolError(f"That note is too long (at most {MAX_NOTE_CHARS} characters).")
        at = self.engine.clock.now()
        owner = await self.engine.owner(self.owner_key, at)
        if owner.pending:  # a chat is waiting for the owner's yes/no: leave it to them
            raise ToolError("Memoro is waiting for the owner's answer to a question in a chat; try again later.")
        now = at.astimezone(zone(owner.tz))
        token = logctx.owner_key.set(self.owner_key)
        try:
            mid = await self.store.add_message(self.owner_key, "user", text, at, platform="mcp")
            try:
                reply = await self.engine.handle_text(owner, text, now, mid)
            except Exception:  # broad on purpose: the per-message boundary; the message is stored
                logger.exception("note %s from mcp failed", mid)
                await self.store.set_message_status(mid, "failed")
                raise ToolError("Memoro stored the note but could not understand it.") from None
            await self.store.set_message_status(mid, "processed")
            await self.store.add_message(self.owner_key, "bot", reply, at, platform="mcp")
        finally:
            logctx.owner_key.reset(token)
        logger.info("note %s logged over mcp", mid)
        return reply


def build(engine, owner: str, *, allow_writes: bool = False) -> MCPServer:
    """The MCP server for `owner`'s address book (log_note only with `allow_writes`)."""
    book = Book(engine, owner, allow_writes=allow_writes)
    server = MCPServer("memoro", instructions=INSTRUCTIONS)
    read = ToolAnnotations(readOnlyHint=True, openWorldHint=False)

    @server.tool(annotations=read)
    async def search_notes(query: str, limit: int = 10) -> SearchResult:
        """Search the notes about the user's people (hybrid full-text and meaning search): each hit
        says who it is about and when. Use for open questions like 'who sails?'."""
        return await book.search_notes(query, limit)

    @server.tool(annotations=read)
    async def read_person(name: str) -> str:
        """Everything Memoro knows about one person: family, work, city, birthday, last meeting, news."""
        return await book.read_person(name)

    @server.tool(annotations=read)
    async def upcoming_dates(days: int = 30) -> str:
        """Birthdays and keep-in-touch check-ins in the next `days` days (1-366)."""
        return await book.upcoming_dates(days)

    if allow_writes:
        @server.tool(annotations=ToolAnnotations(readOnlyHint=False, destructiveHint=False, openWorldHint=False))
        async def log_note(text: str) -> str:
            """Tell Memoro something about people, as the user would text it ('Had lunch with Sam, he
            moved to Lisbon'): it is stored and understood like a chat message. Returns Memoro's reply."""
            return await book.log_note(text)

    return server


async def serve(settings, owner: str, *, allow_writes: bool = False) -> int:
    """Serve `owner`'s address book on stdin/stdout until the client closes them."""
    from bot.wiring import engine_from
    from storage.factory import open_store

    if not allow_writes:  # read-only on a book that does not exist is a mistake worth saying
        if not settings.db_path.exists():
            raise MemoroError(f"there is no database in {settings.data_dir} yet: nothing to serve.")
        async with await open_store(settings) as store:
            key = await store.resolve_owner(owner)
            owners = await store.owner_keys()
        if key not in owners:
            known = ", ".join(owners[:20]) or "none"
            raise MemoroError(f"no owner {owner!r} in {settings.db_path} (owners: {known}); choose one with --owner.")
    async with engine_from(settings) as engine:
        key = await engine.store.resolve_owner(owner)
        logger.info("serving the address book of %s over MCP (%s)", key,
                    "read and write" if allow_writes else "read-only")
        await build(engine, key, allow_writes=allow_writes).run_stdio_async()
    return 0
