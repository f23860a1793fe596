"""The storage backends the contract suite runs against, and how a test opens stores on each.

A backend is a name and a place: a SQLite file, or a fresh PostgreSQL database on the server the
tests start (tests/pg_server.py); stores are opened through storage/factory.py, the same registry
the bot uses (`MEMORO_DATABASE_URL`). `Backend.open()` opens a store there; called twice it gives two
stores on the same data, as two worker processes would have, which is how the suite tests that
claims and presses hold across stores, not only across tasks. Were `storage.postgres` missing, its
tests would be skipped ("postgres backend not built yet"), and only then: with the backend there,
a server that cannot start is a failure.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests import pg_server

BACKENDS = ("sqlite", "postgres")
NOT_BUILT = "postgres backend not built yet"


def _require_postgres() -> None:
    """Skip the test when the PostgreSQL backend does not exist (only then)."""
    try:
        importlib.import_module("storage.postgres")
    except ImportError as err:
        if err.name != "storage.postgres":
            raise  # the backend exists but something it imports is missing: a real failure
        pytest.skip(NOT_BUILT)


async def _open(where: str):
    """The registry: storage/factory.py opens whichever store a URL or path names."""
    from storage import factory

    return await factory.open_store_url(where)


_template: dict[str, str] = {}  # the session's migrated PostgreSQL database, copied for each test


async def _postgres_database() -> str:
    """A fresh PostgreSQL database with the store's schema: a copy of one the store migrated once
    this session (a copy takes a fraction of the time of migrating; each open still checks them)."""
    if "name" not in _template:
        url = pg_server.postgres_url_or_skip("contract_template")
        store = await _open(url)  # the store's own migrations, applied on open
        await store.close()
        _template["name"] = pg_server.database_name(url)
    return pg_server.postgres_url_or_skip("contract", template=_template["name"])


@dataclass
class Backend:
    name: str
    where: str = ""
    opened: list[Any] = field(default_factory=list)

    @classmethod
    async def make(cls, name: str, tmp_path: Path) -> Backend:
        if name == "sqlite":
            return cls(name, str(tmp_path / "memoro.sqlite3"))
        _require_postgres()  # skips before a server is started for nothing
        return cls(name, await _postgres_database())

    async def open(self):
        """A store on this backend's data (each call a new store: a second worker)."""
        store = await _open(self.where)
        self.opened.append(store)
        return store

    async def shut(self, store) -> None:
        """Close one store (a worker stopping, or dying: nothing it had not committed stays)."""
        self.opened.remove(store)
        await store.close()

    async def close(self) -> None:
        while self.opened:
            await self.shut(self.opened[-1])
        if self.name == "postgres":
            pg_server.drop_database(self.where)
