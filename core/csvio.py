"""Contacts as CSV with a header row, in and out (stdlib `csv`).

Columns are recognised by name, case- and punctuation-insensitively, in the forms Google
Contacts (old and new exports), Monica and hand-made sheets use ("Given Name", "First Name",
"first_name", "Birthday", "birthdate", "Address 1 - City", ...). Columns that are not
recognised are reported, never fatal. A row without a name, or with more cells than the
header, is skipped and reported with its line.
"""

from __future__ import annotations

import csv
import io
import re

from core.entries import Entry, Problem, full_name, parse_birthday
from core.facts import KINDS

_ALIASES = {
    "name": ("name", "full name", "display name", "fn", "contact name", "complete name"),
    "prefix": ("name prefix", "prefix", "title prefix"),
    "given": ("given name", "first name", "firstname", "first", "given"),
    "middle": ("additional name", "middle name", "middle", "middlename"),
    "family": ("family name", "last name", "lastname", "last", "surname"),
    "suffix": ("name suffix", "suffix"),
    "notes": ("notes", "note", "description", "comments", "about"),
    "region": ("address 1 region", "region", "state", "province"),
    "country": ("address 1 country", "country"),
    **{kind: entry.csv for kind, entry in KINDS.items() if entry.csv},  # the fact kinds' own columns
}
_EXTRA = "\0extra"  # DictReader's key for cells beyond the header
_BY_ALIAS = {alias: field for field, aliases in _ALIASES.items() for alias in aliases}
EXPORT_HEADER = ["Name", "Given Name", "Family Name", "Nickname", "Birthday", "Notes", "Address 1 - City",
                 "Organization 1 - Name", "Organization 1 - Title", "E-mail 1 - Value", "Phone 1 - Value"]


def _norm(header: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", header.replace("_", " ").casefold()).split())


def columns(header: list[str]) -> tuple[dict[str, str], list[str]]:
    """({field: column}, columns not recognised). The first column for a field wins."""
    found: dict[str, str] = {}
    unknown = []
    for col in header:
        field = _BY_ALIAS.get(_norm(col))
        if field and field not in found:
            found[field] = col
        elif not field and col.strip():
            unknown.append(col.strip())
    return found, unknown


def parse(text: str) -> tuple[list[Entry], list[Problem], list[Problem], list[str]]:
    """(entries, skipped rows, warnings about single cells, columns not recognised)."""
    dialect = _dialect(text)
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect, restkey=_EXTRA)
    header = reader.fieldnames or []
    found, unknown = columns(header)
    entries, skipped, warnings = [], [], []
    if not ({"name", "given", "family", "nickname"} & set(found)):
        skipped.append(Problem(1, "no name column in the header (expected e.g. Name, First Name, Last Name)"))
        return entries, skipped, warnings, unknown
    end = reader.line_num
    for row in reader:
        line, end = end + 1, reader.line_num
        if _EXTRA in row:
            cells = len(header) + len(row[_EXTRA])
            skipped.append(Problem(line, f"{cells} cells for {len(header)} columns"))
            continue
        cell = {f: " ".join((row.get(col) or "").split()) for f, col in found.items()}
        if not any(cell.values()):
            continue  # a blank line
        name = cell.get("name") or full_name(*(cell.get(f, "") for f in ("prefix", "given", "middle", "family",
                                                                         "suffix")))
        name = name or cell.get("nickname", "")
        if not name:
            skipped.append(Problem(line, "a row without a name"))
            continue
        entry = Entry(name=name, line=line)
        for kind in ("nickname", "employer", "title", "email", "phone"):
            if cell.get(kind):
                entry.facts[kind] = cell[kind]
        if city := cell.get("city") or cell.get("region") or cell.get("country"):
            entry.facts["city"] = city
        if cell.get("birthday"):
            value = parse_birthday(cell["birthday"])
            if value:
                entry.facts["birthday"] = value
            else:
                warnings.append(Problem(line, f"{name}: birthday {cell['birthday']!r} not understood, left out"))
        note = (row.get(found["notes"]) or "").strip() if "notes" in found else ""
        if note:
            entry.notes.append(note)
        entries.append(entry)
    return entries, skipped, warnings, unknown


def _dialect(text: str):
    try:
        return csv.Sniffer().sniff(text[:4096].split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def write(people: list[dict]) -> str:
    """CSV in Google Contacts' column names, for people {"name", "facts", "notes"}."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(EXPORT_HEADER)
    for p in people:
        f = p.get("facts", {})
        parts = p["name"].split()
        given, family = (" ".join(parts[:-1]), parts[-1]) if len(parts) > 1 else (p["name"], "")
        b = f.get("birthday", "")
        w.writerow([p["name"], given, family, f.get("nickname", ""), b if len(b) != 5 else f"--{b}",
                    "\n".join(p.get("notes", [])), f.get("city", ""), f.get("employer", ""), f.get("title", ""),
                    f.get("email", ""), f.get("phone", "")])
    return out.getvalue()
