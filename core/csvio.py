"""Contacts as CSV with a header row, in and out (stdlib `csv`).

Columns are recognised by name, case- and punctuation-insensitively, in the forms Google
Contacts (old and new exports), Outlook (desktop and outlook.com), Thunderbird, LinkedIn,
Monica and hand-made sheets use ("Given Name", "First Name", "first_name", "Birthday",
"E-mail Address", "Home Phone", "Business City", "Address 1 - City", ...). Every e-mail and
phone column is read (Google's " ::: " joins several values in one cell); a work address
("Business City", or Google's "Address 2 - Label: Work") is where someone works, not where they
live. Outlook's "Title" beside "Job Title" is a name prefix ("Mr."). Columns that are not
recognised are reported, never fatal. A row without a name is named from its nickname,
company, e-mail or phone (and reported); a row with none of these, or with more cells than
the header, is skipped and reported with its line. A cell too long for any address book (over
128 KB, nearly always a quote that is never closed) stops the import with a plain answer.
"""

from __future__ import annotations

import csv
import io
import re

from core.entries import MULTI, Entry, ImportFileError, Problem, labels, parse_birthday, person_name
from core.facts import KINDS
from core.format import plural
from core.records import AddressCard

# kinds read and written as plain text in their own columns, named in the table of kinds
# (core/facts.py, `Kind.csv`); birthdays, cities, e-mail and phone are read below in their own ways
_PLAIN = tuple(k for k, v in KINDS.items() if v.csv and k not in ("birthday", "city", "email", "phone"))
# plain kinds beyond Google's own columns get a column of their own on export, named by their first CSV name
_EXTRA_PLAIN = tuple(k for k in _PLAIN if k not in ("nickname", "employer", "title"))

_ALIASES = {
    "name": ("name", "full name", "display name", "fn", "contact name", "complete name"),
    "prefix": ("name prefix", "prefix", "title prefix", "honorific"),
    "given": ("given name", "first name", "firstname", "first", "given"),
    "middle": ("additional name", "middle name", "middle", "middlename"),
    "family": ("family name", "last name", "lastname", "last", "surname"),
    "suffix": ("name suffix", "suffix"),
    "birthday": ("birthday", "birthdate", "birth date", "date of birth", "dob", "born"),
    "birth_year": ("birth year",),
    "birth_month": ("birth month",),
    "birth_day": ("birth day",),
    "notes": ("notes", "note", "description", "comments", "about"),
    "home city": ("home city", "city", "address city", "home address city", "location"),
    "home region": ("home state", "region", "state", "province", "home region"),
    "home country": ("home country", "home country region", "country"),
    "work city": ("business city", "work city", "office city"),
    "work region": ("business state", "work state"),
    "work country": ("business country", "business country region", "work country"),
    **{kind: KINDS[kind].csv for kind in _PLAIN},
    "labels": ("labels", "group membership", "categories", "groups", "tags", "contact groups"),
}
_MULTI = {  # every column of these is read, in header order
    "email": re.compile(r"^(e ?mail( \d+)?( value| address)?|(primary|secondary|home|work|other) e ?mail|"
                        r"(alternate )?e ?mail( address)?( \d+)?)$"),
    "phone": re.compile(r"^(phone( \d+ value)?|mobile|phone number|telephone|"
                        r"(home|business|work|mobile|primary|other|car) (phone|number|telephone)( \d+)?)$"),
}
_TYPED_ADDRESS = re.compile(r"^address (\d+) (type|label|city|region|country)$")  # Google
_EXTRA = "\0extra"  # DictReader's key for cells beyond the header
_BY_ALIAS = {alias: field for field, aliases in _ALIASES.items() for alias in aliases}
_GOOGLE_SEPARATOR = " ::: "
EXPORT_HEADER = ["Name", "Name Prefix", "Given Name", "Additional Name", "Family Name", "Name Suffix", "Nickname",
                 "Birthday", "Notes", "Address 1 - Label", "Address 1 - City", "Address 2 - Label", "Address 2 - City",
                 "Organization 1 - Name", "Organization 1 - Title", "E-mail 1 - Value", "Phone 1 - Value",
                 "Labels"]
FIELD_LIMIT = 128 * 1024  # the csv module's own limit, named so the answer can say it


