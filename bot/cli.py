"""The `memoro` command line.

    memoro chat                  talk to Memoro in this terminal (the default of `make run`)
    memoro run                   start Telegram/Discord for each configured token, with nudges
    memoro replay [--data-dir DIR] FILE   play a conversation scenario, print JSON lines
    memoro reindex               rebuild the vector index from SQLite
    memoro import FILE [--dry-run] [--owner KEY]           vCard, CSV or a Memoro JSON export
    memoro export [--format json|vcf|csv|ics] [--owner KEY] [-o FILE]
    memoro mcp [--owner KEY] [--allow-writes]   one address book for AI assistants (MCP, stdio)
    memoro sync carddav URL [--user U] [--owner KEY] [--dry-run]   two-way sync with a CardDAV address book
    memoro backup [DEST]         a consistent copy of the database while the bot runs
    memoro doctor                check configuration, model files, database and index
    memoro parse [--owner KEY] [--tz ZONE]   messages on stdin -> what each was understood as (JSON lines)
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path

from core.errors import MemoroError

DESCRIPTION = """Memoro: a personal CRM you simply text.
Tell it about the people you meet ("had coffee with Sam Lee, his birthday is March 3"),
ask about them later ("what's new with Sam?"), and get birthday and keep-in-touch nudges.
Data lives in MEMORO_DATA_DIR (default ./data): a SQLite file and an embedded Chroma index."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="memoro", description=DESCRIPTION,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data-dir", help="where the data lives (overrides MEMORO_DATA_DIR)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    chat = sub.add_parser("chat", help="talk to Memoro in this terminal")
    chat.add_argument("--user", help="your name in the address book (default: your login)")
    sub.add_parser("run", help="run the Telegram and/or Discord bots configured by tokens, with nudges")
    rp = sub.add_parser("replay", help="play a conversation scenario file and print JSON lines")
    rp.add_argument("--data-dir", dest="sub_data_dir", help="data directory for this replay")
    rp.add_argument("file", type=Path)
    sub.add_parser("reindex", help="rebuild the vector index from the SQLite database")
    owner_help = "whose address book: an owner key such as telegram:12345 (default: the console's, console:LOGIN)"
    imp = sub.add_parser("import", help="import contacts from a vCard (.vcf), CSV or Memoro JSON file")
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="show what would be created and merged; save nothing")
    imp.add_argument("--owner", help=owner_help)
    exp = sub.add_parser("export", help="export an address book as JSON (everything), vCard, CSV or iCalendar")
    exp.add_argument("--format", choices=("json", "vcf", "csv", "ics"), default="json",
                     help="ics: birthdays and keep-in-touch dates for a calendar")
    exp.add_argument("--owner", help=owner_help)
    exp.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    bk = sub.add_parser("backup", help="copy the SQLite database consistently, even while the bot runs")
    bk.add_argument("dest", nargs="?", type=Path, help="file or folder (default: DATA_DIR/backups/)")
    mcp = sub.add_parser("mcp", help="serve one address book to AI assistants (Model Context Protocol, stdio)")
    mcp.add_argument("--owner", help=owner_help)
    mcp.add_argument("--data-dir", dest="sub_data_dir", metavar="DIR", help="data directory (overrides MEMORO_DATA_DIR)")
    mcp.add_argument("--allow-writes", action="store_true", help="also offer a tool that logs a note")
    sy = sub.add_parser("sync", help="sync an address book with a server (CardDAV)")
    cd = sy.add_subparsers(dest="service", metavar="SERVICE", required=True).add_parser(
        "carddav", help="pull contacts from a CardDAV address book and push back the people Memoro learned; "
                        "password from MEMORO_CARDDAV_PASSWORD (never deletes anything on the server)",
        allow_abbrev=False)  # no --password taken for --password-file
    cd.add_argument("url", help="the address book's URL, or the server's or your principal's (it is found)")
    cd.add_argument("--user", help="user name on the server (default: MEMORO_CARDDAV_USER)")
    cd.add_argument("--password-file", type=Path, help="read the password from this file's first line "
                                                       "(default: MEMORO_CARDDAV_PASSWORD, else asked)")
    cd.add_argument("--owner", help=owner_help)
    cd.add_argument("--dry-run", action="store_true", help="show what would be pulled and pushed; change nothing")
    sub.add_parser("doctor", help="check configuration, tokens, model files, database and vector index")
    pa = sub.add_parser("parse", help="read messages on stdin, print what each was understood as (JSON lines)")
    pa.add_argument("--data-dir", dest="sub_data_dir", help="use this data directory's address book")
    pa.add_argument("--owner", help="use this owner's address book, e.g. telegram:12345 (default: the console's)")
    pa.add_argument("--tz", help="time zone of 'now' (default: the owner's, else UTC)")
    return p


def _settings(args):
    from core.settings import Settings

    data_dir = getattr(args, "sub_data_dir", None) or args.data_dir
    if data_dir:
        os.environ["MEMORO_DATA_DIR"] = data_dir
    return Settings()


def _logging(settings) -> None:
    from bot.logs import setup

    setup(settings)


async def _reindex(settings) -> int:
    from bot.wiring import engine_from

    async with engine_from(settings) as engine:
        return await engine.indexer.rebuild()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "chat"
    if command == "doctor":  # before the settings load: a bad setting is one of the things it reports
        from bot.doctor import doctor

        return doctor(lambda: _settings(args))
    try:
        settings = _settings(args)
        _logging(settings)
        if command == "replay":
            from bot.replay import replay

            logging.getLogger().setLevel(logging.WARNING)
            asyncio.run(replay(args.file, settings))
        elif command == "reindex":
            from core.format import plural

            print(f"Reindexed {plural(asyncio.run(_reindex(settings)), 'note')}.")
        elif command in ("import", "export"):
            from bot import transfer
            from bot.console import console_owner

            owner = args.owner or console_owner()
            if command == "import":
                return asyncio.run(transfer.import_file(settings, args.file, owner, dry_run=args.dry_run))
            return asyncio.run(transfer.export_file(settings, owner, args.format, args.output))
        elif command == "mcp":
            from bot.console import console_owner
            from bot.mcp_server import serve

            return asyncio.run(serve(settings, args.owner or console_owner(), allow_writes=args.allow_writes))
        elif command == "sync":
            from bot.carddav_command import sync_carddav
            from bot.console import console_owner

            return asyncio.run(sync_carddav(settings, args.url, args.owner or console_owner(), user=args.user,
                                            password_file=args.password_file, dry_run=args.dry_run))
        elif command == "parse":
            from bot.parse import parse

            logging.getLogger().setLevel(logging.WARNING)
            use_book = bool(args.owner or args.data_dir or getattr(args, "sub_data_dir", None))
            return asyncio.run(parse(settings, owner=args.owner, use_book=use_book, tz=args.tz))
        elif command == "backup":
            from bot.backup import backup

            print(f"Backed up {settings.db_path} to {backup(settings, args.dest)}.")
        elif command == "run":
            from bot.run import run

            return asyncio.run(run(settings))
        else:
            from bot.console import chat, quiet_logs
            from bot.wiring import engine_from

            quiet_logs()  # keep the conversation readable

            async def _chat():
                async with engine_from(settings) as engine:
                    await chat(engine, user=getattr(args, "user", None), files_dir=settings.data_dir / "exports")

            asyncio.run(_chat())
    except MemoroError as err:
        print(f"memoro: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
