"""What the contract tests share: a fixed clock reading and an owner made as the engine makes one."""

from __future__ import annotations

from datetime import date, datetime, timedelta

NOW = datetime.fromisoformat("2026-03-02T10:00:00+00:00")
TODAY = NOW.date()
A, B = "test:alice", "test:bob"  # two owners: neither may ever see the other's rows


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def days(n: int) -> timedelta:
    return timedelta(days=n)


def day(text: str) -> date:
    return date.fromisoformat(text)


async def owners(store, *keys: str, tz: str = "UTC") -> None:
    for key in keys or (A, B):
        await store.create_owner(key, tz, NOW)
