"""Which store a process opens: SQLite under the data directory unless a database URL says otherwise.

`MEMORO_DATABASE_URL=postgresql://user:pass@host/db` opens the PostgreSQL store (the `postgres`
extra, asyncpg, imported only then); no URL, or a `sqlite:///path` one, opens the embedded SQLite
file. Both implement core/repositories.py's `Store`, so the caller cannot tell them apart.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.repositories import Store

logger = logging.getLogger(__name__)

POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+asyncpg")


def is_postgres(url: str | None) -> bool:
    return bool(url) and str(url).split("://", 1)[0].lower() in POSTGRES_SCHEMES


def database_url(settings: Any) -> str | None:
    """The configured URL (a SecretStr in Settings: it may hold a password), or None."""
    url = getattr(settings, "database_url", None)
    if url is not None and hasattr(url, "get_secret_value"):
        url = url.get_secret_value()
    return url or None


async def open_store_url(url: str | Path) -> Store:
    """Open the store a URL names: postgresql://..., sqlite:///path, or a plain file path."""
    text = str(url)
    if is_postgres(text):
        try:
            from storage.postgres.store import PostgresStore
        except ImportError as e:  # asyncpg missing
            raise RuntimeError("MEMORO_DATABASE_URL is a PostgreSQL URL, but the PostgreSQL driver is not "
                               "installed: pip install 'memoro[postgres]'") from e
        logger.info("store: PostgreSQL")
        return await PostgresStore.open(text)
    from storage.sqlite import SqliteStore

    path = text.removeprefix("sqlite:///") if text.startswith("sqlite:///") else text
    if "://" in path:
        raise ValueError(f"unknown database URL scheme: {text.split('://', 1)[0]}:// (postgresql:// or sqlite:///)")
    return await SqliteStore.open(path)  # type: ignore[return-value, unused-ignore]


async def open_store(settings: Any) -> Store:
    """The store `settings` ask for: MEMORO_DATABASE_URL if set, else SQLite under MEMORO_DATA_DIR.
    A URL or a path is accepted in place of settings (as `open_store_url`)."""
    if isinstance(settings, (str, Path)):
        return await open_store_url(settings)
    url = database_url(settings)
    return await open_store_url(url if url else settings.db_path)
