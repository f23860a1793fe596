"""What an address-book file holds, once parsed: one `Entry` per person, and the problems met.

vCard (`core/vcard.py`) and CSV (`core/csvio.py`) both parse into these, so matching and
writing (`core/importer.py`) are the same whatever the file. Fact kinds are the ones the
conversation writes (birthday, city, employer, title) plus what address books carry
(nickname, email, phone, work_city, and the name's prefix, middle names and suffix). Several
e-mail addresses or phone numbers are one fact, joined by ", ". A birthday is 'MM-DD' without
a year, 'YYYY-MM-DD' with one. The name a person goes by is decided once, in `person_name`,
for both formats.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from core.errors import MemoroError

FACT_KINDS = ("birthday", "nickname", "city", "work_city", "employer", "title", "email", "phone",
              "name_prefix", "middle_name", "name_suffix")
# Honorifics before a name and generations/degrees after it: split off the name a person goes by
# (so "Mr. John Doe Sr." is found as "john doe") and kept as facts.
_PREFIXES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev", "hon", "herr", "frau", "mme",
             "mlle", "sr", "sra.", "srta.", "dott.", "ing."}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "ph.d.", "md", "esq", "dds", "mba", "cpa", "jun.", "sen."}
# (a word that is also a name, like Jun or Ing, is a title only with its dot: "Li Jun" keeps his name)
MULTI = ", "  # several e-mail addresses or phone numbers in one fact, in the order the file had them


class ImportFileError(MemoroError):
    """The file as a whole cannot be imported (empty, not text, unknown format, unreadable)."""

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
    tags: list[str] = field(default_factory=list)  # groups: vCard CATEGORIES, CSV Labels / Group Membership


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


def _title(token: str, titles: set[str]) -> bool:
    low = token.casefold().rstrip(",")
    return _word(low) in titles or low in titles


def _word(token: str) -> str:
    return re.sub(r"[^\w]", "", token).casefold()


def _words(text: str) -> set[str]:
    return {_word(w) for w in re.split(r"[\s,]+", text)} - {""}


def _strip_titles(text: str, prefix: str = "", suffix: str = "") -> tuple[str, str, str]:
    """(name, prefix, suffix) of a written name: the given prefix/suffix, else a known honorific."""
    words = text.replace(",", " , ").split()
    pre: list[str] = []
    post: list[str] = []
    given_pre, given_post = [_word(w) for w in prefix.split()], [_word(w) for w in suffix.split()]
    while len(words) > 1 and (_title(words[0], _PREFIXES) or (given_pre and _word(words[0]) in given_pre)):
        pre.append(words.pop(0))
    while len(words) > 1 and (words[-1] == "," or _title(words[-1], _SUFFIXES)
                              or (given_post and _word(words[-1]) in given_post)):
        post.insert(0, words.pop())
    while words and words[-1] == ",":
        words.pop()
    name = " ".join(words).replace(" , ", ", ")
    return name, prefix or " ".join(pre), suffix or " ".join(w for w in post if w != ",")


def person_name(written: str = "", prefix: str = "", given: str = "", middle: str = "", family: str = "",
                suffix: str = "") -> tuple[str, dict[str, str]]:
    """(the name a person goes by, the rest of the name kept as facts).

    `written` is the display name (vCard FN, a CSV "Name"); the parts are vCard N or CSV columns.
    A display name that is only the parts ("Mr. John Richter, James Doe Sr.") becomes given +
    family ("John Doe") with the prefix, middle names and suffix kept; a display name of its own
    ("Maxl" for Max Mustermann) is kept as it is, titles split off it.
    """
    base = full_name(given=given, family=family)
    parts = {"name_prefix": prefix, "middle_name": middle, "name_suffix": suffix}
    if written:
        core, pre, post = _strip_titles(written, prefix, suffix)
        said, needed = _words(written), _words(f"{given} {family}")
        if base and (needed <= said <= _words(f"{prefix} {given} {middle} {family} {suffix}")
                     or _word(core) == _word(base)):
            same = [_word(w) for w in core.split()] == [_word(w) for w in base.split()]
            name = core if same and "," not in core else base  # "Doe, John" is John Doe
        else:
            name, parts["middle_name"] = core, ""
        parts["name_prefix"], parts["name_suffix"] = pre, post
    elif base:
        name = base
    else:
        name, parts["middle_name"] = "", ""
    return name, {k: v for k, v in parts.items() if v}


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


def merge_same_names(entries: list[Entry]) -> tuple[list[Entry], list[Problem]]:
    """One entry per name: a second card or row for the same name (phones export a person once per
    account) is merged into the first. E-mails, phones and notes are joined; for any other field
    the first value stays and a different one is reported, never silently dropped."""
    from core.understand.names import fold

    first: dict[str, Entry] = {}
    out, notes = [], []
    for e in entries:
        key = fold(e.name).strip()
        if key not in first:
            first[key] = e
            out.append(e)
            continue
        keep = first[key]
        left = []
        for kind, value in e.facts.items():
            old = keep.facts.get(kind)
            if kind in ("email", "phone") and old:
                keep.facts[kind] = MULTI.join(dict.fromkeys(old.split(MULTI) + value.split(MULTI)))
            elif old is None:
                keep.facts[kind] = value
            elif old != value:
                left.append(f"{kind.replace('_', ' ')} {value!r}")
        keep.notes += [n for n in e.notes if n not in keep.notes]
        text = f"{e.name} again: merged into the card at line {keep.line}"
        notes.append(Problem(e.line, text + (f" ({', '.join(left)} left out)" if left else "")))
    return out, notes


_SYSTEM_LABELS = {"mycontacts", "starred"}


def labels(values: Iterable[str]) -> list[str]:
    """Group names from an address book as tags: lower case, each once, without the groups an
    address book adds by itself (Google's "* myContacts", "* starred")."""
    out: list[str] = []
    for value in values:
        raw = " ".join(str(value).split())
        system = raw.startswith("* ")
        tag = raw.removeprefix("* ").strip().casefold()
        if tag and not (system and tag.replace(" ", "") in _SYSTEM_LABELS) and tag not in out:
            out.append(tag)
    return out
