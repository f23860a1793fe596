"""Who may talk to the bot, and how fast: the allow-list and the per-owner rate limit.

The engine asks the guard before it stores anything, so a stranger (not on
MEMORO_ALLOWED_USERS) leaves no trace in the database and a flood from one owner costs one
dictionary lookup per message. The allow-list holds owner keys (`telegram:123`) or bare ids
(`123`, any platform). The rate limit is a sliding one-minute window per owner (linked
accounts share it); a refused owner is told once per window, so the bot does not flood back.
An empty allow-list allows everyone; a limit of 0 turns the rate limit off.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from core.format import plural
from core.settings import Settings

WINDOW_S = 60.0
PRUNE_AT = 10_000


class Guard:
    def __init__(self, *, allowed_users: str = "", per_minute: int = 0,
                 monotonic: Callable[[], float] = time.monotonic):
        self.allowed = {u.strip() for u in allowed_users.split(",") if u.strip()}
        self.per_minute = per_minute
        self.monotonic = monotonic
        self._seen: dict[str, deque[float]] = {}
        self._told: dict[str, float] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> Guard:
        return cls(allowed_users=settings.allowed_users, per_minute=settings.rate_limit_per_minute)

    def allows(self, sender: str) -> bool:
        """Is `sender` (a `platform:user_id` key) on the allow-list, if there is one?"""
        return not self.allowed or sender in self.allowed or sender.partition(":")[2] in self.allowed

    def refusal(self, sender: str) -> str:
        return ("Sorry, this Memoro is private: it only answers the people its owner allowed. "
                f"If that should include you, ask them to add {sender} to MEMORO_ALLOWED_USERS.")

    async def check(self, owner: str) -> str | None:
        """`over_limit` as the engine asks it; a guard shared by several workers counts in the
        database instead (bot/workers.py)."""
        return self.over_limit(owner)

    def over_limit(self, owner: str) -> str | None:
        """None when `owner` may send one more message now; else the reply to send (or "" to
        stay silent, once they have been told in this window)."""
        if self.per_minute <= 0:
            return None
        now = self.monotonic()
        if len(self._seen) > PRUNE_AT:  # forget owners quiet for a whole window: memory stays bounded
            self._seen = {k: v for k, v in self._seen.items() if v and v[-1] > now - WINDOW_S}
            self._told = {k: t for k, t in self._told.items() if t > now - WINDOW_S}
        seen = self._seen.setdefault(owner, deque())
        while seen and seen[0] <= now - WINDOW_S:
            seen.popleft()
        if len(seen) < self.per_minute:
            seen.append(now)
            self._told.pop(owner, None)
            return None
        if now - self._told.get(owner, -WINDOW_S) < WINDOW_S:
            return ""
        self._told[owner] = now
        return self.slow_down(seen[0] + WINDOW_S - now)

    def slow_down(self, wait_s: float) -> str:
        """What an owner over the limit is told, with a room in `wait_s` seconds."""
        wait = max(1, int(wait_s + 0.999))
        return (f"Slow down a little: I read at most {plural(self.per_minute, 'message')} a minute from you. "
                f"I did not read that one; send it again in {plural(wait, 'second')}.")
