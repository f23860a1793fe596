"""Importing an address book: vCard, CSV, or a Memoro JSON export, from the CLI or a chat.

    bytes -> entries (core/vcard.py reads the bytes, each field may name its charset;
             core/csvio.py the decoded text) or a restore (core/restore.py)
          -> one entry per name (entries.merge_same_names)
          -> match each person to the owner's people by name -> write -> Report

Matching is explicit and simple: an entry whose name equals an existing person's (case- and
accent-insensitively) is merged into that person; a name two people share is skipped and
reported rather than guessed; any other name is a new person. Facts go through `add_fact`,
so an imported birthday or city is versioned like one learned in conversation (and a value
already there is not written again); notes go through `add_note`, so they reach the vector
outbox. Importing the same file twice therefore changes nothing the second time.

Reading and writing are two phases. Decoding, parsing and checking every record (a 100,000-card
vCard file, a 13 MB export) run off the event loop (a thread for a small file, a worker process
for a large one), so other users' messages are answered meanwhile, and a malformed record is
found before anything is written. The writes
are one unit of work run in steps (`store.staged()`, a checkpoint after each person): other
users' writes and the nudge tick get in between the steps, and if the import
fails anywhere (a disk error, a cancelled task, a crash) every step is undone, so a failed
import leaves nothing behind and its reply says so. A dry run does the same writes and then
undoes them, so what it reports is exactly what a real run would do. Every write carries
`source`, the message that asked for the import, so `/undo` reverts it.
"""

from __future__ import annotations

import asyncio
import codecs
import json
import logging
import multiprocessing
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePath
from typing import TYPE_CHECKING

from core import csvio, vcard
from core import format as fmt
from core.entries import Entry, ImportFileError, Problem, merge_same_names
from core.records import Contact
from core.repositories import Store
from core.understand.names import fold

if TYPE_CHECKING:  # core.restore loads pydantic models: only for a JSON file
    from core.restore import Export

logger = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
Step = Callable[[], Awaitable[None]]
MAX_BYTES = 20 * 1024 * 1024
PROCESS_BYTES = 512 * 1024  # files at least this big are read in a worker process
_pool: ProcessPoolExecutor | None = None


class ImportUndone(ImportFileError):
    """The writes of an import failed partway and were undone."""


