"""What an address-book file holds, once parsed: one `Entry` per person, and the problems met.

vCard (`core/vcard.py`) and CSV (`core/csvio.py`) both parse into these, so matching and
writing (`core/importer.py`) are the same whatever the file. Fact kinds are the ones the
conversation writes (birthday, city, employer, title) plus what address books carry
(nickname, email, phone). A birthday is 'MM-DD' without a year, 'YYYY-MM-DD' with one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

FACT_KINDS = ("birthday", "nickname", "city", "employer", "title", "email", "phone")

# vCard 4.0 '--0303' / '--03-03', vCard 3.0 and CSV '1991-07-22' / '19910722' (a time may follow),
# '0000-03-03' or '1604-03-03' + X-APPLE-OMIT-YEAR for a birthday without a year.
_ISO = re.compile(r"^(?:(\d{4})|--)-?(\d{2})-?(\d{2})(?:T.*)?$")
_NO_YEAR = {0, 1604}  # 0000 (Outlook, some Android exports) and 1604 (Apple's omitted year)


@dataclass
class Entry:
    """One person from a file; `line` is where the entry starts (1-based)."""

    name: str
    line: int
    facts: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass
class Problem:
    """A malformed entry (skipped) or a field that could not be read (the rest is kept)."""

    line: int
    text: str


_CJK = re.compile(r"^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+$")


def full_name(prefix: str = "", given: str = "", middle: str = "", family: str = "", suffix: str = "") -> str:
    """A display name from its parts; Chinese, Japanese and Korean names read family name first, unspaced."""
    if given and family and _CJK.match(given) and _CJK.match(family):
        return family + given
    return " ".join(p for p in (prefix, given, middle, family, suffix) if p)


def parse_birthday(raw: str, omit_year: str | None = None) -> str | None:
    """'MM-DD' or 'YYYY-MM-DD' from the forms address books write; None if unreadable."""
    text = raw.strip()
    m = _ISO.match(text)
    if m:
        year = int(m.group(1)) if m.group(1) else None
        month, day = int(m.group(2)), int(m.group(3))
    else:
        found = _loose(text)
        if not found:
            return None
        year, month, day = found
    if year is not None and (year in _NO_YEAR or (omit_year and str(year) == omit_year.strip())):
        year = None
    try:
        date(year or 2000, month, day)  # 2000 is a leap year: Feb 29 without a year is valid
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"{month:02d}-{day:02d}"


def _loose(text: str) -> tuple[int | None, int, int] | None:
    """Other written dates ('March 3, 1991', '3 Mar', '07/22/1991') through dateparser."""
    import dateparser

    settings = {"REQUIRE_PARTS": ["day", "month"], "PREFER_DATES_FROM": "past"}
    when = dateparser.parse(text, languages=["en"], settings=settings)
    if when is None:
        return None
    year = when.year if re.search(r"\b\d{4}\b", text) else None
    return year, when.month, when.day
