"""Time is injected: the engine asks a clock, tests and replays set it."""

from __future__ import annotations

import re
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


_OFFSET = re.compile(r"([+-])(\d{1,2}):(\d{2})")
MAX_OFFSET = timedelta(hours=14)  # the widest real offsets: -12:00 (Baker Island) to +14:00 (Kiribati)


def zone(name: str) -> tzinfo:
    """Return the tzinfo for an IANA name or a fixed offset like '+05:30' (-12:00 to +14:00);
    anything else raises UnknownTimeZone, whose message says what to send instead."""
    if name and name[0] in "+-":
        m = _OFFSET.fullmatch(name)
        if not m or int(m.group(3)) > 59:
            raise UnknownTimeZone(name)
        sign = -1 if m.group(1) == "-" else 1
        offset = sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3)))
        if not -timedelta(hours=12) <= offset <= MAX_OFFSET:
            raise UnknownTimeZone(name)
        return timezone(offset)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise UnknownTimeZone(name) from err


def canonical(name: str) -> str:
    """The IANA spelling of a zone name typed in any case ('europe/berlin' -> 'Europe/Berlin'), or
    of the zone a city names ('lima', 'new york' -> 'America/New_York'); other names (offsets,
    unknown ones) unchanged."""
    if not name or name[0] in "+-":
        return name
    from zoneinfo import available_timezones

    folded = name.strip().replace(" ", "_").casefold()
    zones = sorted(z for z in available_timezones() if z.split("/")[0] in _AREAS)
    return (next((z for z in available_timezones() if z.casefold() == folded), None)
            or next((z for z in zones if z.rsplit("/", 1)[-1].casefold() == folded), name))  # 'lima'


# the areas of the IANA names of today's zones (not the legacy 'US/Eastern', 'Etc/GMT+5')
_AREAS = {"Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"}


def offset_name(at: datetime) -> str:
    """'+01:00' for an aware datetime: the zone assumed before /tz is set."""
    off = at.utcoffset() or timedelta(0)
    sign = "-" if off < timedelta(0) else "+"
    minutes = abs(int(off.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
