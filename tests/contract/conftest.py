"""Fixtures of the contract suite: every test runs once per storage backend.

`store` is a store of the backend under test on fresh, empty data; `backend` opens more stores
on the same data (`await backend.open()`: a second worker). Tests talk to stores only through
the methods of core/repositories.py and core types, never through SQL, so one test states what
every backend must do. The PostgreSQL server is started once per session (tests/pg_server.py)
and stopped at its end; each test gets a database of its own.
"""

from __future__ import annotations

import pytest

from tests import pg_server
from tests.contract.backends import BACKENDS, Backend


@pytest.fixture(scope="session", autouse=True)
def _stop_postgres_at_the_end():
    yield
    pg_server.stop()


@pytest.fixture(params=BACKENDS)
async def backend(request, tmp_path):
    b = await Backend.make(request.param, tmp_path)
    yield b
    await b.close()


@pytest.fixture
async def store(backend: Backend):
    return await backend.open()


@pytest.fixture
def postgres_url() -> str:
    """The URL of a fresh, empty database on the session's PostgreSQL server."""
    return pg_server.postgres_url_or_skip()

