"""Stored choices (the buttons under a reply): offered, looked up by token, pressed once.

Every read and write names the owner, so a token pressed by someone else finds nothing. A press
claims its whole set in one UPDATE guarded by `pressed_at IS NULL`: of two presses racing (a
double tap, a redelivered callback) exactly one wins.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from core.records import Record
from storage.unit_of_work import Repo, writes


class ChoiceRepo(Repo):
    """Mixed into SqliteStore (needs `self.db`)."""

    @writes
    async def add_choices(self, owner: str, source: int | None, set_key: str, rows: list[tuple[str, str, str, Record]],
                          now: datetime, expires: datetime) -> None:
        """Store one set of buttons: `rows` are (token, label, action, args)."""
        for position, (token, label, action, args) in enumerate(rows):
            await self.db.execute(
                "INSERT INTO choices (token, owner, source_message_id, set_key, position, label, action, args,"
                " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (token, owner, source, set_key, position, label, action, json.dumps(args),
                 now.astimezone(UTC).isoformat(), expires.astimezone(UTC).isoformat()))

    async def choice(self, owner: str, token: str) -> Record | None:
        """The owner's choice with `token` (None for anyone else's), with who of its set was pressed."""
        rows = await self._rows(
            "SELECT c.*, (SELECT p.label FROM choices p WHERE p.token = c.pressed_token) AS pressed_label"
            " FROM choices c WHERE c.owner = ? AND c.token = ?", (owner, token))
        if not rows:
            return None
        row = dict(rows[0])
        row["args"] = json.loads(row["args"])
        return row

    @writes
    async def press_choice(self, owner: str, token: str, now: datetime) -> bool:
        """Claim the set of `token` for this press; False when one of the set was pressed already."""
        cur = await self.db.execute(
            "UPDATE choices SET pressed_at = ?, pressed_token = ? WHERE owner = ? AND pressed_at IS NULL AND"
            " set_key = (SELECT set_key FROM choices WHERE owner = ?"
            " AND token = ?)", (now.astimezone(UTC).isoformat(), token, owner, owner, token))
        return cur.rowcount > 0
