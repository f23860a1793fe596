"""A real PostgreSQL server for the tests, started by the tests themselves.

The server comes from the `pgserver` wheel (PostgreSQL's own binaries inside a pip package, in
the dev extras), so a fresh machine gets it from `make test` with nothing else installed. It is
started once per test process, lazily, by the first test that asks for a database: `initdb` in a
temporary directory, listening on a unix socket in that directory only (no TCP port to collide
with anything), durability switched off (fsync, full-page writes: a test database is thrown
away). PostgreSQL refuses to run as root; pgserver then runs it as a system user of its own
(`pgserver`, created with useradd on first use), which is how CI, running as root, gets one.
The server is stopped and its directory removed when the process exits.

Each caller gets a database of its own: `new_database()` creates an empty one and returns its URL
(`postgresql://postgres@/<name>?host=<socket dir>`), which psycopg, asyncpg and libpq all read.
Administrative statements go through the bundled `psql`, so this module needs no driver.

If the server cannot be started the PostgreSQL tests fail with a plain message saying why, since
CI must run them; with MEMORO_SKIP_POSTGRES=1 they are skipped with that reason instead.
`postgres_url_or_skip()` does that for any test or fixture (tests/contract/conftest.py wraps it
in the `postgres_url` fixture):

    url = postgres_url_or_skip()          # a fresh, empty database on the session's server
"""

from __future__ import annotations

import itertools
import logging
import os
import shutil
import subprocess
import tempfile
import threading
import warnings
from pathlib import Path

import pytest

logger = logging.getLogger(__name__)

SKIP_ENV = "MEMORO_SKIP_POSTGRES"
# settings for a throw-away server: nothing here needs to survive a power cut
_FAST = {"fsync": "off", "full_page_writes": "off", "synchronous_commit": "off"}


class PostgresUnavailable(RuntimeError):
    """The test PostgreSQL server could not be started (the message says why)."""


class TestServer:
    """One PostgreSQL server in a temporary directory, and the databases made on it."""

    __test__ = False  # not a test class, whatever its name

    def __init__(self) -> None:
        self._server = None
        self._dir: Path | None = None
        self._names = itertools.count(1)
        self._lock = threading.Lock()

    def start(self) -> None:
        try:
            with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset
                warnings.simplefilter("ignore")
                import pgserver
        except ImportError as err:
            raise PostgresUnavailable(f"the pgserver package is not installed ({err}); "
                                      "`pip install -e '.[dev]'` (or `make test`) installs it") from err
        self._dir = Path(tempfile.mkdtemp(prefix="memoro-pg-"))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._server = pgserver.get_server(self._dir / "data", cleanup_mode="delete")
        except (OSError, subprocess.SubprocessError, AssertionError) as err:
            log = self._dir / "data" / "log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else "(no server log)"
            shutil.rmtree(self._dir, ignore_errors=True)
            raise PostgresUnavailable(f"the PostgreSQL server did not start: {type(err).__name__}: {err}\n"
                                      f"server log:\n{tail}") from err
        for name, value in _FAST.items():
            self.sql(f"ALTER SYSTEM SET {name} = '{value}'")
        self.sql("SELECT pg_reload_conf()")
        logger.info("test PostgreSQL server up in %s", self._dir)

    @property
    def url(self) -> str:
        """The URL of the server's `postgres` database (administrative use)."""
        assert self._server is not None
        return self._server.get_uri()

    def database_url(self, name: str) -> str:
        info = self._server.get_postmaster_info()
        return f"postgresql://postgres@/{name}?host={info.socket_dir}"

    def sql(self, statement: str, database: str = "postgres") -> str:
        """Run one statement with the bundled psql; returns its unaligned output."""
        from pgserver import _commands

        info = self._server.get_postmaster_info()
        proc = subprocess.run(
            [str(_commands.POSTGRES_BIN_PATH / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
             "-h", str(info.socket_dir), "-U", "postgres", "-d", database, "-c", statement],
            capture_output=True, text=True, timeout=60)
        if proc.returncode:
            raise PostgresUnavailable(f"psql failed on {statement!r}: {proc.stderr.strip()}")
        return proc.stdout

    def new_database(self, prefix: str = "memoro_test", template: str | None = None) -> str:
        """Create an empty database (or a copy of `template`) and return its URL."""
        with self._lock:
            name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        copy = f" TEMPLATE {template} STRATEGY FILE_COPY" if template else ""
        self.sql(f"CREATE DATABASE {name}{copy}")
        return self.database_url(name)

    def stop(self) -> None:
        if self._server is not None:
            self._server.cleanup()
            self._server = None
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None


_server: TestServer | None = None
_failure: str | None = None
_start_lock = threading.Lock()


def server() -> TestServer:
    """The process's test server, started on first use; raises PostgresUnavailable (every time
    after a failed start, without trying again)."""
    global _server, _failure
    with _start_lock:
        if _failure is not None:
            raise PostgresUnavailable(_failure)
        if _server is None:
            candidate = TestServer()
            try:
                candidate.start()
            except PostgresUnavailable as err:
                _failure = str(err)
                raise
            _server = candidate
    return _server


def new_database(prefix: str = "memoro_test") -> str:
    """A fresh, empty database on the test server; its URL. Raises PostgresUnavailable."""
    return server().new_database(prefix)


def postgres_url_or_skip(prefix: str = "memoro_test") -> str:
    """A fresh database's URL for a test; if no server can be started the test fails saying why,
    or, with MEMORO_SKIP_POSTGRES=1, is skipped saying why."""
    try:
        return new_database(prefix)
    except PostgresUnavailable as err:
        reason = f"no PostgreSQL server for the tests: {err}"
        if os.environ.get(SKIP_ENV) == "1":
            pytest.skip(f"{reason} ({SKIP_ENV}=1)")
        pytest.fail(f"{reason}\n(set {SKIP_ENV}=1 to skip the PostgreSQL tests instead)", pytrace=False)


def stop() -> None:
    """Stop the test server if one was started (also done at process exit)."""
    global _server
    if _server is not None:
        _server.stop()
        _server = None