@dataclass
class Report:
    source: str
    kind: str
    dry_run: bool = False
    created: list[str] = field(default_factory=list)
    merged: list[tuple[str, list[str]]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    added: dict[str, int] = field(default_factory=dict)  # a JSON restore: rows added per table

    def text(self, limit: int = 15) -> str:
        head = f"Import of {self.source} ({self.kind})"
        lines = [head + (" — dry run, nothing was saved:" if self.dry_run else ":")]

        def names(items: list[str]) -> str:
            more = f" and {len(items) - limit} more" if len(items) > limit else ""
            return ", ".join(items[:limit]) + more

        lines.append(f"• {len(self.created)} new: {names(self.created)}" if self.created else "• 0 new")
        if self.merged:
            lines.append(f"• {len(self.merged)} merged into people you have: "
                         + names([f"{n} (+ {', '.join(what)})" for n, what in self.merged]))
        if self.unchanged:
            lines.append(f"• {len(self.unchanged)} already up to date: {names(self.unchanged)}")
        if self.added:
            added = [fmt.plural(n, k.removesuffix("s"), k) for k, n in self.added.items() if n]
            lines.append("• added: " + ", ".join(added) if added else "• nothing else to add")
        if self.skipped:
            lines.append(f"• {len(self.skipped)} skipped:")
            lines += [f"  {_where(p)}{p.text}" for p in self.skipped[:limit]]
        if self.warnings:
            lines.append(f"• {fmt.plural(len(self.warnings), 'warning')}:")
            lines += [f"  {_where(p)}{p.text}" for p in self.warnings[:limit]]
        if self.unknown_columns:
            lines.append("• columns not imported: " + names(self.unknown_columns))
        return "\n".join(lines)


def _where(p: Problem) -> str:
    return f"line {p.line}: " if p.line else ""


def decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ImportFileError(f"That file is {len(data) // 1_000_000} MB; I import files up to "
                           f"{MAX_BYTES // 1_000_000} MB.")
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):  # what Windows programs call "Unicode"
            return data.decode(enc, errors="replace")
    if b"\0" in data[:4096]:
        raise ImportFileError("That file is not text: send a .vcf (vCard), .csv or Memoro .json export.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # spreadsheets saved on Windows


def detect(name: str, text: str) -> str:
    """'vcf', 'csv' or 'json', by extension first and then by content."""
    ext = PurePath(name).suffix.lower()
    if ext in (".vcf", ".vcard"):
        return "vcf"
    if ext in (".csv", ".tsv", ".json"):
        return ext[1:].replace("tsv", "csv")
    start = text.lstrip()[:200]
    if start.upper().startswith("BEGIN:VCARD"):
        return "vcf"
    if start.startswith("{"):
        return "json"
    if "," in start or ";" in start or "\t" in start:
        return "csv"
    raise ImportFileError(f"I can't tell what kind of file {name} is: send a .vcf (vCard), .csv or Memoro .json.")


@dataclass
class _Parsed:
    kind: str
    report: Report
    entries: list[Entry] = field(default_factory=list)
    export: Export | None = None  # for a JSON restore


def read(name: str, data: bytes, dry_run: bool = False) -> _Parsed:
    """Decode, detect, parse and check the whole file; writes nothing (run it in a thread)."""
    text = decode(data)
    if not text.strip():
        raise ImportFileError(f"{name} is empty.")
    kind = detect(name, text)
    parsed = _Parsed(kind, Report(source=PurePath(name).name, kind=kind, dry_run=dry_run))
    report = parsed.report
    if kind == "json":
        from core.restore import validate

        try:
            doc = json.loads(text)
        except json.JSONDecodeError as err:
            raise ImportFileError(f"{name} is not valid JSON (line {err.lineno}: {err.msg}).") from err
        except RecursionError as err:
            raise ImportFileError(f"{name} is nested too deeply to be a Memoro export (lists or objects "
                                  "inside each other thousands of levels down). Send the .json file that "
                                  "/export made, or a .vcf or .csv; nothing was imported.") from err
        parsed.export = validate(doc, report)
    else:
        if kind == "vcf":
            parsed.entries, report.skipped, report.warnings = vcard.parse(data)  # each field may name its charset
        else:
            parsed.entries, report.skipped, report.warnings, report.unknown_columns = csvio.parse(text)
        if not parsed.entries and not report.skipped:
            raise ImportFileError(f"I found no contacts in {name}.")
        parsed.entries, twice = merge_same_names(parsed.entries)
        report.warnings += twice
    return parsed


async def _read_off_loop(name: str, data: bytes, dry_run: bool) -> _Parsed:
    """`read` away from the event loop: a small file in a thread, a large one in a worker
    process, where a long parse does not compete with the replies for the GIL either."""
    global _pool
    if len(data) >= PROCESS_BYTES:
        if _pool is None:
            _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        try:
            return await asyncio.get_running_loop().run_in_executor(_pool, read, name, data, dry_run)
        except (BrokenProcessPool, RuntimeError, OSError) as err:
            # the worker died (out of memory?) or could not start (a __main__ module that runs on
            # import): read it in a thread instead
            logger.warning("no import worker process (%s); reading the %s file in a thread", type(err).__name__,
                           PurePath(name).suffix)
            _pool = None
    return await asyncio.to_thread(read, name, data, dry_run)


async def import_bytes(store: Store, owner: str, name: str, data: bytes, now: datetime, source: int | None, *,
                       dry_run: bool = False, progress: Progress | None = None) -> Report:
    """Import one file for `owner`: all of it is saved, or (on an error, or a dry run) none of it."""
    parsed = await _read_off_loop(name, data, dry_run)
    report = parsed.report
    try:
        async with store.staged(keep=not dry_run) as stage:
            if parsed.kind == "json":
                from core.restore import restore

                assert parsed.export is not None  # read() sets it for JSON
                await restore(store, owner, parsed.export, now, source, report, progress, stage.checkpoint)
            else:
                await write_entries(store, owner, parsed.entries, now, source, report, progress, stage.checkpoint)
    except ImportFileError:
        raise
    except Exception as err:  # broad on purpose: whatever stopped the writes, the stage undid them all
        logger.exception("import of a %s file for %s failed and was undone", parsed.kind, owner)
        raise ImportUndone(f"The import of {report.source} failed partway ({type(err).__name__}), so I undid it: "
                           "nothing from that file was saved. Try sending it again; if it fails again, "
                           "the file may be damaged.") from err
    return report


async def write_entries(store: Store, owner: str, entries: list[Entry], now: datetime, source: int | None,
                        report: Report, progress: Progress | None = None, step: Step | None = None) -> None:
    by_name: dict[str, list[Contact]] = {}
    for c in await store.contacts(owner):
        by_name.setdefault(fold(c.name).strip(), []).append(c)
    noted = {(cid, text) for cid, text, _, _ in await store.note_keys(owner)}
    for n, e in enumerate(entries, 1):
        found = by_name.get(fold(e.name).strip(), [])
        if len(found) > 1:
            report.skipped.append(Problem(e.line, f"{e.name}: you have {len(found)} people with this name, "
                                                  "so I can't tell which one to merge into"))
            continue
        new = not found
        contact = found[0] if found else await store.add_contact(owner, e.name, now, source)
        by_name[fold(e.name).strip()] = [contact]
        current = {} if new else await store.current_facts(owner, contact.id)
        added = []
        for kind, value in e.facts.items():
            old = current.get(kind)
            if old and (old.value == value or (kind == "birthday" and len(value) == 5 and old.value[-5:] == value)):
                continue
            await store.add_fact(owner, contact.id, kind, value, now, source)
            added.append(_fact_text(kind, value))
        for text in e.notes:
            if (contact.id, text) not in noted:
                await store.add_note(owner, contact.id, text, now.date(), "fact", now, source)
                noted.add((contact.id, text))
                added.append("a note")
        for tag in e.tags:  # groups: vCard CATEGORIES, CSV Labels
            if await store.add_tag(owner, contact.id, tag, now, source):
                added.append(f"group {tag}")
        if new:
            report.created.append(e.name)
        elif added:
            report.merged.append((contact.name, added))
        elif contact.name not in report.unchanged:
            report.unchanged.append(contact.name)
        if progress:
            progress(n, len(entries))
        if step is not None:
            await step()  # other users' writes get in here


def _fact_text(kind: str, value: str) -> str:
    if kind == "birthday":
        return f"birthday {fmt.month_day(value)}"
    if kind == "city":
        return f"lives in {value}"
    if kind == "work_city":
        return f"works in {value}"
    return f"{kind.replace('_', ' ')} {value}"
