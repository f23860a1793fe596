"""Time is injected: the engine asks a clock, tests and replays set it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.errors import UnknownTimeZone


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class FixedClock:
    """A clock that says what it is told; `set` moves it."""

    def __init__(self, at: datetime):
        self.at = at

    def now(self) -> datetime:
        return self.at

    def set(self, at: datetime) -> None:
        self.at = at


def zone(name: str) -> tzinfo:
    """Return the tzinfo for an IANA name or a fixed offset like '+05:30'."""
    if name and name[0] in "+-" and ":" in name:
        sign = -1 if name[0] == "-" else 1
        hours, minutes = name[1:].split(":")
        return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise UnknownTimeZone(name) from err


def offset_name(at: datetime) -> str:
    """'+01:00' for an aware datetime: the zone assumed before /tz is set."""
    off = at.utcoffset() or timedelta(0)
    sign = "-" if off < timedelta(0) else "+"
    minutes = abs(int(off.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
