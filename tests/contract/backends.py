"""The storage backends the contract suite runs against, and how a test opens stores on each.

A backend is a name and a place: a SQLite file, or a fresh PostgreSQL database on the server the
tests start (tests/pg_server.py). `Backend.open()` opens a store there; called twice it gives two
stores on the same data, as two worker processes would have, which is how the suite tests that
claims and presses hold across stores, not only across tasks. The PostgreSQL store is looked up
by importing `storage.postgres`; until that package exists its tests are skipped ("postgres
backend not built yet"), and only then: once it exists, a server that cannot start is a failure.
"""

from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests import pg_server

BACKENDS = ("sqlite", "postgres")
NOT_BUILT = "postgres backend not built yet"


def _postgres_opener():
    """The PostgreSQL store's `open(url)`: the store factory if there is one, else the store
    class of `storage.postgres`. Skips the test when the backend does not exist yet."""
    try:
        package = importlib.import_module("storage.postgres")
    except ImportError as err:
        if err.name != "storage.postgres":
            raise  # the backend exists but something it imports is missing: a real failure
        pytest.skip(NOT_BUILT)
    try:
        factory = importlib.import_module("storage.factory")
    except ImportError:
        factory = None
    if factory is not None and hasattr(factory, "open_store"):
        return factory.open_store
    for value in vars(package).values():
        if inspect.isclass(value) and hasattr(value, "open") and hasattr(value, "transaction"):
            return value.open
    raise AssertionError("storage.postgres has no store class with open() and transaction()")


_template: dict[str, str] = {}  # the session's migrated PostgreSQL database, copied for each test


async def _postgres_database(opener) -> str:
    """A fresh PostgreSQL database with the store's schema: a copy of one the store migrated once
    this session (copying takes a tenth of the time of migrating; each open still checks them)."""
    if "name" not in _template:
        url = pg_server.postgres_url_or_skip("contract_template")
        store = await opener(url)  # the store's own migrations, applied on open
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
        opener = _postgres_opener()  # skips before a server is started for nothing
        backend = cls(name, await _postgres_database(opener))
        backend._opener = opener
        return backend

    async def open(self):
        """A store on this backend's data (each call a new store: a second worker)."""
        if self.name == "sqlite":
            from storage.sqlite import SqliteStore

            store = await SqliteStore.open(self.where)
        else:
            store = await self._opener(self.where)
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