def _norm(header: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", header.replace("_", " ").casefold()).split())


class Columns:
    """Which column holds what: single fields, every e-mail/phone column, typed address groups."""

    def __init__(self, header: list[str]):
        self.single: dict[str, str] = {}
        self.multi: dict[str, list[str]] = {"email": [], "phone": []}
        self.typed: dict[str, dict[str, str]] = {}  # Google's "Address N - ...": {"type": col, "city": col}
        self.unknown: list[str] = []
        norms = {_norm(c) for c in header}
        for col in header:
            n = _norm(col)
            field = _BY_ALIAS.get(n)
            if n == "title" and ("job title" in norms or "organization 1 title" in norms):
                field = "prefix"  # Outlook: "Title" is Mr./Ms., "Job Title" the job
            if (m := _TYPED_ADDRESS.match(n)) is not None:
                part = "type" if m.group(2) in ("type", "label") else m.group(2)
                self.typed.setdefault(m.group(1), {}).setdefault(part, col)
            elif field and field not in self.single:
                self.single[field] = col
            elif not field and (kind := next((k for k, rx in _MULTI.items() if rx.match(n)), None)):
                self.multi[kind].append(col)
            elif not field and col.strip():
                self.unknown.append(col.strip())

    def has_any(self) -> bool:
        return bool({"name", "given", "family", "nickname", "employer"} & set(self.single)
                    or any(self.multi.values()))


def columns(header: list[str]) -> tuple[dict[str, str], list[str]]:
    """({field: column}, columns not recognised). The first column for a field wins."""
    c = Columns(header)
    return c.single, c.unknown


def parse(text: str) -> tuple[list[Entry], list[Problem], list[Problem], list[str]]:
    """(entries, skipped rows, warnings about single cells, columns not recognised)."""
    entries: list[Entry] = []
    skipped: list[Problem] = []
    warnings: list[Problem] = []
    end = 0
    try:
        reader, first = _reader(text)
        header = reader.fieldnames or []
        cols = Columns(list(header))
        if not cols.has_any():
            skipped.append(Problem(1, "no name column in the header (expected e.g. Name, First Name, Last Name)"))
            return entries, skipped, warnings, cols.unknown
        end = first + reader.line_num
        for row in reader:
            line, end = end + 1, first + reader.line_num
            if _EXTRA in row:
                cells = len(header) + len(row[_EXTRA])
                skipped.append(Problem(line, f"{plural(cells, 'cell')} for {plural(len(header), 'column')}"))
                continue
            entry = _entry(row, cols, line, skipped, warnings)
            if entry is not None:
                entries.append(entry)
    except csv.Error as err:
        where = f"line {end + 1}"
        if "field larger than field limit" in str(err):
            raise ImportFileError(
                f"Near {where} a cell is longer than {FIELD_LIMIT // 1024} KB, nearly always a quote (\") that "
                "is opened and never closed, so the rest of the file runs into one cell. Open the file in a "
                "spreadsheet, fix that line, save it as CSV and send it again; nothing was imported.") from err
        raise ImportFileError(f"I can't read this CSV near {where} ({err}). Open it in a spreadsheet, save it "
                              "again as CSV and send it again; nothing was imported.") from err
    return entries, skipped, warnings, cols.unknown


def _reader(text: str) -> tuple[csv.DictReader[str], int]:
    """(a reader at the header row, lines before it). The header is the first line, unless lines
    come before it that name no column we know: LinkedIn's "Notes:" preamble, Excel's "sep=;"."""
    lines = text.split("\n", 10)
    first = 0
    for n, line in enumerate(lines[:10]):
        if Columns(next(csv.reader([line], dialect=_dialect(line)), [])).has_any():
            first = n
            break
    rest = text.split("\n", first)[-1] if first else text
    return csv.DictReader(io.StringIO(rest, newline=""), dialect=_dialect(rest), restkey=_EXTRA), first


def _cell(row: dict[str, str], col: str | None) -> str:
    return " ".join((row.get(col) or "").split()) if col else ""


def _entry(row: dict[str, str], cols: Columns, line: int, skipped: list[Problem], warnings: list[Problem]) -> Entry | None:
    cell = {f: _cell(row, col) for f, col in cols.single.items()}
    multi = {k: list(dict.fromkeys(v.strip() for col in cs for v in _cell(row, col).split(_GOOGLE_SEPARATOR)
                                   if v.strip())) for k, cs in cols.multi.items()}
    typed = {n: {part: _cell(row, col) for part, col in g.items()} for n, g in cols.typed.items()}
    if not any(cell.values()) and not any(multi.values()) and not any(v for g in typed.values() for v in g.values()):
        return None  # a blank line
    name, name_facts = person_name(cell.get("name", ""), *(cell.get(f, "") for f in ("prefix", "given", "middle",
                                                                                     "family", "suffix")))
    if not name:
        for what, value in (("nickname", cell.get("nickname", "")), ("company", cell.get("employer", "")),
                            ("e-mail", multi["email"][0] if multi["email"] else ""),
                            ("phone number", multi["phone"][0] if multi["phone"] else "")):
            if value:
                name = value
                warnings.append(Problem(line, f"a row without a name: saved as {name!r}, from its {what}"))
                break
        else:
            skipped.append(Problem(line, "a row without a name"))
            return None
    entry = Entry(name=name, line=line)
    entry.facts.update(name_facts)
    for kind in _PLAIN:
        if cell.get(kind):
            entry.facts[kind] = cell[kind]
    for kind in ("email", "phone"):
        if multi[kind]:
            entry.facts[kind] = MULTI.join(multi[kind])
    home = _place(cell, "home")
    work = _place(cell, "work")
    for g in (typed[n] for n in sorted(typed, key=int)):
        place = g.get("city") or g.get("region") or g.get("country") or ""
        if "work" in g.get("type", "").casefold() or "business" in g.get("type", "").casefold():
            work = work or place
        else:
            home = home or place
    if home:
        entry.facts["city"] = home
    if work:
        entry.facts["work_city"] = work
    raw_birthday = cell.get("birthday") or _birth_parts(cell)
    if raw_birthday and raw_birthday not in _NO_DATE:
        birthday = parse_birthday(raw_birthday)
        if birthday:
            entry.facts["birthday"] = birthday
        else:
            warnings.append(Problem(line, f"{name}: birthday {raw_birthday!r} not understood, left out"))
    note = (row.get(cols.single["notes"]) or "").strip() if "notes" in cols.single else ""
    if note:
        entry.notes.append(note)
    if cell.get("labels"):  # Google: "climbing ::: * myContacts"; others: "climbing, work" / "climbing; work"
        raw = cell["labels"]
        entry.tags = labels(raw.split(":::") if ":::" in raw else re.split(r"[;,]", raw))
    return entry


_NO_DATE = {"0/0/00", "00/00/00", "0/0/0000", "00.00.00"}  # what Outlook writes for "no birthday"


def _place(cell: dict[str, str], which: str) -> str:
    return cell.get(f"{which} city") or cell.get(f"{which} region") or cell.get(f"{which} country") or ""


def _birth_parts(cell: dict[str, str]) -> str:
    """Thunderbird's Birth Year / Birth Month / Birth Day as one date."""
    y, m, d = (cell.get(f"birth_{p}", "") for p in ("year", "month", "day"))
    if m.isdigit() and d.isdigit():
        return f"{int(y):04d}-{int(m):02d}-{int(d):02d}" if y.isdigit() else f"--{int(m):02d}-{int(d):02d}"
    return ""


def _dialect(text: str) -> type[csv.Dialect]:
    """The delimiter from the header line (',', ';' or tab); quoting always as spreadsheets write it
    (a header has no quotes to learn from, and a guess of no doubled quotes breaks every '""')."""
    try:
        delimiter = csv.Sniffer().sniff(text[:4096].split("\n", 1)[0], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    return type("Sniffed", (csv.excel,), {"delimiter": delimiter})


def write(people: list[AddressCard]) -> str:
    """CSV in Google Contacts' column names, for people {"name", "facts", "notes"}."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(EXPORT_HEADER + [KINDS[k].csv[0].title() for k in _EXTRA_PLAIN])
    for p in people:
        f = p.get("facts", {})
        parts = p["name"].split()
        given, family = (" ".join(parts[:-1]), parts[-1]) if len(parts) > 1 else (p["name"], "")
        b = f.get("birthday", "")
        home, work = f.get("city", ""), f.get("work_city", "")
        w.writerow([p["name"], f.get("name_prefix", ""), given, f.get("middle_name", ""), family,
                    f.get("name_suffix", ""), f.get("nickname", ""), b if len(b) != 5 else f"--{b}",
                    "\n".join(p.get("notes", [])), "Home" if home else "", home, "Work" if work else "", work,
                    f.get("employer", ""), f.get("title", ""),
                    *(_GOOGLE_SEPARATOR.join(f.get(k, "").split(MULTI)) if f.get(k) else "" for k in ("email", "phone")),
                    _GOOGLE_SEPARATOR.join(p.get("tags", [])), *(f.get(k, "") for k in _EXTRA_PLAIN)])
    return out.getvalue()
